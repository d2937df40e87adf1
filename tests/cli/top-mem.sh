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

# PSS order (fixture sysroot defaults to pss); unreadable PSS (300) ranks by its RSS; the
# kernel thread (2, kthreadd) is hidden unless -K
check "pss order" "100 300 101 200 201 1 400" "$(t -r -n -o PID | tr '\n' ' ' | sed 's/ $//')"
check "rss order" "100 101 300 200 201 1 400" "$(t -r -n -s rss -o PID | tr '\n' ' ' | sed 's/ $//')"
check "-K shows kernel threads" "100 300 101 200 201 1 400 2" "$(t -r -n -K -o PID | tr '\n' ' ' | sed 's/ $//')"
check "--kernel-threads" "100 101 300 200 201 1 400 2" "$(t -r -n -s rss --kernel-threads -o PID | tr '\n' ' ' | sed 's/ $//')"
check "hidden kernel threads said" "8 processes (1 kernel thread hidden; -K shows it)" "$(t | sed -n 2p)"
check "-K: none hidden" "9 processes" "$(t -K | sed -n 2p)"
check "JSON: hidden count" "1" "$(t -J | python3 -c 'import json,sys; print(json.load(sys.stdin)["kernel_threads_hidden"])')"
check "JSON -K: none hidden" "0" "$(t -J -K | python3 -c 'import json,sys; print(json.load(sys.stdin)["kernel_threads_hidden"])')"
check "--by user without kernel threads" "root 3" "$(t -r -n --by user -o GROUP,PROCS | grep '^root')"
check "--by user -K" "root 4" "$(t -r -n -K --by user -o GROUP,PROCS | grep '^root')"
check "swap order" "100 201" "$(t -r -n -s swap -c 2 -o PID | tr '\n' ' ' | sed 's/ $//')"
check "oom order" "100 101 300" "$(t -r -n -s oom -c 3 -o PID | tr '\n' ' ' | sed 's/ $//')"
check "count" "3" "$(t -r -n -c 3 -o PID | wc -l | tr -d ' ')"
# RSS is statm's resident pages times this host's page size (64 KiB on some arm64, ppc64le)
PS=$(getconf PAGESIZE)
check "bytes row" "100 app $((200000 * PS)) 716800000 40960000 650 0 /system.slice/app.service 1073741824" \
	"$(t -r -n -b -c 1 -o PID,USER,RSS,PSS,SWAP,OOM_SCORE,OOM_ADJ,CGROUP,LIMIT)"
check "unknown pss is -" "300 -" "$(t -r -n -p 300 -o PID,PSS)"
check "kernel thread named by -p" "2 0B [kthreadd]" "$(t -r -n -p 2 -o PID,PSS,COMMAND)"
# a process swapped out whole has no resident page either, but an address space: it stays
T=$(mktemp -d) && cp -R "$F/." "$T" && cp -R "$T/proc/1" "$T/proc/600" &&
	printf '9000 0 0 10 0 50 0\n' >"$T/proc/600/statm" &&
	sed -i 's/^Name:.*/Name:\tidle-daemon/; s/^Tgid:.*/Tgid:\t600/; s/^Pid:.*/Pid:\t600/; s/^VmRSS:.*/VmRSS:\t0 kB/; s/^VmSwap:.*/VmSwap:\t36000 kB/' "$T/proc/600/status" &&
	cp -R "$T/proc/2" "$T/proc/601"   # a second kernel thread
check "swapped out whole: kept" "600 0B 35M" "$("$OOMTOOL" top-mem --sysroot "$T" -r -n -s swap -o PID,RSS,SWAP 2>/dev/null | grep '^600')"
check "two kernel threads hidden" "9 processes (2 kernel threads hidden; -K shows them)" \
	"$("$OOMTOOL" top-mem --sysroot "$T" 2>/dev/null | sed -n 2p)"
rm -rf "$T"
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
      p[0]["cgroup_limit_bytes"], p[-1]["name"] != "kthreadd", sorted(p[0].keys()) == sorted(
      ["pid","user","rss_bytes","pss_bytes","swap_bytes","oom_score","oom_score_adj",
       "cgroup","cgroup_limit_bytes","name","command"]))')
	check "json" "8192000000 512000000 7 12.5 [100, 300, 101, 200, 201, 1, 400] [300] 1073741824 True True" "$out"
	out=$(t -J -K | python3 -c 'import json,sys; p=json.load(sys.stdin)["processes"]; print([x["pid"] for x in p][-1], p[-1]["command"])')
	check "json -K" "2 [kthreadd]" "$out"
	out=$(t -J --by unit | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["by"], [g["key"] for g in d["groups"]][:2])')
	check "json --by" "unit ['app.service', 'session-3.scope']" "$out"
fi

# --sample on an unchanging tree: every process grew by 0, GROWTH column added
check "--sample" "100 +0B|101 +0B" "$(t -r -n --sample 0.1 -c 2 -s rss -o PID,GROWTH | tr '\n' '|' | sed 's/|$//')"
check "--sample default columns" "GROWTH" "$(t -r --sample 0.1 -c 1 | head -1 | awk '{print $NF}')"
check "+ appends columns" "PID USER RSS PSS SWAP OOM_SCORE OOM_ADJ CGROUP LIMIT COMMAND NAME" "$(t -r -o +NAME -c 1 | head -1)"

# on a terminal a cgroup path is cut from the left, so that its leaf stays (libsmartcols
# would cut it from the right); in a pipe it is whole
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	out=$(script -qec "COLUMNS=80 '$OOMTOOL' top-mem --sysroot '$W' -n -p 30" /dev/null 2>/dev/null | tr -d '\r')
	case "$out" in
	*"d368fe.scope "*) echo "ok - cgroup leaf kept on a terminal" ;;
	*) echo "FAIL - cgroup leaf kept on a terminal: $out"; fail=1 ;;
	esac
	case "$out" in
	*"/kubepods.slice/kubepods-b"*) echo "FAIL - cgroup cut from the right: $out"; fail=1 ;;
	esac
	out=$(script -qec "COLUMNS=200 '$OOMTOOL' top-mem --sysroot '$W' -n -p 30 -o PID,CGROUP" /dev/null 2>/dev/null | tr -d '\r')
	case "$out" in
	*"/kubepods.slice/"*"d368fe.scope") echo "ok - wide terminal: head and leaf" ;;
	*) echo "FAIL - wide terminal: $out"; fail=1 ;;
	esac
else
	echo "ok - # skip cgroup cut on a terminal: no script(1)"
fi
check "cgroup whole in a pipe" "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod94eb36cd_29e1_478b_b365_4cb5dfc7d6fb.slice/cri-containerd-3e5e5eab87df615f4777e6f7f261a7fb62f4a7ee5bc3e25e3a5b5223ccd368fe.scope" \
	"$(w -n -p 30 -o CGROUP | sed 's/^ *//; s/ *$//')"

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
"$OOMTOOL" top-mem --help | grep -q -- '-K, --kernel-threads'; check "help -K" "0" "$?"
"$OOMTOOL" top-mem -w </dev/null >/dev/null 2>"$TMPD_ERR"; check "watch without tty exit 2" "2" "$?"
check "watch without tty: Try line" "Try 'oomtool top-mem --help' for more information." "$(sed -n 2p "$TMPD_ERR")"
rm -f "$TMPD_ERR"
exit $fail
