/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_SCOUT_H
#define OOMT_SOURCE_SCOUT_H

#include <stdbool.h>
#include <stdint.h>
#include "source/needles.h"

/*
 * The prefilter's search of a large file shared with a second thread, the scout: it
 * takes parts of the file ahead of the reader and finds their lines that hold a needle;
 * the reader searches the rest itself. See scout.c.
 */
struct oomt_scout;

/* Scout fd (not taken: pread only; open until oomt_scout_free) between `from` (the
 * reader's offset, a line start) and `end` (the file's size) for the needles of n
 * (cloned: n stays the caller's), in parts of part_min bytes or more. With wait, only
 * once the scout has taken its first part or found none to take (tests: a reader does
 * not run through a small file before the thread has begun). */
int oomt_scout_start(int fd, uint64_t from, uint64_t end, uint64_t part_min, bool wait,
                     const struct oomt_needles *n, struct oomt_scout **ret);
/* The reader is about to search on from offset at (a line start): where the next part
 * of the scout's begins (at itself when at is in one), or UINT64_MAX. The reader searches
 * the lines before it; those in it come from oomt_scout_next(). */
uint64_t oomt_scout_ahead(struct oomt_scout *s, uint64_t at);
/* With at in one of the scout's parts: the start of its first line at or after at that
 * holds a needle, in *ret_off (0), waiting for the scout to get there; or 1 with *ret_off
 * the part's end when no such line is left in it. */
int oomt_scout_next(struct oomt_scout *s, uint64_t at, uint64_t *ret_off);
/* Bytes of the parts the scout has searched (tests: that it did). */
uint64_t oomt_scout_searched(struct oomt_scout *s);
/* Stop the thread if it runs, and free s (NULL is fine). */
void oomt_scout_free(struct oomt_scout *s);

#endif
