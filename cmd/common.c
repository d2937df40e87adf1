/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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

void oomt_err(const char *sub, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(sub, fmt, ap);
	va_end(ap);
}

void oomt_warn(const char *sub, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(sub, fmt, ap);
	va_end(ap);
}

int oomt_usage_error(const char *sub, const char *fmt, ...)
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

const char *oomt_privilege_hint(int err)
{
	if (err == EACCES || err == EPERM)
		return geteuid() == 0 ? "permission denied even as root"
		                      : "run as root, or add yourself to the adm and systemd-journal groups";
	return strerror(err);
}

void oomt_print_version(void)
{
	printf("oomtool %s\n", OOMT_VERSION);
}

bool oomt_use_color(FILE *f)
{
	const char *term = getenv("TERM");
	const char *no = getenv("NO_COLOR");

	if (no && *no)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

int oomt_finish_stdout(const char *sub, int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return rc;
		oomt_err(sub, "write error on standard output: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	return rc;
}
