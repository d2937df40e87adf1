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
 * step: the kills of the same instant whose cgroup is the job's ("/job_<id>/" in Slurm's
 * cgroup v1 and v2 trees) get it. Otherwise the line is the only trace of the kills: one
 * incident, killer kernel, victim unknown, job the step, processes_killed the count,
 * missing every part of the kernel report (docs/kernel-oom-report.md §7).
 */
#include <string.h>
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

/* The cgroup path holds the job's directory: "/slurm/uid_1000/job_191/step_batch",
 * "/system.slice/slurmstepd.scope/job_191/step_batch/user/task_0". */
static bool job_in_path(const char *path, const char *step)
{
	size_t id = strcspn(step, ".");
	const char *p = path;

	while ((p = strstr(p, "/job_")) != NULL) {
		p += strlen("/job_");
		if (strncmp(p, step, id) == 0 && (p[id] == '/' || p[id] == '\0'))
			return true;
	}
	return false;
}

static bool kill_of_job(const struct oomt_event *ev, const char *step)
{
	return ev->killer == OOMT_KILLER_KERNEL && ev->kind != OOMT_KIND_ALLOCATION_FAILURE &&
	       ev->victim.pid != OOMT_UNKNOWN &&
	       (job_in_path(ev->task_memcg, step) || job_in_path(ev->oom_memcg, step));
}

/* Names the step on the kills still held that are its own (slurmstepd speaks when the step
 * ends, after them); false when none is held. */
static bool name_kills(struct oomt_parser_host *c, const char *step)
{
	bool found = false;

	if (c->cur.open && c->cur.killed && kill_of_job(&c->cur.ev, step)) {
		oomt_text_copy_trimmed(c->cur.ev.job, sizeof(c->cur.ev.job), step, strlen(step));
		found = true;
	}
	for (size_t i = 0; i < c->ndone; i++)
		if (kill_of_job(c->done[i].ev, step)) {
			oomt_text_copy_trimmed(c->done[i].ev->job, sizeof(c->done[i].ev->job), step,
			                       strlen(step));
			found = true;
		}
	return found;
}

/* A kill of the job read earlier and handed out already (the step ran on after it). */
static bool job_killed_before(const struct oomt_parser_host *c, const char *step)
{
	size_t id = strcspn(step, ".");

	for (size_t i = 0; i < JOB_KILLS_MAX; i++)
		if (strlen(c->job_kills[i]) == id && strncmp(c->job_kills[i], step, id) == 0)
			return true;
	return false;
}

void oomt_job_oom_kill(struct oomt_parser_host *c, const struct oomt_event *ev)
{
	const char *path = strstr(ev->task_memcg, "/job_") ? ev->task_memcg : ev->oom_memcg;
	const char *j = strstr(path, "/job_");
	size_t n;

	if (!j)
		return;
	j += strlen("/job_");
	n = strcspn(j, "/");
	if (n == 0 || n >= sizeof(c->job_kills[0]))
		return;
	memcpy(c->job_kills[c->job_kills_next], j, n);
	c->job_kills[c->job_kills_next][n] = '\0';
	c->job_kills_next = (c->job_kills_next + 1) % JOB_KILLS_MAX;
}

void oomt_job_oom_line(struct oomt_parser *p, struct oomt_parser_host *c, const char *s,
                       size_t n)
{
	struct oomt_incident *in = &c->lone;
	char step[sizeof(in->ev.job)];
	int64_t count;

	if (!parse_job_line(s, n, &count, step, sizeof(step)) || name_kills(c, step) ||
	    job_killed_before(c, step))
		return;
	oomt_incident_start(p, c, in);
	in->ev.uptime_usec = OOMT_UNKNOWN;   /* slurmstepd's clock is not the kernel's */
	oomt_text_copy_trimmed(in->ev.job, sizeof(in->ev.job), step, strlen(step));
	in->ev.processes_killed = count;
	oomt_parser_host_retire(p, c, in);
}
