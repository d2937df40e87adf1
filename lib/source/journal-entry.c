/* SPDX-License-Identifier: MIT */
/* Journal fields shared by the json, export and sd-journal readers. */
#include <string.h>
#include "source/record.h"
#include "source/journal-entry.h"
#include "util/time-util.h"

void oomt_journal_entry_reset(struct oomt_journal_entry *e)
{
	char *msg = e->msg;
	size_t cap = e->msg_cap;

	memset(e, 0, sizeof(*e));
	e->msg = msg;
	e->msg_cap = cap;
	e->realtime_usec = e->source_mono_usec = OOMT_UNKNOWN;
	e->pid = e->syslog_pid = OOMT_UNKNOWN;
	e->priority = e->facility = -1;
}

static void copy_str(char *dst, size_t cap, const char *val, size_t len)
{
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, val, len);
	dst[len] = '\0';
}

static int64_t number(const char *val, size_t len)
{
	int64_t v;

	if (len == 0 || oomt_parse_digits(val, len, 19, &v) != len)
		return OOMT_UNKNOWN;
	return v;
}

/* The fields oomtool reads, by name; every other field (most of an entry's) is ignored
 * after a length check and at most one comparison. */
enum field {
	F_NONE, F_MESSAGE, F_REALTIME, F_SOURCE_MONO, F_HOSTNAME, F_IDENT, F_COMM, F_BOOT_ID,
	F_TRANSPORT, F_PRIORITY, F_FACILITY, F_PID, F_SYSLOG_PID,
};

static enum field field_of(const char *name, size_t len)
{
#define IS(lit, f) (len == sizeof(lit) - 1 && memcmp(name, lit, len) == 0 ? (f) : F_NONE)
	switch (len) {
	case 4: return IS("_PID", F_PID);
	case 5: return IS("_COMM", F_COMM);
	case 7: return IS("MESSAGE", F_MESSAGE);
	case 8: return name[0] == 'P' ? IS("PRIORITY", F_PRIORITY) : IS("_BOOT_ID", F_BOOT_ID);
	case 9: return IS("_HOSTNAME", F_HOSTNAME);
	case 10: return name[1] == 'T' ? IS("_TRANSPORT", F_TRANSPORT) : IS("SYSLOG_PID", F_SYSLOG_PID);
	case 15: return IS("SYSLOG_FACILITY", F_FACILITY);
	case 17: return IS("SYSLOG_IDENTIFIER", F_IDENT);
	case 20: return IS("__REALTIME_TIMESTAMP", F_REALTIME);
	case 27: return IS("_SOURCE_MONOTONIC_TIMESTAMP", F_SOURCE_MONO);
	default: return F_NONE;
	}
#undef IS
}

void oomt_journal_entry_set(struct oomt_journal_entry *e, const char *name, size_t name_len,
                            const char *val, size_t val_len)
{
	int64_t v;

	switch (field_of(name, name_len)) {
	case F_NONE:
		break;
	case F_MESSAGE:
		e->has_msg = true;
		e->msg_truncated = val_len > e->msg_cap;
		e->msg_len = val_len > e->msg_cap ? e->msg_cap : val_len;
		if (e->msg != val)
			memmove(e->msg, val, e->msg_len);
		e->msg[e->msg_len] = '\0';
		break;
	case F_REALTIME:
		e->realtime_usec = number(val, val_len);
		break;
	case F_SOURCE_MONO:
		e->source_mono_usec = number(val, val_len);
		break;
	case F_HOSTNAME:
		copy_str(e->host, sizeof(e->host), val, val_len);
		break;
	case F_IDENT:
		copy_str(e->ident, sizeof(e->ident), val, val_len);
		break;
	case F_COMM:
		copy_str(e->comm, sizeof(e->comm), val, val_len);
		break;
	case F_BOOT_ID:
		if (val_len == 32)
			copy_str(e->boot_id, sizeof(e->boot_id), val, val_len);
		break;
	case F_TRANSPORT:
		copy_str(e->transport, sizeof(e->transport), val, val_len);
		break;
	case F_PRIORITY:
		v = number(val, val_len);
		e->priority = v >= 0 && v <= 7 ? (int)v : -1;
		break;
	case F_FACILITY:
		v = number(val, val_len);
		e->facility = v >= 0 && v <= 23 ? (int)v : -1;
		break;
	case F_PID:
		e->pid = number(val, val_len);
		break;
	case F_SYSLOG_PID:
		e->syslog_pid = number(val, val_len);
		break;
	}
}

void oomt_journal_entry_finish(struct oomt_journal_entry *e)
{
	if (!e->ident[0] && strcmp(e->transport, "kernel") == 0)
		strcpy(e->ident, "kernel");
	if (!e->ident[0] && e->comm[0])
		copy_str(e->ident, sizeof(e->ident), e->comm, strlen(e->comm));
	if (e->pid == OOMT_UNKNOWN)
		e->pid = e->syslog_pid;
	if (e->facility < 0 && strcmp(e->transport, "kernel") == 0)
		e->facility = 0;
}
