/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_PARSE_H
#define OOMTOOL_CGROUP_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Pure parsers of cgroup memory controller files (internal; cgroup.h has the readers).
 * (buf, len) need not be NUL-terminated; 0 or -ENODATA; output written only on success. */

/* "9223372036854771712\n" (v1; >= 2^62 means unlimited) or "max\n" / "536870912\n" (v2).
 * Unlimited -> OOMT_UNKNOWN. */
int oomt_cgroup_parse_limit(const char *buf, size_t len, int64_t *ret);
/* "key value" lines (v2 memory.events, v1 memory.oom_control): the value of key. */
int oomt_cgroup_parse_keyed(const char *buf, size_t len, const char *key, int64_t *ret);

#endif
