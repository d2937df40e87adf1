/* SPDX-License-Identifier: MIT */
/*
 * The metrics state file (oomtool-metrics(8), FILES): where each log was read up to, and
 * this boot's counts, so that the next run reads only what is new. Lines of words as
 * lib/util/token.h writes them:
 *   oomtool-metrics-state 1
 *   machine MACHINE_ID
 *   boot BOOT_ID BOOT_TIME_USEC
 *   saved SAVED_USEC
 *   kills KILLER SCOPE COUNT                      per killer and scope, this boot
 *   workload KIND KILLS LAST_USEC LABELLED NAME   per workload, this boot
 *   dropped COUNT                                 kills of workloads past the 256 kept
 *   accounting LOGGED SUPPRESSED UNATTRIBUTED     this boot
 *   last TIME_USEC KILLER SCOPE VICTIM KIND WORKLOAD   the last kill, any boot
 *   pos ...                                       the scan's positions (oomtool/scan.h)
 *   end CHECKSUM                                  FNV-1a 64 of every byte before this line
 * The file is trusted only whole: the parser refuses anything the writer would not write,
 * and the checksum catches a file cut or edited. A counter of another boot is never added
 * to this one's (the caller compares the boot).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "metrics/metrics-internal.h"
#include "util/token.h"

#define STATE_MAGIC "oomtool-metrics-state"
#define STATE_VERSION 1

/* A killer, a scope or a workload kind: the library's names ("kernel", "systemd-oomd",
 * "memcg", "unit"), lower-case letters, digits and '-'. Not a fixed list: a name a later
 * version of the library gives (a new killer) must not make every state look damaged. */
static bool name_word_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

void oomt_metrics_state_init(struct oomt_metrics_state_data *d)
{
	memset(d, 0, sizeof(*d));
	d->boot_time_usec = OOMT_UNKNOWN;
}

void oomt_metrics_state_done(struct oomt_metrics_state_data *d)
{
	free(d->workloads);
	oomt_scan_positions_free(d->pos);
	oomt_metrics_state_init(d);
}

void oomt_metrics_state_new_boot(struct oomt_metrics_state_data *d)
{
	d->n_kills = 0;
	memset(d->kills, 0, sizeof(d->kills));
	d->n_workloads = 0;
	d->workloads_dropped = 0;
	d->logged_kills = d->suppressed_headers = d->unattributed_kills = 0;
}

static struct oomt_metrics_kills *kills_slot(struct oomt_metrics_state_data *d,
                                             const char *killer, const char *scope, bool add)
{
	for (size_t i = 0; i < d->n_kills; i++)
		if (strcmp(d->kills[i].killer, killer) == 0 && strcmp(d->kills[i].scope, scope) == 0)
			return &d->kills[i];
	if (!add || d->n_kills == METRICS_KILL_KEYS)
		return NULL;
	snprintf(d->kills[d->n_kills].killer, sizeof(d->kills[0].killer), "%s", killer);
	snprintf(d->kills[d->n_kills].scope, sizeof(d->kills[0].scope), "%s", scope);
	d->kills[d->n_kills].count = 0;
	return &d->kills[d->n_kills++];
}

static struct oomt_metrics_workload *workload_slot(struct oomt_metrics_state_data *d,
                                                   const char *kind, const char *name,
                                                   bool add)
{
	struct oomt_metrics_workload *w;

	for (size_t i = 0; i < d->n_workloads; i++)
		if (strcmp(d->workloads[i].kind, kind) == 0 && strcmp(d->workloads[i].name, name) == 0)
			return &d->workloads[i];
	if (!add || d->n_workloads == METRICS_WORKLOADS_KEEP)
		return NULL;
	if (d->n_workloads == d->cap_workloads) {
		size_t cap = d->cap_workloads ? d->cap_workloads * 2 : 16;

		w = realloc(d->workloads, cap * sizeof(*w));
		if (!w)
			return NULL;
		d->workloads = w;
		d->cap_workloads = cap;
	}
	w = &d->workloads[d->n_workloads++];
	memset(w, 0, sizeof(*w));
	snprintf(w->kind, sizeof(w->kind), "%s", kind);
	snprintf(w->name, sizeof(w->name), "%s", name);
	w->last_usec = OOMT_UNKNOWN;
	return w;
}

int oomt_metrics_state_count(struct oomt_metrics_state_data *d, const char *killer,
                             const char *scope, const char *wkind, const char *workload,
                             int64_t time_usec)
{
	struct oomt_metrics_kills *k = kills_slot(d, killer, scope, true);
	struct oomt_metrics_workload *w;

	if (k)
		k->count++;
	w = workload_slot(d, wkind, workload, true);
	if (!w) {
		if (d->n_workloads < METRICS_WORKLOADS_KEEP)
			return -ENOMEM;
		d->workloads_dropped++;
		return 0;
	}
	w->kills++;
	if (time_usec != OOMT_UNKNOWN && (w->last_usec == OOMT_UNKNOWN || time_usec > w->last_usec))
		w->last_usec = time_usec;
	return 0;
}

/* The most killed first, then the latest, then by name. */
static int cmp_workload(const void *x, const void *y)
{
	const struct oomt_metrics_workload *a = *(const struct oomt_metrics_workload *const *)x;
	const struct oomt_metrics_workload *b = *(const struct oomt_metrics_workload *const *)y;
	int c;

	if (a->kills != b->kills)
		return a->kills > b->kills ? -1 : 1;
	if (a->last_usec != b->last_usec)
		return a->last_usec > b->last_usec ? -1 : 1;
	c = strcmp(a->kind, b->kind);
	return c ? c : strcmp(a->name, b->name);
}

void oomt_metrics_state_label(struct oomt_metrics_state_data *d, size_t max_labelled)
{
	struct oomt_metrics_workload *order[METRICS_WORKLOADS_KEEP];
	size_t labelled = 0, n = 0;

	for (size_t i = 0; i < d->n_workloads; i++) {
		if (d->workloads[i].labelled)
			labelled++;
		else
			order[n++] = &d->workloads[i];
	}
	qsort(order, n, sizeof(order[0]), cmp_workload);
	for (size_t i = 0; i < n && labelled < max_labelled; i++, labelled++)
		order[i]->labelled = true;
}

/* ---- the writer ---- */

static void word(FILE *f, const char *s)
{
	fputc(' ', f);
	oomt_token_put(f, s);
}

static void num(FILE *f, int64_t v)
{
	if (v == OOMT_UNKNOWN)
		fputs(" -", f);
	else
		fprintf(f, " %" PRId64, v);
}

int oomt_metrics_state_write(const struct oomt_metrics_state_data *d,
                             const struct oomt_scan_positions *positions, FILE *out)
{
	char *body = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);
	int r = 0;

	if (!f)
		return -ENOMEM;
	fprintf(f, "%s %d\nmachine", STATE_MAGIC, STATE_VERSION);
	word(f, d->machine_id);
	fputs("\nboot", f);
	word(f, d->boot_id);
	num(f, d->boot_time_usec);
	fprintf(f, "\nsaved %" PRId64 "\n", d->saved_usec);
	for (size_t i = 0; i < d->n_kills; i++) {
		fputs("kills", f);
		word(f, d->kills[i].killer);
		word(f, d->kills[i].scope);
		fprintf(f, " %" PRIu64 "\n", d->kills[i].count);
	}
	for (size_t i = 0; i < d->n_workloads; i++) {
		const struct oomt_metrics_workload *w = &d->workloads[i];

		fputs("workload", f);
		word(f, w->kind);
		fprintf(f, " %" PRIu64, w->kills);
		num(f, w->last_usec);
		fprintf(f, " %d", w->labelled);
		word(f, w->name);
		fputc('\n', f);
	}
	if (d->workloads_dropped)
		fprintf(f, "dropped %" PRIu64 "\n", d->workloads_dropped);
	fprintf(f, "accounting %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", d->logged_kills,
	        d->suppressed_headers, d->unattributed_kills);
	if (d->last.known) {
		fputs("last", f);
		num(f, d->last.time_usec);
		word(f, d->last.killer);
		word(f, d->last.scope);
		word(f, d->last.victim);
		word(f, d->last.workload_kind);
		word(f, d->last.workload);
		fputc('\n', f);
	}
	if (!positions)
		positions = d->pos;
	if (positions)
		r = oomt_scan_positions_write(positions, f);
	if (fclose(f) != 0 && r == 0)
		r = -ENOMEM;
	if (r == 0) {
		fwrite(body, 1, len, out);
		fprintf(out, "end %016" PRIx64 "\n", oomt_fnv64(OOMT_FNV64_INIT, body, len));
		if (ferror(out))
			r = -EIO;
	}
	free(body);
	return r;
}

/* ---- the parser ---- */

static bool hex_id_ok(const char *s, bool dashes)
{
	size_t hex = 0;

	for (; *s; s++) {
		if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
			hex++;
		else if (!(dashes && *s == '-'))
			return false;
	}
	return hex == 0 || hex == 32;
}

/* A word; a name word (name_word_ok) when name. */
static int get_word(const char **q, const char *end, char *buf, size_t sz, bool name)
{
	int r = oomt_token_get(q, end, buf, sz);

	if (r < 0 || (name && !name_word_ok(buf)))
		return -EINVAL;
	return 0;
}

static int parse_kills(struct oomt_metrics_state_data *d, const char *q, const char *end)
{
	char killer[24], scope[16];
	struct oomt_metrics_kills *k;
	uint64_t n;

	if (get_word(&q, end, killer, sizeof(killer), true) < 0 ||
	    get_word(&q, end, scope, sizeof(scope), true) < 0 ||
	    oomt_token_get_u64(&q, end, false, &n) < 0 || !oomt_token_end(q, end) ||
	    kills_slot(d, killer, scope, false))
		return -EINVAL;
	k = kills_slot(d, killer, scope, true);
	if (!k)
		return -EINVAL;
	k->count = n;
	return 0;
}

static int parse_workload(struct oomt_metrics_state_data *d, const char *q, const char *end)
{
	char kind[16], name[METRICS_LABEL_MAX];
	struct oomt_metrics_workload *w;
	uint64_t kills;
	int64_t last, labelled;

	if (get_word(&q, end, kind, sizeof(kind), true) < 0 ||
	    oomt_token_get_u64(&q, end, false, &kills) < 0 || kills == 0 ||
	    oomt_token_get_int(&q, end, false, OOMT_UNKNOWN, &last) < 0 ||
	    oomt_token_get_int(&q, end, false, -1, &labelled) < 0 || labelled < 0 || labelled > 1 ||
	    get_word(&q, end, name, sizeof(name), false) < 0 || !name[0] ||
	    !oomt_token_end(q, end) || workload_slot(d, kind, name, false))
		return -EINVAL;
	if (d->n_workloads == METRICS_WORKLOADS_KEEP)
		return -EINVAL;
	w = workload_slot(d, kind, name, true);
	if (!w)
		return -ENOMEM;
	w->kills = kills;
	w->last_usec = last;
	w->labelled = labelled == 1;
	return 0;
}

static int parse_last(struct oomt_metrics_state_data *d, const char *q, const char *end)
{
	struct oomt_metrics_last_kill *l = &d->last;

	if (l->known ||
	    oomt_token_get_int(&q, end, false, OOMT_UNKNOWN, &l->time_usec) < 0 ||
	    get_word(&q, end, l->killer, sizeof(l->killer), true) < 0 ||
	    get_word(&q, end, l->scope, sizeof(l->scope), true) < 0 ||
	    get_word(&q, end, l->victim, sizeof(l->victim), false) < 0 ||
	    get_word(&q, end, l->workload_kind, sizeof(l->workload_kind), true) < 0 ||
	    get_word(&q, end, l->workload, sizeof(l->workload), false) < 0 ||
	    !oomt_token_end(q, end))
		return -EINVAL;
	l->known = true;
	return 0;
}

/* One line of the body (after the four header lines). */
static int parse_body(struct oomt_metrics_state_data *d, const char *line, const char *end,
                      bool *seen_accounting, bool *seen_dropped)
{
	const char *q = line;
	char key[16];
	uint64_t v[3];

	if (oomt_token_get(&q, end, key, sizeof(key)) < 0)
		return -EINVAL;
	if (strcmp(key, "kills") == 0)
		return parse_kills(d, q, end);
	if (strcmp(key, "workload") == 0)
		return parse_workload(d, q, end);
	if (strcmp(key, "last") == 0)
		return parse_last(d, q, end);
	if (strcmp(key, "dropped") == 0) {
		if (*seen_dropped || oomt_token_get_u64(&q, end, false, &v[0]) < 0 || v[0] == 0 ||
		    !oomt_token_end(q, end))
			return -EINVAL;
		*seen_dropped = true;
		d->workloads_dropped = v[0];
		return 0;
	}
	if (strcmp(key, "accounting") == 0) {
		for (int i = 0; i < 3; i++)
			if (oomt_token_get_u64(&q, end, false, &v[i]) < 0)
				return -EINVAL;
		if (*seen_accounting || !oomt_token_end(q, end))
			return -EINVAL;
		*seen_accounting = true;
		d->logged_kills = v[0];
		d->suppressed_headers = v[1];
		d->unattributed_kills = v[2];
		return 0;
	}
	if (strcmp(key, "pos") == 0) {
		int r;

		if (!d->pos && (r = oomt_scan_positions_new(&d->pos)) < 0)
			return r;
		r = oomt_scan_positions_parse_line(d->pos, line, (size_t)(end - line));
		return r == -ENOMEM ? r : (r < 0 ? -EINVAL : 0);
	}
	return -EINVAL;
}

static int parse_header(struct oomt_metrics_state_data *d, unsigned n, const char *line,
                        const char *end)
{
	const char *q = line;
	char key[24];
	int64_t v;

	if (oomt_token_get(&q, end, key, sizeof(key)) < 0)
		return -EINVAL;
	switch (n) {
	case 0:
		if (strcmp(key, STATE_MAGIC) != 0 ||
		    oomt_token_get_int(&q, end, false, -1, &v) < 0 || !oomt_token_end(q, end))
			return -EINVAL;
		return v == STATE_VERSION ? 0 : -EPROTO;
	case 1:
		if (strcmp(key, "machine") != 0 ||
		    get_word(&q, end, d->machine_id, sizeof(d->machine_id), false) < 0 ||
		    !hex_id_ok(d->machine_id, false) || !oomt_token_end(q, end))
			return -EINVAL;
		return 0;
	case 2:
		if (strcmp(key, "boot") != 0 ||
		    get_word(&q, end, d->boot_id, sizeof(d->boot_id), false) < 0 ||
		    !hex_id_ok(d->boot_id, true) ||
		    oomt_token_get_int(&q, end, false, OOMT_UNKNOWN, &d->boot_time_usec) < 0 ||
		    !oomt_token_end(q, end))
			return -EINVAL;
		return 0;
	default:
		if (strcmp(key, "saved") != 0 ||
		    oomt_token_get_int(&q, end, false, -1, &d->saved_usec) < 0 ||
		    !oomt_token_end(q, end))
			return -EINVAL;
		return 0;
	}
}

int oomt_metrics_state_parse(const char *buf, size_t len, struct oomt_metrics_state_data *d)
{
	const char *p = buf, *end = buf + len;
	bool accounting = false, dropped = false, ended = false;
	int r = 0;

	oomt_metrics_state_init(d);
	if (!buf || len > METRICS_STATE_MAX_BYTES || memchr(buf, '\0', len))
		return -EINVAL;
	for (unsigned n = 0; p < end && r == 0; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl || ended) {
			r = -EINVAL;          /* cut, or something after the end line */
			break;
		}
		if ((size_t)(nl - p) > 5 && memcmp(p, "end ", 4) == 0 && n >= 4) {
			const char *q = p + 4;
			uint64_t sum;

			if (oomt_token_get_u64(&q, nl, true, &sum) < 0 || !oomt_token_end(q, nl) ||
			    sum != oomt_fnv64(OOMT_FNV64_INIT, buf, (size_t)(p - buf)))
				r = -EINVAL;
			ended = true;
		} else if (n < 4) {
			r = parse_header(d, n, p, nl);
		} else {
			r = parse_body(d, p, nl, &accounting, &dropped);
		}
		p = nl + 1;
	}
	if (r == 0 && (!ended || !accounting))
		r = -EINVAL;
	if (r < 0)
		oomt_metrics_state_done(d);
	return r;
}
