/* SPDX-License-Identifier: MIT */
/* Read a log through oomt_source with the prefilter (the incident parser's needles) on or
 * off and count records; prints MB/s. Used by source-scan.sh. Usage: source-scan FILE on|off */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "source/source.h"
#include "event/prefilter.h"
#include "source/prefilter.h"

int main(int argc, char **argv)
{
	struct oomt_source_opts o = { 0 };
	struct oomt_source *s;
	struct oomt_record r;
	struct timespec a, b;
	struct stat st;
	unsigned long long n = 0;
	int k;

	if (argc != 3 || stat(argv[1], &st) < 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	if ((k = oomt_source_open_file(argv[1], &o, &s)) < 0 ||
	    (k = oomt_source_set_prefilter(s, oomt_parser_prefilter)) < 0)
		return 3;
	oomt_source_set_filter(s, strcmp(argv[2], "on") == 0);
	while ((k = oomt_source_next(s, &r)) == 0)
		n++;
	oomt_source_free(s);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	printf("filter %-3s records %llu  %.3f s  %.0f MB/s\n", argv[2], n, t,
	       (double)st.st_size / 1e6 / t);
	return k < 0;
}
