/* SPDX-License-Identifier: MIT */
/*
 * Where scan-logs keeps events until it can print them newest last.
 *
 * Why a spool file: the table is sorted across sources and -J needs every task row, so all
 * events must be kept until the last source is read. A full event is ~4.6 KiB plus ~170
 * bytes per task row; a few hundred kills of a busy host hold 10-40 MiB of task tables, on a
 * machine that may be out of memory. So each event goes to an unlinked temporary file as
 * soon as the parser hands it over, and memory keeps only a 64-byte index entry per event
 * (sort key, pids for de-duplication, file offset). Rendering reads one event back at a
 * time. The file lives in $TMPDIR, else /var/tmp (disk, not tmpfs), else /tmp; only when
 * none is writable does it fall back to an anonymous memory file.
 *
 * The table without -v needs no task rows and -v only the top 5 by RSS, so task_cap keeps
 * the spool small in those modes too.
 *
 * De-duplication: a kill read from the journal, /dev/kmsg and kern.log is one incident.
 * Each entry is chained in two hash tables (victim pid, trigger pid); a new event is
 * compared (oomt_event_same) only with earlier events from other sources that share a pid,
 * so the cost stays linear in practice. On a match the richer record wins and the other
 * fills its gaps (oomt_event_merge); the merged event is appended and the entry re-pointed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "scan-logs.h"

#define SPOOL_MAGIC 0x4f4f4d53u   /* "OOMS" */
#define NIL UINT32_MAX

struct rec_hdr {
	uint32_t magic;
	uint32_t n_tasks;
};

static int open_tmp_in(const char *dir)
{
	char path[4096];
	int fd;

	if (!dir || !*dir)
		return -1;
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	/* O_TMPFILE needs filesystem support; an unlinked mkstemp file is the same thing. */
	if ((size_t)snprintf(path, sizeof(path), "%s/oomtool-spool.XXXXXX", dir) >= sizeof(path))
		return -1;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static int open_tmp(void)
{
	const char *dirs[] = { getenv("TMPDIR"), "/var/tmp", "/tmp" };
	int fd;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		fd = open_tmp_in(dirs[i]);
		if (fd >= 0)
			return fd;
	}
	fd = memfd_create("oomtool-spool", MFD_CLOEXEC);
	return fd >= 0 ? fd : -errno;
}

int sl_spool_open(struct sl_spool *s, size_t task_cap)
{
	memset(s, 0, sizeof(*s));
	s->task_cap = task_cap;
	s->fd = open_tmp();
	if (s->fd < 0)
		return s->fd;
	return 0;
}

void sl_spool_close(struct sl_spool *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->v);
	free(s->by_victim);
	free(s->by_trigger);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

static int write_all(int fd, const void *buf, size_t len, off_t off)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t w = pwrite(fd, p, len, off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		off += w;
		len -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len, off_t off)
{
	char *p = buf;

	while (len > 0) {
		ssize_t r = pread(fd, p, len, off);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return -EIO;
		p += r;
		off += r;
		len -= (size_t)r;
	}
	return 0;
}

static int64_t task_rss(const struct oomt_task *t)
{
	return t->rss_pages != OOMT_UNKNOWN ? t->rss_pages : 0;
}

static int cmp_task_rss_desc(const void *a, const void *b)
{
	int64_t x = task_rss(a), y = task_rss(b);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Appends ev with at most task_cap task rows (the largest by RSS when cut). */
static int spool_write(struct sl_spool *s, const struct oomt_event *ev, off_t *ret_off)
{
	struct rec_hdr h = { SPOOL_MAGIC, 0 };
	struct oomt_event copy = *ev;
	struct oomt_task *top = NULL;
	off_t off = s->end;
	int r;

	copy.tasks = NULL;
	h.n_tasks = (uint32_t)(ev->n_tasks < s->task_cap ? ev->n_tasks : s->task_cap);
	copy.n_tasks = h.n_tasks;
	/* The table's -v shows the largest tasks first; JSON keeps the kernel's order. */
	if (h.n_tasks > 1 && s->task_cap != SIZE_MAX) {
		top = malloc(ev->n_tasks * sizeof(*top));
		if (!top)
			return -ENOMEM;
		memcpy(top, ev->tasks, ev->n_tasks * sizeof(*top));
		qsort(top, ev->n_tasks, sizeof(*top), cmp_task_rss_desc);
	}
	r = write_all(s->fd, &h, sizeof(h), off);
	if (r == 0)
		r = write_all(s->fd, &copy, sizeof(copy), off + (off_t)sizeof(h));
	if (r == 0 && h.n_tasks)
		r = write_all(s->fd, top ? top : ev->tasks, h.n_tasks * sizeof(*ev->tasks),
		              off + (off_t)(sizeof(h) + sizeof(copy)));
	free(top);
	if (r < 0)
		return r;
	s->end = off + (off_t)(sizeof(h) + sizeof(copy) + h.n_tasks * sizeof(*ev->tasks));
	*ret_off = off;
	return 0;
}

/* Reads the event at off; with tasks=false only the fixed part (for comparisons). */
static int spool_read_at(struct sl_spool *s, off_t off, struct oomt_event *ev, bool tasks)
{
	struct rec_hdr h;
	int r;

	r = read_all(s->fd, &h, sizeof(h), off);
	if (r < 0)
		return r;
	if (h.magic != SPOOL_MAGIC)
		return -EIO;
	r = read_all(s->fd, ev, sizeof(*ev), off + (off_t)sizeof(h));
	if (r < 0)
		return r;
	ev->tasks = NULL;
	ev->n_tasks = 0;
	if (!tasks || h.n_tasks == 0)
		return 0;
	ev->tasks = malloc(h.n_tasks * sizeof(*ev->tasks));
	if (!ev->tasks)
		return -ENOMEM;
	r = read_all(s->fd, ev->tasks, h.n_tasks * sizeof(*ev->tasks),
	             off + (off_t)(sizeof(h) + sizeof(*ev)));
	if (r < 0) {
		oomt_event_done(ev);
		return r;
	}
	ev->n_tasks = h.n_tasks;
	return 0;
}

int sl_spool_read(struct sl_spool *s, size_t i, struct oomt_event *ev)
{
	if (i >= s->n)
		return -EINVAL;
	return spool_read_at(s, s->v[i].off, ev, true);
}

/* How much of a report an event holds: a complete record beats a bare kill line, a task
 * table beats none. Computed before task rows are capped. */
static uint32_t richness(const struct oomt_event *ev)
{
	uint32_t r = 0;

	if (ev->complete)
		r |= 1u << 30;
	if (ev->has_tasks)
		r |= 1u << 29;
	if (ev->has_meminfo || ev->has_memcg)
		r |= 1u << 28;
	if (ev->victim.pid != OOMT_UNKNOWN)
		r |= 1u << 27;
	if (ev->trigger.comm[0])
		r |= 1u << 26;
	if (ev->time_usec != OOMT_UNKNOWN)
		r |= 1u << 25;
	if (ev->boot_id[0])
		r |= 1u << 24;
	r |= (uint32_t)(ev->n_tasks < 0xffffff ? ev->n_tasks : 0xffffff);
	return r;
}

static size_t bucket(const struct sl_spool *s, int64_t pid)
{
	uint64_t h = (uint64_t)pid * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (s->nbuckets - 1);
}

static void link_entry(struct sl_spool *s, uint32_t i)
{
	struct sl_entry *e = &s->v[i];

	e->next_v = e->next_t = NIL;
	if (e->victim_pid != OOMT_UNKNOWN) {
		size_t b = bucket(s, e->victim_pid);
		e->next_v = s->by_victim[b];
		s->by_victim[b] = i;
	}
	if (e->trigger_pid != OOMT_UNKNOWN) {
		size_t b = bucket(s, e->trigger_pid);
		e->next_t = s->by_trigger[b];
		s->by_trigger[b] = i;
	}
}

static int grow(struct sl_spool *s)
{
	size_t nb = s->nbuckets ? s->nbuckets * 2 : 256;
	struct sl_entry *v;
	uint32_t *bv, *bt;

	if (s->n >= NIL - 1)
		return -E2BIG;
	v = realloc(s->v, nb * sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->v = v;
	s->cap = nb;
	bv = malloc(nb * sizeof(*bv));
	bt = malloc(nb * sizeof(*bt));
	if (!bv || !bt) {
		free(bv);
		free(bt);
		return -ENOMEM;
	}
	memset(bv, 0xff, nb * sizeof(*bv));
	memset(bt, 0xff, nb * sizeof(*bt));
	free(s->by_victim);
	free(s->by_trigger);
	s->by_victim = bv;
	s->by_trigger = bt;
	s->nbuckets = nb;
	for (uint32_t i = 0; i < s->n; i++)
		link_entry(s, i);
	return 0;
}

static uint64_t src_bit(unsigned src)
{
	return 1ULL << (src < 63 ? src : 63);
}

/* An earlier event of another source that oomt_event_same() calls the same kill. */
static int find_twin(struct sl_spool *s, const struct oomt_event *ev, unsigned src,
                     struct oomt_event *scratch, uint32_t *ret)
{
	for (int pass = 0; pass < 2; pass++) {
		int64_t pid = pass == 0 ? ev->victim.pid : ev->trigger.pid;
		uint32_t i;

		if (pid == OOMT_UNKNOWN)
			continue;
		i = pass == 0 ? s->by_victim[bucket(s, pid)] : s->by_trigger[bucket(s, pid)];
		for (; i != NIL; i = pass == 0 ? s->v[i].next_v : s->v[i].next_t) {
			const struct sl_entry *e = &s->v[i];
			int r;

			if (e->srcmask & src_bit(src))
				continue;
			if ((pass == 0 ? e->victim_pid : e->trigger_pid) != pid)
				continue;
			r = spool_read_at(s, e->off, scratch, false);
			if (r < 0)
				return r;
			if (oomt_event_same(scratch, ev)) {
				*ret = i;
				return 1;
			}
		}
	}
	return 0;
}

/* Fold ev into entry i: the richer record is kept and the other fills its gaps. */
static int fold(struct sl_spool *s, uint32_t i, const struct oomt_event *ev, unsigned src)
{
	struct sl_entry *e = &s->v[i];
	struct oomt_event old, *dst, *from;
	struct oomt_event *mine;
	uint32_t rich = richness(ev);
	off_t off;
	int r;

	r = spool_read_at(s, e->off, &old, true);
	if (r < 0)
		return r;
	mine = oomt_event_dup(ev);
	if (!mine) {
		oomt_event_done(&old);
		return -ENOMEM;
	}
	dst = rich > e->rich ? mine : &old;
	from = dst == mine ? &old : mine;
	oomt_event_merge(dst, from);
	r = spool_write(s, dst, &off);
	if (r == 0) {
		e->off = off;
		e->time_usec = dst->time_usec;
		e->rich = rich > e->rich ? rich : e->rich;
		e->srcmask |= src_bit(src);
		s->merged++;
	}
	oomt_event_done(&old);
	oomt_event_free(mine);
	return r;
}

int sl_spool_add(struct sl_spool *s, const struct oomt_event *ev, unsigned src)
{
	struct oomt_event *scratch;
	struct sl_entry *e;
	uint32_t twin;
	off_t off;
	int r;

	if (s->n >= s->cap) {
		r = grow(s);
		if (r < 0)
			return r;
	}
	scratch = malloc(sizeof(*scratch));
	if (!scratch)
		return -ENOMEM;
	r = find_twin(s, ev, src, scratch, &twin);
	free(scratch);
	if (r < 0)
		return r;
	if (r > 0)
		return fold(s, twin, ev, src);
	r = spool_write(s, ev, &off);
	if (r < 0)
		return r;
	e = &s->v[s->n];
	e->time_usec = ev->time_usec;
	e->victim_pid = ev->victim.pid;
	e->trigger_pid = ev->trigger.pid;
	e->off = off;
	e->srcmask = src_bit(src);
	e->rich = richness(ev);
	e->seq = (uint32_t)s->n;
	link_entry(s, (uint32_t)s->n);
	s->n++;
	return 0;
}

/* Newest last. Events without a wall-clock time (dmesg text has only uptime) come first,
 * in the order they were read, which within one log is their order in time. */
static int cmp_entry(const void *a, const void *b)
{
	const struct sl_entry *x = a, *y = b;
	bool xu = x->time_usec == OOMT_UNKNOWN, yu = y->time_usec == OOMT_UNKNOWN;

	if (xu != yu)
		return xu ? -1 : 1;
	if (!xu && x->time_usec != y->time_usec)
		return x->time_usec < y->time_usec ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : 0;
}

void sl_spool_sort(struct sl_spool *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_entry);
	/* The hash chains index by position; sorting ends de-duplication. */
	free(s->by_victim);
	free(s->by_trigger);
	s->by_victim = s->by_trigger = NULL;
	s->nbuckets = 0;
}
