/* SPDX-License-Identifier: MIT */
/* One /dev/kmsg record: prefix parse plus \xHH unescaping, as the kmsg source does it. */
#include <stdlib.h>
#include <string.h>
#include "source/line-prefix.h"
#include "source/source-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *rec = malloc(size + 1);
	struct oomt_line_prefix p;

	if (!rec)
		return 0;
	memcpy(rec, data, size);
	rec[size] = '\0';
	oomt_parse_line_prefix(rec, size, OOMT_FMT_KMSG, &p);
	if (p.kmsg) {
		size_t n = oomt_kmsg_unescape(rec + p.msg_off, p.msg_len);

		if (n > p.msg_len)
			__builtin_trap();
	}
	free(rec);
	return 0;
}
