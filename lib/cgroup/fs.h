/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_FS_H
#define OOMTOOL_CGROUP_FS_H

#include <oomtool/cgroup.h>

/* The directory of memory hierarchy v (an open O_DIRECTORY fd owned by fs), or -1 when it
 * is not mounted (or fs is NULL): for the readers in lib/cgroup that walk a hierarchy
 * (oom-kills.c) rather than read one cgroup by path. Internal to liboomtool. */
int oomt_cgroup_fs_dirfd(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v);
/* Its path ("<sysroot>/sys/fs/cgroup/memory"), or NULL when it is not open: for the
 * writers of lib/cgroup (limits-facts.c) that name the files they change. */
const char *oomt_cgroup_fs_dir(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v);

#endif
