/* SPDX-License-Identifier: MIT */
/*
 * The memory hierarchy, walked: which cgroups have a limit of their own, and where a
 * systemd unit's cgroup is, through lib/cgroup's one walker (cgroup/walk.h), unsorted so
 * that the watcher's rescans allocate nothing, reading one file per cgroup.
 *
 * The hierarchy that holds the memory controller is the one that limits: v1's when it is
 * mounted, else v2's when its memory controller is enabled (lib/cgroup finds them; the
 * choice oomt_cgroup_memory_path() makes for a process).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cgroup/fs.h"
#include "cgroup/parse.h"
#include "cgroup/walk.h"
#include "util/file.h"
#include "watch/watch-internal.h"

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

/* Deeper than any real hierarchy (systemd + Kubernetes nest ~6 levels). */
#define WALK_DEPTH_MAX 32

struct limits_walk {
	const struct oomt_watch_hierarchy *h;
	int (*fn)(const char *path, int64_t limit_bytes, void *ctx);
	void *ctx;
};

/* Every cgroup below the root with a limit of its own, to fn. */
static int limit_of(void *ctx, int dfd, const char *path, size_t depth)
{
	struct limits_walk *w = ctx;
	int64_t limit;
	int r;

	if (depth == 0)
		return 0;
	if (read_limit_at(dfd, limit_file(w->h), &limit) == 0 && limit != OOMT_UNKNOWN &&
	    (r = w->fn(path, limit, w->ctx)) < 0)
		return r;
	return 0;
}

int oomt_watch_hierarchy_walk(const struct oomt_watch_hierarchy *h,
                              int (*fn)(const char *path, int64_t limit_bytes, void *ctx),
                              void *ctx)
{
	struct limits_walk w = { .h = h, .fn = fn, .ctx = ctx };

	if (h->fd < 0)
		return -ENOENT;
	return oomt_cgroup_walk(h->fd, "/", &(const struct oomt_cgroup_walk){
		.max_depth = WALK_DEPTH_MAX, .ctx = &w, .enter = limit_of });
}

struct find_unit {
	const char *want;
	char alt[256];             /* want + ".service" when want has no suffix */
	char *ret;
	size_t size;
	size_t found_depth;        /* of the match kept: the shallowest, the first met */
	int err;
};

#define FIND_DEPTH_MAX 8

static int unit_match(void *ctx, int dfd, const char *path, size_t depth)
{
	struct find_unit *f = ctx;
	const char *name = strrchr(path, '/') + 1;

	(void)dfd;
	if (depth > 0 && depth < f->found_depth &&
	    (strcmp(name, f->want) == 0 || strcmp(name, f->alt) == 0)) {
		if (strlen(path) >= f->size)
			return -ENAMETOOLONG;
		memcpy(f->ret, path, strlen(path) + 1);
		f->found_depth = depth;
	}
	/* nothing deeper than a match, nor than the deepest a unit sits */
	return depth + 1 < f->found_depth && depth < FIND_DEPTH_MAX ? 0 : 1;
}

int oomt_watch_hierarchy_find_unit(const struct oomt_watch_hierarchy *h, const char *unit,
                                   char *ret_path, size_t size)
{
	struct find_unit f = { .want = unit, .ret = ret_path, .size = size,
	                       .found_depth = SIZE_MAX };
	int r;

	if (h->fd < 0)
		return -ENOENT;
	if (!unit || !*unit || strchr(unit, '/'))
		return -EINVAL;
	if (!strchr(unit, '.'))
		snprintf(f.alt, sizeof(f.alt), "%s.service", unit);
	r = oomt_cgroup_walk(h->fd, "/", &(const struct oomt_cgroup_walk){
		.max_depth = FIND_DEPTH_MAX, .ctx = &f, .enter = unit_match });
	if (r < 0)
		return r;
	return f.found_depth == SIZE_MAX ? -ENOENT : 0;
}
