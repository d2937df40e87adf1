/* SPDX-License-Identifier: MIT */
/*
 * oomtool swap-setup: add a swap file safely, idempotently, and undo it.
 * The library does the work: gather facts (lib/swap/facts.c) -> compute the plan
 * (lib/swap/plan.c, pure) -> [here: show it, confirm] -> run it (lib/swap/apply.c, undoing
 * on failure) -> [here: report]. This file holds the options, the words and the rendering.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <oomtool/format.h>
#include <oomtool/swap-json.h>
#include "common.h"
#include "plan-prompt.h"
#include "swap-setup.h"

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
	      "     --sysroot DIR      fstab, sysctl.d and vm.swappiness under DIR (DIR/etc,\n"
	      "                        DIR/proc/sys); the swap file path stays a real path\n"
	      "     --root DIR         the same as --sysroot\n"
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
	OPT_STATUS, OPT_DRY_RUN, OPT_SYSROOT,
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
	if (o->mode != SWAP_MODE_SETUP && o->mode != m)
		return cli_usage_error(SWAP_SUB, "--resize, --remove and --status exclude each other");
	o->mode = m;
	return 0;
}

static int parse_opt(struct swap_opts *o, int c, const char *arg)
{
	int64_t size;
	int r;

	switch (c) {
	case 's':
		if ((r = cli_opt_size(SWAP_SUB, "size", arg, OOMT_UNKNOWN, &size)) != 0)
			return r;
		o->size_bytes = (uint64_t)size;
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
	case OPT_RESIZE: return set_mode(o, SWAP_MODE_RESIZE);
	case OPT_REMOVE: return set_mode(o, SWAP_MODE_REMOVE);
	case OPT_STATUS: return set_mode(o, SWAP_MODE_STATUS);
	case 'y': o->yes = true; return 0;
	case OPT_DRY_RUN: o->dry_run = true; return 0;
	case OPT_SYSROOT: o->sysroot = arg; return 0;
	case 'J': o->out.json = true; return 0;
	case 'r': o->out.raw = true; return 0;
	case 'n': o->out.noheadings = true; return 0;
	case 'b': o->out.bytes = true; return 0;
	case 'o': o->columns = arg; return 0;
	}
	return cli_usage_error(SWAP_SUB, "unknown option");
}

/* Returns CLI_CONTINUE to go on, or the exit status. */
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
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "root", required_argument, NULL, OPT_SYSROOT },      /* the first name */
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
		if (CLI_OPT_STANDARD(c))
			return cli_opt_standard(SWAP_SUB, c, argv, usage);
		r = parse_opt(o, c, optarg);
		if (r != 0)
			return r;
	}
	if (optind < argc)
		return cli_usage_error(SWAP_SUB, "unexpected argument '%s'", argv[optind]);
	return CLI_CONTINUE;
}

static int check_args(struct swap_opts *o)
{
	int r;

	if ((o->mode == SWAP_MODE_SETUP || o->mode == SWAP_MODE_RESIZE) && !o->size_given)
		return cli_usage_error(SWAP_SUB, "--size is required (or --status, --remove)");
	if ((o->mode == SWAP_MODE_REMOVE || o->mode == SWAP_MODE_STATUS) && o->size_given)
		return cli_usage_error(SWAP_SUB, "--size goes with creating or --resize only");
	if (o->mode == SWAP_MODE_STATUS)
		return CLI_CONTINUE;
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
	return CLI_CONTINUE;
}

/* ---- rendering ---- */

static void print_plan_text(const struct oomt_swap_plan *p, const struct oomt_swap_result *res)
{
	char a[32];

	if (p->action == OOMT_SWAP_REMOVE)
		printf("Plan: remove the swap file %s\n", p->path);
	else
		printf("Plan: %s swap file %s, %s on %s\n",
		       p->action == OOMT_SWAP_RESIZE ? "resize the" : "a", p->path,
		       oomt_format_size((int64_t)p->size_bytes, a, sizeof(a)),
		       p->fs_name ? p->fs_name : "?");
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct oomt_swap_step *s = &p->steps[i];

		cli_print_step(i, 14, oomt_swap_step_name(s->kind), s->description,
		               res ? oomt_swap_step_status_name(res->status[i]) : NULL);
		/* reasons are sentences: wrapped under the step's description */
		cli_print_wrapped("why: ", s->why, 20);
	}
	cli_print_warnings(p->warnings[0], sizeof(p->warnings[0]), p->nwarnings, 2);
}

static void print_json(const struct swap_opts *o, const struct oomt_swap_plan *p,
                       const struct oomt_swap_result *res)
{
	struct oomt_json *j;

	j = cli_json_new(SWAP_SUB, true);
	oomt_swap_plan_write_json(j, p, o->dry_run, res);
	cli_json_done(j);
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

static void report_failure(const struct oomt_swap_plan *p, const struct oomt_swap_result *res)
{
	enum oomt_swap_step_kind k = p->steps[res->failed_step].kind;
	char state[2048];

	cli_err(SWAP_SUB, "step %zu '%s' failed on '%s': %s (%s)", res->failed_step + 1,
	         oomt_swap_step_name(k), res->err_object[0] ? res->err_object : p->path,
	         strerror(-res->err), failure_hint(k, -res->err));
	cli_plan_undo_said(SWAP_SUB, res->undo_complete,
	                   oomt_swap_leftovers_format(res, state, sizeof(state)));
}

/* ---- the flow ---- */

struct change {
	const struct swap_opts *o;
	const struct oomt_swap_plan *p;
};

static int apply(void *ctx)
{
	const struct change *c = ctx;
	const struct swap_opts *o = c->o;
	const struct oomt_swap_plan *p = c->p;
	struct oomt_swap_apply_opts ao = {
		.struct_size = sizeof(ao), .sysroot = o->sysroot, .cancel = &cli_stop_requested,
	};
	struct oomt_swap_result *res = NULL;
	int r;

	cli_catch_stop_signals();
	r = oomt_swap_apply(p, &ao, &res);
	if (r < 0) {
		cli_err(SWAP_SUB, "cannot run the plan for '%s': %s; nothing was changed", p->path,
		         strerror(-r));
		return EXIT_RUNTIME;
	}
	if (o->out.json)
		print_json(o, p, res);
	else if (res->err == 0)
		print_plan_text(p, res);
	if (res->err < 0)
		report_failure(p, res);
	if (!o->out.json && res->err == 0)
		printf("%s\n", p->action == OOMT_SWAP_REMOVE ? "Swap file removed."
		                                             : "Swap file active.");
	r = res->err == 0 ? EXIT_FOUND : EXIT_RUNTIME;
	oomt_swap_result_free(res);
	return cli_finish_stdout(SWAP_SUB, r);
}

/* One run at a time per etc directory; the lock lasts until exit. */
static int lock_etc(const struct swap_opts *o)
{
	const char *root = o->sysroot ? o->sysroot : "";
	size_t n = strlen(root);
	int fd, r = oomt_swap_lock_etc(o->sysroot, &fd);

	while (n > 0 && root[n - 1] == '/')
		n--;
	if (r < 0)
		cli_err(SWAP_SUB, "another oomtool swap-setup is changing '%.*s/etc' (%s); wait "
		         "for it and run again", (int)n, root, strerror(-r));
	return r;
}

static void print_unrun(void *ctx)
{
	print_plan_text(((const struct change *)ctx)->p, NULL);
}

static void print_unrun_json(void *ctx)
{
	const struct change *c = ctx;

	print_json(c->o, c->p, NULL);
}

static int run_plan(struct swap_opts *o)
{
	struct oomt_swap_request req = {
		.struct_size = sizeof(req),
		.action = o->mode == SWAP_MODE_REMOVE ? OOMT_SWAP_REMOVE
		        : o->mode == SWAP_MODE_RESIZE ? OOMT_SWAP_RESIZE : OOMT_SWAP_CREATE,
		.path = o->path, .size_bytes = o->size_bytes, .priority = o->priority,
		.swappiness = o->swappiness, .persist = o->persist,
	};
	struct oomt_swap_facts facts = { .struct_size = sizeof(facts) };
	struct oomt_swap_plan *plan = NULL;
	struct change c = { .o = o };
	int r;

	if (!o->dry_run && geteuid() == 0 && lock_etc(o) < 0)
		return EXIT_RUNTIME;
	r = oomt_swap_facts_gather(&req, o->sysroot, &facts);
	if (r == 0)
		r = oomt_swap_plan_compute(&facts, &req, &plan);
	if (r < 0) {
		cli_err(SWAP_SUB, "cannot compute the plan for '%s': %s", o->path, strerror(-r));
		return EXIT_RUNTIME;
	}
	c.p = plan;
	r = cli_plan_run(&(const struct cli_plan){
		.sub = SWAP_SUB,
		.verdict = plan->verdict == OOMT_SWAP_READY ? CLI_PLAN_READY
		         : plan->verdict == OOMT_SWAP_DONE ? CLI_PLAN_DONE : CLI_PLAN_REFUSED,
		.check = plan->check, .reason = plan->reason, .hint = plan->hint,
		.refused_status = plan->refusal == OOMT_REFUSE_NOT_ROOT ? EXIT_PRIVILEGE
		                                                        : EXIT_RUNTIME,
		.done = plan->action == OOMT_SWAP_REMOVE
		        ? "Nothing to remove: no swap file, no active swap, no fstab line."
		        : "Already done: the swap file is active at this size; nothing to change.",
		.json = o->out.json, .dry_run = o->dry_run, .yes = o->yes,
		.ctx = &c, .print = print_unrun, .print_json = print_unrun_json, .apply = apply,
	});
	oomt_swap_plan_free(plan);
	return r;
}

int cmd_swap_setup(int argc, char **argv)
{
	struct swap_opts o = {
		.mode = SWAP_MODE_SETUP, .path_arg = "/swapfile", .priority = -1, .swappiness = -1,
		.persist = true,
	};
	int r;

	o.out.color = cli_use_color(stdout);
	r = parse_args(argc, argv, &o);
	if (r != CLI_CONTINUE)
		return r;
	r = check_args(&o);
	if (r != CLI_CONTINUE)
		return r;
	if (o.mode == SWAP_MODE_STATUS)
		return swap_status(&o);
	return run_plan(&o);
}
