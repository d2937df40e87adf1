/* SPDX-License-Identifier: MIT */
/* The cheap pass of the top-mem snapshot over /proc; see process-pass.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "source/record.h"
#include "proc/process-pass.h"

static bool pid_wanted(const struct oomt_proc_pass_opts *o, int pid)
{
	if (!o->pids)
		return true;
	for (size_t i = 0; i < o->npids; i++)
		if (o->pids[i] == pid)
			return true;
	return false;
}

static bool in_subtree(const char *path, const char *top)
{
	size_t n = strlen(top);

	while (n > 1 && top[n - 1] == '/')
		n--;
	if (n == 1 && top[0] == '/')
		return true;
	return strncmp(path, top, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Either path counts: --cgroup names a v1 memory or a v2 path, as the user saw it. */
static int cgroup_matches(int procfd, int pid, const char *top)
{
	struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
	int r = oomt_proc_read_cgroup(procfd, pid, &cg);

	if (r < 0)
		return r;
	return (cg.v1_memory[0] && in_subtree(cg.v1_memory, top)) ||
	       (cg.v2[0] && in_subtree(cg.v2, top));
}

static int pass_push(struct oomt_proc_pass *pass, const struct oomt_topmem_proc *p)
{
	if (pass->n == pass->cap) {
		size_t cap = pass->cap ? pass->cap * 2 : 1024;
		void *procs = realloc(pass->procs, cap * sizeof(*pass->procs));
		if (!procs)
			return -ENOMEM;
		pass->procs = procs;
		pass->cap = cap;
	}
	pass->procs[pass->n++] = *p;
	return 0;
}

/* 1 = keep p, 0 = skip, <0 = vanished/unreadable (counted by the caller). */
static int pass_one(int procfd, const struct oomt_proc_pass_opts *o, int pid,
                    struct oomt_topmem_proc *p)
{
	int r;

	*p = (struct oomt_topmem_proc){ .pid = pid, .uid = OOMT_UNKNOWN, .pss_bytes = OOMT_UNKNOWN,
	                                .swap_bytes = OOMT_UNKNOWN, .oom_score = OOMT_UNKNOWN,
	                                .growth_bytes_per_min = OOMT_UNKNOWN };
	if ((r = oomt_proc_read_statm(procfd, pid, &p->rss_bytes)) < 0)
		return r;
	if (o->want_status || o->uid != OOMT_UNKNOWN) {
		struct oomt_proc_status st = { .struct_size = sizeof(st) };
		if ((r = oomt_proc_read_status(procfd, pid, &st)) < 0)
			return r;
		if (st.euid == OOMT_UNKNOWN)
			return -ENODATA;  /* not a status file the kernel writes */
		p->uid = st.euid;
		p->swap_bytes = st.vmswap_bytes == OOMT_UNKNOWN ? 0 : st.vmswap_bytes;
		if (o->uid != OOMT_UNKNOWN && st.euid != o->uid)
			return 0;
	}
	if (o->cgroup && (r = cgroup_matches(procfd, pid, o->cgroup)) <= 0)
		return r;
	if (o->want_oom_score && (r = oomt_proc_read_oom_score(procfd, pid, &p->oom_score)) < 0)
		return r;
	return 1;
}

int oomt_proc_pass_run(int procfd, const struct oomt_proc_pass_opts *o,
                       struct oomt_proc_pass *pass)
{
	struct oomt_proc_iter *it;
	int pid, r;

	pass->n = pass->vanished = pass->unreadable = 0;
	if ((r = oomt_proc_iter_new(procfd, &it)) < 0)
		return r;
	while ((r = oomt_proc_iter_next(it, &pid)) == 0) {
		struct oomt_topmem_proc p;

		if (!pid_wanted(o, pid))
			continue;
		r = pass_one(procfd, o, pid, &p);
		if (oomt_proc_is_vanished(r) || r == -ENODATA)
			pass->vanished++;
		else if (r < 0)
			pass->unreadable++;
		else if (r > 0 && (r = pass_push(pass, &p)) < 0)
			break;
	}
	oomt_proc_iter_free(it);
	return r < 0 ? r : 0;
}

void oomt_proc_pass_done(struct oomt_proc_pass *pass)
{
	free(pass->procs);
	memset(pass, 0, sizeof(*pass));
}

int oomt_proc_pass_read_pss(void *procfd_ptr, struct oomt_topmem_proc *p)
{
	struct oomt_proc_rollup ru = { .struct_size = sizeof(ru) };
	int r = oomt_proc_read_smaps_rollup(*(int *)procfd_ptr, p->pid, &ru);

	if (oomt_proc_is_vanished(r))
		return r;
	if (r < 0) {  /* EACCES (not ours, not root), ENODATA (odd file): unknown, not 0 */
		p->pss_bytes = OOMT_UNKNOWN;
		p->pss_err = r;
		return 0;
	}
	p->pss_bytes = ru.pss_bytes;
	return 0;
}
