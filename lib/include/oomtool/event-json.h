/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_EVENT_JSON_H
#define OOMTOOL_EVENT_JSON_H

#include <oomtool/event.h>
#include <oomtool/format.h>

/* Write one incident as a JSON object (array element: no key) in the schema documented in
 * docs/oomtool-json.7, section "scan-logs". Unknown numbers and empty strings are null. */
void oomt_event_write_json(struct oomt_json *j, const struct oomt_event *ev);
/* The same members, written into an object the caller has opened and will close: for
 * commands that extend the event object (explain-kill -J). */
void oomt_event_write_json_members(struct oomt_json *j, const struct oomt_event *ev);

#endif
