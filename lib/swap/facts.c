/* SPDX-License-Identifier: MIT */
/* Gathering the facts a swap plan is computed from. Reads only; changes nothing. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <oomtool/system.h>
#include "source/record.h"
#include <oomtool/swap.h>
#include <oomtool/system-memory.h>
#include <oomtool/sysctl.h>
#include "swap/fstab.h"
#include "swap/header.h"
#include "swap/proc-swaps.h"
#include "swap/swap-internal.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"
#include "util/file.h"

#define SWAPPINESS_KEY "vm.swappiness"

int oomt_swap_path_canonical(const char *path, char *ret, size_t retsz)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *base;
	size_t dlen;
	int n;

	if (path[0] != '/' || !slash)
		return -EINVAL;
	base = slash + 1;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return -EINVAL;
	dlen = (size_t)(slash - path);
	if (dlen >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, dlen);
	dir[dlen] = '\0';
	if (!realpath(dlen ? dir : "/", real))
		return -errno;
	n = snprintf(ret, retsz, "%s/%s", strcmp(real, "/") == 0 ? "" : real, base);
	return n < 0 || (size_t)n >= retsz ? -ENAMETOOLONG : 0;
}

static void gather_fs(const char *path, struct oomt_swap_facts *f)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) : 0;
	struct statfs sf;
	struct statvfs sv;

	if (dlen >= sizeof(dir))
		return;
	memcpy(dir, path, dlen);
	dir[dlen] = '\0';
	if (statfs(dlen ? dir : "/", &sf) < 0 || statvfs(dlen ? dir : "/", &sv) < 0)
		return;
	f->fs_known = true;
	f->fs_magic = (uint64_t)(unsigned long)sf.f_type;
	f->fs_size_bytes = (int64_t)sf.f_blocks * sf.f_bsize;
	f->fs_free_bytes = (int64_t)sf.f_bavail * sf.f_bsize;
	f->fs_readonly = sv.f_flag & ST_RDONLY;
}

static void gather_file(const char *path, struct oomt_swap_facts *f)
{
	size_t ps = (size_t)f->page_size_bytes;
	struct stat st;
	uint8_t *page;
	int fd;

	if (lstat(path, &st) < 0) {
		f->file_state = errno == ENOENT ? OOMT_SWAP_FILE_ABSENT : OOMT_SWAP_FILE_NOT_REGULAR;
		return;
	}
	f->file_mode = st.st_mode & 07777;
	f->file_size_bytes = st.st_size;
	if (S_ISLNK(st.st_mode)) {
		f->file_state = OOMT_SWAP_FILE_SYMLINK;
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		f->file_state = OOMT_SWAP_FILE_NOT_REGULAR;
		return;
	}
	/* Unreadable or short: not known to be swap, so treated as data and never touched. */
	f->file_state = OOMT_SWAP_FILE_DATA;
	page = calloc(1, ps);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (page && fd >= 0 && pread(fd, page, ps, 0) == (ssize_t)ps &&
	    oomt_swap_header_is_swap(page, ps))
		f->file_state = OOMT_SWAP_FILE_SWAP;
	if (fd >= 0)
		close(fd);
	free(page);
}

static void gather_etc(const struct oomt_swap_request *req, const char *sysroot,
                       struct oomt_swap_facts *f)
{
	char path[PATH_MAX], value[OOMT_SYSCTL_VALUE_MAX], want[16];
	struct oomt_fstab_entry e;
	struct statvfs sv;
	char *buf = NULL;
	size_t len = 0;
	int r;

	if (oomt_sysroot_join(sysroot, "etc", path, sizeof(path)) == 0 && statvfs(path, &sv) == 0)
		f->etc_readonly = sv.f_flag & ST_RDONLY;
	if (oomt_sysroot_join(sysroot, "etc/fstab", path, sizeof(path)) == 0) {
		r = oomt_file_read_all(path, OOMT_SWAP_FSTAB_MAX, &buf, &len);
		if (r == -EFBIG)
			f->fstab_too_big = true;
		else if (r == 0)
			f->fstab_has_entry = oomt_fstab_find_swap(buf, len, req->path, &e);
		free(buf);
	}
	snprintf(want, sizeof(want), "%d", req->swappiness);
	if (req->swappiness >= 0 &&
	    oomt_sysctl_persisted_get(sysroot, SWAPPINESS_KEY, value, sizeof(value), NULL, 0) == 0)
		f->sysctl_conf_current = strcmp(value, want) == 0;
}

int oomt_swap_swappiness_read(const char *sysroot, int *ret)
{
	char value[OOMT_SYSCTL_VALUE_MAX], *end;
	long v;
	int r = oomt_sysctl_read(sysroot, SWAPPINESS_KEY, value, sizeof(value));

	if (r < 0)
		return r;
	v = strtol(value, &end, 10);
	if (end == value || *end != '\0' || v < 0 || v > 200)
		return -EINVAL;
	*ret = (int)v;
	return 0;
}

static int gather(const struct oomt_swap_request *req, const char *sysroot,
                  struct oomt_swap_facts *f)
{
	struct oomt_system_memory mem = { .struct_size = sizeof(mem) };
	struct oomt_swap_areas *areas;
	const struct oomt_swap_area *a;
	int r;

	f->is_root = geteuid() == 0;
	f->page_size_bytes = (uint64_t)oomt_page_size();
	gather_fs(req->path, f);
	gather_file(req->path, f);
	/* the running kernel's, whatever the sysroot: swapon(2) acts on it */
	if (oomt_system_memory_read(NULL, &mem) == 0) {
		f->mem_total_bytes = mem.mem_total_bytes;
		f->mem_available_bytes = mem.mem_available_bytes;
	} else {
		f->mem_total_bytes = f->mem_available_bytes = OOMT_UNKNOWN;
	}
	r = oomt_swap_swappiness_read(sysroot, &f->swappiness);
	if (r < 0)
		f->swappiness = -1;
	f->swappiness_absent = r == -ENOENT;
	gather_etc(req, sysroot, f);
	areas = malloc(sizeof(*areas));
	if (!areas)
		return -ENOMEM;
	if (oomt_swaps_read("/proc/swaps", areas) == 0 && (a = oomt_swaps_find(areas, req->path))) {
		f->file_active = true;
		f->active_size_bytes = a->size_bytes;
		f->active_used_bytes = a->used_bytes;
	}
	free(areas);
	return 0;
}

int oomt_swap_facts_gather(const struct oomt_swap_request *req, const char *sysroot,
                           struct oomt_swap_facts *ret)
{
	struct oomt_swap_facts f = { .struct_size = sizeof(f) };
	int r;

	if (oomt_struct_size_check(req, OOMT_SWAP_REQUEST_SIZE_V1) < 0 ||
	    oomt_struct_size_check(ret, OOMT_SWAP_FACTS_SIZE_V1) < 0 || !req->path ||
	    req->path[0] != '/')
		return -EINVAL;
	r = gather(req, sysroot, &f);
	if (r < 0)
		return r;
	oomt_struct_copy_out(ret, &f, sizeof(f));
	return 0;
}
