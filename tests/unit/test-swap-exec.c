/* SPDX-License-Identifier: MIT */
/* The step executors that need no root, on files in a temporary directory. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/swap.h>
#include "swap/exec.h"
#include "swap/header.h"
#include "util/sysroot-file.h"
#include "util/file.h"
#include "test-tmpdir.h"

static char dir[PATH_MAX / 2]; /* leaves room for the names in_dir() appends */

static int setup(void **state)
{
	(void)state;
	return mkdtemp(test_tmp_path(dir, sizeof(dir), "oomtool-swap-exec-XXXXXX")) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void in_dir(char *buf, size_t sz, const char *name)
{
	snprintf(buf, sz, "%s/%s", dir, name);
}

static void test_create_exclusive_private(void **state)
{
	char path[PATH_MAX], link[PATH_MAX];
	struct stat st;
	mode_t old = umask(0);
	int fd = -1, fd2 = -1;

	(void)state;
	in_dir(path, sizeof(path), "swapfile");
	assert_int_equal(oomt_swap_file_create(path, &fd), 0);
	umask(old);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(oomt_swap_file_create(path, &fd2), -EEXIST);
	in_dir(link, sizeof(link), "link");
	assert_int_equal(symlink("target-that-does-not-exist", link), 0);
	assert_int_equal(oomt_swap_file_create(link, &fd2), -EEXIST);  /* not followed */
	in_dir(path, sizeof(path), "target-that-does-not-exist");
	assert_int_equal(access(path, F_OK), -1);
	close(fd);
}

static void test_verify_holes_and_zeros(void **state)
{
	char path[PATH_MAX];
	volatile sig_atomic_t cancel = 0;
	int fd;
	uint64_t size = 8 << 20;

	(void)state;
	in_dir(path, sizeof(path), "sparse");
	assert_int_equal(oomt_swap_file_create(path, &fd), 0);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	assert_int_equal(oomt_swap_file_verify(fd, size), -ENODATA);
	assert_int_equal(oomt_swap_file_write_zeros(fd, size, &cancel), 0);
	assert_int_equal(oomt_swap_file_verify(fd, size), 0);
	assert_int_equal(oomt_swap_file_verify(fd, size + 4096), -ENODATA); /* past the end */
	close(fd);
	in_dir(path, sizeof(path), "cancelled");
	assert_int_equal(oomt_swap_file_create(path, &fd), 0);
	cancel = 1;
	assert_int_equal(oomt_swap_file_write_zeros(fd, size, &cancel), -EINTR);
	close(fd);
}

static void test_fallocate_and_signature(void **state)
{
	char path[PATH_MAX];
	uint8_t page[4096];
	int fd, r;

	(void)state;
	if (sysconf(_SC_PAGESIZE) != 4096)
		skip();
	in_dir(path, sizeof(path), "falloc");
	assert_int_equal(oomt_swap_file_create(path, &fd), 0);
	r = oomt_swap_file_fallocate(fd, 1 << 20);
	if (r == -EOPNOTSUPP) {
		close(fd);
		skip();
	}
	assert_int_equal(r, 0);
	assert_int_equal(oomt_swap_file_verify(fd, 1 << 20), 0);
	assert_int_equal(oomt_swap_file_write_signature(fd, 1 << 20, 4096, "t"), 0);
	assert_int_equal(pread(fd, page, sizeof(page), 0), (ssize_t)sizeof(page));
	assert_true(oomt_swap_header_is_swap(page, sizeof(page)));
	assert_int_equal(page[1036 + 6] >> 4, 4);            /* UUID version 4 */
	assert_int_equal(oomt_swap_file_write_signature(fd, 4096, 4096, "t"), -EINVAL);
	close(fd);
}

static void test_write_atomic_and_read_small(void **state)
{
	char path[PATH_MAX], cmd[PATH_MAX + 64], *buf = NULL;
	struct stat st;
	size_t len;

	(void)state;
	in_dir(path, sizeof(path), "fstab");
	assert_int_equal(oomt_file_read_all(path, 100, &buf, &len), -ENOENT);
	assert_int_equal(oomt_file_write_atomic(path, "one\n", 4, 0640), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(chmod(path, 0604), 0);
	assert_int_equal(oomt_file_write_atomic(path, "two\nlines\n", 10, 0644), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0604);          /* an existing file keeps its mode */
	assert_int_equal(oomt_file_read_all(path, 100, &buf, &len), 0);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "two\nlines\n");
	free(buf);
	assert_int_equal(oomt_file_read_all(path, 9, &buf, &len), -EFBIG);
	/* no temporary file is left behind */
	snprintf(cmd, sizeof(cmd), "ls -A '%s' | grep -q oomtool-", dir);
	assert_int_not_equal(system(cmd), 0);
	in_dir(path, sizeof(path), "missing-dir/fstab");
	assert_int_equal(oomt_file_write_atomic(path, "x", 1, 0644), -ENOENT);
}

static void test_paths(void **state)
{
	char out[PATH_MAX];

	(void)state;
	assert_int_equal(oomt_swap_path_canonical("/tmp/../tmp/./x", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "/x"));
	assert_null(strstr(out, ".."));
	assert_int_equal(oomt_swap_path_canonical("/swapfile", out, sizeof(out)), 0);
	assert_string_equal(out, "/swapfile");
	assert_int_equal(oomt_swap_path_canonical("relative", out, sizeof(out)), -EINVAL);
	assert_int_equal(oomt_swap_path_canonical("/tmp/", out, sizeof(out)), -EINVAL);
	assert_int_equal(oomt_swap_path_canonical("/tmp/..", out, sizeof(out)), -EINVAL);
	assert_int_equal(oomt_swap_path_canonical("/no/such/dir/x", out, sizeof(out)), -ENOENT);
	assert_int_equal(oomt_sysroot_join("/", "etc/fstab", out, sizeof(out)), 0);
	assert_string_equal(out, "/etc/fstab");
	assert_int_equal(oomt_sysroot_join(NULL, "etc/fstab", out, sizeof(out)), 0);
	assert_string_equal(out, "/etc/fstab");
	assert_int_equal(oomt_sysroot_join("", "/proc/swaps", out, sizeof(out)), 0);
	assert_string_equal(out, "/proc/swaps");
	assert_int_equal(oomt_sysroot_join("/r//", "/etc", out, sizeof(out)), 0);
	assert_string_equal(out, "/r/etc");
	assert_int_equal(oomt_sysroot_join("/r", "etc", out, 4), -ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_exclusive_private),
		cmocka_unit_test(test_verify_holes_and_zeros),
		cmocka_unit_test(test_fallocate_and_signature),
		cmocka_unit_test(test_write_atomic_and_read_small),
		cmocka_unit_test(test_paths),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
