/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SYSTEMD_UNIT_FILE_H
#define OOMTOOL_SYSTEMD_UNIT_FILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Internal: the OOM settings of a systemd unit, read offline from its unit file and
 * drop-ins as systemd loads them (systemd.unit(5), "Unit File Load Path"), so that a
 * copied tree (--sysroot) and a machine where systemd is not PID 1 give the same answer.
 *
 * Text accepted (systemd.syntax(7)): "[Section]" lines, "Key=Value" lines (blanks around
 * '=' and at both ends dropped), comment lines starting with '#' or ';', blank lines, and
 * a line ending in '\' continued on the next (comment lines inside a continuation are
 * skipped). An empty value ("OOMScoreAdjust=") resets the setting to unset. Later
 * assignments win: the unit file first, then its drop-ins in file name order.
 *
 * The settings (systemd.exec(5), systemd.service(5), systemd.resource-control(5)):
 *   OOMScoreAdjust=        -1000..1000   [Service] [Socket] [Mount] [Swap]
 *   OOMPolicy=             continue|stop|kill   [Service] [Scope] (v243)
 *   ManagedOOMPreference=  none|avoid|omit  resource-control sections (v248, systemd-oomd)
 *   Delegate=              yes|no|controllers  (Delegate= units default to OOMPolicy=continue)
 * and, in system.conf [Manager], DefaultOOMPolicy= (v243) and DefaultOOMScoreAdjust=
 * (v250): what a unit without its own setting gets.
 */

enum oomt_unit_scope {
	OOMT_UNIT_SYSTEM,      /* the system manager: /etc/systemd/system, ... */
	OOMT_UNIT_USER,        /* a user manager: /etc/systemd/user, ... (not ~/.config) */
};

/* One setting: its value and where the assignment that set it is. */
struct oomt_unit_value {
	bool set;
	char value[64];
	char file[PATH_MAX];   /* as read: under the sysroot */
	unsigned line;
};

struct oomt_unit_oom {
	bool found;                   /* a unit file exists (not masked) */
	bool masked;                  /* linked to /dev/null */
	char fragment[PATH_MAX];      /* the unit file read, "" when none */
	size_t n_dropins;             /* drop-in files applied */
	struct oomt_unit_value oom_score_adjust;
	struct oomt_unit_value oom_policy;
	struct oomt_unit_value managed_oom_preference;
	struct oomt_unit_value delegate;
	/* the manager's defaults (system.conf and its drop-ins) */
	struct oomt_unit_value default_oom_policy;
	struct oomt_unit_value default_oom_score_adjust;
};

/* ---- pure ---- */

/* Whether NAME is a unit name systemd accepts: 1..255 bytes of [A-Za-z0-9:_.\\@-], a
 * known type suffix (".service", ".scope", ...), no '/' (so that it is safe in a path). */
bool oomt_unit_name_is_valid(const char *name);
/* "foo@bar.service" -> "foo@.service" into buf; false when NAME is no instance. */
bool oomt_unit_name_template(const char *name, char *buf, size_t bufsz);
/* Apply the text of one file (unit file, drop-in, or system.conf when MANAGER is true) to
 * U: every setting above it assigns. FILE is what the values record as their origin. */
void oomt_unit_text_apply(const char *buf, size_t len, const char *file, bool manager,
                          struct oomt_unit_oom *u);
/* OOMScoreAdjust= as a number: the unit's, else the manager's DefaultOOMScoreAdjust=;
 * false when neither is set (the process inherits the manager's own value). *ret_file
 * (may be NULL) names the file that set it. */
bool oomt_unit_adjust(const struct oomt_unit_oom *u, int *ret, const char **ret_file);
/* The OOMPolicy= in effect: the unit's; else "continue" for a Delegate= unit; else the
 * manager's DefaultOOMPolicy=; else "stop". *ret_explicit: set by the unit itself. */
const char *oomt_unit_oom_policy(const struct oomt_unit_oom *u, bool *ret_explicit);

/* ---- files under a sysroot ---- */

/* A drop-in to read differently from the disk: TEXT instead of the file at PATH (a plan
 * that has not written it yet), or TEXT NULL: PATH is not read (a reset that will remove
 * it). PATH as oomt_unit_dropin_path() gives it. */
struct oomt_unit_override {
	const char *path;
	const char *text;
};

/*
 * Read UNIT (a valid name) as the manager of SCOPE would load it from SYSROOT (NULL, "" or
 * "/" = this host): the first unit file on the search path (an instance falls back to its
 * template; a symlink is followed inside the sysroot), then every "*.conf" drop-in of
 * UNIT.d/, TEMPLATE.d/, the prefix directories of a dashed name ("foo-.service.d/") and
 * the type directory ("service.d/") on every search path, a name in an earlier directory
 * hiding the same name in a later one, applied in file name order. OV may be NULL.
 * Returns 0 (also when there is no unit file: found false), -EINVAL for a bad name, or
 * -ENOMEM.
 */
int oomt_unit_oom_read(const char *sysroot, enum oomt_unit_scope scope, const char *unit,
                       const struct oomt_unit_override *ov, struct oomt_unit_oom *ret);

/* Where oomtool writes its drop-in for UNIT: <sysroot>/etc/systemd/system/UNIT.d/
 * OOMT_UNIT_DROPIN_NAME (the user manager's: etc/systemd/user). */
#define OOMT_UNIT_DROPIN_NAME "90-oomtool.conf"
int oomt_unit_dropin_path(const char *sysroot, enum oomt_unit_scope scope, const char *unit,
                          char *buf, size_t bufsz);

#endif
