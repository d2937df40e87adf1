/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROC_H
#define OOMTOOL_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/common.h>

/*
 * Facts about one process, from /proc/PID: one reader per fact. procfd is an open directory
 * standing for /proc: the real one, or <sysroot>/proc of a copied or synthetic tree (see
 * oomt_proc_open). Each reader is one openat + read into a stack buffer + a parse; no file
 * is kept open between calls (3000 open seq_files cost ~12 MiB of kernel slab).
 *
 * Errors: 0 on success, else -errno. A process that exited while being read gives -ENOENT
 * or -ESRCH (skip it: oomt_proc_is_vanished); -EACCES means "not allowed" (show the value as
 * unknown, never as 0); -ENODATA means the file was empty or lacked the field (kernel
 * threads, zombies). Outputs are written only on success. Unknown integers are OOMT_UNKNOWN.
 *
 * Structs the caller allocates and has filled begin with struct_size, which the caller sets
 * to sizeof as compiled (struct oomt_proc_status st = { .struct_size = sizeof(st) };): the
 * library fills the members that fit and rejects a size below the first version's with
 * -EINVAL. Members are only ever appended.
 */

#define OOMT_PROC_NAME_MAX 72     /* comm is <= 15 bytes; the kernel escapes \n and \\ */
#define OOMT_PROC_CMDLINE_MAX 256 /* shown command lines are cut here */
#define OOMT_PROC_CGROUP_MAX 256

/* True when an error means the process is gone (exited, reaped) and should be skipped. */
bool oomt_proc_is_vanished(int err);

/* Copies len bytes of in to out (NUL-terminated, cut to outsz), escaping control bytes,
 * DEL and bytes that are not valid UTF-8 as \xNN. Spaces and parentheses stay.
 * Readers keep names and paths as raw bytes (each renderer escapes for its format:
 * libsmartcols, the JSON writer); this is for renderers that have no escaping of their own. */
void oomt_proc_escape(const char *in, size_t len, char *out, size_t outsz);

/* Opens <sysroot>/proc (sysroot NULL, "" or "/" = the live system) as a directory fd. */
int oomt_proc_open(const char *sysroot, int *ret_fd);

/* The processes: numeric entries of procfd, in directory order. next() returns 0 with
 * *ret_pid, 1 at the end, or -errno. */
struct oomt_proc_iter;
int oomt_proc_iter_new(int procfd, struct oomt_proc_iter **ret);
int oomt_proc_iter_next(struct oomt_proc_iter *it, int *ret_pid);
void oomt_proc_iter_free(struct oomt_proc_iter *it);

/* /proc/PID/statm resident pages times this host's page size: the cheapest RSS (no
 * mmap_lock). 0 for kernel threads and zombies. */
int oomt_proc_read_statm(int procfd, int pid, int64_t *ret_rss_bytes);

/* /proc/PID/status: what top-mem and the kernel's badness read from it. Only Name: is
 * required (-ENODATA without it). */
struct oomt_proc_status {
	uint32_t struct_size;
	char name[OOMT_PROC_NAME_MAX]; /* Name:, raw bytes (the kernel escapes \n and \\) */
	int64_t tgid;                  /* Tgid: */
	int64_t euid;                  /* second field of Uid: */
	int64_t vmrss_bytes;           /* VmRSS:; OOMT_UNKNOWN when absent (kernel threads,
	                                  zombies) */
	int64_t vmswap_bytes;          /* VmSwap: (2.6.34+): swap entries * page size */
	int64_t vmpte_bytes;           /* VmPTE: page tables */
	int64_t cap_effective;         /* CapEff: bit mask (CAP_SYS_ADMIN is bit 21) */
	bool kthread;                  /* "Kthread: 1" (6.3+), or no VmRSS line at all (no mm:
	                                  the OOM killer skips it like a kernel thread) */
};
int oomt_proc_read_status(int procfd, int pid, struct oomt_proc_status *ret);

/* /proc/PID/smaps_rollup (4.14+): walks every page table under the process's mmap_lock,
 * ~15 ms per resident GiB; read it for the few processes that matter. -EACCES for another
 * user's process without root. */
struct oomt_proc_rollup {
	uint32_t struct_size;
	int64_t rss_bytes;
	int64_t pss_bytes;
	int64_t swap_bytes;
	int64_t swap_pss_bytes;  /* OOMT_UNKNOWN before 4.3 (no SwapPss) */
};
int oomt_proc_read_smaps_rollup(int procfd, int pid, struct oomt_proc_rollup *ret);

/* oom_score (0..2000 since 5.9, 0..1000 before) and oom_score_adj (-1000..1000). */
int oomt_proc_read_oom_score(int procfd, int pid, int64_t *ret);
int oomt_proc_read_oom_score_adj(int procfd, int pid, int64_t *ret);
/* Writes <sysroot>/proc/PID/oom_score_adj. -ERANGE outside -1000..1000. */
int oomt_proc_write_oom_score_adj(const char *sysroot, int pid, int value);

/* /proc/PID/cgroup: the process's path in the v1 memory hierarchy and in v2. Which of the
 * two governs its memory: oomt_cgroup_memory_path (cgroup.h). */
struct oomt_proc_cgroup {
	uint32_t struct_size;
	char v1_memory[OOMT_PROC_CGROUP_MAX]; /* path in the v1 memory hierarchy, or "" */
	char v2[OOMT_PROC_CGROUP_MAX];        /* path of the 0:: line, or "" */
};
int oomt_proc_read_cgroup(int procfd, int pid, struct oomt_proc_cgroup *ret);

/* /proc/PID/cmdline: arguments joined with spaces, raw bytes, cut to outsz. -ENODATA when
 * empty (kernel threads, zombies). */
int oomt_proc_read_cmdline(int procfd, int pid, char *out, size_t outsz);

/* User names: getpwuid for the live system (sysroot NULL, "" or "/"), <sysroot>/etc/passwd
 * otherwise, so that copied trees give their own names. -ENOENT when the uid/name is
 * unknown. */
int oomt_user_name(const char *sysroot, int64_t uid, char *buf, size_t bufsz);
int oomt_user_uid(const char *sysroot, const char *name, int64_t *ret_uid);

#endif
