/* SPDX-License-Identifier: MIT */
/* Findings on hand-built incidents: each code fires on the numbers that prove it, and
 * stays quiet just below its threshold. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <oomtool/event.h>
#include "event/event-internal.h"
#include <oomtool/model.h>
#include "model/model-internal.h"

#define MIB (1024LL * 1024)
#define GIB (1024LL * MIB)

static struct oomt_task tasks_buf[3][64];

static void ev_new(struct oomt_event *ev, int slot)
{
	oomt_event_init(ev);
	ev->tasks = tasks_buf[slot];
	ev->has_tasks = true;
	strcpy(ev->kernel, "6.1.0");
	ev->page_size = 4096;
}

static void row(struct oomt_event *ev, int64_t pid, int64_t rss, int64_t adj, const char *name)
{
	struct oomt_task *t = &ev->tasks[ev->n_tasks++];

	oomt_task_init(t);
	t->pid = t->tgid = pid;
	t->uid = 1000;
	t->rss_pages = rss;
	t->swapents_pages = 0;
	t->pgtables_bytes = 4096;
	t->oom_score_adj = adj;
	strcpy(t->name, name);
}

/* 1 GiB machine, no swap. */
static void global(struct oomt_event *ev)
{
	ev->scope = OOMT_SCOPE_GLOBAL;
	strcpy(ev->constraint, "CONSTRAINT_NONE");
	ev->has_meminfo = true;
	ev->meminfo.ram_pages = 262144;
	ev->meminfo.total_swap_bytes = 0;
	ev->meminfo.free_swap_bytes = 0;
	ev->meminfo.free_pages = 2000;
	ev->meminfo.slab_unreclaimable_pages = 1000;
	ev->meminfo.shmem_pages = 100;
}

static const struct oomt_finding *find(const struct oomt_findings *fs, const char *code)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->f[i].code, code) == 0)
			return &fs->f[i];
	return NULL;
}

static int64_t num(const struct oomt_finding *f, const char *key)
{
	const struct oomt_kv *kv = oomt_finding_get(f, key);

	assert_non_null(kv);
	return kv->num;
}

static void run(const struct oomt_event *ev, struct oomt_findings *fs)
{
	const struct oomt_event *one[1] = { ev };
	struct oomt_model m;

	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(ev, &m), 0);
	oomt_findings_compute(one, 1, 0, &m, fs);
	oomt_model_done(&m);
}

static void test_global_no_swap_single(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	row(&ev, 10, 200000, 0, "java");
	row(&ev, 11, 5000, 0, "sshd");
	ev.victim.pid = 10;
	run(&ev, &fs);
	assert_non_null(find(&fs, "global_oom"));
	assert_null(find(&fs, "memcg_limit"));
	f = find(&fs, "no_swap");
	assert_non_null(f);
	assert_int_equal(f->severity, OOMT_SEV_WARNING);
	assert_int_equal(num(f, "swap_size_bytes"), GIB);        /* RAM up to 2 GiB */
	f = find(&fs, "single_process");
	assert_non_null(f);
	assert_int_equal(num(f, "pid"), 10);
	assert_int_equal(num(f, "share_permille"), 200000 * 1000 / 205000);
	/* 200000 pages = 781.25 MiB; +25% = 976.6 MiB -> 1024 MiB in 64 MiB steps: all of
	 * RAM, a limit that could never fire before the machine runs out. Capped to the RAM less
	 * sshd's 5000 pages and a tenth: 1024 - 19.5 - 102.4 = 902.1 MiB -> 896 MiB. */
	assert_int_equal(num(f, "ram_bytes"), GIB);
	assert_int_equal(num(f, "room_bytes"), 896 * MIB);
	assert_int_equal(num(f, "limit_capped"), 1);
	assert_int_equal(num(f, "suggested_limit_bytes"), 896 * MIB);
	/* 100000 pages (390.6 MiB, +25% -> 512 MiB) fit: not capped */
	ev.tasks[0].rss_pages = 100000;
	run(&ev, &fs);
	f = find(&fs, "single_process");
	assert_int_equal(num(f, "limit_capped"), 0);
	assert_int_equal(num(f, "suggested_limit_bytes"), 512 * MIB);
	/* the others hold more than RAM less a tenth: no limit can help */
	ev.tasks[1].rss_pages = 250000;
	ev.tasks[0].rss_pages = 400000;
	run(&ev, &fs);
	f = find(&fs, "single_process");
	assert_int_equal(num(f, "limit_capped"), 1);
	assert_null(oomt_finding_get(f, "suggested_limit_bytes"));
	ev.tasks[1].rss_pages = 5000;
	ev.tasks[0].rss_pages = 200000;
	run(&ev, &fs);
	assert_null(find(&fs, "many_processes"));
	assert_null(find(&fs, "unreclaimable_slab"));
	assert_null(find(&fs, "shmem"));
	assert_null(find(&fs, "fragmentation"));
	assert_null(find(&fs, "victim_high_adj"));
}

static void test_many_processes(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	for (int i = 0; i < 6; i++)
		row(&ev, 100 + i, 10000 + i, 0, "worker");
	ev.victim.pid = 105;
	run(&ev, &fs);
	f = find(&fs, "many_processes");
	assert_non_null(f);
	assert_int_equal(num(f, "tasks"), 6);
	assert_int_equal(num(f, "largest_pid"), 105);
	assert_null(find(&fs, "single_process"));
}

static void test_memcg_limit(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	ev.scope = OOMT_SCOPE_MEMCG;
	ev.has_memcg = true;
	strcpy(ev.oom_memcg, "/system.slice/app.service");
	ev.memcg.memory.limit_bytes = 100 * MIB;
	ev.memcg.memory.usage_bytes = 100 * MIB;
	ev.memcg.memory.failcnt = 42;
	ev.memcg.stat_shmem_bytes = 30 * MIB;                /* > 25% of usage */
	ev.memcg.stat_slab_unreclaimable_bytes = 24 * MIB;   /* < 25%: quiet */
	row(&ev, 10, 20000, 0, "app");
	ev.victim.pid = 10;
	run(&ev, &fs);
	f = find(&fs, "memcg_limit");
	assert_non_null(f);
	assert_string_equal(oomt_finding_get(f, "oom_memcg")->str, "/system.slice/app.service");
	assert_int_equal(num(f, "limit_bytes"), 100 * MIB);
	assert_int_equal(num(f, "failcnt"), 42);
	assert_int_equal(num(f, "suggested_limit_bytes"), 128 * MIB);  /* 125 MiB -> 128 */
	assert_null(find(&fs, "global_oom"));
	assert_non_null(find(&fs, "shmem"));
	assert_null(find(&fs, "unreclaimable_slab"));
	ev.memcg.stat_slab_unreclaimable_bytes = 25 * MIB;
	run(&ev, &fs);
	assert_non_null(find(&fs, "unreclaimable_slab"));
}

static void test_swap_exhausted(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	ev.meminfo.total_swap_bytes = 2 * GIB;
	ev.meminfo.free_swap_bytes = 40 * MIB;           /* < 2% of 2 GiB (40.96 MiB) */
	row(&ev, 10, 1000, 0, "x");
	ev.victim.pid = 10;
	run(&ev, &fs);
	f = find(&fs, "swap_exhausted");
	assert_non_null(f);
	assert_int_equal(num(f, "swap_size_bytes"), 4 * GIB);
	assert_null(find(&fs, "no_swap"));
	ev.meminfo.free_swap_bytes = 42 * MIB;
	run(&ev, &fs);
	assert_null(find(&fs, "swap_exhausted"));
}

static void test_slab_shmem_hugepages(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	ev.meminfo.slab_unreclaimable_pages = 26215;     /* 10% of 262144 pages */
	ev.meminfo.shmem_pages = 52429;                  /* 20% */
	ev.meminfo.hugepages_total = 64;
	ev.meminfo.hugepages_free = 64;
	ev.meminfo.hugepages_bytes = 64 * 2 * MIB;       /* 128 MiB free: 12.5% of RAM */
	row(&ev, 10, 1000, 0, "x");
	ev.victim.pid = 10;
	run(&ev, &fs);
	f = find(&fs, "unreclaimable_slab");
	assert_non_null(f);
	assert_int_equal(num(f, "slab_unreclaimable_bytes"), 26215LL * 4096);
	assert_non_null(find(&fs, "shmem"));
	f = find(&fs, "hugepages_unused");
	assert_non_null(f);
	assert_int_equal(num(f, "hugepages_free_bytes"), 128 * MIB);
	assert_int_equal(num(f, "nr_hugepages"), 0);

	ev.meminfo.slab_unreclaimable_pages = 26000;     /* just under 10% */
	ev.meminfo.unreclaimable_slab_bytes = 110 * MIB; /* but the slab dump sums to > 10% */
	ev.meminfo.hugepages_free = 10;                  /* 20 MiB: < 5% */
	run(&ev, &fs);
	assert_non_null(find(&fs, "unreclaimable_slab"));
	assert_null(find(&fs, "hugepages_unused"));
}

static void test_fragmentation(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	ev.trigger.order = 3;
	ev.meminfo.free_pages = 26214;                   /* 10% free */
	row(&ev, 10, 1000, 0, "x");
	ev.victim.pid = 10;
	run(&ev, &fs);
	f = find(&fs, "fragmentation");
	assert_non_null(f);
	assert_int_equal(num(f, "allocation_bytes"), 32768);
	ev.trigger.order = 0;
	run(&ev, &fs);
	assert_null(find(&fs, "fragmentation"));
	ev.trigger.order = 3;
	ev.meminfo.free_pages = 5000;                    /* < 2%: really short of memory */
	run(&ev, &fs);
	assert_null(find(&fs, "fragmentation"));
}

static const char *str(const struct oomt_finding *f, const char *key);

static void zone(struct oomt_event *ev, const char *name, int64_t free_kb, int64_t min_kb)
{
	struct oomt_zone *z = &ev->zones[ev->n_zones++];

	memset(z, 0, sizeof(*z));
	z->node = 0;
	strcpy(z->name, name);
	z->free_bytes = free_kb * 1024;
	z->min_bytes = min_kb * 1024;
	z->low_bytes = min_kb * 1024 * 5 / 4;
	z->high_bytes = min_kb * 1024 * 3 / 2;
	z->managed_bytes = z->block_bytes = z->free_list_bytes = OOMT_UNKNOWN;
}

/* Lowmem at its minimum while HighMem (32 bits) or Movable holds what the allocation may
 * not use: not a machine out of memory, and not fragmentation. */
static void test_zones_exhausted(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	strcpy(ev.trigger.gfp_mask, "0x25000c0");             /* GFP_KERNEL_ACCOUNT */
	ev.trigger.order = 0;
	ev.meminfo.free_pages = 81000;
	zone(&ev, "DMA", 3200, 64);
	zone(&ev, "Normal", 41056, 41100);
	zone(&ev, "HighMem", 284120, 512);
	row(&ev, 10, 1000, 0, "x");
	ev.victim.pid = 10;
	run(&ev, &fs);
	f = find(&fs, "zones_exhausted");
	assert_non_null(f);
	assert_string_equal(str(f, "unusable_zone"), "HighMem");
	assert_int_equal(num(f, "unusable_free_bytes"), 284120 * 1024LL);
	assert_null(find(&fs, "global_oom"));
	/* __GFP_HIGHMEM: HighMem was usable too, so the machine was out */
	strcpy(ev.trigger.gfp_mask, "0x201da");
	run(&ev, &fs);
	assert_null(find(&fs, "zones_exhausted"));
	/* an order-1 kernel allocation next to a free Movable zone is not fragmentation */
	ev.n_zones = 0;
	strcpy(ev.trigger.gfp_mask, "0x40cc0");
	ev.trigger.order = 1;
	ev.meminfo.free_pages = 350000;
	zone(&ev, "Normal", 12652, 14344);
	zone(&ev, "Movable", 1363000, 2000);
	run(&ev, &fs);
	assert_non_null(find(&fs, "zones_exhausted"));
	assert_null(find(&fs, "fragmentation"));
}

/* 512 MiB board, one Normal zone of 500000 kB managed: its present size is "pages RAM",
 * so the zone line is all of them, whatever "pages reserved" says. */
static void board(struct oomt_event *ev, const char *mask, int64_t free_kb)
{
	ev_new(ev, 0);
	global(ev);
	strcpy(ev->trigger.gfp_mask, mask);
	ev->trigger.order = 0;
	ev->meminfo.ram_pages = 131072;
	ev->meminfo.reserved_pages = 4294966000LL;       /* below zero, printed unsigned */
	ev->meminfo.present_bytes = 524288 * 1024LL;
	ev->meminfo.managed_bytes = 500000 * 1024LL;
	ev->meminfo.free_pages = free_kb / 4;
	ev->meminfo.free_cma_pages = 0;
	zone(ev, "Normal", free_kb, 2840);
	ev->zones[0].managed_bytes = ev->meminfo.managed_bytes;
	zone(ev, "HighMem", 0, 128);                     /* printed, but empty */
	ev->zones[1].managed_bytes = 0;
	row(ev, 10, 52000, 0, "camd");
	row(ev, 11, 300, 0, "journald");
	ev->victim.pid = 10;
}

/* The zones the allocation could use above their high watermarks: no global_oom, and no
 * swap or limit advice. */
static void test_free_above_watermarks(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	board(&ev, "0x100cca", 240000);                  /* GFP_HIGHUSER_MOVABLE */
	run(&ev, &fs);
	f = find(&fs, "free_above_watermarks");
	assert_non_null(f);
	assert_string_equal(str(f, "zone"), "Normal");
	assert_int_equal(num(f, "zone_free_bytes"), 240000 * 1024LL);
	assert_int_equal(num(f, "zones"), 1);
	assert_int_equal(num(f, "ram_bytes"), 500000 * 1024LL);
	assert_int_equal(num(f, "reserved_above_ram"), 1);
	assert_null(find(&fs, "global_oom"));
	assert_null(find(&fs, "no_swap"));
	f = find(&fs, "single_process");
	assert_non_null(f);
	assert_null(oomt_finding_get(f, "suggested_limit_bytes"));
	/* free CMA pages a movable allocation may take ... */
	ev.meminfo.free_cma_pages = 59000;
	run(&ev, &fs);
	assert_non_null(find(&fs, "free_above_watermarks"));
	/* ... and a GFP_KERNEL one may not: then it was short */
	strcpy(ev.trigger.gfp_mask, "0xcc0");
	run(&ev, &fs);
	assert_null(find(&fs, "free_above_watermarks"));
	assert_non_null(find(&fs, "global_oom"));
	/* at its high watermark (4260 kB), or just above it: a machine that ran low */
	board(&ev, "0xcc0", 4000);
	run(&ev, &fs);
	assert_null(find(&fs, "free_above_watermarks"));
	assert_non_null(find(&fs, "global_oom"));
	board(&ev, "0xcc0", 17000);
	run(&ev, &fs);
	assert_null(find(&fs, "free_above_watermarks"));
	board(&ev, "0xcc0", 17100);
	run(&ev, &fs);
	assert_non_null(find(&fs, "free_above_watermarks"));
	/* a second zone's line lost: the lines read are not all of them */
	board(&ev, "0xcc0", 240000);
	ev.meminfo.ram_pages = 262144;
	run(&ev, &fs);
	assert_null(find(&fs, "free_above_watermarks"));
	assert_non_null(find(&fs, "global_oom"));
	/* order 2 with 4 MiB blocks free: no fragmentation either */
	board(&ev, "0xcc0", 240000);
	ev.trigger.order = 2;
	ev.zones[0].block_bytes = 4096;
	ev.zones[0].n_orders = 11;
	ev.zones[0].free_blocks[10] = 58;
	run(&ev, &fs);
	assert_int_equal(num(find(&fs, "free_above_watermarks"), "order_block_free"), 1);
	assert_null(find(&fs, "fragmentation"));
	/* a board whose one zone is DMA */
	board(&ev, "0xcc0", 240000);
	strcpy(ev.zones[0].name, "DMA");
	ev.n_zones = 1;
	run(&ev, &fs);
	assert_non_null(find(&fs, "free_above_watermarks"));
	/* asked for by hand: sysrq says it, not this */
	ev.trigger.order = -1;
	run(&ev, &fs);
	assert_null(find(&fs, "free_above_watermarks"));
}

static void test_gfp(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	row(&ev, 10, 1000, 0, "x");
	ev.victim.pid = 10;
	strcpy(ev.trigger.gfp_flags, "GFP_NOFS|__GFP_NOFAIL");
	run(&ev, &fs);
	f = find(&fs, "atomic_context");
	assert_non_null(f);
	assert_string_equal(oomt_finding_get(f, "context")->str, "GFP_NOFS");
	strcpy(ev.trigger.gfp_flags, "GFP_HIGHUSER_MOVABLE|__GFP_COMP");
	run(&ev, &fs);
	assert_null(find(&fs, "atomic_context"));
	strcpy(ev.trigger.gfp_flags, "GFP_NOFSX");       /* not a whole token */
	run(&ev, &fs);
	assert_null(find(&fs, "atomic_context"));
	strcpy(ev.trigger.gfp_flags, "__GFP_HIGH|GFP_ATOMIC");
	run(&ev, &fs);
	assert_non_null(find(&fs, "atomic_context"));
}

/* The kernel's choice: a 40 MiB process with adj 800 dies while a 47 MiB one lives. */
static void test_victim_high_adj(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	row(&ev, 10, 10240, 800, "cache");
	row(&ev, 11, 12000, 0, "grower");
	ev.victim.pid = 10;
	run(&ev, &fs);
	f = find(&fs, "victim_high_adj");
	assert_non_null(f);
	assert_int_equal(num(f, "victim_oom_score_adj"), 800);
	assert_int_equal(num(f, "bigger_pid"), 11);
	/* T = 262144, unit 262: cache 10241 + 800*262 = 219841, grower 12001; tie goes to the
	 * later task, so cache must reach 12001: (219841 - 12001)/262 = 793.3 -> 794 -> adj 6. */
	assert_int_equal(num(f, "oom_score_adj"), 6);
	ev.tasks[0].oom_score_adj = 0;
	ev.victim.pid = 11;
	run(&ev, &fs);
	assert_null(find(&fs, "victim_high_adj"));
}

/* findings for events[idx] of list */
static void run_list(const struct oomt_event *const *list, size_t n, size_t idx,
                     struct oomt_findings *fs)
{
	struct oomt_model m;

	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(list[idx], &m), 0);
	oomt_findings_compute(list, n, idx, &m, fs);
	oomt_model_done(&m);
}

static const char *str(const struct oomt_finding *f, const char *key);

/* A service at its cgroup's limit, killed three times ten minutes apart, growing. */
static void test_repeated(void **state)
{
	struct oomt_event ev[3];
	const struct oomt_event *list[3] = { &ev[0], &ev[1], &ev[2] };
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	for (int i = 0; i < 3; i++) {
		ev_new(&ev[i], i);
		ev[i].scope = OOMT_SCOPE_MEMCG;
		strcpy(ev[i].constraint, "CONSTRAINT_MEMCG");
		ev[i].has_memcg = true;
		strcpy(ev[i].oom_memcg, "/system.slice/app.service");
		ev[i].memcg.memory.limit_bytes = 300 * MIB;
		ev[i].memcg.memory.usage_bytes = 300 * MIB;
		row(&ev[i], 10 + i, 1000, 0, "app");
		ev[i].victim.pid = 10 + i;
		ev[i].time_usec = 600 * 1000000LL * (i + 1);
		ev[i].victim.anon_rss_bytes = (100 + 50 * i) * MIB;
		ev[i].victim.file_rss_bytes = 0;
		ev[i].victim.shmem_rss_bytes = 0;
		strcpy(ev[i].task_memcg, "/system.slice/app.service");
	}
	run_list(list, 3, 2, &fs);
	f = find(&fs, "repeated_kills");
	assert_non_null(f);
	assert_int_equal(f->severity, OOMT_SEV_CRITICAL);
	assert_int_equal(num(f, "kills"), 3);
	assert_int_equal(num(f, "shortages"), 3);
	assert_string_equal(str(f, "pattern"), "growing");
	assert_int_equal(num(f, "at_limit"), 1);
	assert_int_equal(num(f, "limit_bytes"), 300 * MIB);
	assert_int_equal(f->n_trend, 3);
	assert_int_equal(f->trend[0], 100 * MIB);
	assert_int_equal(f->trend[2], 200 * MIB);
	/* room above the limit (300M + a quarter, in 64M steps), not below it */
	assert_int_equal(num(f, "suggested_limit_bytes"), 384 * MIB);
	/* Explaining the second one: two kills so far, a warning. */
	run_list(list, 3, 1, &fs);
	f = find(&fs, "repeated_kills");
	assert_non_null(f);
	assert_int_equal(f->severity, OOMT_SEV_WARNING);
	/* Within a tenth of each other: the same size each time. */
	ev[1].victim.anon_rss_bytes = 105 * MIB;
	run_list(list, 3, 1, &fs);
	assert_string_equal(str(find(&fs, "repeated_kills"), "pattern"), "same_size");
	/* Another service: nothing. */
	strcpy(ev[0].oom_memcg, "/other");
	run_list(list, 3, 1, &fs);
	assert_null(find(&fs, "repeated_kills"));
}

/* Two processes of one name killed in the same second: one shortage, not a leak or a
 * restart loop, and no room to give. */
static void test_repeated_burst(void **state)
{
	struct oomt_event ev[2];
	const struct oomt_event *list[2] = { &ev[0], &ev[1] };
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	for (int i = 0; i < 2; i++) {
		ev_new(&ev[i], i);
		ev[i].killer = OOMT_KILLER_EARLYOOM;
		ev[i].n_tasks = 0;
		ev[i].has_tasks = false;
		ev[i].victim.pid = 5000 + i;
		strcpy(ev[i].victim.comm, "editor");
		ev[i].victim.rss_bytes = (i ? 60 : 5) * MIB;
		ev[i].time_usec = 1700000000LL * 1000000 + i * 100000;
		strcpy(ev[i].outcome, "process exited after 0.1 seconds");
	}
	run_list(list, 2, 1, &fs);
	f = find(&fs, "repeated_kills");
	assert_non_null(f);
	assert_int_equal(f->severity, OOMT_SEV_INFO);
	assert_string_equal(str(f, "pattern"), "burst");
	assert_int_equal(num(f, "shortages"), 1);
	assert_int_equal(num(f, "at_limit"), 0);
	assert_null(oomt_finding_get(f, "suggested_limit_bytes"));
}

/* Two global kills of one program hours apart: no limit to give room in; 6.0G then 5.2G is
 * not the same size. */
static void test_repeated_global(void **state)
{
	struct oomt_event ev[2];
	const struct oomt_event *list[2] = { &ev[0], &ev[1] };
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	for (int i = 0; i < 2; i++) {
		ev_new(&ev[i], i);
		global(&ev[i]);
		ev[i].n_tasks = 0;
		ev[i].victim.pid = 30000 + i;
		strcpy(ev[i].victim.comm, "qemu-kvm");
		ev[i].victim.anon_rss_bytes = (i ? 5325 : 6144) * MIB;
		ev[i].victim.file_rss_bytes = 0;
		ev[i].victim.shmem_rss_bytes = 0;
		ev[i].time_usec = 1700000000LL * 1000000 + i * 3 * 3600 * 1000000LL;
	}
	run_list(list, 2, 1, &fs);
	f = find(&fs, "repeated_kills");
	assert_non_null(f);
	assert_int_equal(f->severity, OOMT_SEV_WARNING);
	assert_string_equal(str(f, "pattern"), "varying");
	assert_int_equal(num(f, "at_limit"), 0);
	assert_int_equal(num(f, "limit_bytes"), OOMT_UNKNOWN);
	assert_null(oomt_finding_get(f, "suggested_limit_bytes"));
}

/* What counts as a kill: every selection the kernel printed (up to 5.0 it killed a child of
 * the process it names, so one pid selected twice is two kills); a userspace killer's second
 * signal to one process is one kill, and an attempt that did not end it none. */
static void test_repeated_kills_counted(void **state)
{
	struct oomt_event ev[3];
	const struct oomt_event *list[3] = { &ev[0], &ev[1], &ev[2] };
	struct oomt_findings fs;

	(void)state;
	for (int i = 0; i < 3; i++) {
		ev_new(&ev[i], i);
		global(&ev[i]);
		ev[i].n_tasks = 0;
		ev[i].victim.pid = 1627;
		ev[i].victim.selected_pid = 1627;
		strcpy(ev[i].victim.comm, "smbd");
		strcpy(ev[i].victim.selected_comm, "smbd");
		ev[i].time_usec = 1700000000LL * 1000000 + i * 1000000LL;
		ev[i].missing |= OOMT_PART_KILL;     /* selection lines: each killed a child */
	}
	run_list(list, 3, 2, &fs);
	assert_int_equal(num(find(&fs, "repeated_kills"), "kills"), 3);
	/* kill lines of one pid a second apart: one process whose kill was retried */
	for (int i = 0; i < 3; i++)
		ev[i].missing &= ~OOMT_PART_KILL;
	run_list(list, 3, 2, &fs);
	assert_null(find(&fs, "repeated_kills"));
	ev[1].victim.pid = 1650;                           /* two processes, one retried */
	run_list(list, 3, 2, &fs);
	assert_int_equal(num(find(&fs, "repeated_kills"), "kills"), 2);
	ev[2].time_usec += 120 * 1000000LL;                /* minutes later: a pid reused */
	run_list(list, 3, 2, &fs);
	assert_int_equal(num(find(&fs, "repeated_kills"), "kills"), 3);
	ev[1].victim.pid = 1627;
	ev[2].time_usec -= 120 * 1000000LL;
	for (int i = 0; i < 3; i++) {
		ev[i].killer = OOMT_KILLER_EARLYOOM;
		ev[i].has_meminfo = false;
	}
	run_list(list, 3, 2, &fs);
	assert_null(find(&fs, "repeated_kills"));          /* one process, signalled thrice */
	ev[2].victim.pid = 1700;
	run_list(list, 3, 2, &fs);
	assert_int_equal(num(find(&fs, "repeated_kills"), "kills"), 2);
	strcpy(ev[0].outcome, "process 1627 did not exit");
	strcpy(ev[1].outcome, "kill failed: Timer expired");
	run_list(list, 3, 2, &fs);
	assert_null(find(&fs, "repeated_kills"));          /* two attempts, one kill */
}

/* One death seen by two killers: the kernel's kill and earlyoom's SIGTERM of the same pid
 * in the same second, in either order and with a burst of other kills between them, count
 * once; a kill of that pid an hour later is another process. */
#define BURST_OTHERS 100
static struct oomt_event two_killers[BURST_OTHERS + 3];

static void test_repeated_two_killers_one_death(void **state)
{
	struct oomt_event *ev = two_killers;
	const struct oomt_event *list[BURST_OTHERS + 3];
	const size_t n = BURST_OTHERS + 3, last = n - 1;
	const int64_t t0 = 1700000000LL * 1000000;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		ev_new(&ev[i], 0);
		ev[i].n_tasks = 0;
		ev[i].has_tasks = false;
		list[i] = &ev[i];
	}
	/* an hour before: rustc 4000, by the kernel */
	global(&ev[0]);
	ev[0].victim.pid = 4000;
	strcpy(ev[0].victim.comm, "rustc");
	ev[0].time_usec = t0 - 3600 * 1000000LL;
	/* the kernel kills rustc 4100, then a burst of other processes in the same second */
	global(&ev[1]);
	ev[1].victim.pid = 4100;
	strcpy(ev[1].victim.comm, "rustc");
	ev[1].time_usec = t0;
	for (size_t i = 2; i < last; i++) {
		global(&ev[i]);
		ev[i].victim.pid = 9000 + (int64_t)i;
		strcpy(ev[i].victim.comm, "worker");
		ev[i].time_usec = t0 + (int64_t)i * 1000;
	}
	/* earlyoom had picked 4100 too: its SIGTERM is logged with the second it was sent */
	ev[last].killer = OOMT_KILLER_EARLYOOM;
	ev[last].victim.pid = 4100;
	strcpy(ev[last].victim.comm, "rustc");
	ev[last].time_usec = t0 + 400000;
	strcpy(ev[last].outcome, "process exited after 0.2 seconds");
	run_list(list, n, last, &fs);
	f = find(&fs, "repeated_kills");
	assert_non_null(f);
	assert_int_equal(num(f, "kills"), 2);
	assert_int_equal(num(f, "processes"), 2);
	/* explaining the kernel's kill: the same two */
	run_list(list, n, 1, &fs);
	assert_int_equal(num(find(&fs, "repeated_kills"), "kills"), 2);
	/* the other order: earlyoom's SIGTERM first, the kernel's kill after the burst */
	ev[1].killer = OOMT_KILLER_EARLYOOM;
	strcpy(ev[1].outcome, "process exited after 0.5 seconds");
	ev[1].has_meminfo = false;
	ev[last].killer = OOMT_KILLER_KERNEL;
	ev[last].outcome[0] = '\0';
	global(&ev[last]);
	run_list(list, n, last, &fs);
	assert_int_equal(num(find(&fs, "repeated_kills"), "kills"), 2);
	/* the kernel's kill an hour after the SIGTERM: that pid again, another process */
	ev[last].time_usec = t0 + 3600 * 1000000LL;
	run_list(list, n, last, &fs);
	assert_int_equal(num(find(&fs, "repeated_kills"), "kills"), 3);
}

static const char *str(const struct oomt_finding *f, const char *key)
{
	const struct oomt_kv *kv = oomt_finding_get(f, key);

	assert_non_null(kv);
	return kv->str;
}

/* 1 GiB machine (262144 pages): 20 php-fpm workers, 19 of 2000 pages and one of 9000, and
 * two other tasks of 4000 pages. One kill; the pool holds 47000 of 55000 pages (85%). */
static void pool_event(struct oomt_event *ev, int slot, int64_t victim)
{
	ev_new(ev, slot);
	global(ev);
	row(ev, 10, 4000, 0, "memcached");
	for (int i = 0; i < 20; i++)
		row(ev, 100 + i, i == 7 ? 9000 : 2000, 0, "php-fpm");
	row(ev, 11, 4000, 0, "redis-server");
	ev->victim.pid = victim;
	strcpy(ev->victim.comm, "php-fpm");
}

static void test_pool(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	pool_event(&ev, 0, 107);
	run(&ev, &fs);
	f = find(&fs, "worker_pool");
	assert_non_null(f);
	assert_int_equal(f->severity, OOMT_SEV_WARNING);
	assert_string_equal(str(f, "name"), "php-fpm");
	assert_null(str(f, "memcg"));
	assert_int_equal(num(f, "workers"), 20);
	assert_int_equal(num(f, "pool_bytes"), 47000LL * 4096);
	assert_int_equal(num(f, "worker_avg_bytes"), 2350LL * 4096);
	assert_int_equal(num(f, "worker_max_bytes"), 9000LL * 4096);
	assert_int_equal(num(f, "other_bytes"), 8000LL * 4096);
	assert_int_equal(num(f, "kills"), 1);
	/* 20 workers: two may be above the size the pool is sized by, so one 9000-page
	 * outlier does not size the rest: 2000 pages. */
	assert_int_equal(num(f, "worker_size_bytes"), 2000LL * 4096);
	/* nine tenths of 1 GiB (1073741824 / 10 * 9 = 966367638 bytes), less 8000 pages of
	 * others, in workers of 2000 pages: (966367638 - 32768000) / 8192000 = 113.96 */
	assert_int_equal(num(f, "budget_bytes"), 1073741824LL / 10 * 9);
	assert_int_equal(num(f, "max_workers"), 113);
	/* 933599638 bytes in 64 MiB steps: 13 */
	assert_int_equal(num(f, "unit_limit_bytes"), 13 * 64 * MIB);
	assert_non_null(find(&fs, "many_processes"));

	/* The outlier at 70% of all: single_process, but no limit of its size for a worker. */
	ev.tasks[8].rss_pages = 150000;
	run(&ev, &fs);
	f = find(&fs, "single_process");
	assert_non_null(f);
	assert_null(oomt_finding_get(f, "suggested_limit_bytes"));
	assert_non_null(find(&fs, "worker_pool"));
	/* Others fill all but 1929 pages of the budget (235929 pages): the pool (half of the
	 * memory) is found, but not one worker of 12000 pages fits. */
	for (int i = 1; i <= 20; i++)
		ev.tasks[i].rss_pages = 12000;
	ev.tasks[0].rss_pages = 230000;
	run(&ev, &fs);
	f = find(&fs, "worker_pool");
	assert_non_null(f);
	assert_null(oomt_finding_get(f, "max_workers"));
	assert_null(oomt_finding_get(f, "unit_limit_bytes"));
	assert_non_null(oomt_finding_get(f, "budget_bytes"));
}

/* Not a pool: three processes of one name, one kill (a host with a few JVMs); four rows
 * that hold little; or a big task of another name killed. */
static void test_pool_not(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	row(&ev, 10, 90000, 0, "java");
	row(&ev, 11, 80000, 0, "java");
	row(&ev, 12, 30000, 0, "java");
	row(&ev, 13, 70000, 0, "vim");
	ev.victim.pid = 10;
	strcpy(ev.victim.comm, "java");
	run(&ev, &fs);
	assert_null(find(&fs, "worker_pool"));
	assert_non_null(find(&fs, "single_process") ? find(&fs, "single_process")
	                                            : find(&fs, "global_oom"));

	ev_new(&ev, 0);
	global(&ev);
	for (int i = 0; i < 6; i++)
		row(&ev, 100 + i, 100, 0, "zabbix_agentd");
	row(&ev, 10, 90000, 0, "java");
	ev.victim.pid = 100;                 /* five rows of 100 pages: < 30% of the memory */
	strcpy(ev.victim.comm, "zabbix_agentd");
	run(&ev, &fs);
	assert_null(find(&fs, "worker_pool"));
	ev.victim.pid = 10;
	strcpy(ev.victim.comm, "java");
	run(&ev, &fs);
	assert_null(find(&fs, "worker_pool"));
}

/* Kills of one name: with tables, the second kill makes a pool of five rows, and the
 * repeated kills give no limit of one worker's size; without tables, three kills within ten
 * minutes are a pool whose size is unknown, three over an hour are not. */
static void test_pool_repeated(void **state)
{
	struct oomt_event ev[3];
	const struct oomt_event *list[3] = { &ev[0], &ev[1], &ev[2] };
	struct oomt_findings fs;
	struct oomt_model m;
	const struct oomt_finding *f;

	(void)state;
	for (int i = 0; i < 3; i++) {
		ev_new(&ev[i], i);
		global(&ev[i]);
		for (int k = 0; k < 5; k++)
			row(&ev[i], 100 + 10 * i + k, 1000 + k, 0, "gunicorn");
		row(&ev[i], 10, 100000, 0, "postgres");  /* the pool holds under 30% */
		ev[i].victim.pid = 100 + 10 * i + 4;
		strcpy(ev[i].victim.comm, "gunicorn");
		ev[i].time_usec = 1000000LL * 60 * (i + 1);
		ev[i].victim.anon_rss_bytes = 1004 * 4096;
		ev[i].victim.file_rss_bytes = 0;
		ev[i].victim.shmem_rss_bytes = 0;
	}
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev[0], &m), 0);
	oomt_findings_compute(list, 3, 0, &m, &fs);
	assert_null(find(&fs, "worker_pool"));       /* one kill, a small pool */
	assert_int_equal(oomt_model_compute(&ev[1], &m), 0);
	oomt_findings_compute(list, 3, 1, &m, &fs);
	f = find(&fs, "worker_pool");
	assert_non_null(f);
	assert_int_equal(num(f, "kills"), 2);
	f = find(&fs, "repeated_kills");
	assert_non_null(f);
	assert_null(oomt_finding_get(f, "suggested_limit_bytes"));

	/* Three rows (postgres cut off): a pool from the third kill on. */
	for (int i = 0; i < 3; i++)
		ev[i].n_tasks = 3;
	oomt_findings_compute(list, 3, 1, &m, &fs);
	assert_null(find(&fs, "worker_pool"));
	/* kills of no pool, but in a shortage of the whole machine: no limit to give room in */
	assert_non_null(find(&fs, "repeated_kills"));
	assert_null(oomt_finding_get(find(&fs, "repeated_kills"), "suggested_limit_bytes"));
	assert_int_equal(oomt_model_compute(&ev[2], &m), 0);
	oomt_findings_compute(list, 3, 2, &m, &fs);
	assert_non_null(find(&fs, "worker_pool"));

	/* No tables (rate-limited headers): three kills in three minutes. */
	for (int i = 0; i < 3; i++)
		ev[i].n_tasks = 0;
	assert_int_equal(oomt_model_compute(&ev[2], &m), 0);
	oomt_findings_compute(list, 3, 2, &m, &fs);
	f = find(&fs, "worker_pool");
	assert_non_null(f);
	assert_int_equal(num(f, "kills"), 3);
	assert_int_equal(num(f, "workers"), OOMT_UNKNOWN);
	assert_null(oomt_finding_get(f, "max_workers"));
	/* ... but spread over an hour, or a retried kill of one process: no pool. */
	ev[0].time_usec = 0;
	ev[2].time_usec = 1000000LL * 3600;
	oomt_findings_compute(list, 3, 2, &m, &fs);
	assert_null(find(&fs, "worker_pool"));
	ev[2].time_usec = 1000000LL * 180;
	ev[1].victim.pid = ev[0].victim.pid;
	for (int i = 0; i < 3; i++)           /* a userspace killer's second signal */
		ev[i].killer = OOMT_KILLER_EARLYOOM;
	oomt_findings_compute(list, 3, 2, &m, &fs);
	assert_null(find(&fs, "worker_pool"));
	for (int i = 0; i < 3; i++)           /* the kernel's selections: each killed one */
		ev[i].killer = OOMT_KILLER_KERNEL;
	oomt_findings_compute(list, 3, 2, &m, &fs);
	assert_non_null(find(&fs, "worker_pool"));
	oomt_model_done(&m);
}

/* Without tables, the kills that count are the ones in the ten minutes before this one: an
 * old kill of that name does not hide a burst. */
static void test_pool_burst_after_old_kill(void **state)
{
	struct oomt_event ev[4];
	const struct oomt_event *list[4] = { &ev[0], &ev[1], &ev[2], &ev[3] };
	const int64_t at_sec[4] = { 0, 86400, 86430, 86460 };
	struct oomt_findings fs;
	struct oomt_model m;
	const struct oomt_finding *f;

	(void)state;
	for (int i = 0; i < 4; i++) {
		ev_new(&ev[i], 0);
		global(&ev[i]);
		ev[i].victim.pid = 500 + i;
		strcpy(ev[i].victim.comm, "uwsgi");
		ev[i].time_usec = 1000000LL * at_sec[i];
	}
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev[3], &m), 0);
	oomt_findings_compute(list, 4, 3, &m, &fs);
	f = find(&fs, "worker_pool");
	assert_non_null(f);
	assert_int_equal(num(f, "kills"), 4);
	oomt_findings_compute(list, 4, 2, &m, &fs);     /* two in the window so far */
	assert_null(find(&fs, "worker_pool"));
	/* no wall clock: the uptime of one boot does as well */
	for (int i = 0; i < 4; i++) {
		ev[i].time_usec = OOMT_UNKNOWN;
		ev[i].uptime_usec = 1000000LL * at_sec[i];
		strcpy(ev[i].boot_id, "b1");
	}
	oomt_findings_compute(list, 4, 3, &m, &fs);
	assert_non_null(find(&fs, "worker_pool"));
	strcpy(ev[1].boot_id, "b0");                     /* another boot's uptime: unknown */
	oomt_findings_compute(list, 4, 3, &m, &fs);
	assert_null(find(&fs, "worker_pool"));
	oomt_model_done(&m);
}

/* A pool in a memory cgroup: its budget is the limit less what was charged besides the
 * listed tasks (here 200 MiB of page cache and kernel memory). */
static void test_pool_memcg(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	ev.scope = OOMT_SCOPE_MEMCG;
	ev.has_memcg = true;
	strcpy(ev.oom_memcg, "/system.slice/php-fpm.service");
	ev.memcg.memory.limit_bytes = 1024 * MIB;
	ev.memcg.memory.usage_bytes = 1024 * MIB;
	for (int i = 0; i < 8; i++)
		row(&ev, 100 + i, 25600, 0, "php-fpm");   /* 100 MiB each: 800 MiB */
	row(&ev, 99, 6144, 0, "php-fpm-exporter");     /* 24 MiB */
	ev.victim.pid = 103;
	run(&ev, &fs);
	f = find(&fs, "worker_pool");
	assert_non_null(f);
	assert_string_equal(str(f, "memcg"), "/system.slice/php-fpm.service");
	/* 1024 - (1024 - 824) = 824 MiB for the tasks; less 24 MiB: 8 workers of 100 MiB */
	assert_int_equal(num(f, "budget_bytes"), 824 * MIB);
	assert_int_equal(num(f, "max_workers"), 8);
	assert_null(oomt_finding_get(f, "unit_limit_bytes"));   /* memcg_limit's job */
	assert_non_null(find(&fs, "memcg_limit"));
	/* usage below what the rows add up to (shared pages counted in each): 9/10 of it */
	ev.memcg.memory.usage_bytes = 700 * MIB;
	run(&ev, &fs);
	f = find(&fs, "worker_pool");
	assert_int_equal(num(f, "budget_bytes"), 1024 * MIB / 10 * 9);
	/* 6.8+ tables: a worker costs its private pages */
	for (int i = 0; i < 8; i++)
		ev.tasks[i].rss_anon_pages = 12800;
	run(&ev, &fs);
	f = find(&fs, "worker_pool");
	assert_int_equal(num(f, "pool_bytes"), 400 * MIB);
	assert_int_equal(num(f, "worker_size_bytes"), 50 * MIB);
}

/* cpuset and mempolicy OOMs: the allowed nodes were full, not the machine. */
static void test_constrained_nodes(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	ev.scope = OOMT_SCOPE_CPUSET;
	strcpy(ev.constraint, "CONSTRAINT_CPUSET");
	strcpy(ev.trigger.nodemask, "(null)");
	strcpy(ev.trigger.cpuset, "batch");
	strcpy(ev.trigger.mems_allowed, "1");
	row(&ev, 10, 1000, 0, "x");
	ev.victim.pid = 10;
	run(&ev, &fs);
	assert_null(find(&fs, "global_oom"));
	f = find(&fs, "constrained_nodes");
	assert_non_null(f);
	assert_string_equal(str(f, "constraint"), "cpuset");
	assert_null(str(f, "nodemask"));
	assert_string_equal(str(f, "cpuset"), "batch");
	assert_string_equal(str(f, "mems_allowed"), "1");
	assert_int_equal(num(f, "free_bytes"), 2000LL * 4096);
	ev.scope = OOMT_SCOPE_MEMPOLICY;
	strcpy(ev.trigger.nodemask, "0-1");
	run(&ev, &fs);
	f = find(&fs, "constrained_nodes");
	assert_string_equal(str(f, "constraint"), "mempolicy");
	assert_string_equal(str(f, "nodemask"), "0-1");
}

static void test_manual(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	row(&ev, 10, 1000, 0, "x");
	ev.victim.pid = 10;
	ev.trigger.order = -1;
	ev.sysrq = true;
	ev.allocating_task = true;
	run(&ev, &fs);
	assert_non_null(find(&fs, "sysrq"));
	assert_non_null(find(&fs, "oom_kill_allocating_task"));
	assert_null(find(&fs, "fragmentation"));
	assert_string_equal(oomt_severity_name(OOMT_SEV_CRITICAL), "critical");
}

/* vm.oom_kill_allocating_task without the header: the selection line ("Out of memory
 * (oom_kill_allocating_task): Kill process 20 (y)") names the allocating task. */
static void test_allocating_trigger_from_selection(void **state)
{
	struct oomt_event ev;
	struct oomt_findings fs;
	const struct oomt_finding *f;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	row(&ev, 10, 1000, 0, "x");
	row(&ev, 20, 10, 0, "y");
	ev.victim.pid = 10;
	ev.victim.selected_pid = 20;
	strcpy(ev.victim.selected_comm, "y");
	ev.allocating_task = true;
	run(&ev, &fs);
	f = find(&fs, "oom_kill_allocating_task");
	assert_non_null(f);
	assert_string_equal(str(f, "trigger"), "y");
	assert_int_equal(num(f, "trigger_pid"), 20);
	/* the header's trigger wins when it is there */
	strcpy(ev.trigger.comm, "z");
	ev.trigger.pid = 30;
	run(&ev, &fs);
	f = find(&fs, "oom_kill_allocating_task");
	assert_string_equal(str(f, "trigger"), "z");
	assert_int_equal(num(f, "trigger_pid"), 30);
}

/* A page fault's OOM (gfp_mask=0x0): pagefault_oom always; with a quarter of RAM free or in
 * clean page cache it replaces global_oom, and nothing is sized (no swap, no limit). */
static void test_pagefault(void **state)
{
	struct oomt_event ev, slab;
	const struct oomt_event *list[2] = { &slab, &ev };
	struct oomt_findings fs;
	const struct oomt_finding *f;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, 0);
	global(&ev);
	row(&ev, 10, 150000, 0, "java");
	row(&ev, 11, 300, 0, "bash");
	ev.victim.pid = 10;
	strcpy(ev.trigger.comm, "bash");
	ev.trigger.pid = 11;
	strcpy(ev.trigger.gfp_mask, "0x0");
	ev.trigger.order = 0;
	ev.meminfo.active_anon_pages = 150000;
	ev.meminfo.active_file_pages = 30000;
	ev.meminfo.inactive_file_pages = 33636;
	ev.meminfo.dirty_pages = 100;
	run(&ev, &fs);   /* 2000 free + 63536 clean = 65536: a quarter of 262144 */
	f = find(&fs, "pagefault_oom");
	assert_non_null(f);
	assert_int_equal(f->severity, OOMT_SEV_CRITICAL);
	assert_int_equal(num(f, "machine_short"), 0);
	assert_int_equal(num(f, "room_bytes"), 65536LL * 4096);
	assert_int_equal(num(f, "ram_bytes"), 262144LL * 4096);
	assert_int_equal(num(f, "counted_bytes"), OOMT_UNKNOWN);
	assert_null(find(&fs, "global_oom"));
	assert_null(find(&fs, "no_swap"));
	f = find(&fs, "single_process");
	assert_non_null(f);
	assert_null(oomt_finding_get(f, "suggested_limit_bytes"));
	/* a page less: short, and global_oom says so */
	ev.meminfo.dirty_pages = 101;
	run(&ev, &fs);
	f = find(&fs, "pagefault_oom");
	assert_int_equal(f->severity, OOMT_SEV_WARNING);
	assert_int_equal(num(f, "machine_short"), 1);
	assert_non_null(find(&fs, "global_oom"));
	assert_non_null(find(&fs, "no_swap"));
	/* no RAM size: the pages Mem-Info counts are the whole */
	ev.meminfo.ram_pages = OOMT_UNKNOWN;
	ev.meminfo.dirty_pages = 0;
	run(&ev, &fs);
	f = find(&fs, "pagefault_oom");
	assert_int_equal(num(f, "counted_bytes"), (150000LL + 63636 + 1000 + 2000) * 4096);
	assert_int_equal(num(f, "machine_short"), 0);
	/* no Mem-Info: the fault is said, the machine's state is not known */
	ev.has_meminfo = false;
	run(&ev, &fs);
	f = find(&fs, "pagefault_oom");
	assert_int_equal(f->severity, OOMT_SEV_CRITICAL);
	assert_int_equal(num(f, "machine_short"), OOMT_UNKNOWN);
	/* SLUB's failure just before names the cache; 6 s before is another story */
	ev.has_meminfo = true;
	ev.meminfo.ram_pages = 262144;
	ev.uptime_usec = 10000000;
	oomt_event_init(&slab);
	slab.kind = OOMT_KIND_ALLOCATION_FAILURE;
	slab.alloc_slab = true;
	strcpy(slab.alloc_slab_cache, "task_struct(4187:docker-5e0c.scope)");
	slab.uptime_usec = 9999000;
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	oomt_findings_compute(list, 2, 1, &m, &fs);
	f = find(&fs, "pagefault_oom");
	assert_string_equal(str(f, "slab_cache"), "task_struct(4187:docker-5e0c.scope)");
	assert_int_equal(num(f, "slab_cache_memcg"), 1);
	slab.uptime_usec = 4000000;
	oomt_findings_compute(list, 2, 1, &m, &fs);
	assert_null(str(find(&fs, "pagefault_oom"), "slab_cache"));
	oomt_model_done(&m);
	/* an allocation's mask, a memcg's OOM or SysRq-f: no page fault */
	strcpy(ev.trigger.gfp_mask, "0xcc0");
	run(&ev, &fs);
	assert_null(find(&fs, "pagefault_oom"));
	strcpy(ev.trigger.gfp_mask, "0x0");
	ev.scope = OOMT_SCOPE_MEMCG;
	run(&ev, &fs);
	assert_null(find(&fs, "pagefault_oom"));
	ev.scope = OOMT_SCOPE_GLOBAL;
	ev.trigger.order = -1;
	run(&ev, &fs);
	assert_null(find(&fs, "pagefault_oom"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_no_swap_single),
		cmocka_unit_test(test_allocating_trigger_from_selection),
		cmocka_unit_test(test_many_processes),
		cmocka_unit_test(test_memcg_limit),
		cmocka_unit_test(test_swap_exhausted),
		cmocka_unit_test(test_slab_shmem_hugepages),
		cmocka_unit_test(test_fragmentation),
		cmocka_unit_test(test_zones_exhausted),
		cmocka_unit_test(test_gfp),
		cmocka_unit_test(test_victim_high_adj),
		cmocka_unit_test(test_repeated),
		cmocka_unit_test(test_repeated_burst),
		cmocka_unit_test(test_repeated_global),
		cmocka_unit_test(test_repeated_kills_counted),
		cmocka_unit_test(test_repeated_two_killers_one_death),
		cmocka_unit_test(test_manual),
		cmocka_unit_test(test_pool),
		cmocka_unit_test(test_pool_not),
		cmocka_unit_test(test_pool_repeated),
		cmocka_unit_test(test_pool_burst_after_old_kill),
		cmocka_unit_test(test_pool_memcg),
		cmocka_unit_test(test_constrained_nodes),
		cmocka_unit_test(test_free_above_watermarks),
		cmocka_unit_test(test_pagefault),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
