/* SPDX-License-Identifier: MIT */
/* Userspace OOM killers (docs/kernel-oom-report.md §7): earlyoom, systemd-oomd, nohang. */
#include <string.h>
#include "event/lines.h"
#include "event/text.h"

static void mib_field_bytes(const char *s, size_t n, const char *key, int64_t *dst)
{
	int64_t v;

	if (oomt_text_parse_key_int(s, n, key, &v) && v < INT64_MAX / (1024 * 1024))
		*dst = v * 1024 * 1024;
}

static void signal_name(const char *s, size_t n, struct oomt_event *ev)
{
	if (oomt_text_find(s, n, "SIGKILL"))
		strcpy(ev->signal, "SIGKILL");
	else if (oomt_text_find(s, n, "SIGTERM"))
		strcpy(ev->signal, "SIGTERM");
}

/* The quoted comm of "process %d [uid %d ]\"%s\":" (the comm may hold '"'). */
static void quoted_comm(const char *s, size_t n, struct oomt_event *ev)
{
	const char *q = memchr(s, '"', n), *e;

	if (!q)
		return;
	e = oomt_text_find(q + 1, (size_t)(s + n - q - 1), "\": ");
	if (e)
		oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), q + 1,
		                       (size_t)(e - q - 1));
}

/* earlyoom 1.0-1.2 (p is after "Killing process"):
 *   1.0 " %d %s", 1.1 ": %s, pid: %d, ...", 1.2 " '%s' with signal %d, pid: %d, ...",
 *   1.2 (stdout, lower case) " %d \"%s\" with signal %d: badness %d, VmRSS %lu MiB" */
static enum us_line earlyoom_old(const char *s, size_t n, const char *p, struct oomt_event *ev)
{
	const char *end = s + n, *q;
	int64_t v;

	strcpy(ev->signal, "SIGTERM");
	if (p < end && *p == ':') {
		q = oomt_text_find(p, (size_t)(end - p), ", pid: ");
		if (q)
			oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), p + 1, (size_t)(q - p - 1));
	} else if ((q = oomt_text_find(p, (size_t)(end - p), "' with signal ")) != NULL) {
		const char *o = memchr(p, '\'', (size_t)(q - p));

		if (o)
			oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), o + 1, (size_t)(q - o - 1));
		if (oomt_text_parse_key_int(s, n, "with signal ", &v) && v == 9)
			strcpy(ev->signal, "SIGKILL");
	} else if (oomt_text_parse_int(&p, end, &v)) {
		ev->victim.pid = v;
		p = oomt_text_skip_blanks(p, end);
		if (p < end && *p == '"' && (q = oomt_text_find(p, (size_t)(end - p), "\" with signal ")))
			oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), p + 1, (size_t)(q - p - 1));
		else
			oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), p, (size_t)(end - p));
	}
	if (oomt_text_parse_key_int(s, n, "with signal ", &v) && v == 9)
		strcpy(ev->signal, "SIGKILL");
	if (oomt_text_parse_key_int(s, n, "pid: ", &v))
		ev->victim.pid = v;
	if (oomt_text_parse_key_int(s, n, "badness: ", &v) || oomt_text_parse_key_int(s, n, "badness ", &v))
		ev->victim.score = v;
	mib_field_bytes(s, n, "VmRSS: ", &ev->victim.rss_bytes);
	mib_field_bytes(s, n, "VmRSS ", &ev->victim.rss_bytes);
	return US_KILL;
}

/*
 * earlyoom kill lines, by version:
 *   1.0      "Killing process %d %s"
 *   1.1      "Killing process: %s, pid: %d, badness: %d, VmRSS: %lu MiB"
 *   1.2      "Killing process '%s' with signal %d, pid: %d, badness: %d, VmRSS: %lu MiB"
 *   1.3      "sending %s to process %d \"%s\": badness %d, VmRSS %lu MiB"
 *   1.4-1.7  "sending %s to process %d uid %d \"%s\": badness %d, VmRSS %lld MiB"
 *   1.8      "sending %s to process %d uid %d \"%s\": oom_score %d, VmRSS %lld MiB,
 *            cmdline \"%s\""
 *   1.9+     "sending %s to process %d uid %d \"%s\": oom_score %d, oom_score_adj %d,
 *            VmRSS %lld MiB, cmdline \"%s\""
 * (a SIGKILL to the process a SIGTERM did not end is the same action: machine-userspace.c)
 * Follow-ups: "escalating to SIGKILL after %.3f seconds", "process %d exited after ...",
 * "process exited after ...", "process %d did not exit", "kill failed: %s".
 * Reasons: "low memory! at or below SIGTERM limits: mem %5.2lf%%, swap %5.2lf%%"
 * (before 1.0: "Low Memory! At or below sigterm limits (mem: %d %%, swap: %d %%)").
 */
static enum us_line earlyoom(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p;
	int64_t v;

	if ((p = oomt_text_find(s, n, "sending SIG")) && oomt_text_find(s, n, " to process ")) {
		signal_name(p, (size_t)(end - p), ev);
		if (oomt_text_parse_key_int(s, n, " to process ", &v))
			ev->victim.pid = v;
		if (oomt_text_parse_key_int(s, n, " uid ", &v))
			ev->victim.uid = v;
		quoted_comm(s, n, ev);
		if (oomt_text_parse_key_int(s, n, "badness ", &v) ||
		    oomt_text_parse_key_int(s, n, "oom_score ", &v))
			ev->victim.score = v;
		if (oomt_text_parse_key_int(s, n, "oom_score_adj ", &v))
			ev->victim.oom_score_adj = v;
		mib_field_bytes(s, n, "VmRSS ", &ev->victim.rss_bytes);
		return US_KILL;
	}
	/* its start-up: "Will avoid killing process names that match regex ..." */
	if (oomt_text_find(s, n, "avoid killing process") ||
	    oomt_text_find(s, n, "prefer killing process") ||
	    oomt_text_find(s, n, "ignore killing process"))
		return US_NONE;
	if ((p = oomt_text_find(s, n, "Killing process")) != NULL ||
	    (p = oomt_text_find(s, n, "killing process ")) != NULL)
		return earlyoom_old(s, n, p + 15, ev);
	if (oomt_text_find(s, n, "low memory! at or below") ||
	    oomt_text_find(s, n, "Low Memory! At or below")) {
		oomt_text_copy_trimmed(ev->reason, sizeof(ev->reason), s, n);
		return US_REASON_START;
	}
	if (oomt_text_find(s, n, "escalating to SIGKILL") || oomt_text_find(s, n, "kill failed") ||
	    oomt_text_find(s, n, " exited after ") || oomt_text_find(s, n, " did not exit")) {
		if (oomt_text_find(s, n, "escalating to SIGKILL"))
			strcpy(ev->signal, "SIGKILL");
		if (oomt_text_parse_key_int(s, n, "process ", &v))
			ev->victim.pid = v;   /* "process %d exited/did not exit" (1.8+) */
		oomt_text_copy_trimmed(ev->outcome, sizeof(ev->outcome), s, n);
		return US_OUTCOME;
	}
	return US_NONE;
}

/*
 * systemd-oomd (v247+):
 *   "Killed %s due to memory pressure for %s being %lu.%02lu%% > %lu.%02lu%% for > %s
 *    with reclaim activity"
 *   "Killed %s due to memory used (%llu) / total (%llu) and swap used (%llu) / total
 *    (%llu) being more than %u.%02u%%"
 * and since the prekill hooks (after v259) the same notices as "Marked %s for killing due
 * to ..." (the kill follows once the hooks ran). Before them "oomd attempting to kill %d
 * with KILL" per process (debug; the first pid is the victim pid we report) and "Memory
 * pressure for %s is ..." / "Considered %d cgroups for killing, top candidates were:".
 * 247-248 log no kill line: their notice before the kill is the kill (oomd_v247_notice).
 */
/* systemd-oomd 247-248's notices, logged just before it kills a cgroup (below the one named,
 * or the largest user of swap), which it then does without a word, or with "Failed to kill
 * any cgroup(s) ...":
 *   "Memory pressure for %s is greater than %lu for more than %llu seconds and there was
 *    reclaim activity"
 *   "Swap used (%llu) / total (%llu) is more than %u%%"
 * 249 and later log the kill itself ("Killed ... due to ..."); their swap line of the same
 * words, at debug level, has a percentage with decimals ("is more than 90.00%"). */
static bool oomd_v247_notice(const char *s, size_t n)
{
	const char *end = s + n, *p;

	if (oomt_text_starts_with(s, n, "Memory pressure for "))
		return oomt_text_find(s, n, " is greater than ") &&
		       oomt_text_find(s, n, " and there was reclaim activity");
	if (!oomt_text_starts_with(s, n, "Swap used (") ||
	    !(p = oomt_text_find(s, n, ") is more than ")))
		return false;
	for (p += 15; p < end && *p >= '0' && *p <= '9'; p++)
		;
	return p < end && *p == '%';
}

/* The length of a pager's or journalctl's mark (">", "…", "...") at the end of s[0..n). */
static size_t cut_mark_len(const char *s, size_t n)
{
	if (n >= 1 && s[n - 1] == '>')
		return 1;
	if (n >= 3 && (memcmp(s + n - 3, "\xe2\x80\xa6", 3) == 0 || memcmp(s + n - 3, "...", 3) == 0))
		return 3;
	return 0;
}

/* Where the cgroup path at p[0..k) ends when a cut line goes on past it with only the start
 * of sep (" d", " du", " due t", with or without a mark): a cgroup path has no blank, so the
 * path before the blank is whole. k when the line ends inside the path; 0 for any other
 * text after it (not a kill line of systemd-oomd's). */
static size_t oomd_path_len(const char *p, size_t k, const char *sep)
{
	const char *b = memchr(p, ' ', k);
	size_t rest;

	if (memchr(p, '\t', k))
		return 0;
	if (!b)
		return k;
	rest = k - (size_t)(b - p);
	rest -= cut_mark_len(b, rest);
	return rest <= strlen(sep) && memcmp(b, sep, rest) == 0 ? (size_t)(b - p) : 0;
}

/* "Killed <cgroup>" or "Marked <cgroup>" that journalctl or a paste cut before " due to"
 * (or " for killing"), often inside the path ("…/vte-spawn-dbb4a75e-031f-5de>", "…/tmux"),
 * or inside those words ("….scope du"): still the kill, its reason lost. A path the line
 * ends in is as far as the line has it, and marked cut (a pager's mark stays on the path
 * until the event is given out: parser-host.c); a path with the words' start after it is
 * whole. */
static bool oomd_cut_kill(const char *s, size_t n, struct oomt_event *ev)
{
	bool marked = oomt_text_starts_with(s, n, "Marked ");
	const char *p = s + 7;
	size_t k, len;

	if (!oomt_text_starts_with(s, n, "Killed ") && !marked)
		return false;
	k = n - 7;
	oomt_text_trim(&p, &k);
	len = oomd_path_len(p, k, marked ? " for killing due to" : " due to");
	if (len < 2 || *p != '/')
		return false;
	oomt_text_copy_trimmed(ev->task_memcg, sizeof(ev->task_memcg), p, len);
	if (len == k && !oomt_text_path_is_cut(ev->task_memcg))
		ev->cut |= OOMT_CUT_TASK_MEMCG;
	strcpy(ev->signal, "SIGKILL");
	ev->missing |= OOMT_PART_REASON;   /* unless a line before gave it: us_kill() */
	return true;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Whether a kill line's reason ends as systemd-oomd's two reasons end (v249 and later,
 * "Killed"; "Marked ... for killing" after v259): "... for > %s with reclaim activity"
 * and "... being more than %i.%02i%%" (v249's "swap used ... being more than" too). */
static bool oomd_reason_whole(const char *s, size_t n)
{
	size_t i = n;

	if (ends_with(s, n, " with reclaim activity"))
		return true;
	if (i == 0 || s[--i] != '%')
		return false;
	while (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.'))
		i--;
	return i < n - 1 && ends_with(s, i, "being more than ");
}

/* The reason after " due to ": as the line has it, without a pager's or a paste's mark
 * (">", "…", "..." at its end: a whole reason ends in neither). One that ends otherwise
 * than systemd's do was cut (the mark, or the line lost its end without one): the start
 * of it is kept and cut lists it. None at all ("... due to") is the part missing. */
static void oomd_reason(const char *r, size_t n, struct oomt_event *ev)
{
	size_t mark;

	oomt_text_trim(&r, &n);
	mark = cut_mark_len(r, n);
	n -= mark;
	oomt_text_copy_trimmed(ev->reason, sizeof(ev->reason), r, n);
	if (!ev->reason[0])
		ev->missing |= OOMT_PART_REASON;   /* unless a line before gave it: us_kill() */
	else if (mark || !oomd_reason_whole(ev->reason, strlen(ev->reason)))
		ev->cut |= OOMT_CUT_REASON;
}

static enum us_line oomd(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *d, *c = NULL;
	int64_t v;

	if (oomt_text_parse_key_int(s, n, "attempting to kill ", &v)) {
		ev->victim.pid = v;
		return US_KILL_MORE;
	}
	if (oomt_text_starts_with(s, n, "Killed ") && (d = oomt_text_find(s + 7, n - 7, " due to ")))
		c = s + 7;
	else if (oomt_text_starts_with(s, n, "Marked ") &&
		 (d = oomt_text_find(s + 7, n - 7, " for killing due to ")) != NULL)
		c = s + 7;
	else if (oomd_cut_kill(s, n, ev))
		return US_KILL;
	if (c) {
		const char *r = oomt_text_find(d, (size_t)(end - d), " due to ") + 8;

		oomt_text_copy_trimmed(ev->task_memcg, sizeof(ev->task_memcg), c, (size_t)(d - c));
		oomd_reason(r, (size_t)(end - r), ev);
		strcpy(ev->signal, "SIGKILL");
		return US_KILL;
	}
	if (oomt_text_starts_with(s, n, "Considered ") && oomt_text_find(s, n, " for killing"))
		return US_SELECT;
	if (oomd_v247_notice(s, n)) {
		/* the kill that follows logs nothing when it works */
		oomt_text_copy_trimmed(ev->reason, sizeof(ev->reason), s, n);
		ev->reason[0] = (char)(ev->reason[0] | 0x20);   /* "memory ...", "swap ..." */
		strcpy(ev->signal, "SIGKILL");
		return US_KILL;
	}
	if (oomt_text_starts_with(s, n, "Failed to kill any cgroup(s)")) {
		oomt_text_copy_trimmed(ev->outcome, sizeof(ev->outcome), s, n);
		return US_OUTCOME;
	}
	if (oomt_text_starts_with(s, n, "Memory pressure for ") || oomt_text_find(s, n, "being more than")) {
		oomt_text_copy_trimmed(ev->reason, sizeof(ev->reason), s, n);
		return US_REASON_START;
	}
	return US_NONE;
}

/* "NAME, pid: N, badness: B, VmRSS: R MiB, ..." of nohang v0.1's "Victim is " line. */
static void nohang_v01_victim(const char *s, size_t n, struct oomt_event *ev)
{
	const char *p = s + 10, *end = s + n, *q = oomt_text_find(p, (size_t)(end - p), ", pid: ");
	int64_t v;

	if (!q)
		return;
	oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), p, (size_t)(q - p));
	if (oomt_text_parse_key_int(q, (size_t)(end - q), ", pid: ", &v))
		ev->victim.pid = v;
	if (oomt_text_parse_key_int(q, (size_t)(end - q), "badness: ", &v))
		ev->victim.score = v;
	mib_field_bytes(q, (size_t)(end - q), "VmRSS: ", &ev->victim.rss_bytes);
}

/* The signal of a kill(1) command nohang ran as its action ("kill -TERM 12297", "kill -9
 * $PID", "kill 12297"); other commands leave it unknown. */
static void kill_command_signal(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p = oomt_text_skip_blanks(s, end), *a;

	if (!oomt_text_starts_with(p, (size_t)(end - p), "kill "))
		return;
	a = oomt_text_skip_blanks(p + 5, end);
	if (oomt_text_starts_with(a, (size_t)(end - a), "-s "))
		a = oomt_text_skip_blanks(a + 3, end);
	else if (a < end && *a == '-')
		a++;
	else {
		strcpy(ev->signal, "SIGTERM");   /* kill(1)'s default */
		return;
	}
	if (oomt_text_starts_with(a, (size_t)(end - a), "SIG"))
		a += 3;
	if (oomt_text_starts_with(a, (size_t)(end - a), "KILL") || oomt_text_starts_with(a, (size_t)(end - a), "9 "))
		strcpy(ev->signal, "SIGKILL");
	else if (oomt_text_starts_with(a, (size_t)(end - a), "TERM") ||
		 oomt_text_starts_with(a, (size_t)(end - a), "15 "))
		strcpy(ev->signal, "SIGTERM");
}

/* A line of nohang's statistics block ("What happened in the last ...:", "Total stat"):
 * "[ OK ] Sending SIGTERM to Web Content: 1", "Send SIGTERM to Web Content: 1",
 * "kmsg: Out of memory: Kill: 1" - a count at the end, never an action. */
static bool nohang_stat_line(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	if (!(i < n && i >= 2 && s[i - 1] == ' ' && s[i - 2] == ':') ||
	    oomt_text_find(s, n, " to the victim"))
		return false;
	return oomt_text_starts_with(s, n, "[ ") || oomt_text_starts_with(s, n, "Send") ||
	       oomt_text_starts_with(s, n, "kmsg: ") || oomt_text_starts_with(s, n, "Run ") ||
	       oomt_text_starts_with(s, n, "Execut");
}

/*
 * nohang, every form it took:
 *   v0.1 (2018)  "Low memory; corrective action required!" + threshold lines, "Finding the
 *                process with the highest badness", "Victim is %s, pid: %s, badness: %s,
 *                VmRSS: %s MiB, VmSwap: %s MiB", "Sending %s to the victim; OK; response
 *                time: %s ms" (or "; no such process; ..."), "victim badness %s <
 *                min_badness %s; nothing to do; ..."
 *   2019         "Memory status that requires corrective actions (soft threshold exceeded):",
 *                "Process with highest badness (found in %s ms):" + "  PID: %s, Name: %s,
 *                badness: %s", "Victim status (found in %s ms):" + "Name:", "PID:",
 *                "EUID:", "badness: ..., oom_score: ..., oom_score_adj: ...", "VmRSS: %s
 *                MiB", "Implement a corrective action:" + "Send %s to the victim; total
 *                response time: %s ms", "The victim died in %s sec"
 *   early 2019   "Found the victim with highest badness:" + "Name:", "PID:", "UID:",
 *                "Badness: ...", "VmRSS: ..."
 *   v0.2+ (HEAD) "Memory status that requires corrective actions:" + thresholds, "Process
 *                with highest badness (found in %sms):", "Victim status (found in %sms):"
 *                + "PID: %s, name: %s, state: ..., EUID: %s, ...", "badness: ...",
 *                "Vm, MiB: Size: %s, RSS: %s, Swap: %s", "Implementing a corrective
 *                action:" + "Sending %s to the victim", "OK; total response time: %sms",
 *                "The victim died in %ss" / "became a zombie" / "doesn't respond ..."
 * Lines that end an action without a kill: "... nothing to do ...", "Thresholds is not
 * exceeded now", "max_soft_exit_time is not exceeded ...".
 */
static enum us_line nohang(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p;
	int64_t v;

	if (nohang_stat_line(s, n))
		return US_NONE;
	if (oomt_text_find(s, n, "highest badness") || oomt_text_starts_with(s, n, "Victim status"))
		return US_SELECT;
	if (oomt_text_find(s, n, "nothing to do") || oomt_text_find(s, n, "is not exceeded now") ||
	    oomt_text_find(s, n, "max_soft_exit_time is not exceeded"))
		return US_CANCEL;
	if ((oomt_text_starts_with(s, n, "Sending SIG") || oomt_text_starts_with(s, n, "Send SIG")) &&
	    (p = oomt_text_find(s, n, " to the victim")) != NULL) {
		signal_name(s, (size_t)(p - s), ev);
		p += 14;
		if (p < end && *p == ';')   /* v0.1 and 2019: the result follows on the line */
			oomt_text_copy_trimmed(ev->outcome, sizeof(ev->outcome), p + 1, (size_t)(end - p - 1));
		return US_KILL;
	}
	/* the corrective action as a command (2019: "Run the command: %s", head: "Executing
	 * the command: %s"); "Execute the command: %s" is its thread's debug line */
	if ((p = oomt_text_find(s, n, "Run the command: ")) != NULL ||
	    (p = oomt_text_find(s, n, "Executing the command: ")) != NULL) {
		p = memchr(p, ':', (size_t)(end - p)) + 1;
		kill_command_signal(p, (size_t)(end - p), ev);
		return US_KILL;
	}
	/* 2019 builds sample the victim's RSS right after the signal, before they log the
	 * action: "Victim VmRSS: %s KiB" (the first sample is the RSS it was killed with) */
	if (oomt_text_starts_with(s, n, "Victim VmRSS: ")) {
		p = s + 14;
		if (oomt_text_parse_int(&p, end, &v) && v >= 0 && oomt_text_starts_with(p, (size_t)(end - p), " KiB"))
			ev->victim.rss_bytes = oomt_text_kb_to_bytes(v);
		return US_SELECT;
	}
	if (oomt_text_find(s, n, "The victim died") || oomt_text_find(s, n, "The victim became") ||
	    oomt_text_find(s, n, "doesn't respond")) {
		oomt_text_copy_trimmed(ev->outcome, sizeof(ev->outcome), s, n);
		return US_OUTCOME;
	}
	if (oomt_text_find(s, n, "corrective action required") ||
	    oomt_text_find(s, n, "requires corrective action"))
		return US_REASON_START;
	if (oomt_text_find(s, n, "sigterm_psi") || oomt_text_find(s, n, "sigkill_psi") ||
	    oomt_text_find(s, n, "_threshold") || oomt_text_find(s, n, "<= mem_min_") ||
	    oomt_text_find(s, n, "<= swap_min_") || oomt_text_find(s, n, ">= zram_max_") ||
	    oomt_text_find(s, n, "psi_excess_duration")) {
		oomt_text_copy_trimmed(ev->reason, sizeof(ev->reason), s, n);
		return US_REASON;
	}
	if (oomt_text_starts_with(s, n, "Victim is ")) {
		nohang_v01_victim(s, n, ev);
		return US_VICTIM_FIELD;
	}
	if (oomt_text_starts_with(s, n, "Name:")) {
		oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), s + 5, n - 5);
		return US_VICTIM_FIELD;
	}
	if (oomt_text_starts_with(s, n, "PID:")) {
		p = s + 4;
		if (oomt_text_parse_int(&p, end, &v))
			ev->victim.pid = v;
		if ((p = oomt_text_find(s, n, "ame: ")) != NULL) {   /* "name: " (v0.2+), "Name: " */
			const char *c = memchr(p, ',', (size_t)(end - p));

			oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), p + 5,
				  (size_t)((c ? c : end) - p - 5));
		}
		if (oomt_text_parse_key_int(s, n, "EUID: ", &v))
			ev->victim.uid = v;
		if (oomt_text_parse_key_int(s, n, "badness: ", &v))
			ev->victim.score = v;
		return US_VICTIM_FIELD;
	}
	if ((oomt_text_starts_with(s, n, "UID:") || oomt_text_starts_with(s, n, "EUID:")) &&
	    oomt_text_parse_key_int(s, n, "UID:", &v)) {
		ev->victim.uid = v;
		return US_VICTIM_FIELD;
	}
	if (oomt_text_starts_with(s, n, "Badness:") || oomt_text_starts_with(s, n, "badness:")) {
		if (oomt_text_parse_key_int(s, n, "adness:", &v))
			ev->victim.score = v;
		if (oomt_text_parse_key_int(s, n, "oom_score_adj:", &v))
			ev->victim.oom_score_adj = v;
		return US_VICTIM_FIELD;
	}
	if (oomt_text_starts_with(s, n, "VmRSS:")) {
		mib_field_bytes(s, n, "VmRSS:", &ev->victim.rss_bytes);
		return US_VICTIM_FIELD;
	}
	if (oomt_text_starts_with(s, n, "Vm, MiB:")) {
		mib_field_bytes(s, n, "RSS:", &ev->victim.rss_bytes);
		return US_VICTIM_FIELD;
	}
	return US_NONE;
}

/* systemd (PID 1 or a user manager) about a unit that oomd emptied:
 *   "<unit>: systemd-oomd killed %d process(es) in this unit." */
static enum us_line systemd_unit(const char *s, size_t n, struct oomt_event *ev)
{
	const char *k = oomt_text_find(s, n, ": systemd-oomd killed "), *p;
	int64_t v;

	if (!k)
		return US_NONE;
	oomt_text_copy_trimmed(ev->unit, sizeof(ev->unit), s, (size_t)(k - s));
	p = k + 22;
	if (oomt_text_parse_int(&p, s + n, &v))
		ev->processes_killed = v;
	return US_UNIT_DONE;
}

enum us_line oomt_userspace_parse_line(enum oomt_killer k, const char *s, size_t n,
                                       struct oomt_event *ev)
{
	switch (k) {
	case OOMT_KILLER_EARLYOOM: return earlyoom(s, n, ev);
	case OOMT_KILLER_SYSTEMD_OOMD:
		return oomt_text_find(s, n, ": systemd-oomd killed ") ? systemd_unit(s, n, ev) : oomd(s, n, ev);
	case OOMT_KILLER_NOHANG: return nohang(s, n, ev);
	case OOMT_KILLER_LOWMEMORYKILLER:
	case OOMT_KILLER_LMKD: return oomt_android_parse_line(k, s, n, ev);
	case OOMT_KILLER_KERNEL: break;
	}
	return US_NONE;
}

static bool ident_is(const char *ident, const char *name)
{
	return ident && strcmp(ident, name) == 0;
}

/* By ident when the transport names the program; by distinctive text otherwise (stderr
 * captures, pastes). systemd's unit messages count as systemd-oomd's. */
bool oomt_userspace_killer_of(const char *ident, const char *s, size_t n, enum oomt_killer *k)
{
	/* Kernel-transport lines are never a userspace killer's, and they are the bulk of what
	 * an open report feeds through here: decide them before any text search. */
	if (ident_is(ident, "kernel"))
		return false;
	if (ident_is(ident, "earlyoom")) {
		*k = OOMT_KILLER_EARLYOOM;
		return true;
	}
	if (ident_is(ident, "systemd-oomd") || oomt_text_find(s, n, ": systemd-oomd killed ") ||
	    oomt_text_find(s, n, "oomd attempting to kill ")) {
		*k = OOMT_KILLER_SYSTEMD_OOMD;
		return true;
	}
	if (ident_is(ident, "nohang") || ident_is(ident, "nohang-desktop")) {
		*k = OOMT_KILLER_NOHANG;
		return true;
	}
	if (ident)
		return false;
	if ((oomt_text_find(s, n, "sending SIG") && oomt_text_find(s, n, " to process ")) ||
	    oomt_text_find(s, n, "low memory! at or below") || oomt_text_find(s, n, "Killing process") ||
	    oomt_text_find(s, n, "Low Memory! At or below") || oomt_text_find(s, n, "killing process ")) {
		*k = OOMT_KILLER_EARLYOOM;
		return true;
	}
	if (oomt_text_find(s, n, "Found the victim with highest badness") ||
	    oomt_text_find(s, n, "Process with highest badness (found in") ||
	    oomt_text_find(s, n, "Finding the process with the highest badness") ||
	    oomt_text_starts_with(s, n, "Victim status (found in") ||
	    oomt_text_find(s, n, "> sigterm_psi") || oomt_text_find(s, n, "> sigkill_psi")) {
		*k = OOMT_KILLER_NOHANG;
		return true;
	}
	if ((oomt_text_starts_with(s, n, "Killed /") || oomt_text_starts_with(s, n, "Marked /")) &&
	    oomt_text_find(s, n, " due to memory ")) {
		*k = OOMT_KILLER_SYSTEMD_OOMD;
		return true;
	}
	return false;
}
