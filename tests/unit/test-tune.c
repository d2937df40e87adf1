/* SPDX-License-Identifier: MIT */
/* tune on the fixture tree tests/fixtures/tune (proc/sys, sysctl.d in four directories,
 * sysctl.conf through its 99-sysctl.conf link, the kernel command line, THP, zswap, two
 * swap areas, two userspace killers): where each value comes from and the findings; then
 * set, reset and drop-caches applied to a copy, undo exact, every refusal leaving the tree
 * as it was. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/system.h>
#include <oomtool/tune-json.h>
#include "tune/tune-internal.h"
#include "util/file.h"
#include "test-tmpdir.h"

#define FIXTURE TEST_FIXTURE_DIR "/tune"

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

static int fresh(void **state)
{
	(void)state;
	return run("rm -rf '%s' '%s' && cp -a '%s' '%s' && cp -a '%s' '%s'", copy, orig, FIXTURE,
	           copy, FIXTURE, orig) == 0 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	test_tmp_path(tmp, sizeof(tmp), "oomtool-tune-XXXXXX");
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

static struct oomt_tune_check *check_of(const char *sysroot)
{
	struct oomt_tune_check_opts o = { .struct_size = sizeof(o), .sysroot = sysroot };
	struct oomt_tune_check *c = NULL;

	assert_int_equal(oomt_tune_check_new(&o, &c), 0);
	return c;
}

static const struct oomt_tune_setting *setting(const struct oomt_tune_check *c, const char *key)
{
	const struct oomt_tune_setting *s = oomt_tune_check_setting(c, key);

	assert_non_null(s);
	return s;
}

static void expect_setting(const struct oomt_tune_check *c, const char *key, const char *value,
                           enum oomt_tune_origin origin, const char *file_end)
{
	const struct oomt_tune_setting *s = setting(c, key);

	print_message("%s = %s (%s %s:%u)\n", key, s->value, oomt_tune_origin_name(s->origin),
	              s->file, s->line);
	assert_true(s->readable);
	assert_string_equal(s->value, value);
	assert_int_equal(s->origin, origin);
	if (file_end) {
		size_t n = strlen(s->file), m = strlen(file_end);

		assert_true(n >= m && strcmp(s->file + n - m, file_end) == 0);
	} else {
		assert_string_equal(s->file, "");
	}
}

static const struct oomt_tune_finding *finding(const struct oomt_tune_check *c, const char *code)
{
	const struct oomt_tune_finding *f;
	size_t n = oomt_tune_check_findings(c, &f);

	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].code, code) == 0)
			return &f[i];
	return NULL;
}

static int64_t evidence(const struct oomt_tune_finding *f, const char *key)
{
	for (size_t i = 0; i < f->n_evidence; i++)
		if (strcmp(f->evidence[i].key, key) == 0)
			return f->evidence[i].num;
	fail_msg("no evidence %s", key);
	return 0;
}

static int64_t advice(const struct oomt_tune_finding *f, const char *key)
{
	for (size_t i = 0; i < f->n_advice; i++)
		if (strcmp(f->advice[i].key, key) == 0)
			return f->advice[i].num;
	fail_msg("no advice %s", key);
	return 0;
}

static void test_keys(void **state)
{
	(void)state;
	assert_non_null(oomt_tune_key_find("vm.swappiness"));
	assert_ptr_equal(oomt_tune_key_find("vm/swappiness"), oomt_tune_key_find("vm.swappiness"));
	assert_null(oomt_tune_key_find("vm.drop_caches"));
	assert_null(oomt_tune_key_find("net.ipv4.ip_forward"));
	assert_int_equal(oomt_tune_key_max(oomt_tune_key_find("vm.swappiness"),
	                                   OOMT_KERNEL_VERSION(5, 4, 0), OOMT_UNKNOWN), 100);
	assert_int_equal(oomt_tune_key_max(oomt_tune_key_find("vm.swappiness"),
	                                   OOMT_KERNEL_VERSION(6, 6, 0), OOMT_UNKNOWN), 200);
	assert_int_equal(oomt_tune_key_max(oomt_tune_key_find("vm.min_free_kbytes"), 0,
	                                   4LL << 30), 4 * 1024 * 1024 / 20);
}

static void test_check(void **state)
{
	struct oomt_tune_check *c = check_of(FIXTURE);
	const struct oomt_tune_finding *f, *all;
	const struct oomt_tune_system *sys = oomt_tune_check_system(c);
	size_t n;

	(void)state;
	/* /etc's 50-swap.conf hides /usr/lib's of the same name */
	expect_setting(c, "vm.swappiness", "0", OOMT_TUNE_FILE, "/etc/sysctl.d/50-swap.conf");
	assert_int_equal(setting(c, "vm.swappiness")->line, 2);
	/* the glob in 10-glob.conf (70) is read before 70-overcommit.conf (50) */
	expect_setting(c, "vm.overcommit_ratio", "50", OOMT_TUNE_FILE, "70-overcommit.conf");
	expect_setting(c, "vm.admin_reserve_kbytes", "1024", OOMT_TUNE_FILE, "70-overcommit.conf");
	/* sysctl.conf, through the 99-sysctl.conf link */
	expect_setting(c, "vm.oom_dump_tasks", "0", OOMT_TUNE_FILE, "99-sysctl.conf");
	expect_setting(c, "vm.oom_kill_allocating_task", "1", OOMT_TUNE_CMDLINE, "/proc/cmdline");
	/* run/sysctl.d says 200, the kernel has 10: written since boot */
	expect_setting(c, "vm.watermark_scale_factor", "10", OOMT_TUNE_RUNTIME, "60-watermark.conf");
	assert_string_equal(setting(c, "vm.watermark_scale_factor")->configured, "200");
	expect_setting(c, "kernel.panic", "0", OOMT_TUNE_DEFAULT, NULL);
	expect_setting(c, "transparent_hugepage.enabled", "always", OOMT_TUNE_CMDLINE,
	               "/proc/cmdline");
	expect_setting(c, "transparent_hugepage.defrag", "always", OOMT_TUNE_DEFAULT, NULL);
	expect_setting(c, "zswap.enabled", "Y", OOMT_TUNE_DEFAULT, NULL);
	assert_false(setting(c, "zswap.enabled")->settable);
	assert_true(setting(c, "vm.swappiness")->settable);
	/* the system */
	assert_int_equal(sys->ram_bytes, 4194304LL * 1024);
	assert_int_equal(sys->swap_bytes, 2097152LL * 1024);
	assert_int_equal(sys->swap_areas, 2);
	assert_string_equal(sys->killers, "earlyoom, systemd-oomd");
	/* findings: the most severe first */
	n = oomt_tune_check_findings(c, &all);
	assert_true(n >= 2);
	assert_int_equal(all[0].severity, OOMT_SEV_CRITICAL);
	for (size_t i = 1; i < n; i++)
		assert_true(all[i - 1].severity >= all[i].severity);
	assert_non_null(f = finding(c, "panic_on_oom_hang"));
	assert_int_equal(evidence(f, "panic_on_oom"), 1);
	assert_int_equal(advice(f, "panic_on_oom"), 0);
	assert_non_null(f = finding(c, "overcommit_never_near_limit"));
	assert_int_equal(f->severity, OOMT_SEV_CRITICAL);
	assert_int_equal(evidence(f, "commit_limit_bytes"), 4194304LL * 1024);
	assert_int_equal(advice(f, "overcommit_ratio"), 70);
	assert_non_null(finding(c, "admin_reserve_low"));
	assert_non_null(f = finding(c, "swappiness_zero_with_swap"));
	assert_int_equal(advice(f, "swappiness"), 10);
	assert_non_null(f = finding(c, "swap_disk_before_zram"));
	assert_int_equal(evidence(f, "zram_priority"), 5);
	assert_int_equal(evidence(f, "disk_priority"), 10);
	assert_non_null(f = finding(c, "min_free_kbytes_high"));
	assert_int_equal(evidence(f, "default_kbytes"), 8192);
	assert_non_null(finding(c, "oom_dump_tasks_off"));
	assert_non_null(finding(c, "oom_kill_allocating_task"));
	assert_non_null(finding(c, "thp_always"));
	assert_non_null(finding(c, "thp_defrag_always"));
	assert_non_null(finding(c, "several_userspace_killers"));
	assert_non_null(f = finding(c, "setting_not_persisted"));
	assert_string_equal(f->key, "vm.watermark_scale_factor");
	assert_null(finding(c, "no_swap"));
	assert_null(finding(c, "zswap_without_swap"));
	assert_null(finding(c, "no_userspace_killer"));
	oomt_tune_check_free(c);
}

static struct oomt_tune_plan *plan(enum oomt_tune_action a, const char *const *args, size_t n,
                                   bool persist)
{
	struct oomt_tune_request req = { .struct_size = sizeof(req), .action = a, .args = args,
	                                 .nargs = n, .persist = persist, .drop = OOMT_DROP_ALL };
	struct oomt_tune_plan *p = NULL;

	assert_int_equal(oomt_tune_plan_compute(copy, &req, &p), 0);
	return p;
}

static void apply_ok(const struct oomt_tune_plan *p, struct oomt_tune_result **keep)
{
	struct oomt_tune_result *res = NULL;

	assert_int_equal(p->verdict, OOMT_TUNE_READY);
	assert_int_equal(oomt_tune_apply(p, &res), 0);
	assert_int_equal(res->err, 0);
	for (size_t i = 0; i < p->nsteps; i++)
		assert_int_equal(res->status[i], OOMT_TUNE_STEP_DONE);
	if (keep)
		*keep = res;
	else
		oomt_tune_result_free(res);
}

static void test_set_reset(void **state)
{
	static const char *const set[] = { "vm.swappiness=10", "vm/oom_dump_tasks=1" };
	static const char *const keys[] = { "vm.swappiness", "vm.oom_dump_tasks" };
	struct oomt_tune_plan *p;
	struct oomt_tune_check *c;
	bool override = false;

	(void)state;
	p = plan(OOMT_TUNE_SET, set, 2, true);
	assert_int_equal(p->nsteps, 5);
	assert_int_equal(p->steps[0].kind, OOMT_TUNE_STEP_RECORD);
	assert_int_equal(p->steps[1].kind, OOMT_TUNE_STEP_WRITE);
	assert_string_equal(p->steps[1].from, "0");
	assert_string_equal(p->steps[1].to, "10");
	assert_int_equal(p->steps[2].kind, OOMT_TUNE_STEP_PERSIST);
	for (size_t i = 0; i < p->nwarnings; i++)
		override |= strstr(p->warnings[i], "99-sysctl.conf") != NULL;
	assert_true(override);                     /* sysctl.conf sets oom_dump_tasks later */
	apply_ok(p, NULL);
	oomt_tune_plan_free(p);
	expect_file("proc/sys/vm/swappiness", "10\n");
	expect_file("proc/sys/vm/oom_dump_tasks", "1\n");
	expect_file("etc/sysctl.d/90-oomtool.conf",
	            "# Kernel settings made by oomtool; systemd-sysctl(8) applies them at boot.\n"
	            "# A \"# was:\" line keeps the value a setting had before oomtool first "
	            "changed it.\n# was: vm.swappiness = 0\nvm.swappiness = 10\n"
	            "# was: vm.oom_dump_tasks = 0\nvm.oom_dump_tasks = 1\n");
	c = check_of(copy);
	expect_setting(c, "vm.swappiness", "10", OOMT_TUNE_OOMTOOL, "90-oomtool.conf");
	assert_null(finding(c, "swappiness_zero_with_swap"));
	oomt_tune_check_free(c);
	/* set again to another value: the record keeps the first value replaced */
	p = plan(OOMT_TUNE_SET, (const char *const[]){ "vm.swappiness=20" }, 1, false);
	apply_ok(p, NULL);
	oomt_tune_plan_free(p);
	p = plan(OOMT_TUNE_SET, (const char *const[]){ "vm.swappiness=20" }, 1, false);
	assert_int_equal(p->verdict, OOMT_TUNE_DONE);
	oomt_tune_plan_free(p);
	p = plan(OOMT_TUNE_RESET, keys, 2, false);
	assert_int_equal(p->steps[0].kind, OOMT_TUNE_STEP_WRITE);
	assert_string_equal(p->steps[0].to, "0");
	apply_ok(p, NULL);
	oomt_tune_plan_free(p);
	assert_unchanged();
	p = plan(OOMT_TUNE_RESET, keys, 2, false);
	assert_int_equal(p->verdict, OOMT_TUNE_DONE);
	assert_true(p->nwarnings >= 2);            /* "oomtool has not changed ..." */
	oomt_tune_plan_free(p);
}

/* After a reboot the records are gone; the file's "# was:" line still says what to put
 * back when the value now is the one the file set. */
static void test_reset_after_reboot(void **state)
{
	struct oomt_tune_plan *p;

	(void)state;
	p = plan(OOMT_TUNE_SET, (const char *const[]){ "vm.min_free_kbytes=65536" }, 1, true);
	apply_ok(p, NULL);
	oomt_tune_plan_free(p);
	assert_int_equal(run("rm -r '%s/run/oomtool'", copy), 0);
	p = plan(OOMT_TUNE_RESET, (const char *const[]){ "vm.min_free_kbytes" }, 1, false);
	assert_int_equal(p->nsteps, 2);
	assert_string_equal(p->steps[0].to, "262144");
	assert_int_equal(p->steps[1].kind, OOMT_TUNE_STEP_UNPERSIST);
	apply_ok(p, NULL);
	oomt_tune_plan_free(p);
	assert_unchanged();
}

static void expect_refused(const char *const *args, size_t n, enum oomt_tune_refusal why)
{
	struct oomt_tune_plan *p = plan(OOMT_TUNE_SET, args, n, true);
	struct oomt_tune_result *res = NULL;

	print_message("%s: %s\n", args[0], p->reason);
	assert_int_equal(p->verdict, OOMT_TUNE_REFUSED);
	assert_int_equal(p->refusal, why);
	assert_true(p->reason[0] && p->hint[0] && p->check);
	assert_int_equal(oomt_tune_apply(p, &res), -EINVAL);
	oomt_tune_plan_free(p);
}

static void test_refusals(void **state)
{
	struct oomt_tune_plan *p;

	(void)state;
	expect_refused((const char *const[]){ "vm.swappiness=201" }, 1, OOMT_TUNE_BAD_VALUE);
	expect_refused((const char *const[]){ "vm.swappiness=-1" }, 1, OOMT_TUNE_BAD_VALUE);
	expect_refused((const char *const[]){ "vm.swappiness=ten" }, 1, OOMT_TUNE_BAD_VALUE);
	expect_refused((const char *const[]){ "vm.overcommit_memory=3" }, 1, OOMT_TUNE_BAD_VALUE);
	/* a twentieth of the fixture's 4 GiB */
	expect_refused((const char *const[]){ "vm.min_free_kbytes=300000" }, 1, OOMT_TUNE_BAD_VALUE);
	expect_refused((const char *const[]){ "vm.swappiness=10", "vm.nosuch=1" }, 2,
	               OOMT_TUNE_UNKNOWN_KEY);
	expect_refused((const char *const[]){ "vm.swappiness" }, 1, OOMT_TUNE_BAD_ARGUMENT);
	expect_refused((const char *const[]){ "vm.swappiness=1", "vm/swappiness=2" }, 2,
	               OOMT_TUNE_BAD_ARGUMENT);
	assert_int_equal(run("rm '%s/proc/sys/vm/drop_caches' '%s/proc/sys/vm/drop_caches'", copy,
	                     orig), 0);
	p = plan(OOMT_TUNE_DROP_CACHES, NULL, 0, false);
	assert_int_equal(p->refusal, OOMT_TUNE_NOT_AVAILABLE);
	oomt_tune_plan_free(p);
	p = plan(OOMT_TUNE_RESET, (const char *const[]){ "vm.nosuch" }, 1, false);
	assert_int_equal(p->refusal, OOMT_TUNE_UNKNOWN_KEY);
	oomt_tune_plan_free(p);
	assert_unchanged();
}

/* An image without proc/sys: a setting can only be persisted. */
static void test_image(void **state)
{
	struct oomt_tune_plan *p;

	(void)state;
	assert_int_equal(run("rm -r '%s/proc/sys/vm/swappiness'", copy), 0);
	p = plan(OOMT_TUNE_SET, (const char *const[]){ "vm.swappiness=10" }, 1, false);
	assert_int_equal(p->refusal, OOMT_TUNE_NOT_AVAILABLE);
	oomt_tune_plan_free(p);
	p = plan(OOMT_TUNE_SET, (const char *const[]){ "vm.swappiness=10" }, 1, true);
	assert_int_equal(p->nsteps, 1);
	assert_int_equal(p->steps[0].kind, OOMT_TUNE_STEP_PERSIST);
	assert_int_equal(p->nwarnings, 1);
	apply_ok(p, NULL);
	oomt_tune_plan_free(p);
}

static void test_drop(void **state)
{
	struct oomt_tune_result *res = NULL;
	struct oomt_tune_plan *p;
	struct oomt_json *j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	p = plan(OOMT_TUNE_DROP_CACHES, NULL, 0, false);
	assert_int_equal(p->nsteps, 1);             /* no sync under a sysroot */
	assert_int_equal(p->steps[0].kind, OOMT_TUNE_STEP_DROP);
	assert_int_equal(p->nwarnings, 1);
	apply_ok(p, &res);
	expect_file("proc/sys/vm/drop_caches", "3\n");
	assert_int_equal(res->before.cached_bytes, 800000LL * 1024);
	assert_int_equal(res->before.sreclaimable_bytes, 120000LL * 1024);
	assert_int_equal(res->after.mem_available_bytes, 1000000LL * 1024);
	f = open_memstream(&buf, &len);
	assert_int_equal(oomt_json_new(f, false, &j), 0);
	oomt_tune_plan_write_json(j, p, false, res);
	oomt_json_finish(j);
	oomt_json_free(j);
	fclose(f);
	assert_non_null(strstr(buf, "\"action\":\"drop-caches\",\"verdict\":\"ready\","
	                             "\"dry_run\":false,\"drop\":\"all\""));
	assert_non_null(strstr(buf, "\"before\":{\"mem_available_bytes\":1024000000,"
	                             "\"cached_bytes\":819200000,\"buffers_bytes\":20480000,"
	                             "\"sreclaimable_bytes\":122880000}"));
	assert_non_null(strstr(buf, "\"freed\":{\"cached_bytes\":0,"));
	free(buf);
	oomt_tune_result_free(res);
	oomt_tune_plan_free(p);
}

static void test_json_check(void **state)
{
	struct oomt_tune_check *c = check_of(FIXTURE);
	struct oomt_json *j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(oomt_json_new(f, false, &j), 0);
	oomt_tune_check_write_json(j, c);
	oomt_json_finish(j);
	oomt_json_free(j);
	fclose(f);
	assert_non_null(strstr(buf, "\"userspace_killers\":[\"earlyoom\",\"systemd-oomd\"]"));
	assert_non_null(strstr(buf, "{\"key\":\"vm.oom_kill_allocating_task\",\"value\":\"1\","
	                             "\"origin\":\"cmdline\","));
	assert_non_null(strstr(buf, "{\"code\":\"panic_on_oom_hang\",\"severity\":\"critical\","
	                             "\"key\":\"vm.panic_on_oom\",\"evidence\":{\"panic_on_oom\":1,"
	                             "\"panic_sec\":0},\"advice\":{\"panic_on_oom\":0}}"));
	free(buf);
	oomt_tune_check_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_check),
		cmocka_unit_test_setup(test_set_reset, fresh),
		cmocka_unit_test_setup(test_reset_after_reboot, fresh),
		cmocka_unit_test_setup(test_refusals, fresh),
		cmocka_unit_test_setup(test_image, fresh),
		cmocka_unit_test_setup(test_drop, fresh),
		cmocka_unit_test(test_json_check),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
