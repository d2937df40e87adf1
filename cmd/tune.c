/* SPDX-License-Identifier: MIT */
/*
 * oomtool tune: check the kernel's memory settings (where each value comes from, findings
 * with advice), set and reset them with exact undo, drop caches. The library does the work
 * (oomtool/tune.h); this file holds the options.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "tune.h"

static void usage(FILE *f)
{
	fputs("Usage:\n"
	      " oomtool tune [check] [-J|-r] [-n] [-o COLUMNS]\n"
	      " oomtool tune set KEY=VALUE... [--persist] [options]\n"
	      " oomtool tune reset KEY... [options]\n"
	      " oomtool tune drop-caches [pagecache|slab|all] [--sync-timeout SEC] [options]\n\n"
	      "check (the default) reads every kernel setting that shapes the next OOM kill,\n"
	      "says where each value comes from (a sysctl.d file, sysctl.conf, the kernel\n"
	      "command line, a write since boot, or the kernel's default) and judges them,\n"
	      "with advice. set changes known settings now (--persist: also at every boot,\n"
	      "in /etc/sysctl.d/90-oomtool.conf); reset puts back exactly what set replaced.\n"
	      "drop-caches syncs, drops the clean page cache (and/or slab) and shows what it\n"
	      "freed. A plan is shown before anything changes.\n\n"
	      "Options:\n"
	      "     --persist          set: also write the oomtool sysctl.d file\n"
	      "     --sync-timeout SEC drop-caches: wait at most SEC for sync (default 30)\n"
	      " -y, --yes              apply without asking\n"
	      "     --dry-run          print the plan, change nothing\n"
	      "     --sysroot DIR      read and write DIR/proc/sys, DIR/etc/sysctl.d, DIR/sys,\n"
	      "                        DIR/run (no sync, nothing reaches the running kernel)\n"
	      "     --root DIR         the same as --sysroot\n"
	      " -J, --json             JSON output\n"
	      " -r, --raw              raw table (check)\n"
	      " -n, --noheadings       no table header (check)\n"
	      " -o, --output COLUMNS   columns of the settings table (+COL adds)\n"
	      " -h, --help             show this help and exit\n"
	      " -V, --version          show the version and exit\n\n"
	      "Keys set accepts:\n", f);
	for (size_t i = 0; oomt_tune_key_at(i); i++)
		fprintf(f, "  %-28s %s\n", oomt_tune_key_at(i)->key, oomt_tune_key_at(i)->summary);
	fputs("\nColumns:\n", f);
	tune_columns_help(f);
	fputs("\nExit status: 0 checked or done (also: already as asked, dry run), 1 the\n"
	      "confirmation was declined, 2 usage error, 3 a check refused or a step failed,\n"
	      "4 not root.\n"
	      "See oomtool-tune(8).\n", f);
}

enum { OPT_PERSIST = 0x100, OPT_SYNC_TIMEOUT, OPT_DRY_RUN, OPT_SYSROOT };

static int parse_opt(struct tune_opts *o, int c, const char *arg)
{
	switch (c) {
	case OPT_PERSIST: o->persist = true; return 0;
	case OPT_SYNC_TIMEOUT:
		return cli_opt_duration(TUNE_SUB, "--sync-timeout", arg, 100000, 3600 * 1000000LL,
		                        &o->sync_timeout_usec);
	case 'y': o->yes = true; return 0;
	case OPT_DRY_RUN: o->dry_run = true; return 0;
	case OPT_SYSROOT: o->sysroot = arg; return 0;
	case 'J': o->out.json = true; return 0;
	case 'r': o->out.raw = true; return 0;
	case 'n': o->out.noheadings = true; return 0;
	case 'o': o->columns = arg; return 0;
	}
	return cli_usage_error(TUNE_SUB, "unknown option");
}

static int parse_args(int argc, char **argv, struct tune_opts *o)
{
	static const struct option longopts[] = {
		{ "persist", no_argument, NULL, OPT_PERSIST },
		{ "sync-timeout", required_argument, NULL, OPT_SYNC_TIMEOUT },
		{ "yes", no_argument, NULL, 'y' },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "root", required_argument, NULL, OPT_SYSROOT },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":yJrno:hV", longopts, NULL)) != -1) {
		if (CLI_OPT_STANDARD(c))
			return cli_opt_standard(TUNE_SUB, c, argv, usage);
		if ((r = parse_opt(o, c, optarg)) != 0)
			return r;
	}
	return CLI_CONTINUE;
}

static int parse_drop(struct tune_opts *o, const char *const *w, size_t n)
{
	if (n > 1)
		return cli_usage_error(TUNE_SUB, "drop-caches takes one of pagecache, slab, all");
	if (n == 0 || strcmp(w[0], "pagecache") == 0)
		o->drop = OOMT_DROP_PAGECACHE;
	else if (strcmp(w[0], "slab") == 0)
		o->drop = OOMT_DROP_SLAB;
	else if (strcmp(w[0], "all") == 0)
		o->drop = OOMT_DROP_ALL;
	else
		return cli_usage_error(TUNE_SUB, "unknown cache '%s' (pagecache, slab or all)", w[0]);
	return 0;
}

/* The action word and its arguments (argv[optind..] after getopt's permutation). */
static int check_words(struct tune_opts *o, char *const *w, size_t n)
{
	const char *verb = n ? w[0] : "check";
	bool change;
	int r;

	o->args = (const char *const *)w + 1;
	o->nargs = n ? n - 1 : 0;
	if (strcmp(verb, "check") == 0) {
		o->mode = TUNE_MODE_CHECK;
		if (o->nargs)
			return cli_usage_error(TUNE_SUB, "unexpected argument '%s'", o->args[0]);
	} else if (strcmp(verb, "set") == 0) {
		o->mode = TUNE_MODE_SET;
		if (!o->nargs)
			return cli_usage_error(TUNE_SUB, "set needs KEY=VALUE");
	} else if (strcmp(verb, "reset") == 0) {
		o->mode = TUNE_MODE_RESET;
		if (!o->nargs)
			return cli_usage_error(TUNE_SUB, "reset needs KEY");
	} else if (strcmp(verb, "drop-caches") == 0) {
		o->mode = TUNE_MODE_DROP;
		if ((r = parse_drop(o, o->args, o->nargs)) != 0)
			return r;
		o->nargs = 0;
	} else {
		return cli_usage_error(TUNE_SUB, "unknown action '%s' (check, set, reset, "
		                        "drop-caches)", verb);
	}
	change = o->mode != TUNE_MODE_CHECK;
	if (change && (o->columns || o->out.raw || o->out.noheadings))
		return cli_usage_error(TUNE_SUB, "-o, -r and -n go with the check");
	if (!change && (o->yes || o->dry_run))
		return cli_usage_error(TUNE_SUB, "--yes and --dry-run go with set, reset and "
		                        "drop-caches");
	if (o->persist && o->mode != TUNE_MODE_SET)
		return cli_usage_error(TUNE_SUB, "--persist goes with set (reset always undoes "
		                        "both)");
	if (o->sync_timeout_usec && o->mode != TUNE_MODE_DROP)
		return cli_usage_error(TUNE_SUB, "--sync-timeout goes with drop-caches");
	if (change && o->out.json && !o->yes && !o->dry_run)
		return cli_usage_error(TUNE_SUB, "--json needs --yes or --dry-run (no prompt "
		                        "inside JSON output)");
	return CLI_CONTINUE;
}

int cmd_tune(int argc, char **argv)
{
	struct tune_opts o = { .mode = TUNE_MODE_CHECK };
	int r;

	o.out.color = cli_use_color(stdout);
	if ((r = parse_args(argc, argv, &o)) != CLI_CONTINUE)
		return r;
	if ((r = check_words(&o, argv + optind, (size_t)(argc - optind))) != CLI_CONTINUE)
		return r;
	return o.mode == TUNE_MODE_CHECK ? tune_check(&o) : tune_change(&o);
}
