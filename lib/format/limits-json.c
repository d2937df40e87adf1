/* SPDX-License-Identifier: MIT */
/* The limits JSON contract (docs/oomtool-json.7, "LIMITS"): keys are added, never renamed. */
#include <math.h>
#include <oomtool/limits-json.h>
#include "format/format-internal.h"

static void write_events(struct oomt_json *j, const char *key, const struct oomt_limits_events *e)
{
	if (e->low == OOMT_UNKNOWN && e->high == OOMT_UNKNOWN && e->max == OOMT_UNKNOWN &&
	    e->oom == OOMT_UNKNOWN && e->oom_kill == OOMT_UNKNOWN &&
	    e->oom_group_kill == OOMT_UNKNOWN) {
		oomt_json_null(j, key);
		return;
	}
	oomt_json_begin_object(j, key);
	oomt_json_int(j, "low", e->low);
	oomt_json_int(j, "high", e->high);
	oomt_json_int(j, "max", e->max);
	oomt_json_int(j, "oom", e->oom);
	oomt_json_int(j, "oom_kill", e->oom_kill);
	oomt_json_int(j, "oom_group_kill", e->oom_group_kill);
	oomt_json_end_object(j);
}

static void write_pressure(struct oomt_json *j, const struct oomt_limits_row *r)
{
	if (isnan(r->psi_some_avg10)) {
		oomt_json_null(j, "pressure");
		return;
	}
	oomt_json_begin_object(j, "pressure");
	oomt_json_double(j, "some_avg10", r->psi_some_avg10, true);
	oomt_json_double(j, "full_avg10", r->psi_full_avg10, !isnan(r->psi_full_avg10));
	oomt_json_int(j, "some_total_usec", r->psi_some_total_usec);
	oomt_json_int(j, "full_total_usec", r->psi_full_total_usec);
	oomt_json_end_object(j);
}

static void write_bool_or_null(struct oomt_json *j, const char *key, int64_t v)
{
	if (v == OOMT_UNKNOWN)
		oomt_json_null(j, key);
	else
		oomt_json_bool(j, key, v != 0);
}

static void write_row(struct oomt_json *j, const struct oomt_limits_row *r)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "path", r->path);
	oomt_json_string(j, "name", r->name);
	oomt_json_string(j, "kind", oomt_limits_kind_name(r->kind));
	oomt_json_int(j, "cgroup_version", r->version);
	oomt_json_string_or_null(j, "unit", r->unit);
	oomt_json_string_or_null(j, "runtime", oomt_container_runtime_name(r->runtime));
	oomt_json_string_or_null(j, "container_id", r->container_id);
	oomt_json_string_or_null(j, "container_name", r->container_name);
	oomt_json_string_or_null(j, "pod_uid", r->pod_uid);
	oomt_json_string_or_null(j, "pod_name", r->pod_name);
	oomt_json_string_or_null(j, "pod_namespace", r->pod_namespace);
	oomt_json_string_or_null(j, "qos_class", oomt_pod_qos_name(r->qos));
	oomt_json_int(j, "current_bytes", r->current_bytes);
	oomt_json_int(j, "working_set_bytes", r->working_set_bytes);
	oomt_json_int(j, "anon_bytes", r->anon_bytes);
	oomt_json_int(j, "file_bytes", r->file_bytes);
	oomt_json_int(j, "shmem_bytes", r->shmem_bytes);
	oomt_json_int(j, "inactive_file_bytes", r->inactive_file_bytes);
	oomt_json_int(j, "peak_bytes", r->peak_bytes);
	oomt_json_int(j, "min_bytes", r->min_bytes);
	oomt_json_int(j, "low_bytes", r->low_bytes);
	oomt_json_int(j, "high_bytes", r->high_bytes);
	oomt_json_int(j, "max_bytes", r->max_bytes);
	oomt_json_int(j, "soft_limit_bytes", r->soft_limit_bytes);
	oomt_json_int(j, "memsw_max_bytes", r->memsw_max_bytes);
	oomt_json_int(j, "effective_max_bytes", r->effective_max_bytes);
	oomt_json_int(j, "effective_high_bytes", r->effective_high_bytes);
	oomt_json_int(j, "headroom_bytes", r->headroom_bytes);
	oomt_json_int(j, "high_headroom_bytes", r->high_headroom_bytes);
	oomt_json_int(j, "swap_current_bytes", r->swap_current_bytes);
	oomt_json_int(j, "swap_max_bytes", r->swap_max_bytes);
	write_events(j, "events", &r->events);
	write_events(j, "events_local", &r->events_local);
	write_pressure(j, r);
	write_bool_or_null(j, "oom_group", r->oom_group);
	write_bool_or_null(j, "under_oom", r->under_oom);
	oomt_json_int(j, "procs", r->procs);
	oomt_json_end_object(j);
}

void oomt_limits_write_json(struct oomt_json *j, const struct oomt_limits *l)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_begin_array(j, "cgroups");
	for (size_t i = 0; i < oomt_limits_nrows(l); i++)
		write_row(j, oomt_limits_row(l, i));
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}

/* ---- the plan ---- */

static void write_size(struct oomt_json *j, const char *key, int64_t v)
{
	oomt_json_int(j, key, v == OOMT_LIMITS_UNLIMITED ? OOMT_UNKNOWN : v);
}

static void write_limits(struct oomt_json *j, const char *key, int64_t max, int64_t high,
                         int64_t swap_max, int64_t memsw_max)
{
	oomt_json_begin_object(j, key);
	write_size(j, "max_bytes", max);
	write_size(j, "high_bytes", high);
	write_size(j, "swap_max_bytes", swap_max);
	write_size(j, "memsw_max_bytes", memsw_max);
	oomt_json_end_object(j);
}

static void write_steps(struct oomt_json *j, const struct oomt_limits_plan *p, bool dry_run,
                        const struct oomt_limits_result *res)
{
	oomt_json_begin_array(j, "steps");
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct oomt_limits_step *s = &p->steps[i];

		oomt_json_begin_object(j, NULL);
		oomt_json_string(j, "kind", oomt_limits_step_name(s->kind));
		oomt_json_string(j, "description", s->description);
		oomt_json_string(j, "why", s->why);
		oomt_json_string_or_null(j, "file", s->kind == OOMT_LIMITS_STEP_RUN ? "" : s->file);
		oomt_json_string_or_null(j, "value", s->kind == OOMT_LIMITS_STEP_RUN ? "" : s->value);
		oomt_json_string_or_null(j, "old_value", s->kind == OOMT_LIMITS_STEP_WRITE
		                                          ? s->old_value : "");
		if (s->kind == OOMT_LIMITS_STEP_RUN) {
			oomt_json_begin_array(j, "argv");
			for (size_t k = 0; s->argv[k]; k++)
				oomt_json_string(j, NULL, s->argv[k]);
			oomt_json_end_array(j);
		} else {
			oomt_json_null(j, "argv");
		}
		oomt_json_string(j, "status", res ? oomt_limits_step_status_name(res->status[i])
		                              : oomt_json_unrun_status(dry_run));
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
}

void oomt_limits_plan_write_json(struct oomt_json *j, const struct oomt_limits_plan *p,
                                 bool dry_run, const struct oomt_limits_result *res)
{
	bool refused = p->verdict == OOMT_LIMITS_REFUSED;
	bool found = p->path[0] != '\0';

	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "target", p->target);
	oomt_json_string_or_null(j, "path", p->path);
	oomt_json_string_or_null(j, "name", found ? p->name : "");
	oomt_json_string_or_null(j, "kind", found ? oomt_limits_kind_name(p->kind) : "");
	if (found)
		oomt_json_int(j, "cgroup_version", p->version);
	else
		oomt_json_null(j, "cgroup_version");
	oomt_json_string_or_null(j, "method", found && !refused
	                                      ? oomt_limits_method_name(p->method) : "");
	oomt_json_bool(j, "persistent", p->persistent);
	oomt_json_string(j, "verdict", oomt_limits_verdict_name(p->verdict));
	oomt_json_bool(j, "dry_run", dry_run);
	oomt_json_bool(j, "applied", res && res->err == 0);
	oomt_json_refusal_object(j, refused, p->check, p->reason, p->hint);
	oomt_json_int(j, "current_bytes", p->current_bytes);
	write_limits(j, "old", p->max_bytes, p->high_bytes, p->swap_max_bytes, p->memsw_max_bytes);
	write_limits(j, "new", p->new_max_bytes, p->new_high_bytes, p->new_swap_max_bytes,
	             p->new_memsw_max_bytes);
	oomt_json_text_rows(j, "warnings", p->warnings[0], sizeof(p->warnings[0]), p->nwarnings);
	write_steps(j, p, dry_run, res);
	if (res && res->err < 0) {
		oomt_json_begin_object(j, "error");
		oomt_json_string(j, "step", oomt_limits_step_name(p->steps[res->failed_step].kind));
		oomt_json_int(j, "step_index", (int64_t)res->failed_step);
		oomt_json_string_or_null(j, "detail", res->detail);
		oomt_json_bool(j, "undo_complete", res->undo_complete);
		oomt_json_string_or_null(j, "remaining_state", res->undo_complete ? "" : res->leftover);
		oomt_json_end_object(j);
	} else {
		oomt_json_null(j, "error");
	}
	oomt_json_end_object(j);
}
