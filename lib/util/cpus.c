/* SPDX-License-Identifier: MIT */
#include <sched.h>
#include "util/cpus.h"

bool oomt_second_cpu(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) >= 2;
}
