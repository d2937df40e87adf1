/* SPDX-License-Identifier: MIT */
/* User time expressions (--since/--until). */
#include <stdlib.h>
#include <string.h>
#include <oomtool/timeparse.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int64_t v;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	oomt_parse_timestamp(s, INT64_C(1725809445000000), &v);
	free(s);
	return 0;
}
