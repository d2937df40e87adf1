/* SPDX-License-Identifier: MIT */
/* One incident as JSON: the scan-logs schema (docs/oomtool-json.7). Field names are an
 * interface: add, never rename. */
#include <stdio.h>
#include <oomtool/event-json.h>

static void write_trigger(struct oomt_json *j, const struct oomt_trigger *t)
{
	oomt_json_begin_object(j, "trigger");
	oomt_json_string_or_null(j, "comm", t->comm);
	oomt_json_int(j, "pid", t->pid);
	oomt_json_string_or_null(j, "gfp_mask", t->gfp_mask);
	oomt_json_string_or_null(j, "gfp_flags", t->gfp_flags);
	oomt_json_int(j, "order", t->order);
	oomt_json_int(j, "oom_score_adj", t->oom_score_adj);
	oomt_json_int(j, "oom_adj", t->oom_adj);
	oomt_json_string_or_null(j, "nodemask", t->nodemask);
	oomt_json_string_or_null(j, "cpuset", t->cpuset);
	oomt_json_string_or_null(j, "mems_allowed", t->mems_allowed);
	oomt_json_end_object(j);
}

static void write_victim(struct oomt_json *j, const struct oomt_victim *v)
{
	oomt_json_begin_object(j, "victim");
	oomt_json_int(j, "pid", v->pid);
	oomt_json_string_or_null(j, "comm", v->comm);
	oomt_json_int(j, "uid", v->uid);
	oomt_json_int(j, "total_vm_bytes", v->total_vm_bytes);
	oomt_json_int(j, "anon_rss_bytes", v->anon_rss_bytes);
	oomt_json_int(j, "file_rss_bytes", v->file_rss_bytes);
	oomt_json_int(j, "shmem_rss_bytes", v->shmem_rss_bytes);
	oomt_json_int(j, "rss_bytes", v->rss_bytes);
	oomt_json_int(j, "pgtables_bytes", v->pgtables_bytes);
	oomt_json_int(j, "oom_score_adj", v->oom_score_adj);
	oomt_json_int(j, "score", v->score);
	oomt_json_int(j, "selected_pid", v->selected_pid);
	oomt_json_string_or_null(j, "selected_comm", v->selected_comm);
	oomt_json_end_object(j);
}

static void write_counter(struct oomt_json *j, const char *prefix, const struct oomt_counter *c)
{
	char k[48];

	snprintf(k, sizeof(k), "%susage_bytes", prefix);
	oomt_json_int(j, k, c->usage_bytes);
	snprintf(k, sizeof(k), "%slimit_bytes", prefix);
	oomt_json_int(j, k, c->limit_bytes);
	snprintf(k, sizeof(k), "%sfailcnt", prefix);
	oomt_json_int(j, k, c->failcnt);
}

static void write_memcg(struct oomt_json *j, const struct oomt_event *ev)
{
	const struct oomt_memcg *m = &ev->memcg;

	if (!ev->has_memcg) {
		oomt_json_null(j, "memcg");
		return;
	}
	oomt_json_begin_object(j, "memcg");
	write_counter(j, "", &m->memory);
	write_counter(j, "memsw_", &m->memsw);
	write_counter(j, "swap_", &m->swap);
	write_counter(j, "kmem_", &m->kmem);
	oomt_json_int(j, "stat_anon_bytes", m->stat_anon_bytes);
	oomt_json_int(j, "stat_file_bytes", m->stat_file_bytes);
	oomt_json_int(j, "stat_shmem_bytes", m->stat_shmem_bytes);
	oomt_json_int(j, "stat_kernel_bytes", m->stat_kernel_bytes);
	oomt_json_int(j, "stat_slab_unreclaimable_bytes", m->stat_slab_unreclaimable_bytes);
	oomt_json_int(j, "stat_swap_bytes", m->stat_swap_bytes);
	oomt_json_end_object(j);
}

/* The zone lines and free lists of Mem-Info: one object per zone, the free blocks of each
 * order as one array (order 0 first). */
static void write_zones(struct oomt_json *j, const struct oomt_event *ev)
{
	oomt_json_begin_array(j, "zones");
	for (size_t i = 0; i < ev->n_zones && i < OOMT_ZONES_MAX; i++) {
		const struct oomt_zone *z = &ev->zones[i];

		oomt_json_begin_object(j, NULL);
		oomt_json_int(j, "node", z->node);
		oomt_json_string_or_null(j, "zone", z->name);
		oomt_json_int(j, "free_bytes", z->free_bytes);
		oomt_json_int(j, "min_bytes", z->min_bytes);
		oomt_json_int(j, "low_bytes", z->low_bytes);
		oomt_json_int(j, "high_bytes", z->high_bytes);
		oomt_json_int(j, "managed_bytes", z->managed_bytes);
		oomt_json_int(j, "block_bytes", z->block_bytes);
		oomt_json_int(j, "free_list_bytes", z->free_list_bytes);
		if (z->n_orders) {
			oomt_json_begin_array(j, "free_blocks");
			for (size_t k = 0; k < z->n_orders && k < OOMT_ORDERS_MAX; k++)
				oomt_json_int(j, NULL, z->free_blocks[k]);
			oomt_json_end_array(j);
		} else {
			oomt_json_null(j, "free_blocks");
		}
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
}

#define MI(name) oomt_json_int(j, #name, m->name)
static void write_meminfo(struct oomt_json *j, const struct oomt_event *ev)
{
	const struct oomt_meminfo *m = &ev->meminfo;

	if (!ev->has_meminfo) {
		oomt_json_null(j, "meminfo");
		return;
	}
	oomt_json_begin_object(j, "meminfo");
	MI(active_anon_pages); MI(inactive_anon_pages); MI(isolated_anon_pages);
	MI(active_file_pages); MI(inactive_file_pages); MI(isolated_file_pages);
	MI(unevictable_pages); MI(dirty_pages); MI(writeback_pages);
	MI(slab_reclaimable_pages); MI(slab_unreclaimable_pages);
	MI(mapped_pages); MI(shmem_pages); MI(pagetables_pages);
	MI(free_pages); MI(free_pcp_pages); MI(free_cma_pages);
	MI(pagecache_pages); MI(swapcache_pages); MI(free_swap_bytes); MI(total_swap_bytes);
	MI(ram_pages); MI(reserved_pages); MI(present_bytes); MI(managed_bytes); MI(hugepages_total); MI(hugepages_free);
	MI(hugepages_bytes); MI(unreclaimable_slab_bytes);
	if (m->all_unreclaimable_known)
		oomt_json_bool(j, "all_unreclaimable", m->all_unreclaimable);
	else
		oomt_json_null(j, "all_unreclaimable");
	write_zones(j, ev);
	oomt_json_end_object(j);
}

static void write_tasks(struct oomt_json *j, const struct oomt_event *ev)
{
	if (!ev->has_tasks) {
		oomt_json_null(j, "tasks");
		return;
	}
	oomt_json_begin_array(j, "tasks");
	for (size_t i = 0; i < ev->n_tasks; i++) {
		const struct oomt_task *t = &ev->tasks[i];

		oomt_json_begin_object(j, NULL);
		oomt_json_int(j, "pid", t->pid);
		oomt_json_int(j, "uid", t->uid);
		oomt_json_int(j, "tgid", t->tgid);
		oomt_json_int(j, "total_vm_pages", t->total_vm_pages);
		oomt_json_int(j, "rss_pages", t->rss_pages);
		oomt_json_int(j, "rss_anon_pages", t->rss_anon_pages);
		oomt_json_int(j, "rss_file_pages", t->rss_file_pages);
		oomt_json_int(j, "rss_shmem_pages", t->rss_shmem_pages);
		oomt_json_int(j, "pgtables_bytes", t->pgtables_bytes);
		oomt_json_int(j, "swapents_pages", t->swapents_pages);
		oomt_json_int(j, "oom_score_adj", t->oom_score_adj);
		oomt_json_int(j, "oom_adj", t->oom_adj);
		oomt_json_string_or_null(j, "name", t->name);
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
}

static void write_reaped(struct oomt_json *j, const struct oomt_event *ev)
{
	if (!ev->has_reaped) {
		oomt_json_null(j, "reaped");
		return;
	}
	oomt_json_begin_object(j, "reaped");
	oomt_json_int(j, "pid", ev->reaped.pid);
	oomt_json_bool(j, "failed", ev->reaped.failed);
	oomt_json_int(j, "anon_rss_bytes", ev->reaped.anon_rss_bytes);
	oomt_json_int(j, "file_rss_bytes", ev->reaped.file_rss_bytes);
	oomt_json_int(j, "shmem_rss_bytes", ev->reaped.shmem_rss_bytes);
	oomt_json_end_object(j);
}

static void write_panic(struct oomt_json *j, const struct oomt_event *ev)
{
	if (ev->kind != OOMT_KIND_OOM_PANIC) {
		oomt_json_null(j, "panic");
		return;
	}
	oomt_json_begin_object(j, "panic");
	oomt_json_string_or_null(j, "message", ev->panic);
	oomt_json_int(j, "panic_on_oom", ev->panic_on_oom);
	oomt_json_end_object(j);
}

static void write_allocation(struct oomt_json *j, const struct oomt_event *ev)
{
	const struct oomt_allocation *a = &ev->alloc;

	if (ev->kind != OOMT_KIND_ALLOCATION_FAILURE) {
		oomt_json_null(j, "allocation");
		return;
	}
	oomt_json_begin_object(j, "allocation");
	oomt_json_bool(j, "stall", a->stall);
	oomt_json_int(j, "stall_ms", a->stall_ms);
	oomt_json_bool(j, "vmalloc", a->vmalloc);
	oomt_json_int(j, "vmalloc_bytes", a->vmalloc_bytes);
	oomt_json_bool(j, "memory_hotplug", a->memory_hotplug);
	if (a->atomic < 0)
		oomt_json_null(j, "atomic");
	else
		oomt_json_bool(j, "atomic", a->atomic > 0);
	oomt_json_bool(j, "in_interrupt", a->in_interrupt);
	oomt_json_string_or_null(j, "caller", a->caller);
	oomt_json_string_or_null(j, "module", a->module);
	oomt_json_int(j, "suppressed_before", a->suppressed_before);
	oomt_json_bool(j, "slab", ev->alloc_slab);
	oomt_json_string_or_null(j, "slab_cache", ev->alloc_slab_cache);
	oomt_json_end_object(j);
}

static void write_protection(struct oomt_json *j, const struct oomt_event *ev)
{
	if (!ev->has_protection) {
		oomt_json_null(j, "memcg_protection");
		return;
	}
	oomt_json_begin_object(j, "memcg_protection");
	oomt_json_string_or_null(j, "memcg", oomt_event_protection_memcg(ev));
	oomt_json_int(j, "min_bytes", ev->protection_min_bytes);
	oomt_json_int(j, "low_bytes", ev->protection_low_bytes);
	oomt_json_end_object(j);
}

static void write_missing(struct oomt_json *j, unsigned missing)
{
	oomt_json_begin_array(j, "missing");
	for (unsigned bit = 1; bit <= OOMT_PART_LAST; bit <<= 1)
		if (missing & bit)
			oomt_json_string(j, NULL, oomt_part_name((enum oomt_part)bit));
	oomt_json_end_array(j);
}

/* The fields of enum oomt_cut, by bit. */
static void write_cut(struct oomt_json *j, unsigned cut)
{
	oomt_json_begin_array(j, "cut");
	if (cut & OOMT_CUT_OOM_MEMCG)
		oomt_json_string(j, NULL, "oom_memcg");
	if (cut & OOMT_CUT_TASK_MEMCG)
		oomt_json_string(j, NULL, "task_memcg");
	if (cut & OOMT_CUT_REASON)
		oomt_json_string(j, NULL, "reason");
	oomt_json_end_array(j);
}

void oomt_event_write_json(struct oomt_json *j, const struct oomt_event *ev)
{
	oomt_json_begin_object(j, NULL);
	oomt_event_write_json_members(j, ev);
	oomt_json_end_object(j);
}

void oomt_event_write_json_members(struct oomt_json *j, const struct oomt_event *ev)
{
	oomt_json_string_or_null(j, "id", ev->id);
	oomt_json_time(j, "time", ev->time_usec);
	oomt_json_bool(j, "year_guessed", ev->year_guessed);
	oomt_json_int(j, "uptime_usec", ev->uptime_usec);
	oomt_json_string_or_null(j, "host", ev->host);
	oomt_json_string_or_null(j, "boot_id", ev->boot_id);
	oomt_json_string_or_null(j, "source", ev->source);
	oomt_json_string_or_null(j, "kernel", ev->kernel);
	oomt_json_string(j, "kind", oomt_kind_name(ev->kind));
	oomt_json_string(j, "killer", oomt_killer_name(ev->killer));
	oomt_json_string(j, "scope", oomt_scope_name(ev->scope));
	oomt_json_string_or_null(j, "constraint", ev->constraint);
	oomt_json_string_or_null(j, "oom_memcg", ev->oom_memcg);
	oomt_json_string_or_null(j, "task_memcg", ev->task_memcg);
	oomt_json_string_or_null(j, "unit", ev->unit);
	oomt_json_string_or_null(j, "job", ev->job);
	write_trigger(j, &ev->trigger);
	write_victim(j, &ev->victim);
	write_memcg(j, ev);
	write_meminfo(j, ev);
	write_tasks(j, ev);
	write_reaped(j, ev);
	oomt_json_int(j, "page_size", ev->page_size);
	oomt_json_bool(j, "sysrq", ev->sysrq);
	oomt_json_bool(j, "allocating_task", ev->allocating_task);
	oomt_json_bool(j, "group_kill", ev->group_kill);
	oomt_json_string_or_null(j, "reason", ev->reason);
	oomt_json_string_or_null(j, "signal", ev->signal);
	oomt_json_string_or_null(j, "outcome", ev->outcome);
	oomt_json_int(j, "freed_bytes", ev->freed_bytes);
	oomt_json_int(j, "freed_pages", ev->freed_pages);
	oomt_json_int(j, "freed_swap_bytes", ev->freed_swap_bytes);
	oomt_json_int(j, "processes_killed", ev->processes_killed);
	oomt_json_int(j, "suppressed", ev->suppressed);
	write_panic(j, ev);
	oomt_json_bool(j, "no_killable_processes", ev->no_killable_processes);
	write_allocation(j, ev);
	write_protection(j, ev);
	oomt_json_bool(j, "complete", ev->complete);
	write_missing(j, ev->missing);
	write_cut(j, ev->cut);
}
