/* SPDX-License-Identifier: MIT */
/*
 * The watcher's state for another process (watch.h, "the watcher's state"): the writer,
 * called from the loop, and the reader, for oomtool metrics. The watcher lives in its own
 * process, and an exporter run every minute must not become a second watcher: so the
 * watcher writes what it knows now to a small file in <sysroot>/run/oomtool (a tmpfs: it
 * dies with the boot, as the numbers do), and the exporter reads it when it is fresh.
 *
 * The writer must not allocate in the watcher's steady state: the text is formatted into a
 * buffer that grows only when scopes are added, written to PATH.tmp with write(2) and
 * renamed over PATH (atomic for a reader; no fsync: a tmpfs, and the file is rewritten
 * every period anyway).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "util/file.h"
#include "util/token.h"
#include "watch/watch-internal.h"

#define STATE_MAGIC "oomtool-watch-state 1"
#define STATE_MAX_BYTES (1024 * 1024)
#define STATE_SCOPE_MAX 4096          /* one scope line at most */
#define STATE_SCOPES_MAX 8192

static int64_t wall_now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- the writer ---- */

static int put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap - *len)
		return -ENOSPC;
	*len += (size_t)n;
	return 0;
}

static int put_num(char *buf, size_t cap, size_t *len, int64_t v)
{
	return v == OOMT_UNKNOWN ? put(buf, cap, len, " -")
	                         : put(buf, cap, len, " %lld", (long long)v);
}

static int put_word(char *buf, size_t cap, size_t *len, const char *s)
{
	int n;

	if (*len + 1 >= cap)
		return -ENOSPC;
	buf[(*len)++] = ' ';
	n = oomt_token_format(buf + *len, cap - *len, s);
	if (n < 0)
		return n;
	*len += (size_t)n;
	return 0;
}

/* x rounded half away from zero, as llround() does (|x| < 2^52: the difference to the value
 * truncated is exact). Not libm's: the state is written every few seconds, and that one
 * call would keep pages of libm in the watcher's resident set. */
static int64_t round_half_away(double x)
{
	int64_t i = (int64_t)x;
	double frac = x - (double)i;

	if (frac >= 0.5)
		i++;
	else if (frac <= -0.5)
		i--;
	return i;
}

static int format_scope(char *buf, size_t cap, size_t *len, const struct oomt_watch_scope *sc)
{
	int64_t conf = isnan(sc->confidence) ? OOMT_UNKNOWN
	                                     : round_half_away(sc->confidence * 1000.0);
	int r = put(buf, cap, len, "scope %d", sc->cgroup_version);

	if (r == 0)
		r = put_num(buf, cap, len, sc->limit_bytes);
	if (r == 0)
		r = put_num(buf, cap, len, sc->used_bytes);
	if (r == 0)
		r = put_num(buf, cap, len, sc->available_bytes);
	if (r == 0)
		r = put_num(buf, cap, len, sc->growth_bytes_per_sec);
	if (r == 0)
		r = put_num(buf, cap, len, sc->eta_sec);
	if (r == 0)
		r = put_num(buf, cap, len, conf);
	if (r == 0)
		r = put(buf, cap, len, " %d %d", sc->warned, sc->under_pressure);
	if (r == 0)
		r = put_word(buf, cap, len, sc->path);
	if (r == 0)
		r = put_word(buf, cap, len, sc->name);
	if (r == 0)
		r = put(buf, cap, len, "\n");
	return r;
}

static int write_all_fd(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t k = write(fd, p, len);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

int oomt_watch_state_write(struct oomt_watch *w, int64_t now_usec)
{
	size_t need = 256 + w->n_scopes * 512, len = 0;
	char tmp[PATH_MAX + 8];
	int fd, r;

	if (!w->state_path)
		return 0;
	if (now_usec < w->next_state_usec)
		return 0;
	w->next_state_usec = now_usec + w->state_period_usec;
	if (w->state_cap < need) {
		/* grows with the scopes only: the steady state does not allocate */
		char *b = realloc(w->state_buf, need);

		if (!b)
			return -ENOMEM;
		w->state_buf = b;
		w->state_cap = need;
	}
	r = put(w->state_buf, w->state_cap, &len, STATE_MAGIC "\nupdated %lld %lld %lld\n",
	        (long long)wall_now_usec(), (long long)w->state_period_usec, (long long)getpid());
	for (size_t i = 0; r == 0 && i < w->n_scopes; i++) {
		size_t before = len;

		/* a scope too long for its share (a path of kilobytes) is left out, not the file */
		if (format_scope(w->state_buf, w->state_cap, &len, &w->scopes[i]->pub) < 0)
			len = before;
	}
	if (r == 0)
		r = put(w->state_buf, w->state_cap, &len, "end\n");
	if (r < 0)
		return r;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", w->state_path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 && errno == ENOENT) {
		/* <run>/oomtool made on first use */
		char dir[PATH_MAX], *slash;

		snprintf(dir, sizeof(dir), "%s", w->state_path);
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			(void)mkdir(dir, 0755);
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	}
	if (fd < 0)
		return -errno;
	r = write_all_fd(fd, w->state_buf, len);
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, w->state_path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r < 0 ? r : 1;
}

void oomt_watch_state_remove(struct oomt_watch *w)
{
	if (w->state_path)
		unlink(w->state_path);
	free(w->state_buf);
	free(w->state_path);
	w->state_buf = NULL;
	w->state_path = NULL;
}

/* ---- the reader ---- */

struct state_priv {
	struct oomt_watch_state pub;
	struct oomt_watch_state_scope *scopes;
	size_t cap;
};

void oomt_watch_state_free(struct oomt_watch_state *st)
{
	struct state_priv *p = (struct state_priv *)st;

	if (!p)
		return;
	for (size_t i = 0; i < p->pub.n_scopes; i++) {
		free((char *)p->scopes[i].scope);
		free((char *)p->scopes[i].name);
	}
	free(p->scopes);
	free(p);
}

static int parse_scope(struct state_priv *p, const char *q, const char *end)
{
	struct oomt_watch_state_scope sc = { 0 };
	int64_t version, conf, warned, pressure;
	char *scope = NULL, *name = NULL;
	int r;

	if (p->pub.n_scopes >= STATE_SCOPES_MAX)
		return -EINVAL;
	r = oomt_token_get_int(&q, end, false, -1, &version);
	if (r == 0)
		r = oomt_token_get_int(&q, end, true, OOMT_UNKNOWN, &sc.limit_bytes);
	if (r == 0)
		r = oomt_token_get_int(&q, end, true, OOMT_UNKNOWN, &sc.used_bytes);
	if (r == 0)
		r = oomt_token_get_int(&q, end, true, OOMT_UNKNOWN, &sc.available_bytes);
	if (r == 0)
		r = oomt_token_get_int(&q, end, true, OOMT_UNKNOWN, &sc.growth_bytes_per_sec);
	if (r == 0)
		r = oomt_token_get_int(&q, end, true, OOMT_UNKNOWN, &sc.eta_sec);
	if (r == 0)
		r = oomt_token_get_int(&q, end, false, OOMT_UNKNOWN, &conf);
	if (r == 0)
		r = oomt_token_get_int(&q, end, false, -1, &warned);
	if (r == 0)
		r = oomt_token_get_int(&q, end, false, -1, &pressure);
	if (r < 0 || version < 0 || version > 2 || warned < 0 || warned > 1 || pressure < 0 ||
	    pressure > 1 ||
	    (conf != OOMT_UNKNOWN && conf > 1000))
		return -EINVAL;
	scope = malloc(STATE_SCOPE_MAX);
	name = malloc(STATE_SCOPE_MAX);
	if (!scope || !name) {
		free(scope);
		free(name);
		return -ENOMEM;
	}
	r = oomt_token_get(&q, end, scope, STATE_SCOPE_MAX);
	if (r == 0)
		r = oomt_token_get(&q, end, name, STATE_SCOPE_MAX);
	if (r < 0 || !scope[0] || !oomt_token_end(q, end)) {
		free(scope);
		free(name);
		return -EINVAL;
	}
	sc.cgroup_version = (int)version;
	sc.confidence = conf == OOMT_UNKNOWN ? NAN : (double)conf / 1000.0;
	sc.warned = warned == 1;
	sc.under_pressure = pressure == 1;
	if (p->pub.n_scopes == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		struct oomt_watch_state_scope *v = realloc(p->scopes, cap * sizeof(*v));

		if (!v) {
			free(scope);
			free(name);
			return -ENOMEM;
		}
		p->scopes = v;
		p->cap = cap;
	}
	sc.scope = scope;
	sc.name = name;
	p->scopes[p->pub.n_scopes++] = sc;
	return 0;
}

int oomt_watch_state_parse(const char *buf, size_t len, struct oomt_watch_state **ret)
{
	const char *p = buf, *end = buf + len;
	struct state_priv *st;
	bool updated = false, ended = false;
	int r = 0;

	if (!buf || !ret)
		return -EINVAL;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	for (unsigned line = 0; p < end && r == 0; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q = p;
		char word[16];

		if (!nl || ended) {
			r = -EINVAL;    /* a line without its newline (cut), or after end */
			break;
		}
		if (line == 0) {
			if ((size_t)(nl - p) != strlen(STATE_MAGIC) || memcmp(p, STATE_MAGIC, (size_t)(nl - p)))
				r = -EINVAL;
		} else if ((r = oomt_token_get(&q, nl, word, sizeof(word))) == 0) {
			if (strcmp(word, "updated") == 0 && line == 1) {
				r = oomt_token_get_int(&q, nl, false, -1, &st->pub.updated_usec);
				if (r == 0)
					r = oomt_token_get_int(&q, nl, false, -1, &st->pub.period_usec);
				if (r == 0)
					r = oomt_token_get_int(&q, nl, false, -1, &st->pub.pid);
				if (r == 0 && (!oomt_token_end(q, nl) || st->pub.updated_usec < 0 ||
				               st->pub.period_usec <= 0 || st->pub.pid <= 0))
					r = -EINVAL;
				updated = true;
			} else if (strcmp(word, "scope") == 0 && updated) {
				r = parse_scope(st, q, nl);
			} else if (strcmp(word, "end") == 0 && updated && oomt_token_end(q, nl)) {
				ended = true;
			} else {
				r = -EINVAL;
			}
		}
		p = nl + 1;
	}
	if (r == 0 && !ended)
		r = -EINVAL;
	if (r < 0) {
		st->pub.scopes = st->scopes;
		oomt_watch_state_free(&st->pub);
		return r;
	}
	st->pub.scopes = st->scopes;
	*ret = &st->pub;
	return 0;
}

int oomt_watch_state_read(const char *path, struct oomt_watch_state **ret)
{
	char *buf = NULL;
	size_t len = 0;
	int r;

	if (!path || !ret)
		return -EINVAL;
	r = oomt_file_read_all(path, STATE_MAX_BYTES, &buf, &len);
	if (r < 0)
		return r;
	r = oomt_watch_state_parse(buf, len, ret);
	free(buf);
	return r;
}

bool oomt_watch_state_fresh(const struct oomt_watch_state *st, int64_t now_usec)
{
	int64_t age;

	if (!st)
		return false;
	age = now_usec - st->updated_usec;
	return age >= -5000000 && age <= 3 * st->period_usec + 5000000;
}
