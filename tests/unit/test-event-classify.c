/* SPDX-License-Identifier: MIT */
/*
 * The line classifier (lib/event/classify.c) answers as trying every rule of its table in
 * order would: on every line of every test log, on each line's every suffix (a message
 * starts anywhere after a prefix), and on random text made of the anchors' pieces.
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
#include "event/lines.h"

static const struct line_rule *naive(const char *s, size_t n)
{
	size_t count;
	const struct line_rule *rules = oomt_line_rules(&count);

	for (size_t i = 0; i < count; i++) {
		const struct line_rule *r = &rules[i];

		if (r->at_start ? n >= r->len && memcmp(s, r->anchor, r->len) == 0
		    : r->at_end ? n >= r->len && memcmp(s + n - r->len, r->anchor, r->len) == 0
		                : memmem(s, n, r->anchor, r->len) != NULL)
			return r;
	}
	return NULL;
}

static void check(const char *s, size_t n)
{
	const struct line_rule *want = naive(s, n), *got;
	enum line_kind k = oomt_line_classify(s, n, &got);

	if (got != want)
		fail_msg("'%.*s': rule '%s', expected '%s'", (int)n, s, got ? got->anchor : "-",
		         want ? want->anchor : "-");
	assert_int_equal(k, want ? want->kind : LK_OTHER);
}

static int check_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int n = 0;

	if (!f)
		return 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		/* exact-size copies: a read past the message shows under ASan */
		for (ssize_t at = 0; at < len; at += 1 + at / 8) {
			char *copy = malloc((size_t)(len - at));

			memcpy(copy, line + at, (size_t)(len - at));
			check(copy, (size_t)(len - at));
			free(copy);
		}
		n++;
	}
	free(line);
	fclose(f);
	return n;
}

static int check_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		size_t l = strlen(de->d_name);

		if (l > 4 && strcmp(de->d_name + l - 4, ".log") == 0) {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			n += check_file(path);
		}
	}
	closedir(d);
	return n;
}

static void test_logs(void **state)
{
	int n;

	(void)state;
	n = check_dir(TEST_DATA_DIR);
	n += check_dir(TEST_DATA_DIR "/formats");
	n += check_dir(TEST_DATA_DIR "/cli");
	fprintf(stderr, "%d lines\n", n);
	assert_true(n > 1000);
}

/* Strings glued from pieces of the anchors (whole, cut, at the start or not) and filler:
 * overlapping and near-miss anchors, several in one line. */
static void test_random(void **state)
{
	size_t count;
	const struct line_rule *rules = oomt_line_rules(&count);
	static const char *const filler[] = { " ", "x", "Mem", "[", "oom", ": ", "process ", "\xc3" };
	char buf[512];
	unsigned s = 1;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t n = 0;

		for (int piece = 0; piece < 1 + round % 6; piece++) {
			const char *a;
			size_t l, from;

			s = s * 1103515245 + 12345;
			if ((s >> 16) % 3 == 0) {
				a = filler[(s >> 8) % (sizeof(filler) / sizeof(filler[0]))];
				l = strlen(a);
				from = 0;
			} else {
				a = rules[(s >> 8) % count].anchor;
				l = strlen(a);
				s = s * 1103515245 + 12345;
				from = (s >> 16) % 4 == 0 ? (s >> 8) % l : 0;
				if ((s >> 20) % 4 == 0)
					l = from + (l - from) / 2;
			}
			if (n + l - from >= sizeof(buf))
				break;
			memcpy(buf + n, a + from, l - from);
			n += l - from;
		}
		char *copy = malloc(n ? n : 1);

		memcpy(copy, buf, n);
		check(copy, n);
		free(copy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logs),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
