/* SPDX-License-Identifier: MIT */
/*
 * oomtool protect: who is protected from the OOM killer and why; set and reset
 * oom_score_adj now and across restarts. The library does the work (oomtool/protect.h):
 * list -> plan -> [here: show, confirm] -> apply with undo. This file holds the options.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "protect.h"

static void usage(FILE *f)
{
	fputs("Usage:\n"
	      " oomtool protect [-a] [--sample SEC] [-J|-r] [-n] [-b] [-o COLUMNS]\n"
	      " oomtool protect set TARGET ADJ [--children] [--persist] [--force] [options]\n"
	      " oomtool protect reset TARGET [--children] [options]\n\n"
	      "List the processes whose oom_score_adj is not 0, where each value comes from\n"
	      "(the unit's OOMScoreAdjust=, the parent, the kubelet's QoS policy, a container\n"
	      "runtime, set by hand) and what to watch (drift, -1000 on a big or growing\n"
	      "process, children that inherited protection, OOMPolicy=, memory.oom.group).\n"
	      "set writes ADJ (-1000..1000) to every process TARGET names: a pid, a unit\n"
	      "(nginx.service: the processes in its cgroup) or a process name; reset puts back\n"
	      "what set replaced and removes the drop-in. A plan is shown before anything\n"
	      "changes. ADJ may be negative: -900 is a value, not an option.\n\n"
	      "Options:\n"
	      " -a, --all              list every process, 0 included\n"
	      "     --sample SEC       read twice, SEC apart: flags -1000 processes that grow\n"
	      "     --children         set/reset: also every descendant of the processes named\n"
	      "     --persist          set: write a drop-in for the unit (OOMScoreAdjust=) so that\n"
	      "                        the value survives restarts (reset always removes it)\n"
	      "     --force            set: accept -1000 (unkillable; -900 is the safe choice)\n"
	      " -y, --yes              apply without asking\n"
	      "     --dry-run          print the plan, change nothing\n"
	      "     --no-systemd       never ask systemd over D-Bus, never reload it\n"
	      "     --sysroot DIR      read DIR/proc and unit files under DIR; write\n"
	      "                        DIR/proc/PID/oom_score_adj, drop-ins and records under DIR\n"
	      "     --root DIR         the same as --sysroot\n"
	      " -J, --json             JSON output\n"
	      " -r, --raw              raw table\n"
	      " -n, --noheadings       no table header\n"
	      " -b, --bytes            sizes in bytes\n"
	      " -o, --output COLUMNS   columns to show (+COL adds to the defaults)\n"
	      " -h, --help             show this help and exit\n"
	      " -V, --version          show the version and exit\n\n", f);
	fputs("Columns:\n", f);
	protect_columns_help(f);
	fputs("\nExit status: 0 listed something or done (also: already as asked, dry run),\n"
	      "1 nothing listed, no such process, or the confirmation was declined,\n"
	      "2 usage error, 3 a check refused or a step failed, 4 not permitted.\n"
	      "See oomtool-protect(8).\n", f);
}

enum {
	OPT_SAMPLE = 0x100, OPT_CHILDREN, OPT_PERSIST, OPT_FORCE, OPT_DRY_RUN, OPT_NO_SYSTEMD,
	OPT_SYSROOT,
};

static int parse_opt(struct protect_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'a': o->all = true; return 0;
	case OPT_SAMPLE:
		return cli_opt_duration(PROTECT_SUB, "--sample", arg, 100000, 3600 * 1000000LL,
		                        &o->sample_usec);
	case OPT_CHILDREN: o->children = true; return 0;
	case OPT_PERSIST: o->persist = true; return 0;
	case OPT_FORCE: o->force = true; return 0;
	case 'y': o->yes = true; return 0;
	case OPT_DRY_RUN: o->dry_run = true; return 0;
	case OPT_NO_SYSTEMD: o->systemd = OOMT_SYSTEMD_NEVER; return 0;
	case OPT_SYSROOT: o->sysroot = arg; return 0;
	case 'J': o->out.json = true; return 0;
	case 'r': o->out.raw = true; return 0;
	case 'n': o->out.noheadings = true; return 0;
	case 'b': o->out.bytes = true; return 0;
	case 'o': o->columns = arg; return 0;
	}
	return cli_usage_error(PROTECT_SUB, "unknown option");
}

/* "-900": a negative number, which getopt would take for options -9 -0 -0. */
static bool is_negative_number(const char *s)
{
	return s[0] == '-' && s[1] >= '0' && s[1] <= '9' &&
	       strspn(s + 1, "0123456789") == strlen(s + 1);
}

/* Whether ARG is an option that takes the next word as its value. */
static bool takes_value(const char *arg)
{
	static const char *const with_value[] = { "--sample", "--sysroot", "--root", "--output",
	                                          "-o", NULL };

	for (size_t i = 0; with_value[i]; i++)
		if (strcmp(arg, with_value[i]) == 0)
			return true;
	/* a short cluster ending in o ("-Jo") */
	return arg[0] == '-' && arg[1] != '-' && arg[1] && arg[strlen(arg) - 1] == 'o';
}

/* Options anywhere; the words (verb, TARGET, ADJ) into words[]. Returns CLI_CONTINUE or the
 * exit status. */
static int parse_args(int argc, char **argv, struct protect_opts *o, const char **words,
                      size_t *nwords)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "children", no_argument, NULL, OPT_CHILDREN },
		{ "persist", no_argument, NULL, OPT_PERSIST },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "yes", no_argument, NULL, 'y' },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "no-systemd", no_argument, NULL, OPT_NO_SYSTEMD },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "root", required_argument, NULL, OPT_SYSROOT },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	char **av = calloc((size_t)argc + 1, sizeof(*av));
	const char *negative = NULL;
	int ac = 0, c, r = CLI_CONTINUE;

	if (!av) {
		cli_err(PROTECT_SUB, "out of memory");
		return EXIT_RUNTIME;
	}
	/* ADJ may be negative: take it out before getopt sees it */
	for (int i = 0; i < argc; i++) {
		bool after_dashes = false;

		for (int k = 1; k < i; k++)
			after_dashes |= strcmp(argv[k], "--") == 0;
		if (i > 0 && !after_dashes && is_negative_number(argv[i]) &&
		    !takes_value(argv[i - 1]) && !negative) {
			negative = argv[i];
			continue;
		}
		av[ac++] = argv[i];
	}
	opterr = 0;
	*nwords = 0;
	optind = 0;
	while (r == CLI_CONTINUE && (c = getopt_long(ac, av, ":ayJrnbo:hV", longopts, NULL)) != -1) {
		if (CLI_OPT_STANDARD(c))
			r = cli_opt_standard(PROTECT_SUB, c, av, usage);
		else if ((c = parse_opt(o, c, optarg)) != 0)
			r = c;
	}
	for (; r == CLI_CONTINUE && optind < ac; optind++) {
		if (*nwords >= 3)
			r = cli_usage_error(PROTECT_SUB, "unexpected argument '%s'", av[optind]);
		else
			words[(*nwords)++] = av[optind];
	}
	if (r == CLI_CONTINUE && negative) {
		if (*nwords >= 3)
			r = cli_usage_error(PROTECT_SUB, "unexpected argument '%s'", negative);
		else
			words[(*nwords)++] = negative;
	}
	free(av);
	return r;
}

static int parse_adj(const char *s, int *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < -1000 || v > 1000)
		return cli_usage_error(PROTECT_SUB, "invalid ADJ '%s' (a whole number in "
		                        "-1000..1000)", s);
	*ret = (int)v;
	return 0;
}

static int check_words(struct protect_opts *o, const char **w, size_t n)
{
	bool change;
	int r;

	if (n == 0) {
		o->mode = PROTECT_MODE_LIST;
	} else if (strcmp(w[0], "set") == 0) {
		if (n != 3)
			return cli_usage_error(PROTECT_SUB, "set needs TARGET and ADJ");
		o->mode = PROTECT_MODE_SET;
		o->target = w[1];
		if ((r = parse_adj(w[2], &o->adj)) != 0)
			return r;
	} else if (strcmp(w[0], "reset") == 0) {
		if (n != 2)
			return cli_usage_error(PROTECT_SUB, "reset needs TARGET (and nothing else)");
		o->mode = PROTECT_MODE_RESET;
		o->target = w[1];
	} else {
		return cli_usage_error(PROTECT_SUB, "unknown action '%s' (set, reset, or none to "
		                        "list)", w[0]);
	}
	change = o->mode != PROTECT_MODE_LIST;
	if (change && !*o->target)
		return cli_usage_error(PROTECT_SUB, "TARGET is empty");
	if (change && (o->all || o->sample_usec || o->columns || o->out.raw || o->out.noheadings))
		return cli_usage_error(PROTECT_SUB, "-a, --sample, -o, -r and -n go with the list");
	if (!change && (o->children || o->persist || o->force || o->yes || o->dry_run))
		return cli_usage_error(PROTECT_SUB, "--children, --persist, --force, --yes and "
		                        "--dry-run go with set or reset");
	if (o->mode == PROTECT_MODE_RESET && (o->persist || o->force))
		return cli_usage_error(PROTECT_SUB, "reset takes no --persist or --force (it "
		                        "always undoes both)");
	if (change && o->out.json && !o->yes && !o->dry_run)
		return cli_usage_error(PROTECT_SUB, "--json needs --yes or --dry-run (no prompt "
		                        "inside JSON output)");
	return CLI_CONTINUE;
}

int cmd_protect(int argc, char **argv)
{
	struct protect_opts o = { .mode = PROTECT_MODE_LIST };
	const char *words[3];
	size_t nwords;
	int r;

	o.out.color = cli_use_color(stdout);
	if ((r = parse_args(argc, argv, &o, words, &nwords)) != CLI_CONTINUE)
		return r;
	if ((r = check_words(&o, words, nwords)) != CLI_CONTINUE)
		return r;
	return o.mode == PROTECT_MODE_LIST ? protect_list(&o) : protect_change(&o);
}
