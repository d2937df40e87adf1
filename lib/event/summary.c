/* SPDX-License-Identifier: MIT */
/* The one-line summary of 5.0+ (docs/kernel-oom-report.md §2.7). */
#include <string.h>
#include "event/lines.h"
#include "event/text.h"

/* Value of ",key=" up to the next ',' (cgroup names rarely hold commas; the victim comm,
 * which may, is read from the right instead). */
/* Where a field's value ends: the next ',' or, in a line journalctl ellipsized in the middle
 * (it keeps the line's end after "…"), right after the ellipsis: what follows it is another
 * part of the line. */
static const char *value_end(const char *p, const char *end)
{
	const char *q = memchr(p, ',', (size_t)(end - p)), *e = oomt_text_find(p, (size_t)(end - p), "\xe2\x80\xa6");

	if (e && (!q || e < q))
		return e + 3;
	return q ? q : end;
}

static void summary_field(const char *s, const char *end, const char *key, char *dst, size_t dstsz)
{
	const char *p = oomt_text_find(s, (size_t)(end - s), key);

	if (!p)
		return;
	p += strlen(key);
	oomt_text_copy_trimmed(dst, dstsz, p, (size_t)(value_end(p, end) - p));
}

/* A cgroup path field: a cut one does not replace the whole one another line gave. */
static void path_field(const char *s, const char *end, const char *key, char *dst, size_t dstsz)
{
	const char *p = oomt_text_find(s, (size_t)(end - s), key);

	if (!p)
		return;
	p += strlen(key);
	oomt_text_path_offer(dst, dstsz, p, (size_t)(value_end(p, end) - p), false);
}

static void nodelist_field(const char *s, const char *end, const char *key, char *dst, size_t dstsz)
{
	const char *p = oomt_text_find(s, (size_t)(end - s), key);

	if (!p)
		return;
	p += strlen(key);
	oomt_text_nodelist_offer(dst, dstsz, p, end);
}

/* A number that is all of its field, up to the next ',' (or the end): "pid=3D5740" of a
 * quoted-printable mail is no pid 3. */
static bool whole_int(const char *p, const char *end, int64_t *v)
{
	return oomt_text_parse_int(&p, end, v) && (p == end || *p == ',' || *p == ' ');
}

/* ",task=%s,pid=%d,uid=%d" read from the right: the comm may contain ',' and '='. */
static void victim_from_right(const char *s, const char *end, struct oomt_event *ev)
{
	const char *u = oomt_text_rfind(s, (size_t)(end - s), ",uid=");
	const char *p = oomt_text_rfind(s, (size_t)((u ? u : end) - s), ",pid=");
	const char *t = p ? oomt_text_rfind(s, (size_t)(p - s), ",task=") : NULL;
	int64_t v;

	if (!u)
		return;   /* cut before ",uid=": the pid digits may be cut too */
	if (whole_int(u + 5, end, &v))
		ev->victim.uid = v;
	if (p && whole_int(p + 5, end, &v))
		ev->victim.pid = v;
	if (t && !ev->victim.comm[0])
		oomt_text_copy_trimmed(ev->victim.comm, sizeof(ev->victim.comm), t + 6, (size_t)(p - t - 6));
}

/*
 * 5.0-6.19 (and RHEL8):
 *   "oom-kill:constraint=%s,nodemask=%*pbl[,cpuset=%s,mems_allowed=%*pbl]
 *    [,oom_memcg=%s|,global_oom][,task_memcg=%s],task=%s,pid=%d,uid=%d"
 * Built from pr_cont pieces; the state machine joins split pieces first. A line cut by a
 * transport still gives the fields before the cut.
 */
bool oomt_line_parse_summary(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p = oomt_text_find(s, n, "oom-kill:constraint=");
	const char *tm;

	if (!p)
		return false;
	p += 20;
	summary_field(p - 1, end, "=", ev->constraint, sizeof(ev->constraint));
	nodelist_field(p, end, ",nodemask=", ev->trigger.nodemask, sizeof(ev->trigger.nodemask));
	summary_field(p, end, ",cpuset=", ev->trigger.cpuset, sizeof(ev->trigger.cpuset));
	nodelist_field(p, end, ",mems_allowed=", ev->trigger.mems_allowed,
	               sizeof(ev->trigger.mems_allowed));
	path_field(p, end, ",oom_memcg=", ev->oom_memcg, sizeof(ev->oom_memcg));
	/* task_memcg runs to ",task=" when present: a path may not end at the first comma */
	tm = oomt_text_find(p, (size_t)(end - p), ",task_memcg=");
	if (tm) {
		const char *t = oomt_text_rfind(tm, (size_t)(end - tm), ",task=");

		tm += 12;
		if (t && t >= tm)
			oomt_text_path_offer(ev->task_memcg, sizeof(ev->task_memcg), tm, (size_t)(t - tm),
			                     false);
		else
			path_field(tm - 1, end, "=", ev->task_memcg, sizeof(ev->task_memcg));
	}
	victim_from_right(p, end, ev);
	return true;
}
