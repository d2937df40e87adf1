/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_RECORD_H
#define OOMT_SOURCE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/common.h>

/*
 * A record is one logical log line with its transport prefix removed.
 *
 * Every source (a text file in any of the supported formats, /dev/kmsg, the systemd journal)
 * turns its input into records; the incident parser consumes records and never sees a
 * transport prefix. A kernel message holding embedded newlines (the Mem-Info counter block,
 * 5.3-6.4 memcg stats) is delivered as several records that share the same metadata, the
 * later ones with `cont` set.
 *
 * Unknown integers are OOMT_UNKNOWN; unknown strings are NULL. The pointers stay valid until
 * the next call to the source that produced the record.
 */

struct oomt_record {
	const char *msg;        /* message text, NUL-terminated, no trailing newline */
	size_t msg_len;
	int64_t uptime_usec;    /* kernel timestamp (time since boot), or OOMT_UNKNOWN */
	int64_t realtime_usec;  /* wall clock, microseconds since the epoch, or OOMT_UNKNOWN */
	const char *host;       /* hostname as the transport names it, or NULL */
	const char *ident;      /* syslog identifier: "kernel", "earlyoom", "systemd-oomd", ... */
	int64_t ident_pid;      /* the [pid] after the identifier, or OOMT_UNKNOWN */
	const char *boot_id;    /* journal _BOOT_ID (32 hex), or NULL */
	const char *caller;     /* printk caller id "T1234" / "C3", or NULL */
	const char *pre_stamp;  /* a text line's words before the kernel stamp its prefix was
	                           found at last (line-prefix.h: pre_off), that no transport
	                           names: a relay's name for the sender ("web1 [ 12.3] msg"),
	                           or the end of the record before, which a mail client
	                           wrapped and glued to this line ("0kB [ 12.3] msg"). Not the
	                           message's; only the parser can tell which (a record it holds
	                           for its rest, lib/event/wrap.c). NULL when none */
	int priority;           /* 0..7, or -1 */
	int facility;           /* 0 = kernel, or -1 when the transport does not say */
	bool cont;              /* continuation of the previous record (kmsg flag 'c', or a
	                           later line of a multi-line message) */
	bool truncated;         /* the line was longer than the source's buffer and was cut */
	bool year_guessed;      /* realtime_usec's year is the file's mtime's (or today's): the
	                           line, its log's name and journalctl's span line state none */
	bool no_needle;         /* the source has prefilter needles (prefilter.h) and the line
	                           holds none of them: a parser that is not busy ignores it,
	                           as if the filter had skipped it */
	bool lead_row;          /* a text file's line (at most OOMT_LEAD_LINE_MAX bytes, not
	                           the rest of a line cut in two) whose message starts as a
	                           task-table row does ("[ 4321]     0 ..."): see below */
	bool lead_gap;          /* the filter skipped lines that give records between the
	                           lead row handed out last and this record */
};

/*
 * Task rows whose table header a paste or grep lost come before the line that opens their
 * report (selection, summary or kill line), and hold no prefilter needle. A text source
 * hands out, with its filter on, the lines that may be such rows (a row's start anywhere
 * in them) right before each line with a needle, at most OOMT_LEAD_ROWS of them, back to
 * the last line it handed out; a parser that is not busy keeps the last OOMT_LEAD_ROWS
 * records marked lead_row that come in a row and forgets them at any other record. With
 * the filter on or off it keeps the same rows: a record marked lead_gap tells it that
 * lines it would have seen were skipped since (after a file's first line, always handed
 * out).
 */
#define OOMT_LEAD_ROWS 64
#define OOMT_LEAD_LINE_MAX 1024

#endif
