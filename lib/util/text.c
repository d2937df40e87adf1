/* SPDX-License-Identifier: MIT */
/* Texts cut to their fields: see text.h. */
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
