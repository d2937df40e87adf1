/* SPDX-License-Identifier: MIT */
#ifndef OOMT_UTIL_FDS_H
#define OOMT_UTIL_FDS_H

/* The descriptors this process has open (its /proc/self/fd), or -errno. */
int oomt_fds_open(void);

/* How many descriptors it may have open (RLIMIT_NOFILE's soft limit), or -errno; INT_MAX
 * without a limit. */
int oomt_fds_limit(void);

#endif
