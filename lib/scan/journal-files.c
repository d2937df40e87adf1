/* SPDX-License-Identifier: MIT */
/*
 * Which journal files hold something new (resuming): each file's header, read with pread()
 * (systemd's journal file format, https://systemd.io/JOURNAL_FILE_FORMAT/: the signature
 * "LPKSHHRH" at 0, header_size at 88, n_entries at 152, tail_entry_seqnum at 160), not
 * through sd-journal. A journal whose files all still hold the entries they held is not
 * opened at all, and one that grew is opened on the files that grew: sd-journal maps the
 * files it opens and seeks through every one of them, which on a journal of hundreds of
 * megabytes costs more memory than the whole rest of a run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "scan/scan-internal.h"

#define HEADER_BYTES 168

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool journal_name(const char *name)
{
	size_t n = strlen(name);

	if (n > 1 && name[n - 1] == '~')
		n--;
	return n > 8 && memcmp(name + n - 8, ".journal", 8) == 0;
}

/* 32 hex digits: a machine ID's directory (sd-journal looks one level down into them). */
static bool machine_dir_name(const char *name)
{
	size_t n = 0;

	for (; name[n]; n++)
		if (!((name[n] >= '0' && name[n] <= '9') || (name[n] >= 'a' && name[n] <= 'f')))
			return false;
	return n == 32;
}

struct jlist {
	struct oomt_scan_jfile *v;
	size_t n, cap;
};

static int add_file(struct jlist *l, const char *path)
{
	unsigned char h[HEADER_BYTES];
	struct oomt_scan_jfile *f;
	struct stat st;
	int fd;

	if (l->n >= OOMT_SCAN_JFILES_MAX)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return 0;               /* sd-journal will say why, if it matters */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h, "LPKSHHRH", 8) != 0 ||
	    le64(h + 88) < HEADER_BYTES) {
		close(fd);
		return 0;               /* not a journal file (yet): sd-journal skips it too */
	}
	close(fd);
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;

		f = realloc(l->v, cap * sizeof(*f));
		if (!f)
			return -ENOMEM;
		l->v = f;
		l->cap = cap;
	}
	f = &l->v[l->n];
	f->path = strdup(path);
	if (!f->path)
		return -ENOMEM;
	f->dev = (uint64_t)st.st_dev;
	f->ino = (uint64_t)st.st_ino;
	f->n_entries = le64(h + 152);
	f->tail_seqnum = le64(h + 160);
	l->n++;
	return 0;
}

static int add_dir(struct jlist *l, const char *dir, bool descend)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int r = 0;

	if (!d)
		return -errno;
	while (r == 0 && (de = readdir(d))) {
		char path[4096];

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path))
			continue;
		if (journal_name(de->d_name))
			r = add_file(l, path);
		else if (descend && machine_dir_name(de->d_name))
			(void)add_dir(l, path, false);
	}
	closedir(d);
	return r == -ENOMEM ? r : 0;
}

static int cmp_jfile(const void *x, const void *y)
{
	const struct oomt_scan_jfile *a = x, *b = y;

	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	return (a->ino > b->ino) - (a->ino < b->ino);
}

int oomt_scan_jfiles_list(const char *const *dirs, struct oomt_scan_jfile **ret, size_t *ret_n)
{
	struct jlist l = { 0 };
	bool listed = false;
	int r = 0, err = -ENOENT;

	for (size_t i = 0; dirs[i] && r != -ENOMEM; i++) {
		r = add_dir(&l, dirs[i], true);
		if (r == 0)
			listed = true;
		else
			err = r;
	}
	if (r == -ENOMEM || !listed) {
		oomt_scan_jfiles_free(l.v, l.n);
		return r == -ENOMEM ? r : err;
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_jfile);
	*ret = l.v;
	*ret_n = l.n;
	return 0;
}

void oomt_scan_jfiles_free(struct oomt_scan_jfile *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].path);
	free(v);
}
