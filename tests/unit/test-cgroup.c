/* SPDX-License-Identifier: MIT */
/* cgroup v1/v2 memory readers on the fixture tree, limit sentinels, unit names. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <oomtool/cgroup.h>
#include <oomtool/record.h>

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
	struct oomt_cgroup_fs fs;
	struct oomt_cgroup_memory m;
	int64_t v;
	(void)state;
	assert_int_equal(oomt_cgroup_fs_open(&fs, FIX), 0);
	assert_true(fs.v1_memory_fd >= 0 && fs.v2_fd >= 0);
	assert_int_equal(oomt_cgroup_memory_read(&fs, OOMT_CGROUP_V1, "/system.slice/app.service", &m), 0);
	assert_int_equal(m.limit_bytes, 1073741824);
	assert_int_equal(m.usage_bytes, 900000000);
	assert_int_equal(m.peak_bytes, 1000000000);
	assert_int_equal(m.oom_kill_events, 2);
	assert_int_equal(m.under_oom, 0);
	assert_int_equal(oomt_cgroup_memory_read(&fs, OOMT_CGROUP_V2, "/system.slice/app.service", &m), 0);
	assert_int_equal(m.limit_bytes, 536870912);
	assert_int_equal(m.usage_bytes, 12345678);
	assert_int_equal(m.oom_events, 4);
	assert_int_equal(m.oom_kill_events, 3);
	assert_true(m.peak_bytes == OOMT_UNKNOWN);  /* no memory.peak: unknown, not 0 */
	assert_int_equal(oomt_cgroup_memory_read(&fs, OOMT_CGROUP_V2, "/gone", &m), -ENOENT);
	assert_int_equal(oomt_cgroup_memory_read(&fs, OOMT_CGROUP_V2, "/../etc", &m), -EINVAL);
	/* the tightest limit on the way up */
	assert_int_equal(oomt_cgroup_effective_limit(&fs, OOMT_CGROUP_V1,
	                 "/user.slice/user-1000.slice/session-3.scope", &v), 0);
	assert_int_equal(v, 268435456);
	assert_int_equal(oomt_cgroup_effective_limit(&fs, OOMT_CGROUP_V1, "/system.slice/nginx.service", &v), 0);
	assert_true(v == OOMT_UNKNOWN);
	assert_int_equal(oomt_cgroup_effective_limit(&fs, OOMT_CGROUP_V2, "/system.slice/app.service", &v), 0);
	assert_int_equal(v, 536870912);
	oomt_cgroup_fs_close(&fs);
	assert_int_equal(oomt_cgroup_fs_open(&fs, "/nonexistent-root"), -ENOENT);
}

static void test_unit_name(void **state)
{
	char b[128];
	(void)state;
	assert_string_equal(oomt_cgroup_unit_name("/system.slice/nginx.service", b, sizeof(b)), "nginx.service");
	assert_string_equal(oomt_cgroup_unit_name("/user.slice/user-1000.slice/session-3.scope", b, sizeof(b)), "session-3.scope");
	assert_string_equal(oomt_cgroup_unit_name("/system.slice/docker-0123456789abcdef.scope/init", b, sizeof(b)),
	                    "docker-0123456789abcdef.scope");
	assert_string_equal(oomt_cgroup_unit_name("/docker/0123456789abcdef0123", b, sizeof(b)), "docker/0123456789ab");
	assert_string_equal(oomt_cgroup_unit_name("/", b, sizeof(b)), "/");
	assert_string_equal(oomt_cgroup_unit_name("", b, sizeof(b)), "/");
	assert_string_equal(oomt_cgroup_unit_name("/x.service.d", b, sizeof(b)), "/x.service.d");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_unit_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
