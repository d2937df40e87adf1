/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SCAN_H
#define OOMTOOL_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <oomtool/event.h>
#include <oomtool/format.h>

/*
 * The log scan: this host's logs, log files or journal directories -> OOM incidents, the
 * same kill seen in several logs reported once, sorted, filtered by time and host. The one
 * pipeline behind `oomtool scan-logs` and `oomtool explain-kill`: a program linking
 * liboomtool gets exactly the incidents they show.
 *
 *   struct oomt_scan_opts o = { .struct_size = sizeof(o), .tmp_dir = getenv("TMPDIR") };
 *   struct oomt_scan *s;
 *   const struct oomt_event *ev;
 *
 *   oomt_scan_new(&o, &s);
 *   oomt_scan_add_host(s);                    (or oomt_scan_add_file(s, path), ...)
 *   oomt_scan_run(s);
 *   for (size_t i = 0; i < oomt_scan_count(s); i++)
 *           if (oomt_scan_event(s, i, 0, &ev) == 0)
 *                   use(ev);
 *   (sources that failed: oomt_scan_source_count() / oomt_scan_source_get())
 *   oomt_scan_free(s);
 *
 * Follow mode (new incidents as they are logged) uses oomt_scan_follow_start() and
 * oomt_scan_follow_next() instead of oomt_scan_run().
 *
 * A batch scan of this host's logs can also reconcile them with the kernel's own count of
 * this boot's OOM kills (opts.accounting, oomt_scan_accounting()), and report its progress
 * to a callback (opts.progress).
 *
 * Memory stays bounded whatever the size of the logs: each incident goes to a spool file
 * in tmp_dir as soon as it is parsed; memory keeps a small index entry per incident.
 * The library never prints: what happened to each source is returned as data.
 * Every function returns 0 or a negative errno unless it says otherwise.
 */
struct oomt_scan;

/* Task rows kept per incident (the task table is most of an incident's size). */
enum oomt_scan_task_rows {
	OOMT_SCAN_TASK_ROWS_ALL = 0,  /* every row, in the kernel's order */
	OOMT_SCAN_TASK_ROWS_TOP,      /* the task_rows_top largest by RSS, largest first */
	OOMT_SCAN_TASK_ROWS_NONE,     /* none (has_tasks still tells whether there was a table) */
};

struct oomt_scan_progress;
struct oomt_scan_positions;

/* Options, allocated by the caller: set struct_size to sizeof as compiled; members the
 * caller's version does not have are taken as 0. Strings are copied. */
struct oomt_scan_opts {
	uint32_t struct_size;
	const char *sysroot;          /* this host's logs under this root (NULL, "" or "/" = /):
	                                 <sysroot>/var/log, <sysroot>/dev/kmsg, <sysroot>/run */
	const char *tmp_dir;          /* where the spool file goes (the caller's $TMPDIR); NULL,
	                                 or not writable: /var/tmp, else /tmp, else memory */
	int64_t since_usec;           /* incidents at or after this wall-clock time (usec since
	                                 the epoch); 0 or OOMT_UNKNOWN = no bound */
	int64_t until_usec;           /* at or before; 0 or OOMT_UNKNOWN = no bound */
	const char *host;             /* incidents of this host (short name or FQDN, any case;
	                                 "web1" matches "web1.example.com"); NULL or "" = any */
	enum oomt_scan_task_rows task_rows;
	size_t task_rows_top;         /* with OOMT_SCAN_TASK_ROWS_TOP */
	bool follow;                  /* the scan follows (oomt_scan_follow_*) instead of
	                                 oomt_scan_run(): no spool file is made */
	/* Members after follow were appended: a caller compiled before them passes a smaller
	 * struct_size and gets them as 0. */
	bool accounting;              /* reconcile this boot's kills with the kernel's counters
	                                 (oomt_scan_accounting()); read as oomt_scan_run() starts */
	void (*progress)(const struct oomt_scan_progress *p, void *userdata);
	                              /* called by oomt_scan_run(), in its thread, as sources
	                                 start and at most every 100 ms while they are read;
	                                 NULL = none */
	void *progress_userdata;      /* passed to progress */
	unsigned kinds;               /* the kinds of incident wanted: OOMT_SCAN_KIND() bits of
	                                 enum oomt_kind; 0 = OOMT_SCAN_KINDS_DEFAULT, what every
	                                 version before allocation failures delivered */
	/* Appended: */
	const struct oomt_scan_positions *resume;
	                              /* a batch scan that reads only what is new since the scan
	                                 that reached these positions (see "resuming" below);
	                                 an empty set (oomt_scan_positions_new()) for the first
	                                 scan; NULL = read everything, keep no positions */
};

/* Bit of enum oomt_kind k in oomt_scan_opts.kinds. */
#define OOMT_SCAN_KIND(k) (1u << (unsigned)(k))
#define OOMT_SCAN_KINDS_DEFAULT (OOMT_SCAN_KIND(OOMT_KIND_OOM_KILL) | OOMT_SCAN_KIND(OOMT_KIND_OOM_PANIC))
#define OOMT_SCAN_KINDS_ALL (~0u)

/* 0, -EINVAL for a struct_size smaller than the first version's, -ENOMEM, or the error of
 * creating the spool file (in tmp_dir, /var/tmp, /tmp, else memory). */
int oomt_scan_new(const struct oomt_scan_opts *opts, struct oomt_scan **ret);
void oomt_scan_free(struct oomt_scan *s);

/* ---- what to read (in the order added) ---- */

/* This host: the journal (all boots), /dev/kmsg and /var/log/{kern.log,syslog,messages}
 * with their rotations (.1, .2.gz, -20240101), all under sysroot. Those that do not exist
 * are not sources (a missing /dev/kmsg is one under the live root). */
int oomt_scan_add_host(struct oomt_scan *s);
/* A log file in any supported text format, gzipped or not; "-" is standard input; the
 * /dev/kmsg device named as a file is read as the kernel's ring buffer, to its end. */
int oomt_scan_add_file(struct oomt_scan *s, const char *path);
/* A journal directory (as journalctl -D), e.g. copied from another machine. */
int oomt_scan_add_journal_dir(struct oomt_scan *s, const char *dir);

/* ---- batch ---- */

/* Reads every source added, de-duplicates, sorts (incidents without a wall-clock time
 * first, in log order; then by time) and applies the filters. A source that cannot be
 * opened or read is recorded in its status and the others are read; the return value is
 * <0 only for failures of the scan itself (no memory, spool file I/O). Once per scan. */
int oomt_scan_run(struct oomt_scan *s);
/* Incidents that passed the filters. */
size_t oomt_scan_count(const struct oomt_scan *s);

#define OOMT_SCAN_EVENT_NO_TASKS (1u << 0)   /* leave the task table out (faster) */

/* Incident i (0 .. oomt_scan_count() - 1), read back from the spool. *ret is owned by the
 * scan and stays valid until the next oomt_scan_event() call or oomt_scan_free(); its
 * tasks are the rows task_rows kept (none with OOMT_SCAN_EVENT_NO_TASKS). */
int oomt_scan_event(struct oomt_scan *s, size_t i, unsigned flags,
                    const struct oomt_event **ret);
/* Incidents kept although a filter could not decide on them: no wall-clock time in the
 * log (only time since boot) while since/until is set, no host named in the log while
 * host is set. Counted over the incidents delivered (batch: all of them; follow: so far;
 * not for follow's own start-time bound). */
uint64_t oomt_scan_kept_without_time(const struct oomt_scan *s);
uint64_t oomt_scan_kept_without_host(const struct oomt_scan *s);
/* Incidents folded into an earlier report of the same kill from another source. */
uint64_t oomt_scan_merged(const struct oomt_scan *s);

/* What oomt_scan_run() has done so far, handed to opts.progress. Allocated by the scan:
 * clients never allocate, copy by value or take sizeof of it; members are only ever
 * appended. */
struct oomt_scan_progress {
	const char *source;           /* the source being read (its status name), or NULL */
	size_t sources_done;          /* sources read to their end (or failed) */
	size_t sources_total;         /* sources known so far (this host's: once /var/log has
	                                 been listed, before the first one is read) */
	uint64_t bytes_done;          /* bytes read from log files (compressed, for .gz) */
	uint64_t bytes_total;         /* sizes of the files to read (0 when none is a regular
	                                 file); the journal and /dev/kmsg count in neither */
	uint64_t incidents;           /* incidents so far, the same kill in two logs once */
	int64_t elapsed_usec;         /* since oomt_scan_run() began */
};

/* ---- every kill accounted for ---- */

/* One memory cgroup in the accounting: the kills the kernel counted in it and those the
 * logs attribute to it. Allocated by the scan (see struct oomt_scan_progress). */
struct oomt_scan_accounting_cgroup {
	const char *path;             /* as the kernel prints memcg paths: "/", "/a/b.service" */
	int64_t oom_kill;             /* the kernel's count of kills of processes in this cgroup
	                                 itself (v1 memory.oom_control, v2 memory.events.local
	                                 oom_kill), on v2 (5.2+) with those of its children that
	                                 no longer exist; OOMT_UNKNOWN for a cgroup that no
	                                 longer exists (its count went with it) and for v2's
	                                 root, which has no counter */
	uint64_t logged_kills;        /* logged kills of this boot whose victim was in it (its
	                                 task_memcg, else the OOM memcg), after de-duplication;
	                                 on v2 a removed cgroup's are its nearest parent's */
};

/* This boot's OOM kills: the kernel's count against the logs'. Allocated by the scan. */
struct oomt_scan_accounting {
	char boot_id[40];             /* "74127474-cf87-4937-9ed8-1b4b7a73ef60" */
	int64_t boot_time_usec;       /* when this boot began (wall clock, whole seconds) */
	int64_t kernel_oom_kills;     /* /proc/vmstat oom_kill: every kernel OOM kill since boot */
	uint64_t logged_kills;        /* kernel OOM kills of this boot found in the logs, each
	                                 once (userspace killers' kills are not the kernel's) */
	uint64_t unlogged_kills;      /* kernel_oom_kills - logged_kills; 0 when the logs hold
	                                 more (a kill logged while the counter was read) */
	uint64_t suppressed_headers;  /* reports whose header, table and summary the kernel's
	                                 rate limit dropped: the N of each "oom_kill_process: N
	                                 callbacks suppressed" of this boot */
	uint64_t unattributed_kills;  /* logged kills that name no cgroup (no header, summary
	                                 or "Task in" line: rate limited, or cut) */
	int cgroup_version;           /* 1 or 2: the memory hierarchy the rows come from; 0 =
	                                 none (no memory controller, or it could not be read) */
	uint64_t cgroups_unreadable;  /* cgroups whose counters could not be read */
	const struct oomt_scan_accounting_cgroup *cgroups;  /* every cgroup with a counted or a
	                                 logged kill, by path */
	size_t n_cgroups;
};

/* The accounting of a batch scan run with opts.accounting: *ret is owned by the scan
 * (valid until oomt_scan_free()). -ENODATA when there is none: the inputs were not (only)
 * this host's logs (files or journal directories added), the kernel does not count OOM
 * kills (before 4.13), or <sysroot>/proc does not say the count and this boot's ID (a
 * dead machine's files under a sysroot). -EINVAL before oomt_scan_run(), or without
 * opts.accounting.
 *
 * This boot's kills: journal entries of this boot ID; /dev/kmsg records (the ring buffer
 * is this boot's); lines of the text logs stamped at or after the boot's start whose
 * kernel time stamp, when they have one, is not larger than the time from the boot to
 * their wall-clock stamp (a line of an earlier boot whose clock ran ahead). The filters
 * (since, until, host) do not apply: the kernel's count is of the whole boot. */
int oomt_scan_accounting(const struct oomt_scan *s, const struct oomt_scan_accounting **ret);

/* Whether incident i (0 .. oomt_scan_count() - 1) is of this boot, by the rules above: 1 yes,
 * 0 no; -ENODATA when the scan has no accounting, -EINVAL for a bad i. */
int oomt_scan_event_this_boot(const struct oomt_scan *s, size_t i);

/* ---- resuming: read only what is new ----
 *
 * A scan run every minute (an exporter) should not read a large journal again each time.
 * With opts.resume, a batch scan records where it stopped in each source, and the next scan
 * given those positions starts there:
 *   - the journal: each of its two streams (the kernel's entries, the others) after the
 *     entry read last (its cursor); a journal rotated or vacuumed meanwhile goes on at the
 *     next entry that still exists;
 *   - /dev/kmsg: after the record read last (its sequence number), when this is still the
 *     boot that wrote it; records the ring buffer overwrote meanwhile count as lost;
 *   - a text log: after its last complete line, when it is the same file (device and inode,
 *     whatever its name now: a rotation renames it), no shorter than that offset, and the
 *     bytes before that offset are unchanged; else (truncated, rewritten) from its start.
 *     A gzipped log is read whole, or not again while its size and time are unchanged. A
 *     rotated log of this host (syslog.1, kern.log.2.gz) that was never seen is taken as
 *     read (its lines were read under the live name), once positions from an earlier scan
 *     exist.
 * An incident still open when a source ends (its kill line not yet written) is not
 * delivered: the position stays before its first line, so that the next scan reads it
 * whole; one open for more than a minute is delivered as it is. Incidents the earlier scan
 * delivered and this one reads again (from another log that was behind, or a report read
 * again whole) are recognised and not delivered twice. Without opts.resume nothing of this
 * happens. */

/* A set of positions: empty from _new(), filled by a scan or from its text form. */
int oomt_scan_positions_new(struct oomt_scan_positions **ret);
void oomt_scan_positions_free(struct oomt_scan_positions *p);
/* The positions a scan run with opts.resume reached (owned by the scan, valid until
 * oomt_scan_free()). -EINVAL before oomt_scan_run() or without opts.resume. */
int oomt_scan_positions_reached(const struct oomt_scan *s, const struct oomt_scan_positions **ret);
/* The text form, to keep the positions in a file: lines starting with "pos ", one word
 * list each (documented in oomtool-metrics(8)). */
int oomt_scan_positions_write(const struct oomt_scan_positions *p, FILE *out);
/* One line of that form (without its newline) into p. 0, -EINVAL for a line that is not
 * exactly one the writer makes, -E2BIG beyond the limits (1024 sources, 256 incidents). A
 * reader of a file it did not write should discard p on any error. */
int oomt_scan_positions_parse_line(struct oomt_scan_positions *p, const char *line, size_t len);
/* How many sources p holds positions for. */
size_t oomt_scan_positions_count(const struct oomt_scan_positions *p);

/* ---- follow ---- */

/* Opens the live log: the journal directory added (at most one), else, with nothing
 * added or oomt_scan_add_host(), the journal when journald runs (<sysroot>/run/systemd/
 * journal), else <sysroot>/dev/kmsg. When the journal cannot be opened (-EACCES: this
 * user cannot read the system journal), its status is recorded and /dev/kmsg is followed
 * instead; the source followed is the last one in the status list. Without since_usec
 * only incidents logged from now on are delivered; with it, those the log already holds
 * from that time first. -EINVAL when files were added. */
int oomt_scan_follow_start(struct oomt_scan *s);
/* Waits up to about timeout_ms (in steps of half a second) for the next incident that
 * passes the filters. 0 = *ret is one (owned by the scan, valid until the next call);
 * 1 = none yet (also early when a signal interrupted the wait: check your stop flag and
 * call again); <0 = the source failed (its status says how). A finished report is
 * released after ~1 s of quiet, one whose kill line never comes is closed as incomplete
 * after ~10 s. */
int oomt_scan_follow_next(struct oomt_scan *s, int timeout_ms, const struct oomt_event **ret);
/* Stops reading: incidents still open are closed; the following oomt_scan_follow_next()
 * calls return them, then 1. */
int oomt_scan_follow_stop(struct oomt_scan *s);

/* ---- what happened to each source ---- */

enum oomt_scan_source_kind {
	OOMT_SCAN_SOURCE_FILE = 0,
	OOMT_SCAN_SOURCE_JOURNAL,
	OOMT_SCAN_SOURCE_KMSG,
};

/* "file", "journal", "kmsg" */
const char *oomt_scan_source_kind_name(enum oomt_scan_source_kind kind);

/* Where a source was read from, with opts.resume. */
enum oomt_scan_resume {
	OOMT_SCAN_RESUME_OFF = 0,     /* no opts.resume: read whole */
	OOMT_SCAN_RESUME_NEW,         /* no position for it: from its start */
	OOMT_SCAN_RESUME_CONTINUED,   /* from its position: only what is new */
	OOMT_SCAN_RESUME_RESTARTED,   /* its position no longer fits (truncated, rewritten,
	                                 another boot's ring buffer): from its start */
	OOMT_SCAN_RESUME_UNCHANGED,   /* not read: a .gz unchanged, or a rotated log taken as
	                                 read */
};
/* "off", "new", "continued", "restarted", "unchanged" */
const char *oomt_scan_resume_name(enum oomt_scan_resume r);

/* One source's status. Allocated by the scan: clients never allocate, copy by value or
 * take sizeof of it; members are only ever appended. */
struct oomt_scan_source {
	const char *name;             /* path as given, "-", a journal directory, "journal",
	                                 "/dev/kmsg" (under sysroot: its path) */
	enum oomt_scan_source_kind kind;
	const char *format;           /* files: the text format detected ("syslog", "dmesg",
	                                 ...), else NULL */
	int error;                    /* 0, or -errno from opening or reading it. -EACCES,
	                                 -EPERM: not allowed (the journal: this user cannot read
	                                 the system journal files); -ELIBACC: the journal, and
	                                 libsystemd cannot be loaded */
	bool read_error;              /* the error came after some records had been read */
	uint64_t records;             /* log records read */
	uint64_t events;              /* incidents found in it (before de-duplication) */
	uint64_t lines_truncated;     /* over-long lines cut to fit the line buffer */
	uint64_t lines_skipped;       /* lines that could not be decoded */
	uint64_t records_lost;        /* lost before they could be read (ring buffer overrun,
	                                 journal corruption, a truncated .gz) */
	/* Members below were appended. What the source spans, for "where did it look": */
	int64_t first_usec;           /* wall clock of its first record (the journal's: of its
	                                 oldest entry; kmsg: the oldest record the ring buffer
	                                 still holds), or OOMT_UNKNOWN */
	int64_t last_usec;            /* of its last: the journal's newest entry; kmsg: when it
	                                 was read; a file: its modification time */
	int64_t first_uptime_usec;    /* kmsg: kernel time stamp of its oldest record (near 0
	                                 when it still holds the whole boot), else OOMT_UNKNOWN */
	uint64_t boots;               /* boots it holds: the journal's boot IDs, 1 for kmsg, 0
	                                 when unknown (files) */
	uint64_t size_bytes;          /* a regular file's size (compressed, for .gz), else 0 */
	/* Appended with resuming (opts.resume): */
	enum oomt_scan_resume resume; /* where it was read from */
	bool held_back;               /* an incident still open at its end was left for the
	                                 next scan (its position stays before it) */
	/* Appended: */
	bool newest_first;            /* its lines run newest first (journalctl -r): a report
	                                 read backwards comes apart into pieces */
};

/* The sources read or tried so far, in order. The pointer stays valid until the scan
 * reads or opens more sources, or is freed. */
size_t oomt_scan_source_count(const struct oomt_scan *s);
const struct oomt_scan_source *oomt_scan_source_get(const struct oomt_scan *s, size_t i);

/* The scan as a whole, for an exit status. */
enum oomt_scan_verdict {
	OOMT_SCAN_VERDICT_READ = 0,   /* some source was read, in full or in part */
	OOMT_SCAN_VERDICT_NO_SOURCE,  /* nothing to read: no journal, no kmsg, no log file */
	OOMT_SCAN_VERDICT_FAILED,     /* every source failed */
	OOMT_SCAN_VERDICT_DENIED,     /* every source failed, lack of privilege among the causes */
};

enum oomt_scan_verdict oomt_scan_verdict(const struct oomt_scan *s);

/* The "sources" array of `scan-logs -J` (docs/oomtool-json.7): one object per source with
 * name, type, format, status ("ok", "partial", "failed"), error, events, lines_truncated,
 * lines_skipped, records_lost, first_time, last_time, boots, size_bytes. */
void oomt_scan_write_sources_json(struct oomt_json *j, const struct oomt_scan *s);

/* The "accounting" member of `scan-logs -J` (docs/oomtool-json.7): the object of
 * oomt_scan_accounting() with boot_id, kernel_oom_kills, logged_kills, unlogged_kills,
 * suppressed_headers, unattributed_kills, boot_time and cgroups [{path, oom_kill,
 * logged_kills}], or null when there is none. */
void oomt_scan_write_accounting_json(struct oomt_json *j, const struct oomt_scan *s);

#endif
