/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the incident parser alone: the input is cut into records at
 * newlines; the first bytes choose record metadata (host, uptime steps, cont, facility,
 * ident, lead rows) so the multi-host, reboot, continuation, userspace and lead-row paths
 * are reached too. The
 * records are whatever a program may feed, transport noise included: the parser leaves that
 * to the sources (fuzz-line-prefix, fuzz-text-source) but must stay in bounds on it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "event/parser.h"

static const char *const hosts[] = { NULL, "a", "b", "c" };
static const char *const idents[] = { NULL, "kernel", "earlyoom", "systemd-oomd", "nohang", "systemd",
					"lowmemorykiller" };

static void drain(struct oomt_parser *p)
{
	struct oomt_event *ev;

	while (oomt_parser_next(p, &ev) == 0)
		oomt_event_free(ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomt_parser *p;
	uint8_t meta[4] = { 0 };
	char *buf;
	size_t start = 0;
	int64_t up = 1000000;
	unsigned i = 0;

	memcpy(meta, data, size < 4 ? size : 4);
	if (oomt_parser_new(&p) < 0)
		return 0;
	buf = malloc(size + 1);
	if (!buf) {
		oomt_parser_free(p);
		return 0;
	}
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (size_t k = 0; k <= size; k++) {
		struct oomt_record r;
		uint8_t m = meta[i++ % 4];

		if (k < size && buf[k] != '\n')
			continue;
		buf[k] = '\0';
		memset(&r, 0, sizeof(r));
		r.msg = buf + start;
		r.msg_len = k - start;
		up += (m & 0x80) ? -3000000 : (int64_t)(m & 0x0f) * 1000;
		r.uptime_usec = (m & 0x40) ? OOMT_UNKNOWN : up;
		r.realtime_usec = OOMT_UNKNOWN;
		r.host = hosts[(m >> 4) & 3];
		r.ident = idents[m % (sizeof(idents) / sizeof(idents[0]))];
		r.ident_pid = OOMT_UNKNOWN;
		r.priority = -1;
		r.facility = (m & 0x20) ? 1 : -1;
		r.cont = m & 1;
		/* a text source's line without a needle that may be a task row (record.h) */
		r.no_needle = r.lead_row = (m & 2) && r.msg[0] == '[';
		oomt_parser_feed(p, &r, "fuzz");
		drain(p);
		oomt_parser_busy(p);
		start = k + 1;
	}
	oomt_parser_finish(p);
	drain(p);
	oomt_parser_free(p);
	free(buf);
	return 0;
}
