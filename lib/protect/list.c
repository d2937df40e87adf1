/* SPDX-License-Identifier: MIT */
/*
 * Gathering the protect list: one pass over <sysroot>/proc (status, stat, oom_score_adj,
 * oom_score, statm, cgroup of every process), the settings of each unit those processes
 * run in (read once per unit), memory.oom.group and systemd-oomd's xattrs of their
 * cgroups, and oomtool's own undo records. attribute.c then says where each value comes
 * from.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <oomtool/system-memory.h>
#include "proc/pid-stat.h"
#include "proc/users.h"
#include "protect/protect-internal.h"
#include "systemd/systemd-bus.h"
#include "util/state-file.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"

#define OPTS_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_protect_opts, systemd)

/* One unit's settings, read once for all its processes. */
struct unit_entry {
	char name[256];
	enum oomt_unit_scope scope;
	struct oomt_unit_oom oom;
	int err;
};

struct gather {
	const char *sysroot;
	int procfd;
	struct oomt_cgroup_fs *cgfs;
	struct oomt_systemd_bus *bus;  /* systemd to ask, or NULL */
	bool v2_unified;               /* <sysroot>/sys/fs/cgroup is the v2 hierarchy */
	struct unit_entry *units;
	size_t nunits;
	struct oomt_user_cache users;
	struct oomt_state records;
};

/* ---- units ---- */

/* A unit under a user manager: its cgroup path runs through user@UID.service and the unit
 * is not that one. */
static enum oomt_unit_scope unit_scope(const char *cgroup, const char *unit)
{
	const char *u = strstr(cgroup, "/user@");
	size_t n;

	if (!u)
		return OOMT_UNIT_SYSTEM;
	u += 1;
	n = strcspn(u, "/");
	return strlen(unit) == n && strncmp(u, unit, n) == 0 ? OOMT_UNIT_SYSTEM : OOMT_UNIT_USER;
}

/* The user manager itself runs in user@UID.service/init.scope: its unit is the system's
 * user@UID.service (whose OOMScoreAdjust= it got), not a scope of its own. */
static void user_manager_unit(struct oomt_protect_process *p)
{
	const char *at = strstr(p->cgroup, "/user@"), *end;

	if (!at || strcmp(p->unit, "init.scope") != 0 || !(end = strchr(at + 1, '/')) ||
	    strcmp(end, "/init.scope") != 0)
		return;
	snprintf(p->unit, sizeof(p->unit), "%.*s", (int)(end - at - 1), at + 1);
}

static const struct unit_entry *unit_get(struct gather *g, const char *unit,
                                         enum oomt_unit_scope scope)
{
	struct unit_entry *grown, *e;

	for (size_t i = 0; i < g->nunits; i++)
		if (g->units[i].scope == scope && strcmp(g->units[i].name, unit) == 0)
			return &g->units[i];
	grown = realloc(g->units, (g->nunits + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	g->units = grown;
	e = &g->units[g->nunits++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", unit);
	e->scope = scope;
	e->err = oomt_unit_oom_read(g->sysroot, scope, unit, NULL, &e->oom);
	/* systemd's view wins when it runs: it is what it applies to the next process */
	if (e->err == 0 && g->bus && scope == OOMT_UNIT_SYSTEM)
		(void)oomt_systemd_unit_oom_query(g->bus, unit, &e->oom);
	return e;
}

/* ---- cgroups ---- */

/* memory.oom.group = 1 on PATH or an ancestor (v2): the kernel kills the group together. */
static bool oom_group(const struct gather *g, const char *path)
{
	char cur[OOMT_PROC_CGROUP_MAX];
	int64_t v;

	if (!oomt_cgroup_fs_has(g->cgfs, OOMT_CGROUP_V2))
		return false;
	snprintf(cur, sizeof(cur), "%s", path);
	while (cur[0] && strcmp(cur, "/") != 0) {
		char *slash;

		if (oomt_cgroup_value_read(g->cgfs, OOMT_CGROUP_V2, cur, "memory.oom.group", &v) == 0 &&
		    v == 1)
			return true;
		slash = strrchr(cur, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	return false;
}

/* systemd-oomd's preference as systemd stores it on the cgroup (ManagedOOMPreference=):
 * the xattr user.oomd_omit or user.oomd_avoid on the v2 directory. */
static uint32_t oomd_xattrs(const struct gather *g, const char *v2path)
{
	char rel[PATH_MAX], path[PATH_MAX], v[8];
	uint32_t flags = 0;

	if (!g->v2_unified || !v2path[0])
		return 0;
	snprintf(rel, sizeof(rel), "sys/fs/cgroup/%s", v2path);
	if (oomt_sysroot_join(g->sysroot, rel, path, sizeof(path)) < 0)
		return 0;
	if (lgetxattr(path, "user.oomd_omit", v, sizeof(v)) > 0)
		flags |= OOMT_PROTECT_OOMD_OMIT;
	if (lgetxattr(path, "user.oomd_avoid", v, sizeof(v)) > 0)
		flags |= OOMT_PROTECT_OOMD_AVOID;
	return flags;
}

static bool v2_unified(const char *sysroot)
{
	char path[PATH_MAX];

	return oomt_sysroot_join(sysroot, "sys/fs/cgroup/cgroup.controllers", path,
	                         sizeof(path)) == 0 && access(path, F_OK) == 0;
}

/* ---- one process ---- */

static void unit_facts(struct gather *g, struct oomt_protect_process *p,
                       struct protect_facts *f)
{
	const struct unit_entry *e;
	const char *file = NULL, *policy;
	bool explicit_policy;
	int adj;

	if (!p->unit[0])
		return;
	user_manager_unit(p);
	f->user_unit = unit_scope(p->cgroup, p->unit) == OOMT_UNIT_USER;
	e = unit_get(g, p->unit, f->user_unit ? OOMT_UNIT_USER : OOMT_UNIT_SYSTEM);
	if (!e || e->err < 0)
		return;
	/* the manager's DefaultOOMScoreAdjust= reaches the processes it starts: a unit it
	 * loads from a file; a scope's processes were started by someone else */
	if ((e->oom.found || e->oom.oom_score_adjust.set) && oomt_unit_adjust(&e->oom, &adj, &file)) {
		f->unit_has_adj = true;
		f->unit_adj = adj;
		snprintf(f->unit_adj_file, sizeof(f->unit_adj_file), "%s", file);
	}
	if (!e->oom.found && !e->oom.oom_policy.set)
		return;              /* no unit file (a scope): nothing says its policy */
	policy = oomt_unit_oom_policy(&e->oom, &explicit_policy);
	snprintf(p->oom_policy, sizeof(p->oom_policy), "%s", policy);
	if (strcmp(policy, "kill") == 0)
		p->flags |= OOMT_PROTECT_OOM_POLICY_KILL;
	else if (explicit_policy && strcmp(policy, "stop") == 0)
		p->flags |= OOMT_PROTECT_OOM_POLICY_STOP;
	else if (explicit_policy || strcmp(policy, "continue") == 0)
		p->flags |= OOMT_PROTECT_OOM_POLICY_CONTINUE;
	if (strcmp(e->oom.managed_oom_preference.value, "avoid") == 0)
		p->flags |= OOMT_PROTECT_OOMD_AVOID;
	else if (strcmp(e->oom.managed_oom_preference.value, "omit") == 0)
		p->flags |= OOMT_PROTECT_OOMD_OMIT;
}

static void record_facts(const struct gather *g, const struct oomt_protect_process *p,
                         struct protect_facts *f)
{
	char key[48];
	const char *v;
	long long o, n;

	snprintf(key, sizeof(key), "%d:%lld", p->pid, (long long)p->start_ticks);
	v = oomt_state_get(&g->records, key);
	if (v && sscanf(v, "%lld %lld", &o, &n) == 2) {
		f->has_record = true;
		f->record_old = o;
		f->record_new = n;
	}
}

/* 0 with the row filled, 1 to skip (a kernel thread), or -errno (-ENOENT: gone). */
static int read_process(struct gather *g, int pid, struct oomt_protect_process *p,
                        struct protect_facts *f)
{
	struct oomt_proc_status st = { .struct_size = sizeof(st) };
	struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
	struct oomt_proc_stat ps;
	const char *mempath;
	int r;

	memset(p, 0, sizeof(*p));
	memset(f, 0, sizeof(*f));
	if ((r = oomt_proc_read_status(g->procfd, pid, &st)) < 0)
		return r;
	if (st.kthread)
		return 1;            /* kernel threads and zombies: never the OOM killer's */
	p->pid = pid;
	p->uid = st.euid;
	snprintf(p->comm, sizeof(p->comm), "%s", st.name);
	p->start_ticks = OOMT_UNKNOWN;
	if (oomt_proc_read_stat(g->procfd, pid, &ps) == 0) {
		p->parent_pid = (int)ps.ppid;
		p->start_ticks = ps.start_ticks;
	}
	if (oomt_proc_read_oom_score_adj(g->procfd, pid, &p->oom_score_adj) < 0)
		p->oom_score_adj = OOMT_UNKNOWN;
	if (oomt_proc_read_oom_score(g->procfd, pid, &p->oom_score) < 0)
		p->oom_score = OOMT_UNKNOWN;
	if (oomt_proc_read_statm(g->procfd, pid, &p->rss_bytes) < 0)
		p->rss_bytes = st.vmrss_bytes;
	p->rss_growth_bytes = OOMT_UNKNOWN;
	if (!oomt_user_cache_name(&g->users, g->sysroot, p->uid, p->user, sizeof(p->user)))
		snprintf(p->user, sizeof(p->user), "?");
	if (oomt_proc_read_cgroup(g->procfd, pid, &cg) == 0) {
		/* the unit is named in the v2 (or systemd's) hierarchy; v1 memory else */
		snprintf(p->cgroup, sizeof(p->cgroup), "%s", cg.v2[0] ? cg.v2 : cg.v1_memory);
		if (oomt_cgroup_workload_parse(p->cgroup, &w) == 0) {
			snprintf(p->unit, sizeof(p->unit), "%s", w.unit);
			p->qos = w.qos;
			f->kind = w.kind;
		}
		oomt_cgroup_unit_name(p->cgroup, p->workload, sizeof(p->workload));
		if (oomt_cgroup_memory_path(g->cgfs, &cg, &mempath) == OOMT_CGROUP_V2 &&
		    oom_group(g, mempath))
			p->flags |= OOMT_PROTECT_OOM_GROUP;
		p->flags |= oomd_xattrs(g, cg.v2);
	}
	unit_facts(g, p, f);
	record_facts(g, p, f);
	return 0;
}

/* ---- the list ---- */

static int list_grow(struct oomt_protect_list *l)
{
	struct oomt_protect_process *procs;
	struct protect_facts *facts;
	size_t cap = l->cap ? l->cap * 2 : 256;

	if (l->n < l->cap)
		return 0;
	if (!(procs = realloc(l->procs, cap * sizeof(*procs))))
		return -ENOMEM;
	l->procs = procs;
	if (!(facts = realloc(l->facts, cap * sizeof(*facts))))
		return -ENOMEM;
	l->facts = facts;
	l->cap = cap;
	return 0;
}

static int cmp_pid(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int gather_all(struct gather *g, struct oomt_protect_list *l)
{
	struct oomt_proc_iter *it = NULL;
	int *pids = NULL, pid, r;
	size_t npids = 0, cap = 0;

	if ((r = oomt_proc_iter_new(g->procfd, &it)) < 0)
		return r;
	while ((r = oomt_proc_iter_next(it, &pid)) == 0) {
		if (npids == cap) {
			int *grown = realloc(pids, (cap = cap ? cap * 2 : 512) * sizeof(*pids));

			if (!grown) {
				r = -ENOMEM;
				break;
			}
			pids = grown;
		}
		pids[npids++] = pid;
	}
	oomt_proc_iter_free(it);
	if (r < 0) {
		free(pids);
		return r;
	}
	if (npids)
		qsort(pids, npids, sizeof(*pids), cmp_pid);
	for (size_t i = 0; i < npids; i++) {
		if ((r = list_grow(l)) < 0)
			break;
		r = read_process(g, pids[i], &l->procs[l->n], &l->facts[l->n]);
		if (r == 0)
			l->n++;
		r = 0;               /* gone, unreadable or a kernel thread: not listed */
	}
	free(pids);
	return r;
}

static void growth_since(struct oomt_protect_list *l, const struct oomt_protect_list *prev)
{
	for (size_t i = 0; prev && i < l->n; i++) {
		struct oomt_protect_process *p = &l->procs[i];
		const struct oomt_protect_process *q = oomt_protect_list_find(prev, p->pid);

		if (q && q->start_ticks == p->start_ticks && p->rss_bytes != OOMT_UNKNOWN &&
		    q->rss_bytes != OOMT_UNKNOWN)
			p->rss_growth_bytes = p->rss_bytes - q->rss_bytes;
	}
}

int oomt_protect_list_new(const struct oomt_protect_opts *opts,
                          const struct oomt_protect_list *previous,
                          struct oomt_protect_list **ret)
{
	struct oomt_system_memory mem = { .struct_size = sizeof(mem) };
	struct gather g = { .procfd = -1 };
	enum oomt_systemd_use use;
	struct oomt_protect_list *l;
	int r;

	if (opts && (r = oomt_struct_size_check(opts, OPTS_SIZE_V1)) < 0)
		return r;
	if (!ret)
		return -EINVAL;
	g.sysroot = opts && !oomt_sysroot_is_live(opts->sysroot) ? opts->sysroot : NULL;
	if (!(l = calloc(1, sizeof(*l))))
		return -ENOMEM;
	if (g.sysroot && !(l->sysroot = strdup(g.sysroot))) {
		free(l);
		return -ENOMEM;
	}
	use = opts ? opts->systemd : OOMT_SYSTEMD_AUTO;
	if (!g.sysroot && (use == OOMT_SYSTEMD_ALWAYS ||
	                   (use == OOMT_SYSTEMD_AUTO && oomt_systemd_is_running(NULL))) &&
	    oomt_systemd_bus_open(&g.bus) < 0)
		g.bus = NULL;        /* no bus, no libsystemd: the unit files say it */
	r = oomt_proc_open(g.sysroot, &g.procfd);
	if (r == 0 && oomt_cgroup_fs_open(g.sysroot, &g.cgfs) < 0)
		g.cgfs = NULL;
	g.v2_unified = v2_unified(g.sysroot);
	/* records that cannot be read (too big, unreadable) only cost the "oomtool" source */
	if (r == 0 && oomt_state_load(g.sysroot, PROTECT_STATE_NAME, &g.records) < 0)
		memset(&g.records, 0, sizeof(g.records));
	if (r == 0)
		r = gather_all(&g, l);
	l->ram_bytes = oomt_system_memory_read(g.sysroot, &mem) == 0 ? mem.mem_total_bytes
	                                                             : OOMT_UNKNOWN;
	if (g.procfd >= 0)
		close(g.procfd);
	oomt_cgroup_fs_free(g.cgfs);
	oomt_state_done(&g.records);
	oomt_systemd_bus_close(g.bus);
	free(g.units);
	if (r < 0) {
		oomt_protect_list_free(l);
		return r;
	}
	growth_since(l, previous);
	oomt_protect_attribute(l);
	*ret = l;
	return 0;
}

void oomt_protect_list_free(struct oomt_protect_list *l)
{
	if (!l)
		return;
	free(l->procs);
	free(l->facts);
	free(l->sysroot);
	free(l);
}

size_t oomt_protect_list_count(const struct oomt_protect_list *l)
{
	return l ? l->n : 0;
}

const struct oomt_protect_process *oomt_protect_list_get(const struct oomt_protect_list *l,
                                                         size_t i)
{
	return l && i < l->n ? &l->procs[i] : NULL;
}

const struct oomt_protect_process *oomt_protect_list_find(const struct oomt_protect_list *l,
                                                          int pid)
{
	size_t lo = 0, hi = l ? l->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->procs[mid].pid == pid)
			return &l->procs[mid];
		if (l->procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int64_t oomt_protect_list_ram_bytes(const struct oomt_protect_list *l)
{
	return l ? l->ram_bytes : OOMT_UNKNOWN;
}
