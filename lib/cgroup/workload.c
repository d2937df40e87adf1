/* SPDX-License-Identifier: MIT */
/*
 * cgroup path -> the workload that owns it: a systemd unit, a container, a Kubernetes pod.
 * Pure string work on the path as /proc/PID/cgroup or an OOM report names it; see
 * cgroup.h for the names each manager gives its cgroups.
 */
#include <errno.h>
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
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w), .user_uid = OOMT_UNKNOWN };
	const char *p = path;
	struct span c, prev = { "", 0 };
	bool k8s = false;
	int64_t manager_uid = OOMT_UNKNOWN;   /* of a user@UID.service above */
	int r = oomt_struct_size_check(ret, WORKLOAD_SIZE_V1);

	if (r < 0 || !path)
		return -EINVAL;
	while (next_component(&p, &c)) {
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
		prev = c;
	}
	if (k8s && w.pod_uid[0]) {
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
	default:
		snprintf(buf, bufsz, "%s", path && *path ? path : "/");
		break;
	}
	return buf;
}
