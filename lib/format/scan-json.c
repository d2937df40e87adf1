/* SPDX-License-Identifier: MIT */
/* The "sources" array and the "accounting" object of scan-logs -J (docs/oomtool-json.7,
 * docs/oomtool-scan-logs.1): what happened to each log, and this boot's kills accounted. */
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
		oomt_json_bool(j, "newest_first", st->newest_first);
		oomt_json_time(j, "first_time", st->first_usec);
		oomt_json_time(j, "last_time", st->last_usec);
		if (st->boots)
			oomt_json_uint(j, "boots", st->boots);
		else
			oomt_json_null(j, "boots");
		if (st->size_bytes)
			oomt_json_uint(j, "size_bytes", st->size_bytes);
		else
			oomt_json_null(j, "size_bytes");
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
}

void oomt_scan_write_accounting_json(struct oomt_json *j, const struct oomt_scan *s)
{
	const struct oomt_scan_accounting *a;

	if (oomt_scan_accounting(s, &a) < 0) {
		oomt_json_null(j, "accounting");
		return;
	}
	oomt_json_begin_object(j, "accounting");
	oomt_json_string(j, "boot_id", a->boot_id);
	oomt_json_time(j, "boot_time", a->boot_time_usec);
	oomt_json_int(j, "kernel_oom_kills", a->kernel_oom_kills);
	oomt_json_uint(j, "logged_kills", a->logged_kills);
	oomt_json_uint(j, "unlogged_kills", a->unlogged_kills);
	oomt_json_uint(j, "suppressed_headers", a->suppressed_headers);
	oomt_json_uint(j, "unattributed_kills", a->unattributed_kills);
	oomt_json_begin_array(j, "cgroups");
	for (size_t i = 0; i < a->n_cgroups; i++) {
		oomt_json_begin_object(j, NULL);
		oomt_json_string(j, "path", a->cgroups[i].path);
		oomt_json_int(j, "oom_kill", a->cgroups[i].oom_kill);
		oomt_json_uint(j, "logged_kills", a->cgroups[i].logged_kills);
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}
