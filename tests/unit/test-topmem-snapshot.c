/* SPDX-License-Identifier: MIT */
/* The top-mem snapshot on fixture trees: ranking, details, users, groups (every key), the
 * retry when ranked processes vanish before their details are read, growth against a
 * baseline, the text filter, the JSON contract, and the query's struct_size rules.
 *  - tests/fixtures/proc-basic: v1 and v2 hierarchies, odd names, an unreadable PSS, one
 *    process (501) that vanishes between the pass and its details;
 *  - tests/fixtures/proc-workloads: v2 only, no PSI, Docker, Podman and Kubernetes cgroups,
 *    and seven large processes (50-56) that vanish after the pass. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "source/record.h"
#include <oomtool/system.h>
#include <oomtool/topmem.h>
#include <oomtool/topmem-json.h>

#define BASIC TEST_FIXTURE_DIR "/proc-basic"
#define WORK TEST_FIXTURE_DIR "/proc-workloads"
#define U1 "94eb36cd-29e1-478b-b365-4cb5dfc7d6fb"

static struct oomt_topmem_query query(enum oomt_topmem_sort sort, size_t count)
{
	return (struct oomt_topmem_query){ .struct_size = sizeof(struct oomt_topmem_query),
	                                   .sort = sort, .count = count, .uid = OOMT_UNKNOWN };
}

static struct oomt_topmem *open_tree(const char *root)
{
	struct oomt_topmem *t = NULL;

	assert_int_equal(oomt_topmem_new(root, &t), 0);
	assert_non_null(t);
	return t;
}

/* "pid pid pid" of the rows */
static const char *pids(const struct oomt_topmem *t, char *buf, size_t sz)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < oomt_topmem_nrows(t) && o < sz; i++)
		o += (size_t)snprintf(buf + o, sz - o, "%s%d", i ? " " : "",
		                      oomt_topmem_row(t, i)->pid);
	return buf;
}

static void test_rows(void **state)
{
	struct oomt_topmem *t = open_tree(BASIC);
	struct oomt_topmem_query q = query(OOMT_TOPMEM_SORT_PSS, 10);
	const struct oomt_topmem_row *r;
	const struct oomt_topmem_stats *st;
	int64_t ps = oomt_page_size();
	char b[128];
	(void)state;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	/* PSS order; unreadable PSS (300) ranks by its RSS; 501 vanished before its details */
	assert_string_equal(pids(t, b, sizeof(b)), "100 300 101 200 201 1 400 2");
	st = oomt_topmem_stats(t);
	assert_int_equal(st->processes, 9);
	assert_int_equal(st->vanished, 1);
	assert_int_equal(st->pss_unknown, 1);
	assert_int_equal(st->pss_err, -EISDIR);
	assert_false(st->growth);
	r = oomt_topmem_row(t, 0);
	assert_int_equal(r->rss_bytes, 200000 * ps);    /* statm pages of this host */
	assert_int_equal(r->pss_bytes, 700000LL * 1024);
	assert_int_equal(r->swap_bytes, 40000LL * 1024);
	assert_int_equal(r->oom_score, 650);
	assert_int_equal(r->uid, 1000);
	assert_string_equal(r->user, "app");
	assert_string_equal(r->name, "java");
	assert_string_equal(r->command, "/usr/bin/java -Xmx1g -jar app.jar");
	assert_string_equal(r->cgroup, "/system.slice/app.service");
	assert_int_equal(r->cgroup_version, OOMT_CGROUP_V1);
	assert_int_equal(r->cgroup_limit_bytes, 1073741824);
	assert_true(r->growth_bytes_per_min == OOMT_UNKNOWN);
	r = oomt_topmem_row(t, 1);
	assert_true(r->pss_bytes == OOMT_UNKNOWN);
	assert_int_equal(r->pss_err, -EISDIR);
	r = oomt_topmem_row(t, 7);
	assert_string_equal(r->command, "[kthreadd]");
	assert_null(oomt_topmem_row(t, 8));
	assert_null(oomt_topmem_group_row(t, 0));
	assert_int_equal(oomt_topmem_grouped_by(t), OOMT_TOPMEM_GROUP_NONE);
	assert_int_equal(oomt_topmem_memory(t)->mem_total_bytes, 8000000LL * 1024);
	assert_int_equal(oomt_topmem_memory(t)->oom_kill_count, 7);
	assert_true(oomt_topmem_pressure(t)->has_full);
	/* the other orders, and the filters */
	q.sort = OOMT_TOPMEM_SORT_RSS;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "100 101 300 200 201 1 400 2");
	q.sort = OOMT_TOPMEM_SORT_OOM;
	q.count = 3;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "100 101 300");
	q.sort = OOMT_TOPMEM_SORT_SWAP;
	q.count = 2;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "100 201");
	q = query(OOMT_TOPMEM_SORT_RSS, 10);
	q.uid = 33;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "200 201");
	q.uid = OOMT_UNKNOWN;
	q.pids = (const int32_t[]){ 1, 201, 99 };
	q.npids = 3;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "201 1");
	q.pids = NULL;
	q.npids = 0;
	q.cgroup = "/system.slice";
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "100 101 200 201");
	q.cgroup = NULL;
	oomt_topmem_free(t);
}

/* The text filter of the live view: comm name, user name or cgroup path. */
static void test_match(void **state)
{
	struct oomt_topmem *t = open_tree(BASIC);
	struct oomt_topmem_query q = query(OOMT_TOPMEM_SORT_RSS, 10);
	char b[128];
	(void)state;
	q.match = "nginx";      /* 201 by name, 200 ("evil (x) y") by its cgroup */
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "200 201");
	q.match = "app";        /* the user of 100 and 101 (and their cgroup) */
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "100 101");
	q.match = "no-such-thing";
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_int_equal(oomt_topmem_nrows(t), 0);
	assert_int_equal(oomt_topmem_stats(t)->processes, 0);
	q.match = "";           /* empty: everything */
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_int_equal(oomt_topmem_nrows(t), 8);
	oomt_topmem_free(t);
}

/* More ranked processes vanish than there are spare rows: a fresh pass refills. */
static void test_vanished_retry(void **state)
{
	struct oomt_topmem *t = open_tree(WORK);
	struct oomt_topmem_query q = query(OOMT_TOPMEM_SORT_RSS, 2);
	char b[128];
	(void)state;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "30 20");
	q.count = 20;           /* fewer processes than asked: every real one, once */
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "30 20 10 11 40 1 31");
	/* by PSS the vanished ones drop out while their PSS is read */
	q = query(OOMT_TOPMEM_SORT_PSS, 2);
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "30 20");
	assert_int_equal(oomt_topmem_stats(t)->processes, 14);
	oomt_topmem_free(t);
}

static void test_workload_rows(void **state)
{
	struct oomt_topmem *t = open_tree(WORK);
	struct oomt_topmem_query q = query(OOMT_TOPMEM_SORT_PSS, 3);
	const struct oomt_topmem_row *r;
	(void)state;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	r = oomt_topmem_row(t, 0);
	assert_int_equal(r->pid, 30);
	assert_int_equal(r->cgroup_version, OOMT_CGROUP_V2);
	assert_int_equal(r->cgroup_limit_bytes, 805306368);   /* the container's, tightest */
	assert_string_equal(r->user, "svc");
	r = oomt_topmem_row(t, 1);
	assert_int_equal(r->pid, 20);
	assert_true(r->cgroup_limit_bytes == OOMT_UNKNOWN);   /* no limit file on the way up */
	r = oomt_topmem_row(t, 2);
	assert_int_equal(r->pid, 10);
	assert_int_equal(r->cgroup_limit_bytes, 268435456);
	assert_null(oomt_topmem_pressure(t));                /* no PSI in this tree */
	assert_int_equal(oomt_topmem_memory(t)->oom_kill_count, 0);
	oomt_topmem_free(t);
}

struct group_want {
	const char *key;
	int64_t nprocs;
};

static void expect_groups(struct oomt_topmem *t, const struct group_want *want, size_t n)
{
	assert_int_equal(oomt_topmem_nrows(t), n);
	for (size_t i = 0; i < n; i++) {
		const struct oomt_topmem_group_row *g = oomt_topmem_group_row(t, i);
		assert_non_null(g);
		assert_string_equal(g->key, want[i].key);
		assert_int_equal(g->nprocs, want[i].nprocs);
	}
}

static void test_groups(void **state)
{
	struct oomt_topmem *t = open_tree(BASIC);
	struct oomt_topmem_query q = query(OOMT_TOPMEM_SORT_RSS, 10);
	const struct oomt_topmem_group_row *g;
	(void)state;
	q.group = OOMT_TOPMEM_GROUP_UNIT;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_int_equal(oomt_topmem_grouped_by(t), OOMT_TOPMEM_GROUP_UNIT);
	assert_null(oomt_topmem_row(t, 0));
	expect_groups(t, (const struct group_want[]){ { "app.service", 2 },
	              { "session-3.scope", 1 }, { "nginx.service", 2 }, { "init.scope", 1 },
	              { "/user.slice", 1 }, { "/", 1 } }, 6);
	g = oomt_topmem_group_row(t, 0);
	assert_int_equal(g->pss_bytes, 1000000LL * 1024);
	assert_int_equal(g->pss_unknown, 0);
	assert_int_equal(oomt_topmem_group_row(t, 1)->pss_unknown, 1);
	assert_int_equal(oomt_topmem_stats(t)->pss_err, -EISDIR);
	q.group = OOMT_TOPMEM_GROUP_USER;
	q.count = 1;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	expect_groups(t, (const struct group_want[]){ { "app", 2 } }, 1);
	q.group = OOMT_TOPMEM_GROUP_COMMAND;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	expect_groups(t, (const struct group_want[]){ { "java", 2 } }, 1);
	q.group = OOMT_TOPMEM_GROUP_CGROUP;
	q.count = 2;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	expect_groups(t, (const struct group_want[]){ { "/system.slice/app.service", 2 },
	              { "/user.slice/user-1000.slice/session-3.scope", 1 } }, 2);
	/* the live view's groups: no smaps_rollup read, PSS unknown */
	q.group_pss_unread = true;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_int_equal(oomt_topmem_stats(t)->pss_reads, 0);
	assert_int_equal(oomt_topmem_group_row(t, 0)->pss_unknown, 2);
	oomt_topmem_free(t);
}

static void test_workload_groups(void **state)
{
	struct oomt_topmem *t = open_tree(WORK);
	struct oomt_topmem_query q = query(OOMT_TOPMEM_SORT_RSS, 10);
	(void)state;
	q.group = OOMT_TOPMEM_GROUP_UNIT;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	expect_groups(t, (const struct group_want[]){
		{ "cri-containerd-3e5e5eab87df615f4777e6f7f261a7fb62f4a7ee5bc3e25e3a5b5223ccd368fe.scope", 1 },
		{ "docker-46b3e0a4df44b752b841aecca454e6e78995d567912a84950390bae6f6777a63.scope", 2 },
		{ "libpod-9976a269caec812c134fa317f27487ee36e1129beba7278a463dd53e5fb9997b.scope", 1 },
		{ "podfe3f7a38-b3f7-48aa-8997-a697ae3d0741/c7ebf4d756b2", 1 },
		{ "init.scope", 1 },
		{ "cri-containerd-0f32894de86edf3d3832702af794874ef8d400b4969acdea4976b12040756e0d.scope", 1 },
	}, 6);
	oomt_topmem_free(t);
}

static void test_growth(void **state)
{
	struct oomt_topmem *t = open_tree(BASIC);
	struct oomt_topmem_query q = query(OOMT_TOPMEM_SORT_GROWTH, 3);
	const struct oomt_topmem_stats *st;
	(void)state;
	assert_int_equal(oomt_topmem_baseline(t, &q), 0);
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	st = oomt_topmem_stats(t);
	assert_true(st->growth);
	assert_true(st->growth_usec > 0);
	assert_int_equal(oomt_topmem_nrows(t), 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(oomt_topmem_row(t, i)->growth_bytes_per_min, 0);  /* unchanged */
	/* every refresh measures against the one before (the live view) */
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_true(oomt_topmem_stats(t)->growth);
	q.group = OOMT_TOPMEM_GROUP_USER;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_int_equal(oomt_topmem_group_row(t, 0)->growth_bytes_per_min, 0);
	oomt_topmem_free(t);
	/* a fresh handle has nothing to measure against */
	t = open_tree(BASIC);
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_false(oomt_topmem_stats(t)->growth);
	oomt_topmem_free(t);
}

static void test_json(void **state)
{
	struct oomt_topmem *t = open_tree(BASIC);
	struct oomt_topmem_query q = query(OOMT_TOPMEM_SORT_PSS, 1);
	struct oomt_json *j;
	char *doc = NULL;
	size_t len = 0;
	FILE *f;
	(void)state;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_non_null(f = open_memstream(&doc, &len));
	assert_int_equal(oomt_json_new(f, false, &j), 0);
	oomt_topmem_write_json(j, t);
	oomt_json_finish(j);
	oomt_json_free(j);
	fclose(f);
	assert_non_null(strstr(doc, "{\"system\":{\"mem_total_bytes\":8192000000,"
	                            "\"mem_available_bytes\":204800000,\"swap_total_bytes\":2048000000,"
	                            "\"swap_used_bytes\":512000000,\"psi_some_avg10\":12.5,"
	                            "\"psi_full_avg10\":4.25,\"oom_kill\":7},\"processes\":[{\"pid\":100,"
	                            "\"user\":\"app\","));
	assert_non_null(strstr(doc, "\"cgroup\":\"/system.slice/app.service\",\"cgroup_limit_bytes\":"
	                            "1073741824,\"name\":\"java\",\"command\":\"/usr/bin/java -Xmx1g "
	                            "-jar app.jar\"}],\"kernel_threads_hidden\":0}"));
	assert_null(strstr(doc, "growth"));
	free(doc);
	doc = NULL;
	q.group = OOMT_TOPMEM_GROUP_UNIT;
	assert_int_equal(oomt_topmem_baseline(t, &q), 0);
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_non_null(f = open_memstream(&doc, &len));
	assert_int_equal(oomt_json_new(f, false, &j), 0);
	oomt_topmem_write_json(j, t);
	oomt_json_finish(j);
	oomt_json_free(j);
	fclose(f);
	assert_non_null(strstr(doc, "\"by\":\"unit\",\"groups\":[{\"key\":\"app.service\","
	                            "\"processes\":2,\"rss_bytes\":"));
	assert_non_null(strstr(doc, "\"pss_unknown_processes\":0,\"swap_bytes\":40960000,"
	                            "\"growth_bytes_per_min\":0}"));
	free(doc);
	oomt_topmem_free(t);
}

/* hide_kernel_threads leaves out the processes without an address space (2, kthreadd),
 * in rows and groups alike, and counts them; a pid asked for is kept; a program built
 * before the member (a struct_size that ends before it) gets every process, as it did. */
static void test_kernel_threads(void **state)
{
	struct oomt_topmem *t = open_tree(BASIC);
	struct oomt_topmem_query q = query(OOMT_TOPMEM_SORT_RSS, 10);
	const struct oomt_topmem_stats *st;
	int32_t two[] = { 2 };
	char b[128];
	(void)state;
	q.hide_kernel_threads = true;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "100 101 300 200 201 1 400");
	st = oomt_topmem_stats(t);
	assert_int_equal(st->processes, 8);
	assert_int_equal(st->kernel_threads_hidden, 1);
	q.group = OOMT_TOPMEM_GROUP_USER;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	for (size_t i = 0; i < oomt_topmem_nrows(t); i++)
		if (strcmp(oomt_topmem_group_row(t, i)->key, "root") == 0)
			assert_int_equal(oomt_topmem_group_row(t, i)->nprocs, 3);   /* 1, 300, 400 */
	q.group = OOMT_TOPMEM_GROUP_NONE;
	q.pids = two;
	q.npids = 1;
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "2");
	assert_int_equal(oomt_topmem_stats(t)->kernel_threads_hidden, 0);
	q = query(OOMT_TOPMEM_SORT_RSS, 10);
	q.hide_kernel_threads = true;
	q.struct_size = offsetof(struct oomt_topmem_query, hide_kernel_threads);
	assert_int_equal(oomt_topmem_refresh(t, &q), 0);
	assert_string_equal(pids(t, b, sizeof(b)), "100 101 300 200 201 1 400 2");
	assert_int_equal(oomt_topmem_stats(t)->kernel_threads_hidden, 0);
	oomt_topmem_free(t);
}

static void test_bad(void **state)
{
	struct oomt_topmem *t = NULL;
	struct oomt_topmem_query q = query(OOMT_TOPMEM_SORT_RSS, 1);
	(void)state;
	assert_int_equal(oomt_topmem_new("/nonexistent-root", &t), -ENOENT);
	assert_null(t);
	t = open_tree(BASIC);
	q.count = 0;
	assert_int_equal(oomt_topmem_refresh(t, &q), -EINVAL);
	q = query(OOMT_TOPMEM_SORT_GROWTH + 1, 1);
	assert_int_equal(oomt_topmem_refresh(t, &q), -EINVAL);
	q = query(OOMT_TOPMEM_SORT_RSS, 1);
	q.struct_size = offsetof(struct oomt_topmem_query, group_pss_unread);
	assert_int_equal(oomt_topmem_refresh(t, &q), -EINVAL);
	assert_int_equal(oomt_topmem_baseline(t, &q), -EINVAL);
	q = query(OOMT_TOPMEM_SORT_RSS, 1);
	q.npids = 2;
	assert_int_equal(oomt_topmem_refresh(t, &q), -EINVAL);
	oomt_topmem_free(t);
	oomt_topmem_free(NULL);
	assert_string_equal(oomt_topmem_group_name(OOMT_TOPMEM_GROUP_UNIT), "unit");
	assert_string_equal(oomt_topmem_group_name(99), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_vanished_retry),
		cmocka_unit_test(test_workload_rows),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_workload_groups),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_kernel_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
