/* SPDX-License-Identifier: MIT */
/*
 * Text logs (every format of line-prefix.c, journalctl -o json and -o export), plain or
 * gzip, from a file or stdin, through one bounded buffer.
 *
 * Multi-line records: util-linux dmesg and journalctl print the later lines of a message
 * indented to the message column with no stamp; such a line becomes a record with cont
 * set and the previous record's metadata. rsyslog's "#012" and /dev/kmsg's "\x0a" split
 * one line into several records the same way.
 *
 * dmesg -e (reltime) stamps most lines only with the delta to the line before, and the
 * absolute "[Jul 6 12:34]" has minute precision and no year: such a line is taken at the
 * start of its minute (year as for RFC 3164), and each delta line at the time of the line
 * before plus its delta, so times can be early by up to a minute; before the first
 * absolute line the wall time is unknown. dmesg -J prints one member per line: the
 * members are collected until "msg" (always the last) and the record takes them all.
 *
 * Prefilter: while the filter is on, the buffer is searched for the needles directly and
 * only lines holding one are parsed. The last skipped unindented line is remembered (its
 * first bytes), so that a matching continuation line still gets its record's metadata.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "source/line-prefix.h"
#include "source/reader.h"
#include "source/source-internal.h"

#define CTX_MAX 1024

struct text_state {
	struct oomt_reader rd;
	enum oomt_text_format hint;     /* format of the last line that had a prefix */
	bool export;                    /* journalctl -o export stream */
	bool have_prev;                 /* a prefixed record was delivered: continuation ok */
	int year_hint;                  /* from opts or the file's mtime; 0 = current year */
	int mtime_year, mtime_mon;      /* 0 = unknown */
	int year, last_mon;             /* inferred year of RFC 3164 stamps */
	int64_t tz_key, tz_off;         /* cache of the local UTC offset, per hour */
	char ctx[CTX_MAX + 1];          /* last skipped unindented line (prefilter) */
	size_t ctx_len;
	bool ctx_valid;
	struct oomt_journal_entry entry;
	char *msgbuf;                   /* journal message buffer */
	int64_t rel_last;               /* dmesg -e: wall time of the last line */
	struct oomt_line_prefix dj;     /* dmesg -J: members of the open object */
	char dj_caller[32];
	unsigned track_lines;           /* skipped lines looked at for the format (prefilter) */
};

static bool multiline_format(enum oomt_text_format f)
{
	return f == OOMT_FMT_DMESG || f == OOMT_FMT_DMESG_CTIME || f == OOMT_FMT_DMESG_ISO ||
	       f == OOMT_FMT_DMESG_RELTIME || f == OOMT_FMT_SYSLOG || f == OOMT_FMT_SYSLOG_ISO ||
	       f == OOMT_FMT_RFC5424;
}

/* RFC 3164 has no year: take it from the hint or the file's mtime (a month after the
 * mtime's month belongs to the year before), then step it whenever the month goes back by
 * more than half a year (December -> January, even when the prefilter skipped the months
 * in between; a few lines out of order across hosts do not step it). */
static int infer_year(struct text_state *t, int mon)
{
	if (t->year == 0) {
		if (t->year_hint) {
			t->year = t->year_hint;
		} else if (t->mtime_year) {
			t->year = t->mtime_year - (mon > t->mtime_mon ? 1 : 0);
		} else {
			time_t now = time(NULL);
			struct tm tm;

			localtime_r(&now, &tm);
			t->year = tm.tm_year + 1900 - (mon > tm.tm_mon + 1 ? 1 : 0);
		}
	} else if (mon + 6 < t->last_mon) {
		t->year++;
	}
	t->last_mon = mon;
	return t->year;
}

/* Local civil time -> epoch, with the zone offset cached per hour (mktime is slow). */
static int64_t local_usec(struct text_state *t, const struct oomt_civil *c)
{
	int64_t days = oomt_days_from_civil(c->year, (unsigned)c->mon, (unsigned)c->mday);
	int64_t as_utc = days * 86400 + c->hour * 3600 + c->min * 60 + c->sec;
	int64_t key = days * 24 + c->hour, v;

	if (c->tz_known)
		return (as_utc - c->tz_off_sec) * 1000000 + c->usec;
	if (key != t->tz_key) {
		if (oomt_civil_to_usec(c, &v) < 0)
			return OOMT_UNKNOWN;
		t->tz_key = key;
		t->tz_off = as_utc - (v - c->usec) / 1000000;
	}
	return (as_utc - t->tz_off) * 1000000 + c->usec;
}

static int64_t resolve_realtime(struct text_state *t, const struct oomt_line_prefix *p)
{
	struct oomt_civil c = p->civil;

	if (p->realtime_usec != OOMT_UNKNOWN)
		return p->realtime_usec;
	if (!p->has_civil || c.mon < 1 || c.mon > 12 || c.mday < 1 || c.mday > 31 ||
	    c.hour > 23 || c.min > 59 || c.sec > 60)
		return OOMT_UNKNOWN;
	if (c.year == 0)
		c.year = infer_year(t, c.mon);
	if (c.year < 1970 || c.year > 9999)
		return OOMT_UNKNOWN;
	return local_usec(t, &c);
}

static bool is_kernel_buffer_format(enum oomt_text_format f)
{
	return f == OOMT_FMT_DMESG || f == OOMT_FMT_DMESG_CTIME || f == OOMT_FMT_DMESG_ISO ||
	       f == OOMT_FMT_DMESG_RELTIME || f == OOMT_FMT_DMESG_JSON || f == OOMT_FMT_KMSG;
}

/* dmesg -e: the wall time of this line; replay = the line was already counted (the
 * prefilter's remembered line), its time is the last one. */
static int64_t reltime(struct text_state *t, const struct oomt_line_prefix *p, bool replay)
{
	if (replay)
		return t->rel_last;
	if (p->has_delta)
		t->rel_last = t->rel_last == OOMT_UNKNOWN ? OOMT_UNKNOWN : t->rel_last + p->delta_usec;
	else
		t->rel_last = resolve_realtime(t, p);
	return t->rel_last;
}

/* Record template from a parsed prefix. */
static void apply_prefix(struct oomt_source *src, struct text_state *t, const char *line,
                         const struct oomt_line_prefix *p, bool replay)
{
	struct oomt_record *r = &src->tmpl;
	const char *ident = p->ident_len ? line + p->ident_off : NULL;
	size_t ident_len = p->ident_len;

	oomt_record_init(r);
	/* The kernel ring buffer formats carry no identifier: their lines are the kernel's,
	 * unless the facility says a userspace program wrote them into /dev/kmsg (or, in
	 * JSON, there is no "pri": not dmesg's, just JSON with a "msg"). */
	if (!ident && is_kernel_buffer_format(p->fmt) && p->facility <= 0 &&
	    !(p->djson && p->priority < 0))
		ident = "kernel", ident_len = 6;
	oomt_source_set_meta(src, p->host_len ? line + p->host_off : NULL, p->host_len, ident,
	                     ident_len, p->caller_len ? line + p->caller_off : NULL,
	                     p->caller_len, NULL);
	r->uptime_usec = p->uptime_usec;
	if (p->fmt == OOMT_FMT_DMESG_RELTIME)
		r->realtime_usec = reltime(t, p, replay);
	else
		r->realtime_usec = resolve_realtime(t, p);
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
	t->hint = f;
	if (src->fmt == OOMT_FMT_AUTO || src->fmt == OOMT_FMT_PLAIN)
		src->fmt = f;
}

/* The prefilter found a continuation line: recover its record's metadata from the last
 * skipped header line. */
static void restore_context(struct oomt_source *src, struct text_state *t)
{
	struct oomt_line_prefix p;

	if (!t->ctx_valid)
		return;
	t->ctx_valid = false;
	oomt_parse_line_prefix(t->ctx, t->ctx_len, t->hint, &p);
	if (p.fmt == OOMT_FMT_PLAIN || p.json || p.kmsg_dict || p.djson) {
		t->have_prev = false;
		return;
	}
	apply_prefix(src, t, t->ctx, &p, true);
	note_format(src, t, p.fmt);
	t->have_prev = true;
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

/* dmesg -J: add the members of this line to the open object. */
static void djson_collect(struct text_state *t, const char *line,
                          const struct oomt_line_prefix *p)
{
	struct oomt_line_prefix *o = &t->dj;

	if (p->djson_open || !o->djson) {
		memset(o, 0, sizeof(*o));
		o->djson = true;
		o->fmt = OOMT_FMT_DMESG_JSON;
		o->uptime_usec = o->realtime_usec = o->ident_pid = OOMT_UNKNOWN;
		o->priority = o->facility = -1;
	}
	if (p->uptime_usec != OOMT_UNKNOWN)
		o->uptime_usec = p->uptime_usec;
	if (p->has_civil)
		o->civil = p->civil, o->has_civil = true;
	if (p->priority >= 0)
		o->priority = p->priority;
	if (p->facility >= 0)
		o->facility = p->facility;
	if (p->caller_len) {
		o->caller_len = p->caller_len < sizeof(t->dj_caller) ? p->caller_len
		                                                      : sizeof(t->dj_caller);
		memcpy(t->dj_caller, line + p->caller_off, o->caller_len);
	}
}

/* dmesg -J "msg" line: the record of the object; the message unescaped in place. */
static int queue_djson(struct oomt_source *src, struct text_state *t, char *line,
                       const struct oomt_line_prefix *p, bool cut)
{
	struct oomt_line_prefix o;
	char *msg = line + p->msg_off;
	size_t mlen;

	djson_collect(t, line, p);
	o = t->dj;
	t->dj.djson = false;
	o.caller_len = 0;
	apply_prefix(src, t, line, &o, false);
	if (t->dj.caller_len)
		oomt_source_set_meta(src, NULL, 0, o.facility <= 0 ? "kernel" : NULL,
		                     o.facility <= 0 ? 6 : 0, t->dj_caller, t->dj.caller_len, NULL);
	note_format(src, t, OOMT_FMT_DMESG_JSON);
	t->have_prev = false;
	src->tmpl.truncated = cut;
	mlen = oomt_json_unescape(msg, p->msg_len);
	msg[mlen] = '\0';
	if (cut)
		src->truncated++;
	oomt_source_queue(src, msg, mlen);
	return 0;
}

/* One line -> queued message. 0 = queued, 1 = nothing to deliver (dictionary line). */
static int queue_line(struct oomt_source *src, struct text_state *t, char *line, size_t len,
                      bool cut, bool via_filter)
{
	struct oomt_line_prefix p;
	char *msg;
	size_t mlen;

	oomt_parse_line_prefix(line, len, t->hint, &p);
	if (p.kmsg_dict)
		return 1;
	if (p.djson) {
		note_format(src, t, p.fmt);
		if (p.djson_msg)
			return queue_djson(src, t, line, &p, cut);
		djson_collect(t, line, &p);
		return 1;
	}
	if (p.json) {
		note_format(src, t, OOMT_FMT_JOURNAL_JSON);
		return queue_json(src, t, line, len, cut);
	}
	if ((p.continuation || p.fmt == OOMT_FMT_PLAIN) && via_filter)
		restore_context(src, t);
	/* A line without any prefix right after a prefixed one is the rest of a line that a
	 * pager, a terminal or a mail client wrapped (pasted logs), or a transport split: it
	 * belongs to the same record, not to an unknown host. */
	if ((p.continuation || p.fmt == OOMT_FMT_PLAIN) && t->have_prev && multiline_format(t->hint)) {
		src->tmpl.cont = true;
		src->tmpl.truncated = cut;
	} else {
		if (p.continuation || p.fmt == OOMT_FMT_PLAIN)
			p.fmt = OOMT_FMT_PLAIN;
		apply_prefix(src, t, line, &p, false);
		note_format(src, t, p.fmt);
		t->have_prev = p.fmt != OOMT_FMT_PLAIN;
		src->tmpl.truncated = cut;
	}
	t->ctx_valid = false;
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

/* Remember the last line of a skipped region [b, e) (e just after a '\n' or the end of data)
 * that has a prefix of its own: the record a later matching continuation or unprefixed
 * (wrapped) line belongs to, as it would without the filter. */
static void remember_context(struct text_state *t, const char *b, const char *e)
{
	while (e > b) {
		const char *end = e[-1] == '\n' ? e - 1 : e;
		const char *nl = memrchr(b, '\n', (size_t)(end - b));
		const char *ls = nl ? nl + 1 : b;
		size_t n = (size_t)(end - ls);
		struct oomt_line_prefix p;

		if (n > CTX_MAX)
			n = CTX_MAX;
		oomt_parse_line_prefix(ls, n, t->hint, &p);
		if (!p.continuation && p.fmt != OOMT_FMT_PLAIN) {
			memcpy(t->ctx, ls, n);
			t->ctx[n] = '\0';
			t->ctx_len = n;
			t->ctx_valid = true;
			return;
		}
		e = ls;
	}
}

/* dmesg -e and -J carry state from line to line (the last time, the open object): the
 * prefilter's skipped lines still feed it. The first skipped lines of a file are looked at
 * to find its format; after that only these two formats cost a parse per skipped line. */
static bool needs_tracking(const struct text_state *t)
{
	if (t->hint == OOMT_FMT_AUTO || t->hint == OOMT_FMT_PLAIN)
		return t->track_lines < 64;
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

		oomt_parse_line_prefix(b, n < CTX_MAX ? n : CTX_MAX, t->hint, &p);
		if (t->hint == OOMT_FMT_AUTO || t->hint == OOMT_FMT_PLAIN)
			t->track_lines++;
		if (!p.continuation && p.fmt != OOMT_FMT_PLAIN && !p.kmsg_dict)
			note_format(src, t, p.fmt);
		if (p.fmt == OOMT_FMT_DMESG_RELTIME)
			reltime(t, &p, false);
		if (p.djson) {
			djson_collect(t, b, &p);
			if (p.djson_msg)
				t->dj.djson = false;
		}
		b = nl ? nl + 1 : e;
	}
}

/* With the filter on: the next line holding a needle. 0 / 1 at end / -errno. */
static int filtered_line(struct oomt_source *src, struct text_state *t, char **line,
                         size_t *len, bool *cut)
{
	struct oomt_reader *rd = &t->rd;

	for (;;) {
		size_t have = oomt_reader_fill(rd, 1);
		const char *b = rd->buf + rd->start, *m, *nl;

		if (have == 0 || rd->skipping) {
			int r = oomt_reader_line(rd, line, len, cut);

			if (r != 0 || oomt_needles_find(src->needles, *line, *len))
				return r;
			continue;
		}
		m = oomt_needles_find(src->needles, b, have);
		if (m) {
			nl = memrchr(b, '\n', (size_t)(m - b));
			if (nl) {
				track_skipped(src, t, b, nl + 1);
				remember_context(t, b, nl + 1);
				rd->start += (size_t)(nl + 1 - b);
			}
			return oomt_reader_line(rd, line, len, cut);
		}
		/* No match: drop every complete line, keep the partial last one (a needle may
		 * continue in the next read). */
		nl = memrchr(b, '\n', have);
		if (nl) {
			track_skipped(src, t, b, nl + 1);
			remember_context(t, b, nl + 1);
			rd->start += (size_t)(nl + 1 - b);
			continue;
		}
		if (rd->eof) {
			track_skipped(src, t, b, b + have);
			remember_context(t, b, b + have);
			rd->start = rd->end;
			return 1;
		}
		if (have == rd->cap) {
			/* An over-long line without a needle in its first part. */
			int r = oomt_reader_line(rd, line, len, cut);

			if (r != 0)
				return r;
			continue;
		}
		oomt_reader_fill(rd, have + 1);
	}
}

static int text_fill_export(struct oomt_source *src, struct text_state *t)
{
	for (;;) {
		int r = oomt_journal_export_next(&t->rd, &t->entry, &src->skipped);

		if (r != 0)
			return r;
		if (!t->entry.has_msg)
			continue;
		oomt_source_queue_journal(src, &t->entry);
		return 0;
	}
}

static int text_fill(struct oomt_source *src)
{
	struct text_state *t = src->priv;

	if (t->export)
		return text_fill_export(src, t);
	for (;;) {
		char *line;
		size_t len;
		bool cut;
		int r;

		if (src->filter_on)
			r = filtered_line(src, t, &line, &len, &cut);
		else
			r = oomt_reader_line(&t->rd, &line, &len, &cut);
		if (r == 1 && t->rd.gz_error) {
			t->rd.gz_error = false;
			src->lost++;        /* truncated or corrupt gzip: the rest is gone */
		}
		if (r != 0)
			return r;
		if (queue_line(src, t, line, len, cut, src->filter_on) == 0)
			return 0;
	}
}

static void text_free(struct oomt_source *src)
{
	struct text_state *t = src->priv;

	if (!t)
		return;
	oomt_reader_done(&t->rd);
	free(t->msgbuf);
	free(t);
}

static const struct oomt_source_ops text_ops = {
	.fill = text_fill,
	.free = text_free,
};

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

static void mtime_of(int fd, struct text_state *t)
{
	struct stat st;
	struct tm tm;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !localtime_r(&st.st_mtime, &tm))
		return;
	t->mtime_year = tm.tm_year + 1900;
	t->mtime_mon = tm.tm_mon + 1;
}

int oomt_source_open_file(const char *path, const struct oomt_source_opts *opts,
                          struct oomt_source **ret)
{
	struct oomt_source *src;
	struct text_state *t;
	bool is_stdin = strcmp(path, "-") == 0;
	int fd, r;

	fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
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
	t->tz_key = INT64_MIN;
	t->rel_last = OOMT_UNKNOWN;
	t->year_hint = opts ? opts->year_hint : 0;
	mtime_of(fd, t);
	r = oomt_reader_init(&t->rd, fd, 0);
	if (r < 0)
		goto fail;
	t->msgbuf = malloc(OOMT_READER_BUFSZ + 1);
	if (!t->msgbuf) {
		r = -ENOMEM;
		goto fail;
	}
	t->entry.msg = t->msgbuf;
	t->entry.msg_cap = OOMT_READER_BUFSZ;
	if (looks_like_export(&t->rd)) {
		t->export = true;
		src->fmt = OOMT_FMT_JOURNAL_EXPORT;
	}
	*ret = src;
	return 0;
fail:
	oomt_source_free(src);
	return r;
}
