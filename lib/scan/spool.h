/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SCAN_SPOOL_H
#define OOMT_SCAN_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <oomtool/event.h>
#include <oomtool/scan.h>

struct oomt_scan_filter;

/* One incident in the spool: 64 bytes of memory whatever its size on disk. */
struct oomt_scan_spool_entry {
	int64_t time_usec;        /* sort key; OOMT_UNKNOWN sorts first */
	int64_t uptime_usec;      /* the kept record's kernel stamp: a copy in its own source
	                             is only looked for at the same one */
	int64_t victim_pid, trigger_pid;
	off_t off;                /* record in the spool file */
	uint64_t srcmask;         /* sources that reported this kill (bit 63 = 63 and above) */
	uint32_t rich;            /* how complete the kept record is; the richer one wins */
	uint32_t seq;             /* arrival order: ties and unknown times keep log order */
	uint32_t next_v, next_t;  /* hash chains by victim pid and by trigger pid */
	uint8_t filter;           /* OOMT_SCAN_* bits of the record kept */
	uint8_t acct;             /* its OOMT_SCAN_ACCT_* bits */
};

struct oomt_scan_spool {
	int fd;
	off_t end;                /* of the records, the buffered ones included */
	char *wbuf;               /* the last records, written out when full or before a read */
	unsigned char *pack;      /* one incident packed, OOMT_SCAN_PACKED_MAX(its size) */
	size_t wlen;
	char *rbuf;               /* the spool's bytes [roff, roff + rlen), read ahead */
	off_t roff;
	size_t rlen;
	const struct oomt_scan_filter *filter;
	enum oomt_scan_task_rows task_rows;
	size_t task_rows_top;
	struct oomt_scan_spool_entry *v;
	size_t n, cap;
	uint32_t *by_victim, *by_trigger;
	size_t nbuckets;          /* power of two */
	uint64_t merged;          /* duplicates folded into an earlier incident */
	struct oomt_event *scratch;   /* for comparisons, without task rows */
	struct oomt_event *out;       /* the incident handed out by oomt_scan_spool_get() */
	struct oomt_task *out_tasks;  /* its rows, reused from one incident to the next */
	size_t out_cap;
};

/* src[0..n) with its runs of zeros packed into dst, which holds OOMT_SCAN_PACKED_MAX(n)
 * bytes; returns the packed length. Unpacking gives the n bytes back, or -EIO when the
 * packed bytes are not a packing of exactly n bytes. */
#define OOMT_SCAN_PACKED_MAX(n) ((n) + 4 * ((n) / 8 + 2))
size_t oomt_scan_pack_zeros(const void *src, size_t n, unsigned char *dst);
int oomt_scan_unpack_zeros(const unsigned char *src, size_t len, void *dst, size_t n);

/* The spool file goes to tmp_dir, else /var/tmp (disk, not tmpfs), else /tmp, else an
 * anonymous memory file. The filter is applied to each record as it is written. */
int oomt_scan_spool_open(struct oomt_scan_spool *sp, const char *tmp_dir,
                         const struct oomt_scan_filter *filter,
                         enum oomt_scan_task_rows task_rows, size_t task_rows_top);
/* Keeps ev (read from source number src), or folds it into an earlier report of the same
 * kill from another source. ev is left untouched. */
int oomt_scan_spool_add(struct oomt_scan_spool *sp, const struct oomt_event *ev, unsigned src);
/* Newest last; ends de-duplication. */
void oomt_scan_spool_sort(struct oomt_scan_spool *sp);
/* Entry i read back into the spool's own event (valid until the next call). */
int oomt_scan_spool_get(struct oomt_scan_spool *sp, size_t i, bool tasks,
                        const struct oomt_event **ret);
void oomt_scan_spool_close(struct oomt_scan_spool *sp);

#endif
