/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_UTIL_TOKEN_H
#define OOMTOOL_UTIL_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Internal: the words of oomtool's small state files (the scan's positions, the metrics
 * state, the watcher's state): lines of words separated by one space. A word that holds a
 * string is escaped so that it never holds a space, a control character or a newline:
 * every byte below 0x21, 0x7f and '%' is written %XX (two upper-case hex digits); the empty
 * string is "-" (and a string that is "-" is "%2D"). Numbers are decimal, "-" when unknown.
 * The readers are strict: a word that does not parse makes the whole line invalid.
 */

/* Write s as one escaped word. */
void oomt_token_put(FILE *out, const char *s);
/* The same into buf (NUL-terminated, at most bufsz - 1 bytes): the length, or -ENOSPC when
 * it does not fit (for a writer that must not allocate). */
int oomt_token_format(char *buf, size_t bufsz, const char *s);

/* The next word of the line [*p, end): its bytes into buf (NUL-terminated, unescaped), *p
 * moved past it and the one space after. 0, or -EINVAL: no word, a malformed escape, an
 * escaped NUL, or longer than bufsz - 1. */
int oomt_token_get(const char **p, const char *end, char *buf, size_t bufsz);
/* The next word as a number: "-" gives unknown_value; else decimal digits (a '-' sign when
 * allow_negative) that fit int64_t. -EINVAL otherwise. */
int oomt_token_get_int(const char **p, const char *end, bool allow_negative,
                       int64_t unknown_value, int64_t *ret);
/* An unsigned decimal (no "-"), or 16 hex digits when hex. */
int oomt_token_get_u64(const char **p, const char *end, bool hex, uint64_t *ret);
/* Whether the line is used up ([*p, end) empty). */
bool oomt_token_end(const char *p, const char *end);

/* FNV-1a, 64 bits, over len bytes, continuing from h (start with OOMT_FNV64_INIT). */
#define OOMT_FNV64_INIT 14695981039346656037ULL
uint64_t oomt_fnv64(uint64_t h, const void *data, size_t len);

#endif
