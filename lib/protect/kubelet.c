/* SPDX-License-Identifier: MIT */
/*
 * The kubelet's oom_score_adj policy (pkg/kubelet/qos/policy.go, GetContainerOOMScoreAdjust):
 *   Guaranteed   -997 (guaranteedOOMScoreAdj; -998 before Kubernetes 1.24)
 *   BestEffort   1000
 *   Burstable    1000 - 1000 * memoryRequest / memoryCapacity, raised to 1000 + (-997) = 3
 *                (2 with -998) when lower, and 999 when it comes to 1000
 *   the pod's sandbox ("pause") -998 (PodInfraOOMAdj); the kubelet and kube-proxy set their
 *   own -999 (a flag of theirs, not a pod's policy).
 */
#include <string.h>
#include "protect/protect-internal.h"

#define GUARANTEED_ADJ (-997)
#define GUARANTEED_ADJ_OLD (-998)
#define BESTEFFORT_ADJ 1000
#define SANDBOX_ADJ (-998)

static bool is_sandbox(const char *comm)
{
	return comm && strcmp(comm, "pause") == 0;
}

bool oomt_kubelet_adj_matches(enum oomt_pod_qos qos, const char *comm, int64_t adj)
{
	if (qos == OOMT_POD_QOS_NONE)
		return false;
	if (is_sandbox(comm))
		return adj == SANDBOX_ADJ;
	switch (qos) {
	case OOMT_POD_QOS_GUARANTEED:
		return adj == GUARANTEED_ADJ || adj == GUARANTEED_ADJ_OLD;
	case OOMT_POD_QOS_BESTEFFORT:
		return adj == BESTEFFORT_ADJ;
	case OOMT_POD_QOS_BURSTABLE:
		return adj >= 1000 + GUARANTEED_ADJ_OLD && adj <= BESTEFFORT_ADJ - 1;
	default:
		return false;
	}
}

int64_t oomt_kubelet_adj_expected(enum oomt_pod_qos qos, const char *comm)
{
	if (qos == OOMT_POD_QOS_NONE)
		return OOMT_UNKNOWN;
	if (is_sandbox(comm))
		return SANDBOX_ADJ;
	if (qos == OOMT_POD_QOS_GUARANTEED)
		return GUARANTEED_ADJ;
	if (qos == OOMT_POD_QOS_BESTEFFORT)
		return BESTEFFORT_ADJ;
	return OOMT_UNKNOWN;
}
