/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_OOM_KILLS_H
#define OOMTOOL_CGROUP_OOM_KILLS_H

/*
 * The kernel's OOM kill counters of every memory cgroup, for the scan's accounting of this
 * boot's kills (lib/scan/accounting.c). Internal to liboomtool.
 *
 * The kernel counts a kill in the victim's memory cgroup (memcg_memory_event_mm() in
 * __oom_kill_process(), next to the OOM_KILL count of /proc/vmstat), global OOM kills
 * included:
 *   v1  memory.oom_control "oom_kill" (4.13+): the cgroup's own processes.
 *   v2  memory.events "oom_kill" (4.13+): its own processes before 5.2; from 5.2 also every
 *       descendant's, removed ones included (unless cgroup2 is mounted with
 *       memory_localevents); memory.events.local (5.2+): its own processes only.
 * The root cgroup has no counter on v2 (its kills, and those of removed top-level cgroups,
 * are only in /proc/vmstat).
 *
 * One row per cgroup stands for the kills the kernel counted there and nowhere below: the
 * own count, plus on v2 (5.2+) the kills of children that no longer exist, which only the
 * hierarchical count still holds. A logged kill is matched to the same row
 * (oomt_cgroup_oom_owner), so that the two sides compare.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/cgroup.h>

struct oomt_cgroup_oom_kills {
	char *path;                   /* "/" or "/a/b", as the kernel prints memcg paths */
	int64_t oom_kill;             /* > 0 */
};

struct oomt_cgroup_oom_table {
	enum oomt_cgroup_version version;  /* the hierarchy walked; 0 = no memory controller */
	bool rolls_up;                /* v2 counts removed children's kills in their parents */
	struct oomt_cgroup_oom_kills *rows;  /* the cgroups with kills, sorted by path */
	size_t n;
	uint64_t cgroups;             /* memory cgroups walked */
	uint64_t unreadable;          /* cgroups (or subtrees) whose counters could not be read */
};

/* Pure: the kills of one cgroup's row from its counters. events: memory.events (v2) or
 * memory.oom_control (v1) oom_kill; events_local: memory.events.local oom_kill, or
 * OOMT_UNKNOWN (v1, v2 before 5.2); children_events: the sum of its children's events.
 * With a local count, the hierarchical count minus the children's is the own kills plus
 * those of removed children (never less than the local count: memory_localevents, or a
 * child counted in between the reads); without one, events is the own count. */
int64_t oomt_cgroup_oom_kills_own(int64_t events, int64_t events_local, int64_t children_events);

/* Walks the memory hierarchy of fs (v1 when mounted, else v2), reading one or two small
 * files per cgroup through directory fds (no path lookups from the root), and fills ret.
 * 0, -ENOENT when fs has no memory hierarchy, -ENOMEM. A cgroup that cannot be read is
 * counted in unreadable and the walk goes on. */
int oomt_cgroup_oom_table_read(const struct oomt_cgroup_fs *fs, struct oomt_cgroup_oom_table *ret);
void oomt_cgroup_oom_table_done(struct oomt_cgroup_oom_table *t);

/* The row a logged kill of a process in memory cgroup path belongs to, into buf: path
 * itself when that cgroup exists; else, when t->rolls_up, its nearest ancestor that exists
 * (whose count holds the removed cgroup's kills); else path. Returns true when buf names a
 * cgroup that exists (its count was read: 0 when it has no row), false for a removed one
 * (its count is gone) or a path that cannot be a cgroup of the hierarchy. */
bool oomt_cgroup_oom_owner(const struct oomt_cgroup_fs *fs, const struct oomt_cgroup_oom_table *t,
                           const char *path, char *buf, size_t bufsz);

#endif
