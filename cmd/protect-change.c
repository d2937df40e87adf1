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
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct oomt_protect_step *s = &p->steps[i];

		printf("  %zu. %-14s %s", i + 1, step_names[s->kind], s->description);
		if (res)
			printf("  [%s]", oomt_protect_step_status_name(res->status[i]));
		putchar('\n');
	}
	for (size_t i = 0; i < p->nwarnings; i++)
		cli_print_wrapped("warning: ", p->warnings[i], 2);
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

/* The plan when it is not run: refused, nothing to do, or a dry run. */
static int show_unapplied(const struct protect_opts *o, const struct oomt_protect_plan *p)
{
	if (o->out.json)
		print_json(o, p, NULL);
	else if (p->verdict == OOMT_PROTECT_DONE) {
		for (size_t i = 0; i < p->nwarnings; i++)
			cli_print_wrapped("warning: ", p->warnings[i], 0);
		printf("%s\n", p->action == OOMT_PROTECT_SET
		       ? "Already done: every process named has that value; nothing to change."
		       : "Nothing to undo: oomtool changed nothing for it.");
	} else if (p->verdict == OOMT_PROTECT_READY) {
		print_plan(p, NULL);
	}
	if (p->verdict == OOMT_PROTECT_REFUSED) {
		cli_err(PROTECT_SUB, "check '%s' refused: %s (%s); nothing was changed", p->check,
		        p->reason, p->hint);
		return cli_finish_stdout(PROTECT_SUB, refusal_status(p));
	}
	if (o->dry_run && !o->out.json && p->verdict == OOMT_PROTECT_READY)
		printf("Dry run: nothing was changed.\n");
	return cli_finish_stdout(PROTECT_SUB, EXIT_FOUND);
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

static int apply(const struct protect_opts *o, const struct oomt_protect_plan *p)
{
	struct oomt_protect_result *res = NULL;
	int r = oomt_protect_apply(p, &res);

	if (r < 0) {
		cli_err(PROTECT_SUB, "cannot run the plan: %s; nothing was changed", strerror(-r));
		return EXIT_RUNTIME;
	}
	if (o->out.json)
		print_json(o, p, res);
	else
		print_plan(p, res);
	if (res->err < 0) {
		const struct oomt_protect_step *s = &p->steps[res->failed_step];

		cli_err(PROTECT_SUB, "step %zu failed (%s): %s (%s)", res->failed_step + 1,
		        s->description, strerror(-res->err), failure_hint(s, -res->err));
		cli_err(PROTECT_SUB, res->undo_complete
		        ? "everything this run changed was undone: the system is as it was before"
		        : "undone where possible: check the steps marked done above");
		r = res->err == -EACCES || res->err == -EPERM ? EXIT_PRIVILEGE : EXIT_RUNTIME;
	} else {
		if (!o->out.json && res->vanished)
			printf("%zu process%s exited before their turn.\n", res->vanished,
			       res->vanished == 1 ? "" : "es");
		if (!o->out.json)
			printf(p->action == OOMT_PROTECT_SET
			       ? "Done; 'oomtool protect reset %s' undoes it.\n" : "Done: %s is as it "
			         "was before oomtool changed it.\n", p->target);
		r = EXIT_FOUND;
	}
	oomt_protect_result_free(res);
	return cli_finish_stdout(PROTECT_SUB, r);
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
	int r = oomt_protect_list_new(&lo, NULL, &l);

	if (r == 0)
		r = oomt_protect_plan_compute(l, &req, &p);
	oomt_protect_list_free(l);
	if (r < 0) {
		cli_err(PROTECT_SUB, "cannot compute the plan for '%s': %s", o->target, strerror(-r));
		return EXIT_RUNTIME;
	}
	if (p->verdict != OOMT_PROTECT_READY || o->dry_run)
		r = show_unapplied(o, p);
	else if (o->yes || (print_plan(p, NULL), r = cli_confirm_plan(PROTECT_SUB)) == CLI_CONTINUE)
		r = apply(o, p);
	oomt_protect_plan_free(p);
	return r;
}
