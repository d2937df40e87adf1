/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_METRICS_H
#define OOMTOOL_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <oomtool/common.h>

/*
 * The Prometheus exporter behind `oomtool metrics`: this boot's OOM kills from this host's
 * logs (per killer and scope, per workload with bounded labels, the last victim), the
 * kernel's own kill counter against them (unlogged kills, rate-limited headers), every
 * memory cgroup with a limit (usage, working set, limit, headroom, kills, pressure), the
 * host's memory, swap and pressure, and the time to OOM of a watcher running beside it, as
 * the Prometheus text exposition (format 0.0.4), for node_exporter's textfile collector.
 * The families are an interface: oomtool-metrics(8) lists them.
 *
 *   struct oomt_metrics_opts o = { .struct_size = sizeof(o) };
 *   struct oomt_metrics *m;
 *
 *   oomt_metrics_new(&o, &m);
 *   oomt_metrics_gather(m);
 *   oomt_metrics_write_textfile(m, "/var/lib/prometheus/node-exporter", NULL);
 *   oomt_metrics_free(m);
 *
 * One run reads what is new only: a state file keeps where each log was read up to (the
 * scan's positions, oomtool/scan.h) and this boot's counts, so that a run every minute on a
 * host with a large journal costs milliseconds. The state is written atomically; one that
 * is corrupt, cut or another machine's is not trusted: the run reads every log again and
 * writes a new one (status says so). A new boot starts this boot's counts again.
 *
 * The library never prints: what failed is in oomt_metrics_status() and, for a scrape, in
 * the families oomtool_metrics_source_errors and oomtool_metrics_scrape_duration_seconds.
 */
struct oomt_metrics;

/* Client-allocated: set struct_size = sizeof as compiled; zero members take the defaults. */
struct oomt_metrics_opts {
	uint32_t struct_size;
	const char *sysroot;          /* NULL, "" or "/" = this host; else a tree with proc/,
	                                 sys/fs/cgroup/, var/log/, run/ (tests, a dead machine) */
	const char *tmp_dir;          /* the caller's $TMPDIR, for the scan's spool; may be NULL */
	const char *state_path;       /* NULL: <sysroot>/var/lib/oomtool/metrics.state; "": no
	                                 state (every run reads every log whole) */
	const char *watch_state_path; /* NULL: <sysroot>/run/oomtool/watch.state; "": none */
	size_t max_workloads;         /* workloads named in the kill counters; the rest are
	                                 summed as name="other". 0 = 20 */
	size_t max_cgroups;           /* cgroups named in the cgroup families, and scopes in
	                                 the watcher's; 0 = 50 */
};

/* 0, -EINVAL (struct size), -ENOMEM. */
int oomt_metrics_new(const struct oomt_metrics_opts *opts, struct oomt_metrics **ret);
void oomt_metrics_free(struct oomt_metrics *m);

/* Reads everything once: the state file, the logs from their positions, the kernel's
 * counters, the memory cgroups, the host's memory and pressure, the watcher's state; then
 * writes the new state. A source that fails is recorded (oomt_metrics_status(), and the
 * family oomtool_metrics_source_errors), not an error: <0 only for failures of the run
 * itself (-ENOMEM, the scan's spool). -EALREADY when called twice. */
int oomt_metrics_gather(struct oomt_metrics *m);

/* The exposition of what oomt_metrics_gather() read, to out. 0, -EINVAL before a gather,
 * -EIO for a write error. */
int oomt_metrics_write(const struct oomt_metrics *m, FILE *out);
/* The same to dir/name (name NULL: "oomtool.prom") for node_exporter's textfile collector:
 * a temporary file in dir (a name the collector ignores), fsync, mode 0644, renamed over
 * the old file, the directory synced. 0 or -errno (the old file left as it was). */
int oomt_metrics_write_textfile(const struct oomt_metrics *m, const char *dir,
                                const char *name);

/* What became of the state file. */
enum oomt_metrics_state {
	OOMT_METRICS_STATE_NONE = 0,  /* none yet (a first run): every log read whole */
	OOMT_METRICS_STATE_LOADED,    /* read: the logs read on from their positions */
	OOMT_METRICS_STATE_NEW_BOOT,  /* read, of an earlier boot: the logs read on, this
	                                 boot's counts started again */
	OOMT_METRICS_STATE_DISABLED,  /* opts.state_path "" */
	OOMT_METRICS_STATE_CORRUPT,   /* not a state file this library writes (cut, changed,
	                                 damaged): ignored, every log read whole, replaced */
	OOMT_METRICS_STATE_FOREIGN,   /* another machine's (its machine ID), or another
	                                 version's: ignored and replaced */
	OOMT_METRICS_STATE_UNREADABLE,  /* could not be read (state_error): ignored */
};
/* "none", "loaded", "new-boot", "disabled", "corrupt", "foreign", "unreadable" */
const char *oomt_metrics_state_name(enum oomt_metrics_state s);

/* One source that failed in this run. */
struct oomt_metrics_error {
	const char *source;           /* the label of oomtool_metrics_source_errors: "journal",
	                                 "kmsg", "logfiles", "accounting", "cgroups", "memory",
	                                 "pressure", "watch", "state" */
	const char *what;             /* the log, file or directory, or "" */
	int error;                    /* -errno */
};

/* Allocated by the library: clients never allocate, copy by value or take sizeof of it;
 * members are only ever appended. Valid until oomt_metrics_free(). */
struct oomt_metrics_status {
	enum oomt_metrics_state state;
	int state_error;              /* why not loaded (-errno; -EINVAL corrupt, -EXDEV foreign) */
	int state_save_error;         /* 0, or -errno of writing the new state */
	const char *state_path;       /* "" when disabled */
	bool incremental;             /* the logs were read on from positions */
	uint64_t incidents;           /* new incidents read in this run */
	int64_t duration_usec;        /* of oomt_metrics_gather() */
	size_t n_errors;
	const struct oomt_metrics_error *errors;
};
const struct oomt_metrics_status *oomt_metrics_status(const struct oomt_metrics *m);

#endif
