/* SPDX-License-Identifier: MIT */
/*
 * The plan of `limits set` (limits.h), computed from facts alone (no I/O): which manager
 * changes the limit (systemctl set-property, docker update, or the cgroup file), the checks
 * that refuse, and the steps in an order that is valid at every moment:
 *   v1  memory.memsw.limit_in_bytes (memory + swap) must never be below
 *       memory.limit_in_bytes, or the kernel refuses the write (EINVAL): when the new
 *       memory limit fits under the old memsw limit it is written first, else memsw is;
 *   v2  memory.max, memory.high and memory.swap.max are independent: what is raised is
 *       raised first and what is lowered is lowered last, so that the cgroup never passes
 *       through a state tighter than both the old and the new one.
 * Each step records the value it replaces; the executor (limits-apply.c) writes it back
 * when a later step fails.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <oomtool/limits.h>
#include "cgroup/limits-internal.h"
#include "plan/plan.h"
#include "util/struct-size.h"

#define UNLIMITED OOMT_LIMITS_UNLIMITED
#define known(v) ((v) != OOMT_UNKNOWN)

static const char *const method_names[] = {
	[OOMT_LIMITS_METHOD_SYSTEMD] = "systemd", [OOMT_LIMITS_METHOD_DOCKER] = "docker",
	[OOMT_LIMITS_METHOD_CGROUP_FILE] = "cgroup-file",
};

const char *oomt_limits_method_name(enum oomt_limits_method m)
{
	return (size_t)m < sizeof(method_names) / sizeof(method_names[0]) ? method_names[m] : "?";
}

const char *oomt_limits_step_name(enum oomt_limits_step_kind k)
{
	switch (k) {
	case OOMT_LIMITS_STEP_RUN: return "run";
	case OOMT_LIMITS_STEP_WRITE: return "write";
	case OOMT_LIMITS_STEP_VERIFY: return "verify";
	}
	return "?";
}

const char *oomt_limits_verdict_name(enum oomt_limits_verdict v)
{
	switch (v) {
	case OOMT_LIMITS_READY: return "ready";
	case OOMT_LIMITS_DONE: return "done";
	case OOMT_LIMITS_REFUSED: return "refused";
	}
	return "?";
}

__attribute__((format(printf, 5, 6)))
static int refuse(struct oomt_limits_plan *p, enum oomt_limits_refusal why, const char *check,
                  const char *hint, const char *fmt, ...)
{
	va_list ap;

	p->verdict = OOMT_LIMITS_REFUSED;
	p->refusal = why;
	p->check = check;
	snprintf(p->hint, sizeof(p->hint), "%s", hint);
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
	p->nsteps = 0;
	return 0;
}

#define warn(p, ...) OOMT_PLAN_WARN(p, __VA_ARGS__)

/* Two limits the kernel stores the same: both none, or equal once rounded down to pages. */
static bool same_limit(int64_t a, int64_t b, int64_t page)
{
	if (a == UNLIMITED || b == UNLIMITED)
		return a == b;
	if (!known(a) || !known(b))
		return false;
	return a / page == b / page;
}

/* Unlimited sorts above every size. */
static bool above(int64_t a, int64_t b)
{
	if (a == b)
		return false;
	return a == UNLIMITED || (b != UNLIMITED && a > b);
}

/* A value as the cgroup file takes it: v2 "max", v1 "-1" for none. */
static void file_value(int64_t v, enum oomt_cgroup_version ver, char *buf, size_t sz)
{
	if (v == UNLIMITED)
		snprintf(buf, sz, "%s", ver == OOMT_CGROUP_V1 ? "-1" : "max");
	else
		snprintf(buf, sz, "%" PRId64, v);
}

/* ---- the decision: which manager ---- */

static enum oomt_limits_method choose_method(const struct oomt_limits_facts *f,
                                             struct oomt_limits_plan *p)
{
	if (f->given_as_path) {
		warn(p, "the target was given as a cgroup path: its file is written directly");
	} else if (f->in_pod) {
		warn(p, "the kubelet and the container runtime own this cgroup: they may set it back, "
		     "and a new container of the pod gets the limit of the pod spec (change "
		     "resources.limits.memory to keep it)");
	} else if (f->kind == OOMT_LIMITS_KIND_CONTAINER && f->runtime == OOMT_RUNTIME_DOCKER) {
		if (f->docker[0])
			return OOMT_LIMITS_METHOD_DOCKER;
		warn(p, "docker is not in the search path: the cgroup file is written, Docker does "
		     "not know, and the container gets its own limit back when it restarts");
	} else if (f->kind == OOMT_LIMITS_KIND_CONTAINER) {
		warn(p, "%s owns this container's cgroup: it may set the limit back, and the "
		     "container gets its own limit when it restarts (use '%s update' to keep it)",
		     oomt_container_runtime_name(f->runtime),
		     f->runtime == OOMT_RUNTIME_CRIO ? "crictl" :
		     f->runtime == OOMT_RUNTIME_CONTAINERD ? "ctr" : "podman");
	} else if (f->kind == OOMT_LIMITS_KIND_LXC) {
		warn(p, "LXD, Incus, LXC or Proxmox owns this container's cgroup: its next change of "
		     "the container's configuration and a restart set the limit back (lxc config set "
		     "NAME limits.memory=, lxc.cgroup2.memory.max, pct set VMID -memory keep it)");
	} else if (f->kind == OOMT_LIMITS_KIND_JOB) {
		warn(p, "slurmstepd owns this job's cgroup: the limit lasts until the job ends, and "
		     "the next job gets what it asks Slurm for (sbatch --mem)");
	} else if ((f->kind == OOMT_LIMITS_KIND_UNIT || f->kind == OOMT_LIMITS_KIND_SLICE) &&
	           f->unit[0]) {
		if (f->user_manager)
			warn(p, "%s belongs to a user's service manager: the cgroup file is written "
			     "(systemctl --user set-property would keep it)", f->unit);
		else if (!f->systemd_running)
			warn(p, "systemd does not manage this machine (no /run/systemd/system): the "
			     "cgroup file is written");
		else if (!f->systemctl[0])
			warn(p, "systemctl is not in the search path: the cgroup file is written and "
			     "systemd may set it back at its next reload");
		else
			return OOMT_LIMITS_METHOD_SYSTEMD;
	}
	return OOMT_LIMITS_METHOD_CGROUP_FILE;
}

/* ---- the new values ---- */

/* v1: memory + swap. An explicit --swap gives it; else a limited memsw keeps the swap
 * allowance it had (memsw - max) under the new memory limit. */
static int v1_memsw(const struct oomt_limits_facts *f, const struct oomt_limits_request *req,
                    struct oomt_limits_plan *p)
{
	int64_t max = p->new_max_bytes;

	p->new_memsw_max_bytes = f->memsw_max_bytes;
	if (known(req->swap_bytes)) {
		if (req->swap_bytes == UNLIMITED)
			p->new_memsw_max_bytes = UNLIMITED;
		else if (max == UNLIMITED || !known(max))
			return refuse(p, OOMT_LIMITS_REFUSE_SIZE, "size", "give a memory limit too, "
			              "or --swap max", "a swap limit needs a memory limit on cgroup v1: "
			              "memory.memsw.limit_in_bytes counts memory and swap together"), 1;
		else
			p->new_memsw_max_bytes = max + req->swap_bytes;
		return 0;
	}
	if (!f->has_memsw || f->memsw_max_bytes == UNLIMITED || !known(f->memsw_max_bytes) ||
	    same_limit(max, f->max_bytes, f->page_size_bytes))
		return 0;
	if (max == UNLIMITED)
		p->new_memsw_max_bytes = UNLIMITED;
	else if (f->max_bytes != UNLIMITED && known(f->max_bytes))
		p->new_memsw_max_bytes = max + (f->memsw_max_bytes - f->max_bytes);
	else if (above(max, f->memsw_max_bytes))
		return refuse(p, OOMT_LIMITS_REFUSE_SIZE, "size", "give --swap too",
		              "memory.memsw.limit_in_bytes (%" PRId64 ") is below the new limit, and "
		              "the memory limit it was set with is not known", f->memsw_max_bytes), 1;
	return 0;
}

static int new_values(const struct oomt_limits_facts *f, const struct oomt_limits_request *req,
                      struct oomt_limits_plan *p)
{
	bool v1 = f->version == OOMT_CGROUP_V1;

	p->current_bytes = f->current_bytes;
	p->max_bytes = f->max_bytes;
	p->high_bytes = f->high_bytes;
	p->swap_max_bytes = f->swap_max_bytes;
	p->memsw_max_bytes = f->memsw_max_bytes;
	p->new_max_bytes = known(req->max_bytes) ? req->max_bytes : f->max_bytes;
	p->new_high_bytes = known(req->high_bytes) ? req->high_bytes : f->high_bytes;
	p->new_swap_max_bytes = v1 ? OOMT_UNKNOWN
	                      : known(req->swap_bytes) ? req->swap_bytes : f->swap_max_bytes;
	p->new_memsw_max_bytes = OOMT_UNKNOWN;
	if (known(req->high_bytes) && (v1 || !f->has_high))
		return refuse(p, OOMT_LIMITS_REFUSE_UNSUPPORTED, "hierarchy", "use a memory limit: "
		              "cgroup v1 throttles only by it", "cgroup v1 has no memory.high"), 1;
	if (known(req->swap_bytes) && v1 && !f->has_memsw)
		return refuse(p, OOMT_LIMITS_REFUSE_UNSUPPORTED, "hierarchy", "boot with "
		              "swapaccount=1 to limit swap per cgroup on v1", "this kernel does not "
		              "account swap per cgroup (no memory.memsw.limit_in_bytes)"), 1;
	if (known(req->swap_bytes) && !v1 && !f->has_swap_max)
		return refuse(p, OOMT_LIMITS_REFUSE_UNSUPPORTED, "hierarchy", "the kernel needs "
		              "swap accounting (4.5+, CONFIG_MEMCG_SWAP)", "this cgroup has no "
		              "memory.swap.max"), 1;
	return v1 ? v1_memsw(f, req, p) : 0;
}

static int checks(const struct oomt_limits_facts *f, const struct oomt_limits_request *req,
                  struct oomt_limits_plan *p)
{
	int64_t page = f->page_size_bytes, cur = f->current_bytes;
	char a[32];

	if (known(req->max_bytes) && req->max_bytes != UNLIMITED && req->max_bytes < page)
		return refuse(p, OOMT_LIMITS_REFUSE_SIZE, "size", "give at least a page",
		              "a limit of %" PRId64 " bytes is less than a page", req->max_bytes), 1;
	if (known(req->high_bytes) && req->high_bytes != UNLIMITED && req->high_bytes < page)
		return refuse(p, OOMT_LIMITS_REFUSE_SIZE, "size", "give at least a page",
		              "a high limit of %" PRId64 " bytes is less than a page",
		              req->high_bytes), 1;
	if (!req->force && known(cur)) {
		if (known(req->max_bytes) && req->max_bytes != UNLIMITED && req->max_bytes <= cur)
			return refuse(p, OOMT_LIMITS_REFUSE_BELOW_USAGE, "usage", "give a larger size, or "
			              "--force to reclaim and OOM-kill down to it",
			              "the limit %" PRId64 " is at or below current usage %" PRId64
			              ": the kernel would reclaim and then OOM-kill in it at once",
			              req->max_bytes, cur), 1;
		if (known(req->high_bytes) && req->high_bytes != UNLIMITED && req->high_bytes <= cur)
			return refuse(p, OOMT_LIMITS_REFUSE_BELOW_USAGE, "usage", "give a larger size, or "
			              "--force to throttle it down to it",
			              "the high limit %" PRId64 " is at or below current usage %" PRId64
			              ": its processes would be throttled and reclaimed at once",
			              req->high_bytes, cur), 1;
		if (known(p->new_memsw_max_bytes) && p->new_memsw_max_bytes != UNLIMITED &&
		    !same_limit(p->new_memsw_max_bytes, f->memsw_max_bytes, page) &&
		    p->new_memsw_max_bytes <= cur + (known(f->swap_current_bytes)
		                                     ? f->swap_current_bytes : 0))
			return refuse(p, OOMT_LIMITS_REFUSE_BELOW_USAGE, "usage", "give a larger --swap, "
			              "or --force", "memory + swap %" PRId64 " would be at or below what "
			              "the cgroup uses now", p->new_memsw_max_bytes), 1;
	}
	if (known(p->new_high_bytes) && p->new_high_bytes != UNLIMITED &&
	    known(p->new_max_bytes) && above(p->new_high_bytes, p->new_max_bytes)) {
		file_value(p->new_high_bytes, OOMT_CGROUP_V2, a, sizeof(a));
		warn(p, "memory.high (%s) above memory.max never applies", a);
	}
	return 0;
}

/* A manager cannot express every change. */
static int manager_checks(const struct oomt_limits_facts *f,
                          const struct oomt_limits_request *req, struct oomt_limits_plan *p)
{
	bool v1 = f->version == OOMT_CGROUP_V1;

	if (p->method == OOMT_LIMITS_METHOD_SYSTEMD && v1 && known(req->swap_bytes))
		return refuse(p, OOMT_LIMITS_REFUSE_UNSUPPORTED, "manager", "give the cgroup path "
		              "to write memory.memsw.limit_in_bytes directly",
		              "systemd has no swap limit on cgroup v1"), 1;
	if (p->method == OOMT_LIMITS_METHOD_SYSTEMD && v1 && known(f->memsw_max_bytes) &&
	    f->memsw_max_bytes != UNLIMITED && above(p->new_max_bytes, f->memsw_max_bytes))
		return refuse(p, OOMT_LIMITS_REFUSE_UNSUPPORTED, "manager", "raise "
		              "memory.memsw.limit_in_bytes first (give the cgroup path and --swap)",
		              "the new limit is above memory.memsw.limit_in_bytes (%" PRId64 "), "
		              "which systemd does not change on cgroup v1", f->memsw_max_bytes), 1;
	if (p->method == OOMT_LIMITS_METHOD_DOCKER && known(req->high_bytes))
		return refuse(p, OOMT_LIMITS_REFUSE_UNSUPPORTED, "manager", "give the cgroup path "
		              "to write memory.high directly", "docker update has no memory.high"), 1;
	if (p->method == OOMT_LIMITS_METHOD_DOCKER &&
	    (p->new_max_bytes == UNLIMITED || !known(p->new_max_bytes)))
		return refuse(p, OOMT_LIMITS_REFUSE_UNSUPPORTED, "manager", "recreate the container "
		              "without -m, or give the cgroup path", "docker update cannot remove a "
		              "memory limit"), 1;
	if (p->method == OOMT_LIMITS_METHOD_CGROUP_FILE && !f->writable)
		return refuse(p, OOMT_LIMITS_REFUSE_NOT_ROOT, "root", "run as root",
		              "the cgroup files of '%s' are not writable", f->path), 1;
	return 0;
}

/* ---- steps ---- */

static struct oomt_limits_step *add_step(struct oomt_limits_plan *p,
                                         enum oomt_limits_step_kind kind, const char *why)
{
	struct oomt_limits_step *s;

	if (p->nsteps >= OOMT_LIMITS_MAX_STEPS)
		return NULL;
	s = &p->steps[p->nsteps++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->why = why;
	return s;
}

static bool step_file(struct oomt_limits_step *s, const struct oomt_limits_facts *f,
                      const char *name)
{
	return snprintf(s->file, sizeof(s->file), "%s/%s", f->dir, name) < (int)sizeof(s->file);
}

static const char *const why_write = "the kernel applies it at once: no reload, no restart";
static const char *const why_memsw_first =
	"memory + swap may never be below memory: the larger memsw limit goes first";
static const char *const why_memory_first =
	"memory + swap may never be below memory: memory goes first, then memsw";
static const char *const why_raise_first =
	"what is raised goes first and what is lowered last: never tighter than before and after";
static const char *const why_verify =
	"a manager can accept a setting without applying it: the cgroup file says what holds";

static void add_write(struct oomt_limits_plan *p, const struct oomt_limits_facts *f,
                      const char *name, int64_t old, int64_t val, const char *why)
{
	struct oomt_limits_step *s = add_step(p, OOMT_LIMITS_STEP_WRITE, why);
	char v[32], o[32];

	if (!s)
		return;
	step_file(s, f, name);
	file_value(val, f->version, v, sizeof(v));
	file_value(old, f->version, o, sizeof(o));
	memcpy(s->value, v, sizeof(v));
	memcpy(s->old_value, o, sizeof(o));
	snprintf(s->description, sizeof(s->description), "%s: %s -> %s", name, o, v);
}

static void add_verify(struct oomt_limits_plan *p, const struct oomt_limits_facts *f,
                       const char *name, int64_t val)
{
	struct oomt_limits_step *s = add_step(p, OOMT_LIMITS_STEP_VERIFY, why_verify);
	char v[32];

	if (!s)
		return;
	step_file(s, f, name);
	file_value(val, OOMT_CGROUP_V2, v, sizeof(v));
	memcpy(s->value, v, sizeof(v));
	snprintf(s->description, sizeof(s->description), "%s reads %s", name, v);
}

struct change {
	const char *file;
	int64_t old, val;
};

static void file_steps_v2(struct oomt_limits_plan *p, const struct oomt_limits_facts *f)
{
	struct change c[3];
	size_t n = 0;
	int64_t page = f->page_size_bytes;

	/* raised, in this order; lowered, in the reverse one */
	if (known(p->new_swap_max_bytes) && !same_limit(p->new_swap_max_bytes, f->swap_max_bytes, page))
		c[n++] = (struct change){ "memory.swap.max", f->swap_max_bytes, p->new_swap_max_bytes };
	if (known(p->new_max_bytes) && !same_limit(p->new_max_bytes, f->max_bytes, page))
		c[n++] = (struct change){ "memory.max", f->max_bytes, p->new_max_bytes };
	if (known(p->new_high_bytes) && !same_limit(p->new_high_bytes, f->high_bytes, page))
		c[n++] = (struct change){ "memory.high", f->high_bytes, p->new_high_bytes };
	for (size_t i = 0; i < n; i++)
		if (above(c[i].val, c[i].old))
			add_write(p, f, c[i].file, c[i].old, c[i].val, n > 1 ? why_raise_first : why_write);
	for (size_t i = n; i-- > 0;)
		if (!above(c[i].val, c[i].old))
			add_write(p, f, c[i].file, c[i].old, c[i].val, n > 1 ? why_raise_first : why_write);
}

static void file_steps_v1(struct oomt_limits_plan *p, const struct oomt_limits_facts *f)
{
	int64_t page = f->page_size_bytes;
	bool mem = known(p->new_max_bytes) && !same_limit(p->new_max_bytes, f->max_bytes, page);
	bool memsw = known(p->new_memsw_max_bytes) &&
	             !same_limit(p->new_memsw_max_bytes, f->memsw_max_bytes, page);
	/* memory first when the new memory limit fits under the memsw limit there is now */
	bool mem_first = !memsw || f->memsw_max_bytes == UNLIMITED || !known(f->memsw_max_bytes) ||
	                 !above(p->new_max_bytes, f->memsw_max_bytes);

	if (mem && mem_first)
		add_write(p, f, "memory.limit_in_bytes", f->max_bytes, p->new_max_bytes,
		          memsw ? why_memory_first : why_write);
	if (memsw)
		add_write(p, f, "memory.memsw.limit_in_bytes", f->memsw_max_bytes,
		          p->new_memsw_max_bytes, mem_first ? why_memory_first : why_memsw_first);
	if (mem && !mem_first)
		add_write(p, f, "memory.limit_in_bytes", f->max_bytes, p->new_max_bytes,
		          why_memsw_first);
}

/* argv words into one buffer; the pointers into it. */
static void set_argv(char *buf, size_t bufsz, const char **argv, const char *const *words,
                     size_t n)
{
	size_t used = 0, k = 0;

	for (size_t i = 0; i < n && k < OOMT_LIMITS_MAX_ARGS; i++) {
		size_t len = strlen(words[i]) + 1;

		if (used + len > bufsz)
			break;
		memcpy(buf + used, words[i], len);
		argv[k++] = buf + used;
		used += len;
	}
	argv[k] = NULL;
}

/* The command line as a shell takes it: words with other characters single-quoted. */
static void describe_argv(char *out, size_t outsz, const char *const *argv)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; argv[i] && used < outsz; i++) {
		bool plain = argv[i][strspn(argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
		                            "QRSTUVWXYZ0123456789-_=./@:,+")] == '\0' && argv[i][0];
		int n = snprintf(out + used, outsz - used, "%s%s%s%s", i ? " " : "",
		                 plain ? "" : "'", argv[i], plain ? "" : "'");

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* systemd's spelling of a size: bytes, or "infinity". */
static const char *systemd_value(int64_t v, char *buf, size_t sz)
{
	if (v == UNLIMITED || !known(v))
		snprintf(buf, sz, "infinity");
	else
		snprintf(buf, sz, "%" PRId64, v);
	return buf;
}

static void systemd_steps(struct oomt_limits_plan *p, const struct oomt_limits_facts *f,
                          const struct oomt_limits_request *req)
{
	bool v1 = f->version == OOMT_CGROUP_V1;
	/* systemd before 240 applies only MemoryLimit= on the legacy hierarchy */
	const char *maxprop = v1 && f->systemd_version > 0 && f->systemd_version < 240
	                      ? "MemoryLimit" : "MemoryMax";
	char nw[3][64], old[3][64], v[32];
	const char *words[OOMT_LIMITS_MAX_ARGS], *undo[OOMT_LIMITS_MAX_ARGS];
	size_t n = 0, k = 0;
	struct oomt_limits_step *s;
	int64_t page = f->page_size_bytes;
	bool max = known(p->new_max_bytes) && !same_limit(p->new_max_bytes, f->max_bytes, page);
	bool high = known(p->new_high_bytes) && !same_limit(p->new_high_bytes, f->high_bytes, page);
	bool swap = known(p->new_swap_max_bytes) &&
	            !same_limit(p->new_swap_max_bytes, f->swap_max_bytes, page);

	words[n] = undo[n] = f->systemctl;
	n++;
	words[n] = undo[n] = "set-property";
	n++;
	if (!p->persistent) {
		words[n] = undo[n] = "--runtime";
		n++;
	}
	words[n] = undo[n] = f->unit;
	n++;
	if (max) {
		snprintf(nw[k], sizeof(nw[k]), "%s=%s", maxprop, systemd_value(p->new_max_bytes, v, sizeof(v)));
		snprintf(old[k], sizeof(old[k]), "%s=%s", maxprop, systemd_value(f->max_bytes, v, sizeof(v)));
		k++;
	}
	if (high) {
		snprintf(nw[k], sizeof(nw[k]), "MemoryHigh=%s", systemd_value(p->new_high_bytes, v, sizeof(v)));
		snprintf(old[k], sizeof(old[k]), "MemoryHigh=%s", systemd_value(f->high_bytes, v, sizeof(v)));
		k++;
	}
	if (swap) {
		snprintf(nw[k], sizeof(nw[k]), "MemorySwapMax=%s", systemd_value(p->new_swap_max_bytes, v, sizeof(v)));
		snprintf(old[k], sizeof(old[k]), "MemorySwapMax=%s", systemd_value(f->swap_max_bytes, v, sizeof(v)));
		k++;
	}
	for (size_t i = 0; i < k; i++) {
		words[n] = nw[i];
		undo[n++] = old[i];
	}
	s = add_step(p, OOMT_LIMITS_STEP_RUN, p->persistent
	             ? "systemd owns the unit's cgroup and would set a file written by hand back "
	               "at its next reload; the drop-in it writes keeps the limit across reboots"
	             : "systemd owns the unit's cgroup and would set a file written by hand back "
	               "at its next reload; --runtime keeps the change until the next reboot");
	set_argv(p->args[0], sizeof(p->args[0]), s->argv, words, n);
	set_argv(p->args[1], sizeof(p->args[1]), s->undo_argv, undo, n);
	describe_argv(s->description, sizeof(s->description), s->argv);
	(void)req;
	if (max)
		add_verify(p, f, v1 ? "memory.limit_in_bytes" : "memory.max", p->new_max_bytes);
	if (high)
		add_verify(p, f, "memory.high", p->new_high_bytes);
	if (swap)
		add_verify(p, f, "memory.swap.max", p->new_swap_max_bytes);
}

/* Docker's --memory-swap: memory + swap, or -1 for no swap limit; "" to leave it. */
static void docker_memswap(int64_t max, int64_t swap_max, int64_t memsw_max, bool v1,
                           char *buf, size_t sz)
{
	buf[0] = '\0';
	if (v1 && known(memsw_max))
		file_value(memsw_max, OOMT_CGROUP_V1, buf, sz);
	else if (!v1 && swap_max == UNLIMITED)
		snprintf(buf, sz, "-1");
	else if (!v1 && known(swap_max) && known(max) && max != UNLIMITED)
		snprintf(buf, sz, "%" PRId64, max + swap_max);
}

static void docker_steps(struct oomt_limits_plan *p, const struct oomt_limits_facts *f,
                         const struct oomt_limits_request *req)
{
	bool v1 = f->version == OOMT_CGROUP_V1;
	char mem[32], swap[32], old_mem[32], old_swap[32];
	const char *words[OOMT_LIMITS_MAX_ARGS], *undo[OOMT_LIMITS_MAX_ARGS];
	size_t n = 0, u = 0;
	struct oomt_limits_step *s;

	/* keep the swap allowance on v2 too: --memory-swap is memory + swap */
	if (!v1 && !known(req->swap_bytes))
		p->new_swap_max_bytes = f->swap_max_bytes;
	snprintf(mem, sizeof(mem), "%" PRId64, p->new_max_bytes);
	docker_memswap(p->new_max_bytes, p->new_swap_max_bytes, p->new_memsw_max_bytes, v1, swap,
	               sizeof(swap));
	file_value(f->max_bytes, OOMT_CGROUP_V1, old_mem, sizeof(old_mem));
	docker_memswap(f->max_bytes, f->swap_max_bytes, f->has_memsw ? f->memsw_max_bytes
	               : OOMT_UNKNOWN, v1, old_swap, sizeof(old_swap));
	words[n++] = undo[u++] = f->docker;
	words[n++] = undo[u++] = "update";
	words[n++] = undo[u++] = "--memory";
	words[n++] = mem;
	undo[u++] = old_mem;
	if (swap[0]) {
		words[n++] = "--memory-swap";
		words[n++] = swap;
	}
	if (old_swap[0]) {
		undo[u++] = "--memory-swap";
		undo[u++] = old_swap;
	}
	words[n++] = undo[u++] = f->container_id;
	s = add_step(p, OOMT_LIMITS_STEP_RUN, "dockerd owns the container's limits: docker update "
	             "changes the cgroup and the container's stored configuration, so a restart "
	             "keeps it");
	set_argv(p->args[0], sizeof(p->args[0]), s->argv, words, n);
	if (f->max_bytes != UNLIMITED && known(f->max_bytes))
		set_argv(p->args[1], sizeof(p->args[1]), s->undo_argv, undo, u);
	else
		warn(p, "the container had no memory limit: docker update cannot put that back if "
		     "a later step fails");
	describe_argv(s->description, sizeof(s->description), s->argv);
	add_verify(p, f, v1 ? "memory.limit_in_bytes" : "memory.max", p->new_max_bytes);
	if (v1 && known(p->new_memsw_max_bytes) && swap[0])
		add_verify(p, f, "memory.memsw.limit_in_bytes", p->new_memsw_max_bytes);
	if (!v1 && known(req->swap_bytes))
		add_verify(p, f, "memory.swap.max", p->new_swap_max_bytes);
}

static bool nothing_to_do(const struct oomt_limits_plan *p, const struct oomt_limits_facts *f)
{
	int64_t page = f->page_size_bytes;

	return (!known(p->new_max_bytes) || same_limit(p->new_max_bytes, f->max_bytes, page)) &&
	       (!known(p->new_high_bytes) || same_limit(p->new_high_bytes, f->high_bytes, page)) &&
	       (!known(p->new_swap_max_bytes) ||
	        same_limit(p->new_swap_max_bytes, f->swap_max_bytes, page)) &&
	       (!known(p->new_memsw_max_bytes) ||
	        same_limit(p->new_memsw_max_bytes, f->memsw_max_bytes, page));
}

static void target_refusal(const struct oomt_limits_facts *f, struct oomt_limits_plan *p)
{
	char list[512] = "";
	size_t used = 0;

	if (f->nmatches == 0) {
		refuse(p, OOMT_LIMITS_REFUSE_NOT_FOUND, "target", "see 'oomtool limits -a' for the "
		       "names and paths there are", "no memory cgroup is '%s'", p->target);
		return;
	}
	for (size_t i = 0; i < f->nmatches && i < 4; i++) {
		int n = snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "",
		                 f->match_paths[i]);
		if (n < 0 || (size_t)n >= sizeof(list) - used)
			break;
		used += (size_t)n;
	}
	refuse(p, OOMT_LIMITS_REFUSE_AMBIGUOUS, "target", "give the cgroup path",
	       "'%s' names %zu cgroups: %s%s", p->target, f->nmatches, list,
	       f->nmatches > 4 ? ", ..." : "");
}

int oomt_limits_plan_compute(const struct oomt_limits_facts *f,
                             const struct oomt_limits_request *req,
                             struct oomt_limits_plan **ret)
{
	struct oomt_limits_plan *p;

	if (!f || !req || oomt_struct_size_check(req, OOMT_LIMITS_REQUEST_SIZE_V1) < 0 || !req->target ||
	    (!known(req->max_bytes) && !known(req->high_bytes) && !known(req->swap_bytes)) ||
	    f->page_size_bytes <= 0)
		return -EINVAL;
	if (!(p = calloc(1, sizeof(*p))))
		return -ENOMEM;
	p->page_size_bytes = f->page_size_bytes;
	p->persistent = req->persistent;
	snprintf(p->target, sizeof(p->target), "%s", req->target);
	p->verdict = OOMT_LIMITS_READY;
	p->current_bytes = p->max_bytes = p->new_max_bytes = p->high_bytes = OOMT_UNKNOWN;
	p->new_high_bytes = p->swap_max_bytes = p->new_swap_max_bytes = OOMT_UNKNOWN;
	p->memsw_max_bytes = p->new_memsw_max_bytes = OOMT_UNKNOWN;
	*ret = p;
	if (f->nmatches != 1) {
		target_refusal(f, p);
		return 0;
	}
	snprintf(p->path, sizeof(p->path), "%s", f->path);
	snprintf(p->name, sizeof(p->name), "%s", f->name);
	p->kind = f->kind;
	p->version = f->version;
	if (strcmp(f->path, "/") == 0) {
		refuse(p, OOMT_LIMITS_REFUSE_ROOT_CGROUP, "target", "limit a cgroup below it",
		       "the root cgroup has no memory limit");
		return 0;
	}
	p->method = choose_method(f, p);
	if (p->method != OOMT_LIMITS_METHOD_SYSTEMD)
		p->persistent = p->method == OOMT_LIMITS_METHOD_DOCKER;
	if (new_values(f, req, p) || checks(f, req, p) || manager_checks(f, req, p))
		return 0;
	if (nothing_to_do(p, f)) {
		p->verdict = OOMT_LIMITS_DONE;
		return 0;
	}
	if (p->method == OOMT_LIMITS_METHOD_SYSTEMD)
		systemd_steps(p, f, req);
	else if (p->method == OOMT_LIMITS_METHOD_DOCKER)
		docker_steps(p, f, req);
	else if (f->version == OOMT_CGROUP_V1)
		file_steps_v1(p, f);
	else
		file_steps_v2(p, f);
	if (p->method == OOMT_LIMITS_METHOD_CGROUP_FILE)
		warn(p, "a cgroup file holds the value only as long as the cgroup exists: a restart "
		     "of the workload or a reboot loses it");
	else if (p->method == OOMT_LIMITS_METHOD_SYSTEMD && !p->persistent)
		warn(p, "--runtime: the limit lasts until the next reboot (--persistent writes a "
		     "drop-in)");
	return 0;
}
