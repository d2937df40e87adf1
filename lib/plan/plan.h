/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PLAN_PLAN_H
#define OOMTOOL_PLAN_PLAN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Internal: what the workflows that change the system share (swap-setup, limits set,
 * protect, tune). Each computes a plan without side effect (its steps, each knowing the
 * value it replaces; a verdict; a refusal naming the check; warnings), then runs it step by
 * step, and when a step fails, undoes what the run did, last first. Their public structs
 * differ (each is its workflow's ABI); these work on their parts.
 */

/* ---- computing a plan ---- */

/* A warning into a plan's table of them (max rows of row_size bytes, *n in use), cut to
 * its row; past the last row it is dropped. OOMT_PLAN_WARN(p, fmt, ...) for a plan whose
 * members are `char warnings[MAX][SIZE]; size_t nwarnings;` (all four). */
void oomt_plan_warn(char *rows, size_t row_size, size_t max, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
#define OOMT_PLAN_WARN(p, ...) \
	oomt_plan_warn((p)->warnings[0], sizeof((p)->warnings[0]), \
	               sizeof((p)->warnings) / sizeof((p)->warnings[0]), &(p)->nwarnings, __VA_ARGS__)

/* ---- running a plan ---- */

/* What a run makes of a step; each workflow names these in its own public enum (with
 * states of its own besides: a process that exited, a sync that timed out). */
enum oomt_plan_step_state {
	OOMT_PLAN_STEP_DONE,
	OOMT_PLAN_STEP_FAILED,
	OOMT_PLAN_STEP_UNDONE,      /* done, then undone after a later step failed */
	OOMT_PLAN_STEP_NOT_RUN,
};

/* The workflow's side of a run: its steps by index, ctx its own. */
struct oomt_plan_runner {
	size_t nsteps;
	void *ctx;
	/* Run step i: 0 done; 1 done, and given a state of the workflow's own by run itself
	 * (it is not marked done); -errno failed (the run stops and what it did is undone). */
	int (*run)(void *ctx, size_t i);
	/* Undo step i, each step before the failed one, last first: 0 put back (marked
	 * undone); 1 nothing to put back, or not this step's to undo (its state stays); -errno
	 * it could not be put back (it stays done, and the undo is incomplete). */
	int (*undo)(void *ctx, size_t i);
	/* Optional, before and after those: what is undone as a whole (values a change record
	 * holds, a reload of systemd once the files are back). -errno: the undo is
	 * incomplete. */
	int (*undo_begin)(void *ctx);
	int (*undo_end)(void *ctx);
	/* Step i is now in state s (every step is marked not-run first). */
	void (*mark)(void *ctx, size_t i, enum oomt_plan_step_state s);
};

struct oomt_plan_outcome {
	int err;                    /* 0, or the failed step's -errno */
	size_t failed_step;
	bool undo_complete;         /* err < 0: everything the run did was put back */
};

/* Run the steps in order, undoing on failure as above: protect, tune and limits set.
 * swap-setup's executor (lib/swap/apply.c) undoes in one pass over what the run left (the
 * file its six steps made, the settings), each leftover reported, and keeps its own. */
void oomt_plan_run(const struct oomt_plan_runner *r, struct oomt_plan_outcome *ret);

#endif
