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
#include <oomtool/record.h>
#include <oomtool/swap.h>

int oomt_swap_join(const char *root, const char *rel, char *ret, size_t retsz)
{
	size_t rl = strlen(root);
	int n;

	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	while (*rel == '/')
		rel++;
	n = snprintf(ret, retsz, "%.*s/%s", (int)rl, root, rel);
	return n < 0 || (size_t)n >= retsz ? -ENAMETOOLONG : 0;
}

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

/* "MemTotal:       24684312 kB" (every kernel since 2.6; MemAvailable since 3.14). */
int oomt_swap_meminfo_read(const char *proc, int64_t *total, int64_t *available)
{
	char path[PATH_MAX], line[256];
	FILE *f;
	long long v;

	if (oomt_swap_join(proc, "meminfo", path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	*total = *available = OOMT_UNKNOWN;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "MemTotal: %lld kB", &v) == 1 && v >= 0 && v < INT64_MAX / 1024)
			*total = v * 1024;
		else if (sscanf(line, "MemAvailable: %lld kB", &v) == 1 && v >= 0 &&
		         v < INT64_MAX / 1024)
			*available = v * 1024;
	}
	fclose(f);
	return 0;
}

static int read_line(const char *path, char *buf, size_t bufsz)
{
	FILE *f = fopen(path, "re");
	int r = 0;

	if (!f)
		return -errno;
	if (!fgets(buf, (int)bufsz, f))
		r = -EIO;
	fclose(f);
	return r;
}

int oomt_swap_swappiness_read(const char *proc, int *ret)
{
	char path[PATH_MAX], line[32], *end;
	long v;
	int r;

	if (oomt_swap_join(proc, "sys/vm/swappiness", path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	r = read_line(path, line, sizeof(line));
	if (r < 0)
		return r;
	v = strtol(line, &end, 10);
	if (end == line || v < 0 || v > 200)
		return -EINVAL;
	*ret = (int)v;
	return 0;
}

int oomt_swap_zswap_read(const char *sys, bool *ret)
{
	char path[PATH_MAX], line[8];
	int r;

	if (oomt_swap_join(sys, "module/zswap/parameters/enabled", path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	r = read_line(path, line, sizeof(line));
	if (r < 0)
		return r;
	*ret = line[0] == 'Y' || line[0] == 'y' || line[0] == '1';
	return 0;
}

int oomt_swap_sysctl_text(int swappiness, char *buf, size_t bufsz)
{
	int n = snprintf(buf, bufsz, "# Written by oomtool swap-setup.\nvm.swappiness = %d\n",
	                 swappiness);

	return n < 0 || (size_t)n >= bufsz ? -ENOSPC : 0;
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
	page = calloc(1, f->page_size);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (page && fd >= 0 && pread(fd, page, f->page_size, 0) == (ssize_t)f->page_size &&
	    oomt_swap_header_is_swap(page, f->page_size))
		f->file_state = OOMT_SWAP_FILE_SWAP;
	if (fd >= 0)
		close(fd);
	free(page);
}

static void gather_etc(const struct oomt_swap_request *req, const char *root,
                       struct oomt_swap_facts *f)
{
	char path[PATH_MAX], want[128];
	struct oomt_fstab_entry e;
	struct statvfs sv;
	char *buf = NULL;
	size_t len = 0;
	int r;

	if (oomt_swap_join(root, "etc", path, sizeof(path)) == 0 && statvfs(path, &sv) == 0)
		f->etc_readonly = sv.f_flag & ST_RDONLY;
	if (oomt_swap_join(root, "etc/fstab", path, sizeof(path)) == 0) {
		r = oomt_swap_read_small(path, OOMT_SWAP_FSTAB_MAX, &buf, &len);
		if (r == -EFBIG)
			f->fstab_too_big = true;
		else if (r == 0)
			f->fstab_has_entry = oomt_fstab_find_swap(buf, len, req->path, &e);
		free(buf);
		buf = NULL;
	}
	if (req->swappiness >= 0 &&
	    oomt_swap_join(root, OOMT_SWAP_SYSCTL_FILE, path, sizeof(path)) == 0 &&
	    oomt_swap_sysctl_text(req->swappiness, want, sizeof(want)) == 0 &&
	    oomt_swap_read_small(path, 4096, &buf, &len) == 0)
		f->sysctl_conf_current = len == strlen(want) && memcmp(buf, want, len) == 0;
	free(buf);
}

int oomt_swap_facts_gather(const struct oomt_swap_request *req, const char *root,
                           const char *proc, struct oomt_swap_facts *ret)
{
	struct oomt_swap_areas *areas;
	const struct oomt_swap_area *a;
	char path[PATH_MAX];
	int64_t ps = oomt_page_size();

	memset(ret, 0, sizeof(*ret));
	ret->is_root = geteuid() == 0;
	ret->page_size = (uint64_t)ps;
	ret->swappiness = -1;
	gather_fs(req->path, ret);
	gather_file(req->path, ret);
	if (oomt_swap_meminfo_read(proc, &ret->mem_total_bytes, &ret->mem_available_bytes) < 0)
		ret->mem_total_bytes = ret->mem_available_bytes = OOMT_UNKNOWN;
	(void)oomt_swap_swappiness_read(proc, &ret->swappiness);
	gather_etc(req, root, ret);
	areas = malloc(sizeof(*areas));
	if (!areas)
		return -ENOMEM;
	if (oomt_swap_join(proc, "swaps", path, sizeof(path)) == 0 &&
	    oomt_swaps_read(path, areas) == 0 && (a = oomt_swaps_find(areas, req->path))) {
		ret->file_active = true;
		ret->active_size_bytes = a->size_bytes;
		ret->active_used_bytes = a->used_bytes;
	}
	free(areas);
	return 0;
}
