/* SPDX-License-Identifier: MIT */
/*
 * One try: make the trial cgroup, start the command in it, sample it at a bounded rate
 * while passing on the caller's signals, reap it, read the kernel's counters, kill what it
 * left behind and remove the cgroup. Nothing is allocated between the start and the reap:
 * the loop reads into stack buffers through fds opened beforehand.
 *
 * Signals: SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGCHLD are blocked for the try and read
 * from a signalfd, so no handler runs and nothing is process-global but SIGCHLD's
 * disposition, which is set to SIG_DFL for the try when the caller ignores it (an ignored
 * SIGCHLD reaps children automatically and would lose the exit status). A signal from the
 * terminal (si_code SI_KERNEL: Ctrl-C, Ctrl-\, a hangup) went to the whole foreground
 * process group, the command included, and is not sent twice; one sent to the caller alone
 * (kill(1), a supervisor, a CI runner) is forwarded.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <oomtool/system.h>
#include "run/run-internal.h"
#include "util/time-util.h"

struct supervision {
	int sfd;
	pid_t pid;
	bool forward;
	bool keep_going;
	bool stopped;                 /* killed at the first OOM kill */
	int interrupt_signal;
	const struct oomt_run_trial *trial;
	enum oomt_cgroup_version version;
};

/* Read every pending signal: forward, note interruptions. */
static void drain_signals(struct supervision *s)
{
	struct signalfd_siginfo si;

	while (read(s->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		int sig = (int)si.ssi_signo;

		if (sig == SIGCHLD)
			continue;
		s->interrupt_signal = sig;
		if (s->forward && si.ssi_code != SI_KERNEL && s->pid > 0)
			kill(s->pid, sig);
	}
}

static void init_try(struct oomt_run *run, const struct oomt_run_trial *trial, int64_t limit,
                     struct oomt_run_try *t)
{
	memset(t, 0, sizeof(*t));
	t->backend = run->backend;
	t->cgroup_version = run->version;
	memcpy(t->cgroup_path, trial->path, sizeof(t->cgroup_path));   /* both PATH_MAX */
	t->limit_bytes = limit;
	t->high_bytes = run->opts.high_bytes;
	t->swap_max_bytes = trial->swap_max_bytes;
	t->oom_kills = t->peak_bytes = t->peak_anon_bytes = t->peak_file_bytes = OOMT_UNKNOWN;
	t->peak_working_set_bytes = t->limit_hits = t->high_hits = OOMT_UNKNOWN;
	t->pressure_stall_usec = t->swap_peak_bytes = OOMT_UNKNOWN;
	t->peak_source = OOMT_RUN_PEAK_SAMPLED;
}

/*
 * Stopping at the first OOM kill without waiting for the next sample: on v2 a change of
 * memory.events wakes poll() with POLLPRI, after the counter was raised (the kernel sends
 * at most one such wake-up per 20 ms). v1 could only tell through an eventfd on
 * memory.oom_control, an interface the kernel now warns about as deprecated: there the
 * next sample sees the kill. Returns the fd to poll for POLLPRI, or -1.
 */
static int oom_notify_fd(const struct supervision *s, const struct oomt_run_sampler *sampler)
{
	if (s->keep_going || s->version != OOMT_CGROUP_V2)
		return -1;
	return sampler->events_fd;
}

static void stop_at_oom_kill(struct supervision *s, const struct oomt_run_sampler *sampler)
{
	int64_t kills;

	if (!s->keep_going && !s->stopped &&
	    oomt_run_sampler_oom_kills(sampler, &kills) == 0 && kills > 0) {
		oomt_run_trial_kill(s->trial, s->version);
		s->stopped = true;
	}
}

/* Sample until the child is reaped; its wait status into *ret_status. */
static void supervise(struct supervision *s, const struct oomt_run_sampler *sampler,
                      int64_t interval_usec, struct oomt_run_maxima *m, int *ret_status)
{
	struct pollfd pfd[2] = {
		{ .fd = s->sfd, .events = POLLIN },
		{ .fd = oom_notify_fd(s, sampler), .events = POLLPRI },
	};
	int64_t next = oomt_clock_usec(CLOCK_MONOTONIC);

	for (;;) {
		struct oomt_run_sample smp;
		struct timespec ts;
		int64_t now = oomt_clock_usec(CLOCK_MONOTONIC), wait;
		int status;

		if (now >= next) {
			if (oomt_run_sampler_read(sampler, &smp) == 0)
				oomt_run_maxima_add(m, &smp);
			stop_at_oom_kill(s, sampler);
			next += interval_usec;
			if (next <= now)
				next = now + interval_usec;
		}
		if (s->stopped)
			pfd[1].fd = -1;   /* nothing more to stop */
		wait = next - now;
		ts.tv_sec = (time_t)(wait / 1000000);
		ts.tv_nsec = (long)(wait % 1000000) * 1000;
		if (ppoll(pfd, 2, &ts, NULL) > 0) {
			if (pfd[0].revents)
				drain_signals(s);
			if (pfd[1].fd >= 0 && pfd[1].revents)
				stop_at_oom_kill(s, sampler);   /* its read re-arms POLLPRI */
		}
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			*ret_status = status;
			return;
		}
	}
}

int oomt_run_once(struct oomt_run *run, char *const argv[], int64_t limit_bytes,
                  struct oomt_run_try *ret)
{
	struct supervision s = { .sfd = -1, .forward = run->opts.forward_signals,
	                         .keep_going = run->opts.keep_going, .version = run->version };
	struct oomt_run_sampler sampler = { .usage_fd = -1, .stat_fd = -1, .swap_fd = -1,
	                                    .events_fd = -1 };
	struct oomt_run_trial trial;
	struct oomt_run_counters c;
	struct oomt_run_maxima m;
	struct oomt_run_spawn sp;
	struct oomt_run_try t;
	struct sigaction chld_old, dfl = { .sa_handler = SIG_DFL };
	bool chld_restore = false;
	sigset_t block, old;
	char path[PATH_MAX];
	int64_t t0;
	int r, status = 0;

	if (!argv || !argv[0])
		return -EINVAL;
	oomt_run_resolve(argv[0], run->opts.search_path, path, sizeof(path));
	/* blocked before the cgroup exists: an interruption from here on is read, passed on
	 * and answered with the cleanup, never the default action halfway */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	if (sigaction(SIGCHLD, NULL, &chld_old) == 0 &&
	    (chld_old.sa_handler == SIG_IGN || (chld_old.sa_flags & SA_NOCLDWAIT))) {
		sigaction(SIGCHLD, &dfl, NULL);
		chld_restore = true;
	}
	s.sfd = signalfd(-1, &block, SFD_CLOEXEC | SFD_NONBLOCK);
	if (s.sfd < 0) {
		r = -errno;
		goto restore;
	}
	r = oomt_run_trial_create(run, limit_bytes, &trial);
	if (r < 0)
		goto restore;
	init_try(run, &trial, limit_bytes, &t);
	s.trial = &trial;
	oomt_run_maxima_init(&m);
	r = oomt_run_sampler_open(trial.fd, run->version, &sampler);
	if (r < 0)
		goto out;

	/* an interruption while the cgroup was made: the command never starts (a terminal's
	 * Ctrl-C went to oomtool alone then) */
	drain_signals(&s);
	if (s.interrupt_signal) {
		r = -EINTR;
		goto out;
	}
	t0 = oomt_clock_usec(CLOCK_MONOTONIC);
	r = oomt_run_spawn(&trial, run->version, path, argv,
	                   run->opts.envp ? run->opts.envp : environ, &old, &sp);
	if (r < 0)
		goto out;
	t.clone_into_cgroup = sp.clone_into_cgroup;
	if (sp.failed_stage == OOMT_RUN_STAGE_JOIN) {
		r = -sp.failed_errno;   /* nothing of the command ran */
		goto out;
	}
	if (sp.failed_stage == OOMT_RUN_STAGE_EXEC) {
		t.exec_errno = sp.failed_errno;
		t.exit_status = 127;
	} else {
		s.pid = sp.pid;
		if (run->opts.trim_mapped_files)
			oomt_process_trim_mapped_files();
		supervise(&s, &sampler, run->opts.sample_interval_usec, &m, &status);
		if (WIFSIGNALED(status)) {
			t.signal = WTERMSIG(status);
			t.exit_status = 128 + t.signal;
		} else {
			t.exit_status = WEXITSTATUS(status);
		}
	}
	t.wall_usec = oomt_clock_usec(CLOCK_MONOTONIC) - t0;
	oomt_run_counters_read(trial.fd, run->version, &c);
	oomt_run_try_finish(&t, &c, &m);
out:
	oomt_run_sampler_close(&sampler);
	/* what the command left behind goes with its cgroup */
	t.cleanup_errno = -oomt_run_trial_remove(run, &trial);
restore:
	if (s.sfd >= 0) {
		s.pid = 0;   /* reaped: nothing to forward to any more */
		drain_signals(&s);
		close(s.sfd);
	}
	t.interrupt_signal = s.interrupt_signal;
	t.stopped_after_oom_kill = s.stopped;
	if (chld_restore)
		sigaction(SIGCHLD, &chld_old, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r == 0)
		*ret = t;
	return r;
}
