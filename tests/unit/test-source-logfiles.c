/* SPDX-License-Identifier: MIT */
/* oomt_default_log_files(): which files under <sysroot>/var/log, in which order. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "source-test-util.h"

static const char *const files[] = {
	"syslog", "syslog.1", "syslog.2.gz", "syslog.10.gz", "kern.log", "kern.log.1",
	"messages", "messages-20240101.gz", "messages-20240108", "syslog.old", "kern.log.bak",
	"auth.log", "messagesx", "syslog.1.gz.tmp", NULL,
};

static char root[PATH_MAX];

static void rm_tree(void)
{
	char path[PATH_MAX + 64];

	for (size_t i = 0; files[i]; i++) {
		snprintf(path, sizeof(path), "%s/var/log/%s", root, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/var/log/kern.log.2", root);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/var/log", root);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/var", root);
	rmdir(path);
	rmdir(root);
}

static void test_order(void **state)
{
	(void)state;
	char path[PATH_MAX + 64];
	char **list;
	static const char *const want[] = {
		"kern.log.1", "kern.log", "syslog.10.gz", "syslog.2.gz", "syslog.1", "syslog",
		"messages-20240101.gz", "messages-20240108", "messages", NULL,
	};
	size_t n = 0;

	assert_non_null(mkdtemp(test_tmp_path(root, sizeof(root), "oomt-logs-XXXXXX")));
	snprintf(path, sizeof(path), "%s/var", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/var/log", root);
	assert_int_equal(mkdir(path, 0755), 0);
	for (size_t i = 0; files[i]; i++) {
		snprintf(path, sizeof(path), "%s/var/log/%s", root, files[i]);
		int fd = open(path, O_WRONLY | O_CREAT, 0644);
		assert_true(fd >= 0);
		close(fd);
	}
	/* a directory with a log's name is not a log */
	snprintf(path, sizeof(path), "%s/var/log/kern.log.2", root);
	assert_int_equal(mkdir(path, 0755), 0);

	list = oomt_default_log_files(root);
	assert_non_null(list);
	for (; list[n]; n++) {
		assert_non_null(want[n]);
		snprintf(path, sizeof(path), "%s/var/log/%s", root, want[n]);
		assert_string_equal(list[n], path);
	}
	assert_null(want[n]);
	oomt_strv_free(list);
	rm_tree();
}

static void test_missing_root(void **state)
{
	(void)state;
	char **list = oomt_default_log_files("/nonexistent-root");

	assert_non_null(list);
	assert_null(list[0]);
	oomt_strv_free(list);
	oomt_strv_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_missing_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
