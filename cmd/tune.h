/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_TUNE_H
#define OOMTOOL_CMD_TUNE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <oomtool/tune.h>
#include "output.h"

#define TUNE_SUB "tune"

enum tune_mode { TUNE_MODE_CHECK, TUNE_MODE_SET, TUNE_MODE_RESET, TUNE_MODE_DROP };

struct tune_opts {
	enum tune_mode mode;
	const char *const *args;     /* set: KEY=VALUE...; reset: KEY... */
	size_t nargs;
	enum oomt_drop_caches drop;
	int64_t sync_timeout_usec;
	bool persist, yes, dry_run;
	const char *sysroot;         /* --sysroot DIR (or --root DIR); NULL: live */
	const char *columns;
	struct out_opts out;
};

/* --help's column list (tune-check.c). */
void tune_columns_help(FILE *f);
/* The check (tune-check.c): returns the exit status. */
int tune_check(const struct tune_opts *o);
/* set, reset, drop-caches (tune-change.c): returns the exit status. */
int tune_change(const struct tune_opts *o);

#endif
