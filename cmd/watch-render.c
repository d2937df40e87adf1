/* SPDX-License-Identifier: MIT */
/* oomtool watch's words: the start-up report and one line per event. The facts and the
 * advice codes are the library's (oomtool/watch.h); the wording is free to improve. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include "common.h"
#include "output.h"
#include "watch.h"

#define SUB "watch"

struct line {
	char *buf;
	size_t size, len;
};

__attribute__((format(printf, 2, 3)))
static void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len + 1 >= l->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, l->size - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len = l->len + (size_t)n < l->size ? l->len + (size_t)n : l->size - 1;
}

/* "45s", "3m20s", "2h05m", "3d4h" */
static const char *span(int64_t sec, char *buf, size_t size)
{
	if (sec == OOMT_UNKNOWN)
		snprintf(buf, size, "?");
	else if (sec < 60)
		snprintf(buf, size, "%" PRId64 "s", sec);
	else if (sec < 3600)
		snprintf(buf, size, "%" PRId64 "m%02" PRId64 "s", sec / 60, sec % 60);
	else if (sec < 86400)
		snprintf(buf, size, "%" PRId64 "h%02" PRId64 "m", sec / 3600, sec % 3600 / 60);
	else
		snprintf(buf, size, "%" PRId64 "d%" PRId64 "h", sec / 86400, sec % 86400 / 3600);
	return buf;
}

static const char *size(const struct watch_options *o, int64_t bytes, char *buf, size_t n)
{
	return out_format_size(bytes, o->bytes, buf, n);
}

static void scope_label(struct line *l, const struct oomt_watch_event *ev)
{
	if (ev->cgroup_version == 0) {
		add(l, "host");
		return;
	}
	add(l, "cgroup %s", ev->scope);
	if (strcmp(ev->name, ev->scope) != 0)
		add(l, " (%s)", ev->name);
}

static void usage_part(struct line *l, const struct oomt_watch_event *ev,
                       const struct watch_options *o)
{
	char a[32], b[32];

	if (ev->used_bytes == OOMT_UNKNOWN || ev->limit_bytes == OOMT_UNKNOWN)
		return;
	add(l, "; %s of %s used", size(o, ev->used_bytes, a, sizeof(a)),
	    size(o, ev->limit_bytes, b, sizeof(b)));
}

static void details(struct line *l, const struct oomt_watch_event *ev,
                    const struct watch_options *o)
{
	char a[32], b[32];

	if (ev->n_growers) {
		add(l, "; fastest: ");
		for (size_t i = 0; i < ev->n_growers; i++) {
			const struct oomt_watch_grower *g = &ev->growers[i];

			add(l, "%s%s (pid %" PRId64 ") +%s/s", i ? ", " : "", g->name, g->pid,
			    size(o, g->growth_bytes_per_sec, a, sizeof(a)));
		}
	}
	if (ev->has_victim) {
		add(l, "; the kernel would kill %s (pid %" PRId64 ", %s)", ev->victim.name,
		    ev->victim.pid, size(o, ev->victim.rss_bytes, a, sizeof(a)));
		if (ev->victim.is_top_grower)
			add(l, ", the fastest grower,");
		add(l, " now");
	} else if (ev->details_error == -EBUSY) {
		add(l, "; (too many warnings at once: run 'oomtool top-mem --sort growth' and "
		    "'oomtool explain-kill --now')");
	}
	for (size_t i = 0; i < ev->n_advice; i++) {
		const struct oomt_watch_advice *a_ = &ev->advice[i];

		switch (a_->code) {
		case OOMT_WATCH_ADVICE_VICTIM_NOT_GROWER:
			add(l, "; it is not the grower: fix or limit pid %" PRId64
			    ", or protect the victim ('oomtool protect')", a_->pid);
			break;
		case OOMT_WATCH_ADVICE_GROWER_PROTECTED:
			if (a_->value == -1000)
				add(l, "; pid %" PRId64 " is exempt (oom_score_adj -1000): the kernel "
				    "can never pick it", a_->pid);
			else
				add(l, "; pid %" PRId64 " is protected (oom_score_adj %" PRId64 ")",
				    a_->pid, a_->value);
			break;
		case OOMT_WATCH_ADVICE_GROWER_UNLIMITED:
			add(l, "; pid %" PRId64 "'s cgroup has no memory limit: one would keep the "
			    "OOM inside it", a_->pid);
			break;
		case OOMT_WATCH_ADVICE_LIMIT_DELAYS:
			add(l, "; a larger limit only delays a steady leak: %s more buys %s",
			    size(o, a_->bytes, a, sizeof(a)), span(a_->sec, b, sizeof(b)));
			break;
		case OOMT_WATCH_ADVICE_NO_SWAP:
			add(l, "; no swap: %s of swap would buy %s ('oomtool swap-setup')",
			    size(o, a_->bytes, a, sizeof(a)), span(a_->sec, b, sizeof(b)));
			break;
		case OOMT_WATCH_ADVICE_SWAP_LOW:
			add(l, "; swap nearly full (%s free)", size(o, a_->bytes, a, sizeof(a)));
			break;
		}
	}
}

static void psi_part(struct line *l, const struct oomt_watch_event *ev)
{
	struct oomt_psi_trigger t = { .struct_size = sizeof(t), .full = ev->psi_full,
	                              .stall_usec = ev->psi_stall_usec,
	                              .window_usec = ev->psi_window_usec };
	char th[64];

	if (ev->has_psi)
		add(l, "some %.1f%%, full %.1f%% of the last 10s stalled", ev->psi.some.avg10,
		    ev->psi.has_full ? ev->psi.full.avg10 : 0.0);
	if (ev->psi_mode != OOMT_WATCH_PSI_NONE)
		add(l, " (threshold %s)", oomt_psi_trigger_format(&t, th, sizeof(th)));
}

void watch_event_line(const struct oomt_watch_event *ev, const struct watch_options *o,
                      char *buf, size_t bufsz)
{
	struct line l = { .buf = buf, .size = bufsz };
	char a[32], b[32];

	buf[0] = '\0';
	scope_label(&l, ev);
	add(&l, ": ");
	switch (ev->kind) {
	case OOMT_WATCH_ETA:
		if (ev->eta_sec == 0)
			add(&l, "out of memory within a second");
		else
			add(&l, "%s in ~%s", ev->warning > 1 ? "out of memory sooner" : "out of memory",
			    span(ev->eta_sec, a, sizeof(a)));
		add(&l, " at +%s/s (confidence %.2f)", size(o, ev->growth_bytes_per_sec, b, sizeof(b)),
		    ev->confidence);
		usage_part(&l, ev, o);
		details(&l, ev, o);
		break;
	case OOMT_WATCH_PRESSURE:
		add(&l, "memory pressure: ");
		psi_part(&l, ev);
		usage_part(&l, ev, o);
		details(&l, ev, o);
		break;
	case OOMT_WATCH_OOM_KILL:
		if (ev->kill.logged) {
			add(&l, "OOM kill: %s (pid %" PRId64 ", %s) killed by %s%s", ev->kill.name,
			    ev->kill.pid, size(o, ev->kill.rss_bytes, a, sizeof(a)),
			    strcmp(ev->kill.killer, "kernel") == 0 ? "the " : "", ev->kill.killer);
			if (ev->kill.constraint && strcmp(ev->kill.constraint, "memcg") == 0 &&
			    ev->kill.memcg[0])
				add(&l, " at the limit of %s", ev->kill.memcg);
			else if (ev->kill.constraint)
				add(&l, " (%s)", ev->kill.constraint);
		} else {
			add(&l, "OOM kill%s counted by the kernel (%" PRId64 "), not in the log: see "
			    "'oomtool scan-logs'", ev->kill.count > 1 ? "s" : "", ev->kill.count);
		}
		break;
	case OOMT_WATCH_RECOVERED:
		if (ev->recovered_from == OOMT_WATCH_PRESSURE)
			add(&l, "recovered: the memory pressure is gone (it lasted %s)",
			    span(ev->duration_usec / 1000000, a, sizeof(a)));
		else
			add(&l, "recovered: no longer heading for an OOM (warned for %s)",
			    span(ev->duration_usec / 1000000, a, sizeof(a)));
		usage_part(&l, ev, o);
		break;
	}
}

void watch_print_event(FILE *f, const struct oomt_watch_event *ev, const struct watch_options *o)
{
	char line[4096], when[32];

	watch_event_line(ev, o, line, sizeof(line));
	fprintf(f, "%s %s\n", out_format_time(ev->time_usec, when, sizeof(when)), line);
}

static const char *psi_words(const struct oomt_watch_scope *s, char *buf, size_t bufsz)
{
	struct oomt_psi_trigger t = { .struct_size = sizeof(t), .full = s->psi_full,
	                              .stall_usec = s->psi_stall_usec,
	                              .window_usec = s->psi_window_usec };
	char th[64];

	oomt_psi_trigger_format(&t, th, sizeof(th));
	switch (s->psi_mode) {
	case OOMT_WATCH_PSI_TRIGGER:
		snprintf(buf, bufsz, "PSI trigger %s%s", th, s->psi_window_rounded
		         ? " (window rounded up to a multiple of 2s: no CAP_SYS_RESOURCE)" : "");
		break;
	case OOMT_WATCH_PSI_POLLED:
		snprintf(buf, bufsz, "read every interval against %s (trigger refused: %s)", th,
		         strerror(-s->psi_error));
		break;
	default:
		if (s->cgroup_version == 1)
			snprintf(buf, bufsz, "none (cgroup v1 has no memory.pressure)");
		else if (s->psi_error)
			snprintf(buf, bufsz, "none (%s)", strerror(-s->psi_error));
		else
			snprintf(buf, bufsz, "off");
		break;
	}
	return buf;
}

void watch_describe(FILE *f, const struct oomt_watch *w, const struct watch_options *o,
                    int lock_error)
{
	size_t n = oomt_watch_scope_count(w), cgroups = 0, shown = 0;
	const char *source = NULL;
	char buf[256], a[32];
	int r;

	for (size_t i = 0; i < n; i++) {
		const struct oomt_watch_scope *s = oomt_watch_scope(w, i);

		if (s->cgroup_version == 0) {
			fprintf(f, "oomtool watch: host: MemAvailable + SwapFree; pressure: %s\n",
			        psi_words(s, buf, sizeof(buf)));
			continue;
		}
		cgroups++;
		if (shown++ < 8)
			fprintf(f, "oomtool watch: cgroup %s (v%d): limit %s; pressure: %s\n", s->path,
			        s->cgroup_version, size(o, s->limit_bytes, a, sizeof(a)),
			        psi_words(s, buf, sizeof(buf)));
	}
	if (shown > 8)
		fprintf(f, "oomtool watch: ... and %zu more cgroups\n", shown - 8);
	if (!o->watch.n_cgroups && !o->watch.n_units)
		fprintf(f, "oomtool watch: %zu memory cgroup%s with a limit (looked for every 30s)\n",
		        cgroups, cgroups == 1 ? "" : "s");
	r = oomt_watch_kill_source(w, &source);
	if (r == 0)
		fprintf(f, "oomtool watch: OOM kills: following %s\n", source ? source : "the log");
	else if (o->watch.flags & OOMT_WATCH_NO_KILLS || r == -EOPNOTSUPP)
		fprintf(f, "oomtool watch: OOM kills: counted only (the kernel's oom_kill counters)\n");
	else
		fprintf(f, "oomtool watch: OOM kills: counted only; cannot follow %s: %s\n",
		        source ? source : "the log",
		        r == -EACCES || r == -EPERM ? "permission denied (run as root or add yourself "
		        "to the adm group)" : strerror(-r));
	if (!o->no_lock)
		fprintf(f, "oomtool watch: memory %s\n", lock_error == 0 ? "locked (mlockall)"
		        : lock_error == -EPERM || lock_error == -ENOMEM
		          ? "not locked: not permitted (RLIMIT_MEMLOCK; run as root)"
		          : "not locked: mlockall(MCL_ONFAULT) not supported");
	fflush(f);
}

void watch_hook_failed(const struct oomt_watch_exec_stats *st)
{
	int s = st->last_status;

	if (st->last_error)
		cli_warn(SUB, "--exec: cannot run the hook: %s", strerror(-st->last_error));
	else if (WIFSIGNALED(s))
		cli_warn(SUB, "--exec: the hook was killed by signal %d%s", WTERMSIG(s),
		         st->timed_out ? " (it ran past --exec-timeout)" : "");
	else if (WIFEXITED(s))
		cli_warn(SUB, "--exec: the hook exited with status %d", WEXITSTATUS(s));
}
