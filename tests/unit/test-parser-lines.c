/* SPDX-License-Identifier: MIT */
/* The incident parser's pure sub-parsers, one line at a time, on the traps of §9. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "event/lines.h"
#include "event/text.h"
#include "event/event-internal.h"

#define L(s) s, strlen(s)

static struct oomt_event ev;

static int setup(void **state)
{
	(void)state;
	oomt_event_done(&ev);
	oomt_event_init(&ev);
	return 0;
}

static void test_header_comm_with_spaces(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_header(L("GC Thread#9 invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0"), &ev));
	assert_string_equal(ev.trigger.comm, "GC Thread#9");
	assert_string_equal(ev.trigger.gfp_mask, "0x100cca");
	assert_string_equal(ev.trigger.gfp_flags, "GFP_HIGHUSER_MOVABLE");
	assert_int_equal(ev.trigger.order, 0);
	assert_true(ev.trigger.oom_adj == OOMT_UNKNOWN);
	assert_false(ev.sysrq);
}

static void test_header_old_and_sysrq(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_header(L("osmcore_L invoked oom-killer: gfp_mask=0x200da, order=0, oom_adj=-17, oom_score_adj=-1000"), &ev));
	assert_int_equal(ev.trigger.oom_adj, -17);
	assert_int_equal(ev.trigger.oom_score_adj, -1000);
	assert_string_equal(ev.trigger.gfp_flags, "");
	assert_true(oomt_line_parse_header(L("kworker/0:1 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), nodemask=(null),  order=-1, oom_score_adj=0"), &ev));
	assert_int_equal(ev.trigger.order, -1);
	assert_string_equal(ev.trigger.nodemask, "(null)");
	assert_true(ev.sysrq);
	assert_false(oomt_line_parse_header(L("invoked oom-killer without the anchor"), &ev));
}

/* Headers a paste cut: at the start (the stamp lost its '['), or after "oom-killer". */
static void test_header_cut(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_header(L("41066.536886] IPDL Background invoked oom-killer: gfp_mask=0x2400040, order=0, oom_score_adj=0"), &ev));
	assert_string_equal(ev.trigger.comm, "IPDL Background");
	assert_string_equal(ev.trigger.gfp_mask, "0x2400040");
	setup(NULL);
	assert_true(oomt_line_parse_header(L("2.5 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"), &ev));
	assert_string_equal(ev.trigger.comm, "2.5");
	setup(NULL);
	assert_true(oomt_line_parse_header(L("kvm invoked oom-killer"), &ev));
	assert_string_equal(ev.trigger.comm, "kvm");
	assert_string_equal(ev.trigger.gfp_mask, "");
	assert_true(ev.trigger.order == OOMT_UNKNOWN);
}

static void test_cpu_lines(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_cpu(L("CPU: 17 UID: 0 PID: 9980 Comm: importas Tainted: P           OE       6.18.41-1-lts #1 PREEMPT(voluntary)  b1982eced5ac3ccfd79f136103dd771797e316de"), &ev));
	assert_int_equal(ev.trigger.pid, 9980);
	assert_string_equal(ev.kernel, "6.18.41-1-lts");
	assert_string_equal(ev.trigger.comm, "importas");
	setup(NULL);
	assert_true(oomt_line_parse_cpu(L("CPU: 60 PID: 70888 Comm: CPU 11/KVM Kdump: loaded Not tainted 5.3.18-150300.59.101-default #1 SLE15-SP3"), &ev));
	assert_string_equal(ev.trigger.comm, "CPU 11/KVM");
	assert_string_equal(ev.kernel, "5.3.18-150300.59.101-default");
	setup(NULL);
	assert_true(oomt_line_parse_cpu(L("Pid: 3794, comm: java Not tainted 2.6.32-642.11.1.el6.x86_64 #1"), &ev));
	assert_int_equal(ev.trigger.pid, 3794);
	assert_string_equal(ev.kernel, "2.6.32-642.11.1.el6.x86_64");
	assert_false(oomt_line_parse_cpu(L("CPU: 0 is now offline"), &ev));
}

/* CPU lines a paste cut after the comm: the comm is the rest, less a whole word of the
 * taint text the cut left; no release is made up. */
static void test_cpu_line_cut_after_comm(void **state)
{
	static const char *const lines[] = {
		"CPU: 1 PID: 311 Comm: Web Content",
		"CPU: 1 PID: 311 Comm: Web Content ",
		"CPU: 1 PID: 311 Comm: Web Content Not",
		"CPU: 1 PID: 311 Comm: Web Content Tainted:",
		"CPU: 1 PID: 311 Comm: Web Content Kdump:",
		"Pid: 311, comm: Web Content",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		setup(NULL);
		assert_true(oomt_line_parse_cpu(L(lines[i]), &ev));
		assert_int_equal(ev.trigger.pid, 311);
		assert_string_equal(ev.trigger.comm, "Web Content");
		assert_string_equal(ev.kernel, "");
	}
}

static void test_victim_forms(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_victim(L("Out of memory: Killed process 15925 ((resolved)) total-vm:168424kB, anon-rss:4064kB, file-rss:3584kB, shmem-rss:0kB"), &ev));
	assert_int_equal(ev.victim.pid, 15925);
	assert_string_equal(ev.victim.comm, "(resolved)");
	assert_int_equal(ev.victim.total_vm_bytes, 168424LL * 1024);
	assert_true(ev.victim.uid == OOMT_UNKNOWN);
	setup(NULL);
	assert_true(oomt_line_parse_victim(L("Killed process 31995, UID 500, (java) total-vm:7977568kB, anon-rss:3558396kB, file-rss:104kB"), &ev));
	assert_int_equal(ev.victim.uid, 500);
	assert_string_equal(ev.victim.comm, "java");
	assert_true(ev.victim.shmem_rss_bytes == OOMT_UNKNOWN);
	setup(NULL);
	assert_true(oomt_line_parse_victim(L("Killed process 3001 (a) b), UID 48, total-vm:400kB, anon-rss:300kB, file-rss:1kB, shmem-rss:0kB"), &ev));
	assert_string_equal(ev.victim.comm, "a) b");
	assert_int_equal(ev.victim.uid, 48);
	setup(NULL);
	assert_true(oomt_line_parse_victim(L("Memory cgroup out of memory: Killed process 2239 (python3) total-vm:323768kB, anon-rss:65152kB, file-rss:6660kB, shmem-rss:0kB, UID:0 pgtables:188kB oom_score_adj:-998"), &ev));
	assert_int_equal(ev.victim.pgtables_bytes, 188 * 1024);
	assert_int_equal(ev.victim.oom_score_adj, -998);
	assert_int_equal(ev.victim.uid, 0);
	assert_int_equal(oomt_line_kill_scope(L("Memory cgroup out of memory: Killed process 1")), OOMT_SCOPE_MEMCG);
	assert_int_equal(oomt_line_kill_scope(L("Killed process 1 (a)")), OOMT_SCOPE_UNKNOWN);
	setup(NULL);
	assert_true(oomt_line_parse_victim(L("Killed process 4242 (stress)"), &ev));
	assert_string_equal(ev.victim.comm, "stress");
	assert_true(ev.victim.total_vm_bytes == OOMT_UNKNOWN);
	setup(NULL);
	/* a cut line keeps what it has and never invents the rest */
	assert_true(oomt_line_parse_victim(L("Out of memory: Killed process 12 (a) total-vm:10kB, anon-r"), &ev));
	assert_int_equal(ev.victim.total_vm_bytes, 10240);
	assert_true(ev.victim.anon_rss_bytes == OOMT_UNKNOWN);
}

static void test_selection_forms(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_select(L("Memory cgroup out of memory: Kill process 21107 (httpd) score 1110 or sacrifice child"), &ev));
	assert_int_equal(ev.victim.selected_pid, 21107);
	assert_string_equal(ev.victim.selected_comm, "httpd");
	assert_int_equal(ev.victim.score, 1110);
	setup(NULL);
	assert_true(oomt_line_parse_select(L("Out of memory: Kill process vim(7788:0) score 400 or sacrifice child"), &ev));
	assert_int_equal(ev.victim.selected_pid, 7788);
	assert_string_equal(ev.victim.selected_comm, "vim");
	assert_false(oomt_line_parse_select(L("Kill process 5 (a) sharing same memory"), &ev));
	assert_false(oomt_line_parse_select(L("Out of memory: Kill process score 869 or sacrifice child"), &ev));	/* fuzz: the " score " inside "process " */
}

static void test_summary_from_the_right(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_summary(L("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0-1,oom_memcg=/a,task_memcg=/a/b,task=we,ird,pid=1,pid=77,uid=1000"), &ev));
	assert_string_equal(ev.constraint, "CONSTRAINT_MEMCG");
	assert_string_equal(ev.trigger.mems_allowed, "0-1");
	assert_string_equal(ev.oom_memcg, "/a");
	assert_string_equal(ev.task_memcg, "/a/b");
	assert_string_equal(ev.victim.comm, "we,ird,pid=1");
	assert_int_equal(ev.victim.pid, 77);
	assert_int_equal(ev.victim.uid, 1000);
	setup(NULL);
	/* cut by a transport: constraint and memcgs survive, the victim is not guessed */
	assert_true(oomt_line_parse_summary(L("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=user.slice,mems_allowed=0,global_oom,task_memcg=/system.slice/docker-88625dd7.scope,task=u"), &ev));
	assert_string_equal(ev.constraint, "CONSTRAINT_NONE");
	assert_string_equal(ev.task_memcg, "/system.slice/docker-88625dd7.scope");
	assert_true(ev.victim.pid == OOMT_UNKNOWN);
	assert_string_equal(ev.victim.comm, "");
	setup(NULL);
	/* a quoted-printable mail's "=3D": the digits after '=' are not the pid or uid */
	assert_true(oomt_line_parse_summary(L("oom-kill:constraint=3DCONSTRAINT_MEMCG,nodemask=3D(null),task=3Dpause,pid=3D5740,uid=3D0"), &ev));
	assert_true(ev.victim.pid == OOMT_UNKNOWN);
	assert_true(ev.victim.uid == OOMT_UNKNOWN);
}

static void test_memcg_lines(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_memcg_counter(L("memory+swap: usage 1197316kB, limit 18014398509481983kB, failcnt 0"), &ev));
	assert_int_equal(ev.memcg.memsw.usage_bytes, 1197316LL * 1024);
	assert_true(ev.memcg.memsw.limit_bytes == OOMT_UNKNOWN);
	assert_int_equal(ev.memcg.memsw.failcnt, 0);
	assert_true(oomt_line_parse_memcg_counter(L("swap: usage 0kB, limit 0kB, failcnt 0"), &ev));
	assert_int_equal(ev.memcg.swap.limit_bytes, 0);
	assert_false(oomt_line_parse_memcg_counter(L("memory: something else"), &ev));
	assert_true(oomt_line_parse_task_in(L("Task in /docker/d9 killed as a result of limit of /docker"), &ev));
	assert_string_equal(ev.task_memcg, "/docker/d9");
	assert_string_equal(ev.oom_memcg, "/docker");
	assert_true(oomt_line_task_in_names_memcg(L("Task in /docker/d9 killed as a result of limit of /docker")));
	assert_true(oomt_line_task_in_names_memcg(L("Task in /docker/d9 killed as a result of limit of ")));
	assert_true(oomt_line_task_in_names_memcg(L("Task in /docker/d9")));
	/* Alibaba Cloud Linux: the whole machine's shortage, no memcg's limit */
	assert_false(oomt_line_task_in_names_memcg(L("Task in /docker/e7 killed as a result of limit of host")));
	setup(NULL);
	assert_true(oomt_line_parse_task_in(L("Task in /docker/e7 killed as a result of limit of host"), &ev));
	assert_string_equal(ev.task_memcg, "/docker/e7");
	assert_string_equal(ev.oom_memcg, "");
	assert_true(oomt_line_parse_memcg_stats_header(L("Memory cgroup stats for /docker: cache:8KB rss:463592KB rss_huge:0KB swap:728252KB"), &ev));
	assert_int_equal(ev.memcg.stat_anon_bytes, 463592LL * 1024);
	assert_int_equal(ev.memcg.stat_swap_bytes, 728252LL * 1024);
	assert_true(oomt_line_parse_memcg_stat(L("anon 9842688"), &ev));   /* first value wins */
	assert_int_equal(ev.memcg.stat_anon_bytes, 463592LL * 1024);
	assert_true(oomt_line_parse_memcg_stat(L("kernel 1000"), &ev));
	assert_int_equal(ev.memcg.stat_kernel_bytes, 1000);
	assert_false(oomt_line_parse_memcg_stat(L("anon 12 extra"), &ev));
}

static void test_meminfo_tokens_not_positions(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_meminfo_tokens(L(" Active_anon:5 active_file:6 unstable:9 free:7"), &ev));
	assert_int_equal(ev.meminfo.active_anon_pages, 5);
	assert_int_equal(ev.meminfo.free_pages, 7);
	assert_false(oomt_line_parse_meminfo_tokens(L("Node 0 active_anon:2000000kB inactive_anon:400kB"), &ev));
	assert_false(oomt_line_parse_meminfo_tokens(L("DMA32 free:40000kB min:1000kB"), &ev));
	assert_int_equal(ev.meminfo.active_anon_pages, 5);
	assert_true(oomt_line_parse_meminfo_total(L("Free swap  = 123kB"), &ev));
	assert_int_equal(ev.meminfo.free_swap_bytes, 123 * 1024);
	assert_true(oomt_line_parse_meminfo_total(L("Node 1 hugepages_total=2 hugepages_free=1 hugepages_surp=0 hugepages_size=1048576kB"), &ev));
	assert_int_equal(ev.meminfo.hugepages_bytes, 2LL * 1048576 * 1024);
	assert_false(oomt_line_parse_meminfo_total(L("123 pages RAM extra"), &ev));
	assert_true(oomt_line_parse_slab_row(L("kmalloc-64                 100KB        128KB"), &ev));
	assert_int_equal(ev.meminfo.unreclaimable_slab_bytes, 128 * 1024);
}

/* The zones' managed kB are summed (totalram_pages), in every era that prints them, and
 * trusted only when present minus managed adds up to "pages reserved". */
static void test_meminfo_zone_managed(void **state)
{
	enum oomt_ram_source src;
	const int64_t managed = (15908LL + 2014556 + 1000000) * 1024;

	(void)state;
	ev.has_meminfo = true;
	assert_true(oomt_line_parse_meminfo_tokens(L("Node 0 DMA free:8092kB min:356kB low:444kB high:532kB reserved_highatomic:0KB active_anon:12kB present:15992kB managed:15908kB mlocked:0kB"), &ev));
	assert_true(oomt_line_parse_meminfo_tokens(L("DMA32 free:44672kB min:44696kB present:2080624kB managed:2014556kB mlocked:0kB free_cma:0kB"), &ev));
	assert_int_equal(ev.meminfo.managed_bytes, (15908LL + 2014556) * 1024);
	assert_true(ev.meminfo.free_pages == OOMT_UNKNOWN);   /* zone kB never become pages */
	/* no line has said "all_unreclaimable? " yet: not known (JSON null), not "no" */
	assert_true(oomt_line_parse_meminfo_total(L("Free swap  = 0kB"), &ev));
	assert_false(ev.meminfo.all_unreclaimable_known);
	/* <= 4.7: the zone line holds "all_unreclaimable? " and is read as a total */
	assert_true(oomt_line_parse_meminfo_total(L("Node 1 Normal free:1000kB min:10kB active_anon:5kB present:1048576kB managed:1000000kB mlocked:0kB pages_scanned:0 all_unreclaimable? no"), &ev));
	assert_int_equal(ev.meminfo.managed_bytes, managed);
	assert_true(ev.meminfo.all_unreclaimable_known);
	assert_false(ev.meminfo.all_unreclaimable);
	assert_int_equal(ev.meminfo.present_bytes, (15992LL + 2080624 + 1048576) * 1024);
	/* 2.6.32 prints present only; a managed without its unit is not a zone size */
	assert_false(oomt_line_parse_meminfo_tokens(L("Node 2 DMA free:15908kB min:20kB present:15352kB pages_scanned:0"), &ev));
	assert_false(oomt_line_parse_meminfo_tokens(L("DMA32 free:1kB present:10kB managed:12"), &ev));
	assert_int_equal(ev.meminfo.managed_bytes, managed);

	/* (84 + 66068 + 48576) kB present - managed = 28682 pages */
	assert_true(oomt_line_parse_meminfo_total(L("786432 pages RAM"), &ev));
	assert_true(oomt_line_parse_meminfo_total(L("28682 pages reserved"), &ev));
	assert_int_equal(oomt_event_usable_ram(&ev, 4096, &src), managed);
	assert_int_equal(src, OOMT_RAM_MANAGED);
	/* a zone line lost or read twice: the sums no longer match, the totals are used */
	ev.meminfo.reserved_pages = 28000;
	assert_int_equal(oomt_event_usable_ram(&ev, 4096, &src), (786432LL - 28000) * 4096);
	assert_int_equal(src, OOMT_RAM_TOTALS);
	ev.meminfo.reserved_pages = INT64_MAX;
	assert_int_equal(oomt_event_usable_ram(&ev, 4096, &src), 786432LL * 4096);
	assert_int_equal(src, OOMT_RAM_TOTALS);
	ev.has_meminfo = false;
	assert_true(oomt_event_usable_ram(&ev, 4096, &src) == OOMT_UNKNOWN);
	assert_int_equal(src, OOMT_RAM_UNKNOWN);
}

/* A log that kept one node's zone lines of many, and no page totals: the machine's free
 * pages outnumber what the zones read manage, so the zones are not its RAM. */
static void test_meminfo_zones_cut(void **state)
{
	enum oomt_ram_source src;

	(void)state;
	ev.has_meminfo = true;
	assert_true(oomt_line_parse_meminfo_tokens(L("free:159849484 free_pcp:73 free_cma:0"), &ev));
	assert_true(oomt_line_parse_meminfo_tokens(L("Node 4 Movable free:130021408kB min:9140kB present:130023424kB managed:130023424kB mlocked:0kB"), &ev));
	assert_true(oomt_event_usable_ram(&ev, 4096, &src) == OOMT_UNKNOWN);
	assert_int_equal(src, OOMT_RAM_UNKNOWN);
	/* the same zone as the whole machine: its free pages fit, the zone is the RAM */
	ev.meminfo.free_pages = 130021408 / 4;
	assert_int_equal(oomt_event_usable_ram(&ev, 4096, &src), 130023424LL * 1024);
	assert_int_equal(src, OOMT_RAM_MANAGED);
}

/* A zone line after a free list, or a zone's second line, is another report's: it adds no
 * zone and nothing to the sums (a free list after a free list is read as always). */
static void test_meminfo_stray_zone_line(void **state)
{
	(void)state;
	ev.has_meminfo = true;
	assert_true(oomt_line_parse_meminfo_tokens(L("Node 0 DMA32 free:40000kB min:1000kB low:1200kB high:1400kB present:2000000kB managed:1900000kB"), &ev));
	/* the same zone again */
	assert_false(oomt_line_parse_meminfo_tokens(L("Node 0 DMA32 free:12345kB min:1000kB low:1200kB high:1400kB present:2000000kB managed:1900000kB"), &ev));
	assert_int_equal(ev.meminfo.managed_bytes, 1900000LL * 1024);
	assert_int_equal(ev.zones[0].free_bytes, 40000LL * 1024);
	assert_true(oomt_line_parse_meminfo_tokens(L("Node 0 Normal free:1000kB min:10kB low:12kB high:14kB present:100kB managed:90kB"), &ev));
	assert_int_equal(ev.n_zones, 2);
	oomt_line_parse_meminfo_tokens(L("Node 0 DMA32: 12*4kB (UME) 3*8kB (M) = 72kB"), &ev);
	/* after a free list: no zone line of this Mem-Info, a <= 4.7 one neither */
	assert_false(oomt_line_parse_meminfo_tokens(L("Node 1 Normal free:5000kB min:10kB low:12kB high:14kB present:8000kB managed:7000kB"), &ev));
	oomt_line_parse_meminfo_total(L("Node 1 Movable free:5000kB min:10kB present:8000kB managed:7000kB all_unreclaimable? no"), &ev);
	assert_int_equal(ev.n_zones, 2);
	assert_int_equal(ev.meminfo.managed_bytes, (1900000LL + 90) * 1024);
	assert_int_equal(ev.meminfo.present_bytes, (2000000LL + 100) * 1024);
	oomt_line_parse_meminfo_tokens(L("Node 0 Normal: 2*4kB = 8kB"), &ev);
	assert_int_equal(ev.zones[1].free_list_bytes, 8 * 1024);
}

/* "pages RAM" is the zones' present pages summed: when it matches the zone lines read,
 * they are all there and their managed sizes are the RAM, whatever "pages reserved" says
 * (a count gone below zero, printed unsigned, or one that disagrees). A reserved count
 * above "pages RAM" is never subtracted. */
static void test_meminfo_pages_ram_confirms_zones(void **state)
{
	enum oomt_ram_source src;
	const int64_t managed = 245000LL * 1024;

	(void)state;
	ev.has_meminfo = true;
	assert_true(oomt_line_parse_meminfo_total(L("Normal free:230000kB min:1400kB low:1750kB high:2100kB present:262144kB managed:245000kB all_unreclaimable? yes"), &ev));
	assert_true(oomt_line_parse_meminfo_total(L("65536 pages RAM"), &ev));
	assert_true(oomt_line_parse_meminfo_total(L("9000 pages reserved"), &ev));
	/* present - managed = 4286 pages, not 9000; present = 65536 pages: complete */
	assert_int_equal(oomt_event_usable_ram(&ev, 4096, &src), managed);
	assert_int_equal(src, OOMT_RAM_MANAGED);
	assert_true(oomt_line_parse_meminfo_total(L("4294966000 pages reserved"), &ev));
	assert_int_equal(oomt_event_usable_ram(&ev, 4096, &src), managed);
	assert_int_equal(src, OOMT_RAM_MANAGED);
	assert_int_equal(oomt_event_installed_ram(&ev, 4096), 262144LL * 1024);
	/* a second node's zone line lost: neither sum matches, the totals stand in, and the
	 * wrapped reserved count is not subtracted */
	assert_true(oomt_line_parse_meminfo_total(L("131072 pages RAM"), &ev));
	assert_int_equal(oomt_event_usable_ram(&ev, 4096, &src), 131072LL * 4096);
	assert_int_equal(src, OOMT_RAM_TOTALS);
	ev.meminfo.reserved_pages = 9000;
	assert_int_equal(oomt_event_usable_ram(&ev, 4096, &src), (131072LL - 9000) * 4096);
	assert_int_equal(src, OOMT_RAM_TOTALS);
}

static void test_task_table(void **state)
{
	struct task_cols tc;
	struct oomt_task t;

	(void)state;
	assert_true(oomt_line_parse_task_header(L("[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name"), &tc));
	assert_int_equal(tc.n, 10);
	assert_true(oomt_line_parse_task_row(L("[ 123456]  1000 123456   226026    29603    29000      603         0  1314816        0           999 npm start"), &tc, &t));
	assert_int_equal(t.pid, 123456);
	assert_int_equal(t.rss_file_pages, 603);
	assert_int_equal(t.pgtables_bytes, 1314816);
	assert_int_equal(t.oom_score_adj, 999);
	assert_string_equal(t.name, "npm start");
	assert_false(oomt_line_parse_task_row(L("[<c02149d0>] (unwind_backtrace) from [<c02125a4>]"), &tc, &t));
	assert_false(oomt_line_parse_task_row(L("[  12]  1000"), &tc, &t));
	assert_true(oomt_line_parse_task_header(L("[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name"), &tc));
	assert_true(oomt_line_parse_task_row(L("[16846]     0 16846    30939    11021      62       3        0             0 mesos-container"), &tc, &t));
	assert_int_equal(t.nr_ptes_pages, 65);
	assert_true(t.pgtables_bytes == OOMT_UNKNOWN);
	assert_false(oomt_line_parse_task_header(L("[UFW BLOCK] IN=eth0"), &tc));
}

/* A row without its header: its count of numbers, or for seven the report's era (a 5.0
 * summary or a 5.1+ kill line: pgtables_bytes), gives the layout. */
static void test_task_cols_guess(void **state)
{
	struct task_cols tc;

	(void)state;
	assert_false(oomt_task_cols_guess(L("[   7310]  1000  7310  3118420  1702233 14262272        0             0 trainer"), &ev, false, &tc));
	assert_true(oomt_task_cols_guess(L("[   7310]  1000  7310  3118420  1702233 14262272        0             0 trainer"), &ev, true, &tc));
	assert_int_equal(tc.n, 7);
	assert_int_equal(tc.col[4], TC_PGTABLES_BYTES);
	assert_true(oomt_task_cols_guess(L("[ 4870]   999  4870  2206401  1021532    2150      11        0             0 mongod"), &ev, false, &tc));
	assert_int_equal(tc.col[5], TC_NR_PMDS);
	assert_false(oomt_task_cols_guess(L("[ 4870]   999  4870  2206401"), &ev, true, &tc));
}

/* The cpuset line, also with its '=' lost: mems_allowed is read, the cpuset and the comm
 * only when one word stands between " cpuset " and " mems_allowed=". */
static void test_cpuset_line(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_cpuset(L("java cpuset=/ mems_allowed=0-1"), &ev));
	assert_string_equal(ev.trigger.comm, "java");
	assert_string_equal(ev.trigger.cpuset, "/");
	assert_string_equal(ev.trigger.mems_allowed, "0-1");
	setup(NULL);
	assert_int_equal(oomt_line_classify(L("runc:[2:INIT] cpuset 9d41f0-77aa mems_allowed=0"), NULL), LK_CPUSET);
	assert_true(oomt_line_parse_cpuset(L("runc:[2:INIT] cpuset 9d41f0-77aa mems_allowed=0"), &ev));
	assert_string_equal(ev.trigger.comm, "runc:[2:INIT]");
	assert_string_equal(ev.trigger.cpuset, "9d41f0-77aa");
	assert_string_equal(ev.trigger.mems_allowed, "0");
	setup(NULL);
	assert_true(oomt_line_parse_cpuset(L("Web Content cpuset two words mems_allowed=1"), &ev));
	assert_string_equal(ev.trigger.mems_allowed, "1");
	assert_string_equal(ev.trigger.cpuset, "");
	assert_string_equal(ev.trigger.comm, "");
	assert_false(oomt_line_parse_cpuset(L("x mems_allowed=0"), &ev));
	/* the summary's ",mems_allowed=" is the summary's */
	assert_int_equal(oomt_line_classify(L("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom"), NULL), LK_SUMMARY);
}

static void test_reaper_and_misc(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_reaper(L("oom_reaper: reaped process 63214 (uwsgi), now anon-rss:0kB, file-rss:0kB, shmem-rss:92kB"), &ev));
	assert_int_equal(ev.reaped.pid, 63214);
	assert_int_equal(ev.reaped.shmem_rss_bytes, 92 * 1024);
	assert_false(ev.reaped.failed);
	assert_true(oomt_line_parse_suppressed(L("oom_kill_process: 12 callbacks suppressed"), &ev));
	assert_int_equal(ev.suppressed, 12);
	assert_false(oomt_line_parse_suppressed(L("net_ratelimit: 12 callbacks suppressed"), &ev));
	assert_true(oomt_line_parse_oom_group(L("Tasks in /a are going to be killed due to memory.oom.group set"), &ev));
	assert_true(ev.group_kill);
}

static void test_userspace_lines(void **state)
{
	enum oomt_killer k;

	(void)state;
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_EARLYOOM, L("Killing process: chrome, pid: 800, badness: 900, VmRSS: 2000 MiB"), &ev), US_KILL);
	assert_int_equal(ev.victim.pid, 800);
	assert_int_equal(ev.victim.score, 900);
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_EARLYOOM, L("sending SIGKILL to process 5 \"a\": badness 7, VmRSS 1 MiB"), &ev), US_KILL);
	assert_string_equal(ev.signal, "SIGKILL");
	assert_string_equal(ev.victim.comm, "a");
	assert_true(ev.victim.uid == OOMT_UNKNOWN);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed /a.scope due to memory pressure for /user.slice being 57.97% > 50.00% for > 20s with reclaim activity"), &ev), US_KILL);
	assert_string_equal(ev.task_memcg, "/a.scope");
	assert_string_equal(ev.reason, "memory pressure for /user.slice being 57.97% > 50.00% for > 20s with reclaim activity");
	/* fuzz finds: separators overlapping their anchors must not give negative lengths */
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_EARLYOOM, L("sending SIGTERM to process 1 \": x"), &ev), US_KILL);
	assert_string_equal(ev.victim.comm, "");
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed due to memory x"), &ev), US_NONE);
	assert_true(oomt_userspace_killer_of("earlyoom", L("anything"), &k));
	assert_int_equal(k, OOMT_KILLER_EARLYOOM);
	assert_false(oomt_userspace_killer_of("kernel", L("sending SIGTERM to process 1 \"a\": badness 1, VmRSS 1 MiB"), &k));
	assert_false(oomt_userspace_killer_of("sshd", L("Accepted publickey"), &k));
	assert_true(oomt_userspace_killer_of(NULL, L("Found the victim with highest badness:"), &k));
	assert_int_equal(k, OOMT_KILLER_NOHANG);
}

/* Android's killers (android.c): every kill-line form, which killer it is, and the later
 * lines of a message. */
static void test_android_kill_lines(void **state)
{
	enum oomt_killer k;

	(void)state;
	/* the kernel driver: mainline "send sigkill" (size in pages); adj 15 may be oom_adj */
	assert_true(oomt_android_killer_of("kernel", L("lowmemorykiller: send sigkill to 2344 (facebook.katana), adj 1000, size 21532"), &k));
	assert_int_equal(k, OOMT_KILLER_LOWMEMORYKILLER);
	assert_int_equal(oomt_android_parse_line(k, L("lowmemorykiller: send sigkill to 2344 (facebook.katana), adj 1000, size 21532"), &ev), US_KILL);
	assert_int_equal(ev.victim.pid, 2344);
	assert_string_equal(ev.victim.comm, "facebook.katana");
	assert_int_equal(ev.victim.oom_score_adj, 1000);
	assert_int_equal(ev.freed_pages, 21532);
	assert_true(ev.freed_bytes == OOMT_UNKNOWN);
	assert_string_equal(ev.signal, "SIGKILL");
	setup(NULL);
	assert_int_equal(oomt_android_parse_line(k, L("send sigkill to 1802 (android.browser), adj 15, size 9123"), &ev), US_KILL);
	assert_true(ev.victim.oom_score_adj == OOMT_UNKNOWN);
	setup(NULL);
	/* a vendor's "oom_adj N, score_adj M" and "size NK" */
	assert_int_equal(oomt_android_parse_line(k, L("send sigkill to 3120 (m.spotify.music), oom_adj 12, score_adj 705, size 15309"), &ev), US_KILL);
	assert_int_equal(ev.victim.oom_score_adj, 705);
	setup(NULL);
	assert_int_equal(oomt_android_parse_line(k, L("[kswapd0] send sigkill to 3120 (m.spotify.music), adj 12, size 61236K, min_adj=9, free=4012K, file=30112K, fork_boost=0"), &ev), US_KILL);
	assert_int_equal(ev.freed_bytes, 61236 * 1024);
	assert_true(ev.freed_pages == OOMT_UNKNOWN);
	setup(NULL);
	/* Android kernels: "Killing" with its later lines, (tgid N), MediaTek's score_adj */
	assert_true(oomt_android_killer_of(NULL, L("lowmemorykiller: Killing 'a.b (c)' (12345) (tgid 12345), adj 906,"), &k));
	assert_int_equal(k, OOMT_KILLER_LOWMEMORYKILLER);
	assert_int_equal(oomt_android_parse_line(k, L("lowmemorykiller: Killing 'a.b (c)' (12345) (tgid 12345), adj 906,"), &ev), US_KILL);
	assert_string_equal(ev.victim.comm, "a.b (c)");
	assert_int_equal(ev.victim.pid, 12345);
	assert_int_equal(ev.victim.oom_score_adj, 906);
	setup(NULL);
	assert_int_equal(oomt_android_parse_line(k, L("to free 183264kB on behalf of 'kswapd0' (91) because"), &ev), US_KILL_DETAIL);
	assert_int_equal(ev.freed_bytes, 183264 * 1024);
	assert_string_equal(ev.trigger.comm, "kswapd0");
	assert_int_equal(ev.trigger.pid, 91);
	assert_int_equal(oomt_android_parse_line(k, L("cache 204800kB is below limit 221184kB for oom_score_adj 906"), &ev), US_KILL_DETAIL);
	assert_string_equal(ev.reason, "cache 204800kB is below limit 221184kB for oom_score_adj 906");
	assert_int_equal(oomt_android_parse_line(k, L("Total reserve is 22340kB"), &ev), US_KILL_DETAIL);
	assert_int_equal(oomt_android_parse_line(k, L("binder: undelivered death notification"), &ev), US_NONE);
	setup(NULL);
	assert_int_equal(oomt_android_parse_line(k, L("Killing 'm.spotify.music' (3120), adj 12, score_adj 705,"), &ev), US_KILL);
	assert_int_equal(ev.victim.oom_score_adj, 705);
	setup(NULL);
	/* the whole message in one record: the victim's adj, not the threshold's */
	assert_int_equal(oomt_android_parse_line(k, L("Killing 'x' (7) (tgid 7), adj 904, to free 1kB on behalf of 'kswapd0' (91) because cache 2kB is below limit 3kB for oom_score_adj 529 Free memory is 4kB above reserved"), &ev), US_KILL);
	assert_int_equal(ev.victim.oom_score_adj, 904);
	assert_string_equal(ev.trigger.comm, "kswapd0");
	assert_int_equal(ev.freed_bytes, 1024);
	setup(NULL);
	/* lmkd: a uid, its tag as ident, or lmkd 2013's line without the kernel's comma */
	assert_true(oomt_android_killer_of(NULL, L("I lowmemorykiller: Kill 'com.whatsapp' (7710), uid 10201, oom_score_adj 900 to free 98120kB rss, 30112kb swap"), &k));
	assert_int_equal(k, OOMT_KILLER_LMKD);
	assert_int_equal(oomt_android_parse_line(k, L("I lowmemorykiller: Kill 'com.whatsapp' (7710), uid 10201, oom_score_adj 900 to free 98120kB rss, 30112kb swap"), &ev), US_KILL);
	assert_int_equal(ev.victim.uid, 10201);
	assert_int_equal(ev.victim.oom_score_adj, 900);
	assert_int_equal(ev.freed_bytes, 98120 * 1024);
	assert_int_equal(ev.freed_swap_bytes, 30112 * 1024);
	assert_string_equal(ev.reason, "");
	setup(NULL);
	assert_true(oomt_android_killer_of("lowmemorykiller", L("Kill 'a' (5), uid 1, oom_adj 904 to free 152300kB; reason: min watermark is breached"), &k));
	assert_int_equal(k, OOMT_KILLER_LMKD);
	assert_int_equal(oomt_android_parse_line(k, L("Kill 'a' (5), uid 1, oom_adj 904 to free 152300kB; reason: min watermark is breached"), &ev), US_KILL);
	assert_int_equal(ev.victim.oom_score_adj, 904);
	assert_string_equal(ev.reason, "min watermark is breached");
	assert_true(ev.freed_swap_bytes == OOMT_UNKNOWN);
	assert_true(oomt_android_killer_of(NULL, L("Killing 'com.android.email' (812), adj 9"), &k));
	assert_int_equal(k, OOMT_KILLER_LMKD);
	/* logd tags the driver's lines of `logcat -b kernel` "lowmemorykiller" too */
	assert_true(oomt_android_killer_of("lowmemorykiller", L("Killing '.android.chrome' (12345) (tgid 12345), adj 906,"), &k));
	assert_int_equal(k, OOMT_KILLER_LOWMEMORYKILLER);
	assert_true(oomt_android_killer_of("lowmemorykiller", L("send sigkill to 2344 (facebook.katana), adj 1000, size 21532"), &k));
	assert_int_equal(k, OOMT_KILLER_LOWMEMORYKILLER);
	setup(NULL);
	assert_int_equal(oomt_android_parse_line(OOMT_KILLER_LMKD, L("to free 61220kB because system is under critical memory pressure oom_adj 0"), &ev), US_KILL_DETAIL);
	assert_string_equal(ev.reason, "system is under critical memory pressure oom_adj 0");
	/* none of them: the kernel's own kill, another program's quotes */
	assert_false(oomt_android_killer_of("kernel", L("Out of memory: Kill process 6120 (game) score 211 or sacrifice child"), &k));
	assert_false(oomt_android_killer_of("kernel", L("Killed process 6120 (game) total-vm:4804924kB"), &k));
	assert_false(oomt_android_killer_of("myapp", L("Kill 'a' (5), uid 1, oom_adj 904 to free 1kB"), &k));
	assert_false(oomt_android_killer_of(NULL, L("send sigkill to the victim"), &k));
	assert_false(oomt_android_killer_of(NULL, L("Kill 'a' now"), &k));
	/* Qualcomm's msm trees go on after "GFP mask is": lines of the message all the same */
	setup(NULL);
	assert_int_equal(oomt_android_parse_line(OOMT_KILLER_LOWMEMORYKILLER, L("Slab UnReclaimable is 88104kB"), &ev), US_KILL_DETAIL);
	assert_int_equal(oomt_android_parse_line(OOMT_KILLER_LOWMEMORYKILLER, L("queue len is 1 of max 4 reason:0x1 margin:12"), &ev), US_KILL_DETAIL);
	assert_string_equal(ev.reason, "");
	/* their "GFP mask is 0x%x": the trigger's mask as printed; none from a cut line */
	assert_int_equal(oomt_android_parse_line(OOMT_KILLER_LOWMEMORYKILLER, L("GFP mask is 0x14200ca"), &ev), US_KILL_DETAIL);
	assert_string_equal(ev.trigger.gfp_mask, "0x14200ca");
	assert_string_equal(ev.reason, "");
	setup(NULL);
	assert_int_equal(oomt_android_parse_line(OOMT_KILLER_LOWMEMORYKILLER, L("GFP mask is 0x"), &ev), US_KILL_DETAIL);
	assert_string_equal(ev.trigger.gfp_mask, "");
	setup(NULL);
	assert_int_equal(oomt_android_parse_line(OOMT_KILLER_LOWMEMORYKILLER, L("Killing 'x' (7) (tgid 7), adj 904, to free 1kB on behalf of 'kswapd0' (91) because cache 2kB is below limit 3kB for oom_score_adj 529 Free memory is 4kB above reserved. Free CMA is 0kB GFP mask is 0x24200ca Total zcache is 0kB"), &ev), US_KILL);
	assert_string_equal(ev.trigger.gfp_mask, "0x24200ca");
	/* Qualcomm's lmkd: a native process, by pid alone */
	assert_true(oomt_android_killer_of("lowmemorykiller", L("Kill native with pid 1893, oom_adj 0, to free 6120 pages"), &k));
	assert_int_equal(k, OOMT_KILLER_LMKD);
	setup(NULL);
	assert_int_equal(oomt_android_parse_line(k, L("Kill native with pid 1893, oom_adj 0, to free 6120 pages"), &ev), US_KILL);
	assert_int_equal(ev.victim.pid, 1893);
	assert_int_equal(ev.victim.oom_score_adj, 0);
	assert_int_equal(ev.freed_pages, 6120);
	assert_true(ev.freed_bytes == OOMT_UNKNOWN);
	assert_string_equal(ev.victim.comm, "");
	assert_false(oomt_android_killer_of(NULL, L("Kill native with pid, oom_adj 0"), &k));
	assert_false(oomt_android_killer_of("init", L("Kill native with pid 1893, oom_adj 0, to free 6120 pages"), &k));
}

/* lmkd's wait lines (android.c): the text is the outcome; no kill line, no number, none. */
static void test_android_outcome_lines(void **state)
{
	(void)state;
	setup(NULL);
	assert_true(oomt_android_parse_outcome(L("Process got killed in 12ms"), &ev));
	assert_string_equal(ev.outcome, "Process got killed in 12ms");
	setup(NULL);
	assert_true(oomt_android_parse_outcome(L("lowmemorykiller: Stop waiting for process kill after 205ms"), &ev));
	assert_string_equal(ev.outcome, "Stop waiting for process kill after 205ms");
	setup(NULL);
	assert_false(oomt_android_parse_outcome(L("Process got killed in the end"), &ev));
	assert_false(oomt_android_parse_outcome(L("Process got killed in 12s"), &ev));
	assert_false(oomt_android_parse_outcome(L("Kill 'a' (5), uid 1, oom_adj 904 to free 1kB"), &ev));
	assert_string_equal(ev.outcome, "");
}

static void test_classifier(void **state)
{
	(void)state;
	assert_int_equal(oomt_line_classify(L("Mem-Info:"), NULL), LK_MEMINFO);
	assert_int_equal(oomt_line_classify(L("Tasks state (memory values in pages):"), NULL), LK_TASKS_STATE);
	assert_int_equal(oomt_line_classify(L("[ pid ]   uid  tgid total_vm      rss cpu oom_adj name"), NULL), LK_TASK_HEADER);
	assert_int_equal(oomt_line_classify(L("Memory cgroup out of memory: Killed process 1 (a)"), NULL), LK_VICTIM);
	assert_int_equal(oomt_line_classify(L("sysrq: Manual OOM execution"), NULL), LK_SYSRQ);
	assert_int_equal(oomt_line_classify(L("e1000e: link up"), NULL), LK_OTHER);
}

/* Only the message's own blanks go; transport noise is the sources' (test-source-text). */
static void test_trim(void **state)
{
	const char *s = " \t main invoked oom-killer: x, order=0 \t";
	const char *q = "> main invoked oom-killer: x, order=0   [7/972]";
	size_t n = strlen(s), m = strlen(q);

	(void)state;
	oomt_text_trim(&s, &n);
	assert_int_equal(n, strlen("main invoked oom-killer: x, order=0"));
	assert_memory_equal(s, "main invoked", 12);
	oomt_text_trim(&q, &m);
	assert_int_equal(m, strlen("> main invoked oom-killer: x, order=0   [7/972]"));
}

/* A path cut at the screen edge loses the mark at its end; one inside it stays. */
static void test_path_uncut(void **state)
{
	char a[] = "/user.slice/app.slice/vte-s>", b[] = "/a/b\xe2\x80\xa6", c[] = "/a/b...";
	char d[] = "/kubepods.slice/kubepods\xe2\x80\xa6gent", e[] = "/a/b.scope";

	(void)state;
	assert_true(oomt_text_path_uncut(a));
	assert_string_equal(a, "/user.slice/app.slice/vte-s");
	assert_true(oomt_text_path_uncut(b));
	assert_string_equal(b, "/a/b");
	assert_true(oomt_text_path_uncut(c));
	assert_string_equal(c, "/a/b");
	assert_true(oomt_text_path_uncut(d));
	assert_string_equal(d, "/kubepods.slice/kubepods\xe2\x80\xa6gent");
	assert_false(oomt_text_path_uncut(e));
	assert_string_equal(e, "/a/b.scope");
}

/* Non-contiguous node lists ("%*pbl": "0,2-3") in the summary and the 4.9-4.20 header. */
static void test_node_lists_with_commas(void **state)
{
	(void)state;
	assert_true(oomt_line_parse_summary(L("oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=0,2-3,cpuset=/,mems_allowed=0-1,4,global_oom,task_memcg=/a,task=x,y,pid=5,uid=0"), &ev));
	assert_string_equal(ev.trigger.nodemask, "0,2-3");
	assert_string_equal(ev.trigger.mems_allowed, "0-1,4");
	assert_string_equal(ev.trigger.cpuset, "/");
	assert_string_equal(ev.victim.comm, "x,y");
	setup(NULL);
	assert_true(oomt_line_parse_header(L("a invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=0,2-3, order=0, oom_score_adj=0"), &ev));
	assert_string_equal(ev.trigger.nodemask, "0,2-3");
	assert_int_equal(ev.trigger.order, 0);
	setup(NULL);
	assert_true(oomt_line_parse_header(L("a invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null),  order=0, oom_score_adj=0"), &ev));
	assert_string_equal(ev.trigger.nodemask, "(null)");
}

/* The panic that ends an OOM, in every era's wording; other panics are not OOM incidents. */
static void test_oom_panics(void **state)
{
	static const struct { const char *line; int64_t p_o_o; bool none; } ok[] = {
		{ "Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled", 1, false },
		{ "Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled", 2, false },
		{ "Kernel panic - not syncing: out of memory. panic_on_oom is selected", 1, false },
		{ "Kernel panic - not syncing: out of memory. Compulsory panic_on_oom is selected.", 2, false },
		{ "Kernel panic - not syncing: out of memory(memcg). panic_on_oom is selected.", 2, false },
		{ "Kernel panic - not syncing: out of memory from page fault. panic_on_oom is selected.", OOMT_UNKNOWN, false },
		{ "Kernel panic - not syncing: Out of memory and no killable processes...", OOMT_UNKNOWN, true },
		{ "Kernel panic - not syncing: System is deadlocked on memory", OOMT_UNKNOWN, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		setup(NULL);
		assert_true(oomt_line_parse_panic(L(ok[i].line), &ev));
		assert_int_equal(ev.panic_on_oom, ok[i].p_o_o);
		assert_int_equal(ev.no_killable_processes, ok[i].none);
		assert_string_equal(ev.panic, ok[i].line + strlen("Kernel panic - not syncing: "));
		assert_int_equal(oomt_line_classify(L(ok[i].line), NULL), LK_PANIC);
	}
	setup(NULL);
	assert_false(oomt_line_parse_panic(L("Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009"), &ev));
	assert_false(oomt_line_parse_panic(L("---[ end Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled ]---"), &ev));
	assert_string_equal(ev.panic, "");
	assert_true(oomt_line_parse_memcg_limit(L("Memory limit reached of cgroup /docker/4f1c"), &ev));
	assert_string_equal(ev.oom_memcg, "/docker/4f1c");
	assert_int_equal(oomt_line_classify(L("Memory limit reached of cgroup /a"), NULL), LK_MEMCG_LIMIT);
	assert_int_equal(oomt_line_classify(L("Out of memory and no killable processes..."), NULL), LK_NO_VICTIM);
}

/* nohang in all its forms, systemd-oomd's notice after v259. */
static void test_userspace_forms(void **state)
{
	(void)state;
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("Victim is chromium-browse, pid: 3232, badness: 612, VmRSS: 2311 MiB, VmSwap: 801 MiB"), &ev), US_VICTIM_FIELD);
	assert_int_equal(ev.victim.pid, 3232);
	assert_string_equal(ev.victim.comm, "chromium-browse");
	assert_int_equal(ev.victim.score, 612);
	assert_int_equal(ev.victim.rss_bytes, 2311LL << 20);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("Sending SIGKILL to the victim; no such process; response time: 3 ms"), &ev), US_KILL);
	assert_string_equal(ev.signal, "SIGKILL");
	assert_string_equal(ev.outcome, "no such process; response time: 3 ms");
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("Send SIGTERM to the victim; total response time: 61 ms"), &ev), US_KILL);
	assert_string_equal(ev.signal, "SIGTERM");
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("Send SIGTERM to Web Content: 1"), &ev), US_NONE);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("[ OK ] Sending SIGKILL to Web Content: 1"), &ev), US_NONE);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("PID: 9912, Name: Web Content, badness: 702"), &ev), US_VICTIM_FIELD);
	assert_string_equal(ev.victim.comm, "Web Content");
	assert_int_equal(ev.victim.score, 702);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("EUID:      1000"), &ev), US_VICTIM_FIELD);
	assert_int_equal(ev.victim.uid, 1000);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("Badness: 621, oom_score: 621, oom_score_adj: 0"), &ev), US_VICTIM_FIELD);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("Process with highest badness (found in 46 ms):"), &ev), US_SELECT);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("Finding the process with the highest badness"), &ev), US_SELECT);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("victim badness 12 < min_badness 20; nothing to do; response time: 3 ms"), &ev), US_CANCEL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("Low memory; corrective action required!"), &ev), US_REASON_START);
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_NOHANG, L("MemAvailable [371 MiB, 4.7 %] <= mem_min_sigterm [393 MiB, 5.0 %]"), &ev), US_REASON);
	assert_string_equal(ev.reason, "MemAvailable [371 MiB, 4.7 %] <= mem_min_sigterm [393 MiB, 5.0 %]");
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Marked /user.slice/a.scope for killing due to memory pressure for /user.slice being 36.66% > 20.00% for > 5s with reclaim activity"), &ev), US_KILL);
	assert_string_equal(ev.task_memcg, "/user.slice/a.scope");
	assert_string_equal(ev.reason, "memory pressure for /user.slice being 36.66% > 20.00% for > 5s with reclaim activity");
	/* a kill line cut before " due to": the kill, of the cgroup as far as the line has it
	 * (a pager's mark stays until the event is given out) */
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed /user.slice/app.slice/vte-spawn-3f0c>"), &ev), US_KILL);
	assert_string_equal(ev.task_memcg, "/user.slice/app.slice/vte-spawn-3f0c>");
	assert_string_equal(ev.signal, "SIGKILL");
	assert_string_equal(ev.reason, "");
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed /user.slice/app.slice/tmux"), &ev), US_KILL);
	assert_string_equal(ev.task_memcg, "/user.slice/app.slice/tmux");
	assert_int_equal(ev.cut, OOMT_CUT_TASK_MEMCG);
	/* cut inside " due to" (" for killing due to"): the path before the blank is whole */
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed /user.slice/app.slice/a.scope du"), &ev), US_KILL);
	assert_string_equal(ev.task_memcg, "/user.slice/app.slice/a.scope");
	assert_int_equal(ev.cut, 0);
	assert_string_equal(ev.reason, "");
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed /a.scope d"), &ev), US_KILL);
	assert_string_equal(ev.task_memcg, "/a.scope");
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed /a.scope due to"), &ev), US_KILL);
	assert_string_equal(ev.task_memcg, "/a.scope");
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed /a.scope due t\xe2\x80\xa6"), &ev), US_KILL);
	assert_string_equal(ev.task_memcg, "/a.scope");
	assert_int_equal(ev.cut, 0);
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Marked /a.scope for kil"), &ev), US_KILL);
	assert_string_equal(ev.task_memcg, "/a.scope");
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Marked /a.scope du"), &ev), US_NONE);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed /a.scope dux"), &ev), US_NONE);
	setup(NULL);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed /a.scope because"), &ev), US_NONE);
	assert_int_equal(oomt_userspace_parse_line(OOMT_KILLER_SYSTEMD_OOMD, L("Killed a.scope"), &ev), US_NONE);
}

/* A paste's commas between a size's digits are dropped, in threes or where the paste moved
 * them; never the digits before the first comma (1000 times too small). A sign is no size. */
static void test_sizes_with_separators(void **state)
{
	const char *p;
	int64_t v = 7;

	(void)state;
	p = "26,184,840kB";
	assert_true(oomt_text_parse_size(&p, p + strlen(p), &v));
	assert_int_equal(v, 26184840);
	assert_string_equal(p, "kB");
	p = "153,700,88kB";
	assert_true(oomt_text_parse_size(&p, p + strlen(p), &v));
	assert_int_equal(v, 15370088);
	assert_string_equal(p, "kB");
	p = "1234,567kB";
	assert_true(oomt_text_parse_size(&p, p + strlen(p), &v));
	assert_int_equal(v, 1234567);
	p = "12,kB";
	assert_true(oomt_text_parse_size(&p, p + strlen(p), &v));
	assert_int_equal(v, 12);
	assert_string_equal(p, ",kB");
	p = "+1,234kB";
	assert_false(oomt_text_parse_size(&p, p + strlen(p), &v));
	p = "-1,234kB";
	assert_false(oomt_text_parse_size(&p, p + strlen(p), &v));
	p = "0kB, file";
	assert_true(oomt_text_parse_size(&p, p + strlen(p), &v));
	assert_int_equal(v, 0);
	assert_true(oomt_line_parse_victim(L("Out of memory: Killed process 6121 (trainer) total-vm:31,522,816kB, anon-rss:201,337,66kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:40120kB oom_score_adj:0"), &ev));
	assert_int_equal(ev.victim.total_vm_bytes, 31522816LL * 1024);
	assert_int_equal(ev.victim.anon_rss_bytes, 20133766LL * 1024);
	assert_int_equal(ev.victim.file_rss_bytes, 0);
	assert_int_equal(ev.victim.pgtables_bytes, 40120 * 1024);
	assert_true(oomt_line_parse_memcg_counter(L("memory: usage 4,194,304kB, limit 4,194,30kB, failcnt 12"), &ev));
	assert_int_equal(ev.memcg.memory.usage_bytes, 4194304LL * 1024);
	assert_int_equal(ev.memcg.memory.limit_bytes, 419430LL * 1024);
	assert_int_equal(ev.memcg.memory.failcnt, 12);
}

#define T(f) cmocka_unit_test_setup(f, setup)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_header_comm_with_spaces), T(test_header_old_and_sysrq), T(test_header_cut),
		T(test_cpu_lines), T(test_cpu_line_cut_after_comm),
		T(test_victim_forms), T(test_selection_forms), T(test_summary_from_the_right),
		T(test_memcg_lines), T(test_meminfo_tokens_not_positions), T(test_meminfo_zone_managed),
		T(test_meminfo_zones_cut), T(test_meminfo_stray_zone_line), T(test_meminfo_pages_ram_confirms_zones), T(test_sizes_with_separators),
		T(test_task_table), T(test_task_cols_guess), T(test_cpuset_line),
		T(test_reaper_and_misc), T(test_userspace_lines), T(test_android_kill_lines), T(test_android_outcome_lines), T(test_classifier), T(test_trim),
		T(test_node_lists_with_commas), T(test_oom_panics), T(test_userspace_forms),
		T(test_path_uncut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
