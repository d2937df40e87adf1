/* SPDX-License-Identifier: MIT */
/* The limits listing: memory.stat and memory.events read by key, and the listing of a small
 * v2 tree through the public API: names, the limit inherited from the root down, headroom,
 * the default selection, the tree's parents, the selectors. The fixture trees of every
 * naming pattern are tests/cli/limits.sh's. */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/limits.h>
#include "cgroup/limits-internal.h"
#include "test-tmpdir.h"

#define S(lit) lit, sizeof(lit) - 1
#define MiB (1024LL * 1024)

static void test_parse_stat(void **state)
{
	struct oomt_cgroup_stat st;
	struct oomt_limits_events e;
	(void)state;
	assert_int_equal(oomt_cgroup_parse_stat(S("anon 100\nfile 200\nkernel 5\nshmem 30\n"
	                                          "file_mapped 1\ninactive_file 40\n"),
	                                        OOMT_CGROUP_V2, &st), 0);
	assert_int_equal(st.anon_bytes, 100);
	assert_int_equal(st.file_bytes, 200);
	assert_int_equal(st.shmem_bytes, 30);
	assert_int_equal(st.inactive_file_bytes, 40);
	assert_int_equal(st.swap_bytes, OOMT_UNKNOWN);
	/* v1: the total_* keys (the cgroup and below), not its own; the unlimited sentinel */
	assert_int_equal(oomt_cgroup_parse_stat(S("cache 1\nrss 2\nhierarchical_memory_limit "
	                                          "9223372036854771712\nhierarchical_memsw_limit "
	                                          "1073741824\ntotal_cache 10\ntotal_rss 20\n"
	                                          "total_shmem 3\ntotal_swap 4\n"
	                                          "total_inactive_file 5"),
	                                        OOMT_CGROUP_V1, &st), 0);
	assert_int_equal(st.anon_bytes, 20);
	assert_int_equal(st.file_bytes, 10);
	assert_int_equal(st.swap_bytes, 4);
	assert_int_equal(st.inactive_file_bytes, 5);
	assert_true(st.has_hierarchical_limit && st.has_hierarchical_memsw_limit);
	assert_int_equal(st.hierarchical_limit_bytes, OOMT_UNKNOWN);
	assert_int_equal(st.hierarchical_memsw_limit_bytes, 1073741824);
	assert_int_equal(oomt_cgroup_parse_stat(S("nothing 1\n"), OOMT_CGROUP_V2, &st), -ENODATA);
	assert_int_equal(oomt_cgroup_parse_stat(S("anonx 1\nanon\n"), OOMT_CGROUP_V2, &st), -ENODATA);
	oomt_cgroup_parse_events(S("low 1\nhigh 2\nmax 3\noom 4\noom_kill 5\n"), &e);
	assert_int_equal(e.max, 3);
	assert_int_equal(e.oom, 4);
	assert_int_equal(e.oom_kill, 5);
	assert_int_equal(e.oom_group_kill, OOMT_UNKNOWN);   /* before 5.17 */
}

static char root[1024];

static void cg(const char *path, const char *max, const char *current, const char *kills)
{
	static const char *const files[] = { "memory.current", "memory.max", "memory.events",
	                                     "memory.high", "memory.stat", "cgroup.procs" };
	char dir[PATH_MAX], file[PATH_MAX + 32];

	snprintf(dir, sizeof(dir), "%s/sys/fs/cgroup%s", root, path);
	mkdir(dir, 0755);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f;

		snprintf(file, sizeof(file), "%s/%s", dir, files[i]);
		assert_non_null(f = fopen(file, "w"));
		if (i == 0)
			fprintf(f, "%s\n", current);
		else if (i == 1)
			fprintf(f, "%s\n", max);
		else if (i == 2)
			fprintf(f, "oom 0\noom_kill %s\n", kills);
		else if (i == 3)
			fputs("max\n", f);
		else if (i == 4)
			fputs("anon 1\nfile 2\nshmem 0\ninactive_file 1048576\n", f);
		else
			fputs("7\n", f);
		fclose(f);
	}
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int tree_setup(void **state)
{
	char dir[PATH_MAX];
	FILE *f;

	(void)state;
	test_tmp_path(root, sizeof(root), "oomt-listing-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	snprintf(dir, sizeof(dir), "%s/sys", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/sys/fs", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/sys/fs/cgroup", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/sys/fs/cgroup/cgroup.controllers", root);
	if (!(f = fopen(dir, "w")))
		return -1;
	fputs("cpu memory pids\n", f);
	fclose(f);
	cg("/app.slice", "1073741824", "524288000", "0");
	cg("/app.slice/web.service", "max", "419430400", "0");
	cg("/app.slice/web.service/worker", "max", "104857600", "0");
	cg("/app.slice/db.service", "268435456", "209715200", "2");
	cg("/batch", "max", "10485760", "1");
	cg("/idle", "max", "1048576", "0");
	return 0;
}

static int tree_teardown(void **state)
{
	(void)state;
	return nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const struct oomt_limits_row *row_of(const struct oomt_limits *l, const char *path)
{
	for (size_t i = 0; i < oomt_limits_nrows(l); i++)
		if (strcmp(oomt_limits_row(l, i)->path, path) == 0)
			return oomt_limits_row(l, i);
	return NULL;
}

static void test_listing(void **state)
{
	struct oomt_limits_query q = { .struct_size = sizeof(q) };
	const struct oomt_limits_row *r;
	struct oomt_limits *l;
	(void)state;
	assert_int_equal(oomt_limits_new(root, &l), 0);
	/* default: a limit of its own or an OOM kill, closest to its limit first */
	assert_int_equal(oomt_limits_refresh(l, &q), 0);
	assert_int_equal(oomt_limits_nrows(l), 3);
	assert_string_equal(oomt_limits_row(l, 0)->name, "db.service");   /* 20% headroom */
	assert_string_equal(oomt_limits_row(l, 1)->name, "app.slice");    /* 51% */
	assert_string_equal(oomt_limits_row(l, 2)->path, "/batch");       /* no limit, a kill */
	r = oomt_limits_row(l, 0);
	assert_int_equal(r->kind, OOMT_LIMITS_KIND_UNIT);
	assert_int_equal(r->headroom_bytes, 256 * MiB - 200 * MiB);
	assert_int_equal(r->working_set_bytes, 200 * MiB - 1 * MiB);
	assert_int_equal(r->events.oom_kill, 2);
	assert_int_equal(r->procs, 1);   /* one line of cgroup.procs: no proc/ in this tree */
	assert_true(isnan(r->psi_some_avg10));
	assert_int_equal(r->parent_row, 1);                        /* app.slice, listed too */
	assert_int_equal(oomt_limits_row(l, 1)->parent_row, OOMT_LIMITS_NO_PARENT);   /* "/" */
	/* every one, as a tree: parents first, the limit inherited from app.slice */
	q.all = q.tree = true;
	assert_int_equal(oomt_limits_refresh(l, &q), 0);
	assert_int_equal(oomt_limits_nrows(l), 7);
	assert_string_equal(oomt_limits_row(l, 0)->path, "/");
	assert_non_null(r = row_of(l, "/app.slice/web.service/worker"));
	assert_string_equal(r->name, "web.service/worker");
	assert_int_equal(r->max_bytes, OOMT_UNKNOWN);
	assert_int_equal(r->effective_max_bytes, 1024 * MiB);
	assert_int_equal(r->headroom_bytes, 1024 * MiB - 100 * MiB);
	assert_string_equal(oomt_limits_row(l, r->parent_row)->path, "/app.slice/web.service");
	assert_int_equal(r->depth, 3);
	/* a tree of the default selection brings the ancestors along, as context */
	q.all = false;
	assert_int_equal(oomt_limits_refresh(l, &q), 0);
	assert_non_null(r = row_of(l, "/"));
	assert_true(r->context);
	assert_null(row_of(l, "/idle"));
	assert_false(row_of(l, "/app.slice/db.service")->context);
	/* selectors name what they select, limit or not */
	memset(&q, 0, sizeof(q));
	q.struct_size = sizeof(q);
	q.unit = "web.service";
	assert_int_equal(oomt_limits_refresh(l, &q), 0);
	assert_int_equal(oomt_limits_nrows(l), 2);
	q.unit = NULL;
	q.cgroup = "/app.slice/web.service";
	assert_int_equal(oomt_limits_refresh(l, &q), 0);
	assert_int_equal(oomt_limits_nrows(l), 2);
	/* a subtree still inherits the limit above it, and its name */
	assert_non_null(r = row_of(l, "/app.slice/web.service/worker"));
	assert_int_equal(r->effective_max_bytes, 1024 * MiB);
	q.cgroup = "/app.slice/web.service/worker";
	assert_int_equal(oomt_limits_refresh(l, &q), 0);
	assert_string_equal(oomt_limits_row(l, 0)->name, "web.service/worker");
	q.cgroup = "/nope";
	assert_int_equal(oomt_limits_refresh(l, &q), -ENOENT);
	q.cgroup = "/../..";
	assert_int_equal(oomt_limits_refresh(l, &q), -EINVAL);
	q.struct_size = 4;
	assert_int_equal(oomt_limits_refresh(l, &q), -EINVAL);
	assert_int_equal(oomt_limits_stats(l)->vanished, 0);
	oomt_limits_free(l);
	assert_int_equal(oomt_limits_new("/nonexistent-sysroot", &l), -ENOENT);
}

/* Processes per cgroup from <sysroot>/proc/PID/cgroup, instead of each cgroup.procs. */
static void test_procs_from_proc(void **state)
{
	static const struct { const char *pid, *text; } procs[] = {
		{ "1", "0::/init.scope\n" },
		{ "20", "0::/app.slice/web.service\n" },
		{ "21", "0::/app.slice/web.service\n" },
		{ "22", "12:memory:/v1/path\n0::/app.slice/db.service\n" },
	};
	struct oomt_limits_query q = { .struct_size = sizeof(q), .all = true };
	struct oomt_limits_procs *p;
	struct oomt_limits *l;
	char path[PATH_MAX + 64];
	(void)state;
	assert_int_equal(oomt_limits_procs_scan(root, &p), -ENOENT);   /* no proc/ there */
	snprintf(path, sizeof(path), "%s/proc", root);
	mkdir(path, 0755);
	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/proc/%s", root, procs[i].pid);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/proc/%s/cgroup", root, procs[i].pid);
		assert_non_null(f = fopen(path, "w"));
		fputs(procs[i].text, f);
		fclose(f);
	}
	assert_int_equal(oomt_limits_procs_scan(root, &p), 0);
	assert_int_equal(oomt_limits_procs_count(p, OOMT_CGROUP_V2, "/app.slice/web.service"), 2);
	assert_int_equal(oomt_limits_procs_count(p, OOMT_CGROUP_V2, "/app.slice/db.service"), 1);
	assert_int_equal(oomt_limits_procs_count(p, OOMT_CGROUP_V1, "/v1/path"), 1);
	assert_int_equal(oomt_limits_procs_count(p, OOMT_CGROUP_V1, "/app.slice/db.service"), 0);
	assert_int_equal(oomt_limits_procs_count(p, OOMT_CGROUP_V2, "/idle"), 0);
	oomt_limits_procs_free(p);
	/* the listing takes them from there (every cgroup.procs of the tree says 7) */
	assert_int_equal(oomt_limits_new(root, &l), 0);
	assert_int_equal(oomt_limits_refresh(l, &q), 0);
	assert_int_equal(row_of(l, "/app.slice/web.service")->procs, 2);
	assert_int_equal(row_of(l, "/idle")->procs, 0);
	oomt_limits_free(l);
	/* a /proc that hides init (hidepid) is not used */
	snprintf(path, sizeof(path), "%s/proc/1/cgroup", root);
	unlink(path);
	assert_int_equal(oomt_limits_procs_scan(root, &p), -EACCES);
	assert_int_equal(oomt_limits_new(root, &l), 0);
	assert_int_equal(oomt_limits_refresh(l, &q), 0);
	assert_int_equal(row_of(l, "/app.slice/web.service")->procs, 1);   /* "7\n": one line */
	oomt_limits_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_stat),
		cmocka_unit_test_setup_teardown(test_listing, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_procs_from_proc, tree_setup, tree_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
