/* SPDX-License-Identifier: MIT */
/* Every memory cgroup's OOM kill counter: see oom-kills.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cgroup/fs.h"
#include "cgroup/oom-kills.h"
#include "cgroup/parse.h"
#include "cgroup/walk.h"
#include "util/file.h"

/* Deeper than any real hierarchy (systemd + Kubernetes nest ~6 levels); bounds the fds the
 * walk holds open, one per level. */
#define WALK_DEPTH_MAX 64

/* A cgroup with a kill counted in it or below it. */
struct node {
	char *path;
	int64_t events, events_local, children_events;
};

/* The counters of a cgroup on the walk's way down, until its children are summed. */
struct level {
	int64_t events, events_local, children_events;
};

struct walk {
	enum oomt_cgroup_version version;
	struct level levels[WALK_DEPTH_MAX + 1];
	struct node *nodes;
	size_t n, cap;
	uint64_t cgroups, unreadable;
};

int64_t oomt_cgroup_oom_kills_own(int64_t events, int64_t events_local, int64_t children_events)
{
	int64_t rest;

	if (events == OOMT_UNKNOWN)
		return events_local == OOMT_UNKNOWN ? 0 : events_local;
	if (events_local == OOMT_UNKNOWN)
		return events;
	rest = events - events_local - (children_events > 0 ? children_events : 0);
	return events_local + (rest > 0 ? rest : 0);
}

/* The oom_kill line of file in dfd: 0, or -errno (-ENODATA: no such line, before 4.13). */
static int read_oom_kill(int dfd, const char *file, int64_t *ret)
{
	char buf[512];
	size_t len;
	int r = oomt_file_read_at(dfd, file, buf, sizeof(buf), &len, NULL);

	return r < 0 ? r : oomt_cgroup_parse_keyed(buf, len, "oom_kill", ret);
}

static int add_node(struct walk *w, const char *path, const struct level *lv)
{
	struct node *nd;

	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 32;

		nd = realloc(w->nodes, cap * sizeof(*nd));
		if (!nd)
			return -ENOMEM;
		w->nodes = nd;
		w->cap = cap;
	}
	nd = &w->nodes[w->n];
	if (!(nd->path = strdup(path)))
		return -ENOMEM;
	nd->events = lv->events;
	nd->events_local = lv->events_local;
	nd->children_events = lv->children_events;
	w->n++;
	return 0;
}

/* A cgroup's counters, before its subtree. */
static int enter(void *ctx, int dfd, const char *path, size_t depth)
{
	struct walk *w = ctx;
	struct level *lv = &w->levels[depth];
	bool root = depth == 0;
	int r;

	(void)path;
	*lv = (struct level){ OOMT_UNKNOWN, OOMT_UNKNOWN, 0 };
	if (w->version == OOMT_CGROUP_V1) {
		r = read_oom_kill(dfd, "memory.oom_control", &lv->events);
	} else if (root) {
		r = 0;                    /* v2's root has no memory.events: its kills are vmstat's */
	} else {
		r = read_oom_kill(dfd, "memory.events", &lv->events);
		/* without the file the memory controller is off here, and so in the whole
		 * subtree: nothing below can count a kill */
		if (r == -ENOENT)
			return 1;
		if (r == 0 && read_oom_kill(dfd, "memory.events.local", &lv->events_local) < 0)
			lv->events_local = OOMT_UNKNOWN;
	}
	if (!root || w->version == OOMT_CGROUP_V1)
		w->cgroups++;
	if (r < 0)
		w->unreadable++;
	return 0;
}

/* After its subtree: its row when a kill is counted in it or below, its count to its
 * parent's sum. */
static int leave(void *ctx, const char *path, size_t depth)
{
	struct walk *w = ctx;
	const struct level *lv = &w->levels[depth];
	int r = 0;

	if ((lv->events != OOMT_UNKNOWN && lv->events > 0) ||
	    (lv->events_local != OOMT_UNKNOWN && lv->events_local > 0) || lv->children_events > 0)
		r = add_node(w, path, lv);
	if (depth > 0 && lv->events != OOMT_UNKNOWN)
		w->levels[depth - 1].children_events += lv->events;
	return r;
}

static void skipped(void *ctx, enum oomt_cgroup_walk_skip why)
{
	(void)why;
	((struct walk *)ctx)->unreadable++;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct oomt_cgroup_oom_kills *x = a, *y = b;

	return strcmp(x->path, y->path);
}

/* Nodes -> rows: the kills each cgroup stands for; whether removed children roll up. */
static int make_rows(struct walk *w, struct oomt_cgroup_oom_table *t)
{
	t->rows = calloc(w->n ? w->n : 1, sizeof(*t->rows));
	if (!t->rows)
		return -ENOMEM;
	for (size_t i = 0; i < w->n; i++) {
		struct node *nd = &w->nodes[i];
		int64_t own = oomt_cgroup_oom_kills_own(nd->events, nd->events_local,
		                                        nd->children_events);

		/* a hierarchical count larger than the local one: this kernel propagates */
		if (nd->events != OOMT_UNKNOWN && nd->events_local != OOMT_UNKNOWN &&
		    nd->events > nd->events_local)
			t->rolls_up = true;
		if (own <= 0)
			continue;
		t->rows[t->n].path = nd->path;
		t->rows[t->n].oom_kill = own;
		nd->path = NULL;
		t->n++;
	}
	if (t->n > 1)
		qsort(t->rows, t->n, sizeof(*t->rows), cmp_rows);
	return 0;
}

int oomt_cgroup_oom_table_read(const struct oomt_cgroup_fs *fs, struct oomt_cgroup_oom_table *ret)
{
	struct oomt_cgroup_oom_table t = { 0 };
	struct walk *w;
	int dfd, r;

	t.version = oomt_cgroup_fs_has(fs, OOMT_CGROUP_V1) ? OOMT_CGROUP_V1
	            : oomt_cgroup_fs_has(fs, OOMT_CGROUP_V2) ? OOMT_CGROUP_V2 : 0;
	if (!t.version)
		return -ENOENT;
	dfd = oomt_cgroup_fs_dirfd(fs, t.version);
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->version = t.version;
	r = oomt_cgroup_walk(dfd, "/", &(const struct oomt_cgroup_walk){
		.max_depth = WALK_DEPTH_MAX, .ctx = w,
		.enter = enter, .leave = leave, .skipped = skipped });
	if (r == 0)
		r = make_rows(w, &t);
	t.cgroups = w->cgroups;
	t.unreadable = w->unreadable;
	for (size_t i = 0; i < w->n; i++)
		free(w->nodes[i].path);
	free(w->nodes);
	free(w);
	if (r < 0) {
		oomt_cgroup_oom_table_done(&t);
		return r;
	}
	*ret = t;
	return 0;
}

void oomt_cgroup_oom_table_done(struct oomt_cgroup_oom_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i].path);
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

/* Whether the cgroup at path (relative to the hierarchy's root) exists. */
static bool cgroup_exists(int dfd, const char *path)
{
	struct stat st;

	while (*path == '/')
		path++;
	return fstatat(dfd, *path ? path : ".", &st, 0) == 0 && S_ISDIR(st.st_mode);
}

/* An absolute path whose components are names (the kernel's paths never climb). */
static bool plain_path(const char *path)
{
	if (path[0] != '/')
		return false;
	for (const char *p = path; *p; ) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
	}
	return true;
}

bool oomt_cgroup_oom_owner(const struct oomt_cgroup_fs *fs, const struct oomt_cgroup_oom_table *t,
                           const char *path, char *buf, size_t bufsz)
{
	int dfd = oomt_cgroup_fs_dirfd(fs, t->version);
	size_t len;

	if (bufsz == 0)
		return false;
	snprintf(buf, bufsz, "%s", path);
	if (dfd < 0 || !plain_path(path) || strlen(path) >= bufsz)
		return false;
	len = strlen(buf);
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';
	while (!cgroup_exists(dfd, buf)) {
		char *slash = strrchr(buf, '/');

		if (!t->rolls_up || !slash || !buf[1]) {
			snprintf(buf, bufsz, "%s", path);
			return false;
		}
		slash[slash == buf] = '\0';    /* the parent; "/" for a top-level cgroup */
	}
	/* v2's root has no counter: what it stands for is only in /proc/vmstat */
	return !(t->version == OOMT_CGROUP_V2 && strcmp(buf, "/") == 0);
}
