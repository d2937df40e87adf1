#!/bin/sh
# Live, as root, on this kernel: oomtool protect sets and resets oom_score_adj of processes
# it spawns, by pid, by name and with --children, and the list names oomtool as the source;
# -1000 and every other refusal leave every value (and the records) as they were; nobody may
# raise its own process, never lower it below 0 or touch root's; a drop-in persisted under
# --sysroot is read back, and reset removes it.
# Values are positive unless this root has CAP_SYS_RESOURCE (a container's root may not:
# the kernel lets it raise values only, and lower them back to 0).
# Kills what it spawned and puts /run/oomtool back as it found it (trap), even on failure.
# Usage: protect-adj.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root" >&2; exit 77; }
. "$2/tests/lib/tmp-dir.sh"   # it runs what it installs or builds there
TMP=$(tmp_dir_for oomtool-protect-live exec "$3") || exit 1
chmod 755 "$TMP"
. "$2/tests/lib/run-as.sh"
STATE=/run/oomtool/protect.state
STATE_SAVED=
[ -e "$STATE" ] && cp -p "$STATE" "$TMP/state.saved" && STATE_SAVED=1
PIDS=
cleanup() {
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	if [ -n "$STATE_SAVED" ]; then
		cp -p "$TMP/state.saved" "$STATE"
	else
		rm -f "$STATE"
		rmdir /run/oomtool 2>/dev/null
	fi
	run_as_cleanup
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail=0
ok() { echo "ok - $*"; }
bad() { echo "FAIL - $*"; [ -s "$TMP/out" ] && sed 's/^/  | /' "$TMP/out" "$TMP/err"; fail=1; }
adj() { cat "/proc/$1/oom_score_adj"; }

# Values this root may write: with CAP_SYS_RESOURCE (bit 24) negative ones too.
cap=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
if [ $(( 0x$cap >> 24 & 1 )) -eq 1 ]; then HI=-500 LO=-300; else HI=500 LO=300; fi

# A sleep under a name of our own (comm), so that a name matches our processes only.
NAME=oomtp$$
NAME=$(printf '%.15s' "$NAME")
cp "$(command -v sleep)" "$TMP/$NAME"
"$TMP/$NAME" 300 &
A=$!
"$TMP/$NAME" 300 &
B=$!
# a parent with two children
sh -c "'$TMP/$NAME' 300 & '$TMP/$NAME' 300 & wait" &
C=$!
PIDS="$A $B $C"
sleep 0.5
KIDS=$(pgrep -P "$C" | tr '\n' ' ')
PIDS="$PIDS $KIDS"
[ "$(echo $KIDS | wc -w)" -eq 2 ] || { echo "FAIL - the parent has no two children"; exit 1; }
before=$(for p in $A $B $C $KIDS; do adj "$p"; done | tr '\n' ' ')
[ "$before" = "0 0 0 0 0 " ] || { echo "skip: spawned processes do not start at 0 ($before)" >&2; exit 77; }

run() { "$OOMTOOL" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null; }

# ---- by pid
run protect set "$A" $HI -y && [ "$(adj $A)" = $HI ] && [ "$(adj $B)" = 0 ] &&
	ok "set by pid" || bad "set by pid"
run protect -J
python3 - "$TMP/out" "$A" "$HI" <<'EOF' && ok "the list: source oomtool" || bad "the list"
import json, sys
p = {x["pid"]: x for x in json.load(open(sys.argv[1]))["processes"]}
a = p[int(sys.argv[2])]
assert a["source"] == "oomtool" and a["oom_score_adj"] == int(sys.argv[3]), a
assert a["configured_adj"] == int(sys.argv[3]) and a["configured_from"] == "oomtool", a
EOF
run protect set "$A" $LO -y && [ "$(adj $A)" = $LO ] || bad "set again"
run protect reset "$A" -y && [ "$(adj $A)" = 0 ] && ok "reset by pid: the first value" ||
	bad "reset by pid"

# ---- by name: both
run protect set "$NAME" $HI -y && [ "$(adj $A)" = $HI ] && [ "$(adj $B)" = $HI ] &&
	ok "set by name" || bad "set by name"
run protect reset "$NAME" -y && [ "$(adj $A)" = 0 ] && [ "$(adj $B)" = 0 ] &&
	ok "reset by name" || bad "reset by name"

# ---- --children
run protect set "$C" $LO --children -y
got=$(for p in $C $KIDS; do adj "$p"; done | tr '\n' ' ')
[ "$got" = "$LO $LO $LO " ] && ok "set --children" || bad "set --children: $got"
run protect -J
python3 - "$TMP/out" $KIDS <<'EOF' || bad "children listed as oomtool's"
import json, sys
p = {x["pid"]: x for x in json.load(open(sys.argv[1]))["processes"]}
assert all(p[int(k)]["source"] == "oomtool" for k in sys.argv[2:]), p
EOF
run protect reset "$C" --children -y
got=$(for p in $C $KIDS; do adj "$p"; done | tr '\n' ' ')
[ "$got" = "0 0 0 " ] && ok "reset --children" || bad "reset --children: $got"
[ -e "$STATE" ] && [ -z "$STATE_SAVED" ] && bad "records left in $STATE"

# ---- refusals change nothing
run protect set "$A" $HI -y
snap() { for p in $A $B $C $KIDS; do adj "$p"; done; cat "$STATE" 2>/dev/null; }
snap >"$TMP/snap.before"
refused() {
	want=$1
	shift
	run "$@"
	rc=$?
	snap >"$TMP/snap.after"
	if [ $rc -ne "$want" ]; then bad "exit $rc, expected $want: $*"
	elif ! cmp -s "$TMP/snap.before" "$TMP/snap.after"; then bad "changed something: $*"
	else ok "refused ($rc), nothing changed: $*"; fi
}
refused 3 protect set "$B" -1000 -y
grep -q -- "-900" "$TMP/err" || bad "-1000: -900 not suggested"
refused 3 protect set "$NAME" -1000 --children -y
refused 2 protect set "$B" 1001 -y
refused 3 protect set "$B" 100 --persist -y
refused 1 protect set 999999999 100 -y
refused 1 protect set "nosuch$$" 100 -y
refused 2 protect set "$B" 100
refused 0 protect set "$B" 100 --dry-run
refused 0 protect reset "$B" -y
run protect reset "$A" -y && [ "$(adj $A)" = 0 ] || bad "reset after the refusals"

# ---- nobody: raise its own, never lower below 0, never root's
if run_as_prepare 65534 "$OOMTOOL"; then
	run_as "$TMP/$NAME" 300 &
	sleep 0.5
	N=$(pgrep -u 65534 -n -x "$NAME")
	PIDS="$PIDS $N"
	if [ -z "$N" ]; then
		bad "no process of nobody"
	else
		nob() { run_as "$RUN_AS_OOMTOOL" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null; }
		nob protect set "$N" 600 -y && [ "$(adj $N)" = 600 ] && ok "nobody raises its own" ||
			bad "nobody raises its own"
		grep -q "without root no record" "$TMP/out" || bad "nobody: no record said"
		nob protect set "$N" -100 -y
		rc=$?
		[ $rc -eq 4 ] && [ "$(adj $N)" = 600 ] && ok "nobody cannot protect (exit 4)" ||
			bad "nobody lowering below 0: exit $rc, adj $(adj $N)"
		nob protect set "$B" 700 -y
		rc=$?
		[ $rc -eq 4 ] && [ "$(adj $B)" = 0 ] && ok "nobody cannot touch root's (exit 4)" ||
			bad "nobody on root's process: exit $rc"
		nob protect set "$N" 0 -y && [ "$(adj $N)" = 0 ] && ok "nobody lowers back to 0" ||
			bad "nobody lowering to 0"
	fi
else
	echo "skip - nobody's part (see above)"
fi

# ---- a drop-in under --sysroot, read back
R=$TMP/root
mkdir -p "$R/proc" "$R/etc/systemd/system"
printf '[Service]\nExecStart=/bin/true\n' >"$R/etc/systemd/system/oomt-live.service"
run protect set oomt-live.service -900 --persist --sysroot "$R" -y || bad "persist under --sysroot"
f=$R/etc/systemd/system/oomt-live.service.d/90-oomtool.conf
grep -q "^OOMScoreAdjust=-900$" "$f" && [ "$(stat -c %a "$f")" = 644 ] &&
	ok "drop-in written (0644)" || bad "drop-in"
run protect set oomt-live.service -900 --persist --sysroot "$R" -y
grep -q "Already done" "$TMP/out" && ok "read back: already done" || bad "read back"
run protect reset oomt-live.service --sysroot "$R" -y && [ ! -e "$f" ] &&
	[ ! -e "$R/etc/systemd/system/oomt-live.service.d" ] && ok "reset removed it" ||
	bad "reset of the drop-in"
exit $fail
