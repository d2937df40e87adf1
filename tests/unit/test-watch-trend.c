/* SPDX-License-Identifier: MIT */
/* The watcher's trend fit on synthetic series: a leak is found and measured, a step, a GC
 * sawtooth, a plateau and noise are not taken for one. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "watch/trend.h"

#define MIB (1024.0 * 1024.0)
#define N 60

static double scratch[OOMT_TREND_SCRATCH(OOMT_TREND_POINTS_MAX)];
static double t[OOMT_TREND_POINTS_MAX], y[OOMT_TREND_POINTS_MAX];

/* A reproducible normal deviate (xorshift64 + Box-Muller). */
static uint64_t rng_state = 88172645463325252ULL;

static double uniform(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return ((double)(rng_state >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(void)
{
	return sqrt(-2.0 * log(uniform())) * cos(2.0 * M_PI * uniform());
}

static void times(size_t n, double interval)
{
	for (size_t i = 0; i < n; i++)
		t[i] = (double)i * interval;
}

static struct oomt_trend_fit fit(size_t n)
{
	struct oomt_trend_fit f;

	assert_int_equal(oomt_trend_fit(t, y, n, scratch, OOMT_TREND_SCRATCH(n), &f), 0);
	return f;
}

/* What the watcher would act on: a confident rise. */
static bool rising(const struct oomt_trend_fit *f)
{
	return !f->flat && f->slope > 0 && f->confidence >= 0.5;
}

static void test_linear(void **state)
{
	(void)state;
	times(N, 2.0);
	for (size_t i = 0; i < N; i++)
		y[i] = 100 * MIB + 5 * MIB * t[i] + 64 * 1024 * gauss();
	struct oomt_trend_fit f = fit(N);
	assert_true(rising(&f));
	assert_true(fabs(f.slope - 5 * MIB) < 0.02 * 5 * MIB);
	assert_true(f.confidence > 0.9);
	assert_true(fabs(f.level - y[N - 1]) < 1 * MIB);
	assert_int_equal(f.points, N);

	/* exact, and with the fewest points */
	for (size_t i = 0; i < OOMT_TREND_MIN_POINTS; i++)
		y[i] = 20 * MIB * t[i];
	f = fit(OOMT_TREND_MIN_POINTS);
	assert_true(rising(&f));
	assert_true(fabs(f.slope - 20 * MIB) < 1);
}

/* A leak that started recently in a long flat window is measured at its own rate. */
static void test_recent_onset(void **state)
{
	(void)state;
	times(N, 2.0);
	for (size_t i = 0; i < N; i++)
		y[i] = 200 * MIB + (i >= 44 ? 10 * MIB * (t[i] - t[44]) : 0) + 32 * 1024 * gauss();
	struct oomt_trend_fit f = fit(N);
	assert_true(rising(&f));
	assert_true(fabs(f.slope - 10 * MIB) < 0.1 * 10 * MIB);
	assert_true(f.points <= 16);
}

/* A burst: one step up, wherever it falls in the window, is not a leak. */
static void test_step(void **state)
{
	(void)state;
	times(N, 2.0);
	for (size_t at = 1; at < N; at++) {
		for (size_t i = 0; i < N; i++)
			y[i] = (i >= at ? 300 : 100) * MIB + 64 * 1024 * gauss();
		struct oomt_trend_fit f = fit(N);
		if (rising(&f))
			fail_msg("step at %zu taken for growth: slope %.0f confidence %.2f points %zu",
			         at, f.slope, f.confidence, f.points);
	}
}

/* A garbage collector's sawtooth on a flat baseline: steep inside each tooth, no growth. */
static void test_sawtooth_flat(void **state)
{
	(void)state;
	times(N, 2.0);
	for (size_t phase = 0; phase < 15; phase++) {
		for (size_t i = 0; i < N; i++)
			y[i] = 500 * MIB + 10 * MIB * (double)((i + phase) % 15) + 64 * 1024 * gauss();
		struct oomt_trend_fit f = fit(N);
		if (rising(&f))
			fail_msg("sawtooth phase %zu taken for growth: slope %.0f confidence %.2f "
			         "points %zu", phase, f.slope, f.confidence, f.points);
	}
}

/* A sawtooth over a leak: the leak's rate, not the teeth's. */
static void test_sawtooth_leak(void **state)
{
	(void)state;
	times(N, 2.0);
	for (size_t phase = 0; phase < 10; phase++) {
		for (size_t i = 0; i < N; i++)
			y[i] = 500 * MIB + 2 * MIB * t[i] + 4 * MIB * (double)((i + phase) % 10) +
			       64 * 1024 * gauss();
		struct oomt_trend_fit f = fit(N);
		if (!rising(&f) || fabs(f.slope - 2 * MIB) > 0.3 * 2 * MIB)
			fail_msg("sawtooth over a leak, phase %zu: slope %.2f MiB/s (leak 2) "
			         "confidence %.2f points %zu", phase, f.slope / MIB, f.confidence,
			         f.points);
	}
}

/* A process restarted (one drop), then leaks: found once the leak has 5 samples. */
static void test_leak_after_restart(void **state)
{
	(void)state;
	times(N, 2.0);
	for (size_t i = 0; i < N; i++)
		y[i] = (i < 50 ? 900 * MIB : 100 * MIB + 8 * MIB * (t[i] - t[50])) + 64 * 1024 * gauss();
	struct oomt_trend_fit f = fit(N);
	assert_true(rising(&f));
	assert_true(fabs(f.slope - 8 * MIB) < 0.1 * 8 * MIB);
	assert_true(f.points <= 10);
}

/* Growth that stopped: the plateau is not a leak any more. */
static void test_plateau(void **state)
{
	(void)state;
	times(N, 2.0);
	for (size_t i = 0; i < N; i++)
		y[i] = 100 * MIB + 4 * MIB * fmin(t[i], t[40]) + 64 * 1024 * gauss();
	struct oomt_trend_fit f = fit(N);
	assert_false(rising(&f));
}

/* Noise around a flat level, many draws: never a confident rise. */
static void test_noisy_flat(void **state)
{
	(void)state;
	times(N, 2.0);
	for (int draw = 0; draw < 2000; draw++) {
		for (size_t i = 0; i < N; i++)
			y[i] = 300 * MIB + 5 * MIB * gauss();
		struct oomt_trend_fit f = fit(N);
		if (rising(&f))
			fail_msg("noise draw %d taken for growth: slope %.0f confidence %.2f points %zu",
			         draw, f.slope, f.confidence, f.points);
	}
	/* and short windows, as right after the start */
	for (int draw = 0; draw < 2000; draw++) {
		for (size_t i = 0; i < 8; i++)
			y[i] = 300 * MIB + 5 * MIB * gauss();
		struct oomt_trend_fit f = fit(8);
		if (rising(&f) && f.confidence > 0.8)
			fail_msg("short noise draw %d: slope %.0f confidence %.2f", draw, f.slope,
			         f.confidence);
	}
}

/* A series that does not move is flat without a fit; falling memory is not rising. */
static void test_flat_and_falling(void **state)
{
	(void)state;
	times(N, 2.0);
	for (size_t i = 0; i < N; i++)
		y[i] = 300 * MIB + (double)(i % 3) * 4096;
	struct oomt_trend_fit f = fit(N);
	assert_true(f.flat);
	assert_false(rising(&f));
	for (size_t i = 0; i < N; i++)
		y[i] = 300 * MIB - 1 * MIB * t[i];
	f = fit(N);
	assert_false(rising(&f));
	assert_true(f.slope < 0);
}

static void test_limits(void **state)
{
	struct oomt_trend_fit f;

	(void)state;
	times(OOMT_TREND_POINTS_MAX, 1.0);
	assert_int_equal(oomt_trend_fit(t, y, 4, scratch, OOMT_TREND_SCRATCH(4), &f), -ENODATA);
	assert_int_equal(oomt_trend_fit(t, y, OOMT_TREND_POINTS_MAX + 1, scratch,
	                                sizeof(scratch) / sizeof(scratch[0]), &f), -EINVAL);
	assert_int_equal(oomt_trend_fit(t, y, 10, scratch, OOMT_TREND_SCRATCH(10) - 1, &f), -EINVAL);
	for (size_t i = 0; i < OOMT_TREND_POINTS_MAX; i++)
		y[i] = 1 * MIB * t[i];
	assert_int_equal(oomt_trend_fit(t, y, OOMT_TREND_POINTS_MAX, scratch,
	                                OOMT_TREND_SCRATCH(OOMT_TREND_POINTS_MAX), &f), 0);
	assert_true(fabs(f.slope - MIB) < 1);
}

static void test_median(void **state)
{
	double a[] = { 5, 1, 4, 2, 3 }, b[] = { 4, 1, 3, 2 }, c[] = { 7, 7, 7, 1, 7, 9 };

	(void)state;
	assert_true(oomt_trend_median(a, 5) == 3);
	assert_true(oomt_trend_median(b, 4) == 2.5);
	assert_true(oomt_trend_median(c, 6) == 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_recent_onset),
		cmocka_unit_test(test_step),
		cmocka_unit_test(test_sawtooth_flat),
		cmocka_unit_test(test_sawtooth_leak),
		cmocka_unit_test(test_leak_after_restart),
		cmocka_unit_test(test_plateau),
		cmocka_unit_test(test_noisy_flat),
		cmocka_unit_test(test_flat_and_falling),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_median),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
