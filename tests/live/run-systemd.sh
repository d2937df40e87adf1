#!/bin/sh
# Live, on a host where systemd is PID 1: oomtool run asks systemd for a delegated transient
# scope (oomtool-run-PID.scope) and makes its trial cgroup inside; an OOM kill there is
# reported as on any host, and systemd removes the scope when oomtool exits.
# Skips (77), saying so, where systemd is not PID 1 (tests/live/run-systemd-fake.sh covers
# the same path there with a fake systemd on a private bus).
# Usage: sh run-systemd.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/run.inc"
OOMTOOL=$1
run_require
[ -d /run/systemd/system ] || {
	echo "skip: systemd is not PID 1 on this host: the systemd scope backend is not tested live here" >&2
	exit 77
}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-live-run.XXXXXX") || exit 1
trap 'run_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$OOMTOOL" run --limit 100M -- "$PY" -c 'b = b"\x01" * (200 << 20)' >/dev/null 2>"$TMP/err" &
pid=$!
wait "$pid"
rc=$?
sed 's/^/# /' "$TMP/err"
[ "$rc" -eq 137 ] || fail "exit status $rc, not 137"
grep -q "oomtool-run-$pid.scope/oomtool-run-$pid-" "$TMP/err" ||
	fail "the trial cgroup is not in the scope oomtool-run-$pid.scope"
grep -q "in a systemd scope" "$TMP/err" || fail "the report does not name the systemd scope"
grep -q "^  OOM kills   1" "$TMP/err" || fail "no OOM kill counted"
for _ in $(seq 50); do
	systemctl is-active --quiet "oomtool-run-$pid.scope" 2>/dev/null || break
	sleep 0.1
done
systemctl is-active --quiet "oomtool-run-$pid.scope" 2>/dev/null &&
	fail "the scope oomtool-run-$pid.scope is still active after oomtool exited"

run_check_no_leftovers || fails=$((fails + 1))
[ "$fails" -eq 0 ] && echo "ok: a trial in a delegated systemd scope"
[ "$fails" -eq 0 ]
