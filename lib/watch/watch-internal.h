/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_WATCH_INTERNAL_H
#define OOMTOOL_WATCH_INTERNAL_H

#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <oomtool/cgroup.h>
#include <oomtool/topmem.h>
#include <oomtool/watch.h>
#include "watch/trend.h"

/*
 * The watcher's parts (internal): PSI files (psi.c), the memory hierarchy (hierarchy.c),
 * per-scope sampling (sample.c), the event decisions (decide.c), the details of a warning
 * (details.c), the kill follower (kills.c), hooks (hook.c), the loop (watch.c).
 */

#define WATCH_DEFAULT_INTERVAL_USEC (2 * 1000000LL)
#define WATCH_DEFAULT_WINDOW_USEC (120 * 1000000LL)
#define WATCH_DEFAULT_ETA_WARN_USEC (600 * 1000000LL)
#define WATCH_DEFAULT_MAX_CGROUPS 512
#define WATCH_DEFAULT_GROWERS 3
#define WATCH_RESCAN_USEC (30 * 1000000LL)     /* new cgroups are found this often */
#define WATCH_EVENTS_MAX 16                    /* events queued for the caller */
#define WATCH_MIN_CONFIDENCE 0.5               /* a trend below this is not acted on */
#define WATCH_DETAILS_PER_ROUND 2              /* warnings of one round that get details */
#define WATCH_KILL_GRACE_USEC (5 * 1000000LL)  /* a counted kill waits this long for its log */
#define WATCH_STATE_PERIOD_USEC (10 * 1000000LL) /* the state file is written at most this often */

/* ---- PSI (psi.c) ---- */

/* "some 150000 1000000" with its NUL: what psi_write() wants (the kernel turns the last
 * byte written into the terminator, so the NUL must be written too). *ret_len counts it.
 * -ENAMETOOLONG when buf is too small. */
int oomt_psi_trigger_kernel_string(const struct oomt_psi_trigger *t, char *buf, size_t bufsz,
                                   size_t *ret_len);
/* The same trigger with its window rounded up to a multiple of 2 s (at most 10 s) and the
 * stall scaled to keep its share: what an unprivileged process may register. */
void oomt_psi_trigger_round(const struct oomt_psi_trigger *t, struct oomt_psi_trigger *ret);

/* One pressure file (/proc/pressure/memory or a v2 cgroup's memory.pressure). */
struct oomt_psi_file {
	int fd;                        /* -1: none */
	enum oomt_watch_psi_mode mode;
	int error;
	bool rounded;
	struct oomt_psi_trigger used;  /* what the kernel was given, or what polling compares */
	int64_t last_total_usec;       /* polled: the stall total at the last read */
	int64_t last_read_usec;        /* CLOCK_MONOTONIC of it */
};
/* Open dirfd/path, register want as a trigger, else fall back (see psi.c). want NULL or
 * off: mode none. Never fails: the outcome is in mode and error. */
void oomt_psi_file_open(struct oomt_psi_file *p, int dirfd, const char *path,
                        const struct oomt_psi_trigger *want);
void oomt_psi_file_close(struct oomt_psi_file *p);
/* The file's current values. */
int oomt_psi_file_read(const struct oomt_psi_file *p, struct oomt_memory_pressure *ret);
/* Polled mode: whether the stall since the last call reached the threshold. */
bool oomt_psi_file_poll_check(struct oomt_psi_file *p, int64_t now_usec);
/* A trigger fired (POLLPRI): nothing to read or reset, the kernel re-arms it. */

/* ---- the memory hierarchy (hierarchy.c) ---- */

struct oomt_watch_hierarchy {
	int fd;                        /* the hierarchy's root directory, or -1 */
	enum oomt_cgroup_version version;
};
/* v1's memory hierarchy when fs has it, else v2's (lib/cgroup decides which are there);
 * -ENOENT when neither. */
int oomt_watch_hierarchy_open(const struct oomt_cgroup_fs *fs, struct oomt_watch_hierarchy *h);
void oomt_watch_hierarchy_close(struct oomt_watch_hierarchy *h);
/* Calls fn for every cgroup below the root (depth-first, at most 32 levels) with a limit of
 * its own; fn returns <0 to stop (that value is returned). */
int oomt_watch_hierarchy_walk(const struct oomt_watch_hierarchy *h,
                              int (*fn)(const char *path, int64_t limit_bytes, void *ctx),
                              void *ctx);
/* The cgroup of a systemd unit: the first directory named unit (or unit.service when the
 * name has no suffix), searched breadth-first. -ENOENT. */
int oomt_watch_hierarchy_find_unit(const struct oomt_watch_hierarchy *h, const char *unit,
                                   char *ret_path, size_t size);
/* A cgroup's own limit (memory.limit_in_bytes / memory.max): OOMT_UNKNOWN when none. */
int oomt_watch_hierarchy_own_limit(const struct oomt_watch_hierarchy *h, const char *path,
                                   int64_t *ret);

/* ---- one scope: the host or a cgroup (sample.c) ---- */

struct oomt_watch_eta_state {
	bool warned;
	unsigned level;                /* warnings given in this episode */
	int64_t warned_eta_sec;        /* the ETA of the last warning */
	int64_t since_usec;            /* first warning of the episode */
	unsigned qualifying;           /* consecutive samples that would warn */
	int64_t calm_since_usec;       /* 0 = not calm */
};

struct oomt_watch_pressure_state {
	bool on;
	int64_t since_usec;
	int64_t last_usec;             /* the last time the threshold was crossed */
};

struct oomt_watch_scope_int {
	struct oomt_watch_scope pub;
	char *path;                    /* "host" or the cgroup path */
	char *name;
	bool host;
	bool named;                    /* given by the caller (never dropped by a rescan) */
	bool seen;                     /* found by the current rescan */
	bool own_limit;                /* discovered by its own limit */
	/* cgroup files, kept open (-1 when absent) */
	int usage_fd, stat_fd, events_fd;
	int64_t inactive_file_bytes;   /* from memory.stat, re-read when usage moves */
	int64_t stat_usage_bytes;      /* usage at that read */
	int64_t stat_read_usec;
	struct oomt_psi_file psi;
	int64_t swap_total_bytes;      /* host: for the advice */
	int64_t swap_free_bytes;
	/* samples: a ring of the watcher's ring_points (at most OOMT_TREND_POINTS_MAX), in
	 * ring[] at the end: a hundred cgroups' scopes hold no slots they never use */
	size_t head, count;
	int64_t last_push_usec;
	struct oomt_trend_fit fit;
	bool have_fit;
	bool rising;                   /* confident growth */
	/* kills */
	int64_t kill_counter;          /* the kernel's counter at the last sample */
	int64_t pending_kills;         /* counted, not yet seen in the log; < 0: logged kills
	                                  the counter has not shown yet (credits) */
	int64_t pending_since_usec;
	struct oomt_watch_eta_state eta;
	struct oomt_watch_pressure_state pressure;
	bool psi_fired;                /* POLLPRI since the last round */
	struct {
		int64_t usec;
		double used;
	} ring[];
};

/* ---- decisions (decide.c): pure ---- */

struct oomt_watch_decide_params {
	int64_t eta_warn_sec;
	int64_t interval_usec;
	int64_t recover_hold_usec;     /* calm this long before "recovered" */
	int64_t pressure_quiet_usec;   /* no stall this long before "recovered" */
};
/* After a sample: rising = a confident growth, eta_sec its time to OOM. Returns
 * OOMT_WATCH_ETA (warn: s->level tells which), OOMT_WATCH_RECOVERED, or 0. */
int oomt_watch_decide_eta(struct oomt_watch_eta_state *s, const struct oomt_watch_decide_params *p,
                          bool rising, int64_t eta_sec, int64_t now_usec);
/* fired = the threshold was crossed since the last call. OOMT_WATCH_PRESSURE,
 * OOMT_WATCH_RECOVERED, or 0. */
int oomt_watch_decide_pressure(struct oomt_watch_pressure_state *s,
                               const struct oomt_watch_decide_params *p, bool fired,
                               int64_t now_usec);

/* ---- the kill follower (kills.c) ---- */

#define WATCH_KILLS_RING 16

struct oomt_watch_kills {
	struct oomt_scan *scan;
	pthread_t thread;
	bool running;
	atomic_bool stop;
	int wake_fd;                   /* eventfd: readable when the ring has kills */
	pthread_mutex_t lock;
	struct oomt_watch_kill ring[WATCH_KILLS_RING];
	size_t head, n;
	uint64_t lost;                 /* ring full */
	int error;                     /* 0 = following; else why not */
	char source[128];
};
int oomt_watch_kills_start(struct oomt_watch_kills *k, const char *sysroot, const char *tmp_dir);
/* 0 with a kill, 1 when none is waiting. Drain wake_fd first, then pop until 1: a kill
 * pushed meanwhile wakes the loop again. */
int oomt_watch_kills_pop(struct oomt_watch_kills *k, struct oomt_watch_kill *ret);
void oomt_watch_kills_drain(struct oomt_watch_kills *k);
void oomt_watch_kills_stop(struct oomt_watch_kills *k);

/* ---- hooks (hook.c) ---- */

#define WATCH_HOOK_QUEUE 8
#define WATCH_HOOK_ENV_BYTES 6144
#define WATCH_HOOK_VARS 40

struct oomt_watch_hook_job {
	char env[WATCH_HOOK_ENV_BYTES];  /* "K=V\0K=V\0..." */
	size_t len;
};

struct oomt_watch_hooks {
	const char *command;
	char *const *base_env;
	size_t n_base_env;
	int64_t timeout_usec;
	char **envp;                   /* base env + WATCH_HOOK_VARS + NULL, built per run */
	struct oomt_watch_hook_job *queue;  /* WATCH_HOOK_QUEUE of them (48 KiB): allocated
	                                       with a command only, not in every watcher */
	size_t head, n;
	pid_t pid;                     /* running, or 0 */
	int pidfd;                     /* -1: none (old kernel: polled) */
	int64_t started_usec;
	bool term_sent;
	struct oomt_watch_exec_stats stats;
};
int oomt_watch_hooks_init(struct oomt_watch_hooks *h, const char *command, char *const *env,
                          int64_t timeout_usec);
void oomt_watch_hooks_done(struct oomt_watch_hooks *h);
/* Format ev into a job and start or queue it. */
int oomt_watch_hooks_submit(struct oomt_watch_hooks *h, const struct oomt_watch_event *ev,
                            const char *message, int64_t now_usec);
/* Reap, enforce the timeout, start the next. Returns the poll timeout it needs (ms, -1 =
 * none). */
int oomt_watch_hooks_tick(struct oomt_watch_hooks *h, int64_t now_usec);
/* The hook's environment for ev (exposed for tests): "K=V\0..." into job. */
int oomt_watch_hook_format(const struct oomt_watch_event *ev, const char *message,
                           struct oomt_watch_hook_job *job);

/* ---- the handle (watch.c) ---- */

struct oomt_watch {
	char *sysroot;                 /* NULL: the live system */
	char *tmp_dir;
	unsigned flags;
	int64_t interval_usec, window_usec, eta_warn_usec;
	int64_t push_every_usec;       /* a sample joins the trend this often (thinning) */
	size_t ring_points;            /* samples in the trend window */
	struct oomt_psi_trigger pressure;
	size_t max_cgroups, top_growers;
	struct oomt_watch_decide_params params;
	bool all_cgroups;              /* every limited cgroup (none named) */
	char **named;                  /* the cgroups named (units resolved): opened again by a
	                                  rescan when they went away */
	size_t n_named;
	struct oomt_watch_hierarchy hier;
	struct oomt_cgroup_fs *cgfs;
	int64_t page_size;

	struct oomt_watch_scope_int **scopes;  /* host first */
	size_t n_scopes, cap_scopes;
	const struct oomt_watch_scope **pub;   /* oomt_watch_scope() */

	double *t_sec, *y, *scratch;   /* the fit's arrays, allocated once */

	struct pollfd *pfds;           /* rebuilt when the scopes change */
	struct oomt_watch_scope_int **pfd_scope;
	size_t n_pfds, cap_pfds;
	bool pfds_stale;

	int64_t next_sample_usec, next_rescan_usec;
	struct oomt_watch_event *events;       /* a ring of WATCH_EVENTS_MAX */
	size_t ev_head, ev_n;
	uint64_t events_dropped;
	uint64_t chores;               /* rescans and state files so far (oomt_watch_chores) */
	bool chore_done;               /* since oomt_watch_next last returned */
	struct oomt_watch_event current;       /* the one handed out */

	unsigned details_this_round;
	struct oomt_topmem *topmem;
	int64_t baseline_usec;         /* the growers' baseline pass, 0 = none */

	struct oomt_watch_kills kills;
	bool follow_kills;
	struct oomt_watch_hooks hooks;
	bool have_hooks;

	char *state_path;              /* opts.state_path, or NULL */
	char *state_buf;               /* its text, grown with the scopes */
	size_t state_cap;
	int64_t state_period_usec;     /* written at most this often */
	int64_t next_state_usec;       /* CLOCK_MONOTONIC */
};

/* state.c: the state file after a round (now: CLOCK_MONOTONIC), when one is due: 0 none
 * due, 1 written, <0 the write failed; removed at the end */
int oomt_watch_state_write(struct oomt_watch *w, int64_t now_usec);
void oomt_watch_state_remove(struct oomt_watch *w);

/* sample.c */
int oomt_watch_scope_open_cgroup(struct oomt_watch *w, const char *path, bool named,
                                 struct oomt_watch_scope_int **ret);
int oomt_watch_scope_open_host(struct oomt_watch *w, struct oomt_watch_scope_int **ret);
void oomt_watch_scope_free(struct oomt_watch_scope_int *s);
/* Read the scope's numbers now: 0, or -errno when its files are gone (drop the scope). */
int oomt_watch_scope_sample(struct oomt_watch *w, struct oomt_watch_scope_int *s,
                            int64_t now_usec);
/* Forget the samples (after a kill: the trend starts again). */
void oomt_watch_scope_reset(struct oomt_watch_scope_int *s);

/* scopes.c */
int oomt_watch_scope_add(struct oomt_watch *w, struct oomt_watch_scope_int *s);
void oomt_watch_scope_drop(struct oomt_watch *w, size_t i);
struct oomt_watch_scope_int *oomt_watch_scope_find(struct oomt_watch *w, const char *path);
/* Every limited cgroup again (all_cgroups), the named ones that came back, the limits. */
int oomt_watch_rescan(struct oomt_watch *w);
int oomt_watch_open_named(struct oomt_watch *w, const struct oomt_watch_opts *o);

/* watch.c: a new event for scope s (NULL: the caller fills scope and name), queued */
struct oomt_watch_event *oomt_watch_event_new(struct oomt_watch *w, enum oomt_watch_kind kind,
                                              const struct oomt_watch_scope_int *s);

/* kill-events.c: the follower's kills, then those only counted */
void oomt_watch_logged_kills(struct oomt_watch *w, int64_t now_usec);
void oomt_watch_counted_kills(struct oomt_watch *w, int64_t now_usec);

/* details.c: growers, next victim and advice into ev (ev->scope etc. already set). */
void oomt_watch_details(struct oomt_watch *w, const struct oomt_watch_scope_int *s,
                        struct oomt_watch_event *ev);
/* Take the growers' baseline pass when a scope starts to rise and none is recent. */
void oomt_watch_details_arm(struct oomt_watch *w, int64_t now_usec);

#endif
