/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SYSTEM_MEMORY_H
#define OOMTOOL_SYSTEM_MEMORY_H

#include <stdbool.h>
#include <stdint.h>
#include <oomtool/common.h>

/*
 * The machine's memory as the kernel counts it: one function per fact, for top-mem's header,
 * swap-setup's plan and any watcher or exporter. sysroot NULL, "" or "/" is the live system;
 * else <sysroot>/proc of a copied or synthetic tree is read.
 *
 * The caller allocates the struct and sets struct_size to sizeof as compiled
 * (struct oomt_system_memory m = { .struct_size = sizeof(m) };). The library fills the
 * members that fit, rejects a size below the first version's with -EINVAL, and only ever
 * appends members. Returns 0 or -errno; the struct is written only on success. Unknown
 * values are OOMT_UNKNOWN.
 */

struct oomt_system_memory {
	uint32_t struct_size;
	int64_t mem_total_bytes;      /* MemTotal: (required: -ENODATA without it) */
	int64_t mem_free_bytes;       /* MemFree: */
	int64_t mem_available_bytes;  /* MemAvailable: (3.14+) */
	int64_t buffers_bytes;        /* Buffers: */
	int64_t cached_bytes;         /* Cached: (page cache, without Buffers and swap cache) */
	int64_t shmem_bytes;          /* Shmem: (2.6.32+): tmpfs and shared anonymous memory */
	int64_t swap_total_bytes;     /* SwapTotal: */
	int64_t swap_free_bytes;      /* SwapFree: */
	int64_t oom_kill_count;       /* /proc/vmstat oom_kill (4.13+): OOM kills since boot */
	/* appended in 0.1 wave 2 */
	int64_t sreclaimable_bytes;   /* SReclaimable: (2.6.19+): slab the kernel can free */
	int64_t commit_limit_bytes;   /* CommitLimit: what overcommit_memory=2 allows */
	int64_t committed_as_bytes;   /* Committed_AS: address space promised now */
};

/*
 * /proc/meminfo and /proc/vmstat. On the live system the first call in a process reads
 * them through libproc2 (procps-ng, loaded on demand) and unloads it afterwards, with
 * libsystemd and the six libraries it brings (~1 MiB of RSS); later calls, and every call
 * on a sysroot tree, parse the same two files directly. Both give the kernel's numbers;
 * libproc2 cannot tell a missing line from 0 (oom_kill before 4.13 reads 0 through it).
 * Thread-safe.
 */
int oomt_system_memory_read(const char *sysroot, struct oomt_system_memory *ret);

/* One line of a PSI file: the share of wall time in which tasks stalled on memory. This
 * struct never grows (it sits inside oomt_memory_pressure); new values go there. */
struct oomt_pressure_line {
	double avg10;          /* percent, averaged over 10 s */
	double avg60;          /* over 60 s; NaN when the line lacks it */
	double avg300;         /* over 300 s; NaN when the line lacks it */
	int64_t total_usec;    /* stall time since boot, or OOMT_UNKNOWN */
};

struct oomt_memory_pressure {
	uint32_t struct_size;
	bool has_some;           /* always true on success */
	bool has_full;           /* the "full" line (absent in some kernels' cgroup files) */
	struct oomt_pressure_line some;  /* some task stalled */
	struct oomt_pressure_line full;  /* every non-idle task stalled at once */
};

/* /proc/pressure/memory (PSI, 4.20+ with CONFIG_PSI): -ENOENT without PSI, -EOPNOTSUPP when
 * the kernel was booted with psi=0. */
int oomt_system_pressure_read(const char *sysroot, struct oomt_memory_pressure *ret);

#endif
