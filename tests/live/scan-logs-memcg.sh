#!/bin/sh
# Live: provoke a real OOM kill inside a 32 MiB memory cgroup (v1), then check that a bare
# `oomtool scan-logs -J` (journal + /dev/kmsg + /var/log) reports it exactly once, with
# scope memcg. Needs root and the v1 memory controller; skips (77) otherwise.
# Touches no memory outside its own cgroup; removes the cgroup on every exit path.
# Usage: sh scan-logs-memcg.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/memcg.inc"
OOMTOOL=$1
ROOT=$MEMCG_ROOT
CG=$ROOT/oomtool-test-$$
OUT=$(mktemp "${TMPDIR:-/tmp}/oomtool-live-scan.XXXXXX") || exit 1
victim=

memcg_require
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || { echo "skip: no python3"; exit 77; }

cleanup() {
	[ -n "$victim" ] && kill -KILL "$victim" 2>/dev/null
	memcg_remove "$CG"
	rm -f "$OUT"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

mkdir "$CG" || exit 1
echo $((32 << 20)) >"$CG/memory.limit_in_bytes" || exit 1
# keep the victim's memory in RAM so that the limit, not swap, decides
[ -w "$CG/memory.swappiness" ] && echo 0 >"$CG/memory.swappiness" 2>/dev/null

# The child joins the cgroup, then becomes the allocator (exec keeps its pid); the bytes
# are written, not just reserved, so they count against the limit.
sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" -c "b = b\"\\x01\" * (200 << 20)"' sh "$CG" "$PY" &
victim=$!
wait "$victim"
status=$?
if [ "$status" -ne 137 ]; then
	echo "FAIL: the allocator ended with status $status, not SIGKILL (137)"
	exit 1
fi
pid=$victim
victim=
sleep 1   # let journald and rsyslog (when they run) write the kernel's lines

fails=0
"$OOMTOOL" scan-logs -J >"$OUT" 2>"$OUT.err"
rc=$?
sed 's/^/# stderr: /' "$OUT.err"
rm -f "$OUT.err"
if [ "$rc" -ne 0 ]; then
	echo "FAIL: scan-logs -J exited $rc"
	fails=$((fails + 1))
fi
python3 - "$OUT" "$pid" "/oomtool-test-$$" <<'EOF' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1]))
pid, cg = int(sys.argv[2]), sys.argv[3]
mine = [e for e in d["events"] if e["victim"]["pid"] == pid and e["killer"] == "kernel"]
print("# sources:", ", ".join("%s=%s/%d" % (s["name"], s["status"], s["events"]) for s in d["sources"]))
print("# events for pid %d: %d" % (pid, len(mine)))
ok = len(mine) == 1 and mine[0]["scope"] == "memcg"
if ok and cg not in (mine[0].get("oom_memcg") or "", mine[0].get("task_memcg") or ""):
    print("FAIL: event's cgroup is", mine[0].get("oom_memcg"), mine[0].get("task_memcg"))
    ok = False
if not ok:
    print("FAIL: expected exactly one memcg event for pid", pid, json.dumps(mine)[:2000])
sys.exit(0 if ok else 1)
EOF
"$OOMTOOL" scan-logs -r -n -o PID,SCOPE,CGROUP >"$OUT" 2>/dev/null
if ! grep -qx "$pid memcg /oomtool-test-$$" "$OUT"; then
	echo "FAIL: the table has no line '$pid memcg /oomtool-test-$$'"
	sed 's/^/# table: /' "$OUT"
	fails=$((fails + 1))
fi
[ "$fails" -eq 0 ] && echo "ok: one memcg kill of pid $pid reported once"
[ "$fails" -eq 0 ]
