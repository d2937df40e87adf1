/* SPDX-License-Identifier: MIT */
/*
 * Wall time of a parsed prefix: epoch stamps as they are, stamps with a zone as given,
 * local civil stamps (syslog, dmesg -T, journalctl short-full) through the local zone, and
 * stamps without a year (RFC 3164, journalctl short, dmesg -e) with an inferred year. The
 * state is per file: the year reached so far and a cache of the zone offset.
 */
#include <sys/stat.h>
#include <time.h>
#include "source/record.h"
#include "source/line-prefix.h"

void oomt_line_clock_init(struct oomt_line_clock *c, int year_hint, int fd)
{
	struct stat st;
	struct tm tm;

	*c = (struct oomt_line_clock){ .year_hint = year_hint, .tz_key = INT64_MIN };
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    !localtime_r(&st.st_mtime, &tm))
		return;
	c->mtime_year = tm.tm_year + 1900;
	c->mtime_mon = tm.tm_mon + 1;
}

/* RFC 3164 has no year: take it from the hint or the file's mtime (a month after the
 * mtime's month belongs to the year before), then step it whenever the month goes back by
 * more than half a year (December -> January, even when the prefilter skipped the months
 * in between; a few lines out of order across hosts do not step it). */
static int infer_year(struct oomt_line_clock *t, int mon)
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
