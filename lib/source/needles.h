/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_NEEDLES_H
#define OOMT_SOURCE_NEEDLES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Multi-needle substring search for the prefilter: one pass over the buffer whatever the
 * number of needles (AVX2 fingerprint scan, or Wu-Manber; see needles.c).
 */
struct oomt_needles;

/* needles: NULL-terminated; empty needles are ignored. */
int oomt_needles_new(const char *const *needles, struct oomt_needles **ret);
void oomt_needles_free(struct oomt_needles *n);
/* Leftmost occurrence of any needle in buf[0..len), or NULL. */
const char *oomt_needles_find(const struct oomt_needles *n, const char *buf, size_t len);
/* The same without SIMD (what non-x86 machines run); for tests. */
const char *oomt_needles_find_portable(const struct oomt_needles *n, const char *buf, size_t len);

#endif
