/* SPDX-License-Identifier: MIT */
/* Differential: the prefilter search (AVX-512, AVX2 and portable) against a naive scan,
 * also while its fingerprints move (oomt_needles_adapt_every). Input: up to 8 needles
 * separated by '\x01', then '\x02', then the haystack. */
#include <stdlib.h>
#include <string.h>
#include "source/needles.h"

static const char *naive(char **needles, size_t nn, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		for (size_t k = 0; k < nn; k++) {
			size_t l = strlen(needles[k]);

			if (l && i + l <= len && memcmp(buf + i, needles[k], l) == 0)
				return buf + i;
		}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sep = memchr(data, 2, size);
	char *needles[9], *spec, *hay;
	size_t nn = 0, hlen;
	struct oomt_needles *n;

	if (!sep)
		return 0;
	spec = strndup((const char *)data, (size_t)(sep - data));
	hlen = size - (size_t)(sep - data) - 1;
	hay = malloc(hlen ? hlen : 1);
	memcpy(hay, sep + 1, hlen);
	for (char *tok = strtok(spec, "\x01"); tok && nn < 8; tok = strtok(NULL, "\x01"))
		needles[nn++] = tok;
	needles[nn] = NULL;
	if (oomt_needles_new((const char *const *)needles, &n) == 0) {
		const char *want = naive(needles, nn, hay, hlen);

		if (oomt_needles_find(n, hay, hlen) != want ||
		    oomt_needles_find_portable(n, hay, hlen) != want)
			__builtin_trap();
		/* every implementation this CPU runs (AVX-512, AVX2, portable) */
		for (int impl = OOMT_NEEDLES_PORTABLE; impl <= OOMT_NEEDLES_AVX512; impl++)
			if (oomt_needles_find_impl(n, (enum oomt_needles_impl)impl, hay, hlen) != want)
				__builtin_trap();
		/* fingerprints that move after every false candidate: every suffix still gets
		 * the naive answer */
		oomt_needles_adapt_every(n, 1, 1);
		for (size_t cut = 0; cut < hlen; cut += 1 + cut / 4)
			if (oomt_needles_find(n, hay + cut, hlen - cut) !=
			    naive(needles, nn, hay + cut, hlen - cut))
				__builtin_trap();
		oomt_needles_free(n);
	}
	free(spec);
	free(hay);
	return 0;
}
