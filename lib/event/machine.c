/* SPDX-License-Identifier: MIT */
/*
 * The incident parser's push state machine (parser.h). Each record's message (as the
 * sources deliver it: no transport prefix, no transport noise) is trimmed, classified by
 * the table in classify.c and handed to the handler of its kind; kernel lines build the
 * report of the host's current incident, userspace killers' lines are in
 * machine-userspace.c.
 *
 * An incident opens at a header, or at any report line that can only belong to an OOM
 * report when the header is missing (summary, "Task in", memcg stats, task table,
 * selection, kill). It is finished by the next header, by a kill that is not its own, by
 * a reboot, by finish(), or once killed, after GRACE_RECORDS/GRACE_USEC; finished
 * incidents wait DONE_MAX/GRACE long for late reaper, oom.group and rate-limit lines. A
 * kill pasted above the header of its report joins that report (kill-first.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "event/machine.h"
#include "event/text.h"
#include "util/text.h"
#include "event/event-internal.h"

static struct oomt_incident *report(struct oomt_parser *p, struct oomt_parser_host *c)
{
	/* a report line after the kill belongs to the next, headerless, report */
	if (!c->cur.open || c->cur.killed) {
		oomt_parser_host_retire(p, c, &c->cur);
		oomt_incident_start(p, c, &c->cur);
	}
	return &c->cur;
}

static struct oomt_incident *open_unkilled(struct oomt_parser_host *c)
{
	return c->cur.open && !c->cur.killed ? &c->cur : NULL;
}

static void join_set(struct oomt_incident *in, const char *s, size_t n)
{
	if (n >= JOIN_MAX)
		n = JOIN_MAX - 1;
	memcpy(in->join, s, n);
	in->join_len = n;
}

/* pr_cont pieces of the summary, "Task in" and the 3.10 stats header arrive as records of
 * their own when another CPU printed in between (kmsg flag 'c', or a leading ','). */
static bool cont_fragment(struct oomt_incident *in, const char *s, size_t n, bool cont)
{
	const char *sep = "";

	if (!in->open || in->join_len == 0)
		return false;
	switch (in->last) {
	case LK_HEADER:     /* 4.14: "nodemask=" + "(null)" + ",  order=..." */
	case LK_SUMMARY:
	case LK_ALLOC_FAIL: /* 4.10-4.14 warn_alloc: ", mode:..." + "nodemask=" + "(null)" */
		if (!cont && s[0] != ',')
			return false;
		break;
	case LK_TASK_IN:
		if (!oomt_text_starts_with(s, n, "killed as a result") && !(in->join_len >= 8 &&
		    memcmp(in->join + in->join_len - 8, "limit of", 8) == 0))
			return false;
		sep = " ";
		break;
	case LK_MEMCG_STATS:
		if (!oomt_text_starts_with(s, n, "for ") && s[0] != ':')
			return false;
		sep = s[0] == ':' ? "" : " ";
		break;
	default:
		return false;
	}
	if (in->join_len + strlen(sep) + n >= JOIN_MAX)
		return true;   /* a runaway join: swallow, the report keeps what it had */
	memcpy(in->join + in->join_len, sep, strlen(sep));
	in->join_len += strlen(sep);
	memcpy(in->join + in->join_len, s, n);
	in->join_len += n;
	if (in->last == LK_HEADER)
		oomt_line_parse_header(in->join, in->join_len, &in->ev);
	else if (in->last == LK_ALLOC_FAIL)
		oomt_line_parse_alloc_failure(in->join, in->join_len, &in->ev);
	else if (in->last == LK_SUMMARY)
		oomt_line_parse_summary(in->join, in->join_len, &in->ev);
	else if (in->last == LK_TASK_IN) {
		oomt_line_parse_task_in(in->join, in->join_len, &in->ev);
		if (!oomt_line_task_in_names_memcg(in->join, in->join_len))
			in->evidence &= ~(unsigned)EVID_TASK_IN;  /* "limit of" + "host" */
	} else
		oomt_line_parse_memcg_stats_header(in->join, in->join_len, &in->ev);
	return true;
}

static void on_header(struct oomt_parser *p, struct oomt_parser_host *c, const char *s, size_t n)
{
	oomt_kill_first_hold(p, c);
	oomt_parser_host_retire(p, c, &c->cur);
	oomt_incident_start(p, c, &c->cur);
	c->cur.header = true;
	oomt_line_parse_header(s, n, &c->cur.ev);
	join_set(&c->cur, s, n);
	if (c->sysrq_pending)
		c->cur.ev.sysrq = true;
	c->sysrq_pending = false;
	c->alloc_suppressed_at = 0;   /* a shared rate limit's count: not the failures' */
}

static void add_task(struct oomt_parser *p, struct oomt_incident *in, const char *s, size_t n)
{
	struct oomt_task t;

	/* rows without their header (a grep or paste lost it, also right after "Tasks state
	 * (memory values in pages):"): read when one era fits them */
	if ((!in->ev.has_tasks || in->sec == SEC_TASKS) && in->cols.n == 0 &&
	    oomt_task_cols_guess(s, n, &in->ev, oomt_incident_summary_era(in), &in->cols)) {
		in->ev.has_tasks = true;
		in->sec = SEC_TASKS;
		in->ev.missing |= OOMT_PART_TASKS_CUT;
	}
	if (in->sec != SEC_TASKS || in->cols.n == 0)
		return;
	if (!oomt_line_parse_task_row(s, n, &in->cols, &t)) {
		/* "[ 4242]  1000 4242  73357 ..." cut by a pager or a screen: a row is lost */
		if (t.pid != OOMT_UNKNOWN)
			in->ev.missing |= OOMT_PART_TASKS_CUT;
		return;
	}
	oomt_incident_add_task(p, in, &t);
}

void oomt_incident_add_task(struct oomt_parser *p, struct oomt_incident *in,
                            const struct oomt_task *t)
{
	if (in->ev.n_tasks == OOMT_TASKS_MAX) {
		in->ev.missing |= OOMT_PART_TASKS_CUT;
		return;
	}
	if (in->ev.n_tasks == in->tasks_cap) {
		size_t cap = in->tasks_cap ? in->tasks_cap * 2 : 64;
		struct oomt_task *nt;

		if (cap > OOMT_TASKS_MAX)
			cap = OOMT_TASKS_MAX;
		nt = realloc(in->ev.tasks, cap * sizeof(*nt));
		if (!nt) {
			p->err = -ENOMEM;
			in->ev.missing |= OOMT_PART_TASKS_CUT;
			return;
		}
		in->ev.tasks = nt;
		in->tasks_cap = cap;
	}
	in->ev.tasks[in->ev.n_tasks++] = *t;
}

/* A kill that shares the report of a memory.oom.group kill: every part of the report
 * (trigger, memcg counters, Mem-Info, task table) and a fresh victim. Each kill owns its
 * copy of the table, as every event does, so that each can be read, merged and freed on
 * its own; the copy is bounded like any table (OOMT_TASKS_MAX rows). */
static void start_group_member(struct oomt_parser *p, struct oomt_parser_host *c)
{
	struct oomt_incident *in = &c->cur;
	struct oomt_event keep = in->ev;   /* shallow: its tasks go with the first kill */
	unsigned evidence = in->evidence;
	bool header = in->header;
	int64_t first = in->group_first_pid;
	struct oomt_victim victim;
	struct oomt_reaped reaped;
	struct oomt_task *tasks = NULL;

	if (keep.n_tasks) {
		tasks = malloc(keep.n_tasks * sizeof(*tasks));
		if (tasks)
			memcpy(tasks, keep.tasks, keep.n_tasks * sizeof(*tasks));
		else
			p->err = -ENOMEM;
	}
	oomt_parser_host_retire(p, c, in);
	oomt_incident_start(p, c, in);
	victim = in->ev.victim;
	reaped = in->ev.reaped;
	keep.tasks = tasks;
	if (keep.n_tasks && !tasks) {   /* out of memory: this kill goes without the table */
		keep.n_tasks = 0;
		keep.has_tasks = false;
	}
	keep.time_usec = in->ev.time_usec;
	keep.year_guessed = in->ev.year_guessed;
	keep.uptime_usec = in->ev.uptime_usec;
	keep.victim = victim;
	keep.reaped = reaped;
	keep.has_reaped = false;
	keep.missing &= OOMT_PART_TASKS_CUT;
	keep.group_kill = true;
	keep.id[0] = '\0';
	in->ev = keep;
	in->tasks_cap = keep.n_tasks;
	in->evidence = evidence;
	in->header = header;
	in->group = true;
	in->group_first_pid = first;
}

/* Whether a kill line stamped now_usec comes a minute or more after then_usec (both the
 * kernel's uptime): not a repeat of that kill, but a new kill of the pid, reused by a
 * restarted service. */
static bool kill_much_later(int64_t then_usec, int64_t now_usec)
{
	return then_usec != OOMT_UNKNOWN && now_usec != OOMT_UNKNOWN &&
	       now_usec - then_usec >= 60 * INT64_C(1000000);
}

/* Kill lines: "Killed process" (all eras). A repeat of the kill just read (an oom.group
 * repeat, a duplicated paste) is dropped; another pid after an oom.group line is a member
 * of the group; any other pid is a new, rate-limited report. */
static void on_victim(struct oomt_parser *p, struct oomt_parser_host *c, const char *s, size_t n)
{
	struct oomt_incident *in = &c->cur;
	struct oomt_event probe;
	enum oomt_scope sc = oomt_line_kill_scope(s, n);
	const char *kp = oomt_text_find(s, n, "Killed process");

	oomt_event_init(&probe);
	if (!oomt_line_parse_victim(s, n, &probe))
		return;
	if (in->open && in->killed && (in->ev.victim.pid == probe.victim.pid ||
	                               (in->group && in->group_first_pid == probe.victim.pid)) &&
	    !kill_much_later(in->since_uptime, p->rec->uptime_usec))
		return;
	if (!in->open && c->ndone && c->done[c->ndone - 1].ev->killer == OOMT_KILLER_KERNEL &&
	    c->done[c->ndone - 1].ev->victim.pid == probe.victim.pid &&
	    !kill_much_later(c->done[c->ndone - 1].ev->uptime_usec, p->rec->uptime_usec))
		return;
	if (in->open && in->killed && in->group)
		start_group_member(p, c);
	else if (!in->open || in->killed) {
		oomt_parser_host_retire(p, c, in);
		oomt_incident_start(p, c, in);
	}
	oomt_line_parse_victim(s, n, &in->ev);
	in->killed = true;
	in->since = c->nrec;
	in->since_uptime = p->rec->uptime_usec;
	if (sc == OOMT_SCOPE_MEMCG)
		in->evidence |= EVID_MEMCG_PREFIX;
	else if (sc == OOMT_SCOPE_GLOBAL)
		in->evidence |= EVID_GLOBAL_PREFIX;
	if (kp && kp > s && sc != OOMT_SCOPE_UNKNOWN && oomt_text_find(s, (size_t)(kp - s), ": "))
		in->summary_new_kill = true;
	if (oomt_text_find(s, n, "(oom_kill_allocating_task)"))
		in->ev.allocating_task = true;
	oomt_unit_oom_kill(p, c, &in->ev);
	oomt_job_oom_kill(c, &in->ev);
}

/* Whether a reaper line for pid belongs to the report being read, whose kill line is lost:
 * the report has chosen (a kill is printed right after its choice) and chose pid, or, by a
 * selection line (<= 5.0), a task whose child the kill may have named; or, with no choice
 * in the log, pid is a row of its task table (a log that lost the lines after the table).
 * Otherwise a report has killed nothing yet (header, trace, Mem-Info): a reaper line then
 * is an earlier kill's, the reaper thread printing between the report's lines. */
static bool reaps_open_report(const struct oomt_incident *in, int64_t pid)
{
	if (in->ev.victim.pid != OOMT_UNKNOWN)
		return in->ev.victim.pid == pid;   /* the summary's victim (5.0+) */
	if (in->ev.victim.selected_pid != OOMT_UNKNOWN)
		return true;
	for (size_t i = 0; i < in->ev.n_tasks; i++)
		if (in->ev.tasks[i].pid == pid)
			return true;
	return false;
}

static void on_reaper(struct oomt_parser *p, struct oomt_parser_host *c, const char *s, size_t n)
{
	struct oomt_event probe, *ev;
	struct oomt_incident *in = &c->cur;
	struct oomt_incident *open = open_unkilled(c);

	oomt_event_init(&probe);
	if (!oomt_line_parse_reaper(s, n, &probe))
		return;
	ev = oomt_parser_host_find_kill(c, probe.reaped.pid, OOMT_KILLER_KERNEL);
	/* Android's in-kernel killer has the reaper free its victim too (4.9+ kernels) */
	if (!ev)
		ev = oomt_parser_host_find_kill(c, probe.reaped.pid, OOMT_KILLER_LOWMEMORYKILLER);
	if (!ev) {
		/* the kill line is gone (cut paste, lost record) but the reaper proves a kill */
		if (open && open->ev.kind != OOMT_KIND_ALLOCATION_FAILURE &&
		    !reaps_open_report(open, probe.reaped.pid)) {
			in = &c->lone;   /* an earlier kill's: the open report goes on */
			oomt_incident_start(p, c, in);
		} else if (!open || open->ev.kind == OOMT_KIND_ALLOCATION_FAILURE) {
			oomt_parser_host_retire(p, c, &c->cur);
			oomt_incident_start(p, c, &c->cur);
		}
		ev = &in->ev;
		ev->victim.pid = probe.reaped.pid;
		memcpy(ev->victim.comm, probe.victim.comm, sizeof(ev->victim.comm));
		in->killed = true;
		in->ev.missing |= OOMT_PART_KILL;
	}
	ev->reaped = probe.reaped;
	ev->has_reaped = true;
	if (in == &c->lone)
		oomt_parser_host_retire(p, c, in);
}

void oomt_incident_freelist_flush(struct oomt_incident *in)
{
	if (in->freelist_len)
		oomt_line_parse_meminfo_tokens(in->freelist, in->freelist_len, &in->ev);
	in->freelist_len = 0;
}

/* A free list in pieces, one syslog line each with one stamp (zones.c
 * oomt_line_free_list_piece): "DMA: " starts it, "N*SkB" and "(UME)" pieces are appended,
 * "= NkB" ends it; any other line, or another stamp, ends it as far as it got. True when
 * the line was such a piece. */
static bool freelist_piece(struct oomt_incident *in, const struct oomt_record *rec,
                           const char *s, size_t n)
{
	enum oomt_fl_piece k = oomt_line_free_list_piece(s, n);

	if (in->freelist_len && (k == FL_NONE || k == FL_START ||
	                         rec->uptime_usec != in->freelist_uptime ||
	                         rec->realtime_usec != in->freelist_time))
		oomt_incident_freelist_flush(in);
	if (k == FL_START && n < FREELIST_MAX) {
		memcpy(in->freelist, s, n);
		in->freelist_len = n;
		in->freelist_uptime = rec->uptime_usec;
		in->freelist_time = rec->realtime_usec;
		return true;
	}
	if (!in->freelist_len || k == FL_NONE || k == FL_START)
		return false;
	if (in->freelist_len + 1 + n < FREELIST_MAX) {
		in->freelist[in->freelist_len++] = ' ';
		memcpy(in->freelist + in->freelist_len, s, n);
		in->freelist_len += n;
	}
	if (k == FL_END)
		oomt_incident_freelist_flush(in);
	return true;
}

static void on_section_line(struct oomt_incident *in, const struct oomt_record *rec,
                            const char *s, size_t n)
{
	switch (in->sec) {
	case SEC_MEMINFO:
		if (!freelist_piece(in, rec, s, n))
			oomt_line_parse_meminfo_tokens(s, n, &in->ev);
		break;
	case SEC_MEMCG_STATS: oomt_line_parse_memcg_stat(s, n, &in->ev); break;
	case SEC_SLAB: oomt_line_parse_slab_row(s, n, &in->ev); break;
	case SEC_TASKS: break;
	case SEC_NONE:
		if (oomt_text_starts_with(s, n, "active_anon:") ||
		    (oomt_text_starts_with(s, n, "Active:") && oomt_text_find(s, n, " inactive:"))) {
			/* Mem-Info's first counters (2.6.2x "Active:N inactive:N"), its title cut
			 * ("[...]" in a mail, a forum post that left lines out) */
			in->ev.has_meminfo = true;
			in->sec = SEC_MEMINFO;
			oomt_line_parse_meminfo_tokens(s, n, &in->ev);
		} else if (in->ev.kind == OOMT_KIND_ALLOCATION_FAILURE &&
		           !oomt_line_parse_slab_cache(s, n, &in->ev)) {
			oomt_line_parse_alloc_frame(s, n, &in->ev);
		}
		break;
	}
}

/* ---- allocation failures (docs/kernel-oom-report.md §2.10) ---- */

/* An allocation failure's report is the warning, the cpuset line, the stack, Mem-Info and
 * 6.19's protection line: any line of an OOM report ends it first. */
static bool ends_alloc_report(enum line_kind k)
{
	return k == LK_VICTIM || k == LK_SELECT || k == LK_PANIC || k == LK_NO_VICTIM ||
	       k == LK_TASK_IN || k == LK_MEMCG_COUNTER || k == LK_MEMCG_STATS ||
	       k == LK_MEMCG_LIMIT || k == LK_TASKS_STATE || k == LK_TASK_HEADER ||
	       k == LK_SUMMARY;
}

/* The slab allocator's warning right after a page allocation failure's report: SLUB and
 * SLAB print it when the page allocation for a new slab failed, and the page allocator has
 * just printed that failure (its stack, Mem-Info). One failure: the warning says which
 * cache it was for. Its "cache:" and "node N: slabs:" lines are no Mem-Info counters. */
static bool slab_warning_of_open_failure(struct oomt_parser_host *c, const char *s, size_t n)
{
	struct oomt_incident *in = &c->cur;
	struct oomt_event probe;
	bool slab;

	if (!in->open || in->ev.kind != OOMT_KIND_ALLOCATION_FAILURE || in->ev.alloc_slab ||
	    in->ev.alloc.stall || in->ev.alloc.vmalloc)
		return false;
	oomt_event_init(&probe);
	slab = oomt_line_parse_alloc_failure(s, n, &probe) && probe.alloc_slab;
	oomt_event_done(&probe);
	if (!slab)
		return false;
	in->ev.alloc_slab = true;
	in->sec = SEC_NONE;
	return true;
}

static void on_alloc_failure(struct oomt_parser *p, struct oomt_parser_host *c, const char *s,
                             size_t n)
{
	if (slab_warning_of_open_failure(c, s, n))
		return;
	oomt_parser_host_retire(p, c, &c->cur);
	oomt_incident_start(p, c, &c->cur);
	c->cur.header = true;
	oomt_line_parse_alloc_failure(s, n, &c->cur.ev);
	join_set(&c->cur, s, n);
	/* the rate limit's count is printed right before the failure that passed it */
	if (c->alloc_suppressed_at && c->nrec - c->alloc_suppressed_at <= ALLOC_SUPPRESSED_RECORDS)
		c->cur.ev.alloc.suppressed_before = c->alloc_suppressed;
	c->alloc_suppressed_at = 0;
}

/* "warn_alloc: N callbacks suppressed": kept for the failure that follows it. */
static bool on_alloc_suppressed(struct oomt_parser_host *c, const char *s, size_t n)
{
	int64_t count;
	bool shared;

	if (!oomt_line_parse_alloc_suppressed(s, n, &count, &shared))
		return false;
	c->alloc_suppressed = count;
	c->alloc_suppressed_at = c->nrec;
	return true;
}

/* The report being read, or a new one for a line that only an OOM report prints when the
 * report's start is not in the log (a cut log, a grep). */
static struct oomt_incident *open_or_start(struct oomt_parser *p, struct oomt_parser_host *c)
{
	struct oomt_incident *in = open_unkilled(c);

	if (in)
		return in;
	oomt_parser_host_retire(p, c, &c->cur);
	oomt_incident_start(p, c, &c->cur);
	return &c->cur;
}

/* "Kernel panic - not syncing: <OOM reason>": the report being read ends in a panic instead
 * of a kill (panic_on_oom, nothing killable). The panic's own stack dump follows, in the task
 * that panicked, which is the OOM's trigger: its CPU line may still name the trigger and the
 * kernel (on_panic_cpu); nothing else after the panic belongs to the report (the rest of the
 * dump, the crash kernel's boot). A sysrq-f just before a panic with no report of its own
 * (the console showed only the panic) is the panic's cause. */
static void on_panic(struct oomt_parser *p, struct oomt_parser_host *c, const char *s, size_t n)
{
	struct oomt_event probe;
	struct oomt_incident *in;

	oomt_event_init(&probe);
	if (!oomt_line_parse_panic(s, n, &probe))
		return;
	in = open_or_start(p, c);
	in->ev.kind = OOMT_KIND_OOM_PANIC;
	memcpy(in->ev.panic, probe.panic, sizeof(in->ev.panic));
	in->ev.panic_on_oom = probe.panic_on_oom;
	if (probe.no_killable_processes) {
		in->ev.no_killable_processes = true;
		in->evidence |= EVID_NO_VICTIM | EVID_NO_VICTIM_PANIC;
	}
	if (!in->header && c->sysrq_pending && c->nrec - c->sysrq_at <= GRACE_RECORDS)
		in->ev.sysrq = true;
	c->sysrq_pending = false;
	in->panicked = true;
	in->since = c->nrec;
	in->since_uptime = p->rec->uptime_usec;
}

/* The first kernel line after an OOM panic: the panic's CPU line gives the trigger's pid and
 * comm and the kernel release when the report did not (a console that showed only the
 * panic); any line ends the report. False when the line is still to be read as usual. */
static bool on_after_panic(struct oomt_parser *p, struct oomt_parser_host *c, enum line_kind kind,
                           const char *s, size_t n)
{
	struct oomt_incident *in = &c->cur;
	struct oomt_event probe;

	if (kind == LK_CPU) {
		oomt_event_init(&probe);
		if (oomt_line_parse_cpu(s, n, &probe) && in->ev.trigger.pid == OOMT_UNKNOWN &&
		    (!in->ev.trigger.comm[0] || strcmp(in->ev.trigger.comm, probe.trigger.comm) == 0)) {
			in->ev.trigger.pid = probe.trigger.pid;
			memcpy(in->ev.trigger.comm, probe.trigger.comm, sizeof(in->ev.trigger.comm));
		}
		if (!in->ev.kernel[0])
			memcpy(in->ev.kernel, probe.kernel, sizeof(in->ev.kernel));
	}
	oomt_parser_host_retire(p, c, in);
	return kind == LK_CPU;
}

/* "Out of memory and no killable processes..." (4.19+ after the report; the report has no
 * kill). A global OOM panics right after it; a memcg OOM (or sysrq-f) goes on: the next
 * kernel line tells which (feed_kernel). */
static void on_no_victim(struct oomt_parser *p, struct oomt_parser_host *c)
{
	struct oomt_incident *in = open_or_start(p, c);

	in->ev.no_killable_processes = true;
	in->evidence |= EVID_NO_VICTIM;
	in->no_victim_at = c->nrec;
}

static bool trusted_frame(const char *s, size_t n, const char *a, const char *b);

/* Lines that only matter inside a report being read. */
static void on_body(struct oomt_parser_host *c, enum line_kind kind, const struct line_rule *r,
		    const char *s, size_t n)
{
	struct oomt_incident *in = open_unkilled(c);

	if (!in)
		return;
	switch (kind) {
	case LK_CPU:
		if (in->ev.trigger.pid == OOMT_UNKNOWN && !in->ev.kernel[0])
			r->parse(s, n, &in->ev);
		break;
	case LK_CPUSET:
	case LK_MEMINFO_TOTAL:
		r->parse(s, n, &in->ev);
		break;
	case LK_MEMINFO:
		in->ev.has_meminfo = true;
		in->sec = SEC_MEMINFO;
		break;
	case LK_SLAB_INFO:
		in->sec = SEC_SLAB;
		break;
	case LK_MEMCG_FRAME:
		in->evidence |= EVID_MEMCG_FRAME;
		break;
	case LK_PAGEFAULT_FRAME:
		/* before 5.16 it calls out_of_memory() for the whole machine (§9.16) */
		if (trusted_frame(s, n, "pagefault_out_of_memory", "pagefault_out_of_memory"))
			in->evidence |= EVID_PAGEFAULT_FRAME;
		break;
	default:
		break;
	}
}

static void on_report_start(struct oomt_parser *p, struct oomt_parser_host *c, enum line_kind kind,
			    const struct line_rule *r, const char *s, size_t n)
{
	struct oomt_incident *in;

	if (kind == LK_SELECT && !oomt_text_find(s, n, " score "))
		return;   /* "Kill process %d (%s) sharing same memory" */
	if (kind == LK_TASK_HEADER && c->cur.open && !c->cur.killed && c->cur.ev.has_tasks &&
	    c->cur.ev.n_tasks == 0) {
		in = &c->cur;   /* "Tasks state" came first */
	} else if (kind == LK_SELECT && c->cur.open && !c->cur.killed &&
		   c->cur.ev.victim.selected_pid != OOMT_UNKNOWN) {
		/* a report selects once: a second selection before any kill line is the next
		 * report, whose kill line (and this one's) is not in the log */
		oomt_parser_host_retire(p, c, &c->cur);
		oomt_incident_start(p, c, &c->cur);
		in = &c->cur;
	} else {
		in = report(p, c);
	}
	if (r->parse)
		r->parse(s, n, &in->ev);
	switch (kind) {
	case LK_TASK_IN:
		if (oomt_line_task_in_names_memcg(s, n))
			in->evidence |= EVID_TASK_IN;
		break;
	case LK_MEMCG_LIMIT:
		in->evidence |= EVID_TASK_IN;
		break;
	case LK_MEMCG_STATS:
		in->sec = SEC_MEMCG_STATS;
		in->evidence |= EVID_MEMCG_STATS;
		break;
	case LK_TASKS_STATE:
		in->ev.has_tasks = true;
		in->sec = SEC_TASKS;
		break;
	case LK_TASK_HEADER:
		in->ev.has_tasks = oomt_line_parse_task_header(s, n, &in->cols) || in->ev.has_tasks;
		in->sec = SEC_TASKS;
		break;
	case LK_SUMMARY:
		if (oomt_text_find(s, n, ",global_oom"))
			in->evidence |= EVID_GLOBAL_OOM;
		break;
	case LK_SELECT:
		if (oomt_line_kill_scope(s, n) == OOMT_SCOPE_MEMCG)
			in->evidence |= EVID_MEMCG_PREFIX;
		else if (oomt_line_kill_scope(s, n) == OOMT_SCOPE_MEMPOLICY)
			in->evidence |= EVID_MPOL_BIND;
		else if (oomt_line_kill_scope(s, n) == OOMT_SCOPE_GLOBAL)
			in->evidence |= EVID_GLOBAL_PREFIX;
		break;
	default:
		break;
	}
	if (kind == LK_SUMMARY || kind == LK_TASK_IN || kind == LK_MEMCG_STATS ||
	    kind == LK_MEMCG_LIMIT)
		join_set(in, s, n);
}

static bool starts_report(enum line_kind k)
{
	return k == LK_TASK_IN || k == LK_MEMCG_COUNTER || k == LK_MEMCG_STATS ||
	       k == LK_TASKS_STATE || k == LK_TASK_HEADER || k == LK_SUMMARY || k == LK_SELECT ||
	       k == LK_MEMCG_LIMIT;
}

/* Lines whose kernel clock we trust for reboot detection: OOM anchors only, because
 * interleaved lines may carry foreign clocks (containers, relays) and "[...]" rows are
 * not always task rows. */
static bool clock_anchor(enum line_kind k)
{
	return k == LK_HEADER || k == LK_VICTIM || k == LK_SUMMARY || k == LK_SELECT ||
	       k == LK_TASK_IN || k == LK_TASKS_STATE || k == LK_MEMINFO || k == LK_REAPER ||
	       k == LK_OOM_GROUP || k == LK_MEMCG_STATS || k == LK_PANIC || k == LK_NO_VICTIM ||
	       k == LK_MEMCG_LIMIT || k == LK_ALLOC_FAIL;
}

/* Reboots end every incident of the host: a "Linux version" line, a new boot id, or the
 * kernel clock running backwards on an OOM anchor. A step back of less than AHEAD_USEC
 * may be a quote of the report's end above the report: the incidents stamped after it
 * wait for their first line to come again (then they were the quote, and are dropped). */
static void check_reboot(struct oomt_parser *p, struct oomt_parser_host *c, enum line_kind kind,
                         const char *s, size_t n)
{
	const struct oomt_record *r = p->rec;

	if (r->boot_id && *r->boot_id && c->boot_id[0] &&
	    strncmp(c->boot_id, r->boot_id, sizeof(c->boot_id) - 1) != 0)
		oomt_parser_host_close(p, c);
	else if (kind == LK_REBOOT)
		oomt_parser_host_close(p, c);
	else if (clock_anchor(kind) && r->uptime_usec != OOMT_UNKNOWN &&
		 c->last_uptime != OOMT_UNKNOWN && r->uptime_usec + 1000000 < c->last_uptime) {
		if (c->last_uptime - r->uptime_usec < AHEAD_USEC)
			oomt_parser_host_close_ahead(p, c, r->uptime_usec);
		else
			oomt_parser_host_close(p, c);
	}
	if (c->nahead && clock_anchor(kind) && r->uptime_usec != OOMT_UNKNOWN)
		oomt_parser_host_settle_ahead(p, c, r->uptime_usec, oomt_parser_line_hash(s, n));
	if (r->boot_id && *r->boot_id)
		oomt_text_copy_trimmed(c->boot_id, sizeof(c->boot_id), r->boot_id, strlen(r->boot_id));
	if (clock_anchor(kind) && r->uptime_usec != OOMT_UNKNOWN)
		c->last_uptime = r->uptime_usec;
}

/* Lines printed from another context than the report's (reaper thread, sysrq handler,
 * ratelimit, systemd) or matched by pid: never routed by caller. */
static bool caller_free(enum line_kind k)
{
	return k == LK_REAPER || k == LK_SUPPRESSED || k == LK_SYSRQ || k == LK_REBOOT ||
	       k == LK_UNIT_OOM || k == LK_JOB_OOM || k == LK_OOM_GROUP;
}

/* Lines that may open a report of their own when its start is not in the log. */
static bool can_open(enum line_kind k)
{
	return k == LK_HEADER || k == LK_VICTIM || k == LK_PANIC || k == LK_NO_VICTIM ||
	       k == LK_ALLOC_FAIL || k == LK_OOM_FRAME || starts_report(k);
}

static bool symbol_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

/* Where s names the function name whole ("dump_header+0x4a/0x201", "dump_header.isra.5+...",
 * arm's "(dump_header) from ..."), not as part of another name ("ath_dump_header"). */
static const char *frame_symbol(const char *s, size_t n, const char *name)
{
	const char *end = s + n, *k = s;
	size_t len = strlen(name);

	while ((k = oomt_text_find(k, (size_t)(end - k), name)) != NULL) {
		const char *after = k + len;

		if ((k == s || !symbol_char(k[-1])) && (after == end || !symbol_char(*after)))
			return k;
		k++;
	}
	return NULL;
}

/* Where a frame of the function a or b starts, blanks before it included, or NULL; *stale
 * when the unwinder marked it "? " (a word it found on the stack, maybe left there by an
 * earlier call). */
static const char *frame_of(const char *s, size_t n, const char *a, const char *b, bool *stale)
{
	const char *k = frame_symbol(s, n, a);

	if (!k)
		k = frame_symbol(s, n, b);
	while (k && k > s && k[-1] == ' ')
		k--;
	*stale = k && k > s && k[-1] == '?';
	return k;
}

/* A frame of oom_kill_process or dump_header that the unwinder trusts: not "? dump_header
 * +0x...", which may be a stale address left on the stack by an earlier kill (any later
 * trace). */
static bool reliable_oom_frame(const char *s, size_t n)
{
	bool stale;

	return frame_of(s, n, "oom_kill_process", "dump_header", &stale) && !stale;
}

/* A frame of a or b that the unwinder trusts, or one after its "[<address>]": kernels that
 * print the address (up to 4.x) without frame pointers mark every frame "? " (alloc-failure.c
 * takes the caller from them the same way). */
static bool trusted_frame(const char *s, size_t n, const char *a, const char *b)
{
	bool stale;
	const char *k = frame_of(s, n, a, b, &stale);

	return k && (!stale || oomt_text_find(s, (size_t)(k - s), "[<"));
}

/* A trusted frame of warn_alloc (3.x warn_alloc_failed). */
static bool reliable_alloc_frame(const char *s, size_t n)
{
	return trusted_frame(s, n, "warn_alloc", "warn_alloc_failed");
}

/* The call trace of an allocation failure whose warning line a paste lost: warn_alloc
 * prints the warning, the stack and Mem-Info, so a trusted frame of it opens a failure
 * without a header; the CPU line just before it names the task (before-report.c), and
 * the frames and Mem-Info that follow are read into it. */
static void on_alloc_frame(struct oomt_parser *p, struct oomt_parser_host *c)
{
	oomt_parser_host_retire(p, c, &c->cur);
	oomt_incident_start(p, c, &c->cur);
	c->cur.ev.kind = OOMT_KIND_ALLOCATION_FAILURE;
}

/* The call trace of a report whose header (and the lines after it that hold a needle) a
 * log lost: dump_header, or its caller oom_kill_process, is on the stack, so the kernel was
 * printing an OOM report here (5.x+ call dump_header from out_of_memory too, when nothing
 * is killable: that trace has no oom_kill_process frame). It opens one without a header,
 * as a table or a kill line would (§2.3); the CPU line just before it names the trigger
 * (before-report.c), and the Mem-Info, table and kill that follow are read into it. */
static void on_oom_frame(struct oomt_parser *p, struct oomt_parser_host *c)
{
	(void)report(p, c);
}

/* An incident whose first line gave no wall time (markup a paste put before its stamp,
 * "**Fri Aug  7 08:24:06 ...") takes the next line's that has one, back by the kernel time
 * between the two when that is a second or more (a syslog stamp has whole seconds). */
static void late_time(struct oomt_incident *in, const struct oomt_record *rec)
{
	int64_t d = 0;

	if (!in->open || in->ev.time_usec != OOMT_UNKNOWN || rec->realtime_usec == OOMT_UNKNOWN)
		return;
	if (in->ev.uptime_usec != OOMT_UNKNOWN && rec->uptime_usec != OOMT_UNKNOWN)
		d = rec->uptime_usec - in->ev.uptime_usec;
	if (d < 0)
		return;   /* another clock, or another boot */
	in->ev.time_usec = rec->realtime_usec - (d >= 1000000 ? d : 0);
	in->ev.year_guessed = rec->year_guessed;
}

static void feed_kernel(struct oomt_parser *p, struct oomt_parser_host *c, enum line_kind kind,
			const struct line_rule *r, const char *s, size_t n)
{
	struct oomt_incident *in = &c->cur;

	/* a kernel line after "no killable processes" that is not its panic: no panic came */
	if (in->open && in->ev.no_killable_processes && !in->panicked && kind != LK_PANIC &&
	    kind != LK_REBOOT && c->nrec > in->no_victim_at)
		in->evidence |= EVID_NO_VICTIM_WENT_ON;
	if (in->open && in->panicked && on_after_panic(p, c, kind, s, n))
		return;
	if (!caller_free(kind) &&
	    !oomt_parser_host_route_caller(p, c, can_open(kind)))
		return;
	if (in->open && in->freelist_len && kind != LK_OTHER)
		oomt_incident_freelist_flush(in);
	if (in->open && (p->rec->cont || s[0] == ',') && cont_fragment(in, s, n, p->rec->cont))
		return;
	if (in->open && kind == LK_OTHER && in->last == LK_TASK_IN && cont_fragment(in, s, n, false))
		return;
	if (in->open && in->ev.kind == OOMT_KIND_ALLOCATION_FAILURE && ends_alloc_report(kind))
		oomt_parser_host_retire(p, c, in);
	if (kind == LK_OOM_FRAME && (open_unkilled(c) || !reliable_oom_frame(s, n)))
		kind = LK_OTHER;   /* a frame of the report being read, or a stale one */
	if (kind == LK_ALLOC_FRAME && (open_unkilled(c) || !reliable_alloc_frame(s, n)))
		kind = LK_OTHER;
	if (kind == LK_HEADER)
		on_header(p, c, s, n);
	else if (kind == LK_VICTIM)
		on_victim(p, c, s, n);
	else if (kind == LK_REAPER)
		on_reaper(p, c, s, n);
	else if (kind == LK_SYSRQ) {
		c->sysrq_pending = true;
		c->sysrq_at = c->nrec;
	}
	else if (kind == LK_OOM_GROUP) {
		if (in->open && in->killed) {
			in->group = true;
			in->group_first_pid = in->ev.victim.pid;
			in->ev.group_kill = true;
		}
	} else if (kind == LK_SUPPRESSED) {
		struct oomt_event *ev = oomt_parser_host_newest(c, OOMT_KILLER_KERNEL);

		if (!on_alloc_suppressed(c, s, n) && ev)
			oomt_line_parse_suppressed(s, n, ev);
	} else if (kind == LK_ALLOC_FAIL) {
		on_alloc_failure(p, c, s, n);
	} else if (kind == LK_PROTECTION) {
		if (open_unkilled(c))
			r->parse(s, n, &in->ev);
	} else if (kind == LK_UNIT_OOM)
		oomt_unit_oom_line(p, c, s, n);
	else if (kind == LK_JOB_OOM)
		oomt_job_oom_line(p, c, s, n);
	else if (kind == LK_PANIC)
		on_panic(p, c, s, n);
	else if (kind == LK_NO_VICTIM)
		on_no_victim(p, c);
	else if (kind == LK_OOM_FRAME)
		on_oom_frame(p, c);
	else if (kind == LK_ALLOC_FRAME)
		on_alloc_frame(p, c);
	else if (starts_report(kind) && !(kind == LK_MEMCG_COUNTER && open_unkilled(c)))
		on_report_start(p, c, kind, r, s, n);
	else if (kind == LK_MEMCG_COUNTER)
		r->parse(s, n, &in->ev);
	else if ((kind == LK_TASK_ROW || kind == LK_OTHER) && open_unkilled(c) &&
		 in->sec == SEC_TASKS && oomt_text_is_elision(s, n, " []()"))
		in->ev.missing |= OOMT_PART_TASKS_CUT;  /* "...", "[...]": a paste left rows out */
	else if (kind == LK_TASK_ROW && open_unkilled(c) &&
		 in->ev.kind == OOMT_KIND_ALLOCATION_FAILURE)
		on_section_line(in, p->rec, s, n);   /* a "[<ffffffff...>] func+0x..." frame */
	else if (kind == LK_TASK_ROW && open_unkilled(c))
		add_task(p, in, s, n);
	else if (kind == LK_OTHER && open_unkilled(c))
		on_section_line(in, p->rec, s, n);
	else if (open_unkilled(c) || !oomt_before_report_offer(p, c, kind, r, s, n))
		on_body(c, kind, r, s, n);
	oomt_before_report_apply(p, c);
	oomt_lead_rows_report_line(p, c, kind);
	late_time(in, p->rec);
	if (in->open && !in->killed && (kind != LK_OTHER ||
	                                (in->sec != SEC_NONE && in->ev.kind == OOMT_KIND_ALLOCATION_FAILURE)))
		in->since = c->nrec;   /* progress: the stall limit counts from the last report line */
	if (in->open && !in->killed && oomt_kill_first_body(kind) &&
	    p->rec->uptime_usec != OOMT_UNKNOWN &&
	    (in->body_uptime == OOMT_UNKNOWN || p->rec->uptime_usec > in->body_uptime))
		in->body_uptime = p->rec->uptime_usec;
	if (in->open && kind != LK_OTHER) {
		if (kind != LK_TASK_ROW && kind != LK_MEMINFO_TOTAL && kind != LK_MEMCG_FRAME &&
		    kind != LK_PAGEFAULT_FRAME && kind != LK_MEMINFO && kind != LK_SLAB_INFO && kind != LK_MEMCG_STATS &&
		    kind != LK_TASKS_STATE && kind != LK_TASK_HEADER && kind != LK_CPU)
			in->sec = SEC_NONE;
		in->last = kind;
	}
}

/* A line that names no host while one host's report is being read (and the unnamed
 * host has none): console captures and relays mix prefixes with and without the host
 * (a netconsole receiver's "host [stamp]" lines, a console's bare ones), and the table
 * rows of a report must not go to another context than its header. */
static struct oomt_parser_host *hostless_target(struct oomt_parser *p)
{
	struct oomt_parser_host *found = NULL;

	for (size_t i = 0; i < p->nhosts; i++) {
		struct oomt_parser_host *c = p->hosts[i];

		if (!c->host[0]) {
			if (c->cur.open)
				return NULL;
			continue;
		}
		if (c->cur.open && !c->cur.killed && c->nrec - c->last_report_rec < 16) {
			if (found)
				return NULL;
			found = c;
		}
	}
	if (found)
		found->used = ++p->clock;
	return found;
}

/* Whose line the kernel parser reads (docs/kernel-oom-report.md §9.15): the kernel's (a
 * record with facility 0 or none, and no ident or "kernel"), never a program's that quotes
 * one ("myapp[12]: Out of memory: Killed process ...", nohang's "kmsg: " echo). systemd's
 * unit line is systemd's own (facility 3 in the journal, §7). */
static bool kernel_record(const struct oomt_record *rec, enum line_kind kind, const char *s,
                          size_t n)
{
	if (kind == LK_UNIT_OOM || kind == LK_JOB_OOM)
		return true;
	if (rec->facility > 0)
		return false;
	if (rec->ident && rec->ident[0] && strcmp(rec->ident, "kernel") != 0)
		return false;
	return !oomt_text_starts_with(s, n, "kmsg: ");
}

void oomt_parser_release_wrap(struct oomt_parser *p)
{
	struct oomt_wrap *w = &p->wrap;
	const struct oomt_record *rec = p->rec;
	const char *source = p->source;
	const struct line_rule *r;
	enum line_kind kind;

	if (!w->on)
		return;
	w->on = false;
	p->rec = &w->rec;
	p->source = w->source;
	kind = oomt_line_classify(w->buf, w->len, &r);
	feed_kernel(p, w->c, kind, r, w->buf, w->len);
	p->rec = rec;
	p->source = source;
}

int oomt_parser_feed(struct oomt_parser *p, const struct oomt_record *rec, const char *source)
{
	const struct line_rule *r;
	struct oomt_parser_host *c;
	const char *s;
	size_t n;
	enum line_kind kind;
	int err;

	if (!p || !rec || !rec->msg)
		return -EINVAL;
	oomt_lead_rows_gap(p, rec);
	/* The prefilter's contract (prefilter.h): while the parser is not busy, a line without
	 * a needle is no line at all, not even counted. So a source that skips such lines and
	 * one that hands them all out give the same incidents. */
	if (rec->no_needle && !p->busy) {
		/* but a task row may be read by the report opened next (lead-rows.c) */
		oomt_lead_rows_keep(p, rec, kernel_record(rec, LK_TASK_ROW, rec->msg, rec->msg_len));
		return 0;
	}
	s = rec->msg;
	n = rec->msg_len > LINE_MAX_SCAN ? LINE_MAX_SCAN : rec->msg_len;
	oomt_text_trim(&s, &n);
	p->rec = rec;
	p->source = source;
	if (p->wrap.on && rec->pre_stamp) {
		/* the words before the stamp: the held line's rest that a mail client wrapped and
		 * glued to this record (wrap.c), else a relay's and no part of the message */
		const char *ps = rec->pre_stamp;
		size_t pn = strlen(ps);

		oomt_text_trim(&ps, &pn);
		if (oomt_wrap_takes_pre_stamp(&p->wrap, rec, ps, pn) &&
		    !oomt_wrap_append(&p->wrap, ps, pn)) {
			oomt_parser_release_wrap(p);
			/* as below: as if the joined line had been read at once */
			oomt_parser_update_busy(p);
			if (rec->no_needle && !p->busy)
				goto out;
		}
	}
	if (p->wrap.on) {
		/* the rest of a wrapped line is no line of its own */
		if (oomt_wrap_continues(&p->wrap, rec, s, n)) {
			if (!oomt_wrap_append(&p->wrap, s, n))
				oomt_parser_release_wrap(p);
			goto out;
		}
		oomt_parser_release_wrap(p);
		/* read as if the held line had been read at once (the prefilter's contract) */
		oomt_parser_update_busy(p);
		if (rec->no_needle && !p->busy)
			goto out;
	}
	kind = n > 0 ? oomt_line_classify(s, n, &r) : LK_OTHER;
	/* a stale "? oom_kill_process" frame outside a report is no line: it would part the
	 * CPU line from the report that opens after the trace (before-report.c) */
	if (kind == LK_OOM_FRAME && !p->busy && !reliable_oom_frame(s, n))
		goto out;
	c = (!rec->host || !rec->host[0]) && kind != LK_REBOOT &&
	    (!rec->ident || strcmp(rec->ident, "kernel") == 0) ? hostless_target(p) : NULL;
	if (!c)
		c = oomt_parser_host_get(p, rec->host);
	if (!c)
		return -ENOMEM;
	oomt_parser_host_tick(p, c, clock_anchor(kind) ? rec->uptime_usec : OOMT_UNKNOWN);
	if (kind != LK_OTHER)
		c->last_report_rec = c->nrec;
	if (n > 0) {
		check_reboot(p, c, kind, s, n);
		if (!oomt_parser_feed_userspace(p, c, s, n) && kernel_record(rec, kind, s, n)) {
			if (oomt_wrap_incomplete(c, kind, s, n))
				oomt_wrap_hold(&p->wrap, c, kind, rec, source, s, n);
			else
				feed_kernel(p, c, kind, r, s, n);
		}
	}
out:
	oomt_lead_rows_record_done(p);
	p->rec = NULL;
	oomt_parser_update_busy(p);
	err = p->err;
	p->err = 0;
	return err;
}
