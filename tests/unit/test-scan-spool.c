/* SPDX-License-Identifier: MIT */
/* The spool (lib/scan/spool.c) gives back every incident as it was added, with or without
 * its task rows, whatever the order of the reads and the writes between them: its read
 * window never serves bytes of another record, nor records still in its write buffer, and
 * a folded duplicate reads back merged. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "scan/scan-internal.h"
#include "event/event-internal.h"

#define COUNT 600

/* Incident i: its own victim and kernel stamp, and i % 9 task rows (the odd ones with a
 * long comm, so that records differ in size). */
static void make(struct oomt_event *ev, size_t i, struct oomt_task *tasks)
{
	oomt_event_init(ev);
	ev->killer = OOMT_KILLER_KERNEL;
	ev->victim.pid = 1000 + (int64_t)i;
	ev->uptime_usec = 5000000 + (int64_t)i * 1000000;
	ev->time_usec = 1700000000000000 + ev->uptime_usec;
	snprintf(ev->victim.comm, sizeof(ev->victim.comm), "victim-%zu", i);
	strcpy(ev->host, "web1");
	if (i % 2)
		memset(ev->reason, 'r', sizeof(ev->reason) - 1);
	ev->n_tasks = i % 9;
	for (size_t k = 0; k < ev->n_tasks; k++) {
		oomt_task_init(&tasks[k]);
		tasks[k].pid = (int64_t)(i * 100 + k);
		tasks[k].rss_pages = (int64_t)k;
	}
	ev->tasks = ev->n_tasks ? tasks : NULL;
}

static void check(struct oomt_scan_spool *sp, size_t i, bool with_tasks)
{
	const struct oomt_event *ev;
	char comm[32];

	assert_int_equal(oomt_scan_spool_get(sp, i, with_tasks, &ev), 0);
	snprintf(comm, sizeof(comm), "victim-%zu", i);
	assert_int_equal(ev->victim.pid, 1000 + (int64_t)i);
	assert_string_equal(ev->victim.comm, comm);
	assert_int_equal(ev->reason[0], i % 2 ? 'r' : '\0');
	assert_int_equal(ev->n_tasks, with_tasks ? i % 9 : 0);
	for (size_t k = 0; k < ev->n_tasks; k++)
		assert_int_equal(ev->tasks[k].pid, (int64_t)(i * 100 + k));
}

static void test_read_back(void **state)
{
	struct oomt_scan_filter filter = { OOMT_UNKNOWN, OOMT_UNKNOWN, NULL, ~0u };
	struct oomt_scan_spool sp;
	struct oomt_task tasks[9];
	struct oomt_event *ev = malloc(sizeof(*ev));
	unsigned seed = 7;

	(void)state;
	assert_non_null(ev);
	assert_int_equal(oomt_scan_spool_open(&sp, getenv("TMPDIR"), &filter,
	                                      OOMT_SCAN_TASK_ROWS_ALL, 0), 0);
	for (size_t i = 0; i < COUNT; i++) {
		make(ev, i, tasks);
		assert_int_equal(oomt_scan_spool_add(&sp, ev, 0), 0);
		/* reads between the writes: the newest (still buffered), and any earlier one */
		if (i % 7 == 0)
			check(&sp, i, true);
		if (i % 3 == 0) {
			seed = seed * 1103515245u + 12345u;
			check(&sp, (seed >> 8) % (i + 1), (seed >> 4) & 1);
		}
	}
	/* the same kill from a second source, with a part the first lacked: folded, and the
	 * record read back is the merged one, written after the window was filled */
	check(&sp, 10, false);
	make(ev, 10, tasks);
	strcpy(ev->trigger.comm, "trigger");
	assert_int_equal(oomt_scan_spool_add(&sp, ev, 1), 0);
	assert_int_equal(sp.n, COUNT);
	assert_int_equal(sp.merged, 1);
	{
		const struct oomt_event *got;

		assert_int_equal(oomt_scan_spool_get(&sp, 10, false, &got), 0);
		assert_string_equal(got->trigger.comm, "trigger");
	}
	for (size_t i = 0; i < COUNT; i++)
		check(&sp, i, i % 2);
	for (size_t i = COUNT; i-- > 0;)
		check(&sp, i, !(i % 2));
	oomt_scan_spool_close(&sp);
	free(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
