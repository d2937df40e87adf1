/* SPDX-License-Identifier: MIT */
/*
 * explain-kill --now: who the kernel would kill right now. The running processes are
 * ranked with the same model as a logged incident (lib/model), per constraint: the whole
 * machine (totalpages = MemTotal + SwapTotal) and each memory cgroup, v1 or v2, that uses
 * at least 75% of its limit (totalpages = the limit plus the swap it may use). Beside each
 * row: the kernel's own /proc/PID/oom_score, and ours on the same scale.
 *
 * Gather (one pass over /proc, then the cgroups), model, render: in that order.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common.h"
#include "explain-kill.h"
#include <oomtool/proc.h>
#include <oomtool/cgroup.h>
#include <oomtool/proc-oom.h>
#include <oomtool/system.h>

#define NEAR_LIMIT_PERMILLE 750
#define MAX_CONSTRAINTS 64

struct nproc {
	struct oomt_live_task t;
	char name[64];
	int64_t oom_score;            /* the kernel's, or unknown */
	int cg[2];                    /* index into the path table: v1 memory, v2; -1 none */
};

struct nrank {
	size_t proc;
	int64_t points, adj_points;
	bool eligible;
	const char *skip;
};

struct constraint {
	bool memcg;
	int version;                  /* 1, 2; 0 for the whole machine */
	const char *path;             /* cgroup path (in the path table) */
	int64_t limit_bytes, usage_bytes, totalpages;
	struct nrank *ranks;
	size_t n, n_eligible;
};

struct now {
	const struct ek_opts *o;
	int procfd;
	struct oomt_cgroup_fs cgfs;
	long ps;
	bool signed_era;
	char release[65];
	int64_t ram_bytes, swap_bytes, global_t;
	struct nproc *procs;
	size_t n, cap;
	char **paths;                 /* distinct cgroup paths */
	size_t n_paths;
	struct constraint cons[MAX_CONSTRAINTS];
	size_t n_cons;
	size_t vanished;
};

static bool known(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

/* ---- gather ---- */

static int intern(struct now *w, const char *path)
{
	char **p;

	if (!path[0])
		return -1;
	for (size_t i = 0; i < w->n_paths; i++)
		if (strcmp(w->paths[i], path) == 0)
			return (int)i;
	p = realloc(w->paths, (w->n_paths + 1) * sizeof(*p));
	if (!p)
		return -1;
	w->paths = p;
	p[w->n_paths] = strdup(path);
	if (!p[w->n_paths])
		return -1;
	return (int)w->n_paths++;
}

static int read_proc(struct now *w, int pid, struct nproc *np)
{
	char buf[4096], path[64];
	struct oomt_proc_oom_status st;
	struct oomt_proc_cgroup cg;
	int64_t rss;
	size_t len;
	int r;

	snprintf(path, sizeof(path), "%d/status", pid);
	r = oomt_proc_read_file(w->procfd, path, buf, sizeof(buf), &len, NULL);
	if (r == 0)
		r = oomt_proc_parse_oom_status(buf, len, &st);
	if (r < 0)
		return r;
	memset(np, 0, sizeof(*np));
	snprintf(np->name, sizeof(np->name), "%s", st.name);
	np->t.pid = pid;
	np->t.kthread = st.kthread;
	np->t.rss_pages = OOMT_UNKNOWN;
	if (!st.kthread && oomt_proc_read_statm(w->procfd, pid, w->ps, &rss) == 0)
		np->t.rss_pages = rss / w->ps;
	np->t.swap_pages = known(st.vmswap_bytes) ? st.vmswap_bytes / w->ps : OOMT_UNKNOWN;
	np->t.pgtables_pages = known(st.vmpte_bytes) ? st.vmpte_bytes / w->ps : OOMT_UNKNOWN;
	if (oomt_proc_read_oom_score_adj(w->procfd, pid, &np->t.oom_score_adj) < 0)
		np->t.oom_score_adj = OOMT_UNKNOWN;
	if (oomt_proc_read_oom_score(w->procfd, pid, &np->oom_score) < 0)
		np->oom_score = OOMT_UNKNOWN;
	np->cg[0] = np->cg[1] = -1;
	if (oomt_proc_read_cgroup(w->procfd, pid, &cg) == 0) {
		np->cg[0] = intern(w, cg.v1_memory);
		np->cg[1] = intern(w, cg.v2);
	}
	return 0;
}

static int gather_procs(struct now *w)
{
	struct oomt_proc_iter it;
	int pid, r;

	r = oomt_proc_iter_open(w->procfd, &it);
	if (r < 0)
		return r;
	while ((r = oomt_proc_iter_next(&it, &pid)) == 0) {
		if (w->n == w->cap) {
			size_t cap = w->cap ? w->cap * 2 : 512;
			struct nproc *p = realloc(w->procs, cap * sizeof(*p));
			if (!p) {
				r = -ENOMEM;
				break;
			}
			w->procs = p;
			w->cap = cap;
		}
		if (read_proc(w, pid, &w->procs[w->n]) == 0)
			w->n++;
		else
			w->vanished++;         /* exited while we read it, or unreadable */
	}
	oomt_proc_iter_done(&it);
	return r < 0 ? r : 0;
}

static int gather_system(struct now *w)
{
	struct oomt_proc_meminfo mi;
	long code;
	int r;

	r = oomt_proc_read_meminfo(w->procfd, &mi);
	if (r < 0)
		return r;
	w->ram_bytes = mi.mem_total_bytes;
	w->swap_bytes = known(mi.swap_total_bytes) ? mi.swap_total_bytes : 0;
	w->global_t = (w->ram_bytes + w->swap_bytes) / w->ps;
	/* The running kernel decides the rules: its release from <sysroot>/proc (the file twin
	 * of uname); without one, the current rules. */
	if (oomt_kernel_release_read(w->o->sysroot, w->release, sizeof(w->release)) < 0)
		w->release[0] = '\0';
	code = oomt_kernel_release_code(w->release);
	w->signed_era = code == 0 || code >= OOMT_KERNEL_VERSION(5, 9, 0);
	return 0;
}

/* ---- constraints ---- */

static int64_t read_cg_value(const struct now *w, int version, const char *path, const char *file)
{
	char rel[1024], buf[128];
	size_t len;
	int64_t v;
	int fd = version == 1 ? w->cgfs.v1_memory_fd : w->cgfs.v2_fd;

	while (*path == '/')
		path++;
	if (fd < 0 || strstr(path, "..") ||
	    snprintf(rel, sizeof(rel), "%s/%s", *path ? path : ".", file) >= (int)sizeof(rel))
		return OOMT_UNKNOWN;
	if (oomt_proc_read_file(fd, rel, buf, sizeof(buf), &len, NULL) < 0 ||
	    oomt_cgroup_parse_limit(buf, len, &v) < 0)
		return OOMT_UNKNOWN;
	return v;
}

/* The swap a memcg may use on top of its limit, as mem_cgroup_get_max() counts it. */
static int64_t memcg_swap_pages(const struct now *w, int version, const char *path, int64_t limit)
{
	int64_t host = w->swap_bytes / w->ps, sw, swappiness;
	char buf[32];
	size_t len;

	if (host == 0)
		return 0;
	if (version == 1) {
		swappiness = read_cg_value(w, 1, path, "memory.swappiness");
		sw = read_cg_value(w, 1, path, "memory.memsw.limit_in_bytes");
		sw = known(sw) ? (sw - limit) / w->ps : host;
	} else {
		swappiness = OOMT_UNKNOWN;
		if (oomt_proc_read_file(w->procfd, "sys/vm/swappiness", buf, sizeof(buf), &len, NULL) == 0)
			oomt_proc_parse_int(buf, len, &swappiness);
		sw = read_cg_value(w, 2, path, "memory.swap.max");
		sw = known(sw) ? sw / w->ps : host;
	}
	if (swappiness == 0 || sw <= 0)
		return 0;
	return sw < host ? sw : host;
}

static bool seen(const struct now *w, int version, const char *path)
{
	for (size_t i = 0; i < w->n_cons; i++)
		if (w->cons[i].version == version && strcmp(w->cons[i].path, path) == 0)
			return true;
	return false;
}

static void consider_cgroup(struct now *w, int version, const char *path)
{
	struct oomt_cgroup_memory mem;
	struct constraint *c;

	if (w->n_cons == MAX_CONSTRAINTS || seen(w, version, path))
		return;
	if (oomt_cgroup_memory_read(&w->cgfs, version == 1 ? OOMT_CGROUP_V1 : OOMT_CGROUP_V2,
	                            path, &mem) < 0)
		return;
	if (!known(mem.limit_bytes) || !known(mem.usage_bytes) || mem.limit_bytes <= 0 ||
	    mem.usage_bytes * 1000 < mem.limit_bytes * NEAR_LIMIT_PERMILLE)
		return;
	c = &w->cons[w->n_cons++];
	memset(c, 0, sizeof(*c));
	c->memcg = true;
	c->version = version;
	c->path = path;
	c->limit_bytes = mem.limit_bytes;
	c->usage_bytes = mem.usage_bytes;
	c->totalpages = mem.limit_bytes / w->ps + memcg_swap_pages(w, version, path, mem.limit_bytes);
}

/* Each process's cgroup and its ancestors: a limit on a parent applies to the subtree. */
static void find_memcgs(struct now *w)
{
	char path[1024], *slash;

	for (size_t i = 0; i < w->n_paths; i++) {
		for (int version = 1; version <= 2; version++) {
			snprintf(path, sizeof(path), "%s", w->paths[i]);
			while (strcmp(path, "/") != 0 && path[0]) {
				int id = intern(w, path);  /* keep a stable copy */
				if (id >= 0)
					consider_cgroup(w, version, w->paths[id]);
				slash = strrchr(path, '/');
				if (!slash)
					break;
				if (slash == path)
					slash[1] = '\0';
				else
					*slash = '\0';
			}
		}
	}
}

/* ---- model ---- */

static bool in_cgroup(const struct now *w, const struct nproc *p, const struct constraint *c)
{
	int id = p->cg[c->version - 1];
	size_t n = strlen(c->path);

	if (id < 0)
		return false;
	return strncmp(w->paths[id], c->path, n) == 0 &&
	       (w->paths[id][n] == '\0' || w->paths[id][n] == '/');
}

static const char *skip_reason(const struct nproc *p)
{
	if (p->t.kthread || !known(p->t.rss_pages))
		return "kernel_thread";
	if (p->t.pid == 1)
		return "init";
	if (p->t.oom_score_adj == -1000)
		return "oom_score_adj_min";
	return "unreadable";
}

static bool later_first;

static int cmp_nrank(const void *pa, const void *pb)
{
	const struct nrank *a = pa, *b = pb;

	if (a->eligible != b->eligible)
		return a->eligible ? -1 : 1;
	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	return (a->proc > b->proc) == later_first ? -1 : 1;
}

static int rank_constraint(struct now *w, struct constraint *c)
{
	c->ranks = calloc(w->n ? w->n : 1, sizeof(*c->ranks));
	if (!c->ranks)
		return -ENOMEM;
	for (size_t i = 0; i < w->n; i++) {
		const struct nproc *p = &w->procs[i];
		struct nrank *r;
		if (c->memcg && !in_cgroup(w, p, c))
			continue;
		if (p->t.kthread)
			continue;                  /* never candidates, and not worth a row */
		r = &c->ranks[c->n++];
		r->proc = i;
		r->eligible = oomt_model_live_points(&p->t, c->totalpages, w->signed_era, &r->points);
		r->adj_points = known(p->t.oom_score_adj) ? p->t.oom_score_adj * (c->totalpages / 1000) : 0;
		if (!r->eligible) {
			r->points = OOMT_UNKNOWN;
			r->skip = skip_reason(p);
		} else {
			c->n_eligible++;
		}
	}
	/* /proc lists processes by pid, close to the task-list order the kernel walks. */
	later_first = w->signed_era;
	qsort(c->ranks, c->n, sizeof(*c->ranks), cmp_nrank);
	return 0;
}

/* The kernel's pick by its own numbers: the highest oom_score (global totalpages). */
static const struct nrank *kernel_top(const struct now *w, const struct constraint *c)
{
	const struct nrank *best = NULL;

	for (size_t i = 0; i < c->n; i++) {
		const struct nrank *r = &c->ranks[i];
		if (!r->eligible || !known(w->procs[r->proc].oom_score))
			continue;
		if (!best || w->procs[r->proc].oom_score > w->procs[best->proc].oom_score)
			best = r;
	}
	return best;
}

static int64_t model_score(const struct now *w, const struct nproc *p)
{
	int64_t pts;

	if (!oomt_model_live_points(&p->t, w->global_t, w->signed_era, &pts))
		return 0;
	return oomt_model_oom_score(pts, w->global_t, w->signed_era);
}

/* ---- render ---- */

enum { N_PID, N_NAME, N_RSS, N_SWAP, N_PGT, N_ADJ, N_POINTS, N_SHARE, N_SCORE, N_MSCORE, N_NOTE };

static const struct out_column now_cols[] = {
	[N_PID]    = { "PID", 6, SCOLS_FL_RIGHT, "process id" },
	[N_NAME]   = { "NAME", 0.2, SCOLS_FL_TRUNC, "command name" },
	[N_RSS]    = { "RSS", 6, SCOLS_FL_RIGHT, "resident memory" },
	[N_SWAP]   = { "SWAP", 6, SCOLS_FL_RIGHT, "swapped out" },
	[N_PGT]    = { "PGTABLES", 6, SCOLS_FL_RIGHT, "page tables" },
	[N_ADJ]    = { "ADJ", 5, SCOLS_FL_RIGHT, "oom_score_adj" },
	[N_POINTS] = { "POINTS", 8, SCOLS_FL_RIGHT, "badness in pages" },
	[N_SHARE]  = { "SHARE", 6, SCOLS_FL_RIGHT, "badness as a share of totalpages" },
	[N_SCORE]  = { "OOM_SCORE", 5, SCOLS_FL_RIGHT, "the kernel's /proc/PID/oom_score" },
	[N_MSCORE] = { "MODEL", 5, SCOLS_FL_RIGHT, "our oom_score on the kernel's scale" },
	[N_NOTE]   = { "NOTE", 0.1, 0, "why skipped" },
};

static void now_line(const struct now *w, const struct constraint *c, struct out_table *t,
                     const struct nrank *r)
{
	const struct nproc *p = &w->procs[r->proc];
	struct libscols_line *ln = out_table_line(t);
	char buf[32];

	out_cell_int(t, ln, N_PID, p->t.pid);
	out_cell(t, ln, N_NAME, p->name);
	out_cell_size(t, ln, N_RSS, known(p->t.rss_pages) ? p->t.rss_pages * w->ps : OOMT_UNKNOWN);
	out_cell_size(t, ln, N_SWAP, known(p->t.swap_pages) ? p->t.swap_pages * w->ps : OOMT_UNKNOWN);
	out_cell_size(t, ln, N_PGT, known(p->t.pgtables_pages) ? p->t.pgtables_pages * w->ps
	                                                       : OOMT_UNKNOWN);
	out_cell_int(t, ln, N_ADJ, p->t.oom_score_adj);
	out_cell_int(t, ln, N_POINTS, r->points);
	if (r->eligible && c->totalpages > 0) {
		int64_t pm = r->points * 1000 / c->totalpages;
		snprintf(buf, sizeof(buf), "%" PRId64 ".%" PRId64 "%%", pm / 10, (pm < 0 ? -pm : pm) % 10);
		out_cell(t, ln, N_SHARE, buf);
	}
	out_cell_int(t, ln, N_SCORE, p->oom_score);
	out_cell_int(t, ln, N_MSCORE, model_score(w, p));
	out_cell(t, ln, N_NOTE, r->skip ? r->skip : "");
}

static int print_constraint(const struct now *w, const struct constraint *c)
{
	int ids[] = { N_PID, N_NAME, N_RSS, N_SWAP, N_PGT, N_ADJ, N_POINTS, N_SHARE, N_SCORE,
	              N_MSCORE, N_NOTE };
	const struct nrank *top = c->n_eligible ? &c->ranks[0] : NULL, *k = kernel_top(w, c);
	char a[32], b[32];
	struct out_table t;
	int r;

	if (c->memcg)
		printf("\nMemory cgroup %s (cgroup v%d): %s used of its %s limit; totalpages %"
		       PRId64 ".\n", c->path, c->version, oomt_format_size(c->usage_bytes, a, sizeof(a)),
		       oomt_format_size(c->limit_bytes, b, sizeof(b)), c->totalpages);
	else
		printf("Whole machine: totalpages %" PRId64 " (RAM %s + swap %s).\n", c->totalpages,
		       oomt_format_size(w->ram_bytes, a, sizeof(a)),
		       oomt_format_size(w->swap_bytes, b, sizeof(b)));
	if (!top) {
		puts("No process could be chosen: the kernel would find nothing to kill.");
		return 0;
	}
	printf("The kernel would kill %s (pid %" PRId64 ") first", w->procs[top->proc].name,
	       w->procs[top->proc].t.pid);
	if (c->n_eligible > 1)
		printf(", %" PRId64 " pages ahead of %s (pid %" PRId64 ")", top->points - c->ranks[1].points,
		       w->procs[c->ranks[1].proc].name, w->procs[c->ranks[1].proc].t.pid);
	if (!c->memcg && k)
		printf(k == top || w->procs[k->proc].oom_score == w->procs[top->proc].oom_score
		       ? "; its own oom_score agrees.\n"
		       : "; the kernel's oom_score ranks %s (pid %" PRId64 ") first: memory moved "
		         "while we read.\n", w->procs[k->proc].name, w->procs[k->proc].t.pid);
	else
		puts(c->memcg ? " (oom_score uses the whole machine's totalpages, not this cgroup's)."
		              : ".");
	fflush(stdout);
	r = out_table_init(&t, now_cols, sizeof(now_cols) / sizeof(now_cols[0]), ids,
	                   sizeof(ids) / sizeof(ids[0]), &w->o->out);
	for (size_t i = 0; r == 0 && i < c->n && i < w->o->top; i++)
		now_line(w, c, &t, &c->ranks[i]);
	if (r == 0)
		r = out_table_print(&t);
	out_table_done(&t);
	return r;
}

static void json_constraint(const struct now *w, struct oomt_json *j, const struct constraint *c)
{
	const struct nrank *top = c->n_eligible ? &c->ranks[0] : NULL, *k = kernel_top(w, c);

	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "scope", c->memcg ? "memcg" : "global");
	oomt_json_string(j, "memcg", c->memcg ? c->path : NULL);
	oomt_json_int(j, "cgroup_version", c->memcg ? c->version : OOMT_UNKNOWN);
	oomt_json_int(j, "limit_bytes", c->memcg ? c->limit_bytes : OOMT_UNKNOWN);
	oomt_json_int(j, "usage_bytes", c->memcg ? c->usage_bytes : OOMT_UNKNOWN);
	oomt_json_int(j, "totalpages", c->totalpages);
	oomt_json_int(j, "model_victim_pid", top ? w->procs[top->proc].t.pid : OOMT_UNKNOWN);
	oomt_json_int(j, "kernel_victim_pid", !c->memcg && k ? w->procs[k->proc].t.pid : OOMT_UNKNOWN);
	if (c->memcg || !k || !top)
		oomt_json_null(j, "agrees");
	else
		oomt_json_bool(j, "agrees", w->procs[k->proc].oom_score == w->procs[top->proc].oom_score);
	oomt_json_begin_array(j, "ranking");
	for (size_t i = 0; i < c->n && i < w->o->top; i++) {
		const struct nrank *r = &c->ranks[i];
		const struct nproc *p = &w->procs[r->proc];
		oomt_json_begin_object(j, NULL);
		oomt_json_int(j, "pid", p->t.pid);
		oomt_json_string_or_null(j, "name", p->name);
		oomt_json_int(j, "points", r->points);
		oomt_json_int(j, "rss_pages", p->t.rss_pages);
		oomt_json_int(j, "swapents_pages", p->t.swap_pages);
		oomt_json_int(j, "pgtables_pages", p->t.pgtables_pages);
		oomt_json_int(j, "oom_score_adj", p->t.oom_score_adj);
		oomt_json_int(j, "adj_points", r->adj_points);
		oomt_json_bool(j, "eligible", r->eligible);
		oomt_json_string(j, "skip_reason", r->skip);
		oomt_json_int(j, "oom_score", p->oom_score);
		oomt_json_int(j, "model_oom_score", model_score(w, p));
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}

static int render(struct now *w)
{
	struct oomt_json j;
	int r = 0;

	if (w->o->json) {
		oomt_json_init(&j, stdout, true);
		oomt_json_begin_object(&j, NULL);
		oomt_json_string(&j, "kernel", w->release[0] ? w->release : NULL);
		oomt_json_string(&j, "rules", w->signed_era ? "5.9+" : "3.6-5.8");
		oomt_json_begin_array(&j, "constraints");
		for (size_t i = 0; i < w->n_cons; i++)
			json_constraint(w, &j, &w->cons[i]);
		oomt_json_end_array(&j);
		oomt_json_end_object(&j);
		oomt_json_finish(&j);
		return 0;
	}
	printf("Right now on kernel %s (%s badness rules; oom_score scale %s):\n",
	       w->release[0] ? w->release : "?", w->signed_era ? "5.9+" : "3.6-5.8",
	       w->signed_era ? "0..2000, (1000 + points*1000/totalpages)*2/3" : "points*1000/totalpages");
	for (size_t i = 0; r == 0 && i < w->n_cons; i++)
		r = print_constraint(w, &w->cons[i]);
	return r;
}

static void now_done(struct now *w)
{
	for (size_t i = 0; i < w->n_cons; i++)
		free(w->cons[i].ranks);
	for (size_t i = 0; i < w->n_paths; i++)
		free(w->paths[i]);
	free(w->paths);
	free(w->procs);
	if (w->procfd >= 0)
		close(w->procfd);
	oomt_cgroup_fs_close(&w->cgfs);
}

int ek_now(const struct ek_opts *o)
{
	struct now w = { .o = o, .procfd = -1, .cgfs = { -1, -1 } };
	int r;

	w.ps = oomt_page_size();
	r = oomt_proc_open(o->sysroot, &w.procfd);
	if (r == 0)
		r = gather_system(&w);
	if (r < 0) {
		cli_err(EK_NAME, "cannot read '%s/proc': %s%s%s", o->sysroot ? o->sysroot : "",
		         strerror(-r), r == -EACCES || r == -EPERM ? "; " : "",
		         r == -EACCES || r == -EPERM ? cli_privilege_hint(-r) : "");
		now_done(&w);
		return r == -EACCES || r == -EPERM ? EXIT_PRIVILEGE : EXIT_RUNTIME;
	}
	oomt_cgroup_fs_open(&w.cgfs, o->sysroot);    /* none mounted: the whole machine only */
	r = gather_procs(&w);
	if (r == 0) {
		w.cons[0] = (struct constraint){ .totalpages = w.global_t };
		w.n_cons = 1;
		find_memcgs(&w);
		for (size_t i = 0; r == 0 && i < w.n_cons; i++)
			r = rank_constraint(&w, &w.cons[i]);
	}
	if (r == 0)
		r = render(&w);
	now_done(&w);
	if (r < 0) {
		cli_err(EK_NAME, "ranking the running processes: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	return cli_finish_stdout(EK_NAME, EXIT_FOUND);
}
