/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROC_PROCESS_PASS_H
#define OOMTOOL_PROC_PROCESS_PASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/cgroup.h>
#include <oomtool/proc.h>
#include "model/topmem-rank.h"

/*
 * The cheap pass over every process that the top-mem snapshot ranks from, the PSS callback
 * of its ranking, and the details of the few rows shown (internal). Every process costs one
 * statm read; status, oom_score and cgroup are read for all only when the query needs them.
 */

struct oomt_proc_pass_opts {
	bool want_status;     /* euid and VmSwap of every process (-u, sort by swap, --by) */
	bool want_oom_score;  /* sort by oom_score */
	int64_t uid;          /* keep only this effective uid, or OOMT_UNKNOWN */
	const int32_t *pids;  /* keep only these pids (npids of them), or NULL */
	size_t npids;
	const char *cgroup;   /* keep only this cgroup and below (v1 memory or v2 path) */
};

struct oomt_proc_pass {
	struct oomt_topmem_proc *procs;
	size_t n, cap;
	size_t vanished;      /* exited while being read */
	size_t unreadable;    /* statm not readable (hidepid, EACCES) */
};

/* Fills pass (reusing its array) with every matching process. Returns 0 or -errno when
 * /proc itself cannot be listed. */
int oomt_proc_pass_run(int procfd, const struct oomt_proc_pass_opts *o,
                       struct oomt_proc_pass *pass);
void oomt_proc_pass_done(struct oomt_proc_pass *pass);

/* The read_pss callback of oomt_topmem_select; procfd_ptr points to the procfd (int). */
int oomt_proc_pass_read_pss(void *procfd_ptr, struct oomt_topmem_proc *p);

struct oomt_proc_details {
	char name[OOMT_PROC_NAME_MAX];       /* comm, raw bytes */
	char command[OOMT_PROC_CMDLINE_MAX]; /* cmdline, or "[comm]" for kernel threads */
	char cgroup[OOMT_PROC_CGROUP_MAX];   /* memory cgroup path, or "" when unknown */
	enum oomt_cgroup_version cgroup_version;  /* 0 when no hierarchy applies */
	int64_t cgroup_limit_bytes;          /* tightest limit, or OOMT_UNKNOWN for none */
	int64_t euid;
	int64_t swap_bytes;
	int64_t oom_score;
	int64_t oom_score_adj;
};

/* Everything shown for one row. cgfs may be NULL (no limits). Returns 0, or -ENOENT/-ESRCH
 * when the process vanished. */
int oomt_proc_details_read(int procfd, const struct oomt_cgroup_fs *cgfs, int pid,
                           struct oomt_proc_details *ret);

#endif
