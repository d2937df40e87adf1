/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_MODEL_JSON_H
#define OOMTOOL_MODEL_JSON_H

#include <stddef.h>
#include <oomtool/event.h>
#include <oomtool/format.h>
#include <oomtool/live.h>
#include <oomtool/model.h>

/*
 * The JSON contracts of explain-kill (docs/oomtool-json.7, section EXPLAIN-KILL), written
 * here so that every program writes the same. top_rows: the ranking rows to write (SIZE_MAX
 * = all); the kernel's choice and the incident's victim are written wherever they rank.
 */

/* One explained incident as an object (an array element: no key): the members of
 * oomt_event_write_json(), then the model's, then "findings". The model and the findings
 * must come from ev. */
void oomt_explained_write_json(struct oomt_json *j, const struct oomt_event *ev,
                               const struct oomt_model *m, const struct oomt_findings *f,
                               size_t top_rows);

/* scan-logs: the member "repeats", an array of the groups of r that hold two failures or
 * more (docs/oomtool-json.7). */
void oomt_alloc_repeats_write_json(struct oomt_json *j, const struct oomt_alloc_repeats *r);

/* explain-kill --now: the whole document object for a live ranking, or, with live NULL,
 * for a system that could not be read: error is the -errno oomt_live_new() returned, in
 * the member "error". */
void oomt_live_write_json(struct oomt_json *j, const struct oomt_live *live, int error,
                          size_t top_rows);

#endif
