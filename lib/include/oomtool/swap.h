/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SWAP_H
#define OOMTOOL_SWAP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Swap files: the facts about a machine, a side-effect-free plan computed from them, and one
 * executor per step. `oomtool swap-setup` gathers facts, computes the plan, shows it, and
 * runs the executors (undoing what it did when one fails). Nothing here prints.
 */

#define OOMT_SWAP_MAX_AREAS 32      /* the kernel allows fewer (MAX_SWAPFILES) */
#define OOMT_SWAP_MAX_STEPS 16
#define OOMT_SWAP_MAX_WARNINGS 4
#define OOMT_SWAP_FSTAB_MAX (1024 * 1024) /* a larger /etc/fstab is refused, not loaded */
#define OOMT_SWAP_PATH_MAX 4096
#define OOMT_SWAP_SYSCTL_FILE "etc/sysctl.d/90-oomtool-swap.conf"

/* ---- filesystems ---- */

enum oomt_swap_fs_support {
	OOMT_SWAP_FS_YES,        /* swap files work; fallocate gives extents swapon accepts */
	OOMT_SWAP_FS_NOCOW,      /* btrfs: only a NOCOW, uncompressed, unshared file; zeros */
	OOMT_SWAP_FS_NO,         /* refuse, with why_not */
};

struct oomt_swap_fs_info {
	uint64_t magic;          /* statfs(2) f_type */
	const char *name;
	enum oomt_swap_fs_support support;
	const char *why_not;     /* the reason to refuse, for OOMT_SWAP_FS_NO */
};

/* The entry for a statfs f_type, or NULL when the filesystem is not known here. */
const struct oomt_swap_fs_info *oomt_swap_fs_lookup(uint64_t magic);

/* ---- /proc/swaps ---- */

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

/* Parse one /proc/swaps line (without or with its newline). Returns 0, 1 for the header
 * line, or -EINVAL. */
int oomt_swaps_parse_line(const char *line, size_t len, struct oomt_swap_area *ret);
/* Parse a whole /proc/swaps text held in a buffer. */
void oomt_swaps_parse(const char *buf, size_t len, struct oomt_swap_areas *ret);
/* Read FILE (normally /proc/swaps) line by line through a bounded buffer. */
int oomt_swaps_read(const char *file, struct oomt_swap_areas *ret);
const struct oomt_swap_area *oomt_swaps_find(const struct oomt_swap_areas *a, const char *path);

/* ---- /etc/fstab editing (pure: buffers in, new buffers out) ---- */

struct oomt_fstab_entry {
	size_t line_off, line_len;   /* the line in the buffer, newline excluded */
	char spec[OOMT_SWAP_PATH_MAX];   /* first field, \ooo escapes decoded */
	char file[OOMT_SWAP_PATH_MAX];
	char type[64];
	char opts[256];
	bool truncated;              /* a field was longer than its buffer */
};

/* Next entry line from *pos (comments and blank lines skipped). 0 = entry, 1 = end. */
int oomt_fstab_next(const char *buf, size_t len, size_t *pos, struct oomt_fstab_entry *e);
/* Whether a swap entry for PATH exists; its line is returned in *ret. */
bool oomt_fstab_find_swap(const char *buf, size_t len, const char *path,
                          struct oomt_fstab_entry *ret);
/* New text = old text, byte for byte, plus one line for PATH. -EEXIST when a swap line for
 * PATH is present. priority < 0: no pri= option. *ret is malloc'd. */
int oomt_fstab_add_swap(const char *buf, size_t len, const char *path, int priority,
                        char **ret, size_t *ret_len);
/* New text without the swap lines for PATH; every other byte kept. *removed counts them. */
int oomt_fstab_remove_swap(const char *buf, size_t len, const char *path, char **ret,
                           size_t *ret_len, size_t *removed);
/* fstab field escaping: space, tab, newline and backslash as \ooo. -ENAMETOOLONG. */
int oomt_fstab_escape(const char *in, char *out, size_t outsz);

/* ---- the swap header ---- */

/* Build the first page of a swap area of SIZE bytes (the format mkswap(8) writes, version 1):
 * zeroed boot block, version, last page, no bad pages, UUID, label, "SWAPSPACE2" at
 * page_size - 10. -EINVAL for a size under 10 pages or over 2^32 pages. */
int oomt_swap_header_build(uint8_t *page, size_t page_size, uint64_t size,
                           const uint8_t uuid[16], const char *label);
/* Whether PAGE (page_size bytes from offset 0) carries a swap signature. */
bool oomt_swap_header_is_swap(const uint8_t *page, size_t page_size);

/* ---- facts, request and plan ---- */

enum oomt_swap_file_state {
	OOMT_SWAP_FILE_ABSENT,
	OOMT_SWAP_FILE_SYMLINK,
	OOMT_SWAP_FILE_NOT_REGULAR,
	OOMT_SWAP_FILE_DATA,     /* a regular file without a swap signature */
	OOMT_SWAP_FILE_SWAP,     /* a regular file with a swap signature */
};

struct oomt_swap_facts {
	bool is_root;
	uint64_t fs_magic;           /* statfs f_type of the file's directory */
	bool fs_known;               /* statfs worked */
	int64_t fs_size_bytes;       /* f_blocks * f_bsize */
	int64_t fs_free_bytes;       /* f_bavail * f_bsize */
	bool fs_readonly;
	uint64_t page_size;
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
	bool etc_readonly;           /* ROOT/etc is on a read-only mount */
	int swappiness;              /* now; -1 unknown */
	bool sysctl_conf_current;    /* our sysctl.d file already says the requested value */
};

enum oomt_swap_action { OOMT_SWAP_CREATE, OOMT_SWAP_RESIZE, OOMT_SWAP_REMOVE };

struct oomt_swap_request {
	enum oomt_swap_action action;
	const char *path;            /* absolute, directory canonical */
	uint64_t size_bytes;         /* create/resize */
	int priority;                /* -1: let the kernel choose */
	int swappiness;              /* -1: leave it */
	bool persist;                /* fstab and sysctl.d */
};

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
};

/* Compute what to do. No side effects: everything it needs is in FACTS. Returns 0 (the
 * plan says READY, DONE or REFUSED) or -EINVAL for a malformed request. */
int oomt_swap_plan_compute(const struct oomt_swap_facts *f, const struct oomt_swap_request *r,
                           struct oomt_swap_plan *ret);
const char *oomt_swap_step_name(enum oomt_swap_step_kind k);
/* Free space to keep on a filesystem of SIZE bytes: 5% of it, at most 1 GiB. */
int64_t oomt_swap_margin(int64_t fs_size_bytes);
/* RAM to keep free when swapping an area off: 5% of RAM, at most 256 MiB. */
int64_t oomt_swap_ram_reserve(int64_t mem_total_bytes);

/* Gather the facts for REQ. ROOT is where etc/fstab and etc/sysctl.d live ("/" normally);
 * PROC is the proc mount ("/proc"). Returns 0 or -errno for what could not be read at all. */
int oomt_swap_facts_gather(const struct oomt_swap_request *req, const char *root,
                           const char *proc, struct oomt_swap_facts *ret);
/* "/a/b/../c/file" -> directory made canonical with realpath(3), last component kept.
 * -ENOENT when the directory does not exist, -EINVAL for a relative path or no name. */
int oomt_swap_path_canonical(const char *path, char *ret, size_t retsz);
/* /proc/meminfo MemTotal and MemAvailable in bytes. */
int oomt_swap_meminfo_read(const char *proc, int64_t *total, int64_t *available);
/* /proc/sys/vm/swappiness; /sys/module/zswap/parameters/enabled ("Y"/"N"). */
int oomt_swap_swappiness_read(const char *proc, int *ret);
int oomt_swap_zswap_read(const char *sys, bool *ret);

/* ---- executors: each performs one step and returns 0 or -errno ---- */

/* O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode 0600 from the first instant. */
int oomt_swap_file_create(const char *path, int *ret_fd);
/* btrfs: set FS_NOCOW_FL (and clear FS_COMPR_FL) while the file is still empty. */
int oomt_swap_file_set_nocow(int fd);
int oomt_swap_file_fallocate(int fd, uint64_t size);
/* Write zeros in 1 MiB chunks, flushing as it goes so that the page cache does not fill;
 * stops with -EINTR when *cancel becomes non-zero. */
int oomt_swap_file_write_zeros(int fd, uint64_t size, const volatile sig_atomic_t *cancel);
/* Every byte of [0, size) is allocated: FIEMAP when the filesystem has it, else st_blocks.
 * -ENODATA for a hole, -EMEDIUMTYPE for inline, compressed, shared or unknown extents. */
int oomt_swap_file_verify(int fd, uint64_t size);
/* Write the header page with a random UUID and fsync. */
int oomt_swap_file_write_signature(int fd, uint64_t size, size_t page_size, const char *label);
int oomt_swap_enable(int fd, const char *path, int priority);
int oomt_swap_disable(const char *path);
/* Read a small file whole (at most MAX bytes, -EFBIG beyond). Missing: -ENOENT. */
int oomt_swap_read_small(const char *path, size_t max, char **ret, size_t *ret_len);
/* Write DATA to PATH atomically: a temporary file in the same directory, fsync, rename over
 * PATH, fsync the directory. MODE for a new file; an existing file keeps its mode. */
int oomt_swap_write_atomic(const char *path, const char *data, size_t len, unsigned mode);
int oomt_swap_swappiness_write(const char *proc, int value);

/* The text of OOMT_SWAP_SYSCTL_FILE for a swappiness value. */
int oomt_swap_sysctl_text(int swappiness, char *buf, size_t bufsz);
/* "ROOT/REL" with no doubled slash. -ENAMETOOLONG. */
int oomt_swap_join(const char *root, const char *rel, char *ret, size_t retsz);

#endif
