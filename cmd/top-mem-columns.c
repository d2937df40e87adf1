/* SPDX-License-Identifier: MIT */
/* top-mem's columns: the table, the default lists and the one cell formatter, for the
 * snapshot's table and the live view alike. */
#include <inttypes.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <oomtool/format.h>
#include <oomtool/common.h>
#include "top-mem.h"

const struct out_column topmem_columns[] = {
	[COL_PID] = { "PID", 6, SCOLS_FL_RIGHT, "process ID" },
	[COL_USER] = { "USER", 8, 0, "effective user" },
	[COL_RSS] = { "RSS", 6, SCOLS_FL_RIGHT, "resident set size (statm)" },
	[COL_PSS] = { "PSS", 6, SCOLS_FL_RIGHT, "proportional set size (smaps_rollup); - = unreadable" },
	[COL_SWAP] = { "SWAP", 6, SCOLS_FL_RIGHT, "swapped out (status VmSwap)" },
	[COL_OOM_SCORE] = { "OOM_SCORE", 5, SCOLS_FL_RIGHT, "the kernel's badness (oom_score, 0-2000)" },
	[COL_OOM_ADJ] = { "OOM_ADJ", 5, SCOLS_FL_RIGHT, "oom_score_adj (-1000..1000)" },
	[COL_CGROUP] = { "CGROUP", 0.2, SCOLS_FL_TRUNC, "memory cgroup (v1 memory controller or v2)" },
	[COL_LIMIT] = { "LIMIT", 6, SCOLS_FL_RIGHT, "tightest memory limit of the cgroup; - = none" },
	[COL_GROWTH] = { "GROWTH", 7, SCOLS_FL_RIGHT, "RSS+swap growth per minute (--sample, --watch)" },
	[COL_NAME] = { "NAME", 10, 0, "comm name" },
	[COL_COMMAND] = { "COMMAND", 0.3, SCOLS_FL_TRUNC, "command line ([comm] for kernel threads)" },
	[COL_GROUP] = { "GROUP", 0.3, SCOLS_FL_TRUNC, "the --by key: user, cgroup, unit or command" },
	[COL_PROCS] = { "PROCS", 5, SCOLS_FL_RIGHT, "processes in the group" },
};
const size_t topmem_ncolumns = sizeof(topmem_columns) / sizeof(topmem_columns[0]);

const char *topmem_default_columns(enum oomt_topmem_group group, bool growth)
{
	if (group != OOMT_TOPMEM_GROUP_NONE)
		return growth ? "GROUP,PROCS,RSS,PSS,SWAP,GROWTH" : "GROUP,PROCS,RSS,PSS,SWAP";
	return growth ? "PID,USER,RSS,PSS,SWAP,OOM_SCORE,OOM_ADJ,CGROUP,LIMIT,COMMAND,GROWTH"
	              : "PID,USER,RSS,PSS,SWAP,OOM_SCORE,OOM_ADJ,CGROUP,LIMIT,COMMAND";
}

static const char *fmt_int(int64_t v, char *buf, size_t sz)
{
	if (v == OOMT_UNKNOWN)
		return "-";
	snprintf(buf, sz, "%" PRId64, v);
	return buf;
}

/* Growth may be negative; the size formatter only takes sizes, so sign it here. */
static const char *fmt_growth(int64_t v, bool bytes, char *buf, size_t sz)
{
	char tmp[32];

	if (v == OOMT_UNKNOWN)
		return "-";
	if (bytes)
		return fmt_int(v, buf, sz);
	snprintf(buf, sz, "%s%s", v < 0 ? "-" : "+",
	         oomt_format_size(v < 0 ? -v : v, tmp, sizeof(tmp)));
	return buf;
}

static const char *group_cell(const struct oomt_topmem_group_row *g, int col, bool bytes,
                              char *buf, size_t sz)
{
	switch (col) {
	case COL_GROUP: return g->key;
	case COL_PROCS: return fmt_int(g->nprocs, buf, sz);
	case COL_RSS: return out_format_size(g->rss_bytes, bytes, buf, sz);
	case COL_PSS: return out_format_size(g->pss_unknown ? OOMT_UNKNOWN : g->pss_bytes, bytes, buf, sz);
	case COL_SWAP: return out_format_size(g->swap_bytes, bytes, buf, sz);
	case COL_GROWTH: return fmt_growth(g->growth_bytes_per_min, bytes, buf, sz);
	default: return "-";
	}
}

static const char *process_cell(const struct oomt_topmem_row *r, int col, bool bytes,
                                char *buf, size_t sz)
{
	switch (col) {
	case COL_PID: return fmt_int(r->pid, buf, sz);
	case COL_USER: return r->user[0] ? r->user : "-";
	case COL_RSS: return out_format_size(r->rss_bytes, bytes, buf, sz);
	case COL_PSS: return out_format_size(r->pss_bytes, bytes, buf, sz);
	case COL_SWAP: return out_format_size(r->swap_bytes, bytes, buf, sz);
	case COL_OOM_SCORE: return fmt_int(r->oom_score, buf, sz);
	case COL_OOM_ADJ: return fmt_int(r->oom_score_adj, buf, sz);
	case COL_CGROUP: return r->cgroup[0] ? r->cgroup : "-";
	case COL_LIMIT: return out_format_size(r->cgroup_limit_bytes, bytes, buf, sz);
	case COL_GROWTH: return fmt_growth(r->growth_bytes_per_min, bytes, buf, sz);
	case COL_NAME: return r->name[0] ? r->name : "-";
	case COL_COMMAND: return r->command[0] ? r->command : "-";
	case COL_PROCS: return "1";
	default: return "-";
	}
}

const char *topmem_cell(const struct oomt_topmem *t, size_t i, int col, bool bytes,
                        char *buf, size_t bufsz)
{
	const struct oomt_topmem_group_row *g = oomt_topmem_group_row(t, i);
	const struct oomt_topmem_row *r = oomt_topmem_row(t, i);

	if (g)
		return group_cell(g, col, bytes, buf, bufsz);
	return r ? process_cell(r, col, bytes, buf, bufsz) : "-";
}

/* "…" where the locale can show it (one column), else "...". */
static const char *ellipsis(size_t *cols)
{
	bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	*cols = utf8 ? 1 : 3;
	return utf8 ? "\xe2\x80\xa6" : "...";
}

const char *topmem_ellipsize(const char *s, size_t width, char *buf, size_t bufsz)
{
	size_t len = strlen(s), ecols, avail, head = 0;
	const char *ell = ellipsis(&ecols), *tail;

	if (len <= width || width == 0)
		return s;
	if (width <= ecols) {
		ell = "";
		ecols = 0;
	}
	avail = width - ecols;
	if (s[0] == '/') {
		const char *slash = strchr(s + 1, '/');
		if (slash && (size_t)(slash - s) + 1 <= avail / 3)
			head = (size_t)(slash - s) + 1;
	}
	tail = s + len - (avail - head);
	while (*tail && ((unsigned char)*tail & 0xc0) == 0x80)   /* not inside a UTF-8 character */
		tail++;
	snprintf(buf, bufsz, "%.*s%s%s", (int)head, s, ell, tail);
	return buf;
}
