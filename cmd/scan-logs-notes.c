/* SPDX-License-Identifier: MIT */
/*
 * What scan-logs says besides the incidents, in words (the data is the library's):
 *   - the accounting line: this boot's kills the kernel counted and the logs do not hold;
 *   - where it looked, when nothing was found;
 *   - the progress line of a long scan on a terminal.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <oomtool/format.h>
#include "common.h"
#include "scan-logs.h"

/* Cgroups named in the accounting line; the rest are counted ("and 3 more"). */
#define ACCOUNTING_CGROUPS_MAX 5
/* A scan shorter than this shows no progress at all. */
#define PROGRESS_DELAY_USEC 1000000

/* ---- small wording helpers ---- */

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "2026-11-02" in local time. */
static char *format_date(int64_t usec, char *buf, size_t sz)
{
	time_t t = (time_t)(usec / 1000000);
	struct tm tm;

	if (!localtime_r(&t, &tm) || strftime(buf, sz, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, sz, "-");
	return buf;
}

/* "2026-11-02 09:12" in local time. */
static char *format_minute(int64_t usec, char *buf, size_t sz)
{
	out_format_time(usec, buf, sz);
	if (strlen(buf) >= 16)
		buf[16] = '\0';
	return buf;
}

/* "40 seconds", "12 minutes", "5 hours", "3 days". */
static char *format_age(int64_t usec, char *buf, size_t sz)
{
	int64_t s = usec > 0 ? usec / 1000000 : 0;

	if (s < 120)
		snprintf(buf, sz, "%" PRId64 " second%s", s, s == 1 ? "" : "s");
	else if (s < 2 * 3600)
		snprintf(buf, sz, "%" PRId64 " minutes", s / 60);
	else if (s < 2 * 86400)
		snprintf(buf, sz, "%" PRId64 " hours", s / 3600);
	else
		snprintf(buf, sz, "%" PRId64 " days", s / 86400);
	return buf;
}

/* A growing line of text, cut (never overflowing) at its size. */
struct line {
	char buf[2048];
	size_t len;
};

static void line_add(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line_add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len = l->len + (size_t)n < sizeof(l->buf) ? l->len + (size_t)n : sizeof(l->buf) - 1;
}

/* A source's name as the user knows it. */
static const char *source_label(const char *name)
{
	return strcmp(name, "-") == 0 ? "standard input" : name;
}

/* ---- every kill accounted for ---- */

static bool row_unaccounted(const struct oomt_scan_accounting_cgroup *c)
{
	return c->oom_kill != OOMT_UNKNOWN && (uint64_t)c->oom_kill != c->logged_kills;
}

static void accounting_cgroups(struct line *l, const struct oomt_scan_accounting *a)
{
	size_t shown = 0, more = 0;

	for (size_t i = 0; i < a->n_cgroups; i++) {
		const struct oomt_scan_accounting_cgroup *c = &a->cgroups[i];

		if (!row_unaccounted(c))
			continue;
		if (shown == ACCOUNTING_CGROUPS_MAX) {
			more++;
			continue;
		}
		line_add(l, "%s %s %" PRId64 "/%" PRIu64, shown ? "," : "; by cgroup, counted/logged:",
		         c->path, c->oom_kill, c->logged_kills);
		shown++;
	}
	if (more)
		line_add(l, " and %zu more (see -J)", more);
}

bool sl_accounting_line(const struct oomt_scan *s, char *buf, size_t bufsz)
{
	const struct oomt_scan_accounting *a;
	uint64_t kernel;
	struct line l = { .len = 0 };
	bool rows = false;
	char since[32];

	if (oomt_scan_accounting(s, &a) < 0)
		return false;
	for (size_t i = 0; i < a->n_cgroups; i++)
		rows = rows || row_unaccounted(&a->cgroups[i]);
	kernel = (uint64_t)a->kernel_oom_kills;
	if (!a->unlogged_kills && !a->unattributed_kills && !rows && a->logged_kills <= kernel)
		return false;
	line_add(&l, "OOM kills since boot");
	if (a->boot_time_usec != OOMT_UNKNOWN)
		line_add(&l, " (%s)", format_minute(a->boot_time_usec, since, sizeof(since)));
	line_add(&l, ": %" PRIu64 " counted by the kernel, %" PRIu64 " in the logs", kernel,
	         a->logged_kills);
	if (a->unlogged_kills)
		line_add(&l, ", %" PRIu64 " not in the logs", a->unlogged_kills);
	else if (a->logged_kills > kernel)
		line_add(&l, " (more than counted)");
	if (a->unattributed_kills) {
		line_add(&l, "; %" PRIu64 " logged kill%s no cgroup", a->unattributed_kills,
		         plural(a->unattributed_kills, " names", "s name"));
		if (a->suppressed_headers)
			line_add(&l, " (%" PRIu64 " report header%s rate-limited)", a->suppressed_headers,
			         plural(a->suppressed_headers, "", "s"));
	}
	accounting_cgroups(&l, a);
	snprintf(buf, bufsz, "%s", l.buf);
	return true;
}

/* ---- where it looked ---- */

/* "/var/log/syslog.2.gz" -> "/var/log/syslog": the log a rotated file belongs to. */
static size_t log_family(const char *path)
{
	size_t n = strlen(path), d;

	if (n > 3 && strcmp(path + n - 3, ".gz") == 0)
		n -= 3;
	for (d = n; d > 0 && path[d - 1] >= '0' && path[d - 1] <= '9'; d--)
		;
	if (d < n && d > 0 && (path[d - 1] == '.' || (path[d - 1] == '-' && n - d == 8)))
		n = d - 1;
	return n;
}

static bool was_read(const struct oomt_scan_source *st)
{
	return st->error == 0 || st->read_error;
}

static void where_journal(struct line *l, const struct oomt_scan_source *st)
{
	char d[32];

	line_add(l, "%s: ", st->name);
	if (st->first_usec == OOMT_UNKNOWN) {
		line_add(l, "empty");
		return;
	}
	if (st->boots)
		line_add(l, "%" PRIu64 " boot%s ", st->boots, plural(st->boots, "", "s"));
	line_add(l, "since %s", format_date(st->first_usec, d, sizeof(d)));
}

static void where_kmsg(struct line *l, const struct oomt_scan_source *st, int64_t now)
{
	char d[32], age[32];

	line_add(l, "%s: ", st->name);
	if (st->first_usec == OOMT_UNKNOWN) {
		line_add(l, "empty");
		return;
	}
	/* a ring buffer that still holds the boot's first messages */
	if (st->first_uptime_usec != OOMT_UNKNOWN && st->first_uptime_usec < 60 * 1000000LL)
		line_add(l, "since boot %s ago",
		         format_age(now - (st->first_usec - st->first_uptime_usec), age, sizeof(age)));
	else
		line_add(l, "since %s (older records overwritten or cleared)",
		         format_minute(st->first_usec, d, sizeof(d)));
}

/* Sources i.. of one log family (a file and its rotations): "PATH*: 4 files since DATE".
 * Returns the index after them. */
static size_t where_files(struct line *l, const struct oomt_scan *s, size_t i)
{
	const struct oomt_scan_source *st = oomt_scan_source_get(s, i);
	size_t fam = log_family(st->name), n = oomt_scan_source_count(s), k = i, files = 0;
	int64_t first = OOMT_UNKNOWN;
	char d[32];

	for (; k < n; k++) {
		const struct oomt_scan_source *o = oomt_scan_source_get(s, k);

		if (o->kind != OOMT_SCAN_SOURCE_FILE || log_family(o->name) != fam ||
		    strncmp(o->name, st->name, fam) != 0)
			break;
		if (!was_read(o))
			continue;
		files++;
		if (o->first_usec != OOMT_UNKNOWN && (first == OOMT_UNKNOWN || o->first_usec < first))
			first = o->first_usec;
	}
	if (files == 0)
		return k;
	if (k - i == 1 && fam == strlen(st->name))
		line_add(l, "%s", source_label(st->name));   /* one file, no rotations */
	else
		line_add(l, "%.*s*: %zu file%s", (int)fam, st->name, files, files == 1 ? "" : "s");
	if (first != OOMT_UNKNOWN)
		line_add(l, "%s since %s", k - i == 1 && fam == strlen(st->name) ? ":" : "",
		         format_date(first, d, sizeof(d)));
	return k;
}

void sl_where_looked(const struct oomt_scan *s, char *buf, size_t bufsz)
{
	struct line l = { .len = 0 };
	size_t n = oomt_scan_source_count(s), before;
	int64_t now = cli_now_usec();

	for (size_t i = 0; i < n;) {
		const struct oomt_scan_source *st = oomt_scan_source_get(s, i);

		before = l.len;
		if (l.len)
			line_add(&l, "; ");
		if (!was_read(st)) {
			l.len = before;
			l.buf[l.len] = '\0';
			i++;
			continue;
		}
		switch (st->kind) {
		case OOMT_SCAN_SOURCE_JOURNAL:
			where_journal(&l, st);
			i++;
			break;
		case OOMT_SCAN_SOURCE_KMSG:
			where_kmsg(&l, st, now);
			i++;
			break;
		case OOMT_SCAN_SOURCE_FILE: {
			size_t mark = l.len;

			i = where_files(&l, s, i);
			if (l.len == mark) {      /* none of them was read */
				l.len = before;
				l.buf[l.len] = '\0';
			}
			break;
		}
		}
	}
	snprintf(buf, bufsz, "%s", l.buf);
}

/* ---- progress ---- */

static int terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
		return ws.ws_col;
	return 80;
}

void sl_progress(const struct oomt_scan_progress *p, void *userdata)
{
	struct sl_progress *pr = userdata;
	struct line l = { .len = 0 };
	char a[32], b[32];
	int width;

	if (p->elapsed_usec < PROGRESS_DELAY_USEC)
		return;
	line_add(&l, "scanning");
	if (p->source)
		line_add(&l, " %s", source_label(p->source));
	if (p->sources_total > 1)
		line_add(&l, " (%zu of %zu)", p->sources_done + (p->source ? 1 : 0), p->sources_total);
	if (p->bytes_total)
		line_add(&l, ": %s of %s", oomt_format_size((int64_t)p->bytes_done, a, sizeof(a)),
		         oomt_format_size((int64_t)p->bytes_total, b, sizeof(b)));
	else if (p->bytes_done)
		line_add(&l, ": %s", oomt_format_size((int64_t)p->bytes_done, a, sizeof(a)));
	line_add(&l, ", %" PRIu64 " incident%s so far", p->incidents, plural(p->incidents, "", "s"));
	/* one terminal line, or the carriage return cannot take it back */
	width = terminal_width() - 1;
	if ((int)l.len > width)
		l.buf[width] = '\0';
	fprintf(stderr, "\r\033[K%s", l.buf);
	fflush(stderr);
	pr->drawn = true;
}

void sl_progress_erase(struct sl_progress *pr)
{
	if (!pr->drawn)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	pr->drawn = false;
}
