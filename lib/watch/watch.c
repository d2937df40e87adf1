/* SPDX-License-Identifier: MIT */
/*
 * The watcher's loop (oomtool/watch.h). One poll() holds everything the watcher waits for:
 * the PSI triggers that fired, the kill follower's eventfd, the running hook's pidfd; its
 * timeout is the next sampling round (every interval, on a fixed schedule) or the next look
 * for new cgroups (every 30 s when every limited cgroup is watched). A round samples every
 * scope, fits its trend and decides (decide.c); a trigger that fires is acted on at once.
 * Events wait in a ring of WATCH_EVENTS_MAX for the caller.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <oomtool/system.h>
#include "util/struct-size.h"
#include "util/sysroot-file.h"
#include "util/time-util.h"
#include "watch/watch-internal.h"

#define OPTS_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_watch_opts, exec_timeout_usec)
#define TRIGGER_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_psi_trigger, window_usec)

const char *oomt_watch_kind_name(enum oomt_watch_kind k)
{
	switch (k) {
	case OOMT_WATCH_PRESSURE:  return "pressure";
	case OOMT_WATCH_ETA:       return "eta";
	case OOMT_WATCH_OOM_KILL:  return "oom_kill";
	case OOMT_WATCH_RECOVERED: return "recovered";
	}
	return "?";
}

const char *oomt_watch_psi_mode_name(enum oomt_watch_psi_mode m)
{
	switch (m) {
	case OOMT_WATCH_PSI_NONE:    return "none";
	case OOMT_WATCH_PSI_TRIGGER: return "trigger";
	case OOMT_WATCH_PSI_POLLED:  return "polled";
	}
	return "?";
}

const char *oomt_watch_advice_name(enum oomt_watch_advice_code c)
{
	switch (c) {
	case OOMT_WATCH_ADVICE_VICTIM_NOT_GROWER: return "victim_not_grower";
	case OOMT_WATCH_ADVICE_GROWER_PROTECTED:  return "grower_protected";
	case OOMT_WATCH_ADVICE_GROWER_UNLIMITED:  return "grower_unlimited";
	case OOMT_WATCH_ADVICE_LIMIT_DELAYS:      return "limit_delays";
	case OOMT_WATCH_ADVICE_NO_SWAP:           return "no_swap";
	case OOMT_WATCH_ADVICE_SWAP_LOW:          return "swap_low";
	}
	return "?";
}

/* ---- events ---- */

struct oomt_watch_event *oomt_watch_event_new(struct oomt_watch *w, enum oomt_watch_kind kind,
                                          const struct oomt_watch_scope_int *s)
{
	struct oomt_watch_event *ev;

	if (w->ev_n == WATCH_EVENTS_MAX) {  /* the caller is not taking them: drop the oldest */
		w->ev_head = (w->ev_head + 1) % WATCH_EVENTS_MAX;
		w->ev_n--;
		w->events_dropped++;
	}
	ev = &w->events[(w->ev_head + w->ev_n++) % WATCH_EVENTS_MAX];
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->time_usec = oomt_clock_usec(CLOCK_REALTIME);
	ev->confidence = NAN;
	ev->eta_sec = ev->growth_bytes_per_sec = OOMT_UNKNOWN;
	ev->limit_bytes = ev->used_bytes = ev->available_bytes = OOMT_UNKNOWN;
	ev->duration_usec = OOMT_UNKNOWN;
	ev->psi_stall_usec = ev->psi_window_usec = OOMT_UNKNOWN;
	if (!s)
		return ev;
	snprintf(ev->scope, sizeof(ev->scope), "%s", s->path);
	snprintf(ev->name, sizeof(ev->name), "%s", s->name);
	ev->cgroup_version = s->pub.cgroup_version;
	ev->limit_bytes = s->pub.limit_bytes;
	ev->used_bytes = s->pub.used_bytes;
	ev->available_bytes = s->pub.available_bytes;
	ev->growth_bytes_per_sec = s->pub.growth_bytes_per_sec;
	ev->confidence = s->pub.confidence;
	ev->eta_sec = s->pub.eta_sec;
	ev->psi_mode = s->psi.mode;
	if (s->psi.mode) {
		ev->psi_full = s->psi.used.full;
		ev->psi_stall_usec = s->psi.used.stall_usec;
		ev->psi_window_usec = s->psi.used.window_usec;
		ev->psi = (struct oomt_memory_pressure){ .struct_size = sizeof(ev->psi) };
		ev->has_psi = oomt_psi_file_read(&s->psi, &ev->psi) == 0;
	}
	return ev;
}

static void decide(struct oomt_watch *w, struct oomt_watch_scope_int *s, bool fired,
                   int64_t now_usec)
{
	struct oomt_watch_event *ev;
	int64_t since = s->pressure.since_usec;
	int k;

	if (!(w->flags & OOMT_WATCH_NO_PRESSURE)) {
		k = oomt_watch_decide_pressure(&s->pressure, &w->params, fired, now_usec);
		s->pub.under_pressure = s->pressure.on;
		if (k == OOMT_WATCH_PRESSURE) {
			ev = oomt_watch_event_new(w, OOMT_WATCH_PRESSURE, s);
			oomt_watch_details(w, s, ev);
		} else if (k == OOMT_WATCH_RECOVERED) {
			ev = oomt_watch_event_new(w, OOMT_WATCH_RECOVERED, s);
			ev->recovered_from = OOMT_WATCH_PRESSURE;
			ev->duration_usec = now_usec - since;
		}
	}
	if (fired)
		return;  /* a trigger between rounds: the trend is the round's business */
	since = s->eta.since_usec;
	k = oomt_watch_decide_eta(&s->eta, &w->params, s->rising, s->pub.eta_sec, now_usec);
	s->pub.warned = s->eta.warned;
	if (k == OOMT_WATCH_ETA) {
		ev = oomt_watch_event_new(w, OOMT_WATCH_ETA, s);
		ev->warning = s->eta.level;
		oomt_watch_details(w, s, ev);
	} else if (k == OOMT_WATCH_RECOVERED) {
		ev = oomt_watch_event_new(w, OOMT_WATCH_RECOVERED, s);
		ev->recovered_from = OOMT_WATCH_ETA;
		ev->duration_usec = now_usec - since;
	}
}

/* ---- the loop ---- */

static void sample_round(struct oomt_watch *w, int64_t now_usec)
{
	w->details_this_round = 0;
	for (size_t i = w->n_scopes; i-- > 0;) {
		struct oomt_watch_scope_int *s = w->scopes[i];
		bool fired;

		if (oomt_watch_scope_sample(w, s, now_usec) < 0 && !s->host) {
			oomt_watch_scope_drop(w, i);  /* removed, or its files unreadable now */
			continue;
		}
		fired = oomt_psi_file_poll_check(&s->psi, now_usec);
		decide(w, s, fired, now_usec);
	}
	if (w->follow_kills)
		oomt_watch_logged_kills(w, now_usec);
	oomt_watch_counted_kills(w, now_usec);
	oomt_watch_details_arm(w, now_usec);
}

static size_t build_pollfds(struct oomt_watch *w)
{
	size_t n = 0;

	if (w->follow_kills && w->kills.wake_fd >= 0) {
		w->pfds[n] = (struct pollfd){ .fd = w->kills.wake_fd, .events = POLLIN };
		w->pfd_scope[n++] = NULL;
	}
	if (w->have_hooks && w->hooks.pidfd >= 0) {
		w->pfds[n] = (struct pollfd){ .fd = w->hooks.pidfd, .events = POLLIN };
		w->pfd_scope[n++] = NULL;
	}
	for (size_t i = 0; i < w->n_scopes; i++)
		if (w->scopes[i]->psi.mode == OOMT_WATCH_PSI_TRIGGER) {
			w->pfds[n] = (struct pollfd){ .fd = w->scopes[i]->psi.fd, .events = POLLPRI };
			w->pfd_scope[n++] = w->scopes[i];
		}
	return n;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* A rescan or a state file: its code runs once in a while (see oomt_watch_next). */
static void chore_done(struct oomt_watch *w)
{
	w->chores++;
	w->chore_done = true;
}

int oomt_watch_next(struct oomt_watch *w, int timeout_ms, const struct oomt_watch_event **ret)
{
	int64_t deadline = timeout_ms < 0 ? INT64_MAX
	                   : oomt_clock_usec(CLOCK_MONOTONIC) + (int64_t)timeout_ms * 1000;

	if (!w || !ret)
		return -EINVAL;
	for (;;) {
		int64_t now = oomt_clock_usec(CLOCK_MONOTONIC), wait_usec;
		int hook_ms = -1, r;
		size_t n;

		if (w->ev_n > 0) {
			w->current = w->events[w->ev_head];
			w->ev_head = (w->ev_head + 1) % WATCH_EVENTS_MAX;
			w->ev_n--;
			*ret = &w->current;
			return 0;
		}
		if (now >= w->next_rescan_usec) {
			if ((r = oomt_watch_rescan(w)) < 0)
				return r;
			w->next_rescan_usec = now + WATCH_RESCAN_USEC;
			chore_done(w);
		}
		if (now >= w->next_sample_usec) {
			sample_round(w, now);
			/* a failure: the reader finds the file stale; a chore either way */
			if (oomt_watch_state_write(w, now) != 0)
				chore_done(w);
			/* a fixed schedule; rounds missed (a stopped process) are skipped */
			w->next_sample_usec += w->interval_usec;
			if (w->next_sample_usec <= now)
				w->next_sample_usec = now + w->interval_usec;
			continue;
		}
		if (w->have_hooks)
			hook_ms = oomt_watch_hooks_tick(&w->hooks, now);
		/* after a chore: the caller may trim what it left resident */
		if (now >= deadline || w->chore_done) {
			w->chore_done = false;
			return 1;
		}
		wait_usec = min64(min64(w->next_sample_usec, w->next_rescan_usec), deadline) - now;
		if (hook_ms >= 0)
			wait_usec = min64(wait_usec, (int64_t)hook_ms * 1000);
		n = build_pollfds(w);
		r = poll(w->pfds, n, (int)((wait_usec + 999) / 1000));
		if (r < 0) {
			if (errno == EINTR)
				return 1;
			return -errno;
		}
		now = oomt_clock_usec(CLOCK_MONOTONIC);
		w->details_this_round = 0;
		for (size_t i = 0; r > 0 && i < n; i++) {
			struct oomt_watch_scope_int *s = w->pfd_scope[i];

			if (!w->pfds[i].revents)
				continue;
			if (!s) {
				if (w->follow_kills && w->pfds[i].fd == w->kills.wake_fd)
					oomt_watch_logged_kills(w, now);
				continue;  /* the hook's pidfd: hooks_tick reaps it */
			}
			if (w->pfds[i].revents & (POLLERR | POLLNVAL)) {
				/* the cgroup went away: the next round drops it */
				oomt_psi_file_close(&s->psi);
				s->psi.mode = OOMT_WATCH_PSI_NONE;
				s->pub.psi_mode = OOMT_WATCH_PSI_NONE;
				continue;
			}
			if (w->pfds[i].revents & POLLPRI) {
				oomt_watch_scope_sample(w, s, now);  /* fresh numbers for the event */
				decide(w, s, true, now);
			}
		}
	}
}

/* ---- setup ---- */

static int check_opts(const struct oomt_watch_opts *o)
{
	int r = oomt_struct_size_check(o, OPTS_SIZE_V1);

	if (r < 0)
		return r;
	if (o->interval_usec && (o->interval_usec < 100000 || o->interval_usec > 3600 * 1000000LL))
		return -EINVAL;
	if (o->window_usec < 0 || o->eta_warn_usec < 0 || o->exec_timeout_usec < 0)
		return -EINVAL;
	if ((o->n_cgroups && !o->cgroups) || (o->n_units && !o->units))
		return -EINVAL;
	if (o->top_growers > OOMT_WATCH_GROWERS_MAX)
		return -EINVAL;
	if (o->pressure && (oomt_struct_size_check(o->pressure, TRIGGER_SIZE_V1) < 0 ||
	                    o->pressure->window_usec < 500000 || o->pressure->window_usec > 10000000 ||
	                    o->pressure->stall_usec <= 0 ||
	                    o->pressure->stall_usec > o->pressure->window_usec))
		return -EINVAL;
	return 0;
}

static int set_options(struct oomt_watch *w, const struct oomt_watch_opts *o)
{
	int64_t ring;

	w->flags = o->flags;
	w->interval_usec = o->interval_usec ? o->interval_usec : WATCH_DEFAULT_INTERVAL_USEC;
	w->window_usec = o->window_usec ? o->window_usec : WATCH_DEFAULT_WINDOW_USEC;
	if (w->window_usec < OOMT_TREND_MIN_POINTS * w->interval_usec)
		return -EINVAL;
	w->eta_warn_usec = o->eta_warn_usec ? o->eta_warn_usec : WATCH_DEFAULT_ETA_WARN_USEC;
	/* more than OOMT_TREND_POINTS_MAX intervals in the window: thin the trend's samples */
	w->push_every_usec = w->interval_usec;
	ring = w->window_usec / w->interval_usec + 1;
	if (ring > OOMT_TREND_POINTS_MAX) {
		w->push_every_usec = (w->window_usec + OOMT_TREND_POINTS_MAX - 2) /
		                     (OOMT_TREND_POINTS_MAX - 1);
		ring = OOMT_TREND_POINTS_MAX;
	}
	w->ring_points = (size_t)ring;
	w->pressure = (struct oomt_psi_trigger){ .struct_size = sizeof(w->pressure),
	                                         .stall_usec = 300000, .window_usec = 2000000 };
	if (o->pressure) {
		w->pressure.full = o->pressure->full;
		w->pressure.stall_usec = o->pressure->stall_usec;
		w->pressure.window_usec = o->pressure->window_usec;
	}
	w->max_cgroups = o->max_cgroups ? o->max_cgroups : WATCH_DEFAULT_MAX_CGROUPS;
	w->top_growers = o->top_growers ? o->top_growers : WATCH_DEFAULT_GROWERS;
	w->params = (struct oomt_watch_decide_params){
		.eta_warn_sec = w->eta_warn_usec / 1000000,
		.interval_usec = w->interval_usec,
		.recover_hold_usec = 5 * w->interval_usec,
		.pressure_quiet_usec = 10 * 1000000LL,
	};
	if (w->params.recover_hold_usec < 10 * 1000000LL)
		w->params.recover_hold_usec = 10 * 1000000LL;
	if (w->params.pressure_quiet_usec < 5 * w->pressure.window_usec)
		w->params.pressure_quiet_usec = 5 * w->pressure.window_usec;
	if (w->params.pressure_quiet_usec < 2 * w->interval_usec)
		w->params.pressure_quiet_usec = 2 * w->interval_usec;
	return 0;
}

int oomt_watch_new(const struct oomt_watch_opts *o, struct oomt_watch **ret)
{
	struct oomt_watch *w;
	int r = check_opts(o);

	if (r < 0)
		return r;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->hier.fd = -1;
	w->kills.wake_fd = -1;
	w->hooks.pidfd = -1;
	if ((r = set_options(w, o)) < 0)
		goto fail;
	r = -ENOMEM;
	if (!oomt_sysroot_is_live(o->sysroot) && !(w->sysroot = strdup(o->sysroot)))
		goto fail;
	if (o->tmp_dir && !(w->tmp_dir = strdup(o->tmp_dir)))
		goto fail;
	if (o->struct_size >= OOMT_SIZE_THROUGH(struct oomt_watch_opts, state_path) &&
	    o->state_path && o->state_path[0] && !(w->state_path = strdup(o->state_path)))
		goto fail;
	w->state_period_usec = w->interval_usec > WATCH_STATE_PERIOD_USEC ? w->interval_usec
	                                                                  : WATCH_STATE_PERIOD_USEC;
	w->t_sec = calloc(OOMT_TREND_POINTS_MAX, sizeof(double));
	w->y = calloc(OOMT_TREND_POINTS_MAX, sizeof(double));
	w->scratch = calloc(OOMT_TREND_SCRATCH(w->ring_points), sizeof(double));
	w->events = calloc(WATCH_EVENTS_MAX, sizeof(*w->events));
	if (!w->t_sec || !w->y || !w->scratch || !w->events)
		goto fail;
	w->page_size = oomt_page_size();
	w->all_cgroups = o->n_cgroups == 0 && o->n_units == 0;
	if (oomt_cgroup_fs_open(w->sysroot, &w->cgfs) < 0)
		w->cgfs = NULL;
	if (oomt_watch_hierarchy_open(w->cgfs, &w->hier) < 0)
		w->hier.fd = -1;   /* no memory hierarchy: the host only */
	if (!(o->flags & OOMT_WATCH_NO_HOST)) {
		struct oomt_watch_scope_int *host;

		if ((r = oomt_watch_scope_open_host(w, &host)) < 0)
			goto fail;
		if ((r = oomt_watch_scope_add(w, host)) < 0) {
			oomt_watch_scope_free(host);
			goto fail;
		}
		if ((r = oomt_watch_scope_sample(w, host, oomt_clock_usec(CLOCK_MONOTONIC))) < 0)
			goto fail;  /* no /proc/meminfo: nothing to watch the host with */
	}
	if ((r = oomt_watch_open_named(w, o)) < 0)
		goto fail;
	if (w->all_cgroups && (r = oomt_watch_rescan(w)) < 0)
		goto fail;
	if (o->exec_command) {
		if ((r = oomt_watch_hooks_init(&w->hooks, o->exec_command, o->exec_env,
		                               o->exec_timeout_usec ? o->exec_timeout_usec
		                                                    : 10 * 1000000LL)) < 0)
			goto fail;
		w->have_hooks = true;
	}
	if (!(o->flags & OOMT_WATCH_NO_KILLS) && !w->sysroot)
		w->follow_kills = oomt_watch_kills_start(&w->kills, w->sysroot, w->tmp_dir) == 0;
	else
		w->kills.error = -EOPNOTSUPP;
	w->next_sample_usec = oomt_clock_usec(CLOCK_MONOTONIC);
	w->next_rescan_usec = w->next_sample_usec + WATCH_RESCAN_USEC;
	*ret = w;
	return 0;
fail:
	oomt_watch_free(w);
	return r;
}

void oomt_watch_free(struct oomt_watch *w)
{
	if (!w)
		return;
	if (w->follow_kills || w->kills.scan)
		oomt_watch_kills_stop(&w->kills);
	if (w->have_hooks)
		oomt_watch_hooks_done(&w->hooks);
	oomt_watch_state_remove(w);
	for (size_t i = 0; i < w->n_scopes; i++)
		oomt_watch_scope_free(w->scopes[i]);
	oomt_topmem_free(w->topmem);
	oomt_cgroup_fs_free(w->cgfs);
	oomt_watch_hierarchy_close(&w->hier);
	for (size_t i = 0; i < w->n_named; i++)
		free(w->named[i]);
	free(w->named);
	free(w->scopes);
	free(w->pub);
	free(w->pfds);
	free(w->pfd_scope);
	free(w->t_sec);
	free(w->y);
	free(w->scratch);
	free(w->events);
	free(w->sysroot);
	free(w->tmp_dir);
	free(w);
}

/* ---- accessors ---- */

size_t oomt_watch_scope_count(const struct oomt_watch *w)
{
	return w ? w->n_scopes : 0;
}

const struct oomt_watch_scope *oomt_watch_scope(const struct oomt_watch *w, size_t i)
{
	return w && i < w->n_scopes ? w->pub[i] : NULL;
}

int oomt_watch_kill_source(const struct oomt_watch *w, const char **ret_source)
{
	if (!w)
		return -EINVAL;
	if (ret_source)
		*ret_source = w->kills.source[0] ? w->kills.source : NULL;
	if (w->follow_kills) {
		int r;

		pthread_mutex_lock((pthread_mutex_t *)&w->kills.lock);
		r = w->kills.error;
		pthread_mutex_unlock((pthread_mutex_t *)&w->kills.lock);
		return r;
	}
	return w->kills.error ? w->kills.error : -EOPNOTSUPP;
}

uint64_t oomt_watch_events_dropped(const struct oomt_watch *w)
{
	return w ? w->events_dropped : 0;
}

uint64_t oomt_watch_chores(const struct oomt_watch *w)
{
	return w ? w->chores : 0;
}

int oomt_watch_exec(struct oomt_watch *w, const struct oomt_watch_event *ev, const char *message)
{
	if (!w || !ev)
		return -EINVAL;
	if (!w->have_hooks)
		return -EINVAL;
	return oomt_watch_hooks_submit(&w->hooks, ev, message, oomt_clock_usec(CLOCK_MONOTONIC));
}

int oomt_watch_exec_flush(struct oomt_watch *w, int timeout_ms)
{
	int64_t deadline = timeout_ms < 0 ? INT64_MAX
	                   : oomt_clock_usec(CLOCK_MONOTONIC) + (int64_t)timeout_ms * 1000;

	if (!w)
		return -EINVAL;
	if (!w->have_hooks)
		return 0;
	for (;;) {
		int64_t now = oomt_clock_usec(CLOCK_MONOTONIC), wait_usec;
		int ms = oomt_watch_hooks_tick(&w->hooks, now);
		struct pollfd p = { .fd = w->hooks.pidfd, .events = POLLIN };

		if (ms < 0)
			return 0;
		if (now >= deadline)
			return 1;
		wait_usec = min64((int64_t)ms * 1000, deadline - now);
		if (poll(&p, p.fd >= 0 ? 1 : 0, (int)((wait_usec + 999) / 1000)) < 0 && errno == EINTR)
			return 1;
	}
}

const struct oomt_watch_exec_stats *oomt_watch_exec_stats(const struct oomt_watch *w)
{
	return &w->hooks.stats;
}
