/* SPDX-License-Identifier: MIT */
/* Test helper: feed records built in the test into a parser and collect the events. */
#ifndef TEST_PARSER_FEED_H
#define TEST_PARSER_FEED_H

#include <stdlib.h>
#include <string.h>
#include "event/parser.h"

#define EVS_MAX 256

struct evs {
	struct oomt_event *ev[EVS_MAX];
	size_t n;
};

static struct oomt_record rec_msg(const char *msg)
{
	struct oomt_record r;

	memset(&r, 0, sizeof(r));
	r.msg = msg;
	r.msg_len = strlen(msg);
	r.uptime_usec = OOMT_UNKNOWN;
	r.realtime_usec = OOMT_UNKNOWN;
	r.ident_pid = OOMT_UNKNOWN;
	r.priority = -1;
	r.facility = -1;
	return r;
}

static void evs_drain(struct oomt_parser *p, struct evs *e)
{
	struct oomt_event *ev;

	while (oomt_parser_next(p, &ev) == 0) {
		if (e->n < EVS_MAX)
			e->ev[e->n++] = ev;
		else
			oomt_event_free(ev);
	}
}

static void feed_rec(struct oomt_parser *p, struct evs *e, const struct oomt_record *r)
{
	assert_int_equal(oomt_parser_feed(p, r, "test"), 0);
	evs_drain(p, e);
}

/* Feed lines (msg only, or host/uptime when given) and finish. */
static void feed_lines(struct oomt_parser *p, struct evs *e, const char *host, int64_t up0,
		       const char *const *lines)
{
	for (size_t i = 0; lines[i]; i++) {
		struct oomt_record r = rec_msg(lines[i]);

		r.host = host;
		if (up0 != OOMT_UNKNOWN)
			r.uptime_usec = up0 + (int64_t)i;
		feed_rec(p, e, &r);
	}
}

static void evs_finish(struct oomt_parser *p, struct evs *e)
{
	assert_int_equal(oomt_parser_finish(p), 0);
	evs_drain(p, e);
}

static void evs_free(struct evs *e)
{
	for (size_t i = 0; i < e->n; i++)
		oomt_event_free(e->ev[i]);
	e->n = 0;
}

#endif
