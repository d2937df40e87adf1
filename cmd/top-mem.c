/* SPDX-License-Identifier: MIT */
/* oomtool top-mem: who holds the memory right now (snapshot, --by, --sample, --watch). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <oomtool/system.h>
#include <oomtool/format.h>
#include <oomtool/record.h>
#include "common.h"
#include "top-mem.h"

#define SUB "top-mem"

struct opts {
	struct topmem_ctx ctx;
	struct out_opts out;
	const char *columns;
	bool sort_given;
	bool watch;
	double sample;           /* seconds, 0 = off */
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
		if (strcmp(s, topmem_group_name(i)) == 0) {
			*ret = i;
			return 0;
		}
	return -EINVAL;
}

static int parse_seconds(const char *s, double *ret)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0.1 || v > 86400)
		return -EINVAL;
	*ret = v;
	return 0;
}

static int parse_pids(const char *s, struct topmem_ctx *c)
{
	size_t n = 1;
	const char *p;

	for (p = s; *p; p++)
		n += *p == ',';
	c->pids = calloc(n, sizeof(*c->pids));
	if (!c->pids)
		return -ENOMEM;
	for (p = s; *p;) {
		char *end;
		long v;

		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || end == p || v <= 0 || v > INT_MAX || (*end && *end != ','))
			return -EINVAL;
		c->pids[c->npids++] = (int32_t)v;
		p = *end ? end + 1 : end;
	}
	return c->npids ? 0 : -EINVAL;
}

static int parse_user(const char *s, struct topmem_ctx *c)
{
	char *end;
	long v;

	if (oomt_user_uid(c->sysroot, s, &c->uid) == 0)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return -ENOENT;
	c->uid = v;
	return 0;
}

enum { OPT_CGROUP = 256, OPT_BY, OPT_SAMPLE, OPT_SYSROOT };

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "sort", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "pid", required_argument, NULL, 'p' },
		{ "cgroup", required_argument, NULL, OPT_CGROUP },
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
	const char *user = NULL, *pids = NULL;
	char *end;
	int c;

	opterr = 0;   /* our own messages, in our format */
	while ((c = getopt_long(argc, argv, ":c:s:u:p:wd:o:JrnbhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			errno = 0;
			o->ctx.count = (size_t)strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || *optarg == '-' || o->ctx.count == 0 ||
			    o->ctx.count > 1000000)
				return cli_usage_error(SUB, "invalid --count '%s': give a number 1-1000000", optarg);
			break;
		case 's':
			if (parse_sort(optarg, &o->ctx.sort) < 0)
				return cli_usage_error(SUB, "invalid --sort '%s': use rss, pss, swap, oom or growth", optarg);
			o->sort_given = true;
			break;
		case 'u': user = optarg; break;
		case 'p': pids = optarg; break;
		case OPT_CGROUP: o->ctx.cgroup = optarg; break;
		case OPT_BY:
			if (parse_group(optarg, &o->ctx.group) < 0)
				return cli_usage_error(SUB, "invalid --by '%s': use user, cgroup, unit or command", optarg);
			break;
		case OPT_SAMPLE:
			if (parse_seconds(optarg, &o->sample) < 0)
				return cli_usage_error(SUB, "invalid --sample '%s': give seconds (0.1-86400)", optarg);
			break;
		case 'w': o->watch = true; break;
		case 'd':
			if (parse_seconds(optarg, &o->ctx.interval) < 0)
				return cli_usage_error(SUB, "invalid --delay '%s': give seconds (0.1-86400)", optarg);
			break;
		case 'o': o->columns = optarg; o->ctx.columns_given = true; break;
		case 'J': o->out.json = true; break;
		case 'r': o->out.raw = true; break;
		case 'n': o->out.noheadings = true; break;
		case 'b': o->out.bytes = o->ctx.bytes = true; break;
		case OPT_SYSROOT: o->ctx.sysroot = optarg; break;
		case 'h':
			usage(stdout);
			return cli_finish_stdout(SUB, -1) == EXIT_RUNTIME ? EXIT_RUNTIME : -1;
		case 'V':
			cli_print_version();
			return cli_finish_stdout(SUB, -1) == EXIT_RUNTIME ? EXIT_RUNTIME : -1;
		default:
			return cli_opt_error(SUB, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(SUB, "unexpected argument '%s'", argv[optind]);
	if (o->watch && (o->out.json || o->sample > 0))
		return cli_usage_error(SUB, "--watch cannot be combined with --json or --sample");
	if (user && parse_user(user, &o->ctx) < 0)
		return cli_usage_error(SUB, "unknown user '%s'", user);
	if (pids && parse_pids(pids, &o->ctx) < 0)
		return cli_usage_error(SUB, "invalid --pid '%s': give PID[,PID...]", pids);
	return 0;
}

static int setup_columns(struct opts *o)
{
	const char *defaults = o->ctx.group ? TOPMEM_GROUP_COLUMNS : TOPMEM_DEFAULT_COLUMNS;
	char buf[128];
	const char *bad = NULL;

	if (o->sample > 0 && !o->columns) {
		snprintf(buf, sizeof(buf), "%s,GROWTH", defaults);
		defaults = buf;
	}
	if (out_parse_columns(topmem_columns, topmem_ncolumns, defaults, o->columns, o->ctx.ids,
	                      &o->ctx.nids, &bad) < 0) {
		if (bad)
			return cli_usage_error(SUB, "unknown column '%.*s'", (int)strcspn(bad, ","), bad);
		return cli_usage_error(SUB, "too many columns");
	}
	return 0;
}

/* ---- rendering ---- */

static void json_system(struct oomt_json *j, const struct topmem_system *s)
{
	const struct oomt_proc_meminfo *m = &s->mem;
	bool swap = s->has_mem && m->swap_total_bytes != OOMT_UNKNOWN &&
	            m->swap_free_bytes != OOMT_UNKNOWN;

	oomt_json_begin_object(j, "system");
	oomt_json_int(j, "mem_total_bytes", s->has_mem ? m->mem_total_bytes : OOMT_UNKNOWN);
	oomt_json_int(j, "mem_available_bytes", s->has_mem ? m->mem_available_bytes : OOMT_UNKNOWN);
	oomt_json_int(j, "swap_total_bytes", s->has_mem ? m->swap_total_bytes : OOMT_UNKNOWN);
	oomt_json_int(j, "swap_used_bytes",
	              swap ? m->swap_total_bytes - m->swap_free_bytes : OOMT_UNKNOWN);
	oomt_json_double(j, "psi_some_avg10", s->psi.some_avg10, s->has_psi);
	oomt_json_double(j, "psi_full_avg10", s->psi.full_avg10, s->has_psi && s->psi.has_full);
	oomt_json_int(j, "oom_kill", s->oom_kill);
	oomt_json_end_object(j);
}

static void json_proc(struct oomt_json *j, const struct topmem_row *r, bool growth)
{
	const struct oomt_proc_details *d = r->d;

	oomt_json_begin_object(j, NULL);
	oomt_json_int(j, "pid", r->p->pid);
	oomt_json_string(j, "user", r->user);
	oomt_json_int(j, "rss_bytes", r->p->rss_bytes);
	oomt_json_int(j, "pss_bytes", r->p->pss_bytes);
	oomt_json_int(j, "swap_bytes", d->swap_bytes);
	oomt_json_int(j, "oom_score", d->oom_score);
	oomt_json_int(j, "oom_score_adj", d->oom_score_adj);
	oomt_json_string_or_null(j, "cgroup", d->cgroup);
	oomt_json_int(j, "cgroup_limit_bytes", d->cgroup_limit_bytes);
	oomt_json_string_or_null(j, "name", d->name);
	oomt_json_string_or_null(j, "command", d->command);
	if (growth)
		oomt_json_int(j, "growth_bytes_per_min", r->p->growth_bytes_per_min);
	oomt_json_end_object(j);
}

static void json_group(struct oomt_json *j, const struct oomt_topmem_group_row *g,
                       bool growth)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "key", g->key);
	oomt_json_int(j, "processes", g->nprocs);
	oomt_json_int(j, "rss_bytes", g->rss_bytes);
	oomt_json_int(j, "pss_bytes", g->pss_unknown ? OOMT_UNKNOWN : g->pss_bytes);
	oomt_json_int(j, "pss_unknown_processes", g->pss_unknown);
	oomt_json_int(j, "swap_bytes", g->swap_bytes);
	if (growth)
		oomt_json_int(j, "growth_bytes_per_min", g->growth_bytes_per_min);
	oomt_json_end_object(j);
}

static void table_row(struct out_table *t, const struct topmem_row *r, bool bytes)
{
	struct libscols_line *ln = out_table_line(t);
	char buf[64];

	for (size_t i = 0; i < t->nids; i++)
		out_cell(t, ln, t->ids[i], topmem_cell(r, t->ids[i], bytes, buf, sizeof(buf)));
}

/* ---- the snapshot ---- */

struct snapshot {
	struct oomt_proc_scan scan;
	struct oomt_proc_details *details;  /* one per shown row */
	char (*users)[33];
	size_t nrows;
	struct oomt_topmem_groups groups;
	struct oomt_topmem_select_stats stats;
	int pss_err;                        /* first reason a PSS was unknown */
};

static int scan_sampled(struct opts *o, struct snapshot *s, bool want_status)
{
	struct oomt_proc_scan_opts so = topmem_scan_opts(&o->ctx, want_status);
	struct oomt_proc_scan before = { 0 };
	struct timespec t0, t1;
	int r;

	if (o->sample <= 0)
		return oomt_proc_scan_run(o->ctx.procfd, &so, &s->scan);
	if ((r = oomt_proc_scan_run(o->ctx.procfd, &so, &before)) < 0)
		return r;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	nanosleep(&(struct timespec){ (time_t)o->sample,
	                              (long)((o->sample - (double)(time_t)o->sample) * 1e9) },
	          NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	r = oomt_proc_scan_run(o->ctx.procfd, &so, &s->scan);
	if (r == 0)
		oomt_topmem_growth(before.procs, before.n, s->scan.procs, s->scan.n,
		                   (int64_t)(t1.tv_sec - t0.tv_sec) * 1000000 +
		                           (t1.tv_nsec - t0.tv_nsec) / 1000);
	oomt_proc_scan_done(&before);
	return r;
}

static void note_pss_err(struct snapshot *s, size_t from, size_t to)
{
	for (size_t i = from; i < to && !s->pss_err; i++)
		if (s->scan.procs[i].pss_bytes == OOMT_UNKNOWN)
			s->pss_err = s->scan.procs[i].pss_err;
}

/* Details of the ranked rows until count are filled; false when some vanished since they
 * were ranked and more candidates may exist. */
static bool fill_rows(struct topmem_ctx *c, struct snapshot *s, size_t ranked)
{
	size_t w = 0;

	for (size_t i = 0; i < ranked && w < c->count; i++) {
		if (oomt_proc_details_read(c->procfd, &c->cgfs, s->scan.procs[i].pid,
		                           &s->details[w]) < 0)
			continue;  /* exited since it was ranked */
		s->scan.procs[w] = s->scan.procs[i];
		if (!topmem_user(c, s->details[w].euid, s->users[w], sizeof(s->users[w])))
			s->users[w][0] = '\0';
		w++;
	}
	s->nrows = w;
	return w == c->count || ranked < c->count;
}

/* A few spare candidates absorb processes that exit between ranking and reading their
 * details; when more than that vanish, rank again from a fresh pass. */
static int gather_rows(struct opts *o, struct snapshot *s)
{
	struct topmem_ctx *c = &o->ctx;
	struct oomt_proc_scan_opts so = topmem_scan_opts(c, false);
	size_t spare = 4, ranked;
	int r;

	s->details = calloc(c->count, sizeof(*s->details));
	s->users = calloc(c->count, sizeof(*s->users));
	if (!s->details || !s->users)
		return -ENOMEM;
	for (int attempt = 0;; attempt++) {
		r = oomt_topmem_select(s->scan.procs, s->scan.n, c->count + spare, c->sort,
		                       topmem_pss_budget(c->count + spare), oomt_proc_scan_read_pss,
		                       &c->procfd, &ranked, &s->stats);
		if (r < 0)
			return r;
		if (fill_rows(c, s, ranked) || attempt == 3 || o->sample > 0)
			break;
		spare *= 4;
		if ((r = oomt_proc_scan_run(c->procfd, &so, &s->scan)) < 0)
			return r;
	}
	note_pss_err(s, 0, s->nrows);
	return 0;
}

/* --by: every member's PSS is needed for an exact sum, so this reads every smaps_rollup. */
static int gather_groups(struct opts *o, struct snapshot *s)
{
	struct topmem_ctx *c = &o->ctx;
	size_t n;
	int r;

	r = oomt_topmem_select_full(s->scan.procs, s->scan.n, s->scan.n, OOMT_TOPMEM_SORT_RSS,
	                            oomt_proc_scan_read_pss, &c->procfd, &n, &s->stats);
	if (r < 0)
		return r;
	note_pss_err(s, 0, n);
	for (size_t i = 0; i < n; i++) {
		char key[OOMT_PROC_CGROUP_MAX];
		if (topmem_group_key(c, c->group, &s->scan.procs[i], key, sizeof(key)) < 0)
			continue;
		if ((r = oomt_topmem_groups_add(&s->groups, key, &s->scan.procs[i])) < 0)
			return r;
	}
	oomt_topmem_groups_sort(&s->groups, c->sort);
	s->nrows = s->groups.n < c->count ? s->groups.n : c->count;
	return 0;
}

static void snapshot_done(struct snapshot *s)
{
	oomt_proc_scan_done(&s->scan);
	oomt_topmem_groups_done(&s->groups);
	free(s->details);
	free(s->users);
}

static void print_header(const struct topmem_system *sys, const struct snapshot *s, bool sample)
{
	char line[256];

	topmem_system_line(sys, line, sizeof(line));
	printf("%s\n", line);
	printf("%zu process%s%s\n\n", s->scan.n, s->scan.n == 1 ? "" : "es",
	       sample ? "; growth = RSS+swap change per minute" : "");
}

static int render(struct opts *o, const struct topmem_system *sys, const struct snapshot *s)
{
	bool growth = o->sample > 0;

	if (o->out.json) {
		struct oomt_json j;
		oomt_json_init(&j, stdout, true);
		oomt_json_begin_object(&j, NULL);
		json_system(&j, sys);
		if (o->ctx.group) {
			oomt_json_string(&j, "by", topmem_group_name(o->ctx.group));
			oomt_json_begin_array(&j, "groups");
			for (size_t i = 0; i < s->nrows; i++)
				json_group(&j, &s->groups.rows[i], growth);
		} else {
			oomt_json_begin_array(&j, "processes");
			for (size_t i = 0; i < s->nrows; i++)
				json_proc(&j, &(struct topmem_row){ &s->scan.procs[i], &s->details[i],
				                                    NULL, s->users[i] }, growth);
		}
		oomt_json_end_array(&j);
		oomt_json_end_object(&j);
		oomt_json_finish(&j);
		return 0;
	}
	struct out_table t;
	if (out_table_init(&t, topmem_columns, topmem_ncolumns, o->ctx.ids, o->ctx.nids,
	                   &o->out) < 0)
		return -ENOMEM;
	if (!o->out.raw && !o->out.noheadings)
		print_header(sys, s, growth);
	for (size_t i = 0; i < s->nrows; i++) {
		if (o->ctx.group)
			table_row(&t, &(struct topmem_row){ .g = &s->groups.rows[i] }, o->out.bytes);
		else
			table_row(&t, &(struct topmem_row){ &s->scan.procs[i], &s->details[i], NULL,
			                                    s->users[i] }, o->out.bytes);
	}
	out_table_print(&t);
	out_table_done(&t);
	return 0;
}

static void warn_once(const struct opts *o, const struct snapshot *s)
{
	if (s->pss_err)
		cli_warn(SUB, "PSS unknown (shown as -) for %zu process%s: cannot read smaps_rollup: "
		          "%s%s%s", s->stats.pss_unknown, s->stats.pss_unknown == 1 ? "" : "es",
		          strerror(-s->pss_err), s->pss_err == -EACCES ? "; " : "",
		          s->pss_err == -EACCES ? cli_privilege_hint(EACCES) : "");
	if (s->stats.budget_hit)
		cli_warn(SUB, "PSS read for the %zu largest processes only; the order of the last "
		          "rows is by RSS bound", s->stats.pss_reads);
	if (s->scan.unreadable && !o->ctx.pids)
		cli_warn(SUB, "%zu processes could not be read (hidepid or permissions)",
		          s->scan.unreadable);
}

static int run_snapshot(struct opts *o)
{
	struct snapshot s = { 0 };
	struct topmem_system sys;
	bool swap_used;
	int r;

	oomt_topmem_groups_init(&s.groups);
	/* also unloads libproc2, before the scan, where the peak RSS would otherwise be */
	topmem_system_read(&o->ctx, &sys);
	swap_used = sys.has_mem && sys.mem.swap_total_bytes != OOMT_UNKNOWN &&
	            sys.mem.swap_total_bytes > sys.mem.swap_free_bytes;
	r = scan_sampled(o, &s, o->sample > 0 && swap_used);
	if (r == 0)
		r = o->ctx.group ? gather_groups(o, &s) : gather_rows(o, &s);
	if (r < 0) {
		cli_err(SUB, "cannot read processes: %s", strerror(-r));
		snapshot_done(&s);
		return EXIT_RUNTIME;
	}
	r = render(o, &sys, &s);
	fflush(stdout);  /* the notes belong under the table, not above it */
	warn_once(o, &s);
	snapshot_done(&s);
	if (r < 0) {
		cli_err(SUB, "cannot print the table: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	return cli_finish_stdout(SUB, s.nrows ? EXIT_FOUND : EXIT_NOTHING);
}

static int open_inputs(struct opts *o)
{
	int r = oomt_proc_open(o->ctx.sysroot, &o->ctx.procfd);

	if (r < 0) {
		bool priv = r == -EACCES || r == -EPERM;

		cli_err(SUB, "cannot open '%s/proc': %s%s%s", o->ctx.sysroot ? o->ctx.sysroot : "",
		         strerror(-r), priv ? "; " : "", priv ? cli_privilege_hint(-r) : "");
		return priv ? EXIT_PRIVILEGE : EXIT_RUNTIME;
	}
	/* No cgroup hierarchy is fine: the LIMIT column then reads "-". */
	oomt_cgroup_fs_open(&o->ctx.cgfs, o->ctx.sysroot);
	return 0;
}

int cmd_top_mem(int argc, char **argv)
{
	struct opts o = { .ctx = { .count = 10, .uid = OOMT_UNKNOWN, .interval = 2.0,
	                           .procfd = -1, .cgfs = { -1, -1 } } };
	int r = parse_args(argc, argv, &o);

	if (r != 0) {
		free(o.ctx.pids);
		return r < 0 ? EXIT_FOUND : r;
	}
	if (o.ctx.sysroot && strcmp(o.ctx.sysroot, "/") == 0)
		o.ctx.sysroot = NULL;
	o.ctx.page_size = oomt_page_size();
	if (!o.sort_given)
		o.ctx.sort = o.sample > 0 ? OOMT_TOPMEM_SORT_GROWTH
		             : (geteuid() == 0 || o.ctx.sysroot || o.ctx.uid == (int64_t)geteuid())
		                     ? OOMT_TOPMEM_SORT_PSS : OOMT_TOPMEM_SORT_RSS;
	o.out.color = !o.out.json && cli_use_color(stdout);
	if ((r = setup_columns(&o)) != 0 || (r = open_inputs(&o)) != 0) {
		free(o.ctx.pids);
		return r;
	}
	r = o.watch ? topmem_tui_run(&o.ctx) : run_snapshot(&o);
	oomt_cgroup_fs_close(&o.ctx.cgfs);
	close(o.ctx.procfd);
	free(o.ctx.pids);
	return r;
}
