/* SPDX-License-Identifier: MIT */
/*
 * Running a swap plan: one executor per step (exec.c, sysctl.c), and, when a step fails,
 * undoing in reverse order what this run did. What cannot be undone (a deleted file, an
 * undo that failed in turn) is returned as leftovers; the caller words them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <oomtool/swap.h>
#include <oomtool/sysctl.h>
#include "swap/exec.h"
#include "swap/fstab.h"
#include "swap/swap-internal.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"
#include "util/file.h"

#define SWAP_LABEL "oomtool"
#define SWAPPINESS_KEY "vm.swappiness"
#define FSTAB_BACKUP "etc/fstab.oomtool.bak"

/* One run of oomt_swap_apply: what it did so far, for the undo. */
struct swap_apply_run {
	const struct oomt_swap_plan *plan;
	const char *sysroot;
	const volatile sig_atomic_t *cancel;
	const struct oomt_swap_apply_hooks *hooks;
	struct oomt_swap_result *result;
	struct oomt_sysctl_change *sysctl;
	int fd;
	bool created, swapped_on, swapped_off, unlinked_old;
	bool swappiness_changed, sysctl_persisted;
	char fstab[PATH_MAX], fstab_backup[PATH_MAX];
	char *fstab_old, *backup_old;
	size_t fstab_old_len, backup_old_len;
	bool fstab_existed, fstab_changed, backup_existed, backup_written;
	/* what the undo could not put back */
	bool left_fstab, left_sysctl_file, left_swappiness, left_active, left_partial_file,
	     left_swapped_off;
};

static const char *const step_status_names[] = {
	[OOMT_SWAP_STEP_PLANNED] = "planned", [OOMT_SWAP_STEP_DONE] = "done",
	[OOMT_SWAP_STEP_FAILED] = "failed", [OOMT_SWAP_STEP_UNDONE] = "undone",
	[OOMT_SWAP_STEP_NOT_RUN] = "not-run",
};

const char *oomt_swap_step_status_name(enum oomt_swap_step_status s)
{
	if ((size_t)s >= sizeof(step_status_names) / sizeof(step_status_names[0]))
		return "?";
	return step_status_names[s];
}

static void set_object(struct swap_apply_run *run, const char *object)
{
	snprintf(run->result->err_object, sizeof(run->result->err_object), "%s", object);
}

/* What a step works on, for the error message: the file, or the setting's file. */
static void step_object(struct swap_apply_run *run, enum oomt_swap_step_kind k)
{
	char path[PATH_MAX];

	switch (k) {
	case OOMT_STEP_FSTAB_ADD:
	case OOMT_STEP_FSTAB_REMOVE:
		set_object(run, run->fstab);
		break;
	case OOMT_STEP_SWAPPINESS:
		oomt_sysroot_join(run->sysroot, "proc/sys/vm/swappiness", path, sizeof(path));
		set_object(run, path);
		break;
	case OOMT_STEP_SYSCTL_PERSIST:
		oomt_sysroot_join(run->sysroot, OOMT_SYSCTL_CONF_FILE, path, sizeof(path));
		set_object(run, path);
		break;
	default:
		set_object(run, run->plan->path);
		break;
	}
}

static int kernel_enable(const struct swap_apply_run *run, int fd, int priority)
{
	const struct oomt_swap_apply_hooks *h = run->hooks;

	if (h && h->enable)
		return h->enable(h->userdata, fd, run->plan->path, priority);
	return oomt_swap_enable(fd, run->plan->path, priority);
}

static int kernel_disable(const struct swap_apply_run *run)
{
	const struct oomt_swap_apply_hooks *h = run->hooks;

	if (h && h->disable)
		return h->disable(h->userdata, run->plan->path);
	return oomt_swap_disable(run->plan->path);
}

static int step_fstab(struct swap_apply_run *run, bool add)
{
	const struct oomt_swap_plan *p = run->plan;
	char *out = NULL;
	size_t out_len = 0, removed = 0;
	int r;

	r = oomt_file_read_optional(run->fstab, OOMT_SWAP_FSTAB_MAX, &run->fstab_old,
	                            &run->fstab_old_len, &run->fstab_existed);
	if (r < 0)
		return r;
	if (add)
		r = oomt_fstab_add_swap(run->fstab_old, run->fstab_old_len, p->path, p->priority,
		                        &out, &out_len);
	else
		r = oomt_fstab_remove_swap(run->fstab_old, run->fstab_old_len, p->path, &out,
		                           &out_len, &removed);
	if (r == -EEXIST || (r == 0 && !add && removed == 0)) {
		free(out);
		return 0;       /* someone else did it meanwhile: nothing to write */
	}
	if (r < 0)
		return r;
	if (run->fstab_existed) {
		/* the backup is part of this step's change: what it replaces is kept too */
		set_object(run, run->fstab_backup);
		r = oomt_file_read_optional(run->fstab_backup, OOMT_SWAP_FSTAB_MAX, &run->backup_old,
		                            &run->backup_old_len, &run->backup_existed);
		if (r == 0)
			r = oomt_file_write_atomic(run->fstab_backup, run->fstab_old,
			                           run->fstab_old_len, 0644);
		run->backup_written = r == 0;
	}
	if (r == 0) {
		step_object(run, OOMT_STEP_FSTAB_ADD);
		r = oomt_file_write_atomic(run->fstab, out, out_len, 0644);
		run->fstab_changed = r == 0;
	}
	free(out);
	return r;
}

static int step_swappiness(struct swap_apply_run *run, bool persist)
{
	char value[16];
	int r;

	snprintf(value, sizeof(value), "%d", run->plan->swappiness);
	if (persist) {
		r = oomt_sysctl_change_persist(run->sysctl, SWAPPINESS_KEY, value);
		run->sysctl_persisted |= r == 0;
		return r;
	}
	r = oomt_sysctl_change_write(run->sysctl, SWAPPINESS_KEY, value);
	run->swappiness_changed |= r == 0;
	return r;
}

static int step_chmod(struct swap_apply_run *run)
{
	int fd = open(run->plan->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0600) < 0)
		r = -errno;
	close(fd);
	return r;
}

static int run_step(struct swap_apply_run *run, const struct oomt_swap_step *s)
{
	const struct oomt_swap_plan *p = run->plan;
	int r;

	switch (s->kind) {
	case OOMT_STEP_SWAPOFF:
		r = kernel_disable(run);
		run->swapped_off = r == 0;
		return r;
	case OOMT_STEP_UNLINK:
		r = unlink(p->path) < 0 ? -errno : 0;
		run->unlinked_old = r == 0;
		return r;
	case OOMT_STEP_CREATE:
		r = oomt_swap_file_create(p->path, &run->fd);
		run->created = r == 0;
		return r;
	case OOMT_STEP_NOCOW:
		return oomt_swap_file_set_nocow(run->fd);
	case OOMT_STEP_FALLOCATE:
		return oomt_swap_file_fallocate(run->fd, p->size_bytes);
	case OOMT_STEP_WRITE_ZEROS:
		return oomt_swap_file_write_zeros(run->fd, p->size_bytes, run->cancel);
	case OOMT_STEP_VERIFY:
		return oomt_swap_file_verify(run->fd, p->size_bytes);
	case OOMT_STEP_SIGNATURE:
		return oomt_swap_file_write_signature(run->fd, p->size_bytes,
		                                      (size_t)p->page_size_bytes, SWAP_LABEL);
	case OOMT_STEP_CHMOD:
		return step_chmod(run);
	case OOMT_STEP_SWAPON:
		r = kernel_enable(run, run->fd, p->priority);
		run->swapped_on = r == 0;
		return r;
	case OOMT_STEP_FSTAB_ADD:
		return step_fstab(run, true);
	case OOMT_STEP_FSTAB_REMOVE:
		return step_fstab(run, false);
	case OOMT_STEP_SWAPPINESS:
		return step_swappiness(run, false);
	case OOMT_STEP_SYSCTL_PERSIST:
		return step_swappiness(run, true);
	}
	return -EINVAL;
}

/* The step with the test seam around it. */
static int run_step_hooked(struct swap_apply_run *run, size_t i)
{
	const struct oomt_swap_step *s = &run->plan->steps[i];
	const struct oomt_swap_apply_hooks *h = run->hooks;
	int r;

	step_object(run, s->kind);
	if (run->cancel && *run->cancel)
		return -EINTR;
	if (h && h->step && (r = h->step(h->userdata, i, s->kind, false)) < 0)
		return r;
	r = run_step(run, s);
	if (r == 0 && h && h->step)
		r = h->step(h->userdata, i, s->kind, true);
	return r;
}

static void leftover_add(struct swap_apply_run *run, enum oomt_swap_leftover_kind kind,
                         int err, const char *object)
{
	struct oomt_swap_result *res = run->result;
	struct oomt_swap_leftover *l;

	res->undo_complete = false;
	if (res->nleftovers >= OOMT_SWAP_MAX_LEFTOVERS)
		return;
	l = &res->leftovers[res->nleftovers++];
	l->kind = kind;
	l->err = err;
	snprintf(l->object, sizeof(l->object), "%s", object);
}

static void undo_settings(struct swap_apply_run *run)
{
	char path[PATH_MAX];
	int r;

	if (run->sysctl_persisted && (r = oomt_sysctl_change_undo_persist(run->sysctl)) < 0) {
		oomt_sysroot_join(run->sysroot, OOMT_SYSCTL_CONF_FILE, path, sizeof(path));
		leftover_add(run, OOMT_SWAP_LEFT_SYSCTL_FILE, r, path);
		run->left_sysctl_file = true;
	}
	if (run->swappiness_changed && (r = oomt_sysctl_change_undo_writes(run->sysctl)) < 0) {
		oomt_sysroot_join(run->sysroot, "proc/sys/vm/swappiness", path, sizeof(path));
		leftover_add(run, OOMT_SWAP_LEFT_SWAPPINESS, r, path);
		run->left_swappiness = true;
	}
	if (run->fstab_changed && (r = oomt_file_restore(run->fstab, run->fstab_existed,
	                                                 run->fstab_old, run->fstab_old_len)) < 0) {
		leftover_add(run, OOMT_SWAP_LEFT_FSTAB, r, run->fstab);
		run->left_fstab = true;
	}
	/* the backup too, unless it holds the text fstab could not be given back */
	if (run->backup_written && !run->left_fstab)
		(void)oomt_file_restore(run->fstab_backup, run->backup_existed, run->backup_old,
		                        run->backup_old_len);
}

/* Undo in reverse order of the steps. */
static void undo_run(struct swap_apply_run *run)
{
	const char *path = run->plan->path;
	int r;

	run->result->undo_complete = true;
	undo_settings(run);
	if (run->swapped_on && (r = kernel_disable(run)) < 0) {
		leftover_add(run, OOMT_SWAP_LEFT_ACTIVE, r, path);
		run->left_active = true;
	}
	if (run->created) {
		close(run->fd);
		run->fd = -1;
		if (unlink(path) < 0 && errno != ENOENT) {
			leftover_add(run, OOMT_SWAP_LEFT_PARTIAL_FILE, -errno, path);
			run->left_partial_file = true;
		}
	}
	if (run->swapped_off && !run->unlinked_old && (r = kernel_enable(run, -1, -1)) < 0) {
		leftover_add(run, OOMT_SWAP_LEFT_SWAPPED_OFF, r, path);
		run->left_swapped_off = true;
	}
	if (run->unlinked_old)
		leftover_add(run, OOMT_SWAP_LEFT_OLD_DELETED, 0, path);
}

/* After the undo: whether a step that ran stays in effect. */
static enum oomt_swap_step_status undone_status(const struct swap_apply_run *run,
                                                enum oomt_swap_step_kind k)
{
	bool kept;

	switch (k) {
	case OOMT_STEP_CHMOD:
	case OOMT_STEP_UNLINK:
		kept = true;     /* a tighter mode is kept; a deleted file stays deleted */
		break;
	case OOMT_STEP_SWAPOFF:
		kept = run->unlinked_old || run->left_swapped_off;
		break;
	case OOMT_STEP_SWAPON:
		kept = run->left_active;
		break;
	case OOMT_STEP_FSTAB_ADD:
	case OOMT_STEP_FSTAB_REMOVE:
		kept = run->left_fstab;
		break;
	case OOMT_STEP_SWAPPINESS:
		kept = run->left_swappiness;
		break;
	case OOMT_STEP_SYSCTL_PERSIST:
		kept = run->left_sysctl_file;
		break;
	default:             /* create .. signature: the file */
		kept = run->left_partial_file;
		break;
	}
	return kept ? OOMT_SWAP_STEP_DONE : OOMT_SWAP_STEP_UNDONE;
}

static void run_steps(struct swap_apply_run *run)
{
	const struct oomt_swap_plan *p = run->plan;
	struct oomt_swap_result *res = run->result;
	size_t i;

	for (i = 0; i < p->nsteps; i++) {
		int r = run_step_hooked(run, i);

		if (r < 0) {
			res->err = r;
			res->failed_step = i;
			res->status[i] = OOMT_SWAP_STEP_FAILED;
			break;
		}
		res->status[i] = OOMT_SWAP_STEP_DONE;
	}
	if (res->err == 0)
		return;
	for (size_t j = i + 1; j < p->nsteps; j++)
		res->status[j] = OOMT_SWAP_STEP_NOT_RUN;
	undo_run(run);
	for (size_t j = 0; j < i; j++)
		res->status[j] = undone_status(run, p->steps[j].kind);
}

int oomt_swap_apply_hooked(const struct oomt_swap_plan *plan,
                           const struct oomt_swap_apply_opts *opts,
                           const struct oomt_swap_apply_hooks *hooks,
                           struct oomt_swap_result **ret)
{
	struct swap_apply_run run = { .plan = plan, .hooks = hooks, .fd = -1 };
	int r;

	if (!plan || plan->verdict == OOMT_SWAP_REFUSED || plan->nsteps > OOMT_SWAP_MAX_STEPS ||
	    (opts && oomt_struct_size_check(opts, OOMT_SWAP_APPLY_OPTS_SIZE_V1) < 0))
		return -EINVAL;
	if (opts) {
		run.sysroot = opts->sysroot;
		run.cancel = opts->cancel;
	}
	if (oomt_sysroot_join(run.sysroot, "etc/fstab", run.fstab, sizeof(run.fstab)) < 0 ||
	    oomt_sysroot_join(run.sysroot, FSTAB_BACKUP, run.fstab_backup,
	                      sizeof(run.fstab_backup)) < 0)
		return -ENAMETOOLONG;
	run.result = calloc(1, sizeof(*run.result));
	if (!run.result)
		return -ENOMEM;
	r = oomt_sysctl_change_new(run.sysroot, &run.sysctl);
	if (r < 0) {
		free(run.result);
		return r;
	}
	run.result->nsteps = plan->nsteps;
	run_steps(&run);
	if (run.fd >= 0)
		close(run.fd);
	free(run.fstab_old);
	free(run.backup_old);
	oomt_sysctl_change_free(run.sysctl);
	*ret = run.result;
	return 0;
}

int oomt_swap_apply(const struct oomt_swap_plan *plan, const struct oomt_swap_apply_opts *opts,
                    struct oomt_swap_result **ret)
{
	return oomt_swap_apply_hooked(plan, opts, NULL, ret);
}

void oomt_swap_result_free(struct oomt_swap_result *r)
{
	free(r);
}
