/* SPDX-License-Identifier: MIT */
/*
 * Swap as it is now, for `swap-setup --status` and any other reader: the running kernel's
 * areas (/proc/swaps), vm.swappiness and zswap under the sysroot, and the swap lines of
 * <sysroot>/etc/fstab, each marked active or not.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/swap.h>
#include "swap/fstab.h"
#include "swap/proc-swaps.h"
#include "swap/swap-internal.h"
#include "util/sysroot-file.h"

int oomt_swap_zswap_read(const char *sysroot, bool *ret)
{
	char path[PATH_MAX], line[8];
	FILE *f;
	int r = 0;

	if (oomt_sysroot_join(sysroot, "sys/module/zswap/parameters/enabled", path,
	                      sizeof(path)) < 0)
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f))
		r = -EIO;
	fclose(f);
	if (r == 0)
		*ret = line[0] == 'Y' || line[0] == 'y' || line[0] == '1';
	return r;
}

/* Whether fstab's SPEC names one of the active areas: by path, or UUID=/LABEL=/PARTUUID=/
 * PARTLABEL= resolved through /dev/disk (the running system's devices, as the areas are). */
static bool fstab_spec_active(const struct oomt_swap_areas *a, const char *spec)
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

static int status_fstab(const char *sysroot, struct oomt_swap_status *s)
{
	struct oomt_fstab_entry *e;
	char path[PATH_MAX], *buf = NULL;
	size_t len = 0, pos = 0;
	int r = 0;

	if (oomt_sysroot_join(sysroot, "etc/fstab", path, sizeof(path)) < 0 ||
	    oomt_swap_read_small(path, OOMT_SWAP_FSTAB_MAX, &buf, &len) < 0)
		return 0;            /* no fstab: nothing listed */
	s->fstab_read = true;
	e = malloc(sizeof(*e));
	if (!e) {
		free(buf);
		return -ENOMEM;
	}
	while (oomt_fstab_next(buf, len, &pos, e) == 0) {
		struct oomt_swap_fstab_swap *grown, *sw;

		if (strcmp(e->type, "swap") != 0)
			continue;
		grown = realloc(s->fstab_swaps, (s->n_fstab_swaps + 1) * sizeof(*grown));
		if (!grown) {
			r = -ENOMEM;
			break;
		}
		s->fstab_swaps = grown;
		sw = &s->fstab_swaps[s->n_fstab_swaps++];
		snprintf(sw->spec, sizeof(sw->spec), "%s", e->spec);
		snprintf(sw->options, sizeof(sw->options), "%s", e->opts);
		sw->active = fstab_spec_active(&s->areas, e->spec);
	}
	free(e);
	free(buf);
	return r;
}

int oomt_swap_status_read(const char *sysroot, struct oomt_swap_status **ret)
{
	struct oomt_swap_status *s = calloc(1, sizeof(*s));
	bool zswap;
	int r;

	if (!s)
		return -ENOMEM;
	r = oomt_swaps_read("/proc/swaps", &s->areas);
	if (r == 0) {
		if (oomt_swap_swappiness_read(sysroot, &s->swappiness) < 0)
			s->swappiness = -1;
		s->zswap_enabled = oomt_swap_zswap_read(sysroot, &zswap) < 0 ? -1 : zswap;
		r = status_fstab(sysroot, s);
	}
	if (r < 0) {
		oomt_swap_status_free(s);
		return r;
	}
	*ret = s;
	return 0;
}

void oomt_swap_status_free(struct oomt_swap_status *s)
{
	if (!s)
		return;
	free(s->fstab_swaps);
	free(s);
}
