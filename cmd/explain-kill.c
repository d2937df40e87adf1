/* SPDX-License-Identifier: MIT */
/* TEMPORARY: replaced by the explain-kill implementation. */
#include "common.h"
int cmd_explain_kill(int argc, char **argv)
{
	(void)argc; (void)argv;
	oomt_err("explain-kill", "not built yet");
	return EXIT_RUNTIME;
}
