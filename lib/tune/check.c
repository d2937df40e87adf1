/* SPDX-License-Identifier: MIT */
/*
 * `tune` check: every setting that shapes the next OOM, read under the sysroot with where
 * its value comes from, and the machine facts the findings (findings.c) weigh them against.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/proc.h>
#include "swap/proc-swaps.h"
#include "tune/tune-internal.h"
#include "util/file.h"
#include "util/state-file.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"

#define OPTS_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_tune_check_opts, sysroot)

/* Settings that are not sysctls: their file under the sysroot and their boot parameter. */
static const struct {
	const char *key;
	const char *file;
	const char *cmdline;          /* "name=" on the kernel command line, or NULL */
	bool bracketed;               /* "always [madvise] never": the choice in brackets */
} sys_settings[] = {
	{ "transparent_hugepage.enabled", "sys/kernel/mm/transparent_hugepage/enabled",
	  "transparent_hugepage=", true },
	{ "transparent_hugepage.defrag", "sys/kernel/mm/transparent_hugepage/defrag", NULL, true },
	{ "zswap.enabled", "sys/module/zswap/parameters/enabled", "zswap.enabled=", false },
	{ "zswap.compressor", "sys/module/zswap/parameters/compressor", "zswap.compressor=", false },
	{ "zswap.max_pool_percent", "sys/module/zswap/parameters/max_pool_percent",
	  "zswap.max_pool_percent=", false },
};

/* The userspace OOM killers, as /proc/PID/comm names them. */
static const char *const killers[] = { "earlyoom", "systemd-oomd", "nohang", "oomd" };

/* Values compare with runs of blanks as one space ("4096\t8192" is "4096 8192"). */
static bool same_value(const char *a, const char *b)
{
	for (;;) {
		bool ba = *a == ' ' || *a == '\t', bb = *b == ' ' || *b == '\t';

		if (ba && bb) {
			while (*a == ' ' || *a == '\t')
				a++;
			while (*b == ' ' || *b == '\t')
				b++;
			continue;
		}
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

static void copy(char *dst, size_t sz, const char *src)
{
	snprintf(dst, sz, "%s", src);
}

static void sysctl_setting(const char *sysroot, const struct oomt_tune_key *k,
                           const struct oomt_state *records, struct oomt_tune_setting *s)
{
	struct oomt_sysctl_origin o = { .struct_size = sizeof(o) };
	char path[256];
	const char *rec;

	s->key = k->key;
	s->settable = true;
	s->kernel_default = k->kernel_default;
	s->readable = oomt_sysctl_read(sysroot, k->key, s->value, sizeof(s->value)) == 0;
	if (oomt_sysctl_origin_read(sysroot, k->key, &o) == 0 && o.set) {
		copy(s->configured, sizeof(s->configured), o.value);
		copy(s->file, sizeof(s->file), o.file);
		s->line = o.line;
	}
	rec = oomt_tune_key_path(k->key, path, sizeof(path)) ? oomt_state_get(records, path) : NULL;
	if (rec && s->readable && strchr(rec, TUNE_STATE_SEP) &&
	    same_value(strchr(rec, TUNE_STATE_SEP) + 1, s->value))
		s->origin = OOMT_TUNE_OOMTOOL;
	else if (o.set && (!s->readable || same_value(o.value, s->value)))
		s->origin = o.line ? OOMT_TUNE_FILE : OOMT_TUNE_CMDLINE;
	else if (o.set || (s->readable && k->kernel_default &&
	                   !same_value(k->kernel_default, s->value)))
		s->origin = OOMT_TUNE_RUNTIME;
	else
		s->origin = OOMT_TUNE_DEFAULT;
}

/* "always [madvise] never" -> "madvise". */
static void bracketed(char *v)
{
	char *open = strchr(v, '['), *close = open ? strchr(open, ']') : NULL;

	if (open && close)
		memmove(v, open + 1, (size_t)(close - open - 1)), v[close - open - 1] = '\0';
}

/* "name=VALUE" on <sysroot>/proc/cmdline into buf; false when absent. */
static bool cmdline_param(const char *sysroot, const char *name, char *buf, size_t bufsz)
{
	char path[PATH_MAX], line[4096];
	size_t len, n = strlen(name);
	bool found = false;
	const char *p = line;

	if (oomt_sysroot_join(sysroot, "proc/cmdline", path, sizeof(path)) < 0 ||
	    oomt_file_read_at(AT_FDCWD, path, line, sizeof(line), &len, NULL) < 0)
		return false;
	while (*p) {
		size_t w = strcspn(p, " \t\n");

		if (w == 2 && strncmp(p, "--", 2) == 0)
			break;           /* init's arguments */
		if (w > n && strncmp(p, name, n) == 0) {
			snprintf(buf, bufsz, "%.*s", (int)(w - n), p + n);
			found = true;
		}
		p += w;
		p += strspn(p, " \t\n");
	}
	return found;
}

static void sys_setting(const char *sysroot, size_t i, struct oomt_tune_setting *s)
{
	char path[PATH_MAX], cmd[OOMT_SYSCTL_VALUE_MAX];
	size_t len;

	s->key = sys_settings[i].key;
	if (oomt_sysroot_join(sysroot, sys_settings[i].file, path, sizeof(path)) == 0 &&
	    oomt_file_read_at(AT_FDCWD, path, s->value, sizeof(s->value), &len, NULL) == 0) {
		s->readable = true;
		while (len > 0 && (s->value[len - 1] == '\n' || s->value[len - 1] == ' '))
			s->value[--len] = '\0';
		if (sys_settings[i].bracketed)
			bracketed(s->value);
	}
	s->origin = OOMT_TUNE_DEFAULT;
	if (sys_settings[i].cmdline && cmdline_param(sysroot, sys_settings[i].cmdline, cmd, sizeof(cmd))) {
		copy(s->configured, sizeof(s->configured), cmd);
		oomt_sysroot_join(sysroot, "proc/cmdline", s->file, sizeof(s->file));
		/* zswap.enabled=1 reads back as Y */
		s->origin = !s->readable || same_value(cmd, s->value) ||
		            ((cmd[0] == '1' || cmd[0] == 'y' || cmd[0] == 'Y') && s->value[0] == 'Y') ||
		            ((cmd[0] == '0' || cmd[0] == 'n' || cmd[0] == 'N') && s->value[0] == 'N')
		            ? OOMT_TUNE_CMDLINE : OOMT_TUNE_RUNTIME;
	}
}

static void find_killers(const char *sysroot, struct oomt_tune_system *sys)
{
	struct oomt_proc_iter *it;
	int procfd, pid;
	bool seen[sizeof(killers) / sizeof(killers[0])] = { false };

	if (oomt_proc_open(sysroot, &procfd) < 0)
		return;
	if (oomt_proc_iter_new(procfd, &it) == 0) {
		while (oomt_proc_iter_next(it, &pid) == 0) {
			struct oomt_proc_status st = { .struct_size = sizeof(st) };

			if (oomt_proc_read_status(procfd, pid, &st) < 0)
				continue;
			for (size_t k = 0; k < sizeof(killers) / sizeof(killers[0]); k++)
				seen[k] |= strcmp(st.name, killers[k]) == 0;
		}
		oomt_proc_iter_free(it);
	}
	close(procfd);
	for (size_t k = 0; k < sizeof(killers) / sizeof(killers[0]); k++) {
		size_t n = strlen(sys->killers);

		if (seen[k])
			snprintf(sys->killers + n, sizeof(sys->killers) - n, "%s%s", n ? ", " : "",
			         killers[k]);
	}
}

static void read_swaps(const char *sysroot, struct oomt_tune_check *c)
{
	struct oomt_swap_areas *a = calloc(1, sizeof(*a));
	char path[PATH_MAX];

	c->zram_prio = c->disk_prio = INT32_MIN;
	if (!a || oomt_sysroot_join(sysroot, "proc/swaps", path, sizeof(path)) < 0 ||
	    oomt_swaps_read(path, a) < 0) {
		free(a);
		return;
	}
	c->sys.swap_areas = a->n;
	for (size_t i = 0; i < a->n; i++) {
		const struct oomt_swap_area *s = &a->area[i];
		bool zram = s->kind == OOMT_SWAP_AREA_ZRAM;
		int *prio = zram ? &c->zram_prio : &c->disk_prio;

		if (s->priority > *prio) {
			*prio = s->priority;
			copy(zram ? c->zram_path : c->disk_path, sizeof(c->zram_path), s->path);
		}
	}
	free(a);
}

int oomt_tune_check_new(const struct oomt_tune_check_opts *opts, struct oomt_tune_check **ret)
{
	struct oomt_system_memory mem = { .struct_size = sizeof(mem) };
	const char *sysroot = NULL;
	size_t nkeys = 0, nsys = sizeof(sys_settings) / sizeof(sys_settings[0]);
	struct oomt_state records;
	struct oomt_tune_check *c;
	int r;

	if (opts && (r = oomt_struct_size_check(opts, OPTS_SIZE_V1)) < 0)
		return r;
	if (!ret)
		return -EINVAL;
	if (opts && !oomt_sysroot_is_live(opts->sysroot))
		sysroot = opts->sysroot;
	if ((r = oomt_system_memory_read(sysroot, &mem)) < 0)
		return r;
	while (oomt_tune_key_at(nkeys))
		nkeys++;
	if (!(c = calloc(1, sizeof(*c))) ||
	    !(c->settings = calloc(nkeys + nsys, sizeof(*c->settings)))) {
		free(c);
		return -ENOMEM;
	}
	c->sys = (struct oomt_tune_system){
		.ram_bytes = mem.mem_total_bytes, .swap_bytes = mem.swap_total_bytes,
		.mem_available_bytes = mem.mem_available_bytes,
		.commit_limit_bytes = mem.commit_limit_bytes,
		.committed_as_bytes = mem.committed_as_bytes,
	};
	if (oomt_state_load(sysroot, TUNE_STATE_NAME, &records) < 0)
		memset(&records, 0, sizeof(records));
	for (size_t i = 0; i < nkeys; i++)
		sysctl_setting(sysroot, oomt_tune_key_at(i), &records, &c->settings[c->nsettings++]);
	oomt_state_done(&records);
	for (size_t i = 0; i < nsys; i++)
		sys_setting(sysroot, i, &c->settings[c->nsettings++]);
	read_swaps(sysroot, c);
	find_killers(sysroot, &c->sys);
	if ((r = oomt_tune_findings_compute(c)) < 0) {
		oomt_tune_check_free(c);
		return r;
	}
	*ret = c;
	return 0;
}

void oomt_tune_check_free(struct oomt_tune_check *c)
{
	if (!c)
		return;
	free(c->settings);
	free(c->findings);
	free(c);
}

size_t oomt_tune_check_settings(const struct oomt_tune_check *c,
                                const struct oomt_tune_setting **ret)
{
	*ret = c->settings;
	return c->nsettings;
}

size_t oomt_tune_check_findings(const struct oomt_tune_check *c,
                                const struct oomt_tune_finding **ret)
{
	*ret = c->findings;
	return c->nfindings;
}

const struct oomt_tune_system *oomt_tune_check_system(const struct oomt_tune_check *c)
{
	return &c->sys;
}

const struct oomt_tune_setting *oomt_tune_check_setting(const struct oomt_tune_check *c,
                                                        const char *key)
{
	for (size_t i = 0; i < c->nsettings; i++)
		if (strcmp(c->settings[i].key, key) == 0)
			return &c->settings[i];
	return NULL;
}

static const char *const origin_names[] = {
	[OOMT_TUNE_DEFAULT] = "default", [OOMT_TUNE_FILE] = "file",
	[OOMT_TUNE_CMDLINE] = "cmdline", [OOMT_TUNE_RUNTIME] = "runtime",
	[OOMT_TUNE_OOMTOOL] = "oomtool",
};

const char *oomt_tune_origin_name(enum oomt_tune_origin o)
{
	if ((size_t)o >= sizeof(origin_names) / sizeof(origin_names[0]))
		return "default";
	return origin_names[o];
}
