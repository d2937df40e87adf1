#!/bin/sh
# Benchmark: what `oomtool metrics` costs per run, the first one against the runs after it.
#
# A sysroot (under $TMPDIR, else /var/tmp; removed at exit; or $BENCH_DIR, kept) holds:
#   - var/log/journal: the 310k-entry two-boot journal of bench/gen-journal.py (converted by
#     systemd-journal-remote): kernel, systemd, daemons, 300 OOM reports, userspace kills;
#   - var/log/syslog: 256 MiB of daemon traffic with a few hundred OOM reports
#     (bench/gen-syslog.py);
#   - proc, sys/fs/cgroup and dev/kmsg: links to this host's, so that the counters, the
#     cgroups and the ring buffer are real;
#   - var/lib/oomtool/metrics.state: the state the runs keep.
# Measures (bench/measure.c: best wall and CPU time of RUNS runs, peak RSS):
#   first      a run without a state: every log read whole (the first run on a host)
#   quiet      a run after another with nothing new in the logs
#   appended   a run after 2000 new syslog lines with one OOM report among them
#   journal    a run after 2000 new journal entries with one OOM report (appended to the
#              active journal file by systemd-journal-remote)
# and checks that the incremental runs count what the first run of the grown logs counts.
# Targets (issue 14): a run after the first <= 50 ms and <= 4 MiB RSS.
#
# Usage: sh bench/metrics.sh [OOMTOOL] [SIZE_MIB] [JOURNAL_ENTRIES]
#        (default: ./build/oomtool, 256, 310000). Needs python3, cc, systemd-journal-remote.
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
OOMTOOL=${1:-$HERE/build/oomtool}
SIZE_MIB=${2:-256}
ENTRIES=${3:-310000}
RUNS=${RUNS:-5}
DATA=$HERE/tests/data/cli
[ -x "$OOMTOOL" ] || { echo "bench: no oomtool binary at '$OOMTOOL' (build first)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: needs python3" >&2; exit 2; }
REMOTE=
for p in /lib/systemd/systemd-journal-remote /usr/lib/systemd/systemd-journal-remote; do
	[ -x "$p" ] && REMOTE=$p
done
[ -n "$REMOTE" ] || { echo "bench: needs systemd-journal-remote" >&2; exit 2; }

if [ -n "${BENCH_DIR:-}" ]; then
	TMP=$BENCH_DIR
	mkdir -p "$TMP"
else
	TMP=$(mktemp -d "${TMPDIR:-/var/tmp}/oomtool-bench-metrics.XXXXXX")
	trap 'rm -rf "$TMP"' EXIT INT TERM
fi
ROOT=$TMP/root
LOG=$ROOT/var/log/syslog
mkdir -p "$ROOT/var/log/journal" "$ROOT/sys/fs" "$ROOT/dev" "$ROOT/var/lib/oomtool"
[ -e "$ROOT/proc" ] || ln -s /proc "$ROOT/proc"
[ -e "$ROOT/sys/fs/cgroup" ] || ln -s /sys/fs/cgroup "$ROOT/sys/fs/cgroup"
[ -e "$ROOT/dev/kmsg" ] || ln -s /dev/kmsg "$ROOT/dev/kmsg"
if [ ! -s "$TMP/syslog.orig" ]; then
	echo "generating a ${SIZE_MIB} MiB syslog ..."
	python3 "$HERE/bench/gen-syslog.py" "$TMP/syslog.orig" "$SIZE_MIB" "$DATA"
fi
if [ ! -s "$ROOT/var/log/journal/system.journal" ]; then
	echo "generating a ${ENTRIES}-entry journal of two boots ..."
	python3 "$HERE/bench/gen-journal.py" "$TMP/journal.export" "$ENTRIES" "$DATA"
	"$REMOTE" -o "$ROOT/var/log/journal/system.journal" "$TMP/journal.export" 2>/dev/null
	rm -f "$TMP/journal.export" "$TMP/journal.export.kills"
fi
cp "$TMP/syslog.orig" "$LOG"

# 2000 new lines: daemon traffic, one OOM report (a new pid), stamped now
append() {
	python3 - "$LOG" "$DATA/scan-logs-memcg.dmesg" "$1" <<'EOF'
import re, sys, time
log, tmpl, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
stamp = time.strftime("%b %e %H:%M:%S")
lines = [f"{stamp} web7 sshd[{4000 + i}]: pam_unix(sshd:session): session closed for user deploy"
         for i in range(2000 - 81)]
rep = []
for l in open(tmpl):
    m = re.match(r"\[\s*([0-9.]+)\]\s?(.*)$", l.rstrip("\n"))
    if m:
        msg = m.group(2).replace("8895", str(20000 + n))
        rep.append(f"{stamp} web7 kernel: [{float(m.group(1)) + 10 * n:12.6f}] {msg}")
with open(log, "a") as f:
    f.write("\n".join(lines[:1000] + rep + lines[1000:]) + "\n")
EOF
}

# 2000 new journal entries in the active file: one kernel OOM report among daemon lines
append_journal() {
	python3 - "$TMP/new.export" "$DATA/scan-logs-memcg.dmesg" "$1" <<'EOF'
import re, sys, time
out, tmpl, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
now = int(time.time() * 1e6)
boot = "86b9699a2cb24c95b70ee65f3322b340"
rep = []
for l in open(tmpl):
    m = re.match(r"\[\s*([0-9.]+)\]\s?(.*)$", l.rstrip("\n"))
    if m:
        rep.append(m.group(2).replace("8895", str(30000 + n)))
with open(out, "w") as f:
    for i in range(2000):
        t = now - 2000 + i
        f.write(f"__REALTIME_TIMESTAMP={t}\n__MONOTONIC_TIMESTAMP={t % 10**10}\n"
                f"_BOOT_ID={boot}\n_HOSTNAME=web7\n")
        if 1000 <= i < 1000 + len(rep):
            f.write(f"_TRANSPORT=kernel\nSYSLOG_IDENTIFIER=kernel\nPRIORITY=4\n"
                    f"MESSAGE={rep[i - 1000]}\n\n")
        else:
            f.write(f"_TRANSPORT=syslog\nSYSLOG_IDENTIFIER=sshd\nPRIORITY=6\n_PID={4000 + i}\n"
                    f"MESSAGE=pam_unix(sshd:session): session closed for user deploy\n\n")
EOF
	"$REMOTE" -o "$ROOT/var/log/journal/system.journal" "$TMP/new.export" 2>/dev/null
	rm -f "$TMP/new.export"
}

${CC:-cc} -O2 -o "$TMP/measure" "$HERE/bench/measure.c"
export MEASURE_OUT="$TMP/measure.out"
STATE=$ROOT/var/lib/oomtool/metrics.state
run() { "$OOMTOOL" metrics --sysroot "$ROOT" --watch-state "" -q "$@"; }
kills() { run "$@" | awk '/^oomtool_oom_kills_total/ { n += $2 } END { print n + 0 }'; }

: >"$TMP/results"
echo "timing (best of $RUNS) ..."
for round in $(seq "$RUNS"); do
	rm -f "$STATE"
	"$TMP/measure" 1 "first (no state: every log whole)" "$OOMTOOL" metrics --sysroot "$ROOT" \
		--watch-state "" -q >>"$TMP/results"
	"$TMP/measure" 1 "quiet (nothing new)" "$OOMTOOL" metrics --sysroot "$ROOT" \
		--watch-state "" -q >>"$TMP/results"
	append "$round"
	"$TMP/measure" 1 "appended (2000 lines, 1 kill)" "$OOMTOOL" metrics --sysroot "$ROOT" \
		--watch-state "" -q >>"$TMP/results"
	append_journal "$round"
	"$TMP/measure" 1 "journal (2000 entries, 1 kill)" "$OOMTOOL" metrics --sysroot "$ROOT" \
		--watch-state "" -q >>"$TMP/results"
done
incremental=$(kills)
rm -f "$STATE"
whole=$(kills)
cp "$TMP/syslog.orig" "$LOG"

python3 - "$TMP/results" <<'EOF'
import sys
best = {}
order = []
for line in open(sys.argv[1]):
    name, wall, cpu, rss = line.rstrip("\n").split("\t")
    if name not in best:
        order.append(name)
        best[name] = [float(wall), float(cpu), int(rss)]
    else:
        b = best[name]
        b[0], b[1], b[2] = min(b[0], float(wall)), min(b[1], float(cpu)), max(b[2], int(rss))
print(f"{'oomtool metrics':36} {'wall ms':>8} {'cpu ms':>8} {'peak RSS':>9}")
for name in order:
    w, c, r = best[name]
    goal = ""
    if not name.startswith("first"):
        met = w <= 0.050 and r <= 4096
        goal = f"   target <= 50 ms, <= 4 MiB: {'met' if met else 'MISSED'}"
    print(f"{name:36} {w * 1000:8.1f} {c * 1000:8.1f} {r / 1024:8.2f}M{goal}")
EOF
echo "this boot's kills counted: incremental runs $incremental, one whole run $whole"
[ "$incremental" = "$whole" ] || { echo "bench: the incremental runs counted differently" >&2; exit 1; }
