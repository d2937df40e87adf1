/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SWAP_HEADER_H
#define OOMTOOL_SWAP_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Internal: the swap area header (format: header.c). */

/* Build the first page of a swap area of SIZE_BYTES (the format mkswap(8) writes, version
 * 1): zeroed boot block, version, last page, no bad pages, UUID, label, "SWAPSPACE2" at
 * page_size - 10. -EINVAL for a size under 10 pages or over 2^32 pages. */
int oomt_swap_header_build(uint8_t *page, size_t page_size, uint64_t size_bytes,
                           const uint8_t uuid[16], const char *label);
/* Whether PAGE (page_size bytes from offset 0) carries a swap signature. */
bool oomt_swap_header_is_swap(const uint8_t *page, size_t page_size);

#endif
