/* SPDX-License-Identifier: MIT */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "common.h"

static void usage(FILE *f)
{
	fputs("Usage: oomtool [--help|--version] COMMAND [OPTIONS] [ARGS]\n\n"
	      "Find, explain and prevent out-of-memory kills.\n\nCommands:\n", f);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(f, "  %-14s %s\n", c->name, c->summary);
	fputs("\nRun 'oomtool COMMAND --help' for a command's options.\n"
	      "Exit status: 0 success (found), 1 nothing found, 2 usage error,\n"
	      "3 runtime error, 4 insufficient privilege.\n", f);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* A closed pipe (oomtool ... | head) must end us quietly, not as a write error. */
	signal(SIGPIPE, SIG_DFL);

	if (argc < 2)
		return cli_usage_error(NULL, "no command given");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return cli_finish_stdout(NULL, EXIT_FOUND);
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		cli_print_version();
		return cli_finish_stdout(NULL, EXIT_FOUND);
	}
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->run(argc - 1, argv + 1);
	return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
}
