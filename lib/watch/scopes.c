/* SPDX-License-Identifier: MIT */
/*
 * The scopes watched: the host, the cgroups named (opened again when they come back), or
 * every memory cgroup with a limit of its own (found again by each rescan, dropped when
 * gone), at most max_cgroups of them; their effective limits re-read at each rescan.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "watch/watch-internal.h"

static void publish_scopes(struct oomt_watch *w)
{
	for (size_t i = 0; i < w->n_scopes; i++)
		w->pub[i] = &w->scopes[i]->pub;
}

int oomt_watch_scope_add(struct oomt_watch *w, struct oomt_watch_scope_int *s)
{
	if (w->n_scopes == w->cap_scopes) {
		size_t cap = w->cap_scopes ? w->cap_scopes * 2 : 16;
		struct oomt_watch_scope_int **sc;
		const struct oomt_watch_scope **pub;
		struct pollfd *pfds;

		if (cap > w->max_cgroups + 1)
			cap = w->max_cgroups + 1;
		if (w->n_scopes == cap)
			return -ENOSPC;
		sc = realloc(w->scopes, cap * sizeof(*sc));
		if (!sc)
			return -ENOMEM;
		w->scopes = sc;
		pub = realloc(w->pub, cap * sizeof(*pub));
		if (!pub)
			return -ENOMEM;
		w->pub = pub;
		pfds = realloc(w->pfds, (cap + 2) * sizeof(*pfds));
		if (!pfds)
			return -ENOMEM;
		w->pfds = pfds;
		sc = realloc(w->pfd_scope, (cap + 2) * sizeof(*sc));
		if (!sc)
			return -ENOMEM;
		w->pfd_scope = sc;
		w->cap_scopes = cap;
	}
	w->scopes[w->n_scopes++] = s;
	publish_scopes(w);
	return 0;
}

void oomt_watch_scope_drop(struct oomt_watch *w, size_t i)
{
	oomt_watch_scope_free(w->scopes[i]);
	memmove(&w->scopes[i], &w->scopes[i + 1], (w->n_scopes - i - 1) * sizeof(*w->scopes));
	w->n_scopes--;
	publish_scopes(w);
}

static size_t cgroup_scopes(const struct oomt_watch *w)
{
	return w->n_scopes - (w->n_scopes && w->scopes[0]->host);
}

struct oomt_watch_scope_int *oomt_watch_scope_find(struct oomt_watch *w, const char *path)
{
	for (size_t i = 0; i < w->n_scopes; i++)
		if (!w->scopes[i]->host && strcmp(w->scopes[i]->path, path) == 0)
			return w->scopes[i];
	return NULL;
}

static int found_limited(const char *path, int64_t limit_bytes, void *ctx)
{
	struct oomt_watch *w = ctx;
	struct oomt_watch_scope_int *s = oomt_watch_scope_find(w, path);
	int r;

	(void)limit_bytes;
	if (s) {
		s->seen = true;
		return 0;
	}
	if (cgroup_scopes(w) >= w->max_cgroups)
		return 0;  /* bounded: the rest are not watched */
	r = oomt_watch_scope_open_cgroup(w, path, false, &s);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return 0;  /* gone meanwhile */
	s->seen = true;
	s->own_limit = true;
	r = oomt_watch_scope_add(w, s);
	if (r < 0) {
		oomt_watch_scope_free(s);
		return r == -ENOSPC ? 0 : r;
	}
	return 0;
}

/* Every limited cgroup: new ones are added, those gone are dropped; every cgroup's
 * effective limit is read again (someone may have raised it). */
int oomt_watch_rescan(struct oomt_watch *w)
{
	int r = 0;

	if (w->all_cgroups && w->hier.fd >= 0) {
		for (size_t i = 0; i < w->n_scopes; i++)
			w->scopes[i]->seen = w->scopes[i]->host || w->scopes[i]->named;
		r = oomt_watch_hierarchy_walk(&w->hier, found_limited, w);
		for (size_t i = w->n_scopes; i-- > 0;)
			if (!w->scopes[i]->seen)
				oomt_watch_scope_drop(w, i);
	}
	/* a cgroup named that went away (a service restarted: systemd made it anew) */
	for (size_t i = 0; i < w->n_named && w->hier.fd >= 0; i++) {
		struct oomt_watch_scope_int *s;

		if (oomt_watch_scope_find(w, w->named[i]) ||
		    oomt_watch_scope_open_cgroup(w, w->named[i], true, &s) < 0)
			continue;
		if (oomt_watch_scope_add(w, s) < 0)
			oomt_watch_scope_free(s);
	}
	for (size_t i = 0; i < w->n_scopes; i++) {
		struct oomt_watch_scope_int *s = w->scopes[i];
		int64_t limit;

		if (!s->host && oomt_cgroup_effective_limit(w->cgfs, w->hier.version, s->path,
		                                            &limit) == 0)
			s->pub.limit_bytes = limit;
	}
	return r == -ENOMEM ? r : 0;
}

int oomt_watch_open_named(struct oomt_watch *w, const struct oomt_watch_opts *o)
{
	char path[PATH_MAX];
	int r;

	if (o->n_cgroups + o->n_units == 0)
		return 0;
	w->named = calloc(o->n_cgroups + o->n_units, sizeof(*w->named));
	if (!w->named)
		return -ENOMEM;
	for (size_t i = 0; i < o->n_cgroups + o->n_units; i++) {
		struct oomt_watch_scope_int *s;
		const char *p;

		if (w->hier.fd < 0)
			return -ENOENT;
		if (i < o->n_cgroups) {
			p = o->cgroups[i];
		} else {
			r = oomt_watch_hierarchy_find_unit(&w->hier, o->units[i - o->n_cgroups], path,
			                                   sizeof(path));
			if (r < 0)
				return r;
			p = path;
		}
		if (!p || p[0] != '/')
			return -EINVAL;
		if (oomt_watch_scope_find(w, p))
			continue;
		if (!(w->named[w->n_named] = strdup(p)))
			return -ENOMEM;
		w->n_named++;
		if ((r = oomt_watch_scope_open_cgroup(w, p, true, &s)) < 0)
			return r;
		if ((r = oomt_watch_scope_add(w, s)) < 0) {
			oomt_watch_scope_free(s);
			return r;
		}
	}
	return 0;
}

