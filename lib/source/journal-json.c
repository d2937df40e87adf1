/* SPDX-License-Identifier: MIT */
/*
 * `journalctl -o json`: one object per line, every value a string, except
 *   "MESSAGE":[104,105]        bytes that are not printable UTF-8
 *   "FIELD":["a","b"]          a field with several values (the first is used)
 *   "FIELD":null               a value of 4096 bytes or more (without -a)
 * e.g. {"__REALTIME_TIMESTAMP":"1783334096123456","_BOOT_ID":"…","PRIORITY":"3",
 *       "SYSLOG_IDENTIFIER":"kernel","_SOURCE_MONOTONIC_TIMESTAMP":"117014050",
 *       "MESSAGE":"Memory cgroup out of memory: Killed process …"}
 *
 * A tolerant single-pass field extractor rather than a JSON DOM library: we need a dozen
 * top-level string fields per line, decoded into fixed buffers with no allocation, and a
 * damaged line must still give what it can (a DOM parser rejects the whole line).
 */
#include <errno.h>
#include <string.h>
#include "source/journal-entry.h"
#include "source/source-internal.h"

struct cursor {
	const char *s;
	size_t len, i;
};

static void skip_ws(struct cursor *c)
{
	while (c->i < c->len && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\r'))
		c->i++;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static unsigned hex4(const char *s)
{
	unsigned v = 0;

	for (int k = 0; k < 4; k++) {
		int h = hexval(s[k]);

		if (h < 0)
			return 0xfffd;
		v = v << 4 | (unsigned)h;
	}
	return v;
}

static size_t put_utf8(char *dst, size_t room, unsigned cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (n > room)
		return 0;
	memcpy(dst, b, n);
	return n;
}

/* The body of a JSON string from c->i up to an unescaped quote or the end, decoded into
 * dst (may be NULL to skip); returns the decoded length (capped at cap; *cut set when
 * longer). Stops early at a "\u" cut short. */
static size_t decode_body(struct cursor *c, char *dst, size_t cap, bool *cut)
{
	size_t n = 0;

	while (c->i < c->len && c->s[c->i] != '"') {
		char ch = c->s[c->i++];
		unsigned cp = (unsigned char)ch;
		size_t w;

		if (ch == '\\' && c->i < c->len) {
			char esc = c->s[c->i++];

			switch (esc) {
			case 'n': cp = '\n'; break;
			case 't': cp = '\t'; break;
			case 'r': cp = '\r'; break;
			case 'b': cp = '\b'; break;
			case 'f': cp = '\f'; break;
			case 'u':
				if (c->i + 4 > c->len)
					return n;
				cp = hex4(c->s + c->i);
				c->i += 4;
				if (cp >= 0xd800 && cp < 0xdc00 && c->i + 6 <= c->len &&
				    c->s[c->i] == '\\' && c->s[c->i + 1] == 'u') {
					unsigned lo = hex4(c->s + c->i + 2);

					if (lo >= 0xdc00 && lo < 0xe000) {
						cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
						c->i += 6;
					}
				}
				break;
			default: cp = (unsigned char)esc; break;
			}
			if (cp >= 0x80 && dst) {
				w = put_utf8(dst + n, cap - n, cp);
				if (w == 0)
					*cut = true;
				n += w;
				continue;
			}
		}
		if (!dst)
			continue;
		if (n < cap)
			dst[n++] = (char)cp;
		else
			*cut = true;
	}
	return n;
}

/* A JSON string at c->i (opening quote). */
static size_t read_string(struct cursor *c, char *dst, size_t cap, bool *cut)
{
	size_t n;

	c->i++;
	n = decode_body(c, dst, cap, cut);
	if (c->i < c->len)
		c->i++;
	return n;
}

/* The body of a JSON string (between the quotes) decoded in place: every escape is longer
 * than what it decodes to, so the write position never passes the read position. */
size_t oomt_json_unescape(char *s, size_t len)
{
	struct cursor c = { .s = s, .len = len, .i = 0 };
	bool cut = false;
	size_t n = 0;

	for (;;) {
		n += decode_body(&c, s + n, len - n, &cut);
		if (c.i >= len || s[c.i] != '"')
			return n;
		s[n++] = '"';   /* an unescaped quote (invalid JSON): kept as text */
		c.i++;
	}
}

/* [104,105,...] -> bytes. */
static size_t read_byte_array(struct cursor *c, char *dst, size_t cap, bool *cut)
{
	size_t n = 0;

	c->i++;
	for (;;) {
		unsigned v = 0;
		size_t d = 0;

		skip_ws(c);
		while (c->i < c->len && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
			v = v * 10 + (unsigned)(c->s[c->i++] - '0');
			if (v > 255)
				v = 255;
			d++;
		}
		if (d > 0) {
			if (n < cap)
				dst[n++] = (char)v;
			else
				*cut = true;
		}
		skip_ws(c);
		if (c->i >= c->len)
			return n;
		if (c->s[c->i] == ']') {
			c->i++;
			return n;
		}
		if (c->s[c->i] != ',')
			return n;
		c->i++;
	}
}

/* Skip any value: string, number, literal, or nested array/object. */
static void skip_value(struct cursor *c)
{
	int depth = 0;

	while (c->i < c->len) {
		char ch = c->s[c->i];
		bool cut;

		if (ch == '"') {
			read_string(c, NULL, 0, &cut);
			if (depth == 0)
				return;
			continue;
		}
		if (ch == '[' || ch == '{') {
			depth++;
		} else if (ch == ']' || ch == '}') {
			if (depth == 0)
				return;
			if (--depth == 0) {
				c->i++;
				return;
			}
		} else if (ch == ',' && depth == 0) {
			return;
		}
		c->i++;
	}
}

static void read_field(struct cursor *c, const char *key, size_t klen,
                       struct oomt_journal_entry *e)
{
	char small[512];
	bool is_msg = klen == 7 && memcmp(key, "MESSAGE", 7) == 0, cut = false;
	char *dst = is_msg ? e->msg : small;
	size_t cap = is_msg ? e->msg_cap : sizeof(small) - 1, n;

	skip_ws(c);
	if (c->i >= c->len)
		return;
	if (c->s[c->i] == '[') {
		size_t save = c->i + 1;

		while (save < c->len && (c->s[save] == ' '))
			save++;
		if (save < c->len && c->s[save] == '"') {
			/* several values: take the first, skip the others */
			c->i = save;
			n = read_string(c, dst, cap, &cut);
			while (c->i < c->len && c->s[c->i] != ']') {
				if (c->s[c->i] == '"')
					read_string(c, NULL, 0, &cut);
				else
					c->i++;
			}
			if (c->i < c->len)
				c->i++;
		} else {
			n = read_byte_array(c, dst, cap, &cut);
		}
	} else if (c->s[c->i] == '"') {
		n = read_string(c, dst, cap, &cut);
	} else {
		skip_value(c);
		return;
	}
	oomt_journal_entry_set(e, key, klen, dst, n);
	if (is_msg && cut)
		e->msg_truncated = true;
}

int oomt_journal_json_parse(const char *line, size_t len, struct oomt_journal_entry *e)
{
	struct cursor c = { .s = line, .len = len };

	oomt_journal_entry_reset(e);
	skip_ws(&c);
	if (c.i >= len || line[c.i] != '{')
		return -EINVAL;
	c.i++;
	for (;;) {
		size_t kstart, klen;

		skip_ws(&c);
		if (c.i >= len || line[c.i] != '"')
			break;
		kstart = c.i + 1;
		while (++c.i < len && line[c.i] != '"')
			if (line[c.i] == '\\')
				c.i++;
		if (c.i >= len)
			break;
		klen = c.i - kstart;
		c.i++;
		skip_ws(&c);
		if (c.i >= len || line[c.i] != ':')
			break;
		c.i++;
		read_field(&c, line + kstart, klen, e);
		skip_ws(&c);
		if (c.i < len && line[c.i] == ',')
			c.i++;
		else
			break;
	}
	oomt_journal_entry_finish(e);
	return 0;
}
