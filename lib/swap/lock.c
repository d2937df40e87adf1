/* SPDX-License-Identifier: MIT */
/* One run at a time per <sysroot>/etc (swap.h, oomt_swap_lock_etc). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <unistd.h>
#include <oomtool/swap.h>
#include "util/sysroot-file.h"

int oomt_swap_lock_etc(const char *sysroot, int *ret_fd)
{
	char etc[PATH_MAX];
	int fd, r;

	r = oomt_sysroot_join(sysroot, "etc", etc, sizeof(etc));
	if (r < 0)
		return r;
	fd = open(etc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		*ret_fd = -1;        /* no etc: the fstab step reports it if it is needed */
		return 0;
	}
	/* The lock is on the directory itself: fstab is replaced by rename, so a lock on the
	 * file would be on the old one. */
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	*ret_fd = fd;
	return 0;
}

void oomt_swap_unlock_etc(int fd)
{
	if (fd >= 0)
		close(fd);
}
