/* SPDX-License-Identifier: MIT */
/*
 * One source through the incident parser, with the prefilter handshake: while the parser
 * is not busy the source may skip every line that holds none of the parser's needles (a
 * fast multi-needle search instead of parsing each line); while a report is being read
 * every line is delivered. The parser ignores a line without a needle while it is not busy
 * (record.h: no_needle), so the skipping changes nothing that is found. The lines of a
 * source up to the first that states a wall time are always delivered (at most
 * FIRST_TIME_RECORDS of them): its time stamp is where the source begins (progress.c,
 * oomt_source_span), and a paste may open with a ``` fence or a shell prompt.
 */
#include <errno.h>
#include <string.h>
#include "event/prefilter.h"
#include "scan/scan-internal.h"
#include "source/prefilter.h"
#include "event/event-internal.h"

/* Lines read unfiltered at most, while none states a wall time: a paste's fence, prompt
 * or a few lines of prose before its log; a log without wall clocks (dmesg) is filtered
 * after them. */
#define FIRST_TIME_RECORDS 64

int oomt_scan_prefilter_init(struct oomt_source *src)
{
	/* the filter goes on once a record that states a wall time has been fed
	 * (oomt_scan_feed) */
	return oomt_source_set_prefilter(src, oomt_parser_prefilter);
}

int oomt_scan_feed(struct oomt_parser *p, struct oomt_source *src, struct oomt_scan_source *st,
                   const struct oomt_record *rec)
{
	int r;

	oomt_scan_source_first(st, rec);
	st->records++;
	r = oomt_parser_feed(p, rec, oomt_source_name(src));
	/* the finished incidents waiting in p do not make it busy: no need to pop them first */
	oomt_source_set_filter(src, !oomt_parser_busy(p) &&
	                       (st->first_usec != OOMT_UNKNOWN || st->records >= FIRST_TIME_RECORDS));
	return r;
}

int oomt_scan_pop(struct oomt_parser *p, struct oomt_scan_source *st, struct oomt_event **ret)
{
	struct oomt_event *ev;

	if (oomt_parser_next(p, &ev) != 0)
		return 1;
	if (!ev->id[0])
		oomt_event_set_id(ev);
	st->events++;
	*ret = ev;
	return 0;
}

/* Every finished incident of p into the spool. */
static int drain(struct oomt_scan *s, struct oomt_parser *p, struct oomt_scan_source *st,
                 struct oomt_scan_spool *spool, size_t idx)
{
	struct oomt_event *ev;
	int r = 0;

	while (r == 0 && oomt_scan_pop(p, st, &ev) == 0) {
		/* resuming: an incident the earlier scan delivered, read again */
		if (s->resume.from && oomt_scan_positions_saw(s->resume.from, ev))
			s->resume.dropped_seen++;
		else
			r = oomt_scan_spool_add(spool, ev, (unsigned)idx);
		oomt_event_free(ev);
	}
	return r;
}

void oomt_scan_source_take_counts(struct oomt_scan_source *st, const struct oomt_source *src)
{
	st->lines_truncated = oomt_source_lines_truncated(src);
	st->lines_skipped = oomt_source_lines_skipped(src);
	st->records_lost = oomt_source_records_lost(src);
	st->newest_first = oomt_source_newest_first(src);
	if (st->kind == OOMT_SCAN_SOURCE_FILE)
		st->format = oomt_text_format_name(oomt_source_format(src));
}

/* Resuming: where the parser's busy stretch (a report being read) began, so that an
 * incident still open at the end can be read again whole. */
static void track_busy(struct oomt_scan_resumer *rs, struct oomt_source *src,
                       const struct oomt_parser *p, bool was_busy, int64_t rec_usec)
{
	bool busy = oomt_parser_busy(p);

	if (!was_busy && busy) {
		rs->busy = oomt_source_tell(src, false, &rs->busy_pos) == 0;
		rs->busy_usec = rec_usec;
	} else if (!busy) {
		rs->busy = false;
	}
}

int oomt_scan_source_read(struct oomt_scan *s, struct oomt_source *src, size_t idx)
{
	return oomt_scan_source_read_into(s, src, idx, &s->sources[idx], &s->spool, true);
}

int oomt_scan_source_read_into(struct oomt_scan *s, struct oomt_source *src, size_t idx,
                               struct oomt_scan_source *st, struct oomt_scan_spool *spool,
                               bool progress)
{
	struct oomt_scan_resumer *rs = &s->resume;
	struct oomt_parser *p;
	struct oomt_record rec;
	bool was_busy = false;
	int r;

	r = oomt_parser_new(&p);
	if (r < 0)
		return r;
	r = oomt_scan_prefilter_init(src);
	while (r == 0) {
		r = oomt_source_next(src, &rec);
		if (r == 1) {
			r = 0;
			break;
		}
		if (r < 0) {
			st->error = r;
			st->read_error = true;
			r = 0;
			break;
		}
		if (rs->track)
			was_busy = oomt_parser_busy(p);
		r = oomt_scan_feed(p, src, st, &rec);
		if (rs->track)
			track_busy(rs, src, p, was_busy, rec.realtime_usec);
		if (r == 0)
			r = drain(s, p, st, spool, idx);
		if (progress)
			oomt_scan_progress_record(s);
	}
	if (r == 0 && rs->track) {
		/* resuming: the finished incidents out; one still open (its kill not logged
		 * yet) waits for the next scan, which reads it from its first line */
		r = oomt_parser_flush(p);
		if (r == 0)
			r = drain(s, p, st, spool, idx);
		rs->held = r == 0 && oomt_parser_busy(p) && oomt_scan_resume_hold(rs);
	}
	if (r == 0 && !rs->held)
		r = oomt_parser_finish(p);
	if (r == 0)
		r = drain(s, p, st, spool, idx);
	oomt_scan_source_take_counts(st, src);
	oomt_parser_free(p);
	return r;
}
