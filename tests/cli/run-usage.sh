#!/bin/sh
# oomtool run's own failures come before the command starts, with exit codes 2-4 and a
# message that says what to do: usage errors (2), and as nobody, no cgroup to make (4).
# The command's options stay its own. Needs no cgroup: nothing here runs a trial.
# Usage: run-usage.sh OOMTOOL SOURCE_DIR
set -u
OOMTOOL=$1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-run-usage.XXXXXX") || exit 1
. "$2/tests/lib/run-as.sh"
trap 'rm -rf "$TMP"; run_as_cleanup' EXIT INT TERM
fail=0

# expect STATUS PATTERN ARGS...: exit STATUS, stderr matching PATTERN, and the command
# (touch MARKER, when it is the command) never ran
expect() {
	status=$1 pattern=$2
	shift 2
	rm -f "$TMP/marker"
	"$OOMTOOL" run "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -ne "$status" ] || ! grep -q -e "$pattern" "$TMP/err" || [ -e "$TMP/marker" ]; then
		echo "FAIL: oomtool run $*: exit $rc (expected $status), stderr:"
		sed 's/^/  | /' "$TMP/err"
		fail=1
	else
		echo "ok - oomtool run $*: $rc"
	fi
}
M="$TMP/marker"
expect 2 "no command given" --limit 100M
expect 2 "no command given" --limit 100M --
expect 2 "--limit SIZE is required (or --find-limit)" -- touch "$M"
expect 2 "invalid --limit size '12X'" --limit 12X -- touch "$M"
expect 2 "a limit of 0 bytes" --limit 0 -- touch "$M"
expect 2 "invalid --swap size" --limit 1G --swap lots -- touch "$M"
expect 2 "--step goes with --find-limit" --limit 1G --step 5% -- touch "$M"
expect 2 "invalid --step '0%'" --find-limit --step 0% -- touch "$M"
expect 2 "invalid --find-limit range '2G..1G'" --find-limit=2G..1G -- touch "$M"
expect 2 "invalid --find-limit range" --find-limit 1G..1G touch "$M"
expect 2 "unknown option '--limits'" --limits 1G -- touch "$M"
expect 2 "option '--limit' needs an argument" --limit
expect 2 "Try 'oomtool run --help'" --limit 12X -- touch "$M"
expect 3 "cannot open the report file" --report /nonexistent-dir/r.json --limit 1G -- touch "$M"

"$OOMTOOL" run --help >"$TMP/out" || { echo "FAIL: --help exited $?"; fail=1; }
grep -q -- "--find-limit\[=LOW..HIGH\]" "$TMP/out" || { echo "FAIL: --help lacks --find-limit"; fail=1; }
grep -q "Exit status: the command's" "$TMP/out" || { echo "FAIL: --help lacks the exit status"; fail=1; }
"$OOMTOOL" --help | grep -q "^  run " || { echo "FAIL: oomtool --help does not list run"; fail=1; }

# as nobody: no cgroup may be made; 4 with the advice (3 on a host without a memory
# controller), and the command never ran
if run_as_prepare 65534 "$OOMTOOL" 2>"$TMP/skip"; then
	chmod 0777 "$RUN_AS_DIR"
	run_as "$RUN_AS_OOMTOOL" run --limit 100M -- touch "$RUN_AS_DIR/marker" 2>"$TMP/err"
	rc=$?
	want=4
	[ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ] ||
		grep -qw memory /sys/fs/cgroup/cgroup.controllers /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null ||
		want=3
	if [ "$rc" -ne "$want" ] || [ -e "$RUN_AS_DIR/marker" ] ||
	   { [ "$want" -eq 4 ] && ! grep -q "run as root, or from a cgroup v2 subtree delegated to you" "$TMP/err"; }; then
		echo "FAIL: as nobody: exit $rc (expected $want), stderr:"
		sed 's/^/  | /' "$TMP/err"
		fail=1
	else
		echo "ok - as nobody: $rc, before the command started"
	fi
else
	sed 's/^/# /' "$TMP/skip"
fi
[ "$fail" -eq 0 ] && echo "oomtool run: every failure of its own before the command"
exit "$fail"
