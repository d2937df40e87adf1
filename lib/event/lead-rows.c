/* SPDX-License-Identifier: MIT */
/*
 * Task rows before their report (docs/kernel-oom-report.md §2.6, record.h: lead_row): a
 * paste or a grep that lost the table's header line, and every line of the report above
 * it, leaves the rows right before the line that opens the report without its header: the
 * selection (<= 5.0), the summary (5.0+) or the kill line. Such rows hold no prefilter
 * needle; the text source hands them out before the line with one, and while the parser
 * is not busy the last OOMT_LEAD_ROWS of them that come in a row are kept here (any other
 * record forgets them). The report that the very next record opens, on the same host and
 * within GRACE_USEC, reads them once their count of numbers fits one era's layout
 * (oomt_task_cols_guess): at once, or, for seven numbers, when that line or the kill line
 * right after it pins the era (a 5.0 summary, a 5.1+ kill line). A table read so lists
 * task_table_rows in missing: its header, and maybe rows, were lost.
 */
#include <stdlib.h>
#include <string.h>
#include "event/machine.h"
#include "event/text.h"
#include "event/event-internal.h"

#define LEAD_ROW_MAX 256   /* a row's pid, ten numbers and a 15-byte name fit twice over */

struct oomt_lead_rows {
	char row[OOMT_LEAD_ROWS][LEAD_ROW_MAX];
	unsigned short len[OOMT_LEAD_ROWS];
	unsigned first, n;          /* the ring of the last OOMT_LEAD_ROWS rows */
	char host[256];             /* of the rows' records ("" none) */
	int64_t uptime, realtime;   /* the last row's stamps */
	/* given to a report whose era is not known yet: the next line may tell */
	struct oomt_parser_host *owner;
	uint64_t opened;            /* that report's (struct oomt_incident) */
	bool fresh;                 /* given by the record being read */
};

static void forget(struct oomt_lead_rows *l)
{
	l->first = l->n = 0;
	l->owner = NULL;
	l->fresh = false;
}

static const char *host_of(const struct oomt_record *rec)
{
	return rec->host ? rec->host : "";
}

/* "[ 4321]     0  4321 15514295 ... name": a row of some era's table (6 to 10 numbers
 * after the pid, then the name), as a report's rows are classified. */
static bool task_row(const char *s, size_t n)
{
	const struct line_rule *r;
	bool named;
	int k;

	if (n >= LEAD_ROW_MAX || oomt_line_classify(s, n, &r) != LK_TASK_ROW)
		return false;
	k = oomt_line_task_row_numbers(s, n, &named);
	return k >= 6 && k <= 10 && named;
}

void oomt_lead_rows_gap(struct oomt_parser *p, const struct oomt_record *rec)
{
	if (rec->lead_gap && p->lead)
		forget(p->lead);
}

void oomt_lead_rows_keep(struct oomt_parser *p, const struct oomt_record *rec, bool kernel)
{
	struct oomt_lead_rows *l = p->lead;
	const char *s = rec->msg;
	size_t n = rec->msg_len;
	unsigned i;

	if (!rec->lead_row || rec->cont || !kernel) {
		if (l)
			forget(l);
		return;
	}
	oomt_text_trim(&s, &n);
	if (!task_row(s, n)) {
		if (l)
			forget(l);
		return;
	}
	if (!l && !(l = p->lead = calloc(1, sizeof(*l))))
		return;         /* out of memory: the rows are not read, nothing else is lost */
	if (l->owner || (l->n && (strcmp(l->host, host_of(rec)) != 0 ||
	                          !oomt_usec_near(l->uptime, rec->uptime_usec) ||
	                          !oomt_usec_near(l->realtime, rec->realtime_usec))))
		forget(l);
	if (l->n == 0)
		oomt_text_copy_trimmed(l->host, sizeof(l->host), host_of(rec), strlen(host_of(rec)));
	if (l->n == OOMT_LEAD_ROWS) {
		i = l->first;
		l->first = (l->first + 1) % OOMT_LEAD_ROWS;
	} else {
		i = (l->first + l->n++) % OOMT_LEAD_ROWS;
	}
	memcpy(l->row[i], s, n);
	l->len[i] = (unsigned short)n;
	l->uptime = rec->uptime_usec;
	l->realtime = rec->realtime_usec;
}

/* The rows into in's table, when one era's layout fits the last of them (the row printed
 * right before the report's line); rows of another layout are not this table's. */
static bool read_rows(struct oomt_parser *p, struct oomt_incident *in,
                      const struct oomt_lead_rows *l)
{
	unsigned last = (l->first + l->n - 1) % OOMT_LEAD_ROWS;
	struct task_cols tc;

	if (!oomt_task_cols_guess(l->row[last], l->len[last], &in->ev,
	                          oomt_incident_summary_era(in), &tc))
		return false;
	in->ev.has_tasks = true;
	in->ev.missing |= OOMT_PART_TASKS_CUT;
	for (unsigned k = 0; k < l->n; k++) {
		unsigned i = (l->first + k) % OOMT_LEAD_ROWS;
		struct oomt_task t;
		bool named;

		if (oomt_line_task_row_numbers(l->row[i], l->len[i], &named) == tc.n &&
		    oomt_line_parse_task_row(l->row[i], l->len[i], &tc, &t))
			oomt_incident_add_task(p, in, &t);
	}
	return true;
}

/* A line that opens a report only when its header was lost, and comes after the table. */
static bool after_table(enum line_kind kind)
{
	return kind == LK_SELECT || kind == LK_SUMMARY || kind == LK_VICTIM;
}

void oomt_lead_rows_report_line(struct oomt_parser *p, struct oomt_parser_host *c,
                                enum line_kind kind)
{
	struct oomt_lead_rows *l = p->lead;
	struct oomt_incident *in = &c->cur;
	const struct oomt_record *rec = p->rec;

	if (!l || !l->n)
		return;
	if (l->owner) {
		/* a line after the one that opened the report: its kill line, maybe */
		bool read = l->owner == c && in->open && in->opened == l->opened &&
		            !in->ev.has_tasks && read_rows(p, in, l);

		if (read || !l->fresh)
			forget(l);
		return;
	}
	/* a kill line pins the era itself: after it the parser is not busy, and the next line
	 * it sees may come after lines the filter skipped */
	if (after_table(kind) && in->open && in->opened == c->nrec && !in->header &&
	    !in->ev.has_tasks && strcmp(l->host, host_of(rec)) == 0 &&
	    oomt_usec_near(l->uptime, rec->uptime_usec) &&
	    oomt_usec_near(l->realtime, rec->realtime_usec) &&
	    !read_rows(p, in, l) && kind != LK_VICTIM) {
		l->owner = c;
		l->opened = in->opened;
		l->fresh = true;
		return;
	}
	forget(l);
}

void oomt_lead_rows_record_done(struct oomt_parser *p)
{
	struct oomt_lead_rows *l = p->lead;

	/* a held line (wrap.c) may be the report's: it is read with a later record */
	if (!l || !l->n || p->wrap.on)
		return;
	if (l->owner && l->fresh)
		l->fresh = false;
	else
		forget(l);
}

void oomt_lead_rows_free(struct oomt_parser *p)
{
	free(p->lead);
	p->lead = NULL;
}
