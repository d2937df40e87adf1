/* SPDX-License-Identifier: MIT */
/* The swap plan for each filesystem and condition, computed from facts without root. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "source/record.h"
#include <oomtool/swap.h>
#include "swap/swap-internal.h"

#define GiB (1024LL * 1024 * 1024)
#define MiB (1024LL * 1024)
#define END ((enum oomt_swap_step_kind)-1)

#define MAGIC_EXT4 0xEF53
#define MAGIC_XFS 0x58465342
#define MAGIC_BTRFS 0x9123683E

static struct oomt_swap_facts base_facts(void)
{
	struct oomt_swap_facts f = {
		.struct_size = sizeof(f), .is_root = true, .fs_magic = MAGIC_EXT4, .fs_known = true,
		.fs_size_bytes = 100 * GiB, .fs_free_bytes = 50 * GiB, .page_size_bytes = 4096,
		.mem_total_bytes = 16 * GiB, .mem_available_bytes = 12 * GiB,
		.file_state = OOMT_SWAP_FILE_ABSENT, .swappiness = 60,
	};
	return f;
}

static struct oomt_swap_request base_req(void)
{
	struct oomt_swap_request r = {
		.struct_size = sizeof(r), .action = OOMT_SWAP_CREATE, .path = "/swapfile",
		.size_bytes = 2 * GiB, .priority = -1, .swappiness = -1, .persist = true,
	};
	return r;
}

static struct oomt_swap_plan *last;

static int free_last(void **state)
{
	(void)state;
	oomt_swap_plan_free(last);
	last = NULL;
	return 0;
}

/* The plan for F and R; valid until the next call (the previous one is freed then). */
static const struct oomt_swap_plan *plan_of(const struct oomt_swap_facts *f,
                                            const struct oomt_swap_request *r)
{
	oomt_swap_plan_free(last);
	last = NULL;
	assert_int_equal(oomt_swap_plan_compute(f, r, &last), 0);
	assert_non_null(last);
	return last;
}

/* The plan's step kinds equal the END-terminated list. */
static void expect_steps(const struct oomt_swap_plan *p, ...)
{
	va_list ap;
	size_t i = 0;
	int k;

	assert_int_equal(p->verdict, OOMT_SWAP_READY);
	va_start(ap, p);
	while ((k = va_arg(ap, int)) != (int)END) {
		assert_true(i < p->nsteps);
		assert_string_equal(oomt_swap_step_name(p->steps[i].kind),
		                    oomt_swap_step_name((enum oomt_swap_step_kind)k));
		assert_non_null(p->steps[i].why);
		assert_true(p->steps[i].description[0] != '\0');
		i++;
	}
	va_end(ap);
	assert_int_equal(i, p->nsteps);
}

static void expect_refusal(const struct oomt_swap_plan *p, enum oomt_swap_refusal code,
                           const char *needle)
{
	assert_int_equal(p->verdict, OOMT_SWAP_REFUSED);
	assert_int_equal(p->refusal, code);
	assert_int_equal(p->nsteps, 0);
	assert_non_null(p->check);
	assert_true(p->hint[0] != '\0');
	if (needle && !strstr(p->reason, needle))
		fail_msg("reason '%s' lacks '%s'", p->reason, needle);
}

static void test_ext4_and_xfs(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p = plan_of(&f, &r);

	(void)state;
	expect_steps(p, OOMT_STEP_CREATE, OOMT_STEP_FALLOCATE, OOMT_STEP_VERIFY,
	             OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON, OOMT_STEP_FSTAB_ADD, END);
	assert_string_equal(p->fs_name, "ext4");
	assert_true(p->size_bytes == 2 * GiB);
	assert_int_equal(p->nwarnings, 0);
	f.fs_magic = MAGIC_XFS;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_CREATE, OOMT_STEP_FALLOCATE, OOMT_STEP_VERIFY,
	             OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON, OOMT_STEP_FSTAB_ADD, END);
	assert_string_equal(p->fs_name, "xfs");
}

static void test_btrfs_nocow_zeros(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	f.fs_magic = MAGIC_BTRFS;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_CREATE, OOMT_STEP_NOCOW, OOMT_STEP_WRITE_ZEROS,
	             OOMT_STEP_VERIFY, OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON, OOMT_STEP_FSTAB_ADD,
	             END);
}

static void test_refused_filesystems(void **state)
{
	static const struct { uint64_t magic; const char *name; } bad[] = {
		{ 0x01021994, "tmpfs" }, { 0x858458F6, "ramfs" }, { 0x6969, "nfs" },
		{ 0x794C7630, "overlay" }, { 0x65735546, "fuse" }, { 0x73717368, "squashfs" },
		{ 0x2FC12FC1, "zfs" }, { 0xFF534D42, "cifs" },
	};
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f.fs_magic = bad[i].magic;
		p = plan_of(&f, &r);
		expect_refusal(p, OOMT_REFUSE_FILESYSTEM, bad[i].name);
		assert_string_equal(p->check, "filesystem");
	}
	f.fs_magic = 0x12345678;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_FILESYSTEM, "0x12345678");
	f = base_facts();
	f.fs_known = false;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_FILESYSTEM, NULL);
	f = base_facts();
	f.fs_readonly = true;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_READONLY, "read-only");
}

static void test_not_root_first(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	f.is_root = false;
	f.fs_magic = 0x01021994;    /* also tmpfs: root is checked first */
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_NOT_ROOT, "root");
	r.action = OOMT_SWAP_REMOVE;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_NOT_ROOT, NULL);
}

static void test_path_states(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	f.file_state = OOMT_SWAP_FILE_SYMLINK;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_PATH, "symbolic link");
	f.file_state = OOMT_SWAP_FILE_NOT_REGULAR;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_PATH, "not a regular file");
	f.file_state = OOMT_SWAP_FILE_DATA;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_PATH, "no swap signature");
	r.action = OOMT_SWAP_REMOVE;       /* never delete a file that is not swap */
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_PATH, "no swap signature");
	r.action = OOMT_SWAP_RESIZE;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_PATH, NULL);
}

static void test_space_margin(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	assert_true(oomt_swap_margin(100 * GiB) == GiB);     /* capped */
	assert_true(oomt_swap_margin(10 * GiB) == GiB / 2);  /* 5% */
	assert_true(oomt_swap_margin(0) == 0);
	f.fs_size_bytes = 10 * GiB;
	f.fs_free_bytes = 3 * GiB;
	r.size_bytes = 3 * GiB;                              /* would fill it */
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_SPACE, "free");
	r.size_bytes = (uint64_t)(3 * GiB - GiB / 2);        /* exactly free - margin */
	p = plan_of(&f, &r);
	assert_int_equal(p->verdict, OOMT_SWAP_READY);
	assert_true(p->margin_bytes == GiB / 2);
	r.size_bytes += 4096;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_SPACE, NULL);
}

static void test_size_limits_and_rounding(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	r.size_bytes = 9 * 4096;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_SIZE, "too small");
	r.size_bytes = 10 * 4096 + 1;                        /* rounded up to whole pages */
	p = plan_of(&f, &r);
	assert_int_equal(p->verdict, OOMT_SWAP_READY);
	assert_true(p->size_bytes == 11 * 4096);
	f.page_size_bytes = 65536;
	r.size_bytes = 1 * MiB;
	p = plan_of(&f, &r);
	assert_true(p->size_bytes == 1 * MiB);
	f = base_facts();
	f.fs_size_bytes = INT64_MAX / 2;
	f.fs_free_bytes = INT64_MAX / 2;
	r.size_bytes = (uint64_t)1 << 45;                    /* 2^33 pages: header cannot count */
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_SIZE, "pages");
}

static void test_ram_warnings(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	r.size_bytes = 40 * GiB;
	p = plan_of(&f, &r);
	assert_int_equal(p->verdict, OOMT_SWAP_READY);
	assert_int_equal(p->nwarnings, 1);
	assert_non_null(strstr(p->warnings[0], "twice the RAM"));
	r.size_bytes = 64 * MiB;
	p = plan_of(&f, &r);
	assert_int_equal(p->nwarnings, 1);
	assert_non_null(strstr(p->warnings[0], "1%"));
	f.mem_total_bytes = OOMT_UNKNOWN;                    /* unknown RAM: no warning */
	p = plan_of(&f, &r);
	assert_int_equal(p->nwarnings, 0);
}

static void test_idempotent(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	f.file_state = OOMT_SWAP_FILE_SWAP;
	f.file_size_bytes = 2 * GiB;
	f.file_mode = 0600;
	f.file_active = true;
	f.fstab_has_entry = true;
	p = plan_of(&f, &r);
	assert_int_equal(p->verdict, OOMT_SWAP_DONE);
	assert_int_equal(p->nsteps, 0);
	f.fstab_has_entry = false;                           /* only the missing persistence */
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_FSTAB_ADD, END);
	r.persist = false;
	p = plan_of(&f, &r);
	assert_int_equal(p->verdict, OOMT_SWAP_DONE);
	r.persist = true;
	f.file_active = false;                               /* made earlier, not enabled */
	f.file_mode = 0644;
	f.fstab_has_entry = true;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_CHMOD, OOMT_STEP_SWAPON, END);
	/* a full filesystem does not matter when nothing is allocated */
	f.fs_free_bytes = 0;
	p = plan_of(&f, &r);
	assert_int_equal(p->verdict, OOMT_SWAP_READY);
}

static void test_other_size_and_resize(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	f.file_state = OOMT_SWAP_FILE_SWAP;
	f.file_size_bytes = 1 * GiB;
	f.file_mode = 0600;
	f.file_active = true;
	f.active_used_bytes = 100 * MiB;
	f.fstab_has_entry = true;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_OTHER_SIZE, "1.0G");
	assert_non_null(strstr(p->hint, "--resize"));
	r.action = OOMT_SWAP_RESIZE;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_SWAPOFF, OOMT_STEP_UNLINK, OOMT_STEP_CREATE,
	             OOMT_STEP_FALLOCATE, OOMT_STEP_VERIFY, OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON,
	             END);
	/* the old file's space counts as free: 1.5G free + 1G old - 5% margin of 10G */
	f.fs_size_bytes = 10 * GiB;
	f.fs_free_bytes = GiB + GiB / 2;
	r.size_bytes = 2 * GiB;
	p = plan_of(&f, &r);
	assert_int_equal(p->verdict, OOMT_SWAP_READY);
	f.fs_free_bytes = GiB;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_SPACE, NULL);
	/* what is swapped out must fit back into RAM */
	f = base_facts();
	f.file_state = OOMT_SWAP_FILE_SWAP;
	f.file_size_bytes = 1 * GiB;
	f.file_active = true;
	f.active_used_bytes = 900 * MiB;
	f.mem_available_bytes = 1 * GiB;    /* minus the 256M reserve: 768M */
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_MEMORY, "900M");
	f.file_active = false;              /* inactive: nothing to bring back */
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_UNLINK, OOMT_STEP_CREATE, OOMT_STEP_FALLOCATE,
	             OOMT_STEP_VERIFY, OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON, OOMT_STEP_FSTAB_ADD,
	             END);
}

static void test_remove(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	r.action = OOMT_SWAP_REMOVE;
	p = plan_of(&f, &r);
	assert_int_equal(p->verdict, OOMT_SWAP_DONE);        /* nothing there */
	f.file_state = OOMT_SWAP_FILE_SWAP;
	f.file_size_bytes = 2 * GiB;
	f.file_active = true;
	f.active_used_bytes = 1 * GiB;
	f.fstab_has_entry = true;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_FSTAB_REMOVE, OOMT_STEP_SWAPOFF, OOMT_STEP_UNLINK, END);
	f.mem_available_bytes = GiB;                         /* 1G used + 256M reserve > 1G */
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_MEMORY, "1.0G");
	assert_non_null(strstr(p->reason, "256M"));
	f.mem_available_bytes = OOMT_UNKNOWN;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_MEMORY, "unknown");
	f = base_facts();
	f.fstab_has_entry = true;                            /* only a stale fstab line */
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_FSTAB_REMOVE, END);
	f.etc_readonly = true;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_READONLY, NULL);
	f = base_facts();
	f.fs_magic = 0x01021994;   /* remove does not care where the file is */
	f.file_state = OOMT_SWAP_FILE_SWAP;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_UNLINK, END);
}

static void test_swappiness(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	r.swappiness = 10;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_CREATE, OOMT_STEP_FALLOCATE, OOMT_STEP_VERIFY,
	             OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON, OOMT_STEP_FSTAB_ADD,
	             OOMT_STEP_SWAPPINESS, OOMT_STEP_SYSCTL_PERSIST, END);
	r.persist = false;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_CREATE, OOMT_STEP_FALLOCATE, OOMT_STEP_VERIFY,
	             OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON, OOMT_STEP_SWAPPINESS, END);
	r.persist = true;
	f.file_state = OOMT_SWAP_FILE_SWAP;
	f.file_size_bytes = 2 * GiB;
	f.file_mode = 0600;
	f.file_active = true;
	f.fstab_has_entry = true;
	f.swappiness = 10;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_SYSCTL_PERSIST, END);
	f.sysctl_conf_current = true;
	p = plan_of(&f, &r);
	assert_int_equal(p->verdict, OOMT_SWAP_DONE);
}

static void test_etc_readonly_and_fstab(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	f.etc_readonly = true;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_READONLY, "read-only");
	r.persist = false;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_CREATE, OOMT_STEP_FALLOCATE, OOMT_STEP_VERIFY,
	             OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON, END);
	r.persist = true;
	f.etc_readonly = false;
	f.fstab_too_big = true;
	p = plan_of(&f, &r);
	expect_refusal(p, OOMT_REFUSE_FSTAB, NULL);
}

static void test_bad_requests(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	struct oomt_swap_plan *p = NULL;

	(void)state;
	r.path = "swapfile";
	assert_int_equal(oomt_swap_plan_compute(&f, &r, &p), -EINVAL);
	r = base_req();
	r.priority = 40000;
	assert_int_equal(oomt_swap_plan_compute(&f, &r, &p), -EINVAL);
	r = base_req();
	r.size_bytes = UINT64_MAX;
	assert_int_equal(oomt_swap_plan_compute(&f, &r, &p), -EINVAL);
	r = base_req();
	r.struct_size = 4;                      /* older than the first version: refused */
	assert_int_equal(oomt_swap_plan_compute(&f, &r, &p), -EINVAL);
	r = base_req();
	f.struct_size = 4;
	assert_int_equal(oomt_swap_plan_compute(&f, &r, &p), -EINVAL);
	f = base_facts();
	f.page_size_bytes = 3000;
	assert_int_equal(oomt_swap_plan_compute(&f, &r, &p), -EINVAL);
	assert_null(p);                         /* outputs only on success */
}

/* The plan remembers what it is for: oomt_swap_apply needs nothing else. */
static void test_plan_records_request(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	r.priority = 7;
	r.swappiness = 10;
	p = plan_of(&f, &r);
	assert_int_equal(p->action, OOMT_SWAP_CREATE);
	assert_string_equal(p->path, "/swapfile");
	assert_int_equal(p->priority, 7);
	assert_int_equal(p->swappiness, 10);
	assert_true(p->persist);
	assert_int_equal(p->page_size_bytes, 4096);
	assert_string_equal(oomt_swap_action_name(p->action), "create");
	assert_string_equal(oomt_swap_verdict_name(p->verdict), "ready");
}

/* Under a sysroot without proc/sys, vm.swappiness can only be persisted. */
static void test_swappiness_absent_or_unknown(void **state)
{
	struct oomt_swap_facts f = base_facts();
	struct oomt_swap_request r = base_req();
	const struct oomt_swap_plan *p;

	(void)state;
	r.swappiness = 10;
	f.swappiness = -1;
	f.swappiness_absent = true;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_CREATE, OOMT_STEP_FALLOCATE, OOMT_STEP_VERIFY,
	             OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON, OOMT_STEP_FSTAB_ADD,
	             OOMT_STEP_SYSCTL_PERSIST, END);
	assert_int_equal(p->nwarnings, 1);
	assert_non_null(strstr(p->warnings[0], "only persisted"));
	assert_non_null(strstr(p->steps[6].description, "/etc/sysctl.d/90-oomtool.conf"));
	r.persist = false;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_CREATE, OOMT_STEP_FALLOCATE, OOMT_STEP_VERIFY,
	             OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON, END);
	assert_non_null(strstr(p->warnings[0], "left alone"));
	/* present but unreadable: the write is tried (and undone if it fails) */
	f.swappiness_absent = false;
	p = plan_of(&f, &r);
	expect_steps(p, OOMT_STEP_CREATE, OOMT_STEP_FALLOCATE, OOMT_STEP_VERIFY,
	             OOMT_STEP_SIGNATURE, OOMT_STEP_SWAPON, OOMT_STEP_SWAPPINESS, END);
	assert_string_equal(p->steps[5].description, "set vm.swappiness to 10");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ext4_and_xfs),
		cmocka_unit_test(test_btrfs_nocow_zeros),
		cmocka_unit_test(test_refused_filesystems),
		cmocka_unit_test(test_not_root_first),
		cmocka_unit_test(test_path_states),
		cmocka_unit_test(test_space_margin),
		cmocka_unit_test(test_size_limits_and_rounding),
		cmocka_unit_test(test_ram_warnings),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_other_size_and_resize),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_swappiness),
		cmocka_unit_test(test_etc_readonly_and_fstab),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_plan_records_request),
		cmocka_unit_test(test_swappiness_absent_or_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, free_last);
}
