/* SPDX-License-Identifier: MIT */
/*
 * Running a protect plan: its steps in order (the record of the replaced values first for
 * a set, so that a run cut short can still be undone), and when one fails, what this run
 * did undone in reverse: values written back, the drop-in restored or removed, systemd
 * reloaded once more, the records as they were.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "plan/plan.h"
#include "proc/pid-stat.h"
#include "protect/protect-internal.h"
#include "systemd/systemd-bus.h"
#include "util/file.h"
#include "util/state-file.h"
#include "util/sysroot-file.h"

#define DROPIN_MAX (64 * 1024)
#define MADE_DIRS_MAX 4

struct protect_run {
	const struct protect_plan *pp;
	struct oomt_protect_result *res;
	int procfd;
	/* for the undo */
	struct oomt_state records;  /* as loaded, saved: oomt_state_restore undoes the save */
	char *dropin_old;
	bool dropin_existed;
	char made_dirs[MADE_DIRS_MAX][PATH_MAX];
	size_t nmade;
	bool reloaded;
};

/* ---- records ---- */

static void record_key(char *buf, size_t sz, int pid, int64_t start)
{
	snprintf(buf, sz, "%d:%lld", pid, (long long)start);
}

/* A record whose process is gone (pid free, or reused by a later process) is dropped. */
static void prune(struct protect_run *run, struct oomt_state *st)
{
	for (size_t i = 0; i < st->n;) {
		struct oomt_proc_stat ps;
		long long start;
		int pid;

		if (sscanf(st->keys[i], "%d:%lld", &pid, &start) == 2 &&
		    oomt_proc_read_stat(run->procfd, pid, &ps) == 0 && ps.start_ticks == start) {
			i++;
			continue;
		}
		oomt_state_remove(st, st->keys[i]);
	}
}

static int step_record(struct protect_run *run)
{
	const struct oomt_protect_plan *p = &run->pp->pub;
	struct oomt_state *st = &run->records;
	char key[48], value[48];
	int r;

	if ((r = oomt_state_load(run->pp->sysroot, PROTECT_STATE_NAME, st)) < 0)
		return r;
	prune(run, st);
	for (size_t i = 0; r == 0 && i < p->nsteps; i++) {
		const struct oomt_protect_step *a = &p->steps[i];
		const char *had;
		long long old;

		if (a->kind != OOMT_PROTECT_STEP_ADJ)
			continue;
		record_key(key, sizeof(key), a->pid, a->start_ticks);
		if (p->action == OOMT_PROTECT_RESET) {
			oomt_state_remove(st, key);
			continue;
		}
		/* a second set keeps the value the first one replaced */
		had = oomt_state_get(st, key);
		old = had && sscanf(had, "%lld", &old) == 1 ? old : a->from;
		snprintf(value, sizeof(value), "%lld %d", old, a->to);
		r = oomt_state_set(st, key, value);
	}
	for (size_t i = 0; p->action == OOMT_PROTECT_RESET && i < run->pp->nforget; i++) {
		record_key(key, sizeof(key), run->pp->forget[i].pid, run->pp->forget[i].start_ticks);
		oomt_state_remove(st, key);
	}
	return r == 0 ? oomt_state_save(st) : r;
}

/* ---- the drop-in ---- */

/* The missing directories above PATH, made 0755 (at most MADE_DIRS_MAX levels), noted for
 * the undo. */
static int make_parents(struct protect_run *run, const char *path)
{
	char dir[PATH_MAX], *slash;
	size_t levels = 0;
	struct stat st;
	int r = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	if (!(slash = strrchr(dir, '/')))
		return -EINVAL;
	*slash = '\0';
	/* find the deepest existing ancestor, then make the rest top down */
	while (stat(dir, &st) < 0 && errno == ENOENT && levels < MADE_DIRS_MAX &&
	       (slash = strrchr(dir, '/')) && slash != dir) {
		*slash = '\0';
		levels++;
	}
	while (levels-- > 0) {
		dir[strlen(dir)] = '/';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			r = -errno;
			break;
		}
		snprintf(run->made_dirs[run->nmade++], PATH_MAX, "%s", dir);
	}
	return r;
}

static void remove_made_dirs(struct protect_run *run)
{
	while (run->nmade > 0)
		(void)rmdir(run->made_dirs[--run->nmade]);
}

static int step_dropin(struct protect_run *run, const struct oomt_protect_step *s)
{
	const struct oomt_protect_plan *p = &run->pp->pub;
	size_t len;
	int r = oomt_file_read_all(s->path, DROPIN_MAX, &run->dropin_old, &len);

	run->dropin_existed = r == 0;
	if (r < 0 && r != -ENOENT)
		return r;
	if (s->kind == OOMT_PROTECT_STEP_DROPIN_REMOVE) {
		char dir[PATH_MAX], *slash;

		if (unlink(s->path) < 0 && errno != ENOENT)
			return -errno;
		/* UNIT.d goes with oomtool's file when nothing else is in it */
		snprintf(dir, sizeof(dir), "%s", s->path);
		if ((slash = strrchr(dir, '/'))) {
			*slash = '\0';
			if (rmdir(dir) == 0)
				snprintf(run->made_dirs[run->nmade++], PATH_MAX, "%s", dir);
		}
		return 0;
	}
	if ((r = make_parents(run, s->path)) == 0)
		r = oomt_file_write_atomic(s->path, p->dropin_text, strlen(p->dropin_text), 0644);
	if (r < 0)
		remove_made_dirs(run);
	return r;
}

static int undo_dropin(struct protect_run *run, const struct oomt_protect_step *s)
{
	int r = 0;

	if (s->kind == OOMT_PROTECT_STEP_DROPIN_REMOVE && run->nmade &&
	    mkdir(run->made_dirs[0], 0755) < 0 && errno != EEXIST)
		return -errno;
	if (s->kind == OOMT_PROTECT_STEP_DROPIN_REMOVE)
		run->nmade = 0;      /* the directory is back: not ours to remove */

	r = oomt_file_restore(s->path, run->dropin_existed, run->dropin_old,
	                      run->dropin_existed ? strlen(run->dropin_old) : 0);
	remove_made_dirs(run);
	return r;
}

/* ---- one process ---- */

/* 0 written, 1 skipped (the process exited, or its pid is another process's now). */
static int write_adj(struct protect_run *run, int pid, int64_t start, int value)
{
	struct oomt_proc_stat ps;
	int r = oomt_proc_read_stat(run->procfd, pid, &ps);

	if (oomt_proc_is_vanished(r) || (r == 0 && start != OOMT_UNKNOWN && ps.start_ticks != start))
		return 1;
	r = oomt_proc_write_oom_score_adj(run->pp->sysroot, pid, value);
	return oomt_proc_is_vanished(r) ? 1 : r;
}

/* ---- the run ---- */

static int run_step(void *ctx, size_t i)
{
	struct protect_run *run = ctx;
	const struct oomt_protect_step *s = &run->pp->pub.steps[i];
	int r;

	switch (s->kind) {
	case OOMT_PROTECT_STEP_RECORD:
		return step_record(run);
	case OOMT_PROTECT_STEP_DROPIN:
	case OOMT_PROTECT_STEP_DROPIN_REMOVE:
		return step_dropin(run, s);
	case OOMT_PROTECT_STEP_RELOAD:
		r = oomt_systemd_reload();
		run->reloaded |= r == 0;
		return r;
	case OOMT_PROTECT_STEP_ADJ:
		r = write_adj(run, s->pid, s->start_ticks, s->to);
		if (r == 1) {
			run->res->status[i] = OOMT_PROTECT_STEP_SKIPPED;
			run->res->vanished++;
		}
		return r;
	}
	return -EINVAL;
}

static int undo_step(void *ctx, size_t i)
{
	struct protect_run *run = ctx;
	const struct oomt_protect_step *s = &run->pp->pub.steps[i];
	int r;

	if (run->res->status[i] != OOMT_PROTECT_STEP_DONE)
		return 1;            /* skipped: the process had exited */
	switch (s->kind) {
	case OOMT_PROTECT_STEP_RECORD:
		return oomt_state_restore(&run->records);
	case OOMT_PROTECT_STEP_DROPIN:
	case OOMT_PROTECT_STEP_DROPIN_REMOVE:
		return undo_dropin(run, s);
	case OOMT_PROTECT_STEP_RELOAD:
		return 0;            /* reloaded again once the files are back (undo_end) */
	case OOMT_PROTECT_STEP_ADJ:
		r = write_adj(run, s->pid, s->start_ticks, s->from);
		return r == 1 ? 0 : r;
	}
	return 0;
}

static int undo_end(void *ctx)
{
	struct protect_run *run = ctx;

	return run->reloaded ? oomt_systemd_reload() : 0;
}

static void mark(void *ctx, size_t i, enum oomt_plan_step_state s)
{
	static const enum oomt_protect_step_status status[] = {
		[OOMT_PLAN_STEP_DONE] = OOMT_PROTECT_STEP_DONE,
		[OOMT_PLAN_STEP_FAILED] = OOMT_PROTECT_STEP_FAILED,
		[OOMT_PLAN_STEP_UNDONE] = OOMT_PROTECT_STEP_UNDONE,
		[OOMT_PLAN_STEP_NOT_RUN] = OOMT_PROTECT_STEP_NOT_RUN,
	};

	((struct protect_run *)ctx)->res->status[i] = status[s];
}

int oomt_protect_apply(const struct oomt_protect_plan *plan, struct oomt_protect_result **ret)
{
	const struct protect_plan *pp = (const struct protect_plan *)plan;
	struct protect_run run = { .pp = pp, .procfd = -1 };
	struct oomt_plan_runner runner = { .nsteps = plan ? plan->nsteps : 0, .ctx = &run,
	                                   .run = run_step, .undo = undo_step,
	                                   .undo_end = undo_end, .mark = mark };
	struct oomt_plan_outcome out = { .undo_complete = true };
	struct oomt_protect_result *res;
	int r;

	if (!plan || !ret || plan->verdict != OOMT_PROTECT_READY)
		return -EINVAL;
	if (!(res = calloc(1, sizeof(*res))) ||
	    !(res->status = calloc(plan->nsteps + 1, sizeof(*res->status)))) {
		free(res);
		return -ENOMEM;
	}
	run.res = res;
	/* /proc not open: nothing runs, nothing to undo */
	if ((r = oomt_proc_open(pp->sysroot, &run.procfd)) < 0)
		for (size_t i = 0; i < plan->nsteps; i++)
			mark(&run, i, OOMT_PLAN_STEP_NOT_RUN);
	else
		oomt_plan_run(&runner, &out);
	res->err = r < 0 ? r : out.err;
	res->failed_step = out.failed_step;
	res->undo_complete = out.undo_complete;
	if (run.procfd >= 0)
		close(run.procfd);
	oomt_state_done(&run.records);
	free(run.dropin_old);
	*ret = res;
	return 0;
}

void oomt_protect_result_free(struct oomt_protect_result *r)
{
	if (!r)
		return;
	free(r->status);
	free(r);
}

static const char *const status_names[] = {
	[OOMT_PROTECT_STEP_DONE] = "done", [OOMT_PROTECT_STEP_SKIPPED] = "skipped",
	[OOMT_PROTECT_STEP_FAILED] = "failed", [OOMT_PROTECT_STEP_UNDONE] = "undone",
	[OOMT_PROTECT_STEP_NOT_RUN] = "not-run",
};

const char *oomt_protect_step_status_name(enum oomt_protect_step_status s)
{
	if ((size_t)s >= sizeof(status_names) / sizeof(status_names[0]))
		return "?";
	return status_names[s];
}
