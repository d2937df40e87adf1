/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_SWAP_SETUP_H
#define OOMTOOL_CMD_SWAP_SETUP_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <oomtool/swap.h>
#include "output.h"

#define SWAP_SUB "swap-setup"

enum swap_mode { MODE_SETUP, MODE_RESIZE, MODE_REMOVE, MODE_STATUS };

struct swap_opts {
	enum swap_mode mode;
	uint64_t size;
	bool size_given;
	const char *path_arg;
	char path[PATH_MAX];         /* canonical */
	int priority;
	int swappiness;
	bool persist;
	bool yes;
	bool dry_run;
	const char *root;
	const char *columns;
	struct out_opts out;
};

enum step_status { STEP_PLANNED, STEP_DONE, STEP_FAILED, STEP_UNDONE, STEP_NOT_RUN };

/* What an apply run did, for the report and for undo. */
struct swap_run {
	enum step_status status[OOMT_SWAP_MAX_STEPS];
	size_t failed_step;          /* index, valid when err < 0 */
	int err;                     /* -errno of the failed step, 0 on success */
	const char *err_object;      /* the file the failed step worked on */
	char state[512];             /* what remains after a failure that could not be undone */
	bool undo_complete;
};

extern volatile sig_atomic_t swap_cancel;

int swap_apply(const struct swap_opts *o, const struct oomt_swap_plan *p, struct swap_run *run);
const char *swap_step_status_name(enum step_status s);
int swap_status(const struct swap_opts *o);

#endif
