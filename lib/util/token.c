/* SPDX-License-Identifier: MIT */
/* The words of oomtool's small state files: token.h. */
#include <errno.h>
#include <string.h>
#include "util/token.h"

static bool needs_escape(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || c == '%';
}

void oomt_token_put(FILE *out, const char *s)
{
	if (!s || !*s) {
		fputc('-', out);
		return;
	}
	if (strcmp(s, "-") == 0) {
		fputs("%2D", out);
		return;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (needs_escape(c))
			fprintf(out, "%%%02X", c);
		else
			fputc(c, out);
	}
}

int oomt_token_format(char *buf, size_t bufsz, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	if (bufsz == 0)
		return -ENOSPC;
	if (!s || !*s)
		s = NULL;
	if (!s || strcmp(s, "-") == 0) {
		const char *w = s ? "%2D" : "-";

		if (strlen(w) >= bufsz)
			return -ENOSPC;
		strcpy(buf, w);
		return (int)strlen(w);
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (o + (needs_escape(c) ? 3 : 1) >= bufsz)
			return -ENOSPC;
		if (needs_escape(c)) {
			buf[o++] = '%';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
	return (int)o;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The raw word at *p: its bounds, *p moved past it and one space. */
static int raw_word(const char **p, const char *end, const char **ret_b, size_t *ret_len)
{
	const char *b = *p, *e;

	if (b >= end || *b == ' ')
		return -EINVAL;
	e = memchr(b, ' ', (size_t)(end - b));
	if (!e)
		e = end;
	*ret_b = b;
	*ret_len = (size_t)(e - b);
	if (e < end) {
		e++;                    /* the one space */
		if (e == end)
			return -EINVAL;     /* a trailing space: not what a writer makes */
	}
	*p = e;
	return 0;
}

int oomt_token_get(const char **p, const char *end, char *buf, size_t bufsz)
{
	const char *b;
	size_t len, o = 0;
	int r = raw_word(p, end, &b, &len);

	if (r < 0 || bufsz == 0)
		return -EINVAL;
	if (len == 1 && b[0] == '-') {
		buf[0] = '\0';
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)b[i];

		if (c == '%') {
			int h, l;

			if (i + 2 >= len)
				return -EINVAL;
			h = hexval(b[i + 1]);
			l = hexval(b[i + 2]);
			if (h < 0 || l < 0 || (h == 0 && l == 0))
				return -EINVAL;
			c = (unsigned char)(h << 4 | l);
			i += 2;
		} else if (needs_escape(c)) {
			return -EINVAL;
		}
		if (o + 1 >= bufsz)
			return -EINVAL;
		buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return 0;
}

int oomt_token_get_int(const char **p, const char *end, bool allow_negative,
                       int64_t unknown_value, int64_t *ret)
{
	const char *b;
	size_t len, i = 0;
	bool neg = false;
	uint64_t v = 0;
	int r = raw_word(p, end, &b, &len);

	if (r < 0)
		return r;
	if (len == 1 && b[0] == '-') {
		*ret = unknown_value;
		return 0;
	}
	if (allow_negative && b[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == len || len - i > 19)
		return -EINVAL;
	for (; i < len; i++) {
		if (b[i] < '0' || b[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(b[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX)
		return -EINVAL;
	*ret = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

int oomt_token_get_u64(const char **p, const char *end, bool hex, uint64_t *ret)
{
	const char *b;
	size_t len;
	uint64_t v = 0;
	int r = raw_word(p, end, &b, &len);

	if (r < 0)
		return r;
	if (hex) {
		if (len != 16)
			return -EINVAL;
		for (size_t i = 0; i < len; i++) {
			int h = hexval(b[i]);

			if (h < 0)
				return -EINVAL;
			v = v << 4 | (uint64_t)h;
		}
	} else {
		if (len == 0 || len > 20)
			return -EINVAL;
		for (size_t i = 0; i < len; i++) {
			uint64_t d;

			if (b[i] < '0' || b[i] > '9')
				return -EINVAL;
			d = (uint64_t)(b[i] - '0');
			if (v > (UINT64_MAX - d) / 10)
				return -EINVAL;
			v = v * 10 + d;
		}
	}
	*ret = v;
	return 0;
}

bool oomt_token_end(const char *p, const char *end)
{
	return p >= end;
}

uint64_t oomt_fnv64(uint64_t h, const void *data, size_t len)
{
	const unsigned char *b = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}
