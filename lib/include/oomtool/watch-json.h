/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_WATCH_JSON_H
#define OOMTOOL_WATCH_JSON_H

#include <oomtool/format.h>
#include <oomtool/watch.h>

/* Write a watcher event as one JSON object (no key: a JSON Lines record or an array
 * element), in the schema documented in docs/oomtool-json.7, section "watch": time, scope,
 * name, kind, available_bytes, limit_bytes, growth_bytes_per_sec, eta_sec, confidence, psi,
 * top_growers, next_victim, advice, killed, ... Unknown numbers are null. */
void oomt_watch_event_write_json(struct oomt_json *j, const struct oomt_watch_event *ev);

#endif
