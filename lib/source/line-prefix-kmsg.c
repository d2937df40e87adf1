/* SPDX-License-Identifier: MIT */
/*
 * kmsg transport: /dev/kmsg records (kernel 3.5+, Documentation/ABI/testing/dev-kmsg) saved
 * as text, one per line, and read back from a file or the kmsg source's file twin:
 *
 *   4,16425,117014050,-[,caller=T1];msg          PRI,SEQ,USEC,FLAGS[,more fields];message
 *    SUBSYSTEM=pci                               a dictionary line of the record before
 *
 * The message is still \xHH-escaped (the caller unescapes it); flag 'c' marks a pr_cont
 * piece. No line-to-line state: every record carries its own stamp.
 */
#include <string.h>
#include "source/record.h"
#include "source/line-prefix-internal.h"

/* "PRI,SEQ,USEC,FLAGS[,caller=T1][,...];msg" */
bool oomt_kmsg_parse_record(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p)
{
	int64_t pri, seq, usec;
	size_t i = 0, d;
	const char *semi = memchr(s, ';', len < 256 ? len : 256);

	if (!semi)
		return false;
	if ((d = oomt_parse_digits(s, len, 4, &pri)) == 0 || s[d] != ',')
		return false;
	i = d + 1;
	if ((d = oomt_parse_digits(s + i, len - i, 20, &seq)) == 0 || s[i + d] != ',')
		return false;
	i += d + 1;
	if ((d = oomt_parse_digits(s + i, len - i, 20, &usec)) == 0)
		return false;
	i += d;
	if (s + i != semi && s[i] != ',')
		return false;
	/* Flags and any future fields up to ';'. */
	while (s + i < semi) {
		size_t e;

		i++;
		e = i;
		while (s + e < semi && s[e] != ',')
			e++;
		if (e - i == 1 && s[i] == 'c')
			p->kmsg_cont = true;
		if (e - i > 7 && memcmp(s + i, "caller=", 7) == 0) {
			p->caller_off = (size_t)(s - base) + i + 7;
			p->caller_len = e - i - 7;
		}
		i = e;
	}
	p->fmt = OOMT_FMT_KMSG;
	p->kmsg = true;
	p->kmsg_seq = (uint64_t)seq;
	p->priority = (int)(pri & 7);
	p->facility = (int)(pri >> 3);
	p->uptime_usec = usec;
	set_msg(p, base, s, len, (size_t)(semi - s) + 1);
	return true;
}

/* " KEY=VALUE" after a kmsg record. */
bool oomt_kmsg_is_dict_line(const char *s, size_t len)
{
	size_t i = 1;

	if (len < 3 || s[0] != ' ')
		return false;
	while (i < len && ((s[i] >= 'A' && s[i] <= 'Z') || is_digit(s[i]) || s[i] == '_'))
		i++;
	return i > 1 && i < len && s[i] == '=';
}
