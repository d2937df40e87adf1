/* SPDX-License-Identifier: MIT */
/*
 * The boot-time configuration of kernel settings under a sysroot: which files
 * systemd-sysctl(8) reads, in which order, and which of them sets a key last (sysctl.h,
 * oomt_sysctl_origin_read).
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <oomtool/sysctl.h>
#include "sysctl/sysctl-conf.h"
#include "sysctl/sysctl-d.h"
#include "util/file.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"

#define ORIGIN_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_sysctl_origin, files_read)
#define FILE_MAX (1024 * 1024)
#define KEY_MAX 256

/* systemd's CONF_PATHS("sysctl.d"), highest priority first; lib/ for split-/usr systems. */
static const char *const conf_dirs[] = {
	"etc/sysctl.d", "run/sysctl.d", "usr/local/lib/sysctl.d", "usr/lib/sysctl.d",
	"lib/sysctl.d", NULL,
};

static int files_add(struct oomt_sysctl_files *fs, const char *name, const char *path,
                     size_t rank)
{
	struct oomt_sysctl_file *grown;

	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].name, name) == 0)
			return 0;        /* an earlier directory's file of that name wins */
	grown = realloc(fs->v, (fs->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	fs->v = grown;
	memset(&fs->v[fs->n], 0, sizeof(fs->v[0]));
	snprintf(fs->v[fs->n].name, sizeof(fs->v[0].name), "%s", name);
	snprintf(fs->v[fs->n].path, sizeof(fs->v[0].path), "%s", path);
	fs->v[fs->n].rank = rank;
	fs->n++;
	return 0;
}

struct scan {
	struct oomt_sysctl_files *fs;
	const char *dir;
	size_t rank;
};

static int scan_one(void *ctx, const char *name)
{
	struct scan *sc = ctx;
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", sc->dir, name);
	return files_add(sc->fs, name, path, sc->rank);
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct oomt_sysctl_file *)a)->name,
	              ((const struct oomt_sysctl_file *)b)->name);
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

int oomt_sysctl_files_list(const char *sysroot, struct oomt_sysctl_files *ret)
{
	struct oomt_sysctl_files fs = { 0 };
	char dir[PATH_MAX];
	int r = 0;

	for (size_t d = 0; r == 0 && conf_dirs[d]; d++)
		if (oomt_sysroot_join(sysroot, conf_dirs[d], dir, sizeof(dir)) == 0)
			r = oomt_conf_dir_each(dir, scan_one, &(struct scan){ &fs, dir, d });
	if (r == 0)
		if (fs.n)
			qsort(fs.v, fs.n, sizeof(fs.v[0]), cmp_file);
	/* etc/sysctl.conf last, unless a sysctl.d link already brought it in */
	if (r == 0 && oomt_sysroot_join(sysroot, "etc/sysctl.conf", dir, sizeof(dir)) == 0) {
		bool seen = false;
		struct stat st;

		for (size_t i = 0; i < fs.n && !seen; i++)
			seen = same_file(fs.v[i].path, dir);
		if (!seen && stat(dir, &st) == 0 && S_ISREG(st.st_mode))
			r = files_add(&fs, "\x7fsysctl.conf", dir, SIZE_MAX);
	}
	if (r < 0) {
		oomt_sysctl_files_free(&fs);
		return r;
	}
	*ret = fs;
	return 0;
}

void oomt_sysctl_files_free(struct oomt_sysctl_files *fs)
{
	free(fs->v);
	fs->v = NULL;
	fs->n = 0;
}

/* ---- matching a key ---- */

/* KEY in path form ("vm/swappiness"), globs kept: the dot/slash rule of sysctl.h. */
static bool key_path_glob(const char *key, size_t len, char *out, size_t outsz)
{
	size_t first = 0;
	bool swap;

	if (len == 0 || len >= outsz)
		return false;
	while (first < len && key[first] != '.' && key[first] != '/')
		first++;
	swap = first < len && key[first] == '.';
	for (size_t i = 0; i < len; i++) {
		char c = key[i];

		if ((unsigned char)c <= ' ')
			return false;
		out[i] = swap && (c == '.' || c == '/') ? (c == '.' ? '/' : '.') : c;
	}
	out[len] = '\0';
	return true;
}

bool oomt_sysctl_line_sets(const char *line, size_t len, const char *want_path,
                           const char **ret_value, size_t *ret_value_len)
{
	const char *s = line, *e = line + len, *eq, *ke, *v;
	char pattern[KEY_MAX];

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (s == e || *s == '#' || *s == ';')
		return false;
	if (*s == '-')
		s++;
	if (!(eq = memchr(s, '=', (size_t)(e - s))))
		return false;
	ke = eq;
	while (ke > s && (ke[-1] == ' ' || ke[-1] == '\t'))
		ke--;
	if (!key_path_glob(s, (size_t)(ke - s), pattern, sizeof(pattern)))
		return false;
	if (strpbrk(pattern, "*?[") ? fnmatch(pattern, want_path, 0) != 0
	                           : strcmp(pattern, want_path) != 0)
		return false;
	v = eq + 1;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	*ret_value = v;
	*ret_value_len = (size_t)(e - v);
	return true;
}

/* The last assignment of WANT in the file at PATH: 1 found (line, value), 0 none. */
static int file_sets(const char *path, const char *want, unsigned *ret_line, char *value,
                     size_t valuesz)
{
	char *buf = NULL;
	size_t len = 0, pos = 0;
	unsigned lineno = 0;
	int found = 0;

	if (oomt_file_read_all(path, FILE_MAX, &buf, &len) < 0)
		return 0;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos), *v;
		size_t end = nl ? (size_t)(nl - buf) : len, vlen;

		lineno++;
		if (oomt_sysctl_line_sets(buf + pos, end - pos, want, &v, &vlen)) {
			found = 1;
			*ret_line = lineno;
			snprintf(value, valuesz, "%.*s", (int)vlen, v);
		}
		pos = nl ? end + 1 : len;
	}
	free(buf);
	return found;
}

/* Boot parameters older than "sysctl." that set a sysctl (Documentation/admin-guide/
 * kernel-parameters.txt). */
static const struct {
	const char *path;
	const char *param;
} boot_params[] = {
	{ "kernel/panic", "panic=" },
	{ "kernel/panic_on_warn", "panic_on_warn=" },
};

static const char *boot_param(const char *want)
{
	for (size_t i = 0; i < sizeof(boot_params) / sizeof(boot_params[0]); i++)
		if (strcmp(boot_params[i].path, want) == 0)
			return boot_params[i].param;
	return NULL;
}

/* "sysctl.KEY=VALUE" on the kernel command line (5.8+), or the older parameter of the
 * same setting ("panic=1"): the value before any file. Words after "--" are init's. */
static bool cmdline_sets(const char *sysroot, const char *want, char *value, size_t valuesz,
                         char *file, size_t filesz)
{
	const char *param = boot_param(want);
	char path[PATH_MAX], buf[4096];
	size_t len;
	bool truncated, found = false;
	const char *p = buf;

	if (oomt_sysroot_join(sysroot, "proc/cmdline", path, sizeof(path)) < 0 ||
	    oomt_file_read_at(AT_FDCWD, path, buf, sizeof(buf), &len, &truncated) < 0)
		return false;
	while (*p) {
		size_t n = strcspn(p, " \t\n");
		const char *v;
		size_t vlen;

		if (n == 2 && strncmp(p, "--", 2) == 0)
			break;
		if (n > 7 && strncmp(p, "sysctl.", 7) == 0 &&
		    oomt_sysctl_line_sets(p + 7, n - 7, want, &v, &vlen)) {
			snprintf(value, valuesz, "%.*s", (int)vlen, v);
			found = true;
		} else if (param && n > strlen(param) && strncmp(p, param, strlen(param)) == 0) {
			snprintf(value, valuesz, "%.*s", (int)(n - strlen(param)), p + strlen(param));
			found = true;
		}
		p += n;
		p += strspn(p, " \t\n");
	}
	if (found)
		snprintf(file, filesz, "%s", path);
	return found;
}

int oomt_sysctl_origin_read(const char *sysroot, const char *key, struct oomt_sysctl_origin *ret)
{
	struct oomt_sysctl_origin *o;
	struct oomt_sysctl_files fs;
	char want[KEY_MAX];
	int r;

	if ((r = oomt_struct_size_check(ret, ORIGIN_SIZE_V1)) < 0 ||
	    (r = oomt_sysctl_key_path(key, strlen(key), want, sizeof(want))) < 0)
		return r < 0 ? r : -EINVAL;
	if ((r = oomt_sysctl_files_list(sysroot, &fs)) < 0)
		return r;
	if (!(o = calloc(1, sizeof(*o)))) {
		oomt_sysctl_files_free(&fs);
		return -ENOMEM;
	}
	o->struct_size = sizeof(*o);
	o->set = cmdline_sets(sysroot, want, o->value, sizeof(o->value), o->file, sizeof(o->file));
	for (size_t i = 0; i < fs.n; i++) {
		unsigned line;

		if (file_sets(fs.v[i].path, want, &line, o->value, sizeof(o->value))) {
			o->set = true;
			o->line = line;
			snprintf(o->file, sizeof(o->file), "%s", fs.v[i].path);
		}
	}
	o->files_read = fs.n;
	oomt_sysctl_files_free(&fs);
	oomt_struct_copy_out(ret, o, sizeof(*o));
	free(o);
	return 0;
}

int oomt_sysctl_overridden_by(const char *sysroot, const char *key, char *buf, size_t bufsz)
{
	const char *ours = strrchr(OOMT_SYSCTL_CONF_FILE, '/') + 1;
	struct oomt_sysctl_files fs;
	char want[KEY_MAX], value[OOMT_SYSCTL_VALUE_MAX];
	int r;

	if (bufsz == 0)
		return -EINVAL;
	buf[0] = '\0';
	if ((r = oomt_sysctl_key_path(key, strlen(key), want, sizeof(want))) < 0)
		return r;
	if ((r = oomt_sysctl_files_list(sysroot, &fs)) < 0)
		return r;
	/* ours is in etc/sysctl.d, the first directory: its name is never hidden, and every
	 * file named after it (and etc/sysctl.conf) is read later */
	for (size_t i = 0; i < fs.n; i++) {
		unsigned line;

		if (strcmp(fs.v[i].name, ours) > 0 &&
		    file_sets(fs.v[i].path, want, &line, value, sizeof(value)))
			snprintf(buf, bufsz, "%s", fs.v[i].path);
	}
	oomt_sysctl_files_free(&fs);
	return 0;
}
