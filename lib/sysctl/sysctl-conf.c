/* SPDX-License-Identifier: MIT */
/*
 * sysctl keys, and oomtool's sysctl.d file edited on buffers (format: sysctl-conf.h). Only
 * the lines of the key being set or removed change; every other byte is kept, so that a
 * comment or a setting someone added by hand survives.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/sysctl.h>
#include "sysctl/sysctl-conf.h"

#define WAS_PREFIX "# was:"
#define KEY_MAX 256

enum conf_line_kind { CONF_OTHER, CONF_ASSIGN, CONF_WAS };

struct conf_line {
	enum conf_line_kind kind;
	const char *key, *value;
	size_t key_len, value_len;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool key_char_ok(unsigned char c)
{
	return c > ' ' && c != 0x7f && c != '=' && c != '*' && c != '?' && c != '[' &&
	       c != '\\' && c != '#' && c != ';';
}

int oomt_sysctl_key_path(const char *key, size_t keylen, char *ret, size_t retsz)
{
	size_t first = 0, comp = 0;
	bool swap;

	if (keylen == 0)
		return -EINVAL;
	if (keylen >= retsz)
		return -ENAMETOOLONG;
	while (first < keylen && key[first] != '.' && key[first] != '/')
		first++;
	swap = first < keylen && key[first] == '.';
	for (size_t i = 0; i < keylen; i++) {
		char c = key[i];

		if (!key_char_ok((unsigned char)c))
			return -EINVAL;
		if (swap && (c == '.' || c == '/'))
			c = c == '.' ? '/' : '.';
		ret[i] = c;
	}
	ret[keylen] = '\0';
	/* every component a name: not empty, not "." or ".." */
	for (size_t i = 0; i <= keylen; i++) {
		if (i < keylen && ret[i] != '/')
			continue;
		if (i == comp || (i - comp == 1 && ret[comp] == '.') ||
		    (i - comp == 2 && ret[comp] == '.' && ret[comp + 1] == '.'))
			return -EINVAL;
		comp = i + 1;
	}
	return 0;
}

int oomt_sysctl_value_check(const char *value)
{
	size_t n;

	if (!value)
		return -EINVAL;
	n = strlen(value);
	if (n >= OOMT_SYSCTL_VALUE_MAX || strpbrk(value, "\n\r"))
		return -EINVAL;
	return 0;
}

/* "KEY = VALUE" in [s, e), blanks trimmed; false when there is no '=' or no key. */
static bool split_assignment(const char *s, const char *e, struct conf_line *l)
{
	const char *eq = memchr(s, '=', (size_t)(e - s));
	const char *ke, *v;

	if (!eq)
		return false;
	ke = eq;
	while (ke > s && is_blank(ke[-1]))
		ke--;
	v = eq + 1;
	while (v < e && is_blank(*v))
		v++;
	if (ke == s)
		return false;
	l->key = s;
	l->key_len = (size_t)(ke - s);
	l->value = v;
	l->value_len = (size_t)(e - v);
	return true;
}

static void parse_line(const char *s, const char *e, struct conf_line *l)
{
	l->kind = CONF_OTHER;
	while (e > s && is_blank(e[-1]))
		e--;
	while (s < e && is_blank(*s))
		s++;
	if (s == e || *s == ';')
		return;
	if (*s == '#') {
		size_t pl = strlen(WAS_PREFIX);

		if ((size_t)(e - s) < pl || memcmp(s, WAS_PREFIX, pl) != 0)
			return;
		s += pl;
		while (s < e && is_blank(*s))
			s++;
		if (split_assignment(s, e, l))
			l->kind = CONF_WAS;
		return;
	}
	if (*s == '-')
		s++;
	if (split_assignment(s, e, l))
		l->kind = CONF_ASSIGN;
}

static bool same_key(const struct conf_line *l, const char *want_path)
{
	char path[KEY_MAX];

	return oomt_sysctl_key_path(l->key, l->key_len, path, sizeof(path)) == 0 &&
	       strcmp(path, want_path) == 0;
}

/* The next line from *pos: [*start, *end) without its newline; *pos moves past it. */
static bool next_line(const char *buf, size_t len, size_t *pos, size_t *start, size_t *end)
{
	const char *nl;

	if (*pos >= len)
		return false;
	*start = *pos;
	nl = memchr(buf + *pos, '\n', len - *pos);
	*end = nl ? (size_t)(nl - buf) : len;
	*pos = nl ? *end + 1 : len;
	return true;
}

static int copy_value(const char *v, size_t vlen, char *out, size_t outsz)
{
	if (!out)
		return 0;
	if (vlen >= outsz)
		return -EOVERFLOW;
	memcpy(out, v, vlen);
	out[vlen] = '\0';
	return 0;
}

int oomt_sysctl_conf_get(const char *buf, size_t len, const char *key, char *value,
                         size_t valuesz, char *was, size_t wassz)
{
	char want[KEY_MAX];
	struct conf_line l, found = { .kind = CONF_OTHER }, found_was = { .kind = CONF_OTHER };
	size_t pos = 0, start, end;
	int r = oomt_sysctl_key_path(key, strlen(key), want, sizeof(want));

	if (r < 0)
		return r;
	while (next_line(buf, len, &pos, &start, &end)) {
		parse_line(buf + start, buf + end, &l);
		if (l.kind == CONF_ASSIGN && same_key(&l, want))
			found = l;
		else if (l.kind == CONF_WAS && same_key(&l, want))
			found_was = l;
	}
	if (found.kind != CONF_ASSIGN)
		return -ENOENT;
	r = copy_value(found.value, found.value_len, value, valuesz);
	if (r == 0 && was && wassz)
		r = found_was.kind == CONF_WAS
		    ? copy_value(found_was.value, found_was.value_len, was, wassz)
		    : copy_value("", 0, was, wassz);
	return r;
}

static size_t append(char *out, size_t n, const char *s, size_t slen)
{
	memcpy(out + n, s, slen);
	return n + slen;
}

/* "KEY = VALUE\n" (with PREFIX first) at out + n. */
static size_t append_assignment(char *out, size_t n, const char *prefix, const char *key,
                                const char *value)
{
	n = append(out, n, prefix, strlen(prefix));
	n = append(out, n, key, strlen(key));
	n = append(out, n, " = ", 3);
	n = append(out, n, value, strlen(value));
	return append(out, n, "\n", 1);
}

int oomt_sysctl_conf_set(const char *buf, size_t len, const char *key, const char *value,
                         const char *was, char **ret, size_t *ret_len)
{
	char want[KEY_MAX];
	struct conf_line l;
	size_t pos = 0, start, end, n = 0;
	bool found = false;
	char *out;
	int r = oomt_sysctl_key_path(key, strlen(key), want, sizeof(want));

	if (r < 0)
		return r;
	if (oomt_sysctl_value_check(value) < 0)
		return -EINVAL;
	if (was && oomt_sysctl_value_check(was) < 0)
		was = NULL;
	out = malloc(len + strlen(OOMT_SYSCTL_CONF_HEADER) + 2 * strlen(key) + strlen(value) +
	             (was ? strlen(was) : 0) + 32);
	if (!out)
		return -ENOMEM;
	while (next_line(buf, len, &pos, &start, &end)) {
		parse_line(buf + start, buf + end, &l);
		if (l.kind == CONF_ASSIGN && same_key(&l, want)) {
			if (!found)
				n = append_assignment(out, n, "", key, value);
			found = true;
			continue;
		}
		n = append(out, n, buf + start, pos - start);
	}
	if (!found) {
		if (n == 0)
			n = append(out, n, OOMT_SYSCTL_CONF_HEADER, strlen(OOMT_SYSCTL_CONF_HEADER));
		else if (out[n - 1] != '\n')
			n = append(out, n, "\n", 1);
		if (was)
			n = append_assignment(out, n, WAS_PREFIX " ", key, was);
		n = append_assignment(out, n, "", key, value);
	}
	out[n] = '\0';
	*ret = out;
	*ret_len = n;
	return 0;
}

int oomt_sysctl_conf_remove(const char *buf, size_t len, const char *key, char **ret,
                            size_t *ret_len, size_t *removed)
{
	char want[KEY_MAX];
	struct conf_line l;
	size_t pos = 0, start, end, n = 0, count = 0;
	char *out;
	int r = oomt_sysctl_key_path(key, strlen(key), want, sizeof(want));

	if (r < 0)
		return r;
	out = malloc(len + 1);
	if (!out)
		return -ENOMEM;
	while (next_line(buf, len, &pos, &start, &end)) {
		parse_line(buf + start, buf + end, &l);
		if (l.kind != CONF_OTHER && same_key(&l, want)) {
			count++;
			continue;
		}
		n = append(out, n, buf + start, pos - start);
	}
	out[n] = '\0';
	*ret = out;
	*ret_len = n;
	*removed = count;
	return 0;
}
