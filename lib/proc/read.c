/* SPDX-License-Identifier: MIT */
/*
 * Thin readers: openat + read into a caller's (stack) buffer + a pure parser. Direct reads
 * instead of libproc2 for per-process data, because libproc2 (measured, libproc2-notes.md):
 * turns EACCES/ESRCH on any file but stat into a silent 0, doubles peak RSS, and reaps
 * every file for every process where oomtool needs statm for all and smaps_rollup for few.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <oomtool/proc.h>

int oomt_proc_open(const char *sysroot, int *ret_fd)
{
	char path[PATH_MAX];
	int fd;

	if (!sysroot || !*sysroot)
		sysroot = "/";
	if (snprintf(path, sizeof(path), "%s/proc", sysroot) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*ret_fd = fd;
	return 0;
}

int oomt_proc_read_file(int dirfd, const char *path, char *buf, size_t bufsz, size_t *ret_len,
                        bool *ret_truncated)
{
	size_t len = 0;
	bool truncated = false;
	int fd, err = 0;

	if (bufsz < 2)
		return -EINVAL;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	/* seq_file hands out at most a page per read(): loop until EOF or the buffer is full. */
	while (len < bufsz - 1) {
		ssize_t n = read(fd, buf + len, bufsz - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (!err && len == bufsz - 1) {
		char c;
		if (read(fd, &c, 1) == 1) {
			char *nl = memrchr(buf, '\n', len);
			truncated = true;
			if (nl)
				len = (size_t)(nl - buf) + 1;
		}
	}
	close(fd);
	if (err)
		return err;
	buf[len] = '\0';
	*ret_len = len;
	if (ret_truncated)
		*ret_truncated = truncated;
	return 0;
}

/* "PID/name" into path; pids are positive ints so 32 bytes always suffice. */
static const char *pid_path(char *path, size_t sz, int pid, const char *name)
{
	snprintf(path, sz, "%d/%s", pid, name);
	return path;
}

#define READ_PID_FILE(procfd, pid, name, buf, len)                                       \
	({                                                                                \
		char path_[64];                                                           \
		oomt_proc_read_file((procfd), pid_path(path_, sizeof(path_), (pid), (name)), \
		                    (buf), sizeof(buf), &(len), NULL);                    \
	})

int oomt_proc_read_statm(int procfd, int pid, long page_size, int64_t *ret_rss_bytes)
{
	char buf[128];
	size_t len;
	int r = READ_PID_FILE(procfd, pid, "statm", buf, len);

	return r < 0 ? r : oomt_proc_parse_statm(buf, len, page_size, ret_rss_bytes);
}

int oomt_proc_read_status(int procfd, int pid, struct oomt_proc_status *ret)
{
	char buf[4096];
	size_t len;
	int r = READ_PID_FILE(procfd, pid, "status", buf, len);

	return r < 0 ? r : oomt_proc_parse_status(buf, len, ret);
}

int oomt_proc_read_smaps_rollup(int procfd, int pid, struct oomt_proc_rollup *ret)
{
	char buf[2048];
	size_t len;
	int r = READ_PID_FILE(procfd, pid, "smaps_rollup", buf, len);

	return r < 0 ? r : oomt_proc_parse_smaps_rollup(buf, len, ret);
}

int oomt_proc_read_oom_score(int procfd, int pid, int64_t *ret)
{
	char buf[32];
	size_t len;
	int r = READ_PID_FILE(procfd, pid, "oom_score", buf, len);

	return r < 0 ? r : oomt_proc_parse_int(buf, len, ret);
}

int oomt_proc_read_oom_score_adj(int procfd, int pid, int64_t *ret)
{
	char buf[32];
	size_t len;
	int r = READ_PID_FILE(procfd, pid, "oom_score_adj", buf, len);

	return r < 0 ? r : oomt_proc_parse_int(buf, len, ret);
}

int oomt_proc_write_oom_score_adj(int procfd, int pid, int value)
{
	char path[64], buf[16];
	int fd, n, r = 0;

	if (value < -1000 || value > 1000)
		return -ERANGE;
	fd = openat(procfd, pid_path(path, sizeof(path), pid, "oom_score_adj"),
	            O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%d\n", value);
	if (write(fd, buf, (size_t)n) != n)
		r = -errno;
	close(fd);
	return r;
}

int oomt_proc_read_cgroup(int procfd, int pid, struct oomt_proc_cgroup *ret)
{
	char buf[2048];
	size_t len;
	int r = READ_PID_FILE(procfd, pid, "cgroup", buf, len);

	return r < 0 ? r : oomt_proc_parse_cgroup(buf, len, ret);
}

int oomt_proc_read_cmdline(int procfd, int pid, char *out, size_t outsz)
{
	char buf[OOMT_PROC_CMDLINE_MAX];
	size_t len;
	int r = READ_PID_FILE(procfd, pid, "cmdline", buf, len);

	return r < 0 ? r : oomt_proc_parse_cmdline(buf, len, out, outsz);
}

int oomt_proc_read_meminfo(int procfd, struct oomt_proc_meminfo *ret)
{
	char buf[4096];
	size_t len;
	int r = oomt_proc_read_file(procfd, "meminfo", buf, sizeof(buf), &len, NULL);

	return r < 0 ? r : oomt_proc_parse_meminfo(buf, len, ret);
}

/* vmstat is ~5 KiB on 6.x and oom_kill sits in its second half. */
int oomt_proc_read_vmstat_oom_kill(int procfd, int64_t *ret)
{
	char buf[16384];
	size_t len;
	int r = oomt_proc_read_file(procfd, "vmstat", buf, sizeof(buf), &len, NULL);

	return r < 0 ? r : oomt_proc_parse_vmstat_oom_kill(buf, len, ret);
}

int oomt_proc_read_pressure(int procfd, struct oomt_pressure *ret)
{
	char buf[256];
	size_t len;
	int r = oomt_proc_read_file(procfd, "pressure/memory", buf, sizeof(buf), &len, NULL);

	return r < 0 ? r : oomt_proc_parse_pressure(buf, len, ret);
}

int oomt_proc_iter_open(int procfd, struct oomt_proc_iter *it)
{
	int fd = openat(procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		int err = -errno;
		close(fd);
		return err;
	}
	it->dir = d;
	return 0;
}

int oomt_proc_iter_next(struct oomt_proc_iter *it, int *ret_pid)
{
	struct dirent *de;

	for (;;) {
		char *end;
		long v;

		errno = 0;
		de = readdir(it->dir);
		if (!de)
			return errno ? -errno : 1;
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		v = strtol(de->d_name, &end, 10);
		if (*end || v <= 0 || v > INT_MAX)
			continue;
		*ret_pid = (int)v;
		return 0;
	}
}

void oomt_proc_iter_done(struct oomt_proc_iter *it)
{
	if (it->dir)
		closedir(it->dir);
	it->dir = NULL;
}
