/* SPDX-License-Identifier: MIT */
/*
 * The limits listing (limits.h): the rows the walk read (limits-gather.c), the ones a query
 * selects, in its order. Rows live in chunks that never move, their strings in an arena,
 * so a listing of every cgroup of a busy node stays small (issue 10: 1,000 cgroups in
 * under 4 MiB of peak RSS for the whole command).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/limits.h>
#include "cgroup/limits-internal.h"
#include "util/struct-size.h"

#define QUERY_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_limits_query, pod)
#define ARENA_CHUNK 16384

struct oomt_limits_arena {
	struct oomt_limits_arena *next;
	size_t used, size;
	char data[];
};

const char *oomt_limits_strdup(struct oomt_limits *l, const char *s)
{
	struct oomt_limits_arena *a = l->arena;
	size_t n;

	if (!s || !*s)
		return "";
	n = strlen(s) + 1;
	if (!a || a->size - a->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		if (!(a = malloc(sizeof(*a) + size)))
			return NULL;
		a->size = size;
		a->used = 0;
		/* a string larger than a chunk gets its own, behind the current one */
		if (n > ARENA_CHUNK && l->arena) {
			a->next = l->arena->next;
			l->arena->next = a;
		} else {
			a->next = l->arena;
			l->arena = a;
		}
	}
	memcpy(a->data + a->used, s, n);
	a->used += n;
	return a->data + a->used - n;
}

static void arena_free(struct oomt_limits *l)
{
	while (l->arena) {
		struct oomt_limits_arena *next = l->arena->next;

		free(l->arena);
		l->arena = next;
	}
}

int oomt_limits_new(const char *sysroot, struct oomt_limits **ret)
{
	struct oomt_limits *l = calloc(1, sizeof(*l));
	int r;

	if (!l)
		return -ENOMEM;
	if (sysroot && !(l->sysroot = strdup(sysroot))) {
		free(l);
		return -ENOMEM;
	}
	r = oomt_cgroup_fs_open(sysroot, &l->fs);
	if (r == 0)
		r = oomt_cgroup_names_new(sysroot, &l->names);
	if (r < 0) {
		oomt_limits_free(l);
		return r;
	}
	*ret = l;
	return 0;
}

void oomt_limits_free(struct oomt_limits *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nchunks; i++)
		free(l->chunks[i]);
	free(l->chunks);
	arena_free(l);
	free(l->listing);
	oomt_cgroup_names_free(l->names);
	oomt_limits_procs_free(l->procs);
	oomt_cgroup_fs_free(l->fs);
	free(l->sysroot);
	free(l);
}

size_t oomt_limits_nrows(const struct oomt_limits *l)
{
	return l ? l->nlisting : 0;
}

const struct oomt_limits_row *oomt_limits_row(const struct oomt_limits *l, size_t i)
{
	if (!l || i >= l->nlisting)
		return NULL;
	return &oomt_limits_node(l, l->listing[i])->row;
}

const struct oomt_limits_stats *oomt_limits_stats(const struct oomt_limits *l)
{
	return &l->stats;
}

const char *oomt_limits_kind_name(enum oomt_limits_kind k)
{
	switch (k) {
	case OOMT_LIMITS_KIND_SLICE: return "slice";
	case OOMT_LIMITS_KIND_UNIT: return "unit";
	case OOMT_LIMITS_KIND_CONTAINER: return "container";
	case OOMT_LIMITS_KIND_POD: return "pod";
	case OOMT_LIMITS_KIND_LXC: return "lxc";
	case OOMT_LIMITS_KIND_JOB: return "job";
	default: return "cgroup";
	}
}

/* ---- selection ---- */

static bool is_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

bool oomt_limits_match_container(const struct oomt_limits_row *r, const char *sel)
{
	size_t n = strlen(sel);

	if (!r->container_id[0] || n == 0)
		return false;
	if (n >= 4 && is_hex(sel) && strncmp(r->container_id, sel, n) == 0)
		return true;
	return strcmp(r->container_name, sel) == 0;
}

/* "<namespace>/<pod>" against a row's pod. */
static bool ns_pod_is(const struct oomt_limits_row *r, const char *sel, size_t n)
{
	size_t nsl = strlen(r->pod_namespace);

	return nsl > 0 && n == nsl + 1 + strlen(r->pod_name) &&
	       memcmp(sel, r->pod_namespace, nsl) == 0 && sel[nsl] == '/' &&
	       memcmp(sel + nsl + 1, r->pod_name, n - nsl - 1) == 0;
}

bool oomt_limits_match_pod(const struct oomt_limits_row *r, const char *sel)
{
	size_t n = strlen(sel);

	if (!r->pod_uid[0] || n == 0)
		return false;
	if (strcmp(r->pod_uid, sel) == 0 || (strncmp(sel, "pod", 3) == 0 &&
	                                     strcmp(r->pod_uid, sel + 3) == 0))
		return true;
	if (r->pod_name[0] && strcmp(r->pod_name, sel) == 0)
		return true;
	return r->pod_name[0] && ns_pod_is(r, sel, n);
}

static bool has_own_limit(const struct oomt_limits_row *r)
{
	return r->max_bytes != OOMT_UNKNOWN || r->high_bytes != OOMT_UNKNOWN ||
	       r->memsw_max_bytes != OOMT_UNKNOWN;
}

static bool positive(int64_t v)
{
	return v != OOMT_UNKNOWN && v > 0;
}

/* Its own limit was hit (oom), or a process in it was killed: the local counts, so that
 * the ancestors of a killed cgroup are not all listed; the hierarchical ones where the
 * kernel has no local file (v2 before 5.2). */
static bool ever_oomed(const struct oomt_limits_row *r)
{
	const struct oomt_limits_events *e = &r->events_local;

	if (e->oom == OOMT_UNKNOWN && e->oom_kill == OOMT_UNKNOWN)
		e = &r->events;
	return positive(e->oom) || positive(e->oom_kill) || positive(e->oom_group_kill) ||
	       positive(r->under_oom);
}

static bool selected(const struct oomt_limits_row *r, const struct oomt_limits_query *q)
{
	bool selector = q->unit || q->container || q->pod || q->cgroup;

	if (q->unit && strcmp(r->unit, q->unit) != 0)
		return false;
	if (q->container && !oomt_limits_match_container(r, q->container))
		return false;
	if (q->pod && !oomt_limits_match_pod(r, q->pod))
		return false;
	return q->all || selector || has_own_limit(r) || ever_oomed(r);
}

/* ---- order ---- */

/* Closest to its limit first: headroom / effective limit; then the cgroups without a
 * limit, most OOM kills and largest first; then by path. */
static int compare_rows(const void *pa, const void *pb, void *arg)
{
	const struct oomt_limits *l = arg;
	const struct oomt_limits_row *a = &oomt_limits_node(l, *(const size_t *)pa)->row;
	const struct oomt_limits_row *b = &oomt_limits_node(l, *(const size_t *)pb)->row;
	bool ka = a->headroom_bytes != OOMT_UNKNOWN && a->effective_max_bytes > 0;
	bool kb = b->headroom_bytes != OOMT_UNKNOWN && b->effective_max_bytes > 0;
	int64_t ea = a->events.oom_kill == OOMT_UNKNOWN ? 0 : a->events.oom_kill;
	int64_t eb = b->events.oom_kill == OOMT_UNKNOWN ? 0 : b->events.oom_kill;
	int c;

	if (ka != kb)
		return ka ? -1 : 1;
	if (ka) {
		double ra = (double)a->headroom_bytes / (double)a->effective_max_bytes;
		double rb = (double)b->headroom_bytes / (double)b->effective_max_bytes;

		if (ra != rb)
			return ra < rb ? -1 : 1;
	} else {
		if (ea != eb)
			return ea > eb ? -1 : 1;
		if (a->current_bytes != b->current_bytes)
			return a->current_bytes > b->current_bytes ? -1 : 1;
	}
	if (a->version != b->version)
		return a->version < b->version ? -1 : 1;
	c = strcmp(a->path, b->path);
	return c;
}

static int build_listing(struct oomt_limits *l, const struct oomt_limits_query *q)
{
	size_t *pos;

	free(l->listing);
	l->listing = NULL;
	l->nlisting = 0;
	if (l->nnodes == 0)
		return 0;
	l->listing = malloc(l->nnodes * sizeof(*l->listing));
	pos = malloc(l->nnodes * sizeof(*pos));
	if (!l->listing || !pos) {
		free(pos);
		return -ENOMEM;
	}
	for (size_t i = 0; i < l->nnodes; i++) {
		struct oomt_limits_node *nd = oomt_limits_node(l, i);

		nd->selected = selected(&nd->row, q);
		nd->row.context = false;
	}
	if (q->tree) {
		/* every ancestor of a selected row comes along, as context */
		for (size_t i = l->nnodes; i-- > 0;) {
			struct oomt_limits_node *nd = oomt_limits_node(l, i);

			if ((nd->selected || nd->row.context) && nd->walk_parent != OOMT_LIMITS_NO_PARENT) {
				struct oomt_limits_node *p = oomt_limits_node(l, nd->walk_parent);

				if (!p->selected)
					p->row.context = true;
			}
		}
	}
	for (size_t i = 0; i < l->nnodes; i++) {
		const struct oomt_limits_node *nd = oomt_limits_node(l, i);

		if (nd->selected || nd->row.context)
			l->listing[l->nlisting++] = i;
	}
	if (!q->tree && l->nlisting > 1)
		qsort_r(l->listing, l->nlisting, sizeof(*l->listing), compare_rows, l);
	for (size_t i = 0; i < l->nnodes; i++)
		pos[i] = OOMT_LIMITS_NO_PARENT;
	for (size_t k = 0; k < l->nlisting; k++)
		pos[l->listing[k]] = k;
	for (size_t k = 0; k < l->nlisting; k++) {
		struct oomt_limits_node *nd = oomt_limits_node(l, l->listing[k]);

		nd->row.parent_row = nd->walk_parent == OOMT_LIMITS_NO_PARENT
		                     ? OOMT_LIMITS_NO_PARENT : pos[nd->walk_parent];
	}
	free(pos);
	return 0;
}

int oomt_limits_refresh(struct oomt_limits *l, const struct oomt_limits_query *q)
{
	int r = oomt_struct_size_check(q, QUERY_SIZE_V1);

	if (r < 0 || !l)
		return -EINVAL;
	l->nnodes = 0;
	arena_free(l);
	free(l->listing);
	l->listing = NULL;
	l->nlisting = 0;
	memset(&l->stats, 0, sizeof(l->stats));
	/* new pods and containers since the last refresh: list their files again */
	oomt_cgroup_names_free(l->names);
	l->names = NULL;
	if ((r = oomt_cgroup_names_new(l->sysroot, &l->names)) < 0)
		return r;
	oomt_limits_procs_free(l->procs);
	l->procs = NULL;
	if (oomt_limits_procs_scan(l->sysroot, &l->procs) < 0)
		l->procs = NULL;   /* each cgroup's cgroup.procs, then */
	r = oomt_limits_gather(l, q->cgroup);
	l->stats.names_unreadable = oomt_cgroup_names_unreadable(l->names);
	if (r < 0)
		return r;
	return build_listing(l, q);
}
