/* SPDX-License-Identifier: MIT */
/* The prefilter's multi-needle search against a naive leftmost-match reference. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "source/needles.h"

static const char *naive(const char *const *needles, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		for (size_t k = 0; needles[k]; k++) {
			size_t l = strlen(needles[k]);

			if (l && i + l <= len && memcmp(buf + i, needles[k], l) == 0)
				return buf + i;
		}
	return NULL;
}

static void check(const char *const *needles, const char *buf, size_t len)
{
	struct oomt_needles *n;
	const char *want = naive(needles, buf, len);

	assert_int_equal(oomt_needles_new(needles, &n), 0);
	assert_ptr_equal(oomt_needles_find(n, buf, len), want);
	assert_ptr_equal(oomt_needles_find_portable(n, buf, len), want);
	/* every implementation this CPU runs (AVX-512, AVX2, portable) */
	for (int impl = OOMT_NEEDLES_PORTABLE; impl <= OOMT_NEEDLES_AVX512; impl++)
		assert_ptr_equal(oomt_needles_find_impl(n, (enum oomt_needles_impl)impl, buf, len), want);
	oomt_needles_free(n);
}

static void test_basic(void **state)
{
	(void)state;
	static const char *const a[] = { "Killed process", "invoked oom-killer", "oom", NULL };
	static const char *const one[] = { "x", "Killed", NULL };
	static const char *const none[] = { "", NULL };
	static const char text[] =
		"Jul  6 12:34:56 host kernel: [ 1.0] python3 invoked oom-killer: gfp_mask=0\n"
		"Jul  6 12:34:56 host kernel: Killed process 1 (a)\n";
	struct oomt_needles *n;

	check(a, text, sizeof(text) - 1);
	check(a, text + 60, sizeof(text) - 61);
	check(a, "no match here at all, not one", 29);
	check(a, "", 0);
	check(a, "oo", 2);
	check(one, text, sizeof(text) - 1);
	assert_int_equal(oomt_needles_new(none, &n), -22);
}

/* Random haystacks over a small alphabet, so that near-misses are common. */
static void test_random(void **state)
{
	(void)state;
	static const char alpha[] = "oomkil ledpr\nsK";
	char hay[300], pool[8][12];
	const char *needles[9];
	unsigned s = 7;

	for (int round = 0; round < 3000; round++) {
		size_t nn = 1 + round % 8, len;

		for (size_t k = 0; k < nn; k++) {
			/* shortest 4, 3 or 2: the 4- and 3-byte fingerprint scans and Wu-Manber */
			size_t l = (size_t)(4 - round % 3) + (s = s * 1103515245 + 12345) % 8;

			for (size_t i = 0; i < l; i++)
				pool[k][i] = alpha[((s = s * 1103515245 + 12345) >> 16) % 15];
			pool[k][l] = '\0';
			needles[k] = pool[k];
		}
		needles[nn] = NULL;
		len = (s = s * 1103515245 + 12345) % sizeof(hay);
		for (size_t i = 0; i < len; i++)
			hay[i] = alpha[((s = s * 1103515245 + 12345) >> 16) % 15];
		/* plant a needle now and then, anywhere, including the very end */
		if (round % 3 == 0 && len > 12) {
			size_t k = round % nn, l = strlen(needles[k]);
			size_t at = (s >> 8) % (len - l + 1);

			memcpy(hay + at, needles[k], l);
		}
		/* exact-size copy: any overread shows under ASan */
		char *copy = malloc(len ? len : 1);
		memcpy(copy, hay, len);
		check(needles, copy, len);
		free(copy);
	}
}

/* Long haystacks (the 128-byte steps and the masked tail of the AVX-512 scan), the real
 * needle list, bytes >= 0x80 that share their low 7 bits with a needle's ('K' | 0x80), and
 * matches whose fingerprint lies after another needle's start. */
static void test_long(void **state)
{
	(void)state;
	static const char *const needles[] = {
		"invoked oom-killer", "Killed process", "ill process ", "oom-kill:", "oom_reaper",
		"Task in ", "Memory cgroup stats", " tgid total_vm", "callbacks suppressed",
		"sending SIG", "oomd", " due to memory ", "the victim", "Victim status", NULL,
	};
	static const char alpha[] = "oomkilledpr K\xcb\xeb\xef\xe4\n-:_ vtsg";
	char *hay = malloc(6000);
	unsigned s = 11;

	assert_non_null(hay);
	for (int round = 0; round < 2000; round++) {
		size_t len = (s = s * 1103515245 + 12345) % 6000;

		for (size_t i = 0; i < len; i++)
			hay[i] = alpha[((s = s * 1103515245 + 12345) >> 16) % (sizeof(alpha) - 1)];
		for (int plant = round % 4; plant > 0 && len > 40; plant--) {
			const char *nd = needles[(s = s * 1103515245 + 12345) % 14];
			size_t l = strlen(nd), at = (s >> 8) % (len - l + 1);

			memcpy(hay + at, nd, l);
		}
		char *copy = malloc(len ? len : 1);
		memcpy(copy, hay, len);
		check(needles, copy, len);
		/* every suffix length near the end: the tail masks */
		for (size_t cut = 0; cut < 70 && cut <= len; cut += 7)
			check(needles, copy + cut, len - cut);
		free(copy);
	}
	free(hay);
}

/* A fingerprint that is a common word of the text ("ctiv" of "corrective action" in
 * systemd's "Deactivated successfully") moves; the answers stay the naive ones, before,
 * while and after it moves, with the default pace and with one that moves at every false
 * candidate. */
static void test_adapt(void **state)
{
	(void)state;
	static const char *const needles[] = {
		"corrective action", "Killed process", "invoked oom-killer", "oomd", NULL,
	};
	static const char line[] = "Jan  1 00:00:00 h systemd[1]: x.service: Deactivated successfully.\n";
	size_t len = 3u << 20, step = sizeof(line) - 1;
	char *hay = malloc(len);
	struct oomt_needles *n;

	assert_non_null(hay);
	for (size_t i = 0; i + step <= len; i += step)
		memcpy(hay + i, line, step);
	memset(hay + len - len % step, '.', len % step);
	memcpy(hay + len / 2, "Killed process", 14);
	memcpy(hay + len - 40, "corrective action", 17);
	for (int pace = 0; pace < 2; pace++) {
		assert_int_equal(oomt_needles_new(needles, &n), 0);
		if (pace)
			oomt_needles_adapt_every(n, 1, 1);
		for (int round = 0; round < 2; round++) {
			/* in pieces, as the text source searches its buffer */
			for (size_t at = 0; at < len; at += 256 * 1024) {
				size_t l = len - at < 256 * 1024 ? len - at : 256 * 1024;

				assert_ptr_equal(oomt_needles_find(n, hay + at, l),
				                 naive(needles, hay + at, l));
			}
			assert_ptr_equal(oomt_needles_find(n, hay, len), hay + len / 2);
			assert_ptr_equal(oomt_needles_find(n, hay + len / 2 + 1, len / 2 - 1),
			                 hay + len - 40);
		}
		oomt_needles_free(n);
	}
	free(hay);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_adapt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
