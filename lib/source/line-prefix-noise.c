/* SPDX-License-Identifier: MIT */
/*
 * Noise around real pasted logs (forum posts, bug reports, mails, terminal scrollback) and
 * relayed ones, removed here so that the sources deliver clean records and the incident
 * parser never sees it:
 *
 *   ...kernel: msg\r                             CR (a Windows editor or mail), trailing blanks
 *   > [  117.006941] msg, >> ..., > > ...        '>' quoting
 *       [  117.006941] msg                       indentation
 *   12: [  117.006941] msg, "  12 | ", "12\t"    line numbers of an editor or a paste site
 *   [  117.006941] msg              [7/972]      tmux/screen pane position at the end
 *   2023-12-04T10:49:30.127Z In(05) vcpu-5 - Guest: <6>[39291577.009360] msg
 *                                                a relay's prefix (VMware vmware.log) before
 *                                                the kernel's own stamp
 *   ESC[32m[Thu May 14 23:17:24 2020]ESC[0m msg terminal colors (dmesg --color=always)
 *   "textPayload": "[  117.006941] msg\\r\\n", a log shipper's JSON export, one key a line
 *   <code>[  117.006941] msg</code>, "Nov 29 01:00:04 host kernel: msg"
 *                                                a forum's markup, a line quoted in prose
 *   ... kernel: [135404.406178][COLOR="Red"] msg[/COLOR]
 *                                                a forum's BBCode, also right after the
 *                                                stamp (line-prefix.c)
 *   order=3D0, oom_score_adj=3D0                 a mail's quoted-printable body kept raw
 *                                                (a list archive's mbox); its soft line
 *                                                breaks are joined by text-source.c
 *
 * No line-to-line state.
 */
#include <string.h>
#include <strings.h>
#include "source/record.h"
#include "source/line-prefix-internal.h"
#include "source/source-internal.h"

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

/* An HTML tag a forum or a wiki left around a pasted line ("<code>", "</pre>"). */
static size_t html_tag(const char *s, size_t n)
{
	static const char *const tags[] = { "<code>", "</code>", "<pre>", "</pre>", "<tt>",
	                                     "</tt>", "<samp>", "</samp>" };

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		size_t k = strlen(tags[i]);

		if (n >= k && memcmp(s, tags[i], k) == 0)
			return k;
	}
	return 0;
}

/* A forum's BBCode tag (vBulletin, phpBB) that a poster put around or inside a pasted line:
 * "[COLOR="Red"]", "[/COLOR]", "[SIZE=4]", "[B]", "[code]", "[QUOTE=name;123]": its length,
 * 0 when s does not start with one. */
size_t oomt_noise_bbcode_tag(const char *s, size_t n)
{
	static const char *const names[] = { "b", "i", "u", "s", "color", "size", "font", "code",
	                                     "quote", "highlight", "noparse", "indent", "pre" };
	size_t i = 1, k, e;

	if (n < 3 || s[0] != '[')
		return 0;
	if (s[1] == '/')
		i = 2;
	for (e = i; e < n && e < i + 9 && (s[e] | 0x20) >= 'a' && (s[e] | 0x20) <= 'z'; e++)
		;
	if (e == i || e >= n || (s[e] != ']' && (s[e] != '=' || i == 2)))
		return 0;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strlen(names[k]) == e - i && strncasecmp(names[k], s + i, e - i) == 0)
			break;
	if (k == sizeof(names) / sizeof(names[0]))
		return 0;
	if (s[e] == ']')
		return e + 1;
	/* "=value]": a color, a size, a font's name, a quoted poster */
	for (k = e + 1; k < n && k < e + 48 && s[k] != ']' && s[k] != '['; k++)
		;
	return k < n && s[k] == ']' && k > e + 1 ? k + 1 : 0;
}

/* A month's abbreviation, as RFC 3164 stamps start ("Nov 29 01:00:04"). */
static bool month_start(const char *s, size_t n)
{
	return n >= 4 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z' &&
	       s[2] >= 'a' && s[2] <= 'z' && s[3] == ' ';
}

/* A BBCode tag that ends line[b..n): its length, 0 when none does. */
static size_t bbcode_tag_at_end(const char *line, size_t b, size_t n)
{
	const char *lb;
	size_t from = n - b > 64 ? n - 64 : b;

	if (n - b < 3 || line[n - 1] != ']' || !(lb = memrchr(line + from, '[', n - from)))
		return 0;
	return oomt_noise_bbcode_tag(lb, (size_t)(line + n - lb)) == (size_t)(line + n - lb)
	       ? (size_t)(line + n - lb) : 0;
}

/* Markup around the line from b to *n: HTML and BBCode tags at either end, and a line put
 * in double quotes in prose ("Nov 29 01:00:04 host kernel: ...") when a stamp follows the
 * quote. */
static size_t strip_markup(const char *line, size_t *n, size_t b)
{
	size_t k;

	while (b < *n && ((line[b] == '<' && (k = html_tag(line + b, *n - b)) > 0) ||
	                  (line[b] == '[' && (k = oomt_noise_bbcode_tag(line + b, *n - b)) > 0)))
		b = skip_blanks(line, *n, b + k);
	for (bool more = *n > b && (line[*n - 1] == '>' || line[*n - 1] == ']'); more && *n > b;) {
		size_t cut = 0;

		for (k = 5; k <= 7 && !cut && line[*n - 1] == '>'; k++)
			if (*n - b >= k && html_tag(line + *n - k, k) == k)
				cut = k;
		if (!cut)
			cut = bbcode_tag_at_end(line, b, *n);
		more = cut > 0;
		if (more) {
			*n -= cut;
			while (*n > b && is_blank(line[*n - 1]))
				(*n)--;
		}
	}
	if (b + 1 < *n && line[b] == '"' &&
	    (line[b + 1] == '[' || is_digit(line[b + 1]) || month_start(line + b + 1, *n - b - 1))) {
		b++;
		if (*n > b && line[*n - 1] == '"')
			(*n)--;
	}
	return b;
}

/* Quoting, indentation and trailing junk around a pasted line: trailing CR, '\n' and blanks
 * and a tmux marker are cut from *len; leading '>' quote marks (and the blank after them)
 * and blanks are skipped. Returns where the line proper starts; *indented tells whether
 * blanks preceded it (a continuation line, when no prefix follows). */
size_t oomt_noise_strip(const char *line, size_t *len, bool *indented)
{
	size_t b = 0, n = *len;

	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == '\n' || is_blank(line[n - 1])))
		n--;
	n = strip_tmux(line, n);
	/* ">>> " and the spaced levels of a long thread, "> > > > > > " */
	while (b < n && line[b] == '>') {
		while (b < n && line[b] == '>')
			b++;
		if (b + 1 < n && line[b] == ' ' && line[b + 1] == '>')
			b++;
	}
	if (b > 0 && b < n && line[b] == ' ' && b + 1 < n && !is_blank(line[b + 1]))
		b++;
	*indented = b < n && is_blank(line[b]);
	b = skip_blanks(line, n, b);
	b = strip_markup(line, &n, b);
	*len = n;
	return b;
}

/* ECMA-48 CSI: ESC '[', parameter and intermediate bytes (0x20-0x3f), one final byte
 * (0x40-0x7e). A lone ESC, or one cut at the line's end, goes with what follows it. */
size_t oomt_noise_strip_escapes(char *s, size_t len)
{
	char *p = memchr(s, '\x1b', len);
	size_t o, i;

	if (!p)
		return len;
	o = i = (size_t)(p - s);
	while (i < len) {
		if (s[i] != '\x1b') {
			s[o++] = s[i++];
			continue;
		}
		i++;
		if (i < len && s[i] == '[') {
			i++;
			while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x3f)
				i++;
			if (i < len && (unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7e)
				i++;
		}
	}
	return o;
}

static bool message_key(const char *k, size_t n)
{
	/* not "msg": dmesg -J's objects have it, and line-prefix-dmesg-json.c reads them */
	static const char *const keys[] = { "textPayload", "message", "MESSAGE", "log", "_raw" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == n && memcmp(keys[i], k, n) == 0)
			return true;
	return false;
}

size_t oomt_noise_unwrap_json_message(char *s, size_t len)
{
	size_t i = 0, k, v, e = len;

	while (i < len && is_blank(s[i]))
		i++;
	if (i >= len || s[i] != '"')
		return len;
	k = ++i;
	while (i < len && s[i] != '"')
		i++;
	if (i >= len || !message_key(s + k, i - k))
		return len;
	i++;
	while (i < len && is_blank(s[i]))
		i++;
	if (i >= len || s[i] != ':')
		return len;
	i++;
	while (i < len && is_blank(s[i]))
		i++;
	if (i >= len || s[i] != '"')
		return len;
	v = i + 1;
	while (e > v && (is_blank(s[e - 1]) || s[e - 1] == ',' || s[e - 1] == '\r'))
		e--;
	if (e <= v || s[e - 1] != '"')
		return len;
	/* the string's body to the line's start, then its escapes undone where it is */
	memmove(s, s + v, e - 1 - v);
	e = oomt_json_unescape(s, e - 1 - v);
	/* escaped twice by the shipper (GCP's serial console): the line end is still text */
	while (e >= 2 && s[e - 2] == '\\' && (s[e - 1] == 'n' || s[e - 1] == 'r'))
		e -= 2;
	return e;
}

/* "12: ", "  12 | ", "12\t", grep -n's "148:Dec 21 ...", a thread's "#3 ": a line number
 * pasted in front of the log; bytes to skip. */
size_t oomt_noise_skip_line_number(const char *s, size_t len)
{
	int64_t n;
	size_t h = len > 0 && s[0] == '#', d = oomt_parse_digits(s + h, len - h, 7, &n), i;

	if (d == 0 || h + d >= len)
		return 0;
	d += h;
	i = d;
	if (s[i] == ':' || s[i] == '|')
		i++;
	/* grep -n writes no blank: "148:Dec 21 06:55:33 host kernel: ..." */
	if (i > d && i < len && ((s[i] >= 'A' && s[i] <= 'Z') || is_digit(s[i]) || s[i] == '['))
		return i;
	if (i >= len || !is_blank(s[i]))
		return 0;
	return skip_blanks(s, len, i);
}

/* glog (Go's and C++'s klog/glog, minikube's): "I0601 23:23:10.425436   13604 utils.go:240] ",
 * a severity letter, MMDD, the clock with microseconds, a thread id, FILE:LINE]: its length,
 * 0 when s does not start with one. */
static size_t glog_prefix(const char *s, size_t len)
{
	struct oomt_civil c;
	size_t i, n, e;
	int64_t v;

	if (len < 24 || (s[0] != 'I' && s[0] != 'W' && s[0] != 'E' && s[0] != 'F') ||
	    oomt_parse_digits(s + 1, 4, 4, &v) != 4 || s[5] != ' ')
		return 0;
	i = 6;
	n = oomt_parse_clock(s + i, len - i, &c, true);
	if (n == 0 || i + n >= len || s[i + n] != ' ')
		return 0;
	i = skip_blanks(s, len, i + n);
	n = oomt_parse_digits(s + i, len - i, 10, &v);
	if (n == 0 || i + n >= len || s[i + n] != ' ')
		return 0;
	i += n + 1;
	e = token_end(s, len, i);
	if (e - i < 4 || e >= len || s[e - 1] != ']' || !is_digit(s[e - 2]) ||
	    !memchr(s + i, ':', e - i))
		return 0;
	return e + 1;
}

/* A relay's or a viewer's prefix before a whole log line, which the line after it must
 * confirm (line-prefix.c tries it only where no transport fits the line as it is):
 *
 *   [W] Oct 22 20:02:32 kernel: msg              a Keenetic router's log (its level letter)
 *   Received message  <3>Jun  8 11:15:26 LEDE kernel: msg
 *                                                a remote-syslog receiver's debug output:
 *                                                words, then a "<PRI>" that starts a line
 *   I0601 23:23:10.425436   13604 utils.go:240] > [  +0.002537] msg
 *                                                glog (minikube quoting a command's output
 *                                                after "> "); its own stamp is when the
 *                                                output was read, not the kernel's time
 *
 * Returns the bytes before the line proper, 0 when s starts with none of these. */
size_t oomt_noise_skip_relay(const char *s, size_t len)
{
	size_t n, lim = len < 64 ? len : 64;

	if (len > 4 && s[0] == '[' && s[1] >= 'A' && s[1] <= 'Z' && s[2] == ']' && s[3] == ' ')
		return 4;
	if ((n = glog_prefix(s, len)) > 0) {
		if (n + 1 < len && s[n] == '>' && s[n + 1] == ' ')
			n += 2;
		return n < len ? n : 0;
	}
	/* "<N>" after a blank, "Jun" or another word after it: "<N>[" is left to
	 * oomt_noise_find_kernel_stamp() */
	for (size_t i = 1; i + 3 < lim; i++) {
		struct oomt_line_prefix q;

		if (s[i] != '<' || !is_blank(s[i - 1]))
			continue;
		n = oomt_line_prefix_parse_pri(s + i, len - i, &q);
		if (n > 0 && i + n < len && s[i + n] != '[' && !is_blank(s[i + n]))
			return i;
	}
	return 0;
}

/* "[%5lu.%06lu] " at s, as the kernel prints it (at least five digits before the point,
 * six after, no vendor's CPU number), then a message: its length with the blank, 0 when s
 * holds none. */
static size_t kernel_stamp_exact(const char *s, size_t len)
{
	int64_t up;
	size_t n = oomt_parse_uptime_bracket(s, len, &up);

	if (n < 14 || s[n - 8] != '.' || n + 1 >= len || s[n] != ' ' || is_blank(s[n + 1]) ||
	    memchr(s, '-', n))
		return 0;
	return n;
}

static bool word_char(char c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* A kernel stamp ("<N>[sec.usec]" or "[sec.usec]") at s[i]: *p is that line. */
static bool kernel_stamp_at(const char *base, const char *s, size_t len, size_t i,
                            struct oomt_line_prefix *p)
{
	struct oomt_line_prefix q = *p;
	int64_t up;
	size_t n, j = i;

	if (s[i] == '<') {
		n = oomt_line_prefix_parse_pri(s + i, len - i, &q);
		if (n == 0 || i + n >= len || s[i + n] != '[')
			return false;
		j = i + n;
	}
	n = oomt_parse_uptime_bracket(s + j, len - j, &up);
	if (n == 0)
		return false;
	q.uptime_usec = up;
	q.fmt = OOMT_FMT_DMESG;
	oomt_dmesg_parse_tail(base, s, len, j + n, &q);
	*p = q;
	return true;
}

/* The last resort for a line no transport fits: "<N>[sec.usec]" or "[ sec.usec]" within the
 * first 256 bytes, at the start of a word (after a relay's own prefix, an editor's gutter,
 * a grep's file name); the message is what follows. Where there is none, a stamp glued to
 * a word before it is taken when it has the kernel's exact form and a message follows:
 * "root@ap-4:/ lr[  947.876000] kworker/u:0 invoked oom-killer" (a serial console's
 * shell prompt and what was typed at it, then the kernel's line). The words before a stamp
 * after a blank (oomt_stamp_blank_before) are kept aside as pre_off/pre_len: the parser
 * alone knows whether they end a record it holds (lib/event/wrap.c). */
bool oomt_noise_find_kernel_stamp(const char *base, const char *s, size_t len,
                                  struct oomt_line_prefix *p)
{
	size_t lim = len < 256 ? len : 256;

	/* at the start of a word, or after punctuation ("......[  656.241027]") */
	for (size_t i = 0; i < lim; i++)
		if ((s[i] == '<' || s[i] == '[') && (i == 0 || !word_char(s[i - 1])) &&
		    kernel_stamp_at(base, s, len, i, p)) {
			size_t k = i > 0 ? oomt_stamp_blank_before(s, i) : 0, e = i - k;

			while (k > 0 && e > 0 && is_blank(s[e - 1]))
				e--;
			if (k > 0 && e > 0) {
				p->pre_off = (size_t)(s - base);
				p->pre_len = e;
			}
			return true;
		}
	for (size_t i = 1; i < lim; i++)
		if (s[i] == '[' && word_char(s[i - 1]) && kernel_stamp_exact(s + i, len - i) &&
		    kernel_stamp_at(base, s, len, i, p))
			return true;
	return false;
}

static int qp_hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

size_t oomt_noise_qp_decode(char *s, size_t len)
{
	const char *eq = memchr(s, '=', len);
	size_t o, i;

	if (!eq)
		return len;
	for (o = i = (size_t)(eq - s); i < len; i++) {
		int h, l;

		if (s[i] == '=' && i + 2 < len &&
		    (h = qp_hex(s[i + 1])) >= 0 && (l = qp_hex(s[i + 2])) >= 0) {
			s[o++] = (char)(h << 4 | l);
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

bool oomt_noise_qp_soft_break(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	return len > 0 && s[len - 1] == '=';
}

/* The end of the run of SCREEN_PAD_MIN or more blanks that starts at or after from, with a
 * non-blank byte before and after it (s + len when none); *start its start. */
static const char *screen_pad(const char *s, size_t len, size_t from, const char **start)
{
	const char *end = s + len, *p = s + from;

	while (p < end && (p = memchr(p, ' ', (size_t)(end - p))) != NULL) {
		const char *q = p;

		while (q < end && *q == ' ')
			q++;
		if (q - p >= SCREEN_PAD_MIN && p > s && q < end) {
			*start = p;
			return q;
		}
		p = q;
	}
	return end;
}

bool oomt_noise_has_screen_pad(const char *s, size_t len)
{
	const char *start;

	return screen_pad(s, len, 0, &start) < s + len;
}

size_t oomt_noise_join_screen_pads(char *s, size_t len)
{
	const char *start, *q;
	size_t from = 0;

	while ((q = screen_pad(s, len, from, &start)) < s + len) {
		size_t at = (size_t)(start - s), cut = (size_t)(q - start);

		memmove(s + at, q, len - at - cut);
		len -= cut;
		from = at;
	}
	return len;
}
