/* SPDX-License-Identifier: MIT */
/* The tolerant journalctl -o json field extractor. */
#include <stdlib.h>
#include <string.h>
#include "source/journal-entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4097];
	struct oomt_journal_entry e = { .msg = msg, .msg_cap = sizeof(msg) - 1 };
	char *line = malloc(size ? size : 1);

	if (!line)
		return 0;
	memcpy(line, data, size);
	if (oomt_journal_json_parse(line, size, &e) == 0 && e.msg_len > e.msg_cap)
		__builtin_trap();
	free(line);
	return 0;
}
