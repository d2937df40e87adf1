/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SYSCTL_H
#define OOMTOOL_SYSCTL_H

#include <stddef.h>

/*
 * Kernel settings (sysctl): read and write a value now, persist it in the one file oomtool
 * owns under etc/sysctl.d, and undo both exactly. Used by `oomtool swap-setup --swappiness`
 * (and meant for every command that changes a kernel setting).
 *
 * Sysroot: every function takes `sysroot` (NULL, "" or "/" = the live system). The value
 * now is <sysroot>/proc/sys/<key>; the persisted one is in <sysroot>/OOMT_SYSCTL_CONF_FILE.
 * Under a sysroot other than the live system both are plain files of that tree: nothing
 * here ever reaches the running kernel then.
 *
 * Keys are written as sysctl(8) and sysctl.d(5) write them: "vm.swappiness", or with
 * slashes, "net/ipv4/conf/eth0.100/forwarding". When the first separator is a dot, dots
 * and slashes swap roles ("net.ipv4.conf.eth0/100.forwarding" is the same key); when it is
 * a slash, dots are part of the names. Keys compare the same way. Globs are not accepted.
 *
 * Values are text without a newline (several fields separated by spaces or tabs are fine),
 * at most OOMT_SYSCTL_VALUE_MAX - 1 bytes. The library never prints.
 */

/* Relative to the sysroot. systemd-sysctl(8) reads it at boot in the order of its name. */
#define OOMT_SYSCTL_CONF_FILE "etc/sysctl.d/90-oomtool.conf"
#define OOMT_SYSCTL_VALUE_MAX 256

/* The value now, without its trailing newline. Returns 0, -EINVAL for a malformed key,
 * -ENOENT when the setting does not exist (or the sysroot has no proc/sys), -EOVERFLOW when
 * it does not fit BUFSZ, or another -errno. */
int oomt_sysctl_read(const char *sysroot, const char *key, char *buf, size_t bufsz);
/* Write VALUE now (one write(2) of "VALUE\n"). The file must exist: a sysctl is never
 * created. Returns 0, -EINVAL for a malformed key or value, or the kernel's -errno. */
int oomt_sysctl_write(const char *sysroot, const char *key, const char *value);
/* KEY's value in the oomtool file (the last line for it wins, as at boot), and in WAS the
 * value it had before oomtool first set it ("" when that is not recorded); WAS may be NULL.
 * Returns 0, -ENOENT when the file or the key is absent, or -errno. */
int oomt_sysctl_persisted_get(const char *sysroot, const char *key, char *value,
                              size_t valuesz, char *was, size_t wassz);

/*
 * A set of changes that can be undone exactly. Each write remembers the value it replaced
 * (for a key written twice, the first one); a persist remembers the file's text (or that
 * there was no file, nor etc/sysctl.d) before the change's first persist. Undo writes
 * those back. Not thread-safe; one change per run.
 */
struct oomt_sysctl_change;

/* Returns 0 or -ENOMEM. SYSROOT is copied. */
int oomt_sysctl_change_new(const char *sysroot, struct oomt_sysctl_change **ret);
/* Frees the record; undoes nothing. NULL is fine. */
void oomt_sysctl_change_free(struct oomt_sysctl_change *c);
/* Read the value KEY has, then write VALUE. Returns 0, or -errno with nothing changed. */
int oomt_sysctl_change_write(struct oomt_sysctl_change *c, const char *key, const char *value);
/* Merge "KEY = VALUE" into OOMT_SYSCTL_CONF_FILE: its line replaced when the key is there
 * (later duplicates dropped), else appended with a "# was: KEY = OLD" line above it (OLD:
 * the value before this change wrote it, else the value now); every other byte kept. The
 * file is replaced atomically (mode 0644 when new; etc/sysctl.d made 0755 when missing).
 * Returns 0 (also when the file already says so: nothing written), or -errno with the file
 * as it was. */
int oomt_sysctl_change_persist(struct oomt_sysctl_change *c, const char *key,
                               const char *value);
/* Put the file back as it was before the first persist (removed when there was none, and
 * etc/sysctl.d when this change made it). Returns 0 or -errno; on failure the record is
 * kept, so that it can be tried again. */
int oomt_sysctl_change_undo_persist(struct oomt_sysctl_change *c);
/* Write back every replaced value, the last written first. Returns 0 or the first -errno
 * (the other values are still restored); the ones that failed are kept for another try. */
int oomt_sysctl_change_undo_writes(struct oomt_sysctl_change *c);

#endif
