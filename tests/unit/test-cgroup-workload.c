/* SPDX-License-Identifier: MIT */
/* cgroup path -> workload: systemd units and slices, Docker, Podman, containerd, CRI-O and
 * Kubernetes pods under both cgroup drivers, LXC/LXD/Incus/Proxmox system containers and
 * Slurm jobs, as v1 and v2 paths name them; and the short
 * name top-mem --by unit and explain-kill use (oomt_cgroup_unit_name). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <oomtool/cgroup.h>

#define ID64 "46b3e0a4df44b752b841aecca454e6e78995d567912a84950390bae6f6777a63"
#define UID_DASH "94eb36cd-29e1-478b-b365-4cb5dfc7d6fb"
#define UID_UNDER "94eb36cd_29e1_478b_b365_4cb5dfc7d6fb"

static struct oomt_cgroup_workload parse(const char *path)
{
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };

	assert_int_equal(oomt_cgroup_workload_parse(path, &w), 0);
	return w;
}

static void expect(const char *path, enum oomt_workload_kind kind,
                   enum oomt_container_runtime runtime, enum oomt_pod_qos qos, const char *unit,
                   const char *id, const char *pod)
{
	struct oomt_cgroup_workload w = parse(path);

	print_message("%s\n", path);
	assert_int_equal(w.kind, kind);
	assert_int_equal(w.runtime, runtime);
	assert_int_equal(w.qos, qos);
	assert_string_equal(w.unit, unit);
	assert_string_equal(w.container_id, id);
	assert_string_equal(w.pod_uid, pod);
}

static void test_systemd(void **state)
{
	(void)state;
	expect("/system.slice/nginx.service", OOMT_WORKLOAD_UNIT, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "nginx.service", "", "");
	expect("/user.slice/user-1000.slice/session-3.scope", OOMT_WORKLOAD_UNIT,
	       OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "session-3.scope", "", "");
	expect("/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-42.scope",
	       OOMT_WORKLOAD_UNIT, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE,
	       "app-gnome-firefox-42.scope", "", "");
	/* a sub-cgroup of a unit belongs to the unit */
	expect("/app.slice/worker.service/sub", OOMT_WORKLOAD_UNIT, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "worker.service", "", "");
	/* docker.service is the daemon, not a container */
	expect("/system.slice/docker.service", OOMT_WORKLOAD_UNIT, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "docker.service", "", "");
	expect("/user.slice", OOMT_WORKLOAD_SLICE, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "", "", "");
	assert_string_equal(parse("/user.slice/user-1000.slice").slice, "user-1000.slice");
	expect("/", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "", "", "");
	expect("", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "", "", "");
	expect("/process_api/77d2", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE,
	       "", "", "");
	expect("/x.service.d", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "", "", "");
}

/* A unit below user@UID.service is that user's manager's (systemctl --user), not PID 1's;
 * user@UID.service itself and every other unit are PID 1's. */
static void test_user_manager(void **state)
{
	(void)state;
	assert_int_equal(parse("/user.slice/user-1000.slice/user@1000.service/app.slice/"
	                       "run-u640.service").user_uid, 1000);
	assert_int_equal(parse("/user.slice/user-1000.slice/user@1000.service/app.slice/"
	                       "app-x.scope/sub.service").user_uid, 1000);
	assert_true(parse("/user.slice/user-1000.slice/user@1000.service").user_uid == OOMT_UNKNOWN);
	assert_true(parse("/user.slice/user-1000.slice/session-3.scope").user_uid == OOMT_UNKNOWN);
	assert_true(parse("/system.slice/nginx.service").user_uid == OOMT_UNKNOWN);
	assert_true(parse("/user.slice/user@x.service/a.service").user_uid == OOMT_UNKNOWN);
}

static void test_containers(void **state)
{
	(void)state;
	/* Docker: systemd driver (v1 and v2 alike), cgroupfs driver */
	expect("/system.slice/docker-" ID64 ".scope", OOMT_WORKLOAD_CONTAINER, OOMT_RUNTIME_DOCKER,
	       OOMT_POD_QOS_NONE, "docker-" ID64 ".scope", ID64, "");
	expect("/system.slice/docker-0123456789abcdef.scope/init", OOMT_WORKLOAD_CONTAINER,
	       OOMT_RUNTIME_DOCKER, OOMT_POD_QOS_NONE, "docker-0123456789abcdef.scope",
	       "0123456789abcdef", "");
	expect("/docker/" ID64, OOMT_WORKLOAD_CONTAINER, OOMT_RUNTIME_DOCKER, OOMT_POD_QOS_NONE,
	       "", ID64, "");
	/* systemd inside a cgroupfs container: its unit, in that container */
	expect("/docker/" ID64 "/system.slice/cron.service", OOMT_WORKLOAD_CONTAINER,
	       OOMT_RUNTIME_DOCKER, OOMT_POD_QOS_NONE, "cron.service", ID64, "");
	expect("/docker/notanid", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE,
	       "", "", "");
	/* Podman: systemd (v2 puts the payload in a "container" child), cgroupfs; conmon */
	expect("/machine.slice/libpod-" ID64 ".scope/container", OOMT_WORKLOAD_CONTAINER,
	       OOMT_RUNTIME_PODMAN, OOMT_POD_QOS_NONE, "libpod-" ID64 ".scope", ID64, "");
	expect("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID64 ".scope",
	       OOMT_WORKLOAD_CONTAINER, OOMT_RUNTIME_PODMAN, OOMT_POD_QOS_NONE,
	       "libpod-" ID64 ".scope", ID64, "");
	expect("/libpod_parent/libpod-" ID64, OOMT_WORKLOAD_CONTAINER, OOMT_RUNTIME_PODMAN,
	       OOMT_POD_QOS_NONE, "", ID64, "");
	expect("/machine.slice/libpod-conmon-" ID64 ".scope", OOMT_WORKLOAD_UNIT,
	       OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "libpod-conmon-" ID64 ".scope", "", "");
	/* containerd and CRI-O outside Kubernetes */
	expect("/system.slice/cri-containerd-" ID64 ".scope", OOMT_WORKLOAD_CONTAINER,
	       OOMT_RUNTIME_CONTAINERD, OOMT_POD_QOS_NONE, "cri-containerd-" ID64 ".scope", ID64, "");
	expect("/system.slice/crio-" ID64 ".scope", OOMT_WORKLOAD_CONTAINER, OOMT_RUNTIME_CRIO,
	       OOMT_POD_QOS_NONE, "crio-" ID64 ".scope", ID64, "");
	expect("/system.slice/crio-conmon-" ID64 ".scope", OOMT_WORKLOAD_UNIT, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "crio-conmon-" ID64 ".scope", "", "");
}

static void test_kubernetes(void **state)
{
	(void)state;
	/* systemd driver: uid with underscores in the path, dashes out */
	expect("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER
	       ".slice/cri-containerd-" ID64 ".scope", OOMT_WORKLOAD_POD, OOMT_RUNTIME_CONTAINERD,
	       OOMT_POD_QOS_BURSTABLE, "cri-containerd-" ID64 ".scope", ID64, UID_DASH);
	expect("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_UNDER
	       ".slice/crio-" ID64 ".scope", OOMT_WORKLOAD_POD, OOMT_RUNTIME_CRIO,
	       OOMT_POD_QOS_BESTEFFORT, "crio-" ID64 ".scope", ID64, UID_DASH);
	expect("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER
	       ".slice/docker-" ID64 ".scope", OOMT_WORKLOAD_POD, OOMT_RUNTIME_DOCKER,
	       OOMT_POD_QOS_BURSTABLE, "docker-" ID64 ".scope", ID64, UID_DASH);
	/* Guaranteed pods have no QoS level */
	expect("/kubepods.slice/kubepods-pod" UID_UNDER ".slice/cri-containerd-" ID64 ".scope",
	       OOMT_WORKLOAD_POD, OOMT_RUNTIME_CONTAINERD, OOMT_POD_QOS_GUARANTEED,
	       "cri-containerd-" ID64 ".scope", ID64, UID_DASH);
	/* the pod's own cgroup (an OOM report's oom_memcg) */
	expect("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER ".slice",
	       OOMT_WORKLOAD_POD, OOMT_RUNTIME_NONE, OOMT_POD_QOS_BURSTABLE, "", "", UID_DASH);
	/* nested kubelets (kind) prefix the slice names */
	expect("/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
	       "kubelet-kubepods-besteffort-pod" UID_UNDER ".slice/cri-containerd-" ID64 ".scope",
	       OOMT_WORKLOAD_POD, OOMT_RUNTIME_CONTAINERD, OOMT_POD_QOS_BESTEFFORT,
	       "cri-containerd-" ID64 ".scope", ID64, UID_DASH);
	/* cgroupfs driver (v1 mostly): the runtime is not named */
	expect("/kubepods/burstable/pod" UID_DASH "/" ID64, OOMT_WORKLOAD_POD, OOMT_RUNTIME_UNKNOWN,
	       OOMT_POD_QOS_BURSTABLE, "", ID64, UID_DASH);
	expect("/kubepods/besteffort/pod" UID_DASH "/crio-" ID64, OOMT_WORKLOAD_POD,
	       OOMT_RUNTIME_CRIO, OOMT_POD_QOS_BESTEFFORT, "", ID64, UID_DASH);
	expect("/kubepods/pod" UID_DASH "/" ID64, OOMT_WORKLOAD_POD, OOMT_RUNTIME_UNKNOWN,
	       OOMT_POD_QOS_GUARANTEED, "", ID64, UID_DASH);
	expect("/kubepods/burstable/pod" UID_DASH, OOMT_WORKLOAD_POD, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_BURSTABLE, "", "", UID_DASH);
	/* the QoS parents alone are not pods */
	expect("/kubepods/burstable", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE,
	       "", "", "");
	expect("/kubepods.slice/kubepods-burstable.slice", OOMT_WORKLOAD_SLICE, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "", "", "");
	/* a garbled level (seen in a real log) names no QoS; the pod is still found */
	expect("/kubepods.slice/kubepods-urstable.slice/kubepods-burstable-pod" UID_UNDER
	       ".slice/cri-containerd-" ID64 ".scope", OOMT_WORKLOAD_POD, OOMT_RUNTIME_CONTAINERD,
	       OOMT_POD_QOS_BURSTABLE, "cri-containerd-" ID64 ".scope", ID64, UID_DASH);
}

/* An LXC, LXD, Incus or Proxmox container as each layout names it; its monitor and
 * lookalikes are not one. */
static void expect_lxc(const char *path, const char *name, int64_t vmid, const char *unit)
{
	struct oomt_cgroup_workload w = parse(path);
	char b[160];

	print_message("%s\n", path);
	assert_int_equal(w.kind, OOMT_WORKLOAD_SYSTEM_CONTAINER);
	assert_int_equal(w.runtime, OOMT_RUNTIME_LXC);
	assert_int_equal(w.qos, OOMT_POD_QOS_NONE);
	assert_string_equal(w.system_container, name);
	assert_true(w.proxmox_vmid == vmid);
	assert_string_equal(w.unit, unit);
	assert_string_equal(w.container_id, "");
	assert_true(w.slurm_job_id == OOMT_UNKNOWN);
	snprintf(b, sizeof(b), "lxc/%s", name);
	assert_string_equal(oomt_cgroup_workload_name(&w, path, b + 80, 80), b);
	assert_string_equal(oomt_cgroup_unit_name(path, b + 80, 80), b);
}

static void test_lxc(void **state)
{
	(void)state;
	expect_lxc("/lxc/web1", "web1", OOMT_UNKNOWN, "");                  /* LXC 1-3, LXD < 4 */
	expect_lxc("/lxc.payload/fetch-ci", "fetch-ci", OOMT_UNKNOWN, "");  /* LXC 4+, LXD (v1) */
	expect_lxc("/lxc.payload.fetch-ci", "fetch-ci", OOMT_UNKNOWN, "");  /* unified, Incus */
	/* what runs inside is the container's: its units are not the host's */
	expect_lxc("/lxc.payload/fetch-ci/system.slice/lxd.service", "fetch-ci", OOMT_UNKNOWN, "");
	expect_lxc("/lxc.payload.c2/system.slice/docker-" ID64 ".scope", "c2", OOMT_UNKNOWN, "");
	expect_lxc("/lxc.payload.c2/kubepods/burstable/pod" UID_DASH "/" ID64, "c2", OOMT_UNKNOWN,
	           "");
	expect_lxc("/lxc.payload.outer/lxc.payload.inner", "outer", OOMT_UNKNOWN, "");
	/* Proxmox: the vmid, and its container's own cgroup namespace below "ns" */
	expect_lxc("/lxc/107", "107", 107, "");
	expect_lxc("/lxc/107/ns/system.slice/postfix.service", "107", 107, "");
	/* LXC 4 started from a user's session: the host's unit above stays */
	expect_lxc("/user.slice/user-1000.slice/session-4.scope/lxc.payload.dev", "dev",
	           OOMT_UNKNOWN, "session-4.scope");
	/* digits under lxc.payload are a name, not Proxmox's */
	expect_lxc("/lxc.payload/2024", "2024", OOMT_UNKNOWN, "");
	/* the monitors, and lookalikes */
	expect("/lxc.monitor.fetch-ci", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE,
	       "", "", "");
	expect("/lxc.monitor/fetch-ci", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE,
	       "", "", "");
	expect("/lxc.monitor", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "", "", "");
	expect("/lxc", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "", "", "");
	expect("/lxc.payload", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "", "", "");
	expect("/lxc.payload.", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "", "",
	       "");
	expect("/lxc.pivot", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "", "", "");
	expect("/system.slice/lxc.service", OOMT_WORKLOAD_UNIT, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "lxc.service", "", "");
	expect("/system.slice/snap.lxd.daemon.service", OOMT_WORKLOAD_UNIT, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "snap.lxd.daemon.service", "", "");
	/* a Docker container named by its runtime first: lxc below it is its own */
	expect("/docker/" ID64 "/lxc/inner", OOMT_WORKLOAD_CONTAINER, OOMT_RUNTIME_DOCKER,
	       OOMT_POD_QOS_NONE, "", ID64, "");
	assert_string_equal(oomt_container_runtime_name(OOMT_RUNTIME_LXC), "lxc");
}

/* A Slurm job, step or task under its cgroup plugins' layouts (v1, v2, several slurmd). */
static void expect_job(const char *path, int64_t job, const char *step, const char *unit,
                       const char *name)
{
	struct oomt_cgroup_workload w = parse(path);
	char b[80];

	print_message("%s\n", path);
	assert_int_equal(w.kind, OOMT_WORKLOAD_SLURM_JOB);
	assert_int_equal(w.runtime, OOMT_RUNTIME_NONE);
	assert_true(w.slurm_job_id == job);
	assert_string_equal(w.slurm_step, step);
	assert_string_equal(w.unit, unit);
	assert_string_equal(w.system_container, "");
	assert_string_equal(oomt_cgroup_workload_name(&w, path, b, sizeof(b)), name);
	assert_string_equal(oomt_cgroup_unit_name(path, b, sizeof(b)), name);
}

static void test_slurm(void **state)
{
	(void)state;
	expect_job("/slurm/uid_1000/job_5512/step_batch", 5512, "batch", "", "slurm/5512.batch");
	expect_job("/slurm/uid_1000/job_5512/step_0/task_3", 5512, "0", "", "slurm/5512.0");
	expect_job("/slurm/uid_1000/job_5512", 5512, "", "", "slurm/5512");
	expect_job("/slurm_node07/uid_0/job_88/step_extern", 88, "extern", "", "slurm/88.extern");
	/* v2: the job wins over the unit that holds it */
	expect_job("/system.slice/slurmstepd.scope/job_5512/step_batch/user/task_0", 5512, "batch",
	           "slurmstepd.scope", "slurm/5512.batch");
	expect_job("/system.slice/slurmstepd.scope/job_5512/step_interactive", 5512, "interactive",
	           "slurmstepd.scope", "slurm/5512.interactive");
	expect_job("/system.slice/node07_slurmstepd.scope/job_41/step_2/user/task_1", 41, "2",
	           "node07_slurmstepd.scope", "slurm/41.2");
	/* slurmstepd's own processes, the daemons, and lookalikes are not a job */
	expect("/system.slice/slurmstepd.scope/system", OOMT_WORKLOAD_UNIT, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "slurmstepd.scope", "", "");
	expect("/system.slice/slurmd.service", OOMT_WORKLOAD_UNIT, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "slurmd.service", "", "");
	expect("/slurm/uid_1000", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE, "",
	       "", "");
	expect("/slurm/uid_x/job_5/step_0", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "", "", "");
	expect("/slurm/uid_1000/job_/step_0", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "", "", "");
	expect("/other/uid_1000/job_5", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE,
	       "", "", "");
	expect("/slurm_/uid_1000/job_5", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE, OOMT_POD_QOS_NONE,
	       "", "", "");
	expect("/system.slice/cron.service/job_5", OOMT_WORKLOAD_UNIT, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "cron.service", "", "");
	assert_true(parse("/system.slice/nginx.service").slurm_job_id == OOMT_UNKNOWN);
	assert_true(parse("/system.slice/nginx.service").proxmox_vmid == OOMT_UNKNOWN);
	/* an overlong job number is not a job */
	expect("/slurm/uid_1/job_12345678901234567890", OOMT_WORKLOAD_OTHER, OOMT_RUNTIME_NONE,
	       OOMT_POD_QOS_NONE, "", "", "");
}

static void test_bad_input(void **state)
{
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
	char longpath[2048];
	(void)state;
	assert_int_equal(oomt_cgroup_workload_parse(NULL, &w), -EINVAL);
	w.struct_size = 8;
	assert_int_equal(oomt_cgroup_workload_parse("/", &w), -EINVAL);
	w.struct_size = sizeof(w);
	/* components longer than the fields: cut, never overflow */
	memset(longpath, 'a', sizeof(longpath));
	longpath[0] = '/';
	memcpy(longpath + sizeof(longpath) - 7, ".scope", 7);
	assert_int_equal(oomt_cgroup_workload_parse(longpath, &w), 0);
	assert_int_equal(strlen(w.unit), sizeof(w.unit) - 1);
	memcpy(longpath, "/docker-", 8);
	memset(longpath + 8, 'f', sizeof(longpath) - 8 - 7);
	assert_int_equal(oomt_cgroup_workload_parse(longpath, &w), 0);
	assert_int_equal(w.runtime, OOMT_RUNTIME_DOCKER);
	assert_int_equal(strlen(w.container_id), sizeof(w.container_id) - 1);
	assert_int_equal(oomt_cgroup_workload_parse("/kubepods/pod/" ID64, &w), 0);
	assert_int_equal(w.kind, OOMT_WORKLOAD_OTHER);
	assert_int_equal(oomt_cgroup_workload_parse("////", &w), 0);
	assert_int_equal(w.kind, OOMT_WORKLOAD_OTHER);
}

static void test_unit_name(void **state)
{
	char b[128];
	(void)state;
	assert_string_equal(oomt_cgroup_unit_name("/system.slice/nginx.service", b, sizeof(b)), "nginx.service");
	assert_string_equal(oomt_cgroup_unit_name("/user.slice/user-1000.slice/session-3.scope", b, sizeof(b)), "session-3.scope");
	assert_string_equal(oomt_cgroup_unit_name("/system.slice/docker-0123456789abcdef.scope/init", b, sizeof(b)),
	                    "docker-0123456789abcdef.scope");
	assert_string_equal(oomt_cgroup_unit_name("/docker/0123456789abcdef0123", b, sizeof(b)), "docker/0123456789ab");
	assert_string_equal(oomt_cgroup_unit_name("/libpod_parent/libpod-" ID64, b, sizeof(b)), "podman/46b3e0a4df44");
	assert_string_equal(oomt_cgroup_unit_name("/kubepods.slice/kubepods-pod" UID_UNDER ".slice/cri-containerd-"
	                                          ID64 ".scope", b, sizeof(b)), "cri-containerd-" ID64 ".scope");
	assert_string_equal(oomt_cgroup_unit_name("/kubepods/burstable/pod" UID_DASH "/" ID64, b, sizeof(b)),
	                    "pod" UID_DASH "/46b3e0a4df44");
	assert_string_equal(oomt_cgroup_unit_name("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
	                                          UID_UNDER ".slice", b, sizeof(b)), "pod" UID_DASH);
	assert_string_equal(oomt_cgroup_unit_name("/user.slice", b, sizeof(b)), "/user.slice");
	assert_string_equal(oomt_cgroup_unit_name("/", b, sizeof(b)), "/");
	assert_string_equal(oomt_cgroup_unit_name("", b, sizeof(b)), "/");
	assert_string_equal(oomt_cgroup_unit_name("/x.service.d", b, sizeof(b)), "/x.service.d");
	assert_string_equal(oomt_cgroup_unit_name("/system.slice/nginx.service", b, 6), "nginx");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_systemd),
		cmocka_unit_test(test_user_manager),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_kubernetes),
		cmocka_unit_test(test_lxc),
		cmocka_unit_test(test_slurm),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_unit_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
