/* SPDX-License-Identifier: MIT */
/*
 * Golden cases through the parser alone: every tests/data/NNN-*.log that has a
 * NNN-*.expected.json is cut into records by the test-only stripper (log-strip.h), parsed,
 * written with oomt_event_write_json and compared field by field by
 * tests/golden-compare.py. The same files are checked end to end by tests/cli/golden.sh.
 * With a file argument, prints that file's events as JSON (for writing new cases).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <unistd.h>
#include <oomtool/event-json.h>
#include "log-strip.h"

static void sink(struct oomt_event *ev, void *arg)
{
	oomt_event_write_json(arg, ev);
	oomt_event_free(ev);
}

static int write_events(const char *log, FILE *out)
{
	struct oomt_parser *p;
	struct oomt_json j;
	FILE *in = fopen(log, "r");

	if (!in)
		return -1;
	if (oomt_parser_new(&p) < 0) {
		fclose(in);
		return -1;
	}
	oomt_json_init(&j, out, true);
	oomt_json_begin_object(&j, NULL);
	oomt_json_begin_array(&j, "events");
	strip_feed_file(p, in, log, sink, &j);
	oomt_json_end_array(&j);
	oomt_json_end_object(&j);
	oomt_json_finish(&j);
	oomt_parser_free(p);
	fclose(in);
	return 0;
}

static int has_python(void)
{
	return system("python3 -c 'import json' >/dev/null 2>&1") == 0;
}

#define CASES_MAX 512

/* Parse every case into a temporary file, then compare them all in one python run. */
static void test_golden(void **state)
{
	DIR *d = opendir(TEST_DATA_DIR);
	struct dirent *de;
	char dir[] = "/tmp/oomt-golden-XXXXXX";
	size_t cmdsz = 1 << 20, len;
	char *cmd = malloc(cmdsz);
	int cases = 0;

	(void)state;
	assert_non_null(d);
	assert_non_null(cmd);
	if (!has_python()) {
		closedir(d);
		free(cmd);
		skip();
	}
	assert_non_null(mkdtemp(dir));
	len = (size_t)snprintf(cmd, cmdsz, "python3 %s/../golden-compare.py", TEST_DATA_DIR);
	while ((de = readdir(d)) != NULL && cases < CASES_MAX) {
		char log[4096], exp[4096], act[4096];
		size_t n = strlen(de->d_name);
		FILE *out;

		if (n < 5 || strcmp(de->d_name + n - 4, ".log") != 0)
			continue;
		snprintf(log, sizeof(log), "%s/%s", TEST_DATA_DIR, de->d_name);
		snprintf(exp, sizeof(exp), "%s/%.*s.expected.json", TEST_DATA_DIR, (int)(n - 4), de->d_name);
		if (access(exp, R_OK) != 0)
			continue;
		snprintf(act, sizeof(act), "%s/%d.json", dir, cases);
		out = fopen(act, "w");
		assert_non_null(out);
		assert_int_equal(write_events(log, out), 0);
		fclose(out);
		len += (size_t)snprintf(cmd + len, cmdsz - len, " '%s' '%s'", exp, act);
		assert_true(len < cmdsz);
		cases++;
	}
	closedir(d);
	fprintf(stderr, "%d golden cases\n", cases);
	assert_true(cases > 0);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, cmdsz, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
	};

	if (argc == 2)
		return write_events(argv[1], stdout) == 0 ? 0 : 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
