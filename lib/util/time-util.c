/* SPDX-License-Identifier: MIT */
/* Calendar arithmetic and the date grammars shared by timeparse.c and the log sources. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include "util/time-util.h"

int64_t oomt_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* Era-based day count (proleptic Gregorian), valid for any year. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static bool civil_valid(const struct oomt_civil *c)
{
	return c->year >= 1900 && c->year <= 9999 && c->mon >= 1 && c->mon <= 12 &&
	       c->mday >= 1 && c->mday <= 31 && c->hour >= 0 && c->hour <= 24 &&
	       c->min >= 0 && c->min <= 59 && c->sec >= 0 && c->sec <= 60 &&
	       c->usec >= 0 && c->usec <= 999999;
}

int oomt_civil_to_usec(const struct oomt_civil *c, int64_t *ret_usec)
{
	int64_t secs;

	if (!civil_valid(c))
		return -EINVAL;
	if (c->tz_known) {
		secs = oomt_days_from_civil(c->year, (unsigned)c->mon, (unsigned)c->mday) * 86400 +
		       c->hour * 3600 + c->min * 60 + c->sec - c->tz_off_sec;
	} else {
		struct tm tm = {
			.tm_year = c->year - 1900, .tm_mon = c->mon - 1, .tm_mday = c->mday,
			.tm_hour = c->hour, .tm_min = c->min, .tm_sec = c->sec, .tm_isdst = -1,
		};
		time_t t = mktime(&tm);

		if (t == (time_t)-1 && !(c->year == 1969 && c->mon == 12 && c->mday == 31))
			return -EINVAL;
		secs = t;
	}
	*ret_usec = secs * 1000000 + c->usec;
	return 0;
}

/* Month names as they appear in `dmesg -T` and `journalctl` under common locales (glibc's
 * abmon, which %b prints, and ab_alt_mon, and the full names), plus English. Lower case;
 * matched after lower-casing (ASCII and Cyrillic) and dropping a trailing '.'.
 *   en, fr (janv. févr. mars avril mai juin juil. août sept. oct. nov. déc.),
 *   de (Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez), es (ene feb mar abr may jun jul
 *   ago sep/sept oct nov dic), it (gen feb mar apr mag giu lug ago set ott nov dic),
 *   pt (jan fev mar abr mai jun jul ago set out nov dez), nl (jan feb mrt apr mei jun jul
 *   aug sep okt nov dec), sv (maj), pl (sty lut mar kwi maj cze lip sie wrz paź lis gru),
 *   ru (янв фев мар апр мая/май июн июл авг сен окт ноя дек; capitalised before glibc
 *   2.27), uk (січ лют бер кві тра чер лип сер вер жов лис гру); zh, ja and ko ("9月",
 *   " 9月", "9월") are numbers, below. */
static const struct {
	const char *name;
	int mon;
} month_names[] = {
	{ "jan", 1 }, { "january", 1 }, { "janv", 1 }, { "janvier", 1 }, { "januar", 1 },
	{ "ene", 1 }, { "enero", 1 }, { "gen", 1 }, { "gennaio", 1 }, { "janeiro", 1 },
	{ "januari", 1 }, { "sty", 1 }, { "styczeń", 1 }, { "stycznia", 1 },
	{ "янв", 1 }, { "январь", 1 }, { "января", 1 }, { "січ", 1 },
	{ "feb", 2 }, { "february", 2 }, { "févr", 2 }, { "février", 2 }, { "februar", 2 },
	{ "febrero", 2 }, { "febbraio", 2 }, { "fev", 2 }, { "fevereiro", 2 },
	{ "februari", 2 }, { "lut", 2 }, { "luty", 2 }, { "lutego", 2 },
	{ "фев", 2 }, { "февраль", 2 }, { "февраля", 2 }, { "лют", 2 },
	{ "mar", 3 }, { "march", 3 }, { "mars", 3 }, { "mär", 3 }, { "märz", 3 }, { "marzo", 3 },
	{ "março", 3 }, { "mrt", 3 }, { "maart", 3 }, { "marzec", 3 }, { "marca", 3 },
	{ "мар", 3 }, { "март", 3 }, { "марта", 3 }, { "бер", 3 },
	{ "apr", 4 }, { "april", 4 }, { "avr", 4 }, { "avril", 4 }, { "abr", 4 }, { "abril", 4 },
	{ "aprile", 4 }, { "kwi", 4 }, { "kwiecień", 4 }, { "kwietnia", 4 },
	{ "апр", 4 }, { "апрель", 4 }, { "апреля", 4 }, { "кві", 4 },
	{ "may", 5 }, { "mai", 5 }, { "mayo", 5 }, { "mag", 5 }, { "maggio", 5 }, { "maio", 5 },
	{ "mei", 5 }, { "maj", 5 }, { "maja", 5 }, { "мая", 5 }, { "май", 5 }, { "тра", 5 },
	{ "jun", 6 }, { "june", 6 }, { "juin", 6 }, { "juni", 6 }, { "junio", 6 }, { "giu", 6 },
	{ "giugno", 6 }, { "junho", 6 }, { "cze", 6 }, { "czerwiec", 6 }, { "czerwca", 6 },
	{ "июн", 6 }, { "июнь", 6 }, { "июня", 6 }, { "чер", 6 },
	{ "jul", 7 }, { "july", 7 }, { "juil", 7 }, { "juillet", 7 }, { "juli", 7 },
	{ "julio", 7 }, { "lug", 7 }, { "luglio", 7 }, { "julho", 7 }, { "lip", 7 },
	{ "lipiec", 7 }, { "lipca", 7 }, { "июл", 7 }, { "июль", 7 }, { "июля", 7 },
	{ "лип", 7 },
	{ "aug", 8 }, { "august", 8 }, { "août", 8 }, { "ago", 8 }, { "agosto", 8 },
	{ "augustus", 8 }, { "sie", 8 }, { "sierpień", 8 }, { "sierpnia", 8 },
	{ "авг", 8 }, { "август", 8 }, { "августа", 8 }, { "сер", 8 },
	{ "sep", 9 }, { "sept", 9 }, { "september", 9 }, { "septembre", 9 },
	{ "septiembre", 9 }, { "set", 9 }, { "settembre", 9 }, { "setembro", 9 }, { "wrz", 9 },
	{ "wrzesień", 9 }, { "września", 9 }, { "сен", 9 }, { "сентябрь", 9 },
	{ "сентября", 9 }, { "вер", 9 },
	{ "oct", 10 }, { "october", 10 }, { "octobre", 10 }, { "okt", 10 }, { "oktober", 10 },
	{ "octubre", 10 }, { "ott", 10 }, { "ottobre", 10 }, { "out", 10 }, { "outubro", 10 },
	{ "paź", 10 }, { "październik", 10 }, { "października", 10 },
	{ "окт", 10 }, { "октябрь", 10 }, { "октября", 10 }, { "жов", 10 },
	{ "nov", 11 }, { "november", 11 }, { "novembre", 11 }, { "noviembre", 11 },
	{ "novembro", 11 }, { "lis", 11 }, { "listopad", 11 }, { "listopada", 11 },
	{ "ноя", 11 }, { "ноябрь", 11 }, { "ноября", 11 }, { "лис", 11 },
	{ "dec", 12 }, { "december", 12 }, { "déc", 12 }, { "décembre", 12 }, { "dez", 12 },
	{ "dezember", 12 }, { "dic", 12 }, { "diciembre", 12 }, { "dicembre", 12 },
	{ "dezembro", 12 }, { "gru", 12 }, { "grudzień", 12 }, { "grudnia", 12 },
	{ "дек", 12 }, { "декабрь", 12 }, { "декабря", 12 }, { "гру", 12 },
};

/* Lower-case s[0..len) into low: ASCII, and Cyrillic capitals U+0400-U+042F (UTF-8 D0 80-
 * D0 AF; old glibc wrote "Апр"). */
static void lower_name(const char *s, size_t len, char *low)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z') {
			low[i] = (char)(c - 'A' + 'a');
		} else if (c == 0xd0 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		           (unsigned char)s[i + 1] <= 0xaf) {
			unsigned char d = (unsigned char)s[i + 1];

			if (d >= 0x90 && d <= 0x9f) {            /* А-П -> а-п (D0 B0-BF) */
				low[i] = (char)0xd0, low[i + 1] = (char)(d + 0x20);
			} else if (d >= 0xa0) {                 /* Р-Я -> р-я (D1 80-8F) */
				low[i] = (char)0xd1, low[i + 1] = (char)(d - 0x20);
			} else {                                /* Ѐ-Џ -> ѐ-џ (D1 90-9F) */
				low[i] = (char)0xd1, low[i + 1] = (char)(d + 0x10);
			}
			i++;
		} else {
			low[i] = (char)c;
		}
	}
}

/* "9月" (zh/ja), "9월" (ko): a number followed by the month sign. */
static int month_from_cjk(const char *s, size_t len)
{
	static const char *const signs[] = { "\xe6\x9c\x88", "\xec\x9b\x94" };
	int64_t n;
	size_t d = oomt_parse_digits(s, len, 2, &n);

	if (d == 0 || n < 1 || n > 12)
		return 0;
	for (size_t i = 0; i < sizeof(signs) / sizeof(signs[0]); i++)
		if (len - d == 3 && memcmp(s + d, signs[i], 3) == 0)
			return (int)n;
	return 0;
}

int oomt_month_from_name(const char *s, size_t len)
{
	char low[32];

	static const char english[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	/* Fast path: the English abbreviation, as nearly every log writes it. */
	if (len == 3 && s[0] >= 'A' && s[0] <= 'Z')
		for (int m = 0; m < 12; m++)
			if (memcmp(english + 3 * m, s, 3) == 0)
				return m + 1;
	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len >= sizeof(low))
		return 0;
	if (s[0] >= '0' && s[0] <= '9') {
		int64_t n;

		if (oomt_parse_digits(s, len, 2, &n) == len && n >= 1 && n <= 12)
			return (int)n;
		return month_from_cjk(s, len);
	}
	lower_name(s, len, low);
	for (size_t i = 0; i < sizeof(month_names) / sizeof(month_names[0]); i++)
		if (strlen(month_names[i].name) == len && memcmp(month_names[i].name, low, len) == 0)
			return month_names[i].mon;
	return 0;
}

size_t oomt_parse_digits(const char *s, size_t len, size_t max_digits, int64_t *ret)
{
	int64_t v = 0;
	size_t i = 0;

	/* 18 digits always fit in int64_t; longer numbers are not ours to read. */
	if (max_digits > 18)
		max_digits = 18;
	while (i < len && i < max_digits && s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (i > 0)
		*ret = v;
	return i;
}

/* Two digits exactly. */
static bool two(const char *s, size_t len, size_t at, int *ret)
{
	if (at + 2 > len || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9')
		return false;
	*ret = (s[at] - '0') * 10 + (s[at + 1] - '0');
	return true;
}

/* Fraction digits after '.' or ',': keep six, ignore the rest. */
static size_t parse_fraction(const char *s, size_t len, int *usec)
{
	size_t i = 0;
	int v = 0, n = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (n < 6) {
			v = v * 10 + (s[i] - '0');
			n++;
		}
		i++;
	}
	while (n++ < 6)
		v *= 10;
	*usec = v;
	return i;
}

size_t oomt_parse_clock(const char *s, size_t len, struct oomt_civil *c, bool need_seconds)
{
	size_t i = 0;
	int64_t h;
	size_t d = oomt_parse_digits(s, len, 2, &h);

	if (d == 0 || d + 3 > len || s[d] != ':' || h > 24)
		return 0;
	i = d + 1;
	if (!two(s, len, i, &c->min) || c->min > 59)
		return 0;
	c->hour = (int)h;
	i += 2;
	c->sec = 0;
	c->usec = 0;
	if (i + 3 <= len && s[i] == ':' && two(s, len, i + 1, &c->sec)) {
		i += 3;
		if (i + 1 < len && (s[i] == '.' || s[i] == ',') && s[i + 1] >= '0' && s[i + 1] <= '9')
			i += 1 + parse_fraction(s + i + 1, len - i - 1, &c->usec);
	} else if (need_seconds) {
		return 0;
	}
	return i;
}

static size_t parse_zone(const char *s, size_t len, struct oomt_civil *c)
{
	int hh, mm = 0;
	size_t i;

	c->tz_known = false;
	c->tz_off_sec = 0;
	if (len >= 1 && (s[0] == 'Z' || s[0] == 'z')) {
		c->tz_known = true;
		return 1;
	}
	if (len < 3 || (s[0] != '+' && s[0] != '-') || !two(s, len, 1, &hh))
		return 0;
	i = 3;
	if (i < len && s[i] == ':' && two(s, len, i + 1, &mm))
		i += 3;
	else if (two(s, len, i, &mm))
		i += 2;
	if (hh > 23 || mm > 59)
		return 0;
	c->tz_known = true;
	c->tz_off_sec = (hh * 3600 + mm * 60) * (s[0] == '-' ? -1 : 1);
	return i;
}

size_t oomt_parse_iso_civil(const char *s, size_t len, bool date_only, struct oomt_civil *c)
{
	int64_t y;
	size_t i, n;

	memset(c, 0, sizeof(*c));
	if (oomt_parse_digits(s, len, 4, &y) != 4 || len < 10 || s[4] != '-' || s[7] != '-' ||
	    !two(s, len, 5, &c->mon) || !two(s, len, 8, &c->mday))
		return 0;
	if (c->mon < 1 || c->mon > 12 || c->mday < 1 || c->mday > 31)
		return 0;
	c->year = (int)y;
	i = 10;
	if (i + 1 < len && (s[i] == 'T' || s[i] == ' ') && s[i + 1] >= '0' && s[i + 1] <= '9') {
		n = oomt_parse_clock(s + i + 1, len - i - 1, c, false);
		if (n == 0)
			return date_only ? i : 0;
		i += 1 + n;
		i += parse_zone(s + i, len - i, c);
		return i;
	}
	return date_only ? i : 0;
}

int64_t oomt_clock_usec(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
