/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROTECT_INTERNAL_H
#define OOMTOOL_PROTECT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <oomtool/protect.h>
#include "systemd/unit-file.h"

/* Internal to lib/protect: the list, the plan behind its public face, and the pure parts
 * the unit tests reach. */

/* The undo records of `protect set`: <sysroot>/run/oomtool/PROTECT_STATE_NAME, one per
 * process, key "PID:START_TICKS", value "OLD NEW" (the value oomtool replaced first, the
 * one it wrote last). */
#define PROTECT_STATE_NAME "protect.state"

/* What the attribution needs of a process besides its public row. */
struct protect_facts {
	bool unit_has_adj;          /* the unit configures a value */
	int unit_adj;
	char unit_adj_file[PATH_MAX];
	bool has_record;            /* an oomtool record for this very process */
	int64_t record_old, record_new;
	enum oomt_workload_kind kind;
	bool user_unit;             /* the unit is a user manager's */
};

struct oomt_protect_list {
	char *sysroot;                        /* NULL: the live system */
	struct oomt_protect_process *procs;   /* by pid */
	struct protect_facts *facts;          /* parallel to procs */
	size_t n, cap;
	int64_t ram_bytes;
};

struct protect_plan {
	struct oomt_protect_plan pub;         /* first: the pointer the caller holds */
	char *sysroot;
	enum oomt_unit_scope scope;
	bool reload;                          /* STEP_RELOAD is in the plan */
	/* RESET: the processes whose records go (pid, start_ticks) */
	struct { int pid; int64_t start_ticks; } *forget;
	size_t nforget;
};

/* The kubelet's policy (pkg/kubelet/qos/policy.go): whether ADJ is a value it gives a
 * process of a pod of class QOS (COMM "pause": the pod's sandbox, -998 whatever the
 * class). */
bool oomt_kubelet_adj_matches(enum oomt_pod_qos qos, const char *comm, int64_t adj);
/* The value for Guaranteed (-997, the current one) and BestEffort (1000); OOMT_UNKNOWN for
 * Burstable (it depends on the pod's memory request) and for no pod. */
int64_t oomt_kubelet_adj_expected(enum oomt_pod_qos qos, const char *comm);

/* Pure: source, configured value, flags and `listed` of every process from the rows and
 * facts gathered (procs sorted by pid). */
void oomt_protect_attribute(struct oomt_protect_list *l);

#endif
