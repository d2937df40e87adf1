/* SPDX-License-Identifier: MIT */
/* oomtool limits: the listing (limits.c) and `limits set` (limits-set.c). The gathering,
 * naming, planning and applying are the library's (oomtool/limits.h). */
#ifndef OOMTOOL_CMD_LIMITS_CLI_H
#define OOMTOOL_CMD_LIMITS_CLI_H

#include <stdio.h>

#define LIMITS_SUB "limits"

/* The help of both forms (one page, as swap-setup's). */
void limits_usage(FILE *f);
/* oomtool limits set ...: argv[0] is "set". Returns the exit status. */
int limits_set_run(int argc, char **argv);

#endif
