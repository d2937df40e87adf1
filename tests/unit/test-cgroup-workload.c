/* SPDX-License-Identifier: MIT */
/* cgroup path -> workload: systemd units and slices, Docker, Podman, containerd, CRI-O and
 * Kubernetes pods under both cgroup drivers, as v1 and v2 paths name them; and the short
 * name top-mem --by unit and explain-kill use (oomt_cgroup_unit_name). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_unit_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
