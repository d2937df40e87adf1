/* SPDX-License-Identifier: MIT */
/* libproc2 through its on-demand table (lib/proc/procps.c), on this machine's /proc:
 * the counters agree with the direct reader, and unloading really unloads. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/proc.h>

static bool proc2_loaded(void)
{
	void *h = dlopen(OOMT_LIBPROC2_SONAME, RTLD_NOW | RTLD_NOLOAD);

	if (!h)
		return false;
	dlclose(h);
	return true;
}

static void test_meminfo_load_unload(void **state)
{
	struct oomt_proc_meminfo m = { 0 }, direct = { 0 };
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int64_t kills = -1;
	int r;

	(void)state;
	assert_true(procfd >= 0);
	r = oomt_procps_meminfo(&m);
	if (r == -ELIBACC) {
		close(procfd);
		skip();
	}
	assert_int_equal(r, 0);
	assert_true(proc2_loaded());
	assert_int_equal(oomt_proc_read_meminfo(procfd, &direct), 0);
	assert_true(m.mem_total_bytes == direct.mem_total_bytes);
	assert_true(m.swap_total_bytes == direct.swap_total_bytes);

	oomt_procps_unload();
	assert_false(proc2_loaded());
	oomt_procps_unload();          /* twice: harmless */

	/* the next call loads it again */
	assert_int_equal(oomt_procps_oom_kill(&kills), 0);
	assert_true(kills >= 0);
	assert_true(proc2_loaded());
	assert_int_equal(oomt_procps_meminfo(&m), 0);
	assert_true(m.mem_total_bytes == direct.mem_total_bytes);
	oomt_procps_unload();
	close(procfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meminfo_load_unload),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
