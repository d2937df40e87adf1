/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SYSTEM_H
#define OOMTOOL_SYSTEM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Facts about a kernel and the machine it runs: one function each, used by every command.
 */

/* The page size of this host (sysconf), the unit /proc and the cgroup files count pages in.
 * Never a constant: 16 KiB and 64 KiB pages exist (arm64, ppc64le). */
int64_t oomt_page_size(void);

/* A kernel version as one number that compares in version order. */
#define OOMT_KERNEL_VERSION(major, minor, patch) \
	((long)(major) * 1000000L + (long)(minor) * 1000L + ((patch) > 999 ? 999L : (long)(patch)))

/* "6.18.44-fc-v657", "3.10.0-1127.el7.x86_64", "2.6.32-642.el6" -> OOMT_KERNEL_VERSION(...)
 * of its leading MAJOR.MINOR[.PATCH]; 0 when the text does not start that way (NULL, "",
 * garbage). Distribution suffixes are left to the caller (".el7" backports). */
long oomt_kernel_release_code(const char *release);

/* The running kernel's release ("6.18.44-fc-v657") under sysroot (NULL, "" or "/" = this
 * host): <sysroot>/proc/sys/kernel/osrelease, or uname(2) when that cannot be read on the
 * live system. Returns 0 or -errno. */
int oomt_kernel_release_read(const char *sysroot, char *buf, size_t bufsz);

/* This boot's ID as the kernel prints it ("74127474-cf87-4937-9ed8-1b4b7a73ef60"), from
 * <sysroot>/proc/sys/kernel/random/boot_id (NULL, "" or "/" = this host). The journal
 * writes the same ID without dashes (_BOOT_ID). buf holds at least 37 bytes. Returns 0,
 * -ENODATA when the file does not hold an ID, or -errno. */
int oomt_boot_id_read(const char *sysroot, char *buf, size_t bufsz);

/* When this boot began, wall clock in microseconds since the epoch (whole seconds): btime
 * of <sysroot>/proc/stat, which the kernel derives from the wall clock now and the time
 * since boot, suspends included. Returns 0, -ENODATA without btime, or -errno. */
int oomt_boot_time_read(const char *sysroot, int64_t *ret_usec);

/* For a long-running loop on a machine short of memory (a supervisor, a watcher): drop this
 * process's page-table entries of private, read-only file mappings that hold no private
 * copy (program and library text and constants, smaps "Anonymous: 0 kB"). The pages stay in
 * the page cache, shared with every process that maps them; what the loop touches again is
 * mapped again on its first access, so RSS shrinks to what the loop uses. Call it after the
 * loop's first pass, and before mlockall(MCL_ONFAULT) (locked pages cannot be dropped).
 * Reads /proc/self/smaps through a stack buffer; allocates nothing; best effort. */
void oomt_process_trim_mapped_files(void);

#endif
