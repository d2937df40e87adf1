#!/bin/bash
# The bash completion really completes: commands, options, option values and columns.
# Usage: completions-bash.sh OOMTOOL SOURCE_DIR
oomtool=$1
src=$2
bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] || { echo "SKIP: bash-completion not installed"; exit 77; }
# shellcheck disable=SC1090
source "$bc"
source "$src/completions/oomtool.bash"
PATH=$(dirname "$oomtool"):$PATH
fail=0

complete_line() {
	COMP_LINE="oomtool $*"
	read -r -a COMP_WORDS <<<"$COMP_LINE"
	[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_oomtool
	echo "${COMPREPLY[*]}"
}

expect() {
	local got
	got=$(complete_line "$1")
	[[ " $got " == *" $2 "* ]] || { echo "FAIL: 'oomtool $1' completes to '$got', expected '$2'"; fail=1; }
}

expect "sc" scan-logs
expect "top-mem --so" --sort
expect "top-mem --sort p" pss
expect "top-mem --by u" user
expect "scan-logs --fo" --follow
expect "scan-logs -o VIC" VICTIM
expect "explain-kill --ev" --event
expect "swap-setup --dry" --dry-run
expect "prot" protect
expect "protect --per" --persist
expect "protect r" reset
expect "tune --sync" --sync-timeout
expect "tune drop-caches p" pagecache
expect "tune set vm.oom_d" vm.oom_dump_tasks
expect "tune -o SO" SOURCE
[ $fail -eq 0 ] && echo "bash completion ok"
exit $fail
