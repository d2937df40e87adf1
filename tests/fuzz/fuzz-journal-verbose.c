/* SPDX-License-Identifier: MIT */
/* journalctl -o verbose output (header lines, indented fields, blobs, "-- " lines) through
 * the text source. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "source/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] =
		"Thu 2023-02-02 11:49:13.015489 CET [s=0;i=1;b=0123456789abcdef0123456789abcdef;"
		"m=1;t=5f3b550c118c1;x=0]\n";
	struct oomt_source *src;
	struct oomt_record rec;
	char path[64];
	int fd = memfd_create("fuzz-verbose", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	/* the header makes the source take the verbose path */
	if (write(fd, head, sizeof(head) - 1) < 0 || write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (oomt_source_open_file(path, NULL, &src) == 0) {
		if (oomt_source_format(src) != OOMT_FMT_JOURNAL_VERBOSE)
			__builtin_trap();
		while (oomt_source_next(src, &rec) == 0)
			if (strlen(rec.msg) > rec.msg_len)
				__builtin_trap();
		oomt_source_free(src);
	}
	close(fd);
	return 0;
}
