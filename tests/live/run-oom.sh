#!/bin/sh
# Live: oomtool run under real limits. A Python allocation of 200 MiB under --limit 100M is
# OOM-killed: exit 137, oom_killed from the cgroup's counter, peak near 100M. Under --limit
# 300M it fits, with a peak of at least 200M. A command that dies of a plain SIGKILL exits
# 137 too but is not called an OOM kill. A command is stopped at its first OOM kill, or
# runs on with --keep-going. No trial cgroup is left behind.
# Usage: sh run-oom.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/run.inc"
OOMTOOL=$1
run_require
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-live-run.XXXXXX") || exit 1
trap 'run_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ALLOC='b = b"\x01" * (200 << 20); print("allocated", len(b) >> 20, "MiB")'
MIB=1048576

# 1. 200 MiB under 100M: killed
"$OOMTOOL" run -J --report "$TMP/killed.json" --limit 100M -- "$PY" -c "$ALLOC" \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
echo "# --limit 100M: exit $rc, $(json "$TMP/killed.json" \
	'"oom_killed %s, oom_kills %s, peak %.1f MiB (%s), limit hits %s, verdict %s" % (d["oom_killed"], d["oom_kills"], d["peak_bytes"] / 1048576, d["peak_source"], d["limit_hits"], d["verdict"])')"
[ "$rc" -eq 137 ] || fail "exit status $rc under --limit 100M, not 137"
[ "$(json "$TMP/killed.json" 'd["oom_killed"]')" = True ] || fail "not reported oom_killed"
[ "$(json "$TMP/killed.json" 'd["verdict"]')" = killed ] || fail "verdict is not killed"
[ "$(json "$TMP/killed.json" 'd["suggested_limit_bytes"]')" = None ] ||
	fail "a suggested limit for a killed run"
peak=$(json "$TMP/killed.json" 'd["peak_bytes"]')
[ "$peak" -ge $((95 * MIB)) ] && [ "$peak" -le $((100 * MIB)) ] ||
	fail "peak $peak is not near the 100M limit"
grep -q allocated "$TMP/out" && fail "the command printed although it was killed"

# 2. 200 MiB under 300M: fits, and the report follows the command's output on stderr
"$OOMTOOL" run --limit 300M -- "$PY" -c "$ALLOC" >"$TMP/out" 2>"$TMP/err"
rc=$?
sed 's/^/# /' "$TMP/err"
[ "$rc" -eq 0 ] || fail "exit status $rc under --limit 300M, not 0"
grep -qx "allocated 200 MiB" "$TMP/out" || fail "stdout is not the command's own"
grep -q "fits in 300M" "$TMP/err" || fail "the report does not say it fits"
grep -q "^              MemoryMax=" "$TMP/err" || fail "no MemoryMax= line"
"$OOMTOOL" run -J --report "$TMP/fits.json" --limit 300M -- "$PY" -c "$ALLOC" >/dev/null 2>&1
peak=$(json "$TMP/fits.json" 'd["peak_bytes"]')
echo "# --limit 300M: peak $((peak / MIB)) MiB, suggested $(json "$TMP/fits.json" 'd["suggested_limit_bytes"] >> 20') MiB"
[ "$peak" -ge $((200 * MIB)) ] || fail "peak $peak under --limit 300M is below 200 MiB"
[ "$(json "$TMP/fits.json" 'd["verdict"]')" = fits ] || fail "verdict is not fits"
[ "$(json "$TMP/fits.json" 'd["oom_killed"]')" = False ] || fail "oom_killed is not false"
[ "$(json "$TMP/fits.json" 'd["suggested_limit_bytes"] >= d["peak_bytes"]')" = True ] ||
	fail "the suggested limit is below the peak"

# 3. a plain SIGKILL: 137, but no OOM kill
"$OOMTOOL" run -J --report "$TMP/sigkill.json" --limit 100M -- sh -c 'kill -KILL $$' \
	>/dev/null 2>&1
rc=$?
echo "# plain SIGKILL: exit $rc, oom_killed $(json "$TMP/sigkill.json" 'd["oom_killed"]'), signal $(json "$TMP/sigkill.json" 'd["signal"]')"
[ "$rc" -eq 137 ] || fail "exit status $rc after SIGKILL, not 137"
[ "$(json "$TMP/sigkill.json" 'd["oom_killed"]')" = False ] || fail "a plain SIGKILL called an OOM kill"
[ "$(json "$TMP/sigkill.json" 'd["oom_kills"]')" = 0 ] || fail "oom_kills is not 0 after a plain SIGKILL"
[ "$(json "$TMP/sigkill.json" 'd["verdict"]')" = fits ] || fail "verdict is not fits after a plain SIGKILL"

# 4. cannot execute: 127, nothing left
"$OOMTOOL" run --limit 100M -- /nonexistent/command >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -eq 127 ] || fail "exit status $rc for a missing command, not 127"
grep -q "cannot execute '/nonexistent/command'" "$TMP/err" || fail "no 'cannot execute' message"

# 5. stopped at the first OOM kill; --keep-going lets the rest of the command run
STEPS="\"$PY\" -c 'b = b\"\\x01\" * (200 << 20)'; sleep 1; echo after"
"$OOMTOOL" run -J --report "$TMP/stop.json" --limit 100M -- sh -c "$STEPS" >"$TMP/out" 2>/dev/null
rc=$?
echo "# a shell whose child is OOM-killed: exit $rc, oom_kills $(json "$TMP/stop.json" 'd["oom_kills"]'), said after: $(grep -c after "$TMP/out")"
[ "$rc" -eq 137 ] || fail "exit status $rc when stopped at the first OOM kill, not 137"
grep -q after "$TMP/out" && fail "the command ran on after the first OOM kill"
"$OOMTOOL" run -J --report "$TMP/kept.json" --keep-going --limit 100M -- sh -c "$STEPS" >"$TMP/out" 2>/dev/null
rc=$?
echo "# the same with --keep-going: exit $rc, oom_kills $(json "$TMP/kept.json" 'd["oom_kills"]'), verdict $(json "$TMP/kept.json" 'd["verdict"]'), said after: $(grep -c after "$TMP/out")"
[ "$rc" -eq 0 ] || fail "exit status $rc with --keep-going, not the shell's 0"
grep -q after "$TMP/out" || fail "--keep-going did not let the command run on"
[ "$(json "$TMP/kept.json" 'd["oom_kills"] == 1 and d["verdict"] == "killed"')" = True ] ||
	fail "--keep-going: the OOM kill is not counted"

run_check_no_leftovers || fails=$((fails + 1))
[ "$fails" -eq 0 ] && echo "ok: OOM kill, fit and plain SIGKILL reported from the cgroup's counters"
[ "$fails" -eq 0 ]
