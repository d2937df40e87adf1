/* SPDX-License-Identifier: MIT */
/*
 * The executor's rollback, on a fixture sysroot with a fake kernel (swapon/swapoff): every
 * step failing in turn, before it runs and after it did its work, leaves the tree as it was
 * (or, once the old file is deleted, says so); an undo that fails is reported as data.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/swap.h>
#include <oomtool/swap-json.h>
#include <oomtool/system.h>
#include "swap/swap-internal.h"
#include "util/file.h"

#define MiB (1024LL * 1024)
#define GiB (1024LL * MiB)
#define FSTAB_TEXT "# fixture\nUUID=1 / ext4 defaults 0 1\n"

static char base[1024];         /* short enough that every path below it fits PATH_MAX */
static char swapfile[PATH_MAX];
static char sysroot[PATH_MAX];

/* ---- the fake kernel and the failure injection ---- */

struct fake_kernel {
	bool active;
	size_t fail_index;           /* the step to fail; SIZE_MAX: none */
	bool fail_after;             /* after it did its work, rather than before */
	int disable_err;             /* swapoff fails with this (0: it works) */
};

static int fake_step(void *userdata, size_t index, enum oomt_swap_step_kind kind, bool after)
{
	struct fake_kernel *k = userdata;

	(void)kind;
	return index == k->fail_index && after == k->fail_after ? -EIO : 0;
}

static int fake_enable(void *userdata, int fd, const char *path, int priority)
{
	struct fake_kernel *k = userdata;
	struct stat st;

	(void)priority;
	if (k->active)
		return -EBUSY;
	if (fd >= 0 ? fstat(fd, &st) < 0 : stat(path, &st) < 0)
		return -ENOENT;
	k->active = true;
	return 0;
}

static int fake_disable(void *userdata, const char *path)
{
	struct fake_kernel *k = userdata;

	(void)path;
	if (k->disable_err)
		return k->disable_err;
	if (!k->active)
		return -EINVAL;
	k->active = false;
	return 0;
}

static struct oomt_swap_result *run(const struct oomt_swap_plan *p, struct fake_kernel *k,
                                    const volatile sig_atomic_t *cancel)
{
	struct oomt_swap_apply_hooks hooks = {
		.step = fake_step, .enable = fake_enable, .disable = fake_disable, .userdata = k,
	};
	struct oomt_swap_apply_opts opts = {
		.struct_size = sizeof(opts), .sysroot = sysroot, .cancel = cancel,
	};
	struct oomt_swap_result *res = NULL;

	assert_int_equal(oomt_swap_apply_hooked(p, &opts, &hooks, &res), 0);
	assert_non_null(res);
	assert_int_equal(res->nsteps, p->nsteps);
	return res;
}

/* ---- the fixture: <base>/root (etc/fstab, proc/sys/vm/swappiness) and <base>/files ---- */

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void fixture_fresh(void)
{
	static const char *const dirs[] = {
		"root", "root/etc", "root/proc", "root/proc/sys", "root/proc/sys/vm", "files",
	};
	char path[PATH_MAX];

	if (access(base, F_OK) == 0)
		assert_int_equal(nftw(base, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
	assert_int_equal(mkdir(base, 0755), 0);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", base, dirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	put("root/etc/fstab", FSTAB_TEXT);
	put("root/proc/sys/vm/swappiness", "60\n");
}

/* The tree as text: every entry's path, type, mode and (small files) content, sorted. */
static char **snap_lines;
static size_t snap_n;

static int snap_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	char *line = NULL, *text = NULL;
	size_t len = 0;

	(void)flag;
	(void)ftw;
	if (S_ISREG(st->st_mode) && st->st_size < 65536)
		assert_int_equal(oomt_file_read_all(path, 65536, &text, &len), 0);
	assert_true(asprintf(&line, "%s %o %lld %s", path + strlen(base), st->st_mode,
	                     (long long)st->st_size, text ? text : "") >= 0);
	free(text);
	snap_lines = realloc(snap_lines, (snap_n + 1) * sizeof(*snap_lines));
	assert_non_null(snap_lines);
	snap_lines[snap_n++] = line;
	return 0;
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *snapshot(void)
{
	size_t total = 1;
	char *out;

	snap_lines = NULL;
	snap_n = 0;
	assert_int_equal(nftw(base, snap_entry, 16, FTW_PHYS), 0);
	qsort(snap_lines, snap_n, sizeof(*snap_lines), cmp_lines);
	for (size_t i = 0; i < snap_n; i++)
		total += strlen(snap_lines[i]) + 1;
	out = calloc(1, total);
	assert_non_null(out);
	for (size_t i = 0; i < snap_n; i++) {
		strcat(out, snap_lines[i]);
		strcat(out, "\n");
		free(snap_lines[i]);
	}
	free(snap_lines);
	return out;
}

static void expect_same_tree(const char *before, const char *what)
{
	char *after = snapshot();

	if (strcmp(before, after) != 0)
		fail_msg("%s: the tree changed\n--- before\n%s--- after\n%s", what, before, after);
	free(after);
}

/* ---- plans, computed from facts as the fixture has them ---- */

static struct oomt_swap_facts facts_of(enum oomt_swap_file_state state, bool active)
{
	struct oomt_swap_facts f = {
		.struct_size = sizeof(f), .is_root = true, .fs_magic = 0xEF53, .fs_known = true,
		.fs_size_bytes = 100 * GiB, .fs_free_bytes = 50 * GiB,
		.page_size_bytes = (uint64_t)oomt_page_size(), .mem_total_bytes = 16 * GiB,
		.mem_available_bytes = 12 * GiB, .file_state = state, .file_mode = 0600,
		.file_size_bytes = state == OOMT_SWAP_FILE_SWAP ? 4 * MiB : 0,
		.file_active = active, .fstab_has_entry = state == OOMT_SWAP_FILE_SWAP,
		.swappiness = 60,
	};
	return f;
}

static struct oomt_swap_plan *plan_for(enum oomt_swap_action action, uint64_t size_bytes,
                                       int swappiness, const struct oomt_swap_facts *f)
{
	struct oomt_swap_request r = {
		.struct_size = sizeof(r), .action = action, .path = swapfile,
		.size_bytes = size_bytes, .priority = -1, .swappiness = swappiness, .persist = true,
	};
	struct oomt_swap_plan *p = NULL;

	assert_int_equal(oomt_swap_plan_compute(f, &r, &p), 0);
	assert_int_equal(p->verdict, OOMT_SWAP_READY);
	return p;
}

/* A fresh fixture with an active 4 MiB swap file and its fstab line, made by the executor. */
static void fixture_with_swap(struct fake_kernel *k)
{
	struct oomt_swap_facts f = facts_of(OOMT_SWAP_FILE_ABSENT, false);
	struct oomt_swap_plan *p = plan_for(OOMT_SWAP_CREATE, 4 * MiB, -1, &f);
	struct oomt_swap_result *res;

	fixture_fresh();
	*k = (struct fake_kernel){ .fail_index = SIZE_MAX };
	res = run(p, k, NULL);
	assert_int_equal(res->err, 0);
	assert_true(k->active);
	oomt_swap_result_free(res);
	oomt_swap_plan_free(p);
}

static char tmpdir[sizeof(base) - 8];

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/oomtool-swap-apply-XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(base, sizeof(base), "%s/t", tmpdir);
	snprintf(swapfile, sizeof(swapfile), "%s/files/swapfile", base);
	snprintf(sysroot, sizeof(sysroot), "%s/root", base);
	return 0;
}

static int teardown(void **state)
{
	char cmd[sizeof(tmpdir) + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The ext4 plans allocate with fallocate(2): skip where the test directory lacks it. */
static void skip_without_fallocate(void)
{
	int fd, r;

	fixture_fresh();
	fd = open(swapfile, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	r = fallocate(fd, 0, 0, 1 << 20);
	close(fd);
	unlink(swapfile);
	if (r < 0 && errno == EOPNOTSUPP)
		skip();
}

/* ---- the tests ---- */

static void test_create_succeeds(void **state)
{
	struct oomt_swap_facts f = facts_of(OOMT_SWAP_FILE_ABSENT, false);
	struct oomt_swap_plan *p;
	struct oomt_swap_result *res;
	struct fake_kernel k = { .fail_index = SIZE_MAX };
	char *after;

	(void)state;
	skip_without_fallocate();
	fixture_fresh();
	p = plan_for(OOMT_SWAP_CREATE, 4 * MiB, 10, &f);
	assert_int_equal(p->nsteps, 8);
	res = run(p, &k, NULL);
	assert_int_equal(res->err, 0);
	for (size_t i = 0; i < p->nsteps; i++)
		assert_string_equal(oomt_swap_step_status_name(res->status[i]), "done");
	assert_true(k.active);
	after = snapshot();
	assert_non_null(strstr(after, "/files/swapfile 100600 4194304"));
	assert_non_null(strstr(after, "swapfile none swap sw 0 0\n"));
	assert_non_null(strstr(after, "/root/etc/fstab.oomtool.bak 100644 "));
	assert_non_null(strstr(after, "/root/proc/sys/vm/swappiness 100644 3 10\n"));
	assert_non_null(strstr(after, "# was: vm.swappiness = 60\nvm.swappiness = 10\n"));
	free(after);
	oomt_swap_result_free(res);
	oomt_swap_plan_free(p);
}

/* Every step of a create fails in turn, before and after its work: the tree as it was. */
static void test_create_rollback_each_step(void **state)
{
	struct oomt_swap_facts f = facts_of(OOMT_SWAP_FILE_ABSENT, false);
	struct oomt_swap_plan *p = plan_for(OOMT_SWAP_CREATE, 4 * MiB, 10, &f);

	(void)state;
	skip_without_fallocate();
	for (size_t i = 0; i < p->nsteps; i++) {
		for (int after = 0; after <= 1; after++) {
			struct fake_kernel k = { .fail_index = i, .fail_after = after };
			struct oomt_swap_result *res;
			char *before, what[64];

			fixture_fresh();
			before = snapshot();
			res = run(p, &k, NULL);
			snprintf(what, sizeof(what), "step %zu '%s' failing %s", i + 1,
			         oomt_swap_step_name(p->steps[i].kind), after ? "after" : "before");
			assert_int_equal(res->err, -EIO);
			assert_int_equal(res->failed_step, i);
			assert_true(res->err_object[0] != '\0');
			assert_true(res->undo_complete);
			assert_int_equal(res->nleftovers, 0);
			for (size_t j = 0; j < p->nsteps; j++)
				assert_int_equal(res->status[j], j < i ? OOMT_SWAP_STEP_UNDONE
				                                 : j == i ? OOMT_SWAP_STEP_FAILED
				                                          : OOMT_SWAP_STEP_NOT_RUN);
			assert_false(k.active);
			expect_same_tree(before, what);
			free(before);
			oomt_swap_result_free(res);
		}
	}
	oomt_swap_plan_free(p);
}

/* A resize fails in turn at each step: as it was until the old file is deleted; after
 * that, the deletion is reported and nothing else is left. */
static void test_resize_rollback_each_step(void **state)
{
	struct oomt_swap_facts f = facts_of(OOMT_SWAP_FILE_SWAP, true);
	struct oomt_swap_plan *p = plan_for(OOMT_SWAP_RESIZE, 8 * MiB, -1, &f);

	(void)state;
	skip_without_fallocate();
	assert_int_equal(p->steps[0].kind, OOMT_STEP_SWAPOFF);
	assert_int_equal(p->steps[1].kind, OOMT_STEP_UNLINK);
	for (size_t i = 0; i < p->nsteps; i++) {
		for (int after = 0; after <= 1; after++) {
			struct fake_kernel k;
			struct oomt_swap_result *res;
			bool deleted = i > 1 || (i == 1 && after);
			char *before, what[64];

			fixture_with_swap(&k);
			k.fail_index = i;
			k.fail_after = after;
			before = snapshot();
			res = run(p, &k, NULL);
			snprintf(what, sizeof(what), "resize step %zu failing %s", i + 1,
			         after ? "after" : "before");
			assert_int_equal(res->err, -EIO);
			assert_int_equal(res->undo_complete, !deleted);
			if (!deleted) {
				assert_true(k.active);          /* swapped on again */
				expect_same_tree(before, what);
			} else {
				assert_int_equal(res->nleftovers, 1);
				assert_int_equal(res->leftovers[0].kind, OOMT_SWAP_LEFT_OLD_DELETED);
				assert_string_equal(res->leftovers[0].object, swapfile);
				assert_int_equal(res->status[0], OOMT_SWAP_STEP_DONE);
				assert_int_equal(res->status[1], i == 1 ? OOMT_SWAP_STEP_FAILED
				                                        : OOMT_SWAP_STEP_DONE);
				assert_false(k.active);
				assert_int_equal(access(swapfile, F_OK), -1);
			}
			free(before);
			oomt_swap_result_free(res);
		}
	}
	oomt_swap_plan_free(p);
}

/* Remove: fstab line, swapoff, and the one step that cannot be undone last. */
static void test_remove_rollback_each_step(void **state)
{
	struct oomt_swap_facts f = facts_of(OOMT_SWAP_FILE_SWAP, true);
	struct oomt_swap_plan *p = plan_for(OOMT_SWAP_REMOVE, 0, -1, &f);

	(void)state;
	skip_without_fallocate();
	assert_int_equal(p->nsteps, 3);
	for (size_t i = 0; i < p->nsteps; i++) {
		for (int after = 0; after <= 1; after++) {
			struct fake_kernel k;
			struct oomt_swap_result *res;
			bool deleted = i == 2 && after;
			char *before;

			fixture_with_swap(&k);
			k.fail_index = i;
			k.fail_after = after;
			before = snapshot();
			res = run(p, &k, NULL);
			assert_int_equal(res->err, -EIO);
			if (!deleted) {
				assert_true(res->undo_complete);
				assert_true(k.active);
				expect_same_tree(before, "remove");
			} else {
				assert_false(res->undo_complete);
				assert_int_equal(res->leftovers[0].kind, OOMT_SWAP_LEFT_OLD_DELETED);
			}
			free(before);
			oomt_swap_result_free(res);
		}
	}
	oomt_swap_plan_free(p);
}

/* An undo that fails is data: which thing stays, and the step stays "done". */
static void test_undo_failure_reported(void **state)
{
	struct oomt_swap_facts f = facts_of(OOMT_SWAP_FILE_ABSENT, false);
	struct oomt_swap_plan *p = plan_for(OOMT_SWAP_CREATE, 4 * MiB, 10, &f);
	struct fake_kernel k = { .fail_index = 5, .disable_err = -EBUSY };
	struct oomt_swap_result *res;
	char text[1024], *json = NULL;
	size_t json_len = 0;
	struct oomt_json *j;
	FILE *mem;

	(void)state;
	skip_without_fallocate();
	fixture_fresh();
	assert_int_equal(p->steps[4].kind, OOMT_STEP_SWAPON);
	assert_int_equal(p->steps[5].kind, OOMT_STEP_FSTAB_ADD);
	res = run(p, &k, NULL);
	assert_int_equal(res->err, -EIO);
	assert_false(res->undo_complete);
	assert_int_equal(res->nleftovers, 1);
	assert_int_equal(res->leftovers[0].kind, OOMT_SWAP_LEFT_ACTIVE);
	assert_int_equal(res->leftovers[0].err, -EBUSY);
	assert_int_equal(res->status[4], OOMT_SWAP_STEP_DONE);
	assert_int_equal(res->status[0], OOMT_SWAP_STEP_UNDONE);
	oomt_swap_leftovers_format(res, text, sizeof(text));
	assert_non_null(strstr(text, "is still active swap; run 'swapoff "));
	/* the same words in the JSON, with every step's status */
	mem = open_memstream(&json, &json_len);
	assert_non_null(mem);
	assert_int_equal(oomt_json_new(mem, false, &j), 0);
	oomt_swap_plan_write_json(j, p, false, res);
	oomt_json_finish(j);
	oomt_json_free(j);
	assert_int_equal(fclose(mem), 0);
	assert_non_null(strstr(json, "\"remaining_state\":"));
	assert_non_null(strstr(json, "is still active swap"));
	assert_non_null(strstr(json, "\"status\":\"failed\""));
	assert_non_null(strstr(json, "\"applied\":false"));
	free(json);
	oomt_swap_result_free(res);
	oomt_swap_plan_free(p);
}

static void test_cancel_and_bad_calls(void **state)
{
	struct oomt_swap_facts f = facts_of(OOMT_SWAP_FILE_ABSENT, false);
	struct oomt_swap_plan *p = plan_for(OOMT_SWAP_CREATE, 4 * MiB, 10, &f);
	struct fake_kernel k = { .fail_index = SIZE_MAX };
	struct oomt_swap_apply_opts old = { .struct_size = 4 };
	volatile sig_atomic_t cancel = 1;
	struct oomt_swap_result *res = NULL;
	char *before;

	(void)state;
	fixture_fresh();
	before = snapshot();
	res = run(p, &k, &cancel);
	assert_int_equal(res->err, -EINTR);
	assert_int_equal(res->failed_step, 0);
	assert_int_equal(res->status[1], OOMT_SWAP_STEP_NOT_RUN);
	expect_same_tree(before, "cancelled");
	free(before);
	oomt_swap_result_free(res);
	res = NULL;
	assert_int_equal(oomt_swap_apply(p, &old, &res), -EINVAL);
	p->verdict = OOMT_SWAP_REFUSED;
	assert_int_equal(oomt_swap_apply(p, NULL, &res), -EINVAL);
	assert_null(res);
	oomt_swap_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_succeeds),
		cmocka_unit_test(test_create_rollback_each_step),
		cmocka_unit_test(test_resize_rollback_each_step),
		cmocka_unit_test(test_remove_rollback_each_step),
		cmocka_unit_test(test_undo_failure_reported),
		cmocka_unit_test(test_cancel_and_bad_calls),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
