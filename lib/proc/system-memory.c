/* SPDX-License-Identifier: MIT */
/* The machine's memory counters and pressure: see system-memory.h. */
#include <errno.h>
#include <stdatomic.h>
#include <unistd.h>
#include <oomtool/proc.h>
#include <oomtool/system-memory.h>
#include "proc/meminfo-direct.h"
#include "proc/parse.h"
#include "proc/procps.h"
#include "util/file.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"

#define MEMORY_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_system_memory, oom_kill_count)
#define PRESSURE_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_memory_pressure, full)

/* Set by the first read of the live system, the one libproc2 serves. */
static atomic_bool procps_used;

/* The sysroot twin of libproc2: the same two files through parse.c. */
int oomt_system_memory_read_direct(const char *sysroot, struct oomt_system_memory *m)
{
	char buf[16384];   /* vmstat is ~5 KiB on 6.x and oom_kill sits in its second half */
	size_t len;
	int procfd, r;

	if ((r = oomt_proc_open(sysroot, &procfd)) < 0)
		return r;
	r = oomt_file_read_at(procfd, "meminfo", buf, sizeof(buf), &len, NULL);
	if (r == 0)
		r = oomt_proc_parse_meminfo(buf, len, m);
	if (r == 0 && (oomt_file_read_at(procfd, "vmstat", buf, sizeof(buf), &len, NULL) < 0 ||
	               oomt_proc_parse_vmstat_oom_kill(buf, len, &m->oom_kill_count) < 0))
		m->oom_kill_count = OOMT_UNKNOWN;
	close(procfd);
	return r;
}

int oomt_system_memory_read(const char *sysroot, struct oomt_system_memory *ret)
{
	struct oomt_system_memory m = { .struct_size = sizeof(m) };
	int r = oomt_struct_size_check(ret, MEMORY_SIZE_V1);

	if (r < 0)
		return r;
	/* libproc2 for the first read of the live system only: a caller that re-reads the
	 * counters (the live view every refresh, a watcher) would otherwise load ~1 MiB of
	 * libraries each time, or keep them mapped. When it cannot be loaded (it is optional)
	 * the direct parser serves that read too. */
	r = -ELIBACC;
	if (oomt_sysroot_is_live(sysroot) && !atomic_exchange(&procps_used, true))
		r = oomt_procps_system_memory_read(&m);
	if (r < 0)
		r = oomt_system_memory_read_direct(sysroot, &m);
	if (r < 0)
		return r;
	oomt_struct_copy_out(ret, &m, sizeof(m));
	return 0;
}

int oomt_system_pressure_read(const char *sysroot, struct oomt_memory_pressure *ret)
{
	struct oomt_memory_pressure ps;
	char buf[256];
	size_t len;
	int procfd, r = oomt_struct_size_check(ret, PRESSURE_SIZE_V1);

	if (r < 0 || (r = oomt_proc_open(sysroot, &procfd)) < 0)
		return r;
	r = oomt_file_read_at(procfd, "pressure/memory", buf, sizeof(buf), &len, NULL);
	close(procfd);
	if (r < 0 || (r = oomt_proc_parse_pressure(buf, len, &ps)) < 0)
		return r;
	oomt_struct_copy_out(ret, &ps, sizeof(ps));
	return 0;
}
