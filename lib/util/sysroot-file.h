/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_UTIL_SYSROOT_FILE_H
#define OOMTOOL_UTIL_SYSROOT_FILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Files under a sysroot (NULL, "" or "/" = the live system): their paths, and the atomic
 * replacement of the configuration files oomtool writes there (fstab, sysctl.d).
 */

/* Whether SYSROOT names the live system: NULL, "" or "/". */
bool oomt_sysroot_is_live(const char *sysroot);
/* "<sysroot>/<rel>" with no doubled slash ("/<rel>" for the live system). -ENAMETOOLONG. */
int oomt_sysroot_join(const char *sysroot, const char *rel, char *ret, size_t retsz);
/* Write DATA to PATH atomically: a temporary file in the same directory, fsync, rename over
 * PATH, fsync the directory. MODE for a new file; an existing file keeps its mode and owner.
 * A symlink at PATH is replaced by the file, not followed.
 * Returns 0 or -errno; on failure PATH is as it was and no temporary file is left. */
int oomt_file_write_atomic(const char *path, const char *data, size_t len, unsigned mode);
/* The undo of a change to PATH: OLD (LEN bytes) written back atomically when the file
 * EXISTED before (mode 0644 if it has to be made again), else the file removed (gone
 * already is fine). 0 or -errno. */
int oomt_file_restore(const char *path, bool existed, const char *old, size_t len);

#endif
