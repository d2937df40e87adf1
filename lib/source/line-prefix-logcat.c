/* SPDX-License-Identifier: MIT */
/*
 * Android's logcat, as `adb logcat` prints it (liblog's logprint.c), for lmkd's kills
 * (docs/kernel-oom-report.md §7):
 *
 *   threadtime (the default)  "12-06 00:41:09.118   689   689 I lowmemorykiller: msg"
 *                             ("%s %5d %5d %c %-8s: ", the tag padded to 8 columns)
 *   time                      "12-06 00:41:09.118 I/lowmemorykiller(  689): msg"
 *
 * with -v year a "2024-" before the month, with -v usec six digits of the second, with
 * -v zone a "+0100" after the time, with -v uid the uid (a number or "u0_a189") before
 * the pid. The stamp is the device's local time without a year (RFC 3164's case: the
 * clock infers it, line-prefix-clock.c). The tag is the ident, the pid its pid, the level
 * letter the priority. Other forms (brief, process, epoch stamps) are not read.
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

/* "[YYYY-]MM-DD HH:MM:SS.fff[fff][ +ZZZZ]" at s: bytes taken, 0 when none. */
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
	/* "HH:MM:SS." and three digits or six (-v usec) */
	t = oomt_parse_clock(s + i, len - i, c, true);
	if ((t != 12 && t != 15) || s[i + 2] != ':' || c->hour > 23 || c->sec > 60)
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

/* time: "L/tag( pid): msg" at s[i]. */
static bool time_form(const char *base, const char *s, size_t len, size_t i,
                      struct oomt_line_prefix *p)
{
	const char *open, *close;
	int64_t pid;
	size_t t = i + 2, d;

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
	if (!open || open == s + t)
		return false;
	d = skip_blanks(open + 1, (size_t)(close - open - 1), 0);
	if (oomt_parse_digits(open + 1 + d, (size_t)(close - open - 1) - d, 10, &pid) !=
	    (size_t)(close - open - 1) - d || pid < 0)
		return false;
	p->priority = level_priority(s[i]);
	p->ident_off = (size_t)(s + t - base);
	p->ident_len = (size_t)(open - s - t);
	p->ident_pid = pid;
	set_msg(p, base, s, len, (size_t)(close - s) + 3);
	return true;
}

bool oomt_logcat_parse(const char *base, const char *s, size_t len, struct oomt_line_prefix *p)
{
	struct oomt_civil c;
	size_t i = is_digit(s[0]) ? logcat_stamp(s, len, &c) : 0;

	if (i == 0)
		return false;
	i = skip_blanks(s, len, i);
	if (!time_form(base, s, len, i, p) && !threadtime(base, s, len, i, p))
		return false;
	p->fmt = OOMT_FMT_LOGCAT;
	p->civil = c;
	p->has_civil = true;
	return true;
}
