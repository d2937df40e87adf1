/* SPDX-License-Identifier: MIT */
/*
 * Who the victim was, beyond its kill line: its size from its task-table row when the kill
 * line does not give one, and the memory.oom.group kill it belongs to.
 *
 * A memory.oom.group report (4.19+, docs/kernel-oom-report.md §2.9) is one selection and
 * one kill, then "Tasks in /… are going to be killed due to memory.oom.group set" and one
 * kill line per other member of that cgroup. The parser makes each kill an event of its own
 * (group_kill, with copies of the report's shared parts); the first of them is the victim
 * the kernel selected, the others died because they shared its cgroup.
 */
#include <string.h>
#include <oomtool/model.h>
#include "model/badness-rules.h"
#include "model/model-internal.h"

/* The victim's resident memory, and whether it is its anon-rss alone. */
static int64_t victim_rss(const struct oomt_event *ev, bool *least)
{
	int64_t rss = oomt_event_victim_rss(ev), ps;

	*least = false;
	if (is_known(rss) || !is_known(ev->victim.pid) || ev->killer != OOMT_KILLER_KERNEL)
		return rss;
	ps = oomt_model_page_size(ev, NULL);
	for (size_t i = 0; i < ev->n_tasks; i++) {
		const struct oomt_task *t = &ev->tasks[i];
		if ((t->pid == ev->victim.pid || t->tgid == ev->victim.pid) && is_known(t->rss_pages) &&
		    t->rss_pages >= 0)
			return t->rss_pages * ps;
	}
	/* a kill line cut after anon-rss: the least the victim held */
	*least = is_known(ev->victim.anon_rss_bytes);
	return ev->victim.anon_rss_bytes;
}

int64_t oomt_model_victim_rss(const struct oomt_event *ev)
{
	bool least;

	return victim_rss(ev, &least);
}

bool oomt_model_victim_rss_is_least(const struct oomt_event *ev)
{
	bool least;

	victim_rss(ev, &least);
	return least;
}

/* A piece of a report: a kernel invocation without a victim, or whose only sign of one is
 * a late reaper line (no kill, no selection), and no panic or "no killable processes"; not
 * a kill systemd's unit line tells of (its unit is set). */
static bool report_piece(const struct oomt_event *ev)
{
	if (ev->killer != OOMT_KILLER_KERNEL || ev->kind != OOMT_KIND_OOM_KILL ||
	    ev->no_killable_processes || ev->unit[0])
		return false;
	return !is_known(ev->victim.pid) ||
	       ((ev->missing & OOMT_PART_KILL) && !is_known(ev->victim.selected_pid));
}

size_t oomt_latest_explainable(const struct oomt_event *const *events, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (!report_piece(events[i]))
			return i;
	return n - 1;
}

/* The history is light (no tables): the trigger and the counters, which change from one
 * report to the next (failcnt, usage, free pages), tell the reports apart. */
bool oomt_group_same_report(const struct oomt_event *a, const struct oomt_event *b)
{
	return a->group_kill && b->group_kill && a->killer == OOMT_KILLER_KERNEL &&
	       b->killer == OOMT_KILLER_KERNEL && is_known(a->trigger.pid) &&
	       a->trigger.pid == b->trigger.pid && strcmp(a->host, b->host) == 0 &&
	       strcmp(a->boot_id, b->boot_id) == 0 && strcmp(a->oom_memcg, b->oom_memcg) == 0 &&
	       a->memcg.memory.usage_bytes == b->memcg.memory.usage_bytes &&
	       a->memcg.memory.failcnt == b->memcg.memory.failcnt &&
	       a->meminfo.free_pages == b->meminfo.free_pages;
}

size_t oomt_group_kill_first(const struct oomt_event *const *events, size_t n, size_t idx,
                             size_t *ret_members)
{
	size_t first = idx, members = 0;

	if (idx >= n)
		return idx;
	if (!events[idx]->group_kill || !is_known(events[idx]->victim.pid)) {
		if (ret_members)
			*ret_members = 0;
		return idx;
	}
	/* The kills of one report are consecutive in time order: walk back, then forward. */
	while (first > 0 && oomt_group_same_report(events[first - 1], events[idx]) &&
	       is_known(events[first - 1]->victim.pid))
		first--;
	for (size_t i = first; i < n && oomt_group_same_report(events[i], events[idx]) &&
	                       is_known(events[i]->victim.pid); i++)
		members++;
	if (ret_members)
		*ret_members = members;
	return first;
}

bool oomt_memcg_unlimited(const struct oomt_event *ev)
{
	const struct oomt_memcg *mc = &ev->memcg;

	return ev->has_memcg && is_known(mc->memory.usage_bytes) && !is_known(mc->memory.limit_bytes) &&
	       !is_known(mc->memsw.limit_bytes) && strcmp(ev->constraint, "CONSTRAINT_MEMCG") != 0;
}

/* The outcome lines of docs/kernel-oom-report.md §7 (earlyoom, nohang, systemd-oomd 247-248's
 * "Failed to kill any cgroup(s) ..."), as the parser keeps them in ev->outcome. earlyoom's "kill failed: Timer expired" is its wait for the exit
 * timing out (ETIME): the process did not exit; "kill failed: No such process" (ESRCH):
 * already gone; any other "kill failed: ..." is an error from kill(2) or the pidfd calls. */
enum oomt_kill_outcome oomt_model_kill_outcome(const struct oomt_event *ev)
{
	const char *o = ev->outcome;

	if (ev->killer == OOMT_KILLER_KERNEL || !o[0])
		return OOMT_KILL_OUTCOME_UNKNOWN;
	if (strstr(o, "did not exit") || strstr(o, "doesn't respond") ||
	    strstr(o, "kill failed: Timer expired"))
		return OOMT_KILL_OUTCOME_NOT_EXITED;
	if (strstr(o, "No such process") || strstr(o, "no such process"))
		return OOMT_KILL_OUTCOME_GONE;
	if (strstr(o, "kill failed") || strstr(o, "Failed to kill any cgroup"))
		return OOMT_KILL_OUTCOME_FAILED;
	if (strstr(o, "exited after") || strstr(o, "The victim died") ||
	    strstr(o, "The victim became"))
		return OOMT_KILL_OUTCOME_EXITED;
	return OOMT_KILL_OUTCOME_UNKNOWN;
}

const char *oomt_kill_outcome_name(enum oomt_kill_outcome o)
{
	switch (o) {
	case OOMT_KILL_OUTCOME_EXITED:     return "exited";
	case OOMT_KILL_OUTCOME_NOT_EXITED: return "not_exited";
	case OOMT_KILL_OUTCOME_FAILED:     return "kill_failed";
	case OOMT_KILL_OUTCOME_GONE:       return "gone";
	default:                           return NULL;
	}
}
