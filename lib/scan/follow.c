/* SPDX-License-Identifier: MIT */
/*
 * Follow mode: the live log (the journal when journald runs, it also has the userspace
 * killers; else /dev/kmsg), incidents handed out as they are parsed.
 *
 * A finished report is held by the parser for late lines (oom_reaper, oom.group): after
 * ~1 s of quiet it is released (flush). An incident whose kill line never comes (rate
 * limited, or the kernel printed only a header) is closed as incomplete after ~10 s.
 *
 * What is already in the log is what a batch scan reports: only new incidents, unless
 * since_usec asks for earlier ones too (then the log is read from its start). The kmsg
 * wall clock is derived (boot time + the printk clock, which drifts from CLOCK_MONOTONIC),
 * so a kill right after the start could look a little older than it is: FOLLOW_SLACK_USEC
 * of margin on the start-time bound.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include "scan/scan-internal.h"
#include "source/prefilter.h"

#define FOLLOW_TICK_MS 500
#define FOLLOW_FLUSH_TICKS 2
#define FOLLOW_CLOSE_TICKS 20
#define FOLLOW_SLACK_USEC (10 * 1000000LL)
#define FOLLOW_CLOCK_RECORDS 64     /* records read between two looks at the clock */

static int64_t clock_usec(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void oomt_scan_follower_done(struct oomt_scan_follower *fl)
{
	oomt_event_free(fl->ev);
	oomt_parser_free(fl->p);
	oomt_source_free(fl->src);
	fl->ev = NULL;
	fl->p = NULL;
	fl->src = NULL;
}

static bool journald_runs(const struct oomt_scan *s)
{
	char *run = oomt_scan_root_path(s, "/run/systemd/journal");
	struct stat st;
	bool yes;

	if (!run)
		return false;
	yes = stat(run, &st) == 0;
	free(run);
	return yes;
}

/* The journal directory added, if any; -EINVAL for inputs follow cannot read. */
static int follow_input(const struct oomt_scan *s, const char **ret_dir)
{
	*ret_dir = NULL;
	for (size_t i = 0; i < s->n_inputs; i++) {
		const struct oomt_scan_input *in = &s->inputs[i];

		if (in->kind == OOMT_SCAN_INPUT_FILE)
			return -EINVAL;
		if (in->kind == OOMT_SCAN_INPUT_JOURNAL_DIR) {
			if (*ret_dir)
				return -EINVAL;
			*ret_dir = in->path;
		}
	}
	if (*ret_dir && s->n_inputs > 1)
		return -EINVAL;
	return 0;
}

static int open_follow(struct oomt_scan *s, const struct oomt_source_opts *so,
                       struct oomt_source **ret)
{
	struct oomt_scan_source *st;
	const char *dir;
	char *kmsg;
	int r;

	r = follow_input(s, &dir);
	if (r < 0)
		return r;
	if (dir) {
		if (!oomt_scan_source_add(s, dir, OOMT_SCAN_SOURCE_JOURNAL))
			return -ENOMEM;
		return oomt_source_open_journal(dir, so, ret);
	}
	if (journald_runs(s)) {
		st = oomt_scan_source_add(s, "journal", OOMT_SCAN_SOURCE_JOURNAL);
		if (!st)
			return -ENOMEM;
		r = oomt_source_open_journal(NULL, so, ret);
		if (r == 0)
			return 0;
		/* -EACCES: only this user's own journal; kmsg may still be readable */
		st->error = r;
	}
	kmsg = oomt_scan_root_path(s, "/dev/kmsg");
	st = kmsg ? oomt_scan_source_add(s, kmsg, OOMT_SCAN_SOURCE_KMSG) : NULL;
	free(kmsg);
	if (!st)
		return -ENOMEM;
	return oomt_source_open_kmsg(so, ret);
}

int oomt_scan_follow_start(struct oomt_scan *s)
{
	struct oomt_scan_follower *fl;
	struct oomt_source_opts so;
	bool replay;
	int r;

	if (!s || s->ran || s->fl.started)
		return -EINVAL;
	fl = &s->fl;
	fl->started = true;
	replay = s->filter.since_usec != OOMT_UNKNOWN;
	oomt_scan_source_opts(s, &so);
	so.follow = true;
	so.follow_from_start = replay;
	so.follow_timeout_ms = FOLLOW_TICK_MS;
	if (!replay) {
		s->filter.since_usec = clock_usec(CLOCK_REALTIME) - FOLLOW_SLACK_USEC;
		fl->bound_is_ours = true;
	}
	r = open_follow(s, &so, &fl->src);
	if (r < 0) {
		if (s->n_sources > 0 && r != -ENOMEM)
			s->sources[s->n_sources - 1].error = r;
		return r;
	}
	r = oomt_parser_new(&fl->p);
	if (r == 0)
		r = oomt_scan_prefilter_init(fl->src);
	if (r < 0)
		oomt_scan_follower_done(fl);
	return r;
}

static struct oomt_scan_source *followed(struct oomt_scan *s)
{
	return &s->sources[s->n_sources - 1];
}

/* The next incident the parser has finished that passes the filters: 0, or 1 = none. */
static int pop_wanted(struct oomt_scan *s, const struct oomt_event **ret)
{
	struct oomt_scan_follower *fl = &s->fl;
	struct oomt_event *ev;

	while (oomt_scan_pop(fl->p, followed(s), &ev) == 0) {
		unsigned f = oomt_scan_filter_check(&s->filter, ev);
		struct oomt_task *rows;
		size_t n;
		int r;

		if (!(f & OOMT_SCAN_WANTED)) {
			oomt_event_free(ev);
			continue;
		}
		r = oomt_scan_task_rows(ev, s->task_rows, s->task_rows_top, &rows, &n);
		if (r < 0) {
			oomt_event_free(ev);
			return r;
		}
		if (rows || n == 0) {
			free(ev->tasks);
			ev->tasks = rows;
			ev->n_tasks = n;
		}
		s->kept_without_time += (f & OOMT_SCAN_NO_TIME) && !fl->bound_is_ours;
		s->kept_without_host += !!(f & OOMT_SCAN_NO_HOST);
		fl->ev = ev;
		*ret = ev;
		return 0;
	}
	return 1;
}

/* After a quiet tick: release the held incidents, later close an open one. */
static int follow_idle(struct oomt_scan_follower *fl)
{
	int r;

	if (fl->quiet_ticks == FOLLOW_FLUSH_TICKS)
		r = oomt_parser_flush(fl->p);
	else if (fl->quiet_ticks == FOLLOW_CLOSE_TICKS && oomt_parser_busy(fl->p))
		r = oomt_parser_finish(fl->p);
	else
		return 0;
	oomt_source_set_filter(fl->src, !oomt_parser_busy(fl->p));
	return r;
}

/* A source that does not wait for new records (a saved kmsg file under a sysroot) ends at
 * once: wait the rest of the tick here, so that quiet ticks are ticks, not a busy loop.
 * 1, or -EINTR when a signal came. */
static int wait_rest_of_tick(int64_t start_usec)
{
	int64_t left = start_usec + FOLLOW_TICK_MS * 1000LL - clock_usec(CLOCK_MONOTONIC);
	struct timespec ts;

	if (left <= 0)
		return 1;
	ts.tv_sec = left / 1000000;
	ts.tv_nsec = (left % 1000000) * 1000;
	return nanosleep(&ts, NULL) < 0 && errno == EINTR ? -EINTR : 1;
}

int oomt_scan_follow_next(struct oomt_scan *s, int timeout_ms, const struct oomt_event **ret)
{
	struct oomt_scan_follower *fl;
	int64_t deadline, t0;
	unsigned records = 0;
	bool expired = false;
	int r;

	if (!s || !s->fl.p || !ret)
		return -EINVAL;
	fl = &s->fl;
	oomt_event_free(fl->ev);
	fl->ev = NULL;
	deadline = clock_usec(CLOCK_MONOTONIC) + (int64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000;
	for (;;) {
		struct oomt_record rec;

		r = pop_wanted(s, ret);
		if (r <= 0)
			break;
		if (fl->stopped || expired)
			break;
		t0 = clock_usec(CLOCK_MONOTONIC);
		r = oomt_source_next(fl->src, &rec);
		if (r == 1)
			r = wait_rest_of_tick(t0);
		if (r == 1 || r == -EINTR || r == -EAGAIN) {
			fl->quiet_ticks++;
			expired = r == -EINTR || clock_usec(CLOCK_MONOTONIC) >= deadline;
			r = follow_idle(fl);
			if (r < 0)
				break;
			continue;
		}
		if (r < 0) {
			followed(s)->error = r;
			followed(s)->read_error = true;
			break;
		}
		fl->quiet_ticks = 0;
		r = oomt_scan_feed(fl->p, fl->src, followed(s), &rec);
		if (r < 0)
			break;
		if (++records % FOLLOW_CLOCK_RECORDS == 0)
			expired = clock_usec(CLOCK_MONOTONIC) >= deadline;
	}
	oomt_scan_source_take_counts(followed(s), fl->src);
	return r;
}

int oomt_scan_follow_stop(struct oomt_scan *s)
{
	if (!s || !s->fl.p)
		return -EINVAL;
	if (s->fl.stopped)
		return 0;
	s->fl.stopped = true;
	return oomt_parser_finish(s->fl.p);
}
