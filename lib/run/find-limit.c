/* SPDX-License-Identifier: MIT */
/*
 * --find-limit: bisect to the smallest limit at which the command completes without an
 * OOM kill. A try passes when nothing was OOM-killed and the command ended as it did at
 * the upper end (the same exit status: a test suite with one failing test can still be
 * measured). The upper end is run first and must pass; the lower end is run only when the
 * caller gave one (it may pass: then it is the answer). Between them each try halves the
 * bracket until it is narrower than the step.
 */
#include <errno.h>
#include "run/run-internal.h"
#include "util/struct-size.h"

#define FIND_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_run_find_options, max_tries)
#define MIB (INT64_C(1) << 20)
#define DEFAULT_STEP_PERCENT 5
#define DEFAULT_MAX_TRIES 24
#define UPPER_DOUBLINGS 3

struct search {
	struct oomt_run *run;
	char *const *argv;
	struct oomt_run_report *rep;
	void (*on_try)(const struct oomt_run_try *t, size_t index, void *userdata);
	void *userdata;
	size_t ntries;
	int max_tries;
	int expected_status;
};

/* One try at limit, stored in the report and announced. */
static int try_at(struct search *s, int64_t limit, const struct oomt_run_try **ret)
{
	struct oomt_run_try t;
	const struct oomt_run_try *stored;
	int r = oomt_run_once(s->run, s->argv, limit, &t);

	if (r < 0)
		return r;
	stored = oomt_run_report_add(s->rep, &t);
	if (!stored)
		return -ENOMEM;
	if (s->on_try)
		s->on_try(stored, s->ntries, s->userdata);
	s->ntries++;
	*ret = stored;
	return 0;
}

static bool passed(const struct search *s, const struct oomt_run_try *t)
{
	return !t->exec_errno && !t->oom_killed && t->verdict != OOMT_RUN_VERDICT_UNKNOWN &&
	       t->exit_status == s->expected_status;
}

static int64_t round_up_mib(int64_t v)
{
	return (v + MIB - 1) / MIB * MIB;
}

/* The midpoint, on a whole MiB when one lies strictly inside the bracket, else on a page
 * (the kernel keeps limits in pages); 0 when the bracket has no room. */
static int64_t midpoint(int64_t lo, int64_t hi)
{
	int64_t mid = lo + (hi - lo) / 2, m;

	m = mid / MIB * MIB;
	if (m > lo && m < hi)
		return m;
	m = mid / 4096 * 4096;
	return m > lo && m < hi ? m : 0;
}

static int search(struct search *s, const struct oomt_run_find_options *fo,
                  const struct oomt_run_try **ret_best, int64_t *ret_found)
{
	int64_t lo = fo->low_bytes == OOMT_UNKNOWN ? 0 : fo->low_bytes;
	int64_t hi = fo->high_bytes != OOMT_UNKNOWN ? fo->high_bytes : s->run->opts.limit_bytes;
	int step_percent = fo->step_percent > 0 ? fo->step_percent : DEFAULT_STEP_PERCENT;
	const struct oomt_run_try *t, *best;
	int r;

	/* the upper end (or no limit at all, to learn the peak) */
	if ((r = try_at(s, hi, &t)) < 0)
		return r;
	*ret_best = t;
	*ret_found = OOMT_UNKNOWN;
	s->expected_status = t->exit_status;
	if (t->exec_errno || t->oom_killed || t->verdict == OOMT_RUN_VERDICT_UNKNOWN ||
	    t->interrupt_signal)
		return 0;
	best = t;
	if (hi == OOMT_UNKNOWN) {
		/* unlimited: the peak, with a little room for the kernel's charge batching, is
		 * the first limit to try; double when even that fails */
		if (t->peak_bytes == OOMT_UNKNOWN)
			return 0;
		hi = round_up_mib(t->peak_bytes + t->peak_bytes / 32);
		for (int d = 0;; d++) {
			if ((r = try_at(s, hi, &t)) < 0)
				return r;
			if (t->interrupt_signal)
				return 0;
			if (passed(s, t))
				break;
			if (d == UPPER_DOUBLINGS || (int)s->ntries >= s->max_tries)
				return 0;
			lo = hi;
			hi *= 2;
		}
		best = t;
	}
	*ret_best = best;
	*ret_found = hi;
	if (fo->low_bytes != OOMT_UNKNOWN && lo < hi) {
		if ((r = try_at(s, lo, &t)) < 0)
			return r;
		if (t->interrupt_signal)
			return 0;
		if (passed(s, t)) {
			*ret_best = t;
			*ret_found = lo;
			return 0;
		}
	}
	while ((int)s->ntries < s->max_tries) {
		/* relative to the largest limit known to fail: the answer is then within the
		 * step of the need, which lies above it */
		int64_t tol = fo->step_bytes > 0 ? fo->step_bytes
		                                 : (lo > 0 ? lo : hi) / 100 * step_percent;
		int64_t mid;

		if (hi - lo <= tol || !(mid = midpoint(lo, hi)))
			break;
		if ((r = try_at(s, mid, &t)) < 0)
			return r;
		if (t->interrupt_signal)
			break;
		if (passed(s, t)) {
			hi = mid;
			*ret_best = t;
			*ret_found = hi;
		} else {
			lo = mid;
		}
	}
	return 0;
}

int oomt_run_find_limit(struct oomt_run *run, char *const argv[],
                        const struct oomt_run_find_options *fo,
                        void (*on_try)(const struct oomt_run_try *t, size_t index,
                                       void *userdata),
                        void *userdata, struct oomt_run_report **ret)
{
	struct search s = { .run = run, .argv = argv, .on_try = on_try, .userdata = userdata };
	const struct oomt_run_try *best = NULL;
	int64_t found = OOMT_UNKNOWN;
	int r = oomt_struct_size_check(fo, FIND_SIZE_V1);

	if (r < 0)
		return r;
	if ((fo->low_bytes != OOMT_UNKNOWN && fo->low_bytes <= 0) ||
	    (fo->high_bytes != OOMT_UNKNOWN && fo->high_bytes <= 0) ||
	    (fo->low_bytes != OOMT_UNKNOWN && fo->high_bytes != OOMT_UNKNOWN &&
	     fo->low_bytes >= fo->high_bytes) ||
	    fo->step_bytes < 0 || fo->step_percent < 0 || fo->step_percent > 100 ||
	    fo->max_tries < 0)
		return -EINVAL;
	s.max_tries = fo->max_tries > 0 ? fo->max_tries : DEFAULT_MAX_TRIES;
	r = oomt_run_report_new(argv, run->opts.margin_percent, &s.rep);
	if (r < 0)
		return r;
	r = search(&s, fo, &best, &found);
	if (r < 0 && s.ntries == 0) {
		oomt_run_report_free(s.rep);
		return r;
	}
	/* a failure after some tries ends the search with what they showed */
	s.rep->find_limit = true;
	s.rep->search_errno = r < 0 ? -r : 0;
	oomt_run_report_conclude(s.rep, best, found);
	*ret = s.rep;
	return 0;
}
