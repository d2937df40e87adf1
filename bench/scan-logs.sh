#!/bin/sh
# Benchmark: oomtool scan-logs against the tools an SRE would run, side by side in one run.
#
# Generates (in a temporary directory, removed at exit; or in $BENCH_DIR, kept and reused):
#   - a 256 MiB syslog of realistic daemon traffic with a few hundred OOM reports of three
#     kernel eras embedded (bench/gen-syslog.py), and its gzip (gzip -1);
#   - a 310k-entry journal of two boots (bench/gen-journal.py, converted by
#     systemd-journal-remote): kernel, systemd, daemons, 300 OOM reports, earlyoom and
#     systemd-oomd kills, systemd's unit results.
# Times, best of $RUNS runs (default 5) with a warm cache, interleaved so that the machine's
# load hits every command alike:
#   the three targets of issue 9, with their ratios:
#     journal: oomtool scan-logs -D DIR       vs journalctl -D DIR _TRANSPORT=kernel -g 'Killed process'
#              (and under taskset -c 0: on one CPU the journal is read in one piece, not in
#              two halves at once)
#     .gz:     oomtool scan-logs FILE.gz      vs igzip -dc FILE.gz > /dev/null
#     plain:   oomtool scan-logs FILE         vs rg -c 'Killed process' FILE, rg --no-mmap -c
#              (and under taskset -c 0: on one CPU no second thread shares the search),
#              and the floor under any reader that copies the page cache instead of mapping
#              it: bench/read-floor.c preads the file on two threads and does nothing else
#   and the rows kept from before: grep -c, grep -ci 'out of memory', scan-logs -J and the
#   table, zgrep -c.
# Prints wall seconds, CPU seconds (user+sys: on a shared machine the elapsed time mostly
# measures the neighbours), the ratios of both, each command's peak RSS, and whether oomtool
# and the reference found the same kills.
#
# With BASELINE=/path/to/an/older/oomtool, its rows for the three targets come too (before
# and after in one run). BENCH_DIR=DIR keeps the generated logs there for the next run.
#
# Usage: sh bench/scan-logs.sh [OOMTOOL] [SIZE_MIB] [JOURNAL_ENTRIES]
#        (default: ./build/oomtool, 256, 310000). Needs python3, cc; igzip (Debian: isal),
#        rg (ripgrep), systemd-journal-remote for their rows (skipped without them).
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
OOMTOOL=${1:-$HERE/build/oomtool}
SIZE_MIB=${2:-256}
ENTRIES=${3:-310000}
RUNS=${RUNS:-5}
DATA=$HERE/tests/data/cli
[ -x "$OOMTOOL" ] || { echo "bench: no oomtool binary at '$OOMTOOL' (build first)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: needs python3" >&2; exit 2; }

if [ -n "${BENCH_DIR:-}" ]; then
	TMP=$BENCH_DIR
	mkdir -p "$TMP"
else
	TMP=$(mktemp -d "${TMPDIR:-/var/tmp}/oomtool-bench.XXXXXX")
	trap 'rm -rf "$TMP"' EXIT INT TERM
fi
LOG=$TMP/syslog
JDIR=$TMP/journal

if [ ! -s "$LOG" ]; then
	echo "generating a ${SIZE_MIB} MiB syslog in $TMP ..."
	python3 "$HERE/bench/gen-syslog.py" "$LOG" "$SIZE_MIB" "$DATA"
	echo "compressing ..."
	gzip -1 -c "$LOG" >"$LOG.gz"
fi
REMOTE=
for p in /lib/systemd/systemd-journal-remote /usr/lib/systemd/systemd-journal-remote; do
	[ -x "$p" ] && REMOTE=$p
done
if [ -n "$REMOTE" ] && [ ! -d "$JDIR" ]; then
	echo "generating a ${ENTRIES}-entry journal of two boots ..."
	python3 "$HERE/bench/gen-journal.py" "$TMP/journal.export" "$ENTRIES" "$DATA"
	mkdir "$JDIR"
	"$REMOTE" -o "$JDIR/system.journal" "$TMP/journal.export" 2>/dev/null
	rm -f "$TMP/journal.export"
fi

${CC:-cc} -O2 -o "$TMP/measure" "$HERE/bench/measure.c"
${CC:-cc} -O2 -pthread -o "$TMP/read-floor" "$HERE/bench/read-floor.c"
export MEASURE_OUT="$TMP/measure.out"
have() { command -v "$1" >/dev/null; }

# the kills each side found, as sorted pid lists
kills_oomtool() { "$OOMTOOL" scan-logs -J "$@" 2>/dev/null | python3 -c '
import json, sys
for e in json.load(sys.stdin)["events"]:
    if e.get("killer") == "kernel" and e["victim"].get("pid") is not None:
        print(e["victim"]["pid"])' | sort -n; }
kills_grep() { grep -o 'Killed process [0-9]*' | awk '{ print $3 }' | sort -n; }
same() { # label file1 file2
	if cmp -s "$2" "$3"; then echo "$1: both found the same $(wc -l <"$2") kills"
	else echo "$1: the kills DIFFER (oomtool $(wc -l <"$2"), reference $(wc -l <"$3"))"; fi
}
echo "checking the kills found ..."
{
	kills_oomtool "$LOG" >"$TMP/k.oomtool"
	grep 'Killed process' "$LOG" | kills_grep >"$TMP/k.grep"
	same "plain" "$TMP/k.oomtool" "$TMP/k.grep"
	kills_oomtool "$LOG.gz" >"$TMP/k.oomtool"
	same ".gz" "$TMP/k.oomtool" "$TMP/k.grep"
	if [ -d "$JDIR" ]; then
		kills_oomtool -D "$JDIR" >"$TMP/k.oomtool"
		journalctl -D "$JDIR" _TRANSPORT=kernel -g 'Killed process' -o cat | kills_grep >"$TMP/k.journalctl"
		same "journal" "$TMP/k.oomtool" "$TMP/k.journalctl"
	fi
} >"$TMP/kills"

echo "timing (best of $RUNS, interleaved) ..."
: >"$TMP/results"
for round in $(seq "$RUNS"); do
	m() { "$TMP/measure" 1 "$@" >>"$TMP/results"; }
	if [ -d "$JDIR" ]; then
		m "journalctl -D _TRANSPORT=kernel -g" journalctl -D "$JDIR" _TRANSPORT=kernel -g 'Killed process'
		m "oomtool scan-logs -D (journal)" "$OOMTOOL" scan-logs -D "$JDIR"
		# on one CPU the journal is read in one piece (lib/scan/journal-halves.c)
		have taskset && m "scan-logs -D on one CPU (journal)" taskset -c 0 "$OOMTOOL" scan-logs -D "$JDIR"
		[ -z "${BASELINE:-}" ] || m "before: scan-logs -D (journal)" "$BASELINE" scan-logs -D "$JDIR"
	fi
	have igzip && m "igzip -dc (.gz)" sh -c 'exec igzip -dc "$1" >/dev/null' sh "$LOG.gz"
	m "oomtool scan-logs (.gz)" "$OOMTOOL" scan-logs "$LOG.gz"
	[ -z "${BASELINE:-}" ] || m "before: scan-logs (.gz)" "$BASELINE" scan-logs "$LOG.gz"
	m "zgrep -c 'Killed process' (.gz)" zgrep -c 'Killed process' "$LOG.gz"
	m "oomtool scan-logs -J (.gz)" "$OOMTOOL" scan-logs -J "$LOG.gz"
	if have rg; then
		m "rg -c 'Killed process'" rg -c 'Killed process' "$LOG"
		m "rg --no-mmap -c 'Killed process'" rg --no-mmap -c 'Killed process' "$LOG"
	fi
	m "oomtool scan-logs (table)" "$OOMTOOL" scan-logs "$LOG"
	# what the copy alone costs a reader that does not map the file (bench/read-floor.c)
	m "pread only, 2 threads (no search)" "$TMP/read-floor" "$LOG" 2
	# on one CPU the reader searches the whole file itself (lib/source/scout.c)
	have taskset && m "scan-logs on one CPU (table)" taskset -c 0 "$OOMTOOL" scan-logs "$LOG"
	[ -z "${BASELINE:-}" ] || m "before: scan-logs (table)" "$BASELINE" scan-logs "$LOG"
	m "oomtool scan-logs -J" "$OOMTOOL" scan-logs -J "$LOG"
	m "grep -c 'Killed process'" grep -c 'Killed process' "$LOG"
	m "grep -ci 'out of memory'" grep -ci 'out of memory' "$LOG"
done

python3 - "$TMP/results" "$TMP/kills" <<'EOF'
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

def row(name, ref=None):
    w, c, r = best[name]
    if ref in best:
        rw, rc, _ = best[ref]
        return f"{name:38} {w:7.3f} {c:7.3f} {w / rw:6.2f}x {c / rc:6.2f}x {r / 1024:8.1f}M"
    return f"{name:38} {w:7.3f} {c:7.3f} {'':7} {'':7} {r / 1024:8.1f}M"

print(f"{'command':38} {'wall s':>7} {'cpu s':>7} {'wall':>7} {'cpu':>7} {'peak RSS':>9}")
print("-- the targets (ratio to the reference row above it) --")
targets = [("journalctl -D _TRANSPORT=kernel -g", "oomtool scan-logs -D (journal)", "<= 1.0x"),
           ("igzip -dc (.gz)", "oomtool scan-logs (.gz)", "<= 1.25x, <= 4 MiB"),
           ("rg -c 'Killed process'", "oomtool scan-logs (table)", "<= 1.0x, <= 4 MiB")]
for ref, ours, goal in targets:
    if ref in best and ours in best:
        print(row(ref))
        print(row(ours, ref) + f"   target {goal}")
        before = "before: " + ours.split(" ", 1)[1]
        if before in best:
            print(row(before, ref))
        one_cpu = "scan-logs -D on one CPU (journal)"
        if ours.endswith("(journal)") and one_cpu in best:
            print(row(one_cpu, ref) + "   taskset -c 0: the journal in one piece")
        one_cpu = "scan-logs on one CPU (table)"
        if ours.endswith("(table)") and one_cpu in best:
            print(row(one_cpu, ref) + "   taskset -c 0: no scout thread")
if "rg --no-mmap -c 'Killed process'" in best:
    print(row("rg --no-mmap -c 'Killed process'"))
    print(row("oomtool scan-logs (table)", "rg --no-mmap -c 'Killed process'") + "   vs rg --no-mmap")
floor = "pread only, 2 threads (no search)"
if floor in best and "rg -c 'Killed process'" in best:
    print(row(floor, "rg -c 'Killed process'") + "   the copy alone, vs rg -c")
print("-- the other rows (ratio to grep -c; .gz rows to zgrep -c) --")
for name in order:
    if name.startswith(("journalctl", "igzip", "rg ", "before", "pread")) or \
            "on one CPU" in name or name.endswith("(journal)"):
        continue
    ref = "zgrep -c 'Killed process' (.gz)" if ".gz" in name else "grep -c 'Killed process'"
    print(row(name, ref if name != ref else None))
print(open(sys.argv[2]).read(), end="")
EOF
