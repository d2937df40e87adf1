/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <oomtool/swap.h>
#include "swap/fstab.h"
#include "swap-test-util.h"

static void test_next_skips_comments(void **state)
{
	size_t len, pos = 0;
	char *buf = read_fixture("fstab-odd", &len);
	struct oomt_fstab_entry e;
	const char *specs[] = { "UUID=0a1b2c3d-1111-2222-3333-444455556666",
	                        "UUID=9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff", "/dev/sdb1",
	                        "/srv/old swap", "tmpfs" };
	size_t n = 0;

	(void)state;
	while (oomt_fstab_next(buf, len, &pos, &e) == 0) {
		assert_true(n < 5);
		assert_string_equal(e.spec, specs[n]);
		assert_false(e.truncated);
		n++;
	}
	assert_int_equal(n, 5);
	pos = 0;
	for (int i = 0; i < 3; i++)
		assert_int_equal(oomt_fstab_next(buf, len, &pos, &e), 0);
	assert_string_equal(e.file, "/data");          /* tab separated */
	assert_string_equal(e.type, "xfs");
	assert_string_equal(e.opts, "defaults,noatime");
	assert_int_equal(e.line_len, strlen("/dev/sdb1\t/data\txfs\tdefaults,noatime\t0\t2"));
	free(buf);
}

static void test_add_keeps_bytes_and_newline(void **state)
{
	size_t len, out_len;
	char *buf = read_fixture("fstab-odd", &len);
	char *out = NULL;
	const char *line = "/swapfile none swap sw 0 0\n";

	(void)state;
	assert_true(buf[len - 1] != '\n');   /* the fixture lacks its final newline */
	assert_int_equal(oomt_fstab_add_swap(buf, len, "/swapfile", -1, &out, &out_len), 0);
	assert_int_equal(out_len, len + 1 + strlen(line));
	assert_memory_equal(out, buf, len);
	assert_int_equal(out[len], '\n');
	assert_string_equal(out + len + 1, line);
	free(out);
	free(buf);
}

static void test_add_no_duplicate(void **state)
{
	char *a = NULL, *b = (char *)1;
	size_t alen, blen = 7;
	struct oomt_fstab_entry e;

	(void)state;
	assert_int_equal(oomt_fstab_add_swap("", 0, "/swapfile", 7, &a, &alen), 0);
	assert_string_equal(a, "/swapfile none swap sw,pri=7 0 0\n");
	assert_int_equal(oomt_fstab_add_swap(a, alen, "/swapfile", 7, &b, &blen), -EEXIST);
	assert_int_equal(oomt_fstab_add_swap(a, alen, "/swapfile", -1, &b, &blen), -EEXIST);
	assert_true(b == (char *)1 && blen == 7);   /* outputs untouched */
	assert_true(oomt_fstab_find_swap(a, alen, "/swapfile", &e));
	assert_string_equal(e.opts, "sw,pri=7");
	free(a);
}

static void test_add_existing_escaped(void **state)
{
	size_t len, out_len;
	char *buf = read_fixture("fstab-odd", &len);
	char *out = NULL;

	(void)state;
	/* "/srv/old\040swap" in the file is the path "/srv/old swap" */
	assert_int_equal(oomt_fstab_add_swap(buf, len, "/srv/old swap", -1, &out, &out_len),
	                 -EEXIST);
	/* the same path as a different filesystem type is not a swap entry */
	assert_int_equal(oomt_fstab_add_swap(buf, len, "/dev/sdb1", -1, &out, &out_len), 0);
	free(out);
	free(buf);
}

static void test_add_escapes_path(void **state)
{
	char *out = NULL;
	size_t out_len;
	struct oomt_fstab_entry e;

	(void)state;
	assert_int_equal(oomt_fstab_add_swap("a b c d\n", 8, "/my swap\tfile\\x", -1, &out,
	                                     &out_len), 0);
	assert_string_equal(out, "a b c d\n/my\\040swap\\011file\\134x none swap sw 0 0\n");
	assert_true(oomt_fstab_find_swap(out, out_len, "/my swap\tfile\\x", &e));
	free(out);
}

static void test_remove_keeps_others(void **state)
{
	size_t len, out_len, removed = 9;
	char *buf = read_fixture("fstab-odd", &len);
	char *out = NULL, *expect;
	const char *line = "/srv/old\\040swap none swap sw,pri=3 0 0\n";
	char *at = strstr(buf, line);

	(void)state;
	assert_non_null(at);
	expect = malloc(len + 1);
	memcpy(expect, buf, (size_t)(at - buf));
	strcpy(expect + (at - buf), at + strlen(line));
	assert_int_equal(oomt_fstab_remove_swap(buf, len, "/srv/old swap", &out, &out_len,
	                                        &removed), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(out_len, len - strlen(line));
	assert_memory_equal(out, expect, out_len);
	free(out);
	free(expect);
	free(buf);
}

static void test_remove_last_line_without_newline(void **state)
{
	const char *in = "# c\n/swapfile none swap sw 0 0";
	char *out = NULL;
	size_t out_len, removed;

	(void)state;
	assert_int_equal(oomt_fstab_remove_swap(in, strlen(in), "/swapfile", &out, &out_len,
	                                        &removed), 0);
	assert_int_equal(removed, 1);
	assert_string_equal(out, "# c\n");
	free(out);
}

static void test_remove_duplicates_and_crlf(void **state)
{
	const char *in = "/swapfile none swap sw 0 0\r\n/x /y ext4 d 0 0\n"
	                 "  /swapfile\tnone\tswap\tpri=1\n/swapfile /mnt ext4 defaults 0 0\n";
	char *out = NULL;
	size_t out_len, removed;

	(void)state;
	assert_int_equal(oomt_fstab_remove_swap(in, strlen(in), "/swapfile", &out, &out_len,
	                                        &removed), 0);
	assert_int_equal(removed, 2);
	assert_string_equal(out, "/x /y ext4 d 0 0\n/swapfile /mnt ext4 defaults 0 0\n");
	free(out);
}

static void test_remove_nothing(void **state)
{
	size_t len, out_len, removed = 5;
	char *buf = read_fixture("fstab-odd", &len);
	char *out = NULL;

	(void)state;
	assert_int_equal(oomt_fstab_remove_swap(buf, len, "/nope", &out, &out_len, &removed), 0);
	assert_int_equal(removed, 0);
	assert_int_equal(out_len, len);
	assert_memory_equal(out, buf, len);
	free(out);
	free(buf);
	assert_int_equal(oomt_fstab_remove_swap("", 0, "/nope", &out, &out_len, &removed), 0);
	assert_int_equal(out_len, 0);
	free(out);
}

static void test_truncated_and_binary(void **state)
{
	size_t n = OOMT_SWAP_PATH_MAX + 100, pos = 0, out_len;
	char *big = malloc(n + 32), *out = NULL;
	struct oomt_fstab_entry e;
	char bin[256];

	(void)state;
	memset(big, 'a', n);
	big[0] = '/';
	strcpy(big + n, " none swap sw 0 0\n");
	assert_int_equal(oomt_fstab_next(big, strlen(big), &pos, &e), 0);
	assert_true(e.truncated);
	assert_false(oomt_fstab_find_swap(big, strlen(big), "/a", &e));
	free(big);
	for (int i = 0; i < 256; i++)
		bin[i] = (char)(i * 37 + 11);
	pos = 0;
	while (oomt_fstab_next(bin, sizeof(bin), &pos, &e) == 0)
		assert_true(pos <= sizeof(bin));
	assert_int_equal(oomt_fstab_add_swap(bin, sizeof(bin), "/s", -1, &out, &out_len), 0);
	assert_memory_equal(out, bin, sizeof(bin));
	free(out);
}

static void test_escape_limits(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(oomt_fstab_escape("/abc", out, sizeof(out)), 0);
	assert_string_equal(out, "/abc");
	assert_int_equal(oomt_fstab_escape("/a b", out, sizeof(out)), 0);
	assert_string_equal(out, "/a\\040b");
	assert_int_equal(oomt_fstab_escape("/a bc", out, sizeof(out)), -ENAMETOOLONG);
	assert_int_equal(oomt_fstab_escape("/abcdefg", out, sizeof(out)), -ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_skips_comments),
		cmocka_unit_test(test_add_keeps_bytes_and_newline),
		cmocka_unit_test(test_add_no_duplicate),
		cmocka_unit_test(test_add_existing_escaped),
		cmocka_unit_test(test_add_escapes_path),
		cmocka_unit_test(test_remove_keeps_others),
		cmocka_unit_test(test_remove_last_line_without_newline),
		cmocka_unit_test(test_remove_duplicates_and_crlf),
		cmocka_unit_test(test_remove_nothing),
		cmocka_unit_test(test_truncated_and_binary),
		cmocka_unit_test(test_escape_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
