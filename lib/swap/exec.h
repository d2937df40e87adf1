/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_SWAP_EXEC_H
#define OOMTOOL_SWAP_EXEC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* Internal: the step executors oomt_swap_apply runs; each does one thing to the system and
 * returns 0 or -errno. */

/* O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode 0600 from the first instant. */
int oomt_swap_file_create(const char *path, int *ret_fd);
/* btrfs: set FS_NOCOW_FL (and clear FS_COMPR_FL) while the file is still empty. */
int oomt_swap_file_set_nocow(int fd);
int oomt_swap_file_fallocate(int fd, uint64_t size_bytes);
/* Write zeros in 1 MiB chunks, flushing as it goes so that the page cache does not fill;
 * stops with -EINTR when *cancel becomes non-zero (CANCEL may be NULL). */
int oomt_swap_file_write_zeros(int fd, uint64_t size_bytes, const volatile sig_atomic_t *cancel);
/* Every byte of [0, size_bytes) is allocated: FIEMAP when the filesystem has it, else
 * st_blocks. -ENODATA for a hole, -EMEDIUMTYPE for inline, compressed, shared or unknown
 * extents. */
int oomt_swap_file_verify(int fd, uint64_t size_bytes);
/* Write the header page with a random UUID and fsync. */
int oomt_swap_file_write_signature(int fd, uint64_t size_bytes, size_t page_size,
                                   const char *label);
/* swapon(2) through /proc/self/fd/FD when FD >= 0 (else PATH); priority < 0: the kernel's. */
int oomt_swap_enable(int fd, const char *path, int priority);
int oomt_swap_disable(const char *path);

#endif
