/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_LIMITS_INTERNAL_H
#define OOMTOOL_CGROUP_LIMITS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/limits.h>
#include "util/struct-size.h"

/* Internal to liboomtool: the listing's storage and walk (limits.c, limits-gather.c), the
 * parsers of memory.stat, and the plan's facts and pure computation (limits-plan.c), so
 * that unit tests can reach them. */

/* ---- memory.stat (v1 and v2) ---- */

struct oomt_cgroup_stat {
	int64_t anon_bytes;            /* v2 anon, v1 total_rss */
	int64_t file_bytes;            /* v2 file, v1 total_cache */
	int64_t shmem_bytes;           /* v2 shmem, v1 total_shmem */
	int64_t inactive_file_bytes;   /* v2 inactive_file, v1 total_inactive_file */
	int64_t swap_bytes;            /* v1 total_swap (with swap accounting) */
	int64_t hierarchical_limit_bytes;        /* v1 hierarchical_memory_limit */
	int64_t hierarchical_memsw_limit_bytes;  /* v1 hierarchical_memsw_limit */
	bool has_hierarchical_limit;             /* the line was there (unlimited or not) */
	bool has_hierarchical_memsw_limit;       /* ... (only with swap accounting) */
};
/* Fills every member it finds (the others OOMT_UNKNOWN; v1's unlimited sentinel too).
 * (buf, len) need not be NUL-terminated. Returns 0, or -ENODATA when no key is found. */
int oomt_cgroup_parse_stat(const char *buf, size_t len, enum oomt_cgroup_version v,
                           struct oomt_cgroup_stat *ret);
/* The events of v2 memory.events / memory.events.local: each key found, others unknown. */
void oomt_cgroup_parse_events(const char *buf, size_t len, struct oomt_limits_events *ret);

/* ---- the listing ---- */

/* A row and what only the library needs. */
struct oomt_limits_node {
	struct oomt_limits_row row;
	size_t walk_parent;        /* index of the parent node, OOMT_LIMITS_NO_PARENT */
	bool workload_root;        /* the first cgroup of its workload on the way down */
	bool selected;
};

#define OOMT_LIMITS_CHUNK 128
#define OOMT_LIMITS_MAX_DEPTH 64

struct oomt_limits_arena;
struct oomt_limits_procs;

struct oomt_limits {
	char *sysroot;                     /* NULL: the live system */
	struct oomt_cgroup_fs *fs;
	struct oomt_cgroup_names *names;
	struct oomt_limits_node **chunks;  /* nodes in walk order, OOMT_LIMITS_CHUNK a chunk */
	size_t nchunks, nnodes;
	struct oomt_limits_arena *arena;   /* their strings */
	struct oomt_limits_procs *procs;   /* processes per cgroup from /proc, or NULL */
	size_t *listing;                   /* node indexes in listing order */
	size_t nlisting;
	struct oomt_limits_stats stats;
};

static inline struct oomt_limits_node *oomt_limits_node(const struct oomt_limits *l, size_t i)
{
	return &l->chunks[i / OOMT_LIMITS_CHUNK][i % OOMT_LIMITS_CHUNK];
}

/* Reads every memory cgroup of every hierarchy (below q->cgroup when given) into l's
 * nodes, in walk order. */
int oomt_limits_gather(struct oomt_limits *l, const char *cgroup);
/* Processes per memory cgroup path from <sysroot>/proc/PID/cgroup (limits-procs.c): 0 with
 * *ret, or -errno when /proc cannot show every process (absent, hidepid, unreadable): then
 * count each cgroup's cgroup.procs. */
int oomt_limits_procs_scan(const char *sysroot, struct oomt_limits_procs **ret);
int64_t oomt_limits_procs_count(const struct oomt_limits_procs *p, enum oomt_cgroup_version v,
                                const char *path);
void oomt_limits_procs_free(struct oomt_limits_procs *p);

/* A string kept until the next gather; "" for NULL or empty. NULL when out of memory. */
const char *oomt_limits_strdup(struct oomt_limits *l, const char *s);
/* The selectors (limits.h), for the listing and for the target of a plan: a container by
 * id prefix (4+ hex digits) or name; a pod by name, "<namespace>/<name>", uid or
 * "pod<uid>". */
bool oomt_limits_match_container(const struct oomt_limits_row *r, const char *sel);
bool oomt_limits_match_pod(const struct oomt_limits_row *r, const char *sel);

/* ---- the plan ---- */

/* What the plan is computed from: read by oomt_limits_plan_new, or built by a test. */
struct oomt_limits_facts {
	/* the target */
	size_t nmatches;                     /* cgroups the target names */
	char match_paths[4][256];            /* the first of them, for the refusal */
	bool given_as_path;
	char path[OOMT_LIMITS_PATH_MAX];
	char name[384];
	enum oomt_limits_kind kind;
	enum oomt_cgroup_version version;
	enum oomt_container_runtime runtime;
	char unit[256];
	char container_id[80];
	bool in_pod;
	bool user_manager;                   /* below a user@UID.service */
	char dir[OOMT_LIMITS_PATH_MAX - 64];  /* its directory (under the sysroot) */
	bool writable;                       /* its limit file can be written */
	/* now (OOMT_UNKNOWN: not known; OOMT_LIMITS_UNLIMITED: no limit) */
	int64_t current_bytes;
	int64_t swap_current_bytes;
	int64_t max_bytes;
	int64_t high_bytes;                  /* v2 */
	int64_t swap_max_bytes;              /* v2 */
	int64_t memsw_max_bytes;             /* v1 */
	bool has_high, has_swap_max, has_memsw;   /* the files exist */
	/* the managers */
	bool systemd_running;                /* <sysroot>/run/systemd/system */
	int systemd_version;                 /* "systemctl --version"; 0 unknown */
	char systemctl[OOMT_LIMITS_PATH_MAX];  /* found in the search path, or "" */
	char docker[OOMT_LIMITS_PATH_MAX];
	int64_t page_size_bytes;
};

/* Pure: the plan for req from f. Returns 0 with *ret, or -EINVAL, -ENOMEM. */
int oomt_limits_plan_compute(const struct oomt_limits_facts *f,
                             const struct oomt_limits_request *req,
                             struct oomt_limits_plan **ret);
/* The request's first version's size. */
#define OOMT_LIMITS_REQUEST_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_limits_request, search_path)

/* The executor's seam for tests: every command and every file write goes through these
 * (NULL members: the real thing). */
struct oomt_limits_apply_hooks {
	int (*run)(void *userdata, const char *const *argv, char *detail, size_t detailsz);
	int (*write)(void *userdata, const char *file, const char *value);
	void *userdata;
};
int oomt_limits_apply_hooked(const struct oomt_limits_plan *plan,
                             const struct oomt_limits_apply_opts *opts,
                             const struct oomt_limits_apply_hooks *hooks,
                             struct oomt_limits_result **ret);

#endif
