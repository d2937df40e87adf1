/* SPDX-License-Identifier: MIT */
/*
 * The incidents explain-kill looks at: exactly what scan-logs finds (its sources, its
 * cross-source de-duplication and its --since/--until filter), from the library's log scan
 * (oomtool/scan.h), so that ids and events are the same in both commands.
 *
 * Memory: the scan keeps the full events (task tables included) in its spool file; in
 * memory we keep a light copy of each event (no task table, ~5 KiB) for the history the
 * findings look back on (repeated kills, earlier victims). At most HISTORY_MAX of them,
 * the newest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/scan.h>
#include "common.h"
#include "explain-kill.h"
#include "scan-messages.h"

#define HISTORY_MAX 512

struct ek_set {
	struct oomt_scan *scan;
	struct oomt_event **hist;    /* light copies, oldest first */
	size_t *scan_idx;            /* which of the scan's incidents hist[i] is */
	size_t n;
	uint64_t dropped;            /* older events left out of the history */
};

/* Keeps a light copy (no task rows) of incident i of the scan. */
static int keep(struct ek_set *s, size_t i)
{
	const struct oomt_event *ev;
	struct oomt_event *light;
	int r;

	r = oomt_scan_event(s->scan, i, OOMT_SCAN_EVENT_NO_TASKS, &ev);
	if (r < 0)
		return r;
	light = oomt_event_dup(ev);
	if (!light)
		return -ENOMEM;
	if (s->n == HISTORY_MAX) {
		oomt_event_free(s->hist[0]);
		memmove(s->hist, s->hist + 1, (s->n - 1) * sizeof(*s->hist));
		memmove(s->scan_idx, s->scan_idx + 1, (s->n - 1) * sizeof(*s->scan_idx));
		s->n--;
		s->dropped++;
	}
	s->hist[s->n] = light;
	s->scan_idx[s->n++] = i;
	return 0;
}

static int build_history(struct ek_set *s)
{
	size_t n = oomt_scan_count(s->scan);
	int r = 0;

	s->hist = calloc(HISTORY_MAX, sizeof(*s->hist));
	s->scan_idx = calloc(HISTORY_MAX, sizeof(*s->scan_idx));
	if (!s->hist || !s->scan_idx)
		return -ENOMEM;
	for (size_t i = 0; i < n && r == 0; i++)
		r = keep(s, i);
	return r;
}

static int scan_logs(const struct ek_opts *o, struct ek_set *s)
{
	struct oomt_scan_opts so = {
		.struct_size = sizeof(so),
		.sysroot = o->sysroot,
		.tmp_dir = getenv("TMPDIR"),
		.since_usec = o->since_usec,
		.until_usec = o->until_usec,
		.task_rows = OOMT_SCAN_TASK_ROWS_ALL,
		/* --event finds an incident of any kind; otherwise the kinds asked for */
		.kinds = o->event_id ? OOMT_SCAN_KINDS_ALL : o->kinds,
	};
	int r, failed;

	r = cli_scan_new(EK_NAME, &so, &s->scan);
	if (r != 0)
		return r;
	r = cli_scan_add_inputs(s->scan, o->files, o->n_files, o->dirs, o->n_dirs);
	if (r == 0)
		r = oomt_scan_run(s->scan);
	cli_scan_report_errors(EK_NAME, s->scan);
	if (r == 0) {
		cli_scan_report_losses(EK_NAME, s->scan);
		r = build_history(s);
	}
	failed = cli_scan_failure_status(EK_NAME, s->scan);
	if (r < 0) {
		cli_err(EK_NAME, "reading the logs: %s", r == -ENOMEM ? "out of memory" : strerror(-r));
		return EXIT_RUNTIME;
	}
	return failed != CLI_CONTINUE ? failed : 0;
}

int ek_collect(const struct ek_opts *o, struct ek_set **ret)
{
	struct ek_set *s = calloc(1, sizeof(*s));
	int r;

	if (!s) {
		cli_err(EK_NAME, "out of memory");
		return EXIT_RUNTIME;
	}
	r = scan_logs(o, s);
	if (r != 0) {
		ek_set_free(s);
		return r;
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

int ek_set_read(struct ek_set *s, size_t i, struct oomt_event **ret)
{
	const struct oomt_event *full;
	int r;

	r = oomt_scan_event(s->scan, s->scan_idx[i], 0, &full);
	if (r < 0)
		return r;
	/* a copy the caller owns (and oomt_event_free()s), task rows included */
	*ret = oomt_event_dup(full);
	return *ret ? 0 : -ENOMEM;
}

void ek_set_free(struct ek_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		oomt_event_free(s->hist[i]);
	free(s->hist);
	free(s->scan_idx);
	oomt_scan_free(s->scan);
	free(s);
}

/* The findings see the full event at idx and the light history around it (what came
 * after only for the kills of the same memory.oom.group report). */
static int findings_with_history(const struct ek_set *s, size_t idx, struct ek_explained *x)
{
	const struct oomt_event **list = malloc(s->n * sizeof(*list));
	int r;

	if (!list)
		return -ENOMEM;
	memcpy(list, ek_set_history(s), s->n * sizeof(*list));
	list[idx] = x->ev;
	r = oomt_findings_new(list, s->n, idx, x->model, &x->findings);
	free(list);
	return r;
}

int ek_explain(const struct ek_set *s, size_t idx, const struct oomt_event *ev,
               struct ek_explained *x)
{
	int r;

	x->ev = ev;
	x->findings = NULL;
	/* The kills before this one: victims the kernel had already taken are skipped. */
	r = oomt_model_new(ev, ek_set_history(s), idx, &x->model);
	if (r == 0)
		r = findings_with_history(s, idx, x);
	if (r < 0)
		oomt_model_free(x->model);
	return r;
}

void ek_explained_done(struct ek_explained *x)
{
	oomt_findings_free(x->findings);
	oomt_model_free(x->model);
}
