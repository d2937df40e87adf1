#!/bin/sh
# Live: two private 400 MiB memory cgroups (v1) watched at once. In one a process grows at
# 8 MiB/s to 200 MiB and stops there (25 s: a dozen samples at the default 2 s interval, so
# that the warning does not hang on one sample's timing): `oomtool watch` must warn, then say "recovered". In
# the other a process takes 100 MiB once and keeps it: no event at all. Needs root and the v1
# memory controller; skips (77) otherwise. Removes the cgroups and stops everything it
# started on every exit path.
# Usage: sh watch-recover.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/memcg.inc"
. "$2/tests/live/watch.inc"
OOMTOOL=$1
memcg_require
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3" >&2; exit 77; }
GROW=oomtool-watch-grow-$$ FLAT=oomtool-watch-flat-$$
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-live-watch.XXXXXX") || exit 1
watcher= grower= flat=
cleanup() {
	[ -n "$grower" ] && kill -KILL "$grower" 2>/dev/null
	[ -n "$flat" ] && kill -KILL "$flat" 2>/dev/null
	[ -n "$watcher" ] && kill -TERM "$watcher" 2>/dev/null && wait "$watcher" 2>/dev/null
	memcg_remove "$MEMCG_ROOT/$GROW"
	memcg_remove "$MEMCG_ROOT/$FLAT"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for cg in "$GROW" "$FLAT"; do
	mkdir "$MEMCG_ROOT/$cg" || exit 1
	echo $((400 << 20)) >"$MEMCG_ROOT/$cg/memory.limit_in_bytes" || exit 1
	[ -w "$MEMCG_ROOT/$cg/memory.swappiness" ] && echo 0 >"$MEMCG_ROOT/$cg/memory.swappiness" 2>/dev/null
done
watch_grower "$TMP/grow.py"
# the flat one: 100 MiB at once (in a second), then nothing for the rest of the test
watch_start_in "$MEMCG_ROOT/$FLAT" python3 "$TMP/grow.py" 100 100 300
flat=$!
sleep 2

"$OOMTOOL" watch --cgroup "/$GROW" --cgroup "/$FLAT" -J --for 150s >"$TMP/events" 2>"$TMP/err" &
watcher=$!
sleep 3
watch_start_in "$MEMCG_ROOT/$GROW" python3 "$TMP/grow.py" 8 200 300
grower=$!
watch_wait_for "$TMP/events" "e['kind'] == 'eta' and e['scope'] == '/$GROW'" 60 ||
	fail "no ETA warning while it grew"
watch_wait_for "$TMP/events" "e['kind'] == 'recovered' and e['scope'] == '/$GROW'" 60 ||
	fail "no recovered event after it stopped"
kill -KILL "$grower" "$flat" 2>/dev/null
wait "$grower" "$flat" 2>/dev/null
grower= flat=
kill -TERM "$watcher"
wait "$watcher"
rc=$?
watcher=
[ "$rc" -eq 0 ] || fail "the watcher exited $rc on SIGTERM"
sed 's/^/# stderr: /' "$TMP/err"
python3 - "$TMP/events" "/$GROW" "/$FLAT" <<'PY' || fails=$((fails + 1))
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
grow, flat = sys.argv[2], sys.argv[3]
ok = True
for e in events:
    print("# %s %-10s %s eta %s confidence %s used %s" % (e["time"], e["kind"], e["scope"],
          e["eta_sec"], e["confidence"], e["used_bytes"]))
kinds = [e["kind"] for e in events if e["scope"] == grow]
if "eta" not in kinds or "recovered" not in kinds or kinds.index("eta") > kinds.index("recovered"):
    print("FAIL: the growing cgroup's events are", kinds)
    ok = False
r = [e for e in events if e["scope"] == grow and e["kind"] == "recovered"]
if r and r[0]["recovered_from"] != "eta":
    print("FAIL: recovered from", r[0]["recovered_from"])
    ok = False
if [e for e in events if e["scope"] == flat]:
    print("FAIL: the flat cgroup had events")
    ok = False
sys.exit(0 if ok else 1)
PY
[ "$fails" -eq 0 ] && echo "ok: warned while it grew, recovered once it stopped; the flat cgroup stayed quiet"
[ "$fails" -eq 0 ]
