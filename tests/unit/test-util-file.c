/* SPDX-License-Identifier: MIT */
/* Small files (lib/util/file.c): the bounded reader cuts at the last complete line; the
 * whole-file reader refuses what is too large. Files go under $TMPDIR (else /tmp). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "util/file.h"

static char path[PATH_MAX];

static int make_file(void **state)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/oomt-test-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (write(fd, "line1\nline2\nline3-long\n", 23) != 23) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int remove_file(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void test_read_at(void **state)
{
	char buf[16], big[64];
	size_t len = 99;
	bool trunc = false;
	(void)state;
	assert_int_equal(oomt_file_read_at(AT_FDCWD, path, buf, sizeof(buf), &len, &trunc), 0);
	assert_true(trunc);
	assert_string_equal(buf, "line1\nline2\n");  /* cut at the last complete line */
	assert_int_equal(len, 12);
	assert_int_equal(oomt_file_read_at(AT_FDCWD, path, big, sizeof(big), &len, &trunc), 0);
	assert_false(trunc);
	assert_int_equal(len, 23);
	assert_int_equal(oomt_file_read_at(AT_FDCWD, path, big, sizeof(big), &len, NULL), 0);
	assert_int_equal(oomt_file_read_at(AT_FDCWD, path, buf, 1, &len, NULL), -EINVAL);
	assert_int_equal(oomt_file_read_at(AT_FDCWD, "/nonexistent/x", buf, sizeof(buf), &len, NULL),
	                 -ENOENT);
}

static void test_read_all(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	(void)state;
	assert_int_equal(oomt_file_read_all(path, 23, &buf, &len), 0);
	assert_int_equal(len, 23);
	assert_string_equal(buf, "line1\nline2\nline3-long\n");
	free(buf);
	buf = NULL;
	assert_int_equal(oomt_file_read_all(path, 22, &buf, &len), -EFBIG);
	assert_null(buf);
	assert_int_equal(oomt_file_read_all("/nonexistent/x", 100, &buf, &len), -ENOENT);
	/* /proc files report size 0 and are read whole all the same */
	assert_int_equal(oomt_file_read_all("/proc/self/stat", 4096, &buf, &len), 0);
	assert_true(len > 0 && buf[len] == '\0');
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_at),
		cmocka_unit_test(test_read_all),
	};
	return cmocka_run_group_tests(tests, make_file, remove_file);
}
