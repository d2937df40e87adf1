/* SPDX-License-Identifier: MIT */
/* oomtool scan-logs: find every OOM kill in this host's logs, or in the logs given. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/event-json.h>
#include <oomtool/model-json.h>
#include <oomtool/scan.h>
#include "common.h"
#include "scan-logs.h"
#include "scan-messages.h"

enum {
	OPT_SINCE = 0x100,
	OPT_UNTIL,
	OPT_HOST,
	OPT_LIST_COLUMNS,
	OPT_SYSROOT,
	OPT_KIND,
};

static const struct option longopts[] = {
	{ "directory", required_argument, NULL, 'D' },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "follow", no_argument, NULL, 'f' },
	{ "sysroot", required_argument, NULL, OPT_SYSROOT },
	{ "output", required_argument, NULL, 'o' },
	{ "list-columns", no_argument, NULL, OPT_LIST_COLUMNS },
	{ "raw", no_argument, NULL, 'r' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "bytes", no_argument, NULL, 'b' },
	{ "json", no_argument, NULL, 'J' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fputs("Usage: oomtool scan-logs [OPTIONS] [FILE...]\n\n"
	      "Find every out-of-memory kill in the logs: the kernel's OOM killer (global and\n"
	      "memory cgroup), the userspace killers earlyoom, systemd-oomd and nohang, and\n"
	      "Android's low-memory killers (the kernel's lowmemorykiller, lmkd in logcat).\n"
	      "Without FILE: this host's journal (all boots), /dev/kmsg and /var/log/{kern.log,\n"
	      "syslog,messages}*, rotated and gzipped ones included; the same kill seen in\n"
	      "several of them is shown once. FILE may be any text log (syslog, dmesg, raw\n"
	      "/dev/kmsg, journalctl output, Android logcat), gzipped or not; '-' reads\n"
	      "standard input.\n"
	      "Reading this host's logs, it also compares this boot's kills with the kernel's\n"
	      "own count, and says which ones no log holds.\n\n"
	      "Options:\n"
	      "  -D, --directory DIR   read a journal directory (from another machine)\n"
	      "      --since TIME      only incidents at or after TIME (\"2024-09-08 12:00\",\n"
	      "                        \"-2h\", \"yesterday\")\n"
	      "      --until TIME      only incidents at or before TIME\n"
	      "      --host NAME       only incidents of host NAME (short name or FQDN)\n"
	      "      --kind LIST       kinds of incident: oom_kill, oom_panic, allocation_failure\n"
	      "                        (page allocation failures and stalls), or all\n"
	      "                        (default: oom_kill,oom_panic)\n"
	      "  -f, --follow          report new incidents as they happen (journal, else\n"
	      "                        /dev/kmsg) until interrupted\n"
	      "      --sysroot DIR     read this host's logs under DIR instead of /\n"
	      "  -o, --output LIST     columns to show; +LIST adds to the default columns\n"
	      "      --list-columns    list the columns and exit\n"
	      "  -r, --raw             raw output: no alignment\n"
	      "  -n, --noheadings      do not print the header line\n"
	      "  -b, --bytes           sizes in bytes instead of human units\n"
	      "  -J, --json            JSON output (JSON Lines with --follow)\n"
	      "  -v, --verbose         after each incident: memory summary and the largest tasks\n"
	      "  -h, --help            show this help and exit\n"
	      "  -V, --version         show the version and exit\n\n"
	      "Columns (default: ", f);
	fputs(sl_default_columns, f);
	fputs("):\n", f);
	out_columns_help(f, sl_columns, sl_ncolumns);
	fputs("\nExit status: 0 incidents of the kinds asked for found, 1 none found, 2 usage\n"
	      "error, 3 runtime error,\n"
	      "4 insufficient privilege (no log could be read).\n"
	      "See oomtool-scan-logs(1).\n", f);
}

/* Returns CLI_CONTINUE to go on, else an exit status. */
static int parse_opt(struct sl_opts *o, int c, const char **columns, char **argv)
{
	switch (c) {
	case 'D': return cli_opt_append(SL_NAME, &o->dirs, &o->n_dirs, optarg) ? EXIT_RUNTIME : CLI_CONTINUE;
	case OPT_SINCE:
		return cli_opt_time(SL_NAME, "--since", optarg, &o->since_usec) ? EXIT_USAGE : CLI_CONTINUE;
	case OPT_UNTIL:
		return cli_opt_time(SL_NAME, "--until", optarg, &o->until_usec) ? EXIT_USAGE : CLI_CONTINUE;
	case OPT_HOST:
		if (!*optarg)
			return cli_usage_error(SL_NAME, "--host needs a host name");
		o->host = optarg;
		return CLI_CONTINUE;
	case OPT_KIND:
		return cli_opt_kinds(SL_NAME, optarg, &o->kinds) ? EXIT_USAGE : CLI_CONTINUE;
	case 'f': o->follow = true; return CLI_CONTINUE;
	case OPT_SYSROOT: o->sysroot = optarg; return CLI_CONTINUE;
	case 'o': *columns = optarg; return CLI_CONTINUE;
	case OPT_LIST_COLUMNS:
		out_columns_help(stdout, sl_columns, sl_ncolumns);
		return cli_finish_stdout(SL_NAME, EXIT_FOUND);
	case 'r': o->out.raw = true; return CLI_CONTINUE;
	case 'n': o->out.noheadings = true; return CLI_CONTINUE;
	case 'b': o->out.bytes = true; return CLI_CONTINUE;
	case 'J': o->json = o->out.json = true; return CLI_CONTINUE;
	case 'v': o->verbose = true; return CLI_CONTINUE;
	default:
		return cli_opt_standard(SL_NAME, c, argv, usage);
	}
}

static bool wants_alloc(const struct sl_opts *o)
{
	return o->kinds & OOMT_SCAN_KIND(OOMT_KIND_ALLOCATION_FAILURE);
}

static int check_opts(struct sl_opts *o, const char *columns)
{
	const char *bad = NULL;
	/* other kinds than kills: the table says which each row is */
	const char *defaults = o->kinds != OOMT_SCAN_KINDS_DEFAULT ? sl_kind_columns
	                                                           : sl_default_columns;

	if (out_parse_columns(sl_columns, sl_ncolumns, defaults, columns, o->ids,
	                      &o->nids, &bad) < 0) {
		if (!bad)
			return cli_usage_error(SL_NAME, "too many columns in '%s'", columns);
		return cli_usage_error(SL_NAME, "unknown column '%.*s' (see --list-columns)",
		                        (int)strcspn(bad, ","), bad);
	}
	if (o->nids == 0)
		return cli_usage_error(SL_NAME, "no columns in '%s'", columns);
	if (o->since_usec != OOMT_UNKNOWN && o->until_usec != OOMT_UNKNOWN &&
	    o->since_usec > o->until_usec)
		return cli_usage_error(SL_NAME, "--since is later than --until");
	if (o->follow && o->n_files > 0)
		return cli_usage_error(SL_NAME, "--follow reads the journal or /dev/kmsg, not files");
	if (o->follow && o->n_dirs > 1)
		return cli_usage_error(SL_NAME, "--follow reads one journal directory");
	if (o->follow && o->until_usec != OOMT_UNKNOWN)
		return cli_usage_error(SL_NAME, "--follow and --until do not go together");
	return CLI_CONTINUE;
}

static int parse_args(struct sl_opts *o, int argc, char **argv)
{
	const char *columns = NULL;
	int c, r;

	o->since_usec = o->until_usec = OOMT_UNKNOWN;
	o->kinds = OOMT_SCAN_KINDS_DEFAULT;
	optind = 0;   /* reset getopt: argv is the subcommand's own */
	opterr = 0;   /* our own messages, in our format */
	while ((c = getopt_long(argc, argv, ":D:fo:rnbJvhV", longopts, NULL)) != -1) {
		r = parse_opt(o, c, &columns, argv);
		if (r != CLI_CONTINUE)
			return r;
	}
	o->files = argv + optind;
	o->n_files = (size_t)(argc - optind);
	for (size_t i = 0; i < o->n_files; i++)
		if (!o->files[i][0])
			return cli_usage_error(SL_NAME, "empty file name");
	return check_opts(o, columns);
}

static int fatal(int r)
{
	cli_err(SL_NAME, "%s", r == -ENOMEM ? "out of memory" : strerror(-r));
	return EXIT_RUNTIME;
}

/* ---- the scan: what the options name, with their filters ---- */

/* Progress on a terminal only: not in a pipe (stdout or stderr), not with -J, not where
 * the terminal cannot take a line back (TERM=dumb). */
static bool progress_wanted(const struct sl_opts *o)
{
	const char *term = getenv("TERM");

	return !o->json && !o->follow && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO) &&
	       !(term && strcmp(term, "dumb") == 0);
}

/* pr: the progress line to draw, or NULL. */
static int scan_open(const struct sl_opts *o, struct sl_progress *pr, struct oomt_scan **ret)
{
	struct oomt_scan_opts so = {
		.struct_size = sizeof(so),
		.sysroot = o->sysroot,
		.tmp_dir = getenv("TMPDIR"),
		.since_usec = o->since_usec,
		.until_usec = o->until_usec,
		.host = o->host,
		.kinds = o->kinds,
		/* JSON has every task row; -v shows the largest 5; the table none */
		.task_rows = o->json ? OOMT_SCAN_TASK_ROWS_ALL
		             : o->verbose ? OOMT_SCAN_TASK_ROWS_TOP : OOMT_SCAN_TASK_ROWS_NONE,
		.task_rows_top = 5,
		.follow = o->follow,
		/* this boot's kills accounted for: this host's logs only */
		.accounting = !o->follow && o->n_files == 0 && o->n_dirs == 0,
		.progress = pr ? sl_progress : NULL,
		.progress_userdata = pr,
	};
	int r;

	r = cli_scan_new(SL_NAME, &so, ret);
	if (r != 0)
		return r;
	r = cli_scan_add_inputs(*ret, o->files, o->n_files, o->dirs, o->n_dirs);
	if (r < 0) {
		oomt_scan_free(*ret);
		return fatal(r);
	}
	return 0;
}

/* ---- batch run: the library scans, de-duplicates and sorts; we print ---- */

struct batch {
	struct sl_opts *o;
	struct oomt_scan *scan;
	struct oomt_alloc_repeats *repeats;   /* with allocation failures asked for */
};

/* Every allocation failure of the scan, by site (a pass over the incidents). */
static int count_repeats(struct batch *b)
{
	const struct oomt_event *ev;
	size_t n = oomt_scan_count(b->scan);
	int r;

	if (!wants_alloc(b->o))
		return 0;
	r = oomt_alloc_repeats_new(&b->repeats);
	for (size_t i = 0; i < n && r == 0; i++) {
		r = oomt_scan_event(b->scan, i, OOMT_SCAN_EVENT_NO_TASKS, &ev);
		if (r == 0)
			r = oomt_alloc_repeats_add(b->repeats, ev);
	}
	return r;
}

static int print_json(struct batch *b)
{
	const struct oomt_event *ev;
	struct oomt_json *j;
	size_t n = oomt_scan_count(b->scan);
	int r = 0;

	j = cli_json_new(SL_NAME, true);
	oomt_json_begin_object(j, NULL);
	oomt_json_begin_array(j, "events");
	for (size_t i = 0; i < n && r == 0; i++) {
		r = oomt_scan_event(b->scan, i, 0, &ev);
		if (r == 0)
			oomt_event_write_json(j, ev);
	}
	oomt_json_end_array(j);
	oomt_alloc_repeats_write_json(j, b->repeats);
	oomt_scan_write_sources_json(j, b->scan);
	oomt_scan_write_accounting_json(j, b->scan);
	oomt_json_end_object(j);
	cli_json_done(j);
	return r;
}

/* ---- the table, in chunks ----
 * libsmartcols keeps every cell of a table in memory (~800 bytes a row): fine for the usual
 * few hundred incidents, 40 MiB for a log with 50000 earlyoom kills. So a first pass over
 * the incidents measures every column and a second prints TABLE_CHUNK rows at a time. For
 * the chunks to line up as one table, every cell is padded to its column's widest cell:
 * its width hints alone do not make libsmartcols use the same widths for different data. */
#define TABLE_CHUNK 500

static void measure_line(struct out_table *t, struct libscols_line *ln, size_t *widths)
{
	for (size_t i = 0; i < t->nids; i++) {
		const char *d = scols_cell_get_data(scols_line_get_cell(ln, i));
		size_t w = d ? strlen(d) : 0;

		if (w > widths[i])
			widths[i] = w;
	}
}

/* Pass 1: how wide each column gets. */
static int measure_columns(struct batch *b, size_t *widths)
{
	struct out_table scratch;
	struct libscols_line *ln;
	const struct oomt_event *ev;
	size_t n = oomt_scan_count(b->scan);
	int r;

	r = out_table_init(&scratch, sl_columns, sl_ncolumns, b->o->ids, b->o->nids, &b->o->out);
	ln = r == 0 ? out_table_line(&scratch) : NULL;
	if (r == 0 && !ln)
		r = -ENOMEM;
	for (size_t i = 0; i < n && r == 0; i++) {
		r = oomt_scan_event(b->scan, i, OOMT_SCAN_EVENT_NO_TASKS, &ev);
		if (r == 0) {
			sl_fill_line(&scratch, ln, ev);
			measure_line(&scratch, ln, widths);
		}
	}
	out_table_done(&scratch);
	return r;
}

/* Pads every cell to the run's widest (not the last column: no trailing blanks). */
static void pad_line(struct out_table *t, struct libscols_line *ln, const size_t *widths)
{
	char buf[OOMT_PATH_MAX + 64];

	for (size_t i = 0; i < t->nids; i++) {
		const struct out_column *c = &t->cols[t->ids[i]];
		const char *d = scols_cell_get_data(scols_line_get_cell(ln, i));
		size_t len = d ? strlen(d) : 0;
		bool right = c->flags & SCOLS_FL_RIGHT;

		if (!d || len >= widths[i] || widths[i] >= sizeof(buf) || (!right && i + 1 == t->nids))
			continue;
		snprintf(buf, sizeof(buf), right ? "%*s" : "%-*s", (int)widths[i], d);
		scols_line_set_data(ln, i, buf);
	}
}

/* Incidents first .. first + n - 1 as one table (the header with the first chunk). */
static int print_chunk(struct batch *b, size_t first, size_t n, const size_t *widths)
{
	struct out_opts oo = b->o->out;
	struct out_table t;
	const struct oomt_event *ev;
	int r;

	oo.noheadings = oo.noheadings || first > 0;
	r = out_table_init(&t, sl_columns, sl_ncolumns, b->o->ids, b->o->nids, &oo);
	for (size_t k = 0; k < n && r == 0; k++) {
		struct libscols_line *ln = out_table_line(&t);

		r = ln ? oomt_scan_event(b->scan, first + k, OOMT_SCAN_EVENT_NO_TASKS, &ev) : -ENOMEM;
		if (r == 0) {
			sl_fill_line(&t, ln, ev);
			if (widths && !oo.raw)
				pad_line(&t, ln, widths);
		}
	}
	if (r == 0 && n)
		r = out_table_print(&t);
	out_table_done(&t);
	if (r == 0 && b->o->verbose && n == 1 && oomt_scan_event(b->scan, first, 0, &ev) == 0)
		sl_print_details(stdout, ev, b->repeats, b->o->out.bytes);
	return r;
}

/* With -v each incident is a one-row chunk followed by its details. */
static int print_table(struct batch *b)
{
	size_t chunk = b->o->verbose ? 1 : TABLE_CHUNK;
	size_t shown = oomt_scan_count(b->scan);
	size_t widths[64] = { 0 };
	int r = 0;

	if (shown <= chunk) {
		r = print_chunk(b, 0, shown, NULL);
	} else {
		r = measure_columns(b, widths);
		for (size_t k = 0; r == 0 && k < shown; k += chunk)
			r = print_chunk(b, k, shown - k < chunk ? shown - k : chunk, widths);
	}
	if (r == 0 && b->repeats && !b->o->out.raw && !b->o->out.noheadings)
		sl_print_repeats(stdout, b->repeats);
	return r;
}

/* What the filters could not decide (the library keeps those incidents). */
static void filter_notes(uint64_t unknown_time, uint64_t unknown_host)
{
	if (unknown_time)
		cli_warn(SL_NAME, "%" PRIu64 " incident%s without a wall-clock time kept despite "
		          "--since/--until (the log has only time since boot)",
		          unknown_time, unknown_time == 1 ? "" : "s");
	if (unknown_host)
		cli_warn(SL_NAME, "%" PRIu64 " incident%s from logs that name no host kept despite "
		          "--host", unknown_host, unknown_host == 1 ? "" : "s");
}

/* After the table: this boot's kills the logs do not account for, in one line. On stdout
 * with the table; with --raw or --noheadings, which scripts read, on stderr. */
static void accounting_note(const struct batch *b)
{
	char line[2048];

	if (b->o->json || !sl_accounting_line(b->scan, line, sizeof(line)))
		return;
	if (b->o->out.raw || b->o->out.noheadings)
		cli_warn(SL_NAME, "%s", line);
	else
		printf("%s\n", line);
}

static void notes(const struct batch *b)
{
	char where[2048];

	filter_notes(oomt_scan_kept_without_time(b->scan), oomt_scan_kept_without_host(b->scan));
	if (oomt_scan_count(b->scan) == 0 && !b->o->json && isatty(STDOUT_FILENO)) {
		cli_warn(SL_NAME, "%s", b->o->kinds == OOMT_SCAN_KINDS_DEFAULT ? "no OOM kills found"
		                        : "no incidents of the kinds asked for found");
		/* as journalctl's "-- No entries --": nothing found, but where was it sought */
		sl_where_looked(b->scan, where, sizeof(where));
		if (where[0])
			cli_warn(SL_NAME, "searched %s", where);
	}
}

static int run_batch(struct sl_opts *o)
{
	struct batch b = { .o = o };
	struct sl_progress progress = { .drawn = false };
	int r, failed;

	r = scan_open(o, progress_wanted(o) ? &progress : NULL, &b.scan);
	if (r != 0)
		return r;
	r = oomt_scan_run(b.scan);
	sl_progress_erase(&progress);
	cli_scan_report_errors(SL_NAME, b.scan);
	if (r == 0) {
		cli_scan_report_losses(SL_NAME, b.scan);
		r = count_repeats(&b);
		if (r == 0)
			r = o->json ? print_json(&b) : print_table(&b);
	}
	if (r == 0 && oomt_scan_count(b.scan) > 0)
		accounting_note(&b);            /* right after the incidents */
	failed = cli_scan_failure_status(SL_NAME, b.scan);
	if (r == 0) {
		notes(&b);
		if (oomt_scan_count(b.scan) == 0)
			accounting_note(&b);    /* after "no OOM kills found" */
	}
	oomt_alloc_repeats_free(b.repeats);
	if (r < 0) {
		oomt_scan_free(b.scan);
		return fatal(r);
	}
	r = failed != CLI_CONTINUE ? failed : oomt_scan_count(b.scan) ? EXIT_FOUND : EXIT_NOTHING;
	oomt_scan_free(b.scan);
	return cli_finish_stdout(SL_NAME, r);
}

/* ---- --follow: print each incident as it is parsed ---- */

#define FOLLOW_WAIT_MS 500

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void install_stop_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;   /* no SA_RESTART: a blocked read returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

struct follow {
	struct sl_opts *o;
	struct oomt_scan *scan;
	struct out_column *cols;      /* sl_columns with absolute widths */
	uint64_t shown;
	bool header_done;
};

static int follow_print_line(struct follow *f, const struct oomt_event *ev)
{
	struct out_table t;
	struct out_opts oo = f->o->out;
	int r;

	/* One small table per incident: the header once, then lines as they come. */
	oo.noheadings = oo.noheadings || f->header_done;
	r = out_table_init(&t, f->cols, sl_ncolumns, f->o->ids, f->o->nids, &oo);
	if (r == 0) {
		struct libscols_line *ln = out_table_line(&t);
		if (ln) {
			sl_fill_line(&t, ln, ev);
			r = out_table_print(&t);
		} else {
			r = -ENOMEM;
		}
	}
	out_table_done(&t);
	f->header_done = true;
	if (r == 0 && f->o->verbose)
		sl_print_details(stdout, ev, NULL, f->o->out.bytes);
	return r;
}

static int follow_print(struct follow *f, const struct oomt_event *ev)
{
	int r = 0;

	if (f->o->json) {
		struct oomt_json *j;
		j = cli_json_new(SL_NAME, false);
		oomt_event_write_json(j, ev);
		cli_json_done(j);
	} else {
		r = follow_print_line(f, ev);
	}
	f->shown++;
	if (fflush(stdout) != 0)
		return -errno;
	return r;
}

/* Which log is followed, and why not the journal when it could not be. */
static void follow_sources_notes(const struct oomt_scan *s)
{
	size_t n = oomt_scan_source_count(s);

	for (size_t i = 0; i < n; i++) {
		const struct oomt_scan_source *st = oomt_scan_source_get(s, i);

		if (st->error == 0)
			continue;
		if (i + 1 < n && st->kind == OOMT_SCAN_SOURCE_JOURNAL &&
		    (st->error == -EACCES || st->error == -EPERM))
			/* kmsg may still be readable (dmesg_restrict=0): say why not the journal */
			cli_warn(SL_NAME, "the journal shows only your own messages, following "
			         "/dev/kmsg instead (run as root, or add yourself to the "
			         "systemd-journal group)");
		else
			cli_scan_report_error(SL_NAME, st);
	}
}

/* Until SIGINT/SIGTERM: each incident printed as it comes, then what the parser held. */
static int follow_loop(struct follow *f)
{
	const struct oomt_event *ev;
	int r = 0;

	while (!stop_requested && r >= 0) {
		r = oomt_scan_follow_next(f->scan, FOLLOW_WAIT_MS, &ev);
		if (r == 0)
			r = follow_print(f, ev);
	}
	if (r < 0)
		return r;
	r = oomt_scan_follow_stop(f->scan);
	while (r == 0 && (r = oomt_scan_follow_next(f->scan, 0, &ev)) == 0)
		r = follow_print(f, ev);
	return r < 0 ? r : 0;
}

/* A failure of the followed source is worded where it happened; ours (no memory) is not
 * yet. */
static int follow_status(const struct follow *f, int r)
{
	size_t n = oomt_scan_source_count(f->scan);
	int err = n ? oomt_scan_source_get(f->scan, n - 1)->error : 0;

	if (r == 0)
		return f->shown ? EXIT_FOUND : EXIT_NOTHING;
	if (err == 0)
		return fatal(r);
	return err == -EACCES || err == -EPERM ? EXIT_PRIVILEGE : EXIT_RUNTIME;
}

static int run_follow(struct sl_opts *o)
{
	struct follow f = { .o = o };
	size_t n;
	int r, status;

	/* Each incident is its own one-line table, so that it can be printed when it comes;
	 * widths relative to the terminal become fixed minimums to keep the lines aligned. */
	f.cols = malloc(sl_ncolumns * sizeof(*f.cols));
	if (!f.cols)
		return fatal(-ENOMEM);
	for (size_t i = 0; i < sl_ncolumns; i++) {
		f.cols[i] = sl_columns[i];
		if (f.cols[i].width < 1)
			f.cols[i].width = f.cols[i].width >= 0.2 ? 24 : 12;
	}
	r = scan_open(o, NULL, &f.scan);
	if (r != 0) {
		free(f.cols);
		return r;
	}
	install_stop_handlers();
	r = oomt_scan_follow_start(f.scan);
	follow_sources_notes(f.scan);
	if (r == 0) {
		r = follow_loop(&f);
		n = oomt_scan_source_count(f.scan);
		if (r < 0 && n && oomt_scan_source_get(f.scan, n - 1)->read_error)
			cli_scan_report_error(SL_NAME, oomt_scan_source_get(f.scan, n - 1));
	}
	/* a clean end (SIGINT, SIGTERM): the same notes as a batch scan */
	if (r == 0) {
		cli_scan_report_losses(SL_NAME, f.scan);
		filter_notes(oomt_scan_kept_without_time(f.scan), oomt_scan_kept_without_host(f.scan));
	}
	status = follow_status(&f, r);
	oomt_scan_free(f.scan);
	free(f.cols);
	return cli_finish_stdout(SL_NAME, status);
}

int cmd_scan_logs(int argc, char **argv)
{
	struct sl_opts o = { 0 };
	int r;

	r = parse_args(&o, argc, argv);
	if (r == CLI_CONTINUE) {
		o.out.color = !o.json && cli_use_color(stdout);
		r = o.follow ? run_follow(&o) : run_batch(&o);
	}
	free(o.dirs);
	return r;
}
