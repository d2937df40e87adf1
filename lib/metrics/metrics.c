/* SPDX-License-Identifier: MIT */
/* The metrics handle: options, the run, the exposition, the textfile (oomtool/metrics.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "metrics/metrics-internal.h"
#include "util/struct-size.h"
#include "util/sysroot-file.h"

#define OPTS_SIZE_V1 OOMT_SIZE_THROUGH(struct oomt_metrics_opts, max_cgroups)

const char *const oomt_metrics_source_names[METRICS_SOURCES] = {
	"journal", "kmsg", "logfiles", "accounting", "cgroups", "memory", "pressure", "watch",
	"state",
};

const char *oomt_metrics_state_name(enum oomt_metrics_state s)
{
	switch (s) {
	case OOMT_METRICS_STATE_NONE: return "none";
	case OOMT_METRICS_STATE_LOADED: return "loaded";
	case OOMT_METRICS_STATE_NEW_BOOT: return "new-boot";
	case OOMT_METRICS_STATE_DISABLED: return "disabled";
	case OOMT_METRICS_STATE_CORRUPT: return "corrupt";
	case OOMT_METRICS_STATE_FOREIGN: return "foreign";
	case OOMT_METRICS_STATE_UNREADABLE: return "unreadable";
	}
	return "unknown";
}

/* path as given, else <sysroot>/<rel>. */
static int path_opt(const char *given, const char *sysroot, const char *rel, char **ret)
{
	char buf[PATH_MAX];
	int r;

	if (given) {
		*ret = strdup(given);
		return *ret ? 0 : -ENOMEM;
	}
	r = oomt_sysroot_join(sysroot, rel, buf, sizeof(buf));
	if (r < 0)
		return r;
	*ret = strdup(buf);
	return *ret ? 0 : -ENOMEM;
}

int oomt_metrics_new(const struct oomt_metrics_opts *opts, struct oomt_metrics **ret)
{
	struct oomt_metrics_opts o = { 0 };
	struct oomt_metrics *m;
	int r;

	if (!ret || oomt_struct_size_check(opts, OPTS_SIZE_V1) < 0)
		return -EINVAL;
	memcpy(&o, opts, opts->struct_size < sizeof(o) ? opts->struct_size : sizeof(o));
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	oomt_metrics_state_init(&m->st);
	r = -ENOMEM;
	if (!oomt_sysroot_is_live(o.sysroot) && !(m->sysroot = strdup(o.sysroot)))
		goto fail;
	if (o.tmp_dir && o.tmp_dir[0] && !(m->tmp_dir = strdup(o.tmp_dir)))
		goto fail;
	if ((r = path_opt(o.state_path, m->sysroot, "var/lib/oomtool/metrics.state",
	                  &m->state_path)) < 0 ||
	    (r = path_opt(o.watch_state_path, m->sysroot, "run/oomtool/watch.state",
	                  &m->watch_state_path)) < 0)
		goto fail;
	m->max_workloads = o.max_workloads ? o.max_workloads : METRICS_DEFAULT_WORKLOADS;
	m->max_cgroups = o.max_cgroups ? o.max_cgroups : METRICS_DEFAULT_CGROUPS;
	m->status.state_path = m->state_path;
	*ret = m;
	return 0;
fail:
	oomt_metrics_free(m);
	return r;
}

void oomt_metrics_free(struct oomt_metrics *m)
{
	if (!m)
		return;
	oomt_metrics_state_done(&m->st);
	for (size_t i = 0; i < m->n_cgroups; i++) {
		free(m->cgroups[i].path);
		free(m->cgroups[i].name);
	}
	free(m->cgroups);
	for (size_t i = 0; i < m->n_etas; i++) {
		free(m->etas[i].scope);
		free(m->etas[i].name);
	}
	free(m->etas);
	for (size_t i = 0; i < m->status.n_errors; i++)
		free((char *)m->errors[i].what);
	free(m->errors);
	free(m->sysroot);
	free(m->tmp_dir);
	free(m->state_path);
	free(m->watch_state_path);
	free(m);
}

int oomt_metrics_error_add(struct oomt_metrics *m, const char *source, const char *what,
                           int error)
{
	struct oomt_metrics_error *e;
	size_t k;

	for (k = 0; k < METRICS_SOURCES; k++)
		if (strcmp(oomt_metrics_source_names[k], source) == 0)
			break;
	if (k == METRICS_SOURCES)
		return -EINVAL;
	m->source_errors[k]++;
	if (m->status.n_errors == m->cap_errors) {
		size_t cap = m->cap_errors ? m->cap_errors * 2 : 8;

		e = realloc(m->errors, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		m->errors = e;
		m->cap_errors = cap;
	}
	e = &m->errors[m->status.n_errors];
	e->source = oomt_metrics_source_names[k];
	e->what = strdup(what ? what : "");
	if (!e->what)
		return -ENOMEM;
	e->error = error;
	m->status.n_errors++;
	m->status.errors = m->errors;
	return 0;
}

int oomt_metrics_gather(struct oomt_metrics *m)
{
	if (!m)
		return -EINVAL;
	if (m->gathered)
		return -EALREADY;
	m->gathered = true;
	return oomt_metrics_gather_all(m);
}

int oomt_metrics_write(const struct oomt_metrics *m, FILE *out)
{
	if (!m || !out || !m->gathered)
		return -EINVAL;
	return oomt_metrics_expose(m, out);
}

static int write_all(int fd, const char *p, size_t len)
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

int oomt_metrics_write_textfile(const struct oomt_metrics *m, const char *dir, const char *name)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int fd = -1, dfd, r;

	if (!m || !dir || !dir[0] || !m->gathered)
		return -EINVAL;
	if (!name)
		name = "oomtool.prom";
	if (!name[0] || strchr(name, '/'))
		return -EINVAL;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) ||
	    (size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name) >= sizeof(tmp))
		return -ENAMETOOLONG;
	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	r = oomt_metrics_expose(m, f);
	if (fclose(f) != 0 && r == 0)
		r = -ENOMEM;
	/* a temporary name the textfile collector skips (it reads *.prom only), in the same
	 * directory so that the rename is atomic */
	if (r == 0 && (fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		r = -errno;
	if (r == 0 && fchmod(fd, 0644) < 0)
		r = -errno;
	if (r == 0)
		r = write_all(fd, text, len);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (fd >= 0 && close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0 && fd >= 0)
		unlink(tmp);
	free(text);
	if (r < 0)
		return r;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
}

const struct oomt_metrics_status *oomt_metrics_status(const struct oomt_metrics *m)
{
	return m ? &m->status : NULL;
}
