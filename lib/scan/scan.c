/* SPDX-License-Identifier: MIT */
/* The scan handle: options, what to read, the batch run and what it found (scan.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "scan/scan-internal.h"

/* The size of the first version of struct oomt_scan_opts: smaller ones are rejected. */
#define OPTS_SIZE_V1 (offsetof(struct oomt_scan_opts, follow) + sizeof(bool))

/* NULL for "", "/" and NULL: the live system. */
static int copy_root(const char *sysroot, char **ret)
{
	*ret = NULL;
	if (!sysroot || !sysroot[0] || strcmp(sysroot, "/") == 0)
		return 0;
	*ret = strdup(sysroot);
	return *ret ? 0 : -ENOMEM;
}

static int copy_opt(const char *text, char **ret)
{
	*ret = NULL;
	if (!text || !text[0])
		return 0;
	*ret = strdup(text);
	return *ret ? 0 : -ENOMEM;
}

static int64_t bound(int64_t usec)
{
	return usec == 0 ? OOMT_UNKNOWN : usec;
}

static int take_opts(struct oomt_scan *s, const struct oomt_scan_opts *in)
{
	struct oomt_scan_opts o = { 0 };
	int r;

	memcpy(&o, in, in->struct_size < sizeof(o) ? in->struct_size : sizeof(o));
	if (o.task_rows > OOMT_SCAN_TASK_ROWS_NONE)
		return -EINVAL;
	if ((r = copy_root(o.sysroot, &s->sysroot)) < 0 ||
	    (r = copy_opt(o.tmp_dir, &s->tmp_dir)) < 0 ||
	    (r = copy_opt(o.host, &s->host)) < 0)
		return r;
	s->filter.since_usec = bound(o.since_usec);
	s->filter.until_usec = bound(o.until_usec);
	s->filter.host = s->host;
	s->filter.kinds = o.kinds ? o.kinds : OOMT_SCAN_KINDS_DEFAULT;
	s->task_rows = o.task_rows;
	s->task_rows_top = o.task_rows_top;
	s->follow = o.follow;
	s->acct.wanted = o.accounting;
	s->progress.fn = o.progress;
	s->progress.userdata = o.progress_userdata;
	if (o.resume && o.follow)
		return -EINVAL;
	s->resume.from = o.resume;
	return 0;
}

int oomt_scan_new(const struct oomt_scan_opts *opts, struct oomt_scan **ret)
{
	struct oomt_scan *s;
	int r;

	if (!opts || opts->struct_size < OPTS_SIZE_V1 || !ret)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->spool.fd = -1;
	r = take_opts(s, opts);
	if (r == 0 && !s->follow)
		r = oomt_scan_spool_open(&s->spool, s->tmp_dir, &s->filter, s->task_rows,
		                         s->task_rows_top);
	if (r < 0) {
		oomt_scan_free(s);
		return r;
	}
	*ret = s;
	return 0;
}

void oomt_scan_free(struct oomt_scan *s)
{
	if (!s)
		return;
	oomt_scan_follower_done(&s->fl);
	oomt_scan_spool_close(&s->spool);
	oomt_scan_accounting_done(&s->acct);
	oomt_scan_resumer_done(&s->resume);
	for (size_t i = 0; i < s->n_inputs; i++)
		free(s->inputs[i].path);
	free(s->inputs);
	for (size_t i = 0; i < s->n_sources; i++)
		free((char *)s->sources[i].name);
	free(s->sources);
	free(s->shown);
	free(s->sysroot);
	free(s->tmp_dir);
	free(s->host);
	free(s);
}

static int add_input(struct oomt_scan *s, enum oomt_scan_input_kind kind, const char *path)
{
	struct oomt_scan_input *in;
	char *copy = NULL;

	if (kind != OOMT_SCAN_INPUT_HOST && (!path || !path[0]))
		return -EINVAL;
	if (s->ran || s->fl.started)
		return -EBUSY;
	if (s->n_inputs == s->cap_inputs) {
		size_t n = s->cap_inputs ? s->cap_inputs * 2 : 8;
		in = realloc(s->inputs, n * sizeof(*in));
		if (!in)
			return -ENOMEM;
		s->inputs = in;
		s->cap_inputs = n;
	}
	if (path && !(copy = strdup(path)))
		return -ENOMEM;
	in = &s->inputs[s->n_inputs++];
	in->kind = kind;
	in->path = copy;
	return 0;
}

int oomt_scan_add_host(struct oomt_scan *s)
{
	return add_input(s, OOMT_SCAN_INPUT_HOST, NULL);
}

int oomt_scan_add_file(struct oomt_scan *s, const char *path)
{
	return add_input(s, OOMT_SCAN_INPUT_FILE, path);
}

int oomt_scan_add_journal_dir(struct oomt_scan *s, const char *dir)
{
	return add_input(s, OOMT_SCAN_INPUT_JOURNAL_DIR, dir);
}

/* The incidents that passed the filters, in order, and what the filters could not judge. */
static int select_shown(struct oomt_scan *s)
{
	const struct oomt_scan_spool *sp = &s->spool;

	s->shown = malloc((sp->n ? sp->n : 1) * sizeof(*s->shown));
	if (!s->shown)
		return -ENOMEM;
	for (size_t i = 0; i < sp->n; i++) {
		uint8_t f = sp->v[i].filter;

		if (!(f & OOMT_SCAN_WANTED))
			continue;
		s->shown[s->n_shown++] = (uint32_t)i;
		s->kept_without_time += !!(f & OOMT_SCAN_NO_TIME);
		s->kept_without_host += !!(f & OOMT_SCAN_NO_HOST);
	}
	return 0;
}

int oomt_scan_run(struct oomt_scan *s)
{
	int r;

	if (!s || s->follow || s->ran)
		return -EINVAL;
	s->ran = true;
	r = oomt_scan_resumer_start(s);
	if (r < 0)
		return r;
	oomt_scan_accounting_begin(s);
	oomt_scan_progress_start(s);
	r = oomt_scan_read_inputs(s);
	oomt_scan_progress_stop(s);
	if (r < 0)
		return r;
	oomt_scan_spool_sort(&s->spool);
	r = select_shown(s);
	if (r == 0)
		r = oomt_scan_resume_finish(s);
	if (r < 0)
		return r;
	return oomt_scan_accounting_finish(s);
}

size_t oomt_scan_count(const struct oomt_scan *s)
{
	return s ? s->n_shown : 0;
}

int oomt_scan_event(struct oomt_scan *s, size_t i, unsigned flags, const struct oomt_event **ret)
{
	if (!s || i >= s->n_shown || !ret)
		return -EINVAL;
	return oomt_scan_spool_get(&s->spool, s->shown[i], !(flags & OOMT_SCAN_EVENT_NO_TASKS), ret);
}

uint64_t oomt_scan_kept_without_time(const struct oomt_scan *s)
{
	return s ? s->kept_without_time : 0;
}

uint64_t oomt_scan_kept_without_host(const struct oomt_scan *s)
{
	return s ? s->kept_without_host : 0;
}

uint64_t oomt_scan_merged(const struct oomt_scan *s)
{
	return s ? s->spool.merged : 0;
}

const char *oomt_scan_source_kind_name(enum oomt_scan_source_kind kind)
{
	switch (kind) {
	case OOMT_SCAN_SOURCE_FILE: return "file";
	case OOMT_SCAN_SOURCE_JOURNAL: return "journal";
	case OOMT_SCAN_SOURCE_KMSG: return "kmsg";
	}
	return "unknown";
}

size_t oomt_scan_source_count(const struct oomt_scan *s)
{
	return s ? s->n_sources : 0;
}

const struct oomt_scan_source *oomt_scan_source_get(const struct oomt_scan *s, size_t i)
{
	return s && i < s->n_sources ? &s->sources[i] : NULL;
}

enum oomt_scan_verdict oomt_scan_verdict(const struct oomt_scan *s)
{
	bool denied = false;

	if (!s || s->n_sources == 0)
		return OOMT_SCAN_VERDICT_NO_SOURCE;
	for (size_t i = 0; i < s->n_sources; i++) {
		const struct oomt_scan_source *st = &s->sources[i];

		if (st->error == 0 || st->read_error)
			return OOMT_SCAN_VERDICT_READ;
		if (st->error == -EACCES || st->error == -EPERM)
			denied = true;
	}
	return denied ? OOMT_SCAN_VERDICT_DENIED : OOMT_SCAN_VERDICT_FAILED;
}
