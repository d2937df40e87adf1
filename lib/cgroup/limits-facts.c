/* SPDX-License-Identifier: MIT */
/*
 * The facts of a `limits set` plan: which memory cgroup the target names (through the
 * listing, so that a target is found by the same names `oomtool limits` shows), its limits
 * and usage read fresh from its files, and the managers on this machine (systemd running,
 * systemctl and docker in the search path, systemd's version on cgroup v1). Then the pure
 * computation of limits-plan.c. Also the advice line explain-kill prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <oomtool/limits.h>
#include <oomtool/system.h>
#include "cgroup/command.h"
#include "cgroup/fs.h"
#include "cgroup/limits-internal.h"
#include "cgroup/parse.h"
#include "util/file.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"

#define DEFAULT_SEARCH_PATH "/usr/sbin:/usr/bin:/sbin:/bin"
#define VERSION_TIMEOUT_MS 10000

/* ---- which cgroup ---- */

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* "<namespace>/<pod>/<container>" or "<pod>/<container>" of a pod's container. */
static bool pod_container_is(const struct oomt_limits_row *r, const char *t)
{
	char buf[512];

	if (!r->pod_name[0] || !r->container_name[0])
		return false;
	snprintf(buf, sizeof(buf), "%s/%s/%s", r->pod_namespace, r->pod_name, r->container_name);
	if (strcmp(buf, t) == 0)
		return true;
	snprintf(buf, sizeof(buf), "%s/%s", r->pod_name, r->container_name);
	return strcmp(buf, t) == 0;
}

static bool names_target(const struct oomt_limits_node *nd, const char *t)
{
	const struct oomt_limits_row *r = &nd->row;
	char service[300];

	if (!nd->workload_root)
		return false;   /* a cgroup inside a workload's: only by its path */
	if (strcmp(r->name, t) == 0)
		return true;
	if (r->unit[0] && strcmp(basename_of(r->path), r->unit) == 0) {
		snprintf(service, sizeof(service), "%s.service", t);
		if (strcmp(r->unit, t) == 0 || (!strchr(t, '.') && strcmp(r->unit, service) == 0))
			return true;
	}
	if (r->kind == OOMT_LIMITS_KIND_SLICE && strcmp(basename_of(r->path), t) == 0)
		return true;
	if (r->kind == OOMT_LIMITS_KIND_CONTAINER &&
	    (oomt_limits_match_container(r, t) || pod_container_is(r, t)))
		return true;
	return r->kind == OOMT_LIMITS_KIND_POD && oomt_limits_match_pod(r, t);
}

static void add_match(struct oomt_limits_facts *f, const struct oomt_limits_node *nd,
                      const struct oomt_limits_node **first)
{
	if (f->nmatches < 4)
		snprintf(f->match_paths[f->nmatches], sizeof(f->match_paths[0]), "%s", nd->row.path);
	if (!*first)
		*first = nd;
	f->nmatches++;
}

/* The node the target names, or NULL (f->nmatches says why). */
static const struct oomt_limits_node *find_target(struct oomt_limits *l, const char *t,
                                                  struct oomt_limits_facts *f)
{
	const struct oomt_limits_node *first = NULL;
	char path[OOMT_LIMITS_PATH_MAX];
	size_t len;

	f->given_as_path = t[0] == '/';
	if (f->given_as_path) {
		snprintf(path, sizeof(path), "%s", t);
		len = strlen(path);
		while (len > 1 && path[len - 1] == '/')
			path[--len] = '\0';
		/* the same path in both hierarchies (a fixture): v1 governs, as for processes */
		for (size_t i = 0; i < l->nnodes && !first; i++)
			if (strcmp(oomt_limits_node(l, i)->row.path, path) == 0)
				add_match(f, oomt_limits_node(l, i), &first);
		return first;
	}
	for (size_t i = 0; i < l->nnodes; i++)
		if (names_target(oomt_limits_node(l, i), t))
			add_match(f, oomt_limits_node(l, i), &first);
	return f->nmatches == 1 ? first : NULL;
}

/* ---- its values, fresh ---- */

/* A limit file: OOMT_LIMITS_UNLIMITED for none; false when it cannot be read. */
static bool read_limit(int dfd, const char *name, int64_t *ret)
{
	char buf[64];
	size_t len;
	int64_t v;

	if (oomt_file_read_at(dfd, name, buf, sizeof(buf), &len, NULL) < 0 ||
	    oomt_cgroup_parse_limit(buf, len, &v) < 0)
		return false;
	*ret = v == OOMT_UNKNOWN ? OOMT_LIMITS_UNLIMITED : v;
	return true;
}

static void read_values(const struct oomt_limits *l, const struct oomt_limits_row *r,
                        struct oomt_limits_facts *f)
{
	int rootfd = oomt_cgroup_fs_dirfd(l->fs, r->version);
	const char *rel = r->path[1] ? r->path + 1 : ".";
	bool v1 = r->version == OOMT_CGROUP_V1;
	int dfd = openat(rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int64_t usage, memsw_usage;

	snprintf(f->dir, sizeof(f->dir), "%s%s", oomt_cgroup_fs_dir(l->fs, r->version),
	         r->path[1] ? r->path : "");
	f->current_bytes = r->current_bytes;
	f->swap_current_bytes = r->swap_current_bytes;
	if (dfd < 0)
		return;
	if (read_limit(dfd, v1 ? "memory.usage_in_bytes" : "memory.current", &usage) &&
	    usage != OOMT_LIMITS_UNLIMITED)
		f->current_bytes = usage;
	read_limit(dfd, v1 ? "memory.limit_in_bytes" : "memory.max", &f->max_bytes);
	if (v1) {
		f->has_memsw = read_limit(dfd, "memory.memsw.limit_in_bytes", &f->memsw_max_bytes);
		if (f->has_memsw && f->current_bytes != OOMT_UNKNOWN &&
		    read_limit(dfd, "memory.memsw.usage_in_bytes", &memsw_usage) &&
		    memsw_usage != OOMT_LIMITS_UNLIMITED)
			f->swap_current_bytes = memsw_usage > f->current_bytes
			                        ? memsw_usage - f->current_bytes : 0;
	} else {
		f->has_high = read_limit(dfd, "memory.high", &f->high_bytes);
		f->has_swap_max = read_limit(dfd, "memory.swap.max", &f->swap_max_bytes);
	}
	f->writable = faccessat(dfd, v1 ? "memory.limit_in_bytes" : "memory.max", W_OK,
	                        AT_EACCESS) == 0;
	close(dfd);
}

/* ---- the managers ---- */

static bool systemd_running(const char *sysroot)
{
	char path[PATH_MAX];
	struct stat st;

	/* sd_booted(3): systemd creates this directory early at boot */
	return oomt_sysroot_join(sysroot, "run/systemd/system", path, sizeof(path)) == 0 &&
	       lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* "systemd 249 (249.11-0ubuntu3)" -> 249; 0 when it cannot be learned. */
static int systemd_version(const char *systemctl)
{
	const char *argv[] = { systemctl, "--version", NULL };
	struct oomt_command_result res;
	int v = 0;

	if (oomt_command_run(argv, NULL, VERSION_TIMEOUT_MS, &res) < 0 || res.exit_status != 0 ||
	    sscanf(res.output, "systemd %d", &v) != 1 || v < 0)
		return 0;
	return v;
}

/* Below a user's service manager ("/user.slice/user-1000.slice/user@1000.service/..."). */
static bool under_user_manager(const char *path)
{
	const char *p = strstr(path, "/user@");

	return p && strstr(p, ".service/") != NULL;
}

static void manager_facts(const char *sysroot, const struct oomt_limits_request *req,
                          const struct oomt_limits_row *r, struct oomt_limits_facts *f)
{
	const char *search = req->search_path ? req->search_path : DEFAULT_SEARCH_PATH;

	f->systemd_running = systemd_running(sysroot);
	if (oomt_command_find("systemctl", search, f->systemctl, sizeof(f->systemctl)) < 0)
		f->systemctl[0] = '\0';
	if (oomt_command_find("docker", search, f->docker, sizeof(f->docker)) < 0)
		f->docker[0] = '\0';
	f->user_manager = under_user_manager(r->path);
	/* only where it decides MemoryLimit= or MemoryMax=: a unit on cgroup v1 */
	if (r->version == OOMT_CGROUP_V1 && f->systemd_running && f->systemctl[0] &&
	    !f->given_as_path && !f->in_pod &&
	    (r->kind == OOMT_LIMITS_KIND_UNIT || r->kind == OOMT_LIMITS_KIND_SLICE))
		f->systemd_version = systemd_version(f->systemctl);
}

static void target_facts(const struct oomt_limits_row *r, struct oomt_limits_facts *f)
{
	snprintf(f->path, sizeof(f->path), "%s", r->path);
	snprintf(f->name, sizeof(f->name), "%s", r->name);
	f->kind = r->kind;
	f->version = r->version;
	f->runtime = r->runtime;
	f->in_pod = r->pod_uid[0] != '\0';
	snprintf(f->container_id, sizeof(f->container_id), "%s", r->container_id);
	/* the unit systemctl is told: a service or scope, or the slice itself */
	snprintf(f->unit, sizeof(f->unit), "%s",
	         r->kind == OOMT_LIMITS_KIND_SLICE ? basename_of(r->path) : r->unit);
}

static int gather(const char *sysroot, const struct oomt_limits_request *req,
                  struct oomt_limits_facts *f)
{
	struct oomt_limits_query q = { .struct_size = sizeof(q), .all = true };
	const struct oomt_limits_node *nd;
	struct oomt_limits *l;
	int r = oomt_limits_new(sysroot, &l);

	if (r < 0)
		return r;
	memset(f, 0, sizeof(*f));
	f->current_bytes = f->swap_current_bytes = f->max_bytes = f->high_bytes = OOMT_UNKNOWN;
	f->swap_max_bytes = f->memsw_max_bytes = OOMT_UNKNOWN;
	f->page_size_bytes = oomt_page_size();
	/* a path needs only its subtree (and the limits above it) */
	if (req->target[0] == '/')
		q.cgroup = req->target;
	r = oomt_limits_refresh(l, &q);
	if (r == -ENOENT || r == -ENOTDIR || r == -EINVAL) {
		f->given_as_path = req->target[0] == '/';
		oomt_limits_free(l);
		return 0;   /* not found: the plan refuses */
	}
	if (r < 0) {
		oomt_limits_free(l);
		return r;
	}
	nd = find_target(l, req->target, f);
	if (nd) {
		target_facts(&nd->row, f);
		read_values(l, &nd->row, f);
		manager_facts(sysroot, req, &nd->row, f);
	}
	oomt_limits_free(l);
	return 0;
}

int oomt_limits_plan_new(const char *sysroot, const struct oomt_limits_request *req,
                         struct oomt_limits_plan **ret)
{
	struct oomt_limits_facts *f;
	int r;

	if (oomt_struct_size_check(req, OOMT_LIMITS_REQUEST_SIZE_V1) < 0 || !req->target ||
	    !req->target[0] || !ret)
		return -EINVAL;
	if (!(f = malloc(sizeof(*f))))
		return -ENOMEM;
	r = gather(sysroot, req, f);
	if (r == 0)
		r = oomt_limits_plan_compute(f, req, ret);
	free(f);
	return r;
}

void oomt_limits_plan_free(struct oomt_limits_plan *p)
{
	free(p);
}

/* ---- advice ---- */

const char *oomt_limits_set_command(struct oomt_cgroup_names *names, const char *cgroup,
                                    int64_t limit_bytes, char *buf, size_t bufsz)
{
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
	const char *last = cgroup ? basename_of(cgroup) : "";
	char target[600], size[32], id[16];

	if (bufsz == 0)
		return buf;
	if (!cgroup || oomt_cgroup_workload_lookup(names, cgroup, &w) < 0)
		w.kind = OOMT_WORKLOAD_OTHER;
	snprintf(target, sizeof(target), "%s", cgroup && *cgroup ? cgroup : "/");
	/* a name only when it is the workload's own cgroup (a limit lower down is another),
	 * and PID 1's unit: a user manager's unit is known by its path */
	if (w.kind == OOMT_WORKLOAD_UNIT && strcmp(last, w.unit) == 0 &&
	    w.user_uid == OOMT_UNKNOWN) {
		snprintf(target, sizeof(target), "%s", w.unit);
	} else if (w.kind == OOMT_WORKLOAD_CONTAINER && w.container_id[0] &&
	           strstr(last, w.container_id)) {
		snprintf(id, sizeof(id), "%.12s", w.container_id);
		snprintf(target, sizeof(target), "%s", w.container_name[0] ? w.container_name : id);
	} else if (w.kind == OOMT_WORKLOAD_POD && w.pod_name[0] &&
	           (w.container_id[0] ? w.container_name[0] && strstr(last, w.container_id)
	                              : strstr(last, "pod") != NULL)) {
		oomt_cgroup_workload_name(&w, cgroup, target, sizeof(target));
	}
	if (limit_bytes == OOMT_UNKNOWN || limit_bytes <= 0)
		snprintf(size, sizeof(size), "SIZE");
	else
		snprintf(size, sizeof(size), "%" PRId64 "M",
		         (limit_bytes + (INT64_C(1) << 20) - 1) >> 20);
	snprintf(buf, bufsz, "oomtool limits set %s %s", target, size);
	return buf;
}
