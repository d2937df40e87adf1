/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_RUN_JSON_H
#define OOMTOOL_RUN_JSON_H

#include <oomtool/format.h>
#include <oomtool/run.h>

/*
 * The run JSON contract, documented in docs/oomtool-json.7 (section RUN) and written the
 * same by every program: one report (a plain run or a limit search) as one whole document
 * value (an object; no key), ready for oomt_json_finish().
 */
void oomt_run_report_write_json(struct oomt_json *j, const struct oomt_run_report *report);

#endif
