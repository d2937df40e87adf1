/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_TIMEPARSE_H
#define OOMTOOL_TIMEPARSE_H

#include <stdint.h>

/*
 * The one time parser for user input (--since/--until): absolute ("2024-09-08 12:00",
 * "2024-09-08T12:00:00Z", "2024-09-08", "12:00"), relative ("-2h", "-30min", "+1d",
 * "2 hours ago"), keywords ("now", "today", "yesterday", "tomorrow") and "@EPOCH".
 * `now_usec` makes it testable. Returns 0 and *ret_usec, or -EINVAL.
 */
int oomt_parse_timestamp(const char *text, int64_t now_usec, int64_t *ret_usec);

/* A span of time (--for, --interval): "40s", "10m", "1h30min", "500ms", "2 hours"; a bare
 * number is seconds, a fraction included ("0.5"). Returns 0 and *ret_usec, or -EINVAL (also
 * for an overflow). */
int oomt_parse_duration(const char *text, int64_t *ret_usec);

#endif
