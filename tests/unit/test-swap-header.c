/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
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
#include "test-tmpdir.h"
#include "swap/header.h"

static const uint8_t uuid[16] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0x4d, 0xef,
                                  0x81, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };

static uint32_t u32_at(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static void test_layout(void **state)
{
	uint8_t page[4096];

	(void)state;
	memset(page, 0xaa, sizeof(page));
	assert_int_equal(oomt_swap_header_build(page, 4096, 64 << 20, uuid, "oomtool"), 0);
	for (size_t i = 0; i < 1024; i++)
		assert_int_equal(page[i], 0);
	assert_int_equal(u32_at(page, 1024), 1);             /* version */
	assert_int_equal(u32_at(page, 1028), 16383);         /* last page */
	assert_int_equal(u32_at(page, 1032), 0);             /* no bad pages */
	assert_memory_equal(page + 1036, uuid, 16);
	assert_string_equal((const char *)page + 1052, "oomtool");
	for (size_t i = 1052 + 7; i < 4096 - 10; i++)
		assert_int_equal(page[i], 0);
	assert_memory_equal(page + 4086, "SWAPSPACE2", 10);
	assert_true(oomt_swap_header_is_swap(page, 4096));
}

static void test_label_is_cut_and_large_pages(void **state)
{
	uint8_t *page = malloc(65536);

	(void)state;
	assert_int_equal(oomt_swap_header_build(page, 65536, 65536ULL * 100, uuid,
	                                        "a-label-longer-than-sixteen"), 0);
	assert_int_equal(page[1052 + 15], 0);                /* NUL-terminated within 16 */
	assert_int_equal(u32_at(page, 1028), 99);
	assert_memory_equal(page + 65536 - 10, "SWAPSPACE2", 10);
	assert_true(oomt_swap_header_is_swap(page, 65536));
	assert_false(oomt_swap_header_is_swap(page, 4096));
	free(page);
}

static void test_limits(void **state)
{
	uint8_t page[4096];

	(void)state;
	assert_int_equal(oomt_swap_header_build(page, 4096, 9 * 4096, uuid, NULL), -EINVAL);
	assert_int_equal(oomt_swap_header_build(page, 4096, 10 * 4096, uuid, NULL), 0);
	assert_int_equal(u32_at(page, 1028), 9);
	assert_int_equal(page[1052], 0);                     /* no label */
	assert_int_equal(oomt_swap_header_build(page, 4096, (1ULL << 32) * 4096, uuid, NULL), 0);
	assert_int_equal(u32_at(page, 1028), UINT32_MAX);
	assert_int_equal(oomt_swap_header_build(page, 4096, ((1ULL << 32) + 1) * 4096, uuid,
	                                        NULL), -EINVAL);
	assert_int_equal(oomt_swap_header_build(page, 3000, 1 << 20, uuid, NULL), -EINVAL);
	memset(page, 0, sizeof(page));
	assert_false(oomt_swap_header_is_swap(page, 4096));
	memcpy(page + 4086, "SWAP-SPACE", 10);               /* version 0: still swap, not data */
	assert_true(oomt_swap_header_is_swap(page, 4096));
	assert_false(oomt_swap_header_is_swap(page, 1024));
}

static const char *find_mkswap(void)
{
	static const char *const paths[] = { "/usr/sbin/mkswap", "/sbin/mkswap", NULL };

	for (size_t i = 0; paths[i]; i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

/* Our page must be byte for byte what mkswap(8) writes for the same UUID and label. */
static void test_same_as_mkswap(void **state)
{
	const char *mkswap = find_mkswap();
	char path[PATH_MAX], cmd[PATH_MAX + 512];
	uint8_t theirs[4096], ours[4096];
	long ps = sysconf(_SC_PAGESIZE);
	int fd;

	(void)state;
	if (!mkswap || ps != 4096)
		skip();
	fd = mkstemp(test_tmp_path(path, sizeof(path), "oomtool-mkswap-XXXXXX"));
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 1 << 20), 0);
	snprintf(cmd, sizeof(cmd), "%s -U 12345678-9abc-4def-8123-456789abcdef -L oomtool %s "
	         ">/dev/null 2>&1", mkswap, path);
	if (system(cmd) != 0) {
		unlink(path);
		close(fd);
		skip();
	}
	assert_int_equal(pread(fd, theirs, sizeof(theirs), 0), (ssize_t)sizeof(theirs));
	close(fd);
	unlink(path);
	assert_int_equal(oomt_swap_header_build(ours, 4096, 1 << 20, uuid, "oomtool"), 0);
	assert_memory_equal(ours, theirs, sizeof(ours));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_label_is_cut_and_large_pages),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_same_as_mkswap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
