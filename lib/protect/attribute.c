/* SPDX-License-Identifier: MIT */
/*
 * Where each process's oom_score_adj comes from, and the flags (protect.h): pure, over the
 * rows and facts list.c gathered. The order of the checks is the order of evidence: a
 * record of oomtool's own write, then what a manager configures for exactly this process
 * (its unit, the kubelet), then the parent it was copied from at fork, then a container
 * runtime, then "manual".
 */
#include <stdio.h>
#include <string.h>
#include "protect/protect-internal.h"

#define LARGE_RSS_DIVISOR 10          /* -1000 on a tenth of RAM or more: "large" */
#define GROWTH_MIN_BYTES (1 << 20)    /* a growth below 1 MiB (or 1% of RSS) is noise */

static bool known(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

/* Started by its unit's manager rather than forked inside the unit: the parent is in
 * another cgroup (PID 1, the user manager, a runtime's shim). The value a manager
 * configures is applied to these; their children may legitimately change their own. */
static bool top_of_cgroup(const struct oomt_protect_list *l, const struct oomt_protect_process *p)
{
	const struct oomt_protect_process *q = oomt_protect_list_find(l, p->parent_pid);

	return !q || strcmp(q->cgroup, p->cgroup) != 0;
}

static void attribute_one(struct oomt_protect_list *l, size_t i)
{
	struct oomt_protect_process *p = &l->procs[i];
	const struct protect_facts *f = &l->facts[i];
	const struct oomt_protect_process *q = oomt_protect_list_find(l, p->parent_pid);
	int64_t adj = p->oom_score_adj, kube = oomt_kubelet_adj_expected(p->qos, p->comm);
	bool top = top_of_cgroup(l, p);

	p->configured_adj = OOMT_UNKNOWN;
	if (f->unit_has_adj) {
		p->configured_adj = f->unit_adj;
		snprintf(p->configured_from, sizeof(p->configured_from), "%s", f->unit_adj_file);
	} else if (known(kube)) {
		p->configured_adj = kube;
		snprintf(p->configured_from, sizeof(p->configured_from), "kubelet");
	}
	if (!known(adj)) {
		p->source = OOMT_ADJ_UNKNOWN;
	} else if (f->has_record && f->record_new == adj) {
		p->source = OOMT_ADJ_OOMTOOL;
		p->configured_adj = f->record_new;
		snprintf(p->configured_from, sizeof(p->configured_from), "oomtool");
	} else if (f->unit_has_adj && f->unit_adj == adj && (adj != 0 || top)) {
		p->source = OOMT_ADJ_UNIT;
	} else if (oomt_kubelet_adj_matches(p->qos, p->comm, adj)) {
		p->source = OOMT_ADJ_KUBELET;
		if (!known(p->configured_adj) || p->configured_adj != adj)
			snprintf(p->configured_from, sizeof(p->configured_from), "kubelet");
		p->configured_adj = adj;
	} else if (adj != 0 && q && q->oom_score_adj == adj) {
		p->source = OOMT_ADJ_INHERITED;
	} else if (adj == 0) {
		p->source = OOMT_ADJ_DEFAULT;
	} else if (f->kind == OOMT_WORKLOAD_CONTAINER || f->kind == OOMT_WORKLOAD_POD ||
	           f->kind == OOMT_WORKLOAD_SYSTEM_CONTAINER) {
		p->source = OOMT_ADJ_RUNTIME;
	} else {
		p->source = OOMT_ADJ_MANUAL;
	}
	/* drift: what the manager applies to the processes it starts is not what this one,
	 * started by it, has now (a restart by hand, choom, a reset after a write to /proc) */
	if (known(adj) && top && p->source != OOMT_ADJ_OOMTOOL &&
	    ((f->unit_has_adj && f->unit_adj != adj) ||
	     (p->qos != OOMT_POD_QOS_NONE && f->kind == OOMT_WORKLOAD_POD && !f->unit_has_adj &&
	      !oomt_kubelet_adj_matches(p->qos, p->comm, adj) && adj != 0)))
		p->flags |= OOMT_PROTECT_DRIFT;
	if (adj == -1000 && known(p->rss_bytes) && known(l->ram_bytes) &&
	    p->rss_bytes >= l->ram_bytes / LARGE_RSS_DIVISOR)
		p->flags |= OOMT_PROTECT_UNKILLABLE_LARGE;
	if (adj == -1000 && known(p->rss_growth_bytes) && p->rss_growth_bytes >= GROWTH_MIN_BYTES &&
	    p->rss_growth_bytes >= p->rss_bytes / 100)
		p->flags |= OOMT_PROTECT_UNKILLABLE_GROWING;
}

/* A user manager (systemd --user, in user@UID.service/init.scope) starts its services 100
 * above its own value when nothing else is configured (DefaultOOMScoreAdjust=, v250). */
static void user_manager_default(struct oomt_protect_list *l, size_t i)
{
	const struct oomt_protect_process *p = &l->procs[i];
	struct protect_facts *f = &l->facts[i];
	const char *at = strstr(p->cgroup, "/user@"), *end;
	char want[OOMT_PROC_CGROUP_MAX];

	if (!f->user_unit || f->unit_has_adj || !at || !(end = strchr(at + 1, '/')))
		return;
	snprintf(want, sizeof(want), "%.*s/init.scope", (int)(end - p->cgroup), p->cgroup);
	for (size_t k = 0; k < l->n; k++)
		if (strcmp(l->procs[k].cgroup, want) == 0 && known(l->procs[k].oom_score_adj)) {
			int64_t v = l->procs[k].oom_score_adj + 100;

			f->unit_has_adj = true;
			f->unit_adj = (int)(v > 1000 ? 1000 : v);
			snprintf(f->unit_adj_file, sizeof(f->unit_adj_file),
			         "systemd --user (pid %d) + 100", l->procs[k].pid);
			return;
		}
}

void oomt_protect_attribute(struct oomt_protect_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		user_manager_default(l, i);
	for (size_t i = 0; i < l->n; i++)
		attribute_one(l, i);
	/* a protected parent whose children inherited it: they are protected by accident */
	for (size_t i = 0; i < l->n; i++) {
		struct oomt_protect_process *c = &l->procs[i];
		struct oomt_protect_process *p;

		if (c->source != OOMT_ADJ_INHERITED)
			continue;
		p = (struct oomt_protect_process *)oomt_protect_list_find(l, c->parent_pid);
		if (!p)
			continue;
		p->children_inheriting++;
		if (p->oom_score_adj < 0)
			p->flags |= OOMT_PROTECT_CHILDREN_INHERIT;
	}
	for (size_t i = 0; i < l->n; i++) {
		struct oomt_protect_process *p = &l->procs[i];

		p->listed = (known(p->oom_score_adj) && p->oom_score_adj != 0) ||
		            (p->flags & OOMT_PROTECT_DRIFT);
	}
}

static const char *const source_names[] = {
	[OOMT_ADJ_DEFAULT] = "default", [OOMT_ADJ_UNIT] = "unit",
	[OOMT_ADJ_INHERITED] = "inherited", [OOMT_ADJ_KUBELET] = "kubelet",
	[OOMT_ADJ_RUNTIME] = "runtime", [OOMT_ADJ_MANUAL] = "manual",
	[OOMT_ADJ_OOMTOOL] = "oomtool", [OOMT_ADJ_UNKNOWN] = "unknown",
};

const char *oomt_adj_source_name(enum oomt_adj_source s)
{
	if ((size_t)s >= sizeof(source_names) / sizeof(source_names[0]))
		return "unknown";
	return source_names[s];
}

static const char *const flag_names[OOMT_PROTECT_FLAG_BITS] = {
	"drift", "unkillable_large", "unkillable_growing", "children_inherit",
	"oom_policy_kill", "oom_policy_stop", "oom_policy_continue", "oom_group",
	"oomd_avoid", "oomd_omit",
};

const char *oomt_protect_flag_name(unsigned bit)
{
	for (unsigned i = 0; i < OOMT_PROTECT_FLAG_BITS; i++)
		if (bit == 1u << i)
			return flag_names[i];
	return NULL;
}
