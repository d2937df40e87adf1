#!/bin/sh
# Live: protect's systemd side where systemd is not PID 1, against a fake systemd on a
# private bus (tests/lib/fake-systemd1-oom.c). A process runs in a cgroup named as a unit;
# a second program on liboomtool's public API (tests/lib/protect-second-program.c) lists it
# asking systemd over the bus: the unit's OOMScoreAdjust=, OOMPolicy= and
# ManagedOOMPreference= come from systemd (drift, oom_policy_kill, oomd_omit); then it sets
# a value with --persist (a drop-in under /etc/systemd/system, a Manager.Reload) and resets
# it (the drop-in removed, reloaded again). Skips (77) without root, a C compiler,
# libsystemd's headers, dbus-daemon or a writable cgroup v2 hierarchy.
# Leaves nothing: the process, its cgroup, the drop-in and the records go (trap).
# Usage: sh protect-systemd-fake.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
SRC=$2
BUILD=$3
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root" >&2; exit 77; }
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || { echo "skip: no C compiler ($CC)" >&2; exit 77; }
command -v dbus-daemon >/dev/null 2>&1 || { echo "skip: no dbus-daemon" >&2; exit 77; }
SDFLAGS=$(pkg-config --cflags --libs libsystemd 2>/dev/null) ||
	{ echo "skip: no libsystemd development files" >&2; exit 77; }
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then V2=/sys/fs/cgroup
elif [ -e /sys/fs/cgroup/unified/cgroup.controllers ]; then V2=/sys/fs/cgroup/unified
else echo "skip: no cgroup v2 hierarchy to name a unit's cgroup in" >&2; exit 77; fi
[ -d /etc/systemd/system ] || { echo "skip: no /etc/systemd/system" >&2; exit 77; }
UNIT=oomt-fake-$$.service
CG=$V2/$UNIT
DROPIN_DIR=/etc/systemd/system/$UNIT.d
. "$2/tests/lib/tmp-dir.sh"   # it runs what it installs or builds there
TMP=$(tmp_dir_for oomtool-protect-fake exec "$3") || exit 1
STATE=/run/oomtool/protect.state
STATE_SAVED=
[ -e "$STATE" ] && cp -p "$STATE" "$TMP/state.saved" && STATE_SAVED=1
bus_pid= fake_pid= proc_pid=
cleanup() {
	for p in $proc_pid $fake_pid $bus_pid; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	[ -d "$CG" ] && rmdir "$CG" 2>/dev/null
	rm -rf "$DROPIN_DIR"
	if [ -n "$STATE_SAVED" ]; then
		cp -p "$TMP/state.saved" "$STATE"
	else
		rm -f "$STATE"
		rmdir /run/oomtool 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

[ -e "$DROPIN_DIR" ] && { echo "skip: $DROPIN_DIR exists already" >&2; exit 77; }
# shellcheck disable=SC2086
"$CC" -o "$TMP/fake" "$SRC/tests/lib/fake-systemd1-oom.c" $SDFLAGS || exit 1
SAN=
ldd "$BUILD/liboomtool.so.0" 2>/dev/null | grep -q libasan && SAN="-fsanitize=address,undefined"
# shellcheck disable=SC2086
"$CC" -o "$TMP/second" $SAN -I"$SRC/lib/include" "$SRC/tests/lib/protect-second-program.c" \
	-L"$BUILD" -loomtool -Wl,-rpath,"$BUILD" || exit 1

mkdir "$CG" || { echo "skip: cannot make $CG" >&2; exit 77; }
sleep 300 &
proc_pid=$!
echo "$proc_pid" >"$CG/cgroup.procs" || { echo "skip: cannot move a process into $CG" >&2; exit 77; }
grep -q "^0::/$UNIT\$" "/proc/$proc_pid/cgroup" || { fail "the process is not in /$UNIT"; exit 1; }

. "$SRC/tests/lib/dbus-address.sh"
BUS=$(dbus_unix_address "$TMP/bus")
dbus-daemon --session --nofork --address="$BUS" >/dev/null 2>&1 &
bus_pid=$!
for _ in $(seq 50); do [ -S "$TMP/bus" ] && break; sleep 0.1; done
export DBUS_SYSTEM_BUS_ADDRESS="$BUS"
# the socket appears at bind(), a moment before the daemon listens: retry
for _ in 1 2 3 4 5; do
	"$TMP/fake" "$UNIT" -777 "$TMP/calls" "$TMP/ready" &
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

# 1. the list asks systemd
got=$("$TMP/second" "$proc_pid" 2>"$TMP/err")
echo "# $got"
case $got in
"source=default configured=-777 from=systemd policy=kill flags=drift,oom_policy_kill,oomd_omit,") ;;
*) fail "what systemd says: '$got' ($(cat "$TMP/err"))" ;;
esac

# 2. set with --persist: drop-in, reload, the value now
got=$("$TMP/second" "$proc_pid" "$UNIT" set 300 2>"$TMP/err")
echo "# $got"
[ "$got" = "steps=record,dropin,reload,adj error=0" ] || fail "set: '$got' ($(cat "$TMP/err"))"
grep -qx "OOMScoreAdjust=300" "$DROPIN_DIR/90-oomtool.conf" 2>/dev/null || fail "no drop-in"
[ "$(stat -c %a "$DROPIN_DIR/90-oomtool.conf" 2>/dev/null)" = 644 ] || fail "drop-in mode"
[ "$(cat "/proc/$proc_pid/oom_score_adj")" = 300 ] || fail "the value now"
[ "$(grep -c reload "$TMP/calls")" = 1 ] || fail "systemd was not reloaded once"

# 3. reset: the drop-in goes, reloaded again, the value back
got=$("$TMP/second" "$proc_pid" "$UNIT" reset 2>"$TMP/err")
echo "# $got"
[ "$got" = "steps=dropin-remove,reload,adj,record error=0" ] || fail "reset: '$got' ($(cat "$TMP/err"))"
[ ! -e "$DROPIN_DIR" ] || fail "the drop-in directory is left"
[ "$(cat "/proc/$proc_pid/oom_score_adj")" = 0 ] || fail "the value after reset"
[ "$(grep -c reload "$TMP/calls")" = 2 ] || fail "systemd was not reloaded after the reset"

[ "$fails" -eq 0 ] && echo "ok: protect against a fake systemd: its settings, a drop-in, two reloads"
[ "$fails" -eq 0 ]
