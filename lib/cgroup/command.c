/* SPDX-License-Identifier: MIT */
/* Running systemctl and docker: see command.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cgroup/command.h"
#include "util/time-util.h"

extern char **environ;

int oomt_command_find(const char *name, const char *search_path, char *ret, size_t retsz)
{
	const char *p = search_path ? search_path : "";

	if (strchr(name, '/')) {
		if (snprintf(ret, retsz, "%s", name) >= (int)retsz)
			return -ENAMETOOLONG;
		return access(name, X_OK) == 0 ? 0 : -ENOENT;
	}
	while (*p) {
		size_t n = strcspn(p, ":");
		struct stat st;

		if (n > 0 && snprintf(ret, retsz, "%.*s/%s", (int)n, p, name) < (int)retsz &&
		    stat(ret, &st) == 0 && S_ISREG(st.st_mode) && access(ret, X_OK) == 0)
			return 0;
		p += n;
		if (*p == ':')
			p++;
	}
	if (retsz)
		ret[0] = '\0';
	return -ENOENT;
}

static int64_t now_ms(void)
{
	return oomt_clock_usec(CLOCK_MONOTONIC) / 1000;
}

static int spawn(const char *const *argv, char *const *envp, int out_fd, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	int r;

	if ((r = posix_spawn_file_actions_init(&fa)) != 0)
		return -r;
	if ((r = posix_spawnattr_init(&attr)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return -r;
	}
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGHUP);
	r = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (r == 0)
		r = posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	if (r == 0)
		r = posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
	if (r == 0)
		r = posix_spawnattr_setsigmask(&attr, &none);
	if (r == 0)
		r = posix_spawnattr_setsigdefault(&attr, &dfl);
	if (r == 0)
		r = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (r == 0)
		r = posix_spawn(pid, argv[0], &fa, &attr, (char *const *)argv,
		                envp ? envp : environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return -r;
}

/* Read the child's output until it closes it or the deadline passes; keep the start. */
static bool collect(int fd, int timeout_ms, struct oomt_command_result *res)
{
	int64_t deadline = now_ms() + timeout_ms;
	size_t len = 0;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		char buf[1024];
		ssize_t n;
		int pr;

		if (left <= 0)
			return false;
		pr = poll(&pfd, 1, (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			return false;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (len + 1 < sizeof(res->output)) {
			size_t take = (size_t)n < sizeof(res->output) - 1 - len
			              ? (size_t)n : sizeof(res->output) - 1 - len;
			memcpy(res->output + len, buf, take);
			len += take;
			res->output[len] = '\0';
		}
	}
	return true;
}

int oomt_command_run(const char *const *argv, char *const *envp, int timeout_ms,
                     struct oomt_command_result *ret)
{
	struct oomt_command_result res = { .exit_status = -1 };
	int pipefd[2], status, r;
	pid_t pid;

	if (!argv || !argv[0] || argv[0][0] != '/')
		return -EINVAL;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	r = spawn(argv, envp, pipefd[1], &pid);
	close(pipefd[1]);
	if (r < 0) {
		close(pipefd[0]);
		return r;
	}
	if (!collect(pipefd[0], timeout_ms, &res)) {
		res.timed_out = true;
		kill(pid, SIGKILL);
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (WIFEXITED(status)) {
		res.exit_status = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		res.exit_status = -1;
		res.term_signal = WTERMSIG(status);
	}
	*ret = res;
	return 0;
}

const char *oomt_command_describe(const struct oomt_command_result *res, int timeout_ms,
                                  char *buf, size_t bufsz)
{
	size_t n = strcspn(res->output, "\n");

	if (res->timed_out)
		snprintf(buf, bufsz, "did not finish within %d s and was killed",
		         (timeout_ms + 999) / 1000);
	else if (res->term_signal)
		snprintf(buf, bufsz, "was killed by signal %d", res->term_signal);
	else if (n > 0)
		snprintf(buf, bufsz, "exited with status %d: %.*s", res->exit_status, (int)n,
		         res->output);
	else
		snprintf(buf, bufsz, "exited with status %d", res->exit_status);
	return buf;
}
