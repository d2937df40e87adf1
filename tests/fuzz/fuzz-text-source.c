/* SPDX-License-Identifier: MIT */
/*
 * Any bytes as a log file (through a memfd): read every record with the filter off, then
 * on, then as the goldens and the scan (lib/scan/pipeline.c) read a log: the records into
 * the incident parser, the filter following oomt_parser_busy(). The year of year-less
 * stamps comes from the hint once and from the file's mtime once (line-prefix-clock.c).
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "event/parser.h"
#include "source/source.h"
#include "event/prefilter.h"
#include "source/prefilter.h"

static const char *const needles[] = { "Killed process", "invoked oom-killer", "anon", "x", NULL };

static void check(const struct oomt_record *rec)
{
	if (strlen(rec->msg) > rec->msg_len)
		__builtin_trap();
}

static void drain(const char *path, bool filter, int year_hint)
{
	struct oomt_source_opts o = { .year_hint = year_hint };
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
		check(&rec);
	oomt_source_free(src);
}

static void parse(const char *path)
{
	struct oomt_source_opts o = { 0 };
	struct oomt_source *src;
	struct oomt_parser *p;
	struct oomt_record rec;
	struct oomt_event *ev;

	if (oomt_source_open_file(path, &o, &src) < 0)
		return;
	if (oomt_source_set_prefilter(src, oomt_parser_prefilter) < 0 || oomt_parser_new(&p) < 0) {
		oomt_source_free(src);
		return;
	}
	oomt_source_set_filter(src, true);
	while (oomt_source_next(src, &rec) == 0) {
		check(&rec);
		oomt_parser_feed(p, &rec, oomt_source_name(src));
		while (oomt_parser_next(p, &ev) == 0)
			oomt_event_free(ev);
		oomt_source_set_filter(src, !oomt_parser_busy(p));
	}
	oomt_parser_finish(p);
	while (oomt_parser_next(p, &ev) == 0)
		oomt_event_free(ev);
	oomt_parser_free(p);
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
	drain(path, false, 2026);
	drain(path, true, 0);
	parse(path);
	close(fd);
	return 0;
}
