/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_METRICS_INTERNAL_H
#define OOMTOOL_METRICS_INTERNAL_H

/*
 * lib/metrics (oomtool/metrics.h), split by job:
 *   state.c    the state file: what it holds, its text form, the strict parser
 *   gather.c   one run: the state, the logs from their positions, the counters, the
 *              cgroups, the host, the watcher's state; the new state saved
 *   expose.c   the families, with their labels bounded, through the Prometheus writer
 *   metrics.c  the handle, options, the status, the textfile
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <oomtool/event.h>
#include <oomtool/metrics.h>
#include <oomtool/scan.h>
#include <oomtool/system-memory.h>

#define METRICS_DEFAULT_WORKLOADS 20
#define METRICS_DEFAULT_CGROUPS 50
#define METRICS_WORKLOADS_KEEP 256     /* workloads the state counts by name, per boot */
#define METRICS_KILL_KEYS 32           /* killer x scope pairs (4 x 5 exist) */
#define METRICS_STATE_MAX_BYTES (1024 * 1024)
#define METRICS_LABEL_MAX 256          /* a label value is cut to this */

/* ---- state.c ---- */

struct oomt_metrics_kills {
	char killer[24];                   /* "kernel", "earlyoom", ... */
	char scope[16];                    /* "global", "memcg", ..., "unknown" */
	uint64_t count;
};

struct oomt_metrics_workload {
	char kind[16];                     /* "unit", "container", "pod", "slice", "cgroup",
	                                      "unknown" */
	char name[METRICS_LABEL_MAX];
	uint64_t kills;
	int64_t last_usec;                 /* the latest kill's wall clock, or OOMT_UNKNOWN */
	bool labelled;                     /* has a series of its own for the rest of the boot */
};

struct oomt_metrics_last_kill {
	bool known;
	int64_t time_usec;
	char killer[24];
	char scope[16];
	char victim[OOMT_COMM_MAX];
	char workload_kind[16];
	char workload[METRICS_LABEL_MAX];
};

/* What the state file holds. */
struct oomt_metrics_state_data {
	char machine_id[40];               /* "" unknown */
	char boot_id[40];                  /* the boot the counts are of; "" unknown */
	int64_t boot_time_usec;            /* or OOMT_UNKNOWN */
	int64_t saved_usec;
	struct oomt_metrics_kills kills[METRICS_KILL_KEYS];
	size_t n_kills;
	struct oomt_metrics_workload *workloads;
	size_t n_workloads, cap_workloads;
	uint64_t workloads_dropped;        /* kills of workloads beyond METRICS_WORKLOADS_KEEP */
	uint64_t logged_kills, suppressed_headers, unattributed_kills;   /* accounting */
	struct oomt_metrics_last_kill last;  /* any boot */
	struct oomt_scan_positions *pos;   /* NULL: none */
};

void oomt_metrics_state_init(struct oomt_metrics_state_data *d);
void oomt_metrics_state_done(struct oomt_metrics_state_data *d);
/* This boot's counts back to zero (a new boot); the positions and the last kill stay. */
void oomt_metrics_state_new_boot(struct oomt_metrics_state_data *d);
/* The text form (docs/oomtool-metrics.8, FILES): d, with positions (NULL: d->pos), ending
 * in a line with the checksum of everything before it. -EIO for a write error. */
int oomt_metrics_state_write(const struct oomt_metrics_state_data *d,
                             const struct oomt_scan_positions *positions, FILE *out);
/* Strict: 0 with *d filled (init first), -EINVAL for anything the writer would not have
 * written (a line cut, a checksum that does not match, a word out of place, a number out of
 * range), -EPROTO for another version's file, -ENOMEM. On error *d is as from _init(). */
int oomt_metrics_state_parse(const char *buf, size_t len, struct oomt_metrics_state_data *d);
/* Which workloads have a series of their own: those that had one stay (a series that
 * left would move its count into "other" and back: counters must only grow); free places
 * go to the most killed of the others. */
void oomt_metrics_state_label(struct oomt_metrics_state_data *d, size_t max_labelled);
/* Count a kill of this boot. */
int oomt_metrics_state_count(struct oomt_metrics_state_data *d, const char *killer,
                             const char *scope, const char *wkind, const char *workload,
                             int64_t time_usec);

/* ---- gather.c ---- */

struct oomt_metrics_cgroup {
	char *path, *name;
	const char *kind;                  /* oomt_limits_kind_name() */
	int64_t usage_bytes, working_set_bytes, limit_bytes;
	int64_t oom_kills;                 /* OOMT_UNKNOWN when not known */
	int64_t psi_some_usec, psi_full_usec;
};

struct oomt_metrics_eta {
	char *scope, *name;
	int64_t eta_sec;
};

#define METRICS_SOURCES 9

struct oomt_metrics {
	char *sysroot;                     /* NULL: the live system */
	char *tmp_dir;
	char *state_path;                  /* "" disabled */
	char *watch_state_path;            /* "" none */
	size_t max_workloads, max_cgroups;
	bool gathered;

	struct oomt_metrics_state_data st;
	int64_t kernel_oom_kills;          /* OOMT_UNKNOWN when not read */
	bool have_accounting;
	struct oomt_system_memory mem;
	bool have_mem;
	struct oomt_memory_pressure psi;
	bool have_psi;
	struct oomt_metrics_cgroup *cgroups;
	size_t n_cgroups;
	bool watch_up;
	struct oomt_metrics_eta *etas;
	size_t n_etas;
	uint64_t source_errors[METRICS_SOURCES];   /* per label of metrics_source_names */

	struct oomt_metrics_status status;
	struct oomt_metrics_error *errors;
	size_t cap_errors;
};

extern const char *const oomt_metrics_source_names[METRICS_SOURCES];

/* Record a source's failure (source one of oomt_metrics_source_names). -ENOMEM only. */
int oomt_metrics_error_add(struct oomt_metrics *m, const char *source, const char *what,
                           int error);
int oomt_metrics_gather_all(struct oomt_metrics *m);

/* ---- expose.c ---- */

int oomt_metrics_expose(const struct oomt_metrics *m, FILE *out);

#endif
