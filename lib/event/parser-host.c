/* SPDX-License-Identifier: MIT */
/* Per-host contexts, incident life cycle and the output queue of the incident parser. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "event/machine.h"
#include "event/text.h"
#include "event/event-internal.h"

/* Every event a parser gives out has an id of its own: one that hashes like a recent one
 * (the same pid, words and minute) is numbered, so that both can be named with --event.
 * Every source of the same kills numbers them alike. */
static void unique_id(struct oomt_parser *p, struct oomt_event *ev)
{
	size_t i, slot;

	if (!ev->id[0])
		return;
	for (i = 0; i < RECENT_IDS; i++) {
		if (strcmp(p->recent[i].id, ev->id) == 0) {
			oomt_event_set_id_repeat(ev, ++p->recent[i].repeats);
			return;
		}
	}
	slot = p->recent_next++ % RECENT_IDS;
	memcpy(p->recent[slot].id, ev->id, sizeof(p->recent[slot].id));
	p->recent[slot].repeats = 1;
}

/* A cgroup path keeps a pager's mark while the report is read, so that a whole copy a
 * later line gives replaces it (oomt_text_path_offer); one still cut when the event leaves
 * the parser loses its mark and is listed in cut. */
static void uncut_path(char *path, unsigned bit, unsigned *cut)
{
	if (oomt_text_path_uncut(path) && path[0])
		*cut |= bit;
}

static void out_push(struct oomt_parser *p, struct oomt_event *ev)
{
	uncut_path(ev->oom_memcg, OOMT_CUT_OOM_MEMCG, &ev->cut);
	uncut_path(ev->task_memcg, OOMT_CUT_TASK_MEMCG, &ev->cut);
	unique_id(p, ev);
	if (p->out_head + p->out_len == p->out_cap) {
		if (p->out_head > 0) {
			memmove(p->out, p->out + p->out_head, p->out_len * sizeof(*p->out));
			p->out_head = 0;
		} else {
			size_t cap = p->out_cap ? p->out_cap * 2 : 16;
			struct oomt_event **n = realloc(p->out, cap * sizeof(*n));

			if (!n) {
				/* never drop silently: the error is returned by the next feed */
				p->err = -ENOMEM;
				oomt_event_free(ev);
				return;
			}
			p->out = n;
			p->out_cap = cap;
		}
	}
	p->out[p->out_head + p->out_len++] = ev;
}

static void release_head(struct oomt_parser *p, struct oomt_parser_host *c)
{
	if (c->ndone == 0)
		return;
	out_push(p, c->done[0].ev);
	memmove(c->done, c->done + 1, (c->ndone - 1) * sizeof(c->done[0]));
	c->ndone--;
}

static void release_ahead(struct oomt_parser *p, struct oomt_parser_host *c)
{
	for (size_t i = 0; i < c->nahead; i++)
		out_push(p, c->ahead[i].ev);
	c->nahead = 0;
}

void oomt_parser_host_release_all(struct oomt_parser *p, struct oomt_parser_host *c)
{
	release_ahead(p, c);
	while (c->ndone)
		release_head(p, c);
}

uint64_t oomt_parser_line_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	bool blank = false;

	if (n > LINE_MAX_SCAN)
		n = LINE_MAX_SCAN;
	oomt_text_trim(&s, &n);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == ' ' || ch == '\t') {
			blank = true;
			continue;
		}
		if (blank) {
			h = (h ^ ' ') * 0x100000001b3ull;
			blank = false;
		}
		h = (h ^ ch) * 0x100000001b3ull;
	}
	return h;
}

void oomt_parser_host_settle_ahead(struct oomt_parser *p, struct oomt_parser_host *c,
                                   int64_t uptime, uint64_t h)
{
	size_t k = 0;

	for (size_t i = 0; i < c->nahead; i++) {
		struct oomt_held_event *a = &c->ahead[i];

		if (a->first_uptime == uptime && a->first_hash == h)
			oomt_event_free(a->ev);   /* a quote of the report now read whole */
		else if (uptime > a->first_uptime)
			out_push(p, a->ev);       /* the clock passed it: not a quote */
		else
			c->ahead[k++] = *a;
	}
	c->nahead = k;
}

void oomt_incident_start(struct oomt_parser *p, struct oomt_parser_host *c,
                         struct oomt_incident *in)
{
	const struct oomt_record *r = p->rec;

	oomt_event_done(&in->ev);
	memset(in, 0, offsetof(struct oomt_incident, join));
	in->join_len = 0;
	in->freelist_len = 0;
	oomt_event_init(&in->ev);
	in->open = true;
	in->ev.time_usec = r->realtime_usec;
	in->ev.year_guessed = r->year_guessed;
	in->ev.uptime_usec = r->uptime_usec;
	oomt_text_copy_trimmed(in->ev.host, sizeof(in->ev.host), c->host, strlen(c->host));
	oomt_text_copy_trimmed(in->ev.boot_id, sizeof(in->ev.boot_id), c->boot_id, strlen(c->boot_id));
	if (p->source)
		oomt_text_copy_trimmed(in->ev.source, sizeof(in->ev.source), p->source, strlen(p->source));
	in->since = c->nrec;
	in->opened = c->nrec;
	in->since_uptime = r->uptime_usec;
	in->first_uptime = r->uptime_usec;
	in->body_uptime = OOMT_UNKNOWN;
	in->first_hash = r->msg ? oomt_parser_line_hash(r->msg, r->msg_len) : 0;
	if (r->caller)
		oomt_text_copy_trimmed(in->caller, sizeof(in->caller), r->caller, strlen(r->caller));
}

/* The open incident in, finalized, as an event of its own (its task rows move with it);
 * NULL when out of memory (reported by the next feed). */
static struct oomt_event *take_finished(struct oomt_parser *p, struct oomt_incident *in)
{
	struct oomt_event *ev;

	in->open = false;
	oomt_event_finalize(&in->ev, in);
	ev = malloc(sizeof(*ev));
	if (!ev) {
		p->err = -ENOMEM;
		oomt_event_done(&in->ev);
		return NULL;
	}
	*ev = in->ev;
	in->ev.tasks = NULL;
	in->ev.n_tasks = 0;
	return ev;
}

/* Finish an incident: finalize it and hold it a little for late reaper/oom.group lines. */
void oomt_parser_host_retire(struct oomt_parser *p, struct oomt_parser_host *c,
                             struct oomt_incident *in)
{
	struct oomt_event *ev;

	if (!in->open)
		return;
	oomt_kill_first_settle(p, c, in);
	oomt_incident_freelist_flush(in);
	ev = take_finished(p, in);
	if (!ev)
		return;
	if (c->ndone == DONE_MAX)
		release_head(p, c);
	c->done[c->ndone].ev = ev;
	c->done[c->ndone].at = c->nrec;
	c->done[c->ndone].uptime = p->rec ? p->rec->uptime_usec : OOMT_UNKNOWN;
	c->done[c->ndone].first_uptime = in->first_uptime;
	c->done[c->ndone].first_hash = in->first_hash;
	c->ndone++;
}

void oomt_parser_host_emit(struct oomt_parser *p, struct oomt_parser_host *c,
                           struct oomt_incident *in)
{
	struct oomt_event *ev;

	(void)c;
	if (!in->open)
		return;
	ev = take_finished(p, in);
	if (ev)
		out_push(p, ev);
}

static bool aged(const struct oomt_parser_host *c, uint64_t at, int64_t uptime, int64_t now,
		 uint64_t max_rec, int64_t max_usec)
{
	if (c->nrec - at > max_rec)
		return true;
	return uptime != OOMT_UNKNOWN && now != OOMT_UNKNOWN && now - uptime > max_usec;
}

static void tick_incident(struct oomt_parser *p, struct oomt_parser_host *c,
			  struct oomt_incident *in, int64_t now)
{
	if (!in->open)
		return;
	if (in->killed || in->panicked
	    ? aged(c, in->since, in->since_uptime, now, GRACE_RECORDS, GRACE_USEC)
	    : in->ev.kind == OOMT_KIND_ALLOCATION_FAILURE
	    ? aged(c, in->since, in->since_uptime, now, ALLOC_QUIET_RECORDS, GRACE_USEC)
	    : aged(c, in->since, in->since_uptime, now, STALL_RECORDS, STALL_USEC))
		oomt_parser_host_retire(p, c, in);
}

/* Called once per record of the context, before the record is read; now is its kernel
 * time when that is trustworthy (an OOM anchor line), else OOMT_UNKNOWN. */
void oomt_parser_host_tick(struct oomt_parser *p, struct oomt_parser_host *c, int64_t now)
{
	c->nrec++;
	tick_incident(p, c, &c->cur, now);
	for (size_t i = 0; i < PARKED_MAX; i++)
		tick_incident(p, c, &c->parked[i], now);
	tick_incident(p, c, &c->us, now);
	oomt_unit_oom_tick(p, c);
	while (c->ndone && aged(c, c->done[0].at, c->done[0].uptime, now, GRACE_RECORDS, GRACE_USEC))
		release_head(p, c);
}

static void close_host(struct oomt_parser *p, struct oomt_parser_host *c, int64_t ahead_of)
{
	for (size_t i = 0; i < PARKED_MAX; i++)
		oomt_parser_host_retire(p, c, &c->parked[i]);
	oomt_parser_host_retire(p, c, &c->cur);
	oomt_parser_host_retire(p, c, &c->kill_first);   /* its report is over */
	oomt_parser_host_retire(p, c, &c->us);
	oomt_unit_oom_emit(p, c);
	if (ahead_of == OOMT_UNKNOWN) {
		oomt_parser_host_release_all(p, c);
	} else {
		for (size_t i = 0; i < c->ndone; i++) {
			struct oomt_held_event *d = &c->done[i];

			if (d->first_uptime != OOMT_UNKNOWN && d->first_uptime > ahead_of &&
			    d->ev->killer == OOMT_KILLER_KERNEL && c->nahead < DONE_MAX)
				c->ahead[c->nahead++] = *d;
			else
				out_push(p, d->ev);
		}
		c->ndone = 0;
	}
	c->oomd_count = 0;
	c->oomd_first_pid = OOMT_UNKNOWN;
	c->us_reason[0] = '\0';
	c->us_reason_at = 0;
	c->sysrq_pending = false;
	c->alloc_suppressed_at = 0;   /* the rate limit counted the old boot's failures */
	c->last_uptime = OOMT_UNKNOWN;
}

void oomt_parser_host_close(struct oomt_parser *p, struct oomt_parser_host *c)
{
	close_host(p, c, OOMT_UNKNOWN);
}

void oomt_parser_host_close_ahead(struct oomt_parser *p, struct oomt_parser_host *c,
                                  int64_t now)
{
	release_ahead(p, c);   /* one quote at a time */
	close_host(p, c, now);
}

static struct oomt_parser_host *host_new(const char *host)
{
	struct oomt_parser_host *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	oomt_text_copy_trimmed(c->host, sizeof(c->host), host, strlen(host));
	oomt_event_init(&c->cur.ev);
	oomt_event_init(&c->us.ev);
	oomt_event_init(&c->burst.ev);
	oomt_event_init(&c->lone.ev);
	oomt_event_init(&c->kill_first.ev);
	for (size_t i = 0; i < PARKED_MAX; i++)
		oomt_event_init(&c->parked[i].ev);
	c->last_uptime = OOMT_UNKNOWN;
	c->oomd_first_pid = OOMT_UNKNOWN;
	return c;
}

void oomt_parser_host_free(struct oomt_parser_host *c)
{
	oomt_event_done(&c->cur.ev);
	oomt_event_done(&c->us.ev);
	oomt_event_done(&c->burst.ev);
	oomt_event_done(&c->lone.ev);
	oomt_event_done(&c->kill_first.ev);
	for (size_t i = 0; i < PARKED_MAX; i++)
		oomt_event_done(&c->parked[i].ev);
	for (size_t k = 0; k < c->ndone; k++)
		oomt_event_free(c->done[k].ev);
	for (size_t k = 0; k < c->nahead; k++)
		oomt_event_free(c->ahead[k].ev);
	free(c);
}

static void host_evict_lru(struct oomt_parser *p)
{
	size_t lru = 0;

	for (size_t i = 1; i < p->nhosts; i++)
		if (p->hosts[i]->used < p->hosts[lru]->used)
			lru = i;
	oomt_parser_host_close(p, p->hosts[lru]);
	oomt_parser_host_free(p->hosts[lru]);
	p->hosts[lru] = p->hosts[--p->nhosts];
}

/* The context of a host (NULL/"" is the one unnamed host); evicts the least recently
 * used one, finishing its incidents, when HOSTS_MAX are in use. */
struct oomt_parser_host *oomt_parser_host_get(struct oomt_parser *p, const char *host)
{
	struct oomt_parser_host *c;

	if (!host)
		host = "";
	for (size_t i = 0; i < p->nhosts; i++)
		if (strncmp(p->hosts[i]->host, host, sizeof(p->hosts[i]->host) - 1) == 0) {
			p->hosts[i]->used = ++p->clock;
			return p->hosts[i];
		}
	if (p->nhosts == HOSTS_MAX)
		host_evict_lru(p);
	c = host_new(host);
	if (!c)
		return NULL;
	c->used = ++p->clock;
	p->hosts[p->nhosts++] = c;
	return c;
}

struct oomt_event *oomt_parser_host_find_kill(struct oomt_parser_host *c, int64_t pid,
                                              enum oomt_killer k)
{
	if (c->cur.open && c->cur.killed && c->cur.ev.killer == k && c->cur.ev.victim.pid == pid)
		return &c->cur.ev;
	/* a userspace killer's action being read is newer than any it finished */
	if (c->us.open && c->us.killed && c->us.ev.killer == k && c->us.ev.victim.pid == pid)
		return &c->us.ev;
	for (size_t i = 0; i < PARKED_MAX; i++)
		if (c->parked[i].open && c->parked[i].killed && c->parked[i].ev.victim.pid == pid &&
		    k == OOMT_KILLER_KERNEL)
			return &c->parked[i].ev;
	if (c->kill_first.open && c->kill_first.ev.victim.pid == pid && k == OOMT_KILLER_KERNEL)
		return &c->kill_first.ev;
	for (size_t i = c->ndone; i-- > 0;)
		if (c->done[i].ev->killer == k && c->done[i].ev->victim.pid == pid)
			return c->done[i].ev;
	return NULL;
}

struct oomt_event *oomt_parser_host_newest(struct oomt_parser_host *c, enum oomt_killer k)
{
	struct oomt_incident *in = k == OOMT_KILLER_KERNEL ? &c->cur : &c->us;

	/* allocation failures are not OOM reports: nothing of an OOM's attaches to them */
	if (in->open && in->ev.killer == k && in->ev.kind != OOMT_KIND_ALLOCATION_FAILURE)
		return &in->ev;
	for (size_t i = c->ndone; i-- > 0;)
		if (c->done[i].ev->killer == k && c->done[i].ev->kind != OOMT_KIND_ALLOCATION_FAILURE)
			return c->done[i].ev;
	return NULL;
}

static bool unit_matches(const char *cgroup, bool cut, const char *unit)
{
	const char *leaf = strrchr(cgroup, '/');
	size_t lu = strlen(unit), ll;

	leaf = leaf ? leaf + 1 : cgroup;
	if (strcmp(leaf, unit) == 0)
		return true;
	/* a path cut at its end (systemd-oomd's kill line cut by a pager, "/vte-spawn-db>", or
	 * right after the path without a mark): the unit starts with what is left of it */
	ll = strlen(leaf);
	if (ll && leaf[ll - 1] == '>')
		ll--;
	else if (ll >= 3 && (strcmp(leaf + ll - 3, "\xe2\x80\xa6") == 0 || strcmp(leaf + ll - 3, "...") == 0))
		ll -= 3;
	else if (!cut)
		ll = 0;
	if (ll > 0 && ll < lu && strncmp(unit, leaf, ll) == 0)
		return true;
	/* "…tail" / "...tail" (journalctl and pagers ellipsize): the unit ends with the tail */
	if (strncmp(leaf, "\xe2\x80\xa6", 3) == 0)
		leaf += 3;
	else if (strncmp(leaf, "...", 3) == 0)
		leaf += 3;
	else
		return false;
	ll = strlen(leaf);
	return ll > 0 && ll <= lu && strcmp(unit + lu - ll, leaf) == 0;
}

struct oomt_event *oomt_parser_host_find_unit(struct oomt_parser_host *c, enum oomt_killer k,
                                              const char *unit)
{
	struct oomt_incident *in = k == OOMT_KILLER_KERNEL ? &c->cur : &c->us;
	struct oomt_event *newest = NULL;

	if (in->open && in->ev.killer == k && in->ev.kind != OOMT_KIND_ALLOCATION_FAILURE) {
		newest = &in->ev;
		if ((in->ev.task_memcg[0] &&
		     unit_matches(in->ev.task_memcg, in->ev.cut & OOMT_CUT_TASK_MEMCG, unit)) ||
		    strcmp(in->ev.unit, unit) == 0)
			return &in->ev;
	}
	for (size_t i = c->ndone; i-- > 0;) {
		struct oomt_event *ev = c->done[i].ev;

		if (ev->killer != k || ev->kind == OOMT_KIND_ALLOCATION_FAILURE)
			continue;
		if (!newest)
			newest = ev;
		if ((ev->task_memcg[0] && unit_matches(ev->task_memcg, ev->cut & OOMT_CUT_TASK_MEMCG, unit)) ||
		    strcmp(ev->unit, unit) == 0)
			return ev;
	}
	return newest && !newest->task_memcg[0] && !newest->unit[0] ? newest : NULL;
}

static bool same_group_kill(const struct oomt_event *a, const struct oomt_event *b)
{
	return a->killer == OOMT_KILLER_KERNEL && b->killer == OOMT_KILLER_KERNEL && a->group_kill &&
	       b->group_kill && a->trigger.pid == b->trigger.pid &&
	       strcmp(a->trigger.comm, b->trigger.comm) == 0 && strcmp(a->task_memcg, b->task_memcg) == 0 &&
	       strcmp(a->boot_id, b->boot_id) == 0;
}

static void unit_set(struct oomt_event *ev, const char *unit)
{
	if (!ev->unit[0])
		oomt_text_copy_trimmed(ev->unit, sizeof(ev->unit), unit, strlen(unit));
}

void oomt_parser_host_set_group_unit(struct oomt_parser_host *c, const struct oomt_event *ev,
                                     const char *unit)
{
	struct oomt_event like = *ev;   /* ev is one of those written below */

	like.tasks = NULL;
	if (!like.group_kill) {
		unit_set((struct oomt_event *)ev, unit);
		return;
	}
	if (c->cur.open && same_group_kill(&c->cur.ev, &like))
		unit_set(&c->cur.ev, unit);
	for (size_t i = 0; i < c->ndone; i++)
		if (same_group_kill(c->done[i].ev, &like))
			unit_set(c->done[i].ev, unit);
}

static void swap_incidents(struct oomt_incident *a, struct oomt_incident *b)
{
	struct oomt_incident t;

	memcpy(&t, a, sizeof(t));
	memcpy(a, b, sizeof(t));
	memcpy(b, &t, sizeof(t));
}

/* Reports of different CPUs interleave (memcg OOMs run in parallel). With printk caller
 * ids every report keeps to its caller: a line of a parked caller brings its report
 * back; an anchor of a new caller parks the current one; a body line of an unknown
 * caller (another subsystem) is not the report's. Without ids, lines go to cur. */
bool oomt_parser_host_route_caller(struct oomt_parser *p, struct oomt_parser_host *c,
                                   bool can_start)
{
	const char *cl = p->rec->caller;
	struct oomt_incident *slot = NULL;

	if (!cl || !*cl || !c->cur.open || !c->cur.caller[0] ||
	    strncmp(c->cur.caller, cl, sizeof(c->cur.caller) - 1) == 0)
		return true;
	for (size_t i = 0; i < PARKED_MAX; i++)
		if (c->parked[i].open && strncmp(c->parked[i].caller, cl, sizeof(c->parked[i].caller) - 1) == 0) {
			swap_incidents(&c->cur, &c->parked[i]);
			return true;
		}
	if (!can_start)
		return c->cur.killed;   /* after the kill, late lines of others are welcome */
	if (c->cur.killed)
		return true;
	for (size_t i = 0; i < PARKED_MAX && !slot; i++)
		if (!c->parked[i].open)
			slot = &c->parked[i];
	if (!slot) {
		slot = &c->parked[0];
		oomt_parser_host_retire(p, c, slot);
	}
	swap_incidents(&c->cur, slot);
	return true;
}
