/* SPDX-License-Identifier: MIT */
/*
 * A fake systemd for tests/live/protect-systemd-fake.sh: on the bus that
 * DBUS_SYSTEM_BUS_ADDRESS names (a private dbus-daemon), it owns org.freedesktop.systemd1
 * and answers what oomtool protect asks of systemd: the org.freedesktop.systemd1.Service
 * properties OOMScoreAdjust, OOMPolicy and ManagedOOMPreference of every unit object
 * (UNIT gets ADJ, "kill" and "omit"; any other unit 0, "stop", "none", as systemd reports a
 * unit that sets nothing), and Manager.Reload, logged to LOG as "reload".
 * Usage: fake-systemd1-oom UNIT ADJ LOG READY   (READY is created once the name is owned)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <systemd/sd-bus.h>

#define UNIT_PREFIX "/org/freedesktop/systemd1/unit"

static const char *unit, *log_path;
static int32_t adj;

/* Whether PATH is the object of UNIT. */
static int is_unit(const char *path)
{
	char *name = NULL;
	int r = sd_bus_path_decode(path, UNIT_PREFIX, &name) > 0 && strcmp(name, unit) == 0;

	free(name);
	return r;
}

static int get_adj(sd_bus *bus, const char *path, const char *iface, const char *prop,
                   sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
	(void)bus; (void)iface; (void)prop; (void)userdata; (void)error;
	return sd_bus_message_append(reply, "i", is_unit(path) ? adj : 0);
}

static int get_policy(sd_bus *bus, const char *path, const char *iface, const char *prop,
                      sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
	(void)bus; (void)iface; (void)prop; (void)userdata; (void)error;
	return sd_bus_message_append(reply, "s", is_unit(path) ? "kill" : "stop");
}

static int get_preference(sd_bus *bus, const char *path, const char *iface, const char *prop,
                          sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
	(void)bus; (void)iface; (void)prop; (void)userdata; (void)error;
	return sd_bus_message_append(reply, "s", is_unit(path) ? "omit" : "none");
}

static int find_unit(sd_bus *bus, const char *path, const char *iface, void *userdata,
                     void **found, sd_bus_error *error)
{
	(void)bus; (void)path; (void)iface; (void)error;
	*found = userdata;
	return 1;               /* every unit exists, as systemd loads any name on demand */
}

static int reload(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	FILE *f = fopen(log_path, "a");
	(void)userdata; (void)error;

	if (f) {
		fputs("reload\n", f);
		fclose(f);
	}
	return sd_bus_reply_method_return(m, "");
}

static const sd_bus_vtable service[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_PROPERTY("OOMScoreAdjust", "i", get_adj, 0, 0),
	SD_BUS_PROPERTY("OOMPolicy", "s", get_policy, 0, 0),
	SD_BUS_PROPERTY("ManagedOOMPreference", "s", get_preference, 0, 0),
	SD_BUS_VTABLE_END
};

static const sd_bus_vtable manager[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_METHOD("Reload", "", "", reload, 0),
	SD_BUS_VTABLE_END
};

int main(int argc, char **argv)
{
	sd_bus *bus = NULL;
	int r, fd;

	if (argc != 5) {
		fprintf(stderr, "usage: fake-systemd1-oom UNIT ADJ LOG READY\n");
		return 2;
	}
	unit = argv[1];
	adj = (int32_t)atoi(argv[2]);
	log_path = argv[3];
	if ((r = sd_bus_open_system(&bus)) < 0 ||
	    (r = sd_bus_add_object_vtable(bus, NULL, "/org/freedesktop/systemd1",
	                                  "org.freedesktop.systemd1.Manager", manager, NULL)) < 0 ||
	    (r = sd_bus_add_fallback_vtable(bus, NULL, UNIT_PREFIX,
	                                    "org.freedesktop.systemd1.Service", service, find_unit,
	                                    (void *)1)) < 0 ||
	    (r = sd_bus_request_name(bus, "org.freedesktop.systemd1", 0)) < 0) {
		fprintf(stderr, "fake-systemd1-oom: %s\n", strerror(-r));
		return 1;
	}
	fd = open(argv[4], O_WRONLY | O_CREAT, 0644);
	if (fd >= 0)
		close(fd);
	for (;;) {
		r = sd_bus_process(bus, NULL);
		if (r < 0)
			break;
		if (r == 0 && sd_bus_wait(bus, UINT64_MAX) < 0)
			break;
	}
	sd_bus_flush_close_unref(bus);
	return 0;
}
