/* SPDX-License-Identifier: MIT */
/*
 * What a batch run has done so far (opts.progress), and what each source spans (its
 * status' first_usec, last_usec, boots): the data behind a progress line and behind "where
 * did it look" when nothing is found. The wording is the caller's.
 *
 * Bytes come from the readers' meter (source/reader.h): while a source skips the lines
 * that cannot be part of a report, no record reaches the scan, but every read() of its
 * file still ticks the meter, so that a 256 MiB log without an incident shows progress too.
 * The journal (mapped by sd-journal) and /dev/kmsg count no bytes; records tick instead.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "scan/scan-internal.h"

#define PROGRESS_INTERVAL_USEC 100000
#define PROGRESS_RECORDS 256      /* records read between two looks at the clock */

static int64_t clock_usec(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void report(struct oomt_scan_meter *m, int64_t now)
{
	m->last_usec = now;
	m->p.bytes_done = m->meter.bytes;
	m->p.incidents = m->scan->spool.n;
	m->p.elapsed_usec = now - m->start_usec;
	m->fn(&m->p, m->userdata);
}

static void maybe_report(struct oomt_scan_meter *m)
{
	int64_t now;

	if (!m->fn)
		return;
	now = clock_usec(CLOCK_MONOTONIC);
	if (now - m->last_usec >= PROGRESS_INTERVAL_USEC)
		report(m, now);
}

/* The readers' tick: m is the first member of struct oomt_scan_meter. */
static void meter_tick(struct oomt_read_meter *rm)
{
	maybe_report((struct oomt_scan_meter *)rm);
}

void oomt_scan_progress_start(struct oomt_scan *s)
{
	struct oomt_scan_meter *m = &s->progress;

	m->scan = s;
	m->meter.bytes = 0;
	m->meter.tick = meter_tick;
	m->start_usec = m->last_usec = clock_usec(CLOCK_MONOTONIC);
	oomt_read_meter_set(&m->meter);
}

void oomt_scan_progress_stop(struct oomt_scan *s)
{
	oomt_read_meter_set(NULL);
	s->progress.p.source = NULL;
}

void oomt_scan_progress_source(struct oomt_scan *s, const char *name, bool done)
{
	struct oomt_scan_meter *m = &s->progress;

	if (done) {
		m->p.sources_done++;
		m->p.source = NULL;
		return;
	}
	m->p.source = name;
	maybe_report(m);
}

void oomt_scan_progress_add(struct oomt_scan *s, size_t sources, const char *const *files)
{
	struct oomt_scan_meter *m = &s->progress;
	struct stat sb;

	m->p.sources_total += sources;
	for (size_t i = 0; files && files[i]; i++)
		if (stat(files[i], &sb) == 0 && S_ISREG(sb.st_mode))
			m->p.bytes_total += (uint64_t)sb.st_size;
}

void oomt_scan_progress_record(struct oomt_scan *s)
{
	struct oomt_scan_meter *m = &s->progress;

	if (++m->records >= PROGRESS_RECORDS) {
		m->records = 0;
		maybe_report(m);
	}
}

void oomt_scan_source_stat(struct oomt_scan_source *st, const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		st->size_bytes = (uint64_t)sb.st_size;
}

void oomt_scan_source_first(struct oomt_scan_source *st, const struct oomt_record *rec)
{
	if (st->records == 0 && st->kind == OOMT_SCAN_SOURCE_KMSG)
		st->first_uptime_usec = rec->uptime_usec;
	/* a paste's first lines may state none (a ``` fence, a shell prompt) */
	if (st->first_usec == OOMT_UNKNOWN)
		st->first_usec = rec->realtime_usec;
}

void oomt_scan_source_span(struct oomt_scan_source *st, struct oomt_source *src)
{
	struct stat sb;

	switch (st->kind) {
	case OOMT_SCAN_SOURCE_JOURNAL:
		if (oomt_source_journal_span(src, &st->first_usec, &st->last_usec, &st->boots) < 0)
			st->boots = 0;
		break;
	case OOMT_SCAN_SOURCE_KMSG:
		st->boots = 1;
		/* the live ring buffer ends now; a saved copy when it was written */
		if (stat(st->name, &sb) == 0 && S_ISREG(sb.st_mode))
			st->last_usec = (int64_t)sb.st_mtim.tv_sec * 1000000 + sb.st_mtim.tv_nsec / 1000;
		else
			st->last_usec = clock_usec(CLOCK_REALTIME);
		break;
	case OOMT_SCAN_SOURCE_FILE:
		/* the first and last lines that state a wall time (a file's modification time
		 * says when it was copied, not what it holds) */
		oomt_source_span(src, &st->first_usec, &st->last_usec);
		break;
	}
}
