/* SPDX-License-Identifier: MIT */
/* The incident record: life cycle, names, identity and merging across sources. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <inttypes.h>
#include <oomtool/event.h>
#include "event/event-internal.h"
#include "event/lines.h"

static void counter_init(struct oomt_counter *c)
{
	c->usage_bytes = c->limit_bytes = c->failcnt = OOMT_UNKNOWN;
}

/* Every int64_t member of these structs starts unknown. The structs hold only int64_t,
 * char arrays and bools, so fill the int64_t runs member by member. */
#define UNK(x) ((x) = OOMT_UNKNOWN)

static void meminfo_init(struct oomt_meminfo *m)
{
	int64_t *first = &m->active_anon_pages;
	int64_t *last = &m->unreclaimable_slab_bytes;

	for (int64_t *p = first; p <= last; p++)
		*p = OOMT_UNKNOWN;
	m->all_unreclaimable = false;
	m->all_unreclaimable_known = false;
}

void oomt_task_init(struct oomt_task *t)
{
	int64_t *first = &t->pid;
	int64_t *last = &t->oom_adj;

	memset(t, 0, sizeof(*t));
	for (int64_t *p = first; p <= last; p++)
		*p = OOMT_UNKNOWN;
}

void oomt_event_init(struct oomt_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	UNK(ev->time_usec);
	UNK(ev->uptime_usec);
	UNK(ev->trigger.pid);
	UNK(ev->trigger.order);
	UNK(ev->trigger.oom_score_adj);
	UNK(ev->trigger.oom_adj);
	UNK(ev->victim.pid);
	UNK(ev->victim.uid);
	UNK(ev->victim.total_vm_bytes);
	UNK(ev->victim.anon_rss_bytes);
	UNK(ev->victim.file_rss_bytes);
	UNK(ev->victim.shmem_rss_bytes);
	UNK(ev->victim.pgtables_bytes);
	UNK(ev->victim.oom_score_adj);
	UNK(ev->victim.score);
	UNK(ev->victim.selected_pid);
	UNK(ev->victim.rss_bytes);
	counter_init(&ev->memcg.memory);
	counter_init(&ev->memcg.memsw);
	counter_init(&ev->memcg.swap);
	counter_init(&ev->memcg.kmem);
	UNK(ev->memcg.stat_anon_bytes);
	UNK(ev->memcg.stat_file_bytes);
	UNK(ev->memcg.stat_shmem_bytes);
	UNK(ev->memcg.stat_kernel_bytes);
	UNK(ev->memcg.stat_slab_unreclaimable_bytes);
	UNK(ev->memcg.stat_swap_bytes);
	meminfo_init(&ev->meminfo);
	UNK(ev->reaped.pid);
	UNK(ev->reaped.anon_rss_bytes);
	UNK(ev->reaped.file_rss_bytes);
	UNK(ev->reaped.shmem_rss_bytes);
	UNK(ev->page_size);
	UNK(ev->processes_killed);
	UNK(ev->suppressed);
	UNK(ev->panic_on_oom);
	UNK(ev->alloc.stall_ms);
	UNK(ev->alloc.vmalloc_bytes);
	UNK(ev->alloc.suppressed_before);
	ev->alloc.atomic = -1;
	UNK(ev->protection_min_bytes);
	UNK(ev->protection_low_bytes);
	UNK(ev->freed_bytes);
	UNK(ev->freed_pages);
	UNK(ev->freed_swap_bytes);
	ev->killer = OOMT_KILLER_KERNEL;
	ev->kind = OOMT_KIND_OOM_KILL;
	ev->scope = OOMT_SCOPE_UNKNOWN;
}

void oomt_event_done(struct oomt_event *ev)
{
	free(ev->tasks);
	ev->tasks = NULL;
	ev->n_tasks = 0;
}

struct oomt_event *oomt_event_dup(const struct oomt_event *ev)
{
	struct oomt_event *n = malloc(sizeof(*n));

	if (!n)
		return NULL;
	*n = *ev;
	n->tasks = NULL;
	if (ev->n_tasks) {
		n->tasks = malloc(ev->n_tasks * sizeof(*n->tasks));
		if (!n->tasks) {
			free(n);
			return NULL;
		}
		memcpy(n->tasks, ev->tasks, ev->n_tasks * sizeof(*n->tasks));
	}
	return n;
}

void oomt_event_free(struct oomt_event *ev)
{
	if (!ev)
		return;
	oomt_event_done(ev);
	free(ev);
}

const char *oomt_killer_name(enum oomt_killer k)
{
	switch (k) {
	case OOMT_KILLER_KERNEL: return "kernel";
	case OOMT_KILLER_EARLYOOM: return "earlyoom";
	case OOMT_KILLER_SYSTEMD_OOMD: return "systemd-oomd";
	case OOMT_KILLER_NOHANG: return "nohang";
	case OOMT_KILLER_LOWMEMORYKILLER: return "lowmemorykiller";
	case OOMT_KILLER_LMKD: return "lmkd";
	}
	return "kernel";
}

const char *oomt_kind_name(enum oomt_kind k)
{
	switch (k) {
	case OOMT_KIND_OOM_KILL: return "oom_kill";
	case OOMT_KIND_OOM_PANIC: return "oom_panic";
	case OOMT_KIND_ALLOCATION_FAILURE: return "allocation_failure";
	}
	return "oom_kill";
}

const char *oomt_scope_name(enum oomt_scope s)
{
	switch (s) {
	case OOMT_SCOPE_GLOBAL: return "global";
	case OOMT_SCOPE_MEMCG: return "memcg";
	case OOMT_SCOPE_CPUSET: return "cpuset";
	case OOMT_SCOPE_MEMPOLICY: return "mempolicy";
	case OOMT_SCOPE_UNKNOWN: break;
	}
	return NULL;
}

const char *oomt_part_name(enum oomt_part p)
{
	switch (p) {
	case OOMT_PART_HEADER: return "header";
	case OOMT_PART_MEMINFO: return "meminfo";
	case OOMT_PART_MEMCG: return "memcg";
	case OOMT_PART_TASKS: return "task_table";
	case OOMT_PART_SUMMARY: return "summary";
	case OOMT_PART_KILL: return "kill";
	case OOMT_PART_TASKS_CUT: return "task_table_rows";
	case OOMT_PART_VICTIM: return "victim";
	case OOMT_PART_REASON: return "reason";
	}
	return "unknown";
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t fnv1a_str(uint64_t h, const char *s)
{
	return fnv1a(h, s, strlen(s) + 1);   /* with the NUL: "ab"+"c" differs from "a"+"bc" */
}

/* Integers are hashed as their little-endian bytes, whatever the host's byte order, so that
 * an id is the same on every machine (and the same as the ids x86 has always given). */
static uint64_t fnv1a_le(uint64_t h, uint64_t v, size_t width)
{
	unsigned char b[8];

	for (size_t i = 0; i < width; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	return fnv1a(h, b, width);
}

/* An event that names no pid and no time can be matched to nothing in another source. */
bool oomt_event_is_anonymous(const struct oomt_event *ev)
{
	return ev->victim.pid == OOMT_UNKNOWN && ev->trigger.pid == OOMT_UNKNOWN &&
	       ev->uptime_usec == OOMT_UNKNOWN && ev->time_usec == OOMT_UNKNOWN;
}

bool oomt_event_is_secondhand(const struct oomt_event *ev)
{
	return ev->killer == OOMT_KILLER_KERNEL && ev->kind == OOMT_KIND_OOM_KILL &&
	       (ev->unit[0] || ev->job[0]) &&
	       ev->victim.pid == OOMT_UNKNOWN && ev->victim.selected_pid == OOMT_UNKNOWN &&
	       ev->trigger.pid == OOMT_UNKNOWN && !ev->trigger.comm[0];
}

/* The id must not depend on which source reported the kill, so it hashes only what every
 * source prints the same way: the killer, the victim (or trigger) pid, the time in whole
 * seconds of kernel uptime when known, else wall time in minutes (syslog and journal wall
 * clocks of the same line differ by a second or so), the boot, and the lines' own words
 * (trigger and victim comm, the kernel's gfp mask, order), so that two reports that share
 * a pid and a time (or know neither) still differ. salt separates anonymous events (see
 * above).
 * FNV-1a over a fixed serialization, so that the id is the same on every host: the killer
 * as 4 bytes, the pid, the time, the order and the salt as 8, all little-endian; strings
 * with their NUL. */
void oomt_event_set_id_salted(struct oomt_event *ev, uint64_t salt)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	int64_t pid = ev->victim.pid != OOMT_UNKNOWN ? ev->victim.pid : ev->trigger.pid;
	int64_t when;

	if (ev->uptime_usec != OOMT_UNKNOWN)
		when = ev->uptime_usec / 1000000;
	else if (ev->time_usec != OOMT_UNKNOWN)
		when = -(ev->time_usec / 60000000) - 1;
	else
		when = 0;
	h = fnv1a_le(h, (uint32_t)ev->killer, 4);
	h = fnv1a_le(h, (uint64_t)pid, 8);
	h = fnv1a_le(h, (uint64_t)when, 8);
	h = fnv1a_str(h, ev->boot_id);
	h = fnv1a_str(h, ev->trigger.comm);
	/* the kernel's mask, on its header; Android's driver prints one (a vendor's "GFP mask
	 * is") a dozen lines into its message, which a cut capture may not hold: its kill
	 * line's words are enough, and its ids stay what they were before the mask was read */
	h = fnv1a_str(h, ev->killer == OOMT_KILLER_KERNEL ? ev->trigger.gfp_mask : "");
	h = fnv1a_le(h, (uint64_t)ev->trigger.order, 8);
	h = fnv1a_str(h, ev->victim.comm);
	/* An invocation without a victim repeats (a memcg with nothing killable retries every
	 * few seconds, with the same task, gfp and minute): its counters tell the reports
	 * apart, as every source prints them the same. */
	if (ev->victim.pid == OOMT_UNKNOWN && ev->memcg.memory.failcnt != OOMT_UNKNOWN)
		h = fnv1a_le(h, (uint64_t)ev->memcg.memory.failcnt, 8);
	/* kinds other than a kill are hashed too (not oom_kill: its ids stay as they were) */
	if (ev->kind != OOMT_KIND_OOM_KILL)
		h = fnv1a_le(h, (uint32_t)ev->kind, 4);
	/* Allocation failures repeat with the same task, mask and minute (a softirq hits
	 * "swapper" every few seconds): what every source prints the same tells them apart. */
	if (ev->kind == OOMT_KIND_ALLOCATION_FAILURE) {
		h = fnv1a_le(h, (uint64_t)ev->meminfo.free_pages, 8);
		h = fnv1a_le(h, (uint64_t)ev->alloc.stall_ms, 8);
	}
	/* A kill known from systemd's unit lines or Slurm's line alone: its unit or job step is
	 * all that tells two in one minute apart (the journal and syslog name them alike). */
	if (oomt_event_is_secondhand(ev) && ev->unit[0])
		h = fnv1a_str(h, ev->unit);
	if (oomt_event_is_secondhand(ev) && ev->job[0])
		h = fnv1a_str(h, ev->job);
	if (salt)
		h = fnv1a_le(h, salt, 8);
	snprintf(ev->id, sizeof(ev->id), "%012" PRIx64, (uint64_t)(h & 0xffffffffffffULL));
}

void oomt_event_set_id_repeat(struct oomt_event *ev, uint32_t n)
{
	uint64_t h = fnv1a_str(0xcbf29ce484222325ULL, ev->id);

	h = fnv1a_le(h, n, 4);
	snprintf(ev->id, sizeof(ev->id), "%012" PRIx64, (uint64_t)(h & 0xffffffffffffULL));
}

void oomt_event_set_id(struct oomt_event *ev)
{
	oomt_event_set_id_salted(ev, 0);
}

#define UNIT_SAME_USEC OOMT_EVENT_PIDLESS_SAME_USEC   /* machine.h UNIT_BURST_USEC */

static int64_t absdiff(int64_t a, int64_t b)
{
	return a > b ? a - b : b - a;
}

/* Host names as the transports give them: the journal and the kernel say "web1", an
 * aggregated syslog may say "web1.example.com". Unknown on either side does not decide. */
static bool host_same(const char *a, const char *b)
{
	size_t la = strcspn(a, "."), lb = strcspn(b, ".");

	if (!a[0] || !b[0] || strcasecmp(a, b) == 0)
		return true;
	if (a[la] && b[lb])
		return false;            /* two different FQDNs */
	return la == lb && strncasecmp(a, b, la) == 0;
}

static bool both_known(int64_t a, int64_t b)
{
	return a != OOMT_UNKNOWN && b != OOMT_UNKNOWN;
}

/* One source may have lost the header (rate limit, a grep) and another the kill line, so
 * a pid known on one side only does not decide; two known pids that differ do, and at
 * least one pid must be known on both sides. */
static bool pids_agree(const struct oomt_event *a, const struct oomt_event *b)
{
	bool v = both_known(a->victim.pid, b->victim.pid);
	bool t = both_known(a->trigger.pid, b->trigger.pid);

	if (v && a->victim.pid != b->victim.pid)
		return false;
	if (t && a->trigger.pid != b->trigger.pid)
		return false;
	return v || t;
}

/* A panic seen whole in one source (pstore, a serial console) may be an invocation without
 * its end in another (syslog stopped writing): the same incident. */
static bool kinds_agree(const struct oomt_event *a, const struct oomt_event *b)
{
	if (a->kind == b->kind)
		return true;
	if (a->kind == OOMT_KIND_OOM_PANIC && b->kind == OOMT_KIND_OOM_KILL)
		return b->victim.pid == OOMT_UNKNOWN;
	if (b->kind == OOMT_KIND_OOM_PANIC && a->kind == OOMT_KIND_OOM_KILL)
		return a->victim.pid == OOMT_UNKNOWN;
	return false;
}

/* A kill known from systemd's unit lines or Slurm's line alone and another record of a
 * kernel kill: the same when they name the same unit (or the unit is a parent of the
 * other's cgroup, for its unit lines) and job step on the same host, their wall clocks
 * within the window of one burst of unit lines (journald and syslog stamp a line a second
 * or so apart). */
static bool secondhand_same(const struct oomt_event *u, const struct oomt_event *b)
{
	if (b->killer != OOMT_KILLER_KERNEL || b->kind != OOMT_KIND_OOM_KILL)
		return false;
	if (strcmp(u->unit, b->unit) != 0 || strcmp(u->job, b->job) != 0)
		return false;
	if (!host_same(u->host, b->host) ||
	    (u->boot_id[0] && b->boot_id[0] && strcmp(u->boot_id, b->boot_id) != 0))
		return false;
	return both_known(u->time_usec, b->time_usec) &&
	       absdiff(u->time_usec, b->time_usec) <= UNIT_SAME_USEC;
}

/* Two cgroup paths of one kill: equal, or one cut at its end (a pager's '>', a paste) and
 * the start of the other. */
static bool cgroups_agree(const char *a, bool a_cut, const char *b, bool b_cut)
{
	size_t la = strlen(a), lb = strlen(b);

	if (!a_cut && !b_cut)
		return strcmp(a, b) == 0;
	if (a_cut && la <= lb && strncmp(a, b, la) == 0)
		return true;
	return b_cut && lb <= la && strncmp(a, b, lb) == 0;
}

/* systemd-oomd kills a cgroup and names no process (its debug lines alone give a pid), so
 * one such kill read from two sources (the journal and syslog, a paste cut by a pager) is
 * recognised by its cgroup (a cut path by its start) and its wall clock, within the window
 * of secondhand_same(): journald and syslog stamp the line a second or so apart, a paste
 * keeps the stamp. Two pids that differ still decide. */
static bool oomd_same(const struct oomt_event *a, const struct oomt_event *b)
{
	if (a->kind != b->kind)
		return false;
	if (both_known(a->victim.pid, b->victim.pid) && a->victim.pid != b->victim.pid)
		return false;
	if (!host_same(a->host, b->host) ||
	    (a->boot_id[0] && b->boot_id[0] && strcmp(a->boot_id, b->boot_id) != 0))
		return false;
	if (both_known(a->uptime_usec, b->uptime_usec) &&
	    absdiff(a->uptime_usec, b->uptime_usec) > UNIT_SAME_USEC)
		return false;
	if (!cgroups_agree(a->task_memcg, a->cut & OOMT_CUT_TASK_MEMCG,
	                   b->task_memcg, b->cut & OOMT_CUT_TASK_MEMCG))
		return false;
	return both_known(a->time_usec, b->time_usec) &&
	       absdiff(a->time_usec, b->time_usec) <= UNIT_SAME_USEC;
}

bool oomt_event_same(const struct oomt_event *a, const struct oomt_event *b)
{
	bool same_boot = a->boot_id[0] && b->boot_id[0];

	if (oomt_event_is_secondhand(a))
		return secondhand_same(a, b);
	if (oomt_event_is_secondhand(b))
		return secondhand_same(b, a);

	/* Without a pid and a time there is nothing to recognise a kill by: never merged. */
	if (oomt_event_is_anonymous(a) || oomt_event_is_anonymous(b))
		return false;
	if (a->killer == OOMT_KILLER_SYSTEMD_OOMD && b->killer == OOMT_KILLER_SYSTEMD_OOMD &&
	    a->task_memcg[0] && b->task_memcg[0])
		return oomd_same(a, b);
	if (a->killer != b->killer || !kinds_agree(a, b) || !pids_agree(a, b))
		return false;
	/* two invocations of one task without a victim (retries) differ in their counters */
	if (a->victim.pid == OOMT_UNKNOWN && b->victim.pid == OOMT_UNKNOWN &&
	    both_known(a->memcg.memory.failcnt, b->memcg.memory.failcnt) &&
	    a->memcg.memory.failcnt != b->memcg.memory.failcnt)
		return false;
	if (a->kind == OOMT_KIND_ALLOCATION_FAILURE && b->kind == OOMT_KIND_ALLOCATION_FAILURE &&
	    ((both_known(a->meminfo.free_pages, b->meminfo.free_pages) &&
	      a->meminfo.free_pages != b->meminfo.free_pages) ||
	     (both_known(a->alloc.stall_ms, b->alloc.stall_ms) && a->alloc.stall_ms != b->alloc.stall_ms)))
		return false;
	if (!host_same(a->host, b->host))
		return false;
	if (same_boot && strcmp(a->boot_id, b->boot_id) != 0)
		return false;
	/* Kernel uptime agrees to the microsecond across kmsg, journal and dmesg text; the
	 * header line and the kill line may still be a few ms apart between sources. */
	if (both_known(a->uptime_usec, b->uptime_usec)) {
		if (absdiff(a->uptime_usec, b->uptime_usec) >= 2000000)
			return false;
		/* Without a common boot ID, the same pid at the same uptime can be a kill that
		 * repeats on every boot: the wall clocks must agree too. 10 minutes leaves room
		 * for a kmsg clock derived from the boot time, which lags by any suspend. */
		if (!same_boot && both_known(a->time_usec, b->time_usec))
			return absdiff(a->time_usec, b->time_usec) < 600000000;
		return true;
	}
	/* Wall clocks only: journald stamps on receipt, syslog has whole seconds. */
	if (both_known(a->time_usec, b->time_usec))
		return absdiff(a->time_usec, b->time_usec) < 120000000;
	return false;
}

#define FILL_INT(f) do { if (dst->f == OOMT_UNKNOWN) dst->f = src->f; } while (0)
#define FILL_STR(f) do { if (!dst->f[0]) memcpy(dst->f, src->f, sizeof(dst->f)); } while (0)

/* A cgroup path (OOMT_PATH_MAX) of the other source: it fills an empty one, with its cut
 * bit, and a whole path that the cut one begins replaces it. */
static void merge_path(char *dst, unsigned *dst_cut, const char *src, unsigned src_cut, unsigned bit)
{
	if (!src[0] || (dst[0] && !(*dst_cut & bit)))
		return;
	if (dst[0] && ((src_cut & bit) || strncmp(src, dst, strlen(dst)) != 0))
		return;
	memcpy(dst, src, OOMT_PATH_MAX);
	*dst_cut = (*dst_cut & ~bit) | (src_cut & bit);
}

/* A userspace killer's reason of the other source: it fills an empty one, with its cut
 * bit, and a whole one that the cut one begins replaces it (a paste cut inside the
 * reason, the journal's whole line). */
static void merge_reason(struct oomt_event *dst, const struct oomt_event *src)
{
	if (!src->reason[0] || (dst->reason[0] && !(dst->cut & OOMT_CUT_REASON)))
		return;
	if (dst->reason[0] && ((src->cut & OOMT_CUT_REASON) ||
	                       strncmp(src->reason, dst->reason, strlen(dst->reason)) != 0))
		return;
	memcpy(dst->reason, src->reason, sizeof(dst->reason));
	dst->cut = (dst->cut & ~OOMT_CUT_REASON) | (src->cut & OOMT_CUT_REASON);
}

void oomt_event_merge(struct oomt_event *dst, const struct oomt_event *src)
{
	if (dst->time_usec == OOMT_UNKNOWN)
		dst->year_guessed = src->year_guessed;
	FILL_INT(time_usec);
	FILL_INT(uptime_usec);
	FILL_STR(host);
	FILL_STR(boot_id);
	FILL_STR(kernel);
	FILL_STR(constraint);
	merge_path(dst->oom_memcg, &dst->cut, src->oom_memcg, src->cut, OOMT_CUT_OOM_MEMCG);
	merge_path(dst->task_memcg, &dst->cut, src->task_memcg, src->cut, OOMT_CUT_TASK_MEMCG);
	FILL_STR(unit);
	FILL_STR(job);
	merge_reason(dst, src);
	FILL_STR(signal);
	FILL_STR(outcome);
	FILL_INT(processes_killed);
	if (dst->scope == OOMT_SCOPE_UNKNOWN)
		dst->scope = src->scope;
	/* The richer report wins the structured parts wholesale. */
	if (!dst->trigger.comm[0] && src->trigger.comm[0])
		dst->trigger = src->trigger;
	if (dst->victim.pid == OOMT_UNKNOWN)
		dst->victim = src->victim;
	if (!dst->has_memcg && src->has_memcg) {
		dst->memcg = src->memcg;
		dst->has_memcg = true;
	}
	if (!dst->has_meminfo && src->has_meminfo) {
		dst->meminfo = src->meminfo;
		dst->has_meminfo = true;
	}
	if (src->n_tasks > dst->n_tasks) {
		struct oomt_task *t = malloc(src->n_tasks * sizeof(*t));
		if (t) {
			memcpy(t, src->tasks, src->n_tasks * sizeof(*t));
			free(dst->tasks);
			dst->tasks = t;
			dst->n_tasks = src->n_tasks;
			dst->has_tasks = true;
		}
	}
	if (!dst->has_reaped && src->has_reaped) {
		dst->reaped = src->reaped;
		dst->has_reaped = true;
	}
	FILL_INT(page_size);
	if (src->kind == OOMT_KIND_OOM_PANIC)
		dst->kind = OOMT_KIND_OOM_PANIC;
	FILL_STR(panic);
	FILL_INT(panic_on_oom);
	if (src->no_killable_processes)
		dst->no_killable_processes = true;
	if (dst->n_zones == 0 && src->n_zones) {
		memcpy(dst->zones, src->zones, sizeof(dst->zones));
		dst->n_zones = src->n_zones;
	}
	if (!dst->has_protection && src->has_protection) {
		dst->has_protection = true;
		dst->protection_min_bytes = src->protection_min_bytes;
		dst->protection_low_bytes = src->protection_low_bytes;
	}
	if (dst->kind == OOMT_KIND_ALLOCATION_FAILURE) {
		if (!dst->alloc.caller[0] && src->alloc.caller[0])
			memcpy(dst->alloc.caller, src->alloc.caller, sizeof(dst->alloc.caller));
		if (!dst->alloc.module[0] && src->alloc.module[0])
			memcpy(dst->alloc.module, src->alloc.module, sizeof(dst->alloc.module));
		if (src->alloc.in_interrupt)
			dst->alloc.in_interrupt = true;
		FILL_INT(alloc.suppressed_before);
		FILL_INT(alloc.stall_ms);
		FILL_INT(alloc.vmalloc_bytes);
		if (dst->alloc.atomic < 0)
			dst->alloc.atomic = src->alloc.atomic;
	}
	if (!dst->complete && src->complete) {
		dst->complete = true;
		dst->missing = src->missing;
	} else if (!dst->complete) {
		dst->missing &= src->missing;
	}
}

int64_t oomt_event_page_size(const struct oomt_event *ev, bool *assumed)
{
	bool derived = ev->page_size != OOMT_UNKNOWN && ev->page_size > 0;

	if (assumed)
		*assumed = !derived;
	return derived ? ev->page_size : 4096;
}

static int64_t zero_if_unknown(int64_t v)
{
	return v == OOMT_UNKNOWN ? 0 : v;
}

int64_t oomt_event_victim_rss(const struct oomt_event *ev)
{
	const struct oomt_victim *v = &ev->victim;

	/* every kill line with anon-rss has file-rss after it (2.6.32+; shmem-rss only from
	 * 4.5): without it the line was cut, and anon alone is not the resident size */
	if (v->anon_rss_bytes != OOMT_UNKNOWN && v->file_rss_bytes != OOMT_UNKNOWN)
		return v->anon_rss_bytes + v->file_rss_bytes + zero_if_unknown(v->shmem_rss_bytes);
	/* Android's killers print what a kill frees as the victim's RSS: the driver's
	 * get_mm_rss(), lmkd's statm or memcg rss ("NkB rss" since 2021); "size N" is in
	 * pages of a size no line gives, so it stays unknown */
	if (v->rss_bytes == OOMT_UNKNOWN && (ev->killer == OOMT_KILLER_LOWMEMORYKILLER ||
	                                     ev->killer == OOMT_KILLER_LMKD))
		return ev->freed_bytes;
	return v->rss_bytes;
}
