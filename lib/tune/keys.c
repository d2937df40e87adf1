/* SPDX-License-Identifier: MIT */
/*
 * The kernel settings `oomtool tune` knows, their ranges and defaults
 * (Documentation/admin-guide/sysctl/vm.rst and kernel.rst of Linux 6.6). Ranges that
 * depend on the kernel or the machine: oomt_tune_key_max. The summaries fit --help's
 * 80 columns.
 */
#include <string.h>
#include <oomtool/system.h>
#include "sysctl/sysctl-conf.h"
#include "tune/tune-internal.h"

#define KB_MAX (INT64_MAX / 1024)

static const struct oomt_tune_key keys[] = {
	{ "vm.swappiness", 0, 200, "60", "swap anonymous memory rather than drop cache" },
	{ "vm.overcommit_memory", 0, 2, "0", "0 heuristic, 1 always, 2 never past CommitLimit" },
	{ "vm.overcommit_ratio", 0, 1000, "50", "% of RAM in CommitLimit (overcommit_memory=2)" },
	{ "vm.overcommit_kbytes", 0, KB_MAX, "0", "KiB of RAM in CommitLimit instead of the ratio" },
	{ "vm.min_free_kbytes", 0, KB_MAX, NULL, "kept free for atomic allocations (watermarks)" },
	{ "vm.watermark_scale_factor", 1, 3000, "10", "how early kswapd starts, in 1/10000 of RAM" },
	{ "vm.oom_dump_tasks", 0, 1, "1", "print the task table with every OOM kill" },
	{ "vm.oom_kill_allocating_task", 0, 1, "0", "kill the allocating task, not the biggest" },
	{ "vm.panic_on_oom", 0, 2, "0", "panic instead of killing (2: cgroups too)" },
	{ "kernel.panic", -1, 86400, "0", "seconds to reboot after a panic (0 hangs)" },
	{ "vm.admin_reserve_kbytes", 0, KB_MAX, NULL, "kept for root to recover (overcommit_memory=2)" },
};

const struct oomt_tune_key *oomt_tune_key_at(size_t i)
{
	return i < sizeof(keys) / sizeof(keys[0]) ? &keys[i] : NULL;
}

bool oomt_tune_key_path(const char *key, char *buf, size_t bufsz)
{
	return key && oomt_sysctl_key_path(key, strlen(key), buf, bufsz) == 0;
}

const struct oomt_tune_key *oomt_tune_key_find(const char *key)
{
	char want[256], have[256];

	if (!oomt_tune_key_path(key, want, sizeof(want)))
		return NULL;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (oomt_tune_key_path(keys[i].key, have, sizeof(have)) && strcmp(have, want) == 0)
			return &keys[i];
	return NULL;
}

int64_t oomt_tune_key_max(const struct oomt_tune_key *k, long release, int64_t ram_bytes)
{
	if (strcmp(k->key, "vm.swappiness") == 0 && release &&
	    release < OOMT_KERNEL_VERSION(5, 8, 0))
		return 100;
	if (strcmp(k->key, "vm.watermark_scale_factor") == 0 && release &&
	    release < OOMT_KERNEL_VERSION(5, 19, 0))
		return 1000;
	/* more than a twentieth of RAM kept free starves every process at once */
	if (strcmp(k->key, "vm.min_free_kbytes") == 0 && ram_bytes != OOMT_UNKNOWN && ram_bytes > 0)
		return ram_bytes / 1024 / 20;
	if (strcmp(k->key, "vm.admin_reserve_kbytes") == 0 && ram_bytes != OOMT_UNKNOWN &&
	    ram_bytes > 0)
		return ram_bytes / 1024 / 10;
	return k->max;
}
