/* SPDX-License-Identifier: MIT */
/* TEMPORARY: replaced by the scan-logs implementation. */
#include "common.h"
int cmd_scan_logs(int argc, char **argv)
{
	(void)argc; (void)argv;
	oomt_err("scan-logs", "not built yet");
	return EXIT_RUNTIME;
}
