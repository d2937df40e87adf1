/* SPDX-License-Identifier: MIT */
/* The plan's wording helpers and the confirmation: see plan-prompt.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "common.h"
#include "plan-prompt.h"

void cli_print_wrapped(const char *lead, const char *text, int indent)
{
	int hang = indent + (int)strlen(lead);
	int col = printf("%*s%s", indent, "", lead);
	bool first = true;

	while (*text) {
		size_t w = strcspn(text, " ");

		if (w > 0) {
			if (!first && col + 1 + (int)w > 78)
				col = printf("\n%*s", hang, "") - 1;
			else if (!first)
				col += printf(" ");
			col += printf("%.*s", (int)w, text);
			first = false;
		}
		text += w;
		while (*text == ' ')
			text++;
	}
	putchar('\n');
}

int cli_confirm_plan(const char *sub)
{
	char line[16];

	fflush(stdout);
	if (!isatty(STDIN_FILENO)) {
		cli_err(sub, "not asking on a non-terminal: pass --yes to apply, or --dry-run; "
		        "nothing was changed");
		return EXIT_USAGE;
	}
	fputs("Apply these steps? [y/N] ", stderr);
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) && (line[0] == 'y' || line[0] == 'Y'))
		return CLI_CONTINUE;
	printf("Nothing was changed.\n");
	return cli_finish_stdout(sub, EXIT_NOTHING);
}
