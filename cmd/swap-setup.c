/* SPDX-License-Identifier: MIT */
/*
 * oomtool swap-setup: add a swap file safely, idempotently, and undo it.
 * Gather facts (lib/swap/facts.c) -> compute the plan (lib/swap/plan.c, pure) -> show it ->
 * confirm -> run it (swap-setup-apply.c, undoing on failure) -> report.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <oomtool/format.h>
#include "common.h"
#include "swap-setup.h"

volatile sig_atomic_t swap_cancel;

static const char *const action_names[] = {
	[OOMT_SWAP_CREATE] = "create", [OOMT_SWAP_RESIZE] = "resize",
	[OOMT_SWAP_REMOVE] = "remove",
};
static const char *const verdict_names[] = {
	[OOMT_SWAP_READY] = "ready", [OOMT_SWAP_DONE] = "done", [OOMT_SWAP_REFUSED] = "refused",
};

static void usage(FILE *f)
{
	fputs("Usage:\n"
	      " oomtool swap-setup --size SIZE [--path FILE] [options]\n"
	      " oomtool swap-setup --resize --size SIZE [--path FILE] [options]\n"
	      " oomtool swap-setup --remove [--path FILE] [options]\n"
	      " oomtool swap-setup --status [-J|-r] [-n] [-b] [-o COLUMNS]\n\n"
	      "Add a swap file safely in one idempotent command, inspect swap, or remove it.\n"
	      "Prints the plan (each step and why), asks on a terminal, then applies it;\n"
	      "a failed step undoes what the run did.\n\n"
	      "Options:\n"
	      " -s, --size SIZE        size of the swap file: 512M, 2G, 1.5GiB\n"
	      " -p, --path FILE        the swap file (default /swapfile)\n"
	      "     --priority N       swap priority 0..32767 (default: the kernel's)\n"
	      "     --swappiness N     also set vm.swappiness 0..200 (and persist it)\n"
	      "     --no-persist       do not write /etc/fstab or /etc/sysctl.d\n"
	      "     --resize           re-create an existing swap file at --size\n"
	      "     --remove           swap off, delete the file, remove its fstab line\n"
	      "     --status           show swap areas, swappiness, zswap, inactive fstab swap\n"
	      " -y, --yes              apply without asking\n"
	      "     --dry-run          print the plan, change nothing\n"
	      "     --root DIR         read and write etc/fstab and etc/sysctl.d under DIR\n"
	      " -J, --json             JSON output\n"
	      " -r, --raw              raw table (--status)\n"
	      " -n, --noheadings       no table header (--status)\n"
	      " -b, --bytes            sizes in bytes (--status)\n"
	      " -o, --output COLUMNS   columns for --status\n"
	      " -h, --help             show this help and exit\n"
	      " -V, --version          show the version and exit\n\n"
	      "Exit status: 0 done (also: already as asked, nothing to remove, dry run),\n"
	      "1 the confirmation was declined, or --status found no active swap,\n"
	      "2 usage error, 3 a check refused or a step failed, 4 not root.\n"
	      "See oomtool-swap-setup(8).\n", f);
}

enum {
	OPT_PRIORITY = 0x100, OPT_SWAPPINESS, OPT_NO_PERSIST, OPT_RESIZE, OPT_REMOVE,
	OPT_STATUS, OPT_DRY_RUN, OPT_ROOT,
};

static int parse_int(const char *s, int lo, int hi, int *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -EINVAL;
	*ret = (int)v;
	return 0;
}

static int set_mode(struct swap_opts *o, enum swap_mode m)
{
	if (o->mode != MODE_SETUP && o->mode != m)
		return cli_usage_error(SWAP_SUB, "--resize, --remove and --status exclude each other");
	o->mode = m;
	return 0;
}

static int parse_opt(struct swap_opts *o, int c, const char *arg)
{
	int r;

	switch (c) {
	case 's':
		r = oomt_parse_size(arg, &o->size);
		if (r < 0)
			return cli_usage_error(SWAP_SUB, "invalid size '%s' (examples: 512M, 2G, "
			                        "1.5GiB)", arg);
		o->size_given = true;
		return 0;
	case 'p': o->path_arg = arg; return 0;
	case OPT_PRIORITY:
		if (parse_int(arg, 0, 32767, &o->priority) < 0)
			return cli_usage_error(SWAP_SUB, "invalid --priority '%s' (0..32767)", arg);
		return 0;
	case OPT_SWAPPINESS:
		if (parse_int(arg, 0, 200, &o->swappiness) < 0)
			return cli_usage_error(SWAP_SUB, "invalid --swappiness '%s' (0..200)", arg);
		return 0;
	case OPT_NO_PERSIST: o->persist = false; return 0;
	case OPT_RESIZE: return set_mode(o, MODE_RESIZE);
	case OPT_REMOVE: return set_mode(o, MODE_REMOVE);
	case OPT_STATUS: return set_mode(o, MODE_STATUS);
	case 'y': o->yes = true; return 0;
	case OPT_DRY_RUN: o->dry_run = true; return 0;
	case OPT_ROOT: o->root = arg; return 0;
	case 'J': o->out.json = true; return 0;
	case 'r': o->out.raw = true; return 0;
	case 'n': o->out.noheadings = true; return 0;
	case 'b': o->out.bytes = true; return 0;
	case 'o': o->columns = arg; return 0;
	}
	return cli_usage_error(SWAP_SUB, "unknown option");
}

/* Returns -1 to go on, or an exit code. */
static int parse_args(int argc, char **argv, struct swap_opts *o)
{
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "path", required_argument, NULL, 'p' },
		{ "priority", required_argument, NULL, OPT_PRIORITY },
		{ "swappiness", required_argument, NULL, OPT_SWAPPINESS },
		{ "no-persist", no_argument, NULL, OPT_NO_PERSIST },
		{ "resize", no_argument, NULL, OPT_RESIZE },
		{ "remove", no_argument, NULL, OPT_REMOVE },
		{ "status", no_argument, NULL, OPT_STATUS },
		{ "yes", no_argument, NULL, 'y' },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	opterr = 0;   /* our own messages, in our format */
	while ((c = getopt_long(argc, argv, ":s:p:yJrnbo:hV", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return cli_finish_stdout(SWAP_SUB, EXIT_FOUND);
		}
		if (c == 'V') {
			cli_print_version();
			return cli_finish_stdout(SWAP_SUB, EXIT_FOUND);
		}
		if (c == '?' || c == ':')
			return cli_opt_error(SWAP_SUB, c, argv);
		r = parse_opt(o, c, optarg);
		if (r != 0)
			return r;
	}
	if (optind < argc)
		return cli_usage_error(SWAP_SUB, "unexpected argument '%s'", argv[optind]);
	return -1;
}

static int check_args(struct swap_opts *o)
{
	int r;

	if ((o->mode == MODE_SETUP || o->mode == MODE_RESIZE) && !o->size_given)
		return cli_usage_error(SWAP_SUB, "--size is required (or --status, --remove)");
	if ((o->mode == MODE_REMOVE || o->mode == MODE_STATUS) && o->size_given)
		return cli_usage_error(SWAP_SUB, "--size goes with creating or --resize only");
	if (o->mode == MODE_STATUS)
		return -1;
	if (o->out.json && !o->yes && !o->dry_run)
		return cli_usage_error(SWAP_SUB, "--json needs --yes or --dry-run (no prompt "
		                        "inside JSON output)");
	if (o->path_arg[0] != '/')
		return cli_usage_error(SWAP_SUB, "--path must be absolute: '%s'", o->path_arg);
	r = oomt_swap_path_canonical(o->path_arg, o->path, sizeof(o->path));
	if (r == -EINVAL)
		return cli_usage_error(SWAP_SUB, "--path must name a file: '%s'", o->path_arg);
	if ((r == -EACCES || r == -EPERM) && geteuid() != 0) {
		cli_err(SWAP_SUB, "cannot resolve the directory of '%s': %s (run as root)",
		         o->path_arg, strerror(-r));
		return EXIT_PRIVILEGE;
	}
	if (r < 0) {
		cli_err(SWAP_SUB, "cannot resolve the directory of '%s': %s (%s)", o->path_arg,
		         strerror(-r), r == -ENOENT ? "create the directory first"
		                                    : "check the path");
		return EXIT_RUNTIME;
	}
	return -1;
}

/* ---- rendering ---- */

/* Reasons are sentences: wrap them at 78 columns under the step's description. */
static void print_wrapped(const char *lead, const char *text, int indent)
{
	int hang = indent + (int)strlen(lead);
	int col = printf("%*s%s", indent, "", lead);
	bool first = true;

	while (*text) {
		size_t w = strcspn(text, " ");

		if (w > 0) {
			if (!first && col + 1 + (int)w > 78)
				col = printf("\n%*s", hang, "") - 1;
			else if (!first)
				col += printf(" ");
			col += printf("%.*s", (int)w, text);
			first = false;
		}
		text += w;
		while (*text == ' ')
			text++;
	}
	putchar('\n');
}

static void print_plan_text(const struct swap_opts *o, const struct oomt_swap_plan *p,
                            const struct swap_run *run)
{
	char a[32];

	if (o->mode == MODE_REMOVE)
		printf("Plan: remove the swap file %s\n", o->path);
	else
		printf("Plan: %s swap file %s, %s on %s\n",
		       o->mode == MODE_RESIZE ? "resize the" : "a", o->path,
		       oomt_format_size((int64_t)p->size_bytes, a, sizeof(a)),
		       p->fs_name ? p->fs_name : "?");
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct oomt_swap_step *s = &p->steps[i];

		printf("  %zu. %-14s %s", i + 1, oomt_swap_step_name(s->kind), s->description);
		if (run)
			printf("  [%s]", swap_step_status_name(run->status[i]));
		putchar('\n');
		print_wrapped("why: ", s->why, 20);
	}
	for (size_t i = 0; i < p->nwarnings; i++)
		print_wrapped("warning: ", p->warnings[i], 2);
}

static void json_plan(struct oomt_json *j, const struct swap_opts *o,
                      const struct oomt_swap_plan *p, const struct swap_run *run)
{
	oomt_json_begin_array(j, "warnings");
	for (size_t i = 0; i < p->nwarnings; i++)
		oomt_json_string(j, NULL, p->warnings[i]);
	oomt_json_end_array(j);
	oomt_json_begin_array(j, "steps");
	for (size_t i = 0; i < p->nsteps; i++) {
		oomt_json_begin_object(j, NULL);
		oomt_json_string(j, "kind", oomt_swap_step_name(p->steps[i].kind));
		oomt_json_string(j, "description", p->steps[i].description);
		oomt_json_string(j, "why", p->steps[i].why);
		oomt_json_string(j, "status", run ? swap_step_status_name(run->status[i])
		                                  : o->dry_run ? "planned" : "not-run");
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
}

static void print_json(const struct swap_opts *o, const struct oomt_swap_plan *p,
                       enum oomt_swap_action action, const struct swap_run *run)
{
	struct oomt_json j;

	oomt_json_init(&j, stdout, true);
	oomt_json_begin_object(&j, NULL);
	oomt_json_string(&j, "action", action_names[action]);
	oomt_json_string(&j, "path", o->path);
	if (action == OOMT_SWAP_REMOVE)
		oomt_json_null(&j, "size_bytes");
	else
		oomt_json_uint(&j, "size_bytes", p->size_bytes);
	oomt_json_string(&j, "filesystem", p->fs_name);
	oomt_json_string(&j, "verdict", verdict_names[p->verdict]);
	oomt_json_bool(&j, "dry_run", o->dry_run);
	oomt_json_bool(&j, "applied", run && run->err == 0);
	if (p->verdict == OOMT_SWAP_REFUSED) {
		oomt_json_begin_object(&j, "refusal");
		oomt_json_string(&j, "check", p->check);
		oomt_json_string(&j, "reason", p->reason);
		oomt_json_string(&j, "hint", p->hint);
		oomt_json_end_object(&j);
	} else {
		oomt_json_null(&j, "refusal");
	}
	json_plan(&j, o, p, run);
	if (run && run->err < 0) {
		oomt_json_begin_object(&j, "error");
		oomt_json_string(&j, "step", oomt_swap_step_name(p->steps[run->failed_step].kind));
		oomt_json_string(&j, "object", run->err_object);
		oomt_json_string(&j, "message", strerror(-run->err));
		oomt_json_bool(&j, "undo_complete", run->undo_complete);
		oomt_json_string_or_null(&j, "remaining_state", run->state);
		oomt_json_end_object(&j);
	} else {
		oomt_json_null(&j, "error");
	}
	oomt_json_end_object(&j);
	oomt_json_finish(&j);
}

/* What to do about a failed step, by step and errno. */
static const char *failure_hint(enum oomt_swap_step_kind k, int err)
{
	if (err == EINTR)
		return "interrupted; run the command again";
	if (err == ENOSPC || err == EDQUOT)
		return "free space on that filesystem or give a smaller --size";
	if (err == EFBIG)
		return "the file size limit (ulimit -f) or the filesystem's maximum file size is "
		       "below --size";
	if (k == OOMT_STEP_SWAPON && err == EINVAL)
		return "the kernel refused the file as swap (see dmesg); on btrfs the data profile "
		       "must be single and no snapshot of the subvolume may be in progress";
	if (k == OOMT_STEP_SWAPON && err == EBUSY)
		return "the file is already swap: check 'oomtool swap-setup --status'";
	if (k == OOMT_STEP_SWAPOFF && err == ENOMEM)
		return "RAM cannot take the swapped-out memory back now: free memory first";
	if (k == OOMT_STEP_VERIFY)
		return "the filesystem did not allocate the file in a way swap can use; choose a "
		       "path on ext4 or xfs";
	if (k == OOMT_STEP_NOCOW)
		return "the filesystem refused the NOCOW flag; on btrfs check that the directory "
		       "is not on a compressed or snapshotted subvolume";
	if ((k == OOMT_STEP_FSTAB_ADD || k == OOMT_STEP_FSTAB_REMOVE ||
	     k == OOMT_STEP_SYSCTL_PERSIST) && (err == EPERM || err == EACCES || err == EROFS))
		return "make that directory writable (mount -o remount,rw; chattr -i) or use "
		       "--no-persist";
	return "fix the cause above and run the command again";
}

static void report_failure(const struct swap_opts *o, const struct oomt_swap_plan *p,
                           const struct swap_run *run)
{
	enum oomt_swap_step_kind k = p->steps[run->failed_step].kind;

	cli_err(SWAP_SUB, "step %zu '%s' failed on '%s': %s (%s)", run->failed_step + 1,
	         oomt_swap_step_name(k), run->err_object ? run->err_object : o->path,
	         strerror(-run->err), failure_hint(k, -run->err));
	if (run->undo_complete)
		cli_err(SWAP_SUB, "everything this run changed was undone: the system is as it "
		         "was before");
	else
		cli_err(SWAP_SUB, "undone where possible; remaining state: %s", run->state);
}

static int report_refusal(const struct oomt_swap_plan *p)
{
	cli_err(SWAP_SUB, "check '%s' refused: %s (%s); nothing was changed", p->check,
	         p->reason, p->hint);
	return p->refusal == OOMT_REFUSE_NOT_ROOT ? EXIT_PRIVILEGE : EXIT_RUNTIME;
}

/* ---- the flow ---- */

static bool confirm(void)
{
	char line[16];

	if (!isatty(STDIN_FILENO))
		return false;
	fputs("Apply these steps? [y/N] ", stderr);
	fflush(stderr);
	return fgets(line, sizeof(line), stdin) && (line[0] == 'y' || line[0] == 'Y');
}

static void on_signal(int sig)
{
	(void)sig;
	swap_cancel = 1;
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int apply(const struct swap_opts *o, const struct oomt_swap_plan *p,
                 enum oomt_swap_action action)
{
	struct swap_run run;
	int r;

	catch_signals();
	r = swap_apply(o, p, &run);
	if (o->out.json)
		print_json(o, p, action, &run);
	else if (r == 0)
		print_plan_text(o, p, &run);
	if (r < 0)
		report_failure(o, p, &run);
	if (!o->out.json && r == 0)
		printf("%s\n", action == OOMT_SWAP_REMOVE ? "Swap file removed."
		                                          : "Swap file active.");
	return cli_finish_stdout(SWAP_SUB, r == 0 ? EXIT_FOUND : EXIT_RUNTIME);
}

/* One run at a time per fstab: two runs editing it at once could each write their own
 * version. The lock is on ROOT/etc itself and lasts until exit (the descriptor stays open). */
static int lock_etc(const char *root)
{
	char etc[PATH_MAX];
	int fd;

	if (oomt_swap_join(root, "etc", etc, sizeof(etc)) < 0)
		return 0;
	fd = open(etc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;       /* no etc: the fstab step reports it if it is needed */
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int r = -errno;

		cli_err(SWAP_SUB, "another oomtool swap-setup is changing '%s' (%s); wait for it "
		         "and run again", etc, strerror(-r));
		close(fd);
		return r;
	}
	return 0;
}

static int run_plan(struct swap_opts *o)
{
	struct oomt_swap_request req = {
		.action = o->mode == MODE_REMOVE ? OOMT_SWAP_REMOVE
		        : o->mode == MODE_RESIZE ? OOMT_SWAP_RESIZE : OOMT_SWAP_CREATE,
		.path = o->path, .size_bytes = o->size, .priority = o->priority,
		.swappiness = o->swappiness, .persist = o->persist,
	};
	struct oomt_swap_facts facts;
	struct oomt_swap_plan plan;
	int r;

	if (!o->dry_run && geteuid() == 0) {
		r = lock_etc(o->root);
		if (r < 0)
			return EXIT_RUNTIME;
	}
	r = oomt_swap_facts_gather(&req, o->root, "/proc", &facts);
	if (r == 0)
		r = oomt_swap_plan_compute(&facts, &req, &plan);
	if (r < 0) {
		cli_err(SWAP_SUB, "cannot compute the plan for '%s': %s", o->path, strerror(-r));
		return EXIT_RUNTIME;
	}
	if (plan.verdict == OOMT_SWAP_REFUSED || plan.verdict == OOMT_SWAP_DONE || o->dry_run) {
		if (o->out.json)
			print_json(o, &plan, req.action, NULL);
		else if (plan.verdict == OOMT_SWAP_DONE)
			printf("%s\n", req.action == OOMT_SWAP_REMOVE
			       ? "Nothing to remove: no swap file, no active swap, no fstab line."
			       : "Already done: the swap file is active at this size; nothing to change.");
		else if (plan.verdict == OOMT_SWAP_READY)
			print_plan_text(o, &plan, NULL);
		if (plan.verdict == OOMT_SWAP_REFUSED)
			return cli_finish_stdout(SWAP_SUB, report_refusal(&plan));
		if (o->dry_run && !o->out.json && plan.verdict == OOMT_SWAP_READY)
			printf("Dry run: nothing was changed.\n");
		return cli_finish_stdout(SWAP_SUB, EXIT_FOUND);
	}
	if (!o->yes) {
		print_plan_text(o, &plan, NULL);
		fflush(stdout);
		if (!isatty(STDIN_FILENO)) {
			cli_err(SWAP_SUB, "not asking on a non-terminal: pass --yes to apply, or "
			         "--dry-run; nothing was changed");
			return EXIT_USAGE;
		}
		if (!confirm()) {
			printf("Nothing was changed.\n");
			return cli_finish_stdout(SWAP_SUB, EXIT_NOTHING);
		}
	}
	return apply(o, &plan, req.action);
}

int cmd_swap_setup(int argc, char **argv)
{
	struct swap_opts o = {
		.mode = MODE_SETUP, .path_arg = "/swapfile", .priority = -1, .swappiness = -1,
		.persist = true, .root = "/",
	};
	int r;

	o.out.color = cli_use_color(stdout);
	r = parse_args(argc, argv, &o);
	if (r >= 0)
		return r;
	r = check_args(&o);
	if (r >= 0)
		return r;
	if (o.mode == MODE_STATUS)
		return swap_status(&o);
	return run_plan(&o);
}
