/* SPDX-License-Identifier: MIT */
/*
 * OOM kills while watching: the scan's follow mode (oomtool/scan.h: the journal when
 * journald runs, else /dev/kmsg) in a thread of its own, so that the watcher's loop keeps
 * sleeping in one poll(). The scan waits in half-second steps of its own; a kill it parses
 * is copied into a small ring (the few fields an event needs) and an eventfd wakes the
 * loop. The thread blocks every signal: they stay the caller's main thread's.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <oomtool/event.h>
#include <oomtool/scan.h>
#include "watch/watch-internal.h"

#define FOLLOW_WAIT_MS 500

static void copy_kill(const struct oomt_event *ev, struct oomt_watch_kill *k)
{
	*k = (struct oomt_watch_kill){ .pid = ev->victim.pid, .count = 1, .logged = true };
	snprintf(k->name, sizeof(k->name), "%s", ev->victim.comm);
	k->killer = oomt_killer_name(ev->killer);
	k->constraint = oomt_scope_name(ev->scope);
	/* the cgroup that hit its limit; the victim's own only when a cgroup's limit is known
	 * to be the cause (old reports do not name the cgroup that hit it) */
	snprintf(k->memcg, sizeof(k->memcg), "%s", ev->oom_memcg[0] ? ev->oom_memcg
	         : ev->scope == OOMT_SCOPE_MEMCG ? ev->task_memcg : "");
	k->rss_bytes = oomt_event_victim_rss(ev);
	k->oom_score_adj = ev->victim.oom_score_adj;
}

static void *follow(void *arg)
{
	struct oomt_watch_kills *k = arg;

	while (!atomic_load(&k->stop)) {
		const struct oomt_event *ev;
		int r = oomt_scan_follow_next(k->scan, FOLLOW_WAIT_MS, &ev);
		uint64_t one = 1;

		if (r == 1)
			continue;
		if (r < 0) {
			pthread_mutex_lock(&k->lock);
			k->error = r;
			pthread_mutex_unlock(&k->lock);
			break;
		}
		/* an incident whose kill the log does not show is not a kill */
		if (ev->victim.pid == OOMT_UNKNOWN && !ev->victim.comm[0])
			continue;
		pthread_mutex_lock(&k->lock);
		if (k->n == WATCH_KILLS_RING) {
			k->head = (k->head + 1) % WATCH_KILLS_RING;  /* the oldest goes */
			k->n--;
			k->lost++;
		}
		copy_kill(ev, &k->ring[(k->head + k->n) % WATCH_KILLS_RING]);
		k->n++;
		pthread_mutex_unlock(&k->lock);
		if (write(k->wake_fd, &one, sizeof(one)) < 0) {
			/* the counter is full: the loop is awake anyway */
		}
	}
	return NULL;
}

int oomt_watch_kills_start(struct oomt_watch_kills *k, const char *sysroot, const char *tmp_dir)
{
	struct oomt_scan_opts o = { .struct_size = sizeof(o), .sysroot = sysroot, .tmp_dir = tmp_dir,
	                            .task_rows = OOMT_SCAN_TASK_ROWS_NONE, .follow = true };
	sigset_t all, old;
	size_t n;
	int r;

	k->wake_fd = -1;
	k->running = false;
	atomic_store(&k->stop, false);
	r = oomt_scan_new(&o, &k->scan);
	if (r < 0)
		return k->error = r;
	r = oomt_scan_follow_start(k->scan);
	n = oomt_scan_source_count(k->scan);
	if (n > 0)
		snprintf(k->source, sizeof(k->source), "%s", oomt_scan_source_get(k->scan, n - 1)->name);
	if (r < 0)
		goto fail;
	k->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (k->wake_fd < 0) {
		r = -errno;
		goto fail;
	}
	r = -pthread_mutex_init(&k->lock, NULL);
	if (r < 0)
		goto fail;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = -pthread_create(&k->thread, NULL, follow, k);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r < 0) {
		pthread_mutex_destroy(&k->lock);
		goto fail;
	}
	k->running = true;
	k->error = 0;
	return 0;
fail:
	if (k->wake_fd >= 0)
		close(k->wake_fd);
	k->wake_fd = -1;
	oomt_scan_free(k->scan);
	k->scan = NULL;
	return k->error = r;
}

int oomt_watch_kills_pop(struct oomt_watch_kills *k, struct oomt_watch_kill *ret)
{
	int r = 1;

	if (!k->running)
		return 1;
	pthread_mutex_lock(&k->lock);
	if (k->n > 0) {
		*ret = k->ring[k->head];
		k->head = (k->head + 1) % WATCH_KILLS_RING;
		k->n--;
		r = 0;
	}
	pthread_mutex_unlock(&k->lock);
	return r;
}

void oomt_watch_kills_drain(struct oomt_watch_kills *k)
{
	uint64_t v;

	if (k->wake_fd >= 0 && read(k->wake_fd, &v, sizeof(v)) < 0) {
		/* EAGAIN: nothing to drain */
	}
}

void oomt_watch_kills_stop(struct oomt_watch_kills *k)
{
	if (k->running) {
		atomic_store(&k->stop, true);
		pthread_join(k->thread, NULL);
		pthread_mutex_destroy(&k->lock);
		k->running = false;
	}
	if (k->wake_fd >= 0)
		close(k->wake_fd);
	k->wake_fd = -1;
	oomt_scan_free(k->scan);
	k->scan = NULL;
}
