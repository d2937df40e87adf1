/* SPDX-License-Identifier: MIT */
#include "top-mem.h"
int topmem_tui_run(struct topmem_ctx *c) { (void)c; return 3; }
