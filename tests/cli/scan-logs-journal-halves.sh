#!/bin/sh
# A journal of two boots big enough to be read in two halves at once (lib/scan/
# journal-halves.c): the scan on two CPUs says exactly what it says on one (taskset: the
# journal read in one piece), every incident, duplicate and count alike, and finds every
# kill the generator wrote. Made by bench/gen-journal.py and systemd-journal-remote; skips
# without them, without two CPUs or without taskset. The peak RSS stays under what each
# half read at once may keep of the journal's pages (journal-source.c: a thirty-second of
# MemAvailable, 16 to 64 MiB; test-source-journal checks the trims themselves), and 12 MiB
# more for the pages of the entries read ahead (untrimmed: 67 and 82 MiB).
set -u
OOMTOOL=$1
SRC=$2
JR=/lib/systemd/systemd-journal-remote
[ -x "$JR" ] || JR=/usr/lib/systemd/systemd-journal-remote
[ -x "$JR" ] || { echo "skip: no systemd-journal-remote"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
command -v taskset >/dev/null 2>&1 || { echo "skip: no taskset"; exit 77; }
[ "$(taskset -c 0,1 nproc 2>/dev/null)" = 2 ] || { echo "skip: needs two CPUs"; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-halves.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
ok() { echo "ok - $1"; }
bad() { echo "FAIL - $1"; fail=1; }

# 120000 entries, 60000 per boot: each half above the 20000 a thread is worth
python3 "$SRC/bench/gen-journal.py" "$TMP/export" 120000 "$SRC/tests/data/cli" >/dev/null || exit 1
mkdir "$TMP/j"
"$JR" -o "$TMP/j/system.journal" "$TMP/export" 2>/dev/null || { echo "skip: journal-remote failed"; exit 77; }
rm -f "$TMP/export"

taskset -c 0,1 "$OOMTOOL" scan-logs -J -D "$TMP/j" >"$TMP/two.json" 2>"$TMP/two.err"
rc2=$?
taskset -c 0 "$OOMTOOL" scan-logs -J -D "$TMP/j" >"$TMP/one.json" 2>"$TMP/one.err"
rc1=$?
[ "$rc2" -eq 0 ] && [ "$rc1" -eq 0 ] && ok "both runs found incidents" || bad "exit codes $rc2 and $rc1"
if cmp -s "$TMP/two.json" "$TMP/one.json"; then
	ok "two CPUs: the same JSON as one, byte for byte"
else
	bad "two CPUs and one differ"
	diff "$TMP/one.json" "$TMP/two.json" | head -20 | sed 's/^/    | /'
fi
python3 - "$TMP/two.json" "$TMP/export.kills" <<'PY' && ok "every kill the generator wrote" || bad "kills differ"
import json, sys
d = json.load(open(sys.argv[1]))
found = sorted(e["victim"]["pid"] for e in d["events"]
               if e.get("killer") == "kernel" and e["victim"].get("pid") is not None)
want = sorted(int(l) for l in open(sys.argv[2]))
if found != want:
    print("    | found %d kills, the generator wrote %d" % (len(found), len(want)))
    sys.exit(1)
print("    | %d kills; %d incidents in the journal" % (len(found), d["sources"][0]["events"]))
PY
# the journal's pages that stay mapped: the budget per half read at once and 12 MiB for
# what it read ahead, and 16 MiB for the program itself (its libraries, buffers and thread
# stacks; 40 under AddressSanitizer, whose shadow memory and quarantine count too)
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
budget=$(( ${avail:-0} / 32 ))
[ "$budget" -ge 16 ] || budget=16
[ "$budget" -le 64 ] || budget=64
base=16
if command -v ldd >/dev/null 2>&1 && ldd "$OOMTOOL" 2>/dev/null | grep -q libasan; then
	base=40
fi
if [ -x /usr/bin/time ]; then
	for cpus in 0:1 0,1:2; do
		/usr/bin/time -f '%M' -o "$TMP/time" taskset -c "${cpus%:*}" "$OOMTOOL" scan-logs -D "$TMP/j" >/dev/null 2>&1
		kib=$(tail -n 1 "$TMP/time")
		max=$(( (${cpus#*:} * (budget + 12) + base) * 1024 ))
		if [ "$kib" -lt "$max" ]; then
			ok "CPUs ${cpus%:*}: peak RSS $((kib / 1024)) MiB, under $((max / 1024))"
		else
			bad "CPUs ${cpus%:*}: peak RSS $((kib / 1024)) MiB, not under $((max / 1024))"
		fi
	done
else
	echo "# no /usr/bin/time: the peak RSS not checked"
fi
# that the halves were read at once: a second thread, only where two CPUs are allowed
if command -v strace >/dev/null 2>&1; then
	strace -f -qq -e trace=clone,clone3 -o "$TMP/trace" taskset -c 0,1 "$OOMTOOL" scan-logs -D "$TMP/j" >/dev/null 2>&1
	grep -q "CLONE_THREAD" "$TMP/trace" && ok "two CPUs: a second thread reads" || bad "no thread on two CPUs"
	strace -f -qq -e trace=clone,clone3 -o "$TMP/trace" taskset -c 0 "$OOMTOOL" scan-logs -D "$TMP/j" >/dev/null 2>&1
	grep -q "CLONE_THREAD" "$TMP/trace" && bad "a thread on one CPU" || ok "one CPU: one thread"
else
	echo "# no strace: the thread itself not checked"
fi
# Short of descriptors (each half's handle holds one per journal file): every limit gives
# all the incidents or says what failed, never fewer incidents as if that were all. Under
# a limit the halves do not fit in, the journal is read in one piece.
if command -v prlimit >/dev/null 2>&1; then
	all=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["events"]))' "$TMP/two.json")
	pieces=""
	for n in 6 7 8 9 10 11 12 13 14 16 20 24 32 0:6 0:7 0:8 0:9; do
		cpus=0,1
		case $n in 0:*) cpus=0; n=${n#0:} ;; esac
		prlimit --nofile=$n taskset -c $cpus "$OOMTOOL" scan-logs -J -D "$TMP/j" >"$TMP/fd.json" 2>"$TMP/fd.err"
		rc=$?
		got=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1])); s = d["sources"][0]
print(s["status"], len(d["events"]))' "$TMP/fd.json" 2>/dev/null) || got="nojson -"
		case "$rc:$got" in
		0:"ok $all") [ $cpus = 0 ] || pieces="$pieces $n" ;;
		[03]:partial*|[3]:failed*)
			grep -q "open-file limit" "$TMP/fd.err" || bad "ulimit -n $n: $got without the advice" ;;
		*) bad "ulimit -n $n, CPUs $cpus: exit $rc, $got of $all"; sed 's/^/    | /' "$TMP/fd.err" | head -3 ;;
		esac
	done
	[ -n "$pieces" ] && ok "short of descriptors: all $all incidents or an error (whole at$pieces)" ||
		bad "no descriptor limit read the journal whole"
else
	echo "# no prlimit: descriptor limits not tried"
fi
exit $fail
