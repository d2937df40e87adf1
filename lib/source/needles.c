/* SPDX-License-Identifier: MIT */
/*
 * Multi-needle search for the prefilter.
 *
 * x86-64: a "Teddy"-style fingerprint scan. Each needle contributes a 4-byte (3 when a
 * needle is that short) fingerprint, taken where its bytes are rarest in log text, to
 * per-position tables of bucket bits (8 buckets of needles); a position is a candidate when
 * the bytes there and after it are in the tables of one bucket, and only candidates are
 * verified with memcmp.
 *   AVX-512 VBMI: the tables are indexed by the byte's low 7 bits (VPERMI2B looks up 128
 *   entries at once), so a candidate needs those bits of all 4 bytes equal to some needle's:
 *   false candidates are rare, 64 positions are tested per step, and the end of the
 *   buffer is read with masked loads (short journal messages cost no scalar tail).
 *   AVX2: the tables are indexed by nibble (PSHUFB), 32 positions per step.
 * Elsewhere: Wu-Manber with 2-byte blocks (skips up to shortest needle - 1 bytes).
 * glibc memmem() per needle would read the buffer once per needle.
 *
 * A fingerprint on rare bytes can still be a common word of the log at hand ("ctiv" of
 * "corrective action" is in every systemd "Deactivated successfully" line, a false
 * candidate each, which halved the scan's speed). So the scan counts, per needle, the
 * false candidates that were exactly its fingerprint, and a needle whose count passes
 * ADAPT_FALSE within ADAPT_BYTES of text moves its fingerprint to the next rarest place
 * not tried yet. The answers never depend on where the fingerprints are.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "source/needles.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_TEDDY 1
#endif

#define GRAMS 65536
#define NONE UINT16_MAX
#define FP_MAX 4                   /* fingerprint length: 4, or 3 with 3-byte needles */
#define BUCKETS 8
#define ADAPT_BYTES (1u << 20)     /* text searched between two looks at the false candidates */
#define ADAPT_FALSE 64             /* a fingerprint this often false in that text moves */

struct oomt_needles {
	size_t count;
	const char **needle;
	size_t *len;
	size_t *fp_off;            /* where the fingerprint starts in the needle */
	uint64_t *fp_tried;        /* fingerprint places tried, bit o for offset o < 64 */
	uint32_t *fp_false;        /* false candidates that were exactly the fingerprint */
	size_t scanned;            /* bytes searched since the last look at fp_false */
	size_t adapt_bytes;        /* ADAPT_BYTES, ADAPT_FALSE (tests make them small) */
	uint32_t adapt_false;
	size_t max_fp_off;
	bool teddy;
	size_t fp;                 /* fingerprint length in use */
	/* Teddy: per fingerprint byte j, nibble tables (both 128-bit lanes identical) */
	uint8_t lo[FP_MAX][32], hi[FP_MAX][32];
	bool vbmi;                 /* AVX-512 VBMI: the 7-bit tables below */
	uint8_t tab7[FP_MAX][128];
	uint16_t bucket_head[BUCKETS];
	uint16_t *bucket_next;
	uint8_t *bucket;           /* each needle's bucket (assign_buckets) */
	/* Wu-Manber: built where there is no fingerprint scan, else on the first portable
	 * search (tests): its 192 KiB would be most of the resident set of a scan */
	size_t m;                  /* shortest needle length (>= 2), else 0 = memmem mode */
	uint16_t *next;
	struct wu_manber *wm;
};

struct wu_manber {
	uint16_t head[GRAMS];
	uint8_t shift[GRAMS];
};

static unsigned gram(const char *p)
{
	return (unsigned)(unsigned char)p[0] | (unsigned)(unsigned char)p[1] << 8;
}

/* How common a byte is in log text (rough; used to place fingerprints on rare bytes). */
static unsigned byte_cost(unsigned char c)
{
	static const char common[] = "etaoinsrhldcumfpgwybvkxjqz";

	if (c == ' ')
		return 100;
	if (c >= '0' && c <= '9')
		return 40;
	if (c >= 'a' && c <= 'z')
		return 60 - 2 * (unsigned)(strchr(common, c) - common);
	if (c == ':' || c == '.' || c == '[' || c == ']' || c == '=' || c == '-' || c == '/')
		return 25;
	if (c >= 'A' && c <= 'Z')
		return 8;
	return 4;
}

/* The cheapest fingerprint place not in tried (bit o: offset o), or len when none is left. */
static size_t pick_fp_off(const char *s, size_t len, size_t fp, uint64_t tried)
{
	size_t best = len;
	unsigned best_cost = ~0u;

	for (size_t o = 0; o + fp <= len && o < 64; o++) {
		unsigned cost = 0;

		if (tried >> o & 1)
			continue;
		for (size_t j = 0; j < fp; j++)
			cost += byte_cost((unsigned char)s[o + j]);
		if (cost < best_cost) {
			best_cost = cost;
			best = o;
		}
	}
	return best;
}

/* The Wu-Manber tables (with needles of 2 bytes or more); false when out of memory, and
 * then the search is one memmem() per needle. */
static bool build_wu_manber(struct oomt_needles *n)
{
	struct wu_manber *wm;

	if (n->wm || !n->m)
		return n->wm != NULL;
	wm = malloc(sizeof(*wm));
	if (!wm)
		return false;
	memset(wm->shift, (int)(n->m - 1), sizeof(wm->shift));
	memset(wm->head, 0xff, sizeof(wm->head));    /* NONE */
	for (size_t k = 0; k < n->count; k++) {
		for (size_t j = 0; j + 2 <= n->m; j++) {
			unsigned g = gram(n->needle[k] + j);
			size_t s = n->m - 2 - j;

			if (s < wm->shift[g])
				wm->shift[g] = (uint8_t)s;
		}
		unsigned g = gram(n->needle[k] + n->m - 2);
		n->next[k] = wm->head[g];
		wm->head[g] = (uint16_t)k;
	}
	n->wm = wm;
	return true;
}

/* How much log text one fingerprint place of a bucket lets through: the summed costs of
 * the bytes its tables accept there. The 7-bit tables (VBMI) accept the needles' bytes;
 * the nibble tables (AVX2) accept every pairing of a needle's high nibble with any
 * needle's low nibble, which is far more. */
static uint64_t place_weight(const struct oomt_needles *n, const uint64_t set[4])
{
	unsigned lo = 0, hi = 0;
	uint64_t sum = 0;

	for (unsigned w = 0; w < 4; w++)
		for (uint64_t m = set[w]; m; m &= m - 1) {
			unsigned c = w * 64 + (unsigned)__builtin_ctzll(m);

			if (n->vbmi)
				sum += byte_cost((unsigned char)c);
			lo |= 1u << (c & 15);
			hi |= 1u << (c >> 4);
		}
	if (n->vbmi)
		return sum;
	for (unsigned h = hi; h; h &= h - 1)
		for (unsigned l = lo; l; l &= l - 1)
			sum += byte_cost((unsigned char)((unsigned)__builtin_ctz(h) << 4 |
			                                 (unsigned)__builtin_ctz(l)));
	return sum;
}

/* How many text 4-grams a bucket's tables let through, weighted by how common their bytes
 * are in log text: the product of its places' weights. */
static uint64_t bucket_mix(const struct oomt_needles *n, const uint64_t set[FP_MAX][4])
{
	uint64_t mix = 1;

	for (size_t j = 0; j < n->fp; j++)
		mix *= place_weight(n, set[j]);
	return mix;
}

struct fp_rank {
	uint64_t alone;            /* bucket_mix of the needle on its own */
	size_t k;
};

static int by_commonest(const void *a, const void *b)
{
	const struct fp_rank *x = a, *y = b;

	if (x->alone != y->alone)
		return x->alone < y->alone ? 1 : -1;
	return x->k < y->k ? -1 : x->k > y->k;
}

static void needle_set(const struct oomt_needles *n, size_t k, uint64_t set[FP_MAX][4])
{
	for (size_t j = 0; j < n->fp; j++) {
		unsigned char c = (unsigned char)n->needle[k][n->fp_off[k] + j];

		set[j][c / 64] |= 1ull << (c % 64);
	}
}

/*
 * Which bucket each needle's fingerprint goes to. A bucket's tables accept every mix of its
 * needles' fingerprint bytes (a byte of one needle at the first place, of another at the
 * second, ...), and each such mix found in the text is a false candidate; dealt round the
 * buckets by index, one needle more made "lick" and "oop " of common log words candidates
 * half a million times in the bench's syslog and cost 40% of the scan. So the needles, the
 * commonest fingerprints first, go one by one to the bucket whose mix grows least: needles
 * that share fingerprint bytes share a bucket, and rare bytes are mixed before common ones.
 * Round the buckets by index when out of memory.
 */
static void assign_buckets(struct oomt_needles *n)
{
	uint64_t set[BUCKETS][FP_MAX][4], mix[BUCKETS];
	struct fp_rank *order = malloc(n->count * sizeof(*order));

	memset(set, 0, sizeof(set));
	memset(mix, 0, sizeof(mix));
	for (size_t k = 0; k < n->count; k++) {
		uint64_t one[FP_MAX][4] = { { 0 } };

		n->bucket[k] = (uint8_t)(k % BUCKETS);   /* kept when out of memory */
		if (order) {
			needle_set(n, k, one);
			order[k] = (struct fp_rank){ .alone = bucket_mix(n, one), .k = k };
		}
	}
	if (order)
		qsort(order, n->count, sizeof(*order), by_commonest);
	for (size_t i = 0; order && i < n->count; i++) {
		size_t k = order[i].k, best = 0;
		uint64_t best_growth = UINT64_MAX, best_mix = 0;

		for (size_t b = 0; b < BUCKETS; b++) {
			uint64_t with[FP_MAX][4], m;

			memcpy(with, set[b], sizeof(with));
			needle_set(n, k, with);
			m = bucket_mix(n, with);
			if (m - mix[b] < best_growth) {
				best_growth = m - mix[b];
				best_mix = m;
				best = b;
			}
		}
		needle_set(n, k, set[best]);
		mix[best] = best_mix;
		n->bucket[k] = (uint8_t)best;
	}
	free(order);
	/* each bucket's list in needle order, as verify() walks it */
	for (size_t b = 0; b < BUCKETS; b++)
		n->bucket_head[b] = NONE;
	for (size_t k = n->count; k-- > 0;) {
		n->bucket_next[k] = n->bucket_head[n->bucket[k]];
		n->bucket_head[n->bucket[k]] = (uint16_t)k;
	}
}

/* The fingerprint tables from the needles' fingerprint places. */
static void fill_tables(struct oomt_needles *n)
{
	memset(n->lo, 0, sizeof(n->lo));
	memset(n->hi, 0, sizeof(n->hi));
	memset(n->tab7, 0, sizeof(n->tab7));
	n->max_fp_off = 0;
	assign_buckets(n);
	for (size_t k = 0; k < n->count; k++) {
		size_t b = n->bucket[k];

		if (n->fp_off[k] > n->max_fp_off)
			n->max_fp_off = n->fp_off[k];
		for (size_t j = 0; j < n->fp; j++) {
			unsigned char c = (unsigned char)n->needle[k][n->fp_off[k] + j];

			n->lo[j][c & 15] |= (uint8_t)(1u << b);
			n->lo[j][16 + (c & 15)] |= (uint8_t)(1u << b);
			n->hi[j][c >> 4] |= (uint8_t)(1u << b);
			n->hi[j][16 + (c >> 4)] |= (uint8_t)(1u << b);
			n->tab7[j][c & 0x7f] |= (uint8_t)(1u << b);
		}
	}
}

static void build_teddy(struct oomt_needles *n, size_t shortest)
{
#ifdef HAVE_TEDDY
	__builtin_cpu_init();
	if (shortest < 3 || !__builtin_cpu_supports("avx2") || n->count > 0x7fff)
		return;
	n->fp = shortest >= FP_MAX ? FP_MAX : 3;
	for (size_t k = 0; k < n->count; k++) {
		n->fp_off[k] = pick_fp_off(n->needle[k], n->len[k], n->fp, 0);
		n->fp_tried[k] = n->fp_off[k] < 64 ? 1ull << n->fp_off[k] : 0;
	}
	n->vbmi = __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512bw");
	fill_tables(n);
	n->teddy = true;
#else
	(void)n;
	(void)shortest;
#endif
}

int oomt_needles_new(const char *const *needles, struct oomt_needles **ret)
{
	struct oomt_needles *n;
	size_t count = 0, m = SIZE_MAX;

	for (size_t i = 0; needles && needles[i]; i++)
		if (needles[i][0]) {
			count++;
			if (strlen(needles[i]) < m)
				m = strlen(needles[i]);
		}
	if (count == 0 || count >= NONE)
		return -EINVAL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->needle = calloc(count, sizeof(*n->needle));
	n->len = calloc(count, sizeof(*n->len));
	n->fp_off = calloc(count, sizeof(*n->fp_off));
	n->fp_tried = calloc(count, sizeof(*n->fp_tried));
	n->fp_false = calloc(count, sizeof(*n->fp_false));
	n->next = calloc(count, sizeof(*n->next));
	n->bucket_next = calloc(count, sizeof(*n->bucket_next));
	n->bucket = calloc(count, sizeof(*n->bucket));
	if (!n->needle || !n->len || !n->fp_off || !n->fp_tried || !n->fp_false || !n->next ||
	    !n->bucket_next || !n->bucket) {
		oomt_needles_free(n);
		return -ENOMEM;
	}
	for (size_t i = 0, k = 0; needles[i]; i++)
		if (needles[i][0]) {
			n->needle[k] = needles[i];
			n->len[k] = strlen(needles[i]);
			k++;
		}
	n->count = count;
	n->adapt_bytes = ADAPT_BYTES;
	n->adapt_false = ADAPT_FALSE;
	n->m = m >= 2 ? (m > 255 ? 255 : m) : 0;
	build_teddy(n, m);
	if (!n->teddy)
		build_wu_manber(n);
	*ret = n;
	return 0;
}

int oomt_needles_clone(const struct oomt_needles *n, struct oomt_needles **ret)
{
	const char **list = calloc(n->count + 1, sizeof(*list));
	int r;

	if (!list)
		return -ENOMEM;
	memcpy(list, n->needle, n->count * sizeof(*list));
	r = oomt_needles_new(list, ret);
	free(list);
	return r;
}

size_t oomt_needles_longest(const struct oomt_needles *n)
{
	size_t longest = 0;

	for (size_t i = 0; i < n->count; i++)
		if (n->len[i] > longest)
			longest = n->len[i];
	return longest;
}

void oomt_needles_free(struct oomt_needles *n)
{
	if (!n)
		return;
	free(n->needle);
	free(n->len);
	free(n->fp_off);
	free(n->fp_tried);
	free(n->fp_false);
	free(n->next);
	free(n->bucket_next);
	free(n->bucket);
	free(n->wm);
	free(n);
}

/* One-byte needles make skipping impossible: fall back to memmem per needle. */
static const char *find_naive(const struct oomt_needles *n, const char *buf, size_t len)
{
	const char *best = NULL;

	for (size_t k = 0; k < n->count; k++) {
		size_t lim = best ? (size_t)(best - buf) + n->len[k] : len;
		const char *p = memmem(buf, lim < len ? lim : len, n->needle[k], n->len[k]);

		if (p && (!best || p < best))
			best = p;
	}
	return best;
}

const char *oomt_needles_find_portable(struct oomt_needles *n, const char *buf, size_t len)
{
	size_t m = n->m, pos;
	const struct wu_manber *wm;

	if (m == 0 || !build_wu_manber(n))
		return find_naive(n, buf, len);
	wm = n->wm;
	if (len < m)
		return NULL;
	pos = m - 1;
	while (pos < len) {
		unsigned g = gram(buf + pos - 1);
		size_t s = wm->shift[g];

		if (s) {
			pos += s;
			continue;
		}
		const char *start = buf + pos + 1 - m;
		for (uint16_t k = wm->head[g]; k != NONE; k = n->next[k])
			if ((size_t)(start - buf) + n->len[k] <= len &&
			    memcmp(start, n->needle[k], n->len[k]) == 0)
				return start;
		pos++;
	}
	return NULL;
}

#ifdef HAVE_TEDDY
/* A candidate at buf[q] that no needle matched (before any match was found): count it
 * against each needle of its buckets whose fingerprint it is exactly. */
static void count_false(struct oomt_needles *n, const char *buf, size_t q, unsigned bits)
{
	while (bits) {
		unsigned b = (unsigned)__builtin_ctz(bits);

		bits &= bits - 1;
		for (uint16_t k = n->bucket_head[b]; k != NONE; k = n->bucket_next[k])
			if (memcmp(buf + q, n->needle[k] + n->fp_off[k], n->fp) == 0)
				n->fp_false[k]++;
	}
}

/* The needles of the buckets in `bits` whose fingerprint sits at buf[q]: leftmost start. */
static size_t verify(struct oomt_needles *n, const char *buf, size_t len, size_t q,
                     unsigned bits, size_t best)
{
	size_t was = best;

	for (unsigned left = bits; left;) {
		unsigned b = (unsigned)__builtin_ctz(left);

		left &= left - 1;
		for (uint16_t k = n->bucket_head[b]; k != NONE; k = n->bucket_next[k]) {
			size_t s;

			if (q < n->fp_off[k])
				continue;
			s = q - n->fp_off[k];
			if (s < best && s + n->len[k] <= len && buf[s] == n->needle[k][0] &&
			    memcmp(buf + s, n->needle[k], n->len[k]) == 0)
				best = s;
		}
	}
	if (best == SIZE_MAX && was == SIZE_MAX && n->adapt_bytes)
		count_false(n, buf, q, bits);
	return best;
}

/* Every ADAPT_BYTES of text searched: a needle whose fingerprint was a false candidate
 * ADAPT_FALSE times moves it to the next rarest place not tried yet. */
static void adapt(struct oomt_needles *n, size_t len)
{
	bool moved = false;

	if (!n->adapt_bytes)
		return;
	n->scanned += len;
	if (n->scanned < n->adapt_bytes)
		return;
	n->scanned = 0;
	for (size_t k = 0; k < n->count; k++) {
		if (n->fp_false[k] >= n->adapt_false) {
			size_t o = pick_fp_off(n->needle[k], n->len[k], n->fp, n->fp_tried[k]);

			if (o < n->len[k]) {
				n->fp_off[k] = o;
				n->fp_tried[k] |= 1ull << o;
				moved = true;
			}
		}
		n->fp_false[k] = 0;
	}
	if (moved)
		fill_tables(n);
}

static unsigned fp_bits_at(const struct oomt_needles *n, const unsigned char *p)
{
	unsigned m = 0xff;

	for (size_t j = 0; j < n->fp; j++)
		m &= n->lo[j][p[j] & 15] & n->hi[j][p[j] >> 4];
	return m;
}

/* Candidate mask of the 32 fingerprint positions starting at p. */
__attribute__((target("avx2"), always_inline))
static inline __m256i teddy_block(const char *p, size_t fp, const __m256i *lo, const __m256i *hi)
{
	const __m256i nib = _mm256_set1_epi8(0x0f);
	__m256i acc = _mm256_set1_epi8((char)0xff);

	/* fp is a constant in each caller: unrolled, the tables stay in registers (gcc -O2
	 * does not unroll on its own: a loop here reloaded them from the stack every step) */
#pragma GCC unroll 4
	for (size_t j = 0; j < fp; j++) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(p + j));
		__m256i l = _mm256_shuffle_epi8(lo[j], _mm256_and_si256(v, nib));
		__m256i h = _mm256_shuffle_epi8(hi[j], _mm256_and_si256(_mm256_srli_epi16(v, 4), nib));

		acc = _mm256_and_si256(acc, _mm256_and_si256(l, h));
	}
	return acc;
}

__attribute__((target("avx2")))
static size_t verify_mask(struct oomt_needles *n, const char *buf, size_t len, size_t q,
                          __m256i acc, size_t best)
{
	unsigned mask = ~(unsigned)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(acc, _mm256_setzero_si256()));

	while (mask) {
		unsigned t = (unsigned)__builtin_ctz(mask);

		mask &= mask - 1;
		best = verify(n, buf, len, q + t,
		              fp_bits_at(n, (const unsigned char *)buf + q + t), best);
	}
	return best;
}

__attribute__((target("avx2"), always_inline))
static inline const char *teddy_scan(struct oomt_needles *n, const char *buf, size_t len,
                                     size_t fp)
{
	__m256i lo[FP_MAX], hi[FP_MAX];
	size_t best = SIZE_MAX, q = 0;

#pragma GCC unroll 4
	for (size_t j = 0; j < fp; j++) {
		lo[j] = _mm256_loadu_si256((const __m256i *)n->lo[j]);
		hi[j] = _mm256_loadu_si256((const __m256i *)n->hi[j]);
	}
	/* q: first fingerprint position of the block. Two blocks per step; once a match is
	 * found, go on only while an earlier-starting needle could still appear. */
	while (q + 64 + fp - 1 <= len && (best == SIZE_MAX || q <= best + n->max_fp_off)) {
		__m256i a = teddy_block(buf + q, fp, lo, hi);
		__m256i b = teddy_block(buf + q + 32, fp, lo, hi);
		__m256i any = _mm256_or_si256(a, b);

		if (!_mm256_testz_si256(any, any)) {
			best = verify_mask(n, buf, len, q, a, best);
			best = verify_mask(n, buf, len, q + 32, b, best);
		}
		q += 64;
	}
	for (; q + fp <= len && (best == SIZE_MAX || q <= best + n->max_fp_off); q++) {
		unsigned bits = fp_bits_at(n, (const unsigned char *)buf + q);

		if (bits)
			best = verify(n, buf, len, q, bits, best);
	}
	return best == SIZE_MAX ? NULL : buf + best;
}

__attribute__((target("avx2")))
static const char *find_teddy(struct oomt_needles *n, const char *buf, size_t len)
{
	adapt(n, len);
	return n->fp == 4 ? teddy_scan(n, buf, len, 4) : teddy_scan(n, buf, len, 3);
}

#define AVX512 "avx512f,avx512bw,avx512vbmi,bmi,bmi2"

/* Candidate mask of the fingerprint positions q..q+63 (only the first `valid`, which all
 * lie within len - fp + 1 of buf) through the 7-bit tables. */
__attribute__((target(AVX512), always_inline))
static inline __mmask64 vbmi_block(const char *p, size_t avail, size_t fp, const __m512i *t0,
                                   const __m512i *t1)
{
	__m512i acc = _mm512_set1_epi8((char)0xff);

	/* unrolled (fp is a constant in each caller): the tables stay in registers */
#pragma GCC unroll 4
	for (size_t j = 0; j < fp; j++) {
		__m512i v;

		if (avail >= 64 + j)
			v = _mm512_loadu_si512((const void *)(p + j));
		else   /* the end of the buffer: no byte past it is touched */
			v = _mm512_maskz_loadu_epi8(avail > j ? _bzhi_u64(~0ull, (unsigned)(avail - j)) : 0,
			                            p + j);
		acc = _mm512_and_si512(acc, _mm512_permutex2var_epi8(t0[j], v, t1[j]));
	}
	return _mm512_test_epi8_mask(acc, acc);
}

__attribute__((target(AVX512)))
static size_t vbmi_verify(struct oomt_needles *n, const char *buf, size_t len, size_t q,
                          __mmask64 m, size_t best)
{
	while (m) {
		unsigned t = (unsigned)_tzcnt_u64(m);
		const unsigned char *p = (const unsigned char *)buf + q + t;
		unsigned bits = 0xff;

		m &= m - 1;
		for (size_t j = 0; j < n->fp; j++)
			bits &= n->tab7[j][p[j] & 0x7f];
		best = verify(n, buf, len, q + t, bits, best);
	}
	return best;
}

__attribute__((target(AVX512), always_inline))
static inline const char *vbmi_scan(struct oomt_needles *n, const char *buf, size_t len,
                                    size_t fp)
{
	__m512i t0[FP_MAX], t1[FP_MAX];
	size_t best = SIZE_MAX, q = 0, last;

	if (len < fp)
		return NULL;
	last = len - fp;   /* the last fingerprint position */
#pragma GCC unroll 4
	for (size_t j = 0; j < fp; j++) {
		t0[j] = _mm512_loadu_si512((const void *)n->tab7[j]);
		t1[j] = _mm512_loadu_si512((const void *)(n->tab7[j] + 64));
	}
	/* Two blocks per step while whole; once a match is found, go on only while an
	 * earlier-starting needle could still appear. */
	while (q + 128 + fp - 1 <= len && (best == SIZE_MAX || q <= best + n->max_fp_off)) {
		__mmask64 a = vbmi_block(buf + q, SIZE_MAX, fp, t0, t1);
		__mmask64 b = vbmi_block(buf + q + 64, SIZE_MAX, fp, t0, t1);

		if (a | b) {
			best = vbmi_verify(n, buf, len, q, a, best);
			best = vbmi_verify(n, buf, len, q + 64, b, best);
		}
		q += 128;
	}
	for (; q <= last && (best == SIZE_MAX || q <= best + n->max_fp_off); q += 64) {
		size_t avail = len - q;   /* bytes readable from buf + q */
		__mmask64 m = vbmi_block(buf + q, avail, fp, t0, t1);

		if (last - q < 63)
			m &= _bzhi_u64(~0ull, (unsigned)(last - q + 1));
		if (m)
			best = vbmi_verify(n, buf, len, q, m, best);
	}
	return best == SIZE_MAX ? NULL : buf + best;
}

__attribute__((target(AVX512)))
static const char *find_vbmi(struct oomt_needles *n, const char *buf, size_t len)
{
	adapt(n, len);
	return n->fp == 4 ? vbmi_scan(n, buf, len, 4) : vbmi_scan(n, buf, len, 3);
}
#endif

const char *oomt_needles_find_impl(struct oomt_needles *n, enum oomt_needles_impl impl,
                                   const char *buf, size_t len)
{
#ifdef HAVE_TEDDY
	if (n->teddy && n->vbmi && (impl == OOMT_NEEDLES_AUTO || impl == OOMT_NEEDLES_AVX512))
		return find_vbmi(n, buf, len);
	if (n->teddy && (impl == OOMT_NEEDLES_AUTO || impl == OOMT_NEEDLES_AVX512 ||
	                 impl == OOMT_NEEDLES_AVX2))
		return find_teddy(n, buf, len);
#else
	(void)impl;
#endif
	return oomt_needles_find_portable(n, buf, len);
}

const char *oomt_needles_find(struct oomt_needles *n, const char *buf, size_t len)
{
#ifdef HAVE_TEDDY
	if (n->vbmi)
		return find_vbmi(n, buf, len);
	if (n->teddy)
		return find_teddy(n, buf, len);
#endif
	return oomt_needles_find_portable(n, buf, len);
}

void oomt_needles_adapt_every(struct oomt_needles *n, size_t bytes, unsigned false_max)
{
	n->adapt_bytes = bytes;
	n->adapt_false = false_max;
}

enum oomt_needles_impl oomt_needles_impl_of(const struct oomt_needles *n)
{
	return n->vbmi ? OOMT_NEEDLES_AVX512 : n->teddy ? OOMT_NEEDLES_AVX2 : OOMT_NEEDLES_PORTABLE;
}
