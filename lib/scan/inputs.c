/* SPDX-License-Identifier: MIT */
/* What a batch scan reads: the inputs added, this host's sources, one status per source. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "scan/scan-internal.h"

struct oomt_scan_source *oomt_scan_source_add(struct oomt_scan *s, const char *name,
                                              enum oomt_scan_source_kind kind)
{
	struct oomt_scan_source *st;
	char *copy;

	if (s->n_sources == s->cap_sources) {
		size_t n = s->cap_sources ? s->cap_sources * 2 : 8;
		st = realloc(s->sources, n * sizeof(*st));
		if (!st)
			return NULL;
		s->sources = st;
		s->cap_sources = n;
	}
	copy = strdup(name);
	if (!copy)
		return NULL;
	st = &s->sources[s->n_sources++];
	memset(st, 0, sizeof(*st));
	st->name = copy;
	st->kind = kind;
	st->first_usec = st->last_usec = st->first_uptime_usec = OOMT_UNKNOWN;
	return st;
}

void oomt_scan_source_drop_last(struct oomt_scan *s)
{
	if (s->n_sources == 0)
		return;
	s->n_sources--;
	free((char *)s->sources[s->n_sources].name);
}

void oomt_scan_source_opts(const struct oomt_scan *s, struct oomt_source_opts *so)
{
	memset(so, 0, sizeof(*so));
	so->boot_realtime_usec = OOMT_UNKNOWN;
	so->sysroot = s->sysroot;
}

char *oomt_scan_root_path(const struct oomt_scan *s, const char *path)
{
	char *p;

	if (asprintf(&p, "%s%s", s->sysroot ? s->sysroot : "", path) < 0)
		return NULL;
	return p;
}

/* /dev/kmsg given as a file: read as a text file it never ends (read() waits for the next
 * record), so it is read as the kmsg source, which stops at the end of the ring buffer. */
static bool is_kmsg_device(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 11);
}

int oomt_scan_open_file(const struct oomt_source_opts *so, const char *path,
                        struct oomt_source **ret)
{
	struct oomt_source_opts live;

	if (!is_kmsg_device(path))
		return oomt_source_open_file(path, so, ret);
	live = *so;
	live.sysroot = NULL;          /* the path named the device itself */
	return oomt_source_open_kmsg(&live, ret);
}

static int open_source(enum oomt_scan_source_kind kind, const char *path,
                       const struct oomt_source_opts *so, struct oomt_source **ret)
{
	switch (kind) {
	case OOMT_SCAN_SOURCE_FILE: return oomt_scan_open_file(so, path, ret);
	case OOMT_SCAN_SOURCE_JOURNAL: return oomt_source_open_journal(path, so, ret);
	case OOMT_SCAN_SOURCE_KMSG: return oomt_source_open_kmsg(so, ret);
	}
	return -EINVAL;
}

/* Opens and reads one source. quiet_absent: one of this host's logs that does not exist
 * is not a source, just not there. Returns <0 only for failures of the scan itself. */
static int read_one(struct oomt_scan *s, enum oomt_scan_source_kind kind, const char *path,
                    const char *label, bool quiet_absent)
{
	struct oomt_source_opts so;
	struct oomt_source *src = NULL;
	struct oomt_scan_source *st;
	struct oomt_scan_halves *halves = NULL;   /* a journal read in two (journal-halves.c) */
	int r;

	oomt_scan_source_opts(s, &so);
	st = oomt_scan_source_add(s, label, kind);
	if (!st)
		return -ENOMEM;
	oomt_scan_progress_source(s, st->name, false);
	/* resuming: where to start, or not to read it at all */
	r = oomt_scan_resume_source(s, st, path, &so);
	if (r != 0) {
		if (kind == OOMT_SCAN_SOURCE_FILE)
			oomt_scan_source_stat(st, path);
		oomt_scan_progress_source(s, NULL, true);
		return r < 0 ? r : 0;
	}
	if (kind == OOMT_SCAN_SOURCE_JOURNAL &&
	    (r = oomt_scan_journal_halves_start(s, path, &so, s->n_sources - 1, &halves)) < 0)
		return r;
	r = open_source(kind, path, &so, &src);
	if (r < 0) {
		oomt_scan_journal_halves_cancel(halves);
		if (quiet_absent && r == -ENOENT) {
			oomt_scan_source_drop_last(s);
		} else {
			st->error = r;
			if ((r = oomt_scan_resume_keep(s, st)) < 0)
				return r;
		}
		oomt_scan_progress_source(s, NULL, true);
		return 0;
	}
	if (kind == OOMT_SCAN_SOURCE_FILE)
		oomt_scan_source_stat(st, path);
	if (halves)
		r = oomt_scan_journal_halves_finish(halves, src);
	else
		r = oomt_scan_source_read(s, src, s->n_sources - 1);
	st = &s->sources[s->n_sources - 1];
	/* a resumed journal is not asked what it spans (every file's boots: costly) */
	if (!(s->resume.from && kind == OOMT_SCAN_SOURCE_JOURNAL))
		oomt_scan_source_span(st, src);
	if (r == 0)
		r = oomt_scan_resume_done(s, st, path, src);
	oomt_source_free(src);
	oomt_scan_progress_source(s, NULL, true);
	return r;
}

/* /var/log that cannot be listed is a source that failed; one that is not there is not. */
static int log_dir_failed(struct oomt_scan *s, int err)
{
	struct oomt_scan_source *st;
	char *dir;

	if (err == ENOENT)
		return 0;
	if (err == ENOMEM)
		return -ENOMEM;
	dir = oomt_scan_root_path(s, "/var/log");
	st = dir ? oomt_scan_source_add(s, dir, OOMT_SCAN_SOURCE_FILE) : NULL;
	free(dir);
	if (!st)
		return -ENOMEM;
	st->error = -err;
	return 0;
}

/* The journal and the kernel's ring buffer. */
static int read_host_live_logs(struct oomt_scan *s)
{
	char *path;
	int r;

	if (s->sysroot) {
		path = oomt_scan_root_path(s, "/var/log/journal");
		if (!path)
			return -ENOMEM;
		r = read_one(s, OOMT_SCAN_SOURCE_JOURNAL, path, path, true);
		free(path);
	} else {
		r = read_one(s, OOMT_SCAN_SOURCE_JOURNAL, NULL, "journal", true);
	}
	if (r < 0)
		return r;
	path = oomt_scan_root_path(s, "/dev/kmsg");
	if (!path)
		return -ENOMEM;
	/* no /dev/kmsg on the live system is worth saying; under a sysroot it is usual */
	r = read_one(s, OOMT_SCAN_SOURCE_KMSG, NULL, path, s->sysroot != NULL);
	free(path);
	return r;
}

/* The journal (whether this user may read it is the journal source's check: -EACCES),
 * the kernel's ring buffer, then the text logs of /var/log, oldest first. */
static int read_host(struct oomt_scan *s)
{
	char **files;
	int r, list_err;

	/* listed first, so that the progress totals are known from the start */
	files = oomt_default_log_files(s->sysroot);
	list_err = files ? 0 : errno;
	if (files) {
		size_t n = 0;

		while (files[n])
			n++;
		oomt_scan_progress_add(s, n + 2, (const char *const *)files);
	} else {
		oomt_scan_progress_add(s, 2, NULL);
	}
	s->reading_host = true;
	r = read_host_live_logs(s);
	if (r < 0 || !files) {
		s->reading_host = false;
		oomt_strv_free(files);
		return r < 0 ? r : log_dir_failed(s, list_err);
	}
	for (char **f = files; *f && r == 0; f++)
		r = read_one(s, OOMT_SCAN_SOURCE_FILE, *f, *f, true);
	s->reading_host = false;
	oomt_strv_free(files);
	return r;
}

int oomt_scan_read_inputs(struct oomt_scan *s)
{
	int r = 0;

	for (size_t i = 0; i < s->n_inputs; i++) {
		const struct oomt_scan_input *in = &s->inputs[i];
		const char *one[] = { in->path, NULL };

		if (in->kind != OOMT_SCAN_INPUT_HOST)
			oomt_scan_progress_add(s, 1, in->kind == OOMT_SCAN_INPUT_FILE ? one : NULL);
	}
	for (size_t i = 0; i < s->n_inputs && r == 0; i++) {
		const struct oomt_scan_input *in = &s->inputs[i];

		switch (in->kind) {
		case OOMT_SCAN_INPUT_HOST:
			r = read_host(s);
			break;
		case OOMT_SCAN_INPUT_FILE:
			r = read_one(s, OOMT_SCAN_SOURCE_FILE, in->path, in->path, false);
			break;
		case OOMT_SCAN_INPUT_JOURNAL_DIR:
			r = read_one(s, OOMT_SCAN_SOURCE_JOURNAL, in->path, in->path, false);
			break;
		}
	}
	return r;
}
