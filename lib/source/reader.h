/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_READER_H
#define OOMT_SOURCE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "source/gunzip.h"

/*
 * A bounded buffered reader over a file descriptor, gzip-decompressed when the data starts
 * with the gzip magic (gunzip.h: ISA-L, or zlib). Lines longer than the buffer are cut: the first part is returned
 * with *truncated set, the rest of the line is skipped. Memory use is the buffer, always.
 */
#define OOMT_READER_BUFSZ (256 * 1024)

/* Bytes read from the inputs of readers, for a caller's progress display (lib/scan): after
 * oomt_read_meter_set(m), each reader this thread initialises adds what it reads from its
 * file descriptor to m->bytes (compressed bytes, for gzip) and then calls m->tick (may be
 * NULL). m must outlive those readers; oomt_read_meter_set(NULL) stops it for new ones. */
struct oomt_read_meter {
	uint64_t bytes;
	void (*tick)(struct oomt_read_meter *m);
};

void oomt_read_meter_set(struct oomt_read_meter *m);

struct oomt_reader {
	int fd;
	struct oomt_read_meter *meter;  /* the thread's meter when initialised, or NULL */
	struct oomt_gunzip *gz;  /* NULL: not compressed */
	char *buf;              /* cap + 65 bytes, 64-byte aligned: room for the alignment pad
	                           (reader.c) and a NUL after a full-buffer line */
	size_t cap;             /* at most cap bytes are buffered */
	size_t start, end;      /* unread bytes are buf[start..end), end - start <= cap */
	uint64_t in_pos;        /* fd's offset (bytes read from it, where it cannot seek) */
	uint64_t metered_to;    /* the meter has counted the input up to here */
	size_t read_max;        /* bytes read at once at most (0: as many as fit) */
	unsigned gen;           /* changes when buffered bytes move or are dropped: pointers
	                           into buf taken before are stale */
	bool eof;
	bool gz_error;          /* the gzip stream ended early or was corrupt */
	bool skipping;          /* dropping the rest of an over-long line */
	bool nl_known;          /* buf[nl_at] is the '\n' that ends the line at start, while
	                           gen is nl_gen (oomt_reader_reread): no search for it */
	size_t nl_at;
	unsigned nl_gen;
	int error;              /* -errno of a failed read, reported once */
};

/* Takes ownership of fd. cap 0 = OOMT_READER_BUFSZ. */
int oomt_reader_init(struct oomt_reader *r, int fd, size_t cap);
/* The same with a choice of gzip decoder (tests: both must read the same). */
int oomt_reader_init_gz(struct oomt_reader *r, int fd, size_t cap, enum oomt_gunzip_impl impl);
void oomt_reader_done(struct oomt_reader *r);

/* Next line without its '\n', NUL-terminated in place (valid until the next call).
 * Returns 0, 1 at end of input, or -errno. */
int oomt_reader_line(struct oomt_reader *r, char **line, size_t *len, bool *truncated);

/* Read buf[start..] again as the next line (the rest of a line handed out, which the caller
 * cut in two), whose '\n' is at buf[nl] (put back by the caller): found without a search,
 * so a line cut in many parts costs its length once. Pointers into buf stay valid, but gen
 * changes (the bytes read before were changed). */
void oomt_reader_reread(struct oomt_reader *r, size_t start, size_t nl);

/* Refill so that at least `want` bytes are buffered if the input has them (want <= cap).
 * Returns the number of buffered bytes. */
size_t oomt_reader_fill(struct oomt_reader *r, size_t want);

/* Drop what is buffered and go on reading a regular, uncompressed file at offset `off`
 * (the bytes jumped over count as read for the meter). 0 or -errno. */
int oomt_reader_seek(struct oomt_reader *r, uint64_t off);
/* The file offset of the next unread byte (uncompressed input). */
uint64_t oomt_reader_offset(const struct oomt_reader *r);

/* Copy up to `cap` of the next n bytes to dst and consume all n (the excess is read and
 * dropped). Returns bytes copied, or -errno; fewer than n available sets *short_read. */
int64_t oomt_reader_take(struct oomt_reader *r, uint64_t n, char *dst, size_t cap,
                         bool *short_read);

#endif
