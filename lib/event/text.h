/* SPDX-License-Identifier: MIT */
/* String helpers shared by the incident sub-parsers (find, prefix, integers, trimmed copies,
 * kB): every function takes a (pointer, length) span, records are not trusted to be
 * NUL-terminated where we look. Bounded, allocation-free, locale-free. */
#ifndef OOMT_EVENT_TEXT_H
#define OOMT_EVENT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* First occurrence of needle in s[0..n), or NULL. */
const char *oomt_text_find(const char *s, size_t n, const char *needle);
/* Last occurrence of needle in s[0..n), or NULL (comm names may hold the separator). */
const char *oomt_text_rfind(const char *s, size_t n, const char *needle);
/* True when s[0..n) starts with prefix. */
bool oomt_text_starts_with(const char *s, size_t n, const char *prefix);
/* Skip spaces and tabs. */
const char *oomt_text_skip_blanks(const char *p, const char *end);
/* Signed decimal at *p (after optional blanks); advances *p. False if no digit. Values
 * that overflow int64 saturate, so garbage can never wrap into a plausible number. */
bool oomt_text_parse_int(const char **p, const char *end, int64_t *out);
/* Decimal right after the first occurrence of key ("order=") in s[0..n). */
bool oomt_text_parse_key_int(const char *s, size_t n, const char *key, int64_t *out);
/* Copy s[0..n) into dst (NUL-terminated, cut to dstsz-1), trimming blanks at both ends. */
void oomt_text_copy_trimmed(char *dst, size_t dstsz, const char *s, size_t n);
/* kB -> bytes, keeping OOMT_UNKNOWN and refusing overflow. */
int64_t oomt_text_kb_to_bytes(int64_t kb);
/* Remove what transports could not: leading blanks and '>' quote marks, trailing blanks,
 * tmux/screen pane markers ("   [7/972]") and CR. Returns the cleaned span. */
void oomt_text_clean(const char **s, size_t *n);

#endif
