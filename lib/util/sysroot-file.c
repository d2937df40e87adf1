/* SPDX-License-Identifier: MIT */
/* Paths under a sysroot, and atomic replacement of a configuration file. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/sysroot-file.h"

bool oomt_sysroot_is_live(const char *sysroot)
{
	return !sysroot || !*sysroot || strcmp(sysroot, "/") == 0;
}

int oomt_sysroot_join(const char *sysroot, const char *rel, char *ret, size_t retsz)
{
	const char *root = oomt_sysroot_is_live(sysroot) ? "" : sysroot;
	size_t rl = strlen(root);
	int n;

	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	while (*rel == '/')
		rel++;
	n = snprintf(ret, retsz, "%.*s/%s", (int)rl, root, rel);
	return n < 0 || (size_t)n >= retsz ? -ENAMETOOLONG : 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		r = -errno;
	close(fd);
	return r;
}

int oomt_file_write_atomic(const char *path, const char *data, size_t len, unsigned mode)
{
	char tmp[PATH_MAX], dirbuf[PATH_MAX], basebuf[PATH_MAX];
	const char *dir;
	struct stat st;
	int fd, r;

	if (strlen(path) >= sizeof(dirbuf))
		return -ENAMETOOLONG;
	strcpy(dirbuf, path);
	strcpy(basebuf, path);
	dir = dirname(dirbuf);
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.oomtool-XXXXXX", dir,
	             basename(basebuf)) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* lstat: a symlink at PATH is replaced, never followed (its target's mode and owner
	 * are not the new file's business) */
	if (lstat(path, &st) == 0 && !S_ISLNK(st.st_mode)) {
		mode = st.st_mode & 07777;
		if (fchown(fd, st.st_uid, st.st_gid) < 0) {
			r = -errno;
			goto fail;
		}
	}
	if (fchmod(fd, mode) < 0) {
		r = -errno;
		goto fail;
	}
	r = write_all(fd, data, len);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (r < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		r = -errno;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		r = -errno;
		goto fail;
	}
	return fsync_dir(dir);
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return r;
}

int oomt_file_restore(const char *path, bool existed, const char *old, size_t len)
{
	if (existed)
		return oomt_file_write_atomic(path, old, len, 0644);
	return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
}
