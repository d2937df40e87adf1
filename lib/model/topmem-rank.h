/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_MODEL_TOPMEM_RANK_H
#define OOMTOOL_MODEL_TOPMEM_RANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/topmem.h>

/*
 * The top-mem model (internal; the snapshot in topmem.h is its public face): which
 * processes hold the memory. Pure functions over arrays of oomt_topmem_proc (the cheap
 * per-process facts); the one impure input, reading a process's PSS, comes in as a
 * callback so that the pruning can be tested on synthetic data.
 */

/* One process as the cheap pass saw it. Unknown values are OOMT_UNKNOWN. */
struct oomt_topmem_proc {
	int32_t pid;
	int32_t pss_err;          /* why pss_bytes is unknown (-EACCES, ...), or 0 */
	int64_t uid;
	int64_t rss_bytes;        /* statm resident: an upper bound of PSS */
	int64_t pss_bytes;
	int64_t swap_bytes;
	int64_t oom_score;
	int64_t growth_bytes_per_min;
};

/* read_pss(ctx, p) below reads p's PSS into p->pss_bytes. It returns 0 (with pss_bytes set,
 * or OOMT_UNKNOWN and pss_err set when it may not be read), or an error that means p
 * vanished (skip it). */

struct oomt_topmem_select_stats {
	size_t pss_reads;      /* smaps_rollup reads done */
	size_t pss_unknown;    /* of those, unreadable (EACCES) */
	size_t vanished;       /* processes gone while read */
	bool budget_hit;       /* stopped at max_reads: the PSS order may be approximate */
};

/* Sort key of p for an order (PSS unknown ranks by RSS). */
int64_t oomt_topmem_key(const struct oomt_topmem_proc *p, enum oomt_topmem_sort sort);
/* qsort-style comparison: the sorted order used everywhere (key desc, then RSS desc, then
 * pid asc, unknown keys last). */
int oomt_topmem_cmp(const struct oomt_topmem_proc *a, const struct oomt_topmem_proc *b,
                    enum oomt_topmem_sort sort);

/*
 * Put the top `count` processes of procs[0..n) first, in sorted order; *ret_n is how many
 * there are (<= count). For SORT_PSS only the candidates that can still reach the top are
 * read: candidates go in RSS order, and reading stops once the count-th best PSS exceeds
 * the next candidate's RSS (PSS <= RSS), or after max_reads reads (0 = no limit). For other
 * orders PSS is read for the selected rows only (when read_pss is not NULL).
 * Vanished processes are dropped. Returns 0 or -errno.
 */
int oomt_topmem_select(struct oomt_topmem_proc *procs, size_t n, size_t count,
                       enum oomt_topmem_sort sort, size_t max_reads,
                       int (*read_pss)(void *ctx, struct oomt_topmem_proc *p), void *ctx,
                       size_t *ret_n, struct oomt_topmem_select_stats *stats);

/* The reference: read every PSS, sort all, take count. For tests and --by. */
int oomt_topmem_select_full(struct oomt_topmem_proc *procs, size_t n, size_t count,
                            enum oomt_topmem_sort sort,
                            int (*read_pss)(void *ctx, struct oomt_topmem_proc *p), void *ctx,
                            size_t *ret_n, struct oomt_topmem_select_stats *stats);

/* ---- aggregation (--by) ---- */

struct oomt_topmem_groups {
	struct oomt_topmem_group_row *rows;
	size_t n, cap;
	/* open-addressing index into rows by key, so that 10k distinct keys stay linear */
	uint32_t *index;
	size_t index_cap;
};

void oomt_topmem_groups_init(struct oomt_topmem_groups *g);
int oomt_topmem_groups_add(struct oomt_topmem_groups *g, const char *key,
                           const struct oomt_topmem_proc *p);
void oomt_topmem_groups_sort(struct oomt_topmem_groups *g, enum oomt_topmem_sort sort);
void oomt_topmem_groups_done(struct oomt_topmem_groups *g);

/* ---- growth (--sample) ---- */
/* Sets growth_bytes_per_min of every proc in now[] from before[] (sorted by pid ascending
 * by this function) over elapsed_usec: the change of RSS + swap (swap counted when known in
 * both). Processes absent from before[] keep OOMT_UNKNOWN. */
void oomt_topmem_growth(struct oomt_topmem_proc *before, size_t nbefore,
                        struct oomt_topmem_proc *now, size_t nnow, int64_t elapsed_usec);

#endif
