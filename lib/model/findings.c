/* SPDX-License-Identifier: MIT */
/*
 * Findings: what caused an incident, as stable codes with the numbers that prove them and
 * the numbers the advice needs. Computed first, so that the JSON stays stable while the
 * wording (cmd/explain-kill.c) improves. Every code is documented in oomtool-explain-kill(1).
 *
 * Thresholds are deliberately coarse: a finding must be obvious from the numbers, because
 * an admin will act on it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/cgroup.h>
#include <oomtool/model.h>
#include "model/badness-rules.h"
#include "model/model-internal.h"

#define MIB (1024LL * 1024)
#define GIB (1024LL * MIB)

static int64_t zero_if_unknown(int64_t v)
{
	return is_known(v) ? v : 0;
}

static int64_t round_up(int64_t v, int64_t to)
{
	return (v + to - 1) / to * to;
}

static struct oomt_finding *add_finding(struct oomt_findings *fs, const char *code,
                                        enum oomt_severity sev)
{
	struct oomt_finding *f;

	if (fs->n >= OOMT_FINDINGS_MAX)
		return NULL;
	f = &fs->f[fs->n++];
	memset(f, 0, sizeof(*f));
	f->code = code;
	f->severity = sev;
	return f;
}

static void evidence_num(struct oomt_finding *f, const char *key, int64_t v)
{
	if (f && f->n_evidence < OOMT_KV_MAX)
		f->evidence[f->n_evidence++] = (struct oomt_kv){ .key = key, .num = v };
}

static void evidence_str(struct oomt_finding *f, const char *key, const char *s)
{
	if (f && f->n_evidence < OOMT_KV_MAX)
		f->evidence[f->n_evidence++] =
			(struct oomt_kv){ .key = key, .num = OOMT_UNKNOWN, .str = s };
}

static void advice_num(struct oomt_finding *f, const char *key, int64_t v)
{
	if (f && f->n_advice < OOMT_KV_MAX && is_known(v))
		f->advice[f->n_advice++] = (struct oomt_kv){ .key = key, .num = v };
}

const struct oomt_kv *oomt_finding_get(const struct oomt_finding *f, const char *key)
{
	for (size_t i = 0; i < f->n_evidence; i++)
		if (strcmp(f->evidence[i].key, key) == 0)
			return &f->evidence[i];
	for (size_t i = 0; i < f->n_advice; i++)
		if (strcmp(f->advice[i].key, key) == 0)
			return &f->advice[i];
	return NULL;
}

const char *oomt_severity_name(enum oomt_severity s)
{
	return s == OOMT_SEV_CRITICAL ? "critical" : s == OOMT_SEV_WARNING ? "warning" : "info";
}

/* A limit to suggest for a workload that needed `bytes`: a quarter more, in 64 MiB steps. */
static int64_t suggest_limit(int64_t bytes)
{
	return round_up(bytes + bytes / 4, 64 * MIB);
}

/* Below this much RAM a machine is most likely a small device (a router, a board) whose
 * storage is flash: no swap file is suggested (no_swap's small_ram). */
#define SMALL_RAM (256 * MIB)

/* Swap for a machine with `ram` bytes: as much as RAM up to 2 GiB, half up to 8 GiB,
 * then 4 GiB: enough to move idle anonymous pages out, small enough not to thrash. In
 * 256 MiB steps from 1 GiB of RAM, 64 MiB steps below. */
static int64_t suggest_swap(int64_t ram)
{
	int64_t s = ram <= 2 * GIB ? ram : ram <= 8 * GIB ? ram / 2 : 4 * GIB;

	return round_up(s, ram < GIB ? 64 * MIB : 256 * MIB);
}

/* The zones an allocation could use, when every one of them was well above its high
 * watermark (zones_above_high). */
struct headroom {
	const struct oomt_zone *tight;  /* the one with the least free above its high watermark */
	int64_t free_bytes;             /* their free memory summed */
	int64_t zones;
	int64_t order_block;            /* 1: a free list of theirs held a block of the order
	                                   asked for, 0: none did, unknown: no free list */
};

/* What every finding looks at. */
struct incident_facts {
	const struct oomt_event *ev;
	const struct oomt_model *m;
	int64_t page_size;
	int64_t ram_bytes;           /* or unknown */
	bool memcg;
	bool manual;                 /* SysRq-f (order -1): a kill asked for by hand ... */
	bool shortage;               /* ... whose Mem-Info shows memory short all the same */
	const char *boot_stage;      /* early_boot's stage, or NULL: the OOM came before the
	                                installed system ran (boot_stage_of) */
	bool machine_table;          /* a memcg OOM whose table lists every task of the machine
	                                (machine_table_of) */
	bool above_high;             /* free memory was not short (free_above_watermarks) */
	struct headroom room;        /* ... and where */
	bool pagefault;              /* a page fault started the OOM killer (pagefault_trigger) */
	bool fault_room;             /* ... while Mem-Info shows memory to spare (room_compute) */
};

/* A memory cgroup's OOM that panicked (vm.panic_on_oom=2) through check_panic_on_oom(),
 * which older kernels (3.10 and RHEL 7 among them, until a 2015 change passed it the cgroup)
 * made print the report with no cgroup: the machine's Mem-Info instead of the cgroup's
 * counters, and every task of the machine (dump_tasks() with no cgroup lists them all).
 * Such a table says nothing of who was in the cgroup. */
static bool machine_table_of(const struct incident_facts *c)
{
	const struct oomt_event *ev = c->ev;

	return c->memcg && ev->kind == OOMT_KIND_OOM_PANIC && ev->has_meminfo && !ev->has_memcg &&
	       ev->n_tasks > 0;
}

/* Whether the figures of this OOM show no shortage to size anything by: a kill asked for by
 * hand, or a page fault's system-wide kill on a machine with memory to spare. */
static bool no_shortage(const struct incident_facts *c)
{
	return (c->manual && !c->shortage) || c->fault_room;
}

/* Whether a manual OOM's Mem-Info shows a real shortage: the zones' free memory at or
 * below their high watermarks summed (where kswapd is already reclaiming), and swap absent
 * or all but full (2% or less free). Every figure must be in the log: a Mem-Info without
 * zone lines or swap figures shows no shortage. */
static bool manual_shortage(const struct oomt_event *ev)
{
	const struct oomt_meminfo *mi = &ev->meminfo;
	int64_t free_b = 0, high = 0;

	if (!ev->has_meminfo || !ev->n_zones || !is_known(mi->total_swap_bytes) ||
	    (mi->total_swap_bytes > 0 && (!is_known(mi->free_swap_bytes) ||
	                                  mi->free_swap_bytes > mi->total_swap_bytes / 50)))
		return false;
	for (size_t i = 0; i < ev->n_zones; i++) {
		const struct oomt_zone *z = &ev->zones[i];

		if (!is_known(z->free_bytes) || !is_known(z->high_bytes))
			return false;
		free_b += z->free_bytes;
		high += z->high_bytes;
	}
	return free_b <= high;
}

/* ---- scope: whose limit was reached ---- */

/* The kubelet's cgroups above the pods: all pods ("node": its limit is the node's
 * allocatable memory, capacity less --system-reserved, --kube-reserved and the hard eviction
 * threshold) and the QoS levels of the BestEffort and Burstable pods, for the systemd and
 * cgroupfs drivers. NULL for any other path (a pod's own cgroup has the pod's limit). */
static const char *kubelet_node_cgroup(const char *path)
{
	static const struct { const char *path, *level; } known[] = {
		{ "/kubepods.slice", "node" },
		{ "/kubepods", "node" },
		{ "/kubepods.slice/kubepods-besteffort.slice", "besteffort" },
		{ "/kubepods.slice/kubepods-burstable.slice", "burstable" },
		{ "/kubepods/besteffort", "besteffort" },
		{ "/kubepods/burstable", "burstable" },
	};
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i].path) == n && strncmp(path, known[i].path, n) == 0)
			return known[i].level;
	return NULL;
}

#define GFP_DMA_BIT 0x01ULL
#define GFP_MOVABLE_BIT 0x08ULL

/* Whether the gfp mask's zone bits let the allocation use zone z. The bits are the same in
 * every era: __GFP_DMA 0x01, __GFP_HIGHMEM 0x02, __GFP_MOVABLE 0x08; HighMem only with
 * __GFP_HIGHMEM, Movable only with both, and with __GFP_DMA the DMA zone only. A report
 * without a mask allows every zone. */
static bool gfp_allows_zone(const struct oomt_event *ev, const struct oomt_zone *z)
{
	unsigned long long mask;

	if (!ev->trigger.gfp_mask[0])
		return true;
	mask = strtoull(ev->trigger.gfp_mask, NULL, 16);
	if (strcmp(z->name, "HighMem") == 0)
		return mask & 0x02;
	if (strcmp(z->name, "Movable") == 0)
		return (mask & 0x0a) == 0x0a;
	return strcmp(z->name, "DMA") == 0 || !(mask & GFP_DMA_BIT);
}

/* The zones an allocation of a report may use, from its zone lines: those its gfp mask
 * allows, but DMA (lowmem_reserve keeps it for the devices that need it). */
static bool zone_line_usable(const struct oomt_event *ev, const struct oomt_zone *z)
{
	return strcmp(z->name, "DMA") != 0 && gfp_allows_zone(ev, z);
}

/* The zones the allocation could use were at their min watermark while zones it could not
 * use (HighMem on 32 bits, a Movable node) had plenty free: lowmem ran out, not the
 * machine; swap and RAM do not help (kernel memory, slab, cannot go there). */
static bool zones_limited_finding(const struct oomt_event *ev, struct oomt_findings *fs)
{
	int64_t usable_free = 0, other_free = 0;
	const char *other = NULL;
	size_t usable = 0;
	struct oomt_finding *f;

	if (!ev->trigger.gfp_mask[0] || ev->n_zones == 0 ||
	    (strtoull(ev->trigger.gfp_mask, NULL, 16) & GFP_DMA_BIT))
		return false;                     /* __GFP_DMA: a device's own zone */
	for (size_t i = 0; i < ev->n_zones; i++) {
		const struct oomt_zone *z = &ev->zones[i];

		if (!is_known(z->free_bytes))
			continue;
		if (zone_line_usable(ev, z)) {
			if (!is_known(z->min_bytes) || z->free_bytes > z->low_bytes ||
			    (!is_known(z->low_bytes) && z->free_bytes > z->min_bytes))
				return false;             /* a usable zone had room: not this case */
			usable_free += z->free_bytes;
			usable++;
		} else if (strcmp(z->name, "DMA") != 0) {
			other_free += z->free_bytes;
			other = z->name;
		}
	}
	if (usable == 0 || !other || other_free < 64 * 1024 * 1024 || other_free < 4 * usable_free)
		return false;
	f = add_finding(fs, "zones_exhausted", OOMT_SEV_CRITICAL);
	evidence_str(f, "gfp_mask", ev->trigger.gfp_mask);
	evidence_str(f, "unusable_zone", other);
	evidence_num(f, "usable_free_bytes", usable_free);
	evidence_num(f, "unusable_free_bytes", other_free);
	evidence_num(f, "free_swap_bytes", ev->meminfo.free_swap_bytes);
	return true;
}

/* constrained_nodes: a constraint the report names (with its nodemask), or none and the
 * full nodes the zone lines show (full_mask, what the others had free). */
static void constrained_nodes(const struct incident_facts *c, const char *constraint,
                              const char *nodemask, int64_t full_mask, int64_t free_elsewhere,
                              struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	struct oomt_finding *f = add_finding(fs, "constrained_nodes", OOMT_SEV_WARNING);

	evidence_str(f, "constraint", constraint);
	evidence_str(f, "nodemask", nodemask);
	evidence_str(f, "cpuset", ev->trigger.cpuset[0] ? ev->trigger.cpuset : NULL);
	evidence_str(f, "mems_allowed", ev->trigger.mems_allowed[0] ? ev->trigger.mems_allowed
	                                                            : NULL);
	evidence_num(f, "ram_bytes", c->ram_bytes);
	evidence_num(f, "free_bytes", is_known(ev->meminfo.free_pages)
	                        ? ev->meminfo.free_pages * c->page_size : OOMT_UNKNOWN);
	evidence_num(f, "full_nodes_mask", full_mask);
	evidence_num(f, "free_elsewhere_bytes", free_elsewhere);
}

/* The nodes' Normal zones, where their memory is (the zones below are kept back by
 * lowmem_reserve): some at their watermarks while another node had plenty free. A
 * system-wide allocation would have taken that memory before any kill, so the allocation
 * was confined to the full nodes: a memory policy, a cpuset, or a node-bound request. The
 * report says so itself from 5.0 on (the constraint); older ones do not (§4.1). */
static bool nodes_limited_finding(const struct incident_facts *c, struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	int64_t full_free = 0, room = 0, mask = 0;
	size_t nroom = 0;

	for (size_t i = 0; i < ev->n_zones; i++) {
		const struct oomt_zone *z = &ev->zones[i];

		if (!is_known(z->node) || z->node < 0 || z->node > 62 || strcmp(z->name, "Normal") != 0 ||
		    !is_known(z->free_bytes) || !is_known(z->high_bytes))
			continue;
		if (z->free_bytes <= z->high_bytes) {
			full_free += z->free_bytes;
			mask |= INT64_C(1) << z->node;
		} else if (z->free_bytes >= 64 * 1024 * 1024 && z->free_bytes > 4 * z->high_bytes) {
			room += z->free_bytes;
			nroom++;
		}
	}
	if (!mask || !nroom || room < 4 * full_free)
		return false;
	constrained_nodes(c, NULL, NULL, mask, room, fs);
	return true;
}

static bool zone_has_order(const struct oomt_zone *z, int64_t order);

/* A zone line the allocation could use: one its gfp mask allows and the allocator has pages
 * in (an empty zone prints watermarks too), DMA only when no other zone is listed (as in
 * zone_line_usable). */
static bool zone_line_open(const struct oomt_event *ev, const struct oomt_zone *z, bool dma_only)
{
	if (is_known(z->managed_bytes) && z->managed_bytes == 0)
		return false;
	return dma_only ? gfp_allows_zone(ev, z) : zone_line_usable(ev, z);
}

static bool only_dma_listed(const struct oomt_event *ev)
{
	for (size_t i = 0; i < ev->n_zones; i++)
		if (strcmp(ev->zones[i].name, "DMA") != 0)
			return false;
	return true;
}

/* Whether every zone the allocation could use, by its gfp mask, had free memory well above
 * its high watermark (where kswapd stops reclaiming), four times it: then the allocation
 * did not fail for want of free memory (just above it is a machine that ran low, whose
 * high-order request found no block). Only from zone lines known to be all of them (their
 * managed sizes are the usable RAM: oomt_event_usable_ram), and without the free CMA pages
 * when the allocation is not movable (only movable pages may go there), so that a board
 * whose free memory is all CMA is not taken for one with memory to spare. */
static bool zones_above_high(const struct incident_facts *c, struct headroom *h)
{
	const struct oomt_event *ev = c->ev;
	const struct oomt_meminfo *mi = &ev->meminfo;
	bool dma_only = only_dma_listed(ev), movable;
	int64_t high = 0, order = ev->trigger.order;
	enum oomt_ram_source src;

	memset(h, 0, sizeof(*h));
	h->order_block = OOMT_UNKNOWN;
	oomt_event_usable_ram(ev, c->page_size, &src);
	if (src != OOMT_RAM_MANAGED)
		return false;
	for (size_t i = 0; i < ev->n_zones; i++) {
		const struct oomt_zone *z = &ev->zones[i];

		if (!zone_line_open(ev, z, dma_only))
			continue;
		if (!is_known(z->free_bytes) || !is_known(z->high_bytes) ||
		    z->high_bytes > INT64_MAX / 4 || z->free_bytes <= 4 * z->high_bytes)
			return false;
		h->free_bytes += z->free_bytes;
		high += z->high_bytes;
		h->zones++;
		if (!h->tight || z->free_bytes - z->high_bytes < h->tight->free_bytes - h->tight->high_bytes)
			h->tight = z;
		if (is_known(order) && order >= 0 && z->n_orders)
			h->order_block = zone_has_order(z, order) || h->order_block == 1;
	}
	movable = ev->trigger.gfp_mask[0] &&
	          (strtoull(ev->trigger.gfp_mask, NULL, 16) & GFP_MOVABLE_BIT);
	if (!movable && is_known(mi->free_cma_pages) && mi->free_cma_pages > 0 &&
	    mi->free_cma_pages < INT64_MAX / c->page_size)
		return h->zones && h->free_bytes - mi->free_cma_pages * c->page_size > 4 * high;
	return h->zones > 0;
}

/* The zones the allocation could use had memory above their watermarks, yet the kernel
 * went OOM: its constraints (order, zones, nodes) or the kernel's own accounting failed it,
 * not a lack of memory. The "pages reserved" of a count gone below zero is one such sign
 * the report itself shows. */
static void free_above_watermarks_finding(const struct incident_facts *c, struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	const struct oomt_meminfo *mi = &ev->meminfo;
	const struct headroom *h = &c->room;
	struct oomt_finding *f = add_finding(fs, "free_above_watermarks", OOMT_SEV_CRITICAL);

	evidence_str(f, "gfp_mask", ev->trigger.gfp_mask[0] ? ev->trigger.gfp_mask : NULL);
	evidence_str(f, "gfp_flags", ev->trigger.gfp_flags[0] ? ev->trigger.gfp_flags : NULL);
	evidence_num(f, "order", ev->trigger.order);
	evidence_str(f, "zone", h->tight->name);
	evidence_num(f, "node", h->tight->node);
	evidence_num(f, "zone_free_bytes", h->tight->free_bytes);
	evidence_num(f, "zone_high_bytes", h->tight->high_bytes);
	evidence_num(f, "zones", h->zones);
	evidence_num(f, "usable_free_bytes", h->free_bytes);
	evidence_num(f, "ram_bytes", c->ram_bytes);
	evidence_num(f, "order_block_free", h->order_block);
	evidence_num(f, "reserved_above_ram", is_known(mi->ram_pages) && is_known(mi->reserved_pages)
	                                      ? mi->reserved_pages > mi->ram_pages : OOMT_UNKNOWN);
}

/* Two page counts of Mem-Info in bytes: unknown unless both are known. */
static int64_t pages_sum(int64_t a, int64_t b, int64_t page_size)
{
	return is_known(a) && is_known(b) ? (a + b) * page_size : OOMT_UNKNOWN;
}

static void scope_findings(const struct incident_facts *c, struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	struct oomt_finding *f;

	if (c->memcg) {
		int64_t lim = ev->memcg.memory.limit_bytes;
		struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
		const char *kubelet;
		/* The counters were printed with the "no limit" value (a BPF or userspace-triggered
		 * OOM of a cgroup without limits, CONSTRAINT_BPF_PSI_MEM): no limit was reached. */
		if (oomt_memcg_unlimited(ev))
			return;
		f = add_finding(fs, "memcg_limit", OOMT_SEV_WARNING);
		evidence_str(f, "oom_memcg", ev->oom_memcg[0] ? ev->oom_memcg : NULL);
		evidence_num(f, "limit_bytes", lim);
		evidence_num(f, "usage_bytes", ev->memcg.memory.usage_bytes);
		evidence_num(f, "failcnt", ev->memcg.memory.failcnt);
		evidence_num(f, "memsw_limit_bytes", ev->memcg.memsw.limit_bytes);
		evidence_num(f, "swap_limit_bytes", ev->memcg.swap.limit_bytes);
		evidence_str(f, "unit", ev->unit[0] ? ev->unit : NULL);
		evidence_num(f, "host_free_bytes", ev->has_meminfo && is_known(ev->meminfo.free_pages)
		                                   ? ev->meminfo.free_pages * c->page_size : OOMT_UNKNOWN);
		kubelet = kubelet_node_cgroup(ev->oom_memcg);
		evidence_str(f, "kubelet_cgroup", kubelet);
		/* The node's pods ran out of what the kubelet leaves them: the advice is the
		 * kubelet's reservations and the pods' requests and limits, not a bigger limit. */
		if (kubelet) {
			const char *qos = ev->task_memcg[0] &&
			                  oomt_cgroup_workload_parse(ev->task_memcg, &w) == 0 &&
			                  w.kind == OOMT_WORKLOAD_POD ? oomt_pod_qos_name(w.qos) : NULL;
			evidence_str(f, "victim_qos", qos && qos[0] ? qos : NULL);
			return;
		}
		if (is_known(lim))
			advice_num(f, "suggested_limit_bytes", suggest_limit(lim));
		return;
	}
	if (!ev->has_meminfo || ev->killer != OOMT_KILLER_KERNEL)
		return;
	if (ev->scope == OOMT_SCOPE_CPUSET || ev->scope == OOMT_SCOPE_MEMPOLICY) {
		/* Only the nodes the allocation may use were full: the free memory the Mem-Info
		 * block shows may all be on other nodes. */
		constrained_nodes(c, oomt_scope_name(ev->scope),
		                  ev->trigger.nodemask[0] && strcmp(ev->trigger.nodemask, "(null)") != 0
		                  ? ev->trigger.nodemask : NULL, OOMT_UNKNOWN, OOMT_UNKNOWN, fs);
		return;
	}
	/* a page fault's trigger asks for no memory: its mask says nothing of the zones */
	if ((!c->pagefault && zones_limited_finding(ev, fs)) || nodes_limited_finding(c, fs))
		return;
	/* A kill asked for by hand is no shortage unless the Mem-Info shows one, nor is a page
	 * fault's with memory to spare (pagefault_oom). */
	if (no_shortage(c))
		return;
	if (c->above_high) {
		free_above_watermarks_finding(c, fs);
		return;
	}
	f = add_finding(fs, "global_oom", OOMT_SEV_CRITICAL);
	evidence_num(f, "ram_bytes", c->ram_bytes);
	evidence_num(f, "free_bytes", is_known(ev->meminfo.free_pages)
	                        ? ev->meminfo.free_pages * c->page_size : OOMT_UNKNOWN);
	evidence_num(f, "total_swap_bytes", ev->meminfo.total_swap_bytes);
	evidence_num(f, "free_swap_bytes", ev->meminfo.free_swap_bytes);
	/* Mem-Info's page counters: a block cut before its totals still shows these */
	evidence_num(f, "anon_bytes", pages_sum(ev->meminfo.active_anon_pages,
	                                        ev->meminfo.inactive_anon_pages, c->page_size));
	evidence_num(f, "file_bytes", pages_sum(ev->meminfo.active_file_pages,
	                                        ev->meminfo.inactive_file_pages, c->page_size));
	evidence_num(f, "slab_bytes", pages_sum(ev->meminfo.slab_reclaimable_pages,
	                                        ev->meminfo.slab_unreclaimable_pages, c->page_size));
}

static const struct oomt_rank *rank_of(const struct oomt_model *m, int64_t pid);

/* ---- who held the memory ---- */

/* Many processes of one name: the workers of a pool (php-fpm, Apache prefork, gunicorn,
 * PostgreSQL backends...), sized by their count, not by the size of one. */
struct pool_facts {
	bool found;
	const char *name;            /* the victim's comm, shared by the workers */
	const char *memcg;           /* the cgroup whose limit was hit, else the victim's unit */
	int64_t workers;             /* rows of that name in the table, or unknown (no table) */
	int64_t pool_bytes;          /* their memory (worker_bytes) */
	int64_t max_bytes;           /* the largest of them */
	int64_t other_bytes;         /* every other listed task's */
	int64_t kills;               /* processes of that name killed up to this incident */
	int64_t worker_size_bytes;   /* what the pool is sized by (pool_worker_size) */
};

static int64_t row_mem_pages(const struct oomt_task *t)
{
	return zero_if_unknown(t->rss_pages) + zero_if_unknown(t->swapents_pages);
}

/* The limit for one process that held `bytes` while the other listed tasks held `others`.
 * In a memory cgroup, its size plus a quarter. On the whole machine a limit fires only if
 * it is below what the machine can give the process: its RAM less what the others held and
 * a tenth for the kernel and the page cache (room_bytes). A suggestion above that is capped
 * to it (limit_capped 1: the process needs a smaller working set or more RAM, and the limit
 * only makes it fail alone), and none is made when not even 64 MiB are left. */
static void single_limit(const struct incident_facts *c, struct oomt_finding *f, int64_t bytes,
                         int64_t others)
{
	int64_t want = suggest_limit(bytes), room;

	if (c->memcg || !is_known(c->ram_bytes) || c->ram_bytes <= 0) {
		advice_num(f, "suggested_limit_bytes", want);
		return;
	}
	room = (c->ram_bytes - others - c->ram_bytes / 10) / (64 * MIB) * (64 * MIB);
	evidence_num(f, "ram_bytes", c->ram_bytes);
	evidence_num(f, "room_bytes", room > 0 ? room : 0);
	evidence_num(f, "limit_capped", want > room);
	if (want <= room)
		advice_num(f, "suggested_limit_bytes", want);
	else if (room >= 64 * MIB)
		advice_num(f, "suggested_limit_bytes", room);
}

/* memcg OOM: the listed tasks held under a quarter of the cgroup's usage. The rest is in
 * memory.stat when the report printed it (file: page cache, dirty or not; kernel: slab,
 * stacks, page tables; shmem: tmpfs and shared memory). */
static bool outside_tasks_finding(const struct incident_facts *c, int64_t tasks_bytes,
                                  struct oomt_findings *fs)
{
	const struct oomt_memcg *mc = &c->ev->memcg;
	int64_t usage = mc->memory.usage_bytes;
	struct oomt_finding *f;

	if (!c->memcg || !is_known(usage) || usage <= 0 || tasks_bytes * 4 >= usage)
		return false;
	/* anonymous memory is the processes': when it is most of the usage, the table is
	 * what misses them */
	if (is_known(mc->stat_anon_bytes) && mc->stat_anon_bytes * 2 >= usage)
		return false;
	f = add_finding(fs, "memcg_outside_tasks", OOMT_SEV_WARNING);
	evidence_num(f, "usage_bytes", usage);
	evidence_num(f, "tasks_bytes", tasks_bytes);
	evidence_num(f, "tasks", (int64_t)c->ev->n_tasks);
	evidence_num(f, "stat_file_bytes", mc->stat_file_bytes);
	evidence_num(f, "stat_kernel_bytes", mc->stat_kernel_bytes);
	evidence_num(f, "stat_shmem_bytes", mc->stat_shmem_bytes);
	evidence_num(f, "stat_anon_bytes", mc->stat_anon_bytes);
	return true;
}

/* A virtual machine's monitor (comm, at most 15 bytes): each process is a guest of its
 * own, never a worker of a pool that could run fewer or recycle them. */
static bool vm_monitor(const char *name)
{
	static const char *const names[] = { "qemu-kvm", "kvm", "qemu-dm", "vmware-vmx",
	                                     "VBoxHeadless", "VirtualBoxVM", "firecracker",
	                                     "cloud-hyperviso", "crosvm", NULL };

	if (strncmp(name, "qemu-system-", 12) == 0)
		return true;
	for (size_t i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

static void holder_findings(const struct incident_facts *c, const struct pool_facts *pool,
                            struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	const struct oomt_task *big = NULL;
	int64_t sum = 0, resident = 0, guests = 0, share, whole, ram_pages = OOMT_UNKNOWN;
	struct oomt_finding *f;

	for (size_t i = 0; i < ev->n_tasks; i++) {
		const struct oomt_task *t = &ev->tasks[i];
		sum += row_mem_pages(t);
		resident += zero_if_unknown(t->rss_pages);
		guests += vm_monitor(t->name);
		/* a task the killer may not pick (-1000) is no finding's culprit */
		if (t->oom_score_adj != -1000 && (!big || row_mem_pages(t) > row_mem_pages(big)))
			big = t;
	}
	/* before the installed system ran, its workers and limits are no advice */
	if (!big || sum <= 0 || c->boot_stage)
		return;
	/* A table that lacks the victim was filtered (a grep) or cut, and one row is 100% of
	 * itself: such shares say nothing; nor does a table known to have lost rows. */
	if (ev->n_tasks < 2 || c->m->has_extra || (ev->missing & OOMT_PART_TASKS_CUT) ||
	    (is_known(ev->victim.pid) && !rank_of(c->m, ev->victim.pid)))
		return;
	/* A cgroup whose processes held a small part of its usage was filled by something else
	 * (page cache, kernel memory, tmpfs): who held most of the little is no finding. */
	if (outside_tasks_finding(c, sum * c->page_size, fs))
		return;
	/* The rows add up pages the tasks share (libraries, shared memory, a pool's common
	 * pages) once per task: past the machine's RAM the sum is no memory, and a share of it
	 * reads small. Then RAM is the whole a share is of. */
	if (!c->memcg && is_known(c->ram_bytes) && c->ram_bytes > 0 && c->page_size > 0)
		ram_pages = c->ram_bytes / c->page_size;
	whole = is_known(ram_pages) && sum > ram_pages ? ram_pages : sum;
	share = row_mem_pages(big) * 1000 / whole;
	if (share > 1000)
		share = 1000;
	/* Rows that hold under 1% of RAM did not fill it: the table was cut (the report's
	 * rows are in pid order, and the big ones were lost) or the memory was the kernel's.
	 * The verdict says so; who held most of so little is no finding. */
	if (is_known(ram_pages) && ram_pages > 0 &&
	    (share >= 600 ? row_mem_pages(big) : sum) * 100 < ram_pages)
		return;
	if (share >= 600) {
		f = add_finding(fs, "single_process", OOMT_SEV_WARNING);
		evidence_num(f, "pid", big->pid);
		evidence_str(f, "name", big->name);
		evidence_num(f, "rss_bytes", row_mem_pages(big) * c->page_size);
		evidence_num(f, "swap_bytes", zero_if_unknown(big->swapents_pages) * c->page_size);
		evidence_num(f, "share_permille", share);
		evidence_num(f, "tasks", (int64_t)ev->n_tasks);
		evidence_num(f, "machine_table", c->machine_table);
		/* A limit sized for one worker would starve the pool it belongs to. A limit
		 * (MemoryMax, memory.max, docker -m) caps RAM, not swap: resident sizes only. */
		if ((!pool->found || strcmp(big->name, pool->name) != 0) && !no_shortage(c) &&
		    !c->above_high)
			single_limit(c, f, zero_if_unknown(big->rss_pages) * c->page_size,
			             (resident - zero_if_unknown(big->rss_pages)) * c->page_size);
	} else if (share < 300 && ev->n_tasks >= 5) {
		f = add_finding(fs, "many_processes", OOMT_SEV_INFO);
		evidence_num(f, "tasks", (int64_t)ev->n_tasks);
		evidence_num(f, "total_rss_bytes", sum * c->page_size);
		evidence_num(f, "largest_pid", big->pid);
		evidence_str(f, "largest_name", big->name);
		evidence_num(f, "largest_share_permille", share);
		evidence_num(f, "vm_guests", guests);
		/* the share is of RAM: the rows' sum counts shared pages more than once */
		evidence_num(f, "ram_bytes", whole < sum ? c->ram_bytes : OOMT_UNKNOWN);
	}
}

/* ---- swap ---- */

static void swap_findings(const struct incident_facts *c, struct oomt_findings *fs)
{
	const struct oomt_meminfo *mi = &c->ev->meminfo;
	struct oomt_finding *f;

	/* no swap file of the installed system is on before it runs (early_boot); with free
	 * memory to spare (free_above_watermarks) swap would not have helped */
	if (!c->ev->has_meminfo || !is_known(mi->total_swap_bytes) || no_shortage(c) ||
	    c->boot_stage || c->above_high)
		return;
	if (mi->total_swap_bytes == 0) {
		f = add_finding(fs, "no_swap", c->memcg ? OOMT_SEV_INFO : OOMT_SEV_WARNING);
		evidence_num(f, "total_swap_bytes", 0);
		evidence_num(f, "ram_bytes", c->ram_bytes);
		/* A swap file on a small device's flash wears it, and its filesystems (squashfs,
		 * jffs2, ubifs) mostly cannot hold one: compressed swap in RAM (zram) fits. */
		evidence_num(f, "small_ram", is_known(c->ram_bytes) ? c->ram_bytes < SMALL_RAM
		                                                    : OOMT_UNKNOWN);
		if (is_known(c->ram_bytes) && c->ram_bytes >= SMALL_RAM)
			advice_num(f, "swap_size_bytes", suggest_swap(c->ram_bytes));
		return;
	}
	if (is_known(mi->free_swap_bytes) && mi->free_swap_bytes <= mi->total_swap_bytes / 50) {
		f = add_finding(fs, "swap_exhausted", OOMT_SEV_WARNING);
		evidence_num(f, "total_swap_bytes", mi->total_swap_bytes);
		evidence_num(f, "free_swap_bytes", mi->free_swap_bytes);
		advice_num(f, "swap_size_bytes", round_up(mi->total_swap_bytes * 2, 256 * MIB));
	}
}

/* ---- kernel memory, shmem, hugepages ---- */

static void kernel_mem_findings(const struct incident_facts *c, struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	const struct oomt_meminfo *mi = &ev->meminfo;
	int64_t slab = OOMT_UNKNOWN, base = OOMT_UNKNOWN;
	struct oomt_finding *f;

	if (ev->has_meminfo && is_known(mi->slab_unreclaimable_pages) && is_known(c->ram_bytes)) {
		slab = mi->slab_unreclaimable_pages * c->page_size;
		base = c->ram_bytes;
		if (slab * 10 < base && !(is_known(mi->unreclaimable_slab_bytes) &&
		                          mi->unreclaimable_slab_bytes * 10 >= base))
			slab = OOMT_UNKNOWN;
	} else if (c->memcg && is_known(ev->memcg.stat_slab_unreclaimable_bytes) &&
	           is_known(ev->memcg.memory.usage_bytes)) {
		slab = ev->memcg.stat_slab_unreclaimable_bytes;
		base = ev->memcg.memory.usage_bytes;
		if (slab * 4 < base)
			slab = OOMT_UNKNOWN;
	}
	if (is_known(slab)) {
		f = add_finding(fs, "unreclaimable_slab", OOMT_SEV_WARNING);
		evidence_num(f, "slab_unreclaimable_bytes", slab);
		evidence_num(f, c->memcg && !ev->has_meminfo ? "usage_bytes" : "ram_bytes", base);
		evidence_num(f, "unreclaimable_slab_info_bytes", mi->unreclaimable_slab_bytes);
	}
}

static void shmem_findings(const struct incident_facts *c, struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	int64_t shm = OOMT_UNKNOWN, base = OOMT_UNKNOWN;
	struct oomt_finding *f;

	if (c->memcg && is_known(ev->memcg.stat_shmem_bytes) &&
	    is_known(ev->memcg.memory.usage_bytes)) {
		shm = ev->memcg.stat_shmem_bytes;
		base = ev->memcg.memory.usage_bytes;
		if (shm * 4 < base)
			shm = OOMT_UNKNOWN;
	} else if (!c->memcg && ev->has_meminfo && is_known(ev->meminfo.shmem_pages) &&
	           is_known(c->ram_bytes)) {
		shm = ev->meminfo.shmem_pages * c->page_size;
		base = c->ram_bytes;
		if (shm * 5 < base)
			shm = OOMT_UNKNOWN;
	}
	if (!is_known(shm))
		return;
	f = add_finding(fs, "shmem", OOMT_SEV_WARNING);
	evidence_num(f, "shmem_bytes", shm);
	evidence_num(f, c->memcg ? "usage_bytes" : "ram_bytes", base);
	evidence_num(f, "victim_shmem_rss_bytes", ev->victim.shmem_rss_bytes);
}

static void hugepage_findings(const struct incident_facts *c, struct oomt_findings *fs)
{
	const struct oomt_meminfo *mi = &c->ev->meminfo;
	int64_t free_bytes;
	struct oomt_finding *f;

	if (!c->ev->has_meminfo || !is_known(mi->hugepages_total) || mi->hugepages_total <= 0 ||
	    !is_known(mi->hugepages_free) || !is_known(mi->hugepages_bytes) ||
	    !is_known(c->ram_bytes))
		return;
	free_bytes = mi->hugepages_bytes / mi->hugepages_total * mi->hugepages_free;
	if (free_bytes * 20 < c->ram_bytes)
		return;
	f = add_finding(fs, "hugepages_unused", OOMT_SEV_WARNING);
	evidence_num(f, "hugepages_total", mi->hugepages_total);
	evidence_num(f, "hugepages_free", mi->hugepages_free);
	evidence_num(f, "hugepages_free_bytes", free_bytes);
	evidence_num(f, "ram_bytes", c->ram_bytes);
	advice_num(f, "nr_hugepages", mi->hugepages_total - mi->hugepages_free);
}

/* ---- the allocation ---- */

static void fragmentation_finding(const struct incident_facts *c, struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	int64_t order = ev->trigger.order, free_bytes;
	struct oomt_finding *f;

	/* Only the host's free pages can show fragmentation; a memcg charge does not care. */
	if (c->memcg || !ev->has_meminfo || !is_known(order) || order < 1 || order > 20 ||
	    !is_known(ev->meminfo.free_pages) || !is_known(c->ram_bytes))
		return;
	free_bytes = ev->meminfo.free_pages * c->page_size;
	/* free memory the allocation could not use (HighMem, Movable) is not fragmentation */
	if (ev->trigger.gfp_mask[0] && ev->n_zones) {
		int64_t usable = 0;
		bool known = false;

		for (size_t i = 0; i < ev->n_zones; i++) {
			const struct oomt_zone *z = &ev->zones[i];

			if (is_known(z->free_bytes) && zone_line_usable(ev, z)) {
				usable += z->free_bytes;
				known = true;
			}
		}
		if (known && usable < free_bytes)
			free_bytes = usable;
	}
	if (free_bytes * 50 < c->ram_bytes)      /* less than 2% free: memory really was short */
		return;
	/* the free lists of the zones it could use held such a block (free_above_watermarks) */
	if (c->above_high && c->room.order_block == 1)
		return;
	f = add_finding(fs, "fragmentation", OOMT_SEV_WARNING);
	evidence_num(f, "order", order);
	evidence_num(f, "allocation_bytes", c->page_size << order);
	evidence_num(f, "free_bytes", free_bytes);
	evidence_num(f, "ram_bytes", c->ram_bytes);
}

/* The symbolic list (4.6+) names the context; the hex mask changed meaning too often to
 * decode without the exact kernel's gfp.h, so it is not decoded. */
static const char *gfp_context(const char *flags)
{
	static const char *const weak[] = { "GFP_ATOMIC", "GFP_NOWAIT", "GFP_NOFS", "GFP_NOIO" };
	const char *p;

	for (size_t i = 0; i < sizeof(weak) / sizeof(weak[0]); i++) {
		size_t n = strlen(weak[i]);
		for (p = strstr(flags, weak[i]); p; p = strstr(p + 1, weak[i])) {
			bool start = p == flags || p[-1] == '|' || p[-1] == '(';
			bool end = p[n] == '\0' || p[n] == '|' || p[n] == ')';
			if (start && end)
				return weak[i];
		}
	}
	return NULL;
}

static void gfp_finding(const struct incident_facts *c, struct oomt_findings *fs)
{
	const char *ctx = gfp_context(c->ev->trigger.gfp_flags);
	struct oomt_finding *f;

	if (!ctx)
		return;
	f = add_finding(fs, "atomic_context", OOMT_SEV_INFO);
	evidence_str(f, "context", ctx);
	evidence_str(f, "gfp_mask", c->ev->trigger.gfp_mask[0] ? c->ev->trigger.gfp_mask : NULL);
	evidence_str(f, "gfp_flags", c->ev->trigger.gfp_flags);
	evidence_str(f, "trigger", c->ev->trigger.comm[0] ? c->ev->trigger.comm : NULL);
}

/* ---- the choice ---- */

static const struct oomt_rank *rank_of(const struct oomt_model *m, int64_t pid)
{
	for (size_t i = 0; is_known(pid) && i < m->n_ranks; i++)
		if (m->ranks[i].pid == pid || oomt_model_task(m, &m->ranks[i])->tgid == pid)
			return &m->ranks[i];
	return NULL;
}

static void adj_finding(const struct incident_facts *c, bool group_member,
                        struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	const struct oomt_model *m = c->m;
	const struct oomt_rank *v = rank_of(m, ev->victim.pid), *big = NULL;
	const struct oomt_task *vt, *bt;
	struct oomt_finding *f;

	/* A further member of a memory.oom.group kill was not chosen by its badness. */
	if (!v || m->era == OOMT_ERA_TOTAL_VM || group_member)
		return;
	vt = oomt_model_task(m, v);
	if (!is_known(vt->oom_score_adj) || vt->oom_score_adj <= 0)
		return;
	for (size_t i = 0; i < m->n_ranks; i++) {
		const struct oomt_rank *r = &m->ranks[i];
		if (r != v && r->eligible && r->base_points > v->base_points &&
		    (!big || r->base_points > big->base_points))
			big = r;
	}
	if (!big)
		return;
	bt = oomt_model_task(m, big);
	f = add_finding(fs, "victim_high_adj", OOMT_SEV_WARNING);
	evidence_num(f, "victim_pid", vt->pid);
	evidence_str(f, "victim_name", vt->name);
	evidence_num(f, "victim_oom_score_adj", vt->oom_score_adj);
	evidence_num(f, "victim_rss_bytes", row_mem_pages(vt) * c->page_size);
	evidence_num(f, "bigger_pid", bt->pid);
	evidence_str(f, "bigger_name", bt->name);
	evidence_num(f, "bigger_rss_bytes", row_mem_pages(bt) * c->page_size);
	evidence_num(f, "bigger_oom_score_adj", bt->oom_score_adj);
	advice_num(f, "oom_score_adj", m->flip_adj);
}

static const char *victim_name(const struct oomt_event *ev);

/* memory.oom.group: the kernel killed every other task of the victim's cgroup with it. One
 * selection, one kill of one workload: said once, for the first kill and each member. */
static void group_finding(const struct incident_facts *c, const struct oomt_event *first,
                          size_t members, struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	struct oomt_finding *f;

	if (!ev->group_kill || !is_known(ev->victim.pid))
		return;
	f = add_finding(fs, "group_kill", OOMT_SEV_INFO);
	evidence_num(f, "selected_pid", first->victim.pid);
	evidence_str(f, "selected_name", victim_name(first));
	evidence_num(f, "tasks_killed", (int64_t)members);
	evidence_num(f, "member", first != ev && first->victim.pid != ev->victim.pid);
	evidence_str(f, "task_memcg", first->task_memcg[0] ? first->task_memcg : NULL);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

enum svc_kind { SVC_NONE, SVC_LIMIT, SVC_UNIT, SVC_NAME };

/* The service an event is about: the cgroup whose limit was hit, else the victim's unit
 * (a .service or .scope: a session or slice holds unrelated programs), else its comm. */
static const char *service_key(const struct oomt_event *ev, enum svc_kind *kind)
{
	if (ev->oom_memcg[0] && strcmp(ev->oom_memcg, "/") != 0) {
		*kind = SVC_LIMIT;
		return ev->oom_memcg;
	}
	if (ends_with(ev->task_memcg, ".service") || ends_with(ev->task_memcg, ".scope")) {
		*kind = SVC_UNIT;
		return ev->task_memcg;
	}
	*kind = ev->victim.comm[0] ? SVC_NAME : SVC_NONE;
	return ev->victim.comm[0] ? ev->victim.comm : NULL;
}

static int64_t usec_before(const struct oomt_event *e, const struct oomt_event *ev);

/* Whether e is a kill of its own after `last`, the kill counted before it (or NULL). A
 * userspace killer's attempt that did not end the process is no kill, and its second signal
 * to the same process is the same kill; every selection the kernel printed is one (in the
 * "or sacrifice child" era, of a child of the process it names). */
static bool another_kill(const struct oomt_event *last, const struct oomt_event *e)
{
	enum oomt_kill_outcome o = oomt_model_kill_outcome(e);

	if (o == OOMT_KILL_OUTCOME_NOT_EXITED || o == OOMT_KILL_OUTCOME_FAILED ||
	    o == OOMT_KILL_OUTCOME_GONE)
		return false;
	return !(last && e->killer != OOMT_KILLER_KERNEL && last->killer == e->killer &&
	         last->victim.pid == e->victim.pid && strcmp(last->boot_id, e->boot_id) == 0);
}

#define BURST_GAP_USEC (60 * 1000000LL) /* kills closer than this are one shortage */
#define RETRY_USEC (60 * 1000000LL)     /* a pid killed again within this: one process */

/* A kill in one count (the kills of one service, of one pool's name): the event, its place
 * among them (list order) and whether it is a death counted already (mark_repeats). */
struct kill_ref {
	const struct oomt_event *ev;
	size_t pos;
	bool repeat;
};

#define KILL_REFS_STACK 64  /* kills a count holds without an allocation */

/* Whether the kill e ended a process, as far as the log says: a kill line of the kernel's
 * (a selection without one names the parent of the child killed, up to 5.0), a userspace
 * killer's signal that was no failed attempt. */
static bool ended_process(const struct oomt_event *e)
{
	return e->killer == OOMT_KILLER_KERNEL ? !(e->missing & OOMT_PART_KILL)
	                                       : another_kill(NULL, e);
}

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* One pid on one host and boot, then list order. */
static int cmp_process(const void *a, const void *b)
{
	const struct kill_ref *x = a, *y = b;
	int r = cmp_i64(x->ev->victim.pid, y->ev->victim.pid);

	if (!r)
		r = strcmp(x->ev->host, y->ev->host);
	if (!r)
		r = strcmp(x->ev->boot_id, y->ev->boot_id);
	return r ? r : cmp_i64((int64_t)x->pos, (int64_t)y->pos);
}

static int cmp_pos(const void *a, const void *b)
{
	const struct kill_ref *x = a, *y = b;

	return cmp_i64((int64_t)x->pos, (int64_t)y->pos);
}

/* Marks the kills k[0..n) (in list order, each with a known pid) that are the death of a
 * process killed moments before: the same pid on the same host and boot, and the same name
 * where both name it, within RETRY_USEC of an earlier kill of it that ended a process, by
 * any killer, before or after it on the clock. The process had not exited yet, or two
 * killers saw it go: RHEL 6 prints a new selection and kill each time the OOM killer runs
 * while its victim dies; a process that blocked earlyoom's SIGTERM dies by the kernel's
 * hand seconds later; the kernel's kill and earlyoom's SIGTERM of one pid in one second
 * are one death seen twice. A pid is not reused that fast. Sorted by process, each kill
 * is compared with the one before it of that pid: n log n for any number of kills (a
 * burst of other kills between the two does not hide them). Leaves k in list order. */
static void mark_repeats(struct kill_ref *k, size_t n)
{
	const struct oomt_event *before = NULL;  /* the last kill of this process that ended it */

	qsort(k, n, sizeof(*k), cmp_process);
	for (size_t i = 0; i < n; i++) {
		const struct oomt_event *e = k[i].ev;
		int64_t gap;

		k[i].repeat = false;
		if (i > 0 && (k[i - 1].ev->victim.pid != e->victim.pid ||
		              strcmp(k[i - 1].ev->host, e->host) != 0 ||
		              strcmp(k[i - 1].ev->boot_id, e->boot_id) != 0))
			before = NULL;
		if (!ended_process(e))
			continue;
		if (before) {
			gap = usec_before(before, e);
			k[i].repeat = is_known(gap) && gap >= -RETRY_USEC && gap <= RETRY_USEC &&
			              (!before->victim.comm[0] || !e->victim.comm[0] ||
			               strcmp(before->victim.comm, e->victim.comm) == 0);
		}
		before = e;
	}
	qsort(k, n, sizeof(*k), cmp_pos);
}

/* The shape of the victims' sizes: all within a tenth of the largest ("same_size"), the
 * last a tenth above the first ("growing"), else "varying"; NULL when a size is unknown. */
static const char *trend_pattern(const int64_t *trend, size_t nt)
{
	int64_t lo = INT64_MAX, hi = 0;

	for (size_t i = 0; i < nt; i++) {
		if (!is_known(trend[i]))
			return NULL;
		lo = trend[i] < lo ? trend[i] : lo;
		hi = trend[i] > hi ? trend[i] : hi;
	}
	if (nt < 2)
		return NULL;
	if (hi - lo <= hi / 10)
		return "same_size";
	if (trend[nt - 1] > trend[0] + trend[0] / 10)
		return "growing";
	return "varying";
}

static void repeat_finding(const struct incident_facts *c, const struct oomt_event *const *events,
                           size_t n, size_t idx, const struct pool_facts *pool,
                           struct kill_ref *refs, struct oomt_findings *fs)
{
	const struct oomt_event *ev = events[idx], *first = NULL, *last = NULL;
	enum svc_kind kind, other;
	const char *key = service_key(ev, &kind), *k, *pattern;
	int64_t count = 0, shortages = 0, maxrss = OOMT_UNKNOWN, trend[OOMT_TREND_MAX], gap;
	int64_t limit = OOMT_UNKNOWN, pids[OOMT_TREND_MAX], processes = 0;
	bool at_limit, untimed = false, seen, cut_kill = false;
	size_t nt = 0, nk = 0;
	struct oomt_finding *f;

	if (!key || !is_known(ev->victim.pid))
		return;
	/* Up to this event: the trend ends at the incident being explained. */
	for (size_t i = 0; i < n && i <= idx; i++) {
		/* the kills of one memory.oom.group report are one kill of the service */
		if (!is_known(events[i]->victim.pid) || oomt_group_kill_first(events, n, i, NULL) != i)
			continue;
		k = service_key(events[i], &other);
		if (k && other == kind && strcmp(k, key) == 0) {
			refs[nk] = (struct kill_ref){ .ev = events[i], .pos = nk };
			nk++;
		}
	}
	mark_repeats(refs, nk);
	for (size_t i = 0; i < nk; i++) {
		const struct oomt_event *e = refs[i].ev;

		if (!another_kill(last, e) || refs[i].repeat)
			continue;
		/* a kill more than a minute after the one before is a new shortage */
		gap = last ? usec_before(last, e) : OOMT_UNKNOWN;
		if (last && !is_known(gap))
			untimed = true;   /* no clock says how far apart: one shortage or several */
		if (!last || !is_known(gap) || gap < 0 || gap > BURST_GAP_USEC)
			shortages++;
		last = e;
		if (!first)
			first = e;
		count++;
		/* the processes killed: a pid seen before is the same one (a service keeps its
		 * name over restarts, never its pid); past OOMT_TREND_MAX pids, each is new */
		seen = false;
		if (e->missing & OOMT_PART_KILL)
			cut_kill = true;  /* a selection names the parent whose child was killed */
		for (int64_t j = 0; j < processes && j < OOMT_TREND_MAX; j++)
			seen |= pids[j] == e->victim.pid;
		if (!seen) {
			if (processes < OOMT_TREND_MAX)
				pids[processes] = e->victim.pid;
			processes++;
		}
		/* keep the latest OOMT_TREND_MAX sizes */
		if (nt == OOMT_TREND_MAX) {
			memmove(trend, trend + 1, sizeof(trend[0]) * (OOMT_TREND_MAX - 1));
			nt--;
		}
		trend[nt++] = oomt_model_victim_rss(e);
		if (is_known(trend[nt - 1]) && (!is_known(maxrss) || trend[nt - 1] > maxrss))
			maxrss = trend[nt - 1];
	}
	if (count < 2)
		return;
	/* A limit to give room in: the kernel's kills at a memory cgroup's limit. */
	at_limit = ev->killer == OOMT_KILLER_KERNEL && c->memcg && !oomt_memcg_unlimited(ev) &&
	           !kubelet_node_cgroup(ev->oom_memcg);
	if (at_limit)
		limit = ev->memcg.memory.limit_bytes;
	/* One shortage that took several processes of one name is not a service coming back. */
	if (untimed)
		shortages = OOMT_UNKNOWN;
	pattern = is_known(shortages) && shortages < 2 ? "burst" : trend_pattern(trend, nt);
	f = add_finding(fs, "repeated_kills", is_known(shortages) && shortages < 2 ? OOMT_SEV_INFO
	                                     : count >= 3 && !untimed ? OOMT_SEV_CRITICAL
	                                     : OOMT_SEV_WARNING);
	if (!f)
		return;
	evidence_str(f, kind == SVC_NAME ? "name" : "memcg", key);
	evidence_num(f, "kills", count);
	evidence_num(f, "processes", cut_kill ? OOMT_UNKNOWN : processes);
	evidence_num(f, "first_time_usec", first->time_usec);
	evidence_num(f, "last_time_usec", ev->time_usec);
	evidence_num(f, "first_rss_bytes", trend[0]);
	evidence_num(f, "last_rss_bytes", trend[nt - 1]);
	evidence_num(f, "shortages", shortages);
	evidence_str(f, "pattern", pattern);
	evidence_num(f, "at_limit", at_limit);
	evidence_num(f, "limit_bytes", limit);
	memcpy(f->trend, trend, sizeof(trend[0]) * nt);
	f->n_trend = nt;
	/* Room to give only at a limit, and not in one burst. The victims are workers of one
	 * pool: a limit of one worker's size applied to the service would break it; worker_pool
	 * sizes the pool instead. */
	if (at_limit && shortages >= 2 && is_known(maxrss) && !pool->found)
		advice_num(f, "suggested_limit_bytes",
		           is_known(limit) && limit > maxrss ? suggest_limit(limit) : suggest_limit(maxrss));
}

/* ---- pools of workers ---- */

#define POOL_MIN_WORKERS 5          /* rows of one name that make a pool ... */
#define POOL_MIN_SHARE_PERMILLE 300 /* ... that holds this much of the listed memory, or
                                       lost a worker before */
#define POOL_MIN_WORKERS_KILLED 3   /* or this many rows, of which as many were killed */
#define POOL_MIN_KILLS_NO_TABLE 3   /* without a table: this many of one name killed ... */
#define POOL_KILL_SPAN_USEC (10 * 60 * 1000000LL)  /* ... within ten minutes */

/* The comm a kill names: the kill line's, else the table row of the victim's pid. */
static const char *victim_name(const struct oomt_event *ev)
{
	if (ev->victim.comm[0])
		return ev->victim.comm;
	for (size_t i = 0; is_known(ev->victim.pid) && i < ev->n_tasks; i++)
		if (ev->tasks[i].pid == ev->victim.pid || ev->tasks[i].tgid == ev->victim.pid)
			return ev->tasks[i].name;
	return NULL;
}

/* What one worker costs: its private memory where the table shows it (6.8+ rss_anon),
 * else its whole rss, which also counts the pages the workers share (libraries, an opcode
 * cache), once in each: the figures then err on the safe side. Plus its swap. */
static int64_t worker_bytes(const struct incident_facts *c, const struct oomt_task *t)
{
	int64_t pages = is_known(t->rss_anon_pages) ? t->rss_anon_pages : zero_if_unknown(t->rss_pages);

	return (pages + zero_if_unknown(t->swapents_pages)) * c->page_size;
}

/* How long before ev the kill e happened, or unknown (wall clocks, else the uptime of one
 * boot). */
static int64_t usec_before(const struct oomt_event *e, const struct oomt_event *ev)
{
	if (is_known(e->time_usec) && is_known(ev->time_usec))
		return ev->time_usec - e->time_usec;
	if (is_known(e->uptime_usec) && is_known(ev->uptime_usec) &&
	    strcmp(e->boot_id, ev->boot_id) == 0)
		return ev->uptime_usec - e->uptime_usec;
	return OOMT_UNKNOWN;
}

/* Whether the kill e may be of the pool ev's victim belongs to: one name is one pool only
 * under one user and in one cgroup, where the kills say (a kill line's or a row's uid, the
 * 4.19+ summary's task_memcg); a name shared by separate services (each user's own java
 * server, each container's php-fpm) is several. */
static bool same_pool_kill(const struct oomt_event *e, const struct oomt_event *ev)
{
	if (is_known(e->victim.uid) && is_known(ev->victim.uid) && e->victim.uid != ev->victim.uid)
		return false;
	return !e->task_memcg[0] || !ev->task_memcg[0] || strcmp(e->task_memcg, ev->task_memcg) == 0;
}

/* Processes named `name` killed up to events[idx] on its host (another_kill: a userspace
 * killer's retry of the same process counts once, an attempt that did not end it not at
 * all; mark_repeats: one death seen by two killers, or retried, once), and how many of them
 * within POOL_KILL_SPAN_USEC before it. refs: room for idx + 1 kills. */
static int64_t pool_kills(const struct oomt_event *const *events, size_t n, size_t idx,
                          const char *name, struct kill_ref *refs, int64_t *recent)
{
	const struct oomt_event *ev = events[idx], *last = NULL;
	int64_t kills = 0, ago;
	size_t nk = 0;

	*recent = 0;
	for (size_t i = 0; i <= idx; i++) {
		const struct oomt_event *e = events[i];
		const char *nm = victim_name(e);

		if (!is_known(e->victim.pid) || !nm || strcmp(nm, name) != 0 ||
		    strcmp(e->host, ev->host) != 0 || !same_pool_kill(e, ev))
			continue;
		/* the further members of a memory.oom.group kill died with the victim, not as
		 * workers the kernel took one after another */
		if (oomt_group_kill_first(events, n, i, NULL) == i) {
			refs[nk] = (struct kill_ref){ .ev = e, .pos = nk };
			nk++;
		}
	}
	mark_repeats(refs, nk);
	for (size_t i = 0; i < nk; i++) {
		const struct oomt_event *e = refs[i].ev;

		if (!another_kill(last, e) || refs[i].repeat)
			continue;
		last = e;
		kills++;
		ago = usec_before(e, ev);
		if (is_known(ago) && ago >= 0 && ago <= POOL_KILL_SPAN_USEC)
			(*recent)++;
	}
	return kills;
}

/* The size nine workers in ten stay within (the largest when fewer than ten): what each
 * worker may grow to, without letting one leaking worker size all the others. A binary
 * search over the sizes, so that a table of 100000 rows needs no copy. */
static int64_t pool_worker_size(const struct incident_facts *c, const struct pool_facts *p)
{
	const struct oomt_event *ev = c->ev;
	int64_t lo = 0, hi = p->max_bytes, above = p->workers / 10;

	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2, n = 0;

		for (size_t i = 0; i < ev->n_tasks; i++)
			if (strcmp(ev->tasks[i].name, p->name) == 0 && worker_bytes(c, &ev->tasks[i]) > mid)
				n++;
		if (n <= above)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void pool_facts_compute(const struct incident_facts *c,
                               const struct oomt_event *const *events, size_t n_events,
                               size_t idx, struct kill_ref *refs, struct pool_facts *p)
{
	const struct oomt_event *ev = c->ev;
	enum svc_kind kind;
	const char *key = service_key(ev, &kind);
	int64_t recent, pool = 0, max = 0, other = 0, rows = 0, user = OOMT_UNKNOWN, roots = 0;
	bool mixed = false;

	memset(p, 0, sizeof(*p));
	p->name = victim_name(ev);
	if (!p->name || !p->name[0] || !is_known(ev->victim.pid) || vm_monitor(p->name))
		return;
	p->memcg = kind == SVC_LIMIT || kind == SVC_UNIT ? key : NULL;
	p->kills = pool_kills(events, n_events, idx, p->name, refs, &recent);
	p->workers = p->pool_bytes = p->max_bytes = p->other_bytes = OOMT_UNKNOWN;
	p->worker_size_bytes = OOMT_UNKNOWN;
	if (ev->n_tasks == 0) {
		/* No table to count the workers: only kills of one name in quick succession. */
		p->found = recent >= POOL_MIN_KILLS_NO_TABLE;
		return;
	}
	for (size_t i = 0; i < ev->n_tasks; i++) {
		const struct oomt_task *t = &ev->tasks[i];
		int64_t b = worker_bytes(c, t);

		if (strcmp(t->name, p->name) != 0) {
			other += b;
			continue;
		}
		/* a manager that starts as root and whose workers drop to their user
		 * (php-fpm, apache2, nginx) is one pool with them; a second user is not, nor
		 * are root's processes of that name beside a user's when there are several */
		roots += is_known(t->uid) && t->uid == 0;
		if (is_known(t->uid) && t->uid != 0) {
			mixed |= is_known(user) && t->uid != user;
			user = t->uid;
		}
		rows++;
		pool += b;
		if (b > max)
			max = b;
	}
	p->workers = rows;
	p->pool_bytes = pool;
	p->max_bytes = max;
	p->other_bytes = other;
	/* One name under several users is several services (each user's own server), which
	 * no one manager starts or recycles: no pool. */
	mixed |= is_known(user) && roots > 1;
	p->found = pool > 0 && !mixed &&
	           ((rows >= POOL_MIN_WORKERS &&
	             (p->kills >= 2 || pool * 1000 / (pool + other) >= POOL_MIN_SHARE_PERMILLE)) ||
	            (rows >= POOL_MIN_WORKERS_KILLED && p->kills >= POOL_MIN_WORKERS_KILLED));
	if (p->found)
		p->worker_size_bytes = pool_worker_size(c, p);
}

/* What the processes could have: nine tenths of RAM (the kernel's own memory and the
 * page cache want the rest), or, in a memory cgroup, its limit less what was charged to it
 * besides the listed tasks' memory (page cache, tmpfs, kernel memory) when the report
 * shows the usage, else nine tenths of the limit. */
static int64_t pool_budget(const struct incident_facts *c, const struct pool_facts *p)
{
	const struct oomt_counter *mem = &c->ev->memcg.memory;
	int64_t tasks = p->pool_bytes + p->other_bytes;

	if (!c->memcg)
		return is_known(c->ram_bytes) && c->ram_bytes > 0 ? c->ram_bytes / 10 * 9 : OOMT_UNKNOWN;
	if (!is_known(mem->limit_bytes) || mem->limit_bytes <= 0)
		return OOMT_UNKNOWN;
	if (is_known(mem->usage_bytes) && mem->usage_bytes >= tasks)
		return mem->limit_bytes - (mem->usage_bytes - tasks);
	return mem->limit_bytes / 10 * 9;
}

static void pool_finding(const struct incident_facts *c, const struct pool_facts *p,
                         struct oomt_findings *fs)
{
	int64_t budget, room;
	struct oomt_finding *f;

	if (!p->found)
		return;
	f = add_finding(fs, "worker_pool", OOMT_SEV_WARNING);
	evidence_str(f, "name", p->name);
	evidence_str(f, "memcg", p->memcg);
	evidence_num(f, "workers", p->workers);
	evidence_num(f, "pool_bytes", p->pool_bytes);
	evidence_num(f, "worker_avg_bytes", is_known(p->workers) && p->workers > 0
	                                    ? p->pool_bytes / p->workers : OOMT_UNKNOWN);
	evidence_num(f, "worker_max_bytes", p->max_bytes);
	evidence_num(f, "other_bytes", p->other_bytes);
	evidence_num(f, "kills", p->kills);
	/* a kill without a shortage (by hand, a page fault's): nothing to size */
	if (!is_known(p->worker_size_bytes) || p->worker_size_bytes <= 0 || no_shortage(c))
		return;
	advice_num(f, "worker_size_bytes", p->worker_size_bytes);
	budget = pool_budget(c, p);
	if (!is_known(budget))
		return;
	room = budget - p->other_bytes;
	advice_num(f, "budget_bytes", budget);
	if (room < p->worker_size_bytes)
		return;
	advice_num(f, "max_workers", room / p->worker_size_bytes);
	/* A host-wide OOM: a limit on the unit that runs the pool keeps the next shortage
	 * inside the pool (a memcg OOM has its limit already: memcg_limit). */
	if (!c->memcg && room >= 64 * MIB)
		advice_num(f, "unit_limit_bytes", room / (64 * MIB) * (64 * MIB));
}

/* No kill: the kernel found nothing it was allowed to kill, or panicked instead. */
static void no_kill_findings(const struct incident_facts *c, struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	int64_t exempt = 0, with_adj = 0;
	struct oomt_finding *f;

	if (ev->killer != OOMT_KILLER_KERNEL || is_known(ev->victim.pid))
		return;
	if (ev->no_killable_processes) {
		for (size_t i = 0; i < ev->n_tasks; i++) {
			const struct oomt_task *t = &ev->tasks[i];
			with_adj += is_known(t->oom_score_adj) || is_known(t->oom_adj);
			if ((is_known(t->oom_score_adj) && t->oom_score_adj <= -1000) ||
			    (is_known(t->oom_adj) && t->oom_adj <= -17))
				exempt++;
		}
		if (ev->n_tasks && !with_adj)
			exempt = OOMT_UNKNOWN;   /* rows cut short: their adj is not shown */
		f = add_finding(fs, "nothing_killable", OOMT_SEV_CRITICAL);
		evidence_str(f, "scope", c->memcg ? "memcg" : "global");
		evidence_str(f, "oom_memcg", ev->oom_memcg[0] ? ev->oom_memcg : NULL);
		evidence_num(f, "tasks_listed", ev->has_tasks || ev->n_tasks ? (int64_t)ev->n_tasks
		                                                             : OOMT_UNKNOWN);
		evidence_num(f, "tasks_exempt", ev->has_tasks || ev->n_tasks ? exempt : OOMT_UNKNOWN);
		evidence_num(f, "panicked", ev->kind == OOMT_KIND_OOM_PANIC);
	}
	if (ev->kind == OOMT_KIND_OOM_PANIC) {
		f = add_finding(fs, "oom_panic", OOMT_SEV_CRITICAL);
		evidence_str(f, "panic", ev->panic[0] ? ev->panic : NULL);
		evidence_num(f, "panic_on_oom", ev->panic_on_oom);
		evidence_num(f, "no_killable_processes", ev->no_killable_processes);
		evidence_str(f, "scope", c->memcg ? "memcg" : ev->scope == OOMT_SCOPE_UNKNOWN
		                         ? NULL : oomt_scope_name(ev->scope));
		evidence_num(f, "machine_table", c->machine_table);
	}
}

/* Whether the OOM came before the installed system ran, and where: "no_userspace" (a
 * system-wide "no killable processes" whose table header is there with no row: no
 * user-space process existed yet, as in early boot or a kdump capture kernel's first
 * seconds), "capture_kernel" (a row of kdump's tools: makedumpfile, kdump), "initramfs" (a
 * row of dracut's initramfs: dracut-cmdline, dracut-initqueue, ...); else NULL. Swap, limits
 * and workers of the installed system do not apply there. */
static const char *boot_stage_of(const struct incident_facts *c)
{
	const struct oomt_event *ev = c->ev;
	bool dracut = false;

	if (c->memcg || ev->killer != OOMT_KILLER_KERNEL)
		return NULL;
	if (ev->no_killable_processes && ev->has_tasks && ev->n_tasks == 0 &&
	    !(ev->missing & OOMT_PART_TASKS_CUT))
		return "no_userspace";
	for (size_t i = 0; i < ev->n_tasks; i++) {
		const char *name = ev->tasks[i].name;

		if (strcmp(name, "makedumpfile") == 0 || strcmp(name, "kdump") == 0 ||
		    strncmp(name, "kdump.sh", 8) == 0)
			return "capture_kernel";
		dracut |= strncmp(name, "dracut-", 7) == 0;
	}
	return dracut ? "initramfs" : NULL;
}

static void boot_finding(const struct incident_facts *c, struct oomt_findings *fs)
{
	struct oomt_finding *f;

	if (!c->boot_stage)
		return;
	f = add_finding(fs, "early_boot", OOMT_SEV_CRITICAL);
	evidence_str(f, "stage", c->boot_stage);
	evidence_num(f, "uptime_usec", c->ev->uptime_usec);
	evidence_num(f, "ram_bytes", c->ram_bytes);
	evidence_num(f, "tasks_listed", (int64_t)c->ev->n_tasks);
	evidence_str(f, "trigger", c->ev->trigger.comm[0] ? c->ev->trigger.comm : NULL);
	evidence_str(f, "kernel", c->ev->kernel[0] ? c->ev->kernel : NULL);
}

static void manual_findings(const struct incident_facts *c, struct oomt_findings *fs)
{
	struct oomt_finding *f;

	if (c->manual) {
		f = add_finding(fs, "sysrq", OOMT_SEV_INFO);
		evidence_num(f, "order", -1);
		evidence_num(f, "shortage", c->shortage);
	}
	if (c->ev->allocating_task) {
		const struct oomt_event *ev = c->ev;
		/* the selection line ("Out of memory (oom_kill_allocating_task): Kill process N
		 * (comm)") names the allocating task when the header is not in the log */
		bool sel = !ev->trigger.comm[0] && !is_known(ev->trigger.pid);

		f = add_finding(fs, "oom_kill_allocating_task", OOMT_SEV_INFO);
		evidence_str(f, "trigger", ev->trigger.comm[0] ? ev->trigger.comm
		                           : sel && ev->victim.selected_comm[0] ? ev->victim.selected_comm
		                                                                : NULL);
		evidence_num(f, "trigger_pid", is_known(ev->trigger.pid) ? ev->trigger.pid
		                               : sel ? ev->victim.selected_pid : OOMT_UNKNOWN);
	}
}

/* ---- a page fault's OOM ---- */

/* Whether a page fault started the OOM killer: a fault that returned VM_FAULT_OOM ends in
 * pagefault_out_of_memory(), which asks with gfp_mask 0 and order 0 and, up to 5.15, for
 * the whole machine (5.16 retries the fault instead). The allocation that failed was
 * another: most often a memory cgroup's charge (its kmem limit), or one the lines before
 * the report name. A memcg OOM on that path carries the charge's own mask. */
static bool pagefault_trigger(const struct oomt_event *ev)
{
	const char *m = ev->trigger.gfp_mask;
	char *end;

	if (!m[0] || strtoull(m, &end, 16) != 0 || *end)
		return false;
	return !is_known(ev->trigger.order) || ev->trigger.order == 0;
}

/* What Mem-Info shows the machine could still give: its free pages and the page cache that
 * reclaim drops first (the file LRU less dirty and writeback pages), against its usable RAM
 * or, when the log lacks it, against the pages Mem-Info counts (anon, file, unevictable,
 * slab, page tables, free). A quarter or more of it is no shortage: reclaim empties the
 * page cache before the kernel gives up. */
#define ROOM_SHARE 4

struct room_facts {
	int64_t free_bytes;          /* Mem-Info's free:, or unknown (counted as none) */
	int64_t cache_bytes;         /* clean page cache */
	int64_t room_bytes;          /* the two */
	int64_t whole_bytes;         /* usable RAM, or what Mem-Info counts */
	bool whole_is_ram;
};

static bool room_compute(const struct incident_facts *c, struct room_facts *r)
{
	const struct oomt_meminfo *mi = &c->ev->meminfo;
	const int64_t counted[] = {
		mi->active_anon_pages, mi->inactive_anon_pages, mi->unevictable_pages,
		mi->slab_reclaimable_pages, mi->slab_unreclaimable_pages, mi->pagetables_pages,
	};
	int64_t file;

	if (!c->ev->has_meminfo || !is_known(mi->active_file_pages) ||
	    !is_known(mi->inactive_file_pages))
		return false;
	file = mi->active_file_pages + mi->inactive_file_pages;
	r->free_bytes = is_known(mi->free_pages) ? mi->free_pages * c->page_size : OOMT_UNKNOWN;
	r->cache_bytes = (file - zero_if_unknown(mi->dirty_pages) -
	                  zero_if_unknown(mi->writeback_pages)) * c->page_size;
	if (r->cache_bytes < 0)
		r->cache_bytes = 0;
	r->room_bytes = zero_if_unknown(r->free_bytes) + r->cache_bytes;
	r->whole_is_ram = is_known(c->ram_bytes) && c->ram_bytes > 0;
	if (r->whole_is_ram) {
		r->whole_bytes = c->ram_bytes;
		return true;
	}
	if (!is_known(mi->active_anon_pages))
		return false;   /* what the processes held: without it, no whole to compare */
	r->whole_bytes = (file + zero_if_unknown(mi->free_pages)) * c->page_size;
	for (size_t i = 0; i < sizeof(counted) / sizeof(counted[0]); i++)
		r->whole_bytes += zero_if_unknown(counted[i]) * c->page_size;
	return true;
}

/* The slab allocation that failed on the same host up to 5 s before events[idx]: SLUB's
 * or SLAB's warning names its cache, a memory cgroup's own copy of it up to 5.8
 * ("signal_cache(632851:<cgroup>)"). In the history only when allocation failures are
 * read (--kind). */
#define SLAB_BEFORE_USEC (5 * 1000000LL)

static const struct oomt_event *slab_failure_before(const struct oomt_event *const *events,
                                                    size_t idx)
{
	const struct oomt_event *ev = events[idx];

	for (size_t j = idx; j-- > 0;) {
		const struct oomt_event *e = events[j];
		int64_t gap = usec_before(e, ev);

		if (!is_known(gap) || gap < 0)
			continue;
		if (gap > SLAB_BEFORE_USEC)
			break;
		if (e->kind == OOMT_KIND_ALLOCATION_FAILURE && e->alloc_slab &&
		    e->alloc_slab_cache[0] && strcmp(e->host, ev->host) == 0)
			return e;
	}
	return NULL;
}

/* Whether a slab cache's name is a memory cgroup's copy of a cache (3.8-5.8 kmem
 * accounting: "name(css id:cgroup name)", "signal_cache(632851:3a16...)"). */
static bool memcg_cache_name(const char *name)
{
	const char *p = strrchr(name, '(');
	size_t digits;

	if (!p)
		return false;
	digits = strspn(p + 1, "0123456789");
	return digits > 0 && p[1 + digits] == ':';
}

static void pagefault_finding(const struct incident_facts *c,
                              const struct oomt_event *const *events, size_t idx,
                              struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev, *slab;
	struct room_facts room;
	bool known;
	struct oomt_finding *f;

	if (!c->pagefault)
		return;
	known = room_compute(c, &room);
	slab = slab_failure_before(events, idx);
	/* beside global_oom when the machine was short too: then that is the cause */
	f = add_finding(fs, "pagefault_oom", known && !c->fault_room ? OOMT_SEV_WARNING
	                                                             : OOMT_SEV_CRITICAL);
	evidence_str(f, "gfp_mask", ev->trigger.gfp_mask);
	evidence_str(f, "trigger", ev->trigger.comm[0] ? ev->trigger.comm : NULL);
	evidence_num(f, "trigger_pid", ev->trigger.pid);
	evidence_str(f, "cpuset", ev->trigger.cpuset[0] && strcmp(ev->trigger.cpuset, "/") != 0
	                          ? ev->trigger.cpuset : NULL);
	evidence_num(f, "machine_short", known ? !c->fault_room : OOMT_UNKNOWN);
	evidence_num(f, "free_bytes", known ? room.free_bytes : OOMT_UNKNOWN);
	evidence_num(f, "page_cache_bytes", known ? room.cache_bytes : OOMT_UNKNOWN);
	evidence_num(f, "room_bytes", known ? room.room_bytes : OOMT_UNKNOWN);
	evidence_num(f, "ram_bytes", c->ram_bytes);
	evidence_num(f, "counted_bytes", known && !room.whole_is_ram ? room.whole_bytes
	                                                             : OOMT_UNKNOWN);
	evidence_str(f, "slab_cache", slab ? slab->alloc_slab_cache : NULL);
	evidence_num(f, "slab_cache_memcg", slab ? memcg_cache_name(slab->alloc_slab_cache)
	                                         : OOMT_UNKNOWN);
}

/* ---- allocation failures (docs/kernel-oom-report.md §2.10) ---- */

#define COSTLY_ORDER 3   /* PAGE_ALLOC_COSTLY_ORDER: above it the kernel gives up early */

/* The zones an allocation may come from, as far as the log tells: every zone with a free
 * list, but the 16 MiB DMA zone only when it is all there is (lowmem_reserve keeps it for
 * the devices that need it). */
static bool zone_usable(const struct oomt_event *ev, const struct oomt_zone *z)
{
	if (!z->n_orders || !gfp_allows_zone(ev, z))
		return false;
	if (strcmp(z->name, "DMA") != 0)
		return true;
	for (size_t i = 0; i < ev->n_zones; i++)
		if (ev->zones[i].n_orders && strcmp(ev->zones[i].name, "DMA") != 0)
			return false;
	return true;
}

/* The zone's free bytes in blocks of order >= order. */
static int64_t bytes_at_order(const struct oomt_zone *z, int64_t order)
{
	int64_t sum = 0;

	if (!is_known(z->block_bytes))
		return 0;
	for (size_t k = (size_t)order; k < z->n_orders; k++)
		if (z->free_blocks[k] > 0 && z->free_blocks[k] < (INT64_MAX >> 20) && k < 40)
			sum += z->free_blocks[k] * (z->block_bytes << k);
	return sum;
}

/* Whether the zone holds a block of the order that its watermark lets go: the kernel's own
 * test up to 4.x (each lower order's free pages removed, the min watermark halved per
 * order), which newer kernels only relaxed. */
static bool zone_has_order(const struct oomt_zone *z, int64_t order)
{
	int64_t min = is_known(z->min_bytes) ? z->min_bytes : 0;

	return bytes_at_order(z, order) > (order < 40 ? min >> order : 0);
}

static int largest_order(const struct oomt_zone *z)
{
	for (size_t k = z->n_orders; k-- > 0;)
		if (z->free_blocks[k] > 0)
			return (int)k;
	return -1;
}

struct alloc_facts {
	const struct oomt_zone *main;   /* the usable zone with the most free memory */
	const struct oomt_zone *largest; /* the usable zone with the most memory (managed) */
	int64_t free_bytes;             /* in usable zones (free-list totals) */
	int64_t min_bytes, high_bytes;  /* their watermarks summed (unknown when a zone has none) */
	int64_t all_min_bytes;          /* every zone's min: about vm.min_free_kbytes */
	bool any_has_order;
	int zones;
};

static void alloc_facts_compute(const struct oomt_event *ev, int64_t order, struct alloc_facts *a)
{
	memset(a, 0, sizeof(*a));
	a->min_bytes = a->high_bytes = a->all_min_bytes = 0;
	for (size_t i = 0; i < ev->n_zones; i++) {
		const struct oomt_zone *z = &ev->zones[i];
		int64_t fb = is_known(z->free_list_bytes) ? z->free_list_bytes : z->free_bytes;

		if (is_known(z->min_bytes) && is_known(a->all_min_bytes))
			a->all_min_bytes += z->min_bytes;
		else
			a->all_min_bytes = OOMT_UNKNOWN;
		if (!zone_usable(ev, z) || !is_known(fb))
			continue;
		a->zones++;
		a->free_bytes += fb;
		a->min_bytes = is_known(a->min_bytes) && is_known(z->min_bytes) ? a->min_bytes + z->min_bytes
		                                                               : OOMT_UNKNOWN;
		a->high_bytes = is_known(a->high_bytes) && is_known(z->high_bytes)
		                ? a->high_bytes + z->high_bytes : OOMT_UNKNOWN;
		if (order >= 0 && zone_has_order(z, order))
			a->any_has_order = true;
		if (!a->main || fb > (is_known(a->main->free_list_bytes) ? a->main->free_list_bytes
		                                                         : a->main->free_bytes))
			a->main = z;
		if (!a->largest || (is_known(z->managed_bytes) && is_known(a->largest->managed_bytes) &&
		                    z->managed_bytes > a->largest->managed_bytes))
			a->largest = z;
	}
}

/* What vm.min_free_kbytes to suggest: twice the zones' min watermarks (about the setting
 * now), at most 5% of RAM (more starves the page cache); in kB. */
static int64_t suggest_min_free_kbytes(const struct alloc_facts *a, int64_t ram)
{
	int64_t now = is_known(a->all_min_bytes) ? a->all_min_bytes / 1024 : OOMT_UNKNOWN, s;

	if (!is_known(now) || now <= 0)
		return OOMT_UNKNOWN;
	s = now * 2;
	if (is_known(ram) && ram > 0 && s > ram / 1024 / 20)
		s = ram / 1024 / 20;
	s = round_up(s, 1024);
	return s > now ? s : OOMT_UNKNOWN;
}

/* Network receive paths that allocate in softirq: their ring size and MTU set how much and
 * how large (jumbo frames: order 2-3). */
static bool network_site(const struct oomt_event *ev)
{
	static const char *const nic[] = {
		"tg3", "bnx2", "bnx2x", "bnxt_en", "ixgbe", "ixgbevf", "igb", "igc", "e1000", "e1000e",
		"i40e", "ice", "iavf", "mlx4_en", "mlx5_core", "virtio_net", "vmxnet3", "r8169",
		"sfc", "be2net", "qlge", "qede", "enic", "ena", "cxgb4", "nfp", "hns3", "gve",
		"tulip", "forcedeth", "sky2", "atlantic", "myri10ge", "netxen_nic", "qlcnic",
	};
	const char *c = ev->alloc.caller;

	for (size_t i = 0; i < sizeof(nic) / sizeof(nic[0]); i++)
		if (strcmp(ev->alloc.module, nic[i]) == 0)
			return true;
	return ev->alloc.in_interrupt && (strstr(c, "_rx") || strstr(c, "rx_") || strstr(c, "napi") ||
	                                  strstr(c, "skb"));
}

static const char *site_of(const struct oomt_event *ev)
{
	return ev->alloc.in_interrupt && ev->alloc.caller[0] ? ev->alloc.caller
	       : ev->trigger.comm[0] ? ev->trigger.comm : NULL;
}

static void alloc_findings(const struct incident_facts *c, const struct oomt_event *const *events,
                           size_t idx, struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	int64_t order = ev->trigger.order, want;
	struct alloc_facts a;
	struct oomt_finding *f;

	want = is_known(order) && order >= 0 && order < 30 ? c->page_size << order : OOMT_UNKNOWN;
	alloc_facts_compute(ev, is_known(order) ? order : -1, &a);
	/* fragmentation: plenty free, none of it in a block of the order asked for */
	if (is_known(order) && order >= 1 && a.zones && !a.any_has_order &&
	    a.free_bytes >= want * 16 && (!is_known(a.high_bytes) || a.free_bytes >= a.high_bytes * 2)) {
		f = add_finding(fs, "alloc_fragmentation", OOMT_SEV_WARNING);
		evidence_num(f, "order", order);
		evidence_num(f, "allocation_bytes", want);
		evidence_num(f, "free_bytes", a.free_bytes);
		evidence_str(f, "zone", a.main ? a.main->name : NULL);
		evidence_num(f, "node", a.main ? a.main->node : OOMT_UNKNOWN);
		evidence_num(f, "zone_free_bytes", a.main ? (is_known(a.main->free_list_bytes)
		                                             ? a.main->free_list_bytes : a.main->free_bytes)
		                                          : OOMT_UNKNOWN);
		evidence_num(f, "zone_largest_block_bytes",
		             a.main && largest_order(a.main) >= 0 && is_known(a.main->block_bytes)
		             ? a.main->block_bytes << largest_order(a.main) : OOMT_UNKNOWN);
		advice_num(f, "compact_memory", 1);
		advice_num(f, "min_free_kbytes", suggest_min_free_kbytes(&a, c->ram_bytes));
	} else if (a.zones && a.largest && is_known(a.largest->high_bytes) &&
	           is_known(a.largest->free_bytes) && a.largest->free_bytes <= a.largest->high_bytes) {
		/* short: the largest zone the allocation could use was at its watermarks */
		f = add_finding(fs, "alloc_low_memory", OOMT_SEV_WARNING);
		evidence_str(f, "zone", a.largest->name);
		evidence_num(f, "node", a.largest->node);
		evidence_num(f, "zone_free_bytes", a.largest->free_bytes);
		evidence_num(f, "zone_min_bytes", a.largest->min_bytes);
		evidence_num(f, "zone_high_bytes", a.largest->high_bytes);
		evidence_num(f, "free_bytes", a.free_bytes);
		evidence_num(f, "ram_bytes", c->ram_bytes);
	}
	if (ev->alloc.atomic == 1) {
		f = add_finding(fs, "alloc_atomic", OOMT_SEV_WARNING);
		evidence_str(f, "gfp_mask", ev->trigger.gfp_mask[0] ? ev->trigger.gfp_mask : NULL);
		evidence_str(f, "gfp_flags", ev->trigger.gfp_flags[0] ? ev->trigger.gfp_flags : NULL);
		evidence_num(f, "in_interrupt", ev->alloc.in_interrupt);
		evidence_str(f, "caller", ev->alloc.caller[0] ? ev->alloc.caller : NULL);
		evidence_str(f, "module", ev->alloc.module[0] ? ev->alloc.module : NULL);
		evidence_num(f, "network", network_site(ev));
		advice_num(f, "min_free_kbytes", suggest_min_free_kbytes(&a, c->ram_bytes));
		advice_num(f, "watermark_scale_factor", 200);
	}
	if (is_known(order) && order > COSTLY_ORDER && !ev->alloc.stall) {
		f = add_finding(fs, "alloc_high_order", OOMT_SEV_INFO);
		evidence_num(f, "order", order);
		evidence_num(f, "allocation_bytes", want);
		evidence_str(f, "caller", ev->alloc.caller[0] ? ev->alloc.caller : NULL);
		evidence_str(f, "module", ev->alloc.module[0] ? ev->alloc.module : NULL);
		evidence_num(f, "memory_hotplug", ev->alloc.memory_hotplug);
		advice_num(f, "compact_memory", 1);
	}
	if (ev->alloc.stall) {
		f = add_finding(fs, "alloc_stall", OOMT_SEV_WARNING);
		evidence_num(f, "stall_ms", ev->alloc.stall_ms);
		evidence_num(f, "order", order);
		evidence_str(f, "trigger", ev->trigger.comm[0] ? ev->trigger.comm : NULL);
		evidence_num(f, "free_swap_bytes", ev->meminfo.free_swap_bytes);
		evidence_num(f, "total_swap_bytes", ev->meminfo.total_swap_bytes);
	}
	/* the same site before this one */
	{
		int64_t count = 0, suppressed = 0;
		const struct oomt_event *first = NULL;

		for (size_t i = 0; i <= idx; i++) {
			if (!oomt_alloc_same_site(events[i], ev))
				continue;
			if (!first)
				first = events[i];
			count++;
			if (is_known(events[i]->alloc.suppressed_before) && events[i]->alloc.suppressed_before > 0)
				suppressed += events[i]->alloc.suppressed_before;
		}
		if (count >= 2 || suppressed > 0) {
			f = add_finding(fs, "alloc_repeated", count >= 3 || suppressed >= 10
			                                      ? OOMT_SEV_WARNING : OOMT_SEV_INFO);
			evidence_str(f, "site", site_of(ev));
			evidence_num(f, "failures", count);
			evidence_num(f, "suppressed", suppressed);
			evidence_num(f, "first_time_usec", first ? first->time_usec : OOMT_UNKNOWN);
			evidence_num(f, "last_time_usec", ev->time_usec);
			evidence_num(f, "first_uptime_usec", first ? first->uptime_usec : OOMT_UNKNOWN);
			evidence_num(f, "last_uptime_usec", ev->uptime_usec);
		}
	}
}

/* 6.19+: protection (memory.min, memory.low) in use below the cgroup whose memory ran out
 * is memory reclaim could not, or would rather not, take. */
static void protection_finding(const struct incident_facts *c, struct oomt_findings *fs)
{
	const struct oomt_event *ev = c->ev;
	const char *memcg = oomt_event_protection_memcg(ev);
	int64_t base, sum;
	bool root = memcg && strcmp(memcg, "/") == 0;
	struct oomt_finding *f;

	if (!ev->has_protection || !is_known(ev->protection_min_bytes))
		return;
	base = root ? c->ram_bytes : ev->memcg.memory.limit_bytes;
	sum = ev->protection_min_bytes + (is_known(ev->protection_low_bytes) ? ev->protection_low_bytes : 0);
	if (!is_known(base) || base <= 0 || sum * 20 < base)
		return;
	f = add_finding(fs, "memcg_protection", OOMT_SEV_INFO);
	evidence_str(f, "memcg", memcg && memcg[0] ? memcg : NULL);
	evidence_num(f, "min_bytes", ev->protection_min_bytes);
	evidence_num(f, "low_bytes", ev->protection_low_bytes);
	evidence_num(f, root ? "ram_bytes" : "limit_bytes", base);
}

int oomt_findings_compute(const struct oomt_event *const *events, size_t n_events, size_t idx,
                          const struct oomt_model *m, struct oomt_findings *ret)
{
	const struct oomt_event *ev = events[idx];
	struct incident_facts c = { .ev = ev, .m = m };
	struct pool_facts pool;
	struct kill_ref stack_refs[KILL_REFS_STACK], *refs = stack_refs;
	size_t first, members;

	/* room for the kills up to this one, which the repeats are counted in */
	if (ev->kind != OOMT_KIND_ALLOCATION_FAILURE && idx >= KILL_REFS_STACK) {
		refs = malloc((idx + 1) * sizeof(*refs));
		if (!refs)
			return -ENOMEM;
	}
	memset(ret, 0, sizeof(*ret));
	c.page_size = is_known(m->page_size) && m->page_size > 0 ? m->page_size
	                                                        : oomt_model_page_size(ev, NULL);
	c.ram_bytes = oomt_event_usable_ram(ev, c.page_size, NULL);
	c.memcg = ev->scope == OOMT_SCOPE_MEMCG ||
	          strcmp(ev->constraint, "CONSTRAINT_MEMCG") == 0 || ev->oom_memcg[0] ||
	          (ev->scope == OOMT_SCOPE_UNKNOWN && ev->has_memcg);
	c.manual = ev->kind != OOMT_KIND_ALLOCATION_FAILURE &&
	           (ev->sysrq || (is_known(ev->trigger.order) && ev->trigger.order == -1));
	c.shortage = c.manual && manual_shortage(ev);
	c.boot_stage = ev->kind == OOMT_KIND_ALLOCATION_FAILURE ? NULL : boot_stage_of(&c);
	c.machine_table = machine_table_of(&c);
	/* where global_oom would stand: a system-wide OOM of the kernel's, not asked for by hand */
	c.above_high = ev->kind != OOMT_KIND_ALLOCATION_FAILURE && ev->killer == OOMT_KILLER_KERNEL &&
	               !c.memcg && !c.manual && ev->scope != OOMT_SCOPE_CPUSET &&
	               ev->scope != OOMT_SCOPE_MEMPOLICY && zones_above_high(&c, &c.room);
	c.pagefault = ev->kind != OOMT_KIND_ALLOCATION_FAILURE && ev->killer == OOMT_KILLER_KERNEL &&
	              !c.memcg && !c.manual && pagefault_trigger(ev);
	if (c.pagefault) {
		struct room_facts room;

		c.fault_room = room_compute(&c, &room) &&
		               room.room_bytes * ROOM_SHARE >= room.whole_bytes;
	}
	if (ev->kind == OOMT_KIND_ALLOCATION_FAILURE) {
		alloc_findings(&c, events, idx, ret);
		if (ev->alloc.atomic != 1)
			swap_findings(&c, ret);
		protection_finding(&c, ret);
		return 0;
	}
	first = oomt_group_kill_first(events, n_events, idx, &members);
	pool_facts_compute(&c, events, n_events, idx, refs, &pool);
	if (ev->killer == OOMT_KILLER_KERNEL)
		scope_findings(&c, ret);
	pagefault_finding(&c, events, idx, ret);
	no_kill_findings(&c, ret);
	boot_finding(&c, ret);
	manual_findings(&c, ret);
	holder_findings(&c, &pool, ret);
	swap_findings(&c, ret);
	kernel_mem_findings(&c, ret);
	shmem_findings(&c, ret);
	hugepage_findings(&c, ret);
	fragmentation_finding(&c, ret);
	gfp_finding(&c, ret);
	group_finding(&c, events[first], members, ret);
	adj_finding(&c, first != idx, ret);
	repeat_finding(&c, events, n_events, idx, &pool, refs, ret);
	pool_finding(&c, &pool, ret);
	protection_finding(&c, ret);
	if (refs != stack_refs)
		free(refs);
	return 0;
}

int oomt_findings_new(const struct oomt_event *const *events, size_t n_events, size_t idx,
                      const struct oomt_model *m, struct oomt_findings **ret)
{
	struct oomt_findings *f;
	int r;

	if (idx >= n_events)
		return -EINVAL;
	f = malloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	r = oomt_findings_compute(events, n_events, idx, m, f);
	if (r < 0) {
		free(f);
		return r;
	}
	*ret = f;
	return 0;
}

void oomt_findings_free(struct oomt_findings *f)
{
	free(f);
}
