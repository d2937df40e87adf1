/* SPDX-License-Identifier: MIT */
/* systemd unit files read offline (lib/systemd): names, the text of a file (sections,
 * continuations, comments, resets), and a tree of unit files and drop-ins under a sysroot
 * (search path order, drop-in shadowing and name order, templates, prefix and type
 * drop-ins, masks, symlinks inside the sysroot, the manager's defaults, an override). */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "systemd/unit-file.h"
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

static void link_to(const char *rel, const char *target)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static int setup(void **state)
{
	(void)state;
	test_tmp_path(root, sizeof(root), "oomtool-unitfile-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	put("usr/lib/systemd/system/web.service", "[Service]\nOOMScoreAdjust=-100\n");
	/* /etc hides /usr/lib for the unit file */
	put("etc/systemd/system/db.service", "[Service]\nOOMScoreAdjust=-200\n");
	put("usr/lib/systemd/system/db.service", "[Service]\nOOMScoreAdjust=-300\nOOMPolicy=kill\n");
	/* drop-ins: same name in /run hides /usr/lib's; all sorted by name */
	put("usr/lib/systemd/system/web.service.d/10-a.conf", "[Service]\nOOMScoreAdjust=-110\n");
	put("run/systemd/system/web.service.d/10-a.conf", "[Service]\nOOMScoreAdjust=-120\n");
	put("etc/systemd/system/web.service.d/05-b.conf", "[Service]\nOOMScoreAdjust=-130\n");
	put("etc/systemd/system/web.service.d/README", "[Service]\nOOMScoreAdjust=-999\n");
	/* the type drop-in applies to every service, the prefix one to app-*.service */
	put("etc/systemd/system/service.d/00-all.conf", "[Service]\nManagedOOMPreference=avoid\n");
	put("usr/lib/systemd/system/app-worker.service", "[Service]\nExecStart=/bin/true\n");
	put("etc/systemd/system/app-.service.d/50-app.conf", "[Service]\nOOMScoreAdjust=250\n");
	/* a template and an instance drop-in */
	put("usr/lib/systemd/system/getty@.service", "[Service]\nOOMScoreAdjust=50\n");
	put("etc/systemd/system/getty@tty2.service.d/x.conf", "[Service]\nOOMScoreAdjust=60\n");
	/* masked, and an absolute link that must stay inside the sysroot */
	link_to("etc/systemd/system/cups.service", "/dev/null");
	put("opt/units/alias.service", "[Service]\nOOMScoreAdjust=-42\n");
	link_to("etc/systemd/system/alias.service", "/opt/units/alias.service");
	/* masked drop-in */
	put("usr/lib/systemd/system/web.service.d/20-masked.conf", "[Service]\nOOMScoreAdjust=1\n");
	link_to("etc/systemd/system/web.service.d/20-masked.conf", "/dev/null");
	/* the manager's defaults */
	put("etc/systemd/system.conf", "[Manager]\nDefaultOOMPolicy=continue\n");
	put("usr/lib/systemd/system.conf.d/10-adj.conf", "[Manager]\nDefaultOOMScoreAdjust=7\n");
	put("usr/lib/systemd/system/plain.service", "[Service]\nExecStart=/bin/true\n");
	put("usr/lib/systemd/system/deleg.service", "[Service]\nDelegate=yes\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_names(void **state)
{
	char buf[64];

	(void)state;
	assert_true(oomt_unit_name_is_valid("nginx.service"));
	assert_true(oomt_unit_name_is_valid("getty@tty1.service"));
	assert_true(oomt_unit_name_is_valid("system-getty.slice"));
	assert_false(oomt_unit_name_is_valid("nginx"));
	assert_false(oomt_unit_name_is_valid("getty@.service"));
	assert_false(oomt_unit_name_is_valid("../etc.service"));
	assert_false(oomt_unit_name_is_valid("a/b.service"));
	assert_false(oomt_unit_name_is_valid("a b.service"));
	assert_false(oomt_unit_name_is_valid(""));
	assert_true(oomt_unit_name_template("getty@tty1.service", buf, sizeof(buf)));
	assert_string_equal(buf, "getty@.service");
	assert_false(oomt_unit_name_template("nginx.service", buf, sizeof(buf)));
}

static void test_text(void **state)
{
	static const char text[] =
		"# comment\n"
		"[Unit]\n"
		"OOMScoreAdjust=-1\n"                     /* wrong section: ignored */
		"[Service]\n"
		"ExecStart=/bin/sh -c \\\n"
		"  'echo OOMScoreAdjust=5' \\\n"
		"# a comment inside the continuation\n"
		"  --x\n"
		"OOMScoreAdjust = -700  \n"
		"OOMPolicy=kill\n"
		"; another comment\n"
		"OOMPolicy=\n"                            /* reset */
		"[Install]\n"
		"WantedBy=multi-user.target";
	struct oomt_unit_oom u;
	const char *file;
	int adj;

	(void)state;
	memset(&u, 0, sizeof(u));
	oomt_unit_text_apply(text, strlen(text), "x.service", false, &u);
	assert_true(u.oom_score_adjust.set);
	assert_string_equal(u.oom_score_adjust.value, "-700");
	assert_int_equal(u.oom_score_adjust.line, 9);
	assert_false(u.oom_policy.set);
	assert_true(oomt_unit_adjust(&u, &adj, &file));
	assert_int_equal(adj, -700);
	assert_string_equal(file, "x.service");
	assert_string_equal(oomt_unit_oom_policy(&u, NULL), "stop");
	/* out of range: not a value */
	memset(&u, 0, sizeof(u));
	oomt_unit_text_apply("[Service]\nOOMScoreAdjust=-1001\n", 31, "y", false, &u);
	assert_false(oomt_unit_adjust(&u, &adj, NULL));
}

static struct oomt_unit_oom read_unit(const char *unit, const struct oomt_unit_override *ov)
{
	struct oomt_unit_oom u;

	assert_int_equal(oomt_unit_oom_read(root, OOMT_UNIT_SYSTEM, unit, ov, &u), 0);
	return u;
}

/* The value's file, relative to the sysroot. */
static const char *rel(const struct oomt_unit_value *v)
{
	return v->file + strlen(root) + 1;
}

static void test_tree(void **state)
{
	struct oomt_unit_oom u;
	bool explicit_policy;
	int adj;

	(void)state;
	/* 05-b, 10-a (/run's), 20-masked skipped: 10-a wins; plus the type drop-in */
	u = read_unit("web.service", NULL);
	assert_true(u.found);
	assert_string_equal(u.oom_score_adjust.value, "-120");
	assert_string_equal(rel(&u.oom_score_adjust), "run/systemd/system/web.service.d/10-a.conf");
	assert_string_equal(u.managed_oom_preference.value, "avoid");
	assert_int_equal(u.n_dropins, 3);
	/* the /etc unit file hides /usr/lib's, OOMPolicy= included */
	u = read_unit("db.service", NULL);
	assert_string_equal(u.oom_score_adjust.value, "-200");
	assert_false(u.oom_policy.set);
	assert_string_equal(oomt_unit_oom_policy(&u, &explicit_policy), "continue");
	assert_false(explicit_policy);               /* the manager's DefaultOOMPolicy= */
	u = read_unit("app-worker.service", NULL);
	assert_string_equal(u.oom_score_adjust.value, "250");
	u = read_unit("getty@tty2.service", NULL);
	assert_true(u.found);
	assert_string_equal(u.oom_score_adjust.value, "60");
	u = read_unit("getty@tty3.service", NULL);
	assert_string_equal(u.oom_score_adjust.value, "50");
	u = read_unit("cups.service", NULL);
	assert_true(u.masked);
	assert_false(u.found);
	u = read_unit("alias.service", NULL);
	assert_string_equal(u.oom_score_adjust.value, "-42");
	u = read_unit("nothere.service", NULL);
	assert_false(u.found);
	/* DefaultOOMScoreAdjust= for a unit without its own */
	u = read_unit("plain.service", NULL);
	assert_true(oomt_unit_adjust(&u, &adj, NULL));
	assert_int_equal(adj, 7);
	u = read_unit("deleg.service", NULL);
	assert_string_equal(oomt_unit_oom_policy(&u, NULL), "continue");
	assert_int_equal(oomt_unit_oom_read(root, OOMT_UNIT_SYSTEM, "bad/name.service", NULL, &u),
	                 -EINVAL);
}

static void test_override(void **state)
{
	char path[PATH_MAX];
	struct oomt_unit_override ov;
	struct oomt_unit_oom u;

	(void)state;
	assert_int_equal(oomt_unit_dropin_path(root, OOMT_UNIT_SYSTEM, "web.service", path,
	                                       sizeof(path)), 0);
	assert_string_equal(path + strlen(root),
	                    "/etc/systemd/system/web.service.d/" OOMT_UNIT_DROPIN_NAME);
	/* a drop-in not written yet: 90-oomtool.conf sorts after 10-a.conf and wins */
	ov = (struct oomt_unit_override){ path, "[Service]\nOOMScoreAdjust=-900\n" };
	u = read_unit("web.service", &ov);
	assert_string_equal(u.oom_score_adjust.value, "-900");
	assert_string_equal(u.oom_score_adjust.file, path);
	/* for db.service too (no drop-in directory yet) */
	assert_int_equal(oomt_unit_dropin_path(root, OOMT_UNIT_SYSTEM, "db.service", path,
	                                       sizeof(path)), 0);
	ov = (struct oomt_unit_override){ path, "[Service]\nOOMScoreAdjust=-900\n" };
	u = read_unit("db.service", &ov);
	assert_string_equal(u.oom_score_adjust.value, "-900");
	/* a later drop-in wins over oomtool's */
	put("etc/systemd/system/web.service.d/99-late.conf", "[Service]\nOOMScoreAdjust=-5\n");
	assert_int_equal(oomt_unit_dropin_path(root, OOMT_UNIT_SYSTEM, "web.service", path,
	                                       sizeof(path)), 0);
	ov = (struct oomt_unit_override){ path, "[Service]\nOOMScoreAdjust=-900\n" };
	u = read_unit("web.service", &ov);
	assert_string_equal(u.oom_score_adjust.value, "-5");
	/* text NULL: the file is left out, as after a reset */
	ov = (struct oomt_unit_override){ path, NULL };
	u = read_unit("web.service", &ov);
	assert_string_equal(u.oom_score_adjust.value, "-5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_override),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
