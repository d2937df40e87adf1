/* SPDX-License-Identifier: MIT */
/* The names a person knows: the runtimes' file and directory names (pure parsers), the
 * top-level "Name" of Docker's config.v2.json fed in pieces, the name of each kind of
 * workload, and the lookup on a small tree with the files present, absent and broken. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <oomtool/cgroup.h>
#include "cgroup/names.h"
#include "test-tmpdir.h"

#define ID64 "46b3e0a4df44b752b841aecca454e6e78995d567912a84950390bae6f6777a63"
#define ID64B "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
#define UID_DASH "94eb36cd-29e1-478b-b365-4cb5dfc7d6fb"
#define UID_UNDER "94eb36cd_29e1_478b_b365_4cb5dfc7d6fb"

static void test_pod_dir(void **state)
{
	struct oomt_pod_dir_name p;
	(void)state;
	assert_int_equal(oomt_cgroup_parse_pod_dir("default_web-0_" UID_DASH, &p), 0);
	assert_string_equal(p.namespace_, "default");
	assert_string_equal(p.pod, "web-0");
	assert_string_equal(p.uid, UID_DASH);
	/* static pods: the uid is a config hash */
	assert_int_equal(oomt_cgroup_parse_pod_dir("kube-system_etcd-node1_6f3a9b", &p), 0);
	assert_string_equal(p.uid, "6f3a9b");
	assert_int_equal(oomt_cgroup_parse_pod_dir("default_web-0", &p), -EINVAL);
	assert_int_equal(oomt_cgroup_parse_pod_dir("a_b_c_d", &p), -EINVAL);
	assert_int_equal(oomt_cgroup_parse_pod_dir("_b_c", &p), -EINVAL);
	assert_int_equal(oomt_cgroup_parse_pod_dir("a__c", &p), -EINVAL);
}

static void test_container_log(void **state)
{
	struct oomt_container_log_name c;
	(void)state;
	assert_int_equal(oomt_cgroup_parse_container_log("web-0_default_nginx-" ID64 ".log", &c), 0);
	assert_string_equal(c.pod, "web-0");
	assert_string_equal(c.namespace_, "default");
	assert_string_equal(c.container, "nginx");
	assert_string_equal(c.id, ID64);
	/* a container name with dashes: the id is after the last one */
	assert_int_equal(oomt_cgroup_parse_container_log("api-7d9-x2_prod_side-car-" ID64 ".log",
	                                                 &c), 0);
	assert_string_equal(c.container, "side-car");
	assert_string_equal(c.pod, "api-7d9-x2");
	assert_int_equal(oomt_cgroup_parse_container_log("web-0_default_nginx-" ID64, &c), -EINVAL);
	assert_int_equal(oomt_cgroup_parse_container_log("web-0_default_nginx-1234.log", &c),
	                 -EINVAL);
	assert_int_equal(oomt_cgroup_parse_container_log("web-0_nginx-" ID64 ".log", &c), -EINVAL);
}

static void test_docker_k8s_name(void **state)
{
	struct oomt_container_log_name c;
	(void)state;
	assert_int_equal(oomt_cgroup_parse_docker_k8s_name("/k8s_app_api-7d9_prod_" UID_DASH "_0",
	                                                   &c), 0);
	assert_string_equal(c.container, "app");
	assert_string_equal(c.pod, "api-7d9");
	assert_string_equal(c.namespace_, "prod");
	assert_int_equal(oomt_cgroup_parse_docker_k8s_name("k8s_POD_web-0_default_u_3", &c), 0);
	assert_string_equal(c.container, "POD");
	assert_int_equal(oomt_cgroup_parse_docker_k8s_name("/web", &c), -EINVAL);
	assert_int_equal(oomt_cgroup_parse_docker_k8s_name("/k8s_a_b_c", &c), -EINVAL);
}

/* The scan in pieces of every size gives the same answer. */
static void expect_scan(const char *json, const char *want)
{
	for (size_t chunk = 1; chunk <= strlen(json); chunk++) {
		struct oomt_json_key_scan s;
		size_t off = 0;

		oomt_json_key_scan_init(&s, "Name");
		while (off < strlen(json)) {
			size_t n = strlen(json) - off < chunk ? strlen(json) - off : chunk;

			if (!oomt_json_key_scan_feed(&s, json + off, n))
				break;
			off += n;
		}
		if (want) {
			assert_true(s.done);
			assert_string_equal(s.value, want);
		} else {
			assert_false(s.done);
		}
	}
}

static void test_json_scan(void **state)
{
	(void)state;
	expect_scan("{\"State\":{\"Name\":\"no\"},\"Config\":{\"Labels\":{\"Name\":\"no\"},"
	            "\"Env\":[\"A={\\\"Name\\\":1}\"]},\"Name\":\"/web\",\"Driver\":\"x\"}", "/web");
	expect_scan(" { \"Name\" : \"/a\\\"b\\u0041\\/\" } ", "/a\"bA/");
	/* a key that only looks like it: inside a string, or a nested object's */
	expect_scan("{\"X\":\"\\\"Name\\\":\\\"no\\\"\",\"Name\":\"/yes\"}", "/yes");
	expect_scan("{\"A\":[{\"Name\":\"no\"}]}", NULL);
	expect_scan("{\"Name\":null}", NULL);
	expect_scan("{\"Name\":{\"x\":1}}", NULL);
	expect_scan("[{\"Name\":\"no\"}]", NULL);
	expect_scan("{\"Name\":\"/unterminated", NULL);
	expect_scan("garbage", NULL);
}

static void test_workload_name(void **state)
{
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
	char b[512];
	(void)state;
	assert_int_equal(oomt_cgroup_workload_parse("/system.slice/nginx.service", &w), 0);
	assert_string_equal(oomt_cgroup_workload_name(&w, "/system.slice/nginx.service", b, sizeof(b)),
	                    "nginx.service");
	assert_int_equal(oomt_cgroup_workload_parse("/system.slice/docker-" ID64 ".scope", &w), 0);
	assert_string_equal(oomt_cgroup_workload_name(&w, "", b, sizeof(b)), "docker/46b3e0a4df44");
	snprintf(w.container_name, sizeof(w.container_name), "web");
	assert_string_equal(oomt_cgroup_workload_name(&w, "", b, sizeof(b)), "web");
	assert_int_equal(oomt_cgroup_workload_parse("/kubepods/burstable/pod" UID_DASH "/" ID64, &w), 0);
	assert_string_equal(oomt_cgroup_workload_name(&w, "", b, sizeof(b)),
	                    "pod" UID_DASH "/46b3e0a4df44");
	snprintf(w.pod_name, sizeof(w.pod_name), "web-0");
	snprintf(w.pod_namespace, sizeof(w.pod_namespace), "default");
	snprintf(w.container_name, sizeof(w.container_name), "nginx");
	assert_string_equal(oomt_cgroup_workload_name(&w, "", b, sizeof(b)), "default/web-0/nginx");
	assert_int_equal(oomt_cgroup_workload_parse("/kubepods/burstable/pod" UID_DASH, &w), 0);
	assert_string_equal(oomt_cgroup_workload_name(&w, "", b, sizeof(b)), "pod" UID_DASH);
	assert_int_equal(oomt_cgroup_workload_parse("/user.slice/user-1000.slice", &w), 0);
	assert_string_equal(oomt_cgroup_workload_name(&w, "", b, sizeof(b)), "user-1000.slice");
	assert_int_equal(oomt_cgroup_workload_parse("/process_api/77d2", &w), 0);
	assert_string_equal(oomt_cgroup_workload_name(&w, "/process_api/77d2", b, sizeof(b)),
	                    "/process_api/77d2");
	assert_string_equal(oomt_cgroup_workload_name(&w, "", b, sizeof(b)), "/");
	assert_string_equal(oomt_container_runtime_name(OOMT_RUNTIME_CRIO), "crio");
	assert_string_equal(oomt_container_runtime_name(OOMT_RUNTIME_NONE), "");
	assert_string_equal(oomt_pod_qos_name(OOMT_POD_QOS_BESTEFFORT), "BestEffort");
	assert_string_equal(oomt_pod_qos_name(OOMT_POD_QOS_NONE), "");
}

/* ---- the lookup on a tree ---- */

static char root[1024];   /* short: every path below it fits PATH_MAX */

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX], dir[PATH_MAX], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	for (char *p = dir + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
	mkdir(dir, 0755);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int tree_setup(void **state)
{
	char link[PATH_MAX];

	(void)state;
	test_tmp_path(root, sizeof(root), "oomt-names-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	put("var/lib/docker/containers/" ID64 "/config.v2.json",
	    "{\"Config\":{\"Labels\":{\"Name\":\"x\"}},\"Name\":\"/web\"}");
	put("var/lib/docker/containers/" ID64B "/config.v2.json", "{\"Name\":");
	put("var/log/pods/default_web-0_" UID_DASH "/nginx/0.log", "");
	snprintf(link, sizeof(link), "%s/var/log/containers", root);
	mkdir(link, 0755);
	snprintf(link, sizeof(link), "%s/var/log/containers/web-0_default_nginx-" ID64 ".log", root);
	if (symlink("/var/log/pods/default_web-0_" UID_DASH "/nginx/0.log", link) < 0)
		return -1;
	return 0;
}

static int tree_teardown(void **state)
{
	(void)state;
	return nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_lookup(void **state)
{
	struct oomt_cgroup_workload w = { .struct_size = sizeof(w) };
	struct oomt_cgroup_names *n;
	char b[512];
	(void)state;
	assert_int_equal(oomt_cgroup_names_new(root, &n), 0);
	assert_int_equal(oomt_cgroup_workload_lookup(n, "/system.slice/docker-" ID64 ".scope", &w), 0);
	assert_string_equal(w.container_name, "web");
	/* a broken config: named by id, counted */
	assert_int_equal(oomt_cgroup_workload_lookup(n, "/docker/" ID64B, &w), 0);
	assert_string_equal(w.container_name, "");
	assert_int_equal(oomt_cgroup_names_unreadable(n), 1);
	/* a pod's container through the kubelet's link; its pod through /var/log/pods */
	assert_int_equal(oomt_cgroup_workload_lookup(n, "/kubepods.slice/kubepods-burstable.slice/"
	                 "kubepods-burstable-pod" UID_UNDER ".slice/cri-containerd-" ID64 ".scope", &w), 0);
	assert_string_equal(w.container_name, "nginx");
	assert_string_equal(w.pod_name, "web-0");
	assert_string_equal(w.pod_namespace, "default");
	assert_string_equal(oomt_cgroup_workload_name(&w, "", b, sizeof(b)), "default/web-0/nginx");
	assert_int_equal(oomt_cgroup_workload_lookup(n, "/kubepods/burstable/pod" UID_DASH, &w), 0);
	assert_string_equal(oomt_cgroup_workload_name(&w, "", b, sizeof(b)), "default/web-0");
	/* no names object: the path alone */
	assert_int_equal(oomt_cgroup_workload_lookup(NULL, "/docker/" ID64, &w), 0);
	assert_string_equal(w.container_name, "");
	/* an old caller's struct: only the first version's members are written */
	struct { struct oomt_cgroup_workload w; char guard[8]; } old;
	memset(&old, 0x5a, sizeof(old));
	old.w.struct_size = (uint32_t)offsetof(struct oomt_cgroup_workload, container_name);
	assert_int_equal(oomt_cgroup_workload_lookup(n, "/docker/" ID64, &old.w), 0);
	assert_string_equal(old.w.container_id, ID64);
	assert_int_equal((unsigned char)old.w.container_name[0], 0x5a);
	old.w.struct_size = 8;
	assert_int_equal(oomt_cgroup_workload_lookup(n, "/", &old.w), -EINVAL);
	oomt_cgroup_names_free(n);
	/* a sysroot without any of these files */
	assert_int_equal(oomt_cgroup_names_new("/nonexistent-sysroot", &n), 0);
	assert_int_equal(oomt_cgroup_workload_lookup(n, "/docker/" ID64, &w), 0);
	assert_string_equal(w.container_name, "");
	assert_int_equal(oomt_cgroup_names_unreadable(n), 0);
	oomt_cgroup_names_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pod_dir),
		cmocka_unit_test(test_container_log),
		cmocka_unit_test(test_docker_k8s_name),
		cmocka_unit_test(test_json_scan),
		cmocka_unit_test(test_workload_name),
		cmocka_unit_test_setup_teardown(test_lookup, tree_setup, tree_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
