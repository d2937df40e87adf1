/* SPDX-License-Identifier: MIT */
#ifndef OOMT_TEST_TMPDIR_H
#define OOMT_TEST_TMPDIR_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Where unit tests put their temporary files: $TMPDIR when it is set and not empty (as
 * mktemp(1) does), else /tmp. A test never hard-codes /tmp: the checkout or the machine may
 * want them elsewhere (a small or noexec /tmp, parallel CI jobs with private directories).
 */
static inline const char *test_tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

/* "<test_tmp_dir()>/<name>" into buf (name ends in XXXXXX for mkstemp/mkdtemp); aborts
 * when it does not fit. Returns buf. */
static inline char *test_tmp_path(char *buf, size_t cap, const char *name)
{
	int n = snprintf(buf, cap, "%s/%s", test_tmp_dir(), name);

	if (n < 0 || (size_t)n >= cap)
		abort();
	return buf;
}

/* Whether every directory from / down to dir lets others search it (mode o+x): a test that
 * hands a path to another user (nobody) needs that. ACLs are not looked at. */
static inline bool test_dir_searchable_by_others(const char *dir)
{
	char path[PATH_MAX], *slash;
	struct stat st;

	if (!realpath(dir, path))
		return false;
	for (;;) {
		if (stat(path[0] ? path : "/", &st) < 0 || !(st.st_mode & S_IXOTH))
			return false;
		slash = strrchr(path, '/');
		if (!slash)
			return true;
		*slash = '\0';
		if (slash == path)
			return stat("/", &st) == 0 && (st.st_mode & S_IXOTH);
	}
}

/* test_tmp_dir() when others can reach into it, else /tmp when they can, else NULL (the
 * caller skips: no place another user can reach). */
static inline const char *test_tmp_dir_for_others(void)
{
	if (test_dir_searchable_by_others(test_tmp_dir()))
		return test_tmp_dir();
	return test_dir_searchable_by_others("/tmp") ? "/tmp" : NULL;
}

#endif
