/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_EVENT_H
#define OOMTOOL_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/common.h>

/*
 * One OOM incident: one kill (or one invocation whose kill is not in the log).
 *
 * Every integer is OOMT_UNKNOWN until the log says it; every string is "" (empty) until the
 * log says it. Sizes are converted to bytes at the parse boundary (the kernel prints kB);
 * the kernel's page counts stay pages. JSON field names (docs/oomtool-json.7) follow the
 * member names here.
 */

enum oomt_killer {
	OOMT_KILLER_KERNEL = 0,
	OOMT_KILLER_EARLYOOM,
	OOMT_KILLER_SYSTEMD_OOMD,
	OOMT_KILLER_NOHANG,
	OOMT_KILLER_LOWMEMORYKILLER,  /* Android's in-kernel staging driver (<= 4.11) */
	OOMT_KILLER_LMKD,             /* Android's userspace lmkd (logcat tag lowmemorykiller) */
};

/* What happened. Every event is one of these; a later kind is appended, never renumbered. */
enum oomt_kind {
	OOMT_KIND_OOM_KILL = 0,       /* an OOM killer acted (or was invoked and its kill is not in
	                                 the log, or found nothing to kill): kernel and userspace */
	OOMT_KIND_OOM_PANIC,          /* the kernel panicked on out of memory instead of killing
	                                 (vm.panic_on_oom, nothing killable left) */
	OOMT_KIND_ALLOCATION_FAILURE, /* an allocation failed (or stalled) without invoking the OOM
	                                 killer: "page allocation failure", "page allocation
	                                 stalls", vmalloc failures (docs/kernel-oom-report.md
	                                 §2.10); nothing was killed */
};

enum oomt_scope {
	OOMT_SCOPE_UNKNOWN = 0,
	OOMT_SCOPE_GLOBAL,
	OOMT_SCOPE_MEMCG,
	OOMT_SCOPE_CPUSET,
	OOMT_SCOPE_MEMPOLICY,
};

/* Parts of a report that can be missing; `missing` in JSON lists their names. */
enum oomt_part {
	OOMT_PART_HEADER     = 1 << 0,  /* "... invoked oom-killer: ..." */
	OOMT_PART_MEMINFO    = 1 << 1,  /* Mem-Info block (expected for global OOMs) */
	OOMT_PART_MEMCG      = 1 << 2,  /* memcg counters (expected for memcg OOMs) */
	OOMT_PART_TASKS      = 1 << 3,  /* task table */
	OOMT_PART_SUMMARY    = 1 << 4,  /* oom-kill:constraint=... (5.0+) */
	OOMT_PART_KILL       = 1 << 5,  /* "Killed process ..." */
	OOMT_PART_TASKS_CUT  = 1 << 6,  /* task table present but cut short */
	OOMT_PART_VICTIM     = 1 << 7,  /* userspace killers: the lines that name the victim */
	OOMT_PART_REASON     = 1 << 8,  /* userspace killers: the reason a cut kill line lost */
	OOMT_PART_LAST       = OOMT_PART_REASON,
};

/* Values a pager or a paste cut (journalctl's '>' at the screen edge, an ellipsis); `cut` in
 * JSON lists their names. The value is what the log kept, without the mark at its end. */
enum oomt_cut {
	OOMT_CUT_OOM_MEMCG   = 1 << 0,
	OOMT_CUT_TASK_MEMCG  = 1 << 1,
	OOMT_CUT_REASON      = 1 << 2,  /* userspace killers: a kill line cut inside its reason */
	OOMT_CUT_LAST        = OOMT_CUT_REASON,
};

#define OOMT_COMM_MAX 64       /* comm is <= 15 bytes, but \xHH escapes can triple it */
#define OOMT_PATH_MAX 1024     /* a kernel record is at most ~1 KiB */

struct oomt_trigger {
	char comm[OOMT_COMM_MAX];
	int64_t pid;                  /* from the CPU:/Pid: line */
	char gfp_mask[24];            /* as printed, e.g. "0xcc0" */
	char gfp_flags[160];          /* symbolic list, e.g. "GFP_KERNEL|__GFP_COMP" (4.6+) */
	int64_t order;                /* -1 = sysrq-f */
	int64_t oom_score_adj;
	int64_t oom_adj;              /* <= 3.x */
	char nodemask[64];
	char cpuset[256];
	char mems_allowed[64];
};

struct oomt_victim {
	int64_t pid;
	char comm[OOMT_COMM_MAX];
	int64_t uid;
	int64_t total_vm_bytes;
	int64_t anon_rss_bytes;
	int64_t file_rss_bytes;
	int64_t shmem_rss_bytes;
	int64_t pgtables_bytes;
	int64_t oom_score_adj;
	int64_t score;                /* "score N" of <= 5.0 selection lines; userspace badness */
	int64_t selected_pid;         /* <= 5.0 "Kill process P ... or sacrifice child" */
	char selected_comm[OOMT_COMM_MAX];
	int64_t rss_bytes;            /* userspace killers: VmRSS as they print it (MiB) */
};

/* One kB counter triple "usage NkB, limit NkB, failcnt N" of the memcg report. */
struct oomt_counter {
	int64_t usage_bytes;
	int64_t limit_bytes;          /* OOMT_UNKNOWN when the kernel printed its "no limit" value */
	int64_t failcnt;
};

struct oomt_memcg {
	struct oomt_counter memory;
	struct oomt_counter memsw;    /* "memory+swap:" (v1) */
	struct oomt_counter swap;     /* "swap:" (v2, 5.3+) */
	struct oomt_counter kmem;     /* "kmem:" (v1, 3.8+) */
	/* memcg stats of the OOM memcg, bytes (v1 <=5.2 KB lines converted) */
	int64_t stat_anon_bytes;      /* v2 anon / v1 rss */
	int64_t stat_file_bytes;      /* v2 file / v1 cache */
	int64_t stat_shmem_bytes;
	int64_t stat_kernel_bytes;    /* v2 kernel */
	int64_t stat_slab_unreclaimable_bytes;
	int64_t stat_swap_bytes;      /* v1 swap */
};

/* Global Mem-Info summary. Page counters in pages, the rest converted to bytes. */
struct oomt_meminfo {
	int64_t active_anon_pages, inactive_anon_pages, isolated_anon_pages;
	int64_t active_file_pages, inactive_file_pages, isolated_file_pages;
	int64_t unevictable_pages, dirty_pages, writeback_pages;
	int64_t slab_reclaimable_pages, slab_unreclaimable_pages;
	int64_t mapped_pages, shmem_pages, pagetables_pages;
	int64_t free_pages, free_pcp_pages, free_cma_pages;
	int64_t pagecache_pages;      /* "N total pagecache pages" */
	int64_t swapcache_pages;      /* "N pages in swap cache" */
	int64_t free_swap_bytes;      /* "Free swap  = NkB" */
	int64_t total_swap_bytes;     /* "Total swap = NkB" */
	int64_t ram_pages;            /* "N pages RAM" */
	int64_t reserved_pages;       /* "N pages reserved" */
	int64_t present_bytes;        /* "present:NkB" summed over the zone lines that print managed */
	int64_t managed_bytes;        /* "managed:NkB" summed over the zone lines (3.8+) */
	int64_t hugepages_total;      /* summed over nodes and sizes */
	int64_t hugepages_free;
	int64_t hugepages_bytes;      /* hugepages_total x size, summed */
	int64_t unreclaimable_slab_bytes; /* sum of the "Unreclaimable slab info:" rows */
	bool all_unreclaimable;       /* some node said "all_unreclaimable? yes" */
	bool all_unreclaimable_known; /* some node or zone line said "all_unreclaimable? " at all
	                                 (else all_unreclaimable is not known: JSON null); it
	                                 sits in the padding after all_unreclaimable, so the
	                                 size and the offsets of struct oomt_event stay as they were */
};

/* One task-table row. Columns the kernel era does not print stay OOMT_UNKNOWN. */
struct oomt_task {
	int64_t pid, uid, tgid;
	int64_t total_vm_pages, rss_pages;
	int64_t rss_anon_pages, rss_file_pages, rss_shmem_pages;   /* 6.8+ */
	int64_t pgtables_bytes;       /* 4.15+ as printed; 3.6-4.14 nr_ptes(+nr_pmds) x page size */
	int64_t nr_ptes_pages;        /* 3.6-4.14 */
	int64_t swapents_pages;       /* 3.6+ */
	int64_t oom_score_adj;        /* 2.6.36+ */
	int64_t oom_adj;              /* <= 3.5 */
	char name[OOMT_COMM_MAX];
};

/* One zone of the Mem-Info block: its zone line ("Node 0 Normal free:…kB min:…kB …") and its
 * free-list line ("Node 0 Normal: 1203*4kB (UME) 512*8kB … = 15860kB"), joined by node and
 * zone name (docs/kernel-oom-report.md §2.4). */
#define OOMT_ZONES_MAX 32      /* zones kept per report (nodes x zones); more are dropped */
#define OOMT_ORDERS_MAX 16     /* free-list orders kept (11 on most machines) */
struct oomt_zone {
	int64_t node;                 /* "Node N", or OOMT_UNKNOWN (kernels without NUMA print none) */
	char name[16];                /* "DMA", "DMA32", "Normal", "HighMem", "Movable" */
	int64_t free_bytes;           /* zone line: free: */
	int64_t min_bytes;            /* zone line: the min, low and high watermarks */
	int64_t low_bytes;
	int64_t high_bytes;
	int64_t managed_bytes;        /* zone line: managed: (3.8+) */
	int64_t block_bytes;          /* free list: the size of an order-0 block (the page size) */
	int64_t free_list_bytes;      /* free list: the total after "=" */
	size_t n_orders;              /* free list: counts read (0: no free-list line) */
	int64_t free_blocks[OOMT_ORDERS_MAX];   /* free blocks of each order, order 0 first */
};

/* What an allocation failure (kind OOMT_KIND_ALLOCATION_FAILURE) adds to its trigger. */
struct oomt_allocation {
	bool stall;                   /* "page allocation stalls for Nms" (4.9-4.14): the
	                                 allocation was still waiting, it had not failed */
	int64_t stall_ms;
	bool vmalloc;                 /* a vmalloc failure ("vmalloc error: size N, ...") */
	int64_t vmalloc_bytes;        /* the size vmalloc was asked for */
	int atomic;                   /* 1: could not reclaim (no __GFP_DIRECT_RECLAIM, 2.6-4.3 no
	                                 __GFP_WAIT: GFP_ATOMIC, GFP_NOWAIT ...), 0: could, -1:
	                                 unknown (oomt_alloc_atomic() decides it) */
	bool in_interrupt;            /* the call trace shows an interrupt (<IRQ>, softirq): the
	                                 trigger's comm is whatever task the interrupt hit */
	char caller[64];              /* first call-trace function outside the allocator */
	char module[64];              /* first module named in the call trace ("tg3") */
	int64_t suppressed_before;    /* N of a "warn_alloc: N callbacks suppressed" line just
	                                 before: failures since the previous printed one that the
	                                 kernel did not print */
	bool memory_hotplug;          /* "vmemmap alloc failure": the page map of memory being
	                                 hot-added (balloon, virtio-mem, a DIMM) */
	bool caller_unreliable;       /* caller came from a frame the unwinder marked "?" (a
	                                 stale word on the stack); a reliable frame after it
	                                 takes its place */
};

struct oomt_reaped {
	int64_t pid;
	bool failed;                  /* "unable to reap" */
	int64_t anon_rss_bytes, file_rss_bytes, shmem_rss_bytes;   /* what remained */
};

struct oomt_event {
	char id[16];                  /* stable: hash of killer, pid, time, boot, comms, gfp, order */
	int64_t time_usec;            /* wall clock of the kill (or invocation), or OOMT_UNKNOWN */
	int64_t uptime_usec;          /* kernel timestamp, or OOMT_UNKNOWN */
	bool year_guessed;            /* time's year is not in the log: the file's mtime gave it */
	char host[256];
	char boot_id[40];
	char source[512];             /* where it was read: "journal", "/dev/kmsg", a path */
	char kernel[128];             /* release from the CPU:/Pid: line, "" when not printed */
	enum oomt_killer killer;
	enum oomt_scope scope;
	char constraint[48];          /* "CONSTRAINT_MEMCG" as printed (5.0+), "" before */
	char oom_memcg[OOMT_PATH_MAX];  /* memcg that hit its limit */
	char task_memcg[OOMT_PATH_MAX]; /* victim's memcg */
	struct oomt_trigger trigger;
	struct oomt_victim victim;
	struct oomt_memcg memcg;
	bool has_memcg;
	struct oomt_meminfo meminfo;
	bool has_meminfo;
	struct oomt_task *tasks;      /* owned; at most OOMT_TASKS_MAX rows */
	size_t n_tasks;
	bool has_tasks;               /* a table header was seen (even with no rows) */
	struct oomt_reaped reaped;
	bool has_reaped;
	int64_t page_size;            /* derived (total-vm kB / total_vm pages), else OOMT_UNKNOWN */
	bool sysrq;                   /* order=-1 manual OOM */
	bool allocating_task;         /* "Out of memory (oom_kill_allocating_task)" */
	bool group_kill;              /* memory.oom.group member kill */
	char reason[512];             /* userspace killers: why (pressure, swap, thresholds) */
	char signal[16];              /* userspace killers: "SIGTERM", "SIGKILL" */
	char outcome[128];            /* userspace killers: "process exited after 0.1 seconds", ... */
	char unit[256];               /* systemd unit named by systemd for this kill, or "" */
	int64_t processes_killed;     /* systemd-oomd: processes in the killed cgroup; Slurm: the
	                                 oom_kill events it counted in the job step */
	int64_t suppressed;           /* "N callbacks suppressed" seen right after */
	bool complete;
	unsigned missing;             /* enum oomt_part bits */
	/* appended with issue 9 */
	enum oomt_kind kind;
	char panic[256];              /* oom_panic: what followed "Kernel panic - not syncing: " */
	int64_t panic_on_oom;         /* oom_panic: vm.panic_on_oom as the panic text names it (1
	                                 "system-wide", 2 "compulsory"), else OOMT_UNKNOWN */
	bool no_killable_processes;   /* "Out of memory and no killable processes...": the kernel
	                                 found nothing it was allowed to kill */
	/* appended with issue 15 */
	struct oomt_allocation alloc; /* kind OOMT_KIND_ALLOCATION_FAILURE only */
	struct oomt_zone zones[OOMT_ZONES_MAX];   /* Mem-Info zones, in print order */
	size_t n_zones;
	bool has_protection;          /* 6.19+ cgroup v2: "Memory cgroup min protection NkB -- low
	                                 protection NkB" of the root (global OOMs, allocation
	                                 failures) or of the OOM memcg (memcg OOMs) */
	int64_t protection_min_bytes; /* memory.min protection in use below that cgroup */
	int64_t protection_low_bytes; /* memory.low protection in use below that cgroup */
	/* appended with issue 9 (Slurm) */
	char job[64];                 /* the Slurm job step slurmstepd named for this kill
	                                 ("191.batch"), or "" */
	/* appended with the slab allocators' warning (allocation failures only) */
	bool alloc_slab;              /* "SLUB: Unable to allocate memory on node ..." (or SLAB's):
	                                 a slab cache could not get a page for a new slab */
	char alloc_slab_cache[64];    /* that cache ("kmalloc-64"), from its "  cache: " line, or "" */
	/* appended with cut values */
	unsigned cut;                 /* enum oomt_cut bits: oom_memcg, task_memcg as the log cut
	                                 them (no whole copy of the path in the report) */
	/* appended with Android's low-memory killers */
	int64_t freed_bytes;          /* lowmemorykiller, lmkd: what the kill frees as the killer
	                                 printed it ("to free NkB"; lmkd 2021+: its "NkB rss") */
	int64_t freed_pages;          /* lowmemorykiller's older "size N": the same, in pages */
	int64_t freed_swap_bytes;     /* lmkd 2021+: the victim's swap ("NkB swap") */
};

#define OOMT_TASKS_MAX 100000

/* Events are allocated by the library (a scan hands them out; oomt_event_dup() copies one,
 * task rows included, for a caller that keeps it): clients never allocate one, copy it by
 * value or take sizeof of it; members are only ever appended. NULL when out of memory. */
struct oomt_event *oomt_event_dup(const struct oomt_event *ev);
void oomt_event_free(struct oomt_event *ev);

const char *oomt_killer_name(enum oomt_killer k); /* "kernel", "earlyoom", ... */
const char *oomt_kind_name(enum oomt_kind k);     /* "oom_kill", "oom_panic", ... */
const char *oomt_scope_name(enum oomt_scope s);   /* "global", "memcg", ...; NULL if unknown */
const char *oomt_part_name(enum oomt_part p);     /* "header", "task_table", ... */

/* Whether the allocation of ev could not reclaim memory (atomic: GFP_ATOMIC, GFP_NOWAIT, no
 * __GFP_DIRECT_RECLAIM; 2.6-4.3: no __GFP_WAIT): 1 yes, 0 no, -1 unknown. From the symbolic
 * flags (4.6+), else the hex mask in the bit layout of the kernel release the report names
 * (a mask with bits above 0x3fffff is taken for the 4.4-4.x layout when it names none). */
int oomt_alloc_atomic(const struct oomt_event *ev);

/* The memory cgroup the protection line is about: the OOM memcg of a memcg OOM ("" when the
 * report does not name it), else the root "/". NULL when the event has no protection line. */
const char *oomt_event_protection_memcg(const struct oomt_event *ev);

/* Where oomt_event_usable_ram() took its answer from. */
enum oomt_ram_source {
	OOMT_RAM_UNKNOWN = 0,
	OOMT_RAM_MANAGED,             /* the zones' managed pages (the kernel's totalram_pages) */
	OOMT_RAM_TOTALS,              /* "pages RAM" minus "pages reserved" (no zone lines) */
};

/* The RAM the kernel's allocator managed at the time of a global report (totalram_pages),
 * in bytes, or OOMT_UNKNOWN: the zones' managed sizes when every zone line was read (their
 * present sizes add up to "pages RAM", or present minus managed to "pages reserved"), else
 * "pages RAM" minus "pages reserved" (not subtracted when above "pages RAM"). page_size
 * converts the page totals. The one answer to "how much RAM did this machine have" for
 * every model, finding and renderer. */
int64_t oomt_event_usable_ram(const struct oomt_event *ev, int64_t page_size,
                              enum oomt_ram_source *src);

/* The RAM the report says the machine has, reserved pages included, in bytes, or
 * OOMT_UNKNOWN: from the same lines as oomt_event_usable_ram() (the zones' present sizes,
 * else "pages RAM"), so that "usable X of Y" compares like with like. */
int64_t oomt_event_installed_ram(const struct oomt_event *ev, int64_t page_size);

/* The page size the report's page counts are in: derived from the report (total-vm kB /
 * total_vm pages), else 4096, the size on every architecture where the kernel prints pages
 * without saying; *assumed (may be NULL) tells which. The one answer for every model,
 * finding and renderer that converts a logged page count. */
int64_t oomt_event_page_size(const struct oomt_event *ev, bool *assumed);

/* The victim's resident memory in bytes: anon + file + shmem as the kernel prints them
 * (anon and file must be known: every era prints both; shmem, from 4.5, counts 0 when
 * absent), else the one RSS figure a userspace killer prints (Android's killers: their
 * freed_bytes, the victim's RSS they measured), else OOMT_UNKNOWN. */
int64_t oomt_event_victim_rss(const struct oomt_event *ev);

/* True when a and b describe the same kill seen through two sources (the scan folds them
 * into one incident). */
bool oomt_event_same(const struct oomt_event *a, const struct oomt_event *b);

#endif
