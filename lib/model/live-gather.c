/* SPDX-License-Identifier: MIT */
/*
 * The live model's first pass: what the kernel's oom_badness() reads, gathered through the
 * lib/proc and lib/cgroup readers under one sysroot. Per process, in pid order:
 *   status         Name, Tgid, Uid (effective), VmSwap (swap entries), VmPTE (page
 *                  tables), Kthread (6.3+; no Vm lines at all = no memory), CapEff
 *   statm          resident pages: the kernel's get_mm_rss()
 *   oom_score_adj, oom_score, cgroup
 * A process that exits while being read is left out and counted. One whose statm cannot
 * be read for another reason keeps its row with rss unknown (skipped as no_data, never
 * mistaken for a kernel thread).
 * Then the machine (meminfo, osrelease, vm.swappiness) and the memory cgroups near their
 * limit with their totalpages, as mem_cgroup_get_max() counts it (docs/kernel-oom-report.md
 * §4.3).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/proc.h>
#include <oomtool/system.h>
#include <oomtool/system-memory.h>
#include "cgroup/memory-swap.h"
#include "model/badness-rules.h"
#include "model/live-internal.h"
#include "proc/parse.h"
#include "util/file.h"
#include "model/model-internal.h"
#include "event/event-internal.h"

#define CAP_SYS_ADMIN_BIT 21          /* linux/capability.h */

/* ---- the machine ---- */

int oomt_live_gather_system(struct oomt_live *live, const char *sysroot)
{
	struct oomt_live_system *sys = &live->system;
	struct oomt_system_memory mi = { .struct_size = sizeof(mi) };
	char buf[32];
	size_t len;
	int r;

	r = oomt_proc_open(sysroot, &live->procfd);
	if (r < 0)
		return r;
	r = oomt_system_memory_read(sysroot, &mi);
	if (r < 0)
		return r;
	sys->page_size = oomt_page_size();
	sys->ram_bytes = mi.mem_total_bytes;
	sys->swap_bytes = is_known(mi.swap_total_bytes) ? mi.swap_total_bytes : 0;
	/* totalram_pages() + total_swap_pages, what /proc/PID/oom_score divides by */
	sys->totalpages = sys->ram_bytes / sys->page_size + sys->swap_bytes / sys->page_size;

	/* The running kernel decides the rules: its release from <sysroot>/proc (the file twin
	 * of uname); without one, the current rules. */
	if (oomt_kernel_release_read(sysroot, live->release, sizeof(live->release)) == 0)
		sys->kernel_release = live->release;
	sys->era = oomt_badness_era_of_release(oomt_kernel_release_code(sys->kernel_release));
	if (sys->era == OOMT_ERA_UNKNOWN) {
		sys->era = OOMT_ERA_SIGNED;
		live->assume |= OOMT_ASSUME_RELEASE_UNKNOWN;
	} else if (sys->era == OOMT_ERA_TOTAL_VM) {
		live->assume |= OOMT_ASSUME_APPROX;
	}
	live->root_bonus = oomt_badness_root_bonus(sys->kernel_release ? sys->kernel_release : "",
	                                           sys->era, &live->assume);

	sys->swappiness = OOMT_UNKNOWN;
	if (oomt_file_read_at(live->procfd, "sys/vm/swappiness", buf, sizeof(buf), &len,
	                      NULL) < 0 || oomt_proc_parse_int(buf, len, &sys->swappiness) < 0)
		sys->swappiness = OOMT_UNKNOWN;
	return 0;
}

/* ---- processes ---- */

/* The comm as the model shows it: control bytes would break a terminal, so they become
 * '?' (the status reader keeps raw bytes). */
static void copy_name(char *out, size_t outsz, const char *name)
{
	size_t n = 0;

	for (; *name && n + 1 < outsz; name++)
		out[n++] = ((unsigned char)*name < 0x20 || *name == 0x7f) ? '?' : *name;
	out[n] = '\0';
}

/* The one copy of a cgroup path, shared by every process in it; NULL for "" or no memory. */
static const char *intern_path(struct oomt_live *live, const char *path)
{
	char *copy;

	if (!path[0])
		return NULL;
	for (size_t i = 0; i < live->n_paths; i++)
		if (strcmp(live->paths[i], path) == 0)
			return live->paths[i];
	if (live->n_paths == live->paths_capacity) {
		size_t cap = live->paths_capacity ? live->paths_capacity * 2 : 64;
		char **p = realloc(live->paths, cap * sizeof(*p));
		if (!p)
			return NULL;
		live->paths = p;
		live->paths_capacity = cap;
	}
	copy = strdup(path);
	if (!copy)
		return NULL;
	live->paths[live->n_paths++] = copy;
	return copy;
}

static int grow_processes(struct oomt_live *live)
{
	size_t cap = live->processes_capacity ? live->processes_capacity * 2 : 512;
	struct oomt_task *t;
	struct oomt_live_process *p;

	t = realloc(live->tasks, cap * sizeof(*t));
	if (!t)
		return -ENOMEM;
	live->tasks = t;
	p = realloc(live->processes, cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	live->processes = p;
	live->processes_capacity = cap;
	return 0;
}

/* The row of one process; 0 also when it is left out (counted), -ENOMEM. */
static int read_process(struct oomt_live *live, int pid)
{
	struct oomt_live_system *sys = &live->system;
	struct oomt_proc_status st = { .struct_size = sizeof(st) };
	struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
	struct oomt_live_process *p;
	struct oomt_task *t;
	int64_t rss_bytes;
	int r, statm;

	r = oomt_proc_read_status(live->procfd, pid, &st);
	if (r < 0) {
		if (oomt_proc_is_vanished(r))
			sys->vanished++;
		else
			sys->unreadable++;
		return 0;
	}
	if (st.kthread) {                     /* kernel thread, or no memory (zombie) */
		sys->without_memory++;
		return 0;
	}
	statm = oomt_proc_read_statm(live->procfd, pid, &rss_bytes);
	if (statm < 0 && oomt_proc_is_vanished(statm)) {
		sys->vanished++;
		return 0;
	}
	if (live->n_processes == live->processes_capacity && grow_processes(live) < 0)
		return -ENOMEM;

	t = &live->tasks[live->n_processes];
	oomt_task_init(t);
	t->pid = pid;
	t->tgid = st.tgid;
	t->uid = st.euid;
	t->rss_pages = statm == 0 ? rss_bytes / sys->page_size : OOMT_UNKNOWN;
	t->swapents_pages = is_known(st.vmswap_bytes) ? st.vmswap_bytes / sys->page_size
	                                                         : OOMT_UNKNOWN;
	t->pgtables_bytes = st.vmpte_bytes;
	if (oomt_proc_read_oom_score_adj(live->procfd, pid, &t->oom_score_adj) < 0)
		t->oom_score_adj = OOMT_UNKNOWN;
	copy_name(t->name, sizeof(t->name), st.name);

	p = &live->processes[live->n_processes];
	memset(p, 0, sizeof(*p));
	p->cap_effective = st.cap_effective;
	p->cap_sys_admin = is_known(p->cap_effective)
	                   ? (int)((p->cap_effective >> CAP_SYS_ADMIN_BIT) & 1) : -1;
	if (oomt_proc_read_oom_score(live->procfd, pid, &p->oom_score) < 0)
		p->oom_score = OOMT_UNKNOWN;
	if (oomt_proc_read_cgroup(live->procfd, pid, &cg) == 0) {
		p->memcg_v1 = intern_path(live, cg.v1_memory);
		p->memcg_v2 = intern_path(live, cg.v2);
	}
	live->n_processes++;
	return 0;
}

static int compare_pids(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The pids first, sorted (a fixture tree lists them in any order; /proc in tgid order). */
static int list_pids(struct oomt_live *live, int **ret, size_t *ret_n)
{
	struct oomt_proc_iter *it;
	int *pids = NULL, *grown, pid, r;
	size_t n = 0, cap = 0;

	r = oomt_proc_iter_new(live->procfd, &it);
	if (r < 0)
		return r;
	while ((r = oomt_proc_iter_next(it, &pid)) == 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 512;
			grown = realloc(pids, cap * sizeof(*pids));
			if (!grown) {
				r = -ENOMEM;
				break;
			}
			pids = grown;
		}
		pids[n++] = pid;
	}
	oomt_proc_iter_free(it);
	if (r < 0) {
		free(pids);
		return r;
	}
	if (n > 1)    /* pids is NULL with no process; qsort(NULL, 0) is UB */
		qsort(pids, n, sizeof(*pids), compare_pids);
	*ret = pids;
	*ret_n = n;
	return 0;
}

int oomt_live_gather_processes(struct oomt_live *live)
{
	int *pids = NULL, r;
	size_t n = 0;

	r = list_pids(live, &pids, &n);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = read_process(live, pids[i]);
	free(pids);
	live->system.processes = live->n_processes;
	/* The arrays are final: point each process at its row. */
	for (size_t i = 0; r == 0 && i < live->n_processes; i++)
		live->processes[i].task = &live->tasks[i];
	return r;
}

/* ---- memory cgroups near their limit ---- */

struct oomt_live_constraint_entry *oomt_live_add_constraint(struct oomt_live *live)
{
	struct oomt_live_constraint_entry *c;

	if (live->n_constraints == live->constraints_capacity) {
		size_t cap = live->constraints_capacity ? live->constraints_capacity * 2 : 8;
		c = realloc(live->constraints, cap * sizeof(*c));
		if (!c)
			return NULL;
		live->constraints = c;
		live->constraints_capacity = cap;
	}
	c = &live->constraints[live->n_constraints++];
	memset(c, 0, sizeof(*c));
	oomt_model_init(&c->model);
	c->pub.limit_bytes = c->pub.usage_bytes = OOMT_UNKNOWN;
	return c;
}

/* True the first time (version, path) is asked about; path must be interned. */
static int first_check(struct oomt_live *live, int version, const char *path)
{
	for (size_t i = 0; i < live->n_checked; i++)
		if (live->checked[i].version == version && live->checked[i].path == path)
			return 0;
	if (live->n_checked == live->checked_capacity) {
		size_t cap = live->checked_capacity ? live->checked_capacity * 2 : 64;
		void *p = realloc(live->checked, cap * sizeof(*live->checked));
		if (!p)
			return -ENOMEM;
		live->checked = p;
		live->checked_capacity = cap;
	}
	live->checked[live->n_checked].version = version;
	live->checked[live->n_checked++].path = path;
	return 1;
}

/* The swap the cgroup may use on top of its limit, in pages, as mem_cgroup_get_max()
 * counts it: none when its swappiness is 0, else its swap limit (v1: memory+swap minus
 * memory; v2: memory.swap.max; none set: all), at most the host's swap. */
static int64_t memcg_swap_pages(const struct oomt_live *live, enum oomt_cgroup_version v,
                                const char *path, int64_t limit_bytes, unsigned *assume)
{
	int64_t ps = live->system.page_size, host = live->system.swap_bytes / ps, allowed;
	struct oomt_cgroup_swap sw = { OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN };
	int64_t swappiness;

	if (host == 0)
		return 0;
	oomt_cgroup_swap_read(live->cgroup_fs, v, path, &sw);
	/* cgroup v2 has no swappiness of its own: vm.swappiness applies */
	swappiness = v == OOMT_CGROUP_V1 ? sw.swappiness : live->system.swappiness;
	if (!is_known(swappiness))
		*assume |= OOMT_ASSUME_SWAPPINESS;
	else if (swappiness == 0)
		return 0;
	if (v == OOMT_CGROUP_V1)
		allowed = is_known(sw.memsw_limit_bytes)
		          ? (sw.memsw_limit_bytes - limit_bytes) / ps : host;
	else
		allowed = is_known(sw.swap_max_bytes) ? sw.swap_max_bytes / ps : host;
	if (allowed <= 0)
		return 0;
	return allowed < host ? allowed : host;
}

static int consider_memcg(struct oomt_live *live, enum oomt_cgroup_version v, const char *path)
{
	struct oomt_live_constraint_entry *c;
	struct oomt_cgroup_memory mem = { .struct_size = sizeof(mem) };
	const char *stable = intern_path(live, path);
	int r;

	if (!stable)
		return -ENOMEM;
	r = first_check(live, (int)v, stable);
	if (r <= 0)
		return r;
	if (oomt_cgroup_memory_read(live->cgroup_fs, v, stable, &mem) < 0)
		return 0;
	if (!is_known(mem.limit_bytes) || !is_known(mem.usage_bytes) ||
	    mem.limit_bytes <= 0 ||
	    (double)mem.usage_bytes * 1000 <
	    (double)mem.limit_bytes * (double)live->near_limit_permille)
		return 0;
	c = oomt_live_add_constraint(live);
	if (!c)
		return -ENOMEM;
	c->pub.scope = OOMT_SCOPE_MEMCG;
	c->pub.memcg = stable;
	c->pub.cgroup_version = (int)v;
	c->pub.limit_bytes = mem.limit_bytes;
	c->pub.usage_bytes = mem.usage_bytes;
	c->pub.swap_pages = memcg_swap_pages(live, v, stable, mem.limit_bytes, &c->assume);
	c->model.totalpages = mem.limit_bytes / live->system.page_size + c->pub.swap_pages;
	return 0;
}

/* A limit on a parent applies to its whole subtree: the cgroup and each ancestor below the
 * root (which has no limit). */
static int consider_memcg_and_parents(struct oomt_live *live, enum oomt_cgroup_version v,
                                      const char *leaf)
{
	char path[PATH_MAX], *slash;
	int r = 0;

	if (!leaf || snprintf(path, sizeof(path), "%s", leaf) >= (int)sizeof(path))
		return 0;
	while (r == 0 && path[0] && strcmp(path, "/") != 0) {
		r = consider_memcg(live, v, path);
		slash = strrchr(path, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	return r;
}

int oomt_live_gather_memcgs(struct oomt_live *live, const char *sysroot)
{
	int r = 0;

	if (oomt_cgroup_fs_open(sysroot, &live->cgroup_fs) < 0)
		return 0;                         /* none mounted: the whole machine only */
	for (size_t i = 0; r == 0 && i < live->n_processes; i++) {
		const struct oomt_live_process *p = &live->processes[i];

		r = consider_memcg_and_parents(live, OOMT_CGROUP_V1, p->memcg_v1);
		if (r == 0)
			r = consider_memcg_and_parents(live, OOMT_CGROUP_V2, p->memcg_v2);
	}
	return r;
}
