/* SPDX-License-Identifier: MIT */
/*
 * The scout (lib/source/scout.c) shares the prefilter's search of a large file with a
 * second thread: it must change nothing that is found. Logs larger than the reader's
 * buffer, built here from the goldens' reports between long runs of daemon traffic, give
 * the same events, byte for byte in JSON, read as the scan reads them with the scout
 * (in parts of any size, and of realistic size) and without it; so do the cases where the
 * scout gives up (more lines with a needle than it keeps, lines longer than its chunk) and
 * a last line without its newline. Each log is read several times: the threads meet at
 * other places each time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "events-json.h"
#include "test-tmpdir.h"

#define YEAR 2024
#define READS 8

static const char *const reports[] = {
	TEST_DATA_DIR "/001-debian-clamd-global-ufw.log",
	TEST_DATA_DIR "/002-rhel6-java-vim-global.log",
	TEST_DATA_DIR "/221-rhel6-atomic-order2-softirq-ratelimit.log",
	TEST_DATA_DIR "/223-syslog-two-hosts-page-allocation-stalls.log",
};

static void append_file(FILE *out, const char *path)
{
	FILE *in = fopen(path, "r");
	char buf[8192];
	size_t n;

	assert_non_null(in);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
}

/* Lines of a busy host that hold no needle, `bytes` of them. */
static void append_traffic(FILE *out, size_t bytes, unsigned *seq)
{
	for (size_t done = 0; done < bytes;) {
		int n = fprintf(out, "Dec 20 03:%02u:%02u web1 nginx[811]: 10.0.%u.%u - - \"GET "
		                "/api/v1/items?page=%u HTTP/1.1\" 200 %u \"-\" \"curl/7.88\"\n",
		                *seq / 60 % 60, *seq % 60, *seq % 251, *seq % 13, *seq, *seq * 7);

		assert_true(n > 0);
		done += (size_t)n;
		(*seq)++;
	}
}

static char *temp_log(void)
{
	char *path = malloc(PATH_MAX);
	int fd;

	assert_non_null(path);
	test_tmp_path(path, PATH_MAX, "oomt-scout.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return path;
}

/* The events read with the filter, and with the scout in parts of part_min and more (the
 * scout starts for a file of 4 * part_min), READS times; all must be the same. */
static void check_same(const char *path, uint64_t part_min)
{
	struct oomt_source_opts plain = { .year_hint = YEAR, .scout_min_bytes = UINT64_MAX };
	struct oomt_source_opts scouted = { .year_hint = YEAR, .scout_min_bytes = part_min * 4,
	                                    .scout_wait = true };
	char *want = events_json_opts(path, &plain, true, NULL, NULL, NULL);
	uint64_t searched_all = 0;

	assert_non_null(want);
	assert_true(strlen(want) > 2);
	if (scouted.scout_min_bytes == 0)
		scouted.scout_min_bytes = 1;
	for (int i = 0; i < READS; i++) {
		uint64_t searched;
		char *got = events_json_opts(path, &scouted, true, NULL, NULL, &searched);

		assert_non_null(got);
		searched_all += searched;
		if (strcmp(want, got) != 0)
			fail_msg("%s (parts of %llu bytes and more, read %d): the events differ with the "
			         "scout:\n%s\nand without:\n%s", path, (unsigned long long)part_min, i,
			         got, want);
		free(got);
	}
	/* the scout did search: the test is not of the reader alone */
	assert_true(searched_all > 0);
	free(want);
}

/* Reports between runs of traffic of 20-100 KiB: 60 reports in about 4 MiB. */
static void write_mixed(const char *path)
{
	FILE *out = fopen(path, "w");
	unsigned seq = 0;

	assert_non_null(out);
	for (unsigned i = 0; i < 60; i++) {
		append_traffic(out, 20000 + (i * 7919) % 80000, &seq);
		append_file(out, reports[i % (sizeof(reports) / sizeof(reports[0]))]);
	}
	append_traffic(out, 50000, &seq);
	fclose(out);
}

static void test_mixed_log(void **state)
{
	char *path = temp_log();

	(void)state;
	write_mixed(path);
	check_same(path, 0);            /* parts as small as they come */
	check_same(path, 64 * 1024);
	check_same(path, 512 * 1024);
	unlink(path);
	free(path);
}

/* More lines with a needle than the scout keeps (SCOUT_HITS): it ends its part there. */
static void test_more_hits_than_kept(void **state)
{
	char *path = temp_log();
	FILE *out = fopen(path, "w");
	unsigned seq = 0;

	(void)state;
	assert_non_null(out);
	append_traffic(out, 300000, &seq);
	for (unsigned i = 0; i < 20000; i++)
		fprintf(out, "Dec 20 04:00:%02u web1 kernel: [%u.000000] Out of memory: Killed "
		        "process %u (worker) total-vm:1000kB, anon-rss:%ukB, file-rss:0kB, "
		        "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n",
		        i % 60, 1000 + i, 10000 + i, 100 + i);
	append_traffic(out, 300000, &seq);
	append_file(out, reports[0]);
	fclose(out);
	check_same(path, 0);
	check_same(path, 128 * 1024);
	unlink(path);
	free(path);
}

/* Lines longer than the scout's chunk (128 KiB) and than the reader's buffer (256 KiB),
 * with and without a needle, and a last line without its newline. */
static void test_long_lines_and_no_last_newline(void **state)
{
	char *path = temp_log();
	FILE *out = fopen(path, "w");
	unsigned seq = 0;
	size_t sizes[] = { 150 * 1024, 300 * 1024 };

	(void)state;
	assert_non_null(out);
	for (size_t k = 0; k < 2; k++) {
		append_traffic(out, 200000, &seq);
		fputs("Dec 20 04:10:00 web1 app[1]: ", out);
		for (size_t i = 0; i < sizes[k]; i++)
			fputc('a' + (int)(i % 26), out);
		fputs(k ? " Killed process 5 (x)\n" : "\n", out);
		append_traffic(out, 200000, &seq);
		append_file(out, reports[1]);
	}
	append_traffic(out, 100000, &seq);
	fputs("Dec 20 05:00:00 web1 kernel: [9999.000000] oom_reaper: reaped process 4242 "
	      "(worker), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB", out);
	fclose(out);
	check_same(path, 0);
	check_same(path, 64 * 1024);
	unlink(path);
	free(path);
}

#define KILL_LINE "Out of memory: Killed process %u (worker) total-vm:1000kB, anon-rss:%ukB, " \
	"file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0"

/* Two kernel records a paste joined on one line: the line is read up to the second stamp,
 * and the rest as a line of its own, though the scout keeps line starts only (with the
 * needle in the first record, the second, both or neither). */
static void test_joined_records(void **state)
{
	char *path = temp_log();
	FILE *out = fopen(path, "w");

	(void)state;
	assert_non_null(out);
	for (unsigned i = 0; i < 4000; i++) {
		unsigned up = 1000 + i;

		for (unsigned k = 0; k < 8 + i % 23; k++)
			fprintf(out, "[%u.%06u] eth0: link becomes ready, carrier %u\n", up, k, i * k);
		fprintf(out, "[%u.100000] ", up);
		if (i % 4 & 1)
			fprintf(out, KILL_LINE, 10000 + i, 100 + i);
		else
			fputs("usb 1-1: new high-speed USB device number 4", out);
		fprintf(out, " [%u.200000] ", up);
		if (i % 4 >= 2)
			fprintf(out, KILL_LINE, 20000 + i, 200 + i);
		else
			fputs("usb 1-1: New USB device found", out);
		fputc('\n', out);
	}
	fclose(out);
	check_same(path, 0);
	check_same(path, 64 * 1024);
	unlink(path);
	free(path);
}

/* A file cut short while it is read (copytruncate rotated it): the read ends, at the new
 * end, whoever was searching where the bytes went. */
static void test_file_cut_short(void **state)
{
	static const uint64_t mins[] = { 1, 4096, 256 * 1024 };
	char *path = temp_log();

	(void)state;
	for (size_t k = 0; k < sizeof(mins) / sizeof(mins[0]); k++) {
		struct oomt_source_opts o = { .year_hint = YEAR, .scout_min_bytes = mins[k],
		                              .scout_wait = true };
		struct oomt_source *src;
		struct oomt_record rec;
		unsigned n = 0;

		write_mixed(path);
		assert_int_equal(oomt_source_open_file(path, &o, &src), 0);
		assert_int_equal(oomt_source_set_prefilter(src, oomt_parser_prefilter), 0);
		oomt_source_set_filter(src, true);
		assert_int_equal(oomt_source_next(src, &rec), 0);
		assert_int_equal(truncate(path, 1 << 20), 0);
		alarm(60);      /* a hang fails the test */
		while (oomt_source_next(src, &rec) == 0)
			n++;
		alarm(0);
		oomt_source_free(src);
		assert_true(n > 0);
	}
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mixed_log),
		cmocka_unit_test(test_more_hits_than_kept),
		cmocka_unit_test(test_long_lines_and_no_last_newline),
		cmocka_unit_test(test_joined_records),
		cmocka_unit_test(test_file_cut_short),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
