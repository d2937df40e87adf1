/* SPDX-License-Identifier: MIT */
/*
 * A memory cgroup's swap limits, read for the OOM killer's totalpages (memory-swap.h):
 *   v1  memory.memsw.limit_in_bytes   "201326592\n", or PAGE_COUNTER_MAX pages (unlimited);
 *                                     absent without swap accounting (swapaccount=0)
 *       memory.swappiness             "60\n" (the root cgroup shows vm.swappiness)
 *   v2  memory.swap.max               "max\n" or "268435456\n" (4.5+)
 * Values are parsed by oomt_cgroup_parse_limit, as the memory limits are.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <oomtool/proc.h>
#include <oomtool/record.h>
#include "cgroup/memory-swap.h"

/* One value file of the cgroup at path: the limit it holds, or OOMT_UNKNOWN. */
static int64_t read_cgroup_value(int dirfd, const char *path, const char *name)
{
	char rel[PATH_MAX], buf[64];
	size_t len;
	int64_t v;

	while (*path == '/')
		path++;
	if (snprintf(rel, sizeof(rel), "%s/%s", *path ? path : ".", name) >= (int)sizeof(rel))
		return OOMT_UNKNOWN;
	if (oomt_proc_read_file(dirfd, rel, buf, sizeof(buf), &len, NULL) < 0 ||
	    oomt_cgroup_parse_limit(buf, len, &v) < 0)
		return OOMT_UNKNOWN;
	return v;
}

int oomt_cgroup_swap_read(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                          const char *path, struct oomt_cgroup_swap *ret)
{
	struct oomt_cgroup_swap sw = { OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN };
	int dirfd = v == OOMT_CGROUP_V1 ? fs->v1_memory_fd : v == OOMT_CGROUP_V2 ? fs->v2_fd : -1;

	if (dirfd < 0)
		return -ENOENT;
	if (strstr(path, ".."))
		return -EINVAL;     /* paths come from /proc; never climb out of the hierarchy */
	if (v == OOMT_CGROUP_V1) {
		sw.memsw_limit_bytes = read_cgroup_value(dirfd, path,
		                                         "memory.memsw.limit_in_bytes");
		sw.swappiness = read_cgroup_value(dirfd, path, "memory.swappiness");
	} else {
		sw.swap_max_bytes = read_cgroup_value(dirfd, path, "memory.swap.max");
	}
	*ret = sw;
	return 0;
}
