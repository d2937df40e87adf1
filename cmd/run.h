/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_RUN_H
#define OOMTOOL_CMD_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <oomtool/run.h>

#define RUN_SUB "run"

struct run_opts {
	int64_t limit_bytes;          /* OOMT_UNKNOWN: not given */
	int64_t high_bytes;
	int64_t swap_bytes;
	bool json;
	const char *report_path;      /* --report FILE, or NULL: stderr */
	bool keep_going;
	bool find_limit;
	int64_t find_low_bytes;       /* OOMT_UNKNOWN: open */
	int64_t find_high_bytes;
	int64_t step_bytes;           /* 0: step_percent */
	int step_percent;
	char **argv;                  /* the command */
};

/* cmd/run-render.c: the human report (REPORT on F), and one line per --find-limit try. */
void run_render_report(FILE *f, const struct oomt_run_report *report,
                       const struct run_opts *o);
void run_render_try(FILE *f, const struct oomt_run_try *t, size_t index);
/* "python3 -c '...'" for messages: the command, shell-quoted where needed, cut to bufsz. */
char *run_command_text(char *const *argv, char *buf, size_t bufsz);

#endif
