/* SPDX-License-Identifier: MIT */
/*
 * The one ranking table of explain-kill, for a logged incident (the report) and for the
 * running system (--now): the same model structures (lib/model), the same columns, the
 * same cells. The kernel's own oom_score, which only a running system shows, adds two
 * columns with --now.
 */
#include <inttypes.h>
#include <string.h>
#include <oomtool/system.h>
#include "explain-kill.h"

static bool is_known_value(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

enum {
	COL_PID, COL_NAME, COL_RSS, COL_SWAP, COL_PGT, COL_ADJ, COL_ADJPTS, COL_POINTS, COL_SHARE,
	COL_OOM_SCORE, COL_MODEL_SCORE, COL_NOTE,
};

static const struct out_column rank_cols[] = {
	[COL_PID]         = { "PID", 6, SCOLS_FL_RIGHT, "process id" },
	[COL_NAME]        = { "NAME", 0.2, SCOLS_FL_TRUNC, "command name" },
	[COL_RSS]         = { "RSS", 6, SCOLS_FL_RIGHT, "resident memory" },
	[COL_SWAP]        = { "SWAP", 6, SCOLS_FL_RIGHT, "swapped out" },
	[COL_PGT]         = { "PGTABLES", 6, SCOLS_FL_RIGHT, "page tables" },
	[COL_ADJ]         = { "ADJ", 5, SCOLS_FL_RIGHT, "oom_score_adj (oom_adj up to 2.6.35)" },
	[COL_ADJPTS]      = { "ADJ_POINTS", 8, SCOLS_FL_RIGHT, "what oom_score_adj added" },
	[COL_POINTS]      = { "POINTS", 8, SCOLS_FL_RIGHT, "badness" },
	[COL_SHARE]       = { "SHARE", 6, SCOLS_FL_RIGHT, "badness as a share of totalpages" },
	[COL_OOM_SCORE]   = { "OOM_SCORE", 5, SCOLS_FL_RIGHT, "the kernel's /proc/PID/oom_score" },
	[COL_MODEL_SCORE] = { "MODEL", 5, SCOLS_FL_RIGHT, "our oom_score on the kernel's scale" },
	[COL_NOTE]        = { "NOTE", 0.2, 0, "the victim, the picks, or why skipped" },
};

static const int incident_ids[] = { COL_PID, COL_NAME, COL_RSS, COL_SWAP, COL_PGT, COL_ADJ,
                                    COL_ADJPTS, COL_POINTS, COL_SHARE, COL_NOTE };
static const int live_ids[] = { COL_PID, COL_NAME, COL_RSS, COL_SWAP, COL_PGT, COL_ADJ,
                                COL_ADJPTS, COL_POINTS, COL_SHARE, COL_OOM_SCORE,
                                COL_MODEL_SCORE, COL_NOTE };

/* Why a SHARE above 100% is shown, said once under the table. */
enum { SHARE_OVER_RSS = 1 << 0, SHARE_OVER_ADJ = 1 << 1 };

/* SHARE as read: above 100% is no error (see share_notes), and a share too small to round
 * to 0.1% is not nothing. The JSON keeps share_permille exact. */
static const char *share_text(const struct oomt_model *m, const struct oomt_rank *r,
                              unsigned *notes, char *buf, size_t n)
{
	if (!is_known_value(r->share_permille) || !is_known_value(r->points))
		return out_format_permille(r->share_permille, buf, n);
	if (r->share_permille > 1000) {
		/* T counts a memcg's limit; rss counts every page the task maps, also those
		 * charged to other cgroups. Or oom_score_adj added up to all of T. */
		*notes |= is_known_value(m->totalpages) && r->base_points > m->totalpages
		          ? SHARE_OVER_RSS : SHARE_OVER_ADJ;
		snprintf(buf, n, ">100%%");
		return buf;
	}
	if (r->share_permille == 0 && r->points > 0) {
		snprintf(buf, n, "<0.1%%");
		return buf;
	}
	return out_format_permille(r->share_permille, buf, n);
}

static void share_notes(FILE *f, unsigned notes)
{
	if (notes & SHARE_OVER_RSS)
		fputs("SHARE >100%: a task's rss counts every page it maps, also file and shared "
		      "pages charged to other cgroups, while totalpages is this cgroup's limit.\n", f);
	if (notes & SHARE_OVER_ADJ)
		fputs("SHARE >100%: oom_score_adj adds up to all of totalpages (+1000 = 100%) on top "
		      "of the task's own memory.\n", f);
}

static int64_t pages_bytes(int64_t pages, int64_t page_size)
{
	return pages == OOMT_UNKNOWN ? OOMT_UNKNOWN : pages * page_size;
}

/* "killed", "selected" (the kernel's choice when it is not the killed one, or live when the
 * model disagrees), "model's pick" (when the two disagree), "skipped: REASON". */
static void rank_note(const struct ek_ranking *rk, const struct oomt_rank *r, char *buf, size_t n)
{
	const struct oomt_model *m = rk->model;
	const struct oomt_event *ev = rk->ev;

	buf[0] = '\0';
	if (ev && r->pid == ev->victim.pid)
		snprintf(buf, n, "killed");
	else if (ev && r->pid == m->kernel_pid && (m->assume & OOMT_ASSUME_VICTIM_BY_SIZE))
		snprintf(buf, n, "killed (thread %" PRId64 ")", ev->victim.pid);
	else if (ev && ev->allocating_task && r->pid == ev->victim.selected_pid)
		snprintf(buf, n, "allocating task");
	else if (r->pid == m->kernel_pid && (ev || m->agreement == OOMT_AGREE_NO))
		snprintf(buf, n, "selected");
	if (m->agreement == OOMT_AGREE_NO && r->pid == m->model_victim_pid)
		snprintf(buf + strlen(buf), n - strlen(buf), "%smodel's pick", buf[0] ? ", " : "");
	if (!r->eligible)
		snprintf(buf + strlen(buf), n - strlen(buf), "%sskipped: %s", buf[0] ? ", " : "",
		         oomt_skip_name(r->skip));
}

static void rank_line(const struct ek_ranking *rk, struct out_table *t, const struct oomt_rank *r,
                      int64_t page_size, unsigned *notes)
{
	const struct oomt_model *m = rk->model;
	const struct oomt_task *task = oomt_model_task(m, r);
	struct libscols_line *ln = out_table_line(t);
	char buf[64];

	out_cell_int(t, ln, COL_PID, r->pid);
	out_cell(t, ln, COL_NAME, task->name);
	out_cell_size(t, ln, COL_RSS, pages_bytes(task->rss_pages, page_size));
	out_cell_size(t, ln, COL_SWAP, pages_bytes(task->swapents_pages, page_size));
	out_cell_size(t, ln, COL_PGT, pages_bytes(r->pgtables_pages, page_size));
	out_cell_int(t, ln, COL_ADJ, m->era == OOMT_ERA_TOTAL_VM ? task->oom_adj
	                                                         : task->oom_score_adj);
	out_cell_int(t, ln, COL_ADJPTS, r->adj_points);
	out_cell_int(t, ln, COL_POINTS, r->points);
	out_cell(t, ln, COL_SHARE, share_text(m, r, notes, buf, sizeof(buf)));
	if (rk->live) {
		const struct oomt_live_process *p = oomt_live_rank_process(rk->live, r);
		out_cell_int(t, ln, COL_OOM_SCORE, p->oom_score);
		out_cell_int(t, ln, COL_MODEL_SCORE, p->model_oom_score);
	}
	rank_note(rk, r, buf, sizeof(buf));
	out_cell(t, ln, COL_NOTE, buf);
}

int ek_print_ranking(FILE *f, const struct ek_ranking *rk, const struct ek_opts *o)
{
	const struct oomt_model *m = rk->model;
	int64_t page_size = m->page_size > 0 ? m->page_size
	                    : rk->ev ? oomt_event_page_size(rk->ev, NULL) : oomt_page_size();
	const int *ids = rk->live ? live_ids : incident_ids;
	size_t n_ids = rk->live ? sizeof(live_ids) / sizeof(live_ids[0])
	                        : sizeof(incident_ids) / sizeof(incident_ids[0]);
	struct out_table t;
	size_t shown = 0;
	unsigned notes = 0;
	int r;

	fflush(f);
	r = out_table_init(&t, rank_cols, sizeof(rank_cols) / sizeof(rank_cols[0]), ids, n_ids,
	                   &o->out);
	for (size_t i = 0; r == 0 && i < m->n_ranks; i++)
		if (oomt_model_rank_shown(m, rk->ev, i, o->top)) {
			rank_line(rk, &t, &m->ranks[i], page_size, &notes);
			shown++;
		}
	if (r == 0)
		r = out_table_print(&t);
	out_table_done(&t);
	if (r == 0 && m->n_ranks > shown)
		fprintf(f, "(%zu more not shown; -c 0 shows all)\n", m->n_ranks - shown);
	if (r == 0)
		share_notes(f, notes);
	return r;
}
