/* SPDX-License-Identifier: MIT */
/*
 * Transport prefixes of text log lines (any kernel version; the prefixes come from
 * util-linux dmesg, journalctl, rsyslog/syslog-ng/sysklogd and /dev/kmsg):
 *
 *   [  117.006941] msg                           dmesg; wide "[20148497.792301]"
 *   <4>[  117.006941] msg                        dmesg -r, /proc/kmsg, busybox
 *   [ 1629.930998][T14021] msg                   console with CONFIG_PRINTK_CALLER (5.1+)
 *   [  117.006941] [  T2239] msg                 dmesg 2.40+ caller ids
 *   [  117.006941 <    0.000028>] msg            dmesg -d
 *   kern  :warn  : [  117.006941] msg            dmesg -x
 *   [Mon Jul  6 12:34:56 2026] msg               dmesg -T, also [二 9月  3 05:57:48 2024],
 *                                                [dim. 19 avril 18:03:30 2026]
 *   2026-07-06T12:34:56,006941+02:00 msg         dmesg --time-format iso (+0200 before 2.29)
 *   [Jul 6 12:34] msg, [Nov29 03:29] msg         dmesg -e/--reltime ("%b%e %H:%M") when the
 *   [  +0.000123] msg, [ +12.345678] msg         minute changes, else the delta to the line
 *                                                before ("%+8.6f"; util-linux 2.23+)
 *   {"pri": 4, "time":  117.006941, "msg": "m"}  dmesg -J (2.38+), see parse_dmesg_json
 *   4,16425,117014050,-[,caller=T1];msg          raw /dev/kmsg; " KEY=VALUE" dictionary
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
 *   <3>1 2026-07-06T12:34:56Z host kernel - - - msg     RFC 5424 (MSG may start with a BOM)
 *   <3>Jul  6 12:34:56 host kernel: msg          syslog on the wire
 *   {"MESSAGE":...}                              journalctl -o json (fields extracted elsewhere)
 *   host kernel: [75669.581768] msg              the kernel's own stamp after the prefix
 *
 * Noise around real pasted logs is tolerated: CR, trailing blanks, leading '>' quoting,
 * indentation, line numbers ("12: "), tmux "[7/972]" at the end, VMware
 * "2023-12-04T10:49:30.127Z In(05) vcpu-5 - Guest: <6>[39291577.009360] msg".
 */
#include <string.h>
#include <oomtool/record.h>
#include "source/line-prefix.h"

struct span {
	const char *s;
	size_t len;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && is_blank(s[i]))
		i++;
	return i;
}

static size_t token_end(const char *s, size_t len, size_t i)
{
	while (i < len && !is_blank(s[i]))
		i++;
	return i;
}

static void set_msg(struct oomt_line_prefix *p, const char *base, const char *s, size_t len,
                    size_t at)
{
	if (at > len)
		at = len;
	p->msg_off = (size_t)(s - base) + at;
	p->msg_len = at < len ? len - at : 0;
}

size_t oomt_parse_uptime_bracket(const char *s, size_t len, int64_t *usec)
{
	size_t i = 1, d;
	int64_t sec, frac;

	if (len < 4 || s[0] != '[')
		return 0;
	/* "[%5lu.%06lu]": at most a few blanks of padding; bounded so that a search for a
	 * stamp stays linear on hostile lines */
	if (len > 64)
		len = 64;
	i = skip_blanks(s, len, i);
	d = oomt_parse_digits(s + i, len - i, 12, &sec);
	if (d == 0)
		return 0;
	i += d;
	if (i >= len || s[i] != '.')
		return 0;
	i++;
	d = oomt_parse_digits(s + i, len - i, 9, &frac);
	if (d == 0)
		return 0;
	i += d;
	for (size_t k = d; k < 6; k++)
		frac *= 10;
	for (size_t k = 6; k < d; k++)
		frac /= 10;
	/* dmesg -d: "[  117.006941 <    0.000028>]" */
	if (i + 1 < len && s[i] == ' ' && memchr(s + i, '>', len - i)) {
		size_t j = skip_blanks(s, len, i);

		if (j < len && s[j] == '<') {
			const char *gt = memchr(s + j, '>', len - j);

			i = (size_t)(gt - s) + 1;
		}
	}
	if (i >= len || s[i] != ']')
		return 0;
	*usec = sec * 1000000 + frac;
	return i + 1;
}

/* "[T1234]", "[  C3]", "[ T2239]": bytes consumed, caller text in *ret. */
static size_t parse_caller(const char *s, size_t len, struct span *ret)
{
	size_t i = 1, start;
	int64_t n;

	if (len < 4 || s[0] != '[')
		return 0;
	if (len > 32)
		len = 32;
	i = skip_blanks(s, len, i);
	if (i >= len || (s[i] != 'T' && s[i] != 'C'))
		return 0;
	start = i;
	i++;
	size_t d = oomt_parse_digits(s + i, len - i, 10, &n);
	if (d == 0 || i + d >= len || s[i + d] != ']')
		return 0;
	ret->s = s + start;
	ret->len = i + d - start;
	return i + d + 1;
}

static void set_span(size_t *off, size_t *l, const char *base, struct span sp)
{
	*off = (size_t)(sp.s - base);
	*l = sp.len;
}

/* "<4>": bytes consumed; priority and facility set. */
static size_t parse_pri(const char *s, size_t len, struct oomt_line_prefix *p)
{
	int64_t n;
	size_t d;

	if (len < 3 || s[0] != '<')
		return 0;
	d = oomt_parse_digits(s + 1, len - 1, 3, &n);
	if (d == 0 || 1 + d >= len || s[1 + d] != '>' || n > 191)
		return 0;
	p->priority = (int)(n & 7);
	p->facility = (int)(n >> 3);
	return d + 2;
}

/* After "[stamp]": optional caller id, then one blank. */
static void dmesg_tail(const char *base, const char *s, size_t len, size_t i,
                       struct oomt_line_prefix *p)
{
	struct span caller;
	size_t j = i < len && s[i] == ' ' ? i + 1 : i, c;

	c = parse_caller(s + j, len - j, &caller);
	if (c == 0 && j != i)
		c = parse_caller(s + i, len - i, &caller), j = i;
	if (c > 0) {
		set_span(&p->caller_off, &p->caller_len, base, caller);
		i = j + c;
	}
	if (i < len && s[i] == ' ')
		i++;
	set_msg(p, base, s, len, i);
}

/* An identifier token: "kernel:", "systemd[1]:", "CRON[147147]:". */
static bool ident_token(const char *s, size_t len, size_t i, size_t end, struct span *ident,
                        int64_t *pid)
{
	size_t last = end - 1;

	if (end <= i + 1 || s[last] != ':')
		return false;
	*pid = OOMT_UNKNOWN;
	if (s[last - 1] == ']') {
		const char *lb = memrchr(s + i, '[', last - 1 - i);
		int64_t n;

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
static void kernel_stamp_in_msg(const char *base, struct oomt_line_prefix *p)
{
	const char *m = base + p->msg_off;
	size_t len = p->msg_len, i = 0, n;
	int64_t up;
	struct span caller;

	n = parse_pri(m, len, &(struct oomt_line_prefix){ 0 });
	if (n > 0 && n < len && m[n] == '[')
		i = n;
	n = oomt_parse_uptime_bracket(m + i, len - i, &up);
	if (n == 0)
		return;
	i += n;
	p->uptime_usec = up;
	n = parse_caller(m + i, len - i, &caller);
	if (n == 0 && i < len && m[i] == ' ')
		n = parse_caller(m + i + 1, len - i - 1, &caller), n = n ? n + 1 : 0;
	if (n > 0) {
		set_span(&p->caller_off, &p->caller_len, base, caller);
		i += n;
	}
	if (i < len && m[i] == ' ')
		i++;
	p->msg_off += i;
	p->msg_len -= i;
}

/* "host ident[pid]: msg", "ident[pid]: msg" (no host) or ": msg" (no host, no ident).
 * Returns false when neither an identifier nor ':' follows. */
static bool host_ident(const char *base, const char *s, size_t len, size_t i,
                       struct oomt_line_prefix *p)
{
	struct span ident, host;
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
		if (!ident_token(s, len, j, e2, &ident, &pid))
			return false;
		e1 = e2;
	}
	if (host.len)
		set_span(&p->host_off, &p->host_len, base, host);
	set_span(&p->ident_off, &p->ident_len, base, ident);
	p->ident_pid = pid;
	set_msg(p, base, s, len, e1 < len ? e1 + 1 : e1);
	if (ident.len == 6 && memcmp(ident.s, "kernel", 6) == 0)
		kernel_stamp_in_msg(base, p);
	return true;
}

/* [ctime]: "[Mon Jul  6 12:34:56 2026]", "[二 9月  3 05:57:48 2024]",
 * "[dim. 19 avril 18:03:30 2026]": tokens before the clock are weekday, month and day in
 * the locale's order; the year follows the clock. */
static bool parse_ctime(const char *base, const char *s, size_t len,
                        struct oomt_line_prefix *p)
{
	const char *rb = memchr(s, ']', len < 64 ? len : 64);
	size_t end, i = 1;
	struct oomt_civil c = { 0 };
	int64_t v;
	bool have_clock = false;

	if (!rb || s[0] != '[')
		return false;
	end = (size_t)(rb - s);
	while ((i = skip_blanks(s, end, i)) < end) {
		size_t e = token_end(s, end, i), n;

		if (!have_clock && (n = oomt_parse_clock(s + i, e - i, &c, true)) == e - i) {
			have_clock = true;
		} else if (have_clock) {
			if (oomt_parse_digits(s + i, e - i, 4, &v) != 4 || e - i != 4)
				return false;
			c.year = (int)v;
		} else if (oomt_parse_digits(s + i, e - i, 2, &v) == e - i && v >= 1 && v <= 31) {
			c.mday = (int)v;
		} else if (c.mon == 0) {
			c.mon = oomt_month_from_name(s + i, e - i);
		}
		i = e;
	}
	if (!have_clock || c.year == 0 || c.mday == 0)
		return false;
	p->fmt = OOMT_FMT_DMESG_CTIME;
	p->civil = c;
	p->has_civil = true;
	dmesg_tail(base, s, len, end + 1, p);
	return true;
}

/* dmesg -e delta: "[  +0.000123]", "[ +12.345678]", "[-0.000100]" (clock stepped back). */
static bool parse_reltime_delta(const char *base, const char *s, size_t len,
                                struct oomt_line_prefix *p)
{
	size_t i = skip_blanks(s, len < 32 ? len : 32, 1), d;
	int64_t sec, us;
	bool neg;

	if (i >= len || (s[i] != '+' && s[i] != '-'))
		return false;
	neg = s[i++] == '-';
	d = oomt_parse_digits(s + i, len - i, 9, &sec);
	if (d == 0 || i + d >= len || s[i + d] != '.')
		return false;
	i += d + 1;
	if (oomt_parse_digits(s + i, len - i, 6, &us) != 6 || i + 6 >= len || s[i + 6] != ']')
		return false;
	p->fmt = OOMT_FMT_DMESG_RELTIME;
	p->has_delta = true;
	p->delta_usec = (neg ? -1 : 1) * (sec * 1000000 + us);
	dmesg_tail(base, s, len, i + 7, p);
	return true;
}

/* dmesg -e absolute: "[Jul 6 12:34]", "[Nov29 03:29]", "[11月29 03:29]" (strftime
 * "%b%e %H:%M": the month name, the day padded to two columns, no year, no seconds). */
static bool parse_reltime_abs(const char *base, const char *s, size_t len,
                              struct oomt_line_prefix *p)
{
	const char *rb = memchr(s, ']', len < 40 ? len : 40);
	struct oomt_civil c = { 0 };
	size_t end, sp, ds, n;
	int64_t day;

	if (!rb)
		return false;
	end = (size_t)(rb - s);
	sp = end;
	while (sp > 1 && s[sp - 1] != ' ')
		sp--;
	if (sp <= 2 || oomt_parse_clock(s + sp, end - sp, &c, false) != end - sp || c.sec != 0)
		return false;
	ds = sp - 1;
	while (ds > 1 && is_digit(s[ds - 1]))
		ds--;
	if (sp - 1 - ds == 0 || sp - 1 - ds > 2 || ds <= 1)
		return false;
	oomt_parse_digits(s + ds, sp - 1 - ds, 2, &day);
	n = ds;
	while (n > 1 && s[n - 1] == ' ')
		n--;
	c.mon = oomt_month_from_name(s + 1, n - 1);
	if (c.mon == 0 || day < 1 || day > 31)
		return false;
	c.mday = (int)day;
	p->fmt = OOMT_FMT_DMESG_RELTIME;
	p->civil = c;
	p->has_civil = true;
	dmesg_tail(base, s, len, end + 1, p);
	return true;
}

static bool parse_bracket(const char *base, const char *s, size_t len,
                          struct oomt_line_prefix *p)
{
	int64_t up;
	size_t n = oomt_parse_uptime_bracket(s, len, &up);

	if (n == 0)
		return parse_reltime_delta(base, s, len, p) || parse_reltime_abs(base, s, len, p) ||
		       parse_ctime(base, s, len, p);
	p->uptime_usec = up;
	p->fmt = OOMT_FMT_DMESG;
	/* journalctl -o short-monotonic: "[  117.006941] host kernel: msg". Accepted only
	 * with "kernel:" or an "ident[pid]:" second word, so dmesg text stays dmesg. */
	if (n < len && s[n] == ' ') {
		struct oomt_line_prefix q = *p;
		size_t t1 = skip_blanks(s, len, n), e1 = token_end(s, len, t1);
		size_t t2 = skip_blanks(s, len, e1), e2 = token_end(s, len, t2);

		if (t2 > e1 && e2 > t2 && s[e2 - 1] == ':' && s[e1 - 1] != ':' &&
		    ((e2 - t2 == 7 && memcmp(s + t2, "kernel:", 7) == 0) || s[e2 - 2] == ']') &&
		    host_ident(base, s, len, n, &q) && q.host_len > 0) {
			*p = q;
			p->fmt = OOMT_FMT_SYSLOG;
			return true;
		}
	}
	dmesg_tail(base, s, len, n, p);
	return true;
}

/* dmesg -x names of facilities and levels (also in dmesg -J -x). */
static const char *const fac[] = { "kern", "user", "mail", "daemon", "auth", "syslog",
                                   "lpr", "news", "uucp", "cron", "authpriv", "ftp" };
static const char *const lvl[] = { "emerg", "alert", "crit", "err", "warn", "notice",
                                   "info", "debug" };

static int name_index(const char *const *names, size_t n, const char *s, size_t len)
{
	for (size_t k = 0; k < n; k++)
		if (strlen(names[k]) == len && memcmp(names[k], s, len) == 0)
			return (int)k;
	return -1;
}

/* dmesg -x: "kern  :warn  : " */
static bool parse_dmesg_x(const char *base, const char *s, size_t len,
                          struct oomt_line_prefix *p)
{
	size_t i = 0, e;
	int f = -1, l = -1;

	e = i;
	while (e < len && s[e] >= 'a' && s[e] <= 'z')
		e++;
	for (size_t k = 0; k < sizeof(fac) / sizeof(fac[0]); k++)
		if (strlen(fac[k]) == e && memcmp(fac[k], s, e) == 0)
			f = (int)k;
	i = skip_blanks(s, len, e);
	if (f < 0 || i >= len || s[i] != ':')
		return false;
	i++;
	e = i;
	while (e < len && s[e] >= 'a' && s[e] <= 'z')
		e++;
	for (size_t k = 0; k < sizeof(lvl) / sizeof(lvl[0]); k++)
		if (strlen(lvl[k]) == e - i && memcmp(lvl[k], s + i, e - i) == 0)
			l = (int)k;
	i = skip_blanks(s, len, e);
	if (l < 0 || i >= len || s[i] != ':')
		return false;
	i = skip_blanks(s, len, i + 1);
	p->facility = f;
	p->priority = l;
	if (i < len && s[i] == '[' && parse_bracket(base, s + i, len - i, p))
		return true;
	p->fmt = OOMT_FMT_DMESG;
	set_msg(p, base, s, len, i);
	return true;
}

/*
 * dmesg -J (util-linux 2.38+; libsmartcols JSON, one member per line):
 *   {
 *      "dmesg": [
 *         {
 *            "pri": 4,                      -x: "fac": "kern", "pri": "warn",
 *            "time":  117.006941,           2.40+ may add "caller": "T123",
 *            "msg": "Out of memory: ..."    always the last member
 *         },{
 *   ...
 *      ]
 *   }
 * and the same objects one per line ({"pri":4,"time":117.006941,"msg":"..."},) as jq -c
 * or other writers give them. "time" may also be an ISO string. A tolerant member scanner,
 * not a JSON DOM: one line at a time, no allocation; the text source joins the members of
 * one object. Structural lines ("{", "},{", "]") set djson with nothing else.
 */
static size_t json_string_end(const char *s, size_t len, size_t i)
{
	for (i++; i < len && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i < len ? i : 0;
}

static bool djson_member(const char *base, const char *s, size_t len, size_t *at,
                         struct oomt_line_prefix *p, bool *dmesg_key, bool *known)
{
	size_t i = *at, ke, vs, ve;
	const char *k;
	size_t kl;

	if (i >= len || s[i] != '"' || (ke = json_string_end(s, len, i)) == 0)
		return false;
	k = s + i + 1;
	kl = ke - i - 1;
	i = skip_blanks(s, len, ke + 1);
	if (i >= len || s[i] != ':')
		return false;
	vs = skip_blanks(s, len, i + 1);
	if (vs >= len)
		return false;
	if (s[vs] == '"') {
		/* a line cut by the reader ends inside the string: keep what there is */
		if ((ve = json_string_end(s, len, vs)) == 0)
			ve = len;
		vs++;
	} else if (s[vs] == '[' && kl == 5 && memcmp(k, "dmesg", 5) == 0) {
		*at = vs + 1;
		*dmesg_key = *known = true;
		return true;
	} else {
		/* numbers, true, false, null */
		ve = vs;
		while (ve < len && (is_digit(s[ve]) || s[ve] == '.' || s[ve] == '-' ||
		                    s[ve] == '+' || ((s[ve] | 0x20) >= 'a' && (s[ve] | 0x20) <= 'z')))
			ve++;
		if (ve == vs)
			return false;
	}
	if (kl == 3 || kl == 4 || kl == 6)
		*known |= (kl == 3 && (memcmp(k, "msg", 3) == 0 || memcmp(k, "pri", 3) == 0 ||
		                       memcmp(k, "fac", 3) == 0)) ||
		          (kl == 4 && memcmp(k, "time", 4) == 0) ||
		          (kl == 6 && memcmp(k, "caller", 6) == 0);
	if (kl == 3 && memcmp(k, "msg", 3) == 0 && s[vs - 1] == '"') {
		p->msg_off = (size_t)(s - base) + vs;
		p->msg_len = ve - vs;
		p->djson_msg = true;
	} else if (kl == 4 && memcmp(k, "time", 4) == 0) {
		int64_t sec = 0, frac = 0;
		size_t d = oomt_parse_digits(s + vs, ve - vs, 12, &sec), f = 0;
		struct oomt_civil c;

		if (s[vs - 1] == '"' && oomt_parse_iso_civil(s + vs, ve - vs, false, &c) > 0) {
			p->civil = c;
			p->has_civil = true;
		} else if (d > 0) {
			if (vs + d < ve && s[vs + d] == '.')
				f = oomt_parse_digits(s + vs + d + 1, ve - vs - d - 1, 6, &frac);
			for (size_t z = f; z < 6; z++)
				frac *= 10;
			p->uptime_usec = sec * 1000000 + frac;
		}
	} else if (kl == 3 && memcmp(k, "pri", 3) == 0) {
		int64_t v;

		if (s[vs - 1] == '"')
			p->priority = name_index(lvl, 8, s + vs, ve - vs);
		else if (oomt_parse_digits(s + vs, ve - vs, 3, &v) == ve - vs && v <= 191)
			p->priority = (int)(v & 7), p->facility = (int)(v >> 3);
	} else if (kl == 3 && memcmp(k, "fac", 3) == 0 && s[vs - 1] == '"') {
		p->facility = name_index(fac, sizeof(fac) / sizeof(fac[0]), s + vs, ve - vs);
	} else if (kl == 6 && memcmp(k, "caller", 6) == 0 && s[vs - 1] == '"') {
		p->caller_off = (size_t)(s - base) + vs;
		p->caller_len = ve - vs;
	}
	*at = s[vs - 1] == '"' && ve < len ? ve + 1 : ve;
	return true;
}

static bool parse_dmesg_json(const char *base, const char *s, size_t len, bool hinted,
                             struct oomt_line_prefix *p)
{
	size_t i = 0;
	bool members = false, dmesg_key = false, known = false;

	if (s[0] == '}' && hinted) {
		i = skip_blanks(s, len, 1);
		if (i < len && s[i] == ',')
			i = skip_blanks(s, len, i + 1);
	}
	if (i < len && s[i] == '{') {
		p->djson_open = true;
		i = skip_blanks(s, len, i + 1);
	}
	if (!hinted && !p->djson_open && s[i] != '"')
		return false;
	while (i < len && s[i] == '"') {
		if (!djson_member(base, s, len, &i, p, &dmesg_key, &known))
			return false;
		members = true;
		i = skip_blanks(s, len, i);
		if (i < len && s[i] == ',')
			i = skip_blanks(s, len, i + 1);
		if (i < len && s[i] == '{')
			p->djson_open = true, i = skip_blanks(s, len, i + 1);
	}
	/* what may close a line: "}", "},", "]", "]}", "}]}" */
	while (i < len && (s[i] == '}' || s[i] == ']' || s[i] == ',' || is_blank(s[i])))
		i++;
	if (i < len)
		return false;
	/* Without the hint only "{" alone, the "dmesg" key or an object with "msg" start it
	 * (a journalctl -o json object has "MESSAGE" instead); members of other JSON
	 * (journalctl -o json-pretty) stay text lines. "{" alone is no message, but says
	 * nothing of the format either. */
	if (!hinted && (members ? !p->djson_msg && !dmesg_key : len > 1))
		return false;
	if (!hinted && !p->djson_open && !dmesg_key)
		return false;
	if (members && !known)
		return false;
	if (members || hinted)
		p->fmt = OOMT_FMT_DMESG_JSON;
	p->djson = true;
	if (!p->djson_msg)
		p->msg_off = (size_t)(s - base) + len, p->msg_len = 0;
	return true;
}

/* "PRI,SEQ,USEC,FLAGS[,caller=T1][,...];msg" */
static bool parse_kmsg(const char *base, const char *s, size_t len,
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
static bool kmsg_dict_line(const char *s, size_t len)
{
	size_t i = 1;

	if (len < 3 || s[0] != ' ')
		return false;
	while (i < len && ((s[i] >= 'A' && s[i] <= 'Z') || is_digit(s[i]) || s[i] == '_'))
		i++;
	return i > 1 && i < len && s[i] == '=';
}

/* RFC 5424 after "<PRI>": "1 TIMESTAMP HOST APP PROCID MSGID SD MSG". */
static bool parse_rfc5424(const char *base, const char *s, size_t len,
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
		kernel_stamp_in_msg(base, p);
	return true;
}

static bool find_kernel_stamp(const char *base, const char *s, size_t len,
                              struct oomt_line_prefix *p);

/* "2026-07-06T12:34:56,006941+02:00 msg" (dmesg iso) or
 * "2026-07-06T12:34:56.123456+02:00 host ident: msg" (rsyslog, journalctl short-iso). */
static bool parse_iso(const char *base, const char *s, size_t len, struct oomt_line_prefix *p)
{
	struct oomt_civil c;
	size_t n = oomt_parse_iso_civil(s, len, false, &c);

	if (n == 0 || (n < len && s[n] != ' '))
		return false;
	p->civil = c;
	p->has_civil = true;
	if (n > 19 && s[19] == ',') {
		p->fmt = OOMT_FMT_DMESG_ISO;
		dmesg_tail(base, s, len, n, p);
		return true;
	}
	if (host_ident(base, s, len, n, p)) {
		p->fmt = OOMT_FMT_SYSLOG_ISO;
		return true;
	}
	/* A VMware-style stamp in front of a guest kernel line: take the kernel's stamp. */
	if (find_kernel_stamp(base, s + n, len - n, p))
		return true;
	p->fmt = OOMT_FMT_DMESG_ISO;
	dmesg_tail(base, s, len, n, p);
	return true;
}

/* journalctl short-unix: "1783334096.123456 host kernel: msg" */
static bool parse_unix(const char *base, const char *s, size_t len, struct oomt_line_prefix *p)
{
	int64_t sec, us;
	size_t d = oomt_parse_digits(s, len, 11, &sec), f;

	if (d < 9 || d >= len || s[d] != '.')
		return false;
	f = oomt_parse_digits(s + d + 1, len - d - 1, 6, &us);
	if (f != 6 || !host_ident(base, s, len, d + 7, p) || p->host_len == 0)
		return false;
	p->realtime_usec = sec * 1000000 + us;
	p->fmt = OOMT_FMT_SYSLOG;
	return true;
}

/* journalctl short-full: "Mon 2026-07-06 12:34:56 CEST host kernel: msg" */
static bool parse_short_full(const char *base, const char *s, size_t len,
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
	if (!host_ident(base, s, len, z, p))
		return false;
	p->civil = c;
	p->has_civil = true;
	p->fmt = OOMT_FMT_SYSLOG;
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
	if (!host_ident(base, s, len, i, p)) {
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

static bool parse_3164(const char *base, const char *s, size_t len, struct oomt_line_prefix *p)
{
	int year = 0;
	size_t n = year_word(s, len, &year);

	if (n > 0)
		return parse_3164_year(base, s + n, len - n, p, year);
	return parse_3164_year(base, s, len, p, 0);
}

/* A digit-led month like "12月 17 10:04:42" is tried by parse_3164 only when it names a
 * month; other digit-led lines go to the ISO and epoch parsers. */
static bool parse_any(const char *base, const char *s, size_t len, enum oomt_text_format hint,
                      struct oomt_line_prefix *p, int depth);

static bool parse_with_pri(const char *base, const char *s, size_t len,
                           struct oomt_line_prefix *p, int depth)
{
	size_t n = parse_pri(s, len, p);

	if (n == 0)
		return false;
	if (parse_rfc5424(base, s + n, len - n, p))
		return true;
	if (depth == 0 && parse_any(base, s + n, len - n, OOMT_FMT_AUTO, p, depth + 1))
		return true;
	/* "<6>msg" from /proc/kmsg with printk.time=0 */
	p->fmt = OOMT_FMT_DMESG;
	set_msg(p, base, s, len, n);
	return true;
}

static bool parse_format(const char *base, const char *s, size_t len,
                         enum oomt_text_format fmt, bool hinted, struct oomt_line_prefix *p)
{
	switch (fmt) {
	case OOMT_FMT_DMESG:
		return s[0] == '[' ? parse_bracket(base, s, len, p) : parse_dmesg_x(base, s, len, p);
	case OOMT_FMT_DMESG_CTIME:
		return s[0] == '[' && parse_ctime(base, s, len, p);
	case OOMT_FMT_DMESG_ISO:
	case OOMT_FMT_SYSLOG_ISO:
		return is_digit(s[0]) && parse_iso(base, s, len, p);
	case OOMT_FMT_KMSG:
		return is_digit(s[0]) && parse_kmsg(base, s, len, p);
	case OOMT_FMT_SYSLOG:
		return parse_3164(base, s, len, p) || parse_short_full(base, s, len, p) ||
		       (is_digit(s[0]) && parse_unix(base, s, len, p));
	case OOMT_FMT_DMESG_RELTIME:
		return s[0] == '[' ? parse_bracket(base, s, len, p) : parse_dmesg_x(base, s, len, p);
	case OOMT_FMT_DMESG_JSON:
		return parse_dmesg_json(base, s, len, hinted, p);
	case OOMT_FMT_JOURNAL_JSON:
		if (s[0] != '{')
			return false;
		p->fmt = OOMT_FMT_JOURNAL_JSON;
		p->json = true;
		set_msg(p, base, s, len, 0);
		return true;
	default:
		return false;
	}
}

static void prefix_reset(struct oomt_line_prefix *p, enum oomt_text_format keep_pri_fmt)
{
	(void)keep_pri_fmt;
	memset(p, 0, sizeof(*p));
	p->fmt = OOMT_FMT_PLAIN;
	p->uptime_usec = OOMT_UNKNOWN;
	p->realtime_usec = OOMT_UNKNOWN;
	p->ident_pid = OOMT_UNKNOWN;
	p->priority = -1;
	p->facility = -1;
}

static bool parse_any(const char *base, const char *s, size_t len, enum oomt_text_format hint,
                      struct oomt_line_prefix *p, int depth)
{
	static const enum oomt_text_format order[] = {
		OOMT_FMT_KMSG, OOMT_FMT_DMESG, OOMT_FMT_SYSLOG, OOMT_FMT_SYSLOG_ISO,
		OOMT_FMT_DMESG_CTIME, OOMT_FMT_DMESG_JSON, OOMT_FMT_JOURNAL_JSON,
	};
	struct oomt_line_prefix save = *p;

	if (len == 0)
		return false;
	if (s[0] == '<' && parse_with_pri(base, s, len, p, depth))
		return true;
	if (hint != OOMT_FMT_AUTO && hint != OOMT_FMT_PLAIN && parse_format(base, s, len, hint, true, p))
		return true;
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		*p = save;
		if (order[k] != hint && parse_format(base, s, len, order[k], false, p))
			return true;
	}
	*p = save;
	return false;
}

/* Fallback: "<N>[sec.usec]" or "[ sec.usec]" within the first 256 bytes, at the start of
 * a word; the message is what follows. */
static bool find_kernel_stamp(const char *base, const char *s, size_t len,
                              struct oomt_line_prefix *p)
{
	size_t lim = len < 256 ? len : 256;

	for (size_t i = 0; i < lim; i++) {
		struct oomt_line_prefix q = *p;
		int64_t up;
		size_t n, j = i;

		if (s[i] != '<' && s[i] != '[')
			continue;
		/* at the start of a word, or after punctuation ("......[  656.241027]") */
		if (i > 0 && (is_digit(s[i - 1]) || ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z')))
			continue;
		if (s[i] == '<') {
			n = parse_pri(s + i, len - i, &q);
			if (n == 0 || i + n >= len || s[i + n] != '[')
				continue;
			j = i + n;
		}
		n = oomt_parse_uptime_bracket(s + j, len - j, &up);
		if (n == 0)
			continue;
		q.uptime_usec = up;
		q.fmt = OOMT_FMT_DMESG;
		dmesg_tail(base, s, len, j + n, &q);
		*p = q;
		return true;
	}
	return false;
}

/* "12: ", "  12 | ", "12\t": a line number pasted in front of the log. */
static size_t line_number(const char *s, size_t len)
{
	int64_t n;
	size_t d = oomt_parse_digits(s, len, 7, &n), i;

	if (d == 0 || d >= len)
		return 0;
	i = d;
	if (s[i] == ':' || s[i] == '|')
		i++;
	if (i >= len || !is_blank(s[i]))
		return 0;
	return skip_blanks(s, len, i);
}

/* tmux/screen status junk at the end of a pasted line: "    [7/972]". */
static size_t strip_tmux(const char *s, size_t len)
{
	size_t i = len;

	if (len < 6 || s[len - 1] != ']')
		return len;
	i = len - 2;
	while (i > 0 && is_digit(s[i]))
		i--;
	if (s[i] != '/' || i == len - 2 || i == 0)
		return len;
	i--;
	while (i > 0 && is_digit(s[i]))
		i--;
	if (s[i] != '[' || i < 2 || !is_blank(s[i - 1]) || !is_blank(s[i - 2]))
		return len;
	while (i > 0 && is_blank(s[i - 1]))
		i--;
	return i;
}

void oomt_parse_line_prefix(const char *line, size_t len, enum oomt_text_format hint,
                            struct oomt_line_prefix *p)
{
	size_t b = 0, n;
	bool indented;

	prefix_reset(p, hint);
	if (hint == OOMT_FMT_KMSG && kmsg_dict_line(line, len)) {
		p->kmsg_dict = true;
		return;
	}
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n' || is_blank(line[len - 1])))
		len--;
	len = strip_tmux(line, len);
	while (b < len && line[b] == '>')
		b++;
	if (b > 0 && b < len && line[b] == ' ' && b + 1 < len && !is_blank(line[b + 1]))
		b++;
	indented = b < len && is_blank(line[b]);
	b = skip_blanks(line, len, b);
	if (b == len) {
		p->msg_off = b;
		return;
	}
	if (parse_any(line, line + b, len - b, hint, p, 0))
		return;
	prefix_reset(p, hint);
	n = line_number(line + b, len - b);
	if (n > 0 && parse_any(line, line + b + n, len - b - n, hint, p, 0))
		return;
	prefix_reset(p, hint);
	if (indented) {
		p->continuation = true;
		p->msg_off = b;
		p->msg_len = len - b;
		return;
	}
	if (find_kernel_stamp(line, line + b, len - b, p))
		return;
	prefix_reset(p, hint);
	p->msg_off = b;
	p->msg_len = len - b;
}
