/* SPDX-License-Identifier: MIT */
/*
 * Starting the command inside its trial cgroup, with no moment outside it:
 *  - cgroup v2 on 5.7+: clone3(CLONE_INTO_CGROUP) creates the child in the cgroup;
 *  - else fork(), and the child writes its own pid into the trial's cgroup.procs (opened by
 *    the parent) before it calls execve(): it runs nothing of the command before it is in.
 * A close-on-exec pipe tells the parent how it went: end of file when execve() succeeded,
 * else {stage, errno} (joining the cgroup, or executing). The child between fork and exec
 * only calls async-signal-safe functions and allocates nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "run/run-internal.h"

#define DEFAULT_SEARCH_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct child_error {
	int stage;
	int err;
};

void oomt_run_resolve(const char *argv0, const char *search_path, char *buf, size_t bufsz)
{
	const char *p;

	snprintf(buf, bufsz, "%s", argv0);
	if (!argv0[0] || strchr(argv0, '/'))
		return;
	for (p = search_path ? search_path : DEFAULT_SEARCH_PATH;; ) {
		const char *colon = strchr(p, ':');
		size_t dl = colon ? (size_t)(colon - p) : strlen(p);
		char cand[PATH_MAX];
		struct stat st;

		/* an empty entry is the current directory, as execvp() reads $PATH */
		if (snprintf(cand, sizeof(cand), "%.*s%s%s", (int)dl, dl ? p : ".", "/", argv0) <
		        (int)sizeof(cand) &&
		    stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) {
			snprintf(buf, bufsz, "%s", cand);
			return;
		}
		if (!colon)
			return;
		p = colon + 1;
	}
}

static void report_and_exit(int fd, int stage, int err)
{
	struct child_error ce = { stage, err };
	ssize_t n = write(fd, &ce, sizeof(ce));

	(void)n;
	_exit(127);
}

static void child(const struct oomt_run_trial *trial, bool joined, int errfd, const char *path,
                  char *const argv[], char *const envp[], const void *child_mask)
{
	if (!joined) {
		char num[24], *p = num + sizeof(num);
		long pid = (long)getpid();

		*--p = '\n';
		do
			*--p = (char)('0' + pid % 10);
		while ((pid /= 10) > 0);
		if (write(trial->procs_fd, p, (size_t)(num + sizeof(num) - p)) < 0)
			report_and_exit(errfd, OOMT_RUN_STAGE_JOIN, errno);
	}
	sigprocmask(SIG_SETMASK, child_mask, NULL);
	execve(path, argv, envp);
	report_and_exit(errfd, OOMT_RUN_STAGE_EXEC, errno);
}

/* clone3(CLONE_INTO_CGROUP): the child's pid, 0 in the child, or -errno (-ENOSYS before
 * 5.3, -E2BIG/-EINVAL before 5.7, or a seccomp filter that hides clone3). */
static pid_t clone_into(int cgfd)
{
#if defined(SYS_clone3) && defined(CLONE_INTO_CGROUP)
	struct clone_args args;
	long pid;

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)cgfd;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	return pid < 0 ? -errno : (pid_t)pid;
#else
	(void)cgfd;
	return -ENOSYS;
#endif
}

int oomt_run_spawn(const struct oomt_run_trial *trial, enum oomt_cgroup_version v,
                   const char *path, char *const argv[], char *const envp[],
                   const void *child_mask, struct oomt_run_spawn *ret)
{
	struct oomt_run_spawn s = { 0 };
	struct child_error ce;
	int pfd[2];
	pid_t pid = -ENOSYS;
	ssize_t n;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	if (v == OOMT_CGROUP_V2)
		pid = clone_into(trial->fd);
	if (pid == 0)
		child(trial, true, pfd[1], path, argv, envp, child_mask);
	if (pid > 0) {
		s.clone_into_cgroup = true;
	} else {
		pid = fork();
		if (pid == 0)
			child(trial, false, pfd[1], path, argv, envp, child_mask);
		if (pid < 0) {
			int e = errno;

			close(pfd[0]);
			close(pfd[1]);
			return -e;
		}
	}
	close(pfd[1]);
	do
		n = read(pfd[0], &ce, sizeof(ce));
	while (n < 0 && errno == EINTR);
	close(pfd[0]);
	s.pid = pid;
	if (n == (ssize_t)sizeof(ce)) {
		s.failed_stage = ce.stage;
		s.failed_errno = ce.err;
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	*ret = s;
	return 0;
}
