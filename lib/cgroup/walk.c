/* SPDX-License-Identifier: MIT */
/* The one walker of a cgroup hierarchy: see walk.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cgroup/walk.h"

struct walk {
	const struct oomt_cgroup_walk *w;
	char path[PATH_MAX];          /* the cgroup being visited: "/", "/a/b" */
	size_t len;
};

/* What getdents64(2) returns (readdir() would allocate a DIR for every directory). */
struct dirent64_raw {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static void skipped(struct walk *k, enum oomt_cgroup_walk_skip why)
{
	if (k->w->skipped)
		k->w->skipped(k->w->ctx, why);
}

static bool is_subdir(int dfd, const char *name, unsigned char type)
{
	struct stat st;

	if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
		return false;
	if (type == DT_DIR)
		return true;
	if (type != DT_UNKNOWN)
		return false;
	return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/* kernfs (and most filesystems) count a directory's subdirectories in st_nlink: a leaf
 * has 2. */
static bool may_have_subdirs(int dfd)
{
	struct stat st;

	return fstat(dfd, &st) < 0 || st.st_nlink != 2;
}

static int visit(struct walk *k, int dfd, size_t depth);

/* Subdirectory NAME of the cgroup at dfd (k->path): its path, then the visit. */
static int visit_subdir(struct walk *k, int dfd, const char *name, size_t depth)
{
	size_t save = k->len, n = strlen(name), sep = save > 1;
	int cfd, r = 0;

	if (depth + 1 > k->w->max_depth || save + sep + n + 1 > sizeof(k->path)) {
		skipped(k, OOMT_CGROUP_WALK_TOO_DEEP);
		return 0;
	}
	cfd = openat(dfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (cfd < 0) {
		skipped(k, OOMT_CGROUP_WALK_GONE);
		return 0;
	}
	if (sep)
		k->path[k->len++] = '/';
	memcpy(k->path + k->len, name, n + 1);
	k->len += n;
	r = visit(k, cfd, depth + 1);
	close(cfd);
	k->len = save;
	k->path[save] = '\0';
	return r;
}

/* fn(ctx, name) for each subdirectory of the directory open as lfd (dfd's), until fn
 * returns < 0. */
static int each_subdir(int lfd, int dfd, int (*fn)(void *ctx, const char *name), void *ctx)
{
	char buf[2048] __attribute__((aligned(8)));
	long nread;
	int r = 0;

	while (r >= 0 && (nread = syscall(SYS_getdents64, lfd, buf, sizeof(buf))) > 0) {
		for (long pos = 0; r >= 0 && pos < nread;) {
			const struct dirent64_raw *de = (const struct dirent64_raw *)(buf + pos);

			pos += de->d_reclen;
			if (is_subdir(dfd, de->d_name, de->d_type))
				r = fn(ctx, de->d_name);
		}
	}
	return r;
}

struct in_order {              /* an unsorted walk: each subdirectory as it is read */
	struct walk *k;
	int dfd;
	size_t depth;
};

static int visit_now(void *ctx, const char *name)
{
	struct in_order *o = ctx;

	return visit_subdir(o->k, o->dfd, name, o->depth);
}

struct names {                 /* a sorted walk: the names first */
	char **v;
	size_t n;
};

static int keep_name(void *ctx, const char *name)
{
	struct names *ns = ctx;
	char **grown = realloc(ns->v, (ns->n + 1) * sizeof(*ns->v));

	if (!grown)
		return -ENOMEM;
	ns->v = grown;
	if (!(ns->v[ns->n] = strdup(name)))
		return -ENOMEM;
	ns->n++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The subdirectories of the cgroup at dfd, listed through lfd (closed here). */
static int visit_subdirs(struct walk *k, int lfd, int dfd, size_t depth)
{
	struct in_order now = { k, dfd, depth };
	struct names ns = { NULL, 0 };
	int r;

	if (!k->w->sorted) {
		r = each_subdir(lfd, dfd, visit_now, &now);
		close(lfd);
		return r;
	}
	r = each_subdir(lfd, dfd, keep_name, &ns);
	close(lfd);           /* before going down: one directory open per level, not two */
	if (r == 0 && ns.n > 1)
		qsort(ns.v, ns.n, sizeof(*ns.v), by_name);
	for (size_t i = 0; r >= 0 && i < ns.n; i++)
		r = visit_subdir(k, dfd, ns.v[i], depth);
	for (size_t i = 0; i < ns.n; i++)
		free(ns.v[i]);
	free(ns.v);
	return r;
}

static int visit(struct walk *k, int dfd, size_t depth)
{
	int r = k->w->enter(k->w->ctx, dfd, k->path, depth), lfd;

	if (r < 0)
		return r;
	if (r == 0 && may_have_subdirs(dfd)) {
		lfd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (lfd < 0)
			skipped(k, OOMT_CGROUP_WALK_UNLISTED);
		else if ((r = visit_subdirs(k, lfd, dfd, depth)) < 0)
			return r;
	}
	return k->w->leave ? k->w->leave(k->w->ctx, k->path, depth) : 0;
}

int oomt_cgroup_walk(int root_dfd, const char *path, const struct oomt_cgroup_walk *w)
{
	struct walk k = { .w = w };
	const char *rel = path;
	int fd, r;

	while (*rel == '/')
		rel++;
	if (strstr(path, "..") || strlen(path) + 1 >= sizeof(k.path))
		return -EINVAL;
	fd = openat(root_dfd, *rel ? rel : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	k.len = (size_t)snprintf(k.path, sizeof(k.path), "/%s", rel);
	while (k.len > 1 && k.path[k.len - 1] == '/')
		k.path[--k.len] = '\0';
	r = visit(&k, fd, 0);
	close(fd);
	return r;
}
