/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SWAP_H
#define OOMTOOL_SWAP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/common.h>

/*
 * Swap files, the whole workflow: gather the facts about a machine
 * (oomt_swap_facts_gather), compute a side-effect-free plan from them
 * (oomt_swap_plan_compute), show it, and run it (oomt_swap_apply), which undoes in reverse
 * order what it did when a step fails and returns, as data, what it could not undo.
 * oomt_swap_status_read inspects swap. Nothing here prints; <oomtool/swap-json.h> writes
 * the JSON of plan, result and status. `oomtool swap-setup` is one client of this.
 *
 * Sysroot (NULL, "" or "/" = the live system): the swap settings live under it:
 * <sysroot>/etc/fstab, <sysroot>/etc/sysctl.d (through <oomtool/sysctl.h>) and
 * <sysroot>/proc/sys/vm/swappiness, which under another sysroot is a file of that tree,
 * not the running kernel's. The swap file path itself, swapon(2) and swapoff(2), and what
 * the running kernel says about them (/proc/swaps, /proc/meminfo) are always the live
 * system's: a sysroot redirects where swap is configured, not the kernel that swaps.
 *
 * ABI: structs the library hands out (plan, result, status) are allocated by it: clients
 * never allocate, copy by value or take sizeof of them; members are only ever appended.
 * Structs a client allocates (request, facts, apply options) begin with struct_size, which
 * the client sets to sizeof as it was compiled; the library rejects a size smaller than the
 * first version's with -EINVAL and touches only the members that fit.
 */

#define OOMT_SWAP_MAX_AREAS 32      /* the kernel allows fewer (MAX_SWAPFILES) */
#define OOMT_SWAP_MAX_STEPS 16
#define OOMT_SWAP_MAX_WARNINGS 4
#define OOMT_SWAP_MAX_LEFTOVERS 8
#define OOMT_SWAP_FSTAB_MAX (1024 * 1024) /* a larger /etc/fstab is refused, not loaded */
#define OOMT_SWAP_PATH_MAX 4096

/* ---- the running kernel's swap areas (/proc/swaps) ---- */

enum oomt_swap_area_kind { OOMT_SWAP_AREA_FILE, OOMT_SWAP_AREA_PARTITION, OOMT_SWAP_AREA_ZRAM };

struct oomt_swap_area {
	char path[OOMT_SWAP_PATH_MAX];   /* unescaped; " (deleted)" removed and flagged */
	enum oomt_swap_area_kind kind;
	int64_t size_bytes;
	int64_t used_bytes;
	int priority;
	bool deleted;
};

struct oomt_swap_areas {
	struct oomt_swap_area area[OOMT_SWAP_MAX_AREAS];
	size_t n;
	size_t skipped;          /* lines that did not parse, or more areas than fit */
};

/* ---- status: what `swap-setup --status` shows ---- */

struct oomt_swap_fstab_swap {
	char spec[OOMT_SWAP_PATH_MAX];   /* first field, \ooo escapes decoded */
	char options[256];
	bool active;             /* names an active area (path, or UUID=, LABEL=, PARTUUID=,
	                            PARTLABEL= resolved through /dev/disk) */
};

/* Allocated by the library (see ABI above). */
struct oomt_swap_status {
	struct oomt_swap_areas areas;    /* /proc/swaps of the running kernel */
	int swappiness;                  /* <sysroot>/proc/sys/vm/swappiness; -1 unknown */
	int zswap_enabled;               /* <sysroot>/sys/module/zswap/parameters/enabled:
	                                    1, 0, or -1 when there is no zswap */
	bool fstab_read;                 /* <sysroot>/etc/fstab could be read */
	struct oomt_swap_fstab_swap *fstab_swaps;   /* its swap lines, in file order */
	size_t n_fstab_swaps;
};

/* Returns 0, or -errno when /proc/swaps cannot be read (the rest is optional: unknown). */
int oomt_swap_status_read(const char *sysroot, struct oomt_swap_status **ret);
void oomt_swap_status_free(struct oomt_swap_status *s);

/* ---- facts and request ---- */

enum oomt_swap_file_state {
	OOMT_SWAP_FILE_ABSENT,
	OOMT_SWAP_FILE_SYMLINK,
	OOMT_SWAP_FILE_NOT_REGULAR,
	OOMT_SWAP_FILE_DATA,     /* a regular file without a swap signature */
	OOMT_SWAP_FILE_SWAP,     /* a regular file with a swap signature */
};

/* Client-allocated: set struct_size. Filled by oomt_swap_facts_gather (or by hand). */
struct oomt_swap_facts {
	uint32_t struct_size;
	bool is_root;
	uint64_t fs_magic;           /* statfs f_type of the file's directory */
	bool fs_known;               /* statfs worked */
	int64_t fs_size_bytes;       /* f_blocks * f_bsize */
	int64_t fs_free_bytes;       /* f_bavail * f_bsize */
	bool fs_readonly;
	uint64_t page_size_bytes;
	int64_t mem_total_bytes;     /* OOMT_UNKNOWN when /proc/meminfo could not be read */
	int64_t mem_available_bytes;
	enum oomt_swap_file_state file_state;
	int64_t file_size_bytes;
	uint32_t file_mode;          /* permission bits */
	bool file_active;            /* listed in /proc/swaps */
	int64_t active_size_bytes;
	int64_t active_used_bytes;
	bool fstab_has_entry;
	bool fstab_too_big;
	bool etc_readonly;           /* <sysroot>/etc is on a read-only mount */
	int swappiness;              /* now; -1 unknown */
	bool swappiness_absent;      /* <sysroot>/proc/sys/vm/swappiness does not exist (a
	                                sysroot without a proc tree): it can only be persisted */
	bool sysctl_conf_current;    /* oomtool's sysctl.d file already says the requested value */
};

enum oomt_swap_action { OOMT_SWAP_CREATE, OOMT_SWAP_RESIZE, OOMT_SWAP_REMOVE };

/* Client-allocated: set struct_size. */
struct oomt_swap_request {
	uint32_t struct_size;
	enum oomt_swap_action action;
	const char *path;            /* absolute, directory canonical (oomt_swap_path_canonical) */
	uint64_t size_bytes;         /* create/resize */
	int priority;                /* -1: let the kernel choose */
	int swappiness;              /* -1: leave it */
	bool persist;                /* fstab and sysctl.d */
};

/* Gather the facts for REQ under SYSROOT (see above for what is read where). Returns 0, or
 * -EINVAL (struct sizes, no path), -ENOMEM; what cannot be read is left unknown. */
int oomt_swap_facts_gather(const struct oomt_swap_request *req, const char *sysroot,
                           struct oomt_swap_facts *ret);
/* "/a/b/../c/file" -> directory made canonical with realpath(3), last component kept.
 * -ENOENT when the directory does not exist, -EINVAL for a relative path or no name. */
int oomt_swap_path_canonical(const char *path, char *ret, size_t retsz);

/* ---- the plan ---- */

enum oomt_swap_step_kind {
	OOMT_STEP_SWAPOFF,
	OOMT_STEP_UNLINK,
	OOMT_STEP_CREATE,
	OOMT_STEP_NOCOW,
	OOMT_STEP_FALLOCATE,
	OOMT_STEP_WRITE_ZEROS,
	OOMT_STEP_VERIFY,
	OOMT_STEP_SIGNATURE,
	OOMT_STEP_CHMOD,
	OOMT_STEP_SWAPON,
	OOMT_STEP_FSTAB_ADD,
	OOMT_STEP_FSTAB_REMOVE,
	OOMT_STEP_SWAPPINESS,
	OOMT_STEP_SYSCTL_PERSIST,
};

struct oomt_swap_step {
	enum oomt_swap_step_kind kind;
	char description[320];
	const char *why;
};

enum oomt_swap_verdict {
	OOMT_SWAP_READY,     /* steps to run */
	OOMT_SWAP_DONE,      /* already as asked: nothing to do */
	OOMT_SWAP_REFUSED,   /* a check failed; nothing may change */
};

enum oomt_swap_refusal {
	OOMT_REFUSE_NONE,
	OOMT_REFUSE_NOT_ROOT,
	OOMT_REFUSE_FILESYSTEM,
	OOMT_REFUSE_READONLY,
	OOMT_REFUSE_PATH,          /* symlink, directory, device, data file */
	OOMT_REFUSE_SIZE,          /* too small or too large for a swap area */
	OOMT_REFUSE_SPACE,         /* would fill the filesystem */
	OOMT_REFUSE_OTHER_SIZE,    /* exists with another size, --resize not given */
	OOMT_REFUSE_MEMORY,        /* swapoff would need more RAM than is available */
	OOMT_REFUSE_FSTAB,         /* fstab unusable */
};

/* Allocated by the library (see ABI above). */
struct oomt_swap_plan {
	enum oomt_swap_verdict verdict;
	enum oomt_swap_refusal refusal;
	const char *check;           /* the check that refused: "root", "filesystem", ... */
	char reason[512];
	char hint[320];
	const char *fs_name;         /* NULL when unknown */
	uint64_t size_bytes;         /* rounded up to whole pages */
	int64_t margin_bytes;        /* free space kept on the filesystem */
	struct oomt_swap_step steps[OOMT_SWAP_MAX_STEPS];
	size_t nsteps;
	char warnings[OOMT_SWAP_MAX_WARNINGS][256];
	size_t nwarnings;
	/* what it was computed for: oomt_swap_apply runs it from these */
	enum oomt_swap_action action;
	char path[OOMT_SWAP_PATH_MAX];
	int priority;
	int swappiness;
	bool persist;
	uint64_t page_size_bytes;
};

/* Compute what to do. No side effects: everything it needs is in FACTS. Returns 0 with
 * *ret (the plan says READY, DONE or REFUSED), -EINVAL for a malformed request, -ENOMEM. */
int oomt_swap_plan_compute(const struct oomt_swap_facts *f, const struct oomt_swap_request *r,
                           struct oomt_swap_plan **ret);
void oomt_swap_plan_free(struct oomt_swap_plan *p);
/* "create", "fallocate", "fstab-add", ...; "?" for an unknown kind. */
const char *oomt_swap_step_name(enum oomt_swap_step_kind k);
/* "create", "resize", "remove"; "ready", "done", "refused". */
const char *oomt_swap_action_name(enum oomt_swap_action a);
const char *oomt_swap_verdict_name(enum oomt_swap_verdict v);

/* ---- running the plan ---- */

enum oomt_swap_step_status {
	OOMT_SWAP_STEP_PLANNED,
	OOMT_SWAP_STEP_DONE,         /* done and in effect (also: a tighter mode, a deletion) */
	OOMT_SWAP_STEP_FAILED,
	OOMT_SWAP_STEP_UNDONE,       /* done, then undone after a later step failed */
	OOMT_SWAP_STEP_NOT_RUN,
};

/* What the undo after a failure could not put back. */
enum oomt_swap_leftover_kind {
	OOMT_SWAP_LEFT_FSTAB,        /* fstab not restored; its previous text is in the backup */
	OOMT_SWAP_LEFT_SYSCTL_FILE,  /* oomtool's sysctl.d file not restored */
	OOMT_SWAP_LEFT_SWAPPINESS,   /* vm.swappiness keeps the new value */
	OOMT_SWAP_LEFT_ACTIVE,       /* the new file is still active swap */
	OOMT_SWAP_LEFT_PARTIAL_FILE, /* the half-made file could not be deleted */
	OOMT_SWAP_LEFT_SWAPPED_OFF,  /* swapped off, and swapon again failed */
	OOMT_SWAP_LEFT_OLD_DELETED,  /* the old swap file was deleted before the failure: no
	                                swap is active at that path */
};

struct oomt_swap_leftover {
	enum oomt_swap_leftover_kind kind;
	int err;                         /* -errno of the undo that failed; 0 for OLD_DELETED */
	char object[OOMT_SWAP_PATH_MAX]; /* the file (or setting) it concerns */
};

/* Allocated by the library (see ABI above). */
struct oomt_swap_result {
	size_t nsteps;
	enum oomt_swap_step_status status[OOMT_SWAP_MAX_STEPS];
	int err;                         /* 0: every step done; else -errno of the failed step */
	size_t failed_step;              /* index into the plan's steps, when err < 0 */
	char err_object[OOMT_SWAP_PATH_MAX];  /* the file the failed step worked on */
	bool undo_complete;              /* err < 0: everything this run changed was put back */
	struct oomt_swap_leftover leftovers[OOMT_SWAP_MAX_LEFTOVERS];  /* in the undo's order */
	size_t nleftovers;
};

/* Client-allocated: set struct_size. */
struct oomt_swap_apply_opts {
	uint32_t struct_size;
	const char *sysroot;         /* the one the facts were gathered under */
	/* NULL, or a flag a signal handler sets: the run stops between steps and inside
	 * write-zeros, fails with -EINTR, and is undone */
	const volatile sig_atomic_t *cancel;
};

/* Run PLAN's steps in order; when one fails, undo what this run did in reverse order. The
 * swap header is labelled "oomtool". Returns 0 with *ret when the run happened, whether or
 * not a step failed (see (*ret)->err), or -EINVAL (a refused plan, struct sizes), -ENOMEM
 * when it could not start (nothing changed). Call it holding oomt_swap_lock_etc. */
int oomt_swap_apply(const struct oomt_swap_plan *plan, const struct oomt_swap_apply_opts *opts,
                    struct oomt_swap_result **ret);
void oomt_swap_result_free(struct oomt_swap_result *r);
/* "planned", "done", "failed", "undone", "not-run". */
const char *oomt_swap_step_status_name(enum oomt_swap_step_status s);

/* One run at a time per <sysroot>/etc: two runs editing fstab at once could each write
 * their own version. An exclusive flock(2) on the directory, held until
 * oomt_swap_unlock_etc() or exit. Take it before gathering the facts. *ret_fd is -1 when
 * there is no etc directory (nothing to guard; a step that needs it reports that). Returns
 * 0, -EWOULDBLOCK when another run holds it, or -errno. */
int oomt_swap_lock_etc(const char *sysroot, int *ret_fd);
void oomt_swap_unlock_etc(int fd);

#endif
