/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_H
#define OOMTOOL_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * cgroup memory controller readers, v1 (/sys/fs/cgroup/memory) and v2 (/sys/fs/cgroup, or
 * /sys/fs/cgroup/unified on hybrid systems). Paths are as /proc/PID/cgroup names them
 * ("/system.slice/nginx.service"). Returns 0 or -errno; unknown values are OOMT_UNKNOWN;
 * "no limit" ("max", or v1's PAGE_COUNTER_MAX*PAGE_SIZE) is OOMT_UNKNOWN as a limit.
 */

enum oomt_cgroup_version {
	OOMT_CGROUP_V1 = 1,
	OOMT_CGROUP_V2 = 2,
};

struct oomt_cgroup_fs {
	int v1_memory_fd;  /* <root>/sys/fs/cgroup/memory, or -1 */
	int v2_fd;         /* the v2 hierarchy with the memory controller enabled, or -1 */
};

/* Opens the hierarchies under sysroot (NULL = "/"). -ENOENT when neither is mounted. */
int oomt_cgroup_fs_open(struct oomt_cgroup_fs *fs, const char *sysroot);
void oomt_cgroup_fs_close(struct oomt_cgroup_fs *fs);

struct oomt_cgroup_memory {
	int64_t limit_bytes;       /* v1 memory.limit_in_bytes, v2 memory.max */
	int64_t usage_bytes;       /* v1 memory.usage_in_bytes, v2 memory.current */
	int64_t peak_bytes;        /* v1 memory.max_usage_in_bytes, v2 memory.peak (5.19+) */
	int64_t oom_events;        /* v2 memory.events oom; v1 unknown */
	int64_t oom_kill_events;   /* v1 memory.oom_control oom_kill (4.13+), v2 events oom_kill */
	int64_t under_oom;         /* v1 memory.oom_control under_oom (0/1); v2 unknown */
	int64_t oom_kill_disable;  /* v1 memory.oom_control oom_kill_disable; v2 unknown */
};

/* ---- pure parsers ---- */
/* "9223372036854771712\n" (v1; >= 2^62 means unlimited) or "max\n" / "536870912\n" (v2). */
int oomt_cgroup_parse_limit(const char *buf, size_t len, int64_t *ret);
/* "key value" lines (v2 memory.events, v1 memory.oom_control): the value of key. */
int oomt_cgroup_parse_keyed(const char *buf, size_t len, const char *key, int64_t *ret);

/* ---- readers ---- */
int oomt_cgroup_memory_read(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                            const char *path, struct oomt_cgroup_memory *ret);
/* The tightest limit on path and its ancestors (what the kernel enforces), or
 * OOMT_UNKNOWN when none applies. */
int oomt_cgroup_effective_limit(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                                const char *path, int64_t *ret);

/* The systemd unit or container a cgroup path belongs to: the last "*.service" or
 * "*.scope" component ("docker-ab12.scope"), else "docker/<id12>" for cgroupfs-driver
 * docker paths, else the path itself ("/" for the root). */
const char *oomt_cgroup_unit_name(const char *path, char *buf, size_t bufsz);

#endif
