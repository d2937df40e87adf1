/* SPDX-License-Identifier: MIT */
/*
 * Android's logcat, as `adb logcat -v FORMAT` prints it (liblog's logprint.c), for lmkd's
 * kills (docs/kernel-oom-report.md §7):
 *
 *   threadtime (the default)  "12-06 00:41:09.118   689   689 I lowmemorykiller: msg"
 *                             ("%s %5d %5d %c %-8s: ", the tag padded to 8 columns)
 *   time                      "12-06 00:41:09.118 I/lowmemorykiller(  689): msg"
 *                             ("%s %c/%-8s(%5d): ")
 *   brief                     "I/lowmemorykiller(  689): msg"      ("%c/%-8s(%5d): ")
 *   tag                       "I/lowmemorykiller: msg"             ("%c/%-8s: ")
 *   process                   "I(  689) msg  (lowmemorykiller)"    ("%c(%5d) ", and the
 *                             tag after the message: "  (%s)")
 *   thread                    "I(  689:  689) msg"                 ("%c(%5d:%5d) ": pid
 *                             and tid, no tag)
 *   long                      "[ 12-06 00:41:09.118   689:  689 I/lowmemorykiller ]"
 *                             ("[ %s %5d:%5d %c/%-8s ]"), a line of its own; the
 *                             message on the lines after it, then a blank line
 *
 * The stamp of threadtime and time is the device's local time without a year (RFC 3164's
 * case: the clock infers it, line-prefix-clock.c): "MM-DD HH:MM:SS.mmm"; -v year puts
 * "2024-" before it, -v usec or nsec six or nine digits after the second, -v zone (or a
 * zone named, -v UTC) " +0100" after it. -v epoch prints the seconds since the epoch
 * instead ("%19lld.mmm", right-aligned: the wall time, UTC) and -v monotonic the seconds
 * since boot ("%6lld.mmm": no wall time, an uptime as journalctl short-monotonic's); a
 * count of 10 digits or more is the epoch's (2001 on), a shorter one the uptime. -v uid
 * puts the uid (a number, or a name of 5 characters at most) before the pid, followed by
 * ':' inside the parentheses (in long's header before the pid). brief, tag, process and
 * thread print no time. The tag is the ident, the pid its pid, the level letter the
 * priority; thread has no tag, so no ident.
 *
 * A line without a stamp is logcat's only whole: the level letter and its '/' or '(' first,
 * a tag without blanks (tag: padded to 8 columns exactly), the pid's parentheses, and for
 * process the "  (tag)" at the end; thread, with neither tag nor time, only with each
 * column padded as "%5d" pads it (so a process line with -v uid, "I(10123:  689) msg
 * (tag)", is process's by its tag). long's header is a whole line (line-prefix.h:
 * logcat_head) that gives no message: the text source gives its fields to the lines after
 * it, up to a blank line (text-source.c).
 */
#include <string.h>
#include "source/line-prefix-internal.h"
#include "util/time-util.h"

/* The level letter's syslog priority, or -1. */
static int level_priority(char c)
{
	switch (c) {
	case 'V': case 'D': return 7;
	case 'I': return 6;
	case 'W': return 4;
	case 'E': return 3;
	case 'F': case 'A': return 2;
	default: return -1;
	}
}

/* n digits at s[i] into *v: true when there are exactly that many. */
static bool digits(const char *s, size_t len, size_t i, size_t n, int *v)
{
	int64_t x;

	if (i + n > len || oomt_parse_digits(s + i, n, n, &x) != n ||
	    (i + n < len && is_digit(s[i + n])))
		return false;
	*v = (int)x;
	return true;
}

/* "[YYYY-]MM-DD HH:MM:SS.fff[fff[fff]][ +ZZZZ]" at s: bytes taken, 0 when none. */
static size_t logcat_stamp(const char *s, size_t len, struct oomt_civil *c)
{
	size_t i = 0, t;
	int z;

	memset(c, 0, sizeof(*c));
	if (len > 5 && s[4] == '-' && digits(s, len, 0, 4, &c->year))
		i = 5;
	if (!digits(s, len, i, 2, &c->mon) || i + 6 > len || s[i + 2] != '-' ||
	    !digits(s, len, i + 3, 2, &c->mday) || s[i + 5] != ' ' ||
	    c->mon < 1 || c->mon > 12 || c->mday < 1 || c->mday > 31)
		return 0;
	i += 6;
	/* "HH:MM:SS." and three digits, six (-v usec) or nine (-v nsec) */
	t = oomt_parse_clock(s + i, len - i, c, true);
	if ((t != 12 && t != 15 && t != 18) || s[i + 2] != ':' || c->hour > 23 || c->sec > 60)
		return 0;
	i += t;
	/* -v zone: " +0100" */
	if (i + 6 <= len && s[i] == ' ' && (s[i + 1] == '+' || s[i + 1] == '-') &&
	    digits(s, len, i + 2, 4, &z) && (i + 6 == len || s[i + 6] == ' ')) {
		c->tz_known = true;
		c->tz_off_sec = (z / 100 * 3600 + z % 100 * 60) * (s[i + 1] == '-' ? -1 : 1);
		i += 6;
	}
	return i < len && s[i] == ' ' ? i : 0;
}

/* -v epoch and -v monotonic: "1733450469.118", "12345.678" (three, six or nine digits
 * after the point) at s: bytes taken, 0 when none; *usec the count in microseconds. */
static size_t seconds_stamp(const char *s, size_t len, int64_t *usec)
{
	int64_t sec, frac;
	size_t d = oomt_parse_digits(s, len, 12, &sec), f;

	if (d == 0 || d + 1 >= len || s[d] != '.')
		return 0;
	f = oomt_parse_digits(s + d + 1, len - d - 1, 9, &frac);
	if ((f != 3 && f != 6 && f != 9) || d + 1 + f >= len || s[d + 1 + f] != ' ')
		return 0;
	for (size_t k = f; k < 6; k++)
		frac *= 10;
	for (size_t k = 6; k < f; k++)
		frac /= 10;
	*usec = sec * 1000000 + frac;
	return d + 1 + f;
}

/* threadtime: "[uid ]pid tid L tag: msg" at s[i]: two or three columns (the last two
 * numbers), a level letter, the tag up to ": ". */
static bool threadtime(const char *base, const char *s, size_t len, size_t i,
                       struct oomt_line_prefix *p)
{
	int64_t col[3];
	size_t n = 0, e = i, b, t, colon;

	for (;;) {
		b = skip_blanks(s, len, e);
		e = token_end(s, len, b);
		if (b >= len || e >= len)
			return false;
		if (e - b == 1 && level_priority(s[b]) >= 0 && n >= 2)
			break;
		if (n == 3)
			return false;
		if (oomt_parse_digits(s + b, e - b, 10, &col[n]) != e - b)
			col[n] = -1;
		n++;
	}
	if (col[n - 1] < 0 || col[n - 2] < 0)
		return false;
	p->priority = level_priority(s[b]);
	t = skip_blanks(s, len, e);
	for (colon = t; colon + 1 < len && !(s[colon] == ':' && s[colon + 1] == ' '); colon++)
		;
	if (colon + 1 >= len)
		return false;
	for (e = colon; e > t && is_blank(s[e - 1]); e--)
		;
	if (e == t)
		return false;
	p->ident_off = (size_t)(s + t - base);
	p->ident_len = e - t;
	p->ident_pid = col[n - 2];
	set_msg(p, base, s, len, colon + 2);
	return true;
}

/* The inside of "(  689)", or with -v uid "(10123:  689)" / "( root:  689)", at s[b..e):
 * the pid. */
static bool paren_pid(const char *s, size_t b, size_t e, int64_t *pid)
{
	const char *colon = memchr(s + b, ':', e - b);
	size_t u;

	if (colon) {
		u = skip_blanks(s, e, b);
		if (s + u == colon || token_end(s, (size_t)(colon - s), u) != (size_t)(colon - s))
			return false;
		b = (size_t)(colon - s) + 1;
	}
	b = skip_blanks(s, e, b);
	return b < e && oomt_parse_digits(s + b, e - b, 10, pid) == e - b;
}

/* The tag s[t..e) as logcat pads it ("%-8s"): no blank in the tag, and after it blanks
 * only to fill 8 columns; exact = exactly those blanks. The tag's length, 0 when it is
 * not one. */
static size_t padded_tag(const char *s, size_t t, size_t e, bool exact)
{
	size_t n = token_end(s, e, t) - t;

	if (n == 0 || skip_blanks(s, e, t + n) != e)
		return 0;
	if (e - t > n && n >= 8)
		return 0;
	if (exact && e - t != (n < 8 ? 8 : n))
		return 0;
	return n;
}

/* time and brief: "L/tag( pid): msg" at s[i]; strict (brief, no stamp before it): a tag
 * as logcat pads it. */
static bool slash_form(const char *base, const char *s, size_t len, size_t i, bool strict,
                       struct oomt_line_prefix *p)
{
	const char *open, *close;
	int64_t pid;
	size_t t = i + 2, e;

	if (i + 2 >= len || level_priority(s[i]) < 0 || s[i + 1] != '/')
		return false;
	close = NULL;
	for (size_t k = t; k + 2 < len && !close; k++)
		if (s[k] == ')' && s[k + 1] == ':' && s[k + 2] == ' ')
			close = s + k;
	if (!close)
		return false;
	open = memchr(s + t, '(', (size_t)(close - s - t));
	while (open && memchr(open + 1, '(', (size_t)(close - open - 1)))
		open = memchr(open + 1, '(', (size_t)(close - open - 1));
	if (!open || open == s + t ||
	    !paren_pid(s, (size_t)(open - s) + 1, (size_t)(close - s), &pid) || pid < 0)
		return false;
	e = (size_t)(open - s);
	if (strict && padded_tag(s, t, e, false) == 0)
		return false;
	while (e > t && is_blank(s[e - 1]))
		e--;
	if (e == t)
		return false;
	p->priority = level_priority(s[i]);
	p->ident_off = (size_t)(s + t - base);
	p->ident_len = e - t;
	p->ident_pid = pid;
	set_msg(p, base, s, len, (size_t)(close - s) + 3);
	return true;
}

/* tag: "L/tag: msg", the tag padded to 8 columns exactly (a kernel message such as
 * "I/O: ..." is none). */
static bool tag_form(const char *base, const char *s, size_t len, struct oomt_line_prefix *p)
{
	size_t t = 2, e, n;

	if (len < 4 || s[1] != '/')
		return false;
	for (e = t; e < len && s[e] != ':' && s[e] != '(' && (size_t)(e - t) < 64; e++)
		;
	if (e >= len || s[e] != ':' || (e + 1 < len && s[e + 1] != ' ') ||
	    (n = padded_tag(s, t, e, true)) == 0)
		return false;
	p->priority = level_priority(s[0]);
	p->ident_off = (size_t)(s + t - base);
	p->ident_len = n;
	set_msg(p, base, s, len, e + 2);
	return true;
}

/* process: "L( pid) msg  (tag)": the tag at the line's end, after two blanks, without
 * blanks of its own. */
static bool process_form(const char *base, const char *s, size_t len,
                         struct oomt_line_prefix *p)
{
	const char *close;
	int64_t pid;
	size_t m, j;

	if (len < 8 || s[1] != '(' || s[len - 1] != ')')
		return false;
	close = memchr(s + 2, ')', len - 2 < 24 ? len - 2 : 24);
	if (!close || close + 1 == s + len || close[1] != ' ' ||
	    !paren_pid(s, 2, (size_t)(close - s), &pid))
		return false;
	m = (size_t)(close - s) + 2;
	for (j = len - 2; j > m && s[j] != '(' && !is_blank(s[j]); j--)
		;
	if (s[j] != '(' || j + 2 >= len || j < m + 2 || s[j - 1] != ' ' || s[j - 2] != ' ')
		return false;
	p->priority = level_priority(s[0]);
	p->ident_off = (size_t)(s + j + 1 - base);
	p->ident_len = len - 2 - j;
	p->ident_pid = pid;
	p->msg_off = (size_t)(s + m - base);
	p->msg_len = j - 2 - m;
	return true;
}

/* A column as logcat prints it, s[b..e): blanks, then a token (digits when num, into *v)
 * right-aligned in 5 columns ("%5d", "%5s"), or wider when it is longer; or in `extra`
 * columns more (a missing uid's blanks before the pid). */
static bool column5(const char *s, size_t b, size_t e, bool num, size_t extra, int64_t *v)
{
	size_t t = skip_blanks(s, e, b), n = e - t, w = n < 5 ? 5 : n;

	if (n == 0 || token_end(s, e, t) != e || (e - b != w && e - b != w + extra))
		return false;
	return !num || oomt_parse_digits(s + t, n, 10, v) == n;
}

/* thread: "L([uid:]pid:tid) msg" ("%c(%s%5d:%5d) ", -v uid's "%5s:" or six blanks):
 * no tag, no time. Each column must be as logcat pads it, the only sign of logcat here;
 * the ident stays unknown (lmkd's kills are told by their text, event/android.c). */
static bool thread_form(const char *base, const char *s, size_t len,
                        struct oomt_line_prefix *p)
{
	const char *close = memchr(s + 2, ')', len - 2 < 40 ? len - 2 : 40), *c1, *c2;
	size_t b = 2, e;
	int64_t pid, tid;

	if (!close || close + 1 == s + len || close[1] != ' ')
		return false;
	e = (size_t)(close - s);
	c1 = memchr(s + b, ':', e - b);
	if (!c1)
		return false;
	c2 = memchr(c1 + 1, ':', (size_t)(close - c1 - 1));
	if (c2) {
		if (!column5(s, b, (size_t)(c1 - s), false, 0, &pid))
			return false;
		b = (size_t)(c1 - s) + 1;
		c1 = c2;
	}
	if (!column5(s, b, (size_t)(c1 - s), true, c2 ? 0 : 6, &pid) ||
	    !column5(s, (size_t)(c1 - s) + 1, e, true, 0, &tid))
		return false;
	p->priority = level_priority(s[0]);
	p->ident_pid = pid;
	set_msg(p, base, s, len, e + 2);
	return true;
}

/* The forms without a time: brief, tag, process, thread. */
static bool stampless(const char *base, const char *s, size_t len, struct oomt_line_prefix *p)
{
	if (len < 4 || level_priority(s[0]) < 0)
		return false;
	if (s[1] == '/')
		return slash_form(base, s, len, 0, true, p) || tag_form(base, s, len, p);
	return s[1] == '(' && (process_form(base, s, len, p) || thread_form(base, s, len, p));
}

struct stamp {
	struct oomt_civil civil;
	int64_t usec;
	bool dated;
};

/* A stamp of threadtime's, -v epoch's or -v monotonic's at s: bytes taken, 0 when none. */
static size_t any_stamp(const char *s, size_t len, struct stamp *st)
{
	size_t i = logcat_stamp(s, len, &st->civil);

	st->dated = i > 0;
	st->usec = 0;
	return i ? i : seconds_stamp(s, len, &st->usec);
}

static void set_stamp(struct oomt_line_prefix *p, const struct stamp *st)
{
	if (st->dated) {
		p->civil = st->civil;
		p->has_civil = true;
	} else if (st->usec >= INT64_C(1000000000) * 1000000) {
		p->realtime_usec = st->usec;    /* -v epoch: UTC */
	} else {
		p->uptime_usec = st->usec;      /* -v monotonic */
	}
}

/* "[uid:]pid:tid" at s[b..e), blanks before each column: the pid. */
static bool pid_tid(const char *s, size_t b, size_t e, int64_t *pid)
{
	const char *c1 = memchr(s + b, ':', e - b), *c2;
	int64_t tid;

	if (!c1)
		return false;
	c2 = memchr(c1 + 1, ':', (size_t)(s + e - c1 - 1));
	if (c2) {
		size_t ce = (size_t)(c1 - s), u = skip_blanks(s, ce, b);

		if (u == ce || token_end(s, ce, u) != ce)
			return false;
		b = ce + 1;
		c1 = c2;
	}
	return paren_pid(s, b, (size_t)(c1 - s), pid) &&
	       paren_pid(s, (size_t)(c1 - s) + 1, e, &tid);
}

/* long: "[ stamp [uid:]pid:tid L/tag ]" ("[ %s %s%5d:%5d %c/%-8s ]", the stamp any of
 * threadtime's or -v epoch's or -v monotonic's), a line of its own above the message:
 * the fields of the lines after it, up to a blank line (text-source.c). A whole line of
 * at most OOMT_LOGCAT_HEAD_MAX bytes. */
static bool long_head(const char *base, const char *s, size_t len, struct oomt_line_prefix *p)
{
	struct stamp st;
	int64_t pid;
	size_t i, n, e = len - 2, te, tb;

	if (len < 16 || len > OOMT_LOGCAT_HEAD_MAX || s[1] != ' ' || s[len - 1] != ']' ||
	    s[len - 2] != ' ')
		return false;
	i = skip_blanks(s, len, 1);
	if (!is_digit(s[i]) || (n = any_stamp(s + i, len - i, &st)) == 0)
		return false;
	i += n;
	for (te = e; te > i && is_blank(s[te - 1]); te--)
		;
	for (tb = te; tb > i && !is_blank(s[tb - 1]); tb--)
		;
	if (tb == i || te - tb < 3 || s[tb + 1] != '/' || level_priority(s[tb]) < 0 ||
	    (n = padded_tag(s, tb + 2, e, true)) == 0 || !pid_tid(s, i, tb - 1, &pid))
		return false;
	p->priority = level_priority(s[tb]);
	p->ident_off = (size_t)(s + tb + 2 - base);
	p->ident_len = n;
	p->ident_pid = pid;
	p->logcat_head = true;
	set_stamp(p, &st);
	set_msg(p, base, s, len, len);
	return true;
}

bool oomt_logcat_parse(const char *base, const char *s, size_t len, struct oomt_line_prefix *p)
{
	struct stamp st;
	size_t i;

	if (s[0] == '[') {
		if (!long_head(base, s, len, p))
			return false;
	} else if (!is_digit(s[0])) {
		if (!stampless(base, s, len, p))
			return false;
	} else {
		if ((i = any_stamp(s, len, &st)) == 0)
			return false;
		i = skip_blanks(s, len, i);
		if (!slash_form(base, s, len, i, false, p) && !threadtime(base, s, len, i, p))
			return false;
		set_stamp(p, &st);
	}
	p->fmt = OOMT_FMT_LOGCAT;
	return true;
}
