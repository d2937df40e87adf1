/* SPDX-License-Identifier: MIT */
/* The logged model and the findings on caller-provided storage: for the library's own
 * users (the live model keeps one model per constraint inside its own arrays) and the unit
 * tests. Programs use oomt_model_new() and oomt_findings_new() (oomtool/model.h). */
#ifndef OOMT_MODEL_INTERNAL_H
#define OOMT_MODEL_INTERNAL_H

#include <oomtool/model.h>

void oomt_model_init(struct oomt_model *m);
void oomt_model_done(struct oomt_model *m);       /* frees what compute allocated; reusable */
/* Writes *ret only on success (init it first; done frees it). Returns 0 or -ENOMEM. */
int oomt_model_compute(const struct oomt_event *ev, struct oomt_model *ret);
int oomt_model_compute_history(const struct oomt_event *ev,
                               const struct oomt_event *const *history, size_t n_history,
                               struct oomt_model *ret);
/* Returns 0 or -ENOMEM (past 64 events, the repeats need room; *ret is then untouched). */
int oomt_findings_compute(const struct oomt_event *const *events, size_t n_events, size_t idx,
                          const struct oomt_model *m, struct oomt_findings *ret);
/* True when a and b are kills of one memory.oom.group report (lib/model/victim.c). */
bool oomt_group_same_report(const struct oomt_event *a, const struct oomt_event *b);
/* The page size the model uses: the log's, else the architecture's default where the kernel
 * release names one that is not 4 KiB, else 4 KiB; *assume (may be NULL) gets the
 * OOMT_ASSUME_PAGE_SIZE or OOMT_ASSUME_PAGE_SIZE_ARCH bit. */
int64_t oomt_model_page_size(const struct oomt_event *ev, unsigned *assume);

#endif
