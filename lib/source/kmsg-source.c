/* SPDX-License-Identifier: MIT */
/*
 * /dev/kmsg (Linux 3.5+): one record per read(),
 *   PRI,SEQ,TS_USEC,FLAGS[,caller=T123];MESSAGE\n
 *    KEY=VALUE\n   (dictionary lines, ignored)
 * MESSAGE is \xHH-escaped; an escaped newline splits it into several records (cont set).
 * read() fails with EPIPE once when the ring buffer overwrote records we had not read yet;
 * the sequence gap tells how many (records_lost). EAGAIN (O_NONBLOCK) means we are at
 * the end.
 *
 * Wall time = boot time + TS_USEC. TS_USEC is the kernel's local_clock, which stops
 * during suspend like CLOCK_MONOTONIC, so boot time is CLOCK_REALTIME - CLOCK_MONOTONIC:
 * exact for records since the last resume, early by the time suspended before it (as
 * `dmesg -T` is). With a sysroot, btime from <sysroot>/proc/stat is used instead.
 *
 * With a sysroot, <sysroot>/dev/kmsg may be a regular file of such records, one per line
 * (a saved copy): it is read line by line (follow does not apply to it).
 * Reading starts after the ring buffer's last clearing (dmesg -C, SEEK_DATA), as dmesg(1)
 * shows it. With follow, it starts at the end: only new records come (follow_from_start:
 * after the last clearing).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "source/line-prefix.h"
#include "source/reader.h"
#include "source/source-internal.h"

#define KMSG_RECORD_MAX 16384

struct kmsg_state {
	int fd;
	bool device;
	struct oomt_reader rd;          /* file twin */
	char buf[KMSG_RECORD_MAX + 1];
	int64_t boot_realtime_usec;
	bool follow;
	int timeout_ms;
	bool have_seq, overrun;
	uint64_t last_seq;
	uint64_t start_seq;             /* opts.start: records before it were read already */
	uint64_t unit_seq;              /* the record queued last (track_position) */
	char host[65];                  /* this host's name for the live device, else "" */
};

static int64_t clock_usec(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) < 0)
		return OOMT_UNKNOWN;
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t btime_usec(const char *sysroot)
{
	char path[4096], line[256];
	FILE *f;
	int64_t v = OOMT_UNKNOWN;
	long long b;

	snprintf(path, sizeof(path), "%s/proc/stat", sysroot);
	f = fopen(path, "re");
	if (!f)
		return OOMT_UNKNOWN;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "btime %lld", &b) == 1 && b > 0) {
			v = (int64_t)b * 1000000;
			break;
		}
	fclose(f);
	return v;
}

static void account_seq(struct oomt_source *src, struct kmsg_state *k, uint64_t seq)
{
	if (k->have_seq && seq > k->last_seq + 1)
		src->lost += seq - k->last_seq - 1;
	else if (k->overrun)
		src->lost++;
	k->overrun = false;
	k->have_seq = true;
	k->last_seq = seq;
}

/* One record (first line of buf[0..len)) -> queued message. 1 = nothing to deliver. */
static int queue_record(struct oomt_source *src, struct kmsg_state *k, char *rec, size_t len)
{
	struct oomt_line_prefix p;
	char *nl = memchr(rec, '\n', len), *msg;
	size_t mlen;

	if (nl)
		len = (size_t)(nl - rec);
	rec[len] = '\0';
	oomt_parse_line_prefix(rec, len, OOMT_FMT_KMSG, &p);
	if (p.kmsg_dict)
		return 1;
	if (!p.kmsg) {
		src->skipped++;
		return 1;
	}
	if (p.kmsg_seq < k->start_seq)
		return 1;       /* read by an earlier scan (opts.start) */
	account_seq(src, k, p.kmsg_seq);
	k->unit_seq = p.kmsg_seq;
	src->pend_no_needle = src->needles && !oomt_needles_find(src->needles, rec, len);
	if (src->filter_on && src->pend_no_needle)
		return 1;
	oomt_record_init(&src->tmpl);
	oomt_source_set_meta(src, k->host[0] ? k->host : NULL, strlen(k->host),
	                     p.facility == 0 ? "kernel" : NULL, 6,
	                     p.caller_len ? rec + p.caller_off : NULL, p.caller_len, NULL);
	src->tmpl.uptime_usec = p.uptime_usec;
	if (k->boot_realtime_usec != OOMT_UNKNOWN)
		src->tmpl.realtime_usec = k->boot_realtime_usec + p.uptime_usec;
	src->tmpl.priority = p.priority;
	src->tmpl.facility = p.facility;
	src->tmpl.cont = p.kmsg_cont;
	msg = rec + p.msg_off;
	mlen = oomt_kmsg_unescape(msg, p.msg_len);
	msg[mlen] = '\0';
	oomt_source_queue(src, msg, mlen);
	return 0;
}

static int wait_readable(struct kmsg_state *k)
{
	struct pollfd pfd = { .fd = k->fd, .events = POLLIN };
	int r;

	do
		r = poll(&pfd, 1, k->timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return r == 0 ? 1 : 0;
}

static int kmsg_fill_device(struct oomt_source *src, struct kmsg_state *k)
{
	for (;;) {
		ssize_t n = read(k->fd, k->buf, KMSG_RECORD_MAX);

		if (n > 0) {
			if (queue_record(src, k, k->buf, (size_t)n) == 0)
				return 0;
			continue;
		}
		if (n == 0)
			return 1;
		if (errno == EINTR)
			continue;
		if (errno == EPIPE) {
			k->overrun = true;
			continue;
		}
		/* EINVAL: a record larger than our buffer. The kernel does not move past it, so
		 * retrying would spin; records are at most ~1 KiB plus a short dictionary, so
		 * this is a kernel we do not understand: report it. */
		if (errno != EAGAIN)
			return -errno;
		if (!k->follow)
			return 1;
		int r = wait_readable(k);
		if (r != 0)
			return r;
	}
}

static int kmsg_fill_file(struct oomt_source *src, struct kmsg_state *k)
{
	for (;;) {
		char *line;
		size_t len;
		bool cut;
		int r = oomt_reader_line(&k->rd, &line, &len, &cut);

		if (r != 0)
			return r;
		if (cut)
			src->truncated++;
		if (queue_record(src, k, line, len) == 0)
			return 0;
	}
}

static int kmsg_fill(struct oomt_source *src)
{
	struct kmsg_state *k = src->priv;

	return k->device ? kmsg_fill_device(src, k) : kmsg_fill_file(src, k);
}

static void kmsg_free(struct oomt_source *src)
{
	struct kmsg_state *k = src->priv;

	if (!k)
		return;
	if (k->device)
		close(k->fd);
	else
		oomt_reader_done(&k->rd);
	free(k);
}

/* before: the record queued last; after: the one after the last record read. */
static int kmsg_tell(struct oomt_source *src, bool after, struct oomt_source_pos *ret)
{
	struct kmsg_state *k = src->priv;

	if (k->follow)
		return -EOPNOTSUPP;
	if (!k->have_seq)
		ret->seq = k->start_seq;
	else
		ret->seq = after ? k->last_seq + 1 : k->unit_seq;
	return 0;
}

static const struct oomt_source_ops kmsg_ops = {
	.fill = kmsg_fill,
	.free = kmsg_free,
	.tell = kmsg_tell,
};

int oomt_source_open_kmsg(const struct oomt_source_opts *opts, struct oomt_source **ret)
{
	const char *root = opts && opts->sysroot && opts->sysroot[0] ? opts->sysroot : "";
	char path[4096];
	struct oomt_source *src;
	struct kmsg_state *k;
	struct stat st;
	int fd, r;

	if ((size_t)snprintf(path, sizeof(path), "%s/dev/kmsg", root) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	k = calloc(1, sizeof(*k));
	if (!k) {
		close(fd);
		return -ENOMEM;
	}
	k->fd = fd;
	k->device = fstat(fd, &st) == 0 && S_ISCHR(st.st_mode);
	k->follow = opts && opts->follow;
	k->timeout_ms = opts ? opts->follow_timeout_ms : 0;
	k->boot_realtime_usec = opts ? opts->boot_realtime_usec : OOMT_UNKNOWN;
	if (opts && opts->start && opts->start->seq > 0 && !k->follow) {
		/* a record missing between the last one read before and the first one now is
		 * lost (the ring buffer overwrote it meanwhile) */
		k->start_seq = k->unit_seq = opts->start->seq;
		k->have_seq = true;
		k->last_seq = k->start_seq - 1;
	}
	/* The live ring buffer is this host's, so its kills are named like the journal's
	 * (_HOSTNAME is the same nodename); a twin file under a sysroot may be anyone's. */
	if (!root[0]) {
		struct utsname u;
		if (uname(&u) == 0)
			snprintf(k->host, sizeof(k->host), "%s", u.nodename);
	}
	if (k->boot_realtime_usec == OOMT_UNKNOWN || k->boot_realtime_usec == 0) {
		if (root[0])
			k->boot_realtime_usec = btime_usec(root);
		else
			k->boot_realtime_usec = clock_usec(CLOCK_REALTIME) - clock_usec(CLOCK_MONOTONIC);
	}
	/* what the ring buffer holds starts after its last clearing (dmesg -C), as dmesg(1)
	 * shows it: SEEK_DATA on /dev/kmsg goes to the first record after the clear (3.5+;
	 * an older kernel keeps the start) */
	if (k->device && (!k->follow || opts->follow_from_start))
		lseek(fd, 0, SEEK_DATA);
	/* follow reports what happens from now on: SEEK_END on /dev/kmsg skips to the record
	 * after the last one */
	if (k->device && k->follow && !opts->follow_from_start && lseek(fd, 0, SEEK_END) < 0) {
		r = -errno;
		close(fd);
		free(k);
		return r;
	}
	if (!k->device) {
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		r = oomt_reader_init(&k->rd, fd, 0);
		if (r < 0) {
			oomt_reader_done(&k->rd);
			free(k);
			return r;
		}
	}
	r = oomt_source_alloc(&kmsg_ops, "/dev/kmsg", opts, &src);
	if (r < 0) {
		if (k->device)
			close(fd);
		else
			oomt_reader_done(&k->rd);
		free(k);
		return r;
	}
	src->priv = k;
	src->fmt = OOMT_FMT_KMSG;
	*ret = src;
	return 0;
}
