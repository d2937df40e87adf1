/* SPDX-License-Identifier: MIT */
/*
 * TEST HELPER ONLY: a minimal, heuristic transport-prefix stripper so the parser tests can
 * read the golden logs (tests/data) before the real sources exist. It knows just enough
 * of dmesg, dmesg -T, kmsg, syslog and journalctl short output, pastes with quote marks
 * and VMware guest relays to turn a line into records. The product never uses it.
 */
#ifndef TEST_LOG_STRIP_H
#define TEST_LOG_STRIP_H

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/parser.h>

struct strip_line {
	char host[256];
	char ident[64];
	char caller[16];
	int64_t uptime;
	bool kmsg;
	bool cont;               /* kmsg flag 'c' */
	char msg[70000];        /* last: strip_parse clears everything before it */
};

static void strip_copy(char *dst, size_t sz, const char *src, size_t n)
{
	if (n >= sz)
		n = sz - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static const char *strip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '>')
		p++;
	return p;
}

/* "[  117.006941]" -> uptime; returns the text after it, or NULL. */
static const char *strip_uptime(const char *p, int64_t *up)
{
	char *end;
	const char *q = p + 1;
	long long sec, usec;

	if (*p != '[')
		return NULL;
	while (*q == ' ')
		q++;
	if (!isdigit((unsigned char)*q))
		return NULL;
	sec = strtoll(q, &end, 10);
	if (*end != '.')
		return NULL;
	usec = strtoll(end + 1, &end, 10);
	if (*end != ']')
		return NULL;
	*up = sec * 1000000 + usec;
	return end + 1;
}

/* "[Thu May  9 14:52:38 2024] " (any locale): a bracket holding hh:mm:ss. */
static const char *strip_ctime(const char *p)
{
	const char *e = strchr(p, ']');

	if (*p != '[' || !e || e - p > 48)
		return NULL;
	for (const char *q = p; q + 8 < e; q++)
		if (isdigit((unsigned char)q[0]) && q[2] == ':' && q[5] == ':')
			return e + 1;
	return NULL;
}

/* "Mon DD HH:MM:SS[.frac] [host ]ident[pid]: " or "Mon DD HH:MM:SS: "; any month word. */
static const char *strip_syslog(const char *p, struct strip_line *l)
{
	const char *t = strchr(p, ' '), *q;
	char tok[256];
	size_t n;

	if (!t || t - p > 12)
		return NULL;
	t = strip_ws(t);
	if (!isdigit((unsigned char)*t))
		return NULL;
	while (isdigit((unsigned char)*t))
		t++;
	t = strip_ws(t);
	if (!(isdigit((unsigned char)t[0]) && t[2] == ':' && t[5] == ':'))
		return NULL;
	t += 8;
	while (*t == '.' || isdigit((unsigned char)*t))
		t++;
	if (*t == ':')
		return strip_ws(t + 1);
	t = strip_ws(t);
	for (int field = 0; field < 2; field++) {
		q = strchr(t, ' ');
		if (!q)
			return NULL;
		n = (size_t)(q - t);
		if (n >= sizeof(tok))
			return NULL;
		memcpy(tok, t, n);
		tok[n] = '\0';
		if (n > 1 && tok[n - 1] == ':') {
			char *b = strchr(tok, '[');

			tok[n - 1] = '\0';
			if (b)
				*b = '\0';
			strip_copy(l->ident, sizeof(l->ident), tok, strlen(tok));
			return q + 1;
		}
		if (field == 0)
			strip_copy(l->host, sizeof(l->host), tok, strlen(tok));
		t = q + 1;
	}
	return NULL;
}

static void unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r;) {
		if (r[0] == '\\' && r[1] == 'x' && isxdigit((unsigned char)r[2]) &&
		    isxdigit((unsigned char)r[3])) {
			char hex[3] = { r[2], r[3], 0 };

			*w++ = (char)strtol(hex, NULL, 16);
			r += 4;
		} else
			*w++ = *r++;
	}
	*w = '\0';
}

/* kmsg "PRI,SEQ,USEC,FLAGS[,caller=..];msg" */
static const char *strip_kmsg(const char *p, struct strip_line *l)
{
	long long f[3];
	char *end;
	const char *semi = strchr(p, ';'), *c;

	if (!semi || !isdigit((unsigned char)*p))
		return NULL;
	for (int i = 0; i < 3; i++) {
		f[i] = strtoll(p, &end, 10);
		if (*end != ',')
			return NULL;
		p = end + 1;
	}
	l->uptime = f[2];
	l->kmsg = true;
	l->cont = *p == 'c';
	c = strstr(p, "caller=");
	if (c && c < semi)
		strip_copy(l->caller, sizeof(l->caller), c + 7, (size_t)(semi - c - 7));
	return semi + 1;
}

/* Fill l from one raw line; returns false for lines that are no record (kmsg dictionary). */
static bool strip_parse(const char *raw, struct strip_line *l)
{
	const char *p = raw, *q;

	memset(l, 0, offsetof(struct strip_line, msg));
	l->msg[0] = '\0';
	l->uptime = INT64_MIN;
	if (raw[0] == ' ' && strchr(raw, '=') && isupper((unsigned char)raw[1]))
		return false;
	p = strip_ws(p);
	if ((q = strstr(p, " Guest: ")) != NULL)
		p = q + 8;
	if ((q = strip_kmsg(p, l)) != NULL) {
		strip_copy(l->msg, sizeof(l->msg), q, strlen(q));
		unescape(l->msg);
		return true;
	}
	if (isdigit((unsigned char)p[0]) && p[4] == '-' && p[10] == 'T' && (q = strchr(p, ' ')))
		p = q + 1;   /* ISO time, then "host ident: " like syslog */
	if ((q = strip_syslog(p, l)) != NULL)
		p = q;
	else if ((q = strip_ctime(p)) != NULL)
		p = q;
	p = strip_ws(p);
	if (p[0] == '<' && isdigit((unsigned char)p[1]) && (q = strchr(p, '>')) && q - p < 5)
		p = q + 1;
	if ((q = strip_uptime(p, &l->uptime)) != NULL)
		p = q;
	else if ((q = strip_ctime(p)) != NULL)
		p = q;
	if (p[0] == '[' && (q = strchr(p, ']')) && q - p < 10 && strspn(p + 1, " ") < (size_t)(q - p - 1) &&
	    (p[1 + strspn(p + 1, " ")] == 'T' || p[1 + strspn(p + 1, " ")] == 'C') &&
	    isdigit((unsigned char)p[2 + strspn(p + 1, " ")])) {
		strip_copy(l->caller, sizeof(l->caller), p + 1, (size_t)(q - p - 1));
		p = q + 1;
	}
	if (*p == ' ')
		p++;
	strip_copy(l->msg, sizeof(l->msg), p, strlen(p));
	return true;
}

/* Feed a whole log file; returns the number of events, which are appended to evs. */
static size_t strip_feed_file(struct oomt_parser *ps, FILE *f, const char *source,
			      void (*sink)(struct oomt_event *ev, void *arg), void *arg)
{
	static char raw[1 << 20];
	static struct strip_line l;
	struct oomt_event *ev;
	size_t count = 0;

	while (fgets(raw, sizeof(raw), f)) {
		char *nl = strchr(raw, '\n'), *part;
		bool first = true;

		if (nl)
			*nl = '\0';
		if (!strip_parse(raw, &l))
			continue;
		part = l.msg;
		do {
			struct oomt_record r = { 0 };
			char *next = strchr(part, '\n');

			if (next)
				*next = '\0';
			r.msg = part;
			r.msg_len = strlen(part);
			r.uptime_usec = l.uptime;
			r.realtime_usec = INT64_MIN;
			r.host = l.host[0] ? l.host : NULL;
			r.ident = l.ident[0] ? l.ident : NULL;
			r.ident_pid = INT64_MIN;
			r.caller = l.caller[0] ? l.caller : NULL;
			r.priority = -1;
			r.facility = -1;
			r.cont = !first || l.cont;
			oomt_parser_feed(ps, &r, source);
			first = false;
			part = next ? next + 1 : NULL;
			while (oomt_parser_next(ps, &ev) == 0) {
				sink(ev, arg);
				count++;
			}
		} while (part);
	}
	oomt_parser_finish(ps);
	while (oomt_parser_next(ps, &ev) == 0) {
		sink(ev, arg);
		count++;
	}
	return count;
}

#endif
