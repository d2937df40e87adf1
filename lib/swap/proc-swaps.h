/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SWAP_PROC_SWAPS_H
#define OOMTOOL_SWAP_PROC_SWAPS_H

#include <stddef.h>
#include <oomtool/swap.h>

/* Internal: the /proc/swaps parser (format: proc-swaps.c) and its reader. */

/* Parse one /proc/swaps line (without or with its newline). Returns 0, 1 for the header
 * line, or -EINVAL. */
int oomt_swaps_parse_line(const char *line, size_t len, struct oomt_swap_area *ret);
/* Parse a whole /proc/swaps text held in a buffer. */
void oomt_swaps_parse(const char *buf, size_t len, struct oomt_swap_areas *ret);
/* Read FILE (normally /proc/swaps) line by line through a bounded buffer. */
int oomt_swaps_read(const char *file, struct oomt_swap_areas *ret);
const struct oomt_swap_area *oomt_swaps_find(const struct oomt_swap_areas *a, const char *path);

#endif
