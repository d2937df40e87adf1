/* SPDX-License-Identifier: MIT */
/*
 * Wall time of a parsed prefix: epoch stamps as they are, stamps with a zone as given,
 * local civil stamps (syslog, dmesg -T, journalctl short-full) through the local zone, and
 * stamps without a year (RFC 3164, journalctl short, dmesg -e) with an inferred year. The
 * state is per file: the year reached so far and a cache of the zone offset.
 */
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "source/record.h"
#include "source/line-prefix.h"

static void set_ref(struct oomt_line_clock *c, time_t when)
{
	struct tm tm;

	if (!localtime_r(&when, &tm))
		return;
	c->ref_year = tm.tm_year + 1900;
	c->ref_mon = tm.tm_mon + 1;
	c->ref_mday = tm.tm_mday;
}

void oomt_line_clock_init(struct oomt_line_clock *c, int year_hint, int fd)
{
	struct stat st;

	*c = (struct oomt_line_clock){ .year_hint = year_hint, .tz_key = INT64_MIN };
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		set_ref(c, st.st_mtime);
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* "YYYYMMDD" or "YYYY-MM-DD" at s after a '-', '.' or '_' (logrotate's dateext and
 * dateformat, journald-upload and syslog-ng templates). */
bool oomt_line_clock_name_date(const char *path, size_t len, int *y, int *m, int *d)
{
	size_t base = 0;

	for (size_t i = 0; i < len; i++)
		if (path[i] == '/')
			base = i + 1;
	for (size_t i = base; i + 1 < len; i++) {
		const char *s = path + i + 1;
		size_t rest = len - i - 1;
		int yy, mm, dd;

		if (path[i] != '-' && path[i] != '.' && path[i] != '_')
			continue;
		if (rest >= 8 && digits(s, 8) && (rest == 8 || !(s[8] >= '0' && s[8] <= '9'))) {
			yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
			mm = (s[4] - '0') * 10 + (s[5] - '0');
			dd = (s[6] - '0') * 10 + (s[7] - '0');
		} else if (rest >= 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
			   digits(s + 8, 2)) {
			yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
			mm = (s[5] - '0') * 10 + (s[6] - '0');
			dd = (s[8] - '0') * 10 + (s[9] - '0');
		} else {
			continue;
		}
		if (yy < 1990 || yy > 9999 || mm < 1 || mm > 12 || dd < 1 || dd > 31)
			continue;
		*y = yy, *m = mm, *d = dd;
		return true;
	}
	return false;
}

void oomt_line_clock_set_name(struct oomt_line_clock *c, const char *path)
{
	int y, m, d;

	if (path && oomt_line_clock_name_date(path, strlen(path), &y, &m, &d))
		c->ref_year = y, c->ref_mon = m, c->ref_mday = d, c->ref_named = true;
}

/* The year of a stamp on mon/mday that is no later than ref (by more than a day: zones
 * and clocks of the writer and the reader differ). */
static int year_before(int ref_year, int ref_mon, int ref_mday, int mon, int mday)
{
	int64_t ref = oomt_days_from_civil(ref_year, (unsigned)ref_mon, (unsigned)ref_mday);
	int64_t day = oomt_days_from_civil(ref_year, (unsigned)mon, (unsigned)mday);

	return day > ref + 1 ? ref_year - 1 : ref_year;
}

bool oomt_line_clock_span(struct oomt_line_clock *c, const char *line, size_t n)
{
	static const char *const ends[] = { ", end at ", ", ends at " };
	const char *end = line + n, *p = NULL;
	struct oomt_civil c_end;

	if (!(n > 20 && memcmp(line, "-- ", 3) == 0 &&
	      (memcmp(line + 3, "Logs begin at ", 14) == 0 ||
	       (n > 24 && memcmp(line + 3, "Journal begins at ", 18) == 0))))
		return false;
	for (size_t i = 0; i < 2 && !p; i++) {
		p = memmem(line, n, ends[i], strlen(ends[i]));
		if (p)
			p += strlen(ends[i]);
	}
	while (p && p < end && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
		p++;   /* the weekday */
	if (!p || p >= end || *p != ' ' ||
	    !oomt_parse_iso_civil(p + 1, (size_t)(end - p - 1), true, &c_end) || c_end.year < 1990)
		return false;
	c->span_year = c_end.year, c->span_mon = c_end.mon, c->span_mday = c_end.mday;
	return true;
}

bool oomt_line_clock_witness(struct oomt_line_clock *c, const struct oomt_line_prefix *p,
                             const char *line, size_t n)
{
	const char *s = line + p->msg_off;
	size_t len = p->msg_off + p->msg_len <= n ? p->msg_len : 0;

	if (c->span_year || !p->has_civil || p->civil.year != 0)
		return false;
	for (size_t i = 0; i + 10 <= len; i++) {
		int y, m, d;

		if ((i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') || !digits(s + i, 4) ||
		    s[i + 4] != '-' || !digits(s + i + 5, 2) || s[i + 7] != '-' ||
		    !digits(s + i + 8, 2) || (i + 10 < len && s[i + 10] >= '0' && s[i + 10] <= '9'))
			continue;
		y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
		m = (s[i + 5] - '0') * 10 + (s[i + 6] - '0');
		d = (s[i + 8] - '0') * 10 + (s[i + 9] - '0');
		if (y < 1990 || m != p->civil.mon || d != p->civil.mday)
			continue;
		c->span_year = y, c->span_mon = m, c->span_mday = d;
		return true;
	}
	return false;
}

/* RFC 3164 has no year: the end journalctl states, the hint, or the year that puts the
 * first stamp no later than the log's end (its rotation date or mtime, else today); then it steps whenever the month
 * goes back by more than half a year (December -> January, even when the prefilter
 * skipped the months in between; a few lines out of order across hosts do not step it). */
static int infer_year(struct oomt_line_clock *t, int mon, int mday)
{
	if (t->year == 0) {
		if (t->span_year) {
			t->year = year_before(t->span_year, t->span_mon, t->span_mday, mon, mday);
		} else if (t->year_hint) {
			t->year = t->year_hint;
		} else {
			if (!t->ref_year)
				set_ref(t, time(NULL));
			t->year = t->ref_year ? year_before(t->ref_year, t->ref_mon, t->ref_mday, mon, mday)
			                      : 1970;
		}
	} else if (mon + 6 < t->last_mon) {
		t->year++;
	}
	t->last_mon = mon;
	return t->year;
}

/* Local civil time -> epoch, with the zone offset cached per hour (mktime is slow). */
static int64_t local_usec(struct oomt_line_clock *t, const struct oomt_civil *c)
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

int64_t oomt_line_clock_realtime(struct oomt_line_clock *t, const struct oomt_line_prefix *p)
{
	struct oomt_civil c = p->civil;

	t->guessed = false;
	if (p->realtime_usec != OOMT_UNKNOWN)
		return p->realtime_usec;
	if (!p->has_civil || c.mon < 1 || c.mon > 12 || c.mday < 1 || c.mday > 31 ||
	    c.hour > 23 || c.min > 59 || c.sec > 60)
		return OOMT_UNKNOWN;
	/* a date in the line itself (grep's file name of a rotated log) beats any default */
	if (c.year == 0 && p->ref_year) {
		c.year = year_before(p->ref_year, p->ref_mon, p->ref_mday, c.mon, c.mday);
	} else if (c.year == 0) {
		c.year = infer_year(t, c.mon, c.mday);
		t->guessed = !t->span_year && !t->year_hint && !t->ref_named;
	}
	if (c.year < 1970 || c.year > 9999)
		return OOMT_UNKNOWN;
	return local_usec(t, &c);
}
