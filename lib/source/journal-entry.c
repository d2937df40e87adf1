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

static bool name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(name, want, len) == 0;
}

void oomt_journal_entry_set(struct oomt_journal_entry *e, const char *name, size_t name_len,
                            const char *val, size_t val_len)
{
	int64_t v;

	if (name_is(name, name_len, "MESSAGE")) {
		e->has_msg = true;
		e->msg_truncated = val_len > e->msg_cap;
		e->msg_len = val_len > e->msg_cap ? e->msg_cap : val_len;
		if (e->msg != val)
			memmove(e->msg, val, e->msg_len);
		e->msg[e->msg_len] = '\0';
	} else if (name_is(name, name_len, "__REALTIME_TIMESTAMP")) {
		e->realtime_usec = number(val, val_len);
	} else if (name_is(name, name_len, "_SOURCE_MONOTONIC_TIMESTAMP")) {
		e->source_mono_usec = number(val, val_len);
	} else if (name_is(name, name_len, "_HOSTNAME")) {
		copy_str(e->host, sizeof(e->host), val, val_len);
	} else if (name_is(name, name_len, "SYSLOG_IDENTIFIER")) {
		copy_str(e->ident, sizeof(e->ident), val, val_len);
	} else if (name_is(name, name_len, "_COMM")) {
		copy_str(e->comm, sizeof(e->comm), val, val_len);
	} else if (name_is(name, name_len, "_BOOT_ID")) {
		if (val_len == 32)
			copy_str(e->boot_id, sizeof(e->boot_id), val, val_len);
	} else if (name_is(name, name_len, "_TRANSPORT")) {
		copy_str(e->transport, sizeof(e->transport), val, val_len);
	} else if (name_is(name, name_len, "PRIORITY")) {
		v = number(val, val_len);
		e->priority = v >= 0 && v <= 7 ? (int)v : -1;
	} else if (name_is(name, name_len, "SYSLOG_FACILITY")) {
		v = number(val, val_len);
		e->facility = v >= 0 && v <= 23 ? (int)v : -1;
	} else if (name_is(name, name_len, "_PID")) {
		e->pid = number(val, val_len);
	} else if (name_is(name, name_len, "SYSLOG_PID")) {
		e->syslog_pid = number(val, val_len);
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
