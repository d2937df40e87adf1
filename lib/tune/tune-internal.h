/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_TUNE_INTERNAL_H
#define OOMTOOL_TUNE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <oomtool/tune.h>

/* Internal to lib/tune. */

/* The undo records of `tune set`: <sysroot>/run/oomtool/TUNE_STATE_NAME, one per key (in
 * /proc/sys path form), value "OLD<TAB-free text>\x1fNEW": the value oomtool replaced
 * first and the one it wrote last, separated by the unit separator (0x1f). */
#define TUNE_STATE_NAME "sysctl.state"
#define TUNE_STATE_SEP '\x1f'

/* The upper bound `tune set` accepts for K on the kernel whose release code (system.h,
 * oomt_kernel_release_code; 0 unknown) is RELEASE and a machine of RAM_BYTES
 * (OOMT_UNKNOWN: no bound from it). */
int64_t oomt_tune_key_max(const struct oomt_tune_key *k, long release, int64_t ram_bytes);
/* "vm/swappiness" for a key in either spelling; false when malformed. */
bool oomt_tune_key_path(const char *key, char *buf, size_t bufsz);

struct oomt_tune_check {
	struct oomt_tune_setting *settings;
	size_t nsettings;
	struct oomt_tune_finding *findings;
	size_t nfindings, capfindings;
	struct oomt_tune_system sys;
	/* swap areas for the priority finding */
	int zram_prio, disk_prio;            /* highest of each kind; INT32_MIN when none */
	char zram_path[256], disk_path[256];
};

/* Judge c->settings against c->sys: appends c->findings. 0 or -ENOMEM. */
int oomt_tune_findings_compute(struct oomt_tune_check *c);
/* The setting named KEY in c, or NULL. */
const struct oomt_tune_setting *oomt_tune_check_setting(const struct oomt_tune_check *c,
                                                        const char *key);

/* The sysroot a plan was computed for (NULL: the live system). */
const char *oomt_tune_plan_sysroot(const struct oomt_tune_plan *p);
/* RESET: the keys whose undo records the plan drops. */
size_t oomt_tune_plan_forget(const struct oomt_tune_plan *p, const char *const **ret);

/* sync(2) in a child process, waited for at most TIMEOUT_USEC: 0 done, 1 still running
 * when the time was up (the child finishes on its own), or -errno. *ret_usec: the wait. */
int oomt_tune_sync_bounded(int64_t timeout_usec, int64_t *ret_usec);

#endif
