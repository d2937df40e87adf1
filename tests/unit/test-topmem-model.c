/* SPDX-License-Identifier: MIT */
/* top-mem model: pruned PSS selection == full scan, other orders, aggregation, growth. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "source/record.h"
#include "model/topmem-rank.h"

/* Synthetic world: the "true" PSS of pid i, and what reading it does. */
struct world {
	int64_t pss[4096];
	int err[4096];       /* 0, -EACCES (unknown) or -ENOENT (vanished) */
	size_t reads;
};

static int fake_pss(void *ctx, struct oomt_topmem_proc *p)
{
	struct world *w = ctx;

	w->reads++;
	if (w->err[p->pid] == -ENOENT)
		return -ENOENT;
	if (w->err[p->pid]) {
		p->pss_bytes = OOMT_UNKNOWN;
		p->pss_err = w->err[p->pid];
		return 0;
	}
	p->pss_bytes = w->pss[p->pid];
	return 0;
}

static struct oomt_topmem_proc mk(int pid, int64_t rss)
{
	return (struct oomt_topmem_proc){ .pid = pid, .uid = 0, .rss_bytes = rss,
	                                  .pss_bytes = OOMT_UNKNOWN, .swap_bytes = 0,
	                                  .oom_score = OOMT_UNKNOWN,
	                                  .growth_bytes_per_min = OOMT_UNKNOWN };
}

/* Builds n processes with a random shape; small value ranges force ties. */
static void build(struct world *w, struct oomt_topmem_proc *a, size_t n, unsigned seed,
                  int64_t range)
{
	srand(seed);
	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < n; i++) {
		int pid = (int)(i + 1);
		int64_t rss = rand() % 5 == 0 ? 0 : rand() % range;
		a[i] = mk(pid, rss);
		w->pss[pid] = rss ? rand() % (rss + 1) : 0;  /* PSS <= RSS */
		int r = rand() % 20;
		w->err[pid] = r == 0 ? -EACCES : r == 1 ? -ENOENT : 0;
	}
	/* shuffle pids so that the input order means nothing */
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rand() % i;
		struct oomt_topmem_proc t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

static void test_pruned_equals_full(void **state)
{
	static struct oomt_topmem_proc a[3000], b[3000];
	static struct world w;
	static const size_t sizes[] = { 1, 2, 5, 17, 100, 3000 };
	static const size_t counts[] = { 1, 3, 10, 40, 5000 };
	static const int64_t ranges[] = { 3, 50, 1000000 };
	size_t checked = 0;
	(void)state;

	for (unsigned seed = 1; seed <= 40; seed++)
		for (size_t si = 0; si < 6; si++)
			for (size_t ci = 0; ci < 5; ci++)
				for (size_t ri = 0; ri < 3; ri++) {
					size_t n = sizes[si], count = counts[ci], na, nb;
					struct oomt_topmem_select_stats sa, sb;

					if (n == 3000 && seed > 4)
						continue;
					build(&w, a, n, seed * 7919 + (unsigned)(si * 31 + ri), ranges[ri]);
					memcpy(b, a, n * sizeof(*a));
					assert_int_equal(oomt_topmem_select(a, n, count, OOMT_TOPMEM_SORT_PSS, 0,
					                                    fake_pss, &w, &na, &sa), 0);
					assert_int_equal(oomt_topmem_select_full(b, n, count, OOMT_TOPMEM_SORT_PSS,
					                                         fake_pss, &w, &nb, &sb), 0);
					assert_int_equal(na, nb);
					for (size_t i = 0; i < na; i++) {
						assert_int_equal(a[i].pid, b[i].pid);
						assert_true(a[i].pss_bytes == b[i].pss_bytes);
					}
					assert_true(sa.pss_reads <= sb.pss_reads);
					checked++;
				}
	assert_true(checked > 2000);
}

static void test_pruning_reads_few(void **state)
{
	static struct oomt_topmem_proc a[3001];
	static struct world w;
	struct oomt_topmem_select_stats st;
	size_t n;
	(void)state;

	/* 3000 idle processes (RSS 1.8M, PSS 0.1M) and 10 hogs: top 10 reads ~10 files */
	memset(&w, 0, sizeof(w));
	for (int i = 0; i < 3000; i++) {
		a[i] = mk(i + 1, 1800 * 1024);
		w.pss[i + 1] = 100 * 1024;
	}
	for (int i = 0; i < 10; i++) {
		a[i].rss_bytes = (int64_t)(i + 1) << 30;
		w.pss[i + 1] = (int64_t)(i + 1) << 29;
	}
	assert_int_equal(oomt_topmem_select(a, 3000, 10, OOMT_TOPMEM_SORT_PSS, 0, fake_pss, &w, &n, &st), 0);
	assert_int_equal(n, 10);
	assert_int_equal(a[0].pid, 10);
	assert_int_equal(st.pss_reads, 10);
	/* the degenerate case is bounded by max_reads and says so */
	for (int i = 0; i < 3000; i++)
		a[i] = mk(i + 1, 1800 * 1024);
	assert_int_equal(oomt_topmem_select(a, 3000, 20, OOMT_TOPMEM_SORT_PSS, 100, fake_pss, &w, &n, &st), 0);
	assert_int_equal(st.pss_reads, 100);
	assert_true(st.budget_hit);
	assert_int_equal(n, 20);
}

static void test_unknown_and_vanished(void **state)
{
	static struct world w;
	struct oomt_topmem_proc a[4];
	struct oomt_topmem_select_stats st;
	size_t n;
	(void)state;

	memset(&w, 0, sizeof(w));
	a[0] = mk(1, 100); w.pss[1] = 10;
	a[1] = mk(2, 90);  w.err[2] = -EACCES;   /* unknown: ranks by its RSS 90 */
	a[2] = mk(3, 80);  w.err[3] = -ENOENT;   /* vanished: dropped */
	a[3] = mk(4, 0);                          /* kernel thread: PSS 0, not read */
	assert_int_equal(oomt_topmem_select(a, 4, 10, OOMT_TOPMEM_SORT_PSS, 0, fake_pss, &w, &n, &st), 0);
	assert_int_equal(n, 3);
	assert_int_equal(a[0].pid, 2);
	assert_true(a[0].pss_bytes == OOMT_UNKNOWN);
	assert_int_equal(a[0].pss_err, -EACCES);
	assert_int_equal(a[1].pid, 1);
	assert_int_equal(a[2].pid, 4);
	assert_int_equal(a[2].pss_bytes, 0);
	assert_int_equal(st.vanished, 1);
	assert_int_equal(st.pss_unknown, 1);
	assert_int_equal(st.pss_reads, 3);
}

static void test_other_orders(void **state)
{
	static struct world w;
	struct oomt_topmem_proc a[4];
	struct oomt_topmem_select_stats st;
	size_t n;
	(void)state;

	memset(&w, 0, sizeof(w));
	for (int i = 0; i < 4; i++) {
		a[i] = mk(i + 1, (i + 1) * 100);
		a[i].oom_score = i == 0 ? 900 : 10;
		a[i].swap_bytes = i == 2 ? 5000 : 0;
		w.pss[i + 1] = 1;
	}
	assert_int_equal(oomt_topmem_select(a, 4, 2, OOMT_TOPMEM_SORT_OOM, 0, fake_pss, &w, &n, &st), 0);
	assert_int_equal(n, 2);
	assert_int_equal(a[0].pid, 1);
	assert_int_equal(a[1].pid, 4);      /* oom tie: larger RSS first */
	assert_int_equal(st.pss_reads, 2);  /* PSS only for the shown rows */
	assert_int_equal(oomt_topmem_select(a, 4, 1, OOMT_TOPMEM_SORT_SWAP, 0, NULL, NULL, &n, NULL), 0);
	assert_int_equal(a[0].pid, 3);
	a[0].growth_bytes_per_min = OOMT_UNKNOWN;
	a[1].growth_bytes_per_min = -5;
	a[2].growth_bytes_per_min = 7;
	a[3].growth_bytes_per_min = OOMT_UNKNOWN;
	assert_int_equal(oomt_topmem_select(a, 4, 4, OOMT_TOPMEM_SORT_GROWTH, 0, NULL, NULL, &n, NULL), 0);
	assert_int_equal(a[0].growth_bytes_per_min, 7);
	assert_int_equal(a[1].growth_bytes_per_min, -5);
	assert_true(a[3].growth_bytes_per_min == OOMT_UNKNOWN);  /* unknown last */
	assert_int_equal(oomt_topmem_select(a, 0, 4, OOMT_TOPMEM_SORT_RSS, 0, NULL, NULL, &n, NULL), 0);
	assert_int_equal(n, 0);
}

static void test_groups(void **state)
{
	struct oomt_topmem_groups g;
	struct oomt_topmem_proc p = mk(1, 100);
	char key[32];
	(void)state;

	oomt_topmem_groups_init(&g);
	p.pss_bytes = 10; p.swap_bytes = 1;
	assert_int_equal(oomt_topmem_groups_add(&g, "a", &p), 0);
	assert_int_equal(oomt_topmem_groups_add(&g, "a", &p), 0);
	p.pss_bytes = OOMT_UNKNOWN; p.rss_bytes = 500;
	assert_int_equal(oomt_topmem_groups_add(&g, "b", &p), 0);
	/* many distinct keys: the index grows and finds every one again */
	p.rss_bytes = 1; p.pss_bytes = 1;
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i % 2500);
		assert_int_equal(oomt_topmem_groups_add(&g, key, &p), 0);
	}
	assert_int_equal(g.n, 2502);
	oomt_topmem_groups_sort(&g, OOMT_TOPMEM_SORT_PSS);
	assert_string_equal(g.rows[0].key, "b");     /* unknown PSS ranks by RSS 500 */
	assert_int_equal(g.rows[0].pss_bytes, 0);
	assert_int_equal(g.rows[0].pss_unknown, 1);
	assert_string_equal(g.rows[1].key, "a");
	assert_int_equal(g.rows[1].nprocs, 2);
	assert_int_equal(g.rows[1].rss_bytes, 200);
	assert_int_equal(g.rows[1].pss_bytes, 20);
	assert_int_equal(g.rows[1].swap_bytes, 2);
	assert_int_equal(g.rows[2].nprocs, 2);
	/* adding after a sort still finds existing keys */
	assert_int_equal(oomt_topmem_groups_add(&g, "k7", &p), 0);
	assert_int_equal(oomt_topmem_groups_add(&g, "b", &p), 0);
	assert_int_equal(g.n, 2502);
	oomt_topmem_groups_done(&g);
}

static void test_growth(void **state)
{
	struct oomt_topmem_proc before[3], now[3];
	(void)state;

	before[0] = mk(30, 1000); before[1] = mk(10, 1000); before[2] = mk(20, 1000);
	before[0].swap_bytes = 0; before[1].swap_bytes = OOMT_UNKNOWN;
	now[0] = mk(10, 1600); now[1] = mk(30, 400); now[2] = mk(40, 9999);
	now[1].swap_bytes = 300;
	oomt_topmem_growth(before, 3, now, 3, 30000000);  /* 30 s */
	assert_int_equal(now[0].growth_bytes_per_min, 1200);
	assert_int_equal(now[1].growth_bytes_per_min, (400 + 300 - 1000) * 2);
	assert_true(now[2].growth_bytes_per_min == OOMT_UNKNOWN);  /* new process */
	oomt_topmem_growth(before, 3, now, 3, 0);
	assert_true(now[0].growth_bytes_per_min == OOMT_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pruned_equals_full),
		cmocka_unit_test(test_pruning_reads_few),
		cmocka_unit_test(test_unknown_and_vanished),
		cmocka_unit_test(test_other_orders),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_growth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
