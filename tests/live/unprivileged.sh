#!/bin/sh
# oomtool as an unprivileged user (nobody). top-mem: other users' PSS is unknown ("-"),
# said once on stderr with advice that works ("run as root": no group opens another user's
# smaps_rollup), and the run still succeeds; an unreadable /proc exits 4. swap-setup: exit 4, one plain message.
set -u
OOMTOOL=$1
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root (to drop to nobody)"; exit 77; }
TMP=$(mktemp -d) || exit 1
. "$2/tests/lib/run-as.sh"
trap 'rm -rf "$TMP"; run_as_cleanup' EXIT INT TERM
# a copy of oomtool that nobody can run wherever the checkout is (tests/lib/run-as.sh)
run_as_prepare 65534 "$OOMTOOL" || exit 77
OOMTOOL=$RUN_AS_OOMTOOL
nobody() { run_as "$@"; }
fail=0
# -p 1: init is root's, so its PSS cannot be read by nobody
nobody "$OOMTOOL" top-mem -p 1 -s pss -o PID,PSS >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && echo "ok - exit 0" || { echo "FAIL - exit $rc"; fail=1; }
if awk 'NR > 3 && $1 == 1 { found = ($2 == "-") } END { exit !found }' "$TMP/out"; then
	echo "ok - PSS of pid 1 shown as -"
else
	echo "FAIL - PSS of pid 1 not '-'"; sed 's/^/  | /' "$TMP/out"; fail=1
fi
if grep -q "^oomtool: top-mem: PSS unknown (shown as -) for 1 process: .*; run as root$" "$TMP/err"
then echo "ok - the note says to run as root"
else echo "FAIL - note:"; sed 's/^/  | /' "$TMP/err"; fail=1; fi
if grep -q "adm\|systemd-journal" "$TMP/err"; then
	echo "FAIL - log-reader group advice for a /proc read"; fail=1
fi
mkdir -m 755 "$TMP/root" && mkdir -m 000 "$TMP/root/proc"
chmod 755 "$TMP"
nobody "$OOMTOOL" top-mem --sysroot "$TMP/root" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 4 ] && echo "ok - unreadable /proc: exit 4" || { echo "FAIL - unreadable /proc: exit $rc"; fail=1; }
grep -q "^oomtool: top-mem: cannot open '$TMP/root/proc': Permission denied; run as root$" "$TMP/err" ||
	{ echo "FAIL - unreadable /proc message:"; sed 's/^/  | /' "$TMP/err"; fail=1; }
nobody "$OOMTOOL" swap-setup --size 64M --path /tmp/oomtool-nobody-swap-$$ --dry-run \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 4 ] && echo "ok - swap-setup exit 4" || { echo "FAIL - swap-setup exit $rc"; fail=1; }
if grep -q "^oomtool: swap-setup: check 'root' refused: .*need root (run it as root: sudo oomtool swap-setup \.\.\.); nothing was changed$" "$TMP/err"
then echo "ok - swap-setup says to run as root"
else echo "FAIL - swap-setup message:"; sed 's/^/  | /' "$TMP/err"; fail=1; fi
exit $fail
