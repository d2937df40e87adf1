/* SPDX-License-Identifier: MIT */
/* Userspace killers in the incident parser: one action (a kill, with its reason before
 * and its outcome after) per event. Line formats: userspace.c. */
#include <string.h>
#include "event/machine.h"
#include "event/text.h"
#include "event/event-internal.h"

static void us_start(struct oomt_parser *p, struct oomt_parser_host *c, enum oomt_killer k)
{
	oomt_parser_host_retire(p, c, &c->us);
	oomt_incident_start(p, c, &c->us);
	c->us.ev.killer = k;
	c->us.header = true;
	if (c->us_reason[0])
		memcpy(c->us.ev.reason, c->us_reason, sizeof(c->us.ev.reason));
	c->us_reason[0] = '\0';
}

/* Copy what a line parsed into probe onto the event, keeping what is known already. */
static void us_fill(struct oomt_event *ev, const struct oomt_event *probe)
{
	const struct oomt_victim *v = &probe->victim;

	if (v->pid != OOMT_UNKNOWN) ev->victim.pid = v->pid;
	if (v->uid != OOMT_UNKNOWN) ev->victim.uid = v->uid;
	if (v->comm[0]) memcpy(ev->victim.comm, v->comm, sizeof(v->comm));
	if (v->score != OOMT_UNKNOWN) ev->victim.score = v->score;
	if (v->oom_score_adj != OOMT_UNKNOWN) ev->victim.oom_score_adj = v->oom_score_adj;
	if (v->rss_bytes != OOMT_UNKNOWN) ev->victim.rss_bytes = v->rss_bytes;
	if (probe->signal[0]) memcpy(ev->signal, probe->signal, sizeof(ev->signal));
	if (probe->outcome[0]) memcpy(ev->outcome, probe->outcome, sizeof(ev->outcome));
	if (probe->task_memcg[0]) {
		memcpy(ev->task_memcg, probe->task_memcg, sizeof(ev->task_memcg));
		ev->cut = (ev->cut & ~OOMT_CUT_TASK_MEMCG) | (probe->cut & OOMT_CUT_TASK_MEMCG);
	}
	/* a reason the kill line has cut does not replace a whole one a line before gave
	 * (systemd-oomd's debug "Memory pressure for ... with reclaim activity") */
	if (probe->reason[0] && !((probe->cut & OOMT_CUT_REASON) && ev->reason[0])) {
		memcpy(ev->reason, probe->reason, sizeof(ev->reason));
		ev->cut = (ev->cut & ~OOMT_CUT_REASON) | (probe->cut & OOMT_CUT_REASON);
	}
	if (probe->freed_bytes != OOMT_UNKNOWN) ev->freed_bytes = probe->freed_bytes;
	if (probe->freed_pages != OOMT_UNKNOWN) ev->freed_pages = probe->freed_pages;
	if (probe->freed_swap_bytes != OOMT_UNKNOWN) ev->freed_swap_bytes = probe->freed_swap_bytes;
	if (probe->trigger.comm[0]) memcpy(ev->trigger.comm, probe->trigger.comm, sizeof(ev->trigger.comm));
	if (probe->trigger.pid != OOMT_UNKNOWN) ev->trigger.pid = probe->trigger.pid;
	if (probe->trigger.gfp_mask[0])
		memcpy(ev->trigger.gfp_mask, probe->trigger.gfp_mask, sizeof(ev->trigger.gfp_mask));
}

#define ESCALATE_USEC (60 * 1000000LL)   /* a SIGKILL later than this is a new action */

/* Whether an outcome says the signalled process may still be alive: none yet, or the
 * killer gave up waiting (earlyoom's "process N did not exit", "kill failed: Timer
 * expired"; nohang's "doesn't respond"). */
static bool us_outcome_open(const char *o)
{
	return !o[0] || strstr(o, "did not exit") || strstr(o, "Timer expired") ||
	       strstr(o, "doesn't respond");
}

/* Whether the kill line in probe is the action just read taken further: a SIGKILL to the
 * process the same killer sent SIGTERM to, which that did not end. earlyoom escalates so
 * when its wait for the exit runs out (its next round finds memory at or below the SIGKILL
 * limits: "sending SIGKILL to process 1234 ..." after "sending SIGTERM to process 1234"),
 * as nohang does: one death, one action (its signal SIGKILL, the outcome the one after it),
 * not two, with or without stamps. A SIGTERM sent again stays an attempt of its own (§7),
 * and a minute or more between the two (both stamped) makes them two. */
static bool us_escalation(const struct oomt_parser *p, const struct oomt_incident *in,
                          enum oomt_killer k, const struct oomt_event *probe)
{
	const struct oomt_event *ev = &in->ev;
	const struct oomt_record *rec = p->rec;

	if (!in->open || !in->killed || ev->killer != k || ev->victim.pid == OOMT_UNKNOWN ||
	    ev->victim.pid != probe->victim.pid || strcmp(ev->signal, "SIGTERM") != 0 ||
	    strcmp(probe->signal, "SIGKILL") != 0 || !us_outcome_open(ev->outcome))
		return false;
	if (ev->time_usec != OOMT_UNKNOWN && rec->realtime_usec != OOMT_UNKNOWN &&
	    rec->realtime_usec - ev->time_usec >= ESCALATE_USEC)
		return false;
	return !(ev->uptime_usec != OOMT_UNKNOWN && rec->uptime_usec != OOMT_UNKNOWN &&
	         rec->uptime_usec - ev->uptime_usec >= ESCALATE_USEC);
}

static void us_kill(struct oomt_parser *p, struct oomt_parser_host *c, enum oomt_killer k,
		    const struct oomt_event *probe)
{
	struct oomt_incident *in = &c->us;

	if (us_escalation(p, in, k, probe)) {
		/* the SIGTERM's wait is over: what follows is the SIGKILL's; the action's
		 * reason stays the one it started for ("at or below SIGTERM limits") */
		in->ev.outcome[0] = '\0';
		c->us_reason[0] = '\0';
	} else if (!in->open || in->killed || in->ev.killer != k) {
		us_start(p, c, k);
	}
	us_fill(&in->ev, probe);
	/* a kill line cut before its reason leaves the incident incomplete, unless a line
	 * before it (systemd-oomd's debug "Memory pressure for ...") gave the reason */
	if ((probe->missing & OOMT_PART_REASON) && !in->ev.reason[0])
		in->ev.missing |= OOMT_PART_REASON;
	in->killed = true;
	in->since = c->nrec;
	in->since_uptime = p->rec->uptime_usec;
	if (k == OOMT_KILLER_SYSTEMD_OOMD && c->oomd_count > 0) {
		in->ev.victim.pid = c->oomd_first_pid;
		in->ev.processes_killed = c->oomd_count;
	}
	c->oomd_count = 0;
	c->oomd_first_pid = OOMT_UNKNOWN;
}

/* Whether kill ev was more than a few seconds before record r (both wall clocks known). */
static bool long_before(const struct oomt_event *ev, const struct oomt_record *r)
{
	return ev->time_usec != OOMT_UNKNOWN && r->realtime_usec != OOMT_UNKNOWN &&
	       r->realtime_usec - ev->time_usec > UNIT_BURST_USEC;
}

/* systemd's "<unit>: systemd-oomd killed N process(es) in this unit." belongs to the oomd
 * kill whose cgroup is that unit's (the last path component; an ellipsized path matches by
 * what is left of it); an older kill of the host, or one of another unit, is not touched.
 * It is the kill itself when oomd's own kill line is not in the log and no other oomd kill
 * is near (a selection only, a "Marked ... for killing" without its reason, a grep):
 * systemd saw it done. */
static void us_unit_done(struct oomt_parser *p, struct oomt_parser_host *c,
                         const struct oomt_event *probe)
{
	struct oomt_event *ev = oomt_parser_host_find_unit(c, OOMT_KILLER_SYSTEMD_OOMD, probe->unit);
	const struct oomt_event *newest = oomt_parser_host_newest(c, OOMT_KILLER_SYSTEMD_OOMD);

	/* an oomd kill long before is another kill, not the one this line is about */
	if (ev && long_before(ev, p->rec))
		ev = NULL;
	if ((!ev && (!newest || long_before(newest, p->rec))) ||
	    (ev == &c->us.ev && c->us.open && !c->us.killed)) {
		us_kill(p, c, OOMT_KILLER_SYSTEMD_OOMD, probe);
		ev = &c->us.ev;
	}
	if (!ev)
		return;
	if (!ev->unit[0])
		memcpy(ev->unit, probe->unit, sizeof(ev->unit));
	if (probe->processes_killed != OOMT_UNKNOWN)
		ev->processes_killed = probe->processes_killed;
}

/* Append one line of a reason (nohang prints its thresholds one per line). */
static void reason_add(char *dst, size_t sz, const char *line)
{
	size_t have = strlen(dst), add = strlen(line);

	if (!add)
		return;
	if (have && have + 2 < sz) {
		memcpy(dst + have, "; ", 2);
		have += 2;
	}
	if (have + add >= sz)
		add = sz - have - 1;
	memcpy(dst + have, line, add);
	dst[have + add] = '\0';
}

/* The reason being collected: the open action's, while its victim is being chosen (nohang
 * checks the thresholds again before it acts), else the next action's. */
static char *reason_target(struct oomt_parser_host *c, enum oomt_killer k)
{
	if (c->us.open && !c->us.killed && c->us.ev.killer == k)
		return c->us.ev.reason;
	return c->us_reason;
}

/* Android's kill messages go on over a few lines (android.c), right after the kill line:
 * the action they belong to is the one just killed, when it is one of theirs. */
#define ANDROID_DETAIL_RECORDS 16
static bool android_kill_open(const struct oomt_parser_host *c)
{
	return c->us.open && c->us.killed &&
	       (c->us.ev.killer == OOMT_KILLER_LOWMEMORYKILLER || c->us.ev.killer == OOMT_KILLER_LMKD);
}

/* A later line of an Android kill message: true when it was one (consumed). */
static bool android_detail(struct oomt_parser_host *c, const char *s, size_t n)
{
	struct oomt_event probe;
	char reason[sizeof(probe.reason)];

	oomt_event_init(&probe);
	if (oomt_android_parse_line(c->us.ev.killer, s, n, &probe) != US_KILL_DETAIL)
		return false;
	memcpy(reason, probe.reason, sizeof(reason));
	probe.reason[0] = '\0';
	us_fill(&c->us.ev, &probe);
	reason_add(c->us.ev.reason, sizeof(c->us.ev.reason), reason);
	return true;
}

/* lmkd's word on how its last kill ended (android.c): the outcome of the newest lmkd kill,
 * unless that one has one already (then the line is about a kill the log does not hold,
 * and is dropped). Consumed either way. */
static bool android_outcome(struct oomt_parser_host *c, const char *ident, const char *s,
                            size_t n)
{
	struct oomt_event probe, *ev;

	if (ident && strcmp(ident, "lowmemorykiller") != 0 && strcmp(ident, "lmkd") != 0)
		return false;
	oomt_event_init(&probe);
	if (!oomt_android_parse_outcome(s, n, &probe))
		return false;
	ev = oomt_parser_host_newest(c, OOMT_KILLER_LMKD);
	if (ev && !ev->outcome[0])
		memcpy(ev->outcome, probe.outcome, sizeof(ev->outcome));
	return true;
}

/* True when the line was a userspace killer's (consumed here). */
bool oomt_parser_feed_userspace(struct oomt_parser *p, struct oomt_parser_host *c, const char *s,
                                size_t n)
{
	const char *ident = p->rec->ident;
	struct oomt_event probe;
	enum oomt_killer k;

	if (android_kill_open(c)) {
		if (c->nrec - c->us.since < ANDROID_DETAIL_RECORDS && android_detail(c, s, n))
			return true;
		/* its message is over, and nothing else follows a kill of theirs: finished now,
		 * so that it comes out before a kernel report that follows (the reaper's line
		 * still finds it, parser-host.c oomt_parser_host_find_kill) */
		oomt_parser_host_retire(p, c, &c->us);
	}
	if (oomt_android_killer_of(ident, s, n, &k)) {
		oomt_event_init(&probe);
		if (oomt_android_parse_line(k, s, n, &probe) != US_KILL)
			return false;
		us_kill(p, c, k, &probe);
		return true;
	}
	if (android_outcome(c, ident, s, n))
		return true;
	if (!oomt_userspace_killer_of(ident, s, n, &k)) {
		/* an identless follow-up of the action being read (stderr captures) */
		if (ident || !c->us.open)
			return false;
		k = c->us.ev.killer;
	}
	oomt_event_init(&probe);
	switch (oomt_userspace_parse_line(k, s, n, &probe)) {
	case US_NONE:
		return ident != NULL;   /* the daemon's other chatter */
	case US_SELECT:
		/* a victim block may be announced twice (nohang: "Process with highest badness",
		 * then after a recheck "Victim status"): one action */
		if (!c->us.open || c->us.killed || c->us.ev.killer != k)
			us_start(p, c, k);
		/* nohang's RSS samples after the signal: the first is the victim's */
		if (c->us.ev.victim.rss_bytes == OOMT_UNKNOWN)
			c->us.ev.victim.rss_bytes = probe.victim.rss_bytes;
		break;
	case US_KILL:
		us_kill(p, c, k, &probe);
		break;
	case US_KILL_MORE:
		if (c->oomd_count++ == 0)
			c->oomd_first_pid = probe.victim.pid;
		break;
	case US_OUTCOME: {
		/* about the kill of that pid, else the newest of this killer's (the action may
		 * be finished already: kernel lines can come in between) */
		struct oomt_event *ev = probe.victim.pid != OOMT_UNKNOWN
		                        ? oomt_parser_host_find_kill(c, probe.victim.pid, k) : NULL;

		if (!ev)
			ev = oomt_parser_host_newest(c, k);
		if (ev) {
			probe.victim.pid = OOMT_UNKNOWN;
			us_fill(ev, &probe);
		}
		break;
	}
	case US_VICTIM_FIELD:
		if (c->us.open && c->us.ev.killer == k)
			us_fill(&c->us.ev, &probe);
		break;
	case US_REASON_START: {
		char *r = reason_target(c, k);

		r[0] = '\0';
		reason_add(r, sizeof(c->us_reason), probe.reason);
		c->us_reason_at = c->nrec;
		break;
	}
	case US_REASON:
		reason_add(reason_target(c, k), sizeof(c->us_reason), probe.reason);
		break;
	case US_UNIT_DONE:
		us_unit_done(p, c, &probe);
		break;
	case US_KILL_DETAIL:
		/* one of an Android message whose kill line is not here (android_detail) */
		break;
	case US_CANCEL:
		/* the selection was not acted on: no incident (a victim chosen and then not
		 * mentioned again stays one: a cut log) */
		if (c->us.open && !c->us.killed && c->us.ev.killer == k) {
			c->us.open = false;
			oomt_event_done(&c->us.ev);
		}
		break;
	}
	return true;
}
