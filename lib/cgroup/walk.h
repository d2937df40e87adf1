/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_WALK_H
#define OOMTOOL_CGROUP_WALK_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The one walker of a cgroup hierarchy, depth first, each cgroup before its children: the
 * limits listing (limits-gather.c), the kernel's OOM kill counters (oom-kills.c) and the
 * watcher's rescans (lib/watch/hierarchy.c). Internal to liboomtool.
 *
 * Each cgroup is handed over as an O_PATH descriptor of its directory (its files are opened
 * relative to it, with no open of the directory to pay) and its path as /proc/PID/cgroup
 * writes it ("/" for the root). A directory is listed only when it has subdirectories:
 * kernfs counts them in st_nlink, as find(1) relies on, so a leaf (nlink 2) costs no
 * getdents. Entries are read with getdents64 into a buffer on the stack, so that an
 * unsorted walk allocates nothing (the watcher's steady state); a sorted one (siblings in
 * name order: the listing's) keeps the names of one directory at a time.
 */

enum oomt_cgroup_walk_skip {
	OOMT_CGROUP_WALK_TOO_DEEP,    /* a subdirectory below max_depth, or too long a path */
	OOMT_CGROUP_WALK_GONE,        /* a subdirectory that could not be opened (removed) */
	OOMT_CGROUP_WALK_UNLISTED,    /* a directory whose entries could not be read */
};

struct oomt_cgroup_walk {
	size_t max_depth;             /* the deepest level visited; the start is level 0 */
	bool sorted;
	void *ctx;
	/* A cgroup, before its children: 0 to go into them, 1 to leave them out, <0 to end
	 * the walk with that value. */
	int (*enter)(void *ctx, int dfd, const char *path, size_t depth);
	/* After its children (and after enter returned 1); <0 ends the walk. NULL: none. */
	int (*leave)(void *ctx, const char *path, size_t depth);
	/* What was passed over, one call each. NULL: not counted. */
	void (*skipped)(void *ctx, enum oomt_cgroup_walk_skip why);
};

/* Walk from the cgroup at PATH ("/" for the whole hierarchy; no "..") of the hierarchy
 * whose root directory is ROOT_DFD. 0; -EINVAL for such a path, the -errno of opening it
 * (-ENOENT, -ENOTDIR), -ENOMEM (sorted), or what enter or leave ended the walk with. */
int oomt_cgroup_walk(int root_dfd, const char *path, const struct oomt_cgroup_walk *w);

#endif
