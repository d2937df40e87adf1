/* SPDX-License-Identifier: MIT */
/* top-mem's words for the machine's state: the summary line over the table and the live
 * view, and the names of the sort keys. */
#include <inttypes.h>
#include <stdio.h>
#include <oomtool/format.h>
#include <oomtool/common.h>
#include "top-mem.h"

void topmem_summary_line(const struct oomt_topmem *t, char *buf, size_t bufsz)
{
	const struct oomt_system_memory *m = oomt_topmem_memory(t);
	const struct oomt_memory_pressure *ps = oomt_topmem_pressure(t);
	char total[16], avail[16], used[16], swap[16], psi[700] = "", full[32] = "", oom[48] = "";
	int64_t swap_used = OOMT_UNKNOWN;

	if (!m) {
		snprintf(buf, bufsz, "memory: unknown");
		return;
	}
	if (m->swap_total_bytes != OOMT_UNKNOWN && m->swap_free_bytes != OOMT_UNKNOWN)
		swap_used = m->swap_total_bytes - m->swap_free_bytes;
	/* a pressure file without its "full" line: left out, not shown as 0 */
	if (ps && ps->has_full)
		snprintf(full, sizeof(full), " full %.2f%%", ps->full.avg10);
	if (ps)
		snprintf(psi, sizeof(psi), "  psi some %.2f%%%s", ps->some.avg10, full);
	if (m->oom_kill_count != OOMT_UNKNOWN)
		snprintf(oom, sizeof(oom), "  oom kills %" PRId64, m->oom_kill_count);
	snprintf(buf, bufsz, "mem %s avail %s  swap %s/%s%s%s",
	         oomt_format_size(m->mem_total_bytes, total, sizeof(total)),
	         oomt_format_size(m->mem_available_bytes, avail, sizeof(avail)),
	         oomt_format_size(swap_used, used, sizeof(used)),
	         oomt_format_size(m->swap_total_bytes, swap, sizeof(swap)), psi, oom);
}

const char *topmem_sort_name(enum oomt_topmem_sort s)
{
	static const char *const names[] = { "rss", "pss", "swap", "oom", "growth" };
	return (size_t)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}
