/* SPDX-License-Identifier: MIT */
/* TEMPORARY: replaced by the top-mem implementation. */
#include "common.h"
int cmd_top_mem(int argc, char **argv)
{
	(void)argc; (void)argv;
	oomt_err("top-mem", "not built yet");
	return EXIT_RUNTIME;
}
