/* SPDX-License-Identifier: MIT */
/* The on-demand loader of optional libraries (lib/util/dl.c), on libc itself: a library
 * that is always there, with names that surely exist and names that surely do not. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "util/dl.h"

#define LIBC "libc.so.6"

/* A typed table the way the real users declare theirs. */
#define LIBC_FUNCS(X) \
	X(get, pid) \
	X(get, ppid)

struct libc_table {
	LIBC_FUNCS(OOMT_DL_FN)
};

static void test_typed_table(void **state)
{
	static const char *const names[] = { LIBC_FUNCS(OOMT_DL_NAME) };
	void *a[2];
	struct libc_table t;
	size_t i = 0;

	(void)state;
	assert_int_equal(sizeof(names) / sizeof(names[0]), 2);
	assert_string_equal(names[0], "getpid");
	assert_string_equal(names[1], "getppid");
	assert_int_equal(oomt_dl_load(LIBC, names, a, 2, NULL), 0);
#define SET(prefix, name) t.name = (typeof(t.name))a[i++];
	LIBC_FUNCS(SET)
#undef SET
	assert_int_equal(t.pid(), getpid());
	assert_int_equal(t.ppid(), getppid());
}

static void test_missing_symbol_keeps_slots(void **state)
{
	static const char *const names[] = { "getpid", "oomt_no_such_function_xyz" };
	void *a[2] = { (void *)&a, (void *)&a };
	void *h = (void *)&a;

	(void)state;
	assert_int_equal(oomt_dl_load(LIBC, names, a, 2, &h), -ELIBACC);
	assert_ptr_equal(a[0], (void *)&a);
	assert_ptr_equal(a[1], (void *)&a);
	assert_ptr_equal(h, (void *)&a);
}

static void test_handle(void **state)
{
	static const char *const names[] = { "getpid" };
	void *a[1] = { NULL };
	void *h = NULL;

	(void)state;
	assert_int_equal(oomt_dl_load(LIBC, names, a, 1, &h), 0);
	assert_non_null(h);
	assert_int_equal(((pid_t (*)(void))a[0])(), getpid());
	oomt_dl_close(h);     /* libc itself stays: the process holds it */
	oomt_dl_close(NULL);  /* a no-op, for callers that never loaded */
}

static void test_missing_library(void **state)
{
	static const char *const names[] = { "getpid" };
	void *a[1] = { NULL };

	(void)state;
	assert_int_equal(oomt_dl_load("liboomtool-no-such-library.so.0", names, a, 1, NULL),
	                 -ELIBACC);
	assert_null(a[0]);
	/* a path that exists but is no shared object */
	assert_int_equal(oomt_dl_load("/dev/null", names, a, 1, NULL), -ELIBACC);
	assert_null(a[0]);
}

static void test_too_many_names(void **state)
{
	const char *names[65];
	void *a[65] = { NULL };

	(void)state;
	for (size_t i = 0; i < 65; i++)
		names[i] = "getpid";
	assert_int_equal(oomt_dl_load(LIBC, names, a, 65, NULL), -ELIBACC);
	assert_null(a[0]);
	assert_int_equal(oomt_dl_load(LIBC, names, a, 64, NULL), 0);
	assert_non_null(a[63]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_table),
		cmocka_unit_test(test_missing_symbol_keeps_slots),
		cmocka_unit_test(test_handle),
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_too_many_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
