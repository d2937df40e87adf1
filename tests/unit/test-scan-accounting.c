/* SPDX-License-Identifier: MIT */
/* Every kill accounted for: the cgroup counters' arithmetic (v1, v2 with and without the
 * local counts, removed children, memory_localevents), the owner of a logged kill, this
 * boot's ID and start, and whole scans of sysroots made at test time: /proc/vmstat, a v1 or
 * v2 memory hierarchy, a saved /dev/kmsg and a syslog with kills of this boot and of an
 * earlier one. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/scan.h>
#include <oomtool/system.h>
#include "cgroup/oom-kills.h"
#include "test-tmpdir.h"

/* The boot of the sysroots: 2026-11-20T09:00:00Z. */
#define BOOT_SEC 1795165200LL
#define BOOT_ID "0123abcd-4567-89ab-cdef-0123456789ab"

static char tmp[512];

static void put(const char *root, const char *rel, const char *text)
{
	char path[PATH_MAX], dir[PATH_MAX], *slash;
	FILE *f;

	assert_true((size_t)snprintf(path, sizeof(path), "%s/%s", root, rel) < sizeof(path));
	/* the parents, as mkdir -p */
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + 1; (slash = strchr(p, '/')); p = slash + 1) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	if (!text) {
		mkdir(path, 0755);
		return;
	}
	f = fopen(path, "we");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void rm_tree(const char *dir)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
	(void)state;
	test_tmp_path(tmp, sizeof(tmp), "oomt-test-accounting-XXXXXX");
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

/* A sysroot's /proc: the kernel counted kills OOM kills since BOOT_SEC. */
static void make_proc(const char *root, int kills)
{
	char text[256];

	put(root, "proc/meminfo", "MemTotal:        2048000 kB\nMemFree:          512000 kB\n");
	snprintf(text, sizeof(text), "nr_free_pages 128000\npgfault 10\noom_kill %d\n", kills);
	put(root, "proc/vmstat", text);
	put(root, "proc/sys/kernel/random/boot_id", BOOT_ID "\n");
	put(root, "proc/sys/kernel/osrelease", "6.1.0-13-amd64\n");
	snprintf(text, sizeof(text), "cpu  1 2 3 4\nintr 5 6 7\nbtime %lld\nprocesses 9\n", BOOT_SEC);
	put(root, "proc/stat", text);
}

/* ---- the counters ---- */

static void test_own_arithmetic(void **state)
{
	(void)state;
	/* v1, v2 before 5.2: the count is the cgroup's own */
	assert_int_equal(oomt_cgroup_oom_kills_own(3, OOMT_UNKNOWN, 5), 3);
	/* v2: local 1, hierarchical 4 of which children (alive) 2: 1 of a removed child */
	assert_int_equal(oomt_cgroup_oom_kills_own(4, 1, 2), 2);
	/* every kill below is a live child's */
	assert_int_equal(oomt_cgroup_oom_kills_own(3, 1, 2), 1);
	/* memory_localevents (events == local), or a child counted between the reads */
	assert_int_equal(oomt_cgroup_oom_kills_own(1, 1, 5), 1);
	assert_int_equal(oomt_cgroup_oom_kills_own(0, 0, 0), 0);
	assert_int_equal(oomt_cgroup_oom_kills_own(OOMT_UNKNOWN, 2, 0), 2);
	assert_int_equal(oomt_cgroup_oom_kills_own(OOMT_UNKNOWN, OOMT_UNKNOWN, 0), 0);
}

static void v1_counter(const char *root, const char *cg, int kills)
{
	char rel[PATH_MAX], text[128];

	snprintf(rel, sizeof(rel), "sys/fs/cgroup/memory%s/memory.oom_control", cg);
	snprintf(text, sizeof(text), "oom_kill_disable 0\nunder_oom 0\noom_kill %d\n", kills);
	put(root, rel, text);
}

static void v2_counters(const char *root, const char *cg, int events, int local)
{
	char rel[PATH_MAX], text[160];

	snprintf(rel, sizeof(rel), "sys/fs/cgroup%s/memory.events", cg);
	snprintf(text, sizeof(text), "low 0\nhigh 0\nmax 9\noom 9\noom_kill %d\noom_group_kill 0\n",
	         events);
	put(root, rel, text);
	if (local < 0)
		return;
	snprintf(rel, sizeof(rel), "sys/fs/cgroup%s/memory.events.local", cg);
	snprintf(text, sizeof(text), "low 0\nhigh 0\nmax 9\noom 9\noom_kill %d\noom_group_kill 0\n",
	         local);
	put(root, rel, text);
}

static const struct oomt_cgroup_oom_kills *row(const struct oomt_cgroup_oom_table *t,
                                               const char *path)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].path, path) == 0)
			return &t->rows[i];
	return NULL;
}

static void test_v1_table(void **state)
{
	struct oomt_cgroup_oom_table t;
	struct oomt_cgroup_fs *fs;
	char root[PATH_MAX], owner[256];

	(void)state;
	snprintf(root, sizeof(root), "%s/v1", tmp);
	v1_counter(root, "", 1);                       /* the root counts its own */
	v1_counter(root, "/system.slice", 0);
	v1_counter(root, "/system.slice/web.service", 2);
	v1_counter(root, "/system.slice/db.service", 0);
	v1_counter(root, "/kubepods/pod1/ctr", 3);
	v1_counter(root, "/kubepods/pod1", 0);
	v1_counter(root, "/kubepods", 0);
	assert_int_equal(oomt_cgroup_fs_open(root, &fs), 0);
	assert_int_equal(oomt_cgroup_oom_table_read(fs, &t), 0);
	assert_int_equal(t.version, OOMT_CGROUP_V1);
	assert_false(t.rolls_up);
	assert_int_equal(t.cgroups, 7);
	assert_int_equal(t.unreadable, 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.rows[0].path, "/");            /* sorted by path */
	assert_int_equal(t.rows[0].oom_kill, 1);
	assert_int_equal(row(&t, "/kubepods/pod1/ctr")->oom_kill, 3);
	assert_int_equal(row(&t, "/system.slice/web.service")->oom_kill, 2);
	/* a logged kill's row: its own cgroup, counted or not; a removed one's count is gone */
	assert_true(oomt_cgroup_oom_owner(fs, &t, "/system.slice/db.service", owner, sizeof(owner)));
	assert_string_equal(owner, "/system.slice/db.service");
	assert_false(oomt_cgroup_oom_owner(fs, &t, "/system.slice/gone.service", owner, sizeof(owner)));
	assert_string_equal(owner, "/system.slice/gone.service");
	assert_true(oomt_cgroup_oom_owner(fs, &t, "/", owner, sizeof(owner)));
	assert_string_equal(owner, "/");
	assert_false(oomt_cgroup_oom_owner(fs, &t, "/kubepods/../etc", owner, sizeof(owner)));
	assert_false(oomt_cgroup_oom_owner(fs, &t, "kubepods", owner, sizeof(owner)));
	oomt_cgroup_oom_table_done(&t);
	oomt_cgroup_fs_free(fs);
}

static void test_v2_table(void **state)
{
	struct oomt_cgroup_oom_table t;
	struct oomt_cgroup_fs *fs;
	char root[PATH_MAX], owner[256];

	(void)state;
	snprintf(root, sizeof(root), "%s/v2", tmp);
	put(root, "sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
	/* /a: one kill of its own, one of /a/b, one of a child that was removed */
	v2_counters(root, "/a", 3, 1);
	v2_counters(root, "/a/b", 1, 1);
	v2_counters(root, "/a/c", 0, 0);
	/* no memory controller below /d: nothing there is a memory cgroup */
	put(root, "sys/fs/cgroup/d/e", NULL);
	assert_int_equal(oomt_cgroup_fs_open(root, &fs), 0);
	assert_int_equal(oomt_cgroup_oom_table_read(fs, &t), 0);
	assert_int_equal(t.version, OOMT_CGROUP_V2);
	assert_true(t.rolls_up);
	assert_int_equal(t.cgroups, 3);
	assert_int_equal(t.n, 2);
	assert_int_equal(row(&t, "/a")->oom_kill, 2);
	assert_int_equal(row(&t, "/a/b")->oom_kill, 1);
	/* a kill in a removed cgroup is in its nearest parent's count */
	assert_true(oomt_cgroup_oom_owner(fs, &t, "/a/gone/deeper", owner, sizeof(owner)));
	assert_string_equal(owner, "/a");
	/* the root has no counter on v2 */
	assert_false(oomt_cgroup_oom_owner(fs, &t, "/gone", owner, sizeof(owner)));
	assert_string_equal(owner, "/");
	oomt_cgroup_oom_table_done(&t);
	oomt_cgroup_fs_free(fs);

	/* memory_localevents: memory.events is the local count, nothing rolls up */
	snprintf(root, sizeof(root), "%s/v2-local", tmp);
	put(root, "sys/fs/cgroup/cgroup.controllers", "memory\n");
	v2_counters(root, "/a", 1, 1);
	v2_counters(root, "/a/b", 2, 2);
	assert_int_equal(oomt_cgroup_fs_open(root, &fs), 0);
	assert_int_equal(oomt_cgroup_oom_table_read(fs, &t), 0);
	assert_false(t.rolls_up);
	assert_int_equal(row(&t, "/a")->oom_kill, 1);
	assert_int_equal(row(&t, "/a/b")->oom_kill, 2);
	assert_false(oomt_cgroup_oom_owner(fs, &t, "/a/gone", owner, sizeof(owner)));
	assert_string_equal(owner, "/a/gone");
	oomt_cgroup_oom_table_done(&t);
	oomt_cgroup_fs_free(fs);

	/* before 5.2: no memory.events.local, memory.events is local */
	snprintf(root, sizeof(root), "%s/v2-old", tmp);
	put(root, "sys/fs/cgroup/cgroup.controllers", "memory\n");
	v2_counters(root, "/a", 1, -1);
	v2_counters(root, "/a/b", 2, -1);
	assert_int_equal(oomt_cgroup_fs_open(root, &fs), 0);
	assert_int_equal(oomt_cgroup_oom_table_read(fs, &t), 0);
	assert_false(t.rolls_up);
	assert_int_equal(row(&t, "/a")->oom_kill, 1);
	assert_int_equal(row(&t, "/a/b")->oom_kill, 2);
	oomt_cgroup_oom_table_done(&t);
	oomt_cgroup_fs_free(fs);
}

static void test_boot_facts(void **state)
{
	char root[PATH_MAX], id[64];
	int64_t usec;

	(void)state;
	snprintf(root, sizeof(root), "%s/boot", tmp);
	make_proc(root, 0);
	assert_int_equal(oomt_boot_id_read(root, id, sizeof(id)), 0);
	assert_string_equal(id, BOOT_ID);
	assert_int_equal(oomt_boot_id_read(root, id, 20), -EINVAL);
	assert_int_equal(oomt_boot_time_read(root, &usec), 0);
	assert_int_equal(usec, BOOT_SEC * 1000000);
	put(root, "proc/sys/kernel/random/boot_id", "not an id\n");
	assert_int_equal(oomt_boot_id_read(root, id, sizeof(id)), -ENODATA);
	put(root, "proc/stat", "cpu  1 2 3 4\n");
	assert_int_equal(oomt_boot_time_read(root, &usec), -ENODATA);
	/* btime after an intr line longer than any line buffer */
	{
		size_t n = 200000;
		char *big = malloc(n + 64);

		assert_non_null(big);
		memcpy(big, "intr", 4);
		for (size_t i = 4; i < n; i += 2)
			memcpy(big + i, " 0", 2);
		snprintf(big + n, 64, "\nbtime %lld\n", BOOT_SEC);
		put(root, "proc/stat", big);
		free(big);
	}
	assert_int_equal(oomt_boot_time_read(root, &usec), 0);
	assert_int_equal(usec, BOOT_SEC * 1000000);
	/* the live system has both */
	assert_int_equal(oomt_boot_id_read(NULL, id, sizeof(id)), 0);
	assert_int_equal(strlen(id), 36);
	assert_int_equal(oomt_boot_time_read("/", &usec), 0);
	assert_true(usec > 0);
}

/* ---- whole scans ---- */

#define KILL_LINE(pid) "Memory cgroup out of memory: Killed process " #pid " (python3) " \
	"total-vm:75164kB, anon-rss:65008kB, file-rss:6648kB, shmem-rss:0kB, UID:0 pgtables:184kB " \
	"oom_score_adj:0"
#define SUMMARY(pid, cg) "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/," \
	"mems_allowed=0,oom_memcg=" cg ",task_memcg=" cg ",task=python3,pid=" #pid ",uid=0"

/* The ring buffer of this boot, saved: a kill in /web (summary and kill line), 600 s in. */
static void make_kmsg(const char *root, const char *cg)
{
	char text[1024];

	snprintf(text, sizeof(text), "4,100,600000100,-;" SUMMARY(401, "%s") "\n"
	         "3,101,600000200,-;" KILL_LINE(401) "\n", cg, cg);
	put(root, "dev/kmsg", text);
}

/* A syslog (RFC 3339 stamps, kernel time stamps in the lines) with:
 *   - a kill of an earlier boot (before BOOT_SEC): not this boot's;
 *   - a kill stamped after the boot whose kernel time stamp is larger than the time since
 *     the boot (an earlier boot whose wall clock ran ahead): not this boot's;
 *   - a kill in /web (header-less but with its summary), then two kills without header
 *     and a "3 callbacks suppressed" between them: this boot's. */
static void make_syslog(const char *root)
{
	put(root, "var/log/syslog",
	    "2026-11-19T08:00:00+00:00 h kernel: [  500.000100] " SUMMARY(301, "/web") "\n"
	    "2026-11-19T08:00:00+00:00 h kernel: [  500.000200] " KILL_LINE(301) "\n"
	    "2026-11-20T09:00:30+00:00 h kernel: [86400.000200] " KILL_LINE(302) "\n"
	    "2026-11-20T09:20:00+00:00 h kernel: [ 1200.000100] " SUMMARY(501, "/web") "\n"
	    "2026-11-20T09:20:00+00:00 h kernel: [ 1200.000200] " KILL_LINE(501) "\n"
	    "2026-11-20T09:20:05+00:00 h kernel: [ 1205.000200] " KILL_LINE(502) "\n"
	    "2026-11-20T09:20:09+00:00 h kernel: [ 1209.000000] oom_kill_process: 3 callbacks suppressed\n"
	    "2026-11-20T09:20:09+00:00 h kernel: [ 1209.000200] " KILL_LINE(503) "\n");
}

static struct oomt_scan *scan_host(const char *root, bool accounting)
{
	struct oomt_scan_opts o = { .struct_size = sizeof(o), .tmp_dir = tmp, .sysroot = root,
	                            .accounting = accounting };
	struct oomt_scan *s;

	assert_int_equal(oomt_scan_new(&o, &s), 0);
	assert_int_equal(oomt_scan_add_host(s), 0);
	assert_int_equal(oomt_scan_run(s), 0);
	return s;
}

static const struct oomt_scan_accounting_cgroup *acct_row(const struct oomt_scan_accounting *a,
                                                          const char *path)
{
	for (size_t i = 0; i < a->n_cgroups; i++)
		if (strcmp(a->cgroups[i].path, path) == 0)
			return &a->cgroups[i];
	return NULL;
}

static void test_scan_v1(void **state)
{
	const struct oomt_scan_accounting *a;
	char root[PATH_MAX];
	struct oomt_scan *s;

	(void)state;
	snprintf(root, sizeof(root), "%s/host-v1", tmp);
	make_proc(root, 7);
	make_kmsg(root, "/web");
	make_syslog(root);
	v1_counter(root, "", 0);
	v1_counter(root, "/web", 3);        /* kills 401, 501 and one nobody logged */
	v1_counter(root, "/batch", 1);      /* not logged */
	s = scan_host(root, true);
	/* every incident is shown, the earlier boot's too */
	assert_int_equal(oomt_scan_count(s), 6);
	assert_int_equal(oomt_scan_accounting(s, &a), 0);
	assert_string_equal(a->boot_id, BOOT_ID);
	assert_int_equal(a->boot_time_usec, BOOT_SEC * 1000000);
	assert_int_equal(a->kernel_oom_kills, 7);
	assert_int_equal(a->logged_kills, 4);          /* 401 (kmsg), 501, 502, 503 */
	assert_int_equal(a->unlogged_kills, 3);
	assert_int_equal(a->suppressed_headers, 3);
	assert_int_equal(a->unattributed_kills, 2);    /* 502, 503 */
	assert_int_equal(a->cgroup_version, 1);
	assert_int_equal(a->n_cgroups, 2);
	assert_string_equal(a->cgroups[0].path, "/batch");
	assert_int_equal(a->cgroups[0].oom_kill, 1);
	assert_int_equal(a->cgroups[0].logged_kills, 0);
	assert_int_equal(acct_row(a, "/web")->oom_kill, 3);
	assert_int_equal(acct_row(a, "/web")->logged_kills, 2);
	/* the sources' spans: kmsg from its first record, the syslog to its mtime */
	assert_int_equal(oomt_scan_source_count(s), 2);
	assert_int_equal(oomt_scan_source_get(s, 0)->kind, OOMT_SCAN_SOURCE_KMSG);
	assert_int_equal(oomt_scan_source_get(s, 0)->first_uptime_usec, 600000100);
	assert_int_equal(oomt_scan_source_get(s, 0)->first_usec, BOOT_SEC * 1000000 + 600000100);
	assert_int_equal(oomt_scan_source_get(s, 0)->boots, 1);
	assert_int_equal(oomt_scan_source_get(s, 1)->first_usec, (BOOT_SEC - 90000) * 1000000);
	assert_true(oomt_scan_source_get(s, 1)->last_usec > BOOT_SEC * 1000000);
	assert_true(oomt_scan_source_get(s, 1)->size_bytes > 1000);
	oomt_scan_free(s);

	/* without opts.accounting there is none */
	s = scan_host(root, false);
	assert_int_equal(oomt_scan_accounting(s, &a), -EINVAL);
	oomt_scan_free(s);
}

static void test_scan_v2(void **state)
{
	const struct oomt_scan_accounting *a;
	char root[PATH_MAX];
	struct oomt_scan *s;

	(void)state;
	snprintf(root, sizeof(root), "%s/host-v2", tmp);
	make_proc(root, 4);
	/* the kmsg kill was in /web/gone, removed since: /web's count holds it */
	make_kmsg(root, "/web/gone");
	put(root, "sys/fs/cgroup/cgroup.controllers", "memory\n");
	v2_counters(root, "/web", 2, 1);
	v2_counters(root, "/web/live", 0, 0);
	put(root, "var/log", NULL);
	s = scan_host(root, true);
	assert_int_equal(oomt_scan_accounting(s, &a), 0);
	assert_int_equal(a->kernel_oom_kills, 4);
	assert_int_equal(a->logged_kills, 1);
	assert_int_equal(a->unlogged_kills, 3);
	assert_int_equal(a->cgroup_version, 2);
	assert_int_equal(a->n_cgroups, 1);
	assert_string_equal(a->cgroups[0].path, "/web");
	assert_int_equal(a->cgroups[0].oom_kill, 2);
	assert_int_equal(a->cgroups[0].logged_kills, 1);
	oomt_scan_free(s);
}

/* No accounting where the counters or the boot are not known, or the logs may be another
 * machine's. */
static void test_scan_none(void **state)
{
	struct oomt_scan_opts o = { .struct_size = sizeof(o), .tmp_dir = tmp, .accounting = true };
	const struct oomt_scan_accounting *a;
	char root[PATH_MAX], path[PATH_MAX];
	struct oomt_scan *s;

	(void)state;
	/* a dead machine's files: logs, no /proc */
	snprintf(root, sizeof(root), "%s/dead", tmp);
	make_syslog(root);
	s = scan_host(root, true);
	assert_int_equal(oomt_scan_count(s), 5);
	assert_int_equal(oomt_scan_accounting(s, &a), -ENODATA);
	oomt_scan_free(s);

	/* a kernel before 4.13 counts no OOM kills */
	snprintf(root, sizeof(root), "%s/old", tmp);
	make_proc(root, 0);
	put(root, "proc/sys/kernel/osrelease", "4.9.0-8-amd64\n");
	make_syslog(root);
	s = scan_host(root, true);
	assert_int_equal(oomt_scan_accounting(s, &a), -ENODATA);
	oomt_scan_free(s);

	/* files: whose boot they are is not known */
	snprintf(path, sizeof(path), "%s/old/var/log/syslog", tmp);
	assert_int_equal(oomt_scan_new(&o, &s), 0);
	assert_int_equal(oomt_scan_add_file(s, path), 0);
	assert_int_equal(oomt_scan_accounting(s, &a), -EINVAL);   /* not run yet */
	assert_int_equal(oomt_scan_run(s), 0);
	assert_int_equal(oomt_scan_accounting(s, &a), -ENODATA);
	oomt_scan_free(s);
}

/* The progress callback: sources and bytes of a scan that waits on a slow writer. */
struct progress_seen {
	unsigned calls;
	uint64_t bytes_total, bytes_done;
	size_t sources_total, sources_done;
	int64_t elapsed_usec;
	bool named;
};

static void on_progress(const struct oomt_scan_progress *p, void *userdata)
{
	struct progress_seen *seen = userdata;

	seen->calls++;
	assert_true(p->bytes_done >= seen->bytes_done);
	assert_true(p->elapsed_usec >= seen->elapsed_usec);
	seen->bytes_total = p->bytes_total;
	seen->bytes_done = p->bytes_done;
	seen->sources_total = p->sources_total;
	seen->sources_done = p->sources_done;
	seen->elapsed_usec = p->elapsed_usec;
	seen->named = seen->named || (p->source && strstr(p->source, "slow.fifo"));
}

static void test_progress(void **state)
{
	struct progress_seen seen = { 0 };
	struct oomt_scan_opts o = { .struct_size = sizeof(o), .tmp_dir = tmp,
	                            .progress = on_progress, .progress_userdata = &seen };
	char fifo[PATH_MAX], plain[PATH_MAX], chunk[65536];
	struct oomt_scan *s;
	pid_t child;
	int status;

	(void)state;
	snprintf(fifo, sizeof(fifo), "%s/slow.fifo", tmp);
	snprintf(plain, sizeof(plain), "%s/plain.log", tmp);
	put(tmp, "plain.log", "2026-11-20T09:20:00+00:00 h app: a line of 52 bytes\n");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	memset(chunk, 'x', sizeof(chunk));
	for (size_t i = 99; i < sizeof(chunk); i += 100)
		chunk[i] = '\n';
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		/* 1 MiB, a pause longer than the callback's interval, 1 MiB */
		int fd = open(fifo, O_WRONLY);

		for (int round = 0; fd >= 0 && round < 2; round++) {
			for (int k = 0; k < 16; k++)
				if (write(fd, chunk, sizeof(chunk)) != (ssize_t)sizeof(chunk))
					_exit(1);
			if (round == 0)
				usleep(300 * 1000);
		}
		_exit(fd >= 0 ? 0 : 1);
	}
	assert_int_equal(oomt_scan_new(&o, &s), 0);
	assert_int_equal(oomt_scan_add_file(s, plain), 0);
	assert_int_equal(oomt_scan_add_file(s, fifo), 0);
	assert_int_equal(oomt_scan_run(s), 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(seen.calls >= 1);
	assert_true(seen.named);
	assert_int_equal(seen.sources_total, 2);
	assert_int_equal(seen.sources_done, 1);           /* the plain file */
	assert_int_equal(seen.bytes_total, 52);           /* a FIFO has no size */
	assert_true(seen.bytes_done >= 52 + 16 * sizeof(chunk));
	assert_true(seen.elapsed_usec >= 100000);
	assert_int_equal(oomt_scan_source_get(s, 1)->size_bytes, 0);
	oomt_scan_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_arithmetic),
		cmocka_unit_test(test_v1_table),
		cmocka_unit_test(test_v2_table),
		cmocka_unit_test(test_boot_facts),
		cmocka_unit_test(test_scan_v1),
		cmocka_unit_test(test_scan_v2),
		cmocka_unit_test(test_scan_none),
		cmocka_unit_test(test_progress),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
