/* SPDX-License-Identifier: MIT */
/*
 * explain-kill's JSON (docs/oomtool-json.7, EXPLAIN-KILL): an incident with its model and
 * findings, and the live ranking of --now. Both write the model with the same members and
 * the same ranking rows; --now adds what only a live system shows (the kernel's own
 * oom_score) and keeps the names it shipped with beside the shared ones. Field names are an
 * interface: add, never rename.
 */
#include <stdint.h>
#include <string.h>
#include <oomtool/event-json.h>
#include <oomtool/model-json.h>
#include "format/format-internal.h"

/* ---- findings ---- */

static void write_finding(struct oomt_json *j, const struct oomt_finding *f)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "code", f->code);
	oomt_json_string(j, "severity", oomt_severity_name(f->severity));
	oomt_json_begin_object(j, "evidence");
	oomt_json_kv_members(j, f->evidence, f->n_evidence);
	if (f->n_trend) {
		oomt_json_begin_array(j, "victim_rss_bytes_trend");
		for (size_t i = 0; i < f->n_trend; i++)
			oomt_json_int(j, NULL, f->trend[i]);
		oomt_json_end_array(j);
	}
	oomt_json_end_object(j);
	oomt_json_begin_object(j, "advice");
	oomt_json_kv_members(j, f->advice, f->n_advice);
	oomt_json_end_object(j);
	oomt_json_end_object(j);
}

/* ---- the model ---- */

/* One ranking row; live adds the members only /proc shows (NULL for an incident). */
static void write_rank(struct oomt_json *j, const struct oomt_model *m, const struct oomt_rank *r,
                       const struct oomt_live *live)
{
	const struct oomt_task *t = oomt_model_task(m, r);
	const struct oomt_live_process *p = live ? oomt_live_rank_process(live, r) : NULL;

	oomt_json_begin_object(j, NULL);
	oomt_json_int(j, "pid", r->pid);
	oomt_json_string_or_null(j, "name", t->name);
	oomt_json_int(j, "points", r->points);
	oomt_json_int(j, "rss_pages", t->rss_pages);
	oomt_json_int(j, "swapents_pages", t->swapents_pages);
	oomt_json_int(j, "pgtables_pages", r->pgtables_pages);
	oomt_json_int(j, "oom_score_adj", t->oom_score_adj);
	oomt_json_int(j, "adj_points", r->adj_points);
	oomt_json_int(j, "root_bonus_points", r->root_points);
	oomt_json_int(j, "share_permille", r->share_permille);
	oomt_json_bool(j, "eligible", r->eligible);
	oomt_json_string(j, "skip_reason", oomt_skip_name(r->skip));
	if (p) {
		oomt_json_int(j, "oom_score", p->oom_score);
		oomt_json_int(j, "model_oom_score", p->model_oom_score);
		oomt_json_int(j, "uid", t->uid);
		if (p->cap_sys_admin >= 0)
			oomt_json_bool(j, "cap_sys_admin", p->cap_sys_admin);
		else
			oomt_json_null(j, "cap_sys_admin");
	}
	oomt_json_end_object(j);
}

static void write_model_members(struct oomt_json *j, const struct oomt_model *m,
                                const struct oomt_event *ev, const struct oomt_live *live,
                                size_t top_rows)
{
	oomt_json_string(j, "model_era", oomt_era_name(m->era));
	oomt_json_int(j, "totalpages", m->totalpages);
	oomt_json_int(j, "model_page_size", m->page_size);
	oomt_json_begin_array(j, "model_assumptions");
	for (unsigned b = 1; b && b <= OOMT_ASSUME_LAST; b <<= 1)
		if (m->assume & b)
			oomt_json_string(j, NULL, oomt_assume_name(b));
	oomt_json_end_array(j);
	oomt_json_begin_array(j, "ranking");
	for (size_t i = 0; i < m->n_ranks; i++)
		if (oomt_model_rank_shown(m, ev, i, top_rows))
			write_rank(j, m, &m->ranks[i], live);
	oomt_json_end_array(j);
	oomt_json_int(j, "ranked_tasks", (int64_t)m->n_ranks);
	oomt_json_int(j, "eligible_tasks", (int64_t)m->n_eligible);
	oomt_json_int(j, "model_victim_pid", m->model_victim_pid);
	oomt_json_int(j, "kernel_selected_pid", m->kernel_pid);
	if (m->agreement == OOMT_AGREE_UNKNOWN)
		oomt_json_null(j, "agrees");
	else
		oomt_json_bool(j, "agrees", m->agreement == OOMT_AGREE_YES);
	oomt_json_string(j, "agreement_reason", oomt_reason_name(m->reason));
	oomt_json_int(j, "runner_up_pid", m->runner_up_pid);
	oomt_json_int(j, "margin_points", m->margin_points);
	oomt_json_int(j, "flip_oom_score_adj", m->flip_adj);
	oomt_json_int(j, "flip_oom_score_adj_delta", m->flip_adj_delta);
	oomt_json_int(j, "tied_tasks", m->tied_tasks);
	oomt_json_int(j, "totalpages_min", m->totalpages_min);
	oomt_json_int(j, "totalpages_max", m->totalpages_max);
	oomt_json_int(j, "kernel_score", m->kernel_score);
	oomt_json_int(j, "model_score", m->model_score);
}

void oomt_explained_write_json(struct oomt_json *j, const struct oomt_event *ev,
                               const struct oomt_model *m, const struct oomt_findings *f,
                               size_t top_rows)
{
	oomt_json_begin_object(j, NULL);
	oomt_event_write_json_members(j, ev);
	write_model_members(j, m, ev, NULL, top_rows);
	oomt_json_string(j, "kill_outcome", oomt_kill_outcome_name(oomt_model_kill_outcome(ev)));
	oomt_json_begin_array(j, "findings");
	for (size_t i = 0; i < f->n; i++)
		write_finding(j, &f->f[i]);
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}

/* ---- --now ---- */

static void write_constraint(struct oomt_json *j, const struct oomt_live *live,
                             const struct oomt_live_constraint *c, size_t top_rows)
{
	bool memcg = c->scope == OOMT_SCOPE_MEMCG;

	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "scope", oomt_scope_name(c->scope));
	oomt_json_string(j, "memcg", c->memcg);
	oomt_json_int(j, "cgroup_version", memcg ? c->cgroup_version : OOMT_UNKNOWN);
	oomt_json_int(j, "limit_bytes", c->limit_bytes);
	oomt_json_int(j, "usage_bytes", c->usage_bytes);
	oomt_json_int(j, "swap_pages", c->swap_pages);
	write_model_members(j, c->model, NULL, live, top_rows);
	/* the name --now shipped with for kernel_selected_pid */
	oomt_json_int(j, "kernel_victim_pid", c->model->kernel_pid);
	oomt_json_end_object(j);
}

void oomt_live_write_json(struct oomt_json *j, const struct oomt_live *live, int error,
                          size_t top_rows)
{
	const struct oomt_live_system *sys = live ? oomt_live_system(live) : NULL;
	const char *era = sys ? oomt_era_name(sys->era) : NULL;

	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "kernel", sys ? sys->kernel_release : NULL);
	oomt_json_string(j, "rules", era);         /* the name --now shipped with for model_era */
	oomt_json_string(j, "model_era", era);
	oomt_json_int(j, "ram_bytes", sys ? sys->ram_bytes : OOMT_UNKNOWN);
	oomt_json_int(j, "swap_bytes", sys ? sys->swap_bytes : OOMT_UNKNOWN);
	oomt_json_int(j, "swappiness", sys ? sys->swappiness : OOMT_UNKNOWN);
	oomt_json_int(j, "processes", sys ? (int64_t)sys->processes : OOMT_UNKNOWN);
	oomt_json_int(j, "processes_without_memory",
	              sys ? (int64_t)sys->without_memory : OOMT_UNKNOWN);
	oomt_json_int(j, "processes_vanished", sys ? (int64_t)sys->vanished : OOMT_UNKNOWN);
	oomt_json_int(j, "processes_unreadable", sys ? (int64_t)sys->unreadable : OOMT_UNKNOWN);
	oomt_json_begin_array(j, "constraints");
	for (size_t i = 0; live && i < oomt_live_constraint_count(live); i++)
		write_constraint(j, live, oomt_live_constraint(live, i), top_rows);
	oomt_json_end_array(j);
	oomt_json_string(j, "error", live ? NULL : strerror(error < 0 ? -error : error));
	oomt_json_end_object(j);
}

/* ---- scan-logs: repeated allocation failures ---- */

void oomt_alloc_repeats_write_json(struct oomt_json *j, const struct oomt_alloc_repeats *r)
{
	size_t n = oomt_alloc_repeats_count(r);

	oomt_json_begin_array(j, "repeats");
	for (size_t i = 0; i < n; i++) {
		const struct oomt_alloc_repeat *g = oomt_alloc_repeats_get(r, i);

		if (g->count < 2)
			continue;
		oomt_json_begin_object(j, NULL);
		oomt_json_string(j, "kind", oomt_kind_name(OOMT_KIND_ALLOCATION_FAILURE));
		oomt_json_string_or_null(j, "host", g->host);
		oomt_json_string_or_null(j, "comm", g->comm);
		oomt_json_string_or_null(j, "caller", g->caller);
		oomt_json_string_or_null(j, "module", g->module);
		oomt_json_string_or_null(j, "gfp_mask", g->gfp_mask);
		oomt_json_string_or_null(j, "gfp_flags", g->gfp_flags);
		oomt_json_int(j, "order", g->order);
		oomt_json_bool(j, "stall", g->stall);
		oomt_json_bool(j, "vmalloc", g->vmalloc);
		oomt_json_bool(j, "in_interrupt", g->in_interrupt);
		oomt_json_int(j, "count", g->count);
		oomt_json_int(j, "suppressed", g->suppressed);
		oomt_json_time(j, "first_time", g->first_time_usec);
		oomt_json_time(j, "last_time", g->last_time_usec);
		oomt_json_int(j, "first_uptime_usec", g->first_uptime_usec);
		oomt_json_int(j, "last_uptime_usec", g->last_uptime_usec);
		oomt_json_string_or_null(j, "first_id", g->first_id);
		oomt_json_string_or_null(j, "last_id", g->last_id);
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
}
