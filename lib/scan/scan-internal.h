/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SCAN_INTERNAL_H
#define OOMT_SCAN_INTERNAL_H

/*
 * lib/scan, split by job:
 *   scan.c     the handle, options, what to read, batch run, accessors, verdict
 *   inputs.c   opening one source by kind; this host's sources; per-source status
 *   pipeline.c one source -> parser -> incidents, with the prefilter handshake
 *   spool.c    where incidents wait to be de-duplicated and sorted (bounded memory)
 *   filter.c   the time and host filter; the task rows kept per incident
 *   follow.c   follow mode
 * The "sources" JSON array is written by lib/format/scan-json.c.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "event/parser.h"
#include <oomtool/scan.h>
#include "source/source.h"
#include "scan/spool.h"

/* ---- filter.c ---- */

struct oomt_scan_filter {
	int64_t since_usec, until_usec;   /* OOMT_UNKNOWN = no bound */
	const char *host;                 /* NULL = any */
};

enum {
	OOMT_SCAN_WANTED = 1 << 0,        /* passes the filters */
	OOMT_SCAN_NO_TIME = 1 << 1,       /* kept although a time bound could not judge it */
	OOMT_SCAN_NO_HOST = 1 << 2,       /* kept although the host filter could not judge it */
};

/* OOMT_SCAN_* bits for ev; NO_TIME and NO_HOST only together with WANTED (an incident
 * dropped was decided by the other filter). */
unsigned oomt_scan_filter_check(const struct oomt_scan_filter *f, const struct oomt_event *ev);

/* The rows task_rows keeps of ev's task table: *ret_tasks is NULL (keep them all, in the
 * kernel's order, or none when *ret_n is 0), or a malloc()ed array of the *ret_n largest
 * by RSS, largest first, ties in table order. */
int oomt_scan_task_rows(const struct oomt_event *ev, enum oomt_scan_task_rows mode, size_t top,
                        struct oomt_task **ret_tasks, size_t *ret_n);

/* ---- the handle ---- */

enum oomt_scan_input_kind {
	OOMT_SCAN_INPUT_HOST,
	OOMT_SCAN_INPUT_FILE,
	OOMT_SCAN_INPUT_JOURNAL_DIR,
};

struct oomt_scan_input {
	enum oomt_scan_input_kind kind;
	char *path;
};

/* What follow mode reads and holds between oomt_scan_follow_next() calls. */
struct oomt_scan_follower {
	struct oomt_source *src;
	struct oomt_parser *p;
	struct oomt_event *ev;            /* the incident handed out last */
	unsigned quiet_ticks;             /* idle waits in a row */
	bool started, stopped;
	bool bound_is_ours;               /* since = our start time, not the caller's */
};

struct oomt_scan {
	char *sysroot;                    /* NULL = the live system */
	char *tmp_dir;
	char *host;
	struct oomt_scan_filter filter;
	enum oomt_scan_task_rows task_rows;
	size_t task_rows_top;
	bool follow;

	struct oomt_scan_input *inputs;
	size_t n_inputs, cap_inputs;

	struct oomt_scan_source *sources; /* status, one per source read or tried; names owned */
	size_t n_sources, cap_sources;

	struct oomt_scan_spool spool;
	bool ran;
	uint32_t *shown;                  /* spool positions of the incidents that passed */
	size_t n_shown;
	uint64_t kept_without_time, kept_without_host;

	struct oomt_scan_follower fl;
};

/* ---- inputs.c ---- */

/* A new status entry (name copied); NULL without memory. */
struct oomt_scan_source *oomt_scan_source_add(struct oomt_scan *s, const char *name,
                                              enum oomt_scan_source_kind kind);
/* Forget the last status entry (a source of this host that turned out not to exist). */
void oomt_scan_source_drop_last(struct oomt_scan *s);
/* The options every source of this scan shares. */
void oomt_scan_source_opts(const struct oomt_scan *s, struct oomt_source_opts *so);
/* Opens path as a file source; the /dev/kmsg device named as a file as the kmsg source. */
int oomt_scan_open_file(const struct oomt_source_opts *so, const char *path,
                        struct oomt_source **ret);
/* "<sysroot><path>", malloc()ed; NULL without memory. */
char *oomt_scan_root_path(const struct oomt_scan *s, const char *path);
/* Reads every input of the batch into the spool. <0 only for failures of the scan. */
int oomt_scan_read_inputs(struct oomt_scan *s);

/* ---- pipeline.c ---- */

/* The incident parser's needles on src, and the filter on (the parser is idle). */
int oomt_scan_prefilter_init(struct oomt_source *src);
/* One record into the parser; the prefilter may skip lines again once no incident is
 * open. */
int oomt_scan_feed(struct oomt_parser *p, struct oomt_source *src, struct oomt_scan_source *st,
                   const struct oomt_record *rec);
/* The next finished incident of p, its id set and counted in st: 0, or 1 = none. */
int oomt_scan_pop(struct oomt_parser *p, struct oomt_scan_source *st, struct oomt_event **ret);
/* Reads src to its end into the spool. A read error ends this source only (recorded in
 * st); <0 only for failures of the scan. */
int oomt_scan_source_read(struct oomt_scan *s, struct oomt_source *src, size_t idx);
/* The counters a source keeps itself, into its status. */
void oomt_scan_source_take_counts(struct oomt_scan_source *st, const struct oomt_source *src);

/* ---- follow.c ---- */
void oomt_scan_follower_done(struct oomt_scan_follower *fl);

#endif
