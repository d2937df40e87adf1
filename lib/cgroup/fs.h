/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_FS_H
#define OOMTOOL_CGROUP_FS_H

#include <oomtool/cgroup.h>

/* Internal: the open hierarchies of an oomt_cgroup_fs (cgroup.h), for the readers and
 * writers of lib/cgroup that walk them. */

/* The directory fd of hierarchy v (owned by fs), or -1 when it is not open. */
int oomt_cgroup_fs_dirfd(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v);
/* Its path ("<sysroot>/sys/fs/cgroup/memory"), or NULL when it is not open. */
const char *oomt_cgroup_fs_dir(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v);

#endif
