/* SPDX-License-Identifier: MIT */
/* The global Mem-Info block (kernel-oom-formats.md §2.4). Read as key:value tokens and
 * fixed-text totals, never by position: the field set changed in almost every release. */
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include "event/lines.h"
#include "event/scan.h"

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

/*
 * The global counter printk, in pages, e.g. (6.19)
 *   "active_anon:%lu inactive_anon:%lu isolated_anon:%lu\n active_file:%lu ..."
 * and 2.6.30's capitalised "Active_anon:%lu". Only "key:digits" tokens with no unit are
 * taken: the per-node and per-zone lines ("Node 0 active_anon:1234kB", "DMA32 free:12kB")
 * carry kB and are skipped, which keeps them from overwriting the page counters.
 */
bool parse_meminfo_tokens(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p = s;
	bool any = false;

	if (scan_starts(s, n, "Node ") || scan_find(s, n, "kB"))
		return false;
	while (p < end) {
		const char *k = scan_ws(p, end), *colon = k, *v;
		int64_t val, *f;

		while (colon < end && *colon != ':' && *colon != ' ')
			colon++;
		if (colon >= end || *colon != ':') {
			p = colon;
			continue;
		}
		v = colon + 1;
		if (v < end && *v >= '0' && *v <= '9' && scan_int(&v, end, &val) &&
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

static void add(int64_t *dst, int64_t v)
{
	*dst = *dst == OOMT_UNKNOWN ? v : *dst + v;
}

/* "Node %d hugepages_total=%u hugepages_free=%u hugepages_surp=%u hugepages_size=%lukB" */
static bool parse_hugepages(const char *s, size_t n, struct oomt_meminfo *m)
{
	int64_t total, freep, size;

	if (!scan_key_int(s, n, "hugepages_total=", &total) ||
	    !scan_key_int(s, n, "hugepages_free=", &freep))
		return false;
	add(&m->hugepages_total, total);
	add(&m->hugepages_free, freep);
	if (scan_key_int(s, n, "hugepages_size=", &size) && size < INT64_MAX / 1024 / (total + 1))
		add(&m->hugepages_bytes, total * size * 1024);
	return true;
}

/* A leading count followed by fixed text, e.g. "%lu pages RAM". */
static bool count_then(const char *s, size_t n, const char *text, int64_t *out)
{
	const char *p = s;
	int64_t v;

	if (!scan_int(&p, s + n, &v))
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
 *   "all_unreclaimable? yes" flag (4.8+ node line; <= 4.7 zone line).
 */
bool parse_meminfo_total(const char *s, size_t n, struct oomt_event *ev)
{
	struct oomt_meminfo *m = &ev->meminfo;
	int64_t v;
	bool ok = true;

	if (scan_find(s, n, "all_unreclaimable? yes"))
		m->all_unreclaimable = true;
	if (scan_find(s, n, "hugepages_total="))
		ok = parse_hugepages(s, n, m);
	else if (scan_starts(s, n, "Free swap") && scan_key_int(s, n, "= ", &v))
		m->free_swap_bytes = scan_kb(v);
	else if (scan_starts(s, n, "Total swap") && scan_key_int(s, n, "= ", &v))
		m->total_swap_bytes = scan_kb(v);
	else if (!count_then(s, n, " total pagecache pages", &m->pagecache_pages) &&
		 !count_then(s, n, " pages in swap cache", &m->swapcache_pages) &&
		 !count_then(s, n, " pages RAM", &m->ram_pages) &&
		 !count_then(s, n, " pages reserved", &m->reserved_pages) &&
		 !scan_find(s, n, "all_unreclaimable? "))
		ok = false;
	if (ok)
		ev->has_meminfo = true;
	return ok;
}

/* "Unreclaimable slab info:" rows (4.15+): "%-17s %10luKB %10luKB" (name, used, total).
 * The total (slab pages held, whether or not objects are in use) is what is summed. */
bool parse_slab_row(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p;
	int64_t used, total;

	if (n < 6 || memcmp(end - 2, "KB", 2) != 0)
		return false;
	p = scan_find(s, n, "KB");
	if (!p || p == end - 2)
		return false;
	/* walk back from the first "KB" to the start of its number */
	while (p > s && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (!scan_int(&p, end, &used) || !scan_starts(p, (size_t)(end - p), "KB"))
		return false;
	p += 2;
	if (!scan_int(&p, end, &total) || !scan_starts(p, (size_t)(end - p), "KB"))
		return false;
	add(&ev->meminfo.unreclaimable_slab_bytes, scan_kb(total));
	return true;
}
