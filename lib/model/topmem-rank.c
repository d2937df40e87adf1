/* SPDX-License-Identifier: MIT */
/* top-mem selection, pruning, aggregation and growth; see topmem-rank.h. Pure: no I/O except
 * through the caller's read_pss callback. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "source/record.h"
#include "model/topmem-rank.h"

int64_t oomt_topmem_key(const struct oomt_topmem_proc *p, enum oomt_topmem_sort sort)
{
	switch (sort) {
	case OOMT_TOPMEM_SORT_PSS:
		return p->pss_bytes != OOMT_UNKNOWN ? p->pss_bytes : p->rss_bytes;
	case OOMT_TOPMEM_SORT_SWAP:
		return p->swap_bytes;
	case OOMT_TOPMEM_SORT_OOM:
		return p->oom_score;
	case OOMT_TOPMEM_SORT_GROWTH:
		return p->growth_bytes_per_min;
	case OOMT_TOPMEM_SORT_RSS:
	default:
		return p->rss_bytes;
	}
}

static int cmp64_desc(int64_t a, int64_t b)
{
	return a > b ? -1 : a < b ? 1 : 0;
}

int oomt_topmem_cmp(const struct oomt_topmem_proc *a, const struct oomt_topmem_proc *b,
                    enum oomt_topmem_sort sort)
{
	int c = cmp64_desc(oomt_topmem_key(a, sort), oomt_topmem_key(b, sort));

	if (c == 0)
		c = cmp64_desc(a->rss_bytes, b->rss_bytes);
	if (c == 0)
		c = a->pid < b->pid ? -1 : a->pid > b->pid;
	return c;
}

/* qsort has no context argument in C11; qsort_r is a GNU extension we build with. */
static int cmp_r(const void *a, const void *b, void *sort)
{
	return oomt_topmem_cmp(a, b, *(enum oomt_topmem_sort *)sort);
}

static void sort_procs(struct oomt_topmem_proc *procs, size_t n, enum oomt_topmem_sort sort)
{
	qsort_r(procs, n, sizeof(*procs), cmp_r, &sort);
}

/* Reads one PSS; 1 = keep, 0 = vanished (drop), <0 = hard error. */
static int read_one(struct oomt_topmem_proc *p,
                    int (*read_pss)(void *ctx, struct oomt_topmem_proc *p), void *ctx,
                    struct oomt_topmem_select_stats *st)
{
	int r;

	if (p->rss_bytes == 0) {  /* kernel thread or zombie: PSS <= RSS = 0, nothing to read */
		p->pss_bytes = 0;
		return 1;
	}
	st->pss_reads++;
	p->pss_err = 0;
	r = read_pss(ctx, p);
	if (r == -ENOENT || r == -ESRCH) {
		st->vanished++;
		return 0;
	}
	if (r < 0)
		return r;
	if (p->pss_bytes == OOMT_UNKNOWN)
		st->pss_unknown++;
	return 1;
}

/* Min-heap of the best `cap` PSS keys seen so far; heap[0] is the count-th best. */
static void heap_push(int64_t *heap, size_t *n, size_t cap, int64_t v)
{
	size_t i;

	if (*n == cap) {
		if (v <= heap[0])
			return;
		/* replace the root and sift down */
		heap[0] = v;
		for (i = 0;;) {
			size_t l = 2 * i + 1, r = l + 1, m = i;
			if (l < *n && heap[l] < heap[m])
				m = l;
			if (r < *n && heap[r] < heap[m])
				m = r;
			if (m == i)
				break;
			int64_t t = heap[i];
			heap[i] = heap[m];
			heap[m] = t;
			i = m;
		}
		return;
	}
	for (i = (*n)++, heap[i] = v; i > 0 && heap[(i - 1) / 2] > heap[i]; i = (i - 1) / 2) {
		int64_t t = heap[i];
		heap[i] = heap[(i - 1) / 2];
		heap[(i - 1) / 2] = t;
	}
}

static int select_pss(struct oomt_topmem_proc *procs, size_t n, size_t count, size_t max_reads,
                      int (*read_pss)(void *ctx, struct oomt_topmem_proc *p), void *ctx,
                      size_t *ret_n, struct oomt_topmem_select_stats *st)
{
	int64_t *heap = malloc(count * sizeof(*heap));
	size_t nheap = 0, w = 0;
	int r = 0;

	if (!heap)
		return -ENOMEM;
	sort_procs(procs, n, OOMT_TOPMEM_SORT_RSS);
	for (size_t i = 0; i < n; i++) {
		/* Strictly greater: an equal RSS could still tie and win on pid. */
		if (nheap == count && heap[0] > procs[i].rss_bytes)
			break;
		if (max_reads && st->pss_reads >= max_reads && procs[i].rss_bytes > 0) {
			st->budget_hit = true;
			break;
		}
		r = read_one(&procs[i], read_pss, ctx, st);
		if (r < 0)
			break;
		if (r == 0)
			continue;
		heap_push(heap, &nheap, count, oomt_topmem_key(&procs[i], OOMT_TOPMEM_SORT_PSS));
		procs[w++] = procs[i];
	}
	free(heap);
	if (r < 0)
		return r;
	sort_procs(procs, w, OOMT_TOPMEM_SORT_PSS);
	*ret_n = w < count ? w : count;
	return 0;
}

/* Keys known from the cheap pass: sort, then read PSS for the shown rows only, refilling
 * from below when one vanished meanwhile. */
static int select_cheap(struct oomt_topmem_proc *procs, size_t n, size_t count,
                        enum oomt_topmem_sort sort,
                        int (*read_pss)(void *ctx, struct oomt_topmem_proc *p), void *ctx,
                        size_t *ret_n, struct oomt_topmem_select_stats *st)
{
	size_t w = 0;

	sort_procs(procs, n, sort);
	for (size_t i = 0; i < n && w < count; i++) {
		int r = read_pss ? read_one(&procs[i], read_pss, ctx, st) : 1;
		if (r < 0)
			return r;
		if (r > 0)
			procs[w++] = procs[i];
	}
	*ret_n = w;
	return 0;
}

int oomt_topmem_select(struct oomt_topmem_proc *procs, size_t n, size_t count,
                       enum oomt_topmem_sort sort, size_t max_reads,
                       int (*read_pss)(void *ctx, struct oomt_topmem_proc *p), void *ctx,
                       size_t *ret_n, struct oomt_topmem_select_stats *stats)
{
	struct oomt_topmem_select_stats st = { 0 };
	int r;

	if (count == 0 || n == 0) {
		*ret_n = 0;
		if (stats)
			*stats = st;
		return 0;
	}
	if (sort == OOMT_TOPMEM_SORT_PSS && read_pss)
		r = select_pss(procs, n, count, max_reads, read_pss, ctx, ret_n, &st);
	else
		r = select_cheap(procs, n, count, sort, read_pss, ctx, ret_n, &st);
	if (r == 0 && stats)
		*stats = st;
	return r;
}

int oomt_topmem_select_full(struct oomt_topmem_proc *procs, size_t n, size_t count,
                            enum oomt_topmem_sort sort,
                            int (*read_pss)(void *ctx, struct oomt_topmem_proc *p), void *ctx,
                            size_t *ret_n, struct oomt_topmem_select_stats *stats)
{
	struct oomt_topmem_select_stats st = { 0 };
	size_t w = 0;

	for (size_t i = 0; i < n; i++) {
		int r = read_pss ? read_one(&procs[i], read_pss, ctx, &st) : 1;
		if (r < 0)
			return r;
		if (r > 0)
			procs[w++] = procs[i];
	}
	sort_procs(procs, w, sort);
	*ret_n = w < count ? w : count;
	if (stats)
		*stats = st;
	return 0;
}

/* ---- aggregation ---- */

void oomt_topmem_groups_init(struct oomt_topmem_groups *g)
{
	memset(g, 0, sizeof(*g));
}

static uint32_t hash_key(const char *s)
{
	uint32_t h = 2166136261u;  /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* index[] holds row number + 1 (0 = empty); kept at most half full. */
static int index_grow(struct oomt_topmem_groups *g)
{
	size_t cap = g->index_cap ? g->index_cap * 2 : 64;
	uint32_t *idx;

	while (cap < (g->n + 1) * 2)  /* after a sort the index is rebuilt from scratch */
		cap *= 2;
	idx = calloc(cap, sizeof(*idx));

	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < g->n; i++) {
		size_t h = hash_key(g->rows[i].key) & (cap - 1);
		while (idx[h])
			h = (h + 1) & (cap - 1);
		idx[h] = (uint32_t)(i + 1);
	}
	free(g->index);
	g->index = idx;
	g->index_cap = cap;
	return 0;
}

static struct oomt_topmem_group_row *group_find(struct oomt_topmem_groups *g, const char *key,
                                                size_t *slot)
{
	size_t h = hash_key(key) & (g->index_cap - 1);

	while (g->index[h]) {
		struct oomt_topmem_group_row *row = &g->rows[g->index[h] - 1];
		if (strcmp(row->key, key) == 0)
			return row;
		h = (h + 1) & (g->index_cap - 1);
	}
	*slot = h;
	return NULL;
}

static struct oomt_topmem_group_row *group_new(struct oomt_topmem_groups *g, const char *key)
{
	struct oomt_topmem_group_row *row;
	size_t slot;

	if (g->n >= UINT32_MAX - 1)
		return NULL;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 32;
		void *rows = realloc(g->rows, cap * sizeof(*g->rows));
		if (!rows)
			return NULL;
		g->rows = rows;
		g->cap = cap;
	}
	if ((g->n + 1) * 2 > g->index_cap && index_grow(g) < 0)
		return NULL;
	if ((row = group_find(g, key, &slot)))
		return row;
	row = &g->rows[g->n];
	memset(row, 0, sizeof(*row));
	row->key = strdup(key);
	if (!row->key)
		return NULL;
	row->swap_bytes = OOMT_UNKNOWN;
	row->growth_bytes_per_min = OOMT_UNKNOWN;
	g->index[slot] = (uint32_t)(++g->n);
	return row;
}

static int64_t add_known(int64_t sum, int64_t v)
{
	if (v == OOMT_UNKNOWN)
		return sum;
	return sum == OOMT_UNKNOWN ? v : sum + v;
}

int oomt_topmem_groups_add(struct oomt_topmem_groups *g, const char *key,
                           const struct oomt_topmem_proc *p)
{
	struct oomt_topmem_group_row *row = group_new(g, key);

	if (!row)
		return -ENOMEM;
	row->nprocs++;
	row->rss_bytes += p->rss_bytes;
	if (p->pss_bytes == OOMT_UNKNOWN)
		row->pss_unknown++;
	else
		row->pss_bytes += p->pss_bytes;
	row->swap_bytes = add_known(row->swap_bytes, p->swap_bytes);
	row->growth_bytes_per_min = add_known(row->growth_bytes_per_min, p->growth_bytes_per_min);
	return 0;
}

static int64_t group_key(const struct oomt_topmem_group_row *r, enum oomt_topmem_sort sort)
{
	switch (sort) {
	case OOMT_TOPMEM_SORT_PSS:
		return r->pss_unknown ? r->rss_bytes : r->pss_bytes;
	case OOMT_TOPMEM_SORT_SWAP:
		return r->swap_bytes;
	case OOMT_TOPMEM_SORT_GROWTH:
		return r->growth_bytes_per_min;
	default:
		return r->rss_bytes;
	}
}

static int group_cmp(const void *a, const void *b, void *sortp)
{
	const struct oomt_topmem_group_row *x = a, *y = b;
	enum oomt_topmem_sort sort = *(enum oomt_topmem_sort *)sortp;
	int c = cmp64_desc(group_key(x, sort), group_key(y, sort));

	if (c == 0)
		c = cmp64_desc(x->rss_bytes, y->rss_bytes);
	return c ? c : strcmp(x->key, y->key);
}

void oomt_topmem_groups_sort(struct oomt_topmem_groups *g, enum oomt_topmem_sort sort)
{
	qsort_r(g->rows, g->n, sizeof(*g->rows), group_cmp, &sort);
	/* the index refers to old positions: rebuild it lazily on the next add */
	free(g->index);
	g->index = NULL;
	g->index_cap = 0;
}

void oomt_topmem_groups_done(struct oomt_topmem_groups *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->rows[i].key);
	free(g->rows);
	free(g->index);
	memset(g, 0, sizeof(*g));
}

/* ---- growth ---- */

static int cmp_pid(const void *a, const void *b)
{
	const struct oomt_topmem_proc *x = a, *y = b;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

static int64_t footprint(const struct oomt_topmem_proc *p, bool with_swap)
{
	return p->rss_bytes + (with_swap ? p->swap_bytes : 0);
}

void oomt_topmem_growth(struct oomt_topmem_proc *before, size_t nbefore,
                        struct oomt_topmem_proc *now, size_t nnow, int64_t elapsed_usec)
{
	if (nbefore > 1)    /* before is NULL after an empty pass: qsort(NULL, 0) is UB */
		qsort(before, nbefore, sizeof(*before), cmp_pid);
	for (size_t i = 0; i < nnow; i++) {
		struct oomt_topmem_proc *b = nbefore ? bsearch(&now[i], before, nbefore,
		                                               sizeof(*before), cmp_pid) : NULL;
		bool swap;
		int64_t delta;

		now[i].growth_bytes_per_min = OOMT_UNKNOWN;
		if (!b || elapsed_usec <= 0)
			continue;
		swap = b->swap_bytes != OOMT_UNKNOWN && now[i].swap_bytes != OOMT_UNKNOWN;
		delta = footprint(&now[i], swap) - footprint(b, swap);
		now[i].growth_bytes_per_min =
			(int64_t)((double)delta * 60e6 / (double)elapsed_usec);
	}
}
