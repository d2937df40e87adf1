/* SPDX-License-Identifier: MIT */
/*
 * The kernel's victim selection, recomputed from the task table of one report.
 *
 * What the kernel does (kernel-oom-formats.md §4): walk the processes in task-list order
 * (the order the table is printed in), skip init, kernel threads and oom_score_adj -1000,
 * score each one with oom_badness() and keep the maximum. The formula and the tie rule
 * changed by era; totalpages (T) depends on the constraint. We learn the era from what the
 * report shows, never from a version number alone, and record every assumption we make.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/model.h>
#include <oomtool/system.h>


void oomt_model_init(struct oomt_model *m)
{
	memset(m, 0, sizeof(*m));
	m->page_size = OOMT_UNKNOWN;
	m->totalpages = OOMT_UNKNOWN;
	m->model_victim_pid = OOMT_UNKNOWN;
	m->kernel_pid = OOMT_UNKNOWN;
	m->runner_up_pid = OOMT_UNKNOWN;
	m->margin_points = OOMT_UNKNOWN;
	m->flip_adj_delta = OOMT_UNKNOWN;
	m->flip_adj = OOMT_UNKNOWN;
	m->kernel_score = OOMT_UNKNOWN;
	m->model_score = OOMT_UNKNOWN;
}

void oomt_model_done(struct oomt_model *m)
{
	free(m->ranks);
	oomt_model_init(m);
}

static bool known(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

const struct oomt_task *oomt_model_task(const struct oomt_model *m, const struct oomt_event *ev,
                                        const struct oomt_rank *r)
{
	return r->task < ev->n_tasks ? &ev->tasks[r->task] : &m->extra;
}

static bool rows_have(const struct oomt_event *ev, size_t off)
{
	for (size_t i = 0; i < ev->n_tasks; i++) {
		const int64_t *v = (const int64_t *)((const char *)&ev->tasks[i] + off);
		if (known(*v))
			return true;
	}
	return false;
}

#define HAS_COL(ev, member) rows_have(ev, offsetof(struct oomt_task, member))

/* The era from the table columns first, then the line forms, then the release. */
enum oomt_era oomt_model_era(const struct oomt_event *ev, unsigned *assume)
{
	long code = oomt_kernel_release_code(ev->kernel);
	bool rel = code != 0;

	if (ev->killer != OOMT_KILLER_KERNEL || ev->n_tasks == 0)
		return OOMT_ERA_UNKNOWN;
	if (!HAS_COL(ev, oom_score_adj))
		return HAS_COL(ev, oom_adj) ? OOMT_ERA_TOTAL_VM : OOMT_ERA_UNKNOWN;
	if (!HAS_COL(ev, swapents_pages)) {
		*assume |= OOMT_ASSUME_NO_SWAP_COLUMN;
		return OOMT_ERA_NORMALIZED;
	}
	/* 3.6+: the page-count formula; 5.9 made it signed and moved ties to the later task. */
	if (rel)
		return code >= OOMT_KERNEL_VERSION(5, 9, 0) ? OOMT_ERA_SIGNED : OOMT_ERA_PAGES;
	if (HAS_COL(ev, nr_ptes_pages) || known(ev->victim.selected_pid) || known(ev->victim.score))
		return OOMT_ERA_PAGES;                  /* <= 4.14, or a <= 5.0 selection line */
	if (HAS_COL(ev, rss_anon_pages))
		return OOMT_ERA_SIGNED;                 /* 6.8+ columns */
	if ((ev->constraint[0] && (ev->missing & OOMT_PART_KILL) == 0) ||
	    known(ev->victim.oom_score_adj)) {
		/* 5.1+ (summary, and a kill without a selection line) or a 5.4+ kill line with
		 * oom_score_adj: 5.1-5.8 or 5.9+. */
		*assume |= OOMT_ASSUME_TIE_RULE;
		return OOMT_ERA_SIGNED;
	}
	return OOMT_ERA_PAGES;
}

/* The CAP_SYS_ADMIN bonus of the era: 30 (3.6-3.13: adj - 30), 3 (3.14-4.16: -3%), 0. */
static int root_bonus(const struct oomt_event *ev, enum oomt_era era, unsigned *assume)
{
	long code = oomt_kernel_release_code(ev->kernel);

	if (era == OOMT_ERA_NORMALIZED)
		return 30;
	if (era != OOMT_ERA_PAGES)
		return 0;
	if (code == 0) {
		*assume |= OOMT_ASSUME_ROOT_UNKNOWN;
		return 0;
	}
	/* 3.10.y stable and RHEL7 (3.10.0-NNN.el7) carry the 3% rule; plain 3.10.0 does not. */
	if (code >= OOMT_KERNEL_VERSION(3, 10, 0) && code < OOMT_KERNEL_VERSION(3, 11, 0) &&
	    (code > OOMT_KERNEL_VERSION(3, 10, 0) || strstr(ev->kernel, ".el7")))
		return 3;
	if (code < OOMT_KERNEL_VERSION(3, 14, 0))
		return 30;
	if (code < OOMT_KERNEL_VERSION(4, 17, 0) || strstr(ev->kernel, ".el8"))
		return 3;
	return 0;
}

static int64_t effective_page_size(const struct oomt_event *ev, unsigned *assume)
{
	bool assumed;
	int64_t ps = oomt_event_page_size(ev, &assumed);

	if (assumed)
		*assume |= OOMT_ASSUME_PAGE_SIZE;
	return ps;
}

static enum oomt_scope effective_scope(const struct oomt_event *ev)
{
	if (ev->scope != OOMT_SCOPE_UNKNOWN)
		return ev->scope;
	if (strcmp(ev->constraint, "CONSTRAINT_MEMCG") == 0 || ev->oom_memcg[0])
		return OOMT_SCOPE_MEMCG;
	if (ev->has_memcg && !ev->has_meminfo)
		return OOMT_SCOPE_MEMCG;
	return ev->has_meminfo ? OOMT_SCOPE_GLOBAL : OOMT_SCOPE_UNKNOWN;
}

static int64_t host_swap_pages(const struct oomt_event *ev, int64_t ps)
{
	if (ev->has_meminfo && known(ev->meminfo.total_swap_bytes))
		return ev->meminfo.total_swap_bytes / ps;
	return OOMT_UNKNOWN;
}

/* min(a, b) where b may be unknown: then a, with the assumption noted. */
static int64_t capped_swap(int64_t want, int64_t host, unsigned *assume, unsigned why)
{
	if (want <= 0)
		return 0;
	*assume |= OOMT_ASSUME_SWAPPINESS;
	if (!known(host)) {
		*assume |= why;
		return want;
	}
	return want < host ? want : host;
}

/* mem_cgroup_get_max(): memory.max plus the swap the memcg may use (when swappiness != 0). */
static int64_t memcg_totalpages(const struct oomt_event *ev, int64_t ps, unsigned *assume)
{
	const struct oomt_memcg *mc = &ev->memcg;
	int64_t host = host_swap_pages(ev, ps);
	int64_t lim = known(mc->memory.limit_bytes) ? mc->memory.limit_bytes / ps : OOMT_UNKNOWN;

	if (!ev->has_memcg)
		return OOMT_UNKNOWN;
	if (!known(lim)) {
		/* Only memory+swap limited: that limit is what was reached. */
		if (known(mc->memsw.limit_bytes))
			return mc->memsw.limit_bytes / ps;
		return OOMT_UNKNOWN;
	}
	if (known(mc->swap.usage_bytes) || known(mc->swap.limit_bytes)) {          /* v2 */
		if (known(mc->swap.limit_bytes))
			return lim + capped_swap(mc->swap.limit_bytes / ps, host, assume, 0);
	} else if (known(mc->memsw.limit_bytes)) {                                   /* v1 */
		return lim + capped_swap(mc->memsw.limit_bytes / ps - lim, host, assume,
		                         OOMT_ASSUME_MEMSW_SWAP);
	}
	/* No swap limit: all host swap counts, if we know it. */
	if (known(host))
		return lim + capped_swap(host, host, assume, 0);
	*assume |= OOMT_ASSUME_NO_SWAP;
	return lim;
}

int64_t oomt_model_totalpages(const struct oomt_event *ev, int64_t ps, unsigned *assume)
{
	enum oomt_scope scope = effective_scope(ev);
	enum oomt_ram_source src;
	int64_t t = OOMT_UNKNOWN, swap;

	if (scope == OOMT_SCOPE_MEMCG) {
		t = memcg_totalpages(ev, ps, assume);
	} else if (known(oomt_event_usable_ram(ev, ps, &src))) {
		swap = host_swap_pages(ev, ps);
		if (!known(swap)) {
			*assume |= OOMT_ASSUME_NO_SWAP;
			swap = 0;
		}
		/* totalram_pages is the sum of the zones' managed pages; without zone lines
		 * "pages RAM" minus "pages reserved" stands in (it also counts pages that were
		 * present but handed out before the allocator started). */
		t = oomt_event_usable_ram(ev, ps, NULL) / ps + swap;
		if (src == OOMT_RAM_TOTALS)
			*assume |= OOMT_ASSUME_RAM_TOTALS;
		/* The allowed nodes' sizes are not in the log. */
		if (scope == OOMT_SCOPE_CPUSET || scope == OOMT_SCOPE_MEMPOLICY)
			*assume |= OOMT_ASSUME_GLOBAL_T;
	}
	if (!known(t) || t <= 0) {
		*assume |= OOMT_ASSUME_NO_T;
		return OOMT_UNKNOWN;
	}
	return t;
}

/* ---- per-row scoring ---- */

struct ctx {
	const struct oomt_event *ev;
	enum oomt_era era;
	int64_t ps, t;
	int bonus;
	unsigned *assume;
	const int64_t *prior;      /* pids killed by earlier invocations */
	size_t n_prior;
	const struct oomt_model *m;
};

static int64_t row_pgtables(const struct ctx *c, const struct oomt_task *t)
{
	if (known(t->pgtables_bytes))
		return t->pgtables_bytes / c->ps;
	if (known(t->nr_ptes_pages))
		return t->nr_ptes_pages;
	return 0;
}

static int64_t nz(int64_t v)
{
	return known(v) ? v : 0;
}

static enum oomt_skip row_skip(const struct ctx *c, const struct oomt_task *t)
{
	int64_t pid = known(t->tgid) ? t->tgid : t->pid;

	if (pid == 1)
		return OOMT_SKIP_INIT;
	if (!known(t->rss_pages))
		return OOMT_SKIP_NO_DATA;
	if (c->era == OOMT_ERA_TOTAL_VM) {
		if (t->oom_adj == -17)
			return OOMT_SKIP_OOM_DISABLE;
	} else if (t->oom_score_adj == -1000) {
		return OOMT_SKIP_ADJ_MIN;
	}
	for (size_t i = 0; i < c->n_prior; i++)
		if (c->prior[i] == t->pid || c->prior[i] == pid)
			return OOMT_SKIP_OOM_VICTIM;
	return OOMT_SKIP_NONE;
}

/* <= 2.6.35: only total_vm shifted by oom_adj can be recomputed from the log. */
static void score_total_vm(const struct ctx *c, const struct oomt_task *t, struct oomt_rank *r)
{
	int64_t adj = nz(t->oom_adj), p = nz(t->total_vm_pages);

	(void)c;
	r->base_points = p;
	if (adj > 0)
		p = adj >= 62 ? INT64_MAX / 2 : p << adj;
	else if (adj < 0)
		p = -adj >= 63 ? 0 : p >> -adj;
	r->adj_points = p - r->base_points;
	r->points = p;
}

/* 2.6.36-3.5: (rss + swap + ptes) * 1000 / T, -30 for root, + adj, clamped to 1..1000.
 * The table of that era shows neither swap entries nor page tables. */
static void score_normalized(const struct ctx *c, const struct oomt_task *t, struct oomt_rank *r)
{
	int64_t adj = nz(t->oom_score_adj), p;

	if (!known(c->t)) {                 /* rank by rss alone */
		r->base_points = r->points = t->rss_pages;
		return;
	}
	r->base_points = t->rss_pages * 1000 / c->t;
	r->root_points = t->uid == 0 ? -30 : 0;
	r->adj_points = adj;
	p = r->base_points + r->root_points + adj;
	r->points = p <= 0 ? 1 : (p < 1000 ? p : 1000);
}

/* 3.6+: pages. root bonus per era; adj scaled by T/1000 (integer division first, as the
 * kernel does); <= 5.8 never below 1, 5.9+ may be negative. */
static void score_pages(const struct ctx *c, const struct oomt_task *t, struct oomt_rank *r)
{
	int64_t adj = nz(t->oom_score_adj), unit = known(c->t) ? c->t / 1000 : 0, p;

	r->pgtables_pages = row_pgtables(c, t);
	r->base_points = t->rss_pages + nz(t->swapents_pages) + r->pgtables_pages;
	if (t->uid == 0 && c->bonus == 3)
		r->root_points = -(r->base_points * 3 / 100);
	else if (t->uid == 0 && c->bonus == 30)
		r->root_points = -30 * unit;
	r->adj_points = adj * unit;
	p = r->base_points + r->root_points + r->adj_points;
	if (c->era == OOMT_ERA_PAGES && p <= 0)
		p = 1;
	r->points = p;
}

static void score_row(const struct ctx *c, size_t i, struct oomt_rank *r)
{
	const struct oomt_task *t = i < c->ev->n_tasks ? &c->ev->tasks[i] : &c->m->extra;

	memset(r, 0, sizeof(*r));
	r->task = i;
	r->pid = t->pid;
	r->pgtables_pages = OOMT_UNKNOWN;
	r->share_permille = OOMT_UNKNOWN;
	r->skip = row_skip(c, t);
	r->eligible = r->skip == OOMT_SKIP_NONE;
	if (!known(t->rss_pages)) {
		r->points = r->base_points = OOMT_UNKNOWN;
		return;
	}
	if (c->era == OOMT_ERA_TOTAL_VM)
		score_total_vm(c, t, r);
	else if (c->era == OOMT_ERA_NORMALIZED)
		score_normalized(c, t, r);
	else
		score_pages(c, t, r);
	if (known(c->t) && c->era != OOMT_ERA_TOTAL_VM)
		r->share_permille = c->era == OOMT_ERA_NORMALIZED ? r->points
		                                                  : r->points * 1000 / c->t;
}

/* ---- selection order ---- */

static bool later_wins(enum oomt_era era)
{
	return era == OOMT_ERA_SIGNED;
}

/* Eligible rows in the kernel's preference order, then the skipped ones by size. */
static int cmp_rank(const void *pa, const void *pb, void *later)
{
	const struct oomt_rank *a = pa, *b = pb;
	bool sort_later_wins = *(const bool *)later;
	int64_t ap = known(a->points) ? a->points : INT64_MIN;
	int64_t bp = known(b->points) ? b->points : INT64_MIN;

	if (a->eligible != b->eligible)
		return a->eligible ? -1 : 1;
	if (ap != bp)
		return ap > bp ? -1 : 1;
	if (a->task == b->task)
		return 0;
	return (a->task < b->task) == !sort_later_wins ? -1 : 1;
}

/* True when a task scoring `vp` at index vi still beats one scoring `rp` at ri. */
static bool wins(enum oomt_era era, int64_t vp, size_t vi, int64_t rp, size_t ri)
{
	if (vp != rp)
		return vp > rp;
	return later_wins(era) ? vi > ri : vi < ri;
}

static const struct oomt_rank *find_pid(const struct oomt_model *m, const struct oomt_event *ev,
                                        int64_t pid)
{
	if (!known(pid))
		return NULL;
	for (size_t i = 0; i < m->n_ranks; i++)
		if (m->ranks[i].pid == pid)
			return &m->ranks[i];
	for (size_t i = 0; i < m->n_ranks; i++)
		if (oomt_model_task(m, ev, &m->ranks[i])->tgid == pid)
			return &m->ranks[i];
	return NULL;
}

/* The smallest cut of the victim's oom_score_adj that lets the runner-up win. */
static void solve_flip(struct oomt_model *m, const struct oomt_event *ev,
                       const struct oomt_rank *v, const struct oomt_rank *r)
{
	int64_t adj = oomt_model_task(m, ev, v)->oom_score_adj, unit, target, raw, d;
	bool tie_to_v = wins(m->era, 0, v->task, 0, r->task);
	bool clamps = m->era != OOMT_ERA_SIGNED;          /* never below 1 before 5.9 */

	if (m->era != OOMT_ERA_PAGES && m->era != OOMT_ERA_SIGNED && m->era != OOMT_ERA_NORMALIZED)
		return;
	if (!known(adj) || !known(m->totalpages))
		return;
	unit = m->era == OOMT_ERA_NORMALIZED ? 1 : m->totalpages / 1000;
	/* The highest score at which the victim loses to r; the raw (unclamped) score must
	 * come down to it. */
	target = r->points - (tie_to_v ? 1 : 0);
	raw = v->base_points + v->root_points + v->adj_points;
	if (unit > 0 && !(clamps && target < 1)) {
		d = (raw - target + unit - 1) / unit;
		if (d < 1)
			d = 1;
		if (adj - d > -1000) {
			m->flip_adj_delta = -d;
			m->flip_adj = adj - d;
			return;
		}
	}
	/* Only exemption spares it. */
	m->flip_adj_delta = -1000 - adj;
	m->flip_adj = -1000;
}

static void compare(struct oomt_model *m, const struct oomt_event *ev)
{
	const struct oomt_rank *top = m->n_eligible ? &m->ranks[0] : NULL;
	const struct oomt_rank *k, *v, *r = NULL;
	bool child = known(ev->victim.selected_pid) && ev->victim.selected_pid != ev->victim.pid;

	m->model_victim_pid = top ? top->pid : OOMT_UNKNOWN;
	m->kernel_pid = known(ev->victim.selected_pid) ? ev->victim.selected_pid : ev->victim.pid;
	k = find_pid(m, ev, m->kernel_pid);
	if (!k && child)                       /* the selected parent may be missing; the child not */
		k = find_pid(m, ev, ev->victim.pid);

	/* Margin and flip: the kernel's victim (or the model's) against the next one. */
	v = (k && k->eligible) ? k : top;
	for (size_t i = 0; v && i < m->n_eligible; i++)
		if (&m->ranks[i] != v) {
			r = &m->ranks[i];
			break;
		}
	if (v && r && v == top) {
		m->runner_up_pid = r->pid;
		m->margin_points = v->points - r->points;
		solve_flip(m, ev, v, r);
	} else if (v && top && v != top) {
		m->runner_up_pid = top->pid;
		m->margin_points = v->points - top->points;
	}

	if (ev->killer != OOMT_KILLER_KERNEL) {
		m->reason = OOMT_REASON_USERSPACE;
	} else if (!known(ev->victim.pid)) {
		m->reason = OOMT_REASON_NO_KILL;
	} else if (!top) {
		m->reason = OOMT_REASON_NO_TABLE;
	} else if (k && k == top) {
		m->agreement = OOMT_AGREE_YES;
		m->reason = child ? OOMT_REASON_SACRIFICE_CHILD : OOMT_REASON_NONE;
		if (k->pid != m->kernel_pid && child)    /* matched the child, not the parent */
			m->reason = OOMT_REASON_SACRIFICE_CHILD;
	} else {
		m->agreement = OOMT_AGREE_NO;
		m->reason = OOMT_REASON_UNEXPLAINED;
	}
}

/* Name the most likely reason the kernel chose differently. */
static enum oomt_reason why_not(const struct oomt_model *m, const struct oomt_event *ev)
{
	const struct oomt_rank *top = &m->ranks[0];
	const struct oomt_rank *k = find_pid(m, ev, m->kernel_pid);
	int64_t kadj, tadj;

	if (ev->allocating_task)
		return OOMT_REASON_ALLOCATING_TASK;
	if (ev->group_kill)
		return OOMT_REASON_GROUP_KILL;
	if (known(ev->victim.selected_pid) && ev->victim.selected_pid != ev->victim.pid)
		return OOMT_REASON_SACRIFICE_CHILD;
	if (m->era == OOMT_ERA_TOTAL_VM)
		return OOMT_REASON_OLD_BADNESS;
	if (!k)
		return (ev->missing & OOMT_PART_TASKS_CUT) ? OOMT_REASON_TABLE_CUT
		       : effective_scope(ev) == OOMT_SCOPE_MEMCG ? OOMT_REASON_MEMCG_SUBTREE
		                                                 : OOMT_REASON_VICTIM_NOT_LISTED;
	kadj = nz(oomt_model_task(m, ev, k)->oom_score_adj);
	tadj = nz(oomt_model_task(m, ev, top)->oom_score_adj);
	if ((m->assume & OOMT_ASSUME_NO_T) && kadj != tadj)
		return OOMT_REASON_MISSING_T;
	if ((m->assume & (OOMT_ASSUME_ROOT_UNKNOWN | OOMT_ASSUME_ROOT_PROXY)) &&
	    (oomt_model_task(m, ev, k)->uid == 0) != (oomt_model_task(m, ev, top)->uid == 0) &&
	    top->points - k->points <= top->points * 3 / 100 + 30 * (nz(m->totalpages) / 1000))
		return OOMT_REASON_ROOT_BONUS;
	if (known(k->points) && top->points - k->points <= (top->points > 0 ? top->points : 0) / 100)
		return OOMT_REASON_NEAR_TIE;
	if ((ev->missing & OOMT_PART_TASKS_CUT))
		return OOMT_REASON_TABLE_CUT;
	return OOMT_REASON_UNEXPLAINED;
}

/* Kernels up to 5.0 print the selected task's score: 2.6.36-3.5 the badness itself, 3.6-5.0
 * points*1000/totalpages. Computing the same from our row checks our T and formula. */
static void score_check(struct oomt_model *m, const struct oomt_event *ev)
{
	const struct oomt_rank *k = find_pid(m, ev, m->kernel_pid);

	m->kernel_score = ev->victim.score;
	if (!known(ev->victim.score) || !k || !k->eligible || !known(k->points))
		return;
	if (m->era == OOMT_ERA_NORMALIZED && known(m->totalpages))
		m->model_score = k->points;
	else if (m->era == OOMT_ERA_PAGES && known(m->totalpages))
		m->model_score = k->points * 1000 / m->totalpages;
}

/* True when the kernel's printed score misses ours but would match without the bonus the
 * era gives CAP_SYS_ADMIN tasks to a uid 0 victim. */
static bool bonus_ruled_out(const struct oomt_model *m, const struct oomt_event *ev)
{
	const struct oomt_rank *k = find_pid(m, ev, m->kernel_pid);
	int64_t p;

	if (m->era != OOMT_ERA_PAGES || !m->root_bonus || !known(m->model_score) ||
	    m->model_score == m->kernel_score || !k || k->root_points == 0)
		return false;
	p = k->points - k->root_points;
	return p * 1000 / m->totalpages == m->kernel_score;
}

/* 5.4+ kill lines carry the victim's rss, page tables and oom_score_adj: enough to score a
 * victim the table does not list (trimmed pastes, tables cut by the ring buffer). */
static void add_extra_victim(struct ctx *c, struct oomt_model *m)
{
	const struct oomt_event *ev = c->ev;
	const struct oomt_victim *v = &ev->victim;
	struct oomt_task *t = &m->extra;

	if (ev->n_tasks == 0 || !known(v->pid) || !known(v->anon_rss_bytes) ||
	    !known(v->oom_score_adj) || !known(v->pgtables_bytes) ||
	    (c->era != OOMT_ERA_PAGES && c->era != OOMT_ERA_SIGNED))
		return;
	for (size_t i = 0; i < ev->n_tasks; i++)
		if (ev->tasks[i].pid == v->pid || ev->tasks[i].tgid == v->pid)
			return;
	oomt_task_init(t);
	t->pid = t->tgid = v->pid;
	t->uid = v->uid;
	t->rss_pages = (v->anon_rss_bytes + nz(v->file_rss_bytes) + nz(v->shmem_rss_bytes)) / c->ps;
	t->swapents_pages = 0;               /* not in the kill line */
	t->pgtables_bytes = v->pgtables_bytes;
	t->oom_score_adj = v->oom_score_adj;
	snprintf(t->name, sizeof(t->name), "%s", v->comm);
	m->has_extra = true;
}

static int model_run(struct ctx *c, struct oomt_model *m)
{
	const struct oomt_event *ev = c->ev;
	size_t n;

	m->era = c->era;
	m->page_size = c->ps;
	m->totalpages = c->t;
	m->root_bonus = c->bonus;
	c->m = m;
	add_extra_victim(c, m);
	n = ev->n_tasks + (m->has_extra ? 1 : 0);
	if (n) {
		m->ranks = calloc(n, sizeof(*m->ranks));
		if (!m->ranks)
			return -ENOMEM;
	}
	m->n_ranks = n;
	for (size_t i = 0; i < n; i++) {
		score_row(c, i, &m->ranks[i]);
		if (m->ranks[i].eligible)
			m->n_eligible++;
		if (c->bonus && oomt_model_task(m, ev, &m->ranks[i])->uid == 0 && m->ranks[i].eligible)
			*c->assume |= OOMT_ASSUME_ROOT_PROXY;
	}
	if (m->n_ranks > 1) {
		bool later = later_wins(c->era);
		qsort_r(m->ranks, m->n_ranks, sizeof(*m->ranks), cmp_rank, &later);
	}
	m->assume = *c->assume;
	compare(m, ev);
	score_check(m, ev);
	if (m->agreement == OOMT_AGREE_NO)
		m->reason = why_not(m, ev);
	else if (m->agreement == OOMT_AGREE_YES && m->has_extra && m->reason == OOMT_REASON_NONE)
		m->reason = OOMT_REASON_VICTIM_FROM_KILL_LINE;
	return 0;
}

/* Kills of one memory.oom.group report carry copies of its shared parts: its members
 * were killed together after one selection, so the first kill is no earlier invocation
 * for them. The history is light (no tables): the trigger and the counters, which change
 * from one report to the next (failcnt, usage, free pages), tell the report apart. */
static bool same_group_report(const struct oomt_event *h, const struct oomt_event *ev)
{
	return h->group_kill && ev->group_kill && known(ev->trigger.pid) &&
	       h->trigger.pid == ev->trigger.pid && strcmp(h->oom_memcg, ev->oom_memcg) == 0 &&
	       h->memcg.memory.usage_bytes == ev->memcg.memory.usage_bytes &&
	       h->memcg.memory.failcnt == ev->memcg.memory.failcnt &&
	       h->meminfo.free_pages == ev->meminfo.free_pages;
}

/* Pids killed by earlier invocations close before this one: the kernel skips them (4.8+
 * MMF_OOM_SKIP once reaped; before that a live victim blocks any new kill). */
static size_t prior_victims(const struct oomt_event *const *history, size_t n,
                            const struct oomt_event *ev, int64_t *out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < max; i++) {
		const struct oomt_event *h = history[i];
		if (h == ev || !known(h->victim.pid) || h->killer != OOMT_KILLER_KERNEL ||
		    same_group_report(h, ev))
			continue;
		if (strcmp(h->boot_id, ev->boot_id) != 0 || strcmp(h->host, ev->host) != 0)
			continue;
		/* Earlier in the same boot, and recent enough that it could still be listed. */
		if (known(h->uptime_usec) && known(ev->uptime_usec)) {
			if (h->uptime_usec >= ev->uptime_usec ||
			    ev->uptime_usec - h->uptime_usec > 60 * 1000000LL)
				continue;
		} else if (known(h->time_usec) && known(ev->time_usec)) {
			if (h->time_usec >= ev->time_usec ||
			    ev->time_usec - h->time_usec > 60 * 1000000LL)
				continue;
		} else {
			continue;
		}
		out[k++] = h->victim.pid;
	}
	return k;
}

int oomt_model_compute_history(const struct oomt_event *ev, const struct oomt_event *const *history,
                               size_t n_history, struct oomt_model *ret)
{
	struct oomt_model m;
	unsigned assume = 0;
	int64_t prior[32];
	struct ctx c = { .ev = ev, .assume = &assume, .prior = prior };
	int r;

	oomt_model_init(&m);
	c.n_prior = prior_victims(history, n_history, ev, prior, 32);
	c.era = oomt_model_era(ev, &assume);
	c.ps = effective_page_size(ev, &assume);
	c.t = oomt_model_totalpages(ev, c.ps, &assume);
	c.bonus = root_bonus(ev, c.era, &assume);
	if (c.era == OOMT_ERA_TOTAL_VM)
		assume |= OOMT_ASSUME_APPROX;
	r = model_run(&c, &m);
	if (r == 0 && bonus_ruled_out(&m, ev)) {
		/* The printed score fits only without the root bonus: the victim lacked
		 * CAP_SYS_ADMIN (containers drop it). Rank again without it. */
		oomt_model_done(&m);
		assume = (assume & ~OOMT_ASSUME_ROOT_PROXY) | OOMT_ASSUME_NO_CAP_BY_SCORE;
		c.bonus = 0;
		r = model_run(&c, &m);
	}
	if (r < 0) {
		oomt_model_done(&m);
		return r;
	}
	oomt_model_done(ret);
	*ret = m;
	return 0;
}

int oomt_model_compute(const struct oomt_event *ev, struct oomt_model *ret)
{
	return oomt_model_compute_history(ev, NULL, 0, ret);
}

/* ---- live processes (--now) ---- */

bool oomt_model_live_points(const struct oomt_live_task *t, int64_t totalpages, bool signed_era,
                            int64_t *ret_points)
{
	int64_t p;

	if (t->kthread || t->pid == 1 || t->oom_score_adj == -1000 || !known(t->rss_pages))
		return false;
	p = t->rss_pages + nz(t->swap_pages) + nz(t->pgtables_pages);
	p += nz(t->oom_score_adj) * (totalpages / 1000);
	if (!signed_era && p <= 0)
		p = 1;
	*ret_points = p;
	return true;
}

int64_t oomt_model_oom_score(int64_t points, int64_t totalpages, bool signed_era)
{
	int64_t s;

	if (totalpages <= 0)
		return OOMT_UNKNOWN;
	if (!signed_era)
		return points * 1000 / totalpages;
	s = (1000 + points * 1000 / totalpages) * 2 / 3;
	return s < 0 ? 0 : s;
}

/* ---- names (JSON values; stable) ---- */

const char *oomt_era_name(enum oomt_era e)
{
	switch (e) {
	case OOMT_ERA_TOTAL_VM:   return "2.6.32-2.6.35";
	case OOMT_ERA_NORMALIZED: return "2.6.36-3.5";
	case OOMT_ERA_PAGES:      return "3.6-5.8";
	case OOMT_ERA_SIGNED:     return "5.9+";
	default:                  return NULL;
	}
}

const char *oomt_skip_name(enum oomt_skip s)
{
	switch (s) {
	case OOMT_SKIP_INIT:        return "init";
	case OOMT_SKIP_ADJ_MIN:     return "oom_score_adj_min";
	case OOMT_SKIP_OOM_DISABLE: return "oom_disable";
	case OOMT_SKIP_NO_DATA:     return "no_data";
	case OOMT_SKIP_OOM_VICTIM:  return "oom_victim";
	default:                    return NULL;
	}
}

const char *oomt_reason_name(enum oomt_reason r)
{
	static const char *const names[] = {
		[OOMT_REASON_NO_KILL] = "no_kill",
		[OOMT_REASON_NO_TABLE] = "no_table",
		[OOMT_REASON_USERSPACE] = "userspace_killer",
		[OOMT_REASON_SACRIFICE_CHILD] = "sacrifice_child",
		[OOMT_REASON_ALLOCATING_TASK] = "oom_kill_allocating_task",
		[OOMT_REASON_GROUP_KILL] = "oom_group",
		[OOMT_REASON_TABLE_CUT] = "table_cut",
		[OOMT_REASON_VICTIM_NOT_LISTED] = "victim_not_listed",
		[OOMT_REASON_MEMCG_SUBTREE] = "memcg_subtree",
		[OOMT_REASON_MISSING_T] = "missing_totalpages",
		[OOMT_REASON_ROOT_BONUS] = "root_bonus",
		[OOMT_REASON_NEAR_TIE] = "near_tie",
		[OOMT_REASON_OLD_BADNESS] = "old_badness",
		[OOMT_REASON_UNEXPLAINED] = "unexplained",
		[OOMT_REASON_VICTIM_FROM_KILL_LINE] = "victim_scored_from_kill_line",
	};
	if ((size_t)r >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[r];
}

const char *oomt_assume_name(unsigned bit)
{
	switch (bit) {
	case OOMT_ASSUME_PAGE_SIZE:      return "page_size_4096";
	case OOMT_ASSUME_NO_SWAP:        return "swap_unknown";
	case OOMT_ASSUME_MEMSW_SWAP:     return "memsw_limit_as_swap";
	case OOMT_ASSUME_GLOBAL_T:       return "allowed_nodes_unknown";
	case OOMT_ASSUME_NO_T:           return "totalpages_unknown";
	case OOMT_ASSUME_ROOT_PROXY:     return "uid0_as_cap_sys_admin";
	case OOMT_ASSUME_ROOT_UNKNOWN:   return "root_bonus_unknown";
	case OOMT_ASSUME_TIE_RULE:       return "tie_rule_assumed";
	case OOMT_ASSUME_APPROX:         return "old_badness_approximate";
	case OOMT_ASSUME_NO_SWAP_COLUMN: return "swap_and_ptes_not_shown";
	case OOMT_ASSUME_SWAPPINESS:     return "swappiness_nonzero";
	case OOMT_ASSUME_NO_CAP_BY_SCORE: return "no_root_bonus_by_score";
	case OOMT_ASSUME_RAM_TOTALS:     return "ram_from_page_totals";
	default:                         return NULL;
	}
}
