/* SPDX-License-Identifier: MIT */
/* Internal state of the incident parser (parser.h): per-host contexts, the incident being
 * read, the finished incidents still open to late lines, and the output queue. */
#ifndef OOMT_EVENT_MACHINE_H
#define OOMT_EVENT_MACHINE_H

#include <stdint.h>
#include "event/parser.h"
#include "event/lines.h"

#define HOSTS_MAX 64          /* per-host contexts kept (LRU) */
#define DONE_MAX 16           /* finished incidents waiting for late lines, per host */
#define GRACE_RECORDS 64      /* ... released after this many further records of the host */
#define GRACE_USEC 10000000LL /* ... or this much kernel uptime */
#define STALL_RECORDS 20000   /* an open report with no kill after this many records closes */
#define STALL_USEC 120000000LL
#define FREELIST_MAX 1024    /* one zone's free list: 11-16 orders with their types */
#define JOIN_MAX 2048         /* pr_cont pieces of one logical line */
#define LINE_MAX_SCAN 8192    /* kernel records are <= 1 KiB; longer lines are junk */
#define PARKED_MAX 3          /* concurrent reports of other printk callers, per host */
#define HOT_RECORDS 512       /* an open report whose last line is older than this is cold */
#define ALLOC_QUIET_RECORDS 256  /* an allocation failure's report ends after this many records
                                    (or GRACE_USEC) without a line of it: it has no end line */
#define AHEAD_USEC 60000000LL  /* a kernel clock going back less than this is a quote of
                                 lines printed later (a mail quoting a report's end above
                                 the report), not a reboot: the finished incidents stamped
                                 after it wait for their first line to come again */
#define JOB_KILLS_MAX 16       /* kernel kills in Slurm jobs remembered per host (job-oom.c) */
#define UNIT_BURST_USEC 5000000LL  /* systemd's unit lines of one kill and the kernel's
                                     lines of it are this close in wall time (unit-oom.c) */
#define KILL_FIRST_USEC 1000000LL  /* a kill pasted above its report's header is stamped at
                                    most this long after the header (kill-first.c) */
#define ALLOC_SUPPRESSED_RECORDS 16  /* "warn_alloc: N callbacks suppressed" belongs to a failure
                                        this close after it */

enum section { SEC_NONE, SEC_MEMINFO, SEC_MEMCG_STATS, SEC_TASKS, SEC_SLAB };

/* Two stamps of one report's lines: within GRACE_USEC, or one of them unknown. */
static inline bool oomt_usec_near(int64_t a, int64_t b)
{
	return a == OOMT_UNKNOWN || b == OOMT_UNKNOWN || (a > b ? a - b : b - a) <= GRACE_USEC;
}

struct oomt_incident {
	struct oomt_event ev;
	bool open;
	bool header;             /* started by an "invoked oom-killer" line */
	bool killed;             /* its kill line was seen */
	bool group;              /* oom.group announced: more kills share this report */
	bool panicked;           /* ended in an OOM panic: only the panic's CPU line may follow */
	uint64_t no_victim_at;   /* context record count of its "no killable processes" line */
	int64_t group_first_pid; /* the kill the oom.group line followed: the kernel prints it
	                            again among the members (docs/kernel-oom-report.md §2.9) */
	bool summary_new_kill;   /* kill line had the 5.1+ "...: Killed process" prefix */
	unsigned evidence;       /* EVID_* bits for the scope */
	enum section sec;
	struct task_cols cols;
	size_t tasks_cap;
	enum line_kind last;     /* kind of the last line, for pr_cont fragments */
	char join[JOIN_MAX];
	size_t join_len;
	uint64_t since;          /* context record count when opened / killed */
	uint64_t opened;         /* context record count when opened (identity of anonymous events) */
	int64_t since_uptime;
	char caller[16];         /* printk caller id ("T1234") of its lines, "" if unknown */
	int64_t body_uptime;     /* the stamp of its last line of a report body (kill-first.c) */
	int64_t first_uptime;    /* the stamp and the text (oomt_parser_line_hash) of the line */
	uint64_t first_hash;     /* that opened it: a repeat of it is a quote (AHEAD_USEC) */
	char freelist[FREELIST_MAX];  /* a free list's pr_cont pieces, each its own syslog */
	size_t freelist_len;          /* line, joined (zones.c oomt_line_free_list_piece) */
	int64_t freelist_uptime, freelist_time;   /* the stamp they share */
};

/* The report printed the 5.0 summary or a 5.1+ kill line: 5.0 or later, or RHEL8's 4.18
 * (the era of a task row's seven numbers, tasks.c). */
static inline bool oomt_incident_summary_era(const struct oomt_incident *in)
{
	return in->ev.constraint[0] || in->summary_new_kill;
}

struct oomt_held_event {
	struct oomt_event *ev;
	uint64_t at;             /* context record count when finished */
	int64_t uptime;
	int64_t first_uptime;    /* of its incident (struct oomt_incident) */
	uint64_t first_hash;
};

struct oomt_parser_host {
	char host[256];
	char boot_id[40];
	uint64_t used;           /* parser clock at last use (LRU) */
	uint64_t nrec;
	uint64_t last_report_rec; /* nrec of the last line that belongs to an OOM report */
	int64_t last_uptime;
	bool sysrq_pending;
	uint64_t sysrq_at;       /* nrec of the "Manual OOM execution" line */
	struct oomt_incident cur;     /* kernel report */
	struct oomt_incident parked[PARKED_MAX];  /* reports of other callers, interleaved with cur */
	struct oomt_incident us;      /* userspace killer action */
	enum oomt_killer us_killer;
	char us_reason[512];
	uint64_t us_reason_at;   /* nrec of the last reason line: its next lines may follow */
	int64_t oomd_first_pid, oomd_count;
	struct oomt_held_event done[DONE_MAX];
	size_t ndone;
	struct oomt_held_event ahead[DONE_MAX];  /* finished, stamped after the clock went back
	                                            to (AHEAD_USEC): a quote, when their first
	                                            line comes again */
	size_t nahead;
	struct oomt_event pre;       /* lines of a report read before it opened ... */
	uint64_t pre_at;             /* ... the nrec of the last one (0: none) ... */
	int64_t pre_uptime, pre_time; /* ... and its stamps (before-report.c) */
	bool pre_tail;               /* ... which was one of Mem-Info's last lines */
	struct oomt_incident burst;  /* systemd's unit lines no kernel kill explains yet
	                                (unit-oom.c) */
	struct oomt_incident kill_first;  /* a kill read above the header of its report (a paste
	                                     out of order), held until that report ends ... */
	uint64_t kill_first_for;     /* ... which opened at this nrec (kill-first.c) */
	struct oomt_incident lone;   /* an incident started and retired at once, beside cur:
	                                Slurm's line of kills the log does not hold (job-oom.c),
	                                a reaper line's kill while a report is open (machine.c) */
	int64_t job_kills[JOB_KILLS_MAX];  /* the Slurm jobs of the last kernel kills in a */
	size_t job_kills_next;             /* job's cgroup, 0 = none (a ring; job-oom.c) */
	int64_t alloc_suppressed;    /* the count of the last allocation rate-limit line ... */
	uint64_t alloc_suppressed_at; /* ... and its nrec (0: none pending) */
};

/* Two kills can hash alike (oomt_event_set_id: one pid selected again and again within a
 * minute of a log without uptime stamps); this many recent ids are remembered to number
 * such repeats. */
#define RECENT_IDS 64

/* A report line known to be incomplete (a wrap cut it), held until the next record says
 * whether it is the rest (wrap.c). */
struct oomt_wrap {
	bool on;
	struct oomt_parser_host *c;   /* its context (no other host is looked up meanwhile) */
	enum line_kind kind;
	struct oomt_record rec;       /* its metadata; msg is buf, caller is caller */
	const char *source;
	char caller[16];
	char pre[64];                 /* the words before its stamp (record.h: pre_stamp) */
	size_t pre_len;
	char buf[JOIN_MAX];
	size_t len;
	unsigned pieces;
};

struct oomt_parser {
	struct oomt_parser_host *hosts[HOSTS_MAX];
	size_t nhosts;
	uint64_t clock;
	const char *source;      /* of the record being fed */
	const struct oomt_record *rec;
	struct oomt_event **out; /* FIFO of finished events */
	size_t out_head, out_len, out_cap;
	int err;                 /* first allocation failure, reported by the next feed */
	struct {                 /* ids of the last events out, to tell repeats apart */
		char id[13];
		uint32_t repeats;
	} recent[RECENT_IDS];
	size_t recent_next;
	bool busy;               /* oomt_parser_busy(), brought up to date after each change */
	struct oomt_wrap wrap;   /* a wrapped line waiting for its rest */
	struct oomt_lead_rows *lead;  /* task rows before their report (lead-rows.c) */
};

/* parser.c: recompute p->busy (after every record that was read, finish and flush) */
void oomt_parser_update_busy(struct oomt_parser *p);

/* parser-host.c */
struct oomt_parser_host *oomt_parser_host_get(struct oomt_parser *p, const char *host);
void oomt_parser_host_close(struct oomt_parser *p, struct oomt_parser_host *c);
/* The kernel clock went back to now by less than AHEAD_USEC: close the host's incidents as
 * oomt_parser_host_close() does, but keep those first stamped after now in c->ahead. */
void oomt_parser_host_close_ahead(struct oomt_parser *p, struct oomt_parser_host *c,
                                  int64_t now);
/* A clock-anchor line at uptime with text hash h: an incident of c->ahead that it opened is
 * a quote of the report being read (dropped); those it passed are released. */
void oomt_parser_host_settle_ahead(struct oomt_parser *p, struct oomt_parser_host *c,
                                   int64_t uptime, uint64_t h);
/* The message's hash, blanks at both ends ignored and runs of blanks taken as one. */
uint64_t oomt_parser_line_hash(const char *s, size_t n);
void oomt_parser_host_free(struct oomt_parser_host *c);
void oomt_parser_host_tick(struct oomt_parser *p, struct oomt_parser_host *c, int64_t now);
void oomt_parser_host_retire(struct oomt_parser *p, struct oomt_parser_host *c,
                             struct oomt_incident *in);
void oomt_parser_host_release_all(struct oomt_parser *p, struct oomt_parser_host *c);
struct oomt_event *oomt_parser_host_find_kill(struct oomt_parser_host *c, int64_t pid,
                                              enum oomt_killer k);
struct oomt_event *oomt_parser_host_newest(struct oomt_parser_host *c, enum oomt_killer k);
/* The newest event of killer k (open or held) whose cgroup is the systemd unit's: the last
 * component of its task_memcg is the unit (an ellipsized path, "…tail", matches by its
 * tail); an event without a cgroup matches when it is the newest. NULL if none. */
struct oomt_event *oomt_parser_host_find_unit(struct oomt_parser_host *c, enum oomt_killer k,
                                              const char *unit);
/* The unit on every kill of the memory.oom.group kill that ev is one of (same report:
 * trigger, cgroup) that has none yet, ev included. */
void oomt_parser_host_set_group_unit(struct oomt_parser_host *c, const struct oomt_event *ev,
                                     const char *unit);
void oomt_incident_start(struct oomt_parser *p, struct oomt_parser_host *c,
                         struct oomt_incident *in);
/* Make c->cur the report of this record's printk caller; false = drop the line (a body
 * line of another caller's report that is not being tracked). */
bool oomt_parser_host_route_caller(struct oomt_parser *p, struct oomt_parser_host *c,
                                   bool can_start);

/* Finish an incident that waits for no late line: finalize it and hand it out at once. */
void oomt_parser_host_emit(struct oomt_parser *p, struct oomt_parser_host *c,
                           struct oomt_incident *in);

/* unit-oom.c: systemd's "<unit>: A process of this unit has been killed by the OOM killer."
 * and "<unit>: Failed with result 'oom-kill'." lines; a kernel kill just read (the burst of
 * the same instant may be about it); the burst's window checked once per record; the
 * burst handed out as an incident of its own (close, finish, flush). */
/* Slurm's "Detected N oom-kill event(s) in StepId=..." line; a kernel kill just read
 * (job-oom.c). */
void oomt_job_oom_line(struct oomt_parser *p, struct oomt_parser_host *c, const char *s,
                       size_t n);
void oomt_job_oom_kill(struct oomt_parser_host *c, const struct oomt_event *ev);
void oomt_unit_oom_line(struct oomt_parser *p, struct oomt_parser_host *c, const char *s,
                        size_t n);
void oomt_unit_oom_kill(struct oomt_parser *p, struct oomt_parser_host *c, struct oomt_event *ev);
void oomt_unit_oom_tick(struct oomt_parser *p, struct oomt_parser_host *c);
void oomt_unit_oom_emit(struct oomt_parser *p, struct oomt_parser_host *c);

/* before-report.c: a CPU line or Mem-Info total line while no report is open (kept, true)
 * and, after each kernel record, giving the kept lines to a report this record opened
 * without its header. */
bool oomt_before_report_offer(struct oomt_parser *p, struct oomt_parser_host *c,
                              enum line_kind kind, const struct line_rule *r, const char *s,
                              size_t n);
void oomt_before_report_apply(struct oomt_parser *p, struct oomt_parser_host *c);
/* The last line counted was one of Mem-Info's last lines, kept: the next may be one too,
 * without a prefilter needle (the parser is busy for it). */
bool oomt_before_report_busy(const struct oomt_parser_host *c);

/* kill-first.c: a kill pasted above the header of its report (docs/kernel-oom-report.md
 * §9.9). At a header: c->cur is put aside when it is such a kill. When an incident
 * ends: if it is the report the held kill waits for, the kill joins it when the stamps and
 * the victim agree, else the kill comes out first, an incident of its own. */
void oomt_kill_first_hold(struct oomt_parser *p, struct oomt_parser_host *c);
void oomt_kill_first_settle(struct oomt_parser *p, struct oomt_parser_host *c,
                            struct oomt_incident *in);
/* A line of this kind is one of a report's body, printed before its kill line. */
bool oomt_kill_first_body(enum line_kind kind);

/* machine.c: read the free-list pieces joined so far (a report line, retire) */
void oomt_incident_freelist_flush(struct oomt_incident *in);
/* machine.c: one more row of in's task table (bounded: OOMT_TASKS_MAX) */
void oomt_incident_add_task(struct oomt_parser *p, struct oomt_incident *in,
                            const struct oomt_task *t);

/* lead-rows.c (record.h: lead_row): before each record, the rows kept are forgotten when
 * lines were skipped since (lead_gap). A record without a needle while the parser is not
 * busy (kernel: the kernel's, machine.c kernel_record): kept when it is a task row, else
 * the rows kept are forgotten. After each kernel line of c: the rows kept go to the report
 * that line opened without its header (a selection, summary or kill line), or are
 * forgotten. After each record: the rows kept, given to no report, are forgotten. */
void oomt_lead_rows_gap(struct oomt_parser *p, const struct oomt_record *rec);
void oomt_lead_rows_keep(struct oomt_parser *p, const struct oomt_record *rec, bool kernel);
void oomt_lead_rows_report_line(struct oomt_parser *p, struct oomt_parser_host *c,
                                enum line_kind kind);
void oomt_lead_rows_record_done(struct oomt_parser *p);
void oomt_lead_rows_free(struct oomt_parser *p);

/* finalize.c */
void oomt_event_finalize(struct oomt_event *ev, const struct oomt_incident *in);

/* wrap.c: lines a mail client, terminal or web paste wrapped at a blank. Whether a line
 * of this kind is known to lack its end (then it is held); whether a record is its rest;
 * hold a line; append a rest (true: still incomplete, keep holding). */
bool oomt_wrap_incomplete(const struct oomt_parser_host *c, enum line_kind kind, const char *s,
                          size_t n);
bool oomt_wrap_continues(const struct oomt_wrap *w, const struct oomt_record *rec,
                         const char *s, size_t n);
/* Are s[0..n), the words before rec's stamp (record.h: pre_stamp), the held line's rest? */
bool oomt_wrap_takes_pre_stamp(const struct oomt_wrap *w, const struct oomt_record *rec,
                               const char *s, size_t n);
void oomt_wrap_hold(struct oomt_wrap *w, struct oomt_parser_host *c, enum line_kind kind,
                    const struct oomt_record *rec, const char *source, const char *s, size_t n);
bool oomt_wrap_append(struct oomt_wrap *w, const char *s, size_t n);
/* machine.c: read the held line as it is now (finish, flush, a record that is not its rest) */
void oomt_parser_release_wrap(struct oomt_parser *p);

/* machine-userspace.c */
bool oomt_parser_feed_userspace(struct oomt_parser *p, struct oomt_parser_host *c, const char *s,
                                size_t n);

#endif
