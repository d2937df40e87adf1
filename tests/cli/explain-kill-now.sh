#!/bin/sh
# explain-kill --now on a fixture tree (tests/fixtures/explain-now): every number below is
# worked out by hand from the kernel's formula (5.9+ rules, the fixture's osrelease).
#   T (machine) = 1 GiB RAM + 512 MiB swap = 262144 + 131072 = 393216 pages, T/1000 = 393
#   cache  101: 20000 + 0 + 10 + 500*393 = 216510 -> oom_score (1000 + 550)*2/3 = 1033
#   helper 104:  5000 + 0 +  2 + 300*393 = 122902 -> (1000 + 312)*2/3 = 874
#   java   100: 100000 + 10000 + 200     = 110200 -> (1000 + 280)*2/3 = 853
#   worker 103: 30000 + 0 + 25           =  30025 -> (1000 + 76)*2/3 = 717
#   systemd 1 (init) and sshd 102 (adj -1000) skipped; kthreadd 2 not listed.
#   worker.service (v1): 120 MiB of 128 MiB; T = 32768 + min(192M-128M = 16384, 131072)
#   = 49152, T/1000 = 49: worker 30025, helper 5002 + 300*49 = 19702.
# Usage: explain-kill-now-cli.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1
SRC=$2
FIX="$SRC/tests/fixtures/explain-now"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0

"$OOMTOOL" explain-kill --now -J -c 0 --sysroot "$FIX" >"$TMP/out.json" || { echo "FAIL exit $?"; exit 1; }
python3 - "$TMP/out.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
def want(what, got, exp):
    if got != exp: bad.append('%s: got %r, expected %r' % (what, got, exp))
want('kernel', d['kernel'], '6.18.0-fixture')
want('rules', d['rules'], '5.9+')
want('constraints', [(c['scope'], c['memcg']) for c in d['constraints']],
     [('global', None), ('memcg', '/app.slice/worker.service')])
g, m = d['constraints']
want('global T', g['totalpages'], 393216)
want('global order', [r['pid'] for r in g['ranking']], [101, 104, 100, 103, 1, 102])
want('global points', [r['points'] for r in g['ranking']], [216510, 122902, 110200, 30025, None, None])
want('skips', [r['skip_reason'] for r in g['ranking']], [None] * 4 + ['init', 'oom_score_adj_min'])
want('model = kernel oom_score', [r['model_oom_score'] for r in g['ranking']],
     [r['oom_score'] for r in g['ranking']])
want('global victims', (g['model_victim_pid'], g['kernel_victim_pid'], g['agrees']), (101, 101, True))
want('memcg T', m['totalpages'], 49152)
want('memcg limit', (m['limit_bytes'], m['usage_bytes'], m['cgroup_version']), (134217728, 125829120, 1))
want('memcg ranking', [(r['pid'], r['points']) for r in m['ranking']], [(103, 30025), (104, 19702)])
want('memcg adj points', m['ranking'][1]['adj_points'], 300 * 49)
if bad:
    print('FAIL --now fixture:\n  ' + '\n  '.join(bad)); sys.exit(1)
print('ok --now fixture')
PY

"$OOMTOOL" explain-kill --now -c 2 --sysroot "$FIX" >"$TMP/out" 2>&1
grep -q '^The kernel would kill cache (pid 101) first' "$TMP/out" || { echo "FAIL text"; cat "$TMP/out"; fail=1; }
grep -q '^Memory cgroup /app.slice/worker.service (cgroup v1)' "$TMP/out" || { echo "FAIL memcg text"; fail=1; }
[ "$(grep -c ' java ' "$TMP/out")" -eq 0 ] || { echo "FAIL -c 2 showed a third row"; fail=1; }
"$OOMTOOL" explain-kill --now --sysroot "$TMP/nowhere" >/dev/null 2>"$TMP/err"
rc=$?; [ $rc -eq 3 ] || { echo "FAIL missing sysroot: exit $rc"; fail=1; }
grep -q "^oomtool: explain-kill: cannot read '$TMP/nowhere/proc': " "$TMP/err" ||
	{ echo "FAIL missing sysroot message:"; cat "$TMP/err"; fail=1; }
for args in "--now --all" "--now --event x" "--now --since -1h" "--now somefile"; do
	# shellcheck disable=SC2086
	"$OOMTOOL" explain-kill $args >/dev/null 2>&1
	rc=$?; [ $rc -eq 2 ] || { echo "FAIL '$args': exit $rc, expected 2"; fail=1; }
done
exit $fail
