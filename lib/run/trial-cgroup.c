/* SPDX-License-Identifier: MIT */
/*
 * The trial cgroup: made for one try in the parent setup.c chose, limited, emptied and
 * removed. Files written:
 *   v2  memory.max, memory.high, memory.swap.max ("max" for none)
 *   v1  memory.limit_in_bytes ("-1" for none); memory.memsw.limit_in_bytes = limit + swap
 *       when some swap is allowed, memory.swappiness 0 when none is; memory.oom_control 0
 *       when the new memcg inherited oom_kill_disable 1 from its parent (the command would
 *       hang at the limit instead of being killed)
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "proc/parse.h"
#include "run/run-internal.h"
#include "util/file.h"
#include "util/sysroot-file.h"

#define REMOVE_TRIES 500        /* x 10 ms */

int oomt_run_cgroup_write_text(int dirfd, const char *file, const char *text)
{
	int fd = openat(dirfd, file, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(text);
	ssize_t n;
	int e;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	return (size_t)n == len ? 0 : -EIO;
}

int oomt_run_cgroup_write_value(int dirfd, const char *file, int64_t value,
                                enum oomt_cgroup_version v)
{
	char buf[32];

	if (value == OOMT_UNKNOWN)
		snprintf(buf, sizeof(buf), "%s", v == OOMT_CGROUP_V1 ? "-1" : "max");
	else
		snprintf(buf, sizeof(buf), "%" PRId64, value);
	return oomt_run_cgroup_write_text(dirfd, file, buf);
}

static int set_limits_v2(struct oomt_run *run, struct oomt_run_trial *t, int64_t limit)
{
	int r = oomt_run_cgroup_write_value(t->fd, "memory.max", limit, OOMT_CGROUP_V2);

	if (r == 0 && run->opts.high_bytes != OOMT_UNKNOWN)
		r = oomt_run_cgroup_write_value(t->fd, "memory.high", run->opts.high_bytes,
		                                OOMT_CGROUP_V2);
	if (r == 0 && run->opts.swap_max_bytes != OOMT_UNKNOWN && run->swap_accounting) {
		r = oomt_run_cgroup_write_value(t->fd, "memory.swap.max", run->opts.swap_max_bytes,
		                                OOMT_CGROUP_V2);
		t->swap_max_bytes = run->opts.swap_max_bytes;
	}
	return r;
}

/* Whether a new v1 memcg inherited oom_kill_disable 1 (written only then: the kernel now
 * warns that memory.oom_control is deprecated). */
static bool oom_kill_disabled(int cgfd)
{
	char buf[256];
	size_t len;
	const char *p;

	if (oomt_file_read_at(cgfd, "memory.oom_control", buf, sizeof(buf), &len, NULL) < 0)
		return false;
	p = strstr(buf, "oom_kill_disable ");
	return p && p[17] == '1';
}

static int set_limits_v1(struct oomt_run *run, struct oomt_run_trial *t, int64_t limit)
{
	int64_t swap = run->opts.swap_max_bytes;
	int r;

	if (oom_kill_disabled(t->fd))
		oomt_run_cgroup_write_text(t->fd, "memory.oom_control", "0");
	r = oomt_run_cgroup_write_value(t->fd, "memory.limit_in_bytes", limit, OOMT_CGROUP_V1);
	if (r < 0 || swap == OOMT_UNKNOWN)
		return r;
	if (swap == 0) {
		/* swappiness 0 rather than memsw = limit: the memsw counter's charge failures are
		 * not counted in failcnt by current kernels, so every limit hit would go unseen */
		if (oomt_run_cgroup_write_text(t->fd, "memory.swappiness", "0") == 0)
			t->swap_max_bytes = 0;
	} else if (run->swap_accounting && limit != OOMT_UNKNOWN) {
		r = oomt_run_cgroup_write_value(t->fd, "memory.memsw.limit_in_bytes", limit + swap,
		                                OOMT_CGROUP_V1);
		if (r == 0)
			t->swap_max_bytes = swap;
	}
	return r;
}

int oomt_run_trial_create(struct oomt_run *run, int64_t limit_bytes, struct oomt_run_trial *ret)
{
	struct oomt_run_trial t = { .fd = -1, .procs_fd = -1, .swap_max_bytes = OOMT_UNKNOWN };
	int r;

	for (int attempt = 0;; attempt++) {
		snprintf(t.name, sizeof(t.name), OOMT_RUN_CGROUP_PREFIX "%d-%u", (int)getpid(),
		         ++run->next_seq);
		if (mkdirat(run->parent_fd, t.name, 0755) == 0)
			break;
		if (errno != EEXIST || attempt > 100)
			return -errno;
	}
	if (snprintf(t.path, sizeof(t.path), "%s%s%s", run->parent,
	             strcmp(run->parent, "/") == 0 ? "" : "/", t.name) >= (int)sizeof(t.path)) {
		r = -ENAMETOOLONG;
		goto fail;
	}
	t.fd = openat(run->parent_fd, t.name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t.fd < 0) {
		r = -errno;
		goto fail;
	}
	r = run->version == OOMT_CGROUP_V1 ? set_limits_v1(run, &t, limit_bytes)
	                                   : set_limits_v2(run, &t, limit_bytes);
	if (r < 0)
		goto fail;
	t.procs_fd = openat(t.fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
	if (t.procs_fd < 0) {
		r = -errno;
		goto fail;
	}
	*ret = t;
	return 0;
fail:
	oomt_run_trial_remove(run, &t);
	return r;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* SIGKILL every member listed; 0 when there was none. */
static int kill_members(int cgfd)
{
	char buf[4096];
	size_t len;
	int n = 0;

	if (oomt_file_read_at(cgfd, "cgroup.procs", buf, sizeof(buf), &len, NULL) < 0)
		return 0;
	for (char *p = buf, *nl; p < buf + len; p = nl + 1) {
		long pid;

		nl = memchr(p, '\n', (size_t)(buf + len - p));
		if (!nl)
			nl = buf + len;
		*nl = '\0';
		pid = strtol(p, NULL, 10);
		if (pid > 1) {
			kill((pid_t)pid, SIGKILL);
			n++;
		}
	}
	return n;
}

void oomt_run_trial_kill(const struct oomt_run_trial *t, enum oomt_cgroup_version v)
{
	if (t->fd < 0)
		return;
	if (v != OOMT_CGROUP_V2 || oomt_run_cgroup_write_text(t->fd, "cgroup.kill", "1") < 0)
		kill_members(t->fd);
}

int oomt_run_trial_remove(struct oomt_run *run, struct oomt_run_trial *t)
{
	int r = 0;

	if (t->procs_fd >= 0)
		close(t->procs_fd);
	t->procs_fd = -1;
	if (!t->name[0])
		return 0;
	oomt_run_trial_kill(t, run->version);
	for (int i = 0;; i++) {
		if (t->fd >= 0)
			kill_members(t->fd);   /* what forked meanwhile; v2 before 5.14 */
		if (unlinkat(run->parent_fd, t->name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			break;
		if (errno != EBUSY || i >= REMOVE_TRIES) {
			r = -errno;
			break;
		}
		sleep_ms(10);   /* killed tasks leave the cgroup once the kernel has torn them down */
	}
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (r == 0)
		t->name[0] = '\0';
	return r;
}

/* Whether PID runs an oomtool (its comm), under the sysroot's /proc. */
static bool oomtool_alive(const char *sysroot, long pid)
{
	char rel[64], path[PATH_MAX], comm[32];
	size_t len;

	snprintf(rel, sizeof(rel), "proc/%ld/comm", pid);
	if (oomt_sysroot_join(sysroot, rel, path, sizeof(path)) < 0)
		return true;
	if (oomt_file_read_at(AT_FDCWD, path, comm, sizeof(comm), &len, NULL) < 0)
		return false;
	return strncmp(comm, "oomtool", 7) == 0;
}

void oomt_run_trial_sweep_stale(int parent_fd, const char *sysroot)
{
	int fd = dup(parent_fd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d))) {
		const char *p = de->d_name + strlen(OOMT_RUN_CGROUP_PREFIX);
		char *end;
		long pid;

		if (strncmp(de->d_name, OOMT_RUN_CGROUP_PREFIX, strlen(OOMT_RUN_CGROUP_PREFIX)) != 0 ||
		    !isdigit((unsigned char)*p))
			continue;
		pid = strtol(p, &end, 10);
		if (*end != '-' || !isdigit((unsigned char)end[1]) || pid == (long)getpid() ||
		    oomtool_alive(sysroot, pid))
			continue;
		/* an empty one only: a command still running there is somebody's work */
		unlinkat(parent_fd, de->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}
