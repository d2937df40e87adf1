/* SPDX-License-Identifier: MIT */
/* The status parser for live badness inputs: real text, kernel threads, bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <oomtool/proc-oom.h>
#include <oomtool/record.h>

static const char user_status[] =
	"Name:\tpython3\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t2239\nNgid:\t0\n"
	"Pid:\t2239\nKthread:\t0\nVmPeak:\t  323768 kB\nVmRSS:\t   71812 kB\n"
	"VmPTE:\t     188 kB\nVmSwap:\t     512 kB\nThreads:\t1\n";

static void test_user(void **state)
{
	struct oomt_proc_oom_status s;

	(void)state;
	assert_int_equal(oomt_proc_parse_oom_status(user_status, strlen(user_status), &s), 0);
	assert_int_equal(s.tgid, 2239);
	assert_string_equal(s.name, "python3");
	assert_int_equal(s.vmrss_bytes, 71812LL * 1024);
	assert_int_equal(s.vmpte_bytes, 188LL * 1024);
	assert_int_equal(s.vmswap_bytes, 512LL * 1024);
	assert_false(s.kthread);
}

static void test_kthread(void **state)
{
	static const char k1[] = "Name:\tkthreadd\nTgid:\t2\nKthread:\t1\n";
	static const char k2[] = "Name:\tkworker/0:1\nTgid:\t9\n";          /* before 6.3 */
	struct oomt_proc_oom_status s;

	(void)state;
	assert_int_equal(oomt_proc_parse_oom_status(k1, strlen(k1), &s), 0);
	assert_true(s.kthread);
	assert_int_equal(s.vmrss_bytes, OOMT_UNKNOWN);
	assert_int_equal(oomt_proc_parse_oom_status(k2, strlen(k2), &s), 0);
	assert_true(s.kthread);
}

static void test_bad(void **state)
{
	static const char bin[] = "\x00\xff\x7fVmRSS:\t12 kB\n";
	static const char trunc[] = "Name:\tx\nVmRSS:\t  12";          /* cut mid-line: no "kB" */
	static const char huge[] = "Name:\tx\nVmRSS:\t99999999999999999999999 kB\nVmPTE:\t-4 kB\n";
	struct oomt_proc_oom_status s;
	size_t big = 1 << 20;
	char *buf = malloc(big);

	(void)state;
	assert_int_equal(oomt_proc_parse_oom_status(bin, sizeof(bin) - 1, &s), -EINVAL);
	assert_int_equal(oomt_proc_parse_oom_status("", 0, &s), -EINVAL);
	assert_int_equal(oomt_proc_parse_oom_status(trunc, strlen(trunc), &s), 0);
	assert_int_equal(s.vmrss_bytes, OOMT_UNKNOWN);
	assert_int_equal(oomt_proc_parse_oom_status(huge, strlen(huge), &s), 0);
	assert_int_equal(s.vmrss_bytes, OOMT_UNKNOWN);
	assert_int_equal(s.vmpte_bytes, OOMT_UNKNOWN);
	/* 1 MiB with one line and no newline: parsed without reading past the end. */
	assert_non_null(buf);
	memset(buf, 'A', big);
	memcpy(buf, "Name:\t", 6);
	assert_int_equal(oomt_proc_parse_oom_status(buf, big, &s), 0);
	assert_int_equal(strlen(s.name), sizeof(s.name) - 1);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_kthread),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
