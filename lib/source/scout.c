/* SPDX-License-Identifier: MIT */
/*
 * The prefilter's search of a large file, shared with a second CPU. A scan of a mostly
 * idle log from the page cache costs the copy of every byte into our buffer and the
 * needle search over it (two thirds of the time), then the parse of the reports found,
 * all on one thread, one after the other. Here a second thread, the scout, takes a part
 * of the file ahead of the reader (the upper half of what the reader has not read), reads
 * it in its own buffer, and keeps the starts of the lines that hold a needle; then the
 * upper half of what is left below that part, and so on, while the reader searches and
 * parses from the front as it always does. In a part the reader jumps from one line the
 * scout found to the next, reading only those lines and what the parser asks for after
 * them. The halving ends where the parts would be small: the reader, who also parses,
 * searches less of the file the more there is to parse before the scout's parts. A part
 * begins a margin past where the reader searches from, beyond what it has buffered; it
 * may begin anywhere, though: the reader asks where the next part begins before each
 * search of its buffer, and stops its search there.
 *
 * Only offsets cross between the threads, never text: a thread that filled buffers for
 * the parser was slower than one thread, the copied cache lines having to move to the
 * other CPU. Memory stays bounded: one chunk, and at most SCOUT_HITS line starts. A scout
 * that would need more, or meets data not in the page cache (a cold file is read once,
 * front to back, at the disk's speed: two places at once would make a disk seek), ends
 * its part there and stops; the reader searches the rest.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <sys/uio.h>
#include <unistd.h>
#include <oomtool/system.h>
#include "source/scout.h"

#define SCOUT_CHUNK (128 * 1024)    /* read at once */
#define SCOUT_ALIGN 64              /* the copy is fastest at the file offset's alignment
                                       (reader.c: READ_ALIGN) */
#define SCOUT_HITS 8192             /* line starts kept (64 KiB) */
#define SCOUT_PARTS 64
#define LINE_LOOK 4096              /* a part begins at a line start found within this */
#define SCOUT_STACK (256 * 1024)

struct part {
	uint64_t start, end;        /* line starts (end: or the file's end) */
	size_t h0, taken, h1;       /* its line starts: hits[h0..h1), the reader at taken */
	bool complete;              /* searched to end */
};

struct oomt_scout {
	pthread_t thread;
	bool running;
	pthread_mutex_t lock;
	pthread_cond_t progress;
	bool stop, reader_waits;
	bool started;               /* the first part is taken (or none will be) */
	uint64_t reader_at;         /* where the reader searches from */
	struct part part[SCOUT_PARTS];  /* the lowest last: the reader's next */
	size_t nparts, hits_used;
	uint64_t searched;          /* bytes of the parts searched to their end */
	uint64_t hits[SCOUT_HITS];
	/* the scout thread's own */
	int fd;
	uint64_t end;
	uint64_t part_min;          /* a smaller part is not worth the scout's time */
	uint64_t margin;            /* a part begins this far past where the reader is */
	bool plain_pread;           /* the file system has no RWF_NOWAIT: memory (tmpfs) */
	struct oomt_needles *needles;
	size_t longest;             /* needle */
	char *buf;
};

/* Whether the page cache holds all of [off, off + n) (mincore on a mapping never faulted). */
static bool cached(int fd, uint64_t off, size_t n)
{
	uint64_t page = (uint64_t)oomt_page_size(), at = off - off % page;
	size_t len = (size_t)(off - at) + n, pages = (len + page - 1) / page;
	unsigned char vec[SCOUT_CHUNK / 4096 + 2];
	void *m;
	bool all = pages <= sizeof(vec);

	if (!all)
		return false;
	m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, (off_t)at);
	if (m == MAP_FAILED)
		return false;
	all = mincore(m, len, vec) == 0;
	for (size_t i = 0; all && i < pages; i++)
		all = vec[i] & 1;
	munmap(m, len);
	return all;
}

/* A file system whose files are in memory (or swap), never on a disk to seek on. */
static bool in_memory(int fd)
{
	struct statfs f;

	return fstatfs(fd, &f) == 0 && (f.f_type == TMPFS_MAGIC || f.f_type == RAMFS_MAGIC);
}

/* n bytes at off, if the page cache holds them (RWF_NOWAIT also refuses cached pages
 * that carry the kernel's read-ahead mark: those are looked up). */
static bool read_cached(struct oomt_scout *s, char *dst, size_t n, uint64_t off)
{
	struct iovec v = { .iov_base = dst, .iov_len = n };
	ssize_t k;

	if (!s->plain_pread) {
		do
			k = preadv2(s->fd, &v, 1, (off_t)off, RWF_NOWAIT);
		while (k < 0 && errno == EINTR);
		if (k == (ssize_t)n)
			return true;
		if (k < 0 && errno == EOPNOTSUPP && in_memory(s->fd))
			s->plain_pread = true;
		else if (!cached(s->fd, off, n))
			return false;
	}
	do
		k = pread(s->fd, dst, n, (off_t)off);
	while (k < 0 && errno == EINTR);
	return k == (ssize_t)n;
}

/* The first line start at or after `at` (below end), or 0 for none found near it. */
static uint64_t line_start(struct oomt_scout *s, uint64_t at, uint64_t end)
{
	size_t n = end - at + 1 < LINE_LOOK ? (size_t)(end - at + 1) : LINE_LOOK;
	const char *nl;

	if (at == 0 || !read_cached(s, s->buf, n, at - 1))
		return 0;
	nl = memchr(s->buf, '\n', n);
	return nl ? at + (uint64_t)(nl - s->buf) : 0;
}

/* The part ends at `at` (a line start it was searched to), with k line starts found
 * before it, and the scout stops. */
static void cut_part(struct oomt_scout *s, struct part *p, uint64_t at, size_t k)
{
	pthread_mutex_lock(&s->lock);
	p->end = at;
	p->h1 = s->hits_used = k;
	p->complete = true;
	s->searched += p->end - p->start;
	pthread_cond_signal(&s->progress);
	pthread_mutex_unlock(&s->lock);
}

/* What search_part() has found so far, for the reader. */
static void publish(struct oomt_scout *s, struct part *p, size_t k, bool complete)
{
	pthread_mutex_lock(&s->lock);
	p->h1 = s->hits_used = k;
	if (complete) {
		p->complete = true;
		s->searched += p->end - p->start;
	}
	if (s->reader_waits || complete)
		pthread_cond_signal(&s->progress);
	pthread_mutex_unlock(&s->lock);
}

/* Search p, a chunk at a time: the lines of each that end in it; a line longer than a
 * chunk in pieces that overlap by a needle's length but one, up to its first needle.
 * False when the scout must stop (the part cut where it got). */
static bool search_part(struct oomt_scout *s, struct part *p)
{
	uint64_t pos = p->start, end = p->end;
	uint64_t line = pos;          /* where the line holding pos starts */
	bool skip = false;            /* that line was found: on to its end */
	size_t k = p->h1;

	while (pos < end) {
		size_t n = end - pos < SCOUT_CHUNK ? (size_t)(end - pos) : SCOUT_CHUNK;
		char *b = s->buf + pos % SCOUT_ALIGN, *e, *q = b, *nl;
		const char *m;

		if (__atomic_load_n(&s->stop, __ATOMIC_RELAXED) || !read_cached(s, b, n, pos)) {
			cut_part(s, p, line, k);
			return false;
		}
		e = pos + n == end ? b + n : memrchr(b, '\n', n);
		if (!e) {
			/* a piece of a long line */
			if (!skip && oomt_needles_find(s->needles, b, n)) {
				if (k == SCOUT_HITS) {
					cut_part(s, p, line, k);
					return false;
				}
				s->hits[k++] = line;
				skip = true;
			}
			pos += skip ? n : n - (s->longest - 1);
			continue;
		}
		if (pos + n < end)
			e++;            /* complete lines: the rest is read again with the next */
		if (skip) {
			nl = memchr(b, '\n', (size_t)(e - b));
			q = nl ? nl + 1 : e;
			line = pos + (uint64_t)(q - b);
			skip = false;
		}
		while (q < e && (m = oomt_needles_find(s->needles, q, (size_t)(e - q)))) {
			nl = memrchr(q, '\n', (size_t)(m - q));
			if (nl)
				line = pos + (uint64_t)(nl + 1 - b);
			if (k == SCOUT_HITS) {
				cut_part(s, p, line, k);
				return false;
			}
			s->hits[k++] = line;
			nl = memchr(m, '\n', (size_t)(e - m));
			q = nl ? nl + 1 : e;
			line = pos + (uint64_t)(q - b);
		}
		pos += (uint64_t)(e - b);
		line = pos;
		publish(s, p, k, false);
	}
	publish(s, p, k, true);
	return true;
}

/* The next part: the upper half of what lies between the reader and `end`. */
static struct part *take_part(struct oomt_scout *s, uint64_t end)
{
	struct part *p = NULL;
	uint64_t low, start;

	pthread_mutex_lock(&s->lock);
	low = s->reader_at + s->margin;
	pthread_mutex_unlock(&s->lock);
	if (end < low || end - low < s->part_min)
		return NULL;
	start = line_start(s, low + (end - low) / 2, end);
	if (!start || start >= end)
		return NULL;
	pthread_mutex_lock(&s->lock);
	if (!s->stop && s->nparts < SCOUT_PARTS && start >= s->reader_at + s->margin) {
		p = &s->part[s->nparts++];
		*p = (struct part){ .start = start, .end = end, .h0 = s->hits_used,
		                    .taken = s->hits_used, .h1 = s->hits_used };
	}
	pthread_mutex_unlock(&s->lock);
	return p;
}

static void *run(void *arg)
{
	struct oomt_scout *s = arg;
	uint64_t end = s->end;
	struct part *p = take_part(s, end);

	pthread_mutex_lock(&s->lock);
	s->started = true;
	pthread_cond_signal(&s->progress);
	pthread_mutex_unlock(&s->lock);
	while (p && search_part(s, p)) {
		end = p->start;
		p = take_part(s, end);
	}
	return NULL;
}

void oomt_scout_free(struct oomt_scout *s)
{
	if (!s)
		return;
	if (s->running) {
		pthread_mutex_lock(&s->lock);
		s->stop = true;
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
		pthread_cond_destroy(&s->progress);
		pthread_mutex_destroy(&s->lock);
	}
	oomt_needles_free(s->needles);
	free(s->buf);
	free(s);
}

int oomt_scout_start(int fd, uint64_t from, uint64_t end, uint64_t part_min, bool wait,
                     const struct oomt_needles *n, struct oomt_scout **ret)
{
	struct oomt_scout *s = calloc(1, sizeof(*s));
	pthread_attr_t attr;
	sigset_t all, old;
	size_t stack = SCOUT_STACK;
	int r;

	if (!s)
		return -ENOMEM;
	s->fd = fd;
	s->reader_at = from;
	s->end = end;
	s->part_min = part_min;
	s->margin = part_min / 4;
	s->longest = oomt_needles_longest(n);
	r = oomt_needles_clone(n, &s->needles);
	if (r == 0 && posix_memalign((void **)&s->buf, SCOUT_ALIGN, SCOUT_CHUNK + SCOUT_ALIGN))
		r = -ENOMEM;
	if (r < 0) {
		oomt_scout_free(s);
		return r;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->progress, NULL);
	pthread_attr_init(&attr);
	if (stack < (size_t)PTHREAD_STACK_MIN)
		stack = (size_t)PTHREAD_STACK_MIN;
	pthread_attr_setstacksize(&attr, stack);
	/* signals are the reader's thread's business (Ctrl-C ends the scan there) */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = -pthread_create(&s->thread, &attr, run, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (r < 0) {
		pthread_cond_destroy(&s->progress);
		pthread_mutex_destroy(&s->lock);
		oomt_scout_free(s);
		return r;
	}
	s->running = true;
	if (wait) {
		pthread_mutex_lock(&s->lock);
		while (!s->started)
			pthread_cond_wait(&s->progress, &s->lock);
		pthread_mutex_unlock(&s->lock);
	}
	*ret = s;
	return 0;
}

/* The reader is done with the lowest part: its line starts' room is free again. */
static void drop_part(struct oomt_scout *s)
{
	s->hits_used = s->part[--s->nparts].h0;
}

uint64_t oomt_scout_ahead(struct oomt_scout *s, uint64_t at)
{
	uint64_t next = UINT64_MAX;

	pthread_mutex_lock(&s->lock);
	if (at > s->reader_at)
		s->reader_at = at;
	/* parts the reader read through (a report longer than what was left of one) */
	while (s->nparts && s->part[s->nparts - 1].complete && at >= s->part[s->nparts - 1].end)
		drop_part(s);
	if (s->nparts)
		next = s->part[s->nparts - 1].start <= at ? at : s->part[s->nparts - 1].start;
	pthread_mutex_unlock(&s->lock);
	return next;
}

int oomt_scout_next(struct oomt_scout *s, uint64_t at, uint64_t *ret_off)
{
	int r = 1;

	*ret_off = at;
	pthread_mutex_lock(&s->lock);
	while (s->nparts) {
		struct part *p = &s->part[s->nparts - 1];

		while (p->taken < p->h1 && s->hits[p->taken] < at)
			p->taken++;
		if (p->taken < p->h1) {
			*ret_off = s->hits[p->taken];
			r = 0;
			break;
		}
		if (p->complete) {
			*ret_off = p->end;
			drop_part(s);
			break;
		}
		s->reader_waits = true;
		pthread_cond_wait(&s->progress, &s->lock);
		s->reader_waits = false;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

uint64_t oomt_scout_searched(struct oomt_scout *s)
{
	uint64_t n;

	pthread_mutex_lock(&s->lock);
	n = s->searched;
	pthread_mutex_unlock(&s->lock);
	return n;
}
