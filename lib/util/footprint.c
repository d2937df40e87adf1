/* SPDX-License-Identifier: MIT */
/*
 * A long-running loop's own footprint (oomt_process_trim_mapped_files: oomtool run's
 * supervisor, the watcher). Starting a program maps far more of its shared libraries than
 * a steady loop touches again: the kernel maps 64 KiB around every page fault on a file
 * mapping (fault-around), and libc's start-up, stdio and locale code alone leave ~1.3 MiB
 * mapped. Once the loop runs, the page-table entries of the file mappings that are read-only
 * and hold no private copy of a page (smaps "Anonymous: 0 kB": program text and constants,
 * never relocated data; shared read-only files such as glibc's gconv-modules.cache) are
 * dropped with MADV_DONTNEED. For such a mapping that only unmaps: the pages stay in the
 * page cache, shared with every process that maps them, and what the loop touches is
 * mapped again on its first access.
 *
 * /proc/self/smaps is read in 4 KiB pieces into a stack buffer; nothing is allocated.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <oomtool/system.h>

struct trim_state {
	unsigned long start, end;
	bool candidate;
};

/* The numbers are read by hand, not with strtoul(): its isspace() reads the locale's
 * character table, and under a UTF-8 locale that is a page of the locale file, which this
 * function would map back in every time it ran (64 KiB, fault-around). */
static bool parse_hex(const char **p, unsigned long *ret)
{
	const char *s = *p;
	unsigned long v = 0;

	for (;; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a') + 10;
		else
			break;
		v = v << 4 | d;
	}
	if (s == *p)
		return false;
	*ret = v;
	*p = s;
	return true;
}

/* "   0 kB" */
static bool is_zero_kb(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p[0] == '0' && (p[1] == ' ' || p[1] == '\0');
}

/* "7f6ab43ca000-7f6ab4520000 r-xp 00026000 fe:00 332835   /usr/lib/.../libc.so.6" */
static void trim_line(struct trim_state *st, const char *line)
{
	const char *p = line;
	unsigned long a, b;

	if (strncmp(line, "Anonymous:", 10) == 0) {
		if (st->candidate && is_zero_kb(line + 10))
			madvise((void *)st->start, st->end - st->start, MADV_DONTNEED);
		st->candidate = false;
		return;
	}
	if (!parse_hex(&p, &a) || *p++ != '-' || !parse_hex(&p, &b) || *p++ != ' ')
		return;   /* a "Key: value" line */
	st->start = a;
	st->end = b;
	/* r-?p or r-?s: readable, not writable; and a path (not [heap], [vdso], anon). A
	 * shared read-only mapping (glibc's gconv-modules.cache) holds no page of its own. */
	st->candidate = p[0] == 'r' && p[1] == '-' && (p[3] == 'p' || p[3] == 's') &&
	                strchr(p, '/') != NULL;
}

void oomt_process_trim_mapped_files(void)
{
	struct trim_state st = { 0, 0, false };
	char buf[4096 + 1];
	size_t have = 0;
	int fd = open("/proc/self/smaps", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		char *line = buf, *nl;

		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		while ((nl = memchr(line, '\n', have - (size_t)(line - buf)))) {
			*nl = '\0';
			trim_line(&st, line);
			line = nl + 1;
		}
		have -= (size_t)(line - buf);
		if (have == sizeof(buf) - 1)
			have = 0;   /* a line longer than the buffer (a very long path): skip it */
		memmove(buf, line, have);
	}
	close(fd);
}
