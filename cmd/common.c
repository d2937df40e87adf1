/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>
#include <oomtool/format.h>
#include <oomtool/scan.h>
#include <oomtool/timeparse.h>
#include "common.h"
#include "output.h"

__attribute__((format(printf, 2, 0)))
static void vmsg(const char *sub, const char *fmt, va_list ap)
{
	fputs("oomtool: ", stderr);
	if (sub)
		fprintf(stderr, "%s: ", sub);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_err(const char *sub, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(sub, fmt, ap);
	va_end(ap);
}

void cli_warn(const char *sub, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(sub, fmt, ap);
	va_end(ap);
}

int cli_usage_error(const char *sub, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(sub, fmt, ap);
	va_end(ap);
	if (sub)
		fprintf(stderr, "Try 'oomtool %s --help' for more information.\n", sub);
	else
		fputs("Try 'oomtool --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

const char *cli_privilege_hint(int err)
{
	if (err == EACCES || err == EPERM)
		/* Its callers read other users' /proc files and write oom_score_adj: groups do not
		 * help there (the log readers give their own group advice). */
		return geteuid() == 0 ? "refused even to root" : "run as root";
	return strerror(err);
}

void cli_print_version(void)
{
	printf("oomtool %s\n", OOMT_VERSION);
}

bool cli_use_color(FILE *f)
{
	const char *term = getenv("TERM");
	const char *no = getenv("NO_COLOR");

	if (no && *no)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

volatile sig_atomic_t cli_stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	cli_stop_requested = 1;
}

void cli_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

void cli_catch_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

const char *cli_path_text(const char *path, bool cut, char *buf, size_t size)
{
	if (!cut || !path[0])
		return path;
	snprintf(buf, size, "%s\xe2\x80\xa6", path);
	return buf;
}

int cli_finish_stdout(const char *sub, int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return rc;
		cli_err(sub, "write error on standard output: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	return rc;
}

static int64_t clock_usec(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t cli_now_usec(void)
{
	return clock_usec(CLOCK_REALTIME);
}

int64_t cli_mono_usec(void)
{
	return clock_usec(CLOCK_MONOTONIC);
}

int cli_sleep_usec(int64_t usec)
{
	struct timespec ts = { usec / 1000000, (long)(usec % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

int cli_opt_time(const char *sub, const char *opt, const char *text, int64_t *ret)
{
	if (oomt_parse_timestamp(text, cli_now_usec(), ret) < 0)
		return cli_usage_error(sub, "invalid %s time '%s' (try \"2024-09-08 12:00\", "
		                        "\"-2h\" or \"yesterday\")", opt, text);
	return 0;
}

int cli_opt_size(const char *sub, const char *what, const char *text, int64_t unlimited,
                 int64_t *ret)
{
	uint64_t v;

	if (unlimited != OOMT_UNKNOWN && (strcasecmp(text, "max") == 0 ||
	                                  strcasecmp(text, "infinity") == 0 ||
	                                  strcasecmp(text, "none") == 0)) {
		*ret = unlimited;
		return 0;
	}
	if (oomt_parse_size(text, &v) < 0 ||
	    (unlimited != OOMT_UNKNOWN && v >= (uint64_t)unlimited))
		return cli_usage_error(sub, "invalid %s '%s' (examples: 512M, 2G, 1.5GiB%s)", what,
		                       text, unlimited != OOMT_UNKNOWN ? ", max" : "");
	*ret = (int64_t)v;
	return 0;
}

/* "100ms", "1h": a duration in its largest whole unit, as oomt_parse_duration reads it. */
static const char *duration_text(int64_t usec, char *buf, size_t sz)
{
	static const struct { const char *name; int64_t usec; } units[] = {
		{ "d", 86400000000LL }, { "h", 3600000000LL }, { "m", 60000000LL },
		{ "s", 1000000LL }, { "ms", 1000LL }, { "us", 1 },
	};
	size_t i = 0;

	if (usec <= 0)
		return "0s";
	while (usec % units[i].usec != 0)    /* "us" divides every one */
		i++;
	snprintf(buf, sz, "%lld%s", (long long)(usec / units[i].usec), units[i].name);
	return buf;
}

int cli_opt_duration(const char *sub, const char *opt, const char *text, int64_t min_usec,
                     int64_t max_usec, int64_t *ret_usec)
{
	char a[32], b[32];
	int64_t v;

	if (oomt_parse_duration(text, &v) == 0 && v >= min_usec && v <= max_usec) {
		*ret_usec = v;
		return 0;
	}
	if (max_usec == CLI_DURATION_ANY)
		return cli_usage_error(sub, "invalid %s '%s': give a duration such as 40s, 10m or 2h",
		                       opt, text);
	return cli_usage_error(sub, "invalid %s '%s': give a duration from %s to %s, such as 40s, "
	                       "10m or 2h", opt, text, duration_text(min_usec, a, sizeof(a)),
	                       duration_text(max_usec, b, sizeof(b)));
}

int cli_opt_count(const char *sub, const char *opt, const char *text, unsigned long max,
                  unsigned long *ret)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || end == text || *end || *text == '-' || v == 0 || v > max)
		return cli_usage_error(sub, "invalid %s '%s': give a number 1-%lu", opt, text, max);
	*ret = v;
	return 0;
}

int cli_opt_columns(const char *sub, const struct out_column *cols, size_t ncols,
                    const char *defaults, const char *list, int *ids, size_t *nids)
{
	const char *bad = NULL;

	if (out_parse_columns(cols, ncols, defaults, list, ids, nids, &bad) == 0)
		return CLI_CONTINUE;
	if (bad)
		return cli_usage_error(sub, "unknown column '%.*s'", (int)strcspn(bad, ","), bad);
	return cli_usage_error(sub, "too many columns");
}

int cli_opt_append(const char *sub, const char ***list, size_t *n, const char *item)
{
	const char **l = realloc(*list, (*n + 1) * sizeof(*l));

	if (!l) {
		cli_err(sub, "out of memory");
		return EXIT_RUNTIME;
	}
	*list = l;
	l[(*n)++] = item;
	return 0;
}

int cli_opt_kinds(const char *sub, const char *text, unsigned *ret)
{
	static const enum oomt_kind kinds[] = {
		OOMT_KIND_OOM_KILL, OOMT_KIND_OOM_PANIC, OOMT_KIND_ALLOCATION_FAILURE,
	};
	unsigned bits = 0;
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, ","), k;

		if (n == 3 && strncmp(p, "all", 3) == 0) {
			bits = OOMT_SCAN_KINDS_ALL;
		} else {
			for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
				if (strlen(oomt_kind_name(kinds[k])) == n &&
				    strncmp(p, oomt_kind_name(kinds[k]), n) == 0)
					break;
			if (k == sizeof(kinds) / sizeof(kinds[0]))
				return cli_usage_error(sub, "unknown kind '%.*s' (oom_kill, oom_panic, "
				                       "allocation_failure or all)", (int)n, p);
			bits |= OOMT_SCAN_KIND(kinds[k]);
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (!bits)
		return cli_usage_error(sub, "--kind needs a kind (oom_kill, oom_panic, "
		                       "allocation_failure or all)");
	*ret = bits;
	return 0;
}

int cli_opt_error(const char *sub, int c, char *const *argv)
{
	char shortopt[3] = "-?";

	if (c == ':')
		return cli_usage_error(sub, "option '%s' needs an argument", argv[optind - 1]);
	/* a short option is named by optopt (it may sit in a cluster like -Jx); a long
	 * one only by the argument getopt_long() just consumed */
	if (optopt && optopt < 0x100) {
		shortopt[1] = (char)optopt;
		return cli_usage_error(sub, "unknown option '%s'", shortopt);
	}
	return cli_usage_error(sub, "unknown option '%s'", argv[optind - 1]);
}

int cli_opt_standard(const char *sub, int c, char *const *argv, void (*usage)(FILE *f))
{
	if (c == 'h') {
		usage(stdout);
		return cli_finish_stdout(sub, EXIT_FOUND);
	}
	if (c == 'V') {
		cli_print_version();
		return cli_finish_stdout(sub, EXIT_FOUND);
	}
	return cli_opt_error(sub, c, argv);
}

struct oomt_json *cli_json_new(const char *sub, bool pretty)
{
	struct oomt_json *j;

	if (oomt_json_new(stdout, pretty, &j) < 0) {
		cli_err(sub, "out of memory");
		exit(EXIT_RUNTIME);
	}
	return j;
}

void cli_json_done(struct oomt_json *j)
{
	oomt_json_finish(j);
	oomt_json_free(j);
}
