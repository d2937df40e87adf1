/* SPDX-License-Identifier: MIT */
/*
 * The host's default text logs: <sysroot>/var/log/{kern.log,syslog,messages} and their
 * rotations, oldest first:
 *   syslog.4.gz syslog.3.gz syslog.2.gz syslog.1 syslog          (logrotate, numbered)
 *   messages-20240101.gz messages-20240108 messages               (logrotate dateext)
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "source/source.h"

struct log_file {
	char *path;
	int base;          /* index in bases[]: kern.log first */
	long long age;     /* larger = older: rotation number, or -date; 0 = live file */
};

static const char *const bases[] = { "kern.log", "syslog", "messages" };

/* "kern.log.2.gz" -> 2, "messages-20240101" -> -20240101, "syslog" -> 0; -1 = not ours. */
static bool rotation_age(const char *name, const char *base, long long *age)
{
	size_t bl = strlen(base);
	const char *s = name + bl;
	char *end;
	long long n;

	if (strncmp(name, base, bl) != 0)
		return false;
	if (*s == '\0') {
		*age = 0;
		return true;
	}
	if (*s != '.' && *s != '-')
		return false;
	if (s[1] < '0' || s[1] > '9')
		return false;
	n = strtoll(s + 1, &end, 10);
	if (*end != '\0' && strcmp(end, ".gz") != 0)
		return false;
	if (*s == '-') {
		if (end - (s + 1) != 8)
			return false;
		/* newer dates are younger: map to a negative age below any number */
		*age = 100000000LL - n;
	} else {
		*age = n;
	}
	return true;
}

static int cmp_files(const void *a, const void *b)
{
	const struct log_file *x = a, *y = b;

	if (x->base != y->base)
		return x->base - y->base;
	return x->age > y->age ? -1 : x->age < y->age;
}

static int collect(const char *dir, struct log_file **files, size_t *n, size_t *cap)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		for (int b = 0; b < (int)(sizeof(bases) / sizeof(bases[0])); b++) {
			long long age;
			char path[4096];
			struct stat st;

			if (!rotation_age(de->d_name, bases[b], &age))
				continue;
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path) ||
			    stat(path, &st) < 0 || !S_ISREG(st.st_mode))
				continue;
			if (*n == *cap) {
				size_t nc = *cap ? *cap * 2 : 16;
				struct log_file *nf = realloc(*files, nc * sizeof(**files));

				if (!nf) {
					closedir(d);
					return -ENOMEM;
				}
				*files = nf;
				*cap = nc;
			}
			(*files)[*n].path = strdup(path);
			if (!(*files)[*n].path) {
				closedir(d);
				return -ENOMEM;
			}
			(*files)[*n].base = b;
			(*files)[*n].age = age;
			(*n)++;
		}
	}
	closedir(d);
	return 0;
}

char **oomt_default_log_files(const char *sysroot)
{
	char dir[4096];
	struct log_file *files = NULL;
	size_t n = 0, cap = 0;
	char **out;
	int r;

	snprintf(dir, sizeof(dir), "%s/var/log", sysroot && sysroot[0] ? sysroot : "");
	r = collect(dir, &files, &n, &cap);
	out = r < 0 ? NULL : calloc(n + 1, sizeof(*out));
	if (!out) {
		for (size_t i = 0; i < n; i++)
			free(files[i].path);
		free(files);
		errno = r < 0 ? -r : ENOMEM;
		return NULL;
	}
	if (n > 0) /* files is NULL when nothing matched; qsort(NULL, 0) is UB */
		qsort(files, n, sizeof(*files), cmp_files);
	for (size_t i = 0; i < n; i++)
		out[i] = files[i].path;
	free(files);
	return out;
}

void oomt_strv_free(char **strv)
{
	if (!strv)
		return;
	for (char **p = strv; *p; p++)
		free(*p);
	free(strv);
}
