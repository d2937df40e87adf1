#!/bin/sh
# protect and tune on copies of the fixture trees (tests/fixtures/protect, .../tune): the
# options, the exit statuses of every refusal, dry runs and refusals changing nothing,
# --root as --sysroot, the JSON, and a set then reset leaving the tree as it was.
# Nothing here touches the running system.
# Usage: sh protect-tune.sh OOMTOOL SOURCE_DIR BUILD_DIR
OOMT=$1
SRC=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-protect-tune.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
P=$T/protect
U=$T/tune
cp -a "$SRC/tests/fixtures/protect" "$P"
cp -a "$SRC/tests/fixtures/tune" "$U"
cp -a "$P" "$T/protect.orig"
cp -a "$U" "$T/tune.orig"
fail=0

bad() {
	echo "FAIL: $*"
	sed 's/^/  | /' "$T/out" "$T/err"
	fail=1
}

# expect STATUS ARGS...: the exit status of `oomtool ARGS` (stdin not a terminal)
expect() {
	want=$1
	shift
	"$OOMT" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	[ "$rc" = "$want" ] || bad "exit $rc, expected $want: oomtool $*"
}

unchanged() {
	diff -r "$T/protect.orig" "$P" >/dev/null && diff -r "$T/tune.orig" "$U" >/dev/null ||
		bad "a tree changed after: $*"
}

# ---- protect: list
expect 0 protect --sysroot "$P"
grep -q "inherited from 400" "$T/out" || bad "list: inherited source"
grep -q "^200 (postgres): drift" "$T/out" || bad "list: drift note"
grep -q "unkillable_large" "$T/out" || bad "list: unkillable_large"
expect 0 protect --sysroot "$P" -a -r -n -o PID,ADJ,SOURCE
grep -q "^1 0 default$" "$T/out" || bad "-a -r -n -o: pid 1"
expect 0 protect --root "$P" -J
cp "$T/out" "$T/a.json"
expect 0 protect --sysroot "$P" -J
cmp -s "$T/out" "$T/a.json" || bad "--root and --sysroot differ"
python3 - "$T/out" <<'EOF' || bad "protect JSON"
import json, sys
d = json.load(open(sys.argv[1]))
keys = {"pid", "user", "comm", "oom_score_adj", "oom_score", "rss_bytes", "unit", "source",
        "configured_adj", "configured_from", "parent_pid", "flags"}
by = {p["pid"]: p for p in d["processes"]}
assert all(set(p) == keys for p in d["processes"]), d["processes"][0]
assert by[300]["flags"] == ["unkillable_large", "oom_policy_kill", "oomd_avoid"], by[300]
assert by[401]["source"] == "inherited" and by[401]["parent_pid"] == 400
assert by[500]["source"] == "kubelet" and by[500]["configured_adj"] == -997
assert by[100]["configured_from"].endswith("/nginx.service.d/override.conf")
assert 1 not in by
EOF
expect 2 protect --bogus
expect 2 protect frobnicate
expect 2 protect set nginx.service
expect 2 protect set nginx.service 1001 --sysroot "$P"
expect 2 protect set nginx.service abc --sysroot "$P"
expect 2 protect --persist --sysroot "$P"
expect 2 protect reset nginx.service --persist --sysroot "$P"
expect 2 protect set nginx.service 5 -J --sysroot "$P"
expect 2 protect set nginx.service 5 -a --sysroot "$P"
unchanged "usage errors"

# ---- protect: refusals and dry runs change nothing
expect 3 protect set nginx.service -1000 --sysroot "$P" -y
grep -q "check 'unkillable' refused" "$T/err" && grep -q -- "-900" "$T/err" ||
	bad "-1000: the trap and -900 explained"
expect 3 protect set 100 -900 --persist --sysroot "$P" -y
grep -q "a process id does not survive a restart" "$T/err" || bad "persist pid: why"
expect 3 protect set nginx --persist -800 --sysroot "$P" -y
grep -q "nginx.service" "$T/err" || bad "persist name: the unit named"
expect 1 protect set 4242 5 --sysroot "$P" -y
expect 0 protect set nginx.service -800 --persist --sysroot "$P" --dry-run
grep -q "Dry run: nothing was changed." "$T/out" || bad "dry run said so"
expect 0 protect set nginx.service -800 --persist --sysroot "$P" --dry-run -J
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["verdict"] == "ready" and d["dry_run"] and [s["status"] for s in d["steps"]] == ["planned"] * 4, d; assert any("override.conf:3 sets OOMScoreAdjust=-500 after" in w for w in d["warnings"]), d["warnings"]' "$T/out" ||
	bad "dry-run JSON, the overriding drop-in named"
expect 2 protect set nginx.service -800 --sysroot "$P"
grep -q "not asking on a non-terminal" "$T/err" || bad "no terminal: no prompt"
expect 0 protect reset nginx.service --sysroot "$P" -y
grep -q "Nothing to undo" "$T/out" || bad "reset with nothing recorded"
unchanged "refusals and dry runs"

# ---- protect: set then reset, negative ADJ anywhere among the options
expect 0 protect set -y nginx.service --sysroot "$P" -800 --persist
[ "$(cat "$P/proc/100/oom_score_adj")" = -800 ] || bad "set: pid 100"
grep -q "^OOMScoreAdjust=-800$" "$P/etc/systemd/system/nginx.service.d/90-oomtool.conf" ||
	bad "set: drop-in"
expect 0 protect --sysroot "$P" -J
python3 -c 'import json,sys; p={x["pid"]: x for x in json.load(open(sys.argv[1]))["processes"]}; assert p[100]["source"] == "oomtool", p[100]' "$T/out" ||
	bad "the set value is oomtool's"
expect 0 protect reset nginx.service --sysroot "$P" -y -J
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["error"] is None and d["undo_complete"] and all(s["status"] == "done" for s in d["steps"]), d' "$T/out" ||
	bad "reset JSON"
unchanged "set then reset"

# ---- tune: check
expect 0 tune --sysroot "$U"
grep -q "^critical panic_on_oom_hang$" "$T/out" || bad "check: panic_on_oom_hang"
grep -q "fix: oomtool tune set vm.oom_dump_tasks=1 --persist" "$T/out" || bad "check: advice"
expect 0 tune check --root "$U" -J
cp "$T/out" "$T/a.json"
expect 0 tune --sysroot "$U" -J
cmp -s "$T/out" "$T/a.json" || bad "tune: --root and --sysroot differ"
python3 - "$T/out" <<'EOF' || bad "tune JSON"
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["key"]: x for x in d["settings"]}
assert s["vm.swappiness"]["origin"] == "file" and s["vm.swappiness"]["line"] == 2
assert s["vm.swappiness"]["file"].endswith("/etc/sysctl.d/50-swap.conf")
assert s["vm.watermark_scale_factor"]["origin"] == "runtime"
assert s["vm.watermark_scale_factor"]["configured"] == "200"
codes = [f["code"] for f in d["findings"]]
assert codes[0] in ("panic_on_oom_hang", "overcommit_never_near_limit"), codes
for c in ("oom_dump_tasks_off", "swappiness_zero_with_swap", "swap_disk_before_zram",
          "several_userspace_killers", "setting_not_persisted"):
    assert c in codes, (c, codes)
assert d["system"]["userspace_killers"] == ["earlyoom", "systemd-oomd"]
EOF
expect 0 tune --sysroot "$U" -r -n -o KEY,ORIGIN
grep -q "^vm.oom_kill_allocating_task cmdline$" "$T/out" || bad "raw columns"
expect 2 tune frobnicate
expect 2 tune set
expect 2 tune --yes
expect 2 tune reset vm.swappiness --persist
expect 2 tune set vm.swappiness=10 --sync-timeout 5
expect 2 tune drop-caches everything
expect 2 tune set vm.swappiness=10 -J --sysroot "$U"
expect 2 tune set vm.swappiness=201 --sysroot "$U" -y
expect 2 tune set vm.nosuch=1 --sysroot "$U" -y
expect 2 tune set vm.swappiness --sysroot "$U" -y
expect 3 tune set vm.swappiness=10 --sysroot "$T/nowhere" -y
expect 0 tune set vm.swappiness=10 --persist --sysroot "$U" --dry-run
grep -q "Dry run: nothing was changed." "$T/out" || bad "tune dry run"
expect 0 tune drop-caches all --sysroot "$U" --dry-run -J
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["drop"] == "all" and d["steps"][0]["kind"] == "drop", d' "$T/out" ||
	bad "drop-caches dry-run JSON"
expect 0 tune reset vm.swappiness --sysroot "$U" -y
grep -q "Nothing to undo" "$T/out" || bad "tune reset with nothing recorded"
unchanged "tune refusals and dry runs"

# ---- tune: set then reset
expect 0 tune set vm.swappiness=10 vm.oom_dump_tasks=1 --persist --sysroot "$U" -y -J
[ "$(cat "$U/proc/sys/vm/swappiness")" = 10 ] || bad "tune set: value now"
grep -q "^vm.swappiness = 10$" "$U/etc/sysctl.d/90-oomtool.conf" || bad "tune set: persisted"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["error"] is None and any("99-sysctl.conf sets vm.oom_dump_tasks too" in w for w in d["warnings"]), d' "$T/out" ||
	bad "tune set: override named"
expect 0 tune reset vm.swappiness vm.oom_dump_tasks --sysroot "$U" -y
unchanged "tune set then reset"
expect 0 tune drop-caches --sysroot "$U" -y
[ "$(cat "$U/proc/sys/vm/drop_caches")" = 1 ] || bad "drop-caches wrote 1"
grep -q "This is temporary" "$T/out" || bad "drop-caches: why it is temporary"
exit $fail
