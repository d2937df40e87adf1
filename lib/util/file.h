/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_UTIL_FILE_H
#define OOMTOOL_UTIL_FILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Small files, read in one place: the kernel's text files under /proc and /sys/fs/cgroup,
 * and small configuration files. Both return 0 or -errno and write their outputs only on
 * success.
 */

/*
 * Read dirfd/path into buf (bufsz - 1 bytes at most) and NUL-terminate it: the /proc and
 * cgroup readers' stack buffers. A file longer than the buffer is cut at its last complete
 * line and *ret_truncated set (ret_truncated may be NULL), so that a parser never sees half
 * a line. -EINVAL when bufsz < 2. No file stays open.
 */
int oomt_file_read_at(int dirfd, const char *path, char *buf, size_t bufsz, size_t *ret_len,
                      bool *ret_truncated);

/*
 * Read a whole small file into a new NUL-terminated buffer (free() it): at most max_bytes,
 * -EFBIG beyond (a file that must be read whole or not at all, such as fstab). -ENOENT when
 * it does not exist.
 */
int oomt_file_read_all(const char *path, size_t max_bytes, char **ret, size_t *ret_len);

/*
 * The same for a file a change may create (fstab, sysctl.d): a missing one reads as ""
 * with *ret_existed false, so that the change has a text to edit and knows what its undo
 * puts back (oomt_file_restore, sysroot-file.h).
 */
int oomt_file_read_optional(const char *path, size_t max_bytes, char **ret, size_t *ret_len,
                            bool *ret_existed);

/*
 * The *.conf files of one directory of a systemd-style configuration (sysctl.d, a unit's
 * drop-in directory; hidden files left out), in directory order, each to fn with its name:
 * the callers merge the directories (an earlier one hides a name) and sort by name. A
 * directory that cannot be opened has none. 0, or the first fn's < 0.
 */
int oomt_conf_dir_each(const char *dir, int (*fn)(void *ctx, const char *name), void *ctx);

#endif
