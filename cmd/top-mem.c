/* SPDX-License-Identifier: MIT */
/* oomtool top-mem: who holds the memory right now (snapshot, --by, --sample, --watch). The
 * snapshot is the library's (oomtool/topmem.h); this file holds the options, the table and
 * the notes. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <oomtool/format.h>
#include <oomtool/common.h>
#include <oomtool/topmem-json.h>
#include "common.h"
#include "top-mem.h"

#define SUB TOPMEM_NAME

struct snapshot_options {
	struct topmem_options top;
	struct out_opts out;
	const char *columns;     /* -o */
	bool sort_given;
	bool watch;
	int64_t sample_usec;     /* --sample, 0 = off */
};

static void usage(FILE *f)
{
	fputs("Usage: oomtool top-mem [OPTIONS]\n\n"
	      "Show who holds the memory now: the top processes by PSS, RSS, swap, oom_score or\n"
	      "growth, with their cgroup limit and oom_score_adj.\n\nOptions:\n"
	      "  -c, --count N          show N rows (default 10)\n"
	      "  -s, --sort KEY         rss, pss, swap, oom or growth (default pss as root, else rss)\n"
	      "  -u, --user USER        only processes of USER (name or uid)\n"
	      "  -p, --pid PID,...      only these processes\n"
	      "      --cgroup PATH      only processes in this cgroup and below\n"
	      "  -K, --kernel-threads   show kernel threads too (hidden: they hold no memory)\n"
	      "      --by KEY           sum per user, cgroup, unit or command\n"
	      "      --sample SECONDS   measure twice, add GROWTH per minute and sort by it\n"
	      "  -w, --watch            live view (ncurses); press ? for its keys\n"
	      "  -d, --delay SECONDS    live view refresh interval (default 2)\n"
	      "  -o, --output LIST      columns to show (+LIST appends to the defaults)\n"
	      "  -J, --json             JSON output\n"
	      "  -r, --raw              raw table output\n"
	      "  -n, --noheadings       no header lines\n"
	      "  -b, --bytes            sizes in bytes\n"
	      "      --sysroot DIR      read DIR/proc and DIR/sys/fs/cgroup instead of the live system\n"
	      "  -h, --help             show this help and exit\n"
	      "  -V, --version          show the version and exit\n\nColumns:\n", f);
	out_columns_help(f, topmem_columns, topmem_ncolumns);
	fputs("\nExit status: 0 rows shown, 1 no process matched, 2 usage error, 3 runtime error,\n"
	      "4 insufficient privilege (/proc cannot be opened).\nSee oomtool-top-mem(1).\n", f);
}

static int parse_sort(const char *s, enum oomt_topmem_sort *ret)
{
	for (int i = 0; i <= OOMT_TOPMEM_SORT_GROWTH; i++)
		if (strcmp(s, topmem_sort_name(i)) == 0) {
			*ret = i;
			return 0;
		}
	return -EINVAL;
}

static int parse_group(const char *s, enum oomt_topmem_group *ret)
{
	for (int i = 1; i <= OOMT_TOPMEM_GROUP_COMMAND; i++)
		if (strcmp(s, oomt_topmem_group_name(i)) == 0) {
			*ret = i;
			return 0;
		}
	return -EINVAL;
}

/* --sample, --delay: a duration from 0.1 s to a day. */
static int opt_interval(const char *opt, const char *text, int64_t *ret_usec)
{
	return cli_opt_duration(SUB, opt, text, 100000, 86400 * 1000000LL, ret_usec);
}

static int parse_pids(const char *s, struct oomt_topmem_query *q)
{
	int32_t *pids;
	size_t n = 1;
	const char *p;

	for (p = s; *p; p++)
		n += *p == ',';
	pids = calloc(n, sizeof(*pids));
	if (!pids)
		return -ENOMEM;
	q->pids = pids;
	for (p = s; *p;) {
		char *end;
		long v;

		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || end == p || v <= 0 || v > INT_MAX || (*end && *end != ','))
			return -EINVAL;
		pids[q->npids++] = (int32_t)v;
		p = *end ? end + 1 : end;
	}
	return q->npids ? 0 : -EINVAL;
}

static int parse_user(const char *s, const char *sysroot, int64_t *ret_uid)
{
	char *end;
	long v;

	if (oomt_user_uid(sysroot, s, ret_uid) == 0)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return -ENOENT;
	*ret_uid = v;
	return 0;
}

enum { OPT_CGROUP = 256, OPT_BY, OPT_SAMPLE, OPT_SYSROOT };

/* CLI_CONTINUE, or the exit status (help/version printed, usage error). */
static int parse_args(int argc, char **argv, struct snapshot_options *o)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "sort", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "pid", required_argument, NULL, 'p' },
		{ "cgroup", required_argument, NULL, OPT_CGROUP },
		{ "kernel-threads", no_argument, NULL, 'K' },
		{ "by", required_argument, NULL, OPT_BY },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "watch", no_argument, NULL, 'w' },
		{ "delay", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct oomt_topmem_query *q = &o->top.query;
	const char *user = NULL, *pids = NULL;
	int64_t delay_usec;
	unsigned long n;
	int c, r;

	opterr = 0;   /* our own messages, in our format */
	while ((c = getopt_long(argc, argv, ":c:s:u:p:Kwd:o:JrnbhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if ((r = cli_opt_count(SUB, "--count", optarg, 1000000, &n)))
				return r;
			q->count = n;
			break;
		case 's':
			if (parse_sort(optarg, &q->sort) < 0)
				return cli_usage_error(SUB, "invalid --sort '%s': use rss, pss, swap, oom or growth", optarg);
			o->sort_given = true;
			break;
		case 'u': user = optarg; break;
		case 'p': pids = optarg; break;
		case OPT_CGROUP: q->cgroup = optarg; break;
		case 'K': q->hide_kernel_threads = false; break;
		case OPT_BY:
			if (parse_group(optarg, &q->group) < 0)
				return cli_usage_error(SUB, "invalid --by '%s': use user, cgroup, unit or command", optarg);
			break;
		case OPT_SAMPLE:
			if ((r = opt_interval("--sample", optarg, &o->sample_usec)))
				return r;
			break;
		case 'w': o->watch = true; break;
		case 'd':
			if ((r = opt_interval("--delay", optarg, &delay_usec)))
				return r;
			o->top.interval_sec = (double)delay_usec / 1e6;
			break;
		case 'o': o->columns = optarg; o->top.columns_given = true; break;
		case 'J': o->out.json = true; break;
		case 'r': o->out.raw = true; break;
		case 'n': o->out.noheadings = true; break;
		case 'b': o->out.bytes = o->top.bytes = true; break;
		case OPT_SYSROOT: o->top.sysroot = optarg; break;
		default:
			return cli_opt_standard(SUB, c, argv, usage);
		}
	}
	if (optind < argc)
		return cli_usage_error(SUB, "unexpected argument '%s'", argv[optind]);
	if (o->watch && (o->out.json || o->sample_usec > 0))
		return cli_usage_error(SUB, "--watch cannot be combined with --json or --sample");
	if (user && parse_user(user, o->top.sysroot, &q->uid) < 0)
		return cli_usage_error(SUB, "unknown user '%s'", user);
	if (pids && parse_pids(pids, q) < 0)
		return cli_usage_error(SUB, "invalid --pid '%s': give PID[,PID...]", pids);
	return CLI_CONTINUE;
}

static int setup_columns(struct snapshot_options *o)
{
	return cli_opt_columns(SUB, topmem_columns, topmem_ncolumns,
	                       topmem_default_columns(o->top.query.group,
	                                              o->sample_usec > 0 && !o->columns),
	                       o->columns, o->top.ids, &o->top.nids);
}

/* ---- rendering ---- */

static void print_summary(const struct oomt_topmem *t)
{
	const struct oomt_topmem_stats *st = oomt_topmem_stats(t);
	char line[256];

	topmem_summary_line(t, line, sizeof(line));
	printf("%s\n", line);
	printf("%zu process%s", st->processes, st->processes == 1 ? "" : "es");
	if (st->kernel_threads_hidden)
		printf(" (%zu kernel thread%s hidden; -K shows %s)", st->kernel_threads_hidden,
		       st->kernel_threads_hidden == 1 ? "" : "s",
		       st->kernel_threads_hidden == 1 ? "it" : "them");
	printf("%s\n\n", st->growth ? "; growth = RSS+swap change per minute" : "");
}

/* A column of cgroup paths: their leaf is what tells them apart. */
static bool path_column(const struct oomt_topmem *t, int col)
{
	return col == COL_CGROUP ||
	       (col == COL_GROUP && oomt_topmem_grouped_by(t) == OOMT_TOPMEM_GROUP_CGROUP);
}

static size_t terminal_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	long v;

	if (env && (v = strtol(env, NULL, 10)) > 0 && v < 100000)
		return (size_t)v;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* On a terminal a table line is cut to its width, and libsmartcols cuts a column from the
 * right: a cgroup path would lose its leaf (/kubepods.slice/kube...). The path columns get
 * an explicit width instead (half of what the other columns leave, at least 12), their
 * cells are cut from the left or in the middle (topmem_ellipsize), and only the other
 * truncatable columns (COMMAND) are left to libsmartcols. 0: nothing to cut. */
static size_t path_width(const struct snapshot_options *o, const struct oomt_topmem *t)
{
	size_t used = 0, longest = 0, npaths = 0, room, w;
	bool other_trunc = false;
	char buf[OOMT_PROC_CGROUP_MAX];

	if (o->out.raw || o->out.json || !isatty(STDOUT_FILENO))
		return 0;
	for (size_t k = 0; k < o->top.nids; k++) {
		int col = o->top.ids[k];
		size_t cw = strlen(topmem_columns[col].name);

		for (size_t i = 0; i < oomt_topmem_nrows(t); i++) {
			size_t l = strlen(topmem_cell(t, i, col, o->out.bytes, buf, sizeof(buf)));
			if (l > cw)
				cw = l;
		}
		if (path_column(t, col)) {
			npaths++;
			if (cw > longest)
				longest = cw;
		} else if (topmem_columns[col].flags & SCOLS_FL_TRUNC) {
			other_trunc = true;
		} else {
			used += cw;
		}
		used += k ? 1 : 0;                     /* the separator before it */
	}
	if (!npaths)
		return 0;
	room = terminal_width() > used ? terminal_width() - used : 0;
	w = room / npaths / (other_trunc ? 2 : 1);
	if (w < 12)
		w = 12;
	return w < longest ? w : 0;
}

static int render(const struct snapshot_options *o, const struct oomt_topmem *t)
{
	struct out_column cols[TOPMEM_MAX_COLUMNS];
	struct out_table tb;
	size_t pw;
	char buf[OOMT_PROC_CGROUP_MAX], cut[OOMT_PROC_CGROUP_MAX];

	if (o->out.json) {
		struct oomt_json *j;
		j = cli_json_new(SUB, true);
		oomt_topmem_write_json(j, t);
		cli_json_done(j);
		return 0;
	}
	/* the path columns at their own width, not truncated by libsmartcols */
	if (topmem_ncolumns > TOPMEM_MAX_COLUMNS)
		return -E2BIG;
	pw = path_width(o, t);
	memcpy(cols, topmem_columns, topmem_ncolumns * sizeof(cols[0]));
	for (size_t c = 0; pw && c < topmem_ncolumns; c++)
		if (path_column(t, (int)c)) {
			cols[c].width = (double)pw;
			cols[c].flags &= ~SCOLS_FL_TRUNC;
		}
	if (out_table_init(&tb, cols, topmem_ncolumns, o->top.ids, o->top.nids, &o->out) < 0)
		return -ENOMEM;
	if (!o->out.raw && !o->out.noheadings)
		print_summary(t);
	for (size_t i = 0; i < oomt_topmem_nrows(t); i++) {
		struct libscols_line *ln = out_table_line(&tb);

		for (size_t k = 0; k < tb.nids; k++) {
			const char *cell = topmem_cell(t, i, tb.ids[k], o->out.bytes, buf, sizeof(buf));

			if (pw && path_column(t, tb.ids[k]))
				cell = topmem_ellipsize(cell, pw, cut, sizeof(cut));
			out_cell(&tb, ln, tb.ids[k], cell);
		}
	}
	out_table_print(&tb);
	out_table_done(&tb);
	return 0;
}

static void warn_once(const struct snapshot_options *o, const struct oomt_topmem *t)
{
	const struct oomt_topmem_stats *st = oomt_topmem_stats(t);

	if (st->pss_err)
		cli_warn(SUB, "PSS unknown (shown as -) for %zu process%s: cannot read smaps_rollup: "
		          "%s%s%s", st->pss_unknown, st->pss_unknown == 1 ? "" : "es",
		          strerror(-st->pss_err), st->pss_err == -EACCES ? "; " : "",
		          st->pss_err == -EACCES ? cli_privilege_hint(EACCES) : "");
	if (st->pss_budget_hit)
		cli_warn(SUB, "PSS read for the %zu largest processes only; the order of the last "
		          "rows is by RSS bound", st->pss_reads);
	if (st->unreadable && !o->top.query.pids)
		cli_warn(SUB, "%zu processes could not be read (hidepid or permissions)",
		          st->unreadable);
}

/* --sample: a baseline pass, SECONDS of sleep, then the snapshot measures growth. */
static int take_snapshot(const struct snapshot_options *o, struct oomt_topmem *t)
{
	const struct oomt_topmem_query *q = &o->top.query;
	int r;

	if (o->sample_usec > 0) {
		if ((r = oomt_topmem_baseline(t, q)) < 0)
			return r;
		cli_sleep_usec(o->sample_usec);
	}
	return oomt_topmem_refresh(t, q);
}

static int run_snapshot(const struct snapshot_options *o, struct oomt_topmem *t)
{
	int r = take_snapshot(o, t);

	if (r < 0) {
		cli_err(SUB, "cannot read processes: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	r = render(o, t);
	fflush(stdout);  /* the notes belong under the table, not above it */
	warn_once(o, t);
	if (r < 0) {
		cli_err(SUB, "cannot print the table: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	return cli_finish_stdout(SUB, oomt_topmem_nrows(t) ? EXIT_FOUND : EXIT_NOTHING);
}

static int open_snapshot(const struct snapshot_options *o, struct oomt_topmem **ret)
{
	const char *sysroot = o->top.sysroot;
	int r = oomt_topmem_new(sysroot, ret);

	if (r < 0) {
		bool priv = r == -EACCES || r == -EPERM;

		cli_err(SUB, "cannot open '%s/proc': %s%s%s", sysroot ? sysroot : "",
		         strerror(-r), priv ? "; " : "", priv ? cli_privilege_hint(-r) : "");
		return priv ? EXIT_PRIVILEGE : EXIT_RUNTIME;
	}
	return CLI_CONTINUE;
}

int cmd_top_mem(int argc, char **argv)
{
	struct snapshot_options o = {
		.top = { .interval_sec = 2.0,
		         .query = { .struct_size = sizeof(o.top.query), .count = 10,
		                    .uid = OOMT_UNKNOWN, .hide_kernel_threads = true } },
	};
	struct oomt_topmem *t = NULL;
	int r = parse_args(argc, argv, &o);

	if (r == CLI_CONTINUE) {
		if (o.top.sysroot && strcmp(o.top.sysroot, "/") == 0)
			o.top.sysroot = NULL;
		if (!o.sort_given)
			o.top.query.sort = o.sample_usec > 0 ? OOMT_TOPMEM_SORT_GROWTH
			                   : (geteuid() == 0 || o.top.sysroot ||
			                      o.top.query.uid == (int64_t)geteuid())
			                           ? OOMT_TOPMEM_SORT_PSS : OOMT_TOPMEM_SORT_RSS;
		o.out.color = !o.out.json && cli_use_color(stdout);
		r = setup_columns(&o);
	}
	if (r == CLI_CONTINUE)
		r = open_snapshot(&o, &t);
	if (r == CLI_CONTINUE)
		r = o.watch ? topmem_tui_run(&o.top, t) : run_snapshot(&o, t);
	oomt_topmem_free(t);
	free((void *)o.top.query.pids);
	return r;
}
