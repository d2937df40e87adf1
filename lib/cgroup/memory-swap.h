/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_MEMORY_SWAP_H
#define OOMTOOL_CGROUP_MEMORY_SWAP_H

/*
 * The swap a memory cgroup may use, as the kernel's mem_cgroup_get_max() counts it into the
 * OOM killer's totalpages. Internal to liboomtool (lib/model/live.c reads it).
 */
#include <stdint.h>
#include <oomtool/cgroup.h>

struct oomt_cgroup_swap {
	int64_t memsw_limit_bytes;  /* v1 memory.memsw.limit_in_bytes (memory + swap); OOMT_UNKNOWN
	                               when unlimited or absent (no swap accounting) */
	int64_t swap_max_bytes;     /* v2 memory.swap.max; OOMT_UNKNOWN when "max" or absent */
	int64_t swappiness;         /* v1 memory.swappiness; OOMT_UNKNOWN on v2, which has none
	                               (vm.swappiness applies), or when unreadable */
};

/* Reads the swap limits of the cgroup at path (as /proc/PID/cgroup names it) in hierarchy v.
 * Returns 0 (values that cannot be read are OOMT_UNKNOWN), -ENOENT when the hierarchy is
 * not mounted, -EINVAL for a path that climbs out of it. */
int oomt_cgroup_swap_read(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                          const char *path, struct oomt_cgroup_swap *ret);

#endif
