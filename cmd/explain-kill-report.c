/* SPDX-License-Identifier: MIT */
/*
 * The terminal report of one incident: a headline, the ranking as the kernel saw it, then
 * the findings with concrete advice. All wording lives here and is written from the model
 * and the findings (lib/model), so the JSON stays stable while the prose improves.
 */
#include <inttypes.h>
#include <string.h>
#include <oomtool/cgroup.h>
#include <oomtool/limits.h>
#include <oomtool/format.h>
#include "common.h"
#include "explain-kill.h"

#define C_RED    "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_CYAN   "\033[36m"
#define C_BOLD   "\033[1m"
#define C_OFF    "\033[0m"

/* One report being written. */
struct report {
	FILE *f;
	const struct ek_explained *x;
	const struct oomt_event *ev;
	const struct ek_opts *o;
	int64_t page_size;
};

static bool is_known(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

static const char *color(const struct report *r, const char *c)
{
	return r->o->out.color ? c : "";
}

/* Sizes in sentences: the table cells' text, with -b the byte count said as such. */
static const char *size_text(const struct report *r, int64_t bytes, char *buf, size_t n)
{
	out_format_size(bytes, r->o->out.bytes, buf, n);
	if (r->o->out.bytes && is_known(bytes))
		snprintf(buf + strlen(buf), n - strlen(buf), " bytes");
	return buf;
}

/* The name of task pid (its table row's, else the kill line's), or NULL. */
static const char *task_name_or_null(const struct oomt_event *ev, int64_t pid)
{
	for (size_t i = 0; is_known(pid) && i < ev->n_tasks; i++)
		if ((ev->tasks[i].pid == pid || ev->tasks[i].tgid == pid) && ev->tasks[i].name[0])
			return ev->tasks[i].name;
	return is_known(pid) && pid == ev->victim.pid && ev->victim.comm[0] ? ev->victim.comm : NULL;
}

/* A process in prose: "name (pid N)", "pid N" when the log has no name, or "name". */
static const char *proc_text(const char *name, int64_t pid, char *buf, size_t n)
{
	if (name && name[0] && is_known(pid))
		snprintf(buf, n, "%s (pid %" PRId64 ")", name, pid);
	else if (is_known(pid))
		snprintf(buf, n, "pid %" PRId64, pid);
	else
		snprintf(buf, n, "%s", name && name[0] ? name : "a process the log does not name");
	return buf;
}

static const char *task_text(const struct oomt_event *ev, int64_t pid, char *buf, size_t n)
{
	return proc_text(task_name_or_null(ev, pid), pid, buf, n);
}

/* The task's name, else "pid N": for sentences that give the pid elsewhere. */
static const char *task_name(const struct oomt_event *ev, int64_t pid)
{
	static char buf[48];
	const char *name = task_name_or_null(ev, pid);

	if (name)
		return name;
	snprintf(buf, sizeof(buf), "pid %" PRId64, pid);
	return buf;
}

/* A finding of this incident by code, or NULL. */
static const struct oomt_finding *finding_of(const struct report *r, const char *code)
{
	for (size_t i = 0; i < r->x->findings->n; i++)
		if (strcmp(r->x->findings->f[i].code, code) == 0)
			return &r->x->findings->f[i];
	return NULL;
}

static int64_t finding_number(const struct oomt_finding *f, const char *key);
static const char *finding_text_or(const struct oomt_finding *f, const char *key,
                                   const char *dflt);
static const char *finding_proc(const struct oomt_finding *f, const char *name_key,
                                const char *pid_key, char *buf, size_t n);

/* ---- headline ---- */

/* The RAM of a global report in words: what the kernel's allocator managed (usable RAM:
 * "pages RAM" less "pages reserved", or the zones' managed sizes), and the whole RAM when
 * the log shows more ("usable RAM 1.1G of 2.0G"). Never the managed part called the
 * machine's RAM. */
static const char *ram_text(const struct report *r, int64_t usable, char *buf, size_t n)
{
	int64_t total = oomt_event_installed_ram(r->ev, r->page_size);
	char a[32], b[32];

	size_text(r, usable, a, sizeof(a));
	if (is_known(total) && total > usable && strcmp(size_text(r, total, b, sizeof(b)), a) != 0)
		snprintf(buf, n, "usable RAM %s of %s", a, b);
	else
		snprintf(buf, n, "usable RAM %s", a);
	return buf;
}

/* What Mem-Info's figures of pagefault_oom are of: usable RAM, else the pages it counts. */
static const char *pagefault_whole(const struct report *r, const struct oomt_finding *f,
                                   char *buf, size_t n)
{
	char a[32];

	if (is_known(finding_number(f, "ram_bytes")))
		return ram_text(r, finding_number(f, "ram_bytes"), buf, n);
	snprintf(buf, n, "the %s that Mem-Info counts",
	         size_text(r, finding_number(f, "counted_bytes"), a, sizeof(a)));
	return buf;
}

/* A page fault's OOM on a machine not known to be short (pagefault_oom): the machine did
 * not run out, a fault failed and the kernel killed system-wide all the same. */
static void pagefault_cause(const struct report *r, const struct oomt_finding *f)
{
	char a[32], c[80];

	if (finding_number(f, "machine_short") == 0)
		fprintf(r->f, " because a page fault failed for want of memory while the machine had "
		        "%s free or in clean page cache (of %s), and the kernel answered with a "
		        "system-wide kill", size_text(r, finding_number(f, "room_bytes"), a, sizeof(a)),
		        pagefault_whole(r, f, c, sizeof(c)));
	else
		fputs(" because a page fault failed for want of memory, which the kernel answers with "
		      "a system-wide kill (the log does not show whether the machine was short)", r->f);
}

static void headline_cause(const struct report *r)
{
	const struct oomt_event *ev = r->ev;
	const struct oomt_finding *zones, *room, *pf;
	const char *zone;
	char a[32], b[32], c[80], path[OOMT_PATH_MAX + 4];
	const char *oom_memcg = cli_path_text(ev->oom_memcg, ev->cut & OOMT_CUT_OOM_MEMCG, path,
	                                      sizeof(path));

	if (ev->sysrq || ev->trigger.order == -1) {
		fputs(" because someone asked for an OOM kill by hand (SysRq-f)", r->f);
	} else if (oomt_memcg_unlimited(ev)) {
		fprintf(r->f, " in memory cgroup %s, which has no memory limit (constraint %s)",
		        oom_memcg[0] ? oom_memcg : "(the log does not name it)",
		        ev->constraint[0] ? ev->constraint : "not in the log");
	} else if (ev->scope == OOMT_SCOPE_MEMCG || ev->oom_memcg[0] ||
	           strcmp(ev->constraint, "CONSTRAINT_MEMCG") == 0) {
		if (ev->oom_memcg[0])
			fprintf(r->f, " because memory cgroup %s reached its ", oom_memcg);
		else
			fputs(" because a memory cgroup (the log does not name it) reached its ", r->f);
		if (is_known(ev->memcg.memory.limit_bytes))
			fprintf(r->f, "%s limit", size_text(r, ev->memcg.memory.limit_bytes, a, sizeof(a)));
		else
			fputs("limit (its size is not in the log)", r->f);
	} else if (ev->scope == OOMT_SCOPE_CPUSET || ev->scope == OOMT_SCOPE_MEMPOLICY) {
		fprintf(r->f, " because the memory nodes it was allowed to use (%s) were full",
		        ev->scope == OOMT_SCOPE_CPUSET ? "cpuset" : "memory policy");
	} else if ((pf = finding_of(r, "pagefault_oom")) && finding_number(pf, "machine_short") != 1) {
		pagefault_cause(r, pf);
	} else if (finding_of(r, "constrained_nodes")) {
		/* no constraint in the report, but its zone lines show the nodes (f_nodes) */
		fputs(" because the memory nodes it could use were full (see constrained_nodes)", r->f);
	} else if ((zones = finding_of(r, "zones_exhausted"))) {
		/* lowmem (or non-Movable memory) ran out, not the machine: as zones_exhausted says */
		zone = finding_text_or(zones, "unusable_zone", "HighMem");
		fprintf(r->f, " because the memory zones this allocation could use ran out (%s%s, "
		        "which it cannot use, still had %s free)",
		        strcmp(zone, "HighMem") == 0 ? "low memory; " : "", zone,
		        size_text(r, finding_number(zones, "unusable_free_bytes"), a, sizeof(a)));
	} else if ((room = finding_of(r, "free_above_watermarks"))) {
		/* not for want of memory: as free_above_watermarks says */
		fprintf(r->f, " although the zones it could use had free memory above their "
		        "watermarks (%s free", size_text(r, finding_number(room, "usable_free_bytes"),
		                                         a, sizeof(a)));
		if (is_known(finding_number(room, "ram_bytes")))
			fprintf(r->f, ", %s", ram_text(r, finding_number(room, "ram_bytes"), c, sizeof(c)));
		fputc(')', r->f);
	} else if (is_known(oomt_event_usable_ram(ev, r->page_size, NULL))) {
		fprintf(r->f, " because the whole machine ran out of memory (%s",
		        ram_text(r, oomt_event_usable_ram(ev, r->page_size, NULL), c, sizeof(c)));
		if (is_known(ev->meminfo.total_swap_bytes))
			fprintf(r->f, ", swap %s", size_text(r, ev->meminfo.total_swap_bytes, b, sizeof(b)));
		fputc(')', r->f);
	} else if (ev->scope == OOMT_SCOPE_GLOBAL) {
		fputs(" because the whole machine ran out of memory", r->f);
	}
}

/* A userspace killer's victim as its log names it: a process, or (systemd-oomd) a cgroup. */
static void userspace_victim(const struct report *r)
{
	const struct oomt_event *ev = r->ev;
	char path[OOMT_PATH_MAX + 4];
	const char *group = ev->unit[0] ? ev->unit
	                    : cli_path_text(ev->task_memcg, ev->cut & OOMT_CUT_TASK_MEMCG, path,
	                                    sizeof(path));

	if (ev->victim.comm[0] && is_known(ev->victim.pid))
		fprintf(r->f, "%s (pid %" PRId64 ")", ev->victim.comm, ev->victim.pid);
	else if (ev->victim.comm[0])
		fputs(ev->victim.comm, r->f);
	else if (is_known(ev->victim.pid))
		fprintf(r->f, "pid %" PRId64, ev->victim.pid);
	else if (group[0])
		fputs(group, r->f);
	else
		fputs("a process the log does not name", r->f);
	if (!is_known(ev->victim.pid) && is_known(ev->processes_killed))
		fprintf(r->f, " (%" PRId64 " process%s)", ev->processes_killed,
		        ev->processes_killed == 1 ? "" : "es");
}

/* A userspace killer's kill, or its attempt when its outcome line says the process did not
 * exit or the signal failed, or a SIGTERM whose outcome is not in the log (a process may
 * handle it and live on). */
static void userspace_headline(const struct report *r)
{
	const struct oomt_event *ev = r->ev;
	enum oomt_kill_outcome o = oomt_model_kill_outcome(ev);
	const char *sig = ev->signal[0] ? ev->signal : "a signal";

	bool failed = o == OOMT_KILL_OUTCOME_NOT_EXITED || o == OOMT_KILL_OUTCOME_FAILED ||
	              o == OOMT_KILL_OUTCOME_GONE;
	bool unsure = o == OOMT_KILL_OUTCOME_UNKNOWN && strcmp(ev->signal, "SIGTERM") == 0;

	if (unsure)
		fprintf(r->f, "%s sent SIGTERM to ", oomt_killer_name(ev->killer));
	else
		fprintf(r->f, "%s %s ", oomt_killer_name(ev->killer), failed ? "tried to kill" : "killed");
	userspace_victim(r);
	if (failed)
		fprintf(r->f, " with %s", sig);
	if (ev->reason[0])
		fprintf(r->f, ": %s", ev->reason);
	fputs(".\n", r->f);
	if (unsure)
		fputs("The log does not say whether it exited.\n", r->f);
	if (failed)
		fprintf(r->f, "%s: %s said \"%s\".\n", o == OOMT_KILL_OUTCOME_NOT_EXITED
		        ? "It did not exit" : o == OOMT_KILL_OUTCOME_GONE ? "It was already gone"
		        : "The kill failed", oomt_killer_name(ev->killer), ev->outcome);
}

/* systemd's unit line or Slurm's alone (lib/event/unit-oom.c, job-oom.c): a kill whose
 * kernel report is gone */
static bool unit_line_only(const struct oomt_event *ev)
{
	return ev->killer == OOMT_KILLER_KERNEL && ev->kind == OOMT_KIND_OOM_KILL &&
	       !is_known(ev->victim.pid) && (ev->unit[0] || ev->job[0]) &&
	       (ev->missing & OOMT_PART_HEADER);
}

/* Slurm's line alone: the step, how many kills it counted, and where to look. */
static void job_headline(const struct report *r)
{
	const struct oomt_event *ev = r->ev;
	int64_t n = ev->processes_killed;

	if (is_known(n) && n > 1)
		fprintf(r->f, "Slurm says the kernel's OOM killer killed %" PRId64 " processes of job "
		        "step %s", n, ev->job);
	else
		fprintf(r->f, "Slurm says the kernel's OOM killer killed a process of job step %s",
		        ev->job);
	fputs("; the kernel's own report is not in the log (it is in the kernel log of the node "
	      "that ran the step: journalctl -k there).\n", r->f);
	fprintf(r->f, "  What the step used against what it asked for: sacct -j %.*s "
	        "--format=JobID,MaxRSS,ReqMem,State. If it needs more, ask for more than its "
	        "MaxRSS with sbatch --mem (or --mem-per-cpu).\n", (int)strcspn(ev->job, "."), ev->job);
}

static const struct oomt_rank *rank_by_pid(const struct oomt_model *m, int64_t pid);

/* The kernel's choice tied with other candidates and the model agrees: the order of the
 * walk chose it, not its memory (oomt_model.tied_tasks). */
static bool tie_chose(const struct report *r)
{
	const struct oomt_model *m = r->x->model;

	return m && m->agreement == OOMT_AGREE_YES && is_known(m->tied_tasks) && m->tied_tasks > 1;
}

/* What decides a tie in the model's era: select_bad_process() takes a task only when it
 * scores more than the one it holds up to 5.8 (so the first it walks keeps a tie), at least
 * as much from 5.9 (so the last takes it). */
static const char *tie_rule(const struct oomt_model *m)
{
	return m->era == OOMT_ERA_SIGNED
	       ? "from 5.9 the kernel takes the last task it walks with the top score"
	       : "up to 5.8 the kernel keeps the first task it walks with the top score (a later "
	         "one must score more)";
}

/* "Every candidate scored the same, 1 point ..." or "N candidates tied at P pages". */
static void tie_what(const struct report *r)
{
	const struct oomt_model *m = r->x->model;
	const struct oomt_rank *k = rank_by_pid(m, m->kernel_pid);
	int64_t p = k ? k->points : OOMT_UNKNOWN;

	if (m->tied_tasks == 2 && m->n_eligible == 2)
		fprintf(r->f, "both candidates scored the same, %" PRId64 " %s", p,
		        ek_points_unit(m, p));
	else if ((size_t)m->tied_tasks == m->n_eligible)
		fprintf(r->f, "every candidate (%" PRId64 ") scored the same, %" PRId64 " %s",
		        m->tied_tasks, p, ek_points_unit(m, p));
	else
		fprintf(r->f, "%" PRId64 " candidates tied at the top, %" PRId64 " %s",
		        m->tied_tasks, p, ek_points_unit(m, p));
	if (p == 1 && m->era != OOMT_ERA_SIGNED)
		fputs(" (oom_score_adj took them to the floor of 1)", r->f);
}

/* "Kill process P (comm) score S or sacrifice child", then "Killed process C (child)". */
static void sacrificed_child(const struct report *r)
{
	const struct oomt_event *ev = r->ev;
	const char *pname = ev->victim.selected_comm[0] ? ev->victim.selected_comm
	                    : task_name_or_null(ev, ev->victim.selected_pid);
	const char *cname = task_name_or_null(ev, ev->victim.pid);
	char s[32];

	if (ev->allocating_task)
		fprintf(r->f, "The kernel took the task that asked for memory, %s (pid %" PRId64 "),",
		        pname ? pname : "a task", ev->victim.selected_pid);
	else
		fprintf(r->f, "The kernel chose %s (pid %" PRId64, pname ? pname : "a task",
		        ev->victim.selected_pid);
	if (!ev->allocating_task && is_known(ev->victim.score))
		fprintf(r->f, ", score %" PRId64 ")", ev->victim.score);
	else if (!ev->allocating_task)
		fputc(')', r->f);
	fprintf(r->f, " and killed its child %s (pid %" PRId64, cname ? cname : "a task",
	        ev->victim.pid);
	if (is_known(oomt_model_victim_rss(ev)))
		fprintf(r->f, ", %s%s resident", oomt_model_victim_rss_is_least(ev) ? "at least " : "",
		        size_text(r, oomt_model_victim_rss(ev), s, sizeof(s)));
	fputs(") in its place", r->f);
	headline_cause(r);
	fputs(".\n", r->f);
	if (!ev->allocating_task && tie_chose(r)) {
		char w[OOMT_COMM_MAX + 32];

		fputs("  A tie: ", r->f);
		tie_what(r);
		fprintf(r->f, ", and %s, in the table's order: it chose %s for its place in that "
		        "walk, not for its memory. Kernels up to 5.0 then killed the child of the "
		        "chosen process with the highest badness in its place (\"or sacrifice "
		        "child\"; any child that scores at all beats it): %s (pid %" PRId64 ").\n",
		        tie_rule(r->x->model), task_text(ev, ev->victim.selected_pid, w, sizeof(w)),
		        cname ? cname : "a task", ev->victim.pid);
		return;
	}
	fprintf(r->f, "  Kernels up to 5.0 killed a child of the process they %s (\"or sacrifice "
	        "child\"): %s (pid %" PRId64 ") died in the place of %s (pid %" PRId64 "), %s.\n",
	        ev->allocating_task ? "took" : "chose", cname ? cname : "the child", ev->victim.pid,
	        pname ? pname : "its parent", ev->victim.selected_pid,
	        ev->allocating_task ? "the task that asked for memory"
	                            : "the one the kernel ranked first: look at the parent's memory, "
	                              "not only at the child's");
}

/* "Kill process T (thread) score S or sacrifice child", then "Killed process P (process)":
 * T is most likely a thread of P (OOMT_ASSUME_SELECTED_THREAD), and P itself was killed. */
static bool selected_thread(const struct report *r)
{
	return r->x->model && (r->x->model->assume & OOMT_ASSUME_SELECTED_THREAD);
}

static void selected_thread_killed(const struct report *r)
{
	const struct oomt_event *ev = r->ev;
	const char *tname = ev->victim.selected_comm[0] ? ev->victim.selected_comm : "a thread";
	const char *pname = task_name_or_null(ev, ev->victim.pid);
	char s[32];

	fprintf(r->f, "The kernel chose %s (pid %" PRId64, tname, ev->victim.selected_pid);
	if (is_known(ev->victim.score))
		fprintf(r->f, ", score %" PRId64, ev->victim.score);
	fprintf(r->f, "), most likely a thread of %s, and killed %s itself (pid %" PRId64,
	        pname ? pname : "the process killed", pname ? pname : "that process",
	        ev->victim.pid);
	if (is_known(oomt_model_victim_rss(ev)))
		fprintf(r->f, ", %s%s resident", oomt_model_victim_rss_is_least(ev) ? "at least " : "",
		        size_text(r, oomt_model_victim_rss(ev), s, sizeof(s)));
	fputc(')', r->f);
	headline_cause(r);
	fputs(".\n", r->f);
	fprintf(r->f, "  Kernels up to 5.0 ranked every thread and named the one they chose (%s is "
	        "a thread's name); the kill line names its process. %s: not a child killed in its "
	        "place.\n", tname, ev->victim.pid < ev->victim.selected_pid
	        ? "The killed pid is the lower, which a child forked later would not have (unless "
	          "pids wrapped)"
	        : oomt_model_selected_absent(ev)
	        ? "The selected pid is in no row of the task table, which lists every process once, "
	          "by its thread-group id, and lists the process killed: the pid is one of its "
	          "threads' (a thread's pid below its process's means pids wrapped, which RHEL 7's "
	          "default pid_max of 32768 makes common)"
	        : "The killed process's own resident memory gives the score printed, as a thread's "
	          "score is its process's");
}

static void headline(const struct report *r)
{
	const struct oomt_event *ev = r->ev;
	const struct oomt_finding *g;
	char t[64], s[32], w[OOMT_COMM_MAX + 32];
	bool selected_only;

	fprintf(r->f, "%sIncident %s%s", color(r, C_BOLD), ev->id[0] ? ev->id : "-", color(r, C_OFF));
	if (is_known(ev->time_usec))
		fprintf(r->f, " at %s%s", out_format_time(ev->time_usec, t, sizeof(t)),
		        ev->year_guessed ? " (the log states no year: the file's date gave it)" : "");
	else if (is_known(ev->uptime_usec))
		fprintf(r->f, " at %" PRId64 ".%03" PRId64 " s after boot", ev->uptime_usec / 1000000,
		        ev->uptime_usec / 1000 % 1000);
	if (ev->host[0])
		fprintf(r->f, " on %s", ev->host);
	if (ev->kernel[0])
		fprintf(r->f, ", kernel %s", ev->kernel);
	fprintf(r->f, " (%s)\n", ev->source[0] ? ev->source : "log");

	if (ev->killer != OOMT_KILLER_KERNEL) {
		userspace_headline(r);
		return;
	}
	if (unit_line_only(ev) && !ev->unit[0]) {
		job_headline(r);
		return;
	}
	if (unit_line_only(ev)) {
		fprintf(r->f, "systemd says the kernel's OOM killer killed a process of %s; the "
		        "kernel's own report of it is not in the log (the ring buffer wrapped, or "
		        "kernel messages were not kept).\n", ev->unit);
		return;
	}
	if (!is_known(ev->victim.pid)) {
		fprintf(r->f, "%s asked for memory and the kernel started the OOM killer",
		        ev->trigger.comm[0] ? ev->trigger.comm : "A task");
		headline_cause(r);
		if (ev->kind == OOMT_KIND_OOM_PANIC && ev->no_killable_processes)
			fputs(", found nothing it could kill and panicked.\n", r->f);
		else if (ev->kind == OOMT_KIND_OOM_PANIC)
			fputs(", and panicked instead of killing.\n", r->f);
		else if (ev->no_killable_processes)
			fputs(", but found nothing it could kill: nothing was killed.\n", r->f);
		else
			fputs(", but the log holds no kill for this invocation.\n", r->f);
		return;
	}
	/* a selection line without its kill line: the kernels that print one could kill a
	 * child of the selected task instead (OOMT_REASON_SACRIFICE_CHILD) */
	selected_only = (ev->missing & OOMT_PART_KILL) && ev->victim.selected_pid == ev->victim.pid;
	/* up to 5.0 the kernel could kill a child of the process it chose: name the chosen one
	 * first, so that the child is not taken for the culprit */
	if (!selected_only && !(ev->missing & OOMT_PART_KILL) && is_known(ev->victim.selected_pid) &&
	    ev->victim.selected_pid != ev->victim.pid) {
		if (selected_thread(r))
			selected_thread_killed(r);
		else
			sacrificed_child(r);
		return;
	}
	fprintf(r->f, "The kernel %s %s", selected_only ? "selected" : "killed",
	        task_name_or_null(ev, ev->victim.pid) ? task_name_or_null(ev, ev->victim.pid)
	                                              : "a task");
	if (is_known(oomt_model_victim_rss(ev)))
		fprintf(r->f, " (pid %" PRId64 ", %s%s resident)", ev->victim.pid,
		        oomt_model_victim_rss_is_least(ev) ? "at least " : "",
		        size_text(r, oomt_model_victim_rss(ev), s, sizeof(s)));
	else
		fprintf(r->f, " (pid %" PRId64 ")", ev->victim.pid);
	g = finding_of(r, "group_kill");
	if (g && finding_number(g, "member") == 1)
		fprintf(r->f, " with the other tasks of its memory cgroup (memory.oom.group), after "
		        "selecting %s,", finding_proc(g, "selected_name", "selected_pid", w, sizeof(w)));
	if (selected_only)
		fputs(" to kill", r->f);
	headline_cause(r);
	if (selected_only)
		fputs("; its kill line is not in the log (these kernels could kill one of its "
		      "children instead)", r->f);
	fputs(".\n", r->f);
}

/* ---- the model's verdict ---- */

static const char *reason_text(enum oomt_reason why)
{
	switch (why) {
	case OOMT_REASON_NO_KILL:
		return "the log has no kill for this invocation, so there is nothing to compare";
	case OOMT_REASON_NOTHING_KILLABLE:
		return "the kernel found no task it was allowed to kill, so it chose none";
	case OOMT_REASON_PANIC:
		return "the kernel panicked instead of choosing a victim";
	case OOMT_REASON_NO_TABLE:
		return "the report has no task table (vm.oom_dump_tasks=0, or the lines were lost)";
	case OOMT_REASON_USERSPACE:
		return "a userspace killer chose by its own rules (pressure, swap, its own badness)";
	case OOMT_REASON_SACRIFICE_CHILD:
		return "kernels up to 5.0 killed a child of the selected process instead of the process itself";
	case OOMT_REASON_ALLOCATING_TASK:
		return "vm.oom_kill_allocating_task=1 made the kernel kill the task that asked for memory, without ranking";
	case OOMT_REASON_GROUP_KILL:
		return "memory.oom.group is set, so every task of the cgroup was killed";
	case OOMT_REASON_TABLE_CUT:
		return "the task table was cut short, so the ranking misses tasks";
	case OOMT_REASON_VICTIM_NOT_LISTED:
		return "the victim is not in the task table (it may have exited or been filtered out)";
	case OOMT_REASON_MEMCG_SUBTREE:
		return "the victim is not in the table of the memory cgroup's tasks (it left the cgroup, or the table shows another subtree)";
	case OOMT_REASON_MISSING_T:
		return "totalpages is unknown, so the oom_score_adj weights could not be applied";
	case OOMT_REASON_ROOT_BONUS:
		return "the CAP_SYS_ADMIN bonus of that kernel decides, and the table shows only uid 0 as a stand-in";
	case OOMT_REASON_SCORE_TIE:
		return "the two score the same, a tie the kernel settles by the order it walks the tasks";
	case OOMT_REASON_NEAR_TIE:
		return "the two are within 1%: memory moved between the choice and the table dump";
	case OOMT_REASON_OLD_BADNESS:
		return "kernels up to 2.6.35 also weighed cpu time, children and capabilities, which the log does not show";
	case OOMT_REASON_UNEXPLAINED:
		return "no reason found in the log";
	case OOMT_REASON_VICTIM_FROM_KILL_LINE:
		return "the table does not list the victim; it was scored from its kill line";
	case OOMT_REASON_ALLOWED_NODES:
		return "the kernel ranked only the tasks whose allowed memory nodes intersect the "
		       "allocation's, and the task table shows neither a task's nodes nor its memory "
		       "per node";
	default:
		return NULL;
	}
}

/* Why there is no table to rank. vm.oom_dump_tasks=0 only when nothing else explains it:
 * the report's header, its memory figures (Mem-Info or the memcg counters) and its kill
 * are in the log, and no table header or row is. */
static const char *no_table_text(const struct oomt_event *ev)
{
	unsigned parts = OOMT_PART_HEADER | OOMT_PART_KILL |
	                 (ev->scope == OOMT_SCOPE_MEMCG ? OOMT_PART_MEMCG : OOMT_PART_MEMINFO);

	if (ev->n_tasks > 0)
		return "no row of the task table could be ranked (each lacks its memory figures, "
		       "or the kernel skips it)";
	if (ev->has_tasks)
		return "the task table's header is in the log but none of its rows (the lines "
		       "were lost: a rate limit, a full ring buffer, or a cut copy)";
	if (ev->missing & OOMT_PART_HEADER)
		return "the report's task table is not in the log, nor its header: both were most "
		       "likely lost (the kernel's rate limit on OOM reports, a full ring buffer, or "
		       "a copy that begins after them)";
	if (ev->missing & parts)
		return "the report's task table is not in the log, nor other parts of it (lines "
		       "were lost)";
	return "the report has no task table (vm.oom_dump_tasks=0, or its lines were lost)";
}

const char *ek_points_unit(const struct oomt_model *m, int64_t n)
{
	bool one = n == 1 || n == -1;

	/* 2.6.36-3.5 points are per 1000 of totalpages; without it the model ranks pages */
	if (m->era == OOMT_ERA_NORMALIZED && is_known(m->totalpages))
		return one ? "point of 1000" : "points of 1000";
	if (m->era == OOMT_ERA_TOTAL_VM)
		return one ? "approximate point" : "approximate points";
	return one ? "page" : "pages";
}

/* The nodes a cpuset or mempolicy OOM was confined to, as far as the header says. */
static void allowed_nodes(const struct report *r, const struct oomt_rank *top)
{
	const struct oomt_trigger *t = &r->ev->trigger;
	char who[OOMT_COMM_MAX + 32];
	bool any = false;

	fputs("The allocation was confined to", r->f);
	if (t->nodemask[0] && strcmp(t->nodemask, "(null)") != 0) {
		fprintf(r->f, " nodemask=%s (its memory policy)", t->nodemask);
		any = true;
	}
	if (t->mems_allowed[0]) {
		fprintf(r->f, "%s mems_allowed=%s", any ? " and" : "", t->mems_allowed);
		if (t->cpuset[0])
			fprintf(r->f, " (cpuset %s)", t->cpuset);
		any = true;
	}
	if (!any)
		fputs(" some nodes (the report does not say which)", r->f);
	fprintf(r->f, "; %s was most likely bound to other nodes.\n",
	        task_text(r->ev, top->pid, who, sizeof(who)));
}

/* vm.oom_kill_allocating_task: the kernel ranked nothing, yet killed the task the model
 * ranks first (the allocating task itself, or, up to 5.0, the child it gave up for it). */
static void allocating_agrees(const struct report *r, const struct oomt_rank *top)
{
	const struct oomt_model *m = r->x->model;
	const struct oomt_event *ev = r->ev;
	char w1[OOMT_COMM_MAX + 32], w2[OOMT_COMM_MAX + 32];
	bool child = is_known(ev->victim.selected_pid) && ev->victim.selected_pid != ev->victim.pid;

	fprintf(r->f, "%s, which the kernel killed, had the highest badness, %" PRId64 " %s. The "
	        "kernel ranked nothing, though: vm.oom_kill_allocating_task=1 made it take the "
	        "task that asked for memory", task_text(ev, m->kernel_pid, w1, sizeof(w1)),
	        top->points, ek_points_unit(m, top->points));
	if (child)
		fprintf(r->f, ", %s, and kill the child of it with the highest badness instead.\n",
		        task_text(ev, ev->victim.selected_pid, w2, sizeof(w2)));
	else
		fputs(", which happened to be the biggest.\n", r->f);
}

static const struct oomt_rank *rank_by_pid(const struct oomt_model *m, int64_t pid)
{
	for (size_t i = 0; is_known(pid) && i < m->n_ranks; i++)
		if (m->ranks[i].pid == pid)
			return &m->ranks[i];
	return NULL;
}

/* The part of a task's points that is oom_score_adj weight: its adj points, and what the
 * floor of 1 point gave back when they took it below. */
static int64_t adj_part(const struct oomt_rank *r)
{
	return r->points - r->base_points - r->root_points;
}

/* What besides memory moved the lead: oom_score_adj weight, the root bonus (the bigger
 * task loses more of a 3% bonus), or both. */
static const char *weight_text(const struct oomt_rank *k, const struct oomt_rank *u)
{
	bool adj = adj_part(k) != adj_part(u), root = k->root_points != u->root_points;

	return root && !adj ? "the root bonus" : root ? "oom_score_adj weight and the root bonus"
	                                              : "oom_score_adj weight";
}

/* The lead over the runner-up in bytes: only the part that is memory (rss, swap, page
 * tables) is a size; the rest is oom_score_adj weight (and the root bonus, and the floor
 * of 1 point), which is no memory. */
static void margin_sizes(const struct report *r)
{
	const struct oomt_model *m = r->x->model;
	const struct oomt_rank *k = rank_by_pid(m, m->kernel_pid), *u = rank_by_pid(m, m->runner_up_pid);
	const struct oomt_task *kt, *ut;
	int64_t mem;
	char a[32];
	const char *what;

	if (!k || !u || !is_known(k->base_points) || !is_known(u->base_points)) {
		fprintf(r->f, " (%s)", size_text(r, m->margin_points * m->page_size, a, sizeof(a)));
		return;
	}
	mem = k->base_points - u->base_points;
	if (mem == m->margin_points) {
		fprintf(r->f, " (%s)", size_text(r, mem * m->page_size, a, sizeof(a)));
		return;
	}
	kt = oomt_model_task(m, k);
	ut = oomt_model_task(m, u);
	what = weight_text(k, u);
	if (mem >= 0 && mem <= m->margin_points)
		fprintf(r->f, ": %" PRId64 " of them memory (%s), the rest %s", mem,
		        size_text(r, mem * m->page_size, a, sizeof(a)), what);
	else if (mem > m->margin_points)
		fprintf(r->f, ": it held %s less memory, of which %s took back %" PRId64 " pages",
		        size_text(r, mem * m->page_size, a, sizeof(a)), what, mem - m->margin_points);
	else
		fprintf(r->f, ", though it held %s more memory: %s decided",
		        size_text(r, -mem * m->page_size, a, sizeof(a)), what);
	if ((adj_part(k) != adj_part(u) || k->root_points == u->root_points) &&
	    is_known(kt->oom_score_adj) && is_known(ut->oom_score_adj))
		fprintf(r->f, " (%" PRId64 " against %" PRId64 ")", kt->oom_score_adj, ut->oom_score_adj);
}

/* The kernel's victim ties with the model's pick: which task a tie goes to, and why the
 * tie alone does not give the kernel's choice. */
static void score_tie(const struct report *r, const struct oomt_rank *top)
{
	const struct oomt_model *m = r->x->model;
	char w[OOMT_COMM_MAX + 32];

	fputs("  ", r->f);
	if (top->points == 1 && m->era != OOMT_ERA_SIGNED)
		fputs("Every candidate scores the minimum, 1 point: oom_score_adj took them below "
		      "it. ", r->f);
	fprintf(r->f, "On equal points the kernel %s, in the order it walks the tasks, which is "
	        "the order of the table: that gives %s. So the scores were not equal for the "
	        "kernel", m->era == OOMT_ERA_SIGNED ? "from 5.9 takes the last task"
	                                           : "up to 5.8 keeps the first task (a thread-group leader)",
	        task_text(r->ev, top->pid, w, sizeof(w)));
	if (m->assume & (OOMT_ASSUME_PAGE_SIZE | OOMT_ASSUME_PAGE_SIZE_ARCH))
		fputs(": most likely its page size is not the one assumed (a larger page makes "
		      "the same limit fewer pages, and the oom_score_adj weight smaller against rss)", r->f);
	else if (m->assume & OOMT_ASSUME_NO_T)
		fputs(": totalpages is unknown, and with it the oom_score_adj weights", r->f);
	else
		fputs(", for a reason the log does not show", r->f);
	fputs(".\n", r->f);
}

static void verdict(const struct report *r)
{
	const struct oomt_model *m = r->x->model;
	const struct oomt_event *ev = r->ev;
	const struct oomt_rank *top = m->n_eligible ? &m->ranks[0] : NULL;
	char w1[OOMT_COMM_MAX + 32], w2[OOMT_COMM_MAX + 32];

	if (m->agreement == OOMT_AGREE_UNKNOWN) {
		/* a table whose biggest task holds under 1% of memory shows no likely victim:
		 * it was cut, or the memory was the kernel's */
		if (m->reason == OOMT_REASON_NO_KILL && top && is_known(top->share_permille) &&
		    top->share_permille < 10)
			fprintf(r->f, "The task table names no likely victim: its biggest task, %s, "
			        "holds under 1%% of memory, so the table is cut or the memory was the "
			        "kernel's.\n", task_text(ev, top->pid, w1, sizeof(w1)));
		else if (m->reason == OOMT_REASON_NO_KILL && top && (ev->missing & OOMT_PART_TASKS_CUT))
			/* the biggest task may be in the rows that were lost */
			fprintf(r->f, "The task table names no likely victim: it is cut, and the task "
			        "the kernel picked may be in the rows that were lost (%s%s%s).\n",
			        ev->n_tasks == 1 ? "the one row in the log is " : "",
			        task_text(ev, top->pid, w1, sizeof(w1)),
			        ev->n_tasks == 1 ? "" : " ranks first of the rows in the log");
		else if (m->reason == OOMT_REASON_NO_KILL && top)
			fprintf(r->f, "By the model, the victim was most likely %s, with %"
			        PRId64 " %s.\n", task_text(ev, top->pid, w1, sizeof(w1)), top->points,
			        ek_points_unit(m, top->points));
		else if (unit_line_only(ev))
			fputs("No ranking to check: the kernel's report, with its task table, is not in "
			      "the log.\n", r->f);
		else if (m->reason == OOMT_REASON_NO_TABLE)
			fprintf(r->f, "No ranking to check: %s.\n", no_table_text(ev));
		else if (ev->killer == OOMT_KILLER_LOWMEMORYKILLER || ev->killer == OOMT_KILLER_LMKD)
			fputs("No ranking to check: Android's low-memory killer chose it, not the kernel's "
			      "OOM killer; it kills by oom_score_adj (once memory falls below a threshold, "
			      "the processes at or above that threshold's oom_score_adj, the highest "
			      "first).\n", r->f);
		else if (reason_text(m->reason))
			fprintf(r->f, "No ranking to check: %s.\n", reason_text(m->reason));
		return;
	}
	if (m->assume & OOMT_ASSUME_VICTIM_BY_SIZE)
		fprintf(r->f, "The kill line's pid %" PRId64 " is in no row of the table: by its "
		        "total-vm and rss it is a thread of %s, the process ranked below (an "
		        "assumption: this kernel prints the id of the thread it killed).\n",
		        ev->victim.pid, task_text(ev, m->kernel_pid, w1, sizeof(w1)));
	if (m->agreement == OOMT_AGREE_YES) {
		fprintf(r->f, "%sThe model agrees%s: ", color(r, C_BOLD), color(r, C_OFF));
		if (m->reason == OOMT_REASON_ALLOCATING_TASK)
			allocating_agrees(r, top);
		else if (tie_chose(r) && m->reason == OOMT_REASON_SACRIFICE_CHILD)
			fprintf(r->f, "%s ties at the top, and the tie rule gives it (above); as "
			        "kernels up to 5.0 did, the kernel then killed its child %" PRId64
			        " instead.\n", task_text(ev, m->kernel_pid, w1, sizeof(w1)),
			        ev->victim.pid);
		else if (tie_chose(r)) {
			fprintf(r->f, "%s was one of the top scores, not the only one: ",
			        task_text(ev, m->kernel_pid, w1, sizeof(w1)));
			tie_what(r);
			fprintf(r->f, ", and %s, in the table's order: that gives %s, for its place "
			        "in the walk, not for its memory.\n", tie_rule(m),
			        task_name(ev, m->kernel_pid));
		} else if (m->reason == OOMT_REASON_SACRIFICE_CHILD)
			fprintf(r->f, "%s had the highest badness, and as kernels up "
			        "to 5.0 did, the kernel killed its child %" PRId64 " instead.\n",
			        task_text(ev, m->kernel_pid, w1, sizeof(w1)), ev->victim.pid);
		else
			fprintf(r->f, "%s had the highest badness, %" PRId64 " %s%s%s.\n",
			        task_name(ev, m->kernel_pid), top->points, ek_points_unit(m, top->points),
			        m->n_eligible != 1 ? ""
			        : (ev->missing & OOMT_PART_TASKS_CUT) ? ", the only candidate among the rows shown"
			                                              : ", and it was the only candidate",
			        m->has_extra ? " (not in the table: scored from its kill line)"
			        : (m->assume & OOMT_ASSUME_T_MIN_FROM_SCORE)
			        ? " at the least totalpages the score allows (the oom_score_adj weights "
			          "grow with totalpages)" : "");
	} else if (top->pid == ev->victim.pid && m->reason == OOMT_REASON_SACRIFICE_CHILD) {
		/* the kill met the model's pick; the selection did not */
		fprintf(r->f, "%sThe model disagrees on the selection only%s: it ranks %s, which "
		        "the kernel killed, first, with %" PRId64 " %s; the kernel selected %s and, as "
		        "kernels up to 5.0 did, killed this child of it instead.\n",
		        color(r, C_YELLOW), color(r, C_OFF), task_text(ev, top->pid, w1, sizeof(w1)),
		        top->points, ek_points_unit(m, top->points),
		        task_text(ev, m->kernel_pid, w2, sizeof(w2)));
	} else {
		fprintf(r->f, "%sThe model disagrees%s: it ranks %s first, with %" PRId64
		        " %s. Likely why: %s.\n", color(r, C_YELLOW), color(r, C_OFF),
		        task_text(ev, top->pid, w1, sizeof(w1)), top->points, ek_points_unit(m, top->points),
		        reason_text(m->reason));
		if (m->reason == OOMT_REASON_ALLOWED_NODES)
			allowed_nodes(r, top);
		if (m->reason == OOMT_REASON_SCORE_TIE)
			score_tie(r, top);
	}
	/* no ranking chose the victim: a margin over the runner-up says nothing */
	if (m->agreement == OOMT_AGREE_YES && is_known(m->runner_up_pid) &&
	    m->reason != OOMT_REASON_ALLOCATING_TASK) {
		if (!is_known(m->margin_points))
			fprintf(r->f, "The runner-up, %s, was behind by a margin the log does not "
			        "determine: with totalpages unknown it shrinks as totalpages grows, "
			        "within the range the score leaves", task_text(ev, m->runner_up_pid, w1,
			                                                       sizeof(w1)));
		else if (m->margin_points == 0 && tie_chose(r))
			fprintf(r->f, "The runner-up, %s, scores the same: the order of the walk, "
			        "not memory, decided", task_text(ev, m->runner_up_pid, w1, sizeof(w1)));
		else
			fprintf(r->f, "The runner-up, %s, was %" PRId64 " %s behind",
			        task_text(ev, m->runner_up_pid, w1, sizeof(w1)), m->margin_points,
			        ek_points_unit(m, m->margin_points));
		if ((m->era == OOMT_ERA_PAGES || m->era == OOMT_ERA_SIGNED) &&
		    is_known(m->margin_points) && !(m->margin_points == 0 && tie_chose(r)))
			margin_sizes(r);
		if (is_known(m->flip_adj) && m->flip_adj > -1000)
			fprintf(r->f, ". With oom_score_adj %" PRId64 " or lower (it had %" PRId64
			        "), %s would have been spared and the runner-up killed "
			        "instead", m->flip_adj, m->flip_adj - m->flip_adj_delta,
			        task_text(ev, m->kernel_pid, w1, sizeof(w1)));
		else if (is_known(m->flip_adj))
			fprintf(r->f, ". No oom_score_adj short of -1000 (never kill) would have spared %s",
			        task_name(ev, m->kernel_pid));
		fputs(".\n", r->f);
	}
}

/* <= 5.0 kernels printed the score of their choice: a check on our totalpages and formula. */
static void score_line(const struct report *r)
{
	const struct oomt_model *m = r->x->model;

	char a[32], b[32];

	/* score 0 gives no totalpages to solve for: the range it and the choice leave */
	if (is_known(m->totalpages_min) && is_known(m->totalpages_max))
		fprintf(r->f, "The kernel printed score %" PRId64 " for its choice: with the choice "
		        "itself, that puts totalpages, which the log does not give, between %" PRId64
		        " and %" PRId64 " pages (%s to %s); the model ranks at the middle.\n",
		        m->kernel_score, m->totalpages_min, m->totalpages_max,
		        size_text(r, m->totalpages_min * m->page_size, a, sizeof(a)),
		        size_text(r, m->totalpages_max * m->page_size, b, sizeof(b)));
	else if (is_known(m->totalpages_min))
		fprintf(r->f, "The kernel printed score %" PRId64 " for its choice: that puts "
		        "totalpages, which the log does not give, at %" PRId64 " pages (%s) or more, "
		        "and nothing in the log bounds it from above; the model ranks at that "
		        "least.\n", m->kernel_score, m->totalpages_min,
		        size_text(r, m->totalpages_min * m->page_size, a, sizeof(a)));
	if (!is_known(m->kernel_score) || !is_known(m->model_score))
		return;
	if (m->kernel_score == m->model_score)
		fprintf(r->f, "The kernel printed score %" PRId64 " for its choice; the model computes "
		        "the same.\n", m->kernel_score);
	else
		fprintf(r->f, "The kernel printed score %" PRId64 " for its choice; the model computes %"
		        PRId64 "%s.\n", m->kernel_score, m->model_score,
		        (m->assume & OOMT_ASSUME_NO_SWAP_COLUMN) ? " (this table shows no swap or page tables)"
		        : (m->assume & (OOMT_ASSUME_NO_SWAP | OOMT_ASSUME_MEMSW_SWAP)) ? " (the swap in totalpages is a guess)"
		        : " (memory moved between the choice and the dump)");
}

static const char *assume_text(unsigned bit)
{
	switch (bit) {
	case OOMT_ASSUME_PAGE_SIZE:      return "4 KiB pages (the log does not show the page size)";
	case OOMT_ASSUME_PAGE_SIZE_ARCH: return "16 KiB pages, LoongArch's default (the log does not show the page size)";
	case OOMT_ASSUME_NO_SWAP:        return "no swap in totalpages (the swap size is not in the report)";
	case OOMT_ASSUME_MEMSW_SWAP:     return "the memory+swap limit minus the memory limit as swap (host swap unknown)";
	case OOMT_ASSUME_GLOBAL_T:       return "RAM+swap for totalpages (the allowed nodes' sizes are not in the log)";
	case OOMT_ASSUME_NO_T:           return "no totalpages: oom_score_adj weights left out";
	case OOMT_ASSUME_ROOT_PROXY:     return "uid 0 as CAP_SYS_ADMIN for the root bonus";
	case OOMT_ASSUME_ROOT_UNKNOWN:   return "no root bonus (the kernel release is not in the log)";
	case OOMT_ASSUME_TIE_RULE:       return "5.9+ rules (5.1-5.8 differ only on ties and negative scores)";
	case OOMT_ASSUME_APPROX:         return "total_vm shifted by oom_adj only (cpu time and children not in the log)";
	case OOMT_ASSUME_NO_SWAP_COLUMN: return "rss only (this kernel's table shows no swap or page tables)";
	case OOMT_ASSUME_SWAPPINESS:     return "a non-zero swappiness for the cgroup";
	case OOMT_ASSUME_NO_CAP_BY_SCORE: return "no root bonus: the kernel's printed score shows the victim lacked CAP_SYS_ADMIN";
	case OOMT_ASSUME_RAM_TOTALS:     return "\"pages RAM\" minus \"pages reserved\" as RAM (the zone lines with the managed sizes are not in the log)";
	case OOMT_ASSUME_RELEASE_UNKNOWN: return "5.9+ rules (the running kernel's release could not be read)";
	case OOMT_ASSUME_PRE59_BY_CHOICE: return "5.1-5.8 rules (negative scores count 1, ties go to the first task): the release is not in the log, and only these rules give the kernel's choice";
	case OOMT_ASSUME_VICTIM_BY_SIZE: return "the killed pid, in no row, is a thread of the one process whose total-vm and rss match its kill line";
	case OOMT_ASSUME_SELECTED_THREAD: return "the pid selected is a thread of the process killed, not its parent (the killed pid is the lower, its rss alone gives the score printed, or the task table lists it and not the pid selected)";
	case OOMT_ASSUME_T_FROM_SCORE:   return "totalpages solved from the score the kernel printed for its choice (the limit or RAM and swap are not in the log)";
	case OOMT_ASSUME_ROOT_BY_TABLE:  return "a root bonus of 3% (the release is not in the log; the table's nr_ptes column dates it 3.6-4.14, which all gave the bonus: 3% as 3.10.y, RHEL 7 and 3.14+ did, not the 30 points of 3.6-3.13)";
	case OOMT_ASSUME_ROOT_30_BY_SCORE: return "a root bonus of 30 points, as 3.6-3.13 gave (the release is not in the log; the table's nr_ptes column dates it 3.6-4.14, and only this bonus gives the score the kernel printed)";
	case OOMT_ASSUME_T_MIN_FROM_SCORE: return "totalpages at the least the score 0 the kernel printed for its choice allows (the limit or RAM and swap are not in the log, and nothing bounds it from above)";
	case OOMT_ASSUME_ROOT_3_BY_SCORE: return "a root bonus of 3%, as 4.15 and 4.16 gave (the release is not in the log; the table's pgtables_bytes column and the selection line date it 4.15-5.0, and only this bonus gives the score the kernel printed: 4.17 removed it)";
	default:                         return NULL;
	}
}

void ek_print_assumptions(FILE *f, unsigned assume, const struct oomt_event *ev)
{
	bool first = true;

	for (unsigned b = 1; b && b <= OOMT_ASSUME_LAST; b <<= 1) {
		if (!(assume & b))
			continue;
		/* zone lines with managed sizes were read, but their present sizes add up to
		 * neither "pages RAM" nor, less managed, "pages reserved" (lines lost, or a kernel
		 * that counts otherwise: 3.8 prints a DMA zone managed above present) */
		if (b == OOMT_ASSUME_RAM_TOTALS && ev && ev->meminfo.managed_bytes != OOMT_UNKNOWN)
			fprintf(f, "%s\"pages RAM\" minus \"pages reserved\" as RAM (the zone lines' "
			        "present and managed sizes add up to neither \"pages RAM\" nor "
			        "\"pages reserved\")", first ? "Assumed: " : "; ");
		else
			fprintf(f, "%s%s", first ? "Assumed: " : "; ", assume_text(b));
		first = false;
	}
	if (!first)
		fputs(".\n", f);
}

static void assumptions(const struct report *r)
{
	const struct oomt_model *m = r->x->model;

	if (m->agreement == OOMT_AGREE_UNKNOWN && !m->n_ranks)
		return;
	ek_print_assumptions(r->f, m->assume, r->ev);
}

/* ---- the ranking ---- */

static int ranking(const struct report *r)
{
	const struct oomt_model *m = r->x->model;
	const struct ek_ranking rk = { .model = m, .ev = r->ev };
	char a[32];

	if (!m->n_ranks)
		return 0;
	fprintf(r->f, "\nRanking (%s formula; totalpages %s",
	        oomt_era_name(m->era) ? oomt_era_name(m->era) : "unknown",
	        is_known(m->totalpages) ? "" : "unknown");
	if (is_known(m->totalpages))
		fprintf(r->f, "%" PRId64 " pages = %s", m->totalpages,
		        size_text(r, m->totalpages * m->page_size, a, sizeof(a)));
	fprintf(r->f, "; %zu of %zu %stasks eligible):\n", m->n_eligible, m->n_ranks,
	        (r->ev->missing & OOMT_PART_TASKS_CUT) ? "listed " : "");
	return ek_print_ranking(r->f, &rk, r->o);
}

/* ---- findings ---- */

/* A finding's number by key, or unknown. */
static int64_t finding_number(const struct oomt_finding *f, const char *key)
{
	const struct oomt_kv *kv = oomt_finding_get(f, key);

	return kv && !kv->str ? kv->num : OOMT_UNKNOWN;
}

/* A finding's text by key, or NULL ("" counts as none). */
static const char *finding_str(const struct oomt_finding *f, const char *key)
{
	const struct oomt_kv *kv = oomt_finding_get(f, key);

	return kv && kv->str && kv->str[0] ? kv->str : NULL;
}

/* The same, with the words to say when the log does not have it. */
static const char *finding_text_or(const struct oomt_finding *f, const char *key,
                                   const char *none)
{
	return finding_str(f, key) ? finding_str(f, key) : none;
}

/* The process a finding names by its keys NAME and PID. */
static const char *finding_proc(const struct oomt_finding *f, const char *name_key,
                                const char *pid_key, char *buf, size_t n)
{
	return proc_text(finding_str(f, name_key), finding_number(f, pid_key), buf, n);
}

static int64_t permille(int64_t part, int64_t whole)
{
	return is_known(part) && is_known(whole) && whole > 0 ? part * 1000 / whole : OOMT_UNKNOWN;
}

/* A share in prose: whole percents, one decimal under 10%, "<0.1%" for a share that is not
 * zero but rounds to it (a tiny process among hundreds held something, not nothing). */
static void print_percent(FILE *f, int64_t pm, bool nonzero)
{
	if (!is_known(pm))
		fputs("?%", f);
	else if (pm == 0 && nonzero)
		fputs("<0.1%", f);
	else if (pm >= 0 && pm < 100)
		fprintf(f, "%" PRId64 ".%" PRId64 "%%", pm / 10, pm % 10);
	else
		fprintf(f, "%" PRId64 "%%", pm / 10);
}

static bool path_ends(const char *path, const char *tail)
{
	size_t n = strlen(path), t = strlen(tail);

	return n >= t && strcmp(path + n - t, tail) == 0;
}

/* Is memcg the system container's own cgroup (where its manager puts the limit), not one
 * inside it? "/lxc.payload/web1", "/lxc.payload.web1", Proxmox "/lxc/107" and its "/ns". */
static bool lxc_own_cgroup(const struct oomt_cgroup_workload *w, const char *memcg)
{
	char own[160], payload[160], ns[160];

	snprintf(own, sizeof(own), "/%s", w->system_container);
	snprintf(payload, sizeof(payload), "/lxc.payload.%s", w->system_container);
	snprintf(ns, sizeof(ns), "/%s/ns", w->system_container);
	return path_ends(memcg, own) || path_ends(memcg, payload) ||
	       (is_known(w->proxmox_vmid) && path_ends(memcg, ns));
}

/* An LXC, LXD, Incus or Proxmox container: the limit in its manager's words. No "Now:" line
 * (oomtool limits set, a write to the cgroup file): LXD, Incus and pct apply their setting to
 * the running container and keep it, while a file written behind their back is undone by
 * the next change of the container's configuration and by a restart; plain LXC has
 * lxc-cgroup for the running container. */
static void lxc_advice(const struct report *r, const struct oomt_cgroup_workload *w,
                       const char *memcg, int64_t mib)
{
	const char *name = w->system_container;

	if (!lxc_own_cgroup(w, memcg))
		fprintf(r->f, "    The limit is one set inside container %s (%s), by what runs in it: "
		        "raise it there. The container's own limit, if that is the one to raise:\n",
		        name, memcg);
	if (is_known(w->proxmox_vmid)) {
		fprintf(r->f, "    Proxmox: pct set %" PRId64 " -memory %" PRId64 " (or the "
		        "container's Resources tab).\n", w->proxmox_vmid, mib);
		return;
	}
	fprintf(r->f, "    LXD/Incus: lxc config set %s limits.memory=%" PRId64 "MiB (incus config "
	        "set %s limits.memory=%" PRId64 "MiB).\n", name, mib, name, mib);
	fprintf(r->f, "    LXC: lxc.cgroup2.memory.max = %" PRId64 "M (lxc.cgroup.memory."
	        "limit_in_bytes on cgroup v1) in the container's config; lxc-cgroup -n %s "
	        "memory.max %" PRId64 "M changes the running one.\n", mib, name, mib);
}

/* A Slurm job: slurmstepd sets its cgroup's limit from what the job asked for. No "Now:"
 * line: the cgroup lives as long as the job step, and the next run asks Slurm again. */
static void slurm_advice(const struct report *r, const struct oomt_cgroup_workload *w,
                         int64_t mib)
{
	fprintf(r->f, "    Slurm: job %" PRId64, w->slurm_job_id);
	if (w->slurm_step[0])
		fprintf(r->f, " (step %" PRId64 ".%s)", w->slurm_job_id, w->slurm_step);
	fprintf(r->f, " gets the memory it asks for: submit it with sbatch --mem=%" PRId64 "M "
	        "(per node), or --mem-per-cpu. What it used against what it asked: sacct -j "
	        "%" PRId64 " --format=JobID,MaxRSS,ReqMem,State.\n", mib, w->slurm_job_id);
}

/* The advice line for a limit, in the words of whoever manages the cgroup the path names
 * (systemd unit, Docker container, Kubernetes pod, LXC container, Slurm job), or systemd's,
 * Docker's and Kubernetes' when the path does not say. */
/* The limit as the tool that manages the cgroup takes it, after the command that sets it
 * now: the workload comes from the library's one cgroup mapping. */
static void limit_advice(const struct report *r, const char *memcg, int64_t bytes)
{
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
	int64_t mib = bytes / (1024 * 1024);
	char cmd[512];

	if (memcg && strncmp(memcg, "UB ", 3) == 0) {
		/* OpenVZ/Virtuozzo: the container's beancounter, set by its host */
		fprintf(r->f, "    OpenVZ/Virtuozzo: give the container (beancounter %s) more memory on "
		        "its host (vzctl set CTID --ram %" PRId64 "M --save), or a larger plan.\n",
		        memcg + 3, mib);
		return;
	}
	if (memcg && strcmp(memcg, "/") == 0) {
		/* the root cgroup takes no limit */
		fprintf(r->f, "    It ran in the root cgroup, which takes no limit: start it in a unit "
		        "(systemd-run -p MemoryMax=%" PRId64 "M COMMAND) or a container with a "
		        "limit.\n", mib);
		return;
	}
	if (!memcg || !memcg[0] || oomt_cgroup_workload_parse(memcg, &w) < 0)
		w.kind = OOMT_WORKLOAD_OTHER;
	if (w.kind == OOMT_WORKLOAD_SYSTEM_CONTAINER) {
		lxc_advice(r, &w, memcg, mib);
		return;
	}
	if (w.kind == OOMT_WORKLOAD_SLURM_JOB) {
		slurm_advice(r, &w, mib);
		return;
	}
	if (memcg && memcg[0])
		fprintf(r->f, "    Now: %s\n",
		        oomt_limits_set_command(NULL, memcg, bytes, cmd, sizeof(cmd)));
	switch (w.kind) {
	case OOMT_WORKLOAD_POD:
		fprintf(r->f, "    Kubernetes: raise the container's resources.limits.memory to %" PRId64 "Mi.\n", mib);
		break;
	case OOMT_WORKLOAD_CONTAINER:
		fprintf(r->f, "    %s: %s update -m %" PRId64 "m --memory-swap %" PRId64 "m %.12s "
		        "(or %s run -m %" PRId64 "m).\n",
		        w.runtime == OOMT_RUNTIME_PODMAN ? "Podman" : "Docker",
		        w.runtime == OOMT_RUNTIME_PODMAN ? "podman" : "docker", mib, mib * 2,
		        w.container_id[0] ? w.container_id : "CONTAINER",
		        w.runtime == OOMT_RUNTIME_PODMAN ? "podman" : "docker", mib);
		break;
	case OOMT_WORKLOAD_UNIT:
		if (is_known(w.user_uid))   /* a unit of a user's manager, not of PID 1 */
			fprintf(r->f, "    systemd: as the user of uid %" PRId64 ", systemctl --user "
			        "set-property %s MemoryMax=%" PRId64 "M.\n", w.user_uid, w.unit, mib);
		else
			fprintf(r->f, "    systemd: systemctl set-property %s MemoryMax=%" PRId64 "M "
			        "(MemoryLimit= on cgroup v1 with systemd < 240).\n", w.unit, mib);
		break;
	default:
		/* no unit in the log: say where to find it, not a placeholder */
		fprintf(r->f, "    systemd: MemoryMax=%" PRId64 "M on the unit it runs in, with "
		        "systemctl set-property (MemoryLimit= on cgroup v1 with systemd < 240); the "
		        "log does not name the unit: systemctl status with its pid does while it "
		        "runs.\n", mib);
		fprintf(r->f, "    Docker: docker run -m %" PRId64 "m; Kubernetes: "
		        "resources.limits.memory: %" PRId64 "Mi.\n", mib, mib);
		break;
	}
}

/* The kubelet's cgroup of all pods, or of a QoS level, hit its limit: the node's
 * allocatable memory ran out, which no pod's limit raises. */
static void kubelet_advice(const struct report *r, const struct oomt_finding *f)
{
	const char *level = finding_str(f, "kubelet_cgroup"), *qos = finding_str(f, "victim_qos");
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
	bool node = strcmp(level, "node") == 0;

	fprintf(r->f, "  That is the kubelet's cgroup of %s, not a pod's limit: %s ran out.\n",
	        node ? "all pods" : strcmp(level, "besteffort") == 0 ? "the BestEffort pods"
	                                                             : "the Burstable pods",
	        node ? "the node's allocatable memory (its capacity less what the kubelet "
	               "reserves)" : "the memory the kubelet leaves that QoS class");
	fputs("  Have the kubelet evict pods before the kernel kills, and keep room for the "
	      "system: kubelet --eviction-hard, --system-reserved and --kube-reserved (evictionHard, "
	      "systemReserved, kubeReserved in its configuration; for example "
	      "memory.available<500Mi and memory=1Gi).\n", r->f);
	fputs("  Give the pods memory requests and limits (resources.requests.memory, "
	      "resources.limits.memory) that fit the node", r->f);
	if (r->ev->task_memcg[0] && oomt_cgroup_workload_parse(r->ev->task_memcg, &w) == 0 &&
	    w.kind == OOMT_WORKLOAD_POD && w.pod_uid[0])
		fprintf(r->f, ", first the victim's pod (uid %s%s%s)", w.pod_uid,
		        qos ? ", " : "", qos ? qos : "");
	fputs(qos && strcmp(qos, "BestEffort") == 0
	      ? ": a BestEffort pod has neither, and BestEffort pods are the first to be evicted "
	        "and killed.\n"
	      : "; BestEffort pods (no requests or limits) are the first to be evicted and "
	        "killed.\n", r->f);
}

static void f_memcg(const struct report *r, const struct oomt_finding *f)
{
	int64_t usage = finding_number(f, "usage_bytes"), limit = finding_number(f, "limit_bytes");
	int64_t failcnt = finding_number(f, "failcnt");
	const char *memcg = finding_str(f, "oom_memcg"), *unit = finding_str(f, "unit");
	int64_t host_free = finding_number(f, "host_free_bytes");
	bool cut = r->ev->cut & OOMT_CUT_OOM_MEMCG;   /* the evidence is the event's oom_memcg */
	char a[32], b[32], path[OOMT_PATH_MAX + 4];

	if (memcg)
		fprintf(r->f, "Memory cgroup %s hit its limit", cli_path_text(memcg, cut, path, sizeof(path)));
	else if (unit)
		fprintf(r->f, "A memory cgroup the log does not name (the victim ran in %s) hit its "
		        "limit", unit);
	else
		fputs("A memory cgroup the log does not name hit its limit", r->f);
	if (is_known(usage) && is_known(limit))
		fprintf(r->f, " (usage %s of %s", size_text(r, usage, a, sizeof(a)),
		        size_text(r, limit, b, sizeof(b)));
	else if (is_known(limit))
		fprintf(r->f, " (%s", size_text(r, limit, b, sizeof(b)));
	else
		fputs(" (its size is not in the log", r->f);
	if (is_known(failcnt) && failcnt > 0)
		fprintf(r->f, ", %" PRId64 " failed charges", failcnt);
	fputc(')', r->f);
	/* Only when the report's Mem-Info shows it: memcg reports seldom print one. */
	if (is_known(host_free))
		fprintf(r->f, "; the host had %s free", size_text(r, host_free, a, sizeof(a)));
	fputs(".\n", r->f);
	if (finding_str(f, "kubelet_cgroup")) {
		kubelet_advice(r, f);
		return;
	}
	if (is_known(finding_number(f, "suggested_limit_bytes"))) {
		fprintf(r->f, "  If the workload legitimately needs more, raise the limit to about %s:\n",
		        size_text(r, finding_number(f, "suggested_limit_bytes"), a, sizeof(a)));
		/* a cut path makes no command */
		limit_advice(r, memcg && !cut ? memcg : unit, finding_number(f, "suggested_limit_bytes"));
		fputs("  If it should not need more, look for a leak in the victim.\n", r->f);
	}
}

static void f_global(const struct report *r, const struct oomt_finding *f)
{
	char a[32], b[32], c[32], d[32], e[80];
	int64_t ram = finding_number(f, "ram_bytes"), free_b = finding_number(f, "free_bytes");

	int64_t swap = finding_number(f, "total_swap_bytes");

	fputs("The whole machine was out of memory", r->f);
	if (!is_known(ram) && !is_known(free_b) && !is_known(swap)) {
		/* a Mem-Info block cut before its totals: its page counters are still figures */
		static const struct { const char *key, *what; } parts[] = {
			{ "anon_bytes", "anonymous" }, { "file_bytes", "page cache" },
			{ "slab_bytes", "slab" },
		};
		bool any = false;

		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			if (!is_known(finding_number(f, parts[i].key)))
				continue;
			fprintf(r->f, "%s%s %s", any ? ", " : " (Mem-Info's counters: ", parts[i].what,
			        size_text(r, finding_number(f, parts[i].key), a, sizeof(a)));
			any = true;
		}
		fputs(any ? "; its RAM size, free memory and swap are not in the log).\n"
		          : " (the log shows no memory figures).\n", r->f);
	} else {
		fputs(" (", r->f);
		if (is_known(ram))
			fprintf(r->f, "%s, ", ram_text(r, ram, e, sizeof(e)));
		if (is_known(free_b))
			fprintf(r->f, "%s free; ", size_text(r, free_b, b, sizeof(b)));
		if (is_known(swap) && is_known(finding_number(f, "free_swap_bytes")))
			fprintf(r->f, "swap %s, %s free).\n", size_text(r, swap, c, sizeof(c)),
			        size_text(r, finding_number(f, "free_swap_bytes"), d, sizeof(d)));
		else if (is_known(swap))
			fprintf(r->f, "swap %s).\n", size_text(r, swap, c, sizeof(c)));
		else
			fputs("swap not in the log).\n", r->f);
	}
	if (is_known(swap) && swap > 0 && finding_number(f, "free_swap_bytes") * 2 >= swap) {
		/* swap there and unused: what filled RAM could not be swapped out */
		fputs("  Swap was mostly free, so what filled RAM could not be swapped out: kernel "
		      "memory (slab, page tables), shared or locked pages, or a zone the allocation "
		      "was confined to (Mem-Info's slab, unevictable and zone lines tell which); "
		      "more swap does not help. Cap the big consumers with memory limits, or add "
		      "RAM.\n", r->f);
		return;
	}
	if (finding_of(r, "early_boot")) {   /* no service ran yet to cap */
		fputs("  Before the installed system ran: the kernel needs more memory (see "
		      "early_boot).\n", r->f);
		return;
	}
	fputs("  Cap the big consumers with memory limits so that one service is killed alone, or "
	      "add RAM or swap.\n", r->f);
}

/* A page fault's OOM (gfp_mask=0x0): a fault failed for want of memory somewhere, and up to
 * 5.15 pagefault_out_of_memory() answers with a kill on the whole machine. */
static void f_pagefault(const struct report *r, const struct oomt_finding *f)
{
	char a[32], c[80], w[OOMT_COMM_MAX + 32];
	int64_t is_short = finding_number(f, "machine_short");
	const char *cache = finding_str(f, "slab_cache"), *cpuset = finding_str(f, "cpuset");

	fprintf(r->f, "A page fault started the OOM killer (gfp_mask=%s): a fault of %s failed for "
	        "want of memory, and up to 5.15 the kernel answers that with a kill on the whole "
	        "machine (pagefault_out_of_memory), whatever ran short.\n",
	        finding_text_or(f, "gfp_mask", "0x0"),
	        finding_proc(f, "trigger", "trigger_pid", w, sizeof(w)));
	if (is_short == 1) {
		fprintf(r->f, "  The machine was short as well: only %s was free or clean page cache, "
		        "of %s.\n", size_text(r, finding_number(f, "room_bytes"), a, sizeof(a)),
		        pagefault_whole(r, f, c, sizeof(c)));
		return;
	}
	if (is_short == 0)
		fprintf(r->f, "  The machine was not short: %s was free or clean page cache, of %s.\n",
		        size_text(r, finding_number(f, "room_bytes"), a, sizeof(a)),
		        pagefault_whole(r, f, c, sizeof(c)));
	else
		fputs("  The log has no Mem-Info to tell whether the machine was short.\n", r->f);
	fputs("  What fails there is most often a memory cgroup's charge, such as a container's "
	      "kernel-memory (kmem) limit", r->f);
	if (cache)   /* a memcg copy's name is cut where the event's field ends */
		fprintf(r->f, ": the lines before the report show a slab allocation that failed in "
		        "cache %s%s%s.\n", cache, strchr(cache, '(') && !strchr(cache, ')') ? "..." : "",
		        finding_number(f, "slab_cache_memcg") == 1 ? ", a memory cgroup's own copy "
		                                                     "of it" : "");
	else
		fputs(", or an allocation that the lines just before the report name (a SLUB "
		      "\"Unable to allocate memory\" warning whose cache names a cgroup).\n", r->f);
	fprintf(r->f, "  %sook at the memory and kmem limits of the container %s ran in",
	        is_short == 0 ? "Adding RAM or swap does not help: l" : "L",
	        finding_text_or(f, "trigger", "the process"));
	if (cpuset)
		fprintf(r->f, " (its cpuset: %s)", cpuset);
	fputs(": a kmem limit (docker --kernel-memory, memory.kmem.limit_in_bytes) fails kernel "
	      "allocations, slab and page tables, before the memory limit is reached; drop it or "
	      "raise it. From 5.16 the kernel retries such a fault instead of killing.\n", r->f);
}

static void f_zones(const struct report *r, const struct oomt_finding *f)
{
	char a[32], b[32];
	const char *zone = finding_text_or(f, "unusable_zone", "HighMem");

	fprintf(r->f, "The zones this allocation may use (gfp_mask %s) were at their minimum "
	        "(%s free) while %s held %s it cannot use: ",
	        finding_text_or(f, "gfp_mask", "?"),
	        size_text(r, finding_number(f, "usable_free_bytes"), a, sizeof(a)), zone,
	        size_text(r, finding_number(f, "unusable_free_bytes"), b, sizeof(b)));
	fputs("low memory ran out, not the machine.\n", r->f);
	if (strcmp(zone, "HighMem") == 0)
		fputs("  Kernel memory (slab, page tables, buffers) must live in lowmem on a 32-bit "
		      "kernel; more RAM or swap does not help. Find what grows in the kernel "
		      "(slabtop, /proc/meminfo Slab), or run a 64-bit kernel.\n", r->f);
	else
		fputs("  Kernel allocations cannot use a Movable zone; more RAM or swap on that node "
		      "does not help. Check kernelcore=/movablecore= and movable_node, and what "
		      "grows in kernel memory (slabtop).\n", r->f);
}

/* The order of free_above_watermarks' allocation and what it says of fragmentation. */
static void order_text(const struct report *r, const struct oomt_finding *f)
{
	int64_t order = finding_number(f, "order"), block = finding_number(f, "order_block_free");
	char a[32];

	if (!is_known(order) || order < 0 || order > 30) {
		fputs("its order (not in the log)", r->f);
		return;
	}
	if (order == 0) {
		fputs("its order (0: one page, so not fragmentation)", r->f);
		return;
	}
	fprintf(r->f, "its order (%" PRId64 ": %s in one piece", order,
	        size_text(r, r->page_size << order, a, sizeof(a)));
	if (is_known(block) && block)
		fputs("; the zones' free lists held a block that large)", r->f);
	else if (is_known(block))
		fprintf(r->f, "; the zones' free lists held no block that large: fragmentation%s)",
		        finding_of(r, "fragmentation") ? ", see fragmentation" : "");
	else
		fputs("; the free lists are not in the log)", r->f);
}

static void f_free_above(const struct report *r, const struct oomt_finding *f)
{
	const char *mask = finding_str(f, "gfp_mask"), *flags = finding_str(f, "gfp_flags");
	int64_t node = finding_number(f, "node"), zones = finding_number(f, "zones");
	int64_t ram = finding_number(f, "ram_bytes");
	char a[32], b[32], c[32], e[80], n[32] = "";

	if (is_known(node))
		snprintf(n, sizeof(n), "node %" PRId64 " ", node);
	fputs("Free memory was far above the high watermark of every zone this allocation could use (",
	      r->f);
	if (zones > 1)
		fprintf(r->f, "%" PRId64 " zones, %s free; the nearest to its watermark, ", zones,
		        size_text(r, finding_number(f, "usable_free_bytes"), c, sizeof(c)));
	fprintf(r->f, "%s%s: %s free, high watermark %s", n, finding_text_or(f, "zone", "?"),
	        size_text(r, finding_number(f, "zone_free_bytes"), a, sizeof(a)),
	        size_text(r, finding_number(f, "zone_high_bytes"), b, sizeof(b)));
	if (is_known(ram))
		fprintf(r->f, "; %s", ram_text(r, ram, e, sizeof(e)));
	fputs("): the machine was not out of memory, and the allocation failed for another "
	      "reason.\n", r->f);
	fputs("  More RAM or swap does not help. It failed on its constraints or on the kernel's "
	      "own accounting; this report shows ", r->f);
	if (mask || flags)
		fprintf(r->f, "its gfp flags (gfp_mask=%s%s%s%s: the zones it may use), ",
		        mask ? mask : "", flags ? "(" : "", flags ? flags : "", flags ? ")" : "");
	order_text(r, f);
	fputs(", the zone lines, and any cpuset or memory policy (mems_allowed, nodemask)", r->f);
	if (finding_number(f, "reserved_above_ram") == 1)
		fputs(". Its \"pages reserved\" is more than its \"pages RAM\": a count gone below "
		      "zero, so the kernel's accounting of its pages was wrong; look for a fix of that "
		      "kernel (a newer release of its series)", r->f);
	fputs(".\n", r->f);
}

static const struct oomt_finding *other_finding(const struct report *r, const char *code)
{
	return finding_of(r, code);
}

/* The nodes a zone-line finding names full ("node 0", "nodes 0,5,7"). */
static void full_nodes(const struct report *r, int64_t full)
{
	bool several = (full & (full - 1)) != 0;

	fprintf(r->f, "node%s", several ? "s" : "");
	for (int node = 0, k = 0; node < 63; node++)
		if (full & (INT64_C(1) << node))
			fprintf(r->f, "%s%d", k++ ? "," : " ", node);
	fprintf(r->f, " at %s watermarks", several ? "their" : "its");
}

static void f_nodes(const struct report *r, const struct oomt_finding *f)
{
	const struct oomt_kv *mask = oomt_finding_get(f, "nodemask");
	const struct oomt_kv *mems = oomt_finding_get(f, "mems_allowed");
	const char *constraint = finding_text_or(f, "constraint", "");
	int64_t full = finding_number(f, "full_nodes_mask");
	char a[32], b[32];

	fputs("Only the memory nodes the allocation could use were full", r->f);
	if (is_known(full)) {
		/* no constraint printed (before 5.0): the zone lines show it */
		fputs(": ", r->f);
		full_nodes(r, full);
		fprintf(r->f, " while the others had %s free. The report names no constraint "
		        "(kernels before 5.0 print none), so a memory policy, a cpuset or a request "
		        "for one node confined it",
		        size_text(r, finding_number(f, "free_elsewhere_bytes"), a, sizeof(a)));
		if (mems && mems->str)
			fprintf(r->f, " (mems_allowed=%s)", mems->str);
		fputs(".\n", r->f);
	} else {
		if (mask && mask->str)
			fprintf(r->f, " (its memory policy: nodemask=%s)", mask->str);
		else if (mems && mems->str && finding_str(f, "cpuset"))
			fprintf(r->f, " (cpuset %s, mems_allowed=%s)", finding_str(f, "cpuset"),
			        mems->str);
		else if (mems && mems->str)
			fprintf(r->f, " (mems_allowed=%s)", mems->str);
		fprintf(r->f, "; the machine as a whole had %s free",
		        size_text(r, finding_number(f, "free_bytes"), a, sizeof(a)));
		if (finding_number(f, "ram_bytes") != OOMT_UNKNOWN)
			fprintf(r->f, " of %s", size_text(r, finding_number(f, "ram_bytes"), b, sizeof(b)));
		fputs(", which may all be on other nodes.\n", r->f);
	}
	fprintf(r->f, "  Give the workload more nodes (%s), or less memory to need on the ones it "
	        "has; 'numastat -p PID' shows where a process's memory is.\n",
	        strcmp(constraint, "mempolicy") == 0
	        ? "its numactl/set_mempolicy binding: --interleave or --preferred instead of --membind"
	        : strcmp(constraint, "cpuset") == 0
	        ? "the cpuset's cpuset.mems, or AllowedMemoryNodes= of its unit"
	        : "its numactl binding: --interleave or --preferred instead of --membind; or the "
	          "cpuset's cpuset.mems");
}

static bool memcg_incident(const struct report *r)
{
	return other_finding(r, "memcg_limit") != NULL;
}

/* The pool the kills belong to, when worker_pool found one named `name` (NULL: any). */
static const struct oomt_finding *pool_of(const struct report *r, const char *name)
{
	const struct oomt_finding *p = other_finding(r, "worker_pool");

	return p && (!name || strcmp(finding_text_or(p, "name", ""), name) == 0) ? p : NULL;
}

static void f_outside_tasks(const struct report *r, const struct oomt_finding *f)
{
	static const struct { const char *key, *what; } parts[] = {
		{ "stat_file_bytes", "page cache" }, { "stat_kernel_bytes", "kernel memory" },
		{ "stat_shmem_bytes", "shared memory and tmpfs" }, { "stat_anon_bytes", "anonymous" },
	};
	char a[32], b[32];
	bool any = false;

	fprintf(r->f, "The cgroup's processes held little of its memory: the %" PRId64 " listed "
	        "tasks held %s of the %s in use", finding_number(f, "tasks"),
	        size_text(r, finding_number(f, "tasks_bytes"), a, sizeof(a)),
	        size_text(r, finding_number(f, "usage_bytes"), b, sizeof(b)));
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		int64_t v = finding_number(f, parts[i].key);

		if (!is_known(v) || v <= 0)
			continue;
		fprintf(r->f, "%s%s %s", any ? ", " : "; memory.stat: ", parts[i].what,
		        size_text(r, v, a, sizeof(a)));
		any = true;
	}
	fputs(".\n  The limit was filled by what the cgroup is charged besides its processes' "
	      "pages: a limit sized by its processes would be too small. Page cache counts (dirty "
	      "pages cannot be dropped until written: vm.dirty_background_bytes), and so do tmpfs "
	      "files and kernel memory.\n", r->f);
}

static void f_single(const struct report *r, const struct oomt_finding *f)
{
	char a[32], b[32], w[OOMT_COMM_MAX + 32];

	fprintf(r->f, "One process held most of the memory: %s with %s",
	        finding_proc(f, "name", "pid", w, sizeof(w)), size_text(r, finding_number(f, "rss_bytes"), a, sizeof(a)));
	if (finding_number(f, "swap_bytes") > 0)   /* the table's swapents count too */
		fprintf(r->f, " (%s of it swapped out)",
		        size_text(r, finding_number(f, "swap_bytes"), a, sizeof(a)));
	fputs(", ", r->f);
	print_percent(r->f, finding_number(f, "share_permille"), finding_number(f, "rss_bytes") > 0);
	fprintf(r->f, " of what the %" PRId64 " listed tasks held.\n", finding_number(f, "tasks"));
	if (finding_number(f, "machine_table") == 1) {
		fputs("  The table lists every task of the machine, not the cgroup's (the panic "
		      "printed the report without its memory cgroup), and the log does not show "
		      "which of them were in the cgroup: the cgroup's memory.stat and cgroup.procs "
		      "do.\n", r->f);
		return;
	}
	if (finding_str(f, "name") && pool_of(r, finding_str(f, "name"))) {
		fputs("  It is one worker of a pool (see worker_pool): recycle workers that grow, "
		      "and size the pool by its number of workers, not by this one.\n", r->f);
		return;
	}
	if (memcg_incident(r) && finding_str(other_finding(r, "memcg_limit"), "kubelet_cgroup")) {
		fputs("  It is what filled the node's memory for pods: give its pod a memory limit "
		      "(resources.limits.memory) so that it is killed alone, or schedule it where it "
		      "fits; if it keeps growing, it leaks.\n", r->f);
		return;
	}
	if (memcg_incident(r)) {
		fputs("  It is what filled the cgroup: if that size is expected, the limit is too "
		      "small (see above); if it keeps growing, it leaks.\n", r->f);
		return;
	}
	if (finding_number(f, "limit_capped") == 1) {
		fprintf(r->f, "  It needed more than this machine can give it: with %s of RAM and what "
		        "the other tasks held, a limit above %s would not fire before the whole "
		        "machine ran out. It needs a smaller working set (its own cache and buffer "
		        "settings) or more RAM.\n",
		        size_text(r, finding_number(f, "ram_bytes"), a, sizeof(a)),
		        size_text(r, finding_number(f, "room_bytes"), b, sizeof(b)));
		if (!is_known(finding_number(f, "suggested_limit_bytes")))
			return;
		fprintf(r->f, "  A limit of about %s makes it fail alone instead of the machine "
		        "running out:\n", size_text(r, finding_number(f, "suggested_limit_bytes"), a, sizeof(a)));
	} else if (is_known(finding_number(f, "suggested_limit_bytes"))) {
		fprintf(r->f, "  If that size is expected, give it its own limit of about %s%s so that "
		        "it is killed alone before the host runs out:\n",
		        size_text(r, finding_number(f, "suggested_limit_bytes"), a, sizeof(a)),
		        /* the limits below cap RAM: the suggestion is sized on resident memory */
		        finding_number(f, "swap_bytes") > 0 ? " of RAM (its swap comes on top)" : "");
	} else {
		return;
	}
	/* the victim's cgroup names the unit only when the finding is about the victim, and
	 * only a path the log has whole makes a command */
	limit_advice(r, r->ev->task_memcg[0] && !(r->ev->cut & OOMT_CUT_TASK_MEMCG) &&
	             finding_number(f, "pid") == r->ev->victim.pid
	             ? r->ev->task_memcg : NULL, finding_number(f, "suggested_limit_bytes"));
	fputs("  If it keeps growing, it leaks: watch it with 'oomtool top-mem'.\n", r->f);
}

static void f_many(const struct report *r, const struct oomt_finding *f)
{
	char a[32], w[OOMT_COMM_MAX + 32];

	int64_t ram = finding_number(f, "ram_bytes");
	char b[32];

	fprintf(r->f, "No single process dominated: %" PRId64 " tasks held %s together",
	        finding_number(f, "tasks"), size_text(r, finding_number(f, "total_rss_bytes"), a, sizeof(a)));
	if (is_known(ram))   /* more than RAM: pages they share count once for each */
		fprintf(r->f, " (more than the %s of RAM: pages they share count once for each)",
		        size_text(r, ram, b, sizeof(b)));
	fprintf(r->f, "; the largest, %s, held ", finding_proc(f, "largest_name", "largest_pid", w,
	                                                       sizeof(w)));
	print_percent(r->f, finding_number(f, "largest_share_permille"),
	              finding_number(f, "total_rss_bytes") > 0);
	if (is_known(ram))
		fputs(" of RAM", r->f);
	if (finding_number(f, "vm_guests") >= 2)   /* a VM host: its processes are guests */
		fprintf(r->f, ".\n  %" PRId64 " of them are virtual machines: run fewer guests (or "
		        "smaller ones) on this host, or add memory; killing the biggest only buys "
		        "time.\n", finding_number(f, "vm_guests"));
	else
		fputs(".\n  Run fewer workers (or smaller ones), or add memory; killing the biggest "
		      "only buys time.\n", r->f);
}

static void f_no_swap(const struct report *r, const struct oomt_finding *f)
{
	char a[32];

	fputs("There is no swap: every anonymous page had to stay in RAM, even idle ones.\n", r->f);
	if (finding_number(f, "small_ram") == 1)
		fprintf(r->f, "  With %s of RAM this is probably a small device whose storage is "
		        "flash: a swap file there wears the flash, and its filesystem (squashfs, "
		        "jffs2, ubifs) may not hold one. Compressed swap in RAM (zram, e.g. "
		        "OpenWrt's zram-swap) gives some room; otherwise run fewer services.\n",
		        size_text(r, finding_number(f, "ram_bytes"), a, sizeof(a)));
	else if (is_known(finding_number(f, "swap_size_bytes")))
		fprintf(r->f, "  A modest swap lets the kernel move idle pages out first: "
		        "oomtool swap-setup --size %s\n", size_text(r, finding_number(f, "swap_size_bytes"), a, sizeof(a)));
}

static void f_swap_full(const struct report *r, const struct oomt_finding *f)
{
	char a[32], b[32];

	fprintf(r->f, "Swap was full too: %s free of %s.\n",
	        size_text(r, finding_number(f, "free_swap_bytes"), a, sizeof(a)),
	        size_text(r, finding_number(f, "total_swap_bytes"), b, sizeof(b)));
	fprintf(r->f, "  Find what fills it (oomtool top-mem), or grow it: oomtool swap-setup --size %s\n",
	        size_text(r, finding_number(f, "swap_size_bytes"), a, sizeof(a)));
}

static void f_slab(const struct report *r, const struct oomt_finding *f)
{
	char a[32];
	int64_t base = is_known(finding_number(f, "ram_bytes")) ? finding_number(f, "ram_bytes") : finding_number(f, "usage_bytes");

	fprintf(r->f, "Kernel memory that cannot be reclaimed (unreclaimable slab) held %s, ",
	        size_text(r, finding_number(f, "slab_unreclaimable_bytes"), a, sizeof(a)));
	print_percent(r->f, permille(finding_number(f, "slab_unreclaimable_bytes"), base), true);
	fprintf(r->f, " of %s.\n", is_known(finding_number(f, "ram_bytes")) ? "RAM" : "the cgroup's usage");
	fputs("  That is a kernel or driver leak or a flood of kernel objects (sockets, dentries): "
	      "check slabtop and /proc/slabinfo, and the kernel version's known leaks.\n", r->f);
}

static void f_shmem(const struct report *r, const struct oomt_finding *f)
{
	char a[32];
	int64_t base = is_known(finding_number(f, "ram_bytes")) ? finding_number(f, "ram_bytes") : finding_number(f, "usage_bytes");

	fprintf(r->f, "Shared memory and tmpfs held %s, ", size_text(r, finding_number(f, "shmem_bytes"), a, sizeof(a)));
	print_percent(r->f, permille(finding_number(f, "shmem_bytes"), base), true);
	fprintf(r->f, " of %s: files there are memory, and killing a process does not free them.\n",
	        is_known(finding_number(f, "ram_bytes")) ? "RAM" : "the cgroup's usage");
	fputs("  Check df -h -t tmpfs and /dev/shm; delete what is stale and give tmpfs mounts a "
	      "size= limit.\n", r->f);
}

static void f_huge(const struct report *r, const struct oomt_finding *f)
{
	char a[32];

	fprintf(r->f, "%" PRId64 " of %" PRId64 " reserved huge pages (%s) were unused, and no one "
	        "else can use that memory.\n", finding_number(f, "hugepages_free"), finding_number(f, "hugepages_total"),
	        size_text(r, finding_number(f, "hugepages_free_bytes"), a, sizeof(a)));
	fprintf(r->f, "  Reserve only what is used: sysctl -w vm.nr_hugepages=%" PRId64
	        " (and the same in /etc/sysctl.d or the kernel command line).\n", finding_number(f, "nr_hugepages"));
}

static void f_frag(const struct report *r, const struct oomt_finding *f)
{
	char a[32], b[32];

	fprintf(r->f, "The request was order %" PRId64 " (%s in one piece) while %s was free: memory "
	        "was fragmented, not exhausted.\n", finding_number(f, "order"),
	        size_text(r, finding_number(f, "allocation_bytes"), a, sizeof(a)), size_text(r, finding_number(f, "free_bytes"), b, sizeof(b)));
	fprintf(r->f, "  Compact now (echo 1 > /proc/sys/vm/compact_memory), keep more free "
	        "(vm.min_free_kbytes), and find who asks for large blocks (%s).\n",
	        r->ev->trigger.comm[0] ? r->ev->trigger.comm : "the trigger");
}

static void f_atomic(const struct report *r, const struct oomt_finding *f)
{
	const char *ctx = finding_text_or(f, "context", "its gfp flags");
	bool nowait = strcmp(ctx, "GFP_ATOMIC") == 0 || strcmp(ctx, "GFP_NOWAIT") == 0;
	const char *from = finding_str(f, "trigger") ? ", from " : "";

	if (nowait) {
		fprintf(r->f, "The allocation could not wait (%s%s%s): the kernel had no room to "
		        "reclaim memory for it.\n", ctx, from, finding_text_or(f, "trigger", ""));
		fputs(memcg_incident(r)
		      ? "  In a memory cgroup the limit is what ran out: give it room, or find what "
		        "fills it.\n"
		      : "  Such failures come from drivers and network receive; keep more memory free "
		        "(vm.min_free_kbytes).\n", r->f);
		return;
	}
	/* GFP_NOFS, GFP_NOIO: reclaim runs, but not through the filesystem or the block layer */
	fprintf(r->f, "The allocation could reclaim, but not %s (%s%s%s): dirty page cache it "
	        "could not write back stayed, so reclaim found less to free.\n",
	        strcmp(ctx, "GFP_NOIO") == 0 ? "start I/O" : "through the filesystem", ctx, from,
	        finding_text_or(f, "trigger", ""));
	fputs(memcg_incident(r)
	      ? "  Dirty page cache counts against a cgroup's limit: lower the dirty limits "
	        "(vm.dirty_background_bytes, vm.dirty_bytes) so that it is written back sooner, "
	        "or give the cgroup more room.\n"
	      : "  Write dirty pages back sooner (vm.dirty_background_bytes, vm.dirty_bytes) and "
	        "keep more memory free (vm.min_free_kbytes).\n", r->f);
}

static void f_adj(const struct report *r, const struct oomt_finding *f)
{
	char a[32], b[32], v[OOMT_COMM_MAX + 32], w[OOMT_COMM_MAX + 32];

	fprintf(r->f, "%s, %s, was killed first because of its oom_score_adj %"
	        PRId64 ", while %s, %s with adj %" PRId64 ", was bigger and lived.\n",
	        finding_proc(f, "victim_name", "victim_pid", v, sizeof(v)), size_text(r, finding_number(f, "victim_rss_bytes"), a, sizeof(a)),
	        finding_number(f, "victim_oom_score_adj"), finding_proc(f, "bigger_name", "bigger_pid", w, sizeof(w)),
	        size_text(r, finding_number(f, "bigger_rss_bytes"), b, sizeof(b)), finding_number(f, "bigger_oom_score_adj"));
	if (is_known(finding_number(f, "oom_score_adj")))
		fprintf(r->f, "  If %s matters more, give it oom_score_adj %" PRId64 " or lower: "
		        "OOMScoreAdjust=%" PRId64 " in its unit, or echo %" PRId64
		        " > /proc/PID/oom_score_adj.\n", finding_text_or(f, "victim_name", "it"), finding_number(f, "oom_score_adj"),
		        finding_number(f, "oom_score_adj"), finding_number(f, "oom_score_adj"));
	else
		fputs("  If it matters more, lower its oom_score_adj (OOMScoreAdjust= in its unit).\n", r->f);
}

static void f_repeat(const struct report *r, const struct oomt_finding *f)
{
	char a[32], t[64];
	size_t sizes = 0;
	const char *pattern = finding_str(f, "pattern");
	bool at_limit = finding_number(f, "at_limit") == 1;
	int64_t shortages = finding_number(f, "shortages");
	int64_t kills = finding_number(f, "kills"), procs = finding_number(f, "processes");
	/* "it" for one process killed again, "one of them" for several of one name */
	const char *who = is_known(procs) && procs > 1 ? "one of them" : "it";

	if (oomt_finding_get(f, "memcg"))   /* a cgroup is not killed: its processes are */
		fprintf(r->f, "Processes of %s were killed %" PRId64 " times",
		        finding_text_or(f, "memcg", "the same service"), kills);
	else if (is_known(procs) && procs == kills)   /* a different pid each time */
		fprintf(r->f, "%" PRId64 " processes named %s were killed", kills,
		        finding_text_or(f, "name", "alike"));
	else if (is_known(procs) && procs > 1)
		fprintf(r->f, "%" PRId64 " processes named %s were killed %" PRId64 " times", procs,
		        finding_text_or(f, "name", "alike"), kills);
	else
		fprintf(r->f, "%s was killed %" PRId64 " times",
		        finding_text_or(f, "name", "The same service"), kills);
	if (pattern && strcmp(pattern, "burst") == 0)
		fputs(" within a minute", r->f);
	if (is_known(finding_number(f, "first_time_usec")))
		fprintf(r->f, " %s %s", pattern && strcmp(pattern, "burst") == 0 ? "at" : "since",
		        out_format_time(finding_number(f, "first_time_usec"), t, sizeof(t)));
	for (size_t i = 0; i < f->n_trend; i++)
		sizes += is_known(f->trend[i]);
	if (sizes) {
		if (finding_number(f, "kills") > (int64_t)f->n_trend)
			fprintf(r->f, ". Victim size at each of the last %zu kills:", f->n_trend);
		else
			fputs(". Victim size at each kill:", r->f);
		for (size_t i = 0; i < f->n_trend; i++)
			fprintf(r->f, "%s%s", i ? " -> " : " ", is_known(f->trend[i])
			        ? size_text(r, f->trend[i], a, sizeof(a)) : "(not in the log)");
	}
	fputs(".\n", r->f);
	if (pattern && strcmp(pattern, "burst") == 0) {
		fputs("  One shortage that took several of them, not a service coming back: neither "
		      "a leak nor a restart loop shows in one burst.\n", r->f);
		return;
	}
	if (pool_of(r, NULL))
		fputs("  Each victim was the largest worker of a pool at that moment (see "
		      "worker_pool); a limit of one worker's size would break the service.\n", r->f);
	else if (!pattern && at_limit)
		fprintf(r->f, "  A restart loop or a growing workload: %s.\n", sizes
		        ? "not every kill shows the victim's size, so which does not show"
		        : "the log does not show the victim's size");
	else if (!is_known(shortages))
		fputs("  The log does not say when they died (no kernel or wall clock): one "
		      "shortage that took several, or a service coming back again and again.\n", r->f);
	else if (!pattern)
		fprintf(r->f, "  Memory ran short %" PRId64 " separate times and %s was chosen each "
		        "time; %s.\n", shortages, who, sizes
		        ? "not every kill shows the victim's size, so whether it grows does not show"
		        : "the log does not show the victim's size");
	else if (strcmp(pattern, "growing") == 0)
		fprintf(r->f, "  It grows from kill to kill: a leak, or a workload outgrowing %s.\n",
		        at_limit ? "its limit" : "the machine");
	else if (strcmp(pattern, "same_size") == 0 && at_limit)
		fputs("  It dies at the same size each time: a restart loop against a fixed limit "
		      "(systemd Restart= hides it).\n", r->f);
	else if (strcmp(pattern, "same_size") == 0)
		fputs("  It dies at about the same size each time: it comes back, grows to that "
		      "size and memory runs out again.\n", r->f);
	else
		fprintf(r->f, "  Its size differs from kill to kill: memory ran short %" PRId64
		        " separate times and %s was chosen each time, not one size it keeps dying "
		        "at.\n", shortages, who);
	if (is_known(finding_number(f, "suggested_limit_bytes"))) {
		fprintf(r->f, "  Give it room (about %s) or fix the growth:\n",
		        size_text(r, finding_number(f, "suggested_limit_bytes"), a, sizeof(a)));
		limit_advice(r, finding_str(f, "memcg"),
		             finding_number(f, "suggested_limit_bytes"));
	} else if (!at_limit && !pool_of(r, NULL) &&
	           (r->ev->scope == OOMT_SCOPE_CPUSET || r->ev->scope == OOMT_SCOPE_MEMPOLICY)) {
		fprintf(r->f, "  Its %s allowed it only some NUMA nodes, and those ran short, not the "
		        "whole machine: allow it more nodes (cpuset.mems, numactl), or move what else "
		        "runs on them.\n", r->ev->scope == OOMT_SCOPE_CPUSET ? "cpuset" : "memory policy");
	} else if (!at_limit && !pool_of(r, NULL)) {
		fputs("  A shortage of the whole machine has no limit to give it room in: the machine "
		      "needs more memory (RAM, swap), or it and what runs beside it less.\n", r->f);
	}
}

/* The setting that caps the workers of the pool managers we know, else the words for any;
 * n: the count to set, or unknown. */
static void pool_setting(const struct report *r, const char *name, int64_t n)
{
	static const char pg_note[] = " (each backend grows with work_mem; a pooler such as "
	                              "PgBouncer serves many clients with few backends)";
	static const char apache_threaded[] = " (the processes; MaxRequestWorkers is ServerLimit "
	                                      "times ThreadsPerChild)";
	static const char apache_any[] = " (MaxClients on 2.2; the prefork MPM runs that many "
	                                 "processes, the worker and event MPMs that many threads, "
	                                 "ThreadsPerChild to a process)";
	static const struct {
		const char *prefix;    /* the workers' comm starts with this */
		const char *contains;  /* and contains this, or NULL */
		const char *manager;
		const char *setting;   /* the setting that caps the workers */
		const char *where;     /* where it is set, or "" */
		const char *recycle;   /* the one that restarts workers that grow, or NULL */
	} known[] = {
		{ "php", "fpm", "php-fpm", "pm.max_children", " in the pool's configuration",
		  "pm.max_requests" },
		{ "php-cgi", NULL, "PHP FastCGI", "PHP_FCGI_CHILDREN", "", "PHP_FCGI_MAX_REQUESTS" },
		/* RHEL 5-6 name the binary of each MPM: httpd.worker, httpd.event (httpd is
		 * prefork there, but event on newer releases): the MPM only where the name says */
		{ "httpd.worker", NULL, "Apache (worker MPM)", "ServerLimit", apache_threaded,
		  "MaxConnectionsPerChild" },
		{ "httpd.event", NULL, "Apache (event MPM)", "ServerLimit", apache_threaded,
		  "MaxConnectionsPerChild" },
		{ "httpd", NULL, "Apache", "MaxRequestWorkers", apache_any,
		  "MaxConnectionsPerChild" },
		{ "apache", NULL, "Apache", "MaxRequestWorkers", apache_any,
		  "MaxConnectionsPerChild" },
		{ "gunicorn", NULL, "gunicorn", "--workers", "", "--max-requests" },
		{ "uwsgi", NULL, "uWSGI", "processes", "", "max-requests or reload-on-rss" },
		{ "celery", NULL, "Celery", "--concurrency", "", "--max-memory-per-child" },
		{ "puma", NULL, "Puma", "workers", "", NULL },
		{ "unicorn", NULL, "unicorn", "worker_processes", "", NULL },
		{ "postgres", NULL, "PostgreSQL", "max_connections", pg_note, NULL },
		{ "postmaster", NULL, "PostgreSQL", "max_connections", pg_note, NULL },
		{ "cc1", NULL, "the build", "parallel jobs", " (make -j, ninja -j)", NULL },
		{ "rustc", NULL, "the build", "parallel jobs", " (cargo build -j)", NULL },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strncmp(name, known[i].prefix, strlen(known[i].prefix)) != 0 ||
		    (known[i].contains && !strstr(name, known[i].contains)))
			continue;
		if (is_known(n))
			fprintf(r->f, "  %s: %s = %" PRId64 "%s", known[i].manager, known[i].setting, n,
			        known[i].where);
		else
			fprintf(r->f, "  %s: lower %s%s", known[i].manager, known[i].setting,
			        known[i].where);
		if (known[i].recycle)
			fprintf(r->f, "; %s recycles workers that grow", known[i].recycle);
		fputs(".\n", r->f);
		return;
	}
	if (is_known(n))
		fprintf(r->f, "  Set the number of workers its manager starts (its max children, "
		        "processes or connections) to %" PRId64 ", and have it recycle workers that "
		        "grow.\n", n);
	else
		fputs("  Lower the number of workers its manager starts (its max children, processes "
		      "or connections), and have it recycle workers that grow.\n", r->f);
}

static void f_pool(const struct report *r, const struct oomt_finding *f)
{
	const char *name = finding_text_or(f, "name", "");
	int64_t workers = finding_number(f, "workers"), kills = finding_number(f, "kills");
	int64_t pool = finding_number(f, "pool_bytes"), other = finding_number(f, "other_bytes");
	int64_t budget = finding_number(f, "budget_bytes"), fit = finding_number(f, "max_workers");
	int64_t size = finding_number(f, "worker_size_bytes");
	int64_t cap = finding_number(f, "unit_limit_bytes");
	const struct oomt_kv *memcg = oomt_finding_get(f, "memcg");
	bool in_memcg = memcg_incident(r);
	int64_t used;
	char a[32], b[32], c[32];

	if (!is_known(workers)) {
		const struct oomt_finding *rk = other_finding(r, "repeated_kills");
		const char *pattern = rk ? finding_str(rk, "pattern") : NULL;

		/* one burst (repeated_kills says so): the workers were there at once */
		fprintf(r->f, "%" PRId64 " processes named %s were killed one after another: the "
		        "workers of a pool%s; this report has no task table to size the pool.\n",
		        kills, name, pattern && strcmp(pattern, "burst") == 0
		                     ? ", in one shortage" : " (or a service that keeps restarting)");
		fputs("  Lower the number of workers rather than cap the size of one; the report of "
		      "an incident with a task table gives the figures.\n", r->f);
		pool_setting(r, name, OOMT_UNKNOWN);
		return;
	}
	fprintf(r->f, "%s runs as a pool: %" PRId64 " processes of that name held %s (%s each on "
	        "average, the largest %s), ", name, workers, size_text(r, pool, a, sizeof(a)),
	        size_text(r, finding_number(f, "worker_avg_bytes"), b, sizeof(b)),
	        size_text(r, finding_number(f, "worker_max_bytes"), c, sizeof(c)));
	print_percent(r->f, permille(pool, pool + other), pool > 0);
	fputs(" of what the listed tasks held", r->f);
	if (is_known(kills) && kills >= 2)
		fprintf(r->f, "; %" PRId64 " of them were killed so far", kills);
	fputs(".\n", r->f);
	used = in_memcg ? r->ev->memcg.memory.usage_bytes
	                : oomt_event_usable_ram(r->ev, r->page_size, NULL);
	if (is_known(used) && pool + other > used)
		fputs("  (rss counts the pages the workers share, such as libraries and an opcode "
		      "cache, once in each: the sum is more than they used, and the figures below "
		      "err on the safe side.)\n", r->f);
	fputs("  A limit sized for one worker and applied to the service would starve the "
	      "others: size the pool by its number of workers.\n", r->f);
	if (is_known(budget)) {
		fprintf(r->f, "  Of the %s the processes could have (%s), the other processes held "
		        "%s", size_text(r, budget, a, sizeof(a)),
		        !in_memcg ? "nine tenths of RAM"
		        : is_known(r->ev->memcg.memory.usage_bytes) &&
		          r->ev->memcg.memory.usage_bytes >= pool + other
		        ? "the cgroup's limit less what else was charged to it"
		        : "nine tenths of the cgroup's limit", size_text(r, other, b, sizeof(b)));
		if (!is_known(fit))
			fprintf(r->f, ": not even one worker of %s fits.\n", size_text(r, size, c, sizeof(c)));
		else
			fprintf(r->f, ": room for %" PRId64 " worker%s of %s (nine in ten workers stay "
			        "within that size)%s%s.\n", fit, fit == 1 ? "" : "s",
			        size_text(r, size, c, sizeof(c)),
			        fit < workers ? ", fewer than the " : "",
			        fit < workers ? "workers that ran" : ", as many as ran: the kills come "
			        "from workers that grow; recycle them, or find what makes one grow");
	}
	pool_setting(r, name, is_known(fit) && fit < workers ? fit : OOMT_UNKNOWN);
	if (is_known(cap)) {
		fprintf(r->f, "  Cap the whole pool, not one worker, at about %s, so that the next "
		        "shortage stays inside it:\n", size_text(r, cap, a, sizeof(a)));
		limit_advice(r, memcg && memcg->str ? memcg->str : NULL, cap);
	} else if (in_memcg) {
		fprintf(r->f, "  Or give the cgroup room for all %" PRId64 " workers (see memcg_limit).\n",
		        workers);
	}
}

static void f_group(const struct report *r, const struct oomt_finding *f)
{
	int64_t n = finding_number(f, "tasks_killed");
	char w[OOMT_COMM_MAX + 32];

	finding_proc(f, "selected_name", "selected_pid", w, sizeof(w));
	if (finding_number(f, "member") == 1)
		fprintf(r->f, "This task was not chosen by its badness: memory.oom.group was set, so "
		        "the kernel killed every task of the cgroup with the victim it selected, %s", w);
	else if (is_known(n) && n <= 1)
		fprintf(r->f, "memory.oom.group was set for the cgroup of %s; the log shows no other "
		        "task killed with it", w);
	else
		fprintf(r->f, "memory.oom.group was set: after %s, the kernel killed the other tasks "
		        "of its memory cgroup too", w);
	if (is_known(n) && n > 1)
		fprintf(r->f, " (%" PRId64 " tasks in all: one OOM kill, not %" PRId64 ")", n, n);
	fputs(".\n", r->f);
	fputs("  If its tasks can go on without each other, let the kernel kill only the biggest: "
	      "memory.oom.group 0 (systemd: OOMPolicy= other than kill; Kubernetes 1.32+: kubelet "
	      "singleProcessOOMKill: true).\n", r->f);
}

static void f_nothing_killable(const struct report *r, const struct oomt_finding *f)
{
	int64_t listed = finding_number(f, "tasks_listed"), exempt = finding_number(f, "tasks_exempt");
	bool memcg = strcmp(finding_text_or(f, "scope", ""), "memcg") == 0;

	fputs("The kernel found nothing it could kill: ", r->f);
	if (!is_known(listed))
		fputs("the task table is not in the log, so it does not show which tasks were "
		      "exempt.\n", r->f);
	else if (listed == 0)
		fputs("the task table lists no task (kernel threads are never killed).\n", r->f);
	else if (!is_known(exempt))
		fprintf(r->f, "the %" PRId64 " rows of the task table do not show their oom_score_adj, "
		        "so not why.\n", listed);
	else if (exempt == listed)
		fprintf(r->f, "%s %" PRId64 " task%s listed %s oom_score_adj -1000 (never kill).\n",
		        listed == 1 ? "the" : "all", listed, listed == 1 ? "" : "s",
		        listed == 1 ? "has" : "have");
	else
		fprintf(r->f, "%" PRId64 " of the %" PRId64 " tasks listed have oom_score_adj -1000 "
		        "(never kill); the table does not show why the others were not eligible "
		        "(init, or already exiting or being killed).\n", exempt, listed);
	if (memcg)
		fputs("  So the cgroup stays at its limit: its allocations fail or wait, and the OOM "
		      "killer runs again and again without result (such reports flood the log).\n", r->f);
	else
		/* 4.19 turned the panic's message into this warning and panics after it; before,
		 * the panic's message was this line; a SysRq-f OOM only has no panic */
		fputs("  With nothing to kill on a system-wide OOM the kernel panics: from 4.19 it "
		      "prints this line and panics with \"System is deadlocked on memory\"; older "
		      "kernels panic with this line as the message.\n", r->f);
	if (other_finding(r, "early_boot")) {
		fputs("  No process was there to exempt or kill: see early_boot.\n", r->f);
		return;
	}
	if (is_known(listed) && is_known(exempt) && exempt < listed) {
		/* tasks that were not exempt: -1000 did not cause it, and removing it from
		 * sshd-like daemons would only expose them */
		fputs("  The others were not exempt: the kernel passes over a task that is already "
		      "exiting or being killed, so an earlier victim that did not exit (stuck in "
		      "uninterruptible sleep, its memory not freed) leads here; look for an earlier "
		      "kill of it", r->f);
	} else {
		fputs("  Do not exempt the workload itself: remove OOMScoreAdjust=-1000 from its unit "
		      "or --oom-score-adj=-1000 from its container (keep -1000 for a small "
		      "supervisor at most)", r->f);
	}
	fputs(memcg ? ", or raise the cgroup's limit (see memcg_limit).\n"
	      : other_finding(r, "free_above_watermarks") ? ".\n"   /* memory was there */
	      : ", or add memory or swap.\n", r->f);
}

/* The OOM came before the installed system ran (lib/model/findings.c boot_stage_of). */
static void f_early_boot(const struct report *r, const struct oomt_finding *f)
{
	const char *stage = finding_text_or(f, "stage", "");
	int64_t up = finding_number(f, "uptime_usec");
	char a[32];

	if (strcmp(stage, "no_userspace") == 0)
		fputs("No user-space process existed to kill: the task table lists none (kernel "
		      "threads are never killed)", r->f);
	else if (strcmp(stage, "capture_kernel") == 0)
		fputs("The OOM came in a kdump capture kernel (kdump's tools are in the task table)",
		      r->f);
	else
		fputs("The OOM came inside the initramfs (dracut's tasks are in the task table), "
		      "before the system's own root filesystem was mounted", r->f);
	if (is_known(up))
		fprintf(r->f, ", %" PRId64 ".%03" PRId64 " s after boot", up / 1000000, up / 1000 % 1000);
	if (finding_str(f, "trigger"))
		fprintf(r->f, " (%s asked for the memory)", finding_str(f, "trigger"));
	fputs(".\n", r->f);
	if (other_finding(r, "free_above_watermarks")) {
		/* the kernel had memory to spare: a bigger reservation would not have helped */
		fputs("  Memory was not short (see free_above_watermarks): more RAM or a larger "
		      "crashkernel= does not help.\n", r->f);
		return;
	}
	if (strcmp(stage, "no_userspace") == 0)
		fputs("  That is early boot, or the initramfs of a kdump capture kernel: the kernel "
		      "itself and what it started needed more memory than it had", r->f);
	else
		fputs("  No swap file, service limit or worker setting of the installed system "
		      "applies there: the kernel and its initramfs needed more memory than they had", r->f);
	if (is_known(finding_number(f, "ram_bytes")))
		fprintf(r->f, " (usable RAM %s)", size_text(r, finding_number(f, "ram_bytes"), a, sizeof(a)));
	fputs(".\n  For a kdump capture kernel, reserve more for it: a larger crashkernel= on the "
	      "running kernel's command line (kdumpctl estimate, or the distribution's "
	      "recommended size for this much RAM and these devices), or a smaller capture "
	      "initramfs (fewer drivers and modules); otherwise the machine needs more RAM to "
	      "boot this kernel and initramfs.\n", r->f);
}

static void f_panic(const struct report *r, const struct oomt_finding *f)
{
	bool meminfo = r->ev->has_meminfo && !(r->ev->missing & OOMT_PART_MEMINFO);
	bool tasks = r->ev->n_tasks > 0;
	int64_t pom = finding_number(f, "panic_on_oom");
	const char *msg = finding_str(f, "panic");

	fputs("The kernel panicked instead of killing", r->f);
	if (msg)
		fprintf(r->f, " (\"%s\")", msg);
	if (finding_number(f, "no_killable_processes") == 1)
		fputs(": it found nothing it could kill (see nothing_killable), and a system-wide "
		      "OOM with nothing to kill is a panic.\n", r->f);
	else if (pom == 2)
		fputs(": vm.panic_on_oom=2 (compulsory) panics on every OOM, even a memory "
		      "cgroup's.\n", r->f);
	else if (pom == 1)
		fputs(": vm.panic_on_oom=1 panics on a system-wide OOM instead of killing.\n", r->f);
	else
		fputs(": vm.panic_on_oom is set.\n", r->f);
	if (finding_number(f, "no_killable_processes") != 1)
		fputs("  Unless the panic is wanted (kdump, a cluster that fails over): sysctl -w "
		      "vm.panic_on_oom=0, and the same in /etc/sysctl.d, to let the OOM killer pick "
		      "a victim.\n", r->f);
	if (finding_number(f, "machine_table") == 1) {
		fputs("  Either way, find what filled the cgroup: this report shows the whole "
		      "machine's memory and tasks, not the cgroup's (the panic printed it without its "
		      "memory cgroup); the cgroup's memory.stat and the tasks in its cgroup.procs "
		      "show who held it.\n", r->f);
		return;
	}
	if (other_finding(r, "free_above_watermarks")) {
		fputs("  Memory did not run out (see free_above_watermarks): the allocation's gfp "
		      "flags and order and this report's zone lines show why it failed.\n", r->f);
		return;
	}
	fprintf(r->f, "  %s what let memory run out: ",
	        finding_number(f, "no_killable_processes") == 1 ? "Find" : "Either way, find");
	if (meminfo && tasks)
		fputs("the Mem-Info block and the task table of this report show who held it.\n", r->f);
	else if (tasks)
		fputs("the task table of this report shows who held it (its Mem-Info block is not "
		      "in the log).\n", r->f);
	else if (meminfo)
		fputs("the Mem-Info block of this report shows where it went (its task table is "
		      "not in the log).\n", r->f);
	else
		fputs("this report's Mem-Info block and task table are not in the log; the lines "
		      "before the panic, or a monitoring history, may show it.\n", r->f);
}

static void f_sysrq(const struct report *r, const struct oomt_finding *f)
{
	if (finding_number(f, "shortage") == 1)
		fputs("This kill was asked for by hand (SysRq-f, or echo f > /proc/sysrq-trigger), "
		      "but the Mem-Info shows memory short as well: free memory at the zones' "
		      "watermarks and no free swap (see global_oom).\n", r->f);
	else
		fputs("This kill was asked for by hand (SysRq-f, or echo f > /proc/sysrq-trigger), "
		      "not forced by a shortage: nothing needs resizing for it.\n", r->f);
}

static void f_alloc_task(const struct report *r, const struct oomt_finding *f)
{
	char w[OOMT_COMM_MAX + 32];
	bool known = finding_str(f, "trigger") || is_known(finding_number(f, "trigger_pid"));

	int64_t tp = finding_number(f, "trigger_pid");
	/* up to 5.0 it could kill a child of that task instead */
	bool child = is_known(tp) && is_known(r->ev->victim.pid) && tp != r->ev->victim.pid &&
	             tp == r->ev->victim.selected_pid;

	fprintf(r->f, "vm.oom_kill_allocating_task=1: the kernel %s the task that asked for "
	        "memory%s%s, without looking for the biggest%s.\n", child ? "took" : "killed",
	        known ? ", " : "", known ? finding_proc(f, "trigger", "trigger_pid", w, sizeof(w)) : "",
	        child ? ", and killed a child of it" : "");
	fputs("  Unless that is deliberate: sysctl -w vm.oom_kill_allocating_task=0\n", r->f);
}

static const struct {
	const char *code;
	void (*write)(const struct report *r, const struct oomt_finding *f);
} writers[] = {
	{ "memcg_limit", f_memcg },
	{ "global_oom", f_global },
	{ "pagefault_oom", f_pagefault },
	{ "zones_exhausted", f_zones },
	{ "free_above_watermarks", f_free_above },
	{ "constrained_nodes", f_nodes },
	{ "single_process", f_single },
	{ "memcg_outside_tasks", f_outside_tasks },
	{ "many_processes", f_many },
	{ "no_swap", f_no_swap },
	{ "swap_exhausted", f_swap_full },
	{ "unreclaimable_slab", f_slab },
	{ "shmem", f_shmem },
	{ "hugepages_unused", f_huge },
	{ "fragmentation", f_frag },
	{ "atomic_context", f_atomic },
	{ "victim_high_adj", f_adj },
	{ "repeated_kills", f_repeat },
	{ "sysrq", f_sysrq },
	{ "oom_kill_allocating_task", f_alloc_task },
	{ "worker_pool", f_pool },
	{ "group_kill", f_group },
	{ "nothing_killable", f_nothing_killable },
	{ "early_boot", f_early_boot },
	{ "oom_panic", f_panic },
};

static void findings(const struct report *r)
{
	const struct oomt_findings *fs = r->x->findings;
	static const char *const sev_color[] = { C_CYAN, C_YELLOW, C_RED };

	if (!fs->n)
		return;
	fputs("\nFindings:\n", r->f);
	for (size_t i = 0; i < fs->n; i++) {
		const struct oomt_finding *f = &fs->f[i];
		fprintf(r->f, "%s%-8s%s %s: ", color(r, sev_color[f->severity]),
		        oomt_severity_name(f->severity), color(r, C_OFF), f->code);
		for (size_t k = 0; k < sizeof(writers) / sizeof(writers[0]); k++)
			if (strcmp(writers[k].code, f->code) == 0)
				writers[k].write(r, f);
	}
}

int ek_print_report(FILE *f, const struct ek_explained *x, const struct ek_opts *o)
{
	struct report r = { .f = f, .x = x, .ev = x->ev, .o = o, .page_size = x->model->page_size };
	int rc;

	if (!is_known(r.page_size) || r.page_size <= 0)
		r.page_size = oomt_event_page_size(x->ev, NULL);
	headline(&r);
	verdict(&r);
	score_line(&r);
	assumptions(&r);
	rc = ranking(&r);
	findings(&r);
	return rc;
}
