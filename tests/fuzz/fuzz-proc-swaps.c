/* SPDX-License-Identifier: MIT */
/* /proc/swaps parser on arbitrary bytes: bounded output, sane values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "swap/proc-swaps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct oomt_swap_areas a;

	oomt_swaps_parse((const char *)data, size, &a);
	if (a.n > OOMT_SWAP_MAX_AREAS)
		abort();
	for (size_t i = 0; i < a.n; i++) {
		if (a.area[i].path[0] != '/' || a.area[i].size_bytes < 0 || a.area[i].used_bytes < 0)
			abort();
		if (strlen(a.area[i].path) >= sizeof(a.area[i].path))
			abort();
	}
	return 0;
}
