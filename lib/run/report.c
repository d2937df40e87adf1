/* SPDX-License-Identifier: MIT */
/*
 * A try's derived values (peak and its source, verdict) and the report's answer (the
 * suggested limit). Pure: numbers in, numbers out.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/run-internal.h"

#define MIB (INT64_C(1) << 20)
#define GIB (INT64_C(1) << 30)
#define DOCKER_MIN_BYTES (6 * MIB)

static void raise_to(int64_t *max, int64_t v)
{
	if (v != OOMT_UNKNOWN && (*max == OOMT_UNKNOWN || v > *max))
		*max = v;
}

void oomt_run_maxima_init(struct oomt_run_maxima *m)
{
	*m = (struct oomt_run_maxima){ 0, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN,
	                               OOMT_UNKNOWN, OOMT_UNKNOWN };
}

void oomt_run_maxima_add(struct oomt_run_maxima *m, const struct oomt_run_sample *s)
{
	m->samples++;
	if (s->usage_bytes != OOMT_UNKNOWN &&
	    (m->usage_bytes == OOMT_UNKNOWN || s->usage_bytes >= m->usage_bytes))
		m->inactive_file_at_usage_max_bytes = s->inactive_file_bytes;
	raise_to(&m->usage_bytes, s->usage_bytes);
	raise_to(&m->anon_bytes, s->anon_bytes);
	raise_to(&m->file_bytes, s->file_bytes);
	raise_to(&m->swap_bytes, s->swap_bytes);
	/* the working set as docker stats and the kubelet's eviction count it: what the kernel
	 * could not simply drop */
	if (s->usage_bytes != OOMT_UNKNOWN) {
		int64_t ws = s->usage_bytes;

		if (s->inactive_file_bytes != OOMT_UNKNOWN)
			ws = ws > s->inactive_file_bytes ? ws - s->inactive_file_bytes : 0;
		raise_to(&m->working_set_bytes, ws);
	}
}

void oomt_run_try_finish(struct oomt_run_try *t, const struct oomt_run_counters *c,
                         const struct oomt_run_maxima *m)
{
	t->samples = m->samples;
	t->oom_kills = c->oom_kills;
	t->oom_killed = c->oom_kills != OOMT_UNKNOWN && c->oom_kills > 0;
	t->limit_hits = c->limit_hits;
	t->high_hits = c->high_hits;
	t->pressure_stall_usec = c->pressure_stall_usec;
	t->peak_anon_bytes = m->anon_bytes;
	t->peak_file_bytes = m->file_bytes;
	t->peak_working_set_bytes = m->working_set_bytes;
	t->swap_peak_bytes = c->swap_peak_bytes != OOMT_UNKNOWN ? c->swap_peak_bytes : m->swap_bytes;
	if (c->peak_bytes != OOMT_UNKNOWN) {
		t->peak_bytes = c->peak_bytes;
		t->peak_source = t->cgroup_version == OOMT_CGROUP_V1 ? OOMT_RUN_PEAK_MAX_USAGE
		                                                     : OOMT_RUN_PEAK_MEMORY_PEAK;
		/* the kernel's peak is exact; a sample can only have seen less */
		raise_to(&t->peak_bytes, m->usage_bytes);
	} else {
		t->peak_bytes = m->usage_bytes;
		t->peak_source = OOMT_RUN_PEAK_SAMPLED;
	}
	/* A short peak falls between samples; the kernel's exact peak less the cache that was
	 * reclaimable at the highest sample does not miss it. */
	if (c->peak_bytes != OOMT_UNKNOWN) {
		int64_t inactive = m->inactive_file_at_usage_max_bytes;
		int64_t est = c->peak_bytes - (inactive != OOMT_UNKNOWN && inactive < c->peak_bytes ?
		                               inactive : 0);

		raise_to(&t->peak_working_set_bytes, est);
	}
	if (t->oom_killed)
		t->verdict = OOMT_RUN_KILLED;
	else if (c->oom_kills == OOMT_UNKNOWN && t->signal == SIGKILL)
		t->verdict = OOMT_RUN_VERDICT_UNKNOWN;
	else if ((c->limit_hits != OOMT_UNKNOWN && c->limit_hits > 0) ||
	         (c->high_hits != OOMT_UNKNOWN && c->high_hits > 0))
		t->verdict = OOMT_RUN_FITS_WITH_RECLAIM;
	else
		t->verdict = OOMT_RUN_FITS;
}

int64_t oomt_run_try_suggestion_base(const struct oomt_run_try *t)
{
	int64_t base;

	/* killed: it needs more than it had; interrupted: it did not get to its peak */
	if (t->verdict == OOMT_RUN_KILLED || t->verdict == OOMT_RUN_VERDICT_UNKNOWN ||
	    t->interrupt_signal || t->exec_errno)
		return OOMT_UNKNOWN;
	base = t->peak_working_set_bytes;
	if (base == OOMT_UNKNOWN)
		return t->peak_bytes;
	if (t->peak_bytes != OOMT_UNKNOWN && t->peak_source != OOMT_RUN_PEAK_SAMPLED &&
	    base > t->peak_bytes)
		base = t->peak_bytes;
	raise_to(&base, t->peak_anon_bytes);
	return base;
}

int64_t oomt_run_suggest_limit(int64_t base_bytes, int margin_percent)
{
	int64_t want, step = MIB;

	if (base_bytes == OOMT_UNKNOWN || base_bytes < 0)
		return OOMT_UNKNOWN;
	if (margin_percent < 0)
		margin_percent = 0;
	if (base_bytes > INT64_MAX / (100 + margin_percent) - 100)
		return OOMT_UNKNOWN;
	want = (base_bytes * (100 + margin_percent) + 99) / 100;
	/* a step of 1/16 of the power of two below: within 6.25% of the value */
	while (step * 32 <= want)
		step *= 2;
	want = (want + step - 1) / step * step;
	return want < DOCKER_MIN_BYTES ? DOCKER_MIN_BYTES : want;
}

char *oomt_run_limit_format(int64_t bytes, enum oomt_run_limit_syntax syntax, char *buf,
                            size_t bufsz)
{
	static const char *const gib[] = { "g", "Gi", "G" }, *const mib[] = { "m", "Mi", "M" };
	unsigned s = (unsigned)syntax < 3 ? (unsigned)syntax : 0;

	if (bufsz == 0)
		return buf;
	if (bytes == OOMT_UNKNOWN || bytes < 0)
		snprintf(buf, bufsz, "-");
	else if (bytes > 0 && bytes % GIB == 0)
		snprintf(buf, bufsz, "%" PRId64 "%s", bytes / GIB, gib[s]);
	else if (bytes > 0 && bytes % MIB == 0)
		snprintf(buf, bufsz, "%" PRId64 "%s", bytes / MIB, mib[s]);
	else
		snprintf(buf, bufsz, "%" PRId64, bytes);
	return buf;
}

const char *oomt_run_verdict_name(enum oomt_run_verdict v)
{
	switch (v) {
	case OOMT_RUN_FITS: return "fits";
	case OOMT_RUN_FITS_WITH_RECLAIM: return "fits_with_reclaim";
	case OOMT_RUN_KILLED: return "killed";
	case OOMT_RUN_VERDICT_UNKNOWN: break;
	}
	return "unknown";
}

const char *oomt_run_peak_source_name(enum oomt_run_peak_source s)
{
	switch (s) {
	case OOMT_RUN_PEAK_MEMORY_PEAK: return "memory.peak";
	case OOMT_RUN_PEAK_MAX_USAGE: return "max_usage_in_bytes";
	case OOMT_RUN_PEAK_SAMPLED: break;
	}
	return "sampled";
}

/* ---- the report object ---- */

struct report_impl {
	struct oomt_run_report pub;          /* first: the public pointer is this */
	char **argv;
	struct oomt_run_try **tries;
	size_t cap;
};

int oomt_run_report_new(char *const argv[], int margin_percent, struct oomt_run_report **ret)
{
	struct report_impl *r = calloc(1, sizeof(*r));
	size_t n = 0;

	if (!r)
		return -ENOMEM;
	while (argv && argv[n])
		n++;
	r->argv = calloc(n + 1, sizeof(char *));
	if (!r->argv)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		if (!(r->argv[i] = strdup(argv[i])))
			goto nomem;
	r->pub.argv = r->argv;
	r->pub.found_limit_bytes = OOMT_UNKNOWN;
	r->pub.suggested_limit_bytes = OOMT_UNKNOWN;
	r->pub.suggestion_base_bytes = OOMT_UNKNOWN;
	r->pub.margin_percent = margin_percent;
	*ret = &r->pub;
	return 0;
nomem:
	oomt_run_report_free(&r->pub);
	return -ENOMEM;
}

const struct oomt_run_try *oomt_run_report_add(struct oomt_run_report *rep,
                                               const struct oomt_run_try *t)
{
	struct report_impl *r = (struct report_impl *)rep;
	struct oomt_run_try *copy;

	if (r->pub.ntries == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		struct oomt_run_try **n = realloc(r->tries, cap * sizeof(*n));

		if (!n)
			return NULL;
		r->tries = n;
		r->cap = cap;
	}
	copy = malloc(sizeof(*copy));
	if (!copy)
		return NULL;
	*copy = *t;
	r->tries[r->pub.ntries++] = copy;
	r->pub.tries = (const struct oomt_run_try *const *)r->tries;
	return copy;
}

void oomt_run_report_conclude(struct oomt_run_report *r, const struct oomt_run_try *result,
                              int64_t found_limit_bytes)
{
	int64_t base = result ? oomt_run_try_suggestion_base(result) : OOMT_UNKNOWN;

	r->result = result;
	r->found_limit_bytes = found_limit_bytes;
	/* the smallest limit that passed may be above the working set seen (the command
	 * needed room to reclaim in): the suggestion covers both */
	if (base != OOMT_UNKNOWN && found_limit_bytes != OOMT_UNKNOWN && found_limit_bytes > base)
		base = found_limit_bytes;
	r->suggestion_base_bytes = base;
	r->suggested_limit_bytes = oomt_run_suggest_limit(base, r->margin_percent);
}

void oomt_run_report_free(struct oomt_run_report *rep)
{
	struct report_impl *r = (struct report_impl *)rep;

	if (!r)
		return;
	for (size_t i = 0; r->argv && r->argv[i]; i++)
		free(r->argv[i]);
	free(r->argv);
	for (size_t i = 0; i < r->pub.ntries; i++)
		free(r->tries[i]);
	free(r->tries);
	free(r);
}
