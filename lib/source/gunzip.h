/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_GUNZIP_H
#define OOMT_SOURCE_GUNZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Streaming gzip decompression for the reader: ISA-L's isal_inflate where libisal can be
 * loaded (about three times zlib's speed), zlib's inflate otherwise. libisal is dlopen()ed
 * on first use like every optional library (lib/util/dl.h): a command that reads no .gz
 * does not carry its pages, and a host without it still reads .gz through zlib.
 *
 * Concatenated members (cat a.gz b.gz, what logrotate's delaycompress and many tools
 * write) are one stream. Bytes after a member that do not start another (tar padding,
 * junk) end the stream quietly; a truncated or corrupt member ends it with *broken set:
 * what was decoded before is kept.
 */
enum oomt_gunzip_impl {
	OOMT_GUNZIP_AUTO = 0,   /* ISA-L if it can be loaded, else zlib */
	OOMT_GUNZIP_ZLIB,
	OOMT_GUNZIP_ISAL,       /* -ELIBACC when libisal cannot be loaded (or was not built in) */
};

struct oomt_gunzip;

/* Where the compressed bytes come from: like read(2), > 0, 0 at the end, or -errno. */
typedef ssize_t (*oomt_gunzip_read_fn)(void *ctx, void *buf, size_t n);

/* A decoder reading the compressed bytes with read_fn(ctx, ...), after the first `have`
 * bytes, which were already read and are copied from `head` (head_is_all: and there is
 * nothing after them). */
int oomt_gunzip_new(enum oomt_gunzip_impl impl, oomt_gunzip_read_fn read_fn, void *ctx,
                    const void *head, size_t have, bool head_is_all, struct oomt_gunzip **ret);
void oomt_gunzip_free(struct oomt_gunzip *g);

/* Up to n decompressed bytes into dst: > 0, 0 at the end of the stream (after which
 * *broken tells whether it ended early), or -errno of a failed read. */
ssize_t oomt_gunzip_read(struct oomt_gunzip *g, void *dst, size_t n, bool *broken);

/* Which decoder g uses (for tests and the bench). */
enum oomt_gunzip_impl oomt_gunzip_impl_of(const struct oomt_gunzip *g);

/* Whether libisal can be loaded here (loads it on the first call). */
bool oomt_gunzip_have_isal(void);

#endif
