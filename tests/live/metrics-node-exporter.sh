#!/bin/sh
# Live: a real OOM kill, through oomtool metrics and a real node_exporter. Provokes a kill in
# a private 32 MiB memory cgroup (v1), runs `oomtool metrics --textfile-dir` (with a state of
# its own), starts Debian's prometheus-node-exporter on 127.0.0.1 on a free port with only its
# textfile collector, scrapes it over HTTP and finds: the kill counted for the cgroup's
# workload, the last victim's info series, the cgroup's limit and kill counter, the kernel's
# count, node_textfile_scrape_error 0. Then a second kill and a second run from the state:
# counted once more, the logs read on from where the first run stopped. A watcher started
# beside it with --state-file makes oomtool_watch_up 1.
# Another helper's live test may kill a process at the same moment: the last victim may then
# be theirs (said, not failed); run it again alone when a count is off.
# Needs root, the v1 memory controller, python3 and prometheus-node-exporter; skips (77)
# otherwise. Stops node_exporter and the watcher and removes its cgroup on every exit path.
# Usage: sh metrics-node-exporter.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
. "$2/tests/live/memcg.inc"
OOMTOOL=$1
CG=$MEMCG_ROOT/oomtool-metrics-$$
NAME=/oomtool-metrics-$$
memcg_require
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || { echo "skip: no python3" >&2; exit 77; }
NE=$(command -v prometheus-node-exporter || command -v node_exporter) || {
	echo "skip: prometheus-node-exporter is not installed" >&2
	exit 77
}
grep -q '^oom_kill ' /proc/vmstat || { echo "skip: the kernel counts no OOM kills (before 4.13)" >&2; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-live-metrics.XXXXXX") || exit 1
victim= ne_pid= watcher=
cleanup() {
	[ -n "$victim" ] && kill -KILL "$victim" 2>/dev/null
	[ -n "$watcher" ] && kill "$watcher" 2>/dev/null && wait "$watcher" 2>/dev/null
	[ -n "$ne_pid" ] && kill "$ne_pid" 2>/dev/null && wait "$ne_pid" 2>/dev/null
	memcg_remove "$CG"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "FAIL $n - $1"; fail=1; }

mkdir "$CG" || exit 1
echo $((32 << 20)) >"$CG/memory.limit_in_bytes" || exit 1
[ -w "$CG/memory.swappiness" ] && echo 0 >"$CG/memory.swappiness" 2>/dev/null

kill_one() { # a python3 that allocates 200 MiB in the cgroup: SIGKILLed by the kernel
	sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" -c "b = b\"\\x01\" * (200 << 20)"' sh "$CG" "$PY" &
	victim=$!
	wait "$victim"
	status=$?
	victim=
	[ "$status" -eq 137 ] || { echo "FAIL: the allocator ended with status $status, not SIGKILL"; exit 1; }
	sleep 1          # journald and rsyslog (when they run) write the kernel's lines
}
kill_one
echo "# $CG oom_kill $(awk '$1 == "oom_kill" { print $2 }' "$CG/memory.oom_control")"

# a watcher beside it, writing its state where metrics reads it
"$OOMTOOL" watch -q --no-kills --no-lock --cgroup "$NAME" --interval 500ms \
	--state-file "$TMP/watch.state" >/dev/null 2>&1 &
watcher=$!
for _ in $(seq 30); do [ -s "$TMP/watch.state" ] && break; sleep 0.1; done

mkdir "$TMP/textfile"
metrics() {
	"$OOMTOOL" metrics --textfile-dir "$TMP/textfile" --state "$TMP/state" \
		--watch-state "$TMP/watch.state" 2>"$TMP/err"
}
metrics && ok "oomtool metrics --textfile-dir" || { bad "oomtool metrics: exit $?"; cat "$TMP/err"; }
sed 's/^/# stderr: /' "$TMP/err"

free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
scrape() {
	"$PY" -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
		"http://127.0.0.1:$port/metrics" >"$TMP/scrape" 2>/dev/null
}
for attempt in 1 2 3; do
	port=$(free_port)
	"$NE" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$TMP/textfile" >"$TMP/ne.log" 2>&1 &
	ne_pid=$!
	up=
	for _ in $(seq 50); do
		scrape && { up=1; break; }
		kill -0 "$ne_pid" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$up" ] && break
	kill "$ne_pid" 2>/dev/null
	wait "$ne_pid" 2>/dev/null
	ne_pid=
done
[ -n "$ne_pid" ] || { bad "node_exporter did not start"; sed 's/^/  | /' "$TMP/ne.log"; exit 1; }
ok "node_exporter on 127.0.0.1:$port, textfile collector only"
grep -E "^oomtool_(oom_kills|last_oom|kernel_oom|unlogged)|^node_textfile_scrape_error|^oomtool_watch_up" \
	"$TMP/scrape" | sed 's/^/# /'

has() { grep -qE "$2" "$TMP/scrape" && ok "$1" || bad "$1: no line matching $2"; }
has "the kill counted for its workload" \
	"^oomtool_oom_kills_by_workload_total\\{kind=\"cgroup\",name=\"$NAME\"\\} 1\$"
has "the last victim's info series" '^oomtool_last_oom_kill_info\{killer="kernel",scope="memcg",victim="[^"]+",workload="[^"]+"\} 1$'
if grep -q "^oomtool_last_oom_kill_info{killer=\"kernel\",scope=\"memcg\",victim=\"python3\",workload=\"$NAME\"} 1\$" "$TMP/scrape"; then
	ok "the last victim is this test's python3 in $NAME"
else
	echo "# the last victim is another process (another live test's kill at the same moment?)"
fi
has "the cgroup's limit" "^oomtool_cgroup_memory_limit_bytes\\{cgroup=\"$NAME\",kind=\"cgroup\",name=\"$NAME\"\\} (33554432|3.3554432e\\+07)\$"
has "the cgroup's kill counter" "^oomtool_cgroup_memory_oom_kills_total\\{cgroup=\"$NAME\",kind=\"cgroup\",name=\"$NAME\"\\} 1\$"
has "the kernel's count" '^oomtool_kernel_oom_kills_total [1-9][0-9]*$'
has "node_textfile_scrape_error 0" '^node_textfile_scrape_error 0$'
has "the watcher is up" '^oomtool_watch_up 1$'

# a second kill, a second run read on from the state: counted once more
kill_one
metrics || bad "second run: exit $?"
grep -q '^pos ' "$TMP/state" && ok "the state holds the logs' positions" || bad "no positions in the state"
scrape || bad "second scrape"
has "the second kill counted once more" \
	"^oomtool_oom_kills_by_workload_total\\{kind=\"cgroup\",name=\"$NAME\"\\} 2\$"
has "and by the cgroup's counter" "^oomtool_cgroup_memory_oom_kills_total\\{cgroup=\"$NAME\",kind=\"cgroup\",name=\"$NAME\"\\} 2\$"
has "still no scrape error" '^node_textfile_scrape_error 0$'
[ $fail -eq 0 ] && echo "ok: the kills in $NAME reach Prometheus through node_exporter"
exit $fail
