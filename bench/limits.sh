#!/bin/sh
# Bench (live, root, cgroup v1 memory controller): 1,000 memory cgroups, then
# `oomtool limits -a -J` against `find /sys/fs/cgroup/memory -name memory.usage_in_bytes
# -exec cat {} +` over the same tree, in one run, the two interleaved run by run. Prints the
# median wall time of each, their ratio (issue 10 asks for at most 1) and oomtool's peak RSS
# (at most 4 MiB). Every cgroup made here is removed at the end, also on failure.
# Usage: bench/limits.sh [OOMTOOL] [NCGROUPS] [RUNS]
set -u
OOMTOOL=${1:-build/oomtool}
N=${2:-1000}
RUNS=${3:-10}
ROOT=/sys/fs/cgroup/memory
BASE=$ROOT/oomt-bench-limits-$$
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
[ -f "$ROOT/memory.limit_in_bytes" ] || { echo "skip: no v1 memory controller at $ROOT"; exit 77; }
[ -x /usr/bin/time ] || { echo "skip: needs /usr/bin/time (GNU time) for peak RSS"; exit 77; }
TIMES=$(mktemp "${TMPDIR:-/tmp}/oomt-bench-limits.XXXXXX") || exit 1
cleanup() {
	rm -f "$TIMES" "$TIMES.find" "$TIMES.oomt"
	[ -d "$BASE" ] || return
	find "$BASE" -depth -type d -exec rmdir {} + 2>/dev/null
	[ -d "$BASE" ] && echo "warning: could not remove $BASE" >&2
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# 1,000 cgroups shaped like a node: 10 slices of 99 leaves (every tenth with a limit)
mkdir "$BASE" || exit 1
made=1 s=0
while [ $made -lt "$N" ]; do
	mkdir "$BASE/s$s.slice" || exit 1
	made=$((made + 1))
	i=0
	while [ $i -lt 99 ] && [ $made -lt "$N" ]; do
		d=$BASE/s$s.slice/app$i.service
		mkdir "$d" || exit 1
		[ $((i % 10)) -eq 0 ] && echo $((64 << 20)) >"$d/memory.limit_in_bytes"
		made=$((made + 1))
		i=$((i + 1))
	done
	s=$((s + 1))
done
echo "memory cgroups on the machine: $(find "$ROOT" -name memory.usage_in_bytes | wc -l)"

now_ns() { date +%s%N; }
run_us() { # wall microseconds of one run of a shell command
	t0=$(now_ns)
	sh -c "$1" >/dev/null 2>&1
	t1=$(now_ns)
	echo $(( (t1 - t0) / 1000 ))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
FIND="find $ROOT -name memory.usage_in_bytes -exec cat {} +"
OOMT="$OOMTOOL limits -a -J"
sh -c "$FIND" >/dev/null 2>&1   # warm up both
sh -c "$OOMT" >/dev/null 2>&1
# interleaved, so that the load of a shared machine falls on both alike; medians
r=0
while [ $r -lt "$RUNS" ]; do
	run_us "$FIND" >>"$TIMES.find"
	run_us "$OOMT" >>"$TIMES.oomt"
	r=$((r + 1))
done
find_us=$(median <"$TIMES.find")
oomt_us=$(median <"$TIMES.oomt")
rm -f "$TIMES.find" "$TIMES.oomt"
peak=$(/usr/bin/time -f %M "$OOMTOOL" limits -a -J 2>&1 >/dev/null | tail -1)
rows=$("$OOMTOOL" limits -a -r -n -o PATH | wc -l)
printf '%-62s %9s\n' "command" "ms"
printf '%-62s %9s\n' "find $ROOT -name memory.usage_in_bytes -exec cat {} +" \
	"$(awk -v u="$find_us" 'BEGIN { printf "%.1f", u / 1000 }')"
printf '%-62s %9s\n' "oomtool limits -a -J ($rows rows)" \
	"$(awk -v u="$oomt_us" 'BEGIN { printf "%.1f", u / 1000 }')"
echo "ratio oomtool / find: $(awk -v a="$oomt_us" -v b="$find_us" 'BEGIN { printf "%.2f", b ? a / b : 0 }') (at most 1 asked)"
echo "peak RSS of oomtool limits -a -J: $peak KiB (at most 4096 asked)"
