/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the swap unit tests. */
#ifndef SWAP_TEST_UTIL_H
#define SWAP_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>

/* The whole fixture, NUL-terminated; aborts the test when missing. */
static inline char *read_fixture(const char *name, size_t *len)
{
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/swap/%s", TEST_FIXTURE_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		abort();
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		abort();
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#endif
