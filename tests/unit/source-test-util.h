/* SPDX-License-Identifier: MIT */
/* Helpers for the source tests: write a temp file, read every record into copies. */
#ifndef OOMT_TEST_SOURCE_UTIL_H
#define OOMT_TEST_SOURCE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "source/source.h"
#include "source/prefilter.h"
#include "test-tmpdir.h"


struct rec_copy {
	char *msg;
	size_t msg_len;
	int64_t uptime_usec, realtime_usec, ident_pid;
	char *host, *ident, *boot_id, *caller, *pre_stamp;
	int priority, facility;
	bool cont, truncated, lead_row;
};

struct recs {
	struct rec_copy *r;
	size_t n, cap;
	enum oomt_text_format fmt;
	uint64_t truncated, skipped, lost;
	int rc;
};

static inline char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static inline void recs_free(struct recs *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->r[i].msg);
		free(rs->r[i].host);
		free(rs->r[i].ident);
		free(rs->r[i].boot_id);
		free(rs->r[i].caller);
		free(rs->r[i].pre_stamp);
	}
	free(rs->r);
	free(rs);
}

/* Read all of src into a new struct recs (the source is freed). */
static inline struct recs *recs_drain(struct oomt_source *src)
{
	struct recs *rs = calloc(1, sizeof(*rs));
	struct oomt_record rec;
	int k;

	assert_non_null(rs);
	while ((k = oomt_source_next(src, &rec)) == 0) {
		if (rs->n == rs->cap) {
			rs->cap = rs->cap ? rs->cap * 2 : 64;
			rs->r = realloc(rs->r, rs->cap * sizeof(*rs->r));
			assert_non_null(rs->r);
		}
		struct rec_copy *c = &rs->r[rs->n];

		assert_non_null(rec.msg);
		assert_true(strlen(rec.msg) <= rec.msg_len);   /* binary may hold NULs */
		c->msg = malloc(rec.msg_len + 1);
		assert_non_null(c->msg);
		memcpy(c->msg, rec.msg, rec.msg_len + 1);
		c->msg_len = rec.msg_len;
		c->uptime_usec = rec.uptime_usec;
		c->realtime_usec = rec.realtime_usec;
		c->ident_pid = rec.ident_pid;
		c->host = dup_or_null(rec.host);
		c->ident = dup_or_null(rec.ident);
		c->boot_id = dup_or_null(rec.boot_id);
		c->caller = dup_or_null(rec.caller);
		c->pre_stamp = dup_or_null(rec.pre_stamp);
		c->priority = rec.priority;
		c->facility = rec.facility;
		c->cont = rec.cont;
		c->truncated = rec.truncated;
		c->lead_row = rec.lead_row;
		rs->n++;
	}
	rs->rc = k;
	rs->fmt = oomt_source_format(src);
	rs->truncated = oomt_source_lines_truncated(src);
	rs->skipped = oomt_source_lines_skipped(src);
	rs->lost = oomt_source_records_lost(src);
	oomt_source_free(src);
	return rs;
}

/* Write data to a new temp file; returns its path (static buffer per call site). */
static inline void write_tmp(char *path, size_t cap, const void *data, size_t len)
{
	int fd;

	fd = mkstemp(test_tmp_path(path, cap, "oomt-test-XXXXXX"));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* needles: the prefilter's (NULL: none); filter: whether it is on. */
static inline struct recs *read_buf_filtered(const void *data, size_t len,
                                             const struct oomt_source_opts *opts,
                                             const char *const *needles, bool filter)
{
	char path[PATH_MAX];
	struct oomt_source *src;

	write_tmp(path, sizeof(path), data, len);
	assert_int_equal(oomt_source_open_file(path, opts, &src), 0);
	assert_int_equal(oomt_source_set_prefilter(src, needles), 0);
	oomt_source_set_filter(src, filter);
	struct recs *rs = recs_drain(src);
	unlink(path);
	assert_int_equal(rs->rc, 1);
	return rs;
}

static inline struct recs *read_buf_opts(const void *data, size_t len,
                                         const struct oomt_source_opts *opts, bool filter)
{
	return read_buf_filtered(data, len, opts, NULL, filter);
}

static inline struct recs *read_str(const char *text)
{
	struct oomt_source_opts o = { .year_hint = 2026 };

	return read_buf_opts(text, strlen(text), &o, false);
}

#define assert_str_or_null(a, b) \
	do { \
		if ((b) == NULL) \
			assert_null(a); \
		else { \
			assert_non_null(a); \
			assert_string_equal((a), (b)); \
		} \
	} while (0)

#endif
