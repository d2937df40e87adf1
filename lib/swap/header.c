/* SPDX-License-Identifier: MIT */
/*
 * The swap area header, version 1, as the kernel reads it in swapon(2) (mm/swapfile.c,
 * union swap_header, unchanged since Linux 2.6):
 *
 *   offset 0     1024 bytes boot block (zero)
 *   offset 1024  u32 version = 1
 *   offset 1028  u32 last_page = number of pages - 1
 *   offset 1032  u32 nr_badpages = 0
 *   offset 1036  16 bytes UUID
 *   offset 1052  16 bytes volume label (NUL padded)
 *   offset 1068  zero padding, bad page list (empty)
 *   page_size-10 "SWAPSPACE2"
 *
 * All integers in the machine's byte order (the kernel byte-swaps a foreign header).
 *
 * Why we write it ourselves instead of running mkswap(8): we already hold the file open
 * from O_EXCL creation and write the header through that descriptor, so no path is opened
 * again (no window for the path to be swapped under us); no child process has to be forked
 * on a machine that may be short of memory; and a failure is an errno we can undo on, not
 * exit status and text from another program. The format is one page of a fixed layout; the
 * unit test compares our page with mkswap's byte for byte.
 */
#include <errno.h>
#include <string.h>
#include "swap/header.h"

#define SWAP_MAGIC "SWAPSPACE2"
#define SWAP_MAGIC_OLD "SWAP-SPACE"   /* version 0, refused by kernels since 2.5 */
#define MAGIC_LEN 10
#define OFF_VERSION 1024
#define OFF_LAST_PAGE 1028
#define OFF_BADPAGES 1032
#define OFF_UUID 1036
#define OFF_LABEL 1052
#define LABEL_LEN 16
#define MIN_PAGES 10

static void put_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

int oomt_swap_header_build(uint8_t *page, size_t page_size, uint64_t size_bytes,
                           const uint8_t uuid[16], const char *label)
{
	uint64_t pages;

	if (page_size < 4096 || (page_size & (page_size - 1)))
		return -EINVAL;
	pages = size_bytes / page_size;
	if (pages < MIN_PAGES || pages - 1 > UINT32_MAX)
		return -EINVAL;
	memset(page, 0, page_size);
	put_u32(page + OFF_VERSION, 1);
	put_u32(page + OFF_LAST_PAGE, (uint32_t)(pages - 1));
	put_u32(page + OFF_BADPAGES, 0);
	memcpy(page + OFF_UUID, uuid, 16);
	if (label)
		strncpy((char *)page + OFF_LABEL, label, LABEL_LEN - 1);
	memcpy(page + page_size - MAGIC_LEN, SWAP_MAGIC, MAGIC_LEN);
	return 0;
}

bool oomt_swap_header_is_swap(const uint8_t *page, size_t page_size)
{
	if (page_size < 4096)
		return false;
	return memcmp(page + page_size - MAGIC_LEN, SWAP_MAGIC, MAGIC_LEN) == 0 ||
	       memcmp(page + page_size - MAGIC_LEN, SWAP_MAGIC_OLD, MAGIC_LEN) == 0;
}
