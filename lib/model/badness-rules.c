/* SPDX-License-Identifier: MIT */
/*
 * oom_badness() by era, and the order in which select_bad_process() keeps the maximum
 * (docs/kernel-oom-report.md §4.1-4.2, /proc/PID/oom_score §4.4). Rows are struct
 * oomt_task: a report's task table (badness.c) or the running processes (live.c). See
 * badness-rules.h.
 */
#include <stdlib.h>
#include <string.h>
#include <oomtool/system.h>
#include "model/badness-rules.h"

enum oomt_era oomt_badness_era_of_release(long release_code)
{
	if (release_code == 0)
		return OOMT_ERA_UNKNOWN;
	if (release_code < OOMT_KERNEL_VERSION(2, 6, 36))
		return OOMT_ERA_TOTAL_VM;
	if (release_code < OOMT_KERNEL_VERSION(3, 6, 0))
		return OOMT_ERA_NORMALIZED;
	if (release_code < OOMT_KERNEL_VERSION(5, 9, 0))
		return OOMT_ERA_PAGES;
	return OOMT_ERA_SIGNED;
}

int oomt_badness_root_bonus(const char *release, enum oomt_era era, unsigned *assume)
{
	long code = oomt_kernel_release_code(release);

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
	    (code > OOMT_KERNEL_VERSION(3, 10, 0) || strstr(release, ".el7")))
		return 3;
	if (code < OOMT_KERNEL_VERSION(3, 14, 0))
		return 30;
	if (code < OOMT_KERNEL_VERSION(4, 17, 0) || strstr(release, ".el8"))
		return 3;
	return 0;
}

static int64_t zero_if_unknown(int64_t v)
{
	return is_known(v) ? v : 0;
}

/* Page tables as the formula counts them: 4.15+ print bytes, 3.6-4.14 nr_ptes in pages. */
static int64_t row_pgtables_pages(const struct oomt_badness_rules *rules, const struct oomt_task *t)
{
	if (is_known(t->pgtables_bytes))
		return t->pgtables_bytes / rules->page_size;
	return t->nr_ptes_pages;
}

enum oomt_skip oomt_badness_skip(enum oomt_era era, const struct oomt_task *t,
                                 const int64_t *prior, size_t n_prior)
{
	int64_t pid = is_known(t->tgid) ? t->tgid : t->pid;

	if (pid == 1)
		return OOMT_SKIP_INIT;
	if (!is_known(t->rss_pages))
		return OOMT_SKIP_NO_DATA;
	if (era == OOMT_ERA_TOTAL_VM) {
		if (t->oom_adj == -17)
			return OOMT_SKIP_OOM_DISABLE;
	} else if (t->oom_score_adj == -1000) {
		return OOMT_SKIP_ADJ_MIN;
	}
	for (size_t i = 0; i < n_prior; i++)
		if (prior[i] == t->pid || prior[i] == pid)
			return OOMT_SKIP_OOM_VICTIM;
	return OOMT_SKIP_NONE;
}

/* <= 2.6.35: only total_vm shifted by oom_adj can be recomputed. */
static void score_total_vm(const struct oomt_task *t, struct oomt_rank *r)
{
	int64_t adj = zero_if_unknown(t->oom_adj), p = zero_if_unknown(t->total_vm_pages);

	r->base_points = p;
	if (adj > 0)
		p = adj >= 62 ? INT64_MAX / 2 : p << adj;
	else if (adj < 0)
		p = -adj >= 63 ? 0 : p >> -adj;
	r->adj_points = p - r->base_points;
	r->points = p;
}

/* 2.6.36-3.5: (rss + swap + ptes) * 1000 / T, -30 for CAP_SYS_ADMIN, + adj, clamped to
 * 1..1000. The task table of that era shows neither swap entries nor page tables (they
 * count 0); /proc shows both. */
static void score_normalized(const struct oomt_badness_rules *rules, const struct oomt_task *t,
                             bool cap_sys_admin, struct oomt_rank *r)
{
	int64_t adj = zero_if_unknown(t->oom_score_adj), pgt = row_pgtables_pages(rules, t), p;

	if (!is_known(rules->totalpages)) {     /* rank by rss alone */
		r->base_points = r->points = t->rss_pages;
		return;
	}
	if (is_known(pgt))
		r->pgtables_pages = pgt;
	r->base_points = t->rss_pages + zero_if_unknown(t->swapents_pages) + zero_if_unknown(pgt);
	r->base_points = r->base_points * 1000 / rules->totalpages;
	r->root_points = cap_sys_admin ? -30 : 0;
	r->adj_points = adj;
	p = r->base_points + r->root_points + adj;
	r->points = p <= 0 ? 1 : (p < 1000 ? p : 1000);
}

/* 3.6+: pages. Root bonus per era; adj scaled by T/1000 (integer division first, as the
 * kernel does); <= 5.8 never below 1, 5.9+ may be negative. */
static void score_pages(const struct oomt_badness_rules *rules, const struct oomt_task *t,
                        bool cap_sys_admin, struct oomt_rank *r)
{
	int64_t adj = zero_if_unknown(t->oom_score_adj), p;
	int64_t unit = is_known(rules->totalpages) ? rules->totalpages / 1000 : 0;

	r->pgtables_pages = zero_if_unknown(row_pgtables_pages(rules, t));
	r->base_points = t->rss_pages + zero_if_unknown(t->swapents_pages) + r->pgtables_pages;
	if (cap_sys_admin && rules->root_bonus == 3)
		r->root_points = -(r->base_points * 3 / 100);
	else if (cap_sys_admin && rules->root_bonus == 30)
		r->root_points = -30 * unit;
	r->adj_points = adj * unit;
	p = r->base_points + r->root_points + r->adj_points;
	if (rules->era == OOMT_ERA_PAGES && p <= 0)
		p = 1;
	r->points = p;
}

void oomt_badness_score(const struct oomt_badness_rules *rules, const struct oomt_task *t,
                        size_t index, bool cap_sys_admin, enum oomt_skip skip,
                        struct oomt_rank *r)
{
	memset(r, 0, sizeof(*r));
	r->task = index;
	r->pid = t->pid;
	r->pgtables_pages = OOMT_UNKNOWN;
	r->share_permille = OOMT_UNKNOWN;
	r->skip = skip;
	r->eligible = skip == OOMT_SKIP_NONE;
	if (!is_known(t->rss_pages)) {
		r->points = r->base_points = OOMT_UNKNOWN;
		return;
	}
	if (rules->era == OOMT_ERA_TOTAL_VM)
		score_total_vm(t, r);
	else if (rules->era == OOMT_ERA_NORMALIZED)
		score_normalized(rules, t, cap_sys_admin, r);
	else
		score_pages(rules, t, cap_sys_admin, r);
	if (is_known(rules->totalpages) && rules->era != OOMT_ERA_TOTAL_VM)
		r->share_permille = rules->era == OOMT_ERA_NORMALIZED
		                    ? r->points : r->points * 1000 / rules->totalpages;
}

/* ---- selection order ---- */

static bool later_wins(enum oomt_era era)
{
	return era == OOMT_ERA_SIGNED;
}

/* Eligible rows in the kernel's preference order, then the skipped ones by size. */
static int compare_ranks(const void *pa, const void *pb, void *arg)
{
	const struct oomt_rank *a = pa, *b = pb;
	bool sort_later_wins = *(const bool *)arg;
	int64_t ap = is_known(a->points) ? a->points : INT64_MIN;
	int64_t bp = is_known(b->points) ? b->points : INT64_MIN;

	if (a->eligible != b->eligible)
		return a->eligible ? -1 : 1;
	if (ap != bp)
		return ap > bp ? -1 : 1;
	if (a->task == b->task)
		return 0;
	/* the tie rule is the kernel's among candidates; skipped rows keep the table's order */
	if (!a->eligible)
		return a->task < b->task ? -1 : 1;
	return (a->task < b->task) == !sort_later_wins ? -1 : 1;
}

void oomt_badness_sort(struct oomt_rank *ranks, size_t n, enum oomt_era era)
{
	bool later = later_wins(era);

	if (n > 1)
		qsort_r(ranks, n, sizeof(*ranks), compare_ranks, &later);
}

/* True when a task scoring `vp` at row vi still beats one scoring `rp` at row ri. */
static bool wins(enum oomt_era era, int64_t vp, size_t vi, int64_t rp, size_t ri)
{
	if (vp != rp)
		return vp > rp;
	return later_wins(era) ? vi > ri : vi < ri;
}

/* The smallest cut of the victim's oom_score_adj that lets the runner-up win. */
static void solve_flip(struct oomt_model *m, const struct oomt_rank *v, const struct oomt_rank *r)
{
	int64_t adj = oomt_model_task(m, v)->oom_score_adj, unit, target, raw, d;
	bool tie_to_v = wins(m->era, 0, v->task, 0, r->task);
	bool clamps = m->era != OOMT_ERA_SIGNED;          /* never below 1 before 5.9 */

	if (m->era != OOMT_ERA_PAGES && m->era != OOMT_ERA_SIGNED && m->era != OOMT_ERA_NORMALIZED)
		return;
	if (!is_known(adj) || !is_known(m->totalpages))
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

void oomt_badness_margin(struct oomt_model *m, const struct oomt_rank *v)
{
	const struct oomt_rank *top = m->n_eligible ? &m->ranks[0] : NULL, *r = NULL;

	for (size_t i = 0; v && i < m->n_eligible; i++)
		if (&m->ranks[i] != v) {
			r = &m->ranks[i];
			break;
		}
	if (v && r && v == top) {
		m->runner_up_pid = r->pid;
		m->margin_points = v->points - r->points;
		solve_flip(m, v, r);
	} else if (v && top && v != top) {
		m->runner_up_pid = top->pid;
		m->margin_points = v->points - top->points;
	}
}
