/* SPDX-License-Identifier: MIT */
/* Test helper (unit tests and fuzzers): the events of a log read the way the scan reads it
 * (lib/scan/pipeline.c: the filter on while the parser is not busy), the same with the
 * filter's search shared with the scout thread (source/scout.c) in the smallest parts, or
 * with the filter never on, as one JSON array; all must be equal (record.h's no_needle
 * contract). */
#ifndef TEST_EVENTS_JSON_H
#define TEST_EVENTS_JSON_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <oomtool/event-json.h>
#include "event/parser.h"
#include "event/prefilter.h"
#include "source/prefilter.h"
#include "source/source.h"

enum read_mode {
	READ_UNFILTERED,
	READ_FILTERED,
	READ_SCOUTED,
};

/* The events of the log opened with o as JSON (malloc'd, NUL-terminated), each record
 * shown to each_record first (may be NULL); NULL when the log cannot be opened, the parser
 * refused a record or memory ran out. *exact (may be NULL): oomt_source_filter_exact() at
 * the end; *scouted (may be NULL): the bytes the scout searched. */
static inline char *events_json_opts(const char *path, const struct oomt_source_opts *o,
                                     bool filtered, void (*each_record)(const struct oomt_record *),
                                     bool *exact, uint64_t *scouted)
{
	struct oomt_source *src;
	struct oomt_parser *p = NULL;
	struct oomt_record rec;
	struct oomt_event *ev;
	struct oomt_json *j = NULL;
	char *out = NULL;
	size_t out_len = 0;
	bool ok = true;
	FILE *f = NULL;

	if (oomt_source_open_file(path, o, &src) < 0)
		return NULL;
	if (oomt_source_set_prefilter(src, oomt_parser_prefilter) < 0 || oomt_parser_new(&p) < 0 ||
	    !(f = open_memstream(&out, &out_len)) || oomt_json_new(f, false, &j) < 0) {
		ok = false;
		goto done;
	}
	oomt_json_begin_array(j, NULL);
	while (ok && oomt_source_next(src, &rec) == 0) {
		if (each_record)
			each_record(&rec);
		ok = oomt_parser_feed(p, &rec, oomt_source_name(src)) == 0;
		while (oomt_parser_next(p, &ev) == 0) {
			oomt_event_write_json(j, ev);
			oomt_event_free(ev);
		}
		if (filtered)
			oomt_source_set_filter(src, !oomt_parser_busy(p));
	}
	ok = ok && oomt_parser_finish(p) == 0;
	while (oomt_parser_next(p, &ev) == 0) {
		oomt_event_write_json(j, ev);
		oomt_event_free(ev);
	}
	oomt_json_end_array(j);
	oomt_json_finish(j);
done:
	if (j)
		oomt_json_free(j);
	if (f)
		fclose(f);
	if (exact)
		*exact = oomt_source_filter_exact(src);
	if (scouted)
		*scouted = oomt_source_scouted_bytes(src);
	oomt_parser_free(p);
	oomt_source_free(src);
	if (!ok) {
		free(out);
		return NULL;
	}
	return out;
}

/* The same in one of the modes: the scout (when READ_SCOUTED) takes parts of any size. */
static inline char *events_json(const char *path, int year_hint, enum read_mode mode,
                                void (*each_record)(const struct oomt_record *), bool *exact)
{
	struct oomt_source_opts o = { .year_hint = year_hint,
	                              .scout_min_bytes = mode == READ_SCOUTED ? 1 : UINT64_MAX,
	                              .scout_wait = mode == READ_SCOUTED };

	return events_json_opts(path, &o, mode != READ_UNFILTERED, each_record, exact, NULL);
}

#endif
