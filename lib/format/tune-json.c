/* SPDX-License-Identifier: MIT */
/* The tune JSON contracts (docs/oomtool-json.7, TUNE). Field names are an interface: add,
 * never rename. */
#include <stdio.h>
#include <string.h>
#include <oomtool/tune-json.h>
#include "format/format-internal.h"

static void write_finding(struct oomt_json *j, const struct oomt_tune_finding *f)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "code", f->code);
	oomt_json_string(j, "severity", oomt_severity_name(f->severity));
	oomt_json_string(j, "key", f->key);
	oomt_json_begin_object(j, "evidence");
	oomt_json_kv_members(j, f->evidence, f->n_evidence);
	oomt_json_end_object(j);
	oomt_json_begin_object(j, "advice");
	oomt_json_kv_members(j, f->advice, f->n_advice);
	oomt_json_end_object(j);
	oomt_json_end_object(j);
}

static void write_setting(struct oomt_json *j, const struct oomt_tune_setting *s)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "key", s->key);
	if (s->readable)
		oomt_json_string(j, "value", s->value);
	else
		oomt_json_null(j, "value");
	oomt_json_string(j, "origin", oomt_tune_origin_name(s->origin));
	oomt_json_string_or_null(j, "file", s->file);
	if (s->line)
		oomt_json_uint(j, "line", s->line);
	else
		oomt_json_null(j, "line");
	oomt_json_string_or_null(j, "configured", s->configured);
	oomt_json_string(j, "kernel_default", s->kernel_default);
	oomt_json_bool(j, "settable", s->settable);
	oomt_json_end_object(j);
}

void oomt_tune_check_write_json(struct oomt_json *j, const struct oomt_tune_check *c)
{
	const struct oomt_tune_system *sys = oomt_tune_check_system(c);
	const struct oomt_tune_setting *settings;
	const struct oomt_tune_finding *findings;
	size_t ns = oomt_tune_check_settings(c, &settings);
	size_t nf = oomt_tune_check_findings(c, &findings);

	oomt_json_begin_object(j, NULL);
	oomt_json_begin_object(j, "system");
	oomt_json_int(j, "ram_bytes", sys->ram_bytes);
	oomt_json_int(j, "swap_bytes", sys->swap_bytes);
	oomt_json_int(j, "mem_available_bytes", sys->mem_available_bytes);
	oomt_json_int(j, "commit_limit_bytes", sys->commit_limit_bytes);
	oomt_json_int(j, "committed_as_bytes", sys->committed_as_bytes);
	oomt_json_uint(j, "swap_areas", sys->swap_areas);
	oomt_json_begin_array(j, "userspace_killers");
	for (const char *p = sys->killers; *p;) {
		size_t n = strcspn(p, ",");
		char name[64];

		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		oomt_json_string(j, NULL, name);
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	oomt_json_end_array(j);
	oomt_json_end_object(j);
	oomt_json_begin_array(j, "settings");
	for (size_t i = 0; i < ns; i++)
		write_setting(j, &settings[i]);
	oomt_json_end_array(j);
	oomt_json_begin_array(j, "findings");
	for (size_t i = 0; i < nf; i++)
		write_finding(j, &findings[i]);
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}

static const char *const action_names[] = {
	[OOMT_TUNE_SET] = "set", [OOMT_TUNE_RESET] = "reset",
	[OOMT_TUNE_DROP_CACHES] = "drop-caches",
};

static const char *const verdict_names[] = {
	[OOMT_TUNE_READY] = "ready", [OOMT_TUNE_DONE] = "done", [OOMT_TUNE_REFUSED] = "refused",
};

static const char *drop_name(enum oomt_drop_caches d)
{
	return d == OOMT_DROP_PAGECACHE ? "pagecache" : d == OOMT_DROP_SLAB ? "slab" : "all";
}

static void write_memory(struct oomt_json *j, const char *key, const struct oomt_system_memory *m)
{
	oomt_json_begin_object(j, key);
	oomt_json_int(j, "mem_available_bytes", m->mem_available_bytes);
	oomt_json_int(j, "cached_bytes", m->cached_bytes);
	oomt_json_int(j, "buffers_bytes", m->buffers_bytes);
	oomt_json_int(j, "sreclaimable_bytes", m->sreclaimable_bytes);
	oomt_json_end_object(j);
}

static int64_t delta(int64_t before, int64_t after)
{
	return before == OOMT_UNKNOWN || after == OOMT_UNKNOWN ? OOMT_UNKNOWN : before - after;
}

static void write_step(struct oomt_json *j, const struct oomt_tune_step *s, const char *status)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "kind", oomt_tune_step_kind_name(s->kind));
	oomt_json_string(j, "key", s->key);
	if (s->kind == OOMT_TUNE_STEP_WRITE)
		oomt_json_string(j, "from", s->from);
	if (s->to[0])
		oomt_json_string(j, "to", s->to);
	oomt_json_string_or_null(j, "path", s->path);
	oomt_json_string(j, "description", s->description);
	oomt_json_string(j, "status", status);
	oomt_json_end_object(j);
}

void oomt_tune_plan_write_json(struct oomt_json *j, const struct oomt_tune_plan *p,
                               bool dry_run, const struct oomt_tune_result *res)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "action", action_names[p->action]);
	oomt_json_string(j, "verdict", verdict_names[p->verdict]);
	oomt_json_bool(j, "dry_run", dry_run);
	if (p->verdict == OOMT_TUNE_REFUSED)
		oomt_json_refusal_members(j, p->check, p->reason, p->hint);
	if (p->action == OOMT_TUNE_DROP_CACHES && p->verdict != OOMT_TUNE_REFUSED)
		oomt_json_string(j, "drop", drop_name(p->drop));
	oomt_json_begin_array(j, "steps");
	for (size_t i = 0; i < p->nsteps; i++)
		write_step(j, &p->steps[i], res ? oomt_tune_step_status_name(res->status[i])
		                                : oomt_json_unrun_status(dry_run));
	oomt_json_end_array(j);
	oomt_json_text_rows(j, "warnings", p->warnings[0], sizeof(p->warnings[0]), p->nwarnings);
	if (res)
		oomt_json_outcome_members(j, res->err, res->undo_complete);
	if (res && p->action == OOMT_TUNE_DROP_CACHES) {
		oomt_json_int(j, "sync_usec", res->sync_usec);
		write_memory(j, "before", &res->before);
		write_memory(j, "after", &res->after);
		oomt_json_begin_object(j, "freed");
		oomt_json_int(j, "cached_bytes", delta(res->before.cached_bytes, res->after.cached_bytes));
		oomt_json_int(j, "buffers_bytes",
		              delta(res->before.buffers_bytes, res->after.buffers_bytes));
		oomt_json_int(j, "sreclaimable_bytes",
		              delta(res->before.sreclaimable_bytes, res->after.sreclaimable_bytes));
		oomt_json_int(j, "mem_available_gained_bytes",
		              delta(res->after.mem_available_bytes, res->before.mem_available_bytes));
		oomt_json_end_object(j);
	}
	oomt_json_end_object(j);
}
