/* SPDX-License-Identifier: MIT */
/* The running systemd over D-Bus: see systemd-bus.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <systemd/sd-bus.h>
#include "systemd/systemd-bus.h"
#include "util/dl.h"
#include "util/sysroot-file.h"

#define SD_BUS_FUNCS(X) \
	X(sd_, bus_open_system) \
	X(sd_, bus_flush_close_unref) \
	X(sd_, bus_path_encode) \
	X(sd_, bus_get_property_trivial) \
	X(sd_, bus_get_property_string) \
	X(sd_, bus_call_method) \
	X(sd_, bus_message_unref) \
	X(sd_, bus_error_free)

struct sd_bus_api {
	SD_BUS_FUNCS(OOMT_DL_FN)
};

static const char *const names[] = { SD_BUS_FUNCS(OOMT_DL_NAME) };
static struct sd_bus_api api;
static struct oomt_dl_table libsystemd = OOMT_DL_TABLE(OOMT_LIBSYSTEMD_SONAME, names, api);

static int api_get(void)
{
	return oomt_dl_table_get(&libsystemd);
}

bool oomt_systemd_is_running(const char *sysroot)
{
	struct stat st;

	return oomt_sysroot_is_live(sysroot) && lstat("/run/systemd/system", &st) == 0 &&
	       S_ISDIR(st.st_mode);
}

#define SD_DEST "org.freedesktop.systemd1"

/* "Service" for "x.service": the D-Bus interface suffix of the unit's type. */
static const char *type_interface(const char *unit)
{
	static const char *const map[][2] = {
		{ ".service", "Service" }, { ".scope", "Scope" }, { ".slice", "Slice" },
		{ ".socket", "Socket" },   { ".mount", "Mount" }, { ".swap", "Swap" },
	};
	const char *dot = strrchr(unit, '.');

	for (size_t i = 0; dot && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(dot, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

static void set_value(struct oomt_unit_value *v, const char *text)
{
	if (!text || !*text)
		return;
	v->set = true;
	snprintf(v->value, sizeof(v->value), "%s", text);
	snprintf(v->file, sizeof(v->file), "systemd");
	v->line = 0;
}

/* A string property; the manager reports its default for a unit that sets nothing, so
 * that value (DFL) counts as a setting only when the files made one. */
static void query_string(sd_bus *bus, const char *path, const char *iface, const char *prop,
                         const char *dfl, struct oomt_unit_value *v)
{
	sd_bus_error err = SD_BUS_ERROR_NULL;
	char *s = NULL;

	if (api.bus_get_property_string(bus, SD_DEST, path, iface, prop, &err, &s) >= 0 &&
	    (v->set || strcmp(s, dfl) != 0))
		set_value(v, s);
	free(s);
	api.bus_error_free(&err);
}

struct oomt_systemd_bus {
	sd_bus *bus;
};

int oomt_systemd_bus_open(struct oomt_systemd_bus **ret)
{
	struct oomt_systemd_bus *b;
	int r;

	if ((r = api_get()) < 0)
		return r;
	if (!(b = calloc(1, sizeof(*b))))
		return -ENOMEM;
	if ((r = api.bus_open_system(&b->bus)) < 0) {
		free(b);
		return r;
	}
	*ret = b;
	return 0;
}

void oomt_systemd_bus_close(struct oomt_systemd_bus *b)
{
	if (!b)
		return;
	api.bus_flush_close_unref(b->bus);
	free(b);
}

int oomt_systemd_unit_oom_query(struct oomt_systemd_bus *b, const char *unit,
                                struct oomt_unit_oom *u)
{
	const char *type = type_interface(unit);
	sd_bus_error err = SD_BUS_ERROR_NULL;
	sd_bus *bus = b->bus;
	char iface[64], *path = NULL, num[16];
	int32_t adj;
	int r;

	if (!type)
		return -EINVAL;
	snprintf(iface, sizeof(iface), "org.freedesktop.systemd1.%s", type);
	r = api.bus_path_encode("/org/freedesktop/systemd1/unit", unit, &path);
	if (r >= 0 && api.bus_get_property_trivial(bus, SD_DEST, path, iface, "OOMScoreAdjust",
	                                           &err, 'i', &adj) >= 0) {
		snprintf(num, sizeof(num), "%d", (int)adj);
		/* systemd reports 0 for "not set" too; only a non-zero value is a setting */
		if (adj != 0 || u->oom_score_adjust.set)
			set_value(&u->oom_score_adjust, num);
	}
	api.bus_error_free(&err);
	if (r >= 0) {
		query_string(bus, path, iface, "OOMPolicy", "stop", &u->oom_policy);
		query_string(bus, path, iface, "ManagedOOMPreference", "none",
		             &u->managed_oom_preference);
	}
	free(path);
	return r < 0 ? r : 0;
}

int oomt_systemd_reload(void)
{
	sd_bus_error err = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	sd_bus *bus = NULL;
	int r;

	if ((r = api_get()) < 0)
		return r;
	if ((r = api.bus_open_system(&bus)) < 0)
		return r;
	r = api.bus_call_method(bus, SD_DEST, "/org/freedesktop/systemd1",
	                        "org.freedesktop.systemd1.Manager", "Reload", &err, &reply, "");
	api.bus_message_unref(reply);
	api.bus_error_free(&err);
	api.bus_flush_close_unref(bus);
	return r < 0 ? r : 0;
}
