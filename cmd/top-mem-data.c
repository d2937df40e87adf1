/* SPDX-License-Identifier: MIT */
/* top-mem: the column table, the cell formatter and the small gathering helpers shared by
 * the snapshot and the live view. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/format.h>
#include <oomtool/record.h>
#include "top-mem.h"

const struct out_column topmem_columns[] = {
	[COL_PID] = { "PID", 6, SCOLS_FL_RIGHT, "process ID" },
	[COL_USER] = { "USER", 8, 0, "effective user" },
	[COL_RSS] = { "RSS", 6, SCOLS_FL_RIGHT, "resident set size (statm)" },
	[COL_PSS] = { "PSS", 6, SCOLS_FL_RIGHT, "proportional set size (smaps_rollup); - = unreadable" },
	[COL_SWAP] = { "SWAP", 6, SCOLS_FL_RIGHT, "swapped out (status VmSwap)" },
	[COL_OOM_SCORE] = { "OOM_SCORE", 5, SCOLS_FL_RIGHT, "the kernel's badness (oom_score, 0-2000)" },
	[COL_OOM_ADJ] = { "OOM_ADJ", 5, SCOLS_FL_RIGHT, "oom_score_adj (-1000..1000)" },
	[COL_CGROUP] = { "CGROUP", 0.2, SCOLS_FL_TRUNC, "memory cgroup (v1 memory controller or v2)" },
	[COL_LIMIT] = { "LIMIT", 6, SCOLS_FL_RIGHT, "tightest memory limit of the cgroup; - = none" },
	[COL_GROWTH] = { "GROWTH", 7, SCOLS_FL_RIGHT, "RSS+swap growth per minute (--sample, --watch)" },
	[COL_NAME] = { "NAME", 10, 0, "comm name" },
	[COL_COMMAND] = { "COMMAND", 0.3, SCOLS_FL_TRUNC, "command line ([comm] for kernel threads)" },
	[COL_GROUP] = { "GROUP", 0.3, SCOLS_FL_TRUNC, "the --by key: user, cgroup, unit or command" },
	[COL_PROCS] = { "PROCS", 5, SCOLS_FL_RIGHT, "processes in the group" },
};
const size_t topmem_ncolumns = sizeof(topmem_columns) / sizeof(topmem_columns[0]);

static const char *fmt_int(int64_t v, char *buf, size_t sz)
{
	if (v == OOMT_UNKNOWN)
		return "-";
	snprintf(buf, sz, "%" PRId64, v);
	return buf;
}

static const char *fmt_size(int64_t v, bool bytes, char *buf, size_t sz)
{
	return bytes ? fmt_int(v, buf, sz) : oomt_format_size(v, buf, sz);
}

/* Growth may be negative; the size formatter only takes sizes, so sign it here. */
static const char *fmt_growth(int64_t v, bool bytes, char *buf, size_t sz)
{
	char tmp[32];

	if (v == OOMT_UNKNOWN)
		return "-";
	if (bytes)
		return fmt_int(v, buf, sz);
	snprintf(buf, sz, "%s%s", v < 0 ? "-" : "+",
	         oomt_format_size(v < 0 ? -v : v, tmp, sizeof(tmp)));
	return buf;
}

static const char *group_cell(const struct topmem_row *r, int col, bool bytes, char *buf,
                              size_t sz)
{
	const struct oomt_topmem_group_row *g = r->g;

	switch (col) {
	case COL_GROUP: return g->key;
	case COL_PROCS: return fmt_int(g->nprocs, buf, sz);
	case COL_RSS: return fmt_size(g->rss_bytes, bytes, buf, sz);
	case COL_PSS: return fmt_size(g->pss_unknown ? OOMT_UNKNOWN : g->pss_bytes, bytes, buf, sz);
	case COL_SWAP: return fmt_size(g->swap_bytes, bytes, buf, sz);
	case COL_GROWTH: return fmt_growth(g->growth_bytes_per_min, bytes, buf, sz);
	default: return "-";
	}
}

const char *topmem_cell(const struct topmem_row *r, int col, bool bytes, char *buf, size_t sz)
{
	const struct oomt_topmem_proc *p = r->p;
	const struct oomt_proc_details *d = r->d;

	if (r->g)
		return group_cell(r, col, bytes, buf, sz);
	switch (col) {
	case COL_PID: return fmt_int(p->pid, buf, sz);
	case COL_USER: return r->user && *r->user ? r->user : "-";
	case COL_RSS: return fmt_size(p->rss_bytes, bytes, buf, sz);
	case COL_PSS: return fmt_size(p->pss_bytes, bytes, buf, sz);
	case COL_SWAP: return fmt_size(d ? d->swap_bytes : p->swap_bytes, bytes, buf, sz);
	case COL_OOM_SCORE: return fmt_int(d ? d->oom_score : p->oom_score, buf, sz);
	case COL_OOM_ADJ: return d ? fmt_int(d->oom_score_adj, buf, sz) : "-";
	case COL_CGROUP: return d && d->cgroup[0] ? d->cgroup : "-";
	case COL_LIMIT: return d ? fmt_size(d->cgroup_limit_bytes, bytes, buf, sz) : "-";
	case COL_GROWTH: return fmt_growth(p->growth_bytes_per_min, bytes, buf, sz);
	case COL_NAME: return d && d->name[0] ? d->name : "-";
	case COL_COMMAND: return d && d->command[0] ? d->command : "-";
	case COL_GROUP: return "-";
	case COL_PROCS: return "1";
	default: return "-";
	}
}

/* getpwuid for every shown row would reopen /etc/passwd each time (files backend). */
const char *topmem_user(struct topmem_ctx *c, int64_t uid, char *buf, size_t sz)
{
	struct topmem_user_cache *u = &c->users;
	size_t slot;

	if (uid == OOMT_UNKNOWN)
		return NULL;
	for (size_t i = 0; i < u->n; i++)
		if (u->uid[i] == uid) {
			snprintf(buf, sz, "%s", u->name[i]);
			return buf;
		}
	if (oomt_user_name(c->sysroot, uid, buf, sz) < 0)
		snprintf(buf, sz, "%" PRId64, uid);
	slot = u->n < 32 ? u->n++ : u->next++ % 32;
	u->uid[slot] = uid;
	snprintf(u->name[slot], sizeof(u->name[slot]), "%s", buf);
	return buf;
}

int topmem_system_read(struct topmem_ctx *c, struct topmem_system *s)
{
	bool direct;
	int r;

	memset(s, 0, sizeof(*s));
	s->oom_kill = OOMT_UNKNOWN;
	/* libproc2 for the first read of the live system; the direct parsers for fixture trees
	 * (procps.c), when libproc2 cannot be loaded (it is dlopen()ed, an optional dependency)
	 * and for every later read: see below. */
	direct = c->sysroot || c->procps_unloaded;
	r = direct ? -ELIBACC : oomt_procps_meminfo(&s->mem);
	if (r == -ELIBACC)
		r = oomt_proc_read_meminfo(c->procfd, &s->mem);
	s->has_mem = r == 0;
	r = direct ? -ELIBACC : oomt_procps_oom_kill(&s->oom_kill);
	if (r == -ELIBACC)
		r = oomt_proc_read_vmstat_oom_kill(c->procfd, &s->oom_kill);
	if (r < 0)
		s->oom_kill = OOMT_UNKNOWN;
	/* libproc2 brings libsystemd and six more libraries: their ~1 MiB would stay mapped for
	 * the whole run (the snapshot's scan, every --watch refresh) to re-read two small files
	 * that lib/proc parses itself. */
	if (!c->procps_unloaded) {
		oomt_procps_unload();
		c->procps_unloaded = true;
	}
	s->has_psi = oomt_proc_read_pressure(c->procfd, &s->psi) == 0;
	return s->has_mem ? 0 : -ENODATA;
}

void topmem_system_line(const struct topmem_system *s, char *buf, size_t sz)
{
	char t[16], a[16], su[16], st[16], psi[700] = "", full[32] = "", oom[48] = "";
	int64_t used = OOMT_UNKNOWN;

	if (!s->has_mem) {
		snprintf(buf, sz, "memory: unknown");
		return;
	}
	if (s->mem.swap_total_bytes != OOMT_UNKNOWN && s->mem.swap_free_bytes != OOMT_UNKNOWN)
		used = s->mem.swap_total_bytes - s->mem.swap_free_bytes;
	/* a pressure file without its "full" line: left out, not shown as 0 */
	if (s->has_psi && s->psi.has_full)
		snprintf(full, sizeof(full), " full %.2f%%", s->psi.full_avg10);
	if (s->has_psi)
		snprintf(psi, sizeof(psi), "  psi some %.2f%%%s", s->psi.some_avg10, full);
	if (s->oom_kill != OOMT_UNKNOWN)
		snprintf(oom, sizeof(oom), "  oom kills %" PRId64, s->oom_kill);
	snprintf(buf, sz, "mem %s avail %s  swap %s/%s%s%s",
	         oomt_format_size(s->mem.mem_total_bytes, t, sizeof(t)),
	         oomt_format_size(s->mem.mem_available_bytes, a, sizeof(a)),
	         oomt_format_size(used, su, sizeof(su)),
	         oomt_format_size(s->mem.swap_total_bytes, st, sizeof(st)), psi, oom);
}

int topmem_group_key(struct topmem_ctx *c, enum oomt_topmem_group g,
                     const struct oomt_topmem_proc *p, char *buf, size_t sz)
{
	struct oomt_proc_status st;
	struct oomt_proc_cgroup cg;
	const char *path;
	int r;

	switch (g) {
	case OOMT_TOPMEM_GROUP_USER:
		if (!topmem_user(c, p->uid, buf, sz))
			snprintf(buf, sz, "-");
		return 0;
	case OOMT_TOPMEM_GROUP_COMMAND:
		if ((r = oomt_proc_read_status(c->procfd, p->pid, &st)) < 0)
			return r;
		snprintf(buf, sz, "%s", st.name);
		return 0;
	case OOMT_TOPMEM_GROUP_CGROUP:
	case OOMT_TOPMEM_GROUP_UNIT:
		if ((r = oomt_proc_read_cgroup(c->procfd, p->pid, &cg)) < 0)
			return r;
		path = cg.v1_memory[0] && (c->cgfs.v1_memory_fd >= 0 || !cg.v2[0]) ? cg.v1_memory
		                                                                   : cg.v2;
		if (g == OOMT_TOPMEM_GROUP_UNIT)
			oomt_cgroup_unit_name(path, buf, sz);
		else
			snprintf(buf, sz, "%s", *path ? path : "-");
		return 0;
	default:
		snprintf(buf, sz, "-");
		return 0;
	}
}

struct oomt_proc_scan_opts topmem_scan_opts(const struct topmem_ctx *c, bool want_status)
{
	return (struct oomt_proc_scan_opts){
		.page_size = c->page_size,
		.want_status = want_status || c->sort == OOMT_TOPMEM_SORT_SWAP ||
		               c->group != OOMT_TOPMEM_GROUP_NONE,
		.want_oom_score = c->sort == OOMT_TOPMEM_SORT_OOM,
		.uid = c->uid,
		.pids = c->pids,
		.npids = c->npids,
		.cgroup = c->cgroup,
	};
}

/* Idle processes share libc: RSS ~1-2 MiB, PSS ~0.1 MiB. When the count-th best PSS is below
 * that, pruning cannot stop early and would read every smaps_rollup (libproc2-notes.md §2,
 * "degenerate case"); 4 reads per row plus 100 keeps that at ~10-30 ms. */
size_t topmem_pss_budget(size_t count)
{
	return 4 * count + 100;
}

const char *topmem_sort_name(enum oomt_topmem_sort s)
{
	static const char *const names[] = { "rss", "pss", "swap", "oom", "growth" };
	return (size_t)s < 5 ? names[s] : "?";
}

const char *topmem_group_name(enum oomt_topmem_group g)
{
	static const char *const names[] = { "none", "user", "cgroup", "unit", "command" };
	return (size_t)g < 5 ? names[g] : "?";
}
