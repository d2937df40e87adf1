/* SPDX-License-Identifier: MIT */
/*
 * The systemd backend: when systemd is PID 1 it owns the cgroup tree, and a program that
 * wants cgroups of its own asks it for a delegated unit instead of writing into the tree
 * (systemd.io/CGROUP_DELEGATION). The calling process moves itself into a new transient
 * scope, as systemd-run --scope does:
 *
 *   org.freedesktop.systemd1.Manager.StartTransientUnit("oomtool-run-PID.scope", "fail",
 *       [("Description", s), ("Delegate", b true), ("PIDs", au [PID])], [])
 *
 * libsystemd is dlopen()ed for the call and unloaded right after (lib/util/dl.h: it would
 * cost ~1 MiB of RSS while the command runs). setup.c then waits for /proc/self/cgroup to
 * name the scope and makes its trial cgroups inside it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <systemd/sd-bus.h>
#include "run/run-internal.h"
#include "util/dl.h"
#include "util/sysroot-file.h"

#ifndef OOMT_LIBSYSTEMD_SONAME
#define OOMT_LIBSYSTEMD_SONAME "libsystemd.so.0"
#endif

#define SD_BUS_FUNCS(X) \
	X(sd_, bus_open_system) \
	X(sd_, bus_open_user) \
	X(sd_, bus_message_new_method_call) \
	X(sd_, bus_message_append) \
	X(sd_, bus_message_open_container) \
	X(sd_, bus_message_close_container) \
	X(sd_, bus_call) \
	X(sd_, bus_error_free) \
	X(sd_, bus_message_unref) \
	X(sd_, bus_flush_close_unref)

struct sd_bus_table {
	SD_BUS_FUNCS(OOMT_DL_FN)
};

bool oomt_run_systemd_booted(const char *sysroot)
{
	char path[PATH_MAX];

	/* sd_booted(): systemd as PID 1 creates this directory early at boot */
	return oomt_sysroot_join(sysroot, "run/systemd/system", path, sizeof(path)) == 0 &&
	       access(path, F_OK) == 0;
}

static int append_properties(const struct sd_bus_table *b, sd_bus_message *m)
{
	int r;

	r = b->bus_message_open_container(m, 'a', "(sv)");
	if (r >= 0)
		r = b->bus_message_append(m, "(sv)", "Description", "s",
		                          "oomtool run: a command under a trial memory limit");
	if (r >= 0)
		r = b->bus_message_append(m, "(sv)", "Delegate", "b", 1);
	if (r >= 0)
		r = b->bus_message_append(m, "(sv)", "PIDs", "au", 1, (uint32_t)getpid());
	if (r >= 0)
		r = b->bus_message_close_container(m);
	/* no auxiliary units */
	if (r >= 0)
		r = b->bus_message_append(m, "a(sa(sv))", 0);
	return r;
}

static int start_scope(const struct sd_bus_table *b, const char *unit, bool user)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL, *reply = NULL;
	sd_bus *bus = NULL;
	int r;

	r = user ? b->bus_open_user(&bus) : b->bus_open_system(&bus);
	if (r < 0)
		return r;
	r = b->bus_message_new_method_call(bus, &m, "org.freedesktop.systemd1",
	                                   "/org/freedesktop/systemd1",
	                                   "org.freedesktop.systemd1.Manager", "StartTransientUnit");
	if (r >= 0)
		r = b->bus_message_append(m, "ss", unit, "fail");
	if (r >= 0)
		r = append_properties(b, m);
	if (r >= 0)
		r = b->bus_call(bus, m, 0, &error, &reply);
	b->bus_error_free(&error);
	b->bus_message_unref(reply);
	b->bus_message_unref(m);
	b->bus_flush_close_unref(bus);
	return r < 0 ? r : 0;
}

int oomt_run_systemd_start_scope(const char *unit, bool user)
{
	static const char *const names[] = { SD_BUS_FUNCS(OOMT_DL_NAME) };
	void *a[sizeof(names) / sizeof(names[0])];
	struct sd_bus_table b;
	void *handle;
	size_t i = 0;
	int r;

	r = oomt_dl_load(OOMT_LIBSYSTEMD_SONAME, names, a, sizeof(a) / sizeof(a[0]), &handle);
	if (r < 0)
		return r;
#define SET(prefix, name) b.name = (typeof(b.name))a[i++];
	SD_BUS_FUNCS(SET)
#undef SET
	r = start_scope(&b, unit, user);
	oomt_dl_close(handle);
	return r;
}
