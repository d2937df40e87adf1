/* SPDX-License-Identifier: MIT */
/*
 * The processes of every memory cgroup, counted in one pass over /proc/PID/cgroup rather
 * than by opening each cgroup's cgroup.procs: on v1 that file builds, sorts and caches a
 * pid list per open, and a node has many more cgroups than processes hold. The counts are
 * the same (cgroup.procs lists the thread-group leaders visible in this pid namespace,
 * which is what /proc lists); the pass is used only when /proc shows every process (no
 * hidepid, every cgroup file readable), else the walk reads cgroup.procs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/proc.h>
#include "cgroup/limits-internal.h"

struct procs_slot {
	char *path;                   /* NULL: empty slot */
	uint64_t hash;
	enum oomt_cgroup_version version;
	int64_t count;
};

struct oomt_limits_procs {
	struct procs_slot *slots;
	size_t cap, used;             /* cap a power of two, used at most half of it */
};

static uint64_t hash_path(enum oomt_cgroup_version v, const char *s)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)v;   /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct procs_slot *find_slot(struct procs_slot *slots, size_t cap, uint64_t h,
                                    enum oomt_cgroup_version v, const char *path)
{
	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
		struct procs_slot *s = &slots[i];

		if (!s->path || (s->hash == h && s->version == v && strcmp(s->path, path) == 0))
			return s;
	}
}

static int grow(struct oomt_limits_procs *p)
{
	size_t cap = p->cap ? p->cap * 2 : 256;
	struct procs_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < p->cap; i++)
		if (p->slots[i].path)
			*find_slot(slots, cap, p->slots[i].hash, p->slots[i].version,
			           p->slots[i].path) = p->slots[i];
	free(p->slots);
	p->slots = slots;
	p->cap = cap;
	return 0;
}

static int add(struct oomt_limits_procs *p, enum oomt_cgroup_version v, const char *path)
{
	uint64_t h = hash_path(v, path);
	struct procs_slot *s;
	int r;

	if (!*path)
		return 0;
	if ((p->used + 1) * 2 > p->cap && (r = grow(p)) < 0)
		return r;
	s = find_slot(p->slots, p->cap, h, v, path);
	if (!s->path) {
		if (!(s->path = strdup(path)))
			return -ENOMEM;
		s->hash = h;
		s->version = v;
		s->count = 0;
		p->used++;
	}
	s->count++;
	return 0;
}

void oomt_limits_procs_free(struct oomt_limits_procs *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->cap; i++)
		free(p->slots[i].path);
	free(p->slots);
	free(p);
}

int64_t oomt_limits_procs_count(const struct oomt_limits_procs *p, enum oomt_cgroup_version v,
                                const char *path)
{
	const struct procs_slot *s;

	if (!p->cap)
		return 0;
	s = find_slot(p->slots, p->cap, hash_path(v, path), v, path);
	return s->path ? s->count : 0;
}

int oomt_limits_procs_scan(const char *sysroot, struct oomt_limits_procs **ret)
{
	struct oomt_limits_procs *p;
	struct oomt_proc_iter *it;
	int procfd, pid, r;

	if ((r = oomt_proc_open(sysroot, &procfd)) < 0)
		return r;
	/* hidepid: another user's processes are not listed at all; init always exists */
	if (faccessat(procfd, "1/cgroup", R_OK, 0) < 0 || oomt_proc_iter_new(procfd, &it) < 0) {
		close(procfd);
		return -EACCES;
	}
	if (!(p = calloc(1, sizeof(*p)))) {
		oomt_proc_iter_free(it);
		close(procfd);
		return -ENOMEM;
	}
	while (r == 0 && oomt_proc_iter_next(it, &pid) == 0) {
		struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
		int rc = oomt_proc_read_cgroup(procfd, pid, &cg);

		if (rc == -ENOENT || rc == -ESRCH || rc == -ENODATA)
			continue;   /* gone meanwhile, or a zombie */
		if (rc < 0)
			r = rc;     /* unreadable: the counts would be short */
		else if ((r = add(p, OOMT_CGROUP_V1, cg.v1_memory)) == 0)
			r = add(p, OOMT_CGROUP_V2, cg.v2);
	}
	oomt_proc_iter_free(it);
	close(procfd);
	if (r < 0 || p->used == 0) {
		oomt_limits_procs_free(p);
		return r < 0 ? r : -ENOENT;
	}
	*ret = p;
	return 0;
}
