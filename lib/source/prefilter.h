/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_PREFILTER_H
#define OOMT_SOURCE_PREFILTER_H

#include <stdbool.h>
#include "source/source.h"

/*
 * The prefilter: a source may skip, without parsing it, any line that holds none of a set
 * of needles (a one-pass multi-needle search, needles.h, instead of per-line work). The
 * scan (lib/scan/pipeline.c) gives every source the incident parser's needles and turns
 * the filter off while the parser is busy (a report is being read), so that no line of a
 * report is lost. Internal: what can be skipped is the parser's business, not a client's.
 */

/* Needles for src (NULL-terminated, copied; empty needles are ignored); the filter stays
 * off until oomt_source_set_filter(). journalctl -o json writes a non-UTF-8 MESSAGE
 * as an array of byte numbers, which no needle can match: such lines always pass. */
int oomt_source_set_prefilter(struct oomt_source *src, const char *const *needles);

/* With the filter on, the source may skip any line that contains none of the needles. A
 * delivered line has the same metadata as without the filter (a continuation line gets its
 * record's metadata from the skipped first line). journalctl -o export streams are not
 * filtered. Without needles the filter stays off. */
void oomt_source_set_filter(struct oomt_source *src, bool on);

/* A source with needles marks each record that holds none (record.h: no_needle), whether
 * the filter is on or not; a parser that is not busy ignores those, so with the filter on
 * or off it finds the same incidents. That holds for any input of the journal and of
 * /dev/kmsg. A text file is read the same way as long as what the source carries from
 * line to line does not depend on the skipped lines: one prefix format, first seen within
 * the file's first lines, and year-less stamps whose month does not go back (the year
 * steps on the lines seen), and no needle that only shows once a line's escape sequences
 * or a shipper's JSON are taken off (the filter searches the bytes as read). False once
 * the lines read so far broke that (read with the filter off to know it for the whole
 * file); the tests compare only such files. */
bool oomt_source_filter_exact(const struct oomt_source *src);

#endif
