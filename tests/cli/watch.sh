#!/bin/sh
# oomtool watch without root, on a synthetic tree (--sysroot) whose files this script
# rewrites while the watcher runs: options and usage errors, the start-up report, a leak
# that gets an ETA warning (human line, JSON Lines, the --exec hook's variables), a flat
# cgroup that stays quiet, --count and --for.
# Usage: watch.sh OOMTOOL SOURCE_DIR
set -u
OOMTOOL=$1
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3" >&2; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-watch-cli.XXXXXX") || exit 1
writer=
cleanup() {
	[ -n "$writer" ] && kill "$writer" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "FAIL $n - $1"; fail=1; }
MIB=1048576

# ---- usage
"$OOMTOOL" watch --help >"$TMP/help" 2>&1 && grep -q -- '--eta-warn' "$TMP/help" &&
	ok "--help" || bad "--help"
usage() { # description, then arguments: exit 2 and the "Try" line
	desc=$1
	shift
	"$OOMTOOL" watch "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 2 ] && grep -q "Try 'oomtool watch --help'" "$TMP/err"; then
		ok "usage error: $desc"
	else
		bad "usage error: $desc (exit $rc)"; sed 's/^/  | /' "$TMP/err"
	fi
}
usage "bad --pressure" --pressure some:1s
usage "--pressure window out of range" --pressure some:100ms/20s
usage "--interval too short" --interval 1ms
usage "--for not a duration" --for soon
usage "--window shorter than 5 intervals" --interval 2s --window 5s
usage "--cgroup not absolute" --cgroup system.slice
usage "--host with --no-host" --host --no-host --cgroup /a
usage "--top too large" --top 9
usage "an argument" now

# ---- a tree: the host, a cgroup that leaks, one that does not
R=$TMP/root
mkdir -p "$R/proc/pressure" "$R/sys/fs/cgroup/memory/leak" "$R/sys/fs/cgroup/memory/flat"
cat >"$R/proc/meminfo" <<'EOF'
MemTotal:       8000000 kB
MemFree:        4000000 kB
MemAvailable:   6000000 kB
SwapTotal:            0 kB
SwapFree:             0 kB
EOF
printf 'oom_kill 0\n' >"$R/proc/vmstat"
printf 'some avg10=0.00 avg60=0.00 avg300=0.00 total=10\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=5\n' \
	>"$R/proc/pressure/memory"
printf '9223372036854771712\n' >"$R/sys/fs/cgroup/memory/memory.limit_in_bytes"
cg() { # dir limit usage: (re)write its files in place
	d=$R/sys/fs/cgroup/memory/$1
	printf '%s\n' "$2" >"$d/memory.limit_in_bytes"
	printf '%s\n' "$3" >"$d/memory.usage_in_bytes"
	printf 'cache 0\ntotal_inactive_file 0\n' >"$d/memory.stat"
	printf 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n' >"$d/memory.oom_control"
}
cg leak $((400 * MIB)) $((50 * MIB))
cg flat $((400 * MIB)) $((100 * MIB))

"$OOMTOOL" watch --sysroot "$R" --for 1s -i 200ms >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$TMP/out" ] && ok "--for: stops, nothing to say" ||
	bad "--for: exit $rc, output: $(head -c 300 "$TMP/out")"
grep -q '^oomtool watch: cgroup /leak (v1): limit 400M; pressure: none (cgroup v1 has no memory.pressure)$' \
	"$TMP/err" && ok "start-up: the cgroups and their pressure mode" ||
	{ bad "start-up: the cgroups"; sed 's/^/  | /' "$TMP/err"; }
grep -q '^oomtool watch: host: MemAvailable + SwapFree; pressure: read every interval against some:300ms/2s' \
	"$TMP/err" && ok "start-up: a copied pressure file is read, not written" ||
	{ bad "start-up: host pressure"; sed 's/^/  | /' "$TMP/err"; }
grep -q '^oomtool watch: 2 memory cgroups with a limit' "$TMP/err" &&
	ok "start-up: every limited cgroup found" || bad "start-up: cgroup count"
grep -q 'total=10' "$R/proc/pressure/memory" && ok "the pressure file is not written" ||
	bad "the pressure file was written"

"$OOMTOOL" watch --sysroot "$R" --cgroup /nope --for 1s >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -eq 3 ] && grep -q 'not found' "$TMP/err" && ok "a cgroup that does not exist: exit 3" ||
	bad "missing cgroup: exit $rc"

# ---- a leak of 100 MiB/s in /leak: its usage file rewritten every 20 ms from the clock
leak() {
	exec python3 - "$R/sys/fs/cgroup/memory/leak/memory.usage_in_bytes" <<'EOF'
import sys, time
t0 = time.monotonic()
while True:
    u = int((50 + 100 * (time.monotonic() - t0)) * (1 << 20))
    if u > 390 << 20:
        break
    with open(sys.argv[1], "r+") as f:
        f.write("%d\n" % u)
        f.truncate()
    time.sleep(0.02)
EOF
}
run_leak() { # output file, then options
	out=$1
	shift
	cg leak $((400 * MIB)) $((50 * MIB))
	leak &
	writer=$!
	"$OOMTOOL" watch --sysroot "$R" -i 100ms --window 3s --count 1 --for 20s "$@" >"$out" 2>"$TMP/err"
	rc=$?
	kill "$writer" 2>/dev/null
	wait "$writer" 2>/dev/null
	writer=
	return $rc
}

if run_leak "$TMP/human"; then ok "--count 1: stops after the first event"; else bad "leak run: exit $?"; fi
grep -Eq '^[0-9-]+ [0-9:]+ cgroup /leak: out of memory in ~[0-9]+s at \+[0-9.]+M/s \(confidence 0\.[5-9][0-9]\); [0-9.]+M of 400M used; a larger limit only delays a steady leak: 1\.0G more buys [0-9]+s$' \
	"$TMP/human" && ok "the ETA warning, in words" ||
	{ bad "the ETA warning line"; sed 's/^/  | /' "$TMP/human"; }

cat >"$TMP/hook.sh" <<'EOF'
env | grep '^OOMTOOL_' | sort >"$HOOK_OUT"
EOF
HOOK_OUT=$TMP/hook.env
export HOOK_OUT
if run_leak "$TMP/json" -J --exec "sh '$TMP/hook.sh'"; then ok "-J --exec: exit 0"; else bad "-J run: exit $?"; fi
python3 - "$TMP/json" <<'EOF' && ok "JSON Lines: the ETA event's fields" || bad "JSON Lines"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
e = json.loads(lines[0])
for k in ("time", "scope", "name", "kind", "available_bytes", "limit_bytes", "growth_bytes_per_sec",
          "eta_sec", "confidence", "psi", "top_growers", "next_victim"):
    assert k in e, k
assert e["kind"] == "eta" and e["scope"] == "/leak" and e["cgroup_version"] == 1, e
assert e["limit_bytes"] == 400 << 20 and e["warning"] == 1, e
assert 60 << 20 < e["growth_bytes_per_sec"] < 140 << 20, e["growth_bytes_per_sec"]
assert 0 <= e["eta_sec"] < 10 and e["confidence"] >= 0.5, e
assert e["psi"]["mode"] == "none" and e["killed"] is None, e
assert e["advice"][0]["code"] == "limit_delays", e["advice"]
EOF
# the hook runs after the line is printed: give it a moment
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$HOOK_OUT" ] && break; sleep 0.2; done
if grep -qx 'OOMTOOL_KIND=eta' "$HOOK_OUT" && grep -qx 'OOMTOOL_SCOPE=/leak' "$HOOK_OUT" &&
	grep -qx 'OOMTOOL_LIMIT_BYTES=419430400' "$HOOK_OUT" && grep -q '^OOMTOOL_ETA_SEC=[0-9]' "$HOOK_OUT" &&
	grep -q '^OOMTOOL_MESSAGE=cgroup /leak: out of memory in' "$HOOK_OUT"; then
	ok "--exec: the hook gets the event's fields"
else
	bad "--exec: the hook's environment"; sed 's/^/  | /' "$HOOK_OUT" 2>/dev/null
fi
grep -q '/flat' "$TMP/json" "$TMP/human" && bad "the flat cgroup was reported" ||
	ok "the flat cgroup stays quiet"

[ $fail -eq 0 ] && echo "all watch checks passed"
exit $fail
