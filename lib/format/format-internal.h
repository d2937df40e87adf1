/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_FORMAT_INTERNAL_H
#define OOMTOOL_FORMAT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <oomtool/format.h>
#include <oomtool/model.h>

/* Internal to lib/format: the pieces several JSON contracts share, written one way. */

/* The members of a findings' "evidence" or "advice" object, into the object the caller
 * opened: a string when str is set, else the number (null when OOMT_UNKNOWN). */
void oomt_json_kv_members(struct oomt_json *j, const struct oomt_kv *kv, size_t n);

/* ---- the plans that change the system (swap-setup, limits set, protect, tune) ---- */

/* An array of strings under KEY from a plan's fixed table of N rows of ROW_SIZE bytes (its
 * warnings). */
void oomt_json_text_rows(struct oomt_json *j, const char *key, const char *rows,
                         size_t row_size, size_t n);
/* A refusal's "check", "reason" and "hint": as members of the object the caller opened
 * (protect, tune), or as the object "refusal", null when not REFUSED (swap, limits). */
void oomt_json_refusal_members(struct oomt_json *j, const char *check, const char *reason,
                               const char *hint);
void oomt_json_refusal_object(struct oomt_json *j, bool refused, const char *check,
                              const char *reason, const char *hint);
/* What a run did (protect, tune): "error" (the failed step's strerror, null when ERR is 0)
 * and "undo_complete" (true without a failure). */
void oomt_json_outcome_members(struct oomt_json *j, int err, bool undo_complete);
/* The "status" of each step of a plan that was not run: "planned" for a dry run, else
 * "not-run" (refused, or nothing to do). */
const char *oomt_json_unrun_status(bool dry_run);

#endif
