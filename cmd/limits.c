/* SPDX-License-Identifier: MIT */
/*
 * oomtool limits: every memory cgroup as the unit, container or pod a person knows, how
 * close it is to its limit, what it has killed. The listing is the library's
 * (oomtool/limits.h); this file holds the options, the columns and the table or tree.
 * `oomtool limits set` is limits-set.c.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/format.h>
#include <oomtool/limits-json.h>
#include "common.h"
#include "limits-cli.h"
#include "output.h"

#define SUB LIMITS_SUB

enum {
	COL_NAME, COL_KIND, COL_PATH, COL_CURRENT, COL_WSET, COL_ANON, COL_FILE, COL_SHMEM,
	COL_LIMIT, COL_MAX, COL_HIGH, COL_LOW, COL_MIN, COL_HEADROOM, COL_HIGH_ROOM, COL_PEAK,
	COL_SWAP, COL_SWAP_MAX, COL_OOM, COL_OOM_KILLS, COL_LOCAL_KILLS, COL_GROUP_KILLS,
	COL_PSI, COL_PSI_FULL, COL_PROCS, COL_UNIT, COL_CONTAINER, COL_POD, COL_NAMESPACE,
	COL_QOS, COL_RUNTIME, COL_VERSION,
};

static const struct out_column columns[] = {
	[COL_NAME] = { "NAME", 0.25, SCOLS_FL_TRUNC, "unit, container (name or runtime/id), pod (namespace/pod[/container]), lxc/NAME, slurm/JOB[.STEP], slice or path" },
	[COL_KIND] = { "KIND", 5, 0, "unit, container, pod, lxc, job, slice or cgroup" },
	[COL_PATH] = { "PATH", 0.3, SCOLS_FL_TRUNC, "cgroup path, as /proc/PID/cgroup shows it" },
	[COL_CURRENT] = { "CURRENT", 6, SCOLS_FL_RIGHT, "usage the limit is checked against (memory.current, usage_in_bytes)" },
	[COL_WSET] = { "WSET", 6, SCOLS_FL_RIGHT, "working set: current - inactive file (docker stats, kubectl top)" },
	[COL_ANON] = { "ANON", 6, SCOLS_FL_RIGHT, "anonymous memory (memory.stat anon, v1 total_rss)" },
	[COL_FILE] = { "FILE", 6, SCOLS_FL_RIGHT, "page cache, shmem included (memory.stat file, v1 total_cache)" },
	[COL_SHMEM] = { "SHMEM", 6, SCOLS_FL_RIGHT, "tmpfs and shared memory (memory.stat shmem)" },
	[COL_LIMIT] = { "LIMIT", 6, SCOLS_FL_RIGHT, "tightest limit from the root down (own or inherited); - = none" },
	[COL_MAX] = { "MAX", 6, SCOLS_FL_RIGHT, "its own limit (memory.max, limit_in_bytes); - = none" },
	[COL_HIGH] = { "HIGH", 6, SCOLS_FL_RIGHT, "its own memory.high (v2 throttling limit)" },
	[COL_LOW] = { "LOW", 6, SCOLS_FL_RIGHT, "memory.low (v2 protection)" },
	[COL_MIN] = { "MIN", 6, SCOLS_FL_RIGHT, "memory.min (v2 hard protection)" },
	[COL_HEADROOM] = { "HEADROOM", 6, SCOLS_FL_RIGHT, "LIMIT - CURRENT; negative when over" },
	[COL_HIGH_ROOM] = { "HIGH_ROOM", 6, SCOLS_FL_RIGHT, "tightest memory.high from the root - CURRENT" },
	[COL_PEAK] = { "PEAK", 6, SCOLS_FL_RIGHT, "highest usage (memory.peak 5.19+, max_usage_in_bytes)" },
	[COL_SWAP] = { "SWAP", 6, SCOLS_FL_RIGHT, "swap in use (memory.swap.current, v1 total_swap)" },
	[COL_SWAP_MAX] = { "SWAP_MAX", 6, SCOLS_FL_RIGHT, "memory.swap.max; v1: memsw.limit_in_bytes (memory + swap)" },
	[COL_OOM] = { "OOM", 4, SCOLS_FL_RIGHT, "times it hit its limit and the OOM killer ran (v2 events oom)" },
	[COL_OOM_KILLS] = { "OOM_KILLS", 4, SCOLS_FL_RIGHT, "processes the OOM killer killed in it and below (events oom_kill)" },
	[COL_LOCAL_KILLS] = { "LOCAL_KILLS", 4, SCOLS_FL_RIGHT, "processes the OOM killer killed in it alone (events.local)" },
	[COL_GROUP_KILLS] = { "GROUP_KILLS", 4, SCOLS_FL_RIGHT, "whole-group OOM kills (oom_group_kill, memory.oom.group)" },
	[COL_PSI] = { "PSI", 5, SCOLS_FL_RIGHT, "memory pressure, some avg10 in % (v2 memory.pressure)" },
	[COL_PSI_FULL] = { "PSI_FULL", 5, SCOLS_FL_RIGHT, "memory pressure, full avg10 in %" },
	[COL_PROCS] = { "PROCS", 5, SCOLS_FL_RIGHT, "processes in it (cgroup.procs)" },
	[COL_UNIT] = { "UNIT", 0.2, SCOLS_FL_TRUNC, "systemd unit" },
	[COL_CONTAINER] = { "CONTAINER", 12, 0, "container id (12 digits)" },
	[COL_POD] = { "POD", 0.15, SCOLS_FL_TRUNC, "Kubernetes pod name, else its uid" },
	[COL_NAMESPACE] = { "NAMESPACE", 0.1, SCOLS_FL_TRUNC, "Kubernetes namespace" },
	[COL_QOS] = { "QOS", 10, 0, "Kubernetes QoS class: Guaranteed, Burstable, BestEffort" },
	[COL_RUNTIME] = { "RUNTIME", 6, 0, "docker, podman, containerd, crio, lxc" },
	[COL_VERSION] = { "VERSION", 2, SCOLS_FL_RIGHT, "cgroup version: 1 or 2" },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))
#define DEFAULT_COLUMNS "NAME,KIND,CURRENT,LIMIT,HEADROOM,PEAK,SWAP,OOM_KILLS,PSI"

struct limits_opts {
	struct oomt_limits_query q;
	struct out_opts out;
	const char *columns;
	const char *sysroot;
	int ids[64];
	size_t nids;
};

void limits_usage(FILE *f)
{
	fputs("Usage:\n"
	      " oomtool limits [-a] [-T] [--cgroup PATH|--unit NAME|--container ID|--pod NAME]\n"
	      "                [-J|-r] [-n] [-b] [-o COLUMNS]\n"
	      " oomtool limits set TARGET [SIZE] [--high SIZE] [--swap SIZE] [--dry-run|-y]\n\n"
	      "Show every memory cgroup as the unit, container or pod a person knows: how close\n"
	      "it is to its limit and what the OOM killer did in it. 'set' changes a limit\n"
	      "safely through systemd, docker or the cgroup file; it shows the plan first.\n\n"
	      "Options:\n"
	      " -a, --all              every memory cgroup (default: those with a limit of their\n"
	      "                        own or an OOM event)\n"
	      " -T, --tree             show the hierarchy as a tree\n"
	      "     --cgroup PATH      only this cgroup and below\n"
	      "     --unit NAME        only this systemd unit's cgroups\n"
	      "     --container ID     only this container (id prefix or name)\n"
	      "     --pod NAME         only this Kubernetes pod (name, namespace/name or uid)\n"
	      " -o, --output LIST      columns to show (+LIST appends to the defaults)\n"
	      " -J, --json             JSON output\n"
	      " -r, --raw              raw table output\n"
	      " -n, --noheadings       no header line\n"
	      " -b, --bytes            sizes in bytes\n"
	      "     --sysroot DIR      read DIR/sys/fs/cgroup, DIR/var/lib/docker, DIR/var/log\n"
	      " -h, --help             show this help and exit\n"
	      " -V, --version          show the version and exit\n\n"
	      "Options of 'set' (TARGET: a unit, a container id or name, a pod's\n"
	      "NAMESPACE/POD/CONTAINER, or a cgroup path starting with '/'; SIZE: 512M, 2G, max):\n"
	      "     --high SIZE        also set memory.high (cgroup v2)\n"
	      "     --swap SIZE        swap the cgroup may use on top of its memory\n"
	      "     --runtime          systemd: until the next reboot (the default)\n"
	      "     --persistent       systemd: write a drop-in that survives reboots\n"
	      "     --force            allow a limit at or below current usage\n"
	      "     --dry-run          print the plan, change nothing\n"
	      " -y, --yes              apply without asking\n\n"
	      "Columns:\n", f);
	out_columns_help(f, columns, NCOLUMNS);
	fputs("\nExit status: 0 rows shown (set: done, already so, or dry run), 1 nothing\n"
	      "matched (set: declined), 2 usage error, 3 runtime error (set: refused or a step\n"
	      "failed, the old values restored), 4 insufficient privilege.\n"
	      "See oomtool-limits(8).\n", f);
}

enum { OPT_CGROUP = 256, OPT_UNIT, OPT_CONTAINER, OPT_POD, OPT_SYSROOT };

static int parse_args(int argc, char **argv, struct limits_opts *o)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "tree", no_argument, NULL, 'T' },
		{ "cgroup", required_argument, NULL, OPT_CGROUP },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "container", required_argument, NULL, OPT_CONTAINER },
		{ "pod", required_argument, NULL, OPT_POD },
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
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":aTo:JrnbhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': o->q.all = true; break;
		case 'T': o->q.tree = true; break;
		case OPT_CGROUP:
			if (optarg[0] != '/')
				return cli_usage_error(SUB, "--cgroup takes a path starting with '/' "
				                        "(as /proc/PID/cgroup shows it): '%s'", optarg);
			o->q.cgroup = optarg;
			break;
		case OPT_UNIT: o->q.unit = optarg; break;
		case OPT_CONTAINER: o->q.container = optarg; break;
		case OPT_POD: o->q.pod = optarg; break;
		case 'o': o->columns = optarg; break;
		case 'J': o->out.json = true; break;
		case 'r': o->out.raw = true; break;
		case 'n': o->out.noheadings = true; break;
		case 'b': o->out.bytes = true; break;
		case OPT_SYSROOT: o->sysroot = optarg; break;
		default:
			return cli_opt_standard(SUB, c, argv, limits_usage);
		}
	}
	if (optind < argc)
		return cli_usage_error(SUB, "unexpected argument '%s'", argv[optind]);
	return cli_opt_columns(SUB, columns, NCOLUMNS, DEFAULT_COLUMNS, o->columns, o->ids,
	                       &o->nids);
}

/* ---- cells ---- */

static const char *size_cell(int64_t v, bool bytes, char *buf, size_t sz)
{
	return out_format_size(v, bytes, buf, sz);
}

/* Headroom may be negative (over the limit). */
static const char *signed_size_cell(int64_t v, bool bytes, char *buf, size_t sz)
{
	char tmp[32];

	if (v == OOMT_UNKNOWN || v >= 0 || bytes)
		return size_cell(v, bytes, buf, sz);
	snprintf(buf, sz, "-%s", oomt_format_size(-v, tmp, sizeof(tmp)));
	return buf;
}

static const char *int_cell(int64_t v, char *buf, size_t sz)
{
	if (v == OOMT_UNKNOWN)
		return "-";
	snprintf(buf, sz, "%" PRId64, v);
	return buf;
}

static const char *psi_cell(double v, char *buf, size_t sz)
{
	if (isnan(v))
		return "-";
	snprintf(buf, sz, "%.2f", v);
	return buf;
}

static const char *cell(const struct oomt_limits_row *r, int col, bool bytes, char *buf,
                        size_t sz)
{
	switch (col) {
	case COL_NAME: return r->name;
	case COL_KIND: return oomt_limits_kind_name(r->kind);
	case COL_PATH: return r->path;
	case COL_CURRENT: return size_cell(r->current_bytes, bytes, buf, sz);
	case COL_WSET: return size_cell(r->working_set_bytes, bytes, buf, sz);
	case COL_ANON: return size_cell(r->anon_bytes, bytes, buf, sz);
	case COL_FILE: return size_cell(r->file_bytes, bytes, buf, sz);
	case COL_SHMEM: return size_cell(r->shmem_bytes, bytes, buf, sz);
	case COL_LIMIT: return size_cell(r->effective_max_bytes, bytes, buf, sz);
	case COL_MAX: return size_cell(r->max_bytes, bytes, buf, sz);
	case COL_HIGH: return size_cell(r->high_bytes, bytes, buf, sz);
	case COL_LOW: return size_cell(r->low_bytes, bytes, buf, sz);
	case COL_MIN: return size_cell(r->min_bytes, bytes, buf, sz);
	case COL_HEADROOM: return signed_size_cell(r->headroom_bytes, bytes, buf, sz);
	case COL_HIGH_ROOM: return signed_size_cell(r->high_headroom_bytes, bytes, buf, sz);
	case COL_PEAK: return size_cell(r->peak_bytes, bytes, buf, sz);
	case COL_SWAP: return size_cell(r->swap_current_bytes, bytes, buf, sz);
	case COL_SWAP_MAX:
		return size_cell(r->version == OOMT_CGROUP_V1 ? r->memsw_max_bytes : r->swap_max_bytes,
		                 bytes, buf, sz);
	case COL_OOM: return int_cell(r->events.oom, buf, sz);
	case COL_OOM_KILLS: return int_cell(r->events.oom_kill, buf, sz);
	case COL_LOCAL_KILLS: return int_cell(r->events_local.oom_kill, buf, sz);
	case COL_GROUP_KILLS: return int_cell(r->events.oom_group_kill, buf, sz);
	case COL_PSI: return psi_cell(r->psi_some_avg10, buf, sz);
	case COL_PSI_FULL: return psi_cell(r->psi_full_avg10, buf, sz);
	case COL_PROCS: return int_cell(r->procs, buf, sz);
	case COL_UNIT: return r->unit;
	case COL_CONTAINER:
		snprintf(buf, sz, "%.12s", r->container_id);
		return buf;
	case COL_POD:
		if (r->pod_name[0] || !r->pod_uid[0])
			return r->pod_name;
		snprintf(buf, sz, "pod%s", r->pod_uid);
		return buf;
	case COL_NAMESPACE: return r->pod_namespace;
	case COL_QOS: return oomt_pod_qos_name(r->qos);
	case COL_RUNTIME: return oomt_container_runtime_name(r->runtime);
	case COL_VERSION: return int_cell(r->version, buf, sz);
	}
	return "-";
}

/* ---- rendering ---- */

static int render_table(const struct limits_opts *o, const struct oomt_limits *l)
{
	size_t n = oomt_limits_nrows(l);
	struct libscols_line **lines = NULL;
	struct out_table tb;
	char buf[96];
	int r;

	if (out_table_init(&tb, columns, NCOLUMNS, o->ids, o->nids, &o->out) < 0)
		return -ENOMEM;
	if (o->q.tree && (out_table_set_tree(&tb, COL_NAME) < 0 ||
	                  !(lines = calloc(n ? n : 1, sizeof(*lines))))) {
		out_table_done(&tb);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const struct oomt_limits_row *row = oomt_limits_row(l, i);
		struct libscols_line *parent = NULL, *ln;

		if (lines && row->parent_row != OOMT_LIMITS_NO_PARENT)
			parent = lines[row->parent_row];
		ln = lines ? out_table_child_line(&tb, parent) : out_table_line(&tb);
		if (!ln) {
			free(lines);
			out_table_done(&tb);
			return -ENOMEM;
		}
		if (lines)
			lines[i] = ln;
		for (size_t k = 0; k < tb.nids; k++)
			out_cell(&tb, ln, tb.ids[k], cell(row, tb.ids[k], o->out.bytes, buf, sizeof(buf)));
	}
	r = out_table_print(&tb);
	free(lines);
	out_table_done(&tb);
	return r;
}

static void notes(const struct oomt_limits *l)
{
	const struct oomt_limits_stats *st = oomt_limits_stats(l);
	bool unnamed = false;

	/* said only when a listed container lacks the name that file would have given */
	for (size_t i = 0; i < oomt_limits_nrows(l) && !unnamed; i++) {
		const struct oomt_limits_row *r = oomt_limits_row(l, i);

		unnamed = r->container_id[0] && !r->container_name[0];
	}
	if (st->names_unreadable && unnamed)
		cli_warn(SUB, "%zu runtime file%s (config.v2.json, /var/log/pods) could not be read: "
		          "some containers are named by id%s", st->names_unreadable,
		          st->names_unreadable == 1 ? "" : "s", geteuid() ? " (run as root)" : "");
	if (st->truncated)
		cli_warn(SUB, "%zu cgroups deeper than 64 levels were left out", st->truncated);
}

static int run_listing(struct limits_opts *o)
{
	struct oomt_limits *l = NULL;
	int r = oomt_limits_new(o->sysroot, &l);

	if (r < 0) {
		cli_err(SUB, "cannot open a memory cgroup hierarchy under '%s/sys/fs/cgroup': %s%s",
		         o->sysroot ? o->sysroot : "", strerror(-r), r == -ENOENT
		         ? " (neither the v1 memory controller nor a v2 hierarchy with memory enabled)"
		         : "");
		return EXIT_RUNTIME;
	}
	r = oomt_limits_refresh(l, &o->q);
	if (r < 0) {
		bool missing = (r == -ENOENT || r == -EINVAL) && o->q.cgroup;

		if (missing)
			cli_err(SUB, "no memory cgroup '%s' (see 'oomtool limits -a')", o->q.cgroup);
		else
			cli_err(SUB, "cannot read the memory cgroups: %s", strerror(-r));
		oomt_limits_free(l);
		return missing ? EXIT_NOTHING : EXIT_RUNTIME;
	}
	if (o->out.json) {
		struct oomt_json *j;

		/* a row is some 1.3 KiB of JSON: a few large writes rather than hundreds */
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
		j = cli_json_new(SUB, true);

		oomt_limits_write_json(j, l);
		cli_json_done(j);
	} else if (oomt_limits_nrows(l) > 0 && render_table(o, l) < 0) {
		cli_err(SUB, "cannot print the table: out of memory");
		oomt_limits_free(l);
		return EXIT_RUNTIME;
	}
	fflush(stdout);
	notes(l);
	if (!o->out.json && oomt_limits_nrows(l) == 0 && !o->q.all && !o->q.cgroup && !o->q.unit &&
	    !o->q.container && !o->q.pod)
		cli_warn(SUB, "no memory cgroup has a limit of its own or an OOM event (-a shows "
		          "every one)");
	r = oomt_limits_nrows(l) ? EXIT_FOUND : EXIT_NOTHING;
	oomt_limits_free(l);
	return cli_finish_stdout(SUB, r);
}

int cmd_limits(int argc, char **argv)
{
	struct limits_opts o = { .q = { .struct_size = sizeof(o.q) } };
	int r;

	if (argc > 1 && strcmp(argv[1], "set") == 0)
		return limits_set_run(argc - 1, argv + 1);
	r = parse_args(argc, argv, &o);
	if (r != CLI_CONTINUE)
		return r;
	if (o.sysroot && strcmp(o.sysroot, "/") == 0)
		o.sysroot = NULL;
	o.out.color = !o.out.json && cli_use_color(stdout);
	return run_listing(&o);
}
