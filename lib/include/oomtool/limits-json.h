/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_LIMITS_JSON_H
#define OOMTOOL_LIMITS_JSON_H

#include <stdbool.h>
#include <oomtool/format.h>
#include <oomtool/limits.h>

/* The JSON of docs/oomtool-json.7, section "LIMITS": keys are added, never renamed.
 * Unknown values and "no limit" are null. */

/* The listing as one object (no key: a document or an array element):
 * {"cgroups": [{"path", "name", "kind", ...}, ...]}, rows in the listing's order. */
void oomt_limits_write_json(struct oomt_json *j, const struct oomt_limits *l);

/* A plan and, after oomt_limits_apply, what the run did (res NULL: not run) as one object:
 * {"target", "path", "name", "kind", "method", "verdict", "dry_run", "applied", "refusal",
 *  "current_bytes", "old": {...}, "new": {...}, "warnings", "steps", "error"}. */
void oomt_limits_plan_write_json(struct oomt_json *j, const struct oomt_limits_plan *p,
                                 bool dry_run, const struct oomt_limits_result *res);

#endif
