/* SPDX-License-Identifier: MIT */
/*
 * systemd's lines about a kernel OOM kill in one of its units (systemd 243+, cgroup v2: it
 * watches the oom_kill count of each unit's memory.events):
 *   "<unit>: A process of this unit has been killed by the OOM killer."
 *   "<unit>: The kernel OOM killer killed some processes in this unit."   (its wording
 *                                               since systemd 258; some versions log both)
 *   "<unit>: Failed with result 'oom-kill'."   (also after a systemd-oomd kill of the unit)
 * memory.events counts a kill in every ancestor cgroup too, so one kill is logged for its
 * unit and for each slice above it, at the same instant: a burst (docs/kernel-oom-report.md
 * §7, "systemd's unit lines").
 *
 * A burst annotates the kernel kill of its unit: the kill whose cgroup ends with the unit
 * or holds it as a parent, or, for a kill that names no cgroup, the newest one. journald
 * and syslog may write the kernel's lines after systemd's, so a burst that no kill read so
 * far explains is held UNIT_BURST_USEC (or GRACE_RECORDS records when the lines have no
 * wall clock) for a kill to come. A burst no kill claims is the only trace of a kill (the
 * kernel's lines were not logged, were rotated away or filtered out): one incident, killer
 * kernel, victim unknown, unit the most specific unit of the burst (a service or scope over
 * the slices, a deeper slice over its parents), missing every part of the kernel report.
 */
#include <string.h>
#include "event/machine.h"
#include "event/text.h"
#include "event/event-internal.h"

/* How specific a unit is: a slice is as deep as its name has dashes ("user-1000.slice" is
 * in "user.slice"; "-.slice" is the root); "user@UID.service" holds all the units of that
 * user's manager (whose lines name them with another pid of systemd); any other unit
 * (service, scope, ...) is a leaf. */
static int unit_depth(const char *unit)
{
	size_t n = strlen(unit);
	int d = 1;

	if (n == 0)
		return -1;
	if (strncmp(unit, "user@", 5) == 0 && n > 13 && strcmp(unit + n - 8, ".service") == 0)
		return 500;
	if (n < 6 || strcmp(unit + n - 6, ".slice") != 0)
		return 1000;
	if (strcmp(unit, "-.slice") == 0)
		return 0;
	for (size_t i = 0; i + 6 < n; i++)
		d += unit[i] == '-';
	return d;
}

/* A unit that holds others: a slice or a user manager. */
static bool is_container(const char *unit)
{
	return unit_depth(unit) < 1000;
}

/* unit is a whole component of the cgroup path ("/user.slice/user-1000.slice/..."). */
static bool unit_in_path(const char *path, const char *unit)
{
	size_t lu = strlen(unit);

	for (const char *p = path; (p = strstr(p, unit)) != NULL; p++)
		if ((p == path || p[-1] == '/') && (p[lu] == '\0' || p[lu] == '/'))
			return true;
	return false;
}

/* Wall clocks of two lines within the burst window; without them, record counts. */
static bool near(int64_t a, int64_t b, uint64_t rec_a, uint64_t rec_b)
{
	if (a != OOMT_UNKNOWN && b != OOMT_UNKNOWN)
		return (a > b ? a - b : b - a) <= UNIT_BURST_USEC;
	return (rec_a > rec_b ? rec_a - rec_b : rec_b - rec_a) <= GRACE_RECORDS;
}

/* A kernel kill already read that this line is about: its unit (a repeat, or the result
 * line after the kill line), a parent slice of its cgroup, or, for a kill that names no
 * cgroup but got its unit from systemd, any slice or user manager of the same instant. */
static bool kill_explains(const struct oomt_event *ev, const char *unit)
{
	if (ev->killer != OOMT_KILLER_KERNEL || ev->kind == OOMT_KIND_ALLOCATION_FAILURE ||
	    ev->victim.pid == OOMT_UNKNOWN)
		return false;
	if (strcmp(ev->unit, unit) == 0)
		return true;
	if (ev->task_memcg[0])
		return unit_in_path(ev->task_memcg, unit);
	return ev->unit[0] && is_container(unit);
}

/* The kill read so far that this line is about, or NULL. */
static struct oomt_event *explained(struct oomt_parser *p, struct oomt_parser_host *c,
                                    const char *unit)
{
	int64_t t = p->rec->realtime_usec;

	if (c->cur.open && c->cur.killed && kill_explains(&c->cur.ev, unit) &&
	    near(c->cur.ev.time_usec, t, c->cur.since, c->nrec))
		return &c->cur.ev;
	for (size_t i = 0; i < c->ndone; i++)
		if (kill_explains(c->done[i].ev, unit) &&
		    near(c->done[i].ev->time_usec, t, c->done[i].at, c->nrec))
			return c->done[i].ev;
	return NULL;
}

/* A service or scope above the kill's cgroup is the unit that holds it (a container's
 * scope with a whole kubelet nested in it, as kind and k3d run one); slices and user
 * managers hold others' units too. */
static void unit_above(struct oomt_event *ev, const char *unit)
{
	if (!ev->unit[0] && !is_container(unit) && ev->task_memcg[0] &&
	    unit_in_path(ev->task_memcg, unit))
		oomt_text_copy_trimmed(ev->unit, sizeof(ev->unit), unit, strlen(unit));
}

void oomt_unit_oom_emit(struct oomt_parser *p, struct oomt_parser_host *c)
{
	if (c->burst.open)
		oomt_parser_host_emit(p, c, &c->burst);
}

static void burst_drop(struct oomt_parser_host *c)
{
	c->burst.open = false;
	oomt_event_done(&c->burst.ev);
}

static void burst_add(struct oomt_parser *p, struct oomt_parser_host *c, const char *unit)
{
	struct oomt_incident *b = &c->burst;

	if (b->open && !near(b->ev.time_usec, p->rec->realtime_usec, b->opened, c->nrec))
		oomt_unit_oom_emit(p, c);
	if (!b->open) {
		oomt_incident_start(p, c, b);
		b->ev.uptime_usec = OOMT_UNKNOWN;   /* systemd's clock is not the kernel's */
	}
	if (unit_depth(unit) > unit_depth(b->ev.unit))
		oomt_text_copy_trimmed(b->ev.unit, sizeof(b->ev.unit), unit, strlen(unit));
}

/* A "Failed with result 'oom-kill'" line of a unit that systemd-oomd just killed. */
static bool oomd_result(struct oomt_parser_host *c, const char *unit)
{
	struct oomt_event *ev = oomt_parser_host_find_unit(c, OOMT_KILLER_SYSTEMD_OOMD, unit);

	return ev && (!ev->unit[0] || strcmp(ev->unit, unit) == 0);
}

void oomt_unit_oom_line(struct oomt_parser *p, struct oomt_parser_host *c, const char *s,
                        size_t n)
{
	const char *k = oomt_text_find(s, n, ": A process of this unit");
	char unit[sizeof(((struct oomt_event *)0)->unit)];
	struct oomt_event *ev;
	bool result = false;

	if (!k)
		k = oomt_text_find(s, n, ": The kernel OOM killer killed some processes");
	if (!k) {
		k = oomt_text_find(s, n, ": Failed with result 'oom-kill'");
		result = true;
	}
	if (!k || k == s)
		return;
	oomt_text_copy_trimmed(unit, sizeof(unit), s, (size_t)(k - s));
	if (!unit[0] || (result && oomd_result(c, unit)))
		return;
	ev = oomt_parser_host_find_unit(c, OOMT_KILLER_KERNEL, unit);
	/* a kill of this unit long before is another kill (one the kernel's lines of which are
	 * not in the log) */
	if (ev && ev->time_usec != OOMT_UNKNOWN && p->rec->realtime_usec != OOMT_UNKNOWN &&
	    !near(ev->time_usec, p->rec->realtime_usec, 0, 0))
		ev = NULL;
	if (ev && ev->victim.pid != OOMT_UNKNOWN) {
		if (!ev->unit[0])
			oomt_parser_host_set_group_unit(c, ev, unit);   /* every kill of a group kill */
		/* the slices of the burst so far were this kill's parents */
		if (c->burst.open && near(c->burst.ev.time_usec, p->rec->realtime_usec,
		                          c->burst.opened, c->nrec))
			burst_drop(c);
		return;
	}
	if ((ev = explained(p, c, unit)) != NULL) {
		unit_above(ev, unit);
		return;
	}
	burst_add(p, c, unit);
}

/* A kernel kill was read: a burst of the same instant was about it when its unit is the
 * kill's cgroup or a parent of it (or the kill names no cgroup). */
void oomt_unit_oom_kill(struct oomt_parser *p, struct oomt_parser_host *c, struct oomt_event *ev)
{
	struct oomt_incident *b = &c->burst;
	bool leaf;

	if (!b->open || !near(b->ev.time_usec, p->rec->realtime_usec, b->opened, c->nrec))
		return;
	if (ev->task_memcg[0]) {
		const char *slash = strrchr(ev->task_memcg, '/');

		leaf = strcmp(slash ? slash + 1 : ev->task_memcg, b->ev.unit) == 0;
		if (!leaf && !unit_in_path(ev->task_memcg, b->ev.unit))
			return;   /* another cgroup: the burst is about another kill */
	} else {
		leaf = true;
	}
	if (leaf && !ev->unit[0])
		oomt_text_copy_trimmed(ev->unit, sizeof(ev->unit), b->ev.unit, strlen(b->ev.unit));
	else if (!leaf)
		unit_above(ev, b->ev.unit);
	burst_drop(c);
}

/* Once per record of the host: a burst no kill claimed within its window is an incident. */
void oomt_unit_oom_tick(struct oomt_parser *p, struct oomt_parser_host *c)
{
	struct oomt_incident *b = &c->burst;

	if (b->open && !near(b->ev.time_usec, p->rec ? p->rec->realtime_usec : OOMT_UNKNOWN,
	                     b->opened, c->nrec))
		oomt_unit_oom_emit(p, c);
}
