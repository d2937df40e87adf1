/* SPDX-License-Identifier: MIT */
/*
 * The incidents explain-kill looks at: exactly what scan-logs finds (its sources, its
 * cross-source de-duplication and its --since/--until filter), read through scan-logs' own
 * scanner and spool so that ids and events are the same in both commands.
 *
 * Memory: the spool keeps the full events (task tables included) on disk; in memory we keep
 * a light copy of each wanted event (no task table, ~5 KiB) for the history the findings
 * look back on (repeated kills, earlier victims). At most HISTORY_MAX of them, the newest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "explain-kill.h"
#include "scan-logs.h"

#define HISTORY_MAX 512

struct ek_set {
	struct sl_opts so;
	struct sl_scan sc;
	struct sl_spool spool;
	bool spool_open;
	struct oomt_event **hist;    /* light copies, oldest first */
	size_t *spool_idx;           /* where the full event of hist[i] is */
	size_t n;
	uint64_t dropped;            /* older events left out of the history */
	uint64_t unknown_time, unknown_host;
};

static int spool_sink(void *userdata, const struct oomt_event *ev, unsigned src)
{
	struct ek_set *s = userdata;

	return sl_spool_add(&s->spool, ev, src);
}

static int keep(struct ek_set *s, struct oomt_event *ev, size_t spool_i)
{
	struct oomt_event *light;

	if (s->n == HISTORY_MAX) {
		free(s->hist[0]);
		memmove(s->hist, s->hist + 1, (s->n - 1) * sizeof(*s->hist));
		memmove(s->spool_idx, s->spool_idx + 1, (s->n - 1) * sizeof(*s->spool_idx));
		s->n--;
		s->dropped++;
	}
	light = malloc(sizeof(*light));
	if (!light)
		return -ENOMEM;
	*light = *ev;
	light->tasks = NULL;
	light->n_tasks = 0;
	s->hist[s->n] = light;
	s->spool_idx[s->n++] = spool_i;
	return 0;
}

static int build_history(struct ek_set *s)
{
	struct oomt_event ev;
	int r = 0;

	s->hist = calloc(HISTORY_MAX, sizeof(*s->hist));
	s->spool_idx = calloc(HISTORY_MAX, sizeof(*s->spool_idx));
	if (!s->hist || !s->spool_idx)
		return -ENOMEM;
	for (size_t i = 0; i < s->spool.n && r == 0; i++) {
		r = sl_spool_read(&s->spool, i, &ev);
		if (r < 0)
			break;
		if (sl_event_wanted(&s->so, &ev, &s->unknown_time, &s->unknown_host))
			r = keep(s, &ev, i);
		oomt_event_done(&ev);
	}
	return r;
}

int ek_collect(const struct ek_opts *o, struct ek_set **ret)
{
	struct ek_set *s = calloc(1, sizeof(*s));
	int r, failed;

	if (!s) {
		cli_err(EK_NAME, "out of memory");
		return EXIT_RUNTIME;
	}
	s->so.files = o->files;
	s->so.n_files = o->n_files;
	s->so.dirs = o->dirs;
	s->so.n_dirs = o->n_dirs;
	s->so.sysroot = o->sysroot;
	s->so.since_usec = o->since_usec;
	s->so.until_usec = o->until_usec;
	r = sl_spool_open(&s->spool, SIZE_MAX);
	if (r < 0) {
		cli_err(EK_NAME, "cannot create a temporary file: %s (set TMPDIR to a writable "
		         "directory)", strerror(-r));
		free(s);
		return EXIT_RUNTIME;
	}
	s->spool_open = true;
	s->sc.o = &s->so;
	s->sc.name = EK_NAME;
	s->sc.sink = spool_sink;
	s->sc.userdata = s;
	r = sl_scan_all(&s->sc);
	if (r == 0) {
		sl_scan_report_losses(&s->sc);
		sl_spool_sort(&s->spool);
		r = build_history(s);
	}
	failed = sl_scan_failure_status(&s->sc);
	if (r < 0) {
		cli_err(EK_NAME, "reading the logs: %s", r == -ENOMEM ? "out of memory" : strerror(-r));
		ek_set_free(s);
		return EXIT_RUNTIME;
	}
	if (failed >= 0) {
		ek_set_free(s);
		return failed;
	}
	if (s->dropped)
		cli_warn(EK_NAME, "%llu older incidents left out of the history that repeated-kill "
		          "findings look back on", (unsigned long long)s->dropped);
	*ret = s;
	return 0;
}

size_t ek_set_count(const struct ek_set *s)
{
	return s->n;
}

const struct oomt_event *const *ek_set_history(const struct ek_set *s)
{
	return (const struct oomt_event *const *)s->hist;
}

int ek_set_read(struct ek_set *s, size_t i, struct oomt_event *ev)
{
	return sl_spool_read(&s->spool, s->spool_idx[i], ev);
}

void ek_set_free(struct ek_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->hist[i]);
	free(s->hist);
	free(s->spool_idx);
	sl_scan_done(&s->sc);
	if (s->spool_open)
		sl_spool_close(&s->spool);
	free(s);
}

/* The findings see the full event at idx and the light history before it. */
static int findings_with_history(const struct ek_set *s, size_t idx, struct ek_explained *x)
{
	const struct oomt_event **list = malloc((idx + 1) * sizeof(*list));

	if (!list)
		return -ENOMEM;
	memcpy(list, ek_set_history(s), idx * sizeof(*list));
	list[idx] = x->ev;
	oomt_findings_compute(list, idx + 1, idx, &x->model, &x->findings);
	free(list);
	return 0;
}

int ek_explain(const struct ek_set *s, size_t idx, const struct oomt_event *ev,
               struct ek_explained *x)
{
	int r;

	x->ev = ev;
	oomt_model_init(&x->model);
	/* The kills before this one: victims the kernel had already taken are skipped. */
	r = oomt_model_compute_history(ev, ek_set_history(s), idx, &x->model);
	if (r == 0)
		r = findings_with_history(s, idx, x);
	if (r < 0)
		oomt_model_done(&x->model);
	return r;
}

void ek_explained_done(struct ek_explained *x)
{
	oomt_model_done(&x->model);
}
