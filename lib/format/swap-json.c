/* SPDX-License-Identifier: MIT */
/* The swap JSON contracts (docs/oomtool-json.7, SWAP-SETUP). Field names are an interface:
 * add, never rename. */
#include <stdio.h>
#include <string.h>
#include "source/record.h"
#include <oomtool/swap-json.h>
#include "format/format-internal.h"
#include "util/text.h"

static const char *const area_kind_names[] = {
	[OOMT_SWAP_AREA_FILE] = "file", [OOMT_SWAP_AREA_PARTITION] = "partition",
	[OOMT_SWAP_AREA_ZRAM] = "zram",
};

#define text_append oomt_text_append

char *oomt_swap_leftovers_format(const struct oomt_swap_result *result, char *buf,
                                 size_t bufsz)
{
	if (bufsz == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; result && i < result->nleftovers; i++) {
		const struct oomt_swap_leftover *l = &result->leftovers[i];
		const char *o = l->object;

		switch (l->kind) {
		case OOMT_SWAP_LEFT_FSTAB:
			text_append(buf, bufsz, "'%s' could not be restored (the previous text is "
			            "in the .oomtool.bak file); ", o);
			break;
		case OOMT_SWAP_LEFT_SYSCTL_FILE:
			text_append(buf, bufsz, "'%s' could not be restored: check its "
			            "vm.swappiness line; ", o);
			break;
		case OOMT_SWAP_LEFT_SWAPPINESS:
			text_append(buf, bufsz, "vm.swappiness stays at the new value; ");
			break;
		case OOMT_SWAP_LEFT_ACTIVE:
			text_append(buf, bufsz, "'%s' is still active swap; run 'swapoff %s' and "
			            "delete it; ", o, o);
			break;
		case OOMT_SWAP_LEFT_PARTIAL_FILE:
			text_append(buf, bufsz, "the half-made file '%s' could not be deleted: "
			            "delete it; ", o);
			break;
		case OOMT_SWAP_LEFT_SWAPPED_OFF:
			text_append(buf, bufsz, "'%s' was swapped off and could not be swapped on "
			            "again; ", o);
			break;
		case OOMT_SWAP_LEFT_OLD_DELETED:
			text_append(buf, bufsz, "the old swap file '%s' was deleted before the "
			            "failure; no swap is active at that path now; run the command "
			            "again", o);
			break;
		}
	}
	return buf;
}

static void write_steps(struct oomt_json *j, const struct oomt_swap_plan *p, bool dry_run,
                        const struct oomt_swap_result *result)
{
	oomt_json_text_rows(j, "warnings", p->warnings[0], sizeof(p->warnings[0]), p->nwarnings);
	oomt_json_begin_array(j, "steps");
	for (size_t i = 0; i < p->nsteps; i++) {
		enum oomt_swap_step_status st = result ? result->status[i]
		                              : dry_run ? OOMT_SWAP_STEP_PLANNED
		                                        : OOMT_SWAP_STEP_NOT_RUN;

		oomt_json_begin_object(j, NULL);
		oomt_json_string(j, "kind", oomt_swap_step_name(p->steps[i].kind));
		oomt_json_string(j, "description", p->steps[i].description);
		oomt_json_string(j, "why", p->steps[i].why);
		oomt_json_string(j, "status", oomt_swap_step_status_name(st));
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
}

static void write_error(struct oomt_json *j, const struct oomt_swap_plan *p,
                        const struct oomt_swap_result *result)
{
	char state[2048];

	if (!result || result->err == 0 || result->failed_step >= p->nsteps) {
		oomt_json_null(j, "error");
		return;
	}
	oomt_json_begin_object(j, "error");
	oomt_json_string(j, "step", oomt_swap_step_name(p->steps[result->failed_step].kind));
	oomt_json_string(j, "object", result->err_object);
	oomt_json_string(j, "message", strerror(-result->err));
	oomt_json_bool(j, "undo_complete", result->undo_complete);
	oomt_json_string_or_null(j, "remaining_state",
	                         oomt_swap_leftovers_format(result, state, sizeof(state)));
	oomt_json_end_object(j);
}

void oomt_swap_plan_write_json(struct oomt_json *j, const struct oomt_swap_plan *p,
                               bool dry_run, const struct oomt_swap_result *result)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "action", oomt_swap_action_name(p->action));
	oomt_json_string(j, "path", p->path);
	if (p->action == OOMT_SWAP_REMOVE)
		oomt_json_null(j, "size_bytes");
	else
		oomt_json_uint(j, "size_bytes", p->size_bytes);
	oomt_json_string(j, "filesystem", p->fs_name);
	oomt_json_string(j, "verdict", oomt_swap_verdict_name(p->verdict));
	oomt_json_bool(j, "dry_run", dry_run);
	oomt_json_bool(j, "applied", result && result->err == 0);
	oomt_json_refusal_object(j, p->verdict == OOMT_SWAP_REFUSED, p->check, p->reason,
	                         p->hint);
	write_steps(j, p, dry_run, result);
	write_error(j, p, result);
	oomt_json_end_object(j);
}

void oomt_swap_status_write_json(struct oomt_json *j, const struct oomt_swap_status *s)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_begin_array(j, "swaps");
	for (size_t i = 0; i < s->areas.n; i++) {
		const struct oomt_swap_area *a = &s->areas.area[i];

		oomt_json_begin_object(j, NULL);
		oomt_json_string(j, "path", a->path);
		oomt_json_string(j, "type", area_kind_names[a->kind]);
		oomt_json_int(j, "size_bytes", a->size_bytes);
		oomt_json_int(j, "used_bytes", a->used_bytes);
		oomt_json_int(j, "priority", a->priority);
		oomt_json_bool(j, "deleted", a->deleted);
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
	oomt_json_int(j, "swappiness", s->swappiness < 0 ? OOMT_UNKNOWN : s->swappiness);
	if (s->zswap_enabled < 0)
		oomt_json_null(j, "zswap_enabled");
	else
		oomt_json_bool(j, "zswap_enabled", s->zswap_enabled);
	oomt_json_begin_array(j, "fstab_inactive");
	for (size_t i = 0; i < s->n_fstab_swaps; i++) {
		const struct oomt_swap_fstab_swap *e = &s->fstab_swaps[i];

		if (e->active)
			continue;
		oomt_json_begin_object(j, NULL);
		oomt_json_string(j, "spec", e->spec);
		oomt_json_string(j, "options", e->options);
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}
