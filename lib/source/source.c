/* SPDX-License-Identifier: MIT */
/* What every log source shares: record queueing and splitting, counters, names. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "source/prefilter.h"
#include "source/source-internal.h"

void oomt_record_init(struct oomt_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->uptime_usec = rec->realtime_usec = rec->ident_pid = OOMT_UNKNOWN;
	rec->priority = rec->facility = -1;
}

int oomt_source_alloc(const struct oomt_source_ops *ops, const char *name,
                      const struct oomt_source_opts *opts, struct oomt_source **ret)
{
	struct oomt_source *src = calloc(1, sizeof(*src));

	if (!src)
		return -ENOMEM;
	src->ops = ops;
	src->name = strdup(name);
	if (!src->name) {
		free(src);
		return -ENOMEM;
	}
	oomt_record_init(&src->tmpl);
	src->track = opts && opts->track_position;
	src->order_last_usec = src->first_wall_usec = src->last_wall_usec = OOMT_UNKNOWN;
	*ret = src;
	return 0;
}

int oomt_source_set_prefilter(struct oomt_source *src, const char *const *needles)
{
	/* journalctl -o json writes a non-UTF-8 MESSAGE as byte numbers, which no needle can
	 * match: such lines always pass the filter. */
	const char *all[256];
	struct oomt_needles *n = NULL;
	size_t k = 0;
	int r;

	if (!needles || !needles[0])
		return 0;
	for (; needles[k] && k < 254; k++)
		all[k] = needles[k];
	all[k++] = "\"MESSAGE\":[";
	all[k] = NULL;
	r = oomt_needles_new(all, &n);
	if (r < 0)
		return r == -EINVAL ? 0 : r;
	oomt_needles_free(src->needles);
	src->needles = n;
	src->filter_on = false;
	return 0;
}

static void copy_meta(char *dst, size_t cap, const char *s, size_t len, const char **out)
{
	if (!s) {
		*out = NULL;
		return;
	}
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	*out = dst;
}

void oomt_source_set_meta(struct oomt_source *src, const char *host, size_t host_len,
                          const char *ident, size_t ident_len, const char *caller,
                          size_t caller_len, const char *boot_id)
{
	copy_meta(src->host, sizeof(src->host), host, host_len, &src->tmpl.host);
	copy_meta(src->ident, sizeof(src->ident), ident, ident_len, &src->tmpl.ident);
	copy_meta(src->caller, sizeof(src->caller), caller, caller_len, &src->tmpl.caller);
	copy_meta(src->boot_id, sizeof(src->boot_id), boot_id, boot_id ? strlen(boot_id) : 0,
	          &src->tmpl.boot_id);
}

void oomt_source_queue(struct oomt_source *src, char *msg, size_t len)
{
	src->pend = msg;
	src->pend_end = msg + len;
	src->pend_index = 0;
}

void oomt_source_queue_journal(struct oomt_source *src, struct oomt_journal_entry *e)
{
	struct oomt_record *t = &src->tmpl;

	oomt_record_init(t);
	oomt_source_set_meta(src, e->host[0] ? e->host : NULL, strlen(e->host),
	                     e->ident[0] ? e->ident : NULL, strlen(e->ident), NULL, 0,
	                     e->boot_id[0] ? e->boot_id : NULL);
	t->realtime_usec = e->realtime_usec;
	t->uptime_usec = e->source_mono_usec;
	t->ident_pid = e->pid;
	t->priority = e->priority;
	t->facility = e->facility;
	t->truncated = e->msg_truncated;
	if (e->msg_truncated)
		src->truncated++;
	/* A message ending in '\n' would queue an empty last line. */
	while (e->msg_len > 0 && e->msg[e->msg_len - 1] == '\n')
		e->msg_len--;
	e->msg[e->msg_len] = '\0';
	oomt_source_queue(src, e->msg, e->msg_len);
}

/* Hand out the next line of the queued message. */
static bool pop_line(struct oomt_source *src, struct oomt_record *rec)
{
	char *p = src->pend, *nl;

	if (!p)
		return false;
	nl = memchr(p, '\n', (size_t)(src->pend_end - p));
	*rec = src->tmpl;
	rec->msg = p;
	rec->no_needle = src->pend_no_needle;
	rec->lead_row = src->pend_lead_row && src->pend_index == 0;
	rec->lead_gap = src->pend_lead_gap && src->pend_index == 0;
	if (nl) {
		*nl = '\0';
		rec->msg_len = (size_t)(nl - p);
		src->pend = nl + 1;
	} else {
		*src->pend_end = '\0';
		rec->msg_len = (size_t)(src->pend_end - p);
		src->pend = NULL;
	}
	if (rec->msg_len > 0 && p[rec->msg_len - 1] == '\r')
		p[--rec->msg_len] = '\0';
	if (src->pend_index++ > 0) {
		rec->cont = true;
		rec->pre_stamp = NULL;     /* the words were before the message's first line */
	}
	return true;
}

void oomt_source_note_wall(struct oomt_source *src, int64_t usec)
{
	if (usec == OOMT_UNKNOWN)
		return;
	if (src->first_wall_usec == OOMT_UNKNOWN)
		src->first_wall_usec = usec;
	src->last_wall_usec = usec;
}

/* Which way the wall clock runs from record to record: journalctl -r and some log viewers
 * write newest first, and a report read backwards comes apart. */
static void track_order(struct oomt_source *src, const struct oomt_record *rec)
{
	int64_t t = rec->realtime_usec;

	if (t == OOMT_UNKNOWN || rec->cont)
		return;
	oomt_source_note_wall(src, t);
	if (src->order_last_usec != OOMT_UNKNOWN) {
		if (t <= src->order_last_usec - 1000000)
			src->steps_back++;
		else if (t >= src->order_last_usec + 1000000)
			src->steps_forward++;
	}
	src->order_last_usec = t;
}

int oomt_source_next(struct oomt_source *src, struct oomt_record *rec)
{
	for (;;) {
		int r;

		if (pop_line(src, rec)) {
			track_order(src, rec);
			return 0;
		}
		r = src->ops->fill(src);
		if (r != 0)
			return r;
	}
}

int oomt_source_tell(struct oomt_source *src, bool after, struct oomt_source_pos *ret)
{
	if (!src || !ret || !src->track)
		return -EINVAL;
	if (!src->ops->tell)
		return -EOPNOTSUPP;
	memset(ret, 0, sizeof(*ret));
	return src->ops->tell(src, after, ret);
}

void oomt_source_set_filter(struct oomt_source *src, bool on)
{
	src->filter_on = on && src->needles;
}

bool oomt_source_filter_exact(const struct oomt_source *src)
{
	return !src->filter_inexact;
}

void oomt_source_span(const struct oomt_source *src, int64_t *ret_first_usec,
                      int64_t *ret_last_usec)
{
	*ret_first_usec = src->first_wall_usec;
	*ret_last_usec = src->last_wall_usec;
}

const char *oomt_source_name(const struct oomt_source *src)
{
	return src->name;
}

enum oomt_text_format oomt_source_format(const struct oomt_source *src)
{
	return src->fmt;
}

const char *oomt_text_format_name(enum oomt_text_format fmt)
{
	static const char *const names[] = {
		[OOMT_FMT_AUTO] = "auto", [OOMT_FMT_PLAIN] = "plain", [OOMT_FMT_DMESG] = "dmesg",
		[OOMT_FMT_DMESG_CTIME] = "dmesg-ctime", [OOMT_FMT_DMESG_ISO] = "dmesg-iso",
		[OOMT_FMT_KMSG] = "kmsg", [OOMT_FMT_SYSLOG] = "syslog",
		[OOMT_FMT_SYSLOG_ISO] = "syslog-iso", [OOMT_FMT_RFC5424] = "rfc5424",
		[OOMT_FMT_JOURNAL_JSON] = "journal-json", [OOMT_FMT_JOURNAL_EXPORT] = "journal-export",
		[OOMT_FMT_DMESG_RELTIME] = "dmesg-reltime", [OOMT_FMT_DMESG_JSON] = "dmesg-json",
		[OOMT_FMT_JOURNAL_VERBOSE] = "journal-verbose", [OOMT_FMT_LOGCAT] = "logcat",
	};

	if ((unsigned)fmt >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[fmt];
}

uint64_t oomt_source_lines_truncated(const struct oomt_source *src)
{
	return src->truncated;
}

uint64_t oomt_source_lines_skipped(const struct oomt_source *src)
{
	return src->skipped;
}

uint64_t oomt_source_records_lost(const struct oomt_source *src)
{
	return src->lost;
}

/* Newest first: the clock went back between records (by a second or more) twice or more,
 * and at least four times as often as forward. Interleaved hosts and clock steps go both
 * ways; one step back is two excerpts of a paste. */
bool oomt_source_newest_first(const struct oomt_source *src)
{
	return src->steps_back >= 2 && src->steps_back >= 4 * src->steps_forward;
}

void oomt_source_free(struct oomt_source *src)
{
	if (!src)
		return;
	if (src->ops->free)
		src->ops->free(src);
	oomt_needles_free(src->needles);
	free(src->name);
	free(src);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t oomt_kmsg_unescape(char *s, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		int h, l;

		if (s[i] == '\\' && i + 3 < len && s[i + 1] == 'x' &&
		    (h = hexval(s[i + 2])) >= 0 && (l = hexval(s[i + 3])) >= 0) {
			s[o++] = (char)(h << 4 | l);
			i += 3;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

size_t oomt_rsyslog_unescape(char *s, size_t len)
{
	char *p = memchr(s, '#', len);
	size_t o;

	if (!p)
		return len;
	o = (size_t)(p - s);
	for (size_t i = o; i < len; i++) {
		if (s[i] == '#' && i + 3 < len && s[i + 1] == '0' && s[i + 2] == '1' &&
		    (s[i + 3] == '2' || s[i + 3] == '1')) {
			s[o++] = s[i + 3] == '2' ? '\n' : '\t';
			i += 3;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}
