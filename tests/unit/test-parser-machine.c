/* SPDX-License-Identifier: MIT */
/* The incident parser's state machine: grouping, late lines, limits, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "parser-feed.h"
#include "event/lines.h"
#include "event/prefilter.h"
#include "event/event-internal.h"

#define DONE_KILLS 3
#define FILLER 200      /* more records than a kill is open and then held for (GRACE_RECORDS each) */

#define KILL(pid) "Out of memory: Killed process " #pid " (x) total-vm:100kB, anon-rss:50kB, " \
	"file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0"

static void test_busy_follows_report(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	assert_false(oomt_parser_busy(p));
	r = rec_msg("a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	feed_rec(p, &e, &r);
	assert_true(oomt_parser_busy(p));
	r = rec_msg("Mem-Info:");
	feed_rec(p, &e, &r);
	assert_true(oomt_parser_busy(p));
	r = rec_msg(KILL(42));
	feed_rec(p, &e, &r);
	/* held for late reaper lines, but those hold a needle: the prefilter may go on */
	assert_false(oomt_parser_busy(p));
	assert_int_equal(e.n, 0);
	assert_int_equal(oomt_parser_flush(p), 0);
	evs_drain(p, &e);
	assert_false(oomt_parser_busy(p));
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->victim.pid, 42);
	assert_string_equal(e.ev[0]->trigger.comm, "a");
	assert_string_equal(e.ev[0]->source, "test");
	assert_true(e.ev[0]->id[0] != '\0');
	evs_free(&e);
	oomt_parser_free(p);
}

/* An invocation whose report went quiet (no kill line yet) stops holding the prefilter
 * off, but still takes its kill line when it comes. */
static void test_cold_report_releases_filter(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r = rec_msg("a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	feed_rec(p, &e, &r);
	assert_true(oomt_parser_busy(p));
	r = rec_msg("sshd[12]: Accepted publickey for deploy");
	for (int i = 0; i < 600; i++)
		feed_rec(p, &e, &r);
	assert_false(oomt_parser_busy(p));
	r = rec_msg(KILL(77));
	feed_rec(p, &e, &r);
	assert_int_equal(oomt_parser_finish(p), 0);
	evs_drain(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->victim.pid, 77);
	assert_string_equal(e.ev[0]->trigger.comm, "a");
	evs_free(&e);
	oomt_parser_free(p);
}

static bool prefiltered(const char *line)
{
	for (size_t i = 0; oomt_parser_prefilter[i]; i++)
		if (strstr(line, oomt_parser_prefilter[i]))
			return true;
	return false;
}

static void test_prefilter_needles(void **state)
{
	static const char *const starts[] = {
		"java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0",
		"Killed process 1 (a)",
		"Memory cgroup out of memory: Killed process 1 (a) total-vm:1kB",
		"Out of memory: Kill process 1 (a) score 1 or sacrifice child",
		"Out of memory: kill process 1 (a) score 1 or a child",
		"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null)",
		"oom_reaper: reaped process 1 (a), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		"oom_reaper: unable to reap pid:1 (a)",
		"Task in /a killed as a result of limit of /a",
		"Memory cgroup stats for /a: cache:0KB",
		"[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name",
		"Tasks in /a are going to be killed due to memory.oom.group set",
		"oom_kill_process: 3 callbacks suppressed",
		"dump_header+0x4a/0x201",
		"sysrq: Manual OOM execution",
		"sending SIGTERM to process 696 uid 1001 \"ipfs\": badness 757, VmRSS 637 MiB",
		"Killing process 'a' with signal 15, pid: 1, badness: 2, VmRSS: 3 MiB",
		"low memory! at or below SIGTERM limits: mem 10.00%, swap 15.00%",
		"oomd attempting to kill 63 with KILL",
		"Killed /a.scope due to memory pressure for /a being 50.00% > 10.00% for > 20s with reclaim activity",
		"a.service: systemd-oomd killed 2 process(es) in this unit.",
		"Found the victim with highest badness:",
		"Victim status (found in 10ms):",
		"a.service: A process of this unit has been killed by the OOM killer.",
		"Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled",
		"Kernel panic - not syncing: out of memory. panic_on_oom is selected",
		"Kernel panic - not syncing: Out of memory and no killable processes...",
		"Out of memory and no killable processes...",
		"Kernel panic - not syncing: System is deadlocked on memory",
		"Memory limit reached of cgroup /docker/4f1c",
		"Marked /a.scope for killing due to memory used (1) / total (2) and swap used (1) / total (2) being more than 90.00%",
		"Low memory; corrective action required!",
		"Memory status that requires corrective actions:",
		"Finding the process with the highest badness",
		"Process with highest badness (found in 46 ms):",
		"Sending SIGTERM to the victim; OK; response time: 14 ms",
		NULL,
	};
	static const char *const common[] = {
		"systemd[1]: Started Session 3 of user root.",
		"CRON[1234]: (root) CMD (run-parts /etc/cron.hourly)",
		"usb 1-1: new high-speed USB device number 2 using xhci_hcd",
		"EXT4-fs (sda1): mounted filesystem with ordered data mode",
		"sshd[22]: Accepted publickey for root from 10.0.0.1 port 5555",
		"audit: type=1400 audit(1600000000.000:1): apparmor=\"DENIED\"",
		NULL,
	};

	(void)state;
	for (size_t i = 0; starts[i]; i++)
		if (!prefiltered(starts[i]))
			fail_msg("no prefilter needle in: %s", starts[i]);
	for (size_t i = 0; common[i]; i++)
		if (prefiltered(common[i]))
			fail_msg("prefilter passes an ordinary line: %s", common[i]);
}

static void fill_other(struct oomt_parser *p, struct evs *e, int count)
{
	for (int i = 0; i < count; i++) {
		struct oomt_record r = rec_msg("e1000e: eth0 NIC Link is Up");

		feed_rec(p, e, &r);
	}
}

static void test_reaper_after_kill(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r = rec_msg(KILL(10));
	feed_rec(p, &e, &r);
	fill_other(p, &e, 30);
	r = rec_msg("oom_reaper: reaped process 10 (x), now anon-rss:0kB, file-rss:4kB, shmem-rss:0kB");
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_true(e.ev[0]->has_reaped);
	assert_int_equal(e.ev[0]->reaped.file_rss_bytes, 4096);
	assert_false(e.ev[0]->complete);
	assert_true(e.ev[0]->missing & OOMT_PART_HEADER);
	evs_free(&e);
	oomt_parser_free(p);
}

/* A reaper's line a mail client wrapped after its anon-rss (docs/kernel-oom-report.md
 * §9.3): the rest, a continuation record, is joined to it. */
static void test_reaper_wrapped_after_anon_rss(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r = rec_msg(KILL(10));
	feed_rec(p, &e, &r);
	r = rec_msg("oom_reaper: reaped process 10 (x), now anon-rss:0kB,");
	feed_rec(p, &e, &r);
	r = rec_msg("file-rss:4kB, shmem-rss:8kB");
	r.cont = true;
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_true(e.ev[0]->has_reaped);
	assert_int_equal(e.ev[0]->reaped.anon_rss_bytes, 0);
	assert_int_equal(e.ev[0]->reaped.file_rss_bytes, 4096);
	assert_int_equal(e.ev[0]->reaped.shmem_rss_bytes, 8192);
	evs_free(&e);
	oomt_parser_free(p);
}

/* One record of a report at uptime 500 s + i us, with the words a text line held before
 * its stamp (record.h: pre_stamp; NULL none). */
static void feed_pre(struct oomt_parser *p, struct evs *e, int64_t i, const char *pre,
                     const char *msg)
{
	struct oomt_record r = rec_msg(msg);

	r.uptime_usec = 500000000 + i;
	r.pre_stamp = pre;
	feed_rec(p, e, &r);
}

/* Mem-Info's last lines a mail client wrapped before their last word (wrap.c: swap totals,
 * page counts), the rest on a line of its own or glued before the next record's stamp (its
 * pre_stamp, golden 460); a relay's name before each stamp is no rest. */
static void test_meminfo_totals_wrapped(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	/* the rest glued before the next stamp */
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_pre(p, &e, 0, NULL, "a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	feed_pre(p, &e, 1, NULL, "Mem-Info:");
	feed_pre(p, &e, 2, NULL, "0 pages in swap");
	feed_pre(p, &e, 3, "cache", "Free swap  =");
	feed_pre(p, &e, 4, "4kB", "Total swap =");
	feed_pre(p, &e, 5, "8kB", "1044448 pages");
	feed_pre(p, &e, 6, "RAM", "16224 pages reserved");
	feed_pre(p, &e, 7, NULL, KILL(10));
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->meminfo.swapcache_pages, 0);
	assert_int_equal(e.ev[0]->meminfo.free_swap_bytes, 4096);
	assert_int_equal(e.ev[0]->meminfo.total_swap_bytes, 8192);
	assert_int_equal(e.ev[0]->meminfo.ram_pages, 1044448);
	assert_int_equal(e.ev[0]->meminfo.reserved_pages, 16224);
	evs_free(&e);
	oomt_parser_free(p);

	/* the rest on a line of its own (a continuation record) */
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_pre(p, &e, 0, NULL, "a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	feed_pre(p, &e, 1, NULL, "Mem-Info:");
	feed_pre(p, &e, 2, NULL, "Total swap =");
	r = rec_msg("8kB");
	r.cont = true;
	feed_rec(p, &e, &r);
	feed_pre(p, &e, 3, NULL, "5");
	r = rec_msg("pages in swap cache");
	r.cont = true;
	feed_rec(p, &e, &r);
	feed_pre(p, &e, 4, NULL, KILL(10));
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->meminfo.total_swap_bytes, 8192);
	assert_int_equal(e.ev[0]->meminfo.swapcache_pages, 5);
	evs_free(&e);
	oomt_parser_free(p);

	/* a relay's name before every stamp: never a held line's rest, though a host may be
	 * named like a size ("8kB") or a count's word ("cache") */
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_pre(p, &e, 0, "cache", "a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	feed_pre(p, &e, 1, "cache", "Mem-Info:");
	feed_pre(p, &e, 2, "cache", "0 pages in swap");
	feed_pre(p, &e, 3, "cache", "Total swap =");
	feed_pre(p, &e, 4, "web1", "1044448 pages RAM");
	feed_pre(p, &e, 5, "web1", "Total swap =");
	feed_pre(p, &e, 61000006, "8kB", "16224 pages reserved");   /* over a minute later */
	feed_pre(p, &e, 61000007, NULL, KILL(10));
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->meminfo.swapcache_pages, OOMT_UNKNOWN);
	assert_int_equal(e.ev[0]->meminfo.total_swap_bytes, OOMT_UNKNOWN);
	assert_int_equal(e.ev[0]->meminfo.ram_pages, 1044448);
	assert_int_equal(e.ev[0]->meminfo.reserved_pages, 16224);
	evs_free(&e);
	oomt_parser_free(p);
}

static void test_reaper_beyond_window(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r = rec_msg(KILL(10));
	feed_rec(p, &e, &r);
	fill_other(p, &e, 200);
	assert_int_equal(e.n, 1);   /* released by the window, not held forever */
	r = rec_msg("oom_reaper: unable to reap pid:10 (x)");
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 2);   /* a reaper line alone still proves a kill */
	assert_false(e.ev[0]->has_reaped);
	assert_true(e.ev[1]->has_reaped);
	assert_true(e.ev[1]->reaped.failed);
	assert_int_equal(e.ev[1]->victim.pid, 10);
	assert_true(e.ev[1]->missing & OOMT_PART_KILL);
	evs_free(&e);
	oomt_parser_free(p);
}

static void test_rate_limited_kills(void **state)
{
	static const char *const lines[] = {
		KILL(1), KILL(2), KILL(2), KILL(3),
		"oom_kill_process: 5 callbacks suppressed",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 1000000, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 3);   /* the repeated line is one kill */
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(e.ev[i]->victim.pid, (int64_t)i + 1);
		assert_false(e.ev[i]->complete);
		assert_int_equal(e.ev[i]->scope, OOMT_SCOPE_GLOBAL);
		assert_true(e.ev[i]->trigger.pid == OOMT_UNKNOWN);
	}
	assert_int_equal(e.ev[2]->suppressed, 5);
	assert_true(e.ev[0]->suppressed == OOMT_UNKNOWN);
	evs_free(&e);
	oomt_parser_free(p);
}

/* 2.6.2x: the shared printk_ratelimit's own line; another program's count is not one. */
static void test_printk_messages_suppressed(void **state)
{
	static const char *const lines[] = {
		KILL(1), "printk: 89 messages suppressed.", KILL(2),
		"rsyslogd: 12 messages suppressed by rate limiting", NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 1000000, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.ev[0]->suppressed, 89);
	assert_true(e.ev[1]->suppressed == OOMT_UNKNOWN);
	evs_free(&e);
	oomt_parser_free(p);
}

static void test_header_only_never_invents(void **state)
{
	static const char *const lines[] = {
		"taskd invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
		"taskd invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, OOMT_UNKNOWN, lines);
	assert_true(oomt_parser_busy(p));
	evs_finish(p, &e);
	assert_false(oomt_parser_busy(p));
	assert_int_equal(e.n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_true(e.ev[i]->victim.pid == OOMT_UNKNOWN);
		assert_false(e.ev[i]->complete);
		assert_true(e.ev[i]->missing & OOMT_PART_KILL);
		assert_int_equal(e.ev[i]->scope, OOMT_SCOPE_UNKNOWN);
	}
	assert_string_equal(e.ev[1]->trigger.gfp_mask, "0x280da");
	evs_free(&e);
	oomt_parser_free(p);
}

static void test_garbage_and_huge_lines(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	size_t big = 1 << 20;
	char *buf = malloc(big + 1);
	struct oomt_record r;
	unsigned seed = 1;

	(void)state;
	assert_non_null(buf);
	assert_int_equal(oomt_parser_new(&p), 0);
	for (int round = 0; round < 200; round++) {
		size_t n = (size_t)(rand_r(&seed) % 300);

		for (size_t i = 0; i < n; i++)
			buf[i] = (char)(rand_r(&seed) & 0xff);
		buf[n] = '\0';
		r = rec_msg(buf);
		r.msg_len = n;
		r.cont = round & 1;
		feed_rec(p, &e, &r);
	}
	memset(buf, 'A', big);
	buf[big] = '\0';
	r = rec_msg(buf);
	r.truncated = true;
	feed_rec(p, &e, &r);
	memcpy(buf, "Killed process 77 (big)", 23);
	r = rec_msg(buf);
	feed_rec(p, &e, &r);
	r = rec_msg("");
	feed_rec(p, &e, &r);
	r = rec_msg("[");
	feed_rec(p, &e, &r);
	r = rec_msg("Killed process ");
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->victim.pid, 77);
	assert_string_equal(e.ev[0]->victim.comm, "big");
	evs_free(&e);
	oomt_parser_free(p);
	free(buf);
}

static void test_many_hosts_bounded(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	char host[32];

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	for (int h = 0; h < 150; h++) {
		struct oomt_record r = rec_msg("a invoked oom-killer: gfp_mask=0xcc0, order=0, oom_score_adj=0");

		snprintf(host, sizeof(host), "node%d", h);
		r.host = host;
		feed_rec(p, &e, &r);
	}
	/* 64 contexts at most: the least recently used hosts were finished already */
	assert_int_equal(e.n, 150 - 64);
	evs_finish(p, &e);
	assert_int_equal(e.n, 150);
	assert_string_equal(e.ev[0]->host, "node0");
	evs_free(&e);
	oomt_parser_free(p);
}

static void test_task_table_capped(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;
	char row[128];

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r = rec_msg("a invoked oom-killer: gfp_mask=0xcc0, order=0, oom_score_adj=0");
	feed_rec(p, &e, &r);
	r = rec_msg("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
	feed_rec(p, &e, &r);
	for (int i = 0; i < OOMT_TASKS_MAX + 10; i++) {
		snprintf(row, sizeof(row), "[%7d]     0 %5d     1000      100    40960        0             0 t", i, i);
		r = rec_msg(row);
		feed_rec(p, &e, &r);
	}
	r = rec_msg(KILL(5));
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->n_tasks, OOMT_TASKS_MAX);
	assert_true(e.ev[0]->missing & OOMT_PART_TASKS_CUT);
	assert_false(e.ev[0]->complete);
	evs_free(&e);
	oomt_parser_free(p);
}

static void test_userspace_facility_ignored(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r = rec_msg(KILL(9));

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r.facility = 1;   /* echo "..." > /dev/kmsg by a user: not the kernel */
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 0);
	oomt_parser_free(p);
}

static void test_boot_id_change_closes(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r = rec_msg("a invoked oom-killer: gfp_mask=0xcc0, order=0, oom_score_adj=0");

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r.boot_id = "0123456789abcdef0123456789abcdef";
	feed_rec(p, &e, &r);
	r = rec_msg(KILL(3));
	r.boot_id = "fedcba9876543210fedcba9876543210";
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 2);   /* the kill after a reboot is not the old report's */
	assert_true(e.ev[0]->victim.pid == OOMT_UNKNOWN);
	assert_string_equal(e.ev[0]->boot_id, "0123456789abcdef0123456789abcdef");
	assert_int_equal(e.ev[1]->victim.pid, 3);
	assert_string_equal(e.ev[1]->boot_id, "fedcba9876543210fedcba9876543210");
	evs_free(&e);
	oomt_parser_free(p);
}

static void test_times_from_header(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r = rec_msg("a invoked oom-killer: gfp_mask=0xcc0, order=0, oom_score_adj=0");

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r.uptime_usec = 5000;
	r.realtime_usec = 1700000000000000LL;
	feed_rec(p, &e, &r);
	r = rec_msg(KILL(3));
	r.uptime_usec = 9000;
	r.realtime_usec = 1700000000004000LL;
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->uptime_usec, 5000);
	assert_int_equal(e.ev[0]->time_usec, 1700000000000000LL);
	evs_free(&e);
	oomt_parser_free(p);
}

static void feed_caller(struct oomt_parser *p, struct evs *e, const char *caller, const char *msg)
{
	struct oomt_record r = rec_msg(msg);

	r.caller = caller;
	feed_rec(p, e, &r);
}

/* Two memcg OOMs on two CPUs at once: each report keeps to its printk caller. */
static void test_concurrent_callers(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_caller(p, &e, "T100", "a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	feed_caller(p, &e, "T200", "b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	feed_caller(p, &e, "T100", "CPU: 0 PID: 100 Comm: a Not tainted 6.1.0 #1");
	feed_caller(p, &e, "T200", "CPU: 1 PID: 200 Comm: b Not tainted 6.1.0 #1");
	feed_caller(p, &e, "T300", "Mem-Info:");   /* another caller: not these reports' */
	feed_caller(p, &e, "T200", "memory: usage 2048kB, limit 2048kB, failcnt 2");
	feed_caller(p, &e, "T100", "memory: usage 1024kB, limit 1024kB, failcnt 1");
	feed_caller(p, &e, "T100", "Memory cgroup out of memory: Killed process 100 (a) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0");
	feed_caller(p, &e, "T18", "oom_reaper: reaped process 100 (a), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
	feed_caller(p, &e, "T200", "Memory cgroup out of memory: Killed process 200 (b) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0");
	evs_finish(p, &e);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.ev[0]->victim.pid, 100);
	assert_int_equal(e.ev[0]->trigger.pid, 100);
	assert_int_equal(e.ev[0]->memcg.memory.usage_bytes, 1024 * 1024);
	assert_true(e.ev[0]->has_reaped);
	assert_false(e.ev[0]->has_meminfo || e.ev[1]->has_meminfo);
	assert_int_equal(e.ev[1]->victim.pid, 200);
	assert_int_equal(e.ev[1]->trigger.pid, 200);
	assert_string_equal(e.ev[1]->trigger.comm, "b");
	assert_int_equal(e.ev[1]->memcg.memory.usage_bytes, 2048 * 1024);
	evs_free(&e);
	oomt_parser_free(p);
}

/* memory.oom.group: every kill of the group carries the one report's shared parts. */
static void test_oom_group_members_share_report(void **state)
{
	static const char *const lines[] = {
		"worker invoked oom-killer: gfp_mask=0x6000c0(GFP_KERNEL), nodemask=(null), order=0, oom_score_adj=0",
		"CPU: 3 PID: 7000 Comm: worker Not tainted 4.19.72 #1",
		"Task in /job killed as a result of limit of /job",
		"memory: usage 102400kB, limit 102400kB, failcnt 5",
		"Tasks state (memory values in pages):",
		"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
		"[   7000]  1000  7000    20000    15000   163840        0             0 worker",
		"[   7001]  1000  7001    20000    10000   122880        0             0 worker",
		"[   7002]  1000  7002    20000     5000   122880        0             0 helper",
		"Killed process 7000 (worker) total-vm:80000kB, anon-rss:60000kB, file-rss:0kB, shmem-rss:0kB",
		"Tasks in /job are going to be killed due to memory.oom.group set",
		"Killed process 7001 (worker) total-vm:80000kB, anon-rss:40000kB, file-rss:0kB, shmem-rss:0kB",
		"Killed process 7002 (helper) total-vm:80000kB, anon-rss:20000kB, file-rss:0kB, shmem-rss:0kB",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 500000000, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 3);
	for (size_t i = 0; i < 3; i++) {
		const struct oomt_event *ev = e.ev[i];

		assert_int_equal(ev->victim.pid, 7000 + (int64_t)i);
		assert_string_equal(ev->trigger.comm, "worker");
		assert_int_equal(ev->trigger.pid, 7000);
		assert_int_equal(ev->memcg.memory.usage_bytes, 102400 * 1024);
		assert_string_equal(ev->oom_memcg, "/job");
		assert_true(ev->has_tasks);
		assert_int_equal(ev->n_tasks, 3);
		assert_int_equal(ev->tasks[2].pid, 7002);
		assert_false(ev->missing & OOMT_PART_TASKS);
		assert_true(ev->group_kill);
	}
	assert_ptr_not_equal(e.ev[0]->tasks, e.ev[1]->tasks);   /* each owns its copy */
	assert_string_not_equal(e.ev[1]->id, e.ev[2]->id);
	evs_free(&e);
	oomt_parser_free(p);
}

/* A kernel panic on out of memory ends the report being read; a panic alone is an incident
 * too; the end marker and other panics are not. */
static void test_panic_ends_report(void **state)
{
	static const char *const lines[] = {
		"java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
		"CPU: 5 PID: 31907 Comm: java Not tainted 3.10.0-1160.el7.x86_64 #1",
		"Mem-Info:",
		"active_anon:3489000 inactive_anon:1200 isolated_anon:0",
		"[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name",
		"[31907]  1001 31907  5861344  3489217    7231        0             0 java",
		"Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled",
		"CPU: 5 PID: 31907 Comm: java Not tainted 3.10.0-1160.el7.x86_64 #1",
		"---[ end Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled",
		"Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009",
		"Kernel panic - not syncing: System is deadlocked on memory",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 1000000000, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.ev[0]->kind, OOMT_KIND_OOM_PANIC);
	assert_string_equal(e.ev[0]->panic, "Out of memory: system-wide panic_on_oom is enabled");
	assert_int_equal(e.ev[0]->panic_on_oom, 1);
	assert_string_equal(e.ev[0]->trigger.comm, "java");
	assert_int_equal(e.ev[0]->n_tasks, 1);
	assert_true(e.ev[0]->victim.pid == OOMT_UNKNOWN);
	assert_true(e.ev[0]->complete);   /* no kill, no summary owed */
	assert_int_equal(e.ev[0]->scope, OOMT_SCOPE_GLOBAL);
	/* the last panic alone: an incident that says what it lacks */
	assert_int_equal(e.ev[1]->kind, OOMT_KIND_OOM_PANIC);
	assert_true(e.ev[1]->no_killable_processes);
	assert_true(e.ev[1]->missing & OOMT_PART_HEADER);
	assert_false(e.ev[1]->missing & OOMT_PART_KILL);
	assert_string_not_equal(e.ev[0]->id, e.ev[1]->id);
	evs_free(&e);
	oomt_parser_free(p);
}

/* 4.19+ memcg OOM with nothing killable: an incident with no kill owed, no panic. */
static void test_no_killable_memcg(void **state)
{
	static const char *const lines[] = {
		"postgres invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=-1000",
		"memory: usage 4194304kB, limit 4194304kB, failcnt 210",
		"Memory cgroup stats for /system.slice/pg.service:",
		"Tasks state (memory values in pages):",
		"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
		"Out of memory and no killable processes...",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 1000000000, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->kind, OOMT_KIND_OOM_KILL);
	assert_true(e.ev[0]->no_killable_processes);
	assert_int_equal(e.ev[0]->scope, OOMT_SCOPE_MEMCG);
	assert_string_equal(e.ev[0]->oom_memcg, "/system.slice/pg.service");
	assert_true(e.ev[0]->complete);
	evs_free(&e);
	oomt_parser_free(p);
}

/* Feed lines as a prefiltering source would (no_needle on lines without a needle). */
static void feed_prefiltered(struct oomt_parser *p, struct evs *e, const char *const *lines)
{
	for (size_t i = 0; lines[i]; i++) {
		struct oomt_record r = rec_msg(lines[i]);

		r.no_needle = !prefiltered(lines[i]);
		feed_rec(p, e, &r);
	}
	evs_finish(p, e);
}

/* 5.x+ with nothing killable call dump_header from out_of_memory: a paste from the CPU line
 * on has no oom_kill_process frame, and the dump_header frame opens the report; a frame of
 * another function that ends in "dump_header", or a stale "? dump_header", opens nothing. */
static void test_dump_header_frame_opens_report(void **state)
{
	static const char *const lines[] = {
		"CPU: 1 PID: 8842 Comm: memhog Not tainted 5.14.0-362.el9.x86_64 #1",
		"Call Trace:",
		" dump_stack_lvl+0x34/0x48",
		" dump_header+0x4a/0x201",
		" out_of_memory.cold+0xa/0x7e",
		" mem_cgroup_out_of_memory+0x13a/0x150",
		" try_charge_memcg+0x6df/0x7a0",
		NULL,
	};
	static const char *const not_oom[] = {
		"CPU: 0 PID: 9311 Comm: probe Not tainted 5.14.0 #1",
		" ath_dump_header+0x20/0x90 [ath_fw]",
		" ? dump_header+0x4a/0x201",
		" dump_headers+0x11/0x40",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_prefiltered(p, &e, lines);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->kind, OOMT_KIND_OOM_KILL);
	assert_int_equal(e.ev[0]->scope, OOMT_SCOPE_MEMCG);
	assert_int_equal(e.ev[0]->trigger.pid, 8842);
	assert_string_equal(e.ev[0]->trigger.comm, "memhog");
	assert_string_equal(e.ev[0]->kernel, "5.14.0-362.el9.x86_64");
	assert_true(e.ev[0]->missing & OOMT_PART_HEADER);
	evs_free(&e);
	oomt_parser_free(p);

	memset(&e, 0, sizeof(e));
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_prefiltered(p, &e, not_oom);
	assert_int_equal(e.n, 0);
	evs_free(&e);
	oomt_parser_free(p);
}

/* A reaper line of an earlier kill printed inside a report, before the report's choice,
 * is an incident of its own and neither ends the report nor becomes its kill; after the
 * choice, a reaper line of the chosen task (or, <= 5.0, of its child) whose kill line is
 * lost is the report's. */
static void test_reaper_line_inside_report(void **state)
{
	static const char *const stray[] = {
		"app invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"oom_reaper: reaped process 500 (app), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		"CPU: 1 PID: 601 Comm: app Not tainted 5.10.0 #1",
		"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
		"oom_memcg=/a,task_memcg=/a,task=app,pid=601,uid=0",
		"oom_reaper: reaped process 502 (app), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		KILL(601),
		NULL,
	};
	static const char *const table_then_reap[] = {
		"Memory cgroup stats for /k8s/pod1:",
		"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
		"[    801] 65535   801       56        1    98304        0          -998 pause",
		"[    802]     0   802 16477927  6558421 66732032        0           961 prometheus",
		"oom_reaper: reaped process 802 (prometheus), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		NULL,
	};
	static const char *const lost_kill[] = {
		"app invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null), order=0, oom_score_adj=0",
		"Out of memory: Kill process 700 (app) score 900 or sacrifice child",
		"oom_reaper: reaped process 701 (worker), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 1000000000, stray);
	evs_finish(p, &e);
	assert_int_equal(e.n, 3);
	/* the strays, each on its own, then the report, whole */
	assert_int_equal(e.ev[0]->victim.pid, 500);
	assert_true(e.ev[0]->missing & OOMT_PART_KILL);
	assert_int_equal(e.ev[1]->victim.pid, 502);
	assert_int_equal(e.ev[2]->victim.pid, 601);
	assert_string_equal(e.ev[2]->trigger.comm, "app");
	assert_int_equal(e.ev[2]->trigger.pid, 601);
	assert_false(e.ev[2]->missing & OOMT_PART_HEADER);
	assert_false(e.ev[2]->missing & OOMT_PART_KILL);
	evs_free(&e);
	oomt_parser_free(p);

	memset(&e, 0, sizeof(e));
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 1000000000, lost_kill);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.ev[0]->trigger.comm, "app");
	assert_int_equal(e.ev[0]->victim.selected_pid, 700);
	assert_int_equal(e.ev[0]->victim.pid, 701);
	assert_int_equal(e.ev[0]->reaped.pid, 701);
	evs_free(&e);
	oomt_parser_free(p);

	/* no choice in the log, but the reaped pid is a row of the table: the report's */
	memset(&e, 0, sizeof(e));
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 1000000000, table_then_reap);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->n_tasks, 2);
	assert_int_equal(e.ev[0]->victim.pid, 802);
	assert_int_equal(e.ev[0]->reaped.pid, 802);
	assert_true(e.ev[0]->missing & OOMT_PART_KILL);
	evs_free(&e);
	oomt_parser_free(p);
}

/* Rows right after "Tasks state (memory values in pages):" whose column header was lost:
 * read when their count of numbers fits one layout (10: 6.8+), not when it fits several
 * and no release tells (7). */
static void test_rows_after_tasks_state_without_header(void **state)
{
	static const char *const ten[] = {
		"a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"Tasks state (memory values in pages):",
		"[    100]  1000   100     1240      520      104      416         0    53248        0             0 bash",
		"[    101]  1000   101     3191     1248      624      624         0    73728      312             0 my app",
		KILL(101),
		NULL,
	};
	static const char *const seven[] = {
		"a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"Tasks state (memory values in pages):",
		"[    100]  1000   100      620       16    45056        0             0 sh",
		KILL(100),
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 1000000000, ten);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_true(e.ev[0]->has_tasks);
	assert_int_equal(e.ev[0]->n_tasks, 2);
	assert_int_equal(e.ev[0]->tasks[1].pid, 101);
	assert_int_equal(e.ev[0]->tasks[1].rss_anon_pages, 624);
	assert_int_equal(e.ev[0]->tasks[1].pgtables_bytes, 73728);
	assert_int_equal(e.ev[0]->tasks[1].swapents_pages, 312);
	assert_string_equal(e.ev[0]->tasks[1].name, "my app");
	assert_true(e.ev[0]->missing & OOMT_PART_TASKS_CUT);
	evs_free(&e);
	oomt_parser_free(p);

	memset(&e, 0, sizeof(e));
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 1000000000, seven);
	evs_finish(p, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.ev[0]->n_tasks, 0);   /* 2.6.36-3.5, 3.6-3.19 or 4.15-6.7: unknown */
	evs_free(&e);
	oomt_parser_free(p);
}

/* Selection lines whose kill lines were cut (a grep for "kill process"): one incident
 * each, the victim taken from the selection. */
static void test_selection_without_kill(void **state)
{
	static const char *const lines[] = {
		"Out of memory: Kill process 3318 (java) score 874 or sacrifice child",
		"Memory cgroup out of memory: Kill process 9120 (python3) score 1002 or sacrifice child",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, OOMT_UNKNOWN, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.ev[0]->victim.pid, 3318);
	assert_string_equal(e.ev[0]->victim.comm, "java");
	assert_int_equal(e.ev[0]->victim.score, 874);
	assert_int_equal(e.ev[0]->scope, OOMT_SCOPE_GLOBAL);
	assert_true(e.ev[0]->missing & OOMT_PART_KILL);
	assert_int_equal(e.ev[1]->victim.pid, 9120);
	assert_int_equal(e.ev[1]->scope, OOMT_SCOPE_MEMCG);
	evs_free(&e);
	oomt_parser_free(p);
}

/* Slurm's line after kills of its job that the parser handed out already (the step ran on
 * after them): no second incident for them; a job no kill of the log is in: one incident. */
static void test_slurm_line_after_released_kills(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record slurm;
	char buf[512];
	int jobs = 0;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	for (int i = 0; i < DONE_KILLS; i++) {
		struct oomt_record r;

		snprintf(buf, sizeof(buf), "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),"
		         "cpuset=/,mems_allowed=0,oom_memcg=/slurm/uid_7/job_5512,task_memcg="
		         "/slurm/uid_7/job_5512/step_0/task_%d,task=sim,pid=%d,uid=7", i, 100 + i);
		r = rec_msg(buf);
		r.uptime_usec = 1000000 + (int64_t)i * 60000000;
		feed_rec(p, &e, &r);
		snprintf(buf, sizeof(buf), "Memory cgroup out of memory: Killed process %d (sim) "
		         "total-vm:10240kB, anon-rss:8192kB, file-rss:0kB, shmem-rss:0kB, UID:7 "
		         "pgtables:64kB oom_score_adj:0", 100 + i);
		r = rec_msg(buf);
		r.uptime_usec = 1000001 + (int64_t)i * 60000000;
		feed_rec(p, &e, &r);
	}
	for (int i = 0; i < FILLER; i++) {
		slurm = rec_msg("slurmd: launch task StepId=6000.0 request from UID:7");
		feed_rec(p, &e, &slurm);
	}
	slurm = rec_msg("slurmstepd: error: Detected 3 oom_kill events in StepId=5512.0. Some "
	                "of the step tasks have been OOM Killed.");
	feed_rec(p, &e, &slurm);
	slurm = rec_msg("slurmstepd: error: Detected 1 oom_kill event in StepId=5513.0. Some of "
	                "the step tasks have been OOM Killed.");
	feed_rec(p, &e, &slurm);
	evs_finish(p, &e);
	assert_int_equal(e.n, DONE_KILLS + 1);
	for (size_t i = 0; i < e.n; i++) {
		if (e.ev[i]->victim.pid != OOMT_UNKNOWN)
			continue;
		assert_string_equal(e.ev[i]->job, "5513.0");
		assert_int_equal(e.ev[i]->processes_killed, 1);
		jobs++;
	}
	assert_int_equal(jobs, 1);
	evs_free(&e);
	oomt_parser_free(p);
}

/* The first victim of an oom.group kill printed again among the members is no new kill. */
static void test_oom_group_reprint(void **state)
{
	static const char *const lines[] = {
		"worker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"memory: usage 102400kB, limit 102400kB, failcnt 5",
		"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/job,task_memcg=/job,task=worker,pid=7001,uid=0",
		"Memory cgroup out of memory: Killed process 7001 (worker) total-vm:80000kB, anon-rss:40000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:8kB oom_score_adj:0",
		"Tasks in /job are going to be killed due to memory.oom.group set",
		"Memory cgroup out of memory: Killed process 7000 (worker) total-vm:80000kB, anon-rss:60000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:8kB oom_score_adj:0",
		"Memory cgroup out of memory: Killed process 7001 (worker) total-vm:80000kB, anon-rss:40000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:8kB oom_score_adj:0",
		"Memory cgroup out of memory: Killed process 7002 (helper) total-vm:80000kB, anon-rss:20000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:8kB oom_score_adj:0",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, 500000000, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.ev[0]->victim.pid, 7001);
	assert_int_equal(e.ev[1]->victim.pid, 7000);
	assert_int_equal(e.ev[2]->victim.pid, 7002);
	evs_free(&e);
	oomt_parser_free(p);
}

/* systemd-oomd after v259: "Marked ... for killing"; systemd's per-unit count goes to the
 * kill of that unit only (§10.3); quoted kernel lines of other programs are no kills
 * (§10.4); systemd's unit line counts from the journal (facility 3, §10.2). */
/* earlyoom's lines at wall times (seconds from t0): one action per death. */
static void feed_earlyoom(struct oomt_parser *p, struct evs *e, const char *const *lines,
                          const int *secs)
{
	const int64_t t0 = INT64_C(1700000000) * 1000000;

	for (size_t i = 0; lines[i]; i++) {
		struct oomt_record r = rec_msg(lines[i]);

		r.ident = "earlyoom";
		r.realtime_usec = t0 + (int64_t)secs[i] * 1000000;
		feed_rec(p, e, &r);
	}
}

/* A SIGKILL to the process a SIGTERM did not end is that action taken further (one
 * death); a minute later it is a new action, and a SIGTERM sent again an attempt of its
 * own. */
static void test_earlyoom_escalation_one_action(void **state)
{
	static const char *const lines[] = {
		"sending SIGTERM to process 10 uid 0 \"a\": badness 9, VmRSS 1 MiB",
		"kill failed: Timer expired",
		"sending SIGKILL to process 10 uid 0 \"a\": badness 9, VmRSS 1 MiB",
		"process exited after 0.1 seconds",
		"sending SIGTERM to process 20 uid 0 \"b\": badness 9, VmRSS 1 MiB",
		"sending SIGKILL to process 20 uid 0 \"b\": badness 9, VmRSS 1 MiB",
		"sending SIGTERM to process 30 uid 0 \"c\": badness 9, VmRSS 1 MiB",
		"kill failed: Timer expired",
		"sending SIGTERM to process 30 uid 0 \"c\": badness 9, VmRSS 1 MiB",
		NULL,
	};
	static const int secs[] = { 0, 10, 10, 10, 100, 200, 300, 310, 310 };
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_earlyoom(p, &e, lines, secs);
	evs_finish(p, &e);
	assert_int_equal(e.n, 5);
	assert_int_equal(e.ev[0]->victim.pid, 10);
	assert_string_equal(e.ev[0]->signal, "SIGKILL");
	assert_string_equal(e.ev[0]->outcome, "process exited after 0.1 seconds");
	assert_string_equal(e.ev[1]->signal, "SIGTERM");   /* 100 s apart: two actions */
	assert_string_equal(e.ev[2]->signal, "SIGKILL");
	assert_int_equal(e.ev[3]->victim.pid, 30);
	assert_int_equal(e.ev[4]->victim.pid, 30);
	assert_string_equal(e.ev[4]->signal, "SIGTERM");
	evs_free(&e);
	oomt_parser_free(p);
}

static void test_userspace_and_quotes(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r = rec_msg("Killed /user.slice/old.scope due to memory used (1) / total (2) and swap used (1) / total (2) being more than 90.00%");
	r.ident = "systemd-oomd";
	feed_rec(p, &e, &r);
	r = rec_msg("Marked /user.slice/new.scope for killing due to memory pressure for /user.slice being 36.66% > 20.00% for > 5s with reclaim activity");
	feed_rec(p, &e, &r);
	r = rec_msg("other.scope: systemd-oomd killed 9 process(es) in this unit.");
	r.ident = "systemd";
	r.facility = 3;
	feed_rec(p, &e, &r);
	r = rec_msg("new.scope: systemd-oomd killed 4 process(es) in this unit.");
	feed_rec(p, &e, &r);
	r = rec_msg("myapp[12]: Out of memory: Killed process 5 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB");
	r.ident = "myapp";
	r.facility = -1;
	feed_rec(p, &e, &r);
	r = rec_msg("kmsg: Out of memory: Killed process 6 (y) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB");
	r.ident = NULL;
	feed_rec(p, &e, &r);
	r = rec_msg("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/z.service,task=z,pid=7,uid=0");
	r.ident = "kernel";
	r.facility = 0;
	feed_rec(p, &e, &r);
	r = rec_msg("Out of memory: Killed process 7 (z) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0");
	feed_rec(p, &e, &r);
	r = rec_msg("z.service: A process of this unit has been killed by the OOM killer.");
	r.ident = "systemd";
	r.facility = 3;
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.ev[0]->killer, OOMT_KILLER_SYSTEMD_OOMD);
	assert_string_equal(e.ev[0]->task_memcg, "/user.slice/old.scope");
	assert_true(e.ev[0]->processes_killed == OOMT_UNKNOWN);
	assert_int_equal(e.ev[1]->killer, OOMT_KILLER_KERNEL);
	assert_int_equal(e.ev[1]->victim.pid, 7);
	assert_string_equal(e.ev[1]->unit, "z.service");
	assert_int_equal(e.ev[1]->victim.rss_bytes, 50 * 1024);
	assert_string_equal(e.ev[2]->task_memcg, "/user.slice/new.scope");
	assert_int_equal(e.ev[2]->processes_killed, 4);
	assert_string_equal(e.ev[2]->unit, "new.scope");
	assert_true(e.ev[2]->complete);
	evs_free(&e);
	oomt_parser_free(p);
}

/* A systemd-oomd kill line cut before its reason (or inside " due to") is an incomplete
 * kill, missing "reason"; with the debug line that gave the reason before it, complete. */
static void test_oomd_cut_kill_missing_reason(void **state)
{
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	r = rec_msg("Killed /user.slice/a.scope du");
	r.ident = "systemd-oomd";
	feed_rec(p, &e, &r);
	r = rec_msg("Memory pressure for /user.slice is 72.40% > 50.00% for > 20s with reclaim activity");
	feed_rec(p, &e, &r);
	r = rec_msg("Killed /user.slice/b.scope d");
	feed_rec(p, &e, &r);
	evs_finish(p, &e);
	assert_int_equal(e.n, 2);
	assert_string_equal(e.ev[0]->task_memcg, "/user.slice/a.scope");
	assert_false(e.ev[0]->complete);
	assert_int_equal(e.ev[0]->missing, OOMT_PART_REASON);
	assert_string_equal(oomt_part_name(OOMT_PART_REASON), "reason");
	assert_string_equal(e.ev[1]->task_memcg, "/user.slice/b.scope");
	assert_true(e.ev[1]->complete);
	assert_int_equal(e.ev[1]->missing, 0);
	evs_free(&e);
	oomt_parser_free(p);
}

/* A systemd-oomd kill line cut inside its reason keeps the start of it, without the mark,
 * listed in cut; whole reasons of both kinds are not cut; a debug line before a cut one
 * gives the whole reason. */
static void test_oomd_cut_inside_reason(void **state)
{
	static const char *const lines[] = {
		"Killed /a.scope due to memory pressure for /user.sl>",
		"Killed /b.scope due to memory pressure for /u being 61.00% > 50.00% for > 2\xe2\x80\xa6",
		"Killed /c.scope due to memory used (1) / total (2) and swap used (3) / total (4",
		"Killed /d.scope due to memory used (1) / total (2) and swap used (3) / total (4) being more than 90.00%",
		"Killed /e.scope due to memory pressure for /u being 61.00% > 50.00% for > 20s with reclaim activity",
		"Memory pressure for /u is 61.00% > 50.00% for > 20s with reclaim activity",
		"Killed /f.scope due to memory pressure for /u be...",
	};
	struct oomt_parser *p;
	struct evs e = { 0 };
	struct oomt_record r;

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		r = rec_msg(lines[i]);
		r.ident = "systemd-oomd";
		feed_rec(p, &e, &r);
	}
	evs_finish(p, &e);
	assert_int_equal(e.n, 6);
	assert_string_equal(e.ev[0]->reason, "memory pressure for /user.sl");
	assert_int_equal(e.ev[0]->cut, OOMT_CUT_REASON);
	assert_true(e.ev[0]->complete);
	assert_string_equal(e.ev[1]->reason, "memory pressure for /u being 61.00% > 50.00% for > 2");
	assert_int_equal(e.ev[1]->cut, OOMT_CUT_REASON);
	assert_string_equal(e.ev[2]->reason, "memory used (1) / total (2) and swap used (3) / total (4");
	assert_int_equal(e.ev[2]->cut, OOMT_CUT_REASON);
	assert_int_equal(e.ev[3]->cut, 0);
	assert_int_equal(e.ev[4]->cut, 0);
	assert_string_equal(e.ev[5]->task_memcg, "/f.scope");
	assert_string_equal(e.ev[5]->reason, "Memory pressure for /u is 61.00% > 50.00% for > 20s with reclaim activity");
	assert_int_equal(e.ev[5]->cut, 0);
	for (size_t i = 0; i < e.n; i++) {
		assert_true(e.ev[i]->complete);
		assert_int_equal(e.ev[i]->missing, 0);
	}
	evs_free(&e);
	oomt_parser_free(p);
}

/* Two header-only reports with no time and no pid (a paste of bare headers) are two
 * incidents with two ids. */
static void test_anonymous_reports_distinct_ids(void **state)
{
	static const char *const lines[] = {
		"java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0",
		"java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0",
		NULL,
	};
	struct oomt_parser *p;
	struct evs e = { 0 };

	(void)state;
	assert_int_equal(oomt_parser_new(&p), 0);
	feed_lines(p, &e, NULL, OOMT_UNKNOWN, lines);
	evs_finish(p, &e);
	assert_int_equal(e.n, 2);
	assert_true(e.ev[0]->trigger.pid == OOMT_UNKNOWN && e.ev[0]->uptime_usec == OOMT_UNKNOWN);
	assert_string_not_equal(e.ev[0]->id, e.ev[1]->id);
	assert_false(oomt_event_same(e.ev[0], e.ev[1]));
	evs_free(&e);
	oomt_parser_free(p);
}

/* Ids hash integers as little-endian bytes: these are the values of any host, big-endian
 * too (the first is 001's golden id; the others were computed apart from the library). */
static void test_event_id_byte_order(void **state)
{
	struct oomt_event ev;

	(void)state;
	oomt_event_init(&ev);
	ev.victim.pid = 517;
	ev.uptime_usec = 75669581768;
	strcpy(ev.trigger.comm, "f2b/f.postfix");
	strcpy(ev.trigger.gfp_mask, "0x100cca");
	ev.trigger.order = 0;
	strcpy(ev.victim.comm, "clamd");
	oomt_event_set_id(&ev);
	assert_string_equal(ev.id, "10f644419952");

	oomt_event_init(&ev);                   /* wall time only, order unknown */
	ev.killer = OOMT_KILLER_EARLYOOM;
	ev.victim.pid = 800;
	ev.time_usec = INT64_C(1720267260000000);
	strcpy(ev.boot_id, "0123456789abcdef0123456789abcdef");
	strcpy(ev.victim.comm, "chrome");
	oomt_event_set_id(&ev);
	assert_string_equal(ev.id, "ad6e7def6a34");
	oomt_event_set_id_salted(&ev, UINT64_C(0x0102030405060708));
	assert_string_equal(ev.id, "f2602d747b2c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_busy_follows_report),
		cmocka_unit_test(test_prefilter_needles),
		cmocka_unit_test(test_reaper_after_kill),
		cmocka_unit_test(test_reaper_wrapped_after_anon_rss),
		cmocka_unit_test(test_meminfo_totals_wrapped),
		cmocka_unit_test(test_reaper_beyond_window),
		cmocka_unit_test(test_rate_limited_kills),
		cmocka_unit_test(test_printk_messages_suppressed),
		cmocka_unit_test(test_header_only_never_invents),
		cmocka_unit_test(test_garbage_and_huge_lines),
		cmocka_unit_test(test_many_hosts_bounded),
		cmocka_unit_test(test_task_table_capped),
		cmocka_unit_test(test_userspace_facility_ignored),
		cmocka_unit_test(test_boot_id_change_closes),
		cmocka_unit_test(test_times_from_header),
		cmocka_unit_test(test_concurrent_callers),
		cmocka_unit_test(test_cold_report_releases_filter),
		cmocka_unit_test(test_oom_group_members_share_report),
		cmocka_unit_test(test_anonymous_reports_distinct_ids),
		cmocka_unit_test(test_event_id_byte_order),
		cmocka_unit_test(test_panic_ends_report),
		cmocka_unit_test(test_no_killable_memcg),
		cmocka_unit_test(test_dump_header_frame_opens_report),
		cmocka_unit_test(test_reaper_line_inside_report),
		cmocka_unit_test(test_rows_after_tasks_state_without_header),
		cmocka_unit_test(test_selection_without_kill),
		cmocka_unit_test(test_slurm_line_after_released_kills),
		cmocka_unit_test(test_oom_group_reprint),
		cmocka_unit_test(test_userspace_and_quotes),
		cmocka_unit_test(test_earlyoom_escalation_one_action),
		cmocka_unit_test(test_oomd_cut_kill_missing_reason),
		cmocka_unit_test(test_oomd_cut_inside_reason),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
