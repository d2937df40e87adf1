/* SPDX-License-Identifier: MIT */
/*
 * Between the files of the line-prefix parser: the recognisers of each transport, which
 * the dispatcher (line-prefix.c) tries in turn, and the token helpers they share.
 *
 * Every recogniser has the same contract: `base` is the start of the whole line (offsets
 * in struct oomt_line_prefix are relative to it), s[0..len) the part still to read (at
 * least one byte), *p reset or holding the PRI read before. On a match it sets the format,
 * the fields its prefix carries and the message span, and returns true; on false the
 * caller throws *p away (it may be partly written).
 */
#ifndef OOMT_SOURCE_LINE_PREFIX_INTERNAL_H
#define OOMT_SOURCE_LINE_PREFIX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "source/line-prefix.h"

struct prefix_span {
	const char *s;
	size_t len;
};

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline size_t skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && is_blank(s[i]))
		i++;
	return i;
}

static inline size_t token_end(const char *s, size_t len, size_t i)
{
	while (i < len && !is_blank(s[i]))
		i++;
	return i;
}

/* The message starts at s[at] (clamped to the end) and runs to the end of s. */
static inline void set_msg(struct oomt_line_prefix *p, const char *base, const char *s,
                           size_t len, size_t at)
{
	if (at > len)
		at = len;
	p->msg_off = (size_t)(s - base) + at;
	p->msg_len = at < len ? len - at : 0;
}

static inline void set_span(size_t *off, size_t *l, const char *base, struct prefix_span sp)
{
	*off = (size_t)(sp.s - base);
	*l = sp.len;
}

/* line-prefix.c: "<4>" (syslog PRI, or the kernel's level in dmesg -r and /proc/kmsg):
 * bytes consumed, 0 if none; priority and facility set. */
size_t oomt_line_prefix_parse_pri(const char *s, size_t len, struct oomt_line_prefix *p);

/* line-prefix-dmesg.c: util-linux dmesg and the kernel console. */
bool oomt_dmesg_parse_bracket(const char *base, const char *s, size_t len,
                              struct oomt_line_prefix *p);
bool oomt_dmesg_parse_ctime(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p);
/* A ctime stamp whose '[' was lost: "Thu Apr 17 22:43:41 2025] msg". */
bool oomt_dmesg_parse_ctime_unopened(const char *base, const char *s, size_t len,
                                     struct oomt_line_prefix *p);
/* An uptime stamp whose '[' was lost: "1257.892709] msg". */
bool oomt_dmesg_parse_uptime_unopened(const char *base, const char *s, size_t len,
                                      struct oomt_line_prefix *p);
bool oomt_dmesg_parse_x(const char *base, const char *s, size_t len, struct oomt_line_prefix *p);
/* An ISO 8601 stamp that is not RFC 3339 syslog's (tried first): dmesg --time-format iso,
 * or a relay's stamp before the kernel's own. */
bool oomt_dmesg_parse_iso(const char *base, const char *s, size_t len,
                          struct oomt_line_prefix *p);
/* "[T1234]", "[  C3]", "[ T2239]": bytes consumed, caller text in *ret. */
size_t oomt_dmesg_parse_caller(const char *s, size_t len, struct prefix_span *ret);
/* After "[stamp]" (or any stamp ending at s[i]): optional caller id, then one blank; the
 * message is the rest. */
void oomt_dmesg_parse_tail(const char *base, const char *s, size_t len, size_t i,
                           struct oomt_line_prefix *p);
/* dmesg -x names (also in dmesg -J -x): index, or -1 when s[0..len) is none. */
int oomt_dmesg_facility_index(const char *s, size_t len);
int oomt_dmesg_level_index(const char *s, size_t len);

/* line-prefix-dmesg-json.c: one line of dmesg -J. */
bool oomt_dmesg_json_parse(const char *base, const char *s, size_t len, bool hinted,
                           struct oomt_line_prefix *p);

/* line-prefix-syslog.c: syslog daemons (RFC 3164, 3339, 5424) and journalctl short*. */
bool oomt_syslog_parse_3164(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p);
bool oomt_syslog_parse_rfc5424(const char *base, const char *s, size_t len,
                               struct oomt_line_prefix *p);
bool oomt_syslog_parse_unix(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p);
/* A log service's CSV export: "2022-03-04T10:11:54.107177Z,HOST,4,1,kernel:, msg". */
bool oomt_syslog_parse_csv(const char *base, const char *s, size_t len,
                           struct oomt_line_prefix *p);
/* OpenWrt's logread: "Sat Jan 25 09:40:15 2020 kern.err kernel: [22043.040139] msg". */
bool oomt_syslog_parse_logread(const char *base, const char *s, size_t len,
                               struct oomt_line_prefix *p);
bool oomt_syslog_parse_short_full(const char *base, const char *s, size_t len,
                                  struct oomt_line_prefix *p);
bool oomt_syslog_parse_iso(const char *base, const char *s, size_t len,
                           struct oomt_line_prefix *p);
/* journalctl short-monotonic: s starts with a dmesg-style uptime stamp of n bytes (already
 * in *p); true when "host ident:" follows (then *p is that line), false for dmesg text. */
bool oomt_syslog_parse_monotonic(const char *base, const char *s, size_t len, size_t n,
                                 struct oomt_line_prefix *p);
/* "host ident[pid]: msg", "ident[pid]: msg" (no host) or ": msg" (no host, no ident) at
 * s[i]. Returns false when neither an identifier nor ':' follows. */
bool oomt_syslog_parse_host_ident(const char *base, const char *s, size_t len, size_t i,
                                  struct oomt_line_prefix *p);
/* "kernel: " or "ident[pid]: " (a plain program name, a pid 1-4194304, not the kernel's
 * own "comm[pid]: segfault at ...") at s[0..len): the bytes it takes with the blank after
 * it, 0 when s does not start with one; *ident and *pid set. "ident: " without a pid is
 * not taken: kernel messages start so ("oom_reaper: reaped ...", "usb 1-1: ..."). */
size_t oomt_syslog_bare_ident(const char *s, size_t len, struct prefix_span *ident,
                              int64_t *pid);
/* After a kernel stamp without a host (dmesg, journalctl short-monotonic without it): such
 * a prefix at the start of p's message is the ident, unless p has one or the facility says
 * the line is the kernel's (0). */
void oomt_syslog_msg_ident(const char *base, struct oomt_line_prefix *p);
/* A line that is only "kernel: msg" or "ident[pid]: msg" (p->bare set). */
bool oomt_syslog_parse_time_only(const char *base, const char *s, size_t len,
                                 struct oomt_line_prefix *p);
bool oomt_syslog_parse_bare(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p);
/* The kernel's own stamp (and caller) at the start of p's message, after "kernel: ". */
void oomt_syslog_kernel_stamp(const char *base, struct oomt_line_prefix *p);

/* line-prefix-kmsg.c: /dev/kmsg records saved as text. */
bool oomt_kmsg_parse_record(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p);
bool oomt_kmsg_is_dict_line(const char *s, size_t len);

/* line-prefix-logcat.c: Android's logcat (threadtime, time, brief, tag, process, thread
 * forms, and long's header line). */
bool oomt_logcat_parse(const char *base, const char *s, size_t len, struct oomt_line_prefix *p);

/* line-prefix-noise.c: what pasting, terminals and relays add around a line. */
size_t oomt_noise_strip(const char *line, size_t *len, bool *indented);
size_t oomt_noise_skip_line_number(const char *s, size_t len);
size_t oomt_noise_skip_relay(const char *s, size_t len);
size_t oomt_noise_bbcode_tag(const char *s, size_t n);
bool oomt_noise_find_kernel_stamp(const char *base, const char *s, size_t len,
                                  struct oomt_line_prefix *p);

#endif
