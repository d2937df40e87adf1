/* SPDX-License-Identifier: MIT */
#ifndef OOMT_PROC_MEMINFO_DIRECT_H
#define OOMT_PROC_MEMINFO_DIRECT_H

#include <oomtool/system-memory.h>

/* oomt_system_memory_read() without libproc2: <sysroot>/proc/meminfo and vmstat through
 * parse.c. For a reader that must not load a library to size itself (the journal source:
 * what it keeps mapped). */
int oomt_system_memory_read_direct(const char *sysroot, struct oomt_system_memory *ret);

#endif
