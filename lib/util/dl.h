/* SPDX-License-Identifier: MIT */
#ifndef OOMT_UTIL_DL_H
#define OOMT_UTIL_DL_H

#include <pthread.h>
#include <stdbool.h>
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
 * so every call is still checked by the compiler against the installed header) and lists
 * the names with OOMT_DL_NAME; the resolved addresses fill the table in list order. Field
 * and symbol come from the same tokens, so they cannot drift apart.
 */
#define OOMT_DL_FN(prefix, name) typeof(prefix##name) *name;
#define OOMT_DL_NAME(prefix, name) #prefix #name,

/* The optional libraries, by the soname the build found (CMakeLists.txt); these defaults
 * serve a build that did not say. */
#ifndef OOMT_LIBSYSTEMD_SONAME
#define OOMT_LIBSYSTEMD_SONAME "libsystemd.so.0"
#endif

/* Load soname and resolve names[0..n) into addrs[]. All or nothing: 0, or -ELIBACC (the
 * library is missing, unreadable, or lacks one of the names) with addrs and *ret_handle
 * untouched. ret_handle NULL: the library stays loaded for the life of the process; else
 * the caller may unload it with oomt_dl_close(*ret_handle), which voids every address. */
int oomt_dl_load(const char *soname, const char *const *names, void **addrs, size_t n,
                 void **ret_handle);
void oomt_dl_close(void *handle);

/* oomt_dl_load into a table: fns is the user's struct of n OOMT_DL_FN members in the order
 * of names (fns_size its sizeof: a struct of n function pointers, -EINVAL otherwise). */
int oomt_dl_load_table(const char *soname, const char *const *names, size_t n, void *fns,
                       size_t fns_size, void **ret_handle);

/* A table loaded on first use and kept for the life of the process (thread-safe): the
 * library is loaded once, whatever the number of callers and threads.
 *   static struct sd_bus_api api;
 *   static struct oomt_dl_table lib = OOMT_DL_TABLE(OOMT_LIBSYSTEMD_SONAME, names, api);
 *   if ((r = oomt_dl_table_get(&lib)) < 0) ...    then call api.bus_open_system(...) */
struct oomt_dl_table {
	const char *soname;
	const char *const *names;
	size_t n;
	void *fns;
	size_t fns_size;
	pthread_mutex_t lock;
	bool tried;
	int err;
};
#define OOMT_DL_TABLE(soname, names, fns) \
	{ (soname), (names), sizeof(names) / sizeof((names)[0]), &(fns), sizeof(fns), \
	  PTHREAD_MUTEX_INITIALIZER, false, 0 }
/* 0 with the table filled, or -ELIBACC (as oomt_dl_load): the first call's answer, every
 * time. */
int oomt_dl_table_get(struct oomt_dl_table *t);

#endif
