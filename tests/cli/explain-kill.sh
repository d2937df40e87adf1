#!/bin/sh
# explain-kill over real incidents (golden: tests/data/explain/*.expected.json, each checked
# by hand against its log), the options and the exit statuses.
# Usage: explain-kill.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0

# ---- golden: ranking, model victim, agreement and findings, field by field ----
for exp in "$SRC"/tests/data/explain/*.expected.json; do
	python3 - "$OOMTOOL" "$SRC" "$exp" <<'EOF' || fail=1
import json, subprocess, sys, os
oomtool, src, exp_path = sys.argv[1:4]
exp = json.load(open(exp_path))
log = os.path.join(src, 'tests/data', exp['log'])
p = subprocess.run([oomtool, 'explain-kill', '--all', '-J', '-c', '3', log],
                   capture_output=True, text=True)
name = os.path.basename(exp_path)
bad = []
if p.returncode != exp['exit']:
    bad.append('exit %d, expected %d' % (p.returncode, exp['exit']))
try:
    got = json.loads(p.stdout)['events']
except Exception as e:
    print('FAIL %s: not JSON (%s): %s' % (name, e, p.stderr.strip()))
    sys.exit(1)
if len(got) != len(exp['events']):
    bad.append('%d events, expected %d' % (len(got), len(exp['events'])))
for i, (g, e) in enumerate(zip(got, exp['events'])):
    gv = dict(g)
    gv['victim_pid'] = g['victim']['pid'] if g.get('victim') else None
    gv['ranking'] = [{k: r[k] for k in ('pid', 'points', 'adj_points', 'eligible', 'skip_reason')}
                     for r in g['ranking']]
    gv['findings'] = [f['code'] for f in g['findings']]
    for key, want in e.items():
        if gv.get(key) != want:
            bad.append('event %d %s: got %s, expected %s' % (i, key, json.dumps(gv.get(key)), json.dumps(want)))
    for f in g['findings']:
        if set(f) != {'code', 'severity', 'evidence', 'advice'} or f['severity'] not in ('info', 'warning', 'critical'):
            bad.append('event %d finding %s malformed' % (i, f.get('code')))
if bad:
    print('FAIL %s:\n  %s' % (name, '\n  '.join(bad)))
    sys.exit(1)
print('ok %s' % name)
EOF
done

# ---- every log: a report and valid JSON, never a crash ----
for log in "$SRC"/tests/data/*.log "$SRC"/tests/data/explain/*.log; do
	"$OOMTOOL" explain-kill --all "$log" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "FAIL report of $log: exit $rc"; cat "$TMP/err"; fail=1
	fi
	"$OOMTOOL" explain-kill --all -J -c 0 "$log" >"$TMP/json" 2>"$TMP/err"
	if ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/json"; then
		echo "FAIL JSON of $log"; fail=1
	fi
done

# ---- the report reads as one: headline, verdict, ranking, findings ----
log="$SRC/tests/data/070-k618-adj-dmesg.log"
"$OOMTOOL" explain-kill "$log" >"$TMP/out" 2>&1
grep -q '^The kernel killed python3 (pid 9096' "$TMP/out" || { echo "FAIL headline"; cat "$TMP/out"; fail=1; }
grep -q '^The model agrees' "$TMP/out" || { echo "FAIL verdict"; fail=1; }
# No incident named: the latest one that says what happened, not a header a grep kept after it
cat >"$TMP/piece.log" <<'EOF'
[  500.100000] Out of memory: Killed process 4100 (java) total-vm:4000000kB, anon-rss:3000000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:6000kB oom_score_adj:0
[  612.200000] sshd invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
EOF
"$OOMTOOL" explain-kill "$TMP/piece.log" >"$TMP/piece.out" 2>&1
grep -q '^The kernel killed java (pid 4100' "$TMP/piece.out" ||
	{ echo "FAIL default skips a report's piece"; cat "$TMP/piece.out"; fail=1; }
"$OOMTOOL" explain-kill --all "$TMP/piece.log" 2>&1 | grep -q 'sshd asked for memory' ||
	{ echo "FAIL --all still shows the piece"; fail=1; }

# systemd's unit line alone: a kill whose kernel report is not in the log, said as such
cat >"$TMP/unit.log" <<'EOF'
Mar 14 02:11:53 db7 systemd[1]: pg-backup.service: A process of this unit has been killed by the OOM killer.
Mar 14 02:11:53 db7 systemd[1]: pg-backup.service: Failed with result 'oom-kill'.
EOF
"$OOMTOOL" explain-kill "$TMP/unit.log" >"$TMP/unit.out" 2>&1
grep -q "^systemd says the kernel's OOM killer killed a process of pg-backup.service" "$TMP/unit.out" ||
	{ echo "FAIL unit line only"; cat "$TMP/unit.out"; fail=1; }

# A userspace killer's victim named as its log names it: systemd-oomd kills a cgroup, not a pid
cat >"$TMP/oomd.log" <<'EOF'
Mar  2 10:00:01 ws systemd-oomd[840]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/build-7.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 61.20% > 50.00% for > 20s with reclaim activity
Mar  2 10:00:01 ws systemd[1837]: build-7.scope: systemd-oomd killed 12 process(es) in this unit.
EOF
"$OOMTOOL" explain-kill "$TMP/oomd.log" >"$TMP/oomd.out" 2>&1
grep -q '^systemd-oomd killed build-7.scope (12 processes): memory pressure' "$TMP/oomd.out" ||
	{ echo "FAIL systemd-oomd headline"; cat "$TMP/oomd.out"; fail=1; }
grep -q -- '-9223372036854775808' "$TMP/oomd.out" && { echo "FAIL unknown pid printed"; fail=1; }
# column names as in the other commands' tables: upper case with underscores
grep -q ' ADJ ADJ_POINTS POINTS ' "$TMP/out" || { echo "FAIL ranking header"; grep PID "$TMP/out"; fail=1; }
grep -q 'repeated_kills' "$TMP/out" || { echo "FAIL findings"; fail=1; }
# The latest incident by default; the first one by id, and by a unique id prefix.
id=$("$OOMTOOL" explain-kill --all -J "$log" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][0]["id"])')
"$OOMTOOL" explain-kill --event "$id" "$log" | grep -q 'victim_high_adj' || { echo "FAIL --event $id"; fail=1; }
short=$(printf %s "$id" | cut -c1-6)
"$OOMTOOL" explain-kill -J --event "$short" "$log" | grep -q '"model_victim_pid": 8985' || { echo "FAIL --event prefix"; fail=1; }
"$OOMTOOL" explain-kill --event ffffffffffff "$log" >/dev/null 2>&1
[ $? -eq 1 ] || { echo "FAIL unknown --event must exit 1"; fail=1; }
# No color when not on a terminal.
if grep -q "$(printf '\033')" "$TMP/out"; then echo "FAIL color on a pipe"; fail=1; fi

# The headline shows the time as scan-logs' TIME column does (local, to the second).
log1="$SRC/tests/data/001-debian-clamd-global-ufw.log"
st=$(TZ=Asia/Kolkata "$OOMTOOL" scan-logs -n -o TIME "$log1" | tail -n 1)
TZ=Asia/Kolkata "$OOMTOOL" explain-kill "$log1" |
	grep -q "^Incident [0-9a-f]* at $st\( (the log states no year: the file's date gave it)\)\{0,1\} on " ||
	{ echo "FAIL headline time is not scan-logs' '$st'"; "$OOMTOOL" explain-kill "$log1" | head -n 1; fail=1; }

# ---- a pool of workers: advice on the pool, never a limit of one worker's size ----
log="$SRC/tests/data/explain/130-rhel6-php-fpm-pool-syslog.log"
"$OOMTOOL" explain-kill "$log" >"$TMP/out" 2>&1
grep -q '^warning  worker_pool: php-fpm runs as a pool: 210 processes' "$TMP/out" ||
	{ echo "FAIL pool: no worker_pool"; cat "$TMP/out"; fail=1; }
grep -q 'php-fpm: pm.max_children = 168 in the pool' "$TMP/out" ||
	{ echo "FAIL pool: no pm.max_children"; fail=1; }
grep -q 'Cap the whole pool, not one worker, at about' "$TMP/out" &&
	grep -q 'MemoryMax=28160M' "$TMP/out" || { echo "FAIL pool: no unit-level limit"; fail=1; }
# the repeated kills no longer give a limit sized for the largest worker (448M)
if grep -q -e 'Give it room' -e 'MemoryMax=448M' "$TMP/out"; then
	echo "FAIL pool: a per-worker limit is advised"; grep -e 'room' -e MemoryMax "$TMP/out"; fail=1
fi
"$OOMTOOL" explain-kill -J "$log" | python3 -c '
import json, sys
e = json.load(sys.stdin)["events"][0]
f = {x["code"]: x for x in e["findings"]}
p = f["worker_pool"]
assert "suggested_limit_bytes" not in f["repeated_kills"]["advice"], f["repeated_kills"]
assert p["evidence"] == {"name": "php-fpm", "memcg": None, "workers": 210,
    "pool_bytes": 30588125184, "worker_avg_bytes": 145657738, "worker_max_bytes": 379043840,
    "other_bytes": 779247616, "kills": 12}, p["evidence"]
assert p["advice"] == {"worker_size_bytes": 175194112, "budget_bytes": 30318391296,
    "max_workers": 168, "unit_limit_bytes": 29527900160}, p["advice"]
' || { echo "FAIL pool JSON"; fail=1; }
# a rate-limited kill without a table: the pool from the kills alone
id=$("$OOMTOOL" explain-kill --all -J "$log" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][2]["id"])')
"$OOMTOOL" explain-kill --event "$id" "$log" | grep -q '^warning  worker_pool: 3 processes named php-fpm were killed one after another' ||
	{ echo "FAIL pool without a table"; fail=1; }

# ---- no release, an nr_ptes table: the kernel gave the root bonus, and the score fits ----
log="$SRC/tests/data/explain/142-lxc-3x-memcg-root-bonus-nr-ptes-no-release.log"
"$OOMTOOL" explain-kill "$log" >"$TMP/out" 2>&1
grep -q '^The kernel printed score 586 for its choice; the model computes the same.$' "$TMP/out" ||
	{ echo "FAIL root bonus by table: score"; cat "$TMP/out"; fail=1; }
grep -q 'a root bonus of 3% (the release is not in the log; the table.s nr_ptes column' "$TMP/out" ||
	{ echo "FAIL root bonus by table: assumption"; fail=1; }
grep -q 'of which the root bonus took back 22 pages\.' "$TMP/out" ||
	{ echo "FAIL root bonus by table: the lead's part that is the bonus"; fail=1; }
grep -q -e 'no root bonus (the kernel release' -e 'memory moved' "$TMP/out" &&
	{ echo "FAIL root bonus by table: no bonus assumed"; fail=1; }

# ---- panic_on_oom=2 in a memory cgroup (3.10): the table is the machine's, not the cgroup's ----
log="$SRC/tests/data/explain/143-rhel7-memcg-panic-on-oom-2-machine-table.log"
"$OOMTOOL" explain-kill "$log" >"$TMP/out" 2>&1
grep -q 'The table lists every task of the machine, not the cgroup.s' "$TMP/out" &&
	grep -q 'the log does not show which of them were in the cgroup' "$TMP/out" ||
	{ echo "FAIL machine table: single_process"; cat "$TMP/out"; fail=1; }
grep -q 'It is what filled the cgroup' "$TMP/out" &&
	{ echo "FAIL machine table: a row of the machine said to fill the cgroup"; fail=1; }
grep -q 'Either way, find what filled the cgroup: this report shows the whole machine.s' "$TMP/out" ||
	{ echo "FAIL machine table: oom_panic"; fail=1; }
"$OOMTOOL" explain-kill -J "$log" | python3 -c '
import json, sys
f = {x["code"]: x for x in json.load(sys.stdin)["events"][0]["findings"]}
assert f["single_process"]["evidence"]["machine_table"] == 1, f["single_process"]
assert f["oom_panic"]["evidence"]["machine_table"] == 1, f["oom_panic"]
' || { echo "FAIL machine table JSON"; fail=1; }
# the same panic with the cgroup's counters (kernels that pass it) lists the cgroup's tasks
sed '/Mem-Info:/,/pages reserved/c\
[5123.410100] memory: usage 524288kB, limit 524288kB, failcnt 90' "$log" >"$TMP/counters.log"
"$OOMTOOL" explain-kill -J "$TMP/counters.log" | python3 -c '
import json, sys
f = {x["code"]: x for x in json.load(sys.stdin)["events"][0]["findings"]}
assert f["oom_panic"]["evidence"]["machine_table"] == 0, f["oom_panic"]
' || { echo "FAIL machine table with counters"; fail=1; }

# ---- cpuset: the kernel's candidates were the tasks on the allowed nodes ----
log="$SRC/tests/data/explain/131-debian11-cpuset-numa-disagreement.log"
"$OOMTOOL" explain-kill "$log" >"$TMP/out" 2>&1
grep -q 'Likely why: the kernel ranked only the tasks whose allowed memory nodes intersect' "$TMP/out" ||
	{ echo "FAIL cpuset reason"; cat "$TMP/out"; fail=1; }
grep -q '^The allocation was confined to mems_allowed=1 (cpuset batch); stress-ng (pid 41922)' "$TMP/out" ||
	{ echo "FAIL cpuset nodes"; fail=1; }
grep -q 'no reason found' "$TMP/out" && { echo "FAIL cpuset: no reason found"; fail=1; }
grep -q '^warning  constrained_nodes: .*31G free of 188G' "$TMP/out" ||
	{ echo "FAIL constrained_nodes"; fail=1; }
grep -q 'global_oom' "$TMP/out" && { echo "FAIL cpuset reported as a global OOM"; fail=1; }

# ---- shares: above 100% explained once, tiny ones not shown as 0 ----
"$OOMTOOL" explain-kill "$SRC/tests/data/034-docker-memcg-swap-tab-indented-score0.log" >"$TMP/out" 2>&1
grep -q ' >100% killed$' "$TMP/out" || { echo "FAIL share >100%"; grep killed "$TMP/out"; fail=1; }
[ "$(grep -c '^SHARE >100%: a task.s rss counts every page it maps' "$TMP/out")" = 1 ] ||
	{ echo "FAIL share >100% explained once"; fail=1; }
grep -q ' <0.1% ' "$TMP/out" || { echo "FAIL share <0.1%"; fail=1; }
grep -q ' 0.0% ' "$TMP/out" && { echo "FAIL a tiny share shown as 0.0%"; fail=1; }
# JSON keeps the exact numbers
"$OOMTOOL" explain-kill -J -c 0 "$SRC/tests/data/034-docker-memcg-swap-tab-indented-score0.log" |
	python3 -c 'import json,sys; r=json.load(sys.stdin)["events"][-1]["ranking"]; assert max(x["share_permille"] for x in r) > 1000 and 0 in [x["share_permille"] for x in r]' ||
	{ echo "FAIL share JSON"; fail=1; }
"$OOMTOOL" explain-kill --all "$SRC/tests/data/070-k618-adj-dmesg.log" | grep -q '^SHARE >100%: oom_score_adj adds up to all of totalpages' ||
	{ echo "FAIL share >100% by oom_score_adj"; fail=1; }
# the largest of hundreds held a share under 1%: said with its decimal, not "0%"
"$OOMTOOL" explain-kill "$SRC/tests/data/explain/130-rhel6-php-fpm-pool-syslog.log" |
	grep -q 'the largest, php-fpm (pid [0-9]*), held 1.2%' || { echo "FAIL small share in prose"; fail=1; }

# ---- -n: rows, with the victim always shown ----
n=$("$OOMTOOL" explain-kill -J -c 1 "$SRC/tests/data/001-debian-clamd-global-ufw.log" |
	python3 -c 'import json,sys; print(len(json.load(sys.stdin)["events"][0]["ranking"]))')
[ "$n" = 1 ] || { echo "FAIL -c 1 gave $n rows"; fail=1; }
n=$("$OOMTOOL" explain-kill -J -c 0 "$SRC/tests/data/001-debian-clamd-global-ufw.log" |
	python3 -c 'import json,sys; print(len(json.load(sys.stdin)["events"][0]["ranking"]))')
[ "$n" = 35 ] || { echo "FAIL -c 0 gave $n rows, expected all 35"; fail=1; }

# ---- exit statuses ----
printf 'nothing to see here\n' >"$TMP/empty.log"
"$OOMTOOL" explain-kill "$TMP/empty.log" >/dev/null 2>&1
[ $? -eq 1 ] || { echo "FAIL no incident must exit 1"; fail=1; }
"$OOMTOOL" explain-kill -J "$TMP/empty.log" >"$TMP/json" 2>/dev/null
python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == {"events": []}' "$TMP/json" ||
	{ echo "FAIL empty JSON"; fail=1; }
head -c 65536 /dev/urandom >"$TMP/binary.log"
"$OOMTOOL" explain-kill "$TMP/binary.log" >/dev/null 2>&1
[ $? -eq 1 ] || { echo "FAIL binary input must exit 1"; fail=1; }
head -c 3000 "$SRC/tests/data/070-k618-adj-dmesg.log" >"$TMP/cut.log"
"$OOMTOOL" explain-kill --all "$TMP/cut.log" >/dev/null 2>&1
rc=$?; [ $rc -le 1 ] || { echo "FAIL truncated input: exit $rc"; fail=1; }
"$OOMTOOL" explain-kill "$TMP/does-not-exist.log" >/dev/null 2>"$TMP/err"
rc=$?; [ $rc -eq 3 ] || { echo "FAIL missing file: exit $rc"; fail=1; }
grep -q '^oomtool: ' "$TMP/err" || { echo "FAIL error format"; cat "$TMP/err"; fail=1; }
# -J writes JSON on the error path too (the error itself goes to stderr)
"$OOMTOOL" explain-kill -J "$TMP/does-not-exist.log" >"$TMP/json" 2>"$TMP/err"
rc=$?; [ $rc -eq 3 ] || { echo "FAIL -J missing file: exit $rc"; fail=1; }
python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == {"events": []}' "$TMP/json" ||
	{ echo "FAIL -J missing file: not {\"events\": []}"; cat "$TMP/json"; fail=1; }
grep -q "does-not-exist.log" "$TMP/err" || { echo "FAIL -J missing file: no error"; fail=1; }
for args in "--bogus" "-c" "-c x" "--count -1" "--since nonsense" "--event" "--event a --all" \
            "--since 2024-01-02 --until 2024-01-01"; do
	# shellcheck disable=SC2086
	"$OOMTOOL" explain-kill $args >/dev/null 2>"$TMP/err"
	rc=$?
	[ $rc -eq 2 ] || { echo "FAIL '$args': exit $rc, expected 2"; fail=1; }
	grep -q "Try 'oomtool explain-kill --help'" "$TMP/err" || { echo "FAIL '$args': no hint"; fail=1; }
done
"$OOMTOOL" explain-kill --help | grep -q -- '--event ID' || { echo "FAIL --help"; fail=1; }
"$OOMTOOL" explain-kill -V | grep -q '^oomtool ' || { echo "FAIL -V"; fail=1; }

# The advice names the command that applies the limit now, and the manager's own command
# for the workload the cgroup path names (the library's one cgroup mapping).
"$OOMTOOL" explain-kill "$SRC/tests/data/032-ubuntu-4.4-docker-memcg-go-tmux-artifacts.log" >"$TMP/out" 2>/dev/null
grep -q '^    Now: oomtool limits set 34186d9bd077 256M$' "$TMP/out" || { echo "FAIL advice: limits set (docker)"; fail=1; }
grep -q '^    Docker: docker update -m 256m --memory-swap 512m 34186d9bd077 ' "$TMP/out" ||
	{ echo "FAIL advice: docker update"; fail=1; }
"$OOMTOOL" explain-kill "$SRC/tests/data/004-rhel6-memcg-limit-test.log" >"$TMP/out" 2>/dev/null
grep -q '^    Now: oomtool limits set /test 128M$' "$TMP/out" || { echo "FAIL advice: limits set (path)"; fail=1; }

# Kills a cpuset or memory policy confined to some NUMA nodes: those nodes ran short, not the
# whole machine, and the advice says so.
cat >"$TMP/numa.log" <<'EOF'
[ 8100.090000] oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=0,cpuset=/,mems_allowed=0-1,task=qemu-system-x86,pid=7311,uid=64055
[ 8100.100000] Out of memory: Killed process 7311 (qemu-system-x86) total-vm:17825792kB, anon-rss:16777216kB, file-rss:0kB, shmem-rss:0kB, UID:64055 pgtables:33000kB oom_score_adj:0
[ 9300.200000] oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=0,cpuset=/,mems_allowed=0-1,task=qemu-system-x86,pid=8120,uid=64055
[ 9300.210000] Out of memory: Killed process 8120 (qemu-system-x86) total-vm:15728640kB, anon-rss:14680064kB, file-rss:0kB, shmem-rss:0kB, UID:64055 pgtables:29000kB oom_score_adj:0
EOF
"$OOMTOOL" explain-kill "$TMP/numa.log" >"$TMP/numa.out" 2>&1
grep -q 'memory policy allowed it only some NUMA nodes' "$TMP/numa.out" ||
	{ echo "FAIL numa: no node advice"; cat "$TMP/numa.out"; fail=1; }
grep -q 'A shortage of the whole machine' "$TMP/numa.out" &&
	{ echo "FAIL numa: called a shortage of the whole machine"; fail=1; }

# A figure the log lacks is left out of a sentence, never printed as "-" (a grep that kept
# "Total swap" and not "Free swap")
cat >"$TMP/noswapfree.log" <<'EOF'
[  311.200100] indexer invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0
[  311.200300] Mem-Info:
[  311.200400] Node 0 Normal free:51200kB boost:0kB min:51000kB low:63000kB high:75000kB reserved_highatomic:0KB active_anon:14000000kB inactive_anon:100000kB active_file:1000kB inactive_file:900kB unevictable:0kB writepending:0kB present:15000000kB managed:14600000kB mlocked:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB
[  311.200500] Total swap = 0kB
[  311.200900] Out of memory: Killed process 2290 (indexer) total-vm:15000000kB, anon-rss:13900000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:28000kB oom_score_adj:0
EOF
"$OOMTOOL" explain-kill "$TMP/noswapfree.log" >"$TMP/noswapfree.out" 2>&1
grep -q 'global_oom: The whole machine was out of memory (usable RAM .*, swap 0B)\.$' "$TMP/noswapfree.out" ||
	{ echo "FAIL global_oom without free swap"; cat "$TMP/noswapfree.out"; fail=1; }
grep -q -e ' - free' -e ', -)' "$TMP/noswapfree.out" && { echo "FAIL '-' in a sentence"; fail=1; }

# A VM host: its processes are guests, which no pool manager runs fewer of; and a cgroup is
# not killed, its processes are.
"$OOMTOOL" explain-kill "$SRC/tests/data/explain/132-proxmox-kvm-guests-global.log" >"$TMP/vm.out" 2>&1
grep -q '6 of them are virtual machines: run fewer guests' "$TMP/vm.out" ||
	{ echo "FAIL vm host: many_processes"; cat "$TMP/vm.out"; fail=1; }
grep -q -e 'worker' "$TMP/vm.out" && { echo "FAIL vm host: workers"; grep worker "$TMP/vm.out"; fail=1; }
"$OOMTOOL" explain-kill "$SRC/tests/data/070-k618-adj-dmesg.log" 2>&1 |
	grep -q 'repeated_kills: Processes of /oomprobe-adj were killed 2 times' ||
	{ echo "FAIL repeated_kills of a cgroup"; fail=1; }

# Alibaba Cloud Linux's "Task in /docker/… killed as a result of limit of host": the whole
# machine ran short, no cgroup named "host" hit a limit.
"$OOMTOOL" explain-kill --event 8b04e40c42ed "$SRC/tests/data/435-alibaba-task-in-limit-of-host-global.log" \
	>"$TMP/host.out" 2>&1
grep -q 'because the whole machine ran out of memory' "$TMP/host.out" ||
	{ echo "FAIL limit of host: not a global OOM"; cat "$TMP/host.out"; fail=1; }
grep -q -e 'cgroup host' -e 'memcg_limit' "$TMP/host.out" &&
	{ echo "FAIL limit of host: blamed on a cgroup"; fail=1; }

exit $fail
