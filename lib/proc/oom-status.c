/* SPDX-License-Identifier: MIT */
/*
 * /proc/PID/status, the fields the OOM badness needs. Accepted text (2.6.x to 6.19), one
 * "Key:\tvalue" per line, sizes as "   1234 kB":
 *   Name:\tbash
 *   Tgid:\t1234
 *   Kthread:\t0            (6.3+)
 *   VmRSS:\t    1768 kB
 *   VmPTE:\t      44 kB    (2.6.x+; page-table bytes / 1024)
 *   VmSwap:\t       0 kB   (2.6.34+; swap entries * page size / 1024)
 * Kernel threads and zombies have no Vm lines. Unknown keys are ignored; a line longer
 * than the key table cares about is skipped as a whole.
 */
#include <errno.h>
#include <string.h>
#include <oomtool/proc-oom.h>
#include <oomtool/record.h>

/* Digits after optional blanks; OOMT_UNKNOWN when none or when they overflow. */
static int64_t parse_num(const char *p, const char *end, bool *kb)
{
	int64_t v = 0;
	bool any = false;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (INT64_MAX - 9) / 10)
			return OOMT_UNKNOWN;
		v = v * 10 + (*p - '0');
		any = true;
	}
	while (p < end && *p == ' ')
		p++;
	*kb = end - p >= 2 && p[0] == 'k' && p[1] == 'B';
	return any ? v : OOMT_UNKNOWN;
}

static int64_t kb_bytes(const char *p, const char *end)
{
	bool kb;
	int64_t v = parse_num(p, end, &kb);

	if (v == OOMT_UNKNOWN || !kb || v > INT64_MAX / 1024)
		return OOMT_UNKNOWN;
	return v * 1024;
}

/* The comm as printed; control bytes would break a terminal, so they become '?'. */
static void copy_name(char *out, size_t outsz, const char *p, const char *end)
{
	size_t n = 0;

	while (p < end && (*p == '\t' || *p == ' '))
		p++;
	for (; p < end && n + 1 < outsz; p++)
		out[n++] = ((unsigned char)*p < 0x20 || *p == 0x7f) ? '?' : *p;
	out[n] = '\0';
}

static bool key_is(const char *line, const char *end, const char *key, const char **val)
{
	size_t n = strlen(key);

	if ((size_t)(end - line) < n || memcmp(line, key, n) != 0)
		return false;
	*val = line + n;
	return true;
}

int oomt_proc_parse_oom_status(const char *buf, size_t len, struct oomt_proc_oom_status *ret)
{
	struct oomt_proc_oom_status s = { .tgid = OOMT_UNKNOWN, .vmrss_bytes = OOMT_UNKNOWN,
	                                  .vmswap_bytes = OOMT_UNKNOWN, .vmpte_bytes = OOMT_UNKNOWN };
	const char *p = buf, *end = buf + len, *nl, *val;
	bool named = false, kb;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (key_is(p, nl, "Name:", &val)) {
			named = true;
			copy_name(s.name, sizeof(s.name), val, nl);
		}
		else if (key_is(p, nl, "Tgid:", &val))
			s.tgid = parse_num(val, nl, &kb);
		else if (key_is(p, nl, "Kthread:", &val))
			s.kthread = parse_num(val, nl, &kb) == 1;
		else if (key_is(p, nl, "VmRSS:", &val))
			s.vmrss_bytes = kb_bytes(val, nl);
		else if (key_is(p, nl, "VmPTE:", &val))
			s.vmpte_bytes = kb_bytes(val, nl);
		else if (key_is(p, nl, "VmSwap:", &val))
			s.vmswap_bytes = kb_bytes(val, nl);
		p = nl + 1;
	}
	if (!named)
		return -EINVAL;
	if (s.vmrss_bytes == OOMT_UNKNOWN)
		s.kthread = true;   /* no mm: the kernel skips it like a kernel thread */
	*ret = s;
	return 0;
}
