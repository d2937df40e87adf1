#!/bin/sh
# oomtool scan-logs from the command line: options, exit codes, output shapes, inputs
# (files, stdin, gzip, journal directory), filters, de-duplication, bad input.
# Usage: sh scan-logs.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1
SRC=$2
DATA=$SRC/tests/data/cli
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-cli-scan.XXXXXX") || exit 1
. "$SRC/tests/lib/run-as.sh"
trap 'rm -rf "$TMP"; run_as_cleanup' EXIT INT TERM
export TZ=UTC LC_ALL=C
unset NO_COLOR

fails=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else fail "$desc"; fi; }

# run ARGS...: sets rc, out ($TMP/out) and err ($TMP/err)
run() {
	"$OOMTOOL" scan-logs "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}
rc_is() { [ "$rc" -eq "$1" ] || { echo "  exit $rc, expected $1"; sed 's/^/  stderr: /' "$TMP/err"; return 1; }; }
out_has() { grep -q -- "$1" "$TMP/out" || { echo "  stdout lacks '$1'"; return 1; }; }
err_has() { grep -q -- "$1" "$TMP/err" || { echo "  stderr lacks '$1'"; sed 's/^/  stderr: /' "$TMP/err"; return 1; }; }
err_lacks() { ! grep -q -- "$1" "$TMP/err" || { echo "  stderr has '$1'"; sed 's/^/  stderr: /' "$TMP/err"; return 1; }; }
out_is() { [ "$(cat "$TMP/out")" = "$1" ] || { echo "  stdout: $(cat "$TMP/out") expected: $1"; return 1; }; }
lines_are() { [ "$(wc -l <"$TMP/out")" -eq "$1" ] || { echo "  $(wc -l <"$TMP/out") lines, expected $1"; return 1; }; }
# json EXPR: python expression over d (the parsed -J output) that must be true
json() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
ok=eval(sys.argv[2])
if not ok: print("  json check failed:", sys.argv[2]); print("  ", json.dumps(d)[:600])
sys.exit(0 if ok else 1)' "$TMP/out" "$1"
}
pids() { python3 -c 'import json,sys; print(" ".join(str(e["victim"]["pid"]) for e in json.load(open(sys.argv[1]))["events"]))' "$TMP/out"; }

# ---- help, version, usage errors
run --help
check "--help exits 0" rc_is 0
check "--help lists options" out_has "--since"
check "--help lists columns" out_has "TRIGGER"
check "--help lists exit codes" out_has "Exit status"
run -h
check "-h exits 0" rc_is 0
run --version
check "--version exits 0" rc_is 0
check "--version names oomtool" out_has "^oomtool "
run --list-columns
check "--list-columns lists optional columns" out_has "SHMEM_RSS"
for bad in "--bogus" "-x" "-o NOPE" "--since not-a-time" "--until" "-f $DATA/scan-logs-none.log" \
	"--since 2026-11-22 --until 2026-11-21 $DATA/scan-logs-none.log" "--host="; do
	# shellcheck disable=SC2086
	run $bad
	check "usage error for '$bad' exits 2" rc_is 2
	check "usage error for '$bad' says Try" err_has "^Try 'oomtool scan-logs --help'"
done

# ---- nothing found
run "$DATA/scan-logs-none.log"
check "log without incidents exits 1" rc_is 1
check "log without incidents prints nothing" out_is ""
run -J "$DATA/scan-logs-none.log"
check "-J without incidents exits 1" rc_is 1
check "-J without incidents is an empty events array" json 'd["events"] == [] and d["sources"][0]["status"] == "ok"'

# ---- one memcg incident: table, raw, noheadings, columns, bytes, JSON
M=$DATA/scan-logs-memcg.dmesg
run "$M"
check "incident found exits 0" rc_is 0
check "table has a header" out_has "^TIME *HOST *KILLER *SCOPE *VICTIM *PID *RSS *CGROUP *TRIGGER"
check "table names the victim" out_has "python3 *8895"
check "table shows the scope and cgroup" out_has "memcg.*/oomprobe-single"
check "table: header + 1 line" lines_are 2
check "no color when not a terminal" sh -c "! grep -q \"$(printf '\033')\" '$TMP/out'"
run -n "$M"
check "-n drops the header" lines_are 1
run -r -n -o VICTIM,PID,SCOPE,CGROUP "$M"
check "-r -o prints the chosen columns raw" out_is "python3 8895 memcg /oomprobe-single"
run -r -n -o RSS -b "$M"
check "-b prints RSS in bytes (anon+file+shmem)" out_is "73375744"
run -r -n -o RSS "$M"
check "RSS human size" out_is "70M"
run -o +ID,SOURCE,COMPLETE "$M"
check "+LIST appends columns" out_has "TRIGGER *ID *SOURCE *COMPLETE"
run -J "$M"
check "-J exits 0" rc_is 0
check "-J is valid JSON with one event" json 'len(d["events"]) == 1'
check "-J event fields" json 'd["events"][0]["victim"]["pid"] == 8895 and d["events"][0]["scope"] == "memcg"'
check "-J sources array" json 'd["sources"][0]["name"].endswith("scan-logs-memcg.dmesg") and d["sources"][0]["events"] == 1 and d["sources"][0]["type"] == "file"'
run -v "$M"
check "-v adds the memcg usage and limit" out_has "memory: usage 64M, limit 64M"
check "-v adds the largest tasks" out_has "python3 *rss"

# ---- global incidents (two), newest last, -v Mem-Info
run -J "$DATA/scan-logs-global.dmesg"
check "two global incidents" json '[e["victim"]["pid"] for e in d["events"]] == [9345, 9999]'
check "global scope" json 'all(e["scope"] == "global" for e in d["events"])'
run -v "$DATA/scan-logs-global.dmesg"
check "-v global shows the Mem-Info summary" out_has "memory: RAM 16G, free 182M"
check "-v global says there was no swap" out_has "swap: none"

# ---- many incidents: the table goes out in chunks that line up, memory stays flat
python3 -c '
import sys
for i in range(1200):
    # widths grow from chunk to chunk: pids 1..1437602, names 1..12 characters
    sys.stdout.write("[%12.6f] Out of memory: Killed process %d (%s) total-vm:1000kB, anon-rss:500kB, "
                     "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0\n"
                     % (1000 + i * 3.0, 1 + i * i, "w" * (1 + i // 100)))
' >"$TMP/many.dmesg"
run "$TMP/many.dmesg"
check "1200 incidents: header + 1200 lines" lines_are 1201
check "chunks line up (every RSS ends in the same column)" sh -c "[ \$(awk '{ print index(\$0, \$7) + length(\$7) }' '$TMP/out' | sort -u | wc -l) -eq 1 ]"
run -v -n "$TMP/many.dmesg"
check "-v with many incidents: one line each" lines_are 1200

# ---- a 2.6.32 (RHEL6) report in RFC 3164 syslog: another era, another transport
run -J "$DATA/scan-logs-rhel6-global.log"
check "RHEL6 syslog: the sacrificed java process" json '[e["victim"]["pid"] for e in d["events"]] == [31995]'
check "RHEL6 syslog: global, host from syslog" json 'd["events"][0]["scope"] == "global" and d["events"][0]["host"] == "localhost"'

# ---- stdin and gzip
"$OOMTOOL" scan-logs -r -n -o PID - <"$M" >"$TMP/out" 2>"$TMP/err"; rc=$?
check "stdin '-' exits 0" rc_is 0
check "stdin '-' finds the incident" out_is "8895"
gzip -c "$M" >"$TMP/memcg.gz"
run -r -n -o PID "$TMP/memcg.gz"
check ".gz is read transparently" out_is "8895"
gzip -c "$M" >"$TMP/noname"
run -r -n -o PID "$TMP/noname"
check "gzip detected by content, not name" out_is "8895"

# ---- unreadable input
run "$TMP/does-not-exist"
check "missing file alone exits 3" rc_is 3
check "missing file is named" err_has "cannot read '$TMP/does-not-exist': No such file"
run -r -n -o PID "$TMP/does-not-exist" "$M"
check "missing file next to a good one: still exits 0" rc_is 0
check "missing file next to a good one: still named" err_has "does-not-exist"
check "missing file next to a good one: good one read" out_is "8895"
run "$TMP"
check "a directory as input exits 3" rc_is 3

# ---- garbage, binary, huge lines: no crash, the incident after them still found
head -c 300000 /dev/urandom >"$TMP/garbage"
run "$TMP/garbage"
check "binary garbage: clean exit 1" rc_is 1
python3 -c 'import sys; sys.stdout.write("A" * (1 << 20) + "\n")' >"$TMP/longline"
cat "$M" >>"$TMP/longline"
run -r -n -o PID "$TMP/longline"
check "1 MB line: exit 0" rc_is 0
check "1 MB line: incident after it found" out_is "8895"
python3 -c 'import sys; sys.stdout.write("[    1.000000] Out of memory: Killed process 5 (x) total-vm:1kB, anon-rss:1kB " + "A" * (1 << 20) + "\n")' >"$TMP/longkill"
run -r -n -o PID "$TMP/longkill"
check "1 MB kill line: the kill is still found" out_is "5"
check "1 MB kill line: the cut is counted on stderr" err_has "'$TMP/longkill': 1 over-long line was cut"
run -J "$TMP/longkill"
check "1 MB kill line: counted in JSON sources" json 'd["sources"][0]["lines_truncated"] == 1'
{ head -c 100000 /dev/urandom; printf '\n'; cat "$M"; } >"$TMP/mixed"
run -r -n -o PID "$TMP/mixed"
check "binary then log: no crash" sh -c "[ $rc -le 1 ]"
printf '[ 1158.579724] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_s' >"$TMP/cut"
run -J "$TMP/cut"
check "report cut mid-line: no crash, valid JSON" json 'isinstance(d["events"], list)'

# ---- --since / --until (fixture: web1 on 2026-11-20 10:00Z, db1 on 2026-11-21 10:00Z)
H=$DATA/scan-logs-multihost.log
run -J "$H"
check "multi-host log: both incidents, oldest first" sh -c "[ \"$(pids)\" = '8895 10375' ]"
run -J --since "2026-11-21" "$H"
check "--since keeps the later incident" sh -c "[ \"$(pids)\" = '10375' ]"
run -J --until "2026-11-20 23:00" "$H"
check "--until keeps the earlier incident" sh -c "[ \"$(pids)\" = '8895' ]"
run -J --since "2026-11-20 09:00" --until "2026-11-21 11:00" "$H"
check "--since and --until together" sh -c "[ \"$(pids)\" = '8895 10375' ]"
run --since "2026-11-22" "$H"
check "--since after every incident exits 1" rc_is 1
run --since "2026-11-22" "$M"
check "unknown time (dmesg) is kept with --since" rc_is 0
check "and a note says so" err_has "without a wall-clock time kept"

# ---- --host
run -J --host web1 "$H"
check "--host short name matches the FQDN" sh -c "[ \"$(pids)\" = '8895' ]"
run -J --host DB1.example.com "$H"
check "--host FQDN matches the short name, any case" sh -c "[ \"$(pids)\" = '10375' ]"
run --host web1.example.org "$H"
check "--host with another domain matches nothing" rc_is 1
# a dmesg -T log: a wall clock, no host
T=$SRC/tests/data/008-harvester-kvm-memcg-dmesgT-elided.log
run --host web1 --since 2024-01-01 "$T"
check "--host on a log without hosts keeps the incident" rc_is 0
check "... and says so" err_has "1 incident from logs that name no host kept despite --host"
run --host web1 --since 2025-01-01 "$T"
check "an incident dropped by --since is not counted as kept despite --host" rc_is 1
check "... no note for it" err_lacks "despite"

# ---- the same incident in two logs of one host is reported once
# (RFC 3164 has no year: the file's mtime gives it, so pin it to the fixture's year)
KERN=$TMP/kern.log
cp "$DATA/scan-logs-kern.log" "$KERN"
touch -d "2026-11-21 00:00:00" "$KERN"
run -J "$M" "$KERN"
check "duplicate across dmesg and kern.log: one event" json 'len(d["events"]) == 1 and d["events"][0]["victim"]["pid"] == 8895'
check "both sources listed with their own count" json '[s["events"] for s in d["sources"]] == [1, 1]'
check "the merged event has the host from kern.log" json 'd["events"][0]["host"] == "web1"'
run -J "$M" "$M"
check "the same file twice: one event" json 'len(d["events"]) == 1'

# ---- -D: a journal directory built from an export stream
JR=/lib/systemd/systemd-journal-remote
[ -x "$JR" ] || JR=/usr/lib/systemd/systemd-journal-remote
if [ -x "$JR" ]; then
	mkdir "$TMP/journal"
	python3 - "$M" >"$TMP/export" <<'EOF'
import re, sys
boot = "0123456789abcdef0123456789abcdef"
# boot time such that the kill lands at 2026-11-20T10:00:00Z, as in scan-logs-kern.log
base = 1795168800 * 1000000 - 1158580823
for line in open(sys.argv[1]):
    m = re.match(r"\[\s*([0-9.]+)\]\s?(.*)$", line.rstrip("\n"))
    up = int(round(float(m.group(1)) * 1e6))
    for k, v in (("__REALTIME_TIMESTAMP", base + up), ("__MONOTONIC_TIMESTAMP", up),
                 ("_BOOT_ID", boot), ("_TRANSPORT", "kernel"), ("SYSLOG_IDENTIFIER", "kernel"),
                 ("PRIORITY", 4), ("SYSLOG_FACILITY", 0), ("_HOSTNAME", "web1"),
                 ("_SOURCE_MONOTONIC_TIMESTAMP", up), ("MESSAGE", m.group(2))):
        print("%s=%s" % (k, v))
    print()
EOF
	"$JR" -o "$TMP/journal/remote.journal" - <"$TMP/export" 2>/dev/null
	run -J -D "$TMP/journal"
	check "-D reads a journal directory" rc_is 0
	check "-D: the incident, with host and boot" json 'len(d["events"]) == 1 and d["events"][0]["victim"]["pid"] == 8895 and d["events"][0]["host"] == "web1"'
	check "-D: source type journal" json 'd["sources"][0]["type"] == "journal"'
	run -J -D "$TMP/journal" "$KERN"
	check "journal and kern.log of the same kill: one event" json 'len(d["events"]) == 1'
	run -D "$TMP/nonexistent-journal"
	check "-D on a missing directory exits 3" rc_is 3
else
	echo "# systemd-journal-remote missing: -D tests skipped"
fi

# ---- color: only on a terminal, never with NO_COLOR (script(1) gives us a terminal)
if command -v script >/dev/null 2>&1; then
	script -qec "'$OOMTOOL' scan-logs '$M'" /dev/null >"$TMP/tty" 2>&1
	check "bold victim on a terminal" grep -q "$(printf '\033')" "$TMP/tty"
	NO_COLOR=1 script -qec "'$OOMTOOL' scan-logs '$M'" /dev/null >"$TMP/tty" 2>&1
	check "NO_COLOR respected on a terminal" sh -c "! grep -q \"$(printf '\033')\" '$TMP/tty'"
	check "NO_COLOR output still has the incident" grep -q "python3" "$TMP/tty"
fi

# ---- host mode under --sysroot (no journal, no kmsg: the files of var/log)
mkdir -p "$TMP/root/var/log" "$TMP/root/dev"
cp -p "$KERN" "$TMP/root/var/log/kern.log"
gzip -c "$DATA/scan-logs-multihost.log" >"$TMP/root/var/log/syslog.2.gz"
run -J --sysroot "$TMP/root"
check "--sysroot: this host's logs under DIR" rc_is 0
check "--sysroot: kern.log and rotated syslog.2.gz read, duplicate folded" json 'sorted(e["victim"]["pid"] for e in d["events"]) == [8895, 10375]'
run --sysroot "$TMP/empty-root"
check "--sysroot with no logs at all exits 3" rc_is 3

# ---- privilege: every source denied -> exit 4, with what to do (needs root to drop to nobody;
# nobody runs a copy of oomtool and reads copies of the logs: tests/lib/run-as.sh)
if [ "$(id -u)" -eq 0 ] && run_as_prepare 65534 "$OOMTOOL"; then
	D=$RUN_AS_DIR/denied
	mkdir -p "$D/var/log"
	cp "$M" "$D/var/log/kern.log"
	cp "$M" "$RUN_AS_DIR/memcg.dmesg"
	chmod 000 "$D/var/log/kern.log"
	chmod 755 "$D" "$D/var" "$D/var/log"
	chmod 644 "$RUN_AS_DIR/memcg.dmesg"
	run_as "$RUN_AS_OOMTOOL" scan-logs --sysroot "$D" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	check "all sources denied exits 4" rc_is 4
	check "denied file named, with advice" err_has "cannot read '$D/var/log/kern.log': Permission denied (run as root, or add yourself to the adm group)"
	run_as "$RUN_AS_OOMTOOL" scan-logs "$D/var/log/kern.log" "$RUN_AS_DIR/memcg.dmesg" \
		>"$TMP/out" 2>"$TMP/err"
	rc=$?
	check "one file denied, another readable: exit 0" rc_is 0
fi

echo "# $n checks, $fails failed"
[ "$fails" -eq 0 ]
