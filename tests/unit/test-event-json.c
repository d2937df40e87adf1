/* SPDX-License-Identifier: MIT */
/* The scan-logs JSON of one incident: unknown is null, never 0; "" is null; bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <oomtool/event-json.h>
#include "event/event-internal.h"

static char *render(const struct oomt_event *ev)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct oomt_json *j;

	assert_non_null(f);
	assert_int_equal(oomt_json_new(f, false, &j), 0);
	oomt_event_write_json(j, ev);
	oomt_json_free(j);
	fclose(f);
	return buf;
}

static void test_unknown_is_null(void **state)
{
	struct oomt_event ev;
	char *s;

	(void)state;
	oomt_event_init(&ev);
	s = render(&ev);
	assert_non_null(strstr(s, "\"id\":null"));
	assert_non_null(strstr(s, "\"time\":null"));
	assert_non_null(strstr(s, "\"scope\":null"));
	assert_non_null(strstr(s, "\"killer\":\"kernel\""));
	assert_non_null(strstr(s, "\"victim\":{\"pid\":null,\"comm\":null"));
	assert_non_null(strstr(s, "\"memcg\":null"));
	assert_non_null(strstr(s, "\"meminfo\":null"));
	assert_non_null(strstr(s, "\"tasks\":null"));
	assert_non_null(strstr(s, "\"reaped\":null"));
	assert_non_null(strstr(s, "\"complete\":false"));
	assert_non_null(strstr(s, "\"missing\":[]"));
	assert_null(strstr(s, ":0,"));
	free(s);
	/* a Mem-Info whose lines never said "all_unreclaimable? ": null, not false */
	ev.has_meminfo = true;
	s = render(&ev);
	assert_non_null(strstr(s, "\"all_unreclaimable\":null"));
	free(s);
	ev.meminfo.all_unreclaimable_known = true;
	s = render(&ev);
	assert_non_null(strstr(s, "\"all_unreclaimable\":false"));
	free(s);
}

static void test_filled_event(void **state)
{
	struct oomt_event ev;
	struct oomt_task t;
	char *s;

	(void)state;
	oomt_event_init(&ev);
	ev.time_usec = 0;
	ev.scope = OOMT_SCOPE_MEMCG;
	strcpy(ev.trigger.gfp_mask, "0xcc0");
	ev.victim.pid = 2239;
	ev.victim.anon_rss_bytes = 65152LL * 1024;
	ev.has_memcg = true;
	ev.memcg.memory.limit_bytes = 64LL << 20;
	oomt_task_init(&t);
	t.pid = 2239;
	strcpy(t.name, "python3");
	ev.tasks = &t;
	ev.n_tasks = 1;
	ev.has_tasks = true;
	ev.missing = OOMT_PART_HEADER | OOMT_PART_TASKS_CUT;
	s = render(&ev);
	assert_non_null(strstr(s, "\"time\":\"1970-01-01T00:00:00"));
	assert_non_null(strstr(s, "\"scope\":\"memcg\""));
	assert_non_null(strstr(s, "\"gfp_mask\":\"0xcc0\""));
	assert_non_null(strstr(s, "\"anon_rss_bytes\":66715648"));
	assert_non_null(strstr(s, "\"limit_bytes\":67108864"));
	assert_non_null(strstr(s, "\"memsw_usage_bytes\":null"));
	assert_non_null(strstr(s, "\"tasks\":[{\"pid\":2239,\"uid\":null"));
	assert_non_null(strstr(s, "\"name\":\"python3\""));
	assert_non_null(strstr(s, "\"missing\":[\"header\",\"task_table_rows\"]"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_is_null),
		cmocka_unit_test(test_filled_event),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
