/* SPDX-License-Identifier: MIT */
/*
 * explain-kill -J: each incident is the scan-logs event object (oomt_event_write_json) with
 * the model and the findings as further members of the same object. Field names are a
 * contract (docs/oomtool-explain-kill.1).
 */
#include <errno.h>
#include <string.h>
#include <oomtool/event-json.h>
#include "explain-kill.h"

/*
 * oomt_event_write_json() writes one whole object, closing brace included, and there is no
 * members-only variant to call. So it writes through a filter stream that holds back the
 * final '}' (and the indent before it): the object stays open for our members and the
 * output still streams. The writer state is then moved on as if the object were open.
 * Replace this with a members-only call when event-json.h grows one.
 */
struct holdback {
	FILE *out;
	char pending[256];       /* trailing whitespace and braces, not yet known to be final */
	size_t n;
};

static void hb_flush(struct holdback *h)
{
	fwrite(h->pending, 1, h->n, h->out);
	h->n = 0;
}

static ssize_t hb_write(void *cookie, const char *buf, size_t len)
{
	struct holdback *h = cookie;

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (c == ' ' || c == '\n' || c == '}') {
			if (h->n == sizeof(h->pending))
				hb_flush(h);
			h->pending[h->n++] = c;
			continue;
		}
		hb_flush(h);
		fputc(c, h->out);
	}
	return (ssize_t)len;
}

/* At the end: everything before the last '}' goes out, minus the indent before that brace. */
static void hb_finish(struct holdback *h)
{
	size_t last = h->n;

	while (last > 0 && h->pending[last - 1] != '}')
		last--;
	if (last == 0) {
		hb_flush(h);
		return;
	}
	last--;
	while (last > 0 && (h->pending[last - 1] == ' ' || h->pending[last - 1] == '\n'))
		last--;
	fwrite(h->pending, 1, last, h->out);
	h->n = 0;
}

/* Write ev's scan-logs members into a new object of j and leave that object open. */
static int begin_event_object(struct oomt_json *j, const struct oomt_event *ev)
{
	struct holdback h = { .out = j->out };
	cookie_io_functions_t io = { .write = hb_write };
	struct oomt_json sub = *j;
	FILE *f = fopencookie(&h, "w", io);

	if (!f)
		return -errno;
	sub.out = f;
	oomt_event_write_json(&sub, ev);
	fclose(f);
	hb_finish(&h);
	/* The object is open at sub.depth + 1 and already has members. */
	*j = sub;
	j->out = h.out;
	if (j->depth < (int)sizeof(j->need_comma))
		j->need_comma[j->depth] = true;
	j->depth++;
	return 0;
}

static void json_kv(struct oomt_json *j, const struct oomt_kv *kv)
{
	if (kv->str)
		oomt_json_string(j, kv->key, kv->str);
	else
		oomt_json_int(j, kv->key, kv->num);
}

static void json_finding(struct oomt_json *j, const struct oomt_finding *f)
{
	oomt_json_begin_object(j, NULL);
	oomt_json_string(j, "code", f->code);
	oomt_json_string(j, "severity", oomt_severity_name(f->severity));
	oomt_json_begin_object(j, "evidence");
	for (size_t i = 0; i < f->n_evidence; i++)
		json_kv(j, &f->evidence[i]);
	if (f->n_trend) {
		oomt_json_begin_array(j, "victim_rss_bytes_trend");
		for (size_t i = 0; i < f->n_trend; i++)
			oomt_json_int(j, NULL, f->trend[i]);
		oomt_json_end_array(j);
	}
	oomt_json_end_object(j);
	oomt_json_begin_object(j, "advice");
	for (size_t i = 0; i < f->n_advice; i++)
		json_kv(j, &f->advice[i]);
	oomt_json_end_object(j);
	oomt_json_end_object(j);
}

void ek_json_rank(struct oomt_json *j, const struct oomt_task *t, const struct oomt_rank *r)
{

	oomt_json_int(j, "pid", r->pid);
	oomt_json_string_or_null(j, "name", t->name);
	oomt_json_int(j, "points", r->points);
	oomt_json_int(j, "rss_pages", t->rss_pages);
	oomt_json_int(j, "swapents_pages", t->swapents_pages);
	oomt_json_int(j, "pgtables_pages", r->pgtables_pages);
	oomt_json_int(j, "oom_score_adj", t->oom_score_adj);
	oomt_json_int(j, "adj_points", r->adj_points);
	oomt_json_int(j, "root_bonus_points", r->root_points);
	oomt_json_int(j, "share_permille", r->share_permille);
	oomt_json_bool(j, "eligible", r->eligible);
	oomt_json_string(j, "skip_reason", oomt_skip_name(r->skip));
}

static void json_model(struct oomt_json *j, const struct ek_explained *x, size_t top)
{
	const struct oomt_model *m = &x->model;

	oomt_json_string(j, "model_era", oomt_era_name(m->era));
	oomt_json_int(j, "totalpages", m->totalpages);
	oomt_json_int(j, "model_page_size", m->page_size);
	oomt_json_begin_array(j, "model_assumptions");
	for (unsigned b = 1; b && b <= OOMT_ASSUME_NO_CAP_BY_SCORE; b <<= 1)
		if (m->assume & b)
			oomt_json_string(j, NULL, oomt_assume_name(b));
	oomt_json_end_array(j);
	oomt_json_begin_array(j, "ranking");
	for (size_t i = 0; i < m->n_ranks; i++) {
		if (!ek_rank_shown(x, i, top))
			continue;
		oomt_json_begin_object(j, NULL);
		ek_json_rank(j, oomt_model_task(m, x->ev, &m->ranks[i]), &m->ranks[i]);
		oomt_json_end_object(j);
	}
	oomt_json_end_array(j);
	oomt_json_int(j, "ranked_tasks", (int64_t)m->n_ranks);
	oomt_json_int(j, "eligible_tasks", (int64_t)m->n_eligible);
	oomt_json_int(j, "model_victim_pid", m->model_victim_pid);
	oomt_json_int(j, "kernel_selected_pid", m->kernel_pid);
	if (m->agreement == OOMT_AGREE_UNKNOWN)
		oomt_json_null(j, "agrees");
	else
		oomt_json_bool(j, "agrees", m->agreement == OOMT_AGREE_YES);
	oomt_json_string(j, "agreement_reason", oomt_reason_name(m->reason));
	oomt_json_int(j, "runner_up_pid", m->runner_up_pid);
	oomt_json_int(j, "margin_points", m->margin_points);
	oomt_json_int(j, "flip_oom_score_adj", m->flip_adj);
	oomt_json_int(j, "flip_oom_score_adj_delta", m->flip_adj_delta);
	oomt_json_int(j, "kernel_score", m->kernel_score);
	oomt_json_int(j, "model_score", m->model_score);
}

void ek_json_event(struct oomt_json *j, const struct ek_explained *x, size_t top)
{
	if (begin_event_object(j, x->ev) < 0) {
		/* No filter stream: the model still goes out, in an object of its own. */
		oomt_json_begin_object(j, NULL);
		oomt_json_string_or_null(j, "id", x->ev->id);
	}
	json_model(j, x, top);
	oomt_json_begin_array(j, "findings");
	for (size_t i = 0; i < x->findings.n; i++)
		json_finding(j, &x->findings.f[i]);
	oomt_json_end_array(j);
	oomt_json_end_object(j);
}
