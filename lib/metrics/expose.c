/* SPDX-License-Identifier: MIT */
/*
 * The families of oomtool metrics (oomtool-metrics(8), METRICS: their names and labels are
 * an interface). Every family gets its HELP and TYPE even without samples. Labels are
 * bounded: never a pid; workloads and cgroups named up to a limit, the rest in one series
 * named "other":
 *   - workloads (kill counters): a workload that got a series keeps it for the rest of the
 *     boot (oomt_metrics_state_label), so every counter, "other" too, only grows;
 *   - cgroups: the nearest to their limit (lowest headroom ratio) first; "other" sums the
 *     rest (its counters are sums over a changing set: totals, not rates);
 *   - the watcher's scopes: the shortest time to OOM first; "other" is the shortest of the
 *     rest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/format.h>
#include "metrics/metrics-internal.h"

#define L(...) ((const char *const[]){ __VA_ARGS__ })

static double sec(int64_t usec)
{
	return (double)usec / 1e6;
}

static void family(struct oomt_prom *p, const char *name, enum oomt_prom_type t, const char *help)
{
	oomt_prom_family(p, name, t, help);
}

/* ---- kills ---- */

static int cmp_workload(const void *x, const void *y)
{
	const struct oomt_metrics_workload *a = x, *b = y;
	int c;

	if (a->kills != b->kills)
		return a->kills > b->kills ? -1 : 1;
	c = strcmp(a->kind, b->kind);
	return c ? c : strcmp(a->name, b->name);
}

static void kills(struct oomt_prom *p, const struct oomt_metrics *m)
{
	const struct oomt_metrics_state_data *d = &m->st;
	static const char *const base[][2] = { { "kernel", "global" }, { "kernel", "memcg" } };
	struct oomt_metrics_workload *w;
	uint64_t other = d->workloads_dropped;
	size_t shown = 0;

	family(p, "oomtool_oom_kills_total", OOMT_PROM_COUNTER,
	       "OOM kills found in this host's logs since this boot began, by killer (kernel, "
	       "earlyoom, systemd-oomd, nohang) and scope (global, memcg, cpuset, mempolicy, "
	       "unknown).");
	/* the kernel's two usual scopes always, so that the first kill is an increase */
	for (size_t i = 0; i < 2; i++) {
		bool found = false;

		for (size_t k = 0; k < d->n_kills; k++)
			found |= strcmp(d->kills[k].killer, base[i][0]) == 0 &&
			         strcmp(d->kills[k].scope, base[i][1]) == 0;
		if (!found)
			oomt_prom_sample_int(p, L("killer", base[i][0], "scope", base[i][1]), 2, 0);
	}
	for (size_t k = 0; k < d->n_kills; k++)
		oomt_prom_sample_int(p, L("killer", d->kills[k].killer, "scope", d->kills[k].scope),
		                     2, (int64_t)d->kills[k].count);

	family(p, "oomtool_oom_kills_boot_start_time_seconds", OOMT_PROM_GAUGE,
	       "When this boot began (Unix time): the kill counters of this boot count from "
	       "then, and start again at 0 with the next boot.");
	if (d->boot_time_usec != OOMT_UNKNOWN)
		oomt_prom_sample_int(p, NULL, 0, d->boot_time_usec / 1000000);

	family(p, "oomtool_oom_kills_by_workload_total", OOMT_PROM_COUNTER,
	       "OOM kills of this boot by the workload of the victim's memory cgroup (kind: "
	       "unit, container, pod, slice, cgroup, unknown); the first workloads killed keep "
	       "a series of their own, the others are summed as name=\"other\".");
	w = malloc((d->n_workloads ? d->n_workloads : 1) * sizeof(*w));
	if (w) {
		memcpy(w, d->workloads, d->n_workloads * sizeof(*w));
		qsort(w, d->n_workloads, sizeof(*w), cmp_workload);
		for (size_t i = 0; i < d->n_workloads; i++) {
			if (w[i].labelled && shown < m->max_workloads) {
				oomt_prom_sample_int(p, L("kind", w[i].kind, "name", w[i].name), 2,
				                     (int64_t)w[i].kills);
				shown++;
			} else {
				other += w[i].kills;
			}
		}
		free(w);
	}
	if (other)
		oomt_prom_sample_int(p, L("kind", "other", "name", "other"), 2, (int64_t)other);

}

static void last_kill(struct oomt_prom *p, const struct oomt_metrics *m)
{
	const struct oomt_metrics_last_kill *l = &m->st.last;

	family(p, "oomtool_last_oom_kill_timestamp_seconds", OOMT_PROM_GAUGE,
	       "When the last OOM kill found in this host's logs happened (Unix time), of any "
	       "boot.");
	if (l->known && l->time_usec != OOMT_UNKNOWN)
		oomt_prom_sample(p, NULL, 0, sec(l->time_usec));
	family(p, "oomtool_last_oom_kill_info", OOMT_PROM_GAUGE,
	       "The last OOM kill found in this host's logs: the victim's process name, its "
	       "workload, the killer and the scope; always 1.");
	if (l->known)
		oomt_prom_sample_int(p, L("victim", l->victim, "workload", l->workload, "killer",
		                          l->killer, "scope", l->scope), 4, 1);
}

static void accounting(struct oomt_prom *p, const struct oomt_metrics *m)
{
	const struct oomt_metrics_state_data *d = &m->st;
	int64_t unlogged = 0;

	if (m->have_accounting && m->kernel_oom_kills != OOMT_UNKNOWN &&
	    (uint64_t)m->kernel_oom_kills > d->logged_kills)
		unlogged = m->kernel_oom_kills - (int64_t)d->logged_kills;
	family(p, "oomtool_kernel_oom_kills_total", OOMT_PROM_COUNTER,
	       "The kernel's own count of OOM kills since this boot began (/proc/vmstat "
	       "oom_kill, 4.13+), logged or not.");
	if (m->have_accounting)
		oomt_prom_sample_int(p, NULL, 0, m->kernel_oom_kills);
	family(p, "oomtool_unlogged_oom_kills", OOMT_PROM_GAUGE,
	       "Kernel OOM kills of this boot that no log holds: the kernel's count minus the "
	       "kills found in the logs (a rate-limited or overwritten ring buffer, dmesg -C, a "
	       "rotated journal).");
	if (m->have_accounting)
		oomt_prom_sample_int(p, NULL, 0, unlogged);
	family(p, "oomtool_suppressed_oom_headers", OOMT_PROM_GAUGE,
	       "OOM reports of this boot whose header, task table and summary the kernel's rate "
	       "limit dropped (\"oom_kill_process: N callbacks suppressed\").");
	if (m->have_accounting)
		oomt_prom_sample_int(p, NULL, 0, (int64_t)d->suppressed_headers);
	family(p, "oomtool_unattributed_oom_kills", OOMT_PROM_GAUGE,
	       "Logged kernel OOM kills of this boot whose log names no memory cgroup.");
	if (m->have_accounting)
		oomt_prom_sample_int(p, NULL, 0, (int64_t)d->unattributed_kills);
}

/* ---- cgroups ---- */

static double headroom_ratio(int64_t limit, int64_t ws)
{
	return limit > 0 ? (double)(limit - ws) / (double)limit : 1.0;
}

static int cmp_cgroup(const void *x, const void *y)
{
	const struct oomt_metrics_cgroup *a = *(const struct oomt_metrics_cgroup *const *)x;
	const struct oomt_metrics_cgroup *b = *(const struct oomt_metrics_cgroup *const *)y;
	double ra = headroom_ratio(a->limit_bytes, a->working_set_bytes);
	double rb = headroom_ratio(b->limit_bytes, b->working_set_bytes);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(a->path, b->path);
}

enum cg_field { CG_USAGE, CG_WS, CG_LIMIT, CG_RATIO, CG_KILLS, CG_PSI_SOME, CG_PSI_FULL };

static int64_t cg_value(const struct oomt_metrics_cgroup *c, enum cg_field f)
{
	switch (f) {
	case CG_USAGE: return c->usage_bytes;
	case CG_WS: return c->working_set_bytes;
	case CG_LIMIT: return c->limit_bytes;
	case CG_KILLS: return c->oom_kills;
	case CG_PSI_SOME: return c->psi_some_usec;
	case CG_PSI_FULL: return c->psi_full_usec;
	case CG_RATIO: break;
	}
	return OOMT_UNKNOWN;
}

static void cg_sample(struct oomt_prom *p, const char *path, const char *kind,
                      const char *name, enum cg_field f, const char *stall, double ratio,
                      int64_t v)
{
	if (f == CG_RATIO)
		oomt_prom_sample(p, L("cgroup", path, "kind", kind, "name", name), 3, ratio);
	else if (stall)
		oomt_prom_sample(p, L("cgroup", path, "kind", kind, "name", name, "stall", stall), 4,
		                 sec(v));
	else
		oomt_prom_sample_int(p, L("cgroup", path, "kind", kind, "name", name), 3, v);
}

/* One value of the cgroups shown, then of "other": the sums over the rest (a ratio from
 * the sums; a counter only when one of them knows it). */
static void cg_samples(struct oomt_prom *p, struct oomt_metrics_cgroup *const *order, size_t n,
                       size_t shown, enum cg_field f, const char *stall)
{
	int64_t limit = 0, ws = 0, sum = 0;
	bool known = false;

	for (size_t i = 0; i < n; i++) {
		const struct oomt_metrics_cgroup *c = order[i];
		int64_t v = cg_value(c, f);

		if (i < shown) {
			if (f == CG_RATIO || v != OOMT_UNKNOWN)
				cg_sample(p, c->path, c->kind, c->name, f, stall,
				          headroom_ratio(c->limit_bytes, c->working_set_bytes), v);
			continue;
		}
		limit += c->limit_bytes;
		ws += c->working_set_bytes;
		if (v != OOMT_UNKNOWN) {
			sum += v;
			known = true;
		}
	}
	if (n > shown && (f == CG_RATIO || known))
		cg_sample(p, "other", "other", "other", f, stall, headroom_ratio(limit, ws), sum);
}

static void cgroups(struct oomt_prom *p, const struct oomt_metrics *m)
{
	static const struct {
		const char *name;
		enum oomt_prom_type type;
		enum cg_field field;
		const char *help;
	} fams[] = {
		{ "oomtool_cgroup_memory_usage_bytes", OOMT_PROM_GAUGE, CG_USAGE,
		  "Memory a cgroup with a limit uses as the kernel checks it against the limit "
		  "(v2 memory.current, v1 memory.usage_in_bytes), page cache included." },
		{ "oomtool_cgroup_memory_working_set_bytes", OOMT_PROM_GAUGE, CG_WS,
		  "Usage minus inactive file pages, as docker stats and the kubelet count it: what "
		  "the kernel cannot reclaim easily." },
		{ "oomtool_cgroup_memory_limit_bytes", OOMT_PROM_GAUGE, CG_LIMIT,
		  "The tightest memory limit on the cgroup and its ancestors (v2 memory.max, v1 "
		  "memory.limit_in_bytes)." },
		{ "oomtool_cgroup_memory_headroom_ratio", OOMT_PROM_GAUGE, CG_RATIO,
		  "(limit - working set) / limit: the share of its limit the cgroup has left; below "
		  "0.1 it is within 10% of an OOM kill." },
		{ "oomtool_cgroup_memory_oom_kills_total", OOMT_PROM_COUNTER, CG_KILLS,
		  "Processes of the cgroup and its descendants the kernel killed for lack of "
		  "memory (v2 memory.events oom_kill, v1 memory.oom_control oom_kill summed)." },
	};
	struct oomt_metrics_cgroup **order;
	size_t shown = m->n_cgroups < m->max_cgroups ? m->n_cgroups : m->max_cgroups;

	order = malloc((m->n_cgroups ? m->n_cgroups : 1) * sizeof(*order));
	if (order) {
		for (size_t i = 0; i < m->n_cgroups; i++)
			order[i] = &m->cgroups[i];
		qsort(order, m->n_cgroups, sizeof(*order), cmp_cgroup);
	}
	for (size_t k = 0; k < sizeof(fams) / sizeof(fams[0]); k++) {
		family(p, fams[k].name, fams[k].type, fams[k].help);
		if (order)
			cg_samples(p, order, m->n_cgroups, shown, fams[k].field, NULL);
	}
	family(p, "oomtool_cgroup_memory_pressure_stall_seconds_total", OOMT_PROM_COUNTER,
	       "Time tasks of the cgroup stalled waiting for memory (v2 memory.pressure total; "
	       "stall=\"some\": at least one task, \"full\": every non-idle task at once).");
	if (order) {
		cg_samples(p, order, m->n_cgroups, shown, CG_PSI_SOME, "some");
		cg_samples(p, order, m->n_cgroups, shown, CG_PSI_FULL, "full");
	}
	free(order);
}

/* ---- the host and the watcher ---- */

static void host(struct oomt_prom *p, const struct oomt_metrics *m)
{
	family(p, "oomtool_memory_available_bytes", OOMT_PROM_GAUGE,
	       "Memory available for new work without swapping (/proc/meminfo MemAvailable).");
	if (m->have_mem && m->mem.mem_available_bytes != OOMT_UNKNOWN)
		oomt_prom_sample_int(p, NULL, 0, m->mem.mem_available_bytes);
	family(p, "oomtool_swap_total_bytes", OOMT_PROM_GAUGE, "Swap space (/proc/meminfo SwapTotal).");
	if (m->have_mem && m->mem.swap_total_bytes != OOMT_UNKNOWN)
		oomt_prom_sample_int(p, NULL, 0, m->mem.swap_total_bytes);
	family(p, "oomtool_swap_free_bytes", OOMT_PROM_GAUGE, "Unused swap (/proc/meminfo SwapFree).");
	if (m->have_mem && m->mem.swap_free_bytes != OOMT_UNKNOWN)
		oomt_prom_sample_int(p, NULL, 0, m->mem.swap_free_bytes);
	family(p, "oomtool_memory_pressure_stall_seconds_total", OOMT_PROM_COUNTER,
	       "Time tasks stalled waiting for memory since boot (/proc/pressure/memory; "
	       "kind=\"some\": at least one task, \"full\": every non-idle task at once).");
	if (m->have_psi && m->psi.some.total_usec != OOMT_UNKNOWN)
		oomt_prom_sample(p, L("kind", "some"), 1, sec(m->psi.some.total_usec));
	if (m->have_psi && m->psi.has_full && m->psi.full.total_usec != OOMT_UNKNOWN)
		oomt_prom_sample(p, L("kind", "full"), 1, sec(m->psi.full.total_usec));
}

static int cmp_eta(const void *x, const void *y)
{
	const struct oomt_metrics_eta *a = x, *b = y;

	if (a->eta_sec != b->eta_sec)
		return a->eta_sec < b->eta_sec ? -1 : 1;
	return strcmp(a->scope, b->scope);
}

static void watcher(struct oomt_prom *p, const struct oomt_metrics *m)
{
	struct oomt_metrics_eta *e;
	int64_t other = INT64_MAX;

	family(p, "oomtool_watch_up", OOMT_PROM_GAUGE,
	       "1 when an oomtool watch process runs and wrote its state recently, else 0.");
	oomt_prom_sample_int(p, NULL, 0, m->watch_up);
	family(p, "oomtool_watch_eta_seconds", OOMT_PROM_GAUGE,
	       "The watcher's time to OOM: when memory runs out at the current growth, for the "
	       "host (scope=\"host\") and each memory cgroup with a limit that is growing "
	       "steadily.");
	if (!m->n_etas)
		return;
	e = malloc(m->n_etas * sizeof(*e));
	if (!e)
		return;
	memcpy(e, m->etas, m->n_etas * sizeof(*e));
	qsort(e, m->n_etas, sizeof(*e), cmp_eta);
	for (size_t i = 0; i < m->n_etas; i++) {
		if (i < m->max_cgroups)
			oomt_prom_sample_int(p, L("scope", e[i].scope, "name", e[i].name), 2, e[i].eta_sec);
		else if (e[i].eta_sec < other)
			other = e[i].eta_sec;
	}
	if (other != INT64_MAX)
		oomt_prom_sample_int(p, L("scope", "other", "name", "other"), 2, other);
	free(e);
}

static void self(struct oomt_prom *p, const struct oomt_metrics *m)
{
	family(p, "oomtool_metrics_scrape_duration_seconds", OOMT_PROM_GAUGE,
	       "How long this run of oomtool metrics took to gather everything.");
	oomt_prom_sample(p, NULL, 0, sec(m->status.duration_usec));
	family(p, "oomtool_metrics_source_errors", OOMT_PROM_GAUGE,
	       "Failures of this run, per source (journal, kmsg, logfiles, accounting, cgroups, "
	       "memory, pressure, watch, state); 0 when it was read.");
	for (size_t i = 0; i < METRICS_SOURCES; i++)
		oomt_prom_sample_int(p, L("source", oomt_metrics_source_names[i]), 1,
		                     (int64_t)m->source_errors[i]);
}

int oomt_metrics_expose(const struct oomt_metrics *m, FILE *out)
{
	struct oomt_prom *p;
	int r = oomt_prom_new(out, &p);

	if (r < 0)
		return r;
	kills(p, m);
	last_kill(p, m);
	accounting(p, m);
	cgroups(p, m);
	host(p, m);
	watcher(p, m);
	self(p, m);
	return oomt_prom_free(p);
}
