/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_NAMES_H
#define OOMTOOL_CGROUP_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Internal: the pure parsers behind oomt_cgroup_workload_lookup (cgroup.h), for the file
 * and directory names the runtimes write. Each returns 0 or -EINVAL (not that name), and
 * writes its outputs only on success; outputs too long for their buffer are -EINVAL too.
 */

/* A kubelet pod log directory, /var/log/pods/<namespace>_<pod>_<uid>: Kubernetes names
 * (DNS labels and subdomains) never hold '_', so the two underscores split it. */
struct oomt_pod_dir_name {
	char namespace_[64];
	char pod[254];
	char uid[40];
};
int oomt_cgroup_parse_pod_dir(const char *name, struct oomt_pod_dir_name *ret);

/* A kubelet container log link, /var/log/containers/<pod>_<namespace>_<container>-<id>.log
 * (<id> 64 hex digits; the container name may hold '-', the id never does). */
struct oomt_container_log_name {
	char namespace_[64];
	char pod[254];
	char container[64];
	char id[80];
};
int oomt_cgroup_parse_container_log(const char *name, struct oomt_container_log_name *ret);

/* Docker's name of a dockershim pod's container: "k8s_<container>_<pod>_<namespace>_<uid>_
 * <attempt>" (the pause container is "k8s_POD_..."). */
int oomt_cgroup_parse_docker_k8s_name(const char *name, struct oomt_container_log_name *ret);

/*
 * A streaming scan of a JSON document for the string value of one top-level key (Docker's
 * config.v2.json "Name": nested objects have "Name" keys of their own, and the top-level
 * one comes after Config, whose environment and labels can be long). Feed it the file in
 * chunks of any size; escapes in the value are decoded (\uXXXX below 0x80 only, else '?').
 */
struct oomt_json_key_scan {
	const char *key;          /* the wanted key */
	char value[256];          /* the value once done */
	bool done;                /* found (value complete) */
	bool bad;                 /* not a JSON object, or the value is not a string */
	/* state */
	int depth;
	bool in_string, escape, expect_key, key_matches, capturing, overflow;
	int uescape;              /* hex digits left of a \u escape, 0 when none */
	unsigned ucode;
	char keybuf[64];
	size_t keylen, vlen;
};
void oomt_json_key_scan_init(struct oomt_json_key_scan *s, const char *key);
/* false once done or bad: stop feeding. */
bool oomt_json_key_scan_feed(struct oomt_json_key_scan *s, const char *buf, size_t len);

#endif
