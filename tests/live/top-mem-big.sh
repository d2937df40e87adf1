#!/bin/sh
# Live: a process holding 200 MiB must come first in top-mem (by PSS and by RSS).
set -u
OOMTOOL=$1
[ "$(id -u)" = 0 ] || { echo "skip: needs root"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: needs python3"; exit 77; }
[ -r /proc/self/smaps_rollup ] || { echo "skip: no smaps_rollup"; exit 77; }
PS=$(getconf PAGESIZE)   # statm counts pages of this host: 4 KiB, 16 KiB or 64 KiB
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
# bytearray() zero-fills, so every page is touched and resident
python3 -c 'b=bytearray(200<<20); import time; time.sleep(60)' &
pid=$!
i=0
while [ $i -lt 100 ]; do
	rss=$(awk -v ps="$PS" '{print $2 * ps}' /proc/$pid/statm 2>/dev/null || echo 0)
	[ "${rss:-0}" -ge $((190 << 20)) ] && break
	sleep 0.1; i=$((i + 1))
done
[ $i -lt 100 ] || { echo "FAIL: the 200 MiB process did not become resident"; exit 1; }
fail=0
# Other workloads on this machine may hold more than 200 MiB: it must come first within its
# own cgroup, and overall every row above it must be at least as large.
cg=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' /proc/$pid/cgroup)
[ -n "$cg" ] || cg=$(awk -F: '$1 == "0" {print $3}' /proc/$pid/cgroup)
for sort in pss rss; do
	first=$("$OOMTOOL" top-mem -s $sort --cgroup "$cg" -r -n -o PID -c 1 2>/dev/null)
	if [ "$first" = "$pid" ]; then echo "ok - first by $sort in $cg"; else echo "FAIL - first by $sort: $first, want $pid"; fail=1; fi
	"$OOMTOOL" top-mem -s $sort -b -r -n -o PID,$(echo $sort | tr a-z A-Z) -c 30 2>/dev/null |
		awk -v pid=$pid '$1 == pid { found = 1; mine = $2; exit }
		                 { above[NR] = $2 }
		                 END { if (!found) exit 1; for (i in above) if (above[i] < mine) exit 1 }' &&
		echo "ok - nothing smaller ranks above it by $sort" || { echo "FAIL - order by $sort"; fail=1; }
done
pss=$("$OOMTOOL" top-mem -p $pid -b -r -n -o PSS 2>/dev/null)
if [ "${pss:-0}" -ge $((190 << 20)) ] 2>/dev/null; then echo "ok - PSS $pss"; else echo "FAIL - PSS '$pss'"; fail=1; fi
"$OOMTOOL" top-mem --cgroup "$cg" -J -c 3 2>/dev/null |
	python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["processes"][0]["pid"] == '"$pid"'' \
	&& echo "ok - json first" || { echo "FAIL - json"; fail=1; }
# kernel threads (kthreadd is pid 2 in the initial pid namespace) are hidden unless -K
if grep -qs '^Name:[[:space:]]*kthreadd' /proc/2/status; then
	all=$("$OOMTOOL" top-mem -s rss -c 1000000 -r -n -o PID 2>/dev/null)
	if printf '%s\n' "$all" | grep -qx 2; then echo "FAIL - kthreadd listed"; fail=1
	else echo "ok - kernel threads hidden"; fi
	all=$("$OOMTOOL" top-mem -K -s rss -c 1000000 -r -n -o PID 2>/dev/null)
	if printf '%s\n' "$all" | grep -qx 2; then echo "ok - -K lists kthreadd"
	else echo "FAIL - -K: kthreadd not listed"; fail=1; fi
	printf '%s\n' "$all" | grep -qx "$pid" && echo "ok - -K keeps the processes" ||
		{ echo "FAIL - -K lost the 200 MiB process"; fail=1; }
	"$OOMTOOL" top-mem 2>/dev/null | sed -n 2p | grep -q 'kernel threads\? hidden; -K shows' &&
		echo "ok - hidden kernel threads said" || { echo "FAIL - no hidden count"; fail=1; }
else
	echo "ok - # skip kernel threads: no kthreadd at pid 2 (a pid namespace)"
fi
exit $fail
