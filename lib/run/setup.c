/* SPDX-License-Identifier: MIT */
/*
 * Where the trial cgroups go (oomt_run_new): the memory controller's hierarchy, the
 * backend, a parent directory the caller may create cgroups in, and a probe cgroup made and
 * removed there, so that every failure of oomtool's own is known before the command runs.
 *
 *   systemd is PID 1       a delegated transient scope for the caller (systemd-scope.c);
 *                          on v2 the caller moves on into its leaf "supervisor" (a cgroup
 *                          with children may hold no process) and memory is enabled for
 *                          the scope's children; falls back to a private cgroup below when
 *                          systemd refuses or cannot be reached
 *   v2 has memory          the hierarchy's root when it is writable (root), else the
 *                          nearest ancestor of the caller's own cgroup that is writable and
 *                          has memory in cgroup.subtree_control (a delegated subtree)
 *   v1 memory controller   its root when writable, else the caller's own memory cgroup
 *                          when writable (delegated)
 * The v2 hierarchy is looked for where lib/cgroup looks: /sys/fs/cgroup (unified), then
 * /sys/fs/cgroup/unified (hybrid); the memory controller is in one of v1 and v2, never both.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <oomtool/proc.h>
#include "run/run-internal.h"
#include "util/file.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"

#define OPTIONS_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_run_options, trim_mapped_files)
#define SCOPE_WAIT_MS 5000

static bool has_word(const char *text, const char *word)
{
	size_t wl = strlen(word);

	for (const char *p = text; (p = strstr(p, word)); p += wl)
		if ((p == text || p[-1] == ' ' || p[-1] == '\n') &&
		    (p[wl] == '\0' || p[wl] == ' ' || p[wl] == '\n'))
			return true;
	return false;
}

/* Whether the directory at mount/rel (rel "" or "/a/b") lists memory in FILE. */
static bool lists_memory(const char *mount, const char *rel, const char *file)
{
	char path[PATH_MAX * 2], buf[512];
	size_t len;

	snprintf(path, sizeof(path), "%s%s/%s", mount, rel, file);
	return oomt_file_read_at(AT_FDCWD, path, buf, sizeof(buf), &len, NULL) == 0 &&
	       has_word(buf, "memory");
}

static int find_hierarchy(struct oomt_run *run)
{
	static const char *const v2_where[] = { "sys/fs/cgroup", "sys/fs/cgroup/unified" };
	char path[PATH_MAX];

	for (size_t i = 0; i < 2; i++) {
		if (oomt_sysroot_join(run->sysroot, v2_where[i], path, sizeof(path)) < 0)
			return -ENAMETOOLONG;
		if (lists_memory(path, "", "cgroup.controllers")) {
			run->version = OOMT_CGROUP_V2;
			snprintf(run->mount, sizeof(run->mount), "%s", path);
			return 0;
		}
	}
	if (oomt_sysroot_join(run->sysroot, "sys/fs/cgroup/memory", path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	if (strlen(path) + 32 < sizeof(path)) {
		char probe[PATH_MAX + 32];

		snprintf(probe, sizeof(probe), "%s/memory.limit_in_bytes", path);
		if (access(probe, F_OK) == 0) {
			run->version = OOMT_CGROUP_V1;
			snprintf(run->mount, sizeof(run->mount), "%s", path);
			return 0;
		}
	}
	return -ENOENT;
}

int oomt_run_scope_path(const struct oomt_proc_cgroup *cg, enum oomt_cgroup_version v,
                        const char *unit, char *buf, size_t bufsz)
{
	const char *p = v == OOMT_CGROUP_V1 ? cg->v1_memory : cg->v2;
	size_t pl = strlen(p), ul = strlen(unit);

	if (pl <= ul || p[pl - ul - 1] != '/' || strcmp(p + pl - ul, unit) != 0)
		return -EAGAIN;
	if (pl >= bufsz)
		return -ENAMETOOLONG;
	memcpy(buf, p, pl + 1);
	return 0;
}

static int read_own_cgroup(const struct oomt_run *run, struct oomt_proc_cgroup *cg)
{
	char path[PATH_MAX];
	int procfd, r;

	if (oomt_sysroot_join(run->sysroot, "proc", path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	procfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	cg->struct_size = sizeof(*cg);
	r = oomt_proc_read_cgroup(procfd, (int)getpid(), cg);
	close(procfd);
	return r;
}

static int write_at(const char *dir, const char *file, const char *text)
{
	char path[PATH_MAX * 2];
	int fd, e = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		e = -errno;
	close(fd);
	return e;
}

/* The systemd backend: the scope as the trial cgroups' parent. */
static int use_systemd_scope(struct oomt_run *run)
{
	struct oomt_proc_cgroup cg;
	char unit[64], dir[PATH_MAX * 2], pid[24];
	int r = -EAGAIN;

	snprintf(unit, sizeof(unit), OOMT_RUN_CGROUP_PREFIX "%d.scope", (int)getpid());
	r = oomt_run_systemd_start_scope(unit, geteuid() != 0);
	if (r < 0)
		return r;
	/* the job that moves us runs right after the call returns */
	for (int ms = 0; ms < SCOPE_WAIT_MS; ms += 10) {
		struct timespec ts = { 0, 10 * 1000000L };

		if (read_own_cgroup(run, &cg) == 0 &&
		    (r = oomt_run_scope_path(&cg, run->version, unit, run->parent,
		                             sizeof(run->parent))) != -EAGAIN)
			break;
		nanosleep(&ts, NULL);
	}
	if (r < 0)
		return r == -EAGAIN ? -ETIMEDOUT : r;
	if (run->version == OOMT_CGROUP_V2) {
		if (snprintf(dir, sizeof(dir), "%s%s/supervisor", run->mount, run->parent) >=
		    (int)sizeof(dir))
			return -ENAMETOOLONG;
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -errno;
		snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
		if ((r = write_at(dir, "cgroup.procs", pid)) < 0)
			return r;
		snprintf(dir, sizeof(dir), "%s%s", run->mount, run->parent);
		if ((r = write_at(dir, "cgroup.subtree_control", "+memory")) < 0)
			return r;
	}
	return 0;
}

static bool writable(const struct oomt_run *run, const char *rel)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s%s", run->mount, rel);
	return access(path, W_OK) == 0;
}

/* The private backends: a parent the caller may write. -EACCES when there is none. */
static int choose_private_parent(struct oomt_run *run)
{
	struct oomt_proc_cgroup cg;
	char p[PATH_MAX];

	if (writable(run, "")) {
		snprintf(run->parent, sizeof(run->parent), "/");
		return 0;
	}
	if (read_own_cgroup(run, &cg) < 0)
		return -EACCES;
	snprintf(p, sizeof(p), "%s", run->version == OOMT_CGROUP_V1 ? cg.v1_memory : cg.v2);
	if (run->version == OOMT_CGROUP_V1) {
		if (p[0] == '/' && p[1] && writable(run, p)) {
			snprintf(run->parent, sizeof(run->parent), "%s", p);
			return 0;
		}
		return -EACCES;
	}
	/* v2: our own cgroup holds us, so it cannot give memory to children; go up */
	for (char *slash; (slash = strrchr(p, '/')) && slash != p;) {
		*slash = '\0';
		if (writable(run, p) && lists_memory(run->mount, p, "cgroup.subtree_control")) {
			snprintf(run->parent, sizeof(run->parent), "%s", p);
			return 0;
		}
	}
	return -EACCES;
}

static int open_parent(struct oomt_run *run)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s%s", run->mount, strcmp(run->parent, "/") ? run->parent : "");
	run->parent_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return run->parent_fd < 0 ? -errno : 0;
}

/* A probe cgroup: proves the caller may make trial cgroups, and shows whether swap is
 * accounted (v2 memory.swap.max, v1 memory.memsw.limit_in_bytes; the root cgroup has no
 * v2 memory files to look at). */
static int probe(struct oomt_run *run)
{
	struct oomt_run_options saved = run->opts;
	struct oomt_run_trial t;
	int r;

	run->opts.high_bytes = run->opts.swap_max_bytes = OOMT_UNKNOWN;
	r = oomt_run_trial_create(run, OOMT_UNKNOWN, &t);
	run->opts = saved;
	if (r < 0)
		return r == -EPERM || r == -EROFS ? -EACCES : r;
	run->swap_accounting = faccessat(t.fd, run->version == OOMT_CGROUP_V1 ?
	                                 "memory.memsw.limit_in_bytes" : "memory.swap.max",
	                                 F_OK, 0) == 0;
	if (run->opts.high_bytes != OOMT_UNKNOWN && faccessat(t.fd, "memory.high", F_OK, 0) < 0)
		r = -EOPNOTSUPP;
	oomt_run_trial_remove(run, &t);
	return r;
}

static int check_options(const struct oomt_run_options *o)
{
	if (o->limit_bytes != OOMT_UNKNOWN && o->limit_bytes <= 0)
		return -EINVAL;
	if (o->high_bytes != OOMT_UNKNOWN && o->high_bytes <= 0)
		return -EINVAL;
	if (o->swap_max_bytes != OOMT_UNKNOWN && o->swap_max_bytes < 0)
		return -EINVAL;
	if (o->sample_interval_usec < 0 || o->margin_percent < 0 || o->margin_percent > 1000)
		return -EINVAL;
	if ((unsigned)o->backend > OOMT_RUN_BACKEND_V1)
		return -EINVAL;
	return 0;
}

int oomt_run_new(const struct oomt_run_options *opts, struct oomt_run **ret)
{
	struct oomt_run *run;
	int r = oomt_struct_size_check(opts, OPTIONS_SIZE_V1);

	if (r < 0 || (r = check_options(opts)) < 0)
		return r;
	run = calloc(1, sizeof(*run));
	if (!run)
		return -ENOMEM;
	run->parent_fd = -1;
	oomt_struct_copy_in(&run->opts, sizeof(run->opts), opts);
	if (!oomt_sysroot_is_live(opts->sysroot))
		snprintf(run->sysroot, sizeof(run->sysroot), "%s", opts->sysroot);
	run->opts.sysroot = run->sysroot;
	if (run->opts.sample_interval_usec == 0)
		run->opts.sample_interval_usec = OOMT_RUN_DEFAULT_INTERVAL_USEC;
	if (run->opts.sample_interval_usec < OOMT_RUN_MIN_INTERVAL_USEC)
		run->opts.sample_interval_usec = OOMT_RUN_MIN_INTERVAL_USEC;
	if (run->opts.margin_percent == 0)
		run->opts.margin_percent = OOMT_RUN_DEFAULT_MARGIN_PERCENT;

	r = find_hierarchy(run);
	if (r < 0)
		goto fail;
	if (opts->high_bytes != OOMT_UNKNOWN && run->version == OOMT_CGROUP_V1) {
		r = -EOPNOTSUPP;   /* v1 has no memory.high */
		goto fail;
	}
	run->backend = opts->backend;
	/* a tree that mimics a host has no bus to ask: its own cgroup tree only */
	if (run->backend == OOMT_RUN_BACKEND_AUTO)
		run->backend = !run->sysroot[0] && oomt_run_systemd_booted(run->sysroot) ?
		               OOMT_RUN_BACKEND_SYSTEMD :
		               run->version == OOMT_CGROUP_V2 ? OOMT_RUN_BACKEND_V2 : OOMT_RUN_BACKEND_V1;
	if ((run->backend == OOMT_RUN_BACKEND_V2 && run->version != OOMT_CGROUP_V2) ||
	    (run->backend == OOMT_RUN_BACKEND_V1 && run->version != OOMT_CGROUP_V1)) {
		r = -ENOENT;
		goto fail;
	}
	if (run->backend == OOMT_RUN_BACKEND_SYSTEMD) {
		r = use_systemd_scope(run);
		if (r < 0) {
			run->systemd_error = r;
			run->backend = run->version == OOMT_CGROUP_V2 ? OOMT_RUN_BACKEND_V2
			                                              : OOMT_RUN_BACKEND_V1;
		}
	}
	if (run->backend != OOMT_RUN_BACKEND_SYSTEMD && (r = choose_private_parent(run)) < 0)
		goto fail;
	if ((r = open_parent(run)) < 0)
		goto fail;
	oomt_run_trial_sweep_stale(run->parent_fd, run->sysroot);
	if ((r = probe(run)) < 0)
		goto fail;
	if (opts->swap_max_bytes != OOMT_UNKNOWN && opts->swap_max_bytes > 0 &&
	    !run->swap_accounting) {
		r = -EOPNOTSUPP;   /* swap is not accounted: a swap limit cannot be kept */
		goto fail;
	}
	*ret = run;
	return 0;
fail:
	oomt_run_free(run);
	return r;
}

void oomt_run_free(struct oomt_run *run)
{
	if (!run)
		return;
	if (run->parent_fd >= 0)
		close(run->parent_fd);
	free(run);
}

enum oomt_run_backend oomt_run_backend(const struct oomt_run *run)
{
	return run->backend;
}

enum oomt_cgroup_version oomt_run_cgroup_version(const struct oomt_run *run)
{
	return run->version;
}

const char *oomt_run_parent_path(const struct oomt_run *run)
{
	return run->parent;
}

int oomt_run_systemd_error(const struct oomt_run *run)
{
	return run->systemd_error;
}

int oomt_run_exec(struct oomt_run *run, char *const argv[], struct oomt_run_report **ret)
{
	struct oomt_run_report *rep;
	const struct oomt_run_try *stored;
	struct oomt_run_try t;
	int r = oomt_run_report_new(argv, run->opts.margin_percent, &rep);

	if (r < 0)
		return r;
	r = oomt_run_once(run, argv, run->opts.limit_bytes, &t);
	if (r < 0) {
		oomt_run_report_free(rep);
		return r;
	}
	stored = oomt_run_report_add(rep, &t);
	if (!stored) {
		oomt_run_report_free(rep);
		return -ENOMEM;
	}
	oomt_run_report_conclude(rep, stored, OOMT_UNKNOWN);
	*ret = rep;
	return 0;
}
