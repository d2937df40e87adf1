/* SPDX-License-Identifier: MIT */
/* Repeated allocation failures: the failures of one site on one host, counted (model.h). A
 * hash of the site picks the group, so that a log of many failures costs one probe each. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/model.h>

#define BUCKETS 8192

struct oomt_alloc_repeats {
	struct oomt_alloc_repeat *g;
	uint32_t *next;               /* chain of groups in one bucket, UINT32_MAX ends */
	size_t n, cap;
	uint32_t head[BUCKETS];
	uint64_t dropped;
};

static bool is_alloc(const struct oomt_event *ev)
{
	return ev->kind == OOMT_KIND_ALLOCATION_FAILURE;
}

/* In an interrupt the comm is whoever the interrupt hit: the call site names the failure. */
static const char *site_name(const struct oomt_event *ev)
{
	return ev->alloc.in_interrupt && ev->alloc.caller[0] ? ev->alloc.caller : ev->trigger.comm;
}

bool oomt_alloc_same_site(const struct oomt_event *a, const struct oomt_event *b)
{
	return is_alloc(a) && is_alloc(b) && strcmp(a->host, b->host) == 0 &&
	       a->alloc.stall == b->alloc.stall && a->alloc.vmalloc == b->alloc.vmalloc &&
	       a->alloc.in_interrupt == b->alloc.in_interrupt && a->trigger.order == b->trigger.order &&
	       strcmp(a->trigger.gfp_mask, b->trigger.gfp_mask) == 0 &&
	       strcmp(site_name(a), site_name(b)) == 0;
}

static bool group_matches(const struct oomt_alloc_repeat *g, const struct oomt_event *ev)
{
	const char *site = g->in_interrupt && g->caller[0] ? g->caller : g->comm;

	return strcmp(g->host, ev->host) == 0 && g->stall == ev->alloc.stall &&
	       g->vmalloc == ev->alloc.vmalloc && g->in_interrupt == ev->alloc.in_interrupt &&
	       g->order == ev->trigger.order && strcmp(g->gfp_mask, ev->trigger.gfp_mask) == 0 &&
	       strcmp(site, site_name(ev)) == 0;
}

static uint32_t mix(uint32_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static uint32_t bucket_of(const struct oomt_event *ev)
{
	uint32_t h = 2166136261u;
	const char *site = site_name(ev);

	h = mix(h, ev->host, strlen(ev->host));
	h = mix(h, site, strlen(site));
	h = mix(h, ev->trigger.gfp_mask, strlen(ev->trigger.gfp_mask));
	h = mix(h, &ev->trigger.order, sizeof(ev->trigger.order));
	return h % BUCKETS;
}

int oomt_alloc_repeats_new(struct oomt_alloc_repeats **ret)
{
	struct oomt_alloc_repeats *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	memset(r->head, 0xff, sizeof(r->head));
	*ret = r;
	return 0;
}

void oomt_alloc_repeats_free(struct oomt_alloc_repeats *r)
{
	if (!r)
		return;
	free(r->g);
	free(r->next);
	free(r);
}

static struct oomt_alloc_repeat *lookup(const struct oomt_alloc_repeats *r,
                                        const struct oomt_event *ev)
{
	for (uint32_t i = r->head[bucket_of(ev)]; i != UINT32_MAX; i = r->next[i])
		if (group_matches(&r->g[i], ev))
			return &r->g[i];
	return NULL;
}

static void copy_str(char *dst, size_t n, const char *src)
{
	size_t l = strlen(src);

	if (l >= n)
		l = n - 1;
	memcpy(dst, src, l);
	dst[l] = '\0';
}

static struct oomt_alloc_repeat *add_group(struct oomt_alloc_repeats *r, const struct oomt_event *ev)
{
	struct oomt_alloc_repeat *g;
	uint32_t b = bucket_of(ev);

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct oomt_alloc_repeat *ng;
		uint32_t *nn;

		if (cap > OOMT_ALLOC_REPEATS_MAX)
			cap = OOMT_ALLOC_REPEATS_MAX;
		ng = realloc(r->g, cap * sizeof(*ng));
		if (!ng)
			return NULL;
		r->g = ng;
		nn = realloc(r->next, cap * sizeof(*nn));
		if (!nn)
			return NULL;
		r->next = nn;
		r->cap = cap;
	}
	g = &r->g[r->n];
	memset(g, 0, sizeof(*g));
	copy_str(g->host, sizeof(g->host), ev->host);
	copy_str(g->comm, sizeof(g->comm), ev->trigger.comm);
	copy_str(g->caller, sizeof(g->caller), ev->alloc.caller);
	copy_str(g->module, sizeof(g->module), ev->alloc.module);
	copy_str(g->gfp_mask, sizeof(g->gfp_mask), ev->trigger.gfp_mask);
	copy_str(g->gfp_flags, sizeof(g->gfp_flags), ev->trigger.gfp_flags);
	g->order = ev->trigger.order;
	g->stall = ev->alloc.stall;
	g->vmalloc = ev->alloc.vmalloc;
	g->in_interrupt = ev->alloc.in_interrupt;
	g->first_time_usec = ev->time_usec;
	g->first_uptime_usec = ev->uptime_usec;
	copy_str(g->first_id, sizeof(g->first_id), ev->id);
	r->next[r->n] = r->head[b];
	r->head[b] = (uint32_t)r->n;
	r->n++;
	return g;
}

int oomt_alloc_repeats_add(struct oomt_alloc_repeats *r, const struct oomt_event *ev)
{
	struct oomt_alloc_repeat *g;

	if (!r || !ev)
		return -EINVAL;
	if (!is_alloc(ev))
		return 0;
	g = lookup(r, ev);
	if (!g) {
		if (r->n >= OOMT_ALLOC_REPEATS_MAX) {
			r->dropped++;
			return 0;
		}
		g = add_group(r, ev);
		if (!g)
			return -ENOMEM;
	}
	g->count++;
	if (ev->alloc.suppressed_before != OOMT_UNKNOWN && ev->alloc.suppressed_before > 0 &&
	    g->suppressed <= INT64_MAX - ev->alloc.suppressed_before)
		g->suppressed += ev->alloc.suppressed_before;
	g->last_time_usec = ev->time_usec;
	g->last_uptime_usec = ev->uptime_usec;
	copy_str(g->last_id, sizeof(g->last_id), ev->id);
	return 0;
}

size_t oomt_alloc_repeats_count(const struct oomt_alloc_repeats *r)
{
	return r ? r->n : 0;
}

const struct oomt_alloc_repeat *oomt_alloc_repeats_get(const struct oomt_alloc_repeats *r, size_t i)
{
	return r && i < r->n ? &r->g[i] : NULL;
}

const struct oomt_alloc_repeat *oomt_alloc_repeats_find(const struct oomt_alloc_repeats *r,
                                                        const struct oomt_event *ev)
{
	return r && ev && is_alloc(ev) ? lookup(r, ev) : NULL;
}

uint64_t oomt_alloc_repeats_dropped(const struct oomt_alloc_repeats *r)
{
	return r ? r->dropped : 0;
}
