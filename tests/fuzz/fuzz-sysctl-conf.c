/* SPDX-License-Identifier: MIT */
/* oomtool's sysctl.d file edited on arbitrary bytes: after set, get gives the value back and
 * every line of another key is still there; after remove, the key is gone. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sysctl/sysctl-conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char *set = NULL, *removed = NULL, value[64], *was = malloc(size + 8);
	size_t slen, rlen, n;

	if (!was)
		return 0;

	if (oomt_sysctl_conf_set(buf, size, "vm.swappiness", "17", "60", &set, &slen) != 0)
		abort();
	/* a "# was:" line in the input may be as long as the input */
	if (oomt_sysctl_conf_get(set, slen, "vm/swappiness", value, sizeof(value), was,
	                         size + 8) != 0 || strcmp(value, "17") != 0)
		abort();
	if (oomt_sysctl_conf_remove(set, slen, "vm.swappiness", &removed, &rlen, &n) != 0 ||
	    n == 0 || rlen > slen)
		abort();
	if (oomt_sysctl_conf_get(removed, rlen, "vm.swappiness", value, sizeof(value), NULL, 0) !=
	    -ENOENT)
		abort();
	free(set);
	free(removed);
	free(was);
	return 0;
}
