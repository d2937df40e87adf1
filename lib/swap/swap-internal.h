/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SWAP_INTERNAL_H
#define OOMTOOL_SWAP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/swap.h>
#include "util/struct-size.h"

/* Internal: the numbers and tables behind the plan, zswap, and the executor's test seam. */

enum oomt_swap_fs_support {
	OOMT_SWAP_FS_YES,        /* swap files work; fallocate gives extents swapon accepts */
	OOMT_SWAP_FS_NOCOW,      /* btrfs: only a NOCOW, uncompressed, unshared file; zeros */
	OOMT_SWAP_FS_NO,         /* refuse, with why_not */
};

struct oomt_swap_fs_info {
	uint64_t magic;          /* statfs(2) f_type */
	const char *name;
	enum oomt_swap_fs_support support;
	const char *why_not;     /* the reason to refuse, for OOMT_SWAP_FS_NO */
};

/* The entry for a statfs f_type, or NULL when the filesystem is not known here. */
const struct oomt_swap_fs_info *oomt_swap_fs_lookup(uint64_t magic);
/* Free space to keep on a filesystem of SIZE bytes: 5% of it, at most 1 GiB. */
int64_t oomt_swap_margin(int64_t fs_size_bytes);
/* RAM to keep free when swapping an area off: 5% of RAM, at most 256 MiB. */
int64_t oomt_swap_ram_reserve(int64_t mem_total_bytes);
/* <sysroot>/proc/sys/vm/swappiness, 0..200. -ENOENT when absent, -EINVAL when garbage. */
int oomt_swap_swappiness_read(const char *sysroot, int *ret);
/* <sysroot>/sys/module/zswap/parameters/enabled ("Y"/"N"). */
int oomt_swap_zswap_read(const char *sysroot, bool *ret);

/* The first version's sizes of the client-allocated structs. */
#define OOMT_SWAP_REQUEST_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_swap_request, persist)
#define OOMT_SWAP_FACTS_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_swap_facts, sysctl_conf_current)
#define OOMT_SWAP_APPLY_OPTS_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_swap_apply_opts, cancel)

/* The executor's seam for tests: what the kernel does (swapon, swapoff) and a hook around
 * every step. step() is called before (after = false) and after (after = true, only when
 * the step succeeded) each step: a negative return fails the step with that -errno, after
 * its own change when after is true (so that the undo of that very step is exercised). */
struct oomt_swap_apply_hooks {
	int (*step)(void *userdata, size_t index, enum oomt_swap_step_kind kind, bool after);
	int (*enable)(void *userdata, int fd, const char *path, int priority);
	int (*disable)(void *userdata, const char *path);
	void *userdata;
};

/* oomt_swap_apply with HOOKS (NULL members: the real thing). */
int oomt_swap_apply_hooked(const struct oomt_swap_plan *plan,
                           const struct oomt_swap_apply_opts *opts,
                           const struct oomt_swap_apply_hooks *hooks,
                           struct oomt_swap_result **ret);

#endif
