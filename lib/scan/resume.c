/* SPDX-License-Identifier: MIT */
/*
 * Resuming (scan.h, "resuming"): each source opened where the earlier scan stopped, and
 * where this one stopped recorded for the next. The rules for text logs, which rotate under
 * their names:
 *   - a file is known by device and inode, not by name: syslog renamed syslog.1 by a
 *     rotation is read on from where syslog was left;
 *   - a plain file goes on at its offset when it is at least that long and the bytes just
 *     before the offset are the ones read then (FNV-1a of up to FINGERPRINT_BYTES); else it
 *     was truncated (copytruncate) or rewritten, and is read from its start;
 *   - a gzipped file cannot be entered in the middle: read whole, then skipped while its size
 *     and modification time stay the same;
 *   - a rotated file of this host's logs that no position names (syslog.2.gz, new since the
 *     last scan: the compressed copy of syslog.1) holds lines that were read under the live
 *     name: taken as read. Only once positions from an earlier scan exist: the first scan
 *     reads everything.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <oomtool/system.h>
#include "scan/scan-internal.h"
#include "util/token.h"

#define FINGERPRINT_BYTES 256
/* An incident open at a source's end is held back for the next scan this long at most. */
#define HOLD_MAX_USEC (60 * 1000000LL)
/* Incidents delivered this long ago or less are kept to be recognised when read again. */
#define SEEN_KEEP_USEC (15 * 60 * 1000000LL)
#define SEEN_KEEP_MAX 128

const char *oomt_scan_resume_name(enum oomt_scan_resume r)
{
	switch (r) {
	case OOMT_SCAN_RESUME_OFF: return "off";
	case OOMT_SCAN_RESUME_NEW: return "new";
	case OOMT_SCAN_RESUME_CONTINUED: return "continued";
	case OOMT_SCAN_RESUME_RESTARTED: return "restarted";
	case OOMT_SCAN_RESUME_UNCHANGED: return "unchanged";
	}
	return "unknown";
}

static int64_t now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int oomt_scan_resumer_start(struct oomt_scan *s)
{
	struct oomt_scan_resumer *rs = &s->resume;
	int r;

	if (!rs->from)
		return 0;
	r = oomt_scan_positions_new(&rs->reached);
	if (r < 0)
		return r;
	rs->used = calloc(rs->from->n ? rs->from->n : 1, sizeof(*rs->used));
	if (!rs->used)
		return -ENOMEM;
	rs->now_usec = now_usec();
	if (oomt_boot_id_read(s->sysroot, rs->boot_id, sizeof(rs->boot_id)) < 0)
		rs->boot_id[0] = '\0';
	return 0;
}

void oomt_scan_resumer_done(struct oomt_scan_resumer *rs)
{
	oomt_scan_positions_free(rs->reached);
	oomt_scan_jfiles_free(rs->jfiles, rs->n_jfiles);
	free(rs->jpaths);
	free(rs->used);
	memset(rs, 0, sizeof(*rs));
}

/* FNV-1a of the FINGERPRINT_BYTES (or fewer, at the start) before offset; 0 at offset 0. */
static int fingerprint(int fd, uint64_t offset, uint64_t *ret)
{
	char buf[FINGERPRINT_BYTES];
	size_t n = offset < sizeof(buf) ? (size_t)offset : sizeof(buf);
	ssize_t k;

	if (n == 0) {
		*ret = 0;
		return 0;
	}
	k = pread(fd, buf, n, (off_t)(offset - n));
	if (k != (ssize_t)n)
		return k < 0 ? -errno : -EIO;
	*ret = oomt_fnv64(OOMT_FNV64_INIT, buf, n);
	return 0;
}

/* syslog.1, kern.log.2.gz, messages-20240101: a rotation, not the live name. */
static bool rotated_name(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return strcmp(base, "kern.log") != 0 && strcmp(base, "syslog") != 0 &&
	       strcmp(base, "messages") != 0;
}

static struct oomt_scan_pos_entry *claim(struct oomt_scan_resumer *rs,
                                         struct oomt_scan_pos_entry *e)
{
	size_t i;

	if (!e)
		return NULL;
	i = (size_t)(e - rs->from->v);
	if (rs->used[i])
		return NULL;
	rs->used[i] = true;
	return e;
}

/* The file's entry in the positions reached (name: as it is called now). */
static int record_file(struct oomt_scan_resumer *rs, const char *name, const struct stat *sb,
                       uint64_t offset, bool whole, uint64_t fp)
{
	struct oomt_scan_pos_entry *e = oomt_scan_positions_add(rs->reached,
	                                                        OOMT_SCAN_SOURCE_FILE, name);

	if (!e)
		return rs->reached->n >= OOMT_SCAN_POS_MAX ? 0 : -ENOMEM;
	e->dev = (uint64_t)sb->st_dev;
	e->ino = (uint64_t)sb->st_ino;
	e->size = (uint64_t)sb->st_size;
	e->mtime_sec = (int64_t)sb->st_mtime;
	e->whole = whole;
	e->pos.offset = whole ? 0 : offset;
	e->fingerprint = whole ? 0 : fp;
	return 0;
}

static int resume_file(struct oomt_scan *s, struct oomt_scan_source *st, const char *path,
                       struct oomt_source_opts *so)
{
	struct oomt_scan_resumer *rs = &s->resume;
	struct oomt_scan_pos_entry *e;
	unsigned char magic[2];
	struct stat sb;
	uint64_t fp;
	int fd, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return 0;               /* the source's open says why */
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		st->resume = OOMT_SCAN_RESUME_NEW;
		return 0;               /* a pipe, a device: read as it comes, no position */
	}
	rs->track = true;
	rs->dev = (uint64_t)sb.st_dev;
	rs->ino = (uint64_t)sb.st_ino;
	rs->gz = pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
	e = claim(rs, oomt_scan_positions_find_file(rs->from, rs->dev, rs->ino));
	if (e && rs->gz) {
		if (e->whole && e->size == (uint64_t)sb.st_size && e->mtime_sec == (int64_t)sb.st_mtime) {
			st->resume = OOMT_SCAN_RESUME_UNCHANGED;
			r = record_file(rs, st->name, &sb, 0, true, 0) < 0 ? -ENOMEM : 1;
		} else {
			st->resume = OOMT_SCAN_RESUME_RESTARTED;
		}
	} else if (e) {
		if (!e->whole && (uint64_t)sb.st_size >= e->pos.offset &&
		    fingerprint(fd, e->pos.offset, &fp) == 0 && fp == e->fingerprint) {
			st->resume = OOMT_SCAN_RESUME_CONTINUED;
			rs->start.offset = e->pos.offset;
			so->start = &rs->start;
		} else {
			st->resume = OOMT_SCAN_RESUME_RESTARTED;
		}
	} else if (rs->from->loaded && s->reading_host && rotated_name(path)) {
		/* a rotated copy of lines read under the live name */
		st->resume = OOMT_SCAN_RESUME_UNCHANGED;
		if (rs->gz)
			r = record_file(rs, st->name, &sb, 0, true, 0);
		else if ((r = fingerprint(fd, (uint64_t)sb.st_size, &fp)) == 0)
			r = record_file(rs, st->name, &sb, (uint64_t)sb.st_size, false, fp);
		r = r == -ENOMEM ? r : 1;
	} else {
		st->resume = OOMT_SCAN_RESUME_NEW;
	}
	close(fd);
	return r;
}

/* The directories the journal source reads: a directory given (and its machine ID
 * subdirectories), <sysroot>/var/log/journal, or this host's /var/log/journal/<machine ID>
 * and /run/log/journal/<machine ID>. */
static int journal_dirs(struct oomt_scan *s, const char *path, char (*dirs)[4096],
                        const char **list)
{
	char mid[64] = "", mpath[4096];
	size_t n = 0;
	FILE *f;

	if (path || s->sysroot) {
		snprintf(dirs[0], 4096, "%s", path ? path : "");
		if (!path)
			snprintf(dirs[0], 4096, "%s/var/log/journal", s->sysroot);
		list[0] = dirs[0];
		list[1] = NULL;
		return 0;
	}
	snprintf(mpath, sizeof(mpath), "/etc/machine-id");
	f = fopen(mpath, "re");
	if (!f || !fgets(mid, sizeof(mid), f) || strlen(mid) < 32) {
		if (f)
			fclose(f);
		return -ENOENT;
	}
	fclose(f);
	mid[32] = '\0';
	snprintf(dirs[n], 4096, "/var/log/journal/%s", mid);
	list[n] = dirs[n];
	n++;
	snprintf(dirs[n], 4096, "/run/log/journal/%s", mid);
	list[n] = dirs[n];
	list[++n] = NULL;
	return 0;
}

static bool jfile_same(const struct oomt_scan_jfile *a, const struct oomt_scan_jfile *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->n_entries == b->n_entries &&
	       a->tail_seqnum == b->tail_seqnum;
}

/* Whether f is in v (sorted by device and inode) with the same counts. */
static bool jfile_unchanged(const struct oomt_scan_jfile *v, size_t n,
                            const struct oomt_scan_jfile *f)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].dev < f->dev || (v[mid].dev == f->dev && v[mid].ino < f->ino))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && jfile_same(&v[lo], f);
}

/* The journal from its cursors, on the files that changed only; not at all when none did.
 * Without a list of its files (the directories cannot be read) it opens as usual. */
static int resume_journal(struct oomt_scan *s, struct oomt_scan_source *st, const char *path,
                          struct oomt_source_opts *so)
{
	struct oomt_scan_resumer *rs = &s->resume;
	struct oomt_scan_pos_entry *e;
	char dirs[2][4096];
	const char *list[3];
	size_t changed = 0;
	int r;

	rs->track = true;
	e = claim(rs, oomt_scan_positions_find(rs->from, OOMT_SCAN_SOURCE_JOURNAL, st->name));
	st->resume = e ? OOMT_SCAN_RESUME_CONTINUED : OOMT_SCAN_RESUME_NEW;
	if (e) {
		rs->start = e->pos;
		so->start = &rs->start;
	}
	if (journal_dirs(s, path, dirs, list) < 0)
		return 0;
	r = oomt_scan_jfiles_list(list, &rs->jfiles, &rs->n_jfiles);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return 0;
	rs->have_jfiles = true;
	if (!e || rs->n_jfiles == 0)
		return 0;
	rs->jpaths = calloc(rs->n_jfiles + 1, sizeof(*rs->jpaths));
	if (!rs->jpaths)
		return -ENOMEM;
	for (size_t i = 0; i < rs->n_jfiles; i++)
		if (!jfile_unchanged(e->jfiles, e->n_jfiles, &rs->jfiles[i]))
			rs->jpaths[changed++] = rs->jfiles[i].path;
	if (changed == 0) {
		/* nothing new in any file: not opened (libsystemd not even loaded) */
		st->resume = OOMT_SCAN_RESUME_UNCHANGED;
		return oomt_scan_resume_done(s, st, path, NULL) < 0 ? -ENOMEM : 1;
	}
	so->journal_files = rs->jpaths;
	return 0;
}

int oomt_scan_resume_source(struct oomt_scan *s, struct oomt_scan_source *st,
                            const char *path, struct oomt_source_opts *so)
{
	struct oomt_scan_resumer *rs = &s->resume;
	struct oomt_scan_pos_entry *e;

	rs->track = false;
	rs->busy = false;
	rs->held = false;
	oomt_scan_jfiles_free(rs->jfiles, rs->n_jfiles);
	free(rs->jpaths);
	rs->jfiles = NULL;
	rs->jpaths = NULL;
	rs->n_jfiles = 0;
	rs->have_jfiles = false;
	memset(&rs->start, 0, sizeof(rs->start));
	if (!rs->from)
		return 0;
	so->track_position = true;
	switch (st->kind) {
	case OOMT_SCAN_SOURCE_FILE:
		return resume_file(s, st, path, so);
	case OOMT_SCAN_SOURCE_JOURNAL:
		return resume_journal(s, st, path, so);
	case OOMT_SCAN_SOURCE_KMSG:
		rs->track = true;
		e = claim(rs, oomt_scan_positions_find(rs->from, OOMT_SCAN_SOURCE_KMSG, st->name));
		if (!e) {
			st->resume = OOMT_SCAN_RESUME_NEW;
		} else if (rs->boot_id[0] && strcmp(e->boot_id, rs->boot_id) == 0) {
			st->resume = OOMT_SCAN_RESUME_CONTINUED;
			rs->start.seq = e->pos.seq;
			so->start = &rs->start;
		} else {
			st->resume = OOMT_SCAN_RESUME_RESTARTED;   /* another boot's ring buffer */
		}
		return 0;
	}
	return 0;
}

int oomt_scan_resume_done(struct oomt_scan *s, struct oomt_scan_source *st, const char *path,
                          struct oomt_source *src)
{
	struct oomt_scan_resumer *rs = &s->resume;
	struct oomt_source_pos pos;
	struct oomt_scan_pos_entry *e;
	uint64_t fp = 0;
	struct stat sb;

	if (!rs->from || !rs->track)
		return 0;
	if (!src) {
		pos = rs->start;        /* not opened: where it was */
	} else if (rs->held) {
		pos = rs->busy_pos;
		st->held_back = true;
	} else if (oomt_source_tell(src, true, &pos) < 0) {
		if (!(st->kind == OOMT_SCAN_SOURCE_FILE && rs->gz))
			return 0;       /* no position: read again from its start next time */
		memset(&pos, 0, sizeof(pos));
	}
	if (st->kind == OOMT_SCAN_SOURCE_FILE) {
		int fd;

		/* the file still under that name: a rotation while it was read leaves it to the
		 * next scan to find the inode under its new name */
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0)
			return 0;
		if (fstat(fd, &sb) < 0 || (uint64_t)sb.st_dev != rs->dev ||
		    (uint64_t)sb.st_ino != rs->ino ||
		    (!rs->gz && (fingerprint(fd, pos.offset, &fp) < 0 ||
		                 pos.offset > (uint64_t)sb.st_size))) {
			close(fd);
			return 0;
		}
		close(fd);
		return record_file(rs, st->name, &sb, pos.offset, rs->gz, fp);
	}
	e = oomt_scan_positions_add(rs->reached, st->kind, st->name);
	if (!e)
		return rs->reached->n >= OOMT_SCAN_POS_MAX ? 0 : -ENOMEM;
	e->pos = pos;
	if (st->kind == OOMT_SCAN_SOURCE_KMSG)
		snprintf(e->boot_id, sizeof(e->boot_id), "%s", rs->boot_id);
	if (st->kind == OOMT_SCAN_SOURCE_JOURNAL && rs->have_jfiles) {
		/* the files as they were before it opened: what is newer is read next time */
		e->jfiles = rs->jfiles;
		e->n_jfiles = e->cap_jfiles = rs->n_jfiles;
		rs->jfiles = NULL;
		rs->n_jfiles = 0;
		rs->have_jfiles = false;
	}
	return 0;
}

int oomt_scan_resume_keep(struct oomt_scan *s, struct oomt_scan_source *st)
{
	struct oomt_scan_resumer *rs = &s->resume;
	const struct oomt_scan_pos_entry *old;
	struct oomt_scan_pos_entry *e;
	char *name;

	if (!rs->from)
		return 0;
	/* a journal or kmsg that failed keeps its place; a file is known by its inode, which
	 * a failed open did not tell */
	if (st->kind == OOMT_SCAN_SOURCE_FILE)
		return 0;
	old = claim(rs, oomt_scan_positions_find(rs->from, st->kind, st->name));
	if (!old)
		return 0;
	e = oomt_scan_positions_add(rs->reached, st->kind, st->name);
	if (!e)
		return rs->reached->n >= OOMT_SCAN_POS_MAX ? 0 : -ENOMEM;
	name = e->name;
	*e = *old;
	e->name = name;
	e->used = false;
	e->jfiles = NULL;
	e->n_jfiles = e->cap_jfiles = 0;
	if (old->n_jfiles) {
		e->jfiles = malloc(old->n_jfiles * sizeof(*e->jfiles));
		if (!e->jfiles)
			return -ENOMEM;
		memcpy(e->jfiles, old->jfiles, old->n_jfiles * sizeof(*e->jfiles));
		for (size_t i = 0; i < old->n_jfiles; i++)
			e->jfiles[i].path = NULL;
		e->n_jfiles = e->cap_jfiles = old->n_jfiles;
	}
	return 0;
}

/* Whether the parser's open incident is left for the next scan (scan-internal.h). */
bool oomt_scan_resume_hold(const struct oomt_scan_resumer *rs)
{
	return rs->from && rs->track && rs->busy && rs->busy_usec != OOMT_UNKNOWN &&
	       rs->now_usec - rs->busy_usec < HOLD_MAX_USEC;
}

static int cmp_seen_time(const void *x, const void *y)
{
	const struct oomt_scan_seen *a = x, *b = y;

	return (a->time_usec > b->time_usec) - (a->time_usec < b->time_usec);
}

int oomt_scan_resume_finish(struct oomt_scan *s)
{
	struct oomt_scan_resumer *rs = &s->resume;
	struct oomt_scan_positions *p = rs->reached;
	const struct oomt_scan_spool *sp = &s->spool;
	int64_t since = rs->now_usec - SEEN_KEEP_USEC;
	int r;

	if (!rs->from)
		return 0;
	p->loaded = true;
	p->saved_usec = rs->now_usec;
	/* the earlier scans' recent incidents, then this one's */
	for (size_t i = 0; i < rs->from->n_seen; i++) {
		const struct oomt_scan_seen *e = &rs->from->seen[i];

		if (e->time_usec != OOMT_UNKNOWN && e->time_usec >= since &&
		    (r = oomt_scan_positions_add_seen(p, e)) < 0)
			return r == -E2BIG ? 0 : r;
	}
	for (size_t i = sp->n; i-- > 0;) {   /* newest first: sorted, newest last */
		const struct oomt_event *ev;
		struct oomt_scan_seen e;

		if (sp->v[i].time_usec == OOMT_UNKNOWN || sp->v[i].time_usec < since)
			continue;
		r = oomt_scan_spool_get(&s->spool, i, false, &ev);
		if (r < 0)
			return r;
		oomt_scan_seen_from_event(&e, ev);
		r = oomt_scan_positions_add_seen(p, &e);
		if (r == -E2BIG)
			break;
		if (r < 0)
			return r;
	}
	/* the newest SEEN_KEEP_MAX */
	if (p->n_seen > SEEN_KEEP_MAX) {
		qsort(p->seen, p->n_seen, sizeof(*p->seen), cmp_seen_time);
		memmove(p->seen, p->seen + p->n_seen - SEEN_KEEP_MAX,
		        SEEN_KEEP_MAX * sizeof(*p->seen));
		p->n_seen = SEEN_KEEP_MAX;
	}
	return 0;
}

int oomt_scan_positions_reached(const struct oomt_scan *s, const struct oomt_scan_positions **ret)
{
	if (!s || !ret || !s->ran || !s->resume.reached)
		return -EINVAL;
	*ret = s->resume.reached;
	return 0;
}
