#!/bin/sh
# top-mem on the fixture tree tests/fixtures/proc-basic (--sysroot): stable output checks.
set -u
OOMTOOL=$1 SRC=$2
F=$SRC/tests/fixtures/proc-basic
fail=0
t() { "$OOMTOOL" top-mem --sysroot "$F" "$@" 2>/dev/null; }
TMPD_ERR=$(mktemp)
check() { # name expected actual
	if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "FAIL - $1"; echo " expected: $2"; echo " actual:   $3"; fail=1; fi
}

# PSS order (fixture sysroot defaults to pss); unreadable PSS (300) ranks by its RSS
check "pss order" "100 300 101 200 201 1 400 2" "$(t -r -n -o PID | tr '\n' ' ' | sed 's/ $//')"
check "rss order" "100 101 300 200 201 1 400 2" "$(t -r -n -s rss -o PID | tr '\n' ' ' | sed 's/ $//')"
check "swap order" "100 201" "$(t -r -n -s swap -c 2 -o PID | tr '\n' ' ' | sed 's/ $//')"
check "oom order" "100 101 300" "$(t -r -n -s oom -c 3 -o PID | tr '\n' ' ' | sed 's/ $//')"
check "count" "3" "$(t -r -n -c 3 -o PID | wc -l | tr -d ' ')"
# RSS is statm's resident pages times this host's page size (64 KiB on some arm64, ppc64le)
PS=$(getconf PAGESIZE)
check "bytes row" "100 app $((200000 * PS)) 716800000 40960000 650 0 /system.slice/app.service 1073741824" \
	"$(t -r -n -b -c 1 -o PID,USER,RSS,PSS,SWAP,OOM_SCORE,OOM_ADJ,CGROUP,LIMIT)"
check "unknown pss is -" "300 -" "$(t -r -n -p 300 -o PID,PSS)"
check "kernel thread" "2 0B [kthreadd]" "$(t -r -n -p 2 -o PID,PSS,COMMAND)"
check "odd comm" "200 evil (x) y" "$(t -n -p 200 -o PID,NAME | sed 's/^ *//; s/  */ /')"
check "non-utf8 comm escaped" 'bad\xffname\x01' "$(t -r -n -p 400 -o NAME)"
check "-u user" "100 101" "$(t -r -n -u app -o PID | tr '\n' ' ' | sed 's/ $//')"
check "-u uid" "200 201" "$(t -r -n -u 33 -o PID | tr '\n' ' ' | sed 's/ $//')"
check "-p list" "201 1" "$(t -r -n -p 1,201 -o PID | tr '\n' ' ' | sed 's/ $//')"
check "--cgroup" "200 201" "$(t -r -n --cgroup /system.slice/nginx.service -o PID | tr '\n' ' ' | sed 's/ $//')"
check "--cgroup subtree" "100 101 200 201" "$(t -r -n -s rss --cgroup /system.slice -o PID | tr '\n' ' ' | sed 's/ $//')"
check "v1 limit from ancestor" "300 268435456" "$(t -r -n -b -p 300 -o PID,LIMIT)"
check "--by unit" "app.service 2|session-3.scope 1|nginx.service 2" \
	"$(t -r -n --by unit -c 3 -o GROUP,PROCS | tr '\n' '|' | sed 's/|$//')"
check "--by user pss sum" "app 2 1024000000" "$(t -r -n -b --by user -c 1 -o GROUP,PROCS,PSS)"
check "--by user unknown pss" "root -" "$(t -r -n --by user -o GROUP,PSS | grep '^root')"
check "--by command" "java 2" "$(t -r -n --by command -c 1 -o GROUP,PROCS)"
# containers and pods (tests/fixtures/proc-workloads: cgroup v2 only, no PSI): --by unit names
# the unit of a container's scope, a cgroupfs pod's container by pod uid and short id
W=$SRC/tests/fixtures/proc-workloads
w() { "$OOMTOOL" top-mem --sysroot "$W" "$@" 2>/dev/null; }
check "--by unit containers" "docker-46b3e0a4df44b752b841aecca454e6e78995d567912a84950390bae6f6777a63.scope 2|podfe3f7a38-b3f7-48aa-8997-a697ae3d0741/c7ebf4d756b2 1" \
	"$(w -r -n --by unit -o GROUP,PROCS | grep -e docker -e '^pod' | tr '\n' '|' | sed 's/|$//')"
check "v2 limit of a pod's container" "30 805306368" "$(w -r -n -b -c 1 -o PID,LIMIT)"
# seven processes larger than all others vanish after the pass: refilled from a new pass
check "vanished after ranking" "30 20" "$(w -r -n -s rss -c 2 -o PID | tr '\n' ' ' | sed 's/ $//')"
check "no psi: left out" "mem 3.8G avail 977M  swap 0B/0B  oom kills 0" "$(w | head -1)"
check "header" "mem 7.6G avail 195M  swap 488M/1.9G  psi some 12.50% full 4.25%  oom kills 7" "$(t | head -1)"

# JSON: valid, null PSS when unreadable, sorted order, system block
if command -v python3 >/dev/null 2>&1; then
	out=$(t -J | python3 -c '
import json, sys
d = json.load(sys.stdin)
p = d["processes"]
s = d["system"]
print(s["mem_total_bytes"], s["swap_used_bytes"], s["oom_kill"], s["psi_some_avg10"],
      [x["pid"] for x in p], [x["pid"] for x in p if x["pss_bytes"] is None],
      p[0]["cgroup_limit_bytes"], p[-1]["command"], sorted(p[0].keys()) == sorted(
      ["pid","user","rss_bytes","pss_bytes","swap_bytes","oom_score","oom_score_adj",
       "cgroup","cgroup_limit_bytes","name","command"]))')
	check "json" "8192000000 512000000 7 12.5 [100, 300, 101, 200, 201, 1, 400, 2] [300] 1073741824 [kthreadd] True" "$out"
	out=$(t -J --by unit | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["by"], [g["key"] for g in d["groups"]][:2])')
	check "json --by" "unit ['app.service', 'session-3.scope']" "$out"
fi

# --sample on an unchanging tree: every process grew by 0, GROWTH column added
check "--sample" "100 +0B|101 +0B" "$(t -r -n --sample 0.1 -c 2 -s rss -o PID,GROWTH | tr '\n' '|' | sed 's/|$//')"
check "--sample default columns" "GROWTH" "$(t -r --sample 0.1 -c 1 | head -1 | awk '{print $NF}')"
check "+ appends columns" "PID USER RSS PSS SWAP OOM_SCORE OOM_ADJ CGROUP LIMIT COMMAND NAME" "$(t -r -o +NAME -c 1 | head -1)"

# stderr says once why PSS is unknown
n=$("$OOMTOOL" top-mem --sysroot "$F" 2>&1 >/dev/null | grep -c 'PSS unknown')
check "pss unknown said once" "1" "$n"

# exit codes
t -p 999999 >/dev/null; check "nothing matched exit 1" "1" "$?"
t -s bogus >/dev/null; check "bad sort exit 2" "2" "$?"
t -o NOPE >/dev/null; check "bad column exit 2" "2" "$?"
t -c 0 >/dev/null; check "bad count exit 2" "2" "$?"
t -u nosuchuser >/dev/null; check "bad user exit 2" "2" "$?"
# a pressure file without its "full" line: "full" left out, not shown as 0.00%
T=$(mktemp -d) && cp -R "$F/." "$T" && sed -i '/^full/d' "$T/proc/pressure/memory"
check "psi without full" "mem 7.6G avail 195M  swap 488M/1.9G  psi some 12.50%  oom kills 7" \
	"$("$OOMTOOL" top-mem --sysroot "$T" 2>/dev/null | head -1)"
check "psi without full: JSON null" "None" "$("$OOMTOOL" top-mem --sysroot "$T" -J 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["system"]["psi_full_avg10"])')"
rm -rf "$T"
check "one process, singular" "1 process" "$(t -p 100 | sed -n 2p)"
t --by nope >/dev/null; check "bad --by exit 2" "2" "$?"
"$OOMTOOL" top-mem --sysroot /nonexistent >/dev/null 2>&1; check "missing sysroot exit 3" "3" "$?"
"$OOMTOOL" top-mem --help | grep -q -- '--sample'; check "help" "0" "$?"
"$OOMTOOL" top-mem -w </dev/null >/dev/null 2>"$TMPD_ERR"; check "watch without tty exit 2" "2" "$?"
check "watch without tty: Try line" "Try 'oomtool top-mem --help' for more information." "$(sed -n 2p "$TMPD_ERR")"
rm -f "$TMPD_ERR"
exit $fail
