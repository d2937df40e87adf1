#!/bin/sh
# Live: a process that grows at a steady 20 MiB/s in a private 400 MiB memory cgroup (v1)
# until the kernel kills it. `oomtool watch` (default interval) must warn with an ETA within
# +-30% of the time really left before the kill, name the grower as the fastest grower and
# the next victim, report the kill with its victim, and run the --exec hook with the
# events' fields. Needs root and the v1 memory controller; skips (77) otherwise. Removes the
# cgroup and stops everything it started on every exit path.
# Usage: sh watch-leak.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/memcg.inc"
. "$2/tests/live/watch.inc"
OOMTOOL=$1
memcg_require
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3" >&2; exit 77; }
NAME=oomtool-watch-leak-$$
CG=$MEMCG_ROOT/$NAME
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-live-watch.XXXXXX") || exit 1
watcher= grower=
cleanup() {
	[ -n "$grower" ] && kill -KILL "$grower" 2>/dev/null
	[ -n "$watcher" ] && kill -TERM "$watcher" 2>/dev/null && wait "$watcher" 2>/dev/null
	memcg_remove "$CG"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

mkdir "$CG" || exit 1
echo $((400 << 20)) >"$CG/memory.limit_in_bytes" || exit 1
# the limit, not swap, decides
[ -w "$CG/memory.swappiness" ] && echo 0 >"$CG/memory.swappiness" 2>/dev/null
watch_grower "$TMP/grow.py"
cat >"$TMP/hook.sh" <<'HOOK'
env | grep '^OOMTOOL_' | sort >"$HOOK_DIR/$OOMTOOL_KIND.$$"
HOOK
HOOK_DIR=$TMP
export HOOK_DIR

"$OOMTOOL" watch --cgroup "/$NAME" -J --for 120s --exec "sh '$TMP/hook.sh'" \
	>"$TMP/events" 2>"$TMP/err" &
watcher=$!
sleep 3   # a few flat samples first, as on a machine watched for long
watch_start_in "$CG" python3 "$TMP/grow.py" 20
grower=$!
wait "$grower"
status=$?
killed_at=$(date +%s.%N)
pid=$grower
grower=
[ "$status" -eq 137 ] || fail "the grower ended with status $status, not SIGKILL (137)"
watch_wait_for "$TMP/events" "e['kind'] == 'oom_kill'" 15 || fail "no oom_kill event"
sleep 1   # the kill's hook
kill -TERM "$watcher"
wait "$watcher"
rc=$?
watcher=
[ "$rc" -eq 0 ] || fail "the watcher exited $rc on SIGTERM"
sed 's/^/# stderr: /' "$TMP/err"

python3 - "$TMP/events" "/$NAME" "$pid" "$killed_at" <<'PY' || fails=$((fails + 1))
import datetime, json, sys
path, scope, pid, killed_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
events = [json.loads(l) for l in open(path)]
ok = True
def bad(msg):
    global ok
    print("FAIL:", msg)
    ok = False
def when(e):
    return datetime.datetime.fromisoformat(e["time"].replace("Z", "+00:00")).timestamp()
for e in events:
    print("# %s %-9s eta %s confidence %s growth %s" % (e["time"], e["kind"], e["eta_sec"],
          e["confidence"], e["growth_bytes_per_sec"]))
etas = [e for e in events if e["kind"] == "eta" and e["scope"] == scope]
if not etas:
    bad("no ETA warning")
else:
    e = etas[0]
    left = killed_at - when(e)
    err = (e["eta_sec"] - left) / left
    print("# first warning: ETA %ds, really %.1fs left before the kill: %+.0f%% (confidence %.2f)"
          % (e["eta_sec"], left, 100 * err, e["confidence"]))
    if abs(err) > 0.30:
        bad("the ETA is off by more than 30%")
    if left < 4:
        bad("the warning came only %.1fs before the kill" % left)
    if not 15 << 20 <= e["growth_bytes_per_sec"] <= 25 << 20:
        bad("growth %d B/s, not ~20 MiB/s" % e["growth_bytes_per_sec"])
    if e["limit_bytes"] != 400 << 20 or e["warning"] != 1:
        bad("limit or warning number: %r" % e)
    g = e["top_growers"]
    if not g or g[0]["pid"] != pid:
        bad("the grower is not the fastest grower: %r" % g)
    v = e["next_victim"]
    if not v or v["pid"] != pid or not v["is_top_grower"]:
        bad("the grower is not the next victim: %r" % v)
kills = [e for e in events if e["kind"] == "oom_kill"]
if len(kills) != 1:
    bad("%d oom_kill events, expected 1" % len(kills))
else:
    k = kills[0]
    if k["scope"] != scope or not k["killed"] or k["killed"]["pid"] != pid or not k["killed"]["logged"]:
        bad("the kill event: %r" % k)
    else:
        print("# kill reported %.1fs after it, victim pid %d (%s)" % (when(k) - killed_at,
              pid, k["killed"]["name"]))
if [e for e in events if e["scope"] != scope]:
    bad("events outside the cgroup watched")
sys.exit(0 if ok else 1)
PY

eta_hook=$(ls "$TMP"/eta.* 2>/dev/null | head -n 1)
kill_hook=$(ls "$TMP"/oom_kill.* 2>/dev/null | head -n 1)
if [ -z "$eta_hook" ] || ! grep -qx "OOMTOOL_SCOPE=/$NAME" "$eta_hook" ||
	! grep -q '^OOMTOOL_ETA_SEC=[0-9]' "$eta_hook" ||
	! grep -qx "OOMTOOL_NEXT_VICTIM_PID=$pid" "$eta_hook" ||
	! grep -q "^OOMTOOL_TOP_GROWERS=$pid:python3:" "$eta_hook" ||
	! grep -q '^OOMTOOL_MESSAGE=cgroup /' "$eta_hook"; then
	fail "--exec: the ETA hook's variables"
	[ -n "$eta_hook" ] && sed 's/^/# eta hook: /' "$eta_hook"
fi
if [ -z "$kill_hook" ] || ! grep -qx "OOMTOOL_KILLED_PID=$pid" "$kill_hook" ||
	! grep -qx "OOMTOOL_KIND=oom_kill" "$kill_hook"; then
	fail "--exec: the kill hook's variables"
	[ -n "$kill_hook" ] && sed 's/^/# kill hook: /' "$kill_hook"
fi
[ "$fails" -eq 0 ] && echo "ok: warned ahead of the kill within 30%, kill reported, hooks ran"
[ "$fails" -eq 0 ]
