/* SPDX-License-Identifier: MIT */
/* /proc/PID/stat: see pid-stat.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "proc/pid-stat.h"
#include "util/file.h"

/* The decimal field at *p (optional '-'), moving *p past it and one blank. */
static int field_int(const char **p, const char *end, int64_t *ret)
{
	const char *s = *p;
	bool neg = s < end && *s == '-';
	int64_t v = 0;

	if (neg)
		s++;
	if (s >= end || *s < '0' || *s > '9')
		return -ENODATA;
	while (s < end && *s >= '0' && *s <= '9') {
		if (v > (INT64_MAX - (*s - '0')) / 10)
			return -ENODATA;
		v = v * 10 + (*s - '0');
		s++;
	}
	if (s < end && *s != ' ' && *s != '\n')
		return -ENODATA;
	*ret = neg ? -v : v;
	*p = s < end ? s + 1 : s;
	return 0;
}

/* Past the field at *p and its blank. */
static int field_skip(const char **p, const char *end)
{
	const char *sp = memchr(*p, ' ', (size_t)(end - *p));

	if (!sp || sp == *p)
		return -ENODATA;
	*p = sp + 1;
	return 0;
}

int oomt_proc_parse_stat(const char *buf, size_t len, struct oomt_proc_stat *ret)
{
	const char *end = buf + len, *p = buf, *close = NULL;
	struct oomt_proc_stat st;
	int64_t v;

	for (const char *q = buf; q < end; q++)
		if (*q == ')')
			close = q;
	if (!close || close + 4 > end || close[1] != ' ')
		return -ENODATA;
	p = close + 2;                       /* field 3: state */
	st.state = *p;
	if (p[1] != ' ')
		return -ENODATA;
	p += 2;
	if (field_int(&p, end, &st.ppid) < 0)  /* field 4 */
		return -ENODATA;
	for (int field = 5; field < 22; field++)
		if (field_skip(&p, end) < 0)
			return -ENODATA;
	if (field_int(&p, end, &v) < 0 || v < 0)  /* field 22 */
		return -ENODATA;
	st.start_ticks = v;
	*ret = st;
	return 0;
}

int oomt_proc_read_stat(int procfd, int pid, struct oomt_proc_stat *ret)
{
	char path[32], buf[1024];
	size_t len;
	int r;

	snprintf(path, sizeof(path), "%d/stat", pid);
	r = oomt_file_read_at(procfd, path, buf, sizeof(buf), &len, NULL);
	return r < 0 ? r : oomt_proc_parse_stat(buf, len, ret);
}
