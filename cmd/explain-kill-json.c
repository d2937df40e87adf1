/* SPDX-License-Identifier: MIT */
/*
 * explain-kill -J: each incident is the scan-logs event object (oomt_event_write_json) with
 * the model and the findings as further members of the same object. Field names are a
 * contract (docs/oomtool-explain-kill.1).
 */
#include <string.h>
#include <oomtool/event-json.h>
#include "explain-kill.h"

static void json_kv(struct oomt_json *j, const struct oomt_kv *kv)
{
	if (kv->str)
		oomt_json_string(j, kv->key, kv->str);
	else
		oomt_json_int(j, kv->key, kv->num);
}

static void json_finding(struct oomt_json *j, const struct oomt_finding *f)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "code", f->code);
	oomt_json_string(j, "severity", oomt_severity_name(f->severity));
	oomt_json_begin_object(j, "evidence");
	for (size_t i = 0; i < f->n_evidence; i++)
		json_kv(j, &f->evidence[i]);
	if (f->n_trend) {
		oomt_json_begin_array(j, "victim_rss_bytes_trend");
		for (size_t i = 0; i < f->n_trend; i++)
			oomt_json_int(j, NULL, f->trend[i]);
		oomt_json_end_array(j);
	}
	oomt_json_end_object(j);
	oomt_json_begin_object(j, "advice");
	for (size_t i = 0; i < f->n_advice; i++)
		json_kv(j, &f->advice[i]);
	oomt_json_end_object(j);
	oomt_json_end_object(j);
}

void ek_json_rank(struct oomt_json *j, const struct oomt_task *t, const struct oomt_rank *r)
{

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
}

static void json_model(struct oomt_json *j, const struct ek_explained *x, size_t top)
{
	const struct oomt_model *m = &x->model;

	oomt_json_string(j, "model_era", oomt_era_name(m->era));
	oomt_json_int(j, "totalpages", m->totalpages);
	oomt_json_int(j, "model_page_size", m->page_size);
	oomt_json_begin_array(j, "model_assumptions");
	for (unsigned b = 1; b && b <= OOMT_ASSUME_LAST; b <<= 1)
		if (m->assume & b)
			oomt_json_string(j, NULL, oomt_assume_name(b));
	oomt_json_end_array(j);
	oomt_json_begin_array(j, "ranking");
	for (size_t i = 0; i < m->n_ranks; i++) {
		if (!ek_rank_shown(x, i, top))
			continue;
		oomt_json_begin_object(j, NULL);
		ek_json_rank(j, oomt_model_task(m, x->ev, &m->ranks[i]), &m->ranks[i]);
		oomt_json_end_object(j);
	}
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
	oomt_json_int(j, "kernel_score", m->kernel_score);
	oomt_json_int(j, "model_score", m->model_score);
}

void ek_json_event(struct oomt_json *j, const struct ek_explained *x, size_t top)
{
	oomt_json_begin_object(j, NULL);
	oomt_event_write_json_members(j, x->ev);
	json_model(j, x, top);
	oomt_json_begin_array(j, "findings");
	for (size_t i = 0; i < x->findings.n; i++)
		json_finding(j, &x->findings.f[i]);
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}
