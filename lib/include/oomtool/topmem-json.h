/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_TOPMEM_JSON_H
#define OOMTOOL_TOPMEM_JSON_H

#include <oomtool/format.h>
#include <oomtool/topmem.h>

/* Write the last refresh of a top-mem snapshot as one JSON object (no key: a document or an
 * array element), in the schema documented in docs/oomtool-json.7, section "top-mem":
 * {"system": {...}, "processes": [...]}, or {"system", "by", "groups"} when grouped;
 * "growth_bytes_per_min" in each row when the refresh measured growth. Unknown numbers are
 * null. */
void oomt_topmem_write_json(struct oomt_json *j, const struct oomt_topmem *t);

#endif
