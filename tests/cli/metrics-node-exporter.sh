#!/bin/sh
# The fleet's first step with the real program: Debian's prometheus-node-exporter, started
# here on 127.0.0.1 on a free port with only its textfile collector reading the directory
# `oomtool metrics --textfile-dir` writes to, scraped over HTTP: the OOM kill counted, the
# last victim's info series, node_textfile_scrape_error 0 and the file's mtime series. Then
# a run that rewrites the file while node_exporter reads it still scrapes clean. The
# exporter is stopped at the end, whatever happens. Skips (77, loudly) without
# prometheus-node-exporter (.ci/deps.sh installs it).
# Usage: metrics-node-exporter.sh OOMTOOL SOURCE_DIR [BUILD_DIR]
set -u
OOMTOOL=$1 SRC=$2
NE=$(command -v prometheus-node-exporter || command -v node_exporter) || {
	echo "SKIP: prometheus-node-exporter is not installed (Debian: prometheus-node-exporter)" >&2
	exit 77
}
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3 to find a free port" >&2; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-node-exporter.XXXXXX") || exit 1
ne_pid=
cleanup() {
	if [ -n "$ne_pid" ]; then
		kill "$ne_pid" 2>/dev/null
		wait "$ne_pid" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "FAIL $n - $1"; fail=1; }

# a sysroot whose logs hold one memcg kill, the kernel counting it
R=$TMP/root
mkdir -p "$R/var/log" "$R/proc/sys/kernel/random" "$TMP/textfile"
cp "$SRC/tests/data/cli/scan-logs-kern.log" "$R/var/log/kern.log"
touch -d @1795172400 "$R/var/log/kern.log"
printf 'MemTotal: 2048000 kB\nMemFree: 512000 kB\nMemAvailable: 1024000 kB\n' >"$R/proc/meminfo"
printf 'oom_kill 1\n' >"$R/proc/vmstat"
printf 'cpu  1 2 3 4\nbtime 1795164000\n' >"$R/proc/stat"
printf '0123abcd-4567-89ab-cdef-0123456789ab\n' >"$R/proc/sys/kernel/random/boot_id"
run() { "$OOMTOOL" metrics --sysroot "$R" --state "$TMP/state" --textfile-dir "$TMP/textfile"; }
run 2>"$TMP/err" && ok "oomtool metrics --textfile-dir" || { bad "oomtool metrics"; cat "$TMP/err"; }

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
scrape() { # URL OUT: 0 when it answered
	if command -v curl >/dev/null 2>&1; then
		curl -sf --max-time 5 "$1" >"$2"
	else
		python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1" >"$2"
	fi
}

# start it on a free port of 127.0.0.1 only; another process may take the port between the
# probe and the bind: try again
for attempt in 1 2 3; do
	port=$(free_port)
	"$NE" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$TMP/textfile" \
		>"$TMP/ne.log" 2>&1 &
	ne_pid=$!
	up=
	for _ in $(seq 50); do
		if scrape "http://127.0.0.1:$port/metrics" "$TMP/scrape" 2>/dev/null; then
			up=1
			break
		fi
		kill -0 "$ne_pid" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$up" ] && break
	kill "$ne_pid" 2>/dev/null
	wait "$ne_pid" 2>/dev/null
	ne_pid=
done
if [ -z "$ne_pid" ]; then
	bad "node_exporter did not start"
	sed 's/^/  | /' "$TMP/ne.log"
	exit 1
fi
ok "node_exporter listens on 127.0.0.1:$port with the textfile collector only"

check() { # LABEL LINE-REGEX
	grep -qE "$2" "$TMP/scrape" && ok "$1" || { bad "$1: no line matching $2"; }
}
check "the kill counted" '^oomtool_oom_kills_total\{killer="kernel",scope="memcg"\} 1$'
check "the last victim's info series" \
	'^oomtool_last_oom_kill_info\{killer="kernel",scope="memcg",victim="python3",workload="[^"]+"\} 1$'
check "the kernel's count" '^oomtool_kernel_oom_kills_total 1$'
check "node_textfile_scrape_error 0" '^node_textfile_scrape_error 0$'
check "the file's mtime" '^node_textfile_mtime_seconds\{file="[^"]*oomtool\.prom"\} [0-9.e+]+$'
check "the source errors, each 0" '^oomtool_metrics_source_errors\{source="journal"\} 0$'
grep -q '^# HELP oomtool_unlogged_oom_kills ' "$TMP/scrape" && ok "HELP passed through" ||
	bad "no HELP for oomtool_unlogged_oom_kills"

# rewritten while node_exporter reads it: each scrape sees a whole file
errors=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	run 2>/dev/null &
	w=$!
	scrape "http://127.0.0.1:$port/metrics" "$TMP/scrape.$i" || errors=$((errors + 1))
	wait "$w"
	grep -q '^node_textfile_scrape_error 0$' "$TMP/scrape.$i" || errors=$((errors + 1))
done
[ "$errors" -eq 0 ] && ok "10 scrapes during rewrites: every one clean" ||
	bad "$errors scrapes failed or saw a broken file"

kill "$ne_pid" 2>/dev/null
wait "$ne_pid" 2>/dev/null
ne_pid=
ok "node_exporter stopped"
[ $fail -eq 0 ] && echo "node_exporter publishes oomtool's metrics"
exit $fail
