/* SPDX-License-Identifier: MIT */
/*
 * The limits listing's walk: every memory cgroup of the v1 memory hierarchy and of the v2
 * one, depth first, siblings in name order. Per cgroup it reads:
 *   v1  memory.stat first (its hierarchical_memory_limit and hierarchical_memsw_limit say
 *       whether a limit applies at all: limit_in_bytes and memsw.limit_in_bytes are read
 *       only then), usage_in_bytes, soft_limit_in_bytes, max_usage_in_bytes, failcnt,
 *       oom_control, cgroup.procs (unless /proc gave every cgroup's processes at once,
 *       limits-procs.c)
 *   v2  memory.current (absent below the root: the controller is not enabled there, nor
 *       anywhere below), .min .low .high .max .peak .swap.current .swap.max .events
 *       .events.local .stat .pressure .oom.group, cgroup.procs
 * A directory is listed only when it has subdirectories (kernfs counts them in st_nlink,
 * as find(1) relies on), so leaves cost no readdir. Every file is opened relative to the
 * cgroup's directory, held as an O_PATH fd, in one read (measured on 1,000 v1 cgroups:
 * cheaper than opening the directory or than "dir/file" paths from its parent; reading with
 * a few threads was no faster on a busy 2-CPU machine and cost more memory). A cgroup
 * removed while it is read is skipped and counted. Nearly all of the time is the kernel's,
 * about 4 us an open (10 for v1 memory.stat): the cost of a listing is the files it reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/cgroup.h>
#include "cgroup/fs.h"
#include "cgroup/limits-internal.h"
#include "cgroup/parse.h"
#include "cgroup/walk.h"
#include "proc/parse.h"
#include "util/file.h"

#define NAME_MAX_LEN 384

struct walk {
	struct oomt_limits *l;
	enum oomt_cgroup_version v;
	const char *path;             /* the cgroup being read (the walker's) */
	size_t depth0;                /* the start's depth in the hierarchy */
	int64_t base_max, base_high;  /* the limits above the start */
	size_t idx[OOMT_LIMITS_MAX_DEPTH + 1];               /* the node of each level */
	char base[OOMT_LIMITS_MAX_DEPTH + 1][NAME_MAX_LEN];  /* workload name per depth */
};

/* ---- parsers ---- */

struct stat_key {
	const char *key;
	size_t len;
	size_t off;
};

#define SK(k, m) { k, sizeof(k) - 1, offsetof(struct oomt_cgroup_stat, m) }
static const struct stat_key v2_keys[] = {
	SK("anon", anon_bytes), SK("file", file_bytes), SK("shmem", shmem_bytes),
	SK("inactive_file", inactive_file_bytes),
};
static const struct stat_key v1_keys[] = {
	SK("total_rss", anon_bytes), SK("total_cache", file_bytes),
	SK("total_shmem", shmem_bytes), SK("total_inactive_file", inactive_file_bytes),
	SK("total_swap", swap_bytes),
	SK("hierarchical_memory_limit", hierarchical_limit_bytes),
	SK("hierarchical_memsw_limit", hierarchical_memsw_limit_bytes),
};
#undef SK

/* "key value\n" lines: the value of each key of the table found. */
int oomt_cgroup_parse_stat(const char *buf, size_t len, enum oomt_cgroup_version v,
                           struct oomt_cgroup_stat *ret)
{
	struct oomt_cgroup_stat st = { OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN,
	                               OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN, false, false };
	const struct stat_key *keys = v == OOMT_CGROUP_V1 ? v1_keys : v2_keys;
	size_t nkeys = v == OOMT_CGROUP_V1 ? sizeof(v1_keys) / sizeof(v1_keys[0])
	                                   : sizeof(v2_keys) / sizeof(v2_keys[0]);
	const char *p = buf, *end = buf + len;
	bool found = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
		const char *sp = memchr(p, ' ', (size_t)(le - p));

		for (size_t i = 0; sp && i < nkeys; i++) {
			int64_t val;

			if ((size_t)(sp - p) != keys[i].len || memcmp(p, keys[i].key, keys[i].len) != 0)
				continue;
			if (oomt_cgroup_parse_limit(sp + 1, (size_t)(le - sp - 1), &val) == 0) {
				memcpy((char *)&st + keys[i].off, &val, sizeof(val));
				found = true;
				if (keys[i].off == offsetof(struct oomt_cgroup_stat, hierarchical_limit_bytes))
					st.has_hierarchical_limit = true;
				if (keys[i].off ==
				    offsetof(struct oomt_cgroup_stat, hierarchical_memsw_limit_bytes))
					st.has_hierarchical_memsw_limit = true;
			}
			break;
		}
		p = nl ? nl + 1 : end;
	}
	if (!found)
		return -ENODATA;
	*ret = st;
	return 0;
}

void oomt_cgroup_parse_events(const char *buf, size_t len, struct oomt_limits_events *ret)
{
	static const char *const keys[] = { "low", "high", "max", "oom", "oom_kill",
	                                    "oom_group_kill" };
	int64_t *out[] = { &ret->low, &ret->high, &ret->max, &ret->oom, &ret->oom_kill,
	                   &ret->oom_group_kill };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (oomt_cgroup_parse_keyed(buf, len, keys[i], out[i]) < 0)
			*out[i] = OOMT_UNKNOWN;
}

/* ---- readers ---- */

#define OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)

/*
 * A cgroup file read whole into buf (NUL-terminated), the way the walk can afford a dozen
 * of them per cgroup on a node with thousands: a read shorter than the buffer is the whole
 * file (the kernel's seq_file fills the buffer while it has records, as a regular file of
 * a sysroot tree does), so the usual second read that meets the end is saved. A file
 * larger than buf goes to oomt_file_read_at, which cuts it at a line.
 */
static int read_file(int dfd, const char *name, char *buf, size_t bufsz, size_t *ret_len)
{
	ssize_t n;
	int fd = openat(dfd, name, OPEN_FLAGS);

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, bufsz - 1)) < 0 && errno == EINTR)
		;
	close(fd);
	if (n < 0)
		return -errno;
	if ((size_t)n == bufsz - 1)
		return oomt_file_read_at(dfd, name, buf, bufsz, ret_len, NULL);
	buf[n] = '\0';
	*ret_len = (size_t)n;
	return 0;
}

static int read_num(int dfd, const char *name, int64_t *ret)
{
	char buf[64];
	size_t len;
	int r = read_file(dfd, name, buf, sizeof(buf), &len);

	if (r < 0)
		return r;
	return oomt_cgroup_parse_limit(buf, len, ret);
}

/* Lines of cgroup.procs, read in pieces: a cgroup can hold any number of processes. */
static int64_t count_lines(int dfd, const char *name)
{
	char buf[4096];
	int64_t lines = 0;
	ssize_t n;
	int fd = openat(dfd, name, OPEN_FLAGS);

	if (fd < 0)
		return OOMT_UNKNOWN;
	do {
		while ((n = read(fd, buf, sizeof(buf))) < 0 && errno == EINTR)
			;
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
	} while (n == (ssize_t)sizeof(buf));   /* shorter: that was the end (read_file) */
	close(fd);
	return n < 0 ? OOMT_UNKNOWN : lines;
}

static void row_init(struct oomt_limits_row *r)
{
	static const struct oomt_limits_events unknown = { OOMT_UNKNOWN, OOMT_UNKNOWN,
		OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN };

	memset(r, 0, sizeof(*r));
	r->parent_row = OOMT_LIMITS_NO_PARENT;
	r->current_bytes = r->working_set_bytes = r->anon_bytes = r->file_bytes = OOMT_UNKNOWN;
	r->shmem_bytes = r->inactive_file_bytes = r->peak_bytes = OOMT_UNKNOWN;
	r->min_bytes = r->low_bytes = r->high_bytes = r->max_bytes = OOMT_UNKNOWN;
	r->soft_limit_bytes = r->memsw_max_bytes = OOMT_UNKNOWN;
	r->effective_max_bytes = r->effective_high_bytes = OOMT_UNKNOWN;
	r->headroom_bytes = r->high_headroom_bytes = OOMT_UNKNOWN;
	r->swap_current_bytes = r->swap_max_bytes = OOMT_UNKNOWN;
	r->events = r->events_local = unknown;
	r->oom_group = r->under_oom = r->oom_kill_disable = OOMT_UNKNOWN;
	r->psi_some_avg10 = r->psi_full_avg10 = NAN;
	r->psi_some_total_usec = r->psi_full_total_usec = OOMT_UNKNOWN;
	r->procs = OOMT_UNKNOWN;
}

static void apply_stat(struct oomt_limits_row *r, const struct oomt_cgroup_stat *st)
{
	r->anon_bytes = st->anon_bytes;
	r->file_bytes = st->file_bytes;
	r->shmem_bytes = st->shmem_bytes;
	r->inactive_file_bytes = st->inactive_file_bytes;
}

/* -ENOENT: gone (or not a memory cgroup); else 0 with what could be read. */
static int read_v1(int dfd, struct oomt_limits_row *r)
{
	struct oomt_cgroup_stat st;
	char buf[8192];
	size_t len;
	int rc = read_file(dfd, "memory.stat", buf, sizeof(buf), &len);

	if (rc < 0)
		return rc == -ENOENT || rc == -ENODEV ? -ENOENT : rc;
	if (oomt_cgroup_parse_stat(buf, len, OOMT_CGROUP_V1, &st) == 0) {
		apply_stat(r, &st);
		r->swap_current_bytes = st.swap_bytes;
	} else {
		st.has_hierarchical_limit = st.has_hierarchical_memsw_limit = false;
	}
	read_num(dfd, "memory.usage_in_bytes", &r->current_bytes);
	/* hierarchical_* is the tightest limit from the root down: unlimited there means
	 * unlimited here, and the file need not be read */
	if (!st.has_hierarchical_limit || st.hierarchical_limit_bytes != OOMT_UNKNOWN)
		read_num(dfd, "memory.limit_in_bytes", &r->max_bytes);
	if (st.has_hierarchical_memsw_limit && st.hierarchical_memsw_limit_bytes != OOMT_UNKNOWN)
		read_num(dfd, "memory.memsw.limit_in_bytes", &r->memsw_max_bytes);
	read_num(dfd, "memory.soft_limit_in_bytes", &r->soft_limit_bytes);
	read_num(dfd, "memory.max_usage_in_bytes", &r->peak_bytes);
	/* this cgroup's own: v1 does not pass events up (the walk sums them, sum_v1_events) */
	read_num(dfd, "memory.failcnt", &r->events_local.max);
	if (read_file(dfd, "memory.oom_control", buf, sizeof(buf), &len) == 0) {
		oomt_cgroup_parse_keyed(buf, len, "oom_kill", &r->events_local.oom_kill);
		oomt_cgroup_parse_keyed(buf, len, "under_oom", &r->under_oom);
		oomt_cgroup_parse_keyed(buf, len, "oom_kill_disable", &r->oom_kill_disable);
	}
	r->events.max = r->events_local.max;
	r->events.oom_kill = r->events_local.oom_kill;
	return 0;
}

static void read_pressure(int dfd, struct oomt_limits_row *r)
{
	struct oomt_memory_pressure ps;
	char buf[512];
	size_t len;

	if (read_file(dfd, "memory.pressure", buf, sizeof(buf), &len) < 0 ||
	    oomt_proc_parse_pressure(buf, len, &ps) < 0)
		return;
	r->psi_some_avg10 = ps.some.avg10;
	r->psi_some_total_usec = ps.some.total_usec;
	if (ps.has_full) {
		r->psi_full_avg10 = ps.full.avg10;
		r->psi_full_total_usec = ps.full.total_usec;
	}
}

static int read_v2(int dfd, struct oomt_limits_row *r, bool root)
{
	struct oomt_cgroup_stat st;
	char buf[8192];
	size_t len;
	int rc = read_num(dfd, "memory.current", &r->current_bytes);

	if (rc == -ENOENT && !root)
		return -ENOENT;   /* the memory controller is not enabled in this cgroup */
	if (rc == -ENODEV)
		return -ENOENT;
	read_num(dfd, "memory.min", &r->min_bytes);
	read_num(dfd, "memory.low", &r->low_bytes);
	read_num(dfd, "memory.high", &r->high_bytes);
	read_num(dfd, "memory.max", &r->max_bytes);
	read_num(dfd, "memory.peak", &r->peak_bytes);
	read_num(dfd, "memory.swap.current", &r->swap_current_bytes);
	read_num(dfd, "memory.swap.max", &r->swap_max_bytes);
	read_num(dfd, "memory.oom.group", &r->oom_group);
	if (read_file(dfd, "memory.events", buf, sizeof(buf), &len) == 0)
		oomt_cgroup_parse_events(buf, len, &r->events);
	if (read_file(dfd, "memory.events.local", buf, sizeof(buf), &len) == 0)
		oomt_cgroup_parse_events(buf, len, &r->events_local);
	if (read_file(dfd, "memory.stat", buf, sizeof(buf), &len) == 0 &&
	    oomt_cgroup_parse_stat(buf, len, OOMT_CGROUP_V2, &st) == 0)
		apply_stat(r, &st);
	read_pressure(dfd, r);
	return 0;
}

/* ---- the walk ---- */

static int64_t tighter(int64_t own, int64_t parent)
{
	if (own == OOMT_UNKNOWN)
		return parent;
	return parent == OOMT_UNKNOWN || own < parent ? own : parent;
}

static int64_t diff_or_unknown(int64_t a, int64_t b)
{
	return a == OOMT_UNKNOWN || b == OOMT_UNKNOWN ? OOMT_UNKNOWN : a - b;
}

static void derive(struct oomt_limits_row *r, const struct oomt_limits_row *parent,
                   int64_t base_max, int64_t base_high)
{
	r->effective_max_bytes = tighter(r->max_bytes, parent ? parent->effective_max_bytes
	                                                      : base_max);
	r->effective_high_bytes = tighter(r->high_bytes, parent ? parent->effective_high_bytes
	                                                        : base_high);
	r->headroom_bytes = diff_or_unknown(r->effective_max_bytes, r->current_bytes);
	r->high_headroom_bytes = diff_or_unknown(r->effective_high_bytes, r->current_bytes);
	if (r->current_bytes != OOMT_UNKNOWN && r->inactive_file_bytes != OOMT_UNKNOWN)
		r->working_set_bytes = r->current_bytes > r->inactive_file_bytes
		                       ? r->current_bytes - r->inactive_file_bytes : 0;
}

static enum oomt_limits_kind kind_of(const struct oomt_cgroup_workload *w)
{
	switch (w->kind) {
	case OOMT_WORKLOAD_POD:
		return w->container_id[0] ? OOMT_LIMITS_KIND_CONTAINER : OOMT_LIMITS_KIND_POD;
	case OOMT_WORKLOAD_CONTAINER: return OOMT_LIMITS_KIND_CONTAINER;
	case OOMT_WORKLOAD_UNIT: return OOMT_LIMITS_KIND_UNIT;
	case OOMT_WORKLOAD_SLICE: return OOMT_LIMITS_KIND_SLICE;
	case OOMT_WORKLOAD_SYSTEM_CONTAINER: return OOMT_LIMITS_KIND_LXC;
	case OOMT_WORKLOAD_SLURM_JOB: return OOMT_LIMITS_KIND_JOB;
	default: return OOMT_LIMITS_KIND_CGROUP;
	}
}

static int new_node(struct oomt_limits *l, size_t *ret)
{
	if (l->nnodes == l->nchunks * OOMT_LIMITS_CHUNK) {
		struct oomt_limits_node **grown = realloc(l->chunks,
		                                          (l->nchunks + 1) * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		l->chunks = grown;
		if (!(l->chunks[l->nchunks] = malloc(OOMT_LIMITS_CHUNK * sizeof(**grown))))
			return -ENOMEM;
		l->nchunks++;
	}
	*ret = l->nnodes++;
	return 0;
}

/* The names of the row: the workload's, or inside a workload's own cgroup the parent's
 * name and this component. */
static int name_row(struct walk *w, struct oomt_limits_node *nd,
                    const struct oomt_limits_node *parent, size_t depth)
{
	struct oomt_limits *l = w->l;
	struct oomt_cgroup_workload wl = { .struct_size = sizeof(wl) };
	struct oomt_limits_row *r = &nd->row;
	char name[NAME_MAX_LEN + 256];
	const char *comp = strrchr(w->path, '/');

	oomt_cgroup_workload_lookup(l->names, w->path, &wl);
	oomt_cgroup_workload_name(&wl, w->path, w->base[depth], sizeof(w->base[depth]));
	nd->workload_root = depth == 0 || strcmp(w->base[depth], w->base[depth - 1]) != 0;
	if (nd->workload_root)
		snprintf(name, sizeof(name), "%s", w->base[depth]);
	else
		snprintf(name, sizeof(name), "%s/%s", parent ? parent->row.name : w->base[depth],
		         comp ? comp + 1 : "");
	r->kind = kind_of(&wl);
	r->runtime = wl.runtime;
	r->qos = wl.qos;
	r->path = oomt_limits_strdup(l, w->path);
	r->name = oomt_limits_strdup(l, name);
	r->unit = oomt_limits_strdup(l, wl.unit);
	r->container_id = oomt_limits_strdup(l, wl.container_id);
	r->container_name = oomt_limits_strdup(l, wl.container_name);
	r->pod_uid = oomt_limits_strdup(l, wl.pod_uid);
	r->pod_name = oomt_limits_strdup(l, wl.pod_name);
	r->pod_namespace = oomt_limits_strdup(l, wl.pod_namespace);
	if (!r->path || !r->name || !r->unit || !r->container_id || !r->container_name ||
	    !r->pod_uid || !r->pod_name || !r->pod_namespace)
		return -ENOMEM;
	return 0;
}

/* One cgroup, before its subdirectories (the walker's enter): its row, named, under its
 * parent's. A cgroup that cannot be read is counted and its subtree left out. */
static int visit(void *ctx, int dfd, const char *path, size_t level)
{
	struct walk *w = ctx;
	struct oomt_limits *l = w->l;
	size_t depth = w->depth0 + level, idx;
	size_t parent_idx = level == 0 ? OOMT_LIMITS_NO_PARENT : w->idx[depth - 1];
	struct oomt_limits_node *nd, *parent = parent_idx == OOMT_LIMITS_NO_PARENT ? NULL
	                                       : oomt_limits_node(l, parent_idx);
	struct oomt_limits_row r;
	int rc;

	w->path = path;
	row_init(&r);
	r.version = w->v;
	rc = w->v == OOMT_CGROUP_V1 ? read_v1(dfd, &r) : read_v2(dfd, &r, strcmp(w->path, "/") == 0);
	if (rc == -ENOENT) {
		if (w->v == OOMT_CGROUP_V1 || depth == 0)
			l->stats.vanished++;
		return 1;   /* gone, or (v2) no memory controller here nor below */
	}
	if (rc < 0) {
		l->stats.vanished++;
		return 1;
	}
	r.procs = l->procs ? oomt_limits_procs_count(l->procs, w->v, w->path)
	                   : count_lines(dfd, "cgroup.procs");
	r.depth = depth;
	derive(&r, parent ? &parent->row : NULL, level == 0 ? w->base_max : OOMT_UNKNOWN,
	       level == 0 ? w->base_high : OOMT_UNKNOWN);
	if ((rc = new_node(l, &idx)) < 0)
		return rc;
	nd = oomt_limits_node(l, idx);
	parent = parent_idx == OOMT_LIMITS_NO_PARENT ? NULL : oomt_limits_node(l, parent_idx);
	nd->row = r;
	nd->walk_parent = parent_idx;
	nd->selected = false;
	if ((rc = name_row(w, nd, parent, depth)) < 0)
		return rc;
	l->stats.cgroups++;
	w->idx[depth] = idx;
	return 0;
}

static void skipped(void *ctx, enum oomt_cgroup_walk_skip why)
{
	struct oomt_limits *l = ((struct walk *)ctx)->l;

	if (why == OOMT_CGROUP_WALK_TOO_DEEP)
		l->stats.truncated++;
	else if (why == OOMT_CGROUP_WALK_GONE)
		l->stats.vanished++;
}

/* The tightest max and high above path (exclusive): the limits a walk that starts at path
 * inherits. */
static void limits_above(int rootfd, enum oomt_cgroup_version v, const char *path,
                         int64_t *ret_max, int64_t *ret_high)
{
	char p[OOMT_LIMITS_PATH_MAX], *slash;
	int64_t max = OOMT_UNKNOWN, high = OOMT_UNKNOWN;

	snprintf(p, sizeof(p), "%s", path);
	while ((slash = strrchr(p, '/')) && slash != p) {
		int64_t val;
		char file[OOMT_LIMITS_PATH_MAX + 32];

		*slash = '\0';
		snprintf(file, sizeof(file), "%s/%s", p + 1,
		         v == OOMT_CGROUP_V1 ? "memory.limit_in_bytes" : "memory.max");
		if (read_num(rootfd, file, &val) == 0)
			max = tighter(val, max);
		snprintf(file, sizeof(file), "%s/memory.high", p + 1);
		if (v == OOMT_CGROUP_V2 && read_num(rootfd, file, &val) == 0)
			high = tighter(val, high);
	}
	*ret_max = max;
	*ret_high = high;
}

static void add_known(int64_t *sum, int64_t v)
{
	if (v != OOMT_UNKNOWN && *sum != OOMT_UNKNOWN)
		*sum += v;
}

/* v1 counts failcnt and oom_kill in the cgroup they happened in only (memcg_memory_event()
 * passes events up on v2 alone): give events the v2 meaning, the cgroup and everything
 * below it, by summing the walk's nodes [first, l->nnodes) into their parents. Preorder:
 * children come after their parent, so the reverse visits every child first. */
static void sum_v1_events(struct oomt_limits *l, size_t first)
{
	for (size_t i = l->nnodes; i-- > first;) {
		const struct oomt_limits_node *nd = oomt_limits_node(l, i);
		struct oomt_limits_node *parent;

		if (nd->walk_parent == OOMT_LIMITS_NO_PARENT)
			continue;
		parent = oomt_limits_node(l, nd->walk_parent);
		add_known(&parent->row.events.max, nd->row.events.max);
		add_known(&parent->row.events.oom_kill, nd->row.events.oom_kill);
	}
}

/* Walk hierarchy v from start ("/" or a cgroup path). -ENOENT when start is not there. */
static int walk_hierarchy(struct oomt_limits *l, struct walk *w, enum oomt_cgroup_version v,
                          const char *start)
{
	int rootfd = oomt_cgroup_fs_dirfd(l->fs, v), r;
	size_t depth = 0, before = l->nnodes;
	char path[OOMT_LIMITS_PATH_MAX];
	size_t len;

	if (strstr(start, "..") || strlen(start) >= sizeof(path))
		return -EINVAL;
	snprintf(path, sizeof(path), "/%s", start + strspn(start, "/"));
	len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	for (const char *p = path; *p; p++)
		depth += *p == '/' && p[1];
	if (depth > OOMT_LIMITS_MAX_DEPTH)
		return -EINVAL;
	w->v = v;
	w->depth0 = depth;
	w->base_max = w->base_high = OOMT_UNKNOWN;
	if (depth > 0) {
		/* the workload name of the parent, to name a cgroup inside a workload's own */
		struct oomt_cgroup_workload wl = { .struct_size = sizeof(wl) };
		char parent[OOMT_LIMITS_PATH_MAX];
		char *slash;

		limits_above(rootfd, v, path, &w->base_max, &w->base_high);
		snprintf(parent, sizeof(parent), "%s", path);
		slash = strrchr(parent, '/');
		slash[slash == parent ? 1 : 0] = '\0';
		oomt_cgroup_workload_lookup(l->names, parent, &wl);
		oomt_cgroup_workload_name(&wl, parent, w->base[depth - 1], sizeof(w->base[0]));
	}
	r = oomt_cgroup_walk(rootfd, path, &(const struct oomt_cgroup_walk){
		.max_depth = OOMT_LIMITS_MAX_DEPTH - depth, .sorted = true, .ctx = w,
		.enter = visit, .skipped = skipped });
	if (r == 0 && v == OOMT_CGROUP_V1)
		sum_v1_events(l, before);
	if (r == 0 && l->nnodes == before)
		r = -ENOENT;   /* gone, unreadable, or a v2 cgroup without the memory controller */
	return r;
}

int oomt_limits_gather(struct oomt_limits *l, const char *cgroup)
{
	static const enum oomt_cgroup_version order[] = { OOMT_CGROUP_V1, OOMT_CGROUP_V2 };
	struct walk *w = malloc(sizeof(*w));
	bool found = false;
	int r = 0;

	if (!w)
		return -ENOMEM;
	w->l = l;
	for (size_t i = 0; i < 2 && r >= 0; i++) {
		int rv;

		if (!oomt_cgroup_fs_has(l->fs, order[i]))
			continue;
		rv = walk_hierarchy(l, w, order[i], cgroup && *cgroup ? cgroup : "/");
		if (rv == 0)
			found = true;
		else if (rv != -ENOENT && rv != -ENOTDIR)
			r = rv;
	}
	free(w);
	if (r == 0 && !found)
		r = -ENOENT;
	return r;
}
