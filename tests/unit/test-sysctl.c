/* SPDX-License-Identifier: MIT */
/* sysctl keys, the oomtool sysctl.d file (merge, was-lines), and reads, writes and exact undo
 * under a fixture sysroot. */
#include <errno.h>
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
#include <oomtool/sysctl.h>
#include "sysctl/sysctl-conf.h"

static char root[1024];     /* short enough that every path below it fits PATH_MAX */

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(root, sizeof(root), "%s/oomtool-sysctl-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void at(char *buf, size_t sz, const char *rel)
{
	snprintf(buf, sz, "%s/%s", root, rel);
}

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	at(path, sizeof(path), rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The whole file, or NULL when it does not exist. */
static char *get(const char *rel)
{
	char path[PATH_MAX], *buf = NULL;
	size_t len;
	int r;

	at(path, sizeof(path), rel);
	r = oomt_swap_read_small(path, 1 << 20, &buf, &len);
	if (r == -ENOENT)
		return NULL;
	assert_int_equal(r, 0);
	return buf;
}

/* The file says TEXT exactly (TEXT NULL: the file does not exist). */
static void expect_file(const char *rel, const char *text)
{
	char *have = get(rel);

	if (!text) {
		assert_null(have);
		return;
	}
	assert_non_null(have);
	assert_string_equal(have, text);
	free(have);
}

static void mkdirs(const char *rel)
{
	char path[PATH_MAX], cmd[PATH_MAX + 16];

	at(path, sizeof(path), rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static void rmtree(const char *rel)
{
	char path[PATH_MAX], cmd[PATH_MAX + 16];

	at(path, sizeof(path), rel);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static void test_key_path(void **state)
{
	static const struct { const char *key, *path; } good[] = {
		{ "vm.swappiness", "vm/swappiness" },
		{ "vm/swappiness", "vm/swappiness" },
		{ "net/ipv4/conf/eth0.100/forwarding", "net/ipv4/conf/eth0.100/forwarding" },
		{ "net.ipv4.conf.eth0/100.forwarding", "net/ipv4/conf/eth0.100/forwarding" },
		{ "kernel.panic_on_oops", "kernel/panic_on_oops" },
	};
	static const char *const bad[] = {
		"", ".vm", "vm.", "vm..swappiness", "vm/../swappiness", "vm/./x", "vm/",
		"vm.swap piness", "vm.swappiness=1", "kernel.*", "vm.swap\tx", "#vm.x",
	};
	char out[256];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(oomt_sysctl_key_path(good[i].key, strlen(good[i].key), out,
		                                      sizeof(out)), 0);
		assert_string_equal(out, good[i].path);
	}
	/* a single name is a key too (the check is on separators, not on depth) */
	assert_int_equal(oomt_sysctl_key_path("vm", 2, out, sizeof(out)), 0);
	for (size_t i = 1; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (oomt_sysctl_key_path(bad[i], strlen(bad[i]), out, sizeof(out)) != -EINVAL)
			fail_msg("key '%s' accepted", bad[i]);
	assert_int_equal(oomt_sysctl_key_path("", 0, out, sizeof(out)), -EINVAL);
	assert_int_equal(oomt_sysctl_key_path("vm.swappiness", 13, out, 8), -ENAMETOOLONG);
	assert_int_equal(oomt_sysctl_value_check("4\t4\t1\t7"), 0);
	assert_int_equal(oomt_sysctl_value_check("10\n"), -EINVAL);
}

static void test_conf_set_new_and_merge(void **state)
{
	const char *hand =
		"# mine\n"
		"kernel.panic = 10\n"
		"-vm/swappiness=30\r\n"
		"; old style comment\n"
		"vm.swappiness = 40\n"
		"vm.overcommit_memory = 2";          /* no newline at the end */
	char *out, *again, value[32], was[32];
	size_t len, len2, removed;

	(void)state;
	/* a new file: header, the was-line, the setting */
	assert_int_equal(oomt_sysctl_conf_set("", 0, "vm.swappiness", "10", "60", &out, &len), 0);
	assert_string_equal(out, OOMT_SYSCTL_CONF_HEADER
	                    "# was: vm.swappiness = 60\nvm.swappiness = 10\n");
	assert_int_equal(len, strlen(out));
	assert_int_equal(oomt_sysctl_conf_get(out, len, "vm/swappiness", value, sizeof(value), was,
	                                      sizeof(was)), 0);
	assert_string_equal(value, "10");
	assert_string_equal(was, "60");
	/* set again: the line replaced, the was-line (the value before oomtool) kept */
	assert_int_equal(oomt_sysctl_conf_set(out, len, "vm.swappiness", "20", "10", &again,
	                                      &len2), 0);
	assert_string_equal(again, OOMT_SYSCTL_CONF_HEADER
	                    "# was: vm.swappiness = 60\nvm.swappiness = 20\n");
	free(again);
	free(out);

	/* a file someone edited: their key forms match, the first line is replaced, later
	 * duplicates dropped, every other byte kept */
	assert_int_equal(oomt_sysctl_conf_get(hand, strlen(hand), "vm.swappiness", value,
	                                      sizeof(value), was, sizeof(was)), 0);
	assert_string_equal(value, "40");                    /* the last line wins */
	assert_string_equal(was, "");
	assert_int_equal(oomt_sysctl_conf_set(hand, strlen(hand), "vm.swappiness", "10", "60",
	                                      &out, &len), 0);
	assert_string_equal(out, "# mine\n"
	                         "kernel.panic = 10\n"
	                         "vm.swappiness = 10\n"
	                         "; old style comment\n"
	                         "vm.overcommit_memory = 2");
	free(out);
	/* a new key after a last line without newline */
	assert_int_equal(oomt_sysctl_conf_set(hand, strlen(hand), "vm.oom_dump_tasks", "1", NULL,
	                                      &out, &len), 0);
	assert_int_equal(strncmp(out, hand, strlen(hand)), 0);
	assert_string_equal(out + strlen(hand), "\nvm.oom_dump_tasks = 1\n");
	free(out);
	/* remove: the key's lines and its was-line */
	assert_int_equal(oomt_sysctl_conf_set("", 0, "vm.swappiness", "10", "60", &out, &len), 0);
	assert_int_equal(oomt_sysctl_conf_remove(out, len, "vm.swappiness", &again, &len2,
	                                         &removed), 0);
	assert_int_equal(removed, 2);
	assert_string_equal(again, OOMT_SYSCTL_CONF_HEADER);
	assert_int_equal(oomt_sysctl_conf_get(again, len2, "vm.swappiness", value, sizeof(value),
	                                      NULL, 0), -ENOENT);
	free(again);
	free(out);
	assert_int_equal(oomt_sysctl_conf_set("", 0, "vm swappiness", "1", NULL, &out, &len),
	                 -EINVAL);
	assert_int_equal(oomt_sysctl_conf_set("", 0, "vm.swappiness", "1\n2", NULL, &out, &len),
	                 -EINVAL);
}

static void test_read_write_under_sysroot(void **state)
{
	char value[OOMT_SYSCTL_VALUE_MAX], small[2];

	(void)state;
	mkdirs("proc/sys/vm");
	put("proc/sys/vm/swappiness", "60\n");
	assert_int_equal(oomt_sysctl_read(root, "vm.swappiness", value, sizeof(value)), 0);
	assert_string_equal(value, "60");
	assert_int_equal(oomt_sysctl_read(root, "vm.swappiness", small, sizeof(small)),
	                 -EOVERFLOW);
	assert_int_equal(oomt_sysctl_write(root, "vm.swappiness", "5"), 0);
	expect_file("proc/sys/vm/swappiness", "5\n");              /* the whole file */
	/* a setting the tree does not have is not made up */
	assert_int_equal(oomt_sysctl_write(root, "vm.no_such_setting", "1"), -ENOENT);
	expect_file("proc/sys/vm/no_such_setting", NULL);
	assert_int_equal(oomt_sysctl_read(root, "vm.no_such_setting", value, sizeof(value)),
	                 -ENOENT);
	assert_int_equal(oomt_sysctl_write(root, "vm.swappiness", "1\n"), -EINVAL);
	assert_int_equal(oomt_sysctl_write(root, "vm..swappiness", "1"), -EINVAL);
	assert_int_equal(oomt_sysctl_persisted_get(root, "vm.swappiness", value, sizeof(value),
	                                           NULL, 0), -ENOENT);
	rmtree("proc");
}

/* Write and persist, then undo: every byte as it was. */
static void test_change_undo_exact(void **state)
{
	const char *conf = "# kept\nkernel.panic = 10\n";
	struct oomt_sysctl_change *c;
	char value[32], was[32];

	(void)state;
	mkdirs("proc/sys/vm");
	mkdirs("etc/sysctl.d");
	put("proc/sys/vm/swappiness", "60\n");
	put("etc/sysctl.d/90-oomtool.conf", conf);
	assert_int_equal(oomt_sysctl_change_new(root, &c), 0);
	assert_int_equal(oomt_sysctl_change_write(c, "vm.swappiness", "10"), 0);
	assert_int_equal(oomt_sysctl_change_write(c, "vm.swappiness", "20"), 0);
	assert_int_equal(oomt_sysctl_change_persist(c, "vm.swappiness", "20"), 0);
	assert_int_equal(oomt_sysctl_change_persist(c, "vm.swappiness", "30"), 0);
	expect_file("proc/sys/vm/swappiness", "20\n");
	expect_file("etc/sysctl.d/90-oomtool.conf", "# kept\nkernel.panic = 10\n"
	            "# was: vm.swappiness = 60\nvm.swappiness = 30\n");
	assert_int_equal(oomt_sysctl_persisted_get(root, "vm.swappiness", value, sizeof(value),
	                                           was, sizeof(was)), 0);
	assert_string_equal(value, "30");
	assert_string_equal(was, "60");       /* the value before this change, not the live 20 */
	assert_int_equal(oomt_sysctl_change_undo_persist(c), 0);
	assert_int_equal(oomt_sysctl_change_undo_writes(c), 0);
	expect_file("etc/sysctl.d/90-oomtool.conf", conf);   /* the first text */
	expect_file("proc/sys/vm/swappiness", "60\n");       /* the first value, not 10 */
	/* undone twice: nothing left to do */
	assert_int_equal(oomt_sysctl_change_undo_persist(c), 0);
	assert_int_equal(oomt_sysctl_change_undo_writes(c), 0);
	oomt_sysctl_change_free(c);
	rmtree("proc");
	rmtree("etc");
}

/* No file and no etc/sysctl.d before: undo removes both. */
static void test_change_undo_removes_what_it_made(void **state)
{
	struct oomt_sysctl_change *c;
	char path[PATH_MAX];
	struct stat st;

	(void)state;
	mkdirs("etc");
	assert_int_equal(oomt_sysctl_change_new(root, &c), 0);
	/* nothing to read the old value from: persisted without a was-line */
	assert_int_equal(oomt_sysctl_change_persist(c, "vm.swappiness", "10"), 0);
	expect_file("etc/sysctl.d/90-oomtool.conf", OOMT_SYSCTL_CONF_HEADER
	            "vm.swappiness = 10\n");
	at(path, sizeof(path), "etc/sysctl.d/90-oomtool.conf");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(oomt_sysctl_change_undo_persist(c), 0);
	at(path, sizeof(path), "etc/sysctl.d");
	assert_int_equal(stat(path, &st), -1);
	oomt_sysctl_change_free(c);
	/* already as asked: nothing written, nothing to undo */
	mkdirs("etc/sysctl.d");
	put("etc/sysctl.d/90-oomtool.conf", "vm.swappiness=10\n");
	assert_int_equal(oomt_sysctl_change_new(root, &c), 0);
	assert_int_equal(oomt_sysctl_change_persist(c, "vm.swappiness", "10"), 0);
	expect_file("etc/sysctl.d/90-oomtool.conf", "vm.swappiness=10\n");
	oomt_sysctl_change_free(c);
	/* a write that fails changes nothing and records nothing */
	assert_int_equal(oomt_sysctl_change_new(root, &c), 0);
	assert_int_equal(oomt_sysctl_change_write(c, "vm.swappiness", "10"), -ENOENT);
	assert_int_equal(oomt_sysctl_change_undo_writes(c), 0);
	oomt_sysctl_change_free(c);
	rmtree("etc");
}

/* A sysroot never reaches the live system: the fixture changes, /proc/sys does not. */
static void test_sysroot_honoured(void **state)
{
	char live_before[64], live_after[64];
	struct oomt_sysctl_change *c;
	bool have_live = oomt_sysctl_read(NULL, "vm.swappiness", live_before,
	                                  sizeof(live_before)) == 0;

	(void)state;
	mkdirs("proc/sys/vm");
	mkdirs("etc");
	put("proc/sys/vm/swappiness", have_live && strcmp(live_before, "7") == 0 ? "8\n" : "7\n");
	assert_int_equal(oomt_sysctl_change_new(root, &c), 0);
	assert_int_equal(oomt_sysctl_change_write(c, "vm.swappiness", "3"), 0);
	assert_int_equal(oomt_sysctl_change_persist(c, "vm.swappiness", "3"), 0);
	expect_file("proc/sys/vm/swappiness", "3\n");
	if (have_live) {
		assert_int_equal(oomt_sysctl_read("/", "vm.swappiness", live_after,
		                                  sizeof(live_after)), 0);
		assert_string_equal(live_after, live_before);
	}
	assert_int_equal(oomt_sysctl_change_undo_persist(c), 0);
	assert_int_equal(oomt_sysctl_change_undo_writes(c), 0);
	oomt_sysctl_change_free(c);
	rmtree("proc");
	rmtree("etc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_path),
		cmocka_unit_test(test_conf_set_new_and_merge),
		cmocka_unit_test(test_read_write_under_sysroot),
		cmocka_unit_test(test_change_undo_exact),
		cmocka_unit_test(test_change_undo_removes_what_it_made),
		cmocka_unit_test(test_sysroot_honoured),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
