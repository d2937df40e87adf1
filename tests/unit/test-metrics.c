/* SPDX-License-Identifier: MIT */
/* oomtool metrics in the library: the Prometheus writer (escaping, names, numbers), the
 * state file (round trip, and every way it is refused: cut, edited, another version, out
 * of range), the workloads that keep a series, and whole runs on a sysroot made at test
 * time: counted once across runs, a corrupt or foreign state rebuilt without counting twice,
 * a new boot counting from zero, the watcher's state fresh or stale, the textfile. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <cmocka.h>
#include <oomtool/format.h>
#include <oomtool/metrics.h>
#include "metrics/metrics-internal.h"
#include "util/token.h"
#include "test-tmpdir.h"

#define KERN_LOG TEST_DATA_DIR "/cli/scan-logs-kern.log"
#define KILL_SEC 1795168800LL          /* 2026-11-20T10:00:00Z, the kill in kern.log */
#define BOOT_SEC 1795164000LL          /* its boot, 4800 s before (the kill at 1158 s) */
#define BOOT_A "0123abcd-4567-89ab-cdef-0123456789ab"
#define BOOT_B "0123abcd-4567-89ab-cdef-0123456789ac"
#define MACHINE_A "3d1219c7c4c5404aaa1f6d2a48adfda4\n"
#define MACHINE_B "ad1219c7c4c5404aaa1f6d2a48adfda4\n"

static char tmp[512];

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX], dir[PATH_MAX], *slash;
	FILE *f;

	assert_true((size_t)snprintf(path, sizeof(path), "%s/%s", tmp, rel) < sizeof(path));
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + 1; (slash = strchr(p, '/')); p = slash + 1) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	f = fopen(path, "we");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, n = 0, k;

	if (!f)
		return NULL;
	do {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		k = fread(buf + n, 1, 4096, f);
		n += k;
	} while (k > 0);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void boot(const char *boot_id, long long btime)
{
	char text[128];

	put("proc/sys/kernel/random/boot_id", boot_id);
	snprintf(text, sizeof(text), "cpu  1 2 3 4\nbtime %lld\nprocesses 9\n", btime);
	put("proc/stat", text);
}

static int setup(void **state)
{
	char path[PATH_MAX], *log;
	struct timespec ts[2];

	(void)state;
	test_tmp_path(tmp, sizeof(tmp), "oomt-test-metrics-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	setenv("TZ", "UTC", 1);
	tzset();
	put("proc/meminfo", "MemTotal:        2048000 kB\nMemFree:          512000 kB\n"
	    "MemAvailable:    1024000 kB\nSwapTotal:       1048576 kB\nSwapFree:         524288 kB\n");
	put("proc/vmstat", "nr_free_pages 128000\noom_kill 3\n");
	put("proc/pressure/memory", "some avg10=0.00 avg60=0.00 avg300=0.00 total=1500000\n"
	    "full avg10=0.00 avg60=0.00 avg300=0.00 total=250000\n");
	put("proc/sys/kernel/osrelease", "6.1.0-13-amd64\n");
	put("etc/machine-id", MACHINE_A);
	boot(BOOT_A, BOOT_SEC);
	log = slurp(KERN_LOG, NULL);
	assert_non_null(log);
	put("var/log/kern.log", log);
	free(log);
	/* RFC 3164 stamps have no year: the file's time gives it */
	snprintf(path, sizeof(path), "%s/var/log/kern.log", tmp);
	ts[0].tv_sec = ts[1].tv_sec = KILL_SEC + 3600;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* ---- the Prometheus writer ---- */

static char *prom_text(void (*fn)(struct oomt_prom *p), int *ret_err)
{
	struct oomt_prom *p;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(oomt_prom_new(f, &p), 0);
	fn(p);
	*ret_err = oomt_prom_free(p);
	fclose(f);
	return text;
}

static void write_good(struct oomt_prom *p)
{
	const char *lv[] = { "victim", "a\"b\\c\nd", "name", "caf\xc3\xa9 \xff" };

	oomt_prom_family(p, "x_total", OOMT_PROM_COUNTER, "Kills.\nSecond \\ line");
	oomt_prom_sample_int(p, lv, 2, 9007199254740993LL);
	oomt_prom_family(p, "y", OOMT_PROM_GAUGE, "");
	oomt_prom_sample(p, NULL, 0, 0.1);
	oomt_prom_sample(p, (const char *[]){ "k", "nan" }, 1, NAN);
	oomt_prom_sample(p, (const char *[]){ "k", "inf" }, 1, -INFINITY);
	oomt_prom_sample(p, (const char *[]){ "k", "big" }, 1, 1e300);
}

static void test_prom_writer(void **state)
{
	int err;
	char *text = prom_text(write_good, &err);

	(void)state;
	assert_int_equal(err, 0);
	assert_string_equal(text,
	        "# HELP x_total Kills.\\nSecond \\\\ line\n"
	        "# TYPE x_total counter\n"
	        "x_total{victim=\"a\\\"b\\\\c\\nd\",name=\"caf\xc3\xa9 ?\"} 9007199254740993\n"
	        "# HELP y \n"
	        "# TYPE y gauge\n"
	        "y 0.1\n"
	        "y{k=\"nan\"} NaN\n"
	        "y{k=\"inf\"} -Inf\n"
	        "y{k=\"big\"} 1e+300\n");
	free(text);
}

static void write_bad_name(struct oomt_prom *p)
{
	oomt_prom_family(p, "9lives", OOMT_PROM_GAUGE, "h");
}

static void write_twice(struct oomt_prom *p)
{
	oomt_prom_family(p, "a", OOMT_PROM_GAUGE, "h");
	oomt_prom_family(p, "a", OOMT_PROM_GAUGE, "h");
}

static void write_early_sample(struct oomt_prom *p)
{
	oomt_prom_sample(p, NULL, 0, 1);
}

static void write_bad_label(struct oomt_prom *p)
{
	oomt_prom_family(p, "a", OOMT_PROM_GAUGE, "h");
	oomt_prom_sample(p, (const char *[]){ "__reserved", "v" }, 1, 1);
}

static void test_prom_refuses(void **state)
{
	void (*fns[])(struct oomt_prom *) = { write_bad_name, write_twice, write_early_sample,
	                                      write_bad_label };
	int err;

	(void)state;
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		free(prom_text(fns[i], &err));
		assert_int_equal(err, -EINVAL);
	}
}

/* ---- the state file ---- */

static void sample_state(struct oomt_metrics_state_data *d)
{
	oomt_metrics_state_init(d);
	snprintf(d->machine_id, sizeof(d->machine_id), "3d1219c7c4c5404aaa1f6d2a48adfda4");
	snprintf(d->boot_id, sizeof(d->boot_id), BOOT_A);
	d->boot_time_usec = BOOT_SEC * 1000000;
	d->saved_usec = KILL_SEC * 1000000 + 5;
	assert_int_equal(oomt_metrics_state_count(d, "kernel", "memcg", "unit", "web.service",
	                                          KILL_SEC * 1000000), 0);
	assert_int_equal(oomt_metrics_state_count(d, "earlyoom", "unknown", "unknown", "unknown",
	                                          OOMT_UNKNOWN), 0);
	assert_int_equal(oomt_metrics_state_count(d, "kernel", "memcg", "pod",
	                                          "default/web 0/nginx", KILL_SEC * 1000000), 0);
	oomt_metrics_state_label(d, 2);
	d->logged_kills = 2;
	d->suppressed_headers = 7;
	d->last.known = true;
	d->last.time_usec = KILL_SEC * 1000000;
	snprintf(d->last.killer, sizeof(d->last.killer), "kernel");
	snprintf(d->last.scope, sizeof(d->last.scope), "memcg");
	snprintf(d->last.victim, sizeof(d->last.victim), "py thon%%3");
	snprintf(d->last.workload_kind, sizeof(d->last.workload_kind), "pod");
	snprintf(d->last.workload, sizeof(d->last.workload), "default/web 0/nginx");
	assert_int_equal(oomt_scan_positions_new(&d->pos), 0);
	assert_int_equal(oomt_scan_positions_parse_line(d->pos, "pos begin 5", 11), 0);
}

static char *state_text(const struct oomt_metrics_state_data *d, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	assert_non_null(f);
	assert_int_equal(oomt_metrics_state_write(d, NULL, f), 0);
	fclose(f);
	return text;
}

/* body followed by a valid end line */
static char *with_checksum(const char *body)
{
	char *out;

	assert_true(asprintf(&out, "%send %016llx\n", body,
	                     (unsigned long long)oomt_fnv64(OOMT_FNV64_INIT, body, strlen(body))) > 0);
	return out;
}

static void test_state_round_trip(void **state)
{
	struct oomt_metrics_state_data d, back;
	char *a, *b;
	size_t la, lb;

	(void)state;
	sample_state(&d);
	a = state_text(&d, &la);
	assert_int_equal(oomt_metrics_state_parse(a, la, &back), 0);
	assert_int_equal(back.n_kills, 2);
	assert_int_equal(back.n_workloads, 3);
	assert_string_equal(back.last.victim, "py thon%3");
	b = state_text(&back, &lb);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "last 1795168800000000 kernel memcg py%20thon%253 pod "
	                          "default/web%200/nginx\n"));
	free(b);
	oomt_metrics_state_done(&back);
	oomt_metrics_state_done(&d);
	free(a);
}

static void test_state_refused(void **state)
{
	struct oomt_metrics_state_data d, back;
	char *good, *bad;
	size_t len;
	static const char *const bodies[] = {
		/* out of order, unknown, out of range, duplicated: each with a right checksum */
		"oomtool-metrics-state 1\nboot - -\nmachine -\nsaved 1\naccounting 0 0 0\n",
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\naccounting 0 0 0\nfoo 1\n",
		"oomtool-metrics-state 1\nmachine xyz\nboot - -\nsaved 1\naccounting 0 0 0\n",
		"oomtool-metrics-state 1\nmachine -\nboot nope -\nsaved 1\naccounting 0 0 0\n",
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved -1\naccounting 0 0 0\n",
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\n",
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\naccounting 0 0 0\n"
		"accounting 0 0 0\n",
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\naccounting 0 0 0\n"
		"kills kernel memcg 1\nkills kernel memcg 2\n",
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\naccounting 0 0 0\n"
		"kills Kernel memcg 1\n",
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\naccounting 0 0 0\n"
		"workload unit 0 - 0 web.service\n",
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\naccounting 0 0 0\n"
		"workload unit 1 - 2 web.service\n",
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\naccounting 0 0 0\n"
		"accounting 99999999999999999999 0 0\n",
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\naccounting 0 0 0\n"
		"pos file 1 2 3 4 5 00000000deadbeef 0 /x\n",     /* pos before its begin */
		"oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\naccounting 0 0 0\n"
		"last 1 kernel memcg a unit\n",
	};

	(void)state;
	sample_state(&d);
	good = state_text(&d, &len);
	oomt_metrics_state_done(&d);
	/* every cut: no end line, or half of it */
	for (size_t cut = 0; cut < len; cut++)
		assert_int_not_equal(oomt_metrics_state_parse(good, cut, &back), 0);
	/* every byte changed */
	for (size_t i = 0; i < len; i++) {
		good[i] ^= 0x01;
		assert_int_not_equal(oomt_metrics_state_parse(good, len, &back), 0);
		good[i] ^= 0x01;
	}
	assert_int_equal(oomt_metrics_state_parse(good, len, &back), 0);
	oomt_metrics_state_done(&back);
	/* something after the end line */
	bad = malloc(len + 8);
	memcpy(bad, good, len);
	memcpy(bad + len, "x 1\n", 4);
	assert_int_equal(oomt_metrics_state_parse(bad, len + 4, &back), -EINVAL);
	free(bad);
	free(good);
	/* another version: told apart from damage */
	bad = with_checksum("oomtool-metrics-state 2\nmachine -\nboot - -\nsaved 1\n"
	                    "accounting 0 0 0\n");
	assert_int_equal(oomt_metrics_state_parse(bad, strlen(bad), &back), -EPROTO);
	free(bad);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		bad = with_checksum(bodies[i]);
		if (oomt_metrics_state_parse(bad, strlen(bad), &back) != -EINVAL)
			fail_msg("accepted: %s", bodies[i]);
		free(bad);
	}
	/* the smallest valid one */
	bad = with_checksum("oomtool-metrics-state 1\nmachine -\nboot - -\nsaved 1\n"
	                    "accounting 0 0 0\n");
	assert_int_equal(oomt_metrics_state_parse(bad, strlen(bad), &back), 0);
	oomt_metrics_state_done(&back);
	free(bad);
}

/* A workload that got a series keeps it; free places go to the most killed. */
static void test_state_labels(void **state)
{
	struct oomt_metrics_state_data d;

	(void)state;
	oomt_metrics_state_init(&d);
	oomt_metrics_state_count(&d, "kernel", "memcg", "unit", "a.service", 1);
	oomt_metrics_state_count(&d, "kernel", "memcg", "unit", "b.service", 2);
	oomt_metrics_state_label(&d, 2);
	for (int i = 0; i < 5; i++)
		oomt_metrics_state_count(&d, "kernel", "memcg", "unit", "c.service", 3 + i);
	oomt_metrics_state_label(&d, 2);
	assert_true(d.workloads[0].labelled);
	assert_true(d.workloads[1].labelled);
	assert_false(d.workloads[2].labelled);
	assert_int_equal(d.workloads[2].kills, 5);
	oomt_metrics_state_done(&d);
}

/* ---- whole runs ---- */

struct run {
	enum oomt_metrics_state state;
	bool incremental;
	uint64_t incidents;
	char *text;
};

static struct run run_metrics(void)
{
	char state_path[PATH_MAX], watch_path[PATH_MAX];
	struct oomt_metrics_opts o = { .struct_size = sizeof(o), .sysroot = tmp,
	                               .tmp_dir = test_tmp_dir(), .state_path = state_path,
	                               .watch_state_path = watch_path };
	const struct oomt_metrics_status *st;
	struct oomt_metrics *m;
	struct run out = { 0 };
	size_t len = 0;
	FILE *f;

	snprintf(state_path, sizeof(state_path), "%s/state/metrics.state", tmp);
	snprintf(watch_path, sizeof(watch_path), "%s/run/watch.state", tmp);
	assert_int_equal(oomt_metrics_new(&o, &m), 0);
	assert_int_equal(oomt_metrics_gather(m), 0);
	assert_int_equal(oomt_metrics_gather(m), -EALREADY);
	st = oomt_metrics_status(m);
	out.state = st->state;
	out.incremental = st->incremental;
	out.incidents = st->incidents;
	f = open_memstream(&out.text, &len);
	assert_int_equal(oomt_metrics_write(m, f), 0);
	fclose(f);
	oomt_metrics_free(m);
	return out;
}

static void has(const struct run *r, const char *line)
{
	if (!strstr(r->text, line))
		fail_msg("missing \"%s\" in:\n%s", line, r->text);
}

static void test_runs(void **state)
{
	char path[PATH_MAX];
	struct run r;

	(void)state;
	r = run_metrics();
	assert_int_equal(r.state, OOMT_METRICS_STATE_NONE);
	assert_false(r.incremental);
	has(&r, "\noomtool_oom_kills_total{killer=\"kernel\",scope=\"memcg\"} 1\n");
	has(&r, "\noomtool_oom_kills_total{killer=\"kernel\",scope=\"global\"} 0\n");
	has(&r, "\noomtool_oom_kills_boot_start_time_seconds 1795164000\n");
	has(&r, "\noomtool_kernel_oom_kills_total 3\n");
	has(&r, "\noomtool_unlogged_oom_kills 2\n");
	has(&r, "\noomtool_last_oom_kill_info{victim=\"python3\",");
	has(&r, "\noomtool_memory_available_bytes 1048576000\n");
	has(&r, "\noomtool_swap_free_bytes 536870912\n");
	has(&r, "\noomtool_memory_pressure_stall_seconds_total{kind=\"some\"} 1.5\n");
	has(&r, "\noomtool_watch_up 0\n");
	has(&r, "\noomtool_metrics_source_errors{source=\"state\"} 0\n");
	free(r.text);

	/* again: nothing new read, the same counts */
	r = run_metrics();
	assert_int_equal(r.state, OOMT_METRICS_STATE_LOADED);
	assert_true(r.incremental);
	assert_int_equal(r.incidents, 0);
	has(&r, "\noomtool_oom_kills_total{killer=\"kernel\",scope=\"memcg\"} 1\n");
	has(&r, "\noomtool_unlogged_oom_kills 2\n");
	free(r.text);

	/* damaged: ignored, every log read again, counted once */
	put("state/metrics.state", "oomtool-metrics-state 1\ngarbage\n");
	r = run_metrics();
	assert_int_equal(r.state, OOMT_METRICS_STATE_CORRUPT);
	assert_false(r.incremental);
	has(&r, "\noomtool_oom_kills_total{killer=\"kernel\",scope=\"memcg\"} 1\n");
	has(&r, "\noomtool_metrics_source_errors{source=\"state\"} 1\n");
	free(r.text);
	r = run_metrics();
	assert_int_equal(r.state, OOMT_METRICS_STATE_LOADED);
	free(r.text);

	/* another machine's (a cloned disk) */
	put("etc/machine-id", MACHINE_B);
	r = run_metrics();
	assert_int_equal(r.state, OOMT_METRICS_STATE_FOREIGN);
	has(&r, "\noomtool_oom_kills_total{killer=\"kernel\",scope=\"memcg\"} 1\n");
	free(r.text);

	/* a reboot after the kill: this boot has none, the last kill stays */
	boot(BOOT_B, KILL_SEC + 600);
	put("proc/vmstat", "oom_kill 0\n");
	r = run_metrics();
	assert_int_equal(r.state, OOMT_METRICS_STATE_NEW_BOOT);
	has(&r, "\noomtool_oom_kills_total{killer=\"kernel\",scope=\"memcg\"} 0\n");
	has(&r, "\noomtool_unlogged_oom_kills 0\n");
	has(&r, "\noomtool_last_oom_kill_timestamp_seconds 1795168800\n");
	free(r.text);

	/* no state at all */
	snprintf(path, sizeof(path), "%s/state/metrics.state", tmp);
	assert_int_equal(unlink(path), 0);
}

static void test_watch_state(void **state)
{
	char text[512];
	struct run r;

	(void)state;
	snprintf(text, sizeof(text), "oomtool-watch-state 1\nupdated %lld 10000000 4242\n"
	         "scope 0 100 50 50 1 - - 0 0 host host\n"
	         "scope 2 100 90 10 1 300 950 1 0 /system.slice/web.service web.service\n"
	         "end\n", (long long)time(NULL) * 1000000);
	put("run/watch.state", text);
	r = run_metrics();
	has(&r, "\noomtool_watch_up 1\n");
	has(&r, "\noomtool_watch_eta_seconds{scope=\"/system.slice/web.service\","
	        "name=\"web.service\"} 300\n");
	assert_null(strstr(r.text, "oomtool_watch_eta_seconds{scope=\"host\""));
	free(r.text);
	/* stale: the watcher stopped without removing it */
	snprintf(text, sizeof(text), "oomtool-watch-state 1\nupdated %lld 10000000 4242\nend\n",
	         (long long)(time(NULL) - 3600) * 1000000);
	put("run/watch.state", text);
	r = run_metrics();
	has(&r, "\noomtool_watch_up 0\n");
	free(r.text);
	/* damaged: a source error */
	put("run/watch.state", "oomtool-watch-state 1\nupdated x\n");
	r = run_metrics();
	has(&r, "\noomtool_watch_up 0\n");
	has(&r, "\noomtool_metrics_source_errors{source=\"watch\"} 1\n");
	free(r.text);
}

static void test_textfile(void **state)
{
	struct oomt_metrics_opts o = { .struct_size = sizeof(o), .sysroot = tmp,
	                               .tmp_dir = test_tmp_dir(), .state_path = "",
	                               .watch_state_path = "" };
	char dir[PATH_MAX], path[PATH_MAX + 32], *text;
	struct oomt_metrics *m;
	struct stat st;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/textfile", tmp);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(oomt_metrics_new(&o, &m), 0);
	assert_int_equal(oomt_metrics_write_textfile(m, dir, NULL), -EINVAL);  /* not gathered */
	assert_int_equal(oomt_metrics_gather(m), 0);
	assert_int_equal(oomt_metrics_status(m)->state, OOMT_METRICS_STATE_DISABLED);
	/* an old file with the wrong mode is replaced by a 0644 one */
	snprintf(path, sizeof(path), "%s/oomtool.prom", dir);
	put("textfile/oomtool.prom", "old");
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(oomt_metrics_write_textfile(m, dir, NULL), 0);
	assert_int_equal(oomt_metrics_write_textfile(m, dir, "a/b"), -EINVAL);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	text = slurp(path, NULL);
	assert_non_null(strstr(text, "# TYPE oomtool_oom_kills_total counter\n"));
	free(text);
	oomt_metrics_free(m);
	/* no temporary file left beside it */
	{
		DIR *d = opendir(dir);
		struct dirent *de;
		int n = 0;

		assert_non_null(d);
		while ((de = readdir(d)))
			n += de->d_name[0] != '.' || de->d_name[1] == 'o';
		closedir(d);
		assert_int_equal(n, 1);
	}
}

static void test_opts(void **state)
{
	struct oomt_metrics_opts o = { .struct_size = 8 };
	struct oomt_metrics *m = NULL;

	(void)state;
	assert_int_equal(oomt_metrics_new(&o, &m), -EINVAL);
	assert_int_equal(oomt_metrics_new(NULL, &m), -EINVAL);
	assert_null(m);
	assert_string_equal(oomt_metrics_state_name(OOMT_METRICS_STATE_NEW_BOOT), "new-boot");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prom_writer),
		cmocka_unit_test(test_prom_refuses),
		cmocka_unit_test(test_state_round_trip),
		cmocka_unit_test(test_state_refused),
		cmocka_unit_test(test_state_labels),
		cmocka_unit_test_setup_teardown(test_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_textfile, setup, teardown),
		cmocka_unit_test(test_opts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
