/* SPDX-License-Identifier: MIT */
/* The one /proc/PID/status parser: what top-mem reads (name, euid, VmSwap) and what the
 * kernel's badness reads (Tgid, VmRSS, VmPTE, VmSwap, kernel threads, CapEff); real text,
 * kernel threads, odd names, bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <oomtool/proc.h>
#include "source/record.h"
#include "proc/parse.h"

#define S(lit) lit, sizeof(lit) - 1

static const char user_status[] =
	"Name:\tpython3\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t2239\nNgid:\t0\n"
	"Pid:\t2239\nPPid:\t1\nUid:\t1000\t1001\t1002\t1003\nGid:\t0\t0\t0\t0\n"
	"Kthread:\t0\nVmPeak:\t  323768 kB\nVmRSS:\t   71812 kB\n"
	"VmPTE:\t     188 kB\nVmSwap:\t     512 kB\nThreads:\t1\n"
	"CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t000001ffffffffff\n";

static void test_user(void **state)
{
	struct oomt_proc_status s;

	(void)state;
	assert_int_equal(oomt_proc_parse_status(user_status, strlen(user_status), &s), 0);
	assert_int_equal(s.struct_size, sizeof(s));
	assert_int_equal(s.tgid, 2239);
	assert_string_equal(s.name, "python3");
	assert_int_equal(s.euid, 1001);              /* the second field: effective */
	assert_int_equal(s.vmrss_bytes, 71812LL * 1024);
	assert_int_equal(s.vmpte_bytes, 188LL * 1024);
	assert_int_equal(s.vmswap_bytes, 512LL * 1024);
	assert_int_equal(s.cap_effective, 0x1ffffffffffLL);
	assert_false(s.kthread);
}

static void test_names(void **state)
{
	struct oomt_proc_status st;
	char big[300], buf[400];

	(void)state;
	assert_int_equal(oomt_proc_parse_status(S("Name:\tevil (x) y\nUid:\t1\t33\t33\t33\n"
	                                          "VmRSS:\t  100 kB\nVmSwap:\t 7 kB\n"), &st), 0);
	assert_string_equal(st.name, "evil (x) y");
	assert_int_equal(st.euid, 33);
	assert_int_equal(st.vmrss_bytes, 100 * 1024);
	assert_int_equal(st.vmswap_bytes, 7 * 1024);
	/* exactly one tab separates: a comm may begin with spaces */
	assert_int_equal(oomt_proc_parse_status(S("Name:\t  sp\nUid:\t0\t0\n"), &st), 0);
	assert_string_equal(st.name, "  sp");
	/* raw bytes: escaping is the renderer's job */
	assert_int_equal(oomt_proc_parse_status(S("Name:\tbad\xffname\x01\n"), &st), 0);
	assert_string_equal(st.name, "bad\xffname\x01");
	/* a long name is cut, never overflows */
	memset(big, 'a', sizeof(big));
	memcpy(big, "Name:\t", 6);
	big[sizeof(big) - 1] = '\n';
	memcpy(buf, big, sizeof(big));
	memcpy(buf + sizeof(big), "Uid:\t0\t5\n", 9);
	assert_int_equal(oomt_proc_parse_status(buf, sizeof(big) + 9, &st), 0);
	assert_int_equal(strlen(st.name), OOMT_PROC_NAME_MAX - 1);
	assert_int_equal(st.euid, 5);
}

static void test_kthread(void **state)
{
	static const char k1[] = "Name:\tkthreadd\nTgid:\t2\nKthread:\t1\nUid:\t0\t0\t0\t0\n";
	static const char k2[] = "Name:\tkworker/0:1\nTgid:\t9\n";          /* before 6.3 */
	struct oomt_proc_status s;

	(void)state;
	assert_int_equal(oomt_proc_parse_status(k1, strlen(k1), &s), 0);
	assert_true(s.kthread);
	/* no Vm lines: unknown, not 0 */
	assert_int_equal(s.vmrss_bytes, OOMT_UNKNOWN);
	assert_int_equal(s.vmswap_bytes, OOMT_UNKNOWN);
	assert_int_equal(s.euid, 0);
	assert_int_equal(oomt_proc_parse_status(k2, strlen(k2), &s), 0);
	assert_true(s.kthread);
	assert_int_equal(s.euid, OOMT_UNKNOWN);     /* only Name: is required */
	assert_int_equal(s.cap_effective, OOMT_UNKNOWN);
}

static void test_bad(void **state)
{
	static const char bin[] = "\x00\xff\x7fVmRSS:\t12 kB\n";
	static const char trunc[] = "Name:\tx\nVmRSS:\t  12";          /* cut mid-line: no "kB" */
	static const char huge[] = "Name:\tx\nVmRSS:\t99999999999999999999999 kB\nVmPTE:\t-4 kB\n"
	                           "CapEff:\t10000000000000000\nTgid:\tx\n";
	struct oomt_proc_status s;
	size_t big = 1 << 20;
	char *buf = malloc(big);

	(void)state;
	memset(&s, 0x5a, sizeof(s));
	assert_int_equal(oomt_proc_parse_status(bin, sizeof(bin) - 1, &s), -ENODATA);
	assert_int_equal(oomt_proc_parse_status("", 0, &s), -ENODATA);
	assert_int_equal(s.tgid, 0x5a5a5a5a5a5a5a5aLL);  /* untouched on failure */
	assert_int_equal(oomt_proc_parse_status(trunc, strlen(trunc), &s), 0);
	assert_int_equal(s.vmrss_bytes, OOMT_UNKNOWN);
	assert_true(s.kthread);
	assert_int_equal(oomt_proc_parse_status(huge, strlen(huge), &s), 0);
	assert_int_equal(s.vmrss_bytes, OOMT_UNKNOWN);
	assert_int_equal(s.vmpte_bytes, OOMT_UNKNOWN);
	assert_int_equal(s.cap_effective, OOMT_UNKNOWN);  /* 17 hex digits */
	assert_int_equal(s.tgid, OOMT_UNKNOWN);
	/* 1 MiB with one line and no newline: parsed without reading past the end. */
	assert_non_null(buf);
	memset(buf, 'A', big);
	memcpy(buf, "Name:\t", 6);
	assert_int_equal(oomt_proc_parse_status(buf, big, &s), 0);
	assert_int_equal(strlen(s.name), sizeof(s.name) - 1);
	memset(buf, 'A', big);
	assert_int_equal(oomt_proc_parse_status(buf, big, &s), -ENODATA);
	for (size_t i = 0; i < big; i++)
		buf[i] = (char)(i * 2654435761u >> 13);
	oomt_proc_parse_status(buf, big, &s);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_kthread),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
