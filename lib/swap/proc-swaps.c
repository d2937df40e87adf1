/* SPDX-License-Identifier: MIT */
/*
 * /proc/swaps, as mm/swapfile.c swap_show() prints it (format unchanged since Linux 2.6;
 * the header line since 2.6.x, sizes in KiB):
 *
 *   Filename				Type		Size		Used		Priority
 *   /swapfile                               file		2097148		0		-2
 *   /dev/zram0                              partition	8388604		1024		100
 *
 * The file name is escaped by seq_file_path() with " \t\n\\" as \ooo octal; a deleted file
 * ends in "\040(deleted)". Fields are separated by spaces and tabs.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "source/record.h"
#include "swap/proc-swaps.h"

#define DELETED " (deleted)"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* Next whitespace-separated token in [*p, end); NULL at the end. */
static const char *next_token(const char **p, const char *end, size_t *tlen)
{
	const char *s = *p, *t;

	while (s < end && is_space(*s))
		s++;
	if (s == end)
		return NULL;
	t = s;
	while (s < end && !is_space(*s))
		s++;
	*tlen = (size_t)(s - t);
	*p = s;
	return t;
}

static int unescape(const char *t, size_t tlen, char *out, size_t outsz)
{
	size_t n = 0;

	for (size_t i = 0; i < tlen; i++) {
		char c = t[i];

		if (c == '\\' && tlen - i > 3 && is_octal(t[i + 1]) && is_octal(t[i + 2]) &&
		    is_octal(t[i + 3])) {
			c = (char)(((t[i + 1] - '0') << 6) | ((t[i + 2] - '0') << 3) | (t[i + 3] - '0'));
			i += 3;
		}
		if (c == '\0' || n + 1 >= outsz)
			return -EINVAL;
		out[n++] = c;
	}
	out[n] = '\0';
	return 0;
}

/* A decimal integer token, optionally negative, that must fill the token. */
static int parse_decimal(const char *t, size_t tlen, bool allow_neg, int64_t *ret)
{
	int64_t v = 0;
	bool neg = false;
	size_t i = 0;

	if (tlen > 0 && t[0] == '-' && allow_neg) {
		neg = true;
		i = 1;
	}
	if (i == tlen)
		return -EINVAL;
	for (; i < tlen; i++) {
		if (t[i] < '0' || t[i] > '9')
			return -EINVAL;
		if (v > (INT64_MAX - 9) / 10)
			return -ERANGE;
		v = v * 10 + (t[i] - '0');
	}
	*ret = neg ? -v : v;
	return 0;
}

int oomt_swaps_parse_line(const char *line, size_t len, struct oomt_swap_area *ret)
{
	const char *p = line, *end = line + len, *t;
	size_t tlen, plen;
	int64_t size_kib, used_kib, prio;

	t = next_token(&p, end, &tlen);
	if (!t)
		return -EINVAL;
	if (tlen == 8 && memcmp(t, "Filename", 8) == 0)
		return 1;
	if (unescape(t, tlen, ret->path, sizeof(ret->path)) < 0 || ret->path[0] != '/')
		return -EINVAL;
	plen = strlen(ret->path);
	ret->deleted = plen > strlen(DELETED) &&
	               strcmp(ret->path + plen - strlen(DELETED), DELETED) == 0;
	if (ret->deleted)
		ret->path[plen - strlen(DELETED)] = '\0';
	t = next_token(&p, end, &tlen);
	if (!t)
		return -EINVAL;
	if (tlen == 4 && memcmp(t, "file", 4) == 0)
		ret->kind = OOMT_SWAP_AREA_FILE;
	else if (tlen == 9 && memcmp(t, "partition", 9) == 0)
		ret->kind = strncmp(ret->path, "/dev/zram", 9) == 0 ? OOMT_SWAP_AREA_ZRAM
		                                                     : OOMT_SWAP_AREA_PARTITION;
	else
		return -EINVAL;
	t = next_token(&p, end, &tlen);
	if (!t || parse_decimal(t, tlen, false, &size_kib) < 0 || size_kib > INT64_MAX / 1024)
		return -EINVAL;
	t = next_token(&p, end, &tlen);
	if (!t || parse_decimal(t, tlen, false, &used_kib) < 0 || used_kib > INT64_MAX / 1024)
		return -EINVAL;
	t = next_token(&p, end, &tlen);
	if (!t || parse_decimal(t, tlen, true, &prio) < 0 || prio < INT32_MIN || prio > INT32_MAX)
		return -EINVAL;
	if (next_token(&p, end, &tlen))
		return -EINVAL;
	ret->size_bytes = size_kib * 1024;
	ret->used_bytes = used_kib * 1024;
	ret->priority = (int)prio;
	return 0;
}

static void areas_add_line(const char *line, size_t len, struct oomt_swap_areas *a)
{
	struct oomt_swap_area *slot;
	int r;

	if (a->n >= OOMT_SWAP_MAX_AREAS) {
		a->skipped++;
		return;
	}
	slot = &a->area[a->n];
	r = oomt_swaps_parse_line(line, len, slot);
	if (r == 0)
		a->n++;
	else if (r < 0)
		a->skipped++;
}

static bool is_blank_line(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_space(s[i]))
			return false;
	return true;
}

void oomt_swaps_parse(const char *buf, size_t len, struct oomt_swap_areas *ret)
{
	size_t pos = 0;

	ret->n = 0;
	ret->skipped = 0;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - (buf + pos)) : len - pos;

		if (!is_blank_line(buf + pos, llen))
			areas_add_line(buf + pos, llen, ret);
		pos += llen + (nl ? 1 : 0);
	}
}

int oomt_swaps_read(const char *file, struct oomt_swap_areas *ret)
{
	/* A line holds a path of at most PATH_MAX bytes, each escaped to at most 4: longer
	 * lines cannot be valid and are skipped and counted. */
	char line[OOMT_SWAP_PATH_MAX * 4 + 128];
	bool skipping = false;
	FILE *f = fopen(file, "re");
	int r = 0;

	if (!f)
		return -errno;
	ret->n = 0;
	ret->skipped = 0;
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		bool whole = len > 0 && line[len - 1] == '\n';

		if (skipping) {
			skipping = !whole;
			continue;
		}
		if (!whole && !feof(f)) {
			ret->skipped++;
			skipping = true;
			continue;
		}
		if (!is_blank_line(line, len))
			areas_add_line(line, len, ret);
	}
	if (ferror(f))
		r = -EIO;
	fclose(f);
	return r;
}

const struct oomt_swap_area *oomt_swaps_find(const struct oomt_swap_areas *a, const char *path)
{
	for (size_t i = 0; i < a->n; i++)
		if (!a->area[i].deleted && strcmp(a->area[i].path, path) == 0)
			return &a->area[i];
	return NULL;
}
