/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROC_PARSE_H
#define OOMTOOL_PROC_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/proc.h>
#include <oomtool/system-memory.h>

/*
 * Pure parsers of /proc files (internal: the readers in proc.h and system-memory.h are the
 * public face). Each takes (buf, len) that need not be NUL-terminated, never reads past
 * len, returns 0 or -ENODATA (the text is not that file, or lacks a required field), and
 * writes its output only on success. The struct_size of an output struct is not looked at:
 * the parsers fill the whole struct as this library defines it.
 */

/* "   1234 kB": blanks, a decimal count of KiB, blanks, "kB", then only blanks up to end.
 * The value in bytes; -ERANGE when it does not fit, -ENODATA for anything else (a line cut
 * before its "kB" is not taken). Every "N kB" of meminfo, status and smaps_rollup. */
int oomt_proc_parse_kb(const char *p, const char *end, int64_t *ret_bytes);

int oomt_proc_parse_statm(const char *buf, size_t len, int64_t page_size,
                          int64_t *ret_rss_bytes);
int oomt_proc_parse_status(const char *buf, size_t len, struct oomt_proc_status *ret);
int oomt_proc_parse_smaps_rollup(const char *buf, size_t len, struct oomt_proc_rollup *ret);
/* One decimal integer, optional sign, optional trailing newline (oom_score, oom_score_adj,
 * cgroup limits). */
int oomt_proc_parse_int(const char *buf, size_t len, int64_t *ret);
int oomt_proc_parse_cgroup(const char *buf, size_t len, struct oomt_proc_cgroup *ret);
int oomt_proc_parse_cmdline(const char *buf, size_t len, char *out, size_t outsz);
/* /proc/meminfo; oom_kill_count (from vmstat) is left unknown. */
int oomt_proc_parse_meminfo(const char *buf, size_t len, struct oomt_system_memory *ret);
/* oom_kill of /proc/vmstat (4.13+); -ENODATA when absent. */
int oomt_proc_parse_vmstat_oom_kill(const char *buf, size_t len, int64_t *ret);
/* /proc/pressure/memory, or a cgroup v2 memory.pressure (the same format). */
int oomt_proc_parse_pressure(const char *buf, size_t len, struct oomt_memory_pressure *ret);

#endif
