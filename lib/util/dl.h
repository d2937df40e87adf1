/* SPDX-License-Identifier: MIT */
#ifndef OOMT_UTIL_DL_H
#define OOMT_UTIL_DL_H

#include <stddef.h>

/*
 * Optional shared libraries, loaded on first use with dlopen(), the way systemd loads its
 * own optional libraries. Why: oomtool runs on machines that are out of memory, and every
 * linked library costs resident pages in every command, used or not. libsystemd alone
 * brings libgcrypt, libgpg-error, libzstd, liblzma, liblz4 and libcap: ~0.8 MiB of RSS in
 * a scan of a text file that never touches the journal.
 *
 * A user lists its functions once, as an X-macro of (prefix, name) pairs. From that list
 * it declares its table with OOMT_DL_FN (each pointer typed by the library's own prototype,
 * so every call is still checked by the compiler against the installed header), lists the
 * names with OOMT_DL_NAME, and copies the resolved addresses into the table in list order.
 * Field and symbol come from the same tokens, so they cannot drift apart.
 */
#define OOMT_DL_FN(prefix, name) typeof(prefix##name) *name;
#define OOMT_DL_NAME(prefix, name) #prefix #name,

/* Load soname and resolve names[0..n) into addrs[]. All or nothing: 0, or -ELIBACC (the
 * library is missing, unreadable, or lacks one of the names) with addrs and *ret_handle
 * untouched. ret_handle NULL: the library stays loaded for the life of the process; else
 * the caller may unload it with oomt_dl_close(*ret_handle), which voids every address. */
int oomt_dl_load(const char *soname, const char *const *names, void **addrs, size_t n,
                 void **ret_handle);
void oomt_dl_close(void *handle);

#endif
