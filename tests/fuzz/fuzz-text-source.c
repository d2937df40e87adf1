/* SPDX-License-Identifier: MIT */
/*
 * Any bytes as a log file (through a memfd): read every record with the filter off, then
 * on; then through the incident parser twice, as the goldens and the scan
 * (lib/scan/pipeline.c) read a log (the filter following oomt_parser_busy()), the same
 * with the filter's search shared with the scout thread (in the smallest parts), and with
 * the filter never on (every line reaches the parser, which ignores those without a needle
 * while it is not busy): both must give the same events, byte for byte in JSON. The year
 * of year-less stamps comes from the hint once and from the file's mtime once
 * (line-prefix-clock.c). Each record's classification is checked against trying every
 * rule of the classifier's table in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "event/lines.h"
#include "events-json.h"

static const char *const needles[] = { "Killed process", "invoked oom-killer", "anon", "x", NULL };

/* The classifier answers as trying each rule of its table in order. */
static void check_classify(const char *s, size_t n)
{
	size_t count;
	const struct line_rule *rules = oomt_line_rules(&count), *want = NULL, *got;

	for (size_t i = 0; i < count && !want; i++)
		if (rules[i].at_start ? n >= rules[i].len && memcmp(s, rules[i].anchor, rules[i].len) == 0
		    : rules[i].at_end ? n >= rules[i].len &&
		                        memcmp(s + n - rules[i].len, rules[i].anchor, rules[i].len) == 0
		                      : memmem(s, n, rules[i].anchor, rules[i].len) != NULL)
			want = &rules[i];
	oomt_line_classify(s, n, &got);
	if (got != want)
		__builtin_trap();
}

static void check(const struct oomt_record *rec)
{
	if (strlen(rec->msg) > rec->msg_len)
		__builtin_trap();
	check_classify(rec->msg, rec->msg_len);
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
	bool exact, ignored;
	char *off = events_json(path, 2026, READ_UNFILTERED, check, &exact);
	char *on = events_json(path, 2026, READ_FILTERED, check, &ignored);
	char *scouted = events_json(path, 2026, READ_SCOUTED, check, &ignored);

	/* the prefilter may skip lines, never change what is found (in a file it can read
	 * as without it: prefilter.h) */
	if (exact && (!on != !off || (on && strcmp(on, off) != 0))) {
		fprintf(stderr, "filter on:\n%s\nfilter off:\n%s\n", on ? on : "-", off ? off : "-");
		__builtin_trap();
	}
	/* nor does sharing its search with the scout thread, in any file */
	if (!on != !scouted || (on && strcmp(on, scouted) != 0)) {
		fprintf(stderr, "filter on:\n%s\nscouted:\n%s\n", on ? on : "-",
		        scouted ? scouted : "-");
		__builtin_trap();
	}
	free(on);
	free(off);
	free(scouted);
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
