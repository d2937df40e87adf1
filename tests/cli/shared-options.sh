#!/bin/sh
# The subcommands share their option helpers (cmd/common.c, cmd/scan-messages.c):
# the same mistakes get the same messages and exit statuses from both, word for word but
# for the subcommand's name.
# Usage: shared-options.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
log=$SRC/tests/data/001-debian-clamd-global-ufw.log

# run SUB ARGS...: "<exit status> <stderr with the subcommand's name replaced by SUB>"
run() {
	sub=$1
	shift
	"$OOMTOOL" "$sub" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	printf '%s ' "$rc"
	sed "s/$sub/SUB/g" "$TMP/err" | tr '\n' '|'
}

same() {
	want=$1
	shift
	a=$(run scan-logs "$@")
	b=$(run explain-kill "$@")
	if [ "$a" != "$b" ]; then
		echo "FAIL $*: scan-logs says '$a', explain-kill says '$b'"
		fail=1
	elif [ "${a%% *}" != "$want" ]; then
		echo "FAIL $*: exit ${a%% *}, expected $want ($a)"
		fail=1
	else
		echo "ok $*: $a"
	fi
}

same 2 --bogus "$log"
same 2 -Jx "$log"
same 2 --since
same 2 --until 'not a time' "$log"
same 2 --since 'not a time' "$log"
same 2 -D
mkdir "$TMP/root"
same 3 --sysroot "$TMP/root"
# -D given twice: both directories are read (missing ones are errors of their own)
same 3 -D "$TMP/none1" -D "$TMP/none2"
grep -q "none1" "$TMP/err" && grep -q "none2" "$TMP/err" || { echo "FAIL: -D twice: $(cat "$TMP/err")"; fail=1; }

# Every subcommand words an unknown option and a missing argument the same way: one line
# of ours (getopt's own message is off), then the "Try" line.
for sub in scan-logs explain-kill top-mem swap-setup; do
	got=$(run "$sub" --bogus)
	want="2 oomtool: SUB: unknown option '--bogus'|Try 'oomtool SUB --help' for more information.|"
	[ "$got" = "$want" ] || { echo "FAIL $sub --bogus: '$got'"; fail=1; }
	got=$(run "$sub" --since)
	case $sub in
	top-mem | swap-setup) want="2 oomtool: SUB: unknown option '--since'|" ;;
	*) want="2 oomtool: SUB: option '--since' needs an argument|" ;;
	esac
	case $got in "$want"*) ;; *) echo "FAIL $sub --since: '$got'"; fail=1 ;; esac
done
exit $fail
