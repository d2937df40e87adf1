/* SPDX-License-Identifier: MIT */
/* Events on caller storage, for the parser, the scan's spool and the unit tests; programs
 * get library-allocated events (oomtool/event.h). */
#ifndef OOMT_EVENT_INTERNAL_H
#define OOMT_EVENT_INTERNAL_H

#include <oomtool/event.h>

void oomt_event_init(struct oomt_event *ev);
void oomt_task_init(struct oomt_task *t);
void oomt_event_done(struct oomt_event *ev);      /* frees tasks; ev may be reused after init */
/* Compute ev->id from its identity (call after the event is final). */
void oomt_event_set_id(struct oomt_event *ev);
/* A kernel kill known only from systemd's unit lines (lib/event/unit-oom.c): no pid, no
 * report, a unit. */
bool oomt_event_is_secondhand(const struct oomt_event *ev);
/* How far apart two sources' wall clocks may put one kill known without a pid (systemd's
 * unit lines, systemd-oomd's kills) for oomt_event_same() to call it one: journald and
 * syslog stamp a line a second or so apart. */
#define OOMT_EVENT_PIDLESS_SAME_USEC 5000000LL
/* Fill gaps in dst from src (same kill from another source); keeps dst's own values. */
void oomt_event_merge(struct oomt_event *dst, const struct oomt_event *src);

#endif
