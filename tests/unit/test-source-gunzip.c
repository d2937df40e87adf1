/* SPDX-License-Identifier: MIT */
/* The reader's gzip decoding (source/gunzip.c): ISA-L and zlib must read the same bytes,
 * members chained, truncation and corruption reported (the scan counts them as lost). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include "source/gunzip.h"
#include "source/reader.h"

struct buf {
	unsigned char *p;
	size_t n, cap;
};

static void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

/* One gzip member of text[0..n) at level, appended to out. */
static void gz_member(struct buf *out, const char *text, size_t n, int level)
{
	z_stream zs = { 0 };
	unsigned char chunk[65536];
	int rc;

	assert_int_equal(deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8,
	                              Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)text;
	zs.avail_in = (uInt)n;
	do {
		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		rc = deflate(&zs, Z_FINISH);
		assert_true(rc == Z_OK || rc == Z_STREAM_END);
		buf_add(out, chunk, sizeof(chunk) - zs.avail_out);
	} while (rc != Z_STREAM_END);
	deflateEnd(&zs);
}

/* Log-like text of about n bytes: many lines, repeats and noise, some long lines. */
static char *make_text(size_t n, unsigned seed, size_t *ret_len)
{
	char *t = malloc(n + 1024);
	size_t off = 0;

	assert_non_null(t);
	srand(seed);
	while (off < n) {
		int k = rand() % 20;

		if (k == 0) {
			size_t len = 500 + (size_t)(rand() % 3000);

			for (size_t i = 0; i < len && off < n; i++)
				t[off++] = (char)('a' + rand() % 26);
			t[off++] = '\n';
		} else {
			off += (size_t)snprintf(t + off, 1024, "Jul  6 12:%02d:%02d web%d kernel: [%6d.%06d] "
			                        "line %zu of the log, value %d\n", rand() % 60, rand() % 60,
			                        k, rand() % 100000, rand() % 1000000, off, rand());
		}
	}
	*ret_len = off;
	return t;
}

static int fd_of(const struct buf *b)
{
	int fd = memfd_create("gz", MFD_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, b->p, b->n), (ssize_t)b->n);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

struct got {
	struct buf text;
	bool gz_error;
	bool compressed;
	int rc;
};

/* Every line of fd through the reader, joined with '\n' again. */
static struct got read_all(int fd, enum oomt_gunzip_impl impl, size_t cap)
{
	struct oomt_reader rd;
	struct got g = { 0 };
	char *line;
	size_t len;
	bool cut;

	assert_int_equal(oomt_reader_init_gz(&rd, fd, cap, impl), 0);
	g.compressed = rd.gz != NULL;
	if (rd.gz)
		assert_int_equal(oomt_gunzip_impl_of(rd.gz), impl);
	while ((g.rc = oomt_reader_line(&rd, &line, &len, &cut)) == 0) {
		assert_false(cut);
		buf_add(&g.text, line, len);
		buf_add(&g.text, "\n", 1);
	}
	g.gz_error = rd.gz_error;
	oomt_reader_done(&rd);
	return g;
}

static const enum oomt_gunzip_impl impls[] = { OOMT_GUNZIP_ZLIB, OOMT_GUNZIP_ISAL };

static bool impl_usable(enum oomt_gunzip_impl impl)
{
	if (impl == OOMT_GUNZIP_ISAL && !oomt_gunzip_have_isal()) {
		fprintf(stderr, "# ISA-L cannot be loaded here: its cases are skipped\n");
		return false;
	}
	return true;
}

static void test_roundtrip(void **state)
{
	(void)state;
	size_t n;
	char *text = make_text(3 << 20, 1, &n);

	for (int level = 1; level <= 9; level += 8) {
		struct buf gz = { 0 };

		gz_member(&gz, text, n, level);
		for (size_t i = 0; i < 2; i++) {
			if (!impl_usable(impls[i]))
				continue;
			/* the default buffer, and a small one: decoder output split everywhere */
			for (size_t cap = 0; cap <= 4096; cap += 4096) {
				struct got g = read_all(fd_of(&gz), impls[i], cap ? cap : 0);

				assert_true(g.compressed);
				assert_int_equal(g.rc, 1);
				assert_false(g.gz_error);
				assert_int_equal(g.text.n, n);
				assert_memory_equal(g.text.p, text, n);
				free(g.text.p);
			}
		}
		free(gz.p);
	}
	free(text);
}

static void test_auto_prefers_isal(void **state)
{
	(void)state;
	struct buf gz = { 0 };
	struct oomt_reader rd;

	gz_member(&gz, "x\n", 2, 6);
	assert_int_equal(oomt_reader_init(&rd, fd_of(&gz), 0), 0);
	assert_non_null(rd.gz);
	assert_int_equal(oomt_gunzip_impl_of(rd.gz),
	                 oomt_gunzip_have_isal() ? OOMT_GUNZIP_ISAL : OOMT_GUNZIP_ZLIB);
	oomt_reader_done(&rd);
	free(gz.p);
}

static void test_members(void **state)
{
	(void)state;
	size_t n;
	char *big = make_text(300000, 2, &n);
	struct buf gz = { 0 }, want = { 0 };

	/* a small member, an empty one, a large one, a tiny one: cat a.gz b.gz ... */
	gz_member(&gz, "first\n", 6, 6);
	buf_add(&want, "first\n", 6);
	gz_member(&gz, "", 0, 6);
	gz_member(&gz, big, n, 1);
	buf_add(&want, big, n);
	gz_member(&gz, "last\n", 5, 9);
	buf_add(&want, "last\n", 5);
	for (size_t i = 0; i < 2; i++) {
		if (!impl_usable(impls[i]))
			continue;
		struct got g = read_all(fd_of(&gz), impls[i], 0);

		assert_false(g.gz_error);
		assert_int_equal(g.text.n, want.n);
		assert_memory_equal(g.text.p, want.p, want.n);
		free(g.text.p);
	}
	/* padding after the last member (tar, dd): the end, not an error */
	size_t members_len = gz.n;
	buf_add(&gz, "\0\0\0\0\0\0\0\0", 8);
	for (size_t i = 0; i < 2; i++) {
		if (!impl_usable(impls[i]))
			continue;
		struct got g = read_all(fd_of(&gz), impls[i], 0);

		assert_false(g.gz_error);
		assert_int_equal(g.text.n, want.n);
		free(g.text.p);
	}
	/* junk that looks like a member: an error after everything before it */
	gz.n = members_len;
	buf_add(&gz, "\x1f\x8b\x08\0junkjunkjunk", 16);
	for (size_t i = 0; i < 2; i++) {
		if (!impl_usable(impls[i]))
			continue;
		struct got g = read_all(fd_of(&gz), impls[i], 0);

		assert_true(g.gz_error);
		assert_int_equal(g.text.n, want.n);
		assert_memory_equal(g.text.p, want.p, want.n);
		free(g.text.p);
	}
	free(gz.p);
	free(want.p);
	free(big);
}

/* Cut or damaged streams: the lines decoded before the damage, then gz_error. */
static void check_broken(const struct buf *gz, const char *text, size_t n)
{
	for (size_t i = 0; i < 2; i++) {
		if (!impl_usable(impls[i]))
			continue;
		struct got g = read_all(fd_of(gz), impls[i], 0);

		assert_int_equal(g.rc, 1);
		assert_true(g.gz_error);
		assert_true(g.text.n <= n + 1);
		/* everything but the last (maybe partial) line is the original's */
		if (g.text.n > 0) {
			unsigned char *last = memrchr(g.text.p, '\n', g.text.n - 1);
			size_t whole = last ? (size_t)(last - g.text.p) + 1 : 0;

			assert_memory_equal(g.text.p, text, whole);
		}
		free(g.text.p);
	}
}

static void test_truncated(void **state)
{
	(void)state;
	size_t n;
	char *text = make_text(1 << 20, 3, &n);
	struct buf gz = { 0 };
	size_t full;

	gz_member(&gz, text, n, 6);
	full = gz.n;
	/* in the header, in the data, in the trailer (CRC or length missing) */
	const size_t cuts[] = { 5, 20, full / 3, full / 2, full - 9, full - 4, full - 1 };
	for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++) {
		gz.n = cuts[c];
		check_broken(&gz, text, n);
	}
	/* a second member cut short after a whole first one */
	gz.n = full;
	gz_member(&gz, "second\n", 7, 6);
	gz.n -= 6;
	{
		for (size_t i = 0; i < 2; i++) {
			if (!impl_usable(impls[i]))
				continue;
			struct got g = read_all(fd_of(&gz), impls[i], 0);

			assert_true(g.gz_error);
			assert_true(g.text.n >= n);
			assert_memory_equal(g.text.p, text, n);
			free(g.text.p);
		}
	}
	free(gz.p);
	free(text);
}

static void test_corrupt(void **state)
{
	(void)state;
	size_t n;
	char *text = make_text(1 << 20, 4, &n);
	struct buf gz = { 0 };

	gz_member(&gz, text, n, 6);
	/* a wrong CRC: the data decode, the check fails */
	gz.p[gz.n - 8] ^= 0xff;
	check_broken(&gz, text, n);
	gz.p[gz.n - 8] ^= 0xff;
	/* a wrong length */
	gz.p[gz.n - 1] ^= 0x01;
	check_broken(&gz, text, n);
	gz.p[gz.n - 1] ^= 0x01;
	/* garbage in the middle of the deflate data */
	memset(gz.p + gz.n / 2, 0xff, 64);
	check_broken(&gz, text, n);
	free(gz.p);
	free(text);
}

/* A corrupt stream (fuzz-text-source found it: a back-reference before anything was
 * written) reads the same bytes each time, never what the heap held before: ISA-L copied
 * from state it had not written. The heap is filled with a marker first. */
static void test_corrupt_no_stale_bytes(void **state)
{
	static const unsigned char bad[] = {
		0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x8b, 0x56,
		0x6b, 0x6d, 0x73, 0x67, 0x3a, 0x20, 0x30, 0xd4, 0x33, 0x00, 0x85, 0xbe,
		0x58, 0x83, 0xbe, 0xbe, 0xbe, 0xbe, 0xbe, 0x72, 0x73, 0x73,
	};
	struct buf gz = { 0 };
	struct got first = { 0 };

	(void)state;
	buf_add(&gz, bad, sizeof(bad));
	for (size_t k = 0; k < sizeof(impls) / sizeof(impls[0]); k++) {
		if (!impl_usable(impls[k]))
			continue;
		for (int round = 0; round < 2; round++) {
			void *dirty[64];
			struct got g;
			int fd = fd_of(&gz);

			for (size_t i = 0; i < 64; i++) {
				dirty[i] = malloc(4096 * (i + 1));
				assert_non_null(dirty[i]);
				memset(dirty[i], 0xa5, 4096 * (i + 1));
			}
			for (size_t i = 0; i < 64; i++)
				free(dirty[i]);
			g = read_all(fd, impls[k], 0);
			close(fd);
			assert_true(g.gz_error);
			assert_null(memchr(g.text.p ? (void *)g.text.p : "", 0xa5, g.text.n));
			if (round == 0) {
				first = g;
				continue;
			}
			assert_int_equal(g.text.n, first.text.n);
			assert_memory_equal(g.text.p, first.text.p, g.text.n);
			free(g.text.p);
			free(first.text.p);
		}
	}
	free(gz.p);
}

/* A pipe that delivers the magic one byte at a time (stdin): the sniffed bytes are part of
 * the stream. */
static void test_pipe(void **state)
{
	(void)state;
	size_t n;
	char *text = make_text(200000, 5, &n);
	struct buf gz = { 0 };

	gz_member(&gz, text, n, 6);
	for (size_t i = 0; i < 2; i++) {
		int p[2];
		pid_t pid;

		if (!impl_usable(impls[i]))
			continue;
		assert_int_equal(pipe(p), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(p[0]);
			if (write(p[1], gz.p, 1) != 1)
				_exit(1);
			usleep(20000);
			for (size_t off = 1; off < gz.n;) {
				size_t k = gz.n - off < 1000 ? gz.n - off : 1000;
				ssize_t w = write(p[1], gz.p + off, k);

				if (w <= 0)
					_exit(1);
				off += (size_t)w;
			}
			_exit(0);
		}
		close(p[1]);
		struct got g = read_all(p[0], impls[i], 0);
		int st;

		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		assert_false(g.gz_error);
		assert_int_equal(g.text.n, n);
		assert_memory_equal(g.text.p, text, n);
		free(g.text.p);
	}
	free(gz.p);
	free(text);
}

/* Not gzip: a text starting with the first magic byte only, and an empty file. */
static void test_not_gzip(void **state)
{
	(void)state;
	struct buf b = { 0 };
	struct got g;

	buf_add(&b, "\x1f" "abc\n", 5);
	g = read_all(fd_of(&b), OOMT_GUNZIP_ZLIB, 0);
	assert_false(g.compressed);
	assert_int_equal(g.text.n, 5);
	free(g.text.p);
	b.n = 0;
	g = read_all(fd_of(&b), OOMT_GUNZIP_ZLIB, 0);
	assert_false(g.compressed);
	assert_int_equal(g.text.n, 0);
	free(b.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_auto_prefers_isal),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_corrupt_no_stale_bytes),
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_not_gzip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
