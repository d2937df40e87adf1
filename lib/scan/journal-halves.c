/* SPDX-License-Identifier: MIT */
/*
 * A journal of several boots read in two halves at once, on a machine with a second CPU.
 * Reading the journal is the slowest part of a scan of a journald-only host: sd-journal
 * finds each kernel entry in its field's entry arrays and the parser reads every line of
 * every report, one entry at a time, and neither can go faster on one CPU. A boot is a
 * boundary no OOM report crosses, so the journal is cut at the first entry of the boot
 * nearest its middle (oomt_source_journal_cut says where, and when it cannot be cut): this
 * thread reads the first half to that boot, another the second half from it, each with its
 * own handles and its own parser, into its own spool. The second half's incidents then
 * follow the first's into the scan's spool, in the order it found them: the order, the
 * duplicates folded and the counts are those of one read.
 *
 * Not while resuming (a position is one read's) nor following, and not for a journal
 * whose halves would hold fewer than HALF_MIN_ENTRIES entries: there a thread, two more
 * handles and a second spool cost more than they save.
 */
#include <pthread.h>
#include "scan/scan-internal.h"
#include "util/cpus.h"

#define HALF_MIN_ENTRIES 20000

struct second_half {
	struct oomt_scan *s;
	struct oomt_source *src;
	size_t idx;
	struct oomt_scan_source st;       /* its counts, added to the source's at the end */
	struct oomt_scan_spool spool;
	int r;
};

int oomt_scan_journal_cut(const struct oomt_scan *s, const char *dir,
                          struct oomt_source_opts *so, struct oomt_source **ret_second)
{
	struct oomt_source_opts first, second;
	struct oomt_source_pos start;
	struct oomt_journal_cut cut;

	if (s->resume.from || s->resume.track || so->start || so->journal_files || so->follow ||
	    so->track_position || !oomt_second_cpu())
		return 1;
	if (oomt_source_journal_cut(dir, so, HALF_MIN_ENTRIES, &cut) != 0)
		return 1;   /* no cut, or none known (an error the read itself will meet) */
	/* the second half opened here: the first is opened to end at the cut only once the
	 * second is sure to be read */
	oomt_source_journal_halves(so, &cut, &first, &second, &start);
	if (oomt_source_open_journal(dir, &second, ret_second) < 0)
		return 1;
	*so = first;
	return 0;
}

static void *read_second(void *arg)
{
	struct second_half *h = arg;

	h->r = oomt_scan_source_read_into(h->s, h->src, h->idx, &h->st, &h->spool, false);
	return NULL;
}

/* The second half's counts into the source's. */
static void add_counts(struct oomt_scan_source *to, const struct oomt_scan_source *from)
{
	to->records += from->records;
	to->events += from->events;
	to->lines_truncated += from->lines_truncated;
	to->lines_skipped += from->lines_skipped;
	to->records_lost += from->records_lost;
	if (from->error && !to->error) {
		to->error = from->error;
		to->read_error = from->read_error;
	}
}

/* The second half's incidents after the first's, in the order it found them. Its spool
 * kept every task row, so that each is added as the parser gave it (the scan's spool cuts
 * the rows and weighs the richer of two duplicates on the whole record). */
static int append_second(struct oomt_scan *s, struct second_half *h)
{
	for (size_t i = 0; i < h->spool.n; i++) {
		const struct oomt_event *ev;
		int r = oomt_scan_spool_get(&h->spool, i, true, &ev);

		if (r == 0)
			r = oomt_scan_spool_add(&s->spool, ev, (unsigned)h->idx);
		if (r < 0)
			return r;
	}
	return 0;
}

int oomt_scan_journal_read_halves(struct oomt_scan *s, struct oomt_source *first,
                                  struct oomt_source *second, size_t idx)
{
	struct second_half h = { .s = s, .src = second, .idx = idx,
	                         .st.kind = OOMT_SCAN_SOURCE_JOURNAL };
	pthread_t thread;
	bool threaded;
	int r, r2;

	r = oomt_scan_spool_open(&h.spool, s->tmp_dir, &s->filter, OOMT_SCAN_TASK_ROWS_ALL, 0);
	if (r < 0)
		return r;
	threaded = pthread_create(&thread, NULL, read_second, &h) == 0;
	r = oomt_scan_source_read(s, first, idx);
	if (threaded)
		pthread_join(thread, NULL);
	else
		read_second(&h);
	r2 = h.r;
	if (r == 0 && r2 == 0) {
		add_counts(&s->sources[idx], &h.st);
		r2 = append_second(s, &h);
	}
	oomt_scan_spool_close(&h.spool);
	return r < 0 ? r : r2;
}
