/* SPDX-License-Identifier: MIT */
/*
 * Who the kernel would kill next (oomtool/live.h): gather (live-gather.c), then rank each
 * constraint by the era's rules (badness-rules.c, the same as for a logged incident), then
 * set the kernel's own pick, by the highest /proc/PID/oom_score, beside ours.
 *
 * The root bonus of 2.6.36-4.16 goes to tasks with CAP_SYS_ADMIN in their effective set
 * (CapEff), as has_capability_noaudit() decides; only when status lacks CapEff does uid 0
 * stand in (OOMT_ASSUME_ROOT_PROXY). The kernel checks the capability against the initial
 * user namespace, which /proc does not show: a process with full CapEff in a container's
 * own user namespace gets the bonus here and not in the kernel.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "model/badness-rules.h"
#include "model/live-internal.h"
#include "model/model-internal.h"
#include "util/struct-size.h"

#define DEFAULT_NEAR_LIMIT_PERMILLE 750

/* The first version of struct oomt_live_opts ends with near_limit_permille. */
#define OPTS_V1_SIZE OOMT_SIZE_THROUGH(struct oomt_live_opts, near_limit_permille)

static bool in_memcg(const struct oomt_live_process *p, const struct oomt_live_constraint *c)
{
	const char *path = c->cgroup_version == 1 ? p->memcg_v1 : p->memcg_v2;
	size_t n = strlen(c->memcg);

	return path && strncmp(path, c->memcg, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Does the process earn the era's root bonus? */
static bool has_cap_sys_admin(const struct oomt_live *live, size_t i, enum oomt_skip skip,
                              unsigned *assume)
{
	const struct oomt_live_process *p = &live->processes[i];

	if (!live->root_bonus)
		return false;
	if (p->cap_sys_admin >= 0)
		return p->cap_sys_admin;
	if (live->tasks[i].uid != 0)
		return false;
	if (skip == OOMT_SKIP_NONE)
		*assume |= OOMT_ASSUME_ROOT_PROXY;
	return true;
}

/* The kernel's pick by its own numbers (the whole machine only: oom_score always divides
 * by the machine's totalpages): the highest oom_score among the candidates. */
static void kernel_choice(const struct oomt_live *live, struct oomt_model *m)
{
	const struct oomt_rank *top = m->n_eligible ? &m->ranks[0] : NULL, *k = NULL;
	const struct oomt_live_process *kp, *tp;

	for (size_t i = 0; i < m->n_eligible; i++) {
		const struct oomt_live_process *p = &live->processes[m->ranks[i].task];
		if (!is_known(p->oom_score))
			continue;
		if (!k || p->oom_score > live->processes[k->task].oom_score)
			k = &m->ranks[i];
	}
	if (!k)
		return;
	kp = &live->processes[k->task];
	tp = &live->processes[top->task];
	m->kernel_pid = k->pid;
	m->kernel_score = kp->oom_score;
	m->model_score = kp->model_oom_score;
	/* Equal scores are a tie on the kernel's scale, not a disagreement. */
	if (kp->oom_score == tp->oom_score) {
		m->agreement = OOMT_AGREE_YES;
		return;
	}
	m->agreement = OOMT_AGREE_NO;
	/* Read one process after another, while memory moves. */
	m->reason = top->points - k->points <= (top->points > 0 ? top->points : 0) / 100
	            ? OOMT_REASON_NEAR_TIE : OOMT_REASON_UNEXPLAINED;
}

static int rank_constraint(struct oomt_live *live, struct oomt_live_constraint_entry *c)
{
	struct oomt_model *m = &c->model;
	struct oomt_badness_rules rules = {
		.era = live->system.era, .page_size = live->system.page_size,
		.totalpages = m->totalpages, .root_bonus = live->root_bonus,
	};
	unsigned assume = live->assume | c->assume;

	m->era = rules.era;
	m->page_size = rules.page_size;
	m->root_bonus = rules.root_bonus;
	m->tasks = live->tasks;
	m->n_tasks = live->n_processes;
	m->ranks = calloc(live->n_processes ? live->n_processes : 1, sizeof(*m->ranks));
	if (!m->ranks)
		return -ENOMEM;
	for (size_t i = 0; i < live->n_processes; i++) {
		const struct oomt_task *t = &live->tasks[i];
		struct oomt_rank *r;
		enum oomt_skip skip;

		if (c->pub.scope == OOMT_SCOPE_MEMCG && !in_memcg(&live->processes[i], &c->pub))
			continue;
		skip = oomt_badness_skip(rules.era, t, NULL, 0);
		r = &m->ranks[m->n_ranks++];
		oomt_badness_score(&rules, t, i, has_cap_sys_admin(live, i, skip, &assume), skip,
		                   r);
		if (r->eligible) {
			m->n_eligible++;
		} else {
			/* oom_badness() gives a skipped task no score at all */
			r->points = OOMT_UNKNOWN;
			r->share_permille = OOMT_UNKNOWN;
		}
	}
	oomt_badness_sort(m->ranks, m->n_ranks, rules.era);
	m->assume = assume;
	m->model_victim_pid = m->n_eligible ? m->ranks[0].pid : OOMT_UNKNOWN;
	oomt_badness_margin(m, m->n_eligible ? &m->ranks[0] : NULL);
	c->pub.model = m;
	return 0;
}

/* Ours on the kernel's scale, from the whole machine's ranking. */
static void set_model_oom_scores(struct oomt_live *live, const struct oomt_model *machine)
{
	for (size_t i = 0; i < machine->n_ranks; i++) {
		const struct oomt_rank *r = &machine->ranks[i];
		live->processes[r->task].model_oom_score = !r->eligible ? 0
			: oomt_model_oom_score(machine->era, r->points, machine->totalpages);
	}
}

static int rank_all(struct oomt_live *live)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < live->n_constraints; i++)
		r = rank_constraint(live, &live->constraints[i]);
	if (r == 0) {
		set_model_oom_scores(live, &live->constraints[0].model);
		kernel_choice(live, &live->constraints[0].model);
	}
	return r;
}

static int gather_and_rank(struct oomt_live *live, const char *sysroot)
{
	struct oomt_live_constraint_entry *machine;
	int r;

	r = oomt_live_gather_system(live, sysroot);
	if (r == 0)
		r = oomt_live_gather_processes(live);
	if (r < 0)
		return r;
	machine = oomt_live_add_constraint(live);
	if (!machine)
		return -ENOMEM;
	machine->pub.scope = OOMT_SCOPE_GLOBAL;
	machine->pub.swap_pages = live->system.swap_bytes / live->system.page_size;
	machine->model.totalpages = live->system.totalpages;
	r = oomt_live_gather_memcgs(live, sysroot);
	if (r == 0)
		r = rank_all(live);
	return r;
}

int oomt_live_new(const struct oomt_live_opts *opts, struct oomt_live **ret)
{
	struct oomt_live *live;
	const char *sysroot = NULL;
	int64_t permille = DEFAULT_NEAR_LIMIT_PERMILLE;
	int r;

	if (opts) {
		if (oomt_struct_size_check(opts, OPTS_V1_SIZE) < 0)
			return -EINVAL;
		sysroot = opts->sysroot;
		if (opts->near_limit_permille)
			permille = opts->near_limit_permille;
		if (permille < 1 || permille > 1000)
			return -EINVAL;
	}
	live = calloc(1, sizeof(*live));
	if (!live)
		return -ENOMEM;
	live->near_limit_permille = permille;
	live->procfd = -1;
	live->cgroup_fs = NULL;
	live->system.swappiness = OOMT_UNKNOWN;
	r = gather_and_rank(live, sysroot);
	/* Nothing stays open once the numbers are in. */
	if (live->procfd >= 0)
		close(live->procfd);
	live->procfd = -1;
	oomt_cgroup_fs_free(live->cgroup_fs);
	live->cgroup_fs = NULL;
	if (r < 0) {
		oomt_live_free(live);
		return r;
	}
	*ret = live;
	return 0;
}

void oomt_live_free(struct oomt_live *live)
{
	if (!live)
		return;
	for (size_t i = 0; i < live->n_constraints; i++)
		oomt_model_done(&live->constraints[i].model);
	free(live->constraints);
	for (size_t i = 0; i < live->n_paths; i++)
		free(live->paths[i]);
	free(live->paths);
	free(live->checked);
	free(live->tasks);
	free(live->processes);
	if (live->procfd >= 0)
		close(live->procfd);
	oomt_cgroup_fs_free(live->cgroup_fs);
	live->cgroup_fs = NULL;
	free(live);
}

const struct oomt_live_system *oomt_live_system(const struct oomt_live *live)
{
	return &live->system;
}

size_t oomt_live_process_count(const struct oomt_live *live)
{
	return live->n_processes;
}

const struct oomt_live_process *oomt_live_process(const struct oomt_live *live, size_t i)
{
	return i < live->n_processes ? &live->processes[i] : NULL;
}

const struct oomt_live_process *oomt_live_rank_process(const struct oomt_live *live,
                                                       const struct oomt_rank *r)
{
	return oomt_live_process(live, r->task);
}

size_t oomt_live_constraint_count(const struct oomt_live *live)
{
	return live->n_constraints;
}

const struct oomt_live_constraint *oomt_live_constraint(const struct oomt_live *live, size_t i)
{
	return i < live->n_constraints ? &live->constraints[i].pub : NULL;
}
