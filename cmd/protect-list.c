/* SPDX-License-Identifier: MIT */
/* oomtool protect (no action): the table of processes and a sentence for each flag. The
 * library gathers and attributes (oomt_protect_list_new); this file words it. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <oomtool/format.h>
#include <oomtool/protect-json.h>
#include "common.h"
#include "protect.h"

enum {
	COL_PID, COL_PPID, COL_USER, COL_COMMAND, COL_ADJ, COL_OOM_SCORE, COL_RSS, COL_UNIT,
	COL_SOURCE, COL_CONFIGURED, COL_FROM, COL_POLICY, COL_FLAGS,
};

static const struct out_column columns[] = {
	[COL_PID] = { "PID", 6, SCOLS_FL_RIGHT, "process ID" },
	[COL_PPID] = { "PPID", 6, SCOLS_FL_RIGHT, "parent process ID" },
	[COL_USER] = { "USER", 8, 0, "effective user" },
	[COL_COMMAND] = { "COMMAND", 12, 0, "process name (comm)" },
	[COL_ADJ] = { "ADJ", 5, SCOLS_FL_RIGHT, "oom_score_adj now (-1000..1000)" },
	[COL_OOM_SCORE] = { "OOM_SCORE", 5, SCOLS_FL_RIGHT, "the kernel's badness (oom_score)" },
	[COL_RSS] = { "RSS", 6, SCOLS_FL_RIGHT, "resident set size" },
	[COL_UNIT] = { "UNIT", 0.2, SCOLS_FL_TRUNC, "systemd unit, container or pod" },
	[COL_SOURCE] = { "SOURCE", 0.15, 0, "where the value comes from" },
	[COL_CONFIGURED] = { "CONFIGURED", 5, SCOLS_FL_RIGHT,
	                     "the value the source configures; - = none" },
	[COL_FROM] = { "FROM", 0.3, SCOLS_FL_TRUNC, "the unit file or drop-in that configures it" },
	[COL_POLICY] = { "POLICY", 8, 0, "the unit's OOMPolicy=" },
	[COL_FLAGS] = { "FLAGS", 0.2, SCOLS_FL_WRAP, "what to look at (see below the table)" },
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))
#define DEFAULT_COLUMNS "PID,USER,COMMAND,ADJ,OOM_SCORE,RSS,UNIT,SOURCE,FLAGS"

void protect_columns_help(FILE *f)
{
	out_columns_help(f, columns, NCOLS);
}

static bool known(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

static const char *qos_name(enum oomt_pod_qos q)
{
	return q == OOMT_POD_QOS_GUARANTEED ? "Guaranteed" : q == OOMT_POD_QOS_BURSTABLE
	       ? "Burstable" : q == OOMT_POD_QOS_BESTEFFORT ? "BestEffort" : "";
}

static const char *source_text(const struct oomt_protect_process *p, char *buf, size_t sz)
{
	switch (p->source) {
	case OOMT_ADJ_INHERITED:
		snprintf(buf, sz, "inherited from %d", p->parent_pid);
		return buf;
	case OOMT_ADJ_KUBELET:
		snprintf(buf, sz, "kubelet (%s)", qos_name(p->qos));
		return buf;
	case OOMT_ADJ_UNIT:
		snprintf(buf, sz, "unit");
		return buf;
	default:
		return oomt_adj_source_name(p->source);
	}
}

static void flags_text(uint32_t flags, char *buf, size_t sz)
{
	buf[0] = '\0';
	for (unsigned b = 0; b < OOMT_PROTECT_FLAG_BITS; b++)
		if (flags & (1u << b))
			snprintf(buf + strlen(buf), sz - strlen(buf), "%s%s", buf[0] ? "," : "",
			         oomt_protect_flag_name(1u << b));
}

/* "cri-containerd-<64 hex>.scope" -> "cri-containerd-<12 hex>….scope": a container id is
 * known by its first 12 digits (docker ps). */
static const char *short_ids(const char *in, char *buf, size_t sz)
{
	size_t n = 0, run = 0;

	for (const char *p = in; *p && n + 4 < sz; p++) {
		bool hex = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');

		run = hex ? run + 1 : 0;
		if (hex && run > 12) {
			size_t len = strspn(p, "0123456789abcdef");

			if (run + len - 1 >= 32) {      /* a long id: cut it */
				memcpy(buf + n, "\u2026", 3);
				n += 3;
				p += len - 1;
				run = 0;
				continue;
			}
		}
		buf[n++] = *p;
	}
	buf[n] = '\0';
	return buf;
}

static void row(struct out_table *t, const struct oomt_protect_process *p)
{
	struct libscols_line *ln = out_table_line(t);
	char buf[256], esc[OOMT_PROC_NAME_MAX * 4];

	out_cell_int(t, ln, COL_PID, p->pid);
	out_cell_int(t, ln, COL_PPID, p->parent_pid);
	out_cell(t, ln, COL_USER, p->user);
	oomt_proc_escape(p->comm, strlen(p->comm), esc, sizeof(esc));
	out_cell(t, ln, COL_COMMAND, esc);
	out_cell_int(t, ln, COL_ADJ, p->oom_score_adj);
	out_cell_int(t, ln, COL_OOM_SCORE, p->oom_score);
	out_cell_size(t, ln, COL_RSS, p->rss_bytes);
	out_cell(t, ln, COL_UNIT, !p->workload[0] ? "-" : t->opts.raw ? p->workload
	                          : short_ids(p->workload, buf, sizeof(buf)));
	out_cell(t, ln, COL_SOURCE, source_text(p, buf, sizeof(buf)));
	out_cell_int(t, ln, COL_CONFIGURED, p->configured_adj);
	out_cell(t, ln, COL_FROM, p->configured_from[0] ? p->configured_from : "-");
	out_cell(t, ln, COL_POLICY, p->oom_policy[0] ? p->oom_policy : "-");
	flags_text(p->flags, buf, sizeof(buf));
	out_cell(t, ln, COL_FLAGS, buf[0] ? buf : "-");
}

/* ---- the notes under the table: one sentence per flag ---- */

static void note(const struct oomt_protect_process *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void note(const struct oomt_protect_process *p, const char *fmt, ...)
{
	char esc[OOMT_PROC_NAME_MAX * 4], text[1024];
	va_list ap;

	oomt_proc_escape(p->comm, strlen(p->comm), esc, sizeof(esc));
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	printf("%d (%s): %s\n", p->pid, esc, text);
}

static void notes(const struct oomt_protect_process *p, bool bytes)
{
	char a[32], b[32];

	if (p->flags & OOMT_PROTECT_DRIFT) {
		if (known(p->configured_adj))
			note(p, "drift: %s configures %" PRId64 " (%s), the process has %" PRId64 "; "
			     "a write to /proc since it started (by hand, or a restart outside the "
			     "manager) is lost at the next restart",
			     p->unit[0] ? p->unit : "its manager", p->configured_adj, p->configured_from,
			     p->oom_score_adj);
		else
			note(p, "drift: %" PRId64 " is not a value the kubelet gives a %s pod",
			     p->oom_score_adj, qos_name(p->qos));
	}
	if (p->flags & (OOMT_PROTECT_UNKILLABLE_LARGE | OOMT_PROTECT_UNKILLABLE_GROWING)) {
		out_format_size(p->rss_bytes, bytes, a, sizeof(a));
		if (known(p->rss_growth_bytes))
			out_format_size(p->rss_growth_bytes, bytes, b, sizeof(b));
		note(p, "-1000 on a process holding %s%s%s: the OOM killer never picks it, so if it "
		     "leaks everything else is killed first; -900 keeps it last but killable "
		     "(oomtool protect set %d -900)", a,
		     p->flags & OOMT_PROTECT_UNKILLABLE_GROWING ? " and growing (+" : "",
		     p->flags & OOMT_PROTECT_UNKILLABLE_GROWING ? b : "", p->pid);
	}
	if (p->flags & OOMT_PROTECT_CHILDREN_INHERIT)
		note(p, "%" PRId64 " child process(es) inherited its %" PRId64 " (a shell, a session, "
		     "a worker it started is protected too); 'oomtool protect set %d 0' on them, or "
		     "start them with 'choom -n 0 --'", p->children_inheriting, p->oom_score_adj,
		     p->pid);
	if (p->flags & OOMT_PROTECT_OOM_POLICY_KILL)
		note(p, "%s has OOMPolicy=kill: one OOM kill in it stops the whole unit",
		     p->unit);
	if (p->flags & OOMT_PROTECT_OOM_GROUP)
		note(p, "memory.oom.group is set on its cgroup: the kernel kills the whole group "
		     "together");
	if (p->flags & (OOMT_PROTECT_OOMD_AVOID | OOMT_PROTECT_OOMD_OMIT))
		note(p, "systemd-oomd %s this cgroup (ManagedOOMPreference=%s)",
		     p->flags & OOMT_PROTECT_OOMD_OMIT ? "never kills" : "avoids",
		     p->flags & OOMT_PROTECT_OOMD_OMIT ? "omit" : "avoid");
}

static int print_table(const struct protect_opts *o, const struct oomt_protect_list *l,
                       size_t *ret_rows)
{
	struct out_table t;
	int ids[NCOLS];
	size_t nids, rows = 0;
	int r = cli_opt_columns(PROTECT_SUB, columns, NCOLS, DEFAULT_COLUMNS, o->columns, ids,
	                        &nids);

	if (r != CLI_CONTINUE)
		return r;
	if (out_table_init(&t, columns, NCOLS, ids, nids, &o->out) < 0) {
		cli_err(PROTECT_SUB, "cannot build the table: %s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	for (size_t i = 0; i < oomt_protect_list_count(l); i++) {
		const struct oomt_protect_process *p = oomt_protect_list_get(l, i);

		if (o->all || p->listed) {
			row(&t, p);
			rows++;
		}
	}
	if (rows)
		out_table_print(&t);
	else
		printf("No process has an oom_score_adj other than 0.\n");
	out_table_done(&t);
	if (!o->out.raw)
		for (size_t i = 0; i < oomt_protect_list_count(l); i++) {
			const struct oomt_protect_process *p = oomt_protect_list_get(l, i);

			if (o->all || p->listed)
				notes(p, o->out.bytes);
		}
	*ret_rows = rows;
	return 0;
}

int protect_list(const struct protect_opts *o)
{
	struct oomt_protect_opts lo = { .struct_size = sizeof(lo), .sysroot = o->sysroot,
	                                .systemd = o->systemd };
	struct oomt_protect_list *first = NULL, *l = NULL;
	size_t rows = 0;
	int r;

	r = oomt_protect_list_new(&lo, NULL, &l);
	if (r == 0 && o->sample_usec > 0) {
		first = l;
		l = NULL;
		if ((r = cli_sleep_usec(o->sample_usec)) == 0)
			r = oomt_protect_list_new(&lo, first, &l);
	}
	oomt_protect_list_free(first);
	if (r < 0) {
		cli_err(PROTECT_SUB, "cannot read the processes under '%s/proc': %s",
		        o->sysroot ? o->sysroot : "", strerror(-r));
		return r == -EACCES || r == -EPERM ? EXIT_PRIVILEGE : EXIT_RUNTIME;
	}
	if (o->out.json) {
		struct oomt_json *j = cli_json_new(PROTECT_SUB, true);

		oomt_protect_list_write_json(j, l, o->all);
		cli_json_done(j);
		for (size_t i = 0; i < oomt_protect_list_count(l); i++)
			rows += o->all || oomt_protect_list_get(l, i)->listed;
	} else if ((r = print_table(o, l, &rows)) != 0) {
		oomt_protect_list_free(l);
		return r;
	}
	oomt_protect_list_free(l);
	return cli_finish_stdout(PROTECT_SUB, rows ? EXIT_FOUND : EXIT_NOTHING);
}
