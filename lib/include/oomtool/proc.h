/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROC_H
#define OOMTOOL_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * /proc readers. Two layers:
 *  - oomt_proc_parse_*(buf, len, ...): pure parsers of one file's text; no I/O.
 *  - oomt_proc_read_*(procfd, pid, ...): one openat + read into a stack buffer + parse.
 * procfd is an open directory standing for /proc: the real one, or <sysroot>/proc of a
 * fixture tree. No file is kept open between calls (3000 open seq_files cost ~12 MiB of
 * kernel slab; see libproc2-notes.md).
 *
 * Errors: 0 on success, else -errno. A process that exited while being read gives
 * -ENOENT or -ESRCH (skip it); -EACCES means "not allowed" (show the value as unknown,
 * never as 0); -ENODATA means the file was empty or lacked the field (kernel threads,
 * zombies). Outputs are written only on success. Unknown integers are OOMT_UNKNOWN.
 */

#define OOMT_PROC_NAME_MAX 72     /* comm is <= 15 bytes; escaped bytes take 4 each */
#define OOMT_PROC_CMDLINE_MAX 256 /* shown command lines are cut here */
#define OOMT_PROC_CGROUP_MAX 256

/* True when an error means the process is gone (exited, reaped) and should be skipped. */
bool oomt_proc_is_vanished(int err);

/* Copies len bytes of in to out (NUL-terminated, cut to outsz), escaping control bytes,
 * DEL and bytes that are not valid UTF-8 as \xNN. Spaces and parentheses stay.
 * Parsers keep names and paths as raw bytes (each renderer escapes for its format:
 * libsmartcols, the JSON writer); this is for renderers that have no escaping of their own. */
void oomt_proc_escape(const char *in, size_t len, char *out, size_t outsz);

/* ---- pure parsers ---- */
int oomt_proc_parse_statm(const char *buf, size_t len, long page_size, int64_t *ret_rss_bytes);

struct oomt_proc_status {
	char name[OOMT_PROC_NAME_MAX]; /* Name:, raw bytes (the kernel escapes \n and \\) */
	int64_t euid;                  /* second field of Uid: */
	int64_t vmrss_bytes;           /* OOMT_UNKNOWN for kernel threads */
	int64_t vmswap_bytes;          /* OOMT_UNKNOWN for kernel threads */
};
int oomt_proc_parse_status(const char *buf, size_t len, struct oomt_proc_status *ret);

struct oomt_proc_rollup {
	int64_t rss_bytes;
	int64_t pss_bytes;
	int64_t swap_bytes;
	int64_t swap_pss_bytes;  /* OOMT_UNKNOWN before 4.3 (no SwapPss) */
};
int oomt_proc_parse_smaps_rollup(const char *buf, size_t len, struct oomt_proc_rollup *ret);

/* One decimal integer, optional sign, trailing newline (oom_score, oom_score_adj). */
int oomt_proc_parse_int(const char *buf, size_t len, int64_t *ret);

struct oomt_proc_cgroup {
	char v1_memory[OOMT_PROC_CGROUP_MAX]; /* path in the v1 memory hierarchy, or "" */
	char v2[OOMT_PROC_CGROUP_MAX];        /* path of the 0:: line, or "" */
};
int oomt_proc_parse_cgroup(const char *buf, size_t len, struct oomt_proc_cgroup *ret);

/* NUL-separated arguments joined with spaces, raw bytes. -ENODATA when empty (kernel
 * threads, zombies). */
int oomt_proc_parse_cmdline(const char *buf, size_t len, char *out, size_t outsz);

struct oomt_proc_meminfo {
	int64_t mem_total_bytes;
	int64_t mem_available_bytes;  /* OOMT_UNKNOWN before 3.14 */
	int64_t swap_total_bytes;
	int64_t swap_free_bytes;
};
int oomt_proc_parse_meminfo(const char *buf, size_t len, struct oomt_proc_meminfo *ret);

/* oom_kill from /proc/vmstat (4.13+); -ENODATA when absent. */
int oomt_proc_parse_vmstat_oom_kill(const char *buf, size_t len, int64_t *ret);

struct oomt_pressure {
	double some_avg10;
	double full_avg10;
	bool has_some;
	bool has_full;
};
int oomt_proc_parse_pressure(const char *buf, size_t len, struct oomt_pressure *ret);

/* ---- readers ---- */
/* Opens <sysroot>/proc (sysroot NULL or "" = "/") as a directory fd. */
int oomt_proc_open(const char *sysroot, int *ret_fd);
/* Reads up to bufsz-1 bytes of dirfd/path and NUL-terminates. A file longer than the buffer
 * is cut at its last complete line and *ret_truncated set, so parsers never see half a line. */
int oomt_proc_read_file(int dirfd, const char *path, char *buf, size_t bufsz, size_t *ret_len,
                        bool *ret_truncated);

int oomt_proc_read_statm(int procfd, int pid, long page_size, int64_t *ret_rss_bytes);
int oomt_proc_read_status(int procfd, int pid, struct oomt_proc_status *ret);
int oomt_proc_read_smaps_rollup(int procfd, int pid, struct oomt_proc_rollup *ret);
int oomt_proc_read_oom_score(int procfd, int pid, int64_t *ret);
int oomt_proc_read_oom_score_adj(int procfd, int pid, int64_t *ret);
int oomt_proc_write_oom_score_adj(int procfd, int pid, int value);
int oomt_proc_read_cgroup(int procfd, int pid, struct oomt_proc_cgroup *ret);
int oomt_proc_read_cmdline(int procfd, int pid, char *out, size_t outsz);
int oomt_proc_read_meminfo(int procfd, struct oomt_proc_meminfo *ret);
int oomt_proc_read_vmstat_oom_kill(int procfd, int64_t *ret);
int oomt_proc_read_pressure(int procfd, struct oomt_pressure *ret);

/* Process enumeration: numeric entries of procfd. next() returns 0 with *ret_pid, 1 at the
 * end, or -errno. */
struct oomt_proc_iter {
	void *dir;
};
int oomt_proc_iter_open(int procfd, struct oomt_proc_iter *it);
int oomt_proc_iter_next(struct oomt_proc_iter *it, int *ret_pid);
void oomt_proc_iter_done(struct oomt_proc_iter *it);

/* User names: getpwuid for the live system (sysroot NULL), <sysroot>/etc/passwd otherwise,
 * so fixture trees give stable names. -ENOENT when the uid/name is unknown. */
int oomt_user_name(const char *sysroot, int64_t uid, char *buf, size_t bufsz);
int oomt_user_uid(const char *sysroot, const char *name, int64_t *ret_uid);

/* ---- libproc2 (lib/proc/procps.c): system-wide counters of the live system only ---- */
/* libproc2 is loaded on the first call, not linked: -ELIBACC when it cannot be (the
 * direct readers oomt_proc_read_meminfo/_vmstat_oom_kill read the same numbers). */
int oomt_procps_meminfo(struct oomt_proc_meminfo *ret);
int oomt_procps_oom_kill(int64_t *ret);
/* Unload libproc2, and libsystemd and its libraries with it (~1 MiB of RSS), until the
 * next call above loads it again: for a caller that reads the counters once and then does
 * its real work. Not while another thread is inside the two functions above. */
void oomt_procps_unload(void);

#endif
