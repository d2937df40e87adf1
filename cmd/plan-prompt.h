/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_PLAN_PROMPT_H
#define OOMTOOL_CMD_PLAN_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What the commands that change the system share (swap-setup, limits set, protect set and
 * reset, tune set, reset and drop-caches): the plan's lines and sentences, the question
 * before applying, and the flow around them. Each command words its own plan and runs it;
 * the library computes and applies (oomtool/swap.h, limits.h, protect.h, tune.h).
 */

/* TEXT after LEAD at INDENT, wrapped at 78 columns with a hanging indent; newline after. */
void cli_print_wrapped(const char *lead, const char *text, int indent);
/* A plan's warnings (N rows of ROW_SIZE bytes), each "warning: ..." wrapped at INDENT. */
void cli_print_warnings(const char *rows, size_t row_size, size_t n, int indent);
/* Step I (from 0) as "  N. NAME DESCRIPTION", NAME padded to WIDTH, and "  [STATUS]" after
 * a run (STATUS NULL before). */
void cli_print_step(size_t i, int width, const char *name, const char *description,
                    const char *status);

/* Ask "Apply these steps? [y/N]" on a terminal. CLI_CONTINUE to apply; else the exit
 * status with the message printed: EXIT_USAGE without a terminal (pass --yes or
 * --dry-run), EXIT_NOTHING when declined. */
int cli_confirm_plan(const char *sub);

enum cli_plan_verdict { CLI_PLAN_READY, CLI_PLAN_DONE, CLI_PLAN_REFUSED };

/* A plan as the flow sees it, whatever its command's: filled from the command's plan. */
struct cli_plan {
	const char *sub;
	enum cli_plan_verdict verdict;
	const char *check, *reason, *hint;  /* REFUSED: the check's words */
	int refused_status;                 /* REFUSED: the exit status */
	const char *done;                   /* DONE: the sentence that says so */
	const char *done_warnings;          /* DONE: warnings printed before it (N rows of
	                                       ROW_SIZE bytes), NULL for none */
	size_t warning_size, nwarnings;
	bool json, dry_run, yes;
	void *ctx;                          /* the command's, for the three below */
	void (*print)(void *ctx);           /* the plan in words, before it is run */
	void (*print_json)(void *ctx);      /* the plan as JSON, not run */
	int (*apply)(void *ctx);            /* run it and report: the exit status */
};

/* The flow: a plan that is not to run (refused, nothing to do, a dry run) is shown (the
 * refusal said on stderr) and its exit status returned; else it is shown and asked for
 * (unless yes) and applied. */
int cli_plan_run(const struct cli_plan *cp);

/* After a failed step: what the undo achieved. Complete: the system is as it was;
 * else REMAINING (what is left, NULL: the steps marked done say it). */
void cli_plan_undo_said(const char *sub, bool complete, const char *remaining);
/* Step I (from 0) failed with -ERR: the step, why and what to do (HINT), then what the undo
 * achieved (as above, the steps marked done saying what is left). Returns the exit status:
 * EXIT_PRIVILEGE for EACCES and EPERM, else EXIT_RUNTIME. */
int cli_plan_step_failed(const char *sub, size_t i, const char *description, int err,
                         const char *hint, bool undo_complete);

#endif
