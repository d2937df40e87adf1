/* SPDX-License-Identifier: MIT */
/* Wu-Manber multi-pattern search, block size 2 (see needles.h for why not memmem). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "source/needles.h"

#define GRAMS 65536
#define NONE UINT16_MAX

struct oomt_needles {
	size_t m;                  /* shortest needle length (>= 2), else 0 = naive mode */
	size_t count;
	const char **needle;
	size_t *len;
	uint16_t *next;            /* chain of needles sharing the same final gram */
	uint16_t head[GRAMS];
	uint8_t shift[GRAMS];
};

static unsigned gram(const char *p)
{
	return (unsigned)(unsigned char)p[0] | (unsigned)(unsigned char)p[1] << 8;
}

int oomt_needles_new(const char *const *needles, struct oomt_needles **ret)
{
	struct oomt_needles *n;
	size_t count = 0, m = SIZE_MAX;

	for (size_t i = 0; needles && needles[i]; i++)
		if (needles[i][0]) {
			count++;
			if (strlen(needles[i]) < m)
				m = strlen(needles[i]);
		}
	if (count == 0 || count >= NONE)
		return -EINVAL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->needle = calloc(count, sizeof(*n->needle));
	n->len = calloc(count, sizeof(*n->len));
	n->next = calloc(count, sizeof(*n->next));
	if (!n->needle || !n->len || !n->next) {
		oomt_needles_free(n);
		return -ENOMEM;
	}
	n->m = m >= 2 ? (m > 255 ? 255 : m) : 0;
	for (size_t g = 0; g < GRAMS; g++) {
		n->shift[g] = (uint8_t)(n->m ? n->m - 1 : 0);
		n->head[g] = NONE;
	}
	for (size_t i = 0, k = 0; needles[i]; i++) {
		if (!needles[i][0])
			continue;
		n->needle[k] = needles[i];
		n->len[k] = strlen(needles[i]);
		if (n->m) {
			for (size_t j = 0; j + 2 <= n->m; j++) {
				unsigned g = gram(needles[i] + j);
				size_t s = n->m - 2 - j;

				if (s < n->shift[g])
					n->shift[g] = (uint8_t)s;
			}
			unsigned g = gram(needles[i] + n->m - 2);
			n->next[k] = n->head[g];
			n->head[g] = (uint16_t)k;
		}
		k++;
	}
	n->count = count;
	*ret = n;
	return 0;
}

void oomt_needles_free(struct oomt_needles *n)
{
	if (!n)
		return;
	free(n->needle);
	free(n->len);
	free(n->next);
	free(n);
}

/* One-byte needles make skipping impossible: fall back to memmem per needle. */
static const char *find_naive(const struct oomt_needles *n, const char *buf, size_t len)
{
	const char *best = NULL;

	for (size_t k = 0; k < n->count; k++) {
		const char *p = memmem(buf, best ? (size_t)(best - buf) + n->len[k] : len,
		                       n->needle[k], n->len[k]);

		if (p && (!best || p < best))
			best = p;
	}
	return best;
}

const char *oomt_needles_find(const struct oomt_needles *n, const char *buf, size_t len)
{
	size_t m = n->m, pos;

	if (m == 0)
		return find_naive(n, buf, len);
	if (len < m)
		return NULL;
	pos = m - 1;
	while (pos < len) {
		unsigned g = gram(buf + pos - 1);
		size_t s = n->shift[g];

		if (s) {
			pos += s;
			continue;
		}
		const char *start = buf + pos + 1 - m;
		for (uint16_t k = n->head[g]; k != NONE; k = n->next[k])
			if ((size_t)(start - buf) + n->len[k] <= len &&
			    memcmp(start, n->needle[k], n->len[k]) == 0)
				return start;
		pos++;
	}
	return NULL;
}
