/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SWAP_JSON_H
#define OOMTOOL_SWAP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <oomtool/format.h>
#include <oomtool/swap.h>

/*
 * The swap JSON contracts, documented in docs/oomtool-json.7 (section SWAP-SETUP) and
 * written the same by every program: the plan (before or after applying it) and the status.
 * Each writes one whole document value (an object; no key), ready for oomt_json_finish().
 */

/* The plan, and what applying it did: RESULT NULL when it was not applied (DRY_RUN says
 * why: steps are "planned" in a dry run, else "not-run"). */
void oomt_swap_plan_write_json(struct oomt_json *j, const struct oomt_swap_plan *plan,
                               bool dry_run, const struct oomt_swap_result *result);
void oomt_swap_status_write_json(struct oomt_json *j, const struct oomt_swap_status *s);
/* The leftovers of a failed run as one text ("" when there are none): the JSON's
 * remaining_state, and what a command tells the user. Returns BUF. */
char *oomt_swap_leftovers_format(const struct oomt_swap_result *result, char *buf,
                                 size_t bufsz);

#endif
