/* SPDX-License-Identifier: MIT */
/*
 * sync(2) with a bound on the wait. sync blocks until every dirty page is written, which on
 * a machine short of memory, or with a hung NFS mount, can take minutes or never end, and
 * a process stuck in it cannot be killed. So the sync runs in a child and the caller waits
 * at most the timeout; a sync still running then finishes on its own, and the caller goes
 * on (dropping caches then frees less: what is still dirty is not dropped).
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tune/tune-internal.h"
#include "util/time-util.h"

#define POLL_USEC 10000

int oomt_tune_sync_bounded(int64_t timeout_usec, int64_t *ret_usec)
{
	int64_t start = oomt_clock_usec(CLOCK_MONOTONIC);
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		sync();
		_exit(0);
	}
	for (;;) {
		int status;
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid || (w < 0 && errno != EINTR)) {
			*ret_usec = oomt_clock_usec(CLOCK_MONOTONIC) - start;
			return 0;
		}
		if (oomt_clock_usec(CLOCK_MONOTONIC) - start >= timeout_usec) {
			*ret_usec = oomt_clock_usec(CLOCK_MONOTONIC) - start;
			return 1;
		}
		usleep(POLL_USEC);
	}
}
