/* SPDX-License-Identifier: MIT */
/*
 * `tune` findings: the settings judged against the machine (facts first, words later: the
 * command writes the prose from the codes and numbers). Codes are stable and documented in
 * oomtool-tune(8); evidence and advice keys are an interface as well (oomtool-json(7)).
 * Kernel behaviour cited from Documentation/admin-guide/sysctl/vm.rst and mm/ of Linux 6.6.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tune/tune-internal.h"

#define MIB (1024 * 1024LL)
#define GIB (1024 * MIB)

static bool known(int64_t v)
{
	return v != OOMT_UNKNOWN;
}

/* A setting's value as a number; OOMT_UNKNOWN when unreadable or not a number. */
static int64_t num(const struct oomt_tune_check *c, const char *key)
{
	const struct oomt_tune_setting *s = oomt_tune_check_setting(c, key);
	char *end;
	long long v;

	if (!s || !s->readable || !s->value[0])
		return OOMT_UNKNOWN;
	v = strtoll(s->value, &end, 10);
	return *end ? OOMT_UNKNOWN : v;
}

static const char *text(const struct oomt_tune_check *c, const char *key)
{
	const struct oomt_tune_setting *s = oomt_tune_check_setting(c, key);

	return s && s->readable ? s->value : NULL;
}

static struct oomt_tune_finding *add(struct oomt_tune_check *c, const char *code,
                                     enum oomt_severity sev, const char *key)
{
	struct oomt_tune_finding *f;

	if (c->nfindings == c->capfindings) {
		size_t cap = c->capfindings ? c->capfindings * 2 : 16;
		struct oomt_tune_finding *grown = realloc(c->findings, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		c->findings = grown;
		c->capfindings = cap;
	}
	f = &c->findings[c->nfindings++];
	memset(f, 0, sizeof(*f));
	f->code = code;
	f->severity = sev;
	f->key = key;
	return f;
}

static void ev(struct oomt_tune_finding *f, const char *key, int64_t v)
{
	if (f->n_evidence < OOMT_KV_MAX)
		f->evidence[f->n_evidence++] = (struct oomt_kv){ key, v, NULL };
}

/* No text (NULL or ""): str NULL, the number unknown (JSON null). */
static void ev_str(struct oomt_tune_finding *f, const char *key, const char *s)
{
	if (f->n_evidence < OOMT_KV_MAX)
		f->evidence[f->n_evidence++] = (struct oomt_kv){ key, OOMT_UNKNOWN,
		                                                 s && *s ? s : NULL };
}

static void adv(struct oomt_tune_finding *f, const char *key, int64_t v)
{
	if (f->n_advice < OOMT_KV_MAX)
		f->advice[f->n_advice++] = (struct oomt_kv){ key, v, NULL };
}

static int64_t isqrt(int64_t x)
{
	int64_t r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

/* mm/page_alloc.c calculate_min_free_kbytes(): sqrt(lowmem_kbytes * 16), within 128 KiB
 * and 256 MiB (64 MiB before 5.7); all of RAM is lowmem on 64-bit. */
static int64_t default_min_free_kbytes(int64_t ram_bytes)
{
	int64_t v = isqrt(ram_bytes / 1024 * 16);

	return v < 128 ? 128 : v > 262144 ? 262144 : v;
}

static int swap_findings(struct oomt_tune_check *c)
{
	const struct oomt_tune_system *s = &c->sys;
	int64_t sw = num(c, "vm.swappiness");
	const char *zswap = text(c, "zswap.enabled");
	struct oomt_tune_finding *f;

	if (known(sw) && sw == 0 && s->swap_bytes > 0) {
		if (!(f = add(c, "swappiness_zero_with_swap", OOMT_SEV_WARNING, "vm.swappiness")))
			return -ENOMEM;
		ev(f, "swappiness", sw);
		ev(f, "swap_bytes", s->swap_bytes);
		adv(f, "swappiness", 10);
	}
	if (known(sw) && sw >= 100 && s->swap_bytes == 0) {
		if (!(f = add(c, "swappiness_high_without_swap", OOMT_SEV_INFO, "vm.swappiness")))
			return -ENOMEM;
		ev(f, "swappiness", sw);
		ev(f, "swap_bytes", 0);
	}
	if (s->swap_bytes == 0 && known(s->ram_bytes)) {
		int64_t want = (s->ram_bytes / 4 + 256 * MIB) / (512 * MIB) * (512 * MIB);

		if (!(f = add(c, "no_swap", OOMT_SEV_INFO, NULL)))
			return -ENOMEM;
		ev(f, "ram_bytes", s->ram_bytes);
		adv(f, "swap_size_bytes", want < 512 * MIB ? 512 * MIB : want > 8 * GIB ? 8 * GIB : want);
	}
	if (zswap && zswap[0] == 'Y' && s->swap_bytes == 0) {
		if (!(f = add(c, "zswap_without_swap", OOMT_SEV_INFO, "zswap.enabled")))
			return -ENOMEM;
		ev_str(f, "zswap_enabled", zswap);
		ev(f, "swap_bytes", 0);
	}
	if (c->zram_prio != INT32_MIN && c->disk_prio != INT32_MIN && c->disk_prio >= c->zram_prio) {
		if (!(f = add(c, "swap_disk_before_zram", OOMT_SEV_WARNING, NULL)))
			return -ENOMEM;
		ev_str(f, "zram_path", c->zram_path);
		ev(f, "zram_priority", c->zram_prio);
		ev_str(f, "disk_path", c->disk_path);
		ev(f, "disk_priority", c->disk_prio);
		adv(f, "zram_priority", c->disk_prio + 10 > 32767 ? 32767 : c->disk_prio + 10);
	}
	return 0;
}

/* The overcommit_ratio (or _kbytes) that makes CommitLimit cover RAM and a quarter more
 * than is committed now: CommitLimit = swap + RAM * ratio / 100 (or swap + kbytes). */
static void commit_advice(const struct oomt_tune_check *c, struct oomt_tune_finding *f,
                          int64_t kbytes)
{
	const struct oomt_tune_system *s = &c->sys;
	int64_t target = s->committed_as_bytes / 4 * 5, need;

	if (target < s->ram_bytes)
		target = s->ram_bytes;
	need = target - (s->swap_bytes > 0 ? s->swap_bytes : 0);
	if (need < 0)
		need = 0;
	if (known(kbytes) && kbytes > 0) {
		adv(f, "overcommit_kbytes", (need + 1023) / 1024);
	} else {
		int64_t ratio = (need * 100 + s->ram_bytes - 1) / s->ram_bytes;

		adv(f, "overcommit_ratio", ratio < 50 ? 50 : ratio > 1000 ? 1000 : ratio);
	}
}

static int overcommit_findings(struct oomt_tune_check *c)
{
	const struct oomt_tune_system *s = &c->sys;
	int64_t om = num(c, "vm.overcommit_memory"), ratio = num(c, "vm.overcommit_ratio");
	int64_t kbytes = num(c, "vm.overcommit_kbytes"), ark = num(c, "vm.admin_reserve_kbytes");
	struct oomt_tune_finding *f;

	if (!known(om))
		return 0;
	if (om == 2 && known(s->commit_limit_bytes) && known(s->committed_as_bytes) &&
	    known(s->ram_bytes) && s->ram_bytes > 0) {
		bool near = s->committed_as_bytes >= s->commit_limit_bytes / 10 * 9;
		bool low = s->commit_limit_bytes < s->ram_bytes / 10 * 9;

		if (near || low) {
			f = add(c, near ? "overcommit_never_near_limit" : "overcommit_never_below_ram",
			        near ? OOMT_SEV_CRITICAL : OOMT_SEV_WARNING, "vm.overcommit_memory");
			if (!f)
				return -ENOMEM;
			ev(f, "overcommit_memory", om);
			ev(f, "overcommit_ratio", ratio);
			ev(f, "overcommit_kbytes", kbytes);
			ev(f, "commit_limit_bytes", s->commit_limit_bytes);
			ev(f, "committed_as_bytes", s->committed_as_bytes);
			ev(f, "ram_bytes", s->ram_bytes);
			ev(f, "swap_bytes", s->swap_bytes);
			commit_advice(c, f, kbytes);
		}
		if (known(ark) && ark < 4096) {
			if (!(f = add(c, "admin_reserve_low", OOMT_SEV_WARNING, "vm.admin_reserve_kbytes")))
				return -ENOMEM;
			ev(f, "admin_reserve_kbytes", ark);
			adv(f, "admin_reserve_kbytes", 8192);
		}
	}
	if (om == 1) {
		if (!(f = add(c, "overcommit_always", OOMT_SEV_INFO, "vm.overcommit_memory")))
			return -ENOMEM;
		ev(f, "overcommit_memory", om);
		ev(f, "committed_as_bytes", s->committed_as_bytes);
		ev(f, "ram_bytes", s->ram_bytes);
		adv(f, "overcommit_memory", 0);
	}
	if (om == 0 && known(s->committed_as_bytes) && known(s->ram_bytes) &&
	    s->committed_as_bytes > s->ram_bytes + (s->swap_bytes > 0 ? s->swap_bytes : 0)) {
		if (!(f = add(c, "committed_over_memory", OOMT_SEV_INFO, "vm.overcommit_memory")))
			return -ENOMEM;
		ev(f, "committed_as_bytes", s->committed_as_bytes);
		ev(f, "ram_bytes", s->ram_bytes);
		ev(f, "swap_bytes", s->swap_bytes);
	}
	return 0;
}

static int watermark_findings(struct oomt_tune_check *c)
{
	const struct oomt_tune_system *s = &c->sys;
	int64_t mfk = num(c, "vm.min_free_kbytes"), wsf = num(c, "vm.watermark_scale_factor");
	struct oomt_tune_finding *f;

	if (known(mfk) && known(s->ram_bytes) && s->ram_bytes > 0) {
		int64_t dfl = default_min_free_kbytes(s->ram_bytes);
		/* khugepaged raises it for THP up to a twentieth of RAM: beyond is someone's */
		bool high = mfk * 1024 > s->ram_bytes / 20, low = mfk < dfl / 2;

		if (high || low) {
			f = add(c, high ? "min_free_kbytes_high" : "min_free_kbytes_low",
			        OOMT_SEV_WARNING, "vm.min_free_kbytes");
			if (!f)
				return -ENOMEM;
			ev(f, "min_free_kbytes", mfk);
			ev(f, "default_kbytes", dfl);
			ev(f, "ram_bytes", s->ram_bytes);
			adv(f, "min_free_kbytes", dfl);
		}
	}
	if (known(wsf) && wsf >= 1000) {
		if (!(f = add(c, "watermark_scale_factor_high", OOMT_SEV_WARNING,
		              "vm.watermark_scale_factor")))
			return -ENOMEM;
		ev(f, "watermark_scale_factor", wsf);
		ev(f, "kept_free_bytes", known(s->ram_bytes) ? s->ram_bytes / 10000 * wsf : OOMT_UNKNOWN);
		adv(f, "watermark_scale_factor", 10);
	}
	return 0;
}

static int oom_findings(struct oomt_tune_check *c)
{
	int64_t dump = num(c, "vm.oom_dump_tasks"), oka = num(c, "vm.oom_kill_allocating_task");
	int64_t pon = num(c, "vm.panic_on_oom"), panic = num(c, "kernel.panic");
	struct oomt_tune_finding *f;

	if (known(dump) && dump == 0) {
		if (!(f = add(c, "oom_dump_tasks_off", OOMT_SEV_WARNING, "vm.oom_dump_tasks")))
			return -ENOMEM;
		ev(f, "oom_dump_tasks", dump);
		adv(f, "oom_dump_tasks", 1);
	}
	if (known(oka) && oka != 0) {
		if (!(f = add(c, "oom_kill_allocating_task", OOMT_SEV_WARNING,
		              "vm.oom_kill_allocating_task")))
			return -ENOMEM;
		ev(f, "oom_kill_allocating_task", oka);
		adv(f, "oom_kill_allocating_task", 0);
	}
	if (known(pon) && pon != 0) {
		bool hang = known(panic) && panic == 0;

		if (!(f = add(c, hang ? "panic_on_oom_hang" : "panic_on_oom_reboot",
		              hang ? OOMT_SEV_CRITICAL : OOMT_SEV_WARNING, "vm.panic_on_oom")))
			return -ENOMEM;
		ev(f, "panic_on_oom", pon);
		ev(f, "panic_sec", panic);
		adv(f, "panic_on_oom", 0);
	}
	return 0;
}

static int thp_findings(struct oomt_tune_check *c)
{
	const char *en = text(c, "transparent_hugepage.enabled");
	const char *defrag = text(c, "transparent_hugepage.defrag");
	struct oomt_tune_finding *f;

	if (en && strcmp(en, "always") == 0) {
		if (!(f = add(c, "thp_always", OOMT_SEV_INFO, "transparent_hugepage.enabled")))
			return -ENOMEM;
		ev_str(f, "enabled", en);
	}
	if (defrag && strcmp(defrag, "always") == 0) {
		if (!(f = add(c, "thp_defrag_always", OOMT_SEV_WARNING, "transparent_hugepage.defrag")))
			return -ENOMEM;
		ev_str(f, "defrag", defrag);
	}
	return 0;
}

static int killer_findings(struct oomt_tune_check *c)
{
	struct oomt_tune_finding *f;

	if (!c->sys.killers[0]) {
		if (!(f = add(c, "no_userspace_killer", OOMT_SEV_INFO, NULL)))
			return -ENOMEM;
		ev(f, "swap_bytes", c->sys.swap_bytes);
	} else if (strchr(c->sys.killers, ',')) {
		if (!(f = add(c, "several_userspace_killers", OOMT_SEV_WARNING, NULL)))
			return -ENOMEM;
		ev_str(f, "killers", c->sys.killers);
	}
	return 0;
}

/* A value written since boot that no file keeps: it is gone at the next boot. */
static int persistence_findings(struct oomt_tune_check *c)
{
	for (size_t i = 0; i < c->nsettings; i++) {
		const struct oomt_tune_setting *s = &c->settings[i];
		struct oomt_tune_finding *f;

		if (!s->settable || !s->readable)
			continue;
		if (s->origin != OOMT_TUNE_RUNTIME &&
		    !(s->origin == OOMT_TUNE_OOMTOOL && strcmp(s->configured, s->value) != 0))
			continue;
		if (!(f = add(c, "setting_not_persisted", OOMT_SEV_INFO, s->key)))
			return -ENOMEM;
		ev_str(f, "key", s->key);
		ev_str(f, "value", s->value);
		ev_str(f, "configured", s->configured[0] ? s->configured : s->kernel_default);
		ev_str(f, "file", s->file[0] ? s->file : NULL);
	}
	return 0;
}

/* Most severe first; within a severity, the order they were found in (insertion sort:
 * stable, and the list is short). */
static void sort_by_severity(struct oomt_tune_check *c)
{
	for (size_t i = 1; i < c->nfindings; i++) {
		struct oomt_tune_finding f = c->findings[i];
		size_t k = i;

		while (k > 0 && c->findings[k - 1].severity < f.severity) {
			c->findings[k] = c->findings[k - 1];
			k--;
		}
		c->findings[k] = f;
	}
}

int oomt_tune_findings_compute(struct oomt_tune_check *c)
{
	int r;

	if ((r = oom_findings(c)) < 0 || (r = overcommit_findings(c)) < 0 ||
	    (r = swap_findings(c)) < 0 || (r = watermark_findings(c)) < 0 ||
	    (r = thp_findings(c)) < 0 || (r = killer_findings(c)) < 0 ||
	    (r = persistence_findings(c)) < 0)
		return r;
	sort_by_severity(c);
	return 0;
}
