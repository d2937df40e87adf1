/* SPDX-License-Identifier: MIT */
/* The one size parser (see format.h for the accepted text). */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <oomtool/format.h>

/* Multiplier for the suffix at S, or 0 when it is not a size suffix. */
static uint64_t suffix_multiplier(const char *s)
{
	static const char letters[] = "KMGTPE";
	const char *l;
	uint64_t base, m = 1;
	int power;

	if (*s == '\0')
		return 1;
	if ((*s == 'b' || *s == 'B') && s[1] == '\0')
		return 1;
	l = strchr(letters, toupper((unsigned char)*s));
	if (!l || *s == '\0')
		return 0;
	power = (int)(l - letters) + 1;
	s++;
	if (*s == '\0' || strcasecmp(s, "iB") == 0)
		base = 1024;
	else if (strcasecmp(s, "B") == 0)
		base = 1000;
	else
		return 0;
	while (power-- > 0)
		m *= base;
	return m;
}

int oomt_parse_size(const char *text, uint64_t *ret)
{
	const char *p = text;
	uint64_t whole = 0, mult, frac_num = 0, frac_den = 1;
	unsigned __int128 total;

	if (!text || !isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		whole = whole * 10 + (uint64_t)(*p - '0');
		if (whole > INT64_MAX)
			return -ERANGE;
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		for (; isdigit((unsigned char)*p); p++) {
			/* digits beyond 18 cannot change a byte count below 2^63 by a whole byte
			 * once multiplied by at most 2^60: ignore them rather than overflow. */
			if (frac_den < 1000000000000000000ULL) {
				frac_num = frac_num * 10 + (uint64_t)(*p - '0');
				frac_den *= 10;
			}
		}
	}
	mult = suffix_multiplier(p);
	if (mult == 0)
		return -EINVAL;
	total = (unsigned __int128)whole * mult +
	        (unsigned __int128)frac_num * mult / frac_den;
	if (total > INT64_MAX)
		return -ERANGE;
	*ret = (uint64_t)total;
	return 0;
}
