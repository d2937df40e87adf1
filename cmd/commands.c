/* SPDX-License-Identifier: MIT */
/* The one command table: dispatch and `oomtool --help` both read it. */
#include <stddef.h>
#include "common.h"

const struct cli_command cli_commands[] = {
	{ "scan-logs", cmd_scan_logs, "find every OOM kill in this machine's logs" },
	{ "explain-kill", cmd_explain_kill, "explain why the kernel chose its victim, and what to change" },
	{ "top-mem", cmd_top_mem, "show who holds the memory now (snapshot or live view)" },
	{ "swap-setup", cmd_swap_setup, "add, inspect or remove swap safely" },
	{ "run", cmd_run, "run a command under a trial memory limit: does it fit, what limit to set" },
	{ "protect", cmd_protect, "show who is protected from the OOM killer; protect a service" },
	{ "tune", cmd_tune, "check the kernel's memory settings; change them; drop caches" },
	{ "limits", cmd_limits, "show memory limits by unit, container and pod; set one safely" },
	{ "watch", cmd_watch, "warn before the OOM: time to OOM, pressure, kills, who would die" },
	{ "metrics", cmd_metrics, "OOM kills, unlogged kills, cgroup headroom for Prometheus" },
	{ NULL, NULL, NULL },
};
