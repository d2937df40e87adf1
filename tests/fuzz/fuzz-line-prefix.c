/* SPDX-License-Identifier: MIT */
/* The pure prefix parser, under every format hint: offsets stay inside the line; a dmesg -J
 * message unescapes within its bytes. */
#include <stdlib.h>
#include <string.h>
#include "source/line-prefix.h"
#include "source/source-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy so that ASan catches any read past the end */
	char *line = malloc(size ? size : 1);

	if (!line)
		return 0;
	memcpy(line, data, size);
	for (int fmt = OOMT_FMT_AUTO; fmt <= OOMT_FMT_DMESG_JSON; fmt++) {
		struct oomt_line_prefix p;

		oomt_parse_line_prefix(line, size, (enum oomt_text_format)fmt, &p);
		if (p.msg_off + p.msg_len > size || p.host_off + p.host_len > size ||
		    p.ident_off + p.ident_len > size || p.caller_off + p.caller_len > size)
			__builtin_trap();
		/* dmesg -J message: unescaped in place, an exact-size copy */
		if (p.djson_msg) {
			char *m = malloc(p.msg_len + 1);

			if (!m)
				break;
			memcpy(m, line + p.msg_off, p.msg_len);
			if (oomt_json_unescape(m, p.msg_len) > p.msg_len)
				__builtin_trap();
			free(m);
		}
	}
	free(line);
	return 0;
}
