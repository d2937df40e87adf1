/* SPDX-License-Identifier: MIT */
/* Streaming JSON writer: see format.h for why it is not a library.
 *
 * It writes with stdio's unlocked calls: a task table makes -J output millions of short
 * pieces, and taking the stream's lock for each was a quarter of scan-logs -J's time. A
 * writer owns its stream while it writes (its contract in format.h). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/format.h>
#include "source/record.h"

struct oomt_json {
	FILE *out;
	int depth;
	bool need_comma[32];
	bool pretty;
	bool in_key;
};

#define MAX_DEPTH ((int)(sizeof(((struct oomt_json *)0)->need_comma)))

int oomt_json_new(FILE *out, bool pretty, struct oomt_json **ret)
{
	struct oomt_json *j = calloc(1, sizeof(*j));

	if (!j)
		return -ENOMEM;
	j->out = out;
	j->pretty = pretty;
	*ret = j;
	return 0;
}

void oomt_json_free(struct oomt_json *j)
{
	free(j);
}

static void indent(struct oomt_json *j)
{
	static const char spaces[] = "                                                                ";
	size_t n;

	if (!j->pretty)
		return;
	putc_unlocked('\n', j->out);
	n = (size_t)j->depth * 2;
	fwrite_unlocked(spaces, 1, n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1, j->out);
}

/* Strings are written as bytes; control bytes and invalid UTF-8 are escaped so that the
 * output is always valid JSON (comm names can hold any byte). */
static void write_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putc_unlocked('"', out);
	while (*p) {
		unsigned char c = *p;
		int len = 0;
		size_t run = 0;

		/* Plain ASCII goes out in runs: most strings are entirely plain. */
		while (p[run] >= 0x20 && p[run] < 0x7f && p[run] != '"' && p[run] != '\\')
			run++;
		if (run) {
			fwrite_unlocked(p, 1, run, out);
			p += run;
			continue;
		}

		if (c == '"' || c == '\\') {
			putc_unlocked('\\', out);
			putc_unlocked(c, out);
			p++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\n': fputs_unlocked("\\n", out); break;
			case '\t': fputs_unlocked("\\t", out); break;
			case '\r': fputs_unlocked("\\r", out); break;
			default: fprintf(out, "\\u%04x", c); break;
			}
			p++;
			continue;
		}
		if (c < 0x80) {
			putc_unlocked(c, out);
			p++;
			continue;
		}
		if ((c & 0xe0) == 0xc0 && c >= 0xc2)
			len = 2;
		else if ((c & 0xf0) == 0xe0)
			len = 3;
		else if ((c & 0xf8) == 0xf0 && c <= 0xf4)
			len = 4;
		for (int i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				len = 0;
		if (len == 0) {
			/* not UTF-8: show the byte as U+FFFD would lose it; keep it visible */
			fprintf(out, "\\\\x%02x", c);
			p++;
			continue;
		}
		fwrite_unlocked(p, 1, (size_t)len, out);
		p += len;
	}
	putc_unlocked('"', out);
}

static void key(struct oomt_json *j, const char *k)
{
	if (j->depth > 0 && j->depth <= MAX_DEPTH) {
		if (j->need_comma[j->depth - 1])
			putc_unlocked(',', j->out);
		j->need_comma[j->depth - 1] = true;
	}
	if (j->depth > 0)
		indent(j);
	if (k) {
		write_string(j->out, k);
		fputs_unlocked(j->pretty ? ": " : ":", j->out);
	}
}

static void open_(struct oomt_json *j, const char *k, char c)
{
	key(j, k);
	putc_unlocked(c, j->out);
	if (j->depth < MAX_DEPTH)
		j->need_comma[j->depth] = false;
	j->depth++;
}

static void close_(struct oomt_json *j, char c)
{
	bool had_items = j->depth > 0 && j->depth <= MAX_DEPTH && j->need_comma[j->depth - 1];

	j->depth--;
	if (had_items)
		indent(j);
	putc_unlocked(c, j->out);
}

void oomt_json_begin_object(struct oomt_json *j, const char *k) { open_(j, k, '{'); }
void oomt_json_end_object(struct oomt_json *j) { close_(j, '}'); }
void oomt_json_begin_array(struct oomt_json *j, const char *k) { open_(j, k, '['); }
void oomt_json_end_array(struct oomt_json *j) { close_(j, ']'); }

void oomt_json_string(struct oomt_json *j, const char *k, const char *val)
{
	key(j, k);
	if (val)
		write_string(j->out, val);
	else
		fputs_unlocked("null", j->out);
}

void oomt_json_string_or_null(struct oomt_json *j, const char *k, const char *val)
{
	oomt_json_string(j, k, val && *val ? val : NULL);
}

/* Decimal digits by hand: task tables make integers most of -J output, and fprintf's
 * format parsing was a tenth of scan-logs' time on large logs. */
static void write_int(FILE *out, int64_t val)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = val < 0 ? 0 - (uint64_t)val : (uint64_t)val;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (val < 0)
		*--p = '-';
	fwrite_unlocked(p, 1, (size_t)(buf + sizeof(buf) - p), out);
}

void oomt_json_int(struct oomt_json *j, const char *k, int64_t val)
{
	key(j, k);
	if (val == OOMT_UNKNOWN)
		fputs_unlocked("null", j->out);
	else
		write_int(j->out, val);
}

void oomt_json_uint(struct oomt_json *j, const char *k, uint64_t val)
{
	key(j, k);
	fprintf(j->out, "%" PRIu64, val);
}

void oomt_json_double(struct oomt_json *j, const char *k, double val, bool known)
{
	key(j, k);
	if (!known || !isfinite(val))
		fputs_unlocked("null", j->out);
	else
		fprintf(j->out, "%.6g", val);
}

void oomt_json_bool(struct oomt_json *j, const char *k, bool val)
{
	key(j, k);
	fputs_unlocked(val ? "true" : "false", j->out);
}

void oomt_json_null(struct oomt_json *j, const char *k)
{
	key(j, k);
	fputs_unlocked("null", j->out);
}

void oomt_json_time(struct oomt_json *j, const char *k, int64_t usec)
{
	char buf[64];

	if (usec == OOMT_UNKNOWN)
		oomt_json_null(j, k);
	else
		oomt_json_string(j, k, oomt_format_time(usec, false, buf, sizeof(buf)));
}

void oomt_json_finish(struct oomt_json *j)
{
	putc_unlocked('\n', j->out);
}
