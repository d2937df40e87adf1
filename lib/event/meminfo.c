/* SPDX-License-Identifier: MIT */
/* The global Mem-Info block (docs/kernel-oom-report.md §2.4). Read as key:value tokens and
 * fixed-text totals, never by position: the field set changed in almost every release. */
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include "event/lines.h"
#include "event/text.h"

struct mi_key {
	const char *name;
	size_t off;
};

#define MI(k, f) { k, offsetof(struct oomt_meminfo, f) }
static const struct mi_key mi_keys[] = {
	MI("active_anon", active_anon_pages), MI("inactive_anon", inactive_anon_pages),
	MI("isolated_anon", isolated_anon_pages), MI("active_file", active_file_pages),
	MI("inactive_file", inactive_file_pages), MI("isolated_file", isolated_file_pages),
	MI("unevictable", unevictable_pages), MI("dirty", dirty_pages),
	MI("writeback", writeback_pages), MI("slab_reclaimable", slab_reclaimable_pages),
	MI("slab_unreclaimable", slab_unreclaimable_pages), MI("mapped", mapped_pages),
	MI("shmem", shmem_pages), MI("pagetables", pagetables_pages), MI("free", free_pages),
	MI("free_pcp", free_pcp_pages), MI("free_cma", free_cma_pages),
};

static int64_t *mi_field(struct oomt_meminfo *m, const char *k, size_t klen)
{
	for (size_t i = 0; i < sizeof(mi_keys) / sizeof(mi_keys[0]); i++)
		if (strlen(mi_keys[i].name) == klen && strncasecmp(mi_keys[i].name, k, klen) == 0)
			return (int64_t *)((char *)m + mi_keys[i].off);
	return NULL;
}

/* Sums saturate: garbage input must not overflow into a plausible size. */
static void add_saturating(int64_t *dst, int64_t v)
{
	if (*dst == OOMT_UNKNOWN)
		*dst = v;
	else
		*dst = v > INT64_MAX - *dst ? INT64_MAX : *dst + v;
}

/* " key:NkB" of a zone line. */
static bool zone_kb(const char *s, size_t n, const char *key, int64_t *kb)
{
	const char *k = oomt_text_find(s, n, key), *p, *end = s + n;

	if (!k)
		return false;
	p = k + strlen(key);
	return p < end && *p >= '0' && *p <= '9' && oomt_text_parse_int(&p, end, kb) && *kb >= 0 &&
	       end - p >= 2 && memcmp(p, "kB", 2) == 0;
}

/*
 * The zone lines (3.8+ print managed), with or without the NUMA "Node N " prefix:
 *   "Node 0 DMA32 free:44672kB min:44696kB ... present:2080624kB managed:2014556kB ..."
 *   "DMA32 free:44672kB min:... present:...kB managed:...kB ..."   (!CONFIG_NUMA)
 * <= 4.7 the same line also carries the LRU counters and "all_unreclaimable? no". The
 * managed kB summed over all zones is the kernel's totalram_pages; 2.6.x-3.7 print only
 * present, which stays unused (present counts pages the allocator never got). present is
 * summed too, from the same lines: show_mem's "pages RAM" is the sum of present and its
 * "pages reserved" the sum of present minus managed, which tell whether every zone line
 * was read (oomt_event_usable_ram).
 */
static bool parse_zone_managed(const char *s, size_t n, struct oomt_meminfo *m)
{
	int64_t present, managed;

	if (!zone_kb(s, n, " present:", &present) || !zone_kb(s, n, " managed:", &managed))
		return false;
	add_saturating(&m->present_bytes, oomt_text_kb_to_bytes(present));
	add_saturating(&m->managed_bytes, oomt_text_kb_to_bytes(managed));
	return true;
}

/*
 * The global counter printk, in pages, e.g. (6.19)
 *   "active_anon:%lu inactive_anon:%lu isolated_anon:%lu\n active_file:%lu ..."
 * and 2.6.30's capitalised "Active_anon:%lu". Only "key:digits" tokens with no unit are
 * taken: the per-node and per-zone lines ("Node 0 active_anon:1234kB", "DMA32 free:12kB")
 * carry kB and are skipped, which keeps them from overwriting the page counters.
 */
bool oomt_line_parse_meminfo_tokens(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p = s;
	bool any = false;

	if (oomt_line_zone_is_stray(s, n, ev))
		return false;   /* another report's: read as nothing */
	oomt_line_parse_zone(s, n, ev);   /* zone and free-list lines: ev->zones (zones.c) */
	if (parse_zone_managed(s, n, &ev->meminfo))
		return true;
	if (oomt_text_starts_with(s, n, "Node ") || oomt_text_find(s, n, "kB"))
		return false;
	while (p < end) {
		const char *k = oomt_text_skip_blanks(p, end), *colon = k, *v;
		int64_t val, *f;

		while (colon < end && *colon != ':' && *colon != ' ')
			colon++;
		if (colon >= end || *colon != ':') {
			p = colon;
			continue;
		}
		v = colon + 1;
		if (v < end && *v >= '0' && *v <= '9' && oomt_text_parse_int(&v, end, &val) &&
		    (v == end || *v == ' ') && (f = mi_field(&ev->meminfo, k, (size_t)(colon - k)))) {
			*f = val;
			any = true;
		}
		p = v > colon ? v : colon + 1;
	}
	if (any)
		ev->has_meminfo = true;
	return any;
}

/* "Node %d hugepages_total=%u hugepages_free=%u hugepages_surp=%u hugepages_size=%lukB" */
static bool parse_hugepages(const char *s, size_t n, struct oomt_meminfo *m)
{
	int64_t total, freep, size;

	if (!oomt_text_parse_key_int(s, n, "hugepages_total=", &total) ||
	    !oomt_text_parse_key_int(s, n, "hugepages_free=", &freep))
		return false;
	add_saturating(&m->hugepages_total, total);
	add_saturating(&m->hugepages_free, freep);
	if (oomt_text_parse_key_int(s, n, "hugepages_size=", &size) &&
	    size < INT64_MAX / 1024 / (total + 1))
		add_saturating(&m->hugepages_bytes, total * size * 1024);
	return true;
}

/* A leading count followed by fixed text, e.g. "%lu pages RAM". */
static bool count_then(const char *s, size_t n, const char *text, int64_t *out)
{
	const char *p = s;
	int64_t v;

	if (!oomt_text_parse_int(&p, s + n, &v))
		return false;
	if ((size_t)(s + n - p) != strlen(text) || memcmp(p, text, strlen(text)) != 0)
		return false;
	*out = v;
	return true;
}

/*
 * The totals after the zone lines, all eras:
 *   "%ld total pagecache pages", "%lu pages in swap cache",
 *   "Free swap  = %ldkB" (two spaces), "Total swap = %lukB", "%lu pages RAM",
 *   "%lu pages reserved", the per-node hugepages line (3.x+), and the per-node
 *   "all_unreclaimable? yes" flag (4.8+ node line; <= 4.7 zone line);
 *   before 2.6.27 (arch show_mem): "Free swap:       %6ldkB", "%lu pages of RAM",
 *   "%lu reserved pages".
 */
bool oomt_line_parse_meminfo_total(const char *s, size_t n, struct oomt_event *ev)
{
	struct oomt_meminfo *m = &ev->meminfo;
	int64_t v;
	bool ok = true;

	if (oomt_line_zone_is_stray(s, n, ev))
		return false;   /* <= 4.7: another report's zone line, read as nothing */
	if (oomt_text_find(s, n, "all_unreclaimable? "))
		m->all_unreclaimable_known = true;
	if (oomt_text_find(s, n, "all_unreclaimable? yes"))
		m->all_unreclaimable = true;
	parse_zone_managed(s, n, m);   /* <= 4.7 zone lines hold "all_unreclaimable? " */
	oomt_line_parse_zone(s, n, ev);
	if (oomt_text_find(s, n, "hugepages_total="))
		ok = parse_hugepages(s, n, m);
	else if (oomt_text_starts_with(s, n, "Free swap") && (oomt_text_parse_key_int(s, n, "= ", &v) ||
	                                                      oomt_text_parse_key_int(s, n, "swap:", &v)))
		m->free_swap_bytes = oomt_text_kb_to_bytes(v);
	else if (oomt_text_starts_with(s, n, "Total swap") && oomt_text_parse_key_int(s, n, "= ", &v))
		m->total_swap_bytes = oomt_text_kb_to_bytes(v);
	else if (!count_then(s, n, " total pagecache pages", &m->pagecache_pages) &&
		 !count_then(s, n, " pages in swap cache", &m->swapcache_pages) &&
		 !count_then(s, n, " pages RAM", &m->ram_pages) &&
		 !count_then(s, n, " pages reserved", &m->reserved_pages) &&
		 !count_then(s, n, " pages of RAM", &m->ram_pages) &&
		 !count_then(s, n, " reserved pages", &m->reserved_pages) &&
		 !oomt_text_find(s, n, "all_unreclaimable? "))
		ok = false;
	if (ok)
		ev->has_meminfo = true;
	return ok;
}

/* "Unreclaimable slab info:" rows (4.15+): "%-17s %10luKB %10luKB" (name, used, total).
 * The total (slab pages held, whether or not objects are in use) is what is summed. */
bool oomt_line_parse_slab_row(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p;
	int64_t used, total;

	if (n < 6 || memcmp(end - 2, "KB", 2) != 0)
		return false;
	p = oomt_text_find(s, n, "KB");
	if (!p || p == end - 2)
		return false;
	/* walk back from the first "KB" to the start of its number */
	while (p > s && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (!oomt_text_parse_int(&p, end, &used) || !oomt_text_starts_with(p, (size_t)(end - p), "KB"))
		return false;
	p += 2;
	if (!oomt_text_parse_int(&p, end, &total) || !oomt_text_starts_with(p, (size_t)(end - p), "KB"))
		return false;
	add_saturating(&ev->meminfo.unreclaimable_slab_bytes, oomt_text_kb_to_bytes(total));
	return true;
}

/* Whether a page total of show_mem() is the zones' bytes read: a count that fits and
 * equals them. */
static bool pages_match(int64_t pages, int64_t bytes, int64_t page_size)
{
	return pages != OOMT_UNKNOWN && pages >= 0 && pages <= INT64_MAX / page_size &&
	       pages * page_size == bytes;
}

/* Managed pages are what the allocator got after firmware, kernel image and memmap took
 * theirs. show_mem() prints "pages RAM" as the sum over zones of present and "pages
 * reserved" as the sum of present minus managed, so the zone lines read are all of them
 * when either adds up; a zone line lost (a paste wrapped mid-line, a cut log) or read
 * twice (a duplicated paste) breaks both sums and the page totals are used instead. One
 * sum is enough: "pages reserved" goes wrong on its own (4.1 on ARM printed 4294965447,
 * a count gone below zero) and older kernels count "pages RAM" by walking page frames. */
static bool zones_complete(const struct oomt_meminfo *m, int64_t page_size)
{
	if (m->managed_bytes == OOMT_UNKNOWN || m->present_bytes == OOMT_UNKNOWN ||
	    m->managed_bytes <= 0 || m->present_bytes < m->managed_bytes)
		return false;
	/* the machine's free pages live in its zones: more free than the zones read manage
	 * means zone lines were cut (a log that kept one node's lines of many) */
	if (m->free_pages != OOMT_UNKNOWN && page_size > 0 && m->free_pages >= 0 &&
	    (m->free_pages > INT64_MAX / page_size || m->free_pages * page_size > m->managed_bytes))
		return false;
	if (m->reserved_pages == OOMT_UNKNOWN || page_size <= 0)
		return true;   /* totals not in the log: nothing better to check against */
	return pages_match(m->ram_pages, m->present_bytes, page_size) ||
	       pages_match(m->reserved_pages, m->present_bytes - m->managed_bytes, page_size);
}

int64_t oomt_event_usable_ram(const struct oomt_event *ev, int64_t page_size,
                              enum oomt_ram_source *src)
{
	const struct oomt_meminfo *m = &ev->meminfo;
	int64_t ram;

	if (src)
		*src = OOMT_RAM_UNKNOWN;
	if (!ev->has_meminfo)
		return OOMT_UNKNOWN;
	if (zones_complete(m, page_size)) {
		if (src)
			*src = OOMT_RAM_MANAGED;
		return m->managed_bytes;
	}
	if (m->ram_pages == OOMT_UNKNOWN || page_size <= 0 || m->ram_pages > INT64_MAX / page_size)
		return OOMT_UNKNOWN;
	ram = m->ram_pages * page_size;
	/* more reserved than RAM is a count gone below zero and printed unsigned: unknown */
	if (m->reserved_pages != OOMT_UNKNOWN && m->reserved_pages > 0 && m->reserved_pages < m->ram_pages)
		ram -= m->reserved_pages * page_size;
	if (src)
		*src = OOMT_RAM_TOTALS;
	return ram;
}

int64_t oomt_event_installed_ram(const struct oomt_event *ev, int64_t page_size)
{
	const struct oomt_meminfo *m = &ev->meminfo;
	enum oomt_ram_source src;

	oomt_event_usable_ram(ev, page_size, &src);
	if (src == OOMT_RAM_MANAGED)
		return m->present_bytes;
	if (src == OOMT_RAM_TOTALS && m->ram_pages != OOMT_UNKNOWN && page_size > 0 &&
	    m->ram_pages <= INT64_MAX / page_size)
		return m->ram_pages * page_size;
	return OOMT_UNKNOWN;
}
