/* SPDX-License-Identifier: MIT */
/* The details of one shown top-mem row; see process-pass.h. */
#include <stdio.h>
#include <string.h>
#include "source/record.h"
#include "proc/process-pass.h"

static void details_cgroup(int procfd, const struct oomt_cgroup_fs *cgfs, int pid,
                           struct oomt_proc_details *d)
{
	struct oomt_proc_cgroup cg = { .struct_size = sizeof(cg) };
	const char *path;

	if (oomt_proc_read_cgroup(procfd, pid, &cg) < 0)
		return;
	d->cgroup_version = oomt_cgroup_memory_path(cgfs, &cg, &path);
	snprintf(d->cgroup, sizeof(d->cgroup), "%s", path);
	if (cgfs && d->cgroup_version &&
	    oomt_cgroup_effective_limit(cgfs, d->cgroup_version, d->cgroup,
	                                &d->cgroup_limit_bytes) < 0)
		d->cgroup_limit_bytes = OOMT_UNKNOWN;
}

int oomt_proc_details_read(int procfd, const struct oomt_cgroup_fs *cgfs, int pid,
                           struct oomt_proc_details *ret)
{
	struct oomt_proc_details d = { .cgroup_limit_bytes = OOMT_UNKNOWN, .euid = OOMT_UNKNOWN,
	                               .swap_bytes = OOMT_UNKNOWN, .oom_score = OOMT_UNKNOWN,
	                               .oom_score_adj = OOMT_UNKNOWN };
	struct oomt_proc_status st = { .struct_size = sizeof(st) };
	int r = oomt_proc_read_status(procfd, pid, &st);

	if (oomt_proc_is_vanished(r))
		return r;
	if (r == 0) {
		memcpy(d.name, st.name, sizeof(d.name));
		d.euid = st.euid;
		d.swap_bytes = st.vmswap_bytes == OOMT_UNKNOWN ? 0 : st.vmswap_bytes;
	}
	if (oomt_proc_read_oom_score(procfd, pid, &d.oom_score) < 0)
		d.oom_score = OOMT_UNKNOWN;
	if (oomt_proc_read_oom_score_adj(procfd, pid, &d.oom_score_adj) < 0)
		d.oom_score_adj = OOMT_UNKNOWN;
	details_cgroup(procfd, cgfs, pid, &d);
	r = oomt_proc_read_cmdline(procfd, pid, d.command, sizeof(d.command));
	if (oomt_proc_is_vanished(r))
		return r;
	if (r < 0 && d.name[0])
		snprintf(d.command, sizeof(d.command), "[%s]", d.name);
	*ret = d;
	return 0;
}
