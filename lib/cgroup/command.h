/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_COMMAND_H
#define OOMTOOL_CGROUP_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Internal: running the managers' own commands (systemctl, docker) for oomt_limits_apply
 * and the plan's facts. The library resolves the command itself in the search path it is
 * given (it does not read PATH), runs it with stdin from /dev/null and stdout and stderr
 * captured, and never waits longer than the timeout.
 */

/* The first executable regular file NAME in the ':'-separated SEARCH_PATH (empty entries
 * skipped; a NAME with a '/' is taken as it is). 0, or -ENOENT, -ENAMETOOLONG. */
int oomt_command_find(const char *name, const char *search_path, char *ret, size_t retsz);

struct oomt_command_result {
	int exit_status;         /* 0..255 when it exited, -1 when killed by a signal */
	int term_signal;         /* the signal, 0 when it exited */
	bool timed_out;          /* killed after the timeout */
	char output[512];        /* the start of what it wrote (stdout and stderr), cut */
};

/* Run argv (argv[0] an absolute path) with envp (NULL: this process's environment).
 * Returns 0 when it ran (whatever its exit status), -errno when it could not start
 * (-ENOENT, -EACCES, -ENOMEM ...). */
int oomt_command_run(const char *const *argv, char *const *envp, int timeout_ms,
                     struct oomt_command_result *ret);

/* "exited with status 1: <first line of output>", "was killed by signal 9",
 * "did not finish within N s" for messages. Returns buf. */
const char *oomt_command_describe(const struct oomt_command_result *res, int timeout_ms,
                                  char *buf, size_t bufsz);

#endif
