/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_EXPLAIN_KILL_H
#define OOMTOOL_CMD_EXPLAIN_KILL_H

/*
 * explain-kill, split by job (the model, the findings, the live ranking and the JSON are
 * the library's: oomtool/model.h, oomtool/live.h, oomtool/model-json.h):
 *   explain-kill.c          options, choosing the incidents, -J, exit status
 *   explain-kill-collect.c  incidents from the logs (scan-logs' sources, spool and filters)
 *   explain-kill-report.c   the terminal report: headline, verdict, findings with advice
 *   explain-kill-alloc.c    the short report of an allocation failure
 *   explain-kill-table.c    the ranking table, for an incident and for --now
 *   explain-kill-now.c      --now: who the kernel would kill right now, in words
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <oomtool/event.h>
#include <oomtool/format.h>
#include <oomtool/live.h>
#include <oomtool/model.h>
#include "output.h"

#define EK_NAME "explain-kill"

struct ek_opts {
	char **files;            /* FILE... ; none = this host's journal, /dev/kmsg, /var/log */
	size_t n_files;
	const char **dirs;       /* -D DIR: journal directories */
	size_t n_dirs;
	const char *sysroot;     /* --sysroot: the logs (--now: /proc and /sys) under another root */
	const char *event_id;    /* --event ID (a prefix is enough when unique) */
	unsigned kinds;          /* --kind: OOMT_SCAN_KIND() bits; --event looks at every kind */
	bool kinds_given;
	bool all;
	int64_t since_usec, until_usec;
	size_t top;              /* ranking rows shown */
	bool now;
	bool json;
	struct out_opts out;
};

/* One incident with everything that explains it. */
struct ek_explained {
	const struct oomt_event *ev;
	struct oomt_model *model;
	struct oomt_findings *findings;
};

/* ---- collection (explain-kill-collect.c) ---- */
struct ek_set;

/* Read the logs the options name. Returns 0, or the exit status to end with (errors are
 * already reported). *ret is set on 0 only. */
int ek_collect(const struct ek_opts *o, struct ek_set **ret);
size_t ek_set_count(const struct ek_set *s);
/* The events in time order, without their task tables: the history findings look back on. */
const struct oomt_event *const *ek_set_history(const struct ek_set *s);
/* Read event i back in full (task table included); oomt_event_free() it afterwards. */
int ek_set_read(struct ek_set *s, size_t i, struct oomt_event **ret);
void ek_set_free(struct ek_set *s);

/* Model and findings for the full event ev that is history entry idx. */
int ek_explain(const struct ek_set *s, size_t idx, const struct oomt_event *ev,
               struct ek_explained *x);
void ek_explained_done(struct ek_explained *x);

/* ---- rendering ---- */
int ek_print_report(FILE *f, const struct ek_explained *x, const struct ek_opts *o);
/* explain-kill-alloc.c: the short report of an allocation failure. */
int ek_print_alloc_report(FILE *f, const struct ek_explained *x, const struct ek_opts *o);
/* The unit of an era's points, in words: "pages", "points of 1000", ... */
const char *ek_points_unit(const struct oomt_model *m, int64_t n);   /* n: the number it follows */
/* "Assumed: ...; ....\n" for the enum oomt_assume bits set, nothing when none. */
void ek_print_assumptions(FILE *f, unsigned assume, const struct oomt_event *ev);

/* The one ranking table (explain-kill-table.c): the rows oomt_model_rank_shown() picks,
 * then how many were left out. */
struct ek_ranking {
	const struct oomt_model *model;
	const struct oomt_event *ev;     /* the incident, or NULL for --now */
	const struct oomt_live *live;    /* --now: the processes (the kernel's oom_score) */
};
int ek_print_ranking(FILE *f, const struct ek_ranking *rk, const struct ek_opts *o);

/* ---- live mode (explain-kill-now.c) ---- */
int ek_now(const struct ek_opts *o);

#endif
