/* SPDX-License-Identifier: MIT */
/* The task table (docs/kernel-oom-report.md §2.6): the header names the columns, so rows of
 * every era are read through the column map built from it. */
#include <string.h>
#include <oomtool/system.h>
#include "event/lines.h"
#include "event/text.h"
#include "event/event-internal.h"

struct col_name {
	const char *name;
	enum task_col col;
};

static const struct col_name col_names[] = {
	{ "uid", TC_UID }, { "tgid", TC_TGID }, { "total_vm", TC_TOTAL_VM }, { "rss", TC_RSS },
	{ "rss_anon", TC_RSS_ANON }, { "rss_file", TC_RSS_FILE }, { "rss_shmem", TC_RSS_SHMEM },
	{ "nr_ptes", TC_NR_PTES }, { "nr_pmds", TC_NR_PMDS },
	{ "pgtables_bytes", TC_PGTABLES_BYTES }, { "swapents", TC_SWAPENTS },
	{ "oom_adj", TC_OOM_ADJ }, { "oom_score_adj", TC_OOM_SCORE_ADJ }, { "cpu", TC_SKIP },
};

/*
 * Headers, by era:
 *   2.6.32-2.6.35   "[ pid ]   uid  tgid total_vm      rss cpu oom_adj name"
 *   2.6.36-3.5      "[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name"
 *   3.6-3.19, RHEL7 "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name"
 *   4.0-4.14        "... rss nr_ptes nr_pmds swapents oom_score_adj name"
 *   4.15-4.18       "... rss pgtables_bytes swapents oom_score_adj name"
 *   4.19-6.7        "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"
 *   6.8-6.19        "... rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name"
 * Unknown column names are kept as skipped columns so the rows still line up.
 */
bool oomt_line_parse_task_header(const char *s, size_t n, struct task_cols *tc)
{
	const char *end = s + n, *p;

	if (n < 7 || s[0] != '[' || !(p = memchr(s, ']', n)) || !oomt_text_find(s, (size_t)(p - s), "pid"))
		return false;
	tc->n = 0;
	for (p++; p < end;) {
		const char *t = oomt_text_skip_blanks(p, end), *q = t;
		enum task_col c = TC_SKIP;

		while (q < end && *q != ' ' && *q != '\t')
			q++;
		if (q == t)
			break;
		if ((size_t)(q - t) == 4 && memcmp(t, "name", 4) == 0)
			return tc->n > 0;
		for (size_t i = 0; i < sizeof(col_names) / sizeof(col_names[0]); i++)
			if (strlen(col_names[i].name) == (size_t)(q - t) &&
			    memcmp(col_names[i].name, t, (size_t)(q - t)) == 0)
				c = col_names[i].col;
		if (tc->n < TASK_COLS_MAX)
			tc->col[tc->n++] = c;
		p = q;
	}
	return false;
}

static void task_set(struct oomt_task *t, enum task_col c, int64_t v)
{
	switch (c) {
	case TC_UID: t->uid = v; break;
	case TC_TGID: t->tgid = v; break;
	case TC_TOTAL_VM: t->total_vm_pages = v; break;
	case TC_RSS: t->rss_pages = v; break;
	case TC_RSS_ANON: t->rss_anon_pages = v; break;
	case TC_RSS_FILE: t->rss_file_pages = v; break;
	case TC_RSS_SHMEM: t->rss_shmem_pages = v; break;
	case TC_NR_PTES:
		t->nr_ptes_pages = v;
		break;
	case TC_NR_PMDS:   /* page-table pages too: counted with nr_ptes */
		if (t->nr_ptes_pages != OOMT_UNKNOWN)
			t->nr_ptes_pages += v;
		break;
	case TC_PGTABLES_BYTES: t->pgtables_bytes = v; break;
	case TC_SWAPENTS: t->swapents_pages = v; break;
	case TC_OOM_ADJ: t->oom_adj = v; break;
	case TC_OOM_SCORE_ADJ: t->oom_score_adj = v; break;
	case TC_SKIP: break;
	}
}

/*
 * Rows: "[%5d] %5d %5d %8lu %8lu ... %5hd %s" (pid width 7 since 4.19). The numbers are
 * read in header order; the name is the rest of the line and may hold spaces.
 * nr_ptes(+nr_pmds) is converted to pgtables_bytes by the caller once the page size
 * is known.
 */
bool oomt_line_parse_task_row(const char *s, size_t n, const struct task_cols *tc,
                              struct oomt_task *t)
{
	const char *end = s + n, *p = s + 1;
	int64_t v;

	if (n < 4 || s[0] != '[')
		return false;
	oomt_task_init(t);
	if (!oomt_text_parse_int(&p, end, &v) || (p = oomt_text_skip_blanks(p, end)) >= end || *p != ']')
		return false;
	t->pid = v;
	p++;
	for (int i = 0; i < tc->n; i++) {
		if (!oomt_text_parse_int(&p, end, &v))
			return false;
		if (p < end && *p != ' ' && *p != '\t')
			return false;
		task_set(t, tc->col[i], v);
	}
	oomt_text_copy_trimmed(t->name, sizeof(t->name), p, (size_t)(end - p));
	return true;
}

/*
 * Rows whose header is not in the log (a grep or a paste dropped it): the layout is the one
 * era whose header has as many numeric columns as the row (docs/kernel-oom-report.md §2.6):
 *   6  <= 2.6.35       uid tgid total_vm rss cpu oom_adj
 *   8  4.0-4.14        uid tgid total_vm rss nr_ptes nr_pmds swapents oom_score_adj
 *   10 6.8+            uid tgid total_vm rss rss_anon rss_file rss_shmem pgtables_bytes
 *                      swapents oom_score_adj
 * Three eras print 7: 2.6.36-3.5 and RHEL6 (cpu oom_adj oom_score_adj), 3.6-3.19 and RHEL7
 * (nr_ptes swapents oom_score_adj), 4.15-6.7 and RHEL8 (pgtables_bytes swapents
 * oom_score_adj). The report's kernel release decides; without it, a header of the
 * "oom_adj=" era (ev->trigger.oom_adj known) means the first, and a report that printed
 * the 5.0 summary or a 5.1+ kill line (summary_era: 5.0+, or RHEL8's 4.18) the last;
 * nothing else does. False when s is not a row or its layout is not certain.
 */
int oomt_line_task_row_numbers(const char *s, size_t n, bool *named)
{
	const char *end = s + n, *p = s + 1;
	int64_t v;
	int k = 0;

	*named = false;
	if (n < 3 || s[0] != '[' || !oomt_text_parse_int(&p, end, &v))
		return -1;
	p = oomt_text_skip_blanks(p, end);
	if (p >= end || *p != ']')
		return -1;
	for (p++;;) {
		const char *q = p;

		if (!oomt_text_parse_int(&q, end, &v) || (q < end && *q != ' ' && *q != '\t'))
			break;
		p = q;
		k++;
	}
	*named = oomt_text_skip_blanks(p, end) < end;
	return k;
}

bool oomt_task_cols_guess(const char *s, size_t n, const struct oomt_event *ev,
                          bool summary_era, struct task_cols *tc)
{
	static const enum task_col c6[] = { TC_UID, TC_TGID, TC_TOTAL_VM, TC_RSS, TC_SKIP, TC_OOM_ADJ };
	static const enum task_col c7a[] = { TC_UID, TC_TGID, TC_TOTAL_VM, TC_RSS, TC_SKIP,
	                                     TC_OOM_ADJ, TC_OOM_SCORE_ADJ };
	static const enum task_col c7b[] = { TC_UID, TC_TGID, TC_TOTAL_VM, TC_RSS, TC_NR_PTES,
	                                     TC_SWAPENTS, TC_OOM_SCORE_ADJ };
	static const enum task_col c7c[] = { TC_UID, TC_TGID, TC_TOTAL_VM, TC_RSS,
	                                     TC_PGTABLES_BYTES, TC_SWAPENTS, TC_OOM_SCORE_ADJ };
	static const enum task_col c8[] = { TC_UID, TC_TGID, TC_TOTAL_VM, TC_RSS, TC_NR_PTES,
	                                    TC_NR_PMDS, TC_SWAPENTS, TC_OOM_SCORE_ADJ };
	static const enum task_col c10[] = { TC_UID, TC_TGID, TC_TOTAL_VM, TC_RSS, TC_RSS_ANON,
	                                     TC_RSS_FILE, TC_RSS_SHMEM, TC_PGTABLES_BYTES,
	                                     TC_SWAPENTS, TC_OOM_SCORE_ADJ };
	const enum task_col *cols = NULL;
	long ver = oomt_kernel_release_code(ev->kernel);
	bool named;
	int k = oomt_line_task_row_numbers(s, n, &named);

	if (k < 0 || !named)
		return false;   /* no row, or no name: a cut row tells nothing */
	switch (k) {
	case 6: cols = c6; break;
	case 8: cols = c8; break;
	case 10: cols = c10; break;
	case 7:
		if (ver > 0 && ver < OOMT_KERNEL_VERSION(3, 6, 0))
			cols = c7a;
		else if (ver > 0 && ver < OOMT_KERNEL_VERSION(4, 0, 0))
			cols = c7b;
		else if (ver >= OOMT_KERNEL_VERSION(4, 15, 0))
			cols = c7c;
		else if (ver <= 0 && ev->trigger.oom_adj != OOMT_UNKNOWN)
			cols = c7a;
		else if (ver <= 0 && summary_era)
			cols = c7c;
		break;
	default:
		break;
	}
	if (!cols)
		return false;
	tc->n = k;
	for (int i = 0; i < k; i++)
		tc->col[i] = cols[i];
	return true;
}
