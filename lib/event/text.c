/* SPDX-License-Identifier: MIT */
/* String helpers of the incident parser (text.h): bounded, allocation-free, locale-free. */
#include <string.h>
#include "source/record.h"
#include "event/text.h"

#define LINE_LIMIT (1u << 30)

/* Not memmem(): glibc's builds a shift table on every call, which costs more than the
 * search of a report line (a hundred bytes or so). The byte looked for is the needle's
 * first that is not a blank: blanks are everywhere in a line. */
const char *oomt_text_find(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i = 0;
	const char *p, *last;

	if (k > n)
		return NULL;
	while (i < k && needle[i] == ' ')
		i++;
	if (i == k)
		return memmem(s, n, needle, k);
	last = s + (n - k);     /* the last place the needle may start */
	for (p = s; p <= last && (p = memchr(p + i, needle[i], (size_t)(last - p) + 1)); p++) {
		p -= i;
		if (memcmp(p, needle, k) == 0)
			return p;
	}
	return NULL;
}

const char *oomt_text_rfind(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	if (k == 0 || k > n)
		return NULL;
	for (size_t i = n - k + 1; i-- > 0;)
		if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

bool oomt_text_starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

const char *oomt_text_skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

bool oomt_text_parse_int(const char **pp, const char *end, int64_t *out)
{
	const char *p = oomt_text_skip_blanks(*pp, end);
	bool neg = false;
	int64_t v = 0;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (p >= end || *p < '0' || *p > '9')
		return false;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		int d = *p - '0';

		/* saturates at INT64_MAX; the constant test spares a division per digit */
		if (v > (INT64_MAX - 9) / 10 && v > (INT64_MAX - d) / 10)
			v = INT64_MAX;
		else
			v = v * 10 + d;
	}
	*out = neg ? -v : v;
	*pp = p;
	return true;
}

bool oomt_text_parse_key_int(const char *s, size_t n, const char *key, int64_t *out)
{
	const char *k = oomt_text_find(s, n, key);

	if (!k)
		return false;
	k += strlen(key);
	return oomt_text_parse_int(&k, s + n, out);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool oomt_text_parse_size(const char **pp, const char *end, int64_t *out)
{
	const char *p = oomt_text_skip_blanks(*pp, end), *start = p;
	int64_t v;

	if (!oomt_text_parse_int(&p, end, &v) || v < 0)
		return false;
	if (p + 1 < end && *p == ',' && is_digit(p[1]) && *start == '+')
		return false;   /* "+1,234": no size a person grouped */
	/* a paste's commas, wherever it put them ("153,700,88"): between digits they do not
	 * end the number, whose digits before the first comma would be far too small */
	while (p + 1 < end && *p == ',' && is_digit(p[1]))
		for (p++; p < end && is_digit(*p); p++)
			v = v > (INT64_MAX - (*p - '0')) / 10 ? INT64_MAX : v * 10 + (*p - '0');
	*out = v;
	*pp = p;
	return true;
}

bool oomt_text_parse_key_kb(const char *s, size_t n, const char *key, int64_t *bytes)
{
	const char *k = oomt_text_find(s, n, key);
	int64_t kb;

	if (!k)
		return false;
	k += strlen(key);
	if (!oomt_text_parse_size(&k, s + n, &kb))
		return false;
	*bytes = oomt_text_kb_to_bytes(kb);
	return true;
}

void oomt_text_copy_trimmed(char *dst, size_t dstsz, const char *s, size_t n)
{
	if (n > LINE_LIMIT)
		n = 0;   /* a wrapped-around length is a caller bug: copy nothing, never overrun */
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (dstsz == 0)
		return;
	if (n >= dstsz)
		n = dstsz - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

int64_t oomt_text_kb_to_bytes(int64_t kb)
{
	if (kb == OOMT_UNKNOWN || kb > INT64_MAX / 1024 || kb < INT64_MIN / 1024 + 1)
		return OOMT_UNKNOWN;
	return kb * 1024;
}

void oomt_text_trim(const char **sp, size_t *np)
{
	const char *s = *sp;
	size_t n = *np;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*sp = s;
	*np = n;
}

/* A node list ("%*pbl": "0", "0-3", "0,2-3") or "(null)" at p: where it ends. A comma is
 * the list's own when a digit follows it, else it starts the next field. */
const char *oomt_text_nodelist_end(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && *q != ' ' && *q != '\t') {
		if (*q == ',' && !(q + 1 < end && q[1] >= '0' && q[1] <= '9'))
			break;
		q++;
	}
	return q;
}

void oomt_text_nodelist_offer(char *dst, size_t dstsz, const char *p, const char *end)
{
	const char *q = oomt_text_nodelist_end(p, end);
	size_t n = (size_t)(q - p);

	if (memmem(p, n, "...", 3) || memmem(p, n, "\xe2\x80\xa6", 3) || (n && p[n - 1] == '>'))
		return;
	oomt_text_copy_trimmed(dst, dstsz, p, n);
}

/* A path a pager or journalctl cut at the screen edge ends in '>' (less --rscroll) or an
 * ellipsis, or holds one (journalctl --no-full keeps the end of a line after "…");
 * *stem_len is the length of what precedes the mark. */
static bool path_cut(const char *p, size_t n, size_t *stem_len)
{
	const char *e = memmem(p, n, "\xe2\x80\xa6", 3);

	if (e) {
		*stem_len = (size_t)(e - p);
		return true;
	}
	if (n >= 1 && p[n - 1] == '>') {
		*stem_len = n - 1;
		return true;
	}
	if (n >= 3 && memcmp(p + n - 3, "...", 3) == 0) {
		*stem_len = n - 3;
		return true;
	}
	return false;
}

bool oomt_text_path_is_cut(const char *p)
{
	size_t stem;

	return path_cut(p, strlen(p), &stem);
}

bool oomt_text_path_uncut(char *p)
{
	size_t n = strlen(p), stem;

	if (!path_cut(p, n, &stem))
		return false;
	/* a mark inside the path (journalctl --no-full keeps both ends) shows where the gap
	 * is: it stays */
	if (p[n - 1] == '>')
		p[n - 1] = '\0';
	else if (n >= 3 && (memcmp(p + n - 3, "\xe2\x80\xa6", 3) == 0 || memcmp(p + n - 3, "...", 3) == 0))
		p[n - 3] = '\0';
	return true;
}

bool oomt_text_same_but_blanks(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, k = 0;
	bool blanks = false;

	for (;;) {
		while (i < an && (a[i] == ' ' || a[i] == '\t'))
			i++, blanks = true;
		while (k < bn && (b[k] == ' ' || b[k] == '\t'))
			k++, blanks = true;
		if (i == an || k == bn)
			return i == an && k == bn && blanks;
		if (a[i++] != b[k++])
			return false;
	}
}

void oomt_text_path_offer(char *dst, size_t dstsz, const char *s, size_t n, bool only_if_better)
{
	size_t have = strlen(dst), stem;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return;
	/* a screen wrap pasted inside one copy of the path ("...45aface       a550ff..."): the
	 * copy without blanks is the path */
	if (have && oomt_text_same_but_blanks(dst, have, s, n)) {
		if (memchr(dst, ' ', have) || memchr(dst, '\t', have))
			oomt_text_copy_trimmed(dst, dstsz, s, n);
		return;
	}
	if (have && path_cut(dst, have, &stem)) {
		/* a whole path that the cut one began: take it */
		if (!path_cut(s, n, &(size_t){ 0 }) && n > stem && memcmp(s, dst, stem) == 0) {
			oomt_text_copy_trimmed(dst, dstsz, s, n);
			return;
		}
	} else if (have && path_cut(s, n, &stem) && have >= stem && memcmp(dst, s, stem) == 0) {
		return;   /* a cut copy of the whole path we have */
	}
	if (!have || !only_if_better)
		oomt_text_copy_trimmed(dst, dstsz, s, n);
}
