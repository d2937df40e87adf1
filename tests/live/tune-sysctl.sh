#!/bin/sh
# Live, as root, on this kernel: oomtool tune sets a kernel setting now and resets it to
# exactly the value it replaced; refusals (unknown key, range, no -y on a non-terminal)
# change nothing; nobody gets exit 4 for a change and can still check.
# The setting is vm.overcommit_ratio, which the kernel reads only under
# overcommit_memory=2, so that helpers running their live tests at the same time are not
# disturbed; the original value is written back by the trap whatever happens.
# Usage: tune-sysctl.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root" >&2; exit 77; }
command -v python3 >/dev/null || { echo "skip: needs python3" >&2; exit 77; }
KEY=vm.overcommit_ratio
F=/proc/sys/vm/overcommit_ratio
[ -w "$F" ] || { echo "skip: $F is not writable" >&2; exit 77; }
[ "$(cat /proc/sys/vm/overcommit_memory)" != 2 ] ||
	{ echo "skip: overcommit_memory is 2 here: $KEY matters" >&2; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-tune-live.XXXXXX") || exit 1
chmod 755 "$TMP"
. "$2/tests/lib/run-as.sh"
ORIG=$(cat "$F")
STATE=/run/oomtool/sysctl.state
STATE_SAVED=
[ -e "$STATE" ] && cp -p "$STATE" "$TMP/state.saved" && STATE_SAVED=1
cleanup() {
	echo "$ORIG" >"$F"
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
bad() { echo "FAIL - $*"; sed 's/^/  | /' "$TMP/out" "$TMP/err"; fail=1; }
run() { "$OOMTOOL" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null; }
NEW=77
[ "$ORIG" = 77 ] && NEW=78

run tune set "$KEY=$NEW" -y && [ "$(cat $F)" = "$NEW" ] && ok "set $KEY=$NEW" || bad "set"
run tune -J
python3 -c '
import json, sys
s = {x["key"]: x for x in json.load(open(sys.argv[1]))["settings"]}[sys.argv[2]]
assert s["value"] == sys.argv[3] and s["origin"] == "oomtool", s
' "$TMP/out" "$KEY" "$NEW" && ok "the check: origin oomtool" || bad "check"
run tune set "$KEY=$((NEW + 1))" -y && [ "$(cat $F)" = "$((NEW + 1))" ] || bad "set again"
run tune reset "$KEY" -y && [ "$(cat $F)" = "$ORIG" ] && ok "reset: back to $ORIG" ||
	bad "reset"
[ -e "$STATE" ] && [ -z "$STATE_SAVED" ] && bad "records left in $STATE"

run tune set "$KEY=$NEW" -y || bad "set for the refusals"
snap() { cat "$F"; cat "$STATE" 2>/dev/null; ls /etc/sysctl.d; }
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
refused 2 tune set "$KEY=100000" -y
refused 2 tune set vm.nosuch=1 -y
refused 2 tune set "$KEY=abc" -y
refused 2 tune set "$KEY=1"
refused 0 tune set "$KEY=1" --dry-run
refused 0 tune reset "$KEY" --dry-run
refused 0 tune drop-caches --dry-run
if run_as_prepare 65534 "$OOMTOOL"; then
	nob() { run_as "$RUN_AS_OOMTOOL" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null; }
	for args in "tune set $KEY=1 -y" "tune reset $KEY -y" "tune drop-caches -y"; do
		# shellcheck disable=SC2086
		nob $args
		rc=$?
		snap >"$TMP/snap.after"
		if [ $rc -eq 4 ] && cmp -s "$TMP/snap.before" "$TMP/snap.after" &&
		   grep -q "needs root" "$TMP/err"; then
			ok "nobody: $args: exit 4, nothing changed"
		else
			bad "nobody: $args: exit $rc"
		fi
	done
	nob tune && ok "nobody can check" || bad "nobody: check"
fi
run tune reset "$KEY" -y && [ "$(cat $F)" = "$ORIG" ] && ok "reset after the refusals" ||
	bad "reset after the refusals"
exit $fail
