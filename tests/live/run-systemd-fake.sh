#!/bin/sh
# Live: the systemd backend where systemd is not PID 1, against a fake systemd on a private
# bus (tests/lib/fake-systemd1.c; a real systemd host runs run-systemd.sh). A second program
# built on liboomtool's public API alone (tests/lib/run-second-program.c) asks for the
# systemd backend: it must call StartTransientUnit for "oomtool-run-PID.scope" with
# Delegate=yes and its own PID, find itself in the scope, make its trial cgroup inside,
# report an OOM kill there, and remove the trial cgroup. With no bus to reach, it must fall
# back to a private cgroup and say why. Skips (77) without a C compiler, libsystemd's
# headers or dbus-daemon.
# Usage: sh run-systemd-fake.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/run.inc"
SRC=$2
BUILD=$3
run_require
[ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ] ||
	{ echo "skip: the fake scope is made in the v1 memory controller, not mounted here" >&2; exit 77; }
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || { echo "skip: no C compiler ($CC)" >&2; exit 77; }
command -v dbus-daemon >/dev/null 2>&1 || { echo "skip: no dbus-daemon" >&2; exit 77; }
SDFLAGS=$(pkg-config --cflags --libs libsystemd 2>/dev/null) ||
	{ echo "skip: no libsystemd development files" >&2; exit 77; }
. "$2/tests/lib/tmp-dir.sh"   # it runs what it installs or builds there
TMP=$(tmp_dir_for oomtool-live-run exec "$3") || exit 1
SLICE=/sys/fs/cgroup/memory/oomtool-fake-systemd-$$.slice
bus_pid= fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	[ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null
	wait 2>/dev/null
	for d in "$SLICE"/*/ "$SLICE"; do
		[ -d "$d" ] || continue
		for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
	done
	for d in "$SLICE"/*/*/ "$SLICE"/*/ "$SLICE"; do [ -d "$d" ] && rmdir "$d" 2>/dev/null; done
	run_cleanup
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# shellcheck disable=SC2086
"$CC" -o "$TMP/fake-systemd1" "$SRC/tests/lib/fake-systemd1.c" $SDFLAGS || exit 1
# a library built with the sanitizers needs their runtime first in the program
SAN=
ldd "$BUILD/liboomtool.so.0" 2>/dev/null | grep -q libasan && SAN="-fsanitize=address,undefined"
# shellcheck disable=SC2086
"$CC" -o "$TMP/second" $SAN -I"$SRC/lib/include" "$SRC/tests/lib/run-second-program.c" \
	-L"$BUILD" -loomtool -Wl,-rpath,"$BUILD" || exit 1

mkdir "$SLICE" || exit 1
. "$SRC/tests/lib/dbus-address.sh"
BUS=$(dbus_unix_address "$TMP/bus")
dbus-daemon --session --nofork --address="$BUS" >/dev/null 2>&1 &
bus_pid=$!
for _ in $(seq 50); do [ -S "$TMP/bus" ] && break; sleep 0.1; done
export DBUS_SYSTEM_BUS_ADDRESS="$BUS"
# the socket file appears at bind(), a moment before the daemon listens: retry
for _ in 1 2 3 4 5; do
	"$TMP/fake-systemd1" "$SLICE" "$TMP/calls" "$TMP/ready" &
	fake_pid=$!
	for _ in $(seq 100); do
		[ -e "$TMP/ready" ] && break 2
		kill -0 "$fake_pid" 2>/dev/null || break
		sleep 0.1
	done
	wait "$fake_pid" 2>/dev/null
	fake_pid=
	sleep 0.2
done
[ -e "$TMP/ready" ] || { echo "FAIL: the fake systemd did not come up on the private bus"; exit 1; }

# 1. through the fake systemd: an OOM kill in a trial cgroup inside the scope
"$TMP/second" $((100 << 20)) "$PY" -c 'b = b"\x01" * (200 << 20)' >"$TMP/report.json" 2>"$TMP/err" &
pid=$!
wait "$pid"
rc=$?
sed 's/^/# /' "$TMP/err" "$TMP/calls"
scope=/oomtool-fake-systemd-$$.slice/oomtool-run-$pid.scope
[ "$rc" -eq 137 ] || fail "exit status $rc, not 137"
grep -qx "unit=oomtool-run-$pid.scope mode=fail delegate=1 pids=$pid" "$TMP/calls" ||
	fail "StartTransientUnit was not called for oomtool-run-$pid.scope with Delegate and its PID"
grep -qx "backend=systemd parent=$scope systemd_error=none" "$TMP/err" ||
	fail "the trial's parent is not the scope $scope"
grep -q "^cgroup=$scope/oomtool-run-$pid-" "$TMP/err" || fail "the trial cgroup is not inside the scope"
[ "$(json "$TMP/report.json" 'd["oom_killed"]')" = True ] || fail "no OOM kill reported"
left=$(ls -d "$SLICE"/oomtool-run-$pid.scope/oomtool-run-* 2>/dev/null)
[ -z "$left" ] || fail "trial cgroups left in the scope: $left"

# 2. no systemd to reach: a private cgroup, and the reason
DBUS_SYSTEM_BUS_ADDRESS=$(dbus_unix_address "$TMP/no-bus") "$TMP/second" $((100 << 20)) true >/dev/null 2>"$TMP/err"
rc=$?
sed 's/^/# /' "$TMP/err"
[ "$rc" -eq 0 ] || fail "the fallback run exited $rc"
grep -q "^backend=private parent=/ systemd_error=" "$TMP/err" && ! grep -q "systemd_error=none" "$TMP/err" ||
	fail "no fallback to a private cgroup with the reason"

run_check_no_leftovers || fails=$((fails + 1))
[ "$fails" -eq 0 ] && echo "ok: the systemd backend against a fake systemd, and its fallback"
[ "$fails" -eq 0 ]
