#!/bin/sh
# oomtool limits on fixture sysroots (tests/lib/limits-fixture.sh): every naming pattern
# (systemd units and slices, Docker with and without config.v2.json, Podman, containerd,
# CRI-O, Guaranteed/Burstable/BestEffort pods under both drivers, /var/log/pods present and
# absent, LXD and Proxmox containers, Slurm jobs), v2 and v1, the default view and its order, -a, -T, -o, -b, -J, the selectors,
# exit statuses, and runtime files that cannot be read (as nobody).
# Usage: limits.sh OOMTOOL SOURCE_DIR
set -u
OOMTOOL=$1 SRC=$2
. "$SRC/tests/lib/limits-fixture.sh"
. "$SRC/tests/lib/run-as.sh"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-limits.XXXXXX") || exit 1
trap 'run_as_cleanup; rm -rf "$TMP"' EXIT INT TERM
fail=0
M=$LF_MiB

check() { # name expected actual
	if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "FAIL - $1"; echo " expected: $2"; echo " actual:   $3"; fail=1; fi
}
rows() { tr '\n' '|' | sed 's/|$//'; }

limits_fixture_v2_systemd "$TMP/v2"
limits_fixture_v2_cgroupfs "$TMP/v2fs"
limits_fixture_v1 "$TMP/v1"
A=$TMP/v2 B=$TMP/v2fs C=$TMP/v1
l() { root=$1; shift; "$OOMTOOL" limits --sysroot "$root" "$@" 2>"$TMP/err"; }
I1=$(echo "$LF_ID1" | cut -c1-12) I2=$(echo "$LF_ID2" | cut -c1-12)
I3=$(echo "$LF_ID3" | cut -c1-12) I4=$(echo "$LF_ID4" | cut -c1-12)
I5=$(echo "$LF_ID5" | cut -c1-12) I8=$(echo "$LF_ID8" | cut -c1-12)

# ---- v2, systemd driver: names and kinds of every pattern ----
check "v2 systemd: default view, closest to the limit first" \
	"default/web-0/nginx container|editor.service unit|default/web-0 pod|nginx.service unit|monitoring/prom-0 pod|web container|monitoring/prom-0/prometheus container|kubepods.slice slice|docker/$I2 container|docker/$I5 container|podman/$I3 container|kube-system/coredns-x/$I4 container" \
	"$(l "$A" -r -n -o NAME,KIND | rows)"
check "v2 systemd: -a names every memory cgroup, not init.scope (no memory controller)" \
	"/ cgroup|kubepods.slice slice|kubepods-besteffort.slice slice|kube-system/coredns-x pod|kube-system/coredns-x/$I4 container|kubepods-burstable.slice slice|default/web-0 pod|default/web-0/nginx container|default/web-0/$I8 container|monitoring/prom-0 pod|monitoring/prom-0/prometheus container|machine.slice slice|podman/$I3 container|podman/$I3/container container|system.slice slice|cron.service unit|docker/$I2 container|web container|docker/$I5 container|nginx.service unit|nginx.service/worker unit|user.slice slice|user-1000.slice slice|user@1000.service unit|user@1000.service/app.slice unit|editor.service unit" \
	"$(l "$A" -a -T -r -n -o NAME,KIND | rows)"
check "v2 systemd: pods, QoS classes and runtimes" \
	"kube-system/coredns-x BestEffort -|kube-system/coredns-x/$I4 BestEffort crio|default/web-0 Burstable -|default/web-0/nginx Burstable containerd|default/web-0/$I8 Burstable containerd|monitoring/prom-0 Guaranteed -|monitoring/prom-0/prometheus Guaranteed containerd" \
	"$(l "$A" -a -T -r -n -o NAME,QOS,RUNTIME | awk '$2 != "-"' | rows)"
check "v2 systemd: the numbers of nginx.service" \
	"$((300 * M)) $((240 * M)) $((200 * M)) $((100 * M)) $((10 * M)) $((512 * M)) $((512 * M)) $((450 * M)) $((212 * M)) $((150 * M)) $((500 * M)) 3 2 2 1.50 0.25 3" \
	"$(l "$A" --unit nginx.service -r -n -b -o CURRENT,WSET,ANON,FILE,SHMEM,LIMIT,MAX,HIGH,HEADROOM,HIGH_ROOM,PEAK,OOM,OOM_KILLS,LOCAL_KILLS,PSI,PSI_FULL,PROCS | head -1)"
check "v2 systemd: a cgroup inside a unit's inherits its limit and is named below it" \
	"nginx.service/worker $((512 * M)) - $((412 * M))" \
	"$(l "$A" --cgroup /system.slice/nginx.service/worker -r -n -b -o NAME,LIMIT,MAX,HEADROOM)"
check "v2 systemd: no memory.peak (before 5.19) is unknown, not 0" \
	"default/web-0/nginx -" "$(l "$A" --container nginx -r -n -o NAME,PEAK)"
check "v2 systemd: a broken config.v2.json: named by id, said once on stderr" \
	"docker/$I5" "$(l "$A" --container "$I5" -r -n -o NAME)"
grep -q "1 runtime file (config.v2.json, /var/log/pods) could not be read" "$TMP/err" ||
	{ echo "FAIL - no note about the broken config: $(cat "$TMP/err")"; fail=1; }
check "v2 systemd: no note when every listed container has its name" "" \
	"$(l "$A" --container web -r -n -o NAME >/dev/null; cat "$TMP/err")"

# ---- selectors ----
check "--container by name" "web $LF_ID1" "$(l "$A" --container web -r -n -o NAME,CONTAINER | sed "s/$I1\$/$LF_ID1/")"
check "--container by id prefix" "web" "$(l "$A" --container "$(echo "$LF_ID1" | cut -c1-6)" -r -n -o NAME)"
check "--container: a 3-digit prefix is not an id" "" "$(l "$A" --container 46b -r -n -o NAME)"
check "--pod by name: the pod and its containers" "default/web-0|default/web-0/$I8|default/web-0/nginx" \
	"$(l "$A" --pod web-0 -r -n -o NAME | LC_ALL=C sort | rows)"
check "--pod by namespace/name" "3" "$(l "$A" --pod default/web-0 -r -n -o NAME | wc -l | tr -d ' ')"
check "--pod by uid" "3" "$(l "$A" --pod "$LF_UID1" -r -n -o NAME | wc -l | tr -d ' ')"
check "--pod named only by its container's link (no /var/log/pods)" \
	"monitoring/prom-0|monitoring/prom-0/prometheus" "$(l "$A" --pod prom-0 -r -n -o NAME | sort | rows)"
check "--unit and --cgroup together narrow down" "editor.service" \
	"$(l "$A" --cgroup /user.slice --unit editor.service -r -n -o NAME)"
l "$A" --pod nothing-here >/dev/null
check "a selector that matches nothing: exit 1" "1" "$?"
l "$A" --cgroup /nope >/dev/null
check "--cgroup that is not a memory cgroup: exit 1" "1" "$?"
grep -q "no memory cgroup '/nope'" "$TMP/err" || { echo "FAIL - --cgroup /nope: $(cat "$TMP/err")"; fail=1; }
l "$A" --cgroup /init.scope >/dev/null
check "--cgroup without the memory controller: exit 1" "1" "$?"

# ---- v2, cgroupfs driver, no /var/log/pods ----
check "v2 cgroupfs: Docker by name and id, pods by uid, dockershim names from Docker" \
	"db container|pod$LF_UID3 pod|pod$LF_UID3/$I5 container|pod$LF_UID1 pod|prod/api-7d9/app container|docker/$I2 container|/kubepods cgroup|pod$LF_UID2/$I4 container" \
	"$(l "$B" -r -n -o NAME,KIND | rows)"
check "v2 cgroupfs: QoS from the path (Guaranteed has no level)" \
	"pod$LF_UID3 Guaranteed|pod$LF_UID1 Burstable|pod$LF_UID2 BestEffort" \
	"$(l "$B" -a -r -n -o NAME,QOS,KIND | awk '$3 == "pod" {print $1, $2}' | rows)"
check "v2 cgroupfs: the runtime the path does not say" "container" \
	"$(l "$B" --pod "$LF_UID2" -r -n -o KIND,RUNTIME | awk '$1 == "container" {print $2}')"

# ---- v1 ----
check "v1: default view" \
	"docker/$I2 container|nginx.service unit|web container|default/web-0 pod|default/web-0/nginx container|/kubepods cgroup|/limited cgroup" \
	"$(l "$C" -r -n -o NAME,KIND | rows)"
check "v1: the numbers of nginx.service (swap from memsw, failcnt as max events)" \
	"$((300 * M)) $((280 * M)) $((250 * M)) $((50 * M)) $((5 * M)) $((512 * M)) $((510 * M)) $((8 * M)) $((1024 * M)) 1 - 2 1" \
	"$(l "$C" --unit nginx.service -r -n -b -o CURRENT,WSET,ANON,FILE,SHMEM,LIMIT,PEAK,SWAP,SWAP_MAX,OOM_KILLS,PSI,PROCS,VERSION)"
check "v1: a child under a limited parent is limited" "/limited/child $((1024 * M)) - $((1015 * M))" \
	"$(l "$C" --cgroup /limited/child -r -n -b -o NAME,LIMIT,MAX,HEADROOM)"
check "v1: a cgroup in OOM, its kills" "docker/$I2 2 $((8 * M))" \
	"$(l "$C" --container "$I2" -r -n -b -o NAME,OOM_KILLS,HEADROOM)"

# ---- system containers and Slurm jobs: named by their managers, not as host units ----
limits_fixture_v2_hosts "$TMP/hosts"
H=$TMP/hosts
check "v2 hosts: LXD and Proxmox containers and a Slurm job, monitors and slurmstepd's own not" \
	"/ cgroup|/lxc cgroup|lxc/131 lxc|lxc/131/ns lxc|/lxc.monitor.build-agent cgroup|lxc/build-agent lxc|lxc/build-agent/system.slice lxc|lxc/build-agent/system.slice/nginx.service lxc|system.slice slice|slurmstepd.scope unit|slurm/901122 job|slurm/901122.0 job|slurm/901122.0/user job|slurm/901122.0/user/task_0 job|slurmstepd.scope/system unit" \
	"$(l "$H" -a -T -r -n -o NAME,KIND | rows)"
check "v2 hosts: the runtime of a system container" "lxc/build-agent lxc" \
	"$(l "$H" --cgroup /lxc.payload.build-agent -r -n -o NAME,RUNTIME | head -1)"
check "v2 hosts: --unit nginx.service is not the container's own unit" "1" \
	"$(l "$H" --unit nginx.service -r -n -o NAME >/dev/null; echo $?)"

# ---- output forms ----
check "-b: bytes; human sizes otherwise" "500M 512M 12M" \
	"$(l "$A" --container nginx -r -n -o CURRENT,LIMIT,HEADROOM)"
check "-o +LIST appends" "NAME KIND CURRENT LIMIT HEADROOM PEAK SWAP OOM_KILLS PSI PATH" \
	"$(l "$A" -r -o +PATH | head -1)"
check "-n: no header" "default/web-0/nginx" "$(l "$A" -n -r -o NAME | head -1)"
out=$(l "$A" -T --pod web-0 -o NAME)
check "-T draws a tree" "NAME|/|└─kubepods.slice|  └─kubepods-burstable.slice|    └─default/web-0|      ├─default/web-0/nginx|      └─default/web-0/$I8" \
	"$(printf '%s\n' "$out" | sed 's/ *$//' | rows)"
"$OOMTOOL" limits -o NOPE >/dev/null 2>"$TMP/err"
check "unknown column: exit 2" "2 oomtool: limits: unknown column 'NOPE'" "$? $(head -1 "$TMP/err")"
"$OOMTOOL" limits --cgroup relative >/dev/null 2>&1
check "--cgroup needs a path: exit 2" "2" "$?"
"$OOMTOOL" limits extra >/dev/null 2>&1
check "unexpected argument: exit 2" "2" "$?"
"$OOMTOOL" limits --sysroot "$TMP/none" >/dev/null 2>"$TMP/err"
check "no hierarchy: exit 3" "3" "$?"
grep -q "cannot open a memory cgroup hierarchy under '$TMP/none/sys/fs/cgroup'" "$TMP/err" ||
	{ echo "FAIL - no hierarchy message: $(cat "$TMP/err")"; fail=1; }
lf_v1 "$TMP/empty" / usage=$M
lf_v1 "$TMP/empty" /system.slice usage=$M
"$OOMTOOL" limits --sysroot "$TMP/empty" >/dev/null 2>"$TMP/err"
check "nothing limited: exit 1, and how to see all" "1" "$?"
mkdir -p "$TMP/broken/sys/fs/cgroup/memory"
"$OOMTOOL" limits --sysroot "$TMP/broken" >/dev/null 2>"$TMP/err2"
check "a hierarchy whose root cannot be read: exit 3" "3" "$?"
grep -q -e "-a shows every one" "$TMP/err" || { echo "FAIL - the -a hint: $(cat "$TMP/err")"; fail=1; }

# ---- JSON ----
if command -v python3 >/dev/null 2>&1; then
	out=$(l "$A" -a -J | python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = {r["path"]: r for r in d["cgroups"]}
keys = ["path", "name", "kind", "cgroup_version", "unit", "runtime", "container_id",
        "container_name", "pod_uid", "pod_name", "pod_namespace", "qos_class", "current_bytes",
        "working_set_bytes", "anon_bytes", "file_bytes", "shmem_bytes", "inactive_file_bytes",
        "peak_bytes", "min_bytes", "low_bytes", "high_bytes", "max_bytes", "soft_limit_bytes",
        "memsw_max_bytes", "effective_max_bytes", "effective_high_bytes", "headroom_bytes",
        "high_headroom_bytes", "swap_current_bytes", "swap_max_bytes", "events",
        "events_local", "pressure", "oom_group", "under_oom", "procs"]
assert all(list(r.keys()) == keys for r in d["cgroups"]), "keys"
n = rows["/system.slice/nginx.service"]
assert n["events"] == {"low": 0, "high": 7, "max": 3, "oom": 3, "oom_kill": 2, "oom_group_kill": 0}
assert n["events_local"]["oom_kill"] == 2
assert n["pressure"] == {"some_avg10": 1.5, "full_avg10": 0.25, "some_total_usec": 1500000,
                         "full_total_usec": 250000}, n["pressure"]
assert n["high_bytes"] == 450 << 20 and n["swap_max_bytes"] is None and n["oom_group"] is False
k = [r for r in d["cgroups"] if r["container_name"] == "nginx"][0]
assert (k["pod_name"], k["pod_namespace"], k["qos_class"], k["runtime"], k["kind"]) == \
       ("web-0", "default", "Burstable", "containerd", "container"), k
assert k["pod_uid"] == "94eb36cd-29e1-478b-b365-4cb5dfc7d6fb" and len(k["container_id"]) == 64
assert k["peak_bytes"] is None
w = [r for r in d["cgroups"] if r["container_name"] == "web"][0]
assert w["runtime"] == "docker" and w["unit"].startswith("docker-") and w["pod_uid"] is None
root = rows["/"]
assert root["max_bytes"] is None and root["effective_max_bytes"] is None
assert root["current_bytes"] is None and root["pressure"]["some_avg10"] == 0.5
print(len(d["cgroups"]))
' 2>&1)
	check "json: every key, in order; events, pressure, names, null for none" "26" "$out"
	out=$(l "$C" --unit nginx.service -J | python3 -c '
import json, sys
r = json.load(sys.stdin)["cgroups"][0]
print(r["cgroup_version"], r["soft_limit_bytes"] >> 20, r["memsw_max_bytes"] >> 20,
      r["events"]["max"], r["events"]["oom_kill"], r["events"]["oom"], r["events_local"],
      r["pressure"], r["oom_group"], r["under_oom"])
')
	check "json v1: soft limit, memsw, failcnt as max, local events, no pressure" \
		"1 400 1024 5 1 None {'low': None, 'high': None, 'max': 5, 'oom': None, 'oom_kill': 1, 'oom_group_kill': None} None None False" "$out"
	out=$(l "$C" -a -J | python3 -c '
import json, sys
rows = {r["path"]: r for r in json.load(sys.stdin)["cgroups"]}
d, r = rows["/docker"], rows["/"]
print(d["events"]["oom_kill"], d["events_local"]["oom_kill"], d["events"]["max"],
      r["events"]["oom_kill"], r["events"]["max"])
')
	check "json v1: events summed over the descendants, as v2 counts them" "2 0 40 3 45" "$out"
	check "json: nothing matched is an empty list" '{"cgroups": []}' \
		"$(l "$A" --pod nothing -J | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))')"
else
	echo "skip - JSON checks: no python3"
fi

# ---- files that cannot be read (as nobody) ----
if run_as_prepare 65534 "$OOMTOOL" 2>"$TMP/why"; then
	U=$RUN_AS_DIR/v2
	cp -a "$A" "$U"
	chmod -R a+rX "$U"
	chmod 600 "$U/var/lib/docker/containers/$LF_ID1/config.v2.json"
	chmod 700 "$U/var/log/pods" "$U/var/log/containers"
	out=$(run_as "$RUN_AS_OOMTOOL" limits --sysroot "$U" -a -r -n -o NAME 2>"$TMP/err")
	check "unreadable files: named by id" "docker/$I1|pod$LF_UID1/$(echo "$LF_ID7" | cut -c1-12)" \
		"$(printf '%s\n' "$out" | grep -e "^docker/$I1" -e "^pod$LF_UID1/7" | LC_ALL=C sort | rows)"
	grep -q "could not be read: some containers are named by id (run as root)" "$TMP/err" ||
		{ echo "FAIL - unreadable note: $(cat "$TMP/err")"; fail=1; }
	chmod 000 "$U/sys/fs/cgroup/system.slice/nginx.service/memory.stat"
	out=$(run_as "$RUN_AS_OOMTOOL" limits --sysroot "$U" --unit nginx.service -r -n -b -o NAME,CURRENT,ANON 2>&1)
	check "an unreadable cgroup file: that value unknown, the rest shown" \
		"nginx.service $((300 * M)) -|nginx.service/worker $((100 * M)) 0" "$(printf '%s\n' "$out" | rows)"
else
	echo "skip - unreadable files: $(cat "$TMP/why")"
fi
exit $fail
