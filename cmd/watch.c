/* SPDX-License-Identifier: MIT */
/* oomtool watch: warn before the OOM. The watcher is the library's (oomtool/watch.h:
 * sampling, trend, PSI triggers, decisions, kills, hooks); this file holds the options, the
 * process set-up (signals, memory lock) and the loop; cmd/watch-render.c the words. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <oomtool/system.h>
#include <oomtool/format.h>
#include <oomtool/timeparse.h>
#include <oomtool/watch-json.h>
#include "common.h"
#include "watch.h"

#define SUB "watch"
#define SETTLE_EVERY_USEC (60 * 1000000LL)

extern char **environ;

static void usage(FILE *f)
{
	fputs("Usage: oomtool watch [OPTIONS]\n\n"
	      "Warn before the OOM, not after: the time to OOM of the machine and of every\n"
	      "memory cgroup with a limit, memory pressure (PSI triggers), and the OOM kills\n"
	      "that happen, each warning with the fastest growers and the next victim.\n"
	      "Runs until interrupted.\n\nOptions:\n"
	      "  -c, --count N            stop after N events\n"
	      "      --for DURATION       stop after DURATION (40s, 10m, 2h)\n"
	      "      --cgroup PATH        watch this cgroup (as /proc/PID/cgroup shows it); repeatable\n"
	      "      --unit UNIT          watch the cgroup of this systemd unit; repeatable\n"
	      "      --host               with --cgroup or --unit, watch the machine too\n"
	      "      --no-host            do not watch the machine as a whole\n"
	      "  -i, --interval DURATION  sample every DURATION (default 2s)\n"
	      "      --window DURATION    fit the trend over DURATION of samples (default 2m)\n"
	      "      --eta-warn DURATION  warn when the time to OOM falls below it (default 10m)\n"
	      "      --pressure SPEC      PSI threshold [some|full:]STALL/WINDOW (default\n"
	      "                           some:300ms/2s), or off\n"
	      "      --top N              fastest growers named in a warning (default 3, at most 8)\n"
	      "      --exec CMD           run CMD (sh -c) for each event, its fields in OOMTOOL_*\n"
	      "                           variables; one at a time\n"
	      "      --exec-timeout DURATION  stop a hook after DURATION (default 10s)\n"
	      "      --no-kills           do not follow the kernel's log for OOM kills\n"
	      "      --no-lock            do not lock the watcher in memory (mlockall)\n"
	      "      --state-file FILE    keep each scope's time to OOM in FILE for oomtool metrics\n"
	      "                           (default /run/oomtool/watch.state; none with --sysroot)\n"
	      "      --no-state-file      write no state file\n"
	      "  -J, --json               JSON Lines: one object per event\n"
	      "  -b, --bytes              sizes in bytes\n"
	      "  -q, --quiet              no start-up report on standard error\n"
	      "      --sysroot DIR        read DIR/proc and DIR/sys/fs/cgroup instead of the live system\n"
	      "  -h, --help               show this help and exit\n"
	      "  -V, --version            show the version and exit\n\n"
	      "Exit status: 0 stopped (--count, --for, SIGINT or SIGTERM), 2 usage error, 3 runtime\n"
	      "error (nothing to watch, a cgroup or unit not found), 4 insufficient privilege.\n"
	      "See oomtool-watch(1).\n", f);
}

enum {
	OPT_FOR = 256, OPT_CGROUP, OPT_UNIT, OPT_HOST, OPT_NO_HOST, OPT_WINDOW, OPT_ETA_WARN,
	OPT_PRESSURE, OPT_TOP, OPT_EXEC, OPT_EXEC_TIMEOUT, OPT_NO_KILLS, OPT_NO_LOCK, OPT_SYSROOT,
	OPT_STATE_FILE, OPT_NO_STATE_FILE,
};

/* CLI_CONTINUE, or the exit status (help/version printed, usage error). */
static int parse_args(int argc, char **argv, struct watch_options *o)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "for", required_argument, NULL, OPT_FOR },
		{ "cgroup", required_argument, NULL, OPT_CGROUP },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "host", no_argument, NULL, OPT_HOST },
		{ "no-host", no_argument, NULL, OPT_NO_HOST },
		{ "interval", required_argument, NULL, 'i' },
		{ "window", required_argument, NULL, OPT_WINDOW },
		{ "eta-warn", required_argument, NULL, OPT_ETA_WARN },
		{ "pressure", required_argument, NULL, OPT_PRESSURE },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "exec", required_argument, NULL, OPT_EXEC },
		{ "exec-timeout", required_argument, NULL, OPT_EXEC_TIMEOUT },
		{ "no-kills", no_argument, NULL, OPT_NO_KILLS },
		{ "no-lock", no_argument, NULL, OPT_NO_LOCK },
		{ "state-file", required_argument, NULL, OPT_STATE_FILE },
		{ "no-state-file", no_argument, NULL, OPT_NO_STATE_FILE },
		{ "json", no_argument, NULL, 'J' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct oomt_watch_opts *w = &o->watch;
	bool host = false, no_host = false;
	unsigned long n;
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:i:JbqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if ((r = cli_opt_count(SUB, "--count", optarg, 1000000000UL, &n)))
				return r;
			o->count = n;
			break;
		case OPT_FOR:
			if ((r = cli_opt_duration(SUB, "--for", optarg, 1, CLI_DURATION_ANY,
			                          &o->for_usec)))
				return r;
			break;
		case OPT_CGROUP:
			if (optarg[0] != '/')
				return cli_usage_error(SUB, "invalid --cgroup '%s': give the path as "
				                       "/proc/PID/cgroup shows it, starting with '/'", optarg);
			if ((r = cli_opt_append(SUB, &o->cgroups, &w->n_cgroups, optarg)))
				return r;
			break;
		case OPT_UNIT:
			if ((r = cli_opt_append(SUB, &o->units, &w->n_units, optarg)))
				return r;
			break;
		case OPT_HOST: host = true; break;
		case OPT_NO_HOST: no_host = true; break;
		case 'i':
			if ((r = cli_opt_duration(SUB, "--interval", optarg, 100000, 3600 * 1000000LL,
			                          &w->interval_usec)))
				return r;
			break;
		case OPT_WINDOW:
			if ((r = cli_opt_duration(SUB, "--window", optarg, 1000000,
			                          7 * 86400 * 1000000LL, &w->window_usec)))
				return r;
			break;
		case OPT_ETA_WARN:
			if ((r = cli_opt_duration(SUB, "--eta-warn", optarg, 1000000,
			                          7 * 86400 * 1000000LL, &w->eta_warn_usec)))
				return r;
			break;
		case OPT_PRESSURE:
			if (strcmp(optarg, "off") == 0) {
				w->flags |= OOMT_WATCH_NO_PRESSURE;
				break;
			}
			r = oomt_psi_trigger_parse(optarg, &o->pressure);
			if (r == -ERANGE)
				return cli_usage_error(SUB, "invalid --pressure '%s': the window must be "
				                       "500ms-10s and the stall at most the window", optarg);
			if (r < 0)
				return cli_usage_error(SUB, "invalid --pressure '%s': give [some|full:]STALL/"
				                       "WINDOW such as some:300ms/2s, or off", optarg);
			w->pressure = &o->pressure;
			break;
		case OPT_TOP:
			if ((r = cli_opt_count(SUB, "--top", optarg, OOMT_WATCH_GROWERS_MAX, &n)))
				return r;
			w->top_growers = n;
			break;
		case OPT_EXEC: w->exec_command = optarg; break;
		case OPT_EXEC_TIMEOUT:
			if ((r = cli_opt_duration(SUB, "--exec-timeout", optarg, 100000,
			                          86400 * 1000000LL, &w->exec_timeout_usec)))
				return r;
			break;
		case OPT_NO_KILLS: w->flags |= OOMT_WATCH_NO_KILLS; break;
		case OPT_NO_LOCK: o->no_lock = true; break;
		case OPT_STATE_FILE:
			if (!optarg[0])
				return cli_usage_error(SUB, "--state-file takes a file (--no-state-file "
				                       "for none)");
			o->state_file = optarg;
			break;
		case OPT_NO_STATE_FILE: o->no_state_file = true; break;
		case 'J': o->json = true; break;
		case 'b': o->bytes = true; break;
		case 'q': o->quiet = true; break;
		case OPT_SYSROOT: w->sysroot = optarg; break;
		default:
			return cli_opt_standard(SUB, c, argv, usage);
		}
	}
	if (optind < argc)
		return cli_usage_error(SUB, "unexpected argument '%s'", argv[optind]);
	if (host && no_host)
		return cli_usage_error(SUB, "--host and --no-host exclude each other");
	if (no_host || ((w->n_cgroups || w->n_units) && !host))
		w->flags |= OOMT_WATCH_NO_HOST;
	w->cgroups = o->cgroups;
	w->units = o->units;
	if (w->window_usec && w->window_usec < 5 * (w->interval_usec ? w->interval_usec : 2000000))
		return cli_usage_error(SUB, "--window must hold at least 5 intervals");
	if (o->state_file && o->no_state_file)
		return cli_usage_error(SUB, "--state-file and --no-state-file exclude each other");
	/* the time to OOM for oomtool metrics, which reads it there (oomtool-metrics(8)) */
	if (!o->no_state_file)
		w->state_path = o->state_file ? o->state_file
		                              : (w->sysroot ? NULL : "/run/oomtool/watch.state");
	return CLI_CONTINUE;
}

/* A watcher that is swapped out or paged out when memory runs short warns too late: lock
 * its pages, but only those it touches (MCL_ONFAULT, 4.4+: locking every mapped library
 * page would cost megabytes). Not permitted (RLIMIT_MEMLOCK without CAP_IPC_LOCK) or not
 * supported: said, not fatal. */
static int lock_memory(void)
{
#ifdef MCL_ONFAULT
	if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) == 0)
		return 0;
	return -errno;
#else
	return -EOPNOTSUPP;
#endif
}

/* After the first pass of the loop and again a few rounds later, after each chore and each
 * event, and at least every SETTLE_EVERY_USEC: keep mapped only the library pages the loop
 * uses, and lock those (RSS ~1.5 MiB less than after start-up, where libc's start-up,
 * stdio, locale and the set-up's code stay mapped). Again, because paths the loop takes
 * once in a while leave their pages behind: the first rounds, the first rescan and the
 * first state file bind their functions (the dynamic linker's code, the libraries' symbol
 * tables: ~0.4 MiB), a chore's code runs once in 10 or 30 s, a warning runs the details'
 * passes over /proc, a kill is parsed. Locked pages cannot be dropped, hence the unlock. */
static void settle(const struct watch_options *o)
{
	if (!o->no_lock)
		munlockall();
	oomt_process_trim_mapped_files();
	if (!o->no_lock)
		lock_memory();
}

/* Say what went wrong with the hooks since the last look. */
static void check_hooks(const struct oomt_watch *w, uint64_t *dropped, uint64_t *failed)
{
	const struct oomt_watch_exec_stats *st = oomt_watch_exec_stats(w);

	if (st->dropped > *dropped)
		cli_warn(SUB, "--exec: %llu hook(s) dropped: the previous ones were still running",
		         (unsigned long long)(st->dropped - *dropped));
	if (st->failed > *failed)
		watch_hook_failed(st);
	*dropped = st->dropped;
	*failed = st->failed;
}

static int new_error(const struct watch_options *o, int r)
{
	if (r == -ENOENT && (o->watch.n_cgroups || o->watch.n_units)) {
		cli_err(SUB, "cannot watch the cgroups named: a cgroup or unit was not found in the "
		        "memory hierarchy (check the path in /proc/PID/cgroup, or 'systemctl status')");
		return EXIT_RUNTIME;
	}
	if (r == -EACCES || r == -EPERM) {
		cli_err(SUB, "cannot read the memory counters: %s", cli_privilege_hint(-r));
		return EXIT_PRIVILEGE;
	}
	cli_err(SUB, "cannot start watching: %s", strerror(-r));
	return EXIT_RUNTIME;
}

static int run(struct watch_options *o)
{
	const struct oomt_watch_event *ev;
	struct oomt_watch *w;
	struct oomt_json *j = NULL;
	int64_t end = o->for_usec ? cli_mono_usec() + o->for_usec : INT64_MAX;
	int64_t cap_ms = (o->watch.interval_usec ? o->watch.interval_usec : 2000000) / 1000;
	uint64_t shown = 0, hook_failed = 0, hook_dropped = 0;
	int lock_error = 0, r, rc = EXIT_FOUND;
	int64_t resettle = 0;       /* the first pass settles, and the third round again */
	unsigned settles = 0;
	uint64_t chores = 0;

	o->watch.tmp_dir = getenv("TMPDIR");
	o->watch.exec_env = environ;
	cli_raise_nofile();   /* every cgroup keeps three or four files open */
	cli_catch_stop_signals();   /* the watcher's poll() returns EINTR */
	r = oomt_watch_new(&o->watch, &w);
	if (r < 0)
		return new_error(o, r);
	/* after the set-up's one-time allocations (libproc2 came and went) */
	if (!o->no_lock)
		lock_error = lock_memory();
	if (!o->quiet)
		watch_describe(stderr, w, o, lock_error);
	if (o->json)
		j = cli_json_new(SUB, false);
	while (!cli_stop_requested) {
		int64_t now = cli_mono_usec(), left_ms;

		if (now >= end)
			break;
		left_ms = (end - now + 999) / 1000;
		r = oomt_watch_next(w, (int)(left_ms < cap_ms ? left_ms : cap_ms), &ev);
		if (r < 0) {
			cli_err(SUB, "the watcher failed: %s", strerror(-r));
			rc = EXIT_RUNTIME;
			break;
		}
		/* what a chore (a rescan, the state file) brought in goes at once, not a minute
		 * later: the resident set stays that of the sampling loop */
		if (now >= resettle || oomt_watch_chores(w) != chores) {
			settle(o);
			resettle = now + (settles++ == 0 ? 3 * cap_ms * 1000 : SETTLE_EVERY_USEC);
			chores = oomt_watch_chores(w);
		}
		if (o->watch.exec_command)
			check_hooks(w, &hook_dropped, &hook_failed);
		if (r == 1)
			continue;
		if (j) {
			oomt_watch_event_write_json(j, ev);
			oomt_json_finish(j);
		} else {
			watch_print_event(stdout, ev, o);
		}
		fflush(stdout);
		if (ferror(stdout))
			break;
		if (o->watch.exec_command) {
			char msg[1024];

			watch_event_line(ev, o, msg, sizeof(msg));
			oomt_watch_exec(w, ev, msg);
		}
		if (o->count && ++shown >= o->count)
			break;
		settle(o);   /* and what the event's words, JSON and hook did */
	}
	if (j)
		oomt_json_free(j);
	/* stopped on its own (--count, --for): the last events' hooks may finish */
	if (o->watch.exec_command && !cli_stop_requested && rc == EXIT_FOUND) {
		oomt_watch_exec_flush(w, -1);
		check_hooks(w, &hook_dropped, &hook_failed);
	}
	oomt_watch_free(w);
	return cli_finish_stdout(SUB, rc);
}

int cmd_watch(int argc, char **argv)
{
	struct watch_options o = { 0 };
	int rc;

	o.watch.struct_size = sizeof(o.watch);
	o.pressure.struct_size = sizeof(o.pressure);
	rc = parse_args(argc, argv, &o);
	if (rc == CLI_CONTINUE)
		rc = run(&o);
	free(o.cgroups);
	free(o.units);
	return rc;
}
