/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/swap.h>
#include "swap/proc-swaps.h"
#include "swap-test-util.h"
#include "test-tmpdir.h"

static void check_fixture(const struct oomt_swap_areas *a)
{
	assert_int_equal(a->n, 5);
	assert_int_equal(a->skipped, 0);
	assert_string_equal(a->area[0].path, "/swapfile");
	assert_int_equal(a->area[0].kind, OOMT_SWAP_AREA_FILE);
	assert_true(a->area[0].size_bytes == 2097148LL * 1024);
	assert_true(a->area[0].used_bytes == 0);
	assert_int_equal(a->area[0].priority, -2);
	assert_int_equal(a->area[1].kind, OOMT_SWAP_AREA_ZRAM);
	assert_int_equal(a->area[1].priority, 100);
	assert_int_equal(a->area[2].kind, OOMT_SWAP_AREA_PARTITION);
	assert_true(a->area[2].used_bytes == 10485760LL * 1024);
	assert_string_equal(a->area[3].path, "/srv/my swap");
	assert_false(a->area[3].deleted);
	assert_string_equal(a->area[4].path, "/var/old");
	assert_true(a->area[4].deleted);
	assert_ptr_equal(oomt_swaps_find(a, "/srv/my swap"), &a->area[3]);
	assert_null(oomt_swaps_find(a, "/var/old"));       /* a deleted file is not that path */
	assert_null(oomt_swaps_find(a, "/nope"));
}

static void test_fixture_buffer_and_file(void **state)
{
	struct oomt_swap_areas *a = malloc(sizeof(*a));
	char path[1024];
	size_t len;
	char *buf = read_fixture("proc-swaps", &len);

	(void)state;
	oomt_swaps_parse(buf, len, a);
	check_fixture(a);
	snprintf(path, sizeof(path), "%s/swap/proc-swaps", TEST_FIXTURE_DIR);
	assert_int_equal(oomt_swaps_read(path, a), 0);
	check_fixture(a);
	assert_int_equal(oomt_swaps_read("/nonexistent/swaps", a), -ENOENT);
	free(buf);
	free(a);
}

static void test_lines(void **state)
{
	struct oomt_swap_area a;
	static const char *const bad[] = {
		"", "swapfile file 1 0 -2", "/s file 1 0", "/s disk 1 0 -2", "/s file x 0 -2",
		"/s file 1 -1 -2", "/s file 1 0 -2 extra", "/s file 1 0 --2", "/s file 1 0 -",
		"/s file 99999999999999999999 0 -2", "/s file 1 0 99999999999",
		"/s file 9007199254740993 0 0", "/a\\000b file 1 0 0",
	};
	const char *h = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";

	(void)state;
	assert_int_equal(oomt_swaps_parse_line(h, strlen(h), &a), 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (oomt_swaps_parse_line(bad[i], strlen(bad[i]), &a) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
	assert_int_equal(oomt_swaps_parse_line("/s file 8 4 -2\n", 15, &a), 0);
	assert_true(a.size_bytes == 8192 && a.used_bytes == 4096);
	assert_int_equal(oomt_swaps_parse_line("/a\\134b\\011 file 8 4 0", 22, &a), 0);
	assert_string_equal(a.path, "/a\\b\t");
	/* only part of the buffer is the line */
	assert_int_equal(oomt_swaps_parse_line("/s file 8 4 7 junk", 13, &a), 0);
	assert_int_equal(a.priority, 7);
}

static void test_truncated_binary_and_many(void **state)
{
	struct oomt_swap_areas *a = malloc(sizeof(*a));
	char bin[512], *many;
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (char)(i * 131 + 7);
	oomt_swaps_parse(bin, sizeof(bin), a);
	assert_true(a->n <= OOMT_SWAP_MAX_AREAS);
	oomt_swaps_parse("/swapfile    file\t\t2097", 24, a);   /* cut mid-line */
	assert_int_equal(a->n, 0);
	assert_int_equal(a->skipped, 1);
	many = malloc(64 * 40);
	for (int i = 0; i < 40; i++)
		n += (size_t)sprintf(many + n, "/s%d file 8 0 -%d\n", i, i + 2);
	oomt_swaps_parse(many, n, a);
	assert_int_equal(a->n, OOMT_SWAP_MAX_AREAS);
	assert_int_equal(a->skipped, 40 - OOMT_SWAP_MAX_AREAS);
	free(many);
	free(a);
}

static void test_oversized_line_in_file(void **state)
{
	struct oomt_swap_areas *a = malloc(sizeof(*a));
	char path[PATH_MAX];
	int fd = mkstemp(test_tmp_path(path, sizeof(path), "oomtool-swaps-XXXXXX"));
	FILE *f = fdopen(fd, "w");

	(void)state;
	assert_non_null(f);
	fputs("Filename\tType\tSize\tUsed\tPriority\n/", f);
	for (int i = 0; i < 100000; i++)
		fputc('x', f);
	fputs(" file 8 0 -2\n/ok file 8 0 -3\n", f);
	fclose(f);
	assert_int_equal(oomt_swaps_read(path, a), 0);
	unlink(path);
	assert_int_equal(a->n, 1);
	assert_int_equal(a->skipped, 1);
	assert_string_equal(a->area[0].path, "/ok");
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_buffer_and_file),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_truncated_binary_and_many),
		cmocka_unit_test(test_oversized_line_in_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
