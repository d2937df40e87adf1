/* SPDX-License-Identifier: MIT */
/* This boot's ID and start time (system.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/common.h>
#include <oomtool/proc.h>
#include <oomtool/system.h>
#include "util/file.h"

/* Reads <sysroot>/proc/<rel> into buf. */
static int read_proc(const char *sysroot, const char *rel, char *buf, size_t bufsz, size_t *len)
{
	int procfd, r;

	if ((r = oomt_proc_open(sysroot, &procfd)) < 0)
		return r;
	r = oomt_file_read_at(procfd, rel, buf, bufsz, len, NULL);
	close(procfd);
	return r;
}

static bool is_boot_id(const char *s, size_t len)
{
	if (len != 36)
		return false;
	for (size_t i = 0; i < len; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
			return false;
	}
	return true;
}

int oomt_boot_id_read(const char *sysroot, char *buf, size_t bufsz)
{
	char tmp[64];
	size_t len;
	int r;

	if (!buf || bufsz < 37)
		return -EINVAL;
	r = read_proc(sysroot, "sys/kernel/random/boot_id", tmp, sizeof(tmp), &len);
	if (r < 0)
		return r;
	while (len > 0 && (tmp[len - 1] == '\n' || tmp[len - 1] == ' '))
		len--;
	if (!is_boot_id(tmp, len))
		return -ENODATA;
	memcpy(buf, tmp, len);
	buf[len] = '\0';
	return 0;
}

int oomt_boot_time_read(const char *sysroot, int64_t *ret_usec)
{
	char line[4096];
	bool at_start = true;   /* line[] begins a line, not the rest of a long one (intr) */
	int procfd, fd, r = -ENODATA;
	FILE *f;

	if (!ret_usec)
		return -EINVAL;
	if ((r = oomt_proc_open(sysroot, &procfd)) < 0)
		return r;
	fd = openat(procfd, "stat", O_RDONLY | O_CLOEXEC);
	r = fd < 0 ? -errno : 0;
	close(procfd);
	if (r < 0)
		return r;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -errno;
	}
	r = -ENODATA;
	/* btime comes after the per-CPU lines and the intr line, which has one number per
	 * interrupt (tens of KiB on large machines): read line by line, not into a buffer */
	while (fgets(line, sizeof(line), f)) {
		bool starts = at_start;
		char *end;
		long long v;

		at_start = strchr(line, '\n') != NULL;
		if (!starts || strncmp(line, "btime ", 6) != 0)
			continue;
		v = strtoll(line + 6, &end, 10);
		if (end != line + 6 && v > 0 && v < INT64_MAX / 1000000) {
			*ret_usec = (int64_t)v * 1000000;
			r = 0;
		}
		break;
	}
	fclose(f);
	return r;
}
