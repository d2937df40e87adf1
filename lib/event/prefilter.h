/* SPDX-License-Identifier: MIT */
#ifndef OOMT_EVENT_PREFILTER_H
#define OOMT_EVENT_PREFILTER_H

/* NULL-terminated needles (classify.c): the lines that can start an incident, or attach to
 * a finished one that is held for late lines, while the parser is not busy
 * (oomt_parser_busy() false); the parser ignores the other lines then (record.h:
 * no_needle). The scan hands them to its sources' prefilter (lib/source/prefilter.h). */
extern const char *const oomt_parser_prefilter[];

#endif
