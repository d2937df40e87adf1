/* SPDX-License-Identifier: MIT */
/* TEMPORARY: replaced by the swap-setup implementation. */
#include "common.h"
int cmd_swap_setup(int argc, char **argv)
{
	(void)argc; (void)argv;
	oomt_err("swap-setup", "not built yet");
	return EXIT_RUNTIME;
}
