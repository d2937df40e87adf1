/* SPDX-License-Identifier: MIT */
/* The incident parser's life cycle and output (parser.h); the reading is in machine.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "event/machine.h"

int oomt_parser_new(struct oomt_parser **ret)
{
	struct oomt_parser *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	*ret = p;
	return 0;
}

void oomt_parser_free(struct oomt_parser *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nhosts; i++)
		oomt_parser_host_free(p->hosts[i]);
	for (size_t i = 0; i < p->out_len; i++)
		oomt_event_free(p->out[p->out_head + i]);
	free(p->out);
	oomt_lead_rows_free(p);
	free(p);
}

int oomt_parser_finish(struct oomt_parser *p)
{
	int err;

	if (!p)
		return -EINVAL;
	oomt_parser_release_wrap(p);
	for (size_t i = 0; i < p->nhosts; i++)
		oomt_parser_host_close(p, p->hosts[i]);
	oomt_parser_update_busy(p);
	err = p->err;
	p->err = 0;
	return err;
}

int oomt_parser_flush(struct oomt_parser *p)
{
	int err;

	if (!p)
		return -EINVAL;
	oomt_parser_release_wrap(p);
	for (size_t i = 0; i < p->nhosts; i++) {
		struct oomt_parser_host *c = p->hosts[i];

		if (c->cur.open && (c->cur.killed || c->cur.panicked))
			oomt_parser_host_retire(p, c, &c->cur);
		for (size_t k = 0; k < PARKED_MAX; k++)
			if (c->parked[k].open && c->parked[k].killed)
				oomt_parser_host_retire(p, c, &c->parked[k]);
		if (c->us.open && c->us.killed)
			oomt_parser_host_retire(p, c, &c->us);
		oomt_unit_oom_emit(p, c);
		oomt_parser_host_release_all(p, c);
	}
	oomt_parser_update_busy(p);
	err = p->err;
	p->err = 0;
	return err;
}

int oomt_parser_next(struct oomt_parser *p, struct oomt_event **ret)
{
	if (!p || p->out_len == 0)
		return 1;
	*ret = p->out[p->out_head++];
	if (--p->out_len == 0)
		p->out_head = 0;
	return 0;
}

/* A held userspace kill still waits for outcome lines ("process exited", "kill failed"),
 * which carry no prefilter needle. A held kernel kill's late lines (oom_reaper, oom.group
 * members, callbacks suppressed, systemd's unit line) all do, so those need no unfiltered
 * grace period. */
static bool held_userspace(const struct oomt_parser_host *c)
{
	for (size_t i = 0; i < c->ndone; i++)
		if (c->done[i].ev->killer != OOMT_KILLER_KERNEL)
			return true;
	return false;
}

/* Whether every record matters now (oomt_parser_busy()): a report being read (until its
 * kill line), or a userspace action whose lines carry no needle. A kernel report whose
 * kill line was read is only held for its late lines, which all hold a needle: not busy. */
static bool compute_busy(const struct oomt_parser *p)
{
	if (p->wrap.on)
		return true;   /* its rest has no needle */
	for (size_t i = 0; i < p->nhosts; i++) {
		const struct oomt_parser_host *c = p->hosts[i];

		/* A kernel report whose lines stopped coming long ago (an invocation whose kill
		 * never appears) stays open for its kill line, which holds a prefilter needle,
		 * but no longer needs every line: without this, one such header would switch the
		 * prefilter off for STALL_RECORDS lines. */
		bool hot = c->nrec - c->last_report_rec < HOT_RECORDS;

		if (c->us.open || c->oomd_count > 0 || held_userspace(c) ||
		    (hot && c->cur.open && !c->cur.killed))
			return true;
		if (oomt_before_report_busy(c))
			return true;
		/* a userspace killer's reason goes on over the next lines (nohang's thresholds) */
		if (c->us_reason_at && c->nrec - c->us_reason_at < 8)
			return true;
		for (size_t k = 0; hot && k < PARKED_MAX; k++)
			if (c->parked[k].open)
				return true;
	}
	return false;
}

void oomt_parser_update_busy(struct oomt_parser *p)
{
	p->busy = compute_busy(p);
}

bool oomt_parser_busy(const struct oomt_parser *p)
{
	return p && p->busy;
}
