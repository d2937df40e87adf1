/* SPDX-License-Identifier: MIT */
/*
 * oomtool protect set / reset: the plan shown, asked for, applied, reported. The library
 * lists, plans and applies with undo (oomtool/protect.h); this file words it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/protect-json.h>
#include "common.h"
#include "plan-prompt.h"
#include "protect.h"

static const char *const step_names[] = {
	[OOMT_PROTECT_STEP_RECORD] = "record", [OOMT_PROTECT_STEP_DROPIN] = "drop-in",
	[OOMT_PROTECT_STEP_DROPIN_REMOVE] = "drop-in",
	[OOMT_PROTECT_STEP_RELOAD] = "reload", [OOMT_PROTECT_STEP_ADJ] = "oom_score_adj",
};

static void print_plan(const struct oomt_protect_plan *p, const struct oomt_protect_result *res)
{
	if (p->action == OOMT_PROTECT_SET)
		printf("Plan: set oom_score_adj of %s to %d (%zu process%s)\n", p->target, p->adj,
		       p->matched, p->matched == 1 ? "" : "es");
	else
		printf("Plan: undo what oomtool changed for %s (%zu process%s)\n", p->target,
		       p->matched, p->matched == 1 ? "" : "es");
	for (size_t i = 0; i < p->nsteps; i++)
		cli_print_step(i, 14, step_names[p->steps[i].kind], p->steps[i].description,
		               res ? oomt_protect_step_status_name(res->status[i]) : NULL);
	cli_print_warnings(p->warnings[0], sizeof(p->warnings[0]), p->nwarnings, 2);
}

static void print_json(const struct protect_opts *o, const struct oomt_protect_plan *p,
                       const struct oomt_protect_result *res)
{
	struct oomt_json *j = cli_json_new(PROTECT_SUB, true);

	oomt_protect_plan_write_json(j, p, o->dry_run, res);
	cli_json_done(j);
}

static int refusal_status(const struct oomt_protect_plan *p)
{
	switch (p->refusal) {
	case OOMT_PROTECT_NOT_PRIVILEGED: return EXIT_PRIVILEGE;
	case OOMT_PROTECT_NOT_FOUND: return EXIT_NOTHING;
	case OOMT_PROTECT_BAD_VALUE: return EXIT_USAGE;
	default: return EXIT_RUNTIME;
	}
}

static const char *failure_hint(const struct oomt_protect_step *s, int err)
{
	if (err == EACCES || err == EPERM)
		return s->kind == OOMT_PROTECT_STEP_ADJ
		       ? "lowering oom_score_adj needs root (CAP_SYS_RESOURCE)"
		       : "run as root, or check that the directory is writable";
	if (err == EROFS)
		return "the filesystem is read-only";
	if (s->kind == OOMT_PROTECT_STEP_RELOAD)
		return "check 'systemctl status' and run 'systemctl daemon-reload' by hand";
	return "fix the cause above and run the command again";
}

struct change {
	const struct protect_opts *o;
	const struct oomt_protect_plan *p;
};

static int apply(void *ctx)
{
	const struct change *c = ctx;
	const struct oomt_protect_plan *p = c->p;
	struct oomt_protect_result *res = NULL;
	int r = oomt_protect_apply(p, &res);

	if (r < 0) {
		cli_err(PROTECT_SUB, "cannot run the plan: %s; nothing was changed", strerror(-r));
		return EXIT_RUNTIME;
	}
	if (c->o->out.json)
		print_json(c->o, p, res);
	else
		print_plan(p, res);
	if (res->err < 0) {
		const struct oomt_protect_step *s = &p->steps[res->failed_step];

		r = cli_plan_step_failed(PROTECT_SUB, res->failed_step, s->description, -res->err,
		                         failure_hint(s, -res->err), res->undo_complete);
	} else {
		if (!c->o->out.json && res->vanished)
			printf("%zu process%s exited before their turn.\n", res->vanished,
			       res->vanished == 1 ? "" : "es");
		if (!c->o->out.json)
			printf(p->action == OOMT_PROTECT_SET
			       ? "Done; 'oomtool protect reset %s' undoes it.\n" : "Done: %s is as it "
			         "was before oomtool changed it.\n", p->target);
		r = EXIT_FOUND;
	}
	oomt_protect_result_free(res);
	return cli_finish_stdout(PROTECT_SUB, r);
}

static void print_unrun(void *ctx)
{
	print_plan(((const struct change *)ctx)->p, NULL);
}

static void print_unrun_json(void *ctx)
{
	const struct change *c = ctx;

	print_json(c->o, c->p, NULL);
}

int protect_change(const struct protect_opts *o)
{
	struct oomt_protect_opts lo = { .struct_size = sizeof(lo), .sysroot = o->sysroot,
	                                .systemd = o->systemd };
	struct oomt_protect_request req = {
		.struct_size = sizeof(req),
		.action = o->mode == PROTECT_MODE_SET ? OOMT_PROTECT_SET : OOMT_PROTECT_RESET,
		.target = o->target, .adj = o->adj, .children = o->children, .persist = o->persist,
		.force = o->force, .systemd = o->systemd,
	};
	struct oomt_protect_list *l = NULL;
	struct oomt_protect_plan *p = NULL;
	struct change c = { .o = o };
	int r = oomt_protect_list_new(&lo, NULL, &l);

	if (r == 0)
		r = oomt_protect_plan_compute(l, &req, &p);
	oomt_protect_list_free(l);
	if (r < 0) {
		cli_err(PROTECT_SUB, "cannot compute the plan for '%s': %s", o->target, strerror(-r));
		return EXIT_RUNTIME;
	}
	c.p = p;
	r = cli_plan_run(&(const struct cli_plan){
		.sub = PROTECT_SUB,
		.verdict = p->verdict == OOMT_PROTECT_READY ? CLI_PLAN_READY
		         : p->verdict == OOMT_PROTECT_DONE ? CLI_PLAN_DONE : CLI_PLAN_REFUSED,
		.check = p->check, .reason = p->reason, .hint = p->hint,
		.refused_status = refusal_status(p),
		.done = p->action == OOMT_PROTECT_SET
		        ? "Already done: every process named has that value; nothing to change."
		        : "Nothing to undo: oomtool changed nothing for it.",
		.done_warnings = p->warnings[0], .warning_size = sizeof(p->warnings[0]),
		.nwarnings = p->nwarnings,
		.json = o->out.json, .dry_run = o->dry_run, .yes = o->yes,
		.ctx = &c, .print = print_unrun, .print_json = print_unrun_json, .apply = apply,
	});
	oomt_protect_plan_free(p);
	return r;
}
