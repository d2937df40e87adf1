/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SYSCTL_D_H
#define OOMTOOL_SYSCTL_D_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* Internal: the sysctl.d files in the order they are read at boot (sysctl.h,
 * oomt_sysctl_origin_read), and one line of them. */

struct oomt_sysctl_file {
	char name[256];          /* the name that orders and hides ("50-pid-max.conf") */
	char path[PATH_MAX];     /* as read, under the sysroot */
	size_t rank;             /* the directory's priority (0 = etc/sysctl.d) */
};

struct oomt_sysctl_files {
	struct oomt_sysctl_file *v;
	size_t n;
};

/* Every file read at boot under SYSROOT, in reading order. 0 or -ENOMEM. */
int oomt_sysctl_files_list(const char *sysroot, struct oomt_sysctl_files *ret);
void oomt_sysctl_files_free(struct oomt_sysctl_files *fs);

/* Whether the sysctl.d line [line, line + len) assigns the key whose /proc/sys path is
 * WANT_PATH ("vm/swappiness"), also through a glob; its value (blanks trimmed) then. */
bool oomt_sysctl_line_sets(const char *line, size_t len, const char *want_path,
                           const char **ret_value, size_t *ret_value_len);

#endif
