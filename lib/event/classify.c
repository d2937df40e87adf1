/* SPDX-License-Identifier: MIT */
/* The line classifier: one table from anchor to line kind to sub-parser. Anchors are
 * literal substrings of the message (docs/kernel-oom-report.md §2.12), most specific first,
 * so a line's variant is detected on its own and never from the kernel version. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include "event/lines.h"
#include "source/needles.h"

#define R(a, start, kind, parse) { a, sizeof(a) - 1, start, false, kind, parse }
#define R_END(a, kind, parse) { a, sizeof(a) - 1, false, true, kind, parse }
static const struct line_rule rules[] = {
	/* no "gfp_mask=": a header a wrap cut after "oom-killer:" is one too (wrap.c) */
	R(" invoked oom-killer:", false, LK_HEADER, oomt_line_parse_header),
	R("oom-killer: gfp_mask=", true, LK_HEADER, oomt_line_parse_header),   /* 2.6.9-2.6.18 */
	/* the author cut the rest of the header ("kvm invoked oom-killer") */
	R_END(" invoked oom-killer", LK_HEADER, oomt_line_parse_header),
	R("oom-kill:constraint=", false, LK_SUMMARY, oomt_line_parse_summary),
	R("Killed process ", false, LK_VICTIM, oomt_line_parse_victim),
	R("OOM killed process ", false, LK_VICTIM, oomt_line_parse_victim),   /* OpenVZ */
	R("ill process ", false, LK_SELECT, oomt_line_parse_select),
	R(" are going to be killed due to memory.oom.group set", false, LK_OOM_GROUP,
	  oomt_line_parse_oom_group),
	R("oom_reaper: ", false, LK_REAPER, oomt_line_parse_reaper),
	R(" callbacks suppressed", false, LK_SUPPRESSED, oomt_line_parse_suppressed),
	R(" messages suppressed", false, LK_SUPPRESSED, oomt_line_parse_suppressed),  /* <= 2.6.2x */
	R("Manual OOM execution", false, LK_SYSRQ, NULL),
	R("page allocation failure", false, LK_ALLOC_FAIL, oomt_line_parse_alloc_failure),
	R("page allocation stalls for ", false, LK_ALLOC_FAIL, oomt_line_parse_alloc_failure),
	R("vmalloc: allocation failure", false, LK_ALLOC_FAIL, oomt_line_parse_alloc_failure),
	R("vmalloc error: size ", false, LK_ALLOC_FAIL, oomt_line_parse_alloc_failure),
	R("vmemmap alloc failure: ", false, LK_ALLOC_FAIL, oomt_line_parse_alloc_failure),
	R("SLUB: Unable to allocate memory on ", true, LK_ALLOC_FAIL, oomt_line_parse_alloc_failure),
	R("SLAB: Unable to allocate memory on ", true, LK_ALLOC_FAIL, oomt_line_parse_alloc_failure),
	R("Task in ", true, LK_TASK_IN, oomt_line_parse_task_in),
	R("memory: usage ", true, LK_MEMCG_COUNTER, oomt_line_parse_memcg_counter),
	R("memory+swap: usage ", true, LK_MEMCG_COUNTER, oomt_line_parse_memcg_counter),
	R("swap: usage ", true, LK_MEMCG_COUNTER, oomt_line_parse_memcg_counter),
	R("kmem: usage ", true, LK_MEMCG_COUNTER, oomt_line_parse_memcg_counter),
	R("Memory cgroup stats", true, LK_MEMCG_STATS, oomt_line_parse_memcg_stats_header),
	R("Memory limit reached of cgroup ", true, LK_MEMCG_LIMIT, oomt_line_parse_memcg_limit),
	R("Memory cgroup min protection ", true, LK_PROTECTION, oomt_line_parse_protection),
	R("Tasks state (memory values in pages)", false, LK_TASKS_STATE, NULL),
	R(" tgid total_vm", false, LK_TASK_HEADER, NULL),
	/* before "[": a pre-4.x frame reads "[<ffffffff811d3bb5>] mem_cgroup_oom_synchronize" */
	R("mem_cgroup_out_of_memory", false, LK_MEMCG_FRAME, NULL),
	R("mem_cgroup_oom", false, LK_MEMCG_FRAME, NULL),
	R("pagefault_out_of_memory", false, LK_PAGEFAULT_FRAME, NULL),
	/* after " callbacks suppressed" ("oom_kill_process: 5 callbacks suppressed") */
	R("oom_kill_process", false, LK_OOM_FRAME, NULL),
	R("warn_alloc", false, LK_ALLOC_FRAME, NULL),   /* after " callbacks suppressed" too */
	/* its callee, which prints the report: 5.x+ also call it from out_of_memory itself */
	R("dump_header", false, LK_OOM_FRAME, NULL),
	R("[", true, LK_TASK_ROW, NULL),
	R("Mem-Info:", true, LK_MEMINFO, NULL),
	R("Mem-info:", true, LK_MEMINFO, NULL),        /* arch show_mem() before 2.6.27 */
	R("Free swap", true, LK_MEMINFO_TOTAL, oomt_line_parse_meminfo_total),
	R("Total swap", true, LK_MEMINFO_TOTAL, oomt_line_parse_meminfo_total),
	R(" total pagecache pages", false, LK_MEMINFO_TOTAL, oomt_line_parse_meminfo_total),
	R(" pages in swap cache", false, LK_MEMINFO_TOTAL, oomt_line_parse_meminfo_total),
	R(" pages RAM", false, LK_MEMINFO_TOTAL, oomt_line_parse_meminfo_total),
	R(" pages reserved", false, LK_MEMINFO_TOTAL, oomt_line_parse_meminfo_total),
	R(" pages of RAM", false, LK_MEMINFO_TOTAL, oomt_line_parse_meminfo_total),
	R(" reserved pages", false, LK_MEMINFO_TOTAL, oomt_line_parse_meminfo_total),
	R("hugepages_total=", false, LK_MEMINFO_TOTAL, oomt_line_parse_meminfo_total),
	R("all_unreclaimable? ", false, LK_MEMINFO_TOTAL, oomt_line_parse_meminfo_total),
	R("Unreclaimable slab info:", false, LK_SLAB_INFO, NULL),
	R("CPU: ", true, LK_CPU, oomt_line_parse_cpu),
	R("Pid: ", true, LK_CPU, oomt_line_parse_cpu),
	R(" cpuset=", false, LK_CPUSET, oomt_line_parse_cpuset),
	/* the same line with its '=' lost ("comm cpuset name mems_allowed=0"); the summary
	 * has ",mems_allowed=" */
	R(" mems_allowed=", false, LK_CPUSET, oomt_line_parse_cpuset),
	R("Kernel panic - not syncing: ", false, LK_PANIC, oomt_line_parse_panic),
	R("Out of memory and no killable processes", false, LK_NO_VICTIM, NULL),
	R("Linux version ", true, LK_REBOOT, NULL),
	R(": A process of this unit has been killed by the OOM killer", false, LK_UNIT_OOM, NULL),
	R(": The kernel OOM killer killed some processes", false, LK_UNIT_OOM, NULL),
	R(": Failed with result 'oom-kill'", false, LK_UNIT_OOM, NULL),
	R(" oom-kill event", false, LK_JOB_OOM, NULL),
	R(" oom_kill event", false, LK_JOB_OOM, NULL),
};

#define NRULES (sizeof(rules) / sizeof(rules[0]))
#define RULE_WORDS ((NRULES + 63) / 64)

/*
 * The classifier runs on every line of an open report (call traces, Mem-Info, task rows):
 * it must not cost a memcmp() per anchor. Rules anchored at the start are tried only when
 * the line starts with their first byte; the other anchors are found with one multi-needle
 * search over the line (needles.h, the prefilter's search), which on most lines finds
 * nothing, and each occurrence is then matched against the rules whose anchor starts with
 * its byte. The answer is the same as trying every rule in table order.
 */
static uint64_t start_rules[256][RULE_WORDS];  /* at-start rules, by their first byte */
static uint64_t any_rules[256][RULE_WORDS];    /* the other rules, by their first byte */
static size_t first_any = NRULES;              /* the first of the other rules */
static struct oomt_needles *anchors;           /* their anchors (read-only: shared) */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void build_tables(void)
{
	const char *list[NRULES + 1];
	size_t k = 0;

	for (size_t i = 0; i < NRULES; i++) {
		unsigned char c = (unsigned char)rules[i].anchor[0];

		if (rules[i].at_start) {
			start_rules[c][i / 64] |= 1ull << (i % 64);
			continue;
		}
		any_rules[c][i / 64] |= 1ull << (i % 64);
		list[k++] = rules[i].anchor;
		if (first_any == NRULES)
			first_any = i;
	}
	list[k] = NULL;
	/* without the search (out of memory), every anchor is looked for on its own */
	if (k && oomt_needles_new(list, &anchors) == 0)
		oomt_needles_adapt_every(anchors, 0, 0);
}

static bool rule_at(const struct line_rule *r, const char *p, const char *end)
{
	size_t left = (size_t)(end - p);

	return left >= r->len && memcmp(p, r->anchor, r->len) == 0 && (!r->at_end || left == r->len);
}

/* The first rule below best, in table order, of the set bits of mask whose anchor is at p. */
static size_t first_rule_at(const uint64_t *mask, size_t best, const char *p, const char *end)
{
	for (size_t w = 0; w < RULE_WORDS && w * 64 < best; w++)
		for (uint64_t m = mask[w]; m; m &= m - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(m);

			if (i >= best)
				return best;
			if (rule_at(&rules[i], p, end))
				return i;
		}
	return best;
}

/* The first rule in table order whose anchor occurs in s[0..n) (at its start for at-start
 * rules), or NRULES. */
static size_t first_match(const char *s, size_t n)
{
	const char *end = s + n, *p = s, *m;
	size_t best;

	if (n == 0)
		return NRULES;
	best = first_rule_at(start_rules[(unsigned char)s[0]], NRULES, s, end);
	if (best <= first_any)
		return best;
	if (!anchors) {
		for (size_t i = first_any; i < best; i++)
			if (!rules[i].at_start && (rules[i].at_end
			                           ? n >= rules[i].len && rule_at(&rules[i], end - rules[i].len, end)
			                           : memmem(s, n, rules[i].anchor, rules[i].len) != NULL))
				return i;
		return best;
	}
	while (p < end && (m = oomt_needles_find(anchors, p, (size_t)(end - p))) != NULL) {
		best = first_rule_at(any_rules[(unsigned char)*m], best, m, end);
		if (best <= first_any)
			break;
		p = m + 1;
	}
	return best;
}

enum line_kind oomt_line_classify(const char *s, size_t n, const struct line_rule **rule)
{
	size_t i;

	pthread_once(&tables_once, build_tables);
	i = first_match(s, n);
	if (rule)
		*rule = i < NRULES ? &rules[i] : NULL;
	return i < NRULES ? rules[i].kind : LK_OTHER;
}

const struct line_rule *oomt_line_rules(size_t *count)
{
	*count = NRULES;
	return rules;
}

/* Every line that can start an incident or attach to a finished one holds one of these
 * (checked by test-parser-prefilter). Kept short: the source runs them over every line
 * of an idle log. */
const char *const oomt_parser_prefilter[] = {
	"invoked oom-killer",    /* header */
	"oom-killer: gfp_mask",  /* header, 2.6.9-2.6.18 */
	"Killed process",        /* kill, oom.group members, nohang's kmsg re-logs */
	"OOM killed process",    /* OpenVZ/Virtuozzo: "Out of memory in UB N: OOM killed ..." */
	"ill process ",          /* <= 5.0 selection (also "kill process"), earlyoom 1.0-1.2 */
	"oom-kill:",             /* summary that starts a rate-limited report */
	"oom_reaper",            /* late reaper lines */
	"Task in ",              /* <= 4.20 memcg report whose header was cut */
	"Memory cgroup stats",   /* memcg report starting at the stats */
	" tgid total_vm",        /* report starting at the task table */
	"memory.oom.group",
	"callbacks suppressed",
	"messages suppressed",   /* <= 2.6.2x "printk: 89 messages suppressed." */
	"Manual OOM",            /* sysrq-f */
	"panic_on_oom",          /* Kernel panic - not syncing: ... panic_on_oom ... (every era) */
	"no killable processes", /* the report of an OOM with nothing to kill, or its panic */
	"deadlocked on memory",  /* 4.19+: the panic after "no killable processes" */
	"Memory limit reached",  /* 4.6-4.20 memcg report without a victim */
	"OOM killer",            /* systemd: a unit lost a process to the kernel ("...
	                            killed by the OOM killer", 258+ "The kernel OOM killer
	                            killed some processes ..."): one needle for both, as each
	                            needle more costs every scan */
	"result 'oom-kill'",     /* systemd: ... and failed for it (or for systemd-oomd) */
	"kill event",            /* Slurm: "Detected N oom-kill event(s)", "... oom_kill events" */
	"sending SIG",           /* earlyoom 1.3+ */
	"illing process",        /* earlyoom 1.0-1.2: "Killing process", "killing process" */
	"low memory! at",        /* earlyoom reason */
	"Low Memory! At",        /* earlyoom reason, before 1.0 */
	"oomd",                  /* systemd-oomd: "attempting to kill", "systemd-oomd killed" */
	" due to memory ",       /* systemd-oomd kill */
	"Considered ",           /* systemd-oomd candidate list */
	"the victim",            /* nohang */
	"Victim status",         /* nohang */
	"Victim VmRSS",          /* nohang 2019: RSS samples after the signal, before the action */
	"the command: ",         /* nohang: the action as a command ("Run the command: kill ...") */
	"highest badness",       /* nohang: a victim is being chosen (every version) */
	"corrective action",     /* nohang: its reason ("... corrective action required",
	                            "... requires corrective actions") and the action */
	", comm: ",              /* 2.6.32-3.x "Pid: P, comm: C ..." and 3.10+ "CPU: N PID: P */
	" Comm: ",               /* Comm: C ...": a report's trigger when its header is cut */
	"Free swap",             /* Mem-Info's last lines, when its start is cut (they come */
	"Total swap",            /* before the table, selection or kill line that opens the
	                            report: before-report.c). The "N pages RAM" lines after
	                            them come with the parser busy: as needles they cost the
	                            scan of every log a sixth of its speed */
	"page allocation ",      /* allocation failures and 4.9-4.14 stalls (§2.10) */
	"vmalloc",               /* vmalloc failures through warn_alloc (§2.10) */
	"vmemmap alloc",         /* hot-added memory's map through warn_alloc (§2.10) */
	"Unable to allocate memory on", /* SLUB's and SLAB's warning (§2.10): one needle
	                            for both and for 6.x's "... on CPU N (of node M) ..." */
	"kB, limit ",            /* the memcg counters ("memory: usage NkB, limit NkB, ...") of
	                            a report whose header and "Task in" line were cut */
	"oom_kill_process",      /* the report's own call trace (dump_header's caller), when
	                            its header was cut: the Mem-Info and table that follow it
	                            are read (with "kB, limit ", no measurable cost: 34.4 ms
	                            with and without them, the bench's syslog on one CPU) */
	"dump_header",           /* the function that prints the report, the frame above
	                            oom_kill_process, or above out_of_memory where 5.x+ call
	                            it directly (nothing killable: no oom_kill_process frame).
	                            out_of_memory and mem_cgroup_out_of_memory frames are no
	                            needles: a soft lockup in select_bad_process shows them
	                            without a report, and after dump_header they come with
	                            the parser busy */
	"warn_alloc",            /* the function that prints an allocation failure (3.x
	                            warn_alloc_failed), when a paste starts at its trace */
	"send sigkill to",       /* Android's in-kernel lowmemorykiller (mainline, older trees) */
	"Killing '",             /* ... its Android 3.4+ kernels' form, and lmkd before 2018 */
	"Kill '",                /* lmkd 2018+. The later lines of both killers' messages have
	                            no needle: the parser is busy after the kill line */
	"Kill native with pid ", /* Qualcomm's lmkd: a native process, when no app is left */
	"got killed in ",        /* lmkd 2019+: how its last kill ended ("Process got killed
	                            in 12ms"), read when the kill is finished already */
	"Stop waiting for process kill", /* ... or that it gave up waiting for it */
	NULL,
};
