#!/bin/sh
# Live: every kill accounted for. Provoke a real OOM kill inside a 32 MiB memory cgroup
# (v1), clear the kernel's ring buffer (dmesg -C), and check that `oomtool scan-logs -J`
# counts the kill the kernel counted (/proc/vmstat, the cgroup's memory.oom_control) but
# the logs no longer hold: unlogged = kernel - logged, and the cgroup's row says 1 counted,
# 0 logged; the table ends with the accounting line naming the cgroup.
# When the journal or a syslog file still holds the kill (journald or rsyslog running), it
# is logged there: then the row must say 1 counted, 1 logged.
# Note: dmesg -C empties /dev/kmsg for everyone: a live test of another area that reads a
# kill back from /dev/kmsg at this moment may miss it (run it again alone).
# Needs root, the v1 memory controller, dmesg and python3; skips (77) otherwise. Removes its
# cgroup on every exit path.
# Usage: sh scan-logs-accounting.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/memcg.inc"
OOMTOOL=$1
CG=$MEMCG_ROOT/oomtool-acct-$$
OUT=$(mktemp "${TMPDIR:-/tmp}/oomtool-live-acct.XXXXXX") || exit 1
victim=

memcg_require
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || { echo "skip: no python3" >&2; exit 77; }
command -v dmesg >/dev/null 2>&1 || { echo "skip: no dmesg to clear the ring buffer" >&2; exit 77; }
grep -q '^oom_kill ' /proc/vmstat || { echo "skip: the kernel counts no OOM kills (before 4.13)" >&2; exit 77; }

cleanup() {
	[ -n "$victim" ] && kill -KILL "$victim" 2>/dev/null
	memcg_remove "$CG"
	rm -f "$OUT" "$OUT.err"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

mkdir "$CG" || exit 1
echo $((32 << 20)) >"$CG/memory.limit_in_bytes" || exit 1
[ -w "$CG/memory.swappiness" ] && echo 0 >"$CG/memory.swappiness" 2>/dev/null

before=$(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
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
after=$(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
counted=$(awk '$1 == "oom_kill" { print $2 }' "$CG/memory.oom_control")
echo "# /proc/vmstat oom_kill $before -> $after; $CG oom_kill $counted"
if [ "$counted" -ne 1 ] || [ "$after" -le "$before" ]; then
	echo "FAIL: the kernel did not count the kill"
	exit 1
fi
sleep 1                 # journald and rsyslog (when they run) write the kernel's lines
dmesg -C || { echo "FAIL: dmesg -C"; exit 1; }

fails=0
"$OOMTOOL" scan-logs -J >"$OUT" 2>"$OUT.err"
rc=$?
sed 's/^/# stderr: /' "$OUT.err"
if [ "$rc" -gt 1 ]; then
	echo "FAIL: scan-logs -J exited $rc"
	fails=$((fails + 1))
fi
python3 - "$OUT" "$pid" "/oomtool-acct-$$" <<'EOF' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1]))
pid, cg = int(sys.argv[2]), sys.argv[3]
a = d.get("accounting")
if a is None:
    print("FAIL: no accounting object")
    sys.exit(1)
logged_here = any(e["victim"]["pid"] == pid and e["killer"] == "kernel" for e in d["events"])
print("# accounting: boot %s, kernel %d, logged %d, unlogged %d, suppressed %d, unattributed %d"
      % (a["boot_id"], a["kernel_oom_kills"], a["logged_kills"], a["unlogged_kills"],
         a["suppressed_headers"], a["unattributed_kills"]))
print("# sources:", ", ".join("%s=%s/%d" % (s["name"], s["status"], s["events"]) for s in d["sources"]))
rows = [c for c in a["cgroups"] if c["path"] == cg]
print("# row:", rows)
ok = True
if a["unlogged_kills"] != max(0, a["kernel_oom_kills"] - a["logged_kills"]):
    print("FAIL: unlogged is not kernel - logged")
    ok = False
if len(rows) != 1 or rows[0]["oom_kill"] != 1:
    print("FAIL: expected one row for", cg, "with oom_kill 1")
    ok = False
elif logged_here:
    print("# the kill is still in the journal or a syslog file: it is logged there")
    ok = ok and rows[0]["logged_kills"] == 1
else:
    if rows[0]["logged_kills"] != 0 or a["unlogged_kills"] < 1:
        print("FAIL: the kill should be unlogged (kernel count 1, logged 0)")
        ok = False
sys.exit(0 if ok else 1)
EOF
if ! grep -q "\"pid\": $pid," "$OUT"; then
	"$OOMTOOL" scan-logs >"$OUT" 2>/dev/null
	if ! tail -n 1 "$OUT" | grep -q "not in the logs.* /oomtool-acct-$$ 1/0"; then
		echo "FAIL: the table does not end with the accounting line for /oomtool-acct-$$"
		sed 's/^/# table: /' "$OUT" | tail -n 3
		fails=$((fails + 1))
	else
		echo "# $(tail -n 1 "$OUT")"
	fi
fi
[ "$fails" -eq 0 ] && echo "ok: the kill of pid $pid in /oomtool-acct-$$ is accounted for"
[ "$fails" -eq 0 ]
