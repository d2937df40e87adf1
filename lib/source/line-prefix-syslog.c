/* SPDX-License-Identifier: MIT */
/*
 * Syslog transport: what syslog daemons (rsyslog, syslog-ng, sysklogd, busybox) and
 * journalctl's short output modes put before a message.
 *
 *   Jul  6 12:34:56 host ident[pid]: msg         RFC 3164; journalctl short ("Jul 06"),
 *   Jul 06 12:34:56.123456 host kernel: msg      short-precise; localized "mars 01", "12月 17"
 *   Jul  6 2024 12:34:56 host kernel: msg        with a year (rsyslog/syslog-ng templates,
 *   2024 Jul  6 12:34:56 host kernel: msg        aggregators)
 *   mars 01 10:28:39 systemd[1]: msg             no hostname (journalctl of a container)
 *   Jun 12 06:39:16: msg                         earlyoom stdout
 *   2026-07-06T12:34:56.123456+02:00 host kernel: msg   rsyslog RFC 3339, short-iso(-precise)
 *   Mon 2026-07-06 12:34:56 CEST host kernel: msg       journalctl short-full
 *   [  117.006941] host kernel: msg              journalctl short-monotonic
 *   1783334096.123456 host kernel: msg           journalctl short-unix
 *   2022-03-04T10:11:54.107177Z,host,4,1,kernel:, msg   a log service's CSV export
 *   <3>1 2026-07-06T12:34:56Z host kernel - - - msg     RFC 5424 (MSG may start with a BOM)
 *   <3>Jul  6 12:34:56 host kernel: msg          syslog on the wire ("<3>": line-prefix.c)
 *   host kernel: [75669.581768] msg              the kernel's own stamp after the prefix
 *   kernel: msg, systemd-oomd[659]: msg          stamp and host cut off (grep, cut); also
 *                                                after a dmesg stamp: journalctl
 *                                                short-monotonic without the host, or a
 *                                                program's line in /dev/kmsg
 *
 * RFC 3164 stamps carry no year: the text source infers it (line-prefix-clock.c).
 */
#include <string.h>
#include "source/record.h"
#include "source/line-prefix-internal.h"

/* An identifier token: "kernel:", "systemd[1]:", "CRON[147147]:". */
static bool ident_token(const char *s, size_t len, size_t i, size_t end, struct prefix_span *ident,
                        int64_t *pid)
{
	size_t last = end - 1;

	if (end <= i + 1 || s[last] != ':')
		return false;
	*pid = OOMT_UNKNOWN;
	if (s[last - 1] == ']') {
		const char *lb = memrchr(s + i, '[', last - 1 - i);
		int64_t n = OOMT_UNKNOWN;       /* "ident[]:" names no pid */

		if (!lb || lb == s + i)
			return false;
		size_t at = (size_t)(lb - s) + 1;
		if (oomt_parse_digits(s + at, len - at, 10, &n) != last - 1 - at)
			return false;
		*pid = n;
		ident->s = s + i;
		ident->len = (size_t)(lb - (s + i));
		return true;
	}
	ident->s = s + i;
	ident->len = last - i;
	return true;
}

/* The kernel's own stamp right after "kernel: " (imklog/klogd reading /proc/kmsg). */
void oomt_syslog_kernel_stamp(const char *base, struct oomt_line_prefix *p)
{
	const char *m = base + p->msg_off;
	size_t len = p->msg_len, i = 0, n;
	int64_t up;
	struct prefix_span caller;

	/* "kernel:  [304389.834034] ...": a relay (AWS's Xen console) may pad the message */
	while (i < len && m[i] == ' ' && i < 4)
		i++;
	if (i < len && m[i] != '[')
		i = 0;
	/* (a prefix to fill, zeroed, only for a line that has a PRI: this runs on every line) */
	n = i < len && m[i] == '<'
	    ? oomt_line_prefix_parse_pri(m + i, len - i, &(struct oomt_line_prefix){ 0 }) : 0;
	if (n > 0 && i + n < len && m[i + n] == '[')
		i += n;
	n = oomt_parse_uptime_bracket(m + i, len - i, &up);
	if (n == 0)
		return;
	i += n;
	p->uptime_usec = up;
	n = oomt_dmesg_parse_caller(m + i, len - i, &caller);
	if (n == 0 && i < len && m[i] == ' ')
		n = oomt_dmesg_parse_caller(m + i + 1, len - i - 1, &caller), n = n ? n + 1 : 0;
	if (n > 0) {
		set_span(&p->caller_off, &p->caller_len, base, caller);
		i += n;
	}
	/* a blank, or a mail archive's no-break space for it */
	i += oomt_stamp_blank(m, len, i);
	p->msg_off += i;
	p->msg_len -= i;
}

/* "10.1.2.3", "fe80::1": a sender address, as a syslog daemon writes it for a message
 * that came without a header of its own (netconsole's UDP packets). */
static bool address_token(const char *s, size_t n)
{
	size_t dots = 0, colons = 0;

	if (n < 3)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] == ':')
			colons++;
		else if (!is_digit(s[i]) && !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f'))
			return false;
	}
	return (dots == 3 && colons == 0 && is_digit(s[0])) || colons >= 2;
}

/* "HOST [  117.006941] msg" or "ADDRESS msg": a kernel line that reached the daemon
 * without an ident (netconsole to a syslog server, console relays). */
static bool host_then_kernel(const char *base, const char *s, size_t len, size_t host_at,
                             size_t host_end, struct oomt_line_prefix *p)
{
	size_t j = skip_blanks(s, len, host_end), n;
	int64_t up;

	if (j == host_end || j >= len)
		return false;
	n = oomt_parse_uptime_bracket(s + j, len - j, &up);
	if (n == 0 && !address_token(s + host_at, host_end - host_at))
		return false;
	p->host_off = (size_t)(s - base) + host_at;
	p->host_len = host_end - host_at;
	if (n > 0) {
		p->uptime_usec = up;
		oomt_dmesg_parse_tail(base, s, len, j + n, p);
	} else {
		set_msg(p, base, s, len, j);
	}
	return true;
}

/* Words that start kernel lines with a colon after them ("Pid: 4711, comm: ...", "CPU: 3
 * PID: ...", "memory: usage ...", "oom_reaper: reaped ..."): after a sender address they
 * are a netconsole line's, not a program's ident. */
static bool kernel_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"Pid", "CPU", "Mem-Info", "Mem-info", "memory", "memory+swap", "swap", "kmem",
		"oom_reaper", "sysrq", "SysRq", "Workqueue", "RIP", "RSP", "Code", "Modules linked in",
	};

	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strlen(words[k]) == n && memcmp(words[k], s, n) == 0)
			return true;
	return false;
}

bool oomt_syslog_parse_host_ident(const char *base, const char *s, size_t len, size_t i,
                                  struct oomt_line_prefix *p)
{
	struct prefix_span ident, host;
	int64_t pid;
	size_t e1, j, e2;

	if (i < len && s[i] == ':') {
		set_msg(p, base, s, len, i + 1 < len && s[i + 1] == ' ' ? i + 2 : i + 1);
		return true;
	}
	if (i >= len || s[i] != ' ')
		return false;
	i = skip_blanks(s, len, i);
	e1 = token_end(s, len, i);
	if (ident_token(s, len, i, e1, &ident, &pid)) {
		host.len = 0;
	} else {
		host.s = s + i;
		host.len = e1 - i;
		j = skip_blanks(s, len, e1);
		if (j == e1)
			return false;
		e2 = token_end(s, len, j);
		if (!ident_token(s, len, j, e2, &ident, &pid) ||
		    (pid == OOMT_UNKNOWN && address_token(host.s, host.len) &&
		     kernel_word(ident.s, ident.len)))
			return host_then_kernel(base, s, len, i, e1, p);
		e1 = e2;
	}
	if (host.len)
		set_span(&p->host_off, &p->host_len, base, host);
	set_span(&p->ident_off, &p->ident_len, base, ident);
	p->ident_pid = pid;
	set_msg(p, base, s, len, e1 < len ? e1 + 1 : e1);
	/* everything up to the blank after the ident decided it (line-prefix.h: head_len),
	 * unless a stamp before the host did too (short-monotonic) */
	if (e1 < len && p->uptime_usec == OOMT_UNKNOWN && p->caller_len == 0)
		p->head_len = p->msg_off;
	if (ident.len == 6 && memcmp(ident.s, "kernel", 6) == 0) {
		p->head_kernel = true;
		oomt_syslog_kernel_stamp(base, p);
	}
	return true;
}

/* A program name as it stands before "[pid]:" where nothing else says the line is a
 * program's: letters, digits and "_.-@+/", starting with a letter, a digit or '_'. */
static bool ident_name(const char *s, size_t n)
{
	if (n == 0 || n > 64 || !(is_digit(s[0]) || s[0] == '_' || ((s[0] | 0x20) >= 'a' &&
	                                                             (s[0] | 0x20) <= 'z')))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!(is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' ||
		      c == '.' || c == '-' || c == '@' || c == '+' || c == '/'))
			return false;
	}
	return true;
}

/* The kernel's own lines that name a task as "comm[pid]: " (show_signal_msg() and the
 * architectures' fault reports): not a program's ident. */
static bool kernel_task_line(const char *s, size_t n)
{
	static const char *const heads[] = { "segfault at ", "unhandled " };

	for (size_t k = 0; k < sizeof(heads) / sizeof(heads[0]); k++) {
		size_t l = strlen(heads[k]);

		if (n >= l && memcmp(s, heads[k], l) == 0)
			return true;
	}
	return false;
}

size_t oomt_syslog_bare_ident(const char *s, size_t len, struct prefix_span *ident,
                              int64_t *pid)
{
	size_t e = token_end(s, len, 0), at;
	const char *lb;
	int64_t n;

	if (e < 4 || s[e - 1] != ':')
		return 0;
	if (e == 7 && memcmp(s, "kernel:", 7) == 0) {
		ident->s = s;
		ident->len = 6;
		*pid = OOMT_UNKNOWN;
		return e < len ? e + 1 : e;
	}
	if (s[e - 2] != ']' || !(lb = memchr(s, '[', e)) || !ident_name(s, (size_t)(lb - s)))
		return 0;
	at = (size_t)(lb - s) + 1;
	/* "lowmem_reserve[]:" is the kernel's, not a program's: a pid has digits */
	if (e - 2 == at || oomt_parse_digits(s + at, e - 2 - at, 7, &n) != e - 2 - at || n < 1 ||
	    n > 4194304)
		return 0;
	if (e < len && kernel_task_line(s + e + 1, len - e - 1))
		return 0;
	ident->s = s;
	ident->len = (size_t)(lb - s);
	*pid = n;
	return e < len ? e + 1 : e;
}

void oomt_syslog_msg_ident(const char *base, struct oomt_line_prefix *p)
{
	struct prefix_span ident;
	int64_t pid;
	size_t n;

	if (p->ident_len || p->facility == 0 || p->msg_len == 0)
		return;
	n = oomt_syslog_bare_ident(base + p->msg_off, p->msg_len, &ident, &pid);
	if (n == 0)
		return;
	set_span(&p->ident_off, &p->ident_len, base, ident);
	p->ident_pid = pid;
	p->msg_off += n;
	p->msg_len -= n;
}

/* "kernel: msg", "ident[pid]: msg": a journal or syslog line whose stamp and host were cut
 * off (journalctl -o cat does not print the ident; these are grep's or cut's work). */
bool oomt_syslog_parse_bare(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p)
{
	struct prefix_span ident;
	int64_t pid;
	size_t n = oomt_syslog_bare_ident(s, len, &ident, &pid);

	if (n == 0)
		return false;
	set_span(&p->ident_off, &p->ident_len, base, ident);
	p->ident_pid = pid;
	set_msg(p, base, s, len, n);
	p->fmt = OOMT_FMT_SYSLOG;
	p->bare = true;
	if (ident.len == 6 && memcmp(ident.s, "kernel", 6) == 0)
		oomt_syslog_kernel_stamp(base, p);
	return true;
}

/* A stamp cut to its clock ("19:46:58 host systemd-oomd[726]: msg", "10:52:29
 * ident[pid]: msg"): what a desktop's log viewer or an author leaves of a journal line. The
 * host is optional; an "ident[pid]:" or "kernel:" must follow. No date: no wall time. */
bool oomt_syslog_parse_time_only(const char *base, const char *s, size_t len,
                                 struct oomt_line_prefix *p)
{
	struct oomt_civil c;
	size_t e = token_end(s, len, 0), i, h;
	struct oomt_line_prefix q = *p;

	if (e < 8 || oomt_parse_clock(s, e, &c, true) != e)
		return false;
	i = skip_blanks(s, len, e);
	if (i < len && oomt_syslog_parse_bare(base, s + i, len - i, &q)) {
		*p = q;
		p->bare = false;
		return true;
	}
	h = token_end(s, len, i);
	i = skip_blanks(s, len, h);
	if (h == e || i >= len || !oomt_syslog_parse_bare(base, s + i, len - i, &q))
		return false;
	*p = q;
	p->bare = false;
	p->host_off = (size_t)(s - base) + skip_blanks(s, len, e);
	p->host_len = h - skip_blanks(s, len, e);
	return true;
}

/* journalctl -o short-monotonic: "[  117.006941] host kernel: msg". Accepted only with
 * "kernel:" or an "ident[pid]:" second word, so dmesg text stays dmesg. */
bool oomt_syslog_parse_monotonic(const char *base, const char *s, size_t len, size_t n,
                                 struct oomt_line_prefix *p)
{
	struct oomt_line_prefix q = *p;
	size_t t1, e1, t2, e2;

	if (n >= len || s[n] != ' ')
		return false;
	t1 = skip_blanks(s, len, n);
	e1 = token_end(s, len, t1);
	t2 = skip_blanks(s, len, e1);
	e2 = token_end(s, len, t2);
	if (t2 > e1 && e2 > t2 && s[e2 - 1] == ':' && s[e1 - 1] != ':' &&
	    ((e2 - t2 == 7 && memcmp(s + t2, "kernel:", 7) == 0) || s[e2 - 2] == ']') &&
	    oomt_syslog_parse_host_ident(base, s, len, n, &q) && q.host_len > 0) {
		*p = q;
		p->fmt = OOMT_FMT_SYSLOG;
		return true;
	}
	return false;
}

/* RFC 5424 after "<PRI>": "1 TIMESTAMP HOST APP PROCID MSGID SD MSG". */
bool oomt_syslog_parse_rfc5424(const char *base, const char *s, size_t len,
                               struct oomt_line_prefix *p)
{
	size_t i = 2, e, f[4][2];
	struct oomt_civil c;

	if (len < 3 || s[0] != '1' || s[1] != ' ')
		return false;
	e = token_end(s, len, i);
	if (!(e - i == 1 && s[i] == '-')) {
		if (oomt_parse_iso_civil(s + i, e - i, false, &c) != e - i)
			return false;
		p->civil = c;
		p->has_civil = true;
	}
	for (int k = 0; k < 4; k++) {
		i = e + 1;
		if (i >= len)
			return false;
		e = token_end(s, len, i);
		f[k][0] = i;
		f[k][1] = e - i;
	}
	i = e + 1;
	/* Structured data: "-" or "[id k="v" ...]..." (']' inside values is escaped). */
	if (i < len && s[i] == '[') {
		while (i < len && s[i] == '[') {
			bool quoted = false;

			for (i++; i < len; i++) {
				if (s[i] == '\\' && quoted)
					i++;
				else if (s[i] == '"')
					quoted = !quoted;
				else if (s[i] == ']' && !quoted)
					break;
			}
			i++;
		}
	} else if (i < len && s[i] == '-') {
		i++;
	}
	if (i < len && s[i] == ' ')
		i++;
	if (i + 3 <= len && memcmp(s + i, "\xef\xbb\xbf", 3) == 0)
		i += 3;
	if (!(f[0][1] == 1 && s[f[0][0]] == '-'))
		p->host_off = (size_t)(s - base) + f[0][0], p->host_len = f[0][1];
	if (!(f[1][1] == 1 && s[f[1][0]] == '-'))
		p->ident_off = (size_t)(s - base) + f[1][0], p->ident_len = f[1][1];
	int64_t pid;
	if (oomt_parse_digits(s + f[2][0], f[2][1], 10, &pid) == f[2][1] && f[2][1] > 0)
		p->ident_pid = pid;
	p->fmt = OOMT_FMT_RFC5424;
	set_msg(p, base, s, len, i);
	if (p->ident_len == 6 && memcmp(base + p->ident_off, "kernel", 6) == 0)
		oomt_syslog_kernel_stamp(base, p);
	return true;
}

/* RFC 3339 (rsyslog's default template, journalctl short-iso, short-iso-precise):
 * "2026-07-06T12:34:56.123456+02:00 host ident: msg". dmesg --time-format iso has the same
 * stamp with a ',' before the fraction and no identifier: it is left to
 * oomt_dmesg_parse_iso(). */
bool oomt_syslog_parse_iso(const char *base, const char *s, size_t len,
                           struct oomt_line_prefix *p)
{
	struct oomt_civil c;
	size_t n = oomt_parse_iso_civil(s, len, false, &c);

	if (n == 0 || (n < len && s[n] != ' ') || (n > 19 && s[19] == ','))
		return false;
	if (!oomt_syslog_parse_host_ident(base, s, len, n, p))
		return false;
	p->civil = c;
	p->has_civil = true;
	p->fmt = OOMT_FMT_SYSLOG_ISO;
	return true;
}

/* A log service's CSV export, one record a line: "2022-03-04T10:11:54.107177Z,BTL2000685,4,1,
 * kernel:, [77776.905633] msg": the RFC 3339 stamp, the host, numeric fields (severity,
 * facility), the ident with its colon, the message. */
bool oomt_syslog_parse_csv(const char *base, const char *s, size_t len,
                           struct oomt_line_prefix *p)
{
	struct oomt_civil c;
	struct prefix_span ident;
	size_t n = oomt_parse_iso_civil(s, len, false, &c), i, e = 0, h, he;
	int64_t pid, v;
	const char *comma;

	if (n == 0 || n >= len || s[n] != ',')
		return false;
	h = n + 1;
	comma = memchr(s + h, ',', len - h);
	if (!comma || comma == s + h || token_end(s, (size_t)(comma - s), h) != (size_t)(comma - s))
		return false;
	he = (size_t)(comma - s);
	for (i = he + 1; i < len; i = e + 1) {
		comma = memchr(s + i, ',', len - i);
		if (!comma)
			return false;
		e = (size_t)(comma - s);
		if (e == i || e - i > 3 || oomt_parse_digits(s + i, e - i, 3, &v) != e - i)
			break;
	}
	if (i >= len || !ident_token(s, len, i, e, &ident, &pid) ||
	    token_end(s, e, i) != e || ident.len == 0)
		return false;
	p->civil = c;
	p->has_civil = true;
	p->fmt = OOMT_FMT_SYSLOG_ISO;
	p->host_off = (size_t)(s - base) + h;
	p->host_len = he - h;
	set_span(&p->ident_off, &p->ident_len, base, ident);
	p->ident_pid = pid;
	set_msg(p, base, s, len, e + 1 < len && s[e + 1] == ' ' ? e + 2 : e + 1);
	if (ident.len == 6 && memcmp(ident.s, "kernel", 6) == 0)
		oomt_syslog_kernel_stamp(base, p);
	return true;
}

/* journalctl short-unix: "1783334096.123456 host kernel: msg" */
bool oomt_syslog_parse_unix(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p)
{
	int64_t sec, us;
	size_t d = oomt_parse_digits(s, len, 11, &sec), f;

	if (d < 9 || d >= len || s[d] != '.')
		return false;
	f = oomt_parse_digits(s + d + 1, len - d - 1, 6, &us);
	if (f != 6 || !oomt_syslog_parse_host_ident(base, s, len, d + 7, p) || p->host_len == 0)
		return false;
	p->realtime_usec = sec * 1000000 + us;
	p->fmt = OOMT_FMT_SYSLOG;
	return true;
}

/* journalctl short-full: "Mon 2026-07-06 12:34:56 CEST host kernel: msg" */
bool oomt_syslog_parse_short_full(const char *base, const char *s, size_t len,
                                  struct oomt_line_prefix *p)
{
	size_t e = token_end(s, len, 0), i, n, z;
	struct oomt_civil c;

	if (e == 0 || e > 12 || e >= len)
		return false;
	i = e + 1;
	n = oomt_parse_iso_civil(s + i, len - i, false, &c);
	if (n == 0 || i + n >= len || s[i + n] != ' ' || c.tz_known)
		return false;
	i += n + 1;
	z = token_end(s, len, i);
	if (z == i || z - i > 6)
		return false;
	if ((z - i == 3 && (memcmp(s + i, "UTC", 3) == 0 || memcmp(s + i, "GMT", 3) == 0)))
		c.tz_known = true;
	if (!oomt_syslog_parse_host_ident(base, s, len, z, p))
		return false;
	p->civil = c;
	p->has_civil = true;
	p->fmt = OOMT_FMT_SYSLOG;
	return true;
}

static bool letters(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
			return false;
	return n > 0;
}

/* OpenWrt's logread (logd): the weekday, the date with its year after the clock, the
 * facility.level, then the program without a host: "Sat Jan 25 09:40:15 2020 kern.err
 * kernel: [22043.040139] msg", "... daemon.err earlyoom[812]: msg". */
bool oomt_syslog_parse_logread(const char *base, const char *s, size_t len,
                               struct oomt_line_prefix *p)
{
	struct oomt_line_prefix q = *p;
	struct oomt_civil c = { 0 };
	size_t i, e = token_end(s, len, 0);
	const char *dot;
	bool kern;
	int64_t v;

	if (!letters(s, e) || e > 12)
		return false;
	i = skip_blanks(s, len, e);
	e = token_end(s, len, i);
	if ((c.mon = oomt_month_from_name(s + i, e - i)) == 0)
		return false;
	i = skip_blanks(s, len, e);
	e = token_end(s, len, i);
	if (e == i || oomt_parse_digits(s + i, e - i, 2, &v) != e - i || v < 1 || v > 31)
		return false;
	c.mday = (int)v;
	i = skip_blanks(s, len, e);
	e = token_end(s, len, i);
	if (e == i || oomt_parse_clock(s + i, e - i, &c, true) != e - i)
		return false;
	i = skip_blanks(s, len, e);
	e = token_end(s, len, i);
	if (e - i != 4 || oomt_parse_digits(s + i, 4, 4, &v) != 4)
		return false;
	c.year = (int)v;
	i = skip_blanks(s, len, e);
	e = token_end(s, len, i);
	dot = memchr(s + i, '.', e - i);
	if (!dot || !letters(s + i, (size_t)(dot - s - i)) ||
	    !letters(dot + 1, (size_t)(s + e - dot - 1)))
		return false;
	kern = dot - (s + i) == 4 && memcmp(s + i, "kern", 4) == 0;
	i = skip_blanks(s, len, e);
	if (i >= len || !oomt_syslog_parse_bare(base, s + i, len - i, &q))
		return false;
	*p = q;
	p->bare = false;
	p->civil = c;
	p->has_civil = true;
	if (kern)
		p->facility = 0;
	return true;
}

/* "2024 " (a year 1970-9999 and one blank): bytes consumed, 0 if none. */
static size_t year_word(const char *s, size_t len, int *year)
{
	int64_t y;

	if (oomt_parse_digits(s, len, 4, &y) != 4 || len < 6 || s[4] != ' ' || y < 1970)
		return 0;
	*year = (int)y;
	return 5;
}

/* RFC 3164 and journalctl short/short-precise: "MON DD HH:MM:SS[.usec] ...". MON is any
 * word (localized names are common); an unknown one leaves the month 0. Templates that
 * add the year put it after the day ("Jul  6 2024 12:34:56") or first ("2024 Jul  6 ..."). */
static bool parse_3164_year(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p, int year)
{
	size_t e = token_end(s, len, 0), i, d, n;
	int64_t day;
	struct oomt_civil c = { 0 };

	if (e == 0 || e > 12 || e >= len || (is_digit(s[0]) && oomt_month_from_name(s, e) == 0))
		return false;
	i = skip_blanks(s, len, e);
	if (i - e > 2)
		return false;
	d = oomt_parse_digits(s + i, len - i, 2, &day);
	if (d == 0 || day < 1 || day > 31 || i + d >= len || s[i + d] != ' ')
		return false;
	i += d + 1;
	c.year = year;
	if (year == 0 && (n = year_word(s + i, len - i, &c.year)) > 0)
		i += n;
	n = oomt_parse_clock(s + i, len - i, &c, true);
	if (n == 0)
		return false;
	i += n;
	if (!oomt_syslog_parse_host_ident(base, s, len, i, p)) {
		if (i < len && s[i] != ' ')
			return false;
		set_msg(p, base, s, len, i < len ? i + 1 : i);
	}
	c.mon = oomt_month_from_name(s, e);
	c.mday = (int)day;
	if (year != 0 && c.mon == 0)
		return false;
	p->civil = c;
	p->has_civil = true;
	p->fmt = OOMT_FMT_SYSLOG;
	return true;
}

bool oomt_syslog_parse_3164(const char *base, const char *s, size_t len,
                            struct oomt_line_prefix *p)
{
	int year = 0;
	size_t n = year_word(s, len, &year);

	if (n > 0)
		return parse_3164_year(base, s + n, len - n, p, year);
	return parse_3164_year(base, s, len, p, 0);
}
