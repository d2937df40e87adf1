/* SPDX-License-Identifier: MIT */
/* The metrics state file parser (lib/metrics/state.c) with the scan's positions inside it,
 * on arbitrary bytes: as they come (the checksum refuses nearly all), and as the body of a
 * file whose end line is made right, so that every line form is reached. What it accepts it
 * must write back in a form it reads again to the same bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metrics/metrics-internal.h"
#include "util/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *write_back(const struct oomt_metrics_state_data *d, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f)
		abort();
	if (oomt_metrics_state_write(d, NULL, f) != 0)
		abort();
	fclose(f);
	return text;
}

static void check(const char *buf, size_t len)
{
	struct oomt_metrics_state_data d, again;
	char *one, *two;
	size_t l1, l2;

	if (oomt_metrics_state_parse(buf, len, &d) != 0)
		return;
	one = write_back(&d, &l1);
	if (oomt_metrics_state_parse(one, l1, &again) != 0)
		abort();
	two = write_back(&again, &l2);
	if (l1 != l2 || memcmp(one, two, l1) != 0)
		abort();
	free(one);
	free(two);
	oomt_metrics_state_done(&d);
	oomt_metrics_state_done(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body;
	int n;

	check((const char *)data, size);
	body = malloc(size + 32);
	if (!body)
		return 0;
	memcpy(body, data, size);
	n = snprintf(body + size, 32, "end %016llx\n",
	             (unsigned long long)oomt_fnv64(OOMT_FNV64_INIT, data, size));
	check(body, size + (size_t)n);
	free(body);
	return 0;
}
