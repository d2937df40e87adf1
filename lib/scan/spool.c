/* SPDX-License-Identifier: MIT */
/*
 * Where the scan keeps incidents until every source is read and they can be handed out
 * newest last.
 *
 * Why a spool file: the incidents are sorted across sources and a JSON writer needs every
 * task row, so all incidents must be kept until the last source is read. A full incident
 * is ~12.5 KiB plus ~170 bytes per task row; a few hundred kills of a busy host hold
 * 10-40 MiB of task tables, on a machine that may be out of memory. So each incident goes
 * to an unlinked temporary file as soon as the parser hands it over, and memory keeps only
 * a 72-byte index entry per incident (sort key, pids for de-duplication, file offset, the
 * filter's verdict). Incidents are read back one at a time. The file lives in the
 * caller's temporary directory, else /var/tmp (disk, not tmpfs), else /tmp; only when none
 * is writable does it fall back to an anonymous memory file.
 *
 * A table without details needs no task rows and a summary only the largest few, so
 * task_rows keeps the spool small in those modes too. The incident itself is ~12.5 KiB of
 * fixed-size fields, mostly zeros (paths, zones, strings not printed): it is stored with
 * its zero runs packed (oomt_scan_pack_zeros), ~1-2 KiB, a fifth of the bytes to write and
 * read back. No library does that little: zlib would cost more than the write it saves.
 *
 * De-duplication: a kill read from the journal, /dev/kmsg and kern.log is one incident.
 * Each entry is chained in two hash tables (victim pid, trigger pid; systemd-oomd's kills,
 * which seldom have a pid, by 5-second steps of their wall clock: oomd_key()); a new
 * incident is compared (oomt_event_same) only with earlier ones that share a key, from
 * other sources or, from its own, with the same kernel stamp (a paste of one report in two
 * forms), so the cost stays linear in practice. On a match the richer record wins
 * (richness(): between equals the finer clock, then the first read) and the other fills
 * its gaps (oomt_event_merge); the merged incident is appended and the entry re-pointed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "scan/scan-internal.h"
#include "event/event-internal.h"

#define SPOOL_MAGIC 0x4f4f4d53u   /* "OOMS" */
#define NIL UINT32_MAX
/* trigger_key() of a systemd-oomd kill: below every unit key (-2 - 0x3fffffff), one per
 * OOMT_EVENT_PIDLESS_SAME_USEC of wall time */
#define OOMD_KEY (-0x40000002LL)
/* Records are appended through a buffer: one write per this many bytes, not three per
 * incident (the writes were a tenth of a scan of a 256 MiB log with 400 kills). */
#define WBUF_SIZE (64 * 1024)
/* Records are read back in the order they were written (the table, the JSON writer): one
 * read per this many bytes, not two per incident (they were a fourth of printing a table
 * of 400 kills). Records are never rewritten in place, so what was read stays true. */
#define RBUF_SIZE (64 * 1024)

struct rec_hdr {
	uint32_t magic;
	uint32_t n_tasks;
	uint32_t packed_len;      /* of the incident that follows; its task rows come after */
};

/* A token costs 4 bytes: only whole 8-byte words of zeros start a run, shorter runs stay in
 * the literal bytes, and the bytes are looked at a word at a time (the packing runs over
 * every incident's 12.5 KiB). */
#define WORD 8
#define TOKEN_MAX 0xffffu

static bool zero_word(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v == 0;
}

static void put16(unsigned char *p, size_t v)
{
	uint16_t u = (uint16_t)v;

	memcpy(p, &u, sizeof(u));
}

static size_t get16(const unsigned char *p)
{
	uint16_t u;

	memcpy(&u, p, sizeof(u));
	return u;
}

/* Tokens of (zeros, literal length) as two native uint16, then the literal bytes: the
 * spool is read back by the process that wrote it. Every token after the first starts
 * with a zero word, so there are at most n / 8 + 1 of them. */
size_t oomt_scan_pack_zeros(const void *src, size_t n, unsigned char *dst)
{
	const unsigned char *s = src;
	size_t i = 0, o = 0;

	while (i < n) {
		size_t z = 0, lit = 0;

		while (n - i - z >= WORD && z + WORD <= TOKEN_MAX && zero_word(s + i + z))
			z += WORD;
		while (i + z < n && z < TOKEN_MAX && s[i + z] == 0)
			z++;
		i += z;
		while (n - i - lit >= WORD && lit + WORD <= TOKEN_MAX && !zero_word(s + i + lit))
			lit += WORD;
		if (n - i - lit < WORD)   /* the tail, shorter than a word */
			lit = n - i <= TOKEN_MAX ? n - i : TOKEN_MAX;
		put16(dst + o, z);
		put16(dst + o + 2, lit);
		memcpy(dst + o + 4, s + i, lit);
		o += 4 + lit;
		i += lit;
	}
	return o;
}

int oomt_scan_unpack_zeros(const unsigned char *src, size_t len, void *dst, size_t n)
{
	unsigned char *d = dst;
	size_t i = 0, o = 0;

	while (i < len) {
		size_t z, lit;

		if (len - i < 4)
			return -EIO;
		z = get16(src + i);
		lit = get16(src + i + 2);
		i += 4;
		if (z > n - o || lit > n - o - z || lit > len - i)
			return -EIO;
		memset(d + o, 0, z);
		memcpy(d + o + z, src + i, lit);
		o += z + lit;
		i += lit;
	}
	return o == n ? 0 : -EIO;
}

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

static int open_tmp(const char *tmp_dir)
{
	const char *dirs[] = { tmp_dir, "/var/tmp", "/tmp" };
	int fd;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		fd = open_tmp_in(dirs[i]);
		if (fd >= 0)
			return fd;
	}
	fd = memfd_create("oomtool-spool", MFD_CLOEXEC);
	return fd >= 0 ? fd : -errno;
}

int oomt_scan_spool_open(struct oomt_scan_spool *sp, const char *tmp_dir,
                         const struct oomt_scan_filter *filter,
                         enum oomt_scan_task_rows task_rows, size_t task_rows_top)
{
	int r;

	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
	sp->filter = filter;
	sp->task_rows = task_rows;
	sp->task_rows_top = task_rows_top;
	sp->scratch = malloc(sizeof(*sp->scratch));
	sp->out = malloc(sizeof(*sp->out));
	sp->wbuf = malloc(WBUF_SIZE);
	sp->rbuf = malloc(RBUF_SIZE);
	sp->pack = malloc(OOMT_SCAN_PACKED_MAX(sizeof(struct oomt_event)));
	r = sp->scratch && sp->out && sp->wbuf && sp->rbuf && sp->pack ? open_tmp(tmp_dir) : -ENOMEM;
	if (r < 0) {
		oomt_scan_spool_close(sp);
		return r;
	}
	sp->fd = r;
	oomt_event_init(sp->out);
	return 0;
}

void oomt_scan_spool_close(struct oomt_scan_spool *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	free(sp->v);
	free(sp->by_victim);
	free(sp->by_trigger);
	free(sp->scratch);
	free(sp->out);
	free(sp->out_tasks);
	free(sp->wbuf);
	free(sp->rbuf);
	free(sp->pack);
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
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

/* The buffered records to the file. */
static int flush(struct oomt_scan_spool *sp)
{
	int r = 0;

	if (sp->wlen)
		r = write_all(sp->fd, sp->wbuf, sp->wlen, sp->end - (off_t)sp->wlen);
	if (r == 0)
		sp->wlen = 0;
	return r;
}

/* buf[0..len) after the last record (through the buffer). */
static int append(struct oomt_scan_spool *sp, const void *buf, size_t len)
{
	int r = 0;

	if (sp->wlen + len > WBUF_SIZE)
		r = flush(sp);
	if (r < 0)
		return r;
	if (len > WBUF_SIZE)
		r = write_all(sp->fd, buf, len, sp->end);
	else
		memcpy(sp->wbuf + sp->wlen, buf, len), sp->wlen += len;
	if (r == 0)
		sp->end += (off_t)len;
	return r;
}

static int pread_all(int fd, char *p, size_t len, off_t off)
{
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

static int read_at(struct oomt_scan_spool *sp, void *buf, size_t len, off_t off)
{
	size_t ahead;
	int e;

	/* what is still in the buffer goes out first */
	if (off + (off_t)len > sp->end - (off_t)sp->wlen && (e = flush(sp)) < 0)
		return e;
	if (off < sp->roff || off + (off_t)len > sp->roff + (off_t)sp->rlen) {
		if (len > RBUF_SIZE / 8)   /* task rows: straight to their place */
			return pread_all(sp->fd, buf, len, off);
		/* up to the buffered records, which are not in the file yet */
		ahead = (size_t)(sp->end - (off_t)sp->wlen - off);
		ahead = ahead < RBUF_SIZE ? ahead : RBUF_SIZE;
		sp->rlen = 0;
		e = pread_all(sp->fd, sp->rbuf, ahead, off);
		if (e < 0)
			return e;
		sp->roff = off;
		sp->rlen = ahead;
	}
	memcpy(buf, sp->rbuf + (off - sp->roff), len);
	return 0;
}

/* Appends ev with the task rows task_rows keeps; *ret_filter is the filter's verdict. */
static int spool_write(struct oomt_scan_spool *sp, const struct oomt_event *ev, off_t *ret_off,
                       uint8_t *ret_filter)
{
	struct rec_hdr h = { SPOOL_MAGIC, 0, 0 };
	struct oomt_event copy = *ev;
	struct oomt_task *top = NULL;
	size_t n;
	off_t off = sp->end;
	int r;

	r = oomt_scan_task_rows(ev, sp->task_rows, sp->task_rows_top, &top, &n);
	if (r < 0)
		return r;
	copy.tasks = NULL;
	copy.n_tasks = n;
	h.n_tasks = (uint32_t)n;
	h.packed_len = (uint32_t)oomt_scan_pack_zeros(&copy, sizeof(copy), sp->pack);
	r = append(sp, &h, sizeof(h));
	if (r == 0)
		r = append(sp, sp->pack, h.packed_len);
	if (r == 0 && n)
		r = append(sp, top ? top : ev->tasks, n * sizeof(*ev->tasks));
	free(top);
	if (r < 0)
		return r;
	*ret_off = off;
	*ret_filter = (uint8_t)oomt_scan_filter_check(sp->filter, ev);
	return 0;
}

/* Reads the fixed part of the record at off into ev (tasks NULL); *ret_n = its rows, which
 * start at *ret_tasks_off. */
static int read_fixed(struct oomt_scan_spool *sp, off_t off, struct oomt_event *ev,
                      uint32_t *ret_n, off_t *ret_tasks_off)
{
	struct rec_hdr h;
	int r;

	r = read_at(sp, &h, sizeof(h), off);
	if (r < 0)
		return r;
	if (h.magic != SPOOL_MAGIC || h.packed_len > OOMT_SCAN_PACKED_MAX(sizeof(*ev)))
		return -EIO;
	r = read_at(sp, sp->pack, h.packed_len, off + (off_t)sizeof(h));
	if (r == 0)
		r = oomt_scan_unpack_zeros(sp->pack, h.packed_len, ev, sizeof(*ev));
	if (r < 0)
		return r;
	ev->tasks = NULL;
	ev->n_tasks = 0;
	*ret_n = h.n_tasks;
	*ret_tasks_off = off + (off_t)sizeof(h) + (off_t)h.packed_len;
	return 0;
}

static int read_tasks(struct oomt_scan_spool *sp, off_t tasks_off, struct oomt_task *tasks,
                      uint32_t n)
{
	return read_at(sp, tasks, n * sizeof(*tasks), tasks_off);
}

/* The record at off with its task rows in a fresh allocation (oomt_event_done() it). */
static int read_full(struct oomt_scan_spool *sp, off_t off, struct oomt_event *ev)
{
	off_t tasks_off;
	uint32_t n;
	int r = read_fixed(sp, off, ev, &n, &tasks_off);

	if (r < 0 || n == 0)
		return r;
	ev->tasks = malloc(n * sizeof(*ev->tasks));
	if (!ev->tasks)
		return -ENOMEM;
	r = read_tasks(sp, tasks_off, ev->tasks, n);
	if (r < 0) {
		oomt_event_done(ev);
		return r;
	}
	ev->n_tasks = n;
	return 0;
}

int oomt_scan_spool_get(struct oomt_scan_spool *sp, size_t i, bool tasks,
                        const struct oomt_event **ret)
{
	off_t tasks_off;
	uint32_t n;
	int r;

	if (i >= sp->n)
		return -EINVAL;
	r = read_fixed(sp, sp->v[i].off, sp->out, &n, &tasks_off);
	if (r < 0)
		return r;
	if (tasks && n > 0) {
		if (n > sp->out_cap) {
			struct oomt_task *t = realloc(sp->out_tasks, n * sizeof(*t));
			if (!t)
				return -ENOMEM;
			sp->out_tasks = t;
			sp->out_cap = n;
		}
		r = read_tasks(sp, tasks_off, sp->out_tasks, n);
		if (r < 0)
			return r;
		sp->out->tasks = sp->out_tasks;
		sp->out->n_tasks = n;
	}
	*ret = sp->out;
	return 0;
}

/* How much of a report an incident holds: a complete record beats a bare kill line, a
 * task table beats none, more rows beat fewer. Computed before task rows are cut. The copy
 * kept is the incident's source, time and id, and the merge fills only its gaps, never its
 * time: between copies equal in all that (two logs that both hold the kill whole, as
 * systemd-oomd's one line mostly is), the finer clock wins (the year in the log rather than
 * guessed, then fractions of a second: RFC 3339 or journalctl's precise forms rather than
 * RFC 3164), then the copy with no path or reason cut; between equals still, the first read,
 * in the scan's order of sources (the journal, /dev/kmsg, the text logs oldest first; files
 * as given). */
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
	/* OOMT_TASKS_MAX rows at most */
	r |= (uint32_t)(ev->n_tasks < 0x1fffff ? ev->n_tasks : 0x1fffff) << 3;
	if (ev->time_usec != OOMT_UNKNOWN && !ev->year_guessed)
		r |= 1u << 2;
	/* a stamp of microseconds that falls on a whole second (one in a million) counts as
	 * one of seconds: the two are the same time then */
	if (ev->time_usec != OOMT_UNKNOWN && ev->time_usec % 1000000 != 0)
		r |= 1u << 1;
	if (!ev->cut)
		r |= 1u;
	return r;
}

static size_t bucket(const struct oomt_scan_spool *sp, int64_t pid)
{
	uint64_t h = (uint64_t)pid * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (sp->nbuckets - 1);
}

static void link_entry(struct oomt_scan_spool *sp, uint32_t i)
{
	struct oomt_scan_spool_entry *e = &sp->v[i];

	e->next_v = e->next_t = NIL;
	if (e->victim_pid != OOMT_UNKNOWN) {
		size_t b = bucket(sp, e->victim_pid);
		e->next_v = sp->by_victim[b];
		sp->by_victim[b] = i;
	}
	if (e->trigger_pid != OOMT_UNKNOWN) {
		size_t b = bucket(sp, e->trigger_pid);
		e->next_t = sp->by_trigger[b];
		sp->by_trigger[b] = i;
	}
}

static int grow(struct oomt_scan_spool *sp)
{
	size_t nb = sp->nbuckets ? sp->nbuckets * 2 : 256;
	struct oomt_scan_spool_entry *v;
	uint32_t *bv, *bt;

	if (sp->n >= NIL - 1)
		return -E2BIG;
	v = realloc(sp->v, nb * sizeof(*v));
	if (!v)
		return -ENOMEM;
	sp->v = v;
	sp->cap = nb;
	bv = malloc(nb * sizeof(*bv));
	bt = malloc(nb * sizeof(*bt));
	if (!bv || !bt) {
		free(bv);
		free(bt);
		return -ENOMEM;
	}
	memset(bv, 0xff, nb * sizeof(*bv));
	memset(bt, 0xff, nb * sizeof(*bt));
	free(sp->by_victim);
	free(sp->by_trigger);
	sp->by_victim = bv;
	sp->by_trigger = bt;
	sp->nbuckets = nb;
	for (uint32_t i = 0; i < sp->n; i++)
		link_entry(sp, i);
	return 0;
}

static uint64_t src_bit(unsigned src)
{
	return 1ULL << (src < 63 ? src : 63);
}

/* systemd-oomd's kills name a cgroup and seldom a pid: they are chained by their wall
 * clock instead, in steps of the window oomt_event_same() compares them within (a cut
 * path cannot be hashed by what it lacks), so that a kill is compared only with those of
 * its step and the two beside it, not with every oomd kill of every source. Undated, they
 * are never the same (oomt_event_same): not chained. */
static bool is_oomd_kill(const struct oomt_event *ev)
{
	return ev->killer == OOMT_KILLER_SYSTEMD_OOMD && ev->trigger.pid == OOMT_UNKNOWN &&
	       ev->task_memcg[0];
}

static int64_t oomd_key(int64_t time_usec, int step)
{
	int64_t at;

	if (time_usec == OOMT_UNKNOWN || time_usec < 0)
		return OOMT_UNKNOWN;
	at = time_usec / OOMT_EVENT_PIDLESS_SAME_USEC + step;
	return OOMD_KEY - (at & 0x3fffffff);
}

/* The trigger chain's key: the trigger pid, or for a kill known from systemd's unit lines
 * or Slurm's line alone (no pid at all) a negative number from its unit and job step,
 * which no pid can be, so that the journal's and syslog's copies of it meet
 * (oomt_event_same); for a systemd-oomd kill with its cgroup, oomd_key(). */
static int64_t trigger_key(const struct oomt_event *ev)
{
	uint32_t h = 2166136261u;

	if (is_oomd_kill(ev))
		return oomd_key(ev->time_usec, 0);
	if (ev->trigger.pid != OOMT_UNKNOWN || !oomt_event_is_secondhand(ev))
		return ev->trigger.pid;
	for (const char *p = ev->unit; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (const char *p = ev->job; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return -2 - (int64_t)(h & 0x3fffffff);
}

/* An earlier incident of another source that oomt_event_same() calls the same kill. */
static int find_twin(struct oomt_scan_spool *sp, const struct oomt_event *ev, unsigned src,
                     uint32_t *ret)
{
	/* the victim's chain, the trigger's, and for an oomd kill the steps beside its own */
	int passes = is_oomd_kill(ev) ? 4 : 2;

	for (int pass = 0; pass < passes; pass++) {
		int64_t pid = pass == 0 ? ev->victim.pid
		              : pass == 1 ? trigger_key(ev)
		              : oomd_key(ev->time_usec, pass == 2 ? -1 : 1);
		uint32_t i;

		if (pid == OOMT_UNKNOWN)
			continue;
		i = pass == 0 ? sp->by_victim[bucket(sp, pid)] : sp->by_trigger[bucket(sp, pid)];
		for (; i != NIL; i = pass == 0 ? sp->v[i].next_v : sp->v[i].next_t) {
			const struct oomt_scan_spool_entry *e = &sp->v[i];
			bool same_source = e->srcmask & src_bit(src);
			off_t tasks_off;
			uint32_t n;
			int r;

			if (same_source && (ev->uptime_usec == OOMT_UNKNOWN ||
			                    e->uptime_usec != ev->uptime_usec))
				continue;
			if ((pass == 0 ? e->victim_pid : e->trigger_pid) != pid)
				continue;
			r = read_fixed(sp, e->off, sp->scratch, &n, &tasks_off);
			if (r < 0)
				return r;
			/* one source holds one kill once, but a paste may hold it twice in two
			 * forms (dmesg's and syslog's lines): the kernel's stamp, to the
			 * microsecond (compared above), says it is the same report */
			if (oomt_event_same(sp->scratch, ev)) {
				*ret = i;
				return 1;
			}
		}
	}
	return 0;
}

/* Fold ev into entry i: the richer record is kept and the other fills its gaps. */
static int fold(struct oomt_scan_spool *sp, uint32_t i, const struct oomt_event *ev, unsigned src)
{
	struct oomt_scan_spool_entry *e = &sp->v[i];
	struct oomt_event old, *dst, *from;
	struct oomt_event *mine;
	uint32_t rich = richness(ev);
	uint8_t filter;
	off_t off;
	int r;

	r = read_full(sp, e->off, &old);
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
	r = spool_write(sp, dst, &off, &filter);
	if (r == 0) {
		e->off = off;
		e->time_usec = dst->time_usec;
		e->uptime_usec = dst->uptime_usec;
		e->rich = rich > e->rich ? rich : e->rich;
		e->srcmask |= src_bit(src);
		e->filter = filter;
		e->acct = oomt_scan_acct_bits(dst);
		sp->merged++;
	}
	oomt_event_done(&old);
	oomt_event_free(mine);
	return r;
}

int oomt_scan_spool_add(struct oomt_scan_spool *sp, const struct oomt_event *ev, unsigned src)
{
	struct oomt_scan_spool_entry *e;
	uint32_t twin;
	uint8_t filter;
	off_t off;
	int r;

	if (sp->n >= sp->cap) {
		r = grow(sp);
		if (r < 0)
			return r;
	}
	r = find_twin(sp, ev, src, &twin);
	if (r < 0)
		return r;
	if (r > 0)
		return fold(sp, twin, ev, src);
	r = spool_write(sp, ev, &off, &filter);
	if (r < 0)
		return r;
	e = &sp->v[sp->n];
	e->time_usec = ev->time_usec;
	e->uptime_usec = ev->uptime_usec;
	e->victim_pid = ev->victim.pid;
	e->trigger_pid = trigger_key(ev);
	e->off = off;
	e->srcmask = src_bit(src);
	e->rich = richness(ev);
	e->seq = (uint32_t)sp->n;
	e->filter = filter;
	e->acct = oomt_scan_acct_bits(ev);
	link_entry(sp, (uint32_t)sp->n);
	sp->n++;
	return 0;
}

/* Newest last. Incidents without a wall-clock time (dmesg text has only uptime) come
 * first, in the order they were read, which within one log is their order in time. */
static int cmp_entry(const void *a, const void *b)
{
	const struct oomt_scan_spool_entry *x = a, *y = b;
	bool xu = x->time_usec == OOMT_UNKNOWN, yu = y->time_usec == OOMT_UNKNOWN;

	if (xu != yu)
		return xu ? -1 : 1;
	if (!xu && x->time_usec != y->time_usec)
		return x->time_usec < y->time_usec ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : 0;
}

void oomt_scan_spool_sort(struct oomt_scan_spool *sp)
{
	if (sp->n > 1)
		qsort(sp->v, sp->n, sizeof(*sp->v), cmp_entry);
	/* The hash chains index by position; sorting ends de-duplication. */
	free(sp->by_victim);
	free(sp->by_trigger);
	sp->by_victim = sp->by_trigger = NULL;
	sp->nbuckets = 0;
}
