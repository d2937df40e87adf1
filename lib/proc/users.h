/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_PROC_USERS_H
#define OOMTOOL_PROC_USERS_H

#include <stddef.h>
#include <stdint.h>

/*
 * A small cache of uid -> user name for the rows of one view. Looking a uid up through NSS
 * for every shown row would reopen /etc/passwd each time (the files backend); a view shows
 * few users, so 32 entries replaced round-robin keep it at one lookup per user.
 */
#define OOMT_USER_NAME_MAX 33          /* 32 characters, as useradd allows, and the NUL */
#define OOMT_USER_CACHE_ENTRIES 32

struct oomt_user_cache {
	int64_t uid[OOMT_USER_CACHE_ENTRIES];
	char name[OOMT_USER_CACHE_ENTRIES][OOMT_USER_NAME_MAX];
	size_t n, next;
};

/* The name of uid under sysroot (oomt_user_name), or the uid as decimal text when it has
 * none; into buf. NULL (buf untouched) when uid is OOMT_UNKNOWN. */
const char *oomt_user_cache_name(struct oomt_user_cache *c, const char *sysroot, int64_t uid,
                                 char *buf, size_t bufsz);

#endif
