/* SPDX-License-Identifier: MIT */
/*
 * The one file that uses libproc2 (procps-ng 4): the system-wide counters of the live
 * system, MemTotal..SwapFree from procps_meminfo and oom_kill from procps_vmstat, for
 * oomt_system_memory_read. Sysroot trees go through the direct parsers (parse.c) instead,
 * because libproc2 hardcodes /proc.
 *
 * Per-process data does NOT come from libproc2 (procps_pids_*). Measured on a VM with ~3090
 * processes (procps-ng 4.0.2):
 *  - it reports PSS 0 when smaps_rollup is refused (EACCES: another user's process) and 0
 *    for any file of a process that vanished, so unknown values turn into 0;
 *  - it reads every requested file for every process, where top-mem reads statm for all
 *    and smaps_rollup for ~N: 334 ms against 87 ms for the same top-10 PSS list;
 *  - its peak RSS was 3.3-4.1 MB against 1.5-1.7 MB for direct reads of the same files;
 *  - its item enums (the result positions) changed between 4.0.4 and 4.0.5.
 *
 * libproc2 is loaded for one read and unloaded after it, not linked (lib/util/dl.h says
 * why): it links libsystemd, which brings libcap, libgcrypt, libgpg-error, liblzma, libzstd
 * and liblz4, ~1 MiB of RSS that every command would otherwise pay, and that a long-running
 * view would keep mapped to re-read two small files. The soname is the one the headers
 * belong to (CMake reads it from the library built against), since the enums are that ABI.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <libproc2/meminfo.h>
#include <libproc2/vmstat.h>
#include "source/record.h"
#include "proc/procps.h"
#include "util/dl.h"

#ifndef OOMT_LIBPROC2_SONAME
#define OOMT_LIBPROC2_SONAME "libproc2.so.0"
#endif

#define PROCPS_FUNCS(X) \
	X(procps_, meminfo_new) \
	X(procps_, meminfo_get) \
	X(procps_, meminfo_unref) \
	X(procps_, vmstat_new) \
	X(procps_, vmstat_get) \
	X(procps_, vmstat_unref)

struct procps_api {
	PROCPS_FUNCS(OOMT_DL_FN)
};
static const char *const api_names[] = { PROCPS_FUNCS(OOMT_DL_NAME) };
static pthread_mutex_t api_lock = PTHREAD_MUTEX_INITIALIZER;

static int api_load(struct procps_api *api, void **ret_handle)
{
	return oomt_dl_load_table(OOMT_LIBPROC2_SONAME, api_names,
	                          sizeof(api_names) / sizeof(api_names[0]), api, sizeof(*api),
	                          ret_handle);
}

/* What MEMINFO_GET does, through the table. libproc2 gives 0 both for "0 kB" and for a
 * line the kernel does not print; 0 stays 0 here. */
static int64_t meminfo_bytes(const struct procps_api *api, struct meminfo_info *mi,
                             enum meminfo_item item)
{
	struct meminfo_result *r = api->meminfo_get(mi, item);

	return r ? (int64_t)r->result.ul_int * 1024 : 0;
}

static int read_counters(const struct procps_api *api, struct oomt_system_memory *m)
{
	struct meminfo_info *mi = NULL;
	struct vmstat_info *vi = NULL;
	struct vmstat_result *v;
	int r;

	if ((r = api->meminfo_new(&mi)) < 0)
		return r;
	m->mem_total_bytes = meminfo_bytes(api, mi, MEMINFO_MEM_TOTAL);
	m->mem_free_bytes = meminfo_bytes(api, mi, MEMINFO_MEM_FREE);
	m->mem_available_bytes = meminfo_bytes(api, mi, MEMINFO_MEM_AVAILABLE);
	m->buffers_bytes = meminfo_bytes(api, mi, MEMINFO_MEM_BUFFERS);
	m->cached_bytes = meminfo_bytes(api, mi, MEMINFO_MEM_CACHED);
	m->shmem_bytes = meminfo_bytes(api, mi, MEMINFO_MEM_SHARED);
	m->swap_total_bytes = meminfo_bytes(api, mi, MEMINFO_SWAP_TOTAL);
	m->swap_free_bytes = meminfo_bytes(api, mi, MEMINFO_SWAP_FREE);
	m->sreclaimable_bytes = meminfo_bytes(api, mi, MEMINFO_MEM_SLAB_RECLAIM);
	m->commit_limit_bytes = meminfo_bytes(api, mi, MEMINFO_MEM_COMMIT_LIMIT);
	m->committed_as_bytes = meminfo_bytes(api, mi, MEMINFO_MEM_COMMITTED_AS);
	api->meminfo_unref(&mi);
	if (m->mem_total_bytes <= 0)
		return -ENODATA;
	/* VMSTAT_OOM_KILL reads 0 on kernels before 4.13, where the line does not exist. */
	m->oom_kill_count = OOMT_UNKNOWN;
	if (api->vmstat_new(&vi) >= 0) {
		v = api->vmstat_get(vi, VMSTAT_OOM_KILL);
		if (v)
			m->oom_kill_count = (int64_t)v->result.ul_int;
		api->vmstat_unref(&vi);
	}
	return 0;
}

int oomt_procps_system_memory_read(struct oomt_system_memory *ret)
{
	struct oomt_system_memory m = { .struct_size = sizeof(m) };
	struct procps_api api;
	void *handle = NULL;
	int r;

	pthread_mutex_lock(&api_lock);
	r = api_load(&api, &handle);
	if (r == 0) {
		r = read_counters(&api, &m);
		oomt_dl_close(handle);
	}
	pthread_mutex_unlock(&api_lock);
	if (r < 0)
		return r;
	*ret = m;
	return 0;
}
