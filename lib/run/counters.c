/* SPDX-License-Identifier: MIT */
/*
 * What the kernel counted for one trial cgroup (see run-internal.h).
 *
 * Sampled (every interval while the command runs, through fds opened once):
 *   v2  memory.current; memory.stat "anon", "file", "inactive_file"; memory.swap.current
 *   v1  memory.usage_in_bytes; memory.stat "total_rss", "total_cache",
 *       "total_inactive_file", "total_swap" (the total_ lines count sub-cgroups too; "swap"
 *       lines exist only with swap accounting)
 * Read once at the end:
 *   v2  memory.peak (5.19+); memory.events "max", "high", "oom_kill" (4.13+);
 *       memory.pressure "some ... total=" (4.20+ with PSI); memory.swap.peak (6.5+)
 *   v1  memory.max_usage_in_bytes; memory.failcnt + memory.memsw.failcnt;
 *       memory.oom_control "oom_kill" (4.13+)
 * The trial cgroup is new, so every counter starts at 0 with the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "proc/parse.h"
#include "run/run-internal.h"
#include "util/file.h"

/* "key value\n" lines: the value of each key in keys[] into vals[] (unknown stays). One
 * pass, so a 40-line memory.stat costs one scan. */
static void parse_keyed(const char *buf, size_t len, const char *const *keys, int64_t **vals,
                        size_t n)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *sp = memchr(p, ' ', (size_t)(le - p));

		if (sp) {
			size_t kl = (size_t)(sp - p);

			for (size_t i = 0; i < n; i++) {
				int64_t v;

				if (strlen(keys[i]) == kl && memcmp(p, keys[i], kl) == 0 &&
				    oomt_proc_parse_int(sp + 1, (size_t)(le - sp - 1), &v) == 0 && v >= 0) {
					*vals[i] = v;
					break;
				}
			}
		}
		p = nl ? nl + 1 : end;
	}
}

void oomt_run_parse_stat(enum oomt_cgroup_version v, const char *buf, size_t len,
                         struct oomt_run_sample *s)
{
	static const char *const v2_keys[] = { "anon", "file", "inactive_file" };
	static const char *const v1_keys[] = { "total_rss", "total_cache", "total_inactive_file",
	                                       "total_swap" };
	int64_t *vals[] = { &s->anon_bytes, &s->file_bytes, &s->inactive_file_bytes,
	                    &s->swap_bytes };

	if (v == OOMT_CGROUP_V1)
		parse_keyed(buf, len, v1_keys, vals, 4);
	else
		parse_keyed(buf, len, v2_keys, vals, 3);
}

static int read_number(int dirfd, const char *file, int64_t *ret)
{
	char buf[64];
	size_t len;
	int64_t v;
	int r = oomt_file_read_at(dirfd, file, buf, sizeof(buf), &len, NULL);

	if (r < 0)
		return r;
	if (oomt_proc_parse_int(buf, len, &v) < 0 || v < 0)
		return -ENODATA;
	*ret = v;
	return 0;
}

static void read_keyed(int dirfd, const char *file, const char *const *keys, int64_t **vals,
                       size_t n)
{
	char buf[1024];
	size_t len;

	if (oomt_file_read_at(dirfd, file, buf, sizeof(buf), &len, NULL) == 0)
		parse_keyed(buf, len, keys, vals, n);
}

void oomt_run_counters_read(int cgfd, enum oomt_cgroup_version v, struct oomt_run_counters *c)
{
	*c = (struct oomt_run_counters){ OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN,
	                                 OOMT_UNKNOWN, OOMT_UNKNOWN };
	if (v == OOMT_CGROUP_V1) {
		static const char *const keys[] = { "oom_kill" };
		int64_t *vals[] = { &c->oom_kills };

		int64_t memsw_hits;

		read_number(cgfd, "memory.max_usage_in_bytes", &c->peak_bytes);
		read_number(cgfd, "memory.failcnt", &c->limit_hits);
		/* a charge is tried against memsw first: with a swap limit, hits land there */
		if (c->limit_hits != OOMT_UNKNOWN &&
		    read_number(cgfd, "memory.memsw.failcnt", &memsw_hits) == 0)
			c->limit_hits += memsw_hits;
		read_keyed(cgfd, "memory.oom_control", keys, vals, 1);
	} else {
		static const char *const keys[] = { "max", "high", "oom_kill" };
		int64_t *vals[] = { &c->limit_hits, &c->high_hits, &c->oom_kills };
		struct oomt_memory_pressure p = { .struct_size = sizeof(p) };
		char buf[512];
		size_t len;

		read_number(cgfd, "memory.peak", &c->peak_bytes);
		read_number(cgfd, "memory.swap.peak", &c->swap_peak_bytes);
		read_keyed(cgfd, "memory.events", keys, vals, 3);
		if (oomt_file_read_at(cgfd, "memory.pressure", buf, sizeof(buf), &len, NULL) == 0 &&
		    oomt_proc_parse_pressure(buf, len, &p) == 0)
			c->pressure_stall_usec = p.some.total_usec;
	}
}

int oomt_run_sampler_open(int cgfd, enum oomt_cgroup_version v, struct oomt_run_sampler *s)
{
	s->version = v;
	s->usage_fd = openat(cgfd, v == OOMT_CGROUP_V1 ? "memory.usage_in_bytes" : "memory.current",
	                     O_RDONLY | O_CLOEXEC);
	s->stat_fd = openat(cgfd, "memory.stat", O_RDONLY | O_CLOEXEC);
	s->swap_fd = v == OOMT_CGROUP_V2 ? openat(cgfd, "memory.swap.current", O_RDONLY | O_CLOEXEC)
	                                 : -1;
	s->events_fd = openat(cgfd, v == OOMT_CGROUP_V2 ? "memory.events" : "memory.oom_control",
	                      O_RDONLY | O_CLOEXEC);
	if (s->usage_fd < 0 || s->stat_fd < 0) {
		int e = errno;

		oomt_run_sampler_close(s);
		return -e;
	}
	return 0;
}

void oomt_run_sampler_close(struct oomt_run_sampler *s)
{
	if (s->usage_fd >= 0)
		close(s->usage_fd);
	if (s->stat_fd >= 0)
		close(s->stat_fd);
	if (s->swap_fd >= 0)
		close(s->swap_fd);
	if (s->events_fd >= 0)
		close(s->events_fd);
	s->usage_fd = s->stat_fd = s->swap_fd = s->events_fd = -1;
}

/* pread at offset 0 makes the kernel format a cgroup file anew (seq_file restarts). */
static ssize_t reread(int fd, char *buf, size_t bufsz)
{
	ssize_t n;

	do
		n = pread(fd, buf, bufsz - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

int oomt_run_sampler_read(const struct oomt_run_sampler *s, struct oomt_run_sample *ret)
{
	struct oomt_run_sample smp = { OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN,
	                               OOMT_UNKNOWN };
	char buf[4096];   /* v1 memory.stat with its total_ lines is ~1.3 KiB */
	ssize_t n;
	int64_t v;

	n = reread(s->usage_fd, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	if (oomt_proc_parse_int(buf, (size_t)n, &v) == 0 && v >= 0)
		smp.usage_bytes = v;
	n = reread(s->stat_fd, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	oomt_run_parse_stat(s->version, buf, (size_t)n, &smp);
	if (s->swap_fd >= 0 && (n = reread(s->swap_fd, buf, sizeof(buf))) >= 0 &&
	    oomt_proc_parse_int(buf, (size_t)n, &v) == 0 && v >= 0)
		smp.swap_bytes = v;
	*ret = smp;
	return 0;
}

int oomt_run_sampler_oom_kills(const struct oomt_run_sampler *s, int64_t *ret)
{
	static const char *const keys[] = { "oom_kill" };
	int64_t v = OOMT_UNKNOWN, *vals[] = { &v };
	char buf[512];
	ssize_t n;

	if (s->events_fd < 0 || (n = reread(s->events_fd, buf, sizeof(buf))) < 0)
		return -ENODATA;
	parse_keyed(buf, (size_t)n, keys, vals, 1);
	if (v == OOMT_UNKNOWN)
		return -ENODATA;
	*ret = v;
	return 0;
}
