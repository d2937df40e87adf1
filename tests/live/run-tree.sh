#!/bin/sh
# Live: the peak of the whole process tree. A parent with four children that allocate
# 40 MiB each at the same time: oomtool run reports a tree peak of at least 160 MiB, where
# /usr/bin/time -v (the largest single process's maxrss) reports under 60 MiB. Both are
# shown. No trial cgroup is left behind.
# Usage: sh run-tree.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/run.inc"
OOMTOOL=$1
run_require
[ -x /usr/bin/time ] || { echo "skip: no /usr/bin/time (GNU time)" >&2; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-live-run.XXXXXX") || exit 1
trap 'run_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
MIB=1048576
# the children hold their 40 MiB until all four have it (a pipe each way), then exit
cat >"$TMP/tree.py" <<'PY'
import os, sys
n, size = 4, 40 << 20
ready_r, ready_w = os.pipe()
go_r, go_w = os.pipe()
kids = []
for _ in range(n):
    pid = os.fork()
    if pid == 0:
        b = b"\x01" * size
        os.write(ready_w, b"r")
        os.read(go_r, 1)
        os._exit(0 if len(b) == size else 1)
    kids.append(pid)
for _ in range(n):
    os.read(ready_r, 1)
os.write(go_w, b"g" * n)
sys.exit(max(os.waitpid(p, 0)[1] for p in kids) >> 8)
PY

/usr/bin/time -v "$PY" "$TMP/tree.py" 2>"$TMP/time" || fail "the tree failed under /usr/bin/time"
maxrss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$TMP/time")
"$OOMTOOL" run -J --report "$TMP/tree.json" --limit 1G -- "$PY" "$TMP/tree.py"
rc=$?
peak=$(json "$TMP/tree.json" 'd["peak_bytes"]')
echo "# /usr/bin/time -v: maximum resident set size $((maxrss_kb / 1024)) MiB (the largest process)"
echo "# oomtool run: peak $((peak / MIB)) MiB for the whole tree ($(json "$TMP/tree.json" 'd["peak_source"]'))"
[ "$rc" -eq 0 ] || fail "oomtool run exited $rc"
[ -n "$maxrss_kb" ] && [ "$maxrss_kb" -lt $((60 * 1024)) ] ||
	fail "/usr/bin/time -v reports ${maxrss_kb:-nothing} KiB, not under 60 MiB"
[ "$peak" -ge $((160 * MIB)) ] || fail "tree peak $peak is below 160 MiB"

run_check_no_leftovers || fails=$((fails + 1))
[ "$fails" -eq 0 ] && echo "ok: the tree's peak, not the largest process's"
[ "$fails" -eq 0 ]
