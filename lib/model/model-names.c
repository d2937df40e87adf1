/* SPDX-License-Identifier: MIT */
/* The model's enum values as JSON names (stable: docs/oomtool-json.7). */
#include <stddef.h>
#include <oomtool/model.h>

const char *oomt_era_name(enum oomt_era e)
{
	switch (e) {
	case OOMT_ERA_TOTAL_VM:   return "2.6.32-2.6.35";
	case OOMT_ERA_NORMALIZED: return "2.6.36-3.5";
	case OOMT_ERA_PAGES:      return "3.6-5.8";
	case OOMT_ERA_SIGNED:     return "5.9+";
	default:                  return NULL;
	}
}

const char *oomt_skip_name(enum oomt_skip s)
{
	switch (s) {
	case OOMT_SKIP_INIT:        return "init";
	case OOMT_SKIP_ADJ_MIN:     return "oom_score_adj_min";
	case OOMT_SKIP_OOM_DISABLE: return "oom_disable";
	case OOMT_SKIP_NO_DATA:     return "no_data";
	case OOMT_SKIP_OOM_VICTIM:  return "oom_victim";
	default:                    return NULL;
	}
}

const char *oomt_reason_name(enum oomt_reason r)
{
	static const char *const names[] = {
		[OOMT_REASON_NO_KILL] = "no_kill",
		[OOMT_REASON_NO_TABLE] = "no_table",
		[OOMT_REASON_USERSPACE] = "userspace_killer",
		[OOMT_REASON_SACRIFICE_CHILD] = "sacrifice_child",
		[OOMT_REASON_ALLOCATING_TASK] = "oom_kill_allocating_task",
		[OOMT_REASON_GROUP_KILL] = "oom_group",
		[OOMT_REASON_TABLE_CUT] = "table_cut",
		[OOMT_REASON_VICTIM_NOT_LISTED] = "victim_not_listed",
		[OOMT_REASON_MEMCG_SUBTREE] = "memcg_subtree",
		[OOMT_REASON_MISSING_T] = "missing_totalpages",
		[OOMT_REASON_ROOT_BONUS] = "root_bonus",
		[OOMT_REASON_NEAR_TIE] = "near_tie",
		[OOMT_REASON_OLD_BADNESS] = "old_badness",
		[OOMT_REASON_UNEXPLAINED] = "unexplained",
		[OOMT_REASON_VICTIM_FROM_KILL_LINE] = "victim_scored_from_kill_line",
		[OOMT_REASON_ALLOWED_NODES] = "allowed_nodes",
		[OOMT_REASON_NOTHING_KILLABLE] = "nothing_killable",
		[OOMT_REASON_PANIC] = "panic",
		[OOMT_REASON_SCORE_TIE] = "score_tie",
	};
	if ((size_t)r >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[r];
}

const char *oomt_assume_name(unsigned bit)
{
	switch (bit) {
	case OOMT_ASSUME_PAGE_SIZE:      return "page_size_4096";
	case OOMT_ASSUME_NO_SWAP:        return "swap_unknown";
	case OOMT_ASSUME_MEMSW_SWAP:     return "memsw_limit_as_swap";
	case OOMT_ASSUME_GLOBAL_T:       return "allowed_nodes_unknown";
	case OOMT_ASSUME_NO_T:           return "totalpages_unknown";
	case OOMT_ASSUME_ROOT_PROXY:     return "uid0_as_cap_sys_admin";
	case OOMT_ASSUME_ROOT_UNKNOWN:   return "root_bonus_unknown";
	case OOMT_ASSUME_TIE_RULE:       return "tie_rule_assumed";
	case OOMT_ASSUME_APPROX:         return "old_badness_approximate";
	case OOMT_ASSUME_NO_SWAP_COLUMN: return "swap_and_ptes_not_shown";
	case OOMT_ASSUME_SWAPPINESS:     return "swappiness_nonzero";
	case OOMT_ASSUME_NO_CAP_BY_SCORE: return "no_root_bonus_by_score";
	case OOMT_ASSUME_RAM_TOTALS:     return "ram_from_page_totals";
	case OOMT_ASSUME_RELEASE_UNKNOWN: return "kernel_release_unknown";
	case OOMT_ASSUME_T_FROM_SCORE:   return "totalpages_from_score";
	case OOMT_ASSUME_PRE59_BY_CHOICE: return "pre_5.9_rules_by_choice";
	case OOMT_ASSUME_VICTIM_BY_SIZE: return "victim_matched_by_size";
	case OOMT_ASSUME_PAGE_SIZE_ARCH: return "page_size_of_arch";
	case OOMT_ASSUME_ROOT_BY_TABLE:  return "root_bonus_3pct_by_table";
	case OOMT_ASSUME_ROOT_30_BY_SCORE: return "root_bonus_30_by_score";
	case OOMT_ASSUME_SELECTED_THREAD: return "selected_thread_of_victim";
	case OOMT_ASSUME_ROOT_3_BY_SCORE: return "root_bonus_3pct_by_score";
	case OOMT_ASSUME_T_MIN_FROM_SCORE: return "totalpages_min_from_score";
	default:                         return NULL;
	}
}
