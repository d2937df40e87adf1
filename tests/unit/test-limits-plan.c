/* SPDX-License-Identifier: MIT */
/*
 * limits set: the plan from facts (no I/O): the manager chosen, every refusal, the order of
 * memory and swap limits that is valid at every moment; the executor with a fake system:
 * each step failing in turn puts the old values back in reverse order, and an undo that
 * fails is reported; and the advice line explain-kill prints.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/limits.h>
#include <oomtool/limits-json.h>
#include "cgroup/limits-internal.h"
#include "test-tmpdir.h"

#define MiB (1024LL * 1024)
#define GiB (1024LL * MiB)
#define UNL OOMT_LIMITS_UNLIMITED
#define ID64 "46b3e0a4df44b752b841aecca454e6e78995d567912a84950390bae6f6777a63"

static struct oomt_limits_facts *facts_v2(void)
{
	static struct oomt_limits_facts f;

	memset(&f, 0, sizeof(f));
	f.nmatches = 1;
	snprintf(f.path, sizeof(f.path), "/system.slice/app.service");
	snprintf(f.name, sizeof(f.name), "app.service");
	snprintf(f.unit, sizeof(f.unit), "app.service");
	snprintf(f.dir, sizeof(f.dir), "/sys/fs/cgroup/system.slice/app.service");
	f.kind = OOMT_LIMITS_KIND_UNIT;
	f.version = OOMT_CGROUP_V2;
	f.writable = true;
	f.current_bytes = 300 * MiB;
	f.swap_current_bytes = 0;
	f.max_bytes = 512 * MiB;
	f.high_bytes = UNL;
	f.swap_max_bytes = UNL;
	f.memsw_max_bytes = OOMT_UNKNOWN;
	f.has_high = f.has_swap_max = true;
	f.page_size_bytes = 4096;
	return &f;
}

static struct oomt_limits_facts *facts_v1(void)
{
	struct oomt_limits_facts *f = facts_v2();

	f->version = OOMT_CGROUP_V1;
	snprintf(f->dir, sizeof(f->dir), "/sys/fs/cgroup/memory/system.slice/app.service");
	f->high_bytes = f->swap_max_bytes = OOMT_UNKNOWN;
	f->has_high = f->has_swap_max = false;
	f->has_memsw = true;
	f->memsw_max_bytes = 1 * GiB;
	return f;
}

static struct oomt_limits_request req(int64_t max)
{
	struct oomt_limits_request r = { .struct_size = sizeof(r), .target = "app.service",
	                                  .max_bytes = max, .high_bytes = OOMT_UNKNOWN,
	                                  .swap_bytes = OOMT_UNKNOWN };
	return r;
}

/* noinline: GCC's -Wdangling-pointer takes the heap plan for the local pointer here */
__attribute__((noinline))
static struct oomt_limits_plan *plan(const struct oomt_limits_facts *f,
                                     const struct oomt_limits_request *r)
{
	struct oomt_limits_plan *p = NULL;

	assert_int_equal(oomt_limits_plan_compute(f, r, &p), 0);
	assert_non_null(p);
	return p;
}

/* The file a step works on, without its directory. */
static const char *step_file_name(const struct oomt_limits_plan *p, size_t i)
{
	const char *slash = strrchr(p->steps[i].file, '/');

	return slash ? slash + 1 : p->steps[i].file;
}

static void expect_write(const struct oomt_limits_plan *p, size_t i, const char *file,
                         const char *old, const char *val)
{
	const struct oomt_limits_step *s = &p->steps[i];

	assert_true(i < p->nsteps);
	assert_int_equal(s->kind, OOMT_LIMITS_STEP_WRITE);
	assert_non_null(strstr(s->file, file));
	assert_string_equal(strrchr(s->file, '/') + 1, file);
	assert_string_equal(s->old_value, old);
	assert_string_equal(s->value, val);
}

static bool has_warning(const struct oomt_limits_plan *p, const char *text)
{
	for (size_t i = 0; i < p->nwarnings; i++)
		if (strstr(p->warnings[i], text))
			return true;
	return false;
}

static void expect_refusal(const struct oomt_limits_facts *f, const struct oomt_limits_request *r,
                           enum oomt_limits_refusal why)
{
	struct oomt_limits_plan *p = plan(f, r);

	assert_int_equal(p->verdict, OOMT_LIMITS_REFUSED);
	assert_int_equal(p->refusal, why);
	assert_int_equal(p->nsteps, 0);
	assert_true(p->reason[0] && p->hint[0] && p->check);
	oomt_limits_plan_free(p);
}

/* ---- the cgroup file ---- */

static void test_file_v2(void **state)
{
	struct oomt_limits_facts *f = facts_v2();
	struct oomt_limits_request r = req(1 * GiB);
	struct oomt_limits_plan *p;
	(void)state;
	p = plan(f, &r);
	assert_int_equal(p->verdict, OOMT_LIMITS_READY);
	assert_int_equal(p->method, OOMT_LIMITS_METHOD_CGROUP_FILE);   /* no systemd */
	assert_int_equal(p->nsteps, 1);
	expect_write(p, 0, "memory.max", "536870912", "1073741824");
	assert_false(p->persistent);
	assert_true(p->nwarnings >= 1);
	oomt_limits_plan_free(p);
	/* all three lowered ("max" is above any size): high, then max, then swap.max */
	r = req(400 * MiB);
	r.swap_bytes = 1 * GiB;
	r.high_bytes = 350 * MiB;
	p = plan(f, &r);
	assert_int_equal(p->nsteps, 3);
	expect_write(p, 0, "memory.high", "max", "367001600");
	expect_write(p, 1, "memory.max", "536870912", "419430400");
	expect_write(p, 2, "memory.swap.max", "max", "1073741824");
	oomt_limits_plan_free(p);
	/* raise swap and max, lower high: the raises first (swap, max), then high */
	f->swap_max_bytes = 100 * MiB;
	r = req(1 * GiB);
	r.swap_bytes = 1 * GiB;
	r.high_bytes = 350 * MiB;
	p = plan(f, &r);
	expect_write(p, 0, "memory.swap.max", "104857600", "1073741824");
	expect_write(p, 1, "memory.max", "536870912", "1073741824");
	expect_write(p, 2, "memory.high", "max", "367001600");
	f->swap_max_bytes = UNL;
	oomt_limits_plan_free(p);
	/* everything raised: swap, max, high; "max" removes a limit */
	r = req(UNL);
	r.high_bytes = 2 * GiB;
	p = plan(f, &r);
	assert_int_equal(p->nsteps, 2);
	expect_write(p, 0, "memory.max", "536870912", "max");
	expect_write(p, 1, "memory.high", "max", "2147483648");
	oomt_limits_plan_free(p);
	/* a high limit above max never applies: said */
	r = req(400 * MiB);
	r.high_bytes = 450 * MiB;
	p = plan(f, &r);
	assert_int_equal(p->verdict, OOMT_LIMITS_READY);
	assert_true(has_warning(p, "above memory.max never applies"));
	oomt_limits_plan_free(p);
	/* already so (to the page): nothing to do */
	r = req(512 * MiB + 100);
	p = plan(f, &r);
	assert_int_equal(p->verdict, OOMT_LIMITS_DONE);
	assert_int_equal(p->nsteps, 0);
	oomt_limits_plan_free(p);
}

static void test_file_v1_order(void **state)
{
	struct oomt_limits_facts *f = facts_v1();
	struct oomt_limits_request r = req(2 * GiB);
	struct oomt_limits_plan *p;
	(void)state;
	/* above the old memsw (1G): memsw first, keeping the swap allowance (512M) */
	p = plan(f, &r);
	assert_int_equal(p->nsteps, 2);
	expect_write(p, 0, "memory.memsw.limit_in_bytes", "1073741824", "2684354560");
	expect_write(p, 1, "memory.limit_in_bytes", "536870912", "2147483648");
	assert_int_equal(p->new_memsw_max_bytes, 2 * GiB + 512 * MiB);
	oomt_limits_plan_free(p);
	/* under the old memsw: memory first, then memsw */
	r = req(400 * MiB);
	p = plan(f, &r);
	assert_int_equal(p->nsteps, 2);
	expect_write(p, 0, "memory.limit_in_bytes", "536870912", "419430400");
	expect_write(p, 1, "memory.memsw.limit_in_bytes", "1073741824", "956301312");
	oomt_limits_plan_free(p);
	/* --swap: memsw = max + swap; raising memory within the old memsw, lowering memsw */
	r = req(600 * MiB);
	r.swap_bytes = 100 * MiB;
	p = plan(f, &r);
	expect_write(p, 0, "memory.limit_in_bytes", "536870912", "629145600");
	expect_write(p, 1, "memory.memsw.limit_in_bytes", "1073741824", "734003200");
	oomt_limits_plan_free(p);
	/* no limit: memsw goes first ("-1" is v1's "no limit"), memory after */
	r = req(UNL);
	p = plan(f, &r);
	expect_write(p, 0, "memory.memsw.limit_in_bytes", "1073741824", "-1");
	expect_write(p, 1, "memory.limit_in_bytes", "536870912", "-1");
	oomt_limits_plan_free(p);
	/* memsw unlimited: only memory is written */
	f->memsw_max_bytes = UNL;
	r = req(2 * GiB);
	p = plan(f, &r);
	assert_int_equal(p->nsteps, 1);
	expect_write(p, 0, "memory.limit_in_bytes", "536870912", "2147483648");
	oomt_limits_plan_free(p);
	/* --swap alone, with a memory limit there */
	r = req(OOMT_UNKNOWN);
	r.swap_bytes = 256 * MiB;
	p = plan(f, &r);
	assert_int_equal(p->nsteps, 1);
	expect_write(p, 0, "memory.memsw.limit_in_bytes", "-1", "805306368");
	oomt_limits_plan_free(p);
	/* --swap without any memory limit: memsw counts both, so it is refused */
	f->max_bytes = UNL;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_SIZE);
}

static void test_refusals(void **state)
{
	struct oomt_limits_facts *f = facts_v2();
	struct oomt_limits_request r = req(300 * MiB);
	struct oomt_limits_plan *p;
	(void)state;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_BELOW_USAGE);   /* at usage */
	r = req(100 * MiB);
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_BELOW_USAGE);
	r.force = true;
	p = plan(f, &r);
	assert_int_equal(p->verdict, OOMT_LIMITS_READY);
	oomt_limits_plan_free(p);
	r = req(OOMT_UNKNOWN);
	r.high_bytes = 200 * MiB;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_BELOW_USAGE);
	r = req(100);
	r.force = true;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_SIZE);           /* less than a page */
	f->writable = false;
	r = req(1 * GiB);
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_NOT_ROOT);
	f->writable = true;
	f->has_swap_max = false;
	r.swap_bytes = 1 * GiB;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_UNSUPPORTED);
	/* v1: no memory.high; no swap accounting */
	f = facts_v1();
	r = req(1 * GiB);
	r.high_bytes = 900 * MiB;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_UNSUPPORTED);
	f->has_memsw = false;
	r = req(1 * GiB);
	r.swap_bytes = 1 * GiB;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_UNSUPPORTED);
	/* v1: memory + swap below what is in use */
	f = facts_v1();
	f->swap_current_bytes = 200 * MiB;
	r = req(400 * MiB);
	r.swap_bytes = 50 * MiB;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_BELOW_USAGE);
	/* the target */
	f = facts_v2();
	r = req(1 * GiB);
	f->nmatches = 0;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_NOT_FOUND);
	f->nmatches = 3;
	snprintf(f->match_paths[0], sizeof(f->match_paths[0]), "/a/x.service");
	snprintf(f->match_paths[1], sizeof(f->match_paths[1]), "/b/x.service");
	p = plan(f, &r);
	assert_int_equal(p->refusal, OOMT_LIMITS_REFUSE_AMBIGUOUS);
	assert_non_null(strstr(p->reason, "/a/x.service, /b/x.service"));
	oomt_limits_plan_free(p);
	f->nmatches = 1;
	snprintf(f->path, sizeof(f->path), "/");
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_ROOT_CGROUP);
	/* a request that asks nothing, or an old struct */
	f = facts_v2();
	r = req(OOMT_UNKNOWN);
	assert_int_equal(oomt_limits_plan_compute(f, &r, &p), -EINVAL);
	r = req(1 * GiB);
	r.struct_size = 8;
	assert_int_equal(oomt_limits_plan_compute(f, &r, &p), -EINVAL);
}

/* ---- the managers ---- */

static size_t argc_of(const char *const *argv)
{
	size_t n = 0;

	while (argv[n])
		n++;
	return n;
}

static void expect_argv(const char *const *argv, const char *want)
{
	char got[1024] = "";

	for (size_t i = 0; argv[i]; i++) {
		strcat(got, i ? " " : "");
		strcat(got, argv[i]);
	}
	assert_string_equal(got, want);
}

static void test_systemd(void **state)
{
	struct oomt_limits_facts *f = facts_v2();
	struct oomt_limits_request r = req(1 * GiB);
	struct oomt_limits_plan *p;
	(void)state;
	f->systemd_running = true;
	snprintf(f->systemctl, sizeof(f->systemctl), "/usr/bin/systemctl");
	r.high_bytes = 900 * MiB;
	p = plan(f, &r);
	assert_int_equal(p->method, OOMT_LIMITS_METHOD_SYSTEMD);
	assert_int_equal(p->nsteps, 3);
	assert_int_equal(p->steps[0].kind, OOMT_LIMITS_STEP_RUN);
	expect_argv(p->steps[0].argv, "/usr/bin/systemctl set-property --runtime app.service "
	            "MemoryMax=1073741824 MemoryHigh=943718400");
	expect_argv(p->steps[0].undo_argv, "/usr/bin/systemctl set-property --runtime app.service "
	            "MemoryMax=536870912 MemoryHigh=infinity");
	assert_string_equal(p->steps[0].description, "/usr/bin/systemctl set-property --runtime "
	                    "app.service MemoryMax=1073741824 MemoryHigh=943718400");
	assert_int_equal(p->steps[1].kind, OOMT_LIMITS_STEP_VERIFY);
	assert_string_equal(step_file_name(p, 1), "memory.max");
	assert_string_equal(p->steps[1].value, "1073741824");
	assert_string_equal(step_file_name(p, 2), "memory.high");
	oomt_limits_plan_free(p);
	/* --persistent; a swap limit */
	r = req(OOMT_UNKNOWN);
	r.persistent = true;
	r.swap_bytes = UNL;
	f->swap_max_bytes = 0;
	p = plan(f, &r);
	assert_true(p->persistent);
	expect_argv(p->steps[0].argv, "/usr/bin/systemctl set-property app.service "
	            "MemorySwapMax=infinity");
	oomt_limits_plan_free(p);
	/* v1: MemoryMax=, or MemoryLimit= before systemd 240; no swap there */
	f = facts_v1();
	f->systemd_running = true;
	snprintf(f->systemctl, sizeof(f->systemctl), "/bin/systemctl");
	r = req(800 * MiB);
	p = plan(f, &r);
	expect_argv(p->steps[0].argv, "/bin/systemctl set-property --runtime app.service "
	            "MemoryMax=838860800");
	assert_string_equal(step_file_name(p, 1), "memory.limit_in_bytes");
	oomt_limits_plan_free(p);
	f->systemd_version = 239;
	p = plan(f, &r);
	expect_argv(p->steps[0].argv, "/bin/systemctl set-property --runtime app.service "
	            "MemoryLimit=838860800");
	oomt_limits_plan_free(p);
	r.swap_bytes = 1 * GiB;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_UNSUPPORTED);
	r = req(2 * GiB);   /* above memsw, which systemd does not change on v1 */
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_UNSUPPORTED);
	/* not running, no systemctl, a user's manager: the file, and a warning why */
	f = facts_v2();
	r = req(1 * GiB);
	snprintf(f->systemctl, sizeof(f->systemctl), "/usr/bin/systemctl");
	p = plan(f, &r);
	assert_int_equal(p->method, OOMT_LIMITS_METHOD_CGROUP_FILE);
	assert_true(has_warning(p, "/run/systemd/system"));
	oomt_limits_plan_free(p);
	f->systemd_running = true;
	f->user_manager = true;
	p = plan(f, &r);
	assert_int_equal(p->method, OOMT_LIMITS_METHOD_CGROUP_FILE);
	assert_true(has_warning(p, "systemctl --user"));
	oomt_limits_plan_free(p);
	f->user_manager = false;
	f->systemctl[0] = '\0';
	p = plan(f, &r);
	assert_int_equal(p->method, OOMT_LIMITS_METHOD_CGROUP_FILE);
	oomt_limits_plan_free(p);
	/* a path is always the file, whatever manages it */
	f->systemctl[0] = '/';
	f->given_as_path = true;
	p = plan(f, &r);
	assert_int_equal(p->method, OOMT_LIMITS_METHOD_CGROUP_FILE);
	oomt_limits_plan_free(p);
}

static struct oomt_limits_facts *facts_docker(enum oomt_cgroup_version v)
{
	struct oomt_limits_facts *f = v == OOMT_CGROUP_V1 ? facts_v1() : facts_v2();

	f->kind = OOMT_LIMITS_KIND_CONTAINER;
	f->runtime = OOMT_RUNTIME_DOCKER;
	snprintf(f->container_id, sizeof(f->container_id), ID64);
	snprintf(f->unit, sizeof(f->unit), "docker-" ID64 ".scope");
	snprintf(f->docker, sizeof(f->docker), "/usr/bin/docker");
	f->systemd_running = true;
	snprintf(f->systemctl, sizeof(f->systemctl), "/usr/bin/systemctl");
	return f;
}

static void test_docker(void **state)
{
	struct oomt_limits_facts *f = facts_docker(OOMT_CGROUP_V1);
	struct oomt_limits_request r = req(1 * GiB);
	struct oomt_limits_plan *p;
	(void)state;
	/* v1: the swap allowance (memsw 1G - max 512M) is kept */
	p = plan(f, &r);
	assert_int_equal(p->method, OOMT_LIMITS_METHOD_DOCKER);
	assert_true(p->persistent);
	expect_argv(p->steps[0].argv, "/usr/bin/docker update --memory 1073741824 --memory-swap "
	            "1610612736 " ID64);
	expect_argv(p->steps[0].undo_argv, "/usr/bin/docker update --memory 536870912 "
	            "--memory-swap 1073741824 " ID64);
	assert_int_equal(p->nsteps, 3);
	assert_string_equal(step_file_name(p, 1), "memory.limit_in_bytes");
	assert_string_equal(step_file_name(p, 2), "memory.memsw.limit_in_bytes");
	oomt_limits_plan_free(p);
	/* v2: --swap is on top of memory; unlimited swap is -1 */
	f = facts_docker(OOMT_CGROUP_V2);
	r = req(1 * GiB);
	r.swap_bytes = 256 * MiB;
	p = plan(f, &r);
	expect_argv(p->steps[0].argv, "/usr/bin/docker update --memory 1073741824 --memory-swap "
	            "1342177280 " ID64);
	expect_argv(p->steps[0].undo_argv, "/usr/bin/docker update --memory 536870912 "
	            "--memory-swap -1 " ID64);
	assert_int_equal(argc_of(p->steps[0].argv), 7);
	oomt_limits_plan_free(p);
	r.swap_bytes = OOMT_UNKNOWN;
	r.high_bytes = 900 * MiB;
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_UNSUPPORTED);
	r = req(UNL);
	expect_refusal(f, &r, OOMT_LIMITS_REFUSE_UNSUPPORTED);
	/* no limit before: the undo cannot say "none" through docker */
	f->max_bytes = UNL;
	r = req(1 * GiB);
	p = plan(f, &r);
	assert_null(p->steps[0].undo_argv[0]);
	assert_true(p->nwarnings >= 1);
	oomt_limits_plan_free(p);
	/* docker not found: the file, with a warning; a pod's container: the file */
	f = facts_docker(OOMT_CGROUP_V2);
	f->docker[0] = '\0';
	p = plan(f, &r);
	assert_int_equal(p->method, OOMT_LIMITS_METHOD_CGROUP_FILE);
	assert_true(has_warning(p, "docker is not in the search path"));
	oomt_limits_plan_free(p);
	f = facts_docker(OOMT_CGROUP_V2);
	f->in_pod = true;
	p = plan(f, &r);
	assert_int_equal(p->method, OOMT_LIMITS_METHOD_CGROUP_FILE);
	assert_true(has_warning(p, "resources.limits.memory"));
	oomt_limits_plan_free(p);
}

/* ---- the executor ---- */

struct fake {
	char log[4096];
	int fail_at;          /* the call (1-based) that fails; 0: none */
	int fail_undo_at;     /* a later call that fails too */
	int calls;
};

static int fake_call(struct fake *k, const char *what)
{
	k->calls++;
	strcat(k->log, what);
	strcat(k->log, "|");
	return k->calls == k->fail_at || k->calls == k->fail_undo_at ? -EBUSY : 0;
}

static int fake_write(void *userdata, const char *file, const char *value)
{
	char what[512];

	snprintf(what, sizeof(what), "%s=%s", strrchr(file, '/') + 1, value);
	return fake_call(userdata, what);
}

static int fake_run(void *userdata, const char *const *argv, char *detail, size_t detailsz)
{
	char what[512] = "";
	int r;

	for (size_t i = 1; argv[i]; i++) {
		strcat(what, i > 1 ? " " : "");
		strcat(what, argv[i]);
	}
	r = fake_call(userdata, what);
	if (r < 0)
		snprintf(detail, detailsz, "fake exited with status 1");
	return r < 0 ? -EIO : 0;
}

static void test_apply_undo(void **state)
{
	struct oomt_limits_facts *f = facts_v1();
	struct oomt_limits_request r = req(2 * GiB);
	struct oomt_limits_apply_hooks hooks = { .run = fake_run, .write = fake_write };
	struct oomt_limits_result *res;
	struct oomt_limits_plan *p;
	struct fake k;
	(void)state;
	p = plan(f, &r);
	/* all well */
	memset(&k, 0, sizeof(k));
	hooks.userdata = &k;
	assert_int_equal(oomt_limits_apply_hooked(p, NULL, &hooks, &res), 0);
	assert_int_equal(res->err, 0);
	assert_string_equal(k.log, "memory.memsw.limit_in_bytes=2684354560|"
	                    "memory.limit_in_bytes=2147483648|");
	oomt_limits_result_free(res);
	/* the second write fails: the first is put back */
	memset(&k, 0, sizeof(k));
	k.fail_at = 2;
	assert_int_equal(oomt_limits_apply_hooked(p, NULL, &hooks, &res), 0);
	assert_int_equal(res->err, -EBUSY);
	assert_int_equal(res->failed_step, 1);
	assert_true(res->undo_complete);
	assert_int_equal(res->status[0], OOMT_LIMITS_STEP_UNDONE);
	assert_int_equal(res->status[1], OOMT_LIMITS_STEP_FAILED);
	assert_string_equal(k.log, "memory.memsw.limit_in_bytes=2684354560|"
	                    "memory.limit_in_bytes=2147483648|"
	                    "memory.memsw.limit_in_bytes=1073741824|");
	assert_non_null(strstr(res->detail, "memory.limit_in_bytes"));
	oomt_limits_result_free(res);
	/* and putting it back fails too: said, as data */
	memset(&k, 0, sizeof(k));
	k.fail_at = 2;
	k.fail_undo_at = 3;
	assert_int_equal(oomt_limits_apply_hooked(p, NULL, &hooks, &res), 0);
	assert_false(res->undo_complete);
	assert_int_equal(res->status[0], OOMT_LIMITS_STEP_DONE);
	assert_non_null(strstr(res->leftover, "memory.memsw.limit_in_bytes keeps 2684354560"));
	oomt_limits_result_free(res);
	/* the first fails: nothing to undo, nothing run after it */
	memset(&k, 0, sizeof(k));
	k.fail_at = 1;
	assert_int_equal(oomt_limits_apply_hooked(p, NULL, &hooks, &res), 0);
	assert_int_equal(res->status[1], OOMT_LIMITS_STEP_NOT_RUN);
	assert_true(res->undo_complete);
	assert_int_equal(k.calls, 1);
	oomt_limits_result_free(res);
	oomt_limits_plan_free(p);
}

static void test_apply_verify(void **state)
{
	struct oomt_limits_facts *f = facts_v2();
	struct oomt_limits_request r = req(1 * GiB);
	struct oomt_limits_apply_hooks hooks = { .run = fake_run, .write = fake_write };
	struct oomt_limits_apply_opts ao = { .struct_size = sizeof(ao) };
	struct oomt_limits_result *res;
	struct oomt_limits_plan *p;
	char dir[1024], file[1100];
	struct fake k;
	FILE *fp;
	(void)state;
	/* the unit's memory.max in a directory of ours, as the manager left it */
	test_tmp_path(dir, sizeof(dir), "oomt-limits-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(f->dir, sizeof(f->dir), "%s", dir);
	snprintf(file, sizeof(file), "%s/memory.max", dir);
	f->systemd_running = true;
	snprintf(f->systemctl, sizeof(f->systemctl), "/usr/bin/systemctl");
	p = plan(f, &r);
	/* systemd applied it (to the page) */
	assert_non_null(fp = fopen(file, "w"));
	fputs("1073741824\n", fp);
	fclose(fp);
	memset(&k, 0, sizeof(k));
	hooks.userdata = &k;
	assert_int_equal(oomt_limits_apply_hooked(p, &ao, &hooks, &res), 0);
	assert_int_equal(res->err, 0);
	assert_int_equal(res->status[1], OOMT_LIMITS_STEP_DONE);
	oomt_limits_result_free(res);
	/* it did not: the command is run again with the old values */
	assert_non_null(fp = fopen(file, "w"));
	fputs("536870912\n", fp);
	fclose(fp);
	memset(&k, 0, sizeof(k));
	assert_int_equal(oomt_limits_apply_hooked(p, &ao, &hooks, &res), 0);
	assert_int_equal(res->err, -ERANGE);
	assert_int_equal(res->failed_step, 1);
	assert_true(res->undo_complete);
	assert_int_equal(res->status[0], OOMT_LIMITS_STEP_UNDONE);
	assert_string_equal(k.log, "set-property --runtime app.service MemoryMax=1073741824|"
	                    "set-property --runtime app.service MemoryMax=536870912|");
	assert_non_null(strstr(res->detail, "reads 536870912"));
	oomt_limits_result_free(res);
	/* the command fails: nothing changed, nothing to undo */
	memset(&k, 0, sizeof(k));
	k.fail_at = 1;
	assert_int_equal(oomt_limits_apply_hooked(p, &ao, &hooks, &res), 0);
	assert_int_equal(res->err, -EIO);
	assert_string_equal(res->detail, "fake exited with status 1");
	assert_int_equal(k.calls, 1);
	oomt_limits_result_free(res);
	unlink(file);
	rmdir(dir);
	/* a plan that is not ready, an old options struct */
	ao.struct_size = 4;
	assert_int_equal(oomt_limits_apply_hooked(p, &ao, &hooks, &res), -EINVAL);
	p->verdict = OOMT_LIMITS_DONE;
	assert_int_equal(oomt_limits_apply(p, NULL, &res), -EINVAL);
	oomt_limits_plan_free(p);
}

/* The plan's JSON: a refusal and a done plan are complete documents. */
static void test_plan_json(void **state)
{
	struct oomt_limits_facts *f = facts_v2();
	struct oomt_limits_request r = req(100 * MiB);
	struct oomt_limits_plan *p = plan(f, &r);
	struct oomt_json *j;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	(void)state;
	assert_int_equal(oomt_json_new(out, false, &j), 0);
	oomt_limits_plan_write_json(j, p, true, NULL);
	oomt_json_finish(j);
	oomt_json_free(j);
	fclose(out);
	assert_non_null(strstr(buf, "\"verdict\":\"refused\""));
	assert_non_null(strstr(buf, "\"check\":\"usage\""));
	assert_non_null(strstr(buf, "\"method\":null"));
	assert_non_null(strstr(buf, "\"old\":{\"max_bytes\":536870912,\"high_bytes\":null"));
	free(buf);
	oomt_limits_plan_free(p);
}

static void test_set_command(void **state)
{
	char b[512];
	(void)state;
	assert_string_equal(oomt_limits_set_command(NULL, "/system.slice/nginx.service", 64 * MiB,
	                                            b, sizeof(b)),
	                    "oomtool limits set nginx.service 64M");
	assert_string_equal(oomt_limits_set_command(NULL, "/system.slice/docker-" ID64 ".scope",
	                                            64 * MiB + 1, b, sizeof(b)),
	                    "oomtool limits set 46b3e0a4df44 65M");
	assert_string_equal(oomt_limits_set_command(NULL, "/docker/" ID64, 1 * GiB, b, sizeof(b)),
	                    "oomtool limits set 46b3e0a4df44 1024M");
	/* a pod without its names, a cgroup inside a unit's, no cgroup: the path */
	assert_string_equal(oomt_limits_set_command(NULL, "/kubepods/burstable/pod1/" ID64,
	                                            64 * MiB, b, sizeof(b)),
	                    "oomtool limits set /kubepods/burstable/pod1/" ID64 " 64M");
	assert_string_equal(oomt_limits_set_command(NULL, "/system.slice/x.service/sub", 64 * MiB,
	                                            b, sizeof(b)),
	                    "oomtool limits set /system.slice/x.service/sub 64M");
	assert_string_equal(oomt_limits_set_command(NULL, "/oomprobe", OOMT_UNKNOWN, b, sizeof(b)),
	                    "oomtool limits set /oomprobe SIZE");
	assert_string_equal(oomt_limits_set_command(NULL, NULL, 1, b, sizeof(b)),
	                    "oomtool limits set / 1M");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_v2),
		cmocka_unit_test(test_file_v1_order),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_systemd),
		cmocka_unit_test(test_docker),
		cmocka_unit_test(test_apply_undo),
		cmocka_unit_test(test_apply_verify),
		cmocka_unit_test(test_plan_json),
		cmocka_unit_test(test_set_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
