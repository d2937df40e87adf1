/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROC_PID_STAT_H
#define OOMTOOL_PROC_PID_STAT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Internal: /proc/PID/stat, the fields that tie a process to its parent and make a pid
 * plus a start time name one process for as long as the machine runs (a pid alone is
 * reused). Used by protect (inheritance, undo records).
 */
struct oomt_proc_stat {
	int64_t ppid;            /* field 4 */
	int64_t start_ticks;     /* field 22: clock ticks after boot the process started */
	char state;              /* field 3: R, S, D, Z, ... */
};

/* "PID (COMM) S PPID ... STARTTIME ...": COMM may hold spaces and parentheses, so the
 * fields are counted from the last ')'. Every kernel since 2.6. -ENODATA for anything
 * else. */
int oomt_proc_parse_stat(const char *buf, size_t len, struct oomt_proc_stat *ret);
/* procfd: see oomt_proc_open. 0, or -errno (-ENOENT/-ESRCH: the process is gone). */
int oomt_proc_read_stat(int procfd, int pid, struct oomt_proc_stat *ret);

#endif
