/* SPDX-License-Identifier: MIT */
/*
 * The prefilter's search of a large file, shared with a second CPU. A scan of a mostly
 * idle log from the page cache costs the copy of every byte into a buffer and the needle
 * search over it, then the parse of the reports found; on one thread, one after the other.
 *
 * Here the file is cut into segments (a segment holds the lines that start in its byte
 * range), searched in file order by whichever thread is free: the scout, a second thread
 * that does nothing else, and the reader, who also parses. Each search keeps the starts of
 * the segment's lines that hold a needle; the reader goes from one to the next, reading
 * only those lines and what the parser asks for after them. When the reader has nothing
 * to parse (the scout is still searching the segment it is in), it searches the next
 * segment nobody took, instead of waiting: on a log with many reports the scout searches
 * nearly all of it while the reader parses; on an idle one both search, half each. The
 * parse stays on the reader's thread, in file order: the answers are those of one reader.
 *
 * Only offsets cross between the threads, never text: a thread that filled buffers for
 * the parser was slower than one thread, the copied cache lines having to move to the
 * other CPU. Memory stays bounded: a chunk per thread, and SLOTS segments of at most
 * SLOT_HITS line starts each, taken no further than SLOTS segments ahead of the reader.
 * A search that would keep more line starts ends the segment there (the reader searches
 * the rest of it). The scout stops at data not in the page cache: a cold file is read
 * once, front to back, at the disk's speed (two places at once would make a disk seek).
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
#define SEG_MAX (1024 * 1024)       /* a segment: about 60 us of search */
#define SEG_MIN 256                 /* (tests: segments this small cross many lines) */
#define SLOTS 16                    /* segments searched ahead of the reader */
#define SLOT_HITS 512               /* line starts kept per segment (64 KiB in all) */
#define LINE_TAIL 4096              /* read past a segment for the line that crosses it */
#define SCOUT_STACK (256 * 1024)

enum slot_state { SLOT_FREE, SLOT_SEARCHING, SLOT_DONE };

struct slot {
	uint64_t seg;               /* the segment it holds */
	enum slot_state state;      /* searching: by the scout (the reader's own searches end
	                               before it looks again) */
	bool cut;                   /* the search stopped at end: the lines from there on
	                               are not searched */
	uint64_t end;               /* done: where its lines end (the next segment's first
	                               line, or the file's end), or where it was cut */
	size_t h1, taken;           /* hits[0..h1) found, the reader at taken */
	uint64_t hits[SLOT_HITS];
};

struct oomt_scout {
	pthread_t thread;
	bool running;
	pthread_mutex_t lock;
	pthread_cond_t progress;    /* for the reader: a search found more, or ended */
	pthread_cond_t room;        /* for the scout: the reader moved on, slots are free */
	bool stop;                  /* for the scout: end now */
	bool gone;                  /* the scout takes no more segments */
	bool reader_failed;         /* a read of the reader's own failed (a file cut short
	                               while read): it reads on by itself */
	bool started;               /* it took its first (or none) */
	bool reader_waits, scout_waits;
	uint64_t reader_seg;        /* the reader's segment: slots of those below are free */
	uint64_t next_claim;        /* the lowest segment nobody took */
	uint64_t searched;          /* bytes the scout searched */
	struct slot slot[SLOTS];
	/* set at the start */
	int fd;
	uint64_t from, size;        /* the reader's offset then (a line start), the end */
	uint64_t seg_size, first, last;  /* segments first..last */
	bool plain_pread;           /* the file system has no RWF_NOWAIT: memory (tmpfs) */
	size_t longest;             /* needle */
	struct oomt_needles *needles;        /* the scout's (a clone) */
	struct oomt_needles *reader_needles; /* the reader's own */
	char *buf;                  /* the scout's chunk */
	char *reader_buf;           /* the reader's, when it searches */
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

/* n bytes at off. The scout's only if the page cache holds them (RWF_NOWAIT also refuses
 * cached pages that carry the kernel's read-ahead mark: those are looked up). */
static bool read_at(struct oomt_scout *s, bool scout, char *dst, size_t n, uint64_t off)
{
	struct iovec v = { .iov_base = dst, .iov_len = n };
	ssize_t k;

	if (scout && !s->plain_pread) {
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

static uint64_t seg_start(const struct oomt_scout *s, uint64_t seg)
{
	return seg == s->first ? s->from : seg * s->seg_size;
}

static uint64_t seg_limit(const struct oomt_scout *s, uint64_t seg)
{
	uint64_t lim = (seg + 1) * s->seg_size;

	return lim < s->size ? lim : s->size;
}

static struct slot *slot_of(struct oomt_scout *s, uint64_t seg)
{
	return &s->slot[seg % SLOTS];
}

/* Whether seg's slot may take it: free, or done with a segment the reader has left. */
static bool slot_free_for(struct oomt_scout *s, uint64_t seg)
{
	struct slot *p = slot_of(s, seg);

	return p->state == SLOT_FREE || (p->state == SLOT_DONE && p->seg < s->reader_seg);
}

/* Take seg for a search (locked). */
static struct slot *claim(struct oomt_scout *s, uint64_t seg)
{
	struct slot *p = slot_of(s, seg);

	p->seg = seg;
	p->state = SLOT_SEARCHING;
	p->cut = false;
	p->end = 0;
	p->h1 = p->taken = 0;
	if (s->next_claim <= seg)
		s->next_claim = seg + 1;
	return p;
}

/* What a search has found so far; with done, its end (end: where it got, cut: whether it
 * stopped before the segment's end). */
static void publish(struct oomt_scout *s, struct slot *p, size_t k, bool done, uint64_t end,
                    bool cut)
{
	pthread_mutex_lock(&s->lock);
	p->h1 = k;
	if (done) {
		p->state = SLOT_DONE;
		p->end = end;
		p->cut = cut;
	}
	if (s->reader_waits)
		pthread_cond_signal(&s->progress);
	pthread_mutex_unlock(&s->lock);
}

/*
 * Search the lines of segment p->seg that start at `from` or after it, up to the segment's
 * limit: a chunk at a time, the lines of each that end in it; a line longer than a chunk
 * in pieces that overlap by a needle's length but one, up to its first needle. With
 * foreign, `from` is the segment's start, maybe within a line begun in an earlier one
 * (not this one's). 0 at the segment's end, or the segment is cut where the search
 * stopped: 1 with more line starts than a slot keeps, -1 at a read error (for the scout:
 * data not in the page cache, or the end of the scan).
 */
static int search(struct oomt_scout *s, struct slot *p, uint64_t from, bool foreign,
                   bool scout)
{
	struct oomt_needles *needles = scout ? s->needles : s->reader_needles;
	char *buf = scout ? s->buf : s->reader_buf;
	uint64_t lim = seg_limit(s, p->seg);
	uint64_t pos = foreign ? from - 1 : from;     /* a newline before from: a line at it */
	uint64_t line = from;         /* where the line holding pos starts */
	bool skip = foreign;          /* that line is not to search: on to its end */
	size_t k = 0;

	while (foreign ? pos < lim : line < lim) {
		size_t n = s->size - pos < SCOUT_CHUNK ? (size_t)(s->size - pos) : SCOUT_CHUNK;
		char *b = buf + pos % SCOUT_ALIGN, *e, *q = b, *nl;
		const char *m;

		if (foreign && lim - pos < n)
			n = (size_t)(lim - pos);        /* a line start before the limit, or none */
		else if (lim > pos && lim - pos + LINE_TAIL < n)
			n = (size_t)(lim - pos) + LINE_TAIL;
		if ((scout && __atomic_load_n(&s->stop, __ATOMIC_RELAXED)) ||
		    !read_at(s, scout, b, n, pos)) {
			publish(s, p, k, true, foreign ? from : line, true);
			return -1;
		}
		e = pos + n == s->size ? b + n : memrchr(b, '\n', n);
		if (!e) {
			/* a piece of a long line */
			if (!skip && oomt_needles_find(needles, b, n)) {
				if (k == SLOT_HITS) {
					publish(s, p, k, true, line, true);
					return 1;
				}
				p->hits[k++] = line;
				skip = true;
			}
			pos += skip ? n : n - (s->longest - 1);
			continue;
		}
		if (pos + n < s->size)
			e++;            /* complete lines: the rest is read again with the next */
		if (skip) {
			nl = memchr(b, '\n', (size_t)(e - b));
			q = nl ? nl + 1 : e;
			line = pos + (uint64_t)(q - b);
			skip = foreign = false;
		}
		/* the lines from the first that starts at the limit on are the next segment's */
		if (pos + (uint64_t)(e - b) > lim) {
			uint64_t at = lim - 1 > pos ? lim - 1 : pos;  /* pos: in a long line */

			if (line >= lim)
				e = q;
			else if ((nl = memchr(b + (at - pos), '\n', (size_t)(e - b) - (at - pos))))
				e = nl + 1;
		}
		while (q < e && (m = oomt_needles_find(needles, q, (size_t)(e - q)))) {
			nl = memrchr(q, '\n', (size_t)(m - q));
			if (nl)
				line = pos + (uint64_t)(nl + 1 - b);
			if (k == SLOT_HITS) {
				publish(s, p, k, true, line, true);
				return 1;
			}
			p->hits[k++] = line;
			nl = memchr(m, '\n', (size_t)(e - m));
			q = nl ? nl + 1 : e;
			line = pos + (uint64_t)(q - b);
		}
		pos += (uint64_t)(e - b);
		line = pos;
		if (scout)
			publish(s, p, k, false, 0, false);
	}
	/* an empty segment (no line starts in it) ends at its limit: nobody reads there */
	publish(s, p, k, true, foreign ? lim : line, false);
	if (scout) {
		pthread_mutex_lock(&s->lock);
		s->searched += (foreign ? lim : line) - from;
		pthread_mutex_unlock(&s->lock);
	}
	return 0;
}

/* The scout takes the lowest segment nobody took, once its slot is free, until the end. */
static void *run(void *arg)
{
	struct oomt_scout *s = arg;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		uint64_t seg = s->next_claim;
		struct slot *p;
		int r;

		if (s->stop || seg > s->last)
			break;
		if (!slot_free_for(s, seg)) {
			s->scout_waits = true;
			pthread_cond_wait(&s->room, &s->lock);
			s->scout_waits = false;
			continue;
		}
		p = claim(s, seg);
		if (!s->started) {
			s->started = true;
			pthread_cond_broadcast(&s->progress);
		}
		pthread_mutex_unlock(&s->lock);
		r = search(s, p, seg_start(s, seg), seg != s->first, true);
		pthread_mutex_lock(&s->lock);
		if (r < 0)
			break;  /* not in the page cache, or a read error: the reader reads on */
	}
	s->gone = s->started = true;
	pthread_cond_broadcast(&s->progress);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

void oomt_scout_free(struct oomt_scout *s)
{
	if (!s)
		return;
	if (s->running) {
		pthread_mutex_lock(&s->lock);
		s->stop = true;
		pthread_cond_broadcast(&s->room);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
	}
	pthread_cond_destroy(&s->room);
	pthread_cond_destroy(&s->progress);
	pthread_mutex_destroy(&s->lock);
	oomt_needles_free(s->needles);
	free(s->buf);
	free(s->reader_buf);
	free(s);
}

int oomt_scout_start(int fd, uint64_t from, uint64_t end, uint64_t part_min, bool wait,
                     struct oomt_needles *n, struct oomt_scout **ret)
{
	struct oomt_scout *s = calloc(1, sizeof(*s));
	pthread_attr_t attr;
	sigset_t all, old;
	size_t stack = SCOUT_STACK;
	int r;

	if (!s)
		return -ENOMEM;
	if (from >= end) {
		free(s);
		return -EINVAL;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->progress, NULL);
	pthread_cond_init(&s->room, NULL);
	s->fd = fd;
	s->from = from;
	s->size = end;
	s->seg_size = part_min < SEG_MIN ? SEG_MIN : part_min > SEG_MAX ? SEG_MAX : part_min;
	s->first = s->reader_seg = s->next_claim = from / s->seg_size;
	s->last = (end - 1) / s->seg_size;
	s->longest = oomt_needles_longest(n);
	s->reader_needles = n;
	r = oomt_needles_clone(n, &s->needles);
	if (r == 0 && (posix_memalign((void **)&s->buf, SCOUT_ALIGN, SCOUT_CHUNK + SCOUT_ALIGN) ||
	               posix_memalign((void **)&s->reader_buf, SCOUT_ALIGN,
	                              SCOUT_CHUNK + SCOUT_ALIGN)))
		r = -ENOMEM;
	if (r < 0) {
		oomt_scout_free(s);
		return r;
	}
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

/* The reader is in segment seg (locked): the slots below are free, the segments it went
 * past are not to search. */
static void reader_in(struct oomt_scout *s, uint64_t seg)
{
	if (seg <= s->reader_seg)
		return;
	s->reader_seg = seg;
	if (s->next_claim < seg)
		s->next_claim = seg;
	if (s->scout_waits)
		pthread_cond_signal(&s->room);
}

/* Whether seg's slot holds it. */
static bool holds(struct oomt_scout *s, uint64_t seg)
{
	struct slot *p = slot_of(s, seg);

	return p->state != SLOT_FREE && p->seg == seg;
}

bool oomt_scout_covers(struct oomt_scout *s, uint64_t at)
{
	bool covers;

	if (at >= s->size)
		return false;
	pthread_mutex_lock(&s->lock);
	reader_in(s, at / s->seg_size);
	/* the scout gone and this segment not searched: the reader searches on itself */
	covers = !s->reader_failed && (!s->gone || holds(s, at / s->seg_size));
	pthread_mutex_unlock(&s->lock);
	return covers;
}

/* The reader waits for the scout's next progress (locked). */
static void reader_wait(struct oomt_scout *s)
{
	s->reader_waits = true;
	pthread_cond_wait(&s->progress, &s->lock);
	s->reader_waits = false;
}

/* The reader searches seg from `from` itself (locked; unlocked while it searches). A cut
 * for more line starts than a slot keeps is searched on when reached; a read that failed
 * ends the sharing. */
static void reader_search(struct oomt_scout *s, uint64_t seg, uint64_t from, bool foreign)
{
	struct slot *p = claim(s, seg);
	int r;

	pthread_mutex_unlock(&s->lock);
	r = search(s, p, from, foreign, false);
	pthread_mutex_lock(&s->lock);
	if (r < 0)
		s->reader_failed = true;
}

int oomt_scout_next(struct oomt_scout *s, uint64_t at, uint64_t *ret_off)
{
	int r = 1;

	*ret_off = at;
	if (at >= s->size)
		return 1;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		uint64_t seg = at / s->seg_size, help;
		struct slot *p = slot_of(s, seg);

		if (s->reader_failed)
			break;          /* the reader reads on by itself from at */
		reader_in(s, seg);
		if (!holds(s, seg)) {
			if (p->state == SLOT_SEARCHING) {
				/* the scout is still on a segment the reader went past */
				reader_wait(s);
				continue;
			}
			reader_search(s, seg, at, false);
			continue;
		}
		while (p->taken < p->h1 && p->hits[p->taken] < at)
			p->taken++;
		if (p->taken < p->h1) {
			*ret_off = p->hits[p->taken];
			r = 0;
			break;
		}
		if (p->state == SLOT_DONE) {
			if (p->cut && at >= p->end) {
				reader_search(s, seg, at, false);   /* the rest of a cut one */
				continue;
			}
			*ret_off = p->end > at ? p->end : at;
			break;
		}
		/* the scout searches this one: rather than wait, search the next */
		help = s->next_claim;
		if (help <= s->last && slot_free_for(s, help)) {
			reader_search(s, help, seg_start(s, help), help != s->first);
			continue;
		}
		reader_wait(s);
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
