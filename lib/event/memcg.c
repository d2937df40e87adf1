/* SPDX-License-Identifier: MIT */
/* The memcg part of a report (docs/kernel-oom-report.md §2.5). */
#include <stddef.h>
#include <string.h>
#include "event/lines.h"
#include "event/text.h"

/* Any limit at or above 2^50 kB is one of the kernel's "no limit" values
 * (9007199254740988, 9007199254740991, 18014398509481983). */
#define UNLIMITED_KB (1LL << 50)

static const char limit_of[] = " killed as a result of limit of ";

/* What follows "limit of" is no cgroup: a cgroup's path starts with '/', and Alibaba Cloud
 * Linux prints "limit of host" for a shortage of the whole machine (or its NUMA node). */
static bool limit_not_memcg(const char *m, const char *end)
{
	m = oomt_text_skip_blanks(m, end);
	return m < end && *m != '/';
}

bool oomt_line_task_in_names_memcg(const char *s, size_t n)
{
	const char *m = oomt_text_find(s, n, limit_of);

	return !m || !limit_not_memcg(m + sizeof(limit_of) - 1, s + n);
}

/*
 * "Task in %s killed as a result of limit of %s" (<= 4.20; 2.6.32-3.x print it as two
 * pr_cont pieces, which the state machine joins before calling us). The first path is
 * the victim's memcg, the second the memcg at its limit, unless it is no path ("host").
 * A cut line keeps what it has.
 */
bool oomt_line_parse_task_in(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p, *m;
	size_t tl;

	p = oomt_text_find(s, n, "Task in ");
	if (!p)
		return false;
	p += 8;
	m = oomt_text_find(p, (size_t)(end - p), limit_of);
	if (!m) {
		m = oomt_text_find(p, (size_t)(end - p), " killed");
		oomt_text_path_offer(ev->task_memcg, sizeof(ev->task_memcg), p, (size_t)((m ? m : end) - p),
		                     false);
		return true;
	}
	tl = (size_t)(m - p);
	oomt_text_path_offer(ev->task_memcg, sizeof(ev->task_memcg), p, tl, false);
	m += sizeof(limit_of) - 1;
	if (limit_not_memcg(m, end))
		return true;
	/* the limit path with blanks a screen wrap left inside it, and the victim's path
	 * whole: the same memcg (the common case, a task at its own cgroup's limit) */
	if (oomt_text_same_but_blanks(p, tl, m, (size_t)(end - m)))
		oomt_text_path_offer(ev->oom_memcg, sizeof(ev->oom_memcg), p, tl, false);
	else
		oomt_text_path_offer(ev->oom_memcg, sizeof(ev->oom_memcg), m, (size_t)(end - m), false);
	return true;
}

/*
 * "Memory limit reached of cgroup %s" (4.6-4.20, pr_info + pr_cont of the path): printed
 * instead of "Task in" when the report has no victim (panic_on_oom, nothing killable).
 */
bool oomt_line_parse_memcg_limit(const char *s, size_t n, struct oomt_event *ev)
{
	static const char a[] = "Memory limit reached of cgroup ";
	const char *p = oomt_text_find(s, n, a);

	if (!p)
		return false;
	p += sizeof(a) - 1;
	if (p < s + n)
		oomt_text_path_offer(ev->oom_memcg, sizeof(ev->oom_memcg), p, (size_t)(s + n - p), false);
	return true;
}

/*
 * Counter lines, all kB:
 *   "memory: usage %llukB, limit %llukB, failcnt %llu"       (all eras)
 *   "memory+swap: usage %llukB, limit %llukB, failcnt %llu"  (v1)
 *   "kmem: usage %llukB, limit %llukB, failcnt %llu"         (v1, 3.8+)
 *   "swap: usage %llukB, limit %llukB, failcnt %lu"          (v2, 5.3+)
 */
bool oomt_line_parse_memcg_counter(const char *s, size_t n, struct oomt_event *ev)
{
	struct oomt_counter *c;
	int64_t usage, limit, failcnt;

	if (oomt_text_starts_with(s, n, "memory: usage "))
		c = &ev->memcg.memory;
	else if (oomt_text_starts_with(s, n, "memory+swap: usage "))
		c = &ev->memcg.memsw;
	else if (oomt_text_starts_with(s, n, "swap: usage "))
		c = &ev->memcg.swap;
	else if (oomt_text_starts_with(s, n, "kmem: usage "))
		c = &ev->memcg.kmem;
	else
		return false;
	if (!oomt_text_find(s, n, "usage "))
		return false;
	/* kB values (a paste's thousands separators read as oomt_text_parse_size() does) */
	if (oomt_text_parse_key_kb(s, n, "usage ", &usage))
		c->usage_bytes = usage;
	if (oomt_text_parse_key_kb(s, n, "limit ", &limit))
		c->limit_bytes = limit >= UNLIMITED_KB * 1024 || limit == OOMT_UNKNOWN ? OOMT_UNKNOWN : limit;
	if (oomt_text_parse_key_int(s, n, "failcnt ", &failcnt))
		c->failcnt = failcnt;
	ev->has_memcg = true;
	return true;
}

struct stat_key {
	const char *name;
	size_t off;
};

#define SK(k, f) { k, offsetof(struct oomt_memcg, f) }
/* v2 names (5.3+, both hierarchies until 6.4) and v1 names (<= 5.2 and 6.5+ v1). */
static const struct stat_key stat_keys[] = {
	SK("anon", stat_anon_bytes), SK("rss", stat_anon_bytes),
	SK("file", stat_file_bytes), SK("cache", stat_file_bytes),
	SK("shmem", stat_shmem_bytes), SK("kernel", stat_kernel_bytes),
	SK("slab_unreclaimable", stat_slab_unreclaimable_bytes), SK("swap", stat_swap_bytes),
};

/* Store the first value seen for a key: later lines are the hierarchy's children (v1
 * <= 5.2) or "total_" repeats, which we do not want to overwrite the OOM memcg's own. */
static bool stat_set(struct oomt_memcg *m, const char *k, size_t klen, int64_t bytes)
{
	for (size_t i = 0; i < sizeof(stat_keys) / sizeof(stat_keys[0]); i++) {
		int64_t *f;

		if (strlen(stat_keys[i].name) != klen || memcmp(stat_keys[i].name, k, klen) != 0)
			continue;
		f = (int64_t *)((char *)m + stat_keys[i].off);
		if (*f == OOMT_UNKNOWN)
			*f = bytes;
		return true;
	}
	return false;
}

/*
 * "Memory cgroup stats for <path>:" followed, 3.9-5.2 and RHEL7, on the same line by
 * " key:valueKB" tokens in v1 naming (cache rss rss_huge shmem mapped_file ... swap ...).
 * Only the first stats line of a report (the OOM memcg itself) fills the event.
 */
bool oomt_line_parse_memcg_stats_header(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *p = oomt_text_find(s, n, "Memory cgroup stats"), *colon;

	if (!p)
		return false;
	colon = oomt_text_find(p, (size_t)(end - p), ": ");
	if (!colon && end[-1] == ':')
		colon = end - 1;
	if (!colon)
		return true;
	/* the first stats line is the OOM memcg's own; the rest are its children, which fill
	 * only a path that was empty or cut */
	p = oomt_text_find(p, (size_t)(colon - p), " for ");
	if (p)
		oomt_text_path_offer(ev->oom_memcg, sizeof(ev->oom_memcg), p + 5, (size_t)(colon - p - 5),
		                     true);
	for (p = colon + 1; p < end;) {
		const char *k = oomt_text_skip_blanks(p, end), *c = k, *v;
		int64_t val;

		while (c < end && *c != ':' && *c != ' ')
			c++;
		if (c >= end || *c != ':') {
			p = c + 1;
			continue;
		}
		v = c + 1;
		if (oomt_text_parse_int(&v, end, &val) && oomt_text_starts_with(v, (size_t)(end - v), "KB") &&
		    stat_set(&ev->memcg, k, (size_t)(c - k), oomt_text_kb_to_bytes(val)))
			ev->has_memcg = true;   /* the statistics are memcg data without the counters too */
		p = v > c ? v : c + 1;
	}
	return true;
}

/* 5.3+ "key value" lines following the stats header (bytes for sizes; both v2 and the
 * 6.5+ v1 naming). The state machine calls this only inside the stats section. */
bool oomt_line_parse_memcg_stat(const char *s, size_t n, struct oomt_event *ev)
{
	const char *end = s + n, *sp = memchr(s, ' ', n), *v;
	int64_t val;

	if (!sp || sp == s)
		return false;
	v = sp;
	if (!oomt_text_parse_int(&v, end, &val) || oomt_text_skip_blanks(v, end) != end)
		return false;
	if (stat_set(&ev->memcg, s, (size_t)(sp - s), val))
		ev->has_memcg = true;   /* a cut log may start at the stats block */
	return true;
}
