/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SYSCTL_H
#define OOMTOOL_SYSCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
 * Where KEY's value at boot comes from: the kernel command line ("sysctl.KEY=VALUE" since
 * 5.8, or an older parameter of the same setting such as "panic=N"; the words after "--"
 * are init's), then the sysctl.d files as systemd-sysctl(8) reads them: every "*.conf" in
 * etc/sysctl.d, run/sysctl.d, usr/local/lib/sysctl.d, usr/lib/sysctl.d and lib/sysctl.d, a
 * name in an earlier directory hiding the same name in a later one, all read in file name
 * order; then etc/sysctl.conf (procps' `sysctl --system` reads it last; Debian links it as
 * etc/sysctl.d/99-sysctl.conf, read once). The last assignment wins; keys may be globs
 * ("net.ipv4.conf.*.rp_filter").
 */
struct oomt_sysctl_origin {
	uint32_t struct_size;        /* the client sets sizeof(struct oomt_sysctl_origin) */
	bool set;                    /* a file or the command line sets KEY */
	char file[4096];             /* the file as read (under the sysroot), or
	                                "<sysroot>/proc/cmdline" */
	unsigned line;               /* 1-based; 0 for the command line */
	char value[OOMT_SYSCTL_VALUE_MAX];
	size_t files_read;           /* configuration files looked at */
};
/* Returns 0 (set false when nothing sets KEY: the kernel's default, or a value written at
 * run time), -EINVAL for a malformed key or a struct_size too small, -ENOMEM. */
int oomt_sysctl_origin_read(const char *sysroot, const char *key, struct oomt_sysctl_origin *ret);
/* The file that sets KEY after OOMT_SYSCTL_CONF_FILE at boot and so overrides it (the last
 * such), into BUF; "" when none. Returns 0 or -errno. */
int oomt_sysctl_overridden_by(const char *sysroot, const char *key, char *buf, size_t bufsz);

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
/* Remove KEY's lines (and its "# was:" line) from OOMT_SYSCTL_CONF_FILE, every other byte
 * kept; the file is removed when no setting is left in it. Undone by
 * oomt_sysctl_change_undo_persist like a persist. Returns 0 (also when the key or the file
 * is absent: nothing written), or -errno with the file as it was. */
int oomt_sysctl_change_unpersist(struct oomt_sysctl_change *c, const char *key);
/* Put the file back as it was before the first persist (removed when there was none, and
 * etc/sysctl.d when this change made it). Returns 0 or -errno; on failure the record is
 * kept, so that it can be tried again. */
int oomt_sysctl_change_undo_persist(struct oomt_sysctl_change *c);
/* Write back every replaced value, the last written first. Returns 0 or the first -errno
 * (the other values are still restored); the ones that failed are kept for another try. */
int oomt_sysctl_change_undo_writes(struct oomt_sysctl_change *c);

#endif
