/* SPDX-License-Identifier: MIT */
/* The run JSON contract (docs/oomtool-json.7, RUN). Field names are an interface: add,
 * never rename. */
#include <oomtool/run-json.h>

static void write_signal(struct oomt_json *j, int sig)
{
	if (sig > 0)
		oomt_json_int(j, "signal", sig);
	else
		oomt_json_null(j, "signal");
}

static void write_oom_killed(struct oomt_json *j, const struct oomt_run_try *t)
{
	if (t->oom_kills == OOMT_UNKNOWN)
		oomt_json_null(j, "oom_killed");
	else
		oomt_json_bool(j, "oom_killed", t->oom_killed);
	oomt_json_int(j, "oom_kills", t->oom_kills);
}

static void write_try(struct oomt_json *j, const struct oomt_run_try *t)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_int(j, "limit_bytes", t->limit_bytes);
	oomt_json_int(j, "exit_status", t->exit_status);
	write_signal(j, t->signal);
	write_oom_killed(j, t);
	oomt_json_int(j, "peak_bytes", t->peak_bytes);
	oomt_json_string(j, "peak_source", oomt_run_peak_source_name(t->peak_source));
	oomt_json_int(j, "limit_hits", t->limit_hits);
	oomt_json_int(j, "wall_usec", t->wall_usec);
	oomt_json_string(j, "verdict", oomt_run_verdict_name(t->verdict));
	oomt_json_end_object(j);
}

void oomt_run_report_write_json(struct oomt_json *j, const struct oomt_run_report *rep)
{
	const struct oomt_run_try *t = rep->result;

	oomt_json_begin_object(j, NULL);
	oomt_json_begin_array(j, "command");
	for (size_t i = 0; rep->argv && rep->argv[i]; i++)
		oomt_json_string(j, NULL, rep->argv[i]);
	oomt_json_end_array(j);
	if (t) {
		oomt_json_int(j, "limit_bytes", t->limit_bytes);
		oomt_json_int(j, "high_bytes", t->high_bytes);
		oomt_json_int(j, "swap_max_bytes", t->swap_max_bytes);
		oomt_json_int(j, "exit_status", t->exit_status);
		write_signal(j, t->signal);
		write_oom_killed(j, t);
		oomt_json_int(j, "peak_bytes", t->peak_bytes);
		oomt_json_string(j, "peak_source", oomt_run_peak_source_name(t->peak_source));
		oomt_json_int(j, "peak_anon_bytes", t->peak_anon_bytes);
		oomt_json_int(j, "peak_file_bytes", t->peak_file_bytes);
		oomt_json_int(j, "limit_hits", t->limit_hits);
		oomt_json_int(j, "high_hits", t->high_hits);
		oomt_json_int(j, "pressure_stall_usec", t->pressure_stall_usec);
		oomt_json_int(j, "swap_peak_bytes", t->swap_peak_bytes);
		oomt_json_int(j, "wall_usec", t->wall_usec);
		oomt_json_string(j, "verdict", oomt_run_verdict_name(t->verdict));
	}
	oomt_json_int(j, "suggested_limit_bytes", rep->suggested_limit_bytes);
	oomt_json_begin_array(j, "tries");
	for (size_t i = 0; i < rep->ntries; i++)
		write_try(j, rep->tries[i]);
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}
