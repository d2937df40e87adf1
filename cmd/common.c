/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <oomtool/format.h>
#include <oomtool/scan.h>
#include <oomtool/timeparse.h>
#include "common.h"

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

int64_t cli_now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int cli_opt_time(const char *sub, const char *opt, const char *text, int64_t *ret)
{
	if (oomt_parse_timestamp(text, cli_now_usec(), ret) < 0)
		return cli_usage_error(sub, "invalid %s time '%s' (try \"2024-09-08 12:00\", "
		                        "\"-2h\" or \"yesterday\")", opt, text);
	return 0;
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
