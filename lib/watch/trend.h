/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_WATCH_TREND_H
#define OOMTOOL_WATCH_TREND_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The trend of a memory series: how fast it grows now, and how sure that is (trend.c says
 * why it is fitted the way it is). Pure: no I/O, no allocation (the caller lends scratch).
 */

#define OOMT_TREND_POINTS_MAX 128   /* samples a fit looks at, at most */
#define OOMT_TREND_MIN_POINTS 5     /* fewer: no trend yet */
/* A range smaller than this over the whole window is flat: no fit is made (it saves the
 * idle scopes' CPU). 64 KiB: 16 pages, far below any growth that matters. */
#define OOMT_TREND_FLAT_BYTES 65536.0
/* doubles of scratch a fit of n points needs */
#define OOMT_TREND_SCRATCH(n) ((n) * ((n) - 1) / 2 + 2 * (n))

struct oomt_trend_fit {
	double slope;          /* bytes per second (negative: falling) */
	double level;          /* the fitted value at the last sample */
	double confidence;     /* 0..1 that a steady growth explains the points used */
	size_t points;         /* the samples of the recent stretch the fit was made on */
	double span_sec;       /* from the first of them to the last */
	bool flat;             /* the whole window moved less than OOMT_TREND_FLAT_BYTES */
};

/* Fit t_sec[0..n) (strictly increasing) against y[0..n) (oldest first). scratch holds
 * OOMT_TREND_SCRATCH(n) doubles. -EINVAL for n > OOMT_TREND_POINTS_MAX or too little scratch;
 * -ENODATA for n < OOMT_TREND_MIN_POINTS. *ret written on success only. */
int oomt_trend_fit(const double *t_sec, const double *y, size_t n, double *scratch,
                   size_t scratch_len, struct oomt_trend_fit *ret);

/* The median of a[0..n) (n >= 1), reordering a. */
double oomt_trend_median(double *a, size_t n);

#endif
