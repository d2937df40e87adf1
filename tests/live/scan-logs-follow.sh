#!/bin/sh
# Live: `oomtool scan-logs -f -J` reports a real memcg OOM kill as it happens, as one JSON
# line, and ends cleanly (exit 0, promptly) on SIGINT; on /dev/kmsg (this host's records)
# a follower with --host set to this host reports the kill and one with another host does
# not (exit 1 at SIGTERM). Needs root and the cgroup v1 memory
# controller; skips (77) otherwise. Touches no memory outside its own 32 MiB cgroup.
# Usage: sh scan-logs-follow.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/memcg.inc"
OOMTOOL=$1
ROOT=$MEMCG_ROOT
CG=$ROOT/oomtool-follow-$$
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-live-follow.XXXXXX") || exit 1
follower=
hostf=
otherf=
victim=

memcg_require
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || { echo "skip: no python3"; exit 77; }

cleanup() {
	[ -n "$victim" ] && kill -KILL "$victim" 2>/dev/null
	[ -n "$follower" ] && kill -KILL "$follower" 2>/dev/null
	[ -n "$hostf" ] && kill -KILL "$hostf" 2>/dev/null
	[ -n "$otherf" ] && kill -KILL "$otherf" 2>/dev/null
	memcg_remove "$CG"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

"$OOMTOOL" scan-logs -f -J >"$TMP/out" 2>"$TMP/err" &
follower=$!
# without journald, follow reads /dev/kmsg, whose records are this host's
if [ ! -e /run/systemd/journal ]; then
	"$OOMTOOL" scan-logs -f -J --host "$(uname -n)" >"$TMP/hout" 2>"$TMP/herr" &
	hostf=$!
	"$OOMTOOL" scan-logs -f -J --host oomtool-no-such-host >"$TMP/oout" 2>"$TMP/oerr" &
	otherf=$!
fi
sleep 1
if ! kill -0 "$follower" 2>/dev/null; then
	echo "FAIL: scan-logs -f ended by itself"
	cat "$TMP/err"
	exit 1
fi

mkdir "$CG" || exit 1
echo $((32 << 20)) >"$CG/memory.limit_in_bytes" || exit 1
[ -w "$CG/memory.swappiness" ] && echo 0 >"$CG/memory.swappiness" 2>/dev/null
(sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" -c "b = b\"\\x01\" * (200 << 20)"' sh "$CG" "$PY") &
victim=$!
wait "$victim"
victim=

# the kill must be reported within a few seconds, while the follower still runs
found=
for _ in 1 2 3 4 5 6 7 8 9 10; do
	pid=$(python3 - "$TMP/out" "/oomtool-follow-$$" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["scope"] == "memcg" and sys.argv[2] in ((e["oom_memcg"] or ""), (e["task_memcg"] or "")):
        print(e["victim"]["pid"])
EOF
)
	[ -n "$pid" ] && { found=$pid; break; }
	sleep 0.5
done

fails=0
if [ -z "$found" ]; then
	echo "FAIL: no JSON line for the kill in /oomtool-follow-$$"
	sed 's/^/# out: /' "$TMP/out"
	fails=$((fails + 1))
elif [ "$(echo "$found" | wc -l)" -ne 1 ]; then
	echo "FAIL: the kill was reported more than once: $found"
	fails=$((fails + 1))
fi

# --since replays what the log already holds: the kill above, then waits for more
"$OOMTOOL" scan-logs -f -J --since -10min >"$TMP/rout" 2>"$TMP/rerr" &
replay=$!
sleep 2
kill -INT "$replay"
wait "$replay"
rc=$?
if [ "$rc" -ne 0 ] || ! grep -q "\"/oomtool-follow-$$\"" "$TMP/rout"; then
	echo "FAIL: scan-logs -f --since -10min did not replay the kill (exit $rc)"
	sed 's/^/# replay stderr: /' "$TMP/rerr"
	fails=$((fails + 1))
else
	echo "ok: --follow --since replays the kill already in the log"
fi

kill -INT "$follower"
i=0
while kill -0 "$follower" 2>/dev/null && [ $i -lt 30 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$follower" 2>/dev/null; then
	echo "FAIL: scan-logs -f still runs 3 s after SIGINT"
	fails=$((fails + 1))
else
	wait "$follower"
	rc=$?
	follower=
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: scan-logs -f exited $rc after SIGINT, expected 0 (an incident was reported)"
		sed 's/^/# stderr: /' "$TMP/err"
		fails=$((fails + 1))
	fi
fi
if [ -n "$hostf" ]; then
	kill -TERM "$hostf"
	wait "$hostf"
	rc=$?
	hostf=
	if [ "$rc" -ne 0 ] || ! grep -q '"scope":"memcg"' "$TMP/hout"; then
		echo "FAIL: scan-logs -f --host $(uname -n) exited $rc after SIGTERM, expected 0 and the kill"
		fails=$((fails + 1))
		sed 's/^/# --host stderr: /' "$TMP/herr"
	else
		echo "ok: --follow --host $(uname -n) reports the kill"
	fi
	kill -TERM "$otherf"
	wait "$otherf"
	rc=$?
	otherf=
	if [ "$rc" -ne 1 ] || [ -s "$TMP/oout" ]; then
		echo "FAIL: scan-logs -f --host oomtool-no-such-host exited $rc, expected 1 and no output"
		fails=$((fails + 1))
	else
		echo "ok: --follow --host another-host reports nothing (exit 1)"
	fi
fi
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$TMP/out" ||
	{ echo "FAIL: output is not JSON Lines"; fails=$((fails + 1)); }
if [ "$fails" -ne 0 ]; then
	sed 's/^/# out: /' "$TMP/out"
	sed 's/^/# stderr: /' "$TMP/err"
fi
[ "$fails" -eq 0 ] && echo "ok: kill of pid $found reported live, clean exit on SIGINT"
[ "$fails" -eq 0 ]
