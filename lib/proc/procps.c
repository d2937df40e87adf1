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
 */
#include <errno.h>
#include <libproc2/meminfo.h>
#include <libproc2/vmstat.h>
#include <oomtool/proc.h>
#include <oomtool/record.h>

/* libproc2 returns 0 both for "0 kB" and for a missing field; MemTotal 0 means no data.
 * (MemAvailable can truly be 0 under pressure, and procps computes it on pre-3.14.) */
int oomt_procps_meminfo(struct oomt_proc_meminfo *ret)
{
	struct meminfo_info *mi = NULL;
	struct oomt_proc_meminfo m;
	int r = procps_meminfo_new(&mi);

	if (r < 0)
		return r;
	m.mem_total_bytes = (int64_t)MEMINFO_GET(mi, MEMINFO_MEM_TOTAL, ul_int) * 1024;
	m.mem_available_bytes = (int64_t)MEMINFO_GET(mi, MEMINFO_MEM_AVAILABLE, ul_int) * 1024;
	m.swap_total_bytes = (int64_t)MEMINFO_GET(mi, MEMINFO_SWAP_TOTAL, ul_int) * 1024;
	m.swap_free_bytes = (int64_t)MEMINFO_GET(mi, MEMINFO_SWAP_FREE, ul_int) * 1024;
	procps_meminfo_unref(&mi);
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
	int r = procps_vmstat_new(&vi);

	if (r < 0)
		return r;
	*ret = (int64_t)VMSTAT_GET(vi, VMSTAT_OOM_KILL, ul_int);
	procps_vmstat_unref(&vi);
	return 0;
}
