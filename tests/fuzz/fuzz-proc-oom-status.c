/* SPDX-License-Identifier: MIT */
/* /proc/PID/status parser for the badness inputs: any bytes, never a crash or overread. */
#include <stddef.h>
#include <stdint.h>
#include <oomtool/proc-oom.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomt_proc_oom_status s;

	oomt_proc_parse_oom_status((const char *)data, size, &s);
	return 0;
}
