/* SPDX-License-Identifier: MIT */
/*
 * tests/live/run-spawn-v2.sh: how lib/run starts a command in a cgroup v2 directory, on a
 * real kernel. No memory controller is needed to enter a v2 cgroup, so this runs on hybrid
 * hosts (the v2 hierarchy at /sys/fs/cgroup/unified, without controllers) as well.
 * For each way of starting, the child runs `cat /proc/self/cgroup` as its command: the
 * script checks the 0:: line names the cgroup (it was inside before its first instruction).
 *   clone3   the v2 way: clone3(CLONE_INTO_CGROUP) (5.7+)
 *   write    the fallback: fork, the child writes itself into cgroup.procs, then exec
 * Then the two failures a child reports through its pipe: joining (a cgroup.procs it cannot
 * write) and executing (a missing program).
 * Usage: run-spawn-v2 CGROUP_DIR   (an existing, empty v2 cgroup directory)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "run/run-internal.h"

static int start(const char *how, struct oomt_run_trial *t, enum oomt_cgroup_version v,
                 const char *path)
{
	char *argv[] = { "cat", "/proc/self/cgroup", NULL };
	struct oomt_run_spawn sp;
	sigset_t mask;
	int status = 0, r;

	sigprocmask(SIG_SETMASK, NULL, &mask);
	fflush(stdout);
	r = oomt_run_spawn(t, v, path, argv, environ, &mask, &sp);
	if (r < 0) {
		printf("%s: spawn failed: %s\n", how, strerror(-r));
		return 1;
	}
	if (!sp.failed_stage)
		waitpid(sp.pid, &status, 0);
	printf("%s: clone_into_cgroup=%d failed_stage=%d failed_errno=%d status=%d\n", how,
	       sp.clone_into_cgroup, sp.failed_stage, sp.failed_errno, status);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct oomt_run_trial t = { .fd = -1, .procs_fd = -1 };

	if (argc != 2)
		return 2;
	t.fd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	t.procs_fd = openat(t.fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
	if (t.fd < 0 || t.procs_fd < 0) {
		perror(argv[1]);
		return 1;
	}
	start("clone3", &t, OOMT_CGROUP_V2, "/bin/cat");
	start("write", &t, OOMT_CGROUP_V1, "/bin/cat");   /* v1 never uses clone3 */
	close(t.procs_fd);
	t.procs_fd = -1;
	start("join-fails", &t, OOMT_CGROUP_V1, "/bin/cat");
	start("exec-fails", &t, OOMT_CGROUP_V2, "/nonexistent/program");
	close(t.fd);
	return 0;
}
