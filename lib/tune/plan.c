/* SPDX-License-Identifier: MIT */
/*
 * The plan of `tune set`, `tune reset` and `tune drop-caches`, without side effect: the
 * arguments checked (known keys, numbers, ranges of this kernel and machine), the values
 * now and the ones they become, what a reset puts back, and the warnings (a later file
 * that overrides oomtool's, a value that boot sets again).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/system.h>
#include "plan/plan.h"
#include "tune/tune-internal.h"
#include "util/state-file.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"
#include "util/text.h"

#define REQUEST_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_tune_request, sync_timeout_usec)
#define SYNC_TIMEOUT_DEFAULT_USEC (30 * 1000000LL)

struct tune_plan {
	struct oomt_tune_plan pub;
	char *sysroot;
	const char **forget;         /* RESET: the keys whose records go */
	size_t nforget;
};

/* Fixed fields: texts cut to them; warnings past the last dropped. */
#define set_text oomt_text_set
#define warn(p, ...) OOMT_PLAN_WARN(p, __VA_ARGS__)

static void refuse(struct oomt_tune_plan *p, enum oomt_tune_refusal why, const char *check,
                   const char *reason, const char *hint)
{
	p->verdict = OOMT_TUNE_REFUSED;
	p->refusal = why;
	p->check = check;
	snprintf(p->reason, sizeof(p->reason), "%s", reason);
	snprintf(p->hint, sizeof(p->hint), "%s", hint);
}

static int add_step(struct oomt_tune_plan *p, const struct oomt_tune_step *s)
{
	struct oomt_tune_step *grown = realloc(p->steps, (p->nsteps + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	p->steps = grown;
	p->steps[p->nsteps++] = *s;
	return 0;
}

/* A WRITE step: K from NOW to TO in <sysroot>/REL; BACK: a reset's. */
static int add_write(struct tune_plan *tp, const struct oomt_tune_key *k, const char *rel,
                     const char *now, const char *to, bool back)
{
	struct oomt_tune_step w = { .kind = OOMT_TUNE_STEP_WRITE, .key = k->key };

	snprintf(w.from, sizeof(w.from), "%s", now);
	snprintf(w.to, sizeof(w.to), "%s", to);
	if (oomt_sysroot_join(tp->sysroot, rel, w.path, sizeof(w.path)) < 0)
		return -ENAMETOOLONG;
	if (back)
		set_text(w.description, sizeof(w.description), "%s back from %s to %s (%s)", k->key,
		         now, to, w.path);
	else
		set_text(w.description, sizeof(w.description), "%s from %s to %s now (%s)", k->key,
		         now, to, w.path);
	return add_step(&tp->pub, &w);
}

/* ---- set ---- */

/* "KEY=VALUE": the key and its canonical decimal value; refuses otherwise. */
static const struct oomt_tune_key *parse_assignment(struct oomt_tune_plan *p, const char *arg,
                                                    long release, int64_t ram_bytes,
                                                    char *value, size_t valuesz)
{
	const char *eq = strchr(arg, '=');
	const struct oomt_tune_key *k;
	char key[256], reason[512], *end;
	long long v;
	int64_t max;

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(key)) {
		set_text(reason, sizeof(reason), "'%s' is not KEY=VALUE", arg);
		refuse(p, OOMT_TUNE_BAD_ARGUMENT, "argument", reason,
		       "write each setting as vm.swappiness=10");
		return NULL;
	}
	snprintf(key, sizeof(key), "%.*s", (int)(eq - arg), arg);
	if (!(k = oomt_tune_key_find(key))) {
		set_text(reason, sizeof(reason), "'%s' is not a setting oomtool changes", key);
		refuse(p, OOMT_TUNE_UNKNOWN_KEY, "key", reason,
		       "'oomtool tune' lists the settings it knows; others go through sysctl(8)");
		return NULL;
	}
	errno = 0;
	v = strtoll(eq + 1, &end, 10);
	max = oomt_tune_key_max(k, release, ram_bytes);
	if (errno || end == eq + 1 || *end || v < k->min || v > max) {
		set_text(reason, sizeof(reason), "%s=%s: the value must be a whole number in "
		         "%lld..%lld%s", k->key, eq + 1, (long long)k->min, (long long)max,
		         max < k->max ? " on this kernel and machine" : "");
		refuse(p, OOMT_TUNE_BAD_VALUE, "range", reason, k->summary);
		return NULL;
	}
	snprintf(value, valuesz, "%lld", v);
	return k;
}

static bool seen_before(const struct oomt_tune_plan *p, const struct oomt_tune_key *k)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].key == k->key)
			return true;
	return false;
}

static int plan_set_one(struct tune_plan *tp, const struct oomt_tune_key *k, const char *value,
                        bool persist)
{
	struct oomt_tune_plan *p = &tp->pub;
	struct oomt_sysctl_origin o = { .struct_size = sizeof(o) };
	struct oomt_tune_step s = { .kind = OOMT_TUNE_STEP_PERSIST, .key = k->key };
	char now[OOMT_SYSCTL_VALUE_MAX], have[OOMT_SYSCTL_VALUE_MAX], rel[300], reason[512];
	char later[PATH_MAX], shown[PATH_MAX];
	int r = oomt_sysctl_read(tp->sysroot, k->key, now, sizeof(now));

	oomt_tune_key_path(k->key, rel + 9, sizeof(rel) - 9);
	memcpy(rel, "proc/sys/", 9);
	if (oomt_sysroot_join(tp->sysroot, rel, shown, sizeof(shown)) < 0)
		return -ENAMETOOLONG;
	if (r < 0 && !(r == -ENOENT && persist)) {
		set_text(reason, sizeof(reason), "cannot read %s: %s", shown, strerror(-r));
		refuse(p, OOMT_TUNE_NOT_AVAILABLE, "available", reason, r == -ENOENT
		       ? "this kernel (or the --sysroot tree) lacks the setting; --persist writes it "
		         "for the next boot only"
		       : "check the path and the permissions");
		return 0;
	}
	if (r < 0)
		warn(p, "%s does not exist: %s is only persisted, for the next boot", shown,
		     k->key);
	if (r == 0 && strcmp(now, value) != 0 && (r = add_write(tp, k, rel, now, value, false)) < 0)
		return r;
	if (persist) {
		r = oomt_sysctl_persisted_get(tp->sysroot, k->key, have, sizeof(have), NULL, 0);
		if (r == 0 && strcmp(have, value) == 0)
			return 0;
		snprintf(s.to, sizeof(s.to), "%s", value);
		if (oomt_sysroot_join(tp->sysroot, OOMT_SYSCTL_CONF_FILE, s.path, sizeof(s.path)) < 0)
			return -ENAMETOOLONG;
		set_text(s.description, sizeof(s.description), "%s = %s in %s (read at every boot)",
		         k->key, value, s.path);
		if ((r = add_step(p, &s)) < 0)
			return r;
		if (oomt_sysctl_overridden_by(tp->sysroot, k->key, later, sizeof(later)) == 0 &&
		    later[0])
			warn(p, "%s sets %s too and is read after oomtool's file: it wins at boot; "
			     "remove the line there", later, k->key);
		return 0;
	}
	if (oomt_sysctl_origin_read(tp->sysroot, k->key, &o) == 0 && o.set &&
	    strcmp(o.value, value) != 0)
		warn(p, "%s:%u sets %s = %s at boot: the new value lasts until then; --persist keeps "
		     "it", o.file, o.line, k->key, o.value);
	else if (!o.set)
		warn(p, "%s goes back to the kernel's default at boot; --persist keeps the new value",
		     k->key);
	return 0;
}

static int plan_set(struct tune_plan *tp, const struct oomt_tune_request *req)
{
	struct oomt_tune_plan *p = &tp->pub;
	struct oomt_system_memory mem = { .struct_size = sizeof(mem) };
	char release[128], value[OOMT_SYSCTL_VALUE_MAX], reason[512];
	long code = oomt_kernel_release_read(tp->sysroot, release, sizeof(release)) == 0
	            ? oomt_kernel_release_code(release) : 0;
	int64_t ram = oomt_system_memory_read(tp->sysroot, &mem) == 0 ? mem.mem_total_bytes
	                                                              : OOMT_UNKNOWN;
	const struct oomt_tune_key **keys = calloc(req->nargs + 1, sizeof(*keys));
	int r = 0;

	if (!keys)
		return -ENOMEM;
	for (size_t i = 0; i < req->nargs && p->verdict != OOMT_TUNE_REFUSED; i++) {
		const struct oomt_tune_key *k = parse_assignment(p, req->args[i], code, ram, value,
		                                                 sizeof(value));

		if (!k)
			break;
		for (size_t j = 0; j < i; j++)
			if (keys[j] == k) {
				set_text(reason, sizeof(reason), "%s is given twice", k->key);
				refuse(p, OOMT_TUNE_BAD_ARGUMENT, "argument", reason, "give each key once");
			}
		keys[i] = k;
	}
	for (size_t i = 0; r == 0 && p->verdict != OOMT_TUNE_REFUSED && i < req->nargs; i++) {
		parse_assignment(p, req->args[i], code, ram, value, sizeof(value));
		if (!seen_before(p, keys[i]))
			r = plan_set_one(tp, keys[i], value, req->persist);
	}
	free(keys);
	return r;
}

/* ---- reset ---- */

static int plan_reset_one(struct tune_plan *tp, const struct oomt_tune_key *k,
                          const struct oomt_state *records, bool *had_record)
{
	struct oomt_tune_plan *p = &tp->pub;
	struct oomt_tune_step u = { .kind = OOMT_TUNE_STEP_UNPERSIST, .key = k->key };
	char now[OOMT_SYSCTL_VALUE_MAX], persisted[OOMT_SYSCTL_VALUE_MAX], was[OOMT_SYSCTL_VALUE_MAX];
	char path[256], rel[300], old[OOMT_SYSCTL_VALUE_MAX], wrote[OOMT_SYSCTL_VALUE_MAX];
	const char *rec, *target = NULL;
	bool have_now, in_file;
	int r;

	oomt_tune_key_path(k->key, path, sizeof(path));
	snprintf(rel, sizeof(rel), "proc/sys/%s", path);
	have_now = oomt_sysctl_read(tp->sysroot, k->key, now, sizeof(now)) == 0;
	in_file = oomt_sysctl_persisted_get(tp->sysroot, k->key, persisted, sizeof(persisted), was,
	                                    sizeof(was)) == 0;
	rec = oomt_state_get(records, path);
	*had_record = rec && strchr(rec, TUNE_STATE_SEP);
	if (*had_record) {
		const char *sep = strchr(rec, TUNE_STATE_SEP);

		snprintf(old, sizeof(old), "%.*s", (int)(sep - rec), rec);
		snprintf(wrote, sizeof(wrote), "%s", sep + 1);
		target = old;
		if (have_now && strcmp(now, wrote) != 0 && strcmp(now, old) != 0)
			warn(p, "%s is %s now, not the %s oomtool wrote: something changed it since; it "
			     "is put back to %s all the same", k->key, now, wrote, old);
	} else if (in_file && was[0] && have_now && strcmp(now, persisted) == 0) {
		target = was;        /* set at boot from oomtool's file: back to what it replaced */
	} else if (in_file && !was[0]) {
		warn(p, "oomtool's file does not say what %s was before it: the value now stays",
		     k->key);
	}
	if (target && have_now && strcmp(now, target) != 0) {
		if ((r = add_write(tp, k, rel, now, target, true)) < 0)
			return r;
	} else if (target && !have_now) {
		warn(p, "%s cannot be read under %s: only the file is reset", k->key,
		     tp->sysroot ? tp->sysroot : "/");
	}
	if (in_file) {
		if (oomt_sysroot_join(tp->sysroot, OOMT_SYSCTL_CONF_FILE, u.path, sizeof(u.path)) < 0)
			return -ENAMETOOLONG;
		set_text(u.description, sizeof(u.description), "remove %s from %s", k->key, u.path);
		if ((r = add_step(p, &u)) < 0)
			return r;
	}
	if (!*had_record && !in_file)
		warn(p, "oomtool has not changed %s (no record, not in its file): nothing to undo",
		     k->key);
	return 0;
}

static int plan_reset(struct tune_plan *tp, const struct oomt_tune_request *req)
{
	struct oomt_tune_plan *p = &tp->pub;
	struct oomt_state records;
	bool any_record = false, had;
	char reason[512];
	int r;

	for (size_t i = 0; i < req->nargs; i++)
		if (!oomt_tune_key_find(req->args[i])) {
			set_text(reason, sizeof(reason), "'%s' is not a setting oomtool changes",
			         req->args[i]);
			refuse(p, OOMT_TUNE_UNKNOWN_KEY, "key", reason,
			       "'oomtool tune' lists the settings it knows");
			return 0;
		}
	if (!(tp->forget = calloc(req->nargs, sizeof(*tp->forget))))
		return -ENOMEM;
	if ((r = oomt_state_load(tp->sysroot, TUNE_STATE_NAME, &records)) < 0)
		return r;
	for (size_t i = 0; r == 0 && i < req->nargs; i++) {
		const struct oomt_tune_key *k = oomt_tune_key_find(req->args[i]);

		if (seen_before(p, k))
			continue;
		r = plan_reset_one(tp, k, &records, &had);
		any_record |= had;
		if (had)
			tp->forget[tp->nforget++] = k->key;
	}
	oomt_state_done(&records);
	if (r == 0 && any_record) {
		struct oomt_tune_step s = { .kind = OOMT_TUNE_STEP_RECORD };
		char rel[128];

		snprintf(rel, sizeof(rel), "%s/%s", OOMT_STATE_DIR, TUNE_STATE_NAME);
		if (oomt_sysroot_join(tp->sysroot, rel, s.path, sizeof(s.path)) < 0)
			return -ENAMETOOLONG;
		set_text(s.description, sizeof(s.description), "drop the records of the values "
		         "restored from %s", s.path);
		r = add_step(p, &s);
	}
	return r;
}

/* ---- drop caches ---- */

static const char *drop_words(enum oomt_drop_caches d)
{
	return d == OOMT_DROP_PAGECACHE ? "the clean page cache"
	       : d == OOMT_DROP_SLAB ? "reclaimable slab (dentries and inodes)"
	                             : "the clean page cache and reclaimable slab";
}

static int plan_drop(struct tune_plan *tp, const struct oomt_tune_request *req)
{
	struct oomt_tune_plan *p = &tp->pub;
	struct oomt_tune_step s = { .kind = OOMT_TUNE_STEP_SYNC };
	struct oomt_tune_step d = { .kind = OOMT_TUNE_STEP_DROP, .key = "vm.drop_caches" };
	char reason[512];
	int r;

	if (req->drop < OOMT_DROP_PAGECACHE || req->drop > OOMT_DROP_ALL) {
		refuse(p, OOMT_TUNE_BAD_VALUE, "range", "what to drop must be pagecache, slab or all",
		       "pagecache (1), slab (2), all (3)");
		return 0;
	}
	p->drop = req->drop;
	p->sync_timeout_usec = req->sync_timeout_usec > 0 ? req->sync_timeout_usec
	                                                  : SYNC_TIMEOUT_DEFAULT_USEC;
	if (oomt_sysroot_join(tp->sysroot, "proc/sys/vm/drop_caches", d.path, sizeof(d.path)) < 0)
		return -ENAMETOOLONG;
	if (access(d.path, F_OK) < 0) {
		set_text(reason, sizeof(reason), "%s: %s", d.path, strerror(errno));
		refuse(p, OOMT_TUNE_NOT_AVAILABLE, "available", reason,
		       "the kernel (or the --sysroot tree) has no vm.drop_caches");
		return 0;
	}
	if (tp->sysroot) {
		warn(p, "no sync under --sysroot: it is not the running system's page cache");
	} else {
		set_text(s.description, sizeof(s.description), "sync: write dirty data first (at most "
		         "%lld s), so that more of the cache is clean and can be dropped",
		         (long long)(p->sync_timeout_usec / 1000000));
		if ((r = add_step(p, &s)) < 0)
			return r;
	}
	snprintf(d.to, sizeof(d.to), "%d", (int)req->drop);
	set_text(d.description, sizeof(d.description), "write %d to %s: drop %s", (int)req->drop,
	         d.path, drop_words(req->drop));
	return add_step(p, &d);
}

/* SET: the record of the replaced values first, so that a run cut short can be undone. */
static int add_set_record(struct tune_plan *tp)
{
	struct oomt_tune_plan *p = &tp->pub;
	struct oomt_tune_step s = { .kind = OOMT_TUNE_STEP_RECORD };
	bool writes = false;
	char rel[128];
	int r;

	for (size_t i = 0; i < p->nsteps; i++)
		writes |= p->steps[i].kind == OOMT_TUNE_STEP_WRITE;
	if (!writes)
		return 0;
	snprintf(rel, sizeof(rel), "%s/%s", OOMT_STATE_DIR, TUNE_STATE_NAME);
	if (oomt_sysroot_join(tp->sysroot, rel, s.path, sizeof(s.path)) < 0)
		return -ENAMETOOLONG;
	set_text(s.description, sizeof(s.description), "keep the values replaced in %s (for "
	         "'oomtool tune reset')", s.path);
	if ((r = add_step(p, &s)) < 0)
		return r;
	memmove(p->steps + 1, p->steps, (p->nsteps - 1) * sizeof(*p->steps));
	p->steps[0] = s;
	return 0;
}

static int compute(struct tune_plan *tp, const struct oomt_tune_request *req)
{
	struct oomt_tune_plan *p = &tp->pub;
	int r = 0;

	if (req->action != OOMT_TUNE_DROP_CACHES && req->nargs == 0) {
		refuse(p, OOMT_TUNE_BAD_ARGUMENT, "argument", "no setting given",
		       req->action == OOMT_TUNE_SET ? "give KEY=VALUE" : "give a KEY");
		return 0;
	}
	if (req->action == OOMT_TUNE_SET)
		r = plan_set(tp, req);
	else if (req->action == OOMT_TUNE_RESET)
		r = plan_reset(tp, req);
	else
		r = plan_drop(tp, req);
	if (r < 0 || p->verdict == OOMT_TUNE_REFUSED)
		return r;
	/* the kernel decides on /proc/sys writes and /etc is root's: say so before the plan */
	if (!tp->sysroot && geteuid() != 0) {
		refuse(p, OOMT_TUNE_NOT_PRIVILEGED, "privilege",
		       req->action == OOMT_TUNE_DROP_CACHES
		       ? "dropping caches needs root (CAP_SYS_ADMIN)"
		       : "changing kernel settings and /etc/sysctl.d needs root",
		       "run as root; 'oomtool tune' (the check) needs no privilege");
		return 0;
	}
	if (req->action == OOMT_TUNE_SET && (r = add_set_record(tp)) < 0)
		return r;
	p->verdict = p->nsteps ? OOMT_TUNE_READY : OOMT_TUNE_DONE;
	return 0;
}

int oomt_tune_plan_compute(const char *sysroot, const struct oomt_tune_request *req,
                           struct oomt_tune_plan **ret)
{
	struct tune_plan *tp;
	int r;

	if (!ret || (r = oomt_struct_size_check(req, REQUEST_SIZE_V1)) < 0 ||
	    (req->nargs && !req->args) || req->action > OOMT_TUNE_DROP_CACHES)
		return -EINVAL;
	if (!(tp = calloc(1, sizeof(*tp))))
		return -ENOMEM;
	if (!oomt_sysroot_is_live(sysroot) && !(tp->sysroot = strdup(sysroot))) {
		free(tp);
		return -ENOMEM;
	}
	tp->pub.action = req->action;
	r = compute(tp, req);
	if (r < 0) {
		oomt_tune_plan_free(&tp->pub);
		return r;
	}
	*ret = &tp->pub;
	return 0;
}

void oomt_tune_plan_free(struct oomt_tune_plan *p)
{
	struct tune_plan *tp = (struct tune_plan *)p;

	if (!p)
		return;
	free(p->steps);
	free(tp->forget);
	free(tp->sysroot);
	free(tp);
}

const char *oomt_tune_plan_sysroot(const struct oomt_tune_plan *p)
{
	return ((const struct tune_plan *)p)->sysroot;
}

size_t oomt_tune_plan_forget(const struct oomt_tune_plan *p, const char *const **ret)
{
	const struct tune_plan *tp = (const struct tune_plan *)p;

	*ret = tp->forget;
	return tp->nforget;
}
