/* SPDX-License-Identifier: MIT */
/* oomt_event_same() and oomt_event_merge(): one kill read through several sources. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <oomtool/event.h>
#include "event/event-internal.h"

static void kill_event(struct oomt_event *ev, int64_t pid, int64_t uptime_usec)
{
	oomt_event_init(ev);
	ev->victim.pid = pid;
	strcpy(ev->victim.comm, "python3");
	ev->uptime_usec = uptime_usec;
}

static void test_same_uptime(void **state)
{
	struct oomt_event a, b;

	(void)state;
	kill_event(&a, 1234, 1162881984);
	kill_event(&b, 1234, 1162883220);
	assert_true(oomt_event_same(&a, &b));
	b.uptime_usec += 5000000;
	assert_false(oomt_event_same(&a, &b));
}

static void test_different_pid(void **state)
{
	struct oomt_event a, b;

	(void)state;
	kill_event(&a, 1234, 1000000);
	kill_event(&b, 1235, 1000000);
	assert_false(oomt_event_same(&a, &b));
}

/* The journal says "web1", the aggregated syslog "web1.example.com". */
static void test_host_short_and_fqdn(void **state)
{
	struct oomt_event a, b;

	(void)state;
	kill_event(&a, 42, 5000000);
	kill_event(&b, 42, 5000000);
	strcpy(a.host, "web1");
	strcpy(b.host, "WEB1.example.com");
	assert_true(oomt_event_same(&a, &b));
	strcpy(b.host, "web2.example.com");
	assert_false(oomt_event_same(&a, &b));
	strcpy(a.host, "web1.example.org");
	strcpy(b.host, "web1.example.com");
	assert_false(oomt_event_same(&a, &b));
}

/* One source lost the header (no trigger), the other the kill line (no victim): the
 * trigger pid known on both sides decides. */
static void test_trigger_only(void **state)
{
	struct oomt_event a, b;

	(void)state;
	kill_event(&a, 77, 9000000);
	a.trigger.pid = 77;
	kill_event(&b, OOMT_UNKNOWN, 9000100);
	b.trigger.pid = 77;
	assert_true(oomt_event_same(&a, &b));
	b.trigger.pid = 78;
	assert_false(oomt_event_same(&a, &b));
	/* no pid known on both sides: not the same */
	a.trigger.pid = OOMT_UNKNOWN;
	b.trigger.pid = OOMT_UNKNOWN;
	assert_false(oomt_event_same(&a, &b));
}

static void test_wall_clock(void **state)
{
	struct oomt_event a, b;

	(void)state;
	kill_event(&a, 5, OOMT_UNKNOWN);
	kill_event(&b, 5, OOMT_UNKNOWN);
	a.time_usec = 1725796800000000LL;
	b.time_usec = a.time_usec + 1000000;
	assert_true(oomt_event_same(&a, &b));
	b.time_usec = a.time_usec + 3600000000LL;
	assert_false(oomt_event_same(&a, &b));
	b.time_usec = OOMT_UNKNOWN;
	assert_false(oomt_event_same(&a, &b));
}

/* The same pid killed at the same uptime in two boots (an OOM on every boot), read from two
 * text logs without boot IDs: the wall clocks tell them apart. */
static void test_repeat_on_every_boot(void **state)
{
	struct oomt_event a, b;

	(void)state;
	kill_event(&a, 812, 35000000);
	kill_event(&b, 812, 35400000);
	a.time_usec = 1725796800000000LL;
	b.time_usec = a.time_usec + 3600000000LL;
	assert_false(oomt_event_same(&a, &b));
	b.time_usec = a.time_usec + 30000000LL;
	assert_true(oomt_event_same(&a, &b));
	/* one boot ID known on both sides: uptime alone decides */
	strcpy(a.boot_id, "0123456789abcdef0123456789abcdef");
	strcpy(b.boot_id, a.boot_id);
	b.time_usec = a.time_usec + 7200000000LL;
	assert_true(oomt_event_same(&a, &b));
}

static void test_killer_and_boot(void **state)
{
	struct oomt_event a, b;

	(void)state;
	kill_event(&a, 5, 1000000);
	kill_event(&b, 5, 1000000);
	b.killer = OOMT_KILLER_EARLYOOM;
	assert_false(oomt_event_same(&a, &b));
	b.killer = OOMT_KILLER_KERNEL;
	strcpy(a.boot_id, "0123456789abcdef0123456789abcdef");
	strcpy(b.boot_id, "fedcba9876543210fedcba9876543210");
	assert_false(oomt_event_same(&a, &b));
}

static void test_merge_fills_gaps(void **state)
{
	struct oomt_event a, b;

	(void)state;
	kill_event(&a, 5, 1000000);
	kill_event(&b, 5, 1000000);
	strcpy(b.host, "web1");
	b.time_usec = 1725796800000000LL;
	b.n_tasks = 2;
	b.tasks = calloc(2, sizeof(*b.tasks));
	assert_non_null(b.tasks);
	oomt_task_init(&b.tasks[0]);
	oomt_task_init(&b.tasks[1]);
	b.has_tasks = true;
	oomt_event_merge(&a, &b);
	assert_string_equal(a.host, "web1");
	assert_int_equal(a.time_usec, 1725796800000000LL);
	assert_int_equal(a.n_tasks, 2);
	assert_true(a.has_tasks);
	oomt_event_done(&a);
	oomt_event_done(&b);
}

/* A cgroup path one source has cut and another whole: the whole one, no longer cut; a cut
 * path fills an empty one with its mark, and never replaces a whole one. */
static void test_merge_cut_paths(void **state)
{
	struct oomt_event a, b;

	(void)state;
	kill_event(&a, 5, 1000000);
	kill_event(&b, 5, 1000000);
	strcpy(a.task_memcg, "/user.slice/app.slice/vte-s");
	a.cut = OOMT_CUT_TASK_MEMCG;
	strcpy(b.task_memcg, "/user.slice/app.slice/vte-spawn-1.scope");
	strcpy(b.oom_memcg, "/user.slice/app");
	b.cut = OOMT_CUT_OOM_MEMCG;
	oomt_event_merge(&a, &b);
	assert_string_equal(a.task_memcg, "/user.slice/app.slice/vte-spawn-1.scope");
	assert_string_equal(a.oom_memcg, "/user.slice/app");
	assert_int_equal(a.cut, OOMT_CUT_OOM_MEMCG);
	strcpy(b.task_memcg, "/user.slice/app.slice/vte");
	b.cut = OOMT_CUT_TASK_MEMCG | OOMT_CUT_OOM_MEMCG;
	oomt_event_merge(&a, &b);
	assert_string_equal(a.task_memcg, "/user.slice/app.slice/vte-spawn-1.scope");
	assert_int_equal(a.cut, OOMT_CUT_OOM_MEMCG);
}

/* The id is the same for one kill read through journal, kmsg and syslog (same pid,
 * uptime second, boot and words; wall clocks a second apart, short vs full host name),
 * and differs for two reports that only share a pid and a time. */
static void test_id_stable_and_distinct(void **state)
{
	struct oomt_event a, b;

	(void)state;
	kill_event(&a, 1234, 1162881984);
	strcpy(a.trigger.comm, "worker");
	strcpy(a.trigger.gfp_mask, "0xcc0");
	a.trigger.order = 0;
	b = a;
	strcpy(a.source, "journal");
	strcpy(a.host, "web1");
	a.time_usec = 1700000000000000;
	strcpy(b.source, "/var/log/syslog");
	strcpy(b.host, "web1.example.com");
	b.time_usec = 1700000001000000;
	b.uptime_usec = 1162881999;
	oomt_event_set_id(&a);
	oomt_event_set_id(&b);
	assert_string_equal(a.id, b.id);

	strcpy(b.trigger.comm, "other");
	oomt_event_set_id(&b);
	assert_string_not_equal(a.id, b.id);
	b = a;
	b.trigger.order = 3;
	oomt_event_set_id(&b);
	assert_string_not_equal(a.id, b.id);
	b = a;
	strcpy(b.trigger.gfp_mask, "0x6200ca");
	oomt_event_set_id(&b);
	assert_string_not_equal(a.id, b.id);
}

/* Neither pid nor time: nothing to recognise the kill by, so never merged, even with
 * itself (two header-only pastes of different incidents look exactly alike). */
static void test_anonymous_never_same(void **state)
{
	struct oomt_event a, b;

	(void)state;
	oomt_event_init(&a);
	strcpy(a.trigger.comm, "java");
	strcpy(a.host, "web1");
	b = a;
	assert_false(oomt_event_same(&a, &b));
	assert_false(oomt_event_same(&a, &a));
	b.victim.pid = 5;          /* a pid on one side only does not help */
	assert_false(oomt_event_same(&a, &b));
	assert_false(oomt_event_same(&b, &a));
}

/* A kill known from systemd's unit lines alone (no pid): the journal's and syslog's copies
 * of one burst are the same (same unit and host, wall clocks a second apart); another
 * unit, another host or a minute later is another kill; a kernel kill of that unit read
 * whole in another source is the same. Their ids differ by unit within one minute. */
static void test_unit_only(void **state)
{
	struct oomt_event a, b, k;

	(void)state;
	oomt_event_init(&a);
	strcpy(a.unit, "pg-backup.service");
	strcpy(a.host, "dbhost7");
	a.time_usec = 1741918312880112;
	b = a;
	b.time_usec += 1200000;
	strcpy(b.host, "dbhost7.example.net");
	assert_true(oomt_event_is_secondhand(&a));
	assert_true(oomt_event_same(&a, &b));
	assert_true(oomt_event_same(&b, &a));
	b.time_usec += 60000000;
	assert_false(oomt_event_same(&a, &b));
	b.time_usec = a.time_usec;
	strcpy(b.unit, "nginx.service");
	assert_false(oomt_event_same(&a, &b));
	oomt_event_set_id(&a);
	oomt_event_set_id(&b);
	assert_string_not_equal(a.id, b.id);
	strcpy(b.unit, a.unit);
	strcpy(b.host, "dbhost8");
	assert_false(oomt_event_same(&a, &b));

	kill_event(&k, 30412, 73411502431);
	k.time_usec = a.time_usec + 400000;
	strcpy(k.host, "dbhost7");
	strcpy(k.unit, "pg-backup.service");
	assert_false(oomt_event_is_secondhand(&k));
	assert_true(oomt_event_same(&k, &a));
	strcpy(k.unit, "nginx.service");
	assert_false(oomt_event_same(&k, &a));
	/* a systemd-oomd kill without a pid is no kernel kill */
	b = a;
	b.killer = OOMT_KILLER_SYSTEMD_OOMD;
	assert_false(oomt_event_is_secondhand(&b));
	assert_false(oomt_event_same(&a, &b));
}

static void oomd_kill(struct oomt_event *ev, int64_t time_usec, const char *cgroup)
{
	oomt_event_init(ev);
	ev->killer = OOMT_KILLER_SYSTEMD_OOMD;
	ev->kind = OOMT_KIND_OOM_KILL;
	ev->time_usec = time_usec;
	strcpy(ev->host, "deskA");
	strcpy(ev->task_memcg, cgroup);
	strcpy(ev->signal, "SIGKILL");
}

/* systemd-oomd kills have no pid: the same kill is the same cgroup (a cut path by its
 * start) within a few seconds; another cgroup, a later kill of the cgroup, two pids that
 * differ or another host are not. */
static void test_oomd_same_without_pid(void **state)
{
	struct oomt_event a, b;

	(void)state;
	oomd_kill(&a, 1720945265000000LL, "/user.slice/user-1000.slice/app.slice/app-x.sc");
	a.cut = OOMT_CUT_TASK_MEMCG;
	oomd_kill(&b, 1720945266000000LL, "/user.slice/user-1000.slice/app.slice/app-x.scope");
	assert_true(oomt_event_same(&a, &b));
	assert_true(oomt_event_same(&b, &a));
	a.cut = 0;                        /* a whole path that differs */
	assert_false(oomt_event_same(&a, &b));
	a.cut = OOMT_CUT_TASK_MEMCG;
	b.time_usec += 10000000;          /* ten seconds later: another kill */
	assert_false(oomt_event_same(&a, &b));
	b.time_usec -= 10000000;
	strcpy(b.task_memcg, "/user.slice/user-1000.slice/app.slice/app-y.scope");
	assert_false(oomt_event_same(&a, &b));
	strcpy(b.task_memcg, "/user.slice/user-1000.slice/app.slice/app-x.scope");
	a.victim.pid = 4410;              /* a pid on one side does not decide */
	assert_true(oomt_event_same(&a, &b));
	b.victim.pid = 4411;
	assert_false(oomt_event_same(&a, &b));
	b.victim.pid = OOMT_UNKNOWN;
	strcpy(b.host, "deskB");
	assert_false(oomt_event_same(&a, &b));
	strcpy(b.host, "deskA");
	b.killer = OOMT_KILLER_EARLYOOM;
	assert_false(oomt_event_same(&a, &b));
}

/* The kept record takes the other's whole reason (for its missing or cut one), its unit
 * and count, and its whole path; a cut reason never replaces a whole one. */
static void test_oomd_merge_reason(void **state)
{
	struct oomt_event a, b;

	(void)state;
	oomd_kill(&a, 1720945265000000LL, "/user.slice/app-x.sc");
	a.cut = OOMT_CUT_TASK_MEMCG;
	a.missing = OOMT_PART_REASON;
	oomd_kill(&b, 1720945265000000LL, "/user.slice/app-x.scope");
	strcpy(b.reason, "memory pressure for /user.slice being 61.00% > 50.00% for > 20s with reclaim activity");
	strcpy(b.unit, "app-x.scope");
	b.processes_killed = 9;
	b.complete = true;
	oomt_event_merge(&a, &b);
	assert_string_equal(a.task_memcg, "/user.slice/app-x.scope");
	assert_string_equal(a.reason, b.reason);
	assert_string_equal(a.unit, "app-x.scope");
	assert_int_equal(a.processes_killed, 9);
	assert_int_equal(a.cut, 0);
	assert_true(a.complete);
	assert_int_equal(a.missing, 0);

	oomd_kill(&a, 1720945265000000LL, "/user.slice/app-x.scope");
	strcpy(a.reason, "memory pressure for /user.sl");
	a.cut = OOMT_CUT_REASON;
	a.complete = true;
	oomt_event_merge(&a, &b);
	assert_string_equal(a.reason, b.reason);
	assert_int_equal(a.cut, 0);
	strcpy(b.reason, "memory pressure for /user.sl");   /* cut: never over a whole one */
	b.cut = OOMT_CUT_REASON;
	oomt_event_merge(&a, &b);
	assert_string_equal(a.reason, "memory pressure for /user.slice being 61.00% > 50.00% for > 20s with reclaim activity");
	assert_int_equal(a.cut, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_uptime),
		cmocka_unit_test(test_different_pid),
		cmocka_unit_test(test_host_short_and_fqdn),
		cmocka_unit_test(test_trigger_only),
		cmocka_unit_test(test_wall_clock),
		cmocka_unit_test(test_repeat_on_every_boot),
		cmocka_unit_test(test_killer_and_boot),
		cmocka_unit_test(test_merge_fills_gaps),
		cmocka_unit_test(test_merge_cut_paths),
		cmocka_unit_test(test_id_stable_and_distinct),
		cmocka_unit_test(test_anonymous_never_same),
		cmocka_unit_test(test_unit_only),
		cmocka_unit_test(test_oomd_same_without_pid),
		cmocka_unit_test(test_oomd_merge_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
