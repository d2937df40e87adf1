/* SPDX-License-Identifier: MIT */
/*
 * Pure parsers of /proc files. They take (buf, len) that need not be NUL-terminated, never
 * read past len, and write their output only on success. Why not libproc2 here: it turns
 * every per-field failure into a silent 0 (EACCES on smaps_rollup reads as PSS 0), which
 * the "unknown is never 0" rule forbids; see libproc2-notes.md §1 pitfall 5-6.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <oomtool/proc.h>
#include <oomtool/record.h>

bool oomt_proc_is_vanished(int err)
{
	return err == -ENOENT || err == -ESRCH;
}

static size_t utf8_len(const unsigned char *p, size_t left)
{
	size_t n;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void oomt_proc_escape(const char *in, size_t len, char *out, size_t outsz)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, i = 0;

	if (outsz == 0)
		return;
	while (i < len) {
		size_t n = p[i] < 0x80 ? 1 : utf8_len(p + i, len - i);

		if (n == 1 && (p[i] < 0x20 || p[i] == 0x7f))
			n = 0;
		if (n == 0) {
			if (o + 4 >= outsz)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[p[i] >> 4];
			out[o++] = hex[p[i] & 15];
			i++;
			continue;
		}
		if (o + n >= outsz)
			break;
		memcpy(out + o, p + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
}

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

/* Unsigned decimal at p; returns the end of the digits, or NULL without digits/overflow. */
static const char *parse_u64(const char *p, const char *end, int64_t *ret)
{
	int64_t v = 0;
	const char *start = p;

	while (p < end && *p >= '0' && *p <= '9') {
		if (v > (INT64_MAX - (*p - '0')) / 10)
			return NULL;
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

/* "Key:   123 kB" -> bytes. */
static bool parse_kb_field(const char *line, size_t len, const char *key, int64_t *ret)
{
	const char *end = line + len, *p;
	int64_t v;

	if (!starts_with(line, len, key))
		return false;
	p = skip_blank(line + strlen(key), end);
	if (!(p = parse_u64(p, end, &v)) || v > INT64_MAX / 1024)
		return false;
	*ret = v * 1024;
	return true;
}

/*
 * /proc/PID/statm, all kernels: "size resident shared text lib data dt\n" in pages.
 * Zombies and kernel threads read "0 0 0 0 0 0 0".
 */
int oomt_proc_parse_statm(const char *buf, size_t len, long page_size, int64_t *ret_rss_bytes)
{
	const char *end = buf + len, *p;
	int64_t size, res;

	p = parse_u64(buf, end, &size);
	if (!p || p >= end || *p != ' ')
		return -ENODATA;
	if (!parse_u64(p + 1, end, &res) || page_size <= 0 || res > INT64_MAX / page_size)
		return -ENODATA;
	*ret_rss_bytes = res * page_size;
	return 0;
}

/* "Name:\tfoo bar\n": the kernel escapes '\n' and '\\' (4.x+); other bytes arrive raw.
 * Exactly one tab separates: a comm may itself begin with spaces. */
static void status_name(const char *line, size_t len, char *out, size_t outsz)
{
	const char *p = line + 5;

	if (p < line + len && *p == '\t')
		p++;
	copy_raw(p, (size_t)(line + len - p), out, outsz);
}

/*
 * /proc/PID/status (2.6+): "Name:\tbash\n", "Uid:\t0\t0\t0\t0\n" (real effective saved fs),
 * "VmRSS:\t  1234 kB\n", "VmSwap:\t     0 kB\n" (VmSwap 2.6.34+). Kernel threads have no Vm*
 * lines. Name and Uid are required.
 */
int oomt_proc_parse_status(const char *buf, size_t len, struct oomt_proc_status *ret)
{
	struct oomt_proc_status s = { .euid = OOMT_UNKNOWN, .vmrss_bytes = OOMT_UNKNOWN,
	                              .vmswap_bytes = OOMT_UNKNOWN };
	const char *p = buf, *end = buf + len, *line;
	size_t ll;
	bool have_name = false;

	while (next_line(&p, end, &line, &ll)) {
		if (starts_with(line, ll, "Name:")) {
			status_name(line, ll, s.name, sizeof(s.name));
			have_name = true;
		} else if (starts_with(line, ll, "Uid:")) {
			const char *q = skip_blank(line + 4, line + ll);
			int64_t real;
			if ((q = parse_u64(q, line + ll, &real)))
				parse_u64(skip_blank(q, line + ll), line + ll, &s.euid);
		} else {
			parse_kb_field(line, ll, "VmRSS:", &s.vmrss_bytes);
			parse_kb_field(line, ll, "VmSwap:", &s.vmswap_bytes);
		}
	}
	if (!have_name || s.euid == OOMT_UNKNOWN)
		return -ENODATA;
	*ret = s;
	return 0;
}

/*
 * /proc/PID/smaps_rollup (4.14+): a "[rollup]" header line, then "Rss:  1616 kB",
 * "Pss:  323 kB", ..., "Swap:  0 kB", "SwapPss:  0 kB". Rss and Pss are required.
 */
int oomt_proc_parse_smaps_rollup(const char *buf, size_t len, struct oomt_proc_rollup *ret)
{
	struct oomt_proc_rollup r = { OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN };
	const char *p = buf, *end = buf + len, *line;
	size_t ll;

	while (next_line(&p, end, &line, &ll)) {
		if (parse_kb_field(line, ll, "Rss:", &r.rss_bytes) ||
		    parse_kb_field(line, ll, "Pss:", &r.pss_bytes) ||
		    parse_kb_field(line, ll, "Swap:", &r.swap_bytes))
			continue;
		parse_kb_field(line, ll, "SwapPss:", &r.swap_pss_bytes);
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
	if (!(p = parse_u64(p, end, &v)))
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
	struct oomt_proc_cgroup cg = { "", "" };
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

/* /proc/meminfo: "MemTotal:  24576000 kB" ... (MemAvailable 3.14+). MemTotal required. */
int oomt_proc_parse_meminfo(const char *buf, size_t len, struct oomt_proc_meminfo *ret)
{
	struct oomt_proc_meminfo m = { OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN, OOMT_UNKNOWN };
	const char *p = buf, *end = buf + len, *line;
	size_t ll;

	while (next_line(&p, end, &line, &ll)) {
		if (parse_kb_field(line, ll, "MemTotal:", &m.mem_total_bytes) ||
		    parse_kb_field(line, ll, "MemAvailable:", &m.mem_available_bytes) ||
		    parse_kb_field(line, ll, "SwapTotal:", &m.swap_total_bytes))
			continue;
		parse_kb_field(line, ll, "SwapFree:", &m.swap_free_bytes);
	}
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
		if (starts_with(line, ll, "oom_kill ") && parse_u64(line + 9, line + ll, &v)) {
			*ret = v;
			return 0;
		}
	return -ENODATA;
}

/* "avg10=12.34": a fixed-point percentage with two decimals. */
static bool parse_avg10(const char *line, size_t ll, double *ret)
{
	const char *end = line + ll, *p = line;
	int64_t ip, fp = 0, scale = 1;

	while (p + 6 <= end && memcmp(p, "avg10=", 6) != 0)
		p++;
	if (p + 6 > end || !(p = parse_u64(p + 6, end, &ip)) || ip > 100)
		return false;
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9' && scale < 1000000; p++) {
			fp = fp * 10 + (*p - '0');
			scale *= 10;
		}
	*ret = (double)ip + (double)fp / (double)scale;
	return true;
}

/*
 * /proc/pressure/memory (PSI, 4.20+):
 *   "some avg10=0.00 avg60=0.00 avg300=0.00 total=0"
 *   "full avg10=0.00 avg60=0.00 avg300=0.00 total=0"
 */
int oomt_proc_parse_pressure(const char *buf, size_t len, struct oomt_pressure *ret)
{
	struct oomt_pressure ps = { 0, 0, false, false };
	const char *p = buf, *end = buf + len, *line;
	size_t ll;

	while (next_line(&p, end, &line, &ll)) {
		if (starts_with(line, ll, "some "))
			ps.has_some = parse_avg10(line, ll, &ps.some_avg10);
		else if (starts_with(line, ll, "full "))
			ps.has_full = parse_avg10(line, ll, &ps.full_avg10);
	}
	if (!ps.has_some)
		return -ENODATA;
	*ret = ps;
	return 0;
}
