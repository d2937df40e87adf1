/* SPDX-License-Identifier: MIT */
/*
 * The zones of a Mem-Info block (docs/kernel-oom-report.md §2.4, items 5 and 6), every era
 * from 2.6.x to 6.19 (show_free_areas() in mm/page_alloc.c, __show_mem() in mm/show_mem.c):
 *
 *   zone line       "[Node %d ]%s free:%lukB [boost:%lukB ]min:%lukB low:%lukB high:%lukB ..."
 *   free-list line  "[Node %d ]%s: %lu*%lukB [(%s) ]... = %lukB"
 *
 * "Node %d " is printed on NUMA builds only. The free list has one "count*sizekB" per order
 * (11 orders on most machines; the sizes double, the first is the page size), each followed
 * by the migrate types of its blocks in parentheses when it has any ("(UME)", "()"). Both
 * lines of one zone go into one struct oomt_zone, found by node and name; at most
 * OOMT_ZONES_MAX zones and OOMT_ORDERS_MAX orders are kept, and a line cut short keeps
 * what it has.
 */
#include <string.h>
#include "event/lines.h"
#include "event/text.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "Node N " at p: the node, and where the zone name starts; no prefix: OOMT_UNKNOWN. */
static const char *node_prefix(const char *p, const char *end, int64_t *node)
{
	const char *q = p + 5;

	*node = OOMT_UNKNOWN;
	if (end - p < 7 || memcmp(p, "Node ", 5) != 0 || !is_digit(*q))
		return p;
	if (!oomt_text_parse_int(&q, end, node) || q >= end || *q != ' ')
		return NULL;
	return q + 1;
}

/* The zone name: a word of letters and digits ("DMA32", "Normal"), then `stop`. */
static const char *zone_name(const char *p, const char *end, char stop)
{
	const char *q = p;

	while (q < end && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || is_digit(*q)))
		q++;
	if (q == p || q >= end || *q != stop || (size_t)(q - p) >= sizeof(((struct oomt_zone *)0)->name))
		return NULL;
	return q;
}

static struct oomt_zone *zone_slot(struct oomt_event *ev, int64_t node, const char *name,
                                   size_t len)
{
	struct oomt_zone *z;

	for (size_t i = 0; i < ev->n_zones; i++) {
		z = &ev->zones[i];
		if (z->node == node && strlen(z->name) == len && memcmp(z->name, name, len) == 0)
			return z;
	}
	if (ev->n_zones >= OOMT_ZONES_MAX)
		return NULL;
	z = &ev->zones[ev->n_zones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	memcpy(z->name, name, len);
	z->name[len] = '\0';
	z->free_bytes = z->min_bytes = z->low_bytes = z->high_bytes = OOMT_UNKNOWN;
	z->managed_bytes = z->block_bytes = z->free_list_bytes = OOMT_UNKNOWN;
	return z;
}

/* " key:NkB" (or "KB") anywhere in the line, as bytes. */
static int64_t key_kb(const char *s, size_t n, const char *key)
{
	const char *k = oomt_text_find(s, n, key), *end = s + n, *p;
	int64_t v;

	if (!k)
		return OOMT_UNKNOWN;
	p = k + strlen(key);
	if (p >= end || !is_digit(*p) || !oomt_text_parse_int(&p, end, &v) || v < 0 ||
	    end - p < 2 || (p[0] != 'k' && p[0] != 'K') || p[1] != 'B')
		return OOMT_UNKNOWN;
	return oomt_text_kb_to_bytes(v);
}

static bool parse_zone_line(const char *s, size_t n, int64_t node, const char *name,
                            const char *name_end, struct oomt_event *ev)
{
	const char *end = s + n;
	struct oomt_zone *z;
	int64_t v;

	if (end - name_end < 7 || memcmp(name_end, " free:", 6) != 0 || !is_digit(name_end[6]))
		return false;
	z = zone_slot(ev, node, name, (size_t)(name_end - name));
	if (!z)
		return true;
	/* the first key after the name is free:; the watermarks follow it */
	z->free_bytes = key_kb(name_end, (size_t)(end - name_end), " free:");
	if ((v = key_kb(name_end, (size_t)(end - name_end), " min:")) != OOMT_UNKNOWN)
		z->min_bytes = v;
	if ((v = key_kb(name_end, (size_t)(end - name_end), " low:")) != OOMT_UNKNOWN)
		z->low_bytes = v;
	if ((v = key_kb(name_end, (size_t)(end - name_end), " high:")) != OOMT_UNKNOWN)
		z->high_bytes = v;
	if ((v = key_kb(name_end, (size_t)(end - name_end), " managed:")) != OOMT_UNKNOWN)
		z->managed_bytes = v;
	return true;
}

/* "N*SkB" at *p: count N of blocks of S kB. */
static bool block_token(const char **p, const char *end, int64_t *count, int64_t *kb)
{
	const char *q = *p;

	if (q >= end || !is_digit(*q) || !oomt_text_parse_int(&q, end, count) || q >= end ||
	    *q != '*' || ++q >= end || !is_digit(*q) || !oomt_text_parse_int(&q, end, kb) ||
	    end - q < 2 || q[0] != 'k' || q[1] != 'B')
		return false;
	*p = q + 2;
	return true;
}

static bool parse_free_list(const char *s, size_t n, int64_t node, const char *name,
                            const char *name_end, struct oomt_event *ev)
{
	const char *end = s + n, *p = name_end + 1;
	struct oomt_zone *z, tmp;
	int64_t count, kb, prev_kb = 0, total;
	size_t order = 0;

	p = oomt_text_skip_blanks(p, end);
	{
		const char *q = p;
		if (!block_token(&q, end, &count, &kb))
			return false;   /* not a free list ("Node 0 DMA per-cpu:", anything else) */
	}
	z = zone_slot(ev, node, name, (size_t)(name_end - name));
	if (!z) {
		memset(&tmp, 0, sizeof(tmp));   /* parse anyway: the caller learns it was one */
		z = &tmp;
	}
	z->n_orders = 0;
	while (p < end) {
		p = oomt_text_skip_blanks(p, end);
		if (p >= end)
			break;
		if (*p == '(') {                  /* migrate types of the previous order */
			const char *c = memchr(p, ')', (size_t)(end - p));
			p = c ? c + 1 : end;
			continue;
		}
		if (*p == '=') {
			p = oomt_text_skip_blanks(p + 1, end);
			if (oomt_text_parse_int(&p, end, &total) && total >= 0 && end - p >= 2 &&
			    p[0] == 'k' && p[1] == 'B')
				z->free_list_bytes = oomt_text_kb_to_bytes(total);
			break;
		}
		if (!block_token(&p, end, &count, &kb) || count < 0 || kb <= 0 ||
		    (order > 0 && kb != prev_kb * 2))
			break;                         /* cut or garbled: keep what was read */
		if (order == 0)
			z->block_bytes = oomt_text_kb_to_bytes(kb);
		if (order < OOMT_ORDERS_MAX) {
			z->free_blocks[order] = count;
			z->n_orders = order + 1;
		}
		prev_kb = kb;
		if (kb > INT64_MAX / 4)
			break;
		order++;
	}
	return true;
}

bool oomt_line_parse_zone(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *name, *q;
	int64_t node;

	name = node_prefix(s, end, &node);
	if (!name)
		return false;
	if ((q = zone_name(name, end, ' ')) && parse_zone_line(s, n, node, name, q, ev))
		return true;
	if ((q = zone_name(name, end, ':')))
		return parse_free_list(s, n, node, name, q, ev);
	return false;
}

/* A free list read for some zone of ev, or the zone line of node/name read already. */
static bool zone_line_late(const struct oomt_event *ev, int64_t node, const char *name,
                           size_t len)
{
	for (size_t i = 0; i < ev->n_zones; i++) {
		const struct oomt_zone *z = &ev->zones[i];

		if (z->block_bytes != OOMT_UNKNOWN || z->free_list_bytes != OOMT_UNKNOWN)
			return true;
		if (z->node == node && strlen(z->name) == len && memcmp(z->name, name, len) == 0 &&
		    z->free_bytes != OOMT_UNKNOWN)
			return true;
	}
	return false;
}

/* show_free_areas() prints every zone's line once, all of them before the first free
 * list. A zone line after a free list, or a second one of a zone, is another report's
 * (two CPUs' output interleaved, a log sorted oddly, the line of a report printed before
 * this one): reading it would add a zone this report did not print and count its present
 * and managed twice in the sums. */
bool oomt_line_zone_is_stray(const char *s, size_t n, const struct oomt_event *ev)
{
	const char *end = s + n, *name, *q;
	int64_t node;

	name = node_prefix(s, end, &node);
	if (!name || !(q = zone_name(name, end, ' ')) || end - q < 7 ||
	    memcmp(q, " free:", 6) != 0 || !is_digit(q[6]))
		return false;
	return zone_line_late(ev, node, name, (size_t)(q - name));
}

/*
 * 4.9-4.10 printed the free list with pr_cont() pieces, and a syslog daemon that got them
 * as records of their own wrote each on a line (same stamp): "DMA: ", "4*4kB ", "(U) ",
 * ..., "= 3944kB". FL_START: "[Node N ]Zone:" and nothing after; FL_PART: only "N*SkB"
 * and "(TYPES)" tokens; FL_END: ends with "= NkB" after such tokens (or alone).
 */
enum oomt_fl_piece oomt_line_free_list_piece(const char *s, size_t n)
{
	const char *end = s + n, *p = s, *name, *q;
	int64_t node, a, b;

	if ((name = node_prefix(s, end, &node)) && (q = zone_name(name, end, ':')) && q + 1 == end)
		return FL_START;
	while (p < end) {
		p = oomt_text_skip_blanks(p, end);
		if (p >= end)
			break;
		if (*p == '(') {
			const char *c = memchr(p, ')', (size_t)(end - p));

			for (q = p + 1; c && q < c; q++)
				if (!((*q >= 'A' && *q <= 'Z')))
					return FL_NONE;
			if (!c)
				return FL_NONE;
			p = c + 1;
			continue;
		}
		if (*p == '=') {
			p = oomt_text_skip_blanks(p + 1, end);
			if (!oomt_text_parse_int(&p, end, &a) || end - p != 2 || p[0] != 'k' || p[1] != 'B')
				return FL_NONE;
			return FL_END;
		}
		if (!block_token(&p, end, &a, &b))
			return FL_NONE;
	}
	return p > s ? FL_PART : FL_NONE;
}

/* 1 for a zone line, 2 for a free-list line (their first words: "[Node N ]Zone free:N",
 * "[Node N ]Zone: N*SkB"), 0 for any other line; *whole tells whether it has its last
 * field (a zone line: "free_cma:" (3.7+) or "all_unreclaimable? " (<= 4.7); a free list:
 * "= NkB"). For wrap.c: a mail client's wrap cuts these long lines at a blank. */
int oomt_line_zone_shape(const char *s, size_t n, bool *whole)
{
	const char *end = s + n, *name, *q;
	int64_t node, a, b;

	*whole = false;
	if (!(name = node_prefix(s, end, &node)))
		return 0;
	if ((q = zone_name(name, end, ' ')) && end - q > 7 && memcmp(q, " free:", 6) == 0 &&
	    is_digit(q[6])) {
		*whole = oomt_text_find(s, n, " free_cma:") || oomt_text_find(s, n, "all_unreclaimable? ");
		return 1;
	}
	if ((q = zone_name(name, end, ':'))) {
		const char *p = oomt_text_skip_blanks(q + 1, end);

		if (!block_token(&p, end, &a, &b))
			return 0;
		*whole = memchr(s, '=', n) != NULL;
		return 2;
	}
	return 0;
}
