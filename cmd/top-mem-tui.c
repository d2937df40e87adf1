/* SPDX-License-Identifier: MIT */
/*
 * oomtool top-mem --watch: the live view. The only file that includes curses. It draws the
 * same columns through the same cell formatter (topmem_cell) as the snapshot, from the same
 * library snapshot (oomtool/topmem.h), refreshed in a loop: one cheap pass (statm of every
 * process, no file kept open) plus PSS and details for the visible rows only.
 *
 * libncursesw is dlopen()ed when the view starts, not linked: it costs every command
 * ~0.25 MiB of RSS (measured; top-mem has to stay under 4 MiB on a machine out of memory)
 * and only --watch draws with it. The functions are called through a table typed by the
 * prototypes of <curses.h> (NCURSES_NOMACROS: the real functions, not the macros over
 * stdscr). By hand rather than with lib/util/dl.h: cmd/ uses only the public headers.
 */
#define NCURSES_NOMACROS
#include <curses.h>
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <oomtool/common.h>
#include <oomtool/system-memory.h>
#include <oomtool/timeparse.h>
#include "common.h"
#include "top-mem.h"

#define HEADER_LINES 4   /* title, system, message/prompt, column names */

#ifndef OOMT_LIBNCURSESW_SONAME
#define OOMT_LIBNCURSESW_SONAME "libncursesw.so.6"
#endif

/* Every curses function and variable this file uses (LINES, COLS, stdscr are variables). */
#define CURSES_SYMS(X) \
	X(attroff) X(attron) X(cbreak) X(clrtoeol) X(curs_set) X(endwin) X(erase) X(getch) \
	X(initscr) X(isendwin) X(keypad) X(move) X(mvprintw) X(noecho) X(refresh) X(timeout) \
	X(LINES) X(COLS) X(stdscr)

static struct {
#define FIELD(name) typeof(name) *name;
	CURSES_SYMS(FIELD)
#undef FIELD
} nc;

/* Load libncursesw into nc: all or nothing. The handle is never closed. */
static bool curses_load(void)
{
	void *h = dlopen(OOMT_LIBNCURSESW_SONAME, RTLD_NOW | RTLD_LOCAL);
	bool ok = h != NULL;

#define LOAD(name) ok = ok && (nc.name = (typeof(nc.name))dlsym(h, #name)) != NULL;
	CURSES_SYMS(LOAD)
#undef LOAD
	if (!ok && h)
		dlclose(h);
	return ok;
}

static bool curses_active;

/* Every exit path (return, exit() from a library, errors) leaves the terminal usable. */
static void restore_terminal(void)
{
	if (curses_active && !nc.isendwin())
		nc.endwin();
	curses_active = false;
}

struct tui {
	struct topmem_options *o;
	struct oomt_topmem *snap;
	struct oomt_topmem_query query;   /* o->query, with the view's sort, group and filter */
	size_t sel;
	char filter[64];
	char msg[256];
	bool help;
	int ids[16];
	size_t nids;
};

/* The live view's columns: -o as given (GROWTH added: it is what the bold rows are about),
 * else the defaults with GROWTH. A terminal row is cut, not wrapped: GROWTH goes before
 * COMMAND, and CGROUP, the longest, last. */
static void set_columns(struct tui *t)
{
	const char *bad;
	int ids[TOPMEM_MAX_COLUMNS];
	size_t n = 0;
	bool cgroup = false;

	if (!t->query.group && t->o->columns_given) {
		t->nids = 0;
		for (size_t i = 0; i < t->o->nids && t->nids < 15; i++)
			t->ids[t->nids++] = t->o->ids[i];
		for (size_t i = 0; i < t->nids; i++)
			if (t->ids[i] == COL_GROWTH)
				return;
		t->ids[t->nids++] = COL_GROWTH;
		return;
	}
	out_parse_columns(topmem_columns, topmem_ncolumns,
	                  topmem_default_columns(t->query.group, true), NULL, ids, &n, &bad);
	t->nids = 0;
	for (size_t i = 0; i < n && t->nids < 15; i++) {
		if (ids[i] == COL_GROWTH)
			continue;
		if (ids[i] == COL_CGROUP) {
			cgroup = true;
			continue;
		}
		if (ids[i] == COL_COMMAND)
			t->ids[t->nids++] = COL_GROWTH;
		t->ids[t->nids++] = ids[i];
	}
	if (t->query.group || !cgroup)
		t->ids[t->nids++] = COL_GROWTH;   /* no COMMAND column: growth at the end */
	if (cgroup)
		t->ids[t->nids++] = COL_CGROUP;
}

static size_t visible_rows(void)
{
	return (*nc.LINES) > HEADER_LINES ? (size_t)((*nc.LINES) - HEADER_LINES) : 1;
}

/* One refresh of the snapshot for the rows that fit on the screen. */
static int refresh_data(struct tui *t)
{
	int r;

	t->query.count = visible_rows();
	t->query.match = t->filter[0] ? t->filter : NULL;
	r = oomt_topmem_refresh(t->snap, &t->query);
	if (r < 0)
		return r;
	if (t->sel >= oomt_topmem_nrows(t->snap))
		t->sel = oomt_topmem_nrows(t->snap) ? oomt_topmem_nrows(t->snap) - 1 : 0;
	return 0;
}

/* ---- drawing ---- */

static int col_width(struct tui *t, int col, size_t nrows)
{
	char buf[64];
	int w = (int)strlen(topmem_columns[col].name);

	for (size_t i = 0; i < nrows; i++) {
		int l = (int)strlen(topmem_cell(t->snap, i, col, t->o->bytes, buf, sizeof(buf)));
		if (l > w)
			w = l;
	}
	if (col == COL_CGROUP && w > 24)
		w = 24;
	if (col == COL_COMMAND && w > ((*nc.COLS) > 100 ? 40 : 20))
		w = (*nc.COLS) > 100 ? 40 : 20;
	if (col == COL_GROUP && w > 40)
		w = 40;
	return w;
}

/* One line of cells: row i of the snapshot, or the column names when header. */
static void draw_cells(struct tui *t, int y, const int *widths, size_t i, bool header)
{
	char buf[64];
	int x = 0;

	for (size_t k = 0; k < t->nids && x < (*nc.COLS); k++) {
		int col = t->ids[k], w = widths[k];
		const char *raw = header ? topmem_columns[col].name
		                         : topmem_cell(t->snap, i, col, t->o->bytes, buf, sizeof(buf));
		bool last = k + 1 == t->nids;
		char s[OOMT_PROC_CMDLINE_MAX], cut[OOMT_PROC_CMDLINE_MAX];
		const char *text = s;

		/* curses would print control bytes of a comm name as ^X or act on them */
		oomt_proc_escape(raw, strlen(raw), s, sizeof(s));

		if (last && !(topmem_columns[col].flags & SCOLS_FL_RIGHT))
			w = (*nc.COLS) - x;
		/* a cgroup path keeps its leaf: cut from the left or in the middle */
		if (!header && w > 0 && (col == COL_CGROUP ||
		                         (col == COL_GROUP && t->query.group == OOMT_TOPMEM_GROUP_CGROUP)))
			text = topmem_ellipsize(s, (size_t)w, cut, sizeof(cut));
		if (topmem_columns[col].flags & SCOLS_FL_RIGHT)
			nc.mvprintw(y, x, "%*.*s", w, w, text);
		else if (text != s)   /* the ellipsis is one column of three bytes */
			nc.mvprintw(y, x, "%s", text);
		else
			nc.mvprintw(y, x, "%-*.*s", w, w, text);
		x += w + 1;
	}
}

static void draw_help(void)
{
	static const char *const lines[] = {
		"oomtool top-mem: live view keys",
		"",
		"  M P S O G   sort by RSS, PSS, swap, oom_score, growth",
		"  g           group: none, user, cgroup, unit, command",
		"  / or f      filter by name, user or cgroup (empty clears)",
		"  + -         refresh slower / faster;  d  set the interval",
		"  Up/Down j   select (also PgUp/PgDn, Home/End)",
		"  K           show or hide kernel threads (hidden: they hold no memory)",
		"  k           send SIGTERM (or SIGKILL) to the selected process",
		"  a           set oom_score_adj of the selected process",
		"  ?           this help;  q  quit",
		"",
		"Bold rows grew since the last refresh. PSS is read for visible rows only.",
		"Press any key to return.",
	};
	nc.erase();
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]) && (int)i < (*nc.LINES); i++)
		nc.mvprintw((int)i, 0, "%.*s", (*nc.COLS), lines[i]);
	nc.refresh();
}

static int64_t row_growth(const struct oomt_topmem *snap, size_t i)
{
	const struct oomt_topmem_group_row *g = oomt_topmem_group_row(snap, i);
	const struct oomt_topmem_row *r = oomt_topmem_row(snap, i);

	return g ? g->growth_bytes_per_min : r ? r->growth_bytes_per_min : OOMT_UNKNOWN;
}

static void draw(struct tui *t)
{
	int widths[16];
	char line[256];
	size_t n = oomt_topmem_nrows(t->snap);

	if (t->help) {
		draw_help();
		return;
	}
	nc.erase();
	nc.mvprintw(0, 0, "%.*s", (*nc.COLS), "");
	snprintf(line, sizeof(line), "oomtool top-mem  sort %s  group %s  %s%s%s%sdelay %.1fs  ? help",
	         topmem_sort_name(t->query.sort), oomt_topmem_group_name(t->query.group),
	         t->filter[0] ? "filter '" : "", t->filter, t->filter[0] ? "'  " : "",
	         t->query.hide_kernel_threads ? "" : "kthreads  ", t->o->interval_sec);
	nc.mvprintw(0, 0, "%.*s", (*nc.COLS), line);
	topmem_summary_line(t->snap, line, sizeof(line));
	nc.mvprintw(1, 0, "%.*s", (*nc.COLS), line);
	nc.mvprintw(2, 0, "%.*s", (*nc.COLS), t->msg);
	for (size_t k = 0; k < t->nids; k++)
		widths[k] = col_width(t, t->ids[k], n);
	nc.attron(A_REVERSE);
	nc.mvprintw(3, 0, "%*s", (*nc.COLS), "");
	draw_cells(t, 3, widths, 0, true);
	nc.attroff(A_REVERSE);
	for (size_t i = 0; i < n && (int)i + HEADER_LINES < (*nc.LINES); i++) {
		int64_t g = row_growth(t->snap, i);
		int attr = (g != OOMT_UNKNOWN && g > 0 ? A_BOLD : 0) | (i == t->sel ? A_REVERSE : 0);
		nc.attron(attr);
		if (i == t->sel)
			nc.mvprintw((int)i + HEADER_LINES, 0, "%*s", (*nc.COLS), "");
		draw_cells(t, (int)i + HEADER_LINES, widths, i, false);
		nc.attroff(attr);
	}
	nc.refresh();
}

/* ---- prompts and actions ---- */

/* Reads a line on the message row; false when cancelled (Esc, Ctrl-C). */
static bool prompt(struct tui *t, const char *question, char *buf, size_t sz)
{
	size_t len = 0;

	buf[0] = '\0';
	nc.timeout(-1);
	for (;;) {
		int ch;
		nc.move(2, 0);
		nc.clrtoeol();
		nc.mvprintw(2, 0, "%.*s%s", (*nc.COLS) - 1, question, buf);
		nc.refresh();
		ch = nc.getch();
		if (cli_stop_requested || ch == 27) {
			buf[0] = '\0';
			t->msg[0] = '\0';
			return false;
		}
		if (ch == '\n' || ch == KEY_ENTER)
			return true;
		if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len > 0)
			buf[--len] = '\0';
		else if (ch >= 32 && ch < 127 && len + 1 < sz) {
			buf[len++] = (char)ch;
			buf[len] = '\0';
		}
	}
}

/* The selected process row, or NULL (grouped view, no rows). */
static const struct oomt_topmem_row *selected(struct tui *t)
{
	return oomt_topmem_row(t->snap, t->sel);
}

static void action_kill(struct tui *t)
{
	const struct oomt_topmem_row *d = selected(t);
	char ans[8], q[160];
	int pid, sig;

	if (!d) {
		snprintf(t->msg, sizeof(t->msg), "select a process first (not in grouped view)");
		return;
	}
	pid = d->pid;
	snprintf(q, sizeof(q), "send SIGTERM to %d (%.40s)? y = TERM, 9 = KILL, else cancel: ",
	         pid, d->name);
	if (!prompt(t, q, ans, sizeof(ans)) || (ans[0] != 'y' && ans[0] != '9')) {
		snprintf(t->msg, sizeof(t->msg), "cancelled");
		return;
	}
	sig = ans[0] == '9' ? SIGKILL : SIGTERM;
	if (t->o->sysroot)
		snprintf(t->msg, sizeof(t->msg), "not sending signals into a --sysroot tree");
	else if (kill(pid, sig) < 0)
		snprintf(t->msg, sizeof(t->msg), "kill %d: %s", pid, strerror(errno));
	else
		snprintf(t->msg, sizeof(t->msg), "sent %s to %d", sig == SIGKILL ? "SIGKILL" : "SIGTERM",
		         pid);
}

static void action_adj(struct tui *t)
{
	const struct oomt_topmem_row *d = selected(t);
	char val[16], ans[8], q[160], *end;
	long v;
	int pid, r;

	if (!d) {
		snprintf(t->msg, sizeof(t->msg), "select a process first (not in grouped view)");
		return;
	}
	pid = d->pid;
	snprintf(q, sizeof(q), "oom_score_adj for %d (%.40s), -1000..1000: ", pid, d->name);
	if (!prompt(t, q, val, sizeof(val)) || !val[0])
		return (void)snprintf(t->msg, sizeof(t->msg), "cancelled");
	v = strtol(val, &end, 10);
	if (*end || v < -1000 || v > 1000)
		return (void)snprintf(t->msg, sizeof(t->msg), "'%s' is not in -1000..1000", val);
	snprintf(q, sizeof(q), "set oom_score_adj of %d to %ld? y/n: ", pid, v);
	if (!prompt(t, q, ans, sizeof(ans)) || ans[0] != 'y')
		return (void)snprintf(t->msg, sizeof(t->msg), "cancelled");
	r = oomt_proc_write_oom_score_adj(t->o->sysroot, pid, (int)v);
	if (r < 0)
		snprintf(t->msg, sizeof(t->msg), "oom_score_adj of %d: %s (%s)", pid, strerror(-r),
		         cli_privilege_hint(-r));
	else
		snprintf(t->msg, sizeof(t->msg), "oom_score_adj of %d set to %ld", pid, v);
}

static void action_delay(struct tui *t)
{
	char val[16];
	int64_t usec;

	if (!prompt(t, "refresh interval in seconds: ", val, sizeof(val)) || !val[0])
		return;
	if (oomt_parse_duration(val, &usec) < 0 || usec < 100000 || usec > 3600 * 1000000LL)
		snprintf(t->msg, sizeof(t->msg), "'%s': give 0.1-3600 seconds", val);
	else
		t->o->interval_sec = (double)usec / 1e6;
}

static void set_sort(struct tui *t, enum oomt_topmem_sort s)
{
	t->query.sort = s;
	t->msg[0] = '\0';
}

/* Returns true when the data must be re-read now. */
static bool handle_key(struct tui *t, int ch, bool *quit)
{
	switch (ch) {
	case 'q': case 'Q': *quit = true; return false;
	case 'M': set_sort(t, OOMT_TOPMEM_SORT_RSS); return true;
	case 'P': set_sort(t, OOMT_TOPMEM_SORT_PSS); return true;
	case 'S': set_sort(t, OOMT_TOPMEM_SORT_SWAP); return true;
	case 'O': set_sort(t, OOMT_TOPMEM_SORT_OOM); return true;
	case 'G': set_sort(t, OOMT_TOPMEM_SORT_GROWTH); return true;
	case 'g':
		t->query.group = (t->query.group + 1) % (OOMT_TOPMEM_GROUP_COMMAND + 1);
		t->sel = 0;
		set_columns(t);
		return true;
	case 'K':
		t->query.hide_kernel_threads = !t->query.hide_kernel_threads;
		snprintf(t->msg, sizeof(t->msg), "kernel threads %s (K %s them)",
		         t->query.hide_kernel_threads ? "hidden" : "shown",
		         t->query.hide_kernel_threads ? "shows" : "hides");
		return true;
	case '/': case 'f':
		prompt(t, "filter (name, user or cgroup; empty clears): ", t->filter, sizeof(t->filter));
		t->msg[0] = '\0';
		return true;
	case '+': t->o->interval_sec = t->o->interval_sec * 2 > 3600 ? 3600 : t->o->interval_sec * 2; return false;
	case '-': t->o->interval_sec = t->o->interval_sec / 2 < 0.1 ? 0.1 : t->o->interval_sec / 2; return false;
	case 'd': action_delay(t); return false;
	case 'k': action_kill(t); return true;
	case 'a': action_adj(t); return true;
	case '?': case 'h': t->help = true; return false;
	case KEY_DOWN: case 'j': if (t->sel + 1 < oomt_topmem_nrows(t->snap)) t->sel++; return false;
	case KEY_UP: if (t->sel > 0) t->sel--; return false;
	case KEY_NPAGE: case KEY_END: t->sel = oomt_topmem_nrows(t->snap) ? oomt_topmem_nrows(t->snap) - 1 : 0; return false;
	case KEY_PPAGE: case KEY_HOME: t->sel = 0; return false;
	case KEY_RESIZE: return true;
	default: return false;
	}
}

static int loop(struct tui *t)
{
	bool quit = false, reload = true;
	int64_t next = 0;

	while (!quit && !cli_stop_requested) {
		int64_t now = cli_mono_usec();
		int ch;

		if (reload || now >= next) {
			int r = refresh_data(t);
			if (r < 0)
				return r;
			next = cli_mono_usec() + (int64_t)(t->o->interval_sec * 1e6);
			reload = false;
		}
		draw(t);
		now = cli_mono_usec();
		nc.timeout((int)((next - now) / 1000 > 0 ? (next - now) / 1000 : 0));
		ch = nc.getch();
		if (ch == ERR)
			continue;
		if (t->help) {
			t->help = false;
			continue;
		}
		reload = handle_key(t, ch, &quit);
	}
	return 0;
}

int topmem_tui_run(struct topmem_options *o, struct oomt_topmem *snap)
{
	struct tui t = { .o = o, .snap = snap, .query = o->query };
	struct oomt_system_memory mem = { .struct_size = sizeof(mem) };
	int r;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		return cli_usage_error(TOPMEM_NAME, "--watch needs a terminal; use the snapshot "
		                        "(without -w) in scripts");
	}
	/* The first read of the counters goes through libproc2, which the library unloads
	 * after it: done here, before ncurses is loaded, so that the two never share the
	 * address space and the peak RSS of the live view stays that of the snapshot. The
	 * refreshes read the same files directly. */
	oomt_system_memory_read(o->sysroot, &mem);
	if (!curses_load()) {
		cli_err(TOPMEM_NAME, "--watch needs %s: cannot load it (install libncursesw6); "
		         "the snapshot (without -w) works without it", OOMT_LIBNCURSESW_SONAME);
		return EXIT_RUNTIME;
	}
	atexit(restore_terminal);
	cli_catch_stop_signals();   /* getch() returns so that the loop notices */
	if (!nc.initscr()) {
		cli_err(TOPMEM_NAME, "cannot initialise the terminal (TERM=%s)", getenv("TERM"));
		return EXIT_RUNTIME;
	}
	curses_active = true;
	nc.cbreak();
	nc.noecho();
	nc.keypad(*nc.stdscr, TRUE);
	nc.curs_set(0);
	/* Every member's PSS on each refresh would cost ~15 ms per resident GiB. */
	t.query.group_pss_unread = true;
	set_columns(&t);
	r = loop(&t);
	restore_terminal();
	if (r < 0) {
		cli_err(TOPMEM_NAME, "cannot read processes: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	return EXIT_FOUND;
}
