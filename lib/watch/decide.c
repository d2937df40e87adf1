/* SPDX-License-Identifier: MIT */
/*
 * When the watcher speaks. Pure: the state of one scope, what was measured, the time.
 *
 * ETA: a sample "qualifies" when the trend is a confident rise (confidence >= 0.5) whose
 * time to OOM is below eta_warn. Two qualifying samples in a row make the first warning
 * (one could be a fluke of the fit); later ones warn again when the ETA has halved since
 * the last warning (10 min, 5, 2.5, ...), not at every sample. While memory is flat or
 * falling nothing is said. A warning stands until the scope has been calm -- no confident
 * rise, or one whose ETA is beyond twice eta_warn (a margin, so that an ETA hovering at the
 * threshold does not flap) -- for recover_hold: then "recovered", once.
 *
 * Pressure: the first crossing of the threshold (a trigger that fired, or a polled stall
 * above it) is an event; further crossings extend it silently; pressure_quiet without one
 * ends it with "recovered".
 */
#include "watch/watch-internal.h"

int oomt_watch_decide_eta(struct oomt_watch_eta_state *s, const struct oomt_watch_decide_params *p,
                          bool rising, int64_t eta_sec, int64_t now_usec)
{
	bool qualifies = rising && eta_sec != OOMT_UNKNOWN && eta_sec < p->eta_warn_sec;
	bool calm = !rising || eta_sec == OOMT_UNKNOWN || eta_sec > 2 * p->eta_warn_sec;

	if (qualifies) {
		s->calm_since_usec = 0;
		if (s->qualifying < 1000)
			s->qualifying++;
		if (s->qualifying < 2)
			return 0;
		if (!s->warned) {
			s->warned = true;
			s->level = 1;
			s->warned_eta_sec = eta_sec;
			s->since_usec = now_usec;
			return OOMT_WATCH_ETA;
		}
		if (eta_sec * 2 <= s->warned_eta_sec && eta_sec < s->warned_eta_sec) {
			s->level++;
			s->warned_eta_sec = eta_sec;
			return OOMT_WATCH_ETA;
		}
		return 0;
	}
	s->qualifying = 0;
	if (!s->warned)
		return 0;
	if (!calm) {
		s->calm_since_usec = 0;
		return 0;
	}
	if (!s->calm_since_usec)
		s->calm_since_usec = now_usec;
	if (now_usec - s->calm_since_usec < p->recover_hold_usec)
		return 0;
	s->warned = false;
	s->calm_since_usec = 0;
	return OOMT_WATCH_RECOVERED;
}

int oomt_watch_decide_pressure(struct oomt_watch_pressure_state *s,
                               const struct oomt_watch_decide_params *p, bool fired,
                               int64_t now_usec)
{
	if (fired) {
		s->last_usec = now_usec;
		if (s->on)
			return 0;
		s->on = true;
		s->since_usec = now_usec;
		return OOMT_WATCH_PRESSURE;
	}
	if (s->on && now_usec - s->last_usec >= p->pressure_quiet_usec) {
		s->on = false;
		return OOMT_WATCH_RECOVERED;
	}
	return 0;
}
