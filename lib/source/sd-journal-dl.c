/* SPDX-License-Identifier: MIT */
#include "util/dl.h"
#include "source/sd-journal-dl.h"

static const char *const names[] = { OOMT_SD_JOURNAL_FUNCS(OOMT_DL_NAME) };
static struct oomt_sd_journal table;
static struct oomt_dl_table libsystemd = OOMT_DL_TABLE(OOMT_LIBSYSTEMD_SONAME, names, table);

int oomt_sd_journal_get(const struct oomt_sd_journal **ret)
{
	int r = oomt_dl_table_get(&libsystemd);

	if (r < 0)
		return r;
	*ret = &table;
	return 0;
}
