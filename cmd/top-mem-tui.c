/* SPDX-License-Identifier: MIT */
/*
 * oomtool top-mem --watch: the live view. The only file that includes curses. It draws the
 * same columns through the same cell formatter (topmem_cell) as the snapshot. Each refresh
 * is one cheap pass (statm of every process, no file kept open) plus PSS and details for
 * the visible rows only.
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
#include <oomtool/record.h>
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

static volatile sig_atomic_t quit_signal;
static bool curses_active;

static void on_signal(int sig)
{
	quit_signal = sig;
}

/* Every exit path (return, exit() from a library, errors) leaves the terminal usable. */
static void restore_terminal(void)
{
	if (curses_active && !nc.isendwin())
		nc.endwin();
	curses_active = false;
}

struct tui {
	struct topmem_ctx *c;
	struct oomt_proc_scan scan, prev;
	struct timespec prev_time;
	bool have_prev;
	struct oomt_proc_details *details;
	char (*users)[33];
	struct oomt_topmem_groups groups;
	size_t nrows, cap_rows;
	size_t sel;
	enum oomt_topmem_group group;
	char filter[64];
	char msg[256];
	bool help;
	struct topmem_system sys;
	bool sys_fresh;               /* sys read before ncurses was loaded, not shown yet */
	int ids[16];
	size_t nids;
	size_t pss_unknown;
};

static int64_t now_usec(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	return (int64_t)ts->tv_sec * 1000000 + ts->tv_nsec / 1000;
}

static void set_columns(struct tui *t)
{
	const char *bad;
	const char *list = t->group ? TOPMEM_GROUP_COLUMNS ",GROWTH"
	                            : "PID,USER,RSS,PSS,SWAP,OOM_SCORE,OOM_ADJ,GROWTH,COMMAND,LIMIT,CGROUP";

	if (!t->group && t->c->columns_given) {
		t->nids = 0;
		for (size_t i = 0; i < t->c->nids && t->nids < 15; i++)
			t->ids[t->nids++] = t->c->ids[i];
		/* growth is what the highlight is about: always show it in the live view */
		for (size_t i = 0; i < t->nids; i++)
			if (t->ids[i] == COL_GROWTH)
				return;
		t->ids[t->nids++] = COL_GROWTH;
		return;
	}
	out_parse_columns(topmem_columns, topmem_ncolumns, list, NULL, t->ids, &t->nids, &bad);
}

/* The filter matches the comm name, the user or the cgroup path (substring). */
static bool filter_match(struct tui *t, const struct oomt_topmem_proc *p)
{
	struct oomt_proc_status st;
	struct oomt_proc_cgroup cg;
	char user[33];

	if (oomt_proc_read_status(t->c->procfd, p->pid, &st) == 0) {
		if (strstr(st.name, t->filter))
			return true;
		if (topmem_user(t->c, st.euid, user, sizeof(user)) && strstr(user, t->filter))
			return true;
	}
	if (oomt_proc_read_cgroup(t->c->procfd, p->pid, &cg) == 0 &&
	    (strstr(cg.v1_memory, t->filter) || strstr(cg.v2, t->filter)))
		return true;
	return false;
}

static void apply_filter(struct tui *t)
{
	size_t w = 0;

	if (!t->filter[0])
		return;
	for (size_t i = 0; i < t->scan.n; i++)
		if (filter_match(t, &t->scan.procs[i]))
			t->scan.procs[w++] = t->scan.procs[i];
	t->scan.n = w;
}

static int ensure_rows(struct tui *t, size_t n)
{
	if (n <= t->cap_rows)
		return 0;
	void *d = realloc(t->details, n * sizeof(*t->details));
	if (!d)
		return -ENOMEM;
	t->details = d;
	void *u = realloc(t->users, n * sizeof(*t->users));
	if (!u)
		return -ENOMEM;
	t->users = u;
	t->cap_rows = n;
	return 0;
}

static int refresh_groups(struct tui *t, size_t visible)
{
	oomt_topmem_groups_done(&t->groups);
	for (size_t i = 0; i < t->scan.n; i++) {
		struct oomt_topmem_proc p = t->scan.procs[i];
		char key[OOMT_PROC_CGROUP_MAX];

		p.pss_bytes = OOMT_UNKNOWN;  /* PSS of every member would cost a full smaps pass */
		if (topmem_group_key(t->c, t->group, &p, key, sizeof(key)) < 0)
			continue;
		if (oomt_topmem_groups_add(&t->groups, key, &p) < 0)
			return -ENOMEM;
	}
	oomt_topmem_groups_sort(&t->groups, t->c->sort);
	t->nrows = t->groups.n < visible ? t->groups.n : visible;
	return 0;
}

static int refresh_procs(struct tui *t, size_t visible)
{
	struct oomt_topmem_select_stats st;
	size_t n, w = 0;
	/* 4 spare rows absorb processes that exit before their details are read */
	int r = oomt_topmem_select(t->scan.procs, t->scan.n, visible + 4, t->c->sort,
	                           topmem_pss_budget(visible + 4), oomt_proc_scan_read_pss,
	                           &t->c->procfd, &n, &st);

	if (r < 0 || (r = ensure_rows(t, n ? n : 1)) < 0)
		return r;
	t->pss_unknown = st.pss_unknown;
	for (size_t i = 0; i < n && w < visible; i++) {
		if (oomt_proc_details_read(t->c->procfd, &t->c->cgfs, t->scan.procs[i].pid,
		                           &t->details[w]) < 0)
			continue;
		t->scan.procs[w] = t->scan.procs[i];
		if (!topmem_user(t->c, t->details[w].euid, t->users[w], sizeof(t->users[w])))
			t->users[w][0] = '\0';
		w++;
	}
	t->nrows = w;
	return 0;
}

/* One refresh: system counters, the cheap pass, growth since the last refresh, rows. */
static int refresh_data(struct tui *t)
{
	struct oomt_proc_scan_opts so = topmem_scan_opts(t->c, t->group != OOMT_TOPMEM_GROUP_NONE);
	size_t visible = (*nc.LINES) > HEADER_LINES ? (size_t)((*nc.LINES) - HEADER_LINES) : 1;
	struct oomt_proc_scan tmp;
	struct timespec ts;
	int64_t now;
	int r;

	if (!t->sys_fresh)
		topmem_system_read(t->c, &t->sys);
	t->sys_fresh = false;
	/* the previous pass becomes the growth baseline; its array is reused */
	tmp = t->prev;
	t->prev = t->scan;
	t->scan = tmp;
	if ((r = oomt_proc_scan_run(t->c->procfd, &so, &t->scan)) < 0)
		return r;
	now = now_usec(&ts);
	if (t->have_prev)
		oomt_topmem_growth(t->prev.procs, t->prev.n, t->scan.procs, t->scan.n,
		                   now - ((int64_t)t->prev_time.tv_sec * 1000000 +
		                          t->prev_time.tv_nsec / 1000));
	t->prev_time = ts;
	t->have_prev = true;
	apply_filter(t);
	r = t->group ? refresh_groups(t, visible) : refresh_procs(t, visible);
	if (t->sel >= t->nrows)
		t->sel = t->nrows ? t->nrows - 1 : 0;
	return r;
}

/* ---- drawing ---- */

static int col_width(struct tui *t, int col, struct topmem_row *rows)
{
	char buf[64];
	int w = (int)strlen(topmem_columns[col].name);

	for (size_t i = 0; i < t->nrows; i++) {
		int l = (int)strlen(topmem_cell(&rows[i], col, t->c->bytes, buf, sizeof(buf)));
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

static void row_of(struct tui *t, size_t i, struct topmem_row *r)
{
	if (t->group)
		*r = (struct topmem_row){ .g = &t->groups.rows[i] };
	else
		*r = (struct topmem_row){ &t->scan.procs[i], &t->details[i], NULL, t->users[i] };
}

static void draw_cells(struct tui *t, int y, const int *widths, const struct topmem_row *r)
{
	char buf[64];
	int x = 0;

	for (size_t k = 0; k < t->nids && x < (*nc.COLS); k++) {
		int col = t->ids[k], w = widths[k];
		const char *raw = r ? topmem_cell(r, col, t->c->bytes, buf, sizeof(buf))
		                    : topmem_columns[col].name;
		bool last = k + 1 == t->nids;
		char s[OOMT_PROC_CMDLINE_MAX];

		/* curses would print control bytes of a comm name as ^X or act on them */
		oomt_proc_escape(raw, strlen(raw), s, sizeof(s));

		if (last && !(topmem_columns[col].flags & SCOLS_FL_RIGHT))
			w = (*nc.COLS) - x;
		if (topmem_columns[col].flags & SCOLS_FL_RIGHT)
			nc.mvprintw(y, x, "%*.*s", w, w, s);
		else
			nc.mvprintw(y, x, "%-*.*s", w, w, s);
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

static void draw(struct tui *t)
{
	struct topmem_row rows[512];
	int widths[16];
	char line[256];
	size_t n = t->nrows < 512 ? t->nrows : 512;

	if (t->help) {
		draw_help();
		return;
	}
	for (size_t i = 0; i < n; i++)
		row_of(t, i, &rows[i]);
	nc.erase();
	nc.mvprintw(0, 0, "%.*s", (*nc.COLS), "");
	snprintf(line, sizeof(line), "oomtool top-mem  sort %s  group %s  %s%s%sdelay %.1fs  ? help",
	         topmem_sort_name(t->c->sort), topmem_group_name(t->group),
	         t->filter[0] ? "filter '" : "", t->filter, t->filter[0] ? "'  " : "",
	         t->c->interval);
	nc.mvprintw(0, 0, "%.*s", (*nc.COLS), line);
	topmem_system_line(&t->sys, line, sizeof(line));
	nc.mvprintw(1, 0, "%.*s", (*nc.COLS), line);
	nc.mvprintw(2, 0, "%.*s", (*nc.COLS), t->msg);
	for (size_t k = 0; k < t->nids; k++)
		widths[k] = col_width(t, t->ids[k], rows);
	nc.attron(A_REVERSE);
	nc.mvprintw(3, 0, "%*s", (*nc.COLS), "");
	draw_cells(t, 3, widths, NULL);
	nc.attroff(A_REVERSE);
	for (size_t i = 0; i < n && (int)i + HEADER_LINES < (*nc.LINES); i++) {
		int64_t g = t->group ? rows[i].g->growth_bytes_per_min
		                     : rows[i].p->growth_bytes_per_min;
		int attr = (g != OOMT_UNKNOWN && g > 0 ? A_BOLD : 0) | (i == t->sel ? A_REVERSE : 0);
		nc.attron(attr);
		if (i == t->sel)
			nc.mvprintw((int)i + HEADER_LINES, 0, "%*s", (*nc.COLS), "");
		draw_cells(t, (int)i + HEADER_LINES, widths, &rows[i]);
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
		if (quit_signal || ch == 27) {
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

static const struct oomt_proc_details *selected(struct tui *t)
{
	return !t->group && t->sel < t->nrows ? &t->details[t->sel] : NULL;
}

static void action_kill(struct tui *t)
{
	const struct oomt_proc_details *d = selected(t);
	char ans[8], q[160];
	int pid, sig;

	if (!d) {
		snprintf(t->msg, sizeof(t->msg), "select a process first (not in grouped view)");
		return;
	}
	pid = t->scan.procs[t->sel].pid;
	snprintf(q, sizeof(q), "send SIGTERM to %d (%.40s)? y = TERM, 9 = KILL, else cancel: ",
	         pid, d->name);
	if (!prompt(t, q, ans, sizeof(ans)) || (ans[0] != 'y' && ans[0] != '9')) {
		snprintf(t->msg, sizeof(t->msg), "cancelled");
		return;
	}
	sig = ans[0] == '9' ? SIGKILL : SIGTERM;
	if (t->c->sysroot)
		snprintf(t->msg, sizeof(t->msg), "not sending signals into a --sysroot tree");
	else if (kill(pid, sig) < 0)
		snprintf(t->msg, sizeof(t->msg), "kill %d: %s", pid, strerror(errno));
	else
		snprintf(t->msg, sizeof(t->msg), "sent %s to %d", sig == SIGKILL ? "SIGKILL" : "SIGTERM",
		         pid);
}

static void action_adj(struct tui *t)
{
	const struct oomt_proc_details *d = selected(t);
	char val[16], ans[8], q[160], *end;
	long v;
	int pid, r;

	if (!d) {
		snprintf(t->msg, sizeof(t->msg), "select a process first (not in grouped view)");
		return;
	}
	pid = t->scan.procs[t->sel].pid;
	snprintf(q, sizeof(q), "oom_score_adj for %d (%.40s), -1000..1000: ", pid, d->name);
	if (!prompt(t, q, val, sizeof(val)) || !val[0])
		return (void)snprintf(t->msg, sizeof(t->msg), "cancelled");
	v = strtol(val, &end, 10);
	if (*end || v < -1000 || v > 1000)
		return (void)snprintf(t->msg, sizeof(t->msg), "'%s' is not in -1000..1000", val);
	snprintf(q, sizeof(q), "set oom_score_adj of %d to %ld? y/n: ", pid, v);
	if (!prompt(t, q, ans, sizeof(ans)) || ans[0] != 'y')
		return (void)snprintf(t->msg, sizeof(t->msg), "cancelled");
	r = oomt_proc_write_oom_score_adj(t->c->procfd, pid, (int)v);
	if (r < 0)
		snprintf(t->msg, sizeof(t->msg), "oom_score_adj of %d: %s (%s)", pid, strerror(-r),
		         cli_privilege_hint(-r));
	else
		snprintf(t->msg, sizeof(t->msg), "oom_score_adj of %d set to %ld", pid, v);
}

static void action_delay(struct tui *t)
{
	char val[16], *end;
	double v;

	if (!prompt(t, "refresh interval in seconds: ", val, sizeof(val)) || !val[0])
		return;
	v = strtod(val, &end);
	if (*end || !(v >= 0.1 && v <= 3600))
		snprintf(t->msg, sizeof(t->msg), "'%s': give 0.1-3600 seconds", val);
	else
		t->c->interval = v;
}

static void set_sort(struct tui *t, enum oomt_topmem_sort s)
{
	t->c->sort = s;
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
		t->group = (t->group + 1) % (OOMT_TOPMEM_GROUP_COMMAND + 1);
		t->sel = 0;
		set_columns(t);
		return true;
	case '/': case 'f':
		prompt(t, "filter (name, user or cgroup; empty clears): ", t->filter, sizeof(t->filter));
		t->msg[0] = '\0';
		return true;
	case '+': t->c->interval = t->c->interval * 2 > 3600 ? 3600 : t->c->interval * 2; return false;
	case '-': t->c->interval = t->c->interval / 2 < 0.1 ? 0.1 : t->c->interval / 2; return false;
	case 'd': action_delay(t); return false;
	case 'k': action_kill(t); return true;
	case 'a': action_adj(t); return true;
	case '?': case 'h': t->help = true; return false;
	case KEY_DOWN: case 'j': if (t->sel + 1 < t->nrows) t->sel++; return false;
	case KEY_UP: if (t->sel > 0) t->sel--; return false;
	case KEY_NPAGE: case KEY_END: t->sel = t->nrows ? t->nrows - 1 : 0; return false;
	case KEY_PPAGE: case KEY_HOME: t->sel = 0; return false;
	case KEY_RESIZE: return true;
	default: return false;
	}
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);  /* no SA_RESTART: getch() must return so we notice */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int loop(struct tui *t)
{
	struct timespec ts;
	bool quit = false, reload = true;
	int64_t next = 0;

	while (!quit && !quit_signal) {
		int64_t now = now_usec(&ts);
		int ch;

		if (reload || now >= next) {
			int r = refresh_data(t);
			if (r < 0)
				return r;
			next = now_usec(&ts) + (int64_t)(t->c->interval * 1e6);
			reload = false;
		}
		draw(t);
		now = now_usec(&ts);
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

static void tui_free(struct tui *t)
{
	oomt_proc_scan_done(&t->scan);
	oomt_proc_scan_done(&t->prev);
	oomt_topmem_groups_done(&t->groups);
	free(t->details);
	free(t->users);
}

int topmem_tui_run(struct topmem_ctx *c)
{
	struct tui t = { .c = c, .group = c->group };
	int r;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		return cli_usage_error("top-mem", "--watch needs a terminal; use the snapshot "
		                        "(without -w) in scripts");
	}
	/* The first read goes through libproc2 and unloads it, before ncurses is loaded: the
	 * two never share the address space, which keeps the peak RSS of the live view that of
	 * the snapshot. */
	topmem_system_read(c, &t.sys);
	t.sys_fresh = true;
	if (!curses_load()) {
		cli_err("top-mem", "--watch needs %s: cannot load it (install libncursesw6); "
		         "the snapshot (without -w) works without it", OOMT_LIBNCURSESW_SONAME);
		return EXIT_RUNTIME;
	}
	oomt_topmem_groups_init(&t.groups);
	atexit(restore_terminal);
	install_signals();
	if (!nc.initscr()) {
		cli_err("top-mem", "cannot initialise the terminal (TERM=%s)", getenv("TERM"));
		return EXIT_RUNTIME;
	}
	curses_active = true;
	nc.cbreak();
	nc.noecho();
	nc.keypad(*nc.stdscr, TRUE);
	nc.curs_set(0);
	set_columns(&t);
	r = loop(&t);
	restore_terminal();
	tui_free(&t);
	if (r < 0) {
		cli_err("top-mem", "cannot read processes: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	return EXIT_FOUND;
}
