/* SPDX-License-Identifier: MIT */
/* The system facts: kernel release codes and the running release under a sysroot. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/system.h>

static void test_release_code(void **state)
{
	(void)state;
	assert_int_equal(oomt_kernel_release_code("6.18.44-fc-v657"), OOMT_KERNEL_VERSION(6, 18, 44));
	assert_int_equal(oomt_kernel_release_code("3.10.0-1127.el7.x86_64"),
	                 OOMT_KERNEL_VERSION(3, 10, 0));
	assert_int_equal(oomt_kernel_release_code("2.6.32-642.el6"), OOMT_KERNEL_VERSION(2, 6, 32));
	assert_int_equal(oomt_kernel_release_code("5.9"), OOMT_KERNEL_VERSION(5, 9, 0));
	assert_int_equal(oomt_kernel_release_code("4.19.x"), OOMT_KERNEL_VERSION(4, 19, 0));
	/* patch levels past 999 (Android's 4.4.302 is fine; 5.4.1234 saturates) */
	assert_int_equal(oomt_kernel_release_code("5.4.1234"), OOMT_KERNEL_VERSION(5, 4, 999));
	assert_true(oomt_kernel_release_code("5.8.18") < oomt_kernel_release_code("5.9.0"));
	assert_true(oomt_kernel_release_code("3.9.11") < oomt_kernel_release_code("3.10"));
	assert_int_equal(oomt_kernel_release_code(NULL), 0);
	assert_int_equal(oomt_kernel_release_code(""), 0);
	assert_int_equal(oomt_kernel_release_code("6"), 0);
	assert_int_equal(oomt_kernel_release_code("x6.1"), 0);
	assert_int_equal(oomt_kernel_release_code("6."), 0);
	/* digits beyond any version must not overflow into a plausible number */
	assert_int_equal(oomt_kernel_release_code("99999999999999999999.1"), 0);
}

static void test_release_read_sysroot(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char dir[2048], path[4096], buf[65];
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/oomtool-test-system.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(oomt_kernel_release_read(dir, buf, sizeof(buf)), -ENOENT);
	snprintf(path, sizeof(path), "mkdir -p '%s/proc/sys/kernel'", dir);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof(path), "%s/proc/sys/kernel/osrelease", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("4.19.0-21-amd64\n", f);
	fclose(f);
	assert_int_equal(oomt_kernel_release_read(dir, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "4.19.0-21-amd64");
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
	/* the live system always has an answer */
	assert_int_equal(oomt_kernel_release_read(NULL, buf, sizeof(buf)), 0);
	assert_true(oomt_kernel_release_code(buf) > 0);
}

static void test_page_size(void **state)
{
	(void)state;
	assert_int_equal(oomt_page_size(), sysconf(_SC_PAGESIZE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release_code),
		cmocka_unit_test(test_release_read_sysroot),
		cmocka_unit_test(test_page_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
