/* SPDX-License-Identifier: MIT */
/* /proc parsers and readers: fixture tree tests/fixtures/proc-basic, odd and broken input. */
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
#include <oomtool/proc-scan.h>
#include <oomtool/proc.h>
#include <oomtool/record.h>

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

static void test_status(void **state)
{
	struct oomt_proc_status st;
	(void)state;
	assert_int_equal(oomt_proc_parse_status(S("Name:\tevil (x) y\nUid:\t1\t33\t33\t33\n"
	                                          "VmRSS:\t  100 kB\nVmSwap:\t 7 kB\n"), &st), 0);
	assert_string_equal(st.name, "evil (x) y");
	assert_int_equal(st.euid, 33);
	assert_int_equal(st.vmrss_bytes, 100 * 1024);
	assert_int_equal(st.vmswap_bytes, 7 * 1024);
	assert_int_equal(oomt_proc_parse_status(S("Name:\t  sp\nUid:\t0\t0\n"), &st), 0);
	assert_string_equal(st.name, "  sp");
	/* kernel thread: no Vm lines -> unknown, not 0 */
	assert_int_equal(oomt_proc_parse_status(S("Name:\tkthreadd\nUid:\t0\t0\t0\t0\n"), &st), 0);
	assert_true(st.vmswap_bytes == OOMT_UNKNOWN);
	assert_int_equal(oomt_proc_parse_status(S("Name:\tx\n"), &st), -ENODATA);
	assert_int_equal(oomt_proc_parse_status(S(""), &st), -ENODATA);
	/* a name with a NUL and a long name are cut, never overflow */
	char big[300];
	memset(big, 'a', sizeof(big));
	memcpy(big, "Name:\t", 6);
	big[sizeof(big) - 1] = '\n';
	char buf[400];
	memcpy(buf, big, sizeof(big));
	memcpy(buf + sizeof(big), "Uid:\t0\t5\n", 9);
	assert_int_equal(oomt_proc_parse_status(buf, sizeof(big) + 9, &st), 0);
	assert_int_equal(strlen(st.name), OOMT_PROC_NAME_MAX - 1);
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
	/* truncated mid-number at the end of a buffer: still only digits seen */
	assert_int_equal(oomt_proc_parse_smaps_rollup(S("Rss: 1 kB\nPss: 12"), &r), 0);
	assert_int_equal(r.pss_bytes, 12 * 1024);
}

static void test_int_cgroup_cmdline(void **state)
{
	struct oomt_proc_cgroup cg;
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
	oomt_proc_escape(S("\x01\x02\x03"), out, 6);    /* no half escapes */
	assert_string_equal(out, "\\x01");
}

static void test_system_files(void **state)
{
	struct oomt_proc_meminfo m;
	struct oomt_pressure ps;
	int64_t v;
	int fd = procfd();
	(void)state;
	assert_int_equal(oomt_proc_read_meminfo(fd, &m), 0);
	assert_int_equal(m.mem_total_bytes, 8000000LL * 1024);
	assert_int_equal(m.mem_available_bytes, 200000LL * 1024);
	assert_int_equal(m.swap_free_bytes, 1500000LL * 1024);
	assert_int_equal(oomt_proc_read_vmstat_oom_kill(fd, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(oomt_proc_read_pressure(fd, &ps), 0);
	assert_true(ps.has_full);
	assert_true(ps.some_avg10 > 12.49 && ps.some_avg10 < 12.51);
	assert_true(ps.full_avg10 > 4.24 && ps.full_avg10 < 4.26);
	assert_int_equal(oomt_proc_parse_vmstat_oom_kill(S("nr_free 1\npgfault 2\n"), &v), -ENODATA);
	assert_int_equal(oomt_proc_parse_meminfo(S("MemFree: 1 kB\n"), &m), -ENODATA);
	assert_int_equal(oomt_proc_parse_pressure(S("some avg10=1.5 avg60=0 total=0\n"), &ps), 0);
	assert_false(ps.has_full);
	assert_int_equal(oomt_proc_parse_pressure(S("some avg10=abc\n"), &ps), -ENODATA);
	close(fd);
}

static void test_readers_fixture(void **state)
{
	struct oomt_proc_rollup ru;
	struct oomt_proc_status st;
	char cmd[OOMT_PROC_CMDLINE_MAX];
	int64_t v;
	int fd = procfd();
	(void)state;
	assert_int_equal(oomt_proc_read_statm(fd, 100, 4096, &v), 0);
	assert_int_equal(v, 200000LL * 4096);
	assert_int_equal(oomt_proc_read_smaps_rollup(fd, 100, &ru), 0);
	assert_int_equal(ru.pss_bytes, 700000LL * 1024);
	/* unreadable smaps_rollup (a directory in the fixture): an error, not PSS 0 */
	assert_true(oomt_proc_read_smaps_rollup(fd, 300, &ru) < 0);
	assert_false(oomt_proc_is_vanished(oomt_proc_read_smaps_rollup(fd, 300, &ru)));
	/* vanished: no such pid / no statm */
	assert_true(oomt_proc_is_vanished(oomt_proc_read_statm(fd, 99999, 4096, &v)));
	assert_true(oomt_proc_is_vanished(oomt_proc_read_statm(fd, 500, 4096, &v)));
	/* kernel thread: empty cmdline */
	assert_int_equal(oomt_proc_read_cmdline(fd, 2, cmd, sizeof(cmd)), -ENODATA);
	assert_int_equal(oomt_proc_read_status(fd, 400, &st), 0);
	assert_string_equal(st.name, "bad\xffname\x01");
	close(fd);
}

static void test_details_and_scan(void **state)
{
	struct oomt_cgroup_fs cgfs;
	struct oomt_proc_details d;
	struct oomt_proc_scan s = { 0 };
	struct oomt_proc_scan_opts o = { .page_size = 4096, .uid = OOMT_UNKNOWN };
	int fd = procfd();
	(void)state;
	assert_int_equal(oomt_cgroup_fs_open(&cgfs, FIX), 0);
	assert_int_equal(oomt_proc_details_read(fd, &cgfs, 2, &d), 0);
	assert_string_equal(d.command, "[kthreadd]");
	assert_int_equal(oomt_proc_details_read(fd, &cgfs, 100, &d), 0);
	assert_string_equal(d.cgroup, "/system.slice/app.service");
	assert_int_equal(d.cgroup_version, OOMT_CGROUP_V1);
	assert_int_equal(d.cgroup_limit_bytes, 1073741824);
	assert_int_equal(d.oom_score, 650);
	assert_int_equal(d.swap_bytes, 40000 * 1024);
	assert_true(oomt_proc_is_vanished(oomt_proc_details_read(fd, &cgfs, 501, &d)));
	/* scan: 500 (no statm) vanished; self/sys skipped; the rest kept */
	assert_int_equal(oomt_proc_scan_run(fd, &o, &s), 0);
	assert_int_equal(s.n, 9);
	assert_int_equal(s.vanished, 1);
	o.uid = 33;
	assert_int_equal(oomt_proc_scan_run(fd, &o, &s), 0);
	assert_int_equal(s.n, 2);
	o.uid = OOMT_UNKNOWN;
	o.cgroup = "/system.slice/";
	assert_int_equal(oomt_proc_scan_run(fd, &o, &s), 0);
	assert_int_equal(s.n, 4);
	o.cgroup = "/system.slic";  /* prefix of a name is not a subtree */
	assert_int_equal(oomt_proc_scan_run(fd, &o, &s), 0);
	assert_int_equal(s.n, 0);
	oomt_proc_scan_done(&s);
	oomt_cgroup_fs_close(&cgfs);
	close(fd);
}

static void test_read_file_truncation(void **state)
{
	char path[] = "/tmp/oomt-test-XXXXXX", buf[16];
	size_t len;
	bool trunc;
	int fd = mkstemp(path);
	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "line1\nline2\nline3-long\n", 23), 23);
	close(fd);
	assert_int_equal(oomt_proc_read_file(AT_FDCWD, path, buf, sizeof(buf), &len, &trunc), 0);
	assert_true(trunc);
	assert_string_equal(buf, "line1\nline2\n");  /* cut at the last complete line */
	unlink(path);
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

/* 1 MiB without a newline, and binary noise: every parser refuses or copes, never reads
 * past len (ASan build) and never writes its output on failure. */
static void test_oversized_and_binary(void **state)
{
	size_t n = 1 << 20;
	char *big = malloc(n), out[OOMT_PROC_CMDLINE_MAX];
	struct oomt_proc_status st;
	struct oomt_proc_rollup ru;
	struct oomt_proc_cgroup cg;
	struct oomt_proc_meminfo mi;
	struct oomt_pressure ps;
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
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_rollup),
		cmocka_unit_test(test_int_cgroup_cmdline),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_system_files),
		cmocka_unit_test(test_readers_fixture),
		cmocka_unit_test(test_details_and_scan),
		cmocka_unit_test(test_read_file_truncation),
		cmocka_unit_test(test_users),
		cmocka_unit_test(test_oversized_and_binary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
