/* SPDX-License-Identifier: MIT */
/*
 * `journalctl -o verbose`: an entry is a header line, its time and the parts of its cursor,
 * then every field on a line of its own, indented:
 *   Thu 2023-02-02 11:49:13.015489 CET [s=8d1e…;i=a52cbb;b=796d12a5…;m=1f6726955fe3;t=5f3b550c118c1;x=…]
 *       _TRANSPORT=kernel
 *       MESSAGE=Memory cgroup out of memory: Killed process 2855014 (tail) …
 * The header's t= (wall clock, hex microseconds) and b= (boot ID) are the entry's; the
 * fields are read as the export format's (journal-entry.c). A field journalctl could not
 * show ("[123 bytes blob data]") is not taken, and neither are journalctl's own "-- ..."
 * lines between boots nor the text a paste put around the entries. Read line by line from
 * the bounded reader, like -o export.
 */
#include <string.h>
#include "source/journal-entry.h"
#include "util/text.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The value of key ("t=") among the header's "[k=v;k=v;...]", or NULL; *n its length. */
static const char *cursor_part(const char *b, const char *e, const char *key, size_t *n)
{
	size_t kl = strlen(key);

	for (const char *p = b; p < e;) {
		const char *semi = memchr(p, ';', (size_t)(e - p));
		const char *end = semi ? semi : e;

		if ((size_t)(end - p) > kl && memcmp(p, key, kl) == 0) {
			*n = (size_t)(end - p) - kl;
			return p + kl;
		}
		p = end + 1;
	}
	return NULL;
}

bool oomt_journal_verbose_header(const char *s, size_t len, struct oomt_journal_verbose_head *h)
{
	const char *open, *b, *e = s + len, *t;
	size_t n;
	uint64_t v = 0;

	if (len < 8 || s[len - 1] != ']' || s[0] == ' ' || s[0] == '\t')
		return false;
	open = memchr(s, '[', len);
	if (!open || open == s || open[-1] != ' ' || (size_t)(e - open) < 4 || memcmp(open, "[s=", 3))
		return false;
	b = open + 1;
	e--;
	t = cursor_part(b, e, "t=", &n);
	if (!t || n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = hex_digit(t[i]);

		if (d < 0)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	h->realtime_usec = v <= INT64_MAX ? (int64_t)v : OOMT_UNKNOWN;
	h->boot_id[0] = '\0';
	t = cursor_part(b, e, "b=", &n);
	if (t && n == 32) {
		memcpy(h->boot_id, t, 32);
		h->boot_id[32] = '\0';
	}
	h->valid = true;
	return true;
}

static void apply_header(struct oomt_journal_entry *e, struct oomt_journal_verbose_head *h)
{
	e->realtime_usec = h->realtime_usec;
	if (h->boot_id[0])
		oomt_journal_entry_set(e, "_BOOT_ID", 8, h->boot_id, 32);
	h->valid = false;
}

/* "[123 bytes blob data]": what journalctl shows for a value it cannot print */
static bool blob(const char *v, size_t n)
{
	static const char tail[] = " bytes blob data]";
	size_t t = sizeof(tail) - 1;

	return n > t + 1 && v[0] == '[' && memcmp(v + n - t, tail, t) == 0;
}

int oomt_journal_verbose_next(struct oomt_reader *r, struct oomt_journal_entry *e,
                              struct oomt_journal_verbose_head *next, uint64_t *bad)
{
	bool any = false;

	oomt_journal_entry_reset(e);
	if (next->valid) {
		apply_header(e, next);
		any = true;
	}
	for (;;) {
		char *line, *eq;
		size_t len, b = 0;
		bool cut;
		int k = oomt_reader_line(r, &line, &len, &cut);

		if (k < 0)
			return k;
		if (k == 1)
			break;
		while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
			len--;
		if (len == 0 || (len >= 3 && memcmp(line, "-- ", 3) == 0))
			continue;
		if (oomt_journal_verbose_header(line, len, next)) {
			if (any)
				break;          /* the next entry's: kept for the next call */
			apply_header(e, next);
			any = true;
			continue;
		}
		while (b < len && (line[b] == ' ' || line[b] == '\t'))
			b++;
		/* outside an entry (before the first, or unindented as no field is): a paste's
		 * fence, the shell's prompt and command, a note. Only bytes that are no text were
		 * lost there. */
		if (!any || b == 0) {
			if (!oomt_text_is_printable(line, len))
				(*bad)++;
			continue;
		}
		eq = memchr(line + b, '=', len - b);
		if (!eq || cut) {
			(*bad)++;
			continue;
		}
		if (!blob(eq + 1, len - (size_t)(eq + 1 - line)))
			oomt_journal_entry_set(e, line + b, (size_t)(eq - line - b), eq + 1,
			                       len - (size_t)(eq + 1 - line));
	}
	if (!any)
		return 1;
	oomt_journal_entry_finish(e);
	return 0;
}
