/* SPDX-License-Identifier: MIT */
/*
 * oomtool tune set / reset / drop-caches: the plan shown, asked for, applied, reported;
 * for drop-caches, what it freed. The library plans and applies (oomtool/tune.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <oomtool/format.h>
#include <oomtool/tune-json.h>
#include "common.h"
#include "plan-prompt.h"
#include "tune.h"

static const char *drop_words(enum oomt_drop_caches d)
{
	return d == OOMT_DROP_PAGECACHE ? "the clean page cache"
	       : d == OOMT_DROP_SLAB ? "reclaimable slab" : "the clean page cache and reclaimable slab";
}

static void print_plan(const struct oomt_tune_plan *p, const struct oomt_tune_result *res)
{
	if (p->action == OOMT_TUNE_DROP_CACHES)
		printf("Plan: drop %s\n", drop_words(p->drop));
	else
		printf("Plan: %s kernel settings\n", p->action == OOMT_TUNE_SET ? "change" : "reset");
	for (size_t i = 0; i < p->nsteps; i++)
		cli_print_step(i, 10, oomt_tune_step_kind_name(p->steps[i].kind),
		               p->steps[i].description,
		               res ? oomt_tune_step_status_name(res->status[i]) : NULL);
	cli_print_warnings(p->warnings[0], sizeof(p->warnings[0]), p->nwarnings, 2);
}

static void print_json(const struct tune_opts *o, const struct oomt_tune_plan *p,
                       const struct oomt_tune_result *res)
{
	struct oomt_json *j = cli_json_new(TUNE_SUB, true);

	oomt_tune_plan_write_json(j, p, o->dry_run, res);
	cli_json_done(j);
}

static int refusal_status(const struct oomt_tune_plan *p)
{
	switch (p->refusal) {
	case OOMT_TUNE_NOT_PRIVILEGED: return EXIT_PRIVILEGE;
	case OOMT_TUNE_BAD_ARGUMENT:
	case OOMT_TUNE_UNKNOWN_KEY:
	case OOMT_TUNE_BAD_VALUE: return EXIT_USAGE;
	default: return EXIT_RUNTIME;
	}
}

static void memory_row(const char *name, int64_t before, int64_t after, bool gain)
{
	char a[32], b[32], d[40], t[32];
	int64_t delta = before == OOMT_UNKNOWN || after == OOMT_UNKNOWN ? OOMT_UNKNOWN
	                : gain ? after - before : before - after;

	oomt_format_size(before, a, sizeof(a));
	oomt_format_size(after, b, sizeof(b));
	if (delta == OOMT_UNKNOWN)
		snprintf(d, sizeof(d), "-");
	else
		snprintf(d, sizeof(d), "%s%s", delta < 0 ? "-" : "",
		         oomt_format_size(delta < 0 ? -delta : delta, t, sizeof(t)));
	printf("  %-14s %9s %9s %9s\n", name, a, b, d);
}

static void print_freed(const struct oomt_tune_result *res)
{
	const struct oomt_system_memory *x = &res->before, *y = &res->after;

	printf("\n  %-14s %9s %9s %9s\n", "", "BEFORE", "AFTER", "FREED");
	memory_row("Cached", x->cached_bytes, y->cached_bytes, false);
	memory_row("Buffers", x->buffers_bytes, y->buffers_bytes, false);
	memory_row("SReclaimable", x->sreclaimable_bytes, y->sreclaimable_bytes, false);
	printf("  %-14s %9s %9s %9s\n", "", "", "", "GAINED");
	memory_row("MemAvailable", x->mem_available_bytes, y->mem_available_bytes, true);
	printf("\n");
	cli_print_wrapped("", "This is temporary: the kernel refills the caches as files are "
	                  "read again, each read costing disk I/O, and it would have freed this "
	                  "memory by itself under pressure. A lasting fix is less memory in use, "
	                  "or a limit on who uses it.", 0);
}

static const char *failure_hint(int err)
{
	switch (err) {
	case EACCES:
	case EPERM: return "run as root";
	case EROFS: return "the filesystem is read-only";
	case EINVAL: return "the kernel refused the value";
	default: return "fix the cause above and run the command again";
	}
}

struct change {
	const struct tune_opts *o;
	const struct oomt_tune_plan *p;
};

static int apply(void *ctx)
{
	const struct change *c = ctx;
	const struct oomt_tune_plan *p = c->p;
	struct oomt_tune_result *res = NULL;
	int r = oomt_tune_apply(p, &res);

	if (r < 0) {
		cli_err(TUNE_SUB, "cannot run the plan: %s; nothing was changed", strerror(-r));
		return EXIT_RUNTIME;
	}
	if (c->o->out.json)
		print_json(c->o, p, res);
	else
		print_plan(p, res);
	if (res->err < 0) {
		r = cli_plan_step_failed(TUNE_SUB, res->failed_step,
		                         p->steps[res->failed_step].description, -res->err,
		                         failure_hint(-res->err), res->undo_complete);
	} else {
		if (!c->o->out.json && p->action == OOMT_TUNE_DROP_CACHES)
			print_freed(res);
		else if (!c->o->out.json)
			printf(p->action == OOMT_TUNE_SET
			       ? "Done; 'oomtool tune reset KEY' puts back the values replaced.\n"
			       : "Done: the settings are as they were before oomtool changed them.\n");
		r = EXIT_FOUND;
	}
	oomt_tune_result_free(res);
	return cli_finish_stdout(TUNE_SUB, r);
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

int tune_change(const struct tune_opts *o)
{
	struct oomt_tune_request req = {
		.struct_size = sizeof(req), .args = o->args, .nargs = o->nargs,
		.persist = o->persist, .drop = o->drop, .sync_timeout_usec = o->sync_timeout_usec,
		.action = o->mode == TUNE_MODE_SET ? OOMT_TUNE_SET
		        : o->mode == TUNE_MODE_RESET ? OOMT_TUNE_RESET : OOMT_TUNE_DROP_CACHES,
	};
	struct oomt_tune_plan *p = NULL;
	struct change c = { .o = o };
	int r = oomt_tune_plan_compute(o->sysroot, &req, &p);

	if (r < 0) {
		cli_err(TUNE_SUB, "cannot compute the plan: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	c.p = p;
	r = cli_plan_run(&(const struct cli_plan){
		.sub = TUNE_SUB,
		.verdict = p->verdict == OOMT_TUNE_READY ? CLI_PLAN_READY
		         : p->verdict == OOMT_TUNE_DONE ? CLI_PLAN_DONE : CLI_PLAN_REFUSED,
		.check = p->check, .reason = p->reason, .hint = p->hint,
		.refused_status = refusal_status(p),
		.done = p->action == OOMT_TUNE_SET
		        ? "Already done: every setting has that value; nothing to change."
		        : "Nothing to undo.",
		.done_warnings = p->warnings[0], .warning_size = sizeof(p->warnings[0]),
		.nwarnings = p->nwarnings,
		.json = o->out.json, .dry_run = o->dry_run, .yes = o->yes,
		.ctx = &c, .print = print_unrun, .print_json = print_unrun_json, .apply = apply,
	});
	oomt_tune_plan_free(p);
	return r;
}
