/* SPDX-License-Identifier: MIT */
/* The one /proc/PID/status parser: any bytes, never a crash or overread. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "proc/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomt_proc_status s;
	char *buf = malloc(size ? size : 1);   /* exact size: ASan catches a read past it */

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	oomt_proc_parse_status(buf, size, &s);
	free(buf);
	return 0;
}
