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
