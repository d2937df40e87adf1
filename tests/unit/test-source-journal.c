/* SPDX-License-Identifier: MIT */
/* The sd-journal source, on a real journal file made at test time from an export stream
 * (tests/data/sources/oom.export) by systemd-journal-remote. Skips without the tool. */
#include <errno.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "source-test-util.h"
#include "source/source-internal.h"

static const char *const remote_paths[] = {
	"/lib/systemd/systemd-journal-remote", "/usr/lib/systemd/systemd-journal-remote", NULL,
};

static char journal_dir[PATH_MAX];   /* oom.export */
static char units_dir[PATH_MAX];     /* systemd-units.export: a systemd with message ids */
static char old_dir[PATH_MAX];       /* systemd-old.export: one without */

/* dir: a new directory holding the journal of the export stream at path, or "" when
 * systemd-journal-remote is missing or fails. */
static int convert_export(char *dir, size_t cap, const char *path)
{
	const char *tool = NULL;
	char cmd[3 * PATH_MAX + 64];

	dir[0] = '\0';
	for (size_t i = 0; remote_paths[i]; i++)
		if (access(remote_paths[i], X_OK) == 0)
			tool = remote_paths[i];
	if (!tool)
		return 0;
	if (!mkdtemp(test_tmp_path(dir, cap, "oomt-journal-XXXXXX")))
		return -1;
	snprintf(cmd, sizeof(cmd), "%s -o '%s/system.journal' '%s' 2>/dev/null", tool, dir, path);
	if (system(cmd) != 0) {
		rmdir(dir);
		dir[0] = '\0';
	}
	return 0;
}

/* The journal of tests/data/sources/<export>. */
static int make_journal(char *dir, size_t cap, const char *export)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/sources/%s", TEST_DATA_DIR, export);
	return convert_export(dir, cap, path);
}

static int setup(void **state)
{
	(void)state;
	if (make_journal(journal_dir, sizeof(journal_dir), "oom.export") < 0 ||
	    make_journal(units_dir, sizeof(units_dir), "systemd-units.export") < 0 ||
	    make_journal(old_dir, sizeof(old_dir), "systemd-old.export") < 0)
		return -1;
	return 0;
}

static void remove_journal(const char *dir)
{
	char path[PATH_MAX + 64];

	if (!dir[0])
		return;
	snprintf(path, sizeof(path), "%s/system.journal", dir);
	unlink(path);
	rmdir(dir);
}

static int teardown(void **state)
{
	(void)state;
	remove_journal(journal_dir);
	remove_journal(units_dir);
	remove_journal(old_dir);
	return 0;
}

static void test_read_back(void **state)
{
	(void)state;
	struct oomt_source *src;
	struct recs *rs;

	if (!journal_dir[0])
		skip();
	assert_int_equal(oomt_source_open_journal(journal_dir, NULL, &src), 0);
	assert_string_equal(oomt_source_name(src), journal_dir);
	rs = recs_drain(src);
	assert_int_equal(rs->rc, 1);
	/* the CRON entry is not matched; the stats message is three records */
	assert_int_equal(rs->n, 7);
	assert_string_equal(rs->r[0].msg,
		"python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	assert_int_equal(rs->r[0].uptime_usec, 117006941);
	assert_int_equal(rs->r[0].realtime_usec, INT64_C(1783334096000000));
	assert_string_equal(rs->r[0].host, "node1");
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_string_equal(rs->r[0].boot_id, "0123456789abcdef0123456789abcdef");
	assert_int_equal(rs->r[0].priority, 4);
	assert_int_equal(rs->r[0].facility, 0);
	assert_false(rs->r[0].cont);
	assert_string_equal(rs->r[1].msg, "Memory cgroup stats for /x:");
	assert_string_equal(rs->r[2].msg, "anon 9842688");
	assert_true(rs->r[2].cont);
	assert_int_equal(rs->r[2].uptime_usec, 117007000);
	assert_string_equal(rs->r[3].msg, "file 0");
	assert_true(rs->r[3].cont);
	assert_non_null(strstr(rs->r[4].msg, "Killed process 2239 (python3)"));
	assert_int_equal(rs->r[4].priority, 3);
	assert_string_equal(rs->r[5].ident, "earlyoom");
	assert_int_equal(rs->r[5].ident_pid, 812);
	assert_int_equal(rs->r[5].facility, 3);
	assert_int_equal(rs->r[5].uptime_usec, OOMT_UNKNOWN);
	assert_string_equal(rs->r[6].ident, "systemd");
	assert_int_equal(rs->r[6].ident_pid, 1);
	recs_free(rs);
}

static void test_filter(void **state)
{
	(void)state;
	static const char *const needles[] = { "Killed process", NULL };
	struct oomt_source_opts o = { 0 };
	struct oomt_source *src;
	struct recs *rs;

	if (!journal_dir[0])
		skip();
	assert_int_equal(oomt_source_open_journal(journal_dir, &o, &src), 0);
	assert_int_equal(oomt_source_set_prefilter(src, needles), 0);
	oomt_source_set_filter(src, true);
	rs = recs_drain(src);
	assert_int_equal(rs->n, 1);
	assert_non_null(strstr(rs->r[0].msg, "Killed process 2239"));
	recs_free(rs);
}

static void test_follow_timeout(void **state)
{
	(void)state;
	struct oomt_source_opts o = { .follow = true, .follow_timeout_ms = 50 };
	struct oomt_source *src;
	struct oomt_record rec;

	if (!journal_dir[0])
		skip();
	/* follow starts at the end: nothing new arrives, so next() times out with 1 */
	assert_int_equal(oomt_source_open_journal(journal_dir, &o, &src), 0);
	assert_int_equal(oomt_source_next(src, &rec), 1);
	oomt_source_free(src);
}

static void test_missing_dir(void **state)
{
	(void)state;
	struct oomt_source *src;
	int r = oomt_source_open_journal("/nonexistent/journal", NULL, &src);

	/* sd-journal opens an empty view of a missing directory on some versions */
	if (r == 0) {
		struct oomt_record rec;

		assert_int_equal(oomt_source_next(src, &rec), 1);
		oomt_source_free(src);
	} else {
		assert_true(r < 0);
	}
}

/* systemd's messages are chosen by the journal's index: its OOM messages by MESSAGE_ID and
 * UNIT_RESULT=oom-kill, nothing else of systemd's; the kernel's and the others' entries
 * come in time order although they are read as two streams. */
static void test_systemd_by_field(void **state)
{
	(void)state;
	struct oomt_source *src;
	struct recs *rs;

	if (!units_dir[0])
		skip();
	assert_int_equal(oomt_source_open_journal(units_dir, NULL, &src), 0);
	rs = recs_drain(src);
	assert_int_equal(rs->rc, 1);
	assert_int_equal(rs->n, 6);
	assert_non_null(strstr(rs->r[0].msg, "Killed process 4100 (java)"));
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_int_equal(rs->r[0].uptime_usec, 119000000);
	assert_string_equal(rs->r[1].msg,
	                    "web.service: A process of this unit has been killed by the OOM killer.");
	assert_string_equal(rs->r[1].ident, "systemd");
	assert_int_equal(rs->r[1].ident_pid, 1);
	assert_string_equal(rs->r[1].host, "node2");
	assert_non_null(strstr(rs->r[2].msg, "oom_reaper: reaped process 4100"));
	assert_string_equal(rs->r[3].msg, "web.service: Failed with result 'oom-kill'.");
	assert_string_equal(rs->r[4].ident, "systemd-oomd");
	assert_non_null(strstr(rs->r[4].msg, "due to memory pressure"));
	assert_string_equal(rs->r[5].msg, "app-x.scope: systemd-oomd killed 3 process(es) in this unit.");
	for (size_t i = 1; i < rs->n; i++)
		assert_true(rs->r[i].realtime_usec > rs->r[i - 1].realtime_usec);
	recs_free(rs);
}

/* A journal with none of the ids (an older systemd): systemd's messages are all read, and
 * the parser decides. */
static void test_systemd_old(void **state)
{
	(void)state;
	struct oomt_source *src;
	struct recs *rs;

	if (!old_dir[0])
		skip();
	assert_int_equal(oomt_source_open_journal(old_dir, NULL, &src), 0);
	rs = recs_drain(src);
	assert_int_equal(rs->n, 3);
	assert_non_null(strstr(rs->r[0].msg, "Killed process 4200 (java)"));
	assert_string_equal(rs->r[1].msg,
	                    "web.service: A process of this unit has been killed by the OOM killer.");
	assert_string_equal(rs->r[2].msg, "Started Session 7 of user root.");
	recs_free(rs);
}

/* Following reads one stream with every match: the same choice of entries. */
static void test_follow_from_start(void **state)
{
	(void)state;
	struct oomt_source_opts o = { .follow = true, .follow_timeout_ms = 50,
	                              .follow_from_start = true };
	struct oomt_source *src;
	struct recs *rs;

	if (!units_dir[0])
		skip();
	assert_int_equal(oomt_source_open_journal(units_dir, &o, &src), 0);
	rs = recs_drain(src);
	assert_int_equal(rs->rc, 1);
	assert_int_equal(rs->n, 6);
	assert_string_equal(rs->r[3].msg, "web.service: Failed with result 'oom-kill'.");
	recs_free(rs);
}

/* dir: a new directory whose system.journal holds the first entry of tests/data/sources/
 * <export>; rest: a file of the other entries, to be appended. "" when
 * systemd-journal-remote is missing or fails. */
static void make_split_journal(char *dir, size_t cap, const char *export, char *rest,
                               size_t rest_cap)
{
	char path[PATH_MAX + 64], first[PATH_MAX + 64], cmd[4 * PATH_MAX];
	const char *tool = NULL;
	char *text, *cut;
	size_t len;
	FILE *f;

	dir[0] = rest[0] = '\0';
	for (size_t i = 0; remote_paths[i]; i++)
		if (access(remote_paths[i], X_OK) == 0)
			tool = remote_paths[i];
	if (!tool)
		return;
	assert_non_null(mkdtemp(test_tmp_path(dir, cap, "oomt-journal-XXXXXX")));
	snprintf(path, sizeof(path), "%s/sources/%s", TEST_DATA_DIR, export);
	f = fopen(path, "re");
	assert_non_null(f);
	text = malloc(1 << 16);
	assert_non_null(text);
	len = fread(text, 1, (1 << 16) - 1, f);
	fclose(f);
	text[len] = '\0';
	cut = strstr(text, "\n\n");
	assert_non_null(cut);
	cut += 2;
	snprintf(first, sizeof(first), "%s/first.export", dir);
	f = fopen(first, "we");
	assert_non_null(f);
	fwrite(text, 1, (size_t)(cut - text), f);
	fclose(f);
	snprintf(rest, rest_cap, "%s/rest.export", dir);
	f = fopen(rest, "we");
	assert_non_null(f);
	fputs(cut, f);
	fclose(f);
	free(text);
	snprintf(cmd, sizeof(cmd), "%s -o '%s/system.journal' '%s' 2>/dev/null", tool, dir, first);
	if (system(cmd) != 0)
		dir[0] = '\0';
	unlink(first);
}

static void append_journal(const char *dir, const char *rest)
{
	char cmd[4 * PATH_MAX];
	const char *tool = NULL;

	for (size_t i = 0; remote_paths[i]; i++)
		if (access(remote_paths[i], X_OK) == 0)
			tool = remote_paths[i];
	snprintf(cmd, sizeof(cmd), "%s -o '%s/system.journal' '%s' 2>/dev/null", tool, dir, rest);
	assert_int_equal(system(cmd), 0);
}

/* Reads src to its end (then frees it): how many records, and where it ended. */
static size_t drain_tell(struct oomt_source *src, struct oomt_source_pos *ret)
{
	struct oomt_record rec;
	size_t n = 0;
	int r;

	while ((r = oomt_source_next(src, &rec)) == 0)
		n++;
	assert_int_equal(r, 1);
	assert_int_equal(oomt_source_tell(src, true, ret), 0);
	oomt_source_free(src);
	return n;
}

/* A batch read that runs out ends both streams after the same entry, and a read resumed
 * there (one handle, the entries tested by their fields) delivers what the two streams
 * deliver of the entries after it, in the same order: systemd's messages by id and
 * UNIT_RESULT, or, in a journal of an older systemd, all of them. */
static void resumed_one_handle(const char *export)
{
	struct oomt_source_opts o = { .track_position = true };
	struct oomt_source_pos pos, again;
	char dir[PATH_MAX], rest[PATH_MAX + 64];
	struct oomt_source *src;
	struct recs *whole, *resumed;
	size_t before;

	make_split_journal(dir, sizeof(dir), export, rest, sizeof(rest));
	if (!dir[0])
		skip();
	assert_int_equal(oomt_source_open_journal(dir, &o, &src), 0);
	before = drain_tell(src, &pos);
	assert_true(pos.cursor[0][0] != '\0');
	assert_string_equal(pos.cursor[0], pos.cursor[1]);
	assert_false(pos.cursor_inclusive[0]);
	assert_false(pos.cursor_inclusive[1]);

	append_journal(dir, rest);
	assert_int_equal(oomt_source_open_journal(dir, NULL, &src), 0);
	whole = recs_drain(src);
	o.start = &pos;
	assert_int_equal(oomt_source_open_journal(dir, &o, &src), 0);
	resumed = recs_drain(src);
	assert_int_equal(resumed->rc, 1);
	assert_true(whole->n > before);
	assert_int_equal(resumed->n, whole->n - before);
	for (size_t i = 0; i < resumed->n; i++) {
		assert_string_equal(resumed->r[i].msg, whole->r[before + i].msg);
		assert_string_equal(resumed->r[i].ident, whole->r[before + i].ident);
		assert_int_equal(resumed->r[i].realtime_usec, whole->r[before + i].realtime_usec);
	}

	/* and from where that read ended: nothing */
	assert_int_equal(oomt_source_open_journal(dir, &o, &src), 0);
	assert_int_equal(drain_tell(src, &again), resumed->n);
	assert_string_equal(again.cursor[0], again.cursor[1]);
	o.start = &again;
	assert_int_equal(oomt_source_open_journal(dir, &o, &src), 0);
	assert_int_equal(drain_tell(src, &pos), 0);
	assert_string_equal(pos.cursor[0], again.cursor[0]);
	recs_free(whole);
	recs_free(resumed);
	unlink(rest);
	remove_journal(dir);
}

static void test_resumed_one_handle(void **state)
{
	(void)state;
	resumed_one_handle("systemd-units.export");
}

static void test_resumed_one_handle_old(void **state)
{
	(void)state;
	resumed_one_handle("systemd-old.export");
}

static char access_root[PATH_MAX];   /* test_access_check's tree, removed by its teardown */

static int remove_access_root(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	if (!access_root[0])
		return 0;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", access_root);
	access_root[0] = '\0';
	return system(cmd) == 0 ? 0 : -1;
}

/* A user outside systemd-journal/adm would silently see only their own journal: the
 * source must say -EACCES instead. Needs root to set the scene up; the tree is removed
 * even when an assertion fails (the teardown). */
static void test_access_check(void **state)
{
	(void)state;
	static const char mid[] = "0123456789abcdef0123456789abcdef";
	const char *tmp = test_tmp_dir_for_others();
	char *root = access_root, path[PATH_MAX + 128];
	int fd, status;
	pid_t pid;

	if (geteuid() != 0)
		skip();
	/* nobody must reach into root: under $TMPDIR unless nobody cannot search it */
	if (!tmp) {
		fprintf(stderr, "skip: neither $TMPDIR nor /tmp can be searched by others\n");
		skip();
	}
	snprintf(root, sizeof(access_root), "%s/oomt-jroot-XXXXXX", tmp);
	if (!mkdtemp(root)) {
		root[0] = '\0';
		fail_msg("mkdtemp under %s failed", tmp);
	}
	snprintf(path, sizeof(path), "mkdir -p '%s/var/log/journal/%s'", root, mid);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof(path), "%s/var/log/journal/%s/system.journal", root, mid);
	fd = open(path, O_WRONLY | O_CREAT, 0640);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(root, 0755), 0);

	assert_int_equal(oomt_journal_check_access(root, mid), 0);     /* root reads all */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(2);
		_exit(oomt_journal_check_access(root, mid) == -EACCES ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	/* readable (as for a member of systemd-journal): fine */
	assert_int_equal(chmod(path, 0644), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(2);
		_exit(oomt_journal_check_access(root, mid) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), 0);
}

#define CUT_BOOT1 "11111111111111111111111111111111"
#define CUT_BOOT2 "22222222222222222222222222222222"
#define CUT_BOOT3 "33333333333333333333333333333333"

/* An export stream of three boots (per boot: kernel lines, a CRON line the matches leave
 * out, an earlyoom line of the other stream), of one machine or of two (the last boot's
 * machine another); the messages name their boot and number, then pad x's. */
static void write_boots_export(const char *path, int per_boot, bool two_machines, int pad)
{
	static const char *const boots[] = { CUT_BOOT1, CUT_BOOT2, CUT_BOOT3 };
	FILE *f = fopen(path, "we");
	long long t = 1783334096000000LL;

	assert_non_null(f);
	for (int b = 0; b < 3; b++)
		for (int i = 0; i < per_boot; i++, t += 1000) {
			const char *machine = two_machines && b == 2 ? "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
			                                             : "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
			const char *kind = i % 5 == 3 ? "CRON" : i % 5 == 4 ? "earlyoom" : "kernel";

			fprintf(f, "__REALTIME_TIMESTAMP=%lld\n__MONOTONIC_TIMESTAMP=%d\n"
			        "_BOOT_ID=%s\n_MACHINE_ID=%s\n"
			        "_TRANSPORT=%s\nSYSLOG_IDENTIFIER=%s\n_HOSTNAME=node1\n"
			        "MESSAGE=boot %d line %d%*s\n\n",
			        t, 1000000 + i * 1000, boots[b], machine,
			        strcmp(kind, "kernel") == 0 ? "kernel" : "syslog", kind, b, i, pad, "");
		}
	fclose(f);
}

/* dir: a new directory holding the journal of write_boots_export(), or "" when
 * systemd-journal-remote is missing or fails. */
static void make_boots_journal(char *dir, size_t cap, int per_boot, bool two_machines, int pad)
{
	char export[PATH_MAX];
	int fd = mkstemp(test_tmp_path(export, sizeof(export), "oomt-export-XXXXXX"));

	assert_true(fd >= 0);
	close(fd);
	write_boots_export(export, per_boot, two_machines, pad);
	assert_int_equal(convert_export(dir, cap, export), 0);
	unlink(export);
}

/* The messages of src, read to its end, into one string (each ends in '\n'); freed by the
 * caller. */
static char *messages(struct oomt_source *src)
{
	struct recs *rs = recs_drain(src);
	size_t len = 0;
	char *out;

	assert_int_equal(rs->rc, 1);
	for (size_t i = 0; i < rs->n; i++)
		len += strlen(rs->r[i].msg) + 1;
	out = calloc(1, len + 1);
	assert_non_null(out);
	for (size_t i = 0; i < rs->n; i++) {
		strcat(out, rs->r[i].msg);
		strcat(out, "\n");
	}
	recs_free(rs);
	return out;
}

/* A journal of three boots cut at the boot nearest its middle: the first half (to that
 * boot) and the second (from it) hold the whole read's entries, in its order. */
static void test_cut_halves(void **state)
{
	char dir[PATH_MAX], *whole, *first, *second, *both;
	struct oomt_source_opts first_o, second_o;
	struct oomt_source_pos start;
	struct oomt_journal_cut cut;
	struct oomt_source *src;

	(void)state;
	make_boots_journal(dir, sizeof(dir), 60, false, 0);
	if (!dir[0])
		skip();
	assert_int_equal(oomt_source_journal_cut(dir, NULL, 1, &cut), 0);
	assert_string_equal(cut.boot_id, CUT_BOOT2);
	assert_non_null(strstr(cut.cursor, ";b=" CUT_BOOT2 ";"));
	assert_non_null(cut.handle);
	oomt_source_journal_cut_done(&cut);
	assert_null(cut.handle);
	/* a half smaller than asked for: no cut */
	assert_int_equal(oomt_source_journal_cut(dir, NULL, 100, &cut), 1);
	assert_null(cut.handle);
	assert_int_equal(oomt_source_journal_cut(dir, NULL, 60, &cut), 0);

	assert_int_equal(oomt_source_open_journal(dir, NULL, &src), 0);
	whole = messages(src);
	oomt_source_journal_halves(NULL, &cut, &first_o, &second_o, &start);
	assert_int_equal(oomt_source_open_journal(dir, &first_o, &src), 0);
	first = messages(src);
	assert_int_equal(oomt_source_open_journal(dir, &second_o, &src), 0);
	second = messages(src);
	assert_true(strncmp(first, "boot 0 line 0\n", 14) == 0);
	assert_null(strstr(first, "boot 1 "));
	assert_true(strncmp(second, "boot 1 line 0\n", 14) == 0);
	assert_non_null(strstr(second, "boot 2 line 59\n"));
	assert_non_null(strstr(second, "boot 1 line 4\n"));   /* earlyoom's, the other stream */
	assert_null(strstr(whole, "line 3\n"));               /* CRON's: not matched */
	both = calloc(1, strlen(first) + strlen(second) + 1);
	assert_non_null(both);
	strcat(strcat(both, first), second);
	assert_string_equal(both, whole);
	free(both);
	free(whole);
	free(first);
	free(second);
	remove_journal(dir);

	/* one boot: nothing to cut */
	if (journal_dir[0])
		assert_int_equal(oomt_source_journal_cut(journal_dir, NULL, 1, &cut), 1);
}

/* The records of a journal read with opts, to its end (filtered by needles, when not NULL). */
static struct recs *read_with(const char *dir, const struct oomt_source_opts *o,
                              const char *const *needles)
{
	struct oomt_source *src;

	assert_int_equal(oomt_source_open_journal(dir, o, &src), 0);
	if (needles) {
		assert_int_equal(oomt_source_set_prefilter(src, needles), 0);
		oomt_source_set_filter(src, true);
	}
	return recs_drain(src);
}

static void assert_same_recs(const struct recs *a, const struct recs *b, size_t from)
{
	assert_int_equal(a->rc, 1);
	assert_int_equal(b->rc, 1);
	assert_int_equal(a->n - from, b->n);
	for (size_t i = 0; i < b->n; i++) {
		assert_string_equal(a->r[from + i].msg, b->r[i].msg);
		assert_string_equal(a->r[from + i].ident, b->r[i].ident);
		assert_string_equal(a->r[from + i].boot_id, b->r[i].boot_id);
		assert_int_equal(a->r[from + i].realtime_usec, b->r[i].realtime_usec);
		assert_int_equal(a->r[from + i].uptime_usec, b->r[i].uptime_usec);
	}
}

/* The others read ahead on the kernel's handle, three at a time (the handle going back and
 * forth dozens of times), give what a handle of their own gives: the same records in the
 * same order, with the prefilter on or off, in halves, and a read stopped anywhere resumes
 * where it stopped. */
static void test_read_ahead(void **state)
{
	static const char *const needles[] = { "line 1", "line 4", NULL };
	struct oomt_source_opts own = { .journal_read_ahead = -1 },
	                        three = { .journal_read_ahead = 3, .track_position = true };
	struct oomt_source_opts first_o, second_o;
	struct oomt_source_pos start, pos;
	struct oomt_journal_cut cut;
	struct recs *a, *b, *rest;
	struct oomt_source *src;
	struct oomt_record rec;
	char dir[PATH_MAX];
	size_t others = 0;

	(void)state;
	make_boots_journal(dir, sizeof(dir), 100, false, 0);
	if (!dir[0])
		skip();
	a = read_with(dir, &own, NULL);
	b = read_with(dir, &three, NULL);
	for (size_t i = 0; i < a->n; i++)
		others += strcmp(a->r[i].ident, "earlyoom") == 0;
	assert_int_equal(others, 60);
	assert_same_recs(a, b, 0);
	recs_free(b);
	b = read_with(dir, NULL, NULL);         /* the default: 128 at a time */
	assert_same_recs(a, b, 0);
	recs_free(b);

	/* stopped after each of a few records, before or after it: the rest, from there */
	for (size_t k = 1; k < a->n; k += 37)
		for (int after = 0; after < 2; after++) {
			assert_int_equal(oomt_source_open_journal(dir, &three, &src), 0);
			for (size_t i = 0; i < k; i++)
				assert_int_equal(oomt_source_next(src, &rec), 0);
			assert_int_equal(oomt_source_tell(src, after, &pos), 0);
			oomt_source_free(src);
			three.start = &pos;
			rest = read_with(dir, &three, NULL);
			three.start = NULL;
			assert_same_recs(a, rest, after ? k : k - 1);
			recs_free(rest);
		}
	recs_free(a);

	a = read_with(dir, &own, needles);
	b = read_with(dir, &three, needles);
	assert_true(a->n > 0);
	assert_same_recs(a, b, 0);
	recs_free(b);
	recs_free(a);

	/* in halves */
	a = read_with(dir, &own, NULL);
	assert_int_equal(oomt_source_journal_cut(dir, NULL, 1, &cut), 0);
	oomt_source_journal_halves(NULL, &cut, &first_o, &second_o, &start);
	first_o.journal_read_ahead = second_o.journal_read_ahead = 3;
	b = read_with(dir, &first_o, NULL);
	rest = read_with(dir, &second_o, NULL);
	assert_true(b->n > 0 && rest->n > 0);
	assert_int_equal(b->n + rest->n, a->n);
	for (size_t i = 0; i < b->n; i++)
		assert_string_equal(a->r[i].msg, b->r[i].msg);
	assert_same_recs(a, rest, b->n);
	recs_free(rest);
	recs_free(b);
	recs_free(a);
	remove_journal(dir);
}

/* Others whose messages fill the read-ahead's bytes before its count: each read stops at
 * the one that does not fit, and the next begins with it. */
static void test_read_ahead_bytes(void **state)
{
	struct oomt_source_opts own = { .journal_read_ahead = -1 },
	                        three = { .journal_read_ahead = 3 };
	char dir[PATH_MAX], export[PATH_MAX], *big;
	struct recs *a, *b;
	int fd;
	FILE *f;

	(void)state;
	fd = mkstemp(test_tmp_path(export, sizeof(export), "oomt-export-XXXXXX"));
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	big = malloc(50001);
	assert_non_null(big);
	memset(big, 'x', 50000);
	big[50000] = '\0';
	for (int i = 0; i < 12; i++)
		fprintf(f, "__REALTIME_TIMESTAMP=%lld\n__MONOTONIC_TIMESTAMP=%d\n"
		        "_BOOT_ID=" CUT_BOOT1 "\n_TRANSPORT=%s\nSYSLOG_IDENTIFIER=%s\n"
		        "_HOSTNAME=node1\nMESSAGE=%d %s\n\n", 1783334096000000LL + i * 1000,
		        1000000 + i * 1000, i % 2 ? "stdout" : "kernel", i % 2 ? "earlyoom" : "kernel",
		        i, i % 2 ? big : "kernel line");
	fclose(f);
	free(big);
	assert_int_equal(convert_export(dir, sizeof(dir), export), 0);
	unlink(export);
	if (!dir[0])
		skip();
	a = read_with(dir, &own, NULL);
	b = read_with(dir, &three, NULL);
	assert_int_equal(a->n, 12);
	assert_same_recs(a, b, 0);
	recs_free(a);
	recs_free(b);
	remove_journal(dir);
}

/* The first half reads on the handle the cut was found on: its files are open, so it
 * reads them all even when the directory is gone by then (opening it again would fail). */
static void test_cut_handle_read_on(void **state)
{
	char dir[PATH_MAX], moved[PATH_MAX + 8], *first;
	struct oomt_source_opts first_o, second_o;
	struct oomt_source_pos start;
	struct oomt_journal_cut cut;
	struct oomt_source *src;

	(void)state;
	make_boots_journal(dir, sizeof(dir), 30, false, 0);
	if (!dir[0])
		skip();
	assert_int_equal(oomt_source_journal_cut(dir, NULL, 1, &cut), 0);
	oomt_source_journal_halves(NULL, &cut, &first_o, &second_o, &start);
	assert_null(cut.handle);
	assert_non_null(first_o.journal_handle);
	assert_null(second_o.journal_handle);
	snprintf(moved, sizeof(moved), "%s.moved", dir);
	assert_int_equal(rename(dir, moved), 0);
	assert_int_equal(oomt_source_open_journal(dir, &first_o, &src), 0);
	first = messages(src);
	assert_int_equal(rename(moved, dir), 0);
	assert_true(strncmp(first, "boot 0 line 0\n", 14) == 0);
	assert_non_null(strstr(first, "boot 0 line 29\n"));
	assert_null(strstr(first, "boot 1 "));
	free(first);
	remove_journal(dir);
}

/* Entries of two machines: their order is not one writer's, no cut. */
static void test_cut_two_machines(void **state)
{
	char dir[PATH_MAX];
	struct oomt_journal_cut cut;

	(void)state;
	make_boots_journal(dir, sizeof(dir), 20, true, 0);
	if (!dir[0])
		skip();
	assert_int_equal(oomt_source_journal_cut(dir, NULL, 1, &cut), 1);
	remove_journal(dir);
}

/* What the budget comes to: a thirty-second of the memory available, 16 to 64 MiB. */
static void test_trim_budget(void **state)
{
	const uint64_t mib = 1u << 20;

	(void)state;
	assert_int_equal(oomt_journal_trim_budget(OOMT_UNKNOWN), 16 * mib);
	assert_int_equal(oomt_journal_trim_budget(0), 16 * mib);
	assert_int_equal(oomt_journal_trim_budget(256 * (int64_t)mib), 16 * mib);
	assert_int_equal(oomt_journal_trim_budget(1024 * (int64_t)mib), 32 * mib);
	assert_int_equal(oomt_journal_trim_budget(1536 * (int64_t)mib), 48 * mib);
	assert_int_equal(oomt_journal_trim_budget(2048 * (int64_t)mib), 64 * mib);
	assert_int_equal(oomt_journal_trim_budget(24576 * (int64_t)mib), 64 * mib);
}

/* Our file-backed resident pages (statm's third field: the journal's mappings among
 * them; the heap, which AddressSanitizer's quarantine grows, is not). */
static long file_pages(void)
{
	long size, resident, shared = -1;
	FILE *f = fopen("/proc/self/statm", "re");

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld %ld", &size, &resident, &shared) != 3)
		shared = -1;
	fclose(f);
	return shared;
}

/* How far our file-backed resident set rose above where it was while dir was read to
 * its end with budget (looked at every 512 records), in KiB; -1 when it cannot be read. */
static long read_peak_growth(const char *dir, uint64_t budget)
{
	struct oomt_source_opts opts = { .journal_trim_bytes = budget };
	struct oomt_source *src;
	struct oomt_record rec;
	long before = file_pages(), peak = before;
	int r;

	assert_int_equal(oomt_source_open_journal(dir, &opts, &src), 0);
	for (unsigned long n = 0; (r = oomt_source_next(src, &rec)) == 0; n++) {
		long now = n % 512 == 0 ? file_pages() : -1;

		if (now > peak)
			peak = now;
	}
	assert_int_equal(r, 1);
	oomt_source_free(src);
	return before < 0 ? -1 : (peak - before) * (sysconf(_SC_PAGESIZE) / 1024);
}

/* A journal of some 80 MiB read with 4 MiB to keep: the journal's resident pages grow by
 * about that and what is read ahead, not by the journal, as they do with no trim at all. */
static void test_trim_keeps_budget(void **state)
{
	char dir[PATH_MAX];
	long trimmed, whole;

	(void)state;
	make_boots_journal(dir, sizeof(dir), 40000, false, 400);
	if (!dir[0])
		skip();
	trimmed = read_peak_growth(dir, 4u << 20);
	whole = read_peak_growth(dir, UINT64_C(1) << 40);
	remove_journal(dir);
	if (trimmed < 0)
		skip();
	print_message("file pages grew by %ld KiB with trims, %ld KiB without\n", trimmed, whole);
	/* 4 MiB, 4 MiB of regrowth after a read ahead, and a few for the trim's lag */
	assert_true(trimmed < 16 * 1024);
	assert_true(whole > 3 * trimmed && whole > 32 * 1024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_back),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_follow_timeout),
		cmocka_unit_test(test_missing_dir),
		cmocka_unit_test_teardown(test_access_check, remove_access_root),
		cmocka_unit_test(test_systemd_by_field),
		cmocka_unit_test(test_systemd_old),
		cmocka_unit_test(test_follow_from_start),
		cmocka_unit_test(test_resumed_one_handle),
		cmocka_unit_test(test_resumed_one_handle_old),
		cmocka_unit_test(test_cut_halves),
		cmocka_unit_test(test_cut_handle_read_on),
		cmocka_unit_test(test_cut_two_machines),
		cmocka_unit_test(test_read_ahead),
		cmocka_unit_test(test_read_ahead_bytes),
		cmocka_unit_test(test_trim_budget),
		cmocka_unit_test(test_trim_keeps_budget),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
