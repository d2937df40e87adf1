/* SPDX-License-Identifier: MIT */
/* The line classifier: one table from anchor to line kind to sub-parser. Anchors are
 * literal substrings of the message (kernel-oom-formats.md §2.12), most specific first,
 * so a line's variant is detected on its own and never from the kernel version. */
#include <string.h>
#include "event/lines.h"
#include "event/scan.h"

static const struct line_rule rules[] = {
	{ " invoked oom-killer: gfp_mask=", false, LK_HEADER, parse_header },
	{ "oom-kill:constraint=", false, LK_SUMMARY, parse_summary },
	{ "Killed process ", false, LK_VICTIM, parse_victim },
	{ "ill process ", false, LK_SELECT, parse_select },
	{ " are going to be killed due to memory.oom.group set", false, LK_OOM_GROUP, parse_oom_group },
	{ "oom_reaper: ", false, LK_REAPER, parse_reaper },
	{ " callbacks suppressed", false, LK_SUPPRESSED, parse_suppressed },
	{ "Manual OOM execution", false, LK_SYSRQ, NULL },
	{ "Task in ", true, LK_TASK_IN, parse_task_in },
	{ "memory: usage ", true, LK_MEMCG_COUNTER, parse_memcg_counter },
	{ "memory+swap: usage ", true, LK_MEMCG_COUNTER, parse_memcg_counter },
	{ "swap: usage ", true, LK_MEMCG_COUNTER, parse_memcg_counter },
	{ "kmem: usage ", true, LK_MEMCG_COUNTER, parse_memcg_counter },
	{ "Memory cgroup stats", true, LK_MEMCG_STATS, parse_memcg_stats_header },
	{ "Tasks state (memory values in pages)", false, LK_TASKS_STATE, NULL },
	{ " tgid total_vm", false, LK_TASK_HEADER, NULL },
	{ "[", true, LK_TASK_ROW, NULL },
	{ "Mem-Info:", true, LK_MEMINFO, NULL },
	{ "Free swap", true, LK_MEMINFO_TOTAL, parse_meminfo_total },
	{ "Total swap", true, LK_MEMINFO_TOTAL, parse_meminfo_total },
	{ " total pagecache pages", false, LK_MEMINFO_TOTAL, parse_meminfo_total },
	{ " pages in swap cache", false, LK_MEMINFO_TOTAL, parse_meminfo_total },
	{ " pages RAM", false, LK_MEMINFO_TOTAL, parse_meminfo_total },
	{ " pages reserved", false, LK_MEMINFO_TOTAL, parse_meminfo_total },
	{ "hugepages_total=", false, LK_MEMINFO_TOTAL, parse_meminfo_total },
	{ "all_unreclaimable? ", false, LK_MEMINFO_TOTAL, parse_meminfo_total },
	{ "Unreclaimable slab info:", false, LK_SLAB_INFO, NULL },
	{ "CPU: ", true, LK_CPU, parse_cpu_line },
	{ "Pid: ", true, LK_CPU, parse_cpu_line },
	{ " cpuset=", false, LK_CPUSET, parse_cpuset_line },
	{ "Out of memory and no killable processes", false, LK_NO_VICTIM, NULL },
	{ "mem_cgroup_out_of_memory", false, LK_MEMCG_FRAME, NULL },
	{ "mem_cgroup_oom", false, LK_MEMCG_FRAME, NULL },
	{ "Linux version ", true, LK_REBOOT, NULL },
	{ ": A process of this unit has been killed by the OOM killer", false, LK_UNIT_OOM, NULL },
};

enum line_kind line_classify(const char *s, size_t n, const struct line_rule **rule)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct line_rule *r = &rules[i];

		if (r->at_start ? scan_starts(s, n, r->anchor) : scan_find(s, n, r->anchor) != NULL) {
			if (rule)
				*rule = r;
			return r->kind;
		}
	}
	if (rule)
		*rule = NULL;
	return LK_OTHER;
}

/* Every line that can start an incident or attach to a finished one holds one of these
 * (checked by test-parser-prefilter). Kept short: the source runs them over every line
 * of an idle log. */
const char *const oomt_parser_prefilter[] = {
	"invoked oom-killer",    /* header */
	"Killed process",        /* kill, oom.group members, nohang's kmsg re-logs */
	"ill process ",          /* <= 5.0 selection (also "kill process"), earlyoom 1.0-1.2 */
	"oom-kill:",             /* summary that starts a rate-limited report */
	"oom_reaper",            /* late reaper lines */
	"Task in ",              /* <= 4.20 memcg report whose header was cut */
	"Memory cgroup stats",   /* memcg report starting at the stats */
	" tgid total_vm",        /* report starting at the task table */
	"memory.oom.group",
	"callbacks suppressed",
	"Manual OOM",            /* sysrq-f */
	"by the OOM killer",     /* systemd: a unit lost a process to the kernel */
	"sending SIG",           /* earlyoom 1.3+ */
	"Killing process",       /* earlyoom 1.0-1.2 */
	"low memory! at",        /* earlyoom reason */
	"oomd",                  /* systemd-oomd: "attempting to kill", "systemd-oomd killed" */
	" due to memory ",       /* systemd-oomd kill */
	"Considered ",           /* systemd-oomd candidate list */
	"the victim",            /* nohang */
	"Victim status",         /* nohang */
	NULL,
};
