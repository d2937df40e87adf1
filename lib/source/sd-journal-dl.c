/* SPDX-License-Identifier: MIT */
#include <pthread.h>
#include "util/dl.h"
#include "source/sd-journal-dl.h"

static const char *const names[] = { OOMT_SD_JOURNAL_FUNCS(OOMT_DL_NAME) };
static struct oomt_sd_journal table;
static int load_error;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *a[sizeof(names) / sizeof(names[0])];
	size_t i = 0;

	load_error = oomt_dl_load(OOMT_LIBSYSTEMD_SONAME, names, a, sizeof(a) / sizeof(a[0]), NULL);
	if (load_error < 0)
		return;
#define SET(prefix, name) table.name = (typeof(table.name))a[i++];
	OOMT_SD_JOURNAL_FUNCS(SET)
#undef SET
}

int oomt_sd_journal_get(const struct oomt_sd_journal **ret)
{
	pthread_once(&once, load);
	if (load_error < 0)
		return load_error;
	*ret = &table;
	return 0;
}
