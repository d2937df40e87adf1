/* SPDX-License-Identifier: MIT */
/*
 * The one parser of user-typed times (--since/--until). Accepts:
 *   "2024-09-08 12:00", "2024-09-08 12:00:30", "2024-09-08T12:00:00Z", "...+02:00",
 *   "2024-09-08" (midnight), "12:00" / "12:00:30" (today), each in the local zone unless a
 *   zone is given (also a trailing " UTC");
 *   "-2h", "-30min", "+1d", "-1h30min", "2 hours ago", "now", "today", "yesterday",
 *   "tomorrow", "@1700000000" (optionally "@1700000000.5").
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <oomtool/timeparse.h>
#include "util/time-util.h"

#define USEC_PER_SEC INT64_C(1000000)

static const struct {
	const char *name;
	int64_t usec;
} units[] = {
	{ "us", 1 }, { "usec", 1 }, { "ms", 1000 }, { "msec", 1000 },
	{ "s", USEC_PER_SEC }, { "sec", USEC_PER_SEC }, { "secs", USEC_PER_SEC },
	{ "second", USEC_PER_SEC }, { "seconds", USEC_PER_SEC },
	{ "m", 60 * USEC_PER_SEC }, { "min", 60 * USEC_PER_SEC }, { "mins", 60 * USEC_PER_SEC },
	{ "minute", 60 * USEC_PER_SEC }, { "minutes", 60 * USEC_PER_SEC },
	{ "h", 3600 * USEC_PER_SEC }, { "hr", 3600 * USEC_PER_SEC },
	{ "hour", 3600 * USEC_PER_SEC }, { "hours", 3600 * USEC_PER_SEC },
	{ "d", 86400 * USEC_PER_SEC }, { "day", 86400 * USEC_PER_SEC },
	{ "days", 86400 * USEC_PER_SEC },
	{ "w", 7 * 86400 * USEC_PER_SEC }, { "week", 7 * 86400 * USEC_PER_SEC },
	{ "weeks", 7 * 86400 * USEC_PER_SEC },
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int64_t unit_usec(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == len && strncmp(units[i].name, s, len) == 0)
			return units[i].usec;
	return 0;
}

/* "2h", "1h30min", "2 hours" -> microseconds. The whole of s[0..len) must be consumed. */
static int parse_span(const char *s, size_t len, int64_t *ret)
{
	int64_t total = 0;
	size_t i = 0;
	bool any = false;

	while (i < len) {
		int64_t n, u;
		size_t d, start;

		while (i < len && is_space(s[i]))
			i++;
		if (i == len)
			break;
		d = oomt_parse_digits(s + i, len - i, 12, &n);
		if (d == 0)
			return -EINVAL;
		i += d;
		while (i < len && is_space(s[i]))
			i++;
		start = i;
		while (i < len && s[i] >= 'a' && s[i] <= 'z')
			i++;
		u = unit_usec(s + start, i - start);
		if (u == 0)
			return -EINVAL;
		if (__builtin_mul_overflow(n, u, &n) || __builtin_add_overflow(total, n, &total))
			return -EINVAL;
		any = true;
	}
	if (!any)
		return -EINVAL;
	*ret = total;
	return 0;
}

/* Local midnight of the day `now_usec` falls in, shifted by `days`. */
static int local_midnight(int64_t now_usec, int days, int64_t *ret)
{
	time_t t = (time_t)(now_usec / USEC_PER_SEC);
	struct tm tm;
	struct oomt_civil c = { 0 };

	if (!localtime_r(&t, &tm))
		return -EINVAL;
	c.year = tm.tm_year + 1900;
	c.mon = tm.tm_mon + 1;
	c.mday = tm.tm_mday;
	/* Normalise the day shift through the calendar, not through 86400 s (DST days). */
	int64_t day = oomt_days_from_civil(c.year, (unsigned)c.mon, (unsigned)c.mday) + days;
	time_t noon = (time_t)(day * 86400 + 43200);
	struct tm u;

	if (!gmtime_r(&noon, &u))
		return -EINVAL;
	c.year = u.tm_year + 1900;
	c.mon = u.tm_mon + 1;
	c.mday = u.tm_mday;
	return oomt_civil_to_usec(&c, ret);
}

/* Seconds with an optional fraction to the microsecond: "1700000000", "1700000000.5",
 * "0.1", ".5" (the whole of s[0..len)). */
static int parse_seconds(const char *s, size_t len, int64_t *ret)
{
	int64_t sec = 0, frac = 0;
	size_t d = oomt_parse_digits(s, len, 12, &sec), f = 0;

	if (d < len && s[d] == '.') {
		f = oomt_parse_digits(s + d + 1, len - d - 1, 6, &frac);
		if (f == 0)
			return -EINVAL;
		for (size_t k = f; k < 6; k++)
			frac *= 10;
		f++;
	}
	if ((d == 0 && f == 0) || d + f != len)
		return -EINVAL;
	*ret = sec * USEC_PER_SEC + frac;
	return 0;
}

/* "12:00" or "12:00:30": today in the local zone. */
static int parse_clock_today(const char *s, size_t len, int64_t now_usec, int64_t *ret)
{
	struct oomt_civil c = { 0 };
	time_t t = (time_t)(now_usec / USEC_PER_SEC);
	struct tm tm;

	if (oomt_parse_clock(s, len, &c, false) != len || c.hour > 23)
		return -EINVAL;
	if (!localtime_r(&t, &tm))
		return -EINVAL;
	c.year = tm.tm_year + 1900;
	c.mon = tm.tm_mon + 1;
	c.mday = tm.tm_mday;
	return oomt_civil_to_usec(&c, ret);
}

static int parse_absolute(const char *s, size_t len, int64_t *ret)
{
	struct oomt_civil c;
	size_t n = oomt_parse_iso_civil(s, len, true, &c);

	if (n == 0)
		return -EINVAL;
	if (n + 4 == len && !c.tz_known && strncmp(s + n, " UTC", 4) == 0) {
		c.tz_known = true;
		n = len;
	}
	if (n != len || c.hour > 23)
		return -EINVAL;
	return oomt_civil_to_usec(&c, ret);
}

int oomt_parse_timestamp(const char *text, int64_t now_usec, int64_t *ret_usec)
{
	const char *s = text;
	size_t len;
	int64_t v, span;
	int r;

	if (!text)
		return -EINVAL;
	while (is_space(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_space(s[len - 1]))
		len--;
	if (len == 0)
		return -EINVAL;

	if (len == 3 && strncmp(s, "now", 3) == 0)
		r = (v = now_usec, 0);
	else if (len == 5 && strncmp(s, "today", 5) == 0)
		r = local_midnight(now_usec, 0, &v);
	else if (len == 9 && strncmp(s, "yesterday", 9) == 0)
		r = local_midnight(now_usec, -1, &v);
	else if (len == 8 && strncmp(s, "tomorrow", 8) == 0)
		r = local_midnight(now_usec, 1, &v);
	else if (s[0] == '@')
		r = parse_seconds(s + 1, len - 1, &v);
	else if (s[0] == '-' || s[0] == '+') {
		r = parse_span(s + 1, len - 1, &span);
		if (r == 0 && (s[0] == '-' ? __builtin_sub_overflow(now_usec, span, &v)
		                           : __builtin_add_overflow(now_usec, span, &v)))
			r = -EINVAL;
	} else if (len > 4 && strncmp(s + len - 4, " ago", 4) == 0) {
		r = parse_span(s, len - 4, &span);
		if (r == 0 && __builtin_sub_overflow(now_usec, span, &v))
			r = -EINVAL;
	} else if (len <= 15 && memchr(s, ':', len) && !memchr(s, '-', len))
		r = parse_clock_today(s, len, now_usec, &v);
	else
		r = parse_absolute(s, len, &v);
	if (r < 0)
		return r;
	*ret_usec = v;
	return 0;
}

/* A span typed by a user (--for, --interval, --sample): "40s", "10m", "1h30min", "500ms",
 * "2 hours"; a bare number is seconds, with a fraction too ("0.5"). */
int oomt_parse_duration(const char *text, int64_t *ret_usec)
{
	size_t len;

	if (!text)
		return -EINVAL;
	len = strlen(text);
	if (parse_seconds(text, len, ret_usec) == 0)
		return 0;
	return parse_span(text, len, ret_usec);
}
