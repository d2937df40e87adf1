/* SPDX-License-Identifier: MIT */
/* scan-logs: open the sources, push their records through the incident parser, hand each
 * finished event to a sink (the spool in batch mode, the printer with --follow). */
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <oomtool/parser.h>
#include <oomtool/source.h>
#include "common.h"
#include "scan-logs.h"

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static struct sl_source_stat *add_stat(struct sl_scan *sc, const char *name, const char *kind)
{
	struct sl_source_stat *st;

	if (sc->n_stats == sc->cap_stats) {
		size_t n = sc->cap_stats ? sc->cap_stats * 2 : 8;
		st = realloc(sc->stats, n * sizeof(*st));
		if (!st)
			return NULL;
		sc->stats = st;
		sc->cap_stats = n;
	}
	st = &sc->stats[sc->n_stats];
	memset(st, 0, sizeof(*st));
	st->name = strdup(name);
	if (!st->name)
		return NULL;
	st->kind = kind;
	sc->n_stats++;
	return st;
}

void sl_scan_done(struct sl_scan *sc)
{
	for (size_t i = 0; i < sc->n_stats; i++)
		free(sc->stats[i].name);
	free(sc->stats);
	sc->stats = NULL;
	sc->n_stats = sc->cap_stats = 0;
}

/* What to do about a source that cannot be read, by kind. */
static const char *advice(const char *kind, int err)
{
	if (err != -EACCES && err != -EPERM)
		return NULL;
	if (strcmp(kind, "kmsg") == 0)
		return "run as root, or set kernel.dmesg_restrict=0";
	if (strcmp(kind, "journal") == 0)
		return "run as root, or add yourself to the systemd-journal or adm group";
	return "run as root, or add yourself to the adm group";
}

/* The scan serves scan-logs and explain-kill: messages name the one that runs. */
static const char *sub(const struct sl_scan *sc)
{
	return sc->name ? sc->name : SL_NAME;
}

static void report_error(const struct sl_scan *sc, const struct sl_source_stat *st)
{
	const char *what = advice(st->kind, st->error);
	const char *verb = st->read_error ? "error reading" : "cannot read";

	/* libsystemd is loaded only to read the journal (lib/util/dl.h) */
	if (st->error == -ELIBACC && strcmp(st->kind, "journal") == 0)
		cli_err(sub(sc), "%s '%s': cannot load %s (install libsystemd0, or pipe "
		         "'journalctl -o export' into 'oomtool scan-logs -')", verb, st->name,
		         OOMT_LIBSYSTEMD_SONAME);
	else if (what)
		cli_err(sub(sc), "%s '%s': %s (%s)", verb, st->name, strerror(-st->error), what);
	else
		cli_err(sub(sc), "%s '%s': %s", verb, st->name, strerror(-st->error));
}

static int drain(struct sl_scan *sc, struct oomt_parser *p, struct sl_source_stat *st,
                 unsigned idx)
{
	struct oomt_event *ev;
	int r = 0;

	while (r == 0 && oomt_parser_next(p, &ev) == 0) {
		if (!ev->id[0])
			oomt_event_set_id(ev);
		st->events++;
		r = sc->sink(sc->userdata, ev, idx);
		oomt_event_free(ev);
	}
	return r;
}

static void take_counts(struct sl_source_stat *st, const struct oomt_source *src)
{
	st->truncated = oomt_source_lines_truncated(src);
	st->skipped = oomt_source_lines_skipped(src);
	st->lost = oomt_source_records_lost(src);
	if (strcmp(st->kind, "file") == 0)
		st->format = oomt_text_format_name(oomt_source_format(src));
}

/* Feeds one record; the prefilter may skip lines only while no incident is open. */
static int feed(struct sl_scan *sc, struct oomt_source *src, struct oomt_parser *p,
                const struct oomt_record *rec, struct sl_source_stat *st, unsigned idx)
{
	int r;

	st->records++;
	r = oomt_parser_feed(p, rec, oomt_source_name(src));
	if (r < 0)
		return r;
	r = drain(sc, p, st, idx);
	oomt_source_set_filter(src, !oomt_parser_busy(p));
	return r;
}

/* Reads one source to its end. A read error ends this source only (reported); a failure
 * of our own (no memory, spool write) ends the run. */
static int scan_source(struct sl_scan *sc, struct oomt_source *src, unsigned idx)
{
	struct sl_source_stat *st = &sc->stats[idx];
	struct oomt_parser *p;
	struct oomt_record rec;
	int r;

	r = oomt_parser_new(&p);
	if (r < 0)
		return r;
	oomt_source_set_filter(src, true);
	for (;;) {
		r = oomt_source_next(src, &rec);
		if (r == 1) {
			r = 0;
			break;
		}
		if (r < 0) {
			st->error = r;
			st->read_error = true;
			report_error(sc, st);
			r = 0;
			break;
		}
		r = feed(sc, src, p, &rec, st, idx);
		if (r < 0)
			break;
	}
	if (r == 0)
		r = oomt_parser_finish(p);
	if (r == 0)
		r = drain(sc, p, st, idx);
	take_counts(st, src);
	oomt_parser_free(p);
	return r;
}

enum src_kind { SRC_FILE, SRC_JOURNAL, SRC_KMSG };

/* /dev/kmsg given as FILE: read as a text file it never ends (read() waits for the next
 * record), so it is read as the kmsg source, which stops at the end of the ring buffer. */
static bool is_kmsg_device(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 11);
}

static int open_source(enum src_kind kind, const char *path, const struct oomt_source_opts *so,
                       struct oomt_source **src)
{
	struct oomt_source_opts live;

	switch (kind) {
	case SRC_FILE:
		if (!is_kmsg_device(path))
			return oomt_source_open_file(path, so, src);
		live = *so;
		live.sysroot = NULL;          /* the path named the device itself */
		return oomt_source_open_kmsg(&live, src);
	case SRC_JOURNAL: return oomt_source_open_journal(path, so, src);
	case SRC_KMSG: return oomt_source_open_kmsg(so, src);
	}
	return -EINVAL;
}

static const char *const kind_names[] = { "file", "journal", "kmsg" };

/* The options every source of a scan shares. */
static void source_opts_init(const struct sl_scan *sc, struct oomt_source_opts *so)
{
	memset(so, 0, sizeof(*so));
	so->boot_realtime_usec = OOMT_UNKNOWN;
	so->sysroot = sc->o->sysroot;
	so->prefilter = oomt_parser_prefilter;
}

/* Opens and scans one source. quiet_absent: this host's journal directory or a log that
 * does not exist is not an error, just not there. Returns <0 only for fatal failures. */
static int scan_one(struct sl_scan *sc, enum src_kind kind, const char *path, const char *label,
                    bool quiet_absent)
{
	struct oomt_source_opts so;
	struct oomt_source *src = NULL;
	struct sl_source_stat *st;
	int r;

	source_opts_init(sc, &so);
	st = add_stat(sc, label, kind_names[kind]);
	if (!st)
		return -ENOMEM;
	r = open_source(kind, path, &so, &src);
	if (r < 0) {
		st->error = r;
		if (quiet_absent && r == -ENOENT) {
			sc->n_stats--;        /* not there at all: not a source of this host */
			free(st->name);
			return 0;
		}
		report_error(sc, st);
		return 0;
	}
	r = scan_source(sc, src, (unsigned)(sc->n_stats - 1));
	oomt_source_free(src);
	return r;
}

static bool in_group(const char *name)
{
	struct group *g = getgrnam(name);
	gid_t groups[256];
	int n;

	if (!g)
		return false;
	if (getegid() == g->gr_gid)
		return true;
	n = getgroups(256, groups);
	for (int i = 0; i < n; i++)
		if (groups[i] == g->gr_gid)
			return true;
	return false;
}

/* sd-journal opens fine without privileges but then shows only the caller's own journal,
 * without a single kernel message: that is a journal we cannot read, not an empty one. */
static bool journal_restricted(void)
{
	struct stat stb;

	if (stat("/var/log/journal", &stb) < 0 && stat("/run/log/journal", &stb) < 0)
		return false;    /* no journal on this host: nothing withheld */
	return geteuid() != 0 && !in_group("systemd-journal") && !in_group("adm") &&
	       !in_group("wheel");
}

static int journal_denied(struct sl_scan *sc)
{
	struct sl_source_stat *st = add_stat(sc, "journal", "journal");

	if (!st)
		return -ENOMEM;
	st->error = -EACCES;
	report_error(sc, st);
	return 0;
}

static char *sysroot_path(const char *sysroot, const char *path)
{
	char *p;

	if (asprintf(&p, "%s%s", sysroot ? sysroot : "", path) < 0)
		return NULL;
	return p;
}

/* /var/log that cannot be listed is a source that failed; one that is not there is not. */
static int log_dir_failed(struct sl_scan *sc, const char *root, int err)
{
	struct sl_source_stat *st;
	char *dir;

	if (err == ENOENT)
		return 0;
	if (err == ENOMEM)
		return -ENOMEM;
	dir = sysroot_path(root, "/var/log");
	st = dir ? add_stat(sc, dir, "file") : NULL;
	free(dir);
	if (!st)
		return -ENOMEM;
	st->error = -err;
	report_error(sc, st);
	return 0;
}

static int scan_host(struct sl_scan *sc)
{
	const char *root = sc->o->sysroot && *sc->o->sysroot ? sc->o->sysroot : NULL;
	char **files;
	int r;

	if (root) {
		char *dir = sysroot_path(root, "/var/log/journal");
		if (!dir)
			return -ENOMEM;
		r = scan_one(sc, SRC_JOURNAL, dir, dir, true);
		free(dir);
	} else if (journal_restricted()) {
		r = journal_denied(sc);
	} else {
		r = scan_one(sc, SRC_JOURNAL, NULL, "journal", true);
	}
	if (r == 0) {
		char *kmsg = sysroot_path(root, "/dev/kmsg");
		if (!kmsg)
			return -ENOMEM;
		r = scan_one(sc, SRC_KMSG, NULL, kmsg, root != NULL);
		free(kmsg);
	}
	if (r < 0)
		return r;
	files = oomt_default_log_files(root);
	if (!files)
		return log_dir_failed(sc, root, errno);
	for (char **f = files; *f && r == 0; f++)
		r = scan_one(sc, SRC_FILE, *f, *f, true);
	oomt_strv_free(files);
	return r;
}

int sl_scan_all(struct sl_scan *sc)
{
	const struct sl_opts *o = sc->o;
	int r = 0;

	if (o->n_files == 0 && o->n_dirs == 0)
		return scan_host(sc);
	for (size_t i = 0; i < o->n_dirs && r == 0; i++)
		r = scan_one(sc, SRC_JOURNAL, o->dirs[i], o->dirs[i], false);
	for (size_t i = 0; i < o->n_files && r == 0; i++)
		r = scan_one(sc, SRC_FILE, o->files[i], o->files[i], false);
	return r;
}

/* ---- --follow ---- */

static void install_stop_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;   /* no SA_RESTART: a blocked read returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* The journal when journald runs (it also has the userspace killers), else /dev/kmsg. */
static int open_follow(struct sl_scan *sc, struct oomt_source_opts *so, struct oomt_source **src)
{
	const struct sl_opts *o = sc->o;
	char *run = sysroot_path(o->sysroot, "/run/systemd/journal");
	struct stat stb;
	bool journald;
	int r;

	if (!run)
		return -ENOMEM;
	journald = stat(run, &stb) == 0;
	free(run);
	if (o->n_dirs > 0) {
		if (!add_stat(sc, o->dirs[0], "journal"))
			return -ENOMEM;
		return oomt_source_open_journal(o->dirs[0], so, src);
	}
	if (journald && journal_restricted()) {
		/* kmsg may still be readable (dmesg_restrict=0): say why not the journal */
		cli_warn(sub(sc), "the journal shows only your own messages, following /dev/kmsg "
		          "instead (run as root, or add yourself to the systemd-journal group)");
	} else if (journald) {
		if (!add_stat(sc, "journal", "journal"))
			return -ENOMEM;
		r = oomt_source_open_journal(NULL, so, src);
		if (r == 0)
			return 0;
		sc->stats[0].error = r;
		report_error(sc, &sc->stats[0]);
		sl_scan_done(sc);
	}
	if (!add_stat(sc, "/dev/kmsg", "kmsg"))
		return -ENOMEM;
	return oomt_source_open_kmsg(so, src);
}

/* A finished report is held by the parser for late lines (oom_reaper, oom.group): after
 * ~1 s of silence it is released (flush). An incident whose kill line never comes (rate
 * limited, or the kernel printed only a header) is closed as incomplete after ~10 s. */
#define FOLLOW_TICK_MS 500
#define FOLLOW_FLUSH_TICKS 2
#define FOLLOW_CLOSE_TICKS 20

static int follow_idle(struct sl_scan *sc, struct oomt_source *src, struct oomt_parser *p,
                       int quiet)
{
	int r = 0;

	if (quiet == FOLLOW_FLUSH_TICKS)
		r = oomt_parser_flush(p);
	else if (quiet == FOLLOW_CLOSE_TICKS && oomt_parser_busy(p))
		r = oomt_parser_finish(p);
	else
		return 0;
	if (r == 0)
		r = drain(sc, p, &sc->stats[0], 0);
	oomt_source_set_filter(src, !oomt_parser_busy(p));
	return r;
}

static int follow_loop(struct sl_scan *sc, struct oomt_source *src, struct oomt_parser *p)
{
	struct sl_source_stat *st = &sc->stats[0];
	struct oomt_record rec;
	int quiet = 0, r = 0;

	oomt_source_set_filter(src, true);
	while (!stop_requested && r == 0) {
		r = oomt_source_next(src, &rec);
		if (r == 1 || r == -EINTR || r == -EAGAIN) {
			r = follow_idle(sc, src, p, ++quiet);
			continue;
		}
		if (r < 0) {
			st->error = r;
			st->read_error = true;
			report_error(sc, st);
			return r;
		}
		quiet = 0;
		r = feed(sc, src, p, &rec, st, 0);
	}
	if (r == 0)
		r = oomt_parser_finish(p);
	if (r == 0)
		r = drain(sc, p, st, 0);
	return r;
}

int sl_scan_follow(struct sl_scan *sc)
{
	struct oomt_source_opts so;
	struct oomt_source *src = NULL;
	struct oomt_parser *p;
	int r;

	source_opts_init(sc, &so);
	so.follow = true;
	so.follow_from_start = sc->replay;
	so.follow_timeout_ms = FOLLOW_TICK_MS;
	install_stop_handlers();
	r = open_follow(sc, &so, &src);
	if (r < 0) {
		if (sc->n_stats > 0) {
			sc->stats[0].error = r;
			report_error(sc, &sc->stats[0]);
		}
		return r;
	}
	r = oomt_parser_new(&p);
	if (r == 0) {
		r = follow_loop(sc, src, p);
		oomt_parser_free(p);
	}
	take_counts(&sc->stats[0], src);
	oomt_source_free(src);
	return r;
}

void sl_scan_report_losses(const struct sl_scan *sc)
{
	for (size_t i = 0; i < sc->n_stats; i++) {
		const struct sl_source_stat *st = &sc->stats[i];

		if (st->truncated)
			cli_warn(sub(sc), "'%s': %" PRIu64 " over-long line%s cut to fit the line buffer",
			          st->name, st->truncated, st->truncated == 1 ? " was" : "s were");
		if (st->skipped)
			cli_warn(sub(sc), "'%s': %" PRIu64 " undecodable line%s skipped",
			          st->name, st->skipped, st->skipped == 1 ? " was" : "s were");
		if (st->lost)
			cli_warn(sub(sc), "'%s': %" PRIu64 " record%s lost before they could be read "
			          "(ring buffer overrun or journal corruption)",
			          st->name, st->lost, st->lost == 1 ? " was" : "s were");
	}
}

int sl_scan_failure_status(const struct sl_scan *sc)
{
	bool priv = false;

	for (size_t i = 0; i < sc->n_stats; i++) {
		const struct sl_source_stat *st = &sc->stats[i];
		if (st->error == 0 || st->read_error)
			return -1;
		if (st->error == -EACCES || st->error == -EPERM)
			priv = true;
	}
	if (sc->n_stats == 0) {
		cli_err(sub(sc), "no logs found on this host (no journal, no /dev/kmsg, nothing in "
		         "/var/log); give log files as arguments");
		return EXIT_RUNTIME;
	}
	return priv ? EXIT_PRIVILEGE : EXIT_RUNTIME;
}
