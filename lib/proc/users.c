/* SPDX-License-Identifier: MIT */
/* uid <-> user name, for the live system (NSS) or a copied tree's etc/passwd. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/proc.h>
#include "proc/users.h"
#include "util/sysroot-file.h"

/* <sysroot>/etc/passwd, "name:x:uid:gid:gecos:home:shell" per line: the entry of name, or
 * of uid when name is NULL. */
static int passwd_find(const char *sysroot, int64_t uid, const char *name, char *buf,
                       size_t bufsz, int64_t *ret_uid)
{
	char path[PATH_MAX], line[1024];
	FILE *f;
	int r = -ENOENT;

	if (snprintf(path, sizeof(path), "%s/etc/passwd", sysroot) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ':'), *c2, *end;
		long v;

		if (!c1 || !(c2 = strchr(c1 + 1, ':')))
			continue;
		*c1 = '\0';
		v = strtol(c2 + 1, &end, 10);
		if (end == c2 + 1 || *end != ':')
			continue;
		if (name ? strcmp(line, name) == 0 : v == uid) {
			if (buf)
				snprintf(buf, bufsz, "%s", line);
			if (ret_uid)
				*ret_uid = v;
			r = 0;
			break;
		}
	}
	fclose(f);
	return r;
}

int oomt_user_name(const char *sysroot, int64_t uid, char *buf, size_t bufsz)
{
	struct passwd pw, *res = NULL;
	char tmp[1024];

	if (uid < 0 || uid > UINT32_MAX)
		return -EINVAL;
	if (!oomt_sysroot_is_live(sysroot))
		return passwd_find(sysroot, uid, NULL, buf, bufsz, NULL);
	if (getpwuid_r((uid_t)uid, &pw, tmp, sizeof(tmp), &res) != 0 || !res)
		return -ENOENT;
	snprintf(buf, bufsz, "%s", pw.pw_name);
	return 0;
}

int oomt_user_uid(const char *sysroot, const char *name, int64_t *ret_uid)
{
	struct passwd pw, *res = NULL;
	char tmp[1024];

	if (!oomt_sysroot_is_live(sysroot))
		return passwd_find(sysroot, 0, name, NULL, 0, ret_uid);
	if (getpwnam_r(name, &pw, tmp, sizeof(tmp), &res) != 0 || !res)
		return -ENOENT;
	*ret_uid = pw.pw_uid;
	return 0;
}

const char *oomt_user_cache_name(struct oomt_user_cache *c, const char *sysroot, int64_t uid,
                                 char *buf, size_t bufsz)
{
	size_t slot;

	if (uid == OOMT_UNKNOWN)
		return NULL;
	for (size_t i = 0; i < c->n; i++)
		if (c->uid[i] == uid) {
			snprintf(buf, bufsz, "%s", c->name[i]);
			return buf;
		}
	if (oomt_user_name(sysroot, uid, buf, bufsz) < 0)
		snprintf(buf, bufsz, "%" PRId64, uid);
	slot = c->n < OOMT_USER_CACHE_ENTRIES ? c->n++ : c->next++ % OOMT_USER_CACHE_ENTRIES;
	c->uid[slot] = uid;
	snprintf(c->name[slot], sizeof(c->name[slot]), "%s", buf);
	return buf;
}
