/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SYSCTL_CONF_H
#define OOMTOOL_SYSCTL_CONF_H

#include <stddef.h>

/*
 * Internal: sysctl keys and the text of oomtool's sysctl.d file, on buffers (pure).
 * Accepted text (sysctl.d(5)): lines "KEY = VALUE" (blanks around '=' optional; a leading
 * '-' on KEY means "ignore a failure to apply it"), comment lines starting with '#' or ';',
 * blank lines; the last line may lack its newline. oomtool's own annotation is a comment
 * line "# was: KEY = VALUE": the value KEY had before oomtool first set it.
 */

/* The first line of a new file. */
#define OOMT_SYSCTL_CONF_HEADER \
	"# Kernel settings made by oomtool; systemd-sysctl(8) applies them at boot.\n" \
	"# A \"# was:\" line keeps the value a setting had before oomtool first changed it.\n"

/* KEY as a path below /proc/sys ("vm.swappiness" -> "vm/swappiness"; see sysctl.h for the
 * dot and slash rule). -EINVAL for an empty key, blanks, '=', '*', a leading, trailing or
 * doubled separator, "." or ".." components; -ENAMETOOLONG. */
int oomt_sysctl_key_path(const char *key, size_t keylen, char *ret, size_t retsz);
/* A VALUE that can be written and persisted: no newline, shorter than
 * OOMT_SYSCTL_VALUE_MAX. (Empty is a value: some string settings are empty.) */
int oomt_sysctl_value_check(const char *value);

/* KEY's value (the last assignment wins) and its "# was:" value ("" when none; WAS may be
 * NULL). 0, -ENOENT, -EINVAL for a malformed key, -EOVERFLOW when a buffer is too small. */
int oomt_sysctl_conf_get(const char *buf, size_t len, const char *key, char *value,
                         size_t valuesz, char *was, size_t wassz);
/* New text with "KEY = VALUE": the first line for KEY replaced, later ones dropped; else
 * appended after "# was: KEY = WAS" (WAS NULL: no such line), the header first when BUF is
 * empty. Every other byte kept. *ret is malloc'd (NUL-terminated). */
int oomt_sysctl_conf_set(const char *buf, size_t len, const char *key, const char *value,
                         const char *was, char **ret, size_t *ret_len);
/* New text without KEY's lines and its "# was:" line; *removed counts the lines dropped. */
int oomt_sysctl_conf_remove(const char *buf, size_t len, const char *key, char **ret,
                            size_t *ret_len, size_t *removed);

#endif
