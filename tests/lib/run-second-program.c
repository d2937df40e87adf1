/* SPDX-License-Identifier: MIT */
/*
 * A second program that runs a trial through liboomtool's public API alone, as an
 * exporter or a CI tool would: tests/live/run-systemd-fake.sh builds it against the build
 * tree. It asks for the systemd backend, prints where the trial went on stderr and the
 * report as JSON on stdout, and exits with the command's status.
 * Usage: run-second-program LIMIT_BYTES COMMAND [ARGS...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/run.h>
#include <oomtool/run-json.h>

int main(int argc, char **argv)
{
	struct oomt_run_options o = {
		.struct_size = sizeof(o), .backend = OOMT_RUN_BACKEND_SYSTEMD,
		.limit_bytes = argc > 1 ? atoll(argv[1]) : 0, .high_bytes = OOMT_UNKNOWN,
		.swap_max_bytes = 0, .forward_signals = true, .search_path = getenv("PATH"),
	};
	struct oomt_run_report *rep;
	struct oomt_run *run;
	struct oomt_json *j;
	int r, status;

	if (argc < 3) {
		fprintf(stderr, "usage: run-second-program LIMIT_BYTES COMMAND [ARGS...]\n");
		return 2;
	}
	r = oomt_run_new(&o, &run);
	if (r < 0) {
		fprintf(stderr, "oomt_run_new: %s\n", strerror(-r));
		return 3;
	}
	fprintf(stderr, "backend=%s parent=%s systemd_error=%s\n",
	        oomt_run_backend(run) == OOMT_RUN_BACKEND_SYSTEMD ? "systemd" : "private",
	        oomt_run_parent_path(run),
	        oomt_run_systemd_error(run) ? strerror(-oomt_run_systemd_error(run)) : "none");
	r = oomt_run_exec(run, argv + 2, &rep);
	if (r < 0) {
		fprintf(stderr, "oomt_run_exec: %s\n", strerror(-r));
		oomt_run_free(run);
		return 3;
	}
	fprintf(stderr, "cgroup=%s\n", rep->result->cgroup_path);
	if (oomt_json_new(stdout, false, &j) == 0) {
		oomt_run_report_write_json(j, rep);
		oomt_json_finish(j);
		oomt_json_free(j);
	}
	status = rep->result->exit_status;
	oomt_run_report_free(rep);
	oomt_run_free(run);
	return status;
}
