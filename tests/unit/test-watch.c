/* SPDX-License-Identifier: MIT */
/* The watcher apart from its trend fit (test-watch-trend.c): PSI trigger strings, the event
 * decisions, a hook's environment, the JSON, the hierarchy walk, and whole rounds over a
 * synthetic sysroot whose files the test rewrites (a leak, pressure, a counted kill). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/format.h>
#include <oomtool/timeparse.h>
#include <oomtool/watch.h>
#include <oomtool/watch-json.h>
#include "watch/watch-internal.h"
#include "test-tmpdir.h"

#define MIB (1024LL * 1024)
#define SEC 1000000LL

/* ---- PSI trigger text ---- */

static struct oomt_psi_trigger parse_ok(const char *text)
{
	struct oomt_psi_trigger t = { .struct_size = sizeof(t) };

	assert_int_equal(oomt_psi_trigger_parse(text, &t), 0);
	return t;
}

static void test_trigger_parse(void **state)
{
	struct oomt_psi_trigger t = { .struct_size = sizeof(t) };
	char buf[64];

	(void)state;
	t = parse_ok("some:150ms/1s");
	assert_false(t.full);
	assert_int_equal(t.stall_usec, 150000);
	assert_int_equal(t.window_usec, 1000000);
	assert_string_equal(oomt_psi_trigger_format(&t, buf, sizeof(buf)), "some:150ms/1s");
	t = parse_ok("full:1s/10s");
	assert_true(t.full);
	assert_string_equal(oomt_psi_trigger_format(&t, buf, sizeof(buf)), "full:1s/10s");
	t = parse_ok("300ms/2s");
	assert_false(t.full);
	assert_int_equal(t.stall_usec, 300000);
	t = parse_ok("500000us/500ms");
	assert_string_equal(oomt_psi_trigger_format(&t, buf, sizeof(buf)), "some:500ms/500ms");

	assert_int_equal(oomt_psi_trigger_parse("some:150ms", &t), -EINVAL);
	assert_int_equal(oomt_psi_trigger_parse("half:150ms/1s", &t), -EINVAL);
	assert_int_equal(oomt_psi_trigger_parse("some:/1s", &t), -EINVAL);
	assert_int_equal(oomt_psi_trigger_parse("some:1x/1s", &t), -EINVAL);
	assert_int_equal(oomt_psi_trigger_parse("some:100ms/400ms", &t), -ERANGE);
	assert_int_equal(oomt_psi_trigger_parse("some:1s/11s", &t), -ERANGE);
	assert_int_equal(oomt_psi_trigger_parse("some:2s/1s", &t), -ERANGE);
	assert_int_equal(oomt_psi_trigger_parse("some:0ms/1s", &t), -ERANGE);
	t.struct_size = 4;
	assert_int_equal(oomt_psi_trigger_parse("some:150ms/1s", &t), -EINVAL);
}

static void test_trigger_kernel_string(void **state)
{
	struct oomt_psi_trigger t = parse_ok("some:150ms/1s"), r;
	char buf[64];
	size_t len;

	(void)state;
	/* the kernel makes the last byte written the terminator: the NUL is written too */
	assert_int_equal(oomt_psi_trigger_kernel_string(&t, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "some 150000 1000000");
	assert_int_equal(len, strlen("some 150000 1000000") + 1);
	t = parse_ok("full:1s/10s");
	assert_int_equal(oomt_psi_trigger_kernel_string(&t, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "full 1000000 10000000");
	assert_int_equal(oomt_psi_trigger_kernel_string(&t, buf, 10, &len), -ENAMETOOLONG);

	/* unprivileged: windows in multiples of 2 s, the stall keeping its share */
	t = parse_ok("some:150ms/1s");
	oomt_psi_trigger_round(&t, &r);
	assert_int_equal(r.window_usec, 2000000);
	assert_int_equal(r.stall_usec, 300000);
	t = parse_ok("full:500ms/3s");
	oomt_psi_trigger_round(&t, &r);
	assert_true(r.full);
	assert_int_equal(r.window_usec, 4000000);
	assert_int_equal(r.stall_usec, 666666);
	t = parse_ok("some:9s/9500ms");
	oomt_psi_trigger_round(&t, &r);
	assert_int_equal(r.window_usec, 10000000);
	assert_true(r.stall_usec <= r.window_usec);
	t = parse_ok("some:300ms/2s");
	oomt_psi_trigger_round(&t, &r);
	assert_int_equal(r.window_usec, 2000000);
	assert_int_equal(r.stall_usec, 300000);
}

static void test_duration(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(oomt_parse_duration("40s", &v), 0);
	assert_int_equal(v, 40 * SEC);
	assert_int_equal(oomt_parse_duration("10m", &v), 0);
	assert_int_equal(v, 600 * SEC);
	assert_int_equal(oomt_parse_duration("1h30min", &v), 0);
	assert_int_equal(v, 5400 * SEC);
	assert_int_equal(oomt_parse_duration("250ms", &v), 0);
	assert_int_equal(v, 250000);
	assert_int_equal(oomt_parse_duration("3", &v), 0);
	assert_int_equal(v, 3 * SEC);
	assert_int_equal(oomt_parse_duration("", &v), -EINVAL);
	assert_int_equal(oomt_parse_duration("-3s", &v), -EINVAL);
	assert_int_equal(oomt_parse_duration("3 parsecs", &v), -EINVAL);
}

/* ---- decisions ---- */

static const struct oomt_watch_decide_params params = {
	.eta_warn_sec = 600, .interval_usec = 2 * SEC, .recover_hold_usec = 10 * SEC,
	.pressure_quiet_usec = 10 * SEC,
};

static void test_decide_eta(void **state)
{
	struct oomt_watch_eta_state s = { 0 };
	int64_t t = 0;

	(void)state;
	/* flat, or rising far from the threshold: quiet */
	assert_int_equal(oomt_watch_decide_eta(&s, &params, false, OOMT_UNKNOWN, t += 2 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 3600, t += 2 * SEC), 0);
	/* two qualifying samples make the first warning */
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 500, t += 2 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 480, t += 2 * SEC), OOMT_WATCH_ETA);
	assert_int_equal(s.level, 1);
	/* again only once it has halved */
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 300, t += 2 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 240, t += 2 * SEC), OOMT_WATCH_ETA);
	assert_int_equal(s.level, 2);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 200, t += 2 * SEC), 0);
	/* above the threshold but within twice it: not yet calm */
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 900, t += 20 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 900, t += 20 * SEC), 0);
	/* calm for the hold time: recovered, once */
	assert_int_equal(oomt_watch_decide_eta(&s, &params, false, OOMT_UNKNOWN, t += 2 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, false, OOMT_UNKNOWN, t += 5 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 5000, t += 5 * SEC),
	                 OOMT_WATCH_RECOVERED);
	assert_false(s.warned);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, false, OOMT_UNKNOWN, t += 60 * SEC), 0);
	/* a calm spell cut short does not recover */
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 100, t += 2 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 100, t += 2 * SEC), OOMT_WATCH_ETA);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, false, OOMT_UNKNOWN, t += 8 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 90, t += 2 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, false, OOMT_UNKNOWN, t += 8 * SEC), 0);
	assert_true(s.warned);
	/* down to 0: warned once more at 0, then not at every sample */
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 40, t += 2 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 40, t += 2 * SEC), OOMT_WATCH_ETA);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 1, t += 2 * SEC), OOMT_WATCH_ETA);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 0, t += 2 * SEC), OOMT_WATCH_ETA);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 0, t += 2 * SEC), 0);
	assert_int_equal(oomt_watch_decide_eta(&s, &params, true, 0, t += 2 * SEC), 0);
}

static void test_decide_pressure(void **state)
{
	struct oomt_watch_pressure_state s = { 0 };

	(void)state;
	assert_int_equal(oomt_watch_decide_pressure(&s, &params, false, 1 * SEC), 0);
	assert_int_equal(oomt_watch_decide_pressure(&s, &params, true, 2 * SEC), OOMT_WATCH_PRESSURE);
	assert_int_equal(oomt_watch_decide_pressure(&s, &params, true, 4 * SEC), 0);
	assert_int_equal(oomt_watch_decide_pressure(&s, &params, false, 12 * SEC), 0);
	assert_int_equal(oomt_watch_decide_pressure(&s, &params, true, 13 * SEC), 0);
	assert_int_equal(oomt_watch_decide_pressure(&s, &params, false, 23 * SEC),
	                 OOMT_WATCH_RECOVERED);
	assert_false(s.on);
	assert_int_equal(oomt_watch_decide_pressure(&s, &params, false, 40 * SEC), 0);
}

/* ---- a hook's environment, the JSON ---- */

static void sample_event(struct oomt_watch_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = OOMT_WATCH_ETA;
	ev->time_usec = 1725809445LL * SEC;
	snprintf(ev->scope, sizeof(ev->scope), "/system.slice/leaky.service");
	snprintf(ev->name, sizeof(ev->name), "leaky.service");
	ev->cgroup_version = 2;
	ev->limit_bytes = 400 * MIB;
	ev->used_bytes = 300 * MIB;
	ev->available_bytes = 100 * MIB;
	ev->growth_bytes_per_sec = 10 * MIB;
	ev->eta_sec = 10;
	ev->confidence = 0.95;
	ev->warning = 1;
	ev->duration_usec = OOMT_UNKNOWN;
	ev->psi_mode = OOMT_WATCH_PSI_TRIGGER;
	ev->psi_stall_usec = 300000;
	ev->psi_window_usec = 2000000;
	ev->has_psi = true;
	ev->psi.has_some = ev->psi.has_full = true;
	ev->psi.some.avg10 = 12.5;
	ev->psi.some.avg60 = NAN;
	ev->psi.some.avg300 = 1.0;
	ev->psi.some.total_usec = 12345;
	ev->psi.full.avg10 = 3.25;
	ev->n_growers = 2;
	ev->growers[0] = (struct oomt_watch_grower){ .pid = 42, .name = "leaky", .rss_bytes = 290 * MIB,
	                                             .growth_bytes_per_sec = 10 * MIB,
	                                             .oom_score_adj = -500,
	                                             .cgroup_limit_bytes = 400 * MIB };
	ev->growers[1] = (struct oomt_watch_grower){ .pid = 43, .name = "helper", .rss_bytes = MIB,
	                                             .growth_bytes_per_sec = 4096,
	                                             .cgroup_limit_bytes = OOMT_UNKNOWN };
	ev->has_victim = true;
	ev->victim = (struct oomt_watch_victim){ .pid = 43, .name = "helper", .rss_bytes = MIB,
	                                         .swap_bytes = 0, .oom_score_adj = 0, .points = 100,
	                                         .oom_score = 700, .runner_up_pid = 42,
	                                         .grower_lead_bytes = 4096 };
	ev->n_advice = 2;
	ev->advice[0] = (struct oomt_watch_advice){ OOMT_WATCH_ADVICE_VICTIM_NOT_GROWER, 42,
	                                            OOMT_UNKNOWN, 4096, OOMT_UNKNOWN };
	ev->advice[1] = (struct oomt_watch_advice){ OOMT_WATCH_ADVICE_GROWER_PROTECTED, 42, -500,
	                                            OOMT_UNKNOWN, OOMT_UNKNOWN };
}

static bool has_var(const struct oomt_watch_hook_job *job, const char *var)
{
	for (size_t off = 0; off < job->len; off += strlen(job->env + off) + 1)
		if (strcmp(job->env + off, var) == 0)
			return true;
	return false;
}

static void test_hook_env(void **state)
{
	static struct oomt_watch_hook_job job;
	struct oomt_watch_event ev;

	(void)state;
	sample_event(&ev);
	assert_int_equal(oomt_watch_hook_format(&ev, "the line", &job), 0);
	assert_true(has_var(&job, "OOMTOOL_KIND=eta"));
	assert_true(has_var(&job, "OOMTOOL_TIME=2024-09-08T15:30:45.000000Z"));
	assert_true(has_var(&job, "OOMTOOL_SCOPE=/system.slice/leaky.service"));
	assert_true(has_var(&job, "OOMTOOL_NAME=leaky.service"));
	assert_true(has_var(&job, "OOMTOOL_CGROUP_VERSION=2"));
	assert_true(has_var(&job, "OOMTOOL_AVAILABLE_BYTES=104857600"));
	assert_true(has_var(&job, "OOMTOOL_ETA_SEC=10"));
	assert_true(has_var(&job, "OOMTOOL_CONFIDENCE=0.95"));
	assert_true(has_var(&job, "OOMTOOL_WARNING=1"));
	assert_true(has_var(&job, "OOMTOOL_PSI_MODE=trigger"));
	assert_true(has_var(&job, "OOMTOOL_PSI_SOME_AVG10=12.50"));
	assert_true(has_var(&job, "OOMTOOL_TOP_GROWERS=42:leaky:10485760 43:helper:4096"));
	assert_true(has_var(&job, "OOMTOOL_NEXT_VICTIM_PID=43"));
	assert_true(has_var(&job, "OOMTOOL_ADVICE=victim_not_grower grower_protected"));
	assert_true(has_var(&job, "OOMTOOL_MESSAGE=the line"));
	assert_false(has_var(&job, "OOMTOOL_KILLED_PID=0"));

	/* a kill: the victim's fields; unknown numbers are left out */
	memset(&ev, 0, sizeof(ev));
	ev.kind = OOMT_WATCH_OOM_KILL;
	snprintf(ev.scope, sizeof(ev.scope), "host");
	snprintf(ev.name, sizeof(ev.name), "host");
	ev.limit_bytes = ev.used_bytes = ev.available_bytes = OOMT_UNKNOWN;
	ev.growth_bytes_per_sec = ev.eta_sec = OOMT_UNKNOWN;
	ev.confidence = NAN;
	ev.has_kill = true;
	ev.kill = (struct oomt_watch_kill){ .pid = 99, .name = "hog", .killer = "kernel",
	                                    .constraint = "global", .count = 1, .logged = true };
	assert_int_equal(oomt_watch_hook_format(&ev, NULL, &job), 0);
	assert_true(has_var(&job, "OOMTOOL_KIND=oom_kill"));
	assert_true(has_var(&job, "OOMTOOL_KILLED_PID=99"));
	assert_true(has_var(&job, "OOMTOOL_KILLED_NAME=hog"));
	assert_true(has_var(&job, "OOMTOOL_KILLER=kernel"));
	for (size_t off = 0; off < job.len; off += strlen(job.env + off) + 1)
		assert_null(strstr(job.env + off, "ETA_SEC"));
}

static void test_json(void **state)
{
	struct oomt_watch_event ev;
	struct oomt_json *j;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	sample_event(&ev);
	assert_non_null(f);
	assert_int_equal(oomt_json_new(f, false, &j), 0);
	oomt_watch_event_write_json(j, &ev);
	oomt_json_finish(j);
	oomt_json_free(j);
	fclose(f);
	/* the fields, in its order, one line */
	assert_non_null(strstr(text, "{\"time\":\"2024-09-08T15:30:45.000000Z\","
	                             "\"scope\":\"/system.slice/leaky.service\","
	                             "\"name\":\"leaky.service\",\"kind\":\"eta\","
	                             "\"available_bytes\":104857600,\"limit_bytes\":419430400,"));
	assert_non_null(strstr(text, "\"growth_bytes_per_sec\":10485760,\"eta_sec\":10,"
	                             "\"confidence\":0.95"));
	assert_non_null(strstr(text, "\"psi\":{\"mode\":\"trigger\",\"threshold\":\"some:300ms/2s\","
	                             "\"some_avg10\":12.5,\"some_avg60\":null,\"some_avg300\":1,"));
	assert_non_null(strstr(text, "\"top_growers\":[{\"pid\":42,\"name\":\"leaky\""));
	assert_non_null(strstr(text, "\"next_victim\":{\"pid\":43,\"name\":\"helper\""));
	assert_non_null(strstr(text, "\"advice\":[{\"code\":\"victim_not_grower\",\"pid\":42,"));
	assert_non_null(strstr(text, "\"killed\":null}\n"));
	assert_null(strchr(text, '\n') == text + len - 1 ? NULL : "more than one line");
	free(text);
}

/* ---- a synthetic sysroot ---- */

static char root[PATH_MAX];

static void put(const char *rel, const char *fmt, ...)
{
	char path[PATH_MAX + 512], text[4096];
	va_list ap;
	int fd, n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* rewritten in place: the watcher keeps the cgroup files open */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, (size_t)n), n);
	close(fd);
}

static void meminfo(long long available_kb)
{
	put("proc/meminfo", "MemTotal:       8000000 kB\nMemFree:        1000000 kB\n"
	    "MemAvailable:   %lld kB\nBuffers:        0 kB\nCached:         100000 kB\n"
	    "SwapTotal:      0 kB\nSwapFree:       0 kB\n", available_kb);
}

static void v1_cgroup(const char *dir, long long limit, long long usage, long long kills)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "sys/fs/cgroup/memory%s/memory.limit_in_bytes", dir);
	put(rel, "%lld\n", limit);
	snprintf(rel, sizeof(rel), "sys/fs/cgroup/memory%s/memory.usage_in_bytes", dir);
	put(rel, "%lld\n", usage);
	snprintf(rel, sizeof(rel), "sys/fs/cgroup/memory%s/memory.stat", dir);
	put(rel, "cache 0\nrss %lld\ntotal_inactive_file %lld\n", usage, 1 * MIB);
	snprintf(rel, sizeof(rel), "sys/fs/cgroup/memory%s/memory.oom_control", dir);
	put(rel, "oom_kill_disable 0\nunder_oom 0\noom_kill %lld\n", kills);
}

static int setup_root(void **state)
{
	(void)state;
	test_tmp_path(root, sizeof(root), "oomtool-watch.XXXXXX");
	assert_non_null(mkdtemp(root));
	meminfo(6000000);
	put("proc/vmstat", "nr_free_pages 1\noom_kill 0\n");
	put("proc/pressure/memory", "some avg10=0.00 avg60=0.00 avg300=0.00 total=1000\n"
	    "full avg10=0.00 avg60=0.00 avg300=0.00 total=500\n");
	put("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
	v1_cgroup("/leaky", 400 * MIB, 100 * MIB, 0);
	v1_cgroup("/leaky/child", 9223372036854771712LL, 50 * MIB, 0);
	v1_cgroup("/calm", 200 * MIB, 20 * MIB, 0);
	v1_cgroup("/calm/inner", 100 * MIB, 10 * MIB, 0);
	v1_cgroup("/system.slice/nginx.service", 9223372036854771712LL, 10 * MIB, 0);
	return 0;
}

static int teardown_root(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static int collect(const char *path, int64_t limit, void *ctx)
{
	char *seen = ctx;

	strcat(seen, path);
	strcat(seen, limit == 400 * MIB ? "=400M " : limit == 200 * MIB ? "=200M " : "=100M ");
	return 0;
}

static void test_hierarchy(void **state)
{
	struct oomt_watch_hierarchy h;
	struct oomt_cgroup_fs *fs;
	char seen[1024] = "", path[256];
	int64_t limit;

	(void)state;
	assert_int_equal(oomt_cgroup_fs_open(root, &fs), 0);
	assert_int_equal(oomt_watch_hierarchy_open(fs, &h), 0);
	oomt_cgroup_fs_free(fs);  /* the walk has a descriptor of its own */
	assert_int_equal(h.version, OOMT_CGROUP_V1);
	assert_int_equal(oomt_watch_hierarchy_walk(&h, collect, seen), 0);
	/* readdir order is the file system's: look for each */
	assert_non_null(strstr(seen, "/leaky=400M "));
	assert_non_null(strstr(seen, "/calm=200M "));
	assert_non_null(strstr(seen, "/calm/inner=100M "));
	assert_null(strstr(seen, "child"));
	assert_null(strstr(seen, "nginx"));
	assert_int_equal(oomt_watch_hierarchy_find_unit(&h, "nginx", path, sizeof(path)), 0);
	assert_string_equal(path, "/system.slice/nginx.service");
	assert_int_equal(oomt_watch_hierarchy_find_unit(&h, "nginx.service", path, sizeof(path)), 0);
	assert_int_equal(oomt_watch_hierarchy_find_unit(&h, "apache2", path, sizeof(path)), -ENOENT);
	assert_int_equal(oomt_watch_hierarchy_own_limit(&h, "/calm", &limit), 0);
	assert_int_equal(limit, 200 * MIB);
	assert_int_equal(oomt_watch_hierarchy_own_limit(&h, "/leaky/child", &limit), 0);
	assert_int_equal(limit, OOMT_UNKNOWN);
	oomt_watch_hierarchy_close(&h);
}

static const struct oomt_watch_scope *scope_named(const struct oomt_watch *w, const char *path)
{
	for (size_t i = 0; i < oomt_watch_scope_count(w); i++)
		if (strcmp(oomt_watch_scope(w, i)->path, path) == 0)
			return oomt_watch_scope(w, i);
	return NULL;
}

/* Every limited cgroup is found; a leak in one (the file rewritten every round) gets an ETA
 * warning with its rate; the calm ones and the host stay quiet; the polled host pressure
 * crosses its threshold; a kill the counter shows and no log does is reported after the
 * grace time. */
static void test_rounds(void **state)
{
	struct oomt_watch_opts o = { .struct_size = sizeof(o), .sysroot = root,
	                             .interval_usec = 100000, .window_usec = 3 * SEC,
	                             .flags = OOMT_WATCH_NO_DETAILS };
	const struct oomt_watch_scope *leaky;
	const struct oomt_watch_event *ev;
	struct oomt_watch *w;
	bool eta = false, pressure = false, kill = false, other = false;
	long long usage = 100 * MIB;

	(void)state;
	assert_int_equal(oomt_watch_new(&o, &w), 0);
	assert_int_equal(oomt_watch_scope_count(w), 4);  /* host, /leaky, /calm, /calm/inner */
	assert_string_equal(oomt_watch_scope(w, 0)->path, "host");
	assert_int_equal(oomt_watch_scope(w, 0)->psi_mode, OOMT_WATCH_PSI_POLLED);
	assert_int_equal(oomt_watch_scope(w, 0)->psi_error, -EOPNOTSUPP);
	leaky = scope_named(w, "/leaky");
	assert_non_null(leaky);
	assert_int_equal(leaky->psi_mode, OOMT_WATCH_PSI_NONE);
	assert_int_equal(scope_named(w, "/calm/inner")->limit_bytes, 100 * MIB);
	assert_int_equal(oomt_watch_kill_source(w, NULL), -EOPNOTSUPP);

	/* 2 s of a leak at 20 MiB per 100 ms round: ~200 MiB/s */
	for (int round = 0; round < 20 && !eta; round++) {
		usage += 20 * MIB;
		v1_cgroup("/leaky", 400 * MIB, usage, 0);
		while (oomt_watch_next(w, 100, &ev) == 0) {
			if (ev->kind == OOMT_WATCH_ETA && strcmp(ev->scope, "/leaky") == 0) {
				if (eta)
					continue;  /* again as it falls further */
				eta = true;
				assert_int_equal(ev->limit_bytes, 400 * MIB);
				assert_int_equal(ev->used_bytes, usage - 1 * MIB);
				assert_true(ev->growth_bytes_per_sec > 150 * MIB &&
				            ev->growth_bytes_per_sec < 250 * MIB);
				assert_true(ev->confidence >= 0.5);
				assert_int_equal(ev->warning, 1);
				assert_true(ev->eta_sec >= 0 && ev->eta_sec < 5);
			} else {
				other = true;
			}
		}
	}
	assert_true(eta);
	assert_false(other);
	leaky = scope_named(w, "/leaky");
	assert_true(leaky->warned);
	assert_true(leaky->samples >= OOMT_TREND_MIN_POINTS);

	/* pressure: 1 s of stall within the next round (threshold 300 ms per 2 s) */
	put("proc/pressure/memory", "some avg10=42.00 avg60=10.00 avg300=2.00 total=2000000\n"
	    "full avg10=0.00 avg60=0.00 avg300=0.00 total=500\n");
	/* a kill the cgroup's counter shows: usage falls back */
	v1_cgroup("/leaky", 400 * MIB, 5 * MIB, 1);
	put("proc/vmstat", "nr_free_pages 1\noom_kill 1\n");
	for (int round = 0; round < 80 && !(pressure && kill); round++) {
		while (oomt_watch_next(w, 100, &ev) == 0) {
			if (ev->kind == OOMT_WATCH_PRESSURE) {
				assert_string_equal(ev->scope, "host");
				assert_true(ev->has_psi);
				assert_true(ev->psi.some.avg10 == 42.0);
				assert_int_equal(ev->psi_mode, OOMT_WATCH_PSI_POLLED);
				pressure = true;
			} else if (ev->kind == OOMT_WATCH_OOM_KILL) {
				/* once, in the cgroup: not again as the host's */
				assert_false(kill);
				assert_string_equal(ev->scope, "/leaky");
				assert_true(ev->has_kill);
				assert_false(ev->kill.logged);
				assert_int_equal(ev->kill.count, 1);
				assert_int_equal(ev->kill.pid, OOMT_UNKNOWN);
				kill = true;
			}
		}
	}
	assert_true(pressure);
	assert_true(kill);
	assert_int_equal(scope_named(w, "/leaky")->oom_kills, 1);
	assert_false(scope_named(w, "/leaky")->warned);
	assert_true(oomt_watch_scope(w, 0)->under_pressure);
	oomt_watch_free(w);
}

static void test_named(void **state)
{
	const char *cgroups[] = { "/calm" }, *units[] = { "nginx" }, *missing[] = { "/nope" };
	struct oomt_watch_opts o = { .struct_size = sizeof(o), .sysroot = root,
	                             .flags = OOMT_WATCH_NO_HOST | OOMT_WATCH_NO_DETAILS,
	                             .cgroups = cgroups, .n_cgroups = 1, .units = units,
	                             .n_units = 1 };
	struct oomt_watch *w;

	(void)state;
	assert_int_equal(oomt_watch_new(&o, &w), 0);
	assert_int_equal(oomt_watch_scope_count(w), 2);
	assert_string_equal(oomt_watch_scope(w, 0)->path, "/calm");
	assert_string_equal(oomt_watch_scope(w, 1)->path, "/system.slice/nginx.service");
	assert_string_equal(oomt_watch_scope(w, 1)->name, "nginx.service");
	/* no limit of its own nor above it: watched, without an ETA */
	assert_int_equal(oomt_watch_scope(w, 1)->limit_bytes, OOMT_UNKNOWN);
	oomt_watch_free(w);
	o.cgroups = missing;
	o.n_units = 0;
	assert_int_equal(oomt_watch_new(&o, &w), -ENOENT);
	o.cgroups = cgroups;
	o.interval_usec = 1000;
	assert_int_equal(oomt_watch_new(&o, &w), -EINVAL);
	o.interval_usec = 0;
	o.struct_size = 8;
	assert_int_equal(oomt_watch_new(&o, &w), -EINVAL);
}

/* A chore (here the state file, written after the first round) is counted, and the wait
 * returns right after it ("none yet"), so that the caller can trim what it left resident;
 * the rounds that follow are no chore until the next state period. */
static void test_chores(void **state)
{
	const char *cgroups[] = { "/calm" };
	char path[PATH_MAX + 32];
	struct oomt_watch_opts o = { .struct_size = sizeof(o), .sysroot = root,
	                             .interval_usec = 100000, .state_path = path,
	                             .flags = OOMT_WATCH_NO_HOST | OOMT_WATCH_NO_DETAILS,
	                             .cgroups = cgroups, .n_cgroups = 1 };
	const struct oomt_watch_event *ev;
	struct oomt_watch *w;
	int r;

	(void)state;
	snprintf(path, sizeof(path), "%s/watch.state", root);
	assert_int_equal(oomt_watch_new(&o, &w), 0);
	assert_int_equal(oomt_watch_chores(w), 0);
	/* no time limit: only the chore ends this wait (a calm cgroup has no event) */
	while ((r = oomt_watch_next(w, -1, &ev)) == 0)
		;
	assert_int_equal(r, 1);
	assert_int_equal(oomt_watch_chores(w), 1);
	assert_int_equal(access(path, F_OK), 0);
	/* the next rounds within the state period: waits that run out, no chore */
	while ((r = oomt_watch_next(w, 250, &ev)) == 0)
		;
	assert_int_equal(r, 1);
	assert_int_equal(oomt_watch_chores(w), 1);
	oomt_watch_free(w);
	assert_int_equal(access(path, F_OK), -1);   /* removed by oomt_watch_free() */
	assert_int_equal(oomt_watch_chores(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trigger_parse),
		cmocka_unit_test(test_trigger_kernel_string),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_decide_eta),
		cmocka_unit_test(test_decide_pressure),
		cmocka_unit_test(test_hook_env),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_hierarchy),
		cmocka_unit_test(test_rounds),
		cmocka_unit_test(test_named),
		cmocka_unit_test(test_chores),
	};
	return cmocka_run_group_tests(tests, setup_root, teardown_root);
}
