/* SPDX-License-Identifier: MIT */
/*
 * The kernel's victim selection, recomputed from the task table of one report.
 *
 * What the kernel does (docs/kernel-oom-report.md §4): walk the processes in
 * task-list order (the order the table is printed in), skip init, kernel threads and
 * oom_score_adj -1000, score each one with oom_badness() and keep the maximum. The formula
 * and the tie rule changed by era (badness-rules.c); totalpages (T) depends on the
 * constraint. We learn the era from what the report shows, never from a version number
 * alone, and record every assumption we make.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/model.h>
#include <oomtool/system.h>
#include "model/badness-rules.h"
#include "model/model-internal.h"
#include "event/event-internal.h"

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
	m->tied_tasks = OOMT_UNKNOWN;
	m->totalpages_min = OOMT_UNKNOWN;
	m->totalpages_max = OOMT_UNKNOWN;
	m->kernel_score = OOMT_UNKNOWN;
	m->model_score = OOMT_UNKNOWN;
}

void oomt_model_done(struct oomt_model *m)
{
	free(m->ranks);
	oomt_model_init(m);
}

const struct oomt_task *oomt_model_task(const struct oomt_model *m, const struct oomt_rank *r)
{
	return r->task < m->n_tasks ? &m->tasks[r->task] : &m->extra;
}

static bool rows_have(const struct oomt_event *ev, size_t off)
{
	for (size_t i = 0; i < ev->n_tasks; i++) {
		const int64_t *v = (const int64_t *)((const char *)&ev->tasks[i] + off);
		if (is_known(*v))
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
	if (HAS_COL(ev, nr_ptes_pages) || is_known(ev->victim.selected_pid) ||
	    is_known(ev->victim.score))
		return OOMT_ERA_PAGES;                  /* <= 4.14, or a <= 5.0 selection line */
	if (HAS_COL(ev, rss_anon_pages))
		return OOMT_ERA_SIGNED;                 /* 6.8+ columns */
	if ((ev->constraint[0] && (ev->missing & OOMT_PART_KILL) == 0) ||
	    is_known(ev->victim.oom_score_adj)) {
		/* 5.1+ (summary, and a kill without a selection line) or a 5.4+ kill line with
		 * oom_score_adj: 5.1-5.8 or 5.9+. */
		*assume |= OOMT_ASSUME_TIE_RULE;
		return OOMT_ERA_SIGNED;
	}
	return OOMT_ERA_PAGES;
}

/* The CAP_SYS_ADMIN bonus (docs/kernel-oom-report.md §4.2): the release's. Without one, a
 * table with nr_ptes columns dates the kernel 3.6-4.14, which all gave it: 30 points of adj
 * in 3.6, whose header still printed oom_adj=; 3% where the report has a 4.5+ form
 * (symbolic gfp flags, a nodemask in the header, shmem-rss, an oom_reaper line). Otherwise
 * 3.7-3.13 gave 30 points and 3.10.y, RHEL 7 and 3.14-4.14 3%: 3% is assumed, and the
 * printed score may overrule it (oomt_model_compute_history). */
static int report_root_bonus(const struct oomt_event *ev, enum oomt_era era, unsigned *assume)
{
	if (oomt_kernel_release_code(ev->kernel) != 0 || era != OOMT_ERA_PAGES ||
	    !HAS_COL(ev, nr_ptes_pages))
		return oomt_badness_root_bonus(ev->kernel, era, assume);
	if (is_known(ev->trigger.oom_adj))
		return 30;
	if (ev->trigger.gfp_flags[0] || ev->trigger.nodemask[0] || ev->has_reaped ||
	    is_known(ev->victim.shmem_rss_bytes))
		return 3;
	*assume |= OOMT_ASSUME_ROOT_BY_TABLE;
	return 3;
}

/* The page size: the log's, else the default of the architecture the kernel release
 * names where that is not 4 KiB (LoongArch builds 16 KiB pages: arch/loongarch/Kconfig),
 * else 4 KiB. */
int64_t oomt_model_page_size(const struct oomt_event *ev, unsigned *assume)
{
	bool assumed;
	int64_t ps = oomt_event_page_size(ev, &assumed);
	unsigned dummy = 0;

	if (!assume)
		assume = &dummy;
	if (assumed && strstr(ev->kernel, "loongarch64")) {
		*assume |= OOMT_ASSUME_PAGE_SIZE_ARCH;
		return 16384;
	}
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
	if (ev->has_meminfo && is_known(ev->meminfo.total_swap_bytes))
		return ev->meminfo.total_swap_bytes / ps;
	return OOMT_UNKNOWN;
}

/* min(a, b) where b may be unknown: then a, with the assumption noted. */
static int64_t capped_swap(int64_t want, int64_t host, unsigned *assume, unsigned why)
{
	if (want <= 0)
		return 0;
	*assume |= OOMT_ASSUME_SWAPPINESS;
	if (!is_known(host)) {
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
	int64_t lim = is_known(mc->memory.limit_bytes) ? mc->memory.limit_bytes / ps : OOMT_UNKNOWN;

	if (!ev->has_memcg)
		return OOMT_UNKNOWN;
	if (!is_known(lim)) {
		/* Only memory+swap limited: that limit is what was reached. */
		if (is_known(mc->memsw.limit_bytes))
			return mc->memsw.limit_bytes / ps;
		return OOMT_UNKNOWN;
	}
	if (is_known(mc->swap.usage_bytes) || is_known(mc->swap.limit_bytes)) {          /* v2 */
		if (is_known(mc->swap.limit_bytes))
			return lim + capped_swap(mc->swap.limit_bytes / ps, host, assume, 0);
	} else if (is_known(mc->memsw.limit_bytes)) {                                   /* v1 */
		return lim + capped_swap(mc->memsw.limit_bytes / ps - lim, host, assume,
		                         OOMT_ASSUME_MEMSW_SWAP);
	}
	/* No swap limit: all host swap counts, if we know it. */
	if (is_known(host))
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
	} else if (is_known(oomt_event_usable_ram(ev, ps, &src))) {
		swap = host_swap_pages(ev, ps);
		if (!is_known(swap)) {
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
	if (!is_known(t) || t <= 0) {
		*assume |= OOMT_ASSUME_NO_T;
		return OOMT_UNKNOWN;
	}
	return t;
}

/* ---- the incident's ranking ---- */

/* What ranking one incident's table needs besides the rows. */
struct incident_ranking {
	const struct oomt_event *ev;
	struct oomt_badness_rules rules;
	unsigned *assume;
	const int64_t *prior;      /* pids killed by earlier invocations */
	size_t n_prior;
	bool history;              /* the incidents before it are known */
	int64_t group_first_pid;   /* memory.oom.group member: the victim the kernel selected */
};

static int64_t zero_if_unknown(int64_t v)
{
	return is_known(v) ? v : 0;
}

static const struct oomt_rank *find_pid(const struct oomt_model *m, int64_t pid)
{
	if (!is_known(pid))
		return NULL;
	for (size_t i = 0; i < m->n_ranks; i++)
		if (m->ranks[i].pid == pid)
			return &m->ranks[i];
	for (size_t i = 0; i < m->n_ranks; i++)
		if (oomt_model_task(m, &m->ranks[i])->tgid == pid)
			return &m->ranks[i];
	return NULL;
}

/* The row of a killed pid that no row lists: some kernels (RHEL 6's 2.6.32) print the id of
 * the thread they killed, and the table lists processes. The kill line's total-vm is its
 * process's total_vm to the page (threads share the mm); the one row with that total_vm and
 * an rss within a tenth of the kill line's is that process. None when two rows fit (the
 * workers of a pool share one size) or the kill line has no sizes. */
static const struct oomt_rank *match_by_size(const struct oomt_model *m,
                                             const struct oomt_event *ev)
{
	const struct oomt_rank *hit = NULL;
	int64_t ps = m->page_size, vm, rss;

	if (!is_known(ev->victim.total_vm_bytes) || !is_known(ps) || ps <= 0 ||
	    !is_known(oomt_event_victim_rss(ev)))
		return NULL;
	vm = ev->victim.total_vm_bytes / ps;
	rss = oomt_event_victim_rss(ev) / ps;
	for (size_t i = 0; i < m->n_ranks; i++) {
		const struct oomt_task *t = oomt_model_task(m, &m->ranks[i]);
		int64_t d;

		if (m->ranks[i].task >= m->n_tasks)     /* the kill line's own row */
			continue;
		if (!is_known(t->total_vm_pages) || t->total_vm_pages != vm || !is_known(t->rss_pages))
			continue;
		d = t->rss_pages > rss ? t->rss_pages - rss : rss - t->rss_pages;
		if (d > rss / 10)
			continue;
		if (hit)
			return NULL;
		hit = &m->ranks[i];
	}
	return hit;
}

static void compare(struct oomt_model *m, const struct oomt_event *ev, int64_t group_first)
{
	const struct oomt_rank *top = m->n_eligible ? &m->ranks[0] : NULL;
	const struct oomt_rank *k;
	/* vm.oom_kill_allocating_task: the selection line names the task that asked for
	 * memory, no choice; what the kernel did is the kill (of it, or <= 5.0 of a child) */
	bool alloc = ev->allocating_task;
	/* a thread of the process killed was selected: the process is what the kernel chose */
	bool thread = m->assume & OOMT_ASSUME_SELECTED_THREAD;
	bool child = !alloc && !thread && is_known(ev->victim.selected_pid) &&
	             ev->victim.selected_pid != ev->victim.pid;

	m->model_victim_pid = top ? top->pid : OOMT_UNKNOWN;
	/* A further member of a memory.oom.group kill died with the victim the kernel chose. */
	m->kernel_pid = is_known(group_first) ? group_first
	                : alloc || thread ? ev->victim.pid
	                : is_known(ev->victim.selected_pid) ? ev->victim.selected_pid
	                                                    : ev->victim.pid;
	k = find_pid(m, m->kernel_pid);
	if (!k && child)             /* the selected parent may be missing; the child not */
		k = find_pid(m, ev->victim.pid);
	if (!k && is_known(ev->victim.pid) && !find_pid(m, ev->victim.pid) &&
	    (alloc || thread || ev->victim.selected_pid == ev->victim.pid ||
	     !is_known(ev->victim.selected_pid)) &&
	    (k = match_by_size(m, ev))) {
		m->kernel_pid = k->pid;
		m->assume |= OOMT_ASSUME_VICTIM_BY_SIZE;
	}

	/* Margin and flip: the kernel's victim (or the model's) against the next one. */
	oomt_badness_margin(m, (k && k->eligible) ? k : top);
	/* Candidates on the points of the kernel's choice: more than one, and the order of the
	 * walk chose among them (3.6-5.8 keep the first, 5.9+ take the last). Points are
	 * pages only with totalpages; without it the oom_score_adj weights are left out. */
	if (k && k->eligible && is_known(k->points) && is_known(m->totalpages)) {
		m->tied_tasks = 0;
		for (size_t i = 0; i < m->n_eligible; i++)
			if (m->ranks[i].points == k->points)
				m->tied_tasks++;
	}
	/* no ranking chose the victim: no oom_score_adj would have spared it */
	if (alloc)
		m->flip_adj = m->flip_adj_delta = OOMT_UNKNOWN;

	if (ev->killer != OOMT_KILLER_KERNEL) {
		m->reason = OOMT_REASON_USERSPACE;
	} else if (!is_known(ev->victim.pid)) {
		m->reason = ev->no_killable_processes ? OOMT_REASON_NOTHING_KILLABLE
		            : ev->kind == OOMT_KIND_OOM_PANIC ? OOMT_REASON_PANIC
		                                              : OOMT_REASON_NO_KILL;
	} else if (!top) {
		m->reason = OOMT_REASON_NO_TABLE;
	} else if (!k && (ev->missing & OOMT_PART_TASKS_CUT) && !alloc) {
		/* the rows shown are not the table: what they rank first says nothing */
		m->reason = OOMT_REASON_TABLE_CUT;
	} else if (!k && alloc) {
		/* no row of the process killed, and no ranking to compare it with */
		m->reason = OOMT_REASON_ALLOCATING_TASK;
	} else if (k && k == top) {
		m->agreement = OOMT_AGREE_YES;
		m->reason = is_known(group_first) ? OOMT_REASON_GROUP_KILL
		            : alloc ? OOMT_REASON_ALLOCATING_TASK
		            : child ? OOMT_REASON_SACRIFICE_CHILD
		            : m->tied_tasks > 1 ? OOMT_REASON_SCORE_TIE : OOMT_REASON_NONE;
		if (k->pid != m->kernel_pid && child)    /* matched the child, not the parent */
			m->reason = OOMT_REASON_SACRIFICE_CHILD;
	} else {
		m->agreement = OOMT_AGREE_NO;
		m->reason = OOMT_REASON_UNEXPLAINED;
	}
}

/* Name the most likely reason the kernel chose differently. */
static enum oomt_reason why_not(const struct oomt_model *m, const struct oomt_event *ev,
                                bool history)
{
	const struct oomt_rank *top = &m->ranks[0];
	const struct oomt_rank *k = find_pid(m, m->kernel_pid);
	int64_t kadj, tadj;

	if (ev->allocating_task)
		return OOMT_REASON_ALLOCATING_TASK;
	/* Without the incidents before it, a group kill may be a further member. */
	if (ev->group_kill && !history)
		return OOMT_REASON_GROUP_KILL;
	if (is_known(ev->victim.selected_pid) && ev->victim.selected_pid != ev->victim.pid &&
	    !(m->assume & OOMT_ASSUME_SELECTED_THREAD))
		return OOMT_REASON_SACRIFICE_CHILD;
	if (m->era == OOMT_ERA_TOTAL_VM)
		return OOMT_REASON_OLD_BADNESS;
	if (!k)
		return (ev->missing & OOMT_PART_TASKS_CUT) ? OOMT_REASON_TABLE_CUT
		       : effective_scope(ev) == OOMT_SCOPE_MEMCG ? OOMT_REASON_MEMCG_SUBTREE
		                                                 : OOMT_REASON_VICTIM_NOT_LISTED;
	kadj = zero_if_unknown(oomt_model_task(m, k)->oom_score_adj);
	tadj = zero_if_unknown(oomt_model_task(m, top)->oom_score_adj);
	/* the weights could have lifted the kernel's victim only when its adj is the higher */
	if ((m->assume & OOMT_ASSUME_NO_T) && kadj > tadj)
		return OOMT_REASON_MISSING_T;
	if ((m->assume & (OOMT_ASSUME_ROOT_UNKNOWN | OOMT_ASSUME_ROOT_PROXY)) &&
	    (oomt_model_task(m, k)->uid == 0) != (oomt_model_task(m, top)->uid == 0) &&
	    top->points - k->points <=
	    top->points * 3 / 100 + 30 * (zero_if_unknown(m->totalpages) / 1000))
		return OOMT_REASON_ROOT_BONUS;
	/* equal points: the tie rule (up to 5.8 the first task walked keeps the choice, from
	 * 5.9 the last takes it; the table is printed in that walk) gave the model's pick */
	if (is_known(k->points) && k->points == top->points)
		return OOMT_REASON_SCORE_TIE;
	if (is_known(k->points) &&
	    top->points - k->points <= (top->points > 0 ? top->points : 0) / 100)
		return OOMT_REASON_NEAR_TIE;
	/* cpuset and mempolicy OOMs rank only the tasks whose allowed nodes intersect the
	 * allocation's (§4.1); the table lists every task and says nothing of their nodes, so
	 * a bigger task the kernel passed over was most likely outside them. No kernel prints
	 * a task's memory per node in the table, so this cannot be checked from the log. */
	if (effective_scope(ev) == OOMT_SCOPE_CPUSET || effective_scope(ev) == OOMT_SCOPE_MEMPOLICY)
		return OOMT_REASON_ALLOWED_NODES;
	if ((ev->missing & OOMT_PART_TASKS_CUT))
		return OOMT_REASON_TABLE_CUT;
	return OOMT_REASON_UNEXPLAINED;
}

/* Kernels up to 5.0 print the selected task's score: 2.6.36-3.5 the badness itself, 3.6-5.0
 * points*1000/totalpages. Computing the same from our row checks our T and formula. */
static void score_check(struct oomt_model *m, const struct oomt_event *ev)
{
	const struct oomt_rank *k = find_pid(m, m->kernel_pid);

	m->kernel_score = ev->victim.score;
	/* T solved from that score gives it back: no check */
	if (!is_known(ev->victim.score) || !k || !k->eligible || !is_known(k->points) ||
	    (m->assume & (OOMT_ASSUME_T_FROM_SCORE | OOMT_ASSUME_T_MIN_FROM_SCORE)))
		return;
	if (m->era == OOMT_ERA_NORMALIZED && is_known(m->totalpages))
		m->model_score = k->points;
	else if (m->era == OOMT_ERA_PAGES && is_known(m->totalpages))
		m->model_score = k->points * 1000 / m->totalpages;
}

/* True when the kernel's printed score misses ours but would match without the bonus the
 * era gives CAP_SYS_ADMIN tasks to a uid 0 victim. */
static bool bonus_ruled_out(const struct oomt_model *m)
{
	const struct oomt_rank *k = find_pid(m, m->kernel_pid);
	int64_t p;

	if (m->era != OOMT_ERA_PAGES || !m->root_bonus || !is_known(m->model_score) ||
	    m->model_score == m->kernel_score || !k || k->root_points == 0)
		return false;
	p = k->points - k->root_points;
	return p * 1000 / m->totalpages == m->kernel_score;
}

/* 5.4+ kill lines carry the victim's rss, page tables and oom_score_adj: enough to score a
 * victim the table does not list (trimmed pastes, tables cut by the ring buffer). */
static void add_extra_victim(const struct incident_ranking *c, struct oomt_model *m)
{
	const struct oomt_event *ev = c->ev;
	const struct oomt_victim *v = &ev->victim;
	struct oomt_task *t = &m->extra;

	if (ev->n_tasks == 0 || !is_known(v->pid) || !is_known(v->anon_rss_bytes) ||
	    !is_known(v->oom_score_adj) || !is_known(v->pgtables_bytes) ||
	    (c->rules.era != OOMT_ERA_PAGES && c->rules.era != OOMT_ERA_SIGNED))
		return;
	for (size_t i = 0; i < ev->n_tasks; i++)
		if (ev->tasks[i].pid == v->pid || ev->tasks[i].tgid == v->pid)
			return;
	oomt_task_init(t);
	t->pid = t->tgid = v->pid;
	t->uid = v->uid;
	t->rss_pages = (v->anon_rss_bytes + zero_if_unknown(v->file_rss_bytes) +
	                zero_if_unknown(v->shmem_rss_bytes)) / c->rules.page_size;
	t->swapents_pages = 0;               /* not in the kill line */
	t->pgtables_bytes = v->pgtables_bytes;
	t->oom_score_adj = v->oom_score_adj;
	snprintf(t->name, sizeof(t->name), "%s", v->comm);
	m->has_extra = true;
}

static int model_run(const struct incident_ranking *c, struct oomt_model *m)
{
	const struct oomt_event *ev = c->ev;
	size_t n;

	m->era = c->rules.era;
	m->page_size = c->rules.page_size;
	m->totalpages = c->rules.totalpages;
	m->root_bonus = c->rules.root_bonus;
	m->tasks = ev->tasks;
	m->n_tasks = ev->n_tasks;
	add_extra_victim(c, m);
	n = ev->n_tasks + (m->has_extra ? 1 : 0);
	if (n) {
		m->ranks = calloc(n, sizeof(*m->ranks));
		if (!m->ranks)
			return -ENOMEM;
	}
	m->n_ranks = n;
	for (size_t i = 0; i < n; i++) {
		const struct oomt_task *t = i < ev->n_tasks ? &ev->tasks[i] : &m->extra;
		/* The table shows no capabilities: uid 0 stands in for CAP_SYS_ADMIN. */
		bool root = c->rules.root_bonus && t->uid == 0;

		enum oomt_skip skip = oomt_badness_skip(c->rules.era, t, c->prior, c->n_prior);

		oomt_badness_score(&c->rules, t, i, root, skip, &m->ranks[i]);
		if (m->ranks[i].eligible)
			m->n_eligible++;
		if (root && m->ranks[i].eligible)
			*c->assume |= OOMT_ASSUME_ROOT_PROXY;
	}
	oomt_badness_sort(m->ranks, m->n_ranks, c->rules.era);
	m->assume = *c->assume;
	compare(m, ev, c->group_first_pid);
	score_check(m, ev);
	if (m->agreement == OOMT_AGREE_NO)
		m->reason = why_not(m, ev, c->history);
	else if (m->agreement == OOMT_AGREE_YES && m->has_extra && m->reason == OOMT_REASON_NONE)
		m->reason = OOMT_REASON_VICTIM_FROM_KILL_LINE;
	return 0;
}

/* The victim the kernel selected when ev is a further member of a memory.oom.group kill
 * (the first kill of its report in the history), else unknown. */
static int64_t group_first_victim(const struct oomt_event *const *history, size_t n,
                                  const struct oomt_event *ev)
{
	for (size_t i = 0; i < n; i++)
		if (history[i] != ev && is_known(history[i]->victim.pid) &&
		    history[i]->victim.pid != ev->victim.pid && oomt_group_same_report(history[i], ev))
			return history[i]->victim.pid;
	return OOMT_UNKNOWN;
}

/* Pids killed by earlier invocations close before this one: the kernel skips them (4.8+
 * MMF_OOM_SKIP once reaped; before that a live victim blocks any new kill). */
static size_t prior_victims(const struct oomt_event *const *history, size_t n,
                            const struct oomt_event *ev, int64_t *out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < max; i++) {
		const struct oomt_event *h = history[i];
		/* Kills of one memory.oom.group report carry copies of its shared parts: its
		 * members were killed together after one selection, so the first kill is no
		 * earlier invocation for them. */
		if (h == ev || !is_known(h->victim.pid) || h->killer != OOMT_KILLER_KERNEL ||
		    oomt_group_same_report(h, ev))
			continue;
		if (strcmp(h->boot_id, ev->boot_id) != 0 || strcmp(h->host, ev->host) != 0)
			continue;
		/* Earlier in the same boot, and recent enough that it could still be listed. */
		if (is_known(h->uptime_usec) && is_known(ev->uptime_usec)) {
			if (h->uptime_usec >= ev->uptime_usec ||
			    ev->uptime_usec - h->uptime_usec > 60 * 1000000LL)
				continue;
		} else if (is_known(h->time_usec) && is_known(ev->time_usec)) {
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

/* Kernels up to 5.0 print the score of their choice: points * 1000 / T (3.6+), or the
 * normalized points themselves (2.6.36-3.5). When T is not in the log (no limit line, no
 * Mem-Info), the T that gives the selected task's row that score is the kernel's, to the
 * score's precision: the middle of the range that fits, else unknown. Scores clamped at
 * the ends (1, 1000) say too little. */
static int64_t totalpages_from_score(const struct oomt_event *ev,
                                     const struct oomt_badness_rules *rules, unsigned assume)
{
	int64_t pid = is_known(ev->victim.selected_pid) && !(assume & OOMT_ASSUME_SELECTED_THREAD)
	              ? ev->victim.selected_pid : ev->victim.pid;
	int64_t s = ev->victim.score, adj, base, est, lo, hi, first = OOMT_UNKNOWN;
	int64_t last = OOMT_UNKNOWN;
	const struct oomt_task *row = NULL;
	struct oomt_badness_rules r = *rules;
	struct oomt_rank rank;

	if ((rules->era != OOMT_ERA_PAGES && rules->era != OOMT_ERA_NORMALIZED) ||
	    !is_known(s) || s <= 1 || s >= 1000 || !is_known(pid))
		return OOMT_UNKNOWN;
	for (size_t i = 0; i < ev->n_tasks && !row; i++)
		if (ev->tasks[i].pid == pid)
			row = &ev->tasks[i];
	if (!row || !is_known(row->rss_pages) || row->rss_pages <= 0)
		return OOMT_UNKNOWN;
	adj = zero_if_unknown(row->oom_score_adj);
	/* the row's pages as the era counts them (without T the scoring gives them alone) */
	r.totalpages = OOMT_UNKNOWN;
	oomt_badness_score(&r, row, 0, false, OOMT_SKIP_NONE, &rank);
	base = rank.base_points;
	if (s - adj <= 0 || base <= 0 || base > INT64_MAX / 2000)
		return OOMT_UNKNOWN;
	/* s ~ base * 1000 / T + adj: T lies near base * 1000 / (s - adj); a root bonus
	 * moves it by up to 3% */
	est = base * 1000 / (s - adj);
	lo = est - est * 4 / 100 - 2;
	hi = est + est * 4 / 100 + 2;
	if (hi - lo > 1000000)
		return OOMT_UNKNOWN;
	for (int64_t t = lo > 1000 ? lo : 1000; t <= hi; t++) {
		r.totalpages = t;
		oomt_badness_score(&r, row, 0, rules->root_bonus && row->uid == 0, OOMT_SKIP_NONE,
		                   &rank);
		if (oomt_model_oom_score(rules->era, rank.points, t) != s)
			continue;
		if (!is_known(first))
			first = t;
		last = t;
	}
	return is_known(first) ? first + (last - first) / 2 : OOMT_UNKNOWN;
}

/* ---- score 0: totalpages bounded, not solved ----
 *
 * A score 0 (3.6-5.0) says only that the chosen task's points are below T/1000: the score
 * gives no T to solve for (totalpages_from_score), but it bounds T from below, and the
 * kernel's choice itself (its points above the earlier candidates', at least the later
 * ones', as the weights T/1000 * oom_score_adj move them all) may bound it from above.
 * Points depend on T only through T/1000 (u): each u is checked by ranking the table. */

#define BOUND_STEPS 4096       /* units of 1000 pages checked past the first that fits */

/* The chosen row's points at u, and whether the choice holds at u: it outranks every
 * other candidate by the era's tie rule (3.6-5.8: the first walked keeps a tie). */
static bool choice_holds(const struct incident_ranking *c, size_t krow, int64_t u,
                         int64_t *kpoints)
{
	struct oomt_badness_rules r = c->rules;
	const struct oomt_event *ev = c->ev;
	struct oomt_rank kr, o;

	r.totalpages = u * 1000;
	oomt_badness_score(&r, &ev->tasks[krow], krow, r.root_bonus && ev->tasks[krow].uid == 0,
	                   OOMT_SKIP_NONE, &kr);
	*kpoints = kr.points;
	for (size_t i = 0; i < ev->n_tasks; i++) {
		const struct oomt_task *t = &ev->tasks[i];
		enum oomt_skip skip = oomt_badness_skip(r.era, t, c->prior, c->n_prior);

		if (i == krow || skip != OOMT_SKIP_NONE)
			continue;
		oomt_badness_score(&r, t, i, r.root_bonus && t->uid == 0, skip, &o);
		if (o.points > kr.points || (o.points == kr.points && i < krow))
			return false;
	}
	return true;
}

/* The T range [*lo, *hi] in which the kernel's row scores 0 and is the kernel's choice;
 * *hi unknown when it holds as far as checked (BOUND_STEPS past the first fit). False when
 * no T fits, or the row is not ranked. */
static bool totalpages_bounds(const struct incident_ranking *c, unsigned assume, int64_t *lo,
                              int64_t *hi)
{
	const struct oomt_event *ev = c->ev;
	int64_t pid = is_known(ev->victim.selected_pid) && !(assume & OOMT_ASSUME_SELECTED_THREAD)
	              ? ev->victim.selected_pid : ev->victim.pid;
	int64_t p1, p2, slope, u0 = 1, u, p, first = OOMT_UNKNOWN, last = OOMT_UNKNOWN;
	size_t krow = SIZE_MAX;

	if (c->rules.era != OOMT_ERA_PAGES || ev->victim.score != 0 || !is_known(pid))
		return false;
	for (size_t i = 0; i < ev->n_tasks && krow == SIZE_MAX; i++)
		if (ev->tasks[i].pid == pid || ev->tasks[i].tgid == pid)
			krow = i;
	if (krow == SIZE_MAX || !is_known(ev->tasks[krow].rss_pages) ||
	    oomt_badness_skip(c->rules.era, &ev->tasks[krow], c->prior, c->n_prior) != OOMT_SKIP_NONE)
		return false;
	/* score 0 at u: points * 1000 <= 1000 * u + 998, points <= u. The raw points are
	 * linear in u: start near where they come down to u. */
	choice_holds(c, krow, 1, &p1);
	choice_holds(c, krow, 2, &p2);
	slope = p2 - p1;
	if (p1 > 1) {
		if (slope >= 1)
			return false;
		u0 = (p1 - slope + (1 - slope) - 1) / (1 - slope);
		u0 = u0 > 3 ? u0 - 2 : 1;
	}
	if (u0 > INT64_MAX / 1000 - BOUND_STEPS - 1)
		return false;
	for (u = u0; u < u0 + 4 * BOUND_STEPS; u++) {
		bool holds = choice_holds(c, krow, u, &p);

		if (p <= u && holds) {
			if (!is_known(first))
				first = u;
			last = u;
		} else if (is_known(first)) {
			break;
		}
		if (!is_known(first) && u >= u0 + BOUND_STEPS)
			return false;
		if (is_known(first) && u >= first + BOUND_STEPS)
			break;
	}
	if (!is_known(first))
		return false;
	choice_holds(c, krow, first, &p);
	*lo = first * 1000 > p * 1000 ? first * 1000 : p * 1000 + 1;
	*hi = last < first + BOUND_STEPS ? last * 1000 + 999 : OOMT_UNKNOWN;
	return true;
}

/* Rank within the bounds: at the middle of a closed range (T_FROM_SCORE), at the lower
 * bound of an open one (T_MIN_FROM_SCORE). The margin and the oom_score_adj that would
 * have spared the choice are kept only where both ends of the range give them. */
static int model_in_bounds(struct incident_ranking *c, unsigned *assume, int64_t lo,
                           int64_t hi, struct oomt_model *m)
{
	struct oomt_model end;
	int r;

	*assume &= ~OOMT_ASSUME_NO_T;
	*assume |= is_known(hi) ? OOMT_ASSUME_T_FROM_SCORE : OOMT_ASSUME_T_MIN_FROM_SCORE;
	oomt_model_init(&end);
	/* the far end: the upper bound, or as far as it was checked */
	c->rules.totalpages = is_known(hi) ? hi : (lo / 1000 + BOUND_STEPS) * 1000;
	r = model_run(c, &end);
	c->rules.totalpages = is_known(hi) ? lo + (hi - lo) / 2 : lo;
	if (r == 0)
		r = model_run(c, m);
	if (r == 0) {
		struct oomt_model low;

		oomt_model_init(&low);
		c->rules.totalpages = lo;
		r = model_run(c, &low);
		c->rules.totalpages = m->totalpages;
		if (r == 0 && (low.margin_points != end.margin_points ||
		               low.flip_adj != end.flip_adj || low.runner_up_pid != end.runner_up_pid)) {
			m->margin_points = OOMT_UNKNOWN;
			m->flip_adj = m->flip_adj_delta = OOMT_UNKNOWN;
		}
		oomt_model_done(&low);
	}
	oomt_model_done(&end);
	m->totalpages_min = lo;
	m->totalpages_max = hi;
	return r;
}

/* A release-less report whose printed score the assumed bonus misses: rank again with
 * `bonus`, the assumption `drop` replaced by `take`; when that gives the printed score, it
 * was the kernel's. A table dated 3.6-4.14 (nr_ptes) assumes 3%, and 3.7-3.13's 30 points
 * may fit instead; one dated 4.15-5.0 (pgtables_bytes and a selection line) assumes none,
 * as 4.17-5.0 gave, and 4.15-4.16's 3% (kept by RHEL 8's 4.18) may fit instead. */
static int root_bonus_by_score(struct incident_ranking *c, struct oomt_model *m, int bonus,
                               unsigned drop, unsigned take)
{
	struct oomt_model alt;
	unsigned was = *c->assume;
	int before = c->rules.root_bonus, r;

	oomt_model_init(&alt);
	c->rules.root_bonus = bonus;
	*c->assume = (was & ~drop) | take;
	r = model_run(c, &alt);
	if (r == 0 && is_known(alt.model_score) && alt.model_score == alt.kernel_score) {
		oomt_model_done(m);
		*m = alt;
		return 0;
	}
	oomt_model_done(&alt);
	c->rules.root_bonus = before;
	*c->assume = was;
	return r;
}

/* No release, a selection line (<= 5.0) and a table with pgtables_bytes (4.15+): 4.15 and
 * 4.16 gave CAP_SYS_ADMIN tasks 3%, 4.17 removed it (and RHEL 8 kept it). */
static bool pgtables_table_without_release(const struct oomt_event *ev, enum oomt_era era)
{
	return oomt_kernel_release_code(ev->kernel) == 0 && era == OOMT_ERA_PAGES &&
	       !HAS_COL(ev, nr_ptes_pages) && HAS_COL(ev, pgtables_bytes);
}

/* The row listing pid, by its pid or its thread-group id, or NULL. */
static const struct oomt_task *row_of(const struct oomt_event *ev, int64_t pid)
{
	for (size_t i = 0; i < ev->n_tasks; i++)
		if (ev->tasks[i].pid == pid || ev->tasks[i].tgid == pid)
			return &ev->tasks[i];
	return NULL;
}

/* True when the selected pid is in no row of a complete table (the header and rows are in
 * the log, none cut) that lists the process killed: the table lists every process once,
 * by its thread-group id, so a pid it lacks is a thread's (oomt_model_selected_absent). */
bool oomt_model_selected_absent(const struct oomt_event *ev)
{
	const struct oomt_victim *v = &ev->victim;

	return ev->has_tasks && ev->n_tasks > 0 && !(ev->missing & OOMT_PART_TASKS_CUT) &&
	       is_known(v->selected_pid) && is_known(v->pid) && v->selected_pid != v->pid &&
	       !row_of(ev, v->selected_pid) && row_of(ev, v->pid);
}

/* x within a tenth of the printed score s. */
static bool near_score(int64_t x, int64_t s)
{
	return x * 10 >= s * 9 && x * 10 <= s * 11;
}

/* Up to 5.0 the kernel ranks every thread (3.10's select_bad_process walks them all) and its
 * selection line names the one it chose; the kill line names that thread's process, by the
 * first of its threads with memory (find_lock_task_mm), unless a child died in its place.
 * The selected pid is most likely a thread of the process killed, not its parent, when the
 * killed pid is the lower (a child forked later gets a higher one, unless pids wrapped),
 * when the killed process's rss alone gives the score printed, to a tenth (a thread's points
 * are its process's; a child's own are not its parent's), or when a complete table lists
 * the process killed and not the selected pid (a thread's id: the table lists processes),
 * unless the process's row then misses the score printed by more than a tenth (the thread
 * is another process's, whose child died). T must be the log's, not solved from that
 * score. */
static bool selected_thread(const struct oomt_event *ev, const struct oomt_badness_rules *rules)
{
	const struct oomt_victim *v = &ev->victim;
	int64_t rss = oomt_event_victim_rss(ev), t = rules->totalpages, s;
	bool scored = is_known(v->score) && v->score > 0 && is_known(t) && t > 0 &&
	              (rules->era == OOMT_ERA_PAGES || rules->era == OOMT_ERA_NORMALIZED);

	if (ev->allocating_task || !is_known(v->pid) || !is_known(v->selected_pid) ||
	    v->selected_pid == v->pid)
		return false;
	if (v->pid < v->selected_pid)
		return true;
	if (scored && is_known(rss)) {
		s = rss / rules->page_size * 1000 / t;
		if (near_score(s, v->score))
			return true;
	}
	/* 2.6.32-2.6.35 walked processes, not threads: an absent pid is no thread there */
	if (rules->era == OOMT_ERA_TOTAL_VM || !oomt_model_selected_absent(ev))
		return false;
	if (scored) {
		const struct oomt_task *row = row_of(ev, v->pid);
		struct oomt_rank rank;

		oomt_badness_score(rules, row, 0, rules->root_bonus && row->uid == 0,
		                   OOMT_SKIP_NONE, &rank);
		return is_known(rank.points) &&
		       near_score(oomt_model_oom_score(rules->era, rank.points, t), v->score);
	}
	return true;
}

int oomt_model_compute_history(const struct oomt_event *ev, const struct oomt_event *const *history,
                               size_t n_history, struct oomt_model *ret)
{
	struct oomt_model m;
	unsigned assume = 0;
	int64_t prior[32];
	struct incident_ranking c = { .ev = ev, .assume = &assume, .prior = prior };
	int64_t lo, hi;
	int r;

	oomt_model_init(&m);
	c.n_prior = prior_victims(history, n_history, ev, prior, 32);
	c.history = history != NULL;
	c.group_first_pid = ev->group_kill ? group_first_victim(history, n_history, ev) : OOMT_UNKNOWN;
	c.rules.era = oomt_model_era(ev, &assume);
	c.rules.page_size = oomt_model_page_size(ev, &assume);
	c.rules.totalpages = oomt_model_totalpages(ev, c.rules.page_size, &assume);
	c.rules.root_bonus = report_root_bonus(ev, c.rules.era, &assume);
	if (selected_thread(ev, &c.rules))
		assume |= OOMT_ASSUME_SELECTED_THREAD;
	if (!is_known(c.rules.totalpages)) {
		c.rules.totalpages = totalpages_from_score(ev, &c.rules, assume);
		if (is_known(c.rules.totalpages))
			assume = (assume & ~OOMT_ASSUME_NO_T) | OOMT_ASSUME_T_FROM_SCORE;
	}
	if (c.rules.era == OOMT_ERA_TOTAL_VM)
		assume |= OOMT_ASSUME_APPROX;
	if (!is_known(c.rules.totalpages) && totalpages_bounds(&c, assume, &lo, &hi))
		r = model_in_bounds(&c, &assume, lo, hi, &m);
	else
		r = model_run(&c, &m);
	if (r == 0 && bonus_ruled_out(&m)) {
		/* The printed score fits only without the root bonus: the victim lacked
		 * CAP_SYS_ADMIN (containers drop it). Rank again without it. */
		oomt_model_done(&m);
		assume = (assume & ~(OOMT_ASSUME_ROOT_PROXY | OOMT_ASSUME_ROOT_BY_TABLE)) |
		         OOMT_ASSUME_NO_CAP_BY_SCORE;
		c.rules.root_bonus = 0;
		r = model_run(&c, &m);
	}
	if (r == 0 && (assume & OOMT_ASSUME_ROOT_BY_TABLE) && is_known(m.model_score) &&
	    m.model_score != m.kernel_score)
		r = root_bonus_by_score(&c, &m, 30, OOMT_ASSUME_ROOT_BY_TABLE,
		                        OOMT_ASSUME_ROOT_30_BY_SCORE);
	if (r == 0 && (assume & OOMT_ASSUME_ROOT_UNKNOWN) && is_known(m.model_score) &&
	    m.model_score != m.kernel_score && pgtables_table_without_release(ev, c.rules.era))
		r = root_bonus_by_score(&c, &m, 3, OOMT_ASSUME_ROOT_UNKNOWN,
		                        OOMT_ASSUME_ROOT_3_BY_SCORE);
	if (r == 0 && m.agreement == OOMT_AGREE_NO && (assume & OOMT_ASSUME_TIE_RULE)) {
		/* 5.1-5.8 or 5.9+: the release would tell. The older rules clamp negative
		 * scores to 1 and give ties to the first task; when only they give the kernel's
		 * choice (every task at -998, say), they were the kernel's. */
		struct oomt_model older;

		oomt_model_init(&older);
		c.rules.era = OOMT_ERA_PAGES;
		assume = (assume & ~OOMT_ASSUME_TIE_RULE) | OOMT_ASSUME_PRE59_BY_CHOICE;
		r = model_run(&c, &older);
		if (r == 0 && older.agreement == OOMT_AGREE_YES) {
			oomt_model_done(&m);
			m = older;
		} else {
			oomt_model_done(&older);   /* the 5.9+ ranking stands (with its own assume) */
		}
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

bool oomt_model_rank_shown(const struct oomt_model *m, const struct oomt_event *ev, size_t i,
                           size_t top_rows)
{
	const struct oomt_rank *r = &m->ranks[i];

	if (i < top_rows)
		return true;
	if (is_known(m->kernel_pid) && r->pid == m->kernel_pid)
		return true;
	return ev && is_known(ev->victim.pid) && r->pid == ev->victim.pid;
}

int64_t oomt_model_oom_score(enum oomt_era era, int64_t points, int64_t totalpages)
{
	int64_t s;

	if (!is_known(points) || !is_known(totalpages) || totalpages <= 0)
		return OOMT_UNKNOWN;
	if (era == OOMT_ERA_NORMALIZED)
		return points;
	if (era == OOMT_ERA_PAGES)
		return points * 1000 / totalpages;
	if (era != OOMT_ERA_SIGNED)
		return OOMT_UNKNOWN;
	s = (1000 + points * 1000 / totalpages) * 2 / 3;
	return s < 0 ? 0 : s;
}

int oomt_model_new(const struct oomt_event *ev, const struct oomt_event *const *history,
                   size_t n_history, struct oomt_model **ret)
{
	struct oomt_model *m = malloc(sizeof(*m));
	int r;

	if (!m)
		return -ENOMEM;
	oomt_model_init(m);
	r = oomt_model_compute_history(ev, history, history ? n_history : 0, m);
	if (r < 0) {
		free(m);
		return r;
	}
	*ret = m;
	return 0;
}

void oomt_model_free(struct oomt_model *m)
{
	if (!m)
		return;
	oomt_model_done(m);
	free(m);
}
