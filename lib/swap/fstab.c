/* SPDX-License-Identifier: MIT */
/*
 * /etc/fstab editing on buffers. Accepted text (fstab(5)): lines of whitespace (space or
 * tab) separated fields "spec file vfstype mntopts freq passno"; '#' starts a comment line;
 * blank lines; spaces inside a field written as \040 (any \ooo octal escape is decoded).
 * The last line may lack its newline. Every byte of lines we do not add or remove is kept
 * as it was: comments, odd spacing, tabs, CRs, unknown fields.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "swap/fstab.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* Copy one field from *p (up to END) into OUT, decoding \ooo. Returns false when truncated. */
static bool take_field(const char **p, const char *end, char *out, size_t outsz)
{
	const char *s = *p;
	size_t n = 0;
	bool ok = true;

	while (s < end && is_blank(*s))
		s++;
	while (s < end && !is_blank(*s)) {
		char c = *s++;

		if (c == '\\' && end - s >= 3 && is_octal(s[0]) && is_octal(s[1]) && is_octal(s[2])) {
			c = (char)(((s[0] - '0') << 6) | ((s[1] - '0') << 3) | (s[2] - '0'));
			s += 3;
		}
		if (n + 1 < outsz)
			out[n++] = c;
		else
			ok = false;
	}
	out[n] = '\0';
	*p = s;
	return ok;
}

int oomt_fstab_next(const char *buf, size_t len, size_t *pos, struct oomt_fstab_entry *e)
{
	while (*pos < len) {
		const char *line = buf + *pos;
		const char *nl = memchr(line, '\n', len - *pos);
		const char *end = nl ? nl : buf + len;
		const char *p = line;
		bool ok;

		*pos = (size_t)(end - buf) + (nl ? 1 : 0);
		while (p < end && (is_blank(*p) || *p == '\r'))
			p++;
		if (p == end || *p == '#')
			continue;
		e->line_off = (size_t)(line - buf);
		e->line_len = (size_t)(end - line);
		ok = take_field(&p, end, e->spec, sizeof(e->spec));
		ok &= take_field(&p, end, e->file, sizeof(e->file));
		ok &= take_field(&p, end, e->type, sizeof(e->type));
		ok &= take_field(&p, end, e->opts, sizeof(e->opts));
		e->truncated = !ok;
		/* a CRLF file: the \r belongs to the last field read */
		for (char *f = e->opts; *f; f++)
			if (*f == '\r')
				*f = '\0';
		for (char *f = e->type; *f; f++)
			if (*f == '\r')
				*f = '\0';
		return 0;
	}
	return 1;
}

bool oomt_fstab_find_swap(const char *buf, size_t len, const char *path,
                          struct oomt_fstab_entry *ret)
{
	size_t pos = 0;

	while (oomt_fstab_next(buf, len, &pos, ret) == 0)
		if (!ret->truncated && strcmp(ret->type, "swap") == 0 && strcmp(ret->spec, path) == 0)
			return true;
	return false;
}

int oomt_fstab_escape(const char *in, char *out, size_t outsz)
{
	size_t n = 0;

	for (; *in; in++) {
		unsigned char c = (unsigned char)*in;
		bool esc = c == ' ' || c == '\t' || c == '\n' || c == '\\';

		if (n + (esc ? 4 : 1) + 1 > outsz)
			return -ENAMETOOLONG;
		if (esc)
			n += (size_t)snprintf(out + n, outsz - n, "\\%03o", c);
		else
			out[n++] = (char)c;
	}
	if (n >= outsz)
		return -ENAMETOOLONG;
	out[n] = '\0';
	return 0;
}

int oomt_fstab_add_swap(const char *buf, size_t len, const char *path, int priority,
                        char **ret, size_t *ret_len)
{
	struct oomt_fstab_entry e;
	char esc[OOMT_SWAP_PATH_MAX * 4], line[OOMT_SWAP_PATH_MAX * 4 + 64];
	bool need_nl = len > 0 && buf[len - 1] != '\n';
	size_t llen;
	char *out;
	int r;

	if (oomt_fstab_find_swap(buf, len, path, &e))
		return -EEXIST;
	r = oomt_fstab_escape(path, esc, sizeof(esc));
	if (r < 0)
		return r;
	if (priority >= 0)
		snprintf(line, sizeof(line), "%s none swap sw,pri=%d 0 0\n", esc, priority);
	else
		snprintf(line, sizeof(line), "%s none swap sw 0 0\n", esc);
	llen = strlen(line);
	out = malloc(len + need_nl + llen + 1);
	if (!out)
		return -ENOMEM;
	if (len)
		memcpy(out, buf, len);
	if (need_nl)
		out[len] = '\n';
	memcpy(out + len + need_nl, line, llen + 1);
	*ret = out;
	*ret_len = len + need_nl + llen;
	return 0;
}

int oomt_fstab_remove_swap(const char *buf, size_t len, const char *path, char **ret,
                           size_t *ret_len, size_t *removed)
{
	struct oomt_fstab_entry e;
	size_t pos = 0, copied = 0, n = 0, count = 0;
	char *out = malloc(len + 1);

	if (!out)
		return -ENOMEM;
	while (oomt_fstab_next(buf, len, &pos, &e) == 0) {
		size_t end;

		if (e.truncated || strcmp(e.type, "swap") != 0 || strcmp(e.spec, path) != 0)
			continue;
		/* keep everything before this line, drop the line and its newline */
		memcpy(out + n, buf + copied, e.line_off - copied);
		n += e.line_off - copied;
		end = e.line_off + e.line_len;
		copied = end < len ? end + 1 : end;
		count++;
	}
	memcpy(out + n, buf + copied, len - copied);
	n += len - copied;
	out[n] = '\0';
	*ret = out;
	*ret_len = n;
	*removed = count;
	return 0;
}
