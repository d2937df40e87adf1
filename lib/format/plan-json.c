/* SPDX-License-Identifier: MIT */
/* The members every plan's JSON shares (docs/oomtool-json.7: SWAP-SETUP, LIMITS, PROTECT,
 * TUNE): see format-internal.h. */
#include <string.h>
#include "format/format-internal.h"

void oomt_json_text_rows(struct oomt_json *j, const char *key, const char *rows,
                         size_t row_size, size_t n)
{
	oomt_json_begin_array(j, key);
	for (size_t i = 0; i < n; i++)
		oomt_json_string(j, NULL, rows + i * row_size);
	oomt_json_end_array(j);
}

void oomt_json_refusal_members(struct oomt_json *j, const char *check, const char *reason,
                               const char *hint)
{
	oomt_json_string(j, "check", check);
	oomt_json_string(j, "reason", reason);
	oomt_json_string(j, "hint", hint);
}

void oomt_json_refusal_object(struct oomt_json *j, bool refused, const char *check,
                              const char *reason, const char *hint)
{
	if (!refused) {
		oomt_json_null(j, "refusal");
		return;
	}
	oomt_json_begin_object(j, "refusal");
	oomt_json_refusal_members(j, check, reason, hint);
	oomt_json_end_object(j);
}

void oomt_json_outcome_members(struct oomt_json *j, int err, bool undo_complete)
{
	if (err)
		oomt_json_string(j, "error", strerror(-err));
	else
		oomt_json_null(j, "error");
	oomt_json_bool(j, "undo_complete", err == 0 || undo_complete);
}

const char *oomt_json_unrun_status(bool dry_run)
{
	return dry_run ? "planned" : "not-run";
}
