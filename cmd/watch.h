/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_WATCH_H
#define OOMTOOL_CMD_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <oomtool/watch.h>

struct watch_options {
	struct oomt_watch_opts watch;
	struct oomt_psi_trigger pressure;
	const char **cgroups;          /* --cgroup, realloc()ed */
	const char **units;            /* --unit */
	uint64_t count;                /* --count, 0 = no limit */
	int64_t for_usec;              /* --for, 0 = no limit */
	bool json, bytes, quiet, no_lock;
	const char *state_file;        /* --state-file */
	bool no_state_file;            /* --no-state-file */
};

/* watch-render.c: the words */
/* What is watched and how (stderr at start). lock_error: mlockall's -errno, or 0. */
void watch_describe(FILE *f, const struct oomt_watch *w, const struct watch_options *o,
                    int lock_error);
/* One line per event, as printed (without the newline): for the terminal and the hooks. */
void watch_event_line(const struct oomt_watch_event *ev, const struct watch_options *o,
                      char *buf, size_t bufsz);
void watch_print_event(FILE *f, const struct oomt_watch_event *ev, const struct watch_options *o);
void watch_hook_failed(const struct oomt_watch_exec_stats *st);

#endif
