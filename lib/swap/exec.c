/* SPDX-License-Identifier: MIT */
/* Step executors: each does one thing to the system and returns 0 or -errno (exec.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <unistd.h>
#include <oomtool/swap.h>
#include "swap/exec.h"
#include "swap/header.h"

#define CHUNK (1024 * 1024)
#define FLUSH_EVERY (64 * CHUNK)
#define FIEMAP_BATCH 64

int oomt_swap_file_create(const char *path, int *ret_fd)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		return -errno;
	/* The umask can only take bits away from 0600; this makes the mode exact. */
	if (fchmod(fd, 0600) < 0) {
		int r = -errno;

		unlink(path);
		close(fd);
		return r;
	}
	*ret_fd = fd;
	return 0;
}

int oomt_swap_file_set_nocow(int fd)
{
	int flags;

	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
		return -errno;
	flags = (flags & ~FS_COMPR_FL) | FS_NOCOW_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0)
		return -errno;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
		return -errno;
	return (flags & FS_NOCOW_FL) && !(flags & FS_COMPR_FL) ? 0 : -EOPNOTSUPP;
}

int oomt_swap_file_fallocate(int fd, uint64_t size_bytes)
{
	if (size_bytes > INT64_MAX)
		return -EFBIG;
	return fallocate(fd, 0, 0, (off_t)size_bytes) < 0 ? -errno : 0;
}

static int flush_range(int fd, off_t from, off_t len)
{
	/* Write back and drop what was written so far: a machine short of memory must not
	 * have its page cache filled with the zeros of a swap file. */
	if (sync_file_range(fd, from, len, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
	                    SYNC_FILE_RANGE_WAIT_AFTER) < 0)
		return -errno;
	(void)posix_fadvise(fd, from, len, POSIX_FADV_DONTNEED);
	return 0;
}

int oomt_swap_file_write_zeros(int fd, uint64_t size_bytes, const volatile sig_atomic_t *cancel)
{
	/* Untouched zero pages of .bss: writing from them costs no memory. */
	static char zeros[CHUNK];
	uint64_t off = 0, flushed = 0;
	int r;

	while (off < size_bytes) {
		size_t n = size_bytes - off < CHUNK ? (size_t)(size_bytes - off) : CHUNK;
		ssize_t w;

		if (cancel && *cancel)
			return -EINTR;
		w = pwrite(fd, zeros, n, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		if (w == 0)
			return -EIO;
		off += (uint64_t)w;
		if (off - flushed >= FLUSH_EVERY) {
			r = flush_range(fd, (off_t)flushed, (off_t)(off - flushed));
			if (r < 0)
				return r;
			flushed = off;
		}
	}
	if (fsync(fd) < 0)
		return -errno;
	return flush_range(fd, (off_t)flushed, (off_t)(off - flushed));
}

static int verify_blocks(int fd, uint64_t size_bytes)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	return (uint64_t)st.st_blocks * 512 >= size_bytes ? 0 : -ENODATA;
}

/* Extent flags swapon cannot use, or that say the data is not where FIEMAP says. */
#define BAD_EXTENT (FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_ENCODED | \
                    FIEMAP_EXTENT_DATA_INLINE | FIEMAP_EXTENT_DATA_TAIL | \
                    FIEMAP_EXTENT_NOT_ALIGNED | FIEMAP_EXTENT_SHARED)

int oomt_swap_file_verify(int fd, uint64_t size_bytes)
{
	struct fiemap *fm = calloc(1, sizeof(*fm) + FIEMAP_BATCH * sizeof(struct fiemap_extent));
	uint64_t pos = 0;
	bool last = false;
	int r = 0;

	if (!fm)
		return -ENOMEM;
	while (pos < size_bytes && !last) {
		fm->fm_start = pos;
		fm->fm_length = size_bytes - pos;
		fm->fm_flags = FIEMAP_FLAG_SYNC;
		fm->fm_extent_count = FIEMAP_BATCH;
		fm->fm_mapped_extents = 0;
		if (ioctl(fd, FS_IOC_FIEMAP, fm) < 0) {
			r = errno == EOPNOTSUPP || errno == ENOTTY ? verify_blocks(fd, size_bytes)
			                                          : -errno;
			free(fm);
			return r;
		}
		if (fm->fm_mapped_extents == 0)
			break;
		for (uint32_t i = 0; i < fm->fm_mapped_extents && r == 0; i++) {
			const struct fiemap_extent *e = &fm->fm_extents[i];

			if (e->fe_logical > pos)
				r = -ENODATA;
			else if (e->fe_flags & BAD_EXTENT)
				r = -EMEDIUMTYPE;
			if (e->fe_logical + e->fe_length > pos)
				pos = e->fe_logical + e->fe_length;
			last = e->fe_flags & FIEMAP_EXTENT_LAST;
		}
		if (r < 0)
			break;
	}
	free(fm);
	if (r == 0 && pos < size_bytes)
		r = -ENODATA;
	return r;
}

int oomt_swap_file_write_signature(int fd, uint64_t size_bytes, size_t page_size,
                                   const char *label)
{
	uint8_t uuid[16], *page;
	ssize_t w;
	int r;

	if (getrandom(uuid, sizeof(uuid), 0) != (ssize_t)sizeof(uuid))
		return -EIO;
	uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);   /* RFC 4122 version 4 */
	uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);
	page = malloc(page_size);
	if (!page)
		return -ENOMEM;
	r = oomt_swap_header_build(page, page_size, size_bytes, uuid, label);
	if (r == 0) {
		w = pwrite(fd, page, page_size, 0);
		if (w < 0)
			r = -errno;
		else if ((size_t)w != page_size)
			r = -EIO;
		else if (fsync(fd) < 0)
			r = -errno;
	}
	free(page);
	return r;
}

int oomt_swap_enable(int fd, const char *path, int priority)
{
	char fdpath[64];
	int flags = 0;

	if (priority >= 0)
		flags = SWAP_FLAG_PREFER | ((priority << SWAP_FLAG_PRIO_SHIFT) & SWAP_FLAG_PRIO_MASK);
	/* Through /proc/self/fd the kernel opens exactly the file we created and wrote, even if
	 * the path were replaced meanwhile; /proc/swaps still shows the real path. */
	if (fd >= 0) {
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
		if (swapon(fdpath, flags) == 0)
			return 0;
		if (errno != ENOENT)
			return -errno;
	}
	return swapon(path, flags) < 0 ? -errno : 0;
}

int oomt_swap_disable(const char *path)
{
	return swapoff(path) < 0 ? -errno : 0;
}

int oomt_swap_read_small(const char *path, size_t max, char **ret, size_t *ret_len)
{
	struct stat st;
	size_t len = 0;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	buf = malloc(max + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t n = read(fd, buf + len, max + 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int r = -errno;

			free(buf);
			close(fd);
			return r;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			free(buf);
			close(fd);
			return -EFBIG;
		}
	}
	close(fd);
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
}
