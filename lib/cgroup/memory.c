/* SPDX-License-Identifier: MIT */
/* cgroup v1/v2 memory controller readers; see cgroup.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/cgroup.h>
#include "source/record.h"
#include "cgroup/fs.h"
#include "cgroup/parse.h"
#include "proc/parse.h"
#include "util/file.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"

#define MEMORY_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_cgroup_memory, oom_kill_disable)

/* v1 reports "no limit" as PAGE_COUNTER_MAX * PAGE_SIZE, which depends on the page size
 * (9223372036854771712 with 4 KiB pages); anything this large cannot be a real limit. */
#define V1_UNLIMITED_MIN (INT64_C(1) << 62)

struct oomt_cgroup_fs {
	int v1_memory_fd;  /* <sysroot>/sys/fs/cgroup/memory, or -1 */
	int v2_fd;         /* the v2 hierarchy with the memory controller enabled, or -1 */
	char v1_dir[PATH_MAX], v2_dir[PATH_MAX];   /* their paths, "" when not open */
};

static int open_dir(const char *sysroot, const char *sub)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s%s", sysroot, sub) >= (int)sizeof(path))
		return -1;
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* The v2 hierarchy is /sys/fs/cgroup (unified) or /sys/fs/cgroup/unified (hybrid); only
 * useful when the memory controller is enabled there. */
static int open_v2(const char *sysroot, char *dir, size_t dirsz)
{
	static const char *const where[] = { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" };

	for (size_t i = 0; i < 2; i++) {
		char buf[512];
		size_t len;
		int fd = open_dir(sysroot, where[i]);

		if (fd < 0)
			continue;
		if (oomt_file_read_at(fd, "cgroup.controllers", buf, sizeof(buf), &len, NULL) == 0) {
			for (char *t = strtok(buf, " \n"); t; t = strtok(NULL, " \n"))
				if (strcmp(t, "memory") == 0) {
					snprintf(dir, dirsz, "%s%s", sysroot, where[i]);
					return fd;
				}
		}
		close(fd);
	}
	return -1;
}

int oomt_cgroup_fs_open(const char *sysroot, struct oomt_cgroup_fs **ret)
{
	struct oomt_cgroup_fs *fs;

	if (oomt_sysroot_is_live(sysroot))
		sysroot = "";
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->v1_memory_fd = open_dir(sysroot, "/sys/fs/cgroup/memory");
	if (fs->v1_memory_fd >= 0)
		snprintf(fs->v1_dir, sizeof(fs->v1_dir), "%s/sys/fs/cgroup/memory", sysroot);
	fs->v2_fd = open_v2(sysroot, fs->v2_dir, sizeof(fs->v2_dir));
	if (fs->v1_memory_fd < 0 && fs->v2_fd < 0) {
		free(fs);
		return -ENOENT;
	}
	*ret = fs;
	return 0;
}

void oomt_cgroup_fs_free(struct oomt_cgroup_fs *fs)
{
	if (!fs)
		return;
	if (fs->v1_memory_fd >= 0)
		close(fs->v1_memory_fd);
	if (fs->v2_fd >= 0)
		close(fs->v2_fd);
	free(fs);
}

static int fs_dir(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v)
{
	if (!fs)
		return -1;
	return v == OOMT_CGROUP_V1 ? fs->v1_memory_fd : v == OOMT_CGROUP_V2 ? fs->v2_fd : -1;
}

int oomt_cgroup_fs_dirfd(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v)
{
	return fs_dir(fs, v);
}

bool oomt_cgroup_fs_has(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v)
{
	return fs_dir(fs, v) >= 0;
}

const char *oomt_cgroup_fs_dir(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v)
{
	if (fs_dir(fs, v) < 0)
		return NULL;
	return v == OOMT_CGROUP_V1 ? fs->v1_dir : fs->v2_dir;
}

/* This project's target machines still run v1: when its memory hierarchy is mounted, the
 * kernel charges and limits the process there, whatever a v2 path says. */
enum oomt_cgroup_version oomt_cgroup_memory_path(const struct oomt_cgroup_fs *fs,
                                                 const struct oomt_proc_cgroup *cg,
                                                 const char **ret_path)
{
	if (cg->v1_memory[0] && (oomt_cgroup_fs_has(fs, OOMT_CGROUP_V1) || !cg->v2[0])) {
		*ret_path = cg->v1_memory;
		return OOMT_CGROUP_V1;
	}
	*ret_path = cg->v2;
	return cg->v2[0] ? OOMT_CGROUP_V2 : 0;
}

int oomt_cgroup_parse_limit(const char *buf, size_t len, int64_t *ret)
{
	int64_t v;
	int r;

	if (len >= 3 && memcmp(buf, "max", 3) == 0 && (len == 3 || buf[3] == '\n')) {
		*ret = OOMT_UNKNOWN;
		return 0;
	}
	r = oomt_proc_parse_int(buf, len, &v);
	if (r < 0 || v < 0)
		return -ENODATA;
	*ret = v >= V1_UNLIMITED_MIN ? OOMT_UNKNOWN : v;
	return 0;
}

/* "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n" (v1 memory.oom_control) or
 * "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n" (v2 memory.events). */
int oomt_cgroup_parse_keyed(const char *buf, size_t len, const char *key, int64_t *ret)
{
	size_t kl = strlen(key);
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = (size_t)((nl ? nl : end) - p);

		if (ll > kl && memcmp(p, key, kl) == 0 && p[kl] == ' ') {
			int64_t v;
			if (oomt_proc_parse_int(p + kl + 1, ll - kl - 1, &v) == 0 && v >= 0) {
				*ret = v;
				return 0;
			}
		}
		p = nl ? nl + 1 : end;
	}
	return -ENODATA;
}

/* dir-relative file: "a/b" + "/" + name, with the leading '/' of cgroup paths dropped. */
static int read_cg_file(int dirfd, const char *path, const char *name, char *buf, size_t bufsz,
                        size_t *len)
{
	char rel[PATH_MAX];

	if (dirfd < 0)
		return -ENOENT;
	while (*path == '/')
		path++;
	if (snprintf(rel, sizeof(rel), "%s%s%s", *path ? path : ".", "/", name) >=
	    (int)sizeof(rel))
		return -ENAMETOOLONG;
	if (strstr(rel, ".."))
		return -EINVAL;  /* paths come from /proc; never climb out of the hierarchy */
	return oomt_file_read_at(dirfd, rel, buf, bufsz, len, NULL);
}

static int read_value(int dirfd, const char *path, const char *name, int64_t *ret)
{
	char buf[64];
	size_t len;
	int r = read_cg_file(dirfd, path, name, buf, sizeof(buf), &len);

	return r < 0 ? r : oomt_cgroup_parse_limit(buf, len, ret);
}

int oomt_cgroup_value_read(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                           const char *path, const char *file, int64_t *ret)
{
	return read_value(fs_dir(fs, v), path, file, ret);
}

int oomt_cgroup_memory_read(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                            const char *path, struct oomt_cgroup_memory *ret)
{
	struct oomt_cgroup_memory m = { sizeof(m), OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN,
	                                OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN };
	int dirfd = fs_dir(fs, v), r = oomt_struct_size_check(ret, MEMORY_SIZE_V1);
	char buf[512];
	size_t len;

	if (r < 0)
		return r;
	r = read_value(dirfd, path, v == OOMT_CGROUP_V1 ? "memory.limit_in_bytes" : "memory.max",
	               &m.limit_bytes);
	if (r < 0)
		return r;  /* no hierarchy, or the cgroup itself is gone or unreadable */
	read_value(dirfd, path, v == OOMT_CGROUP_V1 ? "memory.usage_in_bytes" : "memory.current",
	           &m.usage_bytes);
	read_value(dirfd, path, v == OOMT_CGROUP_V1 ? "memory.max_usage_in_bytes" : "memory.peak",
	           &m.peak_bytes);
	if (v == OOMT_CGROUP_V1 &&
	    read_cg_file(dirfd, path, "memory.oom_control", buf, sizeof(buf), &len) == 0) {
		oomt_cgroup_parse_keyed(buf, len, "oom_kill", &m.oom_kill_events);
		oomt_cgroup_parse_keyed(buf, len, "under_oom", &m.under_oom);
		oomt_cgroup_parse_keyed(buf, len, "oom_kill_disable", &m.oom_kill_disable);
	} else if (v == OOMT_CGROUP_V2 &&
	           read_cg_file(dirfd, path, "memory.events", buf, sizeof(buf), &len) == 0) {
		oomt_cgroup_parse_keyed(buf, len, "oom", &m.oom_events);
		oomt_cgroup_parse_keyed(buf, len, "oom_kill", &m.oom_kill_events);
	}
	oomt_struct_copy_out(ret, &m, sizeof(m));
	return 0;
}

int oomt_cgroup_effective_limit(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                                const char *path, int64_t *ret)
{
	char p[PATH_MAX];
	int64_t best = OOMT_UNKNOWN;
	int dirfd = fs_dir(fs, v);
	bool found = false;

	if (dirfd < 0)
		return -ENOENT;
	if (snprintf(p, sizeof(p), "%s", path) >= (int)sizeof(p))
		return -ENAMETOOLONG;
	/* The root cgroup has no limit file in v2 and an unlimited one in v1. */
	for (;;) {
		int64_t lim;
		char *slash;

		if (read_value(dirfd, p, v == OOMT_CGROUP_V1 ? "memory.limit_in_bytes" : "memory.max",
		               &lim) == 0) {
			found = true;
			if (lim != OOMT_UNKNOWN && (best == OOMT_UNKNOWN || lim < best))
				best = lim;
		}
		slash = strrchr(p, '/');
		if (!slash || slash == p || p[0] == '\0')
			break;
		*slash = '\0';
	}
	if (!found)
		return -ENOENT;
	*ret = best;
	return 0;
}
