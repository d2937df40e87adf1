#!/bin/sh
# Live, as root, on the real kernel: in a cgroup v1 memory cgroup limited to 100 MiB, one
# process holds ~40 MiB with oom_score_adj 800 and another keeps growing with adj 0. The
# kernel kills the smaller one first (800 x T/1000 outweighs the difference). explain-kill
# must find that kill, agree with the kernel and report victim_high_adj.
# Touches no memory outside its own cgroup; removes everything it made (trap).
# Usage: explain-kill-adj.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/memcg.inc"
OOMTOOL=$1
ROOT=$MEMCG_ROOT
memcg_require
command -v python3 >/dev/null || { echo "skip: needs python3"; exit 77; }
[ -r /dev/kmsg ] || { echo "skip: /dev/kmsg not readable"; exit 77; }

CG="$ROOT/oomtool-explain-$$"
TMP=$(mktemp -d)
HOLDER=
GROWER=
cleanup() {
	for p in $HOLDER $GROWER; do kill -9 "$p" 2>/dev/null; done
	memcg_remove "$CG"
	wait 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

mkdir "$CG" || exit 1
echo $((100 * 1024 * 1024)) >"$CG/memory.limit_in_bytes" || exit 1
# No swap for this cgroup: the kernel's totalpages is then the limit alone.
[ -f "$CG/memory.swappiness" ] && echo 0 >"$CG/memory.swappiness"
[ -f "$CG/memory.memsw.limit_in_bytes" ] && echo $((100 * 1024 * 1024)) >"$CG/memory.memsw.limit_in_bytes"
START=$(date +%s)

# Each child joins the cgroup and sets its adj before exec, so python3 keeps the pid.
sh -c "echo \$\$ >'$CG/cgroup.procs' && echo 800 >/proc/\$\$/oom_score_adj &&
       exec python3 -c 'import time; b = b\"h\" * (40 << 20); time.sleep(120)'" &
HOLDER=$!
for i in $(seq 1 100); do
	rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$HOLDER/status 2>/dev/null)
	[ -n "$rss" ] && [ "$rss" -ge $((40 * 1024)) ] && break
	sleep 0.1
done
[ -n "${rss:-}" ] && [ "$rss" -ge $((40 * 1024)) ] || { echo "FAIL: holder did not reach 40 MiB"; exit 1; }

sh -c "echo \$\$ >'$CG/cgroup.procs' && echo 0 >/proc/\$\$/oom_score_adj &&
       exec python3 -c '
import time
chunks = []
while True:
    chunks.append(b\"g\" * (1 << 20))
    time.sleep(0.01)
'" &
GROWER=$!

# The kernel kills the holder first; stop the grower then so there is one incident only.
for i in $(seq 1 600); do
	kill -0 "$HOLDER" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$HOLDER" 2>/dev/null && { echo "FAIL: holder still alive after 60 s"; exit 1; }
kill -0 "$GROWER" 2>/dev/null || { echo "FAIL: the grower died (the kernel killed it, not the holder?)"; exit 1; }
kill -9 "$GROWER"
wait 2>/dev/null
sleep 1

"$OOMTOOL" explain-kill --all -J -c 0 --since "@$((START - 1))" >"$TMP/out.json" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: explain-kill exit $rc"; cat "$TMP/err"; exit 1; }
python3 - "$TMP/out.json" "$HOLDER" "$GROWER" "/oomtool-explain-$$" <<'EOF'
import json, sys
path, holder, grower, memcg = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
events = [e for e in json.load(open(path))['events']
          if e.get('victim') and e['victim']['pid'] == holder]
if not events:
    print('FAIL: no incident with victim %d' % holder); sys.exit(1)
e = events[-1]
codes = [f['code'] for f in e['findings']]
problems = []
if e['oom_memcg'] != memcg: problems.append('oom_memcg %s' % e['oom_memcg'])
if e['agrees'] is not True: problems.append('agrees %s (%s)' % (e['agrees'], e['agreement_reason']))
if e['model_victim_pid'] != holder: problems.append('model_victim_pid %s' % e['model_victim_pid'])
if e['totalpages'] != 100 * 1024 * 1024 // 4096: problems.append('totalpages %s' % e['totalpages'])
if 'victim_high_adj' not in codes: problems.append('findings %s' % codes)
if 'memcg_limit' not in codes: problems.append('findings %s' % codes)
adj = [f for f in e['findings'] if f['code'] == 'victim_high_adj']
if adj and adj[0]['evidence']['bigger_pid'] != grower:
    problems.append('bigger_pid %s' % adj[0]['evidence']['bigger_pid'])
rank = {r['pid']: r for r in e['ranking']}
if holder not in rank or rank[holder]['oom_score_adj'] != 800:
    problems.append('holder row %s' % rank.get(holder))
if problems:
    print('FAIL: ' + '; '.join(problems)); sys.exit(1)
print('ok: kernel and model both chose %d; adj finding reported' % holder)
EOF
