/* SPDX-License-Identifier: MIT */
/*
 * One scope's numbers, every interval: how much memory is used, how much is left, the
 * kernel's kill counter; then the trend (trend.c) over the window.
 *
 *   host     used = (MemTotal + SwapTotal) - (MemAvailable + SwapFree): MemAvailable is the
 *            kernel's estimate of what can be had without swapping (page cache and
 *            reclaimable slab counted), swap the room anonymous memory still has. Kills:
 *            /proc/vmstat oom_kill (4.13+), which counts every OOM kill, cgroup ones too.
 *   cgroup   used = usage - inactive file cache (v1 memory.usage_in_bytes minus
 *            memory.stat total_inactive_file; v2 memory.current minus inactive_file): the
 *            cache reclaim drops first, as `docker stats` and the kubelet's working set
 *            discount it. Against the effective limit (the tightest of the cgroup and its
 *            ancestors). Kills: v1 memory.oom_control oom_kill (4.13+), v2 memory.events
 *            oom_kill (which counts the cgroup's descendants too).
 * The cgroup files stay open and are re-read with pread(): three syscalls per cgroup and
 * interval, memory.stat only when usage moved by 256 KiB or 30 s passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/cgroup.h>
#include <oomtool/system-memory.h>
#include "cgroup/parse.h"
#include "watch/watch-internal.h"

#define STAT_REREAD_BYTES (256 * 1024)
#define STAT_REREAD_USEC (30 * 1000000LL)

static bool known(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

static int open_cg_file(const struct oomt_watch_hierarchy *h, const char *path, const char *file)
{
	char rel[PATH_MAX];

	while (*path == '/')
		path++;
	if (snprintf(rel, sizeof(rel), "%s/%s", *path ? path : ".", file) >= (int)sizeof(rel))
		return -1;
	return openat(h->fd, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
}

static struct oomt_watch_scope_int *scope_alloc(const struct oomt_watch *w, const char *path,
                                                const char *name)
{
	struct oomt_watch_scope_int *s = calloc(1, sizeof(*s) + w->ring_points * sizeof(s->ring[0]));

	if (!s)
		return NULL;
	s->path = strdup(path);
	s->name = strdup(name);
	if (!s->path || !s->name) {
		free(s->path);
		free(s->name);
		free(s);
		return NULL;
	}
	s->usage_fd = s->stat_fd = s->events_fd = -1;
	s->psi.fd = -1;
	s->kill_counter = OOMT_UNKNOWN;
	s->inactive_file_bytes = 0;
	s->stat_usage_bytes = OOMT_UNKNOWN;
	s->pub.path = s->path;
	s->pub.name = s->name;
	s->pub.limit_bytes = s->pub.used_bytes = s->pub.available_bytes = OOMT_UNKNOWN;
	s->pub.growth_bytes_per_sec = s->pub.eta_sec = OOMT_UNKNOWN;
	s->pub.confidence = __builtin_nan("");
	return s;
}

static void publish_psi(struct oomt_watch_scope_int *s)
{
	s->pub.psi_mode = s->psi.mode;
	s->pub.psi_error = s->psi.error;
	s->pub.psi_window_rounded = s->psi.rounded;
	s->pub.psi_full = s->psi.used.full;
	s->pub.psi_stall_usec = s->psi.mode ? s->psi.used.stall_usec : OOMT_UNKNOWN;
	s->pub.psi_window_usec = s->psi.mode ? s->psi.used.window_usec : OOMT_UNKNOWN;
}

static const struct oomt_psi_trigger *wanted_pressure(const struct oomt_watch *w)
{
	return w->flags & OOMT_WATCH_NO_PRESSURE ? NULL : &w->pressure;
}

int oomt_watch_scope_open_host(struct oomt_watch *w, struct oomt_watch_scope_int **ret)
{
	struct oomt_watch_scope_int *s = scope_alloc(w, "host", "host");
	char proc[PATH_MAX];
	int dirfd;

	if (!s)
		return -ENOMEM;
	s->host = true;
	s->named = true;
	snprintf(proc, sizeof(proc), "%s/proc", w->sysroot ? w->sysroot : "");
	dirfd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd >= 0) {
		oomt_psi_file_open(&s->psi, dirfd, "pressure/memory", wanted_pressure(w));
		close(dirfd);
	} else if (wanted_pressure(w)) {
		s->psi.error = -errno;
	}
	publish_psi(s);
	*ret = s;
	return 0;
}

int oomt_watch_scope_open_cgroup(struct oomt_watch *w, const char *path, bool named,
                                 struct oomt_watch_scope_int **ret)
{
	const struct oomt_watch_hierarchy *h = &w->hier;
	bool v1 = h->version == OOMT_CGROUP_V1;
	struct oomt_watch_scope_int *s;
	char name[OOMT_WATCH_PATH_MAX];
	int64_t limit = OOMT_UNKNOWN;
	int fd;

	if (strstr(path, ".."))
		return -EINVAL;
	/* the one file every memory cgroup has: is it there? */
	fd = open_cg_file(h, path, v1 ? "memory.usage_in_bytes" : "memory.current");
	if (fd < 0)
		return -errno == 0 ? -ENOENT : -errno;
	s = scope_alloc(w, path, oomt_cgroup_unit_name(path, name, sizeof(name)));
	if (!s) {
		close(fd);
		return -ENOMEM;
	}
	s->named = named;
	s->usage_fd = fd;
	s->stat_fd = open_cg_file(h, path, "memory.stat");
	s->events_fd = open_cg_file(h, path, v1 ? "memory.oom_control" : "memory.events");
	s->pub.cgroup_version = (int)h->version;
	if (oomt_cgroup_effective_limit(w->cgfs, h->version, path, &limit) == 0)
		s->pub.limit_bytes = limit;
	if (v1) {
		s->psi.mode = OOMT_WATCH_PSI_NONE;  /* v1 has no memory.pressure */
	} else {
		char rel[PATH_MAX];
		const char *p = path;

		while (*p == '/')
			p++;
		snprintf(rel, sizeof(rel), "%s/memory.pressure", *p ? p : ".");
		oomt_psi_file_open(&s->psi, h->fd, rel, wanted_pressure(w));
	}
	publish_psi(s);
	*ret = s;
	return 0;
}

void oomt_watch_scope_free(struct oomt_watch_scope_int *s)
{
	if (!s)
		return;
	if (s->usage_fd >= 0)
		close(s->usage_fd);
	if (s->stat_fd >= 0)
		close(s->stat_fd);
	if (s->events_fd >= 0)
		close(s->events_fd);
	oomt_psi_file_close(&s->psi);
	free(s->path);
	free(s->name);
	free(s);
}

void oomt_watch_scope_reset(struct oomt_watch_scope_int *s)
{
	s->head = s->count = 0;
	s->last_push_usec = 0;
	s->have_fit = s->rising = false;
	s->eta = (struct oomt_watch_eta_state){ 0 };
	s->pub.growth_bytes_per_sec = s->pub.eta_sec = OOMT_UNKNOWN;
	s->pub.confidence = __builtin_nan("");
	s->pub.samples = 0;
	s->pub.warned = false;
}

/* pread the whole (small) file at fd into buf; its length, or -errno. */
static ssize_t reread(int fd, char *buf, size_t bufsz)
{
	ssize_t n;

	if (fd < 0)
		return -ENOENT;
	n = pread(fd, buf, bufsz - 1, 0);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

static void push(struct oomt_watch *w, struct oomt_watch_scope_int *s, int64_t now_usec,
                 int64_t used)
{
	size_t cap = w->ring_points;

	if (s->count && now_usec - s->last_push_usec < w->push_every_usec)
		return;
	s->ring[s->head].usec = now_usec;
	s->ring[s->head].used = (double)used;
	s->head = (s->head + 1) % cap;
	if (s->count < cap)
		s->count++;
	s->last_push_usec = now_usec;
}

/* The trend over the ring, published with the ETA it gives. */
static void fit(struct oomt_watch *w, struct oomt_watch_scope_int *s)
{
	size_t cap = w->ring_points, n = s->count, first = (s->head + cap - n) % cap;
	int64_t t_last = s->ring[(s->head + cap - 1) % cap].usec;
	struct oomt_watch_scope *p = &s->pub;

	p->samples = n;
	s->have_fit = false;
	s->rising = false;
	p->growth_bytes_per_sec = p->eta_sec = OOMT_UNKNOWN;
	p->confidence = __builtin_nan("");
	if (n < OOMT_TREND_MIN_POINTS)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t k = (first + i) % cap;

		w->t_sec[i] = (double)(s->ring[k].usec - t_last) / 1e6;
		w->y[i] = s->ring[k].used;
	}
	if (oomt_trend_fit(w->t_sec, w->y, n, w->scratch, OOMT_TREND_SCRATCH(n), &s->fit) < 0)
		return;
	s->have_fit = true;
	p->growth_bytes_per_sec = (int64_t)s->fit.slope;
	p->confidence = s->fit.confidence;
	s->rising = !s->fit.flat && s->fit.slope > 0 && s->fit.confidence >= WATCH_MIN_CONFIDENCE;
	if (s->rising && known(p->available_bytes))
		p->eta_sec = p->available_bytes <= 0 ? 0 :
		             (int64_t)((double)p->available_bytes / s->fit.slope);
}

/* A kill counter read: the kills since the last one become pending. */
static void count_kills(struct oomt_watch_scope_int *s, int64_t counter, int64_t now_usec)
{
	if (!known(counter))
		return;
	if (known(s->kill_counter) && counter > s->kill_counter) {
		int64_t before = s->pending_kills;

		s->pending_kills += counter - s->kill_counter;
		if (before <= 0 && s->pending_kills > 0)
			s->pending_since_usec = now_usec;
	}
	s->kill_counter = counter;
}

static int sample_host(struct oomt_watch *w, struct oomt_watch_scope_int *s, int64_t now_usec)
{
	struct oomt_system_memory m = { .struct_size = sizeof(m) };
	int64_t swap_total, swap_free;
	int r = oomt_system_memory_read(w->sysroot, &m);

	if (r < 0 || !known(m.mem_total_bytes) || !known(m.mem_available_bytes))
		return r < 0 ? r : -ENODATA;
	swap_total = known(m.swap_total_bytes) ? m.swap_total_bytes : 0;
	swap_free = known(m.swap_free_bytes) ? m.swap_free_bytes : 0;
	s->pub.limit_bytes = m.mem_total_bytes + swap_total;
	s->pub.available_bytes = m.mem_available_bytes + swap_free;
	s->pub.used_bytes = s->pub.limit_bytes - s->pub.available_bytes;
	s->swap_total_bytes = swap_total;
	s->swap_free_bytes = swap_free;
	count_kills(s, m.oom_kill_count, now_usec);
	push(w, s, now_usec, s->pub.used_bytes);
	return 0;
}

static int sample_cgroup(struct oomt_watch *w, struct oomt_watch_scope_int *s, int64_t now_usec)
{
	bool v1 = s->pub.cgroup_version == OOMT_CGROUP_V1;
	char buf[4096];
	int64_t usage, v;
	ssize_t n = reread(s->usage_fd, buf, sizeof(buf));

	if (n < 0)
		return (int)n;  /* ENODEV: the cgroup was removed */
	if (oomt_cgroup_parse_limit(buf, (size_t)n, &usage) < 0 || !known(usage))
		return -ENODATA;
	if (!known(s->stat_usage_bytes) || now_usec - s->stat_read_usec >= STAT_REREAD_USEC ||
	    llabs(usage - s->stat_usage_bytes) >= STAT_REREAD_BYTES) {
		n = reread(s->stat_fd, buf, sizeof(buf));
		if (n >= 0 && oomt_cgroup_parse_keyed(buf, (size_t)n, v1 ? "total_inactive_file"
		                                                         : "inactive_file", &v) == 0)
			s->inactive_file_bytes = v;
		s->stat_usage_bytes = usage;
		s->stat_read_usec = now_usec;
	}
	s->pub.used_bytes = usage - s->inactive_file_bytes;
	if (s->pub.used_bytes < 0)
		s->pub.used_bytes = 0;
	s->pub.available_bytes = known(s->pub.limit_bytes) ? s->pub.limit_bytes - s->pub.used_bytes
	                                                   : OOMT_UNKNOWN;
	n = reread(s->events_fd, buf, sizeof(buf));
	if (n >= 0 && oomt_cgroup_parse_keyed(buf, (size_t)n, "oom_kill", &v) == 0)
		count_kills(s, v, now_usec);
	push(w, s, now_usec, s->pub.used_bytes);
	return 0;
}

int oomt_watch_scope_sample(struct oomt_watch *w, struct oomt_watch_scope_int *s,
                            int64_t now_usec)
{
	int r = s->host ? sample_host(w, s, now_usec) : sample_cgroup(w, s, now_usec);

	if (r < 0)
		return r;
	fit(w, s);
	return 0;
}
