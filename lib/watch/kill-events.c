/* SPDX-License-Identifier: MIT */
/*
 * Which scope an OOM kill belongs to, and each kill reported once. A kill comes from the log
 * (the follower, with its victim) and from the kernel's counters (every scope whose counter
 * counts it: the host's /proc/vmstat, the cgroup's and its ancestors' memory.oom_control or
 * memory.events). The logged kill is reported in the deepest watched cgroup around the one
 * that hit its limit (the host for a machine-wide one) and settles the counts it explains;
 * a count left unexplained for WATCH_KILL_GRACE_USEC is reported on its own, deepest scope
 * first, without a victim.
 */
#include <stdio.h>
#include <string.h>
#include "watch/watch-internal.h"

#define CREDIT_EXPIRE_USEC (60 * 1000000LL)

static bool path_within(const char *path, const char *scope)
{
	size_t n = strlen(scope);

	if (strcmp(scope, "/") == 0)
		return true;
	return strncmp(path, scope, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The kill's scope: the watched cgroup that hit its limit (or the deepest watched one
 * around it), the host for a machine-wide kill. */
static struct oomt_watch_scope_int *kill_scope(struct oomt_watch *w, const struct oomt_watch_kill *k)
{
	struct oomt_watch_scope_int *best = NULL;
	if (!k->memcg[0])
		return w->n_scopes && w->scopes[0]->host ? w->scopes[0] : NULL;
	for (size_t i = 0; i < w->n_scopes; i++) {
		struct oomt_watch_scope_int *s = w->scopes[i];

		if (!s->host && path_within(k->memcg, s->path) &&
		    (!best || strlen(s->path) > strlen(best->path)))
			best = s;
	}
	return best;
}

/* A kill was accounted for: the counters that counted it (the host's, the cgroup's and its
 * watched ancestors' and descendants') owe one less, or hold a credit. */
static void claim(struct oomt_watch *w, const char *memcg, int64_t n, int64_t now_usec)
{
	for (size_t i = 0; i < w->n_scopes; i++) {
		struct oomt_watch_scope_int *s = w->scopes[i];

		if (!s->host && !(memcg && (path_within(memcg, s->path) || path_within(s->path, memcg))))
			continue;
		if (s->pending_kills > 0 && s->pending_kills - n <= 0)
			s->pending_since_usec = now_usec;
		s->pending_kills -= n;
	}
}

static void kill_event(struct oomt_watch *w, struct oomt_watch_scope_int *s,
                       const struct oomt_watch_kill *k)
{
	struct oomt_watch_event *ev = oomt_watch_event_new(w, OOMT_WATCH_OOM_KILL, s);

	if (!s) {  /* a limited cgroup not (yet) among the scopes */
		snprintf(ev->scope, sizeof(ev->scope), "%s", k->memcg);
		oomt_cgroup_unit_name(k->memcg, ev->name, sizeof(ev->name));
		ev->cgroup_version = (int)w->hier.version;
	} else {
		s->pub.oom_kills += (uint64_t)k->count;
		oomt_watch_scope_reset(s);  /* the trend starts again; a kill is no recovery */
		s->pub.used_bytes = OOMT_UNKNOWN;
		ev->eta_sec = OOMT_UNKNOWN;
	}
	ev->has_kill = true;
	ev->kill = *k;
}

void oomt_watch_logged_kills(struct oomt_watch *w, int64_t now_usec)
{
	struct oomt_watch_kill k;

	oomt_watch_kills_drain(&w->kills);
	while (oomt_watch_kills_pop(&w->kills, &k) == 0) {
		struct oomt_watch_scope_int *s = kill_scope(w, &k);
		bool memcg = k.memcg[0] != '\0';

		claim(w, memcg ? k.memcg : NULL, 1, now_usec);
		if (s || (memcg && w->all_cgroups))
			kill_event(w, s, &k);
	}
}

/* Kills the counters saw and the log did not show within the grace time: deepest scopes
 * first, so that a cgroup's kill is not reported again as its parent's or the host's. */
void oomt_watch_counted_kills(struct oomt_watch *w, int64_t now_usec)
{
	for (;;) {
		struct oomt_watch_scope_int *deepest = NULL;

		for (size_t i = 0; i < w->n_scopes; i++) {
			struct oomt_watch_scope_int *s = w->scopes[i];

			if (s->pending_kills < 0 && now_usec - s->pending_since_usec > CREDIT_EXPIRE_USEC)
				s->pending_kills = 0;
			if (s->pending_kills <= 0 || now_usec - s->pending_since_usec < WATCH_KILL_GRACE_USEC)
				continue;
			if (!deepest || deepest->host ||
			    (!s->host && strlen(s->path) > strlen(deepest->path)))
				deepest = s;
		}
		if (!deepest)
			return;
		struct oomt_watch_kill k = { .pid = OOMT_UNKNOWN, .count = deepest->pending_kills,
		                             .killer = "kernel", .rss_bytes = OOMT_UNKNOWN,
		                             .oom_score_adj = OOMT_UNKNOWN };
		if (!deepest->host) {
			snprintf(k.memcg, sizeof(k.memcg), "%s", deepest->path);
			k.constraint = "memcg";
		}
		claim(w, deepest->host ? NULL : deepest->path, k.count, now_usec);
		deepest->pending_kills = 0;
		kill_event(w, deepest, &k);
	}
}

