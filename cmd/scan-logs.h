/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_SCAN_LOGS_H
#define OOMTOOL_CMD_SCAN_LOGS_H

/*
 * scan-logs, split by job:
 *   scan-logs.c         options, the run, exit status
 *   scan-logs-scan.c    sources -> parser -> events (batch and --follow)
 *   scan-logs-spool.c   where events wait to be sorted and de-duplicated (bounded memory)
 *   scan-logs-render.c  columns, table lines, -v details, JSON
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <oomtool/event.h>
#include <oomtool/format.h>
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
	bool follow;
	bool json;
	bool verbose;
	struct out_opts out;
	int ids[64];             /* -o columns */
	size_t nids;
};

/* What happened to one source: the JSON "sources" array and the stderr notes. */
struct sl_source_stat {
	char *name;              /* path, "-", journal directory, "journal", "/dev/kmsg" */
	const char *kind;        /* "file", "journal", "kmsg" */
	const char *format;      /* detected text format of a file, else NULL */
	int error;               /* 0, or -errno from opening or reading */
	bool read_error;         /* the error came after some records were read */
	uint64_t records;
	uint64_t events;
	uint64_t truncated, skipped, lost;
};

/* ---- spool (scan-logs-spool.c) ---- */
struct sl_entry {
	int64_t time_usec;       /* sort key; OOMT_UNKNOWN sorts first */
	int64_t victim_pid, trigger_pid;
	off_t off;               /* record in the spool file */
	uint64_t srcmask;        /* sources that reported this kill (bit 63 = 63 and above) */
	uint32_t rich;           /* how complete the kept record is; the richer one wins */
	uint32_t seq;            /* arrival order: ties and unknown times keep log order */
	uint32_t next_v, next_t; /* hash chains by victim pid and by trigger pid */
};

struct sl_spool {
	int fd;
	off_t end;
	size_t task_cap;         /* task rows kept per event: all for JSON, top 5 for -v, else 0 */
	struct sl_entry *v;
	size_t n, cap;
	uint32_t *by_victim, *by_trigger;
	size_t nbuckets;         /* power of two */
	uint64_t merged;         /* duplicates folded into an earlier event */
};

int sl_spool_open(struct sl_spool *s, size_t task_cap);
/* Keep ev (read from source number src); folds it into an earlier report of the same
 * kill from another source. ev is left untouched. */
int sl_spool_add(struct sl_spool *s, const struct oomt_event *ev, unsigned src);
void sl_spool_sort(struct sl_spool *s);
/* Read entry i back (with its kept task rows); oomt_event_done() it afterwards. */
int sl_spool_read(struct sl_spool *s, size_t i, struct oomt_event *ev);
void sl_spool_close(struct sl_spool *s);

/* ---- scanning (scan-logs-scan.c) ---- */
typedef int (*sl_sink_fn)(void *userdata, const struct oomt_event *ev, unsigned src);

struct sl_scan {
	const struct sl_opts *o;
	const char *name;        /* subcommand named in messages; NULL = SL_NAME */
	struct sl_source_stat *stats;
	size_t n_stats, cap_stats;
	sl_sink_fn sink;
	void *userdata;
	bool replay;             /* --follow --since: read what the log holds first */
};

/* Read every source the options name (or this host's) and hand each event to the sink. */
int sl_scan_all(struct sl_scan *sc);
/* --follow: the journal, else /dev/kmsg, until SIGINT/SIGTERM. */
int sl_scan_follow(struct sl_scan *sc);
void sl_scan_done(struct sl_scan *sc);
/* Notes on stderr for lines that were cut, skipped or lost. */
void sl_scan_report_losses(const struct sl_scan *sc);
/* Every source failed: the error is printed and the exit status is 4 when a permission
 * problem was among the causes, else 3. Some source read: -1 (go on). */
int sl_scan_failure_status(const struct sl_scan *sc);

/* ---- rendering (scan-logs-render.c) ---- */
extern const struct out_column sl_columns[];
extern const size_t sl_ncolumns;
extern const char sl_default_columns[];

/* Filters (--host, --since, --until). Unknown time or host passes, counted in *unknown. */
bool sl_event_wanted(const struct sl_opts *o, const struct oomt_event *ev,
                     uint64_t *unknown_time, uint64_t *unknown_host);
void sl_fill_line(struct out_table *t, struct libscols_line *ln, const struct oomt_event *ev);
void sl_print_details(FILE *f, const struct oomt_event *ev, bool bytes);
void sl_json_sources(struct oomt_json *j, const struct sl_scan *sc);

#endif
