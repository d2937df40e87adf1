/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_MODEL_H
#define OOMTOOL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/event.h>

/*
 * The kernel's victim selection, recomputed from one incident (docs/kernel-oom-report.md
 * §4), and the findings that explain an incident. Pure functions over struct
 * oomt_event: no I/O, no text for humans (the prose lives in cmd/explain-kill-report.c).
 * The same ranking of the running processes: oomtool/live.h.
 */

/* Badness formula eras, told apart by what the report shows (task-table columns, line
 * forms, the kernel release when the CPU line prints it), never by a version alone. */
enum oomt_era {
	OOMT_ERA_UNKNOWN = 0,
	OOMT_ERA_TOTAL_VM,     /* <= 2.6.35: badness() from total_vm, cpu time, children */
	OOMT_ERA_NORMALIZED,   /* 2.6.36-3.5: (rss+swap[+ptes])*1000/T + adj, clamped 1..1000 */
	OOMT_ERA_PAGES,        /* 3.6-5.8: rss+ptes+swap + adj*(T/1000) pages, minimum 1 */
	OOMT_ERA_SIGNED,       /* 5.9+: same sum, may be negative, ties go to the later task */
};

/* What the model had to assume; each bit is named in JSON and explained in the report. */
enum oomt_assume {
	OOMT_ASSUME_PAGE_SIZE      = 1 << 0,  /* page size not derivable: 4096 assumed */
	OOMT_ASSUME_NO_SWAP        = 1 << 1,  /* swap part of T unknown: 0 assumed */
	OOMT_ASSUME_MEMSW_SWAP     = 1 << 2,  /* v1 memsw-limit minus limit taken as swap (host swap unknown) */
	OOMT_ASSUME_GLOBAL_T       = 1 << 3,  /* cpuset/mempolicy: allowed nodes unknown, RAM+swap used */
	OOMT_ASSUME_NO_T           = 1 << 4,  /* T unknown: adj contributions left out */
	OOMT_ASSUME_ROOT_PROXY     = 1 << 5,  /* CAP_SYS_ADMIN bonus given to uid 0 rows (a
	                                          table shows no capabilities; live: no CapEff) */
	OOMT_ASSUME_ROOT_UNKNOWN   = 1 << 6,  /* era may or may not have the root bonus: none applied */
	OOMT_ASSUME_TIE_RULE       = 1 << 7,  /* 5.1-5.8 vs 5.9+ not told apart: 5.9+ rules used */
	OOMT_ASSUME_APPROX         = 1 << 8,  /* <= 2.6.35: total_vm << oom_adj only (cpu time,
	                                          children, capabilities not in the log) */
	OOMT_ASSUME_NO_SWAP_COLUMN = 1 << 9,  /* <= 3.5 table: swap entries and page tables not shown */
	OOMT_ASSUME_SWAPPINESS     = 1 << 10, /* memcg swappiness unknown: non-zero assumed */
	OOMT_ASSUME_NO_CAP_BY_SCORE = 1 << 11, /* the printed score shows no root bonus: none applied */
	OOMT_ASSUME_RAM_TOTALS     = 1 << 12, /* RAM = "pages RAM" - "pages reserved": no zone
	                                          lines with managed sizes, or they do not add
	                                          up (oomt_event_usable_ram) */
	OOMT_ASSUME_RELEASE_UNKNOWN = 1 << 13, /* live: the running kernel's release unreadable:
	                                          5.9+ rules used */
	OOMT_ASSUME_T_FROM_SCORE   = 1 << 14, /* T not in the log: solved from the score the
	                                          kernel printed for its choice (<= 5.0) */
	OOMT_ASSUME_PRE59_BY_CHOICE = 1 << 15, /* 5.1-5.8 or 5.9+ not told apart, and only the
	                                          5.1-5.8 rules (negative scores clamped to 1,
	                                          ties to the first task) give the kernel's
	                                          choice: those are used */
	OOMT_ASSUME_VICTIM_BY_SIZE = 1 << 16, /* the killed pid is in no row (RHEL 6 prints a
	                                          thread's id): the one row whose total_vm is the
	                                          kill line's, and rss within a tenth, is its
	                                          process */
	OOMT_ASSUME_PAGE_SIZE_ARCH = 1 << 17, /* page size not in the log: the default of the
	                                          architecture the release names (LoongArch:
	                                          16 KiB) */
	OOMT_ASSUME_ROOT_BY_TABLE  = 1 << 18, /* no release, a table with nr_ptes (3.6-4.14):
	                                          the root bonus of most of those, 3% (3.10.y,
	                                          RHEL 7, 3.14+), not 3.7-3.13's 30 points */
	OOMT_ASSUME_ROOT_30_BY_SCORE = 1 << 19, /* no release, a table with nr_ptes: only
	                                          3.6-3.13's bonus of 30 points gives the
	                                          score the kernel printed */
	OOMT_ASSUME_SELECTED_THREAD = 1 << 20, /* <= 5.0: the pid selected is a thread of the
	                                          process killed, not its parent: the killed
	                                          pid is the lower, or its rss alone gives
	                                          the score printed */
	OOMT_ASSUME_ROOT_3_BY_SCORE = 1 << 21, /* no release, a table with pgtables_bytes and a
	                                          selection line (4.15-5.0): only 4.15-4.16's
	                                          3% bonus gives the score the kernel printed
	                                          (4.17-5.0 gave none) */
	OOMT_ASSUME_T_MIN_FROM_SCORE = 1 << 22, /* T not in the log, and the score 0 printed
	                                          (with the choice) bounds it only from
	                                          below: ranked at that bound */
	OOMT_ASSUME_LAST           = OOMT_ASSUME_T_MIN_FROM_SCORE,
};

enum oomt_skip {
	OOMT_SKIP_NONE = 0,
	OOMT_SKIP_INIT,           /* pid 1 */
	OOMT_SKIP_ADJ_MIN,        /* oom_score_adj -1000 (2.6.36+) */
	OOMT_SKIP_OOM_DISABLE,    /* oom_adj -17 (<= 2.6.35) */
	OOMT_SKIP_NO_DATA,        /* the row lacks rss */
	OOMT_SKIP_OOM_VICTIM,     /* killed by an earlier invocation moments before */
};

/* Why the model's pick and the kernel's differ (or why they cannot be compared). */
enum oomt_reason {
	OOMT_REASON_NONE = 0,
	OOMT_REASON_NO_KILL,          /* the log has no kill for this invocation */
	OOMT_REASON_NO_TABLE,         /* no task table, or no usable rows */
	OOMT_REASON_USERSPACE,        /* earlyoom/systemd-oomd/nohang: not the kernel's choice */
	OOMT_REASON_SACRIFICE_CHILD,  /* <= 5.0: the selected task's child was killed */
	OOMT_REASON_ALLOCATING_TASK,  /* vm.oom_kill_allocating_task: no scan at all */
	OOMT_REASON_GROUP_KILL,       /* memory.oom.group: the whole cgroup is killed */
	OOMT_REASON_TABLE_CUT,        /* the table was cut short */
	OOMT_REASON_VICTIM_NOT_LISTED,/* the victim is not in the table (exited, or outside it) */
	OOMT_REASON_MEMCG_SUBTREE,    /* memcg OOM: the table does not show who was in the subtree */
	OOMT_REASON_MISSING_T,        /* totalpages unknown and oom_score_adj values differ */
	OOMT_REASON_ROOT_BONUS,       /* the CAP_SYS_ADMIN bonus decides, and uid 0 is only a proxy */
	OOMT_REASON_NEAR_TIE,         /* within 1%: memory moved between selection and the dump */
	OOMT_REASON_OLD_BADNESS,      /* <= 2.6.35 badness() cannot be recomputed */
	OOMT_REASON_UNEXPLAINED,
	OOMT_REASON_VICTIM_FROM_KILL_LINE, /* agrees, with the unlisted victim scored from its
	                                      "Killed process" line (5.4+: adj and pgtables) */
	OOMT_REASON_ALLOWED_NODES,    /* cpuset/mempolicy OOM: the kernel ranked only the tasks
	                                 whose allowed nodes intersect the allocation's, and the
	                                 table does not show which nodes a task may use */
	OOMT_REASON_NOTHING_KILLABLE, /* "Out of memory and no killable processes...": the kernel
	                                 found no task it was allowed to kill */
	OOMT_REASON_PANIC,            /* the kernel panicked instead of choosing (vm.panic_on_oom) */
	OOMT_REASON_SCORE_TIE,        /* the kernel's victim scores exactly the model's pick (all at
	                                 the minimum, 1, when oom_score_adj takes them below it):
	                                 a tie the kernel settles by the order it walks the tasks,
	                                 which the table keeps; the era's rule gives the other, so
	                                 the scores were not equal for the kernel (an assumption) */
};

struct oomt_rank {
	size_t task;              /* index into the model's rows (oomt_model_task) */
	int64_t pid;
	int64_t points;           /* era units: pages (3.6+), 0..1000 (2.6.36-3.5), approx (<=2.6.35) */
	int64_t base_points;      /* before adj and root bonus */
	int64_t adj_points;       /* what oom_score_adj added (negative when it protected) */
	int64_t root_points;      /* what the root bonus removed (<= 0) */
	int64_t pgtables_pages;   /* as counted by the formula, or OOMT_UNKNOWN */
	int64_t share_permille;   /* points per 1000 of T, or OOMT_UNKNOWN */
	bool eligible;
	enum oomt_skip skip;
};

enum oomt_agreement {
	OOMT_AGREE_UNKNOWN = 0,   /* nothing to compare (see reason) */
	OOMT_AGREE_YES,
	OOMT_AGREE_NO,
};

struct oomt_model {
	enum oomt_era era;
	unsigned assume;          /* enum oomt_assume bits */
	int64_t page_size;        /* used by the formula (derived or assumed) */
	int64_t totalpages;       /* T, or OOMT_UNKNOWN (OOMT_ASSUME_T_MIN_FROM_SCORE: the
	                             lower bound, which the ranking used) */
	int64_t totalpages_min;   /* T not in the log and score 0 printed: the range of T in */
	int64_t totalpages_max;   /* which the choice scores 0 and is the kernel's (max unknown:
	                             open above), else unknown */
	int root_bonus;           /* 0 none, 30 (3.6-3.13: adj -30), 3 (3.10.y, 3.14-4.16: -3%) */
	struct oomt_rank *ranks;  /* owned; sorted: the kernel's choice order, ineligible last */
	struct oomt_task extra;   /* the victim from its kill line when the table lacks it;
	                             its rank has task == ev->n_tasks */
	bool has_extra;
	size_t n_ranks;
	size_t n_eligible;
	int64_t model_victim_pid; /* OOMT_UNKNOWN when no eligible row */
	int64_t kernel_pid;       /* the pid the kernel selected (selected_pid <= 5.0), or unknown;
	                             vm.oom_kill_allocating_task: the process killed (the
	                             selection line names the allocating task, not a choice);
	                             a selected thread (OOMT_ASSUME_SELECTED_THREAD): the process
	                             killed;
	                             a victim matched by size (OOMT_ASSUME_VICTIM_BY_SIZE): its row's;
	                             live: the highest /proc oom_score (whole machine only) */
	enum oomt_agreement agreement;
	enum oomt_reason reason;  /* why not (or a note when it agrees, e.g. sacrifice child) */
	/* The kernel's victim against the strongest other eligible task. */
	int64_t runner_up_pid;
	int64_t margin_points;    /* victim minus runner-up, era units, or OOMT_UNKNOWN */
	int64_t flip_adj_delta;   /* change of the victim's oom_score_adj that spares it, or unknown */
	int64_t flip_adj;         /* the resulting oom_score_adj (-1000 = exempt), or unknown */
	int64_t tied_tasks;       /* candidates with the points of the kernel's choice, it
	                             included (1: no tie; more: the era's tie rule chose among
	                             them), or unknown */
	/* <= 5.0 selection lines print a score: the kernel's, and ours for the same task in
	 * the same units (2.6.36-3.5: 0..1000; 3.6-5.0: points*1000/T). Live: the kernel's
	 * /proc oom_score of its choice and ours (oomt_model_oom_score). Unknown otherwise. */
	int64_t kernel_score;
	int64_t model_score;
	/* The rows the ranks index: the incident's task table (ev->tasks, borrowed: valid as
	 * long as the event), or the running processes of a live ranking (oomtool/live.h). */
	const struct oomt_task *tasks;
	size_t n_tasks;
};

/* The task row a rank stands for (the table's, the model's extra victim row, or the live
 * process's). */
const struct oomt_task *oomt_model_task(const struct oomt_model *m, const struct oomt_rank *r);
/* Rows worth showing, for tables and JSON alike: the first top_rows (SIZE_MAX = all), plus
 * the kernel's choice and the incident's victim (ev; NULL for a live ranking) wherever they
 * rank. */
bool oomt_model_rank_shown(const struct oomt_model *m, const struct oomt_event *ev, size_t i,
                           size_t top_rows);

/* True when the pid a selection line names (<= 5.0) is in no row of a complete task table
 * that lists the process killed: the table lists processes by thread-group id, so that pid
 * is a thread's. */
bool oomt_model_selected_absent(const struct oomt_event *ev);

/* Detect the era from what the report shows. */
enum oomt_era oomt_model_era(const struct oomt_event *ev, unsigned *assume);
/* totalpages for the incident's constraint, with the assumptions made; OOMT_UNKNOWN if none
 * can be computed. page_size is the one the caller settled on. */
int64_t oomt_model_totalpages(const struct oomt_event *ev, int64_t page_size, unsigned *assume);

/* Recompute the ranking of incident ev and compare it with the kernel's pick. history
 * (n_history events, oldest first, may be NULL/0) are the incidents before it: a task killed
 * by an invocation up to 60 s earlier in the same boot is skipped, as the kernel skips a
 * victim it already reaped. The model is allocated by the library (free it with
 * oomt_model_free(); clients never allocate, copy or take sizeof of struct oomt_model) and
 * borrows ev's task rows: keep ev while the model is used. Returns 0 or -ENOMEM. */
int oomt_model_new(const struct oomt_event *ev, const struct oomt_event *const *history,
                   size_t n_history, struct oomt_model **ret);
void oomt_model_free(struct oomt_model *m);

/* What /proc/PID/oom_score shows for a task with these points under the era's rules,
 * totalpages being the whole machine's: 2.6.36-3.5 the points (0..1000), 3.6-5.8
 * points*1000/T, 5.9+ (1000 + points*1000/T)*2/3 (0..2000). OOMT_UNKNOWN for other eras or
 * an unknown T. */
int64_t oomt_model_oom_score(enum oomt_era era, int64_t points, int64_t totalpages);

const char *oomt_era_name(enum oomt_era e);       /* "2.6.36-3.5", ... */
const char *oomt_skip_name(enum oomt_skip s);     /* NULL for NONE */
const char *oomt_reason_name(enum oomt_reason r); /* NULL for NONE */
const char *oomt_assume_name(unsigned bit);       /* one bit */

/* The victim's resident memory in bytes: the kill line's (oomt_event_victim_rss()), else
 * the rss of the victim's task-table row (a kill line cut short, a <= 2.6 kill line without
 * sizes), else its anon-rss alone (a kill line cut after it: the least it held), else
 * OOMT_UNKNOWN. */
int64_t oomt_model_victim_rss(const struct oomt_event *ev);
/* Whether oomt_model_victim_rss() is the victim's anon-rss alone: the least it held. */
bool oomt_model_victim_rss_is_least(const struct oomt_event *ev);

/* memory.oom.group: the kernel killed the victim it selected, then every other task of its
 * cgroup, and each kill is an event of its own (group_kill). events: in time order, as
 * oomt_findings_new() takes them. Returns the index of the group's first kill (the victim
 * the kernel selected) for the kill events[idx]: idx itself when it is that first kill or
 * no group kill. *ret_members (may be NULL): the kills of that group in events[0..n), 0 when
 * events[idx] is no group kill. */
size_t oomt_group_kill_first(const struct oomt_event *const *events, size_t n, size_t idx,
                             size_t *ret_members);

/* What explain-kill explains when no incident is named: the newest of events[0..n) (in
 * time order) that says what happened, a kill, a panic, nothing killable or a userspace
 * killer's action, over a piece the log kept of a report (a header alone, a late reaper
 * line): the newest of all only when every one is such a piece. n > 0. */
size_t oomt_latest_explainable(const struct oomt_event *const *events, size_t n);

/* True when the memory cgroup of a report printed its counters with the kernel's "no limit"
 * value and the OOM was not the cgroup's own (constraint other than CONSTRAINT_MEMCG: a BPF
 * or userspace trigger): no limit was reached. */
bool oomt_memcg_unlimited(const struct oomt_event *ev);

/* What came of a userspace killer's signal, from the outcome line it printed after it
 * (earlyoom: "process exited after 0.1 seconds", "process N did not exit", "kill failed:
 * Timer expired" (it did not exit in time), "kill failed: <errno text>"; nohang: "The victim
 * died in 0.2s", "The victim doesn't respond on corrective action", "no such process").
 * UNKNOWN for the kernel's kills and for lines that do not tell. */
enum oomt_kill_outcome {
	OOMT_KILL_OUTCOME_UNKNOWN = 0,
	OOMT_KILL_OUTCOME_EXITED,     /* the process exited (or became a zombie) */
	OOMT_KILL_OUTCOME_NOT_EXITED, /* signalled, but it had not exited when the killer gave up */
	OOMT_KILL_OUTCOME_FAILED,     /* the signal could not be sent (an error other than gone) */
	OOMT_KILL_OUTCOME_GONE,       /* the process was already gone when the signal was sent */
};
enum oomt_kill_outcome oomt_model_kill_outcome(const struct oomt_event *ev);
/* "exited", "not_exited", "kill_failed", "gone"; NULL for UNKNOWN. */
const char *oomt_kill_outcome_name(enum oomt_kill_outcome o);

/* ---- findings ---- */

enum oomt_severity {
	OOMT_SEV_INFO = 0,
	OOMT_SEV_WARNING,
	OOMT_SEV_CRITICAL,
};

#define OOMT_KV_MAX 12
#define OOMT_TREND_MAX 16

/* A named number or string. str, when set, points into the event it came from. */
struct oomt_kv {
	const char *key;
	int64_t num;
	const char *str;
};

struct oomt_finding {
	const char *code;         /* stable: documented in oomtool-explain-kill(1) */
	enum oomt_severity severity;
	struct oomt_kv evidence[OOMT_KV_MAX];
	size_t n_evidence;
	struct oomt_kv advice[OOMT_KV_MAX]; /* numbers the advice needs */
	size_t n_advice;
	int64_t trend[OOMT_TREND_MAX]; /* repeated kills: victim rss bytes per incident, oldest first */
	size_t n_trend;
};

#define OOMT_FINDINGS_MAX 16

struct oomt_findings {
	struct oomt_finding f[OOMT_FINDINGS_MAX];
	size_t n;
};

/* Findings for events[idx] (events = every incident known, oldest first, for repeated
 * kills; pass n_events 1 and idx 0 for a lone event). The model must come from
 * events[idx]. Allocated by the library (oomt_findings_free(); clients never allocate, copy
 * or take sizeof of struct oomt_findings); evidence strings point into the events. Returns
 * 0 or -ENOMEM. */
int oomt_findings_new(const struct oomt_event *const *events, size_t n_events, size_t idx,
                      const struct oomt_model *m, struct oomt_findings **ret);
void oomt_findings_free(struct oomt_findings *f);
const struct oomt_kv *oomt_finding_get(const struct oomt_finding *f, const char *key);
const char *oomt_severity_name(enum oomt_severity s);

/* ---- repeated allocation failures ---- */

/*
 * Allocation failures that repeat: the same failing site on one host. A site is the
 * failing allocation (order, gfp mask, stall or failure, vmalloc) and, in an interrupt, the
 * call-trace caller (the comm is whatever task the interrupt hit), else the task's comm.
 * Events of other kinds are ignored. Groups are allocated by the library (clients never
 * allocate, copy or take sizeof of struct oomt_alloc_repeat); at most
 * OOMT_ALLOC_REPEATS_MAX groups are kept, later new sites only counted (dropped).
 */
#define OOMT_ALLOC_REPEATS_MAX 4096

struct oomt_alloc_repeat {
	char host[256];
	char comm[OOMT_COMM_MAX];     /* the first failure's task */
	char caller[64];              /* the first failure's caller and module, or "" */
	char module[64];
	char gfp_mask[24];
	char gfp_flags[160];
	int64_t order;
	bool stall;
	bool vmalloc;
	bool in_interrupt;
	int64_t count;                /* failures printed */
	int64_t suppressed;           /* sum of their suppressed_before: failures not printed */
	int64_t first_time_usec, last_time_usec;       /* wall clock, or OOMT_UNKNOWN */
	int64_t first_uptime_usec, last_uptime_usec;   /* kernel time, or OOMT_UNKNOWN */
	char first_id[16], last_id[16];
};

struct oomt_alloc_repeats;

int oomt_alloc_repeats_new(struct oomt_alloc_repeats **ret);
void oomt_alloc_repeats_free(struct oomt_alloc_repeats *r);
/* Count ev in its group (events in time order). 0, or -ENOMEM. */
int oomt_alloc_repeats_add(struct oomt_alloc_repeats *r, const struct oomt_event *ev);
size_t oomt_alloc_repeats_count(const struct oomt_alloc_repeats *r);
const struct oomt_alloc_repeat *oomt_alloc_repeats_get(const struct oomt_alloc_repeats *r, size_t i);
/* The group of ev (added before), or NULL. */
const struct oomt_alloc_repeat *oomt_alloc_repeats_find(const struct oomt_alloc_repeats *r,
                                                        const struct oomt_event *ev);
/* New sites not kept because OOMT_ALLOC_REPEATS_MAX groups were. */
uint64_t oomt_alloc_repeats_dropped(const struct oomt_alloc_repeats *r);
/* True when a and b are allocation failures of the same site (the grouping above). */
bool oomt_alloc_same_site(const struct oomt_event *a, const struct oomt_event *b);

#endif
