/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROC_OOM_H
#define OOMTOOL_PROC_OOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What the kernel's badness reads from a live process, as /proc/PID/status shows it: the
 * swap entries (VmSwap) and the page tables (VmPTE), plus whether it is a kernel thread
 * (kernel threads are never chosen). rss comes from statm, oom_score_adj and oom_score from
 * their own files (lib/proc readers).
 */
struct oomt_proc_oom_status {
	char name[64];           /* Name:, control bytes shown as '?' */
	int64_t tgid;
	int64_t vmrss_bytes;     /* OOMT_UNKNOWN when absent (kernel threads, zombies) */
	int64_t vmswap_bytes;
	int64_t vmpte_bytes;
	bool kthread;            /* "Kthread: 1" (6.3+), or no Vm lines at all */
};

/* Pure parser of /proc/PID/status text (buf need not be NUL-terminated). Returns 0, or
 * -EINVAL when buf is not a status file (no "Name:" line). */
int oomt_proc_parse_oom_status(const char *buf, size_t len, struct oomt_proc_oom_status *ret);

#endif
