/* SPDX-License-Identifier: MIT */
/*
 * Android's low-memory killers (docs/kernel-oom-report.md §7.4). Neither is the kernel's OOM
 * killer: each kills by oom_score_adj when free memory or cache falls below a threshold.
 *
 * The in-kernel staging driver drivers/staging/android/lowmemorykiller.c (Android kernels
 * up to 4.x; mainline 2.6.29-4.11), from the kernel log, with or without its pr_fmt
 * "lowmemorykiller: ":
 *   mainline, older Android  "send sigkill to %d (%s), adj %d, size %d"   (size in pages;
 *                            adj was oom_adj before the oom_score_adj conversion (3.x);
 *                            vendor trees add fields: "oom_adj %d, score_adj %d, size %d",
 *                            "size %dK, min_adj=..." in kB)
 *   Android 3.4+ kernels     "Killing '%s' (%d), adj %hd,\n"
 *                            "   to free %ldkB on behalf of '%s' (%d) because\n"
 *                            "   cache %ldkB is below limit %ldkB for oom_score_adj %hd\n"
 *                            "   Free memory is %ldkB above reserved\n"
 *   later (4.4+)             "Killing '%s' (%d) (tgid %d), adj %hd," and the same lines;
 *                            vendors add "adj %d, score_adj %hd," (MediaTek: adj is the old
 *                            oom_adj), "... oom score %hd", "Free CMA is %ldkB", "Total
 *                            reserve is ...", "GFP mask is 0x%x" (the trigger's
 *                            gfp_mask), "swap low for ...";
 *                            Qualcomm's msm trees then "Slab Reclaimable is %ldkB", "Slab
 *                            UnReclaimable is", "Total Slab is", "Indirect Reclaimable
 *                            is %zdkB", "Free Swap %ldkB", "queue len is %d of max %d[
 *                            reason:0x%x margin:%d]" (also "Total zcache is", "is_kswapd
 *                            %d priority %d" in some)
 * One printk with embedded newlines: dmesg prints the later lines indented, without a stamp
 * or with one each; the sources make each its own record (text-source.c).
 *
 * lmkd (system/core/lmkd, then system/memory/lmkd), logcat tag "lowmemorykiller":
 *   2013-2017  "Killing '%s' (%d), [uid %d, ]adj %d\n"
 *              "   to free %ldkB because cache %ldkB is below limit %ldkB for oom_adj %d\n"
 *              "   Free memory is %ldkB %s reserved"
 *   2017-2018  "Killing '%s' (%d), uid %d, adj %d\n"
 *              "   to free %ldkB because system is under %s memory pressure oom_adj %d\n"
 *   2018-2020  "Kill '%s' (%d), uid %d, oom_adj %d to free %ldkB[; reason: %s]"
 *   2021+      "Kill '%s' (%d), uid %d, oom_score_adj %d to free %ldkB rss, %ldkB swap
 *              [; reason: %s]" (without a reason "kb swap")
 * lmkd's "adj" and "oom_adj" are oom_score_adj values (what ActivityManager sets).
 * Qualcomm's lmkd extension (liblmkdimpl, same tag), when no app is left to kill, kills a
 * native process found in /proc (proc_get_script):
 *              "Kill native with pid %u, oom_adj %d, to free %ld pages"
 *              (oom_adj read from /proc/PID/oom_score_adj; pages of its statm rss, or of
 *              VmSwap when it has none; no name)
 * Both kill with SIGKILL.
 */
#include <string.h>
#include "event/lines.h"
#include "event/text.h"

/* Where the name of "Kill '" / "Killing '" starts, or NULL (one search: this runs on
 * every line the parser reads, and most hold no "Kill"). */
static const char *quoted_kill(const char *s, size_t n, bool *killing)
{
	const char *end = s + n, *k = s;

	while ((k = oomt_text_find(k, (size_t)(end - k), "Kill")) != NULL) {
		k += 4;
		if (oomt_text_starts_with(k, (size_t)(end - k), " '")) {
			*killing = false;
			return k + 2;
		}
		if (oomt_text_starts_with(k, (size_t)(end - k), "ing '")) {
			*killing = true;
			return k + 5;
		}
	}
	return NULL;
}

/* "NAME' (PID)" at p: the comm and the pid, at the first "' (" a pid and ')' follow (a
 * comm holding that is not worth a guess; "on behalf of 'C' (P)" may follow on the line). */
static bool quoted_comm_pid(const char *p, const char *end, struct oomt_event *ev)
{
	const char *q = p;
	int64_t pid;

	while ((q = oomt_text_find(q, (size_t)(end - q), "' (")) != NULL) {
		const char *d = q + 3;

		if (oomt_text_parse_int(&d, end, &pid) && d < end && *d == ')' && pid > 0)
			break;
		q++;
	}
	if (!q)
		return false;
	oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), p, (size_t)(q - p));
	ev->victim.pid = pid;
	return true;
}

/* The number after key where key starts a word (", adj " is not ", score_adj "). */
static bool word_int(const char *s, size_t n, const char *key, int64_t *v)
{
	const char *end = s + n, *p = s, *k;

	while ((k = oomt_text_find(p, (size_t)(end - p), key)) != NULL) {
		const char *d = k + strlen(key);

		if ((k == s || k[-1] == ' ' || k[-1] == ',') && oomt_text_parse_int(&d, end, v))
			return true;
		p = k + 1;
	}
	return false;
}

/* "send sigkill to %d (%s), adj %d, size %d" and its vendor forms. */
static void sigkill_line(const char *s, size_t n, const char *k, struct oomt_event *ev)
{
	const char *end = s + n, *p = k + 16, *o, *c;
	int64_t v;

	if (!oomt_text_parse_int(&p, end, &v) || v <= 0)
		return;
	ev->victim.pid = v;
	p = oomt_text_skip_blanks(p, end);
	if (p < end && *p == '(' && (c = oomt_text_find(p, (size_t)(end - p), "), ")) != NULL)
		oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), p + 1, (size_t)(c - p - 1));
	if (word_int(s, n, "score_adj ", &v))
		ev->victim.oom_score_adj = v;
	/* "adj" is oom_score_adj since the driver's conversion (3.x); before it, oom_adj
	 * (-17..15), which a value in that range may still be: then it is left unknown */
	else if (word_int(s, n, "adj ", &v) && (v == 0 || v < -17 || v > 15))
		ev->victim.oom_score_adj = v;
	if ((o = oomt_text_find(s, n, " size ")) != NULL) {
		p = o + 6;
		if (oomt_text_parse_int(&p, end, &v) && v >= 0) {
			if (p < end && *p == 'K')   /* a vendor's "size %dK" */
				ev->freed_bytes = oomt_text_kb_to_bytes(v);
			else
				ev->freed_pages = v;
		}
	}
}

/* "to free NkB ..." of either killer: the size, lowmemorykiller's "on behalf of 'C' (P)"
 * (the task whose reclaim ran the killer: the trigger), lmkd's reason after "because",
 * and lmkd 2021+'s "kB rss, NkB swap". */
static void to_free(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *t = oomt_text_find(s, n, "to free "), *p, *b, *q;
	int64_t v;

	if (!t)
		return;
	p = t + 8;
	if (!oomt_text_parse_size(&p, end, &v) || !oomt_text_starts_with(p, (size_t)(end - p), "kB"))
		return;
	ev->freed_bytes = oomt_text_kb_to_bytes(v);
	if (oomt_text_starts_with(p, (size_t)(end - p), "kB rss, ")) {
		p += 8;
		if (oomt_text_parse_size(&p, end, &v) && p + 2 <= end && (p[0] == 'k' || p[0] == 'K') &&
		    (p[1] == 'B' || p[1] == 'b'))
			ev->freed_swap_bytes = oomt_text_kb_to_bytes(v);
	}
	if ((b = oomt_text_find(p, (size_t)(end - p), "on behalf of '")) != NULL) {
		b += 14;
		q = oomt_text_rfind(b, (size_t)(end - b), "' (");
		if (q) {
			const char *d = q + 3;

			oomt_text_copy_trimmed(ev->trigger.comm, sizeof(ev->trigger.comm), b, (size_t)(q - b));
			if (oomt_text_parse_int(&d, end, &v))
				ev->trigger.pid = v;
		}
	} else if ((b = oomt_text_find(p, (size_t)(end - p), "because ")) != NULL) {
		oomt_text_copy_trimmed(ev->reason, sizeof(ev->reason), b + 8, (size_t)(end - b - 8));
	}
}

/* "GFP mask is 0x%x" (Qualcomm's msm and MediaTek's trees) at p, its text found: the mask
 * of the allocation whose reclaim ran the killer, as printed ("0x14200ca"), as the
 * kernel's header gives its gfp_mask. Nothing when no hex number follows (a cut line). */
static void gfp_note(const char *p, const char *end, struct oomt_event *ev)
{
	const char *q;

	p += 12;
	if (!oomt_text_starts_with(p, (size_t)(end - p), "0x"))
		return;
	for (q = p + 2; q < end && ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f') ||
	                            (*q >= 'A' && *q <= 'F')); q++)
		;
	if (q > p + 2 && (size_t)(q - p) < sizeof(ev->trigger.gfp_mask))
		oomt_text_copy_trimmed(ev->trigger.gfp_mask, sizeof(ev->trigger.gfp_mask), p,
		                       (size_t)(q - p));
}

/* A later line of a kill message (the "to free" line and the reasons after it), with no
 * prefix of its own or with a logcat one. US_KILL_DETAIL with what it adds; US_NONE when
 * the line is none. */
static enum us_line detail(const char *s, size_t n, struct oomt_event *ev)
{
	/* the last ones are Qualcomm's msm trees': its message goes on after "GFP mask is",
	 * and a line of it read as none would end the message early */
	static const char *const notes[] = {
		"Free memory is ", "Free CMA is ", "Total reserve is ", "Total free pages is ",
		"Total file cache is ", "GFP mask is ", "swap low for oom_score_adj ",
		"Slab Reclaimable is ", "Slab UnReclaimable is ", "Total Slab is ",
		"Indirect Reclaimable is ", "Free Swap ", "queue len is ", "Total zcache is ",
		"is_kswapd ",
	};
	const char *end = s + n, *p;

	if ((p = oomt_text_find(s, n, "to free ")) != NULL &&
	    (oomt_text_find(p, (size_t)(end - p), "kB on behalf of ") ||
	     oomt_text_find(p, (size_t)(end - p), "kB because "))) {
		to_free(s, n, ev);
		return US_KILL_DETAIL;
	}
	if ((p = oomt_text_find(s, n, "cache ")) != NULL &&
	    oomt_text_find(p, (size_t)(end - p), "kB is below ")) {
		oomt_text_copy_trimmed(ev->reason, sizeof(ev->reason), p, (size_t)(end - p));
		return US_KILL_DETAIL;
	}
	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
		if ((p = oomt_text_find(s, n, notes[i])) != NULL) {
			/* only the first of them says why; the rest are numbers for a reader */
			if (i == 0 || i == 6)
				oomt_text_copy_trimmed(ev->reason, sizeof(ev->reason), p, (size_t)(end - p));
			else if (i == 5)
				gfp_note(p, end, ev);
			return US_KILL_DETAIL;
		}
	return US_NONE;
}

/* Qualcomm lmkd's "Kill native with pid P, oom_adj A, to free N pages" at k (its text
 * found): the pid, its oom_score_adj, the pages. */
static enum us_line native_kill_line(const char *s, size_t n, const char *k,
                                     struct oomt_event *ev)
{
	const char *end = s + n, *p = k + 21;
	int64_t v;

	if (!oomt_text_parse_int(&p, end, &v) || v <= 0)
		return US_NONE;
	ev->victim.pid = v;
	strcpy(ev->signal, "SIGKILL");
	if (oomt_text_parse_key_int(p, (size_t)(end - p), ", oom_adj ", &v))
		ev->victim.oom_score_adj = v;
	if ((p = oomt_text_find(p, (size_t)(end - p), ", to free ")) != NULL) {
		p += 10;
		if (oomt_text_parse_int(&p, end, &v) && v >= 0 &&
		    oomt_text_starts_with(p, (size_t)(end - p), " pages"))
			ev->freed_pages = v;
	}
	return US_KILL;
}

/* The kill line of either killer (k decided by oomt_android_killer_of). */
static enum us_line kill_line(enum oomt_killer k, const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p, *r;
	size_t head;
	bool killing;
	int64_t v;

	strcpy(ev->signal, "SIGKILL");
	if (k == OOMT_KILLER_LOWMEMORYKILLER && (p = oomt_text_find(s, n, "send sigkill to ")) != NULL) {
		sigkill_line(s, n, p, ev);
		return US_KILL;
	}
	p = quoted_kill(s, n, &killing);
	if (!p || !quoted_comm_pid(p, end, ev))
		return US_NONE;
	/* the victim's fields come before "to free" (the threshold after it has an adj too) */
	head = (r = oomt_text_find(p, (size_t)(end - p), "to free ")) != NULL ? (size_t)(r - s) : n;
	if (oomt_text_parse_key_int(s, head, ", uid ", &v))
		ev->victim.uid = v;
	if (word_int(s, head, "score_adj ", &v) || word_int(s, head, "oom_score_adj ", &v))
		ev->victim.oom_score_adj = v;
	else if (word_int(s, head, "oom_adj ", &v) || word_int(s, head, "adj ", &v))
		ev->victim.oom_score_adj = v;   /* lmkd's and the Android kernels' are oom_score_adj */
	/* one record may hold the whole message (a journal, a joined paste) */
	to_free(s, n, ev);
	if ((r = oomt_text_find(s, n, "GFP mask is ")) != NULL)
		gfp_note(r, end, ev);
	if ((r = oomt_text_find(s, n, "; reason: ")) != NULL)
		oomt_text_copy_trimmed(ev->reason, sizeof(ev->reason), r + 10, (size_t)(end - r - 10));
	else if (!ev->reason[0] && (r = oomt_text_find(s, n, "cache ")) != NULL &&
		 oomt_text_find(r, (size_t)(end - r), "kB is below "))
		oomt_text_copy_trimmed(ev->reason, sizeof(ev->reason), r, (size_t)(end - r));
	return US_KILL;
}

enum us_line oomt_android_parse_line(enum oomt_killer k, const char *s, size_t n,
                                     struct oomt_event *ev)
{
	const char *native;
	bool killing;

	if ((native = oomt_text_find(s, n, "Kill native with pid ")) != NULL)
		return native_kill_line(s, n, native, ev);
	if (oomt_text_find(s, n, "send sigkill to ") || quoted_kill(s, n, &killing))
		return kill_line(k, s, n, ev);
	return detail(s, n, ev);
}

/* lmkd's line after a kill when it waits for the victim to die (2019+; logged with
 * ro.lmk.debug):
 *   "Process got killed in %ldms"                the victim died that long after the kill
 *   "Stop waiting for process kill after %ldms"  lmkd gave up on it (a timeout, a new kill)
 * Neither names the process: lmkd waits for one kill at a time, its last. */
bool oomt_android_parse_outcome(const char *s, size_t n, struct oomt_event *ev)
{
	static const char *const lines[] = {
		"Process got killed in ", "Stop waiting for process kill after ",
	};
	const char *end = s + n, *p, *d;
	int64_t ms;

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (!(p = oomt_text_find(s, n, lines[i])))
			continue;
		d = p + strlen(lines[i]);
		if (!oomt_text_parse_int(&d, end, &ms) || ms < 0 ||
		    !oomt_text_starts_with(d, (size_t)(end - d), "ms"))
			return false;
		oomt_text_copy_trimmed(ev->outcome, sizeof(ev->outcome), p, (size_t)(end - p));
		return true;
	}
	return false;
}

static bool ident_is(const char *ident, const char *name)
{
	return ident && strcmp(ident, name) == 0;
}

/* Which killer printed kill line s, if it is one: the kernel's when syslog says so (ident
 * "kernel"); lmkd's "Kill" lines, and its "Killing" lines that name a uid; of the others
 * the kernel's "Killing" line ends its first line with a comma (after adj, or score_adj),
 * which lmkd 2013's did not. The tag "lowmemorykiller" does not decide: lmkd's, and the
 * kernel driver's prefix, which logd makes the tag of `logcat -b kernel` lines. */
bool oomt_android_killer_of(const char *ident, const char *s, size_t n, enum oomt_killer *k)
{
	const char *end = s + n, *p, *q;
	bool killing, kernel = ident_is(ident, "kernel");
	int64_t pid;

	if (ident && !kernel && !ident_is(ident, "lowmemorykiller") && !ident_is(ident, "lmkd"))
		return false;
	/* only Qualcomm's lmkd prints it, whichever of these idents the record has */
	if ((p = oomt_text_find(s, n, "Kill native with pid ")) != NULL) {
		q = p + 21;
		if (!oomt_text_parse_int(&q, end, &pid) || pid <= 0 ||
		    !oomt_text_starts_with(q, (size_t)(end - q), ", oom_adj "))
			return false;
		*k = OOMT_KILLER_LMKD;
		return true;
	}
	if ((p = oomt_text_find(s, n, "send sigkill to ")) != NULL) {
		q = p + 16;
		/* a pid and a parenthesis: "send sigkill to 1234 (com.example)" */
		if (!oomt_text_parse_int(&q, end, &pid) || (q = oomt_text_skip_blanks(q, end)) >= end ||
		    *q != '(')
			return false;
		*k = OOMT_KILLER_LOWMEMORYKILLER;
		return true;
	}
	p = quoted_kill(s, n, &killing);
	if (!p || !oomt_text_find(p, (size_t)(end - p), "' (") || !oomt_text_find(p, (size_t)(end - p), "adj "))
		return false;
	if (kernel)
		*k = OOMT_KILLER_LOWMEMORYKILLER;
	else if (!killing || oomt_text_find(p, (size_t)(end - p), ", uid "))
		*k = OOMT_KILLER_LMKD;
	else
		*k = (end[-1] == ',' || oomt_text_find(p, (size_t)(end - p), "on behalf of '"))
		     ? OOMT_KILLER_LOWMEMORYKILLER : OOMT_KILLER_LMKD;
	return true;
}
