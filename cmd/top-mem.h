/* SPDX-License-Identifier: MIT */
/* Shared by the top-mem snapshot (top-mem.c), its columns and wording (top-mem-columns.c,
 * top-mem-summary.c) and the live view (top-mem-tui.c): one column table, one cell
 * formatter. The snapshot itself is the library's (oomtool/topmem.h). */
#ifndef OOMTOOL_CMD_TOP_MEM_H
#define OOMTOOL_CMD_TOP_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/topmem.h>
#include "output.h"

#define TOPMEM_NAME "top-mem"

enum {
	COL_PID, COL_USER, COL_RSS, COL_PSS, COL_SWAP, COL_OOM_SCORE, COL_OOM_ADJ, COL_CGROUP,
	COL_LIMIT, COL_GROWTH, COL_NAME, COL_COMMAND, COL_GROUP, COL_PROCS,
};
extern const struct out_column topmem_columns[];
extern const size_t topmem_ncolumns;

#define TOPMEM_MAX_COLUMNS 64

/* What the options chose, shared by the snapshot and the live view. */
struct topmem_options {
	const char *sysroot;              /* NULL: the live system */
	struct oomt_topmem_query query;   /* sort, --by, -c, -u, -p, --cgroup */
	int ids[TOPMEM_MAX_COLUMNS];      /* columns to show */
	size_t nids;
	bool columns_given;               /* -o: the live view keeps them */
	bool bytes;                       /* -b */
	double interval_sec;              /* --delay of the live view */
};

/* The default columns, the one list: processes or groups, with GROWTH at the end when
 * growth is measured (--sample, the live view). */
const char *topmem_default_columns(enum oomt_topmem_group group, bool growth);

/* The text of column col for row i of the snapshot's last refresh (a process or a group,
 * as it was grouped), "-" when unknown; bytes: exact byte counts. Returns buf or a string
 * of the snapshot. */
const char *topmem_cell(const struct oomt_topmem *t, size_t i, int col, bool bytes,
                        char *buf, size_t bufsz);

/* s cut to width columns so that its end stays visible, for a cgroup path's leaf matters
 * most: its first component when that fits in a third of the width, an ellipsis ("…" in a
 * UTF-8 locale, else "..."), then as much of the tail as fits ("/kubepods/…61f0.scope").
 * Returns s itself when it fits, else buf. */
const char *topmem_ellipsize(const char *s, size_t width, char *buf, size_t bufsz);

/* "mem 7.6G avail 195M  swap 488M/1.9G  psi some 12.50% full 4.25%  oom kills 7" */
void topmem_summary_line(const struct oomt_topmem *t, char *buf, size_t bufsz);
const char *topmem_sort_name(enum oomt_topmem_sort s);

/* The live view (-w); returns the exit status. */
int topmem_tui_run(struct topmem_options *o, struct oomt_topmem *t);

#endif
