/* SPDX-License-Identifier: MIT */
/*
 * A fake systemd for tests/live/run-systemd-fake.sh: on the bus that DBUS_SYSTEM_BUS_ADDRESS
 * names (a private dbus-daemon), it owns org.freedesktop.systemd1 and answers
 * Manager.StartTransientUnit as systemd does for a scope: it makes the cgroup
 * <PARENT>/<unit> and moves the PIDs property's processes into it, then replies with a job
 * path. Each call is logged to LOG as "unit=U mode=M delegate=D pids=P,...".
 * Usage: fake-systemd1 PARENT LOG READY   (READY is created once the name is owned)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <systemd/sd-bus.h>

static const char *parent, *log_path;

static int read_properties(sd_bus_message *m, int *delegate, char *pids, size_t pidsz)
{
	int r = sd_bus_message_enter_container(m, 'a', "(sv)");

	if (r < 0)
		return r;
	while ((r = sd_bus_message_enter_container(m, 'r', "sv")) > 0) {
		const char *key;

		if ((r = sd_bus_message_read(m, "s", &key)) < 0)
			return r;
		if (strcmp(key, "Delegate") == 0) {
			r = sd_bus_message_read(m, "v", "b", delegate);
		} else if (strcmp(key, "PIDs") == 0) {
			uint32_t pid;

			if ((r = sd_bus_message_enter_container(m, 'v', "au")) < 0 ||
			    (r = sd_bus_message_enter_container(m, 'a', "u")) < 0)
				return r;
			while ((r = sd_bus_message_read(m, "u", &pid)) > 0)
				snprintf(pids + strlen(pids), pidsz - strlen(pids), "%s%u",
				         pids[0] ? "," : "", pid);
			if (r < 0 || (r = sd_bus_message_exit_container(m)) < 0 ||
			    (r = sd_bus_message_exit_container(m)) < 0)
				return r;
		} else {
			r = sd_bus_message_skip(m, "v");
		}
		if (r < 0 || (r = sd_bus_message_exit_container(m)) < 0)
			return r;
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

static int start_transient_unit(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	const char *unit, *mode;
	char pids[256] = "", logged[256], dir[4096], procs[4200];
	int delegate = -1, r;
	FILE *f;
	(void)userdata;

	if ((r = sd_bus_message_read(m, "ss", &unit, &mode)) < 0 ||
	    (r = read_properties(m, &delegate, pids, sizeof(pids))) < 0 ||
	    (r = sd_bus_message_skip(m, "a(sa(sv))")) < 0)
		return sd_bus_error_set_errno(error, r);
	snprintf(dir, sizeof(dir), "%s/%s", parent, unit);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return sd_bus_error_set_errno(error, errno);
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	memcpy(logged, pids, sizeof(logged));
	for (char *p = strtok(pids, ","); p; p = strtok(NULL, ",")) {
		int fd = open(procs, O_WRONLY);

		if (fd < 0 || write(fd, p, strlen(p)) < 0)
			return sd_bus_error_set_errno(error, errno);
		close(fd);
	}
	f = fopen(log_path, "a");
	if (f) {
		fprintf(f, "unit=%s mode=%s delegate=%d pids=%s\n", unit, mode, delegate, logged);
		fclose(f);
	}
	return sd_bus_reply_method_return(m, "o", "/org/freedesktop/systemd1/job/1");
}

static const sd_bus_vtable manager[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_METHOD("StartTransientUnit", "ssa(sv)a(sa(sv))", "o", start_transient_unit, 0),
	SD_BUS_VTABLE_END
};

int main(int argc, char **argv)
{
	sd_bus *bus = NULL;
	int r, fd;

	if (argc != 4) {
		fprintf(stderr, "usage: fake-systemd1 PARENT LOG READY\n");
		return 2;
	}
	parent = argv[1];
	log_path = argv[2];
	if ((r = sd_bus_open_system(&bus)) < 0 ||
	    (r = sd_bus_add_object_vtable(bus, NULL, "/org/freedesktop/systemd1",
	                                  "org.freedesktop.systemd1.Manager", manager, NULL)) < 0 ||
	    (r = sd_bus_request_name(bus, "org.freedesktop.systemd1", 0)) < 0) {
		fprintf(stderr, "fake-systemd1: %s\n", strerror(-r));
		return 1;
	}
	fd = open(argv[3], O_WRONLY | O_CREAT, 0644);
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
