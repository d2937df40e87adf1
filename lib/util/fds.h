/* SPDX-License-Identifier: MIT */
#ifndef OOMT_UTIL_FDS_H
#define OOMT_UTIL_FDS_H

/* The descriptors this process has open (its /proc/self/fd), or -errno. */
int oomt_fds_open(void);

/* How many more descriptors it may open (RLIMIT_NOFILE's soft limit less those open), or
 * -errno; INT_MAX without a limit. */
int oomt_fds_left(void);

#endif
