/* SPDX-License-Identifier: MIT */
/* /proc parsers and per-process readers: fixture tree tests/fixtures/proc-basic, odd and
 * broken input. The status parser has its own file (test-proc-status.c). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/cgroup.h>
#include <oomtool/proc.h>
#include "source/record.h"
#include <oomtool/system.h>
#include "proc/parse.h"
#include "proc/process-pass.h"
#include "proc/users.h"

#define FIX TEST_FIXTURE_DIR "/proc-basic"
#define S(lit) lit, sizeof(lit) - 1

static int procfd(void)
{
	int fd = -1;
	assert_int_equal(oomt_proc_open(FIX, &fd), 0);
	return fd;
}

static void test_statm(void **state)
{
	int64_t v = 0;
	(void)state;
	assert_int_equal(oomt_proc_parse_statm(S("2000 300 100 10 0 50 0\n"), 4096, &v), 0);
	assert_int_equal(v, 300 * 4096);
	assert_int_equal(oomt_proc_parse_statm(S("2000 300 100 10 0 50 0\n"), 65536, &v), 0);
	assert_int_equal(v, 300 * 65536);
	assert_int_equal(oomt_proc_parse_statm(S("0 0 0 0 0 0 0\n"), 4096, &v), 0);
	assert_int_equal(v, 0);
	v = 42;
	assert_int_equal(oomt_proc_parse_statm(S(""), 4096, &v), -ENODATA);
	assert_int_equal(oomt_proc_parse_statm(S("2000"), 4096, &v), -ENODATA);
	assert_int_equal(oomt_proc_parse_statm(S("x y"), 4096, &v), -ENODATA);
	assert_int_equal(oomt_proc_parse_statm(S("1 99999999999999999999\n"), 4096, &v), -ENODATA);
	assert_int_equal(oomt_proc_parse_statm(S("1 9223372036854775807\n"), 4096, &v), -ENODATA);
	assert_int_equal(v, 42);  /* untouched on failure */
}

/* The one "N kB" reader of meminfo, status and smaps_rollup. */
static void test_kb(void **state)
{
	const char *t;
	int64_t v = 42;
	(void)state;
#define KB(lit, ret) (t = (lit), oomt_proc_parse_kb(t, t + strlen(t), (ret)))
	assert_int_equal(KB("  1234 kB", &v), 0);
	assert_int_equal(v, 1234 * 1024);
	assert_int_equal(KB("\t0 kB", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(KB("7 kB  ", &v), 0);
	assert_int_equal(v, 7 * 1024);
	v = 42;
	assert_int_equal(KB("  12", &v), -ENODATA);          /* cut before its unit */
	assert_int_equal(KB("12 MB", &v), -ENODATA);
	assert_int_equal(KB("12 kBx", &v), -ENODATA);
	assert_int_equal(KB(" kB", &v), -ENODATA);
	assert_int_equal(KB("-1 kB", &v), -ENODATA);
	assert_int_equal(KB("", &v), -ENODATA);
	assert_int_equal(KB("9007199254740992 kB", &v), -ERANGE);   /* 2^53 KiB > INT64_MAX B */
	assert_int_equal(KB("99999999999999999999 kB", &v), -ERANGE);
	assert_int_equal(v, 42);
	assert_int_equal(KB("9007199254740991 kB", &v), 0);
	assert_int_equal(v, 9007199254740991LL * 1024);
#undef KB
}

static void test_rollup(void **state)
{
	struct oomt_proc_rollup r;
	(void)state;
	assert_int_equal(oomt_proc_parse_smaps_rollup(
		S("55f6-7ffc ---p 00000000 00:00 0  [rollup]\nRss:  1616 kB\nPss:  323 kB\n"
		  "Pss_Anon:  112 kB\nSwap:  5 kB\nSwapPss:  2 kB\n"), &r), 0);
	assert_int_equal(r.rss_bytes, 1616 * 1024);
	assert_int_equal(r.pss_bytes, 323 * 1024);  /* not Pss_Anon */
	assert_int_equal(r.swap_bytes, 5 * 1024);   /* not SwapPss */
	assert_int_equal(r.swap_pss_bytes, 2 * 1024);
	assert_int_equal(oomt_proc_parse_smaps_rollup(S(""), &r), -ENODATA);
	assert_int_equal(oomt_proc_parse_smaps_rollup(S("Rss: 1 kB\n"), &r), -ENODATA);
	/* cut mid-line at the end of a buffer: a value without its unit is not taken */
	assert_int_equal(oomt_proc_parse_smaps_rollup(S("Rss: 1 kB\nPss: 12"), &r), -ENODATA);
}

static void test_int_cgroup_cmdline(void **state)
{
	struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
	char out[64];
	int64_t v;
	(void)state;
	assert_int_equal(oomt_proc_parse_int(S("-1000\n"), &v), 0);
	assert_int_equal(v, -1000);
	assert_int_equal(oomt_proc_parse_int(S("666"), &v), 0);
	assert_int_equal(oomt_proc_parse_int(S(""), &v), -ENODATA);
	assert_int_equal(oomt_proc_parse_int(S("12x\n"), &v), -ENODATA);
	assert_int_equal(oomt_proc_parse_cgroup(S("12:pids:/a\n4:cpu,memory:/b:c\n0::/x.slice/y.scope\n"), &cg), 0);
	assert_string_equal(cg.v1_memory, "/b:c");
	assert_string_equal(cg.v2, "/x.slice/y.scope");
	assert_int_equal(oomt_proc_parse_cgroup(S("4:memory-x:/b\n"), &cg), 0);
	assert_string_equal(cg.v1_memory, "");
	assert_int_equal(oomt_proc_parse_cgroup(S(""), &cg), -ENODATA);
	assert_int_equal(oomt_proc_parse_cgroup(S("garbage\n"), &cg), -ENODATA);
	assert_int_equal(oomt_proc_parse_cmdline(S("a\0b c\0\0"), out, sizeof(out)), 0);
	assert_string_equal(out, "a b c");
	assert_int_equal(oomt_proc_parse_cmdline(S("\0\0"), out, sizeof(out)), -ENODATA);
	assert_int_equal(oomt_proc_parse_cmdline(S(""), out, sizeof(out)), -ENODATA);
	assert_int_equal(oomt_proc_parse_cmdline(S("0123456789"), out, 5), 0);
	assert_string_equal(out, "0123");
}

static void test_escape(void **state)
{
	char out[64];
	(void)state;
	oomt_proc_escape(S("a (b) c"), out, sizeof(out));
	assert_string_equal(out, "a (b) c");
	oomt_proc_escape(S("x\x1b[1m\xff\xc3\xa9\x7f"), out, sizeof(out));
	assert_string_equal(out, "x\\x1b[1m\\xff\xc3\xa9\\x7f");
	oomt_proc_escape(S("\xc3"), out, sizeof(out));  /* cut UTF-8 sequence */
	assert_string_equal(out, "\\xc3");
	oomt_proc_escape(S("\xe0\x80\x80\xed\xa0\x80"), out, sizeof(out));  /* overlong, surrogate */
	assert_string_equal(out, "\\xe0\\x80\\x80\\xed\\xa0\\x80");
	oomt_proc_escape(S("\x01\x02\x03"), out, 6);    /* no half escapes */
	assert_string_equal(out, "\\x01");
}

static void test_system_files(void **state)
{
	struct oomt_system_memory m;
	struct oomt_memory_pressure ps;
	int64_t v;
	(void)state;
	assert_int_equal(oomt_proc_parse_meminfo(S("MemTotal:  100 kB\nMemFree:  10 kB\n"
	                                           "Cached: 5 kB\nSwapCached: 9 kB\n"
	                                           "SwapTotal: 0 kB\n"), &m), 0);
	assert_int_equal(m.mem_total_bytes, 100 * 1024);
	assert_int_equal(m.mem_free_bytes, 10 * 1024);
	assert_int_equal(m.cached_bytes, 5 * 1024);    /* not SwapCached */
	assert_int_equal(m.swap_total_bytes, 0);
	assert_true(m.mem_available_bytes == OOMT_UNKNOWN);  /* before 3.14 */
	assert_true(m.oom_kill_count == OOMT_UNKNOWN);       /* not in meminfo */
	assert_int_equal(oomt_proc_parse_vmstat_oom_kill(S("nr_free 1\noom_kill 3\n"), &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(oomt_proc_parse_vmstat_oom_kill(S("nr_free 1\npgfault 2\n"), &v), -ENODATA);
	assert_int_equal(oomt_proc_parse_meminfo(S("MemFree: 1 kB\n"), &m), -ENODATA);
	assert_int_equal(oomt_proc_parse_pressure(S("some avg10=1.5 avg60=0 total=0\n"), &ps), 0);
	assert_false(ps.has_full);
	assert_true(ps.some.avg10 > 1.49 && ps.some.avg10 < 1.51);
	assert_true(ps.some.avg60 == 0);
	assert_true(ps.some.avg300 != ps.some.avg300);   /* absent: NaN */
	assert_int_equal(ps.some.total_usec, 0);
	assert_int_equal(oomt_proc_parse_pressure(S("some avg10=0.50 avg60=1.25 avg300=2.00 total=77\n"
	                                            "full avg10=0.25 avg60=0.00 avg300=0.00 total=9\n"),
	                                          &ps), 0);
	assert_true(ps.has_full);
	assert_true(ps.some.avg60 > 1.24 && ps.some.avg60 < 1.26);
	assert_int_equal(ps.some.total_usec, 77);
	assert_int_equal(ps.full.total_usec, 9);
	assert_int_equal(oomt_proc_parse_pressure(S("some avg10=abc\n"), &ps), -ENODATA);
	assert_int_equal(oomt_proc_parse_pressure(S("full avg10=1.00\n"), &ps), -ENODATA);
}

static void test_readers_fixture(void **state)
{
	struct oomt_proc_rollup ru = { .struct_size = sizeof(ru) };
	struct oomt_proc_status st = { .struct_size = sizeof(st) };
	struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
	char cmd[OOMT_PROC_CMDLINE_MAX];
	int64_t v;
	int fd = procfd();
	(void)state;
	/* statm counts pages of this host: 64 KiB on some arm64 and ppc64le machines */
	assert_int_equal(oomt_proc_read_statm(fd, 100, &v), 0);
	assert_int_equal(v, 200000LL * oomt_page_size());
	assert_int_equal(oomt_proc_read_smaps_rollup(fd, 100, &ru), 0);
	assert_int_equal(ru.pss_bytes, 700000LL * 1024);
	/* unreadable smaps_rollup (a directory in the fixture): an error, not PSS 0 */
	assert_true(oomt_proc_read_smaps_rollup(fd, 300, &ru) < 0);
	assert_false(oomt_proc_is_vanished(oomt_proc_read_smaps_rollup(fd, 300, &ru)));
	/* vanished: no such pid / no statm */
	assert_true(oomt_proc_is_vanished(oomt_proc_read_statm(fd, 99999, &v)));
	assert_true(oomt_proc_is_vanished(oomt_proc_read_statm(fd, 500, &v)));
	/* kernel thread: empty cmdline */
	assert_int_equal(oomt_proc_read_cmdline(fd, 2, cmd, sizeof(cmd)), -ENODATA);
	assert_int_equal(oomt_proc_read_status(fd, 400, &st), 0);
	assert_string_equal(st.name, "bad\xffname\x01");
	assert_int_equal(oomt_proc_read_cgroup(fd, 100, &cg), 0);
	assert_string_equal(cg.v2, "/system.slice/app.service");
	/* a caller's struct smaller than the first version: refused, nothing written */
	st.struct_size = 4;
	assert_int_equal(oomt_proc_read_status(fd, 100, &st), -EINVAL);
	assert_string_equal(st.name, "bad\xffname\x01");
	ru.struct_size = 0;
	assert_int_equal(oomt_proc_read_smaps_rollup(fd, 100, &ru), -EINVAL);
	cg.struct_size = sizeof(cg) - 1;
	assert_int_equal(oomt_proc_read_cgroup(fd, 100, &cg), -EINVAL);
	/* a larger one (a newer program): the members this library knows are written */
	struct { struct oomt_proc_status st; char newer[32]; } big;
	memset(&big, 0x5a, sizeof(big));
	big.st.struct_size = sizeof(big);
	assert_int_equal(oomt_proc_read_status(fd, 100, &big.st), 0);
	assert_string_equal(big.st.name, "java");
	assert_int_equal(big.newer[0], 0x5a);
	close(fd);
}

static void test_details_and_pass(void **state)
{
	struct oomt_cgroup_fs *cgfs;
	struct oomt_proc_details d;
	struct oomt_proc_pass s = { 0 };
	struct oomt_proc_pass_opts o = { .uid = OOMT_UNKNOWN };
	int fd = procfd();
	(void)state;
	assert_int_equal(oomt_cgroup_fs_open(FIX, &cgfs), 0);
	assert_int_equal(oomt_proc_details_read(fd, cgfs, 2, &d), 0);
	assert_string_equal(d.command, "[kthreadd]");
	assert_int_equal(oomt_proc_details_read(fd, cgfs, 100, &d), 0);
	assert_string_equal(d.cgroup, "/system.slice/app.service");
	assert_int_equal(d.cgroup_version, OOMT_CGROUP_V1);
	assert_int_equal(d.cgroup_limit_bytes, 1073741824);
	assert_int_equal(d.oom_score, 650);
	assert_int_equal(d.swap_bytes, 40000 * 1024);
	assert_true(oomt_proc_is_vanished(oomt_proc_details_read(fd, cgfs, 501, &d)));
	/* no hierarchy mounted: the v2 path, no limit */
	assert_int_equal(oomt_proc_details_read(fd, NULL, 100, &d), 0);
	assert_int_equal(d.cgroup_version, OOMT_CGROUP_V2);
	assert_true(d.cgroup_limit_bytes == OOMT_UNKNOWN);
	/* the pass: 500 (no statm) vanished; self/sys skipped; the rest kept */
	assert_int_equal(oomt_proc_pass_run(fd, &o, &s), 0);
	assert_int_equal(s.n, 9);
	assert_int_equal(s.vanished, 1);
	o.uid = 33;
	assert_int_equal(oomt_proc_pass_run(fd, &o, &s), 0);
	assert_int_equal(s.n, 2);
	o.uid = OOMT_UNKNOWN;
	o.cgroup = "/system.slice/";
	assert_int_equal(oomt_proc_pass_run(fd, &o, &s), 0);
	assert_int_equal(s.n, 4);
	o.cgroup = "/system.slic";  /* prefix of a name is not a subtree */
	assert_int_equal(oomt_proc_pass_run(fd, &o, &s), 0);
	assert_int_equal(s.n, 0);
	oomt_proc_pass_done(&s);
	oomt_cgroup_fs_free(cgfs);
	close(fd);
}

static void test_users(void **state)
{
	char name[64];
	int64_t uid;
	(void)state;
	assert_int_equal(oomt_user_name(FIX, 1000, name, sizeof(name)), 0);
	assert_string_equal(name, "app");
	assert_int_equal(oomt_user_name(FIX, 4242, name, sizeof(name)), -ENOENT);
	assert_int_equal(oomt_user_uid(FIX, "web", &uid), 0);
	assert_int_equal(uid, 33);
	assert_int_equal(oomt_user_uid(FIX, "nobodyhere", &uid), -ENOENT);
}

static void test_user_cache(void **state)
{
	struct oomt_user_cache c = { 0 };
	char name[OOMT_USER_NAME_MAX];
	(void)state;
	assert_null(oomt_user_cache_name(&c, FIX, OOMT_UNKNOWN, name, sizeof(name)));
	assert_string_equal(oomt_user_cache_name(&c, FIX, 1000, name, sizeof(name)), "app");
	assert_string_equal(oomt_user_cache_name(&c, FIX, 4242, name, sizeof(name)), "4242");
	assert_int_equal(c.n, 2);
	assert_string_equal(oomt_user_cache_name(&c, FIX, 1000, name, sizeof(name)), "app");
	assert_int_equal(c.n, 2);   /* served from the cache */
	for (int64_t uid = 5000; uid < 5100; uid++)
		oomt_user_cache_name(&c, FIX, uid, name, sizeof(name));
	assert_int_equal(c.n, OOMT_USER_CACHE_ENTRIES);   /* bounded: old entries replaced */
	assert_string_equal(oomt_user_cache_name(&c, FIX, 33, name, sizeof(name)), "web");
}

/* 1 MiB without a newline, and binary noise: every parser refuses or copes, never reads
 * past len (ASan build) and never writes its output on failure. */
static void test_oversized_and_binary(void **state)
{
	size_t n = 1 << 20;
	char *big = malloc(n), out[OOMT_PROC_CMDLINE_MAX];
	struct oomt_proc_status st;
	struct oomt_proc_rollup ru;
	struct oomt_proc_cgroup cg;
	struct oomt_system_memory mi;
	struct oomt_memory_pressure ps;
	int64_t v = 7;
	(void)state;
	assert_non_null(big);
	memset(big, 'A', n);
	assert_int_equal(oomt_proc_parse_statm(big, n, 4096, &v), -ENODATA);
	assert_int_equal(oomt_proc_parse_status(big, n, &st), -ENODATA);
	assert_int_equal(oomt_proc_parse_smaps_rollup(big, n, &ru), -ENODATA);
	assert_int_equal(oomt_proc_parse_cgroup(big, n, &cg), -ENODATA);
	assert_int_equal(oomt_proc_parse_meminfo(big, n, &mi), -ENODATA);
	assert_int_equal(oomt_proc_parse_pressure(big, n, &ps), -ENODATA);
	assert_int_equal(oomt_proc_parse_cmdline(big, n, out, sizeof(out)), 0);
	assert_int_equal(strlen(out), sizeof(out) - 1);
	memset(big, '9', n);  /* a number too large for int64 */
	assert_int_equal(oomt_proc_parse_int(big, n, &v), -ENODATA);
	assert_int_equal(v, 7);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)(i * 2654435761u >> 13);
	oomt_proc_parse_status(big, n, &st);
	oomt_proc_parse_smaps_rollup(big, n, &ru);
	oomt_proc_parse_cgroup(big, n, &cg);
	oomt_proc_escape(big, n, out, sizeof(out));
	assert_true(strlen(out) < sizeof(out));
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statm),
		cmocka_unit_test(test_kb),
		cmocka_unit_test(test_rollup),
		cmocka_unit_test(test_int_cgroup_cmdline),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_system_files),
		cmocka_unit_test(test_readers_fixture),
		cmocka_unit_test(test_details_and_pass),
		cmocka_unit_test(test_users),
		cmocka_unit_test(test_user_cache),
		cmocka_unit_test(test_oversized_and_binary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
