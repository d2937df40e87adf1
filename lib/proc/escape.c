/* SPDX-License-Identifier: MIT */
/* Names and paths for renderers without an escaping of their own (the live view). */
#include <stdint.h>
#include <string.h>
#include <oomtool/proc.h>
#include "util/text.h"

void oomt_proc_escape(const char *in, size_t len, char *out, size_t outsz)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, i = 0;

	if (outsz == 0)
		return;
	while (i < len) {
		size_t n = oomt_text_utf8_len(in + i, len - i);

		if (n == 1 && (p[i] < 0x20 || p[i] == 0x7f))
			n = 0;
		if (n == 0) {
			if (o + 4 >= outsz)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[p[i] >> 4];
			out[o++] = hex[p[i] & 15];
			i++;
			continue;
		}
		if (o + n >= outsz)
			break;
		memcpy(out + o, p + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
}
