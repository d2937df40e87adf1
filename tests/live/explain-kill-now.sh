#!/bin/sh
# Live: explain-kill --now against the kernel's own /proc/PID/oom_score for the running
# processes (same formula, so equal but for memory that moves between reads), and, as root
# with the cgroup v1 memory controller, a memory cgroup near its limit shows up as its own
# constraint with its biggest process first. Cleans up what it makes (trap).
# Usage: explain-kill-now-live.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/memcg.inc"
OOMTOOL=$1
TMP=$(mktemp -d)
ROOT=$MEMCG_ROOT
CG=
HOLDER=
cleanup() {
	[ -n "$HOLDER" ] && kill -9 "$HOLDER" 2>/dev/null
	memcg_remove "$CG"
	wait 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
[ -r /proc/self/oom_score ] || { echo "skip: no /proc/PID/oom_score"; exit 77; }
command -v python3 >/dev/null || { echo "skip: needs python3"; exit 77; }

"$OOMTOOL" explain-kill --now -J -c 0 >"$TMP/now.json" || { echo "FAIL: exit $?"; exit 1; }
python3 - "$TMP/now.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
g = d['constraints'][0]
rows = [r for r in g['ranking'] if r['eligible'] and r['oom_score'] is not None]
if not rows:
    print('FAIL: no eligible process'); sys.exit(1)
# Same pass: our score against the kernel's, +-2 for memory that moved between the reads.
close = [r for r in rows if abs(r['model_oom_score'] - r['oom_score']) <= 2]
if len(close) * 100 < len(rows) * 95:
    far = [(r['pid'], r['name'], r['model_oom_score'], r['oom_score']) for r in rows if r not in close]
    print('FAIL: %d of %d scores differ: %s' % (len(rows) - len(close), len(rows), far[:10])); sys.exit(1)
# Re-read the kernel's score of the top rows now; processes may have exited meanwhile.
checked = 0
for r in rows[:5]:
    try:
        k = int(open('/proc/%d/oom_score' % r['pid']).read())
    except OSError:
        continue
    checked += 1
    if abs(k - r['model_oom_score']) > 10:
        print('FAIL: pid %d: model %d, /proc now %d' % (r['pid'], r['model_oom_score'], k)); sys.exit(1)
top = max(rows, key=lambda r: r['oom_score'])
if g['agrees'] is not True and top['oom_score'] - g['ranking'][0]['oom_score'] > 2:
    print('FAIL: model pick %s, kernel pick %s' % (g['model_victim_pid'], top['pid'])); sys.exit(1)
print('ok: %d of %d scores equal the kernel\'s, %d re-read' % (len(close), len(rows), checked))
PY

[ "$(id -u)" -eq 0 ] && [ -f "$ROOT/memory.limit_in_bytes" ] && [ -w "$ROOT" ] || { echo "ok (memcg part skipped: needs root and cgroup v1)"; exit 0; }
CG="$ROOT/oomtool-explain-now-$$"
mkdir "$CG" || exit 1
echo $((50 * 1024 * 1024)) >"$CG/memory.limit_in_bytes" || exit 1
sh -c "echo \$\$ >'$CG/cgroup.procs' && exec python3 -c 'import time; b = b\"h\" * (40 << 20); time.sleep(60)'" &
HOLDER=$!
for i in $(seq 1 100); do
	u=$(cat "$CG/memory.usage_in_bytes")
	[ "$u" -ge $((40 * 1024 * 1024)) ] && break
	sleep 0.1
done
"$OOMTOOL" explain-kill --now -J -c 0 >"$TMP/now.json" || { echo "FAIL: exit $?"; exit 1; }
python3 - "$TMP/now.json" "/oomtool-explain-now-$$" "$HOLDER" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
path, holder = sys.argv[2], int(sys.argv[3])
c = [c for c in d['constraints'] if c['memcg'] == path]
if not c:
    print('FAIL: %s (>= 80%% of its limit) not listed: %s' % (path, [x['memcg'] for x in d['constraints']])); sys.exit(1)
c = c[0]
if c['model_victim_pid'] != holder or c['totalpages'] < 50 * 256 or c['limit_bytes'] != 50 << 20:
    print('FAIL: %s' % {k: c[k] for k in ('model_victim_pid', 'totalpages', 'limit_bytes')}); sys.exit(1)
print('ok: %s listed with %d first' % (path, holder))
PY
