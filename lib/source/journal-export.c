/* SPDX-License-Identifier: MIT */
/*
 * `journalctl -o export` (systemd's Journal Export Format), entries separated by an empty
 * line:
 *   __CURSOR=s=…;i=…
 *   __REALTIME_TIMESTAMP=1783334096123456
 *   _BOOT_ID=0123456789abcdef0123456789abcdef
 *   MESSAGE=text without newlines
 *   MESSAGE\n<64-bit little-endian length><raw bytes, may hold '\n' or NUL>\n
 * Read straight from the bounded reader: a binary value longer than the message buffer
 * is cut (counted), the rest consumed and dropped.
 */
#include <errno.h>
#include <string.h>
#include "source/journal-entry.h"

static bool field_name(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* "NAME\n" was read: the value is a little-endian 64-bit size, the bytes, and '\n'. */
static int binary_field(struct oomt_reader *r, struct oomt_journal_entry *e, const char *name,
                        size_t nlen, uint64_t *bad)
{
	unsigned char le[8];
	char small[512], keep[64];
	uint64_t size = 0;
	bool short_read, is_msg = nlen == 7 && memcmp(name, "MESSAGE", 7) == 0;
	int64_t got;

	/* name points into the reader's buffer, which the reads below reuse. */
	if (nlen >= sizeof(keep))
		nlen = sizeof(keep) - 1;
	memcpy(keep, name, nlen);
	if (oomt_reader_take(r, 8, (char *)le, 8, &short_read) != 8 || short_read)
		return 1;
	for (int k = 7; k >= 0; k--)
		size = size << 8 | le[k];
	got = oomt_reader_take(r, size, is_msg ? e->msg : small,
	                       is_msg ? e->msg_cap : sizeof(small) - 1, &short_read);
	if (got < 0)
		return (int)got;
	oomt_journal_entry_set(e, keep, nlen, is_msg ? e->msg : small, (size_t)got);
	if ((uint64_t)got < size) {
		(*bad)++;
		if (is_msg)
			e->msg_truncated = true;
	}
	if (short_read)
		return 1;
	/* the '\n' after the data */
	char nl;
	oomt_reader_take(r, 1, &nl, 1, &short_read);
	if (!short_read && nl != '\n')
		(*bad)++;
	return 0;
}

int oomt_journal_export_next(struct oomt_reader *r, struct oomt_journal_entry *e, uint64_t *bad)
{
	bool any = false;

	oomt_journal_entry_reset(e);
	for (;;) {
		char *line, *eq;
		size_t len;
		bool cut;
		int k = oomt_reader_line(r, &line, &len, &cut);

		if (k < 0)
			return k;
		if (k == 1)
			break;
		if (len == 0) {
			if (any)
				break;
			continue;   /* blank lines between entries */
		}
		any = true;
		if (cut)
			(*bad)++;
		eq = memchr(line, '=', len);
		if (eq && field_name(line, (size_t)(eq - line))) {
			oomt_journal_entry_set(e, line, (size_t)(eq - line), eq + 1,
			                       len - (size_t)(eq - line) - 1);
		} else if (!eq && field_name(line, len)) {
			k = binary_field(r, e, line, len, bad);
			if (k < 0)
				return k;
			if (k == 1)
				break;
		} else {
			(*bad)++;
		}
	}
	if (!any)
		return 1;
	oomt_journal_entry_finish(e);
	return 0;
}
