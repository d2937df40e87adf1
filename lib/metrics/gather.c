/* SPDX-License-Identifier: MIT */
/*
 * One metrics run (oomt_metrics_gather): the state, then every source once, then the new
 * state. Each source's failure is recorded under its label and the others are read:
 *   state       the state file (unreadable, corrupt, another machine's; or not saved)
 *   journal, kmsg, logfiles   the scan's sources
 *   accounting  the kernel's kill counters (/proc/vmstat, the cgroups' counters)
 *   cgroups     the memory cgroups (oomtool/limits.h)
 *   memory      /proc/meminfo
 *   pressure    /proc/pressure/memory
 *   watch       the watcher's state file (one that is not there is no error: no watcher)
 *
 * Which incidents count as kills: the kernel's when it named a victim and did not panic
 * (the accounting's rule); a userspace killer's when it named a victim process or cgroup.
 * This boot's are counted (oomt_scan_event_this_boot()), the last kill is of any boot.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <oomtool/cgroup.h>
#include <oomtool/limits.h>
#include <oomtool/system.h>
#include <oomtool/watch.h>
#include "metrics/metrics-internal.h"
#include "util/file.h"
#include "util/sysroot-file.h"

static int64_t wall_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* <sysroot>/etc/machine-id: 32 hex digits, else "". */
static void machine_id_read(const char *sysroot, char *buf, size_t sz)
{
	char path[4096], text[64];
	size_t len = 0, hex = 0;

	buf[0] = '\0';
	if (oomt_sysroot_join(sysroot, "etc/machine-id", path, sizeof(path)) < 0 ||
	    oomt_file_read_at(-1, path, text, sizeof(text), &len, NULL) < 0)
		return;
	while (hex < len && ((text[hex] >= '0' && text[hex] <= '9') ||
	                     (text[hex] >= 'a' && text[hex] <= 'f')))
		hex++;
	if (hex == 32 && sz > 32) {
		memcpy(buf, text, 32);
		buf[32] = '\0';
	}
}

/* ---- the state ---- */

static int load_state(struct oomt_metrics *m, const char *machine_id, const char *boot_id)
{
	struct oomt_metrics_status *s = &m->status;
	char *buf = NULL;
	size_t len = 0;
	int r;

	if (!m->state_path[0]) {
		s->state = OOMT_METRICS_STATE_DISABLED;
		return 0;
	}
	r = oomt_file_read_all(m->state_path, METRICS_STATE_MAX_BYTES, &buf, &len);
	if (r == -ENOENT) {
		s->state = OOMT_METRICS_STATE_NONE;
		return 0;
	}
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		s->state = r == -EFBIG ? OOMT_METRICS_STATE_CORRUPT : OOMT_METRICS_STATE_UNREADABLE;
		s->state_error = r == -EFBIG ? -EINVAL : r;
		return oomt_metrics_error_add(m, "state", m->state_path, s->state_error);
	}
	r = oomt_metrics_state_parse(buf, len, &m->st);
	free(buf);
	if (r == -ENOMEM)
		return r;
	if (r == 0 && m->st.machine_id[0] && machine_id[0] &&
	    strcmp(m->st.machine_id, machine_id) != 0)
		r = -EXDEV;         /* another machine's (a copied disk, a restored backup) */
	if (r < 0) {
		oomt_metrics_state_done(&m->st);
		s->state = r == -EINVAL ? OOMT_METRICS_STATE_CORRUPT : OOMT_METRICS_STATE_FOREIGN;
		s->state_error = r == -EPROTO ? -EXDEV : r;
		return oomt_metrics_error_add(m, "state", m->state_path, s->state_error);
	}
	if (boot_id[0] && strcmp(m->st.boot_id, boot_id) != 0) {
		s->state = OOMT_METRICS_STATE_NEW_BOOT;
		oomt_metrics_state_new_boot(&m->st);
	} else {
		s->state = OOMT_METRICS_STATE_LOADED;
	}
	return 0;
}

/* mkdir -p of path's directory (two levels at most: <sysroot>/var/lib/oomtool). */
static void make_parent(const char *path)
{
	char dir[4096], *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0755) == 0 || errno != ENOENT)
		return;
	make_parent(dir);
	(void)mkdir(dir, 0755);
}

static int save_state(struct oomt_metrics *m, const struct oomt_scan_positions *pos)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int r;

	if (!m->state_path[0])
		return 0;
	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	r = oomt_metrics_state_write(&m->st, pos, f);
	if (fclose(f) != 0 && r == 0)
		r = -ENOMEM;
	if (r == 0) {
		make_parent(m->state_path);
		r = oomt_file_write_atomic(m->state_path, text, len, 0644);
	}
	free(text);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		m->status.state_save_error = r;
		return oomt_metrics_error_add(m, "state", m->state_path, r);
	}
	return 0;
}

/* ---- the logs ---- */

static bool is_kill(const struct oomt_event *ev)
{
	if (ev->kind != OOMT_KIND_OOM_KILL)
		return false;
	if (ev->killer == OOMT_KILLER_KERNEL)
		return ev->victim.pid != OOMT_UNKNOWN && !strstr(ev->outcome, "panic");
	return ev->victim.pid != OOMT_UNKNOWN || ev->task_memcg[0] || ev->oom_memcg[0] ||
	       ev->unit[0];
}

static const char *wkind_name(enum oomt_workload_kind k)
{
	switch (k) {
	case OOMT_WORKLOAD_UNIT: return "unit";
	case OOMT_WORKLOAD_CONTAINER: return "container";
	case OOMT_WORKLOAD_POD: return "pod";
	case OOMT_WORKLOAD_SLICE: return "slice";
	case OOMT_WORKLOAD_SYSTEM_CONTAINER: return "lxc";
	case OOMT_WORKLOAD_SLURM_JOB: return "job";
	case OOMT_WORKLOAD_OTHER: return "cgroup";
	}
	return "cgroup";
}

/* The workload of a kill: its victim's cgroup (else the OOM cgroup, else the unit systemd
 * named) by the library's one mapping; "unknown" when the log names none. */
static void kill_workload(struct oomt_cgroup_names *names, const struct oomt_event *ev,
                          const char **ret_kind, char *name, size_t sz)
{
	const char *path = ev->task_memcg[0] ? ev->task_memcg : ev->oom_memcg;
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };

	if (!path[0] && ev->unit[0]) {
		*ret_kind = "unit";
		snprintf(name, sz, "%s", ev->unit);
		return;
	}
	if (!path[0] || oomt_cgroup_workload_lookup(names, path, &w) < 0) {
		*ret_kind = "unknown";
		snprintf(name, sz, "unknown");
		return;
	}
	*ret_kind = wkind_name(w.kind);
	oomt_cgroup_workload_name(&w, path, name, sz);
}

static void note_last(struct oomt_metrics_last_kill *l, const struct oomt_event *ev,
                      const char *killer, const char *scope, const char *wkind,
                      const char *workload)
{
	if (l->known && (ev->time_usec == OOMT_UNKNOWN ||
	                 (l->time_usec != OOMT_UNKNOWN && ev->time_usec < l->time_usec)))
		return;
	l->known = true;
	l->time_usec = ev->time_usec;
	snprintf(l->killer, sizeof(l->killer), "%s", killer);
	snprintf(l->scope, sizeof(l->scope), "%s", scope);
	snprintf(l->victim, sizeof(l->victim), "%s",
	         ev->victim.comm[0] ? ev->victim.comm : "unknown");
	snprintf(l->workload_kind, sizeof(l->workload_kind), "%s", wkind);
	snprintf(l->workload, sizeof(l->workload), "%s", workload);
}

static const char *source_label(const struct oomt_scan_source *st)
{
	switch (st->kind) {
	case OOMT_SCAN_SOURCE_JOURNAL: return "journal";
	case OOMT_SCAN_SOURCE_KMSG: return "kmsg";
	case OOMT_SCAN_SOURCE_FILE: return "logfiles";
	}
	return "logfiles";
}

static int count_incidents(struct oomt_metrics *m, struct oomt_scan *s)
{
	struct oomt_cgroup_names *names = NULL;
	size_t n = oomt_scan_count(s);
	int r = 0;

	if (n && (r = oomt_cgroup_names_new(m->sysroot, &names)) < 0)
		return r;
	for (size_t i = 0; i < n && r == 0; i++) {
		const struct oomt_event *ev;
		const char *killer, *scope, *wkind;
		char workload[METRICS_LABEL_MAX];
		int boot;

		if ((r = oomt_scan_event(s, i, OOMT_SCAN_EVENT_NO_TASKS, &ev)) < 0)
			break;
		if (!is_kill(ev))
			continue;
		killer = oomt_killer_name(ev->killer);
		scope = oomt_scope_name(ev->scope);
		if (!scope)
			scope = "unknown";
		kill_workload(names, ev, &wkind, workload, sizeof(workload));
		note_last(&m->st.last, ev, killer, scope, wkind, workload);
		/* without the boot's facts (a dead machine's files) every kill counts */
		boot = oomt_scan_event_this_boot(s, i);
		if (boot != 0)
			r = oomt_metrics_state_count(&m->st, killer, scope, wkind, workload,
			                             ev->time_usec);
	}
	oomt_cgroup_names_free(names);
	return r;
}

static int read_logs(struct oomt_metrics *m)
{
	struct oomt_scan_opts o = { .struct_size = sizeof(o), .sysroot = m->sysroot,
	                            .tmp_dir = m->tmp_dir, .task_rows = OOMT_SCAN_TASK_ROWS_NONE,
	                            .accounting = true };
	struct oomt_scan_positions *fresh = NULL;
	const struct oomt_scan_positions *reached = NULL;
	const struct oomt_scan_accounting *a;
	struct oomt_scan *s = NULL;
	int r;

	/* positions from the state, else an empty set: the first run reads everything */
	if (m->st.pos) {
		o.resume = m->st.pos;
		m->status.incremental = true;
	} else {
		if ((r = oomt_scan_positions_new(&fresh)) < 0)
			return r;
		o.resume = fresh;
	}
	r = oomt_scan_new(&o, &s);
	if (r == 0)
		r = oomt_scan_add_host(s);
	if (r == 0)
		r = oomt_scan_run(s);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < oomt_scan_source_count(s); i++) {
		const struct oomt_scan_source *st = oomt_scan_source_get(s, i);

		if (st->error && (r = oomt_metrics_error_add(m, source_label(st), st->name,
		                                             st->error)) < 0)
			goto out;
	}
	m->status.incidents = oomt_scan_count(s);
	if ((r = count_incidents(m, s)) < 0)
		goto out;
	oomt_metrics_state_label(&m->st, m->max_workloads);
	r = oomt_scan_accounting(s, &a);
	if (r == -ENODATA) {
		r = 0;                    /* this kernel or sysroot does not count kills */
	} else if (r == 0) {
		m->have_accounting = true;
		m->kernel_oom_kills = a->kernel_oom_kills;
		m->st.logged_kills += a->logged_kills;
		m->st.suppressed_headers += a->suppressed_headers;
		m->st.unattributed_kills += a->unattributed_kills;
		if (a->boot_time_usec != OOMT_UNKNOWN)
			m->st.boot_time_usec = a->boot_time_usec;
	} else if ((r = oomt_metrics_error_add(m, "accounting", "", r)) < 0) {
		goto out;
	}
	/* the state goes with the positions it was counted to, while the scan holds them */
	m->st.saved_usec = wall_usec();
	r = oomt_scan_positions_reached(s, &reached);
	if (r == 0)
		r = save_state(m, reached);
out:
	oomt_scan_free(s);
	oomt_scan_positions_free(fresh);
	return r;
}

/* ---- the cgroups ---- */

static int read_cgroups(struct oomt_metrics *m)
{
	struct oomt_limits_query q = { .struct_size = sizeof(q) };
	struct oomt_limits *l = NULL;
	size_t n;
	int r;

	r = oomt_limits_new(m->sysroot, &l);
	if (r == -ENOENT)
		return 0;                 /* no memory controller: no cgroups to show */
	if (r == 0)
		r = oomt_limits_refresh(l, &q);
	if (r < 0) {
		oomt_limits_free(l);
		return r == -ENOMEM ? r : oomt_metrics_error_add(m, "cgroups", "", r);
	}
	n = oomt_limits_nrows(l);
	m->cgroups = calloc(n ? n : 1, sizeof(*m->cgroups));
	if (!m->cgroups) {
		oomt_limits_free(l);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const struct oomt_limits_row *row = oomt_limits_row(l, i);
		struct oomt_metrics_cgroup *c = &m->cgroups[m->n_cgroups];

		/* a limit of its own, and the numbers to compare it with */
		if (!row || row->max_bytes == OOMT_UNKNOWN || row->effective_max_bytes == OOMT_UNKNOWN ||
		    row->effective_max_bytes <= 0 || row->current_bytes == OOMT_UNKNOWN)
			continue;
		c->path = strdup(row->path);
		c->name = strdup(row->name[0] ? row->name : row->path);
		if (!c->path || !c->name) {
			free(c->path);
			free(c->name);
			oomt_limits_free(l);
			return -ENOMEM;
		}
		c->kind = oomt_limits_kind_name(row->kind);
		c->usage_bytes = row->current_bytes;
		c->working_set_bytes = row->working_set_bytes != OOMT_UNKNOWN ? row->working_set_bytes
		                                                             : row->current_bytes;
		c->limit_bytes = row->effective_max_bytes;
		c->oom_kills = row->events.oom_kill != OOMT_UNKNOWN ? row->events.oom_kill
		                                                    : row->events_local.oom_kill;
		c->psi_some_usec = row->psi_some_total_usec;
		c->psi_full_usec = row->psi_full_total_usec;
		m->n_cgroups++;
	}
	oomt_limits_free(l);
	return 0;
}

/* ---- the host ---- */

static int read_host(struct oomt_metrics *m)
{
	int r;

	m->mem = (struct oomt_system_memory){ .struct_size = sizeof(m->mem) };
	r = oomt_system_memory_read(m->sysroot, &m->mem);
	if (r == 0)
		m->have_mem = true;
	else if ((r = oomt_metrics_error_add(m, "memory", "", r)) < 0)
		return r;
	m->psi = (struct oomt_memory_pressure){ .struct_size = sizeof(m->psi) };
	r = oomt_system_pressure_read(m->sysroot, &m->psi);
	if (r == 0)
		m->have_psi = true;
	else if (r != -ENOENT && r != -EOPNOTSUPP &&
	         (r = oomt_metrics_error_add(m, "pressure", "", r)) < 0)
		return r;
	return 0;
}

/* ---- the watcher ---- */

static int read_watch(struct oomt_metrics *m)
{
	struct oomt_watch_state *ws = NULL;
	int r;

	if (!m->watch_state_path[0])
		return 0;
	r = oomt_watch_state_read(m->watch_state_path, &ws);
	if (r == -ENOENT)
		return 0;                 /* no watcher runs */
	if (r < 0)
		return r == -ENOMEM ? r : oomt_metrics_error_add(m, "watch", m->watch_state_path, r);
	if (!oomt_watch_state_fresh(ws, wall_usec())) {
		oomt_watch_state_free(ws);
		return 0;                 /* a watcher that stopped without removing it */
	}
	m->watch_up = true;
	m->etas = calloc(ws->n_scopes ? ws->n_scopes : 1, sizeof(*m->etas));
	if (!m->etas) {
		oomt_watch_state_free(ws);
		return -ENOMEM;
	}
	for (size_t i = 0; i < ws->n_scopes; i++) {
		const struct oomt_watch_state_scope *sc = &ws->scopes[i];
		struct oomt_metrics_eta *e = &m->etas[m->n_etas];

		if (sc->eta_sec == OOMT_UNKNOWN)
			continue;
		e->scope = strdup(sc->scope);
		e->name = strdup(sc->name[0] ? sc->name : sc->scope);
		if (!e->scope || !e->name) {
			free(e->scope);
			free(e->name);
			oomt_watch_state_free(ws);
			return -ENOMEM;
		}
		e->eta_sec = sc->eta_sec;
		m->n_etas++;
	}
	oomt_watch_state_free(ws);
	return 0;
}

int oomt_metrics_gather_all(struct oomt_metrics *m)
{
	char machine_id[40], boot_id[40];
	struct timespec a, b;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &a);
	machine_id_read(m->sysroot, machine_id, sizeof(machine_id));
	if (oomt_boot_id_read(m->sysroot, boot_id, sizeof(boot_id)) < 0)
		boot_id[0] = '\0';
	r = load_state(m, machine_id, boot_id);
	snprintf(m->st.machine_id, sizeof(m->st.machine_id), "%s", machine_id);
	if (boot_id[0])
		snprintf(m->st.boot_id, sizeof(m->st.boot_id), "%s", boot_id);
	if (oomt_boot_time_read(m->sysroot, &m->st.boot_time_usec) < 0)
		m->st.boot_time_usec = OOMT_UNKNOWN;
	m->kernel_oom_kills = OOMT_UNKNOWN;
	if (r == 0)
		r = read_logs(m);
	if (r == 0)
		r = read_cgroups(m);
	if (r == 0)
		r = read_host(m);
	if (r == 0)
		r = read_watch(m);
	clock_gettime(CLOCK_MONOTONIC, &b);
	m->status.duration_usec = (int64_t)(b.tv_sec - a.tv_sec) * 1000000 +
	                          (b.tv_nsec - a.tv_nsec) / 1000;
	return r;
}
