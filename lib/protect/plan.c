/* SPDX-License-Identifier: MIT */
/*
 * The plan of `protect set` and `protect reset`, computed from a list without side effect:
 * which processes the target names, the checks (range, -1000, privilege, what can persist),
 * and the steps with the values they replace, so that the caller can show it before
 * anything changes and the undo is exact.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "plan/plan.h"
#include "protect/protect-internal.h"
#include "systemd/systemd-bus.h"
#include "util/file.h"
#include "util/state-file.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"
#include "util/text.h"

#define REQUEST_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_protect_request, systemd)
#define CAP_SYS_RESOURCE_BIT 24
#define COMM_LEN 15            /* TASK_COMM_LEN - 1: what /proc/PID/status Name: keeps */
#define DROPIN_MAX (64 * 1024)

/* Fixed fields: texts cut to them; warnings past the last dropped. */
#define set_text oomt_text_set
#define warn(p, ...) OOMT_PLAN_WARN(p, __VA_ARGS__)

static void refuse(struct oomt_protect_plan *p, enum oomt_protect_refusal why, const char *check,
                   const char *reason, const char *hint)
{
	p->verdict = OOMT_PROTECT_REFUSED;
	p->refusal = why;
	p->check = check;
	snprintf(p->reason, sizeof(p->reason), "%s", reason);
	snprintf(p->hint, sizeof(p->hint), "%s", hint);
}

/* CAP_SYS_RESOURCE in this process's effective set: what lowering oom_score_adj below the
 * value a privileged writer left (oom_score_adj_min) needs. */
static bool caller_privileged(void)
{
	struct oomt_proc_status st = { .struct_size = sizeof(st) };
	int procfd, r;

	if (oomt_proc_open(NULL, &procfd) < 0)
		return geteuid() == 0;
	r = oomt_proc_read_status(procfd, getpid(), &st);
	close(procfd);
	if (r < 0 || st.cap_effective == OOMT_UNKNOWN)
		return geteuid() == 0;
	return (st.cap_effective >> CAP_SYS_RESOURCE_BIT) & 1;
}

static enum oomt_protect_target_kind target_kind(const char *t)
{
	size_t n = strlen(t);

	if (n > 0 && n < 11 && strspn(t, "0123456789") == n)
		return OOMT_TARGET_PID;
	return oomt_unit_name_is_valid(t) ? OOMT_TARGET_UNIT : OOMT_TARGET_NAME;
}

static bool matches(const struct oomt_protect_process *p, enum oomt_protect_target_kind k,
                    const char *t)
{
	switch (k) {
	case OOMT_TARGET_PID:
		return p->pid == atoi(t);
	case OOMT_TARGET_UNIT:
		return strcmp(p->unit, t) == 0;
	case OOMT_TARGET_NAME:
		return strcmp(p->comm, t) == 0 ||
		       (strlen(t) > COMM_LEN && strncmp(p->comm, t, COMM_LEN) == 0 &&
		        strlen(p->comm) == COMM_LEN);
	}
	return false;
}

/* mark[i]: list row i is named by the target, or (children) descends from one that is. */
static size_t match_all(const struct oomt_protect_list *l, const struct oomt_protect_request *req,
                        enum oomt_protect_target_kind k, bool *mark)
{
	size_t n = 0;
	bool grew = true;

	for (size_t i = 0; i < l->n; i++)
		n += mark[i] = matches(&l->procs[i], k, req->target);
	while (req->children && grew) {
		grew = false;
		for (size_t i = 0; i < l->n; i++) {
			const struct oomt_protect_process *q;

			if (mark[i] || !(q = oomt_protect_list_find(l, l->procs[i].parent_pid)))
				continue;
			if (mark[q - l->procs]) {
				mark[i] = grew = true;
				n++;
			}
		}
	}
	return n;
}

static int add_step(struct oomt_protect_plan *p, size_t *cap, const struct oomt_protect_step *s)
{
	if (p->nsteps == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct oomt_protect_step *grown = realloc(p->steps, ncap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		p->steps = grown;
		*cap = ncap;
	}
	p->steps[p->nsteps++] = *s;
	return 0;
}

/* ---- the drop-in ---- */

static char *dropin_text(const char *unit, int adj)
{
	char *text = NULL;

	if (asprintf(&text, "# Made by 'oomtool protect set %s %d --persist'; 'oomtool protect "
	             "reset %s' removes it.\n[Service]\nOOMScoreAdjust=%d\n", unit, adj, unit,
	             adj) < 0)
		return NULL;
	return text;
}

/* The file's text, or NULL when it does not exist (or cannot be read). */
static char *file_text(const char *path)
{
	char *buf = NULL;
	size_t len;

	return oomt_file_read_all(path, DROPIN_MAX, &buf, &len) == 0 ? buf : NULL;
}

/* ---- checks ---- */

static bool live(const struct protect_plan *pp)
{
	return pp->sysroot == NULL;
}

/* Without CAP_SYS_RESOURCE the kernel lets a caller write the processes it may write
 * (its own; any with root's DAC override) and lower a value only down to the one a
 * privileged writer left (oom_score_adj_min, 0 unless one did; /proc does not show it):
 * refuse another user's process and any lowering below 0, which would protect it. A
 * lowering the kernel still refuses fails at apply time and is undone. */
static bool privilege_ok(struct protect_plan *pp, const struct oomt_protect_process *pr, int to,
                         bool privileged)
{
	struct oomt_protect_plan *p = &pp->pub;
	bool root = geteuid() == 0;
	char reason[512];

	if (!live(pp) || privileged)
		return true;
	if (!root && pr->uid != (int64_t)geteuid()) {
		set_text(reason, sizeof(reason), "process %d (%s) belongs to %s, not to you", pr->pid,
		         pr->comm, pr->user);
		refuse(p, OOMT_PROTECT_NOT_PRIVILEGED, "privilege", reason,
		       "run as root; without root you may only raise oom_score_adj of your own "
		       "processes");
		return false;
	}
	if (to < 0 && to < pr->oom_score_adj) {
		set_text(reason, sizeof(reason), "lowering oom_score_adj of %d (%s) from %lld to %d "
		         "needs CAP_SYS_RESOURCE", pr->pid, pr->comm, (long long)pr->oom_score_adj, to);
		refuse(p, OOMT_PROTECT_NOT_PRIVILEGED, "privilege", reason, root
		       ? "this root lacks CAP_SYS_RESOURCE (a container, or a capability bounding "
		         "set): run it where root has it, or let the unit's OOMScoreAdjust= do it"
		       : "run as root; without root you may only raise oom_score_adj of your own "
		         "processes (make them likelier victims), never protect them");
		return false;
	}
	return true;
}

/* The units the matched processes run in, for a hint: "nginx.service" or "a.service, ...". */
static void matched_units(const struct oomt_protect_list *l, const bool *mark, char *buf,
                          size_t sz)
{
	buf[0] = '\0';
	for (size_t i = 0; i < l->n; i++) {
		const char *u = l->procs[i].unit;

		if (!mark[i] || !u[0] || strstr(buf, u))
			continue;
		if (strlen(buf) + strlen(u) + 3 >= sz)
			break;
		if (buf[0])
			strcat(buf, ", ");
		strcat(buf, u);
	}
}

static void check_persist(struct protect_plan *pp, const struct oomt_protect_list *l,
                          const bool *mark, const struct oomt_protect_request *req)
{
	struct oomt_protect_plan *p = &pp->pub;
	char units[256], hint[512];
	const char *dot = strrchr(req->target, '.');

	if (p->target_kind != OOMT_TARGET_UNIT) {
		matched_units(l, mark, units, sizeof(units));
		if (units[0] && !strchr(units, ','))
			set_text(hint, sizeof(hint), "it runs in %s: run 'oomtool protect set %s %d "
			         "--persist'", units, units, req->adj);
		else
			set_text(hint, sizeof(hint), "name the systemd service that starts it: "
			         "'oomtool protect set UNIT.service %d --persist'", req->adj);
		refuse(p, OOMT_PROTECT_CANNOT_PERSIST, "persist",
		       p->target_kind == OOMT_TARGET_PID
		       ? "a process id does not survive a restart: only a unit can keep the value"
		       : "a process name is not a unit: only a unit can keep the value", hint);
		return;
	}
	if (!dot || strcmp(dot, ".service") != 0) {
		refuse(p, OOMT_PROTECT_CANNOT_PERSIST, "persist",
		       "OOMScoreAdjust= is a setting of the processes a service starts; a scope or "
		       "slice has none",
		       "persist it in the service that starts these processes, or start them with "
		       "'choom -n ADJ -- COMMAND'");
		return;
	}
	if (pp->scope == OOMT_UNIT_USER) {
		set_text(hint, sizeof(hint), "as that user, put [Service] OOMScoreAdjust=%d in "
		         "~/.config/systemd/user/%s.d/oom.conf and run 'systemctl --user "
		         "daemon-reload'", req->adj, req->target);
		refuse(p, OOMT_PROTECT_CANNOT_PERSIST, "persist",
		       "the unit belongs to a user's service manager, not to the system's", hint);
		return;
	}
	if (live(pp) && geteuid() != 0)
		refuse(p, OOMT_PROTECT_NOT_PRIVILEGED, "privilege",
		       "writing a drop-in under /etc/systemd/system needs root",
		       "run as root, or leave out --persist to raise the value of your own "
		       "processes now");
}

/* ---- steps ---- */

static int plan_dropin(struct protect_plan *pp, size_t *cap, const struct oomt_protect_request *req)
{
	struct oomt_protect_plan *p = &pp->pub;
	struct oomt_protect_step s = { .kind = OOMT_PROTECT_STEP_DROPIN };
	struct oomt_unit_override ov;
	struct oomt_unit_oom u;
	char *have;
	int r;

	if ((r = oomt_unit_dropin_path(pp->sysroot, pp->scope, req->target, s.path,
	                               sizeof(s.path))) < 0)
		return r;
	if (!(p->dropin_text = dropin_text(req->target, req->adj)))
		return -ENOMEM;
	ov = (struct oomt_unit_override){ s.path, p->dropin_text };
	if ((r = oomt_unit_oom_read(pp->sysroot, pp->scope, req->target, &ov, &u)) < 0)
		return r;
	if (!u.found)
		warn(p, "no unit file for %s was found%s: the drop-in takes effect once the unit "
		     "exists", req->target, u.masked ? " (it is masked)" : "");
	if (u.oom_score_adjust.set && strcmp(u.oom_score_adjust.file, s.path) != 0)
		warn(p, "%s:%u sets OOMScoreAdjust=%s after oomtool's drop-in and wins: edit it, "
		     "or the persisted value is not the one systemd applies", u.oom_score_adjust.file,
		     u.oom_score_adjust.line, u.oom_score_adjust.value);
	have = file_text(s.path);
	if (have && strcmp(have, p->dropin_text) == 0) {
		free(have);
		return 0;            /* already says so */
	}
	free(have);
	set_text(s.description, sizeof(s.description), "write %s ([Service] OOMScoreAdjust=%d)",
	         s.path, req->adj);
	if ((r = add_step(p, cap, &s)) < 0)
		return r;
	pp->reload = true;
	return 0;
}

/* RESET of a unit: remove oomtool's drop-in when there is one. *dropin_adj: its value. */
static int plan_dropin_remove(struct protect_plan *pp, size_t *cap, const char *unit,
                              bool *had, int *dropin_adj)
{
	struct oomt_protect_step s = { .kind = OOMT_PROTECT_STEP_DROPIN_REMOVE };
	struct oomt_unit_oom u;
	char *have;
	int r;

	*had = false;
	if ((r = oomt_unit_dropin_path(pp->sysroot, pp->scope, unit, s.path, sizeof(s.path))) < 0)
		return r;
	if (!(have = file_text(s.path)))
		return 0;
	memset(&u, 0, sizeof(u));
	oomt_unit_text_apply(have, strlen(have), s.path, false, &u);
	free(have);
	*had = oomt_unit_adjust(&u, dropin_adj, NULL);
	set_text(s.description, sizeof(s.description), "remove %s", s.path);
	if ((r = add_step(&pp->pub, cap, &s)) < 0)
		return r;
	pp->reload = true;
	return 0;
}

/* The value a unit configures without oomtool's drop-in (what a reset goes back to for a
 * process that got the drop-in's value from a restart): its setting, else 0. */
static int unit_value_without_dropin(const struct protect_plan *pp, const char *unit)
{
	struct oomt_unit_override ov = { NULL, NULL };
	struct oomt_unit_oom u;
	char path[PATH_MAX];
	int adj;

	if (oomt_unit_dropin_path(pp->sysroot, pp->scope, unit, path, sizeof(path)) < 0)
		return 0;
	ov.path = path;
	if (oomt_unit_oom_read(pp->sysroot, pp->scope, unit, &ov, &u) < 0 ||
	    !oomt_unit_adjust(&u, &adj, NULL))
		return 0;
	return adj;
}

static int add_adj_step(struct protect_plan *pp, size_t *cap, const struct oomt_protect_process *pr,
                        int to)
{
	struct oomt_protect_step s = { .kind = OOMT_PROTECT_STEP_ADJ, .pid = pr->pid,
	                               .start_ticks = pr->start_ticks,
	                               .from = (int)pr->oom_score_adj, .to = to };

	snprintf(s.comm, sizeof(s.comm), "%s", pr->comm);
	set_text(s.description, sizeof(s.description), "oom_score_adj of %d (%s) from %d to %d",
	         pr->pid, pr->comm, s.from, to);
	return add_step(&pp->pub, cap, &s);
}

static int add_record_step(struct protect_plan *pp, size_t *cap, bool set)
{
	struct oomt_protect_step s = { .kind = OOMT_PROTECT_STEP_RECORD };
	char rel[128];
	int r;

	snprintf(rel, sizeof(rel), "%s/%s", OOMT_STATE_DIR, PROTECT_STATE_NAME);
	if ((r = oomt_sysroot_join(pp->sysroot, rel, s.path, sizeof(s.path))) < 0)
		return r;
	set_text(s.description, sizeof(s.description), set
	         ? "keep the values replaced in %s (for 'oomtool protect reset')"
	         : "drop the records of the values restored from %s", s.path);
	return add_step(&pp->pub, cap, &s);
}

static int add_reload_step(struct protect_plan *pp, size_t *cap, enum oomt_systemd_use use)
{
	struct oomt_protect_step s = { .kind = OOMT_PROTECT_STEP_RELOAD };

	if (!pp->reload)
		return 0;
	pp->reload = false;
	if (!live(pp)) {
		warn(&pp->pub, "systemd is not reloaded for a --sysroot tree: it reads the drop-in "
		     "when that system next loads its units");
		return 0;
	}
	if (use == OOMT_SYSTEMD_NEVER) {
		warn(&pp->pub, "systemd is not reloaded, as asked: run 'systemctl daemon-reload' for "
		     "the drop-in to take effect");
		return 0;
	}
	if (use == OOMT_SYSTEMD_AUTO && !oomt_systemd_is_running(NULL)) {
		warn(&pp->pub, "systemd is not running here: the drop-in takes effect when it next "
		     "loads its units");
		return 0;
	}
	pp->reload = true;
	snprintf(s.description, sizeof(s.description),
	         "systemctl daemon-reload (systemd reads the drop-in; the next start applies it)");
	return add_step(&pp->pub, cap, &s);
}

static void warn_restart(struct oomt_protect_plan *p, const struct oomt_protect_process *pr,
                         bool persist)
{
	if (persist)
		return;
	if (pr->source == OOMT_ADJ_UNIT && pr->unit[0])
		warn(p, "%s configures OOMScoreAdjust=%lld (%s): its next start applies that again; "
		     "--persist with the unit as target keeps the new value", pr->unit,
		     (long long)pr->configured_adj, pr->configured_from);
	else if (pr->source == OOMT_ADJ_KUBELET)
		warn(p, "the kubelet gives %d (%s) its value from the pod's QoS class: a restart of "
		     "the container sets it again", pr->pid, pr->comm);
	else if (pr->unit[0] && !strstr(pr->unit, ".scope"))
		warn(p, "%d (%s) runs in %s: the value is lost when it restarts; --persist with the "
		     "unit as target keeps it", pr->pid, pr->comm, pr->unit);
}

static int plan_set(struct protect_plan *pp, size_t *cap, const struct oomt_protect_list *l,
                    const bool *mark, const struct oomt_protect_request *req, bool privileged)
{
	struct oomt_protect_plan *p = &pp->pub;
	size_t restart_warned = 0, inheriting = 0;
	int r;

	for (size_t i = 0; i < l->n; i++) {
		const struct oomt_protect_process *pr = &l->procs[i];

		if (!mark[i])
			continue;
		if (pr->oom_score_adj == OOMT_UNKNOWN) {
			warn(p, "cannot read oom_score_adj of %d (%s): left out", pr->pid, pr->comm);
			continue;
		}
		if (!req->children && pr->children_inheriting > 0)
			inheriting += (size_t)pr->children_inheriting;
		if (pr->oom_score_adj == req->adj)
			continue;
		if (!privilege_ok(pp, pr, req->adj, privileged))
			return 0;
		if (restart_warned++ < 2)
			warn_restart(p, pr, req->persist);
		if ((r = add_adj_step(pp, cap, pr, req->adj)) < 0)
			return r;
	}
	if (inheriting)
		warn(p, "%zu child process(es) inherited the old value from the matched ones and "
		     "keep it; --children changes them too", inheriting);
	if (req->adj < 0)
		warn(p, "processes they start from now on inherit %d (a shell, a job, a worker): "
		     "check 'oomtool protect' later", req->adj);
	return 0;
}

static int plan_reset(struct protect_plan *pp, size_t *cap, const struct oomt_protect_list *l,
                      const bool *mark, bool had_dropin, int dropin_adj, bool privileged)
{
	struct oomt_protect_plan *p = &pp->pub;
	int unit_value = 0, r;
	bool unit_value_known = false;

	for (size_t i = 0; i < l->n; i++) {
		const struct oomt_protect_process *pr = &l->procs[i];
		const struct protect_facts *f = &l->facts[i];
		int to;

		if (!mark[i] || pr->oom_score_adj == OOMT_UNKNOWN)
			continue;
		if (f->has_record) {
			to = (int)f->record_old;
		} else if (p->target_kind == OOMT_TARGET_UNIT && had_dropin &&
		           pr->oom_score_adj == dropin_adj) {
			/* started with the drop-in's value: back to what the unit says without it */
			if (!unit_value_known) {
				unit_value = unit_value_without_dropin(pp, p->unit);
				unit_value_known = true;
			}
			to = unit_value;
		} else {
			continue;        /* oomtool did not change it: not ours to undo */
		}
		if (pr->oom_score_adj == to)
			continue;
		if (!privilege_ok(pp, pr, to, privileged))
			return 0;
		if ((r = add_adj_step(pp, cap, pr, to)) < 0)
			return r;
	}
	return 0;
}

/* RESET: the matched processes oomtool holds records of; their records go. */
static int collect_forget(struct protect_plan *pp, const struct oomt_protect_list *l,
                          const bool *mark)
{
	for (size_t i = 0; i < l->n; i++) {
		if (!mark[i] || !l->facts[i].has_record)
			continue;
		if (!pp->forget && !(pp->forget = calloc(l->n, sizeof(*pp->forget))))
			return -ENOMEM;
		pp->forget[pp->nforget].pid = l->procs[i].pid;
		pp->forget[pp->nforget++].start_ticks = l->procs[i].start_ticks;
	}
	return 0;
}

static enum oomt_unit_scope target_scope(const struct oomt_protect_list *l, const bool *mark)
{
	for (size_t i = 0; i < l->n; i++)
		if (mark[i] && l->facts[i].user_unit)
			return OOMT_UNIT_USER;
	return OOMT_UNIT_SYSTEM;
}

static int compute(struct protect_plan *pp, const struct oomt_protect_list *l,
                   const struct oomt_protect_request *req, bool *mark)
{
	struct oomt_protect_plan *p = &pp->pub;
	bool privileged = live(pp) ? caller_privileged() : true, had_dropin = false, records;
	size_t cap = 0, adj_steps;
	int r, dropin_adj = 0;
	char reason[512];

	if (req->action == OOMT_PROTECT_SET && (req->adj < -1000 || req->adj > 1000)) {
		set_text(reason, sizeof(reason), "%d is outside -1000..1000", req->adj);
		refuse(p, OOMT_PROTECT_BAD_VALUE, "range", reason,
		       "-1000 never killed, 0 neutral, 1000 first to go");
		return 0;
	}
	if (req->action == OOMT_PROTECT_SET && req->adj == -1000 && !req->force) {
		refuse(p, OOMT_PROTECT_UNKILLABLE, "unkillable",
		       "-1000 makes the process unkillable: if it leaks, the OOM killer kills "
		       "everything else instead, and the machine panics when nothing is left",
		       "use -900 (picked almost never, still a last resort when it is the leak), or "
		       "pass --force if you accept the trap");
		return 0;
	}
	p->matched = match_all(l, req, p->target_kind, mark);
	pp->scope = target_scope(l, mark);
	if (req->action == OOMT_PROTECT_SET && req->persist) {
		check_persist(pp, l, mark, req);
		if (p->verdict == OOMT_PROTECT_REFUSED)
			return 0;
	}
	if (p->matched == 0 && !(p->target_kind == OOMT_TARGET_UNIT &&
	                         (req->persist || req->action == OOMT_PROTECT_RESET))) {
		set_text(reason, sizeof(reason), "no running process %s '%s'",
		         p->target_kind == OOMT_TARGET_PID ? "has the pid"
		         : p->target_kind == OOMT_TARGET_UNIT ? "runs in" : "is named", req->target);
		refuse(p, OOMT_PROTECT_NOT_FOUND, "target", reason,
		       p->target_kind == OOMT_TARGET_NAME
		       ? "give the name as /proc/PID/comm has it (15 characters at most), a pid, or a "
		         "unit; 'oomtool protect -a' lists them"
		       : "'oomtool protect -a' lists the processes, their units and values");
		return 0;
	}
	if (req->action == OOMT_PROTECT_RESET && p->target_kind == OOMT_TARGET_UNIT) {
		if ((r = plan_dropin_remove(pp, &cap, req->target, &had_dropin, &dropin_adj)) < 0)
			return r;
		if (p->nsteps && live(pp) && geteuid() != 0) {
			refuse(p, OOMT_PROTECT_NOT_PRIVILEGED, "privilege",
			       "removing a drop-in under /etc/systemd/system needs root", "run as root");
			return 0;
		}
	}
	if (req->action == OOMT_PROTECT_SET && req->persist && (r = plan_dropin(pp, &cap, req)) < 0)
		return r;
	if ((r = add_reload_step(pp, &cap, req->systemd)) < 0)
		return r;
	adj_steps = p->nsteps;
	r = req->action == OOMT_PROTECT_SET
	    ? plan_set(pp, &cap, l, mark, req, privileged)
	    : plan_reset(pp, &cap, l, mark, had_dropin, dropin_adj, privileged);
	if (r < 0 || p->verdict == OOMT_PROTECT_REFUSED)
		return r;
	adj_steps = p->nsteps - adj_steps;
	if (req->action == OOMT_PROTECT_RESET && (r = collect_forget(pp, l, mark)) < 0)
		return r;
	/* the records live in /run/oomtool, root's: a user raising their own processes gets
	 * the change without one, and is told how to undo it */
	records = !live(pp) || geteuid() == 0;
	if (!records && req->action == OOMT_PROTECT_SET && adj_steps)
		warn(p, "without root no record of the values replaced is kept, so 'oomtool protect "
		     "reset' cannot undo this; undo it with 'oomtool protect set TARGET OLD'");
	if (records && ((req->action == OOMT_PROTECT_SET && adj_steps) ||
	                (req->action == OOMT_PROTECT_RESET && pp->nforget)))
		if ((r = add_record_step(pp, &cap, req->action == OOMT_PROTECT_SET)) < 0)
			return r;
	/* the record of a set comes first: the values are kept before anything changes */
	if (records && req->action == OOMT_PROTECT_SET && adj_steps) {
		struct oomt_protect_step rec = p->steps[p->nsteps - 1];

		memmove(p->steps + 1, p->steps, (p->nsteps - 1) * sizeof(*p->steps));
		p->steps[0] = rec;
	}
	if (req->action == OOMT_PROTECT_RESET && p->nsteps == 0 && p->matched)
		warn(p, "oomtool has no record of changing %s: nothing to undo (set a value with "
		     "'oomtool protect set')", req->target);
	p->verdict = p->nsteps ? OOMT_PROTECT_READY : OOMT_PROTECT_DONE;
	return 0;
}

int oomt_protect_plan_compute(const struct oomt_protect_list *list,
                              const struct oomt_protect_request *req,
                              struct oomt_protect_plan **ret)
{
	struct protect_plan *pp;
	bool *mark;
	int r;

	if (!list || !ret || (r = oomt_struct_size_check(req, REQUEST_SIZE_V1)) < 0 ||
	    !req->target || !*req->target)
		return -EINVAL;
	if (!(pp = calloc(1, sizeof(*pp))))
		return -ENOMEM;
	mark = calloc(list->n + 1, sizeof(*mark));
	if (!mark || (list->sysroot && !(pp->sysroot = strdup(list->sysroot)))) {
		free(mark);
		free(pp);
		return -ENOMEM;
	}
	pp->pub.action = req->action;
	pp->pub.adj = req->adj;
	pp->pub.target_kind = target_kind(req->target);
	snprintf(pp->pub.target, sizeof(pp->pub.target), "%s", req->target);
	if (pp->pub.target_kind == OOMT_TARGET_UNIT)
		snprintf(pp->pub.unit, sizeof(pp->pub.unit), "%s", req->target);
	r = compute(pp, list, req, mark);
	free(mark);
	if (r < 0) {
		oomt_protect_plan_free(&pp->pub);
		return r;
	}
	*ret = &pp->pub;
	return 0;
}

void oomt_protect_plan_free(struct oomt_protect_plan *p)
{
	struct protect_plan *pp = (struct protect_plan *)p;

	if (!p)
		return;
	free(p->steps);
	free(p->dropin_text);
	free(pp->forget);
	free(pp->sysroot);
	free(pp);
}
