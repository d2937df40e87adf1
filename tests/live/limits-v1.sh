#!/bin/sh
# Live, cgroup v1 memory controller: memory cgroups named like a Docker scope and a
# Kubernetes pod (cgroupfs driver) with processes in them, read back by `oomtool limits`;
# `limits set` sets and raises a limit through the cgroup file (v1 memory and memsw in the
# valid order); its refusals leave the limit as it was; an OOM kill provoked in the pod's
# container is counted in OOM_KILLS. Needs root and the v1 memory controller; skips (77)
# otherwise. Every cgroup is removed on every exit path.
# Usage: sh limits-v1.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/memcg.inc"
. "$2/tests/lib/run-as.sh"
OOMTOOL=$1
memcg_require
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || { echo "skip: no python3"; exit 77; }

ID=$(printf 'oomtlimits%d' $$ | sha256sum | cut -c1-64)       # a container id, 64 hex
ID2=$(printf 'oomtlimits-pod%d' $$ | sha256sum | cut -c1-64)
UID_=$(cat /proc/sys/kernel/random/uuid)
REL=/oomt-limits-$$
P=$MEMCG_ROOT$REL
D=$P/docker-$ID.scope                        # a Docker scope (systemd driver)
K=$P/kubepods/burstable/pod$UID_/$ID2        # a pod's container (cgroupfs driver)
OUT=$(mktemp "${TMPDIR:-/tmp}/oomtool-live-limits.XXXXXX") || exit 1
pids=
M=1048576

cleanup() {
	for p in $pids; do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
	# deepest first; memcg_remove kills what is left and retries
	for cg in "$K" "$P/kubepods/burstable/pod$UID_" "$P/kubepods/burstable" "$P/kubepods" "$D" "$P"; do
		memcg_remove "$cg"
	done
	run_as_cleanup
	rm -f "$OUT" "$OUT.err"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail=0
check() { # name expected actual
	if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "FAIL - $1"; echo " expected: $2"; echo " actual:   $3"; fail=1; fi
}
# start CGROUP COMMAND...: a process that joins the cgroup, then becomes COMMAND
start() {
	cg=$1
	shift
	sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$cg" "$@" &
	pids="$pids $!"
}
limit_of() { cat "$1/memory.limit_in_bytes"; }

mkdir -p "$D" "$K" || exit 1
echo $((64 * M)) >"$D/memory.limit_in_bytes" || exit 1
echo $((512 * M)) >"$P/kubepods/burstable/pod$UID_/memory.limit_in_bytes" || exit 1
# 20 MiB written (resident, charged) in the Docker scope; a sleeper in the pod's container
start "$D" "$PY" -c 'import time; b = bytearray(20 << 20); time.sleep(120)'
start "$K" sleep 120
i=0
while [ "$(cat "$D/memory.usage_in_bytes")" -lt $((20 * M)) ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done

# ---- read back ----
"$OOMTOOL" limits --cgroup "$REL" -a -J >"$OUT" 2>"$OUT.err"
check "limits -J on the live tree: exit 0" "0" "$?"
python3 - "$OUT" "$ID" "$ID2" "$UID_" "$REL" <<'EOF' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
cid, cid2, uid, rel = sys.argv[2:6]
rows = {r["path"]: r for r in d["cgroups"]}
def expect(name, got, want):
    print(("ok - " if got == want else "FAIL - ") + name + (": %r" % (got,) if got != want else ""))
    if got != want:
        sys.exit(1)
dk = rows[rel + "/docker-%s.scope" % cid]
expect("docker scope: kind", dk["kind"], "container")
expect("docker scope: name by id", dk["name"], "docker/" + cid[:12])
expect("docker scope: runtime and id", (dk["runtime"], dk["container_id"]), ("docker", cid))
expect("docker scope: its limit", dk["max_bytes"], 64 << 20)
expect("docker scope: one process", dk["procs"], 1)
expect("docker scope: current >= 20 MiB", dk["current_bytes"] >= 20 << 20, True)
expect("docker scope: headroom = limit - current", dk["headroom_bytes"],
       dk["effective_max_bytes"] - dk["current_bytes"])
expect("docker scope: anon counted", dk["anon_bytes"] >= 20 << 20, True)
expect("v1: no pressure; its own failcnt and oom_kill", (dk["pressure"], dk["events_local"]["oom_kill"],
       dk["events_local"]["oom"]), (None, 0, None))
pod = rows[rel + "/kubepods/burstable/pod" + uid]
expect("pod: kind, QoS, uid", (pod["kind"], pod["qos_class"], pod["pod_uid"]), ("pod", "Burstable", uid))
ctr = rows[rel + "/kubepods/burstable/pod%s/%s" % (uid, cid2)]
expect("pod's container: kind and name", (ctr["kind"], ctr["name"]), ("container", "pod%s/%s" % (uid, cid2[:12])))
expect("pod's container: the pod's limit, inherited", (ctr["max_bytes"], ctr["effective_max_bytes"]), (None, 512 << 20))
expect("pod's container: one process", ctr["procs"], 1)
EOF
"$OOMTOOL" limits -r -n -o NAME,KIND,PATH >"$OUT"
check "default view: the limited ones, closest first" "docker/$(echo "$ID" | cut -c1-12) container|pod$UID_ pod" \
	"$(grep -F " $REL" "$OUT" | awk '{print $1, $2}' | tr '\n' '|' | sed 's/|$//')"
check "--container by id prefix" "docker/$(echo "$ID" | cut -c1-12)" \
	"$("$OOMTOOL" limits --container "$(echo "$ID" | cut -c1-8)" -r -n -o NAME)"
check "--pod by uid" "2" "$("$OOMTOOL" limits --pod "$UID_" -r -n -o NAME | wc -l | tr -d ' ')"

# ---- set and raise (the file: no docker daemon, no systemd as PID 1 here) ----
PATH_NODOCKER=/usr/sbin:/usr/bin:/sbin:/bin
[ -x /usr/bin/docker ] && PATH_NODOCKER=/nonexistent
set_() { PATH=$PATH_NODOCKER "$OOMTOOL" limits set "$@" >"$OUT" 2>"$OUT.err"; }
set_ "$REL/docker-$ID.scope" 128M -y
check "set by path: exit 0, the limit written" "0 $((128 * M))" "$? $(limit_of "$D")"
set_ "$(echo "$ID" | cut -c1-12)" 256M -y
check "raise by container id: exit 0" "0 $((256 * M))" "$? $(limit_of "$D")"
grep -q "docker is not in the search path" "$OUT" && echo "ok - the docker warning" ||
	{ echo "FAIL - no docker warning: $(cat "$OUT")"; fail=1; }
if [ -f "$D/memory.memsw.limit_in_bytes" ]; then
	set_ "$REL/docker-$ID.scope" 200M --swap 0 -y
	check "v1 --swap 0: memory and memsw" "0 $((200 * M)) $((200 * M))" \
		"$? $(limit_of "$D") $(cat "$D/memory.memsw.limit_in_bytes")"
	set_ "$REL/docker-$ID.scope" 300M -y
	check "v1 raise above memsw: memsw first, then memory" "0 $((300 * M)) $((300 * M))" \
		"$? $(limit_of "$D") $(cat "$D/memory.memsw.limit_in_bytes")"
	grep -q "1. write   memory.memsw.limit_in_bytes" "$OUT" && echo "ok - memsw was first" ||
		{ echo "FAIL - order: $(cat "$OUT")"; fail=1; }
	set_ "$REL/docker-$ID.scope" 256M --swap max -y
	check "v1 --swap max" "0 $((256 * M))" "$? $(limit_of "$D")"
fi

# ---- refusals leave the limit as it was ----
before=$(limit_of "$D")
set_ "$REL/docker-$ID.scope" 10M -y
check "below usage: refused (3), unchanged" "3 $before" "$? $(limit_of "$D")"
set_ "$REL/docker-$ID.scope" 1G --high 900M -y
check "--high on v1: refused (3), unchanged" "3 $before" "$? $(limit_of "$D")"
set_ "$REL/nope" 1G -y
check "a cgroup that is not there: refused (3)" "3" "$?"
set_ "$REL/docker-$ID.scope" 1G
check "not on a terminal without -y: exit 2, unchanged" "2 $before" "$? $(limit_of "$D")"
if command -v docker >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then
	# a docker client without a daemon: docker update fails, nothing changes
	"$OOMTOOL" limits set "$(echo "$ID" | cut -c1-12)" 1G -y >"$OUT" 2>"$OUT.err"
	check "docker update fails: exit 3, unchanged" "3 $before" "$? $(limit_of "$D")"
	grep -q "step 1 'run' failed: docker" "$OUT.err" && echo "ok - docker's failure said" ||
		{ echo "FAIL - $(cat "$OUT.err")"; fail=1; }
fi
if run_as_prepare 65534 "$OOMTOOL" 2>/dev/null; then
	run_as "$RUN_AS_OOMTOOL" limits set "$REL/docker-$ID.scope" 1G -y >"$OUT" 2>"$OUT.err"
	check "not root: exit 4, unchanged" "4 $before" "$? $(limit_of "$D")"
fi

# ---- an OOM kill in the pod's container, counted ----
set_ "$REL/kubepods/burstable/pod$UID_/$ID2" 32M -y
check "limit the pod's container" "0 $((32 * M))" "$? $(limit_of "$K")"
[ -w "$K/memory.swappiness" ] && echo 0 >"$K/memory.swappiness" 2>/dev/null
sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" -c "b = bytearray(200 << 20)"' sh "$K" "$PY" &
hog=$!
{ wait "$hog"; } 2>/dev/null
check "the allocation was OOM-killed" "137" "$?"
kills=$("$OOMTOOL" limits --pod "$UID_" -r -n -o NAME,OOM_KILLS | awk -v n="pod$UID_/$(echo "$ID2" | cut -c1-12)" '$1 == n {print $2}')
[ "${kills:-0}" -ge 1 ] 2>/dev/null && echo "ok - OOM_KILLS counts it ($kills)" ||
	{ echo "FAIL - OOM_KILLS '$kills'"; fail=1; }
podkills=$("$OOMTOOL" limits --pod "$UID_" -r -n -o KIND,OOM_KILLS | awk '$1 == "pod" {print $2}')
[ "${podkills:-0}" -ge 1 ] 2>/dev/null && echo "ok - and its pod, hierarchically ($podkills)" ||
	{ echo "FAIL - pod OOM_KILLS '$podkills'"; fail=1; }
"$OOMTOOL" limits -r -n -o NAME,LOCAL_KILLS >"$OUT"
grep -q "^pod$UID_/$(echo "$ID2" | cut -c1-12) 1\$" "$OUT" &&
	echo "ok - the container with its own limit and kill is in the default view" ||
	{ echo "FAIL - default view: $(cat "$OUT")"; fail=1; }
podlocal=$("$OOMTOOL" limits --pod "$UID_" -r -n -o KIND,LOCAL_KILLS | awk '$1 == "pod" {print $2}')
check "the pod killed nothing of its own" "0" "$podlocal"
exit $fail
