/* SPDX-License-Identifier: MIT */
/* The text source: every prefix format, multi-line records, gzip, bounds, prefilter. */
#include <errno.h>
#include <fcntl.h>
#include <sys/time.h>
#include <time.h>
#include "source-test-util.h"
#include "source/line-prefix.h"

static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	                 .tm_hour = h, .tm_min = mi, .tm_sec = s };

	return (int64_t)timegm(&tm) * 1000000;
}

#define UNK OOMT_UNKNOWN

static void test_dmesg_variants(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"[  117.006941] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0\n"
		"<4>[  117.006942] CPU: 0 PID: 1\n"
		"[ 1629.930998][T14021] idle-priority invoked oom-killer\n"
		"[  117.006943] [  T2239] with dmesg caller\n"
		"[  117.006944] [    C3] cpu caller\n"
		"[20148497.792301] wide stamp\n"
		"[  117.006945 <    0.000028>] delta\n"
		"kern  :warn  : [  117.006946] dmesg -x\n"
		"<12>[    2.000000] systemd[1]: userspace write\n");

	assert_int_equal(rs->n, 9);
	assert_int_equal(rs->fmt, OOMT_FMT_DMESG);
	assert_int_equal(rs->r[0].uptime_usec, 117006941);
	assert_string_equal(rs->r[0].msg, "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0");
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_int_equal(rs->r[0].priority, -1);
	assert_int_equal(rs->r[0].realtime_usec, UNK);
	assert_int_equal(rs->r[1].priority, 4);
	assert_int_equal(rs->r[1].facility, 0);
	assert_string_equal(rs->r[1].msg, "CPU: 0 PID: 1");
	assert_string_equal(rs->r[2].caller, "T14021");
	assert_int_equal(rs->r[2].uptime_usec, 1629930998);
	assert_string_equal(rs->r[2].msg, "idle-priority invoked oom-killer");
	assert_string_equal(rs->r[3].caller, "T2239");
	assert_string_equal(rs->r[3].msg, "with dmesg caller");
	assert_string_equal(rs->r[4].caller, "C3");
	assert_int_equal(rs->r[5].uptime_usec, INT64_C(20148497792301));
	assert_int_equal(rs->r[6].uptime_usec, 117006945);
	assert_string_equal(rs->r[6].msg, "delta");
	assert_int_equal(rs->r[7].facility, 0);
	assert_int_equal(rs->r[7].priority, 4);
	assert_int_equal(rs->r[7].uptime_usec, 117006946);
	assert_string_equal(rs->r[7].msg, "dmesg -x");
	/* facility 1 (user): a program's line written to /dev/kmsg, its ident its own */
	assert_int_equal(rs->r[8].facility, 1);
	assert_string_equal(rs->r[8].ident, "systemd");
	assert_int_equal(rs->r[8].ident_pid, 1);
	assert_string_equal(rs->r[8].msg, "userspace write");
	recs_free(rs);
}

static void test_dmesg_ctime(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"[Mon Jul  6 12:34:56 2026] english\n"
		"[\xe4\xba\x8c 9\xe6\x9c\x88  3 05:57:48 2024] chinese\n"
		"[dim. 19 avril 18:03:30 2026] french\n"
		"[xyz. 19 qqqq 18:03:30 2026] unknown month\n");

	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->fmt, OOMT_FMT_DMESG_CTIME);
	assert_int_equal(rs->r[0].realtime_usec, utc(2026, 7, 6, 12, 34, 56));
	assert_string_equal(rs->r[0].msg, "english");
	assert_int_equal(rs->r[1].realtime_usec, utc(2024, 9, 3, 5, 57, 48));
	assert_string_equal(rs->r[1].msg, "chinese");
	assert_int_equal(rs->r[2].realtime_usec, utc(2026, 4, 19, 18, 3, 30));
	assert_int_equal(rs->r[3].realtime_usec, UNK);
	assert_string_equal(rs->r[3].msg, "unknown month");
	assert_string_equal(rs->r[3].ident, "kernel");
	recs_free(rs);
}

static void test_dmesg_iso(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"2026-07-06T12:34:56,006941+02:00 new offset\n"
		"2026-07-06T12:34:56,000001+0200 old offset\n");

	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->fmt, OOMT_FMT_DMESG_ISO);
	assert_int_equal(rs->r[0].realtime_usec, utc(2026, 7, 6, 10, 34, 56) + 6941);
	assert_string_equal(rs->r[0].msg, "new offset");
	assert_int_equal(rs->r[1].realtime_usec, utc(2026, 7, 6, 10, 34, 56) + 1);
	recs_free(rs);
}

static void test_kmsg_text(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"4,669,1162881984,-;python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL)\n"
		" SUBSYSTEM=memory\n"
		" DEVICE=+memory:x\n"
		"4,670,1162881998,-,caller=T9096;Mem-Info:\\x0aactive_anon:1 inactive_anon:2\\x0afree:3\n"
		"4,671,1162882005,c;, fragment\n"
		"6,672,1162882006,-;comm \\xe6\\x97\\xa5 back\\x5cslash\n"
		"30,673,1162882007,-;systemd[1]: daemon.info\n");

	assert_int_equal(rs->fmt, OOMT_FMT_KMSG);
	assert_int_equal(rs->n, 7);
	assert_int_equal(rs->r[0].uptime_usec, 1162881984);
	assert_int_equal(rs->r[0].priority, 4);
	assert_int_equal(rs->r[0].facility, 0);
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_string_equal(rs->r[1].msg, "Mem-Info:");
	assert_string_equal(rs->r[1].caller, "T9096");
	assert_false(rs->r[1].cont);
	assert_string_equal(rs->r[2].msg, "active_anon:1 inactive_anon:2");
	assert_true(rs->r[2].cont);
	assert_int_equal(rs->r[2].uptime_usec, 1162881998);
	assert_string_equal(rs->r[2].caller, "T9096");
	assert_string_equal(rs->r[3].msg, "free:3");
	assert_true(rs->r[3].cont);
	assert_string_equal(rs->r[4].msg, ", fragment");
	assert_true(rs->r[4].cont);
	assert_string_equal(rs->r[5].msg, "comm \xe6\x97\xa5 back\\slash");
	assert_int_equal(rs->r[6].facility, 3);
	assert_int_equal(rs->r[6].priority, 6);
	assert_null(rs->r[6].ident);
	recs_free(rs);
}

static void test_syslog_3164(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"Dec 31 23:59:59 web01 kernel: [75669.581768] f2b invoked oom-killer: order=0\n"
		"Jan  1 00:00:01 web01 earlyoom[1233]: low memory!\n"
		"<3>Jan  1 00:00:02 web01 kernel: wire format\n"
		"Jan  1 00:00:03 web01 kernel: <4>[   12.000001] [  T42] klogd with level\n");

	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->fmt, OOMT_FMT_SYSLOG);
	assert_int_equal(rs->r[0].realtime_usec, utc(2026, 12, 31, 23, 59, 59));
	assert_int_equal(rs->r[0].uptime_usec, 75669581768);
	assert_string_equal(rs->r[0].host, "web01");
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_int_equal(rs->r[0].ident_pid, UNK);
	assert_string_equal(rs->r[0].msg, "f2b invoked oom-killer: order=0");
	/* December -> January: the year steps */
	assert_int_equal(rs->r[1].realtime_usec, utc(2027, 1, 1, 0, 0, 1));
	assert_string_equal(rs->r[1].ident, "earlyoom");
	assert_int_equal(rs->r[1].ident_pid, 1233);
	assert_string_equal(rs->r[1].msg, "low memory!");
	assert_int_equal(rs->r[2].priority, 3);
	assert_string_equal(rs->r[2].msg, "wire format");
	assert_int_equal(rs->r[3].uptime_usec, 12000001);
	assert_string_equal(rs->r[3].caller, "T42");
	assert_string_equal(rs->r[3].msg, "klogd with level");
	recs_free(rs);
}

/* dmesg -e: the absolute stamp at minute precision, then deltas chained from it. */
static void test_dmesg_reltime(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"[  +0.000100] before any absolute stamp\n"
		"[Jul 6 12:34] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0\n"
		"[  +0.000006] CPU: 0 PID: 1\n"
		"[ +12.500000] later\n"
		"[Nov29 03:29]  ? srso_alias_return_thunk+0x5/0xfbef5\n"
		"[  -0.000001] clock stepped back\n"
		"kern  :warn  : [  +1.000000] dmesg -e -x\n"
		"[Jul16 12:35] [  T2239] with caller\n"
		"[7\xe6\x9c\x88 6 12:36] chinese month\n");

	assert_int_equal(rs->n, 9);
	assert_int_equal(rs->fmt, OOMT_FMT_DMESG_RELTIME);
	assert_int_equal(rs->r[0].realtime_usec, UNK);
	assert_string_equal(rs->r[0].msg, "before any absolute stamp");
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_int_equal(rs->r[1].realtime_usec, utc(2026, 7, 6, 12, 34, 0));
	assert_int_equal(rs->r[1].uptime_usec, UNK);
	assert_string_equal(rs->r[1].msg,
	                    "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0");
	assert_int_equal(rs->r[2].realtime_usec, utc(2026, 7, 6, 12, 34, 0) + 6);
	assert_string_equal(rs->r[2].msg, "CPU: 0 PID: 1");
	assert_int_equal(rs->r[3].realtime_usec, utc(2026, 7, 6, 12, 34, 12) + 500006);
	/* util-linux keeps the message's own leading blank */
	assert_int_equal(rs->r[4].realtime_usec, utc(2026, 11, 29, 3, 29, 0));
	assert_string_equal(rs->r[4].msg, " ? srso_alias_return_thunk+0x5/0xfbef5");
	assert_int_equal(rs->r[5].realtime_usec, utc(2026, 11, 29, 3, 29, 0) - 1);
	assert_int_equal(rs->r[6].realtime_usec, utc(2026, 11, 29, 3, 29, 0) + 999999);
	assert_int_equal(rs->r[6].priority, 4);
	assert_string_equal(rs->r[6].msg, "dmesg -e -x");
	assert_int_equal(rs->r[7].realtime_usec, utc(2026, 7, 16, 12, 35, 0));
	assert_string_equal(rs->r[7].caller, "T2239");
	assert_string_equal(rs->r[7].msg, "with caller");
	assert_int_equal(rs->r[8].realtime_usec, utc(2026, 7, 6, 12, 36, 0));
	recs_free(rs);

	/* not reltime: seconds, a year, no month, an unpadded fraction */
	rs = read_str("[Jul 6 12:34:56] a\n[2026 6 12:34] b\n[  +0.12] c\n[  +x.000001] d\n");
	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->fmt, OOMT_FMT_PLAIN);
	assert_string_equal(rs->r[0].msg, "[Jul 6 12:34:56] a");
	assert_string_equal(rs->r[2].msg, "[  +0.12] c");
	recs_free(rs);
}

/* dmesg -J as util-linux 2.38 prints it (one member per line), -x, one object per line,
 * and 2.40's caller. */
static void test_dmesg_json(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"{\n"
		"   \"dmesg\": [\n"
		"      {\n"
		"         \"pri\": 4,\n"
		"         \"time\":   117.006941,\n"
		"         \"msg\": \"python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0\"\n"
		"      },{\n"
		"         \"pri\": 14,\n"
		"         \"time\":  4313.498070,\n"
		"         \"msg\": \" quote \\\" back\\\\slash \\u00e9t\\u00e9 \\ud83d\\ude00\"\n"
		"      },{\n"
		"         \"fac\": \"kern\",\n"
		"         \"pri\": \"err\",\n"
		"         \"time\":     5.000001,\n"
		"         \"caller\": \"T42\",\n"
		"         \"msg\": \"Mem-Info:\\nanon 3\"\n"
		"      }\n"
		"   ]\n"
		"}\n");

	assert_int_equal(rs->fmt, OOMT_FMT_DMESG_JSON);
	assert_int_equal(rs->skipped, 0);
	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->r[0].uptime_usec, 117006941);
	assert_int_equal(rs->r[0].priority, 4);
	assert_int_equal(rs->r[0].facility, 0);
	assert_int_equal(rs->r[0].realtime_usec, UNK);
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_string_equal(rs->r[0].msg,
	                    "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0");
	assert_int_equal(rs->r[1].uptime_usec, 4313498070);
	assert_int_equal(rs->r[1].facility, 1);
	assert_int_equal(rs->r[1].priority, 6);
	assert_null(rs->r[1].ident);
	assert_string_equal(rs->r[1].msg, " quote \" back\\slash \xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80");
	assert_int_equal(rs->r[2].uptime_usec, 5000001);
	assert_int_equal(rs->r[2].priority, 3);
	assert_int_equal(rs->r[2].facility, 0);
	assert_string_equal(rs->r[2].caller, "T42");
	assert_string_equal(rs->r[2].msg, "Mem-Info:");
	assert_string_equal(rs->r[3].msg, "anon 3");
	assert_int_equal(rs->r[3].uptime_usec, 5000001);
	recs_free(rs);

	rs = read_str(
		"{\"dmesg\":[\n"
		"{\"pri\":4,\"time\":117.5,\"msg\":\"one\"},\n"
		"  {\"fac\": \"user\", \"pri\": \"info\", \"time\": 2.000001, \"msg\": \"two\"},\n"
		"{\"pri\":4,\"time\":\"2026-07-06T12:34:56,006941+00:00\",\"msg\":\"iso\"},\n"
		"{\"pri\":4,\"time\":3.0,\"msg\":\"cut \\u00\n"
		"]}\n");
	assert_int_equal(rs->fmt, OOMT_FMT_DMESG_JSON);
	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->r[0].uptime_usec, 117500000);
	assert_string_equal(rs->r[0].msg, "one");
	assert_int_equal(rs->r[1].facility, 1);
	assert_int_equal(rs->r[1].priority, 6);
	assert_int_equal(rs->r[1].uptime_usec, 2000001);
	assert_string_equal(rs->r[1].msg, "two");
	assert_int_equal(rs->r[2].realtime_usec, utc(2026, 7, 6, 12, 34, 56) + 6941);
	assert_int_equal(rs->r[2].uptime_usec, UNK);
	/* a truncated escape or string: the message is kept */
	assert_string_equal(rs->r[3].msg, "cut ");
	recs_free(rs);

	/* journalctl -o json-pretty: its members stay text lines but MESSAGE's, whose string is
	 * the line (test_json_message_lines); "{" and "}" are dropped */
	rs = read_str("{\n\t\"__CURSOR\" : \"s=1\",\n\t\"MESSAGE\" : \"Killed process 5\"\n}\n");
	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[1].msg, "Killed process 5");
	assert_int_equal(rs->fmt, OOMT_FMT_PLAIN);
	recs_free(rs);

	/* JSON with "msg" but no "pri" is not the kernel's */
	rs = read_str("{\"level\":\"info\",\"msg\":\"hello\",\"time\":\"2026-07-06T12:34:56Z\"}\n");
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].msg, "hello");
	assert_null(rs->r[0].ident);
	assert_int_equal(rs->r[0].realtime_usec, utc(2026, 7, 6, 12, 34, 56));
	recs_free(rs);

	/* journalctl -o json is not dmesg -J */
	rs = read_str("{\"MESSAGE\":\"Killed process 4\",\"_HOSTNAME\":\"j\"}\n");
	assert_int_equal(rs->fmt, OOMT_FMT_JOURNAL_JSON);
	assert_string_equal(rs->r[0].msg, "Killed process 4");
	assert_string_equal(rs->r[0].host, "j");
	recs_free(rs);
}

/* Syslog templates that keep the year. */
static void test_syslog_with_year(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"Jul  6 2024 12:34:56 web01 kernel: after the day\n"
		"2023 Dec 31 23:59:59 web01 kernel: first\n"
		"Jan  1 2025 00:00:01 web01 earlyoom[12]: no host step needed\n"
		"Feb  2 2024 10:00:00: no host\n");

	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->fmt, OOMT_FMT_SYSLOG);
	assert_int_equal(rs->r[0].realtime_usec, utc(2024, 7, 6, 12, 34, 56));
	assert_string_equal(rs->r[0].host, "web01");
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_string_equal(rs->r[0].msg, "after the day");
	assert_int_equal(rs->r[1].realtime_usec, utc(2023, 12, 31, 23, 59, 59));
	assert_string_equal(rs->r[1].msg, "first");
	assert_int_equal(rs->r[2].realtime_usec, utc(2025, 1, 1, 0, 0, 1));
	assert_int_equal(rs->r[2].ident_pid, 12);
	assert_int_equal(rs->r[3].realtime_usec, utc(2024, 2, 2, 10, 0, 0));
	assert_string_equal(rs->r[3].msg, "no host");
	recs_free(rs);

	/* a year with an unknown month word: "2024 " reads as a pasted line number, and the
	 * stamp has no known month, so no time */
	rs = read_str("2024 qqq 6 12:34:56 web01 kernel: x\n");
	assert_int_equal(rs->r[0].realtime_usec, UNK);
	assert_string_equal(rs->r[0].msg, "x");
	recs_free(rs);
}

/* No year hint: the year comes from the file's mtime. */
static void test_year_from_mtime(void **state)
{
	(void)state;
	static const char text[] =
		"Dec 30 10:00:00 h kernel: a\n"
		"Jan  2 10:00:00 h kernel: b\n"
		"Mar  1 10:00:00 h kernel: c\n"
		"Feb 28 10:00:00 h kernel: d (out of order, same year)\n";
	char path[PATH_MAX];
	struct timeval tv[2] = { { .tv_sec = utc(2025, 3, 2, 0, 0, 0) / 1000000 },
	                         { .tv_sec = utc(2025, 3, 2, 0, 0, 0) / 1000000 } };
	struct oomt_source *src;
	struct recs *rs;

	write_tmp(path, sizeof(path), text, sizeof(text) - 1);
	assert_int_equal(utimes(path, tv), 0);
	assert_int_equal(oomt_source_open_file(path, NULL, &src), 0);
	rs = recs_drain(src);
	unlink(path);
	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->r[0].realtime_usec, utc(2024, 12, 30, 10, 0, 0));
	assert_int_equal(rs->r[1].realtime_usec, utc(2025, 1, 2, 10, 0, 0));
	assert_int_equal(rs->r[2].realtime_usec, utc(2025, 3, 1, 10, 0, 0));
	assert_int_equal(rs->r[3].realtime_usec, utc(2025, 2, 28, 10, 0, 0));
	recs_free(rs);
}

/* Lines a terminal, pager or editor wrapped are rejoined byte for byte; a long line
 * followed by a shell prompt is not; a multi-line record's indented lines stay records. */
static void test_wrapped_lines(void **state)
{
	(void)state;
	/* 40 columns, no gutter (a terminal's hard wrap); the file's start shows the width
	 * (sample_paste), so the first wrapped line is joined as well as the later ones */
	struct recs *rs = read_str(
		"[Tue Oct 24 09:18:03 2023] IPv4: martian\n"
		" source 10.128.2.1 from 10.128.2.44 on \n"
		"[Tue Oct 24 09:19:34 2023] java invoked \n"
		"oom-killer: gfp_mask=0x6000c0(GFP_KERNEL\n"
		"), order=0, oom_score_adj=968\n"
		"[Tue Oct 24 09:19:34 2023] [ 811160]    \n"
		"    0 811160  255  1  28672    0  -998 p\n"
		"ause\n"
		"[Tue Oct 24 09:19:35 2023] short line\n");

	assert_int_equal(rs->n, 4);
	assert_string_equal(rs->r[0].msg, "IPv4: martian source 10.128.2.1 from 10.128.2.44 on");
	assert_string_equal(rs->r[1].msg, "java invoked oom-killer: gfp_mask=0x6000c0(GFP_KERNEL), order=0, oom_score_adj=968");
	assert_string_equal(rs->r[2].msg, "[ 811160]        0 811160  255  1  28672    0  -998 pause");
	assert_false(rs->r[2].cont);
	assert_string_equal(rs->r[3].msg, "short line");
	recs_free(rs);

	/* less -N: a numbered line and rows with a blank gutter, joined from the first */
	rs = read_str(
		"  20418 Jun  2 11:20:41 web-07 kernel: [812113.019221] gunicorn invoked oom-killer: gfp_mas\n"
		"        k=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"  20419 Jun  2 11:20:41 web-07 kernel: [812113.019310] oom-kill:constraint=CONSTRAINT_MEMCG\n"
		"        ,oom_memcg=/docker/c7d41e9a0b3f5826d1e4a7c09b2f3e5d8a6c1b0f9e7d3a2c5b4e1f0a9d8c7b6e\n"
		"        ,task=g,pid=1,uid=0\n"
		"~\n");
	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[0].msg, "gunicorn invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	assert_string_equal(rs->r[0].host, "web-07");
	assert_int_equal(rs->r[0].uptime_usec, 812113019221);
	assert_string_equal(rs->r[1].msg, "oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/docker/c7d41e9a0b3f5826d1e4a7c09b2f3e5d8a6c1b0f9e7d3a2c5b4e1f0a9d8c7b6e,task=g,pid=1,uid=0");
	recs_free(rs);

	/* the longest line followed by a prompt, once: no wrap */
	rs = read_str(
		"/var/log/messages:Jun 15 02:14:30 h kernel: Out of memory: Kill process 3318 (java) score 874 or sacrifice child\n"
		"[root@h ~]# \n");
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].msg, "Out of memory: Kill process 3318 (java) score 874 or sacrifice child");
	recs_free(rs);

	/* journalctl's multi-line record at the width: its lines stay records */
	rs = read_str(
		"Mar 14 21:03:11 nb kernel: active_anon:1880221 inactive_anon:1622014\n"
		"                           active_file:2211 inactive_file:3018 isola\n"
		"Mar 14 21:03:11 nb kernel: active_anon:1880221 inactive_anon:1622014\n"
		"                           active_file:2211 inactive_file:3018 isola\n");
	assert_int_equal(rs->n, 4);
	assert_true(rs->r[1].cont);
	assert_string_equal(rs->r[1].msg, "active_file:2211 inactive_file:3018 isola");
	recs_free(rs);
}

/* grep over several files: "FILE:" (and -n's "FILE:NN:") before the line; a rotated
 * file's name dates its lines. */
static void test_grep_file_prefix(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"/var/log/messages:Jun 15 02:14:30 bi kernel: Out of memory: Kill process 3318 (java) score 874 or sacrifice child\n"
		"/var/log/messages-20230604:Jun  1 02:14:07 bi kernel: a\n"
		"messages-20240103.gz:Dec 30 23:00:00 bi kernel: b\n"
		"kern.log:12:Jun  1 02:14:07 bi kernel: numbered\n"
		"syslog-Jun  1 02:14:08 bi kernel: context\n");

	assert_int_equal(rs->n, 5);
	assert_string_equal(rs->r[0].host, "bi");
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_int_equal(rs->r[0].realtime_usec, utc(2026, 6, 15, 2, 14, 30));
	assert_int_equal(rs->r[1].realtime_usec, utc(2023, 6, 1, 2, 14, 7));
	assert_int_equal(rs->r[2].realtime_usec, utc(2023, 12, 30, 23, 0, 0));
	assert_string_equal(rs->r[3].msg, "numbered");
	assert_string_equal(rs->r[4].msg, "context");
	recs_free(rs);
}

/* The year of year-less stamps: no later than the log's end (a day of slack), which is the
 * rotation date in the file's name before its mtime. */
static void test_year_from_end_of_log(void **state)
{
	(void)state;
	static const char after[] = "Mar 20 10:00:00 h kernel: after the mtime's day: last year\n";
	static const char same[] = "Mar  5 10:00:00 h kernel: the mtime's day, an hour later\n";
	char path[PATH_MAX], named[PATH_MAX + 32];
	struct timeval tv[2] = { { .tv_sec = utc(2025, 3, 5, 9, 0, 0) / 1000000 },
	                         { .tv_sec = utc(2025, 3, 5, 9, 0, 0) / 1000000 } };
	struct oomt_source *src;
	struct recs *rs;

	write_tmp(path, sizeof(path), after, sizeof(after) - 1);
	assert_int_equal(utimes(path, tv), 0);
	assert_int_equal(oomt_source_open_file(path, NULL, &src), 0);
	rs = recs_drain(src);
	assert_int_equal(rs->r[0].realtime_usec, utc(2024, 3, 20, 10, 0, 0));
	recs_free(rs);
	/* a dateext name wins over the mtime (a copy's) */
	snprintf(named, sizeof(named), "%s-20230322", path);
	assert_int_equal(rename(path, named), 0);
	assert_int_equal(oomt_source_open_file(named, NULL, &src), 0);
	rs = recs_drain(src);
	unlink(named);
	assert_int_equal(rs->r[0].realtime_usec, utc(2023, 3, 20, 10, 0, 0));
	recs_free(rs);
	write_tmp(path, sizeof(path), same, sizeof(same) - 1);
	assert_int_equal(utimes(path, tv), 0);
	assert_int_equal(oomt_source_open_file(path, NULL, &src), 0);
	rs = recs_drain(src);
	unlink(path);
	assert_int_equal(rs->r[0].realtime_usec, utc(2025, 3, 5, 10, 0, 0));
	recs_free(rs);
}

/* netconsole received by a syslog daemon: "HOST [stamp] msg", "ADDRESS msg". */
static void test_netconsole_relay(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"Nov 14 03:00:00 10.1.2.3 [1120411.200871] sqlplus invoked oom-killer: gfp_mask=0x201da\n"
		"Nov 14 03:00:00 10.1.2.3 [1120411.200943] [ 2011]     0  2011    16568  201   0  -17  -1000 sshd\n"
		"Nov 14 03:00:01 10.1.2.3 sqlplus cpuset=/ mems_allowed=0-1\n"
		"Nov 14 03:00:01 db3 [1120411.300000] named host\n"
		"Nov 14 03:00:02 web1 plain words stay the message\n");

	assert_int_equal(rs->n, 5);
	assert_string_equal(rs->r[0].host, "10.1.2.3");
	assert_int_equal(rs->r[0].uptime_usec, 1120411200871);
	assert_string_equal(rs->r[0].msg, "sqlplus invoked oom-killer: gfp_mask=0x201da");
	assert_string_equal(rs->r[1].msg, "[ 2011]     0  2011    16568  201   0  -17  -1000 sshd");
	assert_string_equal(rs->r[2].host, "10.1.2.3");
	assert_string_equal(rs->r[2].msg, "sqlplus cpuset=/ mems_allowed=0-1");
	assert_string_equal(rs->r[3].host, "db3");
	assert_string_equal(rs->r[3].msg, "named host");
	assert_null(rs->r[4].host);
	assert_string_equal(rs->r[4].msg, "web1 plain words stay the message");
	recs_free(rs);
}

/* The words before a kernel stamp that no transport names (the prefix parser's last
 * resort) are not the message: a relay's name for the sender, or the end of the record
 * before that a mail client wrapped and glued on. They come as pre_stamp, for the parser
 * to tell which (lib/event/wrap.c); a syslog line's host, punctuation, a stamp glued to a
 * word and a continuation's later lines have none. */
static void test_words_before_stamp(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"[  963.600000] Total swap =\n"
		"0kB\xc2\xa0[  963.600001] 1044448 pages RAM\n"
		"cache\xc3\x82\xc2\xa0[  963.600002] Swap cache stats: add 0\n"
		"web1 [  963.600003] named host\n"
		"......[  963.600004] dots\n"
		"lr[  963.600005] glued to a word\n"
		"Nov 14 03:00:01 db3 [1120411.300000] syslog host\n");

	assert_int_equal(rs->n, 7);
	assert_null(rs->r[0].pre_stamp);
	assert_string_equal(rs->r[1].pre_stamp, "0kB");
	assert_string_equal(rs->r[1].msg, "1044448 pages RAM");
	assert_int_equal(rs->r[1].uptime_usec, 963600001);
	assert_string_equal(rs->r[2].pre_stamp, "cache");
	assert_string_equal(rs->r[2].msg, "Swap cache stats: add 0");
	assert_string_equal(rs->r[3].pre_stamp, "web1");
	assert_null(rs->r[3].host);
	assert_string_equal(rs->r[3].msg, "named host");
	assert_null(rs->r[4].pre_stamp);
	assert_string_equal(rs->r[4].msg, "dots");
	assert_null(rs->r[5].pre_stamp);
	assert_null(rs->r[6].pre_stamp);
	assert_string_equal(rs->r[6].host, "db3");
	recs_free(rs);
}

/* dmesg -J as a one-line document (jq -c), with every --time-format's stamp, quoted or
 * raw; dmesg --time-format delta and -T -d in text. */
static void test_dmesg_json_time_formats(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"{\"dmesg\":[{\"pri\":4,\"time\":117.006941,\"msg\":\"one\"},{\"pri\":3,\"time\":118.5,"
		"\"msg\":\"two\"},{\"pri\":6,\"time\":\"Mon Jul  6 12:34:56 2026\",\"msg\":\"ctime\"},"
		"{\"pri\":6,\"time\":\"[Jul 6 12:35]\",\"msg\":\"reltime\"},{\"pri\":6,"
		"\"time\":\"[  +0.500000]\",\"msg\":\"delta\"},{\"pri\":6,\"msg\":\"notime\"}]}\n");

	assert_int_equal(rs->fmt, OOMT_FMT_DMESG_JSON);
	assert_int_equal(rs->n, 6);
	assert_int_equal(rs->r[0].uptime_usec, 117006941);
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_string_equal(rs->r[1].msg, "two");
	assert_int_equal(rs->r[1].priority, 3);
	assert_int_equal(rs->r[2].realtime_usec, utc(2026, 7, 6, 12, 34, 56));
	assert_int_equal(rs->r[3].realtime_usec, utc(2026, 7, 6, 12, 35, 0));
	assert_int_equal(rs->r[4].realtime_usec, utc(2026, 7, 6, 12, 35, 0) + 500000);
	assert_int_equal(rs->r[5].realtime_usec, UNK);
	assert_int_equal(rs->r[5].uptime_usec, UNK);
	assert_string_equal(rs->r[5].msg, "notime");
	recs_free(rs);

	rs = read_str(
		"{\n   \"dmesg\": [\n      {\n         \"pri\": 4,\n"
		"         \"time\": [Mon Jul  6 12:34:56 2026] ,\n         \"msg\": \"raw ctime\"\n"
		"      },{\n         \"pri\": 4,\n"
		"         \"time\": 2026-07-06T12:34:57,006941+00:00 ,\n         \"msg\": \"raw iso\"\n"
		"      },{\n         \"pri\": 4,\n         \"time\": [<    0.000028>] ,\n"
		"         \"msg\": \"raw delta\"\n      }\n   ]\n}\n");
	assert_int_equal(rs->n, 3);
	assert_int_equal(rs->r[0].realtime_usec, utc(2026, 7, 6, 12, 34, 56));
	assert_int_equal(rs->r[1].realtime_usec, utc(2026, 7, 6, 12, 34, 57) + 6941);
	assert_int_equal(rs->r[2].realtime_usec, UNK);
	assert_string_equal(rs->r[2].msg, "raw delta");
	recs_free(rs);

	rs = read_str(
		"[<    0.000000>] memory: usage 10kB, limit 10kB, failcnt 1\n"
		"[Mon Jul  6 12:34:56 2026 <    0.000028>] ctime and delta\n");
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].msg, "memory: usage 10kB, limit 10kB, failcnt 1");
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_int_equal(rs->r[1].realtime_usec, utc(2026, 7, 6, 12, 34, 56));
	assert_string_equal(rs->r[1].msg, "ctime and delta");
	recs_free(rs);
}

static void test_journalctl_short_modes(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"Jul 06 12:34:56 host kernel: short\n"
		"Jul 06 12:34:56.123456 host kernel: short-precise\n"
		"2026-07-06T12:34:56+0200 host kernel: short-iso old\n"
		"2026-07-06T12:34:56.123456+02:00 host kernel: short-iso-precise\n"
		"Mon 2026-07-06 12:34:56 UTC host kernel: short-full\n"
		"[  117.006941] host kernel: short-monotonic\n"
		"1783334096.123456 host kernel: short-unix\n"
		"mars 01 10:28:39 systemd[1]: no host\n"
		"12\xe6\x9c\x88 17 10:04:42 host kernel: cjk month\n"
		"qqq 17 10:04:42 host kernel: unknown month\n"
		"Jun 12 06:39:16: earlyoom stdout\n");

	assert_int_equal(rs->n, 11);
	for (size_t i = 0; i < 7; i++) {
		assert_string_equal(rs->r[i].host, "host");
		assert_string_equal(rs->r[i].ident, "kernel");
	}
	assert_string_equal(rs->r[0].msg, "short");
	assert_int_equal(rs->r[0].realtime_usec, utc(2026, 7, 6, 12, 34, 56));
	assert_int_equal(rs->r[1].realtime_usec, utc(2026, 7, 6, 12, 34, 56) + 123456);
	assert_int_equal(rs->r[2].realtime_usec, utc(2026, 7, 6, 10, 34, 56));
	assert_int_equal(rs->r[3].realtime_usec, utc(2026, 7, 6, 10, 34, 56) + 123456);
	assert_string_equal(rs->r[3].msg, "short-iso-precise");
	assert_int_equal(rs->r[4].realtime_usec, utc(2026, 7, 6, 12, 34, 56));
	assert_string_equal(rs->r[4].msg, "short-full");
	assert_int_equal(rs->r[5].uptime_usec, 117006941);
	assert_string_equal(rs->r[5].msg, "short-monotonic");
	assert_int_equal(rs->r[6].realtime_usec, INT64_C(1783334096123456));
	assert_null(rs->r[7].host);
	assert_string_equal(rs->r[7].ident, "systemd");
	assert_int_equal(rs->r[7].ident_pid, 1);
	assert_int_equal(rs->r[7].realtime_usec, utc(2026, 3, 1, 10, 28, 39));
	assert_string_equal(rs->r[7].msg, "no host");
	assert_int_equal(rs->r[8].realtime_usec, utc(2026, 12, 17, 10, 4, 42));
	assert_string_equal(rs->r[8].msg, "cjk month");
	assert_int_equal(rs->r[9].realtime_usec, UNK);
	assert_string_equal(rs->r[9].host, "host");
	assert_string_equal(rs->r[9].msg, "unknown month");
	assert_null(rs->r[10].ident);
	assert_string_equal(rs->r[10].msg, "earlyoom stdout");
	assert_int_equal(rs->r[10].realtime_usec, utc(2026, 6, 12, 6, 39, 16));
	recs_free(rs);
}

static void test_rsyslog_iso_and_5424(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"2026-07-06T12:34:56.123456+02:00 host kernel: rfc3339\n"
		"<3>2026-07-06T12:34:56.123456Z host kernel: forward format\n"
		"<3>1 2026-07-06T12:34:56.123456+02:00 host kernel - - - \xef\xbb\xbfrfc5424 bom\n"
		"<30>1 2026-07-06T12:34:56Z host earlyoom 812 ID47 [ex@1 a=\"x]y\"][b@2 c=\"d\"] with sd\n"
		"<30>1 - - - - - - nil everything\n"
		"<6>1 2026-07-06T12:34:56Z host kernel - - - [  117.006941] stamp in 5424\n");

	assert_int_equal(rs->n, 6);
	assert_int_equal(rs->fmt, OOMT_FMT_SYSLOG_ISO);
	assert_int_equal(rs->r[0].realtime_usec, utc(2026, 7, 6, 10, 34, 56) + 123456);
	assert_string_equal(rs->r[0].msg, "rfc3339");
	assert_int_equal(rs->r[1].priority, 3);
	assert_int_equal(rs->r[1].realtime_usec, utc(2026, 7, 6, 12, 34, 56) + 123456);
	assert_string_equal(rs->r[1].msg, "forward format");
	assert_string_equal(rs->r[2].msg, "rfc5424 bom");
	assert_string_equal(rs->r[2].host, "host");
	assert_string_equal(rs->r[2].ident, "kernel");
	assert_int_equal(rs->r[2].priority, 3);
	assert_int_equal(rs->r[2].realtime_usec, utc(2026, 7, 6, 10, 34, 56) + 123456);
	assert_string_equal(rs->r[3].ident, "earlyoom");
	assert_int_equal(rs->r[3].ident_pid, 812);
	assert_int_equal(rs->r[3].facility, 3);
	assert_string_equal(rs->r[3].msg, "with sd");
	assert_null(rs->r[4].host);
	assert_null(rs->r[4].ident);
	assert_int_equal(rs->r[4].realtime_usec, UNK);
	assert_string_equal(rs->r[4].msg, "nil everything");
	assert_int_equal(rs->r[5].uptime_usec, 117006941);
	assert_string_equal(rs->r[5].msg, "stamp in 5424");
	recs_free(rs);
}

static void test_journal_json(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"{\"__CURSOR\":\"s=1\",\"__REALTIME_TIMESTAMP\":\"1783334096123456\","
		"\"_BOOT_ID\":\"0123456789abcdef0123456789abcdef\",\"PRIORITY\":\"3\","
		"\"SYSLOG_FACILITY\":\"0\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"_TRANSPORT\":\"kernel\","
		"\"_SOURCE_MONOTONIC_TIMESTAMP\":\"117014050\",\"_HOSTNAME\":\"h1\","
		"\"MESSAGE\":\"Memory cgroup stats for /x:\\nanon 1\\nfile \\u00e9\\\"q\\\"\"}\n"
		"{\"MESSAGE\":[104,105,10,255],\"_COMM\":\"earlyoom\",\"_PID\":\"77\",\"NESTED\":{\"a\":[1,{\"b\":\"}\"}]}}\n"
		"{\"MESSAGE\":null,\"_HOSTNAME\":\"h1\"}\n"
		"{\"MESSAGE\":[\"first\",\"second\"],\"SYSLOG_IDENTIFIER\":\"systemd-oomd\"}\n");

	assert_int_equal(rs->fmt, OOMT_FMT_JOURNAL_JSON);
	assert_int_equal(rs->n, 6);
	assert_string_equal(rs->r[0].msg, "Memory cgroup stats for /x:");
	assert_int_equal(rs->r[0].realtime_usec, INT64_C(1783334096123456));
	assert_int_equal(rs->r[0].uptime_usec, 117014050);
	assert_string_equal(rs->r[0].boot_id, "0123456789abcdef0123456789abcdef");
	assert_string_equal(rs->r[0].host, "h1");
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_int_equal(rs->r[0].priority, 3);
	assert_int_equal(rs->r[0].facility, 0);
	assert_string_equal(rs->r[1].msg, "anon 1");
	assert_true(rs->r[1].cont);
	assert_int_equal(rs->r[1].uptime_usec, 117014050);
	assert_string_equal(rs->r[2].msg, "file \xc3\xa9\"q\"");
	assert_string_equal(rs->r[3].msg, "hi");
	assert_string_equal(rs->r[3].ident, "earlyoom");
	assert_int_equal(rs->r[3].ident_pid, 77);
	assert_string_equal(rs->r[4].msg, "\xff");
	assert_true(rs->r[4].cont);
	assert_string_equal(rs->r[5].msg, "first");
	assert_string_equal(rs->r[5].ident, "systemd-oomd");
	assert_int_equal(rs->skipped, 1);      /* the null MESSAGE */
	recs_free(rs);
}

static void test_journal_export(void **state)
{
	(void)state;
	static const char data[] =
		"__CURSOR=s=1;i=1\n"
		"__REALTIME_TIMESTAMP=1783334096123456\n"
		"__MONOTONIC_TIMESTAMP=117014099\n"
		"_BOOT_ID=0123456789abcdef0123456789abcdef\n"
		"_TRANSPORT=kernel\n"
		"PRIORITY=4\n"
		"_SOURCE_MONOTONIC_TIMESTAMP=117014050\n"
		"_HOSTNAME=h2\n"
		"MESSAGE=python3 invoked oom-killer\n"
		"\n"
		"__CURSOR=s=1;i=2\n"
		"__REALTIME_TIMESTAMP=1783334096123457\n"
		"SYSLOG_IDENTIFIER=kernel\n"
		"MESSAGE\n"
		"\x0b\x00\x00\x00\x00\x00\x00\x00" "a\nb\x00" "c=d\nend"
		"\n"
		"_PID=5\n"
		"\n"
		"__CURSOR=s=1;i=3\n"
		"_HOSTNAME=nomsg\n"
		"\n"
		"__CURSOR=s=1;i=4\n"
		"MESSAGE\n"
		"\xff\x00\x00\x00\x00\x00\x00\x00" "cut";

	struct oomt_source_opts o = { 0 };
	struct recs *rs = read_buf_opts(data, sizeof(data) - 1, &o, false);

	assert_int_equal(rs->fmt, OOMT_FMT_JOURNAL_EXPORT);
	assert_int_equal(rs->n, 5);
	assert_string_equal(rs->r[0].msg, "python3 invoked oom-killer");
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_int_equal(rs->r[0].facility, 0);
	assert_int_equal(rs->r[0].priority, 4);
	assert_int_equal(rs->r[0].uptime_usec, 117014050);
	assert_int_equal(rs->r[0].realtime_usec, INT64_C(1783334096123456));
	assert_string_equal(rs->r[0].host, "h2");
	assert_string_equal(rs->r[1].msg, "a");
	assert_int_equal(rs->r[1].ident_pid, 5);
	/* an embedded NUL ends the C string; msg_len says so too */
	assert_string_equal(rs->r[2].msg, "b");
	assert_true(rs->r[2].cont);
	assert_string_equal(rs->r[3].msg, "end");
	assert_string_equal(rs->r[4].msg, "cut");
	recs_free(rs);
}

static void test_continuation_lines(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"[ 8523.347299] Memory cgroup stats for /mem_test:\n"
		"               anon 98742272\n"
		"               file 2469888\n"
		"[ 8523.347300] next record\n");

	assert_int_equal(rs->n, 4);
	assert_string_equal(rs->r[1].msg, "anon 98742272");
	assert_true(rs->r[1].cont);
	assert_int_equal(rs->r[1].uptime_usec, 8523347299);
	assert_string_equal(rs->r[1].ident, "kernel");
	assert_true(rs->r[2].cont);
	assert_false(rs->r[3].cont);
	recs_free(rs);

	/* journalctl, pasted with '>' quoting */
	rs = read_str(
		">-- Logs begin at Sun 2021-05-30 12:29:02 CST. --\n"
		">Jun 13 14:21:19 kubelet kernel: Memory cgroup stats for /mem_test:\n"
		">Jun 13 14:21:19 kubelet kernel: anon 9842688\n"
		">                            file 0\n"
		">                            kernel_stack 0\n");
	assert_int_equal(rs->n, 5);
	assert_string_equal(rs->r[0].msg, "-- Logs begin at Sun 2021-05-30 12:29:02 CST. --");
	assert_string_equal(rs->r[3].msg, "file 0");
	assert_true(rs->r[3].cont);
	assert_string_equal(rs->r[3].host, "kubelet");
	assert_int_equal(rs->r[3].realtime_usec, utc(2026, 6, 13, 14, 21, 19));
	recs_free(rs);

	/* an indented first line has nothing to continue: PLAIN */
	rs = read_str("  runc:[2:INIT] invoked oom-killer: gfp_mask=0x500cc2\n  CPU: 8 PID: 8291\n");
	assert_int_equal(rs->n, 2);
	assert_false(rs->r[0].cont);
	assert_false(rs->r[1].cont);
	assert_string_equal(rs->r[1].msg, "CPU: 8 PID: 8291");
	assert_int_equal(rs->fmt, OOMT_FMT_PLAIN);
	recs_free(rs);
}

static void test_rsyslog_escapes(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"Jul  6 12:34:56 host kernel: Mem-Info:#012active_anon:1#012#011free:3\n");

	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[0].msg, "Mem-Info:");
	assert_string_equal(rs->r[1].msg, "active_anon:1");
	assert_true(rs->r[1].cont);
	assert_string_equal(rs->r[1].host, "host");
	assert_string_equal(rs->r[2].msg, "\tfree:3");
	recs_free(rs);
}

static void test_messy_lines(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"[14808.063890] main invoked oom-killer: order=0                         [7/972]\r\n"
		"\r\n"
		"\t[4983682.777774] memory: usage 511928kB, limit 512000kB\n"
		"2023-12-04T10:49:30.127Z In(05) vcpu-5 - Guest: <6>[39291577.009360] vmware guest\n"
		"  12: [  117.000001] numbered line\n"
		"--\n"
		"......[  656.241027] dotted\n"
		"just some text\n"
		"> [  117.000002] quoted with space\n"
		">   #3 [Tue Mar  5 10:11:12 2024] numbered quote\n");

	assert_int_equal(rs->n, 10);
	assert_string_equal(rs->r[0].msg, "main invoked oom-killer: order=0");
	assert_int_equal(rs->r[0].uptime_usec, 14808063890);
	assert_string_equal(rs->r[1].msg, "");
	assert_int_equal(rs->r[2].uptime_usec, INT64_C(4983682777774));
	assert_string_equal(rs->r[2].msg, "memory: usage 511928kB, limit 512000kB");
	assert_int_equal(rs->r[3].uptime_usec, INT64_C(39291577009360));
	assert_int_equal(rs->r[3].priority, 6);
	assert_string_equal(rs->r[3].msg, "vmware guest");
	assert_int_equal(rs->r[4].uptime_usec, 117000001);
	assert_string_equal(rs->r[4].msg, "numbered line");
	assert_string_equal(rs->r[5].msg, "--");
	assert_int_equal(rs->r[6].uptime_usec, 656241027);
	assert_string_equal(rs->r[6].msg, "dotted");
	/* an unprefixed line after a prefixed one is its wrapped rest: same record */
	assert_string_equal(rs->r[7].msg, "just some text");
	assert_int_equal(rs->r[7].uptime_usec, 656241027);
	assert_true(rs->r[7].cont);
	assert_string_equal(rs->r[8].msg, "quoted with space");
	assert_string_equal(rs->r[9].msg, "numbered quote");
	assert_int_equal(rs->r[9].realtime_usec, utc(2024, 3, 5, 10, 11, 12));
	recs_free(rs);
}

static void test_empty_and_garbage(void **state)
{
	(void)state;
	struct recs *rs = read_str("");

	assert_int_equal(rs->n, 0);
	recs_free(rs);

	unsigned char junk[70000];
	unsigned s = 12345;
	for (size_t i = 0; i < sizeof(junk); i++) {
		s = s * 1103515245 + 12345;
		junk[i] = (unsigned char)(s >> 16);
	}
	struct oomt_source_opts o = { 0 };
	rs = read_buf_opts(junk, sizeof(junk), &o, false);
	size_t lines = 1;
	for (size_t i = 0; i < sizeof(junk); i++)
		lines += junk[i] == '\n';
	/* Every line comes out (#012/\x0a splitting can only add records). */
	assert_true(rs->n >= lines - 1);
	recs_free(rs);
}

static void test_long_line(void **state)
{
	(void)state;
	size_t big = 1024 * 1024;
	char *data = malloc(big + 64);

	assert_non_null(data);
	strcpy(data, "[    1.000000] ");
	memset(data + 15, 'x', big - 15);
	strcpy(data + big, "\n[    2.000000] after\n");
	struct oomt_source_opts o = { 0 };
	struct recs *rs = read_buf_opts(data, strlen(data), &o, false);

	assert_int_equal(rs->n, 2);
	assert_true(rs->r[0].truncated);
	assert_int_equal(rs->r[0].uptime_usec, 1000000);
	assert_true(rs->r[0].msg_len < big);
	assert_false(rs->r[1].truncated);
	assert_string_equal(rs->r[1].msg, "after");
	assert_int_equal(rs->truncated, 1);
	recs_free(rs);

	/* a JSON object longer than the buffer: the part read is delivered, flagged */
	strcpy(data, "{\"_HOSTNAME\":\"h\",\"MESSAGE\":\"");
	memset(data + strlen(data), 'y', big - strlen(data));
	strcpy(data + big, "\"}\n{\"MESSAGE\":\"next\"}\n");
	rs = read_buf_opts(data, strlen(data), &o, false);
	assert_int_equal(rs->n, 2);
	assert_true(rs->r[0].truncated);
	assert_string_equal(rs->r[0].host, "h");
	assert_true(rs->r[0].msg_len > 100000);
	assert_string_equal(rs->r[1].msg, "next");
	assert_false(rs->r[1].truncated);
	assert_int_equal(rs->truncated, 1);
	recs_free(rs);
	free(data);
}

/* gzip(1) rather than zlib: the tests link only liboomtool. */
static void write_gz(const char *path, const char *text, bool cut)
{
	char cmd[512];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "gzip -c > '%s'", path);
	p = popen(cmd, "w");
	assert_non_null(p);
	fputs(text, p);
	assert_int_equal(pclose(p), 0);
	if (cut) {
		FILE *f = fopen(path, "r+");
		long n;

		assert_non_null(f);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fclose(f);
		assert_int_equal(truncate(path, n / 2), 0);
	}
}

static void test_gzip(void **state)
{
	(void)state;
	char text[8192], path[PATH_MAX];
	size_t off = 0;
	int fd = mkstemp(test_tmp_path(path, sizeof(path), "oomt-gz-XXXXXX"));
	struct oomt_source *src;
	struct recs *rs;

	assert_true(fd >= 0);
	close(fd);
	for (int i = 0; i < 200; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off, "[%5d.000000] line %d\n", i, i);
	write_gz(path, text, false);
	assert_int_equal(oomt_source_open_file(path, NULL, &src), 0);
	rs = recs_drain(src);
	assert_int_equal(rs->n, 200);
	assert_string_equal(rs->r[199].msg, "line 199");
	assert_int_equal(rs->lost, 0);
	recs_free(rs);

	/* truncated: what decoded is delivered, the loss counted */
	write_gz(path, text, true);
	assert_int_equal(oomt_source_open_file(path, NULL, &src), 0);
	rs = recs_drain(src);
	assert_int_equal(rs->rc, 1);
	assert_true(rs->n > 0 && rs->n < 200);
	assert_string_equal(rs->r[0].msg, "line 0");
	assert_int_equal(rs->lost, 1);
	recs_free(rs);

	/* two members, as `cat a.gz b.gz` makes */
	write_gz(path, "[    1.000000] a\n", false);
	char path2[PATH_MAX];
	fd = mkstemp(test_tmp_path(path2, sizeof(path2), "oomt-gz2-XXXXXX"));
	close(fd);
	write_gz(path2, "[    2.000000] b\n", false);
	char cmd[2 * PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "cat '%s' >> '%s'", path2, path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(oomt_source_open_file(path, NULL, &src), 0);
	rs = recs_drain(src);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[1].msg, "b");
	recs_free(rs);
	unlink(path);
	unlink(path2);
}

static void test_stdin(void **state)
{
	(void)state;
	char path[PATH_MAX];
	const char *text = "Jul  6 12:34:56 host kernel: from stdin\n";
	struct oomt_source *src;
	int saved = dup(0), fd;

	write_tmp(path, sizeof(path), text, strlen(text));
	fd = open(path, O_RDONLY);
	dup2(fd, 0);
	close(fd);
	assert_int_equal(oomt_source_open_file("-", NULL, &src), 0);
	assert_string_equal(oomt_source_name(src), "stdin");
	struct recs *rs = recs_drain(src);
	dup2(saved, 0);
	close(saved);
	unlink(path);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].msg, "from stdin");
	recs_free(rs);
}

static void test_open_errors(void **state)
{
	(void)state;
	struct oomt_source *src;

	assert_int_equal(oomt_source_open_file("/nonexistent/x.log", NULL, &src), -ENOENT);
	assert_int_equal(oomt_source_open_file(test_tmp_dir(), NULL, &src), -EISDIR);
}

static const char *const needles[] = { "Killed process", "invoked oom-killer", "anon ", NULL };

static bool has_needle(const char *s)
{
	for (size_t i = 0; needles[i]; i++)
		if (strstr(s, needles[i]))
			return true;
	return false;
}

static bool same_meta(const struct rec_copy *a, const struct rec_copy *b)
{
#define SEQ(x) ((a->x == NULL) == (b->x == NULL) && (!a->x || strcmp(a->x, b->x) == 0))
	return strcmp(a->msg, b->msg) == 0 && a->uptime_usec == b->uptime_usec &&
	       a->realtime_usec == b->realtime_usec && a->ident_pid == b->ident_pid &&
	       SEQ(host) && SEQ(ident) && SEQ(caller) && SEQ(boot_id) &&
	       a->priority == b->priority && a->facility == b->facility && a->cont == b->cont;
#undef SEQ
}

/* Every record holding a needle with the filter off comes out with the filter on, with
 * the same metadata, in the same order. */
static void check_filter_equivalence(const char *data, size_t len)
{
	struct oomt_source_opts o = { .year_hint = 2026 };
	struct recs *off = read_buf_filtered(data, len, &o, needles, false);
	struct recs *on = read_buf_filtered(data, len, &o, needles, true);
	size_t j = 0, wanted = 0;

	for (size_t i = 0; i < off->n; i++) {
		if (!has_needle(off->r[i].msg))
			continue;
		wanted++;
		while (j < on->n && !same_meta(&off->r[i], &on->r[j]))
			j++;
		if (j == on->n)
			fail_msg("record %zu '%s' missing or different with the filter on", i,
			         off->r[i].msg);
		j++;
	}
	assert_true(on->n <= off->n);
	assert_true(on->n >= wanted);
	recs_free(off);
	recs_free(on);
}

static void test_prefilter_equivalence(void **state)
{
	(void)state;
	/* screen rows of wrapped lines: a needle in the first row or only in the second */
	static const char wrapped[] =
		"[Tue Oct 24 09:18:03 2023] IPv4: martian\n"
		" source 10.128.2.1 from 10.128.2.44 on \n"
		"[Tue Oct 24 09:18:04 2023] unrelated lin\n"
		"e of the same width, wrapped too\n"
		"[Tue Oct 24 09:19:34 2023] java invoked \n"
		"oom-killer: gfp_mask=0x6000c0(GFP_KERNEL\n"
		"), order=0, oom_score_adj=968\n"
		"[Tue Oct 24 09:19:40 2023] unrelated abc\n"
		"Killed process 811221 (java) total-vm:91\n"
		"64128kB\n";
	static const char numbered[] =
		"  20417 Jun  2 11:19:58 web-07 kernel: [812070.441210] [UFW BLOCK] IN=eth0 OUT= MAC=de:a\n"
		"        d:be:ef\n"
		"  20418 Jun  2 11:20:41 web-07 kernel: [812113.019221] gunicorn invoked oom-killer: gfp_mas\n"
		"        k=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"  20419 Jun  2 11:20:41 web-07 kernel: [812113.019319] Memory cgroup out of memory: Killed\n"
		"         process 24811 (gunicorn) total-vm:451504kB\n";
	static const char mixed[] =
		"Jul  6 12:34:50 host sshd[1]: unrelated\n"
		"Jul  6 12:34:56 host kernel: [  117.006941] python3 invoked oom-killer: x\n"
		"Jul  6 12:34:56 host kernel: Memory cgroup stats for /x:#012anon 5#012file 6\n"
		"Jul  6 12:34:57 host kernel: [  117.006999] Killed process 1 (a)\n"
		"Jul  6 12:34:58 host CRON[3]: noise\n";
	static const char journal[] =
		"Jun 13 14:21:19 kubelet kernel: Memory cgroup stats for /mem_test:\n"
		"                                unrelated 0\n"
		"                                anon 9842688\n"
		"Jun 13 14:21:20 kubelet kernel: noise\n"
		"                                anon 1\n"
		"Jun 13 14:21:21 kubelet kernel: Killed process 2 (b)\n";
	static const char blank_breaks[] =
		"Jun 13 14:21:19 kubelet kernel: Memory cgroup stats for /mem_test:\n"
		"\n"
		"                                anon 1\n"
		"\t[  117.006941] tab-indented header\n"
		"\t               anon 2\n"
		"plain text line\n"
		"   anon 3\n";
	static const char kmsg[] =
		"4,1,100,-;noise\n"
		"4,2,200,-;Mem-Info:\\x0aanon 3\n"
		" SUBSYSTEM=x\n"
		"3,3,300,-;Killed process 3 (c)\n";
	static const char json[] =
		"{\"MESSAGE\":\"noise\"}\n"
		"{\"MESSAGE\":[75,105,108,108,101,100,32,112,114,111,99,101,115,115],\"_PID\":\"1\"}\n"
		"{\"MESSAGE\":\"Killed process 4\",\"_HOSTNAME\":\"j\"}\n";

	/* dmesg -e and -J: the skipped lines carry the time and the object's members */
	static const char reltime[] =
		"[  +0.000100] unknown base\n"
		"[Jul 6 12:34] noise\n"
		"[  +0.000006] python3 invoked oom-killer: x\n"
		"[  +1.000000] noise\n"
		"[  +0.000002] noise\n"
		"[  +0.000003] Killed process 1 (a)\n"
		"[Jul 6 12:35] Mem-Info:\n"
		"[  +0.100000] Node 0 stats:\n"
		"               anon 5\n";
	static const char djson[] =
		"{\n   \"dmesg\": [\n      {\n"
		"         \"pri\": 6,\n         \"time\":   1.000001,\n"
		"         \"msg\": \"noise\"\n      },{\n"
		"         \"fac\": \"kern\",\n         \"pri\": \"warn\",\n"
		"         \"time\":   2.000002,\n         \"caller\": \"T7\",\n"
		"         \"msg\": \"Killed process 2 (b)\"\n      }\n   ]\n}\n";
	static const char djson_late[] =
		"some header\n{\"dmesg\":[\n{\"pri\":3,\"time\":1.5,\"msg\":\"x invoked oom-killer: y\"},\n]}\n";

	check_filter_equivalence(mixed, sizeof(mixed) - 1);
	check_filter_equivalence(journal, sizeof(journal) - 1);
	check_filter_equivalence(blank_breaks, sizeof(blank_breaks) - 1);
	check_filter_equivalence(kmsg, sizeof(kmsg) - 1);
	check_filter_equivalence(json, sizeof(json) - 1);
	check_filter_equivalence(reltime, sizeof(reltime) - 1);
	check_filter_equivalence(djson, sizeof(djson) - 1);
	check_filter_equivalence(djson_late, sizeof(djson_late) - 1);
	check_filter_equivalence(wrapped, sizeof(wrapped) - 1);
	check_filter_equivalence(numbered, sizeof(numbered) - 1);

	/* A big file: needles spread over several buffer refills. */
	size_t cap = 3 * 1024 * 1024, off = 0;
	char *big = malloc(cap);
	assert_non_null(big);
	for (int i = 0; off + 200 < cap; i++) {
		if (i % 997 == 0)
			off += (size_t)sprintf(big + off, "[%5d.%06d] task %d invoked oom-killer: x\n"
			                       "               anon %d\n", i, i, i, i);
		else if (i % 1009 == 0)
			off += (size_t)sprintf(big + off, "[%5d.%06d] Killed process %d\n", i, i, i);
		else
			off += (size_t)sprintf(big + off, "[%5d.%06d] ordinary kernel chatter %d\n", i, i, i);
	}
	check_filter_equivalence(big, off);
	free(big);
}

static void test_filter_skips(void **state)
{
	(void)state;
	static const char data[] = "a\nb\nKilled process 1\nc\n";
	struct oomt_source_opts o = { 0 };
	struct recs *rs = read_buf_filtered(data, sizeof(data) - 1, &o, needles, true);

	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].msg, "Killed process 1");
	recs_free(rs);
}

/* Task rows right before a line with a needle come out with the filter on too, marked
 * lead_row (record.h), back to the first line that cannot be one; a line that merely holds
 * a row's start comes out unmarked; rows before another line stay skipped. */
static void test_filter_lead_rows(void **state)
{
	(void)state;
	static const char data[] =
		"[  10.000000] [  4]     0     4   1000   100   3   1   0   0 gone\n"
		"[  10.000001] hello\n"
		"[  10.000002] [  5]     0     5   1000   100   3   1   0   0 a\n"
		"[  10.000003] eth0: [ 3] 1000 Mbps\n"
		"[  10.000004] [  6]     0     6   1000   100   3   1   0   0 b\n"
		"[  10.000005]   [  7]     0     7   1000   100   3   1   0   0 c\n"
		"[  10.000006] Killed process 7 (c) total-vm:4000kB\n"
		"[  10.000007] [  8]     0     8   1000   100   3   1   0   0 d\n";
	static const char *const want[] = { "[  5]", "eth0: [ 3]", "[  6]", "  [  7]", "Killed" };
	static const bool lead[] = { true, false, true, true, false };
	struct oomt_source_opts o = { 0 };
	struct recs *rs = read_buf_filtered(data, sizeof(data) - 1, &o, needles, true);

	assert_int_equal(rs->n, 5);
	for (size_t i = 0; i < rs->n; i++) {
		assert_true(strncmp(rs->r[i].msg, want[i], strlen(want[i])) == 0);
		assert_int_equal(rs->r[i].lead_row, lead[i]);
	}
	recs_free(rs);
	check_filter_equivalence(data, sizeof(data) - 1);
}

/* "ident[]:" names no pid (it left the pid unset: a fuzzer find under MSan's eyes) */
/* Lines with only "kernel: " or "ident[pid]: " before the message (journalctl output
 * whose stamp and host were cut, grep -h of such a file); "ident: " alone stays text. */
static void test_bare_ident(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"kernel: tracker-miner invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0\n"
		"kernel: CPU: 3 UID: 1000 PID: 4711 Comm: tracker-miner Not tainted 6.16.2-1 #1\n"
		"kernel:  </TASK>\n"
		"kernel: [ 8812.401100] with the kernel stamp\n"
		"systemd-oomd[612]: Killed /user.slice/app.scope due to memory pressure\n"
		"Out of memory: Killed process 4711 (tracker-miner)\n"
		"oom_reaper: reaped process 4711 (tracker-miner), now anon-rss:0kB\n"
		"usb 1-1: new high-speed USB device number 2\n"
		"python3[4567]: segfault at 0 ip 0000000000401000 sp 00007ffd error 4\n"
		"kernel:no blank\n");

	assert_int_equal(rs->n, 10);
	assert_int_equal(rs->fmt, OOMT_FMT_SYSLOG);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(rs->r[i].ident, "kernel");
		assert_null(rs->r[i].host);
		assert_int_equal(rs->r[i].realtime_usec, UNK);
		assert_false(rs->r[i].cont);
	}
	assert_string_equal(rs->r[0].msg, "tracker-miner invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0");
	assert_string_equal(rs->r[1].msg, "CPU: 3 UID: 1000 PID: 4711 Comm: tracker-miner Not tainted 6.16.2-1 #1");
	assert_string_equal(rs->r[2].msg, " </TASK>");
	assert_int_equal(rs->r[3].uptime_usec, INT64_C(8812401100));
	assert_string_equal(rs->r[3].msg, "with the kernel stamp");
	assert_string_equal(rs->r[4].ident, "systemd-oomd");
	assert_int_equal(rs->r[4].ident_pid, 612);
	assert_string_equal(rs->r[4].msg, "Killed /user.slice/app.scope due to memory pressure");
	/* a text line after a program's bare line is not the rest of its message */
	assert_null(rs->r[5].ident);
	assert_false(rs->r[5].cont);
	assert_string_equal(rs->r[5].msg, "Out of memory: Killed process 4711 (tracker-miner)");
	/* the kernel's own "word: " and "comm[pid]: segfault" lines keep their text */
	assert_string_equal(rs->r[6].msg, "oom_reaper: reaped process 4711 (tracker-miner), now anon-rss:0kB");
	assert_null(rs->r[6].ident);
	assert_string_equal(rs->r[7].msg, "usb 1-1: new high-speed USB device number 2");
	assert_string_equal(rs->r[8].msg, "python3[4567]: segfault at 0 ip 0000000000401000 sp 00007ffd error 4");
	assert_null(rs->r[8].ident);
	assert_string_equal(rs->r[9].msg, "kernel:no blank");
	recs_free(rs);
}

/* After a kernel stamp without a host: "[mono] ident[pid]: msg" (a program's line in
 * /dev/kmsg, journalctl -o short-monotonic with the host cut) and "[mono] kernel: msg". */
static void test_dmesg_program_lines(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"[   61.204518] systemd-oomd[702]: Killed /system.slice/batch.service due to memory pressure\n"
		"[   61.204519] kernel: rsyslogd: page allocation failure: order:0, mode:0x800(GFP_NOWAIT)\n"
		"[   61.204520] oom_reaper: reaped process 812 (batch), now anon-rss:0kB\n"
		"[   61.204521] python3[4567]: segfault at 0 ip 0000000000401000 sp 00007ffd error 4\n"
		"    [   61.204522] systemd[1]: batch.service: systemd-oomd killed 3 process(es) in this unit.\n"
		"[   61.204523] [  T1234] cron[88]: with a caller id\n"
		"<6>[   61.204524] kworker[12]: facility 0 is the kernel's\n"
		"user  :notice: [   61.204525] logger[99]: dmesg -x\n");

	assert_int_equal(rs->n, 8);
	assert_int_equal(rs->fmt, OOMT_FMT_DMESG);
	assert_string_equal(rs->r[0].ident, "systemd-oomd");
	assert_int_equal(rs->r[0].ident_pid, 702);
	assert_int_equal(rs->r[0].uptime_usec, 61204518);
	assert_string_equal(rs->r[0].msg, "Killed /system.slice/batch.service due to memory pressure");
	assert_string_equal(rs->r[1].ident, "kernel");
	assert_int_equal(rs->r[1].ident_pid, UNK);
	assert_string_equal(rs->r[1].msg, "rsyslogd: page allocation failure: order:0, mode:0x800(GFP_NOWAIT)");
	assert_string_equal(rs->r[2].ident, "kernel");
	assert_string_equal(rs->r[2].msg, "oom_reaper: reaped process 812 (batch), now anon-rss:0kB");
	assert_string_equal(rs->r[3].ident, "kernel");
	assert_string_equal(rs->r[3].msg, "python3[4567]: segfault at 0 ip 0000000000401000 sp 00007ffd error 4");
	assert_string_equal(rs->r[4].ident, "systemd");
	assert_int_equal(rs->r[4].ident_pid, 1);
	assert_false(rs->r[4].cont);
	assert_string_equal(rs->r[4].msg, "batch.service: systemd-oomd killed 3 process(es) in this unit.");
	assert_string_equal(rs->r[5].caller, "T1234");
	assert_string_equal(rs->r[5].ident, "cron");
	assert_string_equal(rs->r[5].msg, "with a caller id");
	assert_string_equal(rs->r[6].ident, "kernel");
	assert_string_equal(rs->r[6].msg, "kworker[12]: facility 0 is the kernel's");
	assert_string_equal(rs->r[7].ident, "logger");
	assert_int_equal(rs->r[7].facility, 1);
	assert_string_equal(rs->r[7].msg, "dmesg -x");
	recs_free(rs);
}

/* A CI's or a log shipper's RFC 3339 stamp before a kernel, dmesg or syslog line: the
 * stamp is the line's time, what follows is parsed as its own line. */
static void test_relay_stamp(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"2020-06-25T09:57:22.729902Z containerd invoked oom-killer: order=0\n"
		"2024-01-01T00:00:01.1234567Z [   12.345678] kworker invoked oom-killer: order=0\n"
		"2024-01-01T00:00:02.0000000Z Jan 01 00:00:00 web3 kernel: syslog after the stamp\n"
		"2024-01-01T00:00:03Z [   12.345679] web3 kernel: short-monotonic after the stamp\n"
		"2024-01-01T00:00:04Z kernel: journal line without host\n");

	assert_int_equal(rs->n, 5);
	assert_int_equal(rs->r[0].realtime_usec, utc(2020, 6, 25, 9, 57, 22) + 729902);
	assert_string_equal(rs->r[0].msg, "containerd invoked oom-killer: order=0");
	assert_int_equal(rs->r[1].realtime_usec, utc(2024, 1, 1, 0, 0, 1) + 123456);
	assert_int_equal(rs->r[1].uptime_usec, 12345678);
	assert_string_equal(rs->r[1].msg, "kworker invoked oom-killer: order=0");
	assert_int_equal(rs->r[2].realtime_usec, utc(2024, 1, 1, 0, 0, 2));
	assert_string_equal(rs->r[2].host, "web3");
	assert_string_equal(rs->r[2].ident, "kernel");
	assert_string_equal(rs->r[2].msg, "syslog after the stamp");
	assert_int_equal(rs->r[3].realtime_usec, utc(2024, 1, 1, 0, 0, 3));
	assert_int_equal(rs->r[3].uptime_usec, 12345679);
	assert_string_equal(rs->r[3].host, "web3");
	assert_string_equal(rs->r[3].msg, "short-monotonic after the stamp");
	assert_int_equal(rs->r[4].realtime_usec, utc(2024, 1, 1, 0, 0, 4));
	assert_string_equal(rs->r[4].ident, "kernel");
	assert_string_equal(rs->r[4].msg, "journal line without host");
	recs_free(rs);
}

/* A console logger's wall clock in brackets before the kernel's stamp (Qubes OS, Xen guest
 * consoles): the wall time and the uptime both, the message after them; a program's line
 * on the same console keeps the wall time. */
static void test_console_clock_bracket(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"[2025-06-04 17:51:20] [   21.647573] Free swap  = 987916kB\n"
		"[2025-06-04 17:51:21] [   21.719706][  T886] Out of memory: Killed process 886\n"
		"[2025-06-04T17:51:22.250] gui-agent: reconnected\n");

	assert_int_equal(rs->n, 3);
	assert_int_equal(rs->fmt, OOMT_FMT_DMESG);
	assert_int_equal(rs->r[0].realtime_usec, utc(2025, 6, 4, 17, 51, 20));
	assert_int_equal(rs->r[0].uptime_usec, 21647573);
	assert_string_equal(rs->r[0].msg, "Free swap  = 987916kB");
	assert_string_equal(rs->r[0].ident, "kernel");
	assert_int_equal(rs->r[1].realtime_usec, utc(2025, 6, 4, 17, 51, 21));
	assert_int_equal(rs->r[1].uptime_usec, 21719706);
	assert_string_equal(rs->r[1].caller, "T886");
	assert_string_equal(rs->r[1].msg, "Out of memory: Killed process 886");
	assert_int_equal(rs->r[2].realtime_usec, utc(2025, 6, 4, 17, 51, 22) + 250000);
	assert_int_equal(rs->r[2].uptime_usec, UNK);
	assert_string_equal(rs->r[2].msg, "gui-agent: reconnected");
	recs_free(rs);
}

/* dmesg -T pasted: the first line lost its '[' (the stamp is still the stamp, not part of
 * the message), and two records glued where a line end was lost are read as two. */
static void test_dmesg_ctime_lost_bracket(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		" Tue Sep  9 14:02:17 2025] grafana invoked oom-killer: order=0\n"
		"[Tue Sep  9 14:02:17 2025] grafana cpuset=/ mems_allowed=0[Tue Sep  9 14:02:18 2025] "
		"CPU: 5 PID: 8 Comm: grafana\n"
		"[Tue Sep  9 14:02:18 2025] a [Tue Sep  9 14:09:18 2025] later: not split\n");

	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->fmt, OOMT_FMT_DMESG_CTIME);
	assert_int_equal(rs->r[0].realtime_usec, utc(2025, 9, 9, 14, 2, 17));
	assert_string_equal(rs->r[0].msg, "grafana invoked oom-killer: order=0");
	assert_string_equal(rs->r[1].msg, "grafana cpuset=/ mems_allowed=0");
	assert_int_equal(rs->r[2].realtime_usec, utc(2025, 9, 9, 14, 2, 18));
	assert_string_equal(rs->r[2].msg, "CPU: 5 PID: 8 Comm: grafana");
	assert_string_equal(rs->r[3].msg, "a [Tue Sep  9 14:09:18 2025] later: not split");
	recs_free(rs);
}

/* dmesg pasted from one byte into the first line: its uptime stamp lost the '[' (after a
 * Markdown fence, indented or not) and is still the stamp; look-alikes without the kernel's
 * six fraction digits, or without "] " and a message, stay text. */
static void test_dmesg_uptime_lost_bracket(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"```\n"
		" 2211.508734] rsync invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0\n"
		"[ 2211.508737] CPU: 1 PID: 3310 Comm: rsync Not tainted 5.4.0-150-generic #167\n"
		"2211.508740] Call Trace:\n"
		" 2211.50874] short fraction\n"
		"2211.5087401] long fraction\n"
		"2211.508741]no blank\n");

	assert_int_equal(rs->fmt, OOMT_FMT_DMESG);
	assert_int_equal(rs->r[1].uptime_usec, 2211508734);
	assert_string_equal(rs->r[1].msg,
	                    "rsync invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0");
	assert_int_equal(rs->r[2].uptime_usec, 2211508737);
	assert_int_equal(rs->r[3].uptime_usec, 2211508740);
	assert_string_equal(rs->r[3].msg, "Call Trace:");
	assert_int_equal(rs->n, 7);
	assert_string_equal(rs->r[4].msg, "2211.50874] short fraction");
	assert_string_equal(rs->r[5].msg, "2211.5087401] long fraction");
	assert_string_equal(rs->r[6].msg, "2211.508741]no blank");
	recs_free(rs);
}

/* A mail's quoted-printable body stored raw: "=3D" and "=20" decoded, lines cut by a soft
 * break ('=' at the end) joined with the next, byte for byte, before the prefix is read;
 * with the prefilter on, a needle that a soft break cut is still found. A log that merely
 * holds '=' (a line ending in one, a single "=3D") is read as it is. */
static void test_quoted_printable(void **state)
{
	(void)state;
	static const char qp[] =
		"    [  739.193589] v4l2src0:src: page allocation failure: order:5, mode:0xc=\r\n"
		"c4(GFP_KERNEL|GFP_DMA32), nodemask=3D(null),cpuset=3D/,mems_allowed=3D0\r\n"
		"    [  739.193645] CPU: 0 UID: 1000 PID: 1305 Comm: v4l2src0:src Not tainte=\n"
		"d 7.0.0 #1 PREEMPT(full)=20\n"
		"    [  739.195186] Free swap  =3D 961672kB\n"
		"> oom-kill:constraint=3DCONSTRAINT_MEMCG,oom_memcg=3D/te=\n"
		"st,task=3Ddd,pid=3D440=\n"
		"=\n"
		"4,uid=3D0\n"
		"    [  740.000001] Out of memory: Kil=\n"
		"led process 4404 (dd)\n"
		"    [  740.000002] last line=\n";
	static const char plain[] =
		"[    1.000000] key=3D0 kept\n"
		"[    2.000000] a base64 line ends in padding: QUJD=\n"
		"[    3.000000] Out of memory: Killed process 5 (x)\n";
	/* a short paste: its escapes all on one line */
	static const char short_qp[] =
		"[   50.004734] xen-balloon: vmemmap alloc failure: order:9, mode:0x4cc0(GFP=\n"
		"_KERNEL|__GFP_RETRY_MAYFAIL), nodemask=3D(null),cpuset=3D/,mems_allowed=3D0\n"
		"[   50.004774] CPU: 1 PID: 34 Comm: xen-balloon Not tainted 5.16.15-1.37.fc=\n"
		"32.qubes.x86_64 #1\n";
	static const char *const kp_needles[] = { "Killed process", NULL };
	struct oomt_source_opts o = { .year_hint = 2026 };
	struct recs *rs = read_str(qp);

	assert_int_equal(rs->n, 6);
	assert_string_equal(rs->r[0].msg, "v4l2src0:src: page allocation failure: order:5, "
	                    "mode:0xcc4(GFP_KERNEL|GFP_DMA32), nodemask=(null),cpuset=/,"
	                    "mems_allowed=0");
	assert_int_equal(rs->r[0].uptime_usec, 739193589);
	assert_string_equal(rs->r[1].msg, "CPU: 0 UID: 1000 PID: 1305 Comm: v4l2src0:src Not "
	                    "tainted 7.0.0 #1 PREEMPT(full)");
	assert_string_equal(rs->r[2].msg, "Free swap  = 961672kB");
	assert_string_equal(rs->r[3].msg, "oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/test,"
	                    "task=dd,pid=4404,uid=0");
	assert_string_equal(rs->r[4].msg, "Out of memory: Killed process 4404 (dd)");
	assert_int_equal(rs->r[4].uptime_usec, 740000001);
	assert_string_equal(rs->r[5].msg, "last line");
	recs_free(rs);

	rs = read_buf_filtered(qp, strlen(qp), &o, kp_needles, true);
	assert_true(rs->n >= 1);
	assert_string_equal(rs->r[rs->n - 2].msg, "Out of memory: Killed process 4404 (dd)");
	recs_free(rs);

	rs = read_str(short_qp);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].msg, "xen-balloon: vmemmap alloc failure: order:9, mode:0x4cc0("
	                    "GFP_KERNEL|__GFP_RETRY_MAYFAIL), nodemask=(null),cpuset=/,mems_allowed=0");
	assert_string_equal(rs->r[1].msg, "CPU: 1 PID: 34 Comm: xen-balloon Not tainted "
	                    "5.16.15-1.37.fc32.qubes.x86_64 #1");
	recs_free(rs);

	rs = read_str(plain);
	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[0].msg, "key=3D0 kept");
	assert_string_equal(rs->r[1].msg, "a base64 line ends in padding: QUJD=");
	recs_free(rs);
}

/* A paste wrapped in wiki or Markdown markup: "{noformat}", "{code}" are not JSON. */
static void test_markup_first_line(void **state)
{
	(void)state;
	const char *first[] = { "{noformat}", "{code:bash}", "```", "{code}" };

	for (size_t i = 0; i < sizeof(first) / sizeof(first[0]); i++) {
		char text[512];
		struct recs *rs;

		snprintf(text, sizeof(text),
		         "%s\n"
		         "Mar 02 11:20:05 db7 kernel: kswapd0: page allocation failure: order:0\n"
		         "Mar 02 11:20:05 db7 kernel: CPU: 7 PID: 91 Comm: kswapd0\n", first[i]);
		rs = read_str(text);
		assert_int_equal(rs->fmt, OOMT_FMT_SYSLOG);
		assert_int_equal(rs->skipped, 0);
		assert_int_equal(rs->n, 3);
		assert_string_equal(rs->r[0].msg, first[i]);
		assert_string_equal(rs->r[1].host, "db7");
		assert_string_equal(rs->r[1].msg, "kswapd0: page allocation failure: order:0");
		recs_free(rs);
	}
	/* in a JSON file, a damaged object is still one (skipped, counted) */
	{
		struct recs *rs = read_str("{\"MESSAGE\":\"a\"}\n{garbage\n{\"MESSAGE\":\"b\"}\n");

		assert_int_equal(rs->fmt, OOMT_FMT_JOURNAL_JSON);
		assert_int_equal(rs->n, 2);
		assert_int_equal(rs->skipped, 1);
		recs_free(rs);
	}
}

/* journalctl -o verbose: the header's t= and b=, the indented fields; a value journalctl
 * could not print ("[N bytes blob data]") is no message. */
static void test_journal_verbose(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"-- Boot 0123456789abcdef0123456789abcdef --\n"
		"Thu 2023-02-02 11:49:13.015489 CET [s=1;i=2;b=0123456789abcdef0123456789abcdef;m=3;t=5f3b550c118c1;x=4]\n"
		"    _TRANSPORT=kernel\n"
		"    _HOSTNAME=node3\n"
		"    MESSAGE=Out of memory: Killed process 7 (x)\n"
		"Thu 2023-02-02 11:49:14.000000 CET [s=1;i=3;b=0123456789abcdef0123456789abcdef;m=4;t=5f3b550d00000;x=5]\n"
		"    MESSAGE=[2048 bytes blob data]\n"
		"Thu 2023-02-02 11:49:15.000000 CET [s=1;i=4;b=0123456789abcdef0123456789abcdef;m=5;t=5f3b550e00000;x=6]\n"
		"    MESSAGE=after the blob\n");

	assert_int_equal(rs->fmt, OOMT_FMT_JOURNAL_VERBOSE);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].msg, "Out of memory: Killed process 7 (x)");
	assert_string_equal(rs->r[0].host, "node3");
	assert_int_equal(rs->r[0].realtime_usec, 0x5f3b550c118c1LL);
	assert_string_equal(rs->r[1].msg, "after the blob");
	assert_int_equal(rs->skipped, 0);
	recs_free(rs);

	/* a paste's text around the entries (a Markdown fence, the shell's prompt and command,
	 * between entries too) is no undecodable line; bytes that are no text are, as is a
	 * field line without '=' */
	rs = read_str(
		"```\n"
		"$ journalctl -k -o verbose | grep -B1 'Killed process'\n"
		"\n"
		"Thu 2023-02-02 11:49:13.015489 CET [s=1;i=2;b=0123456789abcdef0123456789abcdef;m=3;t=5f3b550c118c1;x=4]\n"
		"    MESSAGE=Out of memory: Killed process 7 (x)\n"
		"\x1b[01;32mroot@node3\x1b[00m:~# journalctl -b -1 -k -o verbose\n"
		"\xff\xfe garbage \x01\n"
		"Thu 2023-02-02 11:49:14.000000 CET [s=1;i=3;b=0123456789abcdef0123456789abcdef;m=4;t=5f3b550d00000;x=5]\n"
		"    no equals sign\n"
		"    MESSAGE=Out of memory: Killed process 8 (y)\n"
		"```\n");
	assert_int_equal(rs->fmt, OOMT_FMT_JOURNAL_VERBOSE);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[1].msg, "Out of memory: Killed process 8 (y)");
	assert_int_equal(rs->skipped, 2);
	recs_free(rs);
}

/* A relay that pads the kernel's message: "kernel:  [stamp] msg" is the kernel's stamp. */
static void test_padded_kernel_stamp(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"Dec 28 04:51:41 ip-1 kernel:  [304389.834034] clang++ invoked oom-killer: order=0\n"
		"Dec 28 04:51:41 ip-1 kernel:  plain padded text\n");

	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->r[0].uptime_usec, 304389834034);
	assert_string_equal(rs->r[0].msg, "clang++ invoked oom-killer: order=0");
	assert_int_equal(rs->r[1].uptime_usec, UNK);
	recs_free(rs);
}

/* dmesg --color=always: the colors go, the stamp and the message stay. */
static void test_terminal_escapes(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"\x1b[32m[Thu May 14 23:17:24 2020]\x1b[0m \x1b[33mnode invoked oom-killer\x1b[0m: order=0\n"
		"\x1b[1;31m[ 5.000001]\x1b[0m cut at the end \x1b[\n"
		"a lone \x1b escape\n");
	char s[] = "a\x1b[0;1;38;5;208mb\x1b[Kc\x1b";

	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[0].msg, "node invoked oom-killer: order=0");
	assert_true(rs->r[0].realtime_usec != OOMT_UNKNOWN);
	assert_string_equal(rs->r[1].msg, "cut at the end");
	assert_int_equal(rs->r[1].uptime_usec, 5000001);
	assert_string_equal(rs->r[2].msg, "a lone  escape");
	recs_free(rs);
	assert_int_equal(oomt_noise_strip_escapes(s, strlen(s)), 3);
	assert_memory_equal(s, "abc", 3);
}

/* A log shipper's JSON export and journalctl -o json-pretty: the message keys' strings are
 * the lines; the other keys stay text. */
static void test_json_message_lines(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"[\n  {\n"
		"    \"textPayload\": \"[195998.443208] node invoked oom-killer: order=0\\\\r\\\\n\",\n"
		"    \"timestamp\": \"2023-03-15T15:50:35.927515678Z\",\n"
		"        \"MESSAGE\" : \"Out of memory: Killed process 7 (a \\\"b\\\") \\u00e9\\u2192\",\n"
		"    \"message\": \"two\\nlines\"\n"
		"  }\n]\n");
	char bad[] = "\"textPayload\": \"no closing quote";
	char other[] = "\"severity\": \"INFO\",";

	size_t i = 0;

	while (i < rs->n && strcmp(rs->r[i].msg, "node invoked oom-killer: order=0") != 0)
		i++;
	assert_true(i + 4 < rs->n);
	assert_int_equal(rs->r[i].uptime_usec, 195998443208);
	assert_string_equal(rs->r[i + 1].msg, "\"timestamp\": \"2023-03-15T15:50:35.927515678Z\",");
	assert_string_equal(rs->r[i + 2].msg,
	                    "Out of memory: Killed process 7 (a \"b\") \xc3\xa9\xe2\x86\x92");
	assert_string_equal(rs->r[i + 3].msg, "two");
	assert_string_equal(rs->r[i + 4].msg, "lines");
	recs_free(rs);
	assert_int_equal(oomt_noise_unwrap_json_message(bad, strlen(bad)), strlen(bad));
	assert_int_equal(oomt_noise_unwrap_json_message(other, strlen(other)), strlen(other));
}

/* journalctl in the locales whose month names glibc's %b prints (abmon). */
static void test_localised_months(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		" 1\xe6\x9c\x88 10 10:00:00 pc kernel: ja\n"                          /*  1月 */
		"mrt 08 10:00:00 pc kernel: nl\n"
		"\xd0\xb0\xd0\xbf\xd1\x80 28 02:19:34 pc kernel: ru apr\n"          /* апр */
		"\xd0\xbc\xd0\xb0\xd1\x8f 26 23:02:22 pc nohang[530]: ru may gen\n" /* мая */
		"\xd0\x98\xd1\x8e\xd0\xbb 03 01:00:00 pc kernel: ru old glibc\n"    /* Июл */
		"Okt 05 10:00:00 pc kernel: de\n"
		"ott 06 10:00:00 pc kernel: it\n"
		"out 07 10:00:00 pc kernel: pt\n"
		"pa\xc5\xba 09 10:00:00 pc kernel: pl\n"                              /* paź */
		"11\xec\x9b\x94 11 10:00:00 pc kernel: ko\n");                        /* 11월 */

	assert_int_equal(rs->n, 10);
	assert_int_equal(rs->r[0].realtime_usec, utc(2026, 1, 10, 10, 0, 0));
	assert_string_equal(rs->r[0].msg, "ja");
	assert_int_equal(rs->r[1].realtime_usec, utc(2026, 3, 8, 10, 0, 0));
	assert_int_equal(rs->r[2].realtime_usec, utc(2026, 4, 28, 2, 19, 34));
	assert_string_equal(rs->r[2].msg, "ru apr");
	assert_int_equal(rs->r[3].realtime_usec, utc(2026, 5, 26, 23, 2, 22));
	assert_string_equal(rs->r[3].ident, "nohang");
	assert_int_equal(rs->r[4].realtime_usec, utc(2026, 7, 3, 1, 0, 0));
	assert_int_equal(rs->r[5].realtime_usec, utc(2026, 10, 5, 10, 0, 0));
	assert_int_equal(rs->r[6].realtime_usec, utc(2026, 10, 6, 10, 0, 0));
	assert_int_equal(rs->r[7].realtime_usec, utc(2026, 10, 7, 10, 0, 0));
	assert_int_equal(rs->r[8].realtime_usec, utc(2026, 10, 9, 10, 0, 0));
	assert_int_equal(rs->r[9].realtime_usec, utc(2026, 11, 11, 10, 0, 0));
	recs_free(rs);
}

static void test_ident_empty_pid(void **state)
{
	(void)state;
	struct oomt_line_prefix p;
	const char *l[] = { "Jul  6 12:34:56 web01 cron[]: msg", "[ 3658.609839] web01 cron[]: msg" };

	for (size_t i = 0; i < 2; i++) {
		oomt_parse_line_prefix(l[i], strlen(l[i]), OOMT_FMT_AUTO, &p);
		assert_int_equal(p.fmt, OOMT_FMT_SYSLOG);
		assert_int_equal(p.ident_len, 4);
		assert_memory_equal(l[i] + p.ident_off, "cron", 4);
		assert_true(p.ident_pid == OOMT_UNKNOWN);
		assert_memory_equal(l[i] + p.msg_off, "msg", 3);
	}
}

/* In the message, "word[]:" with no pid is the kernel's text (Mem-Info's lowmem_reserve),
 * never a program's ident. The pid was read from no digits, uninitialised, so the answer
 * depended on the stack: the fuzzer found it comparing reads with and without the scout
 * (its seed scout-lowmem-reserve-empty-brackets.log fails without the fix in the clang
 * build; valgrind flags this test). */
/* A forum's markup, a line quoted in prose and grep -n's number are not part of the line:
 * the stamp after them is read; a stamp cut to its clock still gives the ident; two kernel
 * records joined on one line are two. */
static void test_markup_and_quotes(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"    <code>[25020884.198143] Out of memory: kill process 4805 (apache2) score 46872 or a child\n"
		"[25020884.198280] Killed process 22433 (apache2)</code>\n"
		"\"Nov 29 01:00:04 localhost kernel: Out of memory: Kill process 21578 (redis) score 911 or sacrifice child\"\n"
		"\"textPayload\": \"not a stamp\"\n"
		"148:Dec 21 06:55:33 gdb kernel: [419827.631062] oom-kill:constraint=CONSTRAINT_NONE\n"
		"19:46:58 systemd-oomd[726]: Marked /a.scope for killing due to memory used\n"
		"10:52:29 t14s kernel: Out of memory: Killed process 4242 (x)\n"
		"[35105.264718] oom-kill:constraint=CONSTRAINT_NONE,task=rustc,pid=251538,uid=1000 [35105.264752] Out of memory: Killed process 251538 (rustc)\n"
		"[35106.000000] a message that quotes [35000.000000] an older stamp\n");

	assert_int_equal(rs->n, 10);
	assert_int_equal(rs->r[0].uptime_usec, INT64_C(25020884198143));
	assert_string_equal(rs->r[0].msg, "Out of memory: kill process 4805 (apache2) score 46872 or a child");
	assert_string_equal(rs->r[1].msg, "Killed process 22433 (apache2)");
	assert_string_equal(rs->r[2].host, "localhost");
	assert_true(rs->r[2].realtime_usec != UNK);
	assert_string_equal(rs->r[2].msg, "Out of memory: Kill process 21578 (redis) score 911 or sacrifice child");
	/* a quote before no stamp stays */
	assert_non_null(strstr(rs->r[3].msg, "not a stamp"));
	/* grep -n's line number, without a blank after it */
	assert_string_equal(rs->r[4].host, "gdb");
	assert_true(rs->r[4].realtime_usec != UNK);
	assert_int_equal(rs->r[4].uptime_usec, INT64_C(419827631062));
	/* a stamp cut to its clock: the ident (and host) still read, no wall time */
	assert_string_equal(rs->r[5].ident, "systemd-oomd");
	assert_int_equal(rs->r[5].ident_pid, 726);
	assert_null(rs->r[5].host);
	assert_string_equal(rs->r[5].msg, "Marked /a.scope for killing due to memory used");
	assert_string_equal(rs->r[6].host, "t14s");
	assert_string_equal(rs->r[6].ident, "kernel");
	assert_int_equal(rs->r[6].realtime_usec, UNK);
	/* two kernel records a paste joined on one line are two */
	assert_string_equal(rs->r[7].msg, "oom-kill:constraint=CONSTRAINT_NONE,task=rustc,pid=251538,uid=1000");
	assert_int_equal(rs->r[8].uptime_usec, INT64_C(35105264752));
	assert_string_equal(rs->r[8].msg, "Out of memory: Killed process 251538 (rustc)");
	assert_false(rs->r[8].cont);
	/* an earlier stamp inside a message is its text */
	assert_string_equal(rs->r[9].msg, "a message that quotes [35000.000000] an older stamp");
	recs_free(rs);
}

/* Records a mail client glued on one line by a blank, a no-break space or its mojibake are
 * two; so are those after the piece of a wrapped record a line starts with, and those of a
 * syslog line (test_syslog_records_glued). A stamp before the first, over a minute after
 * it, or glued to a word is the message's. */
static void test_records_glued_by_nbsp(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"[  963.489112] Out of memory: Killed process 1234 (java) oom_score_adj:0\xc2\xa0[  963.512345] oom_reaper: reaped process 1234 (java)\n"
		"[  963.520000] a\xc3\x82\xc2\xa0[  963.520001] b\xc3\x82 [\xc2\xa0 963.520002] c [  963.520003] d\n"
		"0kB\xc2\xa0[  963.600000] 1044448 pages RAM [  963.600001] 0 pages\n"
		"[  970.000000] quotes\xc2\xa0[  960.000000] an older stamp\n"
		"[  970.000000] a\xc2\xa0[ 1100.000000] much later\n"
		"[  970.000000] glued to a word x[  970.000001] y\n"
		"Dec  3 14:22:10 db2 kernel: [  970.000000] a\xc2\xa0[  970.000001] b\n");

	assert_int_equal(rs->n, 13);
	assert_string_equal(rs->r[0].msg, "Out of memory: Killed process 1234 (java) oom_score_adj:0");
	assert_int_equal(rs->r[1].uptime_usec, 963512345);
	assert_string_equal(rs->r[1].msg, "oom_reaper: reaped process 1234 (java)");
	assert_false(rs->r[1].cont);
	assert_string_equal(rs->r[2].msg, "a");
	assert_string_equal(rs->r[3].msg, "b");
	assert_int_equal(rs->r[4].uptime_usec, 963520002);
	assert_string_equal(rs->r[4].msg, "c");
	assert_string_equal(rs->r[5].msg, "d");
	/* the wrapped piece before the first stamp: not the message (test_words_before_stamp) */
	assert_int_equal(rs->r[6].uptime_usec, 963600000);
	assert_string_equal(rs->r[6].msg, "1044448 pages RAM");
	assert_string_equal(rs->r[6].pre_stamp, "0kB");
	assert_int_equal(rs->r[7].uptime_usec, 963600001);
	assert_string_equal(rs->r[7].msg, "0 pages");
	assert_string_equal(rs->r[8].msg, "quotes\xc2\xa0[  960.000000] an older stamp");
	assert_string_equal(rs->r[9].msg, "a\xc2\xa0[ 1100.000000] much later");
	assert_string_equal(rs->r[10].msg, "glued to a word x[  970.000001] y");
	assert_string_equal(rs->r[11].host, "db2");
	assert_string_equal(rs->r[11].msg, "a");
	assert_string_equal(rs->r[12].host, "db2");
	assert_string_equal(rs->r[12].msg, "b");
	recs_free(rs);
}

/* A syslog line whose message holds kernel records glued by a blank or a no-break space:
 * each is a record with the line's time, host and ident and its own kernel stamp (and
 * caller), when the first is whole and the stamps go up by a minute at most. A line whose
 * first record has no message, that holds another syslog line's "host kernel:" before the
 * stamp, a stamp before the first or over a minute later, a stamp glued to a word, or a
 * program's line (no kernel stamp) stays whole. */
static void test_syslog_records_glued(void **state)
{
	(void)state;
	struct recs *rs = read_str(
		"Dec  3 14:22:09 db2 kernel: [  969.000000] first\n"
		"Dec  3 14:22:10 db2 kernel: [  970.000000] a [  970.000001] b\xc2\xa0[  970.000002][ T12] c\n"
		"Dec  3 14:22:10 db2 kernel: [  970.000000] quotes [  960.000000] older\n"
		"Dec  3 14:22:10 db2 kernel: [  970.000000] a [ 1100.000000] much later\n"
		"Dec  3 14:22:10 db2 kernel: [  970.000000] [  970.000001] empty first\n"
		"Dec  3 14:22:10 db2 kernel: [  970.000000] a Dec  3 14:22:11 web1 kernel: [  970.000001] x\n"
		"Dec  3 14:22:10 db2 kernel: [  970.000000] glued x[  970.000001] y\n"
		"Dec  3 14:22:12 db2 sshd[12]: Accepted [  970.000001] z\n"
		"2024-12-03T14:22:14.500000+00:00 db3 kernel: [  980.000000] iso [  980.500000] two\n"
		"Dec  3 14:22:15 db2 kernel: last\n");

	assert_int_equal(rs->n, 13);
	assert_int_equal(rs->fmt, OOMT_FMT_SYSLOG);
	assert_string_equal(rs->r[1].msg, "a");
	for (size_t i = 1; i <= 3; i++) {
		assert_string_equal(rs->r[i].host, "db2");
		assert_string_equal(rs->r[i].ident, "kernel");
		assert_int_equal(rs->r[i].realtime_usec, utc(2026, 12, 3, 14, 22, 10));
		assert_int_equal(rs->r[i].uptime_usec, 970000000 + (int64_t)i - 1);
		assert_false(rs->r[i].cont);
	}
	assert_string_equal(rs->r[2].msg, "b");
	assert_null(rs->r[2].caller);
	assert_string_equal(rs->r[3].msg, "c");
	assert_string_equal(rs->r[3].caller, "T12");
	assert_string_equal(rs->r[4].msg, "quotes [  960.000000] older");
	assert_string_equal(rs->r[5].msg, "a [ 1100.000000] much later");
	assert_string_equal(rs->r[6].msg, "[  970.000001] empty first");
	assert_string_equal(rs->r[7].msg, "a Dec  3 14:22:11 web1 kernel: [  970.000001] x");
	assert_string_equal(rs->r[8].msg, "glued x[  970.000001] y");
	assert_string_equal(rs->r[9].msg, "Accepted [  970.000001] z");
	assert_string_equal(rs->r[10].msg, "iso");
	assert_string_equal(rs->r[11].host, "db3");
	assert_string_equal(rs->r[11].msg, "two");
	assert_int_equal(rs->r[11].uptime_usec, 980500000);
	assert_int_equal(rs->r[11].realtime_usec, utc(2024, 12, 3, 14, 22, 14) + 500000);
	assert_string_equal(rs->r[12].msg, "last");
	assert_string_equal(rs->r[12].host, "db2");
	assert_int_equal(rs->r[12].uptime_usec, UNK);
	recs_free(rs);
}

/* A line that holds thousands of glued records (near the reader's buffer size) gives them
 * all, in order, a syslog line's each with its prefix; the reader finds each part's end
 * without a search and the part is not looked at again (the line costs its length once). */
static void test_many_glued_records(void **state)
{
	(void)state;
	enum { PARTS = 3000 };
	size_t cap = 64 + PARTS * 40, n;
	char *text = malloc(cap);
	struct recs *rs;

	assert_non_null(text);
	for (int pass = 0; pass < 2; pass++) {
		n = (size_t)snprintf(text, cap, "%s", pass ? "" : "Dec  3 14:22:10 db2 kernel: ");
		for (int i = 0; i < PARTS; i++)
			n += (size_t)snprintf(text + n, cap - n, "%s[  970.%06d] r%d", i ? " " : "", i, i);
		text[n++] = '\n';
		rs = read_buf_opts(text, n, &(struct oomt_source_opts){ .year_hint = 2026 }, false);
		assert_int_equal(rs->n, PARTS);
		for (int i = 0; i < PARTS; i += 997) {
			char want[16];

			snprintf(want, sizeof(want), "r%d", i);
			assert_string_equal(rs->r[i].msg, want);
			assert_int_equal(rs->r[i].uptime_usec, 970000000 + i);
			assert_str_or_null(rs->r[i].host, pass ? NULL : "db2");
		}
		assert_string_equal(rs->r[PARTS - 1].msg, "r2999");
		recs_free(rs);
	}
	free(text);
}

static void test_message_word_empty_brackets(void **state)
{
	(void)state;
	struct oomt_line_prefix p;
	const char *l[] = {
		"Mar  3 02:11:40 10.20.0.14 [8211730.115431] lowmem_reserve[]: 0 0 13137 13137",
		"[ 3658.609839] lowmem_reserve[]: 0 0 13137 13137",
	};

	for (size_t i = 0; i < 2; i++) {
		oomt_parse_line_prefix(l[i], strlen(l[i]), OOMT_FMT_AUTO, &p);
		assert_int_equal(p.ident_len, 0);
		assert_memory_equal(l[i] + p.msg_off, "lowmem_reserve[]: 0", 19);
	}
}

/* A kernel stamp glued to the word before it (a shell prompt and what was typed at it, on
 * a serial console) is taken only in the kernel's exact form with a message after it. */
static void test_stamp_glued_to_a_word(void **state)
{
	(void)state;
	struct oomt_line_prefix p;
	const char *yes = "root@ap-7:/# psw[ 1214.302000] kworker/u:1 invoked oom-killer: order=1";
	const char *no[] = {
		"timer[1214.30] fired",             /* not six digits after the point */
		"slot[  12.000001]",                /* no message */
		"slot[  12.000001]  indented",      /* not one blank, then the message */
		"job[12.000001] done",              /* fewer than five digits before it */
	};

	oomt_parse_line_prefix(yes, strlen(yes), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_DMESG);
	assert_int_equal(p.uptime_usec, 1214302000);
	assert_string_equal(yes + p.msg_off, "kworker/u:1 invoked oom-killer: order=1");
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		oomt_parse_line_prefix(no[i], strlen(no[i]), OOMT_FMT_AUTO, &p);
		assert_int_equal(p.fmt, OOMT_FMT_PLAIN);
		assert_int_equal(p.uptime_usec, OOMT_UNKNOWN);
	}
}

/* A vendor kernel's stamp with the CPU number before the seconds (Samsung TVs, 4.1) is a
 * dmesg stamp; text that only starts like it stays text. */
static void test_cpu_tagged_stamp(void **state)
{
	(void)state;
	struct oomt_line_prefix p;
	const char *yes[] = {
		"[3-1742.5031] tvd-agent invoked oom-killer: gfp_mask=0xd0, order=0",
		"Mar  4 09:21:07 tv kernel: [3-1742.5031] tvd-agent invoked oom-killer: gfp_mask=0xd0, order=0",
	};
	const char *no[] = {
		"[3-1742] tvd-agent invoked oom-killer",       /* no fraction */
		"[3-4.5] tvd-agent invoked oom-killer",        /* a fraction shorter than four */
		"[ 3-1742.5031] tvd-agent invoked oom-killer", /* a blank before the CPU */
		"[12345-1742.5031] tvd-agent invoked oom-killer", /* a CPU of five digits */
		"[3-a1742.5031] tvd-agent invoked oom-killer",
		"root@tv:/ x[3-1742.503100] tvd-agent invoked oom-killer", /* glued to a word */
	};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		oomt_parse_line_prefix(yes[i], strlen(yes[i]), OOMT_FMT_AUTO, &p);
		assert_int_equal(p.uptime_usec, 1742503100);
		assert_string_equal(yes[i] + p.msg_off, "tvd-agent invoked oom-killer: gfp_mask=0xd0, order=0");
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		oomt_parse_line_prefix(no[i], strlen(no[i]), OOMT_FMT_AUTO, &p);
		assert_int_equal(p.uptime_usec, OOMT_UNKNOWN);
	}
}

/* A stamp whose padding a mail archive mangled: a no-break space, its mojibake "\xc3\x82"
 * before one or before a blank, an archive's "A" for it; also after a syslog prefix. A
 * lone 'A' not between blanks, or a mangled byte that is not padding, is no stamp. */
static void test_mangled_stamp_padding(void **state)
{
	(void)state;
	struct oomt_line_prefix p;
	const char *yes[] = {
		"[ \xc2\xa0" "963.489112] stress invoked oom-killer: order=0",
		"[\xc2\xa0\xc2\xa0" "963.489112] stress invoked oom-killer: order=0",
		"[ \xc3\x82\xc2\xa0" "963.489112] stress invoked oom-killer: order=0",
		"[\xc3\x82\xc2\xa0\xc3\x82\xc2\xa0" "963.489112] stress invoked oom-killer: order=0",
		"[ \xc3\x82 963.489112] stress invoked oom-killer: order=0",
		"[ A 963.489112] stress invoked oom-killer: order=0",
		"Mar  4 09:21:07 box kernel: [ \xc2\xa0" "963.489112] stress invoked oom-killer: order=0",
	};
	const char *no[] = {
		"[A 963.489112] stress invoked oom-killer: order=0",
		"[ A963.489112] stress invoked oom-killer: order=0",
		"[ \xc3\x82" "963.489112] stress invoked oom-killer: order=0",
		"[ \xc2" "963.489112] stress invoked oom-killer: order=0",
		"[ B 963.489112] stress invoked oom-killer: order=0",
	};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		oomt_parse_line_prefix(yes[i], strlen(yes[i]), OOMT_FMT_AUTO, &p);
		assert_int_equal(p.uptime_usec, 963489112);
		assert_string_equal(yes[i] + p.msg_off, "stress invoked oom-killer: order=0");
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		oomt_parse_line_prefix(no[i], strlen(no[i]), OOMT_FMT_AUTO, &p);
		assert_int_equal(p.uptime_usec, OOMT_UNKNOWN);
	}
}

/* The blank after a stamp that a mail archive mangled: a no-break space, its mojibake
 * "\xc3\x82" before one or before a blank, after the stamp, a caller id or a syslog
 * prefix's stamp. A mojibake letter without its blank is the message's. */
static void test_nbsp_after_stamp(void **state)
{
	(void)state;
	struct oomt_line_prefix p;
	const char *yes[] = {
		"[  963.489112]\xc2\xa0" "Out of memory: Killed process 1234 (java)",
		"[  963.489112]\xc3\x82\xc2\xa0" "Out of memory: Killed process 1234 (java)",
		"[  963.489112]\xc3\x82 Out of memory: Killed process 1234 (java)",
		"[\xc2\xa0 963.489112]\xc2\xa0" "Out of memory: Killed process 1234 (java)",
		"<4>[  963.489112]\xc2\xa0" "Out of memory: Killed process 1234 (java)",
		"[  963.489112][ T1234]\xc2\xa0" "Out of memory: Killed process 1234 (java)",
		"[  963.489112]\xc2\xa0[ T1234]\xc3\x82\xc2\xa0" "Out of memory: Killed process 1234 (java)",
		"Dec  3 14:22:10 db2 kernel: [  963.489112]\xc2\xa0" "Out of memory: Killed process 1234 (java)",
		"Dec  3 14:22:10 db2 kernel: [  963.489112]\xc3\x82 Out of memory: Killed process 1234 (java)",
	};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		oomt_parse_line_prefix(yes[i], strlen(yes[i]), OOMT_FMT_AUTO, &p);
		assert_int_equal(p.uptime_usec, 963489112);
		assert_string_equal(yes[i] + p.msg_off, "Out of memory: Killed process 1234 (java)");
	}
	/* an indented line keeps its indent after the mangled blank */
	oomt_parse_line_prefix("[  963.489112]\xc2\xa0 dump_stack+0x6b/0x83", 37, OOMT_FMT_AUTO, &p);
	assert_int_equal(p.uptime_usec, 963489112);
	assert_int_equal(p.msg_off, 16);
	/* "\xc3\x82" without a blank after it is no blank */
	oomt_parse_line_prefix("[  963.489112]\xc3\x82x", 17, OOMT_FMT_AUTO, &p);
	assert_int_equal(p.uptime_usec, 963489112);
	assert_int_equal(p.msg_off, 14);
}

/* Android's logcat: threadtime and time (with -v year, usec, nsec, zone, uid, epoch,
 * monotonic), brief, tag, process, thread forms and long's header; what only looks like
 * them stays plain. */
static void test_logcat(void **state)
{
	(void)state;
	struct oomt_line_prefix p;
	const char *l = "12-06 00:41:09.118   689   689 I lowmemorykiller: Kill 'a' (5), uid 1";

	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_true(p.has_civil);
	assert_int_equal(p.civil.year, 0);
	assert_int_equal(p.civil.mon, 12);
	assert_int_equal(p.civil.mday, 6);
	assert_int_equal(p.civil.sec, 9);
	assert_int_equal(p.civil.usec, 118000);
	assert_int_equal(p.priority, 6);
	assert_int_equal(p.ident_pid, 689);
	assert_int_equal(p.ident_len, 15);
	assert_memory_equal(l + p.ident_off, "lowmemorykiller", 15);
	assert_string_equal(l + p.msg_off, "Kill 'a' (5), uid 1");
	assert_int_equal(p.host_len, 0);

	l = "2024-12-06 00:41:09.118123 +0100  u0_a12  7001  7020 W Zygote  : msg";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.civil.year, 2024);
	assert_int_equal(p.civil.usec, 118123);
	assert_true(p.civil.tz_known);
	assert_int_equal(p.civil.tz_off_sec, 3600);
	assert_int_equal(p.ident_pid, 7001);
	assert_int_equal(p.priority, 4);
	assert_memory_equal(l + p.ident_off, "Zygote", 6);
	assert_int_equal(p.ident_len, 6);
	assert_string_equal(l + p.msg_off, "msg");

	l = "07-14 21:03:55.201 I/lowmemorykiller(  612):    to free 61220kB because x";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.ident_pid, 612);
	assert_memory_equal(l + p.ident_off, "lowmemorykiller", 15);
	assert_string_equal(l + p.msg_off, "   to free 61220kB because x");

	/* time: the tag's padding is not the ident's; -v nsec */
	l = "12-06 00:41:09.118123456 D/lmkd    (  689): msg";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.civil.usec, 118123);
	assert_int_equal(p.priority, 7);
	assert_int_equal(p.ident_len, 4);
	assert_memory_equal(l + p.ident_off, "lmkd", 4);
	assert_string_equal(l + p.msg_off, "msg");

	/* -v epoch (UTC, right-aligned in 19 columns) and -v epoch,usec */
	l = "         1733450469.118   689   689 I lowmemorykiller: Kill 'a' (5), uid 1";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_false(p.has_civil);
	assert_int_equal(p.realtime_usec, INT64_C(1733450469118000));
	assert_int_equal(p.uptime_usec, OOMT_UNKNOWN);
	assert_int_equal(p.ident_pid, 689);
	assert_memory_equal(l + p.ident_off, "lowmemorykiller", 15);
	assert_string_equal(l + p.msg_off, "Kill 'a' (5), uid 1");
	l = "1733450469.118123 I/lowmemorykiller(  689): msg";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.realtime_usec, INT64_C(1733450469118123));
	assert_int_equal(p.ident_pid, 689);

	/* -v monotonic: seconds since boot, no wall time */
	l = "  12345.678   689   689 I lowmemorykiller: msg";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_false(p.has_civil);
	assert_int_equal(p.realtime_usec, OOMT_UNKNOWN);
	assert_int_equal(p.uptime_usec, INT64_C(12345678000));
	assert_string_equal(l + p.msg_off, "msg");

	/* brief, also with -v uid; no time */
	l = "I/lowmemorykiller(  689): Kill 'a' (5), uid 1";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_false(p.has_civil);
	assert_int_equal(p.realtime_usec, OOMT_UNKNOWN);
	assert_int_equal(p.uptime_usec, OOMT_UNKNOWN);
	assert_int_equal(p.priority, 6);
	assert_int_equal(p.ident_pid, 689);
	assert_int_equal(p.ident_len, 15);
	assert_memory_equal(l + p.ident_off, "lowmemorykiller", 15);
	assert_string_equal(l + p.msg_off, "Kill 'a' (5), uid 1");
	l = "E/lmkd    ( root:  689): msg";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.priority, 3);
	assert_int_equal(p.ident_pid, 689);
	assert_int_equal(p.ident_len, 4);
	assert_string_equal(l + p.msg_off, "msg");

	/* tag */
	l = "I/lowmemorykiller: Kill 'a' (5), uid 1";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.ident_pid, OOMT_UNKNOWN);
	assert_int_equal(p.ident_len, 15);
	assert_memory_equal(l + p.ident_off, "lowmemorykiller", 15);
	assert_string_equal(l + p.msg_off, "Kill 'a' (5), uid 1");
	l = "W/lmkd    : msg";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.ident_len, 4);
	assert_string_equal(l + p.msg_off, "msg");

	/* process: the tag after the message */
	char pl[] = "I(  689) Kill 'a' (5), uid 1; reason: x (y)  (lowmemorykiller)";
	oomt_parse_line_prefix(pl, strlen(pl), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.ident_pid, 689);
	assert_int_equal(p.ident_len, 15);
	assert_memory_equal(pl + p.ident_off, "lowmemorykiller", 15);
	assert_int_equal(p.msg_len, strlen("Kill 'a' (5), uid 1; reason: x (y)"));
	assert_memory_equal(pl + p.msg_off, "Kill 'a' (5), uid 1; reason: x (y)", p.msg_len);

	/* thread: "L([uid:]pid:tid) msg", no tag (the ident unknown), no time */
	l = "I(  689:  689) Kill 'a' (5), uid 10123, oom_score_adj 900 to free 1kB rss, 0kB swap";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_false(p.has_civil);
	assert_int_equal(p.realtime_usec, OOMT_UNKNOWN);
	assert_int_equal(p.uptime_usec, OOMT_UNKNOWN);
	assert_int_equal(p.priority, 6);
	assert_int_equal(p.ident_pid, 689);
	assert_int_equal(p.ident_len, 0);
	assert_false(p.logcat_head);
	assert_string_equal(l + p.msg_off, "Kill 'a' (5), uid 10123, oom_score_adj 900 to free 1kB rss, 0kB swap");
	l = "W(10123:  689:  701) msg";                     /* -v uid */
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.priority, 4);
	assert_int_equal(p.ident_pid, 689);
	assert_string_equal(l + p.msg_off, "msg");
	l = "E( root:123456:123457) msg";                   /* a name, pids past 5 digits */
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.ident_pid, 123456);
	l = "I(        689:  689) msg";                     /* -v uid without one: 6 blanks */
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.ident_pid, 689);
	/* process with -v uid starts the same: its "  (tag)" at the end decides */
	l = "I(10123:  689) Kill 'a' (5)  (lowmemorykiller)";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.ident_pid, 689);
	assert_int_equal(p.ident_len, 15);
	assert_int_equal(p.msg_len, strlen("Kill 'a' (5)"));
	l = "I(10123:  689) Kill 'a' (5)";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(p.ident_pid, 10123);
	assert_int_equal(p.ident_len, 0);
	assert_string_equal(l + p.msg_off, "Kill 'a' (5)");

	/* long: "[ stamp pid:tid L/tag ]" above the message, which it has none of */
	l = "[ 12-06 00:41:09.118   689:  689 I/lowmemorykiller ]";
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_true(p.logcat_head);
	assert_true(p.has_civil);
	assert_int_equal(p.civil.mon, 12);
	assert_int_equal(p.civil.sec, 9);
	assert_int_equal(p.civil.usec, 118000);
	assert_int_equal(p.priority, 6);
	assert_int_equal(p.ident_pid, 689);
	assert_int_equal(p.ident_len, 15);
	assert_memory_equal(l + p.ident_off, "lowmemorykiller", 15);
	assert_int_equal(p.msg_len, 0);
	l = "[          1733450469.118123 10123:  689:  689 D/lmkd     ]";   /* epoch, usec, uid */
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_LOGCAT);
	assert_true(p.logcat_head);
	assert_false(p.has_civil);
	assert_int_equal(p.realtime_usec, INT64_C(1733450469118123));
	assert_int_equal(p.priority, 7);
	assert_int_equal(p.ident_pid, 689);
	assert_int_equal(p.ident_len, 4);
	assert_memory_equal(l + p.ident_off, "lmkd", 4);
	l = "[  12345.678  root:  689:  689 W/lmkd     ]";                  /* monotonic */
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_true(p.logcat_head);
	assert_int_equal(p.uptime_usec, INT64_C(12345678000));
	assert_int_equal(p.realtime_usec, OOMT_UNKNOWN);
	l = "[ 2024-12-06 00:41:09.118 +0100   689:  689 I/lowmemorykiller ]"; /* year, zone */
	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_true(p.logcat_head);
	assert_int_equal(p.civil.year, 2024);
	assert_int_equal(p.civil.tz_off_sec, 3600);

	const char *plain[] = {
		"12-06 00:41:09 689 689 I tag: msg",           /* no fraction */
		"13-06 00:41:09.118   689   689 I tag: msg",   /* no month 13 */
		"12-06 00:41:09.118   689   689 X tag: msg",   /* no level X */
		"12-06 00:41:09.118 689 I tag: msg",           /* one column */
		"12-06 00:41:09.118   689   689 I tag msg",    /* no ": " */
		"12345.67   689   689 I tag: msg",             /* two digits */
		"1733450469.118 host kernel: msg",             /* no columns */
		"12345.678 msg",
		"I/O error, dev sda, sector 2048 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0",
		"I/O: msg",                                    /* a tag not padded */
		"I/tag    : msg",                              /* padded past 8 columns */
		"I/lowmemorykiller : msg",
		"I/tag(  689) msg",                            /* no ": " */
		"I/my tag(  689): msg",                        /* a blank in the tag */
		"X/tag(  689): msg",                           /* no level X */
		"I/tag(  6a9): msg",
		"I(  689) msg",                                /* process without its tag */
		"I(  689) msg (tag)",                          /* one blank before it */
		"I(  689) msg  (a tag)",
		"I(  689) msg  ()",
		"I(689)msg  (tag)",
		"I(689:689) msg",                              /* thread not padded */
		"I(  689:  689)msg",                           /* no blank after it */
		"I(   689:  689) msg",                         /* padded to 6 */
		"I(  689:  68a) msg",
		"I(  689:) msg",
		"I(:  689) msg",
		"I(  689:  689:  689:  689) msg",
		"I(a b  :  689:  689) msg",
		"X(  689:  689) msg",                          /* no level X */
		"A(1:2) msg",
		"[ 12-06 00:41:09.118   689:  689 I/lowmemorykiller ] msg", /* not alone */
		"[ 12-06 00:41:09.118   689:  689 I/lowmemorykiller]",
		"[ 12-06 00:41:09.118   689 I/lowmemorykiller ]",         /* no tid */
		"[ 12-06 00:41:09.118 I/lowmemorykiller ]",
		"[ 12-06 00:41:09.118   689:  689 I/my tag ]",            /* a blank in the tag */
		"[ 12-06 00:41:09.118   689:  689 X/tag      ]",
		"[ 12-06 00:41:09.118   689:  689 I/tag       ]",        /* padded past 8 */
		"[ 12-06 00:41:09   689:  689 I/tag      ]",             /* no fraction */
		"[ 12345.67   689:  689 I/tag      ]",
		"[   12.345678] I/O error, dev sda, sector 2048 ]",
	};
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		oomt_parse_line_prefix(plain[i], strlen(plain[i]), OOMT_FMT_AUTO, &p);
		assert_int_not_equal(p.fmt, OOMT_FMT_LOGCAT);
	}
}

/* logcat -v long: the header's fields go to the lines after it, up to a blank line; with
 * the filter on as off (the header and the blank line skipped). */
static void test_logcat_long(void **state)
{
	(void)state;
	static const char text[] =
		"--------- beginning of main\n"
		"[ 12-06 00:41:09.118   702:  702 I/lowmemorykiller ]\n"
		"Killing 'com.a' (11734), adj 900,\n"
		"   to free 1kB because cache 2kB is below limit 3kB for oom_adj 900\n"
		"\n"
		"[ 12-06 00:41:10.250  1480: 1611 I/ActivityManager ]\n"
		"Process com.a (pid 11734) has died\n"
		"\n"
		"Killing 'com.b' (1), pasted after it\n"
		"[ 12-06 00:41:11.000   702:  702 I/lowmemorykiller ]\n"
		"12-06 00:41:11.500   702   702 I lowmemorykiller: Killing 'com.c' (2), its own\n"
		"Killing 'com.d' (3), after a prefixed line\n";
	static const char *const kill_needles[] = { "Killing", "to free", NULL };
	struct oomt_source_opts o = { .year_hint = 2026 };
	struct recs *rs = read_str(text);

	assert_int_equal(rs->fmt, OOMT_FMT_LOGCAT);
	assert_int_equal(rs->n, 9);    /* 3 headers give none; 2 blank lines are plain */
	assert_string_equal(rs->r[1].msg, "Killing 'com.a' (11734), adj 900,");
	assert_string_equal(rs->r[1].ident, "lowmemorykiller");
	assert_int_equal(rs->r[1].ident_pid, 702);
	assert_int_equal(rs->r[1].priority, 6);
	assert_int_equal(rs->r[1].realtime_usec, utc(2026, 12, 6, 0, 41, 9) + 118000);
	assert_string_equal(rs->r[2].ident, "lowmemorykiller");
	assert_int_equal(rs->r[2].realtime_usec, utc(2026, 12, 6, 0, 41, 9) + 118000);
	assert_null(rs->r[3].ident);                    /* the blank line */
	assert_string_equal(rs->r[4].ident, "ActivityManager");
	assert_int_equal(rs->r[4].ident_pid, 1480);
	assert_string_equal(rs->r[6].msg, "Killing 'com.b' (1), pasted after it");
	assert_null(rs->r[6].ident);
	assert_int_equal(rs->r[6].realtime_usec, OOMT_UNKNOWN);
	assert_int_equal(rs->r[7].realtime_usec, utc(2026, 12, 6, 0, 41, 11) + 500000);
	assert_null(rs->r[8].ident);
	assert_int_equal(rs->r[8].realtime_usec, OOMT_UNKNOWN);
	recs_free(rs);

	rs = read_buf_filtered(text, strlen(text), &o, kill_needles, true);
	assert_int_equal(rs->n, 5);
	assert_string_equal(rs->r[0].ident, "lowmemorykiller");
	assert_int_equal(rs->r[0].realtime_usec, utc(2026, 12, 6, 0, 41, 9) + 118000);
	assert_string_equal(rs->r[1].ident, "lowmemorykiller");
	assert_string_equal(rs->r[2].msg, "Killing 'com.b' (1), pasted after it");
	assert_null(rs->r[2].ident);
	assert_int_equal(rs->r[2].realtime_usec, OOMT_UNKNOWN);
	assert_int_equal(rs->r[3].realtime_usec, utc(2026, 12, 6, 0, 41, 11) + 500000);
	assert_null(rs->r[4].ident);
	assert_int_equal(rs->r[4].realtime_usec, OOMT_UNKNOWN);
	recs_free(rs);
}

static void test_pure_prefix(void **state)
{
	(void)state;
	struct oomt_line_prefix p;
	const char *l = "Jul  6 12:34:56 web01 kernel: msg";

	oomt_parse_line_prefix(l, strlen(l), OOMT_FMT_AUTO, &p);
	assert_int_equal(p.fmt, OOMT_FMT_SYSLOG);
	assert_true(p.has_civil);
	assert_int_equal(p.civil.year, 0);
	assert_int_equal(p.civil.mon, 7);
	assert_int_equal(p.civil.mday, 6);
	assert_int_equal(p.host_len, 5);
	assert_memory_equal(l + p.host_off, "web01", 5);
	assert_memory_equal(l + p.msg_off, "msg", 3);
	assert_int_equal(p.msg_len, 3);

	/* every prefix of a line parses without reading past its end */
	const char *lines[] = {
		"<3>1 2026-07-06T12:34:56.123456+02:00 host kernel - - [a b=\"c\"] msg",
		"[Mon Jul  6 12:34:56 2026] m", "4,1,2,-,caller=T1;m", "kern  :warn  : [  1.0] m",
		"2026-07-06T12:34:56,006941+02:00 m", "1783334096.123456 h kernel: m",
		"/88819]", "  [1/2]", "x   [/9]",   /* tmux-junk look-alikes (fuzzer find) */
		"19:46:58 t14s systemd-oomd[726]: m", "148:Dec 21 06:55:33 gdb kernel: m",
		"<code>[  1.0] m</code>", "\"Nov 29 01:00:04 h kernel: m\"",
		"[2025-06-04 17:51:20] [   21.647573] m", " Tue Sep  9 14:02:17 2025] m",
		" 1257.892709] m", "12-06 00:41:09.118   689   689 I t: m",
		"2024-12-06 00:41:09.118 +0100 u0_a1 1 2 I t: m", "07-14 21:03:55.201 I/t(  6): m",
		"1733450469.118123   1   2 I t: m", "  12.345 I/t( u:  6): m", "I/t       (  6): m",
		"I/t       : m", "I(  6) m  (t)", "I( 1000:  6)   (t)", "I(  6)", "12-06 00:41:09.118123456 I/t(6): m",
		"I(    1:    2) m", "I(    u:    1:    2) m", "[ 12-06 00:41:09.118     1:    2 I/t        ]",
		"[ 1733450469.118 u:1:2 I/t ]", "[  1.234  1:2 I/t ]",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		for (size_t n = 0; n <= strlen(lines[i]); n++) {
			char *copy = malloc(n ? n : 1);

			memcpy(copy, lines[i], n);
			oomt_parse_line_prefix(copy, n, OOMT_FMT_AUTO, &p);
			assert_true(p.msg_off + p.msg_len <= n);
			free(copy);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dmesg_variants),
		cmocka_unit_test(test_dmesg_ctime),
		cmocka_unit_test(test_dmesg_iso),
		cmocka_unit_test(test_kmsg_text),
		cmocka_unit_test(test_syslog_3164),
		cmocka_unit_test(test_dmesg_reltime),
		cmocka_unit_test(test_dmesg_json),
		cmocka_unit_test(test_syslog_with_year),
		cmocka_unit_test(test_year_from_mtime),
		cmocka_unit_test(test_wrapped_lines),
		cmocka_unit_test(test_grep_file_prefix),
		cmocka_unit_test(test_year_from_end_of_log),
		cmocka_unit_test(test_netconsole_relay),
		cmocka_unit_test(test_words_before_stamp),
		cmocka_unit_test(test_dmesg_json_time_formats),
		cmocka_unit_test(test_journalctl_short_modes),
		cmocka_unit_test(test_rsyslog_iso_and_5424),
		cmocka_unit_test(test_logcat),
		cmocka_unit_test(test_logcat_long),
		cmocka_unit_test(test_journal_json),
		cmocka_unit_test(test_journal_export),
		cmocka_unit_test(test_continuation_lines),
		cmocka_unit_test(test_rsyslog_escapes),
		cmocka_unit_test(test_messy_lines),
		cmocka_unit_test(test_empty_and_garbage),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_prefilter_equivalence),
		cmocka_unit_test(test_filter_skips),
		cmocka_unit_test(test_filter_lead_rows),
		cmocka_unit_test(test_pure_prefix),
		cmocka_unit_test(test_ident_empty_pid),
		cmocka_unit_test(test_message_word_empty_brackets),
		cmocka_unit_test(test_markup_and_quotes),
		cmocka_unit_test(test_bare_ident),
		cmocka_unit_test(test_dmesg_program_lines),
		cmocka_unit_test(test_relay_stamp),
		cmocka_unit_test(test_quoted_printable),
		cmocka_unit_test(test_dmesg_ctime_lost_bracket),
		cmocka_unit_test(test_dmesg_uptime_lost_bracket),
		cmocka_unit_test(test_console_clock_bracket),
		cmocka_unit_test(test_markup_first_line),
		cmocka_unit_test(test_localised_months),
		cmocka_unit_test(test_terminal_escapes),
		cmocka_unit_test(test_padded_kernel_stamp),
		cmocka_unit_test(test_stamp_glued_to_a_word),
		cmocka_unit_test(test_cpu_tagged_stamp),
		cmocka_unit_test(test_mangled_stamp_padding),
		cmocka_unit_test(test_nbsp_after_stamp),
		cmocka_unit_test(test_records_glued_by_nbsp),
		cmocka_unit_test(test_syslog_records_glued),
		cmocka_unit_test(test_many_glued_records),
		cmocka_unit_test(test_journal_verbose),
		cmocka_unit_test(test_json_message_lines),
	};

	/* Local-time stamps (syslog, dmesg -T) are read in the local zone: pin it. */
	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
