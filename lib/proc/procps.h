/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROC_PROCPS_H
#define OOMTOOL_PROC_PROCPS_H

#include <oomtool/system-memory.h>

/*
 * libproc2 (procps-ng 4), the live system's reader of /proc/meminfo and /proc/vmstat, behind
 * oomt_system_memory_read. Loads libproc2 for the call and unloads it before returning (with
 * libsystemd and its libraries, ~1 MiB of RSS). Fills every member (struct_size aside):
 * 0, -ENODATA when MemTotal reads 0, or -ELIBACC when libproc2 cannot be loaded.
 * Thread-safe.
 */
int oomt_procps_system_memory_read(struct oomt_system_memory *ret);

#endif
