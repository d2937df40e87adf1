/* SPDX-License-Identifier: MIT */
/* /dev/kmsg: the file twin under a sysroot (a saved 6.18 OOM), and the live device. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include "source-test-util.h"
#include "test-tmpdir.h"

#define ROOT TEST_DATA_DIR "/sources/kmsg-root"

static void test_fixture(void **state)
{
	(void)state;
	struct oomt_source_opts o = { .sysroot = ROOT };
	struct oomt_source *src;
	struct recs *rs;
	size_t killed = SIZE_MAX;

	assert_int_equal(oomt_source_open_kmsg(&o, &src), 0);
	assert_string_equal(oomt_source_name(src), "/dev/kmsg");
	assert_int_equal(oomt_source_format(src), OOMT_FMT_KMSG);
	rs = recs_drain(src);
	assert_int_equal(rs->rc, 1);
	assert_int_equal(rs->n, 81);
	assert_int_equal(rs->lost, 0);
	assert_string_equal(rs->r[0].msg,
		"python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	assert_int_equal(rs->r[0].uptime_usec, 1158579724);
	/* btime 1780000000 in the fixture's proc/stat */
	assert_int_equal(rs->r[0].realtime_usec, INT64_C(1780000000) * 1000000 + 1158579724);
	assert_int_equal(rs->r[0].priority, 4);
	assert_int_equal(rs->r[0].facility, 0);
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_null(rs->r[0].host);   /* a twin file may come from any machine */
	assert_string_equal(rs->r[3].msg, " <TASK>");
	for (size_t i = 0; i < rs->n; i++)
		if (strstr(rs->r[i].msg, "Killed process 8895 (python3)"))
			killed = i;
	assert_int_equal(killed, 80);
	assert_int_equal(rs->r[80].priority, 3);
	recs_free(rs);
}

/* Sequence gaps are records the ring buffer overwrote. */
static void test_gap_and_filter(void **state)
{
	(void)state;
	char dir[PATH_MAX], path[PATH_MAX + 64];
	static const char data[] =
		"6,10,1000,-;first\n"
		" SUBSYSTEM=x\n"
		"6,11,1001,-;Mem-Info:\\x0aactive_anon:5\n"
		"6,15,1002,c,caller=C2;after a gap\n"
		"not a kmsg record\n"
		"12,16,1003,-;systemd[1]: user facility\n";
	static const char *const needles[] = { "Mem-Info", "gap", NULL };
	struct oomt_source_opts o = { .sysroot = dir, .boot_realtime_usec = 5000000 };
	struct oomt_source *src;
	struct recs *rs;
	int fd;

	assert_non_null(mkdtemp(test_tmp_path(dir, sizeof(dir), "oomt-kmsg-XXXXXX")));
	snprintf(path, sizeof(path), "%s/dev", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/dev/kmsg", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, sizeof(data) - 1), (ssize_t)sizeof(data) - 1);
	close(fd);

	assert_int_equal(oomt_source_open_kmsg(&o, &src), 0);
	rs = recs_drain(src);
	assert_int_equal(rs->n, 5);
	assert_int_equal(rs->lost, 3);
	assert_int_equal(rs->skipped, 1);
	assert_string_equal(rs->r[1].msg, "Mem-Info:");
	assert_string_equal(rs->r[2].msg, "active_anon:5");
	assert_true(rs->r[2].cont);
	assert_int_equal(rs->r[2].realtime_usec, 5000000 + 1001);
	assert_true(rs->r[3].cont);
	assert_string_equal(rs->r[3].caller, "C2");
	assert_int_equal(rs->r[4].facility, 1);
	assert_null(rs->r[4].ident);
	recs_free(rs);

	/* filter on: only the needles' records, the gap still counted */
	assert_int_equal(oomt_source_open_kmsg(&o, &src), 0);
	assert_int_equal(oomt_source_set_prefilter(src, needles), 0);
	oomt_source_set_filter(src, true);
	rs = recs_drain(src);
	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[0].msg, "Mem-Info:");
	assert_string_equal(rs->r[2].msg, "after a gap");
	assert_int_equal(rs->lost, 3);
	recs_free(rs);

	unlink(path);
	snprintf(path, sizeof(path), "%s/dev", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_missing(void **state)
{
	(void)state;
	struct oomt_source_opts o = { .sysroot = "/nonexistent" };
	struct oomt_source *src;

	assert_int_equal(oomt_source_open_kmsg(&o, &src), -ENOENT);
}

/* Writes one record into /dev/kmsg (root). The newline finalizes it; without it the kernel
 * keeps it open for pr_cont and readers do not see it until the next record arrives. */
static void write_mark(const char *mark)
{
	int fd = open("/dev/kmsg", O_WRONLY);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, mark, strlen(mark)), (ssize_t)strlen(mark));
	close(fd);
}

/* The real device: every record parses, the clock is sane. Root only. */
static void test_live(void **state)
{
	(void)state;
	struct oomt_source_opts o = { 0 };
	struct oomt_source *src;
	struct recs *rs;
	int r;

	if (geteuid() != 0 || access("/dev/kmsg", R_OK) != 0)
		skip();
	/* a record of our own: the ring buffer may just have been cleared (dmesg -C, which
	 * the batch read respects), and the follow check below must not see it again */
	write_mark("<14>oomtool-test: batch mark\n");
	r = oomt_source_open_kmsg(&o, &src);
	if (r == -EPERM || r == -EACCES)
		skip();
	assert_int_equal(r, 0);
	rs = recs_drain(src);
	assert_int_equal(rs->rc, 1);
	assert_true(rs->n > 0);
	struct utsname u;
	assert_int_equal(uname(&u), 0);
	for (size_t i = 0; i < rs->n; i++) {
		assert_string_equal(rs->r[i].host, u.nodename);   /* the live device is this host */
		assert_true(rs->r[i].uptime_usec >= 0);
		assert_true(rs->r[i].realtime_usec > INT64_C(1000000000) * 1000000);
		assert_true(rs->r[i].priority >= 0 && rs->r[i].priority <= 7);
	}
	size_t before = rs->n;
	recs_free(rs);

	/* follow starts at the end and returns 1 when nothing new arrives in time; a record
	 * written now (as root, into /dev/kmsg; a harmless user.info line) is seen */
	o.follow = true;
	o.follow_timeout_ms = 200;
	assert_int_equal(oomt_source_open_kmsg(&o, &src), 0);
	write_mark("<14>oomtool-test: follow mark\n");
	rs = recs_drain(src);
	assert_int_equal(rs->rc, 1);
	if (rs->n < 1)
		fail_msg("follow read no record (ring buffer %zu)", before);
	for (size_t i = 0; i < rs->n; i++)      /* it started at the end, not the beginning */
		if (strstr(rs->r[i].msg, "oomtool-test: batch mark"))
			fail_msg("follow read the ring buffer again (%zu records)", rs->n);
	bool seen = false;
	for (size_t i = 0; i < rs->n; i++)
		if (strstr(rs->r[i].msg, "oomtool-test: follow mark")) {
			seen = true;
			assert_int_equal(rs->r[i].facility, 1);
			assert_int_equal(rs->r[i].priority, 6);
		}
	assert_true(seen);
	recs_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_gap_and_filter),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
