/* SPDX-License-Identifier: MIT */
/* Selection, kill, oom.group, reaper and rate-limit lines (docs/kernel-oom-report.md §2.8-2.9). */
#include <string.h>
#include "event/lines.h"
#include "event/text.h"

/* "Memory cgroup out of memory: ..." is a memcg kill; "Out of memory: ..." any other
 * (global, cpuset or mempolicy: the summary's constraint tells them apart, 5.0+). */
enum oomt_scope oomt_line_kill_scope(const char *s, size_t n)
{
	/* OpenVZ/Virtuozzo: a container's beancounter (its memory limit) ran out */
	if (oomt_text_find(s, n, "Memory cgroup out of memory") ||
	    oomt_text_find(s, n, "Out of memory in UB "))
		return OOMT_SCOPE_MEMCG;
	if (oomt_text_find(s, n, "No available memory (MPOL_BIND)"))
		return OOMT_SCOPE_MEMPOLICY;
	if (oomt_text_find(s, n, "Out of memory") || oomt_text_find(s, n, "Out of Memory"))
		return OOMT_SCOPE_GLOBAL;
	return OOMT_SCOPE_UNKNOWN;
}

/* Comm between '(' at open and the last ')' before limit. */
static void comm_between(const char *open, const char *close, char *dst, size_t dstsz)
{
	if (open && close && close > open)
		oomt_text_copy_trimmed(dst, dstsz, open + 1, (size_t)(close - open - 1));
}

/*
 * Selection (gone since 5.1):
 *   2.6.18-era   "Out of Memory: Kill process %d (%s) score %li and children."
 *   2.6.32-35    "%s: kill process %d (%s) score %li or a child"
 *   2.6.36-5.0   "%s: Kill process %d (%s) score %d|%u or sacrifice child" (RHEL6/7 too)
 *   VServer      "%s: Kill process %s(%d:%u) score %d or sacrifice child"
 * %s: "Out of memory", "Memory cgroup out of memory", "Out of memory
 * (oom_kill_allocating_task)", 2.6.32 "No available memory (MPOL_BIND)".
 */
bool oomt_line_parse_select(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *k = oomt_text_find(s, n, "ill process "), *p, *sc;
	int64_t pid, score;

	if (!k || (sc = oomt_text_rfind(k, (size_t)(end - k), " score ")) == NULL)
		return false;
	p = k + 12;
	if (sc < p)	/* "Kill process score 869": the " score " is the one in "process " */
		return false;
	if (p < end && *p >= '0' && *p <= '9') {
		if (!oomt_text_parse_int(&p, end, &pid))
			return false;
		comm_between(memchr(p, '(', (size_t)(sc - p)), oomt_text_rfind(p, (size_t)(sc - p) + 1, ")"),
			     ev->victim.selected_comm, sizeof(ev->victim.selected_comm));
	} else {
		const char *open = oomt_text_rfind(p, (size_t)(sc - p), "(");

		if (!open)
			return false;
		oomt_text_copy_trimmed(ev->victim.selected_comm, sizeof(ev->victim.selected_comm), p,
			  (size_t)(open - p));
		p = open + 1;
		if (!oomt_text_parse_int(&p, end, &pid))
			return false;
	}
	ev->victim.selected_pid = pid;
	p = sc + 7;
	if (oomt_text_parse_int(&p, end, &score))
		ev->victim.score = score;
	if (oomt_text_find(s, n, "(oom_kill_allocating_task)"))
		ev->allocating_task = true;
	return true;
}

/* A kB field; a paste's commas between its digits are dropped, wherever they sit (never
 * the digits before the first comma). */
static void kb_field(const char *s, const char *end, const char *key, int64_t *dst)
{
	int64_t v;

	if (s < end && oomt_text_parse_key_kb(s, (size_t)(end - s), key, &v))
		*dst = v;
}

/* The comm ends at the last ") total-vm:" / ") vsz:" / "), UID " or, 2.6.32, the last ')'. */
static const char *victim_comm_end(const char *open, const char *end)
{
	static const char *const ends[] = { ") total-vm:", ") vsz:", "), UID ", ")." };
	size_t n = (size_t)(end - open);

	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		const char *c = oomt_text_rfind(open, n, ends[i]);

		if (c)
			return c;
	}
	return oomt_text_rfind(open, n, ")");
}

/*
 * Victim line (always printed):
 *   2.6.32        "Killed process %d (%s)"
 *   2.6.33-35     "Killed process %d (%s) vsz:%lukB, anon-rss:%lukB, file-rss:%lukB"
 *   2.6.36-4.4    "Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB"
 *   RHEL6         "Killed process %d, UID %d, (%s) total-vm:..."
 *   VServer       "Killed process %d:#%u, UID %d, (%s) total-vm:..."
 *   4.5-5.0       "... file-rss:%lukB, shmem-rss:%lukB"
 *   RHEL7.8+      "Killed process %d (%s), UID %d, total-vm:..., shmem-rss:%lukB"
 *   5.1-5.3       "%s: Killed process %d (%s) total-vm:...shmem-rss:%lukB"
 *   RHEL8         "... shmem-rss:%lukB, UID:%u"
 *   5.4-6.19      "... shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%hd"
 */
/* OpenVZ/Virtuozzo (2.6.18-3.10 vzkernels), after "OOM killed process %d (%s)":
 * " score %d vm:%lukB, rss:%lukB, swap:%lukB", rss the whole resident set. */
static void openvz_sizes(const char *close, const char *end, struct oomt_event *ev)
{
	int64_t v;

	if (oomt_text_parse_key_int(close, (size_t)(end - close), ") score ", &v))
		ev->victim.score = v;
	kb_field(close, end, " vm:", &ev->victim.total_vm_bytes);
	kb_field(close, end, " rss:", &ev->victim.rss_bytes);
}

bool oomt_line_parse_victim(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p = oomt_text_find(s, n, "Killed process "), *open, *close;
	bool openvz = false;
	int64_t pid, v;

	if (!p && (p = oomt_text_find(s, n, "OOM killed process ")) != NULL) {
		p += 4;
		openvz = true;
	}
	if (!p)
		return false;
	p += 15;
	if (!oomt_text_parse_int(&p, end, &pid))
		return false;
	ev->victim.pid = pid;
	open = memchr(p, '(', (size_t)(end - p));
	if (!open)
		return true;
	if (oomt_text_parse_key_int(p, (size_t)(open - p), "UID ", &v))
		ev->victim.uid = v;
	close = victim_comm_end(open, end);
	comm_between(open, close, ev->victim.comm, sizeof(ev->victim.comm));
	if (!close)
		return true;
	if (openvz) {
		const char *ub = oomt_text_find(s, (size_t)(p - s), "Out of memory in UB ");

		openvz_sizes(close, end, ev);
		/* the container's beancounter: its id stands for the cgroup that hit its limit */
		if (ub && !ev->oom_memcg[0]) {
			const char *q = ub + 17, *c = memchr(q, ':', (size_t)(end - q));

			if (c)
				oomt_text_copy_trimmed(ev->oom_memcg, sizeof(ev->oom_memcg), q,
				                       (size_t)(c - q));
		}
		return true;
	}
	kb_field(close, end, "total-vm:", &ev->victim.total_vm_bytes);
	kb_field(close, end, "vsz:", &ev->victim.total_vm_bytes);
	kb_field(close, end, "anon-rss:", &ev->victim.anon_rss_bytes);
	kb_field(close, end, "file-rss:", &ev->victim.file_rss_bytes);
	kb_field(close, end, "shmem-rss:", &ev->victim.shmem_rss_bytes);
	kb_field(close, end, "pgtables:", &ev->victim.pgtables_bytes);
	if (oomt_text_parse_key_int(close, (size_t)(end - close), "UID:", &v) ||
	    oomt_text_parse_key_int(close, (size_t)(end - close), "UID ", &v))
		ev->victim.uid = v;
	if (oomt_text_parse_key_int(close, (size_t)(end - close), "oom_score_adj:", &v))
		ev->victim.oom_score_adj = v;
	return true;
}

/* "Tasks in %s are going to be killed due to memory.oom.group set" (4.19+, v2). */
bool oomt_line_parse_oom_group(const char *s, size_t n, struct oomt_event *ev)
{
	if (!oomt_text_find(s, n, " are going to be killed due to memory.oom.group set"))
		return false;
	ev->group_kill = true;
	return true;
}

/*
 * Reaper (4.6+, asynchronous, after the kill):
 *   "oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB"
 *   "oom_reaper: unable to reap pid:%d (%s)"
 *   "oom_reaper: giving up pid:%d (%s)" (4.8)
 * Fills ev->reaped, and the victim pid/comm for the machine to match on.
 */
bool oomt_line_parse_reaper(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p, *open, *close;
	int64_t pid;

	if ((p = oomt_text_find(s, n, "reaped process ")) != NULL)
		p += 15;
	else if ((p = oomt_text_find(s, n, "unable to reap pid:")) != NULL ||
		 (p = oomt_text_find(s, n, "giving up pid:")) != NULL) {
		p = memchr(p, ':', (size_t)(end - p)) + 1;
		ev->reaped.failed = true;
	} else
		return false;
	if (!oomt_text_parse_int(&p, end, &pid))
		return false;
	ev->reaped.pid = pid;
	ev->has_reaped = true;
	open = memchr(p, '(', (size_t)(end - p));
	close = open ? oomt_text_rfind(open, (size_t)(end - open), ")") : NULL;
	comm_between(open, close, ev->victim.comm, sizeof(ev->victim.comm));
	if (close) {
		kb_field(close, end, "anon-rss:", &ev->reaped.anon_rss_bytes);
		kb_field(close, end, "file-rss:", &ev->reaped.file_rss_bytes);
		kb_field(close, end, "shmem-rss:", &ev->reaped.shmem_rss_bytes);
	}
	return true;
}

/* "oom_kill_process: %d callbacks suppressed" (ratelimit, 4.x+), "printk_ratelimit: ..."
 * (<= 3.x): that many reports lost their header, table and summary. */
bool oomt_line_parse_suppressed(const char *s, size_t n, struct oomt_event *ev)
{
	const char *c = oomt_text_find(s, n, " callbacks suppressed"), *p;
	int64_t v;

	/* up to 2.6.2x: "printk: 89 messages suppressed." (the shared printk_ratelimit, which
	 * the OOM killer's report passed through: a count that mixes unrelated messages) */
	if (!c && oomt_text_starts_with(s, n, "printk: "))
		c = oomt_text_find(s, n, " messages suppressed");
	else if (!c || !(oomt_text_find(s, n, "oom_kill_process") ||
	                 oomt_text_find(s, n, "printk_ratelimit") ||
	                 oomt_text_find(s, n, "out_of_memory") || oomt_text_find(s, n, "dump_header")))
		return false;
	if (!c)
		return false;
	p = c;
	while (p > s && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (!oomt_text_parse_int(&p, c, &v))
		return false;
	ev->suppressed = v;
	return true;
}

/*
 * The panic that ends an OOM instead of a kill (kernel/panic.c prints
 * "Kernel panic - not syncing: %s"; the reasons are mm/oom_kill.c's):
 *   2.6.1x-2.6.35  "out of memory. panic_on_oom is selected"              (panic_on_oom=1)
 *                  "out of memory. Compulsory panic_on_oom is selected."  (=2)
 *                  "out of memory(memcg). panic_on_oom is selected."      (=2, memcg)
 *                  "out of memory from page fault. panic_on_oom is selected."
 *   2.6.35         "Out of memory: panic_on_oom is enabled"
 *   2.6.36-6.19    "Out of memory: %s panic_on_oom is enabled" (compulsory / system-wide)
 *   <= 4.18        "Out of memory and no killable processes..."
 *   4.19-6.19      "System is deadlocked on memory" (after the report and "Out of memory and
 *                  no killable processes...")
 * The end marker "---[ end Kernel panic - not syncing: %s ]---" repeats the text: not a
 * panic of its own.
 */
bool oomt_line_parse_panic(const char *s, size_t n, struct oomt_event *ev)
{
	static const char anchor[] = "Kernel panic - not syncing: ";
	const char *p = oomt_text_find(s, n, anchor), *m, *end = s + n;
	size_t mn;

	if (!p || oomt_text_find(s, (size_t)(p - s), "---[ end"))
		return false;
	m = p + sizeof(anchor) - 1;
	mn = (size_t)(end - m);
	if (oomt_text_find(m, mn, "panic_on_oom")) {
		if (oomt_text_find(m, mn, "ompulsory") || oomt_text_find(m, mn, "(memcg)"))
			ev->panic_on_oom = 2;
		else if (oomt_text_find(m, mn, "system-wide") ||
			 oomt_text_starts_with(m, mn, "out of memory. panic_on_oom is selected"))
			ev->panic_on_oom = 1;
	} else if (oomt_text_find(m, mn, "no killable processes") ||
		   oomt_text_find(m, mn, "deadlocked on memory")) {
		ev->no_killable_processes = true;
	} else {
		return false;
	}
	oomt_text_copy_trimmed(ev->panic, sizeof(ev->panic), m, mn);
	return true;
}
