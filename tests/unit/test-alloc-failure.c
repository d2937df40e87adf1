/* SPDX-License-Identifier: MIT */
/* Allocation failures (docs/kernel-oom-report.md §2.10): the warning of every era, the zone
 * and free-list lines, the rate-limit and protection lines, the state machine around them
 * (what ends a failure's report, what never attaches to it), the repeats and the findings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <oomtool/event.h>
#include <oomtool/model.h>
#include "event/event-internal.h"
#include "event/lines.h"
#include "event/prefilter.h"
#include "model/model-internal.h"
#include "parser-feed.h"

#define S(lit) lit, strlen(lit)

static bool parse_alloc(const char *s, struct oomt_event *ev)
{
	oomt_event_init(ev);
	return oomt_line_parse_alloc_failure(s, strlen(s), ev);
}

static void test_forms_of_every_era(void **state)
{
	struct oomt_event ev;

	(void)state;
	/* 2.6.x: a period after "failure" */
	assert_true(parse_alloc("swapper: page allocation failure. order:2, mode:0x20", &ev));
	assert_int_equal(ev.kind, OOMT_KIND_ALLOCATION_FAILURE);
	assert_string_equal(ev.trigger.comm, "swapper");
	assert_int_equal(ev.trigger.order, 2);
	assert_string_equal(ev.trigger.gfp_mask, "0x20");
	assert_string_equal(ev.trigger.gfp_flags, "");
	/* 3.x */
	assert_true(parse_alloc("qemu-kvm: page allocation failure: order:4, mode:0x40d0", &ev));
	assert_string_equal(ev.trigger.comm, "qemu-kvm");
	assert_int_equal(ev.trigger.order, 4);
	/* 4.9 stall */
	assert_true(parse_alloc("rsync: page allocation stalls for 10312ms, order:0, "
	                        "mode:0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD)", &ev));
	assert_true(ev.alloc.stall);
	assert_int_equal(ev.alloc.stall_ms, 10312);
	assert_string_equal(ev.trigger.gfp_flags, "GFP_HIGHUSER_MOVABLE|__GFP_COLD");
	/* 5.x: nodemask and the cpuset fields; a comm with a colon */
	assert_true(parse_alloc("kworker/u8:1: page allocation failure: order:4, "
	                        "mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,"
	                        "mems_allowed=0-1", &ev));
	assert_string_equal(ev.trigger.comm, "kworker/u8:1");
	assert_string_equal(ev.trigger.nodemask, "(null)");
	assert_string_equal(ev.trigger.cpuset, "/");
	assert_string_equal(ev.trigger.mems_allowed, "0-1");
	/* vmalloc, 4.x and 5.13+ */
	assert_true(parse_alloc("j: vmalloc: allocation failure, allocated 61440 of 135168 bytes, "
	                        "mode:0xcc0(GFP_KERNEL), nodemask=(null)", &ev));
	assert_true(ev.alloc.vmalloc);
	assert_int_equal(ev.alloc.vmalloc_bytes, 135168);
	assert_int_equal(ev.trigger.order, OOMT_UNKNOWN);
	assert_true(parse_alloc("c: vmalloc error: size 2097152, page order 5, failed to allocate "
	                        "pages, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null)", &ev));
	assert_int_equal(ev.alloc.vmalloc_bytes, 2097152);
	assert_int_equal(ev.trigger.order, 5);
	/* cut inside the flags: keeps what it has */
	assert_true(parse_alloc("x: page allocation failure: order:1, mode:0x40a20(GFP_ATOM", &ev));
	assert_string_equal(ev.trigger.gfp_flags, "GFP_ATOM");
	/* words that only mention it */
	assert_false(parse_alloc("myapp: retrying after page allocation failure", &ev));
	assert_false(parse_alloc("Killed process 1 (a)", &ev));
}

static void test_atomic_by_era(void **state)
{
	struct oomt_event ev;

	(void)state;
	parse_alloc("a: page allocation failure: order:2, mode:0x40a20(GFP_ATOMIC|__GFP_COMP)", &ev);
	assert_int_equal(oomt_alloc_atomic(&ev), 1);
	parse_alloc("a: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)", &ev);
	assert_int_equal(oomt_alloc_atomic(&ev), 0);
	parse_alloc("a: page allocation failure: order:0, mode:0x2200(GFP_NOWAIT|__GFP_NOWARN)", &ev);
	assert_int_equal(oomt_alloc_atomic(&ev), 1);
	/* hex only: __GFP_WAIT 0x10 before 4.4 */
	parse_alloc("a: page allocation failure. order:2, mode:0x20", &ev);
	strcpy(ev.kernel, "2.6.32-696.el6.x86_64");
	assert_int_equal(oomt_alloc_atomic(&ev), 1);
	parse_alloc("a: page allocation failure: order:4, mode:0x40d0", &ev);
	strcpy(ev.kernel, "3.10.0-1160.el7.x86_64");
	assert_int_equal(oomt_alloc_atomic(&ev), 0);
	/* no release: a mask above 0x3fffff is 4.4's layout */
	parse_alloc("a: page allocation failure: order:0, mode:0x2080020", &ev);
	assert_int_equal(oomt_alloc_atomic(&ev), 1);
	parse_alloc("a: page allocation failure: order:0, mode:0x24000c0", &ev);
	assert_int_equal(oomt_alloc_atomic(&ev), 0);
	parse_alloc("a: page allocation failure: order:0, mode:zz", &ev);
	assert_int_equal(oomt_alloc_atomic(&ev), -1);
}

static void test_zones_and_free_lists(void **state)
{
	struct oomt_event ev;
	const char *big = "Node 1 Normal: 1*64kB 1*128kB 1*256kB 1*512kB 1*1024kB 1*2048kB "
	                  "1*4096kB 1*8192kB 1*16384kB 1*32768kB 1*65536kB 1*131072kB 1*262144kB "
	                  "1*524288kB 1*1048576kB 1*2097152kB 1*4194304kB 1*8388608kB = 16777152kB";
	char line[512];

	(void)state;
	oomt_event_init(&ev);
	assert_true(oomt_line_parse_zone(S("Node 0 Normal free:180332kB min:15320kB low:19150kB "
	                                 "high:22980kB present:13221888kB managed:13000000kB"), &ev));
	assert_int_equal(ev.n_zones, 1);
	assert_int_equal(ev.zones[0].node, 0);
	assert_string_equal(ev.zones[0].name, "Normal");
	assert_int_equal(ev.zones[0].free_bytes, 180332LL * 1024);
	assert_int_equal(ev.zones[0].min_bytes, 15320LL * 1024);
	assert_int_equal(ev.zones[0].high_bytes, 22980LL * 1024);
	assert_int_equal(ev.zones[0].n_orders, 0);
	/* the free list joins the zone line's entry */
	snprintf(line, sizeof(line), "Node 0 Normal: 24227*4kB (UME) 10422*8kB (UM) 3*16kB () "
	         "0*32kB = 180332kB");
	assert_true(oomt_line_parse_zone(line, strlen(line), &ev));
	assert_int_equal(ev.n_zones, 1);
	assert_int_equal(ev.zones[0].n_orders, 4);
	assert_int_equal(ev.zones[0].free_blocks[0], 24227);
	assert_int_equal(ev.zones[0].free_blocks[2], 3);
	assert_int_equal(ev.zones[0].block_bytes, 4096);
	assert_int_equal(ev.zones[0].free_list_bytes, 180332LL * 1024);
	/* no NUMA prefix */
	assert_true(oomt_line_parse_zone(S("HighMem: 1*4kB 2*8kB = 20kB"), &ev));
	assert_int_equal(ev.zones[1].node, OOMT_UNKNOWN);
	/* more orders than kept, 64 KiB pages */
	assert_true(oomt_line_parse_zone(big, strlen(big), &ev));
	assert_int_equal(ev.zones[2].n_orders, OOMT_ORDERS_MAX);
	assert_int_equal(ev.zones[2].block_bytes, 65536);
	/* sizes that do not double: a garbled list keeps what came before */
	assert_true(oomt_line_parse_zone(S("DMA: 1*4kB 2*8kB 3*12kB 4*32kB = 9kB"), &ev));
	assert_int_equal(ev.zones[3].n_orders, 2);
	assert_int_equal(ev.zones[3].free_list_bytes, OOMT_UNKNOWN);
	/* not zones */
	assert_false(oomt_line_parse_zone(S("Node 0 DMA per-cpu:"), &ev));
	assert_false(oomt_line_parse_zone(S("active_anon:1 inactive_anon:2"), &ev));
	assert_false(oomt_line_parse_zone(S("Node 0 active_anon:4kB inactive_anon:8kB"), &ev));
	assert_false(oomt_line_parse_zone(S("lowmem_reserve[]: 0 1 2"), &ev));
	/* bounded */
	for (int i = 0; i < 2 * OOMT_ZONES_MAX; i++) {
		snprintf(line, sizeof(line), "Node %d Normal: 1*4kB = 4kB", i);
		oomt_line_parse_zone(line, strlen(line), &ev);
	}
	assert_int_equal(ev.n_zones, OOMT_ZONES_MAX);
}

static void test_suppressed_and_protection(void **state)
{
	struct oomt_event ev;
	int64_t n;
	bool shared;

	(void)state;
	assert_true(oomt_line_parse_alloc_suppressed(S("warn_alloc: 37 callbacks suppressed"), &n, &shared));
	assert_int_equal(n, 37);
	assert_false(shared);
	assert_true(oomt_line_parse_alloc_suppressed(S("__ratelimit: 41 callbacks suppressed"), &n, &shared));
	assert_true(shared);
	assert_false(oomt_line_parse_alloc_suppressed(S("warn_alloc_show_mem: 3 callbacks suppressed"),
	                                              &n, &shared));
	assert_false(oomt_line_parse_alloc_suppressed(S("oom_kill_process: 3 callbacks suppressed"),
	                                              &n, &shared));
	oomt_event_init(&ev);
	assert_true(oomt_line_parse_protection(S("Memory cgroup min protection 262144kB -- low "
	                                       "protection 4194304kB"), &ev));
	assert_true(ev.has_protection);
	assert_int_equal(ev.protection_min_bytes, 262144LL * 1024);
	assert_int_equal(ev.protection_low_bytes, 4194304LL * 1024);
	assert_string_equal(oomt_event_protection_memcg(&ev), "/");
	oomt_event_init(&ev);
	assert_false(oomt_line_parse_protection(S("Memory cgroup min protection lots"), &ev));
}

static const char *const failure_then_kill[] = {
	"warn_alloc: 5 callbacks suppressed",
	"swapper/0: page allocation failure: order:2, mode:0x40a20(GFP_ATOMIC|__GFP_COMP), "
	"nodemask=(null),cpuset=/,mems_allowed=0",
	"CPU: 0 PID: 0 Comm: swapper/0 Not tainted 5.15.0-94-generic #104-Ubuntu",
	"Call Trace:",
	" <IRQ>",
	" dump_stack_lvl+0x4a/0x63",
	" warn_alloc+0x138/0x160",
	" __alloc_pages+0x30d/0x320",
	" ? __kmalloc+0x2b1/0x330",
	" tg3_alloc_rx_data+0x9d/0x290 [tg3]",
	" </IRQ>",
	"Mem-Info:",
	"active_anon:1 inactive_anon:2 isolated_anon:0",
	" free:1000 free_pcp:1 free_cma:0",
	"Node 0 Normal free:4000kB min:100kB low:120kB high:140kB",
	"Node 0 Normal: 1000*4kB 0*8kB 0*16kB = 4000kB",
	"Memory cgroup min protection 0kB -- low protection 0kB",
	/* a rate-limited OOM kill: its own incident; its rate-limit line is not the failure's */
	"oom_kill_process: 3 callbacks suppressed",
	"Out of memory: Killed process 77 (x) total-vm:100kB, anon-rss:50kB, file-rss:0kB, "
	"shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
	NULL,
};

static void test_machine(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	const struct oomt_event *a, *k;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, "h", 1000000, failure_then_kill);
	evs_finish(p, &e);
	assert_int_equal(e.n, 2);
	a = e.ev[0];
	k = e.ev[1];
	assert_int_equal(a->kind, OOMT_KIND_ALLOCATION_FAILURE);
	assert_int_equal(a->alloc.suppressed_before, 5);
	assert_true(a->alloc.in_interrupt);
	assert_string_equal(a->alloc.caller, "tg3_alloc_rx_data");
	assert_string_equal(a->alloc.module, "tg3");
	assert_int_equal(a->alloc.atomic, 1);
	assert_int_equal(a->trigger.pid, 0);
	assert_int_equal(a->victim.pid, OOMT_UNKNOWN);
	assert_true(a->has_meminfo);
	assert_int_equal(a->n_zones, 1);
	assert_int_equal(a->page_size, 4096);
	assert_true(a->has_protection);
	assert_int_equal(a->scope, OOMT_SCOPE_UNKNOWN);
	assert_true(a->complete);
	assert_int_equal(k->kind, OOMT_KIND_OOM_KILL);
	assert_int_equal(k->victim.pid, 77);
	assert_false(k->has_meminfo);
	assert_int_equal(a->suppressed, OOMT_UNKNOWN);
	evs_free(&e);
	oomt_parser_free(p);
}

/* Frames whose start a serial line's noise garbled name no caller; the first whole name
 * after them does (2.6.18's ":module:func" is whole). */
static void test_garbled_frames(void **state)
{
	static const char *const lines[] = {
		"swapper/3: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0",
		"CPU: 3 PID: 0 Comm: swapper/3 Tainted: G           O       6.6.14 #0",
		"Call Trace:",
		" <IRQ>",
		" du\xc6\xb9??lvl+0x48/0x60",
		" w?n_??+0x100/0x180",
		" n}????kb+0x140/0x1c0",
		" igc_update_stats+0x1d1b/0x30e0 [igc]",
		NULL,
	};
	static const char *const old[] = {
		"vsftpd: page allocation failure. order:3, mode:0x20",
		"Call Trace:",
		" <IRQ> [<ffffffff8024e516>] __alloc_pages+0x282/0x29b",
		" [<ffffffff8807aa93>] :ip_tables:ipt_do_table+0x1eb/0x318",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, "h", 1000000, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.ev[0]->alloc.caller, "igc_update_stats");
	assert_string_equal(e.ev[0]->alloc.module, "igc");
	evs_free(&e);
	oomt_parser_free(p);
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, "h", 1000000, old);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.ev[0]->alloc.caller, "ipt_do_table");
	evs_free(&e);
	oomt_parser_free(p);
}

/* The slab allocators' warning: its own incident (not the kill's before it), with the
 * cache and the order of its "  cache: " line; a line that only names the words is none. */
static void test_slab_warning(void **state)
{
	static const char *const lines[] = {
		"Killed process 77 (x) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB",
		"SLUB: Unable to allocate memory on node -1, gfp=0x14000c0(GFP_KERNEL)",
		"  cache: kmalloc-64, object size: 64, buffer size: 64, default order: 1, min order: 0",
		"  node 0: slabs: 10, objs: 640, free: 0",
		"SLAB: Unable to allocate memory on node 1 (gfp=0x80d0)",
		"  cache: dentry, object size: 192, order: 1",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_event ev;

	(void)state;
	assert_false(parse_alloc("SLUB: Unable to allocate memory on node -1", &ev));
	assert_false(parse_alloc("mydrv: SLUB: Unable to allocate memory on node 0, gfp=0x20", &ev));
	assert_true(parse_alloc("SLUB: Unable to allocate memory on CPU 3 (of node 0) on node -1, gfp=0x2dc0(GFP_KERNEL|__GFP_ZERO)", &ev));
	assert_true(ev.alloc_slab);
	assert_string_equal(ev.trigger.gfp_flags, "GFP_KERNEL|__GFP_ZERO");
	assert_string_equal(ev.trigger.comm, "");
	assert_false(oomt_line_parse_slab_cache(S("node 0: slabs: 1, objs: 2, free: 0"), &ev));

	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, "h", 1000000, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.ev[0]->kind, OOMT_KIND_OOM_KILL);
	assert_int_equal(e.ev[0]->victim.pid, 77);
	assert_false(e.ev[0]->alloc_slab);
	assert_int_equal(e.ev[1]->kind, OOMT_KIND_ALLOCATION_FAILURE);
	assert_true(e.ev[1]->alloc_slab);
	assert_string_equal(e.ev[1]->alloc_slab_cache, "kmalloc-64");
	assert_string_equal(e.ev[1]->trigger.gfp_mask, "0x14000c0");
	assert_string_equal(e.ev[1]->trigger.gfp_flags, "GFP_KERNEL");
	assert_int_equal(e.ev[1]->trigger.order, 0);   /* SLUB's min order */
	assert_string_equal(e.ev[1]->alloc.caller, "");
	assert_true(e.ev[1]->complete);
	assert_string_equal(e.ev[2]->alloc_slab_cache, "dentry");
	assert_string_equal(e.ev[2]->trigger.gfp_mask, "0x80d0");
	assert_int_equal(e.ev[2]->trigger.order, 1);
	evs_free(&e);
	oomt_parser_free(p);
}

/* The 4.10-4.14 warning in pieces (kmsg flag 'c'), another CPU's line between them. */
static void test_pieces(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;
	static const struct { const char *msg; bool cont; } rec[] = {
		{ "java: ", false },
		{ "e1000e: eth0 NIC Link is Up", false },
		{ "page allocation failure: order:3", true },
		{ ", mode:0x14040c0(GFP_KERNEL|__GFP_COMP), nodemask=", true },
		{ "(null)", true },
		{ "java cpuset=/ mems_allowed=0", false },
		{ "CPU: 3 PID: 2231 Comm: java Not tainted 4.14.17 #1", false },
	};

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	for (size_t i = 0; i < sizeof(rec) / sizeof(rec[0]); i++) {
		r = rec_msg(rec[i].msg);
		r.cont = rec[i].cont;
		feed_rec(p, &e, &r);
	}
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.ev[0]->trigger.comm, "java");
	assert_string_equal(e.ev[0]->trigger.gfp_flags, "GFP_KERNEL|__GFP_COMP");
	assert_string_equal(e.ev[0]->trigger.nodemask, "(null)");
	assert_int_equal(e.ev[0]->trigger.order, 3);
	assert_string_equal(e.ev[0]->trigger.cpuset, "/");
	assert_int_equal(e.ev[0]->trigger.pid, 2231);
	evs_free(&e);
	oomt_parser_free(p);
}

/* A failure's report has no end line: quiet lines end it (and release the prefilter). */
static void test_quiet_end(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r = rec_msg("a: page allocation failure: order:0, mode:0x20");
	feed_rec(p, &e, &r);
	assert_true(oomt_parser_busy(p));
	r = rec_msg("sshd[1]: Accepted publickey");
	for (int i = 0; i < 1000; i++)
		feed_rec(p, &e, &r);
	assert_false(oomt_parser_busy(p));
	assert_int_equal(e.n, 1);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	evs_free(&e);
	oomt_parser_free(p);
}

/* A rate-limit line of the boot before counts that boot's failures, not the next one's:
 * a reboot between them ends it (as it ends every report), and a journal read in halves cut
 * at the boot finds the same. */
static void test_suppressed_not_across_reboot(void **state)
{
	static const char *const lines[] = {
		"warn_alloc: 5 callbacks suppressed",
		"Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP",
		"swapper/0: page allocation failure: order:2, mode:0x40a20(GFP_ATOMIC|__GFP_COMP), "
		"nodemask=(null),cpuset=/,mems_allowed=0",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, "h", 1000000, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->kind, OOMT_KIND_ALLOCATION_FAILURE);
	assert_int_equal(e.ev[0]->alloc.suppressed_before, OOMT_UNKNOWN);
	evs_free(&e);
	oomt_parser_free(p);
}

static void test_prefilter_needles(void **state)
{
	static const char *const lines[] = {
		"swapper: page allocation failure. order:2, mode:0x20",
		"rsync: page allocation stalls for 10312ms, order:0, mode:0x24201ca",
		"c: vmalloc error: size 8192, failed to allocate pages, mode:0xcc0(GFP_KERNEL)",
		"j: vmalloc: allocation failure: 1 bytes, mode:0xcc0",
		"warn_alloc: 3 callbacks suppressed",
		"SLUB: Unable to allocate memory on node -1, gfp=0x14000c0(GFP_KERNEL)",
		"SLAB: Unable to allocate memory on node 0 (gfp=0x80d0)",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		bool hit = false;
		for (size_t k = 0; oomt_parser_prefilter[k]; k++)
			hit = hit || strstr(lines[i], oomt_parser_prefilter[k]);
		assert_true(hit);
	}
}

static void alloc_event(struct oomt_event *ev, const char *host, const char *comm, int64_t t,
                        int64_t suppressed)
{
	parse_alloc("x: page allocation failure: order:2, mode:0x40a20(GFP_ATOMIC|__GFP_COMP)", ev);
	strcpy(ev->host, host);
	strcpy(ev->trigger.comm, comm);
	ev->time_usec = t;
	ev->alloc.in_interrupt = true;
	strcpy(ev->alloc.caller, "tg3_alloc_rx_data");
	ev->alloc.suppressed_before = suppressed;
}

static void test_repeats(void **state)
{
	struct oomt_alloc_repeats *r;
	struct oomt_event a, b, c, d;
	const struct oomt_alloc_repeat *g;

	(void)state;
	alloc_event(&a, "h1", "swapper/2", 1000, OOMT_UNKNOWN);
	alloc_event(&b, "h1", "smbd", 2000, 37);            /* interrupt: same site */
	alloc_event(&c, "h2", "swapper/2", 3000, OOMT_UNKNOWN);
	alloc_event(&d, "h1", "swapper/2", 4000, 5);
	d.trigger.order = 3;                                /* another order: another site */
	assert_int_equal(oomt_alloc_repeats_new(&r), 0);
	assert_int_equal(oomt_alloc_repeats_add(r, &a), 0);
	assert_int_equal(oomt_alloc_repeats_add(r, &b), 0);
	assert_int_equal(oomt_alloc_repeats_add(r, &c), 0);
	assert_int_equal(oomt_alloc_repeats_add(r, &d), 0);
	assert_int_equal(oomt_alloc_repeats_count(r), 3);
	g = oomt_alloc_repeats_find(r, &b);
	assert_non_null(g);
	assert_int_equal(g->count, 2);
	assert_int_equal(g->suppressed, 37);
	assert_int_equal(g->first_time_usec, 1000);
	assert_int_equal(g->last_time_usec, 2000);
	assert_true(oomt_alloc_same_site(&a, &b));
	assert_false(oomt_alloc_same_site(&a, &c));
	assert_false(oomt_alloc_same_site(&a, &d));
	oomt_alloc_repeats_free(r);
}

static bool has_code(const struct oomt_findings *f, const char *code)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->f[i].code, code) == 0)
			return true;
	return false;
}

static void zone(struct oomt_event *ev, const char *name, int64_t free_kb, int64_t min_kb,
                 const int64_t *blocks, size_t n)
{
	struct oomt_zone *z = &ev->zones[ev->n_zones++];

	memset(z, 0, sizeof(*z));
	z->node = 0;
	strcpy(z->name, name);
	z->free_bytes = z->free_list_bytes = free_kb * 1024;
	z->min_bytes = min_kb * 1024;
	z->low_bytes = min_kb * 1024 * 5 / 4;
	z->high_bytes = min_kb * 1024 * 3 / 2;
	z->managed_bytes = 4LL << 30;
	z->block_bytes = 4096;
	z->n_orders = n;
	memcpy(z->free_blocks, blocks, n * sizeof(*blocks));
}

static void test_findings(void **state)
{
	static const int64_t frag[] = { 60000, 30000, 0, 0, 0 };
	static const int64_t whole[] = { 60000, 30000, 5000, 100, 10 };
	struct oomt_event ev, prev;
	const struct oomt_event *list[2] = { &prev, &ev };
	struct oomt_model m;
	struct oomt_findings f;

	(void)state;
	alloc_event(&prev, "h", "swapper/2", 1000, OOMT_UNKNOWN);
	alloc_event(&ev, "h", "smbd", 2000, 40);
	strcpy(ev.kernel, "5.15.0");
	ev.alloc.atomic = 1;
	strcpy(ev.alloc.module, "tg3");
	ev.has_meminfo = true;
	ev.meminfo.free_pages = 100000;
	zone(&ev, "Normal", 480000, 20000, frag, 5);
	oomt_model_init(&m);
	oomt_findings_compute(list, 2, 1, &m, &f);
	assert_true(has_code(&f, "alloc_fragmentation"));
	assert_true(has_code(&f, "alloc_atomic"));
	assert_true(has_code(&f, "alloc_repeated"));
	assert_false(has_code(&f, "alloc_high_order"));
	assert_false(has_code(&f, "global_oom"));
	/* blocks of the order there: not fragmentation */
	ev.n_zones = 0;
	zone(&ev, "Normal", 480000, 20000, whole, 5);
	oomt_findings_compute(list, 2, 1, &m, &f);
	assert_false(has_code(&f, "alloc_fragmentation"));
	/* at the watermarks: short, not fragmented */
	ev.n_zones = 0;
	zone(&ev, "Normal", 25000, 20000, frag, 5);
	oomt_findings_compute(list, 2, 1, &m, &f);
	assert_false(has_code(&f, "alloc_fragmentation"));
	assert_true(has_code(&f, "alloc_low_memory"));
	oomt_model_done(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms_of_every_era),
		cmocka_unit_test(test_atomic_by_era),
		cmocka_unit_test(test_zones_and_free_lists),
		cmocka_unit_test(test_suppressed_and_protection),
		cmocka_unit_test(test_machine),
		cmocka_unit_test(test_garbled_frames),
		cmocka_unit_test(test_slab_warning),
		cmocka_unit_test(test_suppressed_not_across_reboot),
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_quiet_end),
		cmocka_unit_test(test_prefilter_needles),
		cmocka_unit_test(test_repeats),
		cmocka_unit_test(test_findings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
