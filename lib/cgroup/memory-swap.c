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
#include <string.h>
#include "source/record.h"
#include "cgroup/memory-swap.h"

/* One value file of the cgroup at path: the limit it holds, or OOMT_UNKNOWN. */
static int64_t read_cgroup_value(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                                 const char *path, const char *name)
{
	int64_t value;

	if (oomt_cgroup_value_read(fs, v, path, name, &value) < 0)
		return OOMT_UNKNOWN;
	return value;
}

int oomt_cgroup_swap_read(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                          const char *path, struct oomt_cgroup_swap *ret)
{
	struct oomt_cgroup_swap sw = { OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN };

	if (!oomt_cgroup_fs_has(fs, v))
		return -ENOENT;
	if (strstr(path, ".."))
		return -EINVAL;     /* paths come from /proc; never climb out of the hierarchy */
	if (v == OOMT_CGROUP_V1) {
		sw.memsw_limit_bytes = read_cgroup_value(fs, v, path, "memory.memsw.limit_in_bytes");
		sw.swappiness = read_cgroup_value(fs, v, path, "memory.swappiness");
	} else {
		sw.swap_max_bytes = read_cgroup_value(fs, v, path, "memory.swap.max");
	}
	*ret = sw;
	return 0;
}
