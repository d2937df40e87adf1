#!/bin/sh
# Every long option that `oomtool CMD --help` shows must appear in the bash, zsh and fish
# completions and in the command's man page; every command needs a man page and a
# completion entry. Keeps docs/ and completions/ in step with the code.
# Usage: options-documented.sh OOMTOOL SOURCE_DIR
set -u
oomtool=$1
src=$2
fail=0

complain() { echo "FAIL: $*"; fail=1; }

in_man() {  # $1 page, $2 text; roff writes '-' as '\-'
	roff=$(printf '%s' "$2" | sed 's/-/\\\\-/g')
	grep -q -e "$2" "$1" || grep -q -e "$roff" "$1"
}

commands=$("$oomtool" --help | awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{on=0}')
[ -n "$commands" ] || complain "no commands listed by 'oomtool --help'"

for opt in --help --version; do
	in_man "$src/docs/oomtool.1" "$opt" || complain "oomtool.1 lacks $opt"
done

for cmd in $commands; do
	man=$(ls "$src"/docs/oomtool-"$cmd".[18] 2>/dev/null | head -n 1)
	[ -n "$man" ] || { complain "no man page docs/oomtool-$cmd.1 or .8"; continue; }
	in_man "$src/docs/oomtool.1" "$cmd" || complain "oomtool.1 does not mention $cmd"
	for f in oomtool.bash _oomtool oomtool.fish; do
		grep -q -e "$cmd" "$src/completions/$f" || complain "completions/$f lacks command $cmd"
	done
	opts=$("$oomtool" "$cmd" --help | grep -o -e '--[a-z][a-z0-9-]*' | sort -u)
	[ -n "$opts" ] || complain "'oomtool $cmd --help' lists no long options"
	for opt in $opts; do
		name=${opt#--}
		grep -q -e "$opt" "$src/completions/oomtool.bash" || complain "oomtool.bash lacks $cmd $opt"
		grep -q -e "$opt" "$src/completions/_oomtool" || complain "_oomtool lacks $cmd $opt"
		grep -q -E -e "-l '?$name'?( |\$)" "$src/completions/oomtool.fish" ||
			complain "oomtool.fish lacks $cmd -l $name"
		in_man "$man" "$opt" || complain "$(basename "$man") lacks $opt"
	done
done
[ $fail -eq 0 ] && echo "all options documented"
exit $fail
