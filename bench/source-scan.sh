#!/bin/sh
# Throughput of the text source against grep on a generated syslog.
# Usage: bench/source-scan.sh BUILD_DIR [SIZE_MIB]   (default 256). Needs cc.
set -eu
build=$(cd "${1:?usage: $0 BUILD_DIR [SIZE_MIB]}" && pwd)
mib=${2:-256}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# the source and the prefilter are internal: link the internal static library
cc -O2 -o "$tmp/scan" "$here/source-scan.c" -I"$here/../lib/include" -I"$here/../lib" \
   "$build/liboomtool_internal.a" -lz -lm -lpthread

# A mixed syslog: daemons, kernel lines with stamps, one OOM report every ~50k lines.
awk -v limit=$((mib * 1024 * 1024)) 'BEGIN {
	srand(1); size = 0; n = 0
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ")
	while (size < limit) {
		n++
		ts = sprintf("%s %2d %02d:%02d:%02d", mon[int(n / 900000) % 12 + 1], n / 40000 % 28 + 1, n / 3600 % 24, n / 60 % 60, n % 60)
		r = n % 7
		if (n % 50000 == 0)
			line = ts " web01 kernel: [" sprintf("%5d.%06d", n / 100, n % 1000000) "] Out of memory: Killed process " n " (java) total-vm:123456kB, anon-rss:4567kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:100kB oom_score_adj:0"
		else if (r == 0)
			line = ts " web01 kernel: [" sprintf("%5d.%06d", n / 100, n % 1000000) "] [UFW BLOCK] IN=eth0 OUT= MAC=f2:3c:91:e2:47:cc SRC=45.134.26.57 DST=72.14.187.238 LEN=40 PROTO=TCP SPT=" n
		else if (r == 1)
			line = ts " web01 CRON[" n "]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"
		else if (r == 2)
			line = ts " web01 systemd[1]: Started Session " n " of User www-data."
		else if (r == 3)
			line = ts " web01 sshd[" n "]: Connection closed by authenticating user root 10.0.0." n % 255 " port " n % 65535 " [preauth]"
		else if (r == 4)
			line = ts " web01 nginx[812]: 10.1.2.3 - - \"GET /api/v1/items?id=" n " HTTP/1.1\" 200 5123 \"-\" \"curl/7.88\""
		else if (r == 5)
			line = ts " web01 postfix/smtpd[" n "]: connect from unknown[192.0.2." n % 255 "]"
		else
			line = ts " web01 dockerd[977]: time=\"2024-01-01T00:00:00Z\" level=info msg=\"ignoring event\" module=libcontainerd namespace=moby"
		print line
		size += length(line) + 1
	}
}' > "$tmp/syslog"

size=$(stat -c %s "$tmp/syslog")
echo "file: $((size / 1048576)) MiB, $(wc -l < "$tmp/syslog") lines"
cat "$tmp/syslog" > /dev/null   # warm the page cache for every contender

# Best of 3 for each contender, by CPU time (user + system): on a shared machine the
# elapsed time mostly measures the neighbours. Output to a file, not /dev/null: grep
# would stop at the first match.
best() {
	b=
	for i in 1 2 3; do
		/usr/bin/time -f "%U %S" -o "$tmp/time" "$@" > "$tmp/out"
		t=$(awk '{ print $1 + $2 }' "$tmp/time")
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
	done
	echo "$b"
}
g=$(best grep -c 'Killed process' "$tmp/syslog")
on=$(best "$tmp/scan" "$tmp/syslog" on)
off=$(best "$tmp/scan" "$tmp/syslog" off)
mbs() { echo "$size / 1000000 / $1" | bc; }
echo "CPU seconds (user+sys), best of 3; MB/s = size / CPU time"
echo "grep -c 'Killed process': $(grep -c 'Killed process' "$tmp/syslog") lines, $g s, $(mbs "$g") MB/s"
echo "oomtool source, filter on ($("$tmp/scan" "$tmp/syslog" on | awk '{print $4}') records): $on s, $(mbs "$on") MB/s, $(echo "scale=2; $g / $on" | bc)x grep's speed"
echo "oomtool source, filter off: $off s, $(mbs "$off") MB/s"
/usr/bin/time -f "peak RSS (filter off): %M KiB" "$tmp/scan" "$tmp/syslog" off > /dev/null
