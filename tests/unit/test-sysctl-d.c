/* SPDX-License-Identifier: MIT */
/* Where a kernel setting's boot value comes from (lib/sysctl/sysctl-d.c): the sysctl.d
 * files in systemd-sysctl's order (directories by priority, a name hiding the same name,
 * name order across directories), sysctl.conf last and once, globs, the kernel command
 * line; the file that overrides oomtool's; and the undo of removing a key from oomtool's
 * file. */
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
#include <oomtool/sysctl.h>
#include "sysctl/sysctl-d.h"
#include "util/file.h"
#include "test-tmpdir.h"

static char root[PATH_MAX];

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX * 2], cmd[PATH_MAX * 2 + 32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *get(const char *rel)
{
	char path[PATH_MAX * 2], *buf = NULL;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return oomt_file_read_all(path, 1 << 20, &buf, &len) == 0 ? buf : NULL;
}

static int setup(void **state)
{
	char path[PATH_MAX * 2];

	(void)state;
	test_tmp_path(root, sizeof(root), "oomtool-sysctld-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	put("usr/lib/sysctl.d/50-default.conf", "vm.swappiness = 30\nkernel.panic = 5\n");
	put("etc/sysctl.d/50-default.conf", "vm.swappiness = 20\n");       /* hides the above */
	put("run/sysctl.d/40-run.conf", "vm.swappiness = 40\nvm.overcommit_memory = 1\n");
	put("usr/local/lib/sysctl.d/60-local.conf", "-vm.overcommit_memory=2\n");
	put("usr/lib/sysctl.d/10-glob.conf", "vm.overcommit_r*tio = 70\n");
	put("usr/lib/sysctl.d/README", "vm.swappiness = 99\n");           /* not *.conf */
	put("etc/sysctl.d/95-late.conf", "vm/min_free_kbytes\t=\t65536\n");
	put("etc/sysctl.conf", "# classic\nvm.oom_dump_tasks = 0\n");
	snprintf(path, sizeof(path), "%s/etc/sysctl.d/99-sysctl.conf", root);
	if (symlink("../sysctl.conf", path) < 0)
		return -1;
	put("proc/cmdline", "ro sysctl.vm.panic_on_oom=1 panic=10 quiet -- sysctl.vm.swappiness=1\n");
	put("proc/sys/vm/swappiness", "20\n");
	put("proc/sys/vm/min_free_kbytes", "65536\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_order(void **state)
{
	struct oomt_sysctl_files fs;
	static const char *const want[] = {
		"10-glob.conf", "40-run.conf", "50-default.conf", "60-local.conf", "95-late.conf",
		"99-sysctl.conf",
	};

	(void)state;
	assert_int_equal(oomt_sysctl_files_list(root, &fs), 0);
	/* etc/sysctl.conf is the 99-sysctl.conf link: read once */
	assert_int_equal(fs.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < fs.n; i++)
		assert_string_equal(fs.v[i].name, want[i]);
	assert_non_null(strstr(fs.v[2].path, "/etc/sysctl.d/50-default.conf"));
	oomt_sysctl_files_free(&fs);
}

static struct oomt_sysctl_origin origin(const char *key)
{
	struct oomt_sysctl_origin o = { .struct_size = sizeof(o) };

	assert_int_equal(oomt_sysctl_origin_read(root, key, &o), 0);
	return o;
}

static void test_origin(void **state)
{
	struct oomt_sysctl_origin o;

	(void)state;
	o = origin("vm.swappiness");
	assert_true(o.set);
	assert_string_equal(o.value, "20");
	assert_non_null(strstr(o.file, "/etc/sysctl.d/50-default.conf"));
	assert_int_equal(o.line, 1);
	o = origin("vm/overcommit_memory");                   /* either spelling */
	assert_string_equal(o.value, "2");
	assert_non_null(strstr(o.file, "60-local.conf"));
	o = origin("vm.overcommit_ratio");                    /* a glob */
	assert_string_equal(o.value, "70");
	o = origin("vm.min_free_kbytes");
	assert_string_equal(o.value, "65536");
	o = origin("vm.oom_dump_tasks");
	assert_string_equal(o.value, "0");
	assert_int_equal(o.line, 2);
	o = origin("vm.panic_on_oom");                        /* the command line */
	assert_true(o.set);
	assert_string_equal(o.value, "1");
	assert_int_equal(o.line, 0);
	assert_non_null(strstr(o.file, "/proc/cmdline"));
	/* panic=10; usr/lib's 50-default.conf would say 5, but /etc's hides it */
	o = origin("kernel.panic");
	assert_string_equal(o.value, "10");
	assert_int_equal(o.line, 0);
	o = origin("vm.watermark_scale_factor");
	assert_false(o.set);
	assert_int_equal(o.files_read, 6);
	assert_int_equal(oomt_sysctl_origin_read(root, "vm..x", &o), -EINVAL);
	o.struct_size = 8;
	assert_int_equal(oomt_sysctl_origin_read(root, "vm.swappiness", &o), -EINVAL);
}

static void test_overridden(void **state)
{
	char by[PATH_MAX];

	(void)state;
	assert_int_equal(oomt_sysctl_overridden_by(root, "vm.min_free_kbytes", by, sizeof(by)), 0);
	assert_non_null(strstr(by, "95-late.conf"));
	assert_int_equal(oomt_sysctl_overridden_by(root, "vm.oom_dump_tasks", by, sizeof(by)), 0);
	assert_non_null(strstr(by, "99-sysctl.conf"));
	/* 50-default.conf is read before 90-oomtool.conf: no override */
	assert_int_equal(oomt_sysctl_overridden_by(root, "vm.swappiness", by, sizeof(by)), 0);
	assert_string_equal(by, "");
}

static void test_unpersist(void **state)
{
	struct oomt_sysctl_change *c;
	char *before, *text;

	(void)state;
	put("etc/sysctl.d/90-oomtool.conf", "# hand comment\n# was: vm.swappiness = 60\n"
	    "vm.swappiness = 10\nvm.oom_dump_tasks = 1\n");
	before = get("etc/sysctl.d/90-oomtool.conf");
	assert_int_equal(oomt_sysctl_change_new(root, &c), 0);
	assert_int_equal(oomt_sysctl_change_unpersist(c, "vm.swappiness"), 0);
	text = get("etc/sysctl.d/90-oomtool.conf");
	assert_string_equal(text, "# hand comment\nvm.oom_dump_tasks = 1\n");
	free(text);
	/* the last setting gone: the file goes */
	assert_int_equal(oomt_sysctl_change_unpersist(c, "vm.oom_dump_tasks"), 0);
	assert_null(get("etc/sysctl.d/90-oomtool.conf"));
	/* absent key and absent file: nothing to do */
	assert_int_equal(oomt_sysctl_change_unpersist(c, "vm.oom_dump_tasks"), 0);
	/* undo: the text before the first change, byte for byte */
	assert_int_equal(oomt_sysctl_change_undo_persist(c), 0);
	text = get("etc/sysctl.d/90-oomtool.conf");
	assert_string_equal(text, before);
	free(text);
	free(before);
	oomt_sysctl_change_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_overridden),
		cmocka_unit_test(test_unpersist),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
