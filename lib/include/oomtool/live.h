/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_LIVE_H
#define OOMTOOL_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/cgroup.h>
#include <oomtool/event.h>
#include <oomtool/model.h>

/*
 * Who the kernel would kill next: the running processes ranked by the badness model of the
 * running kernel's era (the rules a logged incident is ranked by, oomtool/model.h), for
 * each constraint: the whole machine (totalpages = MemTotal + SwapTotal) and every memory
 * cgroup, v1 or v2, near its limit (totalpages = the limit plus the swap it may use).
 *
 *   struct oomt_live *live;
 *   if (oomt_live_new(NULL, &live) == 0) {
 *           const struct oomt_model *m = oomt_live_constraint(live, 0)->model;
 *           ... m->model_victim_pid is the next victim of a machine-wide OOM ...
 *           oomt_live_free(live);
 *   }
 *
 * One pass over <sysroot>/proc (status, statm, oom_score, oom_score_adj, cgroup of every
 * process), then the memory cgroups those processes are in, then the ranking. Nothing is
 * kept open afterwards. Kernel threads and processes without memory (zombies) are never
 * candidates and get no row, as in the kernel's own task table.
 *
 * Everything the handle hands out is allocated by the library and lives until
 * oomt_live_free(): clients never allocate, copy by value or take sizeof of these structs;
 * members are only ever appended. Unknown numbers are OOMT_UNKNOWN.
 */
struct oomt_live;

/* Options (may be NULL: the live system, default threshold). */
struct oomt_live_opts {
	uint32_t struct_size;          /* the client sets sizeof(struct oomt_live_opts) */
	const char *sysroot;           /* NULL, "" or "/" = this host; else a tree holding proc/
	                                  and sys/fs/cgroup/ (fixtures, a copy of another host) */
	int64_t near_limit_permille;   /* a memory cgroup is ranked when its usage is at least
	                                  this share of its limit; 0 = 750 */
};

/* Read and rank. Returns 0, -EINVAL (opts too small, threshold out of 1..1000), -ENOMEM,
 * or the -errno of opening <sysroot>/proc or reading its meminfo (then nothing could be
 * ranked: -ENOENT, -EACCES...). Processes that exit meanwhile are counted, not errors.
 * *ret is set on success only. */
int oomt_live_new(const struct oomt_live_opts *opts, struct oomt_live **ret);
void oomt_live_free(struct oomt_live *live);

/* The machine and the kernel the ranking is for. */
struct oomt_live_system {
	const char *kernel_release;    /* <sysroot>/proc/sys/kernel/osrelease, or NULL */
	enum oomt_era era;             /* the rules ranked by (5.9+ when the release is unknown) */
	int64_t page_size;             /* this host's (oomt_page_size) */
	int64_t ram_bytes;             /* MemTotal */
	int64_t swap_bytes;            /* SwapTotal, 0 when none */
	int64_t swappiness;            /* vm.swappiness, or OOMT_UNKNOWN */
	int64_t totalpages;            /* the whole machine's T: RAM + swap, in pages */
	size_t processes;              /* processes with memory, ranked */
	size_t without_memory;         /* kernel threads and zombies: never candidates */
	size_t vanished;               /* exited while being read */
	size_t unreadable;             /* status not readable (not for lack of the process) */
};
const struct oomt_live_system *oomt_live_system(const struct oomt_live *live);

/* One running process: the row a report's task table would show for it, and what /proc
 * says beyond that. */
struct oomt_live_process {
	const struct oomt_task *task;  /* pid, tgid, uid (effective), rss_pages (statm),
	                                  swapents_pages (VmSwap), pgtables_bytes (VmPTE),
	                                  oom_score_adj, name (control bytes as '?') */
	int64_t cap_effective;         /* CapEff bits, or OOMT_UNKNOWN when status lacks it */
	int cap_sys_admin;             /* CAP_SYS_ADMIN in CapEff: 1, 0, or -1 when not shown */
	int64_t oom_score;             /* the kernel's /proc/PID/oom_score, or OOMT_UNKNOWN */
	int64_t model_oom_score;       /* ours on the kernel's scale (oomt_model_oom_score, the
	                                  whole machine's T): 0 when the kernel skips it */
	const char *memcg_v1;          /* path in the v1 memory hierarchy, or NULL */
	const char *memcg_v2;          /* path in the v2 hierarchy, or NULL */
};
size_t oomt_live_process_count(const struct oomt_live *live);
const struct oomt_live_process *oomt_live_process(const struct oomt_live *live, size_t i);
/* The process a rank of any of the constraints' models stands for. */
const struct oomt_live_process *oomt_live_rank_process(const struct oomt_live *live,
                                                       const struct oomt_rank *r);

/* One constraint: what an OOM of that scope would choose from. */
struct oomt_live_constraint {
	enum oomt_scope scope;         /* OOMT_SCOPE_GLOBAL (always first) or OOMT_SCOPE_MEMCG */
	const char *memcg;             /* the cgroup path; NULL for the whole machine */
	int cgroup_version;            /* 1 or 2; 0 for the whole machine */
	int64_t limit_bytes;           /* memory.limit_in_bytes / memory.max */
	int64_t usage_bytes;           /* memory.usage_in_bytes / memory.current */
	int64_t swap_pages;            /* the swap counted into totalpages */
	/* The ranking, as for a logged incident: era, assumptions, totalpages, ranks (rows of
	 * this constraint's processes: oomt_model_task, oomt_live_rank_process), the model's
	 * pick and, for the whole machine, the kernel's pick by its oom_score. A process the
	 * kernel skips has points OOMT_UNKNOWN (the kernel gives it no badness). */
	const struct oomt_model *model;
};
/* At least 1: the whole machine first, then the memory cgroups near their limit in the
 * order their processes were met. */
size_t oomt_live_constraint_count(const struct oomt_live *live);
const struct oomt_live_constraint *oomt_live_constraint(const struct oomt_live *live, size_t i);

#endif
