/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SWAP_FSTAB_H
#define OOMTOOL_SWAP_FSTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <oomtool/swap.h>

/* Internal: /etc/fstab editing, pure (buffers in, new buffers out). Format: fstab.c. */

struct oomt_fstab_entry {
	size_t line_off, line_len;   /* the line in the buffer, newline excluded */
	char spec[OOMT_SWAP_PATH_MAX];   /* first field, \ooo escapes decoded */
	char file[OOMT_SWAP_PATH_MAX];
	char type[64];
	char opts[256];
	bool truncated;              /* a field was longer than its buffer */
};

/* Next entry line from *pos (comments and blank lines skipped). 0 = entry, 1 = end. */
int oomt_fstab_next(const char *buf, size_t len, size_t *pos, struct oomt_fstab_entry *e);
/* Whether a swap entry for PATH exists; its line is returned in *ret. */
bool oomt_fstab_find_swap(const char *buf, size_t len, const char *path,
                          struct oomt_fstab_entry *ret);
/* New text = old text, byte for byte, plus one line for PATH. -EEXIST when a swap line for
 * PATH is present. priority < 0: no pri= option. *ret is malloc'd. */
int oomt_fstab_add_swap(const char *buf, size_t len, const char *path, int priority,
                        char **ret, size_t *ret_len);
/* New text without the swap lines for PATH; every other byte kept. *removed counts them. */
int oomt_fstab_remove_swap(const char *buf, size_t len, const char *path, char **ret,
                           size_t *ret_len, size_t *removed);
/* fstab field escaping: space, tab, newline and backslash as \ooo. -ENAMETOOLONG. */
int oomt_fstab_escape(const char *in, char *out, size_t outsz);

#endif
