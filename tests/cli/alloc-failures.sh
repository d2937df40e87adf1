#!/bin/sh
# Allocation failures from the command line: scan-logs --kind (selection, exit status, the
# KIND and REASON columns, the repeats summary, -v, JSON repeats) and explain-kill --kind
# (the default stays the most recent OOM kill; the short report; JSON findings).
# Usage: sh alloc-failures.sh OOMTOOL SOURCE_DIR
set -u
OOMTOOL=$1
SRC=$2
D=$SRC/tests/data
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-cli-alloc.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
export TZ=UTC LC_ALL=C
command -v python3 >/dev/null 2>&1 || { echo "alloc-failures: python3 not found"; exit 77; }

fails=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else fail "$desc"; fi; }
run() { "$OOMTOOL" "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?; }
rc_is() { [ "$rc" -eq "$1" ] || { echo "  exit $rc, expected $1"; sed 's/^/  stderr: /' "$TMP/err"; return 1; }; }
out_has() { grep -q -- "$1" "$TMP/out" || { echo "  stdout lacks '$1'"; sed 's/^/  stdout: /' "$TMP/out"; return 1; }; }
out_lacks() { ! grep -q -- "$1" "$TMP/out" || { echo "  stdout has '$1'"; return 1; }; }
err_has() { grep -q -- "$1" "$TMP/err" || { echo "  stderr lacks '$1'"; sed 's/^/  stderr: /' "$TMP/err"; return 1; }; }
json() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
ok=eval(sys.argv[2])
if not ok: print("  json check failed:", sys.argv[2]); print("  ", json.dumps(d)[:800])
sys.exit(0 if ok else 1)' "$TMP/out" "$1"
}

F221=$(ls "$D"/221-*.log)
F224=$(ls "$D"/224-*.log)
F225=$(ls "$D"/225-*.log)
F237=$(ls "$D"/237-*.log)

# ---- scan-logs --kind ----
run scan-logs "$F221"
check "default kinds: a log of allocation failures holds no incident (exit 1)" rc_is 1
run scan-logs --kind allocation_failure "$F221"
check "--kind allocation_failure: found (exit 0)" rc_is 0
check "the table shows the kind" out_has "allocation_failure"
check "REASON says what failed" out_has "order 2 0x20, atomic, in an interrupt, in ixgbe_alloc_rx_buffers \[ixgbe\]"
check "the repeats summary after the table" out_has "ixgbe_alloc_rx_buffers \[ixgbe\] failed at order 2 0x20, 4 times (+186 not printed)"
run scan-logs --kind allocation_failure "$(ls "$D"/418-*.log)"
check "REASON of a failure whose warning was lost says so, no stray comma" \
	out_has "its warning not in the log, in an interrupt, in i40e_clean_rx_irq \[i40e\]"
run scan-logs --kind allocation_failure "$(ls "$D"/417-*.log)"
check "REASON names the slab cache" out_has "slab kmalloc-2048, order 1 GFP_KERNEL|__GFP_ZERO, in xfs_buf_get_map \[xfs\]"
run scan-logs --kind all "$D/391-journal-earlyoom-startup-and-oomd-unit-lines-minutes-apart.log"
check "--kind: the KILLER column stays beside KIND (a userspace kill is no kernel kill)" \
	out_has "KIND      KILLER"
check "--kind: systemd-oomd's kills say so" out_has "oom_kill  systemd-oomd"
run scan-logs --kind oom_kill,oom_panic "$F225"
check "oom_kill,oom_panic: the two kills only" rc_is 0
check "  no allocation failure among them" out_lacks "allocation_failure"
run scan-logs --kind all -J "$F225"
check "--kind all -J: three incidents" json 'len(d["events"]) == 3 and d["events"][0]["kind"] == "allocation_failure" and d["events"][0]["memcg_protection"]["memcg"] == "/"'
run scan-logs --kind all -J "$F224"
check "-J repeats: one site, 3 printed, 149 suppressed" json 'len(d["repeats"]) == 1 and d["repeats"][0]["count"] == 3 and d["repeats"][0]["suppressed"] == 149 and d["repeats"][0]["caller"] == "tg3_alloc_rx_data" and d["repeats"][0]["module"] == "tg3"'
run scan-logs -J "$F224"
check "-J without --kind: an empty repeats array" json 'd["events"] == [] and d["repeats"] == []'
run scan-logs --kind all -v "$F224"
check "-v: the free lists" out_has "free lists: node 0 DMA 15M, largest block 4.0M; node 0 DMA32 304M, largest block 8.0K"
check "-v: the failures left out" out_has "37 more failures were not printed before it"
check "-v: the site's repeats" out_has "repeated: 3 times at this site (and 149 not printed)"
run scan-logs --kind bogus "$F221"
check "--kind bogus: usage error" rc_is 2
check "  names the kinds" err_has "unknown kind 'bogus'"
run scan-logs --kind , "$F221"
check "--kind without a kind: usage error" rc_is 2

# ---- explain-kill ----
run explain-kill "$F237"
check "explain-kill: the default is the most recent OOM kill" out_has "The kernel killed chrome (pid 4410"
run explain-kill --kind allocation_failure "$F224"
check "--kind allocation_failure: the short report" out_has "An allocation of 16K in one piece (order 2) with GFP_ATOMIC|__GFP_COMP failed in an interrupt"
check "  fragmentation" out_has "alloc_fragmentation:"
check "  atomic, with the driver's rings" out_has "ethtool -G IFACE rx N"
check "  repeated" out_has "alloc_repeated: This site (tg3_alloc_rx_data) failed 3 times, from .* the kernel left 149 allocation failures unprinted around them, of this site or any other: a lasting"
run explain-kill --event 3caa981103ce "$F225"
check "--event finds an allocation failure without --kind" out_has "mt76_connac2_load_ram (module mt76_connac_lib)"
check "  memcg protection of the root" out_has "memcg_protection: Memory cgroups below / had 256M of memory.min"
run explain-kill -J --kind allocation_failure --all "$F221"
check "-J --all: four failures with their findings" json 'len(d["events"]) == 4 and all(e["kind"] == "allocation_failure" for e in d["events"]) and [f["code"] for f in d["events"][3]["findings"]] == ["alloc_fragmentation", "alloc_atomic", "alloc_repeated"]'
check "  advice keys" json 'd["events"][0]["findings"][0]["advice"] == {"compact_memory": 1, "min_free_kbytes": 38912}'
run explain-kill --kind allocation_failure "$D"/001-*.log
check "--kind allocation_failure on a log without one: exit 1" rc_is 1
check "  says so" err_has "no incident of the kinds asked for found"
run explain-kill --now --kind all
check "--now and --kind: usage error" rc_is 2

echo "alloc-failures: $n checks, $fails failed"
[ "$fails" -eq 0 ]
