/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <oomtool/format.h>
#include <oomtool/common.h>
#include "output.h"

int out_column_id(const struct out_column *cols, size_t ncols, const char *name, size_t len)
{
	for (size_t i = 0; i < ncols; i++)
		if (strlen(cols[i].name) == len && strncasecmp(cols[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int add_list(const struct out_column *cols, size_t ncols, const char *list, int *ids,
                    size_t *nids, const char **bad)
{
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");
		int id;

		if (len > 0) {
			id = out_column_id(cols, ncols, p, len);
			if (id < 0) {
				*bad = p;
				return -EINVAL;
			}
			if (*nids >= 64)
				return -E2BIG;
			ids[(*nids)++] = id;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int out_parse_columns(const struct out_column *cols, size_t ncols, const char *defaults,
                      const char *list, int *ids, size_t *nids, const char **bad)
{
	int r;

	*nids = 0;
	if (!list || *list == '+') {
		r = add_list(cols, ncols, defaults, ids, nids, bad);
		if (r < 0 || !list)
			return r;
		list++;
	}
	return add_list(cols, ncols, list, ids, nids, bad);
}

int out_table_init(struct out_table *t, const struct out_column *cols, size_t ncols,
                   const int *ids, size_t nids, const struct out_opts *opts)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncols = ncols;
	t->opts = *opts;
	t->nids = nids > 64 ? 64 : nids;
	memcpy(t->ids, ids, t->nids * sizeof(int));
	t->tb = scols_new_table();
	if (!t->tb)
		return -ENOMEM;
	scols_table_enable_raw(t->tb, opts->raw);
	scols_table_enable_noheadings(t->tb, opts->noheadings);
	scols_table_enable_colors(t->tb, opts->color);
	for (size_t i = 0; i < t->nids; i++) {
		const struct out_column *c = &cols[t->ids[i]];
		if (!scols_table_new_column(t->tb, c->name, c->width, c->flags))
			return -ENOMEM;
	}
	return 0;
}

struct libscols_line *out_table_line(struct out_table *t)
{
	return scols_table_new_line(t->tb, NULL);
}

int out_table_set_tree(struct out_table *t, int col)
{
	if (t->opts.raw)
		return 0;   /* as lsblk -r: one line per row, parents first, no drawing */
	for (size_t i = 0; i < t->nids; i++) {
		struct libscols_column *cl;

		if (t->ids[i] != col)
			continue;
		cl = scols_table_get_column(t->tb, i);
		if (!cl || scols_column_set_flags(cl, scols_column_get_flags(cl) | SCOLS_FL_TREE) < 0)
			return -ENOMEM;
		return 0;
	}
	return 0;
}

struct libscols_line *out_table_child_line(struct out_table *t, struct libscols_line *parent)
{
	return scols_table_new_line(t->tb, parent);
}

void out_cell(struct out_table *t, struct libscols_line *ln, int col, const char *text)
{
	if (!ln)
		return;
	for (size_t i = 0; i < t->nids; i++)
		if (t->ids[i] == col)
			scols_line_set_data(ln, i, text && *text ? text : "-");
}

bool out_shown(const struct out_table *t, int col)
{
	for (size_t i = 0; i < t->nids; i++)
		if (t->ids[i] == col)
			return true;
	return false;
}

void out_cell_int(struct out_table *t, struct libscols_line *ln, int col, int64_t v)
{
	char buf[32];

	if (!ln || !out_shown(t, col))
		return;
	if (v == OOMT_UNKNOWN)
		out_cell(t, ln, col, "-");
	else {
		snprintf(buf, sizeof(buf), "%" PRId64, v);
		out_cell(t, ln, col, buf);
	}
}

void out_cell_size(struct out_table *t, struct libscols_line *ln, int col, int64_t bytes)
{
	char buf[32];

	if (!ln || !out_shown(t, col))
		return;
	out_cell(t, ln, col, out_format_size(bytes, t->opts.bytes, buf, sizeof(buf)));
}

void out_cell_permille(struct out_table *t, struct libscols_line *ln, int col, int64_t permille)
{
	char buf[32];

	if (!ln || !out_shown(t, col))
		return;
	out_cell(t, ln, col, out_format_permille(permille, buf, sizeof(buf)));
}

char *out_format_size(int64_t bytes, bool exact, char *buf, size_t sz)
{
	if (exact && bytes != OOMT_UNKNOWN) {
		snprintf(buf, sz, "%" PRId64, bytes);
		return buf;
	}
	return oomt_format_size(bytes, buf, sz);
}

char *out_format_permille(int64_t permille, char *buf, size_t sz)
{
	if (permille == OOMT_UNKNOWN)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%s%" PRId64 ".%" PRId64 "%%", permille < 0 && permille > -10 ? "-" : "",
		         permille / 10, (permille < 0 ? -permille : permille) % 10);
	return buf;
}

/* Reuses the one time formatter and trims it, so that text and JSON always agree. */
char *out_format_time(int64_t usec, char *buf, size_t sz)
{
	oomt_format_time(usec, true, buf, sz);
	if (strlen(buf) >= 19) {
		buf[10] = ' ';
		buf[19] = '\0';
	}
	return buf;
}

int out_table_print(struct out_table *t)
{
	return scols_print_table(t->tb);
}

void out_table_done(struct out_table *t)
{
	scols_unref_table(t->tb);
	t->tb = NULL;
}

void out_columns_help(FILE *f, const struct out_column *cols, size_t ncols)
{
	for (size_t i = 0; i < ncols; i++)
		fprintf(f, " %14s  %s\n", cols[i].name, cols[i].help);
}
