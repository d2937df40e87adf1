#!/bin/sh
# Live: Ctrl-C. SIGINT sent to oomtool run (as kill(1) or a CI runner sends it: to oomtool
# alone) reaches the command, which stops; oomtool reports, exits 130 and removes the trial
# cgroup. The same for SIGTERM (143). No trial cgroup is left behind.
# Usage: sh run-interrupt.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/run.inc"
OOMTOOL=$1
run_require
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-live-run.XXXXXX") || exit 1
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; run_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# sig NAME STATUS: run a sleeper, send NAME to oomtool once the command runs
interrupt() {
	rm -f "$TMP/ready"
	# a background job of a script starts with SIGINT ignored: the sleeper restores it
	"$OOMTOOL" run -J --report "$TMP/report.json" --limit 100M -- "$PY" -c '
import signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
open(sys.argv[1], "w").close()
time.sleep(120)' "$TMP/ready" >/dev/null 2>"$TMP/err" &
	pid=$!
	for _ in $(seq 100); do [ -e "$TMP/ready" ] && break; sleep 0.1; done
	[ -e "$TMP/ready" ] || { fail "the command did not start"; return; }
	cgs=$(ls -d /sys/fs/cgroup/memory/oomtool-run-"$pid"-* /sys/fs/cgroup/oomtool-run-"$pid"-* \
		/sys/fs/cgroup/unified/oomtool-run-"$pid"-* 2>/dev/null)
	[ -n "$cgs" ] || fail "no trial cgroup oomtool-run-$pid-* while the command runs"
	kill -s "$1" "$pid"
	wait "$pid"
	rc=$?
	pid=
	echo "# SIG$1 to oomtool: exit $rc, the command's status $(json "$TMP/report.json" 'd["exit_status"]'), signal $(json "$TMP/report.json" 'd["signal"]'); cgroup $cgs"
	[ "$rc" -eq "$2" ] || fail "exit status $rc after SIG$1, not $2"
	[ "$(json "$TMP/report.json" 'd["oom_killed"]')" = False ] || fail "SIG$1 called an OOM kill"
	for cg in $cgs; do
		[ -d "$cg" ] && fail "the trial cgroup $cg is still there after SIG$1"
	done
}
interrupt INT 130
interrupt TERM 143

run_check_no_leftovers || fails=$((fails + 1))
[ "$fails" -eq 0 ] && echo "ok: an interrupted oomtool stops the command and removes its cgroup"
[ "$fails" -eq 0 ]
