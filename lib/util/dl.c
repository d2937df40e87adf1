/* SPDX-License-Identifier: MIT */
#include <dlfcn.h>
#include <errno.h>
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
