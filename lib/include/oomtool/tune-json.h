/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_TUNE_JSON_H
#define OOMTOOL_TUNE_JSON_H

#include <stdbool.h>
#include <oomtool/format.h>
#include <oomtool/tune.h>

/*
 * The tune JSON contracts, documented in docs/oomtool-json.7 (section TUNE) and written the
 * same by every program. Each writes one whole document value (an object; no key), ready
 * for oomt_json_finish().
 */

/* The check: "system", "settings" and "findings". */
void oomt_tune_check_write_json(struct oomt_json *j, const struct oomt_tune_check *c);
/* A set, reset or drop-caches plan, and what applying it did: RESULT NULL when it was not
 * applied (DRY_RUN says why). For drop-caches with a result, the memory before and after. */
void oomt_tune_plan_write_json(struct oomt_json *j, const struct oomt_tune_plan *plan,
                               bool dry_run, const struct oomt_tune_result *result);

#endif
