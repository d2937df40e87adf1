/* SPDX-License-Identifier: MIT */
/*
 * Text logs (every format of line-prefix*.c, journalctl -o json and -o export), plain or
 * gzip, from a file or stdin, through one bounded buffer. Each line's transport prefix and
 * noise are parsed off (line-prefix.c); the state of the transports whose lines do not
 * stand alone (the year of RFC 3164 stamps, dmesg -e's running time, dmesg -J's open
 * object, logcat -v long's header) is kept here, one of each per file, and fed every line
 * in order.
 *
 * Multi-line records: util-linux dmesg and journalctl print the later lines of a message
 * indented to the message column with no stamp; such a line becomes a record with cont
 * set and the previous record's metadata. rsyslog's "#012" and /dev/kmsg's "\x0a" split
 * one line into several records the same way.
 *
 * Prefilter: while the filter is on, the buffer is searched for the needles directly and
 * only lines holding one are parsed. The last skipped unindented line is remembered (its
 * first bytes), so that a matching continuation line still gets its record's metadata.
 * With the filter on or off, each line is marked for whether it holds a needle (record.h:
 * no_needle), and the paste sample is taken, alike.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include "source/line-prefix.h"
#include "source/reader.h"
#include "source/scout.h"
#include "source/source-internal.h"
#include "util/cpus.h"
#include "util/text.h"

#define SKIPPED_LINE_MAX 1024
#define WRAP_MAX 16384           /* a line rejoined from screen rows (a record is ~1 KiB) */
#define WRAP_MIN_WIDTH 40        /* narrower "screens" are not taken for wraps */
#define TRACK_LINES 64           /* skipped lines looked at for the format (prefilter) */
#define SCOUT_MIN_BYTES (16u << 20)  /* a smaller file is read before a thread pays */
#define SCOUT_READ (16 * 1024)   /* the reader's reads while scouted: a report's lines */
#define LOOKBACK 4096            /* read before a line jumped to, for the one skipped */

struct text_state {
	struct oomt_reader rd;
	enum oomt_text_format hint;     /* format of the last line that had a prefix */
	bool export;                    /* journalctl -o export stream */
	bool verbose;                   /* journalctl -o verbose */
	struct oomt_journal_verbose_head verbose_next;  /* its next entry's header line */
	bool have_prev;                 /* a prefixed record was delivered: continuation ok */
	struct oomt_line_clock clock;   /* wall time of stamps, year of RFC 3164 ones */
	struct oomt_dmesg_reltime reltime;      /* dmesg -e */
	struct oomt_dmesg_json_object djson;    /* dmesg -J */
	bool long_open;                 /* logcat -v long: a header is in effect ... */
	struct oomt_line_prefix long_p; /* ... its prefix ... */
	char long_head[SKIPPED_LINE_MAX + 1];   /* ... and its line, as parsed */
	char skipped_line[SKIPPED_LINE_MAX + 1]; /* last skipped unindented line (prefilter) */
	char skipped_next[SKIPPED_LINE_MAX + 1]; /* a candidate for it, being looked at */
	size_t skipped_len;
	bool skipped_valid;
	struct oomt_journal_entry entry;
	char *msgbuf;                   /* journal message buffer */
	unsigned track_lines;           /* skipped lines looked at for the format (prefilter) */
	char *djson_rest;               /* the objects left on a dmesg -J line (a one-line
	                                   document): they are read before the next line */
	size_t width;                   /* longest line seen: a screen's width when pasted */
	unsigned width_hits;            /* lines seen of exactly that length */
	char *wrap;                     /* a line rejoined from its screen rows (WRAP_MAX + 1) */
	bool sampled;                   /* the file's start was looked at for a paste */
	size_t wrap_width;              /* the width the sample saw lines wrapped at, 0 none */
	bool unfiltered;                /* a paste (wrapped or numbered lines): no prefilter, a
	                                   needle may be cut by a screen wrap */
	bool screen_pads;               /* a screen copy whose rows kept their padding on one
	                                   line (line-prefix.h: oomt_noise_join_screen_pads) */
	uint64_t lines;                 /* lines read (the filter's skipped ones not counted) */
	struct oomt_line_prefix_cache prefix_cache;   /* the last line's head (syslog) */
	const char *nd_from, *nd_to;    /* with the filter off: the buffered text searched for */
	const char *nd_match;           /* needles, and the first found there (or NULL) */
	unsigned nd_gen;                /* the reader's gen then */
	int last_mon;                   /* month of the last year-less stamp */
	bool seekable;                  /* a regular file read as it is (not gzip): positions */
	uint64_t unit_start;            /* offset where the last fill began (track_position) */
	uint64_t size;                  /* a regular file's size when opened, else 0 */
	uint64_t scout_min;             /* the size from which the scout searches ahead */
	struct oomt_scout *scout;       /* scout.c: the filter's search on a second CPU */
	bool scout_tried;
	uint64_t scouted;               /* bytes the scout searched (stopped ones) */
	bool scout_wait;                /* source.h: scout_wait */
	bool split_rest;                /* the reader is within a line split_joined() cut */
	bool split_syslog;              /* ... a syslog line's: its next part is that line's */
	bool syslog_part;               /* the line being read is such a part */
	struct {                        /* the syslog line's prefix, for each of its parts */
		char host[256], ident[128];
		bool has_host, has_ident;
		int64_t realtime_usec, ident_pid;
		int priority, facility;
		bool year_guessed;
	} part;
	char look[OOMT_LEAD_LINE_MAX + 1];   /* a skipped line looked at for a task row */
	unsigned lead_lines;            /* lines to hand out before the needle's (record.h) */
	bool lead_ok;                   /* the line being queued may be a lead row */
	bool run_open;                  /* the lines skipped right before the reader, not all
	                                   buffered any more (the scout's jumps), may end in
	                                   task rows */
	uint64_t gap_from;              /* the offset after the last line handed out */
	bool last_lead;                 /* the last record queued was a lead row ... */
	bool lead_gap;                  /* ... and lines that give records were skipped since */
	bool scout_skipped;             /* the scout's hits skipped lines since the last line
	                                   handed out (lead_lookback looks at them) */
	bool qp;                        /* a mail's quoted-printable body (sample_paste) */
	char *qpbuf;                    /* a line joined at its soft breaks (WRAP_MAX + 1) */
};

static bool multiline_format(enum oomt_text_format f)
{
	return f == OOMT_FMT_DMESG || f == OOMT_FMT_DMESG_CTIME || f == OOMT_FMT_DMESG_ISO ||
	       f == OOMT_FMT_DMESG_RELTIME || f == OOMT_FMT_SYSLOG || f == OOMT_FMT_SYSLOG_ISO ||
	       f == OOMT_FMT_RFC5424;
}

static bool is_kernel_buffer_format(enum oomt_text_format f)
{
	return f == OOMT_FMT_DMESG || f == OOMT_FMT_DMESG_CTIME || f == OOMT_FMT_DMESG_ISO ||
	       f == OOMT_FMT_DMESG_RELTIME || f == OOMT_FMT_DMESG_JSON || f == OOMT_FMT_KMSG;
}

/* Record template from a parsed prefix. */
static void apply_prefix(struct oomt_source *src, struct text_state *t, const char *line,
                         const struct oomt_line_prefix *p, bool replay)
{
	struct oomt_record *r = &src->tmpl;
	const char *ident = p->ident_len ? line + p->ident_off : NULL;
	size_t ident_len = p->ident_len;
	const char *host = p->host_len ? line + p->host_off : NULL;

	oomt_record_init(r);
	/* The kernel ring buffer formats carry no identifier: their lines are the kernel's,
	 * unless the facility says a userspace program wrote them into /dev/kmsg (or, in
	 * JSON, there is no "pri": not dmesg's, just JSON with a "msg"). */
	if (!ident && is_kernel_buffer_format(p->fmt) && p->facility <= 0 &&
	    !(p->djson && p->priority < 0))
		ident = "kernel", ident_len = 6;
	/* what an author put in place of the host: "...", "xxx.xxx", "<host>" */
	if (host && (oomt_text_is_elision(host, p->host_len, "xX") ||
	             (p->host_len > 2 && host[0] == '<' && host[p->host_len - 1] == '>')))
		host = NULL;
	oomt_source_set_meta(src, host, host ? p->host_len : 0, ident,
	                     ident_len, p->caller_len ? line + p->caller_off : NULL,
	                     p->caller_len, NULL);
	r->uptime_usec = p->uptime_usec;
	t->clock.guessed = false;
	if (p->fmt == OOMT_FMT_DMESG_RELTIME || (p->djson && (p->has_delta || p->djson_reltime)))
		r->realtime_usec = oomt_dmesg_reltime_next(&t->reltime, &t->clock, p, replay);
	else
		r->realtime_usec = oomt_line_clock_realtime(&t->clock, p);
	r->year_guessed = t->clock.guessed && r->realtime_usec != OOMT_UNKNOWN;
	/* a year-less month going back: the year steps (line-prefix-clock.c) on the lines seen,
	 * and the filter does not see them all (prefilter.h: oomt_source_filter_exact) */
	if (!replay && p->has_civil && p->civil.year == 0 && !p->ref_year && p->civil.mon > 0) {
		if (p->civil.mon < t->last_mon)
			src->filter_inexact = true;
		t->last_mon = p->civil.mon;
	}
	r->ident_pid = p->ident_pid;
	r->priority = p->priority;
	r->facility = p->facility;
	r->cont = p->kmsg_cont;
}

static void note_format(struct oomt_source *src, struct text_state *t, enum oomt_text_format f)
{
	if (f == OOMT_FMT_PLAIN) {
		if (src->fmt == OOMT_FMT_AUTO)
			src->fmt = OOMT_FMT_PLAIN;
		return;
	}
	/* With the filter on, the format of skipped lines is only looked at for the file's
	 * first lines (track_skipped): a second format, or a first one after those lines,
	 * may be read otherwise (prefilter.h: oomt_source_filter_exact) */
	if (t->hint != OOMT_FMT_AUTO ? f != t->hint : t->lines > TRACK_LINES)
		src->filter_inexact = true;
	t->hint = f;
	if (src->fmt == OOMT_FMT_AUTO || src->fmt == OOMT_FMT_PLAIN)
		src->fmt = f;
}

/* "kernel: msg" alone (line-prefix.h: bare) */
static bool bare_kernel(const char *line, const struct oomt_line_prefix *p)
{
	return p->ident_len == 6 && memcmp(line + p->ident_off, "kernel", 6) == 0;
}

/* The prefilter found a continuation line: recover its record's metadata from the last
 * skipped header line. */
static void restore_skipped(struct oomt_source *src, struct text_state *t)
{
	struct oomt_line_prefix p;

	if (!t->skipped_valid)
		return;
	t->skipped_valid = false;
	oomt_parse_line_prefix(t->skipped_line, t->skipped_len, t->hint, &p);
	if (p.fmt == OOMT_FMT_PLAIN || p.json || p.kmsg_dict || p.djson) {
		t->have_prev = false;
		return;
	}
	apply_prefix(src, t, t->skipped_line, &p, true);
	note_format(src, t, p.fmt);
	t->have_prev = !(p.bare && !bare_kernel(t->skipped_line, &p));    /* as queue_line */
}

/* At the end of the file: the last line the filter skipped that had a prefix is the file's
 * last dated line (oomt_source_span), when no record came after it. */
static void note_last_skipped(struct oomt_source *src, struct text_state *t)
{
	struct oomt_line_prefix p;

	if (!t->skipped_valid)
		return;
	t->skipped_valid = false;
	oomt_parse_line_prefix(t->skipped_line, t->skipped_len, t->hint, &p);
	if (p.fmt == OOMT_FMT_PLAIN || p.json || p.kmsg_dict || p.djson)
		return;
	oomt_source_note_wall(src, p.fmt == OOMT_FMT_DMESG_RELTIME ? t->reltime.last_usec
	                                                          : oomt_line_clock_realtime(&t->clock, &p));
}

static int queue_json(struct oomt_source *src, struct text_state *t, char *line, size_t len,
                      bool cut)
{
	if (oomt_journal_json_parse(line, len, &t->entry) < 0 || !t->entry.has_msg) {
		src->skipped++;
		return 1;
	}
	/* a cut line yields what it holds, flagged */
	if (cut)
		t->entry.msg_truncated = true;
	oomt_source_queue_journal(src, &t->entry);
	t->have_prev = false;
	return 0;
}

/* dmesg -J "msg" line: the record of the object; the message unescaped in place. */
static int queue_djson(struct oomt_source *src, struct text_state *t, char *line,
                       const struct oomt_line_prefix *p, bool cut)
{
	struct oomt_line_prefix o;
	char *msg = line + p->msg_off;
	size_t mlen;

	oomt_dmesg_json_collect(&t->djson, line, p);
	o = t->djson.fields;
	oomt_dmesg_json_end(&t->djson);
	o.caller_len = 0;
	apply_prefix(src, t, line, &o, false);
	if (t->djson.fields.caller_len)
		oomt_source_set_meta(src, NULL, 0, o.facility <= 0 ? "kernel" : NULL,
		                     o.facility <= 0 ? 6 : 0, t->djson.caller,
		                     t->djson.fields.caller_len, NULL);
	note_format(src, t, OOMT_FMT_DMESG_JSON);
	t->have_prev = false;
	src->tmpl.truncated = cut;
	if (p->djson_rest_off)
		t->djson_rest = line + p->djson_rest_off;   /* not touched by the unescape */
	mlen = oomt_json_unescape(msg, p->msg_len);
	msg[mlen] = '\0';
	if (cut)
		src->truncated++;
	oomt_source_queue(src, msg, mlen);
	return 0;
}

/* "[ 4321]     0 ...", "[  12345]  1000 ...": where a task-table row starts (record.h:
 * lead_row), blanks before it allowed. The parser reads the row; this only finds one. */
static bool row_start(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *q;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p++ != '[')
		return false;
	while (p < end && *p == ' ')
		p++;
	for (q = p; p < end && *p >= '0' && *p <= '9'; p++)
		;
	if (p == q)
		return false;
	while (p < end && *p == ' ')
		p++;
	if (p == end || *p++ != ']')
		return false;
	for (q = p; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	return p > q && p < end && *p >= '0' && *p <= '9';
}

/* logcat -v long prints each message below a header line of its own, then a blank line
 * (line-prefix.h: logcat_head): the header opens an entry whose fields the lines after it
 * take; a blank line, or a line with a prefix of its own, ends it. Only the last header
 * is kept. */
static void long_open(struct text_state *t, const char *line, size_t len,
                      const struct oomt_line_prefix *p)
{
	t->long_open = len <= SKIPPED_LINE_MAX;
	if (!t->long_open)
		return;
	memcpy(t->long_head, line, len);
	t->long_head[len] = '\0';
	t->long_p = *p;
}

/* A line without a prefix of its own, p: the long entry's, or a blank line ending it. */
static bool long_line(struct text_state *t, const struct oomt_line_prefix *p)
{
	if (t->long_open && !p->continuation && p->msg_len == 0)
		t->long_open = false;
	return t->long_open;
}

/* The prefix of a syslog line split_joined() cut, for its later parts (src->tmpl as the
 * line's first part got it). */
static void keep_part_prefix(struct text_state *t, const struct oomt_record *r)
{
	t->part.has_host = r->host != NULL;
	t->part.has_ident = r->ident != NULL;
	if (r->host)
		snprintf(t->part.host, sizeof(t->part.host), "%s", r->host);
	if (r->ident)
		snprintf(t->part.ident, sizeof(t->part.ident), "%s", r->ident);
	t->part.realtime_usec = r->realtime_usec;
	t->part.ident_pid = r->ident_pid;
	t->part.priority = r->priority;
	t->part.facility = r->facility;
	t->part.year_guessed = r->year_guessed;
}

/* A later part of a cut syslog line ("[  970.000001] b", read as a dmesg line): the
 * syslog line's time, host and ident, its own kernel stamp and caller. */
static void part_prefix(struct oomt_source *src, struct text_state *t, const char *line,
                        const struct oomt_line_prefix *p)
{
	struct oomt_record *r = &src->tmpl;

	apply_prefix(src, t, line, p, false);
	oomt_source_set_meta(src, t->part.has_host ? t->part.host : NULL,
	                     t->part.has_host ? strlen(t->part.host) : 0,
	                     t->part.has_ident ? t->part.ident : NULL,
	                     t->part.has_ident ? strlen(t->part.ident) : 0,
	                     p->caller_len ? line + p->caller_off : NULL, p->caller_len, NULL);
	r->realtime_usec = t->part.realtime_usec;
	r->year_guessed = t->part.year_guessed;
	r->ident_pid = t->part.ident_pid;
	r->priority = t->part.priority;
	r->facility = t->part.facility;
}

/* One line -> queued message. 0 = queued, 1 = nothing to deliver (dictionary line, logcat
 * -v long's header). */
static int queue_line(struct oomt_source *src, struct text_state *t, char *line, size_t len,
                      bool cut, bool via_filter)
{
	struct oomt_line_prefix p;
	char *msg;
	size_t mlen;
	bool unprefixed;

	oomt_parse_line_prefix_cached(&t->prefix_cache, line, len, t->hint, &p);
	if (p.kmsg_dict)
		return 1;
	if (p.djson) {
		note_format(src, t, p.fmt);
		if (p.djson_msg)
			return queue_djson(src, t, line, &p, cut);
		oomt_dmesg_json_collect(&t->djson, line, &p);
		return 1;
	}
	if (p.json) {
		note_format(src, t, OOMT_FMT_JOURNAL_JSON);
		return queue_json(src, t, line, len, cut);
	}
	if (p.logcat_head) {
		long_open(t, line, len, &p);
		note_format(src, t, p.fmt);
		t->have_prev = false;
		t->skipped_valid = false;
		return 1;
	}
	unprefixed = p.continuation || p.fmt == OOMT_FMT_PLAIN;
	if (unprefixed && via_filter)
		restore_skipped(src, t);
	if (!unprefixed)
		t->long_open = false;
	if (t->syslog_part && p.fmt == OOMT_FMT_DMESG && !p.continuation) {
		/* a later part of a syslog line split_joined() cut: that line's prefix; the
		 * syslog line's format stays the file's */
		part_prefix(src, t, line, &p);
		t->have_prev = true;
		src->tmpl.truncated = cut;
	} else if (unprefixed && long_line(t, &p)) {
		struct oomt_line_prefix h = t->long_p;  /* logcat -v long: the header's */

		apply_prefix(src, t, t->long_head, &h, false);
		note_format(src, t, h.fmt);
		t->have_prev = false;
		src->tmpl.truncated = cut;
		src->pend_lead_row = t->lead_ok && !cut && row_start(line + p.msg_off, p.msg_len);
	} else if (unprefixed && t->have_prev && multiline_format(t->hint)) {
		/* A line without any prefix right after a prefixed one is the rest of a line
		 * that a pager, a terminal or a mail client wrapped (pasted logs), or a
		 * transport split: it belongs to the same record, not to an unknown host. */
		src->tmpl.cont = true;
		src->tmpl.truncated = cut;
	} else {
		if (unprefixed)
			p.fmt = OOMT_FMT_PLAIN;
		apply_prefix(src, t, line, &p, false);
		note_format(src, t, p.fmt);
		/* a program's "ident[pid]: msg" alone gets no text lines after it: without a
		 * stamp they are as likely the kernel's (a console log) as its rest */
		t->have_prev = p.fmt != OOMT_FMT_PLAIN && !(p.bare && !bare_kernel(line, &p));
		src->tmpl.truncated = cut;
		src->pend_lead_row = t->lead_ok && !cut && row_start(line + p.msg_off, p.msg_len);
		if (t->split_syslog)
			keep_part_prefix(t, &src->tmpl);
	}
	/* the words before the stamp, for the parser to tell a relay's from a record's rest */
	src->tmpl.pre_stamp = NULL;
	if (p.pre_len > 0 && !src->tmpl.cont) {
		size_t k = p.pre_len < sizeof(src->pre_stamp) ? p.pre_len : sizeof(src->pre_stamp) - 1;

		memcpy(src->pre_stamp, line + p.pre_off, k);
		src->pre_stamp[k] = '\0';
		src->tmpl.pre_stamp = src->pre_stamp;
	}
	t->skipped_valid = false;
	msg = line + p.msg_off;
	mlen = p.msg_len;
	msg[mlen] = '\0';
	if (p.kmsg)
		mlen = oomt_kmsg_unescape(msg, mlen);
	else
		mlen = oomt_rsyslog_unescape(msg, mlen);
	if (cut)
		src->truncated++;
	oomt_source_queue(src, msg, mlen);
	return 0;
}

/* ---- lines a terminal, pager or editor wrapped (pasted logs) ----
 *
 * A screen copy cuts every line longer than the screen into rows of exactly its width and
 * continues on the next row, mid-word, mid-path, mid-number: "gfp_mask=0x6000c0(GFP_KERNEL"
 * / "), order=0, oom_score_adj=968". With `less -N` or vim's `number` the continuation
 * rows have a blank gutter where the line number was. Such rows are joined back, byte for
 * byte (no blank added, none lost), before the line is parsed.
 *
 * Only in a file whose start looks like a paste (sample_paste: the prefilter is off there,
 * so that every line's width is seen). A line is taken for wrapped when it is as long as
 * the longest line seen (the screen's width) and the next line has no prefix of its own, and either its gutter says so (the
 * line was numbered, the row starts with as many blanks) or that width has been seen on
 * another line already (so one long line followed by a shell prompt is not glued to it).
 * A row indented to the line's message column is a multi-line record's next line
 * (journalctl, dmesg), not a wrap.
 */
static size_t raw_len(const char *l, size_t n)
{
	while (n && (l[n - 1] == '\r' || l[n - 1] == '\n'))
		n--;
	return n;
}

/* The screen's width: the one the file's start showed wrapped lines at, else the longest
 * line seen. */
static size_t screen_width(const struct text_state *t)
{
	return t->wrap_width ? t->wrap_width : t->width;
}

static void note_width(struct text_state *t, size_t n)
{
	if (n > t->width) {
		t->width = n;
		t->width_hits = 1;
	} else if (n == t->width) {
		t->width_hits++;
	}
}

/* The next line in the reader without consuming it; NULL when it is not buffered whole
 * within WRAP_MAX. */
static const char *peek_line(struct oomt_reader *rd, size_t *len)
{
	size_t have = oomt_reader_fill(rd, WRAP_MAX);
	const char *b = rd->buf + rd->start, *nl;

	if (have == 0 || rd->skipping)
		return NULL;
	nl = memchr(b, '\n', have < WRAP_MAX ? have : WRAP_MAX);
	if (!nl) {
		if (!rd->eof || have > WRAP_MAX)
			return NULL;
		*len = have;
		return b;
	}
	*len = (size_t)(nl - b);
	return b;
}

static size_t leading_blanks(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Is row c[0..n) the continuation of wrapped line lp (parsed as *pp)? *skip: the gutter
 * bytes to drop from it. */
/* The '>' quote marks a mail or a forum put before a line ("> ", ">> ", "> > "), with the
 * blank after them. */
static size_t quote_marks(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == '>' || (s[i] == ' ' && i + 1 < n && s[i + 1] == '>')))
		i++;
	return i > 0 && i < n && s[i] == ' ' ? i + 1 : i;
}

static bool wrap_row(const struct text_state *t, const struct oomt_line_prefix *pp, size_t lp,
                     size_t quote, const char *c, size_t n, size_t *skip)
{
	struct oomt_line_prefix q;
	size_t g = pp->numbered ? pp->gutter : 0, ind;

	/* a quoted line's rows carry the same quote marks: not part of the line */
	if (!g && quote && quote_marks(c, n) == quote)
		g = quote;
	ind = leading_blanks(c, n);
	n = raw_len(c, n);
	if (n <= g || n > screen_width(t) || lp != screen_width(t) || lp < WRAP_MIN_WIDTH)
		return false;
	if (g && g != quote) {
		if (ind < g)
			return false;
	} else if (t->width_hits < 2 && !t->wrap_width) {
		return false;
	}
	/* a multi-line record's next line is indented to the message column */
	if (g == quote && quote)
		ind = quote + leading_blanks(c + quote, n - quote);
	if (ind + 2 >= pp->msg_off && ind <= pp->msg_off + 2 && pp->msg_off > g + 2)
		return false;
	oomt_parse_line_prefix(c + g, n - g, t->hint, &q);
	if (q.fmt != OOMT_FMT_PLAIN && !q.continuation)
		return false;
	*skip = g;
	return true;
}

/* line[0..len) followed by its screen rows (peeked at in the reader). Returns whether
 * rows were joined; then *line is t->wrap and *len the joined length. Once the reader was
 * peeked at, *line is t->wrap in any case (the peek may have moved the buffer *line pointed
 * into). */
static bool join_wrapped(struct text_state *t, char **line, size_t *len)
{
	struct oomt_line_prefix pp;
	size_t lp = raw_len(*line, *len), have, rows = 0, quote = quote_marks(*line, *len);
	bool peeked = false;

	/* Only in a paste (the file's start shows numbered or wrapped lines): elsewhere the
	 * prefilter skips lines unseen, whose widths a decision here would depend on, and a
	 * log written by a logger has no screen rows. */
	if (!t->unfiltered)
		return false;
	if (lp < WRAP_MIN_WIDTH || lp != screen_width(t) || *len > WRAP_MAX)
		return false;
	oomt_parse_line_prefix(*line, lp, t->hint, &pp);
	if (pp.fmt == OOMT_FMT_PLAIN || pp.json || pp.djson || pp.kmsg)
		return false;
	memcpy(t->wrap, *line, *len);
	t->wrap[*len] = '\0';
	have = lp;
	for (;;) {
		const char *c;
		size_t n, skip, cl;
		char *l;
		bool cut;

		peeked = true;
		if (!(c = peek_line(&t->rd, &n)))
			break;
		if (!wrap_row(t, &pp, lp, quote, c, n, &skip))
			break;
		cl = raw_len(c, n);
		if (have + cl - skip > WRAP_MAX)
			break;
		memcpy(t->wrap + have, c + skip, cl - skip);
		have += cl - skip;
		if (oomt_reader_line(&t->rd, &l, &n, &cut) != 0)
			break;
		rows++;
		note_width(t, cl);
		if (cl != screen_width(t))   /* the last row of the line */
			break;
	}
	if (rows == 0) {
		if (peeked)
			*line = t->wrap;   /* unchanged, but safe from the reader */
		return false;
	}
	t->wrap[have] = '\0';
	*line = t->wrap;
	*len = have;
	return true;
}

/* The first uptime stamp after a blank (oomt_stamp_blank_before) in the first 256 bytes of
 * a line that does not start with one: its end, 0 for none. */
static size_t glued_first_stamp(const char *line, size_t len, int64_t *usec)
{
	size_t lim = len < 256 ? len : 256, n;

	for (const char *p = line + 1; (p = memchr(p, '[', lim - (size_t)(p - line))); p++) {
		size_t at = (size_t)(p - line);

		if (oomt_stamp_blank_before(line, at) &&
		    (n = oomt_parse_uptime_bracket(p, len - at, usec)) > 0)
			return at + n;
	}
	return 0;
}

enum glued { GLUED_NONE, GLUED_DMESG, GLUED_SYSLOG };

/* Is that stamp the prefix line[0..n) is read with (n: the second stamp, the blank before
 * it included), its stamp the one at uptime usec? GLUED_DMESG: a dmesg line (no host, no
 * ident of a syslog line). GLUED_SYSLOG: a syslog line whose message starts with that
 * stamp ("Dec  3 14:22:10 db2 kernel: [  970.000000] a [  970.000001] b"), when the first
 * record is whole: a message of its own after the stamp, and not one that ends in another
 * syslog line's "kernel:" (a line of another host or time glued on, whose own prefix the
 * second record would lose). */
static enum glued glued_prefix(const struct text_state *t, const char *line, size_t n,
                               int64_t usec)
{
	struct oomt_line_prefix q;
	size_t e = n, k;

	oomt_parse_line_prefix(line, n, t->hint, &q);
	if (q.uptime_usec != usec || q.continuation)
		return GLUED_NONE;
	if (q.fmt == OOMT_FMT_DMESG && q.host_len == 0)
		return GLUED_DMESG;
	if (q.fmt != OOMT_FMT_SYSLOG && q.fmt != OOMT_FMT_SYSLOG_ISO && q.fmt != OOMT_FMT_RFC5424)
		return GLUED_NONE;
	while ((k = oomt_stamp_blank_before(line, e)) > 0)
		e -= k;
	while (e > q.msg_off && (line[e - 1] == ' ' || line[e - 1] == '\t'))
		e--;
	if (e <= q.msg_off || (e - q.msg_off >= 8 && memcmp(line + e - 8, " kernel:", 8) == 0))
		return GLUED_NONE;
	return GLUED_SYSLOG;
}

/* Two kernel records a paste joined on one line ("...,uid=1000 [35105.264752] Out of
 * memory: Killed process ..."; with dmesg -T "...mems_allowed=0-1[Thu Apr 17 23:12:33
 * 2025] CPU: 27 PID: ..."): the line ends before the second stamp, which is read as the
 * next line. Only a line that starts with a kernel stamp, at a second stamp of the same
 * kind no earlier and at most a minute later; an uptime stamp after a blank, a dmesg -T
 * one after anything (the paste lost the line end, not a blank). A mail client that
 * re-flows the text joins the lines with a blank, or with a no-break space or its mojibake
 * (oomt_stamp_blank_before): "...oom_score_adj:0\xc2\xa0[  963.512345] oom_reaper: ...".
 * The search goes once over the line, each '[' looked at for a stamp of at most 64 bytes
 * (oomt_parse_uptime_bracket's bound); the rest is searched from its start in turn.
 * A line that starts with the end of the record before it, which the client wrapped
 * ("0kB\xc2\xa0[86423.386637] 1044448 pages RAM [86423.386638] 0 pages"), is split the
 * same way after the stamp its prefix is read from (line-prefix.h: the last resort, a stamp
 * after a blank in the first 256 bytes), when that is a dmesg stamp without a host. So is
 * a syslog line whose message starts with a kernel stamp and holds more records glued on
 * ("Dec  3 14:22:10 db2 kernel: [  970.000000] a [  970.000001] b"), when the first is
 * whole (glued_prefix); each later part is read with the line's time, host and ident
 * (split_syslog, queue_line), and its own stamp. Nothing is copied: the rest stays in the
 * reader's buffer, the prefix in t->part (bounded), so memory does not grow with the line.
 * Returns the line's new length. */
static size_t split_joined(struct text_state *t, char *line, size_t len)
{
	struct oomt_reader *rd = &t->rd;
	int64_t first, next = 0;
	size_t k, cut = 0;
	const char *p;
	bool ctime = false;
	enum glued glued = GLUED_NONE;
	unsigned gen;

	if (line < rd->buf || line + len > rd->buf + rd->end || len < 20)
		return len;
	if (line[0] != '[') {
		if ((k = glued_first_stamp(line, len, &first)) == 0)
			return len;
	} else if ((k = oomt_parse_uptime_bracket(line, len, &first)) == 0) {
		if ((k = oomt_parse_ctime_bracket(line, len, &first)) == 0)
			return len;
		ctime = true;
		first *= 1000000;
	}
	for (p = line + k; (p = memchr(p, '[', (size_t)(line + len - p))) != NULL; p++) {
		size_t at = (size_t)(p - line), n;

		if (ctime) {
			n = oomt_parse_ctime_bracket(p, len - at, &next);
			if (n > 0)
				next *= 1000000;
		} else {
			n = oomt_stamp_blank_before(line, at) ? oomt_parse_uptime_bracket(p, len - at, &next)
			                                      : 0;
		}
		if (n == 0 || next < first || next - first > 60 * INT64_C(1000000))
			continue;
		cut = at;
		break;
	}
	if (!cut)
		return len;
	if (line[0] != '[' && (glued = glued_prefix(t, line, cut, first)) == GLUED_NONE)
		return len;
	line[len] = '\n';              /* the reader's own line end, given back */
	gen = rd->gen;
	oomt_reader_reread(rd, (size_t)(line + cut - rd->buf), (size_t)(line + len - rd->buf));
	/* the needles found in the buffer after the rest stay found (line_has_needle): the
	 * rest's bytes are those searched, so a line in many parts is searched once */
	if (t->nd_gen == gen && (!t->nd_match || t->nd_match >= line + cut))
		t->nd_gen = rd->gen;
	t->split_rest = true;
	/* the next part of a syslog line is read with its prefix (queue_line) */
	t->split_syslog = glued == GLUED_SYSLOG || (t->syslog_part && line[0] == '[');
	while ((k = oomt_stamp_blank_before(line, cut)) > 0)
		cut -= k;                  /* the blank before the second stamp */
	line[cut] = '\0';
	return cut;
}

/* A quoted-printable body (line-prefix.h: oomt_noise_qp_decode): the line joined with the
 * lines after it while it ends in a soft break ('=' dropped, no blank added), up to
 * WRAP_MAX bytes (a longer run is read in pieces), and its escapes decoded. Returns whether
 * the line changed; then *line and *len are the decoded line (in t->qpbuf when joined). */
static bool qp_line(struct text_state *t, char **line, size_t *len)
{
	size_t n = raw_len(*line, *len), have;

	if (!oomt_noise_qp_soft_break(*line, n) || n > WRAP_MAX) {
		size_t m = oomt_noise_qp_decode(*line, n);

		if (m == n)
			return false;
		(*line)[m] = '\0';
		*len = m;
		return true;
	}
	have = n - 1;
	memcpy(t->qpbuf, *line, have);          /* before the peek moves the buffer */
	for (;;) {
		const char *c = peek_line(&t->rd, &n);
		size_t cl;
		char *l;
		bool soft, cut;

		if (!c)
			break;
		cl = raw_len(c, n);
		soft = oomt_noise_qp_soft_break(c, cl);
		if (have + cl - soft > WRAP_MAX)
			break;
		memcpy(t->qpbuf + have, c, cl - soft);
		if (oomt_reader_line(&t->rd, &l, &n, &cut) != 0)
			break;
		have += cl - soft;
		if (!soft)
			break;
	}
	have = oomt_noise_qp_decode(t->qpbuf, have);
	t->qpbuf[have] = '\0';
	*line = t->qpbuf;
	*len = have;
	return true;
}

/* Does the file's start look like a mail's quoted-printable body: its header, or several
 * "=3D" (an escaped '=', which every "key=value" of a kernel line becomes) with a soft
 * break? A log that merely holds '=' has no "=3D"; one that ends a line in '=' (base64)
 * does not hold "=3D" twice. */
static bool sample_qp(const char *b, size_t n, unsigned *esc, unsigned *soft)
{
	if (n >= 43 && strncasecmp(b, "Content-Transfer-Encoding: quoted-printable", 43) == 0)
		return true;
	/* each escape counts: a short paste may hold them all on one line */
	for (const char *e = b, *q; (q = memmem(e, (size_t)(b + n - e), "=3D", 3)) != NULL; e = q + 3)
		++*esc;
	*soft += n > 0 && b[n - 1] == '=';
	return false;
}

/* Before the first line: does the start of the file look like a screen copy (numbered
 * lines, lines cut at one width and continued on rows without a prefix)? Then the
 * prefilter is off for the file: a wrap can cut a needle in two, and pastes are small.
 * Looks at most SAMPLE_LINES lines of the first SAMPLE_BYTES, consumes nothing. */
#define SAMPLE_BYTES 65536
#define SAMPLE_LINES 256
static void sample_paste(struct text_state *t)
{
	size_t have = oomt_reader_fill(&t->rd, SAMPLE_BYTES), prev_len = 0, prev_msg = 0, longest = 0;
	const char *b = t->rd.buf + t->rd.start, *end = b + (have < SAMPLE_BYTES ? have : SAMPLE_BYTES);
	unsigned numbered = 0, lines = 0, padded = 0, qp_esc = 0, qp_soft = 0;
	struct { size_t len; unsigned n; } wraps[8] = { { 0, 0 } };
	bool prev_prefixed = false, qp_header = false;

	t->sampled = true;
	while (b < end && lines++ < SAMPLE_LINES) {
		const char *nl = memchr(b, '\n', (size_t)(end - b));
		size_t n = raw_len(b, (size_t)((nl ? nl : end) - b)), ind = leading_blanks(b, n);
		struct oomt_line_prefix p;

		if (!nl && !t->rd.eof)
			break;
		oomt_parse_line_prefix(b, n < SKIPPED_LINE_MAX ? n : SKIPPED_LINE_MAX, t->hint, &p);
		/* journalctl's first line, which the prefilter would skip: its years */
		if (!t->clock.span_year && !oomt_line_clock_span(&t->clock, b + ind, n - ind))
			oomt_line_clock_witness(&t->clock, &p, b, n < SKIPPED_LINE_MAX ? n : SKIPPED_LINE_MAX);
		numbered += p.numbered;
		/* a row after a prefixed line of at least WRAP_MIN_WIDTH, not a record's line
		 * indented to the message column: count the lines of each such length; one width
		 * seen twice is the screen's */
		if (prev_len >= WRAP_MIN_WIDTH && n > 0 && (p.fmt == OOMT_FMT_PLAIN || p.continuation) &&
		    ind + 2 < prev_len / 4 && !(ind + 2 >= prev_msg && ind <= prev_msg + 2) &&
		    prev_prefixed) {
			for (size_t k = 0; k < sizeof(wraps) / sizeof(wraps[0]); k++)
				if (wraps[k].len == prev_len || wraps[k].n == 0) {
					wraps[k].len = prev_len;
					wraps[k].n++;
					break;
				}
		}
		padded += oomt_noise_has_screen_pad(b, n);
		qp_header |= sample_qp(b, n, &qp_esc, &qp_soft);
		prev_prefixed = p.fmt != OOMT_FMT_PLAIN && !p.continuation;
		if (n > longest)
			longest = n;
		prev_len = n;
		prev_msg = p.msg_off;
		b = nl ? nl + 1 : end;
	}
	/* A screen has one width and no line is longer: a width seen twice on wrapped lines
	 * while longer lines exist is a mail client's wrap at a blank that fell on the same
	 * column twice (task rows are padded to their columns), joined in the parser with the
	 * blank (lib/event/wrap.c), not here byte for byte. */
	for (size_t k = 0; k < sizeof(wraps) / sizeof(wraps[0]) && !t->wrap_width; k++)
		if (wraps[k].n >= 2 && wraps[k].len >= longest)
			t->wrap_width = wraps[k].len;
	/* rows padded on one line: joined wherever they are read. The prefilter stays on: a
	 * log whose start holds two such lines of another program must not be read whole */
	t->screen_pads = padded >= 2;
	/* quoted-printable: decoded and joined at its soft breaks, not at a screen's width;
	 * no prefilter (a soft break or an escape can cut a needle; a mail is small) */
	if ((qp_header || (qp_esc >= 2 && qp_soft >= 1) || qp_esc >= 4) &&
	    (t->qpbuf || (t->qpbuf = malloc(WRAP_MAX + 1)))) {
		t->qp = true;
		t->wrap_width = 0;
	}
	t->unfiltered = numbered >= 2 || t->wrap_width || t->qp;
}

/* Remember the last line of a skipped region [b, e) (e just after a '\n' or the end of data)
 * that has a prefix of its own: the record a later matching continuation or unprefixed
 * (wrapped) line belongs to, as it would without the filter. A logcat -v long header
 * there opens its entry, unless a blank line after it closed it (as queue_line would). */
static bool remember_skipped(struct text_state *t, const char *b, const char *e)
{
	bool blank = false;     /* a blank line after it: logcat -v long's entry ended */

	while (e > b) {
		const char *end = e[-1] == '\n' ? e - 1 : e;
		const char *nl = memrchr(b, '\n', (size_t)(end - b));
		const char *ls = nl ? nl + 1 : b;
		size_t n = (size_t)(end - ls);
		struct oomt_line_prefix p;

		if (n > SKIPPED_LINE_MAX)
			n = SKIPPED_LINE_MAX;
		/* as text_fill reads a line: colors and a shipper's JSON taken off first */
		memcpy(t->skipped_next, ls, n);
		n = oomt_noise_strip_escapes(t->skipped_next, n);
		n = oomt_noise_unwrap_json_message(t->skipped_next, n);
		oomt_parse_line_prefix(t->skipped_next, n, t->hint, &p);
		if (!p.continuation && p.fmt != OOMT_FMT_PLAIN) {
			if (p.logcat_head && !blank)
				long_open(t, t->skipped_next, n, &p);
			else
				t->long_open = false;
			memcpy(t->skipped_line, t->skipped_next, n);
			t->skipped_line[n] = '\0';
			t->skipped_len = n;
			t->skipped_valid = true;
			return true;
		}
		if (p.fmt == OOMT_FMT_PLAIN && !p.continuation && p.msg_len == 0) {
			blank = true;
			t->long_open = false;
		}
		e = ls;
	}
	return false;
}

enum lead_line { LEAD_NONE, LEAD_ROW, LEAD_NO_RECORD };
#define LEAD_WALK_MAX (16 * OOMT_LEAD_ROWS)  /* lines looked at back from a needle's */

/* What line b[0..n) of a skipped region is to the lead rows (record.h: lead_row), read as
 * text_fill reads a line (colors and a shipper's JSON taken off, screen pads joined): a
 * line that may be one (a row's start anywhere in it: every line whose record the parser
 * would keep, and some others), one that gives no record at all (a kmsg dictionary line,
 * a dmesg -J field: rows run on past it), or neither. */
static enum lead_line lead_line(struct text_state *t, const char *b, size_t n)
{
	char *c = t->look;
	size_t k = n < OOMT_LEAD_LINE_MAX ? n : OOMT_LEAD_LINE_MAX;
	struct oomt_line_prefix p;
	const char *end;

	memcpy(c, b, k);
	k = oomt_noise_strip_escapes(c, k);
	k = oomt_noise_unwrap_json_message(c, k);
	if (t->screen_pads)
		k = oomt_noise_join_screen_pads(c, k);
	oomt_parse_line_prefix(c, k, t->hint, &p);
	if (p.kmsg_dict || (p.djson && !p.djson_msg))
		return LEAD_NO_RECORD;
	if (n > OOMT_LEAD_LINE_MAX)
		return LEAD_NONE;
	end = c + k;
	for (const char *q = c; (q = memchr(q, '[', (size_t)(end - q))) != NULL; q++)
		if (row_start(q, (size_t)(end - q)))
			return LEAD_ROW;
	return LEAD_NONE;
}

/* The lead rows that end region [b, e) of whole lines (b and e line starts), at most max
 * rows and the lines without a record among them: the first row's start (e when there is
 * none), *lines the lines from there to e; *at_b: the walk back reached b (the run may
 * begin before it). */
static const char *lead_run(struct text_state *t, const char *b, const char *e, unsigned max,
                            unsigned *lines, bool *at_b)
{
	const char *first = e;
	unsigned rows = 0, n = 0;

	*lines = 0;
	while (e > b && rows < max && n < LEAD_WALK_MAX) {
		const char *end = e - 1;        /* the line's '\n' */
		const char *nl = end > b ? memrchr(b, '\n', (size_t)(end - b)) : NULL;
		const char *ls = nl ? nl + 1 : b;
		enum lead_line kind = lead_line(t, ls, (size_t)(end - ls));

		if (kind == LEAD_NONE)
			break;
		e = ls;
		n++;
		if (kind == LEAD_ROW) {
			rows++;
			first = ls;
			*lines = n;
		}
	}
	if (at_b)
		*at_b = e == b && rows < max && n < LEAD_WALK_MAX;
	return first;
}

/* Lines [b, e) the filter skips after a lead row was handed out: the parser keeps that
 * row, and would have forgotten it at any of them that gives a record and is no row
 * (record.h: lead_gap; rows it would have kept too, and dropped the first of the 64). */
static void note_gap(struct text_state *t, const char *b, const char *e)
{
	while (t->last_lead && !t->lead_gap && b < e) {
		const char *nl = memchr(b, '\n', (size_t)(e - b));
		const char *end = nl ? nl : e;

		t->lead_gap = lead_line(t, b, (size_t)(end - b)) == LEAD_NONE;
		b = nl ? nl + 1 : e;
	}
}

/* dmesg -e and -J carry state from line to line (the last time, the open object): the
 * prefilter's skipped lines still feed it. The first skipped lines of a file are looked at
 * to find its format; after that only these two formats cost a parse per skipped line. */
static bool needs_tracking(const struct text_state *t)
{
	if (t->hint == OOMT_FMT_AUTO || t->hint == OOMT_FMT_PLAIN)
		return t->track_lines < TRACK_LINES;
	return t->hint == OOMT_FMT_DMESG_RELTIME || t->hint == OOMT_FMT_DMESG_JSON;
}

static void track_skipped(struct oomt_source *src, struct text_state *t, const char *b,
                          const char *e)
{
	while (b < e && needs_tracking(t)) {
		const char *nl = memchr(b, '\n', (size_t)(e - b));
		const char *end = nl ? nl : e;
		size_t n = (size_t)(end - b);
		struct oomt_line_prefix p;

		oomt_parse_line_prefix(b, n < SKIPPED_LINE_MAX ? n : SKIPPED_LINE_MAX, t->hint, &p);
		if (t->hint == OOMT_FMT_AUTO || t->hint == OOMT_FMT_PLAIN)
			t->track_lines++;
		if (!p.continuation && p.fmt != OOMT_FMT_PLAIN && !p.kmsg_dict)
			note_format(src, t, p.fmt);
		if (p.fmt == OOMT_FMT_DMESG_RELTIME)
			oomt_dmesg_reltime_next(&t->reltime, &t->clock, &p, false);
		if (p.djson) {
			oomt_dmesg_json_collect(&t->djson, b, &p);
			if (p.djson_msg)
				oomt_dmesg_json_end(&t->djson);
		}
		b = nl ? nl + 1 : e;
	}
}

/* Past the lines [b, e) the filter skips, at the reader's start. */
static void skip_region(struct oomt_source *src, struct text_state *t, const char *b,
                        const char *e)
{
	track_skipped(src, t, b, e);
	remember_skipped(t, b, e);
	note_gap(t, b, e);
	t->rd.start += (size_t)(e - b);
	t->run_open = false;
}

/* Of the file read back from offset hit: the bytes [hit - look, hit), or from at when that
 * is nearer, in the reader's buffer. */
struct window {
	char *start, *end;
	const char *from;       /* the first whole line (the window's first is cut unless it
	                           begins at at) */
	size_t size;
	bool to_at;             /* the window reaches back to at */
};

/* 0, 1 when the file shrank (the reader at its end: there is nothing to look at), -errno. */
static int read_back(struct oomt_reader *rd, uint64_t at, uint64_t hit, uint64_t look,
                     struct window *w)
{
	uint64_t back = hit - at > look ? hit - look : at;
	const char *nl;
	int r = oomt_reader_seek(rd, back);

	if (r < 0)
		return r;
	w->size = (size_t)(hit - back);
	if (oomt_reader_fill(rd, w->size) < w->size) {
		rd->start = rd->end;
		return 1;
	}
	w->start = rd->buf + rd->start;
	w->end = w->start + w->size;
	w->to_at = back == at;
	w->from = w->start;
	if (!w->to_at)
		w->from = (nl = memchr(w->start, '\n', w->size)) ? nl + 1 : w->end;
	return 0;
}

/* The lead rows right before the line at offset hit when the reader no longer holds them
 * all (run_open, after the scout's jumps: a regular file, read back), as far back as the
 * last line handed out, in windows of LOOKBACK and wider; and whether lines that give a
 * record were skipped after a lead row handed out (lead_gap). Leaves the reader at the
 * first of them (at hit when there is none); *k how many lines. 0 or -errno. */
static int lead_lookback(struct text_state *t, uint64_t hit, unsigned *k)
{
	struct oomt_reader *rd = &t->rd;

	*k = 0;
	t->run_open = false;
	if (hit <= t->gap_from)
		return 0;
	for (uint64_t look = LOOKBACK;; look *= 2) {
		struct window w;
		const char *keep;
		bool at_b;
		int r = read_back(rd, t->gap_from, hit, look, &w);

		if (r != 0)
			return r < 0 ? r : 0;
		keep = lead_run(t, w.from, w.end, OOMT_LEAD_ROWS, k, &at_b);
		if (!at_b || w.to_at || w.size * 2 > rd->cap) {
			/* skipped: a line that gives a record, unless all back to the last
			 * line handed out give none (record.h: lead_gap) */
			t->lead_gap |= t->last_lead && !(at_b && w.to_at);
			rd->start += (size_t)(keep - w.start);
			return 0;
		}
	}
}

/* The first of k lead rows the filter found before a needle's line, or with none that
 * line, whose start the reader is at. */
static int lead_or_line(struct text_state *t, unsigned k, char **line, size_t *len, bool *cut,
                        bool *matched)
{
	if (k) {
		t->lead_lines = k - 1;
		*matched = false;
	}
	return oomt_reader_line(&t->rd, line, len, cut);
}

/* A large regular file read with the filter as it is (not gzip, not a paste, not for
 * positions) shares its search with the scout on a second CPU (scout.c), started once
 * the skipped lines need not be looked at any more. */
static void start_scout(struct oomt_source *src, struct text_state *t)
{
	struct oomt_reader *rd = &t->rd;
	uint64_t at;

	if (t->scout_tried || needs_tracking(t) || rd->skipping)
		return;
	t->scout_tried = true;
	at = oomt_reader_offset(rd);
	if (!t->size || rd->gz || src->track || t->size < at || t->size - at < t->scout_min ||
	    (t->scout_min == SCOUT_MIN_BYTES && !oomt_second_cpu()))
		return;
	(void)oomt_scout_start(rd->fd, at, t->size, t->scout_min / 4, t->scout_wait, src->needles,
	                       &t->scout);
}

static void stop_scout(struct text_state *t)
{
	if (t->scout)
		t->scouted += oomt_scout_searched(t->scout);
	oomt_scout_free(t->scout);
	t->scout = NULL;
	t->rd.read_max = 0;
}

/* To the line at offset hit, beyond what is buffered (at: the reader's offset): the lines
 * before it are read back for the last one with a prefix, which filtered_line would have
 * remembered (a window of LOOKBACK, wider while it holds only continuation lines). */
static int jump_to(struct text_state *t, uint64_t at, uint64_t hit)
{
	struct oomt_reader *rd = &t->rd;

	for (uint64_t look = LOOKBACK;; look *= 2) {
		struct window w;
		int r = read_back(rd, at, hit, look, &w);

		if (r != 0)
			return r < 0 ? r : 0;
		if (remember_skipped(t, w.from, w.end) || w.to_at || w.size * 2 > rd->cap) {
			unsigned k;

			lead_run(t, w.from, w.end, 1, &k, NULL);
			t->run_open = k > 0;    /* rows before hit: lead_lookback reads them */
			rd->start += w.size;
			return 0;
		}
	}
}

/* To the line at offset `to` (its start), past lines without a needle: the last of them
 * with a prefix is remembered, as filtered_line's own search does. */
static int skip_to(struct text_state *t, uint64_t to)
{
	struct oomt_reader *rd = &t->rd;
	uint64_t at = oomt_reader_offset(rd);
	char *b = rd->buf + rd->start;
	unsigned k;

	if (to <= at)
		return 0;
	t->scout_skipped = true;
	if (to - at > rd->end - rd->start)
		return jump_to(t, at, to);
	remember_skipped(t, b, b + (to - at));
	lead_run(t, b, b + (to - at), 1, &k, NULL);
	t->run_open = k > 0;
	rd->start += (size_t)(to - at);
	return 0;
}

/* filtered_line() while the scout shares the search: the next line a search found, read
 * from its start. 0, or 2 with the reader at a segment's end (it held no more), 1 at
 * end, -errno. */
static int scouted_line(struct oomt_source *src, struct text_state *t, char **line,
                        size_t *len, bool *cut, bool *matched)
{
	struct oomt_reader *rd = &t->rd;

	rd->read_max = SCOUT_READ;      /* for a report's lines, not the segment */
	for (;;) {
		uint64_t hit;
		int found = oomt_scout_next(t->scout, oomt_reader_offset(rd), &hit);
		int r = skip_to(t, hit);
		unsigned k = 0;

		if (r < 0)
			return r;
		if (found == 1)
			return 2;
		/* the lines skipped since the last handed out end in rows, or follow one */
		if ((t->run_open || t->last_lead) && (r = lead_lookback(t, hit, &k)) < 0)
			return r;
		if (k)
			return lead_or_line(t, k, line, len, cut, matched);
		r = oomt_reader_line(rd, line, len, cut);
		if (r != 0)
			return r;
		/* the reader's buffer may have cut a long line before its needle */
		if (oomt_needles_find(src->needles, *line, *len)) {
			*matched = true;
			return 0;
		}
		t->run_open = false;
		t->lead_gap |= t->last_lead;
	}
}

/* With the filter on: the next line holding a needle (*matched set), or with a paste
 * (t->unfiltered) the next line; before a needle's line, the lead rows that end the lines
 * skipped (record.h: lead_row: the trailing ones of a region read are kept in the buffer
 * until the next needle or line that is none), and the rest of a line split_joined() cut.
 * 0 / 1 at end / -errno. */
static int filtered_line(struct oomt_source *src, struct text_state *t, char **line,
                         size_t *len, bool *cut, bool *matched)
{
	struct oomt_reader *rd = &t->rd;
	bool rest = t->split_rest;

	t->split_rest = false;
	if (t->unfiltered)
		return oomt_reader_line(rd, line, len, cut);
	/* a split line's rest is handed out as the line was: lead rows end at it */
	if (rest || t->lead_lines) {
		t->lead_lines -= !rest;
		*matched = false;
		return oomt_reader_line(rd, line, len, cut);
	}
	if (t->scout && needs_tracking(t))
		stop_scout(t);  /* a format whose skipped lines carry state came up: all read */
	if (!t->scout)
		start_scout(src, t);
	*matched = true;
	for (;;) {
		size_t have = oomt_reader_fill(rd, 1);
		const char *b = rd->buf + rd->start, *m, *nl, *keep;
		unsigned k = 0;

		if (t->scout) {
			if (oomt_scout_covers(t->scout, oomt_reader_offset(rd))) {
				int r = scouted_line(src, t, line, len, cut, matched);

				if (r != 2)
					return r;
				continue;
			}
			rd->read_max = 0;
		}

		if (have == 0)
			return oomt_reader_line(rd, line, len, cut);   /* the end, or an error */
		if (rd->skipping) {
			/* the rest of an over-long line, to its end only: a row may follow */
			nl = memchr(b, '\n', have);
			rd->start = nl ? (size_t)(nl + 1 - rd->buf) : rd->end;
			rd->skipping = !nl;
			continue;
		}
		m = oomt_needles_find(src->needles, b, have);
		if (m) {
			bool at_b;

			nl = memrchr(b, '\n', (size_t)(m - b));
			keep = lead_run(t, b, nl ? nl + 1 : b, OOMT_LEAD_ROWS, &k, &at_b);
			if (at_b && (t->run_open || (t->last_lead && t->scout_skipped))) {
				/* rows the scout's jumps went past may come before these, or
				 * lines that part them from the row handed out last */
				int r = lead_lookback(t, oomt_reader_offset(rd) +
				                         (uint64_t)(nl ? nl + 1 - b : 0), &k);

				if (r < 0)
					return r;
			} else if (keep > b) {
				skip_region(src, t, b, keep);
			}
			return lead_or_line(t, k, line, len, cut, matched);
		}
		/* No match: drop every complete line but the lead rows that end them, keep the
		 * partial last one (a needle may continue in the next read). */
		nl = memrchr(b, '\n', have);
		keep = nl ? lead_run(t, b, nl + 1, OOMT_LEAD_ROWS, &k, NULL) : b;
		if (keep > b) {
			skip_region(src, t, b, keep);
			continue;
		}
		if (rd->eof) {
			skip_region(src, t, b, b + have);
			return 1;
		}
		if (have == rd->cap) {
			int r;

			if (nl) {       /* rows before an over-long line: no needle's */
				skip_region(src, t, b, nl + 1);
				continue;
			}
			/* An over-long line without a needle in its first part. */
			r = oomt_reader_line(rd, line, len, cut);
			if (r != 0)
				return r;
			t->lead_gap |= t->last_lead;
			continue;
		}
		oomt_reader_fill(rd, have + 1);
	}
}

/* Does line[0..len) hold a needle (record.h: no_needle)? With the filter off, the lines in
 * the reader's buffer share one search of the text buffered after them, as the filter's
 * own search does: a report's lines cost no search each. */
static bool line_has_needle(struct oomt_source *src, struct text_state *t, const char *line,
                            size_t len)
{
	struct oomt_reader *rd = &t->rd;
	uintptr_t l = (uintptr_t)line, b = (uintptr_t)rd->buf, e = b + rd->end;

	if (l < b || l + len > e)   /* joined from screen rows, or cut: not in the buffer */
		return oomt_needles_find(src->needles, line, len) != NULL;
	if (t->nd_gen != rd->gen || l < (uintptr_t)t->nd_from || l + len > (uintptr_t)t->nd_to ||
	    (t->nd_match && (uintptr_t)t->nd_match < l)) {
		t->nd_from = line;
		t->nd_to = rd->buf + rd->end;
		t->nd_match = oomt_needles_find(src->needles, line, (size_t)(e - l));
		t->nd_gen = rd->gen;
	}
	return t->nd_match && (uintptr_t)t->nd_match < l + len;
}

static int text_fill_export(struct oomt_source *src, struct text_state *t)
{
	for (;;) {
		int r = t->verbose ? oomt_journal_verbose_next(&t->rd, &t->entry, &t->verbose_next,
		                                               &src->skipped)
		                   : oomt_journal_export_next(&t->rd, &t->entry, &src->skipped);

		if (r != 0)
			return r;
		if (!t->entry.has_msg)
			continue;
		src->pend_no_needle = false;    /* not filtered: every entry is read */
		oomt_source_queue_journal(src, &t->entry);
		return 0;
	}
}

static int text_fill(struct oomt_source *src)
{
	struct text_state *t = src->priv;

	if (src->track && t->seekable)
		t->unit_start = oomt_reader_offset(&t->rd);
	src->pend_lead_row = src->pend_lead_gap = false;
	if (t->export || t->verbose)
		return text_fill_export(src, t);
	while (t->djson_rest) {
		/* the next object of a one-line dmesg -J document (the line is still in the
		 * reader's buffer: nothing was read since) */
		char *rest = t->djson_rest;
		struct oomt_line_prefix p;

		t->djson_rest = NULL;
		oomt_parse_line_prefix(rest, strlen(rest), OOMT_FMT_DMESG_JSON, &p);
		if (!p.djson)
			break;
		if (p.djson_msg) {
			src->pend_lead_gap = t->lead_gap;
			t->lead_gap = t->last_lead = false;
			return queue_djson(src, t, rest, &p, false);
		}
		oomt_dmesg_json_collect(&t->djson, rest, &p);
	}
	for (;;) {
		char *line;
		size_t len, read_len;
		bool cut, matched = false, rewritten, raw_needle, rest = t->split_rest;
		int r;

		/* the rest of a syslog line split_joined() cut: one of that line's parts */
		t->syslog_part = t->split_syslog;
		t->split_syslog = false;

		/* with the filter on or off: the same screen width for the same file */
		if (!t->sampled)
			sample_paste(t);
		if (src->filter_on) {
			r = filtered_line(src, t, &line, &len, &cut, &matched);
		} else {
			t->split_rest = false;
			t->lead_lines = 0;      /* every line is read: those too, in turn */
			r = oomt_reader_line(&t->rd, &line, &len, &cut);
		}
		if (r == 1 && t->rd.gz_error) {
			t->rd.gz_error = false;
			src->lost++;        /* truncated or corrupt gzip: the rest is gone */
		}
		if (r == 1)
			note_last_skipped(src, t);
		if (r != 0)
			return r;
		t->lines++;
		t->run_open = t->scout_skipped = false;
		read_len = len;
		if (t->qp && !cut && qp_line(t, &line, &len))
			read_len = SIZE_MAX;        /* rewritten */
		/* unfiltered: whether the filter would have found a needle in the line as read
		 * (below: one that only its rewriting shows) */
		raw_needle = !src->filter_on && src->needles &&
		             (matched || line_has_needle(src, t, line, len));
		/* the rest of a split line was a line that none of these changed: not looked at
		 * again (a line in many parts costs its length once) */
		if (!rest) {
			len = oomt_noise_strip_escapes(line, len);
			len = oomt_noise_unwrap_json_message(line, len);
			if (t->screen_pads)
				len = oomt_noise_join_screen_pads(line, len);
		}
		rewritten = len != read_len;
		note_width(t, raw_len(line, len));
		/* a line rewritten in place (escapes, JSON) is not split: its rest is not the
		 * reader's bytes any more */
		if (!cut && !t->qp && !join_wrapped(t, &line, &len) && !rewritten) {
			len = split_joined(t, line, len);
			if (len != read_len)
				matched = false;   /* the needle may be in the part cut off */
		}
		/* a lead row is a whole line as read (record.h: lead_row) */
		t->lead_ok = !rest && read_len <= OOMT_LEAD_LINE_MAX;
		t->gap_from = oomt_reader_offset(&t->rd);
		/* what the filter would decide, for the parser (record.h: no_needle); a line
		 * rewritten in place is not where the buffer's search found its needles */
		src->pend_no_needle = src->needles &&
		                      !(rewritten ? oomt_needles_find(src->needles, line, len) != NULL
		                                  : matched || line_has_needle(src, t, line, len));
		/* a needle that an escape sequence or a shipper's JSON hid from the filter's
		 * search of the bytes (prefilter.h: oomt_source_filter_exact) */
		if (rewritten && !src->filter_on && src->needles && !raw_needle &&
		    !src->pend_no_needle)
			src->filter_inexact = true;
		src->pend_lead_gap = t->lead_gap;
		if (queue_line(src, t, line, len, cut, src->filter_on) == 0) {
			t->lead_gap = false;
			t->last_lead = src->pend_lead_row;
			return 0;
		}
	}
}

static void text_free(struct oomt_source *src)
{
	struct text_state *t = src->priv;

	if (!t)
		return;
	stop_scout(t);                 /* before the reader closes the file it reads */
	oomt_reader_done(&t->rd);
	free(t->msgbuf);
	free(t->wrap);
	free(t->qpbuf);
	free(t);
}

/* after: the end of the last complete line read (a line still being written, without its
 * newline, is read again next time); before: where the last fill began. */
static int text_tell(struct oomt_source *src, bool after, struct oomt_source_pos *ret)
{
	struct text_state *t = src->priv;
	uint64_t pos, end;
	char tail[4096];

	if (!t->seekable || t->rd.gz)
		return -EOPNOTSUPP;
	if (!after) {
		ret->offset = t->unit_start;
		return 0;
	}
	end = pos = oomt_reader_offset(&t->rd);
	while (pos > 0 && end - pos < 65536) {
		size_t n = pos < sizeof(tail) ? (size_t)pos : sizeof(tail);
		ssize_t k = pread(t->rd.fd, tail, n, (off_t)(pos - n));
		const char *nl;

		if (k != (ssize_t)n)
			return k < 0 ? -errno : -EIO;
		if ((nl = memrchr(tail, '\n', n))) {
			ret->offset = pos - n + (uint64_t)(nl - tail) + 1;
			return 0;
		}
		pos -= n;
	}
	/* no newline at all: from the start again; a line longer than 64 KiB: it is read */
	ret->offset = pos == 0 ? 0 : end;
	return 0;
}

static const struct oomt_source_ops text_ops = {
	.fill = text_fill,
	.free = text_free,
	.tell = text_tell,
};

uint64_t oomt_source_scouted_bytes(const struct oomt_source *src)
{
	const struct text_state *t = src->priv;

	if (src->ops != &text_ops || !t)
		return 0;
	return t->scouted + (t->scout ? oomt_scout_searched(t->scout) : 0);
}

/* journalctl -o export starts with "__CURSOR=" (or another FIELD=) on its first line. */
static bool looks_like_export(struct oomt_reader *rd)
{
	size_t have = oomt_reader_fill(rd, 64);
	const char *b = rd->buf + rd->start;
	size_t i = 0;

	while (i < have && ((b[i] >= 'A' && b[i] <= 'Z') || (b[i] >= '0' && b[i] <= '9') ||
	                    b[i] == '_'))
		i++;
	return i > 1 && i < have && b[i] == '=' && b[0] == '_' && b[1] == '_';
}

/* journalctl -o verbose: one of the first lines is an entry's header (before it: journalctl's
 * "-- ..." lines, or the command that was pasted with the output). */
static bool looks_like_verbose(struct oomt_reader *rd)
{
	size_t have = oomt_reader_fill(rd, 4096);
	const char *b = rd->buf + rd->start, *e = b + have;
	struct oomt_journal_verbose_head h;

	for (int lines = 0; b < e && lines < 8; lines++) {
		const char *nl = memchr(b, '\n', (size_t)(e - b));
		size_t n;

		if (!nl)
			return false;
		n = (size_t)(nl - b);
		while (n > 0 && b[n - 1] == '\r')
			n--;
		if (oomt_journal_verbose_header(b, n, &h))
			return true;
		b = nl + 1;
	}
	return false;
}

int oomt_source_open_file(const char *path, const struct oomt_source_opts *opts,
                          struct oomt_source **ret)
{
	struct oomt_source *src;
	struct text_state *t;
	struct stat st;
	bool is_stdin = strcmp(path, "-") == 0, regular;
	int fd, r;

	fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (!is_stdin && opts && opts->start && opts->start->offset > 0 &&
	    lseek(fd, (off_t)opts->start->offset, SEEK_SET) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	r = oomt_source_alloc(&text_ops, is_stdin ? "stdin" : path, opts, &src);
	if (r < 0) {
		close(fd);
		return r;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		close(fd);
		oomt_source_free(src);
		return -ENOMEM;
	}
	src->priv = t;
	oomt_line_clock_init(&t->clock, opts ? opts->year_hint : 0, fd);
	if (!is_stdin)
		oomt_line_clock_set_name(&t->clock, path);
	oomt_dmesg_reltime_init(&t->reltime);
	regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (regular && st.st_size > 0)
		t->size = (uint64_t)st.st_size;
	t->scout_min = opts && opts->scout_min_bytes ? opts->scout_min_bytes : SCOUT_MIN_BYTES;
	t->scout_wait = opts && opts->scout_wait;
	if (!is_stdin && src->track) {
		t->seekable = regular;
		t->unit_start = opts->start ? opts->start->offset : 0;
	}
	r = oomt_reader_init(&t->rd, fd, 0);
	if (r < 0)
		goto fail;
	t->msgbuf = malloc(OOMT_READER_BUFSZ + 1);
	t->wrap = malloc(WRAP_MAX + 1);
	if (!t->msgbuf || !t->wrap) {
		r = -ENOMEM;
		goto fail;
	}
	t->entry.msg = t->msgbuf;
	t->entry.msg_cap = OOMT_READER_BUFSZ;
	if (looks_like_export(&t->rd)) {
		t->export = true;
		src->fmt = OOMT_FMT_JOURNAL_EXPORT;
	} else if (looks_like_verbose(&t->rd)) {
		t->verbose = true;
		src->fmt = OOMT_FMT_JOURNAL_VERBOSE;
	}
	*ret = src;
	return 0;
fail:
	oomt_source_free(src);
	return r;
}
