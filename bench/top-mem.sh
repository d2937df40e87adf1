#!/bin/sh
# Bench: oomtool top-mem against ps, top and smem with ~3000 idle processes and one 200 MiB
# process, in one run. Prints mean wall time, the ratio to `ps aux --sort=-%mem | head` and
# peak RSS (GNU time %M of the first command). Every process started here is killed at the
# end by its recorded PID. Usage: bench/top-mem.sh [OOMTOOL] [NPROC] [RUNS]
set -u
OOMTOOL=${1:-build/oomtool}
NPROC=${2:-3000}
RUNS=${3:-10}
tmp=$(mktemp -d)
cleanup() {
	[ -f "$tmp/pids" ] && xargs -r kill 2>/dev/null <"$tmp/pids"
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time) for peak RSS"; exit 77; }

# idle processes: one sleep per PID, spawned in batches so the fork rate stays sane
i=0
while [ $i -lt "$NPROC" ]; do
	sleep 1800 & echo $! >>"$tmp/pids"
	i=$((i + 1))
done
python3 -c 'b=bytearray(200<<20); import time; time.sleep(1800)' & echo $! >>"$tmp/pids"
sleep 2
echo "processes on the machine: $(ls -d /proc/[0-9]* | wc -l)"

now_ns() { date +%s%N; }
# mean wall ms over RUNS runs of a shell command
bench() {
	sh -c "$1" >/dev/null 2>&1  # warm up
	t0=$(now_ns); r=0
	while [ $r -lt "$RUNS" ]; do sh -c "$1" >/dev/null 2>&1; r=$((r + 1)); done
	t1=$(now_ns)
	echo $(( (t1 - t0) / RUNS / 1000000 ))
}
peak() { /usr/bin/time -f %M sh -c "exec $1" 2>&1 >/dev/null | tail -1; }

ps_ms=$(bench "ps aux --sort=-%mem | head")
printf '%-44s %8s %8s %10s\n' "command" "ms" "x ps" "peak KiB"
row() { # label command peak-command
	ms=$(bench "$2")
	pk=$(peak "$3")
	printf '%-44s %8s %8s %10s\n' "$1" "$ms" "$(awk -v a="$ms" -v b="$ps_ms" 'BEGIN { printf "%.2f", b ? a / b : 0 }')" "$pk"
}
row "oomtool top-mem (PSS, top 10)" "$OOMTOOL top-mem" "$OOMTOOL top-mem"
row "oomtool top-mem -s rss" "$OOMTOOL top-mem -s rss" "$OOMTOOL top-mem -s rss"
row "oomtool top-mem -J" "$OOMTOOL top-mem -J" "$OOMTOOL top-mem -J"
row "ps aux --sort=-%mem | head" "ps aux --sort=-%mem | head" "ps aux --sort=-%mem"
command -v top >/dev/null && row "top -b -n 1 | head -20" "top -b -n 1 | head -20" "top -b -n 1"
if command -v smem >/dev/null; then
	RUNS=1 row "smem -s pss -r | head (1 run)" "smem -s pss -r | head" "smem -s pss -r"
else
	echo "smem: not installed, skipped"
fi
