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
 *   accounting.c  this boot's kills: the kernel's counters against the logs'
 *   progress.c the progress callback, and what each source spans
 * The "sources" array and the "accounting" object of the JSON are written by
 * lib/format/scan-json.c.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "event/parser.h"
#include <oomtool/scan.h>
#include "cgroup/oom-kills.h"
#include "source/reader.h"
#include "source/source.h"
#include "scan/spool.h"

/* ---- filter.c ---- */

struct oomt_scan_filter {
	int64_t since_usec, until_usec;   /* OOMT_UNKNOWN = no bound */
	const char *host;                 /* NULL = any */
	unsigned kinds;                   /* OOMT_SCAN_KIND() bits wanted */
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

/* ---- accounting.c ---- */

/* Kinds of incident the accounting needs, kept with each spool entry. */
enum {
	OOMT_SCAN_ACCT_KERNEL = 1 << 0,   /* the kernel's OOM killer's report */
	OOMT_SCAN_ACCT_KILL = 1 << 1,     /* ... and it killed a process */
};

struct oomt_scan_acct {
	bool wanted;                      /* opts.accounting */
	bool ready;                       /* oomt_scan_accounting() has an answer */
	int err;                          /* why not, once the run has begun */
	struct oomt_cgroup_fs *fs;
	struct oomt_cgroup_oom_table table;
	int table_err;
	struct oomt_scan_accounting out;  /* what oomt_scan_accounting() hands out */
	struct oomt_scan_accounting_cgroup *rows;   /* out.cgroups; paths owned */
	size_t n_rows, cap_rows;
	uint8_t *this_boot;               /* per shown incident: of this boot */
};

/* OOMT_SCAN_ACCT_* bits of ev. */
uint8_t oomt_scan_acct_bits(const struct oomt_event *ev);
/* Reads the kernel's counters, this boot's ID and start (before the logs are read, so that
 * a kill logged during the scan cannot be missing from the logs' side). */
void oomt_scan_accounting_begin(struct oomt_scan *s);
/* After the sort: this boot's logged kills, matched with the counters. <0: no memory, or
 * the spool could not be read. */
int oomt_scan_accounting_finish(struct oomt_scan *s);
void oomt_scan_accounting_done(struct oomt_scan_acct *a);

/* ---- positions.c, resume.c ---- */

/* One journal file as its header said when a scan read it: a journal whose files all say
 * the same next time has nothing new. */
struct oomt_scan_jfile {
	uint64_t dev, ino;
	uint64_t n_entries, tail_seqnum;
	char *path;                       /* while resuming only (not in the text form) */
};

/* Where one source stopped. */
struct oomt_scan_pos_entry {
	enum oomt_scan_source_kind kind;
	char *name;                       /* the source's status name */
	struct oomt_source_pos pos;       /* file: offset; kmsg: seq; journal: cursors */
	char boot_id[40];                 /* kmsg: the boot whose ring buffer it is */
	uint64_t dev, ino;                /* file: which file (a rotation renames it) */
	uint64_t size;                    /* file: its size when read */
	int64_t mtime_sec;                /* file: its modification time then */
	uint64_t fingerprint;             /* file: FNV-1a of the bytes before offset */
	bool whole;                       /* file: read whole (gzip): offset means nothing */
	bool used;                        /* (while resuming) claimed by a source */
	struct oomt_scan_jfile *jfiles;   /* journal: its files then (owned) */
	size_t n_jfiles, cap_jfiles;
};

/* An incident delivered by an earlier scan, to recognise it when it is read again. */
struct oomt_scan_seen {
	enum oomt_killer killer;
	enum oomt_kind kind;
	int64_t victim_pid, trigger_pid, failcnt, uptime_usec, time_usec;
	char boot_id[40];
	char host[72];
	/* systemd-oomd's kills only (they have no pid): the cgroup killed, and whether the
	 * log cut it (oomt_event_same() compares them by it) */
	char task_memcg[OOMT_PATH_MAX];
	bool task_memcg_cut;
};

#define OOMT_SCAN_POS_MAX 1024
#define OOMT_SCAN_SEEN_MAX 256
#define OOMT_SCAN_JFILES_MAX 4096         /* journal files remembered per journal */

struct oomt_scan_positions {
	bool loaded;                      /* from an earlier scan: its "pos begin" line */
	int64_t saved_usec;               /* when that scan ran */
	struct oomt_scan_pos_entry *v;
	size_t n, cap;
	struct oomt_scan_seen *seen;
	size_t n_seen, cap_seen;
};

/* A new entry (name copied), zeroed; NULL without memory or beyond the limit. */
struct oomt_scan_pos_entry *oomt_scan_positions_add(struct oomt_scan_positions *p,
                                                    enum oomt_scan_source_kind kind,
                                                    const char *name);
int oomt_scan_positions_add_seen(struct oomt_scan_positions *p, const struct oomt_scan_seen *e);
/* The entry of kind and name, else NULL. */
struct oomt_scan_pos_entry *oomt_scan_positions_find(const struct oomt_scan_positions *p,
                                                     enum oomt_scan_source_kind kind,
                                                     const char *name);
/* The file entry of dev/ino, else NULL. */
struct oomt_scan_pos_entry *oomt_scan_positions_find_file(const struct oomt_scan_positions *p,
                                                          uint64_t dev, uint64_t ino);
void oomt_scan_seen_from_event(struct oomt_scan_seen *e, const struct oomt_event *ev);
/* Frees an entry's owned parts (name, journal files). */
void oomt_scan_pos_entry_done(struct oomt_scan_pos_entry *e);
/* The journal files of the directories given (NULL-terminated), with their headers' counts:
 * *ret (malloc()ed, paths owned; free with oomt_scan_jfiles_free), sorted by device and
 * inode. 0, or -errno when none of the directories could be listed. */
int oomt_scan_jfiles_list(const char *const *dirs, struct oomt_scan_jfile **ret, size_t *ret_n);
void oomt_scan_jfiles_free(struct oomt_scan_jfile *v, size_t n);
/* Whether ev is an incident p saw delivered. */
bool oomt_scan_positions_saw(const struct oomt_scan_positions *p, const struct oomt_event *ev);

/* What a resumed scan keeps while it reads. */
struct oomt_scan_resumer {
	const struct oomt_scan_positions *from;   /* opts.resume, or NULL */
	struct oomt_scan_positions *reached;      /* being filled */
	bool *used;                       /* from's entries claimed by a source */
	char boot_id[40];                 /* this boot's, for kmsg ("" = unknown) */
	int64_t now_usec;
	uint64_t dropped_seen;            /* incidents recognised as delivered before */
	/* the source being read */
	bool track;
	struct oomt_source_pos start;     /* where it opened */
	bool have_start;
	struct oomt_source_pos busy_pos;  /* where the parser's current busy stretch began */
	int64_t busy_usec;                /* its first record's wall clock */
	bool busy;
	bool held;                        /* the open incident is left for the next scan */
	uint64_t dev, ino;                /* a file: the one opened */
	bool gz;
	struct oomt_scan_jfile *jfiles;   /* a journal: its files as listed before it opened */
	size_t n_jfiles;
	bool have_jfiles;
	const char **jpaths;              /* those that changed: what it opens (NULL-terminated) */
};

/* When the scan runs: the positions reached begun, this boot's ID. */
int oomt_scan_resumer_start(struct oomt_scan *s);
/* At a source's end: whether the parser's open incident is left for the next scan. */
bool oomt_scan_resume_hold(const struct oomt_scan_resumer *rs);

/* Before a source is opened: its start position into so (and the status's resume), or
 * 1 = do not read it (unchanged, or a rotated copy read before). */
int oomt_scan_resume_source(struct oomt_scan *s, struct oomt_scan_source *st,
                            const char *path, struct oomt_source_opts *so);
/* After it was read: its position reached (held back when the parser still holds an open
 * incident), into the positions reached. */
int oomt_scan_resume_done(struct oomt_scan *s, struct oomt_scan_source *st, const char *path,
                          struct oomt_source *src);
/* A source that failed or was not read: its old position carried over. */
int oomt_scan_resume_keep(struct oomt_scan *s, struct oomt_scan_source *st);
/* The incidents delivered this run (after the sort) into the positions reached. */
int oomt_scan_resume_finish(struct oomt_scan *s);
void oomt_scan_resumer_done(struct oomt_scan_resumer *rs);

/* ---- progress.c ---- */

struct oomt_scan_meter {
	struct oomt_read_meter meter;     /* first: the readers' tick gets its address */
	struct oomt_scan *scan;
	void (*fn)(const struct oomt_scan_progress *p, void *userdata);
	void *userdata;
	struct oomt_scan_progress p;
	int64_t start_usec, last_usec;    /* CLOCK_MONOTONIC */
	unsigned records;                 /* since the last look at the clock */
};

/* Start of a batch run: the meter counts the bytes of readers opened from now on. */
void oomt_scan_progress_start(struct oomt_scan *s);
/* A source begins or ends; a record was read (looks at the clock now and then). */
void oomt_scan_progress_source(struct oomt_scan *s, const char *name, bool done);
void oomt_scan_progress_record(struct oomt_scan *s);
/* End of the run: no reader counts into the scan any more. */
void oomt_scan_progress_stop(struct oomt_scan *s);
/* Sources about to be read: their number and the sizes of those files (NULL-terminated,
 * may be NULL) into the totals. */
void oomt_scan_progress_add(struct oomt_scan *s, size_t sources, const char *const *files);
/* A file source: its size and modification time (the end of what it spans) into st. */
void oomt_scan_source_stat(struct oomt_scan_source *st, const char *path);
/* What st spans, once src has been read (the journal asks sd-journal; a file's end is its
 * modification time, kmsg's is now). */
void oomt_scan_source_span(struct oomt_scan_source *st, struct oomt_source *src);
/* The first record of a source that states a wall time marks where it begins. */
void oomt_scan_source_first(struct oomt_scan_source *st, const struct oomt_record *rec);

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
	struct oomt_scan_acct acct;
	struct oomt_scan_meter progress;
	struct oomt_scan_resumer resume;
	bool reading_host;                /* the sources of oomt_scan_add_host() are read */
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
/* The same into st and spool, and without progress: what another thread may do while the
 * scan reads (journal-halves.c), as long as the scan does not resume. */
int oomt_scan_source_read_into(struct oomt_scan *s, struct oomt_source *src, size_t idx,
                               struct oomt_scan_source *st, struct oomt_scan_spool *spool,
                               bool progress);

/* ---- journal-halves.c ---- */

/* A batch read of a journal of several boots (dir, so: as the journal source takes them),
 * in two halves at once: cut in two, so set to read the first half (to the cut, on the
 * cut's handle), and the second half opened and read on another thread from now on, into
 * a spool of its own (*ret). 1: read it in one piece (so as it was); -errno, and so as it
 * was, when the second half cannot be had ... */
struct oomt_scan_halves;
int oomt_scan_journal_halves_start(struct oomt_scan *s, const char *dir,
                                   struct oomt_source_opts *so, size_t idx,
                                   struct oomt_scan_halves **ret);
/* ... then first, opened meanwhile, read here; the incidents of both into the scan's spool
 * in the order one read would have found them, their counts into source idx; h freed ... */
int oomt_scan_journal_halves_finish(struct oomt_scan_halves *h, struct oomt_source *first);
/* ... or, first not opened, the second's read waited for and dropped; h freed. */
void oomt_scan_journal_halves_cancel(struct oomt_scan_halves *h);

/* The counters a source keeps itself, into its status. */
void oomt_scan_source_take_counts(struct oomt_scan_source *st, const struct oomt_source *src);

/* ---- follow.c ---- */
void oomt_scan_follower_done(struct oomt_scan_follower *fl);

#endif
