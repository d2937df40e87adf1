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
check "-v global shows the Mem-Info summary" out_has "memory: usable RAM 16G, free 182M"
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
# a paste between Jira's {noformat} lines: syslog, no JSON, nothing skipped
run -J --kind all "$SRC/tests/data/305-jira-noformat-syslog-atomic-alloc-failures.log"
check "{noformat} around syslog: read as syslog" json 'd["sources"][0]["format"] == "syslog"'
check "{noformat} around syslog: no line skipped" json 'd["sources"][0]["lines_skipped"] == 0'
check "{noformat} around syslog: no warning" err_lacks "undecodable"
# journalctl -o verbose pasted after a Markdown fence and the shell's command, another
# command between its entries: text, not undecodable lines
run -J "$SRC/tests/data/formats/journal-verbose--438-fence-and-shell-prompts-around-entries.log"
check "fence and prompts around -o verbose: read as such" json 'd["sources"][0]["format"] == "journal-verbose" and len(d["events"]) == 2'
check "fence and prompts around -o verbose: no line skipped" json 'd["sources"][0]["lines_skipped"] == 0'
check "fence and prompts around -o verbose: no warning" err_lacks "undecodable"
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
# a systemd-oomd kill (no pid) in a paste a pager cut and in the whole journal line
printf '%s\n' 'Jul 14 08:21:05 deskA systemd-oomd[612]: Killed /user.slice/user-1000.slice/app.slice/app-x.sc>' >"$TMP/oomd-paste.log"
printf '%s\n' 'Jul 14 08:21:05 deskA systemd-oomd[612]: Killed /user.slice/user-1000.slice/app.slice/app-x.scope due to memory pressure for /user.slice/user-1000.slice being 58.12% > 50.00% for > 20s with reclaim activity' >"$TMP/oomd-journal.log"
run -J "$TMP/oomd-paste.log" "$TMP/oomd-journal.log"
check "systemd-oomd kill in a cut paste and the journal: one event" json 'len(d["events"]) == 1'
check "... with the whole cgroup and reason, complete" json 'd["events"][0]["task_memcg"].endswith("/app-x.scope") and d["events"][0]["reason"].endswith("with reclaim activity") and d["events"][0]["complete"] and d["events"][0]["cut"] == []'
# the year of a year-less stamp: guessed from the file's mtime, or stated by the log
run -J "$KERN"
check "a year-less syslog's year is marked as guessed (the file's mtime)" \
	json 'd["events"][0]["time"].startswith("2026-") and d["events"][0]["year_guessed"] is True'
cp "$KERN" "$TMP/kern.log-20261121"
run -J "$TMP/kern.log-20261121"
check "a rotated log's name dates it: not guessed" json 'd["events"][0]["year_guessed"] is False'
{ echo '-- Logs begin at Sun 2021-11-14 10:00:00 UTC, end at Sun 2021-11-21 09:00:00 UTC. --'
  cat "$KERN"; } >"$TMP/journal-short.log"
run -J "$TMP/journal-short.log"
check "journalctl's span line states the year: not guessed" \
	json 'd["events"][0]["time"].startswith("2021-") and d["events"][0]["year_guessed"] is False'
# a program's own full date on a year-less line of the same day states the year
{ echo 'Nov 20 09:59:57 web1 containerd[2032]: time="2022-11-20T09:59:57.519809409Z" level=info msg="TaskOOM event"'
  cat "$KERN"; } >"$TMP/witness.log"
touch -d "2026-11-21 00:00:00" "$TMP/witness.log"
run -J "$TMP/witness.log"
check "a full date in a message of the same day states the year: not guessed" \
	json 'd["events"][0]["time"].startswith("2022-") and d["events"][0]["year_guessed"] is False'
run -J "$M"
check "a log without wall time guesses nothing" json 'd["events"][0]["year_guessed"] is False'
# a kill known only from systemd's unit lines, in an RFC 3339 syslog and a classic one
# a second apart: one incident (same unit, same host, within seconds)
U=$TMP/unit-syslog.log
cp "$DATA/scan-logs-unit-oom-syslog.log" "$U"
touch -d "2025-03-15 00:00:00" "$U"
run -J "$DATA/scan-logs-unit-oom-rfc3339.log" "$U"
check "unit lines alone in two logs: one event" json 'len(d["events"]) == 1 and d["events"][0]["unit"] == "pg-backup.service" and d["events"][0]["victim"]["pid"] is None'
check "... both sources counted" json '[s["events"] for s in d["sources"]] == [1, 1]'
run -o VICTIM,CGROUP "$U"
check "... the table names the unit" out_has "pg-backup.service"

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
	# the same journal as journalctl -o verbose prints it, pasted: read as the journal is
	journalctl -D "$TMP/journal" -o verbose >"$TMP/verbose.txt" 2>/dev/null
	{ echo '$ journalctl -k -o verbose'; cat "$TMP/verbose.txt"; } >"$TMP/verbose.log"
	"$OOMTOOL" scan-logs -J -D "$TMP/journal" >"$TMP/from-journal.json" 2>/dev/null
	run -J "$TMP/verbose.log"
	check "-o verbose: read as such" json 'd["sources"][0]["format"] == "journal-verbose"'
	check "-o verbose: the journal's incident, time, boot and host" python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["events"]; b = json.load(open(sys.argv[2]))["events"]
keys = ("id", "time", "uptime_usec", "boot_id", "host", "kind", "scope", "victim", "trigger")
ok = len(a) == len(b) == 1 and all(a[0][k] == b[0][k] for k in keys)
if not ok: print("  ", [(k, a[0].get(k), b[0].get(k)) for k in keys if a and b and a[0].get(k) != b[0].get(k)])
sys.exit(0 if ok else 1)' "$TMP/out" "$TMP/from-journal.json"
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
check "--sysroot without proc: no accounting" json 'd["accounting"] is None'
check "sources say what they span" json 'd["sources"][0]["first_time"] is not None and d["sources"][0]["last_time"] is not None and d["sources"][0]["size_bytes"] > 0'
# a paste that opens with a fence and a prompt: the source begins at its first dated line,
# which the prefilter would skip (no needle), not at the kill
cat >"$TMP/fenced.log" <<'EOF'
```
$ journalctl -b -g oom
2024-03-17T20:55:52+00:00 h1 systemd[1]: Started Session 3 of User alice.
2024-03-17T20:58:01+00:00 h1 dbus-daemon[611]: [system] Successfully activated service
2024-07-06T13:31:40+00:00 h1 kernel: Out of memory: Killed process 5120 (cc1plus) total-vm:2097152kB, anon-rss:1048576kB, file-rss:512kB, shmem-rss:0kB, UID:1000 pgtables:2100kB oom_score_adj:0
```
EOF
run -J "$TMP/fenced.log"
check "first_time: the first dated line after a fence and a prompt" json 'd["sources"][0]["first_time"] == "2024-03-17T20:55:52.000000Z" and d["sources"][0]["last_time"] == "2024-07-06T13:31:40.000000Z" and len(d["events"]) == 1'
run --sysroot "$TMP/empty-root"
check "--sysroot with no logs at all exits 3" rc_is 3
run -J "$M"
check "-J on files: accounting is null" json 'd["accounting"] is None'

# ---- every kill accounted for: a sysroot whose /proc counts 5 kills this boot and whose
# v1 memory cgroups count 2 in /oomprobe-single and 1 in /batch; kern.log holds the kill of
# /oomprobe-single (this boot: after btime, its uptime consistent), and an earlier boot's
A=$TMP/acct
mkdir -p "$A/proc/sys/kernel/random" "$A/var/log" "$A/sys/fs/cgroup/memory/oomprobe-single" \
	"$A/sys/fs/cgroup/memory/batch"
printf 'MemTotal: 2048000 kB\n' >"$A/proc/meminfo"
printf 'pgfault 1\noom_kill 5\n' >"$A/proc/vmstat"
printf '6.1.0-13-amd64\n' >"$A/proc/sys/kernel/osrelease"
printf '0123abcd-4567-89ab-cdef-0123456789ab\n' >"$A/proc/sys/kernel/random/boot_id"
# the kill at 2026-11-20T10:00:00Z is 1158.58 s after a boot at 09:40:41
printf 'cpu 1 2 3\nbtime 1795167641\n' >"$A/proc/stat"
oomc() { printf 'oom_kill_disable 0\nunder_oom 0\noom_kill %s\n' "$2" >"$A/sys/fs/cgroup/memory$1/memory.oom_control"; }
oomc "" 0
oomc /oomprobe-single 2
oomc /batch 1
cp -p "$KERN" "$A/var/log/kern.log"
sed -e 's/^Nov 20 10:00:00/Nov 19 10:00:00/' -e 's/ 8895/ 7001/g' "$KERN" >"$A/var/log/kern.log.1"
touch -r "$KERN" "$A/var/log/kern.log.1"
run -J --sysroot "$A"
check "accounting: exit 0 (both kills shown)" rc_is 0
check "accounting: the earlier boot's kill is shown too" json 'sorted(e["victim"]["pid"] for e in d["events"]) == [7001, 8895]'
check "accounting: this boot's figures" json 'd["accounting"]["boot_id"] == "0123abcd-4567-89ab-cdef-0123456789ab" and d["accounting"]["kernel_oom_kills"] == 5 and d["accounting"]["logged_kills"] == 1 and d["accounting"]["unlogged_kills"] == 4 and d["accounting"]["suppressed_headers"] == 0 and d["accounting"]["unattributed_kills"] == 0'
check "accounting: per cgroup" json 'd["accounting"]["cgroups"] == [{"path": "/batch", "oom_kill": 1, "logged_kills": 0}, {"path": "/oomprobe-single", "oom_kill": 2, "logged_kills": 1}]'
check "accounting: boot time" json 'd["accounting"]["boot_time"].startswith("2026-11-20T09:40:41")'
run --sysroot "$A"
check "accounting line after the table" sh -c "tail -n 1 '$TMP/out' | grep -qx 'OOM kills since boot (2026-11-20 09:40): 5 counted by the kernel, 1 in the logs, 4 not in the logs; by cgroup, counted/logged: /batch 1/0, /oomprobe-single 2/1'"
check "accounting line: the table has both kills" lines_are 4
run -r -n -o PID --sysroot "$A"
check "with --raw/--noheadings the accounting line goes to stderr" out_is "7001
8895"
check "accounting line on stderr" err_has "scan-logs: OOM kills since boot (2026-11-20 09:40): 5 counted"
run --since 2026-11-20 -J --sysroot "$A"
check "accounting ignores --since" json 'len(d["events"]) == 1 and d["accounting"]["logged_kills"] == 1'
# every kill accounted for: no line
printf 'pgfault 1\noom_kill 1\n' >"$A/proc/vmstat"
oomc /oomprobe-single 1
oomc /batch 0
run --sysroot "$A"
check "nothing unaccounted: no accounting line" lines_are 3
run -D "$TMP/empty-root" --sysroot "$A" -J
check "-D: accounting is null" json 'd["accounting"] is None'

# ---- nothing found: where it looked, on a terminal only
mkdir -p "$TMP/quiet/var/log"
cp "$DATA/scan-logs-none.log" "$TMP/quiet/var/log/syslog"
cp "$DATA/scan-logs-none.log" "$TMP/quiet/var/log/syslog.1"
gzip -c "$DATA/scan-logs-none.log" >"$TMP/quiet/var/log/syslog.2.gz"
run --sysroot "$TMP/quiet"
check "nothing found in a pipe: exit 1, silent" sh -c "[ $rc -eq 1 ] && [ ! -s '$TMP/out' ] && [ ! -s '$TMP/err' ]"
if command -v script >/dev/null 2>&1; then
	script -qec "'$OOMTOOL' scan-logs --sysroot '$TMP/quiet'" /dev/null >"$TMP/tty" 2>&1
	check "nothing found on a terminal: says so" grep -q "scan-logs: no OOM kills found" "$TMP/tty"
	check "nothing found on a terminal: where it looked" grep -q "scan-logs: searched $TMP/quiet/var/log/syslog\*: 3 files since 20" "$TMP/tty"
	check "no progress line for a short scan" sh -c "! grep -q scanning '$TMP/tty'"
	# a scan longer than a second: a writer that pauses
	script -qec "sh -c '(cat \"$DATA/scan-logs-none.log\"; sleep 1.5; cat \"$M\") | \"$OOMTOOL\" scan-logs -'" /dev/null >"$TMP/tty" 2>&1
	check "progress on a terminal after a second" grep -q "scanning standard input: .*, 0 incidents so far" "$TMP/tty"
	check "progress line erased before the table" grep -q "$(printf '\033\[K')" "$TMP/tty"
	check "the incident after the progress" grep -q "python3" "$TMP/tty"
fi
(cat "$DATA/scan-logs-none.log"; sleep 1.5; cat "$M") | "$OOMTOOL" scan-logs - >"$TMP/out" 2>"$TMP/err"
check "no progress in a pipe" sh -c "! grep -q scanning '$TMP/err'"

# ---- privilege: every source denied -> exit 4, with what to do (needs root to drop to nobody;
# nobody runs a copy of oomtool and reads copies of the logs: tests/lib/run-as.sh)
# ---- a log written newest first (journalctl -r) is named, with what to do ----
cat >"$TMP/reversed.log" <<'EOF'
Jun 13 09:20:12 ha systemd[1]: docker-1a2b.scope: A process of this unit has been killed by the OOM killer.
Jun 13 09:20:11 ha kernel: Out of memory: Killed process 4242 (python3) total-vm:3600048kB, anon-rss:1293204kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:5612kB oom_score_adj:0
Jun 13 09:20:11 ha kernel: oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/docker-1a2b.scope,task=python3,pid=4242,uid=0
Jun 13 09:20:09 ha kernel: python3 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0
Jun 13 09:20:02 ha dockerd[512]: health check ok
EOF
run -J "$TMP/reversed.log"
check "newest first: sources[].newest_first" json 'd["sources"][0]["newest_first"] is True'
check "newest first: warned, with the way out" err_has "its lines run newest first (journalctl -r?)"
tac "$TMP/reversed.log" >"$TMP/forward.log"
run -J "$TMP/forward.log"
check "oldest first: not flagged" json 'd["sources"][0]["newest_first"] is False and len(d["events"]) == 1'
check "oldest first: no warning" err_lacks "newest first"

# a paste of one kill in two forms (dmesg's lines, then syslog's): one incident, with the
# report from the first and the wall time and host from the second; the same pid killed
# again minutes later (reused by the restarted service) is a kill of its own
cp "$DATA/paste-dmesg-and-syslog-copies.log" "$TMP/copies.log" && touch -t 202412311200 "$TMP/copies.log"
run -J "$TMP/copies.log"
check "two copies of one kill: one incident, and the later kill" json 'len(d["events"]) == 2'
check "two copies: the report and the syslog copy's time and host" json '[(e["uptime_usec"], e["time"], e["host"], e["trigger"]["pid"], e["task_memcg"]) for e in d["events"] if e["uptime_usec"] == 9021554310] == [(9021554310, "2024-03-11T10:41:37.000000Z", "web3", 20411, "/system.slice/mysql.service")]'
check "the same pid killed again 6 minutes later" json '[(e["victim"]["pid"], e["victim"]["anon_rss_bytes"]) for e in d["events"] if e["uptime_usec"] == 9388100212] == [(1322, 1126891520)]'

# a kill line whose file-rss and shmem-rss a paste cut ("..."): anon alone is not the RSS
printf '%s\n' '[ 9353.100200] Out of memory: Killed process 26229 (node) total-vm:17039272kB, anon-rss:11371344kB, ... oom_score_adj:100' >"$TMP/cutrss.log"
run -J "$TMP/cutrss.log"
check "kill line cut after anon-rss: rss unknown, anon known" json 'd["events"][0]["victim"]["rss_bytes"] is None and d["events"][0]["victim"]["anon_rss_bytes"] == 11644256256'
run "$TMP/cutrss.log"
check "  the table shows the least it held" out_has " >11G "

# Android's killers print the victim's RSS as what the kill frees: the table's RSS
run -n -r -o PID,RSS -b "$SRC/tests/data/443-logcat-lmkd-kill-rss-swap-reason.log"
check "lmkd's \"to free NkB rss\" is the RSS" out_has "^8123 206266368$"
run -n -r -o PID,RSS "$SRC/tests/data/442-android-3.0-lowmemorykiller-send-sigkill-pages.log"
check "  the driver's \"size N\" pages, of no size given, are not" out_has "^1802 -$"

# what an author blanked out is no value: a host "..." or "xxx.xxx", gfp flags "(...)"
cat >"$TMP/blanked.log" <<'EOF'
Aug 30 06:58:55 ... kernel: [ 8120.100200] java invoked oom-killer: gfp_mask=0x140cca(...), order=0, oom_score_adj=0
Aug 30 06:58:55 ... kernel: [ 8120.100400] Out of memory: Killed process 2231 (java) total-vm:8120440kB, anon-rss:6802112kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:14012kB oom_score_adj:0
Aug 30 07:12:01 xxx.xxx kernel: [ 8906.200100] Out of memory: Killed process 2890 (java) total-vm:8120440kB, anon-rss:6802112kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:14012kB oom_score_adj:0
Aug 30 07:40:12 <host> kernel: [ 9597.300100] Out of memory: Killed process 3391 (java) total-vm:8120440kB, anon-rss:6802112kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:14012kB oom_score_adj:0
EOF
run -J "$TMP/blanked.log"
check "blanked host and gfp flags are null" json '[(e["host"], e["trigger"]["gfp_mask"], e["trigger"]["gfp_flags"]) for e in d["events"]] == [(None, "0x140cca", None), (None, None, None), (None, None, None)]'

# a paste that ends at the task table's header: its rows are missing, not none
cat >"$TMP/tablehead.log" <<'EOF'
[17780.401600] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=969
[17780.401620] memory: usage 262144kB, limit 262144kB, failcnt 52
[17780.401663] Tasks state (memory values in pages):
[17780.401663] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name
EOF
run -J "$TMP/tablehead.log"
check "a table cut after its header: rows missing" json '"task_table_rows" in d["events"][0]["missing"]'

# a pre-4.x frame "[<addr>] mem_cgroup_oom_synchronize" is memcg evidence, not a task row
cat >"$TMP/oldframe.log" <<'EOF'
[ 9120.100100] java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0
[ 9120.100110] CPU: 1 PID: 9949 Comm: java Tainted: P           OE  ------------   3.10.0-327.13.1.el7.x86_64 #1
[ 9120.100120] Call Trace:
[ 9120.100121]  [<ffffffff8163571c>] dump_stack+0x19/0x1b
[ 9120.100122]  [<ffffffff8116ceee>] oom_kill_process+0x24e/0x3b0
[ 9120.100123]  [<ffffffff811d3bb5>] mem_cgroup_oom_synchronize+0x575/0x5a0
[ 9120.100130] Killed process 9949 (java) total-vm:4120440kB, anon-rss:1002112kB, file-rss:20480kB
EOF
run -J "$TMP/oldframe.log"
check "an old frame [<addr>] of the memcg path: scope memcg" json 'd["events"][0]["scope"] == "memcg"'

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
