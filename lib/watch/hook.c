/* SPDX-License-Identifier: MIT */
/*
 * --exec hooks: one command per event, with the event's fields in its environment. One runs
 * at a time (a hook that mails or pages must not be started fifty times at once on a
 * machine that is already short of memory); the others wait in a small queue, formatted
 * into fixed buffers; a full queue drops the event's hook and counts it. A hook that
 * outlives the timeout gets SIGTERM, then SIGKILL 2 s later (its whole process group: it
 * runs in one of its own). Its end is waited for in the watcher's poll() through a pidfd
 * (5.3+), else by looking every 100 ms while it runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <oomtool/format.h>
#include "watch/watch-internal.h"

#define KILL_GRACE_USEC (2 * 1000000LL)
#define NO_PIDFD_POLL_MS 100

int oomt_watch_hooks_init(struct oomt_watch_hooks *h, const char *command, char *const *env,
                          int64_t timeout_usec)
{
	size_t n = 0;

	*h = (struct oomt_watch_hooks){ .command = command, .timeout_usec = timeout_usec,
	                                .pidfd = -1 };
	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], "OOMTOOL_", 8) != 0)  /* ours replace the caller's */
			n++;
	h->envp = calloc(n + WATCH_HOOK_VARS + 1, sizeof(*h->envp));
	h->queue = calloc(WATCH_HOOK_QUEUE, sizeof(*h->queue));
	if (!h->envp || !h->queue) {
		free(h->envp);
		free(h->queue);
		h->envp = NULL;
		h->queue = NULL;
		return -ENOMEM;
	}
	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], "OOMTOOL_", 8) != 0)
			h->envp[h->n_base_env++] = env[i];
	return 0;
}

struct env_writer {
	struct oomt_watch_hook_job *job;
	size_t vars;
	bool full;
};

__attribute__((format(printf, 3, 4)))
static void setvar(struct env_writer *e, const char *key, const char *fmt, ...)
{
	struct oomt_watch_hook_job *job = e->job;
	size_t room = sizeof(job->env) - job->len;
	va_list ap;
	int n;

	if (e->full || e->vars == WATCH_HOOK_VARS)
		return;
	n = snprintf(job->env + job->len, room, "OOMTOOL_%s=", key);
	if (n < 0 || (size_t)n >= room) {
		e->full = true;
		return;
	}
	va_start(ap, fmt);
	n += vsnprintf(job->env + job->len + n, room - (size_t)n, fmt, ap);
	va_end(ap);
	if ((size_t)n >= room) {
		e->full = true;
		return;
	}
	job->len += (size_t)n + 1;
	e->vars++;
}

static void setint(struct env_writer *e, const char *key, int64_t v)
{
	if (v != OOMT_UNKNOWN)
		setvar(e, key, "%lld", (long long)v);
}

int oomt_watch_hook_format(const struct oomt_watch_event *ev, const char *message,
                           struct oomt_watch_hook_job *job)
{
	struct env_writer e = { .job = job };
	char buf[1024];
	size_t len = 0;

	job->len = 0;
	setvar(&e, "KIND", "%s", oomt_watch_kind_name(ev->kind));
	setvar(&e, "TIME", "%s", oomt_format_time(ev->time_usec, false, buf, sizeof(buf)));
	setvar(&e, "SCOPE", "%s", ev->scope);
	setvar(&e, "NAME", "%s", ev->name);
	if (ev->cgroup_version)
		setint(&e, "CGROUP_VERSION", ev->cgroup_version);
	setint(&e, "LIMIT_BYTES", ev->limit_bytes);
	setint(&e, "USED_BYTES", ev->used_bytes);
	setint(&e, "AVAILABLE_BYTES", ev->available_bytes);
	setint(&e, "GROWTH_BYTES_PER_SEC", ev->growth_bytes_per_sec);
	setint(&e, "ETA_SEC", ev->eta_sec);
	if (!isnan(ev->confidence))
		setvar(&e, "CONFIDENCE", "%.2f", ev->confidence);
	if (ev->kind == OOMT_WATCH_ETA)
		setint(&e, "WARNING", ev->warning);
	if (ev->kind == OOMT_WATCH_RECOVERED)
		setvar(&e, "RECOVERED_FROM", "%s", oomt_watch_kind_name(ev->recovered_from));
	setvar(&e, "PSI_MODE", "%s", oomt_watch_psi_mode_name(ev->psi_mode));
	if (ev->has_psi) {
		setvar(&e, "PSI_SOME_AVG10", "%.2f", ev->psi.some.avg10);
		if (ev->psi.has_full)
			setvar(&e, "PSI_FULL_AVG10", "%.2f", ev->psi.full.avg10);
	}
	buf[0] = '\0';
	for (size_t i = 0; i < ev->n_growers; i++) {
		int n = snprintf(buf + len, sizeof(buf) - len, "%s%lld:%s:%lld", i ? " " : "",
		                 (long long)ev->growers[i].pid, ev->growers[i].name,
		                 (long long)ev->growers[i].growth_bytes_per_sec);

		if (n < 0 || (size_t)n >= sizeof(buf) - len)
			break;
		len += (size_t)n;
	}
	if (ev->n_growers)
		setvar(&e, "TOP_GROWERS", "%s", buf);
	if (ev->has_victim) {
		setint(&e, "NEXT_VICTIM_PID", ev->victim.pid);
		setvar(&e, "NEXT_VICTIM_NAME", "%s", ev->victim.name);
	}
	len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ev->n_advice; i++) {
		int n = snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? " " : "",
		                 oomt_watch_advice_name(ev->advice[i].code));

		if (n < 0 || (size_t)n >= sizeof(buf) - len)
			break;
		len += (size_t)n;
	}
	if (ev->n_advice)
		setvar(&e, "ADVICE", "%s", buf);
	if (ev->has_kill) {
		setint(&e, "KILLED_PID", ev->kill.pid);
		if (ev->kill.name[0])
			setvar(&e, "KILLED_NAME", "%s", ev->kill.name);
		if (ev->kill.killer)
			setvar(&e, "KILLER", "%s", ev->kill.killer);
	}
	if (message)
		setvar(&e, "MESSAGE", "%s", message);
	return e.full ? -ENOBUFS : 0;
}

static int64_t hook_deadline(const struct oomt_watch_hooks *h)
{
	return h->started_usec + h->timeout_usec + (h->term_sent ? KILL_GRACE_USEC : 0);
}

static int start(struct oomt_watch_hooks *h, const struct oomt_watch_hook_job *job,
                 int64_t now_usec)
{
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)h->command, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	size_t n = h->n_base_env;
	pid_t pid;
	int r;

	for (size_t off = 0; off < job->len && n < h->n_base_env + WATCH_HOOK_VARS;
	     off += strlen(job->env + off) + 1)
		h->envp[n++] = (char *)job->env + off;
	h->envp[n] = NULL;
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 2, 1);  /* stdout may be the JSON stream */
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
	                                POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	r = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, h->envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	h->envp[h->n_base_env] = NULL;
	if (r != 0) {
		h->stats.failed++;
		h->stats.last_error = -r;
		return -r;
	}
	h->stats.started++;
	h->pid = pid;
	h->started_usec = now_usec;
	h->term_sent = false;
#ifdef SYS_pidfd_open
	h->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (h->pidfd < 0)
		h->pidfd = -1;
#else
	h->pidfd = -1;
#endif
	return 0;
}

/* Start queued hooks until one runs or the queue is empty. */
static void start_next(struct oomt_watch_hooks *h, int64_t now_usec)
{
	while (!h->pid && h->n > 0) {
		struct oomt_watch_hook_job *job = &h->queue[h->head];

		h->head = (h->head + 1) % WATCH_HOOK_QUEUE;
		h->n--;
		start(h, job, now_usec);
	}
}

int oomt_watch_hooks_submit(struct oomt_watch_hooks *h, const struct oomt_watch_event *ev,
                            const char *message, int64_t now_usec)
{
	struct oomt_watch_hook_job *job;

	if (!h->command)
		return -EINVAL;
	if (h->n == WATCH_HOOK_QUEUE) {
		h->stats.dropped++;
		return -EBUSY;
	}
	job = &h->queue[(h->head + h->n) % WATCH_HOOK_QUEUE];
	oomt_watch_hook_format(ev, message, job);  /* a full buffer still runs, cut short */
	h->n++;
	start_next(h, now_usec);
	return 0;
}

static void reaped(struct oomt_watch_hooks *h, int status)
{
	h->stats.last_status = status;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		h->stats.failed++;
	if (h->pidfd >= 0)
		close(h->pidfd);
	h->pidfd = -1;
	h->pid = 0;
}

int oomt_watch_hooks_tick(struct oomt_watch_hooks *h, int64_t now_usec)
{
	int64_t left;
	int status;

	if (h->pid) {
		pid_t r = waitpid(h->pid, &status, WNOHANG);

		if (r == h->pid || (r < 0 && errno == ECHILD)) {
			reaped(h, r == h->pid ? status : 0);
		} else if (now_usec >= hook_deadline(h)) {
			if (!h->term_sent) {
				kill(-h->pid, SIGTERM);
				h->term_sent = true;
				h->stats.timed_out++;
			} else {
				kill(-h->pid, SIGKILL);
			}
		}
	}
	start_next(h, now_usec);
	if (!h->pid)
		return -1;
	left = (hook_deadline(h) - now_usec + 999) / 1000;
	if (left < 1)
		left = 1;
	if (h->pidfd < 0 && left > NO_PIDFD_POLL_MS)
		left = NO_PIDFD_POLL_MS;
	return left > 60000 ? 60000 : (int)left;
}

void oomt_watch_hooks_done(struct oomt_watch_hooks *h)
{
	if (h->pid) {
		int status;

		kill(-h->pid, SIGTERM);
		for (int i = 0; i < 20 && waitpid(h->pid, &status, WNOHANG) == 0; i++)
			usleep(100000);
		if (waitpid(h->pid, &status, WNOHANG) == 0) {
			kill(-h->pid, SIGKILL);
			waitpid(h->pid, &status, 0);
		}
		if (h->pidfd >= 0)
			close(h->pidfd);
	}
	free(h->envp);
	free(h->queue);
	h->envp = NULL;
	h->queue = NULL;
}
