/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_SOURCE_H
#define OOMT_SOURCE_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include "source/record.h"

/*
 * Log sources: turn a log (text file in any supported format, gzip or not; /dev/kmsg; the
 * systemd journal) into struct oomt_record, one line at a time, in bounded memory.
 * A source knows nothing about OOM incidents.
 *
 * All functions return 0 or a negative errno; oomt_source_next() returns 0 with a record,
 * 1 at the end of input (or, when following, when nothing new arrived within the timeout).
 *
 * Records: rec->msg_len is authoritative (a journal MESSAGE may hold NUL bytes). ident is
 * "kernel" for lines of the kernel ring buffer formats (dmesg, kmsg) unless their facility
 * says a userspace program wrote them. A line no format fits is delivered whole (PLAIN);
 * nothing is dropped silently.
 */
struct oomt_source;
struct sd_journal;

/* Text formats, detected per file from its first lines, re-checked per line when a line
 * does not fit (aggregated logs mix formats). */
enum oomt_text_format {
	OOMT_FMT_AUTO = 0,
	OOMT_FMT_PLAIN,          /* no recognised prefix: message text only */
	OOMT_FMT_DMESG,          /* [ 117.006941] msg, optional <pri>, [T123] caller */
	OOMT_FMT_DMESG_CTIME,    /* [Mon Jul  6 12:34:56 2026] msg (dmesg -T) */
	OOMT_FMT_DMESG_ISO,      /* 2026-07-06T12:34:56,006941+02:00 msg */
	OOMT_FMT_KMSG,           /* PRI,SEQ,USEC,FLAGS;msg (raw /dev/kmsg) */
	OOMT_FMT_SYSLOG,         /* Jul  6 12:34:56 host ident[pid]: msg (RFC 3164, journalctl short*) */
	OOMT_FMT_SYSLOG_ISO,     /* 2026-07-06T12:34:56.123456+02:00 host ident: msg (RFC 3339) */
	OOMT_FMT_RFC5424,        /* <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG */
	OOMT_FMT_JOURNAL_JSON,   /* journalctl -o json (one object per line) */
	OOMT_FMT_JOURNAL_EXPORT, /* journalctl -o export */
	OOMT_FMT_DMESG_RELTIME,  /* [Jul 6 12:34] msg, then [  +0.000123] msg (dmesg -e) */
	OOMT_FMT_DMESG_JSON,     /* dmesg -J: {"pri": 4, "time": 117.006941, "msg": "..."} */
	OOMT_FMT_JOURNAL_VERBOSE, /* journalctl -o verbose */
	OOMT_FMT_LOGCAT,         /* 12-06 00:41:09.118   689   689 I tag: msg (Android logcat) */
};

struct oomt_source_opts {
	int year_hint;           /* year for formats without one (RFC 3164); 0 = from the file's mtime */
	int64_t boot_realtime_usec; /* wall time of boot for uptime -> realtime (kmsg); OOMT_UNKNOWN
	                               or 0 = read it (CLOCK_REALTIME - CLOCK_MONOTONIC, or btime
	                               from <sysroot>/proc/stat when sysroot is set) */
	const char *sysroot;     /* prefix for /proc, /dev/kmsg, /var/log ("" or NULL = /) */
	bool follow;             /* kmsg device, journal: start at the end, deliver only new
	                            records, waiting up to follow_timeout_ms for each */
	int follow_timeout_ms;   /* with follow: how long next() may wait before returning 1 */
	bool follow_from_start;  /* with follow: deliver what the log already holds first (the
	                            caller filters it by time), then wait for new records */
	/* Appended for lib/scan's resume (oomt_source_tell()): */
	bool track_position;     /* keep what oomt_source_tell() needs (a little per record) */
	const struct oomt_source_pos *start;  /* open there (batch only; NULL = the start):
	                            a text file at pos->offset, kmsg from record pos->seq, the
	                            journal's streams at their cursors */
	const char *const *journal_files;  /* the journal: only these files (NULL-terminated;
	                            the ones that changed since a position was taken) */
	/* Appended for a batch journal read in two halves at once (oomt_source_journal_cut): */
	char journal_stop_boot[33];  /* the first half: each stream ends where this boot (its
	                            ID, 32 hex digits; "" = none) begins */
	bool journal_second_half;  /* the second: start is the cut, where both streams begin
	                            (inclusive), not where an earlier read stopped */
	/* Appended for tests of the filter's search on a second CPU (text-source.c): */
	uint64_t scout_min_bytes;  /* a text file this large (from where the filter starts)
	                            shares its search with a second thread, in segments of a
	                            quarter of it (256 B to 1 MiB); 0 = 16 MiB, and only with
	                            a second CPU */
	bool scout_wait;           /* the reader waits for the second thread's first segment (or
	                            for its finding none): a small file is not read through
	                            before the thread has begun */
	/* Appended for tests of the journal's read-ahead (journal-source.c): */
	int journal_read_ahead;    /* the others' entries read ahead on the kernel's handle at
	                            a time; 0 = 128, -1 = a handle of their own */
	/* Appended for tests of the journal's trims (journal-source.c): */
	uint64_t journal_trim_bytes;   /* what a batch read keeps mapped of the journal's
	                            pages; 0 = by the memory available (oomt_journal_trim_budget) */
	/* Appended for the first half of a cut journal (oomt_source_journal_halves): */
	struct sd_journal *journal_handle;  /* the cut's handle on the directory, read on
	                            instead of opening another; oomt_source_open_journal takes
	                            it, whatever it returns */
};

/* A text log: path "-" is standard input; .gz (by magic, not name) is decompressed. */
int oomt_source_open_file(const char *path, const struct oomt_source_opts *opts,
                          struct oomt_source **ret);
/* Bytes of a text log whose search a second thread did (opts.scout_min_bytes; tests). */
uint64_t oomt_source_scouted_bytes(const struct oomt_source *src);
/* /dev/kmsg (or its twin under sysroot: a character device, or a regular file of saved
 * records, one per line): the current boot's ring buffer. -EPERM/-EACCES when
 * kernel.dmesg_restrict forbids it (run as root). */
int oomt_source_open_kmsg(const struct oomt_source_opts *opts, struct oomt_source **ret);
/* The systemd journal: dir NULL = this host's journals (all boots), else a directory copied
 * from another machine (as journalctl -D). Only kernel-transport entries and the userspace
 * killers' identifiers (earlyoom, systemd-oomd, nohang, systemd's unit messages) are read.
 * dir NULL with sysroot set reads <sysroot>/var/log/journal. -EACCES when the system journal
 * exists but this user cannot read it (sd-journal would silently show only the user's own
 * journal): add the user to the systemd-journal or adm group, or run as root. -ELIBACC
 * when libsystemd.so.0 cannot be loaded: it is loaded here, on first use, not linked, so
 * that the commands that never read the journal do not pay its memory. */
int oomt_source_open_journal(const char *dir, const struct oomt_source_opts *opts,
                             struct oomt_source **ret);

int oomt_source_next(struct oomt_source *src, struct oomt_record *rec);

/* Where a source is, to open it there again (opts.start). */
#define OOMT_SOURCE_CURSOR_MAX 256
struct oomt_source_pos {
	uint64_t offset;         /* text file: the byte offset of a line's start */
	uint64_t seq;            /* kmsg: the sequence number of the first record to read */
	char cursor[2][OOMT_SOURCE_CURSOR_MAX];  /* journal, per stream (the kernel's entries,
	                                            the others): an entry's cursor, "" = the
	                                            stream's start */
	bool cursor_inclusive[2];   /* that entry is still to be read (else: after it) */
};

/* With opts.track_position: where src is. after = false: where the raw unit (a line, a kmsg
 * record, a journal entry) of the record returned last began, so that reading from there
 * delivers that record again; true: after everything read so far (a text file: after its
 * last complete line; a last line without its newline is read again). -EOPNOTSUPP for a
 * source that cannot be reopened at a position (gzip, standard input, a pipe, following),
 * -EINVAL without track_position. */
int oomt_source_tell(struct oomt_source *src, bool after, struct oomt_source_pos *ret);

/* A journal source's span, matches aside: the wall clock of its oldest and newest entries
 * (OOMT_UNKNOWN when it has none) and the number of boots it holds. -EINVAL for a source
 * that is not a journal. */
int oomt_source_journal_span(struct oomt_source *src, int64_t *ret_first_usec,
                             int64_t *ret_last_usec, uint64_t *ret_boots);

/* Where a batch read of a journal (dir and opts as for oomt_source_open_journal, without
 * follow, start or journal_files) can be cut in two halves that hold at least min_entries
 * entries each, to read them at once: the first entry of a boot, whose cursor starts the
 * second half (opts.start, journal_second_half) and whose boot ends the first
 * (journal_stop_boot). 0, 1 when there is no such cut (one boot; several machines or
 * numbering sequences of entries, whose order is not the order they were written) or too
 * few descriptors left to hold both halves open, or -errno. */
struct oomt_journal_cut {
	char cursor[OOMT_SOURCE_CURSOR_MAX];
	char boot_id[33];
	struct sd_journal *handle;   /* the handle the cut was found on, open: the first half
	                                reads on it (opening the journal again costs as much as
	                                finding the cut); oomt_source_journal_cut_done() closes
	                                it where no half took it */
};
int oomt_source_journal_cut(const char *dir, const struct oomt_source_opts *opts,
                            uint64_t min_entries, struct oomt_journal_cut *ret);
void oomt_source_journal_cut_done(struct oomt_journal_cut *cut);
/* The options of the two halves of a read cut at cut, each opts with the cut's part: first
 * ends where the cut's boot begins and takes the cut's handle (opening first closes it),
 * second starts at its entry (at start, which must last until the second half is
 * opened). */
void oomt_source_journal_halves(const struct oomt_source_opts *opts,
                                struct oomt_journal_cut *cut,
                                struct oomt_source_opts *first, struct oomt_source_opts *second,
                                struct oomt_source_pos *start);

const char *oomt_source_name(const struct oomt_source *src);   /* "journal", "/dev/kmsg", path, "stdin" */
/* The format detected for a text file (its first line with a known prefix); KMSG for
 * /dev/kmsg; AUTO for the journal and for a file with no line read yet. */
enum oomt_text_format oomt_source_format(const struct oomt_source *src);
const char *oomt_text_format_name(enum oomt_text_format fmt);
/* Lines the source had to cut (longer than its 256 KiB buffer), and lines it could not
 * decode (a JSON line without MESSAGE, a malformed export field, a non-record in a kmsg
 * file). */
uint64_t oomt_source_lines_truncated(const struct oomt_source *src);
uint64_t oomt_source_lines_skipped(const struct oomt_source *src);
/* Records lost before we read them (kmsg ring-buffer overrun: the sequence gap; journal
 * corruption; the undecodable rest of a truncated or corrupt .gz counts 1). */
uint64_t oomt_source_records_lost(const struct oomt_source *src);
/* The wall times of the first and the last line read that had one (a text file's: of its
 * lines, the last one the prefilter skipped included), OOMT_UNKNOWN when none had. */
void oomt_source_span(const struct oomt_source *src, int64_t *ret_first_usec,
                      int64_t *ret_last_usec);
/* The records read so far ran newest first (journalctl -r), by their wall times. */
bool oomt_source_newest_first(const struct oomt_source *src);

void oomt_source_free(struct oomt_source *src);

/* The host's default text logs under sysroot: /var/log/{kern.log,syslog,messages}*, rotated
 * (.1, .2.gz, -20240101) included, oldest first, kern.log's first. Returns a NULL-terminated
 * array (empty when there is no /var/log) to free with oomt_strv_free(), or NULL with errno
 * set. */
char **oomt_default_log_files(const char *sysroot);
void oomt_strv_free(char **strv);

#endif
