/* SPDX-License-Identifier: MIT */
/*
 * Running a limits plan (limits.h): each step in order (run a manager's command, write a
 * cgroup file, read one back); when one fails, the steps done are undone in reverse order:
 * a written file gets its old value back, a command is run again with the old values. What
 * cannot be put back is said in words in the result.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/limits.h>
#include "cgroup/command.h"
#include "cgroup/limits-internal.h"
#include "cgroup/parse.h"
#include "plan/plan.h"
#include "util/file.h"
#include "util/struct-size.h"
#include "util/text.h"

#define APPLY_OPTS_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_limits_apply_opts, timeout_sec)
#define DEFAULT_TIMEOUT_SEC 60

/* Messages are cut to their buffer: a long path must not hide the reason. */
#define say oomt_text_set

struct apply_run {
	const struct oomt_limits_plan *plan;
	const struct oomt_limits_apply_hooks *hooks;
	char *const *envp;
	int timeout_ms;
	struct oomt_limits_result *res;
};

static const char *const status_names[] = {
	[OOMT_LIMITS_STEP_PLANNED] = "planned", [OOMT_LIMITS_STEP_DONE] = "done",
	[OOMT_LIMITS_STEP_FAILED] = "failed", [OOMT_LIMITS_STEP_UNDONE] = "undone",
	[OOMT_LIMITS_STEP_NOT_RUN] = "not-run",
};

const char *oomt_limits_step_status_name(enum oomt_limits_step_status s)
{
	return (size_t)s < sizeof(status_names) / sizeof(status_names[0]) ? status_names[s] : "?";
}

static int run_command(struct apply_run *run, const char *const *argv, char *detail,
                       size_t detailsz)
{
	struct oomt_command_result cr;
	const char *name;
	char what[320];
	int r;

	if (run->hooks && run->hooks->run)
		return run->hooks->run(run->hooks->userdata, argv, detail, detailsz);
	name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	r = oomt_command_run(argv, run->envp, run->timeout_ms, &cr);
	if (r < 0) {
		say(detail, detailsz, "%s could not be started: %s", argv[0], strerror(-r));
		return r;
	}
	if (cr.exit_status == 0 && !cr.timed_out)
		return 0;
	say(detail, detailsz, "%s %s", name,
	         oomt_command_describe(&cr, run->timeout_ms, what, sizeof(what)));
	return cr.timed_out ? -ETIMEDOUT : -EIO;
}

static int write_file(struct apply_run *run, const char *file, const char *value)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd, r = 0;

	if (run->hooks && run->hooks->write)
		return run->hooks->write(run->hooks->userdata, file, value);
	/* O_TRUNC: a cgroup file ignores it; a file of a sysroot tree needs it */
	fd = open(file, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	/* one write(2): the kernel takes the value whole or refuses it */
	while ((n = write(fd, value, len)) < 0 && errno == EINTR)
		;
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

/* The file must hold the value, to the page the kernel rounds it down to. */
static int verify(struct apply_run *run, const struct oomt_limits_step *s, char *detail,
                  size_t detailsz)
{
	int64_t page = run->plan->page_size_bytes, want, got;
	char buf[64], *end;
	size_t len;
	int r = oomt_file_read_at(AT_FDCWD, s->file, buf, sizeof(buf), &len, NULL);

	if (r < 0) {
		say(detail, detailsz, "cannot read %s back: %s", s->file, strerror(-r));
		return r;
	}
	if (oomt_cgroup_parse_limit(buf, len, &got) < 0)
		got = -1;
	if (strcmp(s->value, "max") == 0) {
		want = OOMT_UNKNOWN;
	} else {
		want = strtoll(s->value, &end, 10);
		if (*end)
			return -EINVAL;
	}
	if (want == got || (want != OOMT_UNKNOWN && got != OOMT_UNKNOWN && got >= 0 &&
	                    got <= want && want - got < page))
		return 0;
	buf[strcspn(buf, "\n")] = '\0';
	say(detail, detailsz, "%s reads %s, not %s: the manager did not apply it", s->file,
	         buf, s->value);
	return -ERANGE;
}

static int run_step(struct apply_run *run, const struct oomt_limits_step *s)
{
	struct oomt_limits_result *res = run->res;
	int r;

	switch (s->kind) {
	case OOMT_LIMITS_STEP_RUN:
		return run_command(run, s->argv, res->detail, sizeof(res->detail));
	case OOMT_LIMITS_STEP_WRITE:
		r = write_file(run, s->file, s->value);
		if (r < 0)
			say(res->detail, sizeof(res->detail), "writing %s to %s: %s", s->value,
			         s->file, strerror(-r));
		return r;
	case OOMT_LIMITS_STEP_VERIFY:
		return verify(run, s, res->detail, sizeof(res->detail));
	}
	return -EINVAL;
}

static void leftover(struct oomt_limits_result *res, const char *text)
{
	oomt_text_append(res->leftover, sizeof(res->leftover), "%s%s", res->leftover[0] ? "; " : "",
	                 text);
}

static int run_one(void *ctx, size_t i)
{
	struct apply_run *run = ctx;

	return run_step(run, &run->plan->steps[i]);
}

/* Put step i back: 0, or -EIO with what stays said in the leftover. */
static int undo_step(void *ctx, size_t i)
{
	struct apply_run *run = ctx;
	const struct oomt_limits_step *s = &run->plan->steps[i];
	char detail[512], text[1400];
	int r;

	switch (s->kind) {
	case OOMT_LIMITS_STEP_WRITE:
		r = write_file(run, s->file, s->old_value);
		if (r < 0) {
			say(text, sizeof(text), "%s keeps %s (writing %s back: %s)", s->file, s->value,
			    s->old_value, strerror(-r));
			leftover(run->res, text);
			return -EIO;
		}
		return 0;
	case OOMT_LIMITS_STEP_RUN:
		if (!s->undo_argv[0]) {
			say(text, sizeof(text), "'%s' stays: the old value cannot be set again",
			         s->description);
			leftover(run->res, text);
			return -EIO;
		}
		if (run_command(run, s->undo_argv, detail, sizeof(detail)) < 0) {
			say(text, sizeof(text), "'%s' stays: %s", s->description, detail);
			leftover(run->res, text);
			return -EIO;
		}
		return 0;
	case OOMT_LIMITS_STEP_VERIFY:
		return 0;
	}
	return 1;
}

static void mark(void *ctx, size_t i, enum oomt_plan_step_state s)
{
	static const enum oomt_limits_step_status status[] = {
		[OOMT_PLAN_STEP_DONE] = OOMT_LIMITS_STEP_DONE,
		[OOMT_PLAN_STEP_FAILED] = OOMT_LIMITS_STEP_FAILED,
		[OOMT_PLAN_STEP_UNDONE] = OOMT_LIMITS_STEP_UNDONE,
		[OOMT_PLAN_STEP_NOT_RUN] = OOMT_LIMITS_STEP_NOT_RUN,
	};

	((struct apply_run *)ctx)->res->status[i] = status[s];
}

int oomt_limits_apply_hooked(const struct oomt_limits_plan *plan,
                             const struct oomt_limits_apply_opts *opts,
                             const struct oomt_limits_apply_hooks *hooks,
                             struct oomt_limits_result **ret)
{
	struct apply_run run = { .plan = plan, .hooks = hooks,
	                         .timeout_ms = DEFAULT_TIMEOUT_SEC * 1000 };
	struct oomt_plan_runner runner = { .nsteps = plan ? plan->nsteps : 0, .ctx = &run,
	                                   .run = run_one, .undo = undo_step, .mark = mark };
	struct oomt_plan_outcome out;
	struct oomt_limits_result *res;

	if (!plan || !ret || plan->verdict != OOMT_LIMITS_READY ||
	    plan->nsteps > OOMT_LIMITS_MAX_STEPS ||
	    (opts && oomt_struct_size_check(opts, APPLY_OPTS_SIZE_V1) < 0))
		return -EINVAL;
	if (opts) {
		run.envp = opts->envp;
		if (opts->timeout_sec > 0)
			run.timeout_ms = opts->timeout_sec * 1000;
	}
	if (!(res = calloc(1, sizeof(*res))))
		return -ENOMEM;
	run.res = res;
	res->nsteps = plan->nsteps;
	oomt_plan_run(&runner, &out);
	res->err = out.err;
	res->failed_step = out.failed_step;
	res->undo_complete = out.undo_complete;
	*ret = res;
	return 0;
}

int oomt_limits_apply(const struct oomt_limits_plan *plan,
                      const struct oomt_limits_apply_opts *opts,
                      struct oomt_limits_result **ret)
{
	return oomt_limits_apply_hooked(plan, opts, NULL, ret);
}

void oomt_limits_result_free(struct oomt_limits_result *r)
{
	free(r);
}
