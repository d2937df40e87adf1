/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROTECT_H
#define OOMTOOL_PROTECT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/cgroup.h>
#include <oomtool/common.h>
#include <oomtool/proc.h>

/*
 * oom_score_adj, the whole workflow behind `oomtool protect`: who is protected from the OOM
 * killer (or offered to it), where each value comes from, and changing it now and across
 * restarts with an exact undo.
 *
 *   list (oomt_protect_list_new) -> plan (oomt_protect_plan_compute, no side effect)
 *        -> [the caller shows it, asks] -> apply (oomt_protect_apply, undoing on failure)
 *
 * Where a value comes from (enum oomt_adj_source), in this order:
 *  - oomtool: `oomtool protect set` wrote it (a record in <sysroot>/run/oomtool/);
 *  - unit: the systemd unit's OOMScoreAdjust= (or the manager's DefaultOOMScoreAdjust=),
 *    read from the unit file and its drop-ins under <sysroot> (/etc, /run, /usr/lib
 *    systemd directories), or asked of systemd over D-Bus when it is PID 1 of the live
 *    system;
 *  - kubelet: a Kubernetes pod's process with the value the kubelet's QoS policy gives
 *    (pkg/kubelet/qos/policy.go): Guaranteed -997 (-998 before 1.24, and every pod's
 *    pause container), BestEffort 1000, Burstable 1000 - 1000 * memory request / node
 *    memory, kept within 2..999 (the request it implies is not known offline);
 *  - inherited: the same value as its parent, which has it from elsewhere (fork copies
 *    oom_score_adj);
 *  - runtime: a container's process that a container runtime (Docker --oom-score-adj,
 *    Podman, containerd, CRI-O) started with it;
 *  - manual: written at run time: by hand (choom, echo), or by the process itself.
 *
 * Sysroot (NULL, "" or "/" = the live system): processes are read from <sysroot>/proc,
 * cgroups from <sysroot>/sys/fs/cgroup, unit files from <sysroot>/etc, <sysroot>/run,
 * <sysroot>/usr/lib. A change writes <sysroot>/proc/PID/oom_score_adj (a plain file of the
 * tree unless it is the live system), the drop-in under <sysroot>/etc/systemd/system, and
 * its undo records under <sysroot>/run/oomtool; systemd is reloaded only on the live system
 * and only when it runs.
 *
 * ABI: the list, its processes, the plan and the result are allocated by the library:
 * clients never allocate, copy by value or take sizeof of them; members are only ever
 * appended. Structs a client allocates (options, request) begin with struct_size.
 */

enum oomt_adj_source {
	OOMT_ADJ_DEFAULT,      /* 0, and nothing configures another value */
	OOMT_ADJ_UNIT,         /* the systemd unit's OOMScoreAdjust= */
	OOMT_ADJ_INHERITED,    /* the same as its parent (parent_pid) */
	OOMT_ADJ_KUBELET,      /* the kubelet's QoS policy for its pod */
	OOMT_ADJ_RUNTIME,      /* a container runtime */
	OOMT_ADJ_MANUAL,       /* written at run time, by hand or by the process */
	OOMT_ADJ_OOMTOOL,      /* written by `oomtool protect set` (a record says so) */
	OOMT_ADJ_UNKNOWN,      /* oom_score_adj could not be read */
};

/* Flags: bits of oomt_protect_process.flags; names (oomt_protect_flag_name) are the JSON's. */
enum {
	OOMT_PROTECT_DRIFT = 1u << 0,             /* "drift": a process the manager (systemd,
	                                             the kubelet) started has another value
	                                             than it configures */
	OOMT_PROTECT_UNKILLABLE_LARGE = 1u << 1,  /* "unkillable_large": -1000 and RSS at least
	                                             a tenth of RAM */
	OOMT_PROTECT_UNKILLABLE_GROWING = 1u << 2,/* "unkillable_growing": -1000 and RSS grew
	                                             since the previous list */
	OOMT_PROTECT_CHILDREN_INHERIT = 1u << 3,  /* "children_inherit": protected (< 0), and
	                                             children inherited it (children_inheriting) */
	OOMT_PROTECT_OOM_POLICY_KILL = 1u << 4,   /* "oom_policy_kill": the unit's OOMPolicy=kill
	                                             (an OOM kill in it kills the whole unit) */
	OOMT_PROTECT_OOM_POLICY_STOP = 1u << 5,   /* "oom_policy_stop": set explicitly */
	OOMT_PROTECT_OOM_POLICY_CONTINUE = 1u << 6, /* "oom_policy_continue" */
	OOMT_PROTECT_OOM_GROUP = 1u << 7,         /* "oom_group": memory.oom.group = 1 on its
	                                             cgroup or an ancestor (v2) */
	OOMT_PROTECT_OOMD_AVOID = 1u << 8,        /* "oomd_avoid": ManagedOOMPreference=avoid */
	OOMT_PROTECT_OOMD_OMIT = 1u << 9,         /* "oomd_omit": ManagedOOMPreference=omit */
};
#define OOMT_PROTECT_FLAG_BITS 10

/* Whether to ask systemd (org.freedesktop.systemd1 on the system bus) for the settings it
 * has loaded, and reload it after writing a drop-in. Only ever for the live system. */
enum oomt_systemd_use {
	OOMT_SYSTEMD_AUTO,        /* when systemd is PID 1 (sd_booted: /run/systemd/system) */
	OOMT_SYSTEMD_NEVER,       /* unit files only, never a reload */
	OOMT_SYSTEMD_ALWAYS,      /* the system bus even when PID 1 is not systemd (a manager
	                             on the bus libsystemd finds: DBUS_SYSTEM_BUS_ADDRESS) */
};

/* The options of a list. NULL options: the live system, systemd asked when it runs. */
struct oomt_protect_opts {
	uint32_t struct_size;
	const char *sysroot;
	enum oomt_systemd_use systemd;
};

/* One process (kernel threads are not listed: the OOM killer never picks them). */
struct oomt_protect_process {
	int pid;
	int parent_pid;                   /* PPid, 0 when none */
	int64_t uid;                      /* effective */
	char user[64];                    /* its name, or the number */
	char comm[OOMT_PROC_NAME_MAX];    /* raw bytes */
	int64_t oom_score_adj;            /* OOMT_UNKNOWN when unreadable */
	int64_t oom_score;                /* the kernel's, OOMT_UNKNOWN when unreadable */
	int64_t rss_bytes;
	int64_t rss_growth_bytes;         /* since the previous list; OOMT_UNKNOWN without */
	int64_t start_ticks;              /* /proc/PID/stat starttime: pid + this = one process */
	char cgroup[OOMT_PROC_CGROUP_MAX];/* the path naming its unit (v2, else v1 memory) */
	char unit[256];                   /* the systemd unit, or "" */
	char workload[256];               /* oomt_cgroup_unit_name() of cgroup: the unit, or a
	                                     container or pod, or the path */
	enum oomt_pod_qos qos;            /* a pod's QoS class from its cgroup */
	enum oomt_adj_source source;
	int64_t configured_adj;           /* what source configures (the unit's, the kubelet's
	                                     for Guaranteed and BestEffort, oomtool's), else
	                                     OOMT_UNKNOWN */
	char configured_from[PATH_MAX];   /* the unit file or drop-in (as read, under the
	                                     sysroot), "systemd" (D-Bus), "kubelet", the record
	                                     file; "" when none */
	char oom_policy[16];              /* the unit's OOMPolicy= in effect, "" without a unit */
	int64_t children_inheriting;      /* children whose source is "inherited" from it */
	uint32_t flags;
	bool listed;                      /* what `protect` shows without -a: adj != 0, or a
	                                     drift */
};

struct oomt_protect_list;

/* Read every process, its unit's settings and its cgroup, and attribute each value.
 * PREVIOUS (may be NULL): an earlier list of the same sysroot, for rss_growth_bytes.
 * Returns 0, -EINVAL, -ENOMEM, or the -errno of opening <sysroot>/proc. Processes that
 * exit meanwhile are skipped. */
int oomt_protect_list_new(const struct oomt_protect_opts *opts,
                          const struct oomt_protect_list *previous,
                          struct oomt_protect_list **ret);
void oomt_protect_list_free(struct oomt_protect_list *l);
/* Processes in pid order. */
size_t oomt_protect_list_count(const struct oomt_protect_list *l);
const struct oomt_protect_process *oomt_protect_list_get(const struct oomt_protect_list *l,
                                                         size_t i);
/* NULL when PID is not in the list. */
const struct oomt_protect_process *oomt_protect_list_find(const struct oomt_protect_list *l,
                                                          int pid);
/* MemTotal of the sysroot, OOMT_UNKNOWN when unreadable. */
int64_t oomt_protect_list_ram_bytes(const struct oomt_protect_list *l);

const char *oomt_adj_source_name(enum oomt_adj_source s);  /* "unit", "inherited", ... */
const char *oomt_protect_flag_name(unsigned bit);          /* one bit; NULL for others */

/* ---- changing it ---- */

enum oomt_protect_action { OOMT_PROTECT_SET, OOMT_PROTECT_RESET };

enum oomt_protect_target_kind {
	OOMT_TARGET_PID,       /* digits */
	OOMT_TARGET_UNIT,      /* a unit name: "nginx.service" (its cgroup's processes) */
	OOMT_TARGET_NAME,      /* anything else: the process name (comm, 15 bytes) */
};

struct oomt_protect_request {
	uint32_t struct_size;
	enum oomt_protect_action action;
	const char *target;
	int adj;                  /* SET: -1000..1000 */
	bool children;            /* also every descendant of the matched processes */
	bool persist;             /* SET: a drop-in for the unit; RESET: always undone */
	bool force;               /* SET: accept -1000 */
	enum oomt_systemd_use systemd;  /* reload systemd after a drop-in changed */
};

enum oomt_protect_verdict {
	OOMT_PROTECT_READY,       /* steps to run */
	OOMT_PROTECT_DONE,        /* already as asked, or nothing to undo */
	OOMT_PROTECT_REFUSED,     /* a check failed: refusal, reason, hint */
};

enum oomt_protect_refusal {
	OOMT_PROTECT_OK,
	OOMT_PROTECT_BAD_VALUE,      /* outside -1000..1000 */
	OOMT_PROTECT_UNKILLABLE,     /* -1000 without force */
	OOMT_PROTECT_NOT_FOUND,      /* no process matches (and nothing to persist) */
	OOMT_PROTECT_NOT_PRIVILEGED, /* lowering, another user's process, or /etc, unprivileged */
	OOMT_PROTECT_CANNOT_PERSIST, /* persist asked for a pid, a name or a non-service unit */
};

enum oomt_protect_step_kind {
	OOMT_PROTECT_STEP_RECORD,        /* keep the replaced values for the undo */
	OOMT_PROTECT_STEP_DROPIN,        /* write the unit's drop-in */
	OOMT_PROTECT_STEP_DROPIN_REMOVE, /* remove it */
	OOMT_PROTECT_STEP_RELOAD,        /* systemctl daemon-reload */
	OOMT_PROTECT_STEP_ADJ,           /* write one process's oom_score_adj */
};

struct oomt_protect_step {
	enum oomt_protect_step_kind kind;
	int pid;                          /* STEP_ADJ */
	int64_t start_ticks;
	char comm[OOMT_PROC_NAME_MAX];
	int from, to;                     /* STEP_ADJ */
	char path[PATH_MAX];              /* DROPIN*, RECORD: the file */
	char description[256];
};

#define OOMT_PROTECT_MAX_WARNINGS 8

struct oomt_protect_plan {
	enum oomt_protect_action action;
	enum oomt_protect_verdict verdict;
	enum oomt_protect_refusal refusal;
	const char *check;                /* REFUSED: the check's name ("range", ...) */
	char reason[512];                 /* REFUSED: why */
	char hint[512];                   /* REFUSED: what to do */
	enum oomt_protect_target_kind target_kind;
	char target[256];
	char unit[256];                   /* TARGET_UNIT: the unit */
	int adj;
	size_t matched;                   /* processes the target (and --children) matched */
	struct oomt_protect_step *steps;
	size_t nsteps;
	char warnings[OOMT_PROTECT_MAX_WARNINGS][512];
	size_t nwarnings;
	char *dropin_text;                /* STEP_DROPIN: what the file will say, else NULL */
};

/* The plan for REQ against LIST (no side effect). Returns 0 with *ret (also for a refusal:
 * see verdict), -EINVAL for a bad request, -ENOMEM. */
int oomt_protect_plan_compute(const struct oomt_protect_list *list,
                              const struct oomt_protect_request *req,
                              struct oomt_protect_plan **ret);
void oomt_protect_plan_free(struct oomt_protect_plan *p);

enum oomt_protect_step_status {
	OOMT_PROTECT_STEP_DONE,
	OOMT_PROTECT_STEP_SKIPPED,       /* the process exited meanwhile */
	OOMT_PROTECT_STEP_FAILED,
	OOMT_PROTECT_STEP_UNDONE,
	OOMT_PROTECT_STEP_NOT_RUN,
};

struct oomt_protect_result {
	enum oomt_protect_step_status *status;   /* one per plan step */
	int err;                      /* 0, or the failed step's -errno */
	size_t failed_step;
	bool undo_complete;           /* after a failure: everything done was put back */
	size_t vanished;              /* processes that exited before their write */
};

/* Run a READY plan: the steps in order; when one fails, what was done is undone in
 * reverse. Returns 0 with *ret (see err), -EINVAL for a plan that is not READY, -ENOMEM. */
int oomt_protect_apply(const struct oomt_protect_plan *plan, struct oomt_protect_result **ret);
void oomt_protect_result_free(struct oomt_protect_result *r);
const char *oomt_protect_step_status_name(enum oomt_protect_step_status s);

#endif
