/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_MODEL_LIVE_INTERNAL_H
#define OOMTOOL_MODEL_LIVE_INTERNAL_H

/*
 * The live model's handle, shared by its two passes: gathering (live-gather.c: /proc and
 * the memory cgroups) and ranking (live.c). Internal to lib/model.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/cgroup.h>
#include <oomtool/live.h>

struct oomt_live_constraint_entry {
	struct oomt_live_constraint pub;
	struct oomt_model model;
	unsigned assume;                 /* what this constraint's totalpages assumed */
};

struct oomt_live {
	struct oomt_live_system system;
	char release[128];
	unsigned assume;                 /* what every ranking assumed (release unknown) */
	int root_bonus;                  /* the era's CAP_SYS_ADMIN bonus: 0, 3 or 30 */
	int64_t near_limit_permille;

	/* while gathering only */
	int procfd;
	struct oomt_cgroup_fs cgroup_fs;

	/* processes with memory, in pid order (the order the kernel walks, near enough) */
	struct oomt_task *tasks;
	struct oomt_live_process *processes;
	size_t n_processes, processes_capacity;

	/* every cgroup path met, once (processes point into it) */
	char **paths;
	size_t n_paths, paths_capacity;
	/* (hierarchy, path) pairs whose limits were read, so that each is read once */
	struct { int version; const char *path; } *checked;
	size_t n_checked, checked_capacity;

	struct oomt_live_constraint_entry *constraints;
	size_t n_constraints, constraints_capacity;
};

/* Gathering (live-gather.c). Each returns 0 or -errno. */
/* <sysroot>/proc opened, meminfo, the kernel release and its era, vm.swappiness. */
int oomt_live_gather_system(struct oomt_live *live, const char *sysroot);
/* Every process (kernel threads and zombies only counted). */
int oomt_live_gather_processes(struct oomt_live *live);
/* The memory cgroups of those processes and their ancestors that are near their limit,
 * each appended as a constraint with its totalpages (the whole machine must be first). */
int oomt_live_gather_memcgs(struct oomt_live *live, const char *sysroot);
/* Append a constraint entry (zeroed, model initialised); NULL when out of memory. */
struct oomt_live_constraint_entry *oomt_live_add_constraint(struct oomt_live *live);

#endif
