/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_PLAN_PROMPT_H
#define OOMTOOL_CMD_PLAN_PROMPT_H

/*
 * What protect and tune share when they change the system: the plan's sentences wrapped
 * under its steps, and the question before applying (swap-setup's flow).
 */

/* TEXT after LEAD at INDENT, wrapped at 78 columns with a hanging indent; newline after. */
void cli_print_wrapped(const char *lead, const char *text, int indent);

/* Ask "Apply these steps? [y/N]" on a terminal. CLI_CONTINUE to apply; else the exit
 * status with the message printed: EXIT_USAGE without a terminal (pass --yes or
 * --dry-run), EXIT_NOTHING when declined. */
int cli_confirm_plan(const char *sub);

#endif
