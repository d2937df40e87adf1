/* SPDX-License-Identifier: MIT */
/*
 * oomtool metrics: OOM kills, unlogged kills, cgroup headroom and pressure as Prometheus
 * text, on standard output or as a file for node_exporter's textfile collector. The
 * gathering, the state file and the exposition are the library's (oomtool/metrics.h); this
 * file holds the options and the wording of what went wrong.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/metrics.h>
#include "common.h"

#define SUB "metrics"

struct metrics_cli {
	struct oomt_metrics_opts o;
	const char *textfile_dir;
	bool quiet;
};

static void usage(FILE *f)
{
	fputs("Usage: oomtool metrics [--textfile-dir DIR] [OPTIONS]\n\n"
	      "OOM kills of this boot by killer, scope and workload, the last victim, kills\n"
	      "no log holds, every memory cgroup's usage, limit, headroom, kills and\n"
	      "pressure, the host's memory and pressure, and a watcher's time to OOM, as\n"
	      "Prometheus text (format 0.0.4). Each run reads only what the logs gained since\n"
	      "the last one (a state file keeps where): cheap enough to run every minute.\n\n"
	      "Options:\n"
	      "  -d, --textfile-dir DIR   write DIR/oomtool.prom atomically for node_exporter's\n"
	      "                           textfile collector instead of standard output\n"
	      "      --state FILE         keep the state in FILE (default\n"
	      "                           /var/lib/oomtool/metrics.state)\n"
	      "      --no-state           keep no state: read every log whole each run\n"
	      "      --watch-state FILE   read the watcher's state from FILE (default\n"
	      "                           /run/oomtool/watch.state)\n"
	      "      --max-workloads N    workloads named in the kill counters (default 20)\n"
	      "      --max-cgroups N      cgroups named in the cgroup families (default 50)\n"
	      "      --sysroot DIR        read the logs, /proc, cgroups and state under DIR\n"
	      "  -q, --quiet              no warnings on standard error\n"
	      "  -h, --help               show this help and exit\n"
	      "  -V, --version            show the version and exit\n\n"
	      "Exit status: 0 written (a source that failed is counted in\n"
	      "oomtool_metrics_source_errors and warned about), 2 usage error, 3 runtime error\n"
	      "(the file could not be written).\n"
	      "See oomtool-metrics(8).\n", f);
}

enum { OPT_STATE = 256, OPT_NO_STATE, OPT_WATCH_STATE, OPT_MAX_WORKLOADS, OPT_MAX_CGROUPS,
       OPT_SYSROOT };

static int parse_args(int argc, char **argv, struct metrics_cli *c)
{
	static const struct option longopts[] = {
		{ "textfile-dir", required_argument, NULL, 'd' },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "no-state", no_argument, NULL, OPT_NO_STATE },
		{ "watch-state", required_argument, NULL, OPT_WATCH_STATE },
		{ "max-workloads", required_argument, NULL, OPT_MAX_WORKLOADS },
		{ "max-cgroups", required_argument, NULL, OPT_MAX_CGROUPS },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long n;
	int ch, r;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":d:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			if (!optarg[0])
				return cli_usage_error(SUB, "--textfile-dir takes a directory");
			c->textfile_dir = optarg;
			break;
		case OPT_STATE:
			if (!optarg[0])
				return cli_usage_error(SUB, "--state takes a file (--no-state for none)");
			c->o.state_path = optarg;
			break;
		case OPT_NO_STATE: c->o.state_path = ""; break;
		case OPT_WATCH_STATE: c->o.watch_state_path = optarg; break;
		case OPT_MAX_WORKLOADS:
			if ((r = cli_opt_count(SUB, "--max-workloads", optarg, 10000, &n)))
				return r;
			c->o.max_workloads = (size_t)n;
			break;
		case OPT_MAX_CGROUPS:
			if ((r = cli_opt_count(SUB, "--max-cgroups", optarg, 10000, &n)))
				return r;
			c->o.max_cgroups = (size_t)n;
			break;
		case OPT_SYSROOT: c->o.sysroot = optarg; break;
		case 'q': c->quiet = true; break;
		default:
			return cli_opt_standard(SUB, ch, argv, usage);
		}
	}
	if (optind < argc)
		return cli_usage_error(SUB, "unexpected argument '%s'", argv[optind]);
	return CLI_CONTINUE;
}

/* What the run could not do, in words; the numbers are in the exposition. */
static void warn_status(const struct oomt_metrics_status *st)
{
	switch (st->state) {
	case OOMT_METRICS_STATE_CORRUPT:
		cli_warn(SUB, "warning: the state file %s is damaged or not one oomtool wrote: "
		         "ignored; every log was read again and a new state written", st->state_path);
		break;
	case OOMT_METRICS_STATE_FOREIGN:
		cli_warn(SUB, "warning: the state file %s is another machine's or another "
		         "version's: ignored; every log was read again and a new state written",
		         st->state_path);
		break;
	case OOMT_METRICS_STATE_UNREADABLE:
		cli_warn(SUB, "warning: cannot read the state file %s: %s; every log was read "
		         "again", st->state_path, strerror(-st->state_error));
		break;
	default:
		break;
	}
	for (size_t i = 0; i < st->n_errors; i++) {
		const struct oomt_metrics_error *e = &st->errors[i];

		if (strcmp(e->source, "state") == 0 && e->error == st->state_error)
			continue;       /* said above */
		if (strcmp(e->source, "state") == 0)
			cli_warn(SUB, "warning: cannot write the state file %s: %s; the next run "
			         "reads every log again", e->what, strerror(-e->error));
		else if (e->what[0])
			cli_warn(SUB, "warning: %s: %s: %s", e->source, e->what, strerror(-e->error));
		else
			cli_warn(SUB, "warning: %s: %s", e->source, strerror(-e->error));
	}
}

int cmd_metrics(int argc, char **argv)
{
	struct metrics_cli c = { .o = { .struct_size = sizeof(c.o) } };
	struct oomt_metrics *m = NULL;
	int r = parse_args(argc, argv, &c);

	if (r != CLI_CONTINUE)
		return r;
	c.o.tmp_dir = getenv("TMPDIR");
	r = oomt_metrics_new(&c.o, &m);
	if (r == 0)
		r = oomt_metrics_gather(m);
	if (r < 0) {
		cli_err(SUB, "cannot gather the metrics: %s", strerror(-r));
		oomt_metrics_free(m);
		return EXIT_RUNTIME;
	}
	if (!c.quiet)
		warn_status(oomt_metrics_status(m));
	if (c.textfile_dir) {
		r = oomt_metrics_write_textfile(m, c.textfile_dir, NULL);
		if (r < 0) {
			cli_err(SUB, "cannot write %s/oomtool.prom: %s", c.textfile_dir, strerror(-r));
			oomt_metrics_free(m);
			return EXIT_RUNTIME;
		}
		oomt_metrics_free(m);
		return EXIT_FOUND;
	}
	r = oomt_metrics_write(m, stdout);
	oomt_metrics_free(m);
	if (r < 0 && r != -EIO) {
		cli_err(SUB, "cannot write the metrics: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	return cli_finish_stdout(SUB, EXIT_FOUND);
}
