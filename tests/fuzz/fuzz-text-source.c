/* SPDX-License-Identifier: MIT */
/* Any bytes as a log file (through a memfd): read every record, filter off then on. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <oomtool/source.h>
#include "source/prefilter.h"

static const char *const needles[] = { "Killed process", "invoked oom-killer", "anon", "x", NULL };

static void drain(const char *path, bool filter)
{
	struct oomt_source_opts o = { .year_hint = 2026 };
	struct oomt_source *src;
	struct oomt_record rec;

	if (oomt_source_open_file(path, &o, &src) < 0)
		return;
	if (oomt_source_set_prefilter(src, needles) < 0) {
		oomt_source_free(src);
		return;
	}
	oomt_source_set_filter(src, filter);
	while (oomt_source_next(src, &rec) == 0)
		if (strlen(rec.msg) > rec.msg_len)
			__builtin_trap();
	oomt_source_free(src);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = memfd_create("fuzz-text", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	drain(path, false);
	drain(path, true);
	close(fd);
	return 0;
}
