/* SPDX-License-Identifier: MIT */
#include <dlfcn.h>
#include <errno.h>
#include <string.h>
#include "util/dl.h"

#define DL_MAX_SYMS 64

int oomt_dl_load(const char *soname, const char *const *names, void **addrs, size_t n,
                 void **ret_handle)
{
	/* RTLD_LOCAL: its symbols serve our table only and interpose on nothing.
	 * RTLD_NOW: a library too old for one of our functions fails here, not mid-scan. */
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	void *a[DL_MAX_SYMS];

	if (!h)
		return -ELIBACC;
	for (size_t i = 0; i < n; i++)
		if (i >= DL_MAX_SYMS || !(a[i] = dlsym(h, names[i]))) {
			dlclose(h);
			return -ELIBACC;
		}
	for (size_t i = 0; i < n; i++)
		addrs[i] = a[i];
	if (ret_handle)
		*ret_handle = h;
	return 0;
}

void oomt_dl_close(void *handle)
{
	if (handle)
		dlclose(handle);
}

/* The table is a struct of function pointers: n of them, laid out as an array (what
 * fns_size checks). dlsym's void * becomes a function pointer by the conversion POSIX
 * defines for it; each is stored as the generic function pointer type, which every
 * function pointer type shares its representation with on the systems dlopen runs on. */
int oomt_dl_load_table(const char *soname, const char *const *names, size_t n, void *fns,
                       size_t fns_size, void **ret_handle)
{
	typedef void (*any_fn)(void);
	void *a[DL_MAX_SYMS];
	int r;

	if (n > DL_MAX_SYMS || fns_size != n * sizeof(any_fn))
		return -EINVAL;
	if ((r = oomt_dl_load(soname, names, a, n, ret_handle)) < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		any_fn f = (any_fn)a[i];

		memcpy((char *)fns + i * sizeof(f), &f, sizeof(f));
	}
	return 0;
}

int oomt_dl_table_get(struct oomt_dl_table *t)
{
	int r;

	pthread_mutex_lock(&t->lock);
	if (!t->tried) {
		t->err = oomt_dl_load_table(t->soname, t->names, t->n, t->fns, t->fns_size, NULL);
		t->tried = true;
	}
	r = t->err;
	pthread_mutex_unlock(&t->lock);
	return r;
}
