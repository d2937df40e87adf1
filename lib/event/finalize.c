/* SPDX-License-Identifier: MIT */
/* What is decided once a report is over: scope, missing parts, page size, identity. */
#include <stdlib.h>
#include <string.h>
#include <oomtool/system.h>
#include "event/machine.h"
#include "event/text.h"


/* Evidence that only a memcg OOM prints: the summary's oom_memcg= (a global one prints
 * ",global_oom"), "Task in", "Memory limit reached", the memcg counters and stats, the
 * "Memory cgroup out of memory" prefix, the memcg charge path in the call trace. */
static bool memcg_evidence(const struct oomt_event *ev, unsigned evidence)
{
	return ev->oom_memcg[0] || ev->has_memcg ||
	       (evidence & (EVID_MEMCG_PREFIX | EVID_TASK_IN | EVID_MEMCG_STATS | EVID_MEMCG_FRAME));
}

/* Scope from the strongest evidence present (docs/kernel-oom-report.md §9.16): the summary's
 * constraint, except that 4.19-5.1 print CONSTRAINT_NONE for every OOM (oc->constraint was
 * not set before the summary until "mm/oom_kill.c: fix uninitialized oc->constraint", 5.2
 * and 5.1 stable), so there memcg evidence outweighs it; a panic for
 * nothing killable (global only); then the kill line's prefix, then the memcg block ("Task
 * in", counters and stats are printed for memcg OOMs only), then call-trace frames (the
 * memcg charge path; else pagefault_out_of_memory, which before 5.16 called out_of_memory()
 * with no memcg and no constraint: a page fault's OOM of the whole machine). Before
 * 3.9 a memcg OOM also printed Mem-Info, so Mem-Info is the weakest hint of a global OOM.
 * "Out of memory and no killable processes..." is followed by a panic unless the OOM was a
 * memcg's or sysrq-f's (mm/oom_kill.c out_of_memory()): no panic and the log goes on, memcg. */
void oomt_event_decide_scope(struct oomt_event *ev, unsigned evidence)
{
	const char *c = ev->constraint;

	if (ev->killer != OOMT_KILLER_KERNEL)
		ev->scope = OOMT_SCOPE_UNKNOWN;
	else if (strcmp(c, "CONSTRAINT_MEMCG") == 0)
		ev->scope = OOMT_SCOPE_MEMCG;
	else if (strcmp(c, "CONSTRAINT_CPUSET") == 0)
		ev->scope = OOMT_SCOPE_CPUSET;
	else if (strcmp(c, "CONSTRAINT_MEMORY_POLICY") == 0)
		ev->scope = OOMT_SCOPE_MEMPOLICY;
	else if (evidence & EVID_GLOBAL_OOM)
		ev->scope = OOMT_SCOPE_GLOBAL;
	else if (strcmp(c, "CONSTRAINT_NONE") == 0)
		ev->scope = memcg_evidence(ev, evidence) ? OOMT_SCOPE_MEMCG : OOMT_SCOPE_GLOBAL;
	else if (evidence & EVID_NO_VICTIM_PANIC)
		ev->scope = OOMT_SCOPE_GLOBAL;
	else if (evidence & EVID_MEMCG_PREFIX)
		ev->scope = OOMT_SCOPE_MEMCG;
	else if ((evidence & (EVID_TASK_IN | EVID_MEMCG_STATS)) || ev->has_memcg || ev->oom_memcg[0])
		ev->scope = OOMT_SCOPE_MEMCG;
	else if (evidence & EVID_MEMCG_FRAME)
		ev->scope = OOMT_SCOPE_MEMCG;
	else if (evidence & EVID_PAGEFAULT_FRAME)
		ev->scope = OOMT_SCOPE_GLOBAL;
	else if (evidence & EVID_MPOL_BIND)
		ev->scope = OOMT_SCOPE_MEMPOLICY;
	else if ((evidence & EVID_GLOBAL_PREFIX) || ev->has_meminfo)
		ev->scope = OOMT_SCOPE_GLOBAL;
	else if (ev->sysrq)   /* sysrq-f asks the whole machine */
		ev->scope = OOMT_SCOPE_GLOBAL;
	else if ((evidence & EVID_NO_VICTIM) && (evidence & EVID_NO_VICTIM_WENT_ON))
		ev->scope = OOMT_SCOPE_MEMCG;
	else
		ev->scope = OOMT_SCOPE_UNKNOWN;
}

static const struct oomt_task *victim_row(const struct oomt_event *ev)
{
	for (size_t i = 0; i < ev->n_tasks; i++)
		if (ev->tasks[i].pid == ev->victim.pid)
			return &ev->tasks[i];
	return NULL;
}

/* Page size = total-vm kB / total_vm pages of the victim, when that is a plausible page
 * size; otherwise unknown. */
static void derive_page_size(struct oomt_event *ev, const struct oomt_task *row)
{
	int64_t b = ev->victim.total_vm_bytes, pages = row ? row->total_vm_pages : OOMT_UNKNOWN;

	if (b == OOMT_UNKNOWN || pages == OOMT_UNKNOWN || pages <= 0 || b % pages)
		return;
	b /= pages;
	if (b >= 4096 && b <= 262144 && (b & (b - 1)) == 0)
		ev->page_size = b;
}

/* The order-0 block of a zone's free list ("12*64kB ...") is the page size: the only
 * sign of it in a report without a kill line to set the table's pages against (a panic,
 * an allocation failure). */
static void page_size_from_free_lists(struct oomt_event *ev)
{
	for (size_t i = 0; i < ev->n_zones && ev->page_size == OOMT_UNKNOWN; i++) {
		int64_t b = ev->zones[i].block_bytes;

		if (ev->zones[i].n_orders && b >= 4096 && b <= 262144 && (b & (b - 1)) == 0)
			ev->page_size = b;
	}
}

/* 3.6-4.14 tables print page-table pages (nr_ptes + nr_pmds); convert them with the page
 * size of this report, or 4096 (x86-64, most arm64) when the report does not tell. */
static void convert_nr_ptes(struct oomt_event *ev)
{
	int64_t ps = oomt_event_page_size(ev, NULL);

	for (size_t i = 0; i < ev->n_tasks; i++) {
		struct oomt_task *t = &ev->tasks[i];

		if (t->pgtables_bytes == OOMT_UNKNOWN && t->nr_ptes_pages != OOMT_UNKNOWN &&
		    t->nr_ptes_pages >= 0 && t->nr_ptes_pages < INT64_MAX / ps)
			t->pgtables_bytes = t->nr_ptes_pages * ps;
	}
}

/* A table whose header is there but whose rows are not all: a grep that kept the header
 * only, a pager or grep -A/-B that dropped rows. The victim was eligible, so the kernel
 * listed it (memory.oom.group members after the first may have joined the cgroup later). */
static bool task_rows_lost(const struct oomt_event *ev, const struct oomt_incident *in)
{
	bool member = in->group && ev->victim.pid != in->group_first_pid;

	if (!ev->has_tasks || ev->kind != OOMT_KIND_OOM_KILL)
		return false;
	/* no row at all: the kernel lists every task it looked at, so only a report that found
	 * nothing to kill shows none */
	if (ev->n_tasks == 0)
		return !ev->no_killable_processes;
	if (!in->killed || member || ev->victim.pid == OOMT_UNKNOWN)
		return false;
	for (size_t i = 0; i < ev->n_tasks; i++)
		if (ev->tasks[i].pid == ev->victim.pid || ev->tasks[i].tgid == ev->victim.pid)
			return false;
	return true;
}

/* A Mem-Info block of which a line was read: its title alone (a paste that ends there, or
 * goes on with the table) is no block. */
static bool meminfo_read(const struct oomt_event *ev)
{
	const struct oomt_meminfo *mi = &ev->meminfo;

	return ev->n_zones > 0 || mi->free_pages != OOMT_UNKNOWN ||
	       mi->active_anon_pages != OOMT_UNKNOWN || mi->ram_pages != OOMT_UNKNOWN ||
	       mi->total_swap_bytes != OOMT_UNKNOWN || mi->free_swap_bytes != OOMT_UNKNOWN ||
	       mi->pagecache_pages != OOMT_UNKNOWN;
}

/* The memcg part is its counter lines; the statistics alone (a log cut before them) do
 * not make it whole. */
static bool memcg_counters(const struct oomt_event *ev)
{
	const struct oomt_counter *c[] = { &ev->memcg.memory, &ev->memcg.memsw, &ev->memcg.swap,
	                                   &ev->memcg.kmem };

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (c[i]->usage_bytes != OOMT_UNKNOWN || c[i]->limit_bytes != OOMT_UNKNOWN ||
		    c[i]->failcnt != OOMT_UNKNOWN)
			return true;
	return false;
}

static unsigned missing_kernel(const struct oomt_event *ev, const struct oomt_incident *in)
{
	unsigned m = 0;
	long ver = oomt_kernel_release_code(ev->kernel);
	/* A panic, or a report that found nothing to kill, has no kill line and (5.0+) no
	 * summary: the kernel prints the summary about a victim. */
	bool no_kill = ev->kind == OOMT_KIND_OOM_PANIC || ev->no_killable_processes;

	if (!in->header)
		m |= OOMT_PART_HEADER;
	if (!in->killed && !no_kill)
		m |= OOMT_PART_KILL;
	/* Up to 2.6.35 vm.oom_dump_tasks defaulted to 0 (docs/kernel-oom-report.md §2.6): a
	 * header of that era ("oom_adj=" or "oomkilladj=" without "oom_score_adj=") owes no
	 * task table. RHEL6's 2.6.32 prints oom_score_adj= and the table, like 2.6.36. */
	if (task_rows_lost(ev, in))
		m |= OOMT_PART_TASKS_CUT;
	if (!ev->has_tasks && !(ev->trigger.oom_adj != OOMT_UNKNOWN &&
	                        ev->trigger.oom_score_adj == OOMT_UNKNOWN))
		m |= OOMT_PART_TASKS;
	if (!ev->constraint[0] && !no_kill &&
	    (ver >= OOMT_KERNEL_VERSION(5, 0, 0) || in->summary_new_kill))
		m |= OOMT_PART_SUMMARY;
	if (ev->scope == OOMT_SCOPE_MEMCG && !memcg_counters(ev))
		m |= OOMT_PART_MEMCG;
	if (ev->scope != OOMT_SCOPE_MEMCG && ev->scope != OOMT_SCOPE_UNKNOWN &&
	    (!ev->has_meminfo || !meminfo_read(ev)))
		m |= OOMT_PART_MEMINFO;
	if (ev->scope == OOMT_SCOPE_UNKNOWN && !ev->has_meminfo && !ev->has_memcg)
		m |= OOMT_PART_MEMINFO | OOMT_PART_MEMCG;
	return m;
}

/* An allocation failure (docs/kernel-oom-report.md §2.10) has no scope, victim or table: it
 * owes only its warning line (the kernel prints Mem-Info at most once a second, so a
 * failure without it is whole). The free lists' order-0 block is the page size. */
static void finalize_alloc(struct oomt_event *ev, const struct oomt_incident *in)
{
	ev->scope = OOMT_SCOPE_UNKNOWN;
	page_size_from_free_lists(ev);
	ev->alloc.atomic = oomt_alloc_atomic(ev);
	ev->missing = in->header ? 0 : OOMT_PART_HEADER;
	ev->complete = ev->missing == 0;
	oomt_event_set_id_salted(ev, oomt_event_is_anonymous(ev) ? in->opened + 1 : 0);
}

void oomt_event_finalize(struct oomt_event *ev, const struct oomt_incident *in)
{
	const struct oomt_task *row;

	if (ev->kind == OOMT_KIND_ALLOCATION_FAILURE) {
		finalize_alloc(ev, in);
		return;
	}

	/* A selection line whose kill line is not in the log names the victim it chose. */
	if (ev->killer == OOMT_KILLER_KERNEL && !in->killed && ev->victim.pid == OOMT_UNKNOWN &&
	    ev->victim.selected_pid != OOMT_UNKNOWN) {
		ev->victim.pid = ev->victim.selected_pid;
		memcpy(ev->victim.comm, ev->victim.selected_comm, sizeof(ev->victim.comm));
	}
	oomt_event_decide_scope(ev, in->evidence);
	row = victim_row(ev);
	if (row) {
		if (ev->victim.uid == OOMT_UNKNOWN)
			ev->victim.uid = row->uid;
		if (ev->victim.oom_score_adj == OOMT_UNKNOWN)
			ev->victim.oom_score_adj = row->oom_score_adj;
		/* a kill line cut inside its "(comm)": the row's name is the same p->comm */
		if (!ev->victim.comm[0])
			memcpy(ev->victim.comm, row->name, sizeof(ev->victim.comm));
	}
	derive_page_size(ev, row);
	page_size_from_free_lists(ev);
	convert_nr_ptes(ev);
	/* The victim's RSS as the table shows it (oomt_event_victim_rss): anon + file + shmem. */
	if (ev->killer == OOMT_KILLER_KERNEL && ev->victim.anon_rss_bytes != OOMT_UNKNOWN)
		ev->victim.rss_bytes = oomt_event_victim_rss(ev);
	if (ev->killer == OOMT_KILLER_KERNEL) {
		ev->missing |= missing_kernel(ev, in);
		ev->complete = ev->missing == 0;
	} else {
		if (!in->killed)
			ev->missing |= OOMT_PART_KILL;
		/* systemd-oomd kills a cgroup: its path names the victim as a pid would */
		if (ev->victim.pid == OOMT_UNKNOWN &&
		    !(ev->killer == OOMT_KILLER_SYSTEMD_OOMD && ev->task_memcg[0]))
			ev->missing |= OOMT_PART_VICTIM;
		ev->complete = ev->missing == 0;
	}
	/* No pid, no time: the id cannot be shared with another source anyway, so the
	 * record that opened the report tells two such reports of one log apart. */
	oomt_event_set_id_salted(ev, oomt_event_is_anonymous(ev) ? in->opened + 1 : 0);
}
