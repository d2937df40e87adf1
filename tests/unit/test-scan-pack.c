/* SPDX-License-Identifier: MIT */
/* The spool's zero-run packing (lib/scan/spool.c): every byte comes back, the packed size
 * stays within OOMT_SCAN_PACKED_MAX on the worst inputs, and packed bytes that are cut,
 * corrupt or of another size are refused, never written past the destination. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "scan/spool.h"

#define N 70000   /* more than one token's run (65535) of zeros or of literal bytes */

static unsigned char src[N], back[N + 16], packed[OOMT_SCAN_PACKED_MAX(N)];

static void round_trip(size_t n)
{
	size_t len = oomt_scan_pack_zeros(src, n, packed);

	assert_true(len <= OOMT_SCAN_PACKED_MAX(n));
	memset(back, 0xa5, sizeof(back));
	assert_int_equal(oomt_scan_unpack_zeros(packed, len, back, n), 0);
	assert_memory_equal(back, src, n);
	assert_int_equal(back[n], 0xa5);   /* nothing written past n */
}

static void test_shapes(void **state)
{
	(void)state;
	memset(src, 0, N);
	round_trip(0);
	round_trip(1);
	round_trip(N);                      /* all zeros: runs longer than a token */
	memset(src, 'x', N);
	round_trip(N);                      /* no zeros: literals longer than a token */
	for (size_t i = 0; i < N; i++)      /* runs of 7 zeros, too short to pack */
		src[i] = i % 8 == 7 ? 'y' : 0;
	round_trip(N);
	for (size_t i = 0; i < N; i++)      /* runs of 8 zeros at every offset, one byte between */
		src[i] = i % 9 == 8 ? 'z' : 0;
	round_trip(N);
	for (size_t i = 0; i < N; i++)      /* alternating */
		src[i] = (unsigned char)(i & 1);
	round_trip(N);
}

static void test_random(void **state)
{
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 200; round++) {
		size_t n = (size_t)rand_r(&seed) % N;

		for (size_t i = 0; i < n; i++)
			src[i] = rand_r(&seed) % 4 ? 0 : (unsigned char)rand_r(&seed);
		round_trip(n);
	}
}

static void test_refused(void **state)
{
	size_t len;

	(void)state;
	memset(src, 0, N);
	memcpy(src + 100, "kill", 4);
	len = oomt_scan_pack_zeros(src, 1000, packed);
	assert_int_equal(oomt_scan_unpack_zeros(packed, len, back, 999), -EIO);    /* too long */
	assert_int_equal(oomt_scan_unpack_zeros(packed, len, back, 1001), -EIO);   /* too short */
	for (size_t cut = 0; cut < len; cut++)   /* cut anywhere: a short or broken token */
		assert_int_equal(oomt_scan_unpack_zeros(packed, cut, back, 1000), -EIO);
	memset(packed, 0xff, 8);                 /* a run longer than the destination */
	assert_int_equal(oomt_scan_unpack_zeros(packed, 8, back, 1000), -EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
