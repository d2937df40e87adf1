/* SPDX-License-Identifier: MIT */
/* oomtool swap-setup --status: active swap areas, swappiness, zswap, inactive fstab swap. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/format.h>
#include <oomtool/record.h>
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

struct status {
	struct oomt_swap_areas *areas;
	int swappiness;              /* -1 unknown */
	int zswap;                   /* -1 unknown (no zswap module), 0, 1 */
	char *fstab;
	size_t fstab_len;
};

/* Whether fstab's SPEC names one of the active areas: by path, or UUID=/LABEL=/PARTUUID=
 * resolved through /dev/disk. */
static bool spec_active(const struct oomt_swap_areas *a, const char *spec)
{
	static const struct { const char *tag, *dir; } tags[] = {
		{ "UUID=", "/dev/disk/by-uuid/" }, { "LABEL=", "/dev/disk/by-label/" },
		{ "PARTUUID=", "/dev/disk/by-partuuid/" }, { "PARTLABEL=", "/dev/disk/by-partlabel/" },
	};
	char link[PATH_MAX], real[PATH_MAX];
	const char *path = spec;

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		size_t tl = strlen(tags[i].tag);

		if (strncmp(spec, tags[i].tag, tl) == 0) {
			snprintf(link, sizeof(link), "%s%s", tags[i].dir, spec + tl);
			path = link;
		}
	}
	if (oomt_swaps_find(a, path))
		return true;
	return realpath(path, real) && oomt_swaps_find(a, real);
}

static int gather(const struct swap_opts *o, struct status *s)
{
	char path[PATH_MAX];
	bool z;
	int r;

	s->areas = calloc(1, sizeof(*s->areas));
	if (!s->areas)
		return -ENOMEM;
	r = oomt_swaps_read("/proc/swaps", s->areas);
	if (r < 0)
		return r;
	if (oomt_swap_swappiness_read("/proc", &s->swappiness) < 0)
		s->swappiness = -1;
	s->zswap = oomt_swap_zswap_read("/sys", &z) < 0 ? -1 : z;
	if (oomt_swap_join(o->root, "etc/fstab", path, sizeof(path)) == 0 &&
	    oomt_swap_read_small(path, OOMT_SWAP_FSTAB_MAX, &s->fstab, &s->fstab_len) < 0)
		s->fstab = NULL;
	return 0;
}

static void json_status(const struct status *s)
{
	struct oomt_fstab_entry e;
	struct oomt_json j;
	size_t pos = 0;

	oomt_json_init(&j, stdout, true);
	oomt_json_begin_object(&j, NULL);
	oomt_json_begin_array(&j, "swaps");
	for (size_t i = 0; i < s->areas->n; i++) {
		const struct oomt_swap_area *a = &s->areas->area[i];

		oomt_json_begin_object(&j, NULL);
		oomt_json_string(&j, "path", a->path);
		oomt_json_string(&j, "type", kind_names[a->kind]);
		oomt_json_int(&j, "size_bytes", a->size_bytes);
		oomt_json_int(&j, "used_bytes", a->used_bytes);
		oomt_json_int(&j, "priority", a->priority);
		oomt_json_bool(&j, "deleted", a->deleted);
		oomt_json_end_object(&j);
	}
	oomt_json_end_array(&j);
	oomt_json_int(&j, "swappiness", s->swappiness < 0 ? OOMT_UNKNOWN : s->swappiness);
	if (s->zswap < 0)
		oomt_json_null(&j, "zswap_enabled");
	else
		oomt_json_bool(&j, "zswap_enabled", s->zswap);
	oomt_json_begin_array(&j, "fstab_inactive");
	while (s->fstab && oomt_fstab_next(s->fstab, s->fstab_len, &pos, &e) == 0) {
		if (strcmp(e.type, "swap") != 0 || spec_active(s->areas, e.spec))
			continue;
		oomt_json_begin_object(&j, NULL);
		oomt_json_string(&j, "spec", e.spec);
		oomt_json_string(&j, "options", e.opts);
		oomt_json_end_object(&j);
	}
	oomt_json_end_array(&j);
	oomt_json_end_object(&j);
	oomt_json_finish(&j);
}

static int table_status(const struct swap_opts *o, const struct status *s)
{
	struct oomt_fstab_entry e;
	struct out_table t;
	int ids[NCOLS];
	size_t nids, pos = 0;
	const char *bad = NULL;

	if (out_parse_columns(columns, NCOLS, "NAME,TYPE,SIZE,USED,PRIO", o->columns, ids, &nids,
	                      &bad) < 0)
		return cli_usage_error(SWAP_SUB, "unknown column '%s'", bad ? bad : "");
	if (out_table_init(&t, columns, NCOLS, ids, nids, &o->out) < 0) {
		cli_err(SWAP_SUB, "cannot build the table: %s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	for (size_t i = 0; i < s->areas->n; i++) {
		const struct oomt_swap_area *a = &s->areas->area[i];
		struct libscols_line *ln = out_table_line(&t);

		out_cell(&t, ln, COL_NAME, a->path);
		out_cell(&t, ln, COL_TYPE, kind_names[a->kind]);
		out_cell_size(&t, ln, COL_SIZE, a->size_bytes);
		out_cell_size(&t, ln, COL_USED, a->used_bytes);
		out_cell_int(&t, ln, COL_PRIO, a->priority);
	}
	if (s->areas->n == 0)
		printf("No active swap.\n");
	else
		out_table_print(&t);
	out_table_done(&t);
	if (s->swappiness >= 0)
		printf("vm.swappiness: %d\n", s->swappiness);
	printf("zswap: %s\n", s->zswap < 0 ? "not available" : s->zswap ? "enabled" : "disabled");
	while (s->fstab && oomt_fstab_next(s->fstab, s->fstab_len, &pos, &e) == 0)
		if (strcmp(e.type, "swap") == 0 && !spec_active(s->areas, e.spec))
			printf("fstab: %s (%s) is not active\n", e.spec, e.opts);
	return 0;
}

int swap_status(const struct swap_opts *o)
{
	struct status s = { 0 };
	int r = gather(o, &s);

	if (r < 0) {
		cli_err(SWAP_SUB, "cannot read '/proc/swaps': %s (is /proc mounted?)", strerror(-r));
		r = EXIT_RUNTIME;
	} else if (o->out.json) {
		json_status(&s);
	} else {
		r = table_status(o, &s);
	}
	if (r == 0)
		r = s.areas->n ? EXIT_FOUND : EXIT_NOTHING;
	free(s.areas);
	free(s.fstab);
	return cli_finish_stdout(SWAP_SUB, r);
}
