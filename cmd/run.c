/* SPDX-License-Identifier: MIT */
/*
 * oomtool run: run a command under a trial memory limit and report its true peak, every
 * memory event, whether it was OOM-killed and the limit to set. The library does the work
 * (lib/run: the trial cgroup, the supervision, the counters, the verdict; lib/format/
 * run-json.c: the JSON); this file holds the options, the words and the exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/format.h>
#include <oomtool/run-json.h>
#include "common.h"
#include "run.h"

static void usage(FILE *f)
{
	fputs("Usage:\n"
	      " oomtool run --limit SIZE [options] [--] COMMAND [ARGS...]\n"
	      " oomtool run --find-limit[=LOW..HIGH] [options] [--] COMMAND [ARGS...]\n\n"
	      "Run a command in a memory cgroup of its own under a trial limit, then report\n"
	      "its exit status, the peak of its whole process tree, every limit hit, whether\n"
	      "it was OOM-killed, and the limit to set in Docker, Kubernetes or systemd.\n"
	      "The command's output stays on stdout; the report follows it on stderr.\n\n"
	      "Options:\n"
	      " -l, --limit SIZE       the trial limit: 512M, 2G, 1.5GiB\n"
	      "     --high SIZE        also throttle above SIZE (memory.high; cgroup v2)\n"
	      "     --swap SIZE        swap the command may use (default 0, as in Kubernetes)\n"
	      "     --keep-going       let the command run on after an OOM kill (default: stop\n"
	      "                        it at the first one)\n"
	      "     --find-limit[=LOW..HIGH]\n"
	      "                        run the command again and again to find the smallest\n"
	      "                        limit at which it completes without an OOM kill; either\n"
	      "                        end may be left out (default: 0..the peak of a first run)\n"
	      "     --step SIZE|N%     how close --find-limit gets (default 5%)\n"
	      " -J, --json             the report as JSON (oomtool-json(7))\n"
	      "     --report FILE      the report to FILE instead of stderr (/dev/fd/N: an open\n"
	      "                        descriptor, - : stdout)\n"
	      " -h, --help             show this help and exit\n"
	      " -V, --version          show the version and exit\n\n"
	      "Exit status: the command's (128 + N when signal N ended it: 137 after an OOM kill;\n"
	      "127 when it cannot be executed). Before the command starts, oomtool's own\n"
	      "failures: 2 usage error, 3 no memory controller or no cgroup could be made,\n"
	      "4 not root and no delegated cgroup.\n"
	      "See oomtool-run(1).\n", f);
}

enum { OPT_HIGH = 0x100, OPT_SWAP, OPT_KEEP_GOING, OPT_FIND_LIMIT, OPT_STEP, OPT_REPORT };

static int parse_size_opt(const char *opt, const char *arg, int64_t *ret)
{
	char what[32];

	snprintf(what, sizeof(what), "%s size", opt);
	return cli_opt_size(RUN_SUB, what, arg, OOMT_UNKNOWN, ret);
}

/* LOW..HIGH, LOW.., ..HIGH */
static bool is_range(const char *s)
{
	return strstr(s, "..") != NULL;
}

static int parse_range(struct run_opts *o, const char *arg)
{
	const char *dots = strstr(arg, "..");
	char low[64];
	int r;

	if (!dots || (size_t)(dots - arg) >= sizeof(low))
		return cli_usage_error(RUN_SUB, "invalid --find-limit range '%s' (LOW..HIGH, "
		                       "e.g. 256M..2G)", arg);
	memcpy(low, arg, (size_t)(dots - arg));
	low[dots - arg] = '\0';
	if (low[0] && (r = parse_size_opt("--find-limit", low, &o->find_low_bytes)) != 0)
		return r;
	if (dots[2] && (r = parse_size_opt("--find-limit", dots + 2, &o->find_high_bytes)) != 0)
		return r;
	if (o->find_low_bytes == 0 || o->find_high_bytes == 0 ||
	    (o->find_low_bytes != OOMT_UNKNOWN && o->find_high_bytes != OOMT_UNKNOWN &&
	     o->find_low_bytes >= o->find_high_bytes))
		return cli_usage_error(RUN_SUB, "invalid --find-limit range '%s': LOW must be "
		                       "above 0 and below HIGH", arg);
	return 0;
}

static int parse_step(struct run_opts *o, const char *arg)
{
	size_t len = strlen(arg);

	if (len > 1 && arg[len - 1] == '%') {
		char *end;
		long v = strtol(arg, &end, 10);

		if (end != arg + len - 1 || v < 1 || v > 50)
			return cli_usage_error(RUN_SUB, "invalid --step '%s' (1%%..50%%, or a size)",
			                       arg);
		o->step_percent = (int)v;
		o->step_bytes = 0;
		return 0;
	}
	if (parse_size_opt("--step", arg, &o->step_bytes) != 0)
		return EXIT_USAGE;
	if (o->step_bytes == 0)
		return cli_usage_error(RUN_SUB, "invalid --step '%s': it must be above 0", arg);
	return 0;
}

static int parse_opt(struct run_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'l': return parse_size_opt("--limit", arg, &o->limit_bytes);
	case OPT_HIGH: return parse_size_opt("--high", arg, &o->high_bytes);
	case OPT_SWAP: return parse_size_opt("--swap", arg, &o->swap_bytes);
	case OPT_KEEP_GOING: o->keep_going = true; return 0;
	case OPT_FIND_LIMIT:
		o->find_limit = true;
		return arg ? parse_range(o, arg) : 0;
	case OPT_STEP: return parse_step(o, arg);
	case 'J': o->json = true; return 0;
	case OPT_REPORT: o->report_path = arg; return 0;
	}
	return cli_usage_error(RUN_SUB, "unknown option");
}

/* Returns CLI_CONTINUE to go on, or the exit status. */
static int parse_args(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		{ "limit", required_argument, NULL, 'l' },
		{ "high", required_argument, NULL, OPT_HIGH },
		{ "swap", required_argument, NULL, OPT_SWAP },
		{ "keep-going", no_argument, NULL, OPT_KEEP_GOING },
		{ "find-limit", optional_argument, NULL, OPT_FIND_LIMIT },
		{ "step", required_argument, NULL, OPT_STEP },
		{ "json", no_argument, NULL, 'J' },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	opterr = 0;
	/* '+': options end at the command's name, so its own options stay its own
	 * (oomtool run --limit 1G make -j4) */
	while ((c = getopt_long(argc, argv, "+:l:JhV", longopts, NULL)) != -1) {
		if (CLI_OPT_STANDARD(c))
			return cli_opt_standard(RUN_SUB, c, argv, usage);
		r = parse_opt(o, c, optarg);
		if (r != 0)
			return r;
		/* --find-limit LOW..HIGH, the range as the next word */
		if (c == OPT_FIND_LIMIT && !optarg && optind < argc && is_range(argv[optind])) {
			r = parse_range(o, argv[optind++]);
			if (r != 0)
				return r;
		}
	}
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;   /* getopt stops before a "--" that follows the command's options */
	if (optind >= argc)
		return cli_usage_error(RUN_SUB, "no command given (oomtool run --limit SIZE -- "
		                       "COMMAND [ARGS...])");
	if (o->limit_bytes == OOMT_UNKNOWN && !o->find_limit)
		return cli_usage_error(RUN_SUB, "--limit SIZE is required (or --find-limit)");
	if (o->limit_bytes == 0 || o->high_bytes == 0)
		return cli_usage_error(RUN_SUB, "a limit of 0 bytes leaves the command no memory");
	if ((o->step_bytes || o->step_percent) && !o->find_limit)
		return cli_usage_error(RUN_SUB, "--step goes with --find-limit");
	o->argv = argv + optind;
	return CLI_CONTINUE;
}

/* The report's stream: stderr, stdout ("-"), a descriptor the caller opened (/dev/fd/N, as
 * the shell's 3>file gives it: used as it is, not reopened and truncated) or a file. */
static FILE *open_report(const struct run_opts *o)
{
	const char *p = o->report_path;
	int fd;

	if (!p)
		return stderr;
	if (strcmp(p, "-") == 0)
		return stdout;
	if (strncmp(p, "/dev/fd/", 8) == 0 && p[8]) {
		char *end;
		long n = strtol(p + 8, &end, 10);

		if (*end || n < 0 || n > 1 << 20) {
			errno = EINVAL;
			return NULL;
		}
		if (n == 1)
			return stdout;
		if (n == 2)
			return stderr;
		fd = fcntl((int)n, F_DUPFD_CLOEXEC, 3);
	} else {
		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	}
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "w");

	if (!f)
		close(fd);
	return f;
}

static int setup_error(const struct run_opts *o, int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
	case EROFS:
		cli_err(RUN_SUB, "cannot create a memory cgroup: %s (run as root, or from a "
		        "cgroup v2 subtree delegated to you, such as a systemd user session's)",
		        strerror(err));
		return EXIT_PRIVILEGE;
	case ENOENT:
		cli_err(RUN_SUB, "no memory controller: neither cgroup v2 with the memory "
		        "controller nor the v1 memory hierarchy is mounted under /sys/fs/cgroup "
		        "(mount it; in a container, run oomtool on the host)");
		return EXIT_RUNTIME;
	case EOPNOTSUPP:
		if (o->high_bytes != OOMT_UNKNOWN)
			cli_err(RUN_SUB, "--high needs cgroup v2 (memory.high), and this machine's "
			        "memory controller is cgroup v1 (leave --high out)");
		else
			cli_err(RUN_SUB, "--swap needs swap accounting, which this kernel does not do "
			        "(boot with swapaccount=1, or leave --swap out)");
		return EXIT_RUNTIME;
	}
	cli_err(RUN_SUB, "cannot set up the trial cgroup: %s", strerror(err));
	return EXIT_RUNTIME;
}

struct try_progress {
	FILE *f;
	bool show;
};

static void on_try(const struct oomt_run_try *t, size_t index, void *userdata)
{
	struct try_progress *p = userdata;

	if (p->show)
		run_render_try(p->f, t, index);
}

static int run_command(struct run_opts *o, FILE *out)
{
	struct oomt_run_options ro = {
		.struct_size = sizeof(ro), .backend = OOMT_RUN_BACKEND_AUTO,
		.limit_bytes = o->limit_bytes, .high_bytes = o->high_bytes,
		.swap_max_bytes = o->swap_bytes, .forward_signals = true,
		.keep_going = o->keep_going, .search_path = getenv("PATH"),
		.trim_mapped_files = true,
	};
	struct try_progress progress = { stderr, !o->json || out != stderr };
	struct oomt_run_report *rep = NULL;
	struct oomt_run *run;
	int r, status;

	r = oomt_run_new(&ro, &run);
	if (r < 0)
		return setup_error(o, -r);
	if (oomt_run_systemd_error(run))
		cli_warn(RUN_SUB, "systemd did not start a delegated scope (%s): using a private "
		         "cgroup instead", strerror(-oomt_run_systemd_error(run)));
	fflush(NULL);
	if (o->find_limit) {
		struct oomt_run_find_options fo = {
			.struct_size = sizeof(fo), .low_bytes = o->find_low_bytes,
			.high_bytes = o->find_high_bytes, .step_bytes = o->step_bytes,
			.step_percent = o->step_percent,
		};
		r = oomt_run_find_limit(run, o->argv, &fo, on_try, &progress, &rep);
	} else {
		r = oomt_run_exec(run, o->argv, &rep);
	}
	if (r < 0) {
		oomt_run_free(run);
		if (r == -EACCES || r == -EPERM)
			return setup_error(o, -r);
		if (r == -EINTR) {
			cli_err(RUN_SUB, "interrupted before '%s' started", o->argv[0]);
			return 128 + SIGINT;
		}
		cli_err(RUN_SUB, "cannot start '%s' in its trial cgroup: %s", o->argv[0],
		        strerror(-r));
		return EXIT_RUNTIME;
	}
	if (rep->result && rep->result->exec_errno) {
		cli_err(RUN_SUB, "cannot execute '%s': %s", o->argv[0],
		        strerror(rep->result->exec_errno));
		oomt_run_report_free(rep);
		oomt_run_free(run);
		return 127;
	}
	if (o->json) {
		struct oomt_json *j;

		if (oomt_json_new(out, true, &j) < 0) {
			cli_err(RUN_SUB, "out of memory");
		} else {
			oomt_run_report_write_json(j, rep);
			oomt_json_finish(j);
			oomt_json_free(j);
		}
	} else {
		run_render_report(out, rep, o);
	}
	for (size_t i = 0; i < rep->ntries; i++)
		if (rep->tries[i]->cleanup_errno)
			cli_warn(RUN_SUB, "could not remove the trial cgroup '%s': %s (kill what is "
			         "left in it and rmdir it)", rep->tries[i]->cgroup_path,
			         strerror(rep->tries[i]->cleanup_errno));
	if (rep->search_errno == EINTR)
		cli_warn(RUN_SUB, "--find-limit interrupted: the answer is the best one so far");
	else if (rep->search_errno)
		cli_warn(RUN_SUB, "--find-limit stopped early: a try could not be made: %s",
		         strerror(rep->search_errno));
	status = rep->result ? rep->result->exit_status : EXIT_RUNTIME;
	if (rep->search_errno == EINTR)
		status = 128 + SIGINT;
	/* an interrupted search ends as an interrupted shell job does (a single run ends as
	 * the command did) */
	for (size_t i = 0; o->find_limit && i < rep->ntries; i++)
		if (rep->tries[i]->interrupt_signal)
			status = 128 + rep->tries[i]->interrupt_signal;
	oomt_run_report_free(rep);
	oomt_run_free(run);
	return status;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = {
		.limit_bytes = OOMT_UNKNOWN, .high_bytes = OOMT_UNKNOWN, .swap_bytes = 0,
		.find_low_bytes = OOMT_UNKNOWN, .find_high_bytes = OOMT_UNKNOWN,
	};
	FILE *out;
	int r = parse_args(argc, argv, &o);

	if (r != CLI_CONTINUE)
		return r;
	out = open_report(&o);
	if (!out) {
		cli_err(RUN_SUB, "cannot open the report file '%s': %s", o.report_path,
		        strerror(errno));
		return EXIT_RUNTIME;
	}
	r = run_command(&o, out);
	if (out != stderr && out != stdout) {
		if (fclose(out) != 0)
			cli_warn(RUN_SUB, "cannot write the report to '%s': %s", o.report_path,
			         strerror(errno));
	} else if (fflush(out) != 0 && errno != EPIPE) {
		cli_warn(RUN_SUB, "cannot write the report: %s", strerror(errno));
	}
	return r;
}
