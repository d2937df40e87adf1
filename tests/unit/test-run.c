/* SPDX-License-Identifier: MIT */
/* oomtool run's library side on fixture counters (tests/fixtures/run): what the kernel
 * counted, v2 (with and without memory.peak) and v1 (with and without the oom_kill
 * counter); the peak and its source, the verdict, the suggested limit and its spellings,
 * the JSON; the systemd backend's pure parts. The live runs are tests/live/run-*.sh. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/run.h>
#include <oomtool/run-json.h>
#include "run/run-internal.h"

#define FIX TEST_FIXTURE_DIR "/run"
#define MIB (INT64_C(1) << 20)
#define S(lit) lit, sizeof(lit) - 1

static int open_fixture(const char *name)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", FIX, name);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	return fd;
}

/* A finished try from a fixture directory: what supervise.c does after the reap. */
static void fixture_try(const char *name, enum oomt_cgroup_version v, int exit_status,
                        int sig, struct oomt_run_try *t)
{
	struct oomt_run_sampler s;
	struct oomt_run_sample smp;
	struct oomt_run_counters c;
	struct oomt_run_maxima m;
	int fd = open_fixture(name);

	memset(t, 0, sizeof(*t));
	t->cgroup_version = v;
	t->limit_bytes = 300 * MIB;
	t->high_bytes = t->swap_max_bytes = OOMT_UNKNOWN;
	t->exit_status = exit_status;
	t->signal = sig;
	oomt_run_maxima_init(&m);
	assert_int_equal(oomt_run_sampler_open(fd, v, &s), 0);
	assert_int_equal(oomt_run_sampler_read(&s, &smp), 0);
	oomt_run_maxima_add(&m, &smp);
	oomt_run_sampler_close(&s);
	oomt_run_counters_read(fd, v, &c);
	oomt_run_try_finish(t, &c, &m);
	close(fd);
}

static void test_parse_stat(void **state)
{
	struct oomt_run_sample s = { OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN,
	                             OOMT_UNKNOWN };
	(void)state;
	oomt_run_parse_stat(OOMT_CGROUP_V2, S("anon 10\nanon_thp 99\nfile 20\nfile_mapped 7\n"
	                                      "inactive_file 5\n"), &s);
	assert_int_equal(s.anon_bytes, 10);     /* not anon_thp: whole keys only */
	assert_int_equal(s.file_bytes, 20);
	assert_int_equal(s.inactive_file_bytes, 5);
	assert_true(s.swap_bytes == OOMT_UNKNOWN);
	assert_true(s.usage_bytes == OOMT_UNKNOWN);
	s.anon_bytes = s.file_bytes = s.inactive_file_bytes = OOMT_UNKNOWN;
	/* v1: the hierarchical total_ lines, not the cgroup's own */
	oomt_run_parse_stat(OOMT_CGROUP_V1, S("cache 1\nrss 2\nswap 3\ninactive_file 4\n"
	                                      "total_cache 10\ntotal_rss 20\ntotal_swap 30\n"
	                                      "total_inactive_file 40"), &s);
	assert_int_equal(s.file_bytes, 10);
	assert_int_equal(s.anon_bytes, 20);
	assert_int_equal(s.swap_bytes, 30);
	assert_int_equal(s.inactive_file_bytes, 40);   /* the last line has no newline */
}

static void test_counters(void **state)
{
	struct oomt_run_counters c;
	int fd;
	(void)state;

	fd = open_fixture("v2");
	oomt_run_counters_read(fd, OOMT_CGROUP_V2, &c);
	close(fd);
	assert_int_equal(c.peak_bytes, 275775488);
	assert_int_equal(c.oom_kills, 1);
	assert_int_equal(c.limit_hits, 12);
	assert_int_equal(c.high_hits, 3);
	assert_int_equal(c.pressure_stall_usec, 123456);
	assert_int_equal(c.swap_peak_bytes, 4096);

	/* before 5.19: no memory.peak, no memory.swap.peak; unknown, not 0 */
	fd = open_fixture("v2-5.15");
	oomt_run_counters_read(fd, OOMT_CGROUP_V2, &c);
	close(fd);
	assert_true(c.peak_bytes == OOMT_UNKNOWN);
	assert_true(c.swap_peak_bytes == OOMT_UNKNOWN);
	assert_int_equal(c.oom_kills, 0);
	assert_int_equal(c.limit_hits, 0);
	assert_int_equal(c.pressure_stall_usec, 0);

	fd = open_fixture("v1");
	oomt_run_counters_read(fd, OOMT_CGROUP_V1, &c);
	close(fd);
	assert_int_equal(c.peak_bytes, 104857600);
	assert_int_equal(c.oom_kills, 1);
	assert_int_equal(c.limit_hits, 134);           /* failcnt + memsw.failcnt */
	assert_true(c.high_hits == OOMT_UNKNOWN);       /* v1 has no memory.high */
	assert_true(c.pressure_stall_usec == OOMT_UNKNOWN);

	fd = open_fixture("v1-4.9");
	oomt_run_counters_read(fd, OOMT_CGROUP_V1, &c);
	close(fd);
	assert_true(c.oom_kills == OOMT_UNKNOWN);       /* no oom_kill line before 4.13 */
	assert_int_equal(c.limit_hits, 7);              /* no memsw.failcnt: failcnt alone */
}

static void test_sampler(void **state)
{
	struct oomt_run_sampler s;
	struct oomt_run_sample a, b;
	int64_t kills;
	int fd = open_fixture("v2");
	(void)state;

	assert_int_equal(oomt_run_sampler_open(fd, OOMT_CGROUP_V2, &s), 0);
	assert_int_equal(oomt_run_sampler_read(&s, &a), 0);
	assert_int_equal(oomt_run_sampler_read(&s, &b), 0);   /* pread at 0: read again */
	assert_memory_equal(&a, &b, sizeof(a));
	assert_int_equal(a.usage_bytes, 270000000);
	assert_int_equal(a.anon_bytes, 220200960);
	assert_int_equal(a.file_bytes, 52428800);
	assert_int_equal(a.inactive_file_bytes, 41943040);
	assert_int_equal(a.swap_bytes, 0);
	assert_int_equal(oomt_run_sampler_oom_kills(&s, &kills), 0);
	assert_int_equal(kills, 1);
	oomt_run_sampler_close(&s);
	close(fd);

	fd = open_fixture("v1-4.9");
	assert_int_equal(oomt_run_sampler_open(fd, OOMT_CGROUP_V1, &s), 0);
	assert_int_equal(oomt_run_sampler_read(&s, &a), 0);
	assert_int_equal(a.anon_bytes, 102760448);
	assert_true(a.swap_bytes == OOMT_UNKNOWN);     /* no swap accounting: no total_swap */
	assert_int_equal(oomt_run_sampler_oom_kills(&s, &kills), -ENODATA);
	oomt_run_sampler_close(&s);
	close(fd);
}

static void test_verdict_v2(void **state)
{
	struct oomt_run_try t;
	(void)state;

	fixture_try("v2", OOMT_CGROUP_V2, 137, SIGKILL, &t);
	assert_int_equal(t.verdict, OOMT_RUN_KILLED);
	assert_true(t.oom_killed);
	assert_int_equal(t.peak_bytes, 275775488);
	assert_int_equal(t.peak_source, OOMT_RUN_PEAK_MEMORY_PEAK);
	assert_int_equal(t.peak_anon_bytes, 220200960);
	assert_int_equal(t.peak_file_bytes, 52428800);
	assert_int_equal(t.swap_peak_bytes, 4096);      /* memory.swap.peak, not the sample */
	assert_int_equal(t.samples, 1);
	assert_true(oomt_run_try_suggestion_base(&t) == OOMT_UNKNOWN);   /* killed */

	/* memory.peak missing (before 5.19): the sampled peak, and it says so */
	fixture_try("v2-5.15", OOMT_CGROUP_V2, 0, 0, &t);
	assert_int_equal(t.verdict, OOMT_RUN_FITS);
	assert_false(t.oom_killed);
	assert_int_equal(t.peak_bytes, 140000000);
	assert_int_equal(t.peak_source, OOMT_RUN_PEAK_SAMPLED);
	assert_string_equal(oomt_run_peak_source_name(t.peak_source), "sampled");
	assert_int_equal(t.peak_working_set_bytes, 140000000 - 20971520);
	assert_int_equal(t.swap_peak_bytes, 0);          /* sampled memory.swap.current */
	assert_int_equal(oomt_run_try_suggestion_base(&t), 140000000 - 20971520);
	assert_int_equal(oomt_run_suggest_limit(oomt_run_try_suggestion_base(&t), 10), 128 * MIB);
}

static void test_verdict_reclaim(void **state)
{
	struct oomt_run_counters c = { 200 * MIB, 0, 5, 0, 1000, OOMT_UNKNOWN };
	struct oomt_run_maxima m;
	struct oomt_run_try t = { .cgroup_version = OOMT_CGROUP_V2 };
	(void)state;

	oomt_run_maxima_init(&m);
	oomt_run_try_finish(&t, &c, &m);
	assert_int_equal(t.verdict, OOMT_RUN_FITS_WITH_RECLAIM);   /* hit the limit, survived */
	c.limit_hits = 0;
	c.high_hits = 2;
	oomt_run_try_finish(&t, &c, &m);
	assert_int_equal(t.verdict, OOMT_RUN_FITS_WITH_RECLAIM);   /* throttled at memory.high */
	assert_string_equal(oomt_run_verdict_name(t.verdict), "fits_with_reclaim");
	/* nothing sampled (a command shorter than one interval): the exact peak is the base */
	assert_int_equal(oomt_run_try_suggestion_base(&t), 200 * MIB);
}

static void test_verdict_v1(void **state)
{
	struct oomt_run_try t;
	(void)state;

	fixture_try("v1", OOMT_CGROUP_V1, 137, SIGKILL, &t);
	assert_int_equal(t.verdict, OOMT_RUN_KILLED);
	assert_int_equal(t.peak_source, OOMT_RUN_PEAK_MAX_USAGE);
	assert_string_equal(oomt_run_peak_source_name(t.peak_source), "max_usage_in_bytes");
	assert_int_equal(t.limit_hits, 134);

	/* no oom_kill counter (before 4.13): SIGKILL alone proves nothing */
	fixture_try("v1-4.9", OOMT_CGROUP_V1, 137, SIGKILL, &t);
	assert_int_equal(t.verdict, OOMT_RUN_VERDICT_UNKNOWN);
	assert_false(t.oom_killed);
	assert_string_equal(oomt_run_verdict_name(t.verdict), "unknown");
	fixture_try("v1-4.9", OOMT_CGROUP_V1, 0, 0, &t);
	assert_int_equal(t.verdict, OOMT_RUN_FITS_WITH_RECLAIM);   /* failcnt 7 */
}

/* A command killed by a plain SIGKILL with the counter at 0 is not an OOM kill. */
static void test_sigkill_is_not_oom(void **state)
{
	struct oomt_run_counters c = { 50 * MIB, 0, 0, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN };
	struct oomt_run_maxima m;
	struct oomt_run_try t = { .cgroup_version = OOMT_CGROUP_V1, .exit_status = 137,
	                          .signal = SIGKILL };
	(void)state;

	oomt_run_maxima_init(&m);
	oomt_run_try_finish(&t, &c, &m);
	assert_false(t.oom_killed);
	assert_int_equal(t.verdict, OOMT_RUN_FITS);
}

/* A short peak between two samples: the exact peak less the cache seen at the highest
 * sample, not the sampled working set alone. */
static void test_working_set_estimate(void **state)
{
	struct oomt_run_sample a = { 100 * MIB, 60 * MIB, 40 * MIB, 30 * MIB, 0 };
	struct oomt_run_sample b = { 150 * MIB, 130 * MIB, 20 * MIB, 10 * MIB, 0 };
	struct oomt_run_counters c = { 208 * MIB, 0, 0, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN };
	struct oomt_run_maxima m;
	struct oomt_run_try t = { .cgroup_version = OOMT_CGROUP_V1 };
	(void)state;

	oomt_run_maxima_init(&m);
	oomt_run_maxima_add(&m, &a);
	oomt_run_maxima_add(&m, &b);
	assert_int_equal(m.working_set_bytes, 140 * MIB);
	assert_int_equal(m.inactive_file_at_usage_max_bytes, 10 * MIB);
	oomt_run_try_finish(&t, &c, &m);
	assert_int_equal(t.peak_working_set_bytes, 198 * MIB);
	assert_int_equal(t.peak_anon_bytes, 130 * MIB);
	assert_int_equal(oomt_run_try_suggestion_base(&t), 198 * MIB);
	assert_int_equal(oomt_run_suggest_limit(198 * MIB, 10), 224 * MIB);
}

static void test_suggest(void **state)
{
	char buf[32];
	(void)state;

	assert_int_equal(oomt_run_suggest_limit(207 * MIB, 10), 232 * MIB);
	assert_int_equal(oomt_run_suggest_limit(1 * MIB, 10), 6 * MIB);     /* Docker's minimum */
	assert_int_equal(oomt_run_suggest_limit(0, 10), 6 * MIB);
	assert_int_equal(oomt_run_suggest_limit(1000 * MIB, 10), 1152 * MIB); /* 64 MiB steps */
	assert_int_equal(oomt_run_suggest_limit(1861 * MIB, 10), 2048 * MIB);
	assert_int_equal(oomt_run_suggest_limit(100 * MIB, 0), 100 * MIB);
	assert_true(oomt_run_suggest_limit(OOMT_UNKNOWN, 10) == OOMT_UNKNOWN);
	assert_string_equal(oomt_run_limit_format(232 * MIB, OOMT_RUN_LIMIT_DOCKER, buf, sizeof(buf)),
	                    "232m");
	assert_string_equal(oomt_run_limit_format(232 * MIB, OOMT_RUN_LIMIT_KUBERNETES, buf,
	                                          sizeof(buf)), "232Mi");
	assert_string_equal(oomt_run_limit_format(232 * MIB, OOMT_RUN_LIMIT_SYSTEMD, buf, sizeof(buf)),
	                    "232M");
	assert_string_equal(oomt_run_limit_format(2048 * MIB, OOMT_RUN_LIMIT_DOCKER, buf, sizeof(buf)),
	                    "2g");
	assert_string_equal(oomt_run_limit_format(2048 * MIB, OOMT_RUN_LIMIT_KUBERNETES, buf,
	                                          sizeof(buf)), "2Gi");
	assert_string_equal(oomt_run_limit_format(123456789, OOMT_RUN_LIMIT_SYSTEMD, buf, sizeof(buf)),
	                    "123456789");
	assert_string_equal(oomt_run_limit_format(OOMT_UNKNOWN, OOMT_RUN_LIMIT_SYSTEMD, buf,
	                                          sizeof(buf)), "-");
}

static char *report_json(const struct oomt_run_report *rep)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct oomt_json *j;

	assert_non_null(f);
	assert_int_equal(oomt_json_new(f, false, &j), 0);
	oomt_run_report_write_json(j, rep);
	oomt_json_finish(j);
	oomt_json_free(j);
	fclose(f);
	return text;
}

static void test_report_json(void **state)
{
	char *const argv[] = { "python3", "-c", "b = b'x' * (200 << 20)", NULL };
	struct oomt_run_report *rep;
	const struct oomt_run_try *stored;
	struct oomt_run_try t;
	char *json;
	(void)state;

	fixture_try("v1", OOMT_CGROUP_V1, 137, SIGKILL, &t);
	t.limit_bytes = 100 * MIB;
	t.swap_max_bytes = 0;
	t.wall_usec = 412000;
	assert_int_equal(oomt_run_report_new(argv, 10, &rep), 0);
	stored = oomt_run_report_add(rep, &t);
	assert_non_null(stored);
	oomt_run_report_conclude(rep, stored, OOMT_UNKNOWN);
	json = report_json(rep);
	assert_string_equal(json,
		"{\"command\":[\"python3\",\"-c\",\"b = b'x' * (200 << 20)\"],"
		"\"limit_bytes\":104857600,\"high_bytes\":null,\"swap_max_bytes\":0,"
		"\"exit_status\":137,\"signal\":9,\"oom_killed\":true,\"oom_kills\":1,"
		"\"peak_bytes\":104857600,\"peak_source\":\"max_usage_in_bytes\","
		"\"peak_anon_bytes\":102760448,\"peak_file_bytes\":1048576,\"limit_hits\":134,"
		"\"high_hits\":null,\"pressure_stall_usec\":null,\"swap_peak_bytes\":0,"
		"\"wall_usec\":412000,\"verdict\":\"killed\",\"suggested_limit_bytes\":null,"
		"\"tries\":[{\"limit_bytes\":104857600,\"exit_status\":137,\"signal\":9,"
		"\"oom_killed\":true,\"oom_kills\":1,\"peak_bytes\":104857600,"
		"\"peak_source\":\"max_usage_in_bytes\",\"limit_hits\":134,\"wall_usec\":412000,"
		"\"verdict\":\"killed\"}]}\n");
	free(json);
	oomt_run_report_free(rep);

	/* a passing try with the counter unknown (v1 before 4.13): oom_killed null */
	fixture_try("v1-4.9", OOMT_CGROUP_V1, 0, 0, &t);
	assert_int_equal(oomt_run_report_new(argv, 10, &rep), 0);
	stored = oomt_run_report_add(rep, &t);
	oomt_run_report_conclude(rep, stored, OOMT_UNKNOWN);
	assert_int_equal(rep->suggestion_base_bytes, 104857600 - 524288);
	assert_int_equal(rep->suggested_limit_bytes, 112 * MIB);
	json = report_json(rep);
	assert_non_null(strstr(json, "\"signal\":null,\"oom_killed\":null,\"oom_kills\":null,"));
	assert_non_null(strstr(json, "\"verdict\":\"fits_with_reclaim\",\"suggested_limit_bytes\":"
	                             "117440512,"));
	free(json);
	/* find-limit: the found limit is the base when it is above the working set */
	oomt_run_report_conclude(rep, stored, 120 * MIB);
	assert_int_equal(rep->suggestion_base_bytes, 120 * MIB);
	assert_int_equal(rep->suggested_limit_bytes, 136 * MIB);
	oomt_run_report_free(rep);
}

static void test_systemd_parts(void **state)
{
	struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
	char buf[256];
	(void)state;

	assert_true(oomt_run_systemd_booted(FIX "/sysroot-systemd"));
	assert_false(oomt_run_systemd_booted(FIX "/sysroot-plain"));
	snprintf(cg.v2, sizeof(cg.v2), "/user.slice/user-0.slice/session-1.scope");
	snprintf(cg.v1_memory, sizeof(cg.v1_memory), "/user.slice");
	assert_int_equal(oomt_run_scope_path(&cg, OOMT_CGROUP_V2, "oomtool-run-42.scope", buf,
	                                     sizeof(buf)), -EAGAIN);   /* not moved yet */
	snprintf(cg.v2, sizeof(cg.v2), "/system.slice/oomtool-run-42.scope");
	assert_int_equal(oomt_run_scope_path(&cg, OOMT_CGROUP_V2, "oomtool-run-42.scope", buf,
	                                     sizeof(buf)), 0);
	assert_string_equal(buf, "/system.slice/oomtool-run-42.scope");
	/* another unit whose name ends the same is not ours */
	snprintf(cg.v2, sizeof(cg.v2), "/system.slice/xoomtool-run-42.scope");
	assert_int_equal(oomt_run_scope_path(&cg, OOMT_CGROUP_V2, "oomtool-run-42.scope", buf,
	                                     sizeof(buf)), -EAGAIN);
	/* v1 hosts: the memory hierarchy's line */
	snprintf(cg.v1_memory, sizeof(cg.v1_memory), "/system.slice/oomtool-run-42.scope");
	assert_int_equal(oomt_run_scope_path(&cg, OOMT_CGROUP_V1, "oomtool-run-42.scope", buf,
	                                     sizeof(buf)), 0);
	assert_int_equal(oomt_run_scope_path(&cg, OOMT_CGROUP_V1, "oomtool-run-42.scope", buf, 8),
	                 -ENAMETOOLONG);
}

static void test_resolve(void **state)
{
	char buf[256];
	(void)state;

	oomt_run_resolve("sh", "/nonexistent-dir::/bin", buf, sizeof(buf));
	assert_string_equal(buf, "/bin/sh");
	oomt_run_resolve("./sh", "/bin", buf, sizeof(buf));
	assert_string_equal(buf, "./sh");                 /* a slash: as given */
	oomt_run_resolve("no-such-command-oomt", "/bin", buf, sizeof(buf));
	assert_string_equal(buf, "no-such-command-oomt"); /* exec fails with ENOENT: 127 */
}

static void test_new_rejects(void **state)
{
	struct oomt_run_options o = { .struct_size = sizeof(o), .limit_bytes = 100 * MIB,
	                              .high_bytes = OOMT_UNKNOWN, .swap_max_bytes = OOMT_UNKNOWN };
	struct oomt_run *run = NULL;
	(void)state;

	o.struct_size = 4;
	assert_int_equal(oomt_run_new(&o, &run), -EINVAL);
	o.struct_size = sizeof(o);
	o.limit_bytes = 0;
	assert_int_equal(oomt_run_new(&o, &run), -EINVAL);
	o.limit_bytes = 100 * MIB;
	o.swap_max_bytes = -5;
	assert_int_equal(oomt_run_new(&o, &run), -EINVAL);
	o.swap_max_bytes = OOMT_UNKNOWN;
	/* a tree without any memory controller */
	o.sysroot = FIX "/sysroot-plain";
	assert_int_equal(oomt_run_new(&o, &run), -ENOENT);
	assert_null(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_stat),
		cmocka_unit_test(test_counters),
		cmocka_unit_test(test_sampler),
		cmocka_unit_test(test_verdict_v2),
		cmocka_unit_test(test_verdict_reclaim),
		cmocka_unit_test(test_verdict_v1),
		cmocka_unit_test(test_sigkill_is_not_oom),
		cmocka_unit_test(test_working_set_estimate),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_report_json),
		cmocka_unit_test(test_systemd_parts),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_new_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
