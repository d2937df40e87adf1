/* SPDX-License-Identifier: MIT */
/*
 * The line-prefix parser on any bytes, file by file as it is split: each transport's
 * recognisers on their own (line-prefix-{dmesg,dmesg-json,syslog,kmsg,logcat,noise}.c), the
 * dispatcher (line-prefix.c) under every format hint, and the line-to-line state the text
 * source keeps (line-prefix-clock.c, dmesg -e, dmesg -J) fed with each result. Offsets stay
 * inside the line; a dmesg -J message unescapes within its bytes. The whole input is one
 * line, as the seeds in corpus/line-prefix are. And the per-file prefix cache
 * (oomt_parse_line_prefix_cached): after the input, a line made of its head and any other
 * bytes (the input's own, shifted) gets the prefix a fresh parse gives.
 */
#include <stdlib.h>
#include <string.h>
#include "source/record.h"
#include "source/line-prefix.h"
#include "source/line-prefix-internal.h"
#include "source/source-internal.h"

typedef bool (*recogniser_fn)(const char *base, const char *s, size_t len,
                              struct oomt_line_prefix *p);

static bool dmesg_json_hinted(const char *base, const char *s, size_t len,
                              struct oomt_line_prefix *p)
{
	return oomt_dmesg_json_parse(base, s, len, true, p);
}

static bool dmesg_json_alone(const char *base, const char *s, size_t len,
                             struct oomt_line_prefix *p)
{
	return oomt_dmesg_json_parse(base, s, len, false, p);
}

static const recogniser_fn recognisers[] = {
	oomt_dmesg_parse_bracket, oomt_dmesg_parse_ctime, oomt_dmesg_parse_x, oomt_dmesg_parse_iso,
	oomt_dmesg_parse_uptime_unopened,
	dmesg_json_hinted, dmesg_json_alone,
	oomt_syslog_parse_3164, oomt_syslog_parse_rfc5424, oomt_syslog_parse_unix,
	oomt_syslog_parse_short_full, oomt_syslog_parse_iso, oomt_syslog_parse_csv,
	oomt_kmsg_parse_record, oomt_logcat_parse,
	oomt_noise_find_kernel_stamp,
};

static void reset(struct oomt_line_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->fmt = OOMT_FMT_PLAIN;
	p->uptime_usec = p->realtime_usec = p->ident_pid = OOMT_UNKNOWN;
	p->priority = p->facility = -1;
}

static void check_spans(const struct oomt_line_prefix *p, size_t size)
{
	if (p->msg_off + p->msg_len > size || p->host_off + p->host_len > size ||
	    p->ident_off + p->ident_len > size || p->caller_off + p->caller_len > size)
		__builtin_trap();
}

/* dmesg -J message: unescaped in place, in an exact-size copy */
static void check_json_msg(const char *line, const struct oomt_line_prefix *p)
{
	char *m;

	if (!p->djson_msg)
		return;
	m = malloc(p->msg_len + 1);
	if (!m)
		return;
	memcpy(m, line + p->msg_off, p->msg_len);
	if (oomt_json_unescape(m, p->msg_len) > p->msg_len)
		__builtin_trap();
	free(m);
}

static void transports(const char *line, size_t size)
{
	struct oomt_line_prefix p;
	size_t n = size, start;
	bool indented;

	/* recognisers are called on a line of at least one byte */
	for (size_t k = 0; size > 0 && k < sizeof(recognisers) / sizeof(recognisers[0]); k++) {
		reset(&p);
		if (recognisers[k](line, line, size, &p))
			check_spans(&p, size);
	}
	start = oomt_noise_strip(line, &n, &indented);
	if (start > n || n > size || oomt_noise_skip_line_number(line, size) > size ||
	    oomt_noise_skip_relay(line, size) > size)
		__builtin_trap();
	oomt_kmsg_is_dict_line(line, size);
	reset(&p);
	if (oomt_line_prefix_parse_pri(line, size, &p) > size)
		__builtin_trap();
}

static void same_prefix(const struct oomt_line_prefix *a, const struct oomt_line_prefix *b)
{
	if (memcmp(a, b, sizeof(*a)) != 0)
		__builtin_trap();
}

static void check_cache(const char *line, size_t size)
{
	for (int h = 0; h < 2; h++) {
		enum oomt_text_format hint = h ? OOMT_FMT_SYSLOG_ISO : OOMT_FMT_SYSLOG;
		struct oomt_line_prefix_cache c;
		struct oomt_line_prefix got, want;
		size_t head;

		memset(&c, 0, sizeof(c));
		oomt_parse_line_prefix_cached(&c, line, size, hint, &got);
		oomt_parse_line_prefix(line, size, hint, &want);
		same_prefix(&got, &want);
		if (!c.valid)
			continue;
		head = c.p.head_len;
		/* the head, then the input's bytes from `from` on: every tail after the head */
		for (size_t from = 0; from < size; from += 1 + from / 3) {
			size_t n = head + (size - from);
			char *l2 = malloc(n ? n : 1);

			if (!l2)
				return;
			memcpy(l2, line, head);
			memcpy(l2 + head, line + from, size - from);
			oomt_parse_line_prefix_cached(&c, l2, n, hint, &got);
			oomt_parse_line_prefix(l2, n, hint, &want);
			same_prefix(&got, &want);
			free(l2);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy so that ASan catches any read past the end */
	char *line = malloc(size ? size : 1);
	struct oomt_line_clock clock;
	struct oomt_dmesg_reltime reltime;
	struct oomt_dmesg_json_object object = { 0 };

	if (!line)
		return 0;
	memcpy(line, data, size);
	transports(line, size);
	check_cache(line, size);
	oomt_line_clock_init(&clock, 2026, -1);
	oomt_dmesg_reltime_init(&reltime);
	for (int fmt = OOMT_FMT_AUTO; fmt <= OOMT_FMT_DMESG_JSON; fmt++) {
		struct oomt_line_prefix p;

		oomt_parse_line_prefix(line, size, (enum oomt_text_format)fmt, &p);
		check_spans(&p, size);
		check_json_msg(line, &p);
		oomt_line_clock_realtime(&clock, &p);
		if (p.fmt == OOMT_FMT_DMESG_RELTIME)
			oomt_dmesg_reltime_next(&reltime, &clock, &p, false);
		if (p.djson) {
			oomt_dmesg_json_collect(&object, line, &p);
			if (object.fields.caller_len > sizeof(object.caller))
				__builtin_trap();
		}
	}
	free(line);
	return 0;
}
