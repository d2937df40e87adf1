/* SPDX-License-Identifier: MIT */
/*
 * The transport prefix of one text log line (any kernel version): which transport wrote
 * the line, and what its prefix says. Each transport's recognisers live in their own file,
 * with the line-to-line state they need (line-prefix.h):
 *
 *   line-prefix-dmesg.c       util-linux dmesg (plain, -r, -x, -d, -T in any locale,
 *                             --time-format iso, -e) and the kernel console; dmesg -e's
 *                             running time
 *   line-prefix-dmesg-json.c  dmesg -J, and the members of its open object
 *   line-prefix-syslog.c      RFC 3164 (with or without a year), RFC 3339, RFC 5424,
 *                             journalctl short, short-precise, -full, -monotonic, -unix
 *   line-prefix-kmsg.c        /dev/kmsg records saved as text
 *   line-prefix-logcat.c      Android's logcat (threadtime, time, brief, tag, process,
 *                             thread, long's header; epoch and monotonic stamps)
 *   line-prefix-noise.c       quoting, line numbers, tmux markers, CR, relays (VMware)
 *   line-prefix-clock.c       wall time of a stamp: the zone, the year RFC 3164 lacks
 *
 * This file tries them: the "<PRI>" that several transports share, the file's format
 * first, then every other, then after a pasted line number, then a kernel stamp anywhere
 * near the start. It also takes journalctl -o json objects whole:
 *
 *   {"MESSAGE":...}                              journalctl -o json (fields: journal-json.c)
 */
#include <string.h>
#include "source/record.h"
#include "source/line-prefix-internal.h"

size_t oomt_line_prefix_parse_pri(const char *s, size_t len, struct oomt_line_prefix *p)
{
	int64_t n;
	size_t d;

	if (len < 3 || s[0] != '<')
		return 0;
	d = oomt_parse_digits(s + 1, len - 1, 3, &n);
	if (d == 0 || 1 + d >= len || s[1 + d] != '>' || n > 191)
		return 0;
	p->priority = (int)(n & 7);
	p->facility = (int)(n >> 3);
	return d + 2;
}

static bool parse_any(const char *base, const char *s, size_t len, enum oomt_text_format hint,
                      struct oomt_line_prefix *p, int depth);

/* "<PRI>": RFC 5424, or any other prefix after the PRI (syslog on the wire, dmesg -r,
 * /proc/kmsg), or the message right after it. */
static bool parse_with_pri(const char *base, const char *s, size_t len,
                           struct oomt_line_prefix *p, int depth)
{
	size_t n = oomt_line_prefix_parse_pri(s, len, p);

	if (n == 0)
		return false;
	if (oomt_syslog_parse_rfc5424(base, s + n, len - n, p))
		return true;
	if (depth == 0 && parse_any(base, s + n, len - n, OOMT_FMT_AUTO, p, depth + 1))
		return true;
	/* "<6>msg" from /proc/kmsg with printk.time=0 */
	p->fmt = OOMT_FMT_DMESG;
	set_msg(p, base, s, len, n);
	return true;
}

/* One format (and the transport it belongs to) tried on s; hinted = the file is known to
 * be in it. */
static bool parse_format(const char *base, const char *s, size_t len,
                         enum oomt_text_format fmt, bool hinted, struct oomt_line_prefix *p)
{
	switch (fmt) {
	case OOMT_FMT_DMESG:
	case OOMT_FMT_DMESG_RELTIME:
		return s[0] == '[' ? oomt_dmesg_parse_bracket(base, s, len, p)
		                   : oomt_dmesg_parse_x(base, s, len, p) ||
		                     (is_digit(s[0]) && oomt_dmesg_parse_uptime_unopened(base, s, len, p));
	case OOMT_FMT_DMESG_CTIME:
		return s[0] == '[' ? oomt_dmesg_parse_ctime(base, s, len, p)
		                   : oomt_dmesg_parse_ctime_unopened(base, s, len, p);
	case OOMT_FMT_DMESG_ISO:
	case OOMT_FMT_SYSLOG_ISO:
		/* one stamp, two transports: RFC 3339 syslog has "host ident:" after it */
		return is_digit(s[0]) && (oomt_syslog_parse_iso(base, s, len, p) ||
		                          oomt_dmesg_parse_iso(base, s, len, p));
	case OOMT_FMT_KMSG:
		return is_digit(s[0]) && oomt_kmsg_parse_record(base, s, len, p);
	case OOMT_FMT_SYSLOG: {
		struct oomt_line_prefix save = *p;

		if (oomt_syslog_parse_3164(base, s, len, p) ||
		    oomt_syslog_parse_short_full(base, s, len, p) ||
		    oomt_syslog_parse_logread(base, s, len, p) ||
		    (is_digit(s[0]) && oomt_syslog_parse_unix(base, s, len, p)))
			return true;
		*p = save;
		if (is_digit(s[0]) && oomt_syslog_parse_time_only(base, s, len, p))
			return true;
		*p = save;      /* the tries above may have written part of it */
		return oomt_syslog_parse_bare(base, s, len, p);
	}
	case OOMT_FMT_DMESG_JSON:
		return oomt_dmesg_json_parse(base, s, len, hinted, p);
	case OOMT_FMT_LOGCAT:
		return oomt_logcat_parse(base, s, len, p);
	case OOMT_FMT_JOURNAL_JSON: {
		/* journalctl -o json: the object's fields are extracted by journal-json.c. It
		 * starts '{"'; a wiki's "{noformat}" or "{code}" around a paste is no JSON (in
		 * a JSON file a damaged object still counts as one, skipped) */
		size_t j = skip_blanks(s, len, 1);

		if (s[0] != '{' || (!hinted && (j >= len || s[j] != '"')))
			return false;
		p->fmt = OOMT_FMT_JOURNAL_JSON;
		p->json = true;
		set_msg(p, base, s, len, 0);
		return true;
	}
	default:
		return false;
	}
}

static void prefix_reset(struct oomt_line_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->fmt = OOMT_FMT_PLAIN;
	p->uptime_usec = OOMT_UNKNOWN;
	p->realtime_usec = OOMT_UNKNOWN;
	p->ident_pid = OOMT_UNKNOWN;
	p->priority = -1;
	p->facility = -1;
}

/* The hinted format first, then every other in a fixed order (logcat's before the ISO
 * stamps: "2024-12-06 00:41:09.118 ..." of `logcat -v year` would pass for dmesg's, and
 * its level letter and tag make it no other format's). A digit-led month like
 * "12月 17 10:04:42" is taken for RFC 3164 only when it names a month; other digit-led lines
 * go to the ISO and epoch parsers. */
static bool parse_any(const char *base, const char *s, size_t len, enum oomt_text_format hint,
                      struct oomt_line_prefix *p, int depth)
{
	static const enum oomt_text_format order[] = {
		OOMT_FMT_KMSG, OOMT_FMT_DMESG, OOMT_FMT_LOGCAT, OOMT_FMT_SYSLOG, OOMT_FMT_SYSLOG_ISO,
		OOMT_FMT_DMESG_CTIME, OOMT_FMT_DMESG_JSON, OOMT_FMT_JOURNAL_JSON,
	};
	struct oomt_line_prefix save = *p;

	if (len == 0)
		return false;
	if (s[0] == '<' && parse_with_pri(base, s, len, p, depth))
		return true;
	if (hint != OOMT_FMT_AUTO && hint != OOMT_FMT_PLAIN &&
	    parse_format(base, s, len, hint, true, p))
		return true;
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		*p = save;
		if (order[k] != hint && parse_format(base, s, len, order[k], false, p))
			return true;
	}
	*p = save;
	return false;
}

static bool path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '/' || c == '.' || c == '_' || c == '-' || c == '+' || c == '~' || c == '@';
}

/* grep over several files puts "FILE:" before each line ("FILE-" on context lines, and
 * "FILE:NN:" / "FILE-NN-" with -n): the candidate gutter ends at sep, the log line after
 * it must parse as one. The file name of a rotated log tells the year of its stamps. */
static bool parse_after_grep_file(const char *line, const char *s, size_t len,
                                  enum oomt_text_format hint, struct oomt_line_prefix *p)
{
	size_t lim = len < 256 ? len : 256, tries = 0;
	bool letter = false;

	for (size_t i = 1; i < lim && tries < 8; i++) {
		size_t at;
		int64_t num;
		size_t d;

		if (!path_char(s[i - 1]))
			return false;
		letter |= (s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z';
		if ((s[i] != ':' && s[i] != '-') || !letter)
			continue;
		tries++;
		at = i + 1;
		/* -n: "NN:" or "NN-" */
		d = oomt_parse_digits(s + at, len - at, 9, &num);
		if (d > 0 && at + d < len && s[at + d] == s[i])
			at += d + 1;
		if (at >= len || s[at] == ' ')
			continue;
		prefix_reset(p);
		if (parse_any(line, s + at, len - at, hint, p, 0) && p->fmt != OOMT_FMT_PLAIN &&
		    !p->djson && !p->json) {
			int y, m, dd;

			p->gutter = (size_t)(s + at - line);
			if (oomt_line_clock_name_date(s, i, &y, &m, &dd))
				p->ref_year = y, p->ref_mon = m, p->ref_mday = dd;
			return true;
		}
	}
	return false;
}

/* A relay's prefix (oomt_noise_skip_relay) before a line that a transport fits with a
 * stamp of its own: that line, the relay's prefix its gutter. */
static bool parse_after_relay(const char *line, size_t b, size_t len,
                              enum oomt_text_format hint, struct oomt_line_prefix *p)
{
	size_t n = oomt_noise_skip_relay(line + b, len - b);

	if (n == 0 || !parse_any(line, line + b + n, len - b - n, hint, p, 0) ||
	    p->fmt == OOMT_FMT_PLAIN || p->djson || p->json || p->bare ||
	    !(p->has_civil || p->has_delta || p->uptime_usec != OOMT_UNKNOWN ||
	      p->realtime_usec != OOMT_UNKNOWN))
		return false;
	p->gutter = b + n;
	return true;
}

/* A forum's BBCode right after the stamp ("[135404.406178][COLOR="Red"] hostname invoked
 * oom-killer"): not the message's. The tags at the line's ends went with the noise. */
static void skip_msg_markup(const char *line, struct oomt_line_prefix *p)
{
	size_t k;

	while (p->msg_len > 2 && line[p->msg_off] == '[' &&
	       (k = oomt_noise_bbcode_tag(line + p->msg_off, p->msg_len)) > 0) {
		k = skip_blanks(line + p->msg_off, p->msg_len, k);
		p->msg_off += k;
		p->msg_len -= k;
	}
}

/* The previous line's head counts only where that line's own format was tried first and
 * took it (a syslog file's hint): then no other transport's parser looked past the head.
 * The line keeps more than the head after the noise at its end is cut (as
 * oomt_noise_strip cuts it), so the blank that ends the head is the same. */
void oomt_parse_line_prefix_cached(struct oomt_line_prefix_cache *c, const char *line,
                                   size_t len, enum oomt_text_format hint,
                                   struct oomt_line_prefix *p)
{
	size_t head = c->p.head_len;

	if (c->valid && c->hint == hint && len > head && memcmp(line, c->head, head) == 0) {
		size_t n = len;
		bool indented;

		oomt_noise_strip(line, &n, &indented);
		if (n > head) {
			*p = c->p;
			p->uptime_usec = OOMT_UNKNOWN;
			p->caller_off = p->caller_len = 0;
			p->msg_off = head;
			p->msg_len = n - head;
			if (p->head_kernel)
				oomt_syslog_kernel_stamp(line, p);
			skip_msg_markup(line, p);
			return;
		}
	}
	oomt_parse_line_prefix(line, len, hint, p);
	c->valid = (hint == OOMT_FMT_SYSLOG || hint == OOMT_FMT_SYSLOG_ISO) && p->fmt == hint &&
	           p->head_len > 0 && p->head_len <= sizeof(c->head) && line[0] != '<' &&
	           !p->gutter && !p->numbered && !p->ref_year;
	if (c->valid) {
		memcpy(c->head, line, p->head_len);
		c->p = *p;
		c->hint = hint;
	}
}

static void parse_line_prefix(const char *line, size_t len, enum oomt_text_format hint,
                              struct oomt_line_prefix *p);

void oomt_parse_line_prefix(const char *line, size_t len, enum oomt_text_format hint,
                            struct oomt_line_prefix *p)
{
	parse_line_prefix(line, len, hint, p);
	if (p->fmt != OOMT_FMT_PLAIN && !p->djson && !p->json)
		skip_msg_markup(line, p);
}

static void parse_line_prefix(const char *line, size_t len, enum oomt_text_format hint,
                              struct oomt_line_prefix *p)
{
	size_t b, n;
	bool indented;

	prefix_reset(p);
	if (hint == OOMT_FMT_KMSG && oomt_kmsg_is_dict_line(line, len)) {
		p->kmsg_dict = true;
		return;
	}
	b = oomt_noise_strip(line, &len, &indented);
	if (b == len) {
		p->msg_off = b;
		return;
	}
	if (parse_any(line, line + b, len - b, hint, p, 0))
		return;
	prefix_reset(p);
	n = oomt_noise_skip_line_number(line + b, len - b);
	if (n > 0 && parse_any(line, line + b + n, len - b - n, hint, p, 0)) {
		p->gutter = b + n;
		p->numbered = true;
		return;
	}
	prefix_reset(p);
	if (!indented && parse_after_grep_file(line, line + b, len - b, hint, p))
		return;
	prefix_reset(p);
	if (!indented && parse_after_relay(line, b, len, hint, p))
		return;
	prefix_reset(p);
	if (!indented && is_digit(line[b]) && oomt_syslog_parse_csv(line, line + b, len - b, p))
		return;
	prefix_reset(p);
	if (indented) {
		p->continuation = true;
		p->msg_off = b;
		p->msg_len = len - b;
		return;
	}
	if (oomt_noise_find_kernel_stamp(line, line + b, len - b, p))
		return;
	prefix_reset(p);
	p->msg_off = b;
	p->msg_len = len - b;
}
