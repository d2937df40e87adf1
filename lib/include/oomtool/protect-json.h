/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROTECT_JSON_H
#define OOMTOOL_PROTECT_JSON_H

#include <stdbool.h>
#include <oomtool/format.h>
#include <oomtool/protect.h>

/*
 * The protect JSON contracts, documented in docs/oomtool-json.7 (section PROTECT) and
 * written the same by every program. Each writes one whole document value (an object; no
 * key), ready for oomt_json_finish(). The list: {"processes": [...]}, one object per
 * process (those `listed`, or every one with ALL).
 */
void oomt_protect_list_write_json(struct oomt_json *j, const struct oomt_protect_list *l,
                                  bool all);
/* A set or reset plan, and what applying it did: RESULT NULL when it was not applied
 * (DRY_RUN says why: steps are "planned" in a dry run, else "not-run"). */
void oomt_protect_plan_write_json(struct oomt_json *j, const struct oomt_protect_plan *plan,
                                  bool dry_run, const struct oomt_protect_result *result);

#endif
