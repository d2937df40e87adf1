/* SPDX-License-Identifier: MIT */
/* The log scan (lib/scan): files and a sysroot made at test time from tests/data/cli, the
 * same kill in several logs reported once, the filters and what they could not judge,
 * each source's status, the task rows kept, and follow mode on a saved kmsg file. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/scan.h>

#define CLI_DATA TEST_DATA_DIR "/cli"
#define MEMCG CLI_DATA "/scan-logs-memcg.dmesg"
#define GLOBAL CLI_DATA "/scan-logs-global.dmesg"
#define MULTIHOST CLI_DATA "/scan-logs-multihost.log"
#define DMESG_T TEST_DATA_DIR "/008-harvester-kvm-memcg-dmesgT-elided.log"

/* 2026-11-20T10:00:00Z, the kill in scan-logs-kern.log; its uptime is 1158.580823 s, the
 * report's first line (the incident's time) 1158.579724 s. */
#define KILL_USEC 1795168800000000LL
#define KILL_UPTIME_USEC 1158580823LL
#define HEADER_UPTIME_USEC 1158579724LL

static char tmp[256];          /* this test's directory under $TMPDIR */

static const char *tmp_base(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

static void path_in(char *buf, size_t sz, const char *rel)
{
	assert_true((size_t)snprintf(buf, sz, "%s/%s", tmp, rel) < sz);
}

static void write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *in = fopen(from, "re");
	size_t n, all = 0;
	char *data = NULL;

	assert_non_null(in);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		data = realloc(data, all + n);
		assert_non_null(data);
		memcpy(data + all, buf, n);
		all += n;
	}
	fclose(in);
	write_file(to, data, all);
	free(data);
}

static void set_mtime(const char *path, time_t t)
{
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };

	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* kern.log as syslog wrote it: RFC 3164 has no year, the file's mtime gives it. */
static void make_kern_log(const char *path)
{
	copy_file(CLI_DATA "/scan-logs-kern.log", path);
	set_mtime(path, (time_t)(KILL_USEC / 1000000 + 14 * 3600));
}

/* The dmesg report as the records of a saved /dev/kmsg, and a proc/stat whose btime
 * puts it at wall time boot_sec + uptime. */
static void make_kmsg_root(const char *root, long long boot_sec)
{
	char path[512], line[4096], out[8192];
	FILE *in, *o;
	unsigned seq = 100;

	snprintf(path, sizeof(path), "%s/dev", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/proc", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/proc/stat", root);
	snprintf(out, sizeof(out), "cpu  1 2 3 4\nbtime %lld\nprocesses 5\n", boot_sec);
	write_file(path, out, strlen(out));
	snprintf(path, sizeof(path), "%s/dev/kmsg", root);
	o = fopen(path, "we");
	in = fopen(MEMCG, "re");
	assert_non_null(o);
	assert_non_null(in);
	while (fgets(line, sizeof(line), in)) {
		unsigned long sec, usec;
		int off = 0;

		if (sscanf(line, "[%lu.%lu]%n", &sec, &usec, &off) != 2 || !off)
			continue;
		fprintf(o, "4,%u,%lu%06lu,-;%s", seq++, sec, usec, line + off + (line[off] == ' '));
	}
	fclose(in);
	fclose(o);
}

static void rm_tree(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/oomt-test-scan-XXXXXX", tmp_base());
	if (!mkdtemp(tmp))
		return -1;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(tmp);
	return 0;
}

static struct oomt_scan_opts base_opts(void)
{
	struct oomt_scan_opts o = { .struct_size = sizeof(o), .tmp_dir = tmp };

	return o;
}

/* A batch scan of the files given (NULL-terminated) with o. */
static struct oomt_scan *scan_files(const struct oomt_scan_opts *o, const char *const *files)
{
	struct oomt_scan *s;

	assert_int_equal(oomt_scan_new(o, &s), 0);
	for (size_t i = 0; files[i]; i++)
		assert_int_equal(oomt_scan_add_file(s, files[i]), 0);
	assert_int_equal(oomt_scan_run(s), 0);
	return s;
}

static int64_t victim_of(struct oomt_scan *s, size_t i)
{
	const struct oomt_event *ev;

	assert_int_equal(oomt_scan_event(s, i, OOMT_SCAN_EVENT_NO_TASKS, &ev), 0);
	return ev->victim.pid;
}

static void test_opts_size(void **state)
{
	struct oomt_scan_opts o = base_opts();
	struct oomt_scan *s = NULL;
	struct {
		struct oomt_scan_opts o;
		char later_member[16];
	} newer;

	(void)state;
	o.struct_size = 0;
	assert_int_equal(oomt_scan_new(&o, &s), -EINVAL);
	o.struct_size = offsetof(struct oomt_scan_opts, follow);
	assert_int_equal(oomt_scan_new(&o, &s), -EINVAL);
	assert_int_equal(oomt_scan_new(NULL, &s), -EINVAL);
	assert_null(s);
	/* a client built against a later version: the members we know are read */
	memset(&newer, 0x7f, sizeof(newer));
	newer.o = base_opts();
	newer.o.struct_size = sizeof(newer);
	assert_int_equal(oomt_scan_new(&newer.o, &s), 0);
	assert_int_equal(oomt_scan_count(s), 0);
	oomt_scan_free(s);
}

/* One kill in a dmesg and in kern.log: one incident, both sources counted, the merged
 * incident has kern.log's host. */
static void test_dedup_across_files(void **state)
{
	struct oomt_scan_opts o = base_opts();
	const struct oomt_event *ev;
	const struct oomt_scan_source *st;
	char kern[512];
	struct oomt_scan *s;

	(void)state;
	path_in(kern, sizeof(kern), "kern.log");
	make_kern_log(kern);
	s = scan_files(&o, (const char *const[]){ MEMCG, kern, NULL });
	assert_int_equal(oomt_scan_count(s), 1);
	assert_int_equal(oomt_scan_merged(s), 1);
	assert_int_equal(oomt_scan_event(s, 0, 0, &ev), 0);
	assert_int_equal(ev->victim.pid, 8895);
	assert_string_equal(ev->host, "web1");
	assert_int_equal(ev->time_usec / 1000000, KILL_USEC / 1000000);
	assert_true(ev->n_tasks > 0);
	assert_int_equal(oomt_scan_source_count(s), 2);
	st = oomt_scan_source_get(s, 0);
	assert_string_equal(st->name, MEMCG);
	assert_int_equal(st->kind, OOMT_SCAN_SOURCE_FILE);
	assert_string_equal(st->format, "dmesg");
	assert_int_equal(st->events, 1);
	assert_int_equal(st->error, 0);
	assert_true(st->records > 0);
	st = oomt_scan_source_get(s, 1);
	assert_string_equal(st->format, "syslog");
	assert_int_equal(st->events, 1);
	assert_null(oomt_scan_source_get(s, 2));
	assert_int_equal(oomt_scan_verdict(s), OOMT_SCAN_VERDICT_READ);
	oomt_scan_free(s);

	/* the same file twice is the same kill twice */
	s = scan_files(&o, (const char *const[]){ MEMCG, MEMCG, NULL });
	assert_int_equal(oomt_scan_count(s), 1);
	oomt_scan_free(s);
}

/* A bare kill line read first, the full report second: the richer record is kept and
 * the bare one only fills its gaps. */
static void test_dedup_keeps_richer(void **state)
{
	struct oomt_scan_opts o = base_opts();
	const struct oomt_event *ev;
	char bare[512], line[4096];
	struct oomt_scan *s;
	FILE *in;

	(void)state;
	path_in(bare, sizeof(bare), "kill-only.dmesg");
	in = fopen(MEMCG, "re");
	assert_non_null(in);
	while (fgets(line, sizeof(line), in))
		if (strstr(line, "Killed process"))
			break;
	fclose(in);
	write_file(bare, line, strlen(line));
	s = scan_files(&o, (const char *const[]){ bare, MEMCG, NULL });
	assert_int_equal(oomt_scan_count(s), 1);
	assert_int_equal(oomt_scan_merged(s), 1);
	assert_int_equal(oomt_scan_event(s, 0, 0, &ev), 0);
	assert_true(ev->complete);
	assert_true(ev->has_tasks);
	assert_true(ev->n_tasks > 0);
	assert_string_equal(ev->source, MEMCG);
	oomt_scan_free(s);
}

/* One systemd-oomd kill (no pid) in a paste a pager cut and in the whole journal line:
 * one incident, with the whole path, the whole reason and the unit line's count; the
 * paste's line cut inside the reason, too. A kill of the same cgroup a minute later is
 * another incident. */
static void test_dedup_oomd_kill_without_pid(void **state)
{
	static const char paste[] =
		"Jul 14 08:21:05 deskA systemd-oomd[612]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-x.sc>\n"
		"Jul 14 08:40:17 deskA systemd-oomd[612]: Killed /system.slice/build.service due to memory used (32911503360) / total (33381277696) and swap used (77309…\n";
	static const char journal[] =
		"Jul 14 08:21:05 deskA systemd-oomd[612]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-x.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 58.12% > 50.00% for > 20s with reclaim activity\n"
		"Jul 14 08:21:06 deskA systemd[1402]: app-x.scope: systemd-oomd killed 9 process(es) in this unit.\n"
		"Jul 14 08:22:06 deskA systemd-oomd[612]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-x.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 55.00% > 50.00% for > 20s with reclaim activity\n"
		"Jul 14 08:40:17 deskA systemd-oomd[612]: Killed /system.slice/build.service due to memory used (32911503360) / total (33381277696) and swap used (7730941952) / total (8589930496) being more than 90.00%\n";
	static const char straddle_a[] =
		"Jul 14 09:00:04 deskA systemd-oomd[612]: Killed /system.slice/a.service due to memory used (32911503360) / total (33381277696) and swap used (7730941952) / total (8589930496) being more than 90.00%\n";
	static const char straddle_b[] =
		"Jul 14 09:00:06 deskA systemd-oomd[612]: Killed /system.slice/a.service due to memory used (32911503360) / total (33381277696) and swap used (7730941952) / total (8589930496) being more than 90.00%\n";
	struct oomt_scan_opts o = base_opts();
	const struct oomt_event *ev;
	char a[512], b[512];
	struct oomt_scan *s;

	(void)state;
	path_in(a, sizeof(a), "oomd-paste.log");
	path_in(b, sizeof(b), "oomd-journal.log");
	write_file(a, paste, sizeof(paste) - 1);
	write_file(b, journal, sizeof(journal) - 1);
	s = scan_files(&o, (const char *const[]){ a, b, NULL });
	assert_int_equal(oomt_scan_count(s), 3);
	assert_int_equal(oomt_scan_merged(s), 2);
	assert_int_equal(oomt_scan_event(s, 0, 0, &ev), 0);
	assert_int_equal(ev->killer, OOMT_KILLER_SYSTEMD_OOMD);
	assert_string_equal(ev->task_memcg, "/user.slice/user-1000.slice/user@1000.service/app.slice/app-x.scope");
	assert_string_equal(ev->reason, "memory pressure for /user.slice/user-1000.slice/user@1000.service being 58.12% > 50.00% for > 20s with reclaim activity");
	assert_string_equal(ev->unit, "app-x.scope");
	assert_int_equal(ev->processes_killed, 9);
	assert_int_equal(ev->cut, 0);
	assert_true(ev->complete);
	assert_int_equal(ev->missing, 0);
	assert_int_equal(oomt_scan_event(s, 1, 0, &ev), 0);
	assert_string_equal(ev->reason, "memory pressure for /user.slice/user-1000.slice/user@1000.service being 55.00% > 50.00% for > 20s with reclaim activity");
	assert_int_equal(oomt_scan_event(s, 2, 0, &ev), 0);
	assert_string_equal(ev->task_memcg, "/system.slice/build.service");
	assert_string_equal(ev->reason, "memory used (32911503360) / total (33381277696) and swap used (7730941952) / total (8589930496) being more than 90.00%");
	assert_int_equal(ev->cut, 0);
	assert_true(ev->complete);
	oomt_scan_free(s);

	/* the other order: the whole lines read first are kept, the paste only adds nothing */
	s = scan_files(&o, (const char *const[]){ b, a, NULL });
	assert_int_equal(oomt_scan_count(s), 3);
	assert_int_equal(oomt_scan_event(s, 0, 0, &ev), 0);
	assert_string_equal(ev->task_memcg, "/user.slice/user-1000.slice/user@1000.service/app.slice/app-x.scope");
	assert_int_equal(ev->cut, 0);
	assert_true(ev->complete);
	oomt_scan_free(s);
	/* the spool compares an oomd kill with those of its 5-second step and the two beside
	 * it: two copies 2 s apart across a step's edge (09:00:05) are still one kill */
	write_file(a, straddle_a, sizeof(straddle_a) - 1);
	write_file(b, straddle_b, sizeof(straddle_b) - 1);
	s = scan_files(&o, (const char *const[]){ a, b, NULL });
	assert_int_equal(oomt_scan_count(s), 1);
	assert_int_equal(oomt_scan_merged(s), 1);
	oomt_scan_free(s);
}

/* The source named for a kill and its time in scans of files a and b, in both orders:
 * the same either way. */
static void check_named_both_orders(const char *a, const char *b, const char *source,
                                    int64_t time_usec)
{
	struct oomt_scan_opts o = base_opts();
	const char *const orders[2][3] = { { a, b, NULL }, { b, a, NULL } };

	for (int k = 0; k < 2; k++) {
		const struct oomt_event *ev;
		struct oomt_scan *s = scan_files(&o, orders[k]);

		assert_int_equal(oomt_scan_count(s), 1);
		assert_int_equal(oomt_scan_merged(s), 1);
		assert_int_equal(oomt_scan_event(s, 0, 0, &ev), 0);
		assert_string_equal(ev->source, source);
		assert_int_equal(ev->time_usec, time_usec);
		assert_true(ev->complete);
		assert_int_equal(ev->cut, 0);
		oomt_scan_free(s);
	}
}

/* One kill in two logs that both hold it whole: the copy kept, whose source and time the
 * incident has, is not the one read first but, as for any kill, the richer one, and
 * between equals the one with the finer clock (the year in the log, then fractions of a
 * second), then the one with nothing cut. systemd-oomd's kill (no pid) in syslog and in
 * journalctl's short-iso-precise form; in syslog and a paste cut inside its reason; a
 * kernel kill in kern.log and in rsyslog's high-precision form. */
static void test_dedup_names_finer_copy(void **state)
{
	static const char kill[] =
		"deskA systemd-oomd[612]: Killed /system.slice/a.service due to memory used (32911503360) / total (33381277696) and swap used (7730941952) / total (8589930496) being more than 90.00%\n";
	static const char cut[] =
		"Jul 14 08:21:05 deskA systemd-oomd[612]: Killed /system.slice/a.service due to memory used (32911503360) / total (33381277696) and swap used (77309…\n";
	const time_t july15 = 1784073600;   /* 2026-07-15T00:00:00Z: syslog's year */
	const int64_t at = 1784017265000000LL;   /* 2026-07-14T08:21:05Z */
	char sys[512], precise[512], paste[512], kern[512], kern_precise[512], line[4096];
	FILE *in, *out;

	(void)state;
	path_in(sys, sizeof(sys), "oomd-syslog.log");
	path_in(precise, sizeof(precise), "oomd-precise.log");
	path_in(paste, sizeof(paste), "oomd-paste.log");
	snprintf(line, sizeof(line), "Jul 14 08:21:05 %s", kill);
	write_file(sys, line, strlen(line));
	set_mtime(sys, july15);
	snprintf(line, sizeof(line), "2026-07-14T08:21:05.412345+0000 %s", kill);
	write_file(precise, line, strlen(line));
	write_file(paste, cut, sizeof(cut) - 1);
	set_mtime(paste, july15);
	check_named_both_orders(sys, precise, precise, at + 412345);
	check_named_both_orders(sys, paste, sys, at);

	/* kern.log's report with rsyslog's RFC 3339 stamps, a quarter second in */
	path_in(kern, sizeof(kern), "kern.log");
	path_in(kern_precise, sizeof(kern_precise), "kern-precise.log");
	make_kern_log(kern);
	in = fopen(kern, "re");
	out = fopen(kern_precise, "we");
	assert_non_null(in);
	assert_non_null(out);
	while (fgets(line, sizeof(line), in)) {
		assert_memory_equal(line, "Nov 20 ", 7);
		fprintf(out, "2026-11-20T%.8s.250000+00:00%s", line + 7, line + 15);
	}
	fclose(in);
	fclose(out);
	check_named_both_orders(kern, kern_precise, kern_precise, KILL_USEC + 250000);
}

/* Incidents without a wall clock first, in log order, then by time. */
static void test_order(void **state)
{
	struct oomt_scan_opts o = base_opts();
	struct oomt_scan *s;

	(void)state;
	s = scan_files(&o, (const char *const[]){ MULTIHOST, GLOBAL, NULL });
	assert_int_equal(oomt_scan_count(s), 4);
	assert_int_equal(victim_of(s, 0), 9345);
	assert_int_equal(victim_of(s, 1), 9999);
	assert_int_equal(victim_of(s, 2), 8895);
	assert_int_equal(victim_of(s, 3), 10375);
	assert_int_equal(oomt_scan_event(s, 4, 0, &(const struct oomt_event *){ NULL }), -EINVAL);
	oomt_scan_free(s);
}

static size_t count_with(struct oomt_scan_opts *o, const char *file, uint64_t *no_time,
                         uint64_t *no_host, int64_t *first)
{
	struct oomt_scan *s = scan_files(o, (const char *const[]){ file, NULL });
	size_t n = oomt_scan_count(s);

	*no_time = oomt_scan_kept_without_time(s);
	*no_host = oomt_scan_kept_without_host(s);
	*first = n ? victim_of(s, 0) : -1;
	oomt_scan_free(s);
	return n;
}

static void test_filters(void **state)
{
	struct oomt_scan_opts o;
	uint64_t nt, nh;
	int64_t pid;

	(void)state;
	o = base_opts();
	o.since_usec = KILL_USEC + 12 * 3600 * 1000000LL;
	assert_int_equal(count_with(&o, MULTIHOST, &nt, &nh, &pid), 1);
	assert_int_equal(pid, 10375);
	o = base_opts();
	o.until_usec = KILL_USEC + 12 * 3600 * 1000000LL;
	assert_int_equal(count_with(&o, MULTIHOST, &nt, &nh, &pid), 1);
	assert_int_equal(pid, 8895);
	o = base_opts();
	o.host = "web1";
	assert_int_equal(count_with(&o, MULTIHOST, &nt, &nh, &pid), 1);
	assert_int_equal(pid, 8895);
	o.host = "DB1.example.com";
	assert_int_equal(count_with(&o, MULTIHOST, &nt, &nh, &pid), 1);
	assert_int_equal(pid, 10375);
	o.host = "web1.example.org";
	assert_int_equal(count_with(&o, MULTIHOST, &nt, &nh, &pid), 0);
	assert_int_equal(nh, 0);

	/* what a filter cannot judge is kept, and counted */
	o = base_opts();
	o.since_usec = KILL_USEC;
	assert_int_equal(count_with(&o, MEMCG, &nt, &nh, &pid), 1);
	assert_int_equal(nt, 1);
	assert_int_equal(nh, 0);
	o = base_opts();
	o.host = "web1";
	o.since_usec = 1704067200000000LL;          /* 2024-01-01 */
	assert_int_equal(count_with(&o, DMESG_T, &nt, &nh, &pid), 1);
	assert_int_equal(nh, 1);
	assert_int_equal(nt, 0);
	/* dropped by the time filter: not counted as kept despite the host filter */
	o.since_usec = 1735689600000000LL;          /* 2025-01-01 */
	assert_int_equal(count_with(&o, DMESG_T, &nt, &nh, &pid), 0);
	assert_int_equal(nh, 0);
}

static int64_t rss(const struct oomt_task *t)
{
	return t->rss_pages == INT64_MIN ? 0 : t->rss_pages;
}

static void test_task_rows(void **state)
{
	struct oomt_scan_opts o = base_opts();
	const struct oomt_event *ev;
	struct oomt_scan *s;
	size_t all;

	(void)state;
	s = scan_files(&o, (const char *const[]){ GLOBAL, NULL });
	assert_int_equal(oomt_scan_event(s, 0, 0, &ev), 0);
	all = ev->n_tasks;
	assert_true(all > 5);
	assert_int_equal(oomt_scan_event(s, 0, OOMT_SCAN_EVENT_NO_TASKS, &ev), 0);
	assert_int_equal(ev->n_tasks, 0);
	assert_null(ev->tasks);
	oomt_scan_free(s);

	o.task_rows = OOMT_SCAN_TASK_ROWS_TOP;
	o.task_rows_top = 5;
	s = scan_files(&o, (const char *const[]){ GLOBAL, NULL });
	assert_int_equal(oomt_scan_event(s, 0, 0, &ev), 0);
	assert_int_equal(ev->n_tasks, 5);
	for (size_t i = 1; i < ev->n_tasks; i++)
		assert_true(rss(&ev->tasks[i - 1]) >= rss(&ev->tasks[i]));
	oomt_scan_free(s);

	o.task_rows = OOMT_SCAN_TASK_ROWS_NONE;
	s = scan_files(&o, (const char *const[]){ GLOBAL, NULL });
	assert_int_equal(oomt_scan_event(s, 0, 0, &ev), 0);
	assert_int_equal(ev->n_tasks, 0);
	assert_true(ev->has_tasks);
	oomt_scan_free(s);
}

/* Missing, a directory, binary garbage, an over-long line: each source's own status. */
static void test_source_status(void **state)
{
	struct oomt_scan_opts o = base_opts();
	const struct oomt_scan_source *st;
	char missing[512], garbage[512], longline[512], *data;
	struct oomt_scan *s;
	size_t len = 1 << 20;

	(void)state;
	path_in(missing, sizeof(missing), "does-not-exist");
	path_in(garbage, sizeof(garbage), "garbage");
	path_in(longline, sizeof(longline), "longline");
	data = malloc(len + 200);
	assert_non_null(data);
	for (size_t i = 0; i < len; i++)
		data[i] = (char)(i * 2654435761u >> 13);
	write_file(garbage, data, len);
	/* a kill line longer than the line buffer: cut, and still found */
	strcpy(data, "[    1.000000] Out of memory: Killed process 5 (x) total-vm:1kB, anon-rss:1kB ");
	memset(data + strlen(data), 'A', len - strlen(data));
	data[len] = '\n';
	write_file(longline, data, len + 1);
	free(data);

	s = scan_files(&o, (const char *const[]){ missing, tmp, garbage, longline, MEMCG, NULL });
	assert_int_equal(oomt_scan_count(s), 2);
	assert_int_equal(oomt_scan_source_count(s), 5);
	st = oomt_scan_source_get(s, 0);
	assert_int_equal(st->error, -ENOENT);
	assert_false(st->read_error);
	assert_string_equal(st->name, missing);
	st = oomt_scan_source_get(s, 1);
	assert_int_equal(st->error, -EISDIR);
	st = oomt_scan_source_get(s, 2);
	assert_int_equal(st->error, 0);
	assert_int_equal(st->events, 0);
	st = oomt_scan_source_get(s, 3);
	assert_int_equal(st->error, 0);
	assert_int_equal(st->lines_truncated, 1);
	assert_int_equal(st->events, 1);
	assert_int_equal(oomt_scan_verdict(s), OOMT_SCAN_VERDICT_READ);
	oomt_scan_free(s);

	s = scan_files(&o, (const char *const[]){ missing, tmp, NULL });
	assert_int_equal(oomt_scan_verdict(s), OOMT_SCAN_VERDICT_FAILED);
	oomt_scan_free(s);

	/* a log this user may not read (root reads it anyway) */
	if (geteuid() != 0) {
		char denied[512];

		path_in(denied, sizeof(denied), "denied");
		copy_file(MEMCG, denied);
		assert_int_equal(chmod(denied, 0), 0);
		s = scan_files(&o, (const char *const[]){ denied, missing, NULL });
		assert_int_equal(oomt_scan_source_get(s, 0)->error, -EACCES);
		assert_int_equal(oomt_scan_verdict(s), OOMT_SCAN_VERDICT_DENIED);
		oomt_scan_free(s);
	}
}

/* This host's logs under a sysroot: a saved /dev/kmsg, kern.log and a rotated gzipped
 * syslog; no journal there, which is not a source. */
static void test_sysroot_host(void **state)
{
	struct oomt_scan_opts o = base_opts();
	const struct oomt_scan_source *st;
	char root[512], path[600], cmd[1400];
	struct oomt_scan *s;

	(void)state;
	path_in(root, sizeof(root), "root");
	assert_int_equal(mkdir(root, 0755), 0);
	make_kmsg_root(root, (KILL_USEC - KILL_UPTIME_USEC) / 1000000);
	snprintf(path, sizeof(path), "%s/var", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/var/log", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/var/log/kern.log", root);
	make_kern_log(path);
	snprintf(cmd, sizeof(cmd), "gzip -c '%s' >'%s/var/log/syslog.2.gz'", MULTIHOST, root);
	assert_int_equal(system(cmd), 0);

	o.sysroot = root;
	assert_int_equal(oomt_scan_new(&o, &s), 0);
	assert_int_equal(oomt_scan_add_host(s), 0);
	assert_int_equal(oomt_scan_run(s), 0);
	assert_int_equal(oomt_scan_count(s), 2);
	assert_int_equal(victim_of(s, 0), 8895);
	assert_int_equal(victim_of(s, 1), 10375);
	assert_int_equal(oomt_scan_merged(s), 2);
	assert_int_equal(oomt_scan_source_count(s), 3);
	st = oomt_scan_source_get(s, 0);
	snprintf(path, sizeof(path), "%s/dev/kmsg", root);
	assert_string_equal(st->name, path);
	assert_int_equal(st->kind, OOMT_SCAN_SOURCE_KMSG);
	assert_null(st->format);
	assert_int_equal(st->events, 1);
	st = oomt_scan_source_get(s, 1);
	snprintf(path, sizeof(path), "%s/var/log/kern.log", root);
	assert_string_equal(st->name, path);
	st = oomt_scan_source_get(s, 2);
	snprintf(path, sizeof(path), "%s/var/log/syslog.2.gz", root);
	assert_string_equal(st->name, path);
	assert_int_equal(st->events, 2);
	oomt_scan_free(s);

	/* nothing at all under the root */
	path_in(root, sizeof(root), "empty-root");
	assert_int_equal(mkdir(root, 0755), 0);
	o.sysroot = root;
	assert_int_equal(oomt_scan_new(&o, &s), 0);
	assert_int_equal(oomt_scan_add_host(s), 0);
	assert_int_equal(oomt_scan_run(s), 0);
	assert_int_equal(oomt_scan_source_count(s), 0);
	assert_int_equal(oomt_scan_verdict(s), OOMT_SCAN_VERDICT_NO_SOURCE);
	oomt_scan_free(s);
}

/* Follow on a saved /dev/kmsg under a sysroot (no journald there): with since_usec the
 * incident the log holds is replayed; without it only new ones would come. */
static void test_follow_kmsg_file(void **state)
{
	struct oomt_scan_opts o = base_opts();
	const struct oomt_event *ev;
	char root[512];
	struct oomt_scan *s;

	(void)state;
	path_in(root, sizeof(root), "follow-root");
	assert_int_equal(mkdir(root, 0755), 0);
	make_kmsg_root(root, 1000000000);        /* booted in 2001 */
	o.sysroot = root;
	o.follow = true;
	o.since_usec = 1;

	assert_int_equal(oomt_scan_new(&o, &s), 0);
	assert_int_equal(oomt_scan_run(s), -EINVAL);
	assert_int_equal(oomt_scan_follow_start(s), 0);
	assert_int_equal(oomt_scan_source_count(s), 1);
	assert_int_equal(oomt_scan_source_get(s, 0)->kind, OOMT_SCAN_SOURCE_KMSG);
	/* released after ~1 s of quiet */
	assert_int_equal(oomt_scan_follow_next(s, 5000, &ev), 0);
	assert_int_equal(ev->victim.pid, 8895);
	assert_int_equal(ev->time_usec, 1000000000LL * 1000000 + HEADER_UPTIME_USEC);
	assert_string_equal(ev->source, "/dev/kmsg");
	assert_int_equal(oomt_scan_follow_next(s, 600, &ev), 1);
	assert_int_equal(oomt_scan_follow_stop(s), 0);
	assert_int_equal(oomt_scan_follow_next(s, 600, &ev), 1);
	assert_int_equal(oomt_scan_source_get(s, 0)->events, 1);
	assert_int_equal(oomt_scan_kept_without_time(s), 0);
	oomt_scan_free(s);

	/* no since: only what is logged from now on; the 2001 incident is not */
	o.since_usec = 0;
	assert_int_equal(oomt_scan_new(&o, &s), 0);
	assert_int_equal(oomt_scan_follow_start(s), 0);
	assert_int_equal(oomt_scan_follow_next(s, 1500, &ev), 1);
	assert_int_equal(oomt_scan_follow_stop(s), 0);
	assert_int_equal(oomt_scan_follow_next(s, 0, &ev), 1);
	assert_int_equal(oomt_scan_source_get(s, 0)->events, 1);
	oomt_scan_free(s);

	/* follow reads the live log, not files */
	assert_int_equal(oomt_scan_new(&o, &s), 0);
	assert_int_equal(oomt_scan_add_file(s, MEMCG), 0);
	assert_int_equal(oomt_scan_follow_start(s), -EINVAL);
	oomt_scan_free(s);
}

static void test_sources_json(void **state)
{
	struct oomt_scan_opts o = base_opts();
	char missing[512], *buf = NULL;
	struct oomt_scan *s;
	struct oomt_json *j;
	size_t len = 0;
	FILE *f;

	(void)state;
	path_in(missing, sizeof(missing), "does-not-exist");
	s = scan_files(&o, (const char *const[]){ MEMCG, missing, NULL });
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(oomt_json_new(f, false, &j), 0);
	oomt_json_begin_object(j, NULL);
	oomt_scan_write_sources_json(j, s);
	oomt_json_end_object(j);
	oomt_json_finish(j);
	oomt_json_free(j);
	fclose(f);
	assert_non_null(strstr(buf, "\"type\":\"file\",\"format\":\"dmesg\",\"status\":\"ok\","
	                            "\"error\":null,\"events\":1,\"lines_truncated\":0,"
	                            "\"lines_skipped\":0,\"records_lost\":0,"));
	/* what it spans: a dmesg has no wall clock, so neither end has one; its size */
	assert_non_null(strstr(buf, "\"first_time\":null,\"last_time\":null,"));
	assert_non_null(strstr(buf, "\"boots\":null,\"size_bytes\":"));
	assert_non_null(strstr(buf, "\"status\":\"failed\",\"error\":\"No such file or directory\""));
	free(buf);
	oomt_scan_free(s);
}

/* What a file spans comes from its lines, not from its modification time (a copy's): the
 * first and the last line that state a wall time, the last one a line the prefilter
 * skipped after the report; none when no line states one. */
static void test_source_span(void **state)
{
	struct oomt_scan_opts o = base_opts();
	const struct oomt_scan_source *st;
	char kern[512], plain[512];
	struct oomt_scan *s;

	(void)state;
	path_in(kern, sizeof(kern), "kern.log");
	path_in(plain, sizeof(plain), "plain.log");
	make_kern_log(kern);    /* mtime 14 h after the kill: the year, not the end */
	write_file(plain, "Out of memory: Killed process 5 (x) total-vm:1kB, anon-rss:1kB\n"
	           "some other line\n", 79);
	s = scan_files(&o, (const char *const[]){ kern, plain, MEMCG, NULL });
	st = oomt_scan_source_get(s, 0);
	assert_int_equal(st->first_usec, KILL_USEC - 2 * 1000000);   /* Nov 20 09:59:58 */
	assert_int_equal(st->last_usec, KILL_USEC + 5 * 1000000);    /* Nov 20 10:00:05 */
	st = oomt_scan_source_get(s, 1);
	assert_int_equal(st->first_usec, OOMT_UNKNOWN);
	assert_int_equal(st->last_usec, OOMT_UNKNOWN);
	st = oomt_scan_source_get(s, 2);
	assert_int_equal(st->first_usec, OOMT_UNKNOWN);
	assert_int_equal(st->last_usec, OOMT_UNKNOWN);
	oomt_scan_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opts_size),
		cmocka_unit_test(test_dedup_across_files),
		cmocka_unit_test(test_dedup_keeps_richer),
		cmocka_unit_test(test_dedup_oomd_kill_without_pid),
		cmocka_unit_test(test_dedup_names_finer_copy),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_task_rows),
		cmocka_unit_test(test_source_status),
		cmocka_unit_test(test_sysroot_host),
		cmocka_unit_test(test_follow_kmsg_file),
		cmocka_unit_test(test_sources_json),
		cmocka_unit_test(test_source_span),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
