/* SPDX-License-Identifier: MIT */
/* cgroup v1/v2 memory readers on the fixture tree, limit sentinels, the v1/v2 path choice.
 * The workload names have their own file (test-cgroup-workload.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <oomtool/cgroup.h>
#include "source/record.h"
#include "cgroup/parse.h"

#define FIX TEST_FIXTURE_DIR "/proc-basic"
#define S(lit) lit, sizeof(lit) - 1

static void test_parse(void **state)
{
	int64_t v;
	(void)state;
	assert_int_equal(oomt_cgroup_parse_limit(S("max\n"), &v), 0);
	assert_true(v == OOMT_UNKNOWN);
	assert_int_equal(oomt_cgroup_parse_limit(S("9223372036854771712\n"), &v), 0);
	assert_true(v == OOMT_UNKNOWN);
	assert_int_equal(oomt_cgroup_parse_limit(S("536870912\n"), &v), 0);
	assert_int_equal(v, 536870912);
	assert_int_equal(oomt_cgroup_parse_limit(S(""), &v), -ENODATA);
	assert_int_equal(oomt_cgroup_parse_limit(S("maxi\n"), &v), -ENODATA);
	assert_int_equal(oomt_cgroup_parse_limit(S("-1\n"), &v), -ENODATA);
	assert_int_equal(oomt_cgroup_parse_keyed(S("low 0\noom 4\noom_kill 3\n"), "oom_kill", &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(oomt_cgroup_parse_keyed(S("low 0\noom 4\noom_kill 3\n"), "oom", &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(oomt_cgroup_parse_keyed(S("oom_kill x\n"), "oom_kill", &v), -ENODATA);
}

static void test_fixture(void **state)
{
	struct oomt_cgroup_fs *fs;
	struct oomt_cgroup_memory m = { .struct_size = sizeof(m) };
	int64_t v;
	(void)state;
	assert_int_equal(oomt_cgroup_fs_open(FIX, &fs), 0);
	assert_true(oomt_cgroup_fs_has(fs, OOMT_CGROUP_V1) && oomt_cgroup_fs_has(fs, OOMT_CGROUP_V2));
	assert_int_equal(oomt_cgroup_memory_read(fs, OOMT_CGROUP_V1, "/system.slice/app.service", &m), 0);
	assert_int_equal(m.limit_bytes, 1073741824);
	assert_int_equal(m.usage_bytes, 900000000);
	assert_int_equal(m.peak_bytes, 1000000000);
	assert_int_equal(m.oom_kill_events, 2);
	assert_int_equal(m.under_oom, 0);
	assert_int_equal(oomt_cgroup_memory_read(fs, OOMT_CGROUP_V2, "/system.slice/app.service", &m), 0);
	assert_int_equal(m.limit_bytes, 536870912);
	assert_int_equal(m.usage_bytes, 12345678);
	assert_int_equal(m.oom_events, 4);
	assert_int_equal(m.oom_kill_events, 3);
	assert_true(m.peak_bytes == OOMT_UNKNOWN);  /* no memory.peak: unknown, not 0 */
	assert_int_equal(oomt_cgroup_memory_read(fs, OOMT_CGROUP_V2, "/gone", &m), -ENOENT);
	assert_int_equal(oomt_cgroup_memory_read(fs, OOMT_CGROUP_V2, "/../etc", &m), -EINVAL);
	m.struct_size = 8;
	assert_int_equal(oomt_cgroup_memory_read(fs, OOMT_CGROUP_V2, "/system.slice/app.service", &m),
	                 -EINVAL);
	/* the tightest limit on the way up */
	assert_int_equal(oomt_cgroup_effective_limit(fs, OOMT_CGROUP_V1,
	                 "/user.slice/user-1000.slice/session-3.scope", &v), 0);
	assert_int_equal(v, 268435456);
	assert_int_equal(oomt_cgroup_effective_limit(fs, OOMT_CGROUP_V1, "/system.slice/nginx.service", &v), 0);
	assert_true(v == OOMT_UNKNOWN);
	assert_int_equal(oomt_cgroup_effective_limit(fs, OOMT_CGROUP_V2, "/system.slice/app.service", &v), 0);
	assert_int_equal(v, 536870912);
	/* one value file */
	assert_int_equal(oomt_cgroup_value_read(fs, OOMT_CGROUP_V2, "/system.slice/app.service",
	                                        "memory.max", &v), 0);
	assert_int_equal(v, 536870912);
	assert_int_equal(oomt_cgroup_value_read(fs, OOMT_CGROUP_V2, "/system.slice/app.service",
	                                        "memory.swap.max", &v), -ENOENT);
	assert_int_equal(oomt_cgroup_value_read(fs, OOMT_CGROUP_V2, "/..", "memory.max", &v), -EINVAL);
	oomt_cgroup_fs_free(fs);
	fs = (struct oomt_cgroup_fs *)&v;
	assert_int_equal(oomt_cgroup_fs_open("/nonexistent-root", &fs), -ENOENT);
	assert_true(fs == (struct oomt_cgroup_fs *)&v);   /* untouched on failure */
	/* no hierarchy: every reader says so */
	assert_false(oomt_cgroup_fs_has(NULL, OOMT_CGROUP_V1));
	assert_int_equal(oomt_cgroup_memory_read(NULL, OOMT_CGROUP_V2, "/", &m), -EINVAL);
	m.struct_size = sizeof(m);
	assert_int_equal(oomt_cgroup_memory_read(NULL, OOMT_CGROUP_V2, "/", &m), -ENOENT);
	assert_int_equal(oomt_cgroup_effective_limit(NULL, OOMT_CGROUP_V1, "/", &v), -ENOENT);
}

/* v1 memory path when that hierarchy is mounted or v2 says nothing; else v2. */
static void test_memory_path(void **state)
{
	struct oomt_proc_cgroup both = { sizeof(both), "/v1/a", "/v2/a" };
	struct oomt_proc_cgroup v1only = { sizeof(v1only), "/v1/a", "" };
	struct oomt_proc_cgroup v2only = { sizeof(v2only), "", "/v2/a" };
	struct oomt_proc_cgroup none = { sizeof(none), "", "" };
	struct oomt_cgroup_fs *fs;
	const char *path;
	(void)state;
	assert_int_equal(oomt_cgroup_fs_open(FIX, &fs), 0);   /* v1 and v2 mounted */
	assert_int_equal(oomt_cgroup_memory_path(fs, &both, &path), OOMT_CGROUP_V1);
	assert_string_equal(path, "/v1/a");
	assert_int_equal(oomt_cgroup_memory_path(fs, &v2only, &path), OOMT_CGROUP_V2);
	assert_string_equal(path, "/v2/a");
	assert_int_equal(oomt_cgroup_memory_path(NULL, &both, &path), OOMT_CGROUP_V2);
	assert_string_equal(path, "/v2/a");
	assert_int_equal(oomt_cgroup_memory_path(NULL, &v1only, &path), OOMT_CGROUP_V1);
	assert_string_equal(path, "/v1/a");
	assert_int_equal(oomt_cgroup_memory_path(fs, &none, &path), 0);
	assert_string_equal(path, "");
	oomt_cgroup_fs_free(fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_memory_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
