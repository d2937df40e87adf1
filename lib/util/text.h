/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_UTIL_TEXT_H
#define OOMTOOL_UTIL_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Sentences into the fixed text fields of the structs the library hands out (a plan's
 * reason, a step's description): cut to the field, always NUL-terminated. snprintf would
 * do the same; these say that the cut is meant (GCC's -Wformat-truncation warns on every
 * path or name that could fill a field).
 */
void oomt_text_set(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void oomt_text_vset(char *buf, size_t size, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
/* After the text already in buf (nothing when it is full). */
void oomt_text_append(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Whether s[0..n) is only what an author put in place of a value: dots or "…", with no
 * other byte than those of `also` (" \t" around gfp flags, "xX" in a host name "xxx.xxx"). */
bool oomt_text_is_elision(const char *s, size_t n, const char *also);

/* The length of the valid UTF-8 sequence at s[0..left) (1-4; overlong forms, surrogates and
 * code points past U+10FFFF are none), or 0. */
size_t oomt_text_utf8_len(const char *s, size_t left);
/* s[0..n) is text a person could have pasted: UTF-8 with no control byte but a tab or a
 * terminal's escape (a coloured prompt). */
bool oomt_text_is_printable(const char *s, size_t n);

#endif
