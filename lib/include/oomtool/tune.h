/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_TUNE_H
#define OOMTOOL_TUNE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/common.h>
#include <oomtool/model.h>
#include <oomtool/sysctl.h>
#include <oomtool/system-memory.h>

/*
 * The kernel's memory settings, the workflow behind `oomtool tune`:
 *  - check: read every setting that shapes the next OOM, say where each value comes from
 *    (a sysctl.d file, sysctl.conf, the kernel command line, a write since boot, or the
 *    kernel's default) and judge them as findings (stable codes, severity, evidence and
 *    the numbers the advice needs, as explain-kill's findings);
 *  - set and reset: known keys only, range-checked; the value now (<sysroot>/proc/sys) and,
 *    persisted, in the one file oomtool owns (OOMT_SYSCTL_CONF_FILE, through
 *    <oomtool/sysctl.h>: swap-setup's --swappiness shares it); what a set replaced is kept
 *    (<sysroot>/run/oomtool/sysctl.state, and "# was:" in the file) so that a reset puts
 *    back exactly that;
 *  - drop caches: sync (bounded in time), write vm.drop_caches, and the memory before and
 *    after.
 * Changes are a plan first (oomt_tune_plan_compute, no side effect), then run
 * (oomt_tune_apply), undoing what the run did when a step fails.
 *
 * Sysroot (NULL, "" or "/" = the live system): every read and write is under it; /proc/sys
 * of another sysroot is a plain file of that tree (nothing reaches the running kernel),
 * and sync is skipped there.
 *
 * ABI: the check, settings, findings, plan and result are allocated by the library:
 * clients never allocate, copy by value or take sizeof of them; members are only ever
 * appended. Structs a client allocates (options, request) begin with struct_size.
 */

/* ---- the settings oomtool knows ---- */

struct oomt_tune_key {
	const char *key;              /* "vm.swappiness" */
	int64_t min, max;             /* what `tune set` accepts (see oomt_tune_key_max) */
	const char *kernel_default;   /* "60"; NULL when it depends on the machine */
	const char *summary;          /* what it does, in 49 characters at most */
};
/* The known keys, i at a time (NULL past the last). */
const struct oomt_tune_key *oomt_tune_key_at(size_t i);
/* KEY in either spelling ("vm.swappiness", "vm/swappiness"); NULL when unknown. */
const struct oomt_tune_key *oomt_tune_key_find(const char *key);

/* ---- check ---- */

enum oomt_tune_origin {
	OOMT_TUNE_DEFAULT,    /* nothing configures it: the kernel's (build's) default */
	OOMT_TUNE_FILE,       /* a sysctl.d file or sysctl.conf, and the value now agrees */
	OOMT_TUNE_CMDLINE,    /* the kernel command line */
	OOMT_TUNE_RUNTIME,    /* written since boot: the value now differs from the boot one */
	OOMT_TUNE_OOMTOOL,    /* written since boot by `oomtool tune set` (a record says so) */
};

struct oomt_tune_setting {
	const char *key;                     /* "vm.swappiness", "transparent_hugepage.enabled",
	                                        "zswap.enabled" */
	bool readable;                       /* value is known */
	char value[OOMT_SYSCTL_VALUE_MAX];   /* now; THP's the bracketed choice */
	enum oomt_tune_origin origin;
	char file[PATH_MAX];                 /* the file that configures it (FILE, RUNTIME,
	                                        OOMTOOL when one does), "" else */
	unsigned line;
	char configured[OOMT_SYSCTL_VALUE_MAX]; /* the boot value the files give, "" none */
	const char *kernel_default;          /* NULL when unknown or machine-dependent */
	bool settable;                       /* `tune set` accepts it */
};

struct oomt_tune_finding {
	const char *code;                    /* stable: documented in oomtool-tune(8) */
	enum oomt_severity severity;
	const char *key;                     /* the setting it is about, or NULL */
	struct oomt_kv evidence[OOMT_KV_MAX];
	size_t n_evidence;
	struct oomt_kv advice[OOMT_KV_MAX];  /* the numbers the advice needs */
	size_t n_advice;
};

/* Machine facts the findings weigh the settings against. */
struct oomt_tune_system {
	int64_t ram_bytes;                   /* MemTotal */
	int64_t swap_bytes;                  /* SwapTotal */
	int64_t mem_available_bytes;
	int64_t commit_limit_bytes;          /* CommitLimit */
	int64_t committed_as_bytes;          /* Committed_AS */
	size_t swap_areas;                   /* /proc/swaps */
	char killers[128];                   /* userspace OOM killers running: "earlyoom,
	                                        systemd-oomd", "" none */
};

struct oomt_tune_check_opts {
	uint32_t struct_size;
	const char *sysroot;
};

struct oomt_tune_check;
/* Read and judge. opts may be NULL (the live system). 0, -EINVAL, -ENOMEM, or the -errno
 * of reading <sysroot>/proc/meminfo (settings that cannot be read are data: readable). */
int oomt_tune_check_new(const struct oomt_tune_check_opts *opts, struct oomt_tune_check **ret);
void oomt_tune_check_free(struct oomt_tune_check *c);
size_t oomt_tune_check_settings(const struct oomt_tune_check *c,
                                const struct oomt_tune_setting **ret);
size_t oomt_tune_check_findings(const struct oomt_tune_check *c,
                                const struct oomt_tune_finding **ret);
const struct oomt_tune_system *oomt_tune_check_system(const struct oomt_tune_check *c);
const char *oomt_tune_origin_name(enum oomt_tune_origin o);   /* "file", "runtime", ... */

/* ---- changes ---- */

enum oomt_tune_action { OOMT_TUNE_SET, OOMT_TUNE_RESET, OOMT_TUNE_DROP_CACHES };

enum oomt_drop_caches {
	OOMT_DROP_PAGECACHE = 1,   /* clean page cache (vm.drop_caches=1) */
	OOMT_DROP_SLAB = 2,        /* reclaimable slab: dentries and inodes (2) */
	OOMT_DROP_ALL = 3,         /* both (3) */
};

struct oomt_tune_request {
	uint32_t struct_size;
	enum oomt_tune_action action;
	const char *const *args;      /* SET: "KEY=VALUE" each; RESET: "KEY" each */
	size_t nargs;
	bool persist;                 /* SET: also into OOMT_SYSCTL_CONF_FILE */
	enum oomt_drop_caches drop;   /* DROP_CACHES */
	int64_t sync_timeout_usec;    /* DROP_CACHES: 0 = 30 s */
};

enum oomt_tune_verdict { OOMT_TUNE_READY, OOMT_TUNE_DONE, OOMT_TUNE_REFUSED };

enum oomt_tune_refusal {
	OOMT_TUNE_OK,
	OOMT_TUNE_BAD_ARGUMENT,     /* not KEY=VALUE, a key given twice */
	OOMT_TUNE_UNKNOWN_KEY,      /* not a setting oomtool knows */
	OOMT_TUNE_BAD_VALUE,        /* not a number, or out of range */
	OOMT_TUNE_NOT_AVAILABLE,    /* the kernel (or the sysroot tree) lacks the setting */
	OOMT_TUNE_NOT_PRIVILEGED,   /* the live system, not root */
};

enum oomt_tune_step_kind {
	OOMT_TUNE_STEP_RECORD,      /* keep (or drop) what a set replaced */
	OOMT_TUNE_STEP_WRITE,       /* write a value now */
	OOMT_TUNE_STEP_PERSIST,     /* merge KEY = VALUE into the oomtool file */
	OOMT_TUNE_STEP_UNPERSIST,   /* remove KEY from it */
	OOMT_TUNE_STEP_SYNC,        /* sync(2), bounded in time */
	OOMT_TUNE_STEP_DROP,        /* write vm.drop_caches */
};

struct oomt_tune_step {
	enum oomt_tune_step_kind kind;
	const char *key;                     /* a oomt_tune_key's (WRITE, PERSIST, UNPERSIST) */
	char from[OOMT_SYSCTL_VALUE_MAX];    /* WRITE: the value now ("" when unknown) */
	char to[OOMT_SYSCTL_VALUE_MAX];      /* WRITE, PERSIST: the value */
	char path[PATH_MAX];                 /* the file written */
	char description[320];
};

#define OOMT_TUNE_MAX_WARNINGS 8

struct oomt_tune_plan {
	enum oomt_tune_action action;
	enum oomt_tune_verdict verdict;
	enum oomt_tune_refusal refusal;
	const char *check;                   /* REFUSED: the check ("key", "range", ...) */
	char reason[512];
	char hint[512];
	struct oomt_tune_step *steps;
	size_t nsteps;
	char warnings[OOMT_TUNE_MAX_WARNINGS][512];
	size_t nwarnings;
	enum oomt_drop_caches drop;
	int64_t sync_timeout_usec;
};

/* The plan for REQ under SYSROOT (no side effect). 0 with *ret (also for a refusal),
 * -EINVAL, -ENOMEM. */
int oomt_tune_plan_compute(const char *sysroot, const struct oomt_tune_request *req,
                           struct oomt_tune_plan **ret);
void oomt_tune_plan_free(struct oomt_tune_plan *p);

enum oomt_tune_step_status {
	OOMT_TUNE_STEP_DONE,
	OOMT_TUNE_STEP_TIMED_OUT,    /* SYNC: still writing when the time was up (went on) */
	OOMT_TUNE_STEP_FAILED,
	OOMT_TUNE_STEP_UNDONE,
	OOMT_TUNE_STEP_NOT_RUN,
};

struct oomt_tune_result {
	enum oomt_tune_step_status *status;   /* one per plan step */
	int err;                              /* 0, or the failed step's -errno */
	size_t failed_step;
	bool undo_complete;
	/* DROP_CACHES: the counters before and after (struct_size set; unknown members
	 * OOMT_UNKNOWN when a read failed) */
	struct oomt_system_memory before, after;
	int64_t sync_usec;                    /* how long sync took (or waited) */
};

/* Run a READY plan. 0 with *ret (see err), -EINVAL when not READY, -ENOMEM. */
int oomt_tune_apply(const struct oomt_tune_plan *plan, struct oomt_tune_result **ret);
void oomt_tune_result_free(struct oomt_tune_result *r);
const char *oomt_tune_step_kind_name(enum oomt_tune_step_kind k);   /* "write", ... */
const char *oomt_tune_step_status_name(enum oomt_tune_step_status s);

#endif
