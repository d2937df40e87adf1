/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_PROTECT_H
#define OOMTOOL_CMD_PROTECT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <oomtool/protect.h>
#include "output.h"

#define PROTECT_SUB "protect"

enum protect_mode { PROTECT_MODE_LIST, PROTECT_MODE_SET, PROTECT_MODE_RESET };

struct protect_opts {
	enum protect_mode mode;
	bool all;
	int64_t sample_usec;         /* --sample: 0 = one pass */
	const char *target;
	int adj;
	bool children, persist, force, yes, dry_run;
	enum oomt_systemd_use systemd;   /* --no-systemd: never */
	const char *sysroot;         /* --sysroot DIR (or --root DIR); NULL: live */
	const char *columns;
	struct out_opts out;
};

/* --help's column list (protect-list.c). */
void protect_columns_help(FILE *f);
/* The listing (protect-list.c): returns the exit status. */
int protect_list(const struct protect_opts *o);
/* set and reset (protect-change.c): returns the exit status. */
int protect_change(const struct protect_opts *o);

#endif
