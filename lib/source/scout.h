/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_SCOUT_H
#define OOMT_SOURCE_SCOUT_H

#include <stdbool.h>
#include <stdint.h>
#include "source/needles.h"

/*
 * The prefilter's search of a large file shared with a second thread, the scout: the file
 * is searched in segments, in file order, by whichever thread is free; the reader parses
 * what they found. See scout.c.
 */
struct oomt_scout;

/* Scout fd (not taken: pread only; open until oomt_scout_free) between `from` (the
 * reader's offset, a line start) and `end` (the file's size) for the needles of n (the
 * scout searches with a clone; the reader's own searches, on its thread, with n), in
 * segments of part_min bytes (within 256 B and 1 MiB). With wait, only once the scout
 * has taken its first segment or found none to take (tests: a reader does not run
 * through a small file before the thread has begun). */
int oomt_scout_start(int fd, uint64_t from, uint64_t end, uint64_t part_min, bool wait,
                     struct oomt_needles *n, struct oomt_scout **ret);
/* The reader is about to search on from offset at (a line start): whether the lines from
 * there come from oomt_scout_next(); if not, the reader searches on itself (the scout
 * stopped before at, or at is the file's end). */
bool oomt_scout_covers(struct oomt_scout *s, uint64_t at);
/* The start of the first line at or after at (a line start) that holds a needle, in
 * *ret_off (0), searching or waiting for the search of its segment; or 1 with *ret_off
 * where the segment's lines end, none of those left holding one. */
int oomt_scout_next(struct oomt_scout *s, uint64_t at, uint64_t *ret_off);
/* Bytes the scout thread has searched (tests: that it did). */
uint64_t oomt_scout_searched(struct oomt_scout *s);
/* Stop the thread if it runs, and free s (NULL is fine). */
void oomt_scout_free(struct oomt_scout *s);

#endif
