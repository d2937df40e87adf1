/* SPDX-License-Identifier: MIT */
/* The runner of the managers' commands (systemctl, docker): found in the search path it is
 * given, output captured and cut, exit status and signal told apart, a command that hangs
 * killed at the timeout, one that cannot start reported as -errno. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "cgroup/command.h"

static void test_find(void **state)
{
	char path[4096];
	(void)state;
	assert_int_equal(oomt_command_find("sh", "/nonexistent::/bin:/usr/bin", path, sizeof(path)), 0);
	assert_true(strcmp(path, "/bin/sh") == 0 || strcmp(path, "/usr/bin/sh") == 0);
	assert_int_equal(oomt_command_find("sh", "", path, sizeof(path)), -ENOENT);
	assert_int_equal(oomt_command_find("sh", NULL, path, sizeof(path)), -ENOENT);
	assert_int_equal(oomt_command_find("no-such-command-here", "/bin:/usr/bin", path,
	                                   sizeof(path)), -ENOENT);
	/* a directory named like the command is not it */
	assert_int_equal(oomt_command_find("tmp", "/", path, sizeof(path)), -ENOENT);
	assert_int_equal(oomt_command_find("/bin/sh", "", path, sizeof(path)), 0);
	assert_string_equal(path, "/bin/sh");
}

static void test_run(void **state)
{
	const char *ok[] = { "/bin/sh", "-c", "echo out; echo err >&2; exit 0", NULL };
	const char *fail[] = { "/bin/sh", "-c", "echo 'Failed to set unit properties'; exit 3", NULL };
	const char *sig[] = { "/bin/sh", "-c", "kill -9 $$", NULL };
	const char *hang[] = { "/bin/sh", "-c", "exec sleep 30", NULL };
	const char *loud[] = { "/bin/sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo xxxxxxxxxx; i=$((i+1)); done", NULL };
	const char *missing[] = { "/nonexistent/systemctl", NULL };
	const char *relative[] = { "sh", NULL };
	struct oomt_command_result res;
	char buf[256];
	(void)state;
	assert_int_equal(oomt_command_run(ok, NULL, 10000, &res), 0);
	assert_int_equal(res.exit_status, 0);
	assert_non_null(strstr(res.output, "out\n"));
	assert_non_null(strstr(res.output, "err\n"));
	assert_int_equal(oomt_command_run(fail, NULL, 10000, &res), 0);
	assert_int_equal(res.exit_status, 3);
	assert_string_equal(oomt_command_describe(&res, 10000, buf, sizeof(buf)),
	                    "exited with status 3: Failed to set unit properties");
	assert_int_equal(oomt_command_run(sig, NULL, 10000, &res), 0);
	assert_int_equal(res.term_signal, 9);
	assert_string_equal(oomt_command_describe(&res, 10000, buf, sizeof(buf)),
	                    "was killed by signal 9");
	assert_int_equal(oomt_command_run(hang, NULL, 200, &res), 0);
	assert_true(res.timed_out);
	assert_string_equal(oomt_command_describe(&res, 200, buf, sizeof(buf)),
	                    "did not finish within 1 s and was killed");
	/* output beyond the buffer is read (the command does not block) and cut */
	assert_int_equal(oomt_command_run(loud, NULL, 10000, &res), 0);
	assert_int_equal(res.exit_status, 0);
	assert_int_equal(strlen(res.output), sizeof(res.output) - 1);
	/* an environment of our own */
	{
		const char *env_argv[] = { "/bin/sh", "-c", "echo \"[$OOMT_X]\"", NULL };
		char *const envp[] = { "OOMT_X=given", NULL };

		assert_int_equal(oomt_command_run(env_argv, envp, 10000, &res), 0);
		assert_string_equal(res.output, "[given]\n");
	}
	assert_int_equal(oomt_command_run(missing, NULL, 1000, &res), -ENOENT);
	assert_int_equal(oomt_command_run(relative, NULL, 1000, &res), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
