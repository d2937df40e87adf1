#!/bin/sh
# Keeps lib/liboomtool.sym, liboomtool's version script (its export list), in step with the
# installed headers: a function or object is exported when, and only when, a header in
# lib/include/oomtool/ declares it.
#
# Usage: lib/liboomtool-sym.sh [--check | --write | --declared] [SOURCE_DIR]
#   (none)      print what the version script lacks ("+ name") and what it lists that no
#               header declares any more ("- name"); exit 0 when they agree, 1 otherwise
#   --check     the same on stderr, with what to run; silent when they agree (the build
#               runs this before linking the library)
#   --write     apply that: new names go to the newest version node, sorted; gone names are
#               deleted (from a released node that breaks the ABI: bump the SOVERSION)
#   --declared  print the names the headers declare, one a line, sorted
# The headers are read through the C preprocessor ($CC, default cc): comments and macros do
# not count, only declarations do.
set -eu
mode=diff
case ${1:-} in
--write) mode=write; shift ;;
--check) mode=check; shift ;;
--declared) mode=declared; shift ;;
-h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
-*) echo "usage: $0 [--check | --write | --declared] [SOURCE_DIR]" >&2; exit 2 ;;
esac
SRC=${1:-$(cd "$(dirname "$0")/.." && pwd)}
SYM=$SRC/lib/liboomtool.sym
CC=${CC:-cc}

# Every oomt_ function declared at file scope (not static, not a typedef) and every extern
# object, in the preprocessed text that comes from lib/include/oomtool/.
declared() {
	for h in "$SRC"/lib/include/oomtool/*.h; do
		printf '#include <oomtool/%s>\n' "${h##*/}"
	done | "$CC" -E -std=gnu11 -D_GNU_SOURCE -I"$SRC/lib/include" -x c - |
	awk '
	/^# [0-9]+ "/ { keep = ($3 ~ /\/lib\/include\/oomtool\/[^\/]*\.h"$/); next }
	/^#/ { next }
	keep { text = text " " $0 }
	END {
		gsub(/[{}]/, ";", text)
		n = split(text, stmt, ";")
		for (i = 1; i <= n; i++) {
			s = " " stmt[i]
			if (s ~ /^[ \t]*typedef[^A-Za-z0-9_]/ || s ~ /[^A-Za-z0-9_]static[^A-Za-z0-9_]/)
				continue
			if (match(s, /[^A-Za-z0-9_]oomt_[A-Za-z0-9_]*[ \t]*\(/)) {
				name = substr(s, RSTART + 1, RLENGTH - 1)
			} else if (s ~ /^[ \t]*extern[^A-Za-z0-9_]/) {
				sub(/(\[[^]]*\][ \t]*)*$/, "", s)
				if (!match(s, /[^A-Za-z0-9_]oomt_[A-Za-z0-9_]*[ \t]*$/))
					continue
				name = substr(s, RSTART + 1, RLENGTH - 1)
			} else {
				continue
			}
			sub(/[ \t(]*$/, "", name)
			print name
		}
	}' | LC_ALL=C sort -u
}

# The names the version script lists (in any version node).
listed() {
	sed -n 's/^[ \t]*\([A-Za-z_][A-Za-z0-9_]*\)[ \t]*;.*$/\1/p' "$SYM" | LC_ALL=C sort -u
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/liboomtool-sym.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
declared >"$tmp/declared" || { echo "$0: cannot preprocess the public headers with $CC" >&2; exit 2; }
if [ "$mode" = declared ]; then
	cat "$tmp/declared"
	exit 0
fi
[ -r "$SYM" ] || { echo "$0: cannot read '$SYM'" >&2; exit 2; }
listed >"$tmp/listed"
LC_ALL=C comm -23 "$tmp/declared" "$tmp/listed" >"$tmp/add"
LC_ALL=C comm -13 "$tmp/declared" "$tmp/listed" >"$tmp/remove"

if [ "$mode" = diff ]; then
	sed 's/^/+ /' "$tmp/add"
	sed 's/^/- /' "$tmp/remove"
	[ ! -s "$tmp/add" ] && [ ! -s "$tmp/remove" ]
	exit
fi
if [ "$mode" = check ]; then
	[ ! -s "$tmp/add" ] && [ ! -s "$tmp/remove" ] && exit 0
	{
		echo "lib/liboomtool.sym (liboomtool's export list) differs from what"
		echo "lib/include/oomtool/*.h declare: run lib/liboomtool-sym.sh --write"
		sed 's/^/  + /' "$tmp/add"
		sed 's/^/  - /' "$tmp/remove"
	} >&2
	exit 1
fi

# --write: drop removed names; in the newest node (the last one), print its global names
# plus the new ones, sorted, where its global list ends ("local:" or the closing brace).
last=$(grep -n '^[A-Za-z_][A-Za-z0-9_.]*[ \t]*{' "$SYM" | tail -n 1 | cut -d: -f1)
[ -n "$last" ] || { echo "$0: no version node in '$SYM'" >&2; exit 2; }
awk -v last="$last" -v addfile="$tmp/add" -v rmfile="$tmp/remove" '
BEGIN {
	while ((getline l < rmfile) > 0) gone[l] = 1
	while ((getline l < addfile) > 0) names[++n] = l
}
function flush(   i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && names[j - 1] > names[j]; j--) {
			t = names[j]; names[j] = names[j - 1]; names[j - 1] = t
		}
	for (i = 1; i <= n; i++) print "\t" names[i] ";"
	n = 0
}
{
	sym = $0
	if (sym ~ /^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*;/) {
		sub(/^[ \t]*/, "", sym); sub(/[ \t]*;.*$/, "", sym)
		if (sym in gone) next
		if (NR > last && !done) { names[++n] = sym; next }
	}
	if (NR > last && !done && ($0 ~ /^[ \t]*local[ \t]*:/ || $0 ~ /^[ \t]*}/)) {
		flush(); done = 1
	}
	print
}' "$SYM" >"$tmp/sym"
cat "$tmp/sym" >"$SYM"
sed 's/^/added: /' "$tmp/add"
sed 's/^/removed: /' "$tmp/remove"
