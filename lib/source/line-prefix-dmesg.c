/* SPDX-License-Identifier: MIT */
/*
 * dmesg transport: the prefixes util-linux dmesg (any version, any locale) and the kernel
 * console put before a kernel message, and the line-to-line state that dmesg -e needs.
 *
 *   [  117.006941] msg                           dmesg; wide "[20148497.792301]"
 *   [    5.123456] systemd[1]: msg               a program's line written to /dev/kmsg:
 *                                                its ident and pid (after any stamp here)
 *   [  117.006941] kernel: msg                   journalctl short-monotonic, host cut off
 *   <4>[  117.006941] msg                        dmesg -r, /proc/kmsg, busybox (the "<4>"
 *                                                is read by the dispatcher, line-prefix.c)
 *   [ 1629.930998][T14021] msg                   console with CONFIG_PRINTK_CALLER (5.1+)
 *   [  117.006941] [  T2239] msg                 dmesg 2.40+ caller ids
 *   [2-3219.1870] msg                            a vendor kernel's CPU number before the
 *                                                seconds (Samsung TVs, 4.1)
 *   [  117.006941 <    0.000028>] msg            dmesg -d
 *   kern  :warn  : [  117.006941] msg            dmesg -x
 *   [Mon Jul  6 12:34:56 2026] msg               dmesg -T, also [二 9月  3 05:57:48 2024],
 *                                                [dim. 19 avril 18:03:30 2026]
 *   2026-07-06T12:34:56,006941+02:00 msg         dmesg --time-format iso (+0200 before 2.29)
 *   [Jul 6 12:34] msg, [Nov29 03:29] msg         dmesg -e/--reltime ("%b%e %H:%M") when the
 *   [  +0.000123] msg, [ +12.345678] msg         minute changes, else the delta to the line
 *                                                before ("%+8.6f"; util-linux 2.23+)
 *   [<    0.000028>] msg                         --time-format delta (no time of its own)
 *   [Mon Jul  6 12:34:56 2026 <    0.000028>]    -T -d
 *   [2025-06-04 17:51:20] [   21.647573] msg   a console logger's clock, then the kernel's
 *                                                (Qubes OS, Xen guest consoles)
 *
 * dmesg --time-format iso shares its stamp with RFC 3339 syslog, which is tried first;
 * dmesg -J is in line-prefix-dmesg-json.c.
 */
#include <string.h>
#include "source/record.h"
#include "source/line-prefix-internal.h"

/* A blank of a stamp's padding that a mail archive or a web page mangled, at s[i]: its
 * length, 0 for none. The kernel pads "[%5lu.%06lu]" with blanks; pasted into mail they come
 * back as a no-break space (C2 A0), or as its mojibake read as Latin-1 ("\xc3\x82" then the
 * no-break space or a blank), which one archive shows as "[ A 963.489112]". The 'A' is taken
 * only between two blanks of the padding, so a message's "[A 1.5]" stays text. */
static size_t mangled_blank(const char *s, size_t len, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;

	if (i + 1 < len && u[i] == 0xc2 && u[i + 1] == 0xa0)
		return 2;
	if (i + 2 < len && u[i] == 0xc3 && u[i + 1] == 0x82 &&
	    (is_blank(s[i + 2]) || (u[i + 2] == 0xc2 && i + 3 < len && u[i + 3] == 0xa0)))
		return 2;
	if (i + 1 < len && s[i] == 'A' && is_blank(s[i - 1]) && is_blank(s[i + 1]))
		return 1;
	return 0;
}

/* The padding between a stamp's '[' (or a vendor's CPU number) and its seconds. */
static size_t skip_stamp_padding(const char *s, size_t len, size_t i)
{
	size_t m;

	for (;;) {
		i = skip_blanks(s, len, i);
		m = i < len ? mangled_blank(s, len, i) : 0;
		if (m == 0)
			return i;
		i += m;
	}
}

size_t oomt_stamp_blank(const char *s, size_t len, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;

	if (i >= len)
		return 0;
	if (s[i] == ' ')
		return 1;
	if (i + 1 < len && u[i] == 0xc2 && u[i + 1] == 0xa0)
		return 2;
	/* "\xc3\x82" alone is no blank: a message may start with that letter */
	if (i + 2 < len && u[i] == 0xc3 && u[i + 1] == 0x82) {
		if (s[i + 2] == ' ')
			return 3;
		if (i + 3 < len && u[i + 2] == 0xc2 && u[i + 3] == 0xa0)
			return 4;
	}
	return 0;
}

size_t oomt_stamp_blank_before(const char *s, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;

	if (i >= 1 && s[i - 1] == ' ')
		n = 1;
	else if (i >= 2 && u[i - 2] == 0xc2 && u[i - 1] == 0xa0)
		n = 2;
	else
		return 0;
	return i >= n + 2 && u[i - n - 2] == 0xc3 && u[i - n - 1] == 0x82 ? n + 2 : n;
}

/* A vendor kernel's stamp that names the CPU before the seconds: "[2-3219.1870]" (Samsung's
 * 4.1 TV kernels, four digits of fraction). s[i] is the '-' after the CPU's d digits; returns
 * where the seconds start, or 0. Only the whole shape makes it a stamp, so a message's
 * "[1-2]" or "[3-4.5]" stays text: a CPU of at most four digits right after the '[', and
 * at least four digits of fraction (checked by the caller). */
static size_t cpu_tagged_seconds(const char *s, size_t len, size_t i, size_t d)
{
	if (i != 1 + d || d > 4 || i >= len || s[i] != '-')
		return 0;
	return skip_blanks(s, len, i + 1);
}

size_t oomt_parse_uptime_bracket(const char *s, size_t len, int64_t *usec)
{
	size_t i = 1, d, cpu;
	int64_t sec, frac;

	if (len < 4 || s[0] != '[')
		return 0;
	/* "[%5lu.%06lu]": at most a few blanks of padding; bounded so that a search for a
	 * stamp stays linear on hostile lines */
	if (len > 64)
		len = 64;
	i = skip_stamp_padding(s, len, i);
	d = oomt_parse_digits(s + i, len - i, 12, &sec);
	if (d == 0)
		return 0;
	i += d;
	cpu = cpu_tagged_seconds(s, len, i, d);
	if (cpu) {
		i = cpu;
		d = oomt_parse_digits(s + i, len - i, 12, &sec);
		if (d == 0)
			return 0;
		i += d;
	}
	if (i >= len || s[i] != '.')
		return 0;
	i++;
	d = oomt_parse_digits(s + i, len - i, 9, &frac);
	if (d == 0 || (cpu && d < 4))
		return 0;
	i += d;
	for (size_t k = d; k < 6; k++)
		frac *= 10;
	for (size_t k = 6; k < d; k++)
		frac /= 10;
	/* dmesg -d: "[  117.006941 <    0.000028>]" */
	if (i + 1 < len && s[i] == ' ' && memchr(s + i, '>', len - i)) {
		size_t j = skip_blanks(s, len, i);

		if (j < len && s[j] == '<') {
			const char *gt = memchr(s + j, '>', len - j);

			i = (size_t)(gt - s) + 1;
		}
	}
	if (i >= len || s[i] != ']')
		return 0;
	*usec = sec * 1000000 + frac;
	return i + 1;
}

/* "[T1234]", "[  C3]", "[ T2239]": printk caller ids (CONFIG_PRINTK_CALLER, 5.1+). */
size_t oomt_dmesg_parse_caller(const char *s, size_t len, struct prefix_span *ret)
{
	size_t i = 1, start;
	int64_t n;

	if (len < 4 || s[0] != '[')
		return 0;
	if (len > 32)
		len = 32;
	i = skip_blanks(s, len, i);
	if (i >= len || (s[i] != 'T' && s[i] != 'C'))
		return 0;
	start = i;
	i++;
	size_t d = oomt_parse_digits(s + i, len - i, 10, &n);
	if (d == 0 || i + d >= len || s[i + d] != ']')
		return 0;
	ret->s = s + start;
	ret->len = i + d - start;
	return i + d + 1;
}

/* After "[stamp]": optional caller id, then one blank (oomt_stamp_blank: a mail archive's
 * no-break space or its mojibake too). */
void oomt_dmesg_parse_tail(const char *base, const char *s, size_t len, size_t i,
                           struct oomt_line_prefix *p)
{
	struct prefix_span caller;
	size_t j = i + oomt_stamp_blank(s, len, i), c;

	c = oomt_dmesg_parse_caller(s + j, len - j, &caller);
	if (c == 0 && j != i)
		c = oomt_dmesg_parse_caller(s + i, len - i, &caller), j = i;
	if (c > 0) {
		set_span(&p->caller_off, &p->caller_len, base, caller);
		i = j + c;
	}
	i += oomt_stamp_blank(s, len, i);
	set_msg(p, base, s, len, i);
	/* "[  5.123456] systemd[1]: msg" (a program's line in /dev/kmsg) and journalctl
	 * short-monotonic without its host ("[  77.749670] kernel: msg") */
	oomt_syslog_msg_ident(base, p);
}

/* The tokens of a ctime stamp in s[from..limit): weekday, month and day in the locale's
 * order, the clock, the year after it. True when the clock, the day and the year are
 * there. */
static bool ctime_tokens(const char *s, size_t from, size_t limit, struct oomt_civil *ret)
{
	struct oomt_civil c = { 0 };
	bool have_clock = false;
	size_t i = from;
	int64_t v;

	while ((i = skip_blanks(s, limit, i)) < limit) {
		size_t e = token_end(s, limit, i), n;

		if (!have_clock && (n = oomt_parse_clock(s + i, e - i, &c, true)) == e - i) {
			have_clock = true;
		} else if (have_clock) {
			if (oomt_parse_digits(s + i, e - i, 4, &v) != 4 || e - i != 4)
				return false;
			c.year = (int)v;
		} else if (oomt_parse_digits(s + i, e - i, 2, &v) == e - i && v >= 1 && v <= 31) {
			c.mday = (int)v;
		} else if (c.mon == 0) {
			c.mon = oomt_month_from_name(s + i, e - i);
		}
		i = e;
	}
	if (!have_clock || c.year == 0 || c.mday == 0)
		return false;
	*ret = c;
	return true;
}

/* A dmesg -T stamp that ends at s[end] (its ']'): the line's clock, then the rest. */
static void set_ctime(const char *base, const char *s, size_t len, size_t end,
                      const struct oomt_civil *c, struct oomt_line_prefix *p)
{
	p->fmt = OOMT_FMT_DMESG_CTIME;
	p->civil = *c;
	p->has_civil = true;
	oomt_dmesg_parse_tail(base, s, len, end + 1, p);
}

/* [ctime]: "[Mon Jul  6 12:34:56 2026]", "[二 9月  3 05:57:48 2024]",
 * "[dim. 19 avril 18:03:30 2026]": tokens before the clock are weekday, month and day in
 * the locale's order; the year follows the clock. */
bool oomt_dmesg_parse_ctime(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p)
{
	const char *rb = memchr(s, ']', len < 64 ? len : 64);
	size_t end, limit;
	struct oomt_civil c;

	if (!rb || s[0] != '[')
		return false;
	end = limit = (size_t)(rb - s);
	/* -T -d: "[Mon Jul  6 12:34:56 2026 <    0.000028>]": the delta is no part of the time */
	for (size_t k = 1; k < end; k++)
		if (s[k] == '<') {
			limit = k;
			break;
		}
	if (!ctime_tokens(s, 1, limit, &c))
		return false;
	set_ctime(base, s, len, end, &c, p);
	return true;
}

size_t oomt_parse_ctime_bracket(const char *s, size_t len, int64_t *sec)
{
	const char *rb = len > 12 && s[0] == '[' ? memchr(s, ']', len < 64 ? len : 64) : NULL;
	struct oomt_civil c;

	if (!rb || !ctime_tokens(s, 1, (size_t)(rb - s), &c) || c.mon == 0)
		return 0;
	*sec = oomt_days_from_civil(c.year, (unsigned)c.mon, (unsigned)c.mday) * 86400 +
	       c.hour * 3600 + c.min * 60 + c.sec;
	return (size_t)(rb - s) + 1;
}

/* The same stamp whose '[' a paste lost (a selection that began one byte late): " 四 4月 17
 * 22:43:41 2025] prometheus invoked ...". Stricter than the whole stamp, as nothing else
 * marks it: a month name understood, a four-digit year right before the ']', and a blank
 * and a message after it. */
bool oomt_dmesg_parse_ctime_unopened(const char *base, const char *s, size_t len,
                                     struct oomt_line_prefix *p)
{
	const char *rb = memchr(s, ']', len < 64 ? len : 64);
	size_t end;
	struct oomt_civil c;

	if (!rb || (end = (size_t)(rb - s)) < 12 || end + 2 >= len || s[end + 1] != ' ' ||
	    s[end - 5] != ' ' || !is_digit(s[end - 1]) || !is_digit(s[end - 4]) ||
	    memchr(s, '[', end))
		return false;
	if (!ctime_tokens(s, 0, end, &c) || c.mon == 0)
		return false;
	set_ctime(base, s, len, end, &c, p);
	return true;
}

/* The uptime stamp whose '[' a paste lost (a selection that began a byte late): "
 * 1257.892709] sudo invoked ...", the blanks before it stripped as a line's. Stricter than
 * the whole stamp, as nothing else marks it: the kernel's six fraction digits right before
 * the ']', then a blank and a message. */
bool oomt_dmesg_parse_uptime_unopened(const char *base, const char *s, size_t len,
                                      struct oomt_line_prefix *p)
{
	int64_t sec, us;
	size_t i = oomt_parse_digits(s, len, 12, &sec);

	if (i == 0 || i + 9 >= len || s[i] != '.' ||
	    oomt_parse_digits(s + i + 1, 6, 6, &us) != 6 || s[i + 7] != ']' || s[i + 8] != ' ')
		return false;
	p->uptime_usec = sec * 1000000 + us;
	p->fmt = OOMT_FMT_DMESG;
	oomt_dmesg_parse_tail(base, s, len, i + 8, p);
	return true;
}

/* dmesg -e delta: "[  +0.000123]", "[ +12.345678]", "[-0.000100]" (clock stepped back). */
static bool parse_reltime_delta(const char *base, const char *s, size_t len,
                                struct oomt_line_prefix *p)
{
	size_t i = skip_blanks(s, len < 32 ? len : 32, 1), d;
	int64_t sec, us;
	bool neg;

	if (i >= len || (s[i] != '+' && s[i] != '-'))
		return false;
	neg = s[i++] == '-';
	d = oomt_parse_digits(s + i, len - i, 9, &sec);
	if (d == 0 || i + d >= len || s[i + d] != '.')
		return false;
	i += d + 1;
	if (oomt_parse_digits(s + i, len - i, 6, &us) != 6 || i + 6 >= len || s[i + 6] != ']')
		return false;
	p->fmt = OOMT_FMT_DMESG_RELTIME;
	p->has_delta = true;
	p->delta_usec = (neg ? -1 : 1) * (sec * 1000000 + us);
	oomt_dmesg_parse_tail(base, s, len, i + 7, p);
	return true;
}

/* dmesg -e absolute: "[Jul 6 12:34]", "[Nov29 03:29]", "[11月29 03:29]" (strftime
 * "%b%e %H:%M": the month name, the day padded to two columns, no year, no seconds). */
static bool parse_reltime_abs(const char *base, const char *s, size_t len,
                              struct oomt_line_prefix *p)
{
	const char *rb = memchr(s, ']', len < 40 ? len : 40);
	struct oomt_civil c = { 0 };
	size_t end, sp, ds, n;
	int64_t day;

	if (!rb)
		return false;
	end = (size_t)(rb - s);
	sp = end;
	while (sp > 1 && s[sp - 1] != ' ')
		sp--;
	if (sp <= 2 || oomt_parse_clock(s + sp, end - sp, &c, false) != end - sp || c.sec != 0)
		return false;
	ds = sp - 1;
	while (ds > 1 && is_digit(s[ds - 1]))
		ds--;
	if (sp - 1 - ds == 0 || sp - 1 - ds > 2 || ds <= 1)
		return false;
	oomt_parse_digits(s + ds, sp - 1 - ds, 2, &day);
	n = ds;
	while (n > 1 && s[n - 1] == ' ')
		n--;
	c.mon = oomt_month_from_name(s + 1, n - 1);
	if (c.mon == 0 || day < 1 || day > 31)
		return false;
	c.mday = (int)day;
	p->fmt = OOMT_FMT_DMESG_RELTIME;
	p->civil = c;
	p->has_civil = true;
	oomt_dmesg_parse_tail(base, s, len, end + 1, p);
	return true;
}

/* dmesg --time-format delta: "[<    0.000028>]", the time since the record before and
 * nothing else: the line has no time of its own. */
static bool parse_delta_only(const char *base, const char *s, size_t len,
                             struct oomt_line_prefix *p)
{
	size_t i = 1, d;
	int64_t v;

	if (len < 5 || s[1] != '<')
		return false;
	i = skip_blanks(s, len < 32 ? len : 32, 2);
	d = oomt_parse_digits(s + i, len - i, 12, &v);
	if (d == 0 || i + d >= len || s[i + d] != '.')
		return false;
	i += d + 1;
	d = oomt_parse_digits(s + i, len - i, 9, &v);
	if (d == 0 || i + d + 1 >= len || s[i + d] != '>' || s[i + d + 1] != ']')
		return false;
	p->fmt = OOMT_FMT_DMESG;
	oomt_dmesg_parse_tail(base, s, len, i + d + 2, p);
	return true;
}

/* A console logger's wall clock before the kernel's stamp: Qubes OS's and Xen's guest
 * console logs ("[2025-06-04 17:51:20] [   21.647573] msg"), a serial capture's
 * "[2025-06-04T17:51:20.123] msg". The first stamp is the line's wall time (local time
 * unless it names a zone), the kernel's the uptime; a line of the console without a kernel
 * stamp (a program's output) keeps the wall time only. */
static bool parse_bracket_iso(const char *base, const char *s, size_t len,
                              struct oomt_line_prefix *p)
{
	struct oomt_civil c;
	size_t n = len > 1 ? oomt_parse_iso_civil(s + 1, len - 1, false, &c) : 0, i, k;
	int64_t up;

	if (n == 0 || n + 1 >= len || s[n + 1] != ']')
		return false;
	p->fmt = OOMT_FMT_DMESG;
	p->civil = c;
	p->has_civil = true;
	i = skip_blanks(s, len, n + 2);
	if (i < len && (k = oomt_parse_uptime_bracket(s + i, len - i, &up)) > 0) {
		p->uptime_usec = up;
		oomt_dmesg_parse_tail(base, s, len, i + k, p);
		return true;
	}
	set_msg(p, base, s, len, i);
	return true;
}

/* "[" starts every dmesg stamp: uptime (with -d, a caller id), -e delta or minute, -T. */
bool oomt_dmesg_parse_bracket(const char *base, const char *s, size_t len,
                              struct oomt_line_prefix *p)
{
	int64_t up;
	size_t n = oomt_parse_uptime_bracket(s, len, &up);

	if (n == 0)
		return parse_reltime_delta(base, s, len, p) || parse_reltime_abs(base, s, len, p) ||
		       oomt_dmesg_parse_ctime(base, s, len, p) || parse_delta_only(base, s, len, p) ||
		       parse_bracket_iso(base, s, len, p);
	p->uptime_usec = up;
	p->fmt = OOMT_FMT_DMESG;
	/* journalctl -o short-monotonic has the same stamp (line-prefix-syslog.c) */
	if (oomt_syslog_parse_monotonic(base, s, len, n, p))
		return true;
	oomt_dmesg_parse_tail(base, s, len, n, p);
	return true;
}

/* A syslog or journalctl line after a relay's own stamp (a CI log, a log shipper:
 * "2024-01-01T00:00:00.0000000Z Jan 01 00:00:00 host kernel: msg"): its host, ident and
 * message; the relay's stamp, which has a year and a zone, stays the line's time. */
static bool relayed_syslog(const char *base, const char *s, size_t len,
                           struct oomt_line_prefix *p)
{
	struct oomt_line_prefix q = *p;
	int64_t up;

	/* journalctl short-monotonic: "[  117.006941] host kernel: msg" */
	if (oomt_parse_uptime_bracket(s, len, &up) > 0) {
		if (!oomt_dmesg_parse_bracket(base, s, len, &q) || q.fmt != OOMT_FMT_SYSLOG)
			return false;
	} else if (!oomt_syslog_parse_3164(base, s, len, &q)) {
		q = *p;
		if (!oomt_syslog_parse_short_full(base, s, len, &q))
			return false;
	}
	q.civil = p->civil;
	q.has_civil = true;
	q.fmt = OOMT_FMT_SYSLOG_ISO;    /* as the stamp the line starts with */
	q.head_len = 0;
	*p = q;
	return true;
}

/* dmesg --time-format iso: "2026-07-06T12:34:56,006941+02:00 msg" (a ',' before the
 * fraction). Any other ISO stamp that RFC 3339 syslog did not take: a VMware-style relay
 * stamp before a guest kernel line gives the kernel's stamp (line-prefix-noise.c), a CI's
 * or a log shipper's before a syslog line that line's host and ident, else the rest is the
 * message. */
bool oomt_dmesg_parse_iso(const char *base, const char *s, size_t len,
                          struct oomt_line_prefix *p)
{
	struct oomt_civil c;
	size_t n = oomt_parse_iso_civil(s, len, false, &c);

	if (n == 0 || (n < len && s[n] != ' '))
		return false;
	p->civil = c;
	p->has_civil = true;
	if (!(n > 19 && s[19] == ',') && n + 1 < len &&
	    (relayed_syslog(base, s + n + 1, len - n - 1, p) ||
	     oomt_noise_find_kernel_stamp(base, s + n, len - n, p)))
		return true;
	p->fmt = OOMT_FMT_DMESG_ISO;
	oomt_dmesg_parse_tail(base, s, len, n, p);
	return true;
}

/* dmesg -x names of facilities and levels (also in dmesg -J -x). */
static const char *const fac[] = { "kern", "user", "mail", "daemon", "auth", "syslog",
                                   "lpr", "news", "uucp", "cron", "authpriv", "ftp" };
static const char *const lvl[] = { "emerg", "alert", "crit", "err", "warn", "notice",
                                   "info", "debug" };

static int name_index(const char *const *names, size_t n, const char *s, size_t len)
{
	for (size_t k = 0; k < n; k++)
		if (strlen(names[k]) == len && memcmp(names[k], s, len) == 0)
			return (int)k;
	return -1;
}

int oomt_dmesg_facility_index(const char *s, size_t len)
{
	return name_index(fac, sizeof(fac) / sizeof(fac[0]), s, len);
}

int oomt_dmesg_level_index(const char *s, size_t len)
{
	return name_index(lvl, sizeof(lvl) / sizeof(lvl[0]), s, len);
}

/* dmesg -x: "kern  :warn  : " */
bool oomt_dmesg_parse_x(const char *base, const char *s, size_t len,
                        struct oomt_line_prefix *p)
{
	size_t i = 0, e;
	int f = -1, l = -1;

	e = i;
	while (e < len && s[e] >= 'a' && s[e] <= 'z')
		e++;
	for (size_t k = 0; k < sizeof(fac) / sizeof(fac[0]); k++)
		if (strlen(fac[k]) == e && memcmp(fac[k], s, e) == 0)
			f = (int)k;
	i = skip_blanks(s, len, e);
	if (f < 0 || i >= len || s[i] != ':')
		return false;
	i++;
	e = i;
	while (e < len && s[e] >= 'a' && s[e] <= 'z')
		e++;
	for (size_t k = 0; k < sizeof(lvl) / sizeof(lvl[0]); k++)
		if (strlen(lvl[k]) == e - i && memcmp(lvl[k], s + i, e - i) == 0)
			l = (int)k;
	i = skip_blanks(s, len, e);
	if (l < 0 || i >= len || s[i] != ':')
		return false;
	i = skip_blanks(s, len, i + 1);
	p->facility = f;
	p->priority = l;
	if (i < len && s[i] == '[' && oomt_dmesg_parse_bracket(base, s + i, len - i, p))
		return true;
	p->fmt = OOMT_FMT_DMESG;
	set_msg(p, base, s, len, i);
	return true;
}

/*
 * dmesg -e stamps most lines only with the delta to the line before, and the absolute
 * "[Jul 6 12:34]" has minute precision and no year: such a line is taken at the start of
 * its minute (the year inferred as for RFC 3164, line-prefix-clock.c), and each delta line
 * at the time of the line before plus its delta, so times can be early by up to a minute;
 * before the first absolute line the wall time is unknown.
 */
void oomt_dmesg_reltime_init(struct oomt_dmesg_reltime *r)
{
	r->last_usec = OOMT_UNKNOWN;
}

int64_t oomt_dmesg_reltime_next(struct oomt_dmesg_reltime *r, struct oomt_line_clock *clock,
                                const struct oomt_line_prefix *p, bool replay)
{
	if (replay)
		return r->last_usec;
	if (p->has_delta)
		r->last_usec = r->last_usec == OOMT_UNKNOWN ? OOMT_UNKNOWN : r->last_usec + p->delta_usec;
	else
		r->last_usec = oomt_line_clock_realtime(clock, p);
	return r->last_usec;
}
