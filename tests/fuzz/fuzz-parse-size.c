/* SPDX-License-Identifier: MIT */
/* The size parser on arbitrary text: no overflow, results within 63 bits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/format.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	uint64_t v = 0;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (oomt_parse_size(s, &v) == 0 && v > INT64_MAX)
		abort();
	free(s);
	return 0;
}
