/* SPDX-License-Identifier: MIT */
/*
 * Report lines that a mail client, a terminal or a web paste wrapped (docs/kernel-oom-report.md
 * §9.3). A mail client wraps at a blank (~72-80 columns, after the quote marks), so the rest
 * of the line comes as the next line, without a transport prefix of its own:
 *
 *   [330319.766059] systemd invoked oom-killer:
 *   gfp_mask=0x40cc0(GFP_KERNEL|__GFP_COMP), order=1, oom_score_adj=0
 *
 * The text source makes such a line a continuation record (cont, the line before's
 * metadata), as it does with the indented later lines of a multi-line record. Joining every
 * continuation would glue those (and a console's own unprefixed lines) to whatever came
 * before, so the parser joins only where it knows the line before is incomplete, and the
 * next record is a continuation (or neither line has any prefix: a plain paste) whose text
 * is what that line lacks:
 *
 *   header           no "oom_score_adj=" / "oom_adj=" yet; the rest starts with a "key="
 *                    token, '(' or ',' (4.14's pr_cont pieces of /dev/kmsg join the same way)
 *   kill line        no "oom_score_adj:" yet (5.4+); the rest starts with "key:<digit>"
 *                    ("total-vm:", "UID:", "pgtables:"); older eras end earlier, their line
 *                    is just held for one record
 *   reaper line      "reaped process" without "shmem-rss:" (every era prints anon-rss,
 *                    file-rss and shmem-rss, 4.6+); the rest starts with "key:<digit>"
 *   task header      no "name" column yet; the rest is column names only
 *   task row         fewer numbers than the header has columns (the rest starts with a
 *                    number), or all numbers but no name (the rest is the name)
 *   CPU line         no release after the taint ("... Comm: x Not" / "Tainted: G"); the rest
 *                    starts with "tainted" or holds the release ("5.4.51-xxx")
 *   zone line        (in Mem-Info) no "free_cma:" (3.7+) or "all_unreclaimable? " (older)
 *                    yet; the rest starts with "key:<digit>" ("high:23840kB", "bounce:0kB")
 *   free-list line   (in Mem-Info) no "= NkB" yet; the rest starts with a "N*SkB" block,
 *                    "(" of the migrate types or "="
 *   hugepages line   (in Mem-Info) no "hugepages_size=" yet; the rest starts with a
 *                    "hugepages_...=" token
 *
 * The pieces are joined with one blank where the wrap took it, none after '=' or '(' and
 * none before ',' or ')' (pr_cont pieces), and the joined line is read as one. A line still
 * incomplete after WRAP_PIECES pieces, or whose next record is anything else, is read as it
 * is. While a line is held the parser is busy, so the prefilter hands over the next record.
 */
#include <string.h>
#include "event/machine.h"
#include "event/event-internal.h"
#include "event/text.h"

#define WRAP_PIECES 8

static bool has(const char *s, size_t n, const char *needle)
{
	return oomt_text_find(s, n, needle) != NULL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* s starts with "key:<digit>" (key of letters, '_' and '-'): a kill or reaper field. */
static bool key_value_token(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	                 s[i] == '_' || s[i] == '-'))
		i++;
	return i > 0 && i + 1 < n && s[i] == ':' && is_digit(s[i + 1]);
}

/* The first blank-separated token of s holds '=': a header field ("order=0,"). */
static bool first_token_has_equals(const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i] != ' ' && s[i] != '\t'; i++)
		if (s[i] == '=')
			return true;
	return false;
}

/* Every token is a lowercase column name ("swapents oom_score_adj name"). */
static bool column_names_only(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' || s[i] == ' ' || s[i] == '\t'))
			return false;
	return true;
}

/* A token that starts with a digit and holds a '.': a kernel release ("5.10.179"). */
static bool has_release_token(const char *s, size_t n)
{
	const char *end = s + n, *p = s;

	while (p < end) {
		const char *t = oomt_text_skip_blanks(p, end), *q = t;

		while (q < end && *q != ' ' && *q != '\t')
			q++;
		if (q > t && is_digit(*t) && memchr(t, '.', (size_t)(q - t)))
			return true;
		p = q;
	}
	return false;
}

/* The report a task row or CPU line of this host would be read into. */
static const struct oomt_incident *reading(const struct oomt_parser_host *c)
{
	return c->cur.open && !c->cur.killed && c->cur.ev.kind != OOMT_KIND_ALLOCATION_FAILURE
	       ? &c->cur : NULL;
}

bool oomt_wrap_incomplete(const struct oomt_parser_host *c, enum line_kind kind, const char *s,
                          size_t n)
{
	const struct oomt_incident *in = reading(c);

	switch (kind) {
	case LK_HEADER:
		return !has(s, n, "oom_score_adj=") && !has(s, n, "oom_adj=") &&
		       !has(s, n, "oomkilladj=");
	case LK_VICTIM:
		return has(s, n, "Killed process ") && !has(s, n, "oom_score_adj:");
	case LK_REAPER:
		return has(s, n, "reaped process ") && !has(s, n, "shmem-rss:");
	case LK_TASK_HEADER: {
		struct task_cols tc;

		return !oomt_line_parse_task_header(s, n, &tc);
	}
	case LK_TASK_ROW: {
		bool named;
		int k;

		if (!in || in->sec != SEC_TASKS || in->cols.n == 0)
			return false;
		/* most rows end in a name that ends in a letter: whole, without counting */
		if (n > 0 && !is_digit(s[n - 1]) && s[n - 1] != ']')
			return false;
		k = oomt_line_task_row_numbers(s, n, &named);
		return k >= 0 && (k < in->cols.n || (k == in->cols.n && !named));
	}
	case LK_CPU: {
		struct oomt_event probe;

		if (!in || in->ev.trigger.pid != OOMT_UNKNOWN || in->ev.kernel[0])
			return false;
		oomt_event_init(&probe);
		return oomt_line_parse_cpu(s, n, &probe) && !probe.kernel[0];
	}
	case LK_OTHER: {
		bool whole;

		return in && in->sec == SEC_MEMINFO && oomt_line_zone_shape(s, n, &whole) && !whole;
	}
	case LK_MEMINFO_TOTAL:
		return in && in->sec == SEC_MEMINFO && has(s, n, "hugepages_total=") &&
		       !has(s, n, "hugepages_size=");
	default:
		return false;
	}
}

/* s starts with a free list's block ("0*64kB"), its migrate types or its total. */
static bool free_list_rest(const char *s, size_t n)
{
	size_t i = 0;

	if (s[0] == '(' || s[0] == '=')
		return true;
	while (i < n && is_digit(s[i]))
		i++;
	return i > 0 && i + 1 < n && s[i] == '*' && is_digit(s[i + 1]);
}

static bool plain(const struct oomt_record *r)
{
	return r->uptime_usec == OOMT_UNKNOWN && r->realtime_usec == OOMT_UNKNOWN &&
	       (!r->host || !r->host[0]);
}

bool oomt_wrap_continues(const struct oomt_wrap *w, const struct oomt_record *rec,
                         const char *s, size_t n)
{
	const struct oomt_incident *in = reading(w->c);
	const char *b = w->buf;
	size_t len = w->len;

	if (n == 0 || len + 1 + n >= sizeof(w->buf) || w->pieces >= WRAP_PIECES)
		return false;
	if (!rec->cont && !(plain(rec) && plain(&w->rec)))
		return false;
	if (oomt_line_classify(s, n, NULL) != LK_OTHER &&
	    !(w->kind == LK_OTHER && has(s, n, "all_unreclaimable? ")))
		return false;   /* a report line of its own (but a <= 4.7 zone line's end) */
	switch (w->kind) {
	case LK_HEADER:
		return first_token_has_equals(s, n) || s[0] == '(' || s[0] == ',' ||
		       b[len - 1] == '=' || b[len - 1] == '(';
	case LK_VICTIM:
	case LK_REAPER:
		return key_value_token(s, n);
	case LK_TASK_HEADER:
		return column_names_only(s, n);
	case LK_TASK_ROW: {
		bool named;
		int k = oomt_line_task_row_numbers(b, len, &named);
		const char *p = s;
		int64_t v;

		if (!in || k < 0)
			return false;
		if (k < in->cols.n)
			return oomt_text_parse_int(&p, s + n, &v);
		return true;   /* the name */
	}
	case LK_CPU:
		return oomt_text_starts_with(s, n, "tainted") || has_release_token(s, n);
	case LK_MEMINFO_TOTAL:
		return oomt_text_starts_with(s, n, "hugepages_") && first_token_has_equals(s, n);
	case LK_OTHER: {
		bool whole;
		int shape = oomt_line_zone_shape(b, len, &whole);

		return (shape == 1 && key_value_token(s, n)) || (shape == 2 && free_list_rest(s, n));
	}
	default:
		return false;
	}
}

void oomt_wrap_hold(struct oomt_wrap *w, struct oomt_parser_host *c, enum line_kind kind,
                    const struct oomt_record *rec, const char *source, const char *s, size_t n)
{
	if (n >= sizeof(w->buf))
		n = sizeof(w->buf) - 1;
	memcpy(w->buf, s, n);
	w->buf[n] = '\0';
	w->len = n;
	w->kind = kind;
	w->c = c;
	w->pieces = 1;
	w->source = source;
	w->rec = *rec;
	w->rec.host = w->rec.ident = w->rec.boot_id = NULL;   /* read at hold time already */
	w->rec.caller = NULL;
	if (rec->caller) {
		oomt_text_copy_trimmed(w->caller, sizeof(w->caller), rec->caller, strlen(rec->caller));
		w->rec.caller = w->caller;
	}
	w->rec.msg = w->buf;
	w->rec.msg_len = n;
	w->on = true;
}

bool oomt_wrap_append(struct oomt_wrap *w, const char *s, size_t n)
{
	char last = w->buf[w->len - 1];
	bool blank = !(last == '=' || last == '(' || s[0] == ',' || s[0] == ')');

	if (w->len + blank + n >= sizeof(w->buf))
		return false;
	if (blank)
		w->buf[w->len++] = ' ';
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
	w->rec.msg_len = w->len;
	w->pieces++;
	w->kind = oomt_line_classify(w->buf, w->len, NULL);
	return oomt_wrap_incomplete(w->c, w->kind, w->buf, w->len) && w->pieces < WRAP_PIECES;
}
