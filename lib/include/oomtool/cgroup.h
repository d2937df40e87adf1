/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_CGROUP_H
#define OOMTOOL_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <oomtool/proc.h>
#include <oomtool/common.h>

/*
 * cgroup memory controller readers, v1 (/sys/fs/cgroup/memory) and v2 (/sys/fs/cgroup, or
 * /sys/fs/cgroup/unified on hybrid systems), and what a cgroup path says about the workload
 * in it. Paths are as /proc/PID/cgroup names them ("/system.slice/nginx.service"). Returns
 * 0 or -errno; unknown values are OOMT_UNKNOWN; "no limit" ("max", or v1's
 * PAGE_COUNTER_MAX*PAGE_SIZE) is OOMT_UNKNOWN as a limit.
 *
 * Structs the caller allocates and has filled begin with struct_size (set it to sizeof as
 * compiled); the library fills the members that fit and only ever appends members.
 */

enum oomt_cgroup_version {
	OOMT_CGROUP_V1 = 1,
	OOMT_CGROUP_V2 = 2,
};

/* The memory hierarchies under a sysroot (NULL, "" or "/" = the live system): the v1 memory
 * controller's and the v2 one when its memory controller is enabled. -ENOENT when neither
 * is there. Every function below takes fs NULL as "none mounted". */
struct oomt_cgroup_fs;
int oomt_cgroup_fs_open(const char *sysroot, struct oomt_cgroup_fs **ret);
void oomt_cgroup_fs_free(struct oomt_cgroup_fs *fs);
bool oomt_cgroup_fs_has(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v);

/* Which of a process's two paths governs its memory: the v1 memory path when that
 * hierarchy is mounted (or when no v2 path is known), else the v2 path. Returns the version
 * with *ret_path pointing into cg, or 0 with *ret_path "" when cg names neither. */
enum oomt_cgroup_version oomt_cgroup_memory_path(const struct oomt_cgroup_fs *fs,
                                                 const struct oomt_proc_cgroup *cg,
                                                 const char **ret_path);

struct oomt_cgroup_memory {
	uint32_t struct_size;
	int64_t limit_bytes;       /* v1 memory.limit_in_bytes, v2 memory.max */
	int64_t usage_bytes;       /* v1 memory.usage_in_bytes, v2 memory.current */
	int64_t peak_bytes;        /* v1 memory.max_usage_in_bytes, v2 memory.peak (5.19+) */
	int64_t oom_events;        /* v2 memory.events oom; v1 unknown */
	int64_t oom_kill_events;   /* v1 memory.oom_control oom_kill (4.13+), v2 events oom_kill */
	int64_t under_oom;         /* v1 memory.oom_control under_oom (0/1); v2 unknown */
	int64_t oom_kill_disable;  /* v1 memory.oom_control oom_kill_disable; v2 unknown */
};
/* -ENOENT when the cgroup (its limit file) is not there. */
int oomt_cgroup_memory_read(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                            const char *path, struct oomt_cgroup_memory *ret);
/* The tightest limit on path and its ancestors (what the kernel enforces), or
 * OOMT_UNKNOWN when none applies. */
int oomt_cgroup_effective_limit(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                                const char *path, int64_t *ret);
/* One number file of a cgroup ("memory.swap.max", "memory.swappiness"): "max" and v1's
 * unlimited sentinel read as OOMT_UNKNOWN. */
int oomt_cgroup_value_read(const struct oomt_cgroup_fs *fs, enum oomt_cgroup_version v,
                           const char *path, const char *file, int64_t *ret);

/*
 * The workload a cgroup path belongs to. Names it recognises, v1 or v2, any depth:
 *   systemd        /system.slice/nginx.service, /user.slice/user-1000.slice/session-3.scope
 *   Docker         /system.slice/docker-<id>.scope (systemd driver), /docker/<id> (cgroupfs)
 *   Podman         /machine.slice/libpod-<id>.scope[/container], /libpod_parent/libpod-<id>
 *   containerd     .../cri-containerd-<id>.scope
 *   CRI-O          .../crio-<id>.scope, .../crio-<id>
 *   Kubernetes     systemd driver:
 *                    /kubepods.slice/kubepods-<qos>.slice/kubepods-<qos>-pod<uid>.slice/
 *                      {cri-containerd,crio,docker}-<id>.scope
 *                    /kubepods.slice/kubepods-pod<uid>.slice/... (Guaranteed: no QoS level)
 *                  cgroupfs driver:
 *                    /kubepods/<qos>/pod<uid>/<id>, /kubepods/pod<uid>/<id>
 *   LXC, LXD,      /lxc/<name> (LXC 1-3, LXD before 4.0; Proxmox: /lxc/<vmid>[/ns/...]),
 *   Incus, Proxmox /lxc.payload/<name> (LXC 4+, LXD), /lxc.payload.<name> (LXC 4+ on the
 *                  unified hierarchy, Incus)
 *   Slurm          cgroup v1: /slurm[_<node>]/uid_<uid>/job_<id>[/step_<step>[/task_<n>]]
 *                  (slurm_<node> when several slurmd share a host)
 *                  cgroup v2: /system.slice/[<node>_]slurmstepd.scope/job_<id>
 *                    [/step_<step>/user/task_<n>]
 * <id> is a container id (12 or more hex digits; 64 in practice); the conmon monitors
 * (libpod-conmon-<id>, crio-conmon-<id>) and LXC's (/lxc.monitor.<name>, /lxc.monitor/<name>,
 * lxc.monitor) are not containers. The outermost system container or Slurm job on the path
 * is the workload: what runs inside it (the container's own systemd units, a Docker in it,
 * a job step's tasks) is its business, not the host's managers'; a Slurm job wins over the
 * slurmstepd.scope unit that holds it.
 */
enum oomt_workload_kind {
	OOMT_WORKLOAD_OTHER,      /* the root cgroup, or a path no rule above names */
	OOMT_WORKLOAD_SLICE,      /* directly in a systemd slice (v1 without per-unit accounting) */
	OOMT_WORKLOAD_UNIT,       /* a systemd service or scope that is not a container */
	OOMT_WORKLOAD_CONTAINER,  /* a container outside Kubernetes */
	OOMT_WORKLOAD_POD,        /* a Kubernetes pod, or a container of one (container_id) */
	/* Appended: */
	OOMT_WORKLOAD_SYSTEM_CONTAINER, /* an LXC, LXD, Incus or Proxmox container
	                                   (system_container; runtime OOMT_RUNTIME_LXC) */
	OOMT_WORKLOAD_SLURM_JOB,  /* a Slurm job, or a step or task of one (slurm_job_id,
	                             slurm_step) */
};

enum oomt_container_runtime {
	OOMT_RUNTIME_NONE,        /* not a container */
	OOMT_RUNTIME_DOCKER,
	OOMT_RUNTIME_PODMAN,
	OOMT_RUNTIME_CONTAINERD,
	OOMT_RUNTIME_CRIO,
	OOMT_RUNTIME_UNKNOWN,     /* a pod's container under the cgroupfs driver: only its id */
	/* Appended: */
	OOMT_RUNTIME_LXC,         /* a system container of liblxc (LXC, LXD, Incus, Proxmox) */
};

enum oomt_pod_qos {
	OOMT_POD_QOS_NONE,        /* not a pod */
	OOMT_POD_QOS_GUARANTEED,
	OOMT_POD_QOS_BURSTABLE,
	OOMT_POD_QOS_BESTEFFORT,
};

struct oomt_cgroup_workload {
	uint32_t struct_size;
	enum oomt_workload_kind kind;
	enum oomt_container_runtime runtime;
	enum oomt_pod_qos qos;
	char unit[256];           /* the deepest systemd service or scope: "nginx.service",
	                             "docker-<id>.scope"; "" when none */
	char slice[256];          /* the deepest systemd slice, or "" */
	char container_id[80];    /* as the path spells it (64 hex digits), or "" */
	char pod_uid[40];         /* "94eb36cd-29e1-478b-b365-4cb5dfc7d6fb" (with dashes, also
	                             where the systemd driver writes underscores), or "" */
	/* Appended: the names a person knows, read from the runtimes' own files by
	 * oomt_cgroup_workload_lookup; oomt_cgroup_workload_parse leaves them "". */
	char container_name[128]; /* Docker's name ("web", without the leading '/'); a pod's
	                             container: its name in the pod spec ("nginx"); or "" */
	char pod_name[254];       /* a pod's name ("web-0"), or "" */
	char pod_namespace[64];   /* its namespace ("default"), or "" */
	/* Appended: */
	int64_t user_uid;         /* the uid of the user manager (user@UID.service) that runs
	                             unit, which `systemctl --user` as that user reaches, not
	                             PID 1; OOMT_UNKNOWN for PID 1's units */
	/* Appended: set only for the kinds they name (OOMT_UNKNOWN and "" otherwise) */
	char system_container[128]; /* the LXC/LXD/Incus/Proxmox container's name as the path
	                               spells it ("web1"; Proxmox's "101"), or "" */
	int64_t proxmox_vmid;     /* a name of digits under /lxc/: Proxmox's container id (pct
	                             takes it); OOMT_UNKNOWN otherwise */
	int64_t slurm_job_id;     /* the Slurm job of job_<id>, or OOMT_UNKNOWN */
	char slurm_step[32];      /* its step as Slurm prints it after the dot ("batch",
	                             "extern", "0"; from step_<step>), or "" for the job's own
	                             cgroup */
};

/* Pure: fills ret from the path alone. -EINVAL for a NULL path or a struct_size below the
 * first version's. */
int oomt_cgroup_workload_parse(const char *path, struct oomt_cgroup_workload *ret);

/*
 * Names a person knows, read offline from the runtimes' own files under a sysroot (NULL, ""
 * or "/" = the live system), never from a daemon:
 *   Docker       <sysroot>/var/lib/docker/containers/<id>/config.v2.json: "Name" ("/web");
 *                under Kubernetes with dockershim "k8s_<container>_<pod>_<namespace>_..."
 *   Kubernetes   <sysroot>/var/log/pods/<namespace>_<pod>_<uid>/: a pod's namespace and name;
 *                <sysroot>/var/log/containers/<pod>_<namespace>_<container>-<id>.log (the
 *                kubelet's links, for every runtime): a container id's name
 * A file that is missing, unreadable or malformed leaves the name "" (and is counted in
 * oomt_cgroup_names_unreadable when it exists but could not be read). The directories are
 * listed once per oomt_cgroup_names: make a new one to see new pods.
 */
struct oomt_cgroup_names;
/* -ENOMEM only: a sysroot without these files is not an error. */
int oomt_cgroup_names_new(const char *sysroot, struct oomt_cgroup_names **ret);
void oomt_cgroup_names_free(struct oomt_cgroup_names *n);
/* How many runtime files existed but could not be read or parsed so far. */
size_t oomt_cgroup_names_unreadable(const struct oomt_cgroup_names *n);

/* oomt_cgroup_workload_parse, then the names above (names NULL: none). The workload of a
 * cgroup path, the library's one answer for every command. -EINVAL as parse. */
int oomt_cgroup_workload_lookup(struct oomt_cgroup_names *names, const char *path,
                                struct oomt_cgroup_workload *ret);

/* The name a person knows for the workload w of path (from oomt_cgroup_workload_lookup):
 *   unit            "nginx.service"
 *   container       its name ("web"), else "<runtime>/<id12>" ("docker/46b3e0a4df44")
 *   pod             "<namespace>/<pod>" ("default/web-0"), else "pod<uid>"
 *   pod container   "<namespace>/<pod>/<container>", with the pod as above and the
 *                   container by its id12 when its name is not known
 *   slice           "user-1000.slice" (the deepest slice)
 *   system container "lxc/<name>" ("lxc/web1", Proxmox "lxc/101")
 *   Slurm job       "slurm/<job>" or "slurm/<job>.<step>" ("slurm/5512.batch"), as Slurm
 *                   names a step
 *   other           the path ("/" for the root)
 * Returns buf. */
const char *oomt_cgroup_workload_name(const struct oomt_cgroup_workload *w, const char *path,
                                      char *buf, size_t bufsz);

/* "docker", "podman", "containerd", "crio", "container" (a pod's container whose runtime the
 * path does not say), "lxc", "" for none. */
const char *oomt_container_runtime_name(enum oomt_container_runtime r);
/* "Guaranteed", "Burstable", "BestEffort" as Kubernetes spells the QoS classes; "" for none. */
const char *oomt_pod_qos_name(enum oomt_pod_qos q);

/* One short name for the workload of path, as top-mem --by unit groups by it: a system
 * container's or Slurm job's name as oomt_cgroup_workload_name gives it ("lxc/web1",
 * "slurm/5512.batch"); else the systemd unit when the path has one ("nginx.service",
 * "docker-<id>.scope"); else "<runtime>/<id12>" for a container ("docker/0123456789ab");
 * "pod<uid>/<id12>" or "pod<uid>" for a Kubernetes container or pod without a unit (the
 * cgroupfs driver, a pod's own slice); else the path itself ("/" for the root,
 * "/user.slice").
 * Returns buf. */
const char *oomt_cgroup_unit_name(const char *path, char *buf, size_t bufsz);

#endif
