/* SPDX-License-Identifier: MIT */
/*
 * What a warning says to do next:
 *  - the fastest growers in the scope: top-mem's growth (oomtool/topmem.h), RSS + swap per
 *    unit of time between a baseline pass and now. The baseline pass is taken when a scope
 *    starts to rise (oomt_watch_details_arm), so a warning measures growth over the last
 *    interval or more, not over a pass made on the spot;
 *  - who the kernel would kill now in the scope: the live model (oomtool/live.h), the
 *    machine's constraint for the host, the cgroup's own for a cgroup (ranked whatever its
 *    usage: near_limit_permille 1);
 *  - what would change it, as codes with numbers (the words are the program's): the victim
 *    is not the grower; the grower is protected by oom_score_adj; the grower's cgroup has no
 *    limit; a larger limit only delays a steady leak; swap would (not) help.
 * Each costs a pass over /proc: at most WATCH_DETAILS_PER_ROUND warnings of one round get
 * them (details_error -EBUSY for the others). The memory they take is given back.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <oomtool/live.h>
#include <oomtool/topmem.h>
#include "watch/watch-internal.h"

#define GIB (1024LL * 1024 * 1024)

static bool known(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

static struct oomt_topmem_query growth_query(const struct oomt_watch *w,
                                             const struct oomt_watch_scope_int *s)
{
	return (struct oomt_topmem_query){
		.struct_size = sizeof(struct oomt_topmem_query),
		.sort = OOMT_TOPMEM_SORT_GROWTH,
		.count = w->top_growers,
		.uid = OOMT_UNKNOWN,
		.cgroup = s && !s->host ? s->path : NULL,
		.group_pss_unread = true,
	};
}

/* A sysroot's proc/ with no process in it (a fixture): nothing to rank or measure, and
 * neither top-mem nor the live model is asked (their passes sort what they found, even
 * nothing). */
static bool no_processes(const struct oomt_watch *w)
{
	char path[PATH_MAX];
	struct dirent *de;
	bool none = true;
	DIR *d;

	if (!w->sysroot)
		return false;
	snprintf(path, sizeof(path), "%s/proc", w->sysroot);
	d = opendir(path);
	if (!d)
		return true;
	while (none && (de = readdir(d)))
		none = !isdigit((unsigned char)de->d_name[0]);
	closedir(d);
	return none;
}

void oomt_watch_details_arm(struct oomt_watch *w, int64_t now_usec)
{
	struct oomt_topmem_query q = growth_query(w, NULL);
	bool rising = false;

	if (w->flags & OOMT_WATCH_NO_DETAILS)
		return;
	for (size_t i = 0; i < w->n_scopes && !rising; i++)
		rising = w->scopes[i]->rising;
	if (!rising || (w->baseline_usec && now_usec - w->baseline_usec < w->window_usec) ||
	    no_processes(w))
		return;
	if (!w->topmem && oomt_topmem_new(w->sysroot, &w->topmem) < 0)
		return;
	if (oomt_topmem_baseline(w->topmem, &q) == 0)
		w->baseline_usec = now_usec;
}

static int growers(struct oomt_watch *w, const struct oomt_watch_scope_int *s,
                   struct oomt_watch_event *ev)
{
	struct oomt_topmem_query q = growth_query(w, s);
	const struct oomt_topmem_stats *st;
	int r;

	if (!w->topmem && (r = oomt_topmem_new(w->sysroot, &w->topmem)) < 0)
		return r;
	if (!w->baseline_usec)
		return -EAGAIN;  /* no baseline: growth cannot be measured yet */
	r = oomt_topmem_refresh(w->topmem, &q);
	w->baseline_usec = 0;  /* that pass was the scope's only: baseline again */
	if (r < 0)
		return r;
	st = oomt_topmem_stats(w->topmem);
	if (!st->growth)
		return -EAGAIN;
	for (size_t i = 0; i < oomt_topmem_nrows(w->topmem) && ev->n_growers < w->top_growers; i++) {
		const struct oomt_topmem_row *row = oomt_topmem_row(w->topmem, i);
		struct oomt_watch_grower *g;

		if (!row || !known(row->growth_bytes_per_min) || row->growth_bytes_per_min <= 0)
			continue;
		g = &ev->growers[ev->n_growers++];
		g->pid = row->pid;
		snprintf(g->name, sizeof(g->name), "%s", row->name);
		snprintf(g->cgroup, sizeof(g->cgroup), "%s", row->cgroup);
		g->rss_bytes = row->rss_bytes;
		g->growth_bytes_per_sec = row->growth_bytes_per_min / 60;
		g->oom_score_adj = row->oom_score_adj;
		g->cgroup_limit_bytes = row->cgroup_limit_bytes;
	}
	return 0;
}

static const struct oomt_live_constraint *scope_constraint(const struct oomt_live *live,
                                                           const struct oomt_watch_scope_int *s)
{
	if (s->host)
		return oomt_live_constraint(live, 0);
	for (size_t i = 1; i < oomt_live_constraint_count(live); i++) {
		const struct oomt_live_constraint *c = oomt_live_constraint(live, i);

		if (c->cgroup_version == s->pub.cgroup_version && strcmp(c->memcg, s->path) == 0)
			return c;
	}
	return NULL;
}

/* The rank of pid in m, or NULL. */
static const struct oomt_rank *rank_of(const struct oomt_model *m, int64_t pid)
{
	for (size_t i = 0; i < m->n_ranks; i++)
		if (m->ranks[i].pid == pid)
			return &m->ranks[i];
	return NULL;
}

static int victim(struct oomt_watch *w, const struct oomt_watch_scope_int *s,
                  struct oomt_watch_event *ev)
{
	struct oomt_live_opts o = { .struct_size = sizeof(o), .sysroot = w->sysroot,
	                            .near_limit_permille = 1 };
	const struct oomt_live_constraint *c;
	const struct oomt_model *m;
	const struct oomt_live_process *p;
	struct oomt_watch_victim *v = &ev->victim;
	struct oomt_live *live;
	int r;

	if (no_processes(w))
		return 0;
	r = oomt_live_new(&o, &live);
	if (r < 0)
		return r;
	c = scope_constraint(live, s);
	m = c ? c->model : NULL;
	if (!m || m->n_eligible == 0) {
		oomt_live_free(live);
		return 0;
	}
	p = oomt_live_rank_process(live, &m->ranks[0]);
	v->pid = m->ranks[0].pid;
	snprintf(v->name, sizeof(v->name), "%s", p && p->task ? p->task->name : "");
	v->rss_bytes = p && known(p->task->rss_pages) ? p->task->rss_pages * w->page_size : OOMT_UNKNOWN;
	v->swap_bytes = p && known(p->task->swapents_pages) ? p->task->swapents_pages * w->page_size
	                                                     : OOMT_UNKNOWN;
	v->oom_score_adj = p ? p->task->oom_score_adj : OOMT_UNKNOWN;
	v->points = m->ranks[0].points;
	v->oom_score = p ? p->oom_score : OOMT_UNKNOWN;
	v->runner_up_pid = m->runner_up_pid;
	v->grower_lead_bytes = OOMT_UNKNOWN;
	v->is_top_grower = ev->n_growers > 0 && ev->growers[0].pid == v->pid;
	ev->has_victim = true;
	/* the grower's standing, for the advice */
	if (ev->n_growers > 0 && !v->is_top_grower) {
		const struct oomt_rank *g = rank_of(m, ev->growers[0].pid);

		v->grower_lead_bytes = g && known(g->points) && m->era >= OOMT_ERA_PAGES
		                        ? (v->points - g->points) * w->page_size : OOMT_UNKNOWN;
	}
	oomt_live_free(live);
	return 0;
}

static void advise(struct oomt_watch_event *ev, enum oomt_watch_advice_code code, int64_t pid,
                   int64_t value, int64_t bytes, int64_t sec)
{
	if (ev->n_advice < OOMT_WATCH_ADVICE_MAX)
		ev->advice[ev->n_advice++] = (struct oomt_watch_advice){ code, pid, value, bytes, sec };
}

static void advice(const struct oomt_watch_scope_int *s, struct oomt_watch_event *ev)
{
	const struct oomt_watch_grower *g = ev->n_growers ? &ev->growers[0] : NULL;
	int64_t growth = ev->growth_bytes_per_sec;

	if (g && ev->has_victim && !ev->victim.is_top_grower)
		advise(ev, OOMT_WATCH_ADVICE_VICTIM_NOT_GROWER, g->pid, OOMT_UNKNOWN,
		       ev->victim.grower_lead_bytes, OOMT_UNKNOWN);
	if (g && known(g->oom_score_adj) && g->oom_score_adj < 0)
		advise(ev, OOMT_WATCH_ADVICE_GROWER_PROTECTED, g->pid, g->oom_score_adj,
		       OOMT_UNKNOWN, OOMT_UNKNOWN);
	if (s->host && g && !known(g->cgroup_limit_bytes))
		advise(ev, OOMT_WATCH_ADVICE_GROWER_UNLIMITED, g->pid, OOMT_UNKNOWN, OOMT_UNKNOWN,
		       OOMT_UNKNOWN);
	if (!known(growth) || growth <= 0)
		return;
	if (!s->host)
		advise(ev, OOMT_WATCH_ADVICE_LIMIT_DELAYS, OOMT_UNKNOWN, OOMT_UNKNOWN, GIB,
		       GIB / growth);
	else if (s->swap_total_bytes == 0)
		advise(ev, OOMT_WATCH_ADVICE_NO_SWAP, OOMT_UNKNOWN, OOMT_UNKNOWN, GIB, GIB / growth);
	else if (s->swap_free_bytes * 10 < s->swap_total_bytes)
		advise(ev, OOMT_WATCH_ADVICE_SWAP_LOW, OOMT_UNKNOWN, OOMT_UNKNOWN,
		       s->swap_free_bytes, OOMT_UNKNOWN);
}

void oomt_watch_details(struct oomt_watch *w, const struct oomt_watch_scope_int *s,
                        struct oomt_watch_event *ev)
{
	int r;

	if (w->flags & OOMT_WATCH_NO_DETAILS)
		return;
	if (w->details_this_round >= WATCH_DETAILS_PER_ROUND) {
		ev->details_error = -EBUSY;
		return;
	}
	w->details_this_round++;
	r = growers(w, s, ev);
	if (r < 0)
		ev->details_error = r;
	r = victim(w, s, ev);
	if (r < 0 && !ev->details_error)
		ev->details_error = r;
	advice(s, ev);
#ifdef __GLIBC__
	malloc_trim(0);  /* the passes' memory goes back to the system */
#endif
}
