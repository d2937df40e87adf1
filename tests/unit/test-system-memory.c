/* SPDX-License-Identifier: MIT */
/* The one meminfo function, oomt_system_memory_read, and the pressure reader: on fixture
 * trees (the direct parser), on this machine (libproc2 for the first read, then the direct
 * parser: the same counters), and the struct_size rules. */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <oomtool/system-memory.h>
#include "proc/procps.h"

#define FIX TEST_FIXTURE_DIR "/proc-basic"
#define NOW TEST_FIXTURE_DIR "/explain-now"

static bool proc2_loaded(void)
{
	void *h = dlopen(OOMT_LIBPROC2_SONAME, RTLD_NOW | RTLD_NOLOAD);

	if (!h)
		return false;
	dlclose(h);
	return true;
}

static void test_fixture(void **state)
{
	struct oomt_system_memory m = { .struct_size = sizeof(m) };
	(void)state;
	assert_int_equal(oomt_system_memory_read(FIX, &m), 0);
	assert_int_equal(m.struct_size, sizeof(m));
	assert_int_equal(m.mem_total_bytes, 8000000LL * 1024);
	assert_int_equal(m.mem_free_bytes, 100000LL * 1024);
	assert_int_equal(m.mem_available_bytes, 200000LL * 1024);
	assert_int_equal(m.buffers_bytes, 1000LL * 1024);
	assert_true(m.cached_bytes == OOMT_UNKNOWN);   /* not in this file: unknown, not 0 */
	assert_true(m.shmem_bytes == OOMT_UNKNOWN);
	assert_int_equal(m.swap_total_bytes, 2000000LL * 1024);
	assert_int_equal(m.swap_free_bytes, 1500000LL * 1024);
	assert_int_equal(m.oom_kill_count, 7);
	/* a tree without vmstat: the kill count is unknown, the rest is there */
	assert_int_equal(oomt_system_memory_read(NOW, &m), 0);
	assert_int_equal(m.mem_total_bytes, 1048576LL * 1024);
	assert_true(m.oom_kill_count == OOMT_UNKNOWN);
	assert_int_equal(oomt_system_memory_read("/nonexistent-root", &m), -ENOENT);
}

static void test_struct_size(void **state)
{
	struct oomt_system_memory m;
	struct { struct oomt_system_memory m; int64_t newer; } big;
	/* a program built against the first version: everything through oom_kill_count */
	size_t v1 = offsetof(struct oomt_system_memory, oom_kill_count) + sizeof(int64_t);
	(void)state;
	memset(&m, 0x5a, sizeof(m));
	m.struct_size = sizeof(uint32_t);
	assert_int_equal(oomt_system_memory_read(FIX, &m), -EINVAL);
	assert_int_equal(m.mem_total_bytes, 0x5a5a5a5a5a5a5a5aLL);
	m.struct_size = (uint32_t)v1 - 1;
	assert_int_equal(oomt_system_memory_read(FIX, &m), -EINVAL);
	m.struct_size = (uint32_t)v1;
	assert_int_equal(oomt_system_memory_read(FIX, &m), 0);
	assert_int_equal(m.oom_kill_count, 7);
	assert_int_equal(oomt_system_memory_read(FIX, NULL), -EINVAL);
	/* a newer program's larger struct: what this library knows is written, no more */
	memset(&big, 0x5a, sizeof(big));
	big.m.struct_size = sizeof(big);
	assert_int_equal(oomt_system_memory_read(FIX, &big.m), 0);
	assert_int_equal(big.m.mem_total_bytes, 8000000LL * 1024);
	assert_int_equal(big.newer, 0x5a5a5a5a5a5a5a5aLL);
}

/* This machine: the first read goes through libproc2 (when installed), which is unloaded
 * after it; later reads parse the files directly. Both give the kernel's MemTotal and
 * SwapTotal (which do not move); the moving counters are only checked for sanity. */
static void test_live(void **state)
{
	struct oomt_system_memory first = { .struct_size = sizeof(first) };
	struct oomt_system_memory later = { .struct_size = sizeof(later) };
	struct oomt_system_memory lp = { .struct_size = sizeof(lp) };
	(void)state;
	assert_int_equal(oomt_system_memory_read(NULL, &first), 0);
	assert_false(proc2_loaded());
	assert_int_equal(oomt_system_memory_read("/", &later), 0);
	assert_true(first.mem_total_bytes > 0);
	assert_true(first.mem_total_bytes == later.mem_total_bytes);
	assert_true(first.swap_total_bytes == later.swap_total_bytes);
	assert_true(later.mem_available_bytes > 0 && later.mem_available_bytes <= later.mem_total_bytes);
	assert_true(later.oom_kill_count >= 0);
	/* the libproc2 backend itself: loaded for the call, unloaded after it */
	if (oomt_procps_system_memory_read(&lp) == -ELIBACC)
		skip();
	assert_false(proc2_loaded());
	assert_true(lp.mem_total_bytes == later.mem_total_bytes);
	assert_true(lp.swap_total_bytes == later.swap_total_bytes);
	assert_true(lp.oom_kill_count >= 0);
}

static void test_pressure(void **state)
{
	struct oomt_memory_pressure ps = { .struct_size = sizeof(ps) };
	(void)state;
	assert_int_equal(oomt_system_pressure_read(FIX, &ps), 0);
	assert_true(ps.has_some && ps.has_full);
	assert_true(ps.some.avg10 > 12.49 && ps.some.avg10 < 12.51);
	assert_true(ps.some.avg60 > 2.99 && ps.some.avg60 < 3.01);
	assert_int_equal(ps.some.total_usec, 123456);
	assert_true(ps.full.avg10 > 4.24 && ps.full.avg10 < 4.26);
	assert_int_equal(ps.full.total_usec, 65432);
	assert_int_equal(oomt_system_pressure_read(NOW, &ps), -ENOENT);   /* no PSI */
	ps.struct_size = 2;
	assert_int_equal(oomt_system_pressure_read(FIX, &ps), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_struct_size),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_pressure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
