/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_RUN_INTERNAL_H
#define OOMTOOL_RUN_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <oomtool/run.h>

/*
 * lib/run internals: the trial cgroup (trial-cgroup.c), its counters (counters.c, pure
 * parsers and fd readers that unit tests run on fixture directories), the child's start
 * (spawn.c), the supervision loop (supervise.c), the verdict and the suggestion
 * (report.c), the systemd scope (systemd-scope.c) and the choice of a parent (setup.c).
 */

#define OOMT_RUN_DEFAULT_INTERVAL_USEC 20000
#define OOMT_RUN_MIN_INTERVAL_USEC 1000
#define OOMT_RUN_DEFAULT_MARGIN_PERCENT 10
/* Trial cgroups are "oomtool-run-<pid of the supervisor>-<n>"; the scope of the systemd
 * backend is "oomtool-run-<pid>.scope". */
#define OOMT_RUN_CGROUP_PREFIX "oomtool-run-"

struct oomt_run {
	char sysroot[PATH_MAX];       /* "" for the live system */
	enum oomt_run_backend backend;
	enum oomt_cgroup_version version;
	char mount[PATH_MAX];         /* the hierarchy's mount point under the sysroot */
	char parent[PATH_MAX];        /* trial cgroups' parent, in the hierarchy ("/a/b") */
	int parent_fd;                /* that directory */
	int systemd_error;
	bool swap_accounting;         /* v1 memsw files / v2 memory.swap.max exist */
	unsigned next_seq;
	struct oomt_run_options opts; /* as given, defaults applied (sysroot points above) */
};

/* ---- counters.c: what the kernel counted, from one trial cgroup's directory ---- */

/* One sample of the sampled values (memory.stat and the usage). */
struct oomt_run_sample {
	int64_t usage_bytes;          /* memory.current / memory.usage_in_bytes */
	int64_t anon_bytes;           /* v2 anon; v1 total_rss */
	int64_t file_bytes;           /* v2 file; v1 total_cache */
	int64_t inactive_file_bytes;  /* v2 inactive_file; v1 total_inactive_file */
	int64_t swap_bytes;           /* v2 memory.swap.current; v1 total_swap */
};

/* The final counters, read once after the command ended. */
struct oomt_run_counters {
	int64_t peak_bytes;           /* memory.peak / max_usage_in_bytes, or OOMT_UNKNOWN */
	int64_t oom_kills;            /* OOMT_UNKNOWN without a counter */
	int64_t limit_hits;
	int64_t high_hits;
	int64_t pressure_stall_usec;
	int64_t swap_peak_bytes;      /* v2 memory.swap.peak, or OOMT_UNKNOWN */
};

/* The files read at every sample, opened once (pread at 0 re-reads a cgroup file). */
struct oomt_run_sampler {
	enum oomt_cgroup_version version;
	int usage_fd;
	int stat_fd;
	int swap_fd;                  /* v2 memory.swap.current, or -1 */
	int events_fd;                /* v2 memory.events, v1 memory.oom_control, or -1 */
};

/* Pure: memory.stat text of either version into s (usage_bytes untouched). Keys missing
 * from the text stay OOMT_UNKNOWN. */
void oomt_run_parse_stat(enum oomt_cgroup_version v, const char *buf, size_t len,
                         struct oomt_run_sample *s);
/* Reads the final counters from the trial cgroup's directory. Never fails: what is missing
 * stays OOMT_UNKNOWN. */
void oomt_run_counters_read(int cgfd, enum oomt_cgroup_version v, struct oomt_run_counters *c);
int oomt_run_sampler_open(int cgfd, enum oomt_cgroup_version v, struct oomt_run_sampler *s);
void oomt_run_sampler_close(struct oomt_run_sampler *s);
/* One sample, no allocation: 0 or -errno (the cgroup went away). */
int oomt_run_sampler_read(const struct oomt_run_sampler *s, struct oomt_run_sample *ret);
/* The OOM kill counter now: 0, or -ENODATA without one. */
int oomt_run_sampler_oom_kills(const struct oomt_run_sampler *s, int64_t *ret);

/* ---- report.c: the try's derived values, pure ---- */

/* The running maxima of the samples, as supervise.c keeps them. */
struct oomt_run_maxima {
	int64_t samples;
	int64_t usage_bytes;
	int64_t anon_bytes;
	int64_t file_bytes;
	int64_t working_set_bytes;
	int64_t swap_bytes;
	int64_t inactive_file_at_usage_max_bytes;  /* at the sample with the largest usage */
};
void oomt_run_maxima_init(struct oomt_run_maxima *m);
void oomt_run_maxima_add(struct oomt_run_maxima *m, const struct oomt_run_sample *s);
/* Fills t's counted values, the peak and its source, and the verdict, from the final
 * counters and the sampled maxima (t's exit_status/signal must be set). */
void oomt_run_try_finish(struct oomt_run_try *t, const struct oomt_run_counters *c,
                         const struct oomt_run_maxima *m);
/* What the suggestion for one passing try starts from: the sampled working set, never more
 * than the exact peak, never less than the sampled anon peak; the exact peak when nothing
 * was sampled. OOMT_UNKNOWN for a killed, interrupted or unexecuted try. */
int64_t oomt_run_try_suggestion_base(const struct oomt_run_try *t);

/* A report under construction: tries appended, then the answer chosen. */
int oomt_run_report_new(char *const argv[], int margin_percent, struct oomt_run_report **ret);
/* Appends a copy of t; returns the stored copy, or NULL without memory. */
const struct oomt_run_try *oomt_run_report_add(struct oomt_run_report *r,
                                               const struct oomt_run_try *t);
/* Sets result (one of the stored tries) and the suggestion. */
void oomt_run_report_conclude(struct oomt_run_report *r, const struct oomt_run_try *result,
                              int64_t found_limit_bytes);

/* ---- trial-cgroup.c ---- */

struct oomt_run_trial {
	char name[64];                /* the directory's name in the parent */
	char path[PATH_MAX];          /* in the hierarchy */
	int fd;                       /* the cgroup directory (O_DIRECTORY), or -1 */
	int procs_fd;                 /* its cgroup.procs, open for writing, or -1 */
	int64_t swap_max_bytes;       /* as set; OOMT_UNKNOWN: not limited */
};
/* mkdir the next trial cgroup and write its limits; -errno, nothing left behind. */
int oomt_run_trial_create(struct oomt_run *run, int64_t limit_bytes,
                          struct oomt_run_trial *ret);
/* Kill what is left in it (cgroup.kill on 5.14+, else SIGKILL to every member until it is
 * empty) and remove it; 0, or -errno when it could not be removed within ~5 s. */
int oomt_run_trial_remove(struct oomt_run *run, struct oomt_run_trial *t);
/* SIGKILL every process in it (cgroup.kill on 5.14+, else one by one); no allocation. */
void oomt_run_trial_kill(const struct oomt_run_trial *t, enum oomt_cgroup_version v);
/* Remove empty "oomtool-run-<pid>-*" directories in parent_fd whose pid no longer runs
 * oomtool. Best effort. */
void oomt_run_trial_sweep_stale(int parent_fd, const char *sysroot);
/* Write text to dirfd/file in one write(): 0 or -errno. */
int oomt_run_cgroup_write_text(int dirfd, const char *file, const char *text);
/* Write a decimal number (OOMT_UNKNOWN: "max", or v1's "-1") to dirfd/file. */
int oomt_run_cgroup_write_value(int dirfd, const char *file, int64_t value,
                                enum oomt_cgroup_version v);

/* ---- spawn.c ---- */

enum oomt_run_spawn_stage { OOMT_RUN_STAGE_JOIN = 1, OOMT_RUN_STAGE_EXEC = 2 };
struct oomt_run_spawn {
	pid_t pid;
	bool clone_into_cgroup;
	int failed_stage;             /* 0, or the stage the child failed at */
	int failed_errno;
};
/* Start argv (path: the resolved program) in the trial cgroup with sigmask restored to
 * child_mask; waits until the child has exec()ed or failed. -errno when no child could be
 * made; a failure of the child is returned in ret (its pid then already reaped). */
int oomt_run_spawn(const struct oomt_run_trial *trial, enum oomt_cgroup_version v,
                   const char *path, char *const argv[], char *const envp[],
                   const void *child_mask, struct oomt_run_spawn *ret);
/* argv0 looked up in search_path as execvp() would; the name itself when it has a slash or
 * nothing executable was found (exec then fails with the right errno). */
void oomt_run_resolve(const char *argv0, const char *search_path, char *buf, size_t bufsz);

/* ---- supervise.c ---- */
int oomt_run_once(struct oomt_run *run, char *const argv[], int64_t limit_bytes,
                  struct oomt_run_try *ret);

/* ---- systemd-scope.c ---- */

/* Whether systemd is PID 1 of the sysroot (it created <sysroot>/run/systemd/system). */
bool oomt_run_systemd_booted(const char *sysroot);
/* Start "unit" (a scope, Delegate=yes) with the calling process in it, on the system bus as
 * root, else on the user's bus. -ELIBACC without libsystemd, else the bus error as -errno. */
int oomt_run_systemd_start_scope(const char *unit, bool user);

/* ---- setup.c ---- */

/* The scope's cgroup path in hierarchy v from a process's cgroups once systemd has moved it
 * into unit: 0, -EAGAIN while it is not there yet. Pure. */
int oomt_run_scope_path(const struct oomt_proc_cgroup *cg, enum oomt_cgroup_version v,
                        const char *unit, char *buf, size_t bufsz);

#endif
