/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_WATCH_H
#define OOMTOOL_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/common.h>
#include <oomtool/system-memory.h>

/*
 * The watcher: warn before the OOM, not after. For the machine and for memory cgroups it
 * samples how much memory is left every interval, fits the trend robustly, and hands out
 * events: memory pressure (PSI triggers, waited for in poll()), a time to OOM that falls
 * below a threshold (and again when it falls further), a recovery, and the OOM kills that
 * happen meanwhile (the kernel's log, followed as oomtool/scan.h follows it). Warnings
 * carry what to do next: the fastest growers (top-mem's growth), who the kernel would kill
 * now in that scope (the live model, oomtool/live.h), and what would change that.
 *
 *   struct oomt_watch_opts o = { .struct_size = sizeof(o) };
 *   struct oomt_watch *w;
 *   const struct oomt_watch_event *ev;
 *
 *   oomt_watch_new(&o, &w);
 *   while (!stop)
 *           if (oomt_watch_next(w, -1, &ev) == 0)
 *                   use(ev);
 *   oomt_watch_free(w);
 *
 * Made for a machine that is running out of memory: after oomt_watch_new() the steady
 * state (sampling, fitting, waiting) allocates nothing; buffers are bounded (samples per
 * scope, scopes, queued events and hooks); cgroup files stay open and are re-read with
 * pread(). Memory is allocated only when something happens: a new cgroup appears, an event
 * gathers its details, a kill is parsed from the log. The library does not lock memory,
 * handle signals or change limits: that is the program's choice (oomtool watch calls
 * mlockall()).
 *
 * Everything the handle hands out (scopes, events, statistics) is allocated by the library:
 * clients never allocate, copy by value or take sizeof of these structs; members are only
 * ever appended. Unknown numbers are OOMT_UNKNOWN, an unknown confidence is NaN.
 */
struct oomt_watch;

/* ---- PSI triggers ---- */

/* A pressure threshold: "some" (some task stalled on memory) or "full" (every non-idle
 * task at once) for stall_usec within each window_usec, as the kernel's PSI triggers take
 * it (Documentation/accounting/psi.rst): window 500 ms to 10 s, stall 1 us to the window.
 * Without CAP_SYS_RESOURCE the kernel accepts only windows that are multiples of 2 s (6.5+;
 * older kernels refuse unprivileged triggers). Client-allocated: set struct_size. */
struct oomt_psi_trigger {
	uint32_t struct_size;
	bool full;
	int64_t stall_usec;
	int64_t window_usec;
};

/* "some:150ms/1s", "full:1s/10s", "some:300ms/2s" (the stall and the window as
 * oomt_parse_duration() reads them; "some" or "full" may be left out: some). -EINVAL for
 * malformed text, -ERANGE for values the kernel refuses (window outside 500 ms..10 s,
 * stall 0 or longer than the window). */
int oomt_psi_trigger_parse(const char *text, struct oomt_psi_trigger *ret);
/* The same text back ("some:300ms/2s"); returns buf. */
const char *oomt_psi_trigger_format(const struct oomt_psi_trigger *t, char *buf, size_t bufsz);

/* ---- options ---- */

#define OOMT_WATCH_NO_HOST     (1u << 0)  /* do not watch the machine as a whole */
#define OOMT_WATCH_NO_PRESSURE (1u << 1)  /* no PSI: neither triggers nor reads */
#define OOMT_WATCH_NO_KILLS    (1u << 2)  /* do not follow the kernel's log for OOM kills
                                             (the kernel's kill counters still count them) */
#define OOMT_WATCH_NO_DETAILS  (1u << 3)  /* warnings without growers and next victim (they
                                             cost a pass over /proc each) */

/* Client-allocated: set struct_size = sizeof as compiled; zero members take the defaults. */
struct oomt_watch_opts {
	uint32_t struct_size;
	const char *sysroot;           /* NULL, "" or "/" = this host; else a tree with proc/ and
	                                  sys/fs/cgroup/ (tests; kills are then not followed) */
	const char *tmp_dir;           /* the caller's $TMPDIR, for the log follower; may be NULL */
	unsigned flags;                /* OOMT_WATCH_* */
	int64_t interval_usec;         /* sampling interval; 0 = 2 s (100 ms .. 1 h) */
	int64_t window_usec;           /* the trend is fitted over this much history; 0 = 2 min
	                                  (at least 5 intervals; more than 128 intervals are
	                                  thinned to 128 samples) */
	int64_t eta_warn_usec;         /* warn when the time to OOM falls below this; 0 = 10 min */
	const struct oomt_psi_trigger *pressure;  /* NULL = some 300ms/2s (allowed unprivileged) */
	/* Which cgroups: those named (paths as /proc/PID/cgroup shows them, in the hierarchy
	 * that holds the memory controller: v1's when it is mounted, else v2's) and the cgroups
	 * of the systemd units named ("nginx.service"; "nginx" means nginx.service); when none
	 * is named, every memory cgroup with a limit of its own, found again every 30 s. */
	const char *const *cgroups;
	size_t n_cgroups;
	const char *const *units;
	size_t n_units;
	size_t max_cgroups;            /* cgroups watched at most; 0 = 512 */
	size_t top_growers;            /* growers listed in a warning; 0 = 3 (at most
	                                  OOMT_WATCH_GROWERS_MAX) */
	/* A hook per event (oomt_watch_exec): run with /bin/sh -c, its environment exec_env
	 * (NULL = empty) plus the event's fields as OOMTOOL_* variables, standard input
	 * /dev/null, standard output sent to standard error. One runs at a time; the others
	 * wait in a queue of 8 (more are dropped and counted); one that outlives
	 * exec_timeout_usec (0 = 10 s) gets SIGTERM, and SIGKILL 2 s later. */
	const char *exec_command;
	char *const *exec_env;
	int64_t exec_timeout_usec;
	/* Appended: */
	const char *state_path;        /* write each scope's current numbers to this file for
	                                  another process (oomt_watch_state_read(); oomtool
	                                  metrics reads <sysroot>/run/oomtool/watch.state), after
	                                  a sampling round and at most every 10 s, replaced
	                                  atomically; removed by oomt_watch_free(). NULL: none */
};

/* 0, -EINVAL (bad options), -ENOENT (a cgroup or unit named that does not exist, nor any
 * memory hierarchy while one was named), -ENOMEM, or the -errno of reading the host's
 * /proc/meminfo while the host is watched. A cgroup without any limit is watched for
 * pressure and kills only. */
int oomt_watch_new(const struct oomt_watch_opts *opts, struct oomt_watch **ret);
/* Stops the log follower (within ~0.5 s) and a running hook (SIGTERM). */
void oomt_watch_free(struct oomt_watch *w);

/* ---- what is watched ---- */

enum oomt_watch_psi_mode {
	OOMT_WATCH_PSI_NONE = 0,       /* no pressure file: cgroup v1, no PSI, or turned off */
	OOMT_WATCH_PSI_TRIGGER,        /* a trigger the kernel wakes us for: no polling */
	OOMT_WATCH_PSI_POLLED,         /* read every interval, the trigger being refused */
};
const char *oomt_watch_psi_mode_name(enum oomt_watch_psi_mode m);  /* "none", "trigger", "polled" */

struct oomt_watch_scope {
	const char *path;              /* "host", or the cgroup path ("/system.slice/x.service") */
	const char *name;              /* "host", or the workload (oomt_cgroup_unit_name()) */
	int cgroup_version;            /* 1 or 2; 0 for the host */
	/* pressure */
	enum oomt_watch_psi_mode psi_mode;
	int psi_error;                 /* why not a trigger (or not even polled): -errno of
	                                  opening or writing the file, or 0 */
	bool psi_window_rounded;       /* the trigger's window was rounded up to a multiple of
	                                  2 s (and its stall scaled): unprivileged */
	bool psi_full;                 /* the threshold in use */
	int64_t psi_stall_usec;
	int64_t psi_window_usec;
	/* the last sample and the trend */
	int64_t limit_bytes;           /* host: MemTotal + SwapTotal; a cgroup: its effective
	                                  limit (the tightest of it and its ancestors) */
	int64_t used_bytes;            /* host: limit - available; a cgroup: usage minus its
	                                  inactive file cache (reclaimed first, as docker stats'
	                                  and the kubelet's working set count it) */
	int64_t available_bytes;       /* host: MemAvailable + SwapFree; cgroup: limit - used */
	int64_t growth_bytes_per_sec;  /* the fitted trend of used_bytes */
	double confidence;             /* 0..1: how well a steady growth explains the samples */
	int64_t eta_sec;               /* available / growth, while growing with confidence */
	size_t samples;                /* in the trend window */
	bool warned;                   /* an ETA warning stands (no recovery yet) */
	bool under_pressure;           /* a pressure event stands */
	uint64_t oom_kills;            /* kills in this scope while watching */
};
/* The scopes, the host first when it is watched. Valid until the next oomt_watch_next(). */
size_t oomt_watch_scope_count(const struct oomt_watch *w);
const struct oomt_watch_scope *oomt_watch_scope(const struct oomt_watch *w, size_t i);

/* How the kills are followed: 0 = the log (source names the journal or /dev/kmsg), else
 * the -errno that stopped it (-EACCES: not allowed to read the log; then kills are still
 * counted, from /proc/vmstat and the cgroups' counters, without their victims). */
int oomt_watch_kill_source(const struct oomt_watch *w, const char **ret_source);

/* ---- events ---- */

enum oomt_watch_kind {
	OOMT_WATCH_PRESSURE = 1,       /* a PSI trigger fired (or the polled stall exceeded it) */
	OOMT_WATCH_ETA,                /* the time to OOM fell below eta_warn, or halved since
	                                  the last warning */
	OOMT_WATCH_OOM_KILL,           /* a process was killed for lack of memory */
	OOMT_WATCH_RECOVERED,          /* an ETA warning or pressure no longer stands */
};
const char *oomt_watch_kind_name(enum oomt_watch_kind k);  /* "pressure", "eta", ... */

#define OOMT_WATCH_GROWERS_MAX 8
#define OOMT_WATCH_ADVICE_MAX 6
#define OOMT_WATCH_NAME_MAX 72
#define OOMT_WATCH_PATH_MAX 1024

/* A process that grew fastest in the scope (top-mem's growth: RSS + swap). */
struct oomt_watch_grower {
	int64_t pid;
	char name[OOMT_WATCH_NAME_MAX];
	char cgroup[256];              /* its memory cgroup, as top-mem shows it */
	int64_t rss_bytes;
	int64_t growth_bytes_per_sec;
	int64_t oom_score_adj;
	int64_t cgroup_limit_bytes;    /* the tightest limit over it, or OOMT_UNKNOWN: none */
};

/* Who the kernel would kill now in the scope (the live model's pick). */
struct oomt_watch_victim {
	int64_t pid;
	char name[OOMT_WATCH_NAME_MAX];
	int64_t rss_bytes;
	int64_t swap_bytes;
	int64_t oom_score_adj;
	int64_t points;                /* badness points (pages on 3.6+) */
	int64_t oom_score;             /* the kernel's /proc/PID/oom_score */
	bool is_top_grower;            /* the same process as growers[0] */
	int64_t runner_up_pid;         /* next in line, or OOMT_UNKNOWN */
	int64_t grower_lead_bytes;     /* its badness ahead of growers[0], as bytes (3.6+ rules),
	                                  or OOMT_UNKNOWN */
};

/* What would change the outcome: codes with the numbers their wording needs. */
enum oomt_watch_advice_code {
	/* the next victim is not the fastest grower: an innocent process dies first (pid =
	 * the grower, bytes = the victim's lead in badness, as bytes) */
	OOMT_WATCH_ADVICE_VICTIM_NOT_GROWER = 1,
	/* the fastest grower is protected by oom_score_adj < 0 (pid, value = its adj; -1000:
	 * exempt, the kernel can never pick it) */
	OOMT_WATCH_ADVICE_GROWER_PROTECTED,
	/* host: the fastest grower's cgroup has no memory limit; one would confine the OOM to
	 * it (pid) */
	OOMT_WATCH_ADVICE_GROWER_UNLIMITED,
	/* cgroup: a larger limit only delays a steady leak (sec = time one more GiB buys at
	 * this rate) */
	OOMT_WATCH_ADVICE_LIMIT_DELAYS,
	/* host without swap: sec = time one GiB of swap would buy at this rate */
	OOMT_WATCH_ADVICE_NO_SWAP,
	/* host: swap is counted as available and most of it is used already (bytes free) */
	OOMT_WATCH_ADVICE_SWAP_LOW,
};
const char *oomt_watch_advice_name(enum oomt_watch_advice_code c);  /* "victim_not_grower" */

struct oomt_watch_advice {
	enum oomt_watch_advice_code code;
	int64_t pid;                   /* or OOMT_UNKNOWN */
	int64_t value;
	int64_t bytes;
	int64_t sec;
};

/* A kill seen while watching. */
struct oomt_watch_kill {
	int64_t pid;                   /* the victim, or OOMT_UNKNOWN (counted, not logged) */
	char name[OOMT_WATCH_NAME_MAX];
	const char *killer;            /* "kernel", "earlyoom", "systemd-oomd", "nohang", ... */
	const char *constraint;        /* "global", "memcg", ...; NULL when unknown */
	char memcg[OOMT_WATCH_PATH_MAX];  /* the cgroup that hit its limit, or "" */
	int64_t rss_bytes;             /* the victim's RSS when it was killed */
	int64_t oom_score_adj;
	int64_t count;                 /* kills the kernel's counter saw (1 for a logged one) */
	bool logged;                   /* from the log (else from the counter alone) */
};

struct oomt_watch_event {
	enum oomt_watch_kind kind;
	int64_t time_usec;             /* wall clock */
	char scope[OOMT_WATCH_PATH_MAX];  /* "host" or the cgroup path */
	char name[256];                   /* "host" or the workload */
	int cgroup_version;            /* 0 for the host */
	int64_t limit_bytes, used_bytes, available_bytes;
	int64_t growth_bytes_per_sec;
	int64_t eta_sec;
	double confidence;
	unsigned warning;              /* ETA: 1 for the first warning, 2.. as it falls further */
	enum oomt_watch_kind recovered_from;  /* RECOVERED: OOMT_WATCH_ETA or _PRESSURE */
	int64_t duration_usec;         /* RECOVERED: how long the warning or pressure stood */
	/* pressure of the scope when the event was made */
	enum oomt_watch_psi_mode psi_mode;
	bool psi_full;
	int64_t psi_stall_usec, psi_window_usec;
	bool has_psi;
	struct oomt_memory_pressure psi;
	/* what to do next (ETA and pressure events) */
	int details_error;             /* 0, or why growers/victim are missing (-EBUSY: too
	                                  many warnings at once; -EACCES...) */
	size_t n_growers;
	struct oomt_watch_grower growers[OOMT_WATCH_GROWERS_MAX];
	bool has_victim;
	struct oomt_watch_victim victim;
	size_t n_advice;
	struct oomt_watch_advice advice[OOMT_WATCH_ADVICE_MAX];
	/* OOM_KILL */
	bool has_kill;
	struct oomt_watch_kill kill;
};

/* Waits for the next event, up to timeout_ms (-1: no limit). 0 = *ret is one (valid until
 * the next call); 1 = none yet: the time ran out, a signal interrupted the wait (the
 * library installs no handler: check your stop flag and call again), or the watcher has
 * just done a chore (oomt_watch_chores: a caller that keeps its resident set small can
 * trim now what the chore left behind); <0 = a failure of the watcher itself (-ENOMEM).
 * A scope whose files fail is dropped, not an error. */
int oomt_watch_next(struct oomt_watch *w, int timeout_ms, const struct oomt_watch_event **ret);

/* How many chores the watcher has done so far: looking for new and removed cgroups (every
 * 30 s) and writing its state file (every state period). Their code runs once in a while
 * and its pages need not stay resident. */
uint64_t oomt_watch_chores(const struct oomt_watch *w);

/* Events dropped because the caller did not take them fast enough (the queue holds 16). */
uint64_t oomt_watch_events_dropped(const struct oomt_watch *w);

/* ---- hooks ---- */

/* Run the exec_command for ev (see struct oomt_watch_opts), message (may be NULL) as
 * OOMTOOL_MESSAGE. 0 = started or queued; -EBUSY = the queue is full (dropped, counted);
 * -EINVAL = no exec_command. The variables: OOMTOOL_KIND, OOMTOOL_TIME (RFC 3339),
 * OOMTOOL_SCOPE, OOMTOOL_NAME, OOMTOOL_CGROUP_VERSION, OOMTOOL_LIMIT_BYTES,
 * OOMTOOL_USED_BYTES, OOMTOOL_AVAILABLE_BYTES, OOMTOOL_GROWTH_BYTES_PER_SEC,
 * OOMTOOL_ETA_SEC, OOMTOOL_CONFIDENCE, OOMTOOL_WARNING, OOMTOOL_RECOVERED_FROM,
 * OOMTOOL_PSI_MODE, OOMTOOL_PSI_SOME_AVG10, OOMTOOL_PSI_FULL_AVG10, OOMTOOL_TOP_GROWERS
 * ("pid:name:bytes_per_sec" separated by spaces), OOMTOOL_NEXT_VICTIM_PID,
 * OOMTOOL_NEXT_VICTIM_NAME, OOMTOOL_ADVICE (codes separated by spaces),
 * OOMTOOL_KILLED_PID, OOMTOOL_KILLED_NAME, OOMTOOL_KILLER; a variable whose value is
 * unknown is left out. */
int oomt_watch_exec(struct oomt_watch *w, const struct oomt_watch_event *ev, const char *message);

/* Wait for the running hook and those queued to end (each within its timeout), up to
 * timeout_ms (-1: no limit): what a program stopping on its own does before
 * oomt_watch_free(), which would stop them. 0 = none left; 1 = the time ran out or a signal
 * came. */
int oomt_watch_exec_flush(struct oomt_watch *w, int timeout_ms);

struct oomt_watch_exec_stats {
	uint64_t started;
	uint64_t failed;               /* exited non-zero, killed by a signal, or not started */
	uint64_t timed_out;            /* of the failed: ran past the timeout */
	uint64_t dropped;              /* the queue was full */
	int last_status;               /* wait status of the last one that ended */
	int last_error;                /* -errno of the last one that could not start, or 0 */
};
const struct oomt_watch_exec_stats *oomt_watch_exec_stats(const struct oomt_watch *w);

/* ---- the watcher's state, read by another process ----
 *
 * What opts.state_path holds: when it was written and how often it is, and each scope's
 * last sample and trend. A text file of lines of words (as oomtool-watch(1) documents):
 *   oomtool-watch-state 1
 *   updated UPDATED_USEC PERIOD_USEC PID
 *   scope VERSION LIMIT USED AVAILABLE GROWTH ETA_SEC CONFIDENCE_PERMILLE WARNED PRESSURE
 *         SCOPE NAME                                     (one line per scope)
 *   end
 * numbers in decimal, "-" when unknown, SCOPE and NAME escaped (bytes below 0x21, 0x7f and
 * '%' as %XX). */

/* One scope in a state file. Allocated by the library (see above). */
struct oomt_watch_state_scope {
	const char *scope;             /* "host" or the cgroup path */
	const char *name;              /* "host" or the workload */
	int cgroup_version;            /* 1, 2; 0 for the host */
	int64_t limit_bytes;
	int64_t used_bytes;
	int64_t available_bytes;
	int64_t growth_bytes_per_sec;
	int64_t eta_sec;               /* OOMT_UNKNOWN while not growing with confidence */
	double confidence;             /* NaN when unknown */
	bool warned;                   /* an ETA warning stands */
	bool under_pressure;           /* a pressure event stands */
};

/* A state file read back. Allocated by the library (see above). */
struct oomt_watch_state {
	int64_t updated_usec;          /* wall clock of the write */
	int64_t period_usec;           /* the watcher writes at least this often */
	int64_t pid;                   /* the watcher's process */
	size_t n_scopes;
	const struct oomt_watch_state_scope *scopes;
};

/* Reads a state file (at most 1 MiB). 0; -ENOENT when there is none (no watcher, or one
 * that stopped); -EINVAL when it is not one the watcher writes (nothing of it is used);
 * -EFBIG, -ENOMEM, -errno of reading. */
int oomt_watch_state_read(const char *path, struct oomt_watch_state **ret);
/* The same from memory (the parser alone; fuzzed). */
int oomt_watch_state_parse(const char *buf, size_t len, struct oomt_watch_state **ret);
void oomt_watch_state_free(struct oomt_watch_state *st);
/* Whether st was written recently enough at now_usec (wall clock) for its watcher to be
 * running: within three periods (and 5 s); a watcher stopped, hung or killed is not. */
bool oomt_watch_state_fresh(const struct oomt_watch_state *st, int64_t now_usec);

#endif
