/* SPDX-License-Identifier: MIT */
/* Every /proc and cgroup parser on arbitrary bytes (not NUL-terminated): statm, status, kB
 * values, smaps_rollup, int, cgroup, cmdline, meminfo, vmstat, pressure, cgroup limits and
 * keyed files, the workload of a cgroup path, and the escaper. The first byte picks the
 * parser so one corpus covers all. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/cgroup.h>
#include <oomtool/proc.h>
#include "cgroup/parse.h"
#include "proc/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomt_proc_status st;
	struct oomt_proc_rollup ru;
	struct oomt_proc_cgroup cg;
	struct oomt_system_memory mi;
	struct oomt_memory_pressure ps;
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
	char out[OOMT_PROC_CMDLINE_MAX], unit[64];
	int64_t v;
	char *buf, *str;

	if (size < 1)
		return 0;
	/* an exact-size heap copy so that ASan catches any read past len */
	buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	size--;
	switch (data[0] % 13) {
	case 0: oomt_proc_parse_statm(buf, size, 65536, &v); break;
	case 1: oomt_proc_parse_status(buf, size, &st); break;
	case 2: oomt_proc_parse_smaps_rollup(buf, size, &ru); break;
	case 3: oomt_proc_parse_int(buf, size, &v); break;
	case 4: oomt_proc_parse_cgroup(buf, size, &cg); break;
	case 5: oomt_proc_parse_cmdline(buf, size, out, sizeof(out)); break;
	case 6: oomt_proc_parse_meminfo(buf, size, &mi); break;
	case 7: oomt_proc_parse_vmstat_oom_kill(buf, size, &v); break;
	case 8: oomt_proc_parse_pressure(buf, size, &ps); break;
	case 9: oomt_cgroup_parse_limit(buf, size, &v); break;
	case 10: oomt_cgroup_parse_keyed(buf, size, "oom_kill", &v); break;
	case 11: oomt_proc_parse_kb(buf, buf + size, &v); break;
	default:
		oomt_proc_escape(buf, size, out, sizeof(out));
		str = strndup(buf, size);
		if (str) {
			oomt_cgroup_unit_name(str, unit, sizeof(unit));
			oomt_cgroup_workload_parse(str, &w);
		}
		free(str);
		break;
	}
	free(buf);
	return 0;
}
