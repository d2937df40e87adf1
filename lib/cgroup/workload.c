/* SPDX-License-Identifier: MIT */
/*
 * cgroup path -> the workload that owns it: a systemd unit, a container, a Kubernetes pod,
 * an LXC system container, a Slurm job.
 * Pure string work on the path as /proc/PID/cgroup or an OOM report names it; see
 * cgroup.h for the names each manager gives its cgroups.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <oomtool/cgroup.h>
#include "util/struct-size.h"

#define WORKLOAD_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_cgroup_workload, pod_uid)
#define ID_MIN 12          /* docker's short ids; full ids are 64 hex digits */

struct span {
	const char *s;
	size_t n;
};

static bool span_is(struct span c, const char *lit)
{
	return c.n == strlen(lit) && memcmp(c.s, lit, c.n) == 0;
}

static bool span_starts(struct span c, const char *lit)
{
	size_t n = strlen(lit);
	return c.n >= n && memcmp(c.s, lit, n) == 0;
}

static bool span_ends(struct span c, const char *lit)
{
	size_t n = strlen(lit);
	return c.n > n && memcmp(c.s + c.n - n, lit, n) == 0;
}

static bool is_hex_id(const char *s, size_t n)
{
	if (n < ID_MIN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static void copy_span(char *out, size_t outsz, const char *s, size_t n)
{
	snprintf(out, outsz, "%.*s", (int)(n < outsz ? n : outsz - 1), s);
}

/* Next component of the path at *p (slashes skipped); false at the end. */
static bool next_component(const char **p, struct span *c)
{
	const char *s = *p, *slash;

	while (*s == '/')
		s++;
	if (!*s)
		return false;
	slash = strchr(s, '/');
	c->s = s;
	c->n = slash ? (size_t)(slash - s) : strlen(s);
	*p = s + c->n;
	return true;
}

/* A container's cgroup named "<prefix><id>[.scope]" by its runtime or by systemd for it. */
static const struct {
	const char *prefix;
	enum oomt_container_runtime runtime;
} container_prefixes[] = {
	{ "docker-", OOMT_RUNTIME_DOCKER },          /* docker, systemd driver */
	{ "libpod-", OOMT_RUNTIME_PODMAN },          /* podman, either driver */
	{ "cri-containerd-", OOMT_RUNTIME_CONTAINERD },
	{ "crio-", OOMT_RUNTIME_CRIO },              /* CRI-O, either driver */
};

/* Is c (".scope" already cut off when it had one) a container's cgroup? The monitors
 * (libpod-conmon-<id>, crio-conmon-<id>) are not: their ids fail the hex test. */
static bool container_component(struct span c, struct oomt_cgroup_workload *w)
{
	for (size_t i = 0; i < sizeof(container_prefixes) / sizeof(container_prefixes[0]); i++) {
		size_t n = strlen(container_prefixes[i].prefix);

		if (span_starts(c, container_prefixes[i].prefix) && is_hex_id(c.s + n, c.n - n)) {
			w->runtime = container_prefixes[i].runtime;
			copy_span(w->container_id, sizeof(w->container_id), c.s + n, c.n - n);
			return true;
		}
	}
	return false;
}

/* The QoS level of a pod's parent cgroup; Guaranteed pods have none. */
static bool qos_token(struct span t, struct oomt_cgroup_workload *w)
{
	if (span_is(t, "burstable"))
		w->qos = OOMT_POD_QOS_BURSTABLE;
	else if (span_is(t, "besteffort"))
		w->qos = OOMT_POD_QOS_BESTEFFORT;
	else
		return false;
	return true;
}

/* "pod<uid>": the systemd driver spells the uid's dashes as underscores (a '-' separates
 * the levels of a slice name); stored with dashes, as the API server prints it. */
static bool pod_token(struct span t, struct oomt_cgroup_workload *w)
{
	size_t n;

	if (!span_starts(t, "pod") || t.n < 4 || t.n - 3 >= sizeof(w->pod_uid))
		return false;
	n = t.n - 3;
	for (size_t i = 0; i < n; i++)
		w->pod_uid[i] = t.s[3 + i] == '_' ? '-' : t.s[3 + i];
	w->pod_uid[n] = '\0';
	return true;
}

/* A slice of the kubelet's systemd driver: "kubepods.slice", "kubepods-burstable.slice",
 * "kubepods-burstable-pod<uid>.slice", "kubepods-pod<uid>.slice" (Guaranteed: no QoS
 * level), also under a prefix ("kubelet-kubepods-...", kind). */
static bool kubepods_slice(struct span c, struct oomt_cgroup_workload *w)
{
	const char *k = memmem(c.s, c.n, "kubepods", 8), *p, *end = c.s + c.n - 6;

	if (!k)
		return false;
	for (p = k + 8; p < end;) {
		struct span t;
		const char *dash;

		if (*p != '-')
			break;
		p++;
		dash = memchr(p, '-', (size_t)(end - p));
		t = (struct span){ p, (size_t)((dash ? dash : end) - p) };
		if (!qos_token(t, w))
			pod_token(t, w);
		p += t.n;
	}
	return true;
}

/* The cgroupfs driver: "/kubepods[/burstable|/besteffort]/pod<uid>/<id>". */
static void kubepods_cgroupfs(const char *p, struct oomt_cgroup_workload *w)
{
	struct span c;
	bool have_pod = false;

	while (next_component(&p, &c)) {
		if (!have_pod && qos_token(c, w))
			continue;
		if (!have_pod) {
			if (!(have_pod = pod_token(c, w)))
				return;
			continue;
		}
		if (!container_component(c, w) && is_hex_id(c.s, c.n)) {
			w->runtime = OOMT_RUNTIME_UNKNOWN;  /* the cgroupfs driver does not say */
			copy_span(w->container_id, sizeof(w->container_id), c.s, c.n);
		}
		return;
	}
}

/* "<prefix><digits>" ("uid_1000", "job_5512"; prefix "" for digits alone): the number, else
 * OOMT_UNKNOWN. */
static int64_t prefixed_number(struct span c, const char *prefix)
{
	size_t n = strlen(prefix);
	int64_t v = 0;

	if (!span_starts(c, prefix) || c.n == n || c.n - n > 18)
		return OOMT_UNKNOWN;
	for (size_t i = n; i < c.n; i++) {
		if (c.s[i] < '0' || c.s[i] > '9')
			return OOMT_UNKNOWN;
		v = v * 10 + (c.s[i] - '0');
	}
	return v;
}

/* liblxc names a container's cgroup "<name>" under "lxc" (LXC 1-3, Proxmox) or
 * "lxc.payload" (LXC 4+ on v1), or "lxc.payload.<name>" (LXC 4+ on v2, Incus). Its monitor's
 * ("lxc.monitor.<name>", "lxc.monitor/<name>", "lxc.monitor") is not the container. A name
 * of digits under "lxc" is Proxmox's container id (LXD and Incus names begin with a
 * letter). */
static bool lxc_component(struct span prev, struct span c, struct oomt_cgroup_workload *w)
{
	struct span name = c;

	if (span_starts(c, "lxc.payload.") && c.n > strlen("lxc.payload."))
		name = (struct span){ c.s + 12, c.n - 12 };
	else if (!span_is(prev, "lxc") && !span_is(prev, "lxc.payload"))
		return false;
	if (name.n >= sizeof(w->system_container))
		return false;
	w->runtime = OOMT_RUNTIME_LXC;
	copy_span(w->system_container, sizeof(w->system_container), name.s, name.n);
	if (span_is(prev, "lxc"))
		w->proxmox_vmid = prefixed_number(name, "");
	return true;
}

/* A Slurm job's cgroup "job_<id>": under "uid_<uid>" under "slurm" or "slurm_<node>" (its
 * cgroup v1 plugin), or under "slurmstepd.scope" or "<node>_slurmstepd.scope" (v2); then
 * "step_<step>" from the rest of the path, when it goes on. */
static bool slurm_job(struct span prev2, struct span prev, struct span c, const char *rest,
                      struct oomt_cgroup_workload *w)
{
	int64_t job = prefixed_number(c, "job_");
	struct span step;

	if (job == OOMT_UNKNOWN)
		return false;
	if (!span_is(prev, "slurmstepd.scope") && !span_ends(prev, "_slurmstepd.scope") &&
	    !(prefixed_number(prev, "uid_") != OOMT_UNKNOWN &&
	      (span_is(prev2, "slurm") || (span_starts(prev2, "slurm_") && prev2.n > 6))))
		return false;
	w->slurm_job_id = job;
	if (next_component(&rest, &step) && span_starts(step, "step_") && step.n > 5)
		copy_span(w->slurm_step, sizeof(w->slurm_step), step.s + 5, step.n - 5);
	return true;
}

/* "user@1000.service": 1000; else OOMT_UNKNOWN. */
static int64_t user_manager_uid(struct span c)
{
	int64_t uid = 0;
	size_t i = 5;

	if (c.n < 14 || memcmp(c.s, "user@", 5) != 0 || !span_ends(c, ".service"))
		return OOMT_UNKNOWN;
	for (; i < c.n - 8; i++) {
		if (c.s[i] < '0' || c.s[i] > '9' || uid > 0x7fffffff)
			return OOMT_UNKNOWN;
		uid = uid * 10 + (c.s[i] - '0');
	}
	return i > 5 ? uid : OOMT_UNKNOWN;
}

int oomt_cgroup_workload_parse(const char *path, struct oomt_cgroup_workload *ret)
{
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w), .user_uid = OOMT_UNKNOWN,
	                                  .proxmox_vmid = OOMT_UNKNOWN,
	                                  .slurm_job_id = OOMT_UNKNOWN };
	const char *p = path;
	struct span c, prev = { "", 0 }, prev2 = { "", 0 };
	bool k8s = false;
	int64_t manager_uid = OOMT_UNKNOWN;   /* of a user@UID.service above */
	int r = oomt_struct_size_check(ret, WORKLOAD_SIZE_V1);

	if (r < 0 || !path)
		return -EINVAL;
	while (next_component(&p, &c)) {
		/* the outermost system container or job: what is inside is its own */
		if (!w.container_id[0] && !w.pod_uid[0] &&
		    (lxc_component(prev, c, &w) || slurm_job(prev2, prev, c, p, &w)))
			break;
		if (span_ends(c, ".slice")) {
			copy_span(w.slice, sizeof(w.slice), c.s, c.n);
			k8s |= kubepods_slice(c, &w);
		} else if (span_ends(c, ".service") || span_ends(c, ".scope")) {
			copy_span(w.unit, sizeof(w.unit), c.s, c.n);
			w.user_uid = manager_uid;
			if (user_manager_uid(c) != OOMT_UNKNOWN)
				manager_uid = user_manager_uid(c);
			if (span_ends(c, ".scope"))
				container_component((struct span){ c.s, c.n - 6 }, &w);
		} else if (!w.unit[0] && !w.container_id[0]) {
			/* cgroupfs drivers: no systemd names at all */
			if (span_is(c, "kubepods")) {
				k8s = true;
				kubepods_cgroupfs(p, &w);
				break;
			}
			if (span_is(prev, "docker") && is_hex_id(c.s, c.n)) {
				w.runtime = OOMT_RUNTIME_DOCKER;
				copy_span(w.container_id, sizeof(w.container_id), c.s, c.n);
			} else {
				container_component(c, &w);   /* "/libpod_parent/libpod-<id>" */
			}
		}
		prev2 = prev;
		prev = c;
	}
	if (w.system_container[0]) {
		w.kind = OOMT_WORKLOAD_SYSTEM_CONTAINER;
	} else if (w.slurm_job_id != OOMT_UNKNOWN) {
		w.kind = OOMT_WORKLOAD_SLURM_JOB;
	} else if (k8s && w.pod_uid[0]) {
		w.kind = OOMT_WORKLOAD_POD;
		if (w.qos == OOMT_POD_QOS_NONE)
			w.qos = OOMT_POD_QOS_GUARANTEED;
	} else if (w.container_id[0]) {
		w.kind = OOMT_WORKLOAD_CONTAINER;
	} else if (w.unit[0]) {
		w.kind = OOMT_WORKLOAD_UNIT;
	} else if (w.slice[0]) {
		w.kind = OOMT_WORKLOAD_SLICE;
	}
	if (!k8s || !w.pod_uid[0])
		w.qos = OOMT_POD_QOS_NONE;
	oomt_struct_copy_out(ret, &w, sizeof(w));
	return 0;
}

/* Twelve hex digits name a container as docker ps does. */
static const char *short_id(const struct oomt_cgroup_workload *w, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%.12s", w->container_id);
	return buf;
}

const char *oomt_container_runtime_name(enum oomt_container_runtime r)
{
	switch (r) {
	case OOMT_RUNTIME_DOCKER: return "docker";
	case OOMT_RUNTIME_PODMAN: return "podman";
	case OOMT_RUNTIME_CONTAINERD: return "containerd";
	case OOMT_RUNTIME_CRIO: return "crio";
	case OOMT_RUNTIME_UNKNOWN: return "container";
	case OOMT_RUNTIME_LXC: return "lxc";
	default: return "";
	}
}

const char *oomt_pod_qos_name(enum oomt_pod_qos q)
{
	switch (q) {
	case OOMT_POD_QOS_GUARANTEED: return "Guaranteed";
	case OOMT_POD_QOS_BURSTABLE: return "Burstable";
	case OOMT_POD_QOS_BESTEFFORT: return "BestEffort";
	default: return "";
	}
}

const char *oomt_cgroup_unit_name(const char *path, char *buf, size_t bufsz)
{
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
	char id[16];

	if (bufsz == 0)
		return buf;
	if (oomt_cgroup_workload_parse(path ? path : "", &w) < 0 ||
	    w.kind == OOMT_WORKLOAD_SLICE || w.kind == OOMT_WORKLOAD_OTHER)
		snprintf(buf, bufsz, "%s", path && *path ? path : "/");
	else if (w.kind == OOMT_WORKLOAD_SYSTEM_CONTAINER || w.kind == OOMT_WORKLOAD_SLURM_JOB)
		oomt_cgroup_workload_name(&w, path, buf, bufsz);
	else if (w.unit[0])
		snprintf(buf, bufsz, "%s", w.unit);
	else if (w.kind == OOMT_WORKLOAD_POD && w.container_id[0])
		snprintf(buf, bufsz, "pod%s/%s", w.pod_uid, short_id(&w, id, sizeof(id)));
	else if (w.kind == OOMT_WORKLOAD_POD)
		snprintf(buf, bufsz, "pod%s", w.pod_uid);
	else
		snprintf(buf, bufsz, "%s/%s", oomt_container_runtime_name(w.runtime),
		         short_id(&w, id, sizeof(id)));
	return buf;
}

/* The pod part of a name: "<namespace>/<pod>" when the kubelet's files said, else
 * "pod<uid>". */
static int pod_label(const struct oomt_cgroup_workload *w, char *buf, size_t bufsz)
{
	if (w->pod_name[0])
		return snprintf(buf, bufsz, "%s%s%s", w->pod_namespace,
		                w->pod_namespace[0] ? "/" : "", w->pod_name);
	return snprintf(buf, bufsz, "pod%s", w->pod_uid);
}

const char *oomt_cgroup_workload_name(const struct oomt_cgroup_workload *w, const char *path,
                                      char *buf, size_t bufsz)
{
	char id[16];
	int n;

	if (bufsz == 0)
		return buf;
	switch (w->kind) {
	case OOMT_WORKLOAD_POD:
		n = pod_label(w, buf, bufsz);
		if (w->container_id[0] && n >= 0 && (size_t)n < bufsz)
			snprintf(buf + n, bufsz - (size_t)n, "/%s",
			         w->container_name[0] ? w->container_name : short_id(w, id, sizeof(id)));
		break;
	case OOMT_WORKLOAD_CONTAINER:
		if (w->container_name[0])
			snprintf(buf, bufsz, "%s", w->container_name);
		else
			snprintf(buf, bufsz, "%s/%s", oomt_container_runtime_name(w->runtime),
			         short_id(w, id, sizeof(id)));
		break;
	case OOMT_WORKLOAD_UNIT:
		snprintf(buf, bufsz, "%s", w->unit);
		break;
	case OOMT_WORKLOAD_SLICE:
		snprintf(buf, bufsz, "%s", w->slice);
		break;
	case OOMT_WORKLOAD_SYSTEM_CONTAINER:
		snprintf(buf, bufsz, "lxc/%s", w->system_container);
		break;
	case OOMT_WORKLOAD_SLURM_JOB:
		snprintf(buf, bufsz, "slurm/%" PRId64 "%s%s", w->slurm_job_id,
		         w->slurm_step[0] ? "." : "", w->slurm_step);
		break;
	default:
		snprintf(buf, bufsz, "%s", path && *path ? path : "/");
		break;
	}
	return buf;
}
