/* SPDX-License-Identifier: MIT */
/*
 * Finding a unit's files under a sysroot as the manager loads them: the unit file on the
 * search path, its drop-ins, and the manager's system.conf (unit-file.h). Offline: nothing
 * here talks to systemd, so a copied tree, a container image and a host where systemd is
 * not running are read the same way.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "systemd/unit-file.h"
#include "util/file.h"
#include "util/sysroot-file.h"

#define UNIT_FILE_MAX (1024 * 1024)
#define SYMLINK_HOPS 8

/* systemd.unit(5), "Unit File Load Path", highest priority first (system manager). */
static const char *const system_dirs[] = {
	"etc/systemd/system.control", "run/systemd/system.control", "run/systemd/transient",
	"run/systemd/generator.early", "etc/systemd/system", "etc/systemd/system.attached",
	"run/systemd/system", "run/systemd/system.attached", "run/systemd/generator",
	"usr/local/lib/systemd/system", "usr/lib/systemd/system", "lib/systemd/system",
	"run/systemd/generator.late", NULL,
};
/* The user manager's, without the per-user directories under $HOME and $XDG_RUNTIME_DIR. */
static const char *const user_dirs[] = {
	"etc/systemd/user", "run/systemd/user", "usr/local/lib/systemd/user",
	"usr/lib/systemd/user", "lib/systemd/user", NULL,
};
/* systemd-system.conf(5): the main file is the first found; drop-ins from all. */
static const char *const conf_dirs[] = {
	"etc/systemd", "run/systemd", "usr/local/lib/systemd", "usr/lib/systemd", NULL,
};

static const char *const *unit_dirs(enum oomt_unit_scope scope)
{
	return scope == OOMT_UNIT_USER ? user_dirs : system_dirs;
}

/* PATH with its symlinks followed inside the sysroot (an absolute target is taken below
 * it). 1 when it is masked (a link to /dev/null, or an empty file), 0 when *resolved is a
 * regular file, -ENOENT, -ELOOP. */
static int resolve(const char *sysroot, const char *path, char *resolved, size_t sz)
{
	char cur[PATH_MAX], target[PATH_MAX], next[PATH_MAX * 2];
	struct stat st;

	snprintf(cur, sizeof(cur), "%s", path);
	for (int hop = 0; hop <= SYMLINK_HOPS; hop++) {
		ssize_t n;

		if (lstat(cur, &st) < 0)
			return -errno;
		if (!S_ISLNK(st.st_mode)) {
			if (S_ISCHR(st.st_mode))
				return 1;                /* /dev/null itself */
			if (!S_ISREG(st.st_mode))
				return -ENOENT;
			snprintf(resolved, sz, "%s", cur);
			return st.st_size == 0 ? 1 : 0;
		}
		n = readlink(cur, target, sizeof(target) - 1);
		if (n < 0)
			return -errno;
		target[n] = '\0';
		if (strcmp(target, "/dev/null") == 0)
			return 1;
		if (target[0] == '/') {
			if (oomt_sysroot_join(sysroot, target, next, sizeof(next)) < 0)
				return -ENAMETOOLONG;
		} else {
			char *slash = strrchr(cur, '/');

			snprintf(next, sizeof(next), "%.*s/%s", slash ? (int)(slash - cur) : 0, cur,
			         target);
		}
		if (snprintf(cur, sizeof(cur), "%s", next) >= (int)sizeof(cur))
			return -ENAMETOOLONG;
	}
	return -ELOOP;
}

static void apply_file(const char *path, const char *shown, bool manager,
                       struct oomt_unit_oom *u)
{
	char *buf = NULL;
	size_t len = 0;

	if (oomt_file_read_all(path, UNIT_FILE_MAX, &buf, &len) < 0)
		return;
	oomt_unit_text_apply(buf, len, shown, manager, u);
	free(buf);
}

/* The unit file of NAME: the first on the search path. */
static int find_fragment(const char *sysroot, const char *const *dirs, const char *name,
                         struct oomt_unit_oom *u)
{
	char path[PATH_MAX], rel[PATH_MAX], resolved[PATH_MAX];

	for (size_t d = 0; dirs[d]; d++) {
		int r;

		snprintf(rel, sizeof(rel), "%s/%s", dirs[d], name);
		if (oomt_sysroot_join(sysroot, rel, path, sizeof(path)) < 0)
			continue;
		r = resolve(sysroot, path, resolved, sizeof(resolved));
		if (r == -ENOENT || r == -ENOTDIR)
			continue;
		if (r == 1) {
			u->masked = true;
			snprintf(u->fragment, sizeof(u->fragment), "%s", path);
			return 1;
		}
		if (r < 0)
			continue;
		u->found = true;
		snprintf(u->fragment, sizeof(u->fragment), "%s", path);
		apply_file(resolved, path, false, u);
		return 1;
	}
	return 0;
}

/* ---- drop-ins ---- */

struct dropin {
	char *name;       /* file name: the sort and shadow key */
	char *path;       /* as shown: <dir>/<name> */
	size_t rank;      /* directory order: a lower rank hides the same name */
};

struct dropins {
	struct dropin *v;
	size_t n;
};

static int dropins_add(struct dropins *ds, const char *dir, const char *name, size_t rank)
{
	struct dropin *grown;
	char path[PATH_MAX];

	for (size_t i = 0; i < ds->n; i++)
		if (strcmp(ds->v[i].name, name) == 0) {
			if (rank >= ds->v[i].rank)
				return 0;         /* hidden by an earlier directory's */
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			free(ds->v[i].path);
			ds->v[i].path = strdup(path);
			ds->v[i].rank = rank;
			return ds->v[i].path ? 0 : -ENOMEM;
		}
	grown = realloc(ds->v, (ds->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	ds->v = grown;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ds->v[ds->n] = (struct dropin){ strdup(name), strdup(path), rank };
	if (!ds->v[ds->n].name || !ds->v[ds->n].path) {
		free(ds->v[ds->n].name);
		free(ds->v[ds->n].path);
		return -ENOMEM;
	}
	ds->n++;
	return 0;
}

static void dropins_free(struct dropins *ds)
{
	for (size_t i = 0; i < ds->n; i++) {
		free(ds->v[i].name);
		free(ds->v[i].path);
	}
	free(ds->v);
}

struct scan {
	struct dropins *ds;
	const char *dir;
	size_t rank;
};

static int scan_one(void *ctx, const char *name)
{
	struct scan *sc = ctx;

	return dropins_add(sc->ds, sc->dir, name, sc->rank);
}

static int scan_dir(struct dropins *ds, const char *dir, size_t rank)
{
	struct scan sc = { ds, dir, rank };

	return oomt_conf_dir_each(dir, scan_one, &sc);
}

static int cmp_dropin(const void *a, const void *b)
{
	return strcmp(((const struct dropin *)a)->name, ((const struct dropin *)b)->name);
}

/* The drop-in directory names of UNIT, most specific first: "foo-bar@x.service.d",
 * "foo-bar@.service.d", "foo-bar-.service.d"... "foo-.service.d", "service.d". */
static size_t dropin_names(const char *unit, char names[][300], size_t max)
{
	const char *dot = strrchr(unit, '.');
	const char *stem_end = strchr(unit, '@');
	char tmpl[256];
	size_t n = 0;

	snprintf(names[n++], 300, "%s.d", unit);
	if (oomt_unit_name_template(unit, tmpl, sizeof(tmpl)))
		snprintf(names[n++], 300, "%s.d", tmpl);
	if (!stem_end)
		stem_end = dot;
	for (const char *p = stem_end; p > unit && n + 1 < max; p--)
		if (p[-1] == '-' && p - 1 > unit)
			snprintf(names[n++], 300, "%.*s%s.d", (int)(p - unit), unit, dot);
	if (n < max)
		snprintf(names[n++], 300, "%s.d", dot + 1);
	return n;
}

static bool path_dir_is(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	const char *slash = strrchr(path, '/');

	return slash && (size_t)(slash - path) == n && strncmp(path, dir, n) == 0;
}

static int collect_dropins(const char *sysroot, const char *const *dirs, const char *unit,
                           const struct oomt_unit_override *ov, struct dropins *ds)
{
	char names[64][300], dir[PATH_MAX], rel[PATH_MAX];
	size_t nnames = dropin_names(unit, names, 64), rank = 0;
	bool ov_placed = !ov || !ov->text;
	int r;

	for (size_t n = 0; n < nnames; n++)
		for (size_t d = 0; dirs[d]; d++, rank++) {
			if (snprintf(rel, sizeof(rel), "%s/%s", dirs[d], names[n]) >= (int)sizeof(rel) ||
			    oomt_sysroot_join(sysroot, rel, dir, sizeof(dir)) < 0)
				continue;
			if ((r = scan_dir(ds, dir, rank)) < 0)
				return r;
			if (!ov_placed && path_dir_is(ov->path, dir)) {
				const char *base = strrchr(ov->path, '/') + 1;

				if ((r = dropins_add(ds, dir, base, rank)) < 0)
					return r;
				ov_placed = true;
			}
		}
	if (ds->n)
		qsort(ds->v, ds->n, sizeof(ds->v[0]), cmp_dropin);
	return 0;
}

static void apply_dropins(const char *sysroot, const struct dropins *ds,
                          const struct oomt_unit_override *ov, struct oomt_unit_oom *u)
{
	char resolved[PATH_MAX];

	for (size_t i = 0; i < ds->n; i++) {
		const char *path = ds->v[i].path;

		if (ov && strcmp(path, ov->path) == 0) {
			if (ov->text) {
				oomt_unit_text_apply(ov->text, strlen(ov->text), path, false, u);
				u->n_dropins++;
			}
			continue;
		}
		if (resolve(sysroot, path, resolved, sizeof(resolved)) != 0)
			continue;             /* masked, gone, or not a file */
		apply_file(resolved, path, false, u);
		u->n_dropins++;
	}
}

/* ---- the manager's defaults ---- */

static int read_manager_conf(const char *sysroot, enum oomt_unit_scope scope,
                             struct oomt_unit_oom *u)
{
	const char *file = scope == OOMT_UNIT_USER ? "user.conf" : "system.conf";
	char path[PATH_MAX], rel[PATH_MAX], resolved[PATH_MAX];
	struct dropins ds = { 0 };
	int r = 0;

	for (size_t d = 0; conf_dirs[d]; d++) {
		snprintf(rel, sizeof(rel), "%s/%s", conf_dirs[d], file);
		if (oomt_sysroot_join(sysroot, rel, path, sizeof(path)) == 0 &&
		    resolve(sysroot, path, resolved, sizeof(resolved)) == 0) {
			apply_file(resolved, path, true, u);
			break;
		}
	}
	for (size_t d = 0; r == 0 && conf_dirs[d]; d++) {
		snprintf(rel, sizeof(rel), "%s/%s.d", conf_dirs[d], file);
		if (oomt_sysroot_join(sysroot, rel, path, sizeof(path)) == 0)
			r = scan_dir(&ds, path, d);
	}
	if (r == 0) {
		if (ds.n)
			qsort(ds.v, ds.n, sizeof(ds.v[0]), cmp_dropin);
		for (size_t i = 0; i < ds.n; i++)
			if (resolve(sysroot, ds.v[i].path, resolved, sizeof(resolved)) == 0)
				apply_file(resolved, ds.v[i].path, true, u);
	}
	dropins_free(&ds);
	return r;
}

int oomt_unit_oom_read(const char *sysroot, enum oomt_unit_scope scope, const char *unit,
                       const struct oomt_unit_override *ov, struct oomt_unit_oom *ret)
{
	const char *const *dirs = unit_dirs(scope);
	struct oomt_unit_oom *u;
	struct dropins ds = { 0 };
	char tmpl[256];
	int r;

	if (!oomt_unit_name_is_valid(unit))
		return -EINVAL;
	if (!(u = calloc(1, sizeof(*u))))
		return -ENOMEM;
	r = read_manager_conf(sysroot, scope, u);
	if (r == 0 && !find_fragment(sysroot, dirs, unit, u) &&
	    oomt_unit_name_template(unit, tmpl, sizeof(tmpl)))
		find_fragment(sysroot, dirs, tmpl, u);
	if (r == 0 && !u->masked)
		r = collect_dropins(sysroot, dirs, unit, ov, &ds);
	if (r == 0 && !u->masked)
		apply_dropins(sysroot, &ds, ov, u);
	dropins_free(&ds);
	if (r == 0)
		*ret = *u;
	free(u);
	return r;
}

int oomt_unit_dropin_path(const char *sysroot, enum oomt_unit_scope scope, const char *unit,
                          char *buf, size_t bufsz)
{
	char rel[PATH_MAX];

	if (!oomt_unit_name_is_valid(unit))
		return -EINVAL;
	snprintf(rel, sizeof(rel), "%s/%s.d/%s",
	         scope == OOMT_UNIT_USER ? "etc/systemd/user" : "etc/systemd/system", unit,
	         OOMT_UNIT_DROPIN_NAME);
	return oomt_sysroot_join(sysroot, rel, buf, bufsz);
}
