/* SPDX-License-Identifier: MIT */
/*
 * Kernel settings under a sysroot: <sysroot>/proc/sys/<key> now, <sysroot>/etc/sysctl.d/
 * 90-oomtool.conf at boot, and a change record that undoes both exactly (sysctl.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <oomtool/swap.h>
#include <oomtool/sysctl.h>
#include "sysctl/sysctl-conf.h"
#include "util/sysroot-file.h"
#include "util/file.h"

#define CONF_MAX (64 * 1024)   /* a larger oomtool file is refused, not loaded */

struct sysctl_saved {
	char *key;
	char *old_value;
};

struct oomt_sysctl_change {
	char *sysroot;               /* NULL: the live system */
	struct sysctl_saved *written;
	size_t nwritten;
	bool persisted;              /* the file was replaced; the fields below say how it was */
	bool conf_existed;
	bool made_dir;
	char *conf_old;
	size_t conf_old_len;
};

static int value_path(const char *sysroot, const char *key, char *ret, size_t retsz)
{
	char rel[PATH_MAX] = "proc/sys/";
	size_t pl = strlen(rel);
	int r = oomt_sysctl_key_path(key, strlen(key), rel + pl, sizeof(rel) - pl);

	return r < 0 ? r : oomt_sysroot_join(sysroot, rel, ret, retsz);
}

int oomt_sysctl_read(const char *sysroot, const char *key, char *buf, size_t bufsz)
{
	char path[PATH_MAX];
	size_t len = 0;
	int fd, r;

	if (bufsz == 0)
		return -EINVAL;
	r = value_path(sysroot, key, path, sizeof(path));
	if (r < 0)
		return r;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, buf + len, bufsz - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == bufsz) {
			r = -EOVERFLOW;
			break;
		}
	}
	close(fd);
	if (r < 0)
		return r;
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	return 0;
}

int oomt_sysctl_write(const char *sysroot, const char *key, const char *value)
{
	char path[PATH_MAX], line[OOMT_SYSCTL_VALUE_MAX + 1];
	ssize_t w;
	int fd, r, n;

	if (oomt_sysctl_value_check(value) < 0)
		return -EINVAL;
	r = value_path(sysroot, key, path, sizeof(path));
	if (r < 0)
		return r;
	n = snprintf(line, sizeof(line), "%s\n", value);
	/* no O_CREAT: a setting the kernel does not have is not made up as a file */
	fd = open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* One write: the kernel parses a sysctl per write(2) call. */
	do
		w = write(fd, line, (size_t)n);
	while (w < 0 && errno == EINTR);
	r = w < 0 ? -errno : w != n ? -EIO : 0;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

static int conf_path(const char *sysroot, char *ret, size_t retsz)
{
	return oomt_sysroot_join(sysroot, OOMT_SYSCTL_CONF_FILE, ret, retsz);
}

/* The file's text; a missing file is an empty text with *existed false. */
/* The oomtool file's path (into path[PATH_MAX]) and text ("" when it does not exist). */
static int conf_load(const char *sysroot, char *path, char **buf, size_t *len, bool *existed)
{
	int r = conf_path(sysroot, path, PATH_MAX);

	return r < 0 ? r : oomt_file_read_optional(path, CONF_MAX, buf, len, existed);
}

int oomt_sysctl_persisted_get(const char *sysroot, const char *key, char *value,
                              size_t valuesz, char *was, size_t wassz)
{
	char path[PATH_MAX], *buf = NULL;
	size_t len = 0;
	int r = conf_path(sysroot, path, sizeof(path));

	if (r < 0)
		return r;
	r = oomt_file_read_all(path, CONF_MAX, &buf, &len);
	if (r < 0)
		return r;
	r = oomt_sysctl_conf_get(buf, len, key, value, valuesz, was, wassz);
	free(buf);
	return r;
}

int oomt_sysctl_change_new(const char *sysroot, struct oomt_sysctl_change **ret)
{
	struct oomt_sysctl_change *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	if (!oomt_sysroot_is_live(sysroot) && !(c->sysroot = strdup(sysroot))) {
		free(c);
		return -ENOMEM;
	}
	*ret = c;
	return 0;
}

void oomt_sysctl_change_free(struct oomt_sysctl_change *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nwritten; i++) {
		free(c->written[i].key);
		free(c->written[i].old_value);
	}
	free(c->written);
	free(c->conf_old);
	free(c->sysroot);
	free(c);
}

static const struct sysctl_saved *saved_find(const struct oomt_sysctl_change *c,
                                             const char *key)
{
	char want[PATH_MAX], have[PATH_MAX];

	if (oomt_sysctl_key_path(key, strlen(key), want, sizeof(want)) < 0)
		return NULL;
	for (size_t i = 0; i < c->nwritten; i++)
		if (oomt_sysctl_key_path(c->written[i].key, strlen(c->written[i].key), have,
		                         sizeof(have)) == 0 && strcmp(have, want) == 0)
			return &c->written[i];
	return NULL;
}

/* Room for one more saved value, allocated before anything is written so that a change
 * that was made can always be recorded. */
static int saved_reserve(struct oomt_sysctl_change *c, const char *key, const char *old)
{
	struct sysctl_saved *grown = realloc(c->written, (c->nwritten + 1) * sizeof(*grown));
	struct sysctl_saved s = { strdup(key), strdup(old) };

	if (grown)
		c->written = grown;
	if (!grown || !s.key || !s.old_value) {
		free(s.key);
		free(s.old_value);
		return -ENOMEM;
	}
	c->written[c->nwritten] = s;
	return 0;
}

int oomt_sysctl_change_write(struct oomt_sysctl_change *c, const char *key, const char *value)
{
	char old[OOMT_SYSCTL_VALUE_MAX];
	bool first = !saved_find(c, key);
	int r;

	if (oomt_sysctl_value_check(value) < 0)
		return -EINVAL;
	r = oomt_sysctl_read(c->sysroot, key, old, sizeof(old));
	if (r < 0)
		return r;
	if (first) {
		r = saved_reserve(c, key, old);
		if (r < 0)
			return r;
	}
	r = oomt_sysctl_write(c->sysroot, key, value);
	if (r < 0) {
		if (first) {
			free(c->written[c->nwritten].key);
			free(c->written[c->nwritten].old_value);
		}
		return r;
	}
	if (first)
		c->nwritten++;
	return 0;
}

/* The value to note on "# was:" for a key new to the file: the one this change replaced,
 * else the one in effect now. NULL when neither is known. */
static const char *was_value(const struct oomt_sysctl_change *c, const char *key, char *buf,
                             size_t bufsz)
{
	const struct sysctl_saved *s = saved_find(c, key);

	if (s)
		return s->old_value;
	return oomt_sysctl_read(c->sysroot, key, buf, bufsz) == 0 && buf[0] ? buf : NULL;
}

/* etc/sysctl.d, made when missing. *made tells whether this call made it. */
static int conf_dir_ensure(const char *sysroot, bool *made)
{
	char dir[PATH_MAX];
	int r = oomt_sysroot_join(sysroot, "etc/sysctl.d", dir, sizeof(dir));

	*made = false;
	if (r < 0)
		return r;
	if (mkdir(dir, 0755) == 0) {
		*made = true;
		return 0;
	}
	return errno == EEXIST ? 0 : -errno;
}

static void conf_dir_remove(const char *sysroot)
{
	char dir[PATH_MAX];

	if (oomt_sysroot_join(sysroot, "etc/sysctl.d", dir, sizeof(dir)) == 0)
		(void)rmdir(dir);
}

/* The file was replaced: the first time, keep what it said before (OLD, taken), whether it
 * existed and whether its directory was made, for oomt_sysctl_change_undo_persist. */
static void keep_first(struct oomt_sysctl_change *c, bool existed, bool made_dir, char **old,
                       size_t old_len)
{
	if (c->persisted)
		return;
	c->persisted = true;
	c->conf_existed = existed;
	c->made_dir = made_dir;
	c->conf_old = *old;
	c->conf_old_len = old_len;
	*old = NULL;
}

int oomt_sysctl_change_persist(struct oomt_sysctl_change *c, const char *key,
                               const char *value)
{
	char path[PATH_MAX], wasbuf[OOMT_SYSCTL_VALUE_MAX], have[OOMT_SYSCTL_VALUE_MAX];
	char *old = NULL, *text = NULL;
	size_t old_len = 0, text_len = 0;
	bool existed = false, made = false;
	int r;

	if ((r = conf_load(c->sysroot, path, &old, &old_len, &existed)) < 0)
		return r;
	r = oomt_sysctl_conf_get(old, old_len, key, have, sizeof(have), NULL, 0);
	if (r == 0 && strcmp(have, value) == 0 && oomt_sysctl_value_check(value) == 0)
		goto out;            /* already says so: nothing to write, nothing to undo */
	r = oomt_sysctl_conf_set(old, old_len, key, value,
	                         r == -ENOENT ? was_value(c, key, wasbuf, sizeof(wasbuf)) : NULL,
	                         &text, &text_len);
	if (r == 0)
		r = conf_dir_ensure(c->sysroot, &made);
	if (r == 0)
		r = oomt_file_write_atomic(path, text, text_len, 0644);
	if (r < 0) {
		if (made)
			conf_dir_remove(c->sysroot);
		goto out;
	}
	keep_first(c, existed, made, &old, old_len);
out:
	free(old);
	free(text);
	return r;
}

/* Whether TEXT still assigns a setting (a line that is not blank and not a comment). */
static bool conf_has_setting(const char *text, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, i = pos;

		while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
			i++;
		if (i < end && text[i] != '#' && text[i] != ';')
			return true;
		pos = nl ? end + 1 : len;
	}
	return false;
}

int oomt_sysctl_change_unpersist(struct oomt_sysctl_change *c, const char *key)
{
	char path[PATH_MAX], *old = NULL, *text = NULL;
	size_t old_len = 0, text_len = 0, removed = 0;
	bool existed = false;
	int r;

	if ((r = conf_load(c->sysroot, path, &old, &old_len, &existed)) < 0)
		return r;
	if (!existed)
		goto out;
	r = oomt_sysctl_conf_remove(old, old_len, key, &text, &text_len, &removed);
	if (r < 0 || removed == 0)
		goto out;
	if (conf_has_setting(text, text_len))
		r = oomt_file_write_atomic(path, text, text_len, 0644);
	else if (unlink(path) < 0)
		r = -errno;
	if (r < 0)
		goto out;
	keep_first(c, true, false, &old, old_len);
out:
	free(old);
	free(text);
	return r;
}

int oomt_sysctl_change_undo_persist(struct oomt_sysctl_change *c)
{
	char path[PATH_MAX];
	int r;

	if (!c->persisted)
		return 0;
	r = conf_path(c->sysroot, path, sizeof(path));
	if (r < 0)
		return r;
	if ((r = oomt_file_restore(path, c->conf_existed, c->conf_old, c->conf_old_len)) < 0)
		return r;
	if (c->made_dir)
		conf_dir_remove(c->sysroot);
	c->persisted = false;
	free(c->conf_old);
	c->conf_old = NULL;
	return 0;
}

int oomt_sysctl_change_undo_writes(struct oomt_sysctl_change *c)
{
	size_t kept = 0;
	int first_err = 0;

	for (size_t i = c->nwritten; i-- > 0;) {
		struct sysctl_saved *s = &c->written[i];
		int r = oomt_sysctl_write(c->sysroot, s->key, s->old_value);

		if (r < 0) {
			if (first_err == 0)
				first_err = r;
			continue;
		}
		free(s->key);
		free(s->old_value);
		s->key = s->old_value = NULL;
	}
	/* keep the ones that failed, in their order */
	for (size_t i = 0; i < c->nwritten; i++)
		if (c->written[i].key)
			c->written[kept++] = c->written[i];
	c->nwritten = kept;
	return first_err;
}
