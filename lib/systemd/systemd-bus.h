/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SYSTEMD_SYSTEMD_BUS_H
#define OOMTOOL_SYSTEMD_SYSTEMD_BUS_H

#include <stdbool.h>
#include "systemd/unit-file.h"

/*
 * Internal: the running system manager over D-Bus (org.freedesktop.systemd1), libsystemd
 * loaded on first use (lib/util/dl.h). Only for the live system: a sysroot tree has no
 * systemd to ask.
 */

/* Whether systemd is PID 1 of the live system (sd_booted(3): /run/systemd/system/ is a
 * directory). Always false for a sysroot other than the live system. */
bool oomt_systemd_is_running(const char *sysroot);

/* A connection to the system bus, for many queries in a row. 0, -ELIBACC without
 * libsystemd, or the bus's -errno. */
struct oomt_systemd_bus;
int oomt_systemd_bus_open(struct oomt_systemd_bus **ret);
void oomt_systemd_bus_close(struct oomt_systemd_bus *b);

/* The settings systemd has loaded for UNIT of the system manager (what it applies to the
 * next process it starts): OOMScoreAdjust, OOMPolicy and ManagedOOMPreference, each with
 * file "systemd" (the manager, not a file). Fields the unit type lacks stay unset; the
 * rest of *u is kept. 0, -EINVAL for a unit type without these, or the bus's -errno. */
int oomt_systemd_unit_oom_query(struct oomt_systemd_bus *b, const char *unit,
                                struct oomt_unit_oom *u);

/* systemctl daemon-reload: Manager.Reload(), which returns once the manager has reloaded
 * its units. 0 or -errno. */
int oomt_systemd_reload(void);

#endif
