/* SPDX-License-Identifier: MIT */
/* fstab editing on arbitrary bytes: add then remove must give the input back (plus at most
 * the newline add appends to a last line without one), and nothing else may change. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "swap/fstab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	const char *path = "/swap file";
	struct oomt_fstab_entry e;
	char *added = NULL, *removed = NULL;
	size_t alen, rlen, n, pos = 0;

	while (oomt_fstab_next(buf, size, &pos, &e) == 0)
		if (pos > size || e.line_off + e.line_len > size)
			abort();
	if (oomt_fstab_find_swap(buf, size, path, &e))
		return 0;
	if (oomt_fstab_add_swap(buf, size, path, 3, &added, &alen) != 0)
		abort();
	if (alen < size || memcmp(added, buf, size) != 0)
		abort();
	if (!oomt_fstab_find_swap(added, alen, path, &e))
		abort();
	if (oomt_fstab_remove_swap(added, alen, path, &removed, &rlen, &n) != 0 || n != 1)
		abort();
	if (rlen < size || rlen > size + 1 || memcmp(removed, buf, size) != 0)
		abort();
	free(added);
	free(removed);
	return 0;
}
