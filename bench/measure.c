/* SPDX-License-Identifier: MIT */
/*
 * Best wall time and CPU time of N runs of a command, and its peak RSS, for the bench
 * scripts: measure N LABEL CMD... prints "LABEL<TAB>wall<TAB>cpu<TAB>rss_kib".
 *
 * Peak RSS comes from wait4(). The measuring process must be tiny: the kernel keeps the
 * parent's high-water mark across fork+exec, so python3's own 10+ MiB would be the floor
 * (and GNU time may be absent). vfork: the child starts with this helper's ~1 MiB, not a
 * copy of anything big. The command's output goes to $MEASURE_OUT, a file, not /dev/null:
 * GNU grep notices /dev/null and stops at the first match.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	double best = -1, best_cpu = -1;
	long rss = 0;
	int runs;

	if (argc < 4)
		return 2;
	runs = atoi(argv[1]);
	for (int run = 0; run < runs; run++) {
		struct timespec a, b;
		struct rusage ru;
		int st;
		pid_t pid;
		double dt, cpu;

		clock_gettime(CLOCK_MONOTONIC, &a);
		pid = vfork();
		if (pid == 0) {
			const char *out = getenv("MEASURE_OUT");
			int fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);

			dup2(fd, 1);
			dup2(fd, 2);
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (!WIFEXITED(st) || WEXITSTATUS(st) == 127)
			return 1;
		dt = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		cpu = seconds(&ru.ru_utime) + seconds(&ru.ru_stime);
		if (best < 0 || dt < best)
			best = dt;
		if (best_cpu < 0 || cpu < best_cpu)
			best_cpu = cpu;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
	}
	printf("%s\t%.4f\t%.4f\t%ld\n", argv[2], best, best_cpu, rss);
	return 0;
}
