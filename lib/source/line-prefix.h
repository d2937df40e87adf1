/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_LINE_PREFIX_H
#define OOMT_SOURCE_LINE_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "source/source.h"
#include "util/time-util.h"

/*
 * The transport prefix of one text line, as offsets into the line (the parser is pure:
 * no allocation, no I/O, the line is not modified). Strings are (off, len) pairs, len 0 =
 * absent. Wall time is left as a broken-down civil time because RFC 3164 stamps have no
 * year: the reader of the file infers it (struct oomt_line_clock, below). Each transport's
 * recognisers are in line-prefix-<transport>.c, the order they are tried in line-prefix.c.
 */
struct oomt_line_prefix {
	enum oomt_text_format fmt;  /* the format that matched; PLAIN when none did */
	size_t msg_off, msg_len;
	int64_t uptime_usec;        /* OOMT_UNKNOWN when absent */
	int64_t realtime_usec;      /* set when the stamp is absolute (epoch, zone given) */
	struct oomt_civil civil;    /* set when has_civil; civil.year 0 = no year in the stamp,
	                               civil.mon 0 = month name not understood */
	bool has_civil;
	size_t host_off, host_len;
	size_t ident_off, ident_len;
	int64_t ident_pid;
	size_t caller_off, caller_len;
	int priority, facility;     /* -1 when absent */
	bool bare;                  /* "kernel: msg" or "ident[pid]: msg": only an ident, no
	                               stamp, no host (oomt_syslog_parse_bare) */
	bool continuation;          /* indented line without any prefix: maybe a later line
	                               of the previous record */
	bool kmsg;                  /* raw /dev/kmsg record: message still \xHH-escaped */
	bool kmsg_cont;             /* kmsg flag 'c' */
	uint64_t kmsg_seq;          /* kmsg sequence number */
	bool kmsg_dict;             /* kmsg dictionary line " KEY=VALUE": not a message */
	bool logcat_head;           /* logcat -v long's "[ stamp pid:tid L/tag ]": no message;
	                               its fields are the prefix of the lines after it, up to
	                               a blank line (struct oomt_logcat_long) */
	bool json;                  /* journalctl -o json object: fields need extracting */
	bool has_delta;             /* dmesg -e "[  +0.000123]": delta_usec since the line
	                               before; no time of its own */
	int64_t delta_usec;
	bool djson;                 /* a line of dmesg -J: the fields it holds are set; the
	                               message (msg_off/len) is still JSON-escaped */
	bool djson_open;            /* it opens an object ("{", "},{"): earlier fields end */
	bool djson_msg;             /* it holds "msg" (the last field util-linux prints) */
	bool djson_reltime;         /* its "time" is a dmesg -e stamp (running time) */
	size_t djson_rest_off;      /* more objects follow on the line from here (one-line
	                               documents); 0 = none */
	size_t gutter;              /* bytes before the prefix proper: a pasted line number
	                               ("  20417 ") or grep's "FILE:"; 0 when none */
	bool numbered;              /* the gutter is a line number (an editor's, a pager's) */
	size_t pre_off, pre_len;    /* the words before the kernel stamp that the last resort
	                               (oomt_noise_find_kernel_stamp) read past, when a blank
	                               parts them from it: "web1 [ 12.3] msg" (a relay's name
	                               for the sender), or "0kB\xc2\xa0[ 12.3] msg" (the end of
	                               the record before, which a mail client wrapped and then
	                               glued to this one); blanks not counted; 0 when none */
	int ref_year, ref_mon, ref_mday; /* a date the stamp cannot be later than: grep's file
	                                    name of a rotated log ("messages-20230604:"); 0 none.
	                                    It decides the year of this line, over year_hint */
	size_t head_len;            /* not 0: the line's first head_len bytes alone decided this
	                               prefix, the message starts there ("Jul  6 12:34:56 host
	                               ident: "), and the kernel's own stamp is read after them
	                               when head_kernel (oomt_parse_line_prefix_cached) */
	bool head_kernel;
};

/* Parse the prefix of line[0..len) (no trailing newline needed). `hint` is the format
 * detected for the file (OOMT_FMT_AUTO if none yet): it is tried first, then every other
 * format, then a search for a kernel stamp near the start, then PLAIN. Always succeeds. */
void oomt_parse_line_prefix(const char *line, size_t len, enum oomt_text_format hint,
                            struct oomt_line_prefix *ret);

/* The same for the lines of one file in turn: a line that starts with the bytes that alone
 * decided the previous syslog line's prefix (its stamp, host and ident, so most lines of a
 * report) gets that prefix without a parse, only its message looked at. The answer is
 * always oomt_parse_line_prefix()'s. The cache starts zeroed. */
#define OOMT_PREFIX_HEAD_MAX 128
struct oomt_line_prefix_cache {
	char head[OOMT_PREFIX_HEAD_MAX];
	struct oomt_line_prefix p;      /* the prefix of the line that started with head */
	enum oomt_text_format hint;
	bool valid;
};
void oomt_parse_line_prefix_cached(struct oomt_line_prefix_cache *c, const char *line,
                                   size_t len, enum oomt_text_format hint,
                                   struct oomt_line_prefix *ret);

/* "[ 117.006941]" at s: bytes consumed (0 if none), *usec set. Accepts the widened form
 * "[20148497.792301]" and leading spaces inside the bracket. */
size_t oomt_parse_uptime_bracket(const char *s, size_t len, int64_t *usec);

/* The blank between a stamp and its message as a mail archive or a web page may give it
 * back: a blank, a no-break space (C2 A0), or its mojibake read as Latin-1, "\xc3\x82"
 * before a no-break space or a blank. oomt_stamp_blank: its length at s[i], 0 for none;
 * oomt_stamp_blank_before: its length ending right before s[i]. */
size_t oomt_stamp_blank(const char *s, size_t len, size_t i);
size_t oomt_stamp_blank_before(const char *s, size_t i);

/* "[Thu Apr 17 23:12:33 2025]" (dmesg -T, any locale whose month name is known) at s:
 * bytes consumed (0 if none), *sec set to its civil time in seconds (no zone applied: for
 * comparing two stamps of one log). */
size_t oomt_parse_ctime_bracket(const char *s, size_t len, int64_t *sec);

/* Terminal escapes (dmesg --color=always, a colored journalctl paged to a file: "ESC [ ...
 * m" and the other CSI sequences) removed from s in place; the new length. */
size_t oomt_noise_strip_escapes(char *s, size_t len);

/* A screen copy that kept each screen row's padding and lost the row breaks: a record's
 * rows on one line, each padded with blanks to the screen's width ("total-vm:53312244<117
 * blanks>kB, anon-rss:..."). No kernel line holds a run of SCREEN_PAD_MIN blanks between two
 * words (a task row pads its columns with a dozen at most). */
#define SCREEN_PAD_MIN 40
/* True when s[0..len) holds such a run between two non-blank bytes. */
bool oomt_noise_has_screen_pad(const char *s, size_t len);
/* Every such run removed from s in place, the rows joined byte for byte (the screen cut
 * them mid-word); the new length. */
size_t oomt_noise_join_screen_pads(char *s, size_t len);

/* A mail's quoted-printable body stored raw (list archives keep "Content-Transfer-Encoding:
 * quoted-printable" bodies as sent): "order=3D0", "=20" at a line's end, and lines cut at
 * 76 columns by a soft break, a '=' that ends the line ("...Not tainte=" + "d 7.0.0...").
 * The "=XX" escapes (upper-case hex, as RFC 2045 writes them) decoded in place; the new
 * length. Any other '=' is kept. */
size_t oomt_noise_qp_decode(char *s, size_t len);
/* Does s[0..len) (its line end not counted) end in a soft break? */
bool oomt_noise_qp_soft_break(const char *s, size_t len);

/* A log line inside JSON, one key a line (a log shipper's export, journalctl -o
 * json-pretty): '"textPayload": "[195998.443208] node invoked oom-killer: ...\\r\\n",'.
 * When s is such a line of a message key (textPayload, message, MESSAGE, log, _raw),
 * its string is unescaped in place (a shipper's second escaping of the line end too) and
 * becomes the line; the new length, or len unchanged. */
size_t oomt_noise_unwrap_json_message(char *s, size_t len);

/*
 * Line-to-line state of the transports whose lines do not stand alone. A reader of a text
 * log keeps one of each per file and passes every parsed line through them, in order.
 */

/* line-prefix-clock.c: the wall time of a stamp. Stamps without a year (RFC 3164,
 * journalctl short, dmesg -e) get one (docs/kernel-oom-report.md §9.10): year_hint if not
 * 0; else the year that puts the log's stamps no later than its end: the rotation date in
 * a rotated file's name (logrotate's dateext, "messages-20240103"), else the file's mtime
 * (a regular file; fd -1 = none), else today. A stamp more than a day after that reference
 * is the year before (a log of December read in January); the year steps at each new
 * year in the log. */
struct oomt_line_clock {
	int year_hint;
	int ref_year, ref_mon, ref_mday;   /* the log's end, 0 = unknown */
	int span_year, span_mon, span_mday; /* the end journalctl states, or a witness date
	                                       in a message, 0 = none: it decides over
	                                       year_hint and ref (oomt_line_clock_span,
	                                       oomt_line_clock_witness) */
	bool ref_named;                 /* ref came from a rotated log's name, not its mtime */
	bool guessed;                   /* the last wall time's year came from the file's
	                                   mtime or today: no line or name states it */
	int year, last_mon;             /* inferred year of year-less stamps */
	int64_t tz_key, tz_off;         /* cache of the local UTC offset, per hour */
};
void oomt_line_clock_init(struct oomt_line_clock *c, int year_hint, int fd);
/* A rotated log's name ("syslog-20240103", "messages-20240103.gz", "kern.log.2024-01-03"):
 * its date, the day it was rotated, is the reference (the mtime may be a copy's). */
void oomt_line_clock_set_name(struct oomt_line_clock *c, const char *path);
/* The date in such a name: true, with y, m and d set, when path (its last component)
 * holds one. */
bool oomt_line_clock_name_date(const char *path, size_t len, int *y, int *m, int *d);
/* journalctl's first line states the span of what it prints, with years: "-- Logs begin at
 * Sun 2021-02-21 16:44:39 UTC, end at Mon 2021-02-22 22:04:12 UTC. --" (systemd up to
 * 245), "-- Journal begins at ..., ends at ... --" (246-249). True when line[0..n) is one:
 * its end date then decides the year of the year-less stamps after it, as a rotated
 * log's name does. */
bool oomt_line_clock_span(struct oomt_line_clock *c, const char *line, size_t n);
/* A year-less stamp whose message holds a full date of the same month and day (a program
 * that logs its own time: containerd's time="2025-04-14T05:21:34+08:00", a Java or
 * Python logger's "2025-04-14 05:21:34,123"): that date is the log's witness, used as
 * journalctl's end is (its year decides over year_hint and ref). p is line's prefix. */
bool oomt_line_clock_witness(struct oomt_line_clock *c, const struct oomt_line_prefix *p,
                             const char *line, size_t n);
/* Microseconds since the epoch, or OOMT_UNKNOWN when the prefix holds no usable wall time. */
int64_t oomt_line_clock_realtime(struct oomt_line_clock *c, const struct oomt_line_prefix *p);

/* line-prefix-logcat.c: logcat -v long's header line ("[ 12-06 00:41:09.118   689:  689
 * I/lowmemorykiller ]") is at most this long; the lines after it, up to a blank line,
 * have its fields (text-source.c keeps it). */
#define OOMT_LOGCAT_HEAD_MAX 256

/* line-prefix-dmesg.c: dmesg -e gives most lines only the delta to the line before. */
struct oomt_dmesg_reltime {
	int64_t last_usec;              /* wall time of the last line; OOMT_UNKNOWN before the
	                                   first absolute stamp */
};
void oomt_dmesg_reltime_init(struct oomt_dmesg_reltime *r);
/* The wall time of a dmesg -e line; replay = the line was counted already (a line parsed
 * again), its time is the last one. */
int64_t oomt_dmesg_reltime_next(struct oomt_dmesg_reltime *r, struct oomt_line_clock *clock,
                                const struct oomt_line_prefix *p, bool replay);

/* line-prefix-dmesg-json.c: dmesg -J prints one member per line; the members of one object
 * are collected until "msg" (always the last), whose line makes the record. */
struct oomt_dmesg_json_object {
	struct oomt_line_prefix fields; /* fields.djson: an object is open; caller_len counts
	                                   the bytes of caller[] */
	char caller[32];
};
/* Add the members of one dmesg -J line (p->djson) to the object; a line that opens an
 * object starts a new one. */
void oomt_dmesg_json_collect(struct oomt_dmesg_json_object *o, const char *line,
                             const struct oomt_line_prefix *p);
/* The "msg" line was delivered: later members belong to the next object. */
void oomt_dmesg_json_end(struct oomt_dmesg_json_object *o);

#endif
