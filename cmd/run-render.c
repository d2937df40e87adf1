/* SPDX-License-Identifier: MIT */
/* oomtool run's human report: words from the library's numbers (lib/run), no I/O but F. */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <oomtool/format.h>
#include "common.h"
#include "run.h"

#define LABEL "  %-11s "
#define MORE "              "

static const char *sz(int64_t bytes, char *buf, size_t bufsz)
{
	return oomt_format_size(bytes, buf, bufsz);
}

static const char *count(int64_t v, char *buf, size_t bufsz)
{
	if (v == OOMT_UNKNOWN)
		snprintf(buf, bufsz, "-");
	else
		snprintf(buf, bufsz, "%" PRId64, v);
	return buf;
}

/* Characters a shell takes literally. */
static bool shell_safe(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		            "_@%+=:,./-", *s))
			return false;
	return true;
}

char *run_command_text(char *const *argv, char *buf, size_t bufsz)
{
	size_t n = 0;

	if (bufsz < 8)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; argv[i]; i++) {
		char word[512];
		size_t wl = 0;

		if (shell_safe(argv[i])) {
			wl = (size_t)snprintf(word, sizeof(word), "%s", argv[i]);
		} else {
			word[wl++] = '\'';
			for (const char *p = argv[i]; *p && wl + 6 < sizeof(word); p++) {
				if (*p == '\'') {
					memcpy(word + wl, "'\\''", 4);
					wl += 4;
				} else {
					word[wl++] = *p;
				}
			}
			word[wl++] = '\'';
			word[wl] = '\0';
		}
		if (wl >= sizeof(word))
			wl = sizeof(word) - 1;
		if (n + wl + 2 + 4 >= bufsz) {
			snprintf(buf + n, bufsz - n, "%s...", n ? " " : "");
			return buf;
		}
		n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", n ? " " : "", word);
	}
	return buf;
}

static const char *limit_text(int64_t bytes, char *buf, size_t bufsz)
{
	if (bytes == OOMT_UNKNOWN)
		return "no limit";
	return sz(bytes, buf, bufsz);
}

static void how_it_ended(const struct oomt_run_try *t, char *buf, size_t bufsz)
{
	const char *name = t->signal ? sigabbrev_np(t->signal) : NULL;

	if (t->interrupt_signal && sigabbrev_np(t->interrupt_signal))
		snprintf(buf, bufsz, "interrupted by SIG%s, exit status %d",
		         sigabbrev_np(t->interrupt_signal), t->exit_status);
	else if (name && t->signal == SIGKILL && !t->oom_killed &&
	         t->verdict != OOMT_RUN_VERDICT_UNKNOWN)
		snprintf(buf, bufsz, "exit status %d, killed by SIGKILL, not by the OOM killer",
		         t->exit_status);
	else if (name)
		snprintf(buf, bufsz, "exit status %d, killed by SIG%s", t->exit_status, name);
	else if (t->signal)
		snprintf(buf, bufsz, "exit status %d, killed by signal %d", t->exit_status,
		         t->signal);
	else
		snprintf(buf, bufsz, "exit status %d", t->exit_status);
}

void run_render_try(FILE *f, const struct oomt_run_try *t, size_t index)
{
	char a[32], b[32], ended[64];

	how_it_ended(t, ended, sizeof(ended));
	fprintf(f, "oomtool run: try %zu, %s: %s (%s), peak %s\n", index + 1,
	        limit_text(t->limit_bytes, a, sizeof(a)),
	        t->oom_killed ? "OOM-killed" : t->exec_errno ? "cannot execute" : "completed",
	        ended, sz(t->peak_bytes, b, sizeof(b)));
}

static void render_title(FILE *f, const struct oomt_run_report *rep, const struct run_opts *o)
{
	const struct oomt_run_try *t = rep->result;
	char a[32], b[32], cmd[160], ended[64];

	run_command_text(rep->argv, cmd, sizeof(cmd));
	how_it_ended(t, ended, sizeof(ended));
	if (rep->find_limit) {
		if (rep->found_limit_bytes != OOMT_UNKNOWN) {
			if (o->step_bytes)
				sz(o->step_bytes, b, sizeof(b));
			else
				snprintf(b, sizeof(b), "%d%%", o->step_percent ? o->step_percent : 5);
			fprintf(f, "oomtool run: %s completes without an OOM kill at %s, the smallest "
			        "limit found (%zu tries, within %s)\n", cmd,
			        sz(rep->found_limit_bytes, a, sizeof(a)), rep->ntries, b);
		} else {
			fprintf(f, "oomtool run: %s does not complete even at %s (%s)\n", cmd,
			        limit_text(t->limit_bytes, a, sizeof(a)), ended);
		}
		return;
	}
	switch (t->verdict) {
	case OOMT_RUN_KILLED:
		if (t->signal == SIGKILL)
			fprintf(f, "oomtool run: %s was OOM-killed under the %s limit (%s)\n", cmd,
			        sz(t->limit_bytes, a, sizeof(a)), ended);
		else   /* --keep-going: a process of it was killed, the command went on */
			fprintf(f, "oomtool run: %s had %s OOM-killed under the %s limit (%s)\n", cmd,
			        t->oom_kills == 1 ? "a process" : "processes",
			        sz(t->limit_bytes, a, sizeof(a)), ended);
		break;
	case OOMT_RUN_FITS_WITH_RECLAIM:
		fprintf(f, "oomtool run: %s fits in %s only with reclaim (%s)\n", cmd,
		        limit_text(t->limit_bytes, a, sizeof(a)), ended);
		break;
	case OOMT_RUN_VERDICT_UNKNOWN:
		fprintf(f, "oomtool run: %s was killed by SIGKILL under the %s limit; this kernel "
		        "keeps no OOM kill counter to say whether the OOM killer did it\n", cmd,
		        sz(t->limit_bytes, a, sizeof(a)));
		break;
	case OOMT_RUN_FITS:
		fprintf(f, "oomtool run: %s fits in %s (%s)\n", cmd,
		        limit_text(t->limit_bytes, a, sizeof(a)), ended);
		break;
	}
}

static void render_cgroup(FILE *f, const struct oomt_run_try *t)
{
	char a[32], b[32], c[32];

	fprintf(f, LABEL "%s (cgroup v%d%s), limit %s", "cgroup", t->cgroup_path,
	        (int)t->cgroup_version,
	        t->backend == OOMT_RUN_BACKEND_SYSTEMD ? ", in a systemd scope" : "",
	        limit_text(t->limit_bytes, a, sizeof(a)));
	if (t->high_bytes != OOMT_UNKNOWN)
		fprintf(f, ", high %s", sz(t->high_bytes, b, sizeof(b)));
	fprintf(f, ", swap %s\n", t->swap_max_bytes == OOMT_UNKNOWN ? "not limited"
	                                                             : sz(t->swap_max_bytes, c, sizeof(c)));
}

static void render_counters(FILE *f, const struct oomt_run_try *t)
{
	bool v1 = t->cgroup_version == OOMT_CGROUP_V1;
	char a[32], b[32], c[32];

	fprintf(f, LABEL "%s for the whole process tree (%s)\n", "peak",
	        sz(t->peak_bytes, a, sizeof(a)),
	        t->peak_source == OOMT_RUN_PEAK_MEMORY_PEAK ? "the kernel's memory.peak" :
	        t->peak_source == OOMT_RUN_PEAK_MAX_USAGE ? "the kernel's max_usage_in_bytes" :
	        "sampled: this kernel keeps no peak");
	fprintf(f, MORE "anon %s, file/cache %s, working set %s at most (%" PRId64 " sample%s)\n",
	        sz(t->peak_anon_bytes, a, sizeof(a)), sz(t->peak_file_bytes, b, sizeof(b)),
	        sz(t->peak_working_set_bytes, c, sizeof(c)), t->samples,
	        t->samples == 1 ? "" : "s");
	fprintf(f, LABEL "%s (%s)\n", "limit hits", count(t->limit_hits, a, sizeof(a)),
	        v1 ? "memory.failcnt" : "memory.events max");
	if (t->high_bytes != OOMT_UNKNOWN)
		fprintf(f, LABEL "%s (memory.events high)\n", "high hits",
		        count(t->high_hits, a, sizeof(a)));
	fprintf(f, LABEL "%s%s\n", "OOM kills", count(t->oom_kills, a, sizeof(a)),
	        t->stopped_after_oom_kill ? "; the command was stopped at the first one" :
	        t->oom_kills == OOMT_UNKNOWN ? " (this kernel keeps no counter)" : "");
	if (t->pressure_stall_usec != OOMT_UNKNOWN)
		fprintf(f, LABEL "%.2fs stalled on memory (memory.pressure some)\n", "pressure",
		        (double)t->pressure_stall_usec / 1e6);
	else
		fprintf(f, LABEL "- (%s)\n", "pressure",
		        v1 ? "cgroup v1 has no memory.pressure" : "no PSI in this kernel");
	fprintf(f, LABEL "%s used at most\n", "swap", sz(t->swap_peak_bytes, a, sizeof(a)));
	fprintf(f, LABEL "%.2fs\n", "wall time", (double)t->wall_usec / 1e6);
}

static void render_verdict(FILE *f, const struct oomt_run_try *t)
{
	char a[32], b[32];

	switch (t->verdict) {
	case OOMT_RUN_FITS:
		if (t->limit_bytes == OOMT_UNKNOWN)
			fprintf(f, LABEL "fits: no limit was set\n", "verdict");
		else
			fprintf(f, LABEL "fits: the limit was never hit; the peak stayed %s below it\n",
			        "verdict",
			        sz(t->peak_bytes != OOMT_UNKNOWN && t->peak_bytes < t->limit_bytes ?
			           t->limit_bytes - t->peak_bytes : 0, a, sizeof(a)));
		break;
	case OOMT_RUN_FITS_WITH_RECLAIM:
		fprintf(f, LABEL "fits only with reclaim: the kernel had to reclaim page cache%s "
		        "to keep it under %s\n", "verdict",
		        t->swap_max_bytes != 0 ? " or swap" : "",
		        sz(t->high_bytes != OOMT_UNKNOWN && (t->limit_hits == 0) ? t->high_bytes
		                                                                : t->limit_bytes,
		           b, sizeof(b)));
		break;
	case OOMT_RUN_KILLED:
		fprintf(f, LABEL "killed: it needs more than %s\n", "verdict",
		        sz(t->limit_bytes, a, sizeof(a)));
		break;
	case OOMT_RUN_VERDICT_UNKNOWN:
		fprintf(f, LABEL "unknown: killed by SIGKILL, by the OOM killer or by someone "
		        "else\n", "verdict");
		break;
	}
}

static void render_suggestion(FILE *f, const struct oomt_run_report *rep)
{
	const struct oomt_run_try *t = rep->result;
	char a[32], b[32], cmd[160];

	if (rep->suggested_limit_bytes != OOMT_UNKNOWN) {
		fprintf(f, LABEL "%s: %s %s + %d%%, rounded up\n", "suggested",
		        sz(rep->suggested_limit_bytes, a, sizeof(a)),
		        rep->found_limit_bytes != OOMT_UNKNOWN &&
		                rep->suggestion_base_bytes == rep->found_limit_bytes ?
		            "the smallest limit found" : "the working set",
		        sz(rep->suggestion_base_bytes, b, sizeof(b)), rep->margin_percent);
		fprintf(f, MORE "docker run -m %s ...\n",
		        oomt_run_limit_format(rep->suggested_limit_bytes, OOMT_RUN_LIMIT_DOCKER, a,
		                              sizeof(a)));
		fprintf(f, MORE "resources.limits.memory: %s\n",
		        oomt_run_limit_format(rep->suggested_limit_bytes, OOMT_RUN_LIMIT_KUBERNETES,
		                              a, sizeof(a)));
		fprintf(f, MORE "MemoryMax=%s\n",
		        oomt_run_limit_format(rep->suggested_limit_bytes, OOMT_RUN_LIMIT_SYSTEMD, a,
		                              sizeof(a)));
		return;
	}
	if (t->verdict == OOMT_RUN_KILLED && t->limit_bytes != OOMT_UNKNOWN &&
	    t->limit_bytes < INT64_MAX / 4) {
		run_command_text(rep->argv, cmd, sizeof(cmd));
		fprintf(f, LABEL "find the limit it needs:\n" MORE "oomtool run --find-limit=%s..%s "
		        "-- %s\n", "next",
		        oomt_run_limit_format(t->limit_bytes, OOMT_RUN_LIMIT_SYSTEMD, a, sizeof(a)),
		        oomt_run_limit_format(t->limit_bytes * 4, OOMT_RUN_LIMIT_SYSTEMD, b,
		                              sizeof(b)),
		        cmd);
	}
}

void run_render_report(FILE *f, const struct oomt_run_report *rep, const struct run_opts *o)
{
	const struct oomt_run_try *t = rep->result;

	if (!t)
		return;
	render_title(f, rep, o);
	render_cgroup(f, t);
	render_counters(f, t);
	render_verdict(f, t);
	render_suggestion(f, rep);
}
