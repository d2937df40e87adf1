/* SPDX-License-Identifier: MIT */
/* The "sources" array of scan-logs -J (docs/oomtool-json.7): what happened to each log. */
#include <string.h>
#include <oomtool/scan.h>

static const char *source_status(const struct oomt_scan_source *st)
{
	if (st->error == 0)
		return "ok";
	return st->read_error ? "partial" : "failed";
}

void oomt_scan_write_sources_json(struct oomt_json *j, const struct oomt_scan *s)
{
	oomt_json_begin_array(j, "sources");
	for (size_t i = 0; i < oomt_scan_source_count(s); i++) {
		const struct oomt_scan_source *st = oomt_scan_source_get(s, i);

		oomt_json_begin_object(j, NULL);
		oomt_json_string(j, "name", st->name);
		oomt_json_string(j, "type", oomt_scan_source_kind_name(st->kind));
		oomt_json_string(j, "format", st->format);
		oomt_json_string(j, "status", source_status(st));
		oomt_json_string(j, "error", st->error ? strerror(-st->error) : NULL);
		oomt_json_uint(j, "events", st->events);
		oomt_json_uint(j, "lines_truncated", st->lines_truncated);
		oomt_json_uint(j, "lines_skipped", st->lines_skipped);
		oomt_json_uint(j, "records_lost", st->records_lost);
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
}
