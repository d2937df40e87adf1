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
 * duplicates folded and the counts are those of one read. The first half reads on the
 * handle the cut was found on (an open of the journal less before either half starts), and
 * the second half's thread closes its own handles, unmapping what it read, while the first
 * is still being read.
 *
 * Not while resuming (a position is one read's) nor following, and not for a journal
 * whose halves would hold fewer than HALF_MIN_ENTRIES entries: there a thread, two more
 * handles and a second spool cost more than they save.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include "scan/scan-internal.h"
#include "util/cpus.h"

#define HALF_MIN_ENTRIES 20000

struct oomt_scan_halves {
	struct oomt_scan *s;
	const char *dir;
	struct oomt_source_opts opts;     /* the second half's */
	struct oomt_source_pos start;     /* where it starts (opts.start) */
	size_t idx;
	struct oomt_scan_source st;       /* its counts, added to the source's at the end */
	struct oomt_scan_spool spool;
	int open_r;                       /* 0: its source was opened (and read, with r) */
	int r;
	pthread_t thread;
	bool threaded;
};

/* Where the journal is cut: 0 and *cut, 1 when it is read in one piece. */
static int journal_cut(const struct oomt_scan *s, const char *dir,
                       const struct oomt_source_opts *so, struct oomt_journal_cut *cut)
{
	if (s->resume.from || s->resume.track || so->start || so->journal_files || so->follow ||
	    so->track_position || !oomt_second_cpu())
		return 1;
	if (oomt_source_journal_cut(dir, so, HALF_MIN_ENTRIES, cut) != 0)
		return 1;   /* no cut, or none known (an error the read itself will meet) */
	return 0;
}

/* The second half opened, read and closed (its pages unmapped while the first may still
 * be read); h->open_r why it could not be opened. */
static void read_second_half(struct oomt_scan_halves *h)
{
	struct oomt_source *src;

	h->open_r = oomt_source_open_journal(h->dir, &h->opts, &src);
	if (h->open_r < 0)
		return;
	h->r = oomt_scan_source_read_into(h->s, src, h->idx, &h->st, &h->spool, false);
	oomt_source_free(src);
}

static void *read_second(void *arg)
{
	read_second_half(arg);
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
static int append_second(struct oomt_scan *s, struct oomt_scan_halves *h)
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

int oomt_scan_journal_halves_start(struct oomt_scan *s, const char *dir,
                                   struct oomt_source_opts *so, size_t idx,
                                   struct oomt_scan_halves **ret)
{
	struct oomt_source_opts whole = *so;
	struct oomt_journal_cut cut;
	struct oomt_scan_halves *h;
	int r;

	*ret = NULL;
	if (journal_cut(s, dir, so, &cut) != 0)
		return 1;
	h = calloc(1, sizeof(*h));
	if (!h) {
		oomt_source_journal_cut_done(&cut);
		return -ENOMEM;
	}
	*h = (struct oomt_scan_halves){ .s = s, .dir = dir, .idx = idx,
	                                .st.kind = OOMT_SCAN_SOURCE_JOURNAL, .open_r = -EAGAIN };
	r = oomt_scan_spool_open(&h->spool, s->tmp_dir, &s->filter, OOMT_SCAN_TASK_ROWS_ALL, 0);
	if (r < 0) {
		oomt_source_journal_cut_done(&cut);
		free(h);
		return r;
	}
	oomt_source_journal_halves(&whole, &cut, so, &h->opts, &h->start);
	/* the second half is opened and read on its thread while this one reads the first */
	h->threaded = pthread_create(&h->thread, NULL, read_second, h) == 0;
	*ret = h;
	return 0;
}

static void halves_free(struct oomt_scan_halves *h)
{
	oomt_scan_spool_close(&h->spool);
	free(h);
}

void oomt_scan_journal_halves_cancel(struct oomt_scan_halves *h)
{
	if (!h)
		return;
	if (h->threaded)
		pthread_join(h->thread, NULL);
	halves_free(h);
}

int oomt_scan_journal_halves_finish(struct oomt_scan_halves *h, struct oomt_source *first)
{
	struct oomt_scan *s = h->s;
	size_t idx = h->idx;
	int r, r2;

	r = oomt_scan_source_read(s, first, idx);
	if (h->threaded)
		pthread_join(h->thread, NULL);
	/* not opened there (out of memory or descriptors a moment ago): once more here, as
	 * the first half ended at the cut */
	if (!h->threaded || h->open_r < 0)
		read_second_half(h);
	r2 = h->open_r < 0 ? 0 : h->r;
	if (r == 0 && h->open_r < 0 && !s->sources[idx].error) {
		/* the first half was read: the journal failed on the way */
		s->sources[idx].error = h->open_r;
		s->sources[idx].read_error = true;
	}
	if (r == 0 && r2 == 0) {
		add_counts(&s->sources[idx], &h->st);
		r2 = append_second(s, h);
	}
	halves_free(h);
	return r < 0 ? r : r2;
}
