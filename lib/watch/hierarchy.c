/* SPDX-License-Identifier: MIT */
/*
 * The memory hierarchy, walked: which cgroups have a limit of their own, and where a
 * systemd unit's cgroup is. lib/cgroup's walk (limits-gather.c) builds the limits
 * listing's rows as it goes; the watcher's rescans need one that allocates nothing and
 * reads one file per cgroup. Both belong in lib/cgroup as one walker with a visitor.
 *
 * The hierarchy that holds the memory controller is the one that limits: v1's when it is
 * mounted, else v2's when its memory controller is enabled (lib/cgroup finds them; the
 * choice oomt_cgroup_memory_path() makes for a process).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cgroup/fs.h"
#include "cgroup/parse.h"
#include "util/file.h"
#include "watch/watch-internal.h"

#define WALK_DEPTH_MAX 32

int oomt_watch_hierarchy_open(const struct oomt_cgroup_fs *fs, struct oomt_watch_hierarchy *h)
{
	enum oomt_cgroup_version v = oomt_cgroup_fs_has(fs, OOMT_CGROUP_V1) ? OOMT_CGROUP_V1
	                                                                    : OOMT_CGROUP_V2;
	int fd = oomt_cgroup_fs_dirfd(fs, v);

	h->fd = -1;
	if (fd < 0)
		return -ENOENT;
	/* a descriptor of its own, walked with openat() and getdents64() */
	h->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (h->fd < 0)
		return -errno;
	h->version = v;
	return 0;
}

void oomt_watch_hierarchy_close(struct oomt_watch_hierarchy *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

static const char *limit_file(const struct oomt_watch_hierarchy *h)
{
	return h->version == OOMT_CGROUP_V1 ? "memory.limit_in_bytes" : "memory.max";
}

/* "/a/b" -> "a/b"; "/" -> "." */
static const char *relative(const char *path)
{
	while (*path == '/')
		path++;
	return *path ? path : ".";
}

static int read_limit_at(int dirfd, const char *file, int64_t *ret)
{
	char buf[64];
	size_t len;
	int r = oomt_file_read_at(dirfd, file, buf, sizeof(buf), &len, NULL);

	return r < 0 ? r : oomt_cgroup_parse_limit(buf, len, ret);
}

int oomt_watch_hierarchy_own_limit(const struct oomt_watch_hierarchy *h, const char *path,
                                   int64_t *ret)
{
	char rel[PATH_MAX];

	if (h->fd < 0)
		return -ENOENT;
	if (strstr(path, ".."))
		return -EINVAL;
	if (snprintf(rel, sizeof(rel), "%s/%s", relative(path), limit_file(h)) >= (int)sizeof(rel))
		return -ENAMETOOLONG;
	return read_limit_at(h->fd, rel, ret);
}

struct walk {
	const struct oomt_watch_hierarchy *h;
	int (*fn)(const char *path, int64_t limit_bytes, void *ctx);
	void *ctx;
	char path[PATH_MAX];
};

/* What getdents64(2) returns (readdir() would allocate a DIR for every cgroup at every
 * rescan: the walk runs in the watcher's steady state, so it reads into a stack buffer). */
struct dirent64_raw {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* fd_dir is the cgroup at w->path (len bytes of it); it is closed here. */
static int walk_dir(struct walk *w, int fd_dir, size_t len, unsigned depth)
{
	char buf[2048] __attribute__((aligned(8)));
	long nread;
	int r = 0;

	while (r >= 0 && (nread = syscall(SYS_getdents64, fd_dir, buf, sizeof(buf))) > 0) {
		for (long pos = 0; r >= 0 && pos < nread;) {
			const struct dirent64_raw *de = (const struct dirent64_raw *)(buf + pos);
			int64_t limit;
			size_t n;
			int fd;

			pos += de->d_reclen;
			if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
				continue;
			n = strlen(de->d_name);
			if (len + 1 + n >= sizeof(w->path))
				continue;
			fd = openat(fd_dir, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd < 0)
				continue;  /* removed meanwhile, or not a directory */
			w->path[len] = '/';
			memcpy(w->path + len + 1, de->d_name, n + 1);
			if (read_limit_at(fd, limit_file(w->h), &limit) == 0 && limit != OOMT_UNKNOWN)
				r = w->fn(w->path, limit, w->ctx);
			if (r >= 0 && depth + 1 < WALK_DEPTH_MAX)
				r = walk_dir(w, fd, len + 1 + n, depth + 1);
			else
				close(fd);
			w->path[len] = '\0';
		}
	}
	close(fd_dir);
	return r;
}

int oomt_watch_hierarchy_walk(const struct oomt_watch_hierarchy *h,
                              int (*fn)(const char *path, int64_t limit_bytes, void *ctx),
                              void *ctx)
{
	struct walk w = { .h = h, .fn = fn, .ctx = ctx };
	int fd;

	if (h->fd < 0)
		return -ENOENT;
	fd = openat(h->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	return walk_dir(&w, fd, 0, 0);
}

struct find_unit {
	const char *want;
	char alt[256];             /* want + ".service" when want has no suffix */
	char *ret;
	size_t size;
};

/* Breadth-first: every directory at depth `target` below the one at path. */
static int search_level(int fd_dir, char *path, size_t len, size_t pathsz, unsigned depth,
                        unsigned target, struct find_unit *f)
{
	DIR *d = fdopendir(fd_dir);
	struct dirent *de;
	int r = -ENOENT;

	if (!d) {
		close(fd_dir);
		return -ENOENT;
	}
	while (r == -ENOENT && (de = readdir(d))) {
		size_t n;
		int fd;

		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		n = strlen(de->d_name);
		if (len + 1 + n >= pathsz)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, de->d_name, n + 1);
		if (depth == target) {
			if (strcmp(de->d_name, f->want) == 0 || strcmp(de->d_name, f->alt) == 0) {
				if (len + 1 + n >= f->size)
					r = -ENAMETOOLONG;
				else {
					memcpy(f->ret, path, len + 2 + n);
					r = 0;
				}
			}
		} else {
			fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd >= 0)
				r = search_level(fd, path, len + 1 + n, pathsz, depth + 1, target, f);
		}
		path[len] = '\0';
	}
	closedir(d);
	return r;
}

int oomt_watch_hierarchy_find_unit(const struct oomt_watch_hierarchy *h, const char *unit,
                                   char *ret_path, size_t size)
{
	struct find_unit f = { .want = unit, .ret = ret_path, .size = size };
	char path[PATH_MAX];

	if (h->fd < 0)
		return -ENOENT;
	if (!unit || !*unit || strchr(unit, '/'))
		return -EINVAL;
	if (!strchr(unit, '.'))
		snprintf(f.alt, sizeof(f.alt), "%s.service", unit);
	for (unsigned target = 0; target < 8; target++) {
		int fd = openat(h->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

		if (fd < 0)
			return -errno;
		path[0] = '\0';
		r = search_level(fd, path, 0, sizeof(path), 0, target, &f);
		if (r != -ENOENT)
			return r;
	}
	return -ENOENT;
}
