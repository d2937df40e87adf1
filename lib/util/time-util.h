/* SPDX-License-Identifier: MIT */
#ifndef OOMT_UTIL_TIME_UTIL_H
#define OOMT_UTIL_TIME_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * Calendar helpers shared by the user time parser (timeparse.c) and the log sources
 * (syslog, ISO, ctime stamps): one implementation of each date grammar.
 */

/* A broken-down wall time as read from a log or typed by a user. year 0 = not given;
 * mon 0 = month name not understood. tz_known false = local time. */
struct oomt_civil {
	int year, mon, mday, hour, min, sec;
	int usec;
	bool tz_known;
	int tz_off_sec;          /* east of UTC */
};

/* Days since 1970-01-01 of a proleptic Gregorian date (no range checks, no overflow for
 * years within +-1e6). */
int64_t oomt_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Civil time to microseconds since the epoch: with a zone as given, else in the local zone
 * (mktime, DST guessed). Returns 0 or -EINVAL (missing year/month or out of range). */
int oomt_civil_to_usec(const struct oomt_civil *c, int64_t *ret_usec);

/* Month from a month name: English (Jan, January), French (janv., avril, mars), German
 * (Mär, Okt, Dez), Spanish (ene, abr, ago, dic), Italian (gen, mag, ott), Portuguese (fev,
 * out, dez), Dutch (mrt, mei), Polish (sty, kwi, paź), Russian (апр, мая, май),
 * Ukrainian (січ, кві), CJK "9月" / "9월", or a plain number 1-12: glibc's abbreviations
 * (what %b prints) and full names. Case-insensitive (ASCII and Cyrillic), a trailing '.'
 * ignored. Returns 1..12, or 0 when not understood. */
int oomt_month_from_name(const char *s, size_t len);

/* Parse an RFC 3339 / ISO 8601 stamp at s[0..len): YYYY-MM-DD, then 'T' or ' ', HH:MM[:SS],
 * optional fraction after '.' or ',' (any digits, microseconds kept), optional zone "Z",
 * "+HH:MM", "+HHMM", "+HH". With date_only, "YYYY-MM-DD" alone is accepted (midnight).
 * Returns the number of bytes consumed, 0 when s does not start with such a stamp. */
size_t oomt_parse_iso_civil(const char *s, size_t len, bool date_only, struct oomt_civil *ret);

/* "HH:MM:SS" with optional ".ffffff"; returns bytes consumed or 0. */
size_t oomt_parse_clock(const char *s, size_t len, struct oomt_civil *c, bool need_seconds);

/* Clock ID now, in microseconds (CLOCK_MONOTONIC for spans and deadlines, CLOCK_REALTIME for
 * the wall clock). */
int64_t oomt_clock_usec(clockid_t id);

/* Parse an unsigned decimal of at most max_digits digits; returns digits consumed, 0 if none. */
size_t oomt_parse_digits(const char *s, size_t len, size_t max_digits, int64_t *ret);

#endif
