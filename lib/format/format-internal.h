/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_FORMAT_INTERNAL_H
#define OOMTOOL_FORMAT_INTERNAL_H

#include <stddef.h>
#include <oomtool/format.h>
#include <oomtool/model.h>

/* Internal to lib/format: the pieces several JSON contracts share, written one way. */

/* The members of a findings' "evidence" or "advice" object, into the object the caller
 * opened: a string when str is set, else the number (null when OOMT_UNKNOWN). */
void oomt_json_kv_members(struct oomt_json *j, const struct oomt_kv *kv, size_t n);

#endif
