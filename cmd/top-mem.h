/* SPDX-License-Identifier: MIT */
/* Shared by the top-mem snapshot (top-mem.c), its data/format helpers (top-mem-data.c) and
 * the live view (top-mem-tui.c): one column table, one cell formatter. */
#ifndef OOMTOOL_CMD_TOP_MEM_H
#define OOMTOOL_CMD_TOP_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/cgroup.h>
#include <oomtool/proc-scan.h>
#include <oomtool/topmem.h>
#include "output.h"

enum {
	COL_PID, COL_USER, COL_RSS, COL_PSS, COL_SWAP, COL_OOM_SCORE, COL_OOM_ADJ, COL_CGROUP,
	COL_LIMIT, COL_GROWTH, COL_NAME, COL_COMMAND, COL_GROUP, COL_PROCS,
};
extern const struct out_column topmem_columns[];
extern const size_t topmem_ncolumns;

#define TOPMEM_DEFAULT_COLUMNS "PID,USER,RSS,PSS,SWAP,OOM_SCORE,OOM_ADJ,CGROUP,LIMIT,COMMAND"
#define TOPMEM_GROUP_COLUMNS "GROUP,PROCS,RSS,PSS,SWAP"

struct topmem_user_cache {
	int64_t uid[32];
	char name[32][33];
	size_t n, next;
};

struct topmem_ctx {
	const char *sysroot;     /* NULL: the live system */
	int procfd;
	struct oomt_cgroup_fs cgfs;
	long page_size;
	enum oomt_topmem_sort sort;
	enum oomt_topmem_group group;
	size_t count;
	int64_t uid;             /* -u, or OOMT_UNKNOWN */
	int32_t *pids;           /* -p */
	size_t npids;
	const char *cgroup;      /* --cgroup */
	int ids[64];             /* selected columns */
	size_t nids;
	bool columns_given;       /* -o: the live view keeps them */
	bool bytes;
	double interval;         /* --watch refresh, seconds */
	bool procps_unloaded;    /* after the first topmem_system_read: lib/proc's readers */
	struct topmem_user_cache users;
};

struct topmem_system {
	struct oomt_proc_meminfo mem;
	struct oomt_pressure psi;
	bool has_mem;
	bool has_psi;
	int64_t oom_kill;        /* OOMT_UNKNOWN when the kernel does not count */
};

/* One shown row: a process (p + d) or a group (g). */
struct topmem_row {
	const struct oomt_topmem_proc *p;
	const struct oomt_proc_details *d;
	const struct oomt_topmem_group_row *g;
	const char *user;
};

const char *topmem_cell(const struct topmem_row *r, int col, bool bytes, char *buf, size_t sz);
const char *topmem_user(struct topmem_ctx *c, int64_t uid, char *buf, size_t sz);
int topmem_system_read(struct topmem_ctx *c, struct topmem_system *s);
void topmem_system_line(const struct topmem_system *s, char *buf, size_t sz);
/* The --by key of p (reads status/cgroup); -ENOENT/-ESRCH when p vanished. */
int topmem_group_key(struct topmem_ctx *c, enum oomt_topmem_group g,
                     const struct oomt_topmem_proc *p, char *buf, size_t sz);
struct oomt_proc_scan_opts topmem_scan_opts(const struct topmem_ctx *c, bool want_status);
/* Smaps reads allowed for one PSS selection (bounds the pruning's worst case). */
size_t topmem_pss_budget(size_t count);
const char *topmem_sort_name(enum oomt_topmem_sort s);
const char *topmem_group_name(enum oomt_topmem_group g);

int topmem_tui_run(struct topmem_ctx *c);

#endif
