/* SPDX-License-Identifier: MIT */
/*
 * Report lines read before the report is known to have started: a log cut (or a grep, or
 * a "[...]" in a mail) lost the header, so the report opens later, at its selection, kill,
 * table header or summary line, and these lines of it came first:
 *   - the dump_stack line: "Pid: %d, comm: %.20s %s %s" (2.6.32-3.x, "Pid: 9247, comm:
 *     apache2 Not tainted 3.2.34-grsec #1") or "CPU: %d PID: %d Comm: %s ..." (3.10+):
 *     the trigger's pid and comm and the kernel release (§2.3);
 *   - Mem-Info's last lines: "Free swap  = NkB", "Total swap = NkB", "N pages RAM",
 *     "N pages reserved", "N total pagecache pages", "N pages in swap cache" (§2.4).
 * They are kept for the host (c->pre) and given to a report that opens without a header at
 * the very next record the parser counts (a line holding a prefilter needle: the lines
 * between, a call trace, a "[...]", hold none), within GRACE_USEC of kernel time (or wall
 * time) when both lines have it. Anything else counted in between forgets them.
 * Only "Free swap" and "Total swap" are prefilter needles; after one of Mem-Info's last
 * lines the parser is busy for the next line (oomt_before_report_busy), so the "N pages
 * ..." lines that follow reach it, also those it does not read ("0 pages hwpoisoned").
 */
#include <string.h>
#include "event/machine.h"
#include "event/text.h"
#include "event/event-internal.h"

/* "0 pages HighMem/MovableOnly", "0 pages hwpoisoned", "Swap cache stats: ...": a line of
 * Mem-Info's end that carries nothing the report needs. */
static bool tail_line(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	if (oomt_text_starts_with(s, n, "Swap cache"))
		return true;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p > s && oomt_text_starts_with(p, (size_t)(end - p), " pages ");
}

static bool chained(const struct oomt_parser *p, const struct oomt_parser_host *c)
{
	const struct oomt_record *rec = p->rec;

	return c->pre_at && c->pre_at + 1 == c->nrec &&
	       oomt_usec_near(c->pre_uptime, rec->uptime_usec) &&
	       oomt_usec_near(c->pre_time, rec->realtime_usec);
}

bool oomt_before_report_busy(const struct oomt_parser_host *c)
{
	return c->pre_at && c->pre_tail && c->pre_at == c->nrec;
}

bool oomt_before_report_offer(struct oomt_parser *p, struct oomt_parser_host *c,
                              enum line_kind kind, const struct line_rule *r, const char *s,
                              size_t n)
{
	const struct oomt_record *rec = p->rec;

	if (kind == LK_OTHER && c->pre_tail && chained(p, c) && tail_line(s, n)) {
		c->pre_at = c->nrec;
		return true;
	}
	if (kind != LK_CPU && kind != LK_MEMINFO_TOTAL)
		return false;
	if (chained(p, c)) {
		/* one more line of the same report */
	} else {
		oomt_event_init(&c->pre);
	}
	if (kind == LK_CPU) {
		struct oomt_event probe;

		oomt_event_init(&probe);
		if (!r->parse(s, n, &probe))
			return false;
		c->pre.trigger.pid = probe.trigger.pid;
		memcpy(c->pre.trigger.comm, probe.trigger.comm, sizeof(c->pre.trigger.comm));
		if (probe.kernel[0])
			memcpy(c->pre.kernel, probe.kernel, sizeof(c->pre.kernel));
	} else if (!r->parse(s, n, &c->pre)) {
		return false;
	}
	c->pre_at = c->nrec;
	c->pre_uptime = rec->uptime_usec;
	c->pre_time = rec->realtime_usec;
	c->pre_tail = kind == LK_MEMINFO_TOTAL;
	return true;
}

void oomt_before_report_apply(struct oomt_parser *p, struct oomt_parser_host *c)
{
	struct oomt_event *ev = &c->cur.ev;
	const struct oomt_record *rec = p->rec;

	if (!c->pre_at)
		return;
	if (c->pre_at + 1 == c->nrec && c->cur.open && !c->cur.header && c->cur.opened == c->nrec &&
	    oomt_usec_near(c->pre_uptime, rec->uptime_usec) &&
	    oomt_usec_near(c->pre_time, rec->realtime_usec)) {
		if (ev->trigger.pid == OOMT_UNKNOWN && c->pre.trigger.pid != OOMT_UNKNOWN) {
			ev->trigger.pid = c->pre.trigger.pid;
			if (!ev->trigger.comm[0])
				memcpy(ev->trigger.comm, c->pre.trigger.comm, sizeof(ev->trigger.comm));
		}
		if (!ev->kernel[0])
			memcpy(ev->kernel, c->pre.kernel, sizeof(ev->kernel));
		/* an allocation failure's Mem-Info comes after its trace, never before it */
		if (!ev->has_meminfo && c->pre.has_meminfo && ev->kind != OOMT_KIND_ALLOCATION_FAILURE) {
			ev->meminfo = c->pre.meminfo;
			ev->has_meminfo = true;
		}
	}
	if (c->pre_at != c->nrec)
		c->pre_at = 0;   /* read or not, they were for this record only */
}
