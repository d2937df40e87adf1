/* SPDX-License-Identifier: MIT */
/*
 * The prefilter changes nothing: every log of tests/data (goldens, formats, cli and source
 * cases) and every seed of the text-source, parser and line-prefix fuzzers gives the same
 * events, byte for byte in JSON, when it is read
 *   - as the scan reads it (lib/scan/pipeline.c): the filter on while the parser is not
 *     busy, so that the source skips the lines without a needle;
 *   - with the filter never on: every line reaches the parser, which ignores the lines
 *     without a needle while it is not busy (the contract of record.h's no_needle).
 * tests/fuzz/fuzz-text-source.c checks the same on any bytes. And the parser's side of it:
 * a kill held for its late lines does not make the parser busy, and the lines without a
 * needle that come meanwhile neither count nor end the wait.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "events-json.h"
#include "parser-feed.h"

#define YEAR 2024

static bool is_log(const char *name)
{
	size_t n = strlen(name);

	/* the goldens' expectations and notes are not logs */
	return name[0] != '.' && !(n > 5 && strcmp(name + n - 5, ".json") == 0) &&
	       !(n > 3 && strcmp(name + n - 3, ".md") == 0);
}

/* Every log under dir (recursively); returns how many were compared. */
static int check_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		char *on, *off, *scouted;

		if (!is_log(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			n += check_dir(path);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		on = events_json(path, YEAR, READ_FILTERED, NULL, NULL);
		off = events_json(path, YEAR, READ_UNFILTERED, NULL, NULL);
		scouted = events_json(path, YEAR, READ_SCOUTED, NULL, NULL);
		assert_non_null(on);
		assert_non_null(off);
		assert_non_null(scouted);
		if (strcmp(on, off) != 0)
			fail_msg("%s: the events differ with the filter on:\n%s\nand off:\n%s", path,
			         on, off);
		if (strcmp(on, scouted) != 0)
			fail_msg("%s: the events differ with the scout:\n%s\nand without:\n%s", path,
			         scouted, on);
		free(on);
		free(off);
		free(scouted);
		n++;
	}
	closedir(d);
	return n;
}

static void test_logs_same_with_and_without_filter(void **state)
{
	int n;

	(void)state;
	n = check_dir(TEST_DATA_DIR);
	n += check_dir(TEST_DATA_DIR "/../fuzz/corpus/text-source");
	n += check_dir(TEST_DATA_DIR "/../fuzz/corpus/parser");
	n += check_dir(TEST_DATA_DIR "/../fuzz/corpus/line-prefix");
	fprintf(stderr, "%d logs compared\n", n);
	assert_true(n > 100);
}

#define KILL(pid) "Out of memory: Killed process " #pid " (x) total-vm:100kB, anon-rss:50kB, " \
	"file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0"

static void test_held_kill_ignores_lines_without_needle(void **state)
{
	static const char *const header[] = {
		"a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0", NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, OOMT_UNKNOWN, header);
	assert_true(oomt_parser_busy(p));
	r = rec_msg("Mem-Info:");
	r.no_needle = true;   /* read: the report is open */
	feed_rec(p, &e, &r);
	r = rec_msg(KILL(42));
	feed_rec(p, &e, &r);
	assert_false(oomt_parser_busy(p));
	/* far more unrelated lines than the grace period, all ignored */
	r = rec_msg("sshd[12]: Accepted publickey for deploy");
	r.no_needle = true;
	for (int i = 0; i < 1000; i++)
		feed_rec(p, &e, &r);
	assert_false(oomt_parser_busy(p));
	assert_int_equal(e.n, 0);
	r = rec_msg("oom_reaper: reaped process 42 (x), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->victim.pid, 42);
	assert_true(e.ev[0]->has_reaped);
	assert_true(e.ev[0]->has_meminfo);
	evs_free(&e);
	oomt_parser_free(p);
}

/* A needle that only shows once a line's escape sequence is taken off: the filter, which
 * searches the bytes as read, skips that line, so the file is not one it reads exactly
 * (prefilter.h), and the unfiltered read says so. Without the escape, it is. */
static void test_needle_behind_escape_is_inexact(void **state)
{
	static const char *const lines[] = {
		"Mar  1 10:00:00 h kernel: [  5.000000] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"Mar  1 10:00:01 h kernel: [  6.000000] Out of memory: Kil\033[0mled process 42 (x) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n",
		"Mar  1 10:00:00 h kernel: [  5.000000] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"Mar  1 10:00:01 h kernel: [  6.000000] Out of memory: Killed process 42 (x) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n",
	};
	const char *tmp = getenv("TMPDIR");

	(void)state;
	for (int i = 0; i < 2; i++) {
		char path[4096];
		bool exact = !i;
		char *off;
		int fd;

		snprintf(path, sizeof(path), "%s/oomt-escape-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		fd = mkstemp(path);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, lines[i], strlen(lines[i])), (ssize_t)strlen(lines[i]));
		close(fd);
		off = events_json(path, YEAR, READ_UNFILTERED, NULL, &exact);
		assert_non_null(off);
		assert_non_null(strstr(off, "\"pid\":42"));
		assert_int_equal(exact, i == 1);
		free(off);
		unlink(path);
	}
}

/* With FILE on|off|scout: print that log's events read that way (to compare them by hand). */
int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logs_same_with_and_without_filter),
		cmocka_unit_test(test_held_kill_ignores_lines_without_needle),
		cmocka_unit_test(test_needle_behind_escape_is_inexact),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	if (argc == 3) {
		char *out = events_json(argv[1], YEAR,
		                        strcmp(argv[2], "scout") == 0 ? READ_SCOUTED :
		                        strcmp(argv[2], "on") == 0 ? READ_FILTERED : READ_UNFILTERED,
		                        NULL, NULL);

		if (!out)
			return 1;
		puts(out);
		free(out);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
