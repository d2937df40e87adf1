/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_COMMON_H
#define OOMTOOL_COMMON_H

#include <stdint.h>

/*
 * What every liboomtool header shares (docs/liboomtool.3 has the conventions in full):
 *  - functions return 0 or a negative errno, and write their outputs only on success;
 *  - an integer the library could not learn is OOMT_UNKNOWN, never 0;
 *  - sysroot arguments: NULL, "" or "/" mean this host, another directory a tree that
 *    mimics one (<sysroot>/proc, <sysroot>/sys/fs/cgroup, <sysroot>/etc, <sysroot>/var/log).
 */
#define OOMT_UNKNOWN INT64_MIN

#endif
