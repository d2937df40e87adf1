/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_RUN_H
#define OOMTOOL_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/cgroup.h>
#include <oomtool/common.h>

/*
 * A command run under a trial memory limit: "will it fit in 512Mi, what did it really
 * peak at, and what limit should I set?" (oomtool-run(1)).
 *
 * Each try runs the command in a fresh memory cgroup of its own (the trial cgroup):
 *  - made in a transient delegated scope that systemd starts for the calling process, when
 *    systemd is PID 1 (it owns the cgroup tree); else directly in the cgroup v2 hierarchy
 *    when it has the memory controller, else in the v1 memory controller;
 *  - the command is inside it before it executes its first instruction: clone3() with
 *    CLONE_INTO_CGROUP on v2 (5.7+), else the child writes itself into cgroup.procs before
 *    exec();
 *  - its counters (peak, OOM kills, limit hits, pressure) are the kernel's, read from the
 *    cgroup; the split into anon and file memory is sampled from memory.stat at a bounded
 *    rate (no allocation while the command runs);
 *  - whatever the command leaves behind is killed and the cgroup removed when the try ends,
 *    also after an interruption (SIGINT, SIGTERM, SIGHUP, SIGQUIT, which are forwarded).
 *
 * Sizes are bytes, times microseconds; unknown values OOMT_UNKNOWN; 0 or -errno.
 */

enum oomt_run_backend {
	OOMT_RUN_BACKEND_AUTO = 0,   /* options only: choose as above */
	OOMT_RUN_BACKEND_SYSTEMD,    /* a delegated transient scope from systemd (D-Bus) */
	OOMT_RUN_BACKEND_V2,         /* a private cgroup in the v2 hierarchy */
	OOMT_RUN_BACKEND_V1,         /* a private cgroup in the v1 memory controller */
};

/* Client-allocated: set struct_size to sizeof as compiled; members are only appended. */
struct oomt_run_options {
	uint32_t struct_size;
	const char *sysroot;          /* NULL, "" or "/": this host; else a tree that mimics one
	                                 (its cgroup files are read and written) */
	enum oomt_run_backend backend;
	int64_t limit_bytes;          /* memory.max / memory.limit_in_bytes; OOMT_UNKNOWN: none */
	int64_t high_bytes;           /* memory.high (v2 only); OOMT_UNKNOWN: none */
	int64_t swap_max_bytes;       /* swap the command may use: memory.swap.max, or v1
	                                 memsw = limit + swap; OOMT_UNKNOWN: the kernel's
	                                 default (unlimited) */
	int64_t sample_interval_usec; /* memory.stat sampling; 0: 20 ms; at least 1 ms */
	int margin_percent;           /* of the suggested limit over the working set; 0: 10 */
	bool forward_signals;         /* pass SIGINT, SIGTERM, SIGHUP and SIGQUIT to the command
	                                 (see oomt_run_exec) */
	bool keep_going;              /* let the command run on after an OOM kill; else every
	                                 process of it is killed at the first one (the answer is
	                                 known: it does not fit) */
	const char *search_path;      /* directories ("/usr/bin:/bin", as $PATH) where a command
	                                 name without a slash is looked up; NULL: "/usr/local/
	                                 sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" */
	char *const *envp;            /* the command's environment; NULL: the caller's */
	bool trim_mapped_files;       /* once the command runs, unmap the caller's clean
	                                 read-only file pages (program text, constants: they
	                                 stay in the page cache) so that only what the
	                                 supervision touches counts in its RSS; process-wide,
	                                 for a program that does nothing else meanwhile */
};

enum oomt_run_verdict {
	OOMT_RUN_FITS = 0,            /* never reached the limit (nor memory.high) */
	OOMT_RUN_FITS_WITH_RECLAIM,   /* hit the limit or memory.high and survived: the kernel
	                                 reclaimed (page cache, swap) to keep it under */
	OOMT_RUN_KILLED,              /* the OOM killer killed a process of the command */
	OOMT_RUN_VERDICT_UNKNOWN,     /* killed by SIGKILL on a kernel without an OOM kill
	                                 counter (v1 before 4.13): cannot tell */
};

enum oomt_run_peak_source {
	OOMT_RUN_PEAK_MEMORY_PEAK = 0,  /* v2 memory.peak (5.19+) */
	OOMT_RUN_PEAK_MAX_USAGE,        /* v1 memory.max_usage_in_bytes */
	OOMT_RUN_PEAK_SAMPLED,          /* the largest sampled memory.current/usage_in_bytes */
};

/*
 * One run of the command: handed out by the library (clients never allocate one, copy one
 * by value or take its sizeof; members are only ever appended).
 */
struct oomt_run_try {
	/* the cgroup it ran in */
	enum oomt_run_backend backend;
	enum oomt_cgroup_version cgroup_version;
	char cgroup_path[4096];       /* in its hierarchy ("/oomtool-run-4242-1") */
	bool clone_into_cgroup;       /* started by clone3(CLONE_INTO_CGROUP) */
	int64_t limit_bytes;          /* as set (OOMT_UNKNOWN: none) */
	int64_t high_bytes;
	int64_t swap_max_bytes;       /* as set; OOMT_UNKNOWN: not limited */
	/* how it ended */
	int exit_status;              /* as a shell reports it: the code, 128 + signal */
	int signal;                   /* the signal that ended it, or 0 */
	int exec_errno;               /* the command could not be executed (exit 127): why */
	int interrupt_signal;         /* a SIGINT/SIGTERM/SIGHUP/SIGQUIT the caller received
	                                 during the try (forwarded or not), or 0 */
	/* what the kernel counted */
	int64_t oom_kills;            /* v2 memory.events oom_kill; v1 memory.oom_control oom_kill
	                                 (4.13+) */
	bool oom_killed;              /* oom_kills > 0 (false also when unknown) */
	int64_t peak_bytes;           /* the whole tree's peak charge */
	enum oomt_run_peak_source peak_source;
	int64_t peak_anon_bytes;      /* sampled memory.stat anon (v1 total_rss) */
	int64_t peak_file_bytes;      /* sampled memory.stat file (v1 total_cache) */
	int64_t peak_working_set_bytes; /* usage - inactive_file, as docker stats and the
	                                   kubelet count it: the largest sampled, or the exact
	                                   peak less the inactive file cache at the highest
	                                   sample when that is more (a short peak falls between
	                                   samples) */
	int64_t limit_hits;           /* v2 memory.events max; v1 memory.failcnt */
	int64_t high_hits;            /* v2 memory.events high; v1 unknown */
	int64_t pressure_stall_usec;  /* v2 memory.pressure "some" total; v1 unknown */
	int64_t swap_peak_bytes;      /* v2 memory.swap.peak (6.5+) or sampled
	                                 memory.swap.current; v1 sampled memory.stat total_swap */
	int64_t wall_usec;
	int64_t samples;              /* memory.stat samples taken */
	enum oomt_run_verdict verdict;
	int cleanup_errno;            /* the trial cgroup could not be removed (errno), or 0 */
	bool stopped_after_oom_kill;  /* the command was stopped at the first OOM kill (no
	                                 keep_going) */
};

/*
 * The answer: one try for a plain run, every try of a limit search. Handed out by the
 * library (the same rules as struct oomt_run_try).
 */
struct oomt_run_report {
	char *const *argv;                   /* the command, NULL-terminated */
	const struct oomt_run_try *result;   /* the run the answer describes: the only try, or
	                                        the passing try at the smallest limit found */
	const struct oomt_run_try *const *tries;  /* every try, in order (result among them) */
	size_t ntries;
	bool find_limit;                     /* made by oomt_run_find_limit() */
	int64_t found_limit_bytes;           /* find-limit: the smallest limit that passed, or
	                                        OOMT_UNKNOWN when none did */
	int64_t suggested_limit_bytes;       /* working set (or the found limit) + margin,
	                                        rounded; OOMT_UNKNOWN when killed */
	int64_t suggestion_base_bytes;       /* what the margin was added to */
	int margin_percent;
	int search_errno;                    /* find-limit stopped early because a try could
	                                        not be made (errno), or 0 */
};

struct oomt_run;

/*
 * Choose where trial cgroups go and check that they can be made there, before anything
 * runs: -EACCES/-EPERM (not root and no delegated cgroup), -ENOENT (no memory controller
 * mounted), -EOPNOTSUPP (memory.high asked on cgroup v1, or a swap limit without swap
 * accounting), -EINVAL (bad options). With the systemd backend this moves the calling
 * process into a new transient scope "oomtool-run-PID.scope" (Delegate=yes), as
 * systemd-run --scope does, and its cgroup v2 leaf "supervisor"; systemd removes the scope
 * when the process exits. Empty trial cgroups left by an oomtool that was killed with
 * SIGKILL are removed here.
 */
int oomt_run_new(const struct oomt_run_options *opts, struct oomt_run **ret);
void oomt_run_free(struct oomt_run *run);

enum oomt_run_backend oomt_run_backend(const struct oomt_run *run);
enum oomt_cgroup_version oomt_run_cgroup_version(const struct oomt_run *run);
/* The directory trial cgroups are made in, in its hierarchy ("/", "/system.slice/
 * oomtool-run-42.scope"). */
const char *oomt_run_parent_path(const struct oomt_run *run);
/* Why the systemd scope was not used although systemd is PID 1 (-errno), or 0. */
int oomt_run_systemd_error(const struct oomt_run *run);

/*
 * Run argv once at the options' limits and wait for it (and for nothing else: processes it
 * leaves behind are killed when it ends). The command inherits the caller's stdin, stdout,
 * stderr and environment (or envp), its signal mask and ignored signals.
 *
 * While it runs, SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGCHLD are blocked in the calling
 * thread and read from a signalfd; with forward_signals, one sent to the caller alone (kill,
 * a supervisor) is passed to the command, while one the terminal sent to the whole
 * foreground process group (Ctrl-C) already reached it and is not sent twice. The caller's
 * mask is restored before returning. The caller must not reap children with SIGCHLD
 * ignored by another thread meanwhile.
 *
 * Returns 0 with a report also when the command failed, was killed or could not be
 * executed (result->exec_errno, exit status 127); -errno when the trial cgroup could not be
 * made or the command not started (nothing ran): -EINTR when one of those signals came
 * before it started.
 */
int oomt_run_exec(struct oomt_run *run, char *const argv[], struct oomt_run_report **ret);

/* Client-allocated (struct_size as above). */
struct oomt_run_find_options {
	uint32_t struct_size;
	int64_t low_bytes;     /* the search's lower end, or OOMT_UNKNOWN: 0 */
	int64_t high_bytes;    /* its upper end, or OOMT_UNKNOWN: the options' limit_bytes, else
	                          the peak of a first run without a limit */
	int64_t step_bytes;    /* stop when the bracket is this narrow; 0: step_percent */
	int step_percent;      /* ... or this share of the found limit; 0: 5 */
	int max_tries;         /* 0: 24 */
};

/*
 * Bisect to the smallest limit at which argv completes without an OOM kill (and with the
 * exit status of the run at the upper end), within the step: the command must be
 * deterministic (a build, a test suite, a batch job). A first run at the upper end must
 * pass; when high_bytes is unknown and there is no limit, the first run has none and the
 * upper end is its peak. An interrupted try (interrupt_signal) ends the search.
 * Returns 0 with the report (found_limit_bytes OOMT_UNKNOWN when even the upper end failed)
 * or -errno as oomt_run_exec(). on_try (may be NULL) is called after each try (index from
 * 0), before the next one starts.
 */
int oomt_run_find_limit(struct oomt_run *run, char *const argv[],
                        const struct oomt_run_find_options *fo,
                        void (*on_try)(const struct oomt_run_try *t, size_t index,
                                       void *userdata),
                        void *userdata, struct oomt_run_report **ret);

void oomt_run_report_free(struct oomt_run_report *report);

/* The verdict's name in JSON: "fits", "fits_with_reclaim", "killed", "unknown". */
const char *oomt_run_verdict_name(enum oomt_run_verdict v);
/* "memory.peak", "max_usage_in_bytes", "sampled". */
const char *oomt_run_peak_source_name(enum oomt_run_peak_source s);

/*
 * The suggested limit: base + margin_percent, rounded up to a size every tool accepts and
 * a person would write: whole MiB, in steps of 1/16 of the power of two below it (232 MiB,
 * 1088 MiB, 2 GiB), at least 6 MiB (Docker's minimum). Pure.
 */
int64_t oomt_run_suggest_limit(int64_t base_bytes, int margin_percent);

enum oomt_run_limit_syntax {
	OOMT_RUN_LIMIT_DOCKER,       /* docker run -m 232m  (or 2g) */
	OOMT_RUN_LIMIT_KUBERNETES,   /* resources.limits.memory: 232Mi  (or 2Gi) */
	OOMT_RUN_LIMIT_SYSTEMD,      /* MemoryMax=232M  (or 2G) */
};
/* The value alone ("232m", "232Mi", "232M") as each tool spells it, exact: a size that is
 * not a whole MiB is written in bytes. Returns buf. */
char *oomt_run_limit_format(int64_t bytes, enum oomt_run_limit_syntax syntax, char *buf,
                            size_t bufsz);

#endif
