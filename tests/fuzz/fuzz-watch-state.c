/* SPDX-License-Identifier: MIT */
/* The watcher's state file parser (lib/watch/state.c, what oomtool metrics reads) on
 * arbitrary bytes: no crash, no leak, and what it accepts is within the bounds it promises. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <oomtool/watch.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oomt_watch_state *st;

	if (oomt_watch_state_parse((const char *)data, size, &st) != 0)
		return 0;
	if (st->period_usec <= 0 || st->pid <= 0 || (st->n_scopes && !st->scopes))
		abort();
	for (size_t i = 0; i < st->n_scopes; i++) {
		const struct oomt_watch_state_scope *sc = &st->scopes[i];

		if (!sc->scope || !sc->scope[0] || !sc->name || sc->cgroup_version < 0 ||
		    sc->cgroup_version > 2 ||
		    (!isnan(sc->confidence) && (sc->confidence < 0 || sc->confidence > 1)))
			abort();
	}
	(void)oomt_watch_state_fresh(st, 0);
	oomt_watch_state_free(st);
	return 0;
}
