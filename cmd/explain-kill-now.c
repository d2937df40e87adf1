/* SPDX-License-Identifier: MIT */
/*
 * explain-kill --now: who the kernel would kill right now, in words. The ranking is the
 * library's live model (oomtool/live.h: the running processes ranked per constraint by the
 * running kernel's rules, beside the kernel's own oom_score), its JSON the library's too
 * (oomtool/model-json.h); the table is the one the incident report uses.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/model-json.h>
#include "common.h"
#include "explain-kill.h"

/* The scale /proc/PID/oom_score uses under each era's rules. */
static const char *oom_score_scale(enum oomt_era era)
{
	switch (era) {
	case OOMT_ERA_SIGNED:     return "0..2000, (1000 + points*1000/totalpages)*2/3";
	case OOMT_ERA_PAGES:      return "points*1000/totalpages";
	case OOMT_ERA_NORMALIZED: return "0..1000, the points themselves";
	default:                  return "the old badness(), not modelled";
	}
}

/* The name of the process with this pid in a ranking. */
static const char *ranked_name(const struct oomt_model *m, int64_t pid)
{
	for (size_t i = 0; i < m->n_ranks; i++)
		if (m->ranks[i].pid == pid)
			return oomt_model_task(m, &m->ranks[i])->name;
	return "?";
}

static const char *size_text(const struct ek_opts *o, int64_t bytes, char *buf, size_t n)
{
	out_format_size(bytes, o->out.bytes, buf, n);
	if (o->out.bytes && bytes != OOMT_UNKNOWN)
		snprintf(buf + strlen(buf), n - strlen(buf), " bytes");
	return buf;
}

static void constraint_headline(const struct oomt_live *live, const struct oomt_live_constraint *c,
                                const struct ek_opts *o)
{
	const struct oomt_live_system *sys = oomt_live_system(live);
	char a[48], b[48];

	if (c->scope == OOMT_SCOPE_MEMCG)
		printf("\nMemory cgroup %s (cgroup v%d): %s used of its %s limit; "
		       "totalpages %" PRId64 ".\n", c->memcg, c->cgroup_version,
		       size_text(o, c->usage_bytes, a, sizeof(a)),
		       size_text(o, c->limit_bytes, b, sizeof(b)), c->model->totalpages);
	else
		printf("Whole machine: totalpages %" PRId64 " (RAM %s + swap %s).\n",
		       c->model->totalpages, size_text(o, sys->ram_bytes, a, sizeof(a)),
		       size_text(o, sys->swap_bytes, b, sizeof(b)));
}

/* "The kernel would kill X first, N pages ahead of Y; its own oom_score agrees." */
static void verdict(const struct oomt_live_constraint *c)
{
	const struct oomt_model *m = c->model;
	const struct oomt_task *top = oomt_model_task(m, &m->ranks[0]);

	printf("The kernel would kill %s (pid %" PRId64 ") first", top->name, m->model_victim_pid);
	if (m->runner_up_pid != OOMT_UNKNOWN)
		printf(", %" PRId64 " %s ahead of %s (pid %" PRId64 ")", m->margin_points,
		       ek_points_unit(m, m->margin_points), ranked_name(m, m->runner_up_pid), m->runner_up_pid);
	if (c->scope == OOMT_SCOPE_MEMCG)
		puts(" (oom_score uses the whole machine's totalpages, not this cgroup's).");
	else if (m->agreement == OOMT_AGREE_YES)
		puts("; its own oom_score agrees.");
	else if (m->agreement == OOMT_AGREE_NO)
		printf("; the kernel's oom_score ranks %s (pid %" PRId64 ") first: memory moved "
		       "while we read.\n", ranked_name(m, m->kernel_pid), m->kernel_pid);
	else
		puts(".");
}

static int print_constraint(const struct oomt_live *live, const struct oomt_live_constraint *c,
                            const struct ek_opts *o)
{
	const struct ek_ranking rk = { .model = c->model, .live = live };

	constraint_headline(live, c, o);
	/* what every constraint assumed is said once, under the first headline */
	ek_print_assumptions(stdout, c->scope == OOMT_SCOPE_MEMCG
	                     ? c->model->assume & ~oomt_live_constraint(live, 0)->model->assume
	                     : c->model->assume, NULL);
	if (!c->model->n_eligible) {
		puts("No process could be chosen: the kernel would find nothing to kill.");
		return 0;
	}
	verdict(c);
	return ek_print_ranking(stdout, &rk, o);
}

static int print_text(const struct oomt_live *live, const struct ek_opts *o)
{
	const struct oomt_live_system *sys = oomt_live_system(live);
	int r = 0;

	printf("Right now on kernel %s (%s badness rules; oom_score scale %s):\n",
	       sys->kernel_release ? sys->kernel_release : "?", oomt_era_name(sys->era),
	       oom_score_scale(sys->era));
	for (size_t i = 0; r == 0 && i < oomt_live_constraint_count(live); i++)
		r = print_constraint(live, oomt_live_constraint(live, i), o);
	return r;
}

static void print_json(const struct oomt_live *live, int error, const struct ek_opts *o)
{
	struct oomt_json *j;

	j = cli_json_new(EK_NAME, true);
	oomt_live_write_json(j, live, error, o->top);
	cli_json_done(j);
}

int ek_now(const struct ek_opts *o)
{
	struct oomt_live_opts lo = { .struct_size = sizeof(lo), .sysroot = o->sysroot };
	struct oomt_live *live = NULL;
	bool denied;
	int r;

	r = oomt_live_new(&lo, &live);
	if (r < 0) {
		denied = r == -EACCES || r == -EPERM;
		if (r == -ENOMEM)
			cli_err(EK_NAME, "ranking the running processes: out of memory");
		else
			cli_err(EK_NAME, "cannot read '%s/proc': %s%s%s",
			        o->sysroot ? o->sysroot : "", strerror(-r), denied ? "; " : "",
			        denied ? cli_privilege_hint(-r) : "");
		/* -J: a document on every path, with the error in it */
		if (o->json)
			print_json(NULL, r, o);
		return cli_finish_stdout(EK_NAME, denied ? EXIT_PRIVILEGE : EXIT_RUNTIME);
	}
	if (o->json)
		print_json(live, 0, o);
	else
		r = print_text(live, o);
	oomt_live_free(live);
	if (r < 0) {
		cli_err(EK_NAME, "printing the ranking: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	return cli_finish_stdout(EK_NAME, EXIT_FOUND);
}
