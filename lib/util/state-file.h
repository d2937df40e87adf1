/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_UTIL_STATE_FILE_H
#define OOMTOOL_UTIL_STATE_FILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Internal: what a change replaced, kept until it is undone, in <sysroot>/run/oomtool/NAME
 * (a tmpfs: the records die with the boot, as the live values they describe do). One
 * record a line, "KEY<TAB>VALUE"; KEY and VALUE hold no tab and no newline; '#' starts a
 * comment line. The file is replaced atomically (lib/util/sysroot-file.h), mode 0644, and
 * removed when its last record goes.
 */
struct oomt_state {
	char path[4096];
	char **keys, **values;
	size_t n;
	char *loaded;           /* the file as oomt_state_load found it, NULL when missing */
	bool saved;             /* oomt_state_save wrote (or removed) it */
};

#define OOMT_STATE_DIR "run/oomtool"
#define OOMT_STATE_MAX (256 * 1024)   /* a larger file is refused, not loaded */

/* Load <sysroot>/run/oomtool/NAME (missing: no records). 0 or -errno (-EFBIG, -ENOMEM). */
int oomt_state_load(const char *sysroot, const char *name, struct oomt_state *st);
void oomt_state_done(struct oomt_state *st);
/* KEY's value, or NULL. */
const char *oomt_state_get(const struct oomt_state *st, const char *key);
/* Add or replace. -EINVAL for a tab or newline in KEY or VALUE, -ENOMEM. */
int oomt_state_set(struct oomt_state *st, const char *key, const char *value);
/* Whether KEY was there. */
bool oomt_state_remove(struct oomt_state *st, const char *key);
/* Write the records back (the directory made 0755 when missing; the file removed when
 * there is none). 0 or -errno with the file as it was. */
int oomt_state_save(struct oomt_state *st);
/* The undo of a save, for a change that is undone after it kept its records: the file put
 * back as oomt_state_load found it (its text, or no file). 0 (also when nothing was saved)
 * or -errno. */
int oomt_state_restore(struct oomt_state *st);

#endif
