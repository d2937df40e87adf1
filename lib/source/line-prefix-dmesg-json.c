/* SPDX-License-Identifier: MIT */
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
 * and the same objects one per line ({"pri":4,"time":117.006941,"msg":"..."},) or the
 * whole document on one line, as jq -c or other writers give them. util-linux always
 * prints "time" as seconds since boot; other writers give an ISO string or a stamp of
 * dmesg's --time-format (ctime, reltime, delta), quoted or not (djson_time). A tolerant member scanner,
 * not a JSON DOM: one line at a time, no allocation. Structural lines ("{", "},{", "]")
 * set djson with nothing else. The members of one object are collected here too
 * (struct oomt_dmesg_json_object), until "msg" ends the object and the text source delivers
 * its record.
 */
#include <string.h>
#include "source/record.h"
#include "source/line-prefix-internal.h"

static size_t json_string_end(const char *s, size_t len, size_t i)
{
	for (i++; i < len && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i < len ? i : 0;
}

/* The "time" member, in any form a dmesg -J (or a program imitating it) prints: seconds
 * since boot (util-linux always, "%5ld.%06ld"), or a stamp of a --time-format: ISO,
 * "[Mon Jul  6 12:34:56 2026]" (ctime), "[Jul 6 12:34]" / "[  +0.000123]" (reltime),
 * "[<    0.000028>]" (delta), "[  117.006941 <    0.000028>]", quoted or not, with or
 * without the brackets. */
static void djson_time(const char *v, size_t n, bool quoted, struct oomt_line_prefix *p)
{
	struct oomt_line_prefix q;
	struct oomt_civil c;
	char buf[80];
	int64_t sec = 0, frac = 0;
	size_t d, f = 0, iso;

	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	while (n && (v[0] == ' ' || v[0] == '\t'))
		v++, n--;
	if (n == 0)
		return;
	d = oomt_parse_digits(v, n, 12, &sec);
	if (!quoted && d > 0 && (d == n || v[d] == '.')) {
		if (d < n)
			f = oomt_parse_digits(v + d + 1, n - d - 1, 6, &frac);
		for (size_t z = f; z < 6; z++)
			frac *= 10;
		p->uptime_usec = sec * 1000000 + frac;
		return;
	}
	iso = oomt_parse_iso_civil(v, n, false, &c);
	if (iso > 0 && iso == n) {
		p->civil = c;
		p->has_civil = true;
		return;
	}
	if (n + 3 > sizeof(buf))
		return;
	/* the bracketed stamps of dmesg's text output */
	if (v[0] == '[') {
		memcpy(buf, v, n);
		buf[n] = '\0';
	} else {
		buf[0] = '[';
		memcpy(buf + 1, v, n);
		buf[n + 1] = ']';
		buf[n + 2] = '\0';
		n += 2;
	}
	memset(&q, 0, sizeof(q));
	q.uptime_usec = q.realtime_usec = OOMT_UNKNOWN;
	if (!oomt_dmesg_parse_bracket(buf, buf, n, &q) || q.msg_len != 0)
		return;
	if (q.uptime_usec != OOMT_UNKNOWN)
		p->uptime_usec = q.uptime_usec;
	if (q.has_civil)
		p->civil = q.civil, p->has_civil = true;
	if (q.has_delta)
		p->has_delta = true, p->delta_usec = q.delta_usec;
	if (q.fmt == OOMT_FMT_DMESG_RELTIME)
		p->djson_reltime = true;
}

static bool djson_member(const char *base, const char *s, size_t len, size_t *at,
                         struct oomt_line_prefix *p, bool *dmesg_key, bool *dmesg_member)
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
		*dmesg_key = *dmesg_member = true;
		return true;
	} else if (kl == 4 && memcmp(k, "time", 4) == 0) {
		/* a stamp printed raw, as dmesg prints it for text ("[Mon Jul  6 ...]",
		 * "[<    0.000028>]", "2026-07-06T12:34:56,006941+02:00 "): to the ']' or
		 * the blank before the next member */
		const char *rb = s[vs] == '[' ? memchr(s + vs, ']', len - vs) : NULL;

		ve = rb ? (size_t)(rb - s) + 1 : vs;
		while (!rb && ve < len && !(s[ve] == ',' && (ve + 1 == len || s[ve + 1] == ' ' ||
		                                            s[ve + 1] == '"')) && s[ve] != '}')
			ve++;
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
		*dmesg_member |= (kl == 3 && (memcmp(k, "msg", 3) == 0 || memcmp(k, "pri", 3) == 0 ||
		                       memcmp(k, "fac", 3) == 0)) ||
		          (kl == 4 && memcmp(k, "time", 4) == 0) ||
		          (kl == 6 && memcmp(k, "caller", 6) == 0);
	if (kl == 3 && memcmp(k, "msg", 3) == 0 && s[vs - 1] == '"') {
		p->msg_off = (size_t)(s - base) + vs;
		p->msg_len = ve - vs;
		p->djson_msg = true;
	} else if (kl == 4 && memcmp(k, "time", 4) == 0) {
		djson_time(s + vs, ve - vs, s[vs - 1] == '"', p);
	} else if (kl == 3 && memcmp(k, "pri", 3) == 0) {
		int64_t v;

		if (s[vs - 1] == '"')
			p->priority = oomt_dmesg_level_index(s + vs, ve - vs);
		else if (oomt_parse_digits(s + vs, ve - vs, 3, &v) == ve - vs && v <= 191)
			p->priority = (int)(v & 7), p->facility = (int)(v >> 3);
	} else if (kl == 3 && memcmp(k, "fac", 3) == 0 && s[vs - 1] == '"') {
		p->facility = oomt_dmesg_facility_index(s + vs, ve - vs);
	} else if (kl == 6 && memcmp(k, "caller", 6) == 0 && s[vs - 1] == '"') {
		p->caller_off = (size_t)(s - base) + vs;
		p->caller_len = ve - vs;
	}
	*at = s[vs - 1] == '"' && ve < len ? ve + 1 : ve;
	return true;
}

bool oomt_dmesg_json_parse(const char *base, const char *s, size_t len, bool hinted,
                           struct oomt_line_prefix *p)
{
	size_t i = skip_blanks(s, len, 0);
	bool members = false, dmesg_key = false, dmesg_member = false;

	if (i >= len || (!hinted && s[i] != '{' && s[i] != '"'))
		return false;
	/* One object, or the part of one, per call: a line of the pretty output holds one
	 * member; a one-line document (jq -c) or "},{" lines hold several objects, and the
	 * call stops after the object that has "msg", leaving the rest for the next call. */
	while (i < len) {
		if (s[i] == '"') {
			if (!djson_member(base, s, len, &i, p, &dmesg_key, &dmesg_member))
				return false;
			members = true;
		} else if (s[i] == '{') {
			if (p->djson_msg) {
				p->djson_rest_off = (size_t)(s - base) + i;
				break;
			}
			p->djson_open = true;
			i++;
		} else if (s[i] == '}') {
			if (!hinted && !members && !p->djson_open)
				return false;
			i++;
			if (p->djson_msg) {
				/* the object that holds "msg" is closed: anything more is the next */
				while (i < len && (s[i] == ',' || s[i] == ']' || s[i] == '}' || is_blank(s[i])))
					i++;
				if (i < len && s[i] == '{')
					p->djson_rest_off = (size_t)(s - base) + i;
				else if (i < len)
					return false;
				break;
			}
		} else if (s[i] == ',' || s[i] == ']' || is_blank(s[i])) {
			i++;
		} else {
			return false;
		}
	}
	/* Without the hint only "{" alone, the "dmesg" key or an object with "msg" start it
	 * (a journalctl -o json object has "MESSAGE" instead); members of other JSON
	 * (journalctl -o json-pretty) stay text lines. "{" alone is no message, but says
	 * nothing of the format either. */
	if (!hinted && (members ? !p->djson_msg && !dmesg_key : len > 1))
		return false;
	if (!hinted && !p->djson_open && !dmesg_key)
		return false;
	if (members && !dmesg_member)
		return false;
	if (members || hinted)
		p->fmt = OOMT_FMT_DMESG_JSON;
	p->djson = true;
	if (!p->djson_msg)
		p->msg_off = (size_t)(s - base) + len, p->msg_len = 0;
	return true;
}

void oomt_dmesg_json_collect(struct oomt_dmesg_json_object *o, const char *line,
                             const struct oomt_line_prefix *p)
{
	struct oomt_line_prefix *f = &o->fields;

	if (p->djson_open || !f->djson) {
		memset(f, 0, sizeof(*f));
		f->djson = true;
		f->fmt = OOMT_FMT_DMESG_JSON;
		f->uptime_usec = f->realtime_usec = f->ident_pid = OOMT_UNKNOWN;
		f->priority = f->facility = -1;
	}
	if (p->uptime_usec != OOMT_UNKNOWN)
		f->uptime_usec = p->uptime_usec;
	if (p->has_civil)
		f->civil = p->civil, f->has_civil = true;
	if (p->priority >= 0)
		f->priority = p->priority;
	if (p->facility >= 0)
		f->facility = p->facility;
	if (p->caller_len) {
		f->caller_len = p->caller_len < sizeof(o->caller) ? p->caller_len : sizeof(o->caller);
		memcpy(o->caller, line + p->caller_off, f->caller_len);
	}
	if (p->has_delta)
		f->has_delta = true, f->delta_usec = p->delta_usec;
	if (p->djson_reltime)
		f->djson_reltime = true;
}

void oomt_dmesg_json_end(struct oomt_dmesg_json_object *o)
{
	o->fields.djson = false;
}
