/* SPDX-License-Identifier: MIT */
/* The watch JSON contract (docs/oomtool-json.7, "watch"): keys are added, never renamed. */
#include <math.h>
#include <oomtool/watch-json.h>

static void write_psi(struct oomt_json *j, const struct oomt_watch_event *ev)
{
	const struct oomt_memory_pressure *p = &ev->psi;
	char threshold[64];

	oomt_json_begin_object(j, "psi");
	oomt_json_string(j, "mode", oomt_watch_psi_mode_name(ev->psi_mode));
	if (ev->psi_mode != OOMT_WATCH_PSI_NONE) {
		struct oomt_psi_trigger t = { .struct_size = sizeof(t), .full = ev->psi_full,
		                              .stall_usec = ev->psi_stall_usec,
		                              .window_usec = ev->psi_window_usec };
		oomt_json_string(j, "threshold", oomt_psi_trigger_format(&t, threshold, sizeof(threshold)));
	} else {
		oomt_json_null(j, "threshold");
	}
	oomt_json_double(j, "some_avg10", p->some.avg10, ev->has_psi);
	oomt_json_double(j, "some_avg60", p->some.avg60, ev->has_psi && !isnan(p->some.avg60));
	oomt_json_double(j, "some_avg300", p->some.avg300, ev->has_psi && !isnan(p->some.avg300));
	oomt_json_int(j, "some_total_usec", ev->has_psi ? p->some.total_usec : OOMT_UNKNOWN);
	oomt_json_double(j, "full_avg10", p->full.avg10, ev->has_psi && p->has_full);
	oomt_json_double(j, "full_avg60", p->full.avg60,
	                 ev->has_psi && p->has_full && !isnan(p->full.avg60));
	oomt_json_double(j, "full_avg300", p->full.avg300,
	                 ev->has_psi && p->has_full && !isnan(p->full.avg300));
	oomt_json_int(j, "full_total_usec", ev->has_psi && p->has_full ? p->full.total_usec
	                                                               : OOMT_UNKNOWN);
	oomt_json_end_object(j);
}

static void write_growers(struct oomt_json *j, const struct oomt_watch_event *ev)
{
	oomt_json_begin_array(j, "top_growers");
	for (size_t i = 0; i < ev->n_growers; i++) {
		const struct oomt_watch_grower *g = &ev->growers[i];

		oomt_json_begin_object(j, NULL);
		oomt_json_int(j, "pid", g->pid);
		oomt_json_string_or_null(j, "name", g->name);
		oomt_json_string_or_null(j, "cgroup", g->cgroup);
		oomt_json_int(j, "rss_bytes", g->rss_bytes);
		oomt_json_int(j, "growth_bytes_per_sec", g->growth_bytes_per_sec);
		oomt_json_int(j, "oom_score_adj", g->oom_score_adj);
		oomt_json_int(j, "cgroup_limit_bytes", g->cgroup_limit_bytes);
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
}

static void write_victim(struct oomt_json *j, const struct oomt_watch_event *ev)
{
	const struct oomt_watch_victim *v = &ev->victim;

	if (!ev->has_victim) {
		oomt_json_null(j, "next_victim");
		return;
	}
	oomt_json_begin_object(j, "next_victim");
	oomt_json_int(j, "pid", v->pid);
	oomt_json_string_or_null(j, "name", v->name);
	oomt_json_int(j, "rss_bytes", v->rss_bytes);
	oomt_json_int(j, "swap_bytes", v->swap_bytes);
	oomt_json_int(j, "oom_score_adj", v->oom_score_adj);
	oomt_json_int(j, "points", v->points);
	oomt_json_int(j, "oom_score", v->oom_score);
	oomt_json_bool(j, "is_top_grower", v->is_top_grower);
	oomt_json_int(j, "runner_up_pid", v->runner_up_pid);
	oomt_json_int(j, "grower_lead_bytes", v->grower_lead_bytes);
	oomt_json_end_object(j);
}

static void write_advice(struct oomt_json *j, const struct oomt_watch_event *ev)
{
	oomt_json_begin_array(j, "advice");
	for (size_t i = 0; i < ev->n_advice; i++) {
		const struct oomt_watch_advice *a = &ev->advice[i];

		oomt_json_begin_object(j, NULL);
		oomt_json_string(j, "code", oomt_watch_advice_name(a->code));
		oomt_json_int(j, "pid", a->pid);
		oomt_json_int(j, "value", a->value);
		oomt_json_int(j, "bytes", a->bytes);
		oomt_json_int(j, "sec", a->sec);
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
}

static void write_kill(struct oomt_json *j, const struct oomt_watch_event *ev)
{
	const struct oomt_watch_kill *k = &ev->kill;

	if (!ev->has_kill) {
		oomt_json_null(j, "killed");
		return;
	}
	oomt_json_begin_object(j, "killed");
	oomt_json_int(j, "pid", k->pid);
	oomt_json_string_or_null(j, "name", k->name);
	oomt_json_string(j, "killer", k->killer);
	oomt_json_string(j, "constraint", k->constraint);
	oomt_json_string_or_null(j, "memcg", k->memcg);
	oomt_json_int(j, "rss_bytes", k->rss_bytes);
	oomt_json_int(j, "oom_score_adj", k->oom_score_adj);
	oomt_json_int(j, "count", k->count);
	oomt_json_bool(j, "logged", k->logged);
	oomt_json_end_object(j);
}

void oomt_watch_event_write_json(struct oomt_json *j, const struct oomt_watch_event *ev)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_time(j, "time", ev->time_usec);
	oomt_json_string(j, "scope", ev->scope);
	oomt_json_string(j, "name", ev->name);
	oomt_json_string(j, "kind", oomt_watch_kind_name(ev->kind));
	oomt_json_int(j, "available_bytes", ev->available_bytes);
	oomt_json_int(j, "limit_bytes", ev->limit_bytes);
	oomt_json_int(j, "used_bytes", ev->used_bytes);
	oomt_json_int(j, "growth_bytes_per_sec", ev->growth_bytes_per_sec);
	oomt_json_int(j, "eta_sec", ev->eta_sec);
	oomt_json_double(j, "confidence", ev->confidence, !isnan(ev->confidence));
	oomt_json_int(j, "cgroup_version", ev->cgroup_version ? ev->cgroup_version : OOMT_UNKNOWN);
	oomt_json_int(j, "warning", ev->kind == OOMT_WATCH_ETA ? (int64_t)ev->warning : OOMT_UNKNOWN);
	if (ev->kind == OOMT_WATCH_RECOVERED)
		oomt_json_string(j, "recovered_from", oomt_watch_kind_name(ev->recovered_from));
	else
		oomt_json_null(j, "recovered_from");
	oomt_json_int(j, "duration_sec", ev->duration_usec != OOMT_UNKNOWN
	                                 ? ev->duration_usec / 1000000 : OOMT_UNKNOWN);
	write_psi(j, ev);
	write_growers(j, ev);
	write_victim(j, ev);
	write_advice(j, ev);
	oomt_json_int(j, "details_errno", ev->details_error ? -ev->details_error : OOMT_UNKNOWN);
	write_kill(j, ev);
	oomt_json_end_object(j);
}
