/* SPDX-License-Identifier: MIT */
#ifndef OOMT_EVENT_PREFILTER_H
#define OOMT_EVENT_PREFILTER_H

/* NULL-terminated needles (classify.c): a line containing none of them can't start or
 * belong to an incident while the parser is idle (oomt_parser_busy() false). The scan
 * hands them to its sources' prefilter (lib/source/prefilter.h). */
extern const char *const oomt_parser_prefilter[];

#endif
