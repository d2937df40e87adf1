/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_OUTPUT_H
#define OOMTOOL_CMD_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libsmartcols.h>

/*
 * Tables for every subcommand: columns are declared as data (as lsblk does), picked with
 * -o, and printed through libsmartcols as an aligned table or, with -r, raw.
 * JSON output does not come through here: it uses oomt_json (lib/format).
 */
struct out_column {
	const char *name;    /* as -o takes it, upper case */
	double width;        /* libsmartcols width hint: <1 is a fraction of the terminal */
	int flags;           /* SCOLS_FL_RIGHT, SCOLS_FL_TRUNC, ... */
	const char *help;    /* for --help's column list */
};

struct out_opts {
	bool json;
	bool raw;
	bool noheadings;
	bool bytes;          /* exact byte counts instead of human sizes */
	bool color;
};

struct out_table {
	struct libscols_table *tb;
	const struct out_column *cols;
	size_t ncols;
	int ids[64];         /* selected columns, indexes into cols */
	size_t nids;
	struct out_opts opts;
};

/* Parse -o LIST (comma separated; a leading '+' appends to the defaults).
 * Returns 0, or -EINVAL with *bad pointing at the unknown name (for the usage message). */
int out_parse_columns(const struct out_column *cols, size_t ncols, const char *defaults,
                      const char *list, int *ids, size_t *nids, const char **bad);
int out_column_id(const struct out_column *cols, size_t ncols, const char *name, size_t len);

int out_table_init(struct out_table *t, const struct out_column *cols, size_t ncols,
                   const int *ids, size_t nids, const struct out_opts *opts);
struct libscols_line *out_table_line(struct out_table *t);
/* Draw the table as a tree (as lsblk does) in column col, when it is selected and the
 * table is not raw: lines then come from out_table_child_line. 0, or -ENOMEM. */
int out_table_set_tree(struct out_table *t, int col);
/* A line below parent (NULL: a root line). */
struct libscols_line *out_table_child_line(struct out_table *t, struct libscols_line *parent);
/* Whether column col is selected: a cell of another is not worth formatting. */
bool out_shown(const struct out_table *t, int col);
/* Set a cell by column id (a no-op when that column is not selected). */
void out_cell(struct out_table *t, struct libscols_line *ln, int col, const char *text);
void out_cell_int(struct out_table *t, struct libscols_line *ln, int col, int64_t v);
void out_cell_size(struct out_table *t, struct libscols_line *ln, int col, int64_t bytes);
/* A share given per 1000 as a percentage with one decimal ("55.0%"), "-" when unknown. */
void out_cell_permille(struct out_table *t, struct libscols_line *ln, int col, int64_t permille);
/* The texts of those cells, for prose: a size in human units ("1.5M"), or with exact (-b)
 * the byte count ("1572864"); "-" when unknown. */
char *out_format_size(int64_t bytes, bool exact, char *buf, size_t sz);
char *out_format_permille(int64_t permille, char *buf, size_t sz);
/* A wall-clock time for people, in every command's text: local, to the second
 * ("2024-09-08 12:00:05"), "-" when unknown. JSON keeps the exact RFC 3339 form. */
char *out_format_time(int64_t usec, char *buf, size_t sz);
int out_table_print(struct out_table *t);
void out_table_done(struct out_table *t);

/* "  NAME  help" lines for --help. */
void out_columns_help(FILE *f, const struct out_column *cols, size_t ncols);

#endif
