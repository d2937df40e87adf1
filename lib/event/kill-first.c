/* SPDX-License-Identifier: MIT */
/*
 * A kill pasted above the header of its report (docs/kernel-oom-report.md §9.9): a poster
 * quotes the selection and kill lines first, the lines they belong to after them, and the
 * kernel's own stamps show the order it printed them in:
 *   [1504351.813020] Out of memory: Kill process 8055 (ruby) score 267 or sacrifice child
 *   [1504351.813082] Killed process 8055 (ruby) total-vm:2159008kB, ...
 *   [1504351.812543] mysqld invoked oom-killer: gfp_mask=0x201da, order=0, ...
 * The kill, read first, is an incident without header or trigger; the header opens a
 * report that has no kill. A report takes milliseconds: when the header is stamped at most
 * KILL_FIRST_USEC before the kill (and not after any of its lines), the kill is put aside
 * at the header and joins the report when the report ends, unless the report's own lines
 * say otherwise. Without stamps nothing tells the order: two incidents, as read.
 */
#include <string.h>
#include "event/machine.h"
#include "event/event-internal.h"

/* The kinds of a report's body, which the kernel prints before the kill line: not the
 * kill, the reaper or oom.group lines after it, nor a CPU line (any later warning's). */
bool oomt_kill_first_body(enum line_kind kind)
{
	switch (kind) {
	case LK_HEADER:
	case LK_CPUSET:
	case LK_MEMINFO:
	case LK_MEMINFO_TOTAL:
	case LK_SLAB_INFO:
	case LK_TASK_IN:
	case LK_MEMCG_COUNTER:
	case LK_MEMCG_STATS:
	case LK_MEMCG_LIMIT:
	case LK_TASKS_STATE:
	case LK_TASK_HEADER:
	case LK_TASK_ROW:
	case LK_SUMMARY:
	case LK_SELECT:
		return true;
	default:
		return false;
	}
}

/* A kernel kill read whole (its kill line, not a reaper's) with nothing of its report's
 * start: no header, no trigger. */
static bool headless_kill(const struct oomt_incident *k)
{
	return k->open && k->killed && !k->header && !k->group && !k->panicked &&
	       k->ev.killer == OOMT_KILLER_KERNEL && k->ev.kind == OOMT_KIND_OOM_KILL &&
	       !k->ev.trigger.comm[0] && k->ev.trigger.pid == OOMT_UNKNOWN &&
	       !(k->ev.missing & OOMT_PART_KILL);
}

/* The header stamped h opened the report that the kill k ends: every line of k at or
 * after h, the kill within KILL_FIRST_USEC of it. Both stamps are needed. The same host is
 * the context's; a new boot (its id, "Linux version", the clock going back more than a
 * second) has closed k already (check_reboot). */
static bool stamped_after(const struct oomt_incident *k, int64_t h)
{
	return h != OOMT_UNKNOWN && k->first_uptime != OOMT_UNKNOWN &&
	       k->since_uptime != OOMT_UNKNOWN && h <= k->first_uptime &&
	       k->since_uptime - h <= KILL_FIRST_USEC;
}

void oomt_kill_first_hold(struct oomt_parser *p, struct oomt_parser_host *c)
{
	if (!headless_kill(&c->cur) || !stamped_after(&c->cur, p->rec->uptime_usec))
		return;
	oomt_parser_host_retire(p, c, &c->kill_first);   /* one held at a time */
	memcpy(&c->kill_first, &c->cur, sizeof(c->kill_first));
	c->kill_first_for = c->nrec;
	/* the table went with it; the header starts cur again */
	c->cur.open = false;
	c->cur.ev.tasks = NULL;
	c->cur.ev.n_tasks = 0;
}

/* Whether the kill k is the end of the report in: a report that kills (not a panic, not
 * one that found nothing to kill), all of whose body was printed before the kill, and
 * whose own choice, if it names one, is k's victim. A report that read a kill line of its
 * own ends in k only when that is k's line again at its stamp (the kill quoted above). */
static bool ends_report(const struct oomt_incident *in, const struct oomt_incident *k)
{
	const struct oomt_victim *v = &in->ev.victim, *kv = &k->ev.victim;

	if (!in->header || in->panicked || in->group || in->ev.kind != OOMT_KIND_OOM_KILL ||
	    in->ev.no_killable_processes)
		return false;
	if (in->body_uptime == OOMT_UNKNOWN || in->body_uptime > k->first_uptime)
		return false;
	if (v->pid != OOMT_UNKNOWN && v->pid != kv->pid)
		return false;
	if (v->selected_pid != OOMT_UNKNOWN && kv->selected_pid != OOMT_UNKNOWN &&
	    v->selected_pid != kv->selected_pid)
		return false;
	return !in->killed || in->since_uptime == k->since_uptime;
}

/* The kill line's victim, with what the report's summary or selection said of it. */
static void take_victim(struct oomt_victim *v, const struct oomt_victim *kill)
{
	struct oomt_victim said = *v;

	*v = *kill;
	if (v->uid == OOMT_UNKNOWN)
		v->uid = said.uid;
	if (v->oom_score_adj == OOMT_UNKNOWN)
		v->oom_score_adj = said.oom_score_adj;
	if (v->selected_pid == OOMT_UNKNOWN) {
		v->selected_pid = said.selected_pid;
		v->score = said.score;
		memcpy(v->selected_comm, said.selected_comm, sizeof(v->selected_comm));
	}
}

/* The longer task table of the two, moved to in, cut as it was. */
static void take_table(struct oomt_incident *in, struct oomt_incident *k)
{
	if (k->ev.n_tasks <= in->ev.n_tasks && (in->ev.has_tasks || !k->ev.has_tasks))
		return;
	oomt_event_done(&in->ev);
	in->ev.tasks = k->ev.tasks;
	in->ev.n_tasks = k->ev.n_tasks;
	in->ev.has_tasks = true;
	in->tasks_cap = k->tasks_cap;
	in->ev.missing = (in->ev.missing & ~OOMT_PART_TASKS_CUT) |
	                 (k->ev.missing & OOMT_PART_TASKS_CUT);
	k->ev.tasks = NULL;
	k->ev.n_tasks = 0;
}

/* The report in takes the kill k and every part of it that in lacks (oomt_event_merge):
 * the report's time, header and stamps stay, so its id is that of the report read in
 * order. */
static void join(struct oomt_incident *in, struct oomt_incident *k)
{
	unsigned missing;

	if (!in->killed)
		take_victim(&in->ev.victim, &k->ev.victim);
	take_table(in, k);
	missing = in->ev.missing;   /* merge's rule is for finished events */
	oomt_event_merge(&in->ev, &k->ev);
	in->ev.missing = missing;
	in->ev.allocating_task = in->ev.allocating_task || k->ev.allocating_task;
	if (in->ev.suppressed == OOMT_UNKNOWN)
		in->ev.suppressed = k->ev.suppressed;
	if (!in->killed) {
		in->killed = true;
		in->since = k->since;
		in->since_uptime = k->since_uptime;
	}
	in->evidence |= k->evidence;
	in->summary_new_kill = in->summary_new_kill || k->summary_new_kill;
	oomt_event_done(&k->ev);
	k->open = false;
}

void oomt_kill_first_settle(struct oomt_parser *p, struct oomt_parser_host *c,
                            struct oomt_incident *in)
{
	struct oomt_incident *k = &c->kill_first;

	if (!k->open || in == k || !in->header || in->opened != c->kill_first_for)
		return;
	if (ends_report(in, k))
		join(in, k);
	else
		oomt_parser_host_retire(p, c, k);   /* first, as it was read */
}
