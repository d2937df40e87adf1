/* SPDX-License-Identifier: MIT */
/* scan-logs: table columns and -v details. Renderers take const events and print; they
 * read nothing. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <oomtool/format.h>
#include "common.h"
#include "scan-logs.h"

enum {
	COL_TIME, COL_HOST, COL_KILLER, COL_SCOPE, COL_VICTIM, COL_PID, COL_RSS, COL_CGROUP,
	COL_TRIGGER, COL_ID, COL_UPTIME, COL_SOURCE, COL_KERNEL, COL_CONSTRAINT, COL_OOM_MEMCG,
	COL_TASK_MEMCG, COL_ANON_RSS, COL_FILE_RSS, COL_SHMEM_RSS, COL_TOTAL_VM, COL_UID, COL_ADJ,
	COL_SCORE, COL_GFP, COL_ORDER, COL_LIMIT, COL_USAGE, COL_COMPLETE, COL_MISSING, COL_UNIT,
	COL_REASON, COL_KIND, COL_JOB,
};

const struct out_column sl_columns[] = {
	[COL_TIME]       = { "TIME", 19, 0, "when (local time; +SECONDS since boot when the log has no clock)" },
	[COL_HOST]       = { "HOST", 0.1, SCOLS_FL_TRUNC, "host name from the log" },
	[COL_KILLER]     = { "KILLER", 7, 0, "kernel, earlyoom, systemd-oomd, nohang, lowmemorykiller or lmkd" },
	[COL_SCOPE]      = { "SCOPE", 6, 0, "global, memcg, cpuset or mempolicy" },
	[COL_VICTIM]     = { "VICTIM", 0.1, SCOLS_FL_TRUNC, "killed process name (comm)" },
	[COL_PID]        = { "PID", 7, SCOLS_FL_RIGHT, "killed process ID" },
	[COL_RSS]        = { "RSS", 6, SCOLS_FL_RIGHT, "victim's resident memory (anon + file + shmem; \">N\": anon alone, the line cut)" },
	[COL_CGROUP]     = { "CGROUP", 0.3, SCOLS_FL_TRUNC, "victim's memory cgroup (else the OOM cgroup, else the systemd unit or the Slurm job step)" },
	[COL_TRIGGER]    = { "TRIGGER", 0.1, SCOLS_FL_TRUNC, "process whose allocation invoked the killer" },
	[COL_ID]         = { "ID", 12, 0, "incident ID (for explain-kill)" },
	[COL_UPTIME]     = { "UPTIME", 12, SCOLS_FL_RIGHT, "kernel time stamp, seconds since boot" },
	[COL_SOURCE]     = { "SOURCE", 0.2, SCOLS_FL_TRUNC, "log the incident was read from" },
	[COL_KERNEL]     = { "KERNEL", 0.1, SCOLS_FL_TRUNC, "kernel release, when printed" },
	[COL_CONSTRAINT] = { "CONSTRAINT", 10, 0, "constraint as the kernel printed it (5.0+)" },
	[COL_OOM_MEMCG]  = { "OOM_MEMCG", 0.2, SCOLS_FL_TRUNC, "memory cgroup that hit its limit" },
	[COL_TASK_MEMCG] = { "TASK_MEMCG", 0.2, SCOLS_FL_TRUNC, "victim's memory cgroup" },
	[COL_ANON_RSS]   = { "ANON_RSS", 6, SCOLS_FL_RIGHT, "victim's anonymous resident memory" },
	[COL_FILE_RSS]   = { "FILE_RSS", 6, SCOLS_FL_RIGHT, "victim's file-backed resident memory" },
	[COL_SHMEM_RSS]  = { "SHMEM_RSS", 6, SCOLS_FL_RIGHT, "victim's shared-memory resident memory" },
	[COL_TOTAL_VM]   = { "TOTAL_VM", 6, SCOLS_FL_RIGHT, "victim's virtual memory size" },
	[COL_UID]        = { "UID", 5, SCOLS_FL_RIGHT, "victim's user ID" },
	[COL_ADJ]        = { "ADJ", 5, SCOLS_FL_RIGHT, "victim's oom_score_adj" },
	[COL_SCORE]      = { "SCORE", 5, SCOLS_FL_RIGHT, "badness score, when the log gives one" },
	[COL_GFP]        = { "GFP", 0.1, SCOLS_FL_TRUNC, "allocation flags of the trigger" },
	[COL_ORDER]      = { "ORDER", 5, SCOLS_FL_RIGHT, "allocation order (-1 = sysrq-f)" },
	[COL_LIMIT]      = { "LIMIT", 6, SCOLS_FL_RIGHT, "memory cgroup limit" },
	[COL_USAGE]      = { "USAGE", 6, SCOLS_FL_RIGHT, "memory cgroup usage at the OOM" },
	[COL_COMPLETE]   = { "COMPLETE", 3, 0, "yes when every expected part of the report was found" },
	[COL_MISSING]    = { "MISSING", 0.1, SCOLS_FL_TRUNC, "parts of the report not found in the log" },
	[COL_UNIT]       = { "UNIT", 0.2, SCOLS_FL_TRUNC, "systemd unit that systemd named for this kill" },
	[COL_REASON]     = { "REASON", 0.3, SCOLS_FL_TRUNC, "userspace killers: why they killed; oom_panic: the panic's text; allocation_failure: what failed" },
	[COL_KIND]       = { "KIND", 9, 0, "oom_kill, oom_panic (the kernel panicked instead of killing) or allocation_failure" },
	[COL_JOB]        = { "JOB", 0.1, SCOLS_FL_TRUNC, "Slurm job step that slurmstepd named for this kill" },
};
const size_t sl_ncolumns = sizeof(sl_columns) / sizeof(sl_columns[0]);
const char sl_default_columns[] = "TIME,HOST,KILLER,SCOPE,VICTIM,PID,RSS,CGROUP,TRIGGER";
const char sl_kind_columns[] = "TIME,HOST,KIND,KILLER,SCOPE,VICTIM,PID,RSS,CGROUP,TRIGGER,REASON";

/* ---- table line ---- */

static int64_t add_known(int64_t a, int64_t b)
{
	if (a == OOMT_UNKNOWN)
		return b;
	if (b == OOMT_UNKNOWN)
		return a;
	return a + b;
}

static void cell_time(struct out_table *t, struct libscols_line *ln, const struct oomt_event *ev)
{
	char buf[64];

	if (ev->time_usec != OOMT_UNKNOWN) {
		out_format_time(ev->time_usec, buf, sizeof(buf));
	} else if (ev->uptime_usec != OOMT_UNKNOWN) {
		snprintf(buf, sizeof(buf), "+%" PRId64 ".%03" PRId64 "s", ev->uptime_usec / 1000000,
		         (ev->uptime_usec % 1000000) / 1000);
	} else {
		strcpy(buf, "-");
	}
	out_cell(t, ln, COL_TIME, buf);
}

static void cell_uptime(struct out_table *t, struct libscols_line *ln, int64_t usec)
{
	char buf[40];

	if (!out_shown(t, COL_UPTIME))
		return;
	if (usec == OOMT_UNKNOWN) {
		out_cell(t, ln, COL_UPTIME, "-");
		return;
	}
	snprintf(buf, sizeof(buf), "%" PRId64 ".%06" PRId64, usec / 1000000, usec % 1000000);
	out_cell(t, ln, COL_UPTIME, buf);
}

static void missing_list(unsigned missing, char *buf, size_t sz)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned bit = 1; bit <= OOMT_PART_LAST && n < sz; bit <<= 1)
		if (missing & bit)
			n += (size_t)snprintf(buf + n, sz - n, "%s%s", n ? "," : "",
			                      oomt_part_name((enum oomt_part)bit));
}

/* Victim in bold on a terminal: it is what the reader looks for first. */
static void color_victim(struct out_table *t, struct libscols_line *ln)
{
	if (!t->opts.color)
		return;
	for (size_t i = 0; i < t->nids; i++)
		if (t->ids[i] == COL_VICTIM)
			scols_cell_set_color(scols_line_get_cell(ln, i), "bold");
}

static void fill_victim(struct out_table *t, struct libscols_line *ln, const struct oomt_event *ev)
{
	const struct oomt_victim *v = &ev->victim;

	/* what happened instead of a kill shows where the victim would be: "(oom_panic)" */
	if (ev->kind == OOMT_KIND_ALLOCATION_FAILURE) {
		out_cell(t, ln, COL_VICTIM, ev->alloc.stall ? "(stall)" : "(none)");
	} else if (ev->kind != OOMT_KIND_OOM_KILL && !v->comm[0]) {
		char buf[40];

		snprintf(buf, sizeof(buf), "(%s)", oomt_kind_name(ev->kind));
		out_cell(t, ln, COL_VICTIM, buf);
	} else {
		out_cell(t, ln, COL_VICTIM, v->comm);
	}
	color_victim(t, ln);
	out_cell_int(t, ln, COL_PID, v->pid);
	if (oomt_event_victim_rss(ev) == OOMT_UNKNOWN && v->anon_rss_bytes != OOMT_UNKNOWN &&
	    !t->opts.bytes) {
		/* a kill line cut after anon-rss: at least that much */
		char size[32], cell[40];

		snprintf(cell, sizeof(cell), ">%s", out_format_size(v->anon_rss_bytes, false, size,
		                                                     sizeof(size)));
		out_cell(t, ln, COL_RSS, cell);
	} else {
		out_cell_size(t, ln, COL_RSS, oomt_event_victim_rss(ev));
	}
	out_cell_size(t, ln, COL_ANON_RSS, v->anon_rss_bytes);
	out_cell_size(t, ln, COL_FILE_RSS, v->file_rss_bytes);
	out_cell_size(t, ln, COL_SHMEM_RSS, v->shmem_rss_bytes);
	out_cell_size(t, ln, COL_TOTAL_VM, v->total_vm_bytes);
	out_cell_int(t, ln, COL_UID, v->uid);
	out_cell_int(t, ln, COL_ADJ, v->oom_score_adj);
	out_cell_int(t, ln, COL_SCORE, v->score);
}

/* "order 2 GFP_ATOMIC|__GFP_COMP, atomic, in tg3_alloc_rx_data [tg3]" */
static void alloc_summary(const struct oomt_event *ev, char *buf, size_t sz)
{
	const struct oomt_allocation *a = &ev->alloc;
	const char *mask = ev->trigger.gfp_flags[0] ? ev->trigger.gfp_flags : ev->trigger.gfp_mask;
	size_t n = 0;

	buf[0] = '\0';
	/* each part after the first follows ", " */
#define PUT(...) do { if (n < sz) n += (size_t)snprintf(buf + n, sz - n, __VA_ARGS__); } while (0)
#define PART(...) do { if (n) PUT(", "); PUT(__VA_ARGS__); } while (0)
	if (a->stall && a->stall_ms != OOMT_UNKNOWN)
		PART("stalled %" PRId64 " ms", a->stall_ms);
	if (a->vmalloc && a->vmalloc_bytes != OOMT_UNKNOWN)
		PART("vmalloc %" PRId64 " bytes", a->vmalloc_bytes);
	else if (a->vmalloc)
		PART("vmalloc");
	if (ev->alloc_slab)
		PART("slab %s", ev->alloc_slab_cache[0] ? ev->alloc_slab_cache : "(cache not in the log)");
	if (ev->trigger.order != OOMT_UNKNOWN)
		PART("order %" PRId64 "%s%s", ev->trigger.order, mask[0] ? " " : "", mask);
	else if (mask[0])
		PART("%s", mask);
	else
		PART("its warning not in the log");
	if (a->atomic == 1)
		PART("atomic");
	if (a->in_interrupt)
		PART("in an interrupt");
	if (a->caller[0])
		PART("in %s", a->caller);
	if (a->module[0])
		PUT(" [%s]", a->module);
#undef PART
#undef PUT
}

void sl_fill_line(struct out_table *t, struct libscols_line *ln, const struct oomt_event *ev)
{
	char buf[256], task_memcg[OOMT_PATH_MAX + 4], oom_memcg[OOMT_PATH_MAX + 4];
	const char *task = cli_path_text(ev->task_memcg, ev->cut & OOMT_CUT_TASK_MEMCG, task_memcg,
	                                 sizeof(task_memcg));
	const char *oom = cli_path_text(ev->oom_memcg, ev->cut & OOMT_CUT_OOM_MEMCG, oom_memcg,
	                                sizeof(oom_memcg));
	char reason_cut[sizeof(ev->reason) + 4];
	const char *reason = cli_path_text(ev->reason, ev->cut & OOMT_CUT_REASON, reason_cut,
	                                   sizeof(reason_cut));

	cell_time(t, ln, ev);
	out_cell(t, ln, COL_HOST, ev->host);
	out_cell(t, ln, COL_KILLER, oomt_killer_name(ev->killer));
	out_cell(t, ln, COL_SCOPE, oomt_scope_name(ev->scope));
	fill_victim(t, ln, ev);
	/* no cgroup in the log (systemd's unit line or Slurm's alone): what they named */
	if (ev->task_memcg[0] || ev->oom_memcg[0] || ev->unit[0] || !ev->job[0])
		out_cell(t, ln, COL_CGROUP, task[0] ? task : oom[0] ? oom : ev->unit);
	else {
		snprintf(buf, sizeof(buf), "StepId=%s", ev->job);
		out_cell(t, ln, COL_CGROUP, buf);
	}
	out_cell(t, ln, COL_TRIGGER, ev->trigger.comm);
	out_cell(t, ln, COL_ID, ev->id);
	cell_uptime(t, ln, ev->uptime_usec);
	out_cell(t, ln, COL_SOURCE, ev->source);
	out_cell(t, ln, COL_KERNEL, ev->kernel);
	out_cell(t, ln, COL_CONSTRAINT, ev->constraint);
	out_cell(t, ln, COL_OOM_MEMCG, oom);
	out_cell(t, ln, COL_TASK_MEMCG, task);
	out_cell(t, ln, COL_GFP, ev->trigger.gfp_flags[0] ? ev->trigger.gfp_flags
	                                                  : ev->trigger.gfp_mask);
	out_cell_int(t, ln, COL_ORDER, ev->trigger.order);
	out_cell_size(t, ln, COL_LIMIT, ev->memcg.memory.limit_bytes);
	out_cell_size(t, ln, COL_USAGE, ev->memcg.memory.usage_bytes);
	out_cell(t, ln, COL_COMPLETE, ev->complete ? "yes" : "no");
	if (out_shown(t, COL_MISSING)) {
		missing_list(ev->missing, buf, sizeof(buf));
		out_cell(t, ln, COL_MISSING, buf);
	}
	out_cell(t, ln, COL_UNIT, ev->unit);
	if (ev->kind == OOMT_KIND_ALLOCATION_FAILURE)
		alloc_summary(ev, buf, sizeof(buf));
	out_cell(t, ln, COL_REASON, ev->kind == OOMT_KIND_OOM_PANIC ? ev->panic
	                          : ev->kind == OOMT_KIND_ALLOCATION_FAILURE ? buf : reason);
	out_cell(t, ln, COL_KIND, oomt_kind_name(ev->kind));
	out_cell(t, ln, COL_JOB, ev->job);
}

/* ---- -v details ---- */

static int64_t pages(int64_t n, int64_t page_size)
{
	return n == OOMT_UNKNOWN ? OOMT_UNKNOWN : n * page_size;
}

static void print_meminfo(FILE *f, const struct oomt_event *ev, int64_t ps, bool exact)
{
	const struct oomt_meminfo *m = &ev->meminfo;
	char a[32], b[32], c[32], d[32], e[32], g[32];

	fprintf(f, "    memory: usable RAM %s, free %s, anon %s, file %s, shmem %s, unreclaimable slab %s\n",
	        out_format_size(oomt_event_usable_ram(ev, ps, NULL), exact, a, sizeof(a)),
	        out_format_size(pages(m->free_pages, ps), exact, b, sizeof(b)),
	        out_format_size(pages(add_known(m->active_anon_pages, m->inactive_anon_pages), ps), exact,
	                 c, sizeof(c)),
	        out_format_size(pages(add_known(m->active_file_pages, m->inactive_file_pages), ps), exact,
	                 d, sizeof(d)),
	        out_format_size(pages(m->shmem_pages, ps), exact, e, sizeof(e)),
	        out_format_size(pages(m->slab_unreclaimable_pages, ps), exact, g, sizeof(g)));
	if (m->total_swap_bytes == 0)
		fprintf(f, "    swap: none");
	else
		fprintf(f, "    swap: free %s of %s", out_format_size(m->free_swap_bytes, exact, a, sizeof(a)),
		        out_format_size(m->total_swap_bytes, exact, b, sizeof(b)));
	fprintf(f, "%s\n", m->all_unreclaimable ? "; a node was all_unreclaimable" : "");
}

static void print_counter(FILE *f, const char *name, const struct oomt_counter *c, bool exact)
{
	char a[32], b[32];

	if (c->usage_bytes == OOMT_UNKNOWN && c->limit_bytes == OOMT_UNKNOWN)
		return;
	fprintf(f, "    %s: usage %s, limit %s", name,
	        out_format_size(c->usage_bytes, exact, a, sizeof(a)),
	        c->limit_bytes == OOMT_UNKNOWN ? "none" : out_format_size(c->limit_bytes, exact, b, sizeof(b)));
	if (c->failcnt != OOMT_UNKNOWN)
		fprintf(f, ", failcnt %" PRId64, c->failcnt);
	fputc('\n', f);
}

static void print_memcg(FILE *f, const struct oomt_event *ev, bool exact)
{
	const struct oomt_memcg *m = &ev->memcg;
	char path[OOMT_PATH_MAX + 4];

	if (ev->oom_memcg[0])
		fprintf(f, "    memory cgroup %s\n",
		        cli_path_text(ev->oom_memcg, ev->cut & OOMT_CUT_OOM_MEMCG, path, sizeof(path)));
	print_counter(f, "memory", &m->memory, exact);
	print_counter(f, "memory+swap", &m->memsw, exact);
	print_counter(f, "swap", &m->swap, exact);
	print_counter(f, "kmem", &m->kmem, exact);
}

static int64_t task_rss(const struct oomt_task *t)
{
	return t->rss_pages == OOMT_UNKNOWN ? -1 : t->rss_pages;
}

/* Indexes of the (up to) 5 largest tasks by RSS, largest first: a selection, not a sort,
 * so that the event stays const and a 100000-row table costs 5 passes. */
static size_t top_tasks(const struct oomt_event *ev, size_t top[5])
{
	size_t n = 0;

	for (size_t i = 0; i < ev->n_tasks; i++) {
		size_t k = n < 5 ? n++ : 5;

		if (k == 5) {
			if (task_rss(&ev->tasks[i]) <= task_rss(&ev->tasks[top[4]]))
				continue;
			k = 4;
		}
		while (k > 0 && task_rss(&ev->tasks[top[k - 1]]) < task_rss(&ev->tasks[i])) {
			top[k] = top[k - 1];
			k--;
		}
		top[k] = i;
	}
	return n;
}

static void print_tasks(FILE *f, const struct oomt_event *ev, int64_t ps, bool exact)
{
	char a[32];
	size_t top[5];
	size_t n = top_tasks(ev, top);

	if (n == 0)
		return;
	fprintf(f, "    largest tasks by RSS:\n");
	for (size_t i = 0; i < n; i++) {
		const struct oomt_task *t = &ev->tasks[top[i]];
		char adj[24] = "-";

		if (t->oom_score_adj != OOMT_UNKNOWN)
			snprintf(adj, sizeof(adj), "%" PRId64, t->oom_score_adj);
		fprintf(f, "      %8" PRId64 "  %-16s rss %-6s  oom_score_adj %s\n", t->pid, t->name,
		        out_format_size(pages(t->rss_pages, ps), exact, a, sizeof(a)), adj);
	}
}

/* "Node 0 Normal 176 MiB free, largest block 16 KiB": the free lists in one line. */
static void print_zones(FILE *f, const struct oomt_event *ev, bool exact)
{
	bool any = false;
	char a[32], b[32];

	for (size_t i = 0; i < ev->n_zones; i++) {
		const struct oomt_zone *z = &ev->zones[i];
		int64_t fb = z->free_list_bytes != OOMT_UNKNOWN ? z->free_list_bytes : z->free_bytes;
		int big = -1;

		if (!z->n_orders)
			continue;
		for (size_t k = z->n_orders; k-- > 0 && big < 0;)
			if (z->free_blocks[k] > 0)
				big = (int)k;
		fprintf(f, "%s", any ? "; " : "    free lists: ");
		any = true;
		if (z->node != OOMT_UNKNOWN)
			fprintf(f, "node %" PRId64 " ", z->node);
		fprintf(f, "%s %s, largest block %s", z->name, out_format_size(fb, exact, a, sizeof(a)),
		        big < 0 || z->block_bytes == OOMT_UNKNOWN ? "none"
		        : out_format_size(z->block_bytes << big, exact, b, sizeof(b)));
	}
	if (any)
		fputc('\n', f);
}

static void print_alloc(FILE *f, const struct oomt_event *ev, const struct oomt_alloc_repeats *rep,
                        bool exact)
{
	const struct oomt_alloc_repeat *g = oomt_alloc_repeats_find(rep, ev);
	char buf[256], t1[64], t2[64];

	alloc_summary(ev, buf, sizeof(buf));
	fprintf(f, "    %s: %s\n", ev->alloc.stall ? "allocation stalled" : "allocation failed", buf);
	if (ev->alloc.suppressed_before != OOMT_UNKNOWN && ev->alloc.suppressed_before > 0)
		fprintf(f, "    %" PRId64 " more failures were not printed before it (rate limit)\n",
		        ev->alloc.suppressed_before);
	print_zones(f, ev, exact);
	if (g && g->count >= 2) {
		out_format_time(g->first_time_usec, t1, sizeof(t1));
		out_format_time(g->last_time_usec, t2, sizeof(t2));
		fprintf(f, "    repeated: %" PRId64 " times at this site", g->count);
		if (g->suppressed)
			fprintf(f, " (and %" PRId64 " not printed)", g->suppressed);
		if (g->first_time_usec != OOMT_UNKNOWN)
			fprintf(f, ", first %s, last %s", t1, t2);
		fputc('\n', f);
	}
}

void sl_print_repeats(FILE *f, const struct oomt_alloc_repeats *rep)
{
	size_t n = oomt_alloc_repeats_count(rep);
	bool head = false;
	char t1[64], t2[64];

	for (size_t i = 0; i < n; i++) {
		const struct oomt_alloc_repeat *g = oomt_alloc_repeats_get(rep, i);

		if (g->count < 2)
			continue;
		if (!head)
			fputs("\nRepeated allocation failures (one line per host and failing site):\n", f);
		head = true;
		fprintf(f, "  %s%s%s", g->host[0] ? g->host : "", g->host[0] ? ": " : "",
		        g->in_interrupt && g->caller[0] ? g->caller : g->comm);
		if (g->in_interrupt && g->module[0])
			fprintf(f, " [%s]", g->module);
		fprintf(f, " %s order %" PRId64 " %s, %" PRId64 " times", g->stall ? "stalled at" : "failed at",
		        g->order, g->gfp_flags[0] ? g->gfp_flags : g->gfp_mask, g->count);
		if (g->suppressed)
			fprintf(f, " (+%" PRId64 " not printed)", g->suppressed);
		if (g->first_time_usec != OOMT_UNKNOWN)
			fprintf(f, ", %s to %s", out_format_time(g->first_time_usec, t1, sizeof(t1)),
			        out_format_time(g->last_time_usec, t2, sizeof(t2)));
		fputc('\n', f);
	}
}

void sl_print_details(FILE *f, const struct oomt_event *ev, const struct oomt_alloc_repeats *rep,
                      bool exact)
{
	int64_t ps = oomt_event_page_size(ev, NULL);
	char buf[32], buf2[32];

	if (ev->kind == OOMT_KIND_ALLOCATION_FAILURE)
		print_alloc(f, ev, rep, exact);
	if (ev->has_memcg)
		print_memcg(f, ev, exact);
	if (ev->has_meminfo)
		print_meminfo(f, ev, ps, exact);
	if (ev->reason[0]) {
		char reason[sizeof(ev->reason) + 4];

		fprintf(f, "    reason: %s\n", cli_path_text(ev->reason, ev->cut & OOMT_CUT_REASON,
		                                             reason, sizeof(reason)));
	}
	if (ev->outcome[0])
		fprintf(f, "    outcome: %s%s%s\n", ev->signal[0] ? ev->signal : "",
		        ev->signal[0] ? ", " : "", ev->outcome);
	if (ev->unit[0])
		fprintf(f, "    unit: %s\n", ev->unit);
	if (ev->has_protection)
		fprintf(f, "    memory cgroup protection in use below %s: min %s, low %s\n",
		        oomt_event_protection_memcg(ev)[0] ? oomt_event_protection_memcg(ev) : "the OOM cgroup",
		        out_format_size(ev->protection_min_bytes, exact, buf, sizeof(buf)),
		        out_format_size(ev->protection_low_bytes, exact, buf2, sizeof(buf2)));
	if (ev->kind == OOMT_KIND_OOM_PANIC)
		fprintf(f, "    kernel panic: %s\n", ev->panic[0] ? ev->panic : "-");
	else if (ev->no_killable_processes)
		fprintf(f, "    no killable processes: nothing was killed\n");
	print_tasks(f, ev, ps, exact);
}
