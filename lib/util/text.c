/* SPDX-License-Identifier: MIT */
/* Texts cut to their fields: see text.h. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "util/text.h"

void oomt_text_vset(char *buf, size_t size, const char *fmt, va_list ap)
{
	if (size)
		vsnprintf(buf, size, fmt, ap);
}

void oomt_text_set(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	oomt_text_vset(buf, size, fmt, ap);
	va_end(ap);
}

void oomt_text_append(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strnlen(buf, size);
	va_list ap;

	if (n + 1 >= size)
		return;
	va_start(ap, fmt);
	oomt_text_vset(buf + n, size - n, fmt, ap);
	va_end(ap);
}

bool oomt_text_is_elision(const char *s, size_t n, const char *also)
{
	bool dots = false;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.')
			dots = true;
		else if (i + 3 <= n && memcmp(s + i, "\xe2\x80\xa6", 3) == 0)
			dots = true, i += 2;
		else if (!s[i] || !strchr(also, s[i]))
			return false;
	}
	return dots;
}

size_t oomt_text_utf8_len(const char *s, size_t left)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;
	uint32_t c;

	if (left == 0)
		return 0;
	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		n = 2, c = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		n = 3, c = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		n = 4, c = u[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return n;
}

bool oomt_text_is_printable(const char *s, size_t n)
{
	for (size_t i = 0, k; i < n; i += k) {
		unsigned char b = (unsigned char)s[i];

		k = oomt_text_utf8_len(s + i, n - i);
		if (k == 0 || (b < 0x20 && b != '\t' && b != 0x1b) || b == 0x7f)
			return false;
	}
	return true;
}
