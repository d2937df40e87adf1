/* SPDX-License-Identifier: MIT */
/*
 * The trend of a memory series, for a time to OOM that a leak earns and a burst does not.
 *
 * Why this fit:
 *  - A leak is a straight line; a burst (a step), a garbage collector's sawtooth and noise
 *    are not. Least squares lets a few points (the step, a GC drop) tilt the whole line.
 *    Theil-Sen, the median of the slopes between every pair of points, ignores up to ~29%
 *    of arbitrary points and is cheap at these sizes (128 points: 8128 slopes, tens of us).
 *  - A leak that began a minute ago, in a window of several, is mostly flat history:
 *    fitted over the whole window its slope is diluted. So the fit is made on recent
 *    stretches (the whole window, then each newer stretch ~0.7 times as long, down to 5
 *    points) and the
 *    longest stretch that a steady growth explains nearly as well as the best one is kept.
 *  - The confidence of a stretch is agreement x significance:
 *      agreement: the Theil-Sen slopes of its older and newer halves both have the sign of
 *        the whole, and sqrt(min/max) of their ratio: 1 for a line; ~0 for a step (each
 *        half is flat on its own), for a plateau after growth (the newer half is flat) and
 *        for noise (the halves disagree in sign half the time);
 *      significance: z = rise / sigma * sqrt(m / 12), the rise over the stretch against the
 *        scatter around the line (sigma = 1.4826 x the median absolute residual, a robust
 *        standard deviation) scaled as a slope's standard error is for m even samples;
 *        z / (z + 3): ~0.25 for the slope chance gives noise, 0.5 at three standard
 *        errors, -> 1 for a clean leak.
 *  - A stretch shorter than the window must also break new ground: nothing before it may
 *    have been above where it starts (plus three times the noise of that history, from
 *    its second differences), and that history may not have dropped twice. A
 *    sawtooth climbs steeply inside each tooth, but over levels it reached before or right
 *    after a drop; a leak does not. Over the whole window, the drops a stretch gives back
 *    lower its agreement: a leak under a collector's sawtooth is found at the leak's rate
 *    (the teeth cancel out in the median), with less confidence.
 * Pure: no I/O; the caller lends the scratch memory.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include "watch/trend.h"

#define ACCEPT_CONFIDENCE 0.5   /* a stretch below this explains too little to be kept */
#define NEAR_BEST 0.1           /* a longer stretch wins when this close to the best */
#define SIGMA_FLOOR 4096.0      /* one page: the scatter of a perfectly clean series */
#define MAD_TO_SIGMA 1.4826     /* for normally distributed scatter */
#define MAX_STRETCHES 16        /* 128 points: 128, 89, 62, 43, 30, 21, 14, 9, 6, 5 */

/* fmin() and fmax() as C has them (a NaN loses to a number), not libm's: the watcher fits
 * every scope at every sample, and those calls alone keep pages of libm in its resident
 * set. */
static double min_d(double x, double y)
{
	if (islessequal(x, y))
		return x;
	if (isgreater(x, y))
		return y;
	return isnan(y) ? x : y;
}

static double max_d(double x, double y)
{
	if (isgreaterequal(x, y))
		return x;
	if (isless(x, y))
		return y;
	return isnan(y) ? x : y;
}

static void swap_d(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

/* Quickselect (Hoare partition, median-of-three pivot): a[k] is the k-th smallest, every
 * element before it is <= a[k], every element after it >= a[k]. */
static double select_kth(double *a, size_t n, size_t k)
{
	long lo = 0, hi = (long)n - 1, kk = (long)k;

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2, i = lo, j = hi;
		double pivot;

		if (a[mid] < a[lo])
			swap_d(&a[mid], &a[lo]);
		if (a[hi] < a[lo])
			swap_d(&a[hi], &a[lo]);
		if (a[hi] < a[mid])
			swap_d(&a[hi], &a[mid]);
		pivot = a[mid];
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				swap_d(&a[i], &a[j]);
				i++;
				j--;
			}
		}
		if (kk <= j)
			hi = j;
		else if (kk >= i)
			lo = i;
		else
			return a[kk];
	}
	return a[kk];
}

double oomt_trend_median(double *a, size_t n)
{
	double upper, lower;

	if (n == 0)
		return NAN;
	upper = select_kth(a, n, n / 2);
	if (n % 2)
		return upper;
	lower = a[0];
	for (size_t i = 1; i < n / 2; i++)
		if (a[i] > lower)
			lower = a[i];
	return (lower + upper) / 2;
}

/* Theil-Sen slope of points [first, first + m). */
static double theil_sen(const double *t, const double *y, size_t first, size_t m, double *pairs)
{
	size_t np = 0;

	for (size_t i = first; i < first + m; i++)
		for (size_t j = i + 1; j < first + m; j++)
			if (t[j] > t[i])
				pairs[np++] = (y[j] - y[i]) / (t[j] - t[i]);
	return np ? oomt_trend_median(pairs, np) : 0.0;
}

/* The noise of y[0..n) from its second differences, y[i+1] - 2 y[i] + y[i-1]: zero for
 * any straight piece, so that neither a trend nor the kink where a leak begins (nor the
 * teeth of a sawtooth, a few outliers) counts as noise; for white noise of deviation s
 * they have deviation s * sqrt(6). 1.4826 x their MAD / sqrt(6). */
static double difference_noise(const double *y, size_t n, double *tmp)
{
	double med;

	if (n < 4)
		return 0.0;
	for (size_t i = 1; i + 1 < n; i++)
		tmp[i - 1] = y[i + 1] - 2.0 * y[i] + y[i - 1];
	med = oomt_trend_median(tmp, n - 2);
	for (size_t i = 1; i + 1 < n; i++)
		tmp[i - 1] = fabs(y[i + 1] - 2.0 * y[i] + y[i - 1] - med);
	return MAD_TO_SIGMA * oomt_trend_median(tmp, n - 2) / sqrt(6.0);
}

struct stretch {
	double slope, intercept, sigma, confidence;
	size_t first, m;
};

/* The share of the stretch's climb that it gave back in drops: sum of the falls beyond
 * three times the noise, over the sum of the rises. 0 for a leak; ~1 for a sawtooth. */
static double drop_share(const double *y, size_t first, size_t n, double noise)
{
	double up = 0.0, down = 0.0;

	for (size_t i = first + 1; i < n; i++) {
		double d = y[i] - y[i - 1];

		if (d > 0)
			up += d;
		else if (-d > 3.0 * noise)
			down -= d;
	}
	return up > 0 ? min_d(down / up, 1.0) : 1.0;
}

/* Fit [first, n): slope, the line's value at t = 0, scatter, confidence. noise is the
 * whole window's (difference_noise), a floor under the scatter of a short stretch. */
static void fit_stretch(const double *t, const double *y, size_t n, size_t first, double noise,
                        double *pairs, double *tmp, struct stretch *s)
{
	size_t m = n - first, h = m / 2;
	double b, a, sigma, rise, z, b1, b2, lo, hi, agreement = 0.0;

	b = theil_sen(t, y, first, m, pairs);
	for (size_t i = 0; i < m; i++)
		tmp[i] = y[first + i] - b * t[first + i];
	a = oomt_trend_median(tmp, m);
	for (size_t i = 0; i < m; i++)
		tmp[i] = fabs(y[first + i] - a - b * t[first + i]);
	sigma = max_d(MAD_TO_SIGMA * oomt_trend_median(tmp, m), max_d(noise, SIGMA_FLOOR));
	/* the halves share the middle point: 5 points make halves of 3 and 3 */
	b1 = theil_sen(t, y, first, h + 1, pairs);
	b2 = theil_sen(t, y, first + h, m - h, pairs);
	if (b != 0.0 && b1 * b > 0 && b2 * b > 0) {
		lo = min_d(fabs(b), min_d(fabs(b1), fabs(b2)));
		hi = max_d(fabs(b), max_d(fabs(b1), fabs(b2)));
		agreement = sqrt(lo / hi);
	}
	if (b > 0)
		agreement *= sqrt(1.0 - drop_share(y, first, n, noise));
	rise = fabs(b) * (t[n - 1] - t[first]);
	z = rise / sigma * sqrt((double)m / 12.0);
	s->slope = b;
	s->intercept = a;
	s->sigma = sigma;
	s->confidence = agreement * z / (z + 3.0);
	s->first = first;
	s->m = m;
}

/* Nothing before the stretch, since the last drop, rose above where the stretch starts;
 * and what came before is not a sawtooth (two drops or more: the stretch may be one more
 * tooth). One drop is a restart or a freed cache, after which a leak may begin anew. */
static bool new_ground(const double *t, const double *y, const struct stretch *s,
                       double noise, double *tmp)
{
	double start = s->intercept + s->slope * t[s->first], before = -INFINITY, margin;
	/* successive differences of pure noise have sigma noise * sqrt(2): a drop is 5 of
	 * those (noise alone makes one in ~3 million differences) */
	double drop = -max_d(5.0 * M_SQRT2 * noise, 3.0 * SIGMA_FLOOR);
	size_t since = 0;
	unsigned drops = 0;

	if (s->first == 0)
		return true;
	for (size_t i = 1; i <= s->first; i++)
		if (y[i] - y[i - 1] < drop) {
			drops++;
			since = i;
		}
	if (drops >= 2)
		return false;
	if (since == s->first)
		return true;
	for (size_t i = since; i < s->first; i++)
		if (y[i] > before)
			before = y[i];
	margin = 3.0 * max_d(s->sigma, difference_noise(y + since, s->first - since, tmp));
	return before <= start + margin;
}

int oomt_trend_fit(const double *t_sec, const double *y, size_t n, double *scratch,
                   size_t scratch_len, struct oomt_trend_fit *ret)
{
	double lo = INFINITY, hi = -INFINITY, noise, *pairs, *tmp;
	struct stretch best = { 0 }, chosen = { 0 }, whole = { 0 }, cand[MAX_STRETCHES];
	size_t ncand = 0;
	bool have_best = false;

	if (n > OOMT_TREND_POINTS_MAX || !t_sec || !y || !scratch ||
	    scratch_len < OOMT_TREND_SCRATCH(n))
		return -EINVAL;
	if (n < OOMT_TREND_MIN_POINTS)
		return -ENODATA;
	pairs = scratch;
	tmp = scratch + n * (n - 1) / 2;
	for (size_t i = 0; i < n; i++) {
		lo = min_d(lo, y[i]);
		hi = max_d(hi, y[i]);
	}
	if (hi - lo < OOMT_TREND_FLAT_BYTES) {
		*ret = (struct oomt_trend_fit){ .slope = 0.0, .level = y[n - 1], .confidence = 0.0,
		                                .points = n, .span_sec = t_sec[n - 1] - t_sec[0],
		                                .flat = true };
		return 0;
	}
	noise = difference_noise(y, n, tmp);
	/* the whole window, then newer stretches, each ~0.7 of the last, down to 5 points */
	for (size_t m = n; ncand < MAX_STRETCHES; m = m * 7 / 10) {
		struct stretch *s;

		if (m < OOMT_TREND_MIN_POINTS) {
			if (cand[ncand - 1].m == OOMT_TREND_MIN_POINTS)
				break;
			m = OOMT_TREND_MIN_POINTS;
		}
		s = &cand[ncand++];

		fit_stretch(t_sec, y, n, n - m, noise, pairs, tmp, s);
		if (m == n)
			whole = *s;
		if (s->confidence < ACCEPT_CONFIDENCE || !new_ground(t_sec, y, s, noise, tmp))
			s->confidence = 0.0;  /* not kept */
		else if (!have_best || s->confidence > best.confidence) {
			best = *s;
			have_best = true;
		}
	}
	chosen = whole;
	if (have_best)
		for (size_t i = 0; i < ncand; i++)  /* longest first */
			if (cand[i].confidence > 0 && cand[i].confidence >= best.confidence - NEAR_BEST) {
				chosen = cand[i];
				break;
			}
	*ret = (struct oomt_trend_fit){
		.slope = chosen.slope,
		.level = chosen.intercept + chosen.slope * t_sec[n - 1],
		.confidence = chosen.confidence,
		.points = chosen.m,
		.span_sec = t_sec[n - 1] - t_sec[chosen.first],
		.flat = false,
	};
	return 0;
}
