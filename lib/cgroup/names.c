/* SPDX-License-Identifier: MIT */
/*
 * The names a person knows for a cgroup's workload, read offline from the runtimes' own
 * files (cgroup.h): Docker's config.v2.json, the kubelet's /var/log/pods directories and
 * /var/log/containers links. The path alone is workload.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/cgroup.h>
#include "cgroup/names.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"

#define WORKLOAD_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_cgroup_workload, pod_uid)
#define MAX_ENTRIES 8192                 /* pods or containers listed on one node: bounded */
#define DOCKER_CONFIG_MAX (4 << 20)      /* read no further into a config.v2.json */

struct pod_entry {
	char *ns, *pod, *uid;    /* one allocation: "ns\0pod\0uid\0" */
};

struct ctr_entry {
	char *id, *ctr, *pod, *ns, *uid;   /* one allocation; uid "" when the link's target
	                                      does not say */
};

struct oomt_cgroup_names {
	char root[PATH_MAX];     /* the sysroot without a trailing '/', "" for the live system */
	bool pods_listed, ctrs_listed;
	struct pod_entry *pods;
	size_t npods;
	struct ctr_entry *ctrs;
	size_t nctrs;
	size_t unreadable;
	/* the last Docker config read: a container's sub-cgroups ask for it again */
	char docker_id[80];
	int docker_err;
	char docker_name[256];
};

/* ---- the pure parsers (names.h) ---- */

static bool copy_part(char *out, size_t outsz, const char *s, size_t n)
{
	if (n == 0 || n >= outsz)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

int oomt_cgroup_parse_pod_dir(const char *name, struct oomt_pod_dir_name *ret)
{
	struct oomt_pod_dir_name p;
	const char *a = strchr(name, '_'), *b = a ? strchr(a + 1, '_') : NULL;

	if (!b || strchr(b + 1, '_') ||
	    !copy_part(p.namespace_, sizeof(p.namespace_), name, (size_t)(a - name)) ||
	    !copy_part(p.pod, sizeof(p.pod), a + 1, (size_t)(b - a - 1)) ||
	    !copy_part(p.uid, sizeof(p.uid), b + 1, strlen(b + 1)))
		return -EINVAL;
	*ret = p;
	return 0;
}

static bool is_hex64(const char *s, size_t n)
{
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int oomt_cgroup_parse_container_log(const char *name, struct oomt_container_log_name *ret)
{
	struct oomt_container_log_name c;
	size_t n = strlen(name);
	const char *dash, *a, *b;

	if (n < 5 || strcmp(name + n - 4, ".log") != 0)
		return -EINVAL;
	n -= 4;
	dash = memrchr(name, '-', n);
	a = memchr(name, '_', n);
	b = a ? memchr(a + 1, '_', (size_t)(name + n - a - 1)) : NULL;
	if (!dash || !b || dash < b || !is_hex64(dash + 1, (size_t)(name + n - dash - 1)) ||
	    !copy_part(c.pod, sizeof(c.pod), name, (size_t)(a - name)) ||
	    !copy_part(c.namespace_, sizeof(c.namespace_), a + 1, (size_t)(b - a - 1)) ||
	    !copy_part(c.container, sizeof(c.container), b + 1, (size_t)(dash - b - 1)) ||
	    !copy_part(c.id, sizeof(c.id), dash + 1, 64))
		return -EINVAL;
	*ret = c;
	return 0;
}

int oomt_cgroup_parse_docker_k8s_name(const char *name, struct oomt_container_log_name *ret)
{
	struct oomt_container_log_name c = { .id = "" };
	const char *f[6];
	size_t nf = 0;

	if (*name == '/')
		name++;
	if (strncmp(name, "k8s_", 4) != 0)
		return -EINVAL;
	for (const char *p = name + 4; nf < 6; nf++) {
		f[nf] = p;
		p = strchr(p, '_');
		if (!p)
			break;
		p++;
	}
	/* container, pod, namespace, uid, attempt: five fields, four underscores */
	if (nf != 4 ||
	    !copy_part(c.container, sizeof(c.container), f[0], (size_t)(f[1] - f[0] - 1)) ||
	    !copy_part(c.pod, sizeof(c.pod), f[1], (size_t)(f[2] - f[1] - 1)) ||
	    !copy_part(c.namespace_, sizeof(c.namespace_), f[2], (size_t)(f[3] - f[2] - 1)))
		return -EINVAL;
	*ret = c;
	return 0;
}

void oomt_json_key_scan_init(struct oomt_json_key_scan *s, const char *key)
{
	memset(s, 0, sizeof(*s));
	s->key = key;
}

static void scan_put(struct oomt_json_key_scan *s, char c)
{
	if (s->capturing) {
		if (s->vlen + 1 < sizeof(s->value))
			s->value[s->vlen++] = c;
		else
			s->overflow = true;
	} else if (s->keylen + 1 < sizeof(s->keybuf)) {
		s->keybuf[s->keylen++] = c;
	} else {
		s->overflow = true;
	}
}

static char unescape(char c)
{
	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case 'b': return '\b';
	case 'f': return '\f';
	default: return c;    /* \" \\ \/ */
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One character inside a string. */
static void scan_string_char(struct oomt_json_key_scan *s, char c)
{
	bool keep = s->depth == 1 && (s->expect_key || s->capturing);

	if (s->uescape) {
		int h = hexval(c);

		s->ucode = s->ucode * 16 + (unsigned)(h < 0 ? 0 : h);
		if (--s->uescape == 0 && keep)
			scan_put(s, s->ucode < 0x80 && s->ucode > 0 ? (char)s->ucode : '?');
		return;
	}
	if (s->escape) {
		s->escape = false;
		if (c == 'u') {
			s->uescape = 4;
			s->ucode = 0;
		} else if (keep) {
			scan_put(s, unescape(c));
		}
		return;
	}
	if (c == '\\') {
		s->escape = true;
		return;
	}
	if (c != '"') {
		if (keep)
			scan_put(s, c);
		return;
	}
	/* the string ends */
	s->in_string = false;
	if (s->depth != 1)
		return;
	if (s->capturing) {
		s->value[s->vlen] = '\0';
		s->done = !s->overflow;
		s->bad = s->overflow;
		return;
	}
	if (s->expect_key)
		s->key_matches = !s->overflow && s->keylen == strlen(s->key) &&
		                 memcmp(s->keybuf, s->key, s->keylen) == 0;
	s->overflow = false;
}

/* One character outside strings. */
static void scan_structure(struct oomt_json_key_scan *s, char c)
{
	switch (c) {
	case '"':
		s->in_string = true;
		s->keylen = 0;
		if (s->depth == 1 && !s->expect_key && s->key_matches) {
			s->capturing = true;
			s->vlen = 0;
		}
		return;
	case '{':
	case '[':
		if (s->depth == 0 && c == '[')
			s->bad = true;
		if (s->depth == 1 && s->key_matches)
			s->bad = true;     /* the key's value is not a string */
		s->depth++;
		if (s->depth == 1)
			s->expect_key = true;
		return;
	case '}':
	case ']':
		if (--s->depth <= 0)
			s->bad = true;     /* the top object ended without the key */
		return;
	case ':':
		if (s->depth == 1)
			s->expect_key = false;
		return;
	case ',':
		if (s->depth == 1) {
			s->expect_key = true;
			s->key_matches = false;
		}
		return;
	case ' ': case '\t': case '\n': case '\r':
		return;
	default:
		if (s->depth == 0)
			s->bad = true;
		else if (s->depth == 1 && !s->expect_key && s->key_matches)
			s->bad = true;     /* a number, true, false or null */
		return;
	}
}

bool oomt_json_key_scan_feed(struct oomt_json_key_scan *s, const char *buf, size_t len)
{
	for (size_t i = 0; i < len && !s->done && !s->bad; i++) {
		if (s->in_string)
			scan_string_char(s, buf[i]);
		else
			scan_structure(s, buf[i]);
	}
	return !s->done && !s->bad;
}

/* ---- the names cache ---- */

int oomt_cgroup_names_new(const char *sysroot, struct oomt_cgroup_names **ret)
{
	struct oomt_cgroup_names *n = calloc(1, sizeof(*n));
	size_t len;

	if (!n)
		return -ENOMEM;
	if (!oomt_sysroot_is_live(sysroot)) {
		len = strlen(sysroot);
		while (len > 1 && sysroot[len - 1] == '/')
			len--;
		if (len >= sizeof(n->root)) {
			free(n);
			return -ENAMETOOLONG;
		}
		memcpy(n->root, sysroot, len);
	}
	*ret = n;
	return 0;
}

void oomt_cgroup_names_free(struct oomt_cgroup_names *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->npods; i++)
		free(n->pods[i].ns);
	for (size_t i = 0; i < n->nctrs; i++)
		free(n->ctrs[i].id);
	free(n->pods);
	free(n->ctrs);
	free(n);
}

size_t oomt_cgroup_names_unreadable(const struct oomt_cgroup_names *n)
{
	return n ? n->unreadable : 0;
}

static DIR *open_listing(struct oomt_cgroup_names *n, const char *rel)
{
	char path[PATH_MAX];
	DIR *d;

	if (snprintf(path, sizeof(path), "%s%s", n->root, rel) >= (int)sizeof(path))
		return NULL;
	d = opendir(path);
	if (!d && errno != ENOENT && errno != ENOTDIR)
		n->unreadable++;
	return d;
}

/* "a\0b\0c\0" in one allocation; the pointers into it. */
static char *join3(const char *a, const char *b, const char *c, char **pb, char **pc)
{
	size_t la = strlen(a) + 1, lb = strlen(b) + 1, lc = strlen(c) + 1;
	char *s = malloc(la + lb + lc);

	if (!s)
		return NULL;
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc);
	*pb = s + la;
	*pc = s + la + lb;
	return s;
}

static void list_pods(struct oomt_cgroup_names *n)
{
	DIR *d;
	struct dirent *e;

	n->pods_listed = true;
	if (!(d = open_listing(n, "/var/log/pods")))
		return;
	while ((e = readdir(d)) && n->npods < MAX_ENTRIES) {
		struct oomt_pod_dir_name p;
		struct pod_entry *grown, *pe;

		if (e->d_name[0] == '.' || oomt_cgroup_parse_pod_dir(e->d_name, &p) < 0)
			continue;
		grown = realloc(n->pods, (n->npods + 1) * sizeof(*grown));
		if (!grown)
			break;
		n->pods = grown;
		pe = &n->pods[n->npods];
		pe->ns = join3(p.namespace_, p.pod, p.uid, &pe->pod, &pe->uid);
		if (pe->ns)
			n->npods++;
	}
	closedir(d);
}

/* The pod uid a /var/log/containers link points into: ".../pods/<ns>_<pod>_<uid>/...". */
static void link_uid(DIR *d, const char *name, char *uid, size_t uidsz)
{
	char target[PATH_MAX], *p, *slash;
	struct oomt_pod_dir_name pd;
	ssize_t len = readlinkat(dirfd(d), name, target, sizeof(target) - 1);

	uid[0] = '\0';
	if (len <= 0)
		return;
	target[len] = '\0';
	if (!(p = strstr(target, "pods/")))
		return;
	p += 5;
	if ((slash = strchr(p, '/')))
		*slash = '\0';
	if (oomt_cgroup_parse_pod_dir(p, &pd) == 0)
		snprintf(uid, uidsz, "%s", pd.uid);
}

static void list_containers(struct oomt_cgroup_names *n)
{
	DIR *d;
	struct dirent *e;

	n->ctrs_listed = true;
	if (!(d = open_listing(n, "/var/log/containers")))
		return;
	while ((e = readdir(d)) && n->nctrs < MAX_ENTRIES) {
		struct oomt_container_log_name c;
		struct ctr_entry *grown, *ce;
		char uid[40], *s;
		size_t lid, lctr, lpod, lns;

		if (e->d_name[0] == '.' || oomt_cgroup_parse_container_log(e->d_name, &c) < 0)
			continue;
		link_uid(d, e->d_name, uid, sizeof(uid));
		grown = realloc(n->ctrs, (n->nctrs + 1) * sizeof(*grown));
		if (!grown)
			break;
		n->ctrs = grown;
		lid = strlen(c.id) + 1;
		lctr = strlen(c.container) + 1;
		lpod = strlen(c.pod) + 1;
		lns = strlen(c.namespace_) + 1;
		s = malloc(lid + lctr + lpod + lns + strlen(uid) + 1);
		if (!s)
			break;
		ce = &n->ctrs[n->nctrs++];
		ce->id = memcpy(s, c.id, lid);
		ce->ctr = memcpy(s + lid, c.container, lctr);
		ce->pod = memcpy(s + lid + lctr, c.pod, lpod);
		ce->ns = memcpy(s + lid + lctr + lpod, c.namespace_, lns);
		ce->uid = strcpy(s + lid + lctr + lpod + lns, uid);
	}
	closedir(d);
}

/* Docker's "Name" of a container (with its leading '/'), cached for the last id. */
static int docker_name(struct oomt_cgroup_names *n, const char *id, const char **ret)
{
	struct oomt_json_key_scan scan;
	char path[PATH_MAX], buf[4096];
	size_t total = 0;
	ssize_t len;
	int fd;

	if (strcmp(n->docker_id, id) == 0) {
		*ret = n->docker_name;
		return n->docker_err;
	}
	snprintf(n->docker_id, sizeof(n->docker_id), "%s", id);
	n->docker_name[0] = '\0';
	n->docker_err = -ENOENT;
	*ret = n->docker_name;
	if (snprintf(path, sizeof(path), "%s/var/lib/docker/containers/%s/config.v2.json",
	             n->root, id) >= (int)sizeof(path))
		return n->docker_err;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		n->docker_err = -errno;
		if (errno != ENOENT && errno != ENOTDIR)
			n->unreadable++;
		return n->docker_err;
	}
	oomt_json_key_scan_init(&scan, "Name");
	while (total < DOCKER_CONFIG_MAX && (len = read(fd, buf, sizeof(buf))) > 0) {
		total += (size_t)len;
		if (!oomt_json_key_scan_feed(&scan, buf, (size_t)len))
			break;
	}
	close(fd);
	if (!scan.done || !scan.value[0]) {
		n->unreadable++;
		n->docker_err = -EINVAL;
		return n->docker_err;
	}
	snprintf(n->docker_name, sizeof(n->docker_name), "%s", scan.value);
	n->docker_err = 0;
	return 0;
}

static void set_pod(struct oomt_cgroup_workload *w, const char *ns, const char *pod)
{
	if (w->pod_name[0])
		return;
	snprintf(w->pod_namespace, sizeof(w->pod_namespace), "%s", ns);
	snprintf(w->pod_name, sizeof(w->pod_name), "%s", pod);
}

static void names_from_docker(struct oomt_cgroup_names *n, struct oomt_cgroup_workload *w)
{
	struct oomt_container_log_name k;
	const char *name;

	if (docker_name(n, w->container_id, &name) < 0)
		return;
	if (oomt_cgroup_parse_docker_k8s_name(name, &k) == 0) {
		if (w->kind == OOMT_WORKLOAD_POD) {
			snprintf(w->container_name, sizeof(w->container_name), "%s", k.container);
			set_pod(w, k.namespace_, k.pod);
			return;
		}
	}
	snprintf(w->container_name, sizeof(w->container_name), "%s", name + (*name == '/'));
}

static void fill_names(struct oomt_cgroup_names *n, struct oomt_cgroup_workload *w)
{
	if (w->kind == OOMT_WORKLOAD_POD) {
		if (!n->ctrs_listed)
			list_containers(n);
		for (size_t i = 0; i < n->nctrs; i++) {
			const struct ctr_entry *c = &n->ctrs[i];

			if (w->container_id[0] && strcmp(c->id, w->container_id) == 0) {
				snprintf(w->container_name, sizeof(w->container_name), "%s", c->ctr);
				set_pod(w, c->ns, c->pod);
				break;
			}
		}
		if (!n->pods_listed)
			list_pods(n);
		for (size_t i = 0; i < n->npods && !w->pod_name[0]; i++)
			if (strcmp(n->pods[i].uid, w->pod_uid) == 0)
				set_pod(w, n->pods[i].ns, n->pods[i].pod);
		/* a pod without /var/log/pods: the containers' links still say where they point */
		for (size_t i = 0; i < n->nctrs && !w->pod_name[0]; i++)
			if (strcmp(n->ctrs[i].uid, w->pod_uid) == 0)
				set_pod(w, n->ctrs[i].ns, n->ctrs[i].pod);
	}
	if (w->container_id[0] && !w->container_name[0] &&
	    (w->runtime == OOMT_RUNTIME_DOCKER || w->runtime == OOMT_RUNTIME_UNKNOWN))
		names_from_docker(n, w);
}

int oomt_cgroup_workload_lookup(struct oomt_cgroup_names *names, const char *path,
                                struct oomt_cgroup_workload *ret)
{
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
	int r = oomt_struct_size_check(ret, WORKLOAD_SIZE_V1);

	if (r < 0)
		return r;
	r = oomt_cgroup_workload_parse(path, &w);
	if (r < 0)
		return r;
	if (names)
		fill_names(names, &w);
	oomt_struct_copy_out(ret, &w, sizeof(w));
	return 0;
}
