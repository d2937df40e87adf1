/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <oomtool/system.h>

int64_t oomt_page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	/* sysconf cannot fail for _SC_PAGESIZE on Linux; 4096 only keeps the type honest */
	return ps > 0 ? (int64_t)ps : 4096;
}

/* A decimal component: digits only, bounded so that no garbage overflows. */
static const char *version_part(const char *p, long *ret)
{
	long v = 0;
	const char *start = p;

	while (*p >= '0' && *p <= '9' && p - start < 6)
		v = v * 10 + (*p++ - '0');
	if (p == start)
		return NULL;
	*ret = v;
	return p;
}

long oomt_kernel_release_code(const char *release)
{
	long major, minor, patch = 0;
	const char *p = release;

	if (!p || !(p = version_part(p, &major)) || *p != '.' ||
	    !(p = version_part(p + 1, &minor)))
		return 0;
	if (*p == '.' && !version_part(p + 1, &patch))
		patch = 0;
	return OOMT_KERNEL_VERSION(major, minor, patch);
}

static bool is_live(const char *sysroot)
{
	return !sysroot || !*sysroot || strcmp(sysroot, "/") == 0;
}

int oomt_kernel_release_read(const char *sysroot, char *buf, size_t bufsz)
{
	char path[4096];
	struct utsname u;
	ssize_t n;
	int fd;

	if (bufsz == 0)
		return -EINVAL;
	if (snprintf(path, sizeof(path), "%s/proc/sys/kernel/osrelease",
	             is_live(sysroot) ? "" : sysroot) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, bufsz - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			return buf[0] ? 0 : -ENODATA;
		}
	}
	if (!is_live(sysroot))
		return fd < 0 ? -errno : -ENODATA;
	if (uname(&u) < 0)
		return -errno;
	if (snprintf(buf, bufsz, "%s", u.release) >= (int)bufsz)
		return -ENAMETOOLONG;
	return 0;
}
