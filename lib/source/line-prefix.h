/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_LINE_PREFIX_H
#define OOMT_SOURCE_LINE_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/source.h>
#include "util/time-util.h"

/*
 * The transport prefix of one text line, as offsets into the line (the parser is pure:
 * no allocation, no I/O, the line is not modified). Strings are (off, len) pairs, len 0 =
 * absent. Wall time is left as a broken-down civil time because RFC 3164 stamps have no
 * year: the caller (the text source) infers it.
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
	bool continuation;          /* indented line without any prefix: maybe a later line
	                               of the previous record */
	bool kmsg;                  /* raw /dev/kmsg record: message still \xHH-escaped */
	bool kmsg_cont;             /* kmsg flag 'c' */
	uint64_t kmsg_seq;          /* kmsg sequence number */
	bool kmsg_dict;             /* kmsg dictionary line " KEY=VALUE": not a message */
	bool json;                  /* journalctl -o json object: fields need extracting */
	bool has_delta;             /* dmesg -e "[  +0.000123]": delta_usec since the line
	                               before; no time of its own */
	int64_t delta_usec;
	bool djson;                 /* a line of dmesg -J: the fields it holds are set; the
	                               message (msg_off/len) is still JSON-escaped */
	bool djson_open;            /* it opens an object ("{", "},{"): earlier fields end */
	bool djson_msg;             /* it holds "msg" (the last field util-linux prints) */
};

/* Parse the prefix of line[0..len) (no trailing newline needed). `hint` is the format
 * detected for the file (OOMT_FMT_AUTO if none yet): it is tried first, then every other
 * format, then a search for a kernel stamp near the start, then PLAIN. Always succeeds. */
void oomt_parse_line_prefix(const char *line, size_t len, enum oomt_text_format hint,
                            struct oomt_line_prefix *ret);

/* "[ 117.006941]" at s: bytes consumed (0 if none), *usec set. Accepts the widened form
 * "[20148497.792301]" and leading spaces inside the bracket. */
size_t oomt_parse_uptime_bracket(const char *s, size_t len, int64_t *usec);

#endif
