/* SPDX-License-Identifier: MIT */
#ifndef OOMT_EVENT_PARSER_H
#define OOMT_EVENT_PARSER_H

#include <stdbool.h>
#include <stdint.h>
#include <oomtool/event.h>
#include "source/record.h"

/*
 * The incident parser: a push parser that groups records into OOM incidents, for every
 * kernel era from 2.6.32 to 6.19 and for earlyoom, systemd-oomd and nohang.
 * The line formats it accepts are quoted in the lib/event sources; their specification is
 * docs/kernel-oom-report.md.
 *
 *   struct oomt_parser *p;
 *   oomt_parser_new(&p);
 *   while (oomt_source_next(src, &rec) == 0) {
 *           oomt_parser_feed(p, &rec, source_name);
 *           while (oomt_parser_next(p, &ev) == 0) { use(ev); oomt_event_free(ev); }
 *   }
 *   oomt_parser_finish(p);  then drain with oomt_parser_next() again.
 *
 * Memory is bounded: a bounded number of open incidents (per host), each with at most
 * OOMT_TASKS_MAX task rows.
 */
struct oomt_parser;

int oomt_parser_new(struct oomt_parser **ret);
void oomt_parser_free(struct oomt_parser *p);

/* Feed one record. `source` names where it came from (copied into events). */
int oomt_parser_feed(struct oomt_parser *p, const struct oomt_record *rec, const char *source);
/* End of one input: close whatever is open (as incomplete where parts are missing). */
int oomt_parser_finish(struct oomt_parser *p);
/* Release the finished events that are still held for late lines (oom_reaper, oom.group,
 * "callbacks suppressed"); incidents whose kill was not seen yet stay open. Call it when
 * a live input has been idle for a while (--follow), so the last kill is not held back
 * until more records arrive. */
int oomt_parser_flush(struct oomt_parser *p);
/* Pop a finished event (caller frees it with oomt_event_free). 0 = got one, 1 = none. */
int oomt_parser_next(struct oomt_parser *p, struct oomt_event **ret);
/* True while every line matters (no prefilter): a kernel report is being read (until its
 * kill line), or a userspace killer's action, whose outcome lines carry no needle, is open
 * or held. While it is false, a record marked no_needle (record.h) is ignored: not read,
 * not counted, exactly as if the source's prefilter had skipped it. A kernel kill held for
 * its late lines (oom_reaper, oom.group members, "callbacks suppressed", systemd's unit
 * line) does not make the parser busy: those lines hold needles. A live reader should call
 * oomt_parser_finish() or oomt_parser_flush() after a quiet period so the held events come
 * out. */
bool oomt_parser_busy(const struct oomt_parser *p);

#endif
