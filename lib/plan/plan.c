/* SPDX-License-Identifier: MIT */
/* What the plans that change the system share: see plan.h. */
#include "plan/plan.h"
#include "util/text.h"

void oomt_plan_warn(char *rows, size_t row_size, size_t max, size_t *n, const char *fmt, ...)
{
	va_list ap;

	if (*n >= max)
		return;
	va_start(ap, fmt);
	oomt_text_vset(rows + *n * row_size, row_size, fmt, ap);
	va_end(ap);
	(*n)++;
}

static void undo(const struct oomt_plan_runner *r, size_t failed, bool *complete)
{
	*complete = true;
	if (r->undo_begin && r->undo_begin(r->ctx) < 0)
		*complete = false;
	for (size_t i = failed; i-- > 0;) {
		int u = r->undo(r->ctx, i);

		if (u == 0)
			r->mark(r->ctx, i, OOMT_PLAN_STEP_UNDONE);
		else if (u < 0)
			*complete = false;
	}
	if (r->undo_end && r->undo_end(r->ctx) < 0)
		*complete = false;
}

void oomt_plan_run(const struct oomt_plan_runner *r, struct oomt_plan_outcome *ret)
{
	*ret = (struct oomt_plan_outcome){ 0 };
	for (size_t i = 0; i < r->nsteps; i++)
		r->mark(r->ctx, i, OOMT_PLAN_STEP_NOT_RUN);
	for (size_t i = 0; i < r->nsteps; i++) {
		int s = r->run(r->ctx, i);

		if (s < 0) {
			r->mark(r->ctx, i, OOMT_PLAN_STEP_FAILED);
			ret->err = s;
			ret->failed_step = i;
			undo(r, i, &ret->undo_complete);
			return;
		}
		if (s == 0)
			r->mark(r->ctx, i, OOMT_PLAN_STEP_DONE);
	}
}
