/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_SCAN_MESSAGES_H
#define OOMTOOL_CMD_SCAN_MESSAGES_H

/*
 * The words for a log scan (lib/scan), shared by the commands that read the logs
 * (scan-logs, explain-kill): what to read from their arguments, what each failed source
 * gets on stderr, and the exit status when no source could be read. `sub` names the
 * command in the messages.
 */
#include <stddef.h>
#include <oomtool/scan.h>

/* The journal directories, then the files; neither = this host's logs. */
int cli_scan_add_inputs(struct oomt_scan *s, char *const *files, size_t n_files,
                        const char *const *dirs, size_t n_dirs);
/* "cannot read 'NAME': ERROR (what to do)" for one source that failed. */
void cli_scan_report_error(const char *sub, const struct oomt_scan_source *st);
/* The same for every source that failed, in the order they were read. */
void cli_scan_report_errors(const char *sub, const struct oomt_scan *s);
/* Notes for lines that were cut, skipped or lost. */
void cli_scan_report_losses(const char *sub, const struct oomt_scan *s);
/* Every source failed: the exit status (4 when a lack of privilege was among the causes,
 * else 3; with no source at all, said so on stderr). Some source read: CLI_CONTINUE. */
int cli_scan_failure_status(const char *sub, const struct oomt_scan *s);
/* oomt_scan_new() with its failure worded: 0, else EXIT_RUNTIME (no memory, or no
 * temporary file for the spool: set TMPDIR). The caller passes $TMPDIR in opts. */
int cli_scan_new(const char *sub, const struct oomt_scan_opts *opts, struct oomt_scan **ret);

#endif
