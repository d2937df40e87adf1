/* SPDX-License-Identifier: MIT */
/* The first lines of a kernel OOM report: header, cpuset line, dump_stack CPU line. */
#include <string.h>
#include "event/lines.h"
#include "event/text.h"
#include "util/text.h"

/*
 * Header, every era (docs/kernel-oom-report.md §2.1):
 *   2.6.9-2.6.18  "oom-killer: gfp_mask=0x%x, order=%d" (no comm)
 *   <=2.6.35      "%s invoked oom-killer: gfp_mask=0x%x, order=%d, oom_adj=%d"
 *   2.6.36-3.6    "... gfp_mask=0x%x, order=%d, oom_adj=%d, oom_score_adj=%d" (RHEL6 too)
 *   3.7-4.5       "... gfp_mask=0x%x, order=%d, oom_score_adj=%hd" (RHEL7)
 *   4.6-4.8       "... gfp_mask=%#x(%pGg), order=%d, oom_score_adj=%hd"
 *   4.9, 4.15-4.20 "... gfp_mask=%#x(%pGg), nodemask=%*pbl, order=%d, oom_score_adj=%hd"
 *   4.14          "... nodemask=(null),  order=..." (two spaces)
 *   5.0-6.19      "... gfp_mask=%#x(%pGg), order=%d, oom_score_adj=%hd"
 * The comm is everything before the anchor: it may hold spaces, ':', '(' and '#'. A
 * header that ends at "oom-killer:" (a mail or terminal wrap cut it there, wrap.c joins
 * the rest when it follows), or at "oom-killer" (the author cut it), gives the comm alone.
 */
/* Past the end of a stamp whose start a paste cut off ("41066.536886] comm invoked ..."):
 * the comm starts after it. */
static const char *stamp_tail(const char *s, const char *end)
{
	const char *p = s;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p == s || p >= end || *p++ != '.')
		return s;
	if (p >= end || *p < '0' || *p > '9')
		return s;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p >= end || *p != ']')
		return s;
	return p + 1;
}

bool oomt_line_parse_header(const char *s, size_t n, struct oomt_event *ev)
{
	static const char anchor[] = " invoked oom-killer", gfp[] = " gfp_mask=";
	static const char old[] = "oom-killer:";   /* 2.6.9-2.6.18: no "comm invoked" */
	const char *a = oomt_text_find(s, n, anchor), *end = s + n, *p, *q;
	int64_t v;

	if (a) {
		const char *c = stamp_tail(s, a);

		oomt_text_copy_trimmed(ev->trigger.comm, sizeof(ev->trigger.comm), c, (size_t)(a - c));
		p = a + sizeof(anchor) - 1;
		if (p < end && *p == ':')
			p++;    /* none when the author cut the header after "oom-killer" */
	} else if (oomt_text_starts_with(s, n, old)) {
		p = s + sizeof(old) - 1;
	} else {
		return false;
	}
	/* a header a wrap or a cut ended here ("comm invoked oom-killer:"): the comm only */
	if (!oomt_text_starts_with(p, (size_t)(end - p), gfp))
		return true;
	p += sizeof(gfp) - 1;
	for (q = p; q < end && *q != ',' && *q != '(' && *q != ' '; q++)
		;
	oomt_text_copy_trimmed(ev->trigger.gfp_mask, sizeof(ev->trigger.gfp_mask), p, (size_t)(q - p));
	if (q < end && *q == '(') {
		const char *c = memchr(q, ')', (size_t)(end - q));

		/* "(...)": the author left the flags out */
		if (c && !oomt_text_is_elision(q + 1, (size_t)(c - q - 1), " \t"))
			oomt_text_copy_trimmed(ev->trigger.gfp_flags, sizeof(ev->trigger.gfp_flags), q + 1,
				  (size_t)(c - q - 1));
	}
	p = oomt_text_find(q, (size_t)(end - q), "nodemask=");
	if (p) {
		oomt_text_nodelist_offer(ev->trigger.nodemask, sizeof(ev->trigger.nodemask), p + 9, end);
	}
	if (oomt_text_parse_key_int(s, n, "order=", &v))
		ev->trigger.order = v;
	if (oomt_text_parse_key_int(s, n, "oom_score_adj=", &v))
		ev->trigger.oom_score_adj = v;
	if (oomt_text_parse_key_int(s, n, " oom_adj=", &v) ||
	    oomt_text_parse_key_int(s, n, "oomkilladj=", &v))
		ev->trigger.oom_adj = v;
	if (ev->trigger.order == -1)
		ev->sysrq = true;
	return true;
}

/*
 * Old cpuset line, 2.6.32-4.20: "%s cpuset=%s mems_allowed=%s" (cpuset = last path
 * component of the allocating task's cpuset), e.g. "java cpuset=/ mems_allowed=0".
 * Logs also show it with the '=' after "cpuset" lost ("runc:[2:INIT] cpuset cba8e3-3031
 * mems_allowed=0"): mems_allowed is read, and the cpuset and comm when one blank-free word
 * stands between " cpuset " and " mems_allowed=".
 */
bool oomt_line_parse_cpuset(const char *s, size_t n, struct oomt_event *ev)
{
	const char *c = oomt_text_find(s, n, " cpuset="), *m, *name;

	m = oomt_text_rfind(c ? c : s, (size_t)(s + n - (c ? c : s)), " mems_allowed=");
	if (!m)
		return false;
	if (c) {
		name = c + 8;
	} else {
		/* the last " cpuset " before mems_allowed: a comm may hold blanks, a name not */
		for (const char *k = s; (k = oomt_text_find(k, (size_t)(m - k), " cpuset ")) != NULL; k++)
			c = k;
		if (!c)
			return false;
		name = c + 8;
		if (memchr(name, ' ', (size_t)(m - name)) || name == m)
			c = NULL;   /* no one word: the cpuset (and the comm) are not known */
	}
	oomt_text_nodelist_offer(ev->trigger.mems_allowed, sizeof(ev->trigger.mems_allowed),
	                         oomt_text_skip_blanks(m + 14, s + n), s + n);
	if (!c)
		return true;
	oomt_text_copy_trimmed(ev->trigger.cpuset, sizeof(ev->trigger.cpuset), name, (size_t)(m - name));
	if (!ev->trigger.comm[0])
		oomt_text_copy_trimmed(ev->trigger.comm, sizeof(ev->trigger.comm), s, (size_t)(c - s));
	return true;
}

/* The release is the first token after the taint text that starts with a digit and holds
 * a '.', e.g. "5.10.0-10-amd64"; taint flags are letters, "Kdump: loaded" comes before. */
static void cpu_line_release(const char *p, const char *end, struct oomt_event *ev)
{
	while (p < end) {
		const char *t = oomt_text_skip_blanks(p, end), *q = t;

		while (q < end && *q != ' ')
			q++;
		if (q > t && *t >= '0' && *t <= '9' && memchr(t, '.', (size_t)(q - t))) {
			oomt_text_copy_trimmed(ev->kernel, sizeof(ev->kernel), t, (size_t)(q - t));
			return;
		}
		p = q;
	}
}

/* The end of the comm on a CPU line a paste cut after it: the line's end, or the start of a
 * whole word of the taint text the cut left ("Comm: sshd Not", "Comm: sshd Tainted:"). */
static const char *cut_comm_end(const char *c, const char *end)
{
	static const char *const taint[] = { " Not", " Tainted:", " Tainted", " Kdump:", " Kdump" };
	size_t n = (size_t)(end - c);

	oomt_text_trim(&c, &n);
	for (size_t i = 0; i < sizeof(taint) / sizeof(taint[0]); i++) {
		size_t k = strlen(taint[i]);

		if (n > k && memcmp(c + n - k, taint[i], k) == 0)
			return c + n - k;
	}
	return c + n;
}

/*
 * dump_stack header (§2.3):
 *   2.6.32        "Pid: %d, comm: %.20s %s %s %.*s" (taint, release, version)
 *   3.10-6.10     "CPU: %d PID: %d Comm: %.20s [Kdump: loaded ]%s %s %.*s[ BUILD_ID]"
 *   6.11-6.14     "CPU: %d UID: %u PID: %d Comm: ..." (UID = euid)
 *   6.15+         "... %.*s PREEMPT(...) [BUILD_ID]" with a trailing space
 * The taint is "Not tainted" or "Tainted: <flags>"; a line a paste cut before it still
 * names the comm.
 */
bool oomt_line_parse_cpu(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p, *c, *t;
	int64_t pid;

	p = oomt_text_find(s, n, "PID: ");
	c = p ? oomt_text_find(p, (size_t)(end - p), " Comm: ") : NULL;
	if (p && c) {
		p += 5;
		c += 7;
	} else {
		p = oomt_text_starts_with(s, n, "Pid: ") ? s + 5 : NULL;
		c = p ? oomt_text_find(p, (size_t)(end - p), ", comm: ") : NULL;
		if (!c)
			return false;
		c += 8;
	}
	if (!oomt_text_parse_int(&p, end, &pid))
		return false;
	ev->trigger.pid = pid;
	t = oomt_text_find(c, (size_t)(end - c), " Kdump: ");
	if (!t)
		t = oomt_text_find(c, (size_t)(end - c), " Not tainted");
	if (!t)
		t = oomt_text_find(c, (size_t)(end - c), " Tainted: ");
	if (!t)
		t = cut_comm_end(c, end);
	if (!ev->trigger.comm[0])
		oomt_text_copy_trimmed(ev->trigger.comm, sizeof(ev->trigger.comm), c, (size_t)(t - c));
	t = oomt_text_find(t, (size_t)(end - t), "ainted");
	if (t)
		cpu_line_release(t + 6, end, ev);
	return true;
}
