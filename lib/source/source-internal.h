/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_INTERNAL_H
#define OOMT_SOURCE_INTERNAL_H

#include "source/source.h"
#include "source/journal-entry.h"
#include "source/needles.h"

struct oomt_source_ops {
	/* Produce the next raw unit (line, kmsg record, journal entry) and queue its message
	 * with oomt_source_queue(). 0 = queued, 1 = end, -errno. */
	int (*fill)(struct oomt_source *src);
	void (*free)(struct oomt_source *src);
	/* oomt_source_tell() (NULL: -EOPNOTSUPP) */
	int (*tell)(struct oomt_source *src, bool after, struct oomt_source_pos *ret);
};

/*
 * Common state of every source. A message may hold several lines (embedded '\n' after
 * unescaping): it is queued once and handed out line by line with the same metadata,
 * the later lines with cont set.
 */
struct oomt_source {
	const struct oomt_source_ops *ops;
	char *name;
	enum oomt_text_format fmt;
	uint64_t truncated, skipped, lost;
	bool filter_on;
	bool filter_inexact;           /* prefilter.h: oomt_source_filter_exact() */
	struct oomt_needles *needles;

	struct oomt_record tmpl;       /* metadata of the queued message */
	char host[256], ident[128], caller[32], boot_id[33];
	char pre_stamp[256];           /* record.h: pre_stamp (within a line's first 256 bytes) */
	char *pend, *pend_end;         /* rest of the queued message; NULL = none */
	unsigned pend_index;
	bool pend_truncated;
	bool pend_no_needle;           /* the queued message's line holds no needle (record.h) */
	bool pend_lead_row;            /* its first line may be a task row (record.h: lead_row;
	                                  only text files set it) */
	bool pend_lead_gap;            /* record.h: lead_gap, for its first line */

	void *priv;                    /* the kind's own state */
	bool track;                    /* opts.track_position */
	int64_t order_last_usec;       /* wall time of the last stamped record */
	int64_t first_wall_usec;       /* wall time of the first, OOMT_UNKNOWN none yet */
	int64_t last_wall_usec;        /* of the last line read with one (oomt_source_span):
	                                  a record, or a line the prefilter skipped */
	uint64_t steps_back, steps_forward; /* between stamped records, a second or more */
};

int oomt_source_alloc(const struct oomt_source_ops *ops, const char *name,
                      const struct oomt_source_opts *opts, struct oomt_source **ret);
/* A line the filter skipped had wall time usec (text-source.c: the last line of a file). */
void oomt_source_note_wall(struct oomt_source *src, int64_t usec);
/* Queue msg[0..len) (mutable, will be split at '\n' in place) with src->tmpl. */
void oomt_source_queue(struct oomt_source *src, char *msg, size_t len);
/* Copy strings into the source's own storage and point tmpl at them (NULL = unknown). */
void oomt_source_set_meta(struct oomt_source *src, const char *host, size_t host_len,
                          const char *ident, size_t ident_len, const char *caller,
                          size_t caller_len, const char *boot_id);
void oomt_record_init(struct oomt_record *rec);
/* Fill the record template from a journal entry and queue its message. */
void oomt_source_queue_journal(struct oomt_source *src, struct oomt_journal_entry *e);

/* -EACCES when <root>/{var,run}/log/journal/<machine_id>/system.journal exists but this
 * user cannot read it, else 0. */
int oomt_journal_check_access(const char *root, const char *machine_id);
/* What a journal source keeps of the journal's pages mapped (journal-source.c says why),
 * for the memory available (OOMT_UNKNOWN: not known). */
uint64_t oomt_journal_trim_budget(int64_t mem_available_bytes);
/* Every sd-journal call of ours runs between these (shared): a trim of the journal's
 * windows (journal-source.c) takes the lock exclusive. */
void oomt_journal_maps_hold(void);
void oomt_journal_maps_release(void);
/* The journal directory to open: dir, else <sysroot>/var/log/journal (into buf), else NULL:
 * this host's journals. */
const char *oomt_journal_dir(const char *dir, const struct oomt_source_opts *opts, char *buf,
                             size_t size);

/* In-place decoders; both only shrink the text. Return the new length. */
size_t oomt_kmsg_unescape(char *s, size_t len);     /* \xHH */
size_t oomt_rsyslog_unescape(char *s, size_t len);  /* #012 -> '\n', #011 -> '\t' */
size_t oomt_json_unescape(char *s, size_t len);     /* body of a JSON string, in place */

#endif
