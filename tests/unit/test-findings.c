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

static struct oomt_task tasks_buf[3][16];

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
	/* 200000 pages = 781.25 MiB; +25% = 976.6 MiB -> 1024 MiB in 64 MiB steps */
	assert_int_equal(num(f, "suggested_limit_bytes"), GIB);
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

static void test_repeated(void **state)
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
		row(&ev[i], 10 + i, 1000, 0, "app");
		ev[i].victim.pid = 10 + i;
		ev[i].time_usec = 1000000LL * (i + 1);
		ev[i].victim.anon_rss_bytes = (100 + 50 * i) * MIB;
		ev[i].victim.file_rss_bytes = 0;
		ev[i].victim.shmem_rss_bytes = 0;
		strcpy(ev[i].task_memcg, "/system.slice/app.service");
	}
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev[2], &m), 0);
	oomt_findings_compute(list, 3, 2, &m, &fs);
	f = find(&fs, "repeated_kills");
	assert_non_null(f);
	assert_int_equal(f->severity, OOMT_SEV_CRITICAL);
	assert_int_equal(num(f, "kills"), 3);
	assert_int_equal(f->n_trend, 3);
	assert_int_equal(f->trend[0], 100 * MIB);
	assert_int_equal(f->trend[2], 200 * MIB);
	assert_int_equal(num(f, "suggested_limit_bytes"), 256 * MIB);
	/* Explaining the second one: two kills so far, a warning. */
	assert_int_equal(oomt_model_compute(&ev[1], &m), 0);
	oomt_findings_compute(list, 3, 1, &m, &fs);
	f = find(&fs, "repeated_kills");
	assert_non_null(f);
	assert_int_equal(f->severity, OOMT_SEV_WARNING);
	/* The same process twice (a retried kill) is one death. */
	ev[0].victim.pid = 11;
	oomt_findings_compute(list, 3, 1, &m, &fs);
	assert_null(find(&fs, "repeated_kills"));
	ev[0].victim.pid = 10;
	/* Another service: nothing. */
	strcpy(ev[0].task_memcg, "/other");
	oomt_findings_compute(list, 3, 1, &m, &fs);
	assert_null(find(&fs, "repeated_kills"));
	oomt_model_done(&m);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_no_swap_single),
		cmocka_unit_test(test_many_processes),
		cmocka_unit_test(test_memcg_limit),
		cmocka_unit_test(test_swap_exhausted),
		cmocka_unit_test(test_slab_shmem_hugepages),
		cmocka_unit_test(test_fragmentation),
		cmocka_unit_test(test_gfp),
		cmocka_unit_test(test_victim_high_adj),
		cmocka_unit_test(test_repeated),
		cmocka_unit_test(test_manual),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
