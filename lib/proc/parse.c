/* SPDX-License-Identifier: MIT */
/*
 * Pure parsers of /proc files; see parse.h. Each opens with the text it accepts and the
 * kernels that print it.
 *
 * Why not libproc2 for per-process files: it turns every per-file failure into a silent 0
 * (smaps_rollup refused with EACCES reads as PSS 0, a vanished status as VmSwap 0), and
 * oomtool never shows an unknown value as 0.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include "source/record.h"
#include "proc/parse.h"

/* Raw bytes, cut to outsz and NUL-terminated (an embedded NUL would end the string early:
 * it becomes a space). Escaping is the renderer's job: libsmartcols and the JSON writer
 * each escape for their format, the live view calls oomt_proc_escape. */
static void copy_raw(const char *in, size_t len, char *out, size_t outsz)
{
	size_t n = len < outsz - 1 ? len : outsz - 1;

	for (size_t i = 0; i < n; i++)
		out[i] = in[i] ? in[i] : ' ';
	out[n] = '\0';
}

/* Next line of [*p, end): returns its start and length without the newline. */
static bool next_line(const char **p, const char *end, const char **line, size_t *linelen)
{
	const char *nl;

	if (*p >= end)
		return false;
	*line = *p;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	*linelen = (size_t)((nl ? nl : end) - *p);
	*p = nl ? nl + 1 : end;
	return true;
}

static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Unsigned decimal at p; returns the end of the digits, or NULL without digits or on
 * overflow (*overflow set then, when not NULL). */
static const char *parse_u64(const char *p, const char *end, int64_t *ret, bool *overflow)
{
	int64_t v = 0;
	const char *start = p;

	while (p < end && *p >= '0' && *p <= '9') {
		if (v > (INT64_MAX - (*p - '0')) / 10) {
			if (overflow)
				*overflow = true;
			return NULL;
		}
		v = v * 10 + (*p - '0');
		p++;
	}
	if (p == start)
		return NULL;
	*ret = v;
	return p;
}

static bool starts_with(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && memcmp(line, prefix, n) == 0;
}

int oomt_proc_parse_kb(const char *p, const char *end, int64_t *ret_bytes)
{
	bool overflow = false;
	int64_t v;

	if (!(p = parse_u64(skip_blank(p, end), end, &v, &overflow)))
		return overflow ? -ERANGE : -ENODATA;
	p = skip_blank(p, end);
	if (end - p < 2 || p[0] != 'k' || p[1] != 'B' || skip_blank(p + 2, end) != end)
		return -ENODATA;
	if (v > INT64_MAX / 1024)
		return -ERANGE;
	*ret_bytes = v * 1024;
	return 0;
}

/* "Key:   123 kB" -> *ret in bytes, when the line is that key's. A malformed value leaves
 * *ret as it was (unknown). Returns whether the line is the key's. */
static bool kb_line(const char *line, size_t len, const char *key, int64_t *ret)
{
	if (!starts_with(line, len, key))
		return false;
	oomt_proc_parse_kb(line + strlen(key), line + len, ret);
	return true;
}

/* "Key:\t123" -> *ret, when the line is that key's (a malformed value leaves *ret). */
static bool int_line(const char *line, size_t len, const char *key, int64_t *ret)
{
	const char *end = line + len;

	if (!starts_with(line, len, key))
		return false;
	parse_u64(skip_blank(line + strlen(key), end), end, ret, NULL);
	return true;
}

/*
 * /proc/PID/statm, all kernels: "size resident shared text lib data dt\n" in pages.
 * Zombies and kernel threads read "0 0 0 0 0 0 0".
 */
int oomt_proc_parse_statm(const char *buf, size_t len, int64_t page_size, int64_t *ret_rss_bytes)
{
	const char *end = buf + len, *p;
	int64_t size, res;

	p = parse_u64(buf, end, &size, NULL);
	if (!p || p >= end || *p != ' ')
		return -ENODATA;
	if (!parse_u64(p + 1, end, &res, NULL) || page_size <= 0 || res > INT64_MAX / page_size)
		return -ENODATA;
	*ret_rss_bytes = res * page_size;
	return 0;
}

/* "Name:\tfoo bar": the kernel escapes '\n' and '\\' (4.x+); other bytes arrive raw.
 * Exactly one tab separates: a comm may itself begin with spaces. */
static void status_name(const char *line, size_t len, char *out, size_t outsz)
{
	const char *p = line + 5;

	if (p < line + len && *p == '\t')
		p++;
	copy_raw(p, (size_t)(line + len - p), out, outsz);
}

/* "Uid:\t1000\t1000\t1000\t1000": real, effective, saved, filesystem. */
static void status_euid(const char *line, size_t len, int64_t *ret)
{
	const char *end = line + len, *p = skip_blank(line + 4, end);
	int64_t real;

	if ((p = parse_u64(p, end, &real, NULL)))
		parse_u64(skip_blank(p, end), end, ret, NULL);
}

/* "CapEff:\t000001ffffffffff": 16 hex digits (2.6.26+). */
static void status_caps(const char *line, size_t len, int64_t *ret)
{
	const char *end = line + len, *p = skip_blank(line + 7, end);
	uint64_t v = 0;
	int n = 0;

	for (; p < end && n < 17; p++, n++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
		if (d < 0)
			break;
		v = v << 4 | (uint64_t)d;
	}
	if (n > 0 && n <= 16 && skip_blank(p, end) == end && v <= (uint64_t)INT64_MAX)
		*ret = (int64_t)v;
}

/*
 * /proc/PID/status (2.6+), one "Key:\tvalue" per line, sizes as "   1234 kB":
 *   Name:\tbash
 *   Tgid:\t1234
 *   Kthread:\t0              (6.3+)
 *   Uid:\t0\t0\t0\t0         (real effective saved fs)
 *   VmRSS:\t    1768 kB
 *   VmPTE:\t      44 kB      (page-table bytes / 1024)
 *   VmSwap:\t       0 kB     (2.6.34+; swap entries * page size / 1024)
 *   CapEff:\t000001ffffffffff (2.6.26+)
 * Kernel threads and zombies have no Vm lines. Unknown keys are ignored. Name is required.
 */
int oomt_proc_parse_status(const char *buf, size_t len, struct oomt_proc_status *ret)
{
	struct oomt_proc_status s = { .struct_size = sizeof(s), .tgid = OOMT_UNKNOWN,
	                              .euid = OOMT_UNKNOWN, .vmrss_bytes = OOMT_UNKNOWN,
	                              .vmswap_bytes = OOMT_UNKNOWN, .vmpte_bytes = OOMT_UNKNOWN,
	                              .cap_effective = OOMT_UNKNOWN };
	const char *p = buf, *end = buf + len, *line;
	int64_t kthread = OOMT_UNKNOWN;
	bool named = false;
	size_t ll;

	while (next_line(&p, end, &line, &ll)) {
		if (starts_with(line, ll, "Name:")) {
			status_name(line, ll, s.name, sizeof(s.name));
			named = true;
		} else if (starts_with(line, ll, "Uid:")) {
			status_euid(line, ll, &s.euid);
		} else if (starts_with(line, ll, "CapEff:")) {
			status_caps(line, ll, &s.cap_effective);
		} else if (!int_line(line, ll, "Tgid:", &s.tgid) &&
		           !int_line(line, ll, "Kthread:", &kthread) &&
		           !kb_line(line, ll, "VmRSS:", &s.vmrss_bytes) &&
		           !kb_line(line, ll, "VmPTE:", &s.vmpte_bytes)) {
			kb_line(line, ll, "VmSwap:", &s.vmswap_bytes);
		}
	}
	if (!named)
		return -ENODATA;
	s.kthread = kthread == 1 || s.vmrss_bytes == OOMT_UNKNOWN;
	*ret = s;
	return 0;
}

/*
 * /proc/PID/smaps_rollup (4.14+): a "[rollup]" header line, then "Rss:  1616 kB",
 * "Pss:  323 kB", ..., "Swap:  0 kB", "SwapPss:  0 kB" (4.3+). Rss and Pss are required.
 */
int oomt_proc_parse_smaps_rollup(const char *buf, size_t len, struct oomt_proc_rollup *ret)
{
	struct oomt_proc_rollup r = { .struct_size = sizeof(r), .rss_bytes = OOMT_UNKNOWN,
	                              .pss_bytes = OOMT_UNKNOWN, .swap_bytes = OOMT_UNKNOWN,
	                              .swap_pss_bytes = OOMT_UNKNOWN };
	const char *p = buf, *end = buf + len, *line;
	size_t ll;

	while (next_line(&p, end, &line, &ll)) {
		if (kb_line(line, ll, "Rss:", &r.rss_bytes) ||
		    kb_line(line, ll, "Pss:", &r.pss_bytes) ||
		    kb_line(line, ll, "Swap:", &r.swap_bytes))
			continue;
		kb_line(line, ll, "SwapPss:", &r.swap_pss_bytes);
	}
	if (r.rss_bytes == OOMT_UNKNOWN || r.pss_bytes == OOMT_UNKNOWN)
		return -ENODATA;
	*ret = r;
	return 0;
}

/* "-1000\n" .. "1000\n" (oom_score_adj 2.6.36+), "0\n".."2000\n" (oom_score). */
int oomt_proc_parse_int(const char *buf, size_t len, int64_t *ret)
{
	const char *end = buf + len, *p = buf;
	bool neg = false;
	int64_t v;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (!(p = parse_u64(p, end, &v, NULL)))
		return -ENODATA;
	if (p < end && *p != '\n')
		return -ENODATA;
	*ret = neg ? -v : v;
	return 0;
}

/* Does the comma-separated controller list [s, s+len) name "memory"? */
static bool has_memory_controller(const char *s, size_t len)
{
	const char *end = s + len;

	while (s < end) {
		const char *c = memchr(s, ',', (size_t)(end - s));
		size_t n = (size_t)((c ? c : end) - s);
		if (n == 6 && memcmp(s, "memory", 6) == 0)
			return true;
		s = c ? c + 1 : end;
	}
	return false;
}

/*
 * /proc/PID/cgroup (2.6.24+): "ID:CONTROLLERS:PATH" per hierarchy. cgroup v1 lines name
 * their controllers ("4:memory:/process_api/77d2"); the v2 line is "0::/user.slice/x.scope"
 * (4.5+). Paths may hold ':' so only the first two are separators. Empty -> -ENODATA.
 */
int oomt_proc_parse_cgroup(const char *buf, size_t len, struct oomt_proc_cgroup *ret)
{
	struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
	const char *p = buf, *end = buf + len, *line;
	size_t ll;
	bool any = false;

	while (next_line(&p, end, &line, &ll)) {
		const char *c1 = memchr(line, ':', ll), *c2, *le = line + ll;
		if (!c1 || !(c2 = memchr(c1 + 1, ':', (size_t)(le - c1 - 1))) || c2 + 1 >= le)
			continue;
		any = true;
		if (c1 == line + 1 && line[0] == '0' && c2 == c1 + 1)
			copy_raw(c2 + 1, (size_t)(le - c2 - 1), cg.v2, sizeof(cg.v2));
		else if (has_memory_controller(c1 + 1, (size_t)(c2 - c1 - 1)))
			copy_raw(c2 + 1, (size_t)(le - c2 - 1), cg.v1_memory, sizeof(cg.v1_memory));
	}
	if (!any)
		return -ENODATA;
	*ret = cg;
	return 0;
}

/* /proc/PID/cmdline: "arg0\0arg1\0...\0"; empty for kernel threads and zombies. A process
 * may rewrite it (setproctitle) into one string with spaces and no final NUL. Raw bytes out
 * (see copy_raw), NULs between arguments as spaces. */
int oomt_proc_parse_cmdline(const char *buf, size_t len, char *out, size_t outsz)
{
	size_t n = len;

	while (n > 0 && buf[n - 1] == '\0')
		n--;
	if (n == 0 || outsz == 0)
		return -ENODATA;
	copy_raw(buf, n, out, outsz);
	return 0;
}

/*
 * /proc/meminfo, every kernel: "MemTotal:       24576000 kB" per line (MemAvailable 3.14+,
 * Shmem 2.6.32+, SReclaimable 2.6.19+, CommitLimit and Committed_AS every 2.6). MemTotal is required. oom_kill_count is not in this file: unknown.
 */
int oomt_proc_parse_meminfo(const char *buf, size_t len, struct oomt_system_memory *ret)
{
	static const struct {
		const char *key;
		size_t offset;
	} keys[] = {
		{ "MemTotal:", offsetof(struct oomt_system_memory, mem_total_bytes) },
		{ "MemFree:", offsetof(struct oomt_system_memory, mem_free_bytes) },
		{ "MemAvailable:", offsetof(struct oomt_system_memory, mem_available_bytes) },
		{ "Buffers:", offsetof(struct oomt_system_memory, buffers_bytes) },
		{ "Cached:", offsetof(struct oomt_system_memory, cached_bytes) },
		{ "Shmem:", offsetof(struct oomt_system_memory, shmem_bytes) },
		{ "SwapTotal:", offsetof(struct oomt_system_memory, swap_total_bytes) },
		{ "SwapFree:", offsetof(struct oomt_system_memory, swap_free_bytes) },
		{ "SReclaimable:", offsetof(struct oomt_system_memory, sreclaimable_bytes) },
		{ "CommitLimit:", offsetof(struct oomt_system_memory, commit_limit_bytes) },
		{ "Committed_AS:", offsetof(struct oomt_system_memory, committed_as_bytes) },
	};
	struct oomt_system_memory m = { .struct_size = sizeof(m), .oom_kill_count = OOMT_UNKNOWN };
	const char *p = buf, *end = buf + len, *line;
	size_t ll;

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		*(int64_t *)((char *)&m + keys[k].offset) = OOMT_UNKNOWN;
	while (next_line(&p, end, &line, &ll))
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (kb_line(line, ll, keys[k].key, (int64_t *)((char *)&m + keys[k].offset)))
				break;
	if (m.mem_total_bytes == OOMT_UNKNOWN)
		return -ENODATA;
	*ret = m;
	return 0;
}

/* /proc/vmstat: "oom_kill 3" (4.13+) among ~180 "name value" lines. */
int oomt_proc_parse_vmstat_oom_kill(const char *buf, size_t len, int64_t *ret)
{
	const char *p = buf, *end = buf + len, *line;
	size_t ll;
	int64_t v;

	while (next_line(&p, end, &line, &ll))
		if (starts_with(line, ll, "oom_kill ") && parse_u64(line + 9, line + ll, &v, NULL)) {
			*ret = v;
			return 0;
		}
	return -ENODATA;
}

/* "avg10=12.34" after `name` in the line: a percentage with up to two decimals (the kernel
 * prints exactly two). */
static bool pressure_avg(const char *line, size_t ll, const char *name, double *ret)
{
	const char *end = line + ll, *p = line;
	size_t n = strlen(name);
	int64_t ip, fp = 0, scale = 1;

	while (p + n <= end && memcmp(p, name, n) != 0)
		p++;
	if (p + n > end || !(p = parse_u64(p + n, end, &ip, NULL)) || ip > 100)
		return false;
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9' && scale < 1000000; p++) {
			fp = fp * 10 + (*p - '0');
			scale *= 10;
		}
	*ret = (double)ip + (double)fp / (double)scale;
	return true;
}

/* "total=123456": microseconds of stall since boot. */
static void pressure_total(const char *line, size_t ll, int64_t *ret)
{
	const char *end = line + ll, *p = line;

	while (p + 6 <= end && memcmp(p, "total=", 6) != 0)
		p++;
	if (p + 6 <= end)
		parse_u64(p + 6, end, ret, NULL);
}

static bool pressure_line(const char *line, size_t ll, struct oomt_pressure_line *ret)
{
	struct oomt_pressure_line pl = { 0, NAN, NAN, OOMT_UNKNOWN };

	if (!pressure_avg(line, ll, "avg10=", &pl.avg10))
		return false;
	if (!pressure_avg(line, ll, "avg60=", &pl.avg60))
		pl.avg60 = NAN;
	if (!pressure_avg(line, ll, "avg300=", &pl.avg300))
		pl.avg300 = NAN;
	pressure_total(line, ll, &pl.total_usec);
	*ret = pl;
	return true;
}

/*
 * /proc/pressure/memory (PSI, 4.20+), and a cgroup v2 memory.pressure:
 *   "some avg10=0.00 avg60=0.00 avg300=0.00 total=0"
 *   "full avg10=0.00 avg60=0.00 avg300=0.00 total=0"
 * The "some" line is required.
 */
int oomt_proc_parse_pressure(const char *buf, size_t len, struct oomt_memory_pressure *ret)
{
	struct oomt_memory_pressure ps = { .struct_size = sizeof(ps) };
	const char *p = buf, *end = buf + len, *line;
	size_t ll;

	while (next_line(&p, end, &line, &ll)) {
		if (starts_with(line, ll, "some "))
			ps.has_some = pressure_line(line, ll, &ps.some);
		else if (starts_with(line, ll, "full "))
			ps.has_full = pressure_line(line, ll, &ps.full);
	}
	if (!ps.has_some)
		return -ENODATA;
	*ret = ps;
	return 0;
}
