/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_SCAN_LOGS_H
#define OOMTOOL_CMD_SCAN_LOGS_H

/*
 * scan-logs, split by job (the scan itself, sources to sorted, de-duplicated and filtered
 * incidents, batch and --follow, is the library's: oomtool/scan.h):
 *   scan-logs.c         options, the run (table in chunks, JSON, --follow), exit status
 *   scan-logs-render.c  columns, table lines, -v details
 *   scan-logs-notes.c   the accounting line, where it looked, the progress line
 *   scan-messages.c     the sources' errors and losses on stderr (shared with explain-kill)
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/event.h>
#include <oomtool/format.h>
#include <oomtool/model.h>
#include <oomtool/scan.h>
#include "output.h"

#define SL_NAME "scan-logs"

struct sl_opts {
	char **files;            /* FILE... ("-" = stdin); NULL/0 with no dirs = this host */
	size_t n_files;
	const char **dirs;       /* -D DIR, journal directories */
	size_t n_dirs;
	const char *sysroot;     /* --sysroot: this host's logs under another root */
	int64_t since_usec;      /* OOMT_UNKNOWN = no bound */
	int64_t until_usec;
	const char *host;        /* --host */
	unsigned kinds;          /* --kind: OOMT_SCAN_KIND() bits */
	bool follow;
	bool json;
	bool verbose;
	struct out_opts out;
	int ids[64];             /* -o columns */
	size_t nids;
};

/* ---- rendering (scan-logs-render.c) ---- */
extern const struct out_column sl_columns[];
extern const size_t sl_ncolumns;
extern const char sl_default_columns[];
extern const char sl_kind_columns[];     /* the defaults with --kind: KIND added */

void sl_fill_line(struct out_table *t, struct libscols_line *ln, const struct oomt_event *ev);
/* rep: the repeated allocation failures of the whole scan, or NULL (--follow). */
void sl_print_details(FILE *f, const struct oomt_event *ev, const struct oomt_alloc_repeats *rep,
                      bool bytes);
/* After the table: the allocation failures that repeat, one line per site. */
void sl_print_repeats(FILE *f, const struct oomt_alloc_repeats *rep);

/* ---- notes (scan-logs-notes.c) ---- */

/* This boot's kills the logs do not account for, in one line (true), or false when every
 * kill is accounted for or the scan has no accounting. */
bool sl_accounting_line(const struct oomt_scan *s, char *buf, size_t bufsz);
/* "journal: 3 boots since 2026-11-02; /dev/kmsg: since boot 2 days ago; /var/log/syslog*:
 * 4 files since 2026-10-28": the sources read and what they span. */
void sl_where_looked(const struct oomt_scan *s, char *buf, size_t bufsz);

/* The progress line on stderr (a terminal): opts.progress with a struct sl_progress. */
struct sl_progress {
	bool drawn;
};
void sl_progress(const struct oomt_scan_progress *p, void *userdata);
/* Takes the line back, if one was drawn. */
void sl_progress_erase(struct sl_progress *pr);

#endif
