/* SPDX-License-Identifier: MIT */
/* journalctl -o export streams (text and binary fields) through the text source. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "source/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "__CURSOR=s=0\n";
	struct oomt_source *src;
	struct oomt_record rec;
	char path[64];
	int fd = memfd_create("fuzz-export", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	/* the header makes the source take the export path */
	if (write(fd, head, sizeof(head) - 1) < 0 || write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (oomt_source_open_file(path, NULL, &src) == 0) {
		if (oomt_source_format(src) != OOMT_FMT_JOURNAL_EXPORT)
			__builtin_trap();
		while (oomt_source_next(src, &rec) == 0)
			if (strlen(rec.msg) > rec.msg_len)
				__builtin_trap();
		oomt_source_free(src);
	}
	close(fd);
	return 0;
}
