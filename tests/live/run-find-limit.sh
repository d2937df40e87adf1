#!/bin/sh
# Live: --find-limit on a deterministic allocation (150 MiB, written) lands within 5% of
# the true need: the peak the same command reaches without a tight limit. Each try is
# reported; every try below the answer was OOM-killed. No trial cgroup is left behind.
# Usage: sh run-find-limit.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/run.inc"
OOMTOOL=$1
run_require
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-live-run.XXXXXX") || exit 1
trap 'run_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ALLOC='b = b"\x01" * (150 << 20)'
MIB=1048576

"$OOMTOOL" run -J --report "$TMP/need.json" --limit 1G -- "$PY" -c "$ALLOC" || fail "the reference run failed"
need=$(json "$TMP/need.json" 'd["peak_bytes"]')
"$OOMTOOL" run -J --report "$TMP/find.json" --find-limit -- "$PY" -c "$ALLOC" 2>"$TMP/err"
rc=$?
sed 's/^/# /' "$TMP/err"
found=$(json "$TMP/find.json" 'd["limit_bytes"]')
json "$TMP/find.json" '"\n".join("# try %d: limit %s, %s, peak %.1f MiB" % (i + 1, "none" if t["limit_bytes"] is None else "%.1f MiB" % (t["limit_bytes"] / 1048576), t["verdict"], t["peak_bytes"] / 1048576) for i, t in enumerate(d["tries"]))'
echo "# true need (peak under 1G): $((need / MIB)) MiB; found: $((found / MIB)) MiB"
[ "$rc" -eq 0 ] || fail "--find-limit exited $rc"
[ "$(json "$TMP/find.json" 'abs(d["limit_bytes"] - '"$need"') <= 0.05 * '"$need")" = True ] ||
	fail "found $found is not within 5% of the need $need"
[ "$(json "$TMP/find.json" 'all(t["oom_killed"] for t in d["tries"] if t["limit_bytes"] is not None and t["limit_bytes"] < d["limit_bytes"])')" = True ] ||
	fail "a try below the answer was not OOM-killed"
[ "$(json "$TMP/find.json" 'len(d["tries"]) >= 3 and d["verdict"] != "killed"')" = True ] ||
	fail "too few tries, or the answer's try was killed"
[ "$(grep -c '^oomtool run: try ' "$TMP/err")" -eq "$(json "$TMP/find.json" 'len(d["tries"])')" ] ||
	fail "not every try was reported as it ended"

run_check_no_leftovers || fails=$((fails + 1))
[ "$fails" -eq 0 ] && echo "ok: --find-limit within 5% of the need"
[ "$fails" -eq 0 ]
