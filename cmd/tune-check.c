/* SPDX-License-Identifier: MIT */
/*
 * oomtool tune (check): the settings table with where each value comes from, then the
 * findings in words with the command that applies the advice. The library reads and judges
 * (oomt_tune_check_new); the JSON stays stable while this prose improves.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <oomtool/format.h>
#include <oomtool/tune-json.h>
#include "common.h"
#include "plan-prompt.h"
#include "tune.h"

enum { COL_KEY, COL_VALUE, COL_SOURCE, COL_DEFAULT, COL_ORIGIN, COL_FILE, COL_CONFIGURED };

static const struct out_column columns[] = {
	[COL_KEY] = { "KEY", 0.25, 0, "the setting" },
	[COL_VALUE] = { "VALUE", 10, 0, "its value now" },
	[COL_SOURCE] = { "SOURCE", 0.4, SCOLS_FL_TRUNC, "where the value comes from" },
	[COL_DEFAULT] = { "DEFAULT", 7, 0, "the kernel's default; - = depends on the machine" },
	[COL_ORIGIN] = { "ORIGIN", 8, 0, "default, file, cmdline, runtime or oomtool" },
	[COL_FILE] = { "FILE", 0.3, SCOLS_FL_TRUNC, "the file that configures it at boot" },
	[COL_CONFIGURED] = { "CONFIGURED", 10, 0, "the value boot configuration gives" },
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))
#define DEFAULT_COLUMNS "KEY,VALUE,SOURCE,DEFAULT"

void tune_columns_help(FILE *f)
{
	out_columns_help(f, columns, NCOLS);
}

/* "file:line", "file" (the command line), or "" */
static const char *where(const struct oomt_tune_setting *s, char *buf, size_t sz)
{
	if (!s->file[0])
		buf[0] = '\0';
	else if (s->line)
		(void)(snprintf(buf, sz, "%s:%u", s->file, s->line) < 0);
	else
		(void)(snprintf(buf, sz, "%s", s->file) < 0);
	return buf;
}

static const char *source_text(const struct oomt_tune_setting *s, char *buf, size_t sz)
{
	char at[PATH_MAX + 16];
	int n = 0;

	where(s, at, sizeof(at));
	switch (s->origin) {
	case OOMT_TUNE_FILE:
		n = snprintf(buf, sz, "%s", at);
		break;
	case OOMT_TUNE_CMDLINE:
		n = snprintf(buf, sz, "kernel command line");
		break;
	case OOMT_TUNE_RUNTIME:
		n = s->configured[0] ? snprintf(buf, sz, "set since boot (boot: %s from %s)",
		                                s->configured, at)
		                     : snprintf(buf, sz, "set since boot");
		break;
	case OOMT_TUNE_OOMTOOL:
		n = s->configured[0] ? snprintf(buf, sz, "oomtool tune set (boot: %s from %s)",
		                                s->configured, at)
		                     : snprintf(buf, sz, "oomtool tune set");
		break;
	default:
		n = snprintf(buf, sz, "kernel default");
		break;
	}
	(void)n;
	return buf;
}

static int print_settings(const struct tune_opts *o, const struct oomt_tune_check *c)
{
	const struct oomt_tune_setting *s;
	size_t n = oomt_tune_check_settings(c, &s), nids;
	struct out_table t;
	int ids[NCOLS];
	char buf[PATH_MAX + 600];
	int r = cli_opt_columns(TUNE_SUB, columns, NCOLS, DEFAULT_COLUMNS, o->columns, ids, &nids);

	if (r != CLI_CONTINUE)
		return r;
	if (out_table_init(&t, columns, NCOLS, ids, nids, &o->out) < 0) {
		cli_err(TUNE_SUB, "cannot build the table: %s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	for (size_t i = 0; i < n; i++) {
		struct libscols_line *ln = out_table_line(&t);

		out_cell(&t, ln, COL_KEY, s[i].key);
		out_cell(&t, ln, COL_VALUE, s[i].readable ? s[i].value : "-");
		out_cell(&t, ln, COL_SOURCE, s[i].readable ? source_text(&s[i], buf, sizeof(buf)) : "-");
		out_cell(&t, ln, COL_DEFAULT, s[i].kernel_default ? s[i].kernel_default : "-");
		out_cell(&t, ln, COL_ORIGIN, oomt_tune_origin_name(s[i].origin));
		out_cell(&t, ln, COL_FILE, s[i].file[0] ? s[i].file : "-");
		out_cell(&t, ln, COL_CONFIGURED, s[i].configured[0] ? s[i].configured : "-");
	}
	out_table_print(&t);
	out_table_done(&t);
	return 0;
}

/* ---- findings in words ---- */

static int64_t num(const struct oomt_tune_finding *f, const char *key, bool advice)
{
	const struct oomt_kv *kv = advice ? f->advice : f->evidence;
	size_t n = advice ? f->n_advice : f->n_evidence;

	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].num;
	return OOMT_UNKNOWN;
}

static const char *str(const struct oomt_tune_finding *f, const char *key)
{
	for (size_t i = 0; i < f->n_evidence; i++)
		if (strcmp(f->evidence[i].key, key) == 0 && f->evidence[i].str)
			return f->evidence[i].str[0] ? f->evidence[i].str : "-";
	return "-";
}

struct words {
	char what[768];
	char advice[384];
};

static const char *size(int64_t v, char *buf, size_t sz)
{
	return oomt_format_size(v, buf, sz);
}

static void word_memory(const struct oomt_tune_finding *f, struct words *w)
{
	char a[32], b[32], c[32];
	const char *code = f->code;

	if (strcmp(code, "swappiness_zero_with_swap") == 0) {
		snprintf(w->what, sizeof(w->what), "vm.swappiness is 0 with %s of swap: anonymous "
		         "memory is swapped only once the page cache is nearly gone, so the OOM "
		         "killer can strike while swap is still free.",
		         size(num(f, "swap_bytes", false), a, sizeof(a)));
		snprintf(w->advice, sizeof(w->advice), "oomtool tune set vm.swappiness=%" PRId64
		         " --persist", num(f, "swappiness", true));
	} else if (strcmp(code, "swappiness_high_without_swap") == 0) {
		snprintf(w->what, sizeof(w->what), "vm.swappiness is %" PRId64 " but there is no "
		         "swap: it has nothing to act on.", num(f, "swappiness", false));
	} else if (strcmp(code, "no_swap") == 0) {
		snprintf(w->what, sizeof(w->what), "No swap: anonymous memory can never leave RAM "
		         "(%s), so a burst goes straight to the OOM killer.",
		         size(num(f, "ram_bytes", false), a, sizeof(a)));
		snprintf(w->advice, sizeof(w->advice), "oomtool swap-setup --size %s",
		         size(num(f, "swap_size_bytes", true), b, sizeof(b)));
	} else if (strcmp(code, "zswap_without_swap") == 0) {
		snprintf(w->what, sizeof(w->what), "zswap is enabled without swap: it compresses "
		         "pages on their way to swap, so with no swap it does nothing.");
	} else if (strcmp(code, "swap_disk_before_zram") == 0) {
		snprintf(w->what, sizeof(w->what), "Swap %s (priority %" PRId64 ") is used before "
		         "zram %s (priority %" PRId64 "): the kernel fills the higher priority first, "
		         "so the slow disk takes pages the fast compressed RAM could hold.",
		         str(f, "disk_path"), num(f, "disk_priority", false), str(f, "zram_path"),
		         num(f, "zram_priority", false));
		snprintf(w->advice, sizeof(w->advice), "give zram priority %" PRId64
		         " (swapon -p, or pri= in fstab)", num(f, "zram_priority", true));
	} else if (strcmp(code, "overcommit_never_near_limit") == 0 ||
	           strcmp(code, "overcommit_never_below_ram") == 0) {
		bool near = strcmp(code, "overcommit_never_near_limit") == 0;

		snprintf(w->what, sizeof(w->what), "vm.overcommit_memory is 2 (never overcommit): "
		         "CommitLimit is %s, %s is committed, RAM is %s. %s",
		         size(num(f, "commit_limit_bytes", false), a, sizeof(a)),
		         size(num(f, "committed_as_bytes", false), b, sizeof(b)),
		         size(num(f, "ram_bytes", false), c, sizeof(c)),
		         near ? "Allocations fail (ENOMEM) before memory runs out: programs crash "
		                "instead of the OOM killer choosing."
		              : "Part of RAM can never be allocated.");
		if (num(f, "overcommit_kbytes", true) != OOMT_UNKNOWN)
			snprintf(w->advice, sizeof(w->advice), "oomtool tune set vm.overcommit_kbytes=%"
			         PRId64 " --persist", num(f, "overcommit_kbytes", true));
		else
			snprintf(w->advice, sizeof(w->advice), "oomtool tune set vm.overcommit_ratio=%"
			         PRId64 " --persist", num(f, "overcommit_ratio", true));
	} else if (strcmp(code, "admin_reserve_low") == 0) {
		snprintf(w->what, sizeof(w->what), "vm.admin_reserve_kbytes is %" PRId64 " KiB: "
		         "with overcommit_memory=2 root may find no room to log in and recover.",
		         num(f, "admin_reserve_kbytes", false));
		snprintf(w->advice, sizeof(w->advice), "oomtool tune set vm.admin_reserve_kbytes=%"
		         PRId64 " --persist", num(f, "admin_reserve_kbytes", true));
	} else if (strcmp(code, "overcommit_always") == 0) {
		snprintf(w->what, sizeof(w->what), "vm.overcommit_memory is 1: every allocation is "
		         "granted whatever is free (%s committed, %s RAM); the OOM killer is the only "
		         "brake.", size(num(f, "committed_as_bytes", false), a, sizeof(a)),
		         size(num(f, "ram_bytes", false), b, sizeof(b)));
		snprintf(w->advice, sizeof(w->advice), "unless a program needs it (Redis forks, "
		         "sparse arrays): oomtool tune set vm.overcommit_memory=0 --persist");
	} else if (strcmp(code, "committed_over_memory") == 0) {
		snprintf(w->what, sizeof(w->what), "Processes have been promised %s, more than RAM "
		         "and swap (%s + %s): if they touch it all, the OOM killer acts.",
		         size(num(f, "committed_as_bytes", false), a, sizeof(a)),
		         size(num(f, "ram_bytes", false), b, sizeof(b)),
		         size(num(f, "swap_bytes", false), c, sizeof(c)));
	}
}

static void word_kernel(const struct oomt_tune_finding *f, struct words *w)
{
	char a[32];
	const char *code = f->code;

	if (strcmp(code, "min_free_kbytes_high") == 0 || strcmp(code, "min_free_kbytes_low") == 0) {
		bool high = strcmp(code, "min_free_kbytes_high") == 0;

		snprintf(w->what, sizeof(w->what), "vm.min_free_kbytes is %" PRId64 " KiB (the "
		         "kernel's default here: %" PRId64 " KiB). %s",
		         num(f, "min_free_kbytes", false), num(f, "default_kbytes", false),
		         high ? "More than 5% of RAM is kept free and never used: processes are "
		                "killed earlier."
		              : "Below half the default, atomic allocations (network, drivers) can "
		                "fail and reclaim starts late.");
		snprintf(w->advice, sizeof(w->advice), "oomtool tune set vm.min_free_kbytes=%" PRId64
		         " --persist", num(f, "min_free_kbytes", true));
	} else if (strcmp(code, "watermark_scale_factor_high") == 0) {
		snprintf(w->what, sizeof(w->what), "vm.watermark_scale_factor is %" PRId64 ": kswapd "
		         "keeps about %s free that no process can use.",
		         num(f, "watermark_scale_factor", false),
		         size(num(f, "kept_free_bytes", false), a, sizeof(a)));
		snprintf(w->advice, sizeof(w->advice), "oomtool tune set vm.watermark_scale_factor=%"
		         PRId64 " --persist", num(f, "watermark_scale_factor", true));
	} else if (strcmp(code, "oom_dump_tasks_off") == 0) {
		snprintf(w->what, sizeof(w->what), "vm.oom_dump_tasks is 0: the next OOM report has "
		         "no task table, so nobody can tell why the victim was chosen "
		         "(oomtool explain-kill needs it).");
		snprintf(w->advice, sizeof(w->advice), "oomtool tune set vm.oom_dump_tasks=1 --persist");
	} else if (strcmp(code, "oom_kill_allocating_task") == 0) {
		snprintf(w->what, sizeof(w->what), "vm.oom_kill_allocating_task is %" PRId64 ": the "
		         "task that happens to trigger an OOM is killed, not the biggest; a small "
		         "innocent process dies and the leak goes on.",
		         num(f, "oom_kill_allocating_task", false));
		snprintf(w->advice, sizeof(w->advice), "oomtool tune set "
		         "vm.oom_kill_allocating_task=0 --persist");
	} else if (strcmp(code, "panic_on_oom_hang") == 0 || strcmp(code, "panic_on_oom_reboot") == 0) {
		bool hang = strcmp(code, "panic_on_oom_hang") == 0;

		snprintf(w->what, sizeof(w->what), "vm.panic_on_oom is %" PRId64 "%s: the next OOM "
		         "panics the kernel instead of killing one process, and the machine %s.",
		         num(f, "panic_on_oom", false),
		         num(f, "panic_on_oom", false) == 2 ? " (memory cgroups too)" : "",
		         hang ? "hangs until someone resets it (kernel.panic is 0)"
		              : "reboots (kernel.panic)");
		snprintf(w->advice, sizeof(w->advice), "oomtool tune set vm.panic_on_oom=0 --persist%s",
		         hang ? " (or kernel.panic=10 if a panic is wanted)" : "");
	} else if (strcmp(code, "thp_always") == 0) {
		snprintf(w->what, sizeof(w->what), "Transparent hugepages are always on: a sparse "
		         "heap can hold 2 MiB for every region it touches, so memory use grows and "
		         "the OOM comes sooner.");
		snprintf(w->advice, sizeof(w->advice), "transparent_hugepage=madvise on the kernel "
		         "command line (only programs that ask get them)");
	} else if (strcmp(code, "thp_defrag_always") == 0) {
		snprintf(w->what, sizeof(w->what), "THP defrag is 'always': allocations stall in "
		         "direct compaction when memory is short.");
		snprintf(w->advice, sizeof(w->advice), "echo defer+madvise > "
		         "/sys/kernel/mm/transparent_hugepage/defrag");
	} else if (strcmp(code, "no_userspace_killer") == 0) {
		snprintf(w->what, sizeof(w->what), "No userspace OOM killer runs (earlyoom, "
		         "systemd-oomd, nohang): the kernel acts only when memory is exhausted, "
		         "possibly after minutes of thrashing%s.",
		         num(f, "swap_bytes", false) > 0 ? " on swap" : "");
		snprintf(w->advice, sizeof(w->advice), "enable systemd-oomd or earlyoom on a desktop "
		         "or interactive server");
	} else if (strcmp(code, "several_userspace_killers") == 0) {
		snprintf(w->what, sizeof(w->what), "Several userspace OOM killers run at once (%s): "
		         "they race each other for victims.", str(f, "killers"));
		snprintf(w->advice, sizeof(w->advice), "keep one of them");
	} else if (strcmp(code, "setting_not_persisted") == 0) {
		snprintf(w->what, sizeof(w->what), "%s = %s was set since boot; boot gives %s%s%s: "
		         "the value is lost at the next boot.", str(f, "key"), str(f, "value"),
		         str(f, "configured"), strcmp(str(f, "file"), "-") ? " from " : "",
		         strcmp(str(f, "file"), "-") ? str(f, "file") : "");
		snprintf(w->advice, sizeof(w->advice), "keep it: oomtool tune set %s=%s --persist; "
		         "or drop it: sysctl -w %s=%s", str(f, "key"), str(f, "value"), str(f, "key"),
		         str(f, "configured"));
	}
}

static const char *sev_color(const struct tune_opts *o, enum oomt_severity s)
{
	if (!o->out.color)
		return "";
	return s == OOMT_SEV_CRITICAL ? "\033[1;31m" : s == OOMT_SEV_WARNING ? "\033[1;33m"
	                                                                   : "\033[36m";
}

static void print_findings(const struct tune_opts *o, const struct oomt_tune_check *c)
{
	const struct oomt_tune_finding *f;
	size_t n = oomt_tune_check_findings(c, &f);

	printf("\n%s\n", n ? "Findings:" : "Findings: none; the settings look sound for this machine.");
	for (size_t i = 0; i < n; i++) {
		struct words w = { "", "" };
		char lead[96];

		word_memory(&f[i], &w);
		if (!w.what[0])
			word_kernel(&f[i], &w);
		if (!w.what[0])
			snprintf(w.what, sizeof(w.what), "(no description)");
		snprintf(lead, sizeof(lead), "%s%s%s", sev_color(o, f[i].severity),
		         oomt_severity_name(f[i].severity), o->out.color ? "\033[0m" : "");
		printf("%s %s\n", lead, f[i].code);
		cli_print_wrapped("", w.what, 2);
		if (w.advice[0])
			cli_print_wrapped("fix: ", w.advice, 2);
	}
}

int tune_check(const struct tune_opts *o)
{
	struct oomt_tune_check_opts co = { .struct_size = sizeof(co), .sysroot = o->sysroot };
	struct oomt_tune_check *c = NULL;
	int r = oomt_tune_check_new(&co, &c);

	if (r < 0) {
		cli_err(TUNE_SUB, "cannot read '%s/proc/meminfo': %s", o->sysroot ? o->sysroot : "",
		        strerror(-r));
		return EXIT_RUNTIME;
	}
	if (o->out.json) {
		struct oomt_json *j = cli_json_new(TUNE_SUB, true);

		oomt_tune_check_write_json(j, c);
		cli_json_done(j);
	} else if ((r = print_settings(o, c)) == 0 && !o->out.raw) {
		print_findings(o, c);
	}
	oomt_tune_check_free(c);
	return cli_finish_stdout(TUNE_SUB, r ? r : EXIT_FOUND);
}
