/* SPDX-License-Identifier: MIT */
/*
 * The one file that uses libproc2 (procps-ng 4). It serves the system-wide counters of the
 * live system: MemTotal/MemAvailable/Swap from procps_meminfo, oom_kill from procps_vmstat.
 * Fixture trees (--sysroot) go through the direct parsers in parse.c instead, because
 * libproc2 hardcodes /proc.
 *
 * Per-process data does NOT come from libproc2 (procps_pids_*), by measurement
 * (/work/shared/design/libproc2-notes.md): it reports PSS 0 on EACCES and 0 for vanished
 * files (unknown must never be 0), reads every requested file for every process where
 * top-mem reads statm for all and smaps_rollup for ~N, peaks at ~2x the RSS of direct
 * reads, and its PIDS_VAL/enum ABI changed in 4.0.5.
 *
 * libproc2 is loaded on first use, not linked (lib/util/dl.h says why): it links
 * libsystemd and its six libraries, ~1 MiB of RSS that scan-logs and every other command
 * would otherwise pay without calling it. The soname is the one the headers belong to
 * (CMake reads it from the library built against), since the enums are that ABI.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <libproc2/meminfo.h>
#include <libproc2/vmstat.h>
#include <oomtool/proc.h>
#include <oomtool/record.h>
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

static struct procps_api {
	PROCPS_FUNCS(OOMT_DL_FN)
} api;
static const char *const api_names[] = { PROCPS_FUNCS(OOMT_DL_NAME) };
static void *api_handle;         /* NULL: not loaded */
static int api_error;            /* sticky: a library that failed once is not retried */
static pthread_mutex_t api_lock = PTHREAD_MUTEX_INITIALIZER;

static int api_load(void)
{
	void *a[sizeof(api_names) / sizeof(api_names[0])];
	size_t i = 0;
	int r = oomt_dl_load(OOMT_LIBPROC2_SONAME, api_names, a, sizeof(a) / sizeof(a[0]),
	                     &api_handle);

	if (r < 0)
		return r;
#define SET(prefix, name) api.name = (typeof(api.name))a[i++];
	PROCPS_FUNCS(SET)
#undef SET
	return 0;
}

/* 0, or -ELIBACC when libproc2 cannot be loaded. */
static int api_get(void)
{
	int r;

	pthread_mutex_lock(&api_lock);
	if (!api_handle && !api_error)
		api_error = api_load();
	r = api_error;
	pthread_mutex_unlock(&api_lock);
	return r;
}

void oomt_procps_unload(void)
{
	pthread_mutex_lock(&api_lock);
	oomt_dl_close(api_handle);
	api_handle = NULL;
	memset(&api, 0, sizeof(api));
	pthread_mutex_unlock(&api_lock);
}

/* What MEMINFO_GET/VMSTAT_GET do, through the table: 0 when the item has no result. */
static unsigned long meminfo_kib(struct meminfo_info *mi, enum meminfo_item item)
{
	struct meminfo_result *r = api.meminfo_get(mi, item);

	return r ? r->result.ul_int : 0;
}

/* libproc2 returns 0 both for "0 kB" and for a missing field; MemTotal 0 means no data.
 * (MemAvailable can truly be 0 under pressure, and procps computes it on pre-3.14.) */
int oomt_procps_meminfo(struct oomt_proc_meminfo *ret)
{
	struct meminfo_info *mi = NULL;
	struct oomt_proc_meminfo m;
	int r = api_get();

	if (r < 0 || (r = api.meminfo_new(&mi)) < 0)
		return r;
	m.mem_total_bytes = (int64_t)meminfo_kib(mi, MEMINFO_MEM_TOTAL) * 1024;
	m.mem_available_bytes = (int64_t)meminfo_kib(mi, MEMINFO_MEM_AVAILABLE) * 1024;
	m.swap_total_bytes = (int64_t)meminfo_kib(mi, MEMINFO_SWAP_TOTAL) * 1024;
	m.swap_free_bytes = (int64_t)meminfo_kib(mi, MEMINFO_SWAP_FREE) * 1024;
	api.meminfo_unref(&mi);
	if (m.mem_total_bytes <= 0)
		return -ENODATA;
	*ret = m;
	return 0;
}

/* VMSTAT_OOM_KILL reads 0 on kernels before 4.13, where the line does not exist; the
 * caller cannot tell, so it checks the kernel's file itself when that matters. */
int oomt_procps_oom_kill(int64_t *ret)
{
	struct vmstat_info *vi = NULL;
	struct vmstat_result *res;
	int r = api_get();

	if (r < 0 || (r = api.vmstat_new(&vi)) < 0)
		return r;
	res = api.vmstat_get(vi, VMSTAT_OOM_KILL);
	*ret = res ? (int64_t)res->result.ul_int : 0;
	api.vmstat_unref(&vi);
	return 0;
}
