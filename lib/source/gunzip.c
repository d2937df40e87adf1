/* SPDX-License-Identifier: MIT */
/*
 * gzip streams through ISA-L or zlib (gunzip.h). Both decoders are driven the same way:
 * one member at a time with the gzip wrapper parsed and the CRC checked by the library,
 * the members chained here. The compressed input goes through our own buffer, so that the
 * bytes the caller sniffed for the magic (a pipe cannot give them back) are decoded too;
 * the caller's read function supplies the rest (the reader counts them for progress).
 *
 * Both are loaded on first use (util/dl.h), zlib only where ISA-L is missing: a scan of a
 * .gz then maps one decoder, and any other command neither.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "source/gunzip.h"
#include "util/dl.h"

#ifdef OOMT_HAVE_ISAL
#include <isa-l/igzip_lib.h>

#ifndef OOMT_LIBISAL_SONAME
#define OOMT_LIBISAL_SONAME "libisal.so.2"
#endif

#define OOMT_ISAL_FUNCS(X) \
	X(isal_, inflate_init) \
	X(isal_, inflate_reset) \
	X(isal_, inflate)

static struct {
	OOMT_ISAL_FUNCS(OOMT_DL_FN)
} isal;
static int isal_error;
static pthread_once_t isal_once = PTHREAD_ONCE_INIT;

static void isal_load(void)
{
	static const char *const names[] = { OOMT_ISAL_FUNCS(OOMT_DL_NAME) };
	void *a[sizeof(names) / sizeof(names[0])];
	size_t i = 0;

	isal_error = oomt_dl_load(OOMT_LIBISAL_SONAME, names, a, sizeof(a) / sizeof(a[0]), NULL);
	if (isal_error < 0)
		return;
#define SET(prefix, name) isal.name = (typeof(isal.name))a[i++];
	OOMT_ISAL_FUNCS(SET)
#undef SET
}
#endif

#ifndef OOMT_LIBZ_SONAME
#define OOMT_LIBZ_SONAME "libz.so.1"
#endif

/* inflateInit2() is a macro over inflateInit2_() */
#define OOMT_ZLIB_FUNCS(X) \
	X(, inflateInit2_) \
	X(, inflate) \
	X(, inflateReset) \
	X(, inflateEnd)

static struct {
	OOMT_ZLIB_FUNCS(OOMT_DL_FN)
} zlib;
static const char *const zlib_names[] = { OOMT_ZLIB_FUNCS(OOMT_DL_NAME) };
static struct oomt_dl_table zlib_lib = OOMT_DL_TABLE(OOMT_LIBZ_SONAME, zlib_names, zlib);

bool oomt_gunzip_have_isal(void)
{
#ifdef OOMT_HAVE_ISAL
	pthread_once(&isal_once, isal_load);
	return isal_error == 0;
#else
	return false;
#endif
}

/* Compressed input read per read(2): large enough that the decoder runs long stretches
 * between reads (64 KiB reads cost nothing measurable against 128 KiB ones), small enough
 * for the 4 MiB budget of a scan; no smaller than the reader's sniff (SNIFF_MAX, reader.c),
 * which it takes whole. */
#define GZ_INBUF (64 * 1024)

enum step {
	STEP_OK,        /* progress, or waiting for input */
	STEP_END,       /* the member ended and its CRC matched */
	STEP_BROKEN,    /* corrupt data or CRC */
};

struct oomt_gunzip {
	enum oomt_gunzip_impl impl;
	oomt_gunzip_read_fn read_fn;
	void *ctx;
	unsigned char *next_in;
	size_t avail_in;
	bool in_eof;
	bool done;          /* no more output */
	bool broken;
	union {
		z_stream zs;
#ifdef OOMT_HAVE_ISAL
		struct inflate_state *is;
#endif
	} u;
	unsigned char in[GZ_INBUF];
};

/* One decoding step of the current member: *out_n bytes were written to dst. */
static enum step step_zlib(struct oomt_gunzip *g, unsigned char *dst, size_t n, size_t *out_n)
{
	z_stream *zs = &g->u.zs;
	int rc;

	zs->next_in = g->next_in;
	zs->avail_in = (uInt)g->avail_in;
	zs->next_out = dst;
	zs->avail_out = (uInt)n;
	rc = zlib.inflate(zs, Z_NO_FLUSH);
	g->next_in = zs->next_in;
	g->avail_in = zs->avail_in;
	*out_n = n - zs->avail_out;
	if (rc == Z_STREAM_END)
		return STEP_END;
	if (rc == Z_OK || rc == Z_BUF_ERROR)
		return STEP_OK;
	return STEP_BROKEN;
}

static void reset_zlib(struct oomt_gunzip *g)
{
	zlib.inflateReset(&g->u.zs);
}

#ifdef OOMT_HAVE_ISAL
static enum step step_isal(struct oomt_gunzip *g, unsigned char *dst, size_t n, size_t *out_n)
{
	struct inflate_state *s = g->u.is;
	int rc;

	if (n > UINT32_MAX)
		n = UINT32_MAX;
	s->next_in = g->next_in;
	s->avail_in = (uint32_t)(g->avail_in > UINT32_MAX ? UINT32_MAX : g->avail_in);
	s->next_out = dst;
	s->avail_out = (uint32_t)n;
	rc = isal.inflate(s);
	g->avail_in -= (size_t)(s->next_in - g->next_in);
	g->next_in = s->next_in;
	*out_n = n - s->avail_out;
	if (rc < 0)
		return STEP_BROKEN;
	return s->block_state == ISAL_BLOCK_FINISH ? STEP_END : STEP_OK;
}

static void reset_isal(struct oomt_gunzip *g)
{
	isal.inflate_reset(g->u.is);   /* keeps crc_flag: the next member is gzip too */
}
#endif

static enum step step(struct oomt_gunzip *g, unsigned char *dst, size_t n, size_t *out_n)
{
#ifdef OOMT_HAVE_ISAL
	if (g->impl == OOMT_GUNZIP_ISAL)
		return step_isal(g, dst, n, out_n);
#endif
	return step_zlib(g, dst, n, out_n);
}

static void reset(struct oomt_gunzip *g)
{
#ifdef OOMT_HAVE_ISAL
	if (g->impl == OOMT_GUNZIP_ISAL) {
		reset_isal(g);
		return;
	}
#endif
	reset_zlib(g);
}

static int read_input(struct oomt_gunzip *g)
{
	ssize_t k = g->read_fn(g->ctx, g->in, sizeof(g->in));

	if (k < 0)
		return (int)k;
	g->next_in = g->in;
	g->avail_in = (size_t)k;
	g->in_eof = k == 0;
	return 0;
}

ssize_t oomt_gunzip_read(struct oomt_gunzip *g, void *dst, size_t n, bool *broken)
{
	size_t got = 0;
	unsigned stalls = 0;
	int r;

	*broken = g->broken;
	while (!g->done && got == 0 && n > 0) {
		size_t in_before, out_n = 0;
		enum step s;

		if (g->avail_in == 0 && !g->in_eof && (r = read_input(g)) < 0)
			return r;
		in_before = g->avail_in;
		s = step(g, (unsigned char *)dst, n, &out_n);
		got = out_n;
		if (s == STEP_BROKEN) {
			g->broken = g->done = true;
			break;
		}
		if (s == STEP_END) {
			/* Another member, or the end? Look at the next byte before deciding:
			 * anything but the gzip magic after a member is padding or junk. */
			if (g->avail_in == 0 && !g->in_eof && (r = read_input(g)) < 0)
				return r;
			if (g->avail_in == 0 || g->next_in[0] != 0x1f)
				g->done = true;
			else
				reset(g);
			continue;
		}
		/* No output and no input taken with the input at its end: the member is cut. A
		 * decoder that stalls with input left (it should not) ends the stream too. */
		if (out_n == 0 && g->avail_in == in_before &&
		    ((g->avail_in == 0 && g->in_eof) || (g->avail_in > 0 && ++stalls > 2)))
			g->broken = g->done = true;
	}
	*broken = g->broken;
	return (ssize_t)got;
}

int oomt_gunzip_new(enum oomt_gunzip_impl impl, oomt_gunzip_read_fn read_fn, void *ctx,
                    const void *head, size_t have, bool head_is_all, struct oomt_gunzip **ret)
{
	struct oomt_gunzip *g;

	if (have > GZ_INBUF)
		return -EINVAL;
	if (impl == OOMT_GUNZIP_AUTO)
		impl = oomt_gunzip_have_isal() ? OOMT_GUNZIP_ISAL : OOMT_GUNZIP_ZLIB;
	else if (impl == OOMT_GUNZIP_ISAL && !oomt_gunzip_have_isal())
		return -ELIBACC;
	if (impl == OOMT_GUNZIP_ZLIB && oomt_dl_table_get(&zlib_lib) < 0)
		return -ELIBACC;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->impl = impl;
	g->read_fn = read_fn;
	g->ctx = ctx;
	memcpy(g->in, head, have);
	g->next_in = g->in;
	g->avail_in = have;
	g->in_eof = head_is_all;
#ifdef OOMT_HAVE_ISAL
	if (impl == OOMT_GUNZIP_ISAL) {
		/* zeroed: on a corrupt stream (a back-reference before the start) ISA-L copies
		 * from state it never wrote, and a scan must read the same bytes every time */
		g->u.is = calloc(1, sizeof(*g->u.is));
		if (!g->u.is) {
			free(g);
			return -ENOMEM;
		}
		isal.inflate_init(g->u.is);
		g->u.is->crc_flag = ISAL_GZIP;
		*ret = g;
		return 0;
	}
#endif
	if (zlib.inflateInit2_(&g->u.zs, 16 + MAX_WBITS, ZLIB_VERSION, (int)sizeof(z_stream)) != Z_OK) {
		free(g);
		return -ENOMEM;
	}
	*ret = g;
	return 0;
}

void oomt_gunzip_free(struct oomt_gunzip *g)
{
	if (!g)
		return;
#ifdef OOMT_HAVE_ISAL
	if (g->impl == OOMT_GUNZIP_ISAL)
		free(g->u.is);
	else
#endif
		zlib.inflateEnd(&g->u.zs);
	free(g);
}

enum oomt_gunzip_impl oomt_gunzip_impl_of(const struct oomt_gunzip *g)
{
	return g->impl;
}
