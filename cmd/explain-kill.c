/* SPDX-License-Identifier: MIT */
/* oomtool explain-kill: why the kernel chose its victim, what caused the incident, what to
 * change. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/model-json.h>
#include <oomtool/scan.h>
#include "common.h"
#include "explain-kill.h"

#define DEFAULT_TOP 10

enum {
	OPT_SINCE = 0x100,
	OPT_UNTIL,
	OPT_EVENT,
	OPT_ALL,
	OPT_SYSROOT,
	OPT_NOW,
	OPT_KIND,
};

static const struct option longopts[] = {
	{ "event", required_argument, NULL, OPT_EVENT },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "directory", required_argument, NULL, 'D' },
	{ "sysroot", required_argument, NULL, OPT_SYSROOT },
	{ "count", required_argument, NULL, 'c' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "now", no_argument, NULL, OPT_NOW },
	{ "raw", no_argument, NULL, 'r' },
	{ "bytes", no_argument, NULL, 'b' },
	{ "json", no_argument, NULL, 'J' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fputs("Usage: oomtool explain-kill [OPTIONS] [FILE...]\n"
	      "       oomtool explain-kill --now [OPTIONS]\n\n"
	      "Explain an out-of-memory kill: recompute the kernel's ranking of the tasks with\n"
	      "the badness formula of that kernel, check that it picks the kernel's victim (or\n"
	      "say why not), and list what caused the incident with advice.\n"
	      "Without FILE: the most recent incident in this host's journal, /dev/kmsg and\n"
	      "/var/log (as scan-logs finds them); with FILE: the latest one in those files.\n"
	      "A piece of a report that a cut left after it (a header alone, a reaper line)\n"
	      "names no victim and is passed over; --all or --event explains it too.\n\n"
	      "Options:\n"
	      "      --event ID        explain incident ID (as scan-logs prints it; a unique\n"
	      "                        prefix is enough)\n"
	      "      --all             explain every incident found\n"
	      "      --kind LIST       kinds of incident: oom_kill, oom_panic, allocation_failure,\n"
	      "                        or all (default: oom_kill,oom_panic; --event: any kind)\n"
	      "      --since TIME      only incidents at or after TIME (\"-2h\", \"yesterday\")\n"
	      "      --until TIME      only incidents at or before TIME\n"
	      "  -D, --directory DIR   read a journal directory (from another machine)\n"
	      "      --sysroot DIR     read the logs (with --now: /proc, /sys) under DIR\n"
	      "  -c, --count N         ranking rows to show (default 10; 0 = all)\n"
	      "      --now             who would the kernel kill right now, for the whole\n"
	      "                        machine and each memory cgroup near its limit\n"
	      "  -r, --raw             raw ranking table: no alignment\n"
	      "  -n, --noheadings      no header line in the ranking table\n"
	      "  -b, --bytes           sizes in bytes instead of human units\n"
	      "  -J, --json            JSON output\n"
	      "  -h, --help            show this help and exit\n"
	      "  -V, --version         show the version and exit\n\n"
	      "Exit status: 0 explained, 1 no incident found, 2 usage error, 3 runtime error,\n"
	      "4 insufficient privilege. Finding codes: see oomtool-explain-kill(1).\n", f);
}

static int parse_top(const char *text, size_t *ret)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || v > 1000000)
		return cli_usage_error(EK_NAME, "invalid --count value '%s' (a number of rows)", text);
	*ret = v == 0 ? SIZE_MAX : (size_t)v;
	return 0;
}

/* Returns CLI_CONTINUE to go on, else an exit status. */
static int parse_opt(struct ek_opts *o, int c, char **argv)
{
	switch (c) {
	case OPT_EVENT:
		if (!*optarg)
			return cli_usage_error(EK_NAME, "--event needs an incident id");
		o->event_id = optarg;
		return CLI_CONTINUE;
	case OPT_ALL: o->all = true; return CLI_CONTINUE;
	case OPT_KIND:
		o->kinds_given = true;
		return cli_opt_kinds(EK_NAME, optarg, &o->kinds) ? EXIT_USAGE : CLI_CONTINUE;
	case OPT_SINCE:
		return cli_opt_time(EK_NAME, "--since", optarg, &o->since_usec) ? EXIT_USAGE
		                                                                 : CLI_CONTINUE;
	case OPT_UNTIL:
		return cli_opt_time(EK_NAME, "--until", optarg, &o->until_usec) ? EXIT_USAGE
		                                                                 : CLI_CONTINUE;
	case 'D':
		return cli_opt_append(EK_NAME, &o->dirs, &o->n_dirs, optarg) ? EXIT_RUNTIME
		                                                              : CLI_CONTINUE;
	case OPT_SYSROOT: o->sysroot = optarg; return CLI_CONTINUE;
	case 'c': return parse_top(optarg, &o->top) ? EXIT_USAGE : CLI_CONTINUE;
	case 'n': o->out.noheadings = true; return CLI_CONTINUE;
	case OPT_NOW: o->now = true; return CLI_CONTINUE;
	case 'r': o->out.raw = true; return CLI_CONTINUE;
	case 'b': o->out.bytes = true; return CLI_CONTINUE;
	case 'J': o->json = o->out.json = true; return CLI_CONTINUE;
	default:
		return cli_opt_standard(EK_NAME, c, argv, usage);
	}
}

static int check_opts(const struct ek_opts *o)
{
	if (o->since_usec != OOMT_UNKNOWN && o->until_usec != OOMT_UNKNOWN &&
	    o->since_usec > o->until_usec)
		return cli_usage_error(EK_NAME, "--since is later than --until");
	if (o->event_id && o->all)
		return cli_usage_error(EK_NAME, "--event and --all do not go together");
	if (o->now && (o->event_id || o->all || o->n_files || o->n_dirs || o->kinds_given ||
	               o->since_usec != OOMT_UNKNOWN || o->until_usec != OOMT_UNKNOWN))
		return cli_usage_error(EK_NAME, "--now looks at the running system, not at logs");
	for (size_t i = 0; i < o->n_files; i++)
		if (!o->files[i][0])
			return cli_usage_error(EK_NAME, "empty file name");
	return CLI_CONTINUE;
}

static int parse_args(struct ek_opts *o, int argc, char **argv)
{
	int c, r;

	o->since_usec = o->until_usec = OOMT_UNKNOWN;
	o->top = DEFAULT_TOP;
	o->kinds = OOMT_SCAN_KINDS_DEFAULT;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":D:c:nrbJhV", longopts, NULL)) != -1) {
		r = parse_opt(o, c, argv);
		if (r != CLI_CONTINUE)
			return r;
	}
	o->files = argv + optind;
	o->n_files = (size_t)(argc - optind);
	return check_opts(o);
}

/* ---- which incidents ---- */

/* The index of --event ID: exact, else a unique prefix. -ENOENT none, -EEXIST ambiguous. */
static int find_event(const struct ek_set *s, const char *id, size_t *ret)
{
	const struct oomt_event *const *h = ek_set_history(s);
	size_t n = ek_set_count(s), len = strlen(id), hits = 0;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(h[i]->id, id) == 0) {
			*ret = i;
			return 0;
		}
		if (strncmp(h[i]->id, id, len) == 0) {
			*ret = i;
			hits++;
		}
	}
	return hits == 1 ? 0 : hits ? -EEXIST : -ENOENT;
}

struct run {
	const struct ek_opts *o;
	struct ek_set *set;
	struct oomt_json *j;
	size_t shown;
};

static int explain_one(struct run *rn, size_t idx)
{
	struct oomt_event *ev;
	struct ek_explained x;
	int r;

	r = ek_set_read(rn->set, idx, &ev);
	if (r < 0) {
		cli_err(EK_NAME, "reading an incident back from the temporary file: %s", strerror(-r));
		return r;
	}
	r = ek_explain(rn->set, idx, ev, &x);
	if (r == 0) {
		if (rn->o->json) {
			oomt_explained_write_json(rn->j, x.ev, x.model, x.findings, rn->o->top);
		} else {
			if (rn->shown)
				fputs("\n", stdout);
			r = ev->kind == OOMT_KIND_ALLOCATION_FAILURE ? ek_print_alloc_report(stdout, &x, rn->o)
			                                             : ek_print_report(stdout, &x, rn->o);
		}
		rn->shown++;
		ek_explained_done(&x);
	}
	if (r < 0)
		cli_err(EK_NAME, "explaining incident %s: %s", ev->id,
		         r == -ENOMEM ? "out of memory" : strerror(-r));
	oomt_event_free(ev);
	return r;
}

static int pick_and_explain(struct run *rn)
{
	size_t n = ek_set_count(rn->set), idx = 0;
	int r;

	if (rn->o->event_id) {
		r = find_event(rn->set, rn->o->event_id, &idx);
		if (r == -EEXIST) {
			cli_err(EK_NAME, "incident id '%s' is ambiguous: give more of it (see "
			         "'oomtool scan-logs -o +ID')", rn->o->event_id);
			return EXIT_USAGE;
		}
		if (r < 0) {
			cli_err(EK_NAME, "no incident '%s' in these logs (list them with "
			         "'oomtool scan-logs -o +ID')", rn->o->event_id);
			return EXIT_NOTHING;
		}
		return explain_one(rn, idx) < 0 ? EXIT_RUNTIME : EXIT_FOUND;
	}
	/* The latest incident that says what happened (not a header or reaper line a grep or
	 * a cut kept); for a memory.oom.group kill, the victim the kernel selected (the members
	 * killed with it are its report's, not incidents of their own). */
	if (!rn->o->all) {
		const struct oomt_event *const *h = ek_set_history(rn->set);

		return explain_one(rn, oomt_group_kill_first(h, n, oomt_latest_explainable(h, n),
		                                             NULL)) < 0 ? EXIT_RUNTIME : EXIT_FOUND;
	}
	for (size_t i = 0; i < n; i++)
		if (explain_one(rn, i) < 0)
			return EXIT_RUNTIME;
	return EXIT_FOUND;
}

static int run_logs(const struct ek_opts *o)
{
	struct run rn = { .o = o };
	int status;

	status = ek_collect(o, &rn.set);
	if (o->json) {
		rn.j = cli_json_new(EK_NAME, true);
		oomt_json_begin_object(rn.j, NULL);
		oomt_json_begin_array(rn.j, "events");
	}
	/* No log could be read (said on stderr): -J still writes a document, with no events,
	 * so that a script's parser sees JSON on every path, as with scan-logs -J. */
	if (status == 0 && ek_set_count(rn.set) == 0) {
		if (!o->json)
			cli_warn(EK_NAME, "no %s found%s", o->kinds == OOMT_SCAN_KINDS_DEFAULT
			         ? "OOM incident" : "incident of the kinds asked for",
			         o->n_files ? " in these files" : "");
		status = EXIT_NOTHING;
	} else if (status == 0) {
		status = pick_and_explain(&rn);
	}
	if (o->json) {
		oomt_json_end_array(rn.j);
		oomt_json_end_object(rn.j);
		cli_json_done(rn.j);
	}
	ek_set_free(rn.set);
	return cli_finish_stdout(EK_NAME, status);
}

int cmd_explain_kill(int argc, char **argv)
{
	struct ek_opts o = { 0 };
	int r;

	r = parse_args(&o, argc, argv);
	if (r == CLI_CONTINUE) {
		o.out.color = !o.json && cli_use_color(stdout);
		r = o.now ? ek_now(&o) : run_logs(&o);
	}
	free(o.dirs);
	return r;
}
