/* SPDX-License-Identifier: MIT */
/*
 * Slurm's line about kernel OOM kills in a job step's memory cgroup (slurmstepd counts the
 * oom_kill events of the step's cgroup and says so when the step ends):
 *   "slurmstepd: error: Detected 1 oom-kill event(s) in step 3495064.0 cgroup. Some of your
 *    processes may have been killed by the cgroup out-of-memory handler."      (to 20.02)
 *   "... Detected 1 oom-kill event(s) in StepId=191.batch cgroup. Some of your ..." (20.11)
 *   "... Detected 2 oom_kill events in StepId=4281473.batch. Some of the step tasks have
 *    been OOM Killed."                                                          (21.08+)
 * It is in the job's output file, slurmd's log and the node's syslog or journal.
 *
 * When the kernel's kills are in the log too (a node's syslog), the line names their job
 * step: the kills held whose cgroup is the job's (Slurm's cgroup v1 and v2 trees, as
 * oomt_cgroup_workload_parse reads them) get it. Otherwise the line is the only trace of the kills: one
 * incident, killer kernel, victim unknown, job the step, processes_killed the count,
 * missing every part of the kernel report (docs/kernel-oom-report.md §7).
 */
#include <string.h>
#include <oomtool/cgroup.h>
#include "event/machine.h"
#include "event/text.h"
#include "event/event-internal.h"

/* A job step id as Slurm prints it: "191.batch", "3495064.0", "123_4.extern", "77+0.0". */
static size_t step_len(const char *s, const char *end)
{
	size_t n = 0;

	while (s + n < end && ((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'z') ||
	                       (s[n] >= 'A' && s[n] <= 'Z') || s[n] == '.' || s[n] == '_' ||
	                       s[n] == '+'))
		n++;
	while (n > 0 && s[n - 1] == '.')   /* the sentence's full stop */
		n--;
	return n;
}

/* The count and the step of the line; false when it is not slurmstepd's. */
static bool parse_job_line(const char *s, size_t n, int64_t *count, char *step, size_t stepsz)
{
	const char *end = s + n, *p = oomt_text_find(s, n, "Detected "), *q;
	size_t len;

	if (!p)
		return false;
	p += strlen("Detected ");
	if (!oomt_text_parse_int(&p, end, count) || *count <= 0)
		return false;
	if (!oomt_text_starts_with(p, (size_t)(end - p), " oom-kill event") &&
	    !oomt_text_starts_with(p, (size_t)(end - p), " oom_kill event"))
		return false;
	q = oomt_text_find(p, (size_t)(end - p), " in StepId=");
	if (q)
		q += strlen(" in StepId=");
	else if ((q = oomt_text_find(p, (size_t)(end - p), " in step ")) != NULL)
		q += strlen(" in step ");
	else
		return false;
	len = step_len(q, end);
	if (len == 0 || len >= stepsz)
		return false;
	memcpy(step, q, len);
	step[len] = '\0';
	return true;
}

/* The Slurm job whose cgroup a kill was in (the one cgroup -> workload function reads
 * Slurm's trees), or OOMT_UNKNOWN. */
static int64_t job_of_kill(const struct oomt_event *ev)
{
	const char *paths[] = { ev->task_memcg, ev->oom_memcg };

	for (size_t i = 0; i < 2; i++) {
		struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };

		if (paths[i][0] && oomt_cgroup_workload_parse(paths[i], &w) == 0 &&
		    w.kind == OOMT_WORKLOAD_SLURM_JOB)
			return w.slurm_job_id;
	}
	return OOMT_UNKNOWN;
}

/* The job of a step as Slurm prints it ("191" of "191.batch"), or OOMT_UNKNOWN for one
 * that names no job's cgroup (an array task's "123_4", a het job's "77+0"). */
static int64_t job_of_step(const char *step)
{
	const char *p = step, *end = step + strcspn(step, ".");
	int64_t id;

	return oomt_text_parse_int(&p, end, &id) && p == end && id > 0 ? id : OOMT_UNKNOWN;
}

static bool kill_of_job(const struct oomt_event *ev, int64_t job)
{
	return ev->killer == OOMT_KILLER_KERNEL && ev->kind != OOMT_KIND_ALLOCATION_FAILURE &&
	       ev->victim.pid != OOMT_UNKNOWN && job_of_kill(ev) == job;
}

/* Names the step on the kills still held that are its job's (slurmstepd speaks when the
 * step ends, after them); false when none is held. */
static bool name_kills(struct oomt_parser_host *c, const char *step, int64_t job)
{
	bool found = false;

	if (c->cur.open && c->cur.killed && kill_of_job(&c->cur.ev, job)) {
		oomt_text_copy_trimmed(c->cur.ev.job, sizeof(c->cur.ev.job), step, strlen(step));
		found = true;
	}
	for (size_t i = 0; i < c->ndone; i++)
		if (kill_of_job(c->done[i].ev, job)) {
			oomt_text_copy_trimmed(c->done[i].ev->job, sizeof(c->done[i].ev->job), step,
			                       strlen(step));
			found = true;
		}
	return found;
}

/* A kill of the job read earlier and handed out already (the step ran on after it). */
static bool job_killed_before(const struct oomt_parser_host *c, int64_t job)
{
	for (size_t i = 0; i < JOB_KILLS_MAX; i++)
		if (c->job_kills[i] == job)
			return true;
	return false;
}

void oomt_job_oom_kill(struct oomt_parser_host *c, const struct oomt_event *ev)
{
	int64_t job = job_of_kill(ev);

	if (job == OOMT_UNKNOWN)
		return;
	c->job_kills[c->job_kills_next] = job;
	c->job_kills_next = (c->job_kills_next + 1) % JOB_KILLS_MAX;
}

void oomt_job_oom_line(struct oomt_parser *p, struct oomt_parser_host *c, const char *s,
                       size_t n)
{
	struct oomt_incident *in = &c->lone;
	char step[sizeof(in->ev.job)];
	int64_t count, job;

	if (!parse_job_line(s, n, &count, step, sizeof(step)))
		return;
	job = job_of_step(step);
	if (job != OOMT_UNKNOWN && (name_kills(c, step, job) || job_killed_before(c, job)))
		return;
	oomt_incident_start(p, c, in);
	in->ev.uptime_usec = OOMT_UNKNOWN;   /* slurmstepd's clock is not the kernel's */
	oomt_text_copy_trimmed(in->ev.job, sizeof(in->ev.job), step, strlen(step));
	in->ev.processes_killed = count;
	oomt_parser_host_retire(p, c, in);
}
