/* SPDX-License-Identifier: MIT */
/* The top-mem JSON contract (docs/oomtool-json.7, "top-mem"): keys are added, never renamed. */
#include "source/record.h"
#include <oomtool/topmem-json.h>

static void write_system(struct oomt_json *j, const struct oomt_topmem *t)
{
	const struct oomt_system_memory *m = oomt_topmem_memory(t);
	const struct oomt_memory_pressure *ps = oomt_topmem_pressure(t);
	bool swap = m && m->swap_total_bytes != OOMT_UNKNOWN && m->swap_free_bytes != OOMT_UNKNOWN;

	oomt_json_begin_object(j, "system");
	oomt_json_int(j, "mem_total_bytes", m ? m->mem_total_bytes : OOMT_UNKNOWN);
	oomt_json_int(j, "mem_available_bytes", m ? m->mem_available_bytes : OOMT_UNKNOWN);
	oomt_json_int(j, "swap_total_bytes", m ? m->swap_total_bytes : OOMT_UNKNOWN);
	oomt_json_int(j, "swap_used_bytes",
	              swap ? m->swap_total_bytes - m->swap_free_bytes : OOMT_UNKNOWN);
	oomt_json_double(j, "psi_some_avg10", ps ? ps->some.avg10 : 0, ps != NULL);
	oomt_json_double(j, "psi_full_avg10", ps ? ps->full.avg10 : 0, ps && ps->has_full);
	oomt_json_int(j, "oom_kill", m ? m->oom_kill_count : OOMT_UNKNOWN);
	oomt_json_end_object(j);
}

static void write_process(struct oomt_json *j, const struct oomt_topmem_row *r, bool growth)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_int(j, "pid", r->pid);
	oomt_json_string(j, "user", r->user);
	oomt_json_int(j, "rss_bytes", r->rss_bytes);
	oomt_json_int(j, "pss_bytes", r->pss_bytes);
	oomt_json_int(j, "swap_bytes", r->swap_bytes);
	oomt_json_int(j, "oom_score", r->oom_score);
	oomt_json_int(j, "oom_score_adj", r->oom_score_adj);
	oomt_json_string_or_null(j, "cgroup", r->cgroup);
	oomt_json_int(j, "cgroup_limit_bytes", r->cgroup_limit_bytes);
	oomt_json_string_or_null(j, "name", r->name);
	oomt_json_string_or_null(j, "command", r->command);
	if (growth)
		oomt_json_int(j, "growth_bytes_per_min", r->growth_bytes_per_min);
	oomt_json_end_object(j);
}

static void write_group(struct oomt_json *j, const struct oomt_topmem_group_row *g, bool growth)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "key", g->key);
	oomt_json_int(j, "processes", g->nprocs);
	oomt_json_int(j, "rss_bytes", g->rss_bytes);
	oomt_json_int(j, "pss_bytes", g->pss_unknown ? OOMT_UNKNOWN : g->pss_bytes);
	oomt_json_int(j, "pss_unknown_processes", g->pss_unknown);
	oomt_json_int(j, "swap_bytes", g->swap_bytes);
	if (growth)
		oomt_json_int(j, "growth_bytes_per_min", g->growth_bytes_per_min);
	oomt_json_end_object(j);
}

void oomt_topmem_write_json(struct oomt_json *j, const struct oomt_topmem *t)
{
	enum oomt_topmem_group by = oomt_topmem_grouped_by(t);
	bool growth = oomt_topmem_stats(t)->growth;
	size_t n = oomt_topmem_nrows(t);

	oomt_json_begin_object(j, NULL);
	write_system(j, t);
	if (by != OOMT_TOPMEM_GROUP_NONE) {
		oomt_json_string(j, "by", oomt_topmem_group_name(by));
		oomt_json_begin_array(j, "groups");
		for (size_t i = 0; i < n; i++)
			write_group(j, oomt_topmem_group_row(t, i), growth);
	} else {
		oomt_json_begin_array(j, "processes");
		for (size_t i = 0; i < n; i++)
			write_process(j, oomt_topmem_row(t, i), growth);
	}
	oomt_json_end_array(j);
	oomt_json_uint(j, "kernel_threads_hidden", oomt_topmem_stats(t)->kernel_threads_hidden);
	oomt_json_end_object(j);
}
