/* SPDX-License-Identifier: MIT */
#ifndef OOMT_SOURCE_SD_JOURNAL_DL_H
#define OOMT_SOURCE_SD_JOURNAL_DL_H

#include <systemd/sd-id128.h>
#include <systemd/sd-journal.h>
#include "util/dl.h"

/*
 * libsystemd, loaded on first use (lib/util/dl.h says why): the one place that names the
 * sd-journal functions the journal source calls. Only the journal source (journal-source.c,
 * journal-cut.c) includes this.
 */
#define OOMT_SD_JOURNAL_FUNCS(X) \
	X(sd_, journal_open) \
	X(sd_, journal_open_directory) \
	X(sd_, journal_open_files) \
	X(sd_, journal_close) \
	X(sd_, journal_add_match) \
	X(sd_, journal_add_disjunction) \
	X(sd_, journal_flush_matches) \
	X(sd_, journal_set_data_threshold) \
	X(sd_, journal_seek_head) \
	X(sd_, journal_seek_tail) \
	X(sd_, journal_previous) \
	X(sd_, journal_next) \
	X(sd_, journal_wait) \
	X(sd_, journal_get_data) \
	X(sd_, journal_restart_data) \
	X(sd_, journal_enumerate_available_data) \
	X(sd_, journal_query_unique) \
	X(sd_, journal_restart_unique) \
	X(sd_, journal_enumerate_available_unique) \
	X(sd_, journal_get_realtime_usec) \
	X(sd_, journal_get_monotonic_usec) \
	X(sd_, journal_get_cutoff_realtime_usec) \
	X(sd_, journal_get_cursor) \
	X(sd_, journal_seek_cursor) \
	X(sd_, journal_test_cursor) \
	X(sd_, id128_get_machine) \
	X(sd_, id128_to_string) \
	X(sd_, id128_from_string)

struct oomt_sd_journal {
	OOMT_SD_JOURNAL_FUNCS(OOMT_DL_FN)
};

/* The table, libsystemd loaded on the first call (thread-safe, once per process).
 * 0, or -ELIBACC when libsystemd cannot be loaded or lacks one of the functions
 * (sd_journal_enumerate_available_data needs systemd 246). */
int oomt_sd_journal_get(const struct oomt_sd_journal **ret);

/* A handle on dir's journal files (NULL: this host's), or on files only: every file, or
 * an error. -EMFILE or -ENFILE when the descriptors ran out while opening them. */
int oomt_journal_open(const struct oomt_sd_journal *sd, const char *dir,
                      const char *const *files, sd_journal **ret);

#endif
