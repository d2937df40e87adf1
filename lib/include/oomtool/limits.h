/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_LIMITS_H
#define OOMTOOL_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/cgroup.h>
#include <oomtool/common.h>

/*
 * Memory limits, the whole workflow behind `oomtool limits`:
 *  - the listing: one row per memory cgroup (v1 memory controller and v2), named as the
 *    unit, container or pod a person knows (oomt_cgroup_workload_lookup), with which memory
 *    number is which, the tightest limit from the root, headroom, OOM events and pressure;
 *  - setting a limit: a side-effect-free plan for a target (oomt_limits_plan_new), shown
 *    before anything changes, and its executor (oomt_limits_apply), which puts the old values
 *    back when a step fails.
 * Nothing here prints; <oomtool/limits-json.h> writes the JSON of both.
 *
 * Sysroot (NULL, "" or "/" = the live system): <sysroot>/sys/fs/cgroup/memory (v1) and
 * <sysroot>/sys/fs/cgroup or <sysroot>/sys/fs/cgroup/unified (v2, where its memory
 * controller is enabled) are read and, for a cgroup file, written; the names come from
 * <sysroot>/var/lib/docker and <sysroot>/var/log; <sysroot>/run/systemd/system says whether
 * systemd manages the machine. External commands (systemctl, docker) always act on the
 * running system.
 *
 * Which number is which (the same words as oomtool-limits(8)):
 *   current      what the kernel checks the limit against: v2 memory.current, v1
 *                memory.usage_in_bytes (anon + page cache + kernel memory, the cgroup and
 *                its descendants)
 *   working set  current - inactive file pages: what `docker stats` and `kubectl top` show
 *   anon, file, shmem
 *                memory.stat (v1 total_rss, total_cache, total_shmem): file includes shmem
 *   effective max / high
 *                the tightest limit on the path from the root: a cgroup without a limit of
 *                its own under a limited parent is limited
 *   headroom     effective max - current (high headroom: effective high - current); negative
 *                when over
 *
 * ABI: structs the library hands out (rows, plans, results) are allocated by it: clients
 * never allocate, copy by value or take sizeof of them; members are only ever appended.
 * Structs a client allocates (query, request, apply options) begin with struct_size, set to
 * sizeof as compiled; a size below the first version's is -EINVAL.
 */

/* ---- the listing ---- */

enum oomt_limits_kind {
	OOMT_LIMITS_KIND_CGROUP,     /* a cgroup no rule names (the root, /docker, ...) */
	OOMT_LIMITS_KIND_SLICE,      /* a systemd slice */
	OOMT_LIMITS_KIND_UNIT,       /* a systemd service or scope, not a container */
	OOMT_LIMITS_KIND_CONTAINER,  /* a container, also a pod's */
	OOMT_LIMITS_KIND_POD,        /* a Kubernetes pod's own cgroup */
	/* Appended: */
	OOMT_LIMITS_KIND_LXC,        /* an LXC, LXD, Incus or Proxmox system container */
	OOMT_LIMITS_KIND_JOB,        /* a Slurm job, or a step of one */
};

/* memory.events of v2 (the cgroup and its descendants) and memory.events.local (this
 * cgroup only, 5.2+). v1 counts in the cgroup alone: events_local.max is memory.failcnt
 * (its own limit was hit), events_local.oom_kill memory.oom_control's oom_kill (4.13+),
 * and events holds their sums over the cgroup and its descendants, as v2 counts them; the
 * others are unknown. OOMT_UNKNOWN when not known. */
struct oomt_limits_events {
	int64_t low;
	int64_t high;
	int64_t max;
	int64_t oom;
	int64_t oom_kill;
	int64_t oom_group_kill;     /* 5.17+ */
};

#define OOMT_LIMITS_NO_PARENT SIZE_MAX

/* One memory cgroup. Allocated by the library (see ABI above). Sizes OOMT_UNKNOWN when
 * unknown or, for limits, when there is none ("max"). Strings are never NULL ("" unknown). */
struct oomt_limits_row {
	const char *path;             /* "/system.slice/nginx.service"; "/" the root */
	const char *name;             /* oomt_cgroup_workload_name; a cgroup inside a workload's
	                                 own: that name + "/" + the rest ("web/init") */
	enum oomt_limits_kind kind;
	enum oomt_cgroup_version version;
	size_t depth;                 /* components of path: 0 for the root */
	size_t parent_row;            /* index of the parent's row in this listing, or
	                                 OOMT_LIMITS_NO_PARENT */
	bool context;                 /* listed only as an ancestor of a listed row (tree) */
	/* the workload (oomt_cgroup_workload_lookup) */
	enum oomt_container_runtime runtime;
	enum oomt_pod_qos qos;
	const char *unit;
	const char *container_id;
	const char *container_name;
	const char *pod_uid;
	const char *pod_name;
	const char *pod_namespace;
	/* usage */
	int64_t current_bytes;
	int64_t working_set_bytes;
	int64_t anon_bytes;
	int64_t file_bytes;
	int64_t shmem_bytes;
	int64_t inactive_file_bytes;
	int64_t peak_bytes;           /* v2 memory.peak (5.19+), v1 max_usage_in_bytes */
	/* limits of its own */
	int64_t min_bytes;            /* v2 */
	int64_t low_bytes;            /* v2 */
	int64_t high_bytes;           /* v2 */
	int64_t max_bytes;            /* v2 memory.max, v1 limit_in_bytes */
	int64_t soft_limit_bytes;     /* v1 soft_limit_in_bytes */
	int64_t memsw_max_bytes;      /* v1 memsw.limit_in_bytes (memory + swap) */
	/* from the root down */
	int64_t effective_max_bytes;
	int64_t effective_high_bytes;
	int64_t headroom_bytes;       /* effective_max - current */
	int64_t high_headroom_bytes;  /* effective_high - current */
	/* swap */
	int64_t swap_current_bytes;   /* v2 memory.swap.current, v1 memory.stat total_swap */
	int64_t swap_max_bytes;       /* v2 memory.swap.max */
	/* OOM */
	struct oomt_limits_events events;
	struct oomt_limits_events events_local;
	int64_t oom_group;            /* v2 memory.oom.group: 1 or 0 */
	int64_t under_oom;            /* v1 memory.oom_control: 1 while in OOM */
	int64_t oom_kill_disable;     /* v1 memory.oom_control */
	/* pressure: v2 memory.pressure; NaN and OOMT_UNKNOWN when not known */
	double psi_some_avg10;
	double psi_full_avg10;
	int64_t psi_some_total_usec;
	int64_t psi_full_total_usec;
	int64_t procs;                /* lines of cgroup.procs */
};

/* Client-allocated: set struct_size. */
struct oomt_limits_query {
	uint32_t struct_size;
	bool all;                 /* every memory cgroup; else those with a limit of their own
	                             (max, high, v1 memsw) or an OOM event of their own (local
	                             oom or oom_kill, v1 under_oom), and every cgroup a selector
	                             below names */
	bool tree;                /* hierarchy order (parents first, siblings by path), with the
	                             ancestors of every listed row (context); else by headroom */
	/* selectors: NULL for none; several narrow down together */
	const char *cgroup;       /* this cgroup and below, as /proc/PID/cgroup names it */
	const char *unit;         /* this systemd unit's cgroups ("nginx.service") */
	const char *container;    /* a container by id (a prefix of 4 or more digits) or name */
	const char *pod;          /* a pod by name, "<namespace>/<name>" or uid, with its
	                             containers */
};

struct oomt_limits_stats {
	size_t cgroups;           /* memory cgroups read */
	size_t vanished;          /* removed or unreadable while being read: skipped */
	size_t truncated;         /* deeper than the library goes (64 levels): skipped */
	size_t names_unreadable;  /* runtime files that exist but could not be read */
};

struct oomt_limits;
/* Opens the memory hierarchies under sysroot: -ENOENT when none is mounted, -ENOMEM. */
int oomt_limits_new(const char *sysroot, struct oomt_limits **ret);
void oomt_limits_free(struct oomt_limits *l);
/* Reads every memory cgroup again and lists those q selects in q's order. Returns 0, or
 * -EINVAL (struct size; a q->cgroup with ".."), -ENOMEM, -ENOENT (q->cgroup is not a
 * memory cgroup). */
int oomt_limits_refresh(struct oomt_limits *l, const struct oomt_limits_query *q);
size_t oomt_limits_nrows(const struct oomt_limits *l);
/* Row i of the listing, NULL past the end. Valid until the next refresh or free. */
const struct oomt_limits_row *oomt_limits_row(const struct oomt_limits *l, size_t i);
const struct oomt_limits_stats *oomt_limits_stats(const struct oomt_limits *l);
/* "cgroup", "slice", "unit", "container", "pod". */
const char *oomt_limits_kind_name(enum oomt_limits_kind k);

/* ---- setting a limit ---- */

/* A limit to remove ("max", "infinity"). */
#define OOMT_LIMITS_UNLIMITED INT64_MAX

/* Client-allocated: set struct_size. */
struct oomt_limits_request {
	uint32_t struct_size;
	/* a systemd unit ("nginx.service"), a container (id prefix or name), a pod's container
	 * ("<namespace>/<pod>/<container>" or "<pod>/<container>"), a pod, or a cgroup path
	 * starting with '/' as /proc/PID/cgroup shows it */
	const char *target;
	int64_t max_bytes;         /* the new limit; OOMT_UNKNOWN: leave it;
	                              OOMT_LIMITS_UNLIMITED: remove it */
	int64_t high_bytes;        /* memory.high (v2); OOMT_UNKNOWN: leave it */
	int64_t swap_bytes;        /* swap on top of memory: v2 memory.swap.max, v1
	                              memsw.limit_in_bytes = max + swap, Docker --memory-swap =
	                              memory + swap; OOMT_UNKNOWN: leave it */
	bool persistent;           /* systemd: set-property without --runtime (a drop-in that
	                              survives a reboot) */
	bool force;                /* allow a limit at or below current usage */
	/* ':'-separated directories to look for systemctl and docker in: the caller's PATH
	 * (the library does not read the environment). NULL: /usr/sbin:/usr/bin:/sbin:/bin */
	const char *search_path;
};

enum oomt_limits_method {
	OOMT_LIMITS_METHOD_SYSTEMD,       /* systemctl set-property */
	OOMT_LIMITS_METHOD_DOCKER,        /* docker update */
	OOMT_LIMITS_METHOD_CGROUP_FILE,   /* write the cgroup's own files */
};

enum oomt_limits_verdict {
	OOMT_LIMITS_READY,      /* steps to run */
	OOMT_LIMITS_DONE,       /* already as asked */
	OOMT_LIMITS_REFUSED,    /* a check failed; nothing may change */
};

enum oomt_limits_refusal {
	OOMT_LIMITS_REFUSE_NONE,
	OOMT_LIMITS_REFUSE_NOT_FOUND,     /* no memory cgroup is the target */
	OOMT_LIMITS_REFUSE_AMBIGUOUS,     /* several are */
	OOMT_LIMITS_REFUSE_ROOT_CGROUP,   /* the root cgroup cannot be limited */
	OOMT_LIMITS_REFUSE_BELOW_USAGE,   /* at or below current usage: an immediate OOM kill */
	OOMT_LIMITS_REFUSE_UNSUPPORTED,   /* the hierarchy or the manager has no such setting */
	OOMT_LIMITS_REFUSE_SIZE,          /* sizes that contradict each other */
	OOMT_LIMITS_REFUSE_NOT_ROOT,      /* the cgroup file is not writable: needs root */
	OOMT_LIMITS_REFUSE_NO_COMMAND,    /* systemctl or docker is needed and not found */
};

enum oomt_limits_step_kind {
	OOMT_LIMITS_STEP_RUN,     /* run a command (argv); undo: run undo_argv */
	OOMT_LIMITS_STEP_WRITE,   /* write value to file; undo: write old_value */
	OOMT_LIMITS_STEP_VERIFY,  /* read file back: it must hold value (to the page) */
};

#define OOMT_LIMITS_MAX_STEPS 8
#define OOMT_LIMITS_MAX_WARNINGS 4
#define OOMT_LIMITS_MAX_ARGS 10
#define OOMT_LIMITS_PATH_MAX 4096

struct oomt_limits_step {
	enum oomt_limits_step_kind kind;
	char description[768];    /* the command line, or "memory.max: 512M -> 1G" */
	const char *why;
	char file[OOMT_LIMITS_PATH_MAX];   /* WRITE, VERIFY: the cgroup file (under sysroot) */
	char value[32];           /* WRITE: written; VERIFY: expected ("max" or bytes) */
	char old_value[32];       /* WRITE: what it held, written back by the undo */
	const char *argv[OOMT_LIMITS_MAX_ARGS + 1];       /* RUN; argv[0] an absolute path */
	const char *undo_argv[OOMT_LIMITS_MAX_ARGS + 1];  /* RUN: puts the old values back;
	                                                     argv[0] NULL when impossible */
};

/* Allocated by the library (see ABI above). */
struct oomt_limits_plan {
	enum oomt_limits_verdict verdict;
	enum oomt_limits_refusal refusal;
	const char *check;        /* the check that refused: "target", "usage", "size", ... */
	char reason[512];
	char hint[320];
	/* the target */
	char target[256];         /* as given */
	char path[OOMT_LIMITS_PATH_MAX];  /* its cgroup; "" when not found */
	char name[384];           /* its name (oomt_cgroup_workload_name) */
	enum oomt_limits_kind kind;
	enum oomt_cgroup_version version;
	enum oomt_limits_method method;
	bool persistent;          /* systemd: a drop-in; docker: always; a file: never */
	/* now -> asked (OOMT_UNKNOWN: not known or left; OOMT_LIMITS_UNLIMITED: none) */
	int64_t current_bytes;
	int64_t max_bytes, new_max_bytes;
	int64_t high_bytes, new_high_bytes;
	int64_t swap_max_bytes, new_swap_max_bytes;     /* v2 */
	int64_t memsw_max_bytes, new_memsw_max_bytes;   /* v1 */
	struct oomt_limits_step steps[OOMT_LIMITS_MAX_STEPS];
	size_t nsteps;
	char warnings[OOMT_LIMITS_MAX_WARNINGS][320];
	size_t nwarnings;
	/* internal: what the executor needs */
	char args[2][1024];
	int64_t page_size_bytes;
};

/* Find the target, read its limits and usage, and compute what to do. No change is made.
 * Returns 0 with *ret (READY, DONE or REFUSED; a target not found is a refusal), -EINVAL
 * (struct size, no target, nothing asked), -ENOENT (no memory hierarchy), -ENOMEM. */
int oomt_limits_plan_new(const char *sysroot, const struct oomt_limits_request *req,
                         struct oomt_limits_plan **ret);
void oomt_limits_plan_free(struct oomt_limits_plan *p);
/* "systemd", "docker", "cgroup-file"; "run", "write", "verify"; "ready", "done",
 * "refused". */
const char *oomt_limits_method_name(enum oomt_limits_method m);
const char *oomt_limits_step_name(enum oomt_limits_step_kind k);
const char *oomt_limits_verdict_name(enum oomt_limits_verdict v);

enum oomt_limits_step_status {
	OOMT_LIMITS_STEP_PLANNED,
	OOMT_LIMITS_STEP_DONE,
	OOMT_LIMITS_STEP_FAILED,
	OOMT_LIMITS_STEP_UNDONE,     /* done, then undone after a later step failed */
	OOMT_LIMITS_STEP_NOT_RUN,
};

/* Allocated by the library (see ABI above). */
struct oomt_limits_result {
	size_t nsteps;
	enum oomt_limits_step_status status[OOMT_LIMITS_MAX_STEPS];
	int err;                  /* 0: every step done; else -errno of the failed step (-EIO:
	                             the command failed; -ETIMEDOUT: it did not end in time;
	                             -ERANGE: the value read back differs) */
	size_t failed_step;
	char detail[512];         /* the command's exit status and first line of output, or
	                             the value read back; "" when none */
	bool undo_complete;       /* err < 0: every step done was undone */
	char leftover[512];       /* err < 0 and not undo_complete: what keeps the new value */
};

/* Client-allocated: set struct_size. */
struct oomt_limits_apply_opts {
	uint32_t struct_size;
	char *const *envp;        /* the commands' environment; NULL: this process's */
	int timeout_sec;          /* per command; 0: 60 */
};

/* Run plan's steps in order; when one fails, undo the steps done in reverse order. Returns
 * 0 with *ret when the run happened, whether or not a step failed (see (*ret)->err), or
 * -EINVAL (not READY, struct size), -ENOMEM (nothing changed). */
int oomt_limits_apply(const struct oomt_limits_plan *plan,
                      const struct oomt_limits_apply_opts *opts,
                      struct oomt_limits_result **ret);
void oomt_limits_result_free(struct oomt_limits_result *r);
/* "planned", "done", "failed", "undone", "not-run". */
const char *oomt_limits_step_status_name(enum oomt_limits_step_status s);

/* The command that sets cgroup's limit to limit_bytes, for advice (explain-kill):
 * "oomtool limits set nginx.service 64M": the unit, the container's name or id12 (names
 * NULL: the id), else the cgroup path; the size rounded up to a MiB. Returns buf. */
const char *oomt_limits_set_command(struct oomt_cgroup_names *names, const char *cgroup,
                                    int64_t limit_bytes, char *buf, size_t bufsz);

#endif
