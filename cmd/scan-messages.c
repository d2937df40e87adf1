/* SPDX-License-Identifier: MIT */
/* The words for a log scan's sources (scan-messages.h). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "common.h"
#include "scan-messages.h"

int cli_scan_add_inputs(struct oomt_scan *s, char *const *files, size_t n_files,
                        const char *const *dirs, size_t n_dirs)
{
	int r = 0;

	if (n_files == 0 && n_dirs == 0)
		return oomt_scan_add_host(s);
	for (size_t i = 0; i < n_dirs && r == 0; i++)
		r = oomt_scan_add_journal_dir(s, dirs[i]);
	for (size_t i = 0; i < n_files && r == 0; i++)
		r = oomt_scan_add_file(s, files[i]);
	return r;
}

/* What to do about a source that cannot be read, by kind. */
static const char *advice(enum oomt_scan_source_kind kind, int err)
{
	if (err == -EMFILE)
		return "raise the open-file limit, ulimit -n";
	if (err == -ENFILE)
		return "the system's open-file table is full: fs.file-max";
	if (err != -EACCES && err != -EPERM)
		return NULL;
	if (kind == OOMT_SCAN_SOURCE_KMSG)
		return "run as root, or set kernel.dmesg_restrict=0";
	if (kind == OOMT_SCAN_SOURCE_JOURNAL)
		return "run as root, or add yourself to the systemd-journal or adm group";
	return "run as root, or add yourself to the adm group";
}

void cli_scan_report_error(const char *sub, const struct oomt_scan_source *st)
{
	const char *what = advice(st->kind, st->error);
	const char *verb = st->read_error ? "error reading" : "cannot read";

	/* libsystemd is loaded only to read the journal (lib/util/dl.h) */
	if (st->error == -ELIBACC && st->kind == OOMT_SCAN_SOURCE_JOURNAL)
		cli_err(sub, "%s '%s': cannot load %s (install libsystemd0, or pipe "
		        "'journalctl -o export' into 'oomtool scan-logs -')", verb, st->name,
		        OOMT_LIBSYSTEMD_SONAME);
	/* a .gz is decoded by libisal, else by zlib, both loaded on first use */
	else if (st->error == -ELIBACC)
		cli_err(sub, "%s '%s': cannot load a gzip decoder, neither libisal nor %s "
		        "(install zlib1g, or pipe 'zcat %s' into 'oomtool scan-logs -')", verb,
		        st->name, OOMT_LIBZ_SONAME, st->name);
	else if (what)
		cli_err(sub, "%s '%s': %s (%s)", verb, st->name, strerror(-st->error), what);
	else
		cli_err(sub, "%s '%s': %s", verb, st->name, strerror(-st->error));
}

void cli_scan_report_errors(const char *sub, const struct oomt_scan *s)
{
	for (size_t i = 0; i < oomt_scan_source_count(s); i++) {
		const struct oomt_scan_source *st = oomt_scan_source_get(s, i);

		if (st->error)
			cli_scan_report_error(sub, st);
	}
}

void cli_scan_report_losses(const char *sub, const struct oomt_scan *s)
{
	for (size_t i = 0; i < oomt_scan_source_count(s); i++) {
		const struct oomt_scan_source *st = oomt_scan_source_get(s, i);
		uint64_t cut = st->lines_truncated, skipped = st->lines_skipped, lost = st->records_lost;

		if (cut)
			cli_warn(sub, "'%s': %" PRIu64 " over-long line%s cut to fit the line buffer",
			         st->name, cut, cut == 1 ? " was" : "s were");
		if (skipped)
			cli_warn(sub, "'%s': %" PRIu64 " undecodable line%s skipped",
			         st->name, skipped, skipped == 1 ? " was" : "s were");
		if (lost)
			cli_warn(sub, "'%s': %" PRIu64 " record%s lost before they could be read "
			         "(ring buffer overrun or journal corruption)",
			         st->name, lost, lost == 1 ? " was" : "s were");
		if (st->newest_first)
			cli_warn(sub, "'%s': its lines run newest first (journalctl -r?), so each "
			         "report was read backwards and may be split; reverse it first: "
			         "tac '%s' | oomtool %s -", st->name, st->name, sub);
	}
}

int cli_scan_failure_status(const char *sub, const struct oomt_scan *s)
{
	switch (oomt_scan_verdict(s)) {
	case OOMT_SCAN_VERDICT_READ:
		return CLI_CONTINUE;
	case OOMT_SCAN_VERDICT_NO_SOURCE:
		cli_err(sub, "no logs found on this host (no journal, no /dev/kmsg, nothing in "
		        "/var/log); give log files as arguments");
		return EXIT_RUNTIME;
	case OOMT_SCAN_VERDICT_DENIED:
		return EXIT_PRIVILEGE;
	case OOMT_SCAN_VERDICT_FAILED:
		break;
	}
	return EXIT_RUNTIME;
}

int cli_scan_new(const char *sub, const struct oomt_scan_opts *opts, struct oomt_scan **ret)
{
	int r;

	cli_raise_nofile();
	r = oomt_scan_new(opts, ret);
	if (r == 0)
		return 0;
	if (r == -ENOMEM)
		cli_err(sub, "out of memory");
	else
		cli_err(sub, "cannot create a temporary file: %s (set TMPDIR to a writable "
		        "directory)", strerror(-r));
	return EXIT_RUNTIME;
}
