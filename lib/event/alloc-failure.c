/* SPDX-License-Identifier: MIT */
/*
 * Allocation failures (docs/kernel-oom-report.md §2.10): the warning an allocation prints
 * when it fails without invoking the OOM killer, every era (mm/page_alloc.c):
 *
 *   2.6.x      "%s: page allocation failure. order:%d, mode:0x%x"          (a period)
 *   3.0-4.5    "%s: page allocation failure: order:%d, mode:0x%x"          (warn_alloc_failed)
 *   4.6-4.8    "%s: page allocation failure: order:%u, mode:%#x(%pGg)"
 *   4.9        "%s: " fmt ", mode:%#x(%pGg)"                               (warn_alloc)
 *   4.10-4.20  "%s: " fmt ", mode:%#x(%pGg), nodemask=%*pbl" (or "(null)"), then the
 *              cpuset line "%s cpuset=%s mems_allowed=%*pbl" (§2.2)
 *   5.0-6.19   "%s: " fmt ", mode:%#x(%pGg), nodemask=%*pbl,cpuset=%s,mems_allowed=%*pbl"
 *
 * with fmt "page allocation failure: order:%u", 4.9-4.14 also "page allocation stalls for
 * %ums, order:%u" (an allocation still waiting in reclaim), and mm/vmalloc.c's warn_alloc()
 * calls: "vmalloc: allocation failure, allocated %ld of %ld bytes", "vmalloc: allocation
 * failure: %lu bytes" (4.x), "vmalloc error: size %lu, <what failed>" (5.13+, some with
 * "page order %u"), and mm/sparse-vmemmap.c's "vmemmap alloc failure: order:%u" (the memory
 * map of RAM being hot-added: a balloon or virtio-mem guest, a DIMM). The comm is
 * everything before ": " and the message: it may hold blanks
 * and colons. dump_stack() and, at most once a second, show_mem() follow; 6.19 ends with
 * the root cgroup's "Memory cgroup min protection" line. The pieces of 4.10-4.14 arrive as
 * separate records when another CPU printed in between; the state machine joins them.
 *
 * The slab allocators' own warning when a cache cannot get pages for a new slab
 * (mm/slub.c and mm/slab.c slab_out_of_memory(), rate limited, no stack dump):
 *   SLUB 2.6.3x-4.5  "SLUB: Unable to allocate memory on node %d (gfp=0x%x)"
 *   SLUB 4.6-6.x     "SLUB: Unable to allocate memory on node %d, gfp=%#x(%pGg)"
 *   SLUB 6.x         "SLUB: Unable to allocate memory on CPU %u (of node %d) on node %d, gfp=..."
 *                    then "  cache: %s, object size: %u, buffer size: %u, default order: %u,
 *                    min order: %u", maybe "  %s debugging increased min order, ...", and
 *                    "  node %d: slabs: %ld, objs: %ld, free: %ld" per node
 *   SLAB 3.x-6.7     "SLAB: Unable to allocate memory on node %d, gfp=%#x(%pGg)" (older
 *                    "(gfp=0x%x)"), then "  cache: %s, object size: %d, order: %d" and
 *                    "  node %d: slabs: %ld/%ld, objs: %ld/%ld" (6.8 removed SLAB)
 * The task is not named. The cache line gives the cache and the order of the allocation
 * that failed: SLUB's min order (it falls back to it from the default order), SLAB's order.
 */
#include <stdint.h>
#include <string.h>
#include <oomtool/system.h>
#include "event/lines.h"
#include "event/text.h"
#include "util/text.h"

static const char *const messages[] = {
	"page allocation failure",
	"page allocation stalls for ",
	"vmalloc: allocation failure",
	"vmalloc error: size ",
	"vmemmap alloc failure: ",
	"SLUB: Unable to allocate memory on ",
	"SLAB: Unable to allocate memory on ",
};

bool oomt_line_parse_slab_cache(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *c;
	int64_t v;

	if (!ev->alloc_slab || !oomt_text_starts_with(s, n, "cache: "))
		return false;
	s += 7;
	c = memchr(s, ',', (size_t)(end - s));
	if (!c || c == s)
		return false;
	oomt_text_copy_trimmed(ev->alloc_slab_cache, sizeof(ev->alloc_slab_cache), s, (size_t)(c - s));
	if (oomt_text_parse_key_int(c, (size_t)(end - c), "min order: ", &v) && v >= 0)
		ev->trigger.order = v;   /* SLUB */
	else if (!oomt_text_find(c, (size_t)(end - c), "default order: ") &&
	         oomt_text_parse_key_int(c, (size_t)(end - c), " order: ", &v) && v >= 0)
		ev->trigger.order = v;   /* SLAB */
	return true;
}

/* The message of the line and where it starts; NULL for any other line. */
static const char *find_message(const char *s, size_t n, size_t *which)
{
	for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++) {
		const char *m = oomt_text_find(s, n, messages[i]);

		if (m) {
			*which = i;
			return m;
		}
	}
	return NULL;
}

/* A gfp mask and its flags as printed after "mode:" or "gfp=": "0x14000c0(GFP_KERNEL)",
 * before 4.6 the mask alone, up to the next ',', blank or '(' (or the ')' that closes a
 * slab warning's "(gfp=0x80d0)"). */
static void mask_value(const char *p, const char *end, struct oomt_trigger *t)
{
	const char *q = p;

	while (q < end && *q != ',' && *q != '(' && *q != ')' && *q != ' ')
		q++;
	oomt_text_copy_trimmed(t->gfp_mask, sizeof(t->gfp_mask), p, (size_t)(q - p));
	if (q < end && *q == '(') {
		const char *c = memchr(q, ')', (size_t)(end - q));

		/* a line cut inside the list keeps what it has; "(...)" is no list */
		if (!oomt_text_is_elision(q + 1, (size_t)((c ? c : end) - q - 1), " \t"))
			oomt_text_copy_trimmed(t->gfp_flags, sizeof(t->gfp_flags), q + 1,
			                       (size_t)((c ? c : end) - q - 1));
	}
}

static void nodelist_key(const char *s, const char *end, const char *key, char *dst, size_t dstsz)
{
	const char *p = oomt_text_find(s, (size_t)(end - s), key);

	if (!p)
		return;
	p += strlen(key);
	oomt_text_nodelist_offer(dst, dstsz, p, end);
}

bool oomt_line_parse_alloc_failure(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *m, *p;
	size_t which;
	int64_t v;

	m = find_message(s, n, &which);
	if (!m)
		return false;
	if (which >= 5) {
		/* the slab allocators': "gfp=" or nothing */
		p = oomt_text_find(m, (size_t)(end - m), "gfp=");
		if (!p || m != s)
			return false;
		ev->kind = OOMT_KIND_ALLOCATION_FAILURE;
		ev->alloc_slab = true;
		mask_value(p + 4, end, &ev->trigger);
		return true;
	}
	/* warn_alloc's mode, or the order of the page allocator's own forms: a line that only
	 * mentions the words is not the warning */
	if (!oomt_text_find(m, (size_t)(end - m), "mode:") &&
	    !oomt_text_find(m, (size_t)(end - m), "order:"))
		return false;
	ev->kind = OOMT_KIND_ALLOCATION_FAILURE;
	if (m - s >= 2 && m[-2] == ':' && m[-1] == ' ')
		oomt_text_copy_trimmed(ev->trigger.comm, sizeof(ev->trigger.comm), s, (size_t)(m - s - 2));
	ev->alloc.stall = which == 1;
	ev->alloc.vmalloc = which == 2 || which == 3;
	ev->alloc.memory_hotplug = which == 4;
	if (which == 1) {
		p = m + strlen(messages[1]);
		if (oomt_text_parse_int(&p, end, &v) && v >= 0)
			ev->alloc.stall_ms = v;
	}
	if (which == 2 && ((p = oomt_text_find(m, (size_t)(end - m), " of ")) ||
	                   (p = oomt_text_find(m, (size_t)(end - m), "failure: ")))) {
		p += p[1] == 'o' ? 4 : 9;
		if (oomt_text_parse_int(&p, end, &v) && v >= 0)
			ev->alloc.vmalloc_bytes = v;
	} else if (which == 3) {
		p = m + strlen(messages[3]);
		if (oomt_text_parse_int(&p, end, &v) && v >= 0)
			ev->alloc.vmalloc_bytes = v;
	}
	if (oomt_text_parse_key_int(m, (size_t)(end - m), "order:", &v))
		ev->trigger.order = v;
	else if (which == 3 && oomt_text_parse_key_int(m, (size_t)(end - m), "page order ", &v))
		ev->trigger.order = v;
	p = oomt_text_find(m, (size_t)(end - m), "mode:");
	if (p)
		mask_value(p + 5, end, &ev->trigger);
	nodelist_key(m, end, "nodemask=", ev->trigger.nodemask, sizeof(ev->trigger.nodemask));
	p = oomt_text_find(m, (size_t)(end - m), ",cpuset=");
	if (p) {
		const char *q = p + 8, *c = memchr(q, ',', (size_t)(end - q));

		oomt_text_copy_trimmed(ev->trigger.cpuset, sizeof(ev->trigger.cpuset), q,
		                       (size_t)((c ? c : end) - q));
	}
	nodelist_key(m, end, ",mems_allowed=", ev->trigger.mems_allowed,
	             sizeof(ev->trigger.mems_allowed));
	return true;
}

/*
 * The rate limits of the warning (lib/ratelimit.c prints "%s: %d callbacks suppressed" when
 * a message passes again after others were dropped, naming the limit's function):
 *   2.6.32      "__ratelimit" (printk_ratelimit(): one limit for every caller)
 *   2.6.33-2.6.3x "__alloc_pages_slowpath" (printk_ratelimit() names its caller)
 *   3.0-4.8     "warn_alloc_failed" (nopage_rs)
 *   4.9-6.19    "warn_alloc" (nopage_rs)
 * "warn_alloc_show_mem" counts dropped Mem-Info blocks, not failures: not taken.
 */
bool oomt_line_parse_alloc_suppressed(const char *s, size_t n, int64_t *count, bool *shared)
{
	static const struct {
		const char *name;
		bool shared;
	} limits[] = {
		{ "warn_alloc: ", false },
		{ "warn_alloc_failed: ", false },
		{ "__alloc_pages_slowpath: ", true },
		{ "__alloc_pages_nodemask: ", true },
		{ "__ratelimit: ", true },
	};
	const char *c = oomt_text_find(s, n, " callbacks suppressed"), *p;
	int64_t v;

	if (!c)
		return false;
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		p = oomt_text_find(s, (size_t)(c - s), limits[i].name);
		if (!p)
			continue;
		p += strlen(limits[i].name);
		if (!oomt_text_parse_int(&p, c, &v) || p != c || v < 0)
			return false;
		*count = v;
		*shared = limits[i].shared;
		return true;
	}
	return false;
}

/* "Memory cgroup min protection %lukB -- low protection %lukB" (mm/memcontrol.c
 * mem_cgroup_show_protected_memory(), 6.19+, cgroup v2 only; 6.19-rc1 printed the values
 * PAGE_SIZE times too large). */
bool oomt_line_parse_protection(const char *s, size_t n, struct oomt_event *ev)
{
	static const char head[] = "Memory cgroup min protection ";
	const char *end = s + n, *p = oomt_text_find(s, n, head), *l;
	int64_t min, low;

	if (!p)
		return false;
	p += sizeof(head) - 1;
	if (!oomt_text_parse_int(&p, end, &min) || min < 0 || end - p < 2 || memcmp(p, "kB", 2) != 0)
		return false;
	l = oomt_text_find(p, (size_t)(end - p), "low protection ");
	ev->has_protection = true;
	ev->protection_min_bytes = oomt_text_kb_to_bytes(min);
	if (l) {
		p = l + 15;
		if (oomt_text_parse_int(&p, end, &low) && low >= 0 && end - p >= 2 &&
		    memcmp(p, "kB", 2) == 0)
			ev->protection_low_bytes = oomt_text_kb_to_bytes(low);
	}
	return true;
}

/* ---- the call trace ---- */

/* Functions of the allocator itself (page allocator, slab, skb and vmalloc wrappers, the
 * stack dump): the caller is the first frame that is none of these. */
static const char *const allocator_prefixes[] = {
	"dump_stack", "show_stack", "__dump_stack", "dump_backtrace", "warn_alloc", "__warn_alloc",
	"__alloc_pages", "alloc_pages", "__alloc_frozen_pages", "alloc_frozen_pages",
	"__folio_alloc", "folio_alloc", "alloc_page", "__get_free_pages", "get_zeroed_page",
	"__kmalloc", "___kmalloc", "kmalloc", "kmem_", "__kmem_", "cache_grow", "cache_alloc",
	"____cache_alloc", "__cache_alloc", "___cache_alloc", "fallback_alloc", "new_slab",
	"allocate_slab", "___slab_alloc", "__slab_alloc", "slab_alloc", "alloc_slab_page",
	"__alloc_skb", "__netdev_alloc_skb", "__napi_alloc_skb", "netdev_alloc_", "napi_alloc_",
	"page_frag_alloc", "__page_frag", "kmalloc_reserve", "__vmalloc", "vmalloc",
	"__get_vm_area", "alloc_vmap_area", "kvmalloc", "__kvmalloc", "kvzalloc", "vzalloc",
	"mempool_alloc", "vmemmap_",
	"__alloc_pages_node", "alloc_pages_node", "__get_free_page",
	/* 6.18+ slab sheaves */
	"refill_objects", "__pcs_", "alloc_from_pcs",
	/* DMA and USB buffer wrappers: the driver that asked is further down */
	"dma_alloc", "__dma_alloc", "dma_direct_alloc", "dma_generic_alloc", "dma_pool_alloc",
	"mips_dma_alloc", "arm_dma_alloc", "__arm_dma_alloc", "iommu_dma_alloc",
	"hcd_buffer_alloc", "usb_alloc_coherent", "usb_alloc_urb",
};

static bool allocator_frame(const char *f, size_t n)
{
	for (size_t i = 0; i < sizeof(allocator_prefixes) / sizeof(allocator_prefixes[0]); i++)
		if (oomt_text_starts_with(f, n, allocator_prefixes[i]))
			return true;
	return false;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.';
}

/* "[ixgbe]" at the end of a frame line ("func+0x2c8/0x3a0 [ixgbe]"). */
static void frame_module(const char *s, const char *end, struct oomt_event *ev)
{
	const char *o;

	if (ev->alloc.module[0] || end - s < 3 || end[-1] != ']')
		return;
	o = end - 1;
	while (o > s && o[-1] != '[')
		o--;
	if (o == s || o == end - 1)
		return;
	for (const char *q = o; q < end - 1; q++)
		if (!name_char(*q))
			return;
	oomt_text_copy_trimmed(ev->alloc.module, sizeof(ev->alloc.module), o, (size_t)(end - 1 - o));
}

void oomt_line_parse_alloc_frame(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *off, *f;

	if (oomt_text_find(s, n, "<IRQ>") || oomt_text_find(s, n, "softirq"))
		ev->alloc.in_interrupt = true;
	off = oomt_text_find(s, n, "+0x");
	if (!off || oomt_text_find(s, n, "RIP: ") || oomt_text_find(s, n, "PC is at") ||
	    oomt_text_find(s, n, "LR is at"))
		return;
	bool unreliable;

	f = off;
	while (f > s && name_char(f[-1]))
		f--;
	/* a name starts after a blank, the arm form's '(' or 2.6.18's ":module:": a word
	 * whose start a serial line's noise garbled ("duƹ??lvl+0x48") is no function's name */
	if (f == off || (f > s && f[-1] != ' ' && f[-1] != '\t' && f[-1] != '(' && f[-1] != ':'))
		return;
	/* "? func+0x..." is a stale word the unwinder found on the stack: without an address
	 * (4.13+ ORC) never the caller; after its "[<address>]" (older traces) only until a
	 * reliable frame comes, as a kernel without frame pointers marks every frame so */
	unreliable = f - s >= 2 && f[-2] == '?' && f[-1] == ' ';
	if (unreliable && !oomt_text_find(s, n, "[<"))
		return;
	if (ev->alloc.caller[0] && !(ev->alloc.caller_unreliable && !unreliable))
		return;
	/* the caller's module names the driver; a module further down the stack (a
	 * filesystem under a page fault) is not the allocation's */
	if (!allocator_frame(f, (size_t)(off - f))) {
		oomt_text_copy_trimmed(ev->alloc.caller, sizeof(ev->alloc.caller), f, (size_t)(off - f));
		ev->alloc.module[0] = '\0';
		frame_module(off, end, ev);
		ev->alloc.caller_unreliable = unreliable;
	}
}

/* ---- facts ---- */

static bool flag_listed(const char *flags, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(flags, name); p; p = strstr(p + 1, name))
		if ((p == flags || p[-1] == '|') && (p[n] == '\0' || p[n] == '|'))
			return true;
	return false;
}

/* Names %pGg prints for masks that hold __GFP_DIRECT_RECLAIM (4.6+): every other list is
 * an allocation that could not reclaim (GFP_ATOMIC, GFP_NOWAIT, __GFP_KSWAPD_RECLAIM ...). */
static const char *const reclaiming_flags[] = {
	"GFP_KERNEL", "GFP_KERNEL_ACCOUNT", "GFP_NOFS", "GFP_NOIO", "GFP_USER", "GFP_HIGHUSER",
	"GFP_HIGHUSER_MOVABLE", "GFP_TRANSHUGE", "GFP_TEMPORARY", "__GFP_DIRECT_RECLAIM",
	"__GFP_RECLAIM", "__GFP_WAIT",
};

static bool parse_hex(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int digits = 0;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	for (s += 2; *s; s++, digits++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
		        : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;
		if (d < 0 || digits >= 16)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return digits > 0;
}

int oomt_alloc_atomic(const struct oomt_event *ev)
{
	const char *flags = ev->trigger.gfp_flags;
	long ver = oomt_kernel_release_code(ev->kernel);
	uint64_t mask, reclaim;

	if (flags[0]) {
		for (size_t i = 0; i < sizeof(reclaiming_flags) / sizeof(reclaiming_flags[0]); i++)
			if (flag_listed(flags, reclaiming_flags[i]))
				return 0;
		return 1;
	}
	if (!parse_hex(ev->trigger.gfp_mask, &mask))
		return -1;
	/* the hex alone: the bit that allows direct reclaim moved twice */
	if (ver > 0)
		reclaim = ver < OOMT_KERNEL_VERSION(4, 4, 0) ? 0x10
		          : ver < OOMT_KERNEL_VERSION(5, 0, 0) ? 0x400000 : 0x400;
	else
		reclaim = mask > 0x3fffff ? 0x400000 : 0x10;
	return mask & reclaim ? 0 : 1;
}

const char *oomt_event_protection_memcg(const struct oomt_event *ev)
{
	if (!ev || !ev->has_protection)
		return NULL;
	if (ev->kind != OOMT_KIND_ALLOCATION_FAILURE && (ev->scope == OOMT_SCOPE_MEMCG ||
	                                                  strcmp(ev->constraint, "CONSTRAINT_MEMCG") == 0))
		return ev->oom_memcg;
	return "/";
}
