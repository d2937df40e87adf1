/* SPDX-License-Identifier: MIT */
/* protect on the fixture tree tests/fixtures/protect (a /proc with units, sessions,
 * containers and kubepods; unit files and drop-ins; an undo record): where each value comes
 * from and the flags; then plans applied to a copy of the tree (set, --persist, --children,
 * reset), every refusal leaving the tree as it was, and the JSON. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/xattr.h>
#include <cmocka.h>
#include <oomtool/protect-json.h>
#include "proc/pid-stat.h"
#include "protect/protect-internal.h"
#include "util/file.h"
#include "test-tmpdir.h"

#define FIXTURE TEST_FIXTURE_DIR "/protect"

static char tmp[PATH_MAX], copy[PATH_MAX + 8], orig[PATH_MAX + 8];

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[4 * PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* A fresh copy of the fixture at `copy`, and one to compare with at `orig`. */
static int fresh(void **state)
{
	(void)state;
	return run("rm -rf '%s' '%s' && cp -a '%s' '%s' && cp -a '%s' '%s'", copy, orig, FIXTURE,
	           copy, FIXTURE, orig) == 0 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	test_tmp_path(tmp, sizeof(tmp), "oomtool-protect-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(copy, sizeof(copy), "%s/root", tmp);
	snprintf(orig, sizeof(orig), "%s/orig", tmp);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return run("rm -rf '%s'", tmp) == 0 ? 0 : -1;
}

static void assert_unchanged(void)
{
	assert_int_equal(run("diff -r '%s' '%s'", orig, copy), 0);
}

static struct oomt_protect_list *list_of(const char *sysroot, const struct oomt_protect_list *prev)
{
	struct oomt_protect_opts o = { .struct_size = sizeof(o), .sysroot = sysroot,
	                               .systemd = OOMT_SYSTEMD_NEVER };
	struct oomt_protect_list *l = NULL;

	assert_int_equal(oomt_protect_list_new(&o, prev, &l), 0);
	return l;
}

static const struct oomt_protect_process *pid_of(const struct oomt_protect_list *l, int pid)
{
	const struct oomt_protect_process *p = oomt_protect_list_find(l, pid);

	assert_non_null(p);
	return p;
}

static void test_stat(void **state)
{
	static const char line[] = "42 (a) b) x) R 7 42 42 0 -1 4194304 1 0 0 0 0 0 0 0 20 0 1 0 "
	                           "123456 100 10 18446744073709551615\n";
	struct oomt_proc_stat st;

	(void)state;
	assert_int_equal(oomt_proc_parse_stat(line, strlen(line), &st), 0);
	assert_int_equal(st.ppid, 7);
	assert_int_equal(st.start_ticks, 123456);
	assert_int_equal(st.state, 'R');
	assert_int_equal(oomt_proc_parse_stat("42 (a) R 7", 10, &st), -ENODATA);
	assert_int_equal(oomt_proc_parse_stat("garbage", 7, &st), -ENODATA);
}

static void test_kubelet(void **state)
{
	(void)state;
	assert_true(oomt_kubelet_adj_matches(OOMT_POD_QOS_GUARANTEED, "java", -997));
	assert_true(oomt_kubelet_adj_matches(OOMT_POD_QOS_GUARANTEED, "java", -998));
	assert_false(oomt_kubelet_adj_matches(OOMT_POD_QOS_GUARANTEED, "java", 0));
	assert_true(oomt_kubelet_adj_matches(OOMT_POD_QOS_BESTEFFORT, "x", 1000));
	assert_true(oomt_kubelet_adj_matches(OOMT_POD_QOS_BURSTABLE, "x", 2));
	assert_true(oomt_kubelet_adj_matches(OOMT_POD_QOS_BURSTABLE, "x", 999));
	assert_false(oomt_kubelet_adj_matches(OOMT_POD_QOS_BURSTABLE, "x", 1000));
	assert_true(oomt_kubelet_adj_matches(OOMT_POD_QOS_BESTEFFORT, "pause", -998));
	assert_false(oomt_kubelet_adj_matches(OOMT_POD_QOS_NONE, "x", 1000));
	assert_int_equal(oomt_kubelet_adj_expected(OOMT_POD_QOS_GUARANTEED, "x"), -997);
	assert_int_equal(oomt_kubelet_adj_expected(OOMT_POD_QOS_BURSTABLE, "x"), OOMT_UNKNOWN);
}

static void expect(const struct oomt_protect_list *l, int pid, enum oomt_adj_source src,
                   int64_t configured, uint32_t flags, bool listed)
{
	const struct oomt_protect_process *p = pid_of(l, pid);

	print_message("pid %d: %s %lld %x\n", pid, oomt_adj_source_name(p->source),
	              (long long)p->configured_adj, p->flags);
	assert_int_equal(p->source, src);
	assert_int_equal(p->configured_adj, configured);
	assert_int_equal(p->flags, flags);
	assert_int_equal(p->listed, listed);
}

static void test_list(void **state)
{
	struct oomt_protect_list *l = list_of(FIXTURE, NULL);
	const struct oomt_protect_process *p;

	(void)state;
	assert_null(oomt_protect_list_find(l, 950));        /* a kernel thread */
	assert_int_equal(oomt_protect_list_ram_bytes(l), 4194304LL * 1024);
	expect(l, 1, OOMT_ADJ_DEFAULT, OOMT_UNKNOWN, 0, false);
	/* the drop-in (-500) wins over the unit file (-100); the worker is the unit's too */
	expect(l, 100, OOMT_ADJ_UNIT, -500, 0, true);
	expect(l, 101, OOMT_ADJ_UNIT, -500, 0, true);
	p = pid_of(l, 100);
	assert_non_null(strstr(p->configured_from, "nginx.service.d/override.conf"));
	assert_string_equal(p->unit, "nginx.service");
	assert_string_equal(p->oom_policy, "stop");
	assert_string_equal(pid_of(l, 101)->user, "www-data");
	/* configured -900, has 0: drift, listed although 0 */
	expect(l, 200, OOMT_ADJ_DEFAULT, -900, OOMT_PROTECT_DRIFT, true);
	expect(l, 300, OOMT_ADJ_UNIT, -1000, OOMT_PROTECT_UNKILLABLE_LARGE |
	       OOMT_PROTECT_OOM_POLICY_KILL | OOMT_PROTECT_OOMD_AVOID, true);
	assert_string_equal(pid_of(l, 300)->oom_policy, "kill");
	/* the display manager's -900 leaks into the session's shell */
	expect(l, 400, OOMT_ADJ_MANUAL, OOMT_UNKNOWN, OOMT_PROTECT_CHILDREN_INHERIT, true);
	assert_int_equal(pid_of(l, 400)->children_inheriting, 1);
	expect(l, 401, OOMT_ADJ_INHERITED, OOMT_UNKNOWN, 0, true);
	assert_int_equal(pid_of(l, 401)->parent_pid, 400);
	/* kubepods: the QoS policy */
	expect(l, 500, OOMT_ADJ_KUBELET, -997, 0, true);
	assert_int_equal(pid_of(l, 500)->qos, OOMT_POD_QOS_GUARANTEED);
	expect(l, 501, OOMT_ADJ_KUBELET, -998, 0, true);
	expect(l, 510, OOMT_ADJ_KUBELET, 1000, 0, true);
	expect(l, 520, OOMT_ADJ_KUBELET, 500, 0, true);
	expect(l, 521, OOMT_ADJ_RUNTIME, OOMT_UNKNOWN, OOMT_PROTECT_DRIFT, true);
	/* memory.oom.group = 1 on the container's cgroup (v2) */
	expect(l, 600, OOMT_ADJ_RUNTIME, OOMT_UNKNOWN, OOMT_PROTECT_OOM_GROUP, true);
	/* an LXD container's own postgresql.service (lxc.proc.oom_score_adj 100): not the host's
	 * unit of that name (-900), so no drift */
	expect(l, 610, OOMT_ADJ_RUNTIME, OOMT_UNKNOWN, 0, true);
	assert_string_equal(pid_of(l, 610)->unit, "");
	assert_string_equal(pid_of(l, 610)->workload, "lxc/db1");
	expect(l, 700, OOMT_ADJ_MANUAL, OOMT_UNKNOWN, 0, true);
	/* the record in run/oomtool */
	expect(l, 800, OOMT_ADJ_OOMTOOL, 400, 0, true);
	/* the user manager: user@.service's 100; its services 100 above it */
	expect(l, 900, OOMT_ADJ_UNIT, 100, 0, true);
	assert_string_equal(pid_of(l, 900)->unit, "user@1000.service");
	expect(l, 901, OOMT_ADJ_UNIT, 200, 0, true);
	oomt_protect_list_free(l);
}

static void test_growth(void **state)
{
	struct oomt_protect_list *first, *second;
	char path[PATH_MAX * 2];
	FILE *f;

	(void)state;
	first = list_of(copy, NULL);
	snprintf(path, sizeof(path), "%s/proc/300/statm", copy);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "400000 300000 0 0 0 0 0\n");             /* 1 GiB -> 1.14 GiB */
	fclose(f);
	second = list_of(copy, first);
	assert_true(pid_of(second, 300)->flags & OOMT_PROTECT_UNKILLABLE_GROWING);
	assert_true(pid_of(second, 300)->rss_growth_bytes > 0);
	assert_int_equal(pid_of(second, 100)->rss_growth_bytes, 0);
	assert_int_equal(pid_of(first, 300)->rss_growth_bytes, OOMT_UNKNOWN);
	oomt_protect_list_free(first);
	oomt_protect_list_free(second);
}

/* systemd-oomd's preference as systemd stores it: an xattr on the cgroup directory. */
static void test_oomd_xattr(void **state)
{
	char dir[PATH_MAX * 2];
	struct oomt_protect_list *l;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope",
	         copy);
	if (lsetxattr(dir, "user.oomd_omit", "1", 1, 0) < 0) {
		print_message("no user xattrs here (%s): skipped\n", strerror(errno));
		skip();
	}
	l = list_of(copy, NULL);
	assert_int_equal(pid_of(l, 700)->flags, OOMT_PROTECT_OOMD_OMIT);
	assert_int_equal(pid_of(l, 800)->flags, OOMT_PROTECT_OOMD_OMIT);
	oomt_protect_list_free(l);
}

static struct oomt_protect_plan *plan_for(const struct oomt_protect_list *l,
                                          struct oomt_protect_request req)
{
	struct oomt_protect_plan *p = NULL;

	req.struct_size = sizeof(req);
	req.systemd = OOMT_SYSTEMD_NEVER;
	assert_int_equal(oomt_protect_plan_compute(l, &req, &p), 0);
	return p;
}

static void apply_ok(const struct oomt_protect_plan *p)
{
	struct oomt_protect_result *res = NULL;

	assert_int_equal(p->verdict, OOMT_PROTECT_READY);
	assert_int_equal(oomt_protect_apply(p, &res), 0);
	assert_int_equal(res->err, 0);
	for (size_t i = 0; i < p->nsteps; i++)
		assert_int_equal(res->status[i], OOMT_PROTECT_STEP_DONE);
	oomt_protect_result_free(res);
}

static char *file(const char *rel)
{
	char path[PATH_MAX * 2], *buf = NULL;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", copy, rel);
	return oomt_file_read_all(path, 1 << 20, &buf, &len) == 0 ? buf : NULL;
}

static void expect_file(const char *rel, const char *text)
{
	char *have = file(rel);

	if (!text) {
		assert_null(have);
		return;
	}
	assert_non_null(have);
	assert_string_equal(have, text);
	free(have);
}

static void test_set_persist_reset(void **state)
{
	struct oomt_protect_list *l = list_of(copy, NULL);
	struct oomt_protect_plan *p;
	bool override_warned = false;

	(void)state;
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	             .target = "nginx.service", .adj = -800, .persist = true });
	assert_int_equal(p->verdict, OOMT_PROTECT_READY);
	assert_int_equal(p->target_kind, OOMT_TARGET_UNIT);
	assert_int_equal(p->matched, 2);
	assert_int_equal(p->nsteps, 4);         /* record, drop-in, two processes (no reload) */
	assert_int_equal(p->steps[0].kind, OOMT_PROTECT_STEP_RECORD);
	assert_int_equal(p->steps[1].kind, OOMT_PROTECT_STEP_DROPIN);
	assert_int_equal(p->steps[2].kind, OOMT_PROTECT_STEP_ADJ);
	assert_int_equal(p->steps[2].from, -500);
	assert_int_equal(p->steps[2].to, -800);
	for (size_t i = 0; i < p->nwarnings; i++)
		override_warned |= strstr(p->warnings[i], "override.conf") != NULL;
	assert_true(override_warned);           /* override.conf sorts after 90-oomtool.conf */
	apply_ok(p);
	oomt_protect_plan_free(p);
	oomt_protect_list_free(l);
	expect_file("proc/100/oom_score_adj", "-800\n");
	expect_file("proc/101/oom_score_adj", "-800\n");
	expect_file("etc/systemd/system/nginx.service.d/90-oomtool.conf",
	            "# Made by 'oomtool protect set nginx.service -800 --persist'; 'oomtool protect "
	            "reset nginx.service' removes it.\n[Service]\nOOMScoreAdjust=-800\n");
	l = list_of(copy, NULL);
	assert_int_equal(pid_of(l, 100)->source, OOMT_ADJ_OOMTOOL);
	/* the same again: nothing to do */
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	             .target = "nginx.service", .adj = -800, .persist = true });
	assert_int_equal(p->verdict, OOMT_PROTECT_DONE);
	oomt_protect_plan_free(p);
	/* a second set keeps the first value replaced */
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	             .target = "100", .adj = -700 });
	apply_ok(p);
	oomt_protect_plan_free(p);
	oomt_protect_list_free(l);
	l = list_of(copy, NULL);
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_RESET,
	             .target = "nginx.service" });
	assert_int_equal(p->steps[0].kind, OOMT_PROTECT_STEP_DROPIN_REMOVE);
	apply_ok(p);
	oomt_protect_plan_free(p);
	oomt_protect_list_free(l);
	/* exactly as before: values, the drop-in directory gone, the records */
	assert_unchanged();
}

static void test_reset_after_restart(void **state)
{
	struct oomt_protect_list *l = list_of(copy, NULL);
	struct oomt_protect_plan *p;

	(void)state;
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	             .target = "postgresql.service", .adj = -600, .persist = true });
	apply_ok(p);
	oomt_protect_plan_free(p);
	oomt_protect_list_free(l);
	/* a reboot: the records are gone, the process started with the drop-in's value */
	assert_int_equal(run("sed -i '/^200:/d' '%s/run/oomtool/protect.state'", copy), 0);
	l = list_of(copy, NULL);
	assert_int_equal(pid_of(l, 200)->source, OOMT_ADJ_UNIT);
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_RESET,
	             .target = "postgresql.service" });
	assert_int_equal(p->nsteps, 2);          /* remove the drop-in, back to the unit's -900 */
	assert_int_equal(p->steps[1].kind, OOMT_PROTECT_STEP_ADJ);
	assert_int_equal(p->steps[1].to, -900);
	apply_ok(p);
	oomt_protect_plan_free(p);
	oomt_protect_list_free(l);
	expect_file("proc/200/oom_score_adj", "-900\n");
	expect_file("etc/systemd/system/postgresql.service.d/90-oomtool.conf", NULL);
	assert_int_equal(run("test -e '%s/etc/systemd/system/postgresql.service.d'", copy) != 0,
	                 1);
}

static void test_children_and_names(void **state)
{
	struct oomt_protect_list *l = list_of(copy, NULL);
	struct oomt_protect_plan *p;

	(void)state;
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	             .target = "lightdm", .adj = 100, .children = true });
	assert_int_equal(p->target_kind, OOMT_TARGET_NAME);
	assert_int_equal(p->matched, 2);
	assert_int_equal(p->nsteps, 3);
	apply_ok(p);
	oomt_protect_plan_free(p);
	oomt_protect_list_free(l);
	expect_file("proc/400/oom_score_adj", "100\n");
	expect_file("proc/401/oom_score_adj", "100\n");
	l = list_of(copy, NULL);
	/* without --children, reset undoes the parent only */
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_RESET,
	             .target = "400" });
	assert_int_equal(p->matched, 1);
	apply_ok(p);
	oomt_protect_plan_free(p);
	oomt_protect_list_free(l);
	expect_file("proc/400/oom_score_adj", "-900\n");
	expect_file("proc/401/oom_score_adj", "100\n");
	l = list_of(copy, NULL);
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_RESET,
	             .target = "bash" });
	apply_ok(p);
	oomt_protect_plan_free(p);
	/* nothing left to undo */
	oomt_protect_list_free(l);
	l = list_of(copy, NULL);
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_RESET,
	             .target = "lightdm", .children = true });
	assert_int_equal(p->verdict, OOMT_PROTECT_DONE);
	oomt_protect_plan_free(p);
	oomt_protect_list_free(l);
	assert_unchanged();
}

static void expect_refused(const struct oomt_protect_list *l, struct oomt_protect_request req,
                           enum oomt_protect_refusal why)
{
	struct oomt_protect_plan *p = plan_for(l, req);
	struct oomt_protect_result *res = NULL;

	print_message("%s %d: %s\n", req.target, req.adj, p->reason);
	assert_int_equal(p->verdict, OOMT_PROTECT_REFUSED);
	assert_int_equal(p->refusal, why);
	assert_true(p->reason[0] && p->hint[0] && p->check);
	assert_int_equal(oomt_protect_apply(p, &res), -EINVAL);
	oomt_protect_plan_free(p);
}

static void test_refusals(void **state)
{
	struct oomt_protect_list *l = list_of(copy, NULL);

	(void)state;
	expect_refused(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	               .target = "nginx.service", .adj = -1000 }, OOMT_PROTECT_UNKILLABLE);
	expect_refused(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	               .target = "100", .adj = 1001 }, OOMT_PROTECT_BAD_VALUE);
	expect_refused(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	               .target = "100", .adj = -900, .persist = true }, OOMT_PROTECT_CANNOT_PERSIST);
	expect_refused(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	               .target = "vim", .adj = 500, .persist = true }, OOMT_PROTECT_CANNOT_PERSIST);
	expect_refused(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	               .target = "session-3.scope", .adj = 500, .persist = true },
	               OOMT_PROTECT_CANNOT_PERSIST);
	expect_refused(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	               .target = "syncd.service", .adj = 500, .persist = true },
	               OOMT_PROTECT_CANNOT_PERSIST);
	expect_refused(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	               .target = "4242", .adj = 5 }, OOMT_PROTECT_NOT_FOUND);
	expect_refused(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	               .target = "nosuchprocess", .adj = 5 }, OOMT_PROTECT_NOT_FOUND);
	expect_refused(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	               .target = "gone.service", .adj = 5 }, OOMT_PROTECT_NOT_FOUND);
	oomt_protect_list_free(l);
	assert_unchanged();
}

static void test_force_and_unit_without_process(void **state)
{
	struct oomt_protect_list *l = list_of(copy, NULL);
	struct oomt_protect_plan *p;

	(void)state;
	/* -1000 with --force is planned (and the unit gets a drop-in though nothing runs) */
	p = plan_for(l, (struct oomt_protect_request){ .action = OOMT_PROTECT_SET,
	             .target = "idle.service", .adj = -1000, .force = true, .persist = true });
	assert_int_equal(p->verdict, OOMT_PROTECT_READY);
	assert_int_equal(p->matched, 0);
	assert_int_equal(p->nsteps, 1);
	assert_int_equal(p->steps[0].kind, OOMT_PROTECT_STEP_DROPIN);
	oomt_protect_plan_free(p);
	assert_int_equal(oomt_protect_plan_compute(l, NULL, &p), -EINVAL);
	oomt_protect_list_free(l);
}

static void test_json(void **state)
{
	struct oomt_protect_list *l = list_of(FIXTURE, NULL);
	struct oomt_json *j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(oomt_json_new(f, false, &j), 0);
	oomt_protect_list_write_json(j, l, false);
	oomt_json_finish(j);
	oomt_json_free(j);
	fclose(f);
	assert_non_null(strstr(buf, "\"processes\":["));
	assert_non_null(strstr(buf, "{\"pid\":401,\"user\":\"alice\",\"comm\":\"bash\","
	                             "\"oom_score_adj\":-900,\"oom_score\":0,\"rss_bytes\":"));
	assert_non_null(strstr(buf, "\"source\":\"inherited\",\"configured_adj\":null,"
	                             "\"configured_from\":null,\"parent_pid\":400,\"flags\":[]}"));
	assert_non_null(strstr(buf, "\"flags\":[\"unkillable_large\",\"oom_policy_kill\","
	                             "\"oomd_avoid\"]"));
	assert_null(strstr(buf, "\"pid\":1,"));            /* 0 and no flag: not listed */
	free(buf);
	oomt_protect_list_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_kubelet),
		cmocka_unit_test(test_list),
		cmocka_unit_test_setup(test_growth, fresh),
		cmocka_unit_test_setup(test_oomd_xattr, fresh),
		cmocka_unit_test_setup(test_set_persist_reset, fresh),
		cmocka_unit_test_setup(test_reset_after_restart, fresh),
		cmocka_unit_test_setup(test_children_and_names, fresh),
		cmocka_unit_test_setup(test_refusals, fresh),
		cmocka_unit_test_setup(test_force_and_unit_without_process, fresh),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
