/* SPDX-License-Identifier: MIT */
/*
 * explain-kill for an allocation failure (kind allocation_failure): a short report. What
 * failed (size, flags, where), what the free lists say, then the findings with advice. Like
 * the OOM report, every number comes from the event and the findings (lib/model).
 */
#include <inttypes.h>
#include <string.h>
#include <oomtool/format.h>
#include "explain-kill.h"

struct alloc_report {
	FILE *f;
	const struct ek_explained *x;
	const struct oomt_event *ev;
	const struct ek_opts *o;
	int64_t page_size;
};

static bool known(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

static const char *size_text(const struct alloc_report *r, int64_t bytes, char *buf, size_t n)
{
	out_format_size(bytes, r->o->out.bytes, buf, n);
	if (r->o->out.bytes && known(bytes))
		snprintf(buf + strlen(buf), n - strlen(buf), " bytes");
	return buf;
}

static int64_t num(const struct oomt_finding *f, const char *key)
{
	const struct oomt_kv *kv = oomt_finding_get(f, key);

	return kv && !kv->str ? kv->num : OOMT_UNKNOWN;
}

static const char *text(const struct oomt_finding *f, const char *key)
{
	const struct oomt_kv *kv = oomt_finding_get(f, key);

	return kv && kv->str ? kv->str : NULL;
}

static void when(const struct alloc_report *r, int64_t usec, int64_t uptime)
{
	char t[64];

	if (known(usec))
		fprintf(r->f, "%s", out_format_time(usec, t, sizeof(t)));
	else if (known(uptime))
		fprintf(r->f, "%" PRId64 ".%03" PRId64 " s after boot", uptime / 1000000,
		        uptime / 1000 % 1000);
	else
		fputs("?", r->f);
}

static void headline(const struct alloc_report *r)
{
	const struct oomt_event *ev = r->ev;
	const struct oomt_allocation *a = &ev->alloc;
	char s[32];

	fprintf(r->f, "%sIncident %s%s", r->o->out.color ? "\033[1m" : "", ev->id[0] ? ev->id : "-",
	        r->o->out.color ? "\033[0m" : "");
	if (known(ev->time_usec) || known(ev->uptime_usec)) {
		fputs(" at ", r->f);
		when(r, ev->time_usec, ev->uptime_usec);
	}
	if (ev->host[0])
		fprintf(r->f, " on %s", ev->host);
	if (ev->kernel[0])
		fprintf(r->f, ", kernel %s", ev->kernel);
	fprintf(r->f, " (%s)\n", ev->source[0] ? ev->source : "log");
	if (a->vmalloc)
		fprintf(r->f, "A vmalloc of %s", known(a->vmalloc_bytes)
		        ? size_text(r, a->vmalloc_bytes, s, sizeof(s)) : "memory");
	else if (known(ev->trigger.order) && ev->trigger.order >= 0 && ev->trigger.order < 30)
		fprintf(r->f, "An allocation of %s in one piece (order %" PRId64 ")",
		        size_text(r, r->page_size << ev->trigger.order, s, sizeof(s)), ev->trigger.order);
	else
		fputs("An allocation", r->f);
	fprintf(r->f, " with %s", ev->trigger.gfp_flags[0] ? ev->trigger.gfp_flags
	                          : ev->trigger.gfp_mask[0] ? ev->trigger.gfp_mask : "unknown flags");
	if (a->stall && known(a->stall_ms))
		fprintf(r->f, " had waited %" PRId64 " ms in reclaim and was still waiting", a->stall_ms);
	else if (a->stall)
		fputs(" was still waiting in reclaim", r->f);
	else
		fputs(" failed", r->f);
	if (a->in_interrupt)
		fputs(" in an interrupt", r->f);
	if (a->caller[0])
		fprintf(r->f, ", in %s", a->caller);
	if (a->module[0])
		fprintf(r->f, " (module %s)", a->module);
	if (ev->trigger.comm[0])
		fprintf(r->f, "; the task %s %s", a->in_interrupt ? "it interrupted was" : "was",
		        ev->trigger.comm);
	if (known(ev->trigger.pid) && ev->trigger.pid > 0)
		fprintf(r->f, " (pid %" PRId64 ")", ev->trigger.pid);
	fputs(". Nothing was killed.\n", r->f);
	if (known(a->suppressed_before) && a->suppressed_before > 0)
		fprintf(r->f, "The kernel did not print %" PRId64 " allocation failure%s before this "
		        "one, of this site or any other (its rate limit).\n", a->suppressed_before,
		        a->suppressed_before == 1 ? "" : "s");
}

/* One line per zone: free memory, and the largest free block. */
static void zones(const struct alloc_report *r)
{
	const struct oomt_event *ev = r->ev;
	bool head = false;
	char a[32], b[32], c[32];

	for (size_t i = 0; i < ev->n_zones; i++) {
		const struct oomt_zone *z = &ev->zones[i];
		/* the zone line's counter, which the watermark and the findings read; the free
		 * lists' sum (without the per-CPU lists) only when it is all there is */
		int64_t fb = known(z->free_bytes) ? z->free_bytes : z->free_list_bytes;
		int big = -1;

		if (!z->n_orders && !known(z->free_bytes))
			continue;
		if (!head)
			fputs("\nFree memory by zone (Mem-Info):\n", r->f);
		head = true;
		for (size_t k = z->n_orders; k-- > 0 && big < 0;)
			if (z->free_blocks[k] > 0)
				big = (int)k;
		if (known(z->node))
			fprintf(r->f, "  node %" PRId64 " %-8s", z->node, z->name);
		else
			fprintf(r->f, "  %-8s", z->name);
		fprintf(r->f, " free %s", size_text(r, fb, a, sizeof(a)));
		if (known(z->min_bytes))
			fprintf(r->f, " (min watermark %s)", size_text(r, z->min_bytes, b, sizeof(b)));
		if (z->n_orders)
			fprintf(r->f, ", largest free block %s", big < 0 || !known(z->block_bytes) ? "none"
			        : size_text(r, z->block_bytes << big, c, sizeof(c)));
		fputc('\n', r->f);
	}
}

static void f_frag(const struct alloc_report *r, const struct oomt_finding *f)
{
	char a[32], b[32], c[32];
	int64_t big = num(f, "zone_largest_block_bytes");

	fprintf(r->f, "%s was free, but no zone held a free block of %s that its watermark would "
	        "give: memory was fragmented, not exhausted", size_text(r, num(f, "free_bytes"), a, sizeof(a)),
	        size_text(r, num(f, "allocation_bytes"), b, sizeof(b)));
	if (text(f, "zone")) {
		fputs(" (", r->f);
		if (known(num(f, "node")))
			fprintf(r->f, "node %" PRId64 " ", num(f, "node"));
		fprintf(r->f, "%s: %s free, largest block %s)", text(f, "zone"),
		        size_text(r, num(f, "zone_free_bytes"), c, sizeof(c)),
		        known(big) ? size_text(r, big, a, sizeof(a)) : "none");
	}
	fputs(".\n", r->f);
	fputs("  Compact now: echo 1 > /proc/sys/vm/compact_memory (or sysctl -w vm.compact_memory=1);"
	      " keep compaction running in the background with vm.compaction_proactiveness (5.9+).\n", r->f);
	if (known(num(f, "min_free_kbytes")))
		fprintf(r->f, "  Keep more free so that large blocks survive: sysctl -w "
		        "vm.min_free_kbytes=%" PRId64 " (and in /etc/sysctl.d).\n", num(f, "min_free_kbytes"));
}

static void f_low(const struct alloc_report *r, const struct oomt_finding *f)
{
	char a[32], b[32], c[32];

	fputs("Memory was short: ", r->f);
	if (known(num(f, "node")))
		fprintf(r->f, "node %" PRId64 " ", num(f, "node"));
	fprintf(r->f, "%s, the largest zone the allocation could use, had %s free, at its watermarks "
	        "(min %s, high %s).\n", text(f, "zone") ? text(f, "zone") : "the zone",
	        size_text(r, num(f, "zone_free_bytes"), a, sizeof(a)),
	        size_text(r, num(f, "zone_min_bytes"), b, sizeof(b)),
	        size_text(r, num(f, "zone_high_bytes"), c, sizeof(c)));
	fputs("  Reclaim could not keep up: find what holds the memory (oomtool top-mem), add swap "
	      "or memory, or cap the largest workloads (oomtool limits).\n", r->f);
}

static void f_atomic(const struct alloc_report *r, const struct oomt_finding *f)
{
	const char *module = text(f, "module");

	fprintf(r->f, "The allocation was atomic (%s): it could not wait for reclaim or compaction, "
	        "only take what was free above the reserves%s.\n",
	        text(f, "gfp_flags") ? text(f, "gfp_flags") : text(f, "gfp_mask") ? text(f, "gfp_mask") : "flags not in the log",
	        num(f, "in_interrupt") == 1 ? ", in an interrupt" : "");
	if (known(num(f, "min_free_kbytes")))
		fprintf(r->f, "  Give atomic allocations more reserve: sysctl -w vm.min_free_kbytes=%" PRId64,
		        num(f, "min_free_kbytes"));
	else
		fputs("  Give atomic allocations more reserve: raise vm.min_free_kbytes", r->f);
	fprintf(r->f, ", and wake kswapd earlier: sysctl -w vm.watermark_scale_factor=%" PRId64
	        " (persist both in /etc/sysctl.d).\n", known(num(f, "watermark_scale_factor"))
	        ? num(f, "watermark_scale_factor") : 200);
	if (num(f, "network") == 1)
		fprintf(r->f, "  It is a network receive path%s%s%s: smaller receive rings allocate less "
		        "at once (ethtool -g IFACE shows them, ethtool -G IFACE rx N sets them), and an MTU "
		        "of 1500 instead of jumbo frames needs single pages instead of order-2/3 blocks.\n",
		        module ? " (" : "", module ? module : "", module ? ")" : "");
	else if (module)
		fprintf(r->f, "  It came from module %s: check its buffer or queue sizes and its known "
		        "issues for your kernel.\n", module);
}

static void f_high_order(const struct alloc_report *r, const struct oomt_finding *f)
{
	char a[32];

	fprintf(r->f, "Order %" PRId64 " (%s in one piece) is above the kernel's costly order 3: "
	        "it reclaims and compacts only a little for it before giving up.\n", num(f, "order"),
	        size_text(r, num(f, "allocation_bytes"), a, sizeof(a)));
	if (num(f, "memory_hotplug") == 1) {
		fprintf(r->f, "  It was the page map of memory being hot-added%s%s%s: the kernel goes "
		        "on with single pages, and the hot-add fails only when those run out too. "
		        "Hot-add before the guest runs low, in smaller steps, or give it more memory "
		        "at boot.\n", text(f, "module") ? " (" : "",
		        text(f, "module") ? text(f, "module") : "", text(f, "module") ? ")" : "");
		return;
	}
	fprintf(r->f, "  Compaction helps (echo 1 > /proc/sys/vm/compact_memory); code that asks for "
	        "such blocks%s%s should fall back to vmalloc (kvmalloc) or smaller pieces: look for a "
	        "newer kernel or driver that does.\n", text(f, "caller") ? ", here " : "",
	        text(f, "caller") ? text(f, "caller") : "");
}

static void f_stall(const struct alloc_report *r, const struct oomt_finding *f)
{
	char a[32], b[32];

	fprintf(r->f, "%s waited %" PRId64 " ms for memory: reclaim was thrashing (4.9-4.14 warn "
	        "after 10 s and every 10 s more).\n", text(f, "trigger") ? text(f, "trigger") : "A task",
	        num(f, "stall_ms"));
	if (known(num(f, "total_swap_bytes")) && num(f, "total_swap_bytes") > 0)
		fprintf(r->f, "  Swap: %s free of %s.", size_text(r, num(f, "free_swap_bytes"), a, sizeof(a)),
		        size_text(r, num(f, "total_swap_bytes"), b, sizeof(b)));
	else
		fputs("  ", r->f);
	fputs(" Find what holds the memory (oomtool top-mem) and cap it (oomtool limits), or add "
	      "memory; an earlier OOM kill (earlyoom, systemd-oomd) ends such stalls sooner.\n", r->f);
}

/* How long the failures lasted, by the wall clocks or else the uptimes; unknown if neither. */
static int64_t repeat_span_usec(const struct oomt_finding *f)
{
	if (known(num(f, "first_time_usec")) && known(num(f, "last_time_usec")))
		return num(f, "last_time_usec") - num(f, "first_time_usec");
	if (known(num(f, "first_uptime_usec")) && known(num(f, "last_uptime_usec")))
		return num(f, "last_uptime_usec") - num(f, "first_uptime_usec");
	return OOMT_UNKNOWN;
}

static void f_repeated(const struct alloc_report *r, const struct oomt_finding *f)
{
	int64_t n = num(f, "failures"), span = repeat_span_usec(f);

	fprintf(r->f, "This site%s%s%s failed ", text(f, "site") ? " (" : "",
	        text(f, "site") ? text(f, "site") : "", text(f, "site") ? ")" : "");
	if (n == 1)
		fputs("once", r->f);
	else
		fprintf(r->f, "%" PRId64 " times", n);
	if (n > 1 && (known(num(f, "first_time_usec")) || known(num(f, "first_uptime_usec")))) {
		fputs(", from ", r->f);
		when(r, num(f, "first_time_usec"), num(f, "first_uptime_usec"));
		fputs(" to ", r->f);
		when(r, num(f, "last_time_usec"), num(f, "last_uptime_usec"));
	}
	if (num(f, "suppressed") > 0)   /* warn_alloc's rate limit is one for all sites */
		fprintf(r->f, "; the kernel left %" PRId64 " allocation failure%s unprinted around "
		        "%s, of this site or any other", num(f, "suppressed"),
		        num(f, "suppressed") == 1 ? "" : "s", n > 1 ? "them" : "it");
	if (n <= 1)
		fputs(".\n", r->f);
	else if (known(span) && span < 60 * INT64_C(1000000))
		fputs(": a burst, within a minute.\n", r->f);
	else
		fputs(": a lasting condition, not a spike.\n", r->f);
}

static void f_protection(const struct alloc_report *r, const struct oomt_finding *f)
{
	char a[32], b[32];

	fprintf(r->f, "Memory cgroups below %s had %s of memory.min and %s of memory.low protection "
	        "in use: memory reclaim could not (min) or would rather not (low) take.\n",
	        text(f, "memcg") ? text(f, "memcg") : "the cgroup",
	        size_text(r, num(f, "min_bytes"), a, sizeof(a)), size_text(r, num(f, "low_bytes"), b, sizeof(b)));
	fputs("  Check MemoryMin=/MemoryLow= (memory.min, memory.low) of the units below it: "
	      "oomtool limits lists them.\n", r->f);
}

static void f_swap(const struct alloc_report *r, const struct oomt_finding *f)
{
	char a[32], b[32];

	if (strcmp(f->code, "no_swap") == 0)
		fputs("There is no swap: idle anonymous memory could not be moved out to make room.\n", r->f);
	else
		fprintf(r->f, "Swap was full: %s free of %s.\n", size_text(r, num(f, "free_swap_bytes"), a, sizeof(a)),
		        size_text(r, num(f, "total_swap_bytes"), b, sizeof(b)));
}

static const struct {
	const char *code;
	void (*write)(const struct alloc_report *r, const struct oomt_finding *f);
} writers[] = {
	{ "alloc_fragmentation", f_frag },
	{ "alloc_low_memory", f_low },
	{ "alloc_atomic", f_atomic },
	{ "alloc_high_order", f_high_order },
	{ "alloc_stall", f_stall },
	{ "alloc_repeated", f_repeated },
	{ "memcg_protection", f_protection },
	{ "no_swap", f_swap },
	{ "swap_exhausted", f_swap },
};

int ek_print_alloc_report(FILE *f, const struct ek_explained *x, const struct ek_opts *o)
{
	struct alloc_report r = { .f = f, .x = x, .ev = x->ev, .o = o };
	const struct oomt_findings *fs = x->findings;
	static const char *const sev_color[] = { "\033[36m", "\033[1;33m", "\033[1;31m" };

	r.page_size = oomt_event_page_size(x->ev, NULL);
	headline(&r);
	zones(&r);
	if (!fs->n)
		return 0;
	fputs("\nFindings:\n", f);
	for (size_t i = 0; i < fs->n; i++) {
		const struct oomt_finding *fd = &fs->f[i];

		fprintf(f, "%s%-8s%s %s: ", o->out.color ? sev_color[fd->severity] : "",
		        oomt_severity_name(fd->severity), o->out.color ? "\033[0m" : "", fd->code);
		for (size_t k = 0; k < sizeof(writers) / sizeof(writers[0]); k++)
			if (strcmp(writers[k].code, fd->code) == 0)
				writers[k].write(&r, fd);
	}
	return 0;
}
