/* SPDX-License-Identifier: MIT */
/* The findings' named values (struct oomt_kv), as explain-kill's and tune's JSON write
 * them: see format-internal.h. */
#include "format/format-internal.h"

void oomt_json_kv_members(struct oomt_json *j, const struct oomt_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (kv[i].str)
			oomt_json_string(j, kv[i].key, kv[i].str);
		else
			oomt_json_int(j, kv[i].key, kv[i].num);
	}
}
