/* SPDX-License-Identifier: MIT */
/* The changing commands' plan words, the confirmation and the flow: see plan-prompt.h. */
#include <errno.h>
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

void cli_print_warnings(const char *rows, size_t row_size, size_t n, int indent)
{
	for (size_t i = 0; i < n; i++)
		cli_print_wrapped("warning: ", rows + i * row_size, indent);
}

void cli_print_step(size_t i, int width, const char *name, const char *description,
                    const char *status)
{
	printf("  %zu. %-*s %s", i + 1, width, name, description);
	if (status)
		printf("  [%s]", status);
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

/* The plan when it is not run: refused, nothing to do, or a dry run. */
static int show_unapplied(const struct cli_plan *cp)
{
	if (cp->json) {
		cp->print_json(cp->ctx);
	} else if (cp->verdict == CLI_PLAN_DONE) {
		if (cp->done_warnings)
			cli_print_warnings(cp->done_warnings, cp->warning_size, cp->nwarnings, 0);
		printf("%s\n", cp->done);
	} else if (cp->verdict == CLI_PLAN_READY) {
		cp->print(cp->ctx);
	}
	if (cp->verdict == CLI_PLAN_REFUSED) {
		cli_err(cp->sub, "check '%s' refused: %s (%s); nothing was changed", cp->check,
		        cp->reason, cp->hint);
		return cli_finish_stdout(cp->sub, cp->refused_status);
	}
	if (cp->dry_run && !cp->json && cp->verdict == CLI_PLAN_READY)
		printf("Dry run: nothing was changed.\n");
	return cli_finish_stdout(cp->sub, EXIT_FOUND);
}

int cli_plan_run(const struct cli_plan *cp)
{
	int r;

	if (cp->verdict != CLI_PLAN_READY || cp->dry_run)
		return show_unapplied(cp);
	if (!cp->yes) {
		cp->print(cp->ctx);
		if ((r = cli_confirm_plan(cp->sub)) != CLI_CONTINUE)
			return r;
	}
	return cp->apply(cp->ctx);
}

int cli_plan_step_failed(const char *sub, size_t i, const char *description, int err,
                         const char *hint, bool undo_complete)
{
	cli_err(sub, "step %zu failed (%s): %s (%s)", i + 1, description, strerror(err), hint);
	cli_plan_undo_said(sub, undo_complete, NULL);
	return err == EACCES || err == EPERM ? EXIT_PRIVILEGE : EXIT_RUNTIME;
}

void cli_plan_undo_said(const char *sub, bool complete, const char *remaining)
{
	if (complete)
		cli_err(sub, "everything this run changed was undone: the system is as it was "
		        "before");
	else if (remaining)
		cli_err(sub, "undone where possible; remaining state: %s", remaining);
	else
		cli_err(sub, "undone where possible: check the steps marked done above");
}
