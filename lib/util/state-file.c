/* SPDX-License-Identifier: MIT */
/* Undo records under <sysroot>/run/oomtool: see state-file.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/file.h"
#include "util/state-file.h"
#include "util/sysroot-file.h"

#define STATE_HEADER "# oomtool: what a change replaced, for its undo (KEY<TAB>VALUE)\n"

static bool text_ok(const char *s)
{
	return s && !strpbrk(s, "\t\n");
}

static int append(struct oomt_state *st, const char *key, size_t keylen, const char *value,
                  size_t valuelen)
{
	char **k = realloc(st->keys, (st->n + 1) * sizeof(*k)), **v;

	if (!k)
		return -ENOMEM;
	st->keys = k;
	v = realloc(st->values, (st->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->values = v;
	k[st->n] = strndup(key, keylen);
	v[st->n] = strndup(value, valuelen);
	if (!k[st->n] || !v[st->n]) {
		free(k[st->n]);
		free(v[st->n]);
		return -ENOMEM;
	}
	st->n++;
	return 0;
}

static int parse(struct oomt_state *st, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
		const char *tab = memchr(p, '\t', (size_t)(le - p));
		int r;

		if (p < le && *p != '#' && tab && tab > p) {
			r = append(st, p, (size_t)(tab - p), tab + 1, (size_t)(le - tab - 1));
			if (r < 0)
				return r;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int oomt_state_load(const char *sysroot, const char *name, struct oomt_state *st)
{
	char rel[256], *buf = NULL;
	size_t len = 0;
	int r;

	memset(st, 0, sizeof(*st));
	if (snprintf(rel, sizeof(rel), "%s/%s", OOMT_STATE_DIR, name) >= (int)sizeof(rel))
		return -ENAMETOOLONG;
	r = oomt_sysroot_join(sysroot, rel, st->path, sizeof(st->path));
	if (r < 0)
		return r;
	r = oomt_file_read_all(st->path, OOMT_STATE_MAX, &buf, &len);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	st->loaded = buf;
	r = parse(st, buf, len);
	if (r < 0)
		oomt_state_done(st);
	return r;
}

void oomt_state_done(struct oomt_state *st)
{
	for (size_t i = 0; i < st->n; i++) {
		free(st->keys[i]);
		free(st->values[i]);
	}
	free(st->keys);
	free(st->values);
	free(st->loaded);
	st->keys = st->values = NULL;
	st->loaded = NULL;
	st->n = 0;
}

static ssize_t find(const struct oomt_state *st, const char *key)
{
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->keys[i], key) == 0)
			return (ssize_t)i;
	return -1;
}

const char *oomt_state_get(const struct oomt_state *st, const char *key)
{
	ssize_t i = find(st, key);

	return i < 0 ? NULL : st->values[i];
}

int oomt_state_set(struct oomt_state *st, const char *key, const char *value)
{
	ssize_t i;
	char *v;

	if (!text_ok(key) || !*key || !text_ok(value))
		return -EINVAL;
	i = find(st, key);
	if (i < 0)
		return append(st, key, strlen(key), value, strlen(value));
	if (!(v = strdup(value)))
		return -ENOMEM;
	free(st->values[i]);
	st->values[i] = v;
	return 0;
}

bool oomt_state_remove(struct oomt_state *st, const char *key)
{
	ssize_t i = find(st, key);

	if (i < 0)
		return false;
	free(st->keys[i]);
	free(st->values[i]);
	memmove(st->keys + i, st->keys + i + 1, (st->n - (size_t)i - 1) * sizeof(char *));
	memmove(st->values + i, st->values + i + 1, (st->n - (size_t)i - 1) * sizeof(char *));
	st->n--;
	return true;
}

/* <sysroot>/run/oomtool, made when missing, and <sysroot>/run of a tree that lacks it. */
static int dir_ensure(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		return -EINVAL;
	*slash = '\0';
	if (mkdir(dir, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT || !(slash = strrchr(dir, '/')))
		return -errno;
	*slash = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	*slash = '/';
	return mkdir(dir, 0755) == 0 || errno == EEXIST ? 0 : -errno;
}

int oomt_state_save(struct oomt_state *st)
{
	size_t len = strlen(STATE_HEADER), n = 0;
	char *buf;
	int r;

	if (st->n == 0) {
		char dir[PATH_MAX], *slash;

		if (unlink(st->path) < 0 && errno != ENOENT)
			return -errno;
		st->saved = true;
		/* the directory goes with its last record (another file in it keeps it) */
		snprintf(dir, sizeof(dir), "%s", st->path);
		if ((slash = strrchr(dir, '/'))) {
			*slash = '\0';
			(void)rmdir(dir);
		}
		return 0;
	}
	for (size_t i = 0; i < st->n; i++)
		len += strlen(st->keys[i]) + strlen(st->values[i]) + 2;
	if (!(buf = malloc(len + 1)))
		return -ENOMEM;
	n += (size_t)sprintf(buf, "%s", STATE_HEADER);
	for (size_t i = 0; i < st->n; i++)
		n += (size_t)sprintf(buf + n, "%s\t%s\n", st->keys[i], st->values[i]);
	r = dir_ensure(st->path);
	if (r == 0)
		r = oomt_file_write_atomic(st->path, buf, n, 0644);
	free(buf);
	st->saved |= r == 0;
	return r;
}

int oomt_state_restore(struct oomt_state *st)
{
	if (!st->saved)
		return 0;
	return oomt_file_restore(st->path, st->loaded != NULL, st->loaded,
	                         st->loaded ? strlen(st->loaded) : 0);
}
