/* SPDX-License-Identifier: MIT */
/* The cheap pass of top-mem over /proc, and the per-row details. See proc-scan.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/proc-scan.h>
#include <oomtool/record.h>

static bool pid_wanted(const struct oomt_proc_scan_opts *o, int pid)
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

static int cgroup_matches(int procfd, int pid, const char *top)
{
	struct oomt_proc_cgroup cg;
	int r = oomt_proc_read_cgroup(procfd, pid, &cg);

	if (r < 0)
		return r;
	return (cg.v1_memory[0] && in_subtree(cg.v1_memory, top)) ||
	       (cg.v2[0] && in_subtree(cg.v2, top));
}

static int scan_push(struct oomt_proc_scan *s, const struct oomt_topmem_proc *p)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		void *procs = realloc(s->procs, cap * sizeof(*s->procs));
		if (!procs)
			return -ENOMEM;
		s->procs = procs;
		s->cap = cap;
	}
	s->procs[s->n++] = *p;
	return 0;
}

/* 1 = keep p, 0 = skip, <0 = vanished/unreadable (counted by the caller). */
static int scan_one(int procfd, const struct oomt_proc_scan_opts *o, int pid,
                    struct oomt_topmem_proc *p)
{
	int r;

	*p = (struct oomt_topmem_proc){ .pid = pid, .uid = OOMT_UNKNOWN, .pss_bytes = OOMT_UNKNOWN,
	                                .swap_bytes = OOMT_UNKNOWN, .oom_score = OOMT_UNKNOWN,
	                                .growth_bytes_per_min = OOMT_UNKNOWN };
	if ((r = oomt_proc_read_statm(procfd, pid, o->page_size, &p->rss_bytes)) < 0)
		return r;
	if (o->want_status || o->uid != OOMT_UNKNOWN) {
		struct oomt_proc_status st;
		if ((r = oomt_proc_read_status(procfd, pid, &st)) < 0)
			return r;
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

int oomt_proc_scan_run(int procfd, const struct oomt_proc_scan_opts *o, struct oomt_proc_scan *s)
{
	struct oomt_proc_iter it;
	int pid, r;

	s->n = s->vanished = s->unreadable = 0;
	if ((r = oomt_proc_iter_open(procfd, &it)) < 0)
		return r;
	while ((r = oomt_proc_iter_next(&it, &pid)) == 0) {
		struct oomt_topmem_proc p;

		if (!pid_wanted(o, pid))
			continue;
		r = scan_one(procfd, o, pid, &p);
		if (oomt_proc_is_vanished(r) || r == -ENODATA)
			s->vanished++;
		else if (r < 0)
			s->unreadable++;
		else if (r > 0 && (r = scan_push(s, &p)) < 0)
			break;
	}
	oomt_proc_iter_done(&it);
	return r < 0 ? r : 0;
}

void oomt_proc_scan_done(struct oomt_proc_scan *s)
{
	free(s->procs);
	memset(s, 0, sizeof(*s));
}

int oomt_proc_scan_read_pss(void *ctx, struct oomt_topmem_proc *p)
{
	struct oomt_proc_rollup ru;
	int r = oomt_proc_read_smaps_rollup(*(int *)ctx, p->pid, &ru);

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

/* v1 memory path when that hierarchy is mounted (this project's target machines), else the
 * v2 path when v2 has the memory controller, else whichever path is known, without limit. */
static void details_cgroup(int procfd, const struct oomt_cgroup_fs *cgfs, int pid,
                           struct oomt_proc_details *d)
{
	struct oomt_proc_cgroup cg;

	if (oomt_proc_read_cgroup(procfd, pid, &cg) < 0)
		return;
	if (cg.v1_memory[0] && (!cgfs || cgfs->v1_memory_fd >= 0 || !cg.v2[0])) {
		memcpy(d->cgroup, cg.v1_memory, sizeof(d->cgroup));
		d->cgroup_version = OOMT_CGROUP_V1;
	} else if (cg.v2[0]) {
		memcpy(d->cgroup, cg.v2, sizeof(d->cgroup));
		d->cgroup_version = OOMT_CGROUP_V2;
	}
	if (cgfs && d->cgroup_version &&
	    oomt_cgroup_effective_limit(cgfs, d->cgroup_version, d->cgroup,
	                                &d->cgroup_limit_bytes) < 0)
		d->cgroup_limit_bytes = OOMT_UNKNOWN;
}

int oomt_proc_details_read(int procfd, const struct oomt_cgroup_fs *cgfs, int pid,
                           struct oomt_proc_details *ret)
{
	struct oomt_proc_details d = { .cgroup_limit_bytes = OOMT_UNKNOWN, .euid = OOMT_UNKNOWN,
	                               .swap_bytes = OOMT_UNKNOWN, .oom_score = OOMT_UNKNOWN,
	                               .oom_score_adj = OOMT_UNKNOWN };
	struct oomt_proc_status st;
	int r = oomt_proc_read_status(procfd, pid, &st);

	if (oomt_proc_is_vanished(r))
		return r;
	if (r == 0) {
		memcpy(d.name, st.name, sizeof(d.name));
		d.euid = st.euid;
		d.swap_bytes = st.vmswap_bytes == OOMT_UNKNOWN ? 0 : st.vmswap_bytes;
	}
	if (oomt_proc_read_oom_score(procfd, pid, &d.oom_score) < 0)
		d.oom_score = OOMT_UNKNOWN;
	if (oomt_proc_read_oom_score_adj(procfd, pid, &d.oom_score_adj) < 0)
		d.oom_score_adj = OOMT_UNKNOWN;
	details_cgroup(procfd, cgfs, pid, &d);
	r = oomt_proc_read_cmdline(procfd, pid, d.command, sizeof(d.command));
	if (oomt_proc_is_vanished(r))
		return r;
	if (r < 0 && d.name[0])
		snprintf(d.command, sizeof(d.command), "[%s]", d.name);
	*ret = d;
	return 0;
}
