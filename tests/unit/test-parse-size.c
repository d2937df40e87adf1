/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <oomtool/format.h>

static void expect_size(const char *text, uint64_t want)
{
	uint64_t v = 0;

	assert_int_equal(oomt_parse_size(text, &v), 0);
	assert_true(v == want);
}

static void expect_fail(const char *text, int err)
{
	uint64_t v = 12345;

	assert_int_equal(oomt_parse_size(text, &v), err);
	assert_true(v == 12345);   /* output untouched on failure */
}

static void test_plain_and_suffixes(void **state)
{
	(void)state;
	expect_size("0", 0);
	expect_size("4096", 4096);
	expect_size("4096B", 4096);
	expect_size("512K", 512ULL << 10);
	expect_size("512M", 512ULL << 20);
	expect_size("2G", 2ULL << 30);
	expect_size("2g", 2ULL << 30);
	expect_size("3T", 3ULL << 40);
	expect_size("1P", 1ULL << 50);
	expect_size("1E", 1ULL << 60);
	expect_size("64MiB", 64ULL << 20);
	expect_size("64mib", 64ULL << 20);
	expect_size("1KB", 1000);
	expect_size("2MB", 2000000);
	expect_size("1GB", 1000000000);
}

static void test_fractions(void **state)
{
	(void)state;
	expect_size("1.5GiB", 3ULL << 29);
	expect_size("1.5G", 3ULL << 29);
	expect_size("0.5K", 512);
	expect_size("1.25M", 1310720);
	expect_size("1.0001K", 1024);                /* rounded down to a whole byte */
	expect_size("2.000000000000000000000000001G", 2ULL << 30);
}

static void test_malformed(void **state)
{
	(void)state;
	expect_fail("", -EINVAL);
	expect_fail("G", -EINVAL);
	expect_fail("-1G", -EINVAL);
	expect_fail("+1G", -EINVAL);
	expect_fail(" 1G", -EINVAL);
	expect_fail("1G ", -EINVAL);
	expect_fail("1 G", -EINVAL);
	expect_fail("1.G", -EINVAL);
	expect_fail(".5G", -EINVAL);
	expect_fail("1X", -EINVAL);
	expect_fail("1GiBs", -EINVAL);
	expect_fail("1iB", -EINVAL);
	expect_fail("1Gb2", -EINVAL);
	expect_fail("1.5.2G", -EINVAL);
	expect_fail("0x10", -EINVAL);
	expect_fail("\xff\xfe", -EINVAL);
	assert_int_equal(oomt_parse_size(NULL, &(uint64_t){ 0 }), -EINVAL);
}

static void test_range(void **state)
{
	(void)state;
	expect_size("9223372036854775807", INT64_MAX);
	expect_fail("9223372036854775808", -ERANGE);
	expect_fail("99999999999999999999999", -ERANGE);
	expect_fail("8E", -ERANGE);
	expect_size("7E", 7ULL << 60);
	expect_fail("16777216T", -ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_suffixes),
		cmocka_unit_test(test_fractions),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
