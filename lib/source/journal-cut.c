/* SPDX-License-Identifier: MIT */
/*
 * Where a batch read of a journal can be cut in two, so that lib/scan reads both halves at
 * once (two threads, two parsers): at the first entry of a boot. No OOM report crosses a
 * boot, so each half's parser sees whole reports, and the incidents are those of one read.
 *
 * The cut is exact only where the journal's order is the order its entries were written:
 * one machine, one sequence of entry numbers (journald numbers every entry it writes, across
 * files and boots). Then everything before the first entry of boot B was written before B,
 * and everything after it in B or later. A directory holding several machines' journals, or
 * entries of several numbering sequences, is read in one piece.
 *
 * The boot chosen is the one whose first entry is nearest the middle, counted in entries
 * (sequence numbers, from the cursors), so that both halves cost about the same; a cut that
 * leaves either half below min_entries is not worth a thread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "source/sd-journal-dl.h"
#include "source/source-internal.h"
#include "util/fds.h"

#define CUT_BOOTS_MAX 4096
#define FDS_SPARE 16

struct boot_start {
	uint64_t seqnum;
	char boot_id[SD_ID128_STRING_MAX];
};

/* A cursor's sequence number id (s=) and sequence number (i=); false when it has none. */
static bool cursor_seqnum(const char *cursor, char seqnum_id[SD_ID128_STRING_MAX],
                          uint64_t *seqnum)
{
	bool have_id = false, have_num = false;

	for (const char *p = cursor; p && *p; p = strchr(p, ';'), p = p ? p + 1 : NULL) {
		if (strncmp(p, "s=", 2) == 0 && strspn(p + 2, "0123456789abcdef") == 32) {
			memcpy(seqnum_id, p + 2, 32);
			seqnum_id[32] = '\0';
			have_id = true;
		} else if (strncmp(p, "i=", 2) == 0) {
			char *end;

			*seqnum = strtoull(p + 2, &end, 16);
			have_num = end > p + 2 && (*end == ';' || *end == '\0');
		}
	}
	return have_id && have_num;
}

/* The entry the handle is on: its cursor (into cursor, when not NULL) and its sequence
 * number, which must be of the numbering in seqnum_id (set by the first call: ""). */
static int entry_seqnum(const struct oomt_sd_journal *sd, sd_journal *j,
                        char seqnum_id[SD_ID128_STRING_MAX], uint64_t *seqnum,
                        char cursor[OOMT_SOURCE_CURSOR_MAX])
{
	char id[SD_ID128_STRING_MAX], *c = NULL;
	int r = sd->journal_get_cursor(j, &c);

	if (r < 0)
		return r;
	r = 1;
	if (cursor_seqnum(c, id, seqnum) && (!seqnum_id[0] || strcmp(id, seqnum_id) == 0) &&
	    (!cursor || strlen(c) < OOMT_SOURCE_CURSOR_MAX)) {
		strcpy(seqnum_id, id);
		if (cursor)
			strcpy(cursor, c);
		r = 0;
	}
	free(c);
	return r;
}

/* How many values field has in the journal (at most max + 1): each, when v is not NULL,
 * into v as a string ("FIELD=" left out). */
static size_t unique_values(const struct oomt_sd_journal *sd, sd_journal *j, const char *field,
                            struct boot_start *v, size_t max)
{
	size_t n = 0, flen = strlen(field) + 1;
	const void *data;
	size_t len;

	if (sd->journal_query_unique(j, field) < 0)
		return 0;
	sd->journal_restart_unique(j);
	while (n <= max && sd->journal_enumerate_available_unique(j, &data, &len) > 0) {
		if (v && n < max) {
			if (len != flen + 32)
				return max + 1;   /* not a boot ID: leave it whole */
			memcpy(v[n].boot_id, (const char *)data + flen, 32);
			v[n].boot_id[32] = '\0';
		}
		n++;
	}
	return n;
}

/* The first or last entry of the journal (of the handle's matches). 0, 1 when none. */
static int end_entry(const struct oomt_sd_journal *sd, sd_journal *j, bool last)
{
	int r = last ? sd->journal_seek_tail(j) : sd->journal_seek_head(j);

	if (r < 0)
		return r;
	r = last ? sd->journal_previous(j) : sd->journal_next(j);
	return r < 0 ? r : r == 0 ? 1 : 0;
}

static int by_seqnum(const void *a, const void *b)
{
	const struct boot_start *x = a, *y = b;

	return x->seqnum < y->seqnum ? -1 : x->seqnum > y->seqnum;
}

/* Each boot's first sequence number, all of one numbering; 1 when they are not. */
static int boot_starts(const struct oomt_sd_journal *sd, sd_journal *j, struct boot_start *v,
                       size_t n, char seqnum_id[SD_ID128_STRING_MAX])
{
	for (size_t i = 0; i < n; i++) {
		char match[64];
		int r;

		snprintf(match, sizeof(match), "_BOOT_ID=%s", v[i].boot_id);
		sd->journal_flush_matches(j);
		if ((r = sd->journal_add_match(j, match, 0)) < 0)
			return r;
		if ((r = end_entry(sd, j, false)) != 0 ||
		    (r = entry_seqnum(sd, j, seqnum_id, &v[i].seqnum, NULL)) != 0)
			return r;
	}
	sd->journal_flush_matches(j);
	return 0;
}

/* The cut in j's journal: see the top of the file. */
static int find_cut(const struct oomt_sd_journal *sd, sd_journal *j, uint64_t min_entries,
                    struct oomt_journal_cut *ret)
{
	char seqnum_id[SD_ID128_STRING_MAX] = "";
	struct boot_start *v;
	uint64_t head, tail, middle, best_dist = UINT64_MAX;
	size_t n, best = 0;
	int r;

	if (unique_values(sd, j, "_MACHINE_ID", NULL, 1) > 1)
		return 1;
	/* first the journal's ends (a small journal is not worth a look at its boots) */
	if ((r = end_entry(sd, j, false)) != 0 ||
	    (r = entry_seqnum(sd, j, seqnum_id, &head, NULL)) != 0 ||
	    (r = end_entry(sd, j, true)) != 0 ||
	    (r = entry_seqnum(sd, j, seqnum_id, &tail, NULL)) != 0)
		return r;
	if (tail < head || tail - head + 1 < 2 * min_entries)
		return 1;
	n = unique_values(sd, j, "_BOOT_ID", NULL, CUT_BOOTS_MAX);
	if (n < 2 || n > CUT_BOOTS_MAX)
		return 1;
	v = calloc(n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	r = unique_values(sd, j, "_BOOT_ID", v, n) == n ? boot_starts(sd, j, v, n, seqnum_id) : 1;
	if (r != 0) {
		free(v);
		return r;
	}
	qsort(v, n, sizeof(*v), by_seqnum);
	middle = head + (tail - head) / 2;
	for (size_t i = 1; i < n; i++) {
		uint64_t d = v[i].seqnum > middle ? v[i].seqnum - middle : middle - v[i].seqnum;

		if (d < best_dist) {
			best_dist = d;
			best = i;
		}
	}
	r = 1;
	/* the first half holds the entries before the boot's first, the second the rest */
	if (best > 0 && v[best].seqnum - head >= min_entries &&
	    tail + 1 - v[best].seqnum >= min_entries) {
		char match[64];

		snprintf(match, sizeof(match), "_BOOT_ID=%s", v[best].boot_id);
		strcpy(ret->boot_id, v[best].boot_id);
		if ((r = sd->journal_add_match(j, match, 0)) == 0 && (r = end_entry(sd, j, false)) == 0)
			r = entry_seqnum(sd, j, seqnum_id, &v[best].seqnum, ret->cursor);
	}
	free(v);
	return r;
}

/* Whether the two halves' handles can be open at once: each takes a descriptor per file,
 * as many as the handle just opened took (fds were open before it), and a few more go
 * to the halves' reads (FDS_SPARE). Else one piece reads it all, where the second half
 * would fail to open. */
static bool enough_fds(int fds)
{
	int now = oomt_fds_open(), limit = oomt_fds_limit();

	if (fds < 0 || now < fds || limit < 0)
		return false;
	/* room for another handle as large, beside the one open now */
	return (int64_t)limit - now >= (int64_t)(now - fds) + FDS_SPARE;
}

int oomt_source_journal_cut(const char *dir, const struct oomt_source_opts *opts,
                            uint64_t min_entries, struct oomt_journal_cut *ret)
{
	const struct oomt_sd_journal *sd;
	char path[PATH_MAX];
	sd_journal *j;
	int r, fds;

	if (!ret || (opts && (opts->follow || opts->start || opts->journal_files)))
		return -EINVAL;
	dir = oomt_journal_dir(dir, opts, path, sizeof(path));
	if ((r = oomt_sd_journal_get(&sd)) < 0)
		return r;
	ret->handle = NULL;
	oomt_journal_maps_hold();
	fds = oomt_fds_open();
	r = oomt_journal_open(sd, dir, NULL, &j);
	if (r >= 0) {
		r = enough_fds(fds) ? find_cut(sd, j, min_entries, ret) : 1;
		/* the first half reads on from the head, with matches of its own */
		if (r == 0) {
			sd->journal_flush_matches(j);
			r = sd->journal_seek_head(j);
		}
		if (r == 0)
			ret->handle = j;
		else
			sd->journal_close(j);
	}
	oomt_journal_maps_release();
	return r;
}

/* Only a handle that was open is closed: sd-journal is loaded then. */
void oomt_source_journal_cut_done(struct oomt_journal_cut *cut)
{
	const struct oomt_sd_journal *sd;

	if (!cut || !cut->handle || oomt_sd_journal_get(&sd) < 0)
		return;
	oomt_journal_maps_hold();
	sd->journal_close(cut->handle);
	oomt_journal_maps_release();
	cut->handle = NULL;
}

void oomt_source_journal_halves(const struct oomt_source_opts *opts,
                                struct oomt_journal_cut *cut,
                                struct oomt_source_opts *first, struct oomt_source_opts *second,
                                struct oomt_source_pos *start)
{
	struct oomt_source_opts none = { .boot_realtime_usec = OOMT_UNKNOWN };

	*first = *second = opts ? *opts : none;
	second->journal_handle = NULL;
	first->journal_handle = cut->handle;
	cut->handle = NULL;
	memcpy(first->journal_stop_boot, cut->boot_id, sizeof(cut->boot_id));
	memset(start, 0, sizeof(*start));
	for (size_t i = 0; i < 2; i++) {
		memcpy(start->cursor[i], cut->cursor, sizeof(cut->cursor));
		start->cursor_inclusive[i] = true;
	}
	second->journal_second_half = true;
	second->start = start;
}
