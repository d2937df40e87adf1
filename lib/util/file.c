/* SPDX-License-Identifier: MIT */
/* Small files: see file.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/file.h"

/* read() until EOF or until len reaches max; EINTR retried. Returns 0 or -errno. */
static int read_up_to(int fd, char *buf, size_t max, size_t *len)
{
	while (*len < max) {
		ssize_t n = read(fd, buf + *len, max - *len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	return 0;
}

int oomt_file_read_at(int dirfd, const char *path, char *buf, size_t bufsz, size_t *ret_len,
                      bool *ret_truncated)
{
	size_t len = 0;
	bool truncated = false;
	int fd, r;

	if (bufsz < 2)
		return -EINVAL;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	/* seq_file hands out at most a page per read(): read_up_to loops until the buffer is
	 * full or the file ends. */
	r = read_up_to(fd, buf, bufsz - 1, &len);
	if (r == 0 && len == bufsz - 1) {
		char c;
		if (read(fd, &c, 1) == 1) {
			char *nl = memrchr(buf, '\n', len);
			truncated = true;
			if (nl)
				len = (size_t)(nl - buf) + 1;
		}
	}
	close(fd);
	if (r < 0)
		return r;
	buf[len] = '\0';
	*ret_len = len;
	if (ret_truncated)
		*ret_truncated = truncated;
	return 0;
}

int oomt_file_read_all(const char *path, size_t max_bytes, char **ret, size_t *ret_len)
{
	struct stat st;
	size_t len = 0;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), r;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	if (max_bytes >= SIZE_MAX || (uint64_t)st.st_size > max_bytes) {
		close(fd);
		return -EFBIG;
	}
	buf = malloc(max_bytes + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	/* One byte more than allowed: a file that grew since fstat() is caught, not cut. */
	r = read_up_to(fd, buf, max_bytes + 1, &len);
	close(fd);
	if (r == 0 && len > max_bytes)
		r = -EFBIG;
	if (r < 0) {
		free(buf);
		return r;
	}
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
}

int oomt_file_read_optional(const char *path, size_t max_bytes, char **ret, size_t *ret_len,
                            bool *ret_existed)
{
	int r = oomt_file_read_all(path, max_bytes, ret, ret_len);

	if (r == -ENOENT) {
		if (!(*ret = strdup("")))
			return -ENOMEM;
		*ret_len = 0;
	} else if (r < 0) {
		return r;
	}
	*ret_existed = r == 0;
	return 0;
}

static bool is_conf(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".conf") == 0;
}

int oomt_conf_dir_each(const char *dir, int (*fn)(void *ctx, const char *name), void *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int r = 0;

	if (!d)
		return 0;
	while (r >= 0 && (e = readdir(d)))
		if (is_conf(e->d_name))
			r = fn(ctx, e->d_name);
	closedir(d);
	return r < 0 ? r : 0;
}
