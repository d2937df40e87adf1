/* SPDX-License-Identifier: MIT */
/* The one size formatter and the one time formatter for human output. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <oomtool/format.h>
#include "source/record.h"

char *oomt_format_size(int64_t bytes, char *buf, size_t bufsz)
{
	static const char units[] = "BKMGTPE";
	double v;
	int u = 0;

	if (bytes == OOMT_UNKNOWN) {
		snprintf(buf, bufsz, "-");
		return buf;
	}
	if (bytes < 0) {
		snprintf(buf, bufsz, "-");
		return buf;
	}
	if (bytes < 1024) {
		snprintf(buf, bufsz, "%" PRId64 "B", bytes);
		return buf;
	}
	v = (double)bytes;
	while (v >= 1024.0 && u < 6) {
		v /= 1024.0;
		u++;
	}
	if (v < 10.0)
		snprintf(buf, bufsz, "%.1f%c", v, units[u]);
	else
		snprintf(buf, bufsz, "%.0f%c", v, units[u]);
	return buf;
}

char *oomt_format_time(int64_t usec, bool local, char *buf, size_t bufsz)
{
	struct tm tm;
	time_t t;
	long frac;
	char date[32], zone[32];

	if (usec == OOMT_UNKNOWN) {
		snprintf(buf, bufsz, "-");
		return buf;
	}
	t = (time_t)(usec / 1000000);
	frac = (long)(usec % 1000000);
	if (frac < 0) {
		frac += 1000000;
		t--;
	}
	if (local ? !localtime_r(&t, &tm) : !gmtime_r(&t, &tm)) {
		snprintf(buf, bufsz, "-");
		return buf;
	}
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	if (local) {
		long off = tm.tm_gmtoff / 60;
		snprintf(zone, sizeof(zone), "%c%02ld:%02ld", off < 0 ? '-' : '+',
		         (off < 0 ? -off : off) / 60, (off < 0 ? -off : off) % 60);
	} else {
		strcpy(zone, "Z");
	}
	snprintf(buf, bufsz, "%s.%06ld%s", date, frac, zone);
	return buf;
}
