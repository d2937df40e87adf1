/* SPDX-License-Identifier: MIT */
/*
 * Golden cases through the library's source and parser layers: every tests/data/NNN-*.log
 * and tests/data/formats/FORMAT--CASE.log that has an .expected.json is read by the real
 * text source (oomt_source_open_file, with the prefilter handshake of lib/scan/pipeline.c),
 * parsed, written with oomt_event_write_json and compared field by field by
 * tests/golden-compare.py, the one golden comparator (tests/cli/golden.sh runs the same
 * cases through `oomtool scan-logs -J`, the whole scan). A formats/ case must also be detected as
 * FORMAT. Times are read in UTC and year-less stamps (RFC 3164, dmesg -e) in GOLDEN_YEAR,
 * as golden.sh does, so that ids and times do not depend on the host or the checkout date.
 * With a file argument, prints that file's events as JSON (for writing new cases).
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
#include <time.h>
#include <unistd.h>
#include <oomtool/event-json.h>
#include "event/parser.h"
#include "source/source.h"
#include "event/prefilter.h"
#include "source/prefilter.h"

#define GOLDEN_YEAR 2024
#define CASES_MAX 512

static void drain(struct oomt_parser *p, struct oomt_json *j)
{
	struct oomt_event *ev;

	while (oomt_parser_next(p, &ev) == 0) {
		oomt_event_write_json(j, ev);
		oomt_event_free(ev);
	}
}

/* The events of one log as {"events": [...]}; the detected format's name in *fmt. */
static int write_events(const char *log, FILE *out, const char **fmt)
{
	struct oomt_source_opts o = { .year_hint = GOLDEN_YEAR };
	struct oomt_source *src;
	struct oomt_parser *p;
	struct oomt_record rec;
	struct oomt_json *j;
	int r;

	r = oomt_source_open_file(log, &o, &src);
	if (r < 0)
		return r;
	r = oomt_source_set_prefilter(src, oomt_parser_prefilter);
	if (r == 0)
		r = oomt_parser_new(&p);
	if (r < 0) {
		oomt_source_free(src);
		return r;
	}
	assert_int_equal(oomt_json_new(out, true, &j), 0);
	oomt_json_begin_object(j, NULL);
	oomt_json_begin_array(j, "events");
	oomt_source_set_filter(src, true);
	while ((r = oomt_source_next(src, &rec)) == 0) {
		r = oomt_parser_feed(p, &rec, oomt_source_name(src));
		if (r < 0)
			break;
		drain(p, j);
		oomt_source_set_filter(src, !oomt_parser_busy(p));
	}
	if (r == 1)
		r = oomt_parser_finish(p);
	drain(p, j);
	oomt_json_end_array(j);
	oomt_json_end_object(j);
	oomt_json_finish(j);
	oomt_json_free(j);
	if (fmt)
		*fmt = oomt_text_format_name(oomt_source_format(src));
	oomt_parser_free(p);
	oomt_source_free(src);
	return r;
}

static int has_python(void)
{
	return system("python3 -c 'import json' >/dev/null 2>&1") == 0;
}

struct golden_run {
	char dir[1024];          /* temporary directory of the actual outputs */
	char *cmd;               /* the comparator's command line, one pair per case */
	size_t cmd_len, cmd_cap;
	int cases, wrong_format;
};

/* Parse every case of data_dir (with_format: formats/ cases, "FORMAT--CASE.log"). */
static void run_dir(struct golden_run *g, const char *data_dir, bool with_format)
{
	DIR *d = opendir(data_dir);
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL && g->cases < CASES_MAX) {
		char log[4096], exp[4096], act[sizeof(g->dir) + 32];
		size_t n = strlen(de->d_name);
		const char *dash = strstr(de->d_name, "--"), *fmt = NULL;
		FILE *out;

		if (n < 5 || strcmp(de->d_name + n - 4, ".log") != 0 || (with_format && !dash))
			continue;
		snprintf(log, sizeof(log), "%s/%s", data_dir, de->d_name);
		snprintf(exp, sizeof(exp), "%s/%.*s.expected.json", data_dir, (int)(n - 4),
		         de->d_name);
		if (access(exp, R_OK) != 0)
			continue;
		snprintf(act, sizeof(act), "%s/%d.json", g->dir, g->cases);
		out = fopen(act, "w");
		assert_non_null(out);
		assert_int_equal(write_events(log, out, &fmt), 0);
		fclose(out);
		if (with_format && (strlen(fmt) != (size_t)(dash - de->d_name) ||
		                    strncmp(fmt, de->d_name, strlen(fmt)) != 0)) {
			fprintf(stderr, "%s: format %s detected, %.*s expected\n", log, fmt,
			        (int)(dash - de->d_name), de->d_name);
			g->wrong_format++;
		}
		g->cmd_len += (size_t)snprintf(g->cmd + g->cmd_len, g->cmd_cap - g->cmd_len,
		                               " '%s' '%s'", exp, act);
		assert_true(g->cmd_len < g->cmd_cap);
		g->cases++;
	}
	closedir(d);
}

/* Parse every case into a temporary file, then compare them all in one python run. */
static void test_golden(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct golden_run g = { .cmd_cap = 1 << 20 };

	(void)state;
	if (!has_python())
		skip();
	g.cmd = malloc(g.cmd_cap);
	assert_non_null(g.cmd);
	snprintf(g.dir, sizeof(g.dir), "%s/oomt-golden-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(g.dir));
	g.cmd_len = (size_t)snprintf(g.cmd, g.cmd_cap, "python3 %s/../golden-compare.py",
	                             TEST_DATA_DIR);
	run_dir(&g, TEST_DATA_DIR, false);
	run_dir(&g, TEST_DATA_DIR "/formats", true);
	fprintf(stderr, "%d golden cases\n", g.cases);
	assert_true(g.cases > 0);
	assert_int_equal(g.wrong_format, 0);
	assert_int_equal(system(g.cmd), 0);
	snprintf(g.cmd, g.cmd_cap, "rm -rf '%s'", g.dir);
	assert_int_equal(system(g.cmd), 0);
	free(g.cmd);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	if (argc == 2)
		return write_events(argv[1], stdout, NULL) == 0 ? 0 : 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
