/* SPDX-License-Identifier: MIT */
/* Resuming a scan (scan.h, "resuming"): a sysroot made at test time with kern.log, its
 * rotations and a saved /dev/kmsg; each scan reads only what is new since the last one,
 * across a rotation (the inode moves to kern.log.1), a truncation, a rewrite, a new boot;
 * an incident still being written is read whole by the next scan; a kill read again from a
 * log that was behind is not delivered twice; the text form of the positions, and what its
 * parser refuses. */
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
#include "test-tmpdir.h"

#define CLI_DATA TEST_DATA_DIR "/cli"
#define MEMCG CLI_DATA "/scan-logs-memcg.dmesg"
#define GLOBAL CLI_DATA "/scan-logs-global.dmesg"

#define BOOT_A "6d1c8c4e-55f0-4a0e-9b33-0c2e8a39a001"
#define BOOT_B "6d1c8c4e-55f0-4a0e-9b33-0c2e8a39a002"

static char root[512];

static void path_in(char *buf, size_t sz, const char *rel)
{
	assert_true((size_t)snprintf(buf, sz, "%s/%s", root, rel) < sz);
}

static void write_rel(const char *rel, const char *data, const char *mode)
{
	char path[1024];
	FILE *f;

	path_in(path, sizeof(path), rel);
	f = fopen(path, mode);
	assert_non_null(f);
	fputs(data, f);
	fclose(f);
}

/* The lines of a dmesg template as kern.log writes them: "Mon DD HH:MM:SS web1 kernel:
 * [uptime] msg", the uptime shifted by shift_sec (another kill), the wall clock wall_sec
 * (UTC) for every line; only the lines before stop_at (a needle; NULL: all), or only from
 * it on (from_stop). Appended to rel. */
static void append_report(const char *rel, const char *tmpl, double shift_sec, time_t wall_sec,
                          const char *stop_at, bool from_stop)
{
	char path[1024], line[4096], stamp[32];
	bool stopped = false;
	struct tm tm;
	FILE *in, *out;

	path_in(path, sizeof(path), rel);
	in = fopen(tmpl, "re");
	out = fopen(path, "ae");
	assert_non_null(in);
	assert_non_null(out);
	gmtime_r(&wall_sec, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	while (fgets(line, sizeof(line), in)) {
		double up;
		int off = 0;

		if (stop_at && strstr(line, stop_at))
			stopped = true;
		if (stop_at && stopped != from_stop)
			continue;
		if (sscanf(line, "[%lf]%n", &up, &off) != 1 || !off)
			continue;
		fprintf(out, "%s web1 kernel: [%12.6f]%s", stamp, up + shift_sec, line + off);
	}
	fclose(in);
	fclose(out);
}

/* A saved /dev/kmsg of the memcg report, sequence numbers from seq0. */
static void write_kmsg(unsigned seq0, double shift_sec)
{
	char path[1024], line[4096];
	FILE *in, *o;
	unsigned seq = seq0;

	path_in(path, sizeof(path), "dev/kmsg");
	o = fopen(path, "ae");
	in = fopen(MEMCG, "re");
	assert_non_null(o);
	assert_non_null(in);
	while (fgets(line, sizeof(line), in)) {
		double up;
		int off = 0;

		if (sscanf(line, "[%lf]%n", &up, &off) != 1 || !off)
			continue;
		fprintf(o, "4,%u,%lld,-;%s", seq++, (long long)((up + shift_sec) * 1e6),
		        line + off + (line[off] == ' '));
	}
	fclose(in);
	fclose(o);
}

static void set_boot(const char *boot_id)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s\n", boot_id);
	write_rel("proc/sys/kernel/random/boot_id", buf, "we");
}

static void mkdir_rel(const char *rel)
{
	char path[1024];

	path_in(path, sizeof(path), rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static int setup(void **state)
{
	(void)state;
	test_tmp_path(root, sizeof(root), "oomt-test-resume-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	setenv("TZ", "UTC", 1);
	tzset();
	mkdir_rel("var");
	mkdir_rel("var/log");
	mkdir_rel("proc");
	mkdir_rel("proc/sys");
	mkdir_rel("proc/sys/kernel");
	mkdir_rel("proc/sys/kernel/random");
	write_rel("proc/stat", "cpu  1 2 3 4\nbtime 1795164000\n", "we");
	set_boot(BOOT_A);
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	return 0;
}

struct run {
	size_t incidents;
	int64_t pids[8];
	enum oomt_scan_resume resume[8];  /* per source, in status order */
	char names[8][64];
	bool held[8];
	size_t n_sources;
};

/* One resumed scan of the sysroot's host logs from *pos; *pos becomes the positions reached
 * (through their text form, as a state file keeps them). */
static struct run scan_once(struct oomt_scan_positions **pos)
{
	struct oomt_scan_opts o = { .struct_size = sizeof(o), .tmp_dir = test_tmp_dir(),
	                            .sysroot = root, .resume = *pos };
	const struct oomt_scan_positions *reached;
	struct oomt_scan *s;
	struct run out = { 0 };
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *mem;

	assert_int_equal(oomt_scan_new(&o, &s), 0);
	assert_int_equal(oomt_scan_add_host(s), 0);
	assert_int_equal(oomt_scan_run(s), 0);
	out.incidents = oomt_scan_count(s);
	for (size_t i = 0; i < out.incidents && i < 8; i++) {
		const struct oomt_event *ev;

		assert_int_equal(oomt_scan_event(s, i, OOMT_SCAN_EVENT_NO_TASKS, &ev), 0);
		out.pids[i] = ev->victim.pid;
	}
	out.n_sources = oomt_scan_source_count(s);
	for (size_t i = 0; i < out.n_sources && i < 8; i++) {
		const struct oomt_scan_source *st = oomt_scan_source_get(s, i);
		const char *base = strrchr(st->name, '/');

		out.resume[i] = st->resume;
		out.held[i] = st->held_back;
		snprintf(out.names[i], sizeof(out.names[i]), "%s", base ? base + 1 : st->name);
	}
	assert_int_equal(oomt_scan_positions_reached(s, &reached), 0);
	mem = open_memstream(&text, &len);
	assert_non_null(mem);
	assert_int_equal(oomt_scan_positions_write(reached, mem), 0);
	fclose(mem);
	oomt_scan_free(s);
	oomt_scan_positions_free(*pos);
	assert_int_equal(oomt_scan_positions_new(pos), 0);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		assert_int_equal(oomt_scan_positions_parse_line(*pos, line, strlen(line)), 0);
	free(text);
	return out;
}

static enum oomt_scan_resume resume_of(const struct run *r, const char *name)
{
	for (size_t i = 0; i < r->n_sources && i < 8; i++)
		if (strcmp(r->names[i], name) == 0)
			return r->resume[i];
	fail_msg("no source %s", name);
	return OOMT_SCAN_RESUME_OFF;
}

#define OLD_WALL 1795168800   /* 2026-11-20T10:00:00Z */

/* A first scan reads everything; the next reads nothing; an appended kill alone. */
static void test_append(void **state)
{
	struct oomt_scan_positions *pos;
	struct run r;

	(void)state;
	append_report("var/log/kern.log", MEMCG, 0, OLD_WALL, NULL, false);
	assert_int_equal(oomt_scan_positions_new(&pos), 0);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 1);
	assert_int_equal(r.pids[0], 8895);
	assert_int_equal(resume_of(&r, "kern.log"), OOMT_SCAN_RESUME_NEW);
	assert_int_equal(oomt_scan_positions_count(pos), 1);

	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	assert_int_equal(resume_of(&r, "kern.log"), OOMT_SCAN_RESUME_CONTINUED);

	append_report("var/log/kern.log", GLOBAL, 1000, OLD_WALL + 3600, NULL, false);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 2);
	assert_int_equal(r.pids[0], 9345);
	assert_int_equal(r.pids[1], 9999);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	oomt_scan_positions_free(pos);
}

/* logrotate: kern.log becomes kern.log.1 (the same inode, lines appended to it before the
 * rename are read on), a new kern.log starts; later kern.log.1 is compressed to
 * kern.log.2.gz, which is taken as read. */
static void test_rotation(void **state)
{
	struct oomt_scan_positions *pos;
	char a[1024], b[1024], cmd[4096];
	struct run r;

	(void)state;
	append_report("var/log/kern.log", MEMCG, 0, OLD_WALL, NULL, false);
	assert_int_equal(oomt_scan_positions_new(&pos), 0);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 1);

	append_report("var/log/kern.log", MEMCG, 500, OLD_WALL + 600, NULL, false);
	path_in(a, sizeof(a), "var/log/kern.log");
	path_in(b, sizeof(b), "var/log/kern.log.1");
	assert_int_equal(rename(a, b), 0);
	append_report("var/log/kern.log", GLOBAL, 1000, OLD_WALL + 3600, NULL, false);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 3);   /* the one appended before the rename, two new */
	assert_int_equal(resume_of(&r, "kern.log.1"), OOMT_SCAN_RESUME_CONTINUED);
	assert_int_equal(resume_of(&r, "kern.log"), OOMT_SCAN_RESUME_NEW);

	/* the second rotation: kern.log.1 compressed to kern.log.2.gz (a new inode) */
	snprintf(cmd, sizeof(cmd), "gzip -c '%s' >'%s/var/log/kern.log.2.gz' && rm '%s'", b,
	         root, b);
	assert_int_equal(system(cmd), 0);
	path_in(b, sizeof(b), "var/log/kern.log.1");
	assert_int_equal(rename(a, b), 0);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	assert_int_equal(resume_of(&r, "kern.log.2.gz"), OOMT_SCAN_RESUME_UNCHANGED);
	assert_int_equal(resume_of(&r, "kern.log.1"), OOMT_SCAN_RESUME_CONTINUED);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	assert_int_equal(resume_of(&r, "kern.log.2.gz"), OOMT_SCAN_RESUME_UNCHANGED);
	oomt_scan_positions_free(pos);
}

/* copytruncate: the same inode, shorter than the offset: from the start. The same length
 * rewritten: the bytes before the offset differ, from the start too. */
static void test_truncation(void **state)
{
	struct oomt_scan_positions *pos;
	struct run r;

	(void)state;
	append_report("var/log/kern.log", GLOBAL, 0, OLD_WALL, NULL, false);
	assert_int_equal(oomt_scan_positions_new(&pos), 0);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 2);

	write_rel("var/log/kern.log", "", "we");    /* truncate in place */
	append_report("var/log/kern.log", MEMCG, 2000, OLD_WALL + 7200, NULL, false);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 1);
	assert_int_equal(r.pids[0], 8895);
	assert_int_equal(resume_of(&r, "kern.log"), OOMT_SCAN_RESUME_RESTARTED);

	/* rewritten, as long as before: the fingerprint tells */
	write_rel("var/log/kern.log", "", "we");
	append_report("var/log/kern.log", MEMCG, 3000, OLD_WALL + 9000, NULL, false);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 1);
	assert_int_equal(resume_of(&r, "kern.log"), OOMT_SCAN_RESUME_RESTARTED);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	oomt_scan_positions_free(pos);
}

/* /dev/kmsg goes on after its last sequence number within a boot; another boot's ring
 * buffer is read from its start. */
static void test_kmsg_new_boot(void **state)
{
	struct oomt_scan_positions *pos;
	char path[1024];
	struct run r;

	(void)state;
	mkdir_rel("dev");
	write_kmsg(100, 0);
	assert_int_equal(oomt_scan_positions_new(&pos), 0);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 1);
	assert_int_equal(resume_of(&r, "kmsg"), OOMT_SCAN_RESUME_NEW);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	assert_int_equal(resume_of(&r, "kmsg"), OOMT_SCAN_RESUME_CONTINUED);
	write_kmsg(1000, 100);                      /* a later kill, same boot */
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 1);

	/* a reboot: new ID, the ring buffer starts again at 0 */
	set_boot(BOOT_B);
	path_in(path, sizeof(path), "dev/kmsg");
	unlink(path);
	write_kmsg(0, 0);
	r = scan_once(&pos);
	assert_int_equal(resume_of(&r, "kmsg"), OOMT_SCAN_RESUME_RESTARTED);
	assert_int_equal(r.incidents, 1);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	oomt_scan_positions_free(pos);
}

/* The report being written when the scan reads: not delivered half, but whole by the next
 * scan. Its lines are stamped now (an incident open for over a minute is delivered). */
static void test_open_incident_held(void **state)
{
	struct oomt_scan_positions *pos;
	time_t now = time(NULL);
	struct run r;

	(void)state;
	append_report("var/log/kern.log", MEMCG, 0, now, "Memory cgroup out of memory:", false);
	assert_int_equal(oomt_scan_positions_new(&pos), 0);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	assert_true(r.held[0]);
	append_report("var/log/kern.log", MEMCG, 0, now, "Memory cgroup out of memory:", true);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 1);
	assert_int_equal(r.pids[0], 8895);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	oomt_scan_positions_free(pos);
}

/* One kill in kmsg (read first) and, written late, in kern.log: delivered once, although the
 * two scans each read it. */
static void test_seen_across_scans(void **state)
{
	struct oomt_scan_positions *pos;
	time_t now = time(NULL);
	char buf[64];
	struct run r;

	(void)state;
	mkdir_rel("dev");
	/* btime such that the kmsg clock (btime + uptime) gives now at the kill */
	snprintf(buf, sizeof(buf), "btime %lld\n", (long long)now - 1158);
	write_rel("proc/stat", buf, "we");
	write_kmsg(10, 0);
	write_rel("var/log/kern.log", "", "we");
	assert_int_equal(oomt_scan_positions_new(&pos), 0);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 1);
	append_report("var/log/kern.log", MEMCG, 0, now, NULL, false);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	oomt_scan_positions_free(pos);
}

/* A systemd-oomd kill line as syslog writes it, stamped wall_sec (UTC), appended to rel. */
static void append_oomd_kill(const char *rel, time_t wall_sec, const char *cgroup)
{
	char line[1024], stamp[32];
	struct tm tm;

	gmtime_r(&wall_sec, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	snprintf(line, sizeof(line), "%s web1 systemd-oomd[612]: Killed %s due to memory used "
	         "(32911503360) / total (33381277696) and swap used (7730941952) / total "
	         "(8589930496) being more than 90.00%%\n", stamp, cgroup);
	write_rel(rel, line, "ae");
}

#define FIREFOX "/user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox.scope"
#define BUILD "/system.slice/build.service"

/* systemd-oomd's kills have no pid: one read again by a later scan (from messages, which
 * was behind syslog) is recognised by its cgroup and wall clock, as the scan's own merge
 * does (oomt_event_same), and not delivered twice; a kill of another cgroup at the same
 * second, and one of the same cgroup 100 s later, are new. All older than the minute an
 * open incident is held, within the 15 minutes seen incidents are kept. */
static void test_seen_oomd_kill(void **state)
{
	struct oomt_scan_positions *pos;
	time_t now = time(NULL);
	struct run r;

	(void)state;
	append_oomd_kill("var/log/syslog", now - 300, FIREFOX);
	assert_int_equal(oomt_scan_positions_new(&pos), 0);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 1);
	append_oomd_kill("var/log/messages", now - 299, FIREFOX);
	append_oomd_kill("var/log/messages", now - 300, BUILD);
	append_oomd_kill("var/log/messages", now - 200, FIREFOX);
	r = scan_once(&pos);
	assert_int_equal(resume_of(&r, "syslog"), OOMT_SCAN_RESUME_CONTINUED);
	assert_int_equal(resume_of(&r, "messages"), OOMT_SCAN_RESUME_NEW);
	assert_int_equal(r.incidents, 2);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	oomt_scan_positions_free(pos);
}

/* ---- the journal ---- */

static const char *journal_remote(void)
{
	static const char *const paths[] = { "/lib/systemd/systemd-journal-remote",
	                                     "/usr/lib/systemd/systemd-journal-remote" };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

static void export_entry(FILE *f, long long rt, long long mono, const char *transport,
                         const char *ident, const char *msg)
{
	fprintf(f, "__REALTIME_TIMESTAMP=%lld\n__MONOTONIC_TIMESTAMP=%lld\n"
	        "_BOOT_ID=0123456789abcdef0123456789abcdef\n_TRANSPORT=%s\n"
	        "SYSLOG_IDENTIFIER=%s\n_HOSTNAME=node1\nPRIORITY=4\n"
	        "_SOURCE_MONOTONIC_TIMESTAMP=%lld\nMESSAGE=%s\n\n",
	        rt, mono, transport, ident, mono, msg);
}

/* A journal file var/log/journal/NAME of one kernel kill of pid (at rt, mono), noise, and an
 * earlyoom kill of pid + 1 a second later. */
static void write_journal(const char *name, long long rt, long long mono, int pid)
{
	char exp[1024], cmd[4096], msg[512];
	FILE *f;

	path_in(exp, sizeof(exp), "journal.export");
	f = fopen(exp, "we");
	assert_non_null(f);
	export_entry(f, rt, mono, "kernel", "kernel",
	             "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
	             "oom_score_adj=0");
	export_entry(f, rt + 100, mono + 100, "syslog", "CRON", "(root) CMD (true)");
	snprintf(msg, sizeof(msg), "Memory cgroup out of memory: Killed process %d (python3) "
	         "total-vm:75164kB, anon-rss:65008kB, file-rss:6648kB, shmem-rss:0kB, UID:0 "
	         "pgtables:184kB oom_score_adj:0", pid);
	export_entry(f, rt + 1000, mono + 1000, "kernel", "kernel", msg);
	snprintf(msg, sizeof(msg), "sending SIGTERM to process %d uid 1000 \"cluster\": "
	         "badness 1264, VmRSS 23964 MiB", pid + 1);
	export_entry(f, rt + 1000000, mono + 1000000, "syslog", "earlyoom", msg);
	export_entry(f, rt + 1100000, mono + 1100000, "syslog", "earlyoom",
	             "process exited after 0.1 seconds");
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s -o '%s/var/log/journal/%s' '%s' 2>/dev/null",
	         journal_remote(), root, name, exp);
	assert_int_equal(system(cmd), 0);
	unlink(exp);
}

/* The journal's two streams (the kernel's entries, the others) each go on after their
 * cursor. A journal whose files' headers still count the same entries is not opened at all;
 * one whose active file grew, or that gained a file, is read on the files that changed. */
static void test_journal(void **state)
{
	struct oomt_scan_positions *pos;
	long long t0 = 1795168800000000LL;
	struct run r;

	(void)state;
	if (!journal_remote())
		skip();
	mkdir_rel("var/log/journal");
	write_journal("system.journal", t0, 117000000LL, 100);
	assert_int_equal(oomt_scan_positions_new(&pos), 0);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 2);          /* the kernel's kill, earlyoom's */
	assert_int_equal(resume_of(&r, "journal"), OOMT_SCAN_RESUME_NEW);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	assert_int_equal(resume_of(&r, "journal"), OOMT_SCAN_RESUME_UNCHANGED);

	/* the active file grows (systemd-journal-remote appends to it) */
	write_journal("system.journal", t0 + 60000000LL, 177000000LL, 200);
	r = scan_once(&pos);
	assert_int_equal(resume_of(&r, "journal"), OOMT_SCAN_RESUME_CONTINUED);
	assert_int_equal(r.incidents, 2);
	assert_int_equal(r.pids[0], 200);
	assert_int_equal(r.pids[1], 201);

	/* a new file (a rotation) */
	write_journal("later.journal", t0 + 120000000LL, 237000000LL, 300);
	r = scan_once(&pos);
	assert_int_equal(resume_of(&r, "journal"), OOMT_SCAN_RESUME_CONTINUED);
	assert_int_equal(r.incidents, 2);
	assert_int_equal(r.pids[0], 300);
	assert_int_equal(r.pids[1], 301);
	r = scan_once(&pos);
	assert_int_equal(r.incidents, 0);
	assert_int_equal(resume_of(&r, "journal"), OOMT_SCAN_RESUME_UNCHANGED);
	oomt_scan_positions_free(pos);
}

/* The text form: written and read back the same; every malformed line refused. */
static void test_positions_text(void **state)
{
	static const char *const good[] = {
		"pos begin 1795168800000000",
		"pos file 2049 1234 100 200 1795168800 00000000deadbeef 0 /var/log/kern.log",
		"pos file 2049 1235 0 300 1795168800 0000000000000000 1 /var/log/a%20b.gz",
		"pos kmsg 6d1c8c4e-55f0-4a0e-9b33-0c2e8a39a001 42 /dev/kmsg",
		"pos journal s=1;i=a;b=0123456789abcdef0123456789abcdef;m=3f1;t=1;x=2 0 - 0 journal",
		"pos jfile 2049 10 100 200 journal",
		"pos jfile 2049 11 5 6 journal",
		"pos seen 0 0 8895 8895 - 1158579724 1795168800000000 - web1",
		"pos seen 2 0 - - - - 1795168800000000 - web1 /system.slice/a%20b.service 0",
		"pos seen 2 0 - - - - 1795168800000000 - web1 /user.slice/user-1000.slice/app 1",
	};
	static const char *const bad[] = {
		"pos begin",
		"pos begin x",
		"pos begin 1 2",
		"pos begin  1",
		"pos file 1 2 300 200 0 00000000deadbeef 0 /x",     /* offset past size */
		"pos file 1 2 3 4 5 deadbeef 0 /x",                  /* short fingerprint */
		"pos file 1 2 3 4 5 00000000deadbeef 2 /x",          /* not a flag */
		"pos file 1 2 3 4 5 00000000deadbeef 0",             /* no name */
		"pos file 1 2 3 4 5 00000000deadbeef 0 /x extra",
		"pos file 1 2 3 4 5 00000000deadbeef 0 /x ",
		"pos file 1 2 3 4 5 00000000deadbeef 0 /x%0",        /* cut escape */
		"pos file 1 2 3 4 5 00000000deadbeef 0 /x%00",       /* escaped NUL */
		"pos file 99999999999999999999999 2 3 4 5 00000000deadbeef 0 /x",
		"pos kmsg not-a-boot 1 /dev/kmsg",
		"pos kmsg - -1 /dev/kmsg",
		"pos journal s=1;i=a\"; 0 - 0 journal",
		"pos journal - 0 - 0",
		"pos seen 256 0 1 1 - - - - -",
		"pos seen 0 0 1 1 - - -",
		"pos seen 2 0 - - - - 1 - web1 /system.slice/a.service",      /* no cut flag */
		"pos seen 2 0 - - - - 1 - web1 /system.slice/a.service 2",
		"pos seen 2 0 - - - - 1 - web1 - 0",                          /* no cgroup */
		"pos seen 2 0 - - - - 1 - web1 /a 0 x",
		"pos other 1",
		"pos jfile 2049 11 5 6 journal",                     /* not after the last */
		"pos jfile 2049 12 5 6 other-journal",               /* no such journal */
		"pos jfile 2049 12 5 journal",
		"pox begin 1",
		"",
	};
	struct oomt_scan_positions *p;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	char all[2048] = "";

	(void)state;
	assert_int_equal(oomt_scan_positions_new(&p), 0);
	/* nothing before begin */
	assert_int_equal(oomt_scan_positions_parse_line(p, good[1], strlen(good[1])), -EINVAL);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(oomt_scan_positions_parse_line(p, good[i], strlen(good[i])), 0);
		strcat(all, good[i]);
		strcat(all, "\n");
	}
	assert_int_equal(oomt_scan_positions_count(p), 4);
	/* one position per source, one begin */
	assert_int_equal(oomt_scan_positions_parse_line(p, good[1], strlen(good[1])), -EINVAL);
	assert_int_equal(oomt_scan_positions_parse_line(p, good[0], strlen(good[0])), -EINVAL);
	for (size_t i = 1; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(oomt_scan_positions_parse_line(p, bad[i], strlen(bad[i])), -EINVAL);
	mem = open_memstream(&text, &len);
	assert_int_equal(oomt_scan_positions_write(p, mem), 0);
	fclose(mem);
	assert_string_equal(text, all);
	free(text);
	oomt_scan_positions_free(p);
	/* a begin line that is bad on a fresh set */
	assert_int_equal(oomt_scan_positions_new(&p), 0);
	assert_int_equal(oomt_scan_positions_parse_line(p, bad[0], strlen(bad[0])), -EINVAL);
	oomt_scan_positions_free(p);
}

/* Without opts.resume nothing is recorded and nothing changes. */
static void test_no_resume(void **state)
{
	struct oomt_scan_opts o = { .struct_size = sizeof(o), .tmp_dir = test_tmp_dir(),
	                            .sysroot = root };
	const struct oomt_scan_positions *reached;
	struct oomt_scan *s;

	(void)state;
	append_report("var/log/kern.log", MEMCG, 0, OLD_WALL, NULL, false);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(oomt_scan_new(&o, &s), 0);
		assert_int_equal(oomt_scan_add_host(s), 0);
		assert_int_equal(oomt_scan_run(s), 0);
		assert_int_equal(oomt_scan_count(s), 1);
		assert_int_equal(oomt_scan_source_get(s, 0)->resume, OOMT_SCAN_RESUME_OFF);
		assert_int_equal(oomt_scan_positions_reached(s, &reached), -EINVAL);
		oomt_scan_free(s);
	}
	assert_string_equal(oomt_scan_resume_name(OOMT_SCAN_RESUME_CONTINUED), "continued");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kmsg_new_boot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_incident_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seen_across_scans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seen_oomd_kill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positions_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_resume, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
