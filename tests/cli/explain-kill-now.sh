#!/bin/sh
# explain-kill --now on fixture trees. Every number is worked out from the kernel's formula
# with this host's page size (statm counts pages, status and meminfo kB), as written here
# for 4 KiB pages:
# tests/fixtures/explain-now, 6.18 (5.9+ rules):
#   T (machine) = 1 GiB RAM + 512 MiB swap = 262144 + 131072 = 393216 pages, T/1000 = 393
#   cache  101: 20000 + 0 + 10 + 500*393 = 216510 -> oom_score (1000 + 550)*2/3 = 1033
#   helper 104:  5000 + 0 +  2 + 300*393 = 122902 -> (1000 + 312)*2/3 = 874
#   java   100: 100000 + 10000 + 200     = 110200 -> (1000 + 280)*2/3 = 853
#   worker 103: 30000 + 0 + 25           =  30025 -> (1000 + 76)*2/3 = 717
#   systemd 1 (init) and sshd 102 (adj -1000) skipped; kthreadd 2 not listed.
#   worker.service (v1): 120 MiB of 128 MiB; T = 32768 + min(192M-128M = 16384, 131072)
#   = 49152, T/1000 = 49: worker 30025, helper 5002 + 300*49 = 19702.
# tests/fixtures/explain-now-4.4, 4.4 (3.6-5.8 rules, CAP_SYS_ADMIN takes 3%):
#   T = 4 GiB + 512 MiB = 1179648; appd 197000 + 100 = 197100; ctr (uid 0, CapEff without
#   CAP_SYS_ADMIN) 196010; rootd (CAP_SYS_ADMIN) 200200 - 6006 = 194194: the bonus decides.
# Usage: explain-kill-now.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1
SRC=$2
FIX="$SRC/tests/fixtures/explain-now"
FIX44="$SRC/tests/fixtures/explain-now-4.4"
PAGE_SIZE=$(getconf PAGESIZE)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0

"$OOMTOOL" explain-kill --now -J -c 0 --sysroot "$FIX" >"$TMP/out.json" || { echo "FAIL exit $?"; exit 1; }
python3 - "$TMP/out.json" "$PAGE_SIZE" "$TMP/top" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
ps = int(sys.argv[2])
bad = []
def want(what, got, exp):
    if got != exp: bad.append('%s: got %r, expected %r' % (what, got, exp))
def kb(n): return n * 1024 // ps
MIB = 1 << 20
want('kernel', d['kernel'], '6.18.0-fixture')
want('rules', (d['rules'], d['model_era']), ('5.9+', '5.9+'))
want('error', d['error'], None)
want('constraints', [(c['scope'], c['memcg']) for c in d['constraints']],
     [('global', None), ('memcg', '/app.slice/worker.service')])
g, m = d['constraints']
T = kb(1048576) + kb(524288)
want('global T', g['totalpages'], T)
# pid: name, rss pages, swap kB, page tables kB, oom_score_adj, the fixture's oom_score
rows = {101: ('cache', 20000, 0, 40, 500, 1033), 104: ('helper', 5000, 0, 8, 300, 874),
        100: ('java', 100000, 40000, 800, 0, 853), 103: ('worker', 30000, 0, 100, 0, 717)}
pts = {p: r[1] + kb(r[2]) + kb(r[3]) + r[4] * (T // 1000) for p, r in rows.items()}
order = sorted(pts, key=lambda p: -pts[p])
want('global order', [r['pid'] for r in g['ranking']], order + [1, 102])
want('global points', [r['points'] for r in g['ranking']], [pts[p] for p in order] + [None, None])
want('skips', [r['skip_reason'] for r in g['ranking']], [None] * 4 + ['init', 'oom_score_adj_min'])
want('model oom_score', [r['model_oom_score'] for r in g['ranking']],
     [(1000 + pts[p] * 1000 // T) * 2 // 3 for p in order] + [0, 0])
want('kernel oom_score', [r['oom_score'] for r in g['ranking']], [rows[p][5] for p in order] + [0, 0])
agrees = rows[order[0]][5] == 1033
want('global victims', (g['model_victim_pid'], g['kernel_selected_pid'], g['kernel_victim_pid'],
                        g['agrees']), (order[0], 101, 101, agrees))
want('counts', (g['ranked_tasks'], g['eligible_tasks'], d['processes'],
                d['processes_without_memory']), (6, 4, 6, 1))
sw = min(64 * MIB // ps, kb(524288))
mt = 128 * MIB // ps + sw
want('memcg T', (m['totalpages'], m['swap_pages']), (mt, sw))
want('memcg limit', (m['limit_bytes'], m['usage_bytes'], m['cgroup_version']), (134217728, 125829120, 1))
mp = {103: 30000 + kb(100), 104: 5000 + kb(8) + 300 * (mt // 1000)}
want('memcg ranking', [(r['pid'], r['points']) for r in m['ranking']],
     sorted(mp.items(), key=lambda x: -x[1]))
want('memcg adj points', [r['adj_points'] for r in m['ranking'] if r['pid'] == 104], [300 * (mt // 1000)])
want('memcg kernel pick', (m['kernel_selected_pid'], m['kernel_victim_pid'], m['agrees']), (None, None, None))
open(sys.argv[3], 'w').write('%s (pid %d)' % (rows[order[0]][0], order[0]))
if bad:
    print('FAIL --now fixture:\n  ' + '\n  '.join(bad)); sys.exit(1)
print('ok --now fixture')
PY

"$OOMTOOL" explain-kill --now -J -c 3 --sysroot "$FIX44" >"$TMP/out44.json" || { echo "FAIL 4.4 exit $?"; exit 1; }
python3 - "$TMP/out44.json" "$PAGE_SIZE" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
ps = int(sys.argv[2])
bad = []
def want(what, got, exp):
    if got != exp: bad.append('%s: got %r, expected %r' % (what, got, exp))
def kb(n): return n * 1024 // ps
want('rules', (d['kernel'], d['rules']), ('4.4.0-fixture', '3.6-5.8'))
g, m = d['constraints']
T = kb(4194304) + kb(524288)
base = {200: 200000 + kb(800), 201: 197000 + kb(400), 202: 196000 + kb(40)}
bonus = {200: -(base[200] * 3 // 100), 201: 0, 202: 0}
pts = {p: base[p] + bonus[p] for p in base}
order = sorted(pts, key=lambda p: -pts[p])
want('top 3', [(r['pid'], r['points'], r['root_bonus_points']) for r in g['ranking']],
     [(p, pts[p], bonus[p]) for p in order])
want('cap_sys_admin', {r['pid']: r['cap_sys_admin'] for r in g['ranking']}, {200: True, 201: False, 202: False})
want('assumed', g['model_assumptions'], ['uid0_as_cap_sys_admin'])
want('memcg', (m['memcg'], m['cgroup_version'], m['limit_bytes'], m['model_victim_pid']),
     ('/kube.slice/app.scope', 2, 100 << 20, 206))
if bad:
    print('FAIL --now 4.4 fixture:\n  ' + '\n  '.join(bad)); sys.exit(1)
print('ok --now 4.4 fixture')
PY

"$OOMTOOL" explain-kill --now -c 2 --sysroot "$FIX" >"$TMP/out" 2>&1
grep -q "^The kernel would kill $(cat "$TMP/top") first" "$TMP/out" || { echo "FAIL text"; cat "$TMP/out"; fail=1; }
grep -q '^Memory cgroup /app.slice/worker.service (cgroup v1)' "$TMP/out" || { echo "FAIL memcg text"; fail=1; }
[ "$(grep -c '^ *[0-9]' "$TMP/out")" -eq 4 ] || { echo "FAIL -c 2: not 2 rows per table"; cat "$TMP/out"; fail=1; }
grep -q '^(4 more not shown; -c 0 shows all)$' "$TMP/out" || { echo "FAIL -c 2: no 'more' line"; fail=1; }
"$OOMTOOL" explain-kill --now -c 0 --sysroot "$FIX44" >"$TMP/out" 2>&1
grep -q ' broken .* skipped: no_data$' "$TMP/out" || { echo "FAIL unreadable statm row:"; cat "$TMP/out"; fail=1; }
grep -q 'kthreadd\|zombie' "$TMP/out" && { echo "FAIL a process without memory is listed"; fail=1; }
grep -q '^Assumed: uid 0 as CAP_SYS_ADMIN for the root bonus\.$' "$TMP/out" || { echo "FAIL no assumption line"; fail=1; }

"$OOMTOOL" explain-kill --now --sysroot "$TMP/nowhere" >/dev/null 2>"$TMP/err"
rc=$?; [ $rc -eq 3 ] || { echo "FAIL missing sysroot: exit $rc"; fail=1; }
grep -q "^oomtool: explain-kill: cannot read '$TMP/nowhere/proc': " "$TMP/err" ||
	{ echo "FAIL missing sysroot message:"; cat "$TMP/err"; fail=1; }
# -J: a JSON document with the error on every path, the same exit status
"$OOMTOOL" explain-kill --now -J --sysroot "$TMP/nowhere" >"$TMP/err.json" 2>"$TMP/err"
rc=$?; [ $rc -eq 3 ] || { echo "FAIL missing sysroot -J: exit $rc"; fail=1; }
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["error"] == "No such file or directory" and d["constraints"] == [], d' \
	"$TMP/err.json" || { echo "FAIL missing sysroot -J:"; cat "$TMP/err.json"; fail=1; }
grep -q "^oomtool: explain-kill: cannot read '$TMP/nowhere/proc': " "$TMP/err" ||
	{ echo "FAIL missing sysroot -J message:"; cat "$TMP/err"; fail=1; }
for args in "--now --all" "--now --event x" "--now --since -1h" "--now somefile"; do
	# shellcheck disable=SC2086
	"$OOMTOOL" explain-kill $args >/dev/null 2>&1
	rc=$?; [ $rc -eq 2 ] || { echo "FAIL '$args': exit $rc, expected 2"; fail=1; }
done
exit $fail
