/* SPDX-License-Identifier: MIT */
/* The protect JSON contract (docs/oomtool-json.7, PROTECT). Field names are an interface:
 * add, never rename. */
#include <oomtool/protect-json.h>
#include "format/format-internal.h"

static void write_process(struct oomt_json *j, const struct oomt_protect_process *p)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_int(j, "pid", p->pid);
	oomt_json_string_or_null(j, "user", p->user);
	oomt_json_string_or_null(j, "comm", p->comm);
	oomt_json_int(j, "oom_score_adj", p->oom_score_adj);
	oomt_json_int(j, "oom_score", p->oom_score);
	oomt_json_int(j, "rss_bytes", p->rss_bytes);
	oomt_json_string_or_null(j, "unit", p->unit);
	oomt_json_string(j, "source", oomt_adj_source_name(p->source));
	oomt_json_int(j, "configured_adj", p->configured_adj);
	oomt_json_string_or_null(j, "configured_from", p->configured_from);
	if (p->parent_pid > 0)
		oomt_json_int(j, "parent_pid", p->parent_pid);
	else
		oomt_json_null(j, "parent_pid");
	oomt_json_begin_array(j, "flags");
	for (unsigned b = 0; b < OOMT_PROTECT_FLAG_BITS; b++)
		if (p->flags & (1u << b))
			oomt_json_string(j, NULL, oomt_protect_flag_name(1u << b));
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}

void oomt_protect_list_write_json(struct oomt_json *j, const struct oomt_protect_list *l,
                                  bool all)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_begin_array(j, "processes");
	for (size_t i = 0; i < oomt_protect_list_count(l); i++) {
		const struct oomt_protect_process *p = oomt_protect_list_get(l, i);

		if (all || p->listed)
			write_process(j, p);
	}
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}

static const char *const verdict_names[] = {
	[OOMT_PROTECT_READY] = "ready", [OOMT_PROTECT_DONE] = "done",
	[OOMT_PROTECT_REFUSED] = "refused",
};

static const char *const step_kind_names[] = {
	[OOMT_PROTECT_STEP_RECORD] = "record", [OOMT_PROTECT_STEP_DROPIN] = "dropin",
	[OOMT_PROTECT_STEP_DROPIN_REMOVE] = "dropin-remove", [OOMT_PROTECT_STEP_RELOAD] = "reload",
	[OOMT_PROTECT_STEP_ADJ] = "adj",
};

static const char *const target_kind_names[] = {
	[OOMT_TARGET_PID] = "pid", [OOMT_TARGET_UNIT] = "unit", [OOMT_TARGET_NAME] = "name",
};

static void write_step(struct oomt_json *j, const struct oomt_protect_step *s,
                       const char *status)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "kind", step_kind_names[s->kind]);
	if (s->kind == OOMT_PROTECT_STEP_ADJ) {
		oomt_json_int(j, "pid", s->pid);
		oomt_json_string_or_null(j, "comm", s->comm);
		oomt_json_int(j, "from", s->from);
		oomt_json_int(j, "to", s->to);
	}
	if (s->path[0])
		oomt_json_string(j, "path", s->path);
	oomt_json_string(j, "description", s->description);
	oomt_json_string(j, "status", status);
	oomt_json_end_object(j);
}

void oomt_protect_plan_write_json(struct oomt_json *j, const struct oomt_protect_plan *p,
                                  bool dry_run, const struct oomt_protect_result *res)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "action", p->action == OOMT_PROTECT_SET ? "set" : "reset");
	oomt_json_string(j, "target", p->target);
	oomt_json_string(j, "target_kind", target_kind_names[p->target_kind]);
	if (p->action == OOMT_PROTECT_SET)
		oomt_json_int(j, "oom_score_adj", p->adj);
	oomt_json_uint(j, "matched", p->matched);
	oomt_json_string(j, "verdict", verdict_names[p->verdict]);
	oomt_json_bool(j, "dry_run", dry_run);
	if (p->verdict == OOMT_PROTECT_REFUSED)
		oomt_json_refusal_members(j, p->check, p->reason, p->hint);
	oomt_json_begin_array(j, "steps");
	for (size_t i = 0; i < p->nsteps; i++)
		write_step(j, &p->steps[i], res ? oomt_protect_step_status_name(res->status[i])
		                                : oomt_json_unrun_status(dry_run));
	oomt_json_end_array(j);
	oomt_json_text_rows(j, "warnings", p->warnings[0], sizeof(p->warnings[0]), p->nwarnings);
	if (res) {
		oomt_json_outcome_members(j, res->err, res->undo_complete);
		oomt_json_uint(j, "vanished", res->vanished);
	}
	oomt_json_end_object(j);
}
