/* SPDX-License-Identifier: MIT */
/*
 * Running a tune plan. Values now and the persisted file go through the sysctl change
 * record (<oomtool/sysctl.h>, the implementation swap-setup's --swappiness uses), which
 * keeps what each write replaced; the undo records of a set are kept first. When a step
 * fails, what this run did is undone: the record file as it was, the oomtool file as it
 * was, every value written back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan/plan.h"
#include "tune/tune-internal.h"
#include "util/state-file.h"

struct tune_run {
	const struct oomt_tune_plan *plan;
	const char *sysroot;
	struct oomt_tune_result *res;
	struct oomt_sysctl_change *change;
	struct oomt_state records;   /* as loaded, saved: oomt_state_restore undoes the save */
	bool writes_undone, file_undone;
};

static void record_text(char *buf, size_t sz, const char *old, const char *wrote)
{
	snprintf(buf, sz, "%s%c%s", old, TUNE_STATE_SEP, wrote);
}

/* SET: OLD<sep>NEW for every key written (a key set before keeps its first OLD). RESET:
 * the records of the keys reset go. */
static int step_record(struct tune_run *run)
{
	const struct oomt_tune_plan *p = run->plan;
	struct oomt_state *st = &run->records;
	char path[256], value[2 * OOMT_SYSCTL_VALUE_MAX + 2], old[OOMT_SYSCTL_VALUE_MAX];
	int r;

	if ((r = oomt_state_load(run->sysroot, TUNE_STATE_NAME, st)) < 0)
		return r;
	if (p->action == OOMT_TUNE_RESET) {
		const char *const *keys;
		size_t n = oomt_tune_plan_forget(p, &keys);

		for (size_t i = 0; i < n; i++)
			if (oomt_tune_key_path(keys[i], path, sizeof(path)))
				oomt_state_remove(st, path);
	}
	for (size_t i = 0; r == 0 && p->action == OOMT_TUNE_SET && i < p->nsteps; i++) {
		const struct oomt_tune_step *w = &p->steps[i];
		const char *had, *sep;

		if (w->kind != OOMT_TUNE_STEP_WRITE || !oomt_tune_key_path(w->key, path, sizeof(path)))
			continue;
		had = oomt_state_get(st, path);
		sep = had ? strchr(had, TUNE_STATE_SEP) : NULL;
		if (sep)
			snprintf(old, sizeof(old), "%.*s", (int)(sep - had), had);
		else
			snprintf(old, sizeof(old), "%s", w->from);
		record_text(value, sizeof(value), old, w->to);
		r = oomt_state_set(st, path, value);
	}
	return r == 0 ? oomt_state_save(st) : r;
}

static void memory_read(const char *sysroot, struct oomt_system_memory *m)
{
	*m = (struct oomt_system_memory){
		.struct_size = sizeof(*m), .mem_total_bytes = OOMT_UNKNOWN,
		.mem_free_bytes = OOMT_UNKNOWN, .mem_available_bytes = OOMT_UNKNOWN,
		.buffers_bytes = OOMT_UNKNOWN, .cached_bytes = OOMT_UNKNOWN,
		.shmem_bytes = OOMT_UNKNOWN, .swap_total_bytes = OOMT_UNKNOWN,
		.swap_free_bytes = OOMT_UNKNOWN, .oom_kill_count = OOMT_UNKNOWN,
		.sreclaimable_bytes = OOMT_UNKNOWN, .commit_limit_bytes = OOMT_UNKNOWN,
		.committed_as_bytes = OOMT_UNKNOWN,
	};
	(void)oomt_system_memory_read(sysroot, m);
}

static int run_step(void *ctx, size_t i)
{
	struct tune_run *run = ctx;
	const struct oomt_tune_step *s = &run->plan->steps[i];
	int r;

	switch (s->kind) {
	case OOMT_TUNE_STEP_RECORD:
		return step_record(run);
	case OOMT_TUNE_STEP_WRITE:
		return oomt_sysctl_change_write(run->change, s->key, s->to);
	case OOMT_TUNE_STEP_PERSIST:
		return oomt_sysctl_change_persist(run->change, s->key, s->to);
	case OOMT_TUNE_STEP_UNPERSIST:
		return oomt_sysctl_change_unpersist(run->change, s->key);
	case OOMT_TUNE_STEP_SYNC:
		r = oomt_tune_sync_bounded(run->plan->sync_timeout_usec, &run->res->sync_usec);
		if (r == 1)
			run->res->status[i] = OOMT_TUNE_STEP_TIMED_OUT;
		return r;
	case OOMT_TUNE_STEP_DROP:
		return oomt_sysctl_write(run->sysroot, s->key, s->to);
	}
	return -EINVAL;
}

/* Values and the file go back through the change record, at once. */
static int undo_begin(void *ctx)
{
	struct tune_run *run = ctx;

	run->writes_undone = oomt_sysctl_change_undo_writes(run->change) == 0;
	run->file_undone = oomt_sysctl_change_undo_persist(run->change) == 0;
	return 0;
}

static int undo_step(void *ctx, size_t i)
{
	struct tune_run *run = ctx;

	if (run->res->status[i] != OOMT_TUNE_STEP_DONE)
		return 1;
	switch (run->plan->steps[i].kind) {
	case OOMT_TUNE_STEP_RECORD:
		return oomt_state_restore(&run->records);
	case OOMT_TUNE_STEP_WRITE:
		return run->writes_undone ? 0 : -EIO;
	case OOMT_TUNE_STEP_PERSIST:
	case OOMT_TUNE_STEP_UNPERSIST:
		return run->file_undone ? 0 : -EIO;
	case OOMT_TUNE_STEP_SYNC:
	case OOMT_TUNE_STEP_DROP:
		break;               /* nothing to put back: caches refill as files are read */
	}
	return 1;
}

static void mark(void *ctx, size_t i, enum oomt_plan_step_state s)
{
	static const enum oomt_tune_step_status status[] = {
		[OOMT_PLAN_STEP_DONE] = OOMT_TUNE_STEP_DONE,
		[OOMT_PLAN_STEP_FAILED] = OOMT_TUNE_STEP_FAILED,
		[OOMT_PLAN_STEP_UNDONE] = OOMT_TUNE_STEP_UNDONE,
		[OOMT_PLAN_STEP_NOT_RUN] = OOMT_TUNE_STEP_NOT_RUN,
	};

	((struct tune_run *)ctx)->res->status[i] = status[s];
}

int oomt_tune_apply(const struct oomt_tune_plan *plan, struct oomt_tune_result **ret)
{
	struct tune_run run = { .plan = plan };
	struct oomt_plan_runner runner = { .nsteps = plan ? plan->nsteps : 0, .ctx = &run,
	                                   .run = run_step, .undo = undo_step,
	                                   .undo_begin = undo_begin, .mark = mark };
	struct oomt_plan_outcome out;
	struct oomt_tune_result *res;
	int r;

	if (!plan || !ret || plan->verdict != OOMT_TUNE_READY)
		return -EINVAL;
	run.sysroot = oomt_tune_plan_sysroot(plan);
	if (!(res = calloc(1, sizeof(*res))) ||
	    !(res->status = calloc(plan->nsteps + 1, sizeof(*res->status)))) {
		free(res);
		return -ENOMEM;
	}
	if ((r = oomt_sysctl_change_new(run.sysroot, &run.change)) < 0) {
		free(res->status);
		free(res);
		return r;
	}
	run.res = res;
	if (plan->action == OOMT_TUNE_DROP_CACHES)
		memory_read(run.sysroot, &res->before);
	oomt_plan_run(&runner, &out);
	res->err = out.err;
	res->failed_step = out.failed_step;
	res->undo_complete = out.undo_complete;
	if (plan->action == OOMT_TUNE_DROP_CACHES)
		memory_read(run.sysroot, &res->after);
	oomt_sysctl_change_free(run.change);
	oomt_state_done(&run.records);
	*ret = res;
	return 0;
}

void oomt_tune_result_free(struct oomt_tune_result *r)
{
	if (!r)
		return;
	free(r->status);
	free(r);
}

static const char *const kind_names[] = {
	[OOMT_TUNE_STEP_RECORD] = "record", [OOMT_TUNE_STEP_WRITE] = "write",
	[OOMT_TUNE_STEP_PERSIST] = "persist", [OOMT_TUNE_STEP_UNPERSIST] = "unpersist",
	[OOMT_TUNE_STEP_SYNC] = "sync", [OOMT_TUNE_STEP_DROP] = "drop",
};

const char *oomt_tune_step_kind_name(enum oomt_tune_step_kind k)
{
	if ((size_t)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "?";
	return kind_names[k];
}

static const char *const status_names[] = {
	[OOMT_TUNE_STEP_DONE] = "done", [OOMT_TUNE_STEP_TIMED_OUT] = "timed-out",
	[OOMT_TUNE_STEP_FAILED] = "failed", [OOMT_TUNE_STEP_UNDONE] = "undone",
	[OOMT_TUNE_STEP_NOT_RUN] = "not-run",
};

const char *oomt_tune_step_status_name(enum oomt_tune_step_status s)
{
	if ((size_t)s >= sizeof(status_names) / sizeof(status_names[0]))
		return "?";
	return status_names[s];
}
