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
 *   swap totals      (in Mem-Info) "Free swap  =" / "Total swap =" without the size; the
 *                    rest starts with "NkB" (or with the '=')
 *   page counts      (in Mem-Info) "N" or "N pages in swap", the number and the first words
 *                    of one of show_mem()'s counts ("N pages in swap cache"); the rest is
 *                    the words after them, and the joined line that count or more of it
 *
 * The pieces are joined with one blank where the wrap took it, none after '=' or '(' and
 * none before ',' or ')' (pr_cont pieces; but after a swap total's "=", whose "= %lukB"
 * has the blank), and the joined line is read as one. A line still incomplete after
 * WRAP_PIECES pieces, or whose next record is anything else, is read as it is. While a line
 * is held the parser is busy, so the prefilter hands over the next record.
 *
 * A mail client that re-flows a report also glues its records on one line; the text source
 * cuts them apart at their stamps, but when the wrap put a record's last words first on a
 * line, before the next record's stamp ("0kB\xc2\xa0[86423.386637] 1044448 pages RAM"), the
 * prefix parser reads that line at its stamp, as it reads a relay's "web1 [ 12.3] msg", and
 * passes the words as the record's pre_stamp (source/record.h). They are the rest of the
 * held line only when they are what it lacks, as a line of their own would be, the stamp
 * after them is the held line's or up to a minute later, and they are not the words the
 * held line had before its own stamp (a relay names its sender on every line): see
 * oomt_wrap_takes_pre_stamp(). A relay's name never completes a held line's shape (a
 * "key:<digit>" field, a count's words, a size), so a relayed log reads as it did.
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

/* The counts among Mem-Info's last lines, after their number: show_mem() of every era
 * (mm/show_mem.c, lib/show_mem.c since 2.6.27, the arches' own before). */
static const char *const count_words[] = {
	"total pagecache pages", "pages in swap cache", "pages RAM", "pages HighMem/MovableOnly",
	"pages reserved", "pages cma reserved", "pages hwpoisoned", "pages of RAM",
	"reserved pages", "pages shared", "pages swap cached", "free pages",
};

/* s is a number, or a number and the first words of a count (what a wrap at a blank
 * leaves of it): "0", "0 pages in swap". The words after the number and its blank in
 * *words, *wn. */
static bool count_cut(const char *s, size_t n, const char **words, size_t *wn)
{
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	if (i == 0 || (i < n && s[i] != ' '))
		return false;
	*words = i < n ? s + i + 1 : s + n;
	*wn = i < n ? n - i - 1 : 0;
	for (size_t k = 0; k < sizeof(count_words) / sizeof(count_words[0]); k++) {
		size_t m = strlen(count_words[k]);

		if (*wn < m && memcmp(*words, count_words[k], *wn) == 0 &&
		    (*wn == 0 || count_words[k][*wn] == ' '))
			return true;
	}
	return false;
}

/* The words w[0..wn) and then rest[0..rn) after a blank: one of the counts, or more of
 * one (the start of it at a word's end). */
static bool count_rest(const char *w, size_t wn, const char *rest, size_t rn)
{
	for (size_t k = 0; k < sizeof(count_words) / sizeof(count_words[0]); k++) {
		const char *cw = count_words[k];
		size_t m = strlen(cw), j = wn ? wn + 1 : 0;

		if (wn >= m || memcmp(w, cw, wn) != 0 || (wn && cw[wn] != ' ') || j + rn > m ||
		    memcmp(cw + j, rest, rn) != 0)
			continue;
		if (j + rn == m || cw[j + rn] == ' ')
			return true;
	}
	return false;
}

/* "Free swap  =" or "Total swap =" (or "Free swap:" before 2.6.27) without its size. */
static bool swap_total_cut(const char *s, size_t n)
{
	if (!oomt_text_starts_with(s, n, "Free swap") && !oomt_text_starts_with(s, n, "Total swap"))
		return false;
	for (size_t i = 0; i < n; i++)
		if (is_digit(s[i]))
			return false;
	return true;
}

/* s starts with a size in kB ("0kB", "8388604kB"), or with the '=' before it. */
static bool kb_rest(const char *s, size_t n)
{
	size_t i = 0;

	if (s[0] == '=')
		return true;
	while (i < n && is_digit(s[i]))
		i++;
	return i > 0 && i + 1 < n && s[i] == 'k' && s[i + 1] == 'B';
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
		const char *w;
		size_t wn;

		return in && in->sec == SEC_MEMINFO &&
		       ((oomt_line_zone_shape(s, n, &whole) && !whole) || count_cut(s, n, &w, &wn));
	}
	case LK_MEMINFO_TOTAL:
		return in && in->sec == SEC_MEMINFO &&
		       ((has(s, n, "hugepages_total=") && !has(s, n, "hugepages_size=")) ||
		        swap_total_cut(s, n));
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

/* Is s[0..n) what the held line lacks (the table in this file's head)? */
static bool wrap_rest(const struct oomt_wrap *w, const char *s, size_t n)
{
	const struct oomt_incident *in = reading(w->c);
	const char *b = w->buf;
	size_t len = w->len;

	if (n == 0 || len + 1 + n >= sizeof(w->buf) || w->pieces >= WRAP_PIECES)
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
		if (swap_total_cut(b, len))
			return kb_rest(s, n);
		return oomt_text_starts_with(s, n, "hugepages_") && first_token_has_equals(s, n);
	case LK_OTHER: {
		bool whole;
		int shape = oomt_line_zone_shape(b, len, &whole);
		const char *words;
		size_t wn;

		if (count_cut(b, len, &words, &wn))
			return count_rest(words, wn, s, n);
		return (shape == 1 && key_value_token(s, n)) || (shape == 2 && free_list_rest(s, n));
	}
	default:
		return false;
	}
}

bool oomt_wrap_continues(const struct oomt_wrap *w, const struct oomt_record *rec,
                         const char *s, size_t n)
{
	if (!rec->cont && !(plain(rec) && plain(&w->rec)))
		return false;
	return wrap_rest(w, s, n);
}

bool oomt_wrap_takes_pre_stamp(const struct oomt_wrap *w, const struct oomt_record *rec,
                               const char *s, size_t n)
{
	int64_t held = w->rec.uptime_usec, up = rec->uptime_usec;

	if (held == OOMT_UNKNOWN || up == OOMT_UNKNOWN || up < held || up - held > 60 * INT64_C(1000000))
		return false;
	/* a relay's name for the sender: on the held line too */
	if (w->pre_len == n && memcmp(w->pre, s, n) == 0)
		return false;
	return wrap_rest(w, s, n);
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
	w->rec.caller = w->rec.pre_stamp = NULL;
	w->pre_len = 0;
	if (rec->pre_stamp) {
		const char *ps = rec->pre_stamp;
		size_t pn = strlen(ps);

		oomt_text_trim(&ps, &pn);
		if (pn <= sizeof(w->pre)) {
			memcpy(w->pre, ps, pn);
			w->pre_len = pn;
		}
	}
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
	bool blank = !((last == '=' && w->kind != LK_MEMINFO_TOTAL) || last == '(' || s[0] == ',' ||
	               s[0] == ')');

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
