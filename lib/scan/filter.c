/* SPDX-License-Identifier: MIT */
/* The scan's time and host filter, and the task rows it keeps per incident. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "scan/scan-internal.h"

/* "web1" matches "web1.example.com" and back: aggregated syslogs mix short and full names. */
static bool host_matches(const char *want, const char *have)
{
	size_t lw = strcspn(want, "."), lh = strcspn(have, ".");

	if (strcasecmp(want, have) == 0)
		return true;
	if (want[lw] && have[lh])
		return false;        /* two different FQDNs */
	return lw == lh && strncasecmp(want, have, lw) == 0;
}

/* An incident whose time or host the log does not give passes the filter on it: it may
 * be one the caller wants, and the counts tell the caller how many were kept that way. */
unsigned oomt_scan_filter_check(const struct oomt_scan_filter *f, const struct oomt_event *ev)
{
	bool timed = f->since_usec != OOMT_UNKNOWN || f->until_usec != OOMT_UNKNOWN;
	bool no_host = f->host && !ev->host[0];
	bool no_time = timed && ev->time_usec == OOMT_UNKNOWN;

	if (!(f->kinds & OOMT_SCAN_KIND(ev->kind)))
		return 0;
	if (f->host && !no_host && !host_matches(f->host, ev->host))
		return 0;
	if (timed && !no_time) {
		if (f->since_usec != OOMT_UNKNOWN && ev->time_usec < f->since_usec)
			return 0;
		if (f->until_usec != OOMT_UNKNOWN && ev->time_usec > f->until_usec)
			return 0;
	}
	return OOMT_SCAN_WANTED | (no_time ? OOMT_SCAN_NO_TIME : 0) |
	       (no_host ? OOMT_SCAN_NO_HOST : 0);
}

struct ranked_row {
	int64_t rss_pages;
	size_t index;
};

static int cmp_rows(const void *a, const void *b)
{
	const struct ranked_row *x = a, *y = b;

	if (x->rss_pages != y->rss_pages)
		return x->rss_pages < y->rss_pages ? 1 : -1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int oomt_scan_task_rows(const struct oomt_event *ev, enum oomt_scan_task_rows mode, size_t top,
                        struct oomt_task **ret_tasks, size_t *ret_n)
{
	struct ranked_row *rank;
	struct oomt_task *out;
	size_t n;

	*ret_tasks = NULL;
	if (mode == OOMT_SCAN_TASK_ROWS_ALL || ev->n_tasks == 0) {
		*ret_n = ev->n_tasks;
		return 0;
	}
	n = mode == OOMT_SCAN_TASK_ROWS_TOP && top < ev->n_tasks ? top : ev->n_tasks;
	if (mode == OOMT_SCAN_TASK_ROWS_NONE)
		n = 0;
	*ret_n = n;
	if (n == 0)
		return 0;
	rank = malloc(ev->n_tasks * sizeof(*rank));
	out = malloc(n * sizeof(*out));
	if (!rank || !out) {
		free(rank);
		free(out);
		return -ENOMEM;
	}
	for (size_t i = 0; i < ev->n_tasks; i++) {
		rank[i].rss_pages = ev->tasks[i].rss_pages != OOMT_UNKNOWN ? ev->tasks[i].rss_pages : 0;
		rank[i].index = i;
	}
	qsort(rank, ev->n_tasks, sizeof(*rank), cmp_rows);
	for (size_t i = 0; i < n; i++)
		out[i] = ev->tasks[rank[i].index];
	free(rank);
	*ret_tasks = out;
	return 0;
}
