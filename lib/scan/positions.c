/* SPDX-License-Identifier: MIT */
/*
 * A set of positions (scan.h, "resuming"): where each source stopped, and the incidents
 * delivered last, with their text form. One line each, words as lib/util/token.h writes
 * them:
 *   pos begin SAVED_USEC
 *   pos file DEV INO OFFSET SIZE MTIME_SEC FINGERPRINT WHOLE NAME
 *   pos kmsg BOOT_ID SEQ NAME
 *   pos journal CURSOR0 INCLUSIVE0 CURSOR1 INCLUSIVE1 NAME
 *   pos jfile DEV INO N_ENTRIES TAIL_SEQNUM NAME       (the journal NAME's files then)
 *   pos seen KILLER KIND VICTIM_PID TRIGGER_PID FAILCNT UPTIME_USEC TIME_USEC BOOT_ID HOST
 *            [CGROUP CUT]
 * FINGERPRINT is 16 hex digits, WHOLE, INCLUSIVEn and CUT 0 or 1, KILLER and KIND the
 * numbers of enum oomt_killer and enum oomt_kind, unknown numbers "-". CGROUP and CUT come
 * only with a systemd-oomd kill that names its cgroup (CUT 1: the log cut the path), which
 * is recognised by it; a line of an earlier version has none. The parser accepts exactly
 * what the writer makes: a line it cannot read is an error, never a guess.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "scan/scan-internal.h"
#include "event/event-internal.h"
#include "util/token.h"

int oomt_scan_positions_new(struct oomt_scan_positions **ret)
{
	struct oomt_scan_positions *p;

	if (!ret)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	*ret = p;
	return 0;
}

void oomt_scan_pos_entry_done(struct oomt_scan_pos_entry *e)
{
	free(e->name);
	oomt_scan_jfiles_free(e->jfiles, e->n_jfiles);
	e->name = NULL;
	e->jfiles = NULL;
	e->n_jfiles = e->cap_jfiles = 0;
}

void oomt_scan_positions_free(struct oomt_scan_positions *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		oomt_scan_pos_entry_done(&p->v[i]);
	free(p->v);
	free(p->seen);
	free(p);
}

size_t oomt_scan_positions_count(const struct oomt_scan_positions *p)
{
	return p ? p->n : 0;
}

struct oomt_scan_pos_entry *oomt_scan_positions_add(struct oomt_scan_positions *p,
                                                    enum oomt_scan_source_kind kind,
                                                    const char *name)
{
	struct oomt_scan_pos_entry *e;
	char *copy;

	if (p->n >= OOMT_SCAN_POS_MAX)
		return NULL;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;

		e = realloc(p->v, cap * sizeof(*e));
		if (!e)
			return NULL;
		p->v = e;
		p->cap = cap;
	}
	copy = strdup(name);
	if (!copy)
		return NULL;
	e = &p->v[p->n++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->name = copy;
	return e;
}

int oomt_scan_positions_add_seen(struct oomt_scan_positions *p, const struct oomt_scan_seen *e)
{
	if (p->n_seen >= OOMT_SCAN_SEEN_MAX)
		return -E2BIG;
	if (p->n_seen == p->cap_seen) {
		size_t cap = p->cap_seen ? p->cap_seen * 2 : 16;
		struct oomt_scan_seen *v = realloc(p->seen, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		p->seen = v;
		p->cap_seen = cap;
	}
	p->seen[p->n_seen++] = *e;
	return 0;
}

struct oomt_scan_pos_entry *oomt_scan_positions_find(const struct oomt_scan_positions *p,
                                                     enum oomt_scan_source_kind kind,
                                                     const char *name)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (p->v[i].kind == kind && strcmp(p->v[i].name, name) == 0)
			return &p->v[i];
	return NULL;
}

struct oomt_scan_pos_entry *oomt_scan_positions_find_file(const struct oomt_scan_positions *p,
                                                          uint64_t dev, uint64_t ino)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (p->v[i].kind == OOMT_SCAN_SOURCE_FILE && p->v[i].dev == dev && p->v[i].ino == ino)
			return &p->v[i];
	return NULL;
}

/* seen_to_event() copies a seen incident's host and boot ID whole */
#define FITS(m) (sizeof(((struct oomt_event *)0)->m) >= sizeof(((struct oomt_scan_seen *)0)->m))
_Static_assert(FITS(host) && FITS(boot_id), "an event holds a seen incident's strings");
#undef FITS

void oomt_scan_seen_from_event(struct oomt_scan_seen *e, const struct oomt_event *ev)
{
	memset(e, 0, sizeof(*e));
	e->killer = ev->killer;
	e->kind = ev->kind;
	e->victim_pid = ev->victim.pid;
	e->trigger_pid = ev->trigger.pid;
	e->failcnt = ev->memcg.memory.failcnt;
	e->uptime_usec = ev->uptime_usec;
	e->time_usec = ev->time_usec;
	snprintf(e->boot_id, sizeof(e->boot_id), "%s", ev->boot_id);
	/* a host name longer than this (an FQDN of 70 bytes) compares by its start */
	snprintf(e->host, sizeof(e->host), "%.*s", (int)sizeof(e->host) - 1, ev->host);
	/* an oomd kill is known by its cgroup, not by a pid (oomt_event_same) */
	if (ev->killer == OOMT_KILLER_SYSTEMD_OOMD && ev->task_memcg[0]) {
		memcpy(e->task_memcg, ev->task_memcg, sizeof(e->task_memcg));
		e->task_memcg_cut = ev->cut & OOMT_CUT_TASK_MEMCG;
	}
}

/* The incident e stands for, as much of it as oomt_event_same() looks at, into ev, which
 * oomt_event_init() made and only this function wrote since: it sets the same fields each
 * time, so one event serves every comparison without being initialised again (13 KiB). */
static void seen_to_event(const struct oomt_scan_seen *e, struct oomt_event *ev)
{
	ev->killer = e->killer;
	ev->kind = e->kind;
	ev->victim.pid = e->victim_pid;
	ev->trigger.pid = e->trigger_pid;
	ev->memcg.memory.failcnt = e->failcnt;
	ev->uptime_usec = e->uptime_usec;
	ev->time_usec = e->time_usec;
	memcpy(ev->boot_id, e->boot_id, sizeof(e->boot_id));
	memcpy(ev->host, e->host, sizeof(e->host));
	memcpy(ev->task_memcg, e->task_memcg, strlen(e->task_memcg) + 1);
	ev->cut = e->task_memcg_cut ? OOMT_CUT_TASK_MEMCG : 0;
}

bool oomt_scan_positions_saw(const struct oomt_scan_positions *p, const struct oomt_event *ev)
{
	struct oomt_event *tmp;
	bool same = false;

	if (!p || p->n_seen == 0)
		return false;
	tmp = malloc(sizeof(*tmp));
	if (!tmp)
		return false;
	oomt_event_init(tmp);
	for (size_t i = 0; i < p->n_seen && !same; i++) {
		seen_to_event(&p->seen[i], tmp);
		same = oomt_event_same(tmp, ev);
	}
	free(tmp);
	return same;
}

/* ---- the text form ---- */

static void put_int(FILE *out, int64_t v)
{
	if (v == OOMT_UNKNOWN)
		fputs(" -", out);
	else
		fprintf(out, " %lld", (long long)v);
}

static void put_word(FILE *out, const char *s)
{
	fputc(' ', out);
	oomt_token_put(out, s);
}

int oomt_scan_positions_write(const struct oomt_scan_positions *p, FILE *out)
{
	if (!p || !out)
		return -EINVAL;
	fprintf(out, "pos begin %lld\n", (long long)p->saved_usec);
	for (size_t i = 0; i < p->n; i++) {
		const struct oomt_scan_pos_entry *e = &p->v[i];

		switch (e->kind) {
		case OOMT_SCAN_SOURCE_FILE:
			fprintf(out, "pos file %llu %llu %llu %llu %lld %016llx %d",
			        (unsigned long long)e->dev, (unsigned long long)e->ino,
			        (unsigned long long)e->pos.offset, (unsigned long long)e->size,
			        (long long)e->mtime_sec, (unsigned long long)e->fingerprint, e->whole);
			break;
		case OOMT_SCAN_SOURCE_KMSG:
			fputs("pos kmsg", out);
			put_word(out, e->boot_id);
			fprintf(out, " %llu", (unsigned long long)e->pos.seq);
			break;
		case OOMT_SCAN_SOURCE_JOURNAL:
			fputs("pos journal", out);
			for (int k = 0; k < 2; k++) {
				put_word(out, e->pos.cursor[k]);
				fprintf(out, " %d", e->pos.cursor_inclusive[k]);
			}
			break;
		}
		put_word(out, e->name);
		fputc('\n', out);
		for (size_t k = 0; k < e->n_jfiles; k++) {
			const struct oomt_scan_jfile *f = &e->jfiles[k];

			fprintf(out, "pos jfile %llu %llu %llu %llu", (unsigned long long)f->dev,
			        (unsigned long long)f->ino, (unsigned long long)f->n_entries,
			        (unsigned long long)f->tail_seqnum);
			put_word(out, e->name);
			fputc('\n', out);
		}
	}
	for (size_t i = 0; i < p->n_seen; i++) {
		const struct oomt_scan_seen *e = &p->seen[i];

		fprintf(out, "pos seen %d %d", (int)e->killer, (int)e->kind);
		put_int(out, e->victim_pid);
		put_int(out, e->trigger_pid);
		put_int(out, e->failcnt);
		put_int(out, e->uptime_usec);
		put_int(out, e->time_usec);
		put_word(out, e->boot_id);
		put_word(out, e->host);
		if (e->task_memcg[0]) {
			put_word(out, e->task_memcg);
			fprintf(out, " %d", e->task_memcg_cut);
		}
		fputc('\n', out);
	}
	return ferror(out) ? -EIO : 0;
}

/* A word that must be one of the given literal words. */
static int expect_word(const char **p, const char *end, const char *want)
{
	char w[16];
	int r = oomt_token_get(p, end, w, sizeof(w));

	return r < 0 || strcmp(w, want) != 0 ? -EINVAL : 0;
}

static int get_flag(const char **p, const char *end, bool *ret)
{
	int64_t v;
	int r = oomt_token_get_int(p, end, false, -1, &v);

	if (r < 0 || (v != 0 && v != 1))
		return -EINVAL;
	*ret = v == 1;
	return 0;
}

/* A journal cursor: "s=...;i=...;..." in the characters sd-journal writes. */
static bool cursor_ok(const char *c)
{
	for (; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      *c == '=' || *c == ';' || *c == '-' || *c == '_'))
			return false;
	return true;
}

/* A boot ID: 32 hex digits, with or without the dashes /proc writes; or "". */
static bool boot_id_ok(const char *b)
{
	size_t hex = 0;

	for (; *b; b++) {
		if ((*b >= '0' && *b <= '9') || (*b >= 'a' && *b <= 'f'))
			hex++;
		else if (*b != '-')
			return false;
	}
	return hex == 0 || hex == 32;
}

static int parse_entry(struct oomt_scan_positions *p, const char *kind, const char **q,
                       const char *end)
{
	struct oomt_scan_pos_entry tmp = { 0 };
	char name[4096];
	uint64_t u[5];
	int64_t mtime;
	int r = 0;

	if (strcmp(kind, "file") == 0) {
		tmp.kind = OOMT_SCAN_SOURCE_FILE;
		for (int i = 0; i < 4 && r == 0; i++)
			r = oomt_token_get_u64(q, end, false, &u[i]);
		if (r == 0)
			r = oomt_token_get_int(q, end, true, OOMT_UNKNOWN, &mtime);
		if (r == 0)
			r = oomt_token_get_u64(q, end, true, &u[4]);
		if (r == 0)
			r = get_flag(q, end, &tmp.whole);
		if (r < 0 || mtime == OOMT_UNKNOWN)
			return -EINVAL;
		tmp.dev = u[0];
		tmp.ino = u[1];
		tmp.pos.offset = u[2];
		tmp.size = u[3];
		tmp.mtime_sec = mtime;
		tmp.fingerprint = u[4];
		if (tmp.pos.offset > tmp.size && !tmp.whole)
			return -EINVAL;
	} else if (strcmp(kind, "kmsg") == 0) {
		tmp.kind = OOMT_SCAN_SOURCE_KMSG;
		r = oomt_token_get(q, end, tmp.boot_id, sizeof(tmp.boot_id));
		if (r == 0)
			r = oomt_token_get_u64(q, end, false, &tmp.pos.seq);
		if (r < 0 || !boot_id_ok(tmp.boot_id))
			return -EINVAL;
	} else if (strcmp(kind, "journal") == 0) {
		tmp.kind = OOMT_SCAN_SOURCE_JOURNAL;
		for (int k = 0; k < 2 && r == 0; k++) {
			r = oomt_token_get(q, end, tmp.pos.cursor[k], sizeof(tmp.pos.cursor[k]));
			if (r == 0)
				r = get_flag(q, end, &tmp.pos.cursor_inclusive[k]);
			if (r == 0 && !cursor_ok(tmp.pos.cursor[k]))
				r = -EINVAL;
		}
		if (r < 0)
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	r = oomt_token_get(q, end, name, sizeof(name));
	if (r < 0 || !name[0] || !oomt_token_end(*q, end))
		return -EINVAL;
	if (oomt_scan_positions_find(p, tmp.kind, name))
		return -EINVAL;         /* one position per source */
	{
		struct oomt_scan_pos_entry *e = oomt_scan_positions_add(p, tmp.kind, name);
		char *keep;

		if (!e)
			return p->n >= OOMT_SCAN_POS_MAX ? -E2BIG : -ENOMEM;
		keep = e->name;
		*e = tmp;
		e->name = keep;
	}
	return 0;
}

/* A journal file of the journal named at the end of the line, which came before. */
static int parse_jfile(struct oomt_scan_positions *p, const char **q, const char *end)
{
	struct oomt_scan_jfile f = { 0 }, *v;
	struct oomt_scan_pos_entry *e;
	uint64_t *nums[] = { &f.dev, &f.ino, &f.n_entries, &f.tail_seqnum };
	char name[4096];

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (oomt_token_get_u64(q, end, false, nums[i]) < 0)
			return -EINVAL;
	if (oomt_token_get(q, end, name, sizeof(name)) < 0 || !oomt_token_end(*q, end))
		return -EINVAL;
	e = oomt_scan_positions_find(p, OOMT_SCAN_SOURCE_JOURNAL, name);
	if (!e || e->n_jfiles >= OOMT_SCAN_JFILES_MAX)
		return -EINVAL;
	/* in the order the writer keeps: by device and inode, each once */
	if (e->n_jfiles) {
		const struct oomt_scan_jfile *last = &e->jfiles[e->n_jfiles - 1];

		if (f.dev < last->dev || (f.dev == last->dev && f.ino <= last->ino))
			return -EINVAL;
	}
	if (e->n_jfiles == e->cap_jfiles) {
		size_t cap = e->cap_jfiles ? e->cap_jfiles * 2 : 16;

		v = realloc(e->jfiles, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		e->jfiles = v;
		e->cap_jfiles = cap;
	}
	e->jfiles[e->n_jfiles++] = f;
	return 0;
}

static int parse_seen(struct oomt_scan_positions *p, const char **q, const char *end)
{
	struct oomt_scan_seen e = { 0 };
	int64_t killer, kind;
	int64_t *nums[] = { &e.victim_pid, &e.trigger_pid, &e.failcnt, &e.uptime_usec,
	                    &e.time_usec };
	int r;

	r = oomt_token_get_int(q, end, false, -1, &killer);
	if (r == 0)
		r = oomt_token_get_int(q, end, false, -1, &kind);
	/* the enums' numbers, not only today's: a killer a later library knows must not make
	 * the positions look damaged (they are only compared) */
	if (r < 0 || killer < 0 || killer > 255 || kind < 0 || kind > 255)
		return -EINVAL;
	e.killer = (enum oomt_killer)killer;
	e.kind = (enum oomt_kind)kind;
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]) && r == 0; i++)
		r = oomt_token_get_int(q, end, true, OOMT_UNKNOWN, nums[i]);
	if (r == 0)
		r = oomt_token_get(q, end, e.boot_id, sizeof(e.boot_id));
	if (r == 0)
		r = oomt_token_get(q, end, e.host, sizeof(e.host));
	/* a systemd-oomd kill's cgroup, and whether it was cut: both or neither */
	if (r == 0 && !oomt_token_end(*q, end)) {
		r = oomt_token_get(q, end, e.task_memcg, sizeof(e.task_memcg));
		if (r == 0)
			r = get_flag(q, end, &e.task_memcg_cut);
		if (r == 0 && !e.task_memcg[0])
			r = -EINVAL;
	}
	if (r < 0 || !oomt_token_end(*q, end) || !boot_id_ok(e.boot_id))
		return -EINVAL;
	return oomt_scan_positions_add_seen(p, &e);
}

int oomt_scan_positions_parse_line(struct oomt_scan_positions *p, const char *line, size_t len)
{
	const char *q = line, *end = line + len;
	char kind[16];
	int r;

	if (!p || !line)
		return -EINVAL;
	if (memchr(line, '\n', len) || memchr(line, '\0', len))
		return -EINVAL;
	if (expect_word(&q, end, "pos") < 0 || oomt_token_get(&q, end, kind, sizeof(kind)) < 0)
		return -EINVAL;
	if (strcmp(kind, "begin") == 0) {
		int64_t usec;

		if (p->loaded)
			return -EINVAL;     /* one begin line */
		r = oomt_token_get_int(&q, end, false, -1, &usec);
		if (r < 0 || usec < 0 || !oomt_token_end(q, end))
			return -EINVAL;
		p->loaded = true;
		p->saved_usec = usec;
		return 0;
	}
	if (!p->loaded)
		return -EINVAL;         /* begin comes first */
	if (strcmp(kind, "seen") == 0)
		return parse_seen(p, &q, end);
	if (strcmp(kind, "jfile") == 0)
		return parse_jfile(p, &q, end);
	return parse_entry(p, kind, &q, end);
}
