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
/* A size at *p (after optional blanks), plain ("26184840") or with commas between its
 * digits, which are dropped: thousands separators the way a person or a locale wrote them
 * ("26,184,840"), or put where a paste moved them ("153,700,88" is 15370088); the digits
 * before the first comma are never the value. Advances *p. False for a sign ("-5",
 * "+1,234") and when no digit is at *p. */
bool oomt_text_parse_size(const char **p, const char *end, int64_t *out);
/* oomt_text_parse_size() right after the first occurrence of key, in kB, as bytes. */
bool oomt_text_parse_key_kb(const char *s, size_t n, const char *key, int64_t *bytes);
/* Copy s[0..n) into dst (NUL-terminated, cut to dstsz-1), trimming blanks at both ends. */
void oomt_text_copy_trimmed(char *dst, size_t dstsz, const char *s, size_t n);
/* kB -> bytes, keeping OOMT_UNKNOWN and refusing overflow. */
int64_t oomt_text_kb_to_bytes(int64_t kb);
/* Blanks at both ends of a message: the kernel indents call-trace frames and some
 * Mem-Info lines, and anchors are matched on the words. Transport noise (quoting, CR, tmux
 * markers) is not the parser's: the sources deliver records without it. */
void oomt_text_trim(const char **s, size_t *n);

/* Where a node list ("0", "0-3", "0,2-3", "(null)") that starts at p ends: a comma
 * belongs to the list when a digit follows it. */
const char *oomt_text_nodelist_end(const char *p, const char *end);
/* The node list at p into dst; a list a pager cut ("0...", "0-…", "0-3>") is unknown and
 * leaves dst as it was: its "0" may have been "0-7". */
void oomt_text_nodelist_offer(char *dst, size_t dstsz, const char *p, const char *end);

/* Cgroup paths that one line of a report cuts (a pager's '>' or an ellipsis at the screen
 * edge) and another has whole (docs/kernel-oom-report.md §9.11): offering s[0..n) to dst
 * keeps the whole one. A whole path the cut one began replaces it; a cut copy of the path
 * dst has is ignored; otherwise s replaces dst, unless only_if_better (then only an empty
 * dst is filled). */
void oomt_text_path_offer(char *dst, size_t dstsz, const char *s, size_t n, bool only_if_better);
/* a[0..an) and b[0..bn) differ only by blanks, and one of them has some (a pager's or a
 * terminal's wrap pasted inside a token, padded with blanks: "45aface       a550ffb6"). An
 * offered path that is the same as dst but for blanks keeps the copy without them. */
bool oomt_text_same_but_blanks(const char *a, size_t an, const char *b, size_t bn);
bool oomt_text_path_is_cut(const char *p);
/* Whether path p is cut, as oomt_text_path_offer() tells; a mark at its end is taken off
 * (what is left is the start of the path). */
bool oomt_text_path_uncut(char *p);

#endif
