/* SPDX-License-Identifier: MIT */
/*
 * The swap plan: from facts (struct oomt_swap_facts) and a request to a list of steps, or to
 * a refusal naming the check that failed. Pure: no system call, so that every branch is
 * tested without root.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/format.h>
#include "source/record.h"
#include <oomtool/swap.h>
#include <oomtool/sysctl.h>
#include "plan/plan.h"
#include "swap/swap-internal.h"
#include "util/struct-size.h"

#define GiB (1024LL * 1024 * 1024)
#define MiB (1024LL * 1024)
#define MIN_PAGES 10

static const char *const step_names[] = {
	[OOMT_STEP_SWAPOFF] = "swapoff",
	[OOMT_STEP_UNLINK] = "unlink",
	[OOMT_STEP_CREATE] = "create",
	[OOMT_STEP_NOCOW] = "nocow",
	[OOMT_STEP_FALLOCATE] = "fallocate",
	[OOMT_STEP_WRITE_ZEROS] = "write-zeros",
	[OOMT_STEP_VERIFY] = "verify",
	[OOMT_STEP_SIGNATURE] = "signature",
	[OOMT_STEP_CHMOD] = "chmod",
	[OOMT_STEP_SWAPON] = "swapon",
	[OOMT_STEP_FSTAB_ADD] = "fstab-add",
	[OOMT_STEP_FSTAB_REMOVE] = "fstab-remove",
	[OOMT_STEP_SWAPPINESS] = "swappiness",
	[OOMT_STEP_SYSCTL_PERSIST] = "sysctl-persist",
};

static const char *const step_why[] = {
	[OOMT_STEP_SWAPOFF] =
		"the kernel must bring the pages held in this area back into RAM before the "
		"file can go",
	[OOMT_STEP_UNLINK] =
		"a swap file is not grown or shrunk in place: its header records its page count "
		"and new blocks may not be usable for swap",
	[OOMT_STEP_CREATE] =
		"O_EXCL fails rather than reuse a file someone else made, O_NOFOLLOW refuses a "
		"planted symlink, and mode 0600 from the first instant keeps the memory of every "
		"process that will be swapped out unreadable by other users",
	[OOMT_STEP_NOCOW] =
		"btrfs swaps only to a file that is not copy-on-write and not compressed, and the "
		"NOCOW flag only takes effect while the file is empty",
	[OOMT_STEP_FALLOCATE] =
		"swapon rejects a file with holes; fallocate reserves every block at once without "
		"writing it, and this filesystem maps such extents for swap",
	[OOMT_STEP_WRITE_ZEROS] =
		"this filesystem needs blocks that were written for swap; zeros go out in 1 MiB "
		"chunks, flushed as they go so that the page cache does not fill",
	[OOMT_STEP_VERIFY] =
		"holes, inline, compressed or shared extents make swapon fail; the extent map "
		"(FIEMAP) is checked before the file is used",
	[OOMT_STEP_SIGNATURE] =
		"swapon needs the swap header (version 1, page count, UUID, SWAPSPACE2); it is "
		"written through the descriptor opened at creation, so no other file can be "
		"substituted",
	[OOMT_STEP_CHMOD] =
		"swap holds the memory of every process: a file others can read leaks it",
	[OOMT_STEP_SWAPON] =
		"enable the area now; among areas the kernel fills the highest priority first",
	[OOMT_STEP_FSTAB_ADD] =
		"so that the swap comes back after a reboot; written to a temporary file, synced "
		"and renamed over fstab, the old one kept as fstab.oomtool.bak",
	[OOMT_STEP_FSTAB_REMOVE] =
		"so that boot does not look for a file that is gone; same atomic replacement and "
		"backup",
	[OOMT_STEP_SWAPPINESS] =
		"vm.swappiness weighs swapping anonymous memory against dropping page cache",
	[OOMT_STEP_SYSCTL_PERSIST] =
		"so that the value survives a reboot (systemd-sysctl reads /etc/sysctl.d at boot)",
};

const char *oomt_swap_step_name(enum oomt_swap_step_kind k)
{
	if ((size_t)k >= sizeof(step_names) / sizeof(step_names[0]) || !step_names[k])
		return "?";
	return step_names[k];
}

static const char *const action_names[] = {
	[OOMT_SWAP_CREATE] = "create", [OOMT_SWAP_RESIZE] = "resize",
	[OOMT_SWAP_REMOVE] = "remove",
};

static const char *const verdict_names[] = {
	[OOMT_SWAP_READY] = "ready", [OOMT_SWAP_DONE] = "done", [OOMT_SWAP_REFUSED] = "refused",
};

const char *oomt_swap_action_name(enum oomt_swap_action a)
{
	return (size_t)a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a] : "?";
}

const char *oomt_swap_verdict_name(enum oomt_swap_verdict v)
{
	return (size_t)v < sizeof(verdict_names) / sizeof(verdict_names[0]) ? verdict_names[v]
	                                                                      : "?";
}

int64_t oomt_swap_margin(int64_t fs_size_bytes)
{
	int64_t m = fs_size_bytes / 20;

	return m > GiB ? GiB : m;
}

int64_t oomt_swap_ram_reserve(int64_t mem_total_bytes)
{
	int64_t m = mem_total_bytes / 20;

	return m > 256 * MiB ? 256 * MiB : m;
}

static char *size_text(int64_t bytes, char *buf)
{
	return oomt_format_size(bytes, buf, 32);
}

static void plan_add_step(struct oomt_swap_plan *p, enum oomt_swap_step_kind kind,
                          const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void plan_add_step(struct oomt_swap_plan *p, enum oomt_swap_step_kind kind,
                          const char *fmt, ...)
{
	struct oomt_swap_step *s;
	va_list ap;

	if (p->nsteps >= OOMT_SWAP_MAX_STEPS)
		return;
	s = &p->steps[p->nsteps++];
	s->kind = kind;
	s->why = step_why[kind];
	va_start(ap, fmt);
	vsnprintf(s->description, sizeof(s->description), fmt, ap);
	va_end(ap);
}

#define plan_warn(p, ...) OOMT_PLAN_WARN(p, __VA_ARGS__)

static int plan_refuse(struct oomt_swap_plan *p, enum oomt_swap_refusal code,
                       const char *check, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int plan_refuse(struct oomt_swap_plan *p, enum oomt_swap_refusal code,
                       const char *check, const char *hint, const char *fmt, ...)
{
	va_list ap;

	p->verdict = OOMT_SWAP_REFUSED;
	p->refusal = code;
	p->check = check;
	p->nsteps = 0;
	snprintf(p->hint, sizeof(p->hint), "%s", hint);
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
	return 0;
}

/* Refusals that apply to every action: root, the path itself, a writable fstab. */
static bool check_common(const struct oomt_swap_facts *f, const struct oomt_swap_request *r,
                         struct oomt_swap_plan *p)
{
	if (!f->is_root) {
		plan_refuse(p, OOMT_REFUSE_NOT_ROOT, "root", "run it as root: sudo oomtool swap-setup ...",
		            "swapon(2), swapoff(2) and writing /etc/fstab need root");
		return false;
	}
	switch (f->file_state) {
	case OOMT_SWAP_FILE_SYMLINK:
		plan_refuse(p, OOMT_REFUSE_PATH, "path", "give the path of the file itself",
		            "'%s' is a symbolic link: it is not followed, since a link can be pointed "
		            "at any file", r->path);
		return false;
	case OOMT_SWAP_FILE_NOT_REGULAR:
		plan_refuse(p, OOMT_REFUSE_PATH, "path", "choose another --path",
		            "'%s' exists and is not a regular file", r->path);
		return false;
	case OOMT_SWAP_FILE_DATA:
		plan_refuse(p, OOMT_REFUSE_PATH, "path",
		            "choose another --path, or remove the file yourself if it is not needed",
		            "'%s' exists and holds no swap signature: it is not overwritten or deleted",
		            r->path);
		return false;
	default:
		break;
	}
	if (f->fstab_too_big && r->persist) {
		plan_refuse(p, OOMT_REFUSE_FSTAB, "fstab", "check the file, or use --no-persist",
		            "fstab is larger than %d bytes: not an fstab this tool will rewrite",
		            OOMT_SWAP_FSTAB_MAX);
		return false;
	}
	return true;
}

/* Swapping an area off moves its used pages back into RAM: they must fit, with room left. */
static bool check_swapoff_fits(const struct oomt_swap_facts *f, const struct oomt_swap_request *r,
                               struct oomt_swap_plan *p)
{
	char a[32], b[32], c[32];
	int64_t reserve;

	if (!f->file_active || f->active_used_bytes <= 0)
		return true;
	if (f->mem_available_bytes == OOMT_UNKNOWN || f->mem_total_bytes == OOMT_UNKNOWN) {
		plan_refuse(p, OOMT_REFUSE_MEMORY, "memory", "check that /proc/meminfo is readable",
		            "'%s' holds %s of swapped-out memory and available RAM is unknown",
		            r->path, size_text(f->active_used_bytes, a));
		return false;
	}
	reserve = oomt_swap_ram_reserve(f->mem_total_bytes);
	if (f->active_used_bytes + reserve > f->mem_available_bytes) {
		plan_refuse(p, OOMT_REFUSE_MEMORY, "memory",
		            "free memory first (stop or restart the processes using it), or add "
		            "another swap area before removing this one",
		            "'%s' holds %s of swapped-out memory, but only %s of RAM is available "
		            "(MemAvailable) and %s must stay free: swapoff would push the machine into "
		            "the OOM killer", r->path, size_text(f->active_used_bytes, a),
		            size_text(f->mem_available_bytes, b), size_text(reserve, c));
		return false;
	}
	return true;
}

static bool check_filesystem(const struct oomt_swap_facts *f, const struct oomt_swap_request *r,
                             struct oomt_swap_plan *p, const struct oomt_swap_fs_info **ret)
{
	const struct oomt_swap_fs_info *fs;

	if (!f->fs_known) {
		plan_refuse(p, OOMT_REFUSE_FILESYSTEM, "filesystem", "check that the directory exists",
		            "cannot tell which filesystem holds '%s'", r->path);
		return false;
	}
	fs = oomt_swap_fs_lookup(f->fs_magic);
	p->fs_name = fs ? fs->name : NULL;
	if (!fs) {
		plan_refuse(p, OOMT_REFUSE_FILESYSTEM, "filesystem",
		            "put the swap file on ext4, xfs or btrfs, or use a partition or zram",
		            "'%s' is on a filesystem this tool does not know (f_type 0x%" PRIx64 "); "
		            "it only creates swap files where swap files are known to work", r->path,
		            f->fs_magic);
		return false;
	}
	if (fs->support == OOMT_SWAP_FS_NO) {
		plan_refuse(p, OOMT_REFUSE_FILESYSTEM, "filesystem",
		            "put the swap file on ext4, xfs or btrfs, or use a partition or zram",
		            "'%s' is on %s: %s", r->path, fs->name, fs->why_not);
		return false;
	}
	if (f->fs_readonly) {
		plan_refuse(p, OOMT_REFUSE_READONLY, "filesystem", "choose a path on a writable filesystem",
		            "the filesystem holding '%s' is mounted read-only", r->path);
		return false;
	}
	*ret = fs;
	return true;
}

static bool check_size(const struct oomt_swap_facts *f, struct oomt_swap_plan *p, bool resizing)
{
	char a[32], b[32], c[32], d[32];
	int64_t size_bytes = (int64_t)p->size_bytes;
	int64_t avail = f->fs_free_bytes + (resizing ? f->file_size_bytes : 0);

	if (p->size_bytes / f->page_size_bytes < MIN_PAGES) {
		plan_refuse(p, OOMT_REFUSE_SIZE, "size", "give a --size of at least 1M",
		            "%s is too small for a swap area (at least %d pages)",
		            size_text(size_bytes, a), MIN_PAGES);
		return false;
	}
	if (p->size_bytes / f->page_size_bytes - 1 > UINT32_MAX) {
		plan_refuse(p, OOMT_REFUSE_SIZE, "size", "give a smaller --size",
		            "%s is more pages than a swap header can count", size_text(size_bytes, a));
		return false;
	}
	p->margin_bytes = oomt_swap_margin(f->fs_size_bytes);
	if (size_bytes > avail - p->margin_bytes) {
		plan_refuse(p, OOMT_REFUSE_SPACE, "space",
		            "give a smaller --size, free space, or choose a path on another filesystem",
		            "%s would not leave %s free on a %s filesystem with %s available: a full "
		            "filesystem breaks whatever else writes there", size_text(size_bytes, a),
		            size_text(p->margin_bytes, b), size_text(f->fs_size_bytes, c),
		            size_text(avail, d));
		return false;
	}
	if (f->mem_total_bytes != OOMT_UNKNOWN) {
		if (size_bytes > 2 * f->mem_total_bytes)
			plan_warn(p, "%s is more than twice the RAM (%s): a machine that uses that much swap "
			          "spends its time waiting on the disk", size_text(size_bytes, a),
			          size_text(f->mem_total_bytes, b));
		else if (size_bytes < f->mem_total_bytes / 100)
			plan_warn(p, "%s is less than 1%% of the RAM (%s): too little to relieve memory "
			          "pressure much", size_text(size_bytes, a),
			          size_text(f->mem_total_bytes, b));
	}
	return true;
}

static void plan_create_steps(const struct oomt_swap_fs_info *fs,
                              const struct oomt_swap_request *r, uint64_t page_size,
                              struct oomt_swap_plan *p)
{
	char a[32];

	plan_add_step(p, OOMT_STEP_CREATE, "create '%s' with mode 0600", r->path);
	if (fs->support == OOMT_SWAP_FS_NOCOW) {
		plan_add_step(p, OOMT_STEP_NOCOW,
		              "mark the empty file NOCOW (chattr +C), not compressed");
		plan_add_step(p, OOMT_STEP_WRITE_ZEROS, "write %s of zeros",
		              size_text((int64_t)p->size_bytes, a));
	} else {
		plan_add_step(p, OOMT_STEP_FALLOCATE, "allocate %s with fallocate(2)",
		              size_text((int64_t)p->size_bytes, a));
	}
	plan_add_step(p, OOMT_STEP_VERIFY, "check that every block is allocated (no holes)");
	plan_add_step(p, OOMT_STEP_SIGNATURE, "write the swap header (%" PRIu64 " pages of %" PRIu64
	              " bytes)", p->size_bytes / page_size, page_size);
}

static void plan_persistence(const struct oomt_swap_facts *f, const struct oomt_swap_request *r,
                             struct oomt_swap_plan *p)
{
	char opts[32] = "sw";

	if (r->priority >= 0)
		snprintf(opts, sizeof(opts), "sw,pri=%d", r->priority);
	if (r->persist && !f->fstab_has_entry)
		plan_add_step(p, OOMT_STEP_FSTAB_ADD, "add '%s none swap %s 0 0' to fstab", r->path,
		              opts);
	if (r->swappiness >= 0 && f->swappiness_absent)
		plan_warn(p, "there is no proc/sys/vm/swappiness under the sysroot: vm.swappiness %s",
		          r->persist ? "is only persisted, for the next boot"
		                     : "is left alone (without --no-persist it would be persisted)");
	else if (r->swappiness >= 0 && f->swappiness < 0)
		plan_add_step(p, OOMT_STEP_SWAPPINESS, "set vm.swappiness to %d", r->swappiness);
	else if (r->swappiness >= 0 && f->swappiness != r->swappiness)
		plan_add_step(p, OOMT_STEP_SWAPPINESS, "set vm.swappiness from %d to %d",
		              f->swappiness, r->swappiness);
	if (r->swappiness >= 0 && r->persist && !f->sysctl_conf_current)
		plan_add_step(p, OOMT_STEP_SYSCTL_PERSIST, "write vm.swappiness = %d to /%s",
		              r->swappiness, OOMT_SYSCTL_CONF_FILE);
}

static int plan_setup(const struct oomt_swap_facts *f, const struct oomt_swap_request *r,
                      struct oomt_swap_plan *p)
{
	const struct oomt_swap_fs_info *fs = NULL;
	char a[32], b[32];
	bool recreate = false;

	if (!check_common(f, r, p) || !check_filesystem(f, r, p, &fs))
		return 0;
	if (f->file_state == OOMT_SWAP_FILE_SWAP &&
	    (uint64_t)f->file_size_bytes != p->size_bytes) {
		if (r->action != OOMT_SWAP_RESIZE)
			return plan_refuse(p, OOMT_REFUSE_OTHER_SIZE, "size",
			                   "add --resize to swap it off, re-create it at the new size and "
			                   "swap it on again",
			                   "'%s' is already a swap file of %s, not %s", r->path,
			                   size_text(f->file_size_bytes, a), size_text((int64_t)p->size_bytes, b));
		if (!check_swapoff_fits(f, r, p))
			return 0;
		recreate = true;
	}
	if (f->file_state == OOMT_SWAP_FILE_ABSENT || recreate) {
		if (!check_size(f, p, recreate))
			return 0;
		if (recreate && f->file_active)
			plan_add_step(p, OOMT_STEP_SWAPOFF, "swap off '%s' (%s in use)", r->path,
			              size_text(f->active_used_bytes, a));
		if (recreate)
			plan_add_step(p, OOMT_STEP_UNLINK, "delete the %s swap file '%s'",
			              size_text(f->file_size_bytes, a), r->path);
		plan_create_steps(fs, r, f->page_size_bytes, p);
	} else if ((f->file_mode & 07777) != 0600) {
		plan_add_step(p, OOMT_STEP_CHMOD, "change the mode of '%s' from %04o to 0600", r->path,
		              f->file_mode & 07777);
	}
	if ((!f->file_active || recreate) && r->priority >= 0)
		plan_add_step(p, OOMT_STEP_SWAPON, "swapon '%s' with priority %d", r->path, r->priority);
	else if (!f->file_active || recreate)
		plan_add_step(p, OOMT_STEP_SWAPON, "swapon '%s' (the kernel picks the priority)",
		              r->path);
	if (r->persist && f->etc_readonly && (!f->fstab_has_entry ||
	    (r->swappiness >= 0 && !f->sysctl_conf_current)))
		return plan_refuse(p, OOMT_REFUSE_READONLY, "fstab",
		                   "use --no-persist, or --sysroot DIR on a writable tree",
		                   "the directory holding fstab is on a read-only mount");
	plan_persistence(f, r, p);
	p->verdict = p->nsteps ? OOMT_SWAP_READY : OOMT_SWAP_DONE;
	return 0;
}

static int plan_remove(const struct oomt_swap_facts *f, const struct oomt_swap_request *r,
                       struct oomt_swap_plan *p)
{
	char a[32];

	if (!check_common(f, r, p) || !check_swapoff_fits(f, r, p))
		return 0;
	if (f->fstab_has_entry && f->etc_readonly)
		return plan_refuse(p, OOMT_REFUSE_READONLY, "fstab", "remount it read-write first",
		                   "the directory holding fstab is on a read-only mount");
	/* Reversible steps first, so that a failure can put everything back: the fstab line
	 * (old text kept), swapoff (swapon again), and the one step that cannot be undone,
	 * deleting the file, last. */
	if (f->fstab_has_entry)
		plan_add_step(p, OOMT_STEP_FSTAB_REMOVE, "remove the fstab line for '%s'", r->path);
	if (f->file_active)
		plan_add_step(p, OOMT_STEP_SWAPOFF, "swap off '%s' (%s in use)", r->path,
		              size_text(f->active_used_bytes, a));
	if (f->file_state == OOMT_SWAP_FILE_SWAP) {
		plan_add_step(p, OOMT_STEP_UNLINK, "delete '%s'", r->path);
		p->steps[p->nsteps - 1].why =
			"the file is no longer needed; deleting it is the one step that cannot be "
			"undone, so it comes last";
	}
	p->verdict = p->nsteps ? OOMT_SWAP_READY : OOMT_SWAP_DONE;
	return 0;
}

static int plan_for(const struct oomt_swap_facts *f, const struct oomt_swap_request *r,
                    struct oomt_swap_plan *p)
{
	uint64_t ps = f->page_size_bytes;

	p->action = r->action;
	p->priority = r->priority;
	p->swappiness = r->swappiness;
	p->persist = r->persist;
	p->page_size_bytes = ps;
	snprintf(p->path, sizeof(p->path), "%s", r->path);
	if (r->action == OOMT_SWAP_REMOVE)
		return plan_remove(f, r, p);
	if (r->size_bytes > UINT64_MAX - ps)
		return -EINVAL;
	p->size_bytes = (r->size_bytes + ps - 1) / ps * ps;
	return plan_setup(f, r, p);
}

int oomt_swap_plan_compute(const struct oomt_swap_facts *f, const struct oomt_swap_request *r,
                           struct oomt_swap_plan **ret)
{
	struct oomt_swap_plan *p;
	uint64_t ps;
	int err;

	if (oomt_struct_size_check(f, OOMT_SWAP_FACTS_SIZE_V1) < 0 ||
	    oomt_struct_size_check(r, OOMT_SWAP_REQUEST_SIZE_V1) < 0)
		return -EINVAL;
	ps = f->page_size_bytes;
	if (!r->path || r->path[0] != '/' || strlen(r->path) >= OOMT_SWAP_PATH_MAX || ps < 4096 ||
	    (ps & (ps - 1)) || r->priority > 32767 || r->swappiness > 200 ||
	    (unsigned)r->action > OOMT_SWAP_REMOVE)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	err = plan_for(f, r, p);
	if (err < 0) {
		free(p);
		return err;
	}
	*ret = p;
	return 0;
}

void oomt_swap_plan_free(struct oomt_swap_plan *p)
{
	free(p);
}
