/* SPDX-License-Identifier: MIT */
/*
 * Prometheus text exposition, format 0.0.4 (format.h): the families of oomtool metrics and
 * of any program that links the library. One family at a time: HELP, TYPE, samples. Every
 * name is checked and every label value and help text escaped, so that what is written
 * always parses (promtool check metrics); a family named twice is refused, since a scraper
 * takes the second for a duplicate.
 */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/format.h>
#include "util/text.h"

#define FAMILIES_MAX 256

struct oomt_prom {
	FILE *out;
	int err;
	char family[128];          /* the current family, "" before the first */
	uint64_t seen[FAMILIES_MAX];   /* hashes of the families written */
	size_t n_seen;
};

int oomt_prom_new(FILE *out, struct oomt_prom **ret)
{
	struct oomt_prom *p;

	if (!out || !ret)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->out = out;
	*ret = p;
	return 0;
}

int oomt_prom_free(struct oomt_prom *p)
{
	int err;

	if (!p)
		return -EINVAL;
	err = p->err;
	if (err == 0 && ferror(p->out))
		err = -EIO;
	free(p);
	return err;
}

static bool name_ok(const char *s, bool label)
{
	if (!s || !*s)
		return false;
	if (label && s[0] == '_' && s[1] == '_')
		return false;
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		             (!label && c == ':');

		if (!alpha && !(i > 0 && c >= '0' && c <= '9'))
			return false;
	}
	return true;
}

static int fail(struct oomt_prom *p, int err)
{
	if (p->err == 0)
		p->err = err;
	return err;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Text escaped as the format wants (backslash and newline; in a label value the double
 * quote too); a byte that is not UTF-8 (a process name from a log can be anything) is
 * written as '?', which every scraper reads. */
static void put_escaped(FILE *out, const char *text, bool quote)
{
	const unsigned char *s = (const unsigned char *)text;
	const char *end = text ? text + strlen(text) : NULL;

	while (s && *s) {
		size_t n = oomt_text_utf8_len((const char *)s, (size_t)(end - (const char *)s));

		if (*s == '\\')
			fputs("\\\\", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '"' && quote)
			fputs("\\\"", out);
		else if (n == 0)
			fputc('?', out);
		else
			fwrite(s, 1, n, out);
		s += n ? n : 1;
	}
}

int oomt_prom_family(struct oomt_prom *p, const char *name, enum oomt_prom_type type,
                     const char *help)
{
	uint64_t h;

	if (!p)
		return -EINVAL;
	if (!name_ok(name, false) || strlen(name) >= sizeof(p->family) ||
	    (type != OOMT_PROM_COUNTER && type != OOMT_PROM_GAUGE))
		return fail(p, -EINVAL);
	h = hash(name);
	for (size_t i = 0; i < p->n_seen; i++)
		if (p->seen[i] == h)
			return fail(p, -EINVAL);
	if (p->n_seen == FAMILIES_MAX)
		return fail(p, -E2BIG);
	p->seen[p->n_seen++] = h;
	strcpy(p->family, name);
	fprintf(p->out, "# HELP %s ", name);
	put_escaped(p->out, help, false);
	fprintf(p->out, "\n# TYPE %s %s\n", name, type == OOMT_PROM_COUNTER ? "counter" : "gauge");
	return 0;
}

static int labels(struct oomt_prom *p, const char *const *lv, size_t n)
{
	if (!p)
		return -EINVAL;
	if (!p->family[0] || (n && !lv))
		return fail(p, -EINVAL);
	for (size_t i = 0; i < n; i++)
		if (!name_ok(lv[2 * i], true))
			return fail(p, -EINVAL);
	fputs(p->family, p->out);
	if (n) {
		fputc('{', p->out);
		for (size_t i = 0; i < n; i++) {
			fprintf(p->out, "%s%s=\"", i ? "," : "", lv[2 * i]);
			put_escaped(p->out, lv[2 * i + 1] ? lv[2 * i + 1] : "", true);
			fputc('"', p->out);
		}
		fputc('}', p->out);
	}
	return 0;
}

/* The C locale for numbers: a program that called setlocale() may have a decimal comma,
 * which Prometheus does not read. */
static locale_t c_numeric;
static pthread_once_t c_once = PTHREAD_ONCE_INIT;

static void make_c_numeric(void)
{
	c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

static void format_double(double value, char *buf, size_t sz)
{
	locale_t old = (locale_t)0;

	pthread_once(&c_once, make_c_numeric);
	if (c_numeric)
		old = uselocale(c_numeric);
	/* the shortest of %.15g and %.17g that reads back the same */
	snprintf(buf, sz, "%.15g", value);
	if (strtod(buf, NULL) != value)
		snprintf(buf, sz, "%.17g", value);
	if (c_numeric)
		uselocale(old);
}

int oomt_prom_sample(struct oomt_prom *p, const char *const *lv, size_t n, double value)
{
	char buf[40];
	int r = labels(p, lv, n);

	if (r < 0)
		return r;
	if (isnan(value)) {
		strcpy(buf, "NaN");
	} else if (isinf(value)) {
		strcpy(buf, value > 0 ? "+Inf" : "-Inf");
	} else {
		format_double(value, buf, sizeof(buf));
	}
	fprintf(p->out, " %s\n", buf);
	return 0;
}

int oomt_prom_sample_int(struct oomt_prom *p, const char *const *lv, size_t n, int64_t value)
{
	int r = labels(p, lv, n);

	if (r < 0)
		return r;
	fprintf(p->out, " %" PRId64 "\n", value);
	return 0;
}
