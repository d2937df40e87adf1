/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CMD_COMMON_H
#define OOMTOOL_CMD_COMMON_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes: an interface, documented in oomtool(1). */
enum {
	EXIT_FOUND = 0,      /* success; for searches: something was found */
	EXIT_NOTHING = 1,    /* ran fine, nothing found */
	EXIT_USAGE = 2,      /* bad options or arguments */
	EXIT_RUNTIME = 3,    /* a runtime failure */
	EXIT_PRIVILEGE = 4,  /* not allowed: needs root or a group */
};

/* What every subcommand's option parsing returns when the command should go on and run;
 * any other value is the exit status to end with (after --help, --version or a usage
 * error). */
#define CLI_CONTINUE (-1)

/* One entry per subcommand: the source of truth for dispatch and `oomtool --help`. */
struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

extern const struct cli_command cli_commands[];

int cmd_scan_logs(int argc, char **argv);
int cmd_explain_kill(int argc, char **argv);
int cmd_top_mem(int argc, char **argv);
int cmd_swap_setup(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_protect(int argc, char **argv);
int cmd_tune(int argc, char **argv);
int cmd_limits(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_metrics(int argc, char **argv);

/* "oomtool: SUB: <message>" on stderr. The message says what failed, why, and what to do. */
void cli_err(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_warn(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the usage error and the "Try" line; returns EXIT_USAGE. */
int cli_usage_error(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Advice for EACCES/EPERM from reading other users' /proc files or writing oom_score_adj
 * ("run as root"); strerror() of any other errno. */
const char *cli_privilege_hint(int err);
/* The --version line. */
void cli_print_version(void);
/* Color only on a terminal and never with NO_COLOR (https://no-color.org) or TERM=dumb. */
bool cli_use_color(FILE *f);
/* Wall clock now, microseconds since the epoch. */
int64_t cli_now_usec(void);
/* The monotonic clock now, in microseconds: for spans and deadlines. */
int64_t cli_mono_usec(void);
/* Sleep USEC (a signal that interrupts it does not shorten it): 0 or -errno. */
int cli_sleep_usec(int64_t usec);
/* Option helpers shared by the subcommands' getopt_long() loops. */
/* A --since/--until TIME argument (oomt_parse_timestamp, relative to now): 0, else the
 * usage error is printed and EXIT_USAGE returned. */
int cli_opt_time(const char *sub, const char *opt, const char *text, int64_t *ret);
/* A SIZE argument, through the library's one size parser (oomt_parse_size: 512M, 2G,
 * 1.5GiB); with UNLIMITED other than OOMT_UNKNOWN also "max", "infinity" or "none", which
 * give UNLIMITED (and a size must be below it). 0 with *ret, else the usage error "invalid
 * WHAT 'TEXT' (examples: ...)" printed and EXIT_USAGE. */
int cli_opt_size(const char *sub, const char *what, const char *text, int64_t unlimited,
                 int64_t *ret);
/* A DURATION argument (oomt_parse_duration: 500ms, 40s, 10m, 1h30min; a bare number is
 * seconds, 0.5 too) from MIN_USEC to MAX_USEC: 0 with *ret_usec, else the usage error
 * printed (the range said unless MAX_USEC is CLI_DURATION_ANY) and EXIT_USAGE.
 * CLI_DURATION_ANY: no bound a person meets, half the range (now + it cannot overflow). */
#define CLI_DURATION_ANY (INT64_MAX / 2)
int cli_opt_duration(const char *sub, const char *opt, const char *text, int64_t min_usec,
                     int64_t max_usec, int64_t *ret_usec);
/* A COUNT argument, a whole number from 1 to MAX: 0 with *ret, else the usage error printed
 * and EXIT_USAGE. */
int cli_opt_count(const char *sub, const char *opt, const char *text, unsigned long max,
                  unsigned long *ret);
/* -o COLUMNS (out_parse_columns, output.h): CLI_CONTINUE with ids, else the usage error
 * naming the unknown column (or too many) printed and EXIT_USAGE. */
struct out_column;
int cli_opt_columns(const char *sub, const struct out_column *cols, size_t ncols,
                    const char *defaults, const char *list, int *ids, size_t *nids);
/* Append item to a list given option by option (-D DIR ...): 0, else EXIT_RUNTIME with the
 * error printed. *list is realloc()ed: free() it. */
int cli_opt_append(const char *sub, const char ***list, size_t *n, const char *item);
/* --kind LIST: comma-separated kind names (oom_kill, oom_panic, allocation_failure) or
 * "all", as OOMT_SCAN_KIND() bits in *ret; 0, else EXIT_USAGE with the error printed. */
int cli_opt_kinds(const char *sub, const char *text, unsigned *ret);
/* The usage error for what getopt_long() (optstring starting with ':', opterr = 0) returned
 * ':' or '?' for, naming the option as the user typed it; returns EXIT_USAGE. */
int cli_opt_error(const char *sub, int c, char *const *argv);
/* What every subcommand's getopt_long() loop does with 'h' (USAGE to stdout), 'V' (the
 * version) and the ':' and '?' of an option it does not know: the exit status (0 after help
 * or version, EXIT_USAGE). CLI_OPT_STANDARD(c) says which C are these. */
#define CLI_OPT_STANDARD(c) ((c) == 'h' || (c) == 'V' || (c) == ':' || (c) == '?')
int cli_opt_standard(const char *sub, int c, char *const *argv, void (*usage)(FILE *f));

/* The soft limit of open files raised to the hard one, as journalctl does: a journal
 * handle holds a descriptor per file, a watch three or four per cgroup. */
void cli_raise_nofile(void);

/* Set by SIGINT, SIGTERM and SIGHUP once cli_catch_stop_signals() has run: the loop of a
 * command that runs until stopped ends, and a change in progress is undone. */
extern volatile sig_atomic_t cli_stop_requested;
/* Catch those three into cli_stop_requested, without SA_RESTART: a blocked read, poll() or
 * getch() returns EINTR so that the loop notices. */
void cli_catch_stop_signals(void);

/* A JSON writer on stdout. Out of memory ends the command with EXIT_RUNTIME and the error on
 * stderr, as util-linux's xmalloc does: there is nothing useful left to print. */
struct oomt_json *cli_json_new(const char *sub, bool pretty);
/* Ends the document (newline) and frees the writer. */
void cli_json_done(struct oomt_json *j);

/* A cgroup path of an event as a person reads it: one the log cut (oomt_event's cut bits)
 * ends in "…", as the pager showed it. PATH itself, or BUF holding the text. */
const char *cli_path_text(const char *path, bool cut, char *buf, size_t size);

/* Flush stdout and turn a write error into EXIT_RUNTIME (EPIPE from `| head` is fine). */
int cli_finish_stdout(const char *sub, int rc);

#endif
