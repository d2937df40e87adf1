/* SPDX-License-Identifier: MIT */
/* LD_PRELOAD helper of bench/watch.sh: counts the calls to the allocator made after the
 * first 5 seconds (the start-up) and writes the count to standard error when the process
 * exits. glibc only (its __libc_* entry points). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define STARTUP_SEC 5

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

static atomic_ulong calls;
static atomic_long start_sec;

static void count(void)
{
	struct timespec ts;
	long zero = 0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (atomic_compare_exchange_strong(&start_sec, &zero, (long)ts.tv_sec))
		return;
	if (ts.tv_sec - atomic_load(&start_sec) >= STARTUP_SEC)
		calls++;
}

void *malloc(size_t size)
{
	count();
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	count();
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	count();
	return __libc_realloc(p, size);
}

__attribute__((destructor)) static void report(void)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "allocations: %lu\n", (unsigned long)calls);

	if (write(2, buf, (size_t)n) < 0) {
		/* nothing to do */
	}
}
