/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_TOPMEM_H
#define OOMTOOL_TOPMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/cgroup.h>
#include <oomtool/proc.h>
#include <oomtool/common.h>
#include <oomtool/system-memory.h>

/*
 * The top-mem snapshot: who holds the memory now. One refresh reads the system counters,
 * makes one cheap pass over every process (statm; status, oom_score or cgroup only when the
 * query needs them), ranks, reads PSS (smaps_rollup) only for the candidates that can still
 * reach the top rows, and reads the details of the rows shown; processes that exit between
 * the ranking and their details are replaced from a fresh pass. Grouped (by user, cgroup,
 * unit or command), it sums every matching process instead.
 *
 * A handle keeps the previous pass, so that each refresh after the first also measures
 * growth (RSS + swap per minute): a live view refreshes in a loop; a one-shot sample takes
 * oomt_topmem_baseline, waits, then refreshes.
 *
 * Rows, groups and stats are allocated by the library and valid until the next refresh or
 * oomt_topmem_free. Clients never allocate, copy by value or take sizeof of them; members
 * are only ever appended. Unknown values are OOMT_UNKNOWN; unknown strings are "".
 */

enum oomt_topmem_sort {
	OOMT_TOPMEM_SORT_RSS,
	OOMT_TOPMEM_SORT_PSS,     /* PSS unknown (smaps_rollup refused) ranks by RSS */
	OOMT_TOPMEM_SORT_SWAP,
	OOMT_TOPMEM_SORT_OOM,     /* oom_score */
	OOMT_TOPMEM_SORT_GROWTH,
};

enum oomt_topmem_group {
	OOMT_TOPMEM_GROUP_NONE,
	OOMT_TOPMEM_GROUP_USER,
	OOMT_TOPMEM_GROUP_CGROUP,
	OOMT_TOPMEM_GROUP_UNIT,     /* oomt_cgroup_unit_name of the memory cgroup */
	OOMT_TOPMEM_GROUP_COMMAND,  /* comm name */
};

/* "none", "user", "cgroup", "unit", "command": the --by words and the JSON "by" value. */
const char *oomt_topmem_group_name(enum oomt_topmem_group g);

/* What one refresh selects. Client-allocated: set struct_size = sizeof as compiled; members
 * are only ever appended. */
struct oomt_topmem_query {
	uint32_t struct_size;
	enum oomt_topmem_sort sort;
	enum oomt_topmem_group group;
	size_t count;                /* rows wanted (processes or groups), >= 1 */
	int64_t uid;                 /* only this effective uid, or OOMT_UNKNOWN */
	const int32_t *pids;         /* only these pids (npids of them), or NULL */
	size_t npids;
	const char *cgroup;          /* only this cgroup (v1 memory or v2 path) and below, or NULL */
	const char *match;           /* only processes whose comm name, user name or cgroup
	                                path contains this text, or NULL */
	bool group_pss_unread;       /* grouped: leave every member's PSS unknown instead of
	                                reading all smaps_rollup files (~15 ms per resident GiB:
	                                too slow for a view that refreshes every second or two) */
	bool hide_kernel_threads;    /* leave out the processes without an address space: kernel
	                                threads (and zombies), 0 RSS, never an OOM victim; a pid
	                                named in pids is kept */
};

/* A process row. */
struct oomt_topmem_row {
	int32_t pid;
	int32_t pss_err;                  /* why pss_bytes is unknown (-EACCES, ...), or 0 */
	int64_t uid;                      /* effective uid */
	int64_t rss_bytes;                /* statm resident */
	int64_t pss_bytes;                /* smaps_rollup Pss */
	int64_t swap_bytes;               /* status VmSwap (0 for kernel threads) */
	int64_t oom_score;
	int64_t oom_score_adj;
	int64_t cgroup_limit_bytes;       /* tightest limit of the cgroup and its ancestors */
	int64_t growth_bytes_per_min;     /* RSS (+ swap when measured) change per minute */
	enum oomt_cgroup_version cgroup_version;  /* 0 when no hierarchy applies */
	char user[33];                    /* user name (useradd allows 32 characters), or the
	                                     uid as text; "" when unknown */
	char name[OOMT_PROC_NAME_MAX];    /* comm, raw bytes */
	char command[OOMT_PROC_CMDLINE_MAX];  /* cmdline, or "[comm]" for kernel threads */
	char cgroup[OOMT_PROC_CGROUP_MAX];    /* memory cgroup path (oomt_cgroup_memory_path) */
};

/* A group row: the sums over its members. */
struct oomt_topmem_group_row {
	char *key;
	int64_t nprocs;
	int64_t rss_bytes;
	int64_t pss_bytes;          /* sum over members with a known PSS; a renderer shows the
	                               group's PSS as unknown when pss_unknown > 0 */
	int64_t swap_bytes;         /* OOMT_UNKNOWN when no member's swap is known */
	int64_t growth_bytes_per_min;
	int64_t pss_unknown;        /* members whose PSS could not be read */
};

/* How the last refresh went. */
struct oomt_topmem_stats {
	size_t processes;        /* processes that matched the query in the last pass */
	size_t vanished;         /* exited while being read */
	size_t unreadable;       /* statm not readable (hidepid, EACCES) */
	size_t pss_reads;        /* smaps_rollup files read */
	size_t pss_unknown;      /* of those, refused */
	int pss_err;             /* the first reason a shown PSS is unknown (-EACCES...), or 0 */
	bool pss_budget_hit;     /* PSS read for the largest candidates only: the order of the
	                            last rows is by their RSS bound */
	bool growth;             /* growth was measured (a previous pass existed) */
	int64_t growth_usec;     /* over this interval */
	size_t kernel_threads_hidden;  /* left out by hide_kernel_threads (not in processes) */
};

struct oomt_topmem;

/* Opens <sysroot>/proc (sysroot NULL, "" or "/" = the live system) and the cgroup
 * hierarchies under it (none is fine: no limits then). Returns 0, or -errno when /proc
 * cannot be opened (-EACCES, -ENOENT). */
int oomt_topmem_new(const char *sysroot, struct oomt_topmem **ret);
void oomt_topmem_free(struct oomt_topmem *t);

/* The cheap pass only, kept as the growth baseline of the next refresh (and the system
 * counters: when swap is in use, the passes from here on read every process's swap so that
 * growth counts it). */
int oomt_topmem_baseline(struct oomt_topmem *t, const struct oomt_topmem_query *q);
/* One snapshot. Returns 0, or -errno when /proc cannot be listed (-EINVAL: a bad query). */
int oomt_topmem_refresh(struct oomt_topmem *t, const struct oomt_topmem_query *q);

/* Results of the last refresh. */
enum oomt_topmem_group oomt_topmem_grouped_by(const struct oomt_topmem *t);
size_t oomt_topmem_nrows(const struct oomt_topmem *t);  /* process or group rows */
const struct oomt_topmem_row *oomt_topmem_row(const struct oomt_topmem *t, size_t i);
const struct oomt_topmem_group_row *oomt_topmem_group_row(const struct oomt_topmem *t, size_t i);
const struct oomt_topmem_stats *oomt_topmem_stats(const struct oomt_topmem *t);
/* The system counters read with it; NULL when /proc/meminfo (or PSI) could not be read. */
const struct oomt_system_memory *oomt_topmem_memory(const struct oomt_topmem *t);
const struct oomt_memory_pressure *oomt_topmem_pressure(const struct oomt_topmem *t);

#endif
