/* SPDX-License-Identifier: MIT */
/*
 * Running a swap plan: one executor per step (lib/swap/exec.c), and, when a step fails,
 * undoing in reverse order what this run did. What cannot be undone (a deleted file) is
 * written into run->state for the user.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <oomtool/system.h>
#include "common.h"
#include "swap-setup.h"

#define SWAP_LABEL "oomtool"

struct ctx {
	const struct swap_opts *o;
	const struct oomt_swap_plan *p;
	struct swap_run *run;
	int fd;
	bool created, swapped_on, swapped_off, unlinked_old;
	char fstab[PATH_MAX], bak[PATH_MAX], sysctl[PATH_MAX];
	char *fstab_old, *sysctl_old;
	size_t fstab_old_len, sysctl_old_len;
	bool fstab_existed, fstab_changed, sysctl_existed, sysctl_changed;
	int old_swappiness;
	bool swappiness_changed;
};

static const char *const status_names[] = {
	[STEP_PLANNED] = "planned", [STEP_DONE] = "done", [STEP_FAILED] = "failed",
	[STEP_UNDONE] = "undone", [STEP_NOT_RUN] = "not-run",
};

const char *swap_step_status_name(enum step_status s)
{
	return status_names[s];
}

/* Read an /etc file that may not exist yet: a missing file is an empty text. */
static int read_optional(const char *path, size_t max, char **buf, size_t *len, bool *existed)
{
	int r = oomt_swap_read_small(path, max, buf, len);

	*existed = r == 0;
	if (r == -ENOENT) {
		*buf = strdup("");
		*len = 0;
		return *buf ? 0 : -ENOMEM;
	}
	return r;
}

static int step_fstab(struct ctx *c, bool add)
{
	char *out = NULL;
	size_t out_len = 0, removed = 0;
	int r;

	c->run->err_object = c->fstab;
	r = read_optional(c->fstab, OOMT_SWAP_FSTAB_MAX, &c->fstab_old, &c->fstab_old_len,
	                  &c->fstab_existed);
	if (r < 0)
		return r;
	if (add)
		r = oomt_fstab_add_swap(c->fstab_old, c->fstab_old_len, c->o->path, c->o->priority,
		                        &out, &out_len);
	else
		r = oomt_fstab_remove_swap(c->fstab_old, c->fstab_old_len, c->o->path, &out,
		                           &out_len, &removed);
	if (r == -EEXIST || (r == 0 && !add && removed == 0)) {
		free(out);
		return 0;       /* someone else did it meanwhile: nothing to write */
	}
	if (r < 0)
		return r;
	if (c->fstab_existed) {
		c->run->err_object = c->bak;
		r = oomt_swap_write_atomic(c->bak, c->fstab_old, c->fstab_old_len, 0644);
	}
	if (r == 0) {
		c->run->err_object = c->fstab;
		r = oomt_swap_write_atomic(c->fstab, out, out_len, 0644);
		c->fstab_changed = r == 0;
	}
	free(out);
	return r;
}

static int step_sysctl(struct ctx *c)
{
	char text[128], dir[PATH_MAX];
	int r;

	c->run->err_object = c->sysctl;
	r = oomt_swap_sysctl_text(c->o->swappiness, text, sizeof(text));
	if (r < 0)
		return r;
	r = read_optional(c->sysctl, 4096, &c->sysctl_old, &c->sysctl_old_len, &c->sysctl_existed);
	if (r < 0)
		return r;
	if (oomt_swap_join(c->o->root, "etc/sysctl.d", dir, sizeof(dir)) == 0 &&
	    mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	r = oomt_swap_write_atomic(c->sysctl, text, strlen(text), 0644);
	c->sysctl_changed = r == 0;
	return r;
}

static int step_swappiness(struct ctx *c)
{
	int r;

	c->run->err_object = "/proc/sys/vm/swappiness";
	r = oomt_swap_swappiness_read("/proc", &c->old_swappiness);
	if (r < 0)
		return r;
	r = oomt_swap_swappiness_write("/proc", c->o->swappiness);
	c->swappiness_changed = r == 0;
	return r;
}

static int step_chmod(struct ctx *c)
{
	int fd = open(c->o->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0600) < 0)
		r = -errno;
	close(fd);
	return r;
}

static int run_step(struct ctx *c, const struct oomt_swap_step *s)
{
	uint64_t size = c->p->size_bytes;
	int r;

	c->run->err_object = c->o->path;
	switch (s->kind) {
	case OOMT_STEP_SWAPOFF:
		r = oomt_swap_disable(c->o->path);
		c->swapped_off = r == 0;
		return r;
	case OOMT_STEP_UNLINK:
		r = unlink(c->o->path) < 0 ? -errno : 0;
		c->unlinked_old = r == 0;
		return r;
	case OOMT_STEP_CREATE:
		r = oomt_swap_file_create(c->o->path, &c->fd);
		c->created = r == 0;
		return r;
	case OOMT_STEP_NOCOW:
		return oomt_swap_file_set_nocow(c->fd);
	case OOMT_STEP_FALLOCATE:
		return oomt_swap_file_fallocate(c->fd, size);
	case OOMT_STEP_WRITE_ZEROS:
		return oomt_swap_file_write_zeros(c->fd, size, &swap_cancel);
	case OOMT_STEP_VERIFY:
		return oomt_swap_file_verify(c->fd, size);
	case OOMT_STEP_SIGNATURE:
		return oomt_swap_file_write_signature(c->fd, size, (size_t)oomt_page_size(),
		                                      SWAP_LABEL);
	case OOMT_STEP_CHMOD:
		return step_chmod(c);
	case OOMT_STEP_SWAPON:
		r = oomt_swap_enable(c->fd, c->o->path, c->o->priority);
		c->swapped_on = r == 0;
		return r;
	case OOMT_STEP_FSTAB_ADD:
		return step_fstab(c, true);
	case OOMT_STEP_FSTAB_REMOVE:
		return step_fstab(c, false);
	case OOMT_STEP_SWAPPINESS:
		return step_swappiness(c);
	case OOMT_STEP_SYSCTL_PERSIST:
		return step_sysctl(c);
	}
	return -EINVAL;
}

static void note(struct swap_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct swap_run *run, const char *fmt, ...)
{
	size_t n = strlen(run->state);
	va_list ap;

	if (n < sizeof(run->state) - 1) {
		va_start(ap, fmt);
		vsnprintf(run->state + n, sizeof(run->state) - n, fmt, ap);
		va_end(ap);
	}
	run->undo_complete = false;
}

static void restore_file(struct swap_run *run, const char *path, bool existed, const char *old,
                         size_t len)
{
	int r = existed ? oomt_swap_write_atomic(path, old, len, 0644)
	                : (unlink(path) < 0 ? -errno : 0);

	if (r < 0)
		note(run, "'%s' could not be restored (the previous text is in the .oomtool.bak "
		     "file); ", path);
}

/* Undo in reverse order of the steps. */
static void undo(struct ctx *c)
{
	struct swap_run *run = c->run;

	run->undo_complete = true;
	if (c->sysctl_changed)
		restore_file(run, c->sysctl, c->sysctl_existed, c->sysctl_old, c->sysctl_old_len);
	if (c->swappiness_changed && oomt_swap_swappiness_write("/proc", c->old_swappiness) < 0)
		note(run, "vm.swappiness stays at the new value; ");
	if (c->fstab_changed)
		restore_file(run, c->fstab, c->fstab_existed, c->fstab_old, c->fstab_old_len);
	if (c->swapped_on && oomt_swap_disable(c->o->path) < 0)
		note(run, "'%s' is still active swap; run 'swapoff %s' and delete it; ", c->o->path,
		     c->o->path);
	if (c->created) {
		close(c->fd);
		c->fd = -1;
		if (unlink(c->o->path) < 0 && errno != ENOENT)
			note(run, "the half-made file '%s' could not be deleted: delete it; ",
			     c->o->path);
	}
	if (c->swapped_off && !c->unlinked_old && oomt_swap_enable(-1, c->o->path, -1) < 0)
		note(run, "'%s' was swapped off and could not be swapped on again; ", c->o->path);
	if (c->unlinked_old && !c->created)
		note(run, "the old swap file '%s' was deleted before the failure and no swap is "
		     "active at that path now; run the command again", c->o->path);
	else if (c->unlinked_old)
		note(run, "the old swap file '%s' was deleted before the failure; no swap is active "
		     "at that path now; run the command again", c->o->path);
}

/* After undo: which earlier steps stay in effect. */
static enum step_status undone_status(const struct ctx *c, enum oomt_swap_step_kind k)
{
	if (k == OOMT_STEP_CHMOD || k == OOMT_STEP_UNLINK)
		return STEP_DONE;    /* a tighter mode is kept; a deleted file stays deleted */
	if (k == OOMT_STEP_SWAPOFF && c->unlinked_old)
		return STEP_DONE;
	return STEP_UNDONE;
}

int swap_apply(const struct swap_opts *o, const struct oomt_swap_plan *p, struct swap_run *run)
{
	struct ctx c = { .o = o, .p = p, .run = run, .fd = -1 };
	size_t i;

	memset(run, 0, sizeof(*run));
	oomt_swap_join(o->root, "etc/fstab", c.fstab, sizeof(c.fstab));
	oomt_swap_join(o->root, "etc/fstab.oomtool.bak", c.bak, sizeof(c.bak));
	oomt_swap_join(o->root, OOMT_SWAP_SYSCTL_FILE, c.sysctl, sizeof(c.sysctl));
	for (i = 0; i < p->nsteps; i++) {
		int r = swap_cancel ? -EINTR : run_step(&c, &p->steps[i]);

		if (r < 0) {
			run->err = r;
			run->failed_step = i;
			run->status[i] = STEP_FAILED;
			break;
		}
		run->status[i] = STEP_DONE;
	}
	if (run->err < 0) {
		for (size_t j = i + 1; j < p->nsteps; j++)
			run->status[j] = STEP_NOT_RUN;
		undo(&c);
		for (size_t j = 0; j < i; j++)
			run->status[j] = undone_status(&c, p->steps[j].kind);
	}
	if (c.fd >= 0)
		close(c.fd);
	free(c.fstab_old);
	free(c.sysctl_old);
	return run->err;
}
