/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_NEEDLES_H
#define OOMT_SOURCE_NEEDLES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Multi-needle substring search for the prefilter: one pass over the buffer whatever the
 * number of needles (AVX-512 or AVX2 fingerprint scan, or Wu-Manber; see needles.c).
 */
struct oomt_needles;

/* needles: NULL-terminated; empty needles are ignored. */
int oomt_needles_new(const char *const *needles, struct oomt_needles **ret);
void oomt_needles_free(struct oomt_needles *n);
/* The same needles, for another thread (they are not copied: they must outlive both). */
int oomt_needles_clone(const struct oomt_needles *n, struct oomt_needles **ret);
/* The length of the longest needle. */
size_t oomt_needles_longest(const struct oomt_needles *n);
/* Leftmost occurrence of any needle in buf[0..len), or NULL. The search adapts to the text
 * it is run over (where the fingerprints sit), never its answers: n is not shared between
 * threads, unless oomt_needles_adapt_every(n, 0, 0) made it read-only. */
const char *oomt_needles_find(struct oomt_needles *n, const char *buf, size_t len);
/* The same without SIMD (what non-x86 machines run); for tests. */
const char *oomt_needles_find_portable(struct oomt_needles *n, const char *buf, size_t len);

/* For tests and the fuzzer: each implementation this CPU has must give the same answer. */
enum oomt_needles_impl {
	OOMT_NEEDLES_AUTO = 0,
	OOMT_NEEDLES_PORTABLE,
	OOMT_NEEDLES_AVX2,
	OOMT_NEEDLES_AVX512,
};
/* With impl (or the best one below it that the CPU and the needles allow). */
const char *oomt_needles_find_impl(struct oomt_needles *n, enum oomt_needles_impl impl,
                                   const char *buf, size_t len);
/* Look at the false candidates every `bytes` of text searched, and move a fingerprint that
 * was false false_max times (defaults 1 MiB, 64; tests make them small). bytes 0: never,
 * and then searches write nothing to n: it can be shared between threads. */
void oomt_needles_adapt_every(struct oomt_needles *n, size_t bytes, unsigned false_max);
/* What oomt_needles_find() runs. */
enum oomt_needles_impl oomt_needles_impl_of(const struct oomt_needles *n);

#endif
