/* SPDX-License-Identifier: MIT */
/* The badness model against tables computed by hand from the kernel formula of each era
 * (docs/kernel-oom-report.md §4). Every expected number below is worked out in its
 * comment. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <oomtool/event.h>
#include "event/event-internal.h"
#include <oomtool/model.h>
#include "model/model-internal.h"

#define MIB (1024LL * 1024)

/* A row: pid, uid, rss pages, swapents (-1 = column absent), pgtables bytes (-1 absent),
 * oom_score_adj (INT64_MIN absent). */
static void row(struct oomt_event *ev, int64_t pid, int64_t uid, int64_t rss, int64_t swap,
                int64_t pgt, int64_t adj, const char *name)
{
	struct oomt_task *t = &ev->tasks[ev->n_tasks++];

	oomt_task_init(t);
	t->pid = t->tgid = pid;
	t->uid = uid;
	t->rss_pages = rss;
	t->total_vm_pages = rss * 3;
	if (swap >= 0)
		t->swapents_pages = swap;
	if (pgt >= 0)
		t->pgtables_bytes = pgt;
	t->oom_score_adj = adj;
	strcpy(t->name, name);
}

static struct oomt_task tasks_buf[16];

static void ev_new(struct oomt_event *ev, const char *kernel)
{
	oomt_event_init(ev);
	ev->tasks = tasks_buf;
	ev->n_tasks = 0;
	ev->has_tasks = true;
	strcpy(ev->kernel, kernel);
	ev->page_size = 4096;
}

static void global(struct oomt_event *ev, int64_t ram_pages, int64_t swap_bytes)
{
	ev->scope = OOMT_SCOPE_GLOBAL;
	ev->has_meminfo = true;
	ev->meminfo.ram_pages = ram_pages;
	ev->meminfo.total_swap_bytes = swap_bytes;
	ev->meminfo.free_swap_bytes = swap_bytes;
}

static void memcg(struct oomt_event *ev, int64_t limit_bytes)
{
	ev->scope = OOMT_SCOPE_MEMCG;
	ev->has_memcg = true;
	strcpy(ev->constraint, "CONSTRAINT_MEMCG");
	strcpy(ev->oom_memcg, "/test");
	ev->memcg.memory.limit_bytes = limit_bytes;
	ev->memcg.memory.usage_bytes = limit_bytes;
	ev->memcg.memsw.usage_bytes = limit_bytes;   /* v1, memsw unlimited */
}

static void kill(struct oomt_event *ev, int64_t pid)
{
	ev->victim.pid = pid;
}

/* 6.18, v1 memcg at 100 MiB, memsw unlimited, host swap unknown: T = 25600, unit 25.
 * A: 10240 + 16 + 800*25 = 30256.  B: 12000 + 20 = 12020.  A wins, margin 18236.
 * Flip: ties go to the later task (B after A), so A must drop to 12020: 18236/25 = 729.44,
 * 730 steps -> adj 70 (A = 10256 + 1750 = 12006; at 71 it would be 12031). */
static void test_signed_memcg_adj(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "6.18.44-fc-v657");
	memcg(&ev, 100 * MIB);
	row(&ev, 100, 0, 10240, 0, 65536, 800, "holder");
	row(&ev, 101, 0, 12000, 0, 81920, 0, "grower");
	kill(&ev, 100);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.era, OOMT_ERA_SIGNED);
	assert_int_equal(m.totalpages, 25600);
	assert_true(m.assume & OOMT_ASSUME_NO_SWAP);
	assert_int_equal(m.ranks[0].pid, 100);
	assert_int_equal(m.ranks[0].points, 30256);
	assert_int_equal(m.ranks[0].adj_points, 20000);
	assert_int_equal(m.ranks[0].pgtables_pages, 16);
	assert_int_equal(m.ranks[0].share_permille, 30256 * 1000 / 25600);
	assert_int_equal(m.ranks[1].points, 12020);
	assert_int_equal(m.model_victim_pid, 100);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.reason, OOMT_REASON_NONE);
	assert_int_equal(m.runner_up_pid, 101);
	assert_int_equal(m.margin_points, 18236);
	assert_int_equal(m.flip_adj_delta, -730);
	assert_int_equal(m.flip_adj, 70);
	oomt_model_done(&m);
}

/* Equal points: 5.9+ picks the later task, 3.6-5.8 the earlier one. */
static void test_ties(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "6.1.0");
	global(&ev, 262144, 0);
	row(&ev, 10, 1000, 5000, 0, 4096, 0, "first");
	row(&ev, 11, 1000, 5000, 0, 4096, 0, "second");
	kill(&ev, 11);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.model_victim_pid, 11);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.margin_points, 0);
	/* A tie goes to the later task; dropping one adj step (T/1000 = 262 pages) spares it. */
	assert_int_equal(m.flip_adj, -1);

	strcpy(ev.kernel, "5.4.0");
	kill(&ev, 10);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.era, OOMT_ERA_PAGES);
	assert_int_equal(m.model_victim_pid, 10);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	/* the walk's order chose among two: a tie, noted */
	assert_int_equal(m.tied_tasks, 2);
	assert_int_equal(m.reason, OOMT_REASON_SCORE_TIE);

	/* <= 5.0 "or sacrifice child": the first of the tied is selected, its child killed;
	 * the kill's note stays sacrifice_child, the tie is counted */
	ev.victim.selected_pid = 10;
	kill(&ev, 11);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.kernel_pid, 10);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.reason, OOMT_REASON_SACRIFICE_CHILD);
	assert_int_equal(m.tied_tasks, 2);

	/* one more point for the first: no tie */
	ev.tasks[0].rss_pages = 5001;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.tied_tasks, 1);
	assert_int_equal(m.reason, OOMT_REASON_SACRIFICE_CHILD);
	ev.victim.selected_pid = OOMT_UNKNOWN;
	kill(&ev, 10);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.reason, OOMT_REASON_NONE);

	/* no totalpages: points leave the weights out, so no tie is claimed */
	ev.tasks[0].rss_pages = 5000;
	ev.has_meminfo = false;
	ev.scope = OOMT_SCOPE_UNKNOWN;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.totalpages, OOMT_UNKNOWN);
	assert_int_equal(m.tied_tasks, OOMT_UNKNOWN);
	oomt_model_done(&m);
}

/* 4.9 (3% bonus era), T = 262144 (1 GiB, no swap).
 * root: 10000 + 0 + 1 pt = 10001, minus 10001*3/100 = 300 -> 9701.  user: 9800 + 1 = 9801. */
static void test_root_bonus_3(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "4.9.0-8-amd64");
	global(&ev, 262144, 0);
	row(&ev, 20, 0, 10000, 0, 4096, 0, "rootd");
	row(&ev, 21, 1000, 9800, 0, 4096, 0, "userd");
	kill(&ev, 21);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.era, OOMT_ERA_PAGES);
	assert_int_equal(m.root_bonus, 3);
	assert_true(m.assume & OOMT_ASSUME_ROOT_PROXY);
	assert_int_equal(m.ranks[0].pid, 21);
	assert_int_equal(m.ranks[0].points, 9801);
	assert_int_equal(m.ranks[1].points, 9701);
	assert_int_equal(m.ranks[1].root_points, -300);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	/* The kernel printed score 38 for rootd: 10001*1000/262144 = 38.15, so no bonus
	 * (with it: 9701 -> 37). The model ranks again without the bonus. */
	ev.victim.pid = 20;
	ev.victim.score = 38;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_true(m.assume & OOMT_ASSUME_NO_CAP_BY_SCORE);
	assert_false(m.assume & OOMT_ASSUME_ROOT_PROXY);
	assert_int_equal(m.ranks[0].pid, 20);
	assert_int_equal(m.ranks[0].points, 10001);
	assert_int_equal(m.model_score, 38);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	oomt_model_done(&m);
}

/* 3.8 (adj - 30 era), T = 262144, unit 262: root 10000 + 1 - 30*262 = 2141. */
static void test_root_bonus_30(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "3.8.3");
	global(&ev, 262144, 0);
	row(&ev, 20, 0, 10000, 0, 4096, 0, "rootd");
	row(&ev, 21, 1000, 3000, 0, 4096, 0, "userd");
	kill(&ev, 21);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 30);
	assert_int_equal(m.ranks[0].pid, 21);
	assert_int_equal(m.ranks[1].points, 2141);
	oomt_model_done(&m);
}

/* No release, a table with nr_ptes (3.6-4.14, which all gave a root bonus), T = 262144,
 * unit 262. rootd: 10000 + 1 pt = 10001; 3%: -300 -> 9701 (score 37); 3.6-3.13's 30
 * points: -7860 -> 2141 (score 8); none: score 38. userd: 2000 + 1 = 2001. */
static void test_root_bonus_by_table(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "");
	global(&ev, 262144, 0);
	row(&ev, 20, 0, 10000, 0, 4096, 0, "rootd");
	row(&ev, 21, 1000, 2000, 0, 4096, 0, "userd");
	ev.tasks[0].nr_ptes_pages = ev.tasks[1].nr_ptes_pages = 1;
	kill(&ev, 20);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.era, OOMT_ERA_PAGES);
	assert_int_equal(m.root_bonus, 3);
	assert_true(m.assume & OOMT_ASSUME_ROOT_BY_TABLE);
	assert_false(m.assume & OOMT_ASSUME_ROOT_UNKNOWN);
	assert_int_equal(m.ranks[0].points, 9701);
	/* the printed score 37 is the 3% bonus's */
	ev.victim.score = 37;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 3);
	assert_int_equal(m.model_score, 37);
	/* 8 is only 3.6-3.13's 30 points */
	ev.victim.score = 8;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 30);
	assert_true(m.assume & OOMT_ASSUME_ROOT_30_BY_SCORE);
	assert_false(m.assume & OOMT_ASSUME_ROOT_BY_TABLE);
	assert_int_equal(m.ranks[0].points, 2141);
	assert_int_equal(m.model_score, 8);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	/* 38 is no bonus at all: the victim lacked CAP_SYS_ADMIN */
	ev.victim.score = 38;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 0);
	assert_true(m.assume & OOMT_ASSUME_NO_CAP_BY_SCORE);
	assert_false(m.assume & OOMT_ASSUME_ROOT_BY_TABLE);
	/* a score no bonus gives leaves the assumed 3% */
	ev.victim.score = 20;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 3);
	assert_true(m.assume & OOMT_ASSUME_ROOT_BY_TABLE);
	/* the header's oom_adj= is 3.6's: 30 points, nothing assumed */
	ev.victim.score = OOMT_UNKNOWN;
	ev.trigger.oom_adj = 0;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 30);
	assert_false(m.assume & (OOMT_ASSUME_ROOT_BY_TABLE | OOMT_ASSUME_ROOT_UNKNOWN));
	/* symbolic gfp flags are 4.6+ (with nr_ptes: 4.6-4.14): 3%, nothing assumed */
	ev.trigger.oom_adj = OOMT_UNKNOWN;
	strcpy(ev.trigger.gfp_flags, "GFP_KERNEL");
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 3);
	assert_false(m.assume & (OOMT_ASSUME_ROOT_BY_TABLE | OOMT_ASSUME_ROOT_UNKNOWN));
	/* page-table bytes (4.15+): 4.17 dropped the bonus, so it stays unknown, as before */
	ev.trigger.gfp_flags[0] = '\0';
	ev.tasks[0].nr_ptes_pages = ev.tasks[1].nr_ptes_pages = OOMT_UNKNOWN;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 0);
	assert_true(m.assume & OOMT_ASSUME_ROOT_UNKNOWN);
	/* ... unless the printed score is only the 3% bonus's: 4.15 and 4.16 still gave it
	 * (rootd 10001 - 300 = 9701, score 37; without the bonus 38) */
	ev.victim.selected_pid = 20;
	ev.victim.score = 37;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 3);
	assert_true(m.assume & OOMT_ASSUME_ROOT_3_BY_SCORE);
	assert_false(m.assume & (OOMT_ASSUME_ROOT_UNKNOWN | OOMT_ASSUME_ROOT_BY_TABLE));
	assert_int_equal(m.ranks[0].points, 9701);
	assert_int_equal(m.model_score, 37);
	/* a score without the bonus keeps none */
	ev.victim.score = 38;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 0);
	assert_true(m.assume & OOMT_ASSUME_ROOT_UNKNOWN);
	assert_false(m.assume & OOMT_ASSUME_ROOT_3_BY_SCORE);
	assert_int_equal(m.model_score, 38);
	/* with a release the release decides: 4.18 gave none */
	strcpy(ev.kernel, "4.18.20");
	ev.victim.score = 37;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.root_bonus, 0);
	assert_false(m.assume & (OOMT_ASSUME_ROOT_3_BY_SCORE | OOMT_ASSUME_ROOT_UNKNOWN));
	oomt_model_done(&m);
}

/* 2.6.36-3.5: no swapents column. T = 1000000 pages.
 * big: 700000*1000/T = 700, +500 adj = 1200 -> clamped 1000.  mid: 500 - 30 (root) = 470.
 * small1: 1500*1000/T = 1 -> 1; small2: 1000 -> 1: a tie, the earlier wins (not reached).
 * off: adj -1000 -> skipped. */
static void test_normalized(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "");
	global(&ev, 1000000, 0);
	row(&ev, 30, 1000, 700000, -1, -1, 500, "big");
	row(&ev, 31, 0, 500000, -1, -1, 0, "mid");
	row(&ev, 32, 1000, 1500, -1, -1, 0, "small1");
	row(&ev, 33, 1000, 1000, -1, -1, 0, "small2");
	row(&ev, 34, 1000, 900000, -1, -1, -1000, "off");
	kill(&ev, 30);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.era, OOMT_ERA_NORMALIZED);
	assert_true(m.assume & OOMT_ASSUME_NO_SWAP_COLUMN);
	assert_int_equal(m.n_eligible, 4);
	assert_int_equal(m.ranks[0].pid, 30);
	assert_int_equal(m.ranks[0].points, 1000);
	assert_int_equal(m.ranks[1].pid, 31);
	assert_int_equal(m.ranks[1].points, 470);
	assert_int_equal(m.ranks[2].pid, 32);     /* the tie at 1: earlier first */
	assert_int_equal(m.ranks[2].points, 1);
	assert_int_equal(m.ranks[3].pid, 33);
	assert_int_equal(m.ranks[4].pid, 34);
	assert_false(m.ranks[4].eligible);
	assert_int_equal(m.ranks[4].skip, OOMT_SKIP_ADJ_MIN);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	/* Flip: raw 1200 must come down to 469 (ties go to the earlier task, big is first):
	 * 731 steps, adj 500 -> -231. */
	assert_int_equal(m.margin_points, 530);
	assert_int_equal(m.flip_adj, -231);
	oomt_model_done(&m);
}

/* <= 2.6.35: total_vm << oom_adj, approximate; oom_adj -17 skipped. */
static void test_total_vm(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "");
	global(&ev, 262144, 0);
	row(&ev, 40, 0, 1000, -1, -1, 0, "a");
	row(&ev, 41, 0, 900, -1, -1, 0, "b");
	row(&ev, 42, 0, 5000, -1, -1, 0, "c");
	for (size_t i = 0; i < 3; i++)
		ev.tasks[i].oom_score_adj = OOMT_UNKNOWN;
	ev.tasks[0].oom_adj = 0;      /* 3000 */
	ev.tasks[1].oom_adj = 2;      /* 2700 << 2 = 10800 */
	ev.tasks[2].oom_adj = -17;    /* skipped */
	kill(&ev, 41);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.era, OOMT_ERA_TOTAL_VM);
	assert_true(m.assume & OOMT_ASSUME_APPROX);
	assert_int_equal(m.ranks[0].pid, 41);
	assert_int_equal(m.ranks[0].points, 10800);
	assert_int_equal(m.ranks[2].skip, OOMT_SKIP_OOM_DISABLE);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.flip_adj, OOMT_UNKNOWN);
	oomt_model_done(&m);
}

/* <= 5.0: "Kill process 50 ... or sacrifice child", then child 51 killed. */
static void test_sacrifice_child(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "4.4.0");
	global(&ev, 262144, 0);
	row(&ev, 50, 1000, 9000, 0, 4096, 0, "httpd");
	row(&ev, 51, 1000, 100, 0, 4096, 0, "httpd");
	ev.victim.selected_pid = 50;
	kill(&ev, 51);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.kernel_pid, 50);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.reason, OOMT_REASON_SACRIFICE_CHILD);
	assert_int_equal(m.kernel_score, OOMT_UNKNOWN);
	ev.victim.score = 34;                 /* 9001 * 1000 / 262144 = 34.3 */
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.kernel_score, 34);
	assert_int_equal(m.model_score, 34);
	oomt_model_done(&m);
}

/* Score 0 without totalpages (no limit line): it only says the choice's points are below
 * T/1000 (u). 4.19, every task at -998. node 130747 pages, init 11, init walked first.
 * u = 130: node 130747 - 129740 = 1007 > 130, no score 0. u = 131: node 9 (9000 < T),
 * init 1: node chosen. u = 132: node clamps to 1 and ties with init, which the walk keeps.
 * So T is 131000-131999, ranked at 131499; margin 8 at every T in it. */
static void test_totalpages_bounds(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "4.19.0-21-amd64");
	ev.scope = OOMT_SCOPE_MEMCG;
	row(&ev, 41812, 1000, 4, 0, 28672, -998, "init");
	row(&ev, 41873, 1000, 130400, 0, 1421312, -998, "node");
	ev.victim.selected_pid = 41873;
	ev.victim.score = 0;
	kill(&ev, 41873);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.totalpages_min, 131000);
	assert_int_equal(m.totalpages_max, 131999);
	assert_int_equal(m.totalpages, 131499);
	assert_true(m.assume & OOMT_ASSUME_T_FROM_SCORE);
	assert_false(m.assume & (OOMT_ASSUME_NO_T | OOMT_ASSUME_T_MIN_FROM_SCORE));
	assert_int_equal(m.ranks[0].points, 9);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.margin_points, 8);
	assert_int_equal(m.flip_adj, -999);
	/* node walked first: it keeps the choice however large T is (open above); at u = 131
	 * it leads by 8, from u = 132 they tie: the margin is not determined */
	ev_new(&ev, "4.19.0-21-amd64");
	ev.scope = OOMT_SCOPE_MEMCG;
	row(&ev, 41873, 1000, 130400, 0, 1421312, -998, "node");
	row(&ev, 41900, 1000, 4, 0, 28672, -998, "sh");
	ev.victim.selected_pid = 41873;
	ev.victim.score = 0;
	kill(&ev, 41873);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.totalpages_min, 131000);
	assert_int_equal(m.totalpages_max, OOMT_UNKNOWN);
	assert_int_equal(m.totalpages, 131000);
	assert_true(m.assume & OOMT_ASSUME_T_MIN_FROM_SCORE);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.margin_points, OOMT_UNKNOWN);
	assert_int_equal(m.flip_adj, OOMT_UNKNOWN);
	/* a score other than 0 is solved as before, with no bounds */
	ev.victim.score = 5;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.totalpages_min, OOMT_UNKNOWN);
	oomt_model_done(&m);
}

/* RHEL 7 ranks threads; its table lists processes. Pids wrapped: the selected thread 150 is
 * below its process 900, which the kill line names. T = 262144 + 65536 = 327680. Row 900:
 * 100000 rss + 100000 swap = 200000 pages, score 610; its rss alone gives 305, not within a
 * tenth. Pid 150 is in no row of the complete table, which lists 900: a thread of it. */
static void test_selected_thread_absent(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "3.10.0-1160.95.1.el7.x86_64");
	global(&ev, 262144, 65536 * 4096LL);
	row(&ev, 20, 0, 500, 0, 4096, 0, "rsyslogd");
	row(&ev, 900, 997, 100000, 100000, 0, 0, "mongod");
	ev.victim.selected_pid = 150;
	ev.victim.score = 610;
	ev.victim.anon_rss_bytes = 100000 * 4096LL;
	kill(&ev, 900);
	assert_true(oomt_model_selected_absent(&ev));
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.totalpages, 327680);
	assert_true(m.assume & OOMT_ASSUME_SELECTED_THREAD);
	assert_int_equal(m.kernel_pid, 900);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.reason, OOMT_REASON_NONE);
	assert_int_equal(m.model_score, 610);
	/* no score to check: absence alone */
	ev.victim.score = OOMT_UNKNOWN;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_true(m.assume & OOMT_ASSUME_SELECTED_THREAD);
	/* a score the process's row misses: the thread is another process's, whose child died */
	ev.victim.score = 305 / 2;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_false(m.assume & OOMT_ASSUME_SELECTED_THREAD);
	assert_int_equal(m.reason, OOMT_REASON_SACRIFICE_CHILD);
	/* a cut table may have lost the selected task's row: a child it may be */
	ev.victim.score = 610;
	ev.missing |= OOMT_PART_TASKS_CUT;
	assert_false(oomt_model_selected_absent(&ev));
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_false(m.assume & OOMT_ASSUME_SELECTED_THREAD);
	ev.missing &= ~OOMT_PART_TASKS_CUT;
	/* the selected pid listed: a parent, not a thread */
	row(&ev, 150, 997, 300, 0, 0, 0, "mongo-wrapper");
	assert_false(oomt_model_selected_absent(&ev));
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_false(m.assume & OOMT_ASSUME_SELECTED_THREAD);
	oomt_model_done(&m);
}

/* vm.oom_kill_allocating_task on a kernel that prints the killed thread's id (RHEL 6): pid
 * 77 is in no row; its kill line's total-vm (row() makes total_vm 3 * rss) and rss are
 * row 60's, so 60 is the process killed. Row 50 ranks first: the kernel ranked nothing. A
 * second row of the same size (a pool's workers) leaves the thread unmatched. */
static void test_allocating_thread_by_size(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "2.6.32-754.el6.x86_64");
	row(&ev, 50, 48, 9000, -1, -1, 0, "worker");
	row(&ev, 60, 48, 6000, -1, -1, 0, "worker");
	row(&ev, 70, 0, 100, -1, -1, 0, "sleep");
	ev.allocating_task = true;
	ev.missing |= OOMT_PART_TASKS_CUT;    /* the parser's view: the victim has no row */
	ev.victim.selected_pid = 77;
	kill(&ev, 77);
	ev.victim.total_vm_bytes = 18000LL * 4096;
	ev.victim.anon_rss_bytes = 5900LL * 4096;
	ev.victim.file_rss_bytes = 100LL * 4096;
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_true(m.assume & OOMT_ASSUME_VICTIM_BY_SIZE);
	assert_int_equal(m.kernel_pid, 60);
	assert_int_equal(m.model_victim_pid, 50);
	assert_int_equal(m.agreement, OOMT_AGREE_NO);
	assert_int_equal(m.reason, OOMT_REASON_ALLOCATING_TASK);
	assert_int_equal(m.flip_adj, OOMT_UNKNOWN);
	assert_string_equal(oomt_assume_name(OOMT_ASSUME_VICTIM_BY_SIZE), "victim_matched_by_size");
	/* the thread of the biggest: the kill met the model's pick */
	ev.victim.total_vm_bytes = 27000LL * 4096;
	ev.victim.anon_rss_bytes = 9000LL * 4096;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.kernel_pid, 50);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.reason, OOMT_REASON_ALLOCATING_TASK);
	/* two rows of that size: no match, and no ranking to compare */
	row(&ev, 80, 48, 9050, -1, -1, 0, "worker");
	ev.tasks[3].total_vm_pages = 27000;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_false(m.assume & OOMT_ASSUME_VICTIM_BY_SIZE);
	assert_int_equal(m.agreement, OOMT_AGREE_UNKNOWN);
	assert_int_equal(m.reason, OOMT_REASON_ALLOCATING_TASK);
	/* the child of the allocating task killed (<= 5.0): the kill is what is compared */
	ev.n_tasks = 3;
	ev.victim.selected_pid = 60;
	ev.missing &= ~OOMT_PART_TASKS_CUT;
	kill(&ev, 50);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.kernel_pid, 50);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.reason, OOMT_REASON_ALLOCATING_TASK);
	oomt_model_done(&m);
}

/* A memcg report whose limit lines were cut, with the score of the selection (4.x): T is
 * solved from it, so oom_score_adj counts again. The selected task's 3368 points with
 * score 398: T between 8452 and 8462 pages. Without T, the -998 child ranked second. */
static void test_totalpages_from_score(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "4.14.0");
	ev.scope = OOMT_SCOPE_MEMCG;
	strcpy(ev.constraint, "CONSTRAINT_MEMCG");
	row(&ev, 41, 1000, 3339, 0, 118784, 0, "runc");              /* 3339 + 29 = 3368 */
	row(&ev, 51, 1000, 1724, 0, 106496, -998, "runc-init");      /* 1724 + 26 = 1750 */
	row(&ev, 12, 1000, 478, 0, 65536, 0, "conmon");             /* 478 + 16 = 494 */
	ev.victim.selected_pid = 41;
	kill(&ev, 51);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_true(m.assume & OOMT_ASSUME_NO_T);
	assert_int_equal(m.ranks[1].pid, 51);
	ev.victim.score = 398;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_false(m.assume & OOMT_ASSUME_NO_T);
	assert_true(m.assume & OOMT_ASSUME_T_FROM_SCORE);
	assert_in_range(m.totalpages, 8452, 8462);
	assert_int_equal(m.ranks[0].pid, 41);
	assert_int_equal(m.ranks[1].pid, 12);       /* the -998 child last: 1750 - 998*8 */
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.model_score, OOMT_UNKNOWN);   /* T came from the score: no check */
	/* a clamped score, or one the row cannot give, solves nothing */
	ev.victim.score = 1000;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_true(m.assume & OOMT_ASSUME_NO_T);
	oomt_model_done(&m);
}

/* No release, a 5.1+ report (summary, kill line with oom_score_adj): 5.1-5.8 or 5.9+. Every
 * task at -998 in a 1 GiB cgroup: 5.9+ ranks the biggest first (signed scores), 5.1-5.8
 * clamps all to 1 and keeps the first. The kernel killed the first: the older rules. */
static void test_pre59_by_choice(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "");
	memcg(&ev, 1024 * MIB);
	row(&ev, 5740, 0, 1, 0, 24576, -998, "pause");
	row(&ev, 5801, 0, 90000, 0, 409600, -998, "worker");
	row(&ev, 5802, 0, 60000, 0, 409600, -998, "worker");
	kill(&ev, 5740);
	ev.victim.oom_score_adj = -998;
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.era, OOMT_ERA_PAGES);
	assert_true(m.assume & OOMT_ASSUME_PRE59_BY_CHOICE);
	assert_false(m.assume & OOMT_ASSUME_TIE_RULE);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	/* a victim neither rule picks: 5.9+ kept, and the disagreement stands */
	kill(&ev, 5802);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.era, OOMT_ERA_SIGNED);
	assert_true(m.assume & OOMT_ASSUME_TIE_RULE);
	assert_int_equal(m.agreement, OOMT_AGREE_NO);
	oomt_model_done(&m);
}

static void test_disagreements(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "6.1.0");
	global(&ev, 262144, 0);
	row(&ev, 60, 1000, 9000, 0, 4096, 0, "big");
	row(&ev, 61, 1000, 100, 0, 4096, 0, "small");
	kill(&ev, 61);
	oomt_model_init(&m);
	ev.allocating_task = true;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.agreement, OOMT_AGREE_NO);
	assert_int_equal(m.reason, OOMT_REASON_ALLOCATING_TASK);
	assert_int_equal(m.margin_points, 100 + 1 - 9001);

	ev.allocating_task = false;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.reason, OOMT_REASON_UNEXPLAINED);

	kill(&ev, 99);                       /* not in the table */
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.reason, OOMT_REASON_VICTIM_NOT_LISTED);
	ev.missing |= OOMT_PART_TASKS_CUT;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.reason, OOMT_REASON_TABLE_CUT);

	/* near tie: 8950 vs 9001 is within 1% */
	ev.missing = 0;
	ev.tasks[1].rss_pages = 8950;
	kill(&ev, 61);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.reason, OOMT_REASON_NEAR_TIE);

	kill(&ev, OOMT_UNKNOWN);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.agreement, OOMT_AGREE_UNKNOWN);
	assert_int_equal(m.reason, OOMT_REASON_NO_KILL);

	/* no totalpages: the weights left out explain a victim with the higher adj, never one
	 * with the lower (they would push it further down) */
	ev.has_meminfo = false;
	ev.scope = OOMT_SCOPE_UNKNOWN;
	ev.tasks[1].rss_pages = 100;
	kill(&ev, 61);
	ev.tasks[1].oom_score_adj = 500;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_true(m.assume & OOMT_ASSUME_NO_T);
	assert_int_equal(m.reason, OOMT_REASON_MISSING_T);
	ev.tasks[1].oom_score_adj = -900;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.reason, OOMT_REASON_UNEXPLAINED);
	oomt_model_done(&m);
}

/* A cpuset or mempolicy OOM: the kernel ranked only the tasks on the allowed nodes, which
 * the table does not show. A bigger task that lived names that reason, not "unexplained";
 * the reasons the table itself proves (a near tie, the victim missing) still come first. */
static void test_allowed_nodes(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "5.10.0-28-amd64");
	global(&ev, 262144, 0);
	ev.scope = OOMT_SCOPE_CPUSET;
	strcpy(ev.constraint, "CONSTRAINT_CPUSET");
	strcpy(ev.trigger.cpuset, "batch");
	strcpy(ev.trigger.mems_allowed, "1");
	row(&ev, 60, 1000, 9000, 0, 4096, 0, "other-node");
	row(&ev, 61, 1001, 5000, 0, 4096, 0, "job");
	kill(&ev, 61);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.agreement, OOMT_AGREE_NO);
	assert_int_equal(m.reason, OOMT_REASON_ALLOWED_NODES);
	assert_string_equal(oomt_reason_name(m.reason), "allowed_nodes");
	assert_true(m.assume & OOMT_ASSUME_GLOBAL_T);

	ev.scope = OOMT_SCOPE_MEMPOLICY;
	strcpy(ev.constraint, "CONSTRAINT_MEMORY_POLICY");
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.reason, OOMT_REASON_ALLOWED_NODES);

	ev.tasks[1].rss_pages = 8950;        /* 8951 vs 9001: within 1%, as any OOM */
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.reason, OOMT_REASON_NEAR_TIE);

	ev.tasks[1].rss_pages = 5000;
	kill(&ev, 99);                       /* not in the table */
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.reason, OOMT_REASON_VICTIM_NOT_LISTED);

	kill(&ev, 60);                       /* the kernel's pick is the model's: no reason */
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.reason, OOMT_REASON_NONE);

	ev.scope = OOMT_SCOPE_GLOBAL;        /* the same disagreement system-wide */
	strcpy(ev.constraint, "CONSTRAINT_NONE");
	kill(&ev, 61);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.reason, OOMT_REASON_UNEXPLAINED);
	oomt_model_done(&m);
}

/* A victim killed 2 s earlier is still listed; the kernel skips it (MMF_OOM_SKIP). */
static void test_prior_victim(void **state)
{
	struct oomt_event ev, prev;
	const struct oomt_event *hist[2] = { &prev, &ev };
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "6.1.0");
	global(&ev, 262144, 0);
	row(&ev, 70, 1000, 9000, 0, 4096, 0, "dying");
	row(&ev, 71, 1000, 5000, 0, 4096, 0, "next");
	kill(&ev, 71);
	ev.uptime_usec = 12000000;
	oomt_event_init(&prev);
	prev.victim.pid = 70;
	prev.uptime_usec = 10000000;
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.agreement, OOMT_AGREE_NO);
	assert_int_equal(oomt_model_compute_history(&ev, hist, 2, &m), 0);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.ranks[1].skip, OOMT_SKIP_OOM_VICTIM);
	oomt_model_done(&m);

	/* memory.oom.group: 71 died with 70, after one selection; 70 is no earlier victim but
	 * the victim the kernel selected, and the model's pick */
	ev.group_kill = prev.group_kill = true;
	ev.trigger.pid = prev.trigger.pid = 70;
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute_history(&ev, hist, 2, &m), 0);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.kernel_pid, 70);
	assert_int_equal(m.reason, OOMT_REASON_GROUP_KILL);
	assert_int_equal(m.ranks[0].skip, OOMT_SKIP_NONE);
	oomt_model_done(&m);
	/* without the history, the member cannot be told from the selected victim */
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.agreement, OOMT_AGREE_NO);
	assert_int_equal(m.reason, OOMT_REASON_GROUP_KILL);
	oomt_model_done(&m);
	prev.meminfo.free_pages = 5;                     /* another report: an earlier kill */
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute_history(&ev, hist, 2, &m), 0);
	assert_int_equal(m.ranks[1].skip, OOMT_SKIP_OOM_VICTIM);
	oomt_model_done(&m);
}

/* A trimmed table without the victim (corpus 048): the 5.4+ kill line carries its rss,
 * page tables and adj. T = 4194304 (16 GiB, no swap), unit 4194.
 * brave: (21388 + 1172 + 160) kB / 4 = 5680 + 804 kB / 4 = 201 -> 5881 + 200*4194 = 844681.
 * cc1plus: 326661 + 2809856/4096 = 686 -> 327347. */
static void test_victim_from_kill_line(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "6.18.41-1-lts");
	global(&ev, 4194304, 0);
	row(&ev, 23592, 1000, 326661, 0, 2809856, 0, "cc1plus");
	kill(&ev, 9999);
	strcpy(ev.victim.comm, "brave");
	ev.victim.uid = 1000;
	ev.victim.anon_rss_bytes = 21388 * 1024LL;
	ev.victim.file_rss_bytes = 1172 * 1024LL;
	ev.victim.shmem_rss_bytes = 160 * 1024LL;
	ev.victim.pgtables_bytes = 804 * 1024LL;
	ev.victim.oom_score_adj = 200;
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_true(m.has_extra);
	assert_int_equal(m.n_ranks, 2);
	assert_int_equal(m.ranks[0].pid, 9999);
	assert_int_equal(m.ranks[0].points, 844681);
	assert_string_equal(oomt_model_task(&m, &m.ranks[0])->name, "brave");
	assert_int_equal(m.ranks[1].points, 327347);
	assert_int_equal(m.agreement, OOMT_AGREE_YES);
	assert_int_equal(m.reason, OOMT_REASON_VICTIM_FROM_KILL_LINE);
	/* Without the adj in the kill line (before 5.4) it stays unlisted. */
	ev.victim.oom_score_adj = OOMT_UNKNOWN;
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_false(m.has_extra);
	assert_int_equal(m.reason, OOMT_REASON_VICTIM_NOT_LISTED);
	oomt_model_done(&m);
}

/* Adj cut that cannot spare the victim short of -1000: the runner-up is clamped at 1. */
static void test_flip_exempt(void **state)
{
	struct oomt_event ev;
	struct oomt_model m;

	(void)state;
	ev_new(&ev, "4.4.0");
	global(&ev, 262144, 0);
	row(&ev, 80, 1000, 10000, 0, 4096, 0, "victim");
	row(&ev, 81, 1000, 10, 0, 4096, -900, "protected");
	kill(&ev, 80);
	oomt_model_init(&m);
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.ranks[1].points, 1);           /* 11 - 900*262 -> clamped to 1 */
	assert_int_equal(m.flip_adj, -1000);
	assert_int_equal(m.flip_adj_delta, -1000);
	/* 5.9+: no clamp, the protected task is at 11 - 235800 = -235789; the victim (10001)
	 * must go below it (the tie would go to the later task): ceil(245790/262) = 939 steps,
	 * adj -939 gives -236017, while -938 gives -235755. */
	strcpy(ev.kernel, "5.10.0");
	assert_int_equal(oomt_model_compute(&ev, &m), 0);
	assert_int_equal(m.ranks[1].points, -235789);
	assert_int_equal(m.flip_adj, -939);
	oomt_model_done(&m);
}

static void test_totalpages(void **state)
{
	struct oomt_event ev;
	unsigned a = 0;

	(void)state;
	ev_new(&ev, "6.1.0");
	global(&ev, 262144, 1024 * MIB);                 /* + 262144 swap pages */
	assert_int_equal(oomt_model_totalpages(&ev, 4096, &a), 524288);
	assert_int_equal(a, OOMT_ASSUME_RAM_TOTALS);     /* no zone lines: totals stand in */

	ev.meminfo.reserved_pages = 4096;                /* totalram ~ RAM - reserved */
	assert_int_equal(oomt_model_totalpages(&ev, 4096, &a), 524288 - 4096);

	/* The zones' managed pages are totalram_pages: 001-debian-clamd prints 20 GiB of
	 * "pages RAM" while its two zones manage 2030464 kB (present - managed = reserved). */
	ev_new(&ev, "4.19.0");
	global(&ev, 5241540, 0);
	ev.meminfo.reserved_pages = 16538;
	ev.meminfo.present_bytes = (15992LL + 2080624) * 1024;
	ev.meminfo.managed_bytes = (15908LL + 2014556) * 1024;
	a = 0;
	assert_int_equal(oomt_model_totalpages(&ev, 4096, &a), 507616);
	assert_false(a & OOMT_ASSUME_RAM_TOTALS);
	ev.meminfo.present_bytes = 15992LL * 1024;       /* DMA32's line lost: totals */
	ev.meminfo.managed_bytes = 15908LL * 1024;
	assert_int_equal(oomt_model_totalpages(&ev, 4096, &a), 5241540 - 16538);
	assert_true(a & OOMT_ASSUME_RAM_TOTALS);

	ev_new(&ev, "6.1.0");                            /* v1: memsw 150M, host swap unknown */
	memcg(&ev, 100 * MIB);
	ev.memcg.memsw.limit_bytes = 150 * MIB;
	a = 0;
	assert_int_equal(oomt_model_totalpages(&ev, 4096, &a), 25600 + 12800);
	assert_true(a & OOMT_ASSUME_MEMSW_SWAP);
	assert_true(a & OOMT_ASSUME_SWAPPINESS);

	ev_new(&ev, "6.1.0");                            /* v2: swap.max 50M, host swap 20M */
	memcg(&ev, 100 * MIB);
	ev.memcg.memsw.usage_bytes = OOMT_UNKNOWN;
	ev.memcg.swap.limit_bytes = 50 * MIB;
	ev.memcg.swap.usage_bytes = 0;
	ev.has_meminfo = true;
	ev.meminfo.total_swap_bytes = 20 * MIB;
	a = 0;
	assert_int_equal(oomt_model_totalpages(&ev, 4096, &a), 25600 + 5120);

	ev_new(&ev, "6.1.0");                            /* cpuset: falls back to RAM + swap */
	global(&ev, 262144, 0);
	ev.scope = OOMT_SCOPE_CPUSET;
	a = 0;
	assert_int_equal(oomt_model_totalpages(&ev, 4096, &a), 262144);
	assert_true(a & OOMT_ASSUME_GLOBAL_T);

	ev_new(&ev, "6.1.0");                            /* nothing known */
	a = 0;
	assert_int_equal(oomt_model_totalpages(&ev, 4096, &a), OOMT_UNKNOWN);
	assert_true(a & OOMT_ASSUME_NO_T);
}

/* Era detection without a release: from the columns and the line forms. */
static void test_era(void **state)
{
	struct oomt_event ev;
	unsigned a = 0;

	(void)state;
	ev_new(&ev, "");
	row(&ev, 1, 0, 10, 0, 4096, 0, "x");
	ev.tasks[0].rss_anon_pages = 10;
	assert_int_equal(oomt_model_era(&ev, &a), OOMT_ERA_SIGNED);   /* 6.8+ columns */
	ev.tasks[0].rss_anon_pages = OOMT_UNKNOWN;
	ev.tasks[0].nr_ptes_pages = 1;
	assert_int_equal(oomt_model_era(&ev, &a), OOMT_ERA_PAGES);    /* <= 4.14 */
	ev.tasks[0].nr_ptes_pages = OOMT_UNKNOWN;
	strcpy(ev.constraint, "CONSTRAINT_NONE");
	a = 0;
	assert_int_equal(oomt_model_era(&ev, &a), OOMT_ERA_SIGNED);
	assert_true(a & OOMT_ASSUME_TIE_RULE);
	ev.constraint[0] = '\0';
	ev.victim.oom_score_adj = 0;                                   /* 5.4+ kill line */
	a = 0;
	assert_int_equal(oomt_model_era(&ev, &a), OOMT_ERA_SIGNED);
	assert_true(a & OOMT_ASSUME_TIE_RULE);
	ev.victim.oom_score_adj = OOMT_UNKNOWN;
	assert_int_equal(oomt_model_era(&ev, &a), OOMT_ERA_PAGES);     /* 4.15-4.20 table */
	ev.victim.selected_pid = 5;                                    /* selection line: <= 5.0 */
	assert_int_equal(oomt_model_era(&ev, &a), OOMT_ERA_PAGES);
	ev.killer = OOMT_KILLER_EARLYOOM;
	assert_int_equal(oomt_model_era(&ev, &a), OOMT_ERA_UNKNOWN);
}

/* What /proc/PID/oom_score shows for given points, per era (docs/kernel-oom-report.md
 * §8.3): 18000 points with T = 524288 give (1000 + 18000*1000/524288)*2/3 = (1000 + 34)*2/3
 * = 689 on 5.9+, 34 on 3.6-5.8. */
static void test_oom_score(void **state)
{
	(void)state;
	assert_int_equal(oomt_model_oom_score(OOMT_ERA_SIGNED, 18000, 524288), 689);
	assert_int_equal(oomt_model_oom_score(OOMT_ERA_PAGES, 18000, 524288), 34);
	/* adj -500: 18000 - 500*524 = -244000; -244000*1000/524288 = -465 (C truncates),
	 * (1000 - 465)*2/3 = 356 */
	assert_int_equal(oomt_model_oom_score(OOMT_ERA_SIGNED, 18000 - 500 * 524, 524288), 356);
	/* far below: (1000 - 1144)*2/3 < 0 shows as 0 */
	assert_int_equal(oomt_model_oom_score(OOMT_ERA_SIGNED, -600000, 524288), 0);
	/* 2.6.36-3.5: the points are the score */
	assert_int_equal(oomt_model_oom_score(OOMT_ERA_NORMALIZED, 345, 524288), 345);
	assert_int_equal(oomt_model_oom_score(OOMT_ERA_TOTAL_VM, 5, 524288), OOMT_UNKNOWN);
	assert_int_equal(oomt_model_oom_score(OOMT_ERA_SIGNED, 5, OOMT_UNKNOWN), OOMT_UNKNOWN);
	assert_int_equal(oomt_model_oom_score(OOMT_ERA_SIGNED, OOMT_UNKNOWN, 524288), OOMT_UNKNOWN);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(oomt_reason_name(OOMT_REASON_SACRIFICE_CHILD), "sacrifice_child");
	assert_null(oomt_reason_name(OOMT_REASON_NONE));
	assert_string_equal(oomt_skip_name(OOMT_SKIP_ADJ_MIN), "oom_score_adj_min");
	assert_string_equal(oomt_era_name(OOMT_ERA_SIGNED), "5.9+");
	for (unsigned b = 1; b <= OOMT_ASSUME_LAST; b <<= 1)
		assert_non_null(oomt_assume_name(b));
}

/* The library-allocated form a program uses: the same ranking as compute, findings beside
 * it, and a bad index refused. */
static void test_public_new_free(void **state)
{
	const struct oomt_event *one[1];
	struct oomt_findings *f = NULL;
	struct oomt_model *m = NULL;
	struct oomt_event ev;

	(void)state;
	ev_new(&ev, "6.18.44-fc-v657");
	memcg(&ev, 100 * MIB);
	row(&ev, 100, 0, 10240, 0, 65536, 800, "holder");
	row(&ev, 101, 0, 12000, 0, 81920, 0, "grower");
	kill(&ev, 100);
	assert_int_equal(oomt_model_new(&ev, NULL, 5, &m), 0);
	assert_non_null(m);
	assert_int_equal(m->ranks[0].points, 30256);
	assert_int_equal(m->model_victim_pid, 100);
	assert_ptr_equal(oomt_model_task(m, &m->ranks[0]), &ev.tasks[0]);
	one[0] = &ev;
	assert_int_equal(oomt_findings_new(one, 1, 1, m, &f), -EINVAL);
	assert_int_equal(oomt_findings_new(one, 1, 0, m, &f), 0);
	assert_non_null(f);
	assert_true(f->n > 0);
	oomt_findings_free(f);
	oomt_model_free(m);
	oomt_model_free(NULL);
	oomt_findings_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signed_memcg_adj),
		cmocka_unit_test(test_public_new_free),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_root_bonus_3),
		cmocka_unit_test(test_root_bonus_30),
		cmocka_unit_test(test_root_bonus_by_table),
		cmocka_unit_test(test_normalized),
		cmocka_unit_test(test_total_vm),
		cmocka_unit_test(test_sacrifice_child),
		cmocka_unit_test(test_selected_thread_absent),
		cmocka_unit_test(test_totalpages_bounds),
		cmocka_unit_test(test_disagreements),
		cmocka_unit_test(test_prior_victim),
		cmocka_unit_test(test_victim_from_kill_line),
		cmocka_unit_test(test_flip_exempt),
		cmocka_unit_test(test_totalpages),
		cmocka_unit_test(test_totalpages_from_score),
		cmocka_unit_test(test_allocating_thread_by_size),
		cmocka_unit_test(test_pre59_by_choice),
		cmocka_unit_test(test_era),
		cmocka_unit_test(test_oom_score),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_allowed_nodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
