/* SPDX-License-Identifier: MIT */
/* oomtool swap-setup --status: active swap areas, swappiness, zswap, inactive fstab swap.
 * Gathered by the library (oomt_swap_status_read); rendered here. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <oomtool/format.h>
#include <oomtool/swap-json.h>
#include "common.h"
#include "swap-setup.h"

enum { COL_NAME, COL_TYPE, COL_SIZE, COL_USED, COL_PRIO };

static const struct out_column columns[] = {
	[COL_NAME] = { "NAME", 0.4, SCOLS_FL_NOEXTREMES, "file or device" },
	[COL_TYPE] = { "TYPE", 9, 0, "file, partition or zram" },
	[COL_SIZE] = { "SIZE", 6, SCOLS_FL_RIGHT, "size of the area" },
	[COL_USED] = { "USED", 6, SCOLS_FL_RIGHT, "memory swapped out to it" },
	[COL_PRIO] = { "PRIO", 5, SCOLS_FL_RIGHT, "priority (higher is used first)" },
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

static const char *const kind_names[] = {
	[OOMT_SWAP_AREA_FILE] = "file", [OOMT_SWAP_AREA_PARTITION] = "partition",
	[OOMT_SWAP_AREA_ZRAM] = "zram",
};

static void json_status(const struct oomt_swap_status *s)
{
	struct oomt_json *j;

	j = cli_json_new(SWAP_SUB, true);
	oomt_swap_status_write_json(j, s);
	cli_json_done(j);
}

static int table_status(const struct swap_opts *o, const struct oomt_swap_status *s)
{
	struct out_table t;
	int ids[NCOLS];
	size_t nids;
	int r = cli_opt_columns(SWAP_SUB, columns, NCOLS, "NAME,TYPE,SIZE,USED,PRIO", o->columns,
	                        ids, &nids);

	if (r != CLI_CONTINUE)
		return r;
	if (out_table_init(&t, columns, NCOLS, ids, nids, &o->out) < 0) {
		cli_err(SWAP_SUB, "cannot build the table: %s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	for (size_t i = 0; i < s->areas.n; i++) {
		const struct oomt_swap_area *a = &s->areas.area[i];
		struct libscols_line *ln = out_table_line(&t);

		out_cell(&t, ln, COL_NAME, a->path);
		out_cell(&t, ln, COL_TYPE, kind_names[a->kind]);
		out_cell_size(&t, ln, COL_SIZE, a->size_bytes);
		out_cell_size(&t, ln, COL_USED, a->used_bytes);
		out_cell_int(&t, ln, COL_PRIO, a->priority);
	}
	if (s->areas.n == 0)
		printf("No active swap.\n");
	else
		out_table_print(&t);
	out_table_done(&t);
	if (s->swappiness >= 0)
		printf("vm.swappiness: %d\n", s->swappiness);
	printf("zswap: %s\n", s->zswap_enabled < 0 ? "not available"
	                      : s->zswap_enabled ? "enabled" : "disabled");
	for (size_t i = 0; i < s->n_fstab_swaps; i++)
		if (!s->fstab_swaps[i].active)
			printf("fstab: %s (%s) is not active\n", s->fstab_swaps[i].spec,
			       s->fstab_swaps[i].options);
	return 0;
}

int swap_status(const struct swap_opts *o)
{
	struct oomt_swap_status *s = NULL;
	int r = oomt_swap_status_read(o->sysroot, &s);

	if (r < 0) {
		cli_err(SWAP_SUB, "cannot read '/proc/swaps': %s (is /proc mounted?)", strerror(-r));
		return cli_finish_stdout(SWAP_SUB, EXIT_RUNTIME);
	}
	if (o->out.json)
		json_status(s);
	else
		r = table_status(o, s);
	if (r == 0)
		r = s->areas.n ? EXIT_FOUND : EXIT_NOTHING;
	oomt_swap_status_free(s);
	return cli_finish_stdout(SWAP_SUB, r);
}
