/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_MODEL_BADNESS_RULES_H
#define OOMTOOL_MODEL_BADNESS_RULES_H

/*
 * The kernel's oom_badness() of each era and its selection order, applied to task rows.
 * Internal to lib/model: shared by the logged model (badness.c, rows of a report's task
 * table) and the live model (live.c, the running processes), so that both rank by the same
 * rules. Rows are struct oomt_task whatever their origin.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/model.h>

static inline bool is_known(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

/* What the scorer applies to every row of one ranking. */
struct oomt_badness_rules {
	enum oomt_era era;
	int64_t page_size;        /* converts pgtables_bytes to pages */
	int64_t totalpages;       /* T of the constraint, or OOMT_UNKNOWN */
	int root_bonus;           /* 0, 30 (2.6.36-3.13), 3 (3.14-4.16: -3%) */
};

/* The era whose rules a kernel release runs (release code from oomt_kernel_release_code);
 * 0 (unknown release) gives OOMT_ERA_UNKNOWN. */
enum oomt_era oomt_badness_era_of_release(long release_code);

/* The CAP_SYS_ADMIN bonus of a kernel release in an era: 30, 3 or 0. An unknown release in
 * the 3.6-5.8 era gives 0 with OOMT_ASSUME_ROOT_UNKNOWN added to *assume. */
int oomt_badness_root_bonus(const char *release, enum oomt_era era, unsigned *assume);

/* Why the kernel passes over row t, or OOMT_SKIP_NONE for a candidate: init, oom_score_adj
 * -1000 (oom_adj -17 up to 2.6.35), no rss, or its pid among prior (victims of earlier
 * invocations; NULL when none). */
enum oomt_skip oomt_badness_skip(enum oomt_era era, const struct oomt_task *t,
                                 const int64_t *prior, size_t n_prior);

/* Score row t, which is row `index` of the model's rows, into *ret. cap_sys_admin: the row
 * earns the era's root bonus. skip comes from oomt_badness_skip(). */
void oomt_badness_score(const struct oomt_badness_rules *rules, const struct oomt_task *t,
                        size_t index, bool cap_sys_admin, enum oomt_skip skip,
                        struct oomt_rank *ret);

/* Sort ranks into the kernel's preference order: eligible rows by points, ties to the
 * earlier row (to the later one from 5.9), then the skipped rows. */
void oomt_badness_sort(struct oomt_rank *ranks, size_t n, enum oomt_era era);

/* Runner-up, margin and the oom_score_adj that spares it, for victim v (a rank of m, whose
 * ranks are sorted and whose era and totalpages are set). */
void oomt_badness_margin(struct oomt_model *m, const struct oomt_rank *v);

#endif
