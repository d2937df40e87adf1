/* SPDX-License-Identifier: MIT */
/*
 * Bounded line reader with transparent gzip. zlib's inflate is driven by hand instead of
 * gzdopen(): the magic is sniffed from the first read, and on a pipe (stdin) those bytes
 * cannot be given back to gzread; inflate takes them from our own input buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "source/reader.h"

#define GZ_INBUF (64 * 1024)

struct gz_state {
	z_stream zs;
	unsigned char in[GZ_INBUF];
	bool in_eof;
	bool done;         /* the stream ended (or broke): no more output */
};

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

/* read_raw() from the reader's input, counted on its meter. */
static ssize_t read_input(struct oomt_reader *r, void *dst, size_t n)
{
	ssize_t k = read_raw(r->fd, dst, n);

	if (k > 0 && r->meter) {
		r->meter->bytes += (uint64_t)k;
		if (r->meter->tick)
			r->meter->tick(r->meter);
	}
	return k;
}

/* Decompress into dst; 0 = no more output (end of stream or error). */
static ssize_t read_gz(struct oomt_reader *r, char *dst, size_t n)
{
	struct gz_state *g = (struct gz_state *)r->gz;
	z_stream *zs = &g->zs;

	if (g->done)
		return 0;
	zs->next_out = (unsigned char *)dst;
	zs->avail_out = (uInt)n;
	while (zs->avail_out == n) {
		int rc;

		if (zs->avail_in == 0 && !g->in_eof) {
			ssize_t k = read_input(r, g->in, sizeof(g->in));

			if (k < 0)
				return k;
			if (k == 0)
				g->in_eof = true;
			zs->next_in = g->in;
			zs->avail_in = (uInt)k;
		}
		rc = inflate(zs, Z_NO_FLUSH);
		if (rc == Z_STREAM_END && zs->avail_in == 0 && !g->in_eof) {
			/* Is another member coming? Look before deciding. */
			ssize_t k = read_input(r, g->in, sizeof(g->in));

			if (k < 0)
				return k;
			g->in_eof = k == 0;
			zs->next_in = g->in;
			zs->avail_in = (uInt)k;
		}
		if (rc == Z_STREAM_END) {
			/* Concatenated members (cat a.gz b.gz) continue; trailing junk ends it. */
			if ((zs->avail_in == 0 && g->in_eof) ||
			    (zs->avail_in > 0 && zs->next_in[0] != 0x1f)) {
				g->done = true;
				break;
			}
			inflateReset(zs);
			continue;
		}
		if (rc == Z_BUF_ERROR && g->in_eof && zs->avail_in == 0) {
			r->gz_error = true;     /* truncated: keep what was decoded */
			g->done = true;
			break;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			r->gz_error = true;     /* corrupt */
			g->done = true;
			break;
		}
	}
	return (ssize_t)(n - zs->avail_out);
}

static ssize_t read_some(struct oomt_reader *r, char *dst, size_t n)
{
	return r->gz ? read_gz(r, dst, n) : read_input(r, dst, n);
}

/* Start gzip decoding of the bytes already in buf plus the rest of the fd. */
static int start_gz(struct oomt_reader *r)
{
	struct gz_state *g = calloc(1, sizeof(*g));
	size_t have = r->end - r->start;

	if (!g)
		return -ENOMEM;
	if (inflateInit2(&g->zs, 16 + MAX_WBITS) != Z_OK) {
		free(g);
		return -ENOMEM;
	}
	memcpy(g->in, r->buf + r->start, have);
	g->zs.next_in = g->in;
	g->zs.avail_in = (uInt)have;
	g->in_eof = r->eof;
	r->eof = false;
	r->start = r->end = 0;
	r->gz = (gzFile)g;
	return 0;
}

int oomt_reader_init(struct oomt_reader *r, int fd, size_t cap)
{
	ssize_t k;

	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->meter = thread_meter;
	r->cap = cap ? cap : OOMT_READER_BUFSZ;
	if (r->cap < 64)
		r->cap = 64;
	r->buf = malloc(r->cap + 1);
	if (!r->buf)
		return -ENOMEM;
	/* Sniff at least two bytes for the magic (a pipe may deliver one at a time). */
	while (r->end < 2) {
		k = read_input(r, r->buf + r->end, r->cap - r->end < GZ_INBUF ? r->cap - r->end : GZ_INBUF);
		if (k < 0)
			return (int)k;
		if (k == 0) {
			r->eof = true;
			break;
		}
		r->end += (size_t)k;
	}
	if (r->end >= 2 && (unsigned char)r->buf[0] == 0x1f && (unsigned char)r->buf[1] == 0x8b)
		return start_gz(r);
	return 0;
}

void oomt_reader_done(struct oomt_reader *r)
{
	if (r->gz) {
		struct gz_state *g = (struct gz_state *)r->gz;

		inflateEnd(&g->zs);
		free(g);
	}
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
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	while (!r->eof && r->end < want) {
		ssize_t k = read_some(r, r->buf + r->end, r->cap - r->end);

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

int oomt_reader_line(struct oomt_reader *r, char **line, size_t *len, bool *truncated)
{
	for (;;) {
		char *p = r->buf + r->start;
		size_t have = r->end - r->start;
		char *nl = have ? memchr(p, '\n', have) : NULL;

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
		} else if (have == r->cap) {
			/* A line as long as the buffer: hand out its first part, skip the rest. */
			p[have] = '\0';
			*line = p;
			*len = have;
			*truncated = true;
			r->start = r->end = 0;
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
