/* SPDX-License-Identifier: MIT */
/*
 * PSI memory pressure without polling (Documentation/accounting/psi.rst, 4.20+): write
 * "<some|full> <stall us> <window us>" to /proc/pressure/memory or a v2 cgroup's
 * memory.pressure, keep the file open, and poll() it for POLLPRI: the kernel wakes us when
 * the stall within a window reaches the threshold, at most once per window. Closing the
 * file removes the trigger.
 *
 * What may refuse it, and what happens then:
 *  - windows that are not multiples of 2 s need CAP_SYS_RESOURCE (6.5+: the kernel checks
 *    the opener's capabilities and says EINVAL; such triggers also start an RT "psimon"
 *    kthread per cgroup): the window is rounded up to the next multiple of 2 s and the
 *    stall scaled with it, and the scope says so (psi_window_rounded);
 *  - a file that cannot be opened for writing (EACCES: before 6.5 only root could write
 *    files in /proc/pressure; another user's cgroup) or a trigger refused again: the file is read
 *    every interval instead and the stall total compared with the threshold (mode
 *    "polled", error = why);
 *  - no file (cgroup v1, a kernel without PSI) or psi=0 on the command line (reads fail
 *    with EOPNOTSUPP): mode "none";
 *  - a file that is not the kernel's (a copy under a sysroot): polled, never written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <oomtool/timeparse.h>
#include "proc/parse.h"
#include "util/struct-size.h"
#include "util/time-util.h"
#include "watch/watch-internal.h"

#define PSI_WINDOW_MIN_USEC 500000LL
#define PSI_WINDOW_MAX_USEC 10000000LL
#define PSI_UNPRIV_STEP_USEC 2000000LL
#define PROC_SUPER_MAGIC 0x9fa0
#define CGROUP2_SUPER_MAGIC 0x63677270
#define TRIGGER_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_psi_trigger, window_usec)

int oomt_psi_trigger_parse(const char *text, struct oomt_psi_trigger *ret)
{
	struct oomt_psi_trigger t = { .struct_size = sizeof(t) };
	char stall[32];
	const char *p = text, *slash;
	size_t n;
	int r = oomt_struct_size_check(ret, TRIGGER_SIZE_V1);

	if (r < 0 || !text)
		return -EINVAL;
	if (strncmp(p, "some:", 5) == 0)
		p += 5;
	else if (strncmp(p, "full:", 5) == 0) {
		t.full = true;
		p += 5;
	}
	slash = strchr(p, '/');
	if (!slash || (n = (size_t)(slash - p)) == 0 || n >= sizeof(stall))
		return -EINVAL;
	memcpy(stall, p, n);
	stall[n] = '\0';
	if (oomt_parse_duration(stall, &t.stall_usec) < 0 ||
	    oomt_parse_duration(slash + 1, &t.window_usec) < 0)
		return -EINVAL;
	if (t.window_usec < PSI_WINDOW_MIN_USEC || t.window_usec > PSI_WINDOW_MAX_USEC ||
	    t.stall_usec <= 0 || t.stall_usec > t.window_usec)
		return -ERANGE;
	oomt_struct_copy_out(ret, &t, sizeof(t));
	return 0;
}

/* "300ms", "2s", "1500ms": the shortest exact form. */
static void format_span(int64_t usec, char *buf, size_t bufsz)
{
	if (usec % 1000000 == 0)
		snprintf(buf, bufsz, "%llds", (long long)(usec / 1000000));
	else if (usec % 1000 == 0)
		snprintf(buf, bufsz, "%lldms", (long long)(usec / 1000));
	else
		snprintf(buf, bufsz, "%lldus", (long long)usec);
}

const char *oomt_psi_trigger_format(const struct oomt_psi_trigger *t, char *buf, size_t bufsz)
{
	char stall[32], window[32];

	format_span(t->stall_usec, stall, sizeof(stall));
	format_span(t->window_usec, window, sizeof(window));
	snprintf(buf, bufsz, "%s:%s/%s", t->full ? "full" : "some", stall, window);
	return buf;
}

int oomt_psi_trigger_kernel_string(const struct oomt_psi_trigger *t, char *buf, size_t bufsz,
                                   size_t *ret_len)
{
	int n = snprintf(buf, bufsz, "%s %lld %lld", t->full ? "full" : "some",
	                 (long long)t->stall_usec, (long long)t->window_usec);

	if (n < 0 || (size_t)n + 1 > bufsz)
		return -ENAMETOOLONG;
	*ret_len = (size_t)n + 1;
	return 0;
}

void oomt_psi_trigger_round(const struct oomt_psi_trigger *t, struct oomt_psi_trigger *ret)
{
	int64_t w = (t->window_usec + PSI_UNPRIV_STEP_USEC - 1) / PSI_UNPRIV_STEP_USEC *
	            PSI_UNPRIV_STEP_USEC;

	if (w > PSI_WINDOW_MAX_USEC)
		w = PSI_WINDOW_MAX_USEC;
	*ret = *t;
	ret->window_usec = w;
	/* the same share of the window, in whole microseconds */
	ret->stall_usec = (int64_t)((double)t->stall_usec * (double)w / (double)t->window_usec);
	if (ret->stall_usec < 1)
		ret->stall_usec = 1;
	if (ret->stall_usec > w)
		ret->stall_usec = w;
}

static int write_trigger(int fd, const struct oomt_psi_trigger *t)
{
	char buf[64];
	size_t len;
	ssize_t n;

	if (oomt_psi_trigger_kernel_string(t, buf, sizeof(buf), &len) < 0)
		return -EINVAL;
	n = write(fd, buf, len);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int oomt_psi_file_read(const struct oomt_psi_file *p, struct oomt_memory_pressure *ret)
{
	char buf[256];
	ssize_t n;

	if (p->fd < 0)
		return -ENOENT;
	n = pread(p->fd, buf, sizeof(buf) - 1, 0);
	if (n < 0)
		return -errno;
	return oomt_proc_parse_pressure(buf, (size_t)n, ret);
}

/* procfs or cgroupfs v2: the files that take triggers */
static bool kernel_file(int fd)
{
	struct statfs sf;

	return fstatfs(fd, &sf) == 0 &&
	       ((unsigned long)sf.f_type == PROC_SUPER_MAGIC ||
	        (unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC);
}

static int64_t stall_total(const struct oomt_memory_pressure *ps, bool full)
{
	if (full)
		return ps->has_full ? ps->full.total_usec : OOMT_UNKNOWN;
	return ps->some.total_usec;
}

void oomt_psi_file_open(struct oomt_psi_file *p, int dirfd, const char *path,
                        const struct oomt_psi_trigger *want)
{
	struct oomt_memory_pressure ps = { .struct_size = sizeof(ps) };
	int r;

	*p = (struct oomt_psi_file){ .fd = -1, .mode = OOMT_WATCH_PSI_NONE };
	if (!want)
		return;
	p->used = *want;
	p->fd = openat(dirfd, path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (p->fd >= 0 && !kernel_file(p->fd)) {
		/* a copy under a sysroot: written to, it would hold the trigger text */
		close(p->fd);
		p->fd = -1;
		errno = EOPNOTSUPP;
	}
	if (p->fd < 0) {
		p->error = -errno;
		if (p->error == -ENOENT)
			return;
		p->fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (p->fd < 0) {
			p->error = -errno;
			return;
		}
	}
	/* psi=0 on the kernel command line: the files exist and every read fails */
	r = oomt_psi_file_read(p, &ps);
	if (r < 0) {
		p->error = r;
		oomt_psi_file_close(p);
		return;
	}
	p->last_total_usec = stall_total(&ps, want->full);
	p->last_read_usec = oomt_clock_usec(CLOCK_MONOTONIC);
	if (p->error == 0) {
		r = write_trigger(p->fd, want);
		if (r < 0 && want->window_usec % PSI_UNPRIV_STEP_USEC != 0 &&
		    (r == -EINVAL || r == -EPERM || r == -EACCES)) {
			struct oomt_psi_trigger rounded;

			oomt_psi_trigger_round(want, &rounded);
			if (write_trigger(p->fd, &rounded) == 0) {
				p->used = rounded;
				p->rounded = true;
				r = 0;
			}
		}
		if (r == 0) {
			p->mode = OOMT_WATCH_PSI_TRIGGER;
			return;
		}
		p->error = r;
	}
	p->mode = OOMT_WATCH_PSI_POLLED;
}

void oomt_psi_file_close(struct oomt_psi_file *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

bool oomt_psi_file_poll_check(struct oomt_psi_file *p, int64_t now_usec)
{
	struct oomt_memory_pressure ps = { .struct_size = sizeof(ps) };
	int64_t total, dt;
	bool crossed;

	if (p->mode != OOMT_WATCH_PSI_POLLED || oomt_psi_file_read(p, &ps) < 0)
		return false;
	total = stall_total(&ps, p->used.full);
	dt = now_usec - p->last_read_usec;
	crossed = total != OOMT_UNKNOWN && p->last_total_usec != OOMT_UNKNOWN && dt > 0 &&
	          (double)(total - p->last_total_usec) * (double)p->used.window_usec >=
	          (double)p->used.stall_usec * (double)dt;
	p->last_total_usec = total;
	p->last_read_usec = now_usec;
	return crossed;
}
