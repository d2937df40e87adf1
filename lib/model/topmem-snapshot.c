/* SPDX-License-Identifier: MIT */
/*
 * The top-mem snapshot (topmem.h): system counters, the cheap pass, growth against the
 * previous pass, then either ranked rows with their details or groups. The ranking itself
 * is topmem-rank.c; the reading is lib/proc.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <oomtool/topmem.h>
#include "model/topmem-rank.h"
#include "proc/process-pass.h"
#include "proc/users.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"
#include "util/time-util.h"

#define QUERY_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_topmem_query, group_pss_unread)
#define SPARE_ROWS 4          /* candidates beyond count: absorb processes that exit */
#define RANK_ATTEMPTS 4       /* passes before showing fewer rows than asked */

struct oomt_topmem {
	char *sysroot;                 /* NULL: the live system */
	int procfd;
	struct oomt_cgroup_fs *cgfs;   /* NULL: no hierarchy, no limits */
	struct oomt_user_cache users;
	struct oomt_proc_pass pass, prev;
	bool have_pass;                /* pass holds the last refresh's or baseline's pass */
	bool have_prev;
	int64_t pass_usec, prev_usec;  /* CLOCK_MONOTONIC at each pass */
	bool growth_with_swap;         /* set by a baseline while swap is in use */

	enum oomt_topmem_group grouped;
	struct oomt_topmem_row *rows;
	size_t nrows, cap_rows;
	struct oomt_topmem_groups groups;
	struct oomt_topmem_stats stats;
	struct oomt_system_memory memory;
	struct oomt_memory_pressure pressure;
	bool has_memory, has_pressure;
};

const char *oomt_topmem_group_name(enum oomt_topmem_group g)
{
	static const char *const names[] = { "none", "user", "cgroup", "unit", "command" };
	return (size_t)g < sizeof(names) / sizeof(names[0]) ? names[g] : "?";
}

int oomt_topmem_new(const char *sysroot, struct oomt_topmem **ret)
{
	struct oomt_topmem *t = calloc(1, sizeof(*t));
	int r;

	if (!t)
		return -ENOMEM;
	if (!oomt_sysroot_is_live(sysroot) && !(t->sysroot = strdup(sysroot))) {
		free(t);
		return -ENOMEM;
	}
	if ((r = oomt_proc_open(t->sysroot, &t->procfd)) < 0) {
		free(t->sysroot);
		free(t);
		return r;
	}
	/* No cgroup hierarchy is fine: the limits then read unknown. */
	if (oomt_cgroup_fs_open(t->sysroot, &t->cgfs) < 0)
		t->cgfs = NULL;
	oomt_topmem_groups_init(&t->groups);
	*ret = t;
	return 0;
}

void oomt_topmem_free(struct oomt_topmem *t)
{
	if (!t)
		return;
	oomt_proc_pass_done(&t->pass);
	oomt_proc_pass_done(&t->prev);
	oomt_topmem_groups_done(&t->groups);
	oomt_cgroup_fs_free(t->cgfs);
	close(t->procfd);
	free(t->rows);
	free(t->sysroot);
	free(t);
}

/* The caller's query as this library knows it: the members its struct_size covers, the
 * ones appended since zero (what a program built before them got). */
static int check_query(const struct oomt_topmem_query *q, struct oomt_topmem_query *ret)
{
	if (oomt_struct_size_check(q, QUERY_SIZE_V1) < 0)
		return -EINVAL;
	oomt_struct_copy_in(ret, sizeof(*ret), q);
	q = ret;
	if (q->count == 0 || (unsigned)q->sort > OOMT_TOPMEM_SORT_GROWTH ||
	    (unsigned)q->group > OOMT_TOPMEM_GROUP_COMMAND || (q->npids && !q->pids))
		return -EINVAL;
	return 0;
}

static void read_system(struct oomt_topmem *t)
{
	t->memory = (struct oomt_system_memory){ .struct_size = sizeof(t->memory) };
	t->pressure = (struct oomt_memory_pressure){ .struct_size = sizeof(t->pressure) };
	t->has_memory = oomt_system_memory_read(t->sysroot, &t->memory) == 0;
	t->has_pressure = oomt_system_pressure_read(t->sysroot, &t->pressure) == 0;
}

static struct oomt_proc_pass_opts pass_opts(const struct oomt_topmem *t,
                                            const struct oomt_topmem_query *q)
{
	return (struct oomt_proc_pass_opts){
		.want_status = t->growth_with_swap || q->sort == OOMT_TOPMEM_SORT_SWAP ||
		               q->group != OOMT_TOPMEM_GROUP_NONE,
		.want_oom_score = q->sort == OOMT_TOPMEM_SORT_OOM,
		.uid = q->uid,
		.pids = q->pids,
		.npids = q->npids,
		.cgroup = q->cgroup,
	};
}

/* The user name of uid through the cache; NULL when unknown. */
static const char *user_of(struct oomt_topmem *t, int64_t uid, char *buf, size_t bufsz)
{
	return oomt_user_cache_name(&t->users, t->sysroot, uid, buf, bufsz);
}

/* The query's text filter: the comm name, the user or either cgroup path contains it. */
static bool matches(struct oomt_topmem *t, int pid, const char *text)
{
	struct oomt_proc_status st = { .struct_size = sizeof(st) };
	struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
	char user[OOMT_USER_NAME_MAX];

	if (oomt_proc_read_status(t->procfd, pid, &st) == 0) {
		if (strstr(st.name, text))
			return true;
		if (user_of(t, st.euid, user, sizeof(user)) && strstr(user, text))
			return true;
	}
	return oomt_proc_read_cgroup(t->procfd, pid, &cg) == 0 &&
	       (strstr(cg.v1_memory, text) || strstr(cg.v2, text));
}

/* Leaves out the processes without an address space (kernel threads, zombies): only those
 * with no resident page can be one, so only their status is read (a process swapped out
 * whole also has none, and stays). Returns how many were left out. */
static size_t drop_kernel_threads(struct oomt_topmem *t, struct oomt_proc_pass *s)
{
	size_t w = 0, dropped = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct oomt_proc_status st = { .struct_size = sizeof(st) };

		if (s->procs[i].rss_bytes == 0 &&
		    oomt_proc_read_status(t->procfd, s->procs[i].pid, &st) == 0 && st.kthread) {
			dropped++;
			continue;
		}
		s->procs[w++] = s->procs[i];
	}
	s->n = w;
	return dropped;
}

/* A fresh pass into t->pass, growth measured against t->prev when there is one. */
static int take_pass(struct oomt_topmem *t, const struct oomt_topmem_query *q)
{
	struct oomt_proc_pass_opts o = pass_opts(t, q);
	struct oomt_proc_pass *s = &t->pass;
	int r = oomt_proc_pass_run(t->procfd, &o, s);

	if (r < 0)
		return r;
	t->pass_usec = oomt_clock_usec(CLOCK_MONOTONIC);
	t->have_pass = true;
	t->stats.growth = t->have_prev;
	t->stats.growth_usec = t->have_prev ? t->pass_usec - t->prev_usec : 0;
	if (t->have_prev)
		oomt_topmem_growth(t->prev.procs, t->prev.n, s->procs, s->n, t->stats.growth_usec);
	if (q->match && *q->match) {
		size_t w = 0;
		for (size_t i = 0; i < s->n; i++)
			if (matches(t, s->procs[i].pid, q->match))
				s->procs[w++] = s->procs[i];
		s->n = w;
	}
	t->stats.kernel_threads_hidden = 0;
	if (q->hide_kernel_threads && !q->npids)
		t->stats.kernel_threads_hidden = drop_kernel_threads(t, s);
	t->stats.processes = s->n;
	t->stats.vanished = s->vanished;
	t->stats.unreadable = s->unreadable;
	return 0;
}

/* The last pass becomes the growth baseline of the next (its array is reused). */
static void rotate(struct oomt_topmem *t)
{
	struct oomt_proc_pass tmp;

	if (!t->have_pass)
		return;
	tmp = t->prev;
	t->prev = t->pass;
	t->pass = tmp;
	t->prev_usec = t->pass_usec;
	t->have_prev = true;
	t->have_pass = false;
}

int oomt_topmem_baseline(struct oomt_topmem *t, const struct oomt_topmem_query *query)
{
	struct oomt_topmem_query qq, *q = &qq;
	int r = check_query(query, &qq);

	if (r < 0)
		return r;
	read_system(t);
	t->growth_with_swap = t->has_memory && t->memory.swap_total_bytes != OOMT_UNKNOWN &&
	                      t->memory.swap_free_bytes != OOMT_UNKNOWN &&
	                      t->memory.swap_total_bytes > t->memory.swap_free_bytes;
	rotate(t);
	t->stats = (struct oomt_topmem_stats){ 0 };
	return take_pass(t, q);
}

/* Idle processes share libc: RSS ~1-2 MiB, PSS ~0.1 MiB. When the count-th best PSS is below
 * that, pruning cannot stop early and would read every smaps_rollup (~3000 reads, ~300 ms
 * measured on 3000 idle processes); 4 reads per row plus 100 keep it at ~10-30 ms. */
static size_t pss_budget(size_t count)
{
	return 4 * count + 100;
}

static int ensure_rows(struct oomt_topmem *t, size_t n)
{
	void *rows;

	if (n <= t->cap_rows)
		return 0;
	if (!(rows = realloc(t->rows, n * sizeof(*t->rows))))
		return -ENOMEM;
	t->rows = rows;
	t->cap_rows = n;
	return 0;
}

static void set_row(struct oomt_topmem *t, struct oomt_topmem_row *row,
                    const struct oomt_topmem_proc *p, const struct oomt_proc_details *d)
{
	memset(row, 0, sizeof(*row));
	row->pid = p->pid;
	row->pss_err = p->pss_err;
	row->uid = d->euid;
	row->rss_bytes = p->rss_bytes;
	row->pss_bytes = p->pss_bytes;
	row->swap_bytes = d->swap_bytes;
	row->oom_score = d->oom_score;
	row->oom_score_adj = d->oom_score_adj;
	row->cgroup_limit_bytes = d->cgroup_limit_bytes;
	row->growth_bytes_per_min = p->growth_bytes_per_min;
	row->cgroup_version = d->cgroup_version;
	if (!user_of(t, d->euid, row->user, sizeof(row->user)))
		row->user[0] = '\0';
	memcpy(row->name, d->name, sizeof(row->name));
	memcpy(row->command, d->command, sizeof(row->command));
	memcpy(row->cgroup, d->cgroup, sizeof(row->cgroup));
}

/* Details of the ranked candidates until count rows are filled; false when some vanished
 * since they were ranked and more candidates may exist. */
static bool fill_rows(struct oomt_topmem *t, size_t ranked, size_t count)
{
	size_t w = 0;

	for (size_t i = 0; i < ranked && w < count; i++) {
		struct oomt_proc_details d;

		if (oomt_proc_details_read(t->procfd, t->cgfs, t->pass.procs[i].pid, &d) < 0)
			continue;  /* exited since it was ranked */
		set_row(t, &t->rows[w++], &t->pass.procs[i], &d);
	}
	t->nrows = w;
	return w == count || ranked < count;
}

static void note_pss(struct oomt_topmem *t, const struct oomt_topmem_select_stats *sel)
{
	t->stats.pss_reads = sel->pss_reads;
	t->stats.pss_unknown = sel->pss_unknown;
	t->stats.pss_budget_hit = sel->budget_hit;
}

/* Rank, read the details of the top rows; when more candidates than the spares vanished
 * meanwhile, rank again from a fresh pass with more spares. */
static int refresh_rows(struct oomt_topmem *t, const struct oomt_topmem_query *q)
{
	struct oomt_topmem_select_stats sel;
	size_t spare = SPARE_ROWS, ranked;
	int r;

	if ((r = ensure_rows(t, q->count)) < 0)
		return r;
	for (int attempt = 1;; attempt++) {
		r = oomt_topmem_select(t->pass.procs, t->pass.n, q->count + spare, q->sort,
		                       pss_budget(q->count + spare), oomt_proc_pass_read_pss,
		                       &t->procfd, &ranked, &sel);
		if (r < 0)
			return r;
		note_pss(t, &sel);
		if (fill_rows(t, ranked, q->count) || attempt == RANK_ATTEMPTS)
			break;
		spare *= 4;
		if ((r = take_pass(t, q)) < 0)
			return r;
	}
	for (size_t i = 0; i < t->nrows && !t->stats.pss_err; i++)
		if (t->rows[i].pss_bytes == OOMT_UNKNOWN)
			t->stats.pss_err = t->rows[i].pss_err;
	return 0;
}

/* The group key of p; <0 when p vanished or its file is unreadable (then left out). */
static int group_key(struct oomt_topmem *t, enum oomt_topmem_group g,
                     const struct oomt_topmem_proc *p, char *buf, size_t bufsz)
{
	struct oomt_proc_status st = { .struct_size = sizeof(st) };
	struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
	const char *path;
	int r;

	switch (g) {
	case OOMT_TOPMEM_GROUP_USER:
		if (!user_of(t, p->uid, buf, bufsz))
			snprintf(buf, bufsz, "-");
		return 0;
	case OOMT_TOPMEM_GROUP_COMMAND:
		if ((r = oomt_proc_read_status(t->procfd, p->pid, &st)) < 0)
			return r;
		snprintf(buf, bufsz, "%s", st.name);
		return 0;
	case OOMT_TOPMEM_GROUP_CGROUP:
	case OOMT_TOPMEM_GROUP_UNIT:
		if ((r = oomt_proc_read_cgroup(t->procfd, p->pid, &cg)) < 0)
			return r;
		oomt_cgroup_memory_path(t->cgfs, &cg, &path);
		if (g == OOMT_TOPMEM_GROUP_UNIT)
			oomt_cgroup_unit_name(path, buf, bufsz);
		else
			snprintf(buf, bufsz, "%s", *path ? path : "-");
		return 0;
	default:
		snprintf(buf, bufsz, "-");
		return 0;
	}
}

/* Every matching process summed into its group. An exact group PSS needs every member's
 * smaps_rollup; without it (group_pss_unread) the groups' PSS reads unknown. */
static int refresh_groups(struct oomt_topmem *t, const struct oomt_topmem_query *q)
{
	struct oomt_topmem_select_stats sel = { 0 };
	size_t n = t->pass.n;
	int r;

	oomt_topmem_groups_done(&t->groups);
	if (!q->group_pss_unread) {
		r = oomt_topmem_select_full(t->pass.procs, t->pass.n, t->pass.n,
		                            OOMT_TOPMEM_SORT_RSS, oomt_proc_pass_read_pss,
		                            &t->procfd, &n, &sel);
		if (r < 0)
			return r;
	}
	note_pss(t, &sel);
	for (size_t i = 0; i < n; i++) {
		struct oomt_topmem_proc p = t->pass.procs[i];
		char key[OOMT_PROC_CGROUP_MAX];

		if (q->group_pss_unread)
			p.pss_bytes = OOMT_UNKNOWN;
		else if (p.pss_bytes == OOMT_UNKNOWN && !t->stats.pss_err)
			t->stats.pss_err = p.pss_err;
		if (group_key(t, q->group, &p, key, sizeof(key)) < 0)
			continue;
		if ((r = oomt_topmem_groups_add(&t->groups, key, &p)) < 0)
			return r;
	}
	oomt_topmem_groups_sort(&t->groups, q->sort);
	t->nrows = t->groups.n < q->count ? t->groups.n : q->count;
	return 0;
}

int oomt_topmem_refresh(struct oomt_topmem *t, const struct oomt_topmem_query *query)
{
	struct oomt_topmem_query qq, *q = &qq;
	int r = check_query(query, &qq);

	if (r < 0)
		return r;
	read_system(t);
	rotate(t);
	t->stats = (struct oomt_topmem_stats){ 0 };
	t->nrows = 0;
	t->grouped = q->group;
	if ((r = take_pass(t, q)) < 0)
		return r;
	return q->group ? refresh_groups(t, q) : refresh_rows(t, q);
}

enum oomt_topmem_group oomt_topmem_grouped_by(const struct oomt_topmem *t)
{
	return t->grouped;
}

size_t oomt_topmem_nrows(const struct oomt_topmem *t)
{
	return t->nrows;
}

const struct oomt_topmem_row *oomt_topmem_row(const struct oomt_topmem *t, size_t i)
{
	return !t->grouped && i < t->nrows ? &t->rows[i] : NULL;
}

const struct oomt_topmem_group_row *oomt_topmem_group_row(const struct oomt_topmem *t, size_t i)
{
	return t->grouped && i < t->nrows ? &t->groups.rows[i] : NULL;
}

const struct oomt_topmem_stats *oomt_topmem_stats(const struct oomt_topmem *t)
{
	return &t->stats;
}

const struct oomt_system_memory *oomt_topmem_memory(const struct oomt_topmem *t)
{
	return t->has_memory ? &t->memory : NULL;
}

const struct oomt_memory_pressure *oomt_topmem_pressure(const struct oomt_topmem *t)
{
	return t->has_pressure ? &t->pressure : NULL;
}
