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
 * and the same objects one per line ({"pri":4,"time":117.006941,"msg":"..."},) as jq -c
 * or other writers give them. "time" may also be an ISO string. A tolerant member scanner,
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
	size_t i = 0;
	bool members = false, dmesg_key = false, dmesg_member = false;

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
		if (!djson_member(base, s, len, &i, p, &dmesg_key, &dmesg_member))
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
}

void oomt_dmesg_json_end(struct oomt_dmesg_json_object *o)
{
	o->fields.djson = false;
}
