/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_SWAP_SETUP_H
#define OOMTOOL_CMD_SWAP_SETUP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <oomtool/swap.h>
#include "output.h"

#define SWAP_SUB "swap-setup"

enum swap_mode { SWAP_MODE_SETUP, SWAP_MODE_RESIZE, SWAP_MODE_REMOVE, SWAP_MODE_STATUS };

struct swap_opts {
	enum swap_mode mode;
	uint64_t size_bytes;
	bool size_given;
	const char *path_arg;
	char path[PATH_MAX];         /* canonical */
	int priority;
	int swappiness;
	bool persist;
	bool yes;
	bool dry_run;
	const char *sysroot;         /* --sysroot DIR (or its alias --root DIR); NULL: live */
	const char *columns;
	struct out_opts out;
};

/* swap-setup --status: gather (lib) and render; returns the exit status. */
int swap_status(const struct swap_opts *o);

#endif
