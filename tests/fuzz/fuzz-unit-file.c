/* SPDX-License-Identifier: MIT */
/* Unit-file text, /proc/PID/stat and sysctl.d lines on arbitrary bytes: no read past the
 * input, values always NUL-terminated and within their buffers, and what is reported
 * consistent (a set value has a file; an adjustment is within -1000..1000). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "proc/pid-stat.h"
#include "sysctl/sysctl-d.h"
#include "systemd/unit-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct oomt_unit_oom *u = calloc(1, sizeof(*u));
	struct oomt_proc_stat st;
	const char *v;
	size_t vlen;
	int adj;

	if (!u)
		return 0;
	oomt_unit_text_apply(buf, size, "fuzz.service", false, u);
	oomt_unit_text_apply(buf, size, "system.conf", true, u);
	if (u->oom_score_adjust.set && (!u->oom_score_adjust.file[0] ||
	                                strlen(u->oom_score_adjust.value) >= sizeof(u->oom_score_adjust.value)))
		abort();
	if (oomt_unit_adjust(u, &adj, NULL) && (adj < -1000 || adj > 1000))
		abort();
	(void)oomt_unit_oom_policy(u, NULL);
	if (oomt_proc_parse_stat(buf, size, &st) == 0 && st.start_ticks < 0)
		abort();
	if (oomt_sysctl_line_sets(buf, size, "vm/swappiness", &v, &vlen) &&
	    (v < buf || v + vlen > buf + size))
		abort();
	free(u);
	return 0;
}
