/* SPDX-License-Identifier: MIT */
/*
 * Every kill accounted for: the kernel's count of this boot's OOM kills (/proc/vmstat
 * oom_kill, and each memory cgroup's counter) against the kills the logs hold, so that a
 * kill nobody logged (a rate-limited header, an overwritten ring buffer, `dmesg -C`, a
 * rotated journal) is at least counted (scan.h, oomt_scan_accounting()).
 *
 * The counters are read before the logs: a kill logged while the scan runs can only make
 * the logs' side larger (the difference is then taken as 0), never invent an unlogged
 * kill. Which logged kills are this boot's:
 *   - an incident with a boot ID (the journal's _BOOT_ID) is this boot's when the ID is;
 *   - one read from /dev/kmsg is (the ring buffer holds the current boot only);
 *   - one read only from a text log (syslog, kern.log) is when its wall-clock stamp is not
 *     before the boot began (btime: the boot's start is the last boot marker such a log
 *     can have), and its kernel time stamp, when the line has one, is not larger than the
 *     time from the boot's start to its wall-clock stamp (the time since boot can only be
 *     smaller, by the time suspended): a line of an earlier boot whose wall clock ran
 *     ahead fails that. Both with BOOT_SLACK_USEC for whole-second stamps.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <oomtool/system.h>
#include <oomtool/system-memory.h>
#include "scan/scan-internal.h"

#define BOOT_SLACK_USEC (2 * 1000000LL)

uint8_t oomt_scan_acct_bits(const struct oomt_event *ev)
{
	uint8_t bits;

	if (ev->killer != OOMT_KILLER_KERNEL || ev->kind == OOMT_KIND_ALLOCATION_FAILURE)
		return 0;   /* an allocation failure is no OOM report */
	bits = OOMT_SCAN_ACCT_KERNEL;
	/* a victim named (by the kill line, else the selection line whose kill line was cut):
	 * the kernel killed; a report that ended in a panic or names no victim did not */
	if (ev->victim.pid != OOMT_UNKNOWN && !strstr(ev->outcome, "panic"))
		bits |= OOMT_SCAN_ACCT_KILL;
	return bits;
}

/* Only this host's logs: files and journal directories may be another machine's, or
 * another boot's. */
static bool host_only(const struct oomt_scan *s)
{
	if (s->n_inputs == 0)
		return false;
	for (size_t i = 0; i < s->n_inputs; i++)
		if (s->inputs[i].kind != OOMT_SCAN_INPUT_HOST)
			return false;
	return true;
}

/* The kernel's count of OOM kills, and whether this kernel keeps one (4.13+; libproc2
 * reads a missing oom_kill line as 0). */
static int kernel_count(const char *sysroot, int64_t *ret)
{
	struct oomt_system_memory m = { .struct_size = sizeof(m) };
	char release[128];
	int r;

	if (oomt_kernel_release_read(sysroot, release, sizeof(release)) == 0) {
		long code = oomt_kernel_release_code(release);

		if (code && code < OOMT_KERNEL_VERSION(4, 13, 0))
			return -ENODATA;
	}
	r = oomt_system_memory_read(sysroot, &m);
	if (r < 0)
		return r;
	if (m.oom_kill_count == OOMT_UNKNOWN || m.oom_kill_count < 0)
		return -ENODATA;
	*ret = m.oom_kill_count;
	return 0;
}

void oomt_scan_accounting_begin(struct oomt_scan *s)
{
	struct oomt_scan_acct *a = &s->acct;
	struct oomt_scan_accounting *o = &a->out;
	int r;

	a->err = -ENODATA;
	if (!a->wanted || !host_only(s))
		return;
	memset(o, 0, sizeof(*o));
	r = kernel_count(s->sysroot, &o->kernel_oom_kills);
	if (r == 0)
		r = oomt_boot_id_read(s->sysroot, o->boot_id, sizeof(o->boot_id));
	if (r < 0) {
		a->err = r == -ENOMEM ? r : -ENODATA;
		return;
	}
	if (oomt_boot_time_read(s->sysroot, &o->boot_time_usec) < 0)
		o->boot_time_usec = OOMT_UNKNOWN;
	a->table_err = oomt_cgroup_fs_open(s->sysroot, &a->fs);
	if (a->table_err == 0)
		a->table_err = oomt_cgroup_oom_table_read(a->fs, &a->table);
	a->err = 0;
}

/* Boot IDs as /proc prints them (dashes) and as the journal does (none). */
static bool same_boot_id(const char *x, const char *y)
{
	for (;;) {
		while (*x == '-')
			x++;
		while (*y == '-')
			y++;
		if (!*x || !*y)
			return !*x && !*y;
		if ((*x | 0x20) != (*y | 0x20))
			return false;
		x++;
		y++;
	}
}

static bool this_boot(const struct oomt_scan_accounting *o, const struct oomt_event *ev,
                      bool from_kmsg)
{
	int64_t since_boot;

	if (ev->boot_id[0])
		return same_boot_id(ev->boot_id, o->boot_id);
	if (from_kmsg)
		return true;
	if (ev->time_usec == OOMT_UNKNOWN || o->boot_time_usec == OOMT_UNKNOWN)
		return false;
	since_boot = ev->time_usec - o->boot_time_usec;
	if (since_boot < -BOOT_SLACK_USEC)
		return false;
	return ev->uptime_usec == OOMT_UNKNOWN || ev->uptime_usec <= since_boot + BOOT_SLACK_USEC;
}

static struct oomt_scan_accounting_cgroup *find_row(struct oomt_scan_acct *a, const char *path)
{
	for (size_t i = 0; i < a->n_rows; i++)
		if (strcmp(a->rows[i].path, path) == 0)
			return &a->rows[i];
	return NULL;
}

static struct oomt_scan_accounting_cgroup *add_row(struct oomt_scan_acct *a, const char *path,
                                                   int64_t oom_kill)
{
	struct oomt_scan_accounting_cgroup *row;
	char *copy;

	if (a->n_rows == a->cap_rows) {
		size_t cap = a->cap_rows ? a->cap_rows * 2 : 16;

		row = realloc(a->rows, cap * sizeof(*row));
		if (!row)
			return NULL;
		a->rows = row;
		a->cap_rows = cap;
	}
	copy = strdup(path);
	if (!copy)
		return NULL;
	row = &a->rows[a->n_rows++];
	row->path = copy;
	row->oom_kill = oom_kill;
	row->logged_kills = 0;
	return row;
}

/* One logged kill of a process in memory cgroup path, onto the row the kernel counted it
 * in. */
static int attribute(struct oomt_scan_acct *a, const char *path)
{
	struct oomt_scan_accounting_cgroup *row;
	char owner[OOMT_PATH_MAX];
	bool counted = false;

	if (a->table_err == 0)
		counted = oomt_cgroup_oom_owner(a->fs, &a->table, path, owner, sizeof(owner));
	else
		snprintf(owner, sizeof(owner), "%s", path);
	row = find_row(a, owner);
	if (!row)
		row = add_row(a, owner, counted ? 0 : OOMT_UNKNOWN);
	if (!row)
		return -ENOMEM;
	row->logged_kills++;
	return 0;
}

/* Sources that are the kernel's ring buffer, as spool source bits. */
static uint64_t kmsg_sources(const struct oomt_scan *s)
{
	uint64_t mask = 0;

	for (size_t i = 0; i < s->n_sources && i < 63; i++)
		if (s->sources[i].kind == OOMT_SCAN_SOURCE_KMSG)
			mask |= 1ULL << i;
	return mask;
}

static int cmp_rows(const void *x, const void *y)
{
	const struct oomt_scan_accounting_cgroup *a = x, *b = y;

	return strcmp(a->path, b->path);
}

/* The logged kills of this boot, counted and attributed. */
static int count_logged(struct oomt_scan *s)
{
	struct oomt_scan_acct *a = &s->acct;
	struct oomt_scan_accounting *o = &a->out;
	struct oomt_scan_spool *sp = &s->spool;
	uint64_t kmsg = kmsg_sources(s);

	for (size_t i = 0; i < sp->n; i++) {
		uint8_t bits = sp->v[i].acct;
		bool from_kmsg = sp->v[i].srcmask & kmsg;
		const struct oomt_event *ev;
		const char *cg;
		int r;

		if (!(bits & OOMT_SCAN_ACCT_KERNEL))
			continue;
		r = oomt_scan_spool_get(sp, i, false, &ev);
		if (r < 0)
			return r;
		if (!this_boot(o, ev, from_kmsg))
			continue;
		if (ev->suppressed != OOMT_UNKNOWN && ev->suppressed > 0)
			o->suppressed_headers += (uint64_t)ev->suppressed;
		if (!(bits & OOMT_SCAN_ACCT_KILL))
			continue;
		o->logged_kills++;
		cg = ev->task_memcg[0] ? ev->task_memcg : ev->oom_memcg;
		if (!cg[0]) {
			o->unattributed_kills++;
			continue;
		}
		r = attribute(a, cg);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Which shown incidents are this boot's (oomt_scan_event_this_boot()). */
static int mark_boot(struct oomt_scan *s)
{
	struct oomt_scan_acct *a = &s->acct;
	uint64_t kmsg = kmsg_sources(s);

	a->this_boot = calloc(s->n_shown ? s->n_shown : 1, 1);
	if (!a->this_boot)
		return -ENOMEM;
	for (size_t i = 0; i < s->n_shown; i++) {
		const struct oomt_event *ev;
		int r = oomt_scan_spool_get(&s->spool, s->shown[i], false, &ev);

		if (r < 0)
			return r;
		a->this_boot[i] = this_boot(&a->out, ev, s->spool.v[s->shown[i]].srcmask & kmsg);
	}
	return 0;
}

int oomt_scan_accounting_finish(struct oomt_scan *s)
{
	struct oomt_scan_acct *a = &s->acct;
	struct oomt_scan_accounting *o = &a->out;
	int r;

	if (a->err < 0)
		return 0;
	if (a->table_err == 0) {
		o->cgroup_version = (int)a->table.version;
		o->cgroups_unreadable = a->table.unreadable;
		for (size_t i = 0; i < a->table.n; i++)
			if (!add_row(a, a->table.rows[i].path, a->table.rows[i].oom_kill))
				return -ENOMEM;
	}
	r = count_logged(s);
	if (r == 0)
		r = mark_boot(s);
	if (r < 0)
		return r;
	o->unlogged_kills = (uint64_t)o->kernel_oom_kills > o->logged_kills
	                    ? (uint64_t)o->kernel_oom_kills - o->logged_kills : 0;
	if (a->n_rows > 1)
		qsort(a->rows, a->n_rows, sizeof(*a->rows), cmp_rows);
	o->cgroups = a->rows;
	o->n_cgroups = a->n_rows;
	a->ready = true;
	return 0;
}

void oomt_scan_accounting_done(struct oomt_scan_acct *a)
{
	for (size_t i = 0; i < a->n_rows; i++)
		free((char *)a->rows[i].path);
	free(a->rows);
	free(a->this_boot);
	oomt_cgroup_oom_table_done(&a->table);
	oomt_cgroup_fs_free(a->fs);
	memset(a, 0, sizeof(*a));
}

int oomt_scan_accounting(const struct oomt_scan *s, const struct oomt_scan_accounting **ret)
{
	if (!s || !ret || !s->acct.wanted || !s->ran)
		return -EINVAL;
	if (!s->acct.ready)
		return -ENODATA;
	*ret = &s->acct.out;
	return 0;
}

int oomt_scan_event_this_boot(const struct oomt_scan *s, size_t i)
{
	if (!s || i >= s->n_shown)
		return -EINVAL;
	if (!s->acct.ready)
		return -ENODATA;
	return s->acct.this_boot[i];
}
