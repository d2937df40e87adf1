/* SPDX-License-Identifier: MIT */
/*
 * oomtool limits set TARGET [SIZE]: the library finds the target, reads its limits and
 * computes the plan (oomt_limits_plan_new), runs it and puts the old values back when a
 * step fails (oomt_limits_apply). This file holds the options, the words and the asking.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <oomtool/format.h>
#include <oomtool/limits-json.h>
#include "common.h"
#include "limits-cli.h"
#include "plan-prompt.h"

#define SUB LIMITS_SUB

struct set_opts {
	struct oomt_limits_request req;
	const char *sysroot;
	bool dry_run, yes, json;
};

enum { OPT_HIGH = 256, OPT_SWAP, OPT_RUNTIME, OPT_PERSISTENT, OPT_FORCE, OPT_DRY_RUN,
       OPT_SYSROOT };

/* "512M", "2G", "1.5GiB", or "max" (also "infinity", "none"): no limit. */
static int size_opt(const char *what, const char *arg, int64_t *ret)
{
	return cli_opt_size(SUB, what, arg, OOMT_LIMITS_UNLIMITED, ret);
}

static int parse_args(int argc, char **argv, struct set_opts *o)
{
	static const struct option longopts[] = {
		{ "high", required_argument, NULL, OPT_HIGH },
		{ "swap", required_argument, NULL, OPT_SWAP },
		{ "runtime", no_argument, NULL, OPT_RUNTIME },
		{ "persistent", no_argument, NULL, OPT_PERSISTENT },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "yes", no_argument, NULL, 'y' },
		{ "json", no_argument, NULL, 'J' },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":yJhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_HIGH:
			if ((r = size_opt("--high", optarg, &o->req.high_bytes)) != 0)
				return r;
			break;
		case OPT_SWAP:
			if ((r = size_opt("--swap", optarg, &o->req.swap_bytes)) != 0)
				return r;
			break;
		case OPT_RUNTIME: o->req.persistent = false; break;
		case OPT_PERSISTENT: o->req.persistent = true; break;
		case OPT_FORCE: o->req.force = true; break;
		case OPT_DRY_RUN: o->dry_run = true; break;
		case 'y': o->yes = true; break;
		case 'J': o->json = true; break;
		case OPT_SYSROOT: o->sysroot = optarg; break;
		default:
			return cli_opt_standard(SUB, c, argv, limits_usage);
		}
	}
	if (optind >= argc)
		return cli_usage_error(SUB, "set needs a TARGET: a unit, a container, a pod's "
		                        "container or a cgroup path");
	o->req.target = argv[optind++];
	if (optind < argc && (r = size_opt("SIZE", argv[optind++], &o->req.max_bytes)) != 0)
		return r;
	if (optind < argc)
		return cli_usage_error(SUB, "unexpected argument '%s'", argv[optind]);
	if (o->req.max_bytes == OOMT_UNKNOWN && o->req.high_bytes == OOMT_UNKNOWN &&
	    o->req.swap_bytes == OOMT_UNKNOWN)
		return cli_usage_error(SUB, "set needs a SIZE (or --high, --swap)");
	if (o->json && !o->yes && !o->dry_run)
		return cli_usage_error(SUB, "--json needs --yes or --dry-run (no prompt inside JSON "
		                        "output)");
	return CLI_CONTINUE;
}

/* ---- words ---- */

static const char *size_text(int64_t v, char *buf, size_t sz)
{
	if (v == OOMT_LIMITS_UNLIMITED)
		return "max";
	return oomt_format_size(v, buf, sz);
}

static void change(const char *what, int64_t old, int64_t nw, bool *any)
{
	char a[32], b[32];

	if (nw == OOMT_UNKNOWN || nw == old)
		return;
	printf("%s%s %s -> %s", *any ? ", " : "", what, size_text(old, a, sizeof(a)),
	       size_text(nw, b, sizeof(b)));
	*any = true;
}

static void print_plan(const struct oomt_limits_plan *p, const struct oomt_limits_result *res)
{
	char a[32];
	bool any = false;

	printf("Plan: limit %s (%s %s, cgroup v%d) with %s%s\n", p->name,
	       oomt_limits_kind_name(p->kind), p->path, (int)p->version,
	       oomt_limits_method_name(p->method),
	       p->method == OOMT_LIMITS_METHOD_SYSTEMD ? (p->persistent ? ", persistent"
	                                                                : ", until reboot") : "");
	printf("  usage now %s; ", oomt_format_size(p->current_bytes, a, sizeof(a)));
	change("max", p->max_bytes, p->new_max_bytes, &any);
	change("high", p->high_bytes, p->new_high_bytes, &any);
	change("swap max", p->swap_max_bytes, p->new_swap_max_bytes, &any);
	change("memory+swap max", p->memsw_max_bytes, p->new_memsw_max_bytes, &any);
	putchar('\n');
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct oomt_limits_step *s = &p->steps[i];

		cli_print_step(i, 7, oomt_limits_step_name(s->kind), s->description,
		               res ? oomt_limits_step_status_name(res->status[i]) : NULL);
		/* reasons are sentences: wrapped under their step */
		cli_print_wrapped("why: ", s->why, 13);
	}
	cli_print_warnings(p->warnings[0], sizeof(p->warnings[0]), p->nwarnings, 2);
}

static void print_json(const struct set_opts *o, const struct oomt_limits_plan *p,
                       const struct oomt_limits_result *res)
{
	struct oomt_json *j = cli_json_new(SUB, true);

	oomt_limits_plan_write_json(j, p, o->dry_run, res);
	cli_json_done(j);
}

/* ---- the flow ---- */

struct change {
	const struct set_opts *o;
	const struct oomt_limits_plan *p;
};

static int apply(void *ctx)
{
	const struct change *c = ctx;
	const struct set_opts *o = c->o;
	const struct oomt_limits_plan *p = c->p;
	struct oomt_limits_apply_opts ao = { .struct_size = sizeof(ao) };
	struct oomt_limits_result *res = NULL;
	int r = oomt_limits_apply(p, &ao, &res);

	if (r < 0) {
		cli_err(SUB, "cannot run the plan for '%s': %s; nothing was changed", p->target,
		         strerror(-r));
		return EXIT_RUNTIME;
	}
	if (o->json)
		print_json(o, p, res);
	else if (res->err == 0)
		print_plan(p, res);
	fflush(stdout);
	if (res->err < 0) {
		cli_err(SUB, "step %zu '%s' failed: %s", res->failed_step + 1,
		         oomt_limits_step_name(p->steps[res->failed_step].kind),
		         res->detail[0] ? res->detail : strerror(-res->err));
		if (res->undo_complete)
			cli_err(SUB, "the old values were put back: the limits are as they were");
		else
			cli_err(SUB, "put back where possible; remaining: %s", res->leftover);
	} else if (!o->json) {
		printf("Limit set.\n");
	}
	r = res->err == 0 ? EXIT_FOUND : EXIT_RUNTIME;
	oomt_limits_result_free(res);
	return cli_finish_stdout(SUB, r);
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

int limits_set_run(int argc, char **argv)
{
	struct set_opts o = {
		.req = { .struct_size = sizeof(o.req), .max_bytes = OOMT_UNKNOWN,
		         .high_bytes = OOMT_UNKNOWN, .swap_bytes = OOMT_UNKNOWN },
	};
	struct oomt_limits_plan *plan = NULL;
	struct change c = { .o = &o };
	char done[512] = "", a[32];
	int r = parse_args(argc, argv, &o);

	if (r != CLI_CONTINUE)
		return r;
	if (o.sysroot && strcmp(o.sysroot, "/") == 0)
		o.sysroot = NULL;
	/* systemctl and docker are looked for where the shell would find them */
	o.req.search_path = getenv("PATH");
	r = oomt_limits_plan_new(o.sysroot, &o.req, &plan);
	if (r < 0) {
		cli_err(SUB, "cannot compute the plan for '%s': %s%s", o.req.target, strerror(-r),
		         r == -ENOENT ? " (no memory cgroup hierarchy is mounted)" : "");
		return EXIT_RUNTIME;
	}
	c.p = plan;
	if (plan->verdict == OOMT_LIMITS_DONE)
		snprintf(done, sizeof(done), "Already so: %s has max %s; nothing to change.",
		         plan->name, size_text(plan->max_bytes, a, sizeof(a)));
	r = cli_plan_run(&(const struct cli_plan){
		.sub = SUB,
		.verdict = plan->verdict == OOMT_LIMITS_READY ? CLI_PLAN_READY
		         : plan->verdict == OOMT_LIMITS_DONE ? CLI_PLAN_DONE : CLI_PLAN_REFUSED,
		.check = plan->check, .reason = plan->reason, .hint = plan->hint,
		.refused_status = plan->refusal == OOMT_LIMITS_REFUSE_NOT_ROOT ? EXIT_PRIVILEGE
		                                                               : EXIT_RUNTIME,
		.done = done,
		.json = o.json, .dry_run = o.dry_run, .yes = o.yes,
		.ctx = &c, .print = print_unrun, .print_json = print_unrun_json, .apply = apply,
	});
	oomt_limits_plan_free(plan);
	return r;
}
