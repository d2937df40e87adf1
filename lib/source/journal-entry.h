/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_JOURNAL_ENTRY_H
#define OOMT_SOURCE_JOURNAL_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "source/reader.h"

/*
 * The journal fields oomtool uses, gathered from one entry of `journalctl -o json`,
 * `-o export` or sd-journal. Fixed-size storage: an entry never allocates; longer values
 * are cut (msg_truncated for MESSAGE).
 */
struct oomt_journal_entry {
	char *msg;                 /* caller-provided buffer of msg_cap + 1 bytes */
	size_t msg_cap, msg_len;
	bool has_msg, msg_truncated;
	int64_t realtime_usec;     /* __REALTIME_TIMESTAMP */
	int64_t source_mono_usec;  /* _SOURCE_MONOTONIC_TIMESTAMP (kernel entries) */
	int64_t pid;               /* _PID, else SYSLOG_PID */
	int64_t syslog_pid;
	int priority, facility;
	char host[256];
	char ident[128];           /* SYSLOG_IDENTIFIER, else _COMM */
	char comm[64];
	char boot_id[33];
	char transport[16];
};

void oomt_journal_entry_reset(struct oomt_journal_entry *e);
/* Store one FIELD=value (value raw bytes, not NUL-terminated). Unused fields are ignored. */
void oomt_journal_entry_set(struct oomt_journal_entry *e, const char *name, size_t name_len,
                            const char *val, size_t val_len);
/* After all fields: fill the fallbacks (ident from _COMM, pid from SYSLOG_PID). */
void oomt_journal_entry_finish(struct oomt_journal_entry *e);

/* One object of `journalctl -o json` (one line). 0, or -EINVAL when it is not an object. */
int oomt_journal_json_parse(const char *line, size_t len, struct oomt_journal_entry *e);

/* The next entry of a `journalctl -o export` stream. 0 = entry (maybe without MESSAGE),
 * 1 = end, -errno. *bad counts malformed lines and cut binary fields. */
int oomt_journal_export_next(struct oomt_reader *r, struct oomt_journal_entry *e,
                             uint64_t *bad);

/* `journalctl -o verbose`: an entry's header line, "<time> [s=…;i=…;b=…;m=…;t=…;x=…]". */
struct oomt_journal_verbose_head {
	bool valid;                /* read, not applied to an entry yet */
	int64_t realtime_usec;     /* t= */
	char boot_id[33];          /* b=, or "" */
};

/* Whether s is such a header (its t= is required); fills *h. */
bool oomt_journal_verbose_header(const char *s, size_t len, struct oomt_journal_verbose_head *h);

/* The next entry of a `journalctl -o verbose` stream; *next carries the header line that
 * ended it to the next call. 0 = entry (maybe without MESSAGE), 1 = end, -errno. *bad
 * counts lines that are neither a header nor an indented field. */
int oomt_journal_verbose_next(struct oomt_reader *r, struct oomt_journal_entry *e,
                              struct oomt_journal_verbose_head *next, uint64_t *bad);

#endif
