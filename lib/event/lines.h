/* SPDX-License-Identifier: MIT */
/* The incident parser's line kinds, its classifier table and its pure sub-parsers.
 * Formats and versions: docs/kernel-oom-report.md §2 and each parser's opening comment. Every
 * sub-parser reads one message as the sources deliver it (no transport prefix, no transport
 * noise) and fills only the fields the line carries; it returns false when the line is not
 * its kind. */
#ifndef OOMT_EVENT_LINES_H
#define OOMT_EVENT_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <oomtool/event.h>

enum line_kind {
	LK_OTHER = 0,
	LK_HEADER,          /* "<comm> invoked oom-killer: gfp_mask=..." */
	LK_SYSRQ,           /* "sysrq: Manual OOM execution" */
	LK_CPUSET,          /* "<comm> cpuset=<name> mems_allowed=<list>" (<= 4.20) */
	LK_CPU,             /* "CPU: N [UID: U ]PID: P Comm: ..." / "Pid: P, comm: ..." */
	LK_MEMINFO,         /* "Mem-Info:" */
	LK_MEMINFO_TOTAL,   /* swap, pagecache, pages RAM/reserved, hugepages lines */
	LK_SLAB_INFO,       /* "Unreclaimable slab info:" */
	LK_TASK_IN,         /* "Task in X killed as a result of limit of Y" (<= 4.20) */
	LK_MEMCG_COUNTER,   /* "memory: usage NkB, limit NkB, failcnt N" and friends */
	LK_MEMCG_STATS,     /* "Memory cgroup stats for <path>:" */
	LK_TASKS_STATE,     /* "Tasks state (memory values in pages):" (4.19+) */
	LK_TASK_HEADER,     /* "[ pid ]   uid  tgid total_vm ..." */
	LK_TASK_ROW,        /* "[ 1234]  1000  1234 ..." */
	LK_SUMMARY,         /* "oom-kill:constraint=..." (5.0+) */
	LK_SELECT,          /* "...: Kill process P (c) score S or sacrifice child" (<= 5.0) */
	LK_VICTIM,          /* "Killed process P (c) ..." */
	LK_OOM_GROUP,       /* "Tasks in X are going to be killed due to memory.oom.group set" */
	LK_REAPER,          /* "oom_reaper: reaped process ..." / "unable to reap pid:" */
	LK_SUPPRESSED,      /* "oom_kill_process: N callbacks suppressed" */
	LK_NO_VICTIM,       /* "Out of memory and no killable processes..." */
	LK_MEMCG_FRAME,     /* call-trace frame that proves a memcg charge OOM */
	LK_PAGEFAULT_FRAME, /* call-trace frame of pagefault_out_of_memory: a page fault's OOM */
	LK_OOM_FRAME,       /* call-trace frame of oom_kill_process: a report is being printed */
	LK_ALLOC_FRAME,     /* call-trace frame of warn_alloc: an allocation failure's report */
	LK_REBOOT,          /* "Linux version ..." */
	LK_UNIT_OOM,        /* systemd: "<unit>: A process of this unit has been killed by the OOM killer."
	                       and "<unit>: Failed with result 'oom-kill'." (unit-oom.c) */
	LK_JOB_OOM,         /* Slurm: "Detected N oom-kill event(s) in StepId=J.S ..." (job-oom.c) */
	LK_PANIC,           /* "Kernel panic - not syncing: <an OOM panic>" */
	LK_MEMCG_LIMIT,     /* "Memory limit reached of cgroup <path>" (4.6-4.20, no victim) */
	LK_ALLOC_FAIL,      /* "<comm>: page allocation failure: order:N, mode:0x..." and its
	                       stall and vmalloc forms (alloc-failure.c) */
	LK_PROTECTION,      /* "Memory cgroup min protection NkB -- low protection NkB" (6.19+) */
};

struct line_rule {
	const char *anchor;     /* literal substring */
	size_t len;             /* strlen(anchor), precomputed: this runs on every busy line */
	bool at_start;          /* anchor must start the (cleaned) message */
	bool at_end;            /* anchor must end it */
	enum line_kind kind;
	/* Fills the event from the line; NULL for kinds the state machine reads itself. */
	bool (*parse)(const char *s, size_t n, struct oomt_event *ev);
};

/* Classify one cleaned message by the first matching rule of the table (classify.c). */
enum line_kind oomt_line_classify(const char *s, size_t n, const struct line_rule **rule);
/* The table itself, in order (for tests: classify must answer as trying each rule). */
const struct line_rule *oomt_line_rules(size_t *count);

/* header.c */
bool oomt_line_parse_header(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_cpuset(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_cpu(const char *s, size_t n, struct oomt_event *ev);

/* meminfo.c */
bool oomt_line_parse_meminfo_tokens(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_meminfo_total(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_slab_row(const char *s, size_t n, struct oomt_event *ev);

/* zones.c: a Mem-Info zone line or free-list line (§2.4 items 5 and 6) into ev->zones;
 * false for any other line. */
bool oomt_line_parse_zone(const char *s, size_t n, struct oomt_event *ev);
/* A zone line that cannot be of ev's Mem-Info: after a free list, or its zone's second. */
bool oomt_line_zone_is_stray(const char *s, size_t n, const struct oomt_event *ev);
/* A piece of a free-list line that syslog split at its pr_cont() pieces (zones.c). */
enum oomt_fl_piece { FL_NONE = 0, FL_START, FL_PART, FL_END };
enum oomt_fl_piece oomt_line_free_list_piece(const char *s, size_t n);
/* 1 zone line, 2 free-list line, 0 other; *whole: it has its last field (zones.c). */
int oomt_line_zone_shape(const char *s, size_t n, bool *whole);

/* alloc-failure.c (docs/kernel-oom-report.md §2.10) */
bool oomt_line_parse_alloc_failure(const char *s, size_t n, struct oomt_event *ev);
/* "warn_alloc: N callbacks suppressed" and the older functions' forms; *shared is set when
 * the count is of a rate limit other messages share (2.6.32 "__ratelimit", printk_ratelimit
 * callers): it counts failures only when a failure follows. */
bool oomt_line_parse_alloc_suppressed(const char *s, size_t n, int64_t *count, bool *shared);
bool oomt_line_parse_protection(const char *s, size_t n, struct oomt_event *ev);
/* A call-trace line of an allocation failure: interrupt markers, the first frame outside
 * the allocator (alloc.caller) and the first module (alloc.module). */
void oomt_line_parse_alloc_frame(const char *s, size_t n, struct oomt_event *ev);
/* SLUB's and SLAB's "  cache: NAME, ..." line after their warning (ev->alloc_slab):
 * alloc_slab_cache and the order; false for any other line. */
bool oomt_line_parse_slab_cache(const char *s, size_t n, struct oomt_event *ev);

/* memcg.c */
bool oomt_line_parse_task_in(const char *s, size_t n, struct oomt_event *ev);
/* A "Task in" line is memcg evidence unless what it names after "limit of" is no cgroup
 * path ("limit of host": a shortage of the whole machine). */
bool oomt_line_task_in_names_memcg(const char *s, size_t n);
bool oomt_line_parse_memcg_limit(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_memcg_counter(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_memcg_stats_header(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_memcg_stat(const char *s, size_t n, struct oomt_event *ev);

/* tasks.c: the header decides which column holds what. */
enum task_col {
	TC_SKIP = 0, TC_UID, TC_TGID, TC_TOTAL_VM, TC_RSS, TC_RSS_ANON, TC_RSS_FILE,
	TC_RSS_SHMEM, TC_NR_PTES, TC_NR_PMDS, TC_PGTABLES_BYTES, TC_SWAPENTS,
	TC_OOM_ADJ, TC_OOM_SCORE_ADJ,
};
#define TASK_COLS_MAX 16
struct task_cols {
	enum task_col col[TASK_COLS_MAX];   /* numeric columns after "[ pid ]", in order */
	int n;
};
bool oomt_line_parse_task_header(const char *s, size_t n, struct task_cols *tc);
/* The numbers of a task row after "[ pid ]" (*named: text follows them); -1 if s is not a
 * row. */
int oomt_line_task_row_numbers(const char *s, size_t n, bool *named);
bool oomt_line_parse_task_row(const char *s, size_t n, const struct task_cols *tc,
                              struct oomt_task *t);
/* The layout of a row whose header is not in the log, when only one era fits it
 * (summary_era: its report printed the 5.0 summary or a 5.1+ kill line). */
bool oomt_task_cols_guess(const char *s, size_t n, const struct oomt_event *ev,
                          bool summary_era, struct task_cols *tc);

/* summary.c */
bool oomt_line_parse_summary(const char *s, size_t n, struct oomt_event *ev);

/* kill.c */
bool oomt_line_parse_select(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_victim(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_oom_group(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_reaper(const char *s, size_t n, struct oomt_event *ev);
bool oomt_line_parse_suppressed(const char *s, size_t n, struct oomt_event *ev);
/* "Kernel panic - not syncing: " and an OOM reason (panic_on_oom, nothing killable): fills
 * panic, panic_on_oom and no_killable_processes; false for every other panic. */
bool oomt_line_parse_panic(const char *s, size_t n, struct oomt_event *ev);
/* Scope evidence of a kill or selection line prefix: OOMT_SCOPE_UNKNOWN if none. */
enum oomt_scope oomt_line_kill_scope(const char *s, size_t n);

/* userspace.c: returns the line's role; fills ev for kill lines. */
enum us_line {
	US_NONE = 0,
	US_SELECT,          /* a victim is being chosen (nohang block, oomd candidates) */
	US_KILL,            /* a kill action: starts an event */
	US_KILL_MORE,       /* another pid of the same action (oomd "attempting to kill") */
	US_OUTCOME,         /* follow-up about the last kill (exited, failed, escalated) */
	US_REASON_START,    /* why the next kill will happen: a new reason (ev->reason, may be "") */
	US_REASON,          /* one more line of that reason (ev->reason; nohang's thresholds) */
	US_VICTIM_FIELD,    /* one field of a nohang victim block */
	US_UNIT_DONE,       /* systemd: "<unit>: systemd-oomd killed N process(es) in this unit." */
	US_CANCEL,          /* the victim just chosen will not be acted on (nohang: "nothing to do") */
	US_KILL_DETAIL,     /* a later line of the kill message just read (Android: "to free
	                       NkB ...", its reason): fills ev; its reason is appended */
};
enum us_line oomt_userspace_parse_line(enum oomt_killer k, const char *s, size_t n,
                                       struct oomt_event *ev);
/* Which userspace killer a record belongs to, by ident first, then by text. */
bool oomt_userspace_killer_of(const char *ident, const char *s, size_t n, enum oomt_killer *k);

/* android.c: lowmemorykiller and lmkd (k one of them): US_KILL for a kill line,
 * US_KILL_DETAIL for a later line of its message, US_NONE otherwise. */
enum us_line oomt_android_parse_line(enum oomt_killer k, const char *s, size_t n,
                                     struct oomt_event *ev);
/* lmkd's "Process got killed in Nms" or "Stop waiting for process kill after Nms" after
 * its last kill: true with ev->outcome set to that text. */
bool oomt_android_parse_outcome(const char *s, size_t n, struct oomt_event *ev);
/* Whether s is a kill line of Android's killers, and whose (ident: the record's, or NULL). */
bool oomt_android_killer_of(const char *ident, const char *s, size_t n, enum oomt_killer *k);

/* scope.c */
void oomt_event_decide_scope(struct oomt_event *ev, unsigned evidence);

/* event.c: identity. */
bool oomt_event_is_anonymous(const struct oomt_event *ev);
void oomt_event_set_id_salted(struct oomt_event *ev, uint64_t salt);
/* The id of the n-th (n >= 2) event whose id came out as ev->id (parser-host.c). */
void oomt_event_set_id_repeat(struct oomt_event *ev, uint32_t n);
enum {
	EVID_MEMCG_PREFIX = 1 << 0,   /* "Memory cgroup out of memory:" */
	EVID_GLOBAL_PREFIX = 1 << 1,  /* "Out of memory:" */
	EVID_TASK_IN = 1 << 2,        /* "Task in ... limit of" */
	EVID_MEMCG_FRAME = 1 << 3,    /* mem_cgroup_out_of_memory in the trace */
	EVID_MPOL_BIND = 1 << 4,
	EVID_GLOBAL_OOM = 1 << 5,     /* ",global_oom" in the summary */
	EVID_MEMCG_STATS = 1 << 6,    /* "Memory cgroup stats for" (memcg reports only) */
	EVID_NO_VICTIM = 1 << 7,      /* "Out of memory and no killable processes" */
	EVID_NO_VICTIM_PANIC = 1 << 8, /* ... and its panic (or the <= 4.18 panic): global */
	EVID_NO_VICTIM_WENT_ON = 1 << 9, /* ... and the kernel log went on without a panic */
	EVID_PAGEFAULT_FRAME = 1 << 10, /* pagefault_out_of_memory in the trace */
};

#endif
