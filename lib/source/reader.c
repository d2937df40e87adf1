/* SPDX-License-Identifier: MIT */
/*
 * Bounded line reader with transparent gzip (gunzip.c). The magic is sniffed from the first
 * read; on a pipe (stdin) those bytes cannot be given back, so the decoder takes them from
 * us before it reads the rest of the fd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "source/reader.h"

/* The first read, which looks for the gzip magic: a /dev/kmsg record must fit in it. */
#define SNIFF_MAX (64 * 1024)
/* read() copies from the page cache fastest when the destination is as far into a cache
 * line as the file offset is (both 0 mod 64 at the start): a fifth less time for the
 * copy, the largest cost of reading a log from the cache. The buffer is aligned, and what
 * is left of a line moves in front of that place. */
#define READ_ALIGN 64

static ssize_t read_raw(int fd, void *dst, size_t n)
{
	ssize_t k;

	do
		k = read(fd, dst, n);
	while (k < 0 && errno == EINTR);
	return k < 0 ? -errno : k;
}

/* The meter readers opened by this thread count into (reader.h). */
static _Thread_local struct oomt_read_meter *thread_meter;

void oomt_read_meter_set(struct oomt_read_meter *m)
{
	thread_meter = m;
}

/* What was read (or jumped over) beyond what the meter counted: re-read bytes count once. */
static void count_read(struct oomt_reader *r)
{
	if (!r->meter || r->in_pos <= r->metered_to)
		return;
	r->meter->bytes += r->in_pos - r->metered_to;
	r->metered_to = r->in_pos;
	if (r->meter->tick)
		r->meter->tick(r->meter);
}

/* read_raw() from the reader's input, counted on its meter. */
static ssize_t read_input(struct oomt_reader *r, void *dst, size_t n)
{
	ssize_t k = read_raw(r->fd, dst, n);

	if (k > 0)
		r->in_pos += (uint64_t)k;
	count_read(r);
	return k;
}

/* The compressed bytes, for the decoder: metered as any input. */
static ssize_t read_compressed(void *ctx, void *dst, size_t n)
{
	return read_input(ctx, dst, n);
}

static ssize_t read_some(struct oomt_reader *r, char *dst, size_t n)
{
	bool broken = false;
	ssize_t k;

	if (r->read_max && n > r->read_max)
		n = r->read_max;
	if (!r->gz)
		return read_input(r, dst, n);
	k = oomt_gunzip_read(r->gz, dst, n, &broken);
	if (k == 0 && broken)
		r->gz_error = true;     /* truncated or corrupt: keep what was decoded */
	return k;
}

int oomt_reader_init_gz(struct oomt_reader *r, int fd, size_t cap, enum oomt_gunzip_impl impl)
{
	ssize_t k;
	off_t at;

	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->meter = thread_meter;
	/* where reading starts (a resumed scan seeks first): the copies' alignment */
	at = lseek(fd, 0, SEEK_CUR);
	r->in_pos = r->metered_to = at > 0 ? (uint64_t)at : 0;
	r->cap = cap ? cap : OOMT_READER_BUFSZ;
	if (r->cap < 64)
		r->cap = 64;
	if (posix_memalign((void **)&r->buf, READ_ALIGN, r->cap + READ_ALIGN + 1) != 0)
		return -ENOMEM;
	/* Read once, front to back: the kernel reads ahead twice as far from a cold disk
	 * (on a pipe or a device the call fails, and nothing changes). */
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	/* Sniff at least two bytes for the magic (a pipe may deliver one at a time). */
	while (r->end < 2) {
		k = read_input(r, r->buf + r->end, r->cap - r->end < SNIFF_MAX ? r->cap - r->end : SNIFF_MAX);
		if (k < 0)
			return (int)k;
		if (k == 0) {
			r->eof = true;
			break;
		}
		r->end += (size_t)k;
	}
	if (r->end >= 2 && (unsigned char)r->buf[0] == 0x1f && (unsigned char)r->buf[1] == 0x8b) {
		/* the sniffed bytes are the start of the compressed stream */
		int e = oomt_gunzip_new(impl, read_compressed, r, r->buf, r->end, r->eof, &r->gz);

		if (e < 0)
			return e;
		r->eof = false;
		r->start = r->end = 0;
	}
	return 0;
}

int oomt_reader_init(struct oomt_reader *r, int fd, size_t cap)
{
	return oomt_reader_init_gz(r, fd, cap, OOMT_GUNZIP_AUTO);
}

void oomt_reader_done(struct oomt_reader *r)
{
	oomt_gunzip_free(r->gz);
	if (r->fd >= 0)
		close(r->fd);
	free(r->buf);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

size_t oomt_reader_fill(struct oomt_reader *r, size_t want)
{
	if (want > r->cap)
		want = r->cap;
	if (r->end - r->start >= want)
		return r->end - r->start;
	if (r->start > 0) {
		size_t have = r->end - r->start;
		/* decompressed data has no file offset to match: the start of the buffer */
		size_t pad = r->gz ? 0 : (size_t)((r->in_pos - have) % READ_ALIGN);

		if (pad != r->start) {
			memmove(r->buf + pad, r->buf + r->start, have);
			r->gen++;
		}
		r->start = pad;
		r->end = pad + have;
	}
	while (!r->eof && r->end - r->start < want) {
		/* at most cap bytes buffered; the buffer has READ_ALIGN more for the pad */
		ssize_t k = read_some(r, r->buf + r->end, r->cap + r->start - r->end);

		if (k < 0) {
			r->error = (int)k;
			r->eof = true;
		} else if (k == 0) {
			r->eof = true;
		} else {
			r->end += (size_t)k;
		}
	}
	return r->end - r->start;
}

int oomt_reader_seek(struct oomt_reader *r, uint64_t off)
{
	if (r->gz)
		return -ESPIPE;
	if (lseek(r->fd, (off_t)off, SEEK_SET) < 0)
		return -errno;
	r->in_pos = off;
	/* the next read lands where the copy is fastest (READ_ALIGN) */
	r->start = r->end = (size_t)(off % READ_ALIGN);
	r->eof = r->skipping = false;
	r->gen++;
	count_read(r);
	return 0;
}

uint64_t oomt_reader_offset(const struct oomt_reader *r)
{
	return r->in_pos - (r->end - r->start);
}

int oomt_reader_line(struct oomt_reader *r, char **line, size_t *len, bool *truncated)
{
	for (;;) {
		char *p = r->buf + r->start;
		size_t have = r->end - r->start;
		char *nl = r->nl_known && r->nl_gen == r->gen && r->nl_at >= r->start &&
		           r->nl_at < r->end && r->buf[r->nl_at] == '\n'
		           ? r->buf + r->nl_at : have ? memchr(p, '\n', have) : NULL;

		r->nl_known = false;

		if (nl && r->skipping) {
			r->skipping = false;
			r->start += (size_t)(nl - p) + 1;
			continue;
		}
		if (nl) {
			*nl = '\0';
			*line = p;
			*len = (size_t)(nl - p);
			*truncated = false;
			r->start += *len + 1;
			return 0;
		}
		if (r->skipping) {
			r->start = r->end = 0;
			r->gen++;
		} else if (have == r->cap) {
			/* A line as long as the buffer: hand out its first part, skip the rest. */
			p[have] = '\0';
			*line = p;
			*len = have;
			*truncated = true;
			r->start = r->end = 0;
			r->gen++;
			r->skipping = true;
			return 0;
		}
		if (r->eof) {
			if (r->error) {
				int e = r->error;

				r->error = 0;
				return e;
			}
			if (have == 0 || r->skipping)
				return 1;
			p[have] = '\0';
			*line = p;
			*len = have;
			*truncated = false;
			r->start = r->end;
			return 0;
		}
		oomt_reader_fill(r, r->end - r->start + 1);
	}
}

void oomt_reader_reread(struct oomt_reader *r, size_t start, size_t nl)
{
	r->start = start;
	r->gen++;
	r->nl_known = true;
	r->nl_at = nl;
	r->nl_gen = r->gen;
}

int64_t oomt_reader_take(struct oomt_reader *r, uint64_t n, char *dst, size_t cap,
                         bool *short_read)
{
	uint64_t done = 0;
	size_t copied = 0;

	*short_read = false;
	while (done < n) {
		size_t have = oomt_reader_fill(r, 1), k;

		if (have == 0) {
			*short_read = true;
			break;
		}
		k = have;
		if (k > n - done)
			k = (size_t)(n - done);
		if (copied < cap) {
			size_t c = k < cap - copied ? k : cap - copied;

			memcpy(dst + copied, r->buf + r->start, c);
			copied += c;
		}
		r->start += k;
		done += k;
	}
	return (int64_t)copied;
}
